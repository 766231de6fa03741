//! The audit trail: every change appended in the same transaction as the change itself,
//! each entry carrying the SHA-256 of the one before, so that editing or removing history
//! breaks the chain. `verify` also replays the trail against the data, so an edit made to
//! the data behind Keyline's back (with no entry) shows too.

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension};

use crate::{sha256_hex, Result, Store};

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One change to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change<'a> {
    pub inspection_id: Option<i64>,
    /// `inspection`, `response`, `note`, `override`, `evidence`, `action`, `sign-off`.
    pub entity: &'a str,
    /// Which one: an item id, a section id, an evidence or action id.
    pub key: &'a str,
    pub field: &'a str,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// One stored audit entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub seq: i64,
    pub inspection_id: Option<i64>,
    pub entity: String,
    pub key: String,
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub actor: String,
    pub at: String,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditEntry {
    fn expected_hash(&self) -> String {
        let fields = serde_json::json!([
            self.seq,
            self.prev_hash,
            self.inspection_id,
            self.entity,
            self.key,
            self.field,
            self.old,
            self.new,
            self.actor,
            self.at
        ]);
        sha256_hex(fields.to_string().as_bytes())
    }
}

/// The trail's last entry as one write knows it: (sequence number, hash, the write's time).
pub(crate) type Tail = (i64, String, String);

/// Appends `change` to the trail inside `tx`. `tail` carries the last entry from one
/// append to the next within one write, so a write of many rows reads it only once; every
/// entry of one write gets that write's time.
pub(crate) fn append(
    tx: &Connection,
    actor: &str,
    change: Change<'_>,
    tail: &std::cell::RefCell<Option<Tail>>,
) -> Result<()> {
    let known = tail.borrow().clone();
    let (seq, prev_hash, at) = match known {
        Some((seq, hash, at)) => (seq + 1, hash, at),
        None => {
            let last: Option<(i64, String)> = crate::row(
                tx,
                "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
            let at: String = crate::row(
                tx,
                "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
                [],
                |r| r.get(0),
            )?;
            match last {
                Some((seq, hash)) => (seq + 1, hash, at),
                None => (1, GENESIS.to_string(), at),
            }
        }
    };
    let mut entry = AuditEntry {
        seq,
        inspection_id: change.inspection_id,
        entity: change.entity.to_string(),
        key: change.key.to_string(),
        field: change.field.to_string(),
        old: change.old,
        new: change.new,
        actor: actor.to_string(),
        at,
        prev_hash,
        hash: String::new(),
    };
    entry.hash = entry.expected_hash();
    *tail.borrow_mut() = Some((entry.seq, entry.hash.clone(), entry.at.clone()));
    crate::exec(
        tx,
        "INSERT INTO audit (seq, inspection_id, entity, entity_key, field, old_value, new_value,
                            actor, at, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            entry.seq,
            entry.inspection_id,
            entry.entity,
            entry.key,
            entry.field,
            entry.old,
            entry.new,
            entry.actor,
            entry.at,
            entry.prev_hash,
            entry.hash
        ],
    )?;
    Ok(())
}

/// What the trail follows that a schema version added: on upgrading from before it, the
/// values as they stand become the trail's starting point.
const FOLLOWED_SINCE: [(&str, &str, i64); 5] = [
    ("inspection", "arrived", 6),
    ("template", "sha256", 4),
    ("evidence", "meta", 4),
    ("inspection", "uid", 5),
    ("signed-record", "signed", 6),
];

/// The schema version that introduced the audit trail.
const AUDIT_SCHEMA: i64 = 3;

/// Records the data as it stands as the trail's starting point, on upgrading a database
/// from schema version `found`: everything, when it had no trail yet; otherwise what the
/// trail has followed only since.
pub(crate) fn baseline(w: &crate::Writer<'_>, found: i64) -> Result<()> {
    let new_since_found = |entity: &str, field: &str| {
        found < AUDIT_SCHEMA
            || FOLLOWED_SINCE
                .iter()
                .any(|(e, f, since)| *e == entity && *f == field && *since > found)
    };
    for ((inspection, entity, key, field), value) in followed_state(w.tx, None, None)? {
        if !new_since_found(&entity, &field) {
            continue;
        }
        w.audit(Change {
            inspection_id: (inspection != 0).then_some(inspection),
            entity: &entity,
            key: &key,
            field: &field,
            old: None,
            new: Some(value),
        })?;
    }
    Ok(())
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditReport {
    pub entries_checked: u64,
    /// The first place the chain breaks: the entry's sequence number and why.
    pub chain_break: Option<(i64, String)>,
    /// Data that differs from what the trail says it should be.
    pub mismatches: Vec<String>,
}

impl AuditReport {
    pub fn intact(&self) -> bool {
        self.chain_break.is_none() && self.mismatches.is_empty()
    }
}

/// The current value of everything the trail follows, keyed like the trail's entries.
pub(crate) type State = BTreeMap<(i64, String, String, String), String>;

impl Store {
    /// Every audit entry of one inspection (or all), oldest first.
    pub fn audit_entries(&self, inspection_id: Option<i64>) -> Result<Vec<AuditEntry>> {
        let filter = if inspection_id.is_some() {
            "inspection_id = ?1"
        } else {
            "?1 IS NULL"
        };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT seq, inspection_id, entity, entity_key, field, old_value, new_value, actor, at,
                    prev_hash, hash
             FROM audit WHERE {filter} ORDER BY seq"
        ))?;
        let rows = stmt.query_map([inspection_id], |r| {
            Ok(AuditEntry {
                seq: r.get(0)?,
                inspection_id: r.get(1)?,
                entity: r.get(2)?,
                key: r.get(3)?,
                field: r.get(4)?,
                old: r.get(5)?,
                new: r.get(6)?,
                actor: r.get(7)?,
                at: r.get(8)?,
                prev_hash: r.get(9)?,
                hash: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Checks the whole chain, then replays the trail of one inspection (or all) against
    /// the data and lists every difference.
    pub fn verify_audit(&self, inspection_id: Option<i64>) -> Result<AuditReport> {
        let all = self.audit_entries(None)?;
        let mut chain_break = None;
        let mut prev = GENESIS.to_string();
        for (i, e) in all.iter().enumerate() {
            let expected_seq = i as i64 + 1;
            let problem = if e.seq != expected_seq {
                Some(format!(
                    "entry {expected_seq} is missing (the next one is {})",
                    e.seq
                ))
            } else if e.prev_hash != prev {
                Some("it does not follow from the entry before it".to_string())
            } else if e.hash != e.expected_hash() {
                Some("its content was changed after it was written".to_string())
            } else {
                None
            };
            if let Some(why) = problem {
                chain_break = Some((e.seq, why));
                break;
            }
            prev = e.hash.clone();
        }

        let mut expected = State::new();
        for e in all
            .iter()
            .filter(|e| inspection_id.is_none() || e.inspection_id == inspection_id)
        {
            let key = (
                e.inspection_id.unwrap_or(0),
                e.entity.clone(),
                e.key.clone(),
                e.field.clone(),
            );
            match &e.new {
                Some(v) => expected.insert(key, v.clone()),
                None => expected.remove(&key),
            };
        }
        let mut actual = followed_state(&self.conn, inspection_id, None)?;
        // An imported record's rows are vouched for by its signature (checked by the
        // caller against the rows), not by entries here: only its arrival and its signed
        // record are followed.
        let arrived: std::collections::BTreeSet<i64> = {
            let mut stmt = self
                .conn
                .prepare("SELECT inspection_id FROM signed_record WHERE origin = 'imported'")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let followed_here = |(inspection, entity, _, field): &(i64, String, String, String)| {
            !arrived.contains(inspection) || entity == "signed-record" || field == "arrived"
        };
        expected.retain(|k, _| followed_here(k));
        actual.retain(|k, _| followed_here(k));
        let mut mismatches = Vec::new();
        for (key, want) in &expected {
            match actual.get(key) {
                Some(have) if have == want => {}
                Some(have) => mismatches.push(format!(
                    "inspection {}: {} {} {} is {have:?} in the database but the audit trail says {want:?}",
                    key.0, key.1, key.2, key.3
                )),
                None => mismatches.push(format!(
                    "inspection {}: {} {} {} is missing from the database but the audit trail says {want:?}",
                    key.0, key.1, key.2, key.3
                )),
            }
        }
        for (key, have) in &actual {
            if !expected.contains_key(key) {
                mismatches.push(format!(
                    "inspection {}: {} {} {} is {have:?} in the database with no audit entry",
                    key.0, key.1, key.2, key.3
                ));
            }
        }
        Ok(AuditReport {
            entries_checked: all.len() as u64,
            chain_break,
            mismatches,
        })
    }
}

/// What the trail follows of one inspection (of one kind of entity only, when given), as it
/// stands: what removing it takes away.
pub(crate) fn followed_values(
    conn: &rusqlite::Connection,
    inspection_id: i64,
    entity: Option<&str>,
) -> Result<State> {
    followed_state(conn, Some(inspection_id), entity)
}

/// The current values of what the trail follows, in the trail's terms: of every inspection,
/// or of one, and of every kind of entity, or of one. The filters run in SQL, so removing one
/// action reads that inspection's actions, not the whole database.
fn followed_state(
    conn: &rusqlite::Connection,
    inspection_id: Option<i64>,
    only: Option<&str>,
) -> Result<State> {
    let mut state = State::new();
    let queries: [(&str, &str); 15] = [
            (
                "inspection",
                "SELECT i.id, CAST(i.id AS TEXT), 'arrived', i.uid FROM inspection i
                 JOIN signed_record r ON r.inspection_id = i.id WHERE r.origin = 'imported'",
            ),
            ("signed-record", crate::signed::FOLLOWED_SQL),
            ("inspection", "SELECT id, CAST(id AS TEXT), 'uid', uid FROM inspection"),
            (
                "template",
                "SELECT 0, id || ' ' || version, 'sha256', sha256 FROM template",
            ),
            (
                "evidence",
                "SELECT inspection_id, CAST(id AS TEXT), 'meta',
                        json_array(item_id, file_name, media_type, size) FROM evidence",
            ),
            (
                "sign-off",
                "SELECT inspection_id, CAST(inspection_id AS TEXT), 'names',
                        json_array(inspector, reviewer) FROM sign_off",
            ),
            (
                "action",
                concat!(
                    "SELECT inspection_id, CAST(id AS TEXT), 'details', ",
                    action_details_sql!(),
                    " FROM action"
                ),
            ),
            ("action", "SELECT inspection_id, CAST(id AS TEXT), 'status', status FROM action"),
            (
                "inspection",
                "SELECT id, CAST(id AS TEXT), 'facts',
                        json_array(template_id, template_version, service, site, trust, kind,
                                   inspection_date, team) FROM inspection",
            ),
            ("response", "SELECT inspection_id, item_id, 'answer', answer FROM response"),
            ("note", "SELECT inspection_id, item_id, 'text', text FROM note"),
            (
                "override",
                "SELECT inspection_id, section_id, 'moderation',
                        json_array(rating, justification) FROM section_override",
            ),
            ("evidence", "SELECT inspection_id, CAST(id AS TEXT), 'sha256', sha256 FROM evidence"),
            ("inspection", "SELECT id, CAST(id AS TEXT), 'status', status FROM inspection"),
            (
                "sign-off",
                "SELECT inspection_id, CAST(inspection_id AS TEXT), 'fingerprint', fingerprint FROM sign_off",
            ),
        ];
    for (entity, sql) in queries {
        if only.is_some_and(|wanted| wanted != entity) {
            continue;
        }
        let filter = if inspection_id.is_some() {
            "i = ?1"
        } else {
            "?1 IS NULL"
        };
        let mut stmt = conn.prepare(&format!(
            "WITH q(i, k, f, v) AS ({sql}) SELECT i, k, f, v FROM q WHERE {filter}"
        ))?;
        let rows = stmt.query_map([inspection_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        for row in rows {
            let (inspection, key, field, value) = row?;
            state.insert((inspection, entity.to_string(), key, field), value);
        }
    }
    Ok(state)
}
