//! Keyline's SQLite store. Every read and write of the database file goes through here.
//!
//! Guarantees: the schema is brought up to date by embedded, ordered migrations; a file
//! written by a newer Keyline, or one that is not a SQLite database, is refused before
//! anything is written to it; foreign keys are on and WAL journalling lets the desktop app
//! and the CLI use one file at once.

mod audit;
mod inspections;
mod records;
mod templates;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Duration;

use include_dir::{include_dir, Dir};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use rusqlite_migration::Migrations;

pub use audit::{AuditEntry, AuditReport, Change, GENESIS};
pub use inspections::{
    NewInspection, StoredInspection, StoredNote, StoredOverride, StoredResponse,
};
pub use records::{NewAction, StatusChangeRow, StoredAction, StoredEvidence, StoredSignOff};
pub use templates::{version_order, StoredTemplate, TemplateInsert};

static MIGRATIONS_DIR: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/migrations");

static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    Migrations::from_directory(&MIGRATIONS_DIR)
        .unwrap_or_else(|e| panic!("embedded migrations are malformed: {e}"))
});

/// The schema version that introduced the audit trail.
const AUDIT_SCHEMA: i64 = 3;

/// How long a write waits for another process (the app or the CLI) to finish its own.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path} is not a Keyline database (it is not a SQLite file, or it is damaged); it has been left untouched")]
    NotADatabase { path: PathBuf },
    #[error("{path} was written by a newer version of Keyline (schema version {found}, this version knows up to {known}); it has been left untouched, please upgrade Keyline")]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("cannot create the folder for the database at {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the database file is damaged ({0}); restore it from a backup with `keyline restore FILE`"
    )]
    Damaged(String),
    #[error("{path} already exists; choose a new file name for the backup")]
    Exists { path: PathBuf },
    #[error("there is no file at {path}")]
    Missing { path: PathBuf },
    #[error("the inspection is signed off and read-only")]
    SignedOff,
    #[error("the database is busy (another Keyline window or command is writing); try again")]
    Busy,
    #[error("the disk is full; nothing was saved")]
    DiskFull,
    #[error("cannot write to the database; it may be read-only")]
    ReadOnly,
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("cannot bring the database schema up to date: {0}")]
    Migration(#[from] rusqlite_migration::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        if e.to_string().contains("signed off and read-only") {
            return StoreError::SignedOff;
        }
        match e.sqlite_error_code() {
            Some(C::DatabaseBusy | C::DatabaseLocked) => StoreError::Busy,
            Some(C::DiskFull) => StoreError::DiskFull,
            Some(C::ReadOnly) => StoreError::ReadOnly,
            Some(C::DatabaseCorrupt) => StoreError::Damaged(e.to_string()),
            _ => StoreError::Sqlite(e),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open Keyline database.
pub struct Store {
    conn: Connection,
    /// Who the audit trail names for the changes made through this store.
    actor: String,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        Self::prepare(conn, path)
    }

    /// A private database in memory, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Store> {
        Self::prepare(Connection::open_in_memory()?, Path::new(":memory:"))
    }

    fn prepare(mut conn: Connection, path: &Path) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Reading the header first: a file that is not SQLite fails here, before any write.
        let found: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotADatabase {
                    path: path.to_path_buf(),
                },
                _ => StoreError::from(e),
            })?;
        let known = Self::schema_version();
        if found > known {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found,
                known,
            });
        }
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        MIGRATIONS.to_latest(&mut conn)?;
        let mut store = Store {
            conn,
            actor: "unknown".to_string(),
        };
        // Data from before the audit trail existed becomes its starting point, so that the
        // trail verifies from the upgrade on and later edits behind Keyline's back show.
        if (1..AUDIT_SCHEMA).contains(&found) {
            store.set_actor("keyline upgrade");
            store.write(audit::baseline)?;
            store.set_actor("unknown");
        }
        Ok(store)
    }

    /// Names who makes the changes from now on (recorded in the audit trail).
    pub fn set_actor(&mut self, actor: &str) {
        self.actor = actor.to_string();
    }

    /// Runs `f` in one immediate transaction (so a second writer waits for the busy timeout
    /// rather than failing part-way) and commits it; on any error nothing is written.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Writer<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&Writer {
            tx: &tx,
            actor: &self.actor,
        })?;
        tx.commit()?;
        Ok(out)
    }

    /// The schema version this build of Keyline writes.
    pub fn schema_version() -> i64 {
        MIGRATIONS_DIR.dirs().count() as i64
    }
}

/// A write transaction, with who is making it, for the audit trail.
pub(crate) struct Writer<'a> {
    pub tx: &'a Transaction<'a>,
    pub actor: &'a str,
}

impl Writer<'_> {
    pub fn audit(&self, change: Change<'_>) -> Result<()> {
        audit::append(self.tx, self.actor, change)
    }
}

/// SHA-256 of some bytes, as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
mod tests;

/// What a database file turned out to be, checked without changing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileCheck {
    pub schema_version: i64,
    pub inspections: i64,
    pub templates: i64,
}

impl Store {
    /// `ok`, or SQLite's description of the damage.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    /// Writes a consistent copy of the database to `out` (a new file), even while the app
    /// or the CLI is writing to it.
    pub fn backup_to(&self, out: &Path) -> Result<()> {
        if out.exists() {
            return Err(StoreError::Exists {
                path: out.to_path_buf(),
            });
        }
        self.conn
            .backup(rusqlite::MAIN_DB, out, None)
            .map_err(StoreError::from)
    }

    /// Checks that `path` is an intact Keyline database this version can read, opening it
    /// read-only so nothing about it changes.
    pub fn check_file(path: &Path) -> Result<FileCheck> {
        if !path.is_file() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        // `immutable` reads the file without locks and without creating -wal or -shm beside it.
        let escaped = path
            .display()
            .to_string()
            .replace('%', "%25")
            .replace('?', "%3f")
            .replace('#', "%23");
        let uri = format!("file:{escaped}?immutable=1");
        let conn = Connection::open_with_flags(
            uri,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
        )?;
        let not_keyline = || StoreError::NotADatabase {
            path: path.to_path_buf(),
        };
        let found: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|_| not_keyline())?;
        if found > Self::schema_version() {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found,
                known: Self::schema_version(),
            });
        }
        let integrity: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|_| not_keyline())?;
        if integrity != "ok" || found < 1 {
            return Err(not_keyline());
        }
        let count = |sql: &str| -> Result<i64> {
            conn.query_row(sql, [], |r| r.get(0))
                .map_err(|_| not_keyline())
        };
        Ok(FileCheck {
            schema_version: found,
            templates: count("SELECT count(*) FROM template")?,
            inspections: if found >= 2 {
                count("SELECT count(*) FROM inspection")?
            } else {
                0
            },
        })
    }

    /// Replaces this database's contents with those of the backup at `file`, after checking
    /// it; the schema is then brought up to date.
    pub fn restore_from(&mut self, file: &Path) -> Result<FileCheck> {
        let check = Self::check_file(file)?;
        self.conn.restore(
            rusqlite::MAIN_DB,
            file,
            None::<fn(rusqlite::backup::Progress)>,
        )?;
        MIGRATIONS.to_latest(&mut self.conn)?;
        Ok(check)
    }
}
