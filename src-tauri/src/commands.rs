//! The IPC surface. Each command is one call into `keyline_app::App`; errors cross as
//! `{ code, message }`. Every command must be listed in build.rs and allowed in
//! capabilities/default.json.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use keyline_app::dto::{self, InspectionSummary, InspectionView, NewInspection, TemplateSummary};
use keyline_app::exchange;
use keyline_app::{App, AppError, ErrorCode, Result};
use keyline_core::scoring::{Answer, Comparison, ScoreResult};
use tauri::State;

/// The opened database, shared by all commands.
pub struct Db(pub Mutex<App>);

impl Db {
    fn with<T>(&self, f: impl FnOnce(&mut App) -> Result<T>) -> Result<T> {
        let mut app = self.0.lock().map_err(|_| {
            AppError::new(
                ErrorCode::Internal,
                "an earlier action failed part-way; please restart Keyline",
            )
        })?;
        f(&mut app)
    }
}

#[tauri::command]
pub fn list_templates(db: State<'_, Db>) -> Result<Vec<TemplateSummary>> {
    db.with(|app| app.list_templates())
}

#[tauri::command]
pub fn import_template(
    db: State<'_, Db>,
    file_name: String,
    content: String,
) -> Result<TemplateSummary> {
    db.with(|app| app.import_template(&file_name, content.as_bytes()))
}

#[tauri::command]
pub fn list_inspections(db: State<'_, Db>) -> Result<Vec<InspectionSummary>> {
    db.with(|app| app.list_inspections())
}

#[tauri::command]
pub fn create_inspection(db: State<'_, Db>, new: NewInspection) -> Result<InspectionSummary> {
    db.with(|app| app.create_inspection(new))
}

#[tauri::command]
pub fn open_inspection(db: State<'_, Db>, id: i64) -> Result<InspectionView> {
    db.with(|app| app.open_inspection(id))
}

#[tauri::command]
pub fn answer(
    db: State<'_, Db>,
    id: i64,
    item_id: String,
    answer: Answer,
) -> Result<dto::Progress> {
    db.with(|app| app.answer(id, &item_id, answer))
}

#[tauri::command]
pub fn clear_answer(db: State<'_, Db>, id: i64, item_id: String) -> Result<dto::Progress> {
    db.with(|app| app.clear_answer(id, &item_id))
}

#[tauri::command]
pub fn save_note(
    db: State<'_, Db>,
    id: i64,
    item_id: String,
    text: String,
) -> Result<dto::Progress> {
    db.with(|app| app.save_note(id, &item_id, &text))
}

#[tauri::command]
pub fn set_override(
    db: State<'_, Db>,
    id: i64,
    section_id: String,
    moderation: Option<dto::Moderation>,
) -> Result<ScoreResult> {
    db.with(|app| {
        app.set_override(
            id,
            &section_id,
            moderation
                .as_ref()
                .map(|m| (m.rating.as_str(), m.justification.as_str())),
        )
    })
}

#[tauri::command]
pub fn compare_inspections(db: State<'_, Db>, a: i64, b: i64) -> Result<Comparison> {
    db.with(|app| app.compare(a, b))
}

/// Evidence arrives as the raw file bytes, with the inspection, item and file name in
/// headers (percent-encoded by `encodeURIComponent`), so large photos skip JSON.
#[tauri::command]
pub fn add_evidence(db: State<'_, Db>, request: tauri::ipc::Request<'_>) -> Result<dto::Evidence> {
    let upload = Upload::from_request(&request)?;
    db.with(|app| {
        app.add_evidence(
            upload.inspection_id,
            &upload.item_id,
            &upload.file_name,
            upload.bytes,
        )
    })
}

#[tauri::command]
pub fn list_actions(db: State<'_, Db>, inspection_id: Option<i64>) -> Result<Vec<dto::Action>> {
    db.with(|app| app.list_actions(inspection_id))
}

#[tauri::command]
pub fn add_action(db: State<'_, Db>, action: dto::NewAction) -> Result<dto::Action> {
    db.with(|app| app.add_action(action))
}

#[tauri::command]
pub fn suggest_priority(
    db: State<'_, Db>,
    inspection_id: i64,
    item_id: String,
) -> Result<dto::PrioritySuggestion> {
    db.with(|app| app.suggest_priority(inspection_id, &item_id))
}

#[tauri::command]
pub fn update_action(db: State<'_, Db>, id: i64, change: dto::ActionChange) -> Result<dto::Action> {
    db.with(|app| app.update_action(id, change))
}

/// Deletes an action raised by mistake (refused once its inspection is signed off).
#[tauri::command]
pub fn delete_action(db: State<'_, Db>, id: i64) -> Result<dto::Action> {
    db.with(|app| app.delete_action(id))
}

/// Removes an evidence file (refused once its inspection is signed off).
#[tauri::command]
pub fn remove_evidence(db: State<'_, Db>, id: i64) -> Result<dto::Evidence> {
    db.with(|app| app.remove_evidence(id))
}

/// Deletes an inspection that is not signed off, recording it in the audit trail.
#[tauri::command]
pub fn delete_inspection(db: State<'_, Db>, id: i64) -> Result<InspectionSummary> {
    db.with(|app| app.delete_inspection(id))
}

#[tauri::command]
pub fn sign_off(
    db: State<'_, Db>,
    id: i64,
    inspector: String,
    reviewer: String,
) -> Result<dto::SignOff> {
    db.with(|app| app.sign_off(id, &inspector, &reviewer))
}

#[tauri::command]
pub fn amend_inspection(db: State<'_, Db>, id: i64) -> Result<InspectionSummary> {
    db.with(|app| app.amend(id))
}

#[tauri::command]
pub fn verify_audit(db: State<'_, Db>, id: Option<i64>) -> Result<dto::AuditCheck> {
    db.with(|app| app.verify_audit(id))
}

/// The parts of an evidence upload request.
struct Upload<'r> {
    inspection_id: i64,
    item_id: String,
    file_name: String,
    bytes: &'r [u8],
}

impl<'r> Upload<'r> {
    fn from_request(request: &'r tauri::ipc::Request<'_>) -> Result<Upload<'r>> {
        let bad = |what: &str| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("the upload is missing {what}"),
            )
        };
        let header = |name: &str| {
            request
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|v| {
                    percent_encoding::percent_decode_str(v)
                        .decode_utf8_lossy()
                        .into_owned()
                })
        };
        let tauri::ipc::InvokeBody::Raw(bytes) = request.body() else {
            return Err(bad("the file's bytes"));
        };
        Ok(Upload {
            inspection_id: header("x-inspection")
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| bad("the inspection"))?,
            item_id: header("x-item").ok_or_else(|| bad("the item"))?,
            file_name: header("x-file-name").ok_or_else(|| bad("the file name"))?,
            bytes,
        })
    }
}

/// Writes the inspection's report to `path` (chosen by the user in the save dialog).
#[tauri::command]
pub fn export_pdf(
    db: State<'_, Db>,
    exported: State<'_, Exported>,
    id: i64,
    path: std::path::PathBuf,
) -> Result<dto::ExportedReport> {
    // The save dialog has already asked before replacing a file.
    let report = db.with(|app| {
        app.export_pdf_to(
            id,
            &keyline_app::now_rfc3339(),
            &path,
            keyline_app::Overwrite::Replace,
        )
    })?;
    if let Ok(mut paths) = exported.0.lock() {
        paths.insert(path);
    }
    Ok(report)
}

/// The reports exported in this session: the only files the window may ask to open or show.
#[derive(Default)]
pub struct Exported(pub Mutex<std::collections::HashSet<PathBuf>>);

/// Opens a report exported in this session in the user's PDF reader, or (`reveal`) shows it
/// in its folder. Any other path is refused: the window cannot open files of its choosing.
#[tauri::command]
pub fn open_exported(
    app: tauri::AppHandle,
    exported: State<'_, Exported>,
    path: PathBuf,
    reveal: bool,
) -> Result<()> {
    use tauri_plugin_opener::OpenerExt;
    let known = exported
        .0
        .lock()
        .map(|p| p.contains(&path))
        .unwrap_or(false);
    if !known {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            "Keyline opens only the reports it has exported in this session",
        ));
    }
    let opened = if reveal {
        app.opener().reveal_item_in_dir(&path)
    } else {
        app.opener().open_path(path.to_string_lossy(), None::<&str>)
    };
    opened.map_err(|e| {
        AppError::new(
            ErrorCode::Io,
            format!("could not open {}: {e}", path.display()),
        )
    })
}

/// The most a thumbnail's source may be: photos are stored whole, but a thumbnail of a
/// larger file is not worth sending to the window.
const THUMBNAIL_MAX_BYTES: usize = 25 * 1024 * 1024;

/// An evidence photo's bytes, for its thumbnail (images only).
#[tauri::command]
pub fn evidence_image(db: State<'_, Db>, id: i64) -> Result<tauri::ipc::Response> {
    let (meta, bytes) = db.with(|app| app.evidence_file(id))?;
    if !meta.media_type.starts_with("image/") || bytes.len() > THUMBNAIL_MAX_BYTES {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            format!("{} is not a photo Keyline shows", meta.file_name),
        ));
    }
    Ok(tauri::ipc::Response::new(bytes))
}

/// Opens an evidence file in the program the system uses for its type: the file is written
/// to Keyline's own cache folder first (once per file content), under a safe version of its name.
#[tauri::command]
pub fn open_evidence(app: tauri::AppHandle, db: State<'_, Db>, id: i64) -> Result<()> {
    use tauri::Manager;
    use tauri_plugin_opener::OpenerExt;
    let (meta, bytes) = db.with(|a| a.evidence_file(id))?;
    let io = |e: std::io::Error| {
        AppError::new(
            ErrorCode::Io,
            format!("could not open {}: {e}", meta.file_name),
        )
    };
    let cache = app
        .path()
        .app_cache_dir()
        .map_err(|e| AppError::new(ErrorCode::Io, format!("there is no cache folder: {e}")))?;
    let dir = cache
        .join("evidence")
        .join(&meta.sha256[..meta.sha256.len().min(16)]);
    std::fs::create_dir_all(&dir).map_err(io)?;
    let file = dir.join(safe_file_name(&meta.file_name));
    if !file.is_file() {
        keyline_app::write_file_atomically(&file, &bytes, keyline_app::Overwrite::Replace)?;
    }
    app.opener()
        .open_path(file.to_string_lossy(), None::<&str>)
        .map_err(|e| {
            AppError::new(
                ErrorCode::Io,
                format!("could not open {}: {e}", meta.file_name),
            )
        })
}

/// A file name that is safe on every system: letters, digits, spaces, dots, hyphens and
/// underscores; never empty, never hidden.
fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, ' ' | '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let cleaned = cleaned.trim_start_matches('.').trim().to_string();
    if cleaned.is_empty() {
        "evidence".to_string()
    } else {
        cleaned
    }
}

/// What the Settings screen shows: the signing identity, the trusted signers, the sync folder.
#[tauri::command]
pub fn settings(db: State<'_, Db>) -> Result<dto::SettingsView> {
    db.with(|app| app.settings())
}

/// Makes the user's signing identity (once; an existing one is never replaced).
#[tauri::command]
pub fn create_identity(
    db: State<'_, Db>,
    name: String,
    organisation: String,
) -> Result<dto::Signer> {
    db.with(|app| {
        app.create_identity(&name, &organisation)
            .map(|c| (&c).into())
    })
}

/// Trusts the signer of a certificate (`.pem`) or a signed report PDF, chosen in the open dialog.
#[tauri::command]
pub fn trust_certificate(db: State<'_, Db>, path: PathBuf) -> Result<dto::Signer> {
    db.with(|app| app.trust_file(&path))
}

/// Stops trusting the signer whose certificate fingerprint starts with `fingerprint`.
#[tauri::command]
pub fn untrust(db: State<'_, Db>, fingerprint: String) -> Result<dto::Signer> {
    db.with(|app| app.untrust(&fingerprint))
}

/// Imports a `.keyline` bundle or a signed report PDF (chosen in the open dialog or dropped).
#[tauri::command]
pub fn import_records(db: State<'_, Db>, path: PathBuf) -> Result<exchange::ImportReport> {
    db.with(|app| app.import_file(&path))
}

/// Writes the signed records of `ids` to `path` (chosen in the save dialog).
#[tauri::command]
pub fn export_bundle(
    db: State<'_, Db>,
    ids: Vec<i64>,
    path: PathBuf,
) -> Result<exchange::BundleReport> {
    // An empty selection would mean every signed record: the UI always names them.
    if ids.is_empty() {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            "choose at least one signed-off inspection to export",
        ));
    }
    let selection = exchange::Selection {
        inspections: ids,
        since: None,
        template: None,
    };
    // The save dialog has already asked before replacing a file.
    db.with(|app| app.export_bundle(&path, &selection, keyline_app::Overwrite::Replace))
}

/// Sets (or, with none, forgets) the folder this database syncs with.
#[tauri::command]
pub fn set_sync_folder(db: State<'_, Db>, path: Option<PathBuf>) -> Result<()> {
    db.with(|app| app.set_sync_folder(path.as_deref()))
}

/// Syncs with the saved sync folder.
#[tauri::command]
pub fn sync_now(db: State<'_, Db>) -> Result<exchange::SyncReport> {
    db.with(|app| {
        let (folder, _) = app.sync_status()?;
        let folder = folder.ok_or_else(|| {
            AppError::new(
                ErrorCode::InvalidInput,
                "there is no sync folder yet: choose one in Settings first",
            )
        })?;
        app.sync(Path::new(&folder))
    })
}

#[cfg(test)]
mod tests {
    use super::safe_file_name;

    #[test]
    fn evidence_is_opened_under_a_safe_name() {
        assert_eq!(safe_file_name("clinic room.jpg"), "clinic room.jpg");
        assert_eq!(safe_file_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_file_name(".hidden"), "hidden");
        assert_eq!(safe_file_name("///"), "___");
        assert_eq!(safe_file_name(""), "evidence");
        assert_eq!(safe_file_name("Cân y ward.png"), "Cân y ward.png");
    }
}

/// The governance board for `filter`, actions aged as of today.
#[tauri::command]
pub fn board(db: State<'_, Db>, filter: keyline_app::BoardFilter) -> Result<keyline_app::Board> {
    db.with(|app| {
        app.board_listing(
            &filter,
            &keyline_app::today(),
            Some(keyline_app::SCREEN_ACTIONS),
        )
    })
}

/// The board's tables as a folder of CSV files or an XLSX workbook, at a path from the
/// dialog; the written path may then be opened or shown.
#[tauri::command]
pub fn export_board(
    db: State<'_, Db>,
    exported: State<'_, Exported>,
    filter: keyline_app::BoardFilter,
    format: dto::BoardFormat,
    path: PathBuf,
) -> Result<dto::ExportedBoard> {
    let done = db.with(|app| app.export_board(&filter, &keyline_app::today(), format, &path))?;
    if let Ok(mut paths) = exported.0.lock() {
        paths.insert(path);
    }
    Ok(done)
}

/// The board pack PDF for `filter`, at a path from the save dialog.
#[tauri::command]
pub fn export_board_pack(
    db: State<'_, Db>,
    exported: State<'_, Exported>,
    filter: keyline_app::BoardFilter,
    path: PathBuf,
) -> Result<dto::ExportedReport> {
    let done = db.with(|app| {
        app.export_board_pack_to(
            &filter,
            &keyline_app::today(),
            &keyline_app::now_rfc3339(),
            &path,
        )
    })?;
    if let Ok(mut paths) = exported.0.lock() {
        paths.insert(path);
    }
    Ok(done)
}

/// Every template version (archived or not, with how many inspections follow it) and every
/// draft: the Templates screen.
#[tauri::command]
pub fn template_library(db: State<'_, Db>) -> Result<dto::TemplateLibrary> {
    db.with(|app| app.template_library())
}

/// A new draft: a copy of a stored version, or (both `None`) a new template.
#[tauri::command]
pub fn new_template_draft(
    db: State<'_, Db>,
    template_id: Option<String>,
    version: Option<String>,
) -> Result<dto::TemplateDraft> {
    db.with(|app| match (template_id.as_deref(), version.as_deref()) {
        (Some(id), Some(version)) => app.new_template_draft(Some((id, version))),
        _ => app.new_template_draft(None),
    })
}

#[tauri::command]
pub fn template_draft(db: State<'_, Db>, id: i64) -> Result<dto::TemplateDraft> {
    db.with(|app| app.template_draft(id))
}

/// Saves a draft as typed (JSON text) and returns what the core finds wrong with it.
#[tauri::command]
pub fn save_template_draft(db: State<'_, Db>, id: i64, content: String) -> Result<dto::DraftSaved> {
    db.with(|app| app.save_template_draft(id, &content))
}

/// Scores and item states of a draft under these answers (nothing is stored).
#[tauri::command]
pub fn preview_template_draft(
    content: String,
    responses: Vec<keyline_core::scoring::Response>,
) -> Result<dto::Progress> {
    App::preview_template_draft(&content, &responses)
}

#[tauri::command]
pub fn publish_template_draft(
    db: State<'_, Db>,
    id: i64,
    version: String,
) -> Result<TemplateSummary> {
    db.with(|app| app.publish_template_draft(id, &version))
}

#[tauri::command]
pub fn delete_template_draft(db: State<'_, Db>, id: i64) -> Result<()> {
    db.with(|app| app.delete_template_draft(id))
}

#[tauri::command]
pub fn archive_template(
    db: State<'_, Db>,
    template_id: String,
    version: String,
    archived: bool,
) -> Result<TemplateSummary> {
    db.with(|app| app.archive_template(&template_id, &version, archived))
}

#[tauri::command]
pub fn compare_template_versions(
    db: State<'_, Db>,
    template_id: String,
    from: String,
    to: String,
) -> Result<Vec<keyline_core::template::Change>> {
    db.with(|app| app.compare_template_versions(&template_id, &from, &to))
}

/// What a draft changes from the version it was copied from.
#[tauri::command]
pub fn compare_template_draft(
    db: State<'_, Db>,
    id: i64,
) -> Result<Vec<keyline_core::template::Change>> {
    db.with(|app| app.compare_draft(id))
}

/// Writes a template version as a spreadsheet (.xlsx) at a path from the save dialog.
#[tauri::command]
pub fn export_template_sheet(
    db: State<'_, Db>,
    exported: State<'_, Exported>,
    template_id: String,
    version: String,
    path: PathBuf,
) -> Result<PathBuf> {
    let done = db.with(|app| {
        // The save dialog has asked before replacing a file.
        app.export_template_sheet(
            &template_id,
            Some(&version),
            &path,
            keyline_app::Overwrite::Replace,
        )
    })?;
    if let Ok(mut paths) = exported.0.lock() {
        paths.insert(done.clone());
    }
    Ok(done)
}

/// Reads a spreadsheet (.xlsx or .csv, from the open dialog) into a new draft.
#[tauri::command]
pub fn import_template_sheet(db: State<'_, Db>, path: PathBuf) -> Result<dto::TemplateDraft> {
    db.with(|app| app.import_template_sheet(&path))
}
