//! Undo where it matters: an inspection started by mistake, an action raised wrongly and a
//! photo attached to the wrong item can be taken back while the inspection is open, each
//! recorded in the audit trail; once signed off, none of them can.

mod common;

use keyline_app::dto::{ActionChange, ActionStatus, NewAction};
use keyline_app::{App, ErrorCode};

const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0,
    1, 0, 0, 0, 1, 8, 6, 0, 0, 0,
];

/// A two-item walk round, small enough to answer whole and sign off.
const TEMPLATE: &str = r##"{
  "id": "undo-walk", "version": "1.0", "title": "Walk round", "description": "Test.", "source": "Tests",
  "scales": [ { "id": "s", "title": "Score", "levels": [
    { "value": 1, "label": "Shortfalls" }, { "value": 2, "label": "Good standard" } ] } ],
  "ratings": [
    { "id": "good", "label": "Good", "colour": "#007f3b" },
    { "id": "ri", "label": "Requires improvement", "colour": "#ffb81c" } ],
  "banding": { "rounding": { "decimals": 0, "mode": "halfUp", "statement": "Halves round up." },
    "bands": [ { "rating": "ri", "min": 0, "max": 62 }, { "rating": "good", "min": 63, "max": 100 } ] },
  "overall": { "rules": [], "default": "good" },
  "sections": [ { "id": "safe", "title": "Safe", "items": [
    { "id": "clinic", "title": "Clinic room checks", "response": { "type": "scale", "scale": "s" } },
    { "id": "fridge", "title": "Fridge temperatures", "response": { "type": "scale", "scale": "s" } }
  ] } ]
}"##;

/// An open inspection with both items answered and a note: ready to sign off.
fn open_with_answers() -> (App, i64, String) {
    let mut app = App::open_in_memory().expect("open");
    app.import_template("undo-walk.json", TEMPLATE.as_bytes())
        .expect("the template imports");
    let id = common::start_inspection(&mut app, "undo-walk", "Willow Ward");
    let item = "clinic".to_string();
    app.answer_text(id, &item, "2", None).expect("answer");
    app.answer_text(id, "fridge", "1", None).expect("answer");
    app.save_note(id, &item, "Checked at 10:00").expect("note");
    (app, id, item)
}

fn new_action(inspection_id: i64, item: &str, title: &str) -> NewAction {
    NewAction {
        inspection_id,
        item_id: Some(item.to_string()),
        title: title.to_string(),
        owner: "Ward manager".to_string(),
        due_date: Some("2026-12-31".to_string()),
        priority: None,
        regulations: Vec::new(),
    }
}

#[test]
fn an_unsigned_inspection_is_deleted_whole_and_the_trail_says_so() {
    let (mut app, id, item) = open_with_answers();
    let keep = common::start_inspection(&mut app, "undo-walk", "Oak Ward");
    app.add_evidence(id, &item, "clinic-room.png", PNG)
        .expect("evidence");
    app.add_action(new_action(id, &item, "Fix the fridge log"))
        .expect("action");

    let gone = app.delete_inspection(id).expect("deleted");
    assert_eq!(gone.service, "Willow Ward");

    let left: Vec<i64> = app
        .list_inspections()
        .expect("list")
        .iter()
        .map(|i| i.id)
        .collect();
    assert_eq!(left, vec![keep], "only the other inspection is left");
    assert!(app.list_actions(None).expect("actions").is_empty());
    assert_eq!(
        app.open_inspection(id).expect_err("gone").code,
        ErrorCode::NotFound
    );

    let check = app.verify_audit(None).expect("verify");
    assert!(
        check.intact,
        "the trail still verifies: {:?}",
        check.problems
    );
}

#[test]
fn deleting_leaves_a_trail_entry_for_each_value_removed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("keyline.sqlite3");
    let id = {
        let mut app = App::open(&db).expect("open");
        let id = common::start_inspection(&mut app, "monthly-ward-self-assessment", "Willow Ward");
        let item = common::items(&app, id)[0].clone();
        app.answer_text(id, &item, "yes", None).expect("answer");
        app.delete_inspection(id).expect("deleted");
        id
    };
    let store = keyline_store::Store::open(&db).expect("store");
    let entries = store.audit_entries(Some(id)).expect("entries");
    let removals: Vec<_> = entries.iter().filter(|e| e.new.is_none()).collect();
    for field in ["answer", "facts", "status", "uid"] {
        assert!(
            removals.iter().any(|e| e.field == field && e.old.is_some()),
            "the deletion of the inspection's {field} is recorded: {removals:?}"
        );
    }
    assert!(store.verify_audit(None).expect("verify").intact());
}

#[test]
fn a_signed_off_inspection_is_never_deleted() {
    let (mut app, id, item) = open_with_answers();
    app.use_new_identity("A. Okafor", "North Trust")
        .expect("identity");
    app.add_evidence(id, &item, "assessment.png", PNG)
        .expect("evidence");
    app.sign_off(id, "A. Okafor", "B. Nowak").expect("sign off");
    let e = app.delete_inspection(id).expect_err("refused");
    assert_eq!(e.code, ErrorCode::Locked);
    assert!(e.message.contains("amend"), "{}", e.message);
    assert!(app.open_inspection(id).is_ok(), "it is still there");
}

#[test]
fn an_action_is_edited_and_deleted_while_open_and_kept_once_signed_off() {
    let (mut app, id, item) = open_with_answers();
    let a = app
        .add_action(new_action(id, &item, "Fix teh fridge log"))
        .expect("action");
    assert_eq!(a.item_title.as_deref().map(str::is_empty), Some(false));

    let edited = app
        .update_action(
            a.id,
            ActionChange {
                title: Some("  Fix the fridge log  ".into()),
                owner: Some("Charge nurse".into()),
                due_date: Some(None),
                ..ActionChange::default()
            },
        )
        .expect("edited");
    assert_eq!(edited.title, "Fix the fridge log");
    assert_eq!(edited.owner, "Charge nurse");
    assert_eq!(edited.due_date, None);

    let blank = app
        .update_action(
            a.id,
            ActionChange {
                title: Some("   ".into()),
                ..ActionChange::default()
            },
        )
        .expect_err("a blank title is refused");
    assert_eq!(blank.code, ErrorCode::InvalidInput);

    let done = app
        .update_action(
            a.id,
            ActionChange {
                status: Some(ActionStatus::Completed),
                ..ActionChange::default()
            },
        )
        .expect("completed");
    let completed_at = done.completed_at.clone().expect("a completion date");
    assert_eq!(
        Some(&completed_at),
        done.history.last().map(|c| &c.at),
        "completed when it was last marked completed"
    );
    let reopened = app
        .update_action(
            a.id,
            ActionChange {
                status: Some(ActionStatus::InProgress),
                ..ActionChange::default()
            },
        )
        .expect("reopened");
    assert_eq!(
        reopened.completed_at, None,
        "no completion date once reopened"
    );

    let second = app
        .add_action(new_action(id, &item, "Raised twice"))
        .expect("second");
    let deleted = app.delete_action(second.id).expect("deleted");
    assert_eq!(deleted.title, "Raised twice");
    let titles: Vec<String> = app
        .list_actions(Some(id))
        .expect("list")
        .into_iter()
        .map(|a| a.title)
        .collect();
    assert_eq!(titles, vec!["Fix the fridge log".to_string()]);
    assert!(app.verify_audit(None).expect("verify").intact);

    app.use_new_identity("A. Okafor", "North Trust")
        .expect("identity");
    app.add_evidence(id, &item, "assessment.png", PNG)
        .expect("evidence");
    app.sign_off(id, "A. Okafor", "B. Nowak").expect("sign off");
    let e = app.delete_action(a.id).expect_err("kept");
    assert_eq!(e.code, ErrorCode::Locked);
    // Follow-up goes on after sign-off: the owner can still change.
    app.update_action(
        a.id,
        ActionChange {
            owner: Some("Matron".into()),
            ..ActionChange::default()
        },
    )
    .expect("owner changes after sign-off");
}

#[test]
fn evidence_is_removed_while_open_and_kept_once_signed_off() {
    let (mut app, id, item) = open_with_answers();
    let wrong = app
        .add_evidence(id, &item, "wrong-ward.png", PNG)
        .expect("evidence");
    let right = app
        .add_evidence(id, &item, "clinic-room.png", PNG)
        .expect("evidence");
    let removed = app.remove_evidence(wrong.id).expect("removed");
    assert_eq!(removed.file_name, "wrong-ward.png");
    let names: Vec<String> = app
        .open_inspection(id)
        .expect("view")
        .evidence
        .into_iter()
        .map(|e| e.file_name)
        .collect();
    assert_eq!(names, vec!["clinic-room.png".to_string()]);
    assert_eq!(
        app.remove_evidence(wrong.id)
            .expect_err("already gone")
            .code,
        ErrorCode::NotFound
    );
    assert!(app.verify_audit(None).expect("verify").intact);

    app.use_new_identity("A. Okafor", "North Trust")
        .expect("identity");
    app.sign_off(id, "A. Okafor", "B. Nowak").expect("sign off");
    assert_eq!(
        app.remove_evidence(right.id).expect_err("kept").code,
        ErrorCode::Locked
    );
}

#[test]
fn deleting_one_inspection_leaves_the_others_as_they_were() {
    // Deleting one inspection never touches another's rows or trail.
    let (mut app, id, item) = open_with_answers();
    let other = common::start_inspection(&mut app, "undo-walk", "Oak Ward");
    app.answer_text(other, &item, "1", None).expect("answer");
    let before = app.open_inspection(other).expect("view");
    app.delete_inspection(id).expect("deleted");
    let after = app.open_inspection(other).expect("view");
    assert_eq!(before.responses, after.responses);
    assert!(app.verify_audit(Some(other)).expect("verify").intact);
}

#[test]
fn the_database_itself_refuses_to_delete_a_signed_off_action() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("keyline.sqlite3");
    let action = {
        let mut app = App::open(&db).expect("open");
        app.import_template("undo-walk.json", TEMPLATE.as_bytes())
            .expect("the template imports");
        let id = common::start_inspection(&mut app, "undo-walk", "Willow Ward");
        app.answer_text(id, "clinic", "2", None).expect("answer");
        app.answer_text(id, "fridge", "2", None).expect("answer");
        let a = app
            .add_action(new_action(id, "clinic", "Keep the log"))
            .expect("action");
        app.use_new_identity("A. Okafor", "North Trust")
            .expect("identity");
        app.sign_off(id, "A. Okafor", "B. Nowak").expect("sign off");
        a.id
    };
    // Behind Keyline's back, with plain SQL: the trigger still says no.
    let conn = rusqlite::Connection::open(&db).expect("plain open");
    let err = conn
        .execute("DELETE FROM action WHERE id = ?1", [action])
        .expect_err("refused");
    assert!(err.to_string().contains("signed-off"), "{err}");
}
