//! The governance board over every signed-off inspection in the database, signed here or
//! imported alike: the records and their kept score digests from the store, the decisions
//! from `keyline_core::board`.

use keyline_core::board::{
    self, Agreement, Board, BoardActionInput, BoardFilter, BoardRecord, ScoreDigest,
    AGREEMENT_FORMAT, DIGEST_FORMAT,
};
use std::collections::HashMap;

use keyline_core::scoring::{Priority, Response};

use crate::{App, AppError, ErrorCode, Result};

/// The Board screen lists at most this many open actions (the most overdue); the counts,
/// the ageing and the spreadsheet cover them all.
pub const SCREEN_ACTIONS: usize = 500;
/// The board pack lists at most this many.
pub const PACK_ACTIONS: usize = 200;

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
        self.board_listing(filter, today, None)
    }

    /// The board, listing at most `action_limit` open actions (the most overdue): what the
    /// Board screen and the board pack show. The counts cover every action.
    pub fn board_listing(
        &mut self,
        filter: &BoardFilter,
        today: &str,
        action_limit: Option<usize>,
    ) -> Result<Board> {
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
        let agreements = self.kept_agreements(&records, &board::pairs(&records, &filter))?;
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
            action_limit,
        });
        for choice in &mut built.choices.templates {
            if let Some(t) = others.iter().find(|t| t.id == choice.id) {
                choice.title = t.title.clone();
            }
        }
        Ok(built)
    }

    /// The agreement of each pair: kept ones as they were kept, the others computed (all at
    /// once) and kept. Neither inspection of a pair can change, so neither can its agreement.
    fn kept_agreements(
        &mut self,
        records: &[BoardRecord],
        pairs: &[(i64, i64)],
    ) -> Result<Vec<Agreement>> {
        let kept: HashMap<(i64, i64), String> = self
            .store
            .kept_agreements(AGREEMENT_FORMAT)?
            .into_iter()
            .collect();
        let mut found: HashMap<(i64, i64), Agreement> = HashMap::with_capacity(pairs.len());
        let mut missing = Vec::new();
        for pair in pairs {
            match kept
                .get(pair)
                .map(|json| serde_json::from_str::<Agreement>(json))
            {
                Some(Ok(agreement)) => {
                    found.insert(*pair, agreement);
                }
                Some(Err(e)) => {
                    return Err(internal(
                        &format!(
                            "the kept agreement of inspections {} and {} cannot be read",
                            pair.0, pair.1
                        ),
                        e,
                    ))
                }
                None => missing.push(*pair),
            }
        }
        let fresh = self.agreements(records, &missing)?;
        let mut to_keep = Vec::with_capacity(fresh.len());
        for a in fresh {
            to_keep.push((
                (a.first, a.second),
                serde_json::to_string(&a).map_err(|e| internal("cannot encode an agreement", e))?,
            ));
            found.insert((a.first, a.second), a);
        }
        self.store.keep_agreements(AGREEMENT_FORMAT, &to_keep)?;
        Ok(pairs.iter().filter_map(|p| found.remove(p)).collect())
    }

    /// How far the two inspections of each pair agree (the core's `compare`), reading the
    /// answers of all of them at once.
    fn agreements(&self, records: &[BoardRecord], pairs: &[(i64, i64)]) -> Result<Vec<Agreement>> {
        let mut ids: Vec<i64> = pairs.iter().flat_map(|(a, b)| [*a, *b]).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut answers: HashMap<i64, Vec<Response>> = HashMap::with_capacity(ids.len());
        for (id, stored) in self.store.responses_of(&ids)? {
            let parsed = stored
                .into_iter()
                .map(|r| {
                    let answer = serde_json::from_str(&r.answer_json).map_err(|e| {
                        AppError::new(
                            ErrorCode::Database,
                            format!(
                                "the stored answer to {} in inspection {id} is unreadable: {e}",
                                r.item_id
                            ),
                        )
                    })?;
                    Ok(Response::new(r.item_id, answer))
                })
                .collect::<Result<Vec<_>>>()?;
            answers.insert(id, parsed);
        }
        let versions: HashMap<i64, (&str, &str)> = records
            .iter()
            .map(|r| {
                (
                    r.inspection_id,
                    (r.template_id.as_str(), r.template_version.as_str()),
                )
            })
            .collect();
        let none = Vec::new();
        let mut agreements = Vec::with_capacity(pairs.len());
        for &(first, second) in pairs {
            let Some((id, version)) = versions.get(&first) else {
                continue;
            };
            let template = self.template(id, Some(version))?;
            let compared = keyline_core::scoring::compare(
                &template,
                answers.get(&first).unwrap_or(&none),
                answers.get(&second).unwrap_or(&none),
            );
            agreements.push(Agreement {
                first,
                second,
                items_compared: compared.items_compared,
                percent_agreement: compared.percent_agreement,
                weighted_kappa: compared.weighted_kappa,
            });
        }
        Ok(agreements)
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
            // A record that can no longer be scored (its template damaged) is a finding, not
            // a reason to stop looking.
            let fresh = match self.fresh_digest(id) {
                Ok(fresh) => fresh,
                Err(e) => {
                    differing.push((
                        id,
                        format!("its kept score cannot be checked: {}", e.message),
                    ));
                    continue;
                }
            };
            match serde_json::from_str::<ScoreDigest>(&json) {
                Ok(kept) if kept == fresh => {}
                Ok(_) => differing.push((
                    id,
                    "the score kept at sign-off differs from the score its sealed record gives now (the board would show the kept one)".to_owned(),
                )),
                Err(e) => differing.push((id, format!("the kept score cannot be read: {e}"))),
            }
        }
        // And each kept agreement is what comparing its two sealed records gives today.
        let agreements = self.store.kept_agreements(AGREEMENT_FORMAT)?;
        for ((first, second), json) in agreements
            .into_iter()
            .filter(|((a, b), _)| inspection_id.is_none_or(|i| i == *a || i == *b))
        {
            let now = match self.compare(first, second) {
                Ok(now) => now,
                Err(e) => {
                    differing.push((
                        first,
                        format!(
                            "its agreement kept with inspection {second} cannot be checked: {}",
                            e.message
                        ),
                    ));
                    continue;
                }
            };
            let same = serde_json::from_str::<Agreement>(&json).is_ok_and(|kept| {
                kept.items_compared == now.items_compared
                    && kept.percent_agreement == now.percent_agreement
                    && kept.weighted_kappa == now.weighted_kappa
            });
            if !same {
                differing.push((
                    first,
                    format!("the agreement kept with inspection {second} differs from comparing the two sealed records now"),
                ));
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
