//! Typed values becoming answers: what each response type accepts, and the messages that tell
//! an inspector what to type instead. Uses `fixtures/scoring/answers.json`.

use keyline_core::scoring::{
    check_answer, check_override, consequences, parse_answer, visible_items, Answer, AnswerError,
    Override, OverrideError, Response,
};
use keyline_core::template::{Consequence, Item, Template};

const TEMPLATE: &str = include_str!("fixtures/scoring/answers.json");

fn template() -> Template {
    keyline_core::template::parse(TEMPLATE.as_bytes()).expect("answers fixture is valid")
}

fn item<'t>(template: &'t Template, id: &str) -> &'t Item {
    template
        .sections
        .iter()
        .flat_map(|section| &section.items)
        .flat_map(|item| std::iter::once(item).chain(&item.sub_items))
        .find(|item| item.id == id)
        .expect("item in fixture")
}

/// `raw` typed for `id` gives `expected` (an answer, or the error message).
fn check(id: &str, raw: &str, expected: Result<Answer, &str>) {
    let t = template();
    let item = item(&t, id);
    let got = parse_answer(&t, item, raw).map_err(|error| error.to_string());
    assert_eq!(got, expected.map_err(str::to_owned), "{id} {raw:?}");
    if let Ok(answer) = got {
        assert_eq!(check_answer(&t, item, &answer), Ok(()), "{id} {raw:?}");
    }
}

#[test]
fn scale_levels() {
    check("S1", "3", Ok(Answer::Level(3.0)));
    check("S1", " 4 ", Ok(Answer::Level(4.0)));
    check("S1", "3.0", Ok(Answer::Level(3.0)));
    check("S1", "good standard", Ok(Answer::Level(3.0)));
    check(
        "S1",
        "7",
        Err("S1 takes a score of 1, 2, 3 or 4 (Significant shortfalls … Exceptional standard); \"7\" is not one of them"),
    );
    check("S1", "na", Err("N/A is not allowed for S1"));
    check("S2", "N/A", Ok(Answer::NotApplicable));
    check("S1", "  ", Err("no answer was given for S1"));
}

#[test]
fn yes_no_and_partial() {
    check("ENV-01", "YES", Ok(Answer::Yes));
    check("ENV-01", "no", Ok(Answer::No));
    check("ENV-01", "na", Ok(Answer::NotApplicable));
    check(
        "ENV-01",
        "maybe",
        Err("\"maybe\" is not an answer to ENV-01: answer yes, no or na"),
    );
    check(
        "ENV-01",
        "partial",
        Err("\"partial\" is not an answer to ENV-01: answer yes, no or na"),
    );
    check("ENV-02", "Partial", Ok(Answer::Partial));
    check(
        "ENV-02",
        "sometimes",
        Err("\"sometimes\" is not an answer to ENV-02: answer yes, partial or no"),
    );
}

#[test]
fn choices() {
    check("ENV-03", "locked", Ok(Answer::Choice("locked".into())));
    check("ENV-03", "LOCKED", Ok(Answer::Choice("locked".into())));
    check(
        "ENV-03",
        "Unlocked but supervised",
        Ok(Answer::Choice("supervised".into())),
    );
    check(
        "ENV-03",
        "open",
        Err("\"open\" is not an option for ENV-03: choose locked (Locked), supervised (Unlocked but supervised) or unlocked (Unlocked and unsupervised)"),
    );
}

#[test]
fn numbers() {
    check("STAFF-01", "6", Ok(Answer::Number(6.0)));
    check("STAFF-01", "5.5", Ok(Answer::Number(5.5)));
    check(
        "STAFF-01",
        "six",
        Err("STAFF-01 takes a number; \"six\" is not one"),
    );
    check(
        "STAFF-01",
        "NaN",
        Err("STAFF-01 takes a number; \"NaN\" is not one"),
    );
    check(
        "STAFF-01",
        "41",
        Err("STAFF-01 takes a number from 0 to 40; 41 is outside it"),
    );
}

#[test]
fn text_and_dates() {
    check(
        "NOTE-01",
        "Ward was calm",
        Ok(Answer::Text("Ward was calm".into())),
    );
    check("NOTE-01", "n/a", Ok(Answer::Text("n/a".into())));
    check(
        "DATE-01",
        "2024-02-29",
        Ok(Answer::Date("2024-02-29".into())),
    );
    check(
        "DATE-01",
        "2023-02-29",
        Err("DATE-01 takes a date as YYYY-MM-DD; \"2023-02-29\" is not a real date"),
    );
    check(
        "DATE-01",
        "29/02/2024",
        Err("DATE-01 takes a date as YYYY-MM-DD; \"29/02/2024\" is not a real date"),
    );
}

#[test]
fn items_scored_from_sub_items_take_only_na() {
    check(
        "E1",
        "3",
        Err("E1 is scored from its sub-items (E1.people and E1.processes); answer those instead"),
    );
    check("E1", "na", Ok(Answer::NotApplicable));
    check("E1.people", "2", Ok(Answer::Level(2.0)));
}

#[test]
fn typed_answers_are_checked_too() {
    let t = template();
    let wrong = check_answer(&t, item(&t, "S1"), &Answer::Yes).map_err(|e| e.to_string());
    assert_eq!(
        wrong,
        Err("S1 takes a scale level, not yes or no".to_owned())
    );
    let off_scale = check_answer(&t, item(&t, "S1"), &Answer::Level(2.5));
    assert!(
        matches!(off_scale, Err(AnswerError::NotALevel { .. })),
        "2.5 is not a level: {off_scale:?}"
    );
    let bad_option = check_answer(&t, item(&t, "ENV-03"), &Answer::Choice("open".into()));
    assert!(
        matches!(bad_option, Err(AnswerError::NotAnOption { .. })),
        "{bad_option:?}"
    );
    let infinite = check_answer(&t, item(&t, "STAFF-01"), &Answer::Number(f64::INFINITY));
    assert!(
        matches!(infinite, Err(AnswerError::NotANumber { .. })),
        "{infinite:?}"
    );
}

#[test]
fn overrides_need_a_section_a_rating_and_a_reason() {
    let t = template();
    let good = |justification: &str| Override {
        section_id: "safe".into(),
        rating: "good".into(),
        justification: justification.into(),
    };
    assert_eq!(check_override(&t, &good("Seen the new rota")), Ok(()));
    assert_eq!(
        check_override(&t, &good("  ")).map_err(|e| e.to_string()),
        Err("changing the rating of Safe needs a written justification".to_owned())
    );
    let unknown = Override {
        rating: "excellent".into(),
        ..good("x")
    };
    let unknown = check_override(&t, &unknown);
    assert!(
        matches!(unknown, Err(OverrideError::UnknownRating { .. })),
        "{unknown:?}"
    );
    let nowhere = Override {
        section_id: "kitchen".into(),
        ..good("x")
    };
    let nowhere = check_override(&t, &nowhere);
    assert!(
        matches!(nowhere, Err(OverrideError::UnknownSection { .. })),
        "{nowhere:?}"
    );
}

#[test]
fn logic_rules_fire_on_poor_answers() {
    let t = template();
    let s1 = item(&t, "S1");
    assert_eq!(
        consequences(&t, s1, &Answer::Level(2.0)),
        [
            &Consequence::RequireNote,
            &Consequence::SuggestAction("Review the learning from incidents".into())
        ]
    );
    assert_eq!(
        consequences(&t, s1, &Answer::Level(1.0)),
        [
            &Consequence::RequireNote,
            &Consequence::SuggestAction("Review the learning from incidents".into()),
            &Consequence::RequireEvidence
        ]
    );
    assert!(consequences(&t, s1, &Answer::Level(3.0)).is_empty());

    let env01 = item(&t, "ENV-01");
    assert_eq!(
        consequences(&t, env01, &Answer::No),
        [&Consequence::Show(vec!["ENV-01a".into()])]
    );
    assert!(consequences(&t, env01, &Answer::NotApplicable).is_empty());
}

#[test]
fn follow_ups_are_visible_only_when_called_for() {
    let t = template();
    let without = visible_items(&t, &[]);
    assert!(!without.contains(&"ENV-01a"));
    assert!(without.contains(&"E1.people"));
    let with = visible_items(&t, &[Response::new("ENV-01", Answer::No)]);
    assert!(with.contains(&"ENV-01a"));
    // An answer that does not fit its item sets nothing off.
    let misfit = visible_items(&t, &[Response::new("ENV-01", Answer::Level(1.0))]);
    assert!(!misfit.contains(&"ENV-01a"));
}
