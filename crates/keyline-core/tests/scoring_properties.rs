//! Properties the published method promises, checked on generated templates and answers:
//! raising an answer never lowers a section percentage; marking an item N/A never changes
//! another item's contribution; the order of responses does not matter; a 1–4 scale gives
//! percentages from 25 to 100 when everything is answered; and no input makes scoring panic.

use keyline_core::scoring::{compare, score, Answer, Response, ScoreResult};
use keyline_core::template::Template;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{json, Value};

const BASE: &str = include_str!("fixtures/scoring/base.json");

#[derive(Debug, Clone)]
enum Kind {
    Scale,
    YesNo,
    Partial,
    /// Option scores.
    Choice(Vec<f64>),
    /// Scored from this many 1–4 sub-items.
    RolledUp(usize),
}

#[derive(Debug, Clone)]
struct ItemSpec {
    kind: Kind,
    weight: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Empty,
    Na,
    /// Index into the unit's answers, lowest score first (taken modulo their number).
    Pick(usize),
}

/// Something an inspector answers: an item, or a sub-item of a rolled-up item.
struct Unit {
    id: String,
    /// Possible answers, lowest score first.
    answers: Vec<Answer>,
}

fn item_spec(scale_only: bool) -> BoxedStrategy<ItemSpec> {
    let weight = select(vec![0.5, 1.0, 2.0, 3.0]);
    let kind = if scale_only {
        Just(Kind::Scale).boxed()
    } else {
        prop_oneof![
            Just(Kind::Scale),
            Just(Kind::YesNo),
            Just(Kind::Partial),
            prop::collection::vec(select(vec![0.0, 0.5, 1.0, 2.0, 5.0]), 2..4)
                .prop_map(Kind::Choice),
            (2usize..4).prop_map(Kind::RolledUp),
        ]
        .boxed()
    };
    (kind, weight)
        .prop_map(|(kind, weight)| ItemSpec { kind, weight })
        .boxed()
}

fn spec(scale_only: bool) -> impl Strategy<Value = Vec<Vec<ItemSpec>>> {
    prop::collection::vec(prop::collection::vec(item_spec(scale_only), 1..6), 1..4)
}

fn slot() -> impl Strategy<Value = Slot> {
    prop_oneof![
        1 => Just(Slot::Empty),
        1 => Just(Slot::Na),
        4 => (0usize..8).prop_map(Slot::Pick),
    ]
}

fn scale_item(id: &str, weight: f64) -> Value {
    json!({ "id": id, "title": id, "weight": weight, "naAllowed": true,
            "response": { "type": "scale", "scale": "cqc" } })
}

fn build(spec: &[Vec<ItemSpec>]) -> (Template, Vec<Unit>) {
    let levels: Vec<Answer> = (1..=4).map(|v| Answer::Level(f64::from(v))).collect();
    let mut units = Vec::new();
    let mut sections = Vec::new();
    for (s, items) in spec.iter().enumerate() {
        let mut json_items = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let id = format!("I{s}-{i}");
            let weight = item.weight;
            let value = match &item.kind {
                Kind::Scale => {
                    units.push(Unit {
                        id: id.clone(),
                        answers: levels.clone(),
                    });
                    scale_item(&id, weight)
                }
                Kind::YesNo => {
                    units.push(Unit {
                        id: id.clone(),
                        answers: vec![Answer::No, Answer::Yes],
                    });
                    json!({ "id": id, "title": id, "weight": weight, "naAllowed": true,
                            "response": { "type": "yesNo" } })
                }
                Kind::Partial => {
                    units.push(Unit {
                        id: id.clone(),
                        answers: vec![Answer::No, Answer::Partial, Answer::Yes],
                    });
                    json!({ "id": id, "title": id, "weight": weight, "naAllowed": true,
                            "response": { "type": "partial" } })
                }
                Kind::Choice(scores) => {
                    let mut scores = scores.clone();
                    scores.sort_by(f64::total_cmp);
                    let options: Vec<Value> = scores
                        .iter()
                        .enumerate()
                        .map(|(k, score)| json!({ "value": format!("o{k}"), "label": format!("Option {k}"), "score": score }))
                        .collect();
                    units.push(Unit {
                        id: id.clone(),
                        answers: (0..scores.len())
                            .map(|k| Answer::Choice(format!("o{k}")))
                            .collect(),
                    });
                    json!({ "id": id, "title": id, "weight": weight, "naAllowed": true,
                            "response": { "type": "choice", "options": options } })
                }
                Kind::RolledUp(n) => {
                    let subs: Vec<Value> = (0..*n)
                        .map(|k| {
                            let sub = format!("{id}.{k}");
                            units.push(Unit {
                                id: sub.clone(),
                                answers: levels.clone(),
                            });
                            scale_item(&sub, 1.0)
                        })
                        .collect();
                    json!({ "id": id, "title": id, "weight": weight, "rollUp": "fromSubItems",
                            "response": { "type": "scale", "scale": "cqc" }, "subItems": subs })
                }
            };
            json_items.push(value);
        }
        sections.push(json!({ "id": format!("section-{s}"), "title": format!("Section {s}"), "items": json_items }));
    }
    let mut base: Value = serde_json::from_str(BASE).expect("base fixture is JSON");
    base["sections"] = Value::Array(sections);
    let bytes = serde_json::to_vec(&base).expect("serialises");
    let template = keyline_core::template::parse(&bytes).expect("generated template is valid");
    (template, units)
}

fn responses(units: &[Unit], slots: &[Slot]) -> Vec<Response> {
    units
        .iter()
        .zip(slots)
        .filter_map(|(unit, slot)| match slot {
            Slot::Empty => None,
            Slot::Na => Some(Response::new(&unit.id, Answer::NotApplicable)),
            Slot::Pick(k) => Some(Response::new(
                &unit.id,
                unit.answers[k % unit.answers.len()].clone(),
            )),
        })
        .collect()
}

/// A generated template with one slot per unit.
fn inspection(scale_only: bool) -> impl Strategy<Value = (Vec<Vec<ItemSpec>>, Vec<Slot>)> {
    spec(scale_only).prop_flat_map(|spec| {
        let (_, units) = build(&spec);
        let slots = prop::collection::vec(slot(), units.len());
        (Just(spec), slots)
    })
}

fn percents(result: &ScoreResult) -> Vec<Option<f64>> {
    result
        .sections
        .iter()
        .map(|section| section.percent)
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn raising_an_answer_never_lowers_a_section_percentage(
        (spec, slots) in inspection(false),
        which in any::<prop::sample::Index>(),
        step in 1usize..4,
    ) {
        let (template, units) = build(&spec);
        let at = which.index(units.len());
        let current = match slots[at] {
            Slot::Pick(k) => k % units[at].answers.len(),
            Slot::Empty | Slot::Na => return Ok(()),
        };
        let raised = (current + step).min(units[at].answers.len() - 1);
        let mut higher = slots.clone();
        higher[at] = Slot::Pick(raised);
        let before = score(&template, &responses(&units, &slots), &[]);
        let after = score(&template, &responses(&units, &higher), &[]);
        for (old, new) in percents(&before).into_iter().zip(percents(&after)) {
            if let (Some(old), Some(new)) = (old, new) {
                prop_assert!(new >= old - 1e-9, "{old} became {new}");
            }
            prop_assert_eq!(old.is_some(), new.is_some());
        }
    }

    #[test]
    fn marking_an_item_na_never_changes_other_items(
        (spec, slots) in inspection(false),
        which in any::<prop::sample::Index>(),
    ) {
        let (template, units) = build(&spec);
        let at = which.index(units.len());
        let mut na = slots.clone();
        na[at] = Slot::Na;
        let before = score(&template, &responses(&units, &slots), &[]);
        let after = score(&template, &responses(&units, &na), &[]);
        let changed = &units[at].id;
        // The item marked N/A, and the item it is a sub-item of, may change; nothing else.
        let parent = changed.split('.').next().unwrap_or_default();
        for (old, new) in before.items.iter().zip(&after.items) {
            if old.id != *changed && old.id != parent {
                prop_assert_eq!((old.score, old.max, old.na), (new.score, new.max, new.na), "{}", old.id);
            }
        }
    }

    #[test]
    fn the_order_of_responses_does_not_matter(
        (spec, slots) in inspection(false),
        order in any::<u64>(),
    ) {
        let (template, units) = build(&spec);
        let given = responses(&units, &slots);
        let mut shuffled = given.clone();
        // A deterministic shuffle driven by the generated number.
        let mut state = order | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let j = usize::try_from(state % (i as u64 + 1)).unwrap_or(0);
            shuffled.swap(i, j);
        }
        prop_assert_eq!(score(&template, &given, &[]), score(&template, &shuffled, &[]));
        prop_assert_eq!(compare(&template, &given, &given), compare(&template, &shuffled, &shuffled));
    }

    #[test]
    fn a_one_to_four_scale_gives_25_to_100_percent_when_all_answered(
        (spec, slots) in inspection(true),
    ) {
        let (template, units) = build(&spec);
        let all: Vec<Slot> = slots
            .iter()
            .map(|slot| match slot {
                Slot::Pick(k) => Slot::Pick(*k),
                Slot::Empty | Slot::Na => Slot::Pick(0),
            })
            .collect();
        let result = score(&template, &responses(&units, &all), &[]);
        prop_assert!(result.complete);
        for section in &result.sections {
            let percent = section.percent.unwrap_or(f64::NAN);
            prop_assert!((25.0 - 1e-9..=100.0 + 1e-9).contains(&percent), "{percent}");
            prop_assert!(section.rating.is_some());
        }
    }

    #[test]
    fn any_answers_to_any_items_score_without_panicking(
        (spec, _) in inspection(false),
        wild in prop::collection::vec((0usize..40, 0usize..10, -10.0f64..10.0), 0..30),
    ) {
        let (template, units) = build(&spec);
        let responses: Vec<Response> = wild
            .iter()
            .map(|(unit, kind, value)| {
                let id = units.get(*unit).map_or_else(|| format!("ghost-{unit}"), |u| u.id.clone());
                let answer = match kind {
                    0 => Answer::Level(*value),
                    1 => Answer::Yes,
                    2 => Answer::No,
                    3 => Answer::Partial,
                    4 => Answer::Choice(format!("o{}", value.abs() as u32)),
                    5 => Answer::Number(*value),
                    6 => Answer::Text(value.to_string()),
                    7 => Answer::Date("2025-02-30".into()),
                    _ => Answer::NotApplicable,
                };
                Response::new(id, answer)
            })
            .collect();
        let result = score(&template, &responses, &[]);
        prop_assert_eq!(result.items.len(), units.len() + spec.iter().flatten().filter(|i| matches!(i.kind, Kind::RolledUp(_))).count());
        for section in &result.sections {
            prop_assert!(section.earned <= section.possible + 1e-9);
        }
        let _ = compare(&template, &responses, &[]);
    }
}
