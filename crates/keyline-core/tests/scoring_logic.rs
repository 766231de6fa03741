//! What the template's logic makes of each item, given the answers, notes and evidence: the
//! notes and evidence required (met or not), the suggested action, visibility and roll-up.
//! The app's screens and its sign-off check read these states and apply no rules of their
//! own. Uses `tests/fixtures/templates/good/logic-rules.json`.

use std::collections::HashSet;

use keyline_core::scoring::{
    check_answer, item_states, parse_answer, score, Answer, AnswerError, ItemState, Need,
    RequirementKind, Response,
};
use keyline_core::template::Template;

const TEMPLATE: &str = include_str!("../../../tests/fixtures/templates/good/logic-rules.json");

fn template() -> Template {
    keyline_core::template::parse(TEMPLATE.as_bytes()).expect("logic fixture is valid")
}

fn ids(items: &[&str]) -> HashSet<String> {
    items.iter().map(|id| id.to_string()).collect()
}

/// The state of `item` after `answers`, with notes on `noted` and evidence on `evidenced`.
fn state(answers: &[(&str, Answer)], noted: &[&str], evidenced: &[&str], item: &str) -> ItemState {
    let responses: Vec<Response> = answers
        .iter()
        .map(|(id, answer)| Response::new(*id, answer.clone()))
        .collect();
    item_states(&template(), &responses, &ids(noted), &ids(evidenced))
        .into_iter()
        .find(|state| state.item_id == item)
        .expect("every item has a state")
}

const NOTE: Need = Need {
    kind: RequirementKind::Note,
    met: false,
};
const EVIDENCE: Need = Need {
    kind: RequirementKind::Evidence,
    met: false,
};
const NOTED: Need = Need {
    kind: RequirementKind::Note,
    met: true,
};

#[test]
fn every_item_has_a_state_in_template_order() {
    let states = item_states(&template(), &[], &HashSet::new(), &HashSet::new());
    let order: Vec<&str> = states.iter().map(|s| s.item_id.as_str()).collect();
    assert_eq!(
        order,
        [
            "S1",
            "C1",
            "C1a",
            "R1",
            "R1.care-plans",
            "R1.risk",
            "T1",
            "T2"
        ]
    );
    // Unanswered, nothing is asked for; the follow-up waits for an answer to call for it.
    assert!(states.iter().all(|s| s.required.is_empty()));
    assert!(states.iter().all(|s| s.suggested_action.is_none()));
    let hidden: Vec<&str> = states
        .iter()
        .filter(|s| !s.visible)
        .map(|s| s.item_id.as_str())
        .collect();
    assert_eq!(hidden, ["C1a"]);
    let rolled: Vec<&str> = states
        .iter()
        .filter(|s| s.rolls_up)
        .map(|s| s.item_id.as_str())
        .collect();
    assert_eq!(rolled, ["R1"]);
}

#[test]
fn scores_at_or_below_a_level_ask_for_notes_evidence_and_actions() {
    let poor = state(&[("S1", Answer::Level(1.0))], &[], &[], "S1");
    // Two rules ask for a note: it is asked for once.
    assert_eq!(poor.required, [NOTE, EVIDENCE]);
    assert_eq!(
        poor.suggested_action.as_deref(),
        Some("Refer the concerns to the safeguarding lead")
    );
    let fair = state(&[("S1", Answer::Level(2.0))], &[], &[], "S1");
    assert_eq!(fair.required, [NOTE]);
    assert_eq!(fair.suggested_action, None);
    let good = state(&[("S1", Answer::Level(3.0))], &[], &[], "S1");
    assert!(good.required.is_empty());
}

#[test]
fn a_note_or_evidence_on_the_item_meets_its_requirement() {
    let answers = [("S1", Answer::Level(1.0))];
    let noted = state(&answers, &["S1"], &[], "S1");
    assert_eq!(noted.required, [NOTED, EVIDENCE]);
    assert_eq!(
        noted.unmet().collect::<Vec<_>>(),
        [RequirementKind::Evidence]
    );
    let both = state(&answers, &["S1"], &["S1"], "S1");
    assert_eq!(both.unmet().count(), 0);
    // A note on another item does not count.
    let elsewhere = state(&answers, &["C1"], &["C1"], "S1");
    assert_eq!(elsewhere.required, [NOTE, EVIDENCE]);
}

#[test]
fn answer_is_ignores_case_and_spaces_as_the_template_check_does() {
    // The template says " No " and "NO"; the answer is `no`.
    let no = state(&[("C1", Answer::No)], &[], &[], "C1");
    assert_eq!(no.required, [NOTE]);
    assert_eq!(
        no.suggested_action.as_deref(),
        Some("Fix the clinic door lock today")
    );
    // "1.0" names the level 1.
    let one = state(&[("S1", Answer::Level(1.0))], &["S1"], &[], "S1");
    assert!(one.required.contains(&EVIDENCE));
}

#[test]
fn a_follow_up_asks_for_nothing_once_a_later_answer_hides_it() {
    let shown = state(&[("C1", Answer::No), ("C1a", Answer::No)], &[], &[], "C1a");
    assert!(shown.visible);
    assert_eq!(shown.required, [NOTE, EVIDENCE]);
    // The door is found locked after all: the follow-up goes, and its answer asks nothing.
    let hidden = state(
        &[("C1", Answer::No), ("C1a", Answer::No), ("C1", Answer::Yes)],
        &[],
        &[],
        "C1a",
    );
    assert!(!hidden.visible);
    assert!(hidden.required.is_empty());
}

#[test]
fn sub_items_of_a_rolled_up_item_carry_their_own_logic() {
    let care_plans = state(
        &[("R1.care-plans", Answer::Level(1.0))],
        &[],
        &[],
        "R1.care-plans",
    );
    assert!(care_plans.visible);
    assert!(!care_plans.rolls_up);
    assert_eq!(care_plans.required, [NOTE]);
}

#[test]
fn an_answer_that_does_not_fit_its_item_asks_for_nothing() {
    let misfit = state(&[("C1", Answer::Level(1.0))], &[], &[], "C1");
    assert!(misfit.required.is_empty());
    assert_eq!(misfit.suggested_action, None);
}

#[test]
fn a_blank_written_answer_is_refused_on_every_path() {
    let t = template();
    for id in ["T1", "T2"] {
        let item = t.find_item(id).expect("item");
        for blank in ["", "   ", "\t\n"] {
            let typed = check_answer(&t, item, &Answer::Text(blank.to_owned()));
            assert!(
                matches!(typed, Err(AnswerError::BlankText { .. })),
                "{id} {blank:?}: {typed:?}"
            );
            let parsed = parse_answer(&t, item, blank);
            assert!(
                matches!(parsed, Err(AnswerError::Empty { .. })),
                "{id} {blank:?}: {parsed:?}"
            );
        }
        assert_eq!(
            check_answer(&t, item, &Answer::Text("  two nurses ".to_owned())),
            Ok(())
        );
    }
    let message = check_answer(
        &t,
        t.find_item("T1").expect("item"),
        &Answer::Text(" ".into()),
    )
    .map_err(|e| e.to_string());
    assert_eq!(
        message,
        Err(
            "the answer to T1 is blank: write the answer, or clear it to leave T1 unanswered"
                .into()
        )
    );
    // A blank answer already stored counts as no answer: the mandatory item is still missing.
    let result = score(&t, &[Response::new("T1", Answer::Text(String::new()))], &[]);
    assert!(
        result.missing.contains(&"T1".to_owned()),
        "{:?}",
        result.missing
    );
}
