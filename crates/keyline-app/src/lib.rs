//! Keyline's use-case layer: every action the app offers is a method on [`App`], a plain
//! Rust function over an opened database. The Tauri commands, the `keyline` CLI and the
//! tests all call these same methods, so what the CLI proves holds for the desktop app.
//!
//! Inputs and outputs are the transport types in [`dto`]; errors are [`AppError`] values
//! with a stable [`ErrorCode`] and a message written for the user.

mod alliance;
mod board;
pub mod board_pack;
pub mod board_tables;
mod demo;
pub mod dto;
mod error;
pub mod exchange;
pub mod files;
pub mod identity;
mod inspections;
pub mod record;
mod records;
mod report;
mod shipped;
mod template_editor;
pub use template_editor::is_template_spreadsheet;
pub mod template_sheet;
mod templates;
pub mod verify;

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use keyline_core::template::Template;
use keyline_store::Store;

pub use alliance::{AllianceOptions, AllianceSummary};
pub use board::{today, PACK_ACTIONS, SCREEN_ACTIONS};
pub use error::{AppError, ErrorCode, Result};
pub use keyline_core::board::{Board, BoardFilter};
pub use records::{media_type, restore, ALLOWED_MEDIA_TYPES, MAX_EVIDENCE_BYTES};
pub use report::{write_file_atomically, Overwrite};
pub use templates::problems_text;

/// An opened Keyline database and the actions on it.
pub struct App {
    store: Store,
    /// Parsed template versions by (id, version); stored versions never change.
    templates: RefCell<HashMap<(String, String), Arc<Template>>>,
    /// SHA-256 of each stored template version's text, by (id, version).
    template_sha256: RefCell<HashMap<(String, String), String>>,
    /// The user's signing identity: sign-off signs with it.
    signer: Option<keyline_sign::Identity>,
    /// The user's Keyline folder (identity and trusted list).
    home: Option<identity::Home>,
}

impl App {
    /// Opens the database at `path` (creating it on first use) and makes sure the templates
    /// shipped with this build are in it.
    pub fn open(path: &Path) -> Result<App> {
        Self::with_store(Store::open(path)?)
    }

    /// An app over a private in-memory database, for tests and benchmarks.
    pub fn open_in_memory() -> Result<App> {
        Self::with_store(Store::open_in_memory()?)
    }

    fn with_store(mut store: Store) -> Result<App> {
        store.set_actor(&actor());
        let mut app = App {
            store,
            templates: RefCell::default(),
            template_sha256: RefCell::default(),
            signer: None,
            home: None,
        };
        shipped::load_into(&mut app.store)?;
        Ok(app)
    }
}

/// Who the audit trail names for changes: `$KEYLINE_USER`, else the login name.
pub fn actor() -> String {
    ["KEYLINE_USER", "USER", "USERNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}

/// The time now as RFC 3339 in UTC, to the second (what draft reports are dated with).
pub fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

/// The environment variable that names the database file.
pub const DB_ENV: &str = "KEYLINE_DB";

/// Where the database lives: `explicit` (the CLI's `--db`), else `$KEYLINE_DB`, else
/// `keyline.sqlite3` in the user's per-user application-data folder.
pub fn database_path(explicit: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(p) = explicit {
        return Ok(p);
    }
    if let Some(p) = std::env::var_os(DB_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let dirs = directories::ProjectDirs::from("uk.nhs", "Keyline", "Keyline").ok_or_else(|| {
            AppError::new(
                ErrorCode::Io,
                format!("cannot find your home folder to keep the database in; set {DB_ENV}=/path/to/keyline.sqlite3"),
            )
        })?;
    // Keyline's own folder is made on first use, readable by its owner only; a folder the
    // user names is theirs to make.
    Store::create_private_folder(dirs.data_dir())?;
    Ok(dirs.data_dir().join("keyline.sqlite3"))
}

#[cfg(test)]
mod tests;
