//! The governance board over every signed-off inspection in the database, signed here or
//! imported alike: the records and their kept score digests from the store, the decisions
//! from `keyline_core::board`.

use keyline_core::board::{
    self, Agreement, Board, BoardActionInput, BoardFilter, BoardRecord, ScoreDigest, DIGEST_FORMAT,
};
use keyline_core::scoring::Priority;

use crate::{App, AppError, ErrorCode, Result};

/// Today's date (UTC), `YYYY-MM-DD`.
pub fn today() -> String {
    let now = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
    now.get(..10).unwrap_or("1970-01-01").to_owned()
}

fn invalid(message: impl Into<String>) -> AppError {
    AppError::new(ErrorCode::InvalidInput, message)
}

fn internal(what: &str, e: impl std::fmt::Display) -> AppError {
    AppError::new(ErrorCode::Internal, format!("{what}: {e}"))
}

impl App {
    /// The board for `filter`, ageing actions as of `today` (`YYYY-MM-DD`).
    ///
    /// A signed-off inspection's digest is computed once and kept; the first board after an
    /// upgrade or an import computes the missing ones (in one transaction).
    pub fn board(&mut self, filter: &BoardFilter, today: &str) -> Result<Board> {
        check_filter(filter, today)?;
        let records = self.board_records()?;
        let mut filter = filter.clone();
        if filter.template.as_deref().is_none_or(str::is_empty) {
            filter.template = board::default_family(&records);
        }
        let family = filter.template.clone().unwrap_or_default();
        let versions: Vec<String> = self
            .store
            .list_templates()?
            .into_iter()
            .filter(|t| t.id == family)
            .map(|t| t.version)
            .collect();
        let mut templates = Vec::with_capacity(versions.len());
        for version in &versions {
            templates.push(self.template(&family, Some(version))?);
        }
        // The titles of every family, for the template filter's choices.
        let mut others = Vec::new();
        for id in records
            .iter()
            .map(|r| r.template_id.as_str())
            .collect::<std::collections::BTreeSet<_>>()
        {
            if id != family {
                others.push(self.template(id, None)?);
            }
        }
        let template_refs: Vec<&keyline_core::template::Template> =
            templates.iter().map(|t| t.as_ref()).collect();
        let mut agreements = Vec::new();
        for (first, second) in board::pairs(&records, &filter) {
            let compared = self.compare(first, second)?;
            agreements.push(Agreement {
                first,
                second,
                items_compared: compared.items_compared,
                percent_agreement: compared.percent_agreement,
                weighted_kappa: compared.weighted_kappa,
            });
        }
        let actions: Vec<BoardActionInput> = self
            .store
            .actions(None)?
            .into_iter()
            .map(|a| BoardActionInput {
                id: a.id,
                inspection_id: a.inspection_id,
                title: a.title,
                owner: a.owner,
                due_date: a.due_date,
                status: a.status,
                priority: a
                    .priority
                    .as_deref()
                    .and_then(Priority::parse)
                    .map(|p| p.label().to_owned()),
            })
            .collect();
        let mut built = board::build(&board::BoardInput {
            records: &records,
            actions: &actions,
            agreements: &agreements,
            templates: &template_refs,
            filter: &filter,
            today,
        });
        for choice in &mut built.choices.templates {
            if let Some(t) = others.iter().find(|t| t.id == choice.id) {
                choice.title = t.title.clone();
            }
        }
        Ok(built)
    }

    /// Every signed-off inspection that stands, with its digest (computed and kept where
    /// none is kept yet).
    fn board_records(&mut self) -> Result<Vec<BoardRecord>> {
        let sealed = self.store.sealed_inspections(DIGEST_FORMAT)?;
        let mut fresh: Vec<(i64, String)> = Vec::new();
        let mut records = Vec::with_capacity(sealed.len());
        for s in sealed {
            let digest: ScoreDigest = match &s.digest {
                Some(json) => serde_json::from_str(json).map_err(|e| {
                    internal(
                        &format!("the kept score of inspection {} cannot be read", s.id),
                        e,
                    )
                })?,
                None => {
                    let digest = self.fresh_digest(s.id)?;
                    fresh.push((
                        s.id,
                        serde_json::to_string(&digest)
                            .map_err(|e| internal("cannot encode a score digest", e))?,
                    ));
                    digest
                }
            };
            records.push(BoardRecord {
                inspection_id: s.id,
                template_id: s.template_id,
                template_version: s.template_version,
                service: s.service,
                site: s.site,
                trust: s.trust,
                kind: s.kind,
                date: s.date,
                digest,
            });
        }
        self.store.keep_scores(DIGEST_FORMAT, &fresh)?;
        Ok(records)
    }

    /// The digest of an inspection's score, computed now by the scoring engine.
    pub fn fresh_digest(&self, inspection_id: i64) -> Result<ScoreDigest> {
        let stored = self.stored_inspection(inspection_id)?;
        let template = self.template(&stored.template_id, Some(&stored.template_version))?;
        let result = self.score(inspection_id)?;
        Ok(board::digest(&template, &result))
    }

    /// Keeps the digest of a signed-off inspection's score (at sign-off and import).
    pub(crate) fn keep_digest(&mut self, inspection_id: i64) -> Result<()> {
        let digest = self.fresh_digest(inspection_id)?;
        let json = serde_json::to_string(&digest)
            .map_err(|e| internal("cannot encode a score digest", e))?;
        self.store
            .keep_scores(DIGEST_FORMAT, &[(inspection_id, json)])?;
        Ok(())
    }

    /// Every kept digest that differs from a fresh computation: (inspection, what differs).
    /// Empty when each kept score is what the engine gives today.
    /// Only `inspection_id`'s, when given.
    pub fn rescore_kept(&self, inspection_id: Option<i64>) -> Result<Vec<(i64, String)>> {
        let mut differing = Vec::new();
        let kept = self.store.kept_scores(DIGEST_FORMAT)?;
        for (id, json) in kept
            .into_iter()
            .filter(|(id, _)| inspection_id.is_none_or(|i| i == *id))
        {
            let fresh = self.fresh_digest(id)?;
            match serde_json::from_str::<ScoreDigest>(&json) {
                Ok(kept) if kept == fresh => {}
                Ok(_) => differing.push((
                    id,
                    "the score kept at sign-off differs from the score its sealed record gives now (the board would show the kept one)".to_owned(),
                )),
                Err(e) => differing.push((id, format!("the kept score cannot be read: {e}"))),
            }
        }
        Ok(differing)
    }
}

/// Refuses a filter with dates that are not dates, so a typo is not an empty board.
fn check_filter(filter: &BoardFilter, today: &str) -> Result<()> {
    let dates = [
        ("from", filter.from.as_deref()),
        ("to", filter.to.as_deref()),
        ("today", Some(today)),
    ];
    for (name, date) in dates {
        if let Some(d) = date.filter(|d| !d.is_empty()) {
            if board::day_number(d).is_none() {
                return Err(invalid(format!(
                    "the board's {name} date must be a date written YYYY-MM-DD, not \"{d}\""
                )));
            }
        }
    }
    if let Some(kind) = filter.kind.as_deref().filter(|k| !k.is_empty()) {
        if !["mock", "self-assessment", "peer-review"].contains(&kind) {
            return Err(invalid(format!(
                "the board's kind must be mock, self-assessment or peer-review, not \"{kind}\""
            )));
        }
    }
    if filter.consistency_days.is_some_and(|d| d > 366) {
        return Err(invalid("compare inspections at most 366 days apart"));
    }
    Ok(())
}

impl App {
    /// Writes the board for `filter` as a folder of CSV files or an XLSX workbook at `path`.
    pub fn export_board(
        &mut self,
        filter: &BoardFilter,
        today: &str,
        format: crate::dto::BoardFormat,
        path: &std::path::Path,
    ) -> Result<crate::dto::ExportedBoard> {
        let board = self.board(filter, today)?;
        let tables = crate::board_tables::tables(&board);
        match format {
            crate::dto::BoardFormat::Csv => crate::board_tables::write_csv(&tables, path),
            crate::dto::BoardFormat::Xlsx => crate::board_tables::write_xlsx(&tables, path),
        }
    }
}
