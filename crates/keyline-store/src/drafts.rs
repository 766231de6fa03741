//! Template drafts and archived versions: the template editor's working state. A draft is not
//! a record (nothing is scored against it) so it is saved as typed and not followed by the
//! audit trail; publishing one adds a template version, which the trail follows.

use rusqlite::{params, OptionalExtension};

use crate::{Result, Store};

/// A template being written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDraft {
    pub id: i64,
    /// The id inside the draft when it was last saved.
    pub template_id: String,
    /// The template id and version it was copied from, if any.
    pub based_on: Option<(String, String)>,
    /// The draft as JSON text; it may not yet be a valid template.
    pub content: String,
    pub created_at: String,
    pub updated_at: String,
}

/// How many inspections follow one template version, and whether it is archived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateUse {
    pub template_id: String,
    pub version: String,
    pub inspections: i64,
    pub archived: bool,
}

const COLUMNS: &str = "id, template_id, based_on_id, based_on, content, created_at, updated_at";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredDraft> {
    Ok(StoredDraft {
        id: r.get(0)?,
        template_id: r.get(1)?,
        based_on: match (
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
        ) {
            (Some(id), Some(version)) => Some((id, version)),
            _ => None,
        },
        content: r.get(4)?,
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
    })
}

impl Store {
    /// Starts a draft; returns it as stored.
    pub fn insert_draft(
        &mut self,
        template_id: &str,
        based_on: Option<(&str, &str)>,
        content: &str,
    ) -> Result<StoredDraft> {
        self.write(|w| {
            crate::exec(
                w.tx,
                "INSERT INTO template_draft (template_id, based_on_id, based_on, content)
                 VALUES (?1, ?2, ?3, ?4)",
                params![
                    template_id,
                    based_on.map(|b| b.0),
                    based_on.map(|b| b.1),
                    content
                ],
            )?;
            let id = w.tx.last_insert_rowid();
            Ok(crate::row(
                w.tx,
                &format!("SELECT {COLUMNS} FROM template_draft WHERE id = ?1"),
                [id],
                from_row,
            )?)
        })
    }

    /// Saves a draft's content as typed; `None` when there is no such draft.
    pub fn save_draft(
        &mut self,
        id: i64,
        template_id: &str,
        content: &str,
    ) -> Result<Option<StoredDraft>> {
        self.write(|w| {
            let changed = crate::exec(
                w.tx,
                "UPDATE template_draft
                 SET template_id = ?2, content = ?3,
                     updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
                 WHERE id = ?1",
                params![id, template_id, content],
            )?;
            if changed == 0 {
                return Ok(None);
            }
            Ok(Some(crate::row(
                w.tx,
                &format!("SELECT {COLUMNS} FROM template_draft WHERE id = ?1"),
                [id],
                from_row,
            )?))
        })
    }

    pub fn draft(&self, id: i64) -> Result<Option<StoredDraft>> {
        Ok(crate::row(
            &self.conn,
            &format!("SELECT {COLUMNS} FROM template_draft WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?)
    }

    /// Every draft, most recently saved first.
    pub fn drafts(&self) -> Result<Vec<StoredDraft>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM template_draft ORDER BY updated_at DESC, id DESC"
        ))?;
        let rows = stmt
            .query_map([], from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Removes a draft; `false` when there was none.
    pub fn delete_draft(&mut self, id: i64) -> Result<bool> {
        self.write(|w| Ok(crate::exec(w.tx, "DELETE FROM template_draft WHERE id = ?1", [id])? > 0))
    }

    /// Archives (hides from new inspections) or restores a stored template version; `false`
    /// when it was already so.
    pub fn set_archived(
        &mut self,
        template_id: &str,
        version: &str,
        archived: bool,
    ) -> Result<bool> {
        self.write(|w| {
            let changed = if archived {
                crate::exec(
                    w.tx,
                    "INSERT OR IGNORE INTO template_archive (template_id, version) VALUES (?1, ?2)",
                    params![template_id, version],
                )?
            } else {
                crate::exec(
                    w.tx,
                    "DELETE FROM template_archive WHERE template_id = ?1 AND version = ?2",
                    params![template_id, version],
                )?
            };
            Ok(changed > 0)
        })
    }

    /// For every stored template version: how many inspections follow it, and whether it is
    /// archived.
    pub fn template_use(&self) -> Result<Vec<TemplateUse>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.id, t.version,
                    (SELECT count(*) FROM inspection i
                     WHERE i.template_id = t.id AND i.template_version = t.version),
                    EXISTS (SELECT 1 FROM template_archive a
                            WHERE a.template_id = t.id AND a.version = t.version)
             FROM template t",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(TemplateUse {
                    template_id: r.get(0)?,
                    version: r.get(1)?,
                    inspections: r.get(2)?,
                    archived: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
