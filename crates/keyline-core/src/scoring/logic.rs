//! Logic rules: what an answer sets off (a required note or evidence, a suggested action,
//! follow-up items) and which items an inspection therefore shows.
//!
//! A follow-up item (`followUp: true`) is shown, required and scored only while a `show`
//! rule of a shown, answered item fires; otherwise it is hidden and counts for nothing. Sub-
//! items of a hidden item are hidden too. A condition holds when every part it states holds
//! (`atOrBelow` on the answer's unweighted score, `answerIs` on the answer's value); a
//! condition that states nothing holds for any answer.
//!
//! [`item_states`] is the one place that says, for every item, what its answer asks of the
//! inspector now (a note, evidence, a suggested action); the app's screens, its sign-off
//! check and the CLI all read it rather than applying the rules themselves.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::template::{Condition, Consequence, Item, Template};

use super::answer::{answer_score, check_answer, rolls_up, same, Answer, Response};

/// What an answer can ask the inspector to record besides itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum RequirementKind {
    /// A written note on the item.
    Note,
    /// A file attached to the item as evidence.
    Evidence,
}

impl RequirementKind {
    /// Every kind, in the order they are listed.
    pub const ALL: [RequirementKind; 2] = [RequirementKind::Note, RequirementKind::Evidence];

    /// As it reads in a sentence: "the template asks for a note on S1".
    pub fn label(self) -> &'static str {
        match self {
            RequirementKind::Note => "a note",
            RequirementKind::Evidence => "evidence",
        }
    }
}

/// A note or evidence an item's answer calls for, and whether the inspection has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Need {
    pub kind: RequirementKind,
    /// The item has it (a note that is more than white space; at least one evidence file).
    pub met: bool,
}

/// What the template's logic makes of one item, given the inspection's answers, notes and
/// evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ItemState {
    pub item_id: String,
    /// Shown in this inspection (a follow-up only while an answer calls for it).
    pub visible: bool,
    /// Scored from its sub-items, so the inspector answers those and not the item itself.
    pub rolls_up: bool,
    /// The notes and evidence the item's answer calls for now, each once, in the template's
    /// order; none for a hidden or unanswered item.
    pub required: Vec<Need>,
    /// The action the template suggests for the answer (the first, when several rules fire).
    pub suggested_action: Option<String>,
}

impl ItemState {
    /// The requirements still to meet.
    pub fn unmet(&self) -> impl Iterator<Item = RequirementKind> + '_ {
        self.required
            .iter()
            .filter(|need| !need.met)
            .map(|need| need.kind)
    }
}

/// The state of every item, in template order (sub-items after their item), given the
/// responses and the ids of the items that have a note (`noted_items`) and evidence
/// (`evidenced_items`). Only the last answer to an item counts, and only when it fits the
/// item; a hidden item (a follow-up no answer calls for, or under one) asks for nothing, so
/// an answer left behind on it blocks nothing.
pub fn item_states(
    template: &Template,
    responses: &[Response],
    noted_items: &HashSet<String>,
    evidenced_items: &HashSet<String>,
) -> Vec<ItemState> {
    let answers = valid_answers(template, responses);
    let shown = shown_follow_ups(template, &answers);
    let context = StateContext {
        template,
        answers: &answers,
        shown: &shown,
        noted_items,
        evidenced_items,
    };
    let mut states = Vec::new();
    for section in &template.sections {
        context.collect(&section.items, true, &mut states);
    }
    states
}

struct StateContext<'a> {
    template: &'a Template,
    answers: &'a HashMap<&'a str, &'a Answer>,
    shown: &'a HashSet<&'a str>,
    noted_items: &'a HashSet<String>,
    evidenced_items: &'a HashSet<String>,
}

impl StateContext<'_> {
    fn collect(&self, items: &[Item], parent_visible: bool, out: &mut Vec<ItemState>) {
        for item in items {
            let visible = parent_visible && is_shown(item, self.shown);
            let mut required: Vec<Need> = Vec::new();
            let mut suggested_action = None;
            let answer = self.answers.get(item.id.as_str()).filter(|_| visible);
            for consequence in answer
                .map(|answer| consequences(self.template, item, answer))
                .unwrap_or_default()
            {
                let kind = match consequence {
                    Consequence::RequireNote => RequirementKind::Note,
                    Consequence::RequireEvidence => RequirementKind::Evidence,
                    Consequence::SuggestAction(title) => {
                        suggested_action.get_or_insert_with(|| title.clone());
                        continue;
                    }
                    Consequence::Show(_) => continue,
                };
                if required.iter().all(|need| need.kind != kind) {
                    let has = match kind {
                        RequirementKind::Note => self.noted_items,
                        RequirementKind::Evidence => self.evidenced_items,
                    };
                    required.push(Need {
                        kind,
                        met: has.contains(&item.id),
                    });
                }
            }
            out.push(ItemState {
                item_id: item.id.clone(),
                visible,
                rolls_up: rolls_up(self.template, item),
                required,
                suggested_action,
            });
            self.collect(&item.sub_items, visible, out);
        }
    }
}

/// The consequences `answer` sets off on `item`, in the order the template lists them.
pub fn consequences<'t>(
    template: &'t Template,
    item: &'t Item,
    answer: &Answer,
) -> Vec<&'t Consequence> {
    let _ = template;
    item.logic
        .iter()
        .filter(|rule| condition_holds(item, &rule.when, answer))
        .map(|rule| &rule.then)
        .collect()
}

/// Whether `condition` holds for `answer` to `item`.
pub fn condition_holds(item: &Item, condition: &Condition, answer: &Answer) -> bool {
    let score_holds = condition.at_or_below.is_none_or(|limit| {
        answer_score(item, answer).is_some_and(|score| score <= limit || same(score, limit))
    });
    let word = answer.condition_word();
    let answer_holds = condition.answer_is.is_empty()
        || condition.answer_is.iter().any(|wanted| {
            let wanted = wanted.trim();
            match answer {
                Answer::Level(value) | Answer::Number(value) => wanted
                    .parse::<f64>()
                    .is_ok_and(|wanted| same(wanted, *value)),
                _ => wanted.eq_ignore_ascii_case(&word),
            }
        });
    score_holds && answer_holds
}

/// Ids of the items an inspection with these responses shows, in template order (sub-items
/// after their item). Responses to unknown items and answers that do not fit are ignored.
pub fn visible_items<'t>(template: &'t Template, responses: &[Response]) -> Vec<&'t str> {
    let answers = valid_answers(template, responses);
    let shown = shown_follow_ups(template, &answers);
    let mut visible = Vec::new();
    for section in &template.sections {
        collect_visible(&section.items, &shown, &mut visible);
    }
    visible
}

fn collect_visible<'t>(items: &'t [Item], shown: &HashSet<&str>, out: &mut Vec<&'t str>) {
    for item in items {
        if is_shown(item, shown) {
            out.push(&item.id);
            collect_visible(&item.sub_items, shown, out);
        }
    }
}

/// Shown on its own account (its parent's visibility aside).
pub(crate) fn is_shown(item: &Item, shown: &HashSet<&str>) -> bool {
    !item.follow_up || shown.contains(item.id.as_str())
}

/// The last answer given to each known item, keeping only answers that fit their item.
pub(crate) fn valid_answers<'a>(
    template: &Template,
    responses: &'a [Response],
) -> HashMap<&'a str, &'a Answer> {
    latest(responses)
        .into_iter()
        .filter(|(id, answer)| {
            template
                .find_item(id)
                .is_some_and(|item| check_answer(template, item, answer).is_ok())
        })
        .collect()
}

/// The last answer given to each item id (a later response replaces an earlier one).
pub(crate) fn latest(responses: &[Response]) -> HashMap<&str, &Answer> {
    responses
        .iter()
        .map(|response| (response.item_id.as_str(), &response.answer))
        .collect()
}

/// Ids of follow-up items that some shown, answered item's `show` rule reveals. Follow-ups
/// can reveal further follow-ups, so this repeats until nothing new is shown.
pub(crate) fn shown_follow_ups<'t>(
    template: &'t Template,
    answers: &HashMap<&str, &Answer>,
) -> HashSet<&'t str> {
    let mut shown = HashSet::new();
    loop {
        let before = shown.len();
        for section in &template.sections {
            reveal(&section.items, answers, &mut shown);
        }
        if shown.len() == before {
            return shown;
        }
    }
}

fn reveal<'t>(items: &'t [Item], answers: &HashMap<&str, &Answer>, shown: &mut HashSet<&'t str>) {
    for item in items {
        if !is_shown(item, shown) {
            continue;
        }
        if let Some(answer) = answers.get(item.id.as_str()) {
            for rule in &item.logic {
                if let Consequence::Show(ids) = &rule.then {
                    if condition_holds(item, &rule.when, answer) {
                        shown.extend(ids.iter().map(String::as_str));
                    }
                }
            }
        }
        reveal(&item.sub_items, answers, shown);
    }
}
