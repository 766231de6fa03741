//! `keyline`: every Keyline use case from a terminal, for scripting, checking and support.
//! Each subcommand is a thin call into `keyline_app::App`; output is plain text for people
//! or JSON (`--json`) for scripts. Errors go to stderr and the exit code is 1.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use keyline_app::{App, AppError};

#[derive(Parser)]
#[command(
    name = "keyline",
    version,
    about = "Keyline: mock CQC inspections, scored and reported",
    long_about = "Keyline: mock CQC inspections, scored and reported.\n\n\
        Works on the same database as the desktop app. The database is --db PATH if given, \
        else $KEYLINE_DB, else keyline.sqlite3 in your per-user application-data folder \
        (~/.local/share/keyline on Linux)."
)]
struct Cli {
    /// The database file to use (created if missing).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Inspection templates (frameworks): list them.
    #[command(subcommand)]
    Templates(TemplatesCommand),
}

#[derive(Subcommand)]
enum TemplatesCommand {
    /// List every template version in the database.
    List {
        /// Print a JSON array of {id, version, title, description, shipped, importedAt}.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("keyline: {}", e.message);
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), AppError> {
    let app = App::open(&keyline_app::database_path(cli.db)?)?;
    match cli.command {
        Command::Templates(TemplatesCommand::List { json }) => {
            let templates = app.list_templates()?;
            if json {
                print_json(&templates);
            } else {
                for t in &templates {
                    println!("{}\t{}\t{}", t.id, t.version, t.title);
                }
            }
        }
    }
    Ok(())
}

fn print_json<T: serde::Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(s) => println!("{s}"),
        Err(e) => eprintln!("keyline: cannot write JSON: {e}"),
    }
}
