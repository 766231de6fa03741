//! Plain words: answers in the template's words, UK dates, and the strengths and concerns a
//! report leads with.

use keyline_core::scoring::{highlights, score, uk_date, Answer, Response};
use keyline_core::template::Template;

const TEMPLATE: &str = r##"{
  "id": "words", "version": "1.0", "title": "Words", "description": "Test.", "source": "Tests",
  "scales": [ { "id": "s", "title": "Score", "levels": [
    { "value": 1, "label": "Significant shortfalls" }, { "value": 2, "label": "Some shortfalls" },
    { "value": 3, "label": "Good standard" }, { "value": 4, "label": "Exceptional standard" } ] } ],
  "ratings": [ { "id": "good", "label": "Good", "colour": "#007f3b" },
               { "id": "ri", "label": "Requires improvement", "colour": "#ffb81c" } ],
  "banding": { "rounding": { "decimals": 0, "mode": "halfUp", "statement": "Halves round up." },
    "bands": [ { "rating": "ri", "min": 0, "max": 62 }, { "rating": "good", "min": 63, "max": 100 } ] },
  "overall": { "rules": [], "default": "good" },
  "sections": [ { "id": "safe", "title": "Safe", "items": [
    { "id": "a", "title": "Learning culture", "response": { "type": "scale", "scale": "s" } },
    { "id": "b", "title": "Safe systems", "response": { "type": "scale", "scale": "s" } },
    { "id": "c", "title": "Ligature checks", "response": { "type": "yesNo" } },
    { "id": "d", "title": "Charts complete", "response": { "type": "count", "unit": "charts" } },
    { "id": "e", "title": "Fridge log", "response": { "type": "yesNo" }, "naAllowed": true },
    { "id": "f", "title": "Seclusion", "response": { "type": "choice", "options": [
        { "value": "met", "label": "Every review held", "score": 1 },
        { "value": "missed", "label": "A review was missed", "score": 0 } ] } },
    { "id": "g", "title": "Next review", "response": { "type": "date" }, "mandatory": false }
  ] } ]
}"##;

fn template() -> Template {
    keyline_core::template::parse(TEMPLATE.as_bytes()).expect("valid")
}

#[test]
fn answers_read_in_the_templates_words() {
    let t = template();
    let item = |id: &str| t.find_item(id).expect("item");
    assert_eq!(
        Answer::Level(3.0).labelled(&t, item("a")),
        "3, Good standard"
    );
    assert_eq!(Answer::Yes.labelled(&t, item("c")), "Yes");
    assert_eq!(Answer::No.labelled(&t, item("c")), "No");
    assert_eq!(
        Answer::Count { met: 7, of: 10 }.labelled(&t, item("d")),
        "7 of 10 charts (70%)"
    );
    assert_eq!(
        Answer::NotApplicable.labelled(&t, item("e")),
        "Not applicable"
    );
    assert_eq!(
        Answer::Choice("missed".into()).labelled(&t, item("f")),
        "A review was missed"
    );
    assert_eq!(
        Answer::Date("2026-11-23".into()).labelled(&t, item("g")),
        "23 November 2026"
    );
}

#[test]
fn dates_read_as_people_write_them_in_the_uk() {
    assert_eq!(uk_date("2026-11-23"), "23 November 2026");
    assert_eq!(uk_date("2027-01-05"), "5 January 2027");
    assert_eq!(uk_date("2026-13-01"), "2026-13-01", "not a month: as it is");
    assert_eq!(uk_date("soon"), "soon");
}

#[test]
fn strengths_are_the_best_scored_items_and_concerns_the_worst() {
    let t = template();
    let responses = vec![
        Response::new("a", Answer::Level(3.0)),
        Response::new("b", Answer::Level(1.0)),
        Response::new("c", Answer::Yes),
        Response::new("d", Answer::Count { met: 5, of: 10 }),
        Response::new("e", Answer::NotApplicable),
        Response::new("f", Answer::Choice("missed".into())),
    ];
    let result = score(&t, &responses, &[]);
    let found = highlights(&result, 2);
    let ids = |list: &[&keyline_core::scoring::ItemResult]| {
        list.iter().map(|i| i.id.clone()).collect::<Vec<_>>()
    };
    // Yes (1 of 1) before 3 of 4; N/A is neither.
    assert_eq!(ids(&found.strengths), ["c", "a"]);
    // 0 of 1 is below 1 of 4.
    assert_eq!(ids(&found.concerns), ["f", "b"]);
    let all = highlights(&result, 10);
    assert_eq!(ids(&all.concerns), ["f", "b", "d"]);
    assert!(
        all.strengths.iter().all(|i| i.id != "e"),
        "N/A is no strength"
    );
}
