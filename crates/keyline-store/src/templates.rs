//! Stored templates. A template is kept as the exact text it was imported from; the same id
//! and version may never hold two different texts.

use rusqlite::{params, OptionalExtension};

use crate::{sha256_hex, Change, Result, Store};

/// A template as held in the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTemplate {
    pub id: String,
    pub version: String,
    pub title: String,
    pub description: String,
    /// The file's JSON text, byte for byte as imported.
    pub content: String,
    pub sha256: String,
    pub shipped: bool,
    pub imported_at: String,
}

/// What happened when a template was offered to the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateInsert {
    Added,
    /// The same id, version and content were already there.
    AlreadyPresent,
    /// The same id and version are there with different content (its SHA-256 given).
    Conflict {
        existing_sha256: String,
    },
}

const COLUMNS: &str = "id, version, title, description, content, sha256, shipped, imported_at";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredTemplate> {
    Ok(StoredTemplate {
        id: r.get(0)?,
        version: r.get(1)?,
        title: r.get(2)?,
        description: r.get(3)?,
        content: r.get(4)?,
        sha256: r.get(5)?,
        shipped: r.get(6)?,
        imported_at: r.get(7)?,
    })
}

impl Store {
    /// Adds a template unless its id and version are already present; never replaces one.
    pub fn insert_template(
        &mut self,
        template: &keyline_core::template::Template,
        content: &str,
        shipped: bool,
    ) -> Result<TemplateInsert> {
        let sha = sha256_hex(content.as_bytes());
        self.write(|w| {
            let existing: Option<String> = w
                .tx
                .query_row(
                    "SELECT sha256 FROM template WHERE id = ?1 AND version = ?2",
                    params![template.id, template.version],
                    |r| r.get(0),
                )
                .optional()?;
            Ok(match existing {
                Some(existing_sha256) if existing_sha256 == sha => TemplateInsert::AlreadyPresent,
                Some(existing_sha256) => TemplateInsert::Conflict { existing_sha256 },
                None => {
                    crate::exec(w.tx,
                        "INSERT INTO template (id, version, title, description, content, sha256, shipped)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        params![
                            template.id,
                            template.version,
                            template.title,
                            template.description,
                            content,
                            sha,
                            shipped
                        ],
                    )?;
                    w.audit(Change {
                        inspection_id: None,
                        entity: "template",
                        key: &format!("{} {}", template.id, template.version),
                        field: "sha256",
                        old: None,
                        new: Some(sha.clone()),
                    })?;
                    TemplateInsert::Added
                }
            })
        })
    }

    /// Whether a version `version` of template `id` is stored (whatever its text). Answered
    /// from the primary key's index alone, without reading any template's text.
    pub fn has_template_version(&self, id: &str, version: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM template WHERE id = ?1 AND version = ?2")?
            .exists([id, version])?)
    }

    /// Every stored template version, ordered by id then version (newest version last).
    pub fn list_templates(&self) -> Result<Vec<StoredTemplate>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM template ORDER BY id, imported_at, rowid"
        ))?;
        let mut rows = stmt
            .query_map([], from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.sort_by(|a, b| {
            a.id.cmp(&b.id)
                .then_with(|| version_order(&a.version, &b.version))
        });
        Ok(rows)
    }

    /// One template version, or the newest version of `id` when `version` is `None`.
    pub fn template(&self, id: &str, version: Option<&str>) -> Result<Option<StoredTemplate>> {
        match version {
            Some(v) => Ok(crate::row(
                &self.conn,
                &format!("SELECT {COLUMNS} FROM template WHERE id = ?1 AND version = ?2"),
                params![id, v],
                from_row,
            )
            .optional()?),
            None => Ok(self.list_templates()?.into_iter().rfind(|t| t.id == id)),
        }
    }
}

/// Orders dotted versions numerically where they are numbers ("1.10" after "1.9"): the
/// core's order, so the store and the editor agree on which version is newest.
pub use keyline_core::template::version_order;
