//! Versions of a template: the changes between two in words, the next version number, the
//! starter a new template begins from.

use keyline_core::template::{
    compare_versions, next_version, parse, problems, starter, version_problem, ChangeKind,
    Consequence, Template,
};

fn shipped(name: &str) -> Template {
    let path = format!(
        "{}/../../inspection-templates/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    parse(&std::fs::read(&path).expect("read")).expect("parses")
}

fn saf() -> Template {
    shipped("cqc-saf-mh-ward.json")
}

#[test]
fn a_version_compared_with_itself_has_no_changes() {
    let template = saf();
    assert!(compare_versions(&template, &template).is_empty());
}

#[test]
fn item_changes_are_told_in_words() {
    let old = saf();
    let mut new = old.clone();
    let section = &mut new.sections[0];
    let section_title = section.title.clone();
    let first = section.items[0].title.clone();
    section.items[0].weight = 2.0;
    section.items[1].title = "A reworded statement".into();
    let removed = section.items.remove(2);
    let mut added = section.items[0].clone();
    added.id = "local.new-check".into();
    added.title = "Our own check".into();
    added.logic.clear();
    added.sub_items.clear();
    section.items.push(added);
    section.items[0]
        .logic
        .push(keyline_core::template::LogicRule {
            when: keyline_core::template::Condition {
                at_or_below: Some(1.0),
                answer_is: Vec::new(),
            },
            then: Consequence::RequireNote,
        });
    let changes = compare_versions(&old, &new);
    let said: Vec<(ChangeKind, String, String)> = changes
        .iter()
        .map(|c| (c.kind, c.place.clone(), c.words.clone()))
        .collect();
    let first_place = format!("Item “{first}” ({section_title})");
    assert!(
        said.contains(&(
            ChangeKind::Reweighted,
            first_place.clone(),
            "weight 1 → 2".into()
        )),
        "{said:#?}"
    );
    assert!(said.iter().any(|(k, p, w)| *k == ChangeKind::Logic
        && *p == first_place
        && w.starts_with("logic changed")));
    assert!(said.iter().any(|(k, p, w)| *k == ChangeKind::Reworded
        && p == &format!("Item “A reworded statement” ({section_title})")
        && w.starts_with("title was “")));
    assert!(said.contains(&(
        ChangeKind::Added,
        format!("Item “Our own check” ({section_title})"),
        format!("added to {section_title}")
    )));
    assert!(said.contains(&(
        ChangeKind::Removed,
        format!("Item “{}” ({section_title})", removed.title),
        format!("removed from {section_title}")
    )));
}

#[test]
fn sections_bands_and_rules_changes_are_told() {
    let old = saf();
    let mut new = old.clone();
    new.sections.swap(0, 1);
    new.banding.bands[0].min += 1.0;
    new.overall.rules.remove(0);
    let changes = compare_versions(&old, &new);
    assert!(changes
        .iter()
        .any(|c| c.kind == ChangeKind::Moved && c.place == "Sections"));
    assert!(changes
        .iter()
        .any(|c| c.place == "Bands" && c.words.starts_with("were ")));
    assert!(changes.iter().any(|c| c.kind == ChangeKind::Removed
        && c.place == "Overall rating rules"
        && c.words == format!("rule removed: {}", old.overall.rules[0].description)));
}

#[test]
fn the_next_version_raises_the_last_part() {
    assert_eq!(next_version(None), "1.0");
    assert_eq!(next_version(Some("2.0")), "2.1");
    assert_eq!(next_version(Some("2024.9")), "2024.10");
    assert_eq!(next_version(Some("3")), "4.0");
}

#[test]
fn a_version_must_come_after_the_existing_ones() {
    assert!(version_problem("2.1", &["1.0", "2.0"]).is_none());
    assert!(version_problem("1.0", &[]).is_none());
    let problem = version_problem("1.10", &["1.9", "1.10"]).expect("same as newest");
    assert_eq!(problem.place, "Version");
    assert!(
        problem.message.contains("publish it as 1.11 or later"),
        "{}",
        problem.message
    );
    let problem = version_problem("two", &[]).expect("not a version");
    assert_eq!(problem.path, "$.version");
}

#[test]
fn the_starter_only_lacks_items() {
    let problems = problems(&starter("our-checks"));
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].place, "Section 1 “First section”");
    assert!(
        problems[0].message.contains("item"),
        "{}",
        problems[0].message
    );
}

#[test]
fn problems_in_memory_are_placed_by_titles() {
    let mut template = saf();
    let title = template.sections[1].title.clone();
    let item = template.sections[1].items[2].title.clone();
    template.sections[1].items[2].weight = -1.0;
    let found = problems(&template);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].place,
        format!("Section 2 “{title}”, item 3 “{item}”, weight")
    );
    assert_eq!(found[0].path, "$.sections[1].items[2].weight");
    assert!(found[0]
        .to_string()
        .starts_with(&format!("Section 2 “{title}”")));
}
