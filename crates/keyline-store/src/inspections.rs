//! Inspections and everything recorded in them. Each write is one transaction, committed
//! before the call returns: nothing an inspector gives is held only in memory.

use rusqlite::{params, OptionalExtension};

use crate::{Result, Store};

/// The facts recorded about an inspection when it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInspection {
    pub template_id: String,
    pub template_version: String,
    pub service: String,
    pub site: String,
    pub trust: String,
    /// `mock`, `self-assessment` or `peer-review`.
    pub kind: String,
    /// `YYYY-MM-DD`; today when `None`.
    pub date: Option<String>,
    pub team: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredInspection {
    pub id: i64,
    pub template_id: String,
    pub template_version: String,
    pub service: String,
    pub site: String,
    pub trust: String,
    pub kind: String,
    pub date: String,
    pub team: String,
    pub created_at: String,
    pub updated_at: String,
}

/// A stored answer: the item and the answer's JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    pub item_id: String,
    pub answer_json: String,
    pub answered_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredNote {
    pub item_id: String,
    pub text: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredOverride {
    pub section_id: String,
    pub rating: String,
    pub justification: String,
}

const COLUMNS: &str = "id, template_id, template_version, service, site, trust, kind, \
                       inspection_date, team, created_at, updated_at";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredInspection> {
    Ok(StoredInspection {
        id: r.get(0)?,
        template_id: r.get(1)?,
        template_version: r.get(2)?,
        service: r.get(3)?,
        site: r.get(4)?,
        trust: r.get(5)?,
        kind: r.get(6)?,
        date: r.get(7)?,
        team: r.get(8)?,
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
    })
}

fn touch(tx: &rusqlite::Transaction<'_>, inspection_id: i64) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE inspection SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1",
        [inspection_id],
    )?;
    Ok(())
}

fn upsert_response(
    tx: &rusqlite::Transaction<'_>,
    inspection_id: i64,
    item_id: &str,
    answer_json: &str,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO response (inspection_id, item_id, answer) VALUES (?1, ?2, ?3)
         ON CONFLICT (inspection_id, item_id) DO UPDATE
         SET answer = excluded.answer, answered_at = excluded.answered_at",
        params![inspection_id, item_id, answer_json],
    )?;
    Ok(())
}

fn upsert_note(
    tx: &rusqlite::Transaction<'_>,
    inspection_id: i64,
    item_id: &str,
    text: &str,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO note (inspection_id, item_id, text) VALUES (?1, ?2, ?3)
         ON CONFLICT (inspection_id, item_id) DO UPDATE
         SET text = excluded.text, updated_at = excluded.updated_at",
        params![inspection_id, item_id, text],
    )?;
    Ok(())
}

impl Store {
    pub fn create_inspection(&mut self, new: &NewInspection) -> Result<i64> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO inspection (template_id, template_version, service, site, trust, kind,
                                     inspection_date, team)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, coalesce(?7, date('now')), ?8)",
            params![
                new.template_id,
                new.template_version,
                new.service,
                new.site,
                new.trust,
                new.kind,
                new.date,
                new.team
            ],
        )?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(id)
    }

    pub fn inspection(&self, id: i64) -> Result<Option<StoredInspection>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM inspection WHERE id = ?1"),
                [id],
                from_row,
            )
            .optional()?)
    }

    /// Every inspection, most recently changed first.
    pub fn list_inspections(&self) -> Result<Vec<StoredInspection>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM inspection ORDER BY updated_at DESC, id DESC"
        ))?;
        let rows = stmt.query_map([], from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Records (or replaces) one item's answer, in its own transaction.
    pub fn save_response(
        &mut self,
        inspection_id: i64,
        item_id: &str,
        answer_json: &str,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        upsert_response(&tx, inspection_id, item_id, answer_json)?;
        touch(&tx, inspection_id)?;
        tx.commit()?;
        Ok(())
    }

    /// Removes one item's answer (the item becomes unanswered).
    pub fn clear_response(&mut self, inspection_id: i64, item_id: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "DELETE FROM response WHERE inspection_id = ?1 AND item_id = ?2",
            params![inspection_id, item_id],
        )?;
        touch(&tx, inspection_id)?;
        tx.commit()?;
        Ok(())
    }

    pub fn responses(&self, inspection_id: i64) -> Result<Vec<StoredResponse>> {
        let mut stmt = self.conn.prepare(
            "SELECT item_id, answer, answered_at FROM response WHERE inspection_id = ?1
             ORDER BY answered_at, item_id",
        )?;
        let rows = stmt.query_map([inspection_id], |r| {
            Ok(StoredResponse {
                item_id: r.get(0)?,
                answer_json: r.get(1)?,
                answered_at: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Sets one item's note; an empty text removes it.
    pub fn save_note(&mut self, inspection_id: i64, item_id: &str, text: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        if text.trim().is_empty() {
            tx.execute(
                "DELETE FROM note WHERE inspection_id = ?1 AND item_id = ?2",
                params![inspection_id, item_id],
            )?;
        } else {
            upsert_note(&tx, inspection_id, item_id, text)?;
        }
        touch(&tx, inspection_id)?;
        tx.commit()?;
        Ok(())
    }

    /// Answer and note together, atomically (the CLI's `answer --note`).
    pub fn save_response_and_note(
        &mut self,
        inspection_id: i64,
        item_id: &str,
        answer_json: &str,
        note: &str,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        upsert_response(&tx, inspection_id, item_id, answer_json)?;
        upsert_note(&tx, inspection_id, item_id, note)?;
        touch(&tx, inspection_id)?;
        tx.commit()?;
        Ok(())
    }

    pub fn notes(&self, inspection_id: i64) -> Result<Vec<StoredNote>> {
        let mut stmt = self.conn.prepare(
            "SELECT item_id, text, updated_at FROM note WHERE inspection_id = ?1 ORDER BY item_id",
        )?;
        let rows = stmt.query_map([inspection_id], |r| {
            Ok(StoredNote {
                item_id: r.get(0)?,
                text: r.get(1)?,
                updated_at: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Sets a section's moderated rating; `None` removes the override.
    pub fn save_override(
        &mut self,
        inspection_id: i64,
        section_id: &str,
        rating_and_justification: Option<(&str, &str)>,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        match rating_and_justification {
            Some((rating, justification)) => tx.execute(
                "INSERT INTO section_override (inspection_id, section_id, rating, justification)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (inspection_id, section_id) DO UPDATE
                 SET rating = excluded.rating, justification = excluded.justification,
                     created_at = excluded.created_at",
                params![inspection_id, section_id, rating, justification],
            )?,
            None => tx.execute(
                "DELETE FROM section_override WHERE inspection_id = ?1 AND section_id = ?2",
                params![inspection_id, section_id],
            )?,
        };
        touch(&tx, inspection_id)?;
        tx.commit()?;
        Ok(())
    }

    pub fn overrides(&self, inspection_id: i64) -> Result<Vec<StoredOverride>> {
        let mut stmt = self.conn.prepare(
            "SELECT section_id, rating, justification FROM section_override
             WHERE inspection_id = ?1 ORDER BY section_id",
        )?;
        let rows = stmt.query_map([inspection_id], |r| {
            Ok(StoredOverride {
                section_id: r.get(0)?,
                rating: r.get(1)?,
                justification: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
