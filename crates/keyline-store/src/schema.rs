//! What a Keyline database must hold: for each schema version, exactly the tables, indexes
//! and triggers that Keyline's own migrations make, nothing more and nothing less.
//!
//! This is how a file is recognised as Keyline's before anything is written to it, and how a
//! backup whose seal was taken apart (a trigger dropped, a table altered) is refused before
//! it replaces anything.

use rusqlite::Connection;

use crate::{Result, MIGRATIONS};

/// One schema object: its type, name and the SQL that made it.
type Object = (String, String, String);

/// The tables, indexes and triggers of a database (SQLite's own objects left out), sorted.
fn objects(conn: &Connection) -> Result<Vec<Object>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, coalesce(sql, '') FROM sqlite_schema
         WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Whether the database has no tables, indexes or triggers at all (a new, empty file).
pub(crate) fn is_empty(conn: &Connection) -> Result<bool> {
    Ok(objects(conn)?.is_empty())
}

/// Whether the database holds the table every Keyline schema has had since version 1.
pub(crate) fn has_keyline_tables(conn: &Connection) -> Result<bool> {
    Ok(objects(conn)?
        .iter()
        .any(|(kind, name, _)| kind == "table" && name == "template"))
}

/// How the database's schema differs from what Keyline's migrations make at `version`, in
/// words ("trigger X is missing"); empty when it is exactly that.
pub(crate) fn differences(conn: &Connection, version: i64) -> Result<Vec<String>> {
    let mut fresh = Connection::open_in_memory()?;
    MIGRATIONS.to_version(&mut fresh, usize::try_from(version).unwrap_or(0))?;
    let want = objects(&fresh)?;
    let have = objects(conn)?;
    let mut found = Vec::new();
    for (kind, name, sql) in &want {
        match have.iter().find(|(k, n, _)| k == kind && n == name) {
            None => found.push(format!("{kind} {name} is missing")),
            Some((_, _, other)) if other != sql => found.push(format!("{kind} {name} was changed")),
            Some(_) => {}
        }
    }
    for (kind, name, _) in &have {
        if !want.iter().any(|(k, n, _)| k == kind && n == name) {
            found.push(format!("{kind} {name} is not Keyline's"));
        }
    }
    Ok(found)
}
