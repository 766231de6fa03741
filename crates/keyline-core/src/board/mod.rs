//! The governance board's view across wards: the latest rating of each ward on each key
//! question, how it moved, trends, self-assessment against independent inspection,
//! agreement between inspectors, recurring weak items and ageing actions.
//!
//! Pure like the rest of the core: the app reads the signed-off records (each with its kept
//! [`ScoreDigest`]), the actions and the agreements of the pairs [`pairs`] names, and
//! [`build`] decides everything the screen, the CLI, the spreadsheet and the board pack show,
//! each figure with the sentence that says how it was reached. Where a record came from
//! (signed here or imported) plays no part.

mod days;
mod digest;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

pub use days::{day_number, days_between, month_name};
pub use digest::{digest, ScoreDigest, SectionDigest, DIGEST_FORMAT, LOW_SHARE};

use crate::scoring::uk_date;
use crate::template::Template;

/// A self-assessment is set against the mock inspection of the same ward nearest to it in
/// time, when one falls within this many days.
pub const GAP_WINDOW_DAYS: i64 = 92;
/// A ward is flagged when its self-assessments have at least this many mock inspections to
/// be set against…
pub const GAP_MIN_PAIRS: u32 = 3;
/// …they average at least this many percentage points higher…
pub const GAP_FLAG_POINTS: f64 = 5.0;
/// …and at least this share of them are higher.
pub const GAP_FLAG_SHARE: f64 = 0.75;
/// Two inspections of the same ward and template version this close are compared, unless
/// the filter names another number of days.
pub const CONSISTENCY_DAYS: u32 = 14;
/// How many recurring weak items the board lists.
pub const THEMES: usize = 10;
/// How many biggest movers the summary lists.
pub const MOVERS: usize = 5;
/// Which way of comparing two inspections a kept agreement was made by (see
/// [`DIGEST_FORMAT`]).
pub const AGREEMENT_FORMAT: &str = "keyline-agreement/1";
/// A change of at least this many points, with the same rating, is shown as up or down.
pub const CHANGE_POINTS: f64 = 1.0;

/// What the board is narrowed to. Empty fields mean "all".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", default)]
pub struct BoardFilter {
    pub trust: Option<String>,
    pub site: Option<String>,
    /// A template id (a family: every version of it); the most used one when empty.
    pub template: Option<String>,
    /// `mock`, `self-assessment` or `peer-review`.
    pub kind: Option<String>,
    /// First and last inspection dates, `YYYY-MM-DD`, both included.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Inspections of one ward this many days apart or fewer are compared for consistency.
    pub consistency_days: Option<u32>,
}

/// One signed-off inspection as the board reads it (amended originals left out).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BoardRecord {
    pub inspection_id: i64,
    pub template_id: String,
    pub template_version: String,
    pub service: String,
    pub site: String,
    pub trust: String,
    pub kind: String,
    pub date: String,
    pub digest: ScoreDigest,
}

/// An action raised from a signed-off inspection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BoardActionInput {
    pub id: i64,
    pub inspection_id: i64,
    pub title: String,
    pub owner: String,
    pub due_date: Option<String>,
    /// `not-started`, `in-progress` or `completed`.
    pub status: String,
    /// "Must do" or "Should do", as people read it.
    pub priority: Option<String>,
}

/// How far the two inspections of a pair [`pairs`] named agree ([`crate::scoring::compare`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Agreement {
    pub first: i64,
    pub second: i64,
    pub items_compared: u32,
    pub percent_agreement: Option<f64>,
    pub weighted_kappa: Option<f64>,
}

/// Everything the board is built from.
pub struct BoardInput<'a> {
    pub records: &'a [BoardRecord],
    pub actions: &'a [BoardActionInput],
    pub agreements: &'a [Agreement],
    /// Every stored version of the chosen template family, oldest first (the latest gives
    /// the columns, the ratings and the items' titles).
    pub templates: &'a [&'a Template],
    pub filter: &'a BoardFilter,
    /// Today, `YYYY-MM-DD`, for ageing actions.
    pub today: &'a str,
    /// List at most this many open actions (the most overdue); every one when `None`. The
    /// counts and ageing always cover them all.
    pub action_limit: Option<usize>,
}

/// The board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Board {
    /// The filter as applied (the template family filled in when none was chosen).
    pub filter: BoardFilter,
    pub choices: BoardChoices,
    /// The chosen family's ratings, best first.
    pub ratings: Vec<BoardRating>,
    /// The key questions (the template's sections) and, last, `overall`.
    pub columns: Vec<BoardColumn>,
    pub rows: Vec<WardRow>,
    pub summary: BoardSummary,
    pub trends: Trends,
    pub gaps: Gaps,
    pub consistency: Consistency,
    pub themes: Themes,
    pub actions: ActionBoard,
}

/// What the filters can be set to, from the records there are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BoardChoices {
    pub trusts: Vec<String>,
    /// (trust, site) pairs.
    pub sites: Vec<SiteChoice>,
    pub templates: Vec<TemplateChoice>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SiteChoice {
    pub trust: String,
    pub site: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TemplateChoice {
    pub id: String,
    pub title: String,
    /// Signed-off inspections made with it.
    pub inspections: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BoardRating {
    pub id: String,
    pub label: String,
    /// `#rrggbb`.
    pub colour: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BoardColumn {
    /// A section id, or `overall`.
    pub id: String,
    pub title: String,
}

/// A ward, as the records name it. Wards are told apart by trust, site and name, ignoring
/// case and spacing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Ward {
    pub key: String,
    pub trust: String,
    pub site: String,
    pub service: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct WardRow {
    pub ward: Ward,
    /// Inspections of this ward the table's filter takes in.
    pub inspections: u32,
    /// One per column, `None` where the latest inspection has no rating for it.
    pub cells: Vec<Option<BoardCell>>,
}

/// Up, down or the same since the ward's previous inspection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Movement {
    Up,
    Down,
    Same,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BoardCell {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub inspection_id: i64,
    /// The section to open the inspection at; `None` for the overall column.
    pub section_id: Option<String>,
    pub kind: String,
    pub date: String,
    pub rating: Option<String>,
    pub rating_label: Option<String>,
    pub percent: Option<f64>,
    pub moderated: bool,
    /// Since the ward's previous inspection in the table; `None` when there is none.
    pub movement: Option<Movement>,
    pub explanation: String,
}

/// The board in numbers, for its first page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BoardSummary {
    pub wards: u32,
    pub inspections: u32,
    /// Wards by the overall rating of their latest inspection, best first, then unrated.
    pub distribution: Vec<RatingWards>,
    pub movers: Vec<Mover>,
    pub open_actions: u32,
    pub overdue_actions: u32,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RatingWards {
    /// `None` for wards with no overall rating.
    pub rating: Option<String>,
    pub label: String,
    pub wards: u32,
}

/// A ward whose overall percentage moved most since its previous inspection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Mover {
    pub ward: Ward,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub inspection_id: i64,
    pub from_label: Option<String>,
    pub to_label: Option<String>,
    /// Percentage points, signed.
    pub change: f64,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Trends {
    /// The filtered whole: per month, each column's mean percentage.
    pub whole: Vec<TrendPoint>,
    pub wards: Vec<WardTrend>,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TrendPoint {
    /// `YYYY-MM` for the whole; the inspection's date for a ward.
    pub period: String,
    /// "March 2026", or the date in words.
    pub label: String,
    pub inspections: u32,
    /// The inspection, for a ward's point.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub inspection_id: Option<i64>,
    /// One per column.
    pub percents: Vec<Option<f64>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct WardTrend {
    pub ward: Ward,
    pub points: Vec<TrendPoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Gaps {
    pub wards: Vec<WardGap>,
    pub explanation: String,
}

/// A ward's self-assessments set against its mock inspections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct WardGap {
    pub ward: Ward,
    /// Self-assessments with a mock inspection near enough to set against.
    pub pairs: u32,
    /// Of those, self-assessments with a higher overall percentage.
    pub self_higher: u32,
    /// Mean of (self-assessment − mock) overall percentage points.
    pub mean_gap: Option<f64>,
    /// The same per column (key questions, then overall).
    pub column_gaps: Vec<Option<f64>>,
    pub flagged: bool,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Consistency {
    pub days: u32,
    pub trusts: Vec<TrustConsistency>,
    pub pairs: Vec<PairAgreement>,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TrustConsistency {
    pub trust: String,
    pub pairs: u32,
    pub mean_agreement: Option<f64>,
    /// Over the pairs whose kappa is defined.
    pub mean_kappa: Option<f64>,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PairAgreement {
    pub ward: Ward,
    pub first: PairSide,
    pub second: PairSide,
    pub items_compared: u32,
    pub percent_agreement: Option<f64>,
    pub weighted_kappa: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PairSide {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub inspection_id: i64,
    pub kind: String,
    pub date: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Themes {
    pub items: Vec<Theme>,
    pub explanation: String,
}

/// An item often found weak.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Theme {
    pub item_id: String,
    pub title: String,
    pub section_id: String,
    pub section_title: String,
    /// Inspections that found it weak, and the wards they were of.
    pub inspections: u32,
    pub wards: u32,
    /// The most recent of those inspections.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub latest_inspection_id: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ActionBoard {
    pub open: u32,
    pub overdue: u32,
    /// Overdue actions by how long: 0–30, 31–90 and over 90 days.
    pub buckets: Vec<AgeingBucket>,
    pub by_trust: Vec<AgeingRow>,
    pub by_ward: Vec<AgeingRow>,
    pub by_owner: Vec<AgeingRow>,
    /// Open actions, most overdue first.
    pub list: Vec<BoardAction>,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AgeingBucket {
    pub label: String,
    pub actions: u32,
}

/// Open and overdue actions of one trust, ward or owner, with the overdue ones by age
/// (the same order as [`ActionBoard::buckets`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AgeingRow {
    pub label: String,
    pub open: u32,
    pub overdue: u32,
    pub ageing: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BoardAction {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub inspection_id: i64,
    pub ward: Ward,
    pub title: String,
    pub owner: String,
    pub priority: Option<String>,
    pub status: String,
    pub due_date: Option<String>,
    /// Days past its due date; `None` when not overdue.
    pub days_overdue: Option<u32>,
    /// The ageing bucket it falls in, when overdue.
    pub bucket: Option<String>,
}

/// The labels of the ageing buckets, in order.
pub const BUCKETS: [&str; 3] = ["0–30 days", "31–90 days", "Over 90 days"];

/// Which ageing bucket `days` overdue falls in.
fn bucket_of(days: i64) -> usize {
    match days {
        ..=30 => 0,
        31..=90 => 1,
        _ => 2,
    }
}

/// A name folded for telling wards apart: trimmed, inner spaces collapsed, lower case.
pub fn fold(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn ward_of(record: &BoardRecord) -> Ward {
    Ward {
        key: format!(
            "{}\u{1f}{}\u{1f}{}",
            fold(&record.trust),
            fold(&record.site),
            fold(&record.service)
        ),
        trust: record.trust.trim().to_owned(),
        site: record.site.trim().to_owned(),
        service: record.service.trim().to_owned(),
    }
}

/// The template family the board shows when the filter names none: the one with the most
/// signed-off inspections (ties by id).
pub fn default_family(records: &[BoardRecord]) -> Option<String> {
    let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
    for r in records {
        *counts.entry(&r.template_id).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(id, _)| id.to_owned())
}

/// Whether a record is in the filter's trust, site, family and period (any kind).
fn in_scope(record: &BoardRecord, filter: &BoardFilter) -> bool {
    let matches = |wanted: &Option<String>, have: &str| {
        wanted
            .as_deref()
            .is_none_or(|w| w.trim().is_empty() || fold(w) == fold(have))
    };
    matches(&filter.trust, &record.trust)
        && matches(&filter.site, &record.site)
        && filter
            .template
            .as_deref()
            .is_none_or(|t| t == record.template_id)
        && filter
            .from
            .as_deref()
            .is_none_or(|from| record.date.as_str() >= from)
        && filter
            .to
            .as_deref()
            .is_none_or(|to| record.date.as_str() <= to)
}

fn kind_matches(record: &BoardRecord, filter: &BoardFilter) -> bool {
    filter
        .kind
        .as_deref()
        .is_none_or(|k| k.is_empty() || k == record.kind)
}

/// The pairs of inspections whose agreement the board shows: the same ward and template
/// version, at most the filter's number of days apart (each inspection with the ones after
/// it), of the filter's trust, site, family and period. `filter.template` must be set.
pub fn pairs(records: &[BoardRecord], filter: &BoardFilter) -> Vec<(i64, i64)> {
    let days = i64::from(filter.consistency_days.unwrap_or(CONSISTENCY_DAYS));
    let mut by_ward: BTreeMap<(String, &str), Vec<&BoardRecord>> = BTreeMap::new();
    for r in records.iter().filter(|r| in_scope(r, filter)) {
        by_ward
            .entry((ward_of(r).key, r.template_version.as_str()))
            .or_default()
            .push(r);
    }
    let mut found = Vec::new();
    for list in by_ward.values_mut() {
        list.sort_by(|a, b| {
            a.date
                .cmp(&b.date)
                .then(a.inspection_id.cmp(&b.inspection_id))
        });
        for (at, first) in list.iter().enumerate() {
            for second in &list[at + 1..] {
                match days_between(&first.date, &second.date) {
                    Some(apart) if apart <= days => {
                        found.push((first.inspection_id, second.inspection_id))
                    }
                    _ => break,
                }
            }
        }
    }
    found
}

fn percent_text(percent: Option<f64>) -> String {
    percent.map_or_else(|| "no percentage".to_owned(), |p| format!("{p:.0}%"))
}

/// A kind of inspection as a sentence names it ("mock inspection").
pub fn kind_words(kind: &str) -> &str {
    match kind {
        "mock" => "mock inspection",
        "self-assessment" => "self-assessment",
        "peer-review" => "peer review",
        other => other,
    }
}

/// The ratings and titles of the chosen family, taken from its latest version.
struct Family<'a> {
    latest: Option<&'a Template>,
    versions: &'a [&'a Template],
}

impl Family<'_> {
    fn rank(&self, rating: &str) -> Option<usize> {
        self.latest?.ratings.iter().position(|r| r.id == rating)
    }
    fn label(&self, rating: &Option<String>) -> Option<String> {
        let rating = rating.as_deref()?;
        Some(
            self.latest
                .and_then(|t| t.ratings.iter().find(|r| r.id == rating))
                .map_or_else(|| rating.to_owned(), |r| r.label.clone()),
        )
    }
    /// The item's and its section's titles, from the record's own version if stored.
    fn item(&self, version: &str, item: &str) -> Option<(String, String, String)> {
        let template = self
            .versions
            .iter()
            .find(|t| t.version == version)
            .or(self.latest.as_ref())?;
        template.sections.iter().find_map(|s| {
            let mut all = s
                .items
                .iter()
                .flat_map(|i| std::iter::once(i).chain(i.sub_items.iter()));
            all.find(|i| i.id == item)
                .map(|i| (i.title.clone(), s.id.clone(), s.title.clone()))
        })
    }
}

/// The board over `input`.
pub fn build(input: &BoardInput<'_>) -> Board {
    let mut filter = input.filter.clone();
    if filter.template.as_deref().is_none_or(str::is_empty) {
        filter.template = default_family(input.records);
    }
    let latest = input.templates.last().copied();
    let family = Family {
        latest,
        versions: input.templates,
    };
    let mut columns: Vec<BoardColumn> = latest
        .map(|t| {
            t.sections
                .iter()
                .map(|s| BoardColumn {
                    id: s.id.clone(),
                    title: s.title.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    columns.push(BoardColumn {
        id: "overall".to_owned(),
        title: "Overall".to_owned(),
    });

    let scope: Vec<&BoardRecord> = input
        .records
        .iter()
        .filter(|r| in_scope(r, &filter))
        .collect();
    let table: Vec<&BoardRecord> = scope
        .iter()
        .copied()
        .filter(|r| kind_matches(r, &filter))
        .collect();
    let wards = by_ward(&table);
    let rows: Vec<WardRow> = wards
        .iter()
        .map(|(ward, list)| ward_row(ward, list, &columns, &family))
        .collect();
    let actions = actions(input, &table);
    let summary = summary(&rows, &wards, &family, &table, &actions);
    Board {
        choices: choices(input.records, input.templates),
        ratings: latest
            .map(|t| {
                t.ratings
                    .iter()
                    .map(|r| BoardRating {
                        id: r.id.clone(),
                        label: r.label.clone(),
                        colour: r.colour.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        trends: trends(&wards, &table, &columns),
        gaps: gaps(&by_ward(&scope), &columns),
        consistency: consistency(input, &scope, &filter),
        themes: themes(&table, &family),
        summary,
        actions,
        rows,
        columns,
        filter,
    }
}

fn choices(records: &[BoardRecord], templates: &[&Template]) -> BoardChoices {
    let trusts: BTreeSet<String> = records.iter().map(|r| r.trust.trim().to_owned()).collect();
    let sites: BTreeSet<(String, String)> = records
        .iter()
        .map(|r| (r.trust.trim().to_owned(), r.site.trim().to_owned()))
        .collect();
    let mut families: BTreeMap<&str, u32> = BTreeMap::new();
    for r in records {
        *families.entry(&r.template_id).or_default() += 1;
    }
    BoardChoices {
        trusts: trusts.into_iter().filter(|t| !t.is_empty()).collect(),
        sites: sites
            .into_iter()
            .filter(|(_, s)| !s.is_empty())
            .map(|(trust, site)| SiteChoice { trust, site })
            .collect(),
        templates: families
            .into_iter()
            .map(|(id, inspections)| TemplateChoice {
                id: id.to_owned(),
                title: templates
                    .iter()
                    .find(|t| t.id == id)
                    .map_or_else(|| id.to_owned(), |t| t.title.clone()),
                inspections,
            })
            .collect(),
    }
}

/// Records grouped by ward (sorted by trust, site and name), each ward's oldest first.
fn by_ward<'r>(records: &[&'r BoardRecord]) -> Vec<(Ward, Vec<&'r BoardRecord>)> {
    let mut map: HashMap<String, (Ward, Vec<&'r BoardRecord>)> = HashMap::new();
    for &r in records {
        let ward = ward_of(r);
        map.entry(ward.key.clone())
            .or_insert_with(|| (ward, Vec::new()))
            .1
            .push(r);
    }
    let mut wards: Vec<(Ward, Vec<&BoardRecord>)> = map.into_values().collect();
    for (ward, list) in &mut wards {
        list.sort_by(|a, b| {
            a.date
                .cmp(&b.date)
                .then(a.inspection_id.cmp(&b.inspection_id))
        });
        // The ward is shown as its latest record spells it.
        if let Some(last) = list.last() {
            *ward = Ward {
                key: ward.key.clone(),
                ..ward_of(last)
            };
        }
    }
    wards.sort_by(|a, b| a.0.key.cmp(&b.0.key));
    wards
}

/// A record's rating and percentage in one column.
fn standing(record: &BoardRecord, column: &str) -> (Option<String>, Option<f64>, bool) {
    if column == "overall" {
        return (record.digest.overall.clone(), record.digest.percent, false);
    }
    record
        .digest
        .sections
        .iter()
        .find(|s| s.id == column)
        .map_or((None, None, false), |s| {
            (s.rating.clone(), s.percent, s.moderated)
        })
}

fn movement(
    family: &Family<'_>,
    now: (&Option<String>, Option<f64>),
    before: (&Option<String>, Option<f64>),
) -> Movement {
    let ranks = (
        now.0.as_deref().and_then(|r| family.rank(r)),
        before.0.as_deref().and_then(|r| family.rank(r)),
    );
    match ranks {
        // Ratings are listed best first: a smaller rank is better.
        (Some(a), Some(b)) if a < b => Movement::Up,
        (Some(a), Some(b)) if a > b => Movement::Down,
        _ => match (now.1, before.1) {
            (Some(a), Some(b)) if a - b >= CHANGE_POINTS => Movement::Up,
            (Some(a), Some(b)) if b - a >= CHANGE_POINTS => Movement::Down,
            _ => Movement::Same,
        },
    }
}

fn ward_row(
    ward: &Ward,
    list: &[&BoardRecord],
    columns: &[BoardColumn],
    family: &Family<'_>,
) -> WardRow {
    let latest = list.last().copied();
    let previous = list.len().checked_sub(2).map(|at| list[at]);
    let cells = columns
        .iter()
        .map(|column| {
            let record = latest?;
            let (rating, percent, moderated) = standing(record, &column.id);
            if rating.is_none() && percent.is_none() {
                return None;
            }
            let label = family.label(&rating);
            let mut explanation = format!(
                "{}: {} ({}) at the {} of {}{}.",
                column.title,
                label.as_deref().unwrap_or("not rated"),
                percent_text(percent),
                kind_words(&record.kind),
                uk_date(&record.date),
                if moderated { ", moderated by the inspector" } else { "" }
            );
            let movement = previous.map(|before| {
                let (was, was_percent, _) = standing(before, &column.id);
                let moved = movement(family, (&rating, percent), (&was, was_percent));
                explanation.push_str(&format!(
                    " {} since the {} of {}: {} ({}).",
                    match moved {
                        Movement::Up => "Up",
                        Movement::Down => "Down",
                        Movement::Same => "No change",
                    },
                    kind_words(&before.kind),
                    uk_date(&before.date),
                    family.label(&was).as_deref().unwrap_or("not rated"),
                    percent_text(was_percent)
                ));
                moved
            });
            if column.id == "overall" {
                explanation.push_str(
                    " The overall rating is the template's rule over the key questions; the percentage is every point earned as a share of every point possible.",
                );
            }
            Some(BoardCell {
                inspection_id: record.inspection_id,
                section_id: (column.id != "overall").then(|| column.id.clone()),
                kind: record.kind.clone(),
                date: record.date.clone(),
                rating_label: label,
                rating,
                percent,
                moderated,
                movement,
                explanation,
            })
        })
        .collect();
    WardRow {
        ward: ward.clone(),
        inspections: list.len() as u32,
        cells,
    }
}

fn summary(
    rows: &[WardRow],
    wards: &[(Ward, Vec<&BoardRecord>)],
    family: &Family<'_>,
    table: &[&BoardRecord],
    actions: &ActionBoard,
) -> BoardSummary {
    let mut distribution: Vec<RatingWards> = family
        .latest
        .map(|t| {
            t.ratings
                .iter()
                .map(|r| RatingWards {
                    rating: Some(r.id.clone()),
                    label: r.label.clone(),
                    wards: 0,
                })
                .collect()
        })
        .unwrap_or_default();
    let mut unrated = 0;
    for (_, list) in wards {
        let overall = list.last().and_then(|r| r.digest.overall.as_deref());
        match distribution
            .iter_mut()
            .find(|c| overall.is_some() && c.rating.as_deref() == overall)
        {
            Some(count) => count.wards += 1,
            None => unrated += 1,
        }
    }
    if unrated > 0 {
        distribution.push(RatingWards {
            rating: None,
            label: "Not rated".to_owned(),
            wards: unrated,
        });
    }
    let mut movers: Vec<Mover> = wards
        .iter()
        .filter_map(|(ward, list)| {
            let [.., before, now] = list.as_slice() else {
                return None;
            };
            let change = now.digest.percent? - before.digest.percent?;
            Some(Mover {
                ward: ward.clone(),
                inspection_id: now.inspection_id,
                from_label: family.label(&before.digest.overall),
                to_label: family.label(&now.digest.overall),
                change,
                explanation: format!(
                    "{}: {} on {} against {} on {} ({:+.1} points).",
                    ward.service,
                    percent_text(now.digest.percent),
                    uk_date(&now.date),
                    percent_text(before.digest.percent),
                    uk_date(&before.date),
                    change
                ),
            })
        })
        .filter(|m| m.change.abs() >= CHANGE_POINTS)
        .collect();
    movers.sort_by(|a, b| {
        b.change
            .abs()
            .total_cmp(&a.change.abs())
            .then(a.ward.key.cmp(&b.ward.key))
    });
    movers.truncate(MOVERS);
    BoardSummary {
        wards: rows.len() as u32,
        inspections: table.len() as u32,
        distribution,
        movers,
        open_actions: actions.open,
        overdue_actions: actions.overdue,
        explanation: format!(
            "{} wards with {} signed-off inspections in the filter. Each ward counts once in the distribution, by the overall rating of its latest inspection. Movers are the wards whose overall percentage changed most between their two latest inspections (at least {CHANGE_POINTS:.0} point).",
            rows.len(),
            table.len()
        ),
    }
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / f64::from(n))
}

fn trends(
    wards: &[(Ward, Vec<&BoardRecord>)],
    table: &[&BoardRecord],
    columns: &[BoardColumn],
) -> Trends {
    let percents = |r: &BoardRecord| -> Vec<Option<f64>> {
        columns.iter().map(|c| standing(r, &c.id).1).collect()
    };
    let mut months: BTreeMap<&str, Vec<&BoardRecord>> = BTreeMap::new();
    for &r in table {
        months.entry(days::month_of(&r.date)).or_default().push(r);
    }
    let whole = months
        .into_iter()
        .map(|(month, list)| TrendPoint {
            period: month.to_owned(),
            label: month_name(month),
            inspections: list.len() as u32,
            inspection_id: None,
            percents: columns
                .iter()
                .map(|c| mean(list.iter().filter_map(|r| standing(r, &c.id).1)))
                .collect(),
        })
        .collect();
    Trends {
        whole,
        wards: wards
            .iter()
            .map(|(ward, list)| WardTrend {
                ward: ward.clone(),
                points: list
                    .iter()
                    .map(|r| TrendPoint {
                        period: r.date.clone(),
                        label: uk_date(&r.date),
                        inspections: 1,
                        inspection_id: Some(r.inspection_id),
                        percents: percents(r),
                    })
                    .collect(),
            })
            .collect(),
        explanation: "For the filtered whole, each month's point is the mean percentage of the inspections dated that month (each key question's banded percentage; overall, every point earned as a share of every point possible). For a ward, each point is one inspection.".to_owned(),
    }
}

fn gaps(wards: &[(Ward, Vec<&BoardRecord>)], columns: &[BoardColumn]) -> Gaps {
    let mut found = Vec::new();
    for (ward, list) in wards {
        let mocks: Vec<&BoardRecord> = list.iter().copied().filter(|r| r.kind == "mock").collect();
        let mut matched: Vec<(&BoardRecord, &BoardRecord)> = Vec::new();
        for own in list.iter().filter(|r| r.kind == "self-assessment") {
            let nearest = mocks
                .iter()
                .filter_map(|m| Some((days_between(&own.date, &m.date)?.abs(), *m)))
                .filter(|(apart, _)| *apart <= GAP_WINDOW_DAYS)
                .min_by(|a, b| a.0.cmp(&b.0).then(a.1.date.cmp(&b.1.date)));
            if let Some((_, mock)) = nearest {
                matched.push((own, mock));
            }
        }
        if matched.is_empty() {
            continue;
        }
        let overall: Vec<f64> = matched
            .iter()
            .filter_map(|(own, mock)| Some(own.digest.percent? - mock.digest.percent?))
            .collect();
        let pairs = overall.len() as u32;
        let self_higher = overall.iter().filter(|g| **g > 0.0).count() as u32;
        let mean_gap = mean(overall.iter().copied());
        let flagged = pairs >= GAP_MIN_PAIRS
            && mean_gap.is_some_and(|g| g >= GAP_FLAG_POINTS)
            && f64::from(self_higher) >= GAP_FLAG_SHARE * f64::from(pairs) - 1e-9;
        let column_gaps = columns
            .iter()
            .map(|c| {
                mean(matched.iter().filter_map(|(own, mock)| {
                    Some(standing(own, &c.id).1? - standing(mock, &c.id).1?)
                }))
            })
            .collect();
        found.push(WardGap {
            explanation: format!(
                "{} self-assessments set against the nearest mock inspection within {GAP_WINDOW_DAYS} days: {} higher, mean gap {} points overall{}.",
                pairs,
                self_higher,
                mean_gap.map_or_else(|| "not known".to_owned(), |g| format!("{g:+.1}")),
                if flagged { "; flagged as persistently higher" } else { "" }
            ),
            ward: ward.clone(),
            pairs,
            self_higher,
            mean_gap,
            column_gaps,
            flagged,
        });
    }
    found.sort_by(|a, b| {
        b.flagged
            .cmp(&a.flagged)
            .then(
                b.mean_gap
                    .unwrap_or(f64::MIN)
                    .total_cmp(&a.mean_gap.unwrap_or(f64::MIN)),
            )
            .then(a.ward.key.cmp(&b.ward.key))
    });
    Gaps {
        wards: found,
        explanation: format!(
            "Each self-assessment is set against the same ward's mock inspection nearest in time (within {GAP_WINDOW_DAYS} days); the gap is the self-assessment's percentage minus the mock inspection's. A ward is flagged when at least {GAP_MIN_PAIRS} self-assessments can be set against a mock inspection, they average at least {GAP_FLAG_POINTS:.0} points higher, and at least {:.0}% of them are higher. The kind filter does not apply here.",
            GAP_FLAG_SHARE * 100.0
        ),
    }
}

fn consistency(
    input: &BoardInput<'_>,
    scope: &[&BoardRecord],
    filter: &BoardFilter,
) -> Consistency {
    let days = filter.consistency_days.unwrap_or(CONSISTENCY_DAYS);
    let by_id: HashMap<i64, &BoardRecord> = scope.iter().map(|r| (r.inspection_id, *r)).collect();
    let mut pairs: Vec<PairAgreement> = input
        .agreements
        .iter()
        .filter_map(|a| {
            let (first, second) = (by_id.get(&a.first)?, by_id.get(&a.second)?);
            let side = |r: &BoardRecord| PairSide {
                inspection_id: r.inspection_id,
                kind: r.kind.clone(),
                date: r.date.clone(),
            };
            Some(PairAgreement {
                ward: ward_of(first),
                first: side(first),
                second: side(second),
                items_compared: a.items_compared,
                percent_agreement: a.percent_agreement,
                weighted_kappa: a.weighted_kappa,
            })
        })
        .collect();
    pairs.sort_by(|a, b| {
        a.ward
            .key
            .cmp(&b.ward.key)
            .then(a.first.date.cmp(&b.first.date))
            .then(a.first.inspection_id.cmp(&b.first.inspection_id))
            .then(a.second.inspection_id.cmp(&b.second.inspection_id))
    });
    let mut trusts: BTreeMap<String, Vec<&PairAgreement>> = BTreeMap::new();
    for p in &pairs {
        trusts.entry(p.ward.trust.clone()).or_default().push(p);
    }
    let trusts = trusts
        .into_iter()
        .map(|(trust, list)| {
            let mean_agreement = mean(list.iter().filter_map(|p| p.percent_agreement));
            let kappas = list.iter().filter(|p| p.weighted_kappa.is_some()).count();
            let mean_kappa = mean(list.iter().filter_map(|p| p.weighted_kappa));
            TrustConsistency {
                explanation: format!(
                    "{} pairs of inspections of the same ward and template version at most {days} days apart; mean agreement {}; mean weighted kappa {} over the {kappas} pairs where it is defined.",
                    list.len(),
                    mean_agreement.map_or_else(|| "not known".to_owned(), |m| format!("{m:.0}%")),
                    mean_kappa.map_or_else(|| "not known".to_owned(), |k| format!("{k:.2}")),
                ),
                trust,
                pairs: list.len() as u32,
                mean_agreement,
                mean_kappa,
            }
        })
        .collect();
    Consistency {
        days,
        trusts,
        pairs,
        explanation: format!(
            "Two signed-off inspections of the same ward and template version, at most {days} days apart, are compared item by item: agreement is the share of items both answered the same way; weighted kappa (quadratic weights) discounts the agreement expected by chance, 1 being perfect and 0 no better than chance."
        ),
    }
}

fn themes(table: &[&BoardRecord], family: &Family<'_>) -> Themes {
    struct Count {
        inspections: u32,
        wards: BTreeSet<String>,
        latest: (String, i64),
        version: String,
    }
    let mut counts: BTreeMap<&str, Count> = BTreeMap::new();
    for r in table {
        let ward = ward_of(r).key;
        for item in &r.digest.low_items {
            let count = counts.entry(item).or_insert_with(|| Count {
                inspections: 0,
                wards: BTreeSet::new(),
                latest: (String::new(), 0),
                version: r.template_version.clone(),
            });
            count.inspections += 1;
            count.wards.insert(ward.clone());
            if (r.date.clone(), r.inspection_id) > count.latest {
                count.latest = (r.date.clone(), r.inspection_id);
                count.version = r.template_version.clone();
            }
        }
    }
    let mut items: Vec<Theme> = counts
        .into_iter()
        .map(|(id, c)| {
            let (title, section_id, section_title) = family
                .item(&c.version, id)
                .unwrap_or_else(|| (id.to_owned(), String::new(), String::new()));
            Theme {
                item_id: id.to_owned(),
                title,
                section_id,
                section_title,
                inspections: c.inspections,
                wards: c.wards.len() as u32,
                latest_inspection_id: c.latest.1,
            }
        })
        .collect();
    items.sort_by(|a, b| {
        b.inspections
            .cmp(&a.inspections)
            .then(b.wards.cmp(&a.wards))
            .then(a.item_id.cmp(&b.item_id))
    });
    items.truncate(THEMES);
    Themes {
        items,
        explanation: format!(
            "Items that earned less than {:.0}% of their points (the lower half of their scale, or a no) in the filtered inspections, counted by inspection and by ward; the {THEMES} most frequent are listed.",
            LOW_SHARE * 100.0
        ),
    }
}

fn actions(input: &BoardInput<'_>, table: &[&BoardRecord]) -> ActionBoard {
    let records: HashMap<i64, &BoardRecord> = table.iter().map(|r| (r.inspection_id, *r)).collect();
    let mut list: Vec<BoardAction> = input
        .actions
        .iter()
        .filter(|a| a.status != "completed")
        .filter_map(|a| {
            let record = records.get(&a.inspection_id)?;
            let days_overdue = a
                .due_date
                .as_deref()
                .and_then(|due| days_between(due, input.today))
                .filter(|d| *d > 0);
            Some(BoardAction {
                id: a.id,
                inspection_id: a.inspection_id,
                ward: ward_of(record),
                title: a.title.clone(),
                owner: a.owner.trim().to_owned(),
                priority: a.priority.clone(),
                status: a.status.clone(),
                due_date: a.due_date.clone(),
                days_overdue: days_overdue.map(|d| u32::try_from(d).unwrap_or(u32::MAX)),
                bucket: days_overdue.map(|d| BUCKETS[bucket_of(d)].to_owned()),
            })
        })
        .collect();
    list.sort_by(|a, b| {
        b.days_overdue
            .cmp(&a.days_overdue)
            .then(a.due_date.cmp(&b.due_date))
            .then(a.id.cmp(&b.id))
    });
    let rows = |label: &dyn Fn(&BoardAction) -> String| -> Vec<AgeingRow> {
        let mut map: BTreeMap<String, AgeingRow> = BTreeMap::new();
        for a in &list {
            let key = label(a);
            let row = map.entry(key.clone()).or_insert_with(|| AgeingRow {
                label: key,
                open: 0,
                overdue: 0,
                ageing: vec![0; BUCKETS.len()],
            });
            row.open += 1;
            if let Some(days) = a.days_overdue {
                row.overdue += 1;
                row.ageing[bucket_of(i64::from(days))] += 1;
            }
        }
        let mut rows: Vec<AgeingRow> = map.into_values().collect();
        rows.sort_by(|a, b| {
            b.overdue
                .cmp(&a.overdue)
                .then(b.open.cmp(&a.open))
                .then(a.label.cmp(&b.label))
        });
        rows
    };
    let by_trust = rows(&|a| a.ward.trust.clone());
    let by_ward = rows(&|a| format!("{}, {}", a.ward.service, a.ward.site));
    let by_owner = rows(&|a| {
        if a.owner.is_empty() {
            "No owner".to_owned()
        } else {
            a.owner.clone()
        }
    });
    let mut buckets: Vec<AgeingBucket> = BUCKETS
        .iter()
        .map(|label| AgeingBucket {
            label: (*label).to_owned(),
            actions: 0,
        })
        .collect();
    for days in list.iter().filter_map(|a| a.days_overdue) {
        buckets[bucket_of(i64::from(days))].actions += 1;
    }
    let overdue = list.iter().filter(|a| a.days_overdue.is_some()).count() as u32;
    let open = list.len() as u32;
    let mut explanation = format!(
        "Actions raised from the filtered inspections that are not completed: {open} open, {overdue} past their due date on {}. Overdue actions are aged by days past due: 0–30, 31–90, over 90.",
        uk_date(input.today)
    );
    if let Some(limit) = input.action_limit.filter(|l| *l < list.len()) {
        list.truncate(limit);
        explanation.push_str(&format!(
            " The {limit} most overdue are listed; the spreadsheet export lists all {open}."
        ));
    }
    ActionBoard {
        explanation,
        open,
        overdue,
        buckets,
        by_trust,
        by_ward,
        by_owner,
        list,
    }
}
