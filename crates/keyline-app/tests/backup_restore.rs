//! Backups and restores: a backup taken while another connection is saving answers is an
//! intact database holding every answer committed before it was taken; a restore checks
//! the file first and leaves the current database untouched when it refuses.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use keyline_app::{App, ErrorCode};
use keyline_store::Store;
use rusqlite::{Connection, OpenFlags};

fn new_database(dir: &Path) -> (PathBuf, i64) {
    let db = dir.join("k.sqlite3");
    let mut app = App::open(&db).expect("open");
    let id = common::start_inspection(&mut app, "cqc-saf-mh-ward", "Ward 7");
    (db, id)
}

/// The note of every item (the writer's step counter), read with plain SQL.
fn notes(db: &Path, id: i64) -> BTreeMap<String, u64> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open");
    let mut stmt = conn
        .prepare("SELECT item_id, text FROM note WHERE inspection_id = ?1")
        .expect("prepare");
    let rows = stmt
        .query_map([id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })
        .expect("query");
    rows.map(|r| {
        let (item, text) = r.expect("row");
        (item, text.parse().expect("a step number"))
    })
    .collect()
}

#[test]
fn a_backup_taken_while_another_connection_writes_holds_every_committed_answer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, id) = new_database(dir.path());
    let app = App::open(&db).expect("the backing-up app");
    let items = common::items(&app, id);

    // Another connection (as the CLI would be) saves answers as fast as it can, recording
    // the last step whose save has returned.
    let committed = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (db, items) = (db.clone(), items.clone());
        let (committed, stop) = (Arc::clone(&committed), Arc::clone(&stop));
        std::thread::spawn(move || {
            let mut app = App::open(&db).expect("the writing app");
            let mut step = 1_u64;
            while !stop.load(Ordering::SeqCst) {
                let item = &items[(step % items.len() as u64) as usize];
                let level = (step % 4 + 1).to_string();
                app.answer_text(id, item, &level, Some(&step.to_string()))
                    .expect("save");
                committed.store(step, Ordering::SeqCst);
                step += 1;
            }
            step - 1
        })
    };

    let mut checked = 0;
    for n in 0..5 {
        std::thread::sleep(Duration::from_millis(50));
        let before = committed.load(Ordering::SeqCst);
        let out = dir.path().join(format!("backup-{n}.sqlite3"));
        app.backup(&out).expect("backup while writing");
        let check = Store::check_file(&out).expect("the backup is an intact Keyline database");
        assert_eq!(check.schema_version, Store::schema_version());
        assert_eq!(check.inspections, 1);

        // Every item saved at or before `before` holds at least its last step up to then.
        let held = notes(&out, id);
        let n_items = items.len() as u64;
        for step in before.saturating_sub(n_items - 1).max(1)..=before {
            let item = &items[(step % n_items) as usize];
            let got = held.get(item).copied().unwrap_or(0);
            assert!(
                got >= step,
                "backup {n}: {item} holds step {got}, but step {step} was committed before the backup"
            );
        }
        checked += 1;
    }
    stop.store(true, Ordering::SeqCst);
    let total = writer.join().expect("the writer thread");
    assert!(
        total > 0,
        "the writer saved something while the backups ran"
    );
    assert_eq!(checked, 5);
    assert!(app.verify_audit(None).expect("verify").intact);
}

#[test]
fn a_backup_never_overwrites_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, _) = new_database(dir.path());
    let out = dir.path().join("notes.txt");
    std::fs::write(&out, "my notes").expect("write");
    let err = App::open(&db)
        .expect("open")
        .backup(&out)
        .expect_err("an existing file is not overwritten");
    assert_eq!(err.code, ErrorCode::Io);
    assert_eq!(std::fs::read(&out).expect("read"), b"my notes");
}

/// Every file in the folder and the SHA-256 of its bytes, leaving out the `-shm` and `-wal`
/// files SQLite makes beside a WAL-mode file it reads (see
/// `checking_a_backup_leaves_nothing_beside_it`).
fn snapshot(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .expect("list")
        .filter(|e| {
            let name = e.as_ref().expect("entry").file_name();
            let name = name.to_string_lossy();
            !(name.ends_with("-shm") || name.ends_with("-wal"))
        })
        .map(|e| {
            let e = e.expect("entry");
            (
                e.file_name().to_string_lossy().into_owned(),
                keyline_store::sha256_hex(&std::fs::read(e.path()).expect("read")),
            )
        })
        .collect()
}

#[test]
fn restore_refuses_a_file_that_is_not_a_database_and_leaves_the_current_one_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, _) = new_database(dir.path());
    let bad = dir.path().join("holiday.jpg");
    std::fs::write(&bad, b"\xff\xd8\xff\xe0 not a database at all".repeat(200)).expect("write");
    let before = snapshot(dir.path());
    let err = keyline_app::restore(&db, &bad).expect_err("refused");
    assert_eq!(err.code, ErrorCode::NotADatabase, "{}", err.message);
    assert!(err.message.contains("holiday.jpg"), "{}", err.message);
    assert_eq!(snapshot(dir.path()), before);

    let missing = dir.path().join("nowhere.sqlite3");
    let err = keyline_app::restore(&db, &missing).expect_err("refused");
    assert_eq!(err.code, ErrorCode::Io, "{}", err.message);
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn restore_refuses_a_backup_from_a_newer_keyline_and_leaves_the_current_one_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, _) = new_database(dir.path());
    let newer = dir.path().join("newer.sqlite3");
    App::open(&db)
        .expect("open")
        .backup(&newer)
        .expect("backup");
    Connection::open(&newer)
        .expect("plain open")
        .pragma_update(None, "user_version", Store::schema_version() + 1)
        .expect("pretend a newer Keyline wrote it");
    let before = snapshot(dir.path());
    let err = keyline_app::restore(&db, &newer).expect_err("refused");
    assert_eq!(err.code, ErrorCode::DatabaseTooNew, "{}", err.message);
    assert!(
        err.message.contains("newer version of Keyline"),
        "{}",
        err.message
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn restore_brings_back_a_good_backup() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, id) = new_database(dir.path());
    let backup = dir.path().join("backup.sqlite3");
    {
        let mut app = App::open(&db).expect("open");
        app.answer_text(id, "safe.learning-culture", "3", Some("as backed up"))
            .expect("answer");
        app.backup(&backup).expect("backup");
        app.answer_text(id, "safe.learning-culture", "1", Some("after the backup"))
            .expect("answer");
        app.answer_text(id, "safe.safeguarding", "2", None)
            .expect("answer");
    }
    let report = keyline_app::restore(&db, &backup).expect("restore");
    assert_eq!(report.inspections, 1);
    assert_eq!(report.schema_version, Store::schema_version());

    let app = App::open(&db).expect("open the restored database");
    let view = app.open_inspection(id).expect("view");
    assert_eq!(view.responses.len(), 1);
    assert_eq!(view.notes.len(), 1);
    assert_eq!(view.notes[0].text, "as backed up");
    let check = app.verify_audit(None).expect("verify");
    assert!(check.intact, "{:?}", check.problems);
    let integrity: String = Connection::open(&db)
        .expect("plain open")
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(integrity, "ok");
}

/// A backup made by `App::backup` is a WAL-mode file; checking it read-only (as `restore`
/// does first) leaves `-shm` and `-wal` files beside it, in the user's backup folder.
/// Opening it with `immutable=1`, or making backups in rollback-journal mode, would avoid
/// that (and would let a backup on read-only media be checked).
#[test]
fn checking_a_backup_leaves_nothing_beside_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, _) = new_database(dir.path());
    let backups = tempfile::tempdir().expect("tempdir");
    let backup = backups.path().join("backup.sqlite3");
    App::open(&db)
        .expect("open")
        .backup(&backup)
        .expect("backup");
    Store::check_file(&backup).expect("a good backup");
    let mut names: Vec<String> = std::fs::read_dir(backups.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["backup.sqlite3"]);
}

/// A backup of `db` with one answer, in `dir/name`; the inspection's id.
fn answered_backup(dir: &Path, name: &str) -> (PathBuf, PathBuf, i64) {
    let (db, id) = new_database(dir);
    let mut app = App::open(&db).expect("open");
    app.answer_text(id, "safe.learning-culture", "3", Some("Seen"))
        .expect("answer");
    let backup = dir.join(name);
    app.backup(&backup).expect("backup");
    (db, backup, id)
}

#[test]
fn restore_refuses_a_backup_whose_seal_was_taken_apart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, backup, _) = answered_backup(dir.path(), "backup.sqlite3");
    Connection::open(&backup)
        .expect("plain open")
        .execute_batch("DROP TRIGGER response_update_signed_off; PRAGMA journal_mode = DELETE;")
        .expect("take a trigger away");
    let before = snapshot(dir.path());
    let err = keyline_app::restore(&db, &backup).expect_err("refused");
    assert_eq!(err.code, ErrorCode::NotADatabase, "{}", err.message);
    assert!(
        err.message
            .contains("trigger response_update_signed_off is missing"),
        "{}",
        err.message
    );
    assert_eq!(
        snapshot(dir.path()),
        before,
        "nothing was replaced or left behind"
    );
}

#[test]
fn restore_refuses_a_backup_whose_audit_trail_does_not_verify() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, backup, id) = answered_backup(dir.path(), "backup.sqlite3");
    // An open inspection's answer edited with plain SQL: the triggers allow it, the trail
    // does not record it.
    Connection::open(&backup)
        .expect("plain open")
        .execute_batch(&format!(
            "UPDATE response SET answer = '{{\"kind\":\"level\",\"value\":1}}' WHERE inspection_id = {id};
             PRAGMA journal_mode = DELETE;"
        ))
        .expect("edit behind Keyline's back");
    let before = snapshot(dir.path());
    let err = keyline_app::restore(&db, &backup).expect_err("refused");
    assert!(
        err.message.contains("audit trail does not verify"),
        "{}",
        err.message
    );
    assert!(
        err.message.contains("safe.learning-culture"),
        "{}",
        err.message
    );
    assert_eq!(
        snapshot(dir.path()),
        before,
        "nothing was replaced or left behind"
    );
}

/// Restoring a backup from before the audit trail existed gives it the same starting point
/// that opening it would: the restored database verifies.
#[test]
fn restoring_an_older_schema_backup_writes_the_audit_baseline() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, _) = new_database(dir.path());
    let old =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/migrations/v2.sqlite3");
    let backup = dir.path().join("v2-backup.sqlite3");
    std::fs::copy(&old, &backup).expect("copy the fixture");
    let backup_bytes = std::fs::read(&backup).expect("read");
    let report = keyline_app::restore(&db, &backup).expect("restore");
    assert_eq!(report.schema_version, 2);
    assert_eq!(
        std::fs::read(&backup).expect("read"),
        backup_bytes,
        "the backup is untouched"
    );
    let app = App::open(&db).expect("open the restored database");
    assert_eq!(app.list_inspections().expect("list").len(), 2);
    let check = app.verify_audit(None).expect("verify");
    assert!(check.intact, "{:?}", check.problems);
}

/// A backup is written under a temporary name and renamed once complete: the folder never
/// holds a partial backup, nor any temporary file afterwards.
#[test]
fn a_backup_leaves_only_the_backup_behind() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, id) = new_database(dir.path());
    let out_dir = dir.path().join("backups");
    std::fs::create_dir(&out_dir).expect("mkdir");
    let app = App::open(&db).expect("open");
    app.backup(&out_dir.join("b.sqlite3")).expect("backup");
    let names: Vec<String> = std::fs::read_dir(&out_dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["b.sqlite3"]);
    let restored = App::open(&out_dir.join("b.sqlite3")).expect("the backup opens");
    assert!(restored.open_inspection(id).is_ok());

    let missing = dir.path().join("no-such-folder/b.sqlite3");
    let err = app.backup(&missing).expect_err("refused");
    assert!(err.message.contains("does not exist"), "{}", err.message);
    assert!(!dir.path().join("no-such-folder").exists());
}
