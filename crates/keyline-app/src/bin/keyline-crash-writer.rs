//! A helper for the crash test (`crates/keyline-app/tests/crash.rs`), not a product binary.
//!
//! `keyline-crash-writer DB INSPECTION START` opens the database as the app does, prints
//! `READY`, then saves answers with notes to the inspection's items in a fixed sequence,
//! one `App::answer_text` call per step, and after each call returns prints
//! `ACK <counter> <item> <level>` and flushes. Step `c` (counting from `START`) answers item
//! `c % n` with level `(c / n) % 4 + 1` and the note `c`, so the test can tell which value
//! each item must hold after the writer is killed. It stops by itself after 60 seconds in
//! case nobody kills it.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use keyline_app::App;

/// The items of the inspection's template, in template order.
fn items(app: &App, inspection: i64) -> Result<Vec<String>, String> {
    let view = app.open_inspection(inspection).map_err(|e| e.message)?;
    Ok(view
        .template
        .sections
        .iter()
        .flat_map(|s| s.items.iter().map(|i| i.id.clone()))
        .collect())
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [db, inspection, start] = args.as_slice() else {
        return Err("usage: keyline-crash-writer DB INSPECTION START".to_string());
    };
    let inspection: i64 = inspection
        .parse()
        .map_err(|e| format!("INSPECTION must be a number: {e}"))?;
    let start: u64 = start
        .parse()
        .map_err(|e| format!("START must be a number: {e}"))?;
    let mut app = App::open(&PathBuf::from(db)).map_err(|e| e.message)?;
    let items = items(&app, inspection)?;
    if items.is_empty() {
        return Err(format!("inspection {inspection} has no items"));
    }
    let n = items.len() as u64;
    let mut out = std::io::stdout().lock();
    let say = |out: &mut std::io::StdoutLock<'_>, line: String| {
        writeln!(out, "{line}")
            .and_then(|()| out.flush())
            .map_err(|e| format!("cannot write to stdout: {e}"))
    };
    say(&mut out, "READY".to_string())?;
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut counter = start;
    while Instant::now() < deadline {
        let item = &items[(counter % n) as usize];
        let level = (counter / n) % 4 + 1;
        app.answer_text(
            inspection,
            item,
            &level.to_string(),
            Some(&counter.to_string()),
        )
        .map_err(|e| format!("step {counter}: {}", e.message))?;
        say(&mut out, format!("ACK {counter} {item} {level}"))?;
        counter += 1;
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("keyline-crash-writer: {e}");
            ExitCode::FAILURE
        }
    }
}
