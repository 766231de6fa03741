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
mod place;
mod read;
pub mod sheet;
mod versions;

use std::fmt;

pub use model::*;
pub use versions::{
    compare_versions, next_version, starter, version_order, version_problem, Change, ChangeKind,
};

/// One thing wrong with a template: where it is in words a quality lead follows
/// ("Section 2 “Effective”, item 3 “Staffing”, weight", counted from one), what is wrong in
/// plain English, and the exact location for people who edit files: a JSON path such as
/// `$.sections[2].items[4].response.scale` (or a spreadsheet cell such as `Items!F7`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    /// Where, in words; empty for the file as a whole.
    pub place: String,
    pub message: String,
}

impl Problem {
    /// A problem at `path`, its place in words still to be worked out (see [`parse`]).
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            path: path.into(),
            place: String::new(),
            message: message.into(),
        }
    }

    /// The same problem, placed in words.
    pub fn at(mut self, place: impl Into<String>) -> Self {
        self.place = place.into();
        self
    }
}

impl fmt::Display for Problem {
    /// "place: message (at path)": the words first, the path as a detail.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.place.is_empty() {
            write!(f, "{}", self.message)?;
        } else {
            write!(f, "{}: {}", self.place, self.message)?;
        }
        if self.path.is_empty() || self.path == "$" {
            Ok(())
        } else {
            write!(f, " (at {})", self.path)
        }
    }
}

/// Reads and checks a template file's bytes. On failure the list holds every problem found
/// (never none): the first structural one if the file does not read as a template at all,
/// otherwise all the semantic ones together.
///
/// Every problem is placed in words ([`Problem::place`]) from the file's own titles, so a
/// problem in a file that does not read as a template still says "Section 2 “Effective”".
pub fn parse(bytes: &[u8]) -> Result<Template, Vec<Problem>> {
    let read = match read::read(bytes) {
        Ok(read) => read,
        Err(problems) => return Err(place::place_all(problems, bytes)),
    };
    let read::Read {
        template,
        mut unknown_fields,
    } = read;
    // Unknown fields were left out so the rest could be read; report them with the rest.
    unknown_fields.extend(check::check(&template));
    let problems = unknown_fields;
    if problems.is_empty() {
        Ok(template)
    } else {
        Err(place::place_all(problems, bytes))
    }
}

/// Every problem with a template already in memory (a draft in the editor, a spreadsheet
/// read into the model), placed in words: what [`parse`] would say of its JSON.
pub fn problems(template: &Template) -> Vec<Problem> {
    match serde_json::to_vec(template) {
        Ok(bytes) => match parse(&bytes) {
            Ok(_) => Vec::new(),
            Err(problems) => problems,
        },
        Err(error) => vec![Problem::new(
            "$",
            format!("the template cannot be written out: {error}"),
        )],
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
