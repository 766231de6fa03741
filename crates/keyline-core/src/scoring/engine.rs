//! The scoring engine: a pure function from a template, the responses and any moderation to
//! scores, ratings and the reasons for them.
//!
//! Guarantees: the same template and answers always give the same result, whatever order the
//! answers arrive in; every rule (scales, weights, roll-up, rounding, bands, caps, aggregation)
//! comes from the template; every section and the overall result explain themselves in plain
//! English; and no input makes it panic.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::template::{
    Including, Item, OverallRule, RatingCount, Rounding, RoundingMode, Section, Template,
};

use super::answer::{answer_score, check_answer, rolls_up, same, Answer, Response};
use super::explain::{
    band_range, count, item_name, join, num, rating_label, rounded_percent, unrounded_percent,
};
use super::logic::{is_shown, latest, shown_follow_ups};

/// An inspector's moderation of a computed section rating, with the reason in writing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Override {
    pub section_id: String,
    /// Rating id.
    pub rating: String,
    pub justification: String,
}

/// Why an override cannot be stored.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum OverrideError {
    #[error("the template has no section \"{section}\"")]
    UnknownSection { section: String },
    #[error("\"{rating}\" is not a rating in this template: choose {allowed}")]
    UnknownRating { rating: String, allowed: String },
    #[error("changing the rating of {section} needs a written justification")]
    NoJustification { section: String },
}

/// The sections whose moderation may be out of date: an item of the section (or a sub-item)
/// was answered, or its answer changed, after the section was moderated. Times are the
/// store's RFC 3339 UTC timestamps, which order as text. A moderation is a judgement on the
/// answers it saw; this says when the answers moved on, so the moderator can look again.
pub fn moderations_out_of_date(
    template: &Template,
    moderated_at: &[(String, String)],
    answered_at: &[(String, String)],
) -> Vec<String> {
    let mut out = Vec::new();
    for (section_id, at) in moderated_at {
        let Some(section) = template.sections.iter().find(|s| &s.id == section_id) else {
            continue;
        };
        let ids: HashSet<&str> = section
            .items
            .iter()
            .flat_map(|item| std::iter::once(item).chain(&item.sub_items))
            .map(|item| item.id.as_str())
            .collect();
        let later = answered_at
            .iter()
            .any(|(item, answered)| ids.contains(item.as_str()) && answered.as_str() > at.as_str());
        if later && !out.contains(section_id) {
            out.push(section_id.clone());
        }
    }
    out
}

/// Checks an override before it is stored: a known section, a known rating and a
/// justification that is more than white space. [`score`] trusts stored overrides.
pub fn check_override(template: &Template, moderation: &Override) -> Result<(), OverrideError> {
    let section = template
        .sections
        .iter()
        .find(|section| section.id == moderation.section_id)
        .ok_or_else(|| OverrideError::UnknownSection {
            section: moderation.section_id.clone(),
        })?;
    if template.rating(&moderation.rating).is_none() {
        let allowed: Vec<String> = template
            .ratings
            .iter()
            .map(|rating| format!("{} ({})", rating.id, rating.label))
            .collect();
        return Err(OverrideError::UnknownRating {
            rating: moderation.rating.clone(),
            allowed: join(&allowed, "or"),
        });
    }
    if moderation.justification.trim().is_empty() {
        return Err(OverrideError::NoJustification {
            section: section.title.clone(),
        });
    }
    Ok(())
}

/// A breach of one or more regulations found against an item: in a CQC-style inspection, a
/// must-do action. With the template's `caps.breach`, it caps the item's section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Breach {
    pub item_id: String,
    /// Regulation numbers, e.g. `12`.
    pub regulations: Vec<String>,
}

/// Scores, ratings and their reasons for one inspection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ScoreResult {
    /// Every shown item that must be answered is answered.
    pub complete: bool,
    /// Ids of shown items still to answer: scored items, and unscored mandatory ones.
    pub missing: Vec<String>,
    pub overall: OverallResult,
    pub sections: Vec<SectionResult>,
    /// Every item in template order, sub-items after their item.
    pub items: Vec<ItemResult>,
    /// The template's rounding statement, once, when rounding changed any section's
    /// percentage (the sections' explanations do not repeat it).
    #[serde(default)]
    pub rounding_note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct OverallResult {
    /// Rating id; `None` when no section has a rating.
    pub rating: Option<String>,
    pub rating_label: Option<String>,
    pub explanation: String,
    /// The description of the aggregation rule that gave the rating; `None` when the
    /// template's default applied or nothing was rated.
    pub rule_applied: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SectionResult {
    pub id: String,
    pub title: String,
    /// Weighted points earned.
    pub earned: f64,
    /// Weighted points possible (N/A and hidden items excluded).
    pub possible: f64,
    /// `earned ÷ possible × 100`, unrounded; `None` when there is nothing to score.
    pub percent: Option<f64>,
    /// The percentage after the template's rounding; this is what is banded.
    pub rounded_percent: Option<f64>,
    /// The rating that stands: the moderated one if overridden, else the computed one.
    pub rating: Option<String>,
    pub rating_label: Option<String>,
    /// The rating from the bands and caps, before any override.
    pub computed_rating: Option<String>,
    pub capped_by: Option<CapResult>,
    #[serde(rename = "override")]
    #[cfg_attr(feature = "ts", ts(rename = "override"))]
    pub moderation: Option<OverrideResult>,
    /// What matters, in a sentence or two: the rating, the share of the points, and what
    /// capped or moderated it. The arithmetic is in `explanation`.
    #[serde(default)]
    pub summary: String,
    pub explanation: String,
    /// Items that must be answered and are (N/A counts as answered).
    pub answered: u32,
    /// Items that must be answered.
    pub total: u32,
    /// While items are still to answer: the rating so far, over the answered items only, or
    /// why there is none yet. `None` once every item is answered.
    pub provisional: Option<ProvisionalResult>,
}

/// A section's standing while it has unanswered items. The rating that counts (`rating`)
/// stays as the template defines it, with unanswered items at 0; this is what screens and
/// draft reports show instead, so a half-done inspection never reads "Inadequate".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ProvisionalResult {
    /// Enough is answered for a rating so far (the template's `provisionalMinimum`, or every
    /// mandatory item).
    pub reached_minimum: bool,
    /// Items that must be answered and are, and how many must be.
    pub answered: u32,
    pub total: u32,
    /// Over the answered items only; `None` when nothing answered has a score.
    pub percent: Option<f64>,
    pub rounded_percent: Option<f64>,
    /// The rating so far (caps included); `None` until the minimum is reached.
    pub rating: Option<String>,
    pub rating_label: Option<String>,
    /// "Not yet rated: 3 of 8 answered …" or "Provisional, 6 of 8 answered: …".
    pub explanation: String,
}

/// A critical item (or a breach found against an item) that lowered a section's rating.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CapResult {
    pub item_id: String,
    /// The rating id the section is capped at.
    pub rating: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct OverrideResult {
    /// The moderated rating id.
    pub rating: String,
    pub justification: String,
    /// What the bands and caps gave.
    pub computed_rating: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ItemResult {
    pub id: String,
    pub section_id: String,
    /// The item this is a sub-item of.
    pub parent_id: Option<String>,
    /// The answer as people read it (`3`, `yes`, `N/A`), when answered.
    pub answer: Option<String>,
    /// Weighted points earned; `None` when unanswered, N/A, unscored or hidden.
    pub score: Option<f64>,
    /// Weighted points possible; `None` when N/A, unscored, hidden or not counted.
    pub max: Option<f64>,
    pub na: bool,
    pub answered: bool,
    /// Shown in this inspection (follow-ups are shown only when called for).
    pub visible: bool,
    pub explanation: String,
}

/// Scores an inspection. Responses to unknown items are ignored, a later response to the
/// same item replaces an earlier one, and answers that do not fit their item count as
/// unanswered (and say so). Overrides are trusted (see [`check_override`]); the last one
/// for a section stands.
pub fn score(template: &Template, responses: &[Response], overrides: &[Override]) -> ScoreResult {
    score_with(template, responses, overrides, &[])
}

/// [`score`], with the breaches of regulation found (must-do actions). A breach caps its
/// item's section at the template's `caps.breach`; a template without one ignores breaches.
pub fn score_with(
    template: &Template,
    responses: &[Response],
    overrides: &[Override],
    breaches: &[Breach],
) -> ScoreResult {
    let given = latest(responses);
    let mut answers = HashMap::new();
    let mut misfits = HashMap::new();
    for (id, answer) in given {
        if let Some(item) = template.find_item(id) {
            match check_answer(template, item, answer) {
                Ok(()) => {
                    answers.insert(id, answer);
                }
                Err(error) => {
                    misfits.insert(id, (answer, error.to_string()));
                }
            }
        }
    }
    let shown = shown_follow_ups(template, &answers);
    let engine = Engine {
        template,
        answers,
        misfits,
        shown,
    };

    let mut items = Vec::new();
    let mut missing = Vec::new();
    let mut sections = Vec::new();
    for section in &template.sections {
        let moderation = overrides
            .iter()
            .rev()
            .find(|moderation| moderation.section_id == section.id);
        let mut tally = Tally::default();
        for item in &section.items {
            let scored = engine.item(section, item, None, Mode::Counted, &mut tally);
            tally.earned += scored.earned;
            tally.possible += scored.possible;
            if scored.state == State::Unanswered {
                tally.unanswered_possible += scored.possible;
            }
            if scored.state == State::NotApplicable {
                tally.na.push(item_name(&item.id, &item.title));
            }
        }
        tally
            .failures
            .extend(breach_failures(template, section, breaches));
        sections.push(engine.section(section, &tally, moderation));
        missing.extend(tally.missing);
        items.extend(tally.items);
    }
    let overall = overall(template, &sections, &missing);
    let statement = template.banding.rounding.statement.trim();
    let rounded_any = sections.iter().any(|s| {
        s.percent
            .zip(s.rounded_percent)
            .is_some_and(|(p, r)| (p - r).abs() >= 1e-9)
    });
    ScoreResult {
        complete: missing.is_empty(),
        missing,
        overall,
        sections,
        items,
        rounding_note: (rounded_any && !statement.is_empty()).then(|| statement.to_owned()),
    }
}

/// Items by their titles (an id the template does not know stays as it is).
fn titles_of(template: &Template, ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            template
                .find_item(id)
                .map_or_else(|| id.clone(), |i| item_name(&i.id, &i.title))
        })
        .collect()
}

/// A section's result in a sentence or two, for people: the rating, the share of the points,
/// and what capped or moderated it.
fn summary(
    template: &Template,
    rounded: Option<f64>,
    computed: Option<&str>,
    capped_by: Option<&Failure>,
    moderation: Option<&OverrideResult>,
) -> String {
    let points = rounded.map_or_else(
        || "nothing to score".to_owned(),
        |r| {
            format!(
                "{} of the points",
                rounded_percent(r, &template.banding.rounding)
            )
        },
    );
    let mut text = match (computed, capped_by) {
        (None, _) => format!("Not rated: {points}."),
        (Some(rating), Some(failure)) => format!(
            "{}, capped because {} ({points}).",
            rating_label(template, rating),
            failure.because
        ),
        (Some(rating), None) => format!("{}: {points}.", rating_label(template, rating)),
    };
    if let Some(m) = moderation {
        let why = m.justification.trim();
        let stop = if why.ends_with(['.', '!', '?']) {
            ""
        } else {
            "."
        };
        text = if m.computed_rating.as_deref() == Some(m.rating.as_str()) {
            format!("{} Confirmed by the inspector: \"{why}\"{stop}", text)
        } else {
            format!(
                "{}, moderated by the inspector: \"{why}\"{stop} Computed: {text}",
                rating_label(template, &m.rating)
            )
        };
    }
    text
}

/// The caps that breaches against a section's items (or their sub-items) set, one per item.
fn breach_failures(template: &Template, section: &Section, breaches: &[Breach]) -> Vec<Failure> {
    let Some(cap) = template.caps.as_ref().and_then(|caps| caps.breach.clone()) else {
        return Vec::new();
    };
    let mut failures: Vec<Failure> = Vec::new();
    for item in section
        .items
        .iter()
        .flat_map(|item| std::iter::once(item).chain(&item.sub_items))
    {
        let mut numbers: Vec<&str> = breaches
            .iter()
            .filter(|breach| breach.item_id == item.id)
            .flat_map(|breach| breach.regulations.iter().map(String::as_str))
            .collect();
        if !breaches.iter().any(|breach| breach.item_id == item.id) {
            continue;
        }
        numbers.sort_by_key(|number| regulation_order(number));
        numbers.dedup();
        let named: Vec<String> = numbers
            .iter()
            .map(
                |number| match template.regulations.iter().find(|r| r.number == *number) {
                    Some(regulation) => format!("regulation {number} ({})", regulation.title),
                    None => format!("regulation {number}"),
                },
            )
            .collect();
        let what = if named.is_empty() {
            "a breach of regulation".to_owned()
        } else {
            format!("a breach of {}", join(&named, "and"))
        };
        let because = format!(
            "{what} was found at {} (a must-do action)",
            item_name(&item.id, &item.title)
        );
        failures.push(Failure {
            item_id: item.id.clone(),
            note: format!(
                "Breach: {what} caps {} at {}.",
                section.title,
                rating_label(template, &cap)
            ),
            because,
            cap: cap.clone(),
        });
    }
    failures
}

/// Regulation numbers in the order of the regulations: 9, 10, … 20, 20A.
fn regulation_order(number: &str) -> (u32, String) {
    let digits: String = number.chars().take_while(char::is_ascii_digit).collect();
    (digits.parse().unwrap_or(u32::MAX), number.to_owned())
}

/// How an item's score is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Counts towards its section (or its item's roll-up); a scored item must be answered.
    Counted,
    /// Evidence for an item scored directly: shown and checked, but not counted.
    Notes,
    /// Under an item marked N/A: not counted, not required.
    Excluded,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Answered,
    NotApplicable,
    Unanswered,
    Unscored,
    Hidden,
}

/// One item's contribution to its section or parent.
struct Scored {
    earned: f64,
    possible: f64,
    state: State,
}

impl Scored {
    fn nothing(state: State) -> Self {
        Scored {
            earned: 0.0,
            possible: 0.0,
            state,
        }
    }
}

/// A critical item answered at or below its level.
struct Failure {
    item_id: String,
    cap: String,
    /// "S3 (Safeguarding) scored 1, at or below its critical level of 1".
    because: String,
    /// For the item's own explanation, naming the section and the cap.
    note: String,
}

#[derive(Default)]
struct Tally {
    earned: f64,
    possible: f64,
    answered: u32,
    total: u32,
    na: Vec<String>,
    missing: Vec<String>,
    failures: Vec<Failure>,
    items: Vec<ItemResult>,
    /// What unanswered items (top level) could have earned: left out of a provisional score.
    unanswered_possible: f64,
}

struct Engine<'a> {
    template: &'a Template,
    answers: HashMap<&'a str, &'a Answer>,
    misfits: HashMap<&'a str, (&'a Answer, String)>,
    shown: HashSet<&'a str>,
}

impl Engine<'_> {
    fn item(
        &self,
        section: &Section,
        item: &Item,
        parent: Option<&Item>,
        mode: Mode,
        tally: &mut Tally,
    ) -> Scored {
        let mut result = ItemResult {
            id: item.id.clone(),
            section_id: section.id.clone(),
            parent_id: parent.map(|parent| parent.id.clone()),
            answer: None,
            score: None,
            max: None,
            na: false,
            answered: false,
            visible: true,
            explanation: String::new(),
        };
        let name = item_name(&item.id, &item.title);

        if !is_shown(item, &self.shown) {
            result.visible = false;
            result.explanation =
                format!("{name}: a follow-up that no answer has called for, so it is not shown and counts for nothing.");
            tally.items.push(result);
            self.hide(section, &item.sub_items, item, tally);
            return Scored::nothing(State::Hidden);
        }
        if mode == Mode::Excluded {
            let parent_id = parent.map_or("its item", |parent| parent.title.as_str());
            result.explanation = format!("{name}: not scored, because {parent_id} is N/A.");
            tally.items.push(result);
            for sub in &item.sub_items {
                self.item(section, sub, Some(item), Mode::Excluded, tally);
            }
            return Scored::nothing(State::NotApplicable);
        }

        let answer = self.answers.get(item.id.as_str()).copied();
        let misfit = self
            .misfits
            .get(item.id.as_str())
            .map(|(answer, error)| {
                format!(
                    " The stored answer \"{}\" does not fit ({error}), so it counts as not answered.",
                    answer.display()
                )
            })
            .unwrap_or_default();
        let max = item.response.max_score(self.template);
        let weight = item.weight;
        let counted = mode == Mode::Counted;
        let rolled = rolls_up(self.template, item);
        let required = item.mandatory || (counted && (max.is_some() || rolled));

        if let Some(Answer::NotApplicable) = answer {
            result.answer = Some(Answer::NotApplicable.display());
            result.na = true;
            result.answered = true;
            result.explanation =
                format!("{name}: N/A, so it counts in neither the score nor the maximum.");
            if required {
                tally.total += 1;
                tally.answered += 1;
            }
            tally.items.push(result);
            for sub in &item.sub_items {
                self.item(section, sub, Some(item), Mode::Excluded, tally);
            }
            return Scored::nothing(State::NotApplicable);
        }

        if rolled {
            let at = tally.items.len();
            tally.items.push(result);
            let mut sub_earned = 0.0;
            let mut sub_possible = 0.0;
            let mut answered = 0usize;
            let mut counted_subs = 0usize;
            for sub in &item.sub_items {
                let scored = self.item(section, sub, Some(item), mode, tally);
                sub_earned += scored.earned;
                sub_possible += scored.possible;
                if scored.possible > 0.0 {
                    counted_subs += 1;
                    if scored.state == State::Answered {
                        answered += 1;
                    }
                }
            }
            let (scored, explanation) = if sub_possible <= 0.0 {
                (
                    Scored::nothing(State::NotApplicable),
                    format!("{name}: none of its sub-items has anything to score (all N/A, unscored or not shown), so it counts in neither the score nor the maximum."),
                )
            } else {
                let fraction = sub_earned / sub_possible;
                let (raw, raw_max) = match max {
                    Some(max) => (fraction * max, max),
                    None => (sub_earned, sub_possible),
                };
                let earned = raw * weight;
                let possible = raw_max * weight;
                let percent = format!("{}%", num(fraction * 100.0));
                let share = format!(
                    "{} of {} points ({percent})",
                    num(sub_earned),
                    num(sub_possible)
                );
                let weighted = weighted(raw, raw_max, weight);
                let mut text = if answered == 0 {
                    format!("{name}: scored from its sub-items, none of them answered yet, so it counts 0 of {}.", num(possible))
                } else if max.is_some() {
                    format!(
                        "{name}: scored from its sub-items: {share}, and {percent} of its top score {} is {} of {}{weighted}.",
                        num(raw_max),
                        num(raw),
                        num(raw_max)
                    )
                } else {
                    format!("{name}: scored from its sub-items: {share}{weighted}.")
                };
                if answered > 0 && answered < counted_subs {
                    text.push_str(&format!(
                        " {} of its {} scored sub-items answered; the others count 0.",
                        answered, counted_subs
                    ));
                }
                let state = if answered > 0 {
                    State::Answered
                } else {
                    State::Unanswered
                };
                if let Some(slot) = tally.items.get_mut(at) {
                    slot.max = counted.then_some(possible);
                    if answered > 0 {
                        slot.answered = true;
                        slot.score = counted.then_some(earned);
                        slot.answer = Some(num(raw));
                    }
                }
                if answered > 0 {
                    if let Some(failure) = self.critical(section, item, raw) {
                        text.push(' ');
                        text.push_str(&failure.note);
                        tally.failures.push(failure);
                    }
                }
                let scored = if counted {
                    Scored {
                        earned,
                        possible,
                        state,
                    }
                } else {
                    Scored::nothing(state)
                };
                (scored, text)
            };
            if let Some(slot) = tally.items.get_mut(at) {
                slot.na = scored.state == State::NotApplicable;
                slot.explanation = explanation;
            }
            return scored;
        }

        // Scored directly (or not scored at all). Sub-items are evidence for it.
        let raw = answer.and_then(|answer| answer_score(item, answer));
        if required {
            tally.total += 1;
        }
        let scored = match (answer, raw, max) {
            (Some(answer), Some(raw), Some(max)) => {
                result.answer = Some(answer.labelled(self.template, item));
                result.answered = true;
                let earned = raw * weight;
                let possible = max * weight;
                if counted {
                    result.score = Some(earned);
                    result.max = Some(possible);
                    result.explanation = format!(
                        "{name}: answered {}, scoring {}.",
                        answer.labelled(self.template, item),
                        weighted_of(raw, max, weight)
                    );
                    Scored {
                        earned,
                        possible,
                        state: State::Answered,
                    }
                } else {
                    let parent_id = parent.map_or("its item", |parent| parent.title.as_str());
                    result.explanation = format!(
                        "{name}: answered {} ({} of {}); evidence for {parent_id}, which is scored directly, so it does not count on its own.",
                        answer.labelled(self.template, item),
                        num(raw),
                        num(max)
                    );
                    Scored::nothing(State::Answered)
                }
            }
            (Some(answer), _, _) => {
                result.answer = Some(answer.labelled(self.template, item));
                result.answered = true;
                result.explanation = format!("{name}: answered; not scored.");
                Scored::nothing(State::Unscored)
            }
            (None, _, Some(max)) if counted => {
                let possible = max * weight;
                result.max = Some(possible);
                result.explanation = format!(
                    "{name}: not answered, so it counts 0 of {} and the inspection is incomplete.{misfit}",
                    num(possible)
                );
                Scored {
                    earned: 0.0,
                    possible,
                    state: State::Unanswered,
                }
            }
            (None, _, _) => {
                result.explanation = if item.mandatory {
                    format!("{name}: not answered; it must be, so the inspection is incomplete.{misfit}")
                } else {
                    format!("{name}: not answered; not scored.{misfit}")
                };
                Scored::nothing(State::Unanswered)
            }
        };
        if required {
            if result.answered {
                tally.answered += 1;
            } else {
                tally.missing.push(item.id.clone());
            }
        }
        if let Some(raw) = raw {
            if let Some(failure) = self.critical(section, item, raw) {
                result.explanation.push(' ');
                result.explanation.push_str(&failure.note);
                tally.failures.push(failure);
            }
        }
        tally.items.push(result);
        for sub in &item.sub_items {
            self.item(section, sub, Some(item), Mode::Notes, tally);
        }
        scored
    }

    /// Records hidden sub-items of a hidden item.
    fn hide(&self, section: &Section, items: &[Item], parent: &Item, tally: &mut Tally) {
        for item in items {
            tally.items.push(ItemResult {
                id: item.id.clone(),
                section_id: section.id.clone(),
                parent_id: Some(parent.id.clone()),
                answer: None,
                score: None,
                max: None,
                na: false,
                answered: false,
                visible: false,
                explanation: format!(
                    "{}: not shown, because {} is not shown, so it counts for nothing.",
                    item_name(&item.id, &item.title),
                    parent.title
                ),
            });
            self.hide(section, &item.sub_items, item, tally);
        }
    }

    /// The cap a critical item sets when its unweighted score is at or below its level.
    fn critical(&self, section: &Section, item: &Item, raw: f64) -> Option<Failure> {
        let critical = item.critical.as_ref()?;
        if raw > critical.at_or_below && !same(raw, critical.at_or_below) {
            return None;
        }
        let cap = critical.cap.clone().or_else(|| {
            self.template
                .caps
                .as_ref()
                .map(|caps| caps.critical.clone())
        })?;
        let because = format!(
            "{} scored {}, at or below its critical level of {}",
            item_name(&item.id, &item.title),
            num(raw),
            num(critical.at_or_below)
        );
        Some(Failure {
            item_id: item.id.clone(),
            note: format!(
                "Critical: {} is at or below its critical level of {}, which caps {} at {}.",
                num(raw),
                num(critical.at_or_below),
                section.title,
                rating_label(self.template, &cap)
            ),
            because,
            cap,
        })
    }

    fn section(
        &self,
        section: &Section,
        tally: &Tally,
        moderation: Option<&Override>,
    ) -> SectionResult {
        let template = self.template;
        let rounding = &template.banding.rounding;
        let percent = (tally.possible > 0.0).then(|| tally.earned / tally.possible * 100.0);
        let rounded = percent.map(|percent| round_percent(percent, rounding));
        let band = rounded.and_then(|rounded| {
            template
                .banding
                .bands
                .iter()
                .find(|band| within(rounded, band.min, band.max))
        });
        let banded = band.map(|band| band.rating.clone());

        // The worst cap that is worse than the banded rating; the first such item names it.
        let rank = |id: &str| template.ratings.iter().position(|rating| rating.id == id);
        let mut capped_by: Option<&Failure> = None;
        if let Some(banded_rank) = banded.as_deref().and_then(rank) {
            for failure in &tally.failures {
                if let Some(cap_rank) = rank(&failure.cap) {
                    let current = capped_by
                        .and_then(|capped| rank(&capped.cap))
                        .unwrap_or(banded_rank);
                    if cap_rank > current {
                        capped_by = Some(failure);
                    }
                }
            }
        }
        let computed = capped_by
            .map(|failure| failure.cap.clone())
            .or_else(|| banded.clone());
        let rating = moderation
            .map(|moderation| moderation.rating.clone())
            .or_else(|| computed.clone());

        // The explanation, sentence by sentence.
        let mut text = match (percent, rounded) {
            (Some(percent), Some(rounded)) => {
                let mut first = format!(
                    "{}: {} of {} points, ",
                    section.title,
                    num(tally.earned),
                    num(tally.possible)
                );
                if (percent - rounded).abs() < 1e-9 {
                    first.push_str(&rounded_percent(rounded, rounding));
                } else {
                    first.push_str(&format!(
                        "{} (rounded to {})",
                        unrounded_percent(percent, rounded, rounding),
                        rounded_percent(rounded, rounding)
                    ));
                }
                match band {
                    Some(band) => first.push_str(&format!(
                        ", {} ({})",
                        rating_label(template, &band.rating),
                        band_range(band)
                    )),
                    None => first.push_str(", which no band covers, so it is not rated"),
                }
                if let Some(failure) = capped_by {
                    first.push_str(&format!(
                        ", capped at {} because {}",
                        rating_label(template, &failure.cap),
                        failure.because
                    ));
                }
                first.push('.');
                first
            }
            _ => format!(
                "{}: nothing to score (every item is N/A, unscored or not shown), so it is not rated.",
                section.title
            ),
        };
        if !tally.na.is_empty() {
            text.push_str(&format!(
                " {} N/A ({}) {} in neither total.",
                count(tally.na.len(), "item", "items"),
                join(&tally.na, "and"),
                if tally.na.len() == 1 {
                    "counts"
                } else {
                    "count"
                }
            ));
        }
        if !tally.missing.is_empty() {
            text.push_str(&format!(
                " Not yet answered: {}; an unanswered scored item counts 0 of its maximum, so the section is incomplete.",
                join(&titles_of(template, &tally.missing), "and")
            ));
        }
        if let Some(computed) = computed.as_deref() {
            for failure in &tally.failures {
                if capped_by.is_some_and(|capped| std::ptr::eq(failure, capped)) {
                    continue;
                }
                text.push_str(&format!(
                    " {}; its cap at {} does not lower {} further.",
                    failure.because,
                    rating_label(template, &failure.cap),
                    rating_label(template, computed)
                ));
            }
        }
        let moderation = moderation.map(|moderation| {
            let justification = moderation.justification.trim();
            let stop = if justification.ends_with(['.', '!', '?']) {
                ""
            } else {
                "."
            };
            if computed.as_deref() == Some(moderation.rating.as_str()) {
                text.push_str(&format!(
                    " Confirmed at {} by the inspector, because: \"{justification}\"{stop}",
                    rating_label(template, &moderation.rating),
                ));
            } else {
                text.push_str(&format!(
                    " Moderated to {} by the inspector (computed: {}), because: \"{justification}\"{stop}",
                    rating_label(template, &moderation.rating),
                    computed
                        .as_deref()
                        .map_or_else(|| "not rated".to_owned(), |id| rating_label(template, id)),
                ));
            }
            OverrideResult {
                rating: moderation.rating.clone(),
                justification: moderation.justification.clone(),
                computed_rating: computed.clone(),
            }
        });

        let provisional = (!tally.missing.is_empty()).then(|| self.provisional(section, tally));
        let summary = summary(
            template,
            rounded,
            computed.as_deref(),
            capped_by,
            moderation.as_ref(),
        );
        SectionResult {
            provisional,
            summary,
            id: section.id.clone(),
            title: section.title.clone(),
            earned: tally.earned,
            possible: tally.possible,
            percent,
            rounded_percent: rounded,
            rating_label: rating.as_deref().map(|id| rating_label(template, id)),
            rating,
            computed_rating: computed,
            capped_by: capped_by.map(|failure| CapResult {
                item_id: failure.item_id.clone(),
                rating: failure.cap.clone(),
                reason: failure.because.clone(),
            }),
            moderation,
            explanation: text,
            answered: tally.answered,
            total: tally.total,
        }
    }
}

impl Engine<'_> {
    /// The rating so far over the answered items, once the template's minimum is answered.
    fn provisional(&self, section: &Section, tally: &Tally) -> ProvisionalResult {
        let template = self.template;
        let rounding = &template.banding.rounding;
        let possible = tally.possible - tally.unanswered_possible;
        let percent = (possible > 1e-9).then(|| tally.earned / possible * 100.0);
        let rounded = percent.map(|percent| round_percent(percent, rounding));
        let mandatory_missing = tally
            .missing
            .iter()
            .filter_map(|id| template.find_item(id))
            .any(|item| item.mandatory);
        let reached = match template.banding.provisional_minimum {
            Some(minimum) => {
                tally.total > 0
                    && f64::from(tally.answered) / f64::from(tally.total) >= minimum - 1e-9
            }
            None => !mandatory_missing,
        };
        let rank = |id: &str| template.ratings.iter().position(|rating| rating.id == id);
        let rating = reached
            .then(|| {
                let banded = rounded.and_then(|rounded| {
                    template
                        .banding
                        .bands
                        .iter()
                        .find(|band| within(rounded, band.min, band.max))
                        .map(|band| band.rating.clone())
                })?;
                let worst_cap = tally
                    .failures
                    .iter()
                    .filter_map(|failure| rank(&failure.cap).map(|r| (r, failure.cap.clone())))
                    .max_by_key(|(r, _)| *r);
                Some(match (rank(&banded), worst_cap) {
                    (Some(b), Some((c, cap))) if c > b => cap,
                    _ => banded,
                })
            })
            .flatten();
        let answered = format!("{} of {} answered", tally.answered, tally.total);
        let explanation = match (&rating, rounded) {
            (Some(rating), Some(rounded)) => format!(
                "Provisional, {answered}: over the answered items {} of {} points, {}, {} so far. The rating is final when every item is answered.",
                num(tally.earned),
                num(possible),
                rounded_percent(rounded, rounding),
                rating_label(template, rating)
            ),
            _ if !reached => match template.banding.provisional_minimum {
                Some(minimum) => format!(
                    "Not yet rated: {answered}; {} gets a rating so far once {}% of its items are answered.",
                    section.title,
                    num(minimum * 100.0)
                ),
                None => format!(
                    "Not yet rated: {answered}; {} gets a rating once every item that must be answered is answered.",
                    section.title
                ),
            },
            _ => format!("Not yet rated: {answered}, and nothing answered so far has a score."),
        };
        ProvisionalResult {
            reached_minimum: reached,
            answered: tally.answered,
            total: tally.total,
            percent,
            rounded_percent: rounded,
            rating_label: rating.as_deref().map(|id| rating_label(template, id)),
            rating,
            explanation,
        }
    }
}

/// "3 of 4", or "3 × weight 2 = 6 of 8".
fn weighted_of(raw: f64, max: f64, weight: f64) -> String {
    if (weight - 1.0).abs() < 1e-12 {
        format!("{} of {}", num(raw), num(max))
    } else {
        format!(
            "{} × weight {} = {} of {}",
            num(raw),
            num(weight),
            num(raw * weight),
            num(max * weight)
        )
    }
}

/// ", × weight 2 = 6 of 8" after a rolled-up score, or nothing for weight 1.
fn weighted(raw: f64, max: f64, weight: f64) -> String {
    if (weight - 1.0).abs() < 1e-12 {
        String::new()
    } else {
        format!(
            ", × weight {} = {} of {}",
            num(weight),
            num(raw * weight),
            num(max * weight)
        )
    }
}

/// Rounds a percentage as the template says. Works on the scaled value with a small tolerance
/// so that 62.5 (or 62.4999999999 from floating-point sums) rounds half-up to 63.
pub fn round_percent(percent: f64, rounding: &Rounding) -> f64 {
    let factor = 10f64.powi(i32::from(rounding.decimals.min(6)));
    let scaled = percent * factor;
    let tolerance = 1e-9 * scaled.abs().max(1.0);
    let whole = match rounding.mode {
        RoundingMode::HalfUp => (scaled + 0.5 + tolerance).floor(),
        RoundingMode::Down => (scaled + tolerance).floor(),
    };
    whole / factor
}

fn within(value: f64, min: f64, max: f64) -> bool {
    let tolerance = 1e-9;
    value >= min - tolerance && value <= max + tolerance
}

fn overall(template: &Template, sections: &[SectionResult], missing: &[String]) -> OverallResult {
    let rated: Vec<(&SectionResult, &str)> = sections
        .iter()
        .filter_map(|section| section.rating.as_deref().map(|rating| (section, rating)))
        .collect();
    let mut notes = String::new();
    let unrated: Vec<String> = sections
        .iter()
        .filter(|section| section.rating.is_none())
        .map(|section| section.title.clone())
        .collect();
    if !unrated.is_empty() && !rated.is_empty() {
        notes.push_str(&format!(
            " Not rated, so not counted: {}.",
            join(&unrated, "and")
        ));
    }
    let moderated: Vec<String> = sections
        .iter()
        .filter_map(|section| {
            let moderation = section.moderation.as_ref()?;
            if moderation.computed_rating.as_deref() == Some(moderation.rating.as_str()) {
                return Some(format!(
                    "{} confirmed at {}",
                    section.title,
                    rating_label(template, &moderation.rating)
                ));
            }
            Some(format!(
                "{} from {} to {}",
                section.title,
                moderation
                    .computed_rating
                    .as_deref()
                    .map_or_else(|| "not rated".to_owned(), |id| rating_label(template, id)),
                rating_label(template, &moderation.rating)
            ))
        })
        .collect();
    if !moderated.is_empty() {
        notes.push_str(&format!(
            " Moderated section ratings are used: {}.",
            join(&moderated, "and")
        ));
    }
    if !missing.is_empty() {
        // By title while the list is short enough to read; a count otherwise.
        let listed = if missing.len() <= 3 {
            format!(": {}", join(&titles_of(template, missing), "and"))
        } else {
            String::new()
        };
        notes.push_str(&format!(
            " The inspection is incomplete ({} still to answer{listed}), so these ratings may change.",
            count(missing.len(), "item", "items"),
        ));
    }

    if rated.is_empty() {
        return OverallResult {
            rating: None,
            rating_label: None,
            explanation: format!("Overall: not rated, because no section has a rating.{notes}"),
            rule_applied: None,
        };
    }
    let rules = &template.overall.rules;
    let applied = rules
        .iter()
        .enumerate()
        .find(|(_, rule)| rule.when.iter().all(|when| holds(template, when, &rated)));
    let (rating, explanation, rule_applied) = match applied {
        Some((index, rule)) => {
            let label = rating_label(template, &rule.then);
            let facts = facts(template, rule, &rated);
            (
                rule.then.clone(),
                format!(
                    "Overall: {label}, by rule {} of {} (\"{}\"): {facts}.{notes}",
                    index + 1,
                    rules.len(),
                    rule.description.trim().trim_end_matches('.')
                ),
                Some(rule.description.clone()),
            )
        }
        None => {
            let default = &template.overall.default;
            let label = rating_label(template, default);
            let why = if rules.is_empty() {
                "the template's default (it has no aggregation rules)".to_owned()
            } else {
                format!(
                    "the template's default, because none of its {} applies",
                    count(rules.len(), "rule", "rules")
                )
            };
            (
                default.clone(),
                format!(
                    "Overall: {label}, {why}. Section ratings: {}.{notes}",
                    join(
                        &rated
                            .iter()
                            .map(|(section, rating)| format!(
                                "{} {}",
                                section.title,
                                rating_label(template, rating)
                            ))
                            .collect::<Vec<_>>(),
                        "and"
                    )
                ),
                None,
            )
        }
    };
    OverallResult {
        rating_label: Some(rating_label(template, &rating)),
        rating: Some(rating),
        explanation,
        rule_applied,
    }
}

/// The sections a rating count counts.
fn counted<'s>(
    template: &Template,
    when: &RatingCount,
    rated: &[(&'s SectionResult, &str)],
) -> Vec<&'s SectionResult> {
    let rank = |id: &str| template.ratings.iter().position(|rating| rating.id == id);
    let target = rank(&when.rating);
    rated
        .iter()
        .filter(|(_, rating)| {
            if *rating == when.rating {
                return true;
            }
            match (when.including, rank(rating), target) {
                (Including::OrWorse, Some(rating), Some(target)) => rating > target,
                (Including::OrBetter, Some(rating), Some(target)) => rating < target,
                _ => false,
            }
        })
        .map(|(section, _)| *section)
        .collect()
}

fn holds(template: &Template, when: &RatingCount, rated: &[(&SectionResult, &str)]) -> bool {
    let n = u32::try_from(counted(template, when, rated).len()).unwrap_or(u32::MAX);
    when.at_least.is_none_or(|least| n >= least) && when.at_most.is_none_or(|most| n <= most)
}

/// "2 sections are rated Requires improvement or worse (Safe and Well-led) and …".
fn facts(template: &Template, rule: &OverallRule, rated: &[(&SectionResult, &str)]) -> String {
    if rule.when.is_empty() {
        return "the rule has no conditions".to_owned();
    }
    let parts: Vec<String> = rule
        .when
        .iter()
        .map(|when| {
            let sections = counted(template, when, rated);
            let which = format!(
                "{}{}",
                rating_label(template, &when.rating),
                match when.including {
                    Including::Exactly => "",
                    Including::OrWorse => " or worse",
                    Including::OrBetter => " or better",
                }
            );
            let names: Vec<String> = sections
                .iter()
                .map(|section| section.title.clone())
                .collect();
            match names.len() {
                0 => format!("no section is rated {which}"),
                1 => format!("1 section is rated {which} ({})", join(&names, "and")),
                n => format!("{n} sections are rated {which} ({})", join(&names, "and")),
            }
        })
        .collect();
    join(&parts, "and")
}
