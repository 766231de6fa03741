//! Transport types: everything that crosses IPC to the desktop UI (and the CLI's `--json`).
//! The TypeScript declarations in `ui/src/lib/bindings.ts` are generated from these types
//! and from the core's result types; a test fails when that file is out of date.

use keyline_core::scoring::{Override, Response, ScoreResult};
use keyline_core::template::Template;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
}

impl From<keyline_store::StoredTemplate> for TemplateSummary {
    fn from(t: keyline_store::StoredTemplate) -> Self {
        TemplateSummary {
            id: t.id,
            version: t.version,
            title: t.title,
            description: t.description,
            shipped: t.shipped,
            imported_at: t.imported_at,
        }
    }
}

/// One problem with a template file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateProblem {
    /// JSON path, e.g. `$.sections[2].items[4].response.scale`.
    pub path: String,
    pub message: String,
}

impl From<keyline_core::template::Problem> for TemplateProblem {
    fn from(p: keyline_core::template::Problem) -> Self {
        TemplateProblem {
            path: p.path,
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
    pub fn as_str(self) -> &'static str {
        match self {
            InspectionKind::Mock => "mock",
            InspectionKind::SelfAssessment => "self-assessment",
            InspectionKind::PeerReview => "peer-review",
        }
    }

    pub fn parse(s: &str) -> Option<InspectionKind> {
        [Self::Mock, Self::SelfAssessment, Self::PeerReview]
            .into_iter()
            .find(|k| k.as_str() == s)
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
    #[ts(type = "number")]
    pub id: i64,
    pub template_id: String,
    pub template_version: String,
    pub template_title: String,
    pub service: String,
    pub site: String,
    pub trust: String,
    pub kind: String,
    pub date: String,
    pub team: String,
    pub created_at: String,
    pub updated_at: String,
    /// Items that must be answered and are.
    pub answered: u32,
    /// Items that must be answered.
    pub total: u32,
    pub complete: bool,
    /// Overall rating id so far, if any section is rated.
    pub rating: Option<String>,
    pub rating_label: Option<String>,
}

impl InspectionSummary {
    pub fn new(
        s: keyline_store::StoredInspection,
        template: &Template,
        score: &ScoreResult,
    ) -> Self {
        InspectionSummary {
            id: s.id,
            template_id: s.template_id,
            template_version: s.template_version,
            template_title: template.title.clone(),
            service: s.service,
            site: s.site,
            trust: s.trust,
            kind: s.kind,
            date: s.date,
            team: s.team,
            created_at: s.created_at,
            updated_at: s.updated_at,
            answered: score.sections.iter().map(|x| x.answered).sum(),
            total: score.sections.iter().map(|x| x.total).sum(),
            complete: score.complete,
            rating: score.overall.rating.clone(),
            rating_label: score.overall.rating_label.clone(),
        }
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
    pub score: ScoreResult,
}

/// The TypeScript declarations of every transport type, as one file's text.
pub fn typescript_bindings() -> String {
    let cfg = ts_rs::Config::default();
    let mut decls = vec![
        crate::ErrorCode::decl(&cfg),
        crate::AppError::decl(&cfg),
        TemplateSummary::decl(&cfg),
        TemplateProblem::decl(&cfg),
        InspectionKind::decl(&cfg),
        NewInspection::decl(&cfg),
        InspectionSummary::decl(&cfg),
        Moderation::decl(&cfg),
        Note::decl(&cfg),
        InspectionView::decl(&cfg),
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
    out
}
