//! The three templates Keyline ships must always validate, and keep the shape their
//! frameworks define: a change that drops a quality statement or a KLOE fails here.

use std::path::PathBuf;

use keyline_core::template::{parse, ResponseType, Template};

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
    assert_eq!(template.version, "1.0");
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
            (3..=6).contains(&statement.prompts.len()),
            "{}",
            statement.id
        );
        let keys: Vec<&str> = statement.descriptors.keys().map(String::as_str).collect();
        assert_eq!(keys, ["1", "2", "3", "4"], "{}", statement.id);
        assert!(
            (2..=5).contains(&statement.sub_items.len()),
            "{}",
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
    assert!(critical.contains(&"safe.safeguarding"));
    assert!(critical.contains(&"safe.medicines-optimisation"));
}

#[test]
fn key_lines_of_enquiry_are_s1_to_w8() {
    let template = shipped("cqc-kloe-mh-ward.json");
    assert_eq!(template.id, "cqc-kloe-mh-ward");
    let expected: Vec<String> = [("S", 6), ("E", 7), ("C", 3), ("R", 4), ("W", 8)]
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
}

#[test]
fn monthly_self_assessment_has_about_forty_yes_no_checks() {
    let template = shipped("monthly-ward-self-assessment.json");
    assert_eq!(template.id, "monthly-ward-self-assessment");
    let checks = template.items().count();
    assert!((35..=45).contains(&checks), "{checks} checks");
    assert!(template
        .items()
        .all(|(_, item)| item.response == ResponseType::YesNo));
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
    for name in [
        "cqc-saf-mh-ward.json",
        "cqc-kloe-mh-ward.json",
        "monthly-ward-self-assessment.json",
    ] {
        assert_eq!(
            shipped(name).schema.as_deref(),
            Some("./template.schema.json"),
            "{name}"
        );
    }
}
