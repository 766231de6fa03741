//! What the template's logic asks of each item reaches the screens from the core: the view
//! and every answer's result carry the states `keyline_core::scoring::item_states` computes
//! from the stored answers, notes and evidence, and sign-off checks the same states (so a
//! follow-up hidden by a later answer blocks nothing). Blank written answers are refused.
//! Uses `tests/fixtures/templates/good/logic-rules.json`.

use std::collections::HashSet;

use keyline_app::dto::{self, InspectionStatus, Requirement};
use keyline_app::{App, ErrorCode};
use keyline_core::scoring::{self, Answer, ItemState, Need, RequirementKind};

mod common;

const TEMPLATE: &[u8] = include_bytes!("../../../tests/fixtures/templates/good/logic-rules.json");

fn app_with_inspection() -> (App, i64) {
    let mut app = App::open_in_memory().expect("open");
    app.import_template("logic-rules.json", TEMPLATE)
        .expect("import the fixture");
    let id = common::start_inspection(&mut app, "logic-rules", "Ward 5");
    (app, id)
}

fn state<'s>(states: &'s [ItemState], item: &str) -> &'s ItemState {
    states
        .iter()
        .find(|s| s.item_id == item)
        .expect("every item has a state")
}

/// The core's states for the inspection as stored, computed here from the view's own data.
fn core_states(view: &dto::InspectionView) -> Vec<ItemState> {
    let noted: HashSet<String> = view
        .notes
        .iter()
        .filter(|n| !n.text.trim().is_empty())
        .map(|n| n.item_id.clone())
        .collect();
    let evidenced: HashSet<String> = view.evidence.iter().map(|e| e.item_id.clone()).collect();
    scoring::item_states(&view.template, &view.responses, &noted, &evidenced)
}

fn need(kind: RequirementKind, met: bool) -> Need {
    Need { kind, met }
}

#[test]
fn the_view_and_each_answer_carry_the_cores_item_states() {
    let (mut app, id) = app_with_inspection();
    let fresh = app.open_inspection(id).expect("view");
    assert_eq!(fresh.item_states, core_states(&fresh));
    assert!(state(&fresh.item_states, "R1").rolls_up);
    assert!(!state(&fresh.item_states, "C1a").visible);

    // The template says `answerIs: [" No "]` and `["NO"]`: the core trims and folds case.
    let answered = app.answer(id, "C1", Answer::No).expect("answer");
    let c1 = state(&answered.item_states, "C1");
    assert_eq!(c1.required, [need(RequirementKind::Note, false)]);
    assert_eq!(
        c1.suggested_action.as_deref(),
        Some("Fix the clinic door lock today")
    );
    assert!(state(&answered.item_states, "C1a").visible);
    assert_eq!(
        answered.unmet,
        [Requirement {
            item_id: "C1".into(),
            need: RequirementKind::Note
        }]
    );
    let view = app.open_inspection(id).expect("view");
    assert_eq!(view.item_states, answered.item_states);
    assert_eq!(view.item_states, core_states(&view));
    assert_eq!(view.unmet, answered.unmet);
    assert_eq!(view.score, answered.score);

    // A level at or below 1 asks for a note and evidence, and suggests an action.
    let poor = app.answer_text(id, "S1", "1", None).expect("answer");
    let s1 = state(&poor.item_states, "S1");
    assert_eq!(
        s1.required,
        [
            need(RequirementKind::Note, false),
            need(RequirementKind::Evidence, false)
        ]
    );
    assert_eq!(
        s1.suggested_action.as_deref(),
        Some("Refer the concerns to the safeguarding lead")
    );

    // A note meets the note; white space is not a note.
    let blank = app.save_note(id, "S1", "   ").expect("note");
    assert_eq!(
        state(&blank.item_states, "S1").required[0],
        need(RequirementKind::Note, false)
    );
    let noted = app
        .save_note(id, "S1", "Two referrals not made")
        .expect("note");
    assert_eq!(
        state(&noted.item_states, "S1").required,
        [
            need(RequirementKind::Note, true),
            need(RequirementKind::Evidence, false)
        ]
    );
    app.add_evidence(id, "S1", "referrals.txt", b"Referral log, March")
        .expect("evidence");
    let view = app.open_inspection(id).expect("view");
    assert_eq!(state(&view.item_states, "S1").unmet().count(), 0);
    assert_eq!(view.item_states, core_states(&view));

    // Clearing the answer clears what it asked for.
    let cleared = app.clear_answer(id, "C1").expect("clear");
    assert!(state(&cleared.item_states, "C1").required.is_empty());
    assert!(cleared.unmet.is_empty(), "{:?}", cleared.unmet);
}

#[test]
fn a_follow_up_hidden_by_a_later_answer_does_not_block_sign_off() {
    let (mut app, id) = app_with_inspection();
    for (item, value) in [
        ("S1", "3"),
        ("C1", "no"),
        ("C1a", "no"),
        ("R1.care-plans", "3"),
        ("R1.risk", "3"),
        ("T1", "Two nurses and a support worker"),
    ] {
        app.answer_text(id, item, value, None).expect("answer");
    }
    app.save_note(id, "C1", "The lock is broken").expect("note");
    app.use_new_identity("Test Signer", "Test NHS Trust")
        .expect("a signing identity");
    let refused = app
        .sign_off(id, "A. Okafor", "B. Nowak")
        .expect_err("the follow-up needs a note and evidence");
    assert_eq!(refused.code, ErrorCode::InvalidInput);
    assert!(
        refused
            .message
            .ends_with("the template asks for a note on C1a, evidence on C1a"),
        "{}",
        refused.message
    );

    // The door was locked after all: the follow-up is hidden, and its answer asks nothing.
    let progress = app.answer_text(id, "C1", "yes", None).expect("answer");
    assert!(!state(&progress.item_states, "C1a").visible);
    assert!(progress.unmet.is_empty(), "{:?}", progress.unmet);
    assert_eq!(app.unmet_requirements(id).expect("unmet"), []);
    assert!(progress.score.complete, "{:?}", progress.score.missing);
    app.use_new_identity("Test Signer", "Test NHS Trust")
        .expect("a signing identity");
    app.sign_off(id, "A. Okafor", "B. Nowak").expect("sign off");
    let view = app.open_inspection(id).expect("view");
    assert_eq!(view.inspection.status, InspectionStatus::SignedOff);
}

#[test]
fn a_blank_written_answer_is_refused_and_nothing_is_stored() {
    let (mut app, id) = app_with_inspection();
    for blank in ["", "  ", "\t"] {
        let typed = app
            .answer(id, "T1", Answer::Text(blank.into()))
            .expect_err("blank text is not an answer");
        assert_eq!(typed.code, ErrorCode::InvalidInput);
        assert_eq!(
            typed.message,
            "the answer to T1 is blank: write the answer, or clear it to leave T1 unanswered"
        );
        let parsed = app
            .answer_text(id, "T1", blank, None)
            .expect_err("blank text is not an answer");
        assert_eq!(parsed.code, ErrorCode::InvalidInput);
        assert_eq!(parsed.message, "no answer was given for T1");
    }
    let view = app.open_inspection(id).expect("view");
    assert!(view.responses.is_empty(), "{:?}", view.responses);
    assert!(view.score.missing.contains(&"T1".to_string()));
}

/// What the UI tests' mocked backend says for the monthly ligature check (see
/// `ligatureResults` in ui/tests/ui/inspection.test.ts) is what the real one says.
#[test]
fn the_monthly_ligature_check_asks_for_what_the_template_says() {
    const LIGATURE: &str = "environment.ligature-assessment-current";
    const INTERIM: &str = "environment.interim-ligature-plan";
    let mut app = App::open_in_memory().expect("open");
    let id = common::start_inspection(&mut app, "monthly-ward-self-assessment", "Ward 3");

    let yes = app.answer(id, LIGATURE, Answer::Yes).expect("answer");
    let ligature = state(&yes.item_states, LIGATURE);
    assert_eq!(ligature.required, [need(RequirementKind::Evidence, false)]);
    assert_eq!(ligature.suggested_action, None);
    assert!(!state(&yes.item_states, INTERIM).visible);

    let no = app.answer(id, LIGATURE, Answer::No).expect("answer");
    let ligature = state(&no.item_states, LIGATURE);
    assert_eq!(ligature.required, [need(RequirementKind::Note, false)]);
    assert_eq!(
        ligature.suggested_action.as_deref(),
        Some("Book a ligature risk reassessment with the estates and health and safety teams")
    );
    assert!(state(&no.item_states, INTERIM).visible);

    let noted = app
        .save_note(
            id,
            LIGATURE,
            "Assessment expired in August; renewal booked.",
        )
        .expect("note");
    let ligature = state(&noted.item_states, LIGATURE);
    assert_eq!(ligature.required, [need(RequirementKind::Note, true)]);
    assert!(state(&noted.item_states, INTERIM).visible);
    assert!(noted.unmet.is_empty(), "{:?}", noted.unmet);
}
