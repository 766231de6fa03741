//! Consistency between two inspectors, including the kappa worked example of
//! `docs/scoring.md` (A: 3, 3, 2, 4, 1; B: 3, 2, 2, 4, 2; κ = 16/21).

use keyline_core::scoring::{compare, Answer, Response};
use keyline_core::template::Template;
use serde_json::{json, Value};

const BASE: &str = include_str!("fixtures/scoring/base.json");

fn template() -> Template {
    let mut base: Value = serde_json::from_str(BASE).expect("base fixture is JSON");
    let scale = json!({ "type": "scale", "scale": "cqc" });
    base["sections"] = json!([
        { "id": "safe", "title": "Safe", "items": [
            { "id": "S1", "title": "Learning culture", "response": scale, "naAllowed": true },
            { "id": "S2", "title": "Safe systems", "response": scale },
            { "id": "S3", "title": "Safeguarding", "response": scale },
            { "id": "S4", "title": "Involving people to manage risks", "response": scale },
            { "id": "S5", "title": "Safe environments", "response": scale },
            { "id": "ENV-01", "title": "Ligature risk assessment in date",
              "response": { "type": "yesNo" } },
            { "id": "NOTE", "title": "Observations", "response": { "type": "text" } }
        ] }
    ]);
    let bytes = serde_json::to_vec(&base).expect("serialises");
    keyline_core::template::parse(&bytes).expect("comparison template is valid")
}

fn levels(values: &[i32]) -> Vec<Response> {
    ["S1", "S2", "S3", "S4", "S5"]
        .iter()
        .zip(values)
        .filter(|(_, value)| **value != 0)
        .map(|(id, value)| {
            let answer = if *value < 0 {
                Answer::NotApplicable
            } else {
                Answer::Level(f64::from(*value))
            };
            Response::new(*id, answer)
        })
        .collect()
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn worked_kappa_example() {
    let t = template();
    let result = compare(&t, &levels(&[3, 3, 2, 4, 1]), &levels(&[3, 2, 2, 4, 2]));
    assert_eq!(result.items_compared, 5);
    assert_eq!(result.agreements, 3);
    assert_eq!(result.percent_agreement, Some(60.0));
    assert!(
        close(result.weighted_kappa, 16.0 / 21.0),
        "{:?}",
        result.weighted_kappa
    );
    assert_eq!(result.kappa_items, 5);
    let biggest: Vec<(&str, Option<&str>, Option<&str>)> = result
        .biggest_differences
        .iter()
        .map(|item| (item.id.as_str(), item.a.as_deref(), item.b.as_deref()))
        .collect();
    assert_eq!(
        biggest,
        [
            ("S2", Some("3, Good standard"), Some("2, Some shortfalls")),
            (
                "S5",
                Some("1, Significant shortfalls"),
                Some("2, Some shortfalls")
            )
        ]
    );
    assert!(close(result.biggest_differences[0].difference, 1.0 / 3.0));
    assert_eq!(
        result.explanation,
        "Both inspectors answered 5 items; they agree on 3 (60%). Quadratic-weighted kappa \
         over 5 items answered on a scale or scored choice: 0.76 (substantial agreement). \
         Largest differences: Safe systems (first 3, Good standard; second 2, Some \
         shortfalls) and Safe environments (first 1, Significant shortfalls; second 2, Some \
         shortfalls)."
    );
}

#[test]
fn identical_answers_agree_fully() {
    let t = template();
    let answers = levels(&[3, 3, 2, 4, 1]);
    let result = compare(&t, &answers, &answers);
    assert_eq!(result.percent_agreement, Some(100.0));
    assert!(close(result.weighted_kappa, 1.0));
    assert!(result.biggest_differences.is_empty());
}

#[test]
fn kappa_is_undefined_without_variation_or_items() {
    let t = template();
    let same = compare(&t, &levels(&[3, 3, 3, 3, 3]), &levels(&[3, 3, 3, 3, 3]));
    assert_eq!(same.weighted_kappa, None);
    assert_eq!(same.percent_agreement, Some(100.0));
    let one = compare(&t, &levels(&[3]), &levels(&[2]));
    assert_eq!(one.weighted_kappa, None);
    let none = compare(&t, &[], &[]);
    assert_eq!((none.items_compared, none.percent_agreement), (0, None));
    assert!(none.items.is_empty());
}

#[test]
fn na_and_one_sided_answers() {
    let t = template();
    let mut a = levels(&[-1, 3, 2, 4, 0]);
    a.push(Response::new("ENV-01", Answer::Yes));
    a.push(Response::new("NOTE", Answer::Text("Calm ward".into())));
    let mut b = levels(&[-1, 3, 3, 4, 2]);
    b.push(Response::new("ENV-01", Answer::No));
    let result = compare(&t, &a, &b);
    // S1 (both N/A), S2, S3, S4, ENV-01 compared; S5 and NOTE answered by one only.
    assert_eq!(result.items_compared, 5);
    assert_eq!(result.agreements, 3);
    assert_eq!(result.answered_by_one, ["S5", "NOTE"]);
    // The kappa uses scale items answered by both, N/A left out: S2, S3, S4.
    assert_eq!(result.kappa_items, 3);
    let env = result.items.iter().find(|item| item.id == "ENV-01");
    assert_eq!(env.map(|item| item.difference), Some(Some(1.0)));
    assert_eq!(result.biggest_differences[0].id, "ENV-01");
    let s1 = result.items.iter().find(|item| item.id == "S1");
    assert_eq!(
        s1.map(|item| (item.agree, item.difference)),
        Some((true, None))
    );
}

#[test]
fn order_and_repeats_do_not_matter() {
    let t = template();
    let a = levels(&[3, 3, 2, 4, 1]);
    let mut shuffled: Vec<Response> = a.iter().rev().cloned().collect();
    shuffled.insert(0, Response::new("S1", Answer::Level(1.0)));
    shuffled.push(Response::new("unknown", Answer::Yes));
    let b = levels(&[3, 2, 2, 4, 2]);
    assert_eq!(compare(&t, &a, &b), compare(&t, &shuffled, &b));
}
