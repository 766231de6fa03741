//! The governance board pack: many wards' inspections on a few pages, as a pure function
//! from a [`BoardPack`] to PDF bytes.
//!
//! A board asks different questions from a ward: where do we stand across our wards, what
//! moved, what keeps coming up, can we trust our own self-assessments, do our inspectors
//! agree, and which actions are late. The pack answers them in that order: a one-page
//! summary, the wards against the key questions, the trends, the recurring themes, the
//! self-assessment gaps, the consistency of paired inspections, the action list, and "About
//! this board pack" (how the figures were reached).
//!
//! Like the inspection report, the model is plain data already worded for people (labels,
//! formatted dates, the caller's filters as a sentence): the renderer makes no decisions
//! about scoring or about what counts as overdue or flagged. It is drawn with the same
//! layout (tables whose header and group headings repeat on every page, the running header,
//! "Page X of Y"), the same embedded face and the same chart axes, and, like [`render`], it
//! reads no clock: the same pack and options give the same bytes.
//!
//! Every rating is shown in its colour *and* in words, and every change in words or an
//! arrow explained beside the table, so nothing depends on seeing colour. Nothing here is
//! trusted: any string may be empty or very long, any number out of range, any list empty
//! (an empty section says so), and the pages still hold everything.
//!
//! [`render`]: crate::render

mod pages;

use serde::{Deserialize, Serialize};

use crate::fonts::Fonts;
use crate::layout::Canvas;
use crate::model::{PdfOptions, Rating};
use crate::{save, time, Metadata, ReportError};

/// One board pack: the inspections that match the caller's filters, summarised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BoardPack {
    /// The pack's title, e.g. "Board pack: ward inspections".
    pub title: String,
    /// The filters applied, as one sentence, e.g. "All trusts · Template: CQC SAF
    /// mental-health ward · All kinds · 1 December 2025 to 30 November 2026". Printed
    /// under the title and in every page's header, so a page read alone says what it covers.
    #[serde(default)]
    pub filters: String,
    /// When the figures were drawn up, as it should print ("3 December 2026, 16:14 UTC").
    #[serde(default)]
    pub generated: String,
    /// The ratings, best first, with their colours: cells, movers and the distribution look
    /// their rating up here by id (or, for movers, by label).
    #[serde(default)]
    pub ratings: Vec<Rating>,
    /// Page 1.
    pub summary: BoardSummary,
    /// The wards table's rating columns, in order: the key questions, then (as the caller
    /// chooses) a final "Overall" column.
    #[serde(default)]
    pub columns: Vec<BoardColumn>,
    /// One row per ward, already sorted by trust, then site, then ward: the table starts a
    /// group heading whenever the trust or site changes.
    #[serde(default)]
    pub wards: Vec<WardRow>,
    /// Each key question's percentage over time, across every inspection in the pack.
    #[serde(default)]
    pub trends: Vec<Trend>,
    /// The items that recur across the inspections, most frequent first.
    #[serde(default)]
    pub themes: Vec<Theme>,
    /// Wards' self-assessments against independent mock inspections (listed like
    /// [`BoardPack::actions`]).
    #[serde(default)]
    pub gaps: SelfAssessmentGaps,
    /// How far paired inspections of the same ward agree.
    #[serde(default)]
    pub consistency: Consistency,
    /// The actions to follow up, in the order they should be listed. Listed trust by trust,
    /// they go under a heading per trust; in any other order each names its trust.
    #[serde(default)]
    pub actions: Vec<BoardAction>,
}

/// The figures page 1 leads with.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BoardSummary {
    /// Wards with at least one inspection in the pack.
    #[serde(default)]
    pub wards: u32,
    /// Inspections in the pack.
    #[serde(default)]
    pub inspections: u32,
    /// How many wards' latest inspections have each overall rating, best first.
    #[serde(default)]
    pub distribution: Vec<RatingCount>,
    /// The wards whose overall result changed most since their previous inspection.
    #[serde(default)]
    pub movers: Vec<Mover>,
    /// Actions past their due date and not completed.
    #[serde(default)]
    pub overdue_actions: u32,
    /// The overdue actions by how long they are overdue, youngest first.
    #[serde(default)]
    pub overdue_by_age: Vec<AgeingBucket>,
    /// How these figures were reached, one plain-English sentence each; printed in "About
    /// this board pack".
    #[serde(default)]
    pub explanations: Vec<String>,
}

/// The number of wards whose latest overall rating is one rating.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RatingCount {
    /// A [`Rating::id`], for the colour.
    pub rating_id: String,
    pub rating_label: String,
    #[serde(default)]
    pub count: u32,
}

/// A ward whose overall result moved between its last two inspections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Mover {
    pub ward: String,
    #[serde(default)]
    pub trust: String,
    /// The overall rating before and after, as labels (matched to [`BoardPack::ratings`]
    /// for their colours).
    #[serde(default)]
    pub from_label: String,
    #[serde(default)]
    pub to_label: String,
    /// The change in the overall percentage, in percentage points: positive is up.
    #[serde(default)]
    pub change_points: f64,
    /// What moved it, in a sentence.
    #[serde(default)]
    pub explanation: String,
}

/// Overdue actions of one age.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgeingBucket {
    /// "0–30 days", "31–90 days", "Over 90 days".
    pub bucket_label: String,
    #[serde(default)]
    pub count: u32,
}

/// A rating column of the wards table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BoardColumn {
    /// The key question's id (or "overall").
    #[serde(default)]
    pub id: String,
    /// The heading; short ones ("Safe", "Well-led") keep the table on a portrait page.
    pub title: String,
}

/// One ward and its latest ratings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WardRow {
    #[serde(default)]
    pub trust: String,
    #[serde(default)]
    pub site: String,
    pub ward: String,
    /// One per [`BoardPack::columns`] entry, in the same order; `None` where the ward has no
    /// rating for that column. Missing cells at the end count as `None`.
    #[serde(default)]
    pub cells: Vec<Option<WardCell>>,
}

/// A ward's latest rating for one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WardCell {
    /// A [`Rating::id`], for the colour.
    #[serde(default)]
    pub rating_id: String,
    pub rating_label: String,
    /// The percentage as banded; `None` when it was not scored as a percentage.
    #[serde(default)]
    pub percent: Option<f64>,
    /// The date of the inspection the rating comes from, as it should print.
    #[serde(default)]
    pub date: String,
    /// The change since the ward's previous inspection; `None` when there was none to
    /// compare with.
    #[serde(default)]
    pub change: Option<Change>,
}

/// Which way a rating moved since the ward's previous inspection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Up,
    Down,
    Same,
}

/// One column's percentage over time, across the whole pack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Trend {
    /// The key question (or "Overall").
    pub column_title: String,
    /// In time order.
    #[serde(default)]
    pub points: Vec<TrendPoint>,
}

/// One period of a trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrendPoint {
    /// The period as it should print: "Mar 2026" (or "2026-03").
    pub period: String,
    /// The mean percentage in that period; `None` when nothing was inspected.
    #[serde(default)]
    pub percent: Option<f64>,
}

/// An item that recurs across the inspections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Theme {
    pub item_title: String,
    /// Its key question.
    #[serde(default)]
    pub section_title: String,
    /// In how many inspections, and how many wards, it was found.
    #[serde(default)]
    pub inspections: u32,
    #[serde(default)]
    pub wards: u32,
}

/// Self-assessments set against independent mock inspections of the same ward.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SelfAssessmentGaps {
    #[serde(default)]
    pub wards: Vec<GapRow>,
    /// How the gap is measured and when a ward is flagged, in a sentence.
    #[serde(default)]
    pub explanation: String,
}

/// One ward's self-assessments against its independent mock inspections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GapRow {
    #[serde(default)]
    pub trust: String,
    pub ward: String,
    /// Self-assessments paired with an independent inspection.
    #[serde(default)]
    pub pairs: u32,
    /// The self-assessment's percentage minus the independent one's, averaged, in
    /// percentage points: positive when the ward rated itself higher.
    #[serde(default)]
    pub mean_gap_points: Option<f64>,
    /// Key questions the self-assessment rated higher than the independent inspection.
    #[serde(default)]
    pub self_higher: u32,
    /// Whether the caller's rule flags this ward as rating itself too highly.
    #[serde(default)]
    pub flagged: bool,
}

/// How far two inspections of the same ward agree.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Consistency {
    #[serde(default)]
    pub trusts: Vec<TrustConsistency>,
    #[serde(default)]
    pub pairs: Vec<ConsistencyPair>,
    /// What agreement and kappa mean here, in a sentence.
    #[serde(default)]
    pub explanation: String,
}

/// Agreement across one trust's pairs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrustConsistency {
    pub trust: String,
    #[serde(default)]
    pub pairs: u32,
    /// Items answered the same, as a percentage, averaged over the pairs.
    #[serde(default)]
    pub mean_agreement_percent: Option<f64>,
    /// Weighted kappa, averaged over the pairs.
    #[serde(default)]
    pub mean_kappa: Option<f64>,
}

/// Two inspections of one ward, compared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsistencyPair {
    pub ward: String,
    /// Each inspection as people name it ("Mock inspection, 12 March 2026").
    #[serde(default)]
    pub first: String,
    #[serde(default)]
    pub second: String,
    #[serde(default)]
    pub agreement_percent: Option<f64>,
    #[serde(default)]
    pub kappa: Option<f64>,
}

/// An action to follow up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BoardAction {
    #[serde(default)]
    pub trust: String,
    #[serde(default)]
    pub ward: String,
    pub title: String,
    #[serde(default)]
    pub owner: String,
    /// "Must do", "Should do", or empty.
    #[serde(default)]
    pub priority_label: String,
    /// The due date as it should print.
    #[serde(default)]
    pub due: String,
    /// Days past the due date; `None` when not overdue.
    #[serde(default)]
    pub days_overdue: Option<u32>,
    /// The ageing bucket of an overdue action ([`AgeingBucket::bucket_label`]).
    #[serde(default)]
    pub bucket_label: Option<String>,
}

/// Renders `pack` as PDF bytes. The same `pack` and `options` always give the same bytes;
/// the time in `options` dates the file and its id names it on every page.
pub fn render_board_pack(pack: &BoardPack, options: &PdfOptions) -> Result<Vec<u8>, ReportError> {
    let generated = time::parse(&options.generated_at).map_err(ReportError::InvalidTime)?;
    let mut canvas = Canvas::new(Fonts::load()?);
    pages::body(pack, options, &mut canvas);
    pages::furnish(pack, options, &mut canvas);
    let about = Metadata {
        title: &pack.title,
        author: None,
        subject: &pack.filters,
    };
    save(canvas, &about, options, &generated.pdf_date())
}
