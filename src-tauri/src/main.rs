//! Keyline's desktop shell. It opens the database, then hands every IPC call straight to
//! the matching `keyline_app::App` method: commands here contain no logic of their own.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;

use std::process::ExitCode;
use std::sync::Mutex;

fn main() -> ExitCode {
    if let Some(message) = missing_display() {
        eprintln!("{message}");
        return ExitCode::FAILURE;
    }
    // The database, then the user's signing identity and trusted list (sign-off needs them).
    let opened = keyline_app::database_path(None)
        .and_then(|p| keyline_app::App::open(&p))
        .and_then(|mut app| {
            // A damaged signing identity must not lock anyone out of their inspections:
            // the app opens, and signing off says what is wrong.
            if let Err(e) = app.use_home(keyline_app::identity::Home::locate(None)?) {
                eprintln!("keyline: {}", e.message);
            }
            Ok(app)
        });
    let app = match opened {
        Ok(app) => app,
        Err(e) => {
            eprintln!("keyline: {}", e.message);
            return ExitCode::FAILURE;
        }
    };
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(commands::Db(Mutex::new(app)))
        .manage(commands::Exported::default())
        .invoke_handler(tauri::generate_handler![
            commands::list_templates,
            commands::import_template,
            commands::list_inspections,
            commands::create_inspection,
            commands::open_inspection,
            commands::answer,
            commands::clear_answer,
            commands::save_note,
            commands::set_override,
            commands::compare_inspections,
            commands::add_evidence,
            commands::list_actions,
            commands::add_action,
            commands::suggest_priority,
            commands::update_action,
            commands::delete_action,
            commands::remove_evidence,
            commands::delete_inspection,
            commands::sign_off,
            commands::amend_inspection,
            commands::verify_audit,
            commands::export_pdf,
            commands::open_exported,
            commands::evidence_image,
            commands::open_evidence,
            commands::settings,
            commands::create_identity,
            commands::trust_certificate,
            commands::untrust,
            commands::import_records,
            commands::export_bundle,
            commands::set_sync_folder,
            commands::sync_now,
            commands::board,
            commands::export_board,
            commands::export_board_pack,
            commands::template_library,
            commands::new_template_draft,
            commands::template_draft,
            commands::save_template_draft,
            commands::preview_template_draft,
            commands::publish_template_draft,
            commands::delete_template_draft,
            commands::archive_template,
            commands::compare_template_versions,
            commands::compare_template_draft,
            commands::export_template_sheet,
            commands::import_template_sheet,
        ])
        .run(tauri::generate_context!());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("keyline: the window could not be started: {e}");
            ExitCode::FAILURE
        }
    }
}

/// On Linux a window needs an X11 or Wayland display; without one GTK would abort, so say
/// how to run Keyline instead.
fn missing_display() -> Option<String> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let has = |v: &str| std::env::var_os(v).is_some_and(|s| !s.is_empty());
    if has("DISPLAY") || has("WAYLAND_DISPLAY") {
        return None;
    }
    let me = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| "keyline-desktop".to_string());
    Some(format!(
        "keyline: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set).\n\
         To run the desktop app on a machine without a screen, use a virtual one:\n\
         \n    xvfb-run -a {me}\n\n\
         (xvfb-run comes with the `xvfb` package). The `keyline` command works without a \
         display; `keyline demo` shows a finished inspection and its report."
    ))
}
