//! A signed-off inspection's score in brief: what the board reads of it. A sealed record
//! never changes, so its digest is computed once (at sign-off, or when the record first
//! reaches the board) and kept with it; a test re-scores every kept digest to keep that
//! honest.

use serde::{Deserialize, Serialize};

use crate::scoring::ScoreResult;
use crate::template::Template;

/// Which way of digesting a score a kept digest was made by. A change to the scoring engine
/// or to this digest that can change a kept digest's content gets a new value, so digests
/// made the old way are computed afresh rather than trusted.
pub const DIGEST_FORMAT: &str = "keyline-digest/1";

/// An item earning less than this share of its points is at the low end of its scale (1 or
/// 2 of 4, a "no", a count short of half): what the board's themes count.
pub const LOW_SHARE: f64 = 0.5;

/// A signed-off inspection's ratings and percentages, and the items it found weakest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ScoreDigest {
    /// The overall rating id, when there is one.
    pub overall: Option<String>,
    /// Every point earned across the sections as a share of every point possible, unrounded.
    pub percent: Option<f64>,
    pub sections: Vec<SectionDigest>,
    /// Answered, scored, shown items that earned less than [`LOW_SHARE`] of their points.
    pub low_items: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SectionDigest {
    pub id: String,
    /// The rating that stands (moderated, if it was).
    pub rating: Option<String>,
    /// The percentage the bands were applied to.
    pub percent: Option<f64>,
    /// The rating was moderated by the inspector.
    pub moderated: bool,
}

/// The digest of `result`, an inspection made with `template`.
pub fn digest(template: &Template, result: &ScoreResult) -> ScoreDigest {
    let (earned, possible) = result
        .sections
        .iter()
        .fold((0.0, 0.0), |(e, p), s| (e + s.earned, p + s.possible));
    let low_items = result
        .items
        .iter()
        .filter(|item| item.visible && template.find_item(&item.id).is_some())
        .filter(|item| match (item.score, item.max) {
            (Some(score), Some(max)) if max > 0.0 => score / max < LOW_SHARE - 1e-9,
            _ => false,
        })
        .map(|item| item.id.clone())
        .collect();
    ScoreDigest {
        overall: result.overall.rating.clone(),
        percent: (possible > 0.0).then(|| earned / possible * 100.0),
        sections: result
            .sections
            .iter()
            .map(|s| SectionDigest {
                id: s.id.clone(),
                rating: s.rating.clone(),
                percent: s.rounded_percent,
                moderated: s.moderation.is_some(),
            })
            .collect(),
        low_items,
    }
}
