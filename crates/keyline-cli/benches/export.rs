//! `keyline export` of the demo report as a whole process, as a user or a script runs it,
//! against headless Chromium printing the same content from HTML (`--print-to-pdf`), run
//! alternately in one run. A benchmark, not a test: it prints figures for
//! docs/performance.md.
//!
//!     cargo bench -p keyline-cli --bench export [-- RUNS]
//!
//! Makes the demo database with `keyline demo` in a temporary folder, then RUNS times
//! (default 15) runs `keyline export` of the signed demo report, `keyline export` of a draft
//! (the same answers, not signed off: the report is drawn afresh) and Chromium, one after
//! another, and prints the median of each and the ratios. Chromium is skipped with a notice
//! when it is not installed.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use keyline_app::App;

#[path = "../../keyline-report/benches/support/chromium.rs"]
mod chromium;

const KEYLINE: &str = env!("CARGO_BIN_EXE_keyline");

fn median(mut ms: Vec<f64>) -> f64 {
    ms.sort_by(f64::total_cmp);
    ms[ms.len() / 2]
}

/// Runs a command to the end and returns how long it took, in milliseconds.
fn timed(command: &mut Command) -> f64 {
    let start = Instant::now();
    let out = command.output().expect("runs");
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    assert!(
        out.status.success(),
        "{command:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    ms
}

fn keyline(home: &Path, db: &Path) -> Command {
    let mut c = Command::new(KEYLINE);
    c.env("HOME", home)
        .env("KEYLINE_HOME", home.join("keyline-home"))
        .arg("--db")
        .arg(db);
    c
}

fn main() {
    let runs: usize = std::env::args()
        .skip(1)
        .find(|a| a != "--bench")
        .and_then(|a| a.parse().ok())
        .unwrap_or(15);
    let dir = tempfile::tempdir().expect("tempdir");
    let home = dir.path();
    let db = home.join("demo.sqlite3");
    let demo_pdf = home.join("demo.pdf");
    let made = keyline(home, &db)
        .arg("demo")
        .arg("--pdf")
        .arg(&demo_pdf)
        .output()
        .expect("keyline demo");
    assert!(made.status.success(), "keyline demo failed");

    // The signed demo inspection, and a draft with the same answers: its amendment, an
    // unsigned copy whose report is drawn afresh on every export.
    let mut app = App::open(&db).expect("open");
    let signed = app
        .list_inspections()
        .expect("list")
        .into_iter()
        .find(|i| i.signed_record.is_some())
        .expect("the demo holds a signed-off inspection")
        .id;
    let html = keyline_report::render_html(&app.report_model(signed).expect("report model"));
    let draft = app.amend(signed).expect("amend").id;
    drop(app);
    let html_path = home.join("report.html");
    std::fs::write(&html_path, html).expect("write html");

    let export = |id: i64, pdf: &Path| {
        let mut c = keyline(home, &db);
        c.args(["export", &id.to_string(), "--force", "--pdf"])
            .arg(pdf);
        c
    };
    let browser = chromium::find();
    let chrome_pdf = home.join("chromium.pdf");
    let (mut ours, mut drafts, mut theirs) = (vec![], vec![], vec![]);
    // Once each to warm the file cache, not counted.
    timed(&mut export(signed, &home.join("signed.pdf")));
    timed(&mut export(draft, &home.join("draft.pdf")));
    for _ in 0..runs {
        ours.push(timed(&mut export(signed, &home.join("signed.pdf"))));
        drafts.push(timed(&mut export(draft, &home.join("draft.pdf"))));
        if let Some(browser) = &browser {
            let profile = tempfile::tempdir().expect("profile");
            let _ = std::fs::remove_file(&chrome_pdf);
            let start = Instant::now();
            let printed = chromium::print_to_pdf(browser, &html_path, &chrome_pdf, profile.path());
            theirs.push(start.elapsed().as_secs_f64() * 1000.0);
            assert!(printed, "Chromium failed");
            assert!(chrome_pdf.exists(), "Chromium printed no PDF");
        }
    }
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let (ours, drafts) = (median(ours), median(drafts));
    println!("whole-process export of the demo report, {runs} runs each, alternately:");
    println!(
        "  keyline export, signed report: median {ours:>8.1} ms ({} bytes)",
        size(&home.join("signed.pdf"))
    );
    println!(
        "  keyline export, draft:         median {drafts:>8.1} ms ({} bytes)",
        size(&home.join("draft.pdf"))
    );
    if browser.is_none() {
        println!("  chromium: SKIPPED (not installed)");
        return;
    }
    let theirs = median(theirs);
    println!(
        "  chromium --print-to-pdf:       median {theirs:>8.1} ms ({} bytes)",
        size(&chrome_pdf)
    );
    println!(
        "  keyline is {:.0}× faster (signed), {:.0}× (draft)",
        theirs / ours,
        theirs / drafts
    );
}
