//! Transport types: everything that crosses IPC to the desktop UI (and the CLI's `--json`).
//! The TypeScript declarations in `ui/src/lib/bindings.ts` are generated from these types
//! and from the core's result types; a test fails when that file is out of date.

use keyline_core::scoring::{ItemState, Override, Response, ScoreResult};
pub use keyline_core::scoring::{Priority, PrioritySuggestion, RequirementKind};
use keyline_core::template::Template;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{AppError, ErrorCode, Result};

/// A value the database holds for an enum column, as the enum; the schema's checks allow
/// only known values, so an unknown one means the file was changed outside Keyline.
fn stored<T>(value: &str, what: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T> {
    parse(value).ok_or_else(|| {
        AppError::new(
            ErrorCode::Database,
            format!("the database holds an unknown {what} \"{value}\""),
        )
    })
}

/// One template version, as listed on the home screen and by `keyline templates list`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateSummary {
    pub id: String,
    pub version: String,
    pub title: String,
    pub description: String,
    /// Shipped with Keyline (as opposed to imported by a user).
    pub shipped: bool,
    pub imported_at: String,
    /// Hidden from New inspection (kept for the inspections that follow it).
    pub archived: bool,
    /// How many inspections follow this version.
    pub inspections: u32,
}

impl TemplateSummary {
    pub fn new(
        t: keyline_store::StoredTemplate,
        use_: Option<&keyline_store::TemplateUse>,
    ) -> Self {
        TemplateSummary {
            id: t.id,
            version: t.version,
            title: t.title,
            description: t.description,
            shipped: t.shipped,
            imported_at: t.imported_at,
            archived: use_.is_some_and(|u| u.archived),
            inspections: use_.map_or(0, |u| u32::try_from(u.inspections).unwrap_or(u32::MAX)),
        }
    }
}

/// A template id and version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VersionRef {
    pub id: String,
    pub version: String,
}

/// A template being written, as the Templates screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateDraftSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub template_id: String,
    pub title: String,
    /// The version it was copied from, if any.
    pub based_on: Option<VersionRef>,
    pub updated_at: String,
    /// How many problems the core finds in it now (0: ready to publish).
    pub problems: u32,
}

/// Every stored version and every draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateLibrary {
    pub templates: Vec<TemplateSummary>,
    pub drafts: Vec<TemplateDraftSummary>,
}

/// A draft opened in the editor.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateDraft {
    #[ts(type = "number")]
    pub id: i64,
    pub based_on: Option<VersionRef>,
    /// The draft in the template format (it may not be valid yet).
    #[ts(type = "Template")]
    pub content: serde_json::Value,
    /// Everything the core finds wrong with it, each with its JSON path and place in words.
    pub problems: Vec<TemplateProblem>,
    /// The version it would be published as.
    pub suggested_version: String,
    pub updated_at: String,
}

/// What saving a draft found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DraftSaved {
    pub problems: Vec<TemplateProblem>,
    pub suggested_version: String,
    pub updated_at: String,
}

/// One problem with a template file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateProblem {
    /// JSON path, e.g. `$.sections[2].items[4].response.scale` (or a spreadsheet cell, e.g.
    /// `Items!F7`): the exact field, for the editor to show the problem beside it.
    pub path: String,
    /// Where, in words counted from one: "Section 2 “Effective”, item 3 “Staffing”, weight".
    pub place: String,
    pub message: String,
}

impl From<keyline_core::template::Problem> for TemplateProblem {
    fn from(p: keyline_core::template::Problem) -> Self {
        TemplateProblem {
            path: p.path,
            place: p.place,
            message: p.message,
        }
    }
}

/// The kind of inspection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum InspectionKind {
    Mock,
    SelfAssessment,
    PeerReview,
}

impl InspectionKind {
    pub const ALL: [InspectionKind; 3] = [Self::Mock, Self::SelfAssessment, Self::PeerReview];

    pub fn as_str(self) -> &'static str {
        match self {
            InspectionKind::Mock => "mock",
            InspectionKind::SelfAssessment => "self-assessment",
            InspectionKind::PeerReview => "peer-review",
        }
    }

    /// As people say it, on screen and in the report.
    pub fn label(self) -> &'static str {
        match self {
            InspectionKind::Mock => "Mock inspection",
            InspectionKind::SelfAssessment => "Self-assessment",
            InspectionKind::PeerReview => "Peer review",
        }
    }

    pub fn parse(s: &str) -> Option<InspectionKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl std::fmt::Display for InspectionKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an inspection stands: open to changes, or signed off and read-only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum InspectionStatus {
    InProgress,
    SignedOff,
}

impl InspectionStatus {
    pub const ALL: [InspectionStatus; 2] = [Self::InProgress, Self::SignedOff];

    pub fn as_str(self) -> &'static str {
        match self {
            InspectionStatus::InProgress => "in-progress",
            InspectionStatus::SignedOff => "signed-off",
        }
    }

    /// As people say it, on screen and in the report.
    pub fn label(self) -> &'static str {
        match self {
            InspectionStatus::InProgress => "In progress",
            InspectionStatus::SignedOff => "Signed off",
        }
    }

    pub fn parse(s: &str) -> Option<InspectionStatus> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl std::fmt::Display for InspectionStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What is needed to start an inspection.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewInspection {
    pub template_id: String,
    /// The newest version when not given.
    #[ts(optional)]
    pub template_version: Option<String>,
    /// The ward or team inspected.
    pub service: String,
    #[serde(default)]
    pub site: String,
    #[serde(default)]
    pub trust: String,
    pub kind: InspectionKind,
    /// `YYYY-MM-DD`; today when not given.
    #[ts(optional)]
    pub date: Option<String>,
    /// The inspection team, as written.
    #[serde(default)]
    pub team: String,
}

/// An inspection as listed: who, what, when, how far along and how it rates.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InspectionSummary {
    /// The local number, a convenience of this database.
    #[ts(type = "number")]
    pub id: i64,
    /// The globally unique id (a UUID v7), the same wherever the record goes.
    pub uid: String,
    pub template_id: String,
    pub template_version: String,
    pub template_title: String,
    pub service: String,
    pub site: String,
    pub trust: String,
    pub kind: InspectionKind,
    pub date: String,
    pub team: String,
    pub created_at: String,
    pub updated_at: String,
    pub status: InspectionStatus,
    /// The signed-off inspection this one corrects.
    #[ts(type = "number | null")]
    pub amends: Option<i64>,
    /// Items that must be answered and are.
    pub answered: u32,
    /// Items that must be answered.
    pub total: u32,
    pub complete: bool,
    /// Overall rating id so far, if any section is rated.
    pub rating: Option<String>,
    pub rating_label: Option<String>,
    /// Who signed its record and where it came from; `None` until signed off (and for
    /// sign-offs of Keyline 0.1, which were not signed).
    pub signed_record: Option<RecordOrigin>,
}

impl InspectionSummary {
    pub fn new(
        s: keyline_store::StoredInspection,
        template: &Template,
        score: &ScoreResult,
    ) -> Result<Self> {
        Ok(InspectionSummary {
            id: s.id,
            uid: s.uid,
            template_id: s.template_id,
            template_version: s.template_version,
            template_title: template.title.clone(),
            service: s.service,
            site: s.site,
            trust: s.trust,
            kind: stored(&s.kind, "kind of inspection", InspectionKind::parse)?,
            date: s.date,
            team: s.team,
            created_at: s.created_at,
            updated_at: s.updated_at,
            status: stored(&s.status, "inspection status", InspectionStatus::parse)?,
            amends: s.amends,
            answered: score.sections.iter().map(|x| x.answered).sum(),
            total: score.sections.iter().map(|x| x.total).sum(),
            complete: score.complete,
            rating: score.overall.rating.clone(),
            rating_label: score.overall.rating_label.clone(),
            signed_record: None,
        })
    }
}

/// A moderated section rating as the app sends it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Moderation {
    pub rating: String,
    pub justification: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Note {
    pub item_id: String,
    pub text: String,
    pub updated_at: String,
}

/// Everything the inspection screen needs, in one call.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InspectionView {
    pub inspection: InspectionSummary,
    pub template: Template,
    pub responses: Vec<Response>,
    pub notes: Vec<Note>,
    pub overrides: Vec<Override>,
    pub evidence: Vec<Evidence>,
    pub actions: Vec<Action>,
    pub sign_off: Option<SignOff>,
    /// What the template's logic makes of each item (visible, rolled up, the notes and
    /// evidence its answer requires, the suggested action), every item in template order.
    pub item_states: Vec<ItemState>,
    /// Notes and evidence the template's logic asks for that are still missing.
    pub unmet: Vec<Requirement>,
    pub score: ScoreResult,
    /// Sections whose moderation may be out of date: answers changed after it was made.
    pub stale_moderations: Vec<String>,
}

/// What an answer, a cleared answer or a note changes: the new scores and what the
/// template's logic now makes of each item.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    pub score: ScoreResult,
    pub item_states: Vec<ItemState>,
    pub unmet: Vec<Requirement>,
    /// Sections whose moderation may be out of date: answers changed after it was made.
    pub stale_moderations: Vec<String>,
}

/// Something the template's logic asks for, given an answer, that the inspection lacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Requirement {
    pub item_id: String,
    pub need: RequirementKind,
}

impl Requirement {
    /// Every requirement of `states` still to meet, in template order.
    pub fn unmet(states: &[ItemState]) -> Vec<Requirement> {
        states
            .iter()
            .flat_map(|state| {
                state.unmet().map(|need| Requirement {
                    item_id: state.item_id.clone(),
                    need,
                })
            })
            .collect()
    }
}

/// A file attached to an item (its bytes are fetched separately).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub inspection_id: i64,
    pub item_id: String,
    pub file_name: String,
    pub media_type: String,
    #[ts(type = "number")]
    pub size: i64,
    pub sha256: String,
    pub added_at: String,
}

impl From<keyline_store::StoredEvidence> for Evidence {
    fn from(e: keyline_store::StoredEvidence) -> Self {
        Evidence {
            id: e.id,
            inspection_id: e.inspection_id,
            item_id: e.item_id,
            file_name: e.file_name,
            media_type: e.media_type,
            size: e.size,
            sha256: e.sha256,
            added_at: e.added_at,
        }
    }
}

/// Where an action stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum ActionStatus {
    NotStarted,
    InProgress,
    Completed,
}

impl ActionStatus {
    pub const ALL: [ActionStatus; 3] = [Self::NotStarted, Self::InProgress, Self::Completed];

    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::NotStarted => "not-started",
            ActionStatus::InProgress => "in-progress",
            ActionStatus::Completed => "completed",
        }
    }

    /// As people say it, on screen and in the report.
    pub fn label(self) -> &'static str {
        match self {
            ActionStatus::NotStarted => "Not started",
            ActionStatus::InProgress => "In progress",
            ActionStatus::Completed => "Completed",
        }
    }

    pub fn parse(s: &str) -> Option<ActionStatus> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl std::fmt::Display for ActionStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewAction {
    #[ts(type = "number")]
    pub inspection_id: i64,
    #[ts(optional)]
    pub item_id: Option<String>,
    pub title: String,
    #[serde(default)]
    pub owner: String,
    /// `YYYY-MM-DD`.
    #[ts(optional)]
    pub due_date: Option<String>,
    /// Must do (a breach of a regulation) or should do; none when not said.
    #[ts(optional)]
    pub priority: Option<Priority>,
    /// The regulations a must do breaches (`12`, `20A`); when a must do gives none, the
    /// item's own regulations are used.
    #[serde(default)]
    pub regulations: Vec<String>,
}

/// What to change about an action; absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionChange {
    #[ts(optional)]
    pub status: Option<ActionStatus>,
    /// A new title (not empty).
    #[ts(optional)]
    pub title: Option<String>,
    #[ts(optional)]
    pub owner: Option<String>,
    /// `null` clears the due date.
    #[ts(optional)]
    pub due_date: Option<Option<String>>,
    /// `null` clears the priority. Refused once the inspection is signed off.
    #[ts(optional)]
    pub priority: Option<Option<Priority>>,
    /// Replaces the regulations the action cites.
    #[ts(optional)]
    pub regulations: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatusChange {
    pub from: Option<ActionStatus>,
    pub to: ActionStatus,
    pub by: String,
    pub at: String,
}

impl TryFrom<keyline_store::StatusChangeRow> for StatusChange {
    type Error = AppError;

    fn try_from(c: keyline_store::StatusChangeRow) -> Result<Self> {
        let status = |s: &str| stored(s, "action status", ActionStatus::parse);
        Ok(StatusChange {
            from: c.from.as_deref().map(status).transpose()?,
            to: status(&c.to)?,
            by: c.by,
            at: c.at,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Action {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub inspection_id: i64,
    /// The inspected service the action came from.
    pub service: String,
    /// The inspection it came from, as people know it: kind, date and team.
    pub inspection_kind: InspectionKind,
    /// `YYYY-MM-DD`.
    pub inspection_date: String,
    pub team: String,
    /// The inspection is signed off: the action is part of its record and cannot be
    /// deleted (its status, owner, title and due date still change as follow-up goes on).
    pub inspection_signed_off: bool,
    /// The item's id (a detail for template authors) and its title (what people read).
    pub item_id: Option<String>,
    pub item_title: Option<String>,
    pub title: String,
    pub owner: String,
    pub due_date: Option<String>,
    pub status: ActionStatus,
    pub created_at: String,
    pub updated_at: String,
    /// Every status change, oldest first.
    pub history: Vec<StatusChange>,
    /// When it was last marked completed (RFC 3339), while it is completed.
    pub completed_at: Option<String>,
    pub priority: Option<Priority>,
    /// The regulations cited, as people read them: "Regulation 12: Safe care and treatment".
    pub regulations: Vec<RegulationRef>,
}

/// A regulation an action cites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RegulationRef {
    /// `12`, `20A`.
    pub number: String,
    /// "Regulation 12: Safe care and treatment", or "Regulation 12" when the template does
    /// not give its title.
    pub label: String,
}

impl RegulationRef {
    pub fn of(template: &keyline_core::template::Template, number: &str) -> Self {
        let label = match template.regulations.iter().find(|r| r.number == number) {
            Some(r) => format!("Regulation {number}: {}", r.title),
            None => format!("Regulation {number}"),
        };
        RegulationRef {
            number: number.to_owned(),
            label,
        }
    }
}

impl Action {
    pub fn new(
        a: keyline_store::StoredAction,
        inspection: &keyline_store::StoredInspection,
        history: Vec<StatusChange>,
        template: &keyline_core::template::Template,
    ) -> Result<Self> {
        let status = stored(&a.status, "action status", ActionStatus::parse)?;
        let completed_at = if status == ActionStatus::Completed {
            history
                .iter()
                .rev()
                .find(|c| c.to == ActionStatus::Completed)
                .map(|c| c.at.clone())
        } else {
            None
        };
        let item_title = a
            .item_id
            .as_deref()
            .and_then(|id| template.find_item(id))
            .map(|i| i.title.clone());
        let priority = a
            .priority
            .as_deref()
            .map(|p| stored(p, "action priority", Priority::parse))
            .transpose()?;
        let regulations = a
            .regulations
            .iter()
            .map(|n| RegulationRef::of(template, n))
            .collect();
        Ok(Action {
            priority,
            regulations,
            id: a.id,
            inspection_id: a.inspection_id,
            service: inspection.service.clone(),
            inspection_kind: stored(&inspection.kind, "inspection kind", InspectionKind::parse)?,
            inspection_date: inspection.date.clone(),
            team: inspection.team.clone(),
            inspection_signed_off: inspection.status == "signed-off",
            item_id: a.item_id,
            item_title,
            title: a.title,
            owner: a.owner,
            due_date: a.due_date,
            status,
            created_at: a.created_at,
            updated_at: a.updated_at,
            history,
            completed_at,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignOff {
    pub inspector: String,
    pub reviewer: String,
    pub signed_at: String,
    /// SHA-256 of the signed-off record.
    pub fingerprint: String,
}

impl From<keyline_store::StoredSignOff> for SignOff {
    fn from(s: keyline_store::StoredSignOff) -> Self {
        SignOff {
            inspector: s.inspector,
            reviewer: s.reviewer,
            signed_at: s.signed_at,
            fingerprint: s.fingerprint,
        }
    }
}

/// The result of `audit verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditCheck {
    pub intact: bool,
    #[ts(type = "number")]
    pub entries_checked: u64,
    /// Where the chain breaks, and data that differs from the trail; empty when intact.
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    #[ts(type = "number")]
    pub seq: i64,
    pub entity: String,
    pub key: String,
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub actor: String,
    pub at: String,
    pub hash: String,
}

impl From<keyline_store::AuditEntry> for AuditEntry {
    fn from(e: keyline_store::AuditEntry) -> Self {
        AuditEntry {
            seq: e.seq,
            entity: e.entity,
            key: e.key,
            field: e.field,
            old: e.old,
            new: e.new,
            actor: e.actor,
            at: e.at,
            hash: e.hash,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RestoreReport {
    #[ts(type = "number")]
    pub schema_version: i64,
    #[ts(type = "number")]
    pub inspections: i64,
    #[ts(type = "number")]
    pub templates: i64,
}

/// The TypeScript declarations of every transport type, as one file's text.
pub fn typescript_bindings() -> String {
    let cfg = ts_rs::Config::default();
    let mut decls = vec![
        crate::ErrorCode::decl(&cfg),
        crate::AppError::decl(&cfg),
        TemplateSummary::decl(&cfg),
        TemplateProblem::decl(&cfg),
        VersionRef::decl(&cfg),
        TemplateDraftSummary::decl(&cfg),
        TemplateLibrary::decl(&cfg),
        TemplateDraft::decl(&cfg),
        DraftSaved::decl(&cfg),
        InspectionKind::decl(&cfg),
        InspectionStatus::decl(&cfg),
        NewInspection::decl(&cfg),
        InspectionSummary::decl(&cfg),
        Moderation::decl(&cfg),
        Note::decl(&cfg),
        InspectionView::decl(&cfg),
        Progress::decl(&cfg),
        Requirement::decl(&cfg),
        Evidence::decl(&cfg),
        ActionStatus::decl(&cfg),
        NewAction::decl(&cfg),
        ActionChange::decl(&cfg),
        StatusChange::decl(&cfg),
        Action::decl(&cfg),
        RegulationRef::decl(&cfg),
        SignOff::decl(&cfg),
        AuditCheck::decl(&cfg),
        AuditEntry::decl(&cfg),
        RestoreReport::decl(&cfg),
        ExportedReport::decl(&cfg),
        BoardFormat::decl(&cfg),
        ExportedBoard::decl(&cfg),
        RecordOrigin::decl(&cfg),
        crate::identity::Trust::decl(&cfg),
        crate::verify::Outcome::decl(&cfg),
        crate::verify::SignerView::decl(&cfg),
        crate::verify::ReportCheck::decl(&cfg),
        crate::exchange::ImportReport::decl(&cfg),
        crate::exchange::BundleReport::decl(&cfg),
        crate::exchange::SyncReport::decl(&cfg),
        SettingsView::decl(&cfg),
        Signer::decl(&cfg),
    ];
    decls.extend(keyline_core::typescript_declarations(&cfg));
    let mut out = String::from(
        "// Generated from the Rust types in crates/keyline-app and crates/keyline-core.\n// Do not edit: run `./dev bindings` after changing them.\n",
    );
    for d in decls {
        out.push_str("\nexport ");
        out.push_str(&d);
        out.push('\n');
    }
    out.push_str("\n// Labels, as people read them: the words the PDF report uses too.\n");
    out.push_str(&label_table(
        "INSPECTION_KIND_LABELS",
        "InspectionKind",
        InspectionKind::ALL.map(|k| (k, k.label())),
    ));
    out.push_str(&label_table(
        "INSPECTION_STATUS_LABELS",
        "InspectionStatus",
        InspectionStatus::ALL.map(|s| (s, s.label())),
    ));
    out.push_str(&label_table(
        "ACTION_STATUS_LABELS",
        "ActionStatus",
        ActionStatus::ALL.map(|s| (s, s.label())),
    ));
    out.push_str(&label_table(
        "PRIORITY_LABELS",
        "Priority",
        [Priority::MustDo, Priority::ShouldDo].map(|p| (p, p.label())),
    ));
    out.push_str(&label_table(
        "REQUIREMENT_KIND_LABELS",
        "RequirementKind",
        RequirementKind::ALL.map(|k| (k, k.label())),
    ));
    out.push_str(&label_table(
        "CHANGE_KIND_LABELS",
        "ChangeKind",
        keyline_core::template::ChangeKind::ALL.map(|k| (k, k.label())),
    ));
    out
}

/// `export const NAME: Record<Type, string> = { "key": "Label", … };` in the given order, each
/// key as the value crosses IPC, so the compiler checks the table covers the type.
fn label_table<K: Serialize>(
    name: &str,
    ty: &str,
    entries: impl IntoIterator<Item = (K, &'static str)>,
) -> String {
    let body: Vec<String> = entries
        .into_iter()
        .map(|(key, label)| {
            format!(
                "  {}: {},",
                serde_json::to_string(&key).unwrap_or_default(),
                serde_json::to_string(label).unwrap_or_default()
            )
        })
        .collect();
    format!(
        "\nexport const {name}: Record<{ty}, string> = {{\n{}\n}};\n",
        body.join("\n")
    )
}

/// A rendered report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportedReport {
    pub report_id: String,
    pub signed_off: bool,
    #[serde(skip)]
    #[ts(skip)]
    pub bytes: Vec<u8>,
}

/// A spreadsheet form of the board: a folder of CSV files, one per table, or one XLSX
/// workbook with a sheet per table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum BoardFormat {
    Csv,
    Xlsx,
}

/// What a board export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportedBoard {
    /// The workbook, or the folder of CSV files.
    pub path: String,
    /// The files written (one for a workbook).
    pub files: Vec<String>,
    /// Tables (sheets or CSV files) and their rows, in all.
    pub tables: u32,
    pub rows: u32,
}

/// The Settings screen: who signs here, whom they trust, and the sync folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettingsView {
    /// This user's signing identity, if made.
    pub identity: Option<Signer>,
    pub trusted: Vec<Signer>,
    /// Where this user's key and trusted list are kept.
    pub home: String,
    pub sync_folder: Option<String>,
    pub last_sync: Option<String>,
}

/// A signer as a certificate names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Signer {
    pub name: String,
    pub organisation: String,
    pub fingerprint: String,
}

impl From<&keyline_sign::Certificate> for Signer {
    fn from(c: &keyline_sign::Certificate) -> Self {
        Signer {
            name: c.name().to_string(),
            organisation: c.organisation().to_string(),
            fingerprint: c.fingerprint(),
        }
    }
}

/// Where a signed record came from, and who signed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecordOrigin {
    #[ts(type = "number")]
    pub inspection_id: i64,
    pub uid: String,
    pub service: String,
    pub signer_name: String,
    pub signer_organisation: String,
    pub signer_fingerprint: String,
    /// Imported from another database (else signed off here).
    pub imported: bool,
    /// The file it was imported from.
    pub imported_from: Option<String>,
    pub trust: crate::identity::Trust,
}

/// What checking an unsigned report of Keyline 0.1 against the database found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LegacyCheck {
    /// The PDF is the signed-off record it names, and the database still holds that record.
    pub matches: bool,
    pub inspection_id: i64,
    pub report_id: String,
    pub fingerprint: Option<String>,
    pub message: String,
}
