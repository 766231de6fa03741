//! Exports the demo inspection (Larch Ward: 34 items, 12 actions, two photos) with
//! `keyline_report::render`, and in the same run has headless Chromium print the same
//! content from HTML (`--print-to-pdf`). Prints median times and sizes of both.
//!
//!     cargo bench -p keyline-report --bench export
//!
//! The PDFs and the HTML are left in `target/report-bench/` to look at.
//! `KEYLINE_BENCH_RUNS` (default 30) and `KEYLINE_BENCH_BROWSER_RUNS` (default 5) set the
//! number of runs; Chromium is skipped with a notice when it is not installed.

#[path = "support/chromium.rs"]
mod chromium;
#[path = "../tests/common/mod.rs"]
mod common;

use std::path::Path;
use std::time::{Duration, Instant};

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn runs(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(default)
}

fn main() {
    let out_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/report-bench");
    std::fs::create_dir_all(&out_dir).expect("create target/report-bench");
    let report = common::larch_ward(true);
    let options = common::options();

    // Warm up once, then time.
    let pdf = keyline_report::render(&report, &options).expect("renders");
    let n = runs("KEYLINE_BENCH_RUNS", 30);
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let start = Instant::now();
        let bytes = keyline_report::render(&report, &options).expect("renders");
        times.push(start.elapsed());
        assert_eq!(bytes.len(), pdf.len(), "deterministic output");
    }
    let ours = median(times);
    std::fs::write(out_dir.join("keyline.pdf"), &pdf).expect("write pdf");

    let mut no_photos = report.clone();
    for s in &mut no_photos.sections {
        for item in &mut s.items {
            for e in &mut item.evidence {
                e.image = None;
            }
        }
    }
    let draft = keyline_report::render(&common::larch_ward(false), &options).expect("renders");
    std::fs::write(out_dir.join("keyline-draft.pdf"), &draft).expect("write pdf");
    let plain = keyline_report::render(&no_photos, &options).expect("renders");
    std::fs::write(out_dir.join("keyline-no-photos.pdf"), &plain).expect("write pdf");
    let pages = lopdf::Document::load_mem(&pdf)
        .map(|d| d.get_pages().len())
        .unwrap_or(0);

    println!("keyline-report export of the demo inspection ({pages} pages)");
    println!(
        "  printpdf:  median {:>8.1} ms over {n} runs, {:>7} bytes ({} bytes without photos)",
        ours.as_secs_f64() * 1000.0,
        pdf.len(),
        plain.len()
    );

    let Some(browser) = chromium::find() else {
        println!("  chromium:  SKIPPED (not installed)");
        return;
    };
    let html_path = out_dir.join("report.html");
    std::fs::write(&html_path, keyline_report::render_html(&report)).expect("write html");
    let chrome_pdf = out_dir.join("chromium.pdf");
    let m = runs("KEYLINE_BENCH_BROWSER_RUNS", 5);
    let mut times = Vec::with_capacity(m);
    for i in 0..m {
        let profile = tempfile::tempdir().expect("temp profile");
        let _ = std::fs::remove_file(&chrome_pdf);
        let start = Instant::now();
        let ok = chromium::print_to_pdf(&browser, &html_path, &chrome_pdf, profile.path());
        let elapsed = start.elapsed();
        if !ok || !chrome_pdf.exists() {
            println!("  chromium:  run {i} failed; skipping the comparison");
            return;
        }
        times.push(elapsed);
    }
    let theirs = median(times);
    let size = std::fs::metadata(&chrome_pdf).map(|m| m.len()).unwrap_or(0);
    println!(
        "  chromium:  median {:>8.1} ms over {m} runs, {:>7} bytes (--headless --print-to-pdf, fresh profile each run)",
        theirs.as_secs_f64() * 1000.0,
        size
    );
    println!(
        "  printpdf is {:.0}× faster",
        theirs.as_secs_f64() / ours.as_secs_f64().max(1e-9)
    );
}
