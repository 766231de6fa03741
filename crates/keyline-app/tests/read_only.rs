//! A signed-off inspection cannot be changed: not through Keyline (every write is refused
//! with the `Locked` code) and not through plain SQL on the file (the database's triggers
//! refuse it). And when someone gets round the triggers by dropping them, `audit verify`
//! finds the edit.
//!
//! The plain-SQL tests use `rusqlite` directly on the file, with no Keyline code, as a
//! person with a SQLite shell would.

use std::path::{Path, PathBuf};

use keyline_app::dto::{
    ActionChange, ActionStatus, InspectionKind, InspectionStatus, NewAction, NewInspection,
};
use keyline_app::{App, ErrorCode};
use keyline_core::scoring::Answer;
use rusqlite::Connection;

/// The smallest file `infer` recognises as a PNG photo.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0";

const ITEM: &str = "safe.learning-culture";

struct Fixture {
    _dir: tempfile::TempDir,
    db: PathBuf,
    signed: i64,
    open: i64,
    action: i64,
}

fn new_inspection(app: &mut App, service: &str) -> i64 {
    app.create_inspection(NewInspection {
        template_id: "cqc-saf-mh-ward".to_string(),
        template_version: None,
        service: service.to_string(),
        site: "Riverside".to_string(),
        trust: "North Trust".to_string(),
        kind: InspectionKind::Mock,
        date: Some("2025-03-01".to_string()),
        team: "A. Okafor".to_string(),
    })
    .expect("create")
    .id
}

/// A database with one inspection answered in full (with a note, a moderated rating,
/// evidence and an action) and signed off, and one still in progress.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("k.sqlite3");
    let mut app = App::open(&db).expect("open");
    let signed = new_inspection(&mut app, "Ward 7");
    let items: Vec<String> = app
        .open_inspection(signed)
        .expect("view")
        .template
        .sections
        .iter()
        .flat_map(|s| s.items.iter().map(|i| i.id.clone()))
        .collect();
    for item in &items {
        app.answer_text(signed, item, "3", None).expect("answer");
    }
    app.save_note(signed, ITEM, "Incident reviews seen")
        .expect("note");
    app.set_override(signed, "safe", Some(("good", "Moderated at panel")))
        .expect("override");
    app.add_evidence(signed, ITEM, "board.png", PNG)
        .expect("evidence");
    let action = app
        .add_action(NewAction {
            inspection_id: signed,
            item_id: Some(ITEM.to_string()),
            title: "Share lessons at huddles".to_string(),
            owner: "B. Nowak".to_string(),
            due_date: Some("2025-04-01".to_string()),
            priority: None,
            regulations: Vec::new(),
        })
        .expect("action")
        .id;
    app.use_new_identity("Test Signer", "Test NHS Trust")
        .expect("a signing identity");
    app.sign_off(signed, "A. Okafor", "C. Singh")
        .expect("sign off");
    let open = new_inspection(&mut app, "Ward 8");
    app.answer_text(open, ITEM, "2", Some("Gaps in huddles"))
        .expect("answer the open one");
    Fixture {
        _dir: dir,
        db,
        signed,
        open,
        action,
    }
}

fn assert_locked<T: std::fmt::Debug>(what: &str, result: keyline_app::Result<T>) {
    let err = result.expect_err(what);
    assert_eq!(err.code, ErrorCode::Locked, "{what}: {}", err.message);
    assert!(
        err.message.contains("signed off and read-only"),
        "{what}: {}",
        err.message
    );
}

#[test]
fn every_write_through_keyline_is_refused_after_sign_off() {
    let f = fixture();
    let mut app = App::open(&f.db).expect("open");
    app.use_new_identity("Test Signer", "Test NHS Trust")
        .expect("a signing identity");
    let before = app.open_inspection(f.signed).expect("view");
    let id = f.signed;
    assert_locked("answer", app.answer(id, ITEM, Answer::Level(1.0)));
    assert_locked("answer_text", app.answer_text(id, ITEM, "1", None));
    assert_locked(
        "answer_text with a note",
        app.answer_text(id, ITEM, "1", Some("changed")),
    );
    assert_locked("clear_answer", app.clear_answer(id, ITEM));
    assert_locked("save_note", app.save_note(id, ITEM, "changed"));
    assert_locked("remove the note", app.save_note(id, ITEM, ""));
    assert_locked(
        "set_override",
        app.set_override(id, "safe", Some(("outstanding", "changed"))),
    );
    assert_locked("remove the override", app.set_override(id, "safe", None));
    assert_locked("add_evidence", app.add_evidence(id, ITEM, "more.png", PNG));
    assert_locked("sign_off again", app.sign_off(id, "D. Jones", "E. Patel"));

    // Actions are followed up after sign-off, so they stay open to change.
    let updated = app
        .update_action(
            f.action,
            ActionChange {
                status: Some(ActionStatus::Completed),
                owner: Some("D. Jones".to_string()),
                ..ActionChange::default()
            },
        )
        .expect("an action of a signed-off inspection can be updated");
    assert_eq!(updated.status, ActionStatus::Completed);
    app.add_action(NewAction {
        inspection_id: id,
        item_id: None,
        title: "Re-audit in June".to_string(),
        owner: String::new(),
        due_date: None,
        priority: None,
        regulations: Vec::new(),
    })
    .expect("a new action can be raised from a signed-off inspection");

    let after = app.open_inspection(f.signed).expect("view");
    assert_eq!(after.responses, before.responses);
    assert_eq!(after.notes, before.notes);
    assert_eq!(after.overrides, before.overrides);
    assert_eq!(after.evidence, before.evidence);
    assert_eq!(after.sign_off, before.sign_off);
    assert_eq!(after.inspection.status, InspectionStatus::SignedOff);
    let check = app.verify_audit(None).expect("verify");
    assert!(check.intact, "{:?}", check.problems);

    // The open inspection beside it is still writable.
    app.answer_text(f.open, ITEM, "4", None)
        .expect("the other inspection stays open");
}

/// Runs `sql` with plain SQLite and returns the error message it fails with.
fn refused(conn: &Connection, sql: &str) -> String {
    match conn.execute_batch(sql) {
        Ok(()) => panic!("plain SQL was allowed to change a signed-off inspection: {sql}"),
        Err(e) => e.to_string(),
    }
}

fn check_plain_sql_is_refused(db: &Path, cases: &[String], expected: &str) {
    let conn = Connection::open(db).expect("plain open");
    for sql in cases {
        let message = refused(&conn, sql);
        assert!(
            message.contains(expected),
            "{sql}\n  failed with: {message}"
        );
    }
}

fn file_bytes(db: &Path) -> Vec<u8> {
    // Nothing holds the file open, so the last close folded the WAL into it.
    assert!(!db.with_extension("sqlite3-wal").exists());
    std::fs::read(db).expect("read the database")
}

#[test]
fn plain_sql_cannot_change_a_signed_off_inspection() {
    let f = fixture();
    let (s, o) = (f.signed, f.open);
    let before = file_bytes(&f.db);
    let cases: Vec<String> = [
        format!("UPDATE response SET answer = '{{\"kind\":\"level\",\"value\":1}}' WHERE inspection_id = {s}"),
        format!("INSERT INTO response (inspection_id, item_id, answer) VALUES ({s}, 'x', '{{\"kind\":\"yes\"}}')"),
        format!("DELETE FROM response WHERE inspection_id = {s}"),
        format!("UPDATE response SET inspection_id = {o} WHERE inspection_id = {s}"),
        format!("UPDATE note SET text = 'changed' WHERE inspection_id = {s}"),
        format!("INSERT INTO note (inspection_id, item_id, text) VALUES ({s}, 'safe.safeguarding', 'new')"),
        format!("DELETE FROM note WHERE inspection_id = {s}"),
        format!("UPDATE section_override SET rating = 'outstanding' WHERE inspection_id = {s}"),
        format!("INSERT INTO section_override (inspection_id, section_id, rating, justification) VALUES ({s}, 'caring', 'good', 'x')"),
        format!("DELETE FROM section_override WHERE inspection_id = {s}"),
        format!("INSERT INTO evidence (inspection_id, item_id, file_name, media_type, size, sha256, content) VALUES ({s}, 'x', 'a.txt', 'text/plain', 1, '{}', X'41')", "0".repeat(64)),
        format!("DELETE FROM evidence WHERE inspection_id = {s}"),
        format!("UPDATE sign_off SET reviewer = 'Someone Else' WHERE inspection_id = {s}"),
        format!("DELETE FROM sign_off WHERE inspection_id = {s}"),
        format!("UPDATE inspection SET status = 'in-progress' WHERE id = {s}"),
        format!("UPDATE inspection SET service = 'Ward 9' WHERE id = {s}"),
        format!("DELETE FROM inspection WHERE id = {s}"),
        // Upserts take the same path as the statements above.
        format!("INSERT INTO response (inspection_id, item_id, answer) VALUES ({s}, '{ITEM}', '{{\"kind\":\"level\",\"value\":1}}') ON CONFLICT DO UPDATE SET answer = excluded.answer"),
        format!("INSERT OR REPLACE INTO note (inspection_id, item_id, text) VALUES ({s}, '{ITEM}', 'replaced')"),
    ]
    .into_iter()
    .collect();
    check_plain_sql_is_refused(&f.db, &cases, "the inspection is signed off and read-only");
    // Evidence is never edited, in an open inspection or a signed-off one.
    let evidence: Vec<String> = [
        format!("UPDATE evidence SET file_name = 'other.png' WHERE inspection_id = {s}"),
        format!("UPDATE evidence SET media_type = 'application/pdf' WHERE inspection_id = {s}"),
        format!("UPDATE evidence SET inspection_id = {o} WHERE inspection_id = {s}"),
    ]
    .into_iter()
    .collect();
    check_plain_sql_is_refused(&f.db, &evidence, "evidence cannot be changed once attached");

    let audit: Vec<String> = vec![
        "UPDATE audit SET new_value = 'x' WHERE seq = 3".to_string(),
        "DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)".to_string(),
        "DELETE FROM audit".to_string(),
    ];
    check_plain_sql_is_refused(&f.db, &audit, "the audit trail cannot be changed");

    assert_eq!(
        file_bytes(&f.db),
        before,
        "a refused statement changed the file"
    );
    let app = App::open(&f.db).expect("open");
    let check = app.verify_audit(None).expect("verify");
    assert!(check.intact, "{:?}", check.problems);
}

/// `INSERT OR REPLACE` deletes the row it replaces without firing delete triggers (SQLite's
/// default: `recursive_triggers` is off), and `sign_off`, `inspection` and `audit` have no
/// insert trigger, while `evidence`'s checks only the new row's inspection. So each of these
/// statements gets past the lock today.
fn replacements(s: i64, o: i64) -> Vec<(&'static str, String)> {
    vec![
        ("sign-off", format!("INSERT OR REPLACE INTO sign_off (inspection_id, inspector, reviewer, signed_at, fingerprint) VALUES ({s}, 'X', 'Y', '2025-01-01', 'forged')")),
        ("inspection", format!("INSERT OR REPLACE INTO inspection (id, template_id, template_version, service, kind) SELECT id, template_id, template_version, 'Ward 9', kind FROM inspection WHERE id = {s}")),
        ("evidence", format!("INSERT OR REPLACE INTO evidence (id, inspection_id, item_id, file_name, media_type, size, sha256, content) SELECT id, {o}, item_id, file_name, media_type, size, sha256, content FROM evidence WHERE inspection_id = {s}")),
        ("audit", "INSERT OR REPLACE INTO audit SELECT seq, inspection_id, entity, entity_key, field, old_value, 'x', actor, at, prev_hash, hash FROM audit WHERE seq = 3".to_string()),
    ]
}

#[test]
fn plain_sql_cannot_replace_signed_off_rows_or_audit_entries() {
    let f = fixture();
    let conn = Connection::open(&f.db).expect("plain open");
    let allowed: Vec<String> = replacements(f.signed, f.open)
        .into_iter()
        .filter(|(_, sql)| conn.execute_batch(sql).is_ok())
        .map(|(_, sql)| sql)
        .collect();
    assert!(allowed.is_empty(), "allowed: {allowed:#?}");
}

/// Whatever gets past the triggers, `audit verify` still sees.
#[test]
fn audit_verify_finds_replaced_rows() {
    for (what, sql) in replacements(1, 2) {
        let f = fixture();
        assert_eq!((f.signed, f.open), (1, 2));
        // Either the triggers refuse it (once fixed), or verify must find it.
        if Connection::open(&f.db)
            .expect("plain open")
            .execute_batch(&sql)
            .is_err()
        {
            continue;
        }
        let check = verify(&f.db, None);
        assert!(!check.intact, "replacing the {what} went unnoticed");
        let expected = match what {
            "audit" => "breaks at entry 3".to_string(),
            _ => format!("{what} "),
        };
        assert!(
            check.problems.iter().any(|p| p.contains(&expected)),
            "{what}: {:?}",
            check.problems
        );
    }
}

fn tamper(db: &Path, sql: &str) {
    Connection::open(db)
        .expect("plain open")
        .execute_batch(sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

fn verify(db: &Path, inspection: Option<i64>) -> keyline_app::dto::AuditCheck {
    App::open(db)
        .expect("open")
        .verify_audit(inspection)
        .expect("verify")
}

#[test]
fn audit_verify_finds_an_answer_edited_behind_keylines_back() {
    let f = fixture();
    tamper(
        &f.db,
        &format!(
            "DROP TRIGGER response_update_signed_off;
             UPDATE response SET answer = '{{\"kind\":\"level\",\"value\":1}}'
             WHERE inspection_id = {} AND item_id = '{ITEM}'",
            f.signed
        ),
    );
    let check = verify(&f.db, Some(f.signed));
    assert!(!check.intact);
    assert!(
        check
            .problems
            .iter()
            .any(|p| p.contains(ITEM) && p.contains("audit trail says")),
        "{:?}",
        check.problems
    );
    assert!(
        check.problems.iter().any(|p| p.contains("fingerprint")),
        "{:?}",
        check.problems
    );
    // The other inspection is not blamed.
    assert!(verify(&f.db, Some(f.open)).intact);
}

#[test]
fn audit_verify_finds_an_edit_to_an_open_inspection_made_behind_keylines_back() {
    let f = fixture();
    tamper(
        &f.db,
        &format!(
            "UPDATE note SET text = 'No gaps' WHERE inspection_id = {} AND item_id = '{ITEM}'",
            f.open
        ),
    );
    let check = verify(&f.db, Some(f.open));
    assert!(!check.intact);
    assert!(
        check
            .problems
            .iter()
            .any(|p| p.contains(ITEM) && p.contains("No gaps")),
        "{:?}",
        check.problems
    );
}

fn audit_len(db: &Path) -> i64 {
    Connection::open(db)
        .expect("plain open")
        .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .expect("count")
}

#[test]
fn audit_verify_finds_an_edited_audit_entry_at_its_place() {
    let f = fixture();
    let seq = audit_len(&f.db) / 2;
    tamper(
        &f.db,
        &format!(
            "DROP TRIGGER audit_is_append_only_update;
             UPDATE audit SET new_value = '{{\"kind\":\"level\",\"value\":4}}' WHERE seq = {seq}"
        ),
    );
    let check = verify(&f.db, None);
    assert!(!check.intact);
    assert!(
        check.problems.iter().any(|p| p.contains(&format!(
            "the audit trail breaks at entry {seq}: its content was changed"
        ))),
        "{:?}",
        check.problems
    );
}

#[test]
fn audit_verify_finds_a_rewritten_chain_from_the_edit_onwards() {
    // Editing an entry and recomputing its own hash still breaks the next link.
    let f = fixture();
    let seq = audit_len(&f.db) / 2;
    tamper(
        &f.db,
        &format!(
            "DROP TRIGGER audit_is_append_only_update;
             UPDATE audit SET hash = '{}' WHERE seq = {seq}",
            "f".repeat(64)
        ),
    );
    let check = verify(&f.db, None);
    assert!(!check.intact);
    assert!(
        check
            .problems
            .iter()
            .any(|p| p.starts_with(&format!("the audit trail breaks at entry {seq}:"))),
        "{:?}",
        check.problems
    );
}

#[test]
fn audit_verify_finds_the_last_entry_deleted() {
    let f = fixture();
    tamper(
        &f.db,
        "DROP TRIGGER audit_is_append_only_delete;
         DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)",
    );
    let check = verify(&f.db, None);
    assert!(!check.intact);
    // The chain that remains is sound; the data no longer matches it.
    assert!(
        !check.problems.iter().any(|p| p.contains("breaks")),
        "{:?}",
        check.problems
    );
    assert!(!check.problems.is_empty());
}

#[test]
fn audit_verify_finds_a_middle_entry_deleted() {
    let f = fixture();
    let seq = audit_len(&f.db) / 2;
    tamper(
        &f.db,
        &format!(
            "DROP TRIGGER audit_is_append_only_delete;
             DELETE FROM audit WHERE seq = {seq}"
        ),
    );
    let check = verify(&f.db, None);
    assert!(!check.intact);
    assert!(
        check.problems.iter().any(|p| p.contains(&format!(
            "the audit trail breaks at entry {}: entry {seq} is missing",
            seq + 1
        ))),
        "{:?}",
        check.problems
    );
}

/// The trail follows an evidence file's SHA-256 column, not its bytes: replacing the bytes
/// and keeping the column goes unnoticed by `audit verify` today.
#[test]
fn audit_verify_finds_evidence_bytes_replaced_behind_keylines_back() {
    let f = fixture();
    let evidence = App::open(&f.db)
        .expect("open")
        .add_evidence(f.open, ITEM, "board.png", PNG)
        .expect("evidence")
        .id;
    let replace = format!(
        "UPDATE evidence SET content = X'{}' WHERE id = {evidence}",
        "00".repeat(PNG.len())
    );
    // Evidence is never edited, even in an open inspection: the database refuses it...
    check_plain_sql_is_refused(
        &f.db,
        std::slice::from_ref(&replace),
        "evidence cannot be changed once attached",
    );
    // ...and when its rule is taken away first, verify still finds the change.
    tamper(
        &f.db,
        &format!("DROP TRIGGER evidence_is_never_edited; {replace}"),
    );
    let check = verify(&f.db, Some(f.open));
    assert!(!check.intact, "replaced evidence bytes went unnoticed");
}

/// `UPDATE OR REPLACE` that moves an open inspection's rows onto a signed-off one would
/// replace the sealed rows (REPLACE deletes without firing delete triggers): every update
/// trigger checks the row's new inspection as well as its old one.
#[test]
fn plain_sql_cannot_move_rows_onto_a_signed_off_inspection() {
    let f = fixture();
    let (s, o) = (f.signed, f.open);
    {
        let mut app = App::open(&f.db).expect("open");
        app.set_override(o, "safe", Some(("good", "Panel view")))
            .expect("override on the open one");
        app.add_evidence(o, ITEM, "open.png", PNG)
            .expect("evidence on the open one");
    }
    let before = file_bytes(&f.db);
    let sealed_evidence: i64 = Connection::open(&f.db)
        .expect("plain open")
        .query_row(
            &format!("SELECT min(id) FROM evidence WHERE inspection_id = {s}"),
            [],
            |r| r.get(0),
        )
        .expect("sealed evidence");
    let cases: Vec<String> = vec![
        format!("UPDATE OR REPLACE response SET inspection_id = {s} WHERE inspection_id = {o}"),
        format!("UPDATE OR REPLACE note SET inspection_id = {s} WHERE inspection_id = {o}"),
        format!(
            "UPDATE OR REPLACE section_override SET inspection_id = {s} WHERE inspection_id = {o}"
        ),
        format!("UPDATE OR REPLACE inspection SET id = {s} WHERE id = {o}"),
    ];
    check_plain_sql_is_refused(&f.db, &cases, "the inspection is signed off and read-only");
    let evidence = vec![format!(
        "UPDATE OR REPLACE evidence SET id = {sealed_evidence} WHERE inspection_id = {o}"
    )];
    check_plain_sql_is_refused(&f.db, &evidence, "evidence cannot be changed once attached");
    let action = vec![format!(
        "UPDATE action SET inspection_id = {o} WHERE id = {}",
        f.action
    )];
    check_plain_sql_is_refused(&f.db, &action, "an action cannot be moved");
    assert_eq!(
        file_bytes(&f.db),
        before,
        "a refused statement changed the file"
    );
}

/// A stored template version decides the ratings of every inspection that follows it.
#[test]
fn plain_sql_cannot_change_a_stored_template() {
    let f = fixture();
    let before = file_bytes(&f.db);
    let cases: Vec<String> = vec![
        "UPDATE template SET content = replace(content, '\"min\": 88', '\"min\": 20')".to_string(),
        "UPDATE template SET sha256 = 'x' WHERE id = 'monthly-ward-self-assessment'".to_string(),
        "DELETE FROM template WHERE id = 'cqc-saf-mh-ward'".to_string(),
        "INSERT OR REPLACE INTO template (id, version, title, description, content, sha256, shipped)
         SELECT id, version, title, description, '{}', sha256, shipped FROM template
         WHERE id = 'cqc-saf-mh-ward'"
            .to_string(),
    ];
    check_plain_sql_is_refused(&f.db, &cases, "a stored template version cannot be changed");
    assert_eq!(
        file_bytes(&f.db),
        before,
        "a refused statement changed the file"
    );
}

/// With the rule taken away, a template edited behind Keyline's back still shows: `audit
/// verify` re-hashes every stored template, and the sealed record's fingerprint covers the
/// text of the template it follows.
#[test]
fn audit_verify_rehashes_every_stored_template() {
    let f = fixture();
    tamper(
        &f.db,
        "DROP TRIGGER template_is_immutable_update;
         UPDATE template SET content = replace(content, '\"min\": 80', '\"min\": 20')
         WHERE id = 'monthly-ward-self-assessment';
         UPDATE template SET content = replace(content, '\"min\": 88', '\"min\": 20')
         WHERE id = 'cqc-saf-mh-ward';",
    );
    let check = verify(&f.db, None);
    assert!(!check.intact);
    let version = |id: &str| {
        App::open(&f.db)
            .and_then(|app| app.list_templates())
            .expect("list")
            .into_iter()
            .filter(|t| t.id == id)
            .map(|t| t.version)
            .next_back()
            .unwrap_or_default()
    };
    let monthly = format!(
        "template monthly-ward-self-assessment version {} was changed after it was stored",
        version("monthly-ward-self-assessment")
    );
    let saf = format!(
        "template cqc-saf-mh-ward version {} was changed after it was stored",
        version("cqc-saf-mh-ward")
    );
    for expected in [
        monthly.as_str(),
        saf.as_str(),
        "trigger template_is_immutable_update is missing",
        &format!("inspection {} no longer matches the fingerprint", f.signed),
    ] {
        assert!(
            check.problems.iter().any(|p| p.contains(expected)),
            "{expected}: {:?}",
            check.problems
        );
    }
}
