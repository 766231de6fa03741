//! Template use cases: list, validate, import, show.

use std::sync::Arc;

use keyline_core::template::{self, Problem, Template};
use keyline_store::TemplateInsert;

use crate::{dto, App, AppError, ErrorCode, Result};

/// Every problem in a template file, one per line, prefixed with where the file came from.
pub fn problems_text(origin: &str, problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("{origin}: {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl App {
    /// Every template version in the database.
    pub fn list_templates(&self) -> Result<Vec<dto::TemplateSummary>> {
        let uses = self.store.template_use()?;
        Ok(self
            .store
            .list_templates()?
            .into_iter()
            .map(|t| {
                let use_ = uses
                    .iter()
                    .find(|u| u.template_id == t.id && u.version == t.version);
                dto::TemplateSummary::new(t, use_)
            })
            .collect())
    }

    /// Checks a template file's bytes without storing anything; every problem is reported.
    pub fn validate_template(bytes: &[u8]) -> Vec<dto::TemplateProblem> {
        match template::parse(bytes) {
            Ok(_) => Vec::new(),
            Err(problems) => problems
                .into_iter()
                .map(dto::TemplateProblem::from)
                .collect(),
        }
    }

    /// Adds a template version. `origin` (a file name) prefixes each problem in the error.
    /// The same id and version with other content is refused; a new version is added beside
    /// the old ones, which stay for the inspections that use them.
    pub fn import_template(&mut self, origin: &str, bytes: &[u8]) -> Result<dto::TemplateSummary> {
        let template = template::parse(bytes).map_err(|problems| {
            AppError::new(
                ErrorCode::InvalidTemplate,
                format!(
                    "{origin} is not a valid template ({} problem{}):\n{}",
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" },
                    problems_text(origin, &problems)
                ),
            )
        })?;
        // parse() succeeded, so the bytes are UTF-8 JSON.
        let text = String::from_utf8_lossy(bytes);
        match self.store.insert_template(&template, &text, false)? {
            TemplateInsert::Added | TemplateInsert::AlreadyPresent => {}
            // The same template written differently (a spreadsheet's round trip, a file
            // re-saved by an editor): already there, nothing to add.
            TemplateInsert::Conflict { .. }
                if self.template(&template.id, Some(&template.version))?.as_ref() == &template => {}
            TemplateInsert::Conflict { .. } => {
                return Err(AppError::new(
                    ErrorCode::Conflict,
                    format!(
                        "template {} version {} is already in the database with different content; \
                         give the changed template a new version number (existing inspections keep the old one)",
                        template.id, template.version
                    ),
                ))
            }
        }
        self.list_templates()?
            .into_iter()
            .find(|t| t.id == template.id && t.version == template.version)
            .ok_or_else(|| AppError::new(ErrorCode::Internal, "the imported template vanished"))
    }

    /// The template's file text exactly as imported, newest version unless one is named.
    pub fn template_json(&self, id: &str, version: Option<&str>) -> Result<String> {
        Ok(self.stored_template(id, version)?.content)
    }

    /// A template version, parsed (and cached: stored versions never change).
    pub fn template(&self, id: &str, version: Option<&str>) -> Result<Arc<Template>> {
        let version = match version {
            Some(v) => v.to_string(),
            None => self.stored_template(id, None)?.version,
        };
        let key = (id.to_string(), version);
        if let Some(t) = self.templates.borrow().get(&key) {
            return Ok(Arc::clone(t));
        }
        let stored = self.stored_template(&key.0, Some(&key.1))?;
        let parsed = template::parse(stored.content.as_bytes()).map_err(|problems| {
            AppError::new(
                ErrorCode::InvalidTemplate,
                format!(
                    "the stored template {} {} no longer reads: {}",
                    key.0,
                    key.1,
                    problems_text("database", &problems)
                ),
            )
        })?;
        let parsed = Arc::new(parsed);
        self.templates.borrow_mut().insert(key, Arc::clone(&parsed));
        Ok(parsed)
    }

    fn stored_template(
        &self,
        id: &str,
        version: Option<&str>,
    ) -> Result<keyline_store::StoredTemplate> {
        self.store.template(id, version)?.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                match version {
                    Some(v) => format!(
                        "there is no template {id} version {v}; see `keyline templates list`"
                    ),
                    None => format!("there is no template {id}; see `keyline templates list`"),
                },
            )
        })
    }
}
