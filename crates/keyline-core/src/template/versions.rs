//! Versions of a template: what changed between two of them, in words a governance group
//! reads ("Item 3 “Staffing” of “Safe”: weight 1 → 2"), the version number a new one should
//! take, and the skeleton a new template starts from.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use super::{
    Banding, Item, OverallRules, Problem, Rating, ResponseType, RoundingMode, Scale, Section,
    Template,
};

/// What kind of change a [`Change`] is, so a list can be grouped or filtered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum ChangeKind {
    Added,
    Removed,
    /// A title, prompt or descriptor reads differently.
    Reworded,
    /// A weight changed.
    Reweighted,
    /// A logic rule (follow-ups, required notes or evidence, suggested actions) changed.
    Logic,
    /// Moved to another section or position.
    Moved,
    /// Anything else: how an item is answered, N/A, mandatory, critical, scales, bands, rules.
    Changed,
}

impl ChangeKind {
    /// Every kind, in the order a list of changes is grouped.
    pub const ALL: [ChangeKind; 7] = [
        ChangeKind::Added,
        ChangeKind::Removed,
        ChangeKind::Reworded,
        ChangeKind::Reweighted,
        ChangeKind::Logic,
        ChangeKind::Moved,
        ChangeKind::Changed,
    ];

    /// The heading of a group of changes of this kind.
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::Added => "Added",
            ChangeKind::Removed => "Removed",
            ChangeKind::Reworded => "Reworded",
            ChangeKind::Reweighted => "Re-weighted",
            ChangeKind::Logic => "Logic changed",
            ChangeKind::Moved => "Moved",
            ChangeKind::Changed => "Other changes",
        }
    }
}

/// One difference between two versions of a template.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Change {
    pub kind: ChangeKind,
    /// What changed, in words: "Item “Staffing” (Safe)", "Scale “Four levels”", "Bands".
    pub place: String,
    /// How it changed: "weight 1 → 2", "added to Safe", "title was “…”".
    pub words: String,
}

fn change(kind: ChangeKind, place: impl Into<String>, words: impl Into<String>) -> Change {
    Change {
        kind,
        place: place.into(),
        words: words.into(),
    }
}

/// Every difference from `old` to `new`, template-wide things first, then sections, then
/// items in the new version's order (removed items last). Items and sections are matched by
/// id, so a reworded item is a rewording, not a removal and an addition.
pub fn compare_versions(old: &Template, new: &Template) -> Vec<Change> {
    let mut changes = Vec::new();
    compare_template_fields(old, new, &mut changes);
    compare_sections(old, new, &mut changes);
    compare_items(old, new, &mut changes);
    changes
}

fn compare_template_fields(old: &Template, new: &Template, out: &mut Vec<Change>) {
    if old.id != new.id {
        out.push(change(
            ChangeKind::Changed,
            "Template",
            format!("id {} → {}", old.id, new.id),
        ));
    }
    text_change(out, "Template", "title", &old.title, &new.title);
    text_change(
        out,
        "Template",
        "description",
        &old.description,
        &new.description,
    );
    text_change(out, "Template", "source", &old.source, &new.source);
    if old.sources != new.sources {
        out.push(change(
            ChangeKind::Changed,
            "Template",
            "the sources it rests on changed",
        ));
    }
    if old.regulations != new.regulations {
        out.push(change(
            ChangeKind::Changed,
            "Regulations",
            "the regulations items may cite changed",
        ));
    }
    compare_scales(&old.scales, &new.scales, out);
    compare_ratings(&old.ratings, &new.ratings, out);
    compare_banding(&old.banding, &new.banding, out);
    if old.roll_up != new.roll_up {
        out.push(change(
            ChangeKind::Changed,
            "Template",
            "how items with sub-items are scored changed",
        ));
    }
    if old.caps != new.caps {
        let cap = |t: &Template| {
            t.caps
                .as_ref()
                .map(|c| rating_label(t, &c.critical))
                .unwrap_or_else(|| "none".to_owned())
        };
        out.push(change(
            ChangeKind::Changed,
            "Caps",
            format!(
                "critical failures cap a section at {} → {}",
                cap(old),
                cap(new)
            ),
        ));
    }
    compare_overall(old, new, &old.overall, &new.overall, out);
}

fn text_change(out: &mut Vec<Change>, place: &str, what: &str, old: &str, new: &str) {
    if old != new {
        out.push(change(
            ChangeKind::Reworded,
            place,
            format!("{what} was {}, now {}", quote(old), quote(new)),
        ));
    }
}

fn compare_scales(old: &[Scale], new: &[Scale], out: &mut Vec<Change>) {
    for scale in new {
        let place = format!("Scale “{}”", scale.title);
        match old.iter().find(|o| o.id == scale.id) {
            None => out.push(change(
                ChangeKind::Added,
                place,
                format!("added, {} levels", scale.levels.len()),
            )),
            Some(before) if before != scale => {
                let levels = |s: &Scale| {
                    s.levels
                        .iter()
                        .map(|l| format!("{} {}", number(l.value), l.label))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                out.push(change(
                    ChangeKind::Changed,
                    place,
                    format!("levels were {}; now {}", levels(before), levels(scale)),
                ));
            }
            Some(_) => {}
        }
    }
    for scale in old.iter().filter(|o| !new.iter().any(|n| n.id == o.id)) {
        out.push(change(
            ChangeKind::Removed,
            format!("Scale “{}”", scale.title),
            "removed",
        ));
    }
}

fn compare_ratings(old: &[Rating], new: &[Rating], out: &mut Vec<Change>) {
    if old != new {
        let labels = |r: &[Rating]| {
            r.iter()
                .map(|x| x.label.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push(change(
            ChangeKind::Changed,
            "Ratings",
            format!("were {}; now {}", labels(old), labels(new)),
        ));
    }
}

fn compare_banding(old: &Banding, new: &Banding, out: &mut Vec<Change>) {
    if old.bands != new.bands {
        let bands = |b: &Banding| {
            b.bands
                .iter()
                .map(|x| format!("{}–{} {}", number(x.min), number(x.max), x.rating))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push(change(
            ChangeKind::Changed,
            "Bands",
            format!("were {}; now {}", bands(old), bands(new)),
        ));
    }
    if old.rounding != new.rounding {
        let rounding = |b: &Banding| {
            format!(
                "{} to {} decimal place{}",
                match b.rounding.mode {
                    RoundingMode::HalfUp => "halves up",
                    RoundingMode::Down => "down",
                },
                b.rounding.decimals,
                if b.rounding.decimals == 1 { "" } else { "s" }
            )
        };
        out.push(change(
            ChangeKind::Changed,
            "Rounding",
            format!("was {}; now {}", rounding(old), rounding(new)),
        ));
    }
    if old.provisional_minimum != new.provisional_minimum {
        out.push(change(
            ChangeKind::Changed,
            "Provisional ratings",
            "the share of items answered before a rating shows changed",
        ));
    }
}

fn compare_overall(
    old_t: &Template,
    new_t: &Template,
    old: &OverallRules,
    new: &OverallRules,
    out: &mut Vec<Change>,
) {
    let rules = |r: &OverallRules| {
        r.rules
            .iter()
            .map(|x| x.description.clone())
            .collect::<Vec<_>>()
    };
    let (before, after) = (rules(old), rules(new));
    for rule in after.iter().filter(|r| !before.contains(r)) {
        out.push(change(
            ChangeKind::Added,
            "Overall rating rules",
            format!("rule added: {rule}"),
        ));
    }
    for rule in before.iter().filter(|r| !after.contains(r)) {
        out.push(change(
            ChangeKind::Removed,
            "Overall rating rules",
            format!("rule removed: {rule}"),
        ));
    }
    if before == after && old.rules != new.rules {
        out.push(change(
            ChangeKind::Changed,
            "Overall rating rules",
            "the conditions of a rule changed (its wording did not)",
        ));
    }
    if old.default != new.default {
        out.push(change(
            ChangeKind::Changed,
            "Overall rating rules",
            format!(
                "when no rule applies: {} → {}",
                rating_label(old_t, &old.default),
                rating_label(new_t, &new.default)
            ),
        ));
    }
}

fn compare_sections(old: &Template, new: &Template, out: &mut Vec<Change>) {
    let old_order: Vec<&str> = old.sections.iter().map(|s| s.id.as_str()).collect();
    let kept: Vec<&str> = new
        .sections
        .iter()
        .map(|s| s.id.as_str())
        .filter(|id| old_order.contains(id))
        .collect();
    let old_kept: Vec<&str> = old_order
        .iter()
        .copied()
        .filter(|id| kept.contains(id))
        .collect();
    for section in &new.sections {
        let place = format!("Section “{}”", section.title);
        match old.sections.iter().find(|s| s.id == section.id) {
            None => out.push(change(
                ChangeKind::Added,
                place,
                format!("added with {} items", section.items.len()),
            )),
            Some(before) => {
                text_change(out, &place, "title", &before.title, &section.title);
                text_change(
                    out,
                    &place,
                    "description",
                    &before.description,
                    &section.description,
                );
                if before.characteristics != section.characteristics {
                    out.push(change(
                        ChangeKind::Reworded,
                        place.clone(),
                        "what each rating looks like was reworded",
                    ));
                }
                if before.sources != section.sources {
                    out.push(change(ChangeKind::Changed, place, "its sources changed"));
                }
            }
        }
    }
    if kept != old_kept {
        out.push(change(
            ChangeKind::Moved,
            "Sections",
            format!(
                "order was {}; now {}",
                section_titles(old, &old_kept),
                section_titles(new, &kept)
            ),
        ));
    }
    for section in old
        .sections
        .iter()
        .filter(|s| !new.sections.iter().any(|n| n.id == s.id))
    {
        out.push(change(
            ChangeKind::Removed,
            format!("Section “{}”", section.title),
            format!("removed with its {} items", section.items.len()),
        ));
    }
}

fn section_titles(template: &Template, ids: &[&str]) -> String {
    ids.iter()
        .filter_map(|id| template.sections.iter().find(|s| s.id == *id))
        .map(|s| s.title.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every item and sub-item with its section and position (1-based) in its parent.
fn item_index(template: &Template) -> HashMap<&str, (&Section, &Item, usize)> {
    let mut index = HashMap::new();
    for section in &template.sections {
        for (position, item) in section.items.iter().enumerate() {
            index.insert(item.id.as_str(), (section, item, position + 1));
            for (sub_position, sub) in item.sub_items.iter().enumerate() {
                index.insert(sub.id.as_str(), (section, sub, sub_position + 1));
            }
        }
    }
    index
}

fn compare_items(old: &Template, new: &Template, out: &mut Vec<Change>) {
    let before = item_index(old);
    let after = item_index(new);
    let mut order: Vec<&Item> = Vec::new();
    for (_, item) in new.items() {
        order.push(item);
        order.extend(item.sub_items.iter());
    }
    for item in order {
        let Some(&(section, _, _)) = after.get(item.id.as_str()) else {
            continue;
        };
        let place = format!("Item “{}” ({})", item.title, section.title);
        match before.get(item.id.as_str()) {
            None => out.push(change(
                ChangeKind::Added,
                place,
                format!("added to {}", section.title),
            )),
            Some(&(old_section, old_item, _)) => {
                compare_item(old, new, old_item, item, &place, out);
                if old_section.id != section.id {
                    out.push(change(
                        ChangeKind::Moved,
                        place,
                        format!("moved from {} to {}", old_section.title, section.title),
                    ));
                }
            }
        }
    }
    let mut removed: Vec<(&str, &str)> = before
        .iter()
        .filter(|(id, _)| !after.contains_key(*id))
        .map(|(_, (section, item, _))| (section.title.as_str(), item.title.as_str()))
        .collect();
    removed.sort_unstable();
    for (section, title) in removed {
        out.push(change(
            ChangeKind::Removed,
            format!("Item “{title}” ({section})"),
            format!("removed from {section}"),
        ));
    }
}

fn compare_item(
    old_t: &Template,
    new_t: &Template,
    old: &Item,
    new: &Item,
    place: &str,
    out: &mut Vec<Change>,
) {
    text_change(out, place, "title", &old.title, &new.title);
    if old.prompts != new.prompts {
        out.push(change(
            ChangeKind::Reworded,
            place,
            format!(
                "what to look at was reworded ({} prompt{} → {})",
                old.prompts.len(),
                if old.prompts.len() == 1 { "" } else { "s" },
                new.prompts.len()
            ),
        ));
    }
    if old.descriptors != new.descriptors {
        let keys: BTreeSet<&String> = old
            .descriptors
            .keys()
            .chain(new.descriptors.keys())
            .filter(|k| old.descriptors.get(*k) != new.descriptors.get(*k))
            .collect();
        out.push(change(
            ChangeKind::Reworded,
            place,
            format!(
                "descriptor{} for {} reworded",
                if keys.len() == 1 { "" } else { "s" },
                keys.into_iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    if old.weight != new.weight {
        out.push(change(
            ChangeKind::Reweighted,
            place,
            format!("weight {} → {}", number(old.weight), number(new.weight)),
        ));
    }
    if old.response != new.response {
        out.push(change(
            ChangeKind::Changed,
            place,
            format!(
                "answered as {} → {}",
                response_words(old_t, &old.response),
                response_words(new_t, &new.response)
            ),
        ));
    }
    let flag = |on: bool| if on { "yes" } else { "no" };
    if old.na_allowed != new.na_allowed {
        out.push(change(
            ChangeKind::Changed,
            place,
            format!(
                "N/A allowed {} → {}",
                flag(old.na_allowed),
                flag(new.na_allowed)
            ),
        ));
    }
    if old.mandatory != new.mandatory {
        out.push(change(
            ChangeKind::Changed,
            place,
            format!(
                "mandatory {} → {}",
                flag(old.mandatory),
                flag(new.mandatory)
            ),
        ));
    }
    if old.critical != new.critical {
        let critical = |item: &Item| match &item.critical {
            Some(c) => format!("fails at or below {}", number(c.at_or_below)),
            None => "not critical".to_owned(),
        };
        out.push(change(
            ChangeKind::Changed,
            place,
            format!("critical: {} → {}", critical(old), critical(new)),
        ));
    }
    if old.follow_up != new.follow_up {
        out.push(change(
            ChangeKind::Logic,
            place,
            if new.follow_up {
                "now a follow-up (shown only when another answer asks for it)"
            } else {
                "no longer a follow-up (always shown)"
            },
        ));
    }
    if old.logic != new.logic {
        out.push(change(
            ChangeKind::Logic,
            place,
            format!(
                "logic changed: {} rule{} → {}",
                old.logic.len(),
                if old.logic.len() == 1 { "" } else { "s" },
                new.logic.len()
            ),
        ));
    }
    if old.roll_up != new.roll_up {
        out.push(change(
            ChangeKind::Changed,
            place,
            "how its sub-items count changed",
        ));
    }
    if old.regulations != new.regulations {
        let regs = |item: &Item| {
            if item.regulations.is_empty() {
                "none".to_owned()
            } else {
                item.regulations.join(", ")
            }
        };
        out.push(change(
            ChangeKind::Changed,
            place,
            format!("regulations {} → {}", regs(old), regs(new)),
        ));
    }
    if old.sources != new.sources {
        out.push(change(ChangeKind::Changed, place, "its sources changed"));
    }
}

fn response_words(template: &Template, response: &ResponseType) -> String {
    match response {
        ResponseType::Scale { scale } => match template.scale(scale) {
            Some(s) => format!("the scale “{}”", s.title),
            None => format!("the scale {scale}"),
        },
        ResponseType::YesNo => "yes or no".to_owned(),
        ResponseType::Partial => "yes, partly or no".to_owned(),
        ResponseType::Choice { options } => format!(
            "a choice of {}",
            options
                .iter()
                .map(|o| o.label.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        ResponseType::Number { .. } => "a number against a target".to_owned(),
        ResponseType::Count { .. } => "a count of a sample".to_owned(),
        ResponseType::Text => "text".to_owned(),
        ResponseType::Date => "a date".to_owned(),
    }
}

fn rating_label(template: &Template, id: &str) -> String {
    template
        .rating(id)
        .map_or_else(|| id.to_owned(), |r| r.label.clone())
}

/// Quoted in full up to a long title's length (a reworded title is read word by word);
/// longer texts (descriptions) are cut.
fn quote(text: &str) -> String {
    let short: String = text.chars().take(200).collect();
    if text.chars().count() > 200 {
        format!("“{short}…”")
    } else {
        format!("“{short}”")
    }
}

fn number(value: f64) -> String {
    format!("{value}")
}

/// The version a new version of a template should take: the highest existing one with its
/// last part raised by one (`2.0` → `2.1`, `2024.2` → `2024.3`), or `1.0` for a new template.
pub fn next_version(highest: Option<&str>) -> String {
    let Some(highest) = highest else {
        return "1.0".to_owned();
    };
    let mut parts: Vec<u64> = Vec::new();
    for part in highest.split('.') {
        match part.parse() {
            Ok(n) => parts.push(n),
            Err(_) => return "1.0".to_owned(),
        }
    }
    match parts.last_mut() {
        Some(last) => *last = last.saturating_add(1),
        None => return "1.0".to_owned(),
    }
    if parts.len() == 1 {
        parts.push(0);
    }
    parts
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

/// Orders dotted versions by their numbers (`1.10` after `1.9`); parts that are not numbers
/// sort after those that are.
pub fn version_order(a: &str, b: &str) -> std::cmp::Ordering {
    let parts = |s: &str| -> Vec<(u64, String)> {
        s.split('.')
            .map(|p| (p.parse::<u64>().unwrap_or(u64::MAX), p.to_string()))
            .collect()
    };
    parts(a).cmp(&parts(b))
}

/// Why `version` cannot be published beside `existing` versions of the same template, if it
/// cannot: it must read as a version and come after every existing one.
pub fn version_problem(version: &str, existing: &[&str]) -> Option<Problem> {
    let checked = super::problems(&Template {
        version: version.to_owned(),
        ..starter("x")
    });
    if let Some(problem) = checked.into_iter().find(|p| p.path == "$.version") {
        return Some(problem);
    }
    let highest = existing
        .iter()
        .copied()
        .max_by(|a, b| version_order(a, b))?;
    if version_order(version, highest) != std::cmp::Ordering::Greater {
        return Some(
            Problem::new(
                "$.version",
                format!(
                    "version {version} is not after {highest}, the newest version there is: \
                     publish it as {} or later",
                    next_version(Some(highest))
                ),
            )
            .at("Version"),
        );
    }
    None
}

/// The skeleton a new template starts from: one empty section and two ratings banded at
/// 50%, with a default overall rule. Everything in it is meant to be replaced; it is valid
/// except that its section has no items yet.
pub fn starter(id: &str) -> Template {
    use super::{Band, OverallRule, RatingCount, Rounding};
    let rating = |id: &str, label: &str, colour: &str| Rating {
        id: id.to_owned(),
        label: label.to_owned(),
        colour: colour.to_owned(),
    };
    Template {
        schema: None,
        id: id.to_owned(),
        version: "1.0".to_owned(),
        title: "New template".to_owned(),
        description: "What this template covers and how it scores.".to_owned(),
        source: "Written by the quality team.".to_owned(),
        sources: Vec::new(),
        regulations: Vec::new(),
        scales: Vec::new(),
        ratings: vec![
            rating("met", "Meets the standard", "#1b7a3d"),
            rating("not-met", "Does not meet the standard", "#b3261e"),
        ],
        banding: Banding {
            rounding: Rounding {
                decimals: 0,
                mode: RoundingMode::HalfUp,
                statement: "Percentages are rounded to whole numbers, halves up (62.5% rounds \
                            to 63%)."
                    .to_owned(),
            },
            bands: vec![
                Band {
                    rating: "met".to_owned(),
                    min: 50.0,
                    max: 100.0,
                },
                Band {
                    rating: "not-met".to_owned(),
                    min: 0.0,
                    max: 49.0,
                },
            ],
            provisional_minimum: None,
            sources: Vec::new(),
        },
        roll_up: Default::default(),
        caps: None,
        overall: OverallRules {
            rules: vec![OverallRule {
                when: vec![RatingCount {
                    rating: "not-met".to_owned(),
                    including: Default::default(),
                    at_least: Some(1),
                    at_most: None,
                }],
                then: "not-met".to_owned(),
                description: "Any section that does not meet the standard".to_owned(),
                sources: Vec::new(),
            }],
            default: "met".to_owned(),
            sources: Vec::new(),
        },
        sections: vec![Section {
            id: "section-1".to_owned(),
            title: "First section".to_owned(),
            description: String::new(),
            characteristics: Default::default(),
            sources: Vec::new(),
            items: Vec::new(),
        }],
    }
}
