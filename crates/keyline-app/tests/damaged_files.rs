//! Files Keyline cannot use safely: a damaged SQLite database, one written by a newer
//! Keyline, and one another process is holding a write lock on. Each gets a clear error with
//! its own code, and a file Keyline cannot read is never written to.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use keyline_app::{App, ErrorCode};
use rusqlite::Connection;

const ITEM: &str = "safe.learning-culture";

/// A closed database with one inspection, answered in part, and its file's bytes.
fn database(dir: &Path) -> (PathBuf, i64) {
    let db = dir.join("k.sqlite3");
    let mut app = App::open(&db).expect("open");
    let id = common::start_inspection(&mut app, "cqc-saf-mh-ward", "Ward 7");
    for (n, item) in [
        "safe.learning-culture",
        "safe.safe-systems",
        "caring.kindness-dignity",
    ]
    .iter()
    .enumerate()
    {
        app.answer_text(id, item, "3", Some(&format!("note {n}")))
            .expect("answer");
    }
    drop(app);
    assert!(!db.with_extension("sqlite3-wal").exists(), "closed cleanly");
    (db, id)
}

/// Everything in the folder, by name, so a test can see nothing was written or created.
fn snapshot(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| {
            let e = e.expect("entry");
            (
                e.file_name().to_string_lossy().into_owned(),
                keyline_store::sha256_hex(&std::fs::read(e.path()).expect("read")),
            )
        })
        .collect();
    files.sort();
    files
}

fn page_size(db: &Path) -> usize {
    let header = std::fs::read(db).expect("read");
    match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65536,
        n => usize::from(n),
    }
}

/// Overwrites `pages` whole pages from page `first` (counting from 0) with a pattern.
fn damage(db: &Path, first: usize, pages: usize) {
    let mut bytes = std::fs::read(db).expect("read");
    let size = page_size(db);
    assert!(
        bytes.len() >= (first + pages) * size,
        "the file has the pages"
    );
    for (i, b) in bytes[first * size..(first + pages) * size]
        .iter_mut()
        .enumerate()
    {
        *b = (i % 251) as u8;
    }
    std::fs::write(db, bytes).expect("write");
}

/// Whatever Keyline makes of a damaged file, it says so plainly and writes nothing to it.
fn check_damaged(dir: &Path, db: &Path, id: i64) {
    let before = snapshot(dir);
    let outcome = App::open(db).and_then(|mut app| {
        app.open_inspection(id)?;
        app.answer_text(id, ITEM, "1", None)?;
        Ok(())
    });
    let err = outcome.expect_err("a damaged database is not used as if it were sound");
    println!("{:?}: {}", err.code, err.message);
    assert!(
        matches!(err.code, ErrorCode::NotADatabase | ErrorCode::Database),
        "{:?}: {}",
        err.code,
        err.message
    );
    let message = err.message.to_lowercase();
    assert!(
        message.contains("damaged") || message.contains("malformed"),
        "the message says the file is damaged: {}",
        err.message
    );
    let after: Vec<_> = snapshot(dir)
        .into_iter()
        .filter(|(name, _)| !name.ends_with("-shm") && !name.ends_with("-wal"))
        .collect();
    assert_eq!(after, before, "the damaged file was changed");
}

#[test]
fn a_database_damaged_in_its_tables_gets_a_clear_error_and_is_not_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, id) = database(dir.path());
    let pages = std::fs::metadata(&db).expect("stat").len() as usize / page_size(&db);
    // Keep the first page (the header and the schema's root) and damage the middle.
    damage(&db, pages / 2, 2);
    check_damaged(dir.path(), &db, id);
}

#[test]
fn a_database_damaged_in_its_schema_gets_a_clear_error_and_is_not_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, id) = database(dir.path());
    // The first page past the 100-byte header holds the start of the schema table.
    let mut bytes = std::fs::read(&db).expect("read");
    for b in &mut bytes[100..1000] {
        *b = 0x5a;
    }
    std::fs::write(&db, bytes).expect("write");
    check_damaged(dir.path(), &db, id);
}

#[test]
fn a_damaged_file_is_refused_as_a_backup_and_by_restore() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, _) = database(dir.path());
    let backup = dir.path().join("backup.sqlite3");
    std::fs::copy(&db, &backup).expect("copy");
    let pages = std::fs::metadata(&backup).expect("stat").len() as usize / page_size(&backup);
    damage(&backup, pages / 2, 2);
    let before = std::fs::read(&db).expect("read");
    let err = keyline_app::restore(&db, &backup).expect_err("a damaged backup is refused");
    assert_eq!(err.code, ErrorCode::NotADatabase, "{}", err.message);
    assert!(err.message.contains("damaged"), "{}", err.message);
    assert_eq!(std::fs::read(&db).expect("read"), before);
}

#[test]
fn a_write_while_another_process_holds_the_lock_fails_clearly_after_the_timeout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, id) = database(dir.path());
    let mut app = App::open(&db).expect("open");

    let other = Connection::open(&db).expect("plain open");
    other
        .execute_batch(
            "BEGIN IMMEDIATE; UPDATE inspection SET team = 'holding the lock' WHERE id = 1",
        )
        .expect("the other connection takes the write lock");

    // Reading goes on: WAL lets readers past a writer.
    let view = app.open_inspection(id).expect("reading is not blocked");
    assert_eq!(view.responses.len(), 3);

    let started = Instant::now();
    let err = app
        .answer_text(id, ITEM, "1", Some("while locked"))
        .expect_err("the write cannot get the lock");
    let waited = started.elapsed();
    assert_eq!(err.code, ErrorCode::Busy, "{}", err.message);
    assert!(
        err.message.contains("busy") && err.message.contains("try again"),
        "{}",
        err.message
    );
    assert!(
        waited >= Duration::from_secs(4),
        "the write waited for the other process first ({waited:?})"
    );

    // Nothing was half-written, and once the other process lets go the write goes through.
    other.execute_batch("ROLLBACK").expect("release");
    let view = app.open_inspection(id).expect("view");
    let held = view
        .responses
        .iter()
        .find(|r| r.item_id == ITEM)
        .expect("answered");
    assert_eq!(
        serde_json::to_value(&held.answer).expect("json"),
        serde_json::json!({"kind": "level", "value": 3.0})
    );
    app.answer_text(id, ITEM, "1", Some("after the lock"))
        .expect("the write goes through once the lock is free");
    assert!(app.verify_audit(None).expect("verify").intact);
}

#[test]
fn a_write_waits_for_a_short_lock_instead_of_failing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, id) = database(dir.path());
    let mut app = App::open(&db).expect("open");
    let other = Connection::open(&db).expect("plain open");
    other
        .execute_batch("BEGIN IMMEDIATE")
        .expect("take the lock");
    let releaser = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        other.execute_batch("COMMIT").expect("release");
    });
    app.answer_text(id, ITEM, "2", Some("waited"))
        .expect("the write waits for the lock and goes through");
    releaser.join().expect("releaser");
}

/// Bytes damaged inside an evidence file's pages are invisible to SQLite (it keeps no
/// checksums) and today to Keyline too: the file opens, `audit verify` says intact and the
/// damaged photo is handed out as if it were the one attached. Re-hashing evidence content
/// against its stored SHA-256 in `verify` (and when handing a file out) would catch it.
#[test]
fn damaged_evidence_bytes_are_found_by_audit_verify() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, id) = database(dir.path());
    let text = "Observation log line\n".repeat(20_000);
    let evidence = {
        let mut app = App::open(&db).expect("open");
        app.add_evidence(id, ITEM, "log.txt", text.as_bytes())
            .expect("evidence")
            .id
    };
    // Damage the middle of one page full of the file's content (an overflow page), leaving
    // the page's link to the next one intact.
    let mut bytes = std::fs::read(&db).expect("read");
    let size = page_size(&db);
    let content_pages: Vec<usize> = (0..bytes.len() / size)
        .map(|p| p * size)
        .filter(|&p| {
            let w = &bytes[p + 100..p + 400];
            w.windows(11).any(|x| x == b"Observation") && (0..279).all(|i| w[i] == w[i + 21])
        })
        .collect();
    assert!(content_pages.len() > 10, "the evidence fills pages");
    let at = content_pages[content_pages.len() / 2] + 100;
    bytes[at..at + 50].copy_from_slice(&[b'#'; 50]);
    std::fs::write(&db, bytes).expect("write");

    let app = App::open(&db).expect("the file still opens");
    let (_, content) = app.evidence_file(evidence).expect("the file is handed out");
    assert_ne!(content, text.as_bytes(), "the damage is in the evidence");
    let check = app.verify_audit(None).expect("verify");
    assert!(!check.intact, "damaged evidence went unnoticed");
}
