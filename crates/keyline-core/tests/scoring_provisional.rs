//! While items are unanswered, a section says it is not yet rated, or gives its rating so far
//! over the answered items, labelled provisional (docs/scoring.md, section 4.1). The rating
//! that stands keeps the template's rule.

use keyline_core::scoring::{score, Answer, Response};
use keyline_core::template::{parse, Template};

fn shipped_saf(minimum: Option<f64>) -> Template {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../inspection-templates/cqc-saf-mh-ward.json"),
    )
    .expect("read");
    let mut value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    if let Some(minimum) = minimum {
        value["banding"]["provisionalMinimum"] = serde_json::json!(minimum);
    }
    parse(&serde_json::to_vec(&value).expect("bytes")).expect("valid")
}

#[test]
fn one_answer_is_not_yet_rated_and_the_rating_so_far_follows_the_template_minimum() {
    let t = shipped_saf(None);
    let one = [Response::new("safe.learning-culture", Answer::Level(3.0))];
    let result = score(&t, &one, &[]);
    let safe = &result.sections[0];
    // The rule that stands: 3 of 32 = 9.4%, Inadequate, as a signed-off record would be.
    assert_eq!(safe.rounded_percent, Some(9.0));
    assert_eq!(safe.rating.as_deref(), Some("inadequate"));
    // What the screens show instead.
    let p = safe.provisional.as_ref().expect("provisional");
    assert!(!p.reached_minimum);
    assert_eq!((p.answered, p.total), (1, 8));
    assert_eq!(p.rating, None);
    assert_eq!(p.percent, Some(75.0));
    assert!(
        p.explanation.starts_with("Not yet rated: 1 of 8 answered;"),
        "{}",
        p.explanation
    );
    // A section with nothing answered is not yet rated either, with no percentage.
    let effective = &result.sections[1];
    let p = effective.provisional.as_ref().expect("provisional");
    assert_eq!(
        (p.answered, p.percent, p.rating.as_deref()),
        (0, None, None)
    );

    // With a minimum of a quarter, two answers give a rating so far.
    let t = shipped_saf(Some(0.25));
    let two = [
        Response::new("safe.learning-culture", Answer::Level(3.0)),
        Response::new("safe.safe-systems", Answer::Level(4.0)),
    ];
    let result = score(&t, &two, &[]);
    let p = result.sections[0]
        .provisional
        .as_ref()
        .expect("provisional");
    assert!(p.reached_minimum);
    assert_eq!(p.rounded_percent, Some(88.0));
    assert_eq!(p.rating.as_deref(), Some("outstanding"));
    assert_eq!(
        p.explanation,
        "Provisional, 2 of 8 answered: over the answered items 7 of 8 points, 88%, Outstanding so far. The rating is final when every item is answered."
    );
}

#[test]
fn a_failed_critical_item_caps_the_rating_so_far_too() {
    let t = shipped_saf(Some(0.25));
    let answers = [
        Response::new("safe.learning-culture", Answer::Level(4.0)),
        Response::new("safe.safeguarding", Answer::Level(1.0)),
        Response::new("safe.safe-systems", Answer::Level(4.0)),
    ];
    let p = score(&t, &answers, &[]).sections[0]
        .provisional
        .clone()
        .expect("provisional");
    // 9 of 12 = 75%, Good, but safeguarding at 1 caps it.
    assert_eq!(p.rounded_percent, Some(75.0));
    assert_eq!(p.rating.as_deref(), Some("requires-improvement"));
}

#[test]
fn a_complete_section_has_no_provisional_result_and_a_bad_minimum_is_refused() {
    let t = shipped_saf(None);
    let safe = t.sections.iter().find(|s| s.id == "safe").expect("Safe");
    let all: Vec<Response> = safe
        .items
        .iter()
        .map(|i| Response::new(i.id.clone(), Answer::Level(3.0)))
        .collect();
    let result = score(&t, &all, &[]);
    assert_eq!(result.sections[0].provisional, None);
    assert_eq!(result.sections[0].rating.as_deref(), Some("good"));

    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../inspection-templates/cqc-saf-mh-ward.json"),
    )
    .expect("read");
    let mut value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    value["banding"]["provisionalMinimum"] = serde_json::json!(1.5);
    let problems = parse(&serde_json::to_vec(&value).expect("bytes")).expect_err("1.5 is refused");
    assert!(
        problems
            .iter()
            .any(|p| p.path == "$.banding.provisionalMinimum"),
        "{problems:?}"
    );
}

/// A moderation that keeps the computed rating is a confirmation, never "from Good to Good".
#[test]
fn a_moderation_to_the_computed_rating_reads_as_a_confirmation() {
    use keyline_core::scoring::Override;
    let t = shipped_saf(None);
    let all: Vec<Response> = t
        .items()
        .map(|(_, i)| Response::new(i.id.clone(), Answer::Level(3.0)))
        .collect();
    let confirm = Override {
        section_id: "safe".into(),
        rating: "good".into(),
        justification: "Seen on two visits".into(),
    };
    let result = score(&t, &all, &[confirm]);
    let safe = &result.sections[0];
    assert!(
        safe.explanation
            .ends_with("Confirmed at Good by the inspector, because: \"Seen on two visits\"."),
        "{}",
        safe.explanation
    );
    assert!(
        !safe.explanation.contains("Moderated to Good"),
        "{}",
        safe.explanation
    );
    assert!(
        result
            .overall
            .explanation
            .contains("Safe confirmed at Good"),
        "{}",
        result.overall.explanation
    );
    assert!(!result.overall.explanation.contains("from Good to Good"));
}

/// A moderation is flagged when an item of its section was answered after it.
#[test]
fn a_moderation_is_out_of_date_when_its_sections_answers_change_after_it() {
    use keyline_core::scoring::moderations_out_of_date;
    let t = shipped_saf(None);
    let at = |s: &str| s.to_string();
    let moderated = vec![
        (at("safe"), at("2026-11-20T10:00:00.000Z")),
        (at("effective"), at("2026-11-20T10:00:00.000Z")),
    ];
    let answered = vec![
        // Before the moderation: no flag.
        (at("safe.learning-culture"), at("2026-11-20T09:59:59.999Z")),
        // After it, in Effective: flagged.
        (at("effective.consent"), at("2026-11-20T10:00:00.001Z")),
        // After it, but in Caring, which is not moderated.
        (
            at("caring.kindness-dignity"),
            at("2026-11-20T11:00:00.000Z"),
        ),
    ];
    assert_eq!(
        moderations_out_of_date(&t, &moderated, &answered),
        ["effective"]
    );
    // A sub-item counts for its statement's section.
    let answered = vec![(
        at("safe.safeguarding.people"),
        at("2026-11-21T08:00:00.000Z"),
    )];
    assert_eq!(moderations_out_of_date(&t, &moderated, &answered), ["safe"]);
    assert!(moderations_out_of_date(&t, &[], &answered).is_empty());
}
