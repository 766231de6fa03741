//! Must-do and should-do actions, as CQC reports sort them: a **must do** answers a breach of
//! a regulation (and names it); a **should do** improves practice or prevents a breach.
//!
//! Keyline suggests which an action is from the item it is raised against: an item that
//! evidences regulations, answered at or below its critical level (or, without one, at its
//! lowest score), suggests a must do citing the item's regulations; any other shortfall
//! suggests a should do. The inspector decides; [`check_priority`] only refuses a must do
//! that cites no regulation, or a number that is not a regulation.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::template::Template;

use super::answer::{answer_score, Answer};
use super::explain::{item_name, join, num};

/// Whether an action answers a breach of regulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Priority {
    /// A breach of a regulation: the provider must put it right.
    MustDo,
    /// An improvement, or a step that prevents a breach.
    ShouldDo,
}

impl Priority {
    /// As stored and typed: `must-do`, `should-do`.
    pub fn id(self) -> &'static str {
        match self {
            Priority::MustDo => "must-do",
            Priority::ShouldDo => "should-do",
        }
    }

    /// As printed: "Must do", "Should do".
    pub fn label(self) -> &'static str {
        match self {
            Priority::MustDo => "Must do",
            Priority::ShouldDo => "Should do",
        }
    }

    /// Reads `must-do` or `should-do` (also with a space or an underscore, any case).
    pub fn parse(text: &str) -> Option<Priority> {
        let normal: String = text
            .trim()
            .chars()
            .map(|c| match c {
                ' ' | '_' => '-',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        match normal.as_str() {
            "must-do" | "must" => Some(Priority::MustDo),
            "should-do" | "should" => Some(Priority::ShouldDo),
            _ => None,
        }
    }
}

/// What Keyline suggests for an action raised against an item, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PrioritySuggestion {
    pub priority: Priority,
    /// The item's regulations (empty for an item that cites none).
    pub regulations: Vec<String>,
    /// One plain sentence.
    pub reason: String,
}

/// The suggestion for an action raised against `item_id` with its current `answer`; `None`
/// for an item the template does not have.
pub fn suggest_priority(
    template: &Template,
    item_id: &str,
    answer: Option<&Answer>,
) -> Option<PrioritySuggestion> {
    let item = template.find_item(item_id)?;
    let name = item_name(&item.id, &item.title);
    let regulations = item.regulations.clone();
    let should = |reason: String| PrioritySuggestion {
        priority: Priority::ShouldDo,
        regulations: regulations.clone(),
        reason,
    };
    if regulations.is_empty() {
        return Some(should(format!(
            "{name} cites no regulation, so a shortfall there is a should do."
        )));
    }
    let cited = join(
        &regulations
            .iter()
            .map(|number| format!("regulation {number}"))
            .collect::<Vec<_>>(),
        "and",
    );
    let Some(raw) = answer.and_then(|answer| answer_score(item, answer)) else {
        return Some(should(format!(
            "{name} has no scored answer yet; a should do unless the shortfall breaches {cited}."
        )));
    };
    let lowest = match &item.response {
        crate::template::ResponseType::Scale { scale } => template.scale(scale).and_then(|scale| {
            scale
                .levels
                .iter()
                .map(|level| level.value)
                .reduce(f64::min)
        }),
        crate::template::ResponseType::Choice { options } => {
            options.iter().map(|option| option.score).reduce(f64::min)
        }
        _ => Some(0.0),
    };
    let breach = match (&item.critical, lowest) {
        (Some(critical), _) => raw <= critical.at_or_below + 1e-9,
        (None, Some(lowest)) => raw <= lowest + 1e-9,
        (None, None) => false,
    };
    Some(if breach {
        let level = match &item.critical {
            Some(critical) => format!(
                "at or below its critical level of {}",
                num(critical.at_or_below)
            ),
            None => "at its lowest score".to_owned(),
        };
        PrioritySuggestion {
            priority: Priority::MustDo,
            regulations,
            reason: format!(
                "{name} is {level}, which normally means a breach of {cited}: a must do."
            ),
        }
    } else {
        should(format!(
            "{name} has a shortfall short of a breach of {cited}: a should do, unless you judge it a breach."
        ))
    })
}

/// Why an action's priority cannot be stored.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PriorityError {
    #[error(
        "a must-do action answers a breach, so it needs the regulation it breaches (9 to 20A)"
    )]
    MustDoWithoutRegulation,
    #[error("{0:?} is not a regulation CQC inspects against: use 9 to 20 or 20A")]
    NotARegulation(String),
}

/// Checks an action's priority and the regulations it cites.
pub fn check_priority(
    priority: Option<Priority>,
    regulations: &[String],
) -> Result<(), PriorityError> {
    if let Some(bad) = regulations.iter().find(|n| !is_regulation(n)) {
        return Err(PriorityError::NotARegulation(bad.clone()));
    }
    if priority == Some(Priority::MustDo) && regulations.is_empty() {
        return Err(PriorityError::MustDoWithoutRegulation);
    }
    Ok(())
}

/// Regulations 9 to 20A of the Health and Social Care Act 2008 (Regulated Activities)
/// Regulations 2014, written as CQC writes them (`12`, `20A`).
pub fn is_regulation(number: &str) -> bool {
    number == "20A"
        || (number.len() <= 2
            && number.chars().all(|c| c.is_ascii_digit())
            && !number.starts_with('0')
            && number.parse::<u8>().is_ok_and(|n| (9..=20).contains(&n)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regulation_numbers_are_9_to_20a() {
        for good in ["9", "12", "20", "20A"] {
            assert!(is_regulation(good), "{good}");
        }
        for bad in ["8", "21", "20a", "012", "+12", "", "12 ", "5A", "20B"] {
            assert!(!is_regulation(bad), "{bad}");
        }
    }

    #[test]
    fn priorities_read_as_people_type_them() {
        assert_eq!(Priority::parse("Must do"), Some(Priority::MustDo));
        assert_eq!(Priority::parse("should_do"), Some(Priority::ShouldDo));
        assert_eq!(Priority::parse("could do"), None);
        let json = serde_json::to_string(&Priority::MustDo).unwrap_or_default();
        assert_eq!(json, "\"must-do\"");
    }

    #[test]
    fn a_must_do_names_its_regulation() {
        assert_eq!(
            check_priority(Some(Priority::MustDo), &[]),
            Err(PriorityError::MustDoWithoutRegulation)
        );
        assert!(check_priority(Some(Priority::MustDo), &["12".into()]).is_ok());
        assert!(check_priority(Some(Priority::ShouldDo), &[]).is_ok());
        assert!(check_priority(None, &["21".into()]).is_err());
    }
}
