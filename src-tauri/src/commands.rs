//! The IPC surface. Each command is one call into `keyline_app::App`; errors cross as
//! `{ code, message }`. Every command must be listed in build.rs and allowed in
//! capabilities/default.json.

use std::sync::Mutex;

use keyline_app::{dto, App, AppError, ErrorCode, Result};
use tauri::State;

/// The opened database, shared by all commands.
pub struct Db(pub Mutex<App>);

impl Db {
    fn with<T>(&self, f: impl FnOnce(&mut App) -> Result<T>) -> Result<T> {
        let mut app = self.0.lock().map_err(|_| {
            AppError::new(
                ErrorCode::Database,
                "an earlier action failed part-way; please restart Keyline",
            )
        })?;
        f(&mut app)
    }
}

#[tauri::command]
pub fn list_templates(db: State<'_, Db>) -> Result<Vec<dto::TemplateSummary>> {
    db.with(|app| app.list_templates())
}
