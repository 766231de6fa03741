//! The strengths and concerns a report leads with: the answered, scored items that earned
//! the largest and the smallest share of their points.
//!
//! An item earning at least [`STRENGTH_SHARE`] of its points (3 of 4, "good" on CQC's
//! scale, or a yes) can be a strength; one earning less can be a concern. Each list is
//! ordered by share (strengths highest first, concerns lowest first), ties in template
//! order, so the same result always leads with the same items. Items that count only as
//! evidence for a parent (sub-items of an item scored directly), N/A and unscored items are
//! left out.

use super::engine::{ItemResult, ScoreResult};

/// The share of its points an item must earn to count as a strength.
pub const STRENGTH_SHARE: f64 = 0.75;

/// The biggest strengths and concerns, at most `n` of each.
#[derive(Debug, Clone, PartialEq)]
pub struct Highlights<'a> {
    pub strengths: Vec<&'a ItemResult>,
    pub concerns: Vec<&'a ItemResult>,
}

/// The `n` biggest strengths and concerns of `result`.
pub fn highlights(result: &ScoreResult, n: usize) -> Highlights<'_> {
    let scored: Vec<(usize, f64, &ItemResult)> = result
        .items
        .iter()
        .enumerate()
        .filter_map(|(at, item)| match (item.score, item.max) {
            (Some(score), Some(max)) if max > 0.0 && item.visible => Some((at, score / max, item)),
            _ => None,
        })
        .collect();
    let mut strengths: Vec<_> = scored
        .iter()
        .filter(|(_, share, _)| *share >= STRENGTH_SHARE - 1e-9)
        .copied()
        .collect();
    strengths.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut concerns: Vec<_> = scored
        .iter()
        .filter(|(_, share, _)| *share < STRENGTH_SHARE - 1e-9)
        .copied()
        .collect();
    concerns.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    Highlights {
        strengths: strengths.into_iter().take(n).map(|(_, _, i)| i).collect(),
        concerns: concerns.into_iter().take(n).map(|(_, _, i)| i).collect(),
    }
}
