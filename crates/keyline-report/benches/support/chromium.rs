//! Headless Chromium printing an HTML page to PDF: what Keyline's report export is measured
//! against. Included by the report's and the CLI's export benchmarks.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The installed Chromium (or Chrome), if any.
pub fn find() -> Option<PathBuf> {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .into_iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

/// Prints `html` to `pdf` headless, with a profile of its own and no header or footer;
/// whether it succeeded.
pub fn print_to_pdf(browser: &Path, html: &Path, pdf: &Path, profile: &Path) -> bool {
    Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(html)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}
