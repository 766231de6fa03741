//! The template editor's use cases: drafts saved as typed and checked by the core on every
//! save, a preview scored by the core, publishing a draft as a new immutable version,
//! archiving versions, and comparing two versions in words.
//!
//! The draft is kept as JSON text, not as a `Template`, so that a half-typed draft (a weight
//! left empty) is still saved and the core can say what is wrong with it and where.

use std::collections::HashSet;

use keyline_core::scoring::{self, Response};
use keyline_core::template::{self, Problem, Template};
use keyline_store::TemplateInsert;

use crate::{dto, App, AppError, ErrorCode, Result};

/// The largest draft accepted from the editor (the largest shipped template is ~150 KB).
pub const MAX_DRAFT_BYTES: usize = 5 * 1024 * 1024;

fn not_found(id: i64) -> AppError {
    AppError::new(
        ErrorCode::NotFound,
        format!("there is no template draft {id}; it may have been published or deleted"),
    )
}

fn problems_dto(problems: Vec<Problem>) -> Vec<dto::TemplateProblem> {
    problems
        .into_iter()
        .map(dto::TemplateProblem::from)
        .collect()
}

/// The draft's id field, read leniently (the draft may not be a valid template yet).
fn draft_template_id(content: &serde_json::Value) -> String {
    content
        .get("id")
        .and_then(serde_json::Value::as_str)
        .unwrap_or("")
        .to_owned()
}

impl App {
    /// Every stored version (with whether it is archived and how many inspections follow
    /// it) and every draft.
    pub fn template_library(&self) -> Result<dto::TemplateLibrary> {
        let templates = self.list_templates()?;
        let drafts = self
            .store
            .drafts()?
            .into_iter()
            .map(|d| {
                let problems = template::parse(d.content.as_bytes())
                    .err()
                    .map_or(0, |p| p.len());
                let value: serde_json::Value =
                    serde_json::from_str(&d.content).unwrap_or(serde_json::Value::Null);
                dto::TemplateDraftSummary {
                    id: d.id,
                    template_id: d.template_id,
                    title: value
                        .get("title")
                        .and_then(serde_json::Value::as_str)
                        .unwrap_or("")
                        .to_owned(),
                    based_on: d
                        .based_on
                        .map(|(id, version)| dto::VersionRef { id, version }),
                    updated_at: d.updated_at,
                    problems: u32::try_from(problems).unwrap_or(u32::MAX),
                }
            })
            .collect();
        Ok(dto::TemplateLibrary { templates, drafts })
    }

    /// Starts a draft: a copy of a stored version, or the core's starter for a new template.
    pub fn new_template_draft(&mut self, from: Option<(&str, &str)>) -> Result<dto::TemplateDraft> {
        let (template, based_on) = match from {
            Some((id, version)) => {
                let template = self.template(id, Some(version))?;
                (template.as_ref().clone(), Some((id, version)))
            }
            None => (template::starter(&self.unused_template_id()?), None),
        };
        let content = pretty(&template)?;
        let stored = self.store.insert_draft(&template.id, based_on, &content)?;
        self.template_draft(stored.id)
    }

    /// `new-template`, or `new-template-2` and so on when that id is taken.
    fn unused_template_id(&self) -> Result<String> {
        let taken: HashSet<String> = self
            .list_templates()?
            .into_iter()
            .map(|t| t.id)
            .chain(self.store.drafts()?.into_iter().map(|d| d.template_id))
            .collect();
        let mut candidate = "new-template".to_owned();
        let mut n = 1;
        while taken.contains(&candidate) {
            n += 1;
            candidate = format!("new-template-{n}");
        }
        Ok(candidate)
    }

    /// A draft with what the core finds wrong with it and the version it would publish as.
    pub fn template_draft(&self, id: i64) -> Result<dto::TemplateDraft> {
        let stored = self.store.draft(id)?.ok_or_else(|| not_found(id))?;
        let content: serde_json::Value = serde_json::from_str(&stored.content).map_err(|e| {
            AppError::new(
                ErrorCode::InvalidTemplate,
                format!(
                    "template draft {id} is not JSON any more ({e}); delete it and start again"
                ),
            )
        })?;
        let problems = match template::parse(stored.content.as_bytes()) {
            Ok(_) => Vec::new(),
            Err(problems) => problems_dto(problems),
        };
        Ok(dto::TemplateDraft {
            id: stored.id,
            suggested_version: self.suggested_version(&stored.template_id)?,
            based_on: stored
                .based_on
                .map(|(id, version)| dto::VersionRef { id, version }),
            content,
            problems,
            updated_at: stored.updated_at,
        })
    }

    /// The next version of `template_id` after every stored one (`1.0` for a new id).
    fn suggested_version(&self, template_id: &str) -> Result<String> {
        let versions = self.versions_of(template_id)?;
        let highest = versions
            .iter()
            .max_by(|a, b| template::version_order(a, b))
            .map(String::as_str);
        Ok(template::next_version(highest))
    }

    fn versions_of(&self, template_id: &str) -> Result<Vec<String>> {
        Ok(self
            .store
            .list_templates()?
            .into_iter()
            .filter(|t| t.id == template_id)
            .map(|t| t.version)
            .collect())
    }

    /// Saves a draft exactly as typed (JSON text) and says what is wrong with it now.
    /// Nothing is lost to a mistake: an invalid draft is saved all the same.
    pub fn save_template_draft(&mut self, id: i64, content: &str) -> Result<dto::DraftSaved> {
        if content.len() > MAX_DRAFT_BYTES {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                format!(
                    "the draft is {} MB, more than the {} MB a template may be; nothing was saved",
                    content.len() / (1024 * 1024),
                    MAX_DRAFT_BYTES / (1024 * 1024)
                ),
            ));
        }
        let value: serde_json::Value = serde_json::from_str(content).map_err(|e| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("the draft is not JSON ({e}); nothing was saved"),
            )
        })?;
        let template_id = draft_template_id(&value);
        let stored = self
            .store
            .save_draft(id, &template_id, content)?
            .ok_or_else(|| not_found(id))?;
        let problems = match template::parse(content.as_bytes()) {
            Ok(_) => Vec::new(),
            Err(problems) => problems_dto(problems),
        };
        Ok(dto::DraftSaved {
            problems,
            suggested_version: self.suggested_version(&template_id)?,
            updated_at: stored.updated_at,
        })
    }

    /// What an inspector would see of the draft with these answers: scores, what the logic
    /// shows and asks for. Only a draft the core accepts can be previewed; an answer that
    /// does not fit its item is refused in words.
    pub fn preview_template_draft(content: &str, responses: &[Response]) -> Result<dto::Progress> {
        let template = template::parse(content.as_bytes()).map_err(|problems| {
            AppError::new(
                ErrorCode::InvalidTemplate,
                format!(
                    "the draft cannot be previewed until its {} problem{} {} put right:\n{}",
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" },
                    if problems.len() == 1 { "is" } else { "are" },
                    crate::templates::problems_text("draft", &problems)
                ),
            )
        })?;
        for response in responses {
            let item = template.find_item(&response.item_id).ok_or_else(|| {
                AppError::new(
                    ErrorCode::InvalidInput,
                    format!("the draft has no item {}", response.item_id),
                )
            })?;
            scoring::check_answer(&template, item, &response.answer)
                .map_err(|e| AppError::new(ErrorCode::InvalidInput, e.to_string()))?;
        }
        // A preview has no notes or evidence yet: everything the logic asks for shows.
        let none = HashSet::new();
        let item_states = scoring::item_states(&template, responses, &none, &none);
        Ok(dto::Progress {
            score: scoring::score(&template, responses, &[]),
            unmet: dto::Requirement::unmet(&item_states),
            item_states,
            stale_moderations: Vec::new(),
        })
    }

    /// Publishes a draft as `version`: a new stored version, immutable from now on; the
    /// draft is removed. Refused, with every reason, while the core finds a problem, or when
    /// the version is not after every stored version of the template.
    pub fn publish_template_draft(
        &mut self,
        id: i64,
        version: &str,
    ) -> Result<dto::TemplateSummary> {
        let stored = self.store.draft(id)?.ok_or_else(|| not_found(id))?;
        let mut value: serde_json::Value = serde_json::from_str(&stored.content).map_err(|e| {
            AppError::new(
                ErrorCode::InvalidTemplate,
                format!("the draft is not JSON ({e})"),
            )
        })?;
        if let Some(object) = value.as_object_mut() {
            object.insert(
                "version".to_owned(),
                serde_json::Value::String(version.to_owned()),
            );
        }
        let text = serde_json::to_string_pretty(&value)
            .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?
            + "\n";
        let template = template::parse(text.as_bytes()).map_err(|problems| {
            AppError::new(
                ErrorCode::InvalidTemplate,
                format!(
                    "the draft cannot be published until its {} problem{} {} put right:\n{}",
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" },
                    if problems.len() == 1 { "is" } else { "are" },
                    crate::templates::problems_text("draft", &problems)
                ),
            )
        })?;
        let existing = self.versions_of(&template.id)?;
        let existing: Vec<&str> = existing.iter().map(String::as_str).collect();
        if let Some(problem) = template::version_problem(version, &existing) {
            return Err(AppError::new(ErrorCode::Conflict, problem.to_string()));
        }
        self.store.begin()?;
        let published = (|| -> Result<()> {
            match self.store.insert_template(&template, &text, false)? {
                TemplateInsert::Added => {}
                TemplateInsert::AlreadyPresent | TemplateInsert::Conflict { .. } => {
                    return Err(AppError::new(
                        ErrorCode::Conflict,
                        format!(
                            "{} version {} is already stored; publish as {}",
                            template.id,
                            template.version,
                            template::next_version(Some(&template.version))
                        ),
                    ))
                }
            }
            self.store.delete_draft(id)?;
            Ok(())
        })();
        match published {
            Ok(()) => self.store.commit()?,
            Err(e) => {
                self.store.rollback();
                return Err(e);
            }
        }
        self.summary_of(&template.id, &template.version)
    }

    /// Removes a draft (published versions are never removed).
    pub fn delete_template_draft(&mut self, id: i64) -> Result<()> {
        if self.store.delete_draft(id)? {
            Ok(())
        } else {
            Err(not_found(id))
        }
    }

    /// Hides a version from new inspections (or shows it again); inspections that follow it
    /// keep it.
    pub fn archive_template(
        &mut self,
        id: &str,
        version: &str,
        archived: bool,
    ) -> Result<dto::TemplateSummary> {
        self.template(id, Some(version))?;
        self.store.set_archived(id, version, archived)?;
        self.summary_of(id, version)
    }

    /// The version a new inspection of `id` follows: the one asked for, unless it is
    /// archived, or else the newest version that is not archived.
    pub(crate) fn offered_version(&self, id: &str, version: Option<&str>) -> Result<String> {
        let versions: Vec<dto::TemplateSummary> = self
            .list_templates()?
            .into_iter()
            .filter(|t| t.id == id)
            .collect();
        match version {
            Some(v) => match versions.iter().find(|t| t.version == v) {
                Some(t) if t.archived => Err(AppError::new(
                    ErrorCode::Conflict,
                    format!(
                        "{id} version {v} is archived, so new inspections cannot start on it;                          restore it on the Templates screen (or `keyline templates archive {id} {v} --restore`) or choose another version"
                    ),
                )),
                _ => Ok(v.to_owned()),
            },
            None => versions
                .iter()
                .rfind(|t| !t.archived)
                .map(|t| t.version.clone())
                .ok_or_else(|| {
                    AppError::new(
                        if versions.is_empty() {
                            ErrorCode::NotFound
                        } else {
                            ErrorCode::Conflict
                        },
                        if versions.is_empty() {
                            format!("there is no template {id}; see `keyline templates list`")
                        } else {
                            format!(
                                "every version of {id} is archived; restore one on the Templates screen first"
                            )
                        },
                    )
                }),
        }
    }

    fn summary_of(&self, id: &str, version: &str) -> Result<dto::TemplateSummary> {
        self.list_templates()?
            .into_iter()
            .find(|t| t.id == id && t.version == version)
            .ok_or_else(|| AppError::new(ErrorCode::Internal, "the template version vanished"))
    }

    /// What changed from one stored version to another, in words.
    pub fn compare_template_versions(
        &self,
        id: &str,
        from: &str,
        to: &str,
    ) -> Result<Vec<template::Change>> {
        let old = self.template(id, Some(from))?;
        let new = self.template(id, Some(to))?;
        Ok(template::compare_versions(&old, &new))
    }

    /// What a draft changes from the version it was copied from (nothing to compare for a
    /// new template); only once the draft reads as a template.
    pub fn compare_draft(&self, id: i64) -> Result<Vec<template::Change>> {
        let stored = self.store.draft(id)?.ok_or_else(|| not_found(id))?;
        let Some((base_id, base)) = stored.based_on.as_ref() else {
            return Ok(Vec::new());
        };
        let draft: Template = template::parse(stored.content.as_bytes()).map_err(|problems| {
            AppError::new(
                ErrorCode::InvalidTemplate,
                format!(
                    "the draft must be put right before it can be compared:\n{}",
                    crate::templates::problems_text("draft", &problems)
                ),
            )
        })?;
        let old = self.template(base_id, Some(base))?;
        Ok(template::compare_versions(&old, &draft))
    }

    /// Lands a spreadsheet (.xlsx or .csv) as a new draft to check before publishing.
    pub fn import_template_sheet(&mut self, path: &std::path::Path) -> Result<dto::TemplateDraft> {
        let (template, text) = Self::read_template_sheet(path)?;
        let based_on = self
            .versions_of(&template.id)?
            .into_iter()
            .max_by(|a, b| template::version_order(a, b));
        let stored = self.store.insert_draft(
            &template.id,
            based_on.as_deref().map(|v| (template.id.as_str(), v)),
            &text,
        )?;
        self.template_draft(stored.id)
    }
}

/// Whether a template file is a spreadsheet (.xlsx or .csv) rather than a JSON file, by its
/// name; the reader checks the bytes are what the name says.
pub fn is_template_spreadsheet(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("csv"))
}

/// A template as the pretty JSON text drafts and published versions are kept in.
fn pretty(template: &Template) -> Result<String> {
    serde_json::to_string_pretty(template)
        .map(|text| text + "\n")
        .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))
}
