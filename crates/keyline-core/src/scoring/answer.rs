//! Answers to items: what an inspector may give for each response type, how a typed value
//! (from the command line) becomes one, and what score it earns.
//!
//! Every answer that reaches the scoring engine has passed [`check_answer`] against the item
//! it answers, so the engine never has to guess what a value means.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::template::{Item, ResponseType, RollUp, TargetDirection, Template};

use super::explain::{join, num};

/// An inspector's answer to one item.
///
/// Stored as JSON in a readable tagged form: `{"kind":"level","value":3}`, `{"kind":"yes"}`,
/// `{"kind":"choice","value":"locked"}`, `{"kind":"na"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", content = "value", rename_all = "camelCase")]
pub enum Answer {
    /// A level of the item's scale, by its value.
    Level(f64),
    Yes,
    No,
    /// Only for items of the `partial` type.
    Partial,
    /// An option of a choice item, by its value.
    Choice(String),
    Number(f64),
    Text(String),
    /// `YYYY-MM-DD`.
    Date(String),
    /// An audited sample: `met` of `of` met the standard.
    Count {
        met: u32,
        of: u32,
    },
    /// Not applicable: counts in neither the score nor the maximum.
    #[serde(rename = "na")]
    NotApplicable,
}

impl Answer {
    /// The answer as people read it: `3`, `yes`, `partial`, an option value, `N/A`.
    pub fn display(&self) -> String {
        match self {
            Answer::Level(value) | Answer::Number(value) => num(*value),
            Answer::Yes => "yes".to_owned(),
            Answer::No => "no".to_owned(),
            Answer::Partial => "partial".to_owned(),
            Answer::Choice(text) | Answer::Text(text) | Answer::Date(text) => text.clone(),
            Answer::Count { met, of } => format!("{met} of {of}"),
            Answer::NotApplicable => "N/A".to_owned(),
        }
    }

    /// The answer in the words the template gives it, as people read it on screen and in
    /// the report: `3, Good standard`, `Yes`, `Partly`, an option's label, `7 of 10 care
    /// records (70%)`, `23 November 2026`, `Not applicable`.
    pub fn labelled(&self, template: &Template, item: &Item) -> String {
        match (self, &item.response) {
            (Answer::Level(value), ResponseType::Scale { scale }) => template
                .scales
                .iter()
                .find(|s| &s.id == scale)
                .and_then(|s| s.levels.iter().find(|l| (l.value - value).abs() < 1e-9))
                .map_or_else(
                    || num(*value),
                    |level| format!("{}, {}", num(*value), level.label),
                ),
            (Answer::Choice(value), ResponseType::Choice { options }) => options
                .iter()
                .find(|o| &o.value == value)
                .map_or_else(|| value.clone(), |o| o.label.clone()),
            (
                Answer::Number(value),
                ResponseType::Number {
                    unit: Some(unit), ..
                },
            ) => {
                format!("{} {unit}", num(*value))
            }
            (Answer::Count { met, of }, ResponseType::Count { unit, .. }) => {
                let unit = unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
                let share = if *of > 0 {
                    f64::from(*met) / f64::from(*of) * 100.0
                } else {
                    0.0
                };
                format!("{met} of {of}{unit} ({}%)", num(share))
            }
            (Answer::Yes, _) => "Yes".to_owned(),
            (Answer::No, _) => "No".to_owned(),
            (Answer::Partial, _) => "Partly".to_owned(),
            (Answer::Date(date), _) => uk_date(date),
            (Answer::NotApplicable, _) => "Not applicable".to_owned(),
            (other, _) => other.display(),
        }
    }

    /// The words a logic condition's `answerIs` matches against (`na` for N/A).
    pub(crate) fn condition_word(&self) -> String {
        match self {
            Answer::NotApplicable => "na".to_owned(),
            other => other.display(),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Answer::Level(_) => "a scale level",
            Answer::Yes | Answer::No => "yes or no",
            Answer::Partial => "partial",
            Answer::Choice(_) => "an option",
            Answer::Number(_) => "a number",
            Answer::Text(_) => "text",
            Answer::Date(_) => "a date",
            Answer::Count { .. } => "a count",
            Answer::NotApplicable => "N/A",
        }
    }
}

/// One item's answer in an inspection. Responses to items a template does not have are
/// ignored; when an item is answered twice, the later response counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Response {
    pub item_id: String,
    pub answer: Answer,
}

impl Response {
    pub fn new(item_id: impl Into<String>, answer: Answer) -> Self {
        Response {
            item_id: item_id.into(),
            answer,
        }
    }
}

/// Why a value is not an answer to an item. Messages name the item and what it accepts.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AnswerError {
    #[error("no answer was given for {item}")]
    Empty { item: String },
    #[error("N/A is not allowed for {item}")]
    NaNotAllowed { item: String },
    #[error("{item} takes a score of {allowed} ({labels}); \"{given}\" is not one of them")]
    NotALevel {
        item: String,
        allowed: String,
        labels: String,
        given: String,
    },
    #[error("\"{given}\" is not an option for {item}: choose {allowed}")]
    NotAnOption {
        item: String,
        allowed: String,
        given: String,
    },
    #[error("\"{given}\" is not an answer to {item}: answer {allowed}")]
    NotAnAnswer {
        item: String,
        allowed: String,
        given: String,
    },
    #[error("{item} takes a number; \"{given}\" is not one")]
    NotANumber { item: String, given: String },
    #[error("{item} takes a number {range}; {given} is outside it")]
    OutOfRange {
        item: String,
        range: String,
        given: String,
    },
    #[error("{item} takes a count such as \"{example}\"; \"{given}\" is not one")]
    NotACount {
        item: String,
        example: String,
        given: String,
    },
    #[error("{item}: {problem}")]
    BadCount { item: String, problem: String },
    #[error("{item} takes a date as YYYY-MM-DD; \"{given}\" is not a real date")]
    NotADate { item: String, given: String },
    #[error("{item} takes {expected}, not {given}")]
    WrongKind {
        item: String,
        expected: String,
        given: String,
    },
    #[error("{item} is scored from its sub-items ({sub_items}); answer those instead")]
    ScoredFromSubItems { item: String, sub_items: String },
    #[error("{item} uses the scale \"{scale}\", which the template does not define")]
    UnknownScale { item: String, scale: String },
    #[error(
        "the answer to {item} is blank: write the answer, or clear it to leave {item} unanswered"
    )]
    BlankText { item: String },
}

/// Whether the item's own score comes from its sub-items (the template's roll-up, unless the
/// item overrides it).
pub(crate) fn rolls_up(template: &Template, item: &Item) -> bool {
    !item.sub_items.is_empty() && item.roll_up.unwrap_or(template.roll_up) == RollUp::FromSubItems
}

/// Turns a typed value (as given on the command line) into an answer to `item`.
///
/// Accepts a scale level's value (or its label), an option's value (or its label, in any
/// case), `yes`/`no`/`partial` in any case, a number, free text, a `YYYY-MM-DD` date, or `na`
/// (also `n/a`) where the item allows N/A. An item scored from its sub-items accepts only `na`.
pub fn parse_answer(template: &Template, item: &Item, raw: &str) -> Result<Answer, AnswerError> {
    let given = raw.trim();
    let id = || item.id.clone();
    if given.is_empty() {
        return Err(AnswerError::Empty { item: id() });
    }
    let says_na = given.eq_ignore_ascii_case("na") || given.eq_ignore_ascii_case("n/a");
    if says_na {
        if item.na_allowed {
            return Ok(Answer::NotApplicable);
        }
        if !matches!(item.response, ResponseType::Text) {
            return Err(AnswerError::NaNotAllowed { item: id() });
        }
    }
    if rolls_up(template, item) {
        return Err(scored_from_sub_items(item));
    }
    match &item.response {
        ResponseType::Scale { scale } => {
            let levels = &template
                .scale(scale)
                .ok_or_else(|| AnswerError::UnknownScale {
                    item: id(),
                    scale: scale.clone(),
                })?
                .levels;
            let by_value = || {
                levels
                    .iter()
                    .find(|level| is_written_value(given, level.value))
            };
            let by_label = || {
                levels
                    .iter()
                    .find(|level| level.label.trim().eq_ignore_ascii_case(given))
            };
            by_value()
                .or_else(by_label)
                .map(|level| Answer::Level(level.value))
                .ok_or_else(|| not_a_level(template, item, scale, given))
        }
        ResponseType::YesNo | ResponseType::Partial => {
            let partial = matches!(item.response, ResponseType::Partial);
            if given.eq_ignore_ascii_case("yes") {
                Ok(Answer::Yes)
            } else if given.eq_ignore_ascii_case("no") {
                Ok(Answer::No)
            } else if partial && given.eq_ignore_ascii_case("partial") {
                Ok(Answer::Partial)
            } else {
                let mut words = vec!["yes".to_owned()];
                if partial {
                    words.push("partial".to_owned());
                }
                words.push("no".to_owned());
                if item.na_allowed {
                    words.push("na".to_owned());
                }
                Err(AnswerError::NotAnAnswer {
                    item: id(),
                    allowed: join(&words, "or"),
                    given: given.to_owned(),
                })
            }
        }
        ResponseType::Choice { options } => options
            .iter()
            .find(|option| option.value == given)
            .or_else(|| {
                options
                    .iter()
                    .find(|option| option.value.eq_ignore_ascii_case(given))
            })
            .or_else(|| {
                options
                    .iter()
                    .find(|option| option.label.trim().eq_ignore_ascii_case(given))
            })
            .map(|option| Answer::Choice(option.value.clone()))
            .ok_or_else(|| not_an_option(item, given)),
        ResponseType::Number { .. } => {
            let value = given
                .parse::<f64>()
                .ok()
                .filter(|value| value.is_finite())
                .ok_or_else(|| AnswerError::NotANumber {
                    item: id(),
                    given: given.to_owned(),
                })?;
            let answer = Answer::Number(value);
            check_answer(template, item, &answer)?;
            Ok(answer)
        }
        ResponseType::Count { of, .. } => {
            let answer = parse_count(given, *of).ok_or_else(|| AnswerError::NotACount {
                item: id(),
                example: match of {
                    Some(of) => format!("7 (of {of})"),
                    None => "7 of 10".to_owned(),
                },
                given: given.to_owned(),
            })?;
            check_answer(template, item, &answer)?;
            Ok(answer)
        }
        ResponseType::Text => Ok(Answer::Text(given.to_owned())),
        ResponseType::Date => {
            if is_calendar_date(given) {
                Ok(Answer::Date(given.to_owned()))
            } else {
                Err(AnswerError::NotADate {
                    item: id(),
                    given: given.to_owned(),
                })
            }
        }
    }
}

/// Checks that an already-typed answer fits `item` (the app sends typed answers). Text that
/// is blank or only white space is not an answer.
pub fn check_answer(template: &Template, item: &Item, answer: &Answer) -> Result<(), AnswerError> {
    let id = || item.id.clone();
    if let Answer::NotApplicable = answer {
        return if item.na_allowed {
            Ok(())
        } else {
            Err(AnswerError::NaNotAllowed { item: id() })
        };
    }
    if rolls_up(template, item) {
        return Err(scored_from_sub_items(item));
    }
    let wrong_kind = |expected: &str| AnswerError::WrongKind {
        item: id(),
        expected: expected.to_owned(),
        given: answer.kind().to_owned(),
    };
    match (&item.response, answer) {
        (ResponseType::Scale { scale }, Answer::Level(value)) => {
            let levels = &template
                .scale(scale)
                .ok_or_else(|| AnswerError::UnknownScale {
                    item: id(),
                    scale: scale.clone(),
                })?
                .levels;
            if levels.iter().any(|level| level.value == *value) {
                Ok(())
            } else {
                Err(not_a_level(template, item, scale, &num(*value)))
            }
        }
        (ResponseType::Scale { .. }, _) => Err(wrong_kind("a scale level")),
        (ResponseType::YesNo, Answer::Yes | Answer::No) => Ok(()),
        (ResponseType::YesNo, _) => Err(wrong_kind("yes or no")),
        (ResponseType::Partial, Answer::Yes | Answer::No | Answer::Partial) => Ok(()),
        (ResponseType::Partial, _) => Err(wrong_kind("yes, partial or no")),
        (ResponseType::Choice { options }, Answer::Choice(value)) => {
            if options.iter().any(|option| option.value == *value) {
                Ok(())
            } else {
                Err(not_an_option(item, value))
            }
        }
        (ResponseType::Choice { .. }, _) => Err(wrong_kind("one of its options")),
        (ResponseType::Number { min, max, .. }, Answer::Number(value)) => {
            let below = min.is_some_and(|min| *value < min);
            let above = max.is_some_and(|max| *value > max);
            if !value.is_finite() {
                Err(AnswerError::NotANumber {
                    item: id(),
                    given: num(*value),
                })
            } else if below || above {
                let range = match (min, max) {
                    (Some(min), Some(max)) => format!("from {} to {}", num(*min), num(*max)),
                    (Some(min), None) => format!("of at least {}", num(*min)),
                    (None, Some(max)) => format!("of at most {}", num(*max)),
                    (None, None) => String::new(),
                };
                Err(AnswerError::OutOfRange {
                    item: id(),
                    range,
                    given: num(*value),
                })
            } else {
                Ok(())
            }
        }
        (ResponseType::Number { .. }, _) => Err(wrong_kind("a number")),
        (ResponseType::Count { of: fixed, unit }, Answer::Count { met, of }) => {
            let what = unit.as_deref().unwrap_or("sampled");
            let problem = if *of == 0 {
                Some(format!(
                    "a sample of 0 {what} says nothing; answer N/A if there was nothing to sample"
                ))
            } else if fixed.is_some_and(|fixed| fixed != *of) {
                Some(format!(
                    "the sample is fixed at {} {what}, not {of}",
                    fixed.unwrap_or_default()
                ))
            } else if met > of {
                Some(format!(
                    "{met} of {of} cannot be: no more can meet the standard than were sampled"
                ))
            } else {
                None
            };
            match problem {
                Some(problem) => Err(AnswerError::BadCount {
                    item: id(),
                    problem,
                }),
                None => Ok(()),
            }
        }
        (ResponseType::Count { .. }, _) => Err(wrong_kind("a count (n of N)")),
        (ResponseType::Text, Answer::Text(text)) if text.trim().is_empty() => {
            Err(AnswerError::BlankText { item: id() })
        }
        (ResponseType::Text, Answer::Text(_)) => Ok(()),
        (ResponseType::Text, _) => Err(wrong_kind("text")),
        (ResponseType::Date, Answer::Date(date)) => {
            if is_calendar_date(date) {
                Ok(())
            } else {
                Err(AnswerError::NotADate {
                    item: id(),
                    given: date.clone(),
                })
            }
        }
        (ResponseType::Date, _) => Err(wrong_kind("a date")),
    }
}

/// The unweighted score an answer earns on `item`: the level's value; yes 1, partial 0.5,
/// no 0; the option's score; 1 when a number meets its target, else 0. `None` for N/A, text,
/// dates and answers that do not fit the item.
pub fn answer_score(item: &Item, answer: &Answer) -> Option<f64> {
    match (&item.response, answer) {
        (ResponseType::Scale { .. }, Answer::Level(value)) => Some(*value),
        (ResponseType::YesNo | ResponseType::Partial, Answer::Yes) => Some(1.0),
        (ResponseType::YesNo | ResponseType::Partial, Answer::No) => Some(0.0),
        (ResponseType::Partial, Answer::Partial) => Some(0.5),
        (ResponseType::Choice { options }, Answer::Choice(value)) => options
            .iter()
            .find(|option| option.value == *value)
            .map(|option| option.score),
        (
            ResponseType::Number {
                target, direction, ..
            },
            Answer::Number(value),
        ) => {
            let meets = match direction {
                TargetDirection::AtLeast => *value >= *target,
                TargetDirection::AtMost => *value <= *target,
            };
            Some(if meets { 1.0 } else { 0.0 })
        }
        (ResponseType::Count { .. }, Answer::Count { met, of }) if *of > 0 => {
            Some(f64::from(*met) / f64::from(*of))
        }
        _ => None,
    }
}

/// "7 of 10", "7/10" or "7 out of 10"; just "7" when the sample size is fixed.
fn parse_count(text: &str, fixed: Option<u32>) -> Option<Answer> {
    let lower = text.to_ascii_lowercase();
    let parts: Vec<&str> = lower
        .split(|c: char| c == '/' || c.is_whitespace())
        .filter(|part| !part.is_empty() && *part != "of" && *part != "out")
        .collect();
    let number = |part: &str| {
        (part.chars().all(|c| c.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    match (parts.as_slice(), fixed) {
        ([met], Some(of)) => Some(Answer::Count {
            met: number(met)?,
            of,
        }),
        ([met, of], _) => Some(Answer::Count {
            met: number(met)?,
            of: number(of)?,
        }),
        _ => None,
    }
}

/// Whether `text` writes exactly `value` in decimals: "3", "3.0" and "+3.00" write 3, but
/// "2.9999999999999999" does not, although it rounds to 3 as a floating-point number.
fn is_written_value(text: &str, value: f64) -> bool {
    let digits = text.strip_prefix('+').unwrap_or(text);
    let (sign, digits) = match digits.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", digits),
    };
    let well_formed = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.matches('.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit());
    if !well_formed {
        return false;
    }
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let whole = whole.trim_start_matches('0');
    let fraction = fraction.trim_end_matches('0');
    let written = match (whole.is_empty(), fraction.is_empty()) {
        (true, true) => "0".to_string(),
        (_, true) => format!("{sign}{whole}"),
        (true, false) => format!("{sign}0.{fraction}"),
        (false, false) => format!("{sign}{whole}.{fraction}"),
    };
    let exact = if value == 0.0 {
        "0".to_string()
    } else {
        format!("{value}")
    };
    written == exact
}

/// Two scale values are the same level (values typed as `3` and stored as `3.0` match).
pub(crate) fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9
}

fn scored_from_sub_items(item: &Item) -> AnswerError {
    let ids: Vec<String> = item.sub_items.iter().map(|sub| sub.id.clone()).collect();
    AnswerError::ScoredFromSubItems {
        item: item.id.clone(),
        sub_items: join(&ids, "and"),
    }
}

fn not_a_level(template: &Template, item: &Item, scale: &str, given: &str) -> AnswerError {
    let levels = template
        .scale(scale)
        .map(|scale| scale.levels.as_slice())
        .unwrap_or_default();
    let values: Vec<String> = levels.iter().map(|level| num(level.value)).collect();
    let labels = match levels {
        [] => String::new(),
        [only] => only.label.clone(),
        [first, .., last] => format!("{} … {}", first.label, last.label),
    };
    AnswerError::NotALevel {
        item: item.id.clone(),
        allowed: join(&values, "or"),
        labels,
        given: given.to_owned(),
    }
}

fn not_an_option(item: &Item, given: &str) -> AnswerError {
    let values: Vec<String> = match &item.response {
        ResponseType::Choice { options } => options
            .iter()
            .map(|option| format!("{} ({})", option.value, option.label))
            .collect(),
        _ => Vec::new(),
    };
    AnswerError::NotAnOption {
        item: item.id.clone(),
        allowed: join(&values, "or"),
        given: given.to_owned(),
    }
}

/// `YYYY-MM-DD` naming a day that exists in the Gregorian calendar (years 0001–9999).
pub fn is_calendar_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(at, byte)| at == 4 || at == 7 || byte.is_ascii_digit());
    if !shaped {
        return false;
    }
    let number =
        |range: std::ops::Range<usize>| text.get(range).and_then(|s| s.parse::<u32>().ok());
    let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    year >= 1 && (1..=days).contains(&day)
}

/// The months' names, January first.
pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A `YYYY-MM-DD` date as people write it in the UK ("23 November 2026"); anything else as
/// it is.
pub fn uk_date(date: &str) -> String {
    let mut parts = date.splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return date.to_owned();
    };
    match (m.parse::<usize>(), d.parse::<u32>()) {
        (Ok(m @ 1..=12), Ok(d)) if y.len() == 4 && d >= 1 => {
            format!("{d} {} {y}", MONTHS[m - 1])
        }
        _ => date.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scale_value_must_be_written_exactly() {
        for (text, value, expected) in [
            ("3", 3.0, true),
            ("3.0", 3.0, true),
            ("+03.00", 3.0, true),
            ("2.9999999999999999", 3.0, false),
            ("3.0000000000000001", 3.0, false),
            ("2.5", 2.5, true),
            ("-1", -1.0, true),
            ("0", 0.0, true),
            ("-0", 0.0, true),
            ("3e0", 3.0, false),
            (".", 0.0, false),
        ] {
            assert_eq!(is_written_value(text, value), expected, "{text}");
        }
    }

    #[test]
    fn counts_are_written_as_people_write_them() {
        let count = |met, of| Some(Answer::Count { met, of });
        assert_eq!(parse_count("7 of 10", None), count(7, 10));
        assert_eq!(parse_count("7/10", None), count(7, 10));
        assert_eq!(parse_count("7 OUT OF 10", None), count(7, 10));
        assert_eq!(parse_count("7", Some(10)), count(7, 10));
        assert_eq!(parse_count("7 of 12", Some(10)), count(7, 12));
        assert_eq!(parse_count("7", None), None);
        assert_eq!(parse_count("-1 of 10", None), None);
        assert_eq!(parse_count("7 of 10 of 12", None), None);
        assert_eq!(parse_count("seven of ten", None), None);
    }

    #[test]
    fn dates_must_exist() {
        for good in ["2024-02-29", "2000-02-29", "2025-12-31", "0001-01-01"] {
            assert!(is_calendar_date(good), "{good}");
        }
        for bad in [
            "2023-02-29",
            "1900-02-29",
            "2025-04-31",
            "2025-13-01",
            "2025-00-10",
            "2025-1-01",
            "2025/01/01",
            "0000-01-01",
            "２０２５-01-01",
            "",
        ] {
            assert!(!is_calendar_date(bad), "{bad}");
        }
    }

    #[test]
    fn answers_round_trip_through_json() {
        let answers = [
            Answer::Level(3.0),
            Answer::Yes,
            Answer::No,
            Answer::Partial,
            Answer::Choice("locked".into()),
            Answer::Number(12.5),
            Answer::Text("Seen on the ward".into()),
            Answer::Date("2025-03-01".into()),
            Answer::Count { met: 7, of: 10 },
            Answer::NotApplicable,
        ];
        for answer in answers {
            let json = serde_json::to_string(&answer).unwrap_or_default();
            let back: Option<Answer> = serde_json::from_str(&json).ok();
            assert_eq!(back, Some(answer), "{json}");
        }
        assert_eq!(
            serde_json::from_str::<Answer>(r#"{"kind":"level","value":3}"#).ok(),
            Some(Answer::Level(3.0))
        );
        assert_eq!(
            serde_json::to_string(&Answer::NotApplicable)
                .ok()
                .as_deref(),
            Some(r#"{"kind":"na"}"#)
        );
    }
}
