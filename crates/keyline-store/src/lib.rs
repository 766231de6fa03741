//! Keyline's SQLite store. Every read and write of the database file goes through here.
//!
//! Guarantees: the schema is brought up to date by embedded, ordered migrations; a file
//! written by a newer Keyline, or one that is not a SQLite database, is refused before
//! anything is written to it; foreign keys are on and WAL journalling lets the desktop app
//! and the CLI use one file at once.

/// An action's details as the audit trail records them (an SQL expression over `action`).
/// An action with no priority keeps the shape it had before priorities existed, so trails
/// written then still verify.
macro_rules! action_details_sql {
    () => {
        "CASE WHEN priority IS NULL AND regulations = '' \
         THEN json_array(title, owner, due_date, item_id) \
         ELSE json_array(title, owner, due_date, item_id, priority, regulations) END"
    };
}

mod audit;
mod board;
mod drafts;
mod inspections;
mod records;
mod schema;
mod signed;
mod templates;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Duration;

use include_dir::{include_dir, Dir};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use rusqlite_migration::Migrations;

pub use audit::{AuditEntry, AuditReport, Change, GENESIS};
pub use board::SealedInspection;
pub use drafts::{StoredDraft, TemplateUse};
pub use inspections::{
    NewInspection, StoredInspection, StoredNote, StoredOverride, StoredResponse,
};
pub use records::{
    ActionEdit, ArrivingInspection, NewAction, SealFacts, StatusChangeRow, StoredAction,
    StoredEvidence, StoredSignOff,
};
pub use signed::{NewSignedRecord, Origin, SignedRecordSummary, StoredSignedRecord};
pub use templates::{version_order, StoredTemplate, TemplateInsert};

static MIGRATIONS_DIR: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/migrations");

static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    Migrations::from_directory(&MIGRATIONS_DIR)
        .unwrap_or_else(|e| panic!("embedded migrations are malformed: {e}"))
});

/// How long a write waits for another process (the app or the CLI) to finish its own.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path} is not a Keyline database (it is not a SQLite file, or it is damaged); it has been left untouched")]
    NotADatabase { path: PathBuf },
    #[error("{path} is another program's database, not Keyline's; it has been left untouched")]
    OtherProgram { path: PathBuf },
    #[error("{path} is a folder, not a database file; give the path of a file inside it (for example {path}/keyline.sqlite3)")]
    IsAFolder { path: PathBuf },
    #[error("{path} is not an ordinary file (it is a device, a pipe or a socket); a Keyline database is an ordinary file")]
    NotAFile { path: PathBuf },
    #[error("the folder {path} does not exist; create it first, or give a database path in a folder that exists")]
    NoSuchFolder { path: PathBuf },
    #[error("{path}'s structure differs from what Keyline makes ({details}); it has been left untouched")]
    SchemaChanged { path: PathBuf, details: String },
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
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} already exists; choose a new file name for the backup")]
    Exists { path: PathBuf },
    #[error("there is no file at {path}")]
    Missing { path: PathBuf },
    #[error("the inspection is signed off and read-only")]
    SignedOff,
    /// A rule of the database itself refused the change (a trigger), with its reason.
    #[error("{0}")]
    Refused(String),
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
        if let rusqlite::Error::SqliteFailure(f, Some(message)) = &e {
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_TRIGGER {
                return StoreError::Refused(message.clone());
            }
        }
        // Text that is not UTF-8 in a STRICT text column can only be damage.
        if matches!(e, rusqlite::Error::Utf8Error(..)) {
            return StoreError::Damaged(e.to_string());
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
    /// The folder must exist; a folder, a device or a pipe is refused by name.
    pub fn open(path: &Path) -> Result<Store> {
        if !is_ordinary_file(path)? {
            existing_folder_of(path)?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        Self::prepare(conn, path)
    }

    /// Creates the per-user folder the database lives in by default, readable by its owner only.
    pub fn create_private_folder(dir: &Path) -> Result<()> {
        let fail = |source| StoreError::CreateDir {
            path: dir.to_path_buf(),
            source,
        };
        if dir.is_dir() {
            return Ok(());
        }
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder.create(dir).map_err(fail)
    }

    /// A private database in memory, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Store> {
        Self::prepare(Connection::open_in_memory()?, Path::new(":memory:"))
    }

    fn prepare(mut conn: Connection, path: &Path) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Each write appends audit entries with the same few statements: keep them prepared.
        conn.set_prepared_statement_cache_capacity(64);
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
        // Only a new, empty file or one of Keyline's own is ever written to: another
        // program's database (its own tables, whatever its user_version) is left exactly as
        // it was, with no table added, no change of journal and no journal file.
        let damaged = |e: StoreError| match e {
            StoreError::Sqlite(inner) => StoreError::Damaged(inner.to_string()),
            other => other,
        };
        let foreign = if found == 0 {
            !schema::is_empty(&conn).map_err(damaged)?
        } else {
            !schema::has_keyline_tables(&conn).map_err(damaged)?
        };
        if foreign {
            return Err(StoreError::OtherProgram {
                path: path.to_path_buf(),
            });
        }
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // Savepoints inside one long transaction (an import of thousands of records) keep
        // their undo pages in memory rather than in a temporary file.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        MIGRATIONS.to_latest(&mut conn)?;
        let mut store = Store {
            conn,
            actor: "unknown".to_string(),
        };
        store.baseline_after_upgrade(found)?;
        Ok(store)
    }

    /// Data from before the trail followed it becomes the trail's starting point, so that
    /// the trail verifies from the upgrade on and later edits behind Keyline's back show.
    fn baseline_after_upgrade(&mut self, found: i64) -> Result<()> {
        if (1..Self::schema_version()).contains(&found) {
            let actor = std::mem::replace(&mut self.actor, "keyline upgrade".to_string());
            let done = self.write(|w| audit::baseline(w, found));
            self.actor = actor;
            done?;
        }
        Ok(())
    }

    /// Names who makes the changes from now on (recorded in the audit trail).
    pub fn set_actor(&mut self, actor: &str) {
        self.actor = actor.to_string();
    }

    /// Runs `f` in one immediate transaction (so a second writer waits for the busy timeout
    /// rather than failing part-way) and commits it; on any error nothing is written. Inside
    /// [`Store::atomically`] it is a savepoint of that one transaction.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Writer<'_>) -> Result<T>) -> Result<T> {
        if self.conn.is_autocommit() {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let out = f(&Writer::new(&tx, &self.actor))?;
            tx.commit()?;
            Ok(out)
        } else {
            let sp = self.conn.savepoint()?;
            let out = f(&Writer::new(&sp, &self.actor))?;
            sp.commit()?;
            Ok(out)
        }
    }

    /// Starts one immediate transaction that the reads and writes up to [`Store::commit`]
    /// belong to: no other connection can write in between, so what is read is what is
    /// written on. Prefer [`Store::atomically`]; this is for callers above the store.
    pub fn begin(&mut self) -> Result<()> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(())
    }

    /// Commits what was begun with [`Store::begin`]; if the commit fails, nothing is written.
    pub fn commit(&mut self) -> Result<()> {
        if let Err(e) = self.conn.execute_batch("COMMIT") {
            self.rollback();
            return Err(e.into());
        }
        Ok(())
    }

    /// Abandons what was begun with [`Store::begin`].
    pub fn rollback(&mut self) {
        if !self.conn.is_autocommit() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }

    /// Runs `f` as one transaction: all of its writes or none.
    pub fn atomically<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&mut Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        self.begin()?;
        match f(self) {
            Ok(out) => {
                self.commit()?;
                Ok(out)
            }
            Err(e) => {
                self.rollback();
                Err(e)
            }
        }
    }

    /// The schema version this build of Keyline writes.
    pub fn schema_version() -> i64 {
        MIGRATIONS_DIR.dirs().count() as i64
    }
}

/// A write transaction, with who is making it, for the audit trail.
pub(crate) struct Writer<'a> {
    pub tx: &'a Connection,
    pub actor: &'a str,
    /// The trail's last entry (sequence number, hash) and this write's time, once known:
    /// nobody else can append while this write holds the transaction.
    last: std::cell::RefCell<Option<audit::Tail>>,
}

impl<'a> Writer<'a> {
    fn new(tx: &'a Connection, actor: &'a str) -> Self {
        Writer {
            tx,
            actor,
            last: std::cell::RefCell::new(None),
        }
    }

    pub fn audit(&self, change: Change<'_>) -> Result<()> {
        audit::append(self.tx, self.actor, change, &self.last)
    }
}

/// Whether `path` is an ordinary file (`false`: nothing is there); a folder, a device, a
/// pipe or a socket is refused by name.
fn is_ordinary_file(path: &Path) -> Result<bool> {
    let at = || path.to_path_buf();
    match std::fs::metadata(path) {
        Err(_) => Ok(false),
        Ok(meta) if meta.is_dir() => Err(StoreError::IsAFolder { path: at() }),
        Ok(meta) if !meta.is_file() => Err(StoreError::NotAFile { path: at() }),
        Ok(_) => Ok(true),
    }
}

/// The folder a file is (to be) in, which must exist: Keyline never makes a folder the user
/// named by mistake.
fn existing_folder_of(path: &Path) -> Result<&Path> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(StoreError::NoSuchFolder {
            path: dir.to_path_buf(),
        });
    }
    Ok(dir)
}

/// SHA-256 of some bytes, as lower-case hex.
/// Runs one statement, prepared once per connection and kept.
pub(crate) fn exec<P: rusqlite::Params>(
    conn: &Connection,
    sql: &str,
    params: P,
) -> rusqlite::Result<usize> {
    conn.prepare_cached(sql)?.execute(params)
}

/// Reads one row with a statement prepared once per connection and kept.
pub(crate) fn row<T, P: rusqlite::Params, F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>>(
    conn: &Connection,
    sql: &str,
    params: P,
    f: F,
) -> rusqlite::Result<T> {
    conn.prepare_cached(sql)?.query_row(params, f)
}

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
    /// or the CLI is writing to it. The copy is made under a temporary name beside `out` and
    /// renamed only once complete, so `out` is never a partial or empty file; on failure the
    /// temporary file is removed.
    pub fn backup_to(&self, out: &Path) -> Result<()> {
        let io = |source: std::io::Error| StoreError::Write {
            path: out.to_path_buf(),
            source,
        };
        if out.exists() {
            return Err(StoreError::Exists {
                path: out.to_path_buf(),
            });
        }
        let dir = existing_folder_of(out)?;
        let tmp = tempfile::Builder::new()
            .prefix(".keyline-backup-")
            .tempfile_in(dir)
            .map_err(io)?
            .into_temp_path();
        self.conn
            .backup(rusqlite::MAIN_DB, &tmp, None)
            .map_err(StoreError::from)?;
        std::fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(io)?;
        tmp.persist_noclobber(out).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                StoreError::Exists {
                    path: out.to_path_buf(),
                }
            } else {
                io(e.error)
            }
        })?;
        Ok(())
    }

    /// Checks that `path` is an intact Keyline database this version can read, opening it
    /// read-only so nothing about it changes.
    pub fn check_file(path: &Path) -> Result<FileCheck> {
        if !is_ordinary_file(path)? {
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
        if integrity != "ok" {
            return Err(not_keyline());
        }
        let keyline = found >= 1 && schema::has_keyline_tables(&conn).map_err(|_| not_keyline())?;
        if !keyline {
            return Err(StoreError::OtherProgram {
                path: path.to_path_buf(),
            });
        }
        // A backup whose seal was taken apart (a trigger dropped, a table altered) is not a
        // record Keyline can vouch for.
        let differences = schema::differences(&conn, found)?;
        if !differences.is_empty() {
            return Err(StoreError::SchemaChanged {
                path: path.to_path_buf(),
                details: differences.join("; "),
            });
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
    /// it. `file` must already be at this version's schema (see `keyline_app::restore`, which
    /// upgrades and verifies a copy first).
    pub fn restore_from(&mut self, file: &Path) -> Result<FileCheck> {
        let check = Self::check_file(file)?;
        if check.schema_version != Self::schema_version() {
            return Err(StoreError::SchemaChanged {
                path: file.to_path_buf(),
                details: format!(
                    "schema version {} where {} was expected",
                    check.schema_version,
                    Self::schema_version()
                ),
            });
        }
        self.conn.restore(
            rusqlite::MAIN_DB,
            file,
            None::<fn(rusqlite::backup::Progress)>,
        )?;
        Ok(check)
    }

    /// How this database's tables, indexes and triggers differ from what Keyline's
    /// migrations make (a trigger dropped behind Keyline's back, say); empty when they match.
    pub fn schema_differences(&self) -> Result<Vec<String>> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        schema::differences(&self.conn, version)
    }
}
