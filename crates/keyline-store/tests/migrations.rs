//! Upgrades: a database made by every earlier schema version opens, is migrated to the
//! current one, and keeps every row it had.
//!
//! The fixtures are real files in `tests/fixtures/migrations/`, `vN.sqlite3` for schema
//! version N, made by `generate_migration_fixtures` below from the first N migration files
//! and plain SQL, as that version of Keyline would have left them. Regenerate them with
//! `cargo test -p keyline-store --test migrations -- --ignored`. When a migration is added,
//! extend the generator with a fixture for the version before it: the test fails until
//! every earlier version has one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use keyline_store::{sha256_hex, Store};
use rusqlite::types::Value;
use rusqlite::Connection;

/// The migration files, in order; fixture N applies the first N.
const MIGRATIONS: [&str; 5] = [
    include_str!("../migrations/01-templates/up.sql"),
    include_str!("../migrations/02-inspections/up.sql"),
    include_str!("../migrations/03-sign-off-evidence-actions-audit/up.sql"),
    include_str!("../migrations/04-seal-templates-and-moves/up.sql"),
    include_str!("../migrations/05-inspection-global-id/up.sql"),
];

/// The tables each schema version has, with the columns it had then.
const TABLES: [(i64, &str, &str); 8] = [
    (
        1,
        "template",
        "id, version, title, description, content, sha256, shipped, imported_at",
    ),
    (
        2,
        "inspection",
        "id, template_id, template_version, service, site, trust, kind, inspection_date, team, created_at, updated_at",
    ),
    (2, "response", "inspection_id, item_id, answer, answered_at"),
    (2, "note", "inspection_id, item_id, text, updated_at"),
    (
        2,
        "section_override",
        "inspection_id, section_id, rating, justification, created_at",
    ),
    (
        3,
        "sign_off",
        "inspection_id, inspector, reviewer, signed_at, fingerprint",
    ),
    (
        3,
        "evidence",
        "id, inspection_id, item_id, file_name, media_type, size, sha256, added_at, content",
    ),
    (
        3,
        "action",
        "id, inspection_id, item_id, title, owner, due_date, status, created_at, updated_at",
    ),
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/migrations")
}

fn shipped(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../inspection-templates")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn insert_template(conn: &Connection, file: &str, imported_at: &str) {
    let content = shipped(file);
    let json: serde_json::Value = serde_json::from_str(&content).expect("template JSON");
    conn.execute(
        "INSERT INTO template (id, version, title, description, content, sha256, shipped, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7)",
        (
            json["id"].as_str().expect("id"),
            json["version"].as_str().expect("version"),
            json["title"].as_str().expect("title"),
            json["description"].as_str().expect("description"),
            &content,
            sha256_hex(content.as_bytes()),
            imported_at,
        ),
    )
    .expect("insert template");
}

/// What a version 2 Keyline stored: two inspections with answers, notes and a moderated
/// section rating, written as that version wrote them.
const V2_DATA: &str = r#"
INSERT INTO inspection (id, template_id, template_version, service, site, trust, kind,
                        inspection_date, team, created_at, updated_at)
VALUES (1, 'cqc-saf-mh-ward', '1.0', 'Ward 7 (acute admissions)', 'Riverside', 'North Trust',
        'mock', '2024-11-05', 'A. Okafor, B. Nowak', '2024-11-05T09:00:00.000Z',
        '2024-11-05T15:42:10.250Z'),
       (2, 'monthly-ward-self-assessment', '1.0', 'Ward 8', '', '', 'self-assessment',
        '2024-12-01', '', '2024-12-01T08:30:00.000Z', '2024-12-01T08:45:00.000Z');
INSERT INTO response (inspection_id, item_id, answer, answered_at) VALUES
    (1, 'safe.learning-culture', '{"kind":"level","value":3.0}', '2024-11-05T09:10:00.000Z'),
    (1, 'safe.learning-culture.outcomes', '{"kind":"na"}', '2024-11-05T09:11:00.000Z'),
    (1, 'safe.safe-systems', '{"kind":"level","value":2.0}', '2024-11-05T09:20:00.000Z'),
    (1, 'safe.safeguarding', '{"kind":"level","value":4.0}', '2024-11-05T09:30:00.000Z'),
    (1, 'caring.kindness-dignity', '{"kind":"level","value":3.0}', '2024-11-05T10:00:00.000Z'),
    (2, 'environment.ligature-assessment-current', '{"kind":"yes"}', '2024-12-01T08:40:00.000Z'),
    (2, 'clinic.fridge-temperatures', '{"kind":"no"}', '2024-12-01T08:45:00.000Z');
INSERT INTO note (inspection_id, item_id, text, updated_at) VALUES
    (1, 'safe.safe-systems', 'Handover sheet missing risk column; seen on two shifts.',
     '2024-11-05T09:21:00.000Z'),
    (1, 'safe.learning-culture', 'Incident reviews seen — «lessons learned» board is current.',
     '2024-11-05T09:12:00.000Z'),
    (2, 'clinic.fridge-temperatures', 'Three gaps in the log this month.',
     '2024-12-01T08:45:00.000Z');
INSERT INTO section_override (inspection_id, section_id, rating, justification, created_at)
VALUES (1, 'safe', 'requires-improvement',
        'Panel moderation: safe systems concern outweighs the safeguarding score.',
        '2024-11-05T15:42:10.250Z');
"#;

/// Builds `tests/fixtures/migrations/vN.sqlite3` for each earlier schema version.
#[test]
#[ignore = "generator: run with --ignored to rebuild the fixtures"]
fn generate_migration_fixtures() {
    let dir = fixtures();
    std::fs::create_dir_all(&dir).expect("fixtures folder");
    for version in 1..=2_i64 {
        let path = dir.join(format!("v{version}.sqlite3"));
        if path.exists() {
            std::fs::remove_file(&path).expect("remove the old fixture");
        }
        let conn = Connection::open(&path).expect("create");
        // As every version of Keyline has opened its file.
        conn.pragma_update(None, "journal_mode", "WAL")
            .expect("WAL");
        for sql in &MIGRATIONS[..version as usize] {
            conn.execute_batch(sql).expect("migration");
        }
        conn.pragma_update(None, "user_version", version)
            .expect("user_version");
        insert_template(&conn, "cqc-saf-mh-ward.json", "2024-10-01T12:00:00.000Z");
        if version >= 2 {
            insert_template(
                &conn,
                "monthly-ward-self-assessment.json",
                "2024-10-01T12:00:00.001Z",
            );
            conn.execute_batch(V2_DATA).expect("v2 data");
        }
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); VACUUM;")
            .expect("tidy");
        drop(conn);
        println!("wrote {}", path.display());
    }
}

/// Every row of the tables a version had, with the columns it had, as text.
type Dump = BTreeMap<String, Vec<Vec<String>>>;

fn dump(conn: &Connection, version: i64) -> Dump {
    TABLES
        .iter()
        .filter(|(since, _, _)| *since <= version)
        .map(|(_, table, columns)| {
            let mut stmt = conn
                .prepare(&format!("SELECT {columns} FROM {table} ORDER BY 1, 2"))
                .expect("prepare");
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    (0..n)
                        .map(|i| {
                            Ok(match r.get::<_, Value>(i)? {
                                Value::Null => "NULL".to_string(),
                                Value::Integer(v) => v.to_string(),
                                Value::Real(v) => v.to_string(),
                                Value::Text(v) => v,
                                Value::Blob(v) => sha256_hex(&v),
                            })
                        })
                        .collect::<rusqlite::Result<Vec<String>>>()
                })
                .expect("query")
                .collect::<rusqlite::Result<Vec<_>>>()
                .expect("rows");
            (table.to_string(), rows)
        })
        .collect()
}

/// A copy of fixture `vN` in a new temporary folder.
fn copy_of(version: i64) -> (tempfile::TempDir, PathBuf) {
    let from = fixtures().join(format!("v{version}.sqlite3"));
    assert!(
        from.is_file(),
        "{} is missing: run `cargo test -p keyline-store --test migrations -- --ignored`",
        from.display()
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let to = dir.path().join("keyline.sqlite3");
    std::fs::copy(&from, &to).expect("copy");
    (dir, to)
}

#[test]
fn there_is_a_fixture_for_every_earlier_schema_version() {
    for version in 1..Store::schema_version() {
        let (_dir, path) = copy_of(version);
        let conn = Connection::open(&path).expect("open");
        let found: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("user_version");
        assert_eq!(found, version, "v{version}.sqlite3 has the wrong version");
    }
}

#[test]
fn every_earlier_schema_version_opens_with_its_data_intact() {
    for version in 1..Store::schema_version() {
        let (_dir, path) = copy_of(version);
        let before = dump(&Connection::open(&path).expect("plain open"), version);
        assert!(!before["template"].is_empty(), "v{version} has a template");

        let store =
            Store::open(&path).unwrap_or_else(|e| panic!("v{version} opens and migrates: {e}"));
        assert_eq!(store.integrity_check().expect("check"), "ok");
        drop(store);

        let conn = Connection::open(&path).expect("plain open");
        let now: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("user_version");
        assert_eq!(now, Store::schema_version(), "v{version} was migrated");
        assert_eq!(dump(&conn, version), before, "v{version}: rows changed");
        // The data found on upgrading becomes the audit trail's starting point: one entry
        // per followed value, all by the upgrade, so the trail verifies from here on. A
        // version that had a trail keeps it, and gains entries only for what the trail has
        // followed since (stored templates' SHA-256 and evidence's name and type).
        let (entries, by_upgrade): (i64, i64) = conn
            .query_row(
                "SELECT count(*), count(*) FILTER (WHERE actor = 'keyline upgrade') FROM audit",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("audit");
        if version < 3 {
            assert_eq!(entries, by_upgrade, "v{version}: only baseline entries");
        } else {
            let fields: Vec<String> = conn
                .prepare(
                    "SELECT DISTINCT entity || ' ' || field FROM audit
                     WHERE actor = 'keyline upgrade' ORDER BY 1",
                )
                .expect("prepare")
                .query_map([], |r| r.get(0))
                .expect("query")
                .collect::<rusqlite::Result<_>>()
                .expect("rows");
            let expected: &[&str] = match version {
                3 => &["evidence meta", "inspection uid", "template sha256"],
                4 => &["inspection uid"],
                // Schema 6 follows signed records, which no earlier file has.
                _ => &[],
            };
            assert_eq!(fields, expected, "v{version}");
            assert!(entries > by_upgrade, "v{version} keeps its own trail");
        }
        let store = Store::open(&path).expect("reopen");
        assert!(
            store.verify_audit(None).expect("verify").intact(),
            "v{version}: the baseline verifies"
        );
        if version >= 2 {
            assert!(
                entries > 0,
                "v{version}: the inspections' data is in the baseline"
            );
        }
    }
}

#[test]
fn a_migrated_version_1_database_keeps_its_template_byte_for_byte() {
    let (_dir, path) = copy_of(1);
    let store = Store::open(&path).expect("open");
    let templates = store.list_templates().expect("list");
    assert_eq!(templates.len(), 1);
    let t = &templates[0];
    assert_eq!(
        (t.id.as_str(), t.version.as_str()),
        ("cqc-saf-mh-ward", "1.0")
    );
    assert_eq!(t.sha256, sha256_hex(t.content.as_bytes()));
    assert!(t.shipped);
    assert_eq!(t.imported_at, "2024-10-01T12:00:00.000Z");
    keyline_core::template::parse(t.content.as_bytes())
        .unwrap_or_else(|p| panic!("the stored template still reads: {p:?}"));
}

#[test]
fn a_migrated_version_2_database_keeps_its_inspections() {
    let (_dir, path) = copy_of(2);
    let store = Store::open(&path).expect("open");
    assert_eq!(store.list_templates().expect("list").len(), 2);

    let i = store.inspection(1).expect("query").expect("inspection 1");
    assert_eq!(i.template_id, "cqc-saf-mh-ward");
    assert_eq!(i.template_version, "1.0");
    assert_eq!(i.service, "Ward 7 (acute admissions)");
    assert_eq!(i.site, "Riverside");
    assert_eq!(i.trust, "North Trust");
    assert_eq!(i.kind, "mock");
    assert_eq!(i.date, "2024-11-05");
    assert_eq!(i.team, "A. Okafor, B. Nowak");
    assert_eq!(i.created_at, "2024-11-05T09:00:00.000Z");
    assert_eq!(i.updated_at, "2024-11-05T15:42:10.250Z");
    assert_eq!(i.status, "in-progress", "a migrated inspection is open");
    assert_eq!(i.amends, None);
    assert!(store.sign_off_of(1).expect("query").is_none());

    let responses: BTreeMap<String, String> = store
        .responses(1)
        .expect("responses")
        .into_iter()
        .map(|r| (r.item_id, r.answer_json))
        .collect();
    assert_eq!(responses.len(), 5);
    assert_eq!(
        responses["safe.safe-systems"],
        r#"{"kind":"level","value":2.0}"#
    );
    assert_eq!(
        responses["safe.learning-culture.outcomes"],
        r#"{"kind":"na"}"#
    );
    let notes = store.notes(1).expect("notes");
    assert_eq!(notes.len(), 2);
    assert_eq!(
        notes[0].text,
        "Incident reviews seen — «lessons learned» board is current."
    );
    let overrides = store.overrides(1).expect("overrides");
    assert_eq!(overrides.len(), 1);
    assert_eq!(overrides[0].section_id, "safe");
    assert_eq!(overrides[0].rating, "requires-improvement");

    let second = store.inspection(2).expect("query").expect("inspection 2");
    assert_eq!(second.kind, "self-assessment");
    assert_eq!(second.status, "in-progress");
    assert_eq!(store.responses(2).expect("responses").len(), 2);
    assert!(store.evidence(1).expect("evidence").is_empty());
    assert!(store.actions(None).expect("actions").is_empty());
}

#[test]
fn opening_a_fixture_copy_leaves_the_fixture_alone() {
    for version in 1..Store::schema_version() {
        let fixture = fixtures().join(format!("v{version}.sqlite3"));
        let before = std::fs::read(&fixture).expect("read");
        let (_dir, path) = copy_of(version);
        drop(Store::open(&path).expect("open"));
        assert_eq!(std::fs::read(&fixture).expect("read"), before);
    }
}

/// Inspections from before global ids get a UUID v7 carrying their creation time; the ids are
/// all different, signed-off inspections get one as well, and none can be changed afterwards.
#[test]
fn every_upgraded_inspection_gets_a_global_id_from_its_creation_time() {
    // Schema 5 brought global ids: from then on an inspection gets its id when it is made
    // (a moment before SQLite stamps `created_at`), not from `created_at` on upgrading.
    for version in 2..5 {
        let (_dir, path) = copy_of(version);
        drop(Store::open(&path).expect("open and migrate"));
        let conn = Connection::open(&path).expect("plain open");
        let rows: Vec<(i64, String, String)> = conn
            .prepare("SELECT id, uid, created_at FROM inspection ORDER BY id")
            .expect("prepare")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("query")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        assert!(!rows.is_empty(), "v{version} has inspections");
        let mut seen = std::collections::BTreeSet::new();
        for (id, uid, created_at) in &rows {
            let parsed = uuid::Uuid::parse_str(uid)
                .unwrap_or_else(|e| panic!("v{version} inspection {id}: {uid}: {e}"));
            assert_eq!(
                parsed.get_version_num(),
                7,
                "v{version} inspection {id}: {uid}"
            );
            assert_eq!(parsed.get_variant(), uuid::Variant::RFC4122, "{uid}");
            let (secs, nanos) = parsed
                .get_timestamp()
                .expect("a v7 id has a time")
                .to_unix();
            let ms: i64 = conn
                .query_row(
                    "SELECT CAST(round((julianday(?1) - 2440587.5) * 86400000.0) AS INTEGER)",
                    [created_at],
                    |r| r.get(0),
                )
                .expect("ms");
            assert_eq!(
                secs as i64 * 1000 + i64::from(nanos / 1_000_000),
                ms,
                "{uid}"
            );
            assert!(seen.insert(uid.clone()), "v{version}: {uid} twice");
        }
        let err = conn
            .execute_batch(
                "UPDATE inspection SET uid = 'x' WHERE id = (SELECT min(id) FROM inspection)",
            )
            .expect_err("a global id never changes");
        assert!(
            err.to_string().contains("read-only") || err.to_string().contains("never changes"),
            "{err}"
        );
    }
}
