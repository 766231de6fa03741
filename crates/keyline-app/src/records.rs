//! Evidence, actions, sign-off, amendment, the audit trail and backups.
//!
//! A signed-off inspection is read-only here (every write checks first, with a message that
//! says how to correct it) and in the database itself (triggers refuse the change anyway).

use std::path::Path;

use keyline_core::scoring::{self, Priority};
use keyline_store::{NewAction, Store};
use serde::Serialize;

use crate::{dto, record, App, AppError, ErrorCode, Result};

/// Evidence larger than this is refused (the same limit as for files read from disk).
pub const MAX_EVIDENCE_BYTES: usize = crate::files::EVIDENCE.max_bytes as usize;

/// The kinds of file accepted as evidence.
pub const ALLOWED_MEDIA_TYPES: [&str; 7] = [
    "image/jpeg",
    "image/png",
    "application/pdf",
    "text/plain",
    "text/csv",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
];

fn invalid(message: impl Into<String>) -> AppError {
    AppError::new(ErrorCode::InvalidInput, message)
}

/// What a file is, from its content (and, for plain text, its name).
pub fn media_type(file_name: &str, content: &[u8]) -> Option<&'static str> {
    if let Some(kind) = infer::get(content) {
        return ALLOWED_MEDIA_TYPES
            .iter()
            .copied()
            .find(|t| *t == kind.mime_type());
    }
    let lower = file_name.to_lowercase();
    let text = std::str::from_utf8(content).is_ok();
    match () {
        _ if text && lower.ends_with(".csv") => Some("text/csv"),
        _ if text && (lower.ends_with(".txt") || lower.ends_with(".md")) => Some("text/plain"),
        _ => None,
    }
}

/// The signed-off record, canonically: what a fingerprint of format 1 is the SHA-256 of.
#[derive(Serialize)]
struct Record<'a> {
    inspection: i64,
    template: (&'a str, &'a str, &'a str),
    facts: [&'a str; 6],
    responses: Vec<(String, String)>,
    notes: Vec<(String, String)>,
    overrides: Vec<(String, String, String)>,
    evidence: Vec<(String, String, String)>,
    signed_by: (&'a str, &'a str),
}

/// Format 2 (sign-offs from this version on) adds, for each piece of evidence, its media type
/// and size as well as its item, name and SHA-256, and the record the inspection amends. (The
/// global id is not in it: it never changes, the audit trail follows it, and the signed record
/// of records that travel will carry it.)
#[derive(Serialize)]
struct RecordV2<'a> {
    format: i64,
    inspection: i64,
    template: (&'a str, &'a str, &'a str),
    facts: [&'a str; 6],
    amends: Option<i64>,
    responses: Vec<(String, String)>,
    notes: Vec<(String, String)>,
    overrides: Vec<(String, String, String)>,
    evidence: Vec<(String, String, String, i64, String)>,
    signed_by: (&'a str, &'a str),
}

/// The fingerprint format new sign-offs use.
#[allow(dead_code)]
pub(crate) const FINGERPRINT_FORMAT: i64 = 2;

impl App {
    /// Fails with a clear message unless the inspection exists and is still open.
    pub(crate) fn ensure_open(&self, inspection_id: i64) -> Result<()> {
        let stored = self.stored_inspection(inspection_id)?;
        if stored.status == "signed-off" {
            return Err(AppError::new(
                ErrorCode::Locked,
                format!(
                    "inspection {inspection_id} is signed off and read-only; to correct it, start an amended copy \
                     (`keyline inspections amend {inspection_id}`)"
                ),
            ));
        }
        Ok(())
    }

    /// Attaches a file to an item as evidence.
    pub fn add_evidence(
        &mut self,
        inspection_id: i64,
        item_id: &str,
        file_name: &str,
        content: &[u8],
    ) -> Result<dto::Evidence> {
        self.ensure_open(inspection_id)?;
        let template = self.inspection_template(inspection_id)?;
        crate::inspections::find_item(&template, inspection_id, item_id)?;
        if content.len() > MAX_EVIDENCE_BYTES {
            return Err(invalid(format!(
                "{file_name} is {:.1} MB; evidence files can be at most {} MB",
                content.len() as f64 / 1_048_576.0,
                MAX_EVIDENCE_BYTES / 1_048_576
            )));
        }
        let Some(media_type) = media_type(file_name, content) else {
            return Err(invalid(format!(
                "{file_name} is not a kind of file Keyline keeps as evidence; attach a photo (JPEG or PNG), \
                 a PDF, a Word or Excel document, or a text or CSV file"
            )));
        };
        let stored =
            self.store
                .add_evidence(inspection_id, item_id, file_name, media_type, content)?;
        Ok(dto::Evidence::from(stored))
    }

    pub fn evidence_file(&self, evidence_id: i64) -> Result<(dto::Evidence, Vec<u8>)> {
        let not_found = || {
            AppError::new(
                ErrorCode::NotFound,
                format!("there is no evidence {evidence_id}"),
            )
        };
        let meta = self
            .store
            .evidence_item(evidence_id)?
            .ok_or_else(not_found)?;
        let bytes = self
            .store
            .evidence_content(evidence_id)?
            .ok_or_else(not_found)?;
        Ok((dto::Evidence::from(meta), bytes))
    }

    /// Raises an action, optionally from an item.
    pub fn add_action(&mut self, new: dto::NewAction) -> Result<dto::Action> {
        let title = new.title.trim();
        if title.is_empty() {
            return Err(invalid("an action needs a title saying what is to be done"));
        }
        if let Some(due) = new.due_date.as_deref() {
            if !scoring::is_calendar_date(due) {
                return Err(invalid(format!(
                    "\"{due}\" is not a date: give the due date as YYYY-MM-DD"
                )));
            }
        }
        let template = self.inspection_template(new.inspection_id)?;
        let mut regulations = tidy_regulations(&new.regulations);
        if let Some(item) = new.item_id.as_deref() {
            let item = crate::inspections::find_item(&template, new.inspection_id, item)?;
            if new.priority == Some(Priority::MustDo) && regulations.is_empty() {
                regulations = item.regulations.clone();
            }
        }
        self.check_priority(new.inspection_id, new.priority, &regulations, true)?;
        let stored = self.store.add_action(&NewAction {
            inspection_id: new.inspection_id,
            item_id: new.item_id,
            title: title.to_string(),
            owner: new.owner.trim().to_string(),
            due_date: new.due_date,
            priority: new.priority.map(|p| p.id().to_string()),
            regulations,
        })?;
        self.action_dto(stored)
    }

    /// What Keyline suggests for an action raised against an item now (must do or should
    /// do, with the item's regulations), from its current answer.
    pub fn suggest_priority(
        &self,
        inspection_id: i64,
        item_id: &str,
    ) -> Result<dto::PrioritySuggestion> {
        let template = self.inspection_template(inspection_id)?;
        crate::inspections::find_item(&template, inspection_id, item_id)?;
        let answer = self
            .responses(inspection_id)?
            .into_iter()
            .rev()
            .find(|r| r.item_id == item_id)
            .map(|r| r.answer);
        scoring::suggest_priority(&template, item_id, answer.as_ref()).ok_or_else(|| {
            AppError::new(ErrorCode::NotFound, format!("there is no item {item_id}"))
        })
    }

    /// The one check of a priority (the core's), and that a signed-off inspection's
    /// findings stay as signed.
    fn check_priority(
        &self,
        inspection_id: i64,
        priority: Option<Priority>,
        regulations: &[String],
        adding: bool,
    ) -> Result<()> {
        scoring::check_priority(priority, regulations).map_err(|e| invalid(e.to_string()))?;
        let signed_off = self.store.sign_off_of(inspection_id)?.is_some();
        if signed_off && (!adding || priority == Some(Priority::MustDo)) {
            return Err(AppError::new(
                ErrorCode::Locked,
                "this inspection is signed off: a breach (must do) and the priority of its \
                 actions are findings of the signed record; amend the inspection to change them",
            ));
        }
        Ok(())
    }

    /// Deletes an action raised by mistake, while its inspection is not signed off (then it
    /// is part of the signed record: amend the inspection). The audit trail records it.
    pub fn delete_action(&mut self, id: i64) -> Result<dto::Action> {
        let current = self.store.action(id)?.ok_or_else(|| {
            AppError::new(ErrorCode::NotFound, format!("there is no action {id}"))
        })?;
        if self.store.sign_off_of(current.inspection_id)?.is_some() {
            return Err(AppError::new(
                ErrorCode::Locked,
                "this action is part of a signed-off inspection's record and cannot be deleted; \
                 mark it completed, or amend the inspection",
            ));
        }
        let dto = self.action_dto(current)?;
        self.store.delete_action(id)?;
        Ok(dto)
    }

    /// Removes an evidence file attached by mistake, while its inspection is not signed off.
    pub fn remove_evidence(&mut self, id: i64) -> Result<dto::Evidence> {
        let found = self.store.evidence_item(id)?.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                format!("there is no evidence file {id}"),
            )
        })?;
        if self.store.sign_off_of(found.inspection_id)?.is_some() {
            return Err(AppError::new(
                ErrorCode::Locked,
                "this inspection is signed off: its evidence is part of the signed record; \
                 amend the inspection to change it",
            ));
        }
        self.store.remove_evidence(id)?;
        Ok(found.into())
    }

    /// Changes an action's status, title, owner or due date; allowed after sign-off.
    pub fn update_action(&mut self, id: i64, change: dto::ActionChange) -> Result<dto::Action> {
        if change.priority.is_some() || change.regulations.is_some() {
            let current = self.store.action(id)?.ok_or_else(|| {
                AppError::new(ErrorCode::NotFound, format!("there is no action {id}"))
            })?;
            let priority = match change.priority {
                Some(p) => p,
                None => current.priority.as_deref().and_then(Priority::parse),
            };
            let regulations = match &change.regulations {
                Some(r) => tidy_regulations(r),
                None => current.regulations.clone(),
            };
            self.check_priority(current.inspection_id, priority, &regulations, false)?;
            self.store
                .set_action_priority(id, priority.map(|p| p.id()), &regulations)?;
        }
        if let Some(Some(due)) = change.due_date.as_ref().map(|d| d.as_deref()) {
            if !scoring::is_calendar_date(due) {
                return Err(invalid(format!(
                    "\"{due}\" is not a date: give the due date as YYYY-MM-DD"
                )));
            }
        }
        let title = change.title.as_deref().map(str::trim);
        if title == Some("") {
            return Err(invalid("an action needs a title: say what is to be done"));
        }
        let stored = self
            .store
            .update_action(
                id,
                change.status.map(|s| s.as_str()),
                keyline_store::ActionEdit {
                    title,
                    owner: change.owner.as_deref().map(str::trim),
                    due_date: change.due_date.as_ref().map(|d| d.as_deref()),
                },
            )?
            .ok_or_else(|| {
                AppError::new(ErrorCode::NotFound, format!("there is no action {id}"))
            })?;
        self.action_dto(stored)
    }

    /// Actions across inspections (or of one), with where each came from.
    pub fn list_actions(&self, inspection_id: Option<i64>) -> Result<Vec<dto::Action>> {
        self.store
            .actions(inspection_id)?
            .into_iter()
            .map(|a| self.action_dto(a))
            .collect()
    }

    fn action_dto(&self, a: keyline_store::StoredAction) -> Result<dto::Action> {
        let inspection = self.stored_inspection(a.inspection_id)?;
        let history = self
            .store
            .action_history(a.id)?
            .into_iter()
            .map(dto::StatusChange::try_from)
            .collect::<Result<_>>()?;
        let template =
            self.template(&inspection.template_id, Some(&inspection.template_version))?;
        dto::Action::new(a, &inspection, history, &template)
    }

    /// Runs `f` as one transaction over the database: every read in it sees the data no
    /// other writer can change until it ends, and all of its writes are kept or none.
    pub(crate) fn atomically<T>(&mut self, f: impl FnOnce(&mut App) -> Result<T>) -> Result<T> {
        self.store.begin()?;
        match f(self) {
            Ok(out) => {
                self.store.commit()?;
                Ok(out)
            }
            Err(e) => {
                self.store.rollback();
                Err(e)
            }
        }
    }

    /// The SHA-256 of the inspection's record as it stands (what sign-off seals), computed
    /// the way fingerprint `format` does. The template is hashed from its stored text, so a
    /// template changed behind Keyline's back changes the fingerprint.
    pub fn fingerprint(
        &self,
        inspection_id: i64,
        inspector: &str,
        reviewer: &str,
        format: i64,
    ) -> Result<String> {
        let i = self.stored_inspection(inspection_id)?;
        let template = self
            .store
            .template(&i.template_id, Some(&i.template_version))?
            .ok_or_else(|| {
                AppError::new(ErrorCode::NotFound, "the inspection's template is missing")
            })?;
        let template_sha256 = keyline_store::sha256_hex(template.content.as_bytes());
        let mut responses: Vec<_> = self
            .store
            .responses(inspection_id)?
            .into_iter()
            .map(|r| (r.item_id, r.answer_json))
            .collect();
        responses.sort();
        let notes = self
            .store
            .notes(inspection_id)?
            .into_iter()
            .map(|n| (n.item_id, n.text))
            .collect();
        let overrides = self
            .store
            .overrides(inspection_id)?
            .into_iter()
            .map(|o| (o.section_id, o.rating, o.justification))
            .collect();
        let evidence = self.store.evidence(inspection_id)?;
        let template_ref = (
            i.template_id.as_str(),
            i.template_version.as_str(),
            template_sha256.as_str(),
        );
        let facts = [&*i.service, &i.site, &i.trust, &i.kind, &i.date, &i.team];
        let json = match format {
            1 => serde_json::to_string(&Record {
                inspection: inspection_id,
                template: template_ref,
                facts,
                responses,
                notes,
                overrides,
                evidence: evidence
                    .into_iter()
                    .map(|e| (e.item_id, e.file_name, e.sha256))
                    .collect(),
                signed_by: (inspector, reviewer),
            }),
            2 => serde_json::to_string(&RecordV2 {
                format,
                inspection: inspection_id,
                template: template_ref,
                facts,
                amends: i.amends,
                responses,
                notes,
                overrides,
                evidence: evidence
                    .into_iter()
                    .map(|e| (e.item_id, e.file_name, e.media_type, e.size, e.sha256))
                    .collect(),
                signed_by: (inspector, reviewer),
            }),
            other => {
                return Err(AppError::new(
                    ErrorCode::DatabaseTooNew,
                    format!(
                        "inspection {inspection_id} was sealed with fingerprint format {other}, which this version of Keyline does not know; upgrade Keyline"
                    ),
                ))
            }
        }
        .map_err(|e| {
            AppError::new(
                ErrorCode::Internal,
                format!("cannot encode the record: {e}"),
            )
        })?;
        Ok(keyline_store::sha256_hex(json.as_bytes()))
    }

    /// The fingerprint of a signed-off record as its data stands now, the way it was sealed.
    pub(crate) fn fingerprint_now(
        &self,
        sign_off: &keyline_store::StoredSignOff,
    ) -> Result<String> {
        if sign_off.fingerprint_format == record::FINGERPRINT_FORMAT_RECORD {
            let Some(stored) = self.stored_record(sign_off.inspection_id)? else {
                return Ok(String::new());
            };
            return self
                .sealed_record_now(&stored, sign_off.inspection_id)?
                .fingerprint();
        }
        self.fingerprint(
            sign_off.inspection_id,
            &sign_off.inspector,
            &sign_off.reviewer,
            sign_off.fingerprint_format,
        )
    }

    /// Signs an inspection off by inspector and reviewer; from then on it is read-only. The
    /// checks, the fingerprint and the seal are one transaction: no answer can change between
    /// what was checked and hashed and what is sealed.
    pub fn sign_off(
        &mut self,
        inspection_id: i64,
        inspector: &str,
        reviewer: &str,
    ) -> Result<dto::SignOff> {
        let (inspector, reviewer) = (inspector.trim(), reviewer.trim());
        if inspector.is_empty() || reviewer.is_empty() {
            return Err(invalid(
                "sign-off needs the inspector's and the reviewer's names",
            ));
        }
        if inspector.eq_ignore_ascii_case(reviewer) {
            return Err(invalid(
                "the reviewer must be someone other than the inspector",
            ));
        }
        if self.signer.is_none() {
            // A damaged identity says what is wrong with it, not that there is none.
            if let Some(home) = &self.home {
                home.identity()?;
            }
            return Err(no_identity());
        }
        self.atomically(|app| app.sign_off_now(inspection_id, inspector, reviewer))
    }

    fn sign_off_now(
        &mut self,
        inspection_id: i64,
        inspector: &str,
        reviewer: &str,
    ) -> Result<dto::SignOff> {
        self.ensure_open(inspection_id)?;
        let unmet = self.unmet_requirements(inspection_id)?;
        if !unmet.is_empty() {
            return Err(invalid(format!(
                "inspection {inspection_id} cannot be signed off yet: the template asks for {}",
                unmet
                    .iter()
                    .map(|u| format!("{} on {}", u.need.label(), u.item_id))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        let score = self.score(inspection_id)?;
        if !score.complete {
            return Err(invalid(format!(
                "inspection {inspection_id} cannot be signed off yet: {} item{} still to answer ({})",
                score.missing.len(),
                if score.missing.len() == 1 { "" } else { "s" },
                score.missing.join(", ")
            )));
        }
        let Some(identity) = self.signer.as_ref() else {
            return Err(no_identity());
        };
        let cert = identity.certificate().clone();
        let signed_at = humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string();
        let (mut record, template) = self.record_now(inspection_id)?;
        record.sign_off = Some(record::SignOffRef {
            inspector: inspector.to_string(),
            reviewer: reviewer.to_string(),
            at: signed_at.clone(),
        });
        record.signer = Some(record::SignerRef {
            name: cert.name().to_string(),
            organisation: cert.organisation().to_string(),
            certificate_sha256: cert.fingerprint(),
        });
        record.score = Some(record::ScoreSummary::of(&record.score(&template)));
        record.renderer = Some(record::renderer());
        let bytes = record.canonical()?;
        let fingerprint = keyline_store::sha256_hex(&bytes);
        let signature = identity.sign(&bytes);
        let envelope =
            crate::exchange::SignedRecordFile::new(&bytes, &signature, &cert)?.to_json()?;
        let template_text = self
            .store
            .template(&record.template.id, Some(&record.template.version))?
            .map(|t| t.content)
            .unwrap_or_default();
        let images: std::collections::BTreeMap<String, Vec<u8>> = self
            .evidence_by_sha256(inspection_id)?
            .into_iter()
            .collect();
        let pdf = crate::verify::sign_report(
            &record,
            envelope,
            &template,
            &template_text,
            &images,
            identity,
        )?;
        let stored = self.store.seal(
            inspection_id,
            &keyline_store::SealFacts {
                inspector,
                reviewer,
                signed_at: Some(&signed_at),
                fingerprint: &fingerprint,
                fingerprint_format: record::FINGERPRINT_FORMAT_RECORD,
            },
            Some(&keyline_store::NewSignedRecord {
                uid: &record.id,
                record: &bytes,
                signature: &signature,
                certificate: cert.der(),
                signer_name: cert.name(),
                signer_organisation: cert.organisation(),
                signer_fingerprint: &cert.fingerprint(),
                report_pdf: Some(&pdf),
                origin: keyline_store::Origin::SignedHere,
                imported_from: None,
            }),
        )?;
        // The board's digest of the score, kept once now. The sign-off stands without it:
        // the board computes a missing one the first time it reads the record.
        let _ = self.keep_digest(inspection_id);
        Ok(dto::SignOff::from(stored))
    }

    /// Notes and evidence the template's logic asks for, given the answers, that are missing.
    /// Only shown items count: an answer left on a follow-up that is now hidden asks nothing.
    pub fn unmet_requirements(&self, inspection_id: i64) -> Result<Vec<dto::Requirement>> {
        Ok(dto::Requirement::unmet(&self.item_states(inspection_id)?))
    }

    /// Starts an amended copy of a signed-off inspection; returns the new inspection.
    pub fn amend(&mut self, inspection_id: i64) -> Result<dto::InspectionSummary> {
        let original = self.stored_inspection(inspection_id)?;
        if original.status != "signed-off" {
            return Err(invalid(format!(
                "inspection {inspection_id} is not signed off; change it directly instead of amending it"
            )));
        }
        let id = self.store.amend(inspection_id)?;
        self.inspection_summary(id)
    }

    /// Deletes an inspection that is not signed off (started by mistake, or a draft nobody
    /// wants), with its answers, notes, moderations, evidence and actions. The audit trail
    /// keeps its history and records the deletion. A signed-off inspection is a record and
    /// is never deleted: amend it.
    pub fn delete_inspection(&mut self, inspection_id: i64) -> Result<dto::InspectionSummary> {
        let summary = self.inspection_summary(inspection_id)?;
        if self.store.sign_off_of(inspection_id)?.is_some() {
            return Err(AppError::new(
                ErrorCode::Locked,
                "this inspection is signed off: it is a record and cannot be deleted; \
                 amend it to correct it",
            ));
        }
        self.store.delete_inspection(inspection_id)?;
        Ok(summary)
    }

    /// Checks the audit trail's hash chain and that the data is what the trail says.
    pub fn verify_audit(&self, inspection_id: Option<i64>) -> Result<dto::AuditCheck> {
        if let Some(id) = inspection_id {
            self.stored_inspection(id)?;
        }
        let report = self.store.verify_audit(inspection_id)?;
        let mut problems = Vec::new();
        if let Some((seq, why)) = &report.chain_break {
            problems.push(format!("the audit trail breaks at entry {seq}: {why}"));
        }
        problems.extend(report.mismatches.iter().cloned());
        if inspection_id.is_none() {
            // The seal itself: the triggers that make records read-only must all be there.
            for difference in self.store.schema_differences()? {
                problems.push(format!(
                    "the database's structure was changed outside Keyline: {difference}"
                ));
            }
            // Every stored template version must still be the text it was stored as: its
            // bands and rules decide the ratings of the inspections that follow it.
            for t in self.store.list_templates()? {
                if keyline_store::sha256_hex(t.content.as_bytes()) != t.sha256 {
                    problems.push(format!(
                        "template {} version {} was changed after it was stored: its text no longer matches its SHA-256",
                        t.id, t.version
                    ));
                }
            }
        }
        // Each evidence file's bytes must still hash to the SHA-256 recorded with it.
        let inspections: Vec<i64> = match inspection_id {
            Some(id) => vec![id],
            None => self
                .store
                .list_inspections()?
                .into_iter()
                .map(|i| i.id)
                .collect(),
        };
        for id in &inspections {
            for e in self.store.evidence(*id)? {
                let bytes = self.store.evidence_content(e.id)?.unwrap_or_default();
                if keyline_store::sha256_hex(&bytes) != e.sha256 {
                    problems.push(format!(
                        "inspection {id}: the bytes of evidence {} ({}) no longer match its SHA-256",
                        e.id, e.file_name
                    ));
                }
            }
        }
        // A signed-off record must still hash to the fingerprint sealed at sign-off.
        for id in inspections {
            if let Some(s) = self.store.sign_off_of(id)? {
                // A record that can no longer be read or scored (its template damaged) is a
                // finding, not a reason to stop looking.
                let now = match self.fingerprint_now(&s) {
                    Ok(now) => now,
                    Err(e) => format!("unreadable: {}", e.message),
                };
                if now != s.fingerprint {
                    problems.push(format!(
                        "inspection {id} no longer matches the fingerprint sealed at sign-off ({} now {})",
                        s.fingerprint, now
                    ));
                }
            }
        }
        // A kept score must be what the scoring engine gives for its sealed record today.
        for (id, why) in self.rescore_kept(inspection_id)? {
            problems.push(format!("inspection {id}: {why}"));
        }
        Ok(dto::AuditCheck {
            intact: problems.is_empty(),
            entries_checked: report.entries_checked,
            problems,
        })
    }

    /// Every audit entry of an inspection, oldest first.
    pub fn audit_trail(&self, inspection_id: i64) -> Result<Vec<dto::AuditEntry>> {
        self.stored_inspection(inspection_id)?;
        Ok(self
            .store
            .audit_entries(Some(inspection_id))?
            .into_iter()
            .map(dto::AuditEntry::from)
            .collect())
    }

    /// A consistent copy of the database in a new file, safe while the app is running.
    pub fn backup(&self, out: &Path) -> Result<()> {
        Ok(self.store.backup_to(out)?)
    }
}

/// Replaces the database at `db` with the backup `file`, after checking the backup: it must
/// be an intact Keyline database whose tables, indexes and triggers are exactly what its
/// schema version had, and its audit trail must verify. A copy of the backup is upgraded and
/// verified first (an older backup gets the audit baseline that opening it would write); the
/// current database is replaced from that copy only once everything has passed, and is left
/// alone otherwise. The backup file itself is never changed.
pub fn restore(db: &Path, file: &Path) -> Result<dto::RestoreReport> {
    let check = Store::check_file(file)?;
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let staging = tempfile::Builder::new()
        .prefix(".keyline-restore-")
        .tempdir_in(dir)
        .map_err(|e| {
            AppError::new(
                ErrorCode::Io,
                format!("cannot make a working copy in {}: {e}", dir.display()),
            )
        })?;
    let copy = staging.path().join("restore.sqlite3");
    std::fs::copy(file, &copy).map_err(|e| {
        AppError::new(
            ErrorCode::Io,
            format!("cannot copy {}: {e}", file.display()),
        )
    })?;
    {
        let app = App::open(&copy)?;
        let audit = app.verify_audit(None)?;
        if !audit.intact {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                format!(
                    "{} was not restored: its audit trail does not verify ({}); the current database has been left as it was",
                    file.display(),
                    audit.problems.join("; ")
                ),
            ));
        }
    }
    let mut store = Store::open(db)?;
    store.restore_from(&copy)?;
    Ok(dto::RestoreReport {
        schema_version: check.schema_version,
        inspections: check.inspections,
        templates: check.templates,
    })
}

/// Sign-off without a signing identity: what to do about it.
fn no_identity() -> AppError {
    AppError::new(
                ErrorCode::NoIdentity,
                "sign-off signs the record with your own key, and you have no signing identity yet: make it once with `keyline identity create --name \"Your Name\" --organisation \"Your NHS Trust\"` (in the app: Settings)",
    )
}

/// Regulation numbers as typed ("12", " 20a", "Reg 17") made plain: `12`, `20A`, `17`; each
/// once, in the order given. What is left is checked by the core.
fn tidy_regulations(given: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for raw in given {
        let lower = raw.trim().to_ascii_lowercase();
        let bare = lower
            .strip_prefix("regulation")
            .or_else(|| lower.strip_prefix("reg"))
            .unwrap_or(&lower)
            .trim_start_matches(['.', ' '])
            .to_ascii_uppercase();
        if !bare.is_empty() && !out.contains(&bare) {
            out.push(bare);
        }
    }
    out
}
