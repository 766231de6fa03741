//! Inspection templates: regulators' frameworks kept as data, so a new framework is a new
//! file rather than a new release.
//!
//! - `model.rs` is the file format (the Rust types are its single definition; the committed
//!   JSON Schema is generated from them by [`json_schema`]).
//! - [`parse`] turns a file's bytes into a [`Template`] or into every [`Problem`] with it,
//!   each located by a JSON path. It never panics and never hangs, whatever the bytes.
//!
//! A template that [`parse`] accepts is safe for scoring to rely on: ids are unique, every
//! reference resolves, and the bands give every percentage from 0 to 100 exactly one rating.

mod check;
mod model;
mod read;

use std::fmt;

pub use model::*;

/// One thing wrong with a template, located by a JSON path such as
/// `$.sections[2].items[4].response.scale`, with a plain-English message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Reads and checks a template file's bytes. On failure the list holds every problem found
/// (never none): the first structural one if the file does not read as a template at all,
/// otherwise all the semantic ones together.
pub fn parse(bytes: &[u8]) -> Result<Template, Vec<Problem>> {
    let read::Read {
        template,
        mut unknown_fields,
    } = read::read(bytes)?;
    // Unknown fields were left out so the rest could be read; report them with the rest.
    unknown_fields.extend(check::check(&template));
    let problems = unknown_fields;
    if problems.is_empty() {
        Ok(template)
    } else {
        Err(problems)
    }
}

/// The JSON Schema of the template format, pretty-printed and ending with a newline: the
/// exact content of `inspection-templates/template.schema.json`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Template);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

impl Template {
    /// Top-level items with their sections, in inspection order (sub-items not included).
    pub fn items(&self) -> impl Iterator<Item = (&Section, &Item)> {
        self.sections
            .iter()
            .flat_map(|section| section.items.iter().map(move |item| (section, item)))
    }

    /// The item or sub-item with this id.
    pub fn find_item(&self, id: &str) -> Option<&Item> {
        self.items().find_map(|(_, item)| {
            if item.id == id {
                Some(item)
            } else {
                item.sub_items.iter().find(|sub| sub.id == id)
            }
        })
    }

    /// The rating with this id.
    pub fn rating(&self, id: &str) -> Option<&Rating> {
        self.ratings.iter().find(|rating| rating.id == id)
    }

    /// The scale with this id.
    pub fn scale(&self, id: &str) -> Option<&Scale> {
        self.scales.iter().find(|scale| scale.id == id)
    }
}

impl ResponseType {
    /// The most an answer can earn before weighting, or `None` for unscored responses
    /// (text, date) and for a scale the template does not define.
    pub fn max_score(&self, template: &Template) -> Option<f64> {
        match self {
            ResponseType::Scale { scale } => template
                .scale(scale)?
                .levels
                .iter()
                .map(|level| level.value)
                .reduce(f64::max),
            ResponseType::Choice { options } => {
                options.iter().map(|option| option.score).reduce(f64::max)
            }
            ResponseType::YesNo
            | ResponseType::Partial
            | ResponseType::Number { .. }
            | ResponseType::Count { .. } => Some(1.0),
            ResponseType::Text | ResponseType::Date => None,
        }
    }
}
