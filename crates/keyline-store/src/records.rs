//! Evidence, actions, sign-off and amendment: the records that gather around an inspection.
//! Evidence and sign-off are frozen with the inspection; actions stay open to follow-up.

use rusqlite::{params, OptionalExtension};

use crate::inspections::moderation;
use crate::{sha256_hex, Change, NewInspection, Result, Store, Writer};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvidence {
    pub id: i64,
    pub inspection_id: i64,
    pub item_id: String,
    pub file_name: String,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
    pub added_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAction {
    pub inspection_id: i64,
    pub item_id: Option<String>,
    pub title: String,
    pub owner: String,
    pub due_date: Option<String>,
    /// `must-do`, `should-do`, or `None` for an action with no priority.
    pub priority: Option<String>,
    /// Regulation numbers (`12`, `20A`); a must-do names at least one.
    pub regulations: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAction {
    pub id: i64,
    pub inspection_id: i64,
    pub item_id: Option<String>,
    pub title: String,
    pub owner: String,
    pub due_date: Option<String>,
    /// `not-started`, `in-progress` or `completed`.
    pub status: String,
    pub created_at: String,
    pub updated_at: String,
    /// `must-do`, `should-do`, or `None`.
    pub priority: Option<String>,
    pub regulations: Vec<String>,
}

/// What may be edited of an action as follow-up goes on; `None` leaves it as it is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ActionEdit<'a> {
    pub title: Option<&'a str>,
    pub owner: Option<&'a str>,
    /// `Some(None)` clears the due date.
    pub due_date: Option<Option<&'a str>>,
}

/// One change of an action's status, from the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChangeRow {
    pub from: Option<String>,
    pub to: String,
    pub by: String,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSignOff {
    pub inspection_id: i64,
    pub inspector: String,
    pub reviewer: String,
    pub signed_at: String,
    pub fingerprint: String,
    /// Which way the fingerprint was computed (see `keyline_app`'s fingerprint).
    pub fingerprint_format: i64,
}

/// What a sign-off records.
#[derive(Debug, Clone, Copy)]
pub struct SealFacts<'a> {
    pub inspector: &'a str,
    pub reviewer: &'a str,
    /// `YYYY-MM-DDTHH:MM:SS.sssZ`; `None` for now. An imported record keeps its own time.
    pub signed_at: Option<&'a str>,
    pub fingerprint: &'a str,
    pub fingerprint_format: i64,
}

const EVIDENCE_COLUMNS: &str =
    "id, inspection_id, item_id, file_name, media_type, size, sha256, added_at";
const ACTION_COLUMNS: &str =
    "id, inspection_id, item_id, title, owner, due_date, status, created_at, updated_at, \
     priority, regulations";

fn evidence_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredEvidence> {
    Ok(StoredEvidence {
        id: r.get(0)?,
        inspection_id: r.get(1)?,
        item_id: r.get(2)?,
        file_name: r.get(3)?,
        media_type: r.get(4)?,
        size: r.get(5)?,
        sha256: r.get(6)?,
        added_at: r.get(7)?,
    })
}

fn action_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredAction> {
    Ok(StoredAction {
        id: r.get(0)?,
        inspection_id: r.get(1)?,
        item_id: r.get(2)?,
        title: r.get(3)?,
        owner: r.get(4)?,
        due_date: r.get(5)?,
        status: r.get(6)?,
        created_at: r.get(7)?,
        updated_at: r.get(8)?,
        priority: r.get(9)?,
        regulations: split_regulations(&r.get::<_, String>(10)?),
    })
}

/// Regulation numbers as the `regulations` column keeps them: `12,17`.
fn join_regulations(numbers: &[String]) -> String {
    numbers.join(",")
}

fn split_regulations(column: &str) -> Vec<String> {
    column
        .split(',')
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect()
}

/// An action's details as the audit trail records them.
fn action_details(w: &Writer<'_>, id: i64) -> Result<Option<String>> {
    Ok(crate::row(
        w.tx,
        concat!(
            "SELECT ",
            action_details_sql!(),
            " FROM action WHERE id = ?1"
        ),
        [id],
        |r| r.get(0),
    )
    .optional()?)
}

fn insert_evidence(
    w: &Writer<'_>,
    inspection_id: i64,
    item_id: &str,
    file_name: &str,
    media_type: &str,
    content: &[u8],
) -> Result<i64> {
    let sha = sha256_hex(content);
    crate::exec(w.tx,
        "INSERT INTO evidence (inspection_id, item_id, file_name, media_type, size, sha256, content)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![inspection_id, item_id, file_name, media_type, content.len() as i64, sha, content],
    )?;
    let id = w.tx.last_insert_rowid();
    let key = id.to_string();
    w.audit(Change {
        inspection_id: Some(inspection_id),
        entity: "evidence",
        key: &key,
        field: "sha256",
        old: None,
        new: Some(sha),
    })?;
    w.audit(Change {
        inspection_id: Some(inspection_id),
        entity: "evidence",
        key: &key,
        field: "meta",
        old: None,
        new: crate::row(
            w.tx,
            "SELECT json_array(item_id, file_name, media_type, size) FROM evidence WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?,
    })?;
    Ok(id)
}

impl Store {
    /// Stores a file as evidence for an item, with its SHA-256, in one transaction.
    pub fn add_evidence(
        &mut self,
        inspection_id: i64,
        item_id: &str,
        file_name: &str,
        media_type: &str,
        content: &[u8],
    ) -> Result<StoredEvidence> {
        let id = self.write(|w| {
            insert_evidence(w, inspection_id, item_id, file_name, media_type, content)
        })?;
        self.evidence_item(id)?.ok_or(crate::StoreError::Sqlite(
            rusqlite::Error::QueryReturnedNoRows,
        ))
    }

    pub fn evidence_item(&self, id: i64) -> Result<Option<StoredEvidence>> {
        Ok(crate::row(
            &self.conn,
            &format!("SELECT {EVIDENCE_COLUMNS} FROM evidence WHERE id = ?1"),
            [id],
            evidence_row,
        )
        .optional()?)
    }

    /// The evidence of an inspection (without the files' bytes), in the order added.
    pub fn evidence(&self, inspection_id: i64) -> Result<Vec<StoredEvidence>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {EVIDENCE_COLUMNS} FROM evidence WHERE inspection_id = ?1 ORDER BY id"
        ))?;
        let rows = stmt.query_map([inspection_id], evidence_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// One evidence file's bytes.
    pub fn evidence_content(&self, id: i64) -> Result<Option<Vec<u8>>> {
        Ok(crate::row(
            &self.conn,
            "SELECT content FROM evidence WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?)
    }

    pub fn add_action(&mut self, new: &NewAction) -> Result<StoredAction> {
        let id = self.write(|w| {
            crate::exec(
                w.tx,
                "INSERT INTO action (inspection_id, item_id, title, owner, due_date, priority,
                                     regulations)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    new.inspection_id,
                    new.item_id,
                    new.title,
                    new.owner,
                    new.due_date,
                    new.priority,
                    join_regulations(&new.regulations)
                ],
            )?;
            let id = w.tx.last_insert_rowid();
            let key = id.to_string();
            w.audit(Change {
                inspection_id: Some(new.inspection_id),
                entity: "action",
                key: &key,
                field: "details",
                old: None,
                new: action_details(w, id)?,
            })?;
            w.audit(Change {
                inspection_id: Some(new.inspection_id),
                entity: "action",
                key: &key,
                field: "status",
                old: None,
                new: Some("not-started".to_string()),
            })?;
            Ok(id)
        })?;
        self.action(id)?.ok_or(crate::StoreError::Sqlite(
            rusqlite::Error::QueryReturnedNoRows,
        ))
    }

    /// Changes an action's status, title, owner or due date (each `None` leaves it as it
    /// is); every change is recorded in the audit trail.
    pub fn update_action(
        &mut self,
        id: i64,
        status: Option<&str>,
        change: ActionEdit<'_>,
    ) -> Result<Option<StoredAction>> {
        let found = self.write(|w| {
            // Read inside the transaction: what is recorded as the old value is what was
            // there when this change was made, whoever else is writing.
            let before: Option<(i64, String)> = crate::row(
                w.tx,
                "SELECT inspection_id, status FROM action WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
            let Some((inspection_id, before_status)) = before else {
                return Ok(false);
            };
            let key = id.to_string();
            let old_details = action_details(w, id)?;
            crate::exec(
                w.tx,
                "UPDATE action SET owner = coalesce(?2, owner),
                        due_date = CASE WHEN ?3 THEN ?4 ELSE due_date END,
                        status = coalesce(?5, status),
                        title = coalesce(?6, title),
                        updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
                 WHERE id = ?1",
                params![
                    id,
                    change.owner,
                    change.due_date.is_some(),
                    change.due_date.flatten(),
                    status,
                    change.title
                ],
            )?;
            let new_details = action_details(w, id)?;
            if old_details != new_details {
                w.audit(Change {
                    inspection_id: Some(inspection_id),
                    entity: "action",
                    key: &key,
                    field: "details",
                    old: old_details,
                    new: new_details,
                })?;
            }
            if let Some(status) = status.filter(|s| *s != before_status) {
                w.audit(Change {
                    inspection_id: Some(inspection_id),
                    entity: "action",
                    key: &key,
                    field: "status",
                    old: Some(before_status.clone()),
                    new: Some(status.to_string()),
                })?;
            }
            Ok(true)
        })?;
        if !found {
            return Ok(None);
        }
        self.action(id)
    }

    /// Sets an action's priority and the regulations it cites (recorded in the audit trail
    /// as a change of its details). Refused once its inspection is signed off.
    pub fn set_action_priority(
        &mut self,
        id: i64,
        priority: Option<&str>,
        regulations: &[String],
    ) -> Result<Option<StoredAction>> {
        let found = self.write(|w| {
            let inspection_id: Option<i64> = crate::row(
                w.tx,
                "SELECT inspection_id FROM action WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
            let Some(inspection_id) = inspection_id else {
                return Ok(false);
            };
            let old_details = action_details(w, id)?;
            crate::exec(
                w.tx,
                "UPDATE action SET priority = ?2, regulations = ?3,
                        updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
                 WHERE id = ?1",
                params![id, priority, join_regulations(regulations)],
            )?;
            let new_details = action_details(w, id)?;
            if old_details != new_details {
                w.audit(Change {
                    inspection_id: Some(inspection_id),
                    entity: "action",
                    key: &id.to_string(),
                    field: "details",
                    old: old_details,
                    new: new_details,
                })?;
            }
            Ok(true)
        })?;
        if !found {
            return Ok(None);
        }
        self.action(id)
    }

    pub fn action(&self, id: i64) -> Result<Option<StoredAction>> {
        Ok(crate::row(
            &self.conn,
            &format!("SELECT {ACTION_COLUMNS} FROM action WHERE id = ?1"),
            [id],
            action_row,
        )
        .optional()?)
    }

    /// Actions of one inspection, or of all, oldest first.
    pub fn actions(&self, inspection_id: Option<i64>) -> Result<Vec<StoredAction>> {
        // One inspection's by its index (`?1 IS NULL OR ...` would read every action).
        let filter = if inspection_id.is_some() {
            "inspection_id = ?1"
        } else {
            "?1 IS NULL"
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ACTION_COLUMNS} FROM action WHERE {filter} ORDER BY id"
        ))?;
        let rows = stmt.query_map([inspection_id], action_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Status changes of an action, oldest first.
    pub fn action_history(&self, id: i64) -> Result<Vec<StatusChangeRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT old_value, new_value, actor, at FROM audit
             WHERE entity = 'action' AND entity_key = ?1 AND field = 'status' ORDER BY seq",
        )?;
        let rows = stmt.query_map([id.to_string()], |r| {
            Ok(StatusChangeRow {
                from: r.get(0)?,
                to: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                by: r.get(2)?,
                at: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Signs an inspection off; from then on the database refuses changes to it.
    pub fn sign_off(
        &mut self,
        inspection_id: i64,
        inspector: &str,
        reviewer: &str,
        fingerprint: &str,
        fingerprint_format: i64,
    ) -> Result<StoredSignOff> {
        self.seal(
            inspection_id,
            &SealFacts {
                inspector,
                reviewer,
                signed_at: None,
                fingerprint,
                fingerprint_format,
            },
            None,
        )
    }

    /// Signs an inspection off at `signed_at` (else now) and, with `signed`, keeps its signed
    /// record: the sign-off, the seal and the record are one write.
    pub fn seal(
        &mut self,
        inspection_id: i64,
        facts: &SealFacts<'_>,
        signed: Option<&crate::NewSignedRecord<'_>>,
    ) -> Result<StoredSignOff> {
        let SealFacts {
            inspector,
            reviewer,
            signed_at,
            fingerprint,
            fingerprint_format,
        } = *facts;
        self.write(|w| {
            crate::exec(w.tx,
                "INSERT INTO sign_off (inspection_id, inspector, reviewer, signed_at, fingerprint,
                                       fingerprint_format)
                 VALUES (?1, ?2, ?3, coalesce(?6, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), ?4, ?5)",
                params![inspection_id, inspector, reviewer, fingerprint, fingerprint_format, signed_at],
            )?;
            crate::exec(w.tx,
                "UPDATE inspection SET status = 'signed-off',
                        updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
                 WHERE id = ?1",
                [inspection_id],
            )?;
            let key = inspection_id.to_string();
            w.audit(Change {
                inspection_id: Some(inspection_id),
                entity: "sign-off",
                key: &key,
                field: "fingerprint",
                old: None,
                new: Some(fingerprint.to_string()),
            })?;
            w.audit(Change {
                inspection_id: Some(inspection_id),
                entity: "sign-off",
                key: &key,
                field: "names",
                old: None,
                new: w
                    .tx
                    .query_row(
                        "SELECT json_array(inspector, reviewer) FROM sign_off WHERE inspection_id = ?1",
                        [inspection_id],
                        |r| r.get(0),
                    )
                    .optional()?,
            })?;
            w.audit(Change {
                inspection_id: Some(inspection_id),
                entity: "inspection",
                key: &key,
                field: "status",
                old: Some("in-progress".to_string()),
                new: Some("signed-off".to_string()),
            })?;
            if let Some(signed) = signed {
                crate::signed::insert(w, inspection_id, signed)?;
            }
            Ok(())
        })?;
        self.sign_off_of(inspection_id)?
            .ok_or(crate::StoreError::Sqlite(
                rusqlite::Error::QueryReturnedNoRows,
            ))
    }

    pub fn sign_off_of(&self, inspection_id: i64) -> Result<Option<StoredSignOff>> {
        Ok(crate::row(
            &self.conn,
            "SELECT inspection_id, inspector, reviewer, signed_at, fingerprint,
                        fingerprint_format
                 FROM sign_off WHERE inspection_id = ?1",
            [inspection_id],
            |r| {
                Ok(StoredSignOff {
                    inspection_id: r.get(0)?,
                    inspector: r.get(1)?,
                    reviewer: r.get(2)?,
                    signed_at: r.get(3)?,
                    fingerprint: r.get(4)?,
                    fingerprint_format: r.get(5)?,
                })
            },
        )
        .optional()?)
    }

    /// Starts a correction of a signed-off inspection: a new, open inspection that names the
    /// original and starts from a copy of its answers, notes, moderated ratings and evidence.
    /// The original stays exactly as signed off.
    pub fn amend(&mut self, inspection_id: i64) -> Result<i64> {
        self.atomically(|store| store.amend_in_transaction(inspection_id))
    }

    fn amend_in_transaction(&mut self, inspection_id: i64) -> Result<i64> {
        let Some(original) = self.inspection(inspection_id)? else {
            return Err(crate::StoreError::Sqlite(
                rusqlite::Error::QueryReturnedNoRows,
            ));
        };
        let id = self.create_inspection(&NewInspection {
            template_id: original.template_id,
            template_version: original.template_version,
            service: original.service,
            site: original.site,
            trust: original.trust,
            kind: original.kind,
            date: Some(original.date),
            team: original.team,
            amends: Some(inspection_id),
        })?;
        let responses = self.responses(inspection_id)?;
        let notes = self.notes(inspection_id)?;
        let overrides = self.overrides(inspection_id)?;
        let evidence = self.evidence(inspection_id)?;
        let mut files = Vec::with_capacity(evidence.len());
        for e in &evidence {
            files.push(self.evidence_content(e.id)?.unwrap_or_default());
        }
        self.write(|w| {
            for r in &responses {
                crate::exec(
                    w.tx,
                    "INSERT INTO response (inspection_id, item_id, answer) VALUES (?1, ?2, ?3)",
                    params![id, r.item_id, r.answer_json],
                )?;
                w.audit(Change {
                    inspection_id: Some(id),
                    entity: "response",
                    key: &r.item_id,
                    field: "answer",
                    old: None,
                    new: Some(r.answer_json.clone()),
                })?;
            }
            for n in &notes {
                crate::exec(
                    w.tx,
                    "INSERT INTO note (inspection_id, item_id, text) VALUES (?1, ?2, ?3)",
                    params![id, n.item_id, n.text],
                )?;
                w.audit(Change {
                    inspection_id: Some(id),
                    entity: "note",
                    key: &n.item_id,
                    field: "text",
                    old: None,
                    new: Some(n.text.clone()),
                })?;
            }
            for o in &overrides {
                crate::exec(w.tx,
                    "INSERT INTO section_override (inspection_id, section_id, rating, justification)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![id, o.section_id, o.rating, o.justification],
                )?;
                w.audit(Change {
                    inspection_id: Some(id),
                    entity: "override",
                    key: &o.section_id,
                    field: "moderation",
                    old: None,
                    new: moderation(w, id, &o.section_id)?,
                })?;
            }
            for (e, content) in evidence.iter().zip(&files) {
                insert_evidence(w, id, &e.item_id, &e.file_name, &e.media_type, content)?;
            }
            Ok(())
        })?;
        Ok(id)
    }
}

/// An inspection arriving whole (imported from another database), with every row it holds.
#[derive(Debug, Clone)]
pub struct ArrivingInspection<'a> {
    pub inspection: NewInspection,
    pub uid: &'a str,
    /// (item, answer JSON).
    pub responses: Vec<(&'a str, String)>,
    /// (item, text).
    pub notes: Vec<(&'a str, &'a str)>,
    /// (section, rating, justification).
    pub overrides: Vec<(&'a str, &'a str, &'a str)>,
    /// (item, file name, media type, bytes).
    pub evidence: Vec<(&'a str, &'a str, &'a str, &'a [u8])>,
    /// The actions as they stood, with their status.
    pub actions: Vec<(NewAction, &'a str)>,
}

impl Store {
    /// Writes an arriving inspection (a signed record imported from another database) and
    /// all its rows in one write. Its rows are vouched for by the record's signature, not by
    /// this database's trail: the trail records the arrival once (entity `inspection`, field
    /// `arrived`, the global id), and `audit verify` checks such an inspection by re-reading
    /// its record from the rows and comparing it with the signed bytes.
    pub fn insert_arriving(&mut self, a: &ArrivingInspection<'_>) -> Result<i64> {
        self.write(|w| {
            let n = &a.inspection;
            crate::exec(
                w.tx,
                "INSERT INTO inspection (template_id, template_version, service, site, trust, kind,
                                         inspection_date, team, amends, uid)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    n.template_id,
                    n.template_version,
                    n.service,
                    n.site,
                    n.trust,
                    n.kind,
                    n.date,
                    n.team,
                    n.amends,
                    a.uid
                ],
            )?;
            let id = w.tx.last_insert_rowid();
            for (item, answer) in &a.responses {
                crate::exec(
                    w.tx,
                    "INSERT INTO response (inspection_id, item_id, answer) VALUES (?1, ?2, ?3)",
                    params![id, item, answer],
                )?;
            }
            for (item, text) in &a.notes {
                crate::exec(
                    w.tx,
                    "INSERT INTO note (inspection_id, item_id, text) VALUES (?1, ?2, ?3)",
                    params![id, item, text],
                )?;
            }
            for (section, rating, justification) in &a.overrides {
                crate::exec(
                    w.tx,
                    "INSERT INTO section_override (inspection_id, section_id, rating, justification)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![id, section, rating, justification],
                )?;
            }
            for (item, name, media_type, bytes) in &a.evidence {
                crate::exec(
                    w.tx,
                    "INSERT INTO evidence (inspection_id, item_id, file_name, media_type, size, sha256, content)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![id, item, name, media_type, bytes.len() as i64, sha256_hex(bytes), bytes],
                )?;
            }
            for (action, status) in &a.actions {
                crate::exec(
                    w.tx,
                    "INSERT INTO action (inspection_id, item_id, title, owner, due_date, status,
                                         priority, regulations)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![
                        id,
                        action.item_id,
                        action.title,
                        action.owner,
                        action.due_date,
                        status,
                        action.priority,
                        join_regulations(&action.regulations)
                    ],
                )?;
            }
            w.audit(Change {
                inspection_id: Some(id),
                entity: "inspection",
                key: &id.to_string(),
                field: "arrived",
                old: None,
                new: Some(a.uid.to_string()),
            })?;
            Ok(id)
        })
    }
}

/// What removing something takes out of the audit trail's view: every value the trail
/// follows for it (one entity's row, given `what`, or the whole inspection) gets an entry
/// whose new value is none, so a later `audit verify` expects it gone, and the history of
/// what it was stays in the trail.
fn audit_removal(w: &Writer<'_>, inspection_id: i64, what: Option<(&str, &str)>) -> Result<()> {
    let entity = what.map(|(entity, _)| entity);
    for ((_, e, k, field), value) in crate::audit::followed_values(w.tx, inspection_id, entity)? {
        if what.is_some_and(|(_, key)| key != k) {
            continue;
        }
        w.audit(Change {
            inspection_id: Some(inspection_id),
            entity: &e,
            key: &k,
            field: &field,
            old: Some(value),
            new: None,
        })?;
    }
    Ok(())
}

impl Store {
    /// Removes one evidence file from an inspection that is not signed off (the database
    /// refuses it once it is), recording the removal in the audit trail. `None` when there
    /// is no such evidence.
    pub fn remove_evidence(&mut self, id: i64) -> Result<Option<StoredEvidence>> {
        let Some(found) = self.evidence_item(id)? else {
            return Ok(None);
        };
        self.write(|w| {
            audit_removal(w, found.inspection_id, Some(("evidence", &id.to_string())))?;
            crate::exec(w.tx, "DELETE FROM evidence WHERE id = ?1", [id])?;
            Ok(())
        })?;
        Ok(Some(found))
    }

    /// Deletes an action of an inspection that is not signed off (the database refuses it
    /// once it is: it is then part of the signed record), recording it in the audit trail.
    pub fn delete_action(&mut self, id: i64) -> Result<Option<StoredAction>> {
        let Some(found) = self.action(id)? else {
            return Ok(None);
        };
        self.write(|w| {
            audit_removal(w, found.inspection_id, Some(("action", &id.to_string())))?;
            crate::exec(w.tx, "DELETE FROM action WHERE id = ?1", [id])?;
            Ok(())
        })?;
        Ok(Some(found))
    }

    /// Deletes an inspection that is not signed off, with everything it holds (answers,
    /// notes, moderations, evidence and actions), in one write. The audit trail keeps its
    /// history and gains an entry for each value removed, so `audit verify` still passes
    /// and shows who deleted it and when. A signed-off inspection is refused by the
    /// database; amend it instead.
    pub fn delete_inspection(&mut self, id: i64) -> Result<Option<crate::StoredInspection>> {
        let Some(found) = self.inspection(id)? else {
            return Ok(None);
        };
        if found.status == "signed-off" {
            return Err(crate::StoreError::SignedOff);
        }
        self.write(|w| {
            audit_removal(w, id, None)?;
            for sql in [
                "DELETE FROM evidence WHERE inspection_id = ?1",
                "DELETE FROM action WHERE inspection_id = ?1",
                "DELETE FROM response WHERE inspection_id = ?1",
                "DELETE FROM note WHERE inspection_id = ?1",
                "DELETE FROM section_override WHERE inspection_id = ?1",
                "DELETE FROM inspection WHERE id = ?1",
            ] {
                crate::exec(w.tx, sql, [id])?;
            }
            Ok(())
        })?;
        Ok(Some(found))
    }
}
