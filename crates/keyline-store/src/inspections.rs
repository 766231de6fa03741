//! Inspections and everything recorded in them. Each write is one transaction, committed
//! before the call returns: nothing an inspector gives is held only in memory.

use rusqlite::{params, OptionalExtension};

use crate::{Change, Result, Store, Writer};

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
    /// The signed-off inspection this one corrects.
    pub amends: Option<i64>,
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
    /// `in-progress` or `signed-off`.
    pub status: String,
    /// The signed-off inspection this one corrects, if any.
    pub amends: Option<i64>,
    /// Its globally unique id (a UUID v7), the same in every database that holds it.
    pub uid: String,
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
    /// When the moderation was made (or last changed).
    pub created_at: String,
}

const COLUMNS: &str = "id, template_id, template_version, service, site, trust, kind, \
                       inspection_date, team, created_at, updated_at, status, amends, uid";

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
        status: r.get(11)?,
        amends: r.get(12)?,
        uid: r.get(13)?,
    })
}

/// Inserts an inspection under `uid`, with its audit entries.
pub(crate) fn insert_inspection(w: &Writer<'_>, new: &NewInspection, uid: &str) -> Result<i64> {
    let uid = uid.to_string();
    crate::exec(
        w.tx,
        "INSERT INTO inspection (template_id, template_version, service, site, trust, kind,
                                     inspection_date, team, amends, uid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, coalesce(?7, date('now')), ?8, ?9, ?10)",
        params![
            new.template_id,
            new.template_version,
            new.service,
            new.site,
            new.trust,
            new.kind,
            new.date,
            new.team,
            new.amends,
            uid
        ],
    )?;
    let id = w.tx.last_insert_rowid();
    let key = id.to_string();
    w.audit(Change {
        inspection_id: Some(id),
        entity: "inspection",
        key: &key,
        field: "uid",
        old: None,
        new: Some(uid.clone()),
    })?;
    w.audit(Change {
        inspection_id: Some(id),
        entity: "inspection",
        key: &key,
        field: "facts",
        old: None,
        new: facts(w, id)?,
    })?;
    w.audit(Change {
        inspection_id: Some(id),
        entity: "inspection",
        key: &key,
        field: "status",
        old: None,
        new: Some("in-progress".to_string()),
    })?;
    Ok(id)
}

fn touch(w: &Writer<'_>, inspection_id: i64) -> Result<()> {
    crate::exec(
        w.tx,
        "UPDATE inspection SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1",
        [inspection_id],
    )?;
    Ok(())
}

/// The facts of an inspection as the audit trail records them.
fn facts(w: &Writer<'_>, inspection_id: i64) -> Result<Option<String>> {
    Ok(crate::row(
        w.tx,
        "SELECT json_array(template_id, template_version, service, site, trust, kind,
                               inspection_date, team) FROM inspection WHERE id = ?1",
        [inspection_id],
        |r| r.get(0),
    )
    .optional()?)
}

/// A value kept per item of an inspection: an answer or a note.
struct PerItem {
    table: &'static str,
    column: &'static str,
    /// The table's "when" column, refreshed on every change.
    stamp: &'static str,
    /// How the audit trail names it.
    entity: &'static str,
}

const ANSWER: PerItem = PerItem {
    table: "response",
    column: "answer",
    stamp: "answered_at",
    entity: "response",
};

const NOTE: PerItem = PerItem {
    table: "note",
    column: "text",
    stamp: "updated_at",
    entity: "note",
};

/// Sets (or with `None` removes) one item's value, auditing the change; no change, no entry.
fn set_per_item(
    w: &Writer<'_>,
    what: &PerItem,
    inspection_id: i64,
    item_id: &str,
    value: Option<&str>,
) -> Result<()> {
    let PerItem {
        table,
        column,
        stamp,
        entity,
    } = what;
    let old: Option<String> = crate::row(
        w.tx,
        &format!("SELECT {column} FROM {table} WHERE inspection_id = ?1 AND item_id = ?2"),
        params![inspection_id, item_id],
        |r| r.get(0),
    )
    .optional()?;
    if old.as_deref() == value {
        return Ok(());
    }
    match value {
        Some(v) => crate::exec(
            w.tx,
            &format!(
                "INSERT INTO {table} (inspection_id, item_id, {column}) VALUES (?1, ?2, ?3)
                 ON CONFLICT (inspection_id, item_id) DO UPDATE
                 SET {column} = excluded.{column}, {stamp} = excluded.{stamp}"
            ),
            params![inspection_id, item_id, v],
        )?,
        None => crate::exec(
            w.tx,
            &format!("DELETE FROM {table} WHERE inspection_id = ?1 AND item_id = ?2"),
            params![inspection_id, item_id],
        )?,
    };
    w.audit(Change {
        inspection_id: Some(inspection_id),
        entity,
        key: item_id,
        field: column,
        old,
        new: value.map(str::to_string),
    })?;
    touch(w, inspection_id)
}

fn set_response(
    w: &Writer<'_>,
    inspection_id: i64,
    item_id: &str,
    answer_json: Option<&str>,
) -> Result<()> {
    set_per_item(w, &ANSWER, inspection_id, item_id, answer_json)
}

/// An empty or blank note removes it.
fn set_note(w: &Writer<'_>, inspection_id: i64, item_id: &str, text: &str) -> Result<()> {
    let text = Some(text).filter(|t| !t.trim().is_empty());
    set_per_item(w, &NOTE, inspection_id, item_id, text)
}

pub(crate) fn moderation(
    w: &Writer<'_>,
    inspection_id: i64,
    section_id: &str,
) -> Result<Option<String>> {
    Ok(crate::row(
        w.tx,
        "SELECT json_array(rating, justification) FROM section_override
             WHERE inspection_id = ?1 AND section_id = ?2",
        params![inspection_id, section_id],
        |r| r.get(0),
    )
    .optional()?)
}

impl Store {
    pub fn create_inspection(&mut self, new: &NewInspection) -> Result<i64> {
        self.create_inspection_with_uid(new, &uuid::Uuid::now_v7().to_string())
    }

    /// Creates an inspection under a global id it already has (a record imported from
    /// another database keeps its id).
    pub fn create_inspection_with_uid(&mut self, new: &NewInspection, uid: &str) -> Result<i64> {
        self.write(|w| insert_inspection(w, new, uid))
    }

    /// The inspection with this global id, if this database holds it.
    pub fn inspection_by_uid(&self, uid: &str) -> Result<Option<StoredInspection>> {
        Ok(crate::row(
            &self.conn,
            &format!("SELECT {COLUMNS} FROM inspection WHERE uid = ?1"),
            [uid],
            from_row,
        )
        .optional()?)
    }

    pub fn inspection(&self, id: i64) -> Result<Option<StoredInspection>> {
        Ok(crate::row(
            &self.conn,
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
        self.write(|w| set_response(w, inspection_id, item_id, Some(answer_json)))
    }

    /// Removes one item's answer (the item becomes unanswered).
    pub fn clear_response(&mut self, inspection_id: i64, item_id: &str) -> Result<()> {
        self.write(|w| set_response(w, inspection_id, item_id, None))
    }

    /// Sets one item's note; an empty text removes it.
    pub fn save_note(&mut self, inspection_id: i64, item_id: &str, text: &str) -> Result<()> {
        self.write(|w| set_note(w, inspection_id, item_id, text))
    }

    /// Answer and note together, atomically (the CLI's `answer --note`).
    pub fn save_response_and_note(
        &mut self,
        inspection_id: i64,
        item_id: &str,
        answer_json: &str,
        note: &str,
    ) -> Result<()> {
        self.write(|w| {
            set_response(w, inspection_id, item_id, Some(answer_json))?;
            set_note(w, inspection_id, item_id, note)
        })
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

    /// The answers of many inspections in one read (the board compares thousands of pairs),
    /// each inspection's in the order [`Store::responses`] gives.
    pub fn responses_of(
        &self,
        inspection_ids: &[i64],
    ) -> Result<std::collections::HashMap<i64, Vec<StoredResponse>>> {
        let ids = serde_json::to_string(inspection_ids).unwrap_or_else(|_| "[]".to_owned());
        let mut stmt = self.conn.prepare_cached(
            "SELECT inspection_id, item_id, answer, answered_at FROM response
             WHERE inspection_id IN (SELECT value FROM json_each(?1))
             ORDER BY inspection_id, answered_at, item_id",
        )?;
        let mut found: std::collections::HashMap<i64, Vec<StoredResponse>> =
            std::collections::HashMap::new();
        let mut rows = stmt.query([ids])?;
        while let Some(r) = rows.next()? {
            found.entry(r.get(0)?).or_default().push(StoredResponse {
                item_id: r.get(1)?,
                answer_json: r.get(2)?,
                answered_at: r.get(3)?,
            });
        }
        Ok(found)
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
        self.write(|w| {
            let old = moderation(w, inspection_id, section_id)?;
            match rating_and_justification {
                Some((rating, justification)) => crate::exec(w.tx,
                    "INSERT INTO section_override (inspection_id, section_id, rating, justification)
                     VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (inspection_id, section_id) DO UPDATE
                     SET rating = excluded.rating, justification = excluded.justification,
                         created_at = excluded.created_at",
                    params![inspection_id, section_id, rating, justification],
                )?,
                None => crate::exec(w.tx,
                    "DELETE FROM section_override WHERE inspection_id = ?1 AND section_id = ?2",
                    params![inspection_id, section_id],
                )?,
            };
            let new = moderation(w, inspection_id, section_id)?;
            if old != new {
                w.audit(Change {
                    inspection_id: Some(inspection_id),
                    entity: "override",
                    key: section_id,
                    field: "moderation",
                    old,
                    new,
                })?;
                touch(w, inspection_id)?;
            }
            Ok(())
        })
    }

    pub fn overrides(&self, inspection_id: i64) -> Result<Vec<StoredOverride>> {
        let mut stmt = self.conn.prepare(
            "SELECT section_id, rating, justification, created_at FROM section_override
             WHERE inspection_id = ?1 ORDER BY section_id",
        )?;
        let rows = stmt.query_map([inspection_id], |r| {
            Ok(StoredOverride {
                section_id: r.get(0)?,
                rating: r.get(1)?,
                justification: r.get(2)?,
                created_at: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
