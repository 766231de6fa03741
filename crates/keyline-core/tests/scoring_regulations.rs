//! Breaches of regulation, must-do and should-do suggestions, and audited counts: how each
//! reaches a score, and what it says about it.

use keyline_core::scoring::{
    check_priority, parse_answer, score, score_with, suggest_priority, Answer, Breach, Priority,
    PriorityError, Response,
};
use keyline_core::template::{parse, Template};

/// One key question of four 1–4 statements (risk is critical), one of two counts, with a
/// breach cap, banded as CQC bands key questions.
fn template(breach_cap: bool) -> Template {
    let caps = if breach_cap {
        r#"{ "critical": "ri", "breach": "ri" }"#
    } else {
        r#"{ "critical": "ri" }"#
    };
    let json = format!(
        r##"{{
  "id": "regs", "version": "1.0", "title": "Regs", "description": "Test.", "source": "Tests",
  "regulations": [
    {{ "number": "12", "title": "Safe care and treatment" }},
    {{ "number": "18", "title": "Staffing" }}
  ],
  "scales": [ {{ "id": "s", "title": "Score", "levels": [
    {{ "value": 1, "label": "Significant shortfalls" }}, {{ "value": 2, "label": "Some shortfalls" }},
    {{ "value": 3, "label": "Good standard" }}, {{ "value": 4, "label": "Exceptional standard" }} ] }} ],
  "ratings": [
    {{ "id": "outstanding", "label": "Outstanding", "colour": "#005eb8" }},
    {{ "id": "good", "label": "Good", "colour": "#007f3b" }},
    {{ "id": "ri", "label": "Requires improvement", "colour": "#ffb81c" }},
    {{ "id": "inadequate", "label": "Inadequate", "colour": "#d5281b" }} ],
  "banding": {{ "rounding": {{ "decimals": 0, "mode": "halfUp", "statement": "Halves round up." }},
    "bands": [ {{ "rating": "inadequate", "min": 0, "max": 38 }}, {{ "rating": "ri", "min": 39, "max": 62 }},
               {{ "rating": "good", "min": 63, "max": 87 }}, {{ "rating": "outstanding", "min": 88, "max": 100 }} ] }},
  "caps": {caps},
  "overall": {{ "rules": [], "default": "good" }},
  "sections": [
    {{ "id": "safe", "title": "Safe", "items": [
      {{ "id": "risk", "title": "Involving people to manage risks", "response": {{ "type": "scale", "scale": "s" }},
        "regulations": ["12"], "critical": {{ "atOrBelow": 1 }} }},
      {{ "id": "staffing", "title": "Safe and effective staffing", "response": {{ "type": "scale", "scale": "s" }},
        "regulations": ["18"] }},
      {{ "id": "learning", "title": "Learning culture", "response": {{ "type": "scale", "scale": "s" }} }},
      {{ "id": "ipc", "title": "Infection prevention and control", "response": {{ "type": "scale", "scale": "s" }},
        "regulations": ["12"] }}
    ] }},
    {{ "id": "records", "title": "Records", "items": [
      {{ "id": "risk-assessed", "title": "Current risk assessment", "response": {{ "type": "count", "unit": "care records" }},
        "regulations": ["12"], "naAllowed": true, "critical": {{ "atOrBelow": 0.8 }} }},
      {{ "id": "obs-sample", "title": "Observation records complete", "response": {{ "type": "count", "of": 10, "unit": "records" }} }}
    ] }}
  ]
}}"##
    );
    parse(json.as_bytes()).unwrap_or_else(|p| panic!("the test template reads: {p:?}"))
}

fn level(item: &str, value: f64) -> Response {
    Response::new(item, Answer::Level(value))
}

fn safe_all_good_but_staffing_some_shortfalls() -> Vec<Response> {
    vec![
        level("risk", 3.0),
        level("staffing", 2.0),
        level("learning", 3.0),
        level("ipc", 3.0),
    ]
}

#[test]
fn a_breach_caps_its_key_question_at_requires_improvement() {
    let t = template(true);
    let responses = safe_all_good_but_staffing_some_shortfalls();
    // 11 of 16 = 68.75%, rounded to 69%: Good on the numbers.
    let plain = score(&t, &responses, &[]);
    assert_eq!(plain.sections[0].rating.as_deref(), Some("good"));

    let breach = Breach {
        item_id: "staffing".into(),
        regulations: vec!["18".into()],
    };
    let capped = score_with(&t, &responses, &[], &[breach]);
    let safe = &capped.sections[0];
    assert_eq!(
        safe.rounded_percent,
        Some(69.0),
        "the percentage is unchanged"
    );
    assert_eq!(safe.rating.as_deref(), Some("ri"));
    let cap = safe.capped_by.as_ref().expect("capped by the breach");
    assert_eq!(cap.item_id, "staffing");
    assert!(
        safe.explanation.contains(
            "capped at Requires improvement because a breach of regulation 18 (Staffing) was found"
        ),
        "{}",
        safe.explanation
    );
    // The other key question is untouched.
    assert_eq!(capped.sections[1].capped_by, None);
}

#[test]
fn a_template_without_a_breach_cap_ignores_breaches() {
    let t = template(false);
    let responses = safe_all_good_but_staffing_some_shortfalls();
    let breach = Breach {
        item_id: "staffing".into(),
        regulations: vec!["18".into()],
    };
    assert_eq!(
        score_with(&t, &responses, &[], &[breach]),
        score(&t, &responses, &[])
    );
}

#[test]
fn a_breach_never_raises_a_rating() {
    let t = template(true);
    let responses = vec![
        level("risk", 2.0),
        level("staffing", 1.0),
        level("learning", 1.0),
        level("ipc", 1.0),
    ];
    let breach = Breach {
        item_id: "ipc".into(),
        regulations: vec!["12".into()],
    };
    let result = score_with(&t, &responses, &[], &[breach]);
    assert_eq!(result.sections[0].rating.as_deref(), Some("inadequate"));
    assert!(result.sections[0]
        .explanation
        .contains("does not lower Inadequate further"));
}

#[test]
fn counts_score_the_share_that_met_the_standard() {
    let t = template(true);
    let item = t.find_item("risk-assessed").expect("item");
    assert_eq!(
        parse_answer(&t, item, "7 of 10"),
        Ok(Answer::Count { met: 7, of: 10 })
    );
    let too_many = parse_answer(&t, item, "11/10").expect_err("11 of 10");
    assert!(
        too_many.to_string().contains("11 of 10 cannot be"),
        "{too_many}"
    );
    let none = parse_answer(&t, item, "0 of 0").expect_err("empty sample");
    assert!(none.to_string().contains("answer N/A"), "{none}");
    assert!(
        parse_answer(&t, item, "7").is_err(),
        "N is entered for this item"
    );

    let fixed = t.find_item("obs-sample").expect("item");
    assert_eq!(
        parse_answer(&t, fixed, "9"),
        Ok(Answer::Count { met: 9, of: 10 })
    );
    let wrong = parse_answer(&t, fixed, "9 of 12").expect_err("fixed sample");
    assert!(wrong.to_string().contains("fixed at 10 records"), "{wrong}");

    let result = score(
        &t,
        &[
            Response::new("risk-assessed", Answer::Count { met: 7, of: 10 }),
            Response::new("obs-sample", Answer::Count { met: 10, of: 10 }),
        ],
        &[],
    );
    let records = &result.sections[1];
    // 0.7 + 1 of 2 = 85%, Good on the numbers, but 7 of 10 is at or below the critical
    // 0.8, so Records is capped.
    assert_eq!(records.rounded_percent, Some(85.0));
    assert_eq!(records.rating.as_deref(), Some("ri"));
    let explained = result
        .items
        .iter()
        .find(|i| i.id == "risk-assessed")
        .expect("item result");
    assert_eq!(
        explained.answer.as_deref(),
        Some("7 of 10 care records (70%)")
    );
    assert!(
        explained
            .explanation
            .contains("answered 7 of 10 care records (70%), scoring 0.7 of 1"),
        "{}",
        explained.explanation
    );
}

#[test]
fn suggestions_follow_the_item_and_its_answer() {
    let t = template(true);
    // Critical and at its critical level: a must do, citing the item's regulation.
    let must = suggest_priority(&t, "risk", Some(&Answer::Level(1.0))).expect("known item");
    assert_eq!(must.priority, Priority::MustDo);
    assert_eq!(must.regulations, ["12"]);
    assert!(
        must.reason
            .contains("normally means a breach of regulation 12"),
        "{}",
        must.reason
    );
    // Not critical, at the lowest level: a must do.
    let lowest = suggest_priority(&t, "staffing", Some(&Answer::Level(1.0))).expect("item");
    assert_eq!(lowest.priority, Priority::MustDo);
    // A shortfall short of a breach: a should do.
    let some = suggest_priority(&t, "staffing", Some(&Answer::Level(2.0))).expect("item");
    assert_eq!(some.priority, Priority::ShouldDo);
    assert_eq!(some.regulations, ["18"]);
    // An item citing no regulation: a should do, whatever the answer.
    let none = suggest_priority(&t, "learning", Some(&Answer::Level(1.0))).expect("item");
    assert_eq!(none.priority, Priority::ShouldDo);
    assert!(none.regulations.is_empty());
    // Counts: 8 of 10 is at the critical 0.8.
    let count = suggest_priority(&t, "risk-assessed", Some(&Answer::Count { met: 8, of: 10 }));
    assert_eq!(count.map(|s| s.priority), Some(Priority::MustDo));
    assert_eq!(suggest_priority(&t, "nothing", None), None);
}

#[test]
fn a_must_do_cites_a_real_regulation() {
    assert_eq!(
        check_priority(Some(Priority::MustDo), &[]),
        Err(PriorityError::MustDoWithoutRegulation)
    );
    assert_eq!(
        check_priority(Some(Priority::MustDo), &["21".to_string()]),
        Err(PriorityError::NotARegulation("21".into()))
    );
    assert_eq!(
        check_priority(Some(Priority::MustDo), &["20A".to_string()]),
        Ok(())
    );
}
