//! Records that travel, timed: importing a bundle of 10,000 signed records (each a full
//! 34-statement inspection), and verifying one signed report. A benchmark, not a test: it
//! prints figures for docs/performance.md.
//!
//!     cargo bench -p keyline-app --bench exchange [-- RECORDS]
//!
//! The 10,000 records are made from the demo inspection: its signed record, given a new
//! global id and signed again with the same key, so every record in the bundle is a real,
//! distinct, signed 34-statement inspection (the bundle carries no report PDFs for them:
//! making 10,000 PDFs would time rendering, not import). One bundle of 200 with their signed
//! reports is timed too.

use std::io::{Read, Write};
use std::time::Instant;

use keyline_app::exchange::Selection;
use keyline_app::identity::Home;
use keyline_app::{App, Overwrite};

fn main() {
    let records: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let home = Home::at(dir.path().join("home"));
    let identity = home
        .create_identity("A. Okafor", "North NHS FT", 1_763_942_400)
        .expect("identity");
    home.trust(identity.certificate()).expect("trust");

    // One real signed-off demo inspection, exported as a bundle of one.
    let source = dir.path().join("source.sqlite3");
    let mut app = App::open(&source).expect("open");
    app.use_home(home.clone()).expect("home");
    let id = app.create_demo().expect("demo");
    let one = dir.path().join("one.keyline");
    app.export_bundle(&one, &Selection::default(), Overwrite::Refuse)
        .expect("export");
    let report = app
        .export_pdf(id, "2026-11-23T10:00:00Z")
        .expect("pdf")
        .bytes;

    // Verify one report, with no database.
    let mut times = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        let c = keyline_app::verify::verify_pdf(&report, &home, None).expect("verify");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(c.matches, "{}", c.message);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "verify one signed report ({} bytes, 9 pages, re-drawn and compared): median {:.1} ms, max {:.1} ms (30 runs)",
        report.len(),
        times[times.len() / 2],
        times[times.len() - 1]
    );

    // A bundle of `records` distinct signed records.
    let mut zin = zip::ZipArchive::new(std::fs::File::open(&one).expect("open")).expect("zip");
    let mut entries = Vec::new();
    for i in 0..zin.len() {
        let mut e = zin.by_index(i).expect("entry");
        let name = e.name().expect("name").to_string();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).expect("read");
        entries.push((name, bytes));
    }
    let (_, record_file) = entries
        .iter()
        .find(|(n, _)| n.starts_with("records/"))
        .expect("a record");
    let template: serde_json::Value = serde_json::from_slice(record_file).expect("json");
    let mut manifest: serde_json::Value = serde_json::from_slice(
        &entries
            .iter()
            .find(|(n, _)| n == "manifest.json")
            .expect("manifest")
            .1,
    )
    .expect("manifest");
    let made = Instant::now();
    let big = dir.path().join("big.keyline");
    let mut zout = zip::ZipWriter::new(std::fs::File::create(&big).expect("create"));
    let options = zip::write::SimpleFileOptions::default();
    let mut listed = Vec::new();
    for _ in 0..records {
        let mut file = template.clone();
        let uid = uuid::Uuid::now_v7().to_string();
        file["record"]["id"] = uid.clone().into();
        let bytes = serde_json_canonicalizer::to_vec(&file["record"]).expect("jcs");
        file["signature"] = hex::encode(identity.sign(&bytes)).into();
        zout.start_file(format!("records/{uid}.json"), options)
            .expect("start");
        zout.write_all(&serde_json::to_vec(&file).expect("json"))
            .expect("write");
        listed.push(serde_json::json!({"id": uid, "sha256": sha(&bytes), "report": false}));
    }
    for (name, bytes) in &entries {
        if name.starts_with("templates/") || name.starts_with("evidence/") {
            zout.start_file(name.as_str(), options).expect("start");
            zout.write_all(bytes).expect("write");
        }
    }
    manifest["records"] = listed.into();
    zout.start_file("manifest.json", options).expect("start");
    zout.write_all(&serde_json::to_vec(&manifest).expect("json"))
        .expect("write");
    zout.finish().expect("finish");
    let size = std::fs::metadata(&big).expect("size").len();
    println!(
        "made a bundle of {records} signed records ({:.1} MB) in {:.1} s",
        size as f64 / 1e6,
        made.elapsed().as_secs_f64()
    );

    let target = dir.path().join("board.sqlite3");
    let mut board = App::open(&target).expect("open");
    board.use_home(home.clone()).expect("home");
    let t = Instant::now();
    let r = board.import_file(&big).expect("import");
    let first = t.elapsed().as_secs_f64();
    assert_eq!(r.imported.len(), records);
    let t = Instant::now();
    let r = board.import_file(&big).expect("import again");
    let again = t.elapsed().as_secs_f64();
    assert_eq!(r.already_here as usize, records);
    println!(
        "import {records} signed records into an empty database: {first:.1} s ({:.2} ms a record); again (all already here): {again:.1} s",
        first * 1000.0 / records as f64
    );

    // 200 with their signed reports: real sign-offs, then one bundle.
    let n = 200.min(records);
    let many = dir.path().join("many.sqlite3");
    let mut app = App::open(&many).expect("open");
    app.use_home(home.clone()).expect("home");
    let t = Instant::now();
    for _ in 0..n {
        app.create_demo().expect("demo");
    }
    let sign = t.elapsed().as_secs_f64();
    let with_reports = dir.path().join("reports.keyline");
    let t = Instant::now();
    let b = app
        .export_bundle(&with_reports, &Selection::default(), Overwrite::Refuse)
        .expect("export");
    let export = t.elapsed().as_secs_f64();
    let fresh = dir.path().join("fresh.sqlite3");
    let mut other = App::open(&fresh).expect("open");
    other.use_home(home).expect("home");
    let t = Instant::now();
    other.import_file(&with_reports).expect("import");
    let import = t.elapsed().as_secs_f64();
    println!(
        "{n} demo inspections made and signed off with their reports: {:.0} ms each; bundle of {} records with reports ({:.1} MB) exported in {export:.1} s, imported in {import:.1} s ({:.1} ms a record)",
        sign * 1000.0 / n as f64,
        b.records,
        b.bytes as f64 / 1e6,
        import * 1000.0 / n as f64
    );
}

fn sha(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}
