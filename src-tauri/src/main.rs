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
    leaner_webview();
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
    // One context (it embeds the front end) for whichever window opens.
    let context = tauri::generate_context!();
    let app = match opened {
        Ok(app) => app,
        Err(e) => {
            eprintln!("keyline: {}", e.message);
            return show_startup_problem(context, &e.message);
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
        .build(context);
    match result {
        Ok(app) => {
            private_webview_folder(&app);
            app.run(|_, _| {});
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("keyline: the window could not be started: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The webview keeps what it stores (the screen to return to, its caches) in the app's local
/// data folder, made here before any window is, readable by its owner only like Keyline's own
/// folder (one made earlier, by an older version, is restricted too). Elsewhere than unix the
/// per-user folders are already private.
fn private_webview_folder(app: &tauri::App) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        use tauri::Manager;
        let Ok(dir) = app.path().app_local_data_dir() else {
            return;
        };
        let made = std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&dir)
            .and_then(|()| std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)));
        if let Err(e) = made {
            eprintln!("keyline: cannot make {} private: {e}", dir.display());
        }
    }
    #[cfg(not(unix))]
    let _ = app;
}

/// WebKitGTK's DMA-BUF renderer keeps a GPU (or, without one, a software GL) context per web
/// process; drawing Keyline's pages in shared memory instead halves that process's memory
/// (docs/performance.md) and avoids the blank windows the renderer gives on some graphics
/// drivers. A value the user has set is kept. Set before any thread or window exists.
fn leaner_webview() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none() {
        std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
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

/// The address of the page that explains why Keyline could not start: a scheme of its own,
/// which each platform's webview spells in its own way.
const PROBLEM_SCHEME: &str = "keyline-problem";
#[cfg(any(windows, target_os = "android"))]
const PROBLEM_URL: &str = "http://keyline-problem.localhost/";
#[cfg(not(any(windows, target_os = "android")))]
const PROBLEM_URL: &str = "keyline-problem://localhost/";

/// An installed app has no terminal to read standard error in: when the database cannot be
/// opened, a window says why and what to do, and Keyline ends when it is closed. The page is
/// static (no script, no IPC) and the usual main window, which needs the database, is not made.
fn show_startup_problem(mut context: tauri::Context<tauri::Wry>, message: &str) -> ExitCode {
    context.config_mut().app.windows.clear();
    let page = problem_page(message).into_bytes();
    let result = tauri::Builder::default()
        .register_uri_scheme_protocol(PROBLEM_SCHEME, move |_, _| {
            tauri::http::Response::builder()
                .header("Content-Type", "text/html; charset=utf-8")
                .header(
                    "Content-Security-Policy",
                    "default-src 'none'; style-src 'unsafe-inline'",
                )
                .body(page.clone())
                .unwrap_or_default()
        })
        .setup(|app| {
            let url = tauri::WebviewUrl::CustomProtocol(PROBLEM_URL.parse()?);
            tauri::WebviewWindowBuilder::new(app, "problem", url)
                .title("Keyline cannot open its database")
                .inner_size(720.0, 440.0)
                .build()?;
            Ok(())
        })
        .build(context);
    match result {
        Ok(app) => {
            private_webview_folder(&app);
            app.run(|_, _| {});
        }
        Err(e) => eprintln!("keyline: the window could not be started: {e}"),
    }
    ExitCode::FAILURE
}

fn problem_page(message: &str) -> String {
    let escaped = keyline_report::escape_html(message);
    format!(
        r#"<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Keyline cannot open its database</title>
<style>
  body {{ font: 16px/1.5 system-ui, "Liberation Sans", Arial, sans-serif; color: #212b32;
         background: #f0f4f5; margin: 0; padding: 32px; }}
  h1 {{ font-size: 24px; margin: 0 0 16px; }}
  .problem {{ background: #fff; border-left: 8px solid #d5281b; padding: 12px 16px;
             white-space: pre-wrap; overflow-wrap: anywhere; }}
</style>
</head>
<body>
<main>
<h1>Keyline cannot open its database</h1>
<p class="problem" data-testid="startup-problem">{escaped}</p>
<p>Nothing in the database has been changed. Put right what is described above (or ask your
IT team to), then start Keyline again. To use another database file, start Keyline with
KEYLINE_DB set to its path.</p>
<p>Close this window to quit.</p>
</main>
</body>
</html>
"#
    )
}
