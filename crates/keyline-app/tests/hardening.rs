//! The edges: concurrent writers, writes that must be all or nothing, files that are not
//! what they claim to be, and PDFs built to exhaust whoever reads them.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use keyline_app::dto::{ActionChange, ActionStatus, NewAction};
use keyline_app::{files, App, ErrorCode};
use rusqlite::Connection;

const ITEM: &str = "safe.learning-culture";

/// A database with one inspection answered in full, ready to sign off.
fn answered(dir: &Path) -> (PathBuf, i64) {
    let db = dir.join("k.sqlite3");
    let mut app = App::open(&db).expect("open");
    let id = common::start_inspection(&mut app, "cqc-saf-mh-ward", "Ward 7");
    for item in common::items(&app, id) {
        app.answer_text(id, &item, "3", None).expect("answer");
    }
    (db, id)
}

/// While another window keeps changing answers, sign-off checks, fingerprints and seals one
/// state of the record: whatever the timing, the sealed fingerprint is that of the data the
/// database holds, and every answer the other window saved is either in the sealed record
/// or was refused.
#[test]
fn sign_off_seals_exactly_what_it_checked_while_another_window_writes() {
    for round in 0..6 {
        let dir = tempfile::tempdir().expect("tempdir");
        let (db, id) = answered(dir.path());
        let stop = Arc::new(AtomicBool::new(false));
        let writer = {
            let (db, stop) = (db.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut app = App::open(&db).expect("open the second window");
                let mut n = 0_u64;
                while !stop.load(Ordering::Relaxed) {
                    let value = if n.is_multiple_of(2) { "2" } else { "4" };
                    match app.answer_text(id, ITEM, value, Some(&format!("step {n}"))) {
                        Ok(_) => n += 1,
                        Err(e) if e.code == ErrorCode::Locked => break,
                        Err(e) if e.code == ErrorCode::Busy => continue,
                        Err(e) => panic!("the second window failed: {e:?}"),
                    }
                }
                n
            })
        };
        std::thread::sleep(std::time::Duration::from_millis(20 + 10 * round));
        let mut app = App::open(&db).expect("open");
        app.use_new_identity("Test Signer", "Test NHS Trust")
            .expect("a signing identity");
        app.sign_off(id, "A. Okafor", "C. Singh").expect("sign off");
        stop.store(true, Ordering::Relaxed);
        writer.join().expect("the writer ends");
        let check = app.verify_audit(None).expect("verify");
        assert!(check.intact, "round {round}: {:?}", check.problems);
    }
}

/// Two windows change one action's status at once: each change is recorded from the status
/// it really replaced, so the history reads as one unbroken sequence.
#[test]
fn concurrent_action_updates_keep_an_unbroken_history() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("k.sqlite3");
    let action = {
        let mut app = App::open(&db).expect("open");
        let id = common::start_inspection(&mut app, "cqc-saf-mh-ward", "Ward 7");
        app.add_action(NewAction {
            inspection_id: id,
            item_id: None,
            title: "Review huddles".to_string(),
            owner: String::new(),
            due_date: None,
            priority: None,
            regulations: Vec::new(),
        })
        .expect("action")
        .id
    };
    let statuses = [
        ActionStatus::InProgress,
        ActionStatus::Completed,
        ActionStatus::NotStarted,
    ];
    let workers: Vec<_> = (0..3)
        .map(|w| {
            let db = db.clone();
            std::thread::spawn(move || {
                let mut app = App::open(&db).expect("open");
                for i in 0..40 {
                    let status = statuses[(i + w) % statuses.len()];
                    loop {
                        match app.update_action(
                            action,
                            ActionChange {
                                status: Some(status),
                                ..ActionChange::default()
                            },
                        ) {
                            Ok(_) => break,
                            Err(e) if e.code == ErrorCode::Busy => continue,
                            Err(e) => panic!("{e:?}"),
                        }
                    }
                }
            })
        })
        .collect();
    for w in workers {
        w.join().expect("worker");
    }
    let app = App::open(&db).expect("open");
    let history = app
        .list_actions(None)
        .expect("list")
        .into_iter()
        .find(|a| a.id == action)
        .expect("the action")
        .history;
    for pair in history.windows(2) {
        assert_eq!(
            pair[1].from.as_ref(),
            Some(&pair[0].to),
            "a change was recorded from a status that had already been replaced: {history:?}"
        );
    }
    let check = app.verify_audit(None).expect("verify");
    assert!(check.intact, "{:?}", check.problems);
}

/// An amendment that fails part-way (here: the database refuses its notes) leaves no
/// half-made inspection behind.
#[test]
fn an_amendment_is_made_whole_or_not_at_all() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, id) = answered(dir.path());
    {
        let mut app = App::open(&db).expect("open");
        app.save_note(id, ITEM, "Seen").expect("note");
        app.use_new_identity("Test Signer", "Test NHS Trust")
            .expect("a signing identity");
        app.sign_off(id, "A. Okafor", "C. Singh").expect("sign off");
    }
    Connection::open(&db)
        .expect("plain open")
        .execute_batch(
            "CREATE TRIGGER refuse_notes BEFORE INSERT ON note
             BEGIN SELECT RAISE(ABORT, 'the disk failed'); END;",
        )
        .expect("a failure to come");
    let mut app = App::open(&db).expect("open");
    let before = app.list_inspections().expect("list").len();
    app.amend(id).expect_err("the amendment fails");
    assert_eq!(
        app.list_inspections().expect("list").len(),
        before,
        "a half-made amendment was left behind"
    );
}

#[cfg(unix)]
#[test]
fn files_that_are_not_ordinary_files_or_too_large_are_refused_before_reading() {
    let dir = tempfile::tempdir().expect("tempdir");
    let refuse = |path: &Path, kind: files::FileKind, says: &str| {
        let err = files::read(path, kind).expect_err("refused");
        assert!(
            err.message.contains(says),
            "{}: {}",
            path.display(),
            err.message
        );
    };
    refuse(
        Path::new("/dev/zero"),
        files::EVIDENCE,
        "not an ordinary file",
    );
    refuse(dir.path(), files::TEMPLATE, "is a folder");
    let link = dir.path().join("photo.jpg");
    std::os::unix::fs::symlink("/dev/zero", &link).expect("symlink");
    refuse(&link, files::EVIDENCE, "not an ordinary file");
    let fifo = dir.path().join("pipe.pdf");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    // No writer ever opens the pipe: a reader that waited for one would hang here.
    refuse(&fifo, files::REPORT_PDF, "not an ordinary file");
    let huge = dir.path().join("huge.pdf");
    std::fs::File::create(&huge)
        .and_then(|f| f.set_len(2 * 1024 * 1024 * 1024))
        .expect("a sparse 2 GB file");
    refuse(&huge, files::REPORT_PDF, "is 2.0 GB");
    refuse(
        Path::new("/no/such/file.json"),
        files::TEMPLATE,
        "there is no file at",
    );

    let fine = dir.path().join("ok.txt");
    std::fs::write(&fine, b"seen").expect("write");
    assert_eq!(files::read(&fine, files::EVIDENCE).expect("read"), b"seen");
}

/// A small PDF whose first page's content inflates to far more than any page holds.
fn pdf_bomb(inflated: usize) -> Vec<u8> {
    use lopdf::{dictionary, Document, Object, Stream};
    let mut zeros = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let block = vec![b' '; 1 << 20];
    for _ in 0..inflated / block.len() {
        zeros.write_all(&block).expect("compress");
    }
    let compressed = zeros.finish().expect("compress");
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let content = doc.add_object(Stream::new(
        dictionary! { "Filter" => "FlateDecode" },
        compressed,
    ));
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page.into()],
            "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("save");
    bytes
}

#[test]
fn a_pdf_that_inflates_beyond_any_report_is_refused() {
    let bomb = pdf_bomb(64 << 20);
    assert!(
        bomb.len() < 2 << 20,
        "the bomb is small: {} bytes",
        bomb.len()
    );
    let app = App::open_in_memory().expect("open");
    let err = app.verify_report(&bomb).expect_err("refused");
    assert_eq!(err.code, ErrorCode::InvalidInput, "{}", err.message);
    assert!(
        err.message.contains("not a Keyline report PDF"),
        "{}",
        err.message
    );
}
