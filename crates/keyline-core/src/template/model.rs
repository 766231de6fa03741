//! The template file format, as Rust types. The JSON Schema committed beside the shipped
//! templates is generated from these types, so they are the single definition of the format.
//!
//! Nothing here is specific to one regulator's framework: scales, ratings, bands, caps and
//! the rules that aggregate section ratings are all data in the file.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An inspection template: a versioned framework an inspection follows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Template {
    /// The JSON Schema the file follows (for editors); ignored by Keyline.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Stable identifier, lower-case letters, digits, hyphens and dots, e.g. `cqc-saf-mh-ward`.
    #[schemars(pattern(r"^[a-z0-9]([a-z0-9.-]{0,98}[a-z0-9])?$"))]
    pub id: String,
    /// Dotted numeric version, e.g. `1.0` or `2024.2`. A changed template gets a new version.
    #[schemars(pattern(r"^[0-9]+(\.[0-9]+)*$"))]
    pub version: String,
    /// The name people see when choosing a template.
    pub title: String,
    /// What the template covers and how it scores, in plain words.
    pub description: String,
    /// Where the framework comes from (publication, date), in plain words.
    pub source: String,
    /// The publications the framework as a whole rests on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// The regulations items may cite (by number), with their titles as reports print them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regulations: Vec<Regulation>,
    /// Named response scales that items refer to by id.
    #[serde(default)]
    pub scales: Vec<Scale>,
    /// The ratings, best first (e.g. Outstanding, Good, Requires improvement, Inadequate).
    pub ratings: Vec<Rating>,
    /// How a section percentage becomes a rating.
    pub banding: Banding,
    /// How an item with sub-items gets its score, unless the item says otherwise.
    #[serde(default)]
    pub roll_up: RollUp,
    /// Rating caps applied to a section when one of its critical items fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caps: Option<Caps>,
    /// Ordered rules turning section ratings into the overall rating.
    pub overall: OverallRules,
    /// Sections (key questions), in the order they are inspected.
    pub sections: Vec<Section>,
}

/// A publication a fact in the template rests on, or a plain statement that the fact is
/// Keyline's own (a method or wording with no published source).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Source {
    /// The publication (publisher, title, date), or what Keyline's own choice is.
    pub title: String,
    /// Where to read it: an `https://` address. Required unless `own` is true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The fact is Keyline's own, not a regulator's or a guideline's.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub own: bool,
}

/// A regulation items can cite, e.g. regulation 12 (Safe care and treatment) of the Health
/// and Social Care Act 2008 (Regulated Activities) Regulations 2014.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Regulation {
    /// The regulation's number, 9 to 20A.
    #[schemars(pattern(r"^(9|1[0-9]|20A?)$"))]
    pub number: String,
    /// Its title, e.g. "Safe care and treatment".
    pub title: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
}

/// A named ordinal scale, e.g. the 1–4 scale of the single assessment framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scale {
    /// Unique among the scales; items name it in `response.scale`.
    #[schemars(pattern(r"^[a-z0-9]([a-z0-9.-]{0,98}[a-z0-9])?$"))]
    pub id: String,
    pub title: String,
    /// Levels from lowest to highest score.
    pub levels: Vec<ScaleLevel>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScaleLevel {
    /// The score this level earns (also what an inspector types to choose it).
    pub value: f64,
    pub label: String,
}

/// A rating a section or the whole inspection can get.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Rating {
    /// Unique among the ratings; bands, caps and rules name it.
    #[schemars(pattern(r"^[a-z0-9]([a-z0-9.-]{0,98}[a-z0-9])?$"))]
    pub id: String,
    /// As printed, e.g. "Requires improvement".
    pub label: String,
    /// Display colour as `#rrggbb`.
    #[schemars(pattern(r"^#[0-9a-fA-F]{6}$"))]
    pub colour: String,
}

/// Percentage bands and the rounding applied before a percentage is banded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Banding {
    pub rounding: Rounding,
    /// Bands that together cover 0–100 with no gap or overlap at the rounding's precision.
    pub bands: Vec<Band>,
    /// While a section has unanswered items its rating is provisional: shown, over the
    /// answered items only, once this share (more than 0, at most 1) of its items that must
    /// be answered are answered. Without it, once every mandatory item is answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provisional_minimum: Option<f64>,
    /// Where the bands and the rounding come from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Rounding {
    /// Decimal places the percentage is rounded to before banding (0 = whole numbers).
    pub decimals: u8,
    pub mode: RoundingMode,
    /// The rule in plain words, printed with every score (e.g. "62.5% rounds to 63%").
    pub statement: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum RoundingMode {
    /// Halves round up (62.5 → 63).
    HalfUp,
    /// Always round down (62.9 → 62).
    Down,
}

/// A closed range of rounded percentages that earns a rating.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Band {
    /// A rating id.
    pub rating: String,
    /// Lowest rounded percentage in the band (inclusive).
    pub min: f64,
    /// Highest rounded percentage in the band (inclusive).
    pub max: f64,
}

/// How an item with sub-items (evidence categories) is scored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum RollUp {
    /// The item is answered directly by professional judgement; sub-items are notes to it.
    #[default]
    Direct,
    /// The item's score is computed from its answered sub-items.
    FromSubItems,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Caps {
    /// Rating id a section is capped at when any critical item in it fails.
    pub critical: String,
    /// Rating id a section is capped at when a breach of a regulation is found against one
    /// of its items (a must-do action). Without it, breaches do not change ratings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breach: Option<String>,
    /// Where the caps come from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
}

/// Ordered rules; the first whose conditions all hold gives the overall rating.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OverallRules {
    pub rules: Vec<OverallRule>,
    /// Rating id when no rule applies.
    pub default: String,
    /// Where the default (and the rules as a whole) come from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OverallRule {
    /// All must hold.
    pub when: Vec<RatingCount>,
    /// Rating id.
    pub then: String,
    /// The rule in plain words, e.g. "2 or more Inadequate key questions".
    pub description: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
}

/// "At least / at most N sections rated R (or worse / or better)".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RatingCount {
    /// Rating id.
    pub rating: String,
    /// Which sections count: exactly this rating, or also worse or better ones.
    #[serde(default)]
    pub including: Including,
    /// At least this many sections (give this, `atMost`, or both).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<u32>,
    /// At most this many sections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<u32>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Including {
    /// Only sections with exactly this rating count.
    #[default]
    Exactly,
    /// Sections with this rating or any worse one count.
    OrWorse,
    /// Sections with this rating or any better one count.
    OrBetter,
}

/// A key question (or any other grouping of items).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Section {
    /// Unique among the sections, e.g. `safe`.
    #[schemars(pattern(r"^[a-z0-9]([a-z0-9.-]{0,98}[a-z0-9])?$"))]
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// What each rating looks like for this section (e.g. CQC's rating characteristics),
    /// keyed by rating id: what a moderator reads before changing a rating.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub characteristics: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    pub items: Vec<Item>,
}

/// A quality statement, key line of enquiry or check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Item {
    /// Unique across the whole template (items and sub-items), e.g. `S1` or
    /// `safe.learning-culture`. Letters, digits, hyphens and dots.
    #[schemars(pattern(r"^[A-Za-z0-9]([A-Za-z0-9.-]{0,98}[A-Za-z0-9])?$"))]
    pub id: String,
    pub title: String,
    /// What the inspector looks at.
    #[serde(default)]
    pub prompts: Vec<String>,
    /// What each score level looks like, keyed by the scale value or option value.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub descriptors: BTreeMap<String, String>,
    pub response: ResponseType,
    /// How much the item counts relative to others (more than 0; default 1).
    #[serde(default = "one")]
    pub weight: f64,
    /// Whether "not applicable" is an allowed answer; N/A leaves the item out of the score.
    #[serde(default)]
    pub na_allowed: bool,
    /// Whether the inspection cannot be completed without an answer.
    #[serde(default)]
    pub mandatory: bool,
    /// A poor answer caps the section's rating.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub critical: Option<Critical>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub logic: Vec<LogicRule>,
    /// Shown (and scored) only when another item's logic shows it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub follow_up: bool,
    /// Overrides the template's roll-up for this item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roll_up: Option<RollUp>,
    /// Evidence categories or sub-checks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sub_items: Vec<Item>,
    /// The regulations (numbers from the template's `regulations`) the item evidences.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regulations: Vec<String>,
    /// Where the item's standard comes from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
}

fn one() -> f64 {
    1.0
}

/// How an item is answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "camelCase", deny_unknown_fields)]
pub enum ResponseType {
    /// A level of a named scale; earns the level's value out of the top level's.
    Scale { scale: String },
    /// Yes earns 1, no 0.
    YesNo,
    /// Yes 1, partial 0.5, no 0.
    Partial,
    /// One option, each with its own score.
    Choice { options: Vec<ChoiceOption> },
    /// A number; earns 1 when it meets the target, else 0.
    Number {
        target: f64,
        direction: TargetDirection,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
    },
    /// An audited sample: "n of N records met the standard". Earns n ÷ N (out of 1).
    Count {
        /// N when the sample size is fixed (e.g. 10 care records); otherwise the inspector
        /// enters it with each answer.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        of: Option<u32>,
        /// What was sampled, in the plural: "care records", "patients".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<String>,
    },
    /// Free text; not scored.
    Text,
    /// A date (YYYY-MM-DD); not scored.
    Date,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChoiceOption {
    /// Unique within the item; what descriptors and `answerIs` name.
    pub value: String,
    pub label: String,
    /// What choosing this option earns.
    pub score: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum TargetDirection {
    /// The answer meets the target when it is at least the target (e.g. fill rate %).
    AtLeast,
    /// The answer meets the target when it is at most the target (e.g. days overdue).
    AtMost,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Critical {
    /// The item fails when its score is at or below this.
    pub at_or_below: f64,
    /// Rating id the section is capped at; defaults to the template's `caps.critical`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<String>,
}

/// "When the answer is …, then …".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LogicRule {
    /// When the rule fires.
    pub when: Condition,
    /// What happens then.
    pub then: Consequence,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Condition {
    /// Holds when the answer's score is at or below this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_or_below: Option<f64>,
    /// Holds when the answer is one of these (`yes`, `no`, `partial`, an option value, `na`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answer_is: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Consequence {
    /// The inspector must write a note before the inspection can be completed.
    RequireNote,
    /// The inspector must attach evidence (a document reference or photo).
    RequireEvidence,
    /// Suggest an action with this title.
    SuggestAction(String),
    /// Show these follow-up items (ids of items marked `followUp`).
    Show(Vec<String>),
}
