//! How fast Keyline refuses what it must not read: a small PDF whose first page unpacks to
//! 760 MB (given to `verify`), a pipe and a 2 GB file handed as evidence. Each must be
//! refused at once, not after reading. Run with `cargo bench -p keyline-app --bench
//! refusals`; the figures are recorded in `docs/performance.md`.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use keyline_app::{files, App};

const RUNS: usize = 20;

fn median(mut samples: Vec<Duration>) -> f64 {
    samples.sort();
    samples[samples.len() / 2].as_secs_f64() * 1000.0
}

/// A PDF whose one page's content stream inflates to `inflated` bytes of spaces.
fn pdf_bomb(inflated: usize) -> Vec<u8> {
    use lopdf::{dictionary, Document, Object, Stream};
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let block = vec![b' '; 1 << 20];
    for _ in 0..inflated / block.len() {
        z.write_all(&block).expect("compress");
    }
    let mut doc = Document::with_version("1.7");
    let pages = doc.new_object_id();
    let content = doc.add_object(Stream::new(
        dictionary! { "Filter" => "FlateDecode" },
        z.finish().expect("compress"),
    ));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages, "Contents" => content,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("save");
    bytes
}

fn time(mut f: impl FnMut()) -> f64 {
    median(
        (0..RUNS)
            .map(|_| {
                let started = Instant::now();
                f();
                started.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let app = App::open_in_memory().expect("open");
    let bomb = pdf_bomb(760 << 20);
    let bomb_ms = time(|| {
        app.verify_report(&bomb).expect_err("refused");
    });

    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("pipe.jpg");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    let huge = dir.path().join("huge.jpg");
    std::fs::File::create(&huge)
        .and_then(|f| f.set_len(2 << 30))
        .expect("sparse file");
    let refuse = |p: &Path| {
        files::read(p, files::EVIDENCE).expect_err("refused");
    };
    let fifo_ms = made.is_ok().then(|| time(|| refuse(&fifo)));
    let huge_ms = time(|| refuse(&huge));

    println!();
    println!("| refusal (median of {RUNS}, ms) | |");
    println!("|---|---:|");
    println!(
        "| `verify` of a {} KB PDF whose page unpacks to 760 MB | {bomb_ms:.2} |",
        bomb.len() / 1024
    );
    if let Some(ms) = fifo_ms {
        println!("| a named pipe handed as evidence | {ms:.3} |");
    }
    println!("| a 2 GB file handed as evidence | {huge_ms:.3} |");
}
