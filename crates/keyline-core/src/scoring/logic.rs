//! Logic rules: what an answer sets off (a required note or evidence, a suggested action,
//! follow-up items) and which items an inspection therefore shows.
//!
//! A follow-up item (`followUp: true`) is shown, required and scored only while a `show`
//! rule of a shown, answered item fires; otherwise it is hidden and counts for nothing. Sub-
//! items of a hidden item are hidden too. A condition holds when every part it states holds
//! (`atOrBelow` on the answer's unweighted score, `answerIs` on the answer's value); a
//! condition that states nothing holds for any answer.

use std::collections::{HashMap, HashSet};

use crate::template::{Condition, Consequence, Item, Template};

use super::answer::{answer_score, check_answer, same, Answer, Response};

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
