//! The template editor on a real database: drafts saved as typed with the core's problems,
//! preview scored by the core, publishing as a new immutable version, archiving, comparing.

mod common;

use keyline_app::dto::{InspectionKind, NewInspection};
use keyline_app::{App, ErrorCode};
use keyline_core::scoring::{Answer, Response};
use keyline_core::template::{ChangeKind, Template};

fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = App::open(&dir.path().join("k.sqlite3")).expect("open");
    (dir, app)
}

fn content(draft: &keyline_app::dto::TemplateDraft) -> Template {
    serde_json::from_value(draft.content.clone()).expect("a template")
}

fn text(template: &Template) -> String {
    serde_json::to_string(template).expect("json")
}

/// The small template of the issue: two sections, a scale item with descriptors, a yes/no
/// item whose "no" shows a follow-up.
fn small(mut t: Template) -> Template {
    let scale: keyline_core::template::Scale = serde_json::from_value(serde_json::json!({
        "id": "three", "title": "Three levels",
        "levels": [{"value": 1, "label": "Poor"}, {"value": 2, "label": "Fair"}, {"value": 3, "label": "Good"}]
    }))
    .expect("scale");
    t.scales.push(scale);
    t.sections = serde_json::from_value(serde_json::json!([
        {"id": "environment", "title": "Environment", "items": [
            {"id": "clean", "title": "The ward is clean", "prompts": ["Look at the bathrooms"],
             "descriptors": {"1": "Dirty", "2": "Mostly clean", "3": "Spotless"},
             "response": {"type": "scale", "scale": "three"}}
        ]},
        {"id": "staffing", "title": "Staffing", "items": [
            {"id": "rota", "title": "The rota is filled", "response": {"type": "yesNo"},
             "logic": [{"when": {"answerIs": ["no"]}, "then": {"show": ["rota.why"]}}]},
            {"id": "rota.why", "title": "Gaps are escalated", "response": {"type": "yesNo"},
             "followUp": true}
        ]}
    ]))
    .expect("sections");
    t
}

#[test]
fn a_new_template_is_drafted_checked_previewed_published_and_inspected() {
    let (_dir, mut app) = app();
    let draft = app.new_template_draft(None).expect("draft");
    assert_eq!(draft.suggested_version, "1.0");
    assert!(draft.based_on.is_none());
    // The starter's one problem: its section has no items, placed in words.
    assert_eq!(draft.problems.len(), 1, "{:#?}", draft.problems);
    assert_eq!(draft.problems[0].place, "Section 1 “First section”");

    let mut t = content(&draft);
    t.id = "ward-walkround".into();
    t.title = "Ward walk-round".into();
    t = small(t);
    // A mistake: a weight of 0. Saved all the same, and placed by titles.
    t.sections[1].items[0].weight = 0.0;
    let saved = app.save_template_draft(draft.id, &text(&t)).expect("save");
    assert_eq!(saved.problems.len(), 1, "{:#?}", saved.problems);
    assert_eq!(saved.problems[0].path, "$.sections[1].items[0].weight");
    assert_eq!(
        saved.problems[0].place,
        "Section 2 “Staffing”, item 1 “The rota is filled”, weight"
    );
    // It was saved: reopening shows the mistake as typed.
    let reopened = app.template_draft(draft.id).expect("reopen");
    assert_eq!(content(&reopened).sections[1].items[0].weight, 0.0);
    // A preview is refused while there are problems, in words.
    let refused = App::preview_template_draft(&text(&t), &[]).expect_err("problems");
    assert_eq!(refused.code, ErrorCode::InvalidTemplate);
    assert!(
        refused.message.contains("Section 2 “Staffing”"),
        "{}",
        refused.message
    );
    // Publishing is refused too, and nothing is published.
    let refused = app
        .publish_template_draft(draft.id, "1.0")
        .expect_err("problems");
    assert_eq!(refused.code, ErrorCode::InvalidTemplate);
    assert!(app
        .list_templates()
        .expect("list")
        .iter()
        .all(|s| s.id != "ward-walkround"));

    t.sections[1].items[0].weight = 1.0;
    let saved = app.save_template_draft(draft.id, &text(&t)).expect("save");
    assert!(saved.problems.is_empty(), "{:#?}", saved.problems);

    // Preview: the follow-up shows only once "no" is answered; scores come from the core.
    let hidden = App::preview_template_draft(&text(&t), &[]).expect("preview");
    let why = |p: &keyline_app::dto::Progress| {
        p.item_states
            .iter()
            .find(|s| s.item_id == "rota.why")
            .expect("state")
            .visible
    };
    assert!(!why(&hidden));
    let answers = [
        Response::new("clean", Answer::Level(3.0)),
        Response::new("rota", Answer::No),
    ];
    let shown = App::preview_template_draft(&text(&t), &answers).expect("preview");
    assert!(why(&shown));
    assert_eq!(shown.score.sections[0].rating.as_deref(), Some("met"));
    // An answer that does not fit is refused in words.
    let bad = App::preview_template_draft(&text(&t), &[Response::new("clean", Answer::Level(7.0))])
        .expect_err("not a level");
    assert_eq!(bad.code, ErrorCode::InvalidInput);

    let published = app
        .publish_template_draft(draft.id, "1.0")
        .expect("publish");
    assert_eq!(
        (published.id.as_str(), published.version.as_str()),
        ("ward-walkround", "1.0")
    );
    assert!(app.template_draft(draft.id).is_err(), "the draft is gone");
    // A stored version never changes: publishing 1.0 again is refused with the next version.
    let again = app
        .new_template_draft(Some(("ward-walkround", "1.0")))
        .expect("copy");
    assert_eq!(again.suggested_version, "1.1");
    let refused = app
        .publish_template_draft(again.id, "1.0")
        .expect_err("same version");
    assert_eq!(refused.code, ErrorCode::Conflict);
    assert!(refused.message.contains("1.1"), "{}", refused.message);

    let id = common::start_inspection(&mut app, "ward-walkround", "Ward 9");
    app.answer(id, "clean", Answer::Level(2.0)).expect("answer");
    let view = app.open_inspection(id).expect("view");
    assert_eq!(view.inspection.template_version, "1.0");
    assert_eq!(view.responses.len(), 1);
}

#[test]
fn a_shipped_template_edited_into_a_new_version_says_what_changed() {
    let (_dir, mut app) = app();
    let library = app.template_library().expect("library");
    let saf = library
        .templates
        .iter()
        .rfind(|t| t.id == "cqc-saf-mh-ward")
        .expect("shipped SAF")
        .clone();
    assert!(saf.shipped);
    let draft = app
        .new_template_draft(Some((&saf.id, &saf.version)))
        .expect("copy");
    assert!(draft.problems.is_empty());
    let mut t = content(&draft);
    let first = t.sections[0].items[0].title.clone();
    t.sections[0].items[0].weight = 2.0;
    app.save_template_draft(draft.id, &text(&t)).expect("save");
    let changes = app.compare_draft(draft.id).expect("compare draft");
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_eq!(changes[0].kind, ChangeKind::Reweighted);
    assert!(changes[0].place.contains(&first));

    let listed = app.template_library().expect("library");
    assert_eq!(listed.drafts.len(), 1);
    assert_eq!(listed.drafts[0].problems, 0);
    assert_eq!(
        listed.drafts[0]
            .based_on
            .as_ref()
            .map(|b| b.version.clone()),
        Some(saf.version.clone())
    );

    let version = draft.suggested_version.clone();
    app.publish_template_draft(draft.id, &version)
        .expect("publish");
    let changes = app
        .compare_template_versions(&saf.id, &saf.version, &version)
        .expect("compare");
    assert_eq!(changes[0].words, "weight 1 → 2");
    // Inspections start on the newest version; one started before keeps its own.
    let id = common::start_inspection(&mut app, &saf.id, "Ward 1");
    assert_eq!(
        app.open_inspection(id)
            .expect("view")
            .inspection
            .template_version,
        version
    );
}

#[test]
fn an_archived_version_is_kept_but_not_offered() {
    let (_dir, mut app) = app();
    let monthly = app
        .list_templates()
        .expect("list")
        .into_iter()
        .rfind(|t| t.id == "monthly-ward-self-assessment")
        .expect("monthly");
    let before = common::start_inspection(&mut app, &monthly.id, "Ward 2");
    let archived = app
        .archive_template(&monthly.id, &monthly.version, true)
        .expect("archive");
    assert!(archived.archived);
    assert_eq!(archived.inspections, 1);
    // The inspection on it still opens and answers.
    app.open_inspection(before).expect("still opens");
    // New inspections are refused on it, in words that say how to undo.
    let refused = app
        .create_inspection(NewInspection {
            template_id: monthly.id.clone(),
            template_version: Some(monthly.version.clone()),
            service: "Ward 3".into(),
            site: String::new(),
            trust: String::new(),
            kind: InspectionKind::SelfAssessment,
            date: None,
            team: String::new(),
        })
        .expect_err("archived");
    assert_eq!(refused.code, ErrorCode::Conflict);
    assert!(refused.message.contains("restore"), "{}", refused.message);
    // Undo.
    let restored = app
        .archive_template(&monthly.id, &monthly.version, false)
        .expect("restore");
    assert!(!restored.archived);
    common::start_inspection(&mut app, &monthly.id, "Ward 3");
}

#[test]
fn drafts_are_deleted_and_bad_saves_lose_nothing() {
    let (_dir, mut app) = app();
    let draft = app.new_template_draft(None).expect("draft");
    let second = app.new_template_draft(None).expect("second");
    // Two new templates do not share an id.
    assert_ne!(
        content(&draft).id,
        content(&second).id,
        "each new template gets its own id"
    );
    // Not JSON: refused, and the saved draft is as it was.
    let refused = app
        .save_template_draft(draft.id, "{ not json")
        .expect_err("not json");
    assert_eq!(refused.code, ErrorCode::InvalidInput);
    assert_eq!(
        content(&app.template_draft(draft.id).expect("open")),
        content(&draft)
    );
    // Too big: refused before reading.
    let huge = format!("{{\"title\": \"{}\"}}", "x".repeat(6 * 1024 * 1024));
    assert_eq!(
        app.save_template_draft(draft.id, &huge)
            .expect_err("too big")
            .code,
        ErrorCode::InvalidInput
    );
    // Structurally wrong but JSON: saved, with the problem placed.
    let mut value = draft.content.clone();
    value["sections"][0]["items"] = serde_json::json!([{"id": "a", "title": "A", "response": {"type": "yesNo"}, "weight": "heavy"}]);
    let saved = app
        .save_template_draft(draft.id, &value.to_string())
        .expect("saved as typed");
    assert_eq!(saved.problems.len(), 1, "{:#?}", saved.problems);
    assert_eq!(
        saved.problems[0].place,
        "Section 1 “First section”, item 1 “A”, weight"
    );
    app.delete_template_draft(draft.id).expect("delete");
    assert_eq!(
        app.delete_template_draft(draft.id).expect_err("gone").code,
        ErrorCode::NotFound
    );
    assert_eq!(app.template_library().expect("library").drafts.len(), 1);
}
