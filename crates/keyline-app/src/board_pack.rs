//! The board pack: the board as the report crate's model, drawn by its layout. Every figure
//! is the board's own (nothing re-decided here); this only words and formats it.

use keyline_core::board::{kind_words, Board, Movement};
use keyline_core::scoring::uk_date;
use keyline_report::board as pack;
use keyline_report::PdfOptions;

use crate::{dto, App, AppError, BoardFilter, ErrorCode, Result};

/// The filters in words: "All trusts · CQC single assessment framework … · All kinds · …".
fn filters_in_words(board: &Board) -> String {
    let f = &board.filter;
    let template = board
        .choices
        .templates
        .iter()
        .find(|t| Some(&t.id) == f.template.as_ref())
        .map_or_else(
            || f.template.clone().unwrap_or_default(),
            |t| t.title.clone(),
        );
    let period = match (&f.from, &f.to) {
        (Some(a), Some(b)) => format!("{} to {}", uk_date(a), uk_date(b)),
        (Some(a), None) => format!("from {}", uk_date(a)),
        (None, Some(b)) => format!("up to {}", uk_date(b)),
        (None, None) => "all dates".to_owned(),
    };
    [
        f.trust.clone().unwrap_or_else(|| "All trusts".to_owned()),
        f.site.clone().unwrap_or_else(|| "all sites".to_owned()),
        template,
        f.kind.as_deref().map_or_else(
            || "every kind of inspection".to_owned(),
            |k| format!("{}s only", kind_words(k)),
        ),
        period,
    ]
    .join(" · ")
}

/// The pack lists at most this many wards' self-assessment gaps (flagged first)…
const PACK_GAPS: usize = 60;
/// …and this many pairs of inspections (those that agree least); the spreadsheet has all.
const PACK_PAIRS: usize = 40;

/// The explanation, and what the pack leaves out when a list is longer than it shows.
fn listed_of(explanation: &str, all: usize, shown: usize, which: &str) -> String {
    if all > shown {
        format!("{explanation} The pack lists the {shown} {which} of {all}; the spreadsheet export lists all.")
    } else {
        explanation.to_owned()
    }
}

/// The pairs that agree least (no agreement known counts as least), at most [`PACK_PAIRS`].
fn least_agreed(board: &Board) -> Vec<&keyline_core::board::PairAgreement> {
    let mut pairs: Vec<_> = board.consistency.pairs.iter().collect();
    pairs.sort_by(|a, b| {
        a.percent_agreement
            .unwrap_or(-1.0)
            .total_cmp(&b.percent_agreement.unwrap_or(-1.0))
    });
    pairs.truncate(PACK_PAIRS);
    pairs
}

/// The board as the board pack's model.
pub fn board_pack(board: &Board, generated: &str) -> pack::BoardPack {
    let label_of = |rating: &Option<String>| -> String {
        rating
            .as_deref()
            .and_then(|r| board.ratings.iter().find(|x| x.id == r))
            .map_or_else(|| "Not rated".to_owned(), |r| r.label.clone())
    };
    let ward_name = |w: &keyline_core::board::Ward| format!("{}, {}", w.service, w.site);
    let mut explanations = vec![
        board.summary.explanation.clone(),
        board.trends.explanation.clone(),
        board.themes.explanation.clone(),
        board.actions.explanation.clone(),
    ];
    explanations.retain(|e| !e.is_empty());
    pack::BoardPack {
        title: "Board pack: ward inspections".to_owned(),
        filters: filters_in_words(board),
        generated: generated.to_owned(),
        ratings: board
            .ratings
            .iter()
            .map(|r| keyline_report::Rating {
                id: r.id.clone(),
                label: r.label.clone(),
                colour: r.colour.clone(),
            })
            .collect(),
        summary: pack::BoardSummary {
            wards: board.summary.wards,
            inspections: board.summary.inspections,
            distribution: board
                .summary
                .distribution
                .iter()
                .map(|d| pack::RatingCount {
                    rating_id: d.rating.clone().unwrap_or_default(),
                    rating_label: d.label.clone(),
                    count: d.wards,
                })
                .collect(),
            movers: board
                .summary
                .movers
                .iter()
                .map(|m| pack::Mover {
                    ward: ward_name(&m.ward),
                    trust: m.ward.trust.clone(),
                    from_label: m
                        .from_label
                        .clone()
                        .unwrap_or_else(|| "Not rated".to_owned()),
                    to_label: m.to_label.clone().unwrap_or_else(|| "Not rated".to_owned()),
                    change_points: m.change,
                    explanation: m.explanation.clone(),
                })
                .collect(),
            overdue_actions: board.actions.overdue,
            overdue_by_age: board
                .actions
                .buckets
                .iter()
                .map(|b| pack::AgeingBucket {
                    bucket_label: b.label.clone(),
                    count: b.actions,
                })
                .collect(),
            explanations,
        },
        columns: board
            .columns
            .iter()
            .map(|c| pack::BoardColumn {
                id: c.id.clone(),
                title: c.title.clone(),
            })
            .collect(),
        wards: board
            .rows
            .iter()
            .map(|row| pack::WardRow {
                trust: row.ward.trust.clone(),
                site: row.ward.site.clone(),
                ward: row.ward.service.clone(),
                cells: row
                    .cells
                    .iter()
                    .map(|cell| {
                        cell.as_ref().map(|c| pack::WardCell {
                            rating_id: c.rating.clone().unwrap_or_default(),
                            rating_label: label_of(&c.rating),
                            percent: c.percent,
                            date: uk_date(&c.date),
                            change: c.movement.map(|m| match m {
                                Movement::Up => pack::Change::Up,
                                Movement::Down => pack::Change::Down,
                                Movement::Same => pack::Change::Same,
                            }),
                        })
                    })
                    .collect(),
            })
            .collect(),
        trends: board
            .columns
            .iter()
            .enumerate()
            .map(|(at, column)| pack::Trend {
                column_title: column.title.clone(),
                points: board
                    .trends
                    .whole
                    .iter()
                    .map(|p| pack::TrendPoint {
                        period: p.label.clone(),
                        percent: p.percents.get(at).copied().flatten(),
                    })
                    .collect(),
            })
            .collect(),
        themes: board
            .themes
            .items
            .iter()
            .map(|t| pack::Theme {
                item_title: t.title.clone(),
                section_title: t.section_title.clone(),
                inspections: t.inspections,
                wards: t.wards,
            })
            .collect(),
        gaps: pack::SelfAssessmentGaps {
            wards: board
                .gaps
                .wards
                .iter()
                .take(PACK_GAPS)
                .map(|g| pack::GapRow {
                    trust: g.ward.trust.clone(),
                    ward: ward_name(&g.ward),
                    pairs: g.pairs,
                    mean_gap_points: g.mean_gap,
                    self_higher: g.self_higher,
                    flagged: g.flagged,
                })
                .collect(),
            explanation: listed_of(
                &board.gaps.explanation,
                board.gaps.wards.len(),
                PACK_GAPS,
                "wards, flagged first and then by the largest gap,",
            ),
        },
        consistency: pack::Consistency {
            trusts: board
                .consistency
                .trusts
                .iter()
                .map(|t| pack::TrustConsistency {
                    trust: t.trust.clone(),
                    pairs: t.pairs,
                    mean_agreement_percent: t.mean_agreement,
                    mean_kappa: t.mean_kappa,
                })
                .collect(),
            pairs: least_agreed(board)
                .into_iter()
                .map(|p| pack::ConsistencyPair {
                    ward: ward_name(&p.ward),
                    first: format!("{} {}", kind_words(&p.first.kind), uk_date(&p.first.date)),
                    second: format!("{} {}", kind_words(&p.second.kind), uk_date(&p.second.date)),
                    agreement_percent: p.percent_agreement,
                    kappa: p.weighted_kappa,
                })
                .collect(),
            explanation: listed_of(
                &board.consistency.explanation,
                board.consistency.pairs.len(),
                PACK_PAIRS,
                "pairs that agree least",
            ),
        },
        actions: board
            .actions
            .list
            .iter()
            .map(|a| pack::BoardAction {
                trust: a.ward.trust.clone(),
                ward: ward_name(&a.ward),
                title: a.title.clone(),
                owner: a.owner.clone(),
                priority_label: a.priority.clone().unwrap_or_default(),
                due: a.due_date.as_deref().map(uk_date).unwrap_or_default(),
                days_overdue: a.days_overdue,
                bucket_label: a.bucket.clone(),
            })
            .collect(),
    }
}

impl App {
    /// The board pack PDF for `filter`: actions aged as of `today`, dated `now` (RFC 3339).
    /// The same board and time give the same bytes.
    pub fn board_pack_pdf(
        &mut self,
        filter: &BoardFilter,
        today: &str,
        now: &str,
    ) -> Result<dto::ExportedReport> {
        let board = self.board_listing(filter, today, Some(crate::board::PACK_ACTIONS))?;
        let json = serde_json::to_vec(&board).map_err(|e| {
            AppError::new(ErrorCode::Internal, format!("cannot encode the board: {e}"))
        })?;
        let generated_at = crate::record::rfc3339(now);
        let document_id = format!(
            "BP-{}",
            &keyline_store::sha256_hex(&[json.as_slice(), generated_at.as_bytes()].concat())[..16]
        );
        let in_words = format!(
            "{} at {} UTC",
            uk_date(generated_at.get(..10).unwrap_or_default()),
            generated_at.get(11..16).unwrap_or_default()
        );
        let model = board_pack(&board, &in_words);
        let bytes = keyline_report::board::render_board_pack(
            &model,
            &PdfOptions {
                generated_at,
                document_id: document_id.clone(),
            },
        )
        .map_err(|e| {
            AppError::new(
                ErrorCode::Internal,
                format!("cannot draw the board pack: {e}"),
            )
        })?;
        Ok(dto::ExportedReport {
            report_id: document_id,
            signed_off: false,
            bytes,
        })
    }

    /// Writes the board pack to `path`, whole or not at all (the save dialog has asked
    /// before replacing a file).
    pub fn export_board_pack_to(
        &mut self,
        filter: &BoardFilter,
        today: &str,
        now: &str,
        path: &std::path::Path,
    ) -> Result<dto::ExportedReport> {
        let pdf = self.board_pack_pdf(filter, today, now)?;
        crate::write_file_atomically(path, &pdf.bytes, crate::Overwrite::Replace)?;
        Ok(pdf)
    }
}
