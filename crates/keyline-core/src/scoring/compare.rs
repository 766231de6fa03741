//! Consistency between two inspectors who inspected the same service with the same template
//! version: where they agree, how far apart they are, and a chance-corrected agreement
//! statistic, so a quality lead can see what to moderate.
//!
//! The kappa is Cohen's kappa with quadratic weights, taken over items both inspectors
//! answered on a scale or with a scored choice (N/A excluded). Each answer is placed on its
//! item's range (lowest level 0, highest 1) so items on different scales can be pooled; for
//! items that share one scale this is exactly the textbook quadratic-weighted kappa:
//! `κ = 1 − mean((aᵢ − bᵢ)²) ÷ mean over all i, j of (aᵢ − bⱼ)²`.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::template::{Item, ResponseType, Template};

use super::answer::{answer_score, same, Answer, Response};
use super::explain::{count, join, num};
use super::logic::valid_answers;

/// How many of the largest differences a comparison lists.
pub const BIGGEST_DIFFERENCES: usize = 5;

/// Two inspections of the same template version, side by side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    /// Every item either inspector answered, in template order.
    pub items: Vec<ComparedItem>,
    /// Items both inspectors answered (N/A included).
    pub items_compared: u32,
    /// Of those, items with the same answer.
    pub agreements: u32,
    /// `agreements ÷ itemsCompared × 100`; `None` when nothing was compared.
    pub percent_agreement: Option<f64>,
    /// Quadratic-weighted Cohen's kappa; `None` when undefined (fewer than 2 items, or
    /// neither inspector's answers vary).
    pub weighted_kappa: Option<f64>,
    /// Items the kappa is taken over.
    pub kappa_items: u32,
    /// The items where the inspectors differ most, largest first (ties in template order).
    pub biggest_differences: Vec<ComparedItem>,
    /// Items only one of the two answered.
    pub answered_by_one: Vec<String>,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ComparedItem {
    pub id: String,
    pub section_id: String,
    pub title: String,
    /// Inspector A's answer as people read it, when answered.
    pub a: Option<String>,
    pub b: Option<String>,
    /// Both answered, with the same answer.
    pub agree: bool,
    /// The score difference as a share of the item's range (0 same, 1 opposite ends);
    /// `None` unless both answers are scored.
    pub difference: Option<f64>,
}

/// Compares two inspections made with `template`. Answers to unknown items, and answers that
/// do not fit their item, are ignored; a later response to an item replaces an earlier one.
pub fn compare(template: &Template, a: &[Response], b: &[Response]) -> Comparison {
    let answers_a = valid_answers(template, a);
    let answers_b = valid_answers(template, b);
    let mut walk = Walk {
        template,
        a: &answers_a,
        b: &answers_b,
        items: Vec::new(),
        pairs: Vec::new(),
    };
    for section in &template.sections {
        walk.items(&section.id, &section.items);
    }
    let Walk { items, pairs, .. } = walk;

    let both: Vec<&ComparedItem> = items
        .iter()
        .filter(|item| item.a.is_some() && item.b.is_some())
        .collect();
    let items_compared = to_u32(both.len());
    let agreements = to_u32(both.iter().filter(|item| item.agree).count());
    let percent_agreement =
        (items_compared > 0).then(|| f64::from(agreements) / f64::from(items_compared) * 100.0);
    let weighted_kappa = quadratic_kappa(&pairs);
    let (answered_by_one, by_one_titles): (Vec<String>, Vec<String>) = items
        .iter()
        .filter(|item| item.a.is_some() != item.b.is_some())
        .map(|item| (item.id.clone(), item.title.clone()))
        .unzip();
    let mut biggest: Vec<ComparedItem> = items
        .iter()
        .filter(|item| item.difference.is_some_and(|difference| difference > 1e-12))
        .cloned()
        .collect();
    biggest.sort_by(|x, y| {
        let x = x.difference.unwrap_or_default();
        let y = y.difference.unwrap_or_default();
        y.total_cmp(&x)
    });
    biggest.truncate(BIGGEST_DIFFERENCES);

    let explanation = explain(
        items_compared,
        agreements,
        percent_agreement,
        weighted_kappa,
        pairs.len(),
        &biggest,
        &by_one_titles,
    );
    Comparison {
        items,
        items_compared,
        agreements,
        percent_agreement,
        weighted_kappa,
        kappa_items: to_u32(pairs.len()),
        biggest_differences: biggest,
        answered_by_one,
        explanation,
    }
}

struct Walk<'a> {
    template: &'a Template,
    a: &'a HashMap<&'a str, &'a Answer>,
    b: &'a HashMap<&'a str, &'a Answer>,
    items: Vec<ComparedItem>,
    /// Both inspectors' answers on a 0–1 scale, for the kappa.
    pairs: Vec<(f64, f64)>,
}

impl Walk<'_> {
    fn items(&mut self, section_id: &str, items: &[Item]) {
        for item in items {
            let a = self.a.get(item.id.as_str()).copied();
            let b = self.b.get(item.id.as_str()).copied();
            if a.is_some() || b.is_some() {
                let mut difference = None;
                if let (Some(a), Some(b)) = (a, b) {
                    if let Some((x, y)) = positions(self.template, item, a, b) {
                        difference = Some((x - y).abs());
                        if matches!(
                            item.response,
                            ResponseType::Scale { .. } | ResponseType::Choice { .. }
                        ) {
                            self.pairs.push((x, y));
                        }
                    }
                }
                self.items.push(ComparedItem {
                    id: item.id.clone(),
                    section_id: section_id.to_owned(),
                    title: item.title.clone(),
                    a: a.map(|a| a.labelled(self.template, item)),
                    b: b.map(|b| b.labelled(self.template, item)),
                    agree: a.zip(b).is_some_and(|(a, b)| same_answer(a, b)),
                    difference,
                });
            }
            self.items(section_id, &item.sub_items);
        }
    }
}

/// Both answers placed on the item's range: 0 its lowest score, 1 its highest.
fn positions(template: &Template, item: &Item, a: &Answer, b: &Answer) -> Option<(f64, f64)> {
    let (low, high) = range(template, item)?;
    let a = answer_score(item, a)?;
    let b = answer_score(item, b)?;
    let width = high - low;
    if width <= 0.0 || !width.is_finite() {
        return Some((0.0, 0.0));
    }
    Some(((a - low) / width, (b - low) / width))
}

/// The lowest and highest score an answer to `item` can earn.
fn range(template: &Template, item: &Item) -> Option<(f64, f64)> {
    let scores: Vec<f64> = match &item.response {
        ResponseType::Scale { scale } => template
            .scale(scale)
            .map(|scale| scale.levels.iter().map(|level| level.value).collect())
            .unwrap_or_default(),
        ResponseType::Choice { options } => options.iter().map(|option| option.score).collect(),
        ResponseType::YesNo
        | ResponseType::Partial
        | ResponseType::Number { .. }
        | ResponseType::Count { .. } => {
            vec![0.0, 1.0]
        }
        ResponseType::Text | ResponseType::Date => Vec::new(),
    };
    let low = scores.iter().copied().reduce(f64::min)?;
    let high = scores.iter().copied().reduce(f64::max)?;
    Some((low, high))
}

fn same_answer(a: &Answer, b: &Answer) -> bool {
    match (a, b) {
        (Answer::Level(x), Answer::Level(y)) | (Answer::Number(x), Answer::Number(y)) => {
            same(*x, *y)
        }
        (Answer::Text(x), Answer::Text(y)) => x.trim() == y.trim(),
        _ => a == b,
    }
}

/// `1 − observed ÷ expected` quadratic disagreement; `None` with fewer than two pairs or when
/// the expected disagreement is zero.
pub(crate) fn quadratic_kappa(pairs: &[(f64, f64)]) -> Option<f64> {
    if pairs.len() < 2 {
        return None;
    }
    let n = pairs.len() as f64;
    let observed = pairs.iter().map(|(a, b)| (a - b).powi(2)).sum::<f64>() / n;
    let expected = pairs
        .iter()
        .map(|(a, _)| pairs.iter().map(|(_, b)| (a - b).powi(2)).sum::<f64>())
        .sum::<f64>()
        / (n * n);
    if expected <= 1e-12 || !expected.is_finite() {
        return None;
    }
    Some(1.0 - observed / expected)
}

/// Landis and Koch's words for a kappa.
fn strength(kappa: f64) -> &'static str {
    if kappa < 0.0 {
        "poor agreement"
    } else if kappa <= 0.20 {
        "slight agreement"
    } else if kappa <= 0.40 {
        "fair agreement"
    } else if kappa <= 0.60 {
        "moderate agreement"
    } else if kappa <= 0.80 {
        "substantial agreement"
    } else {
        "almost perfect agreement"
    }
}

fn explain(
    compared: u32,
    agreements: u32,
    percent: Option<f64>,
    kappa: Option<f64>,
    kappa_items: usize,
    biggest: &[ComparedItem],
    by_one: &[String],
) -> String {
    let mut text = match percent {
        Some(percent) => format!(
            "Both inspectors answered {}; they agree on {agreements} ({}%).",
            count(compared as usize, "item", "items"),
            num((percent * 10.0).round() / 10.0)
        ),
        None => "The inspectors answered no item in common.".to_owned(),
    };
    match kappa {
        Some(kappa) => text.push_str(&format!(
            " Quadratic-weighted kappa over {} answered on a scale or scored choice: {} ({}).",
            count(kappa_items, "item", "items"),
            num((kappa * 100.0).round() / 100.0),
            strength(kappa)
        )),
        None => text.push_str(&format!(
            " Weighted kappa cannot be worked out from {} answered on a scale or scored choice (it needs at least 2, with some variation).",
            count(kappa_items, "item", "items")
        )),
    }
    if !biggest.is_empty() {
        let listed: Vec<String> = biggest
            .iter()
            .map(|item| {
                format!(
                    "{} (first {}; second {})",
                    item.title,
                    item.a.as_deref().unwrap_or("-"),
                    item.b.as_deref().unwrap_or("-")
                )
            })
            .collect();
        text.push_str(&format!(" Largest differences: {}.", join(&listed, "and")));
    }
    if !by_one.is_empty() {
        text.push_str(&format!(
            " Answered by only one inspector: {}.",
            join(by_one, "and")
        ));
    }
    text
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
