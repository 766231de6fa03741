//! Must-do and should-do actions through the app: suggested from the item, kept with the
//! record, capping the key question they breach, and fixed once the inspection is signed off.

use keyline_app::dto::{ActionChange, InspectionKind, NewAction, NewInspection, Priority};
use keyline_app::{App, ErrorCode};
use keyline_core::scoring::Answer;

const TEMPLATE: &str = r##"{
  "id": "ward-walk", "version": "1.0", "title": "Ward walk", "description": "Test.", "source": "Tests",
  "regulations": [
    { "number": "12", "title": "Safe care and treatment" },
    { "number": "18", "title": "Staffing" }
  ],
  "scales": [ { "id": "s", "title": "Score", "levels": [
    { "value": 1, "label": "Significant shortfalls" }, { "value": 2, "label": "Some shortfalls" },
    { "value": 3, "label": "Good standard" }, { "value": 4, "label": "Exceptional standard" } ] } ],
  "ratings": [
    { "id": "good", "label": "Good", "colour": "#007f3b" },
    { "id": "ri", "label": "Requires improvement", "colour": "#ffb81c" },
    { "id": "inadequate", "label": "Inadequate", "colour": "#d5281b" } ],
  "banding": { "rounding": { "decimals": 0, "mode": "halfUp", "statement": "Halves round up." },
    "bands": [ { "rating": "inadequate", "min": 0, "max": 38 }, { "rating": "ri", "min": 39, "max": 62 },
               { "rating": "good", "min": 63, "max": 100 } ] },
  "caps": { "critical": "ri", "breach": "ri" },
  "overall": { "rules": [], "default": "good" },
  "sections": [
    { "id": "safe", "title": "Safe", "items": [
      { "id": "risk", "title": "Involving people to manage risks", "response": { "type": "scale", "scale": "s" },
        "regulations": ["12"] },
      { "id": "staffing", "title": "Safe and effective staffing", "response": { "type": "scale", "scale": "s" },
        "regulations": ["18", "12"] },
      { "id": "learning", "title": "Learning culture", "response": { "type": "scale", "scale": "s" } }
    ] }
  ]
}"##;

fn setup() -> (App, i64) {
    let mut app = App::open_in_memory().expect("open");
    app.import_template("test", TEMPLATE.as_bytes())
        .expect("the template imports");
    let id = app
        .create_inspection(NewInspection {
            template_id: "ward-walk".into(),
            template_version: None,
            service: "Ward 7".into(),
            site: String::new(),
            trust: String::new(),
            kind: InspectionKind::Mock,
            date: Some("2026-11-20".into()),
            team: String::new(),
        })
        .expect("start")
        .id;
    for (item, level) in [("risk", 3.0), ("staffing", 2.0), ("learning", 3.0)] {
        app.answer(id, item, Answer::Level(level)).expect("answer");
    }
    (app, id)
}

fn action(id: i64, item: &str, priority: Option<Priority>, regulations: &[&str]) -> NewAction {
    NewAction {
        inspection_id: id,
        item_id: Some(item.into()),
        title: format!("Put right {item}"),
        owner: "Ward manager".into(),
        due_date: None,
        priority,
        regulations: regulations.iter().map(|r| r.to_string()).collect(),
    }
}

#[test]
fn a_must_do_takes_the_items_regulations_and_caps_its_key_question() {
    let (mut app, id) = setup();
    // 8 of 12 = 66.7%, rounded to 67%: Good on the numbers.
    assert_eq!(
        app.score(id).expect("score").sections[0].rating.as_deref(),
        Some("good")
    );
    let suggested = app.suggest_priority(id, "staffing").expect("suggestion");
    assert_eq!(
        suggested.priority,
        Priority::ShouldDo,
        "{}",
        suggested.reason
    );

    let must = app
        .add_action(action(id, "staffing", Some(Priority::MustDo), &[]))
        .expect("a must do");
    assert_eq!(must.priority, Some(Priority::MustDo));
    let labels: Vec<&str> = must.regulations.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Regulation 18: Staffing",
            "Regulation 12: Safe care and treatment"
        ]
    );
    let safe = app.score(id).expect("score").sections[0].clone();
    assert_eq!(safe.rating.as_deref(), Some("ri"));
    assert!(
        safe.explanation.contains("a breach of regulation 12 (Safe care and treatment) and regulation 18 (Staffing) was found"),
        "{}",
        safe.explanation
    );
    // A should do does not cap; turning the must do into one lifts the cap.
    app.update_action(
        must.id,
        ActionChange {
            priority: Some(Some(Priority::ShouldDo)),
            ..ActionChange::default()
        },
    )
    .expect("change the priority before sign-off");
    assert_eq!(
        app.score(id).expect("score").sections[0].rating.as_deref(),
        Some("good")
    );
    // The change is in the audit trail, which still verifies.
    assert!(app.verify_audit(Some(id)).expect("audit").intact);
}

#[test]
fn a_must_do_must_cite_a_regulation() {
    let (mut app, id) = setup();
    let err = app
        .add_action(action(id, "learning", Some(Priority::MustDo), &[]))
        .expect_err("learning cites no regulation");
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(
        err.message.contains("needs the regulation"),
        "{}",
        err.message
    );
    let err = app
        .add_action(action(id, "learning", Some(Priority::MustDo), &["21"]))
        .expect_err("21 is not a regulation");
    assert!(err.message.contains("\"21\""), "{}", err.message);
    let typed = app
        .add_action(action(
            id,
            "learning",
            Some(Priority::MustDo),
            &["Reg 17", "20a"],
        ))
        .expect("typed as people type them");
    let numbers: Vec<&str> = typed
        .regulations
        .iter()
        .map(|r| r.number.as_str())
        .collect();
    assert_eq!(numbers, ["17", "20A"]);
    assert_eq!(
        typed.regulations[0].label, "Regulation 17",
        "not in the template: no title"
    );
    assert!(
        app.list_actions(Some(id)).expect("list").len() == 1,
        "nothing half-written"
    );
}

#[test]
fn after_sign_off_the_findings_stay_as_signed() {
    let (mut app, id) = setup();
    app.answer(id, "risk", Answer::Level(1.0)).expect("answer");
    let suggested = app.suggest_priority(id, "risk").expect("suggestion");
    assert_eq!(suggested.priority, Priority::MustDo);
    assert_eq!(suggested.regulations, ["12"]);
    let must = app
        .add_action(action(id, "risk", Some(suggested.priority), &[]))
        .expect("must do");
    app.use_new_identity("A. Okafor", "North Trust")
        .expect("identity");
    app.sign_off(id, "A. Okafor", "B. Nowak").expect("sign off");
    let signed_score = app.score(id).expect("score");

    let err = app
        .add_action(action(id, "staffing", Some(Priority::MustDo), &["18"]))
        .expect_err("no must do after sign-off");
    assert_eq!(err.code, ErrorCode::Locked);
    assert!(err.message.contains("amend"), "{}", err.message);
    let err = app
        .update_action(
            must.id,
            ActionChange {
                priority: Some(None),
                ..ActionChange::default()
            },
        )
        .expect_err("a signed finding cannot be dropped");
    assert_eq!(err.code, ErrorCode::Locked);
    // A should do can still be raised, and follow-up goes on; the score does not move.
    app.add_action(action(id, "staffing", Some(Priority::ShouldDo), &[]))
        .expect("a should do after sign-off");
    assert_eq!(app.score(id).expect("score"), signed_score);
    // The signed report lists the must do with the regulation it breaches.
    let model = app.report_model(id).expect("report model");
    let listed: Vec<(&str, &[String])> = model
        .actions
        .iter()
        .map(|a| (a.priority.as_str(), a.regulations.as_slice()))
        .collect();
    assert!(
        listed.contains(&(
            "must-do",
            &["Regulation 12: Safe care and treatment".to_string()][..]
        )),
        "{listed:?}"
    );
    assert!(app.verify_audit(None).expect("audit").intact);
}
