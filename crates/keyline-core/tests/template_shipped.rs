//! The three templates Keyline ships must always validate, and keep the shape their
//! frameworks define: a change that drops a quality statement or a KLOE fails here.

use std::path::PathBuf;

use keyline_core::scoring::is_regulation;
use keyline_core::template::{parse, Item, ResponseType, Source, Template};

const SHIPPED: [&str; 3] = [
    "cqc-saf-mh-ward.json",
    "cqc-kloe-mh-ward.json",
    "monthly-ward-self-assessment.json",
];

fn shipped(name: &str) -> Template {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../inspection-templates")
        .join(name);
    let bytes = std::fs::read(&path).expect("read a shipped template");
    match parse(&bytes) {
        Ok(template) => template,
        Err(problems) => panic!(
            "{} does not validate:\n{}",
            path.display(),
            problems
                .iter()
                .map(|problem| format!("  {problem}\n"))
                .collect::<String>()
        ),
    }
}

fn item_ids(template: &Template) -> Vec<&str> {
    template.items().map(|(_, item)| item.id.as_str()).collect()
}

#[test]
fn single_assessment_framework_has_34_quality_statements_under_5_key_questions() {
    let template = shipped("cqc-saf-mh-ward.json");
    assert_eq!(template.id, "cqc-saf-mh-ward");
    assert_eq!(template.version, "2.0");
    let sections: Vec<(&str, usize)> = template
        .sections
        .iter()
        .map(|section| (section.id.as_str(), section.items.len()))
        .collect();
    assert_eq!(
        sections,
        [
            ("safe", 8),
            ("effective", 6),
            ("caring", 5),
            ("responsive", 7),
            ("well-led", 8)
        ]
    );
    assert_eq!(template.items().count(), 34);
    for (_, statement) in template.items() {
        assert!(
            (3..=7).contains(&statement.prompts.len()),
            "{}",
            statement.id
        );
        let keys: Vec<&str> = statement.descriptors.keys().map(String::as_str).collect();
        assert_eq!(keys, ["1", "2", "3", "4"], "{}", statement.id);
        // Evidence categories are notes: since December 2024 only the statement is scored.
        let categories: Vec<&Item> = statement
            .sub_items
            .iter()
            .filter(|sub| sub.response == ResponseType::Text)
            .collect();
        assert!((3..=6).contains(&categories.len()), "{}", statement.id);
        assert!(
            statement.sub_items.iter().all(
                |sub| sub.response == ResponseType::Text || sub.response == ResponseType::YesNo
            ),
            "{}: sub-items are notes or checks",
            statement.id
        );
        assert!(
            !statement.na_allowed && statement.mandatory,
            "{}",
            statement.id
        );
    }
    let critical: Vec<&str> = template
        .items()
        .filter(|(_, item)| item.critical.is_some())
        .map(|(_, item)| item.id.as_str())
        .collect();
    assert_eq!(
        critical,
        [
            "safe.safeguarding",
            "safe.involving-people-in-risk",
            "safe.safe-environments",
            "safe.staffing",
            "safe.medicines-optimisation",
            "effective.consent"
        ]
    );
    let caps = template.caps.as_ref().expect("caps");
    assert_eq!(caps.breach.as_deref(), Some("requires-improvement"));
}

/// CQC's published mental-health evidence categories, for the statements whose mapping
/// could be read: "Care provision, integration and continuity" has no outcomes, and
/// "Partnerships and communities" has people's experience and processes.
#[test]
fn evidence_categories_follow_cqcs_mental_health_mapping_where_checked() {
    let template = shipped("cqc-saf-mh-ward.json");
    let categories = |id: &str| -> Vec<String> {
        template
            .find_item(id)
            .expect("statement")
            .sub_items
            .iter()
            .filter(|sub| sub.response == ResponseType::Text)
            .map(|sub| sub.title.clone())
            .collect()
    };
    let four = [
        "People's experience",
        "Feedback from staff and leaders",
        "Feedback from partners",
        "Processes",
    ];
    assert_eq!(categories("responsive.integration-continuity"), four);
    assert_eq!(categories("well-led.partnerships-communities"), four);
    assert_eq!(
        categories("responsive.equity-in-access"),
        [
            "People's experience",
            "Feedback from staff and leaders",
            "Processes"
        ]
    );
}

#[test]
fn key_lines_of_enquiry_are_s1_to_w8() {
    let template = shipped("cqc-kloe-mh-ward.json");
    assert_eq!(template.id, "cqc-kloe-mh-ward");
    let expected: Vec<String> = [("S", 6), ("E", 6), ("C", 3), ("R", 4), ("W", 8)]
        .iter()
        .flat_map(|(letter, count)| (1..=*count).map(move |n| format!("{letter}{n}")))
        .collect();
    assert_eq!(item_ids(&template), expected);
    for (_, kloe) in template.items() {
        assert!((3..=6).contains(&kloe.prompts.len()), "{}", kloe.id);
        let ResponseType::Choice { options } = &kloe.response else {
            panic!("{} is not rated by a choice", kloe.id);
        };
        let scored: Vec<(&str, f64)> = options
            .iter()
            .map(|option| (option.value.as_str(), option.score))
            .collect();
        assert_eq!(
            scored,
            [
                ("outstanding", 4.0),
                ("good", 3.0),
                ("requires-improvement", 2.0),
                ("inadequate", 1.0)
            ]
        );
        assert_eq!(kloe.descriptors.len(), 4, "{}", kloe.id);
    }
    // E6 is consent (and the Mental Health Act); there is no E7 for healthcare services.
    let e6 = template.find_item("E6").expect("E6");
    assert!(e6.title.starts_with("Consent"), "{}", e6.title);
    // Key questions are judged against rating characteristics, shipped for the moderator.
    for section in &template.sections {
        let ratings: Vec<&str> = section.characteristics.keys().map(String::as_str).collect();
        assert_eq!(
            ratings,
            ["good", "inadequate", "outstanding", "requires-improvement"],
            "{}",
            section.id
        );
    }
    let critical: Vec<&str> = template
        .items()
        .filter(|(_, item)| item.critical.is_some())
        .map(|(_, item)| item.id.as_str())
        .collect();
    assert_eq!(critical, ["S1", "S2", "S4", "E6"]);
    assert!(template.description.contains("Keyline's own aid"));
}

#[test]
fn monthly_self_assessment_counts_what_it_samples() {
    let template = shipped("monthly-ward-self-assessment.json");
    assert_eq!(template.id, "monthly-ward-self-assessment");
    let checks = template.items().count();
    assert!((45..=65).contains(&checks), "{checks} checks");
    let counts = template
        .items()
        .filter(|(_, item)| matches!(item.response, ResponseType::Count { .. }))
        .count();
    assert!(
        counts >= 20,
        "record and patient checks are counts: {counts}"
    );
    for id in [
        "care-records.risk-assessments-updated",
        "mental-health-act.consent-certificates",
        "restrictive-practice.rapid-tranquillisation-monitoring",
    ] {
        let item = template.find_item(id).expect(id);
        assert!(
            matches!(item.response, ResponseType::Count { .. }),
            "{id} is a count"
        );
    }
    for section in ["use-of-force", "closed-cultures"] {
        assert!(
            template.sections.iter().any(|s| s.id == section),
            "{section}"
        );
    }
    assert!(template.items().any(|(_, item)| item.follow_up));
    assert!(template.items().any(|(_, item)| item.critical.is_some()));
}

#[test]
fn lookups_find_items_ratings_and_scales() {
    let template = shipped("cqc-saf-mh-ward.json");
    let safeguarding = template
        .find_item("safe.safeguarding")
        .expect("a statement");
    assert_eq!(safeguarding.title, "Safeguarding");
    assert!(template.find_item("safe.safeguarding.people").is_some());
    assert!(template.find_item("nothing").is_none());
    assert_eq!(
        template
            .rating("requires-improvement")
            .map(|rating| rating.label.as_str()),
        Some("Requires improvement")
    );
    assert_eq!(safeguarding.response.max_score(&template), Some(4.0));
    assert_eq!(
        template.scale("saf-score").map(|scale| scale.levels.len()),
        Some(4)
    );
}

#[test]
fn every_shipped_template_names_the_schema() {
    for name in SHIPPED {
        assert_eq!(
            shipped(name).schema.as_deref(),
            Some("./template.schema.json"),
            "{name}"
        );
    }
}

/// Every shipped fact says where it comes from, and every item the regulations it evidences.
#[test]
fn every_shipped_item_and_rule_has_sources_and_every_item_regulations() {
    fn cited(sources: &[Source], what: &str, name: &str) {
        assert!(!sources.is_empty(), "{name}: {what} has no sources");
        for source in sources {
            assert!(
                source.own
                    || source
                        .url
                        .as_deref()
                        .is_some_and(|u| u.starts_with("https://")),
                "{name}: {what}: {source:?}"
            );
        }
    }
    for name in SHIPPED {
        let template = shipped(name);
        cited(&template.sources, "the template", name);
        cited(&template.banding.sources, "the banding", name);
        cited(
            &template.caps.as_ref().expect("caps").sources,
            "the caps",
            name,
        );
        cited(&template.overall.sources, "the overall rules", name);
        for rule in &template.overall.rules {
            cited(&rule.sources, &rule.description, name);
        }
        let numbers: Vec<&str> = template
            .regulations
            .iter()
            .map(|r| r.number.as_str())
            .collect();
        assert_eq!(
            numbers,
            ["9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "20A"],
            "{name} lists the fundamental standards"
        );
        for regulation in &template.regulations {
            cited(&regulation.sources, &regulation.title, name);
        }
        for (_, item) in template.items() {
            for it in std::iter::once(item).chain(&item.sub_items) {
                cited(&it.sources, &it.id, name);
                assert!(
                    !it.regulations.is_empty(),
                    "{name}: {} has no regulations",
                    it.id
                );
                for number in &it.regulations {
                    assert!(is_regulation(number), "{name}: {}: {number}", it.id);
                }
            }
        }
    }
}

/// The check above can fail: an item without sources, or citing regulation 21, is caught.
#[test]
fn an_item_without_sources_or_with_regulation_21_is_refused() {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../inspection-templates/cqc-kloe-mh-ward.json"),
    )
    .expect("read");
    let mut value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    value["sections"][0]["items"][0]["regulations"] = serde_json::json!(["21"]);
    let problems = parse(&serde_json::to_vec(&value).expect("bytes")).expect_err("21 is refused");
    assert!(
        problems
            .iter()
            .any(|p| p.path == "$.sections[0].items[0].regulations[0]"),
        "{problems:?}"
    );
    value["sections"][0]["items"][0]["regulations"] = serde_json::json!(["12"]);
    value["sections"][0]["items"][0]["sources"] = serde_json::json!([{ "title": "Somewhere" }]);
    let problems = parse(&serde_json::to_vec(&value).expect("bytes")).expect_err("no address");
    assert!(
        problems
            .iter()
            .any(|p| p.path == "$.sections[0].items[0].sources[0]"),
        "{problems:?}"
    );
}
