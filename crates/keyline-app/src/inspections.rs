//! Inspection use cases: start one, answer items, note, moderate, score and compare.
//! Every write is checked against the inspection's own template version before it is
//! stored, and committed before the call returns.

use std::collections::HashSet;

use keyline_core::scoring::{self, Answer, Comparison, ItemState, Override, Response, ScoreResult};
use keyline_core::template::{Item, Template};
use keyline_store::{NewInspection, StoredInspection};

use crate::{dto, App, AppError, ErrorCode, Result};

fn invalid(message: impl Into<String>) -> AppError {
    AppError::new(ErrorCode::InvalidInput, message)
}

pub(crate) fn find_item<'t>(
    template: &'t Template,
    inspection_id: i64,
    item_id: &str,
) -> Result<&'t Item> {
    template.find_item(item_id).ok_or_else(|| {
        AppError::new(
            ErrorCode::NotFound,
            format!(
                "inspection {inspection_id} follows {} {}, which has no item \"{item_id}\"",
                template.id, template.version
            ),
        )
    })
}

impl App {
    /// Starts an inspection on a template version (the newest when none is named).
    pub fn create_inspection(&mut self, new: dto::NewInspection) -> Result<dto::InspectionSummary> {
        let service = new.service.trim();
        if service.is_empty() {
            return Err(invalid("name the service or ward being inspected"));
        }
        if let Some(date) = new.date.as_deref() {
            if !scoring::is_calendar_date(date) {
                return Err(invalid(format!(
                    "\"{date}\" is not a date: give the inspection date as YYYY-MM-DD"
                )));
            }
        }
        let version = self.offered_version(&new.template_id, new.template_version.as_deref())?;
        let template = self.template(&new.template_id, Some(&version))?;
        let id = self.store.create_inspection(&NewInspection {
            template_id: template.id.clone(),
            template_version: template.version.clone(),
            service: service.to_string(),
            site: new.site.trim().to_string(),
            trust: new.trust.trim().to_string(),
            kind: new.kind.as_str().to_string(),
            date: new.date,
            team: new.team.trim().to_string(),
            amends: None,
        })?;
        self.inspection_summary(id)
    }

    /// Every inspection, most recently changed first, with progress and rating.
    pub fn list_inspections(&self) -> Result<Vec<dto::InspectionSummary>> {
        let trust = self.trust_view()?;
        self.store
            .list_inspections()?
            .into_iter()
            .map(|stored| {
                let template =
                    self.template(&stored.template_id, Some(&stored.template_version))?;
                let score = self.score_stored(&stored, &template)?;
                let id = stored.id;
                let mut summary = dto::InspectionSummary::new(stored, &template, &score)?;
                summary.signed_record = self.record_origin_with(id, &trust)?;
                Ok(summary)
            })
            .collect()
    }

    pub fn inspection_summary(&self, id: i64) -> Result<dto::InspectionSummary> {
        let stored = self.stored_inspection(id)?;
        let template = self.template(&stored.template_id, Some(&stored.template_version))?;
        let score = self.score_stored(&stored, &template)?;
        let mut summary = dto::InspectionSummary::new(stored, &template, &score)?;
        summary.signed_record = self.record_origin(id)?;
        Ok(summary)
    }

    /// Everything the inspection screen shows: the template, answers, notes and scores.
    pub fn open_inspection(&self, id: i64) -> Result<dto::InspectionView> {
        let stored = self.stored_inspection(id)?;
        let template = self.template(&stored.template_id, Some(&stored.template_version))?;
        let responses = self.responses(id)?;
        let overrides = self.overrides(id)?;
        let score = scoring::score_with(&template, &responses, &overrides, &self.breaches(id)?);
        let notes = self
            .store
            .notes(id)?
            .into_iter()
            .map(|n| dto::Note {
                item_id: n.item_id,
                text: n.text,
                updated_at: n.updated_at,
            })
            .collect();
        let evidence = self
            .store
            .evidence(id)?
            .into_iter()
            .map(dto::Evidence::from)
            .collect();
        let actions = self.list_actions(Some(id))?;
        let sign_off = self.store.sign_off_of(id)?.map(dto::SignOff::from);
        let item_states = self.item_states(id)?;
        let unmet = dto::Requirement::unmet(&item_states);
        Ok(dto::InspectionView {
            inspection: dto::InspectionSummary::new(stored, &template, &score)?,
            template: (*template).clone(),
            responses,
            notes,
            overrides,
            evidence,
            actions,
            sign_off,
            item_states,
            unmet,
            score,
            stale_moderations: self.stale_moderations(id, &template)?,
        })
    }

    /// Sections whose moderation may be out of date (the core decides, from the times the
    /// store keeps).
    fn stale_moderations(&self, inspection_id: i64, template: &Template) -> Result<Vec<String>> {
        let moderated: Vec<(String, String)> = self
            .store
            .overrides(inspection_id)?
            .into_iter()
            .map(|o| (o.section_id, o.created_at))
            .collect();
        if moderated.is_empty() {
            return Ok(Vec::new());
        }
        let answered: Vec<(String, String)> = self
            .store
            .responses(inspection_id)?
            .into_iter()
            .map(|r| (r.item_id, r.answered_at))
            .collect();
        Ok(scoring::moderations_out_of_date(
            template, &moderated, &answered,
        ))
    }

    /// What the template's logic makes of each item, from the inspection's answers, its
    /// notes (more than white space) and its evidence.
    pub fn item_states(&self, inspection_id: i64) -> Result<Vec<ItemState>> {
        let template = self.inspection_template(inspection_id)?;
        let noted: HashSet<String> = self
            .store
            .notes(inspection_id)?
            .into_iter()
            .filter(|n| !n.text.trim().is_empty())
            .map(|n| n.item_id)
            .collect();
        let evidenced: HashSet<String> = self
            .store
            .evidence(inspection_id)?
            .into_iter()
            .map(|e| e.item_id)
            .collect();
        Ok(scoring::item_states(
            &template,
            &self.responses(inspection_id)?,
            &noted,
            &evidenced,
        ))
    }

    /// The scores and item states after a change.
    pub fn progress(&self, inspection_id: i64) -> Result<dto::Progress> {
        let item_states = self.item_states(inspection_id)?;
        let template = self.inspection_template(inspection_id)?;
        Ok(dto::Progress {
            score: self.score(inspection_id)?,
            unmet: dto::Requirement::unmet(&item_states),
            item_states,
            stale_moderations: self.stale_moderations(inspection_id, &template)?,
        })
    }

    /// Records an answer typed as text (the CLI's VALUE), optionally with a note, and
    /// returns the new scores and item states. Nothing is written when the value does not
    /// fit the item.
    pub fn answer_text(
        &mut self,
        inspection_id: i64,
        item_id: &str,
        value: &str,
        note: Option<&str>,
    ) -> Result<dto::Progress> {
        self.ensure_open(inspection_id)?;
        let template = self.inspection_template(inspection_id)?;
        let item = find_item(&template, inspection_id, item_id)?;
        let answer =
            scoring::parse_answer(&template, item, value).map_err(|e| invalid(e.to_string()))?;
        self.store_answer(inspection_id, item_id, &answer, note)?;
        self.progress(inspection_id)
    }

    /// Records an answer given in the app, and returns the new scores and item states.
    pub fn answer(
        &mut self,
        inspection_id: i64,
        item_id: &str,
        answer: Answer,
    ) -> Result<dto::Progress> {
        self.ensure_open(inspection_id)?;
        let template = self.inspection_template(inspection_id)?;
        let item = find_item(&template, inspection_id, item_id)?;
        scoring::check_answer(&template, item, &answer).map_err(|e| invalid(e.to_string()))?;
        self.store_answer(inspection_id, item_id, &answer, None)?;
        self.progress(inspection_id)
    }

    /// Makes an item unanswered again, and returns the new scores and item states.
    pub fn clear_answer(&mut self, inspection_id: i64, item_id: &str) -> Result<dto::Progress> {
        self.ensure_open(inspection_id)?;
        let template = self.inspection_template(inspection_id)?;
        find_item(&template, inspection_id, item_id)?;
        self.store.clear_response(inspection_id, item_id)?;
        self.progress(inspection_id)
    }

    /// Sets an item's note (empty text removes it), and returns the scores and item states
    /// (a note can meet what an answer asks for).
    pub fn save_note(
        &mut self,
        inspection_id: i64,
        item_id: &str,
        text: &str,
    ) -> Result<dto::Progress> {
        self.ensure_open(inspection_id)?;
        let template = self.inspection_template(inspection_id)?;
        find_item(&template, inspection_id, item_id)?;
        self.store.save_note(inspection_id, item_id, text)?;
        self.progress(inspection_id)
    }

    /// Moderates a section's rating with a written justification (`None` removes it).
    pub fn set_override(
        &mut self,
        inspection_id: i64,
        section_id: &str,
        rating_and_justification: Option<(&str, &str)>,
    ) -> Result<ScoreResult> {
        self.ensure_open(inspection_id)?;
        let template = self.inspection_template(inspection_id)?;
        match rating_and_justification {
            Some((rating, justification)) => {
                let moderation = Override {
                    section_id: section_id.to_string(),
                    rating: rating.to_string(),
                    justification: justification.trim().to_string(),
                };
                scoring::check_override(&template, &moderation)
                    .map_err(|e| invalid(e.to_string()))?;
                self.store.save_override(
                    inspection_id,
                    section_id,
                    Some((&moderation.rating, &moderation.justification)),
                )?;
            }
            None => {
                if !template.sections.iter().any(|s| s.id == section_id) {
                    return Err(invalid(format!(
                        "the template has no section \"{section_id}\""
                    )));
                }
                self.store.save_override(inspection_id, section_id, None)?;
            }
        }
        self.score(inspection_id)
    }

    /// The inspection's scores, ratings and their explanations.
    pub fn score(&self, inspection_id: i64) -> Result<ScoreResult> {
        let stored = self.stored_inspection(inspection_id)?;
        let template = self.template(&stored.template_id, Some(&stored.template_version))?;
        self.score_stored(&stored, &template)
    }

    /// How far two inspections of the same template version agree.
    pub fn compare(&self, a: i64, b: i64) -> Result<Comparison> {
        let (ia, ib) = (self.stored_inspection(a)?, self.stored_inspection(b)?);
        if (&ia.template_id, &ia.template_version) != (&ib.template_id, &ib.template_version) {
            return Err(invalid(format!(
                "inspections {a} and {b} follow different templates ({} {} and {} {}); only inspections of the same template version can be compared",
                ia.template_id, ia.template_version, ib.template_id, ib.template_version
            )));
        }
        let template = self.template(&ia.template_id, Some(&ia.template_version))?;
        Ok(scoring::compare(
            &template,
            &self.responses(a)?,
            &self.responses(b)?,
        ))
    }

    /// Writes a checked answer (and its note) without re-scoring.
    pub(crate) fn store_answer(
        &mut self,
        inspection_id: i64,
        item_id: &str,
        answer: &Answer,
        note: Option<&str>,
    ) -> Result<()> {
        let json = serde_json::to_string(answer).map_err(|e| {
            AppError::new(
                ErrorCode::Internal,
                format!("cannot encode the answer: {e}"),
            )
        })?;
        match note {
            Some(text) => self
                .store
                .save_response_and_note(inspection_id, item_id, &json, text)?,
            None => self.store.save_response(inspection_id, item_id, &json)?,
        }
        Ok(())
    }

    pub(crate) fn stored_inspection(&self, id: i64) -> Result<StoredInspection> {
        self.store.inspection(id)?.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                format!("there is no inspection {id}; see `keyline inspections list`"),
            )
        })
    }

    pub(crate) fn inspection_template(
        &self,
        inspection_id: i64,
    ) -> Result<std::sync::Arc<Template>> {
        let stored = self.stored_inspection(inspection_id)?;
        self.template(&stored.template_id, Some(&stored.template_version))
    }

    pub(crate) fn responses(&self, inspection_id: i64) -> Result<Vec<Response>> {
        self.store
            .responses(inspection_id)?
            .into_iter()
            .map(|r| {
                let answer = serde_json::from_str(&r.answer_json).map_err(|e| {
                    AppError::new(
                        ErrorCode::Database,
                        format!("the stored answer to {} in inspection {inspection_id} is unreadable: {e}", r.item_id),
                    )
                })?;
                Ok(Response::new(r.item_id, answer))
            })
            .collect()
    }

    fn overrides(&self, inspection_id: i64) -> Result<Vec<Override>> {
        Ok(self
            .store
            .overrides(inspection_id)?
            .into_iter()
            .map(|o| Override {
                section_id: o.section_id,
                rating: o.rating,
                justification: o.justification,
            })
            .collect())
    }

    fn score_stored(&self, stored: &StoredInspection, template: &Template) -> Result<ScoreResult> {
        Ok(scoring::score_with(
            template,
            &self.responses(stored.id)?,
            &self.overrides(stored.id)?,
            &self.breaches(stored.id)?,
        ))
    }

    /// The breaches of regulation found: the inspection's must-do actions raised against
    /// an item. (A signed-off inspection's cannot change, so they are those it was signed
    /// with.)
    pub(crate) fn breaches(&self, inspection_id: i64) -> Result<Vec<scoring::Breach>> {
        Ok(self
            .store
            .actions(Some(inspection_id))?
            .into_iter()
            .filter(|a| a.priority.as_deref() == Some(scoring::Priority::MustDo.id()))
            .filter_map(|a| {
                Some(scoring::Breach {
                    item_id: a.item_id?,
                    regulations: a.regulations,
                })
            })
            .collect())
    }
}
