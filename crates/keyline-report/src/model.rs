//! The report model: everything the PDF shows, as plain data.
//!
//! The model is deliberately flat and already formatted for people (labels, not ids; the
//! answer as it should read), so that rendering makes no decisions about scoring. The app
//! builds it from the database and the scoring result; tests build it from JSON fixtures.
//! Nothing here is trusted: any string may be empty, very long or contain characters the
//! font lacks, any number may be out of range, and the renderer copes.

use serde::{Deserialize, Serialize};

/// One complete report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub inspection: InspectionFacts,
    /// The template's ratings, best first (used for the chart's legend and band colours).
    #[serde(default)]
    pub ratings: Vec<Rating>,
    /// The template's percentage bands, drawn behind the key-question bars.
    #[serde(default)]
    pub bands: Vec<Band>,
    pub overall: Overall,
    /// Key questions (template sections), in template order.
    #[serde(default)]
    pub sections: Vec<Section>,
    #[serde(default)]
    pub actions: Vec<Action>,
    /// Every response, in template order (the findings show them; kept for readers of the
    /// model).
    #[serde(default)]
    pub responses: Vec<Response>,
    /// What page 1 leads with: the biggest strengths and concerns.
    #[serde(default)]
    pub highlights: Highlights,
    /// The actions in numbers, for page 1.
    #[serde(default)]
    pub action_counts: ActionCounts,
    /// The template's rounding statement, printed once, when rounding changed a percentage.
    #[serde(default)]
    pub rounding_note: Option<String>,
}

/// The items that earned the largest and smallest share of their points (at most three of
/// each), as the scoring engine picks them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Highlights {
    #[serde(default)]
    pub strengths: Vec<Highlight>,
    #[serde(default)]
    pub concerns: Vec<Highlight>,
}

/// One strength or concern: the item's title, its key question and the answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Highlight {
    pub title: String,
    #[serde(default)]
    pub section: String,
    #[serde(default)]
    pub answer: String,
}

/// The actions in numbers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionCounts {
    /// Must do: each answers a breach of a regulation.
    #[serde(default)]
    pub must_do: usize,
    #[serde(default)]
    pub should_do: usize,
    /// Not completed (at the time the record was made).
    #[serde(default)]
    pub open: usize,
    /// The earliest due date of an open action, as it should print.
    #[serde(default)]
    pub next_due: Option<String>,
}

/// The facts that identify the inspection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InspectionFacts {
    /// The ward or service inspected, e.g. "Larch Ward".
    pub service: String,
    #[serde(default)]
    pub site: String,
    #[serde(default)]
    pub trust: String,
    /// The kind of inspection as people say it, e.g. "Mock inspection".
    #[serde(default)]
    pub kind: String,
    /// The date or dates of the visit as they should print, e.g. "12 June 2025".
    #[serde(default)]
    pub dates: String,
    /// The inspection team, one person per entry.
    #[serde(default)]
    pub team: Vec<String>,
    pub template_title: String,
    #[serde(default)]
    pub template_version: String,
    pub status: Status,
    /// Hex SHA-256 of the signed-off record; `None` while the inspection is a draft.
    #[serde(default)]
    pub fingerprint: Option<String>,
}

/// Whether the record has been signed off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "state")]
pub enum Status {
    /// Not signed off: every page carries a DRAFT mark.
    Draft,
    /// Signed off by an inspector and a reviewer.
    #[serde(rename_all = "camelCase")]
    SignedOff {
        inspector: String,
        reviewer: String,
        /// When it was signed off, as it should print.
        signed_at: String,
    },
}

/// A rating the template defines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Rating {
    pub id: String,
    pub label: String,
    /// `#rrggbb`; anything else prints grey.
    pub colour: String,
}

/// A percentage band: `min..=max` percent gives `rating` (a [`Rating::id`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Band {
    pub min: f64,
    pub max: f64,
    pub rating: String,
}

/// The overall rating.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Overall {
    /// `None` when nothing could be rated.
    #[serde(default)]
    pub rating_label: Option<String>,
    #[serde(default)]
    pub colour: Option<String>,
    #[serde(default)]
    pub explanation: String,
}

/// A key question (template section) with its score and findings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Section {
    #[serde(default)]
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub earned: f64,
    #[serde(default)]
    pub possible: f64,
    /// The percentage as banded (earned ÷ possible × 100 after the template's rounding);
    /// `None` when nothing was scored.
    #[serde(default)]
    pub percent: Option<f64>,
    /// The final rating (after any cap or override).
    #[serde(default)]
    pub rating_label: Option<String>,
    #[serde(default)]
    pub colour: Option<String>,
    #[serde(default)]
    pub explanation: String,
    /// What matters in a sentence or two: the rating, the share of the points, and what
    /// capped or moderated it (with the moderation's reason).
    #[serde(default)]
    pub summary: String,
    /// Why the rating was capped, when it was.
    #[serde(default)]
    pub capped_by: Option<String>,
    /// A reviewer's override of the rating, with its justification.
    #[serde(default, rename = "override")]
    pub override_: Option<Override>,
    #[serde(default)]
    pub items: Vec<Item>,
}

/// A reviewer's override of a key question's rating.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Override {
    pub rating_label: String,
    pub justification: String,
}

/// One item (question, quality statement, check) and what was found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    pub id: String,
    pub title: String,
    /// The answer as it should read ("3 – Good standard", "Yes", "Not answered").
    #[serde(default)]
    pub answer: String,
    /// Points earned; `None` for unscored or N/A items.
    #[serde(default)]
    pub score: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    /// The template's descriptor for the given answer.
    #[serde(default)]
    pub descriptor: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// A file attached to an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    pub file_name: String,
    #[serde(default)]
    pub media_type: String,
    /// Size in bytes.
    #[serde(default)]
    pub size: u64,
    /// Hex SHA-256 of the file.
    #[serde(default)]
    pub sha256: String,
    /// The photo itself, when it is one to embed.
    #[serde(default)]
    pub image: Option<ImageData>,
}

/// An embeddable photo: JPEG or PNG bytes. The pixel size is read from the bytes; the
/// stated width and height are only a hint for layout when the bytes cannot be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageData {
    pub bytes: Vec<u8>,
    #[serde(default)]
    pub width: u32,
    #[serde(default)]
    pub height: u32,
}

/// A follow-up action raised during the inspection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Action {
    pub title: String,
    #[serde(default)]
    pub owner: String,
    /// Due date as it should print.
    #[serde(default)]
    pub due: String,
    /// "Not started", "In progress", "Completed".
    #[serde(default)]
    pub status: String,
    /// The item the action came from: its id (for template authors) and its title.
    #[serde(default)]
    pub item_id: String,
    #[serde(default)]
    pub item_title: String,
    /// `must-do` (a breach of a regulation), `should-do`, or empty for neither.
    #[serde(default)]
    pub priority: String,
    /// The regulations a must do breaches, as printed: "Regulation 12: Safe care and
    /// treatment".
    #[serde(default)]
    pub regulations: Vec<String>,
}

/// One response, for the appendix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    pub item_id: String,
    pub title: String,
    pub answer: String,
}

/// What the caller passes in so that rendering stays pure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PdfOptions {
    /// When the report was generated, RFC 3339 (`2025-06-12T14:03:00Z`).
    pub generated_at: String,
    /// The report's id, printed on every page and written as the PDF's file identifier.
    pub document_id: String,
}
