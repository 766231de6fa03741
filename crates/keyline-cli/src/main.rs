//! `keyline`: every Keyline use case from a terminal, for scripting, checking and support.
//! Each subcommand is a thin call into `keyline_app::App`; output is plain text for people
//! or JSON (`--json`) for scripts. Errors go to stderr and the exit code is 1.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use keyline_app::dto::{InspectionKind, NewInspection};
use keyline_app::{App, AppError, ErrorCode};

#[derive(Parser)]
#[command(
    name = "keyline",
    version,
    about = "Keyline: mock CQC inspections, scored and explained",
    long_about = "Keyline: mock CQC inspections, scored and explained.\n\n\
        Works on the same database as the desktop app. The database is --db PATH if given, \
        else $KEYLINE_DB, else keyline.sqlite3 in your per-user application-data folder \
        (~/.local/share/keyline on Linux).\n\n\
        A typical session:\n  \
        id=$(keyline inspections new --template cqc-saf-mh-ward --service 'Ward 7')\n  \
        keyline answer $id safe.learning-culture 3 --note 'Incident reviews seen'\n  \
        keyline score $id"
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
    /// Inspection templates (frameworks): list, show, validate and import them.
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// Inspections: start one, list them, show one.
    #[command(subcommand)]
    Inspections(InspectionsCommand),
    /// Answer one item of an inspection. Nothing is written if the value does not fit.
    Answer {
        inspection: i64,
        /// The item's id, as in `keyline templates show`.
        item: String,
        /// A scale value (e.g. 3), an option, yes / no / partial, a number, text, a date
        /// (YYYY-MM-DD), or `na` where the item allows N/A.
        #[arg(allow_negative_numbers = true)]
        value: String,
        /// A note to keep with the answer.
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
    /// Set (or, with empty TEXT, remove) the note on one item.
    Note {
        inspection: i64,
        item: String,
        text: String,
    },
    /// Moderate a section's computed rating; a written justification is required.
    Override {
        inspection: i64,
        /// The section (key question) id, e.g. `safe`.
        section: String,
        /// A rating id from the template (e.g. `good`), or `none` to remove the override.
        rating: String,
        #[arg(long, value_name = "TEXT")]
        justification: Option<String>,
    },
    /// Score an inspection: section points, percentages, ratings and why.
    Score {
        inspection: i64,
        /// Print {complete, overall, sections, items} as JSON.
        #[arg(long)]
        json: bool,
    },
    /// How far two inspections of the same template version agree (for moderation).
    Compare {
        inspection_a: i64,
        inspection_b: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum TemplatesCommand {
    /// List every template version in the database.
    List {
        /// Print a JSON array of {id, version, title, description, shipped, importedAt}.
        #[arg(long)]
        json: bool,
    },
    /// Show one template (the newest version unless --version is given).
    Show {
        id: String,
        #[arg(long, value_name = "V")]
        version: Option<String>,
        /// Print the template exactly in its file format.
        #[arg(long)]
        json: bool,
    },
    /// Check template files and report every problem; exit code 0 only if all are valid.
    Validate {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Add a template file to the database (a new version goes beside the old ones).
    Import { file: PathBuf },
}

#[derive(Subcommand)]
enum InspectionsCommand {
    /// Start an inspection; prints its id and nothing else.
    New {
        /// Template id (see `keyline templates list`).
        #[arg(long)]
        template: String,
        /// Template version; the newest when not given.
        #[arg(long, value_name = "V")]
        version: Option<String>,
        /// The ward or team inspected.
        #[arg(long)]
        service: String,
        #[arg(long, default_value = "mock", value_parser = ["mock", "self-assessment", "peer-review"])]
        kind: String,
        #[arg(long, default_value = "")]
        site: String,
        #[arg(long, default_value = "")]
        trust: String,
        /// YYYY-MM-DD; today when not given.
        #[arg(long)]
        date: Option<String>,
        /// The inspection team, e.g. "A. Okafor, B. Nowak".
        #[arg(long, default_value = "")]
        team: String,
    },
    /// List inspections, most recently changed first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show one inspection with its answers, notes and scores.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
}

/// Prints a line to stdout. When the reader has gone (`keyline … | head`), stops quietly
/// instead of panicking.
macro_rules! say {
    ($($arg:tt)*) => { emit(format_args!($($arg)*), true) };
}

fn emit(args: std::fmt::Arguments<'_>, newline: bool) {
    let mut out = std::io::stdout().lock();
    let written = if newline {
        writeln!(out, "{args}")
    } else {
        write!(out, "{args}")
    };
    if let Err(e) = written.and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("keyline: cannot write the output: {e}");
        std::process::exit(1);
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("keyline: {}", e.message);
            ExitCode::FAILURE
        }
    }
}

fn open(db: Option<PathBuf>) -> Result<App, AppError> {
    App::open(&keyline_app::database_path(db)?)
}

fn run(cli: Cli) -> Result<ExitCode, AppError> {
    match cli.command {
        Command::Templates(t) => return templates(cli.db, t),
        Command::Inspections(i) => inspections(open(cli.db)?, i)?,
        Command::Answer {
            inspection,
            item,
            value,
            note,
        } => {
            let score = open(cli.db)?.answer_text(inspection, &item, &value, note.as_deref())?;
            let answer = score
                .items
                .iter()
                .find(|i| i.id == item)
                .and_then(|i| i.answer.clone());
            eprintln!("saved: {item} = {}", answer.unwrap_or(value));
        }
        Command::Note {
            inspection,
            item,
            text,
        } => open(cli.db)?.save_note(inspection, &item, &text)?,
        Command::Override {
            inspection,
            section,
            rating,
            justification,
        } => {
            let mut app = open(cli.db)?;
            let score = if rating == "none" {
                app.set_override(inspection, &section, None)?
            } else {
                let justification = justification.unwrap_or_default();
                app.set_override(inspection, &section, Some((&rating, &justification)))?
            };
            if let Some(s) = score.sections.iter().find(|s| s.id == section) {
                say!("{}", s.explanation);
            }
        }
        Command::Score { inspection, json } => {
            let score = open(cli.db)?.score(inspection)?;
            if json {
                print_json(&score)?;
            } else {
                for s in &score.sections {
                    say!("{}", s.explanation);
                }
                say!("{}", score.overall.explanation);
                if !score.complete {
                    say!(
                        "Incomplete: {} still to answer ({}).",
                        score.missing.len(),
                        score.missing.join(", ")
                    );
                }
            }
        }
        Command::Compare {
            inspection_a,
            inspection_b,
            json,
        } => {
            let comparison = open(cli.db)?.compare(inspection_a, inspection_b)?;
            if json {
                print_json(&comparison)?;
            } else {
                say!("{}", comparison.explanation);
                for d in &comparison.biggest_differences {
                    say!(
                        "  {}  {}: A {} / B {}",
                        d.id,
                        d.title,
                        d.a.as_deref().unwrap_or("-"),
                        d.b.as_deref().unwrap_or("-")
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn templates(db: Option<PathBuf>, command: TemplatesCommand) -> Result<ExitCode, AppError> {
    match command {
        // Validation needs no database.
        TemplatesCommand::Validate { files } => return Ok(validate(&files)),
        TemplatesCommand::List { json } => {
            let templates = open(db)?.list_templates()?;
            if json {
                print_json(&templates)?;
            } else {
                for t in &templates {
                    say!("{}\t{}\t{}", t.id, t.version, t.title);
                }
            }
        }
        TemplatesCommand::Show { id, version, json } => {
            let app = open(db)?;
            if json {
                emit(
                    format_args!("{}", app.template_json(&id, version.as_deref())?),
                    false,
                );
            } else {
                let t = app.template(&id, version.as_deref())?;
                say!(
                    "{} (version {})\n{}\nSource: {}\n",
                    t.title,
                    t.version,
                    t.description,
                    t.source
                );
                for section in &t.sections {
                    say!("{}  {}", section.id, section.title);
                    for item in &section.items {
                        say!("  {}  {}", item.id, item.title);
                        for sub in &item.sub_items {
                            say!("    {}  {}", sub.id, sub.title);
                        }
                    }
                }
            }
        }
        TemplatesCommand::Import { file } => {
            let bytes = read_file(&file)?;
            let t = open(db)?.import_template(&file.display().to_string(), &bytes)?;
            say!("imported {} version {}: {}", t.id, t.version, t.title);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Reports every problem in every file; success only when all are valid.
fn validate(files: &[PathBuf]) -> ExitCode {
    let mut all_valid = true;
    for file in files {
        let origin = file.display().to_string();
        let problems = match std::fs::read(file) {
            Ok(bytes) => App::validate_template(&bytes),
            Err(e) => {
                all_valid = false;
                say!("{origin}: cannot read the file: {e}");
                continue;
            }
        };
        if problems.is_empty() {
            say!("{origin}: valid");
        } else {
            all_valid = false;
            for p in problems {
                say!("{origin}: {}: {}", p.path, p.message);
            }
        }
    }
    if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn inspections(mut app: App, command: InspectionsCommand) -> Result<(), AppError> {
    match command {
        InspectionsCommand::New {
            template,
            version,
            service,
            kind,
            site,
            trust,
            date,
            team,
        } => {
            let kind = InspectionKind::parse(&kind).ok_or_else(|| {
                AppError::new(
                    ErrorCode::InvalidInput,
                    "kind is mock, self-assessment or peer-review",
                )
            })?;
            let created = app.create_inspection(NewInspection {
                template_id: template,
                template_version: version,
                service,
                site,
                trust,
                kind,
                date,
                team,
            })?;
            say!("{}", created.id);
        }
        InspectionsCommand::List { json } => {
            let list = app.list_inspections()?;
            if json {
                print_json(&list)?;
            } else {
                for i in &list {
                    say!(
                        "{}\t{}\t{}\t{}\t{}/{} answered\t{}",
                        i.id,
                        i.date,
                        i.service,
                        i.template_title,
                        i.answered,
                        i.total,
                        i.rating_label.as_deref().unwrap_or("not rated")
                    );
                }
            }
        }
        InspectionsCommand::Show { id, json } => {
            let view = app.open_inspection(id)?;
            if json {
                print_json(&view)?;
            } else {
                let i = &view.inspection;
                say!(
                    "Inspection {}: {} ({}), {}",
                    i.id,
                    i.service,
                    i.kind,
                    i.date
                );
                say!(
                    "Template: {} version {}",
                    i.template_title,
                    i.template_version
                );
                say!("Progress: {} of {} answered", i.answered, i.total);
                for r in &view.responses {
                    say!("  {} = {}", r.item_id, r.answer.display());
                }
                for n in &view.notes {
                    say!("  note on {}: {}", n.item_id, n.text);
                }
                say!("{}", view.score.overall.explanation);
            }
        }
    }
    Ok(())
}

fn read_file(path: &std::path::Path) -> Result<Vec<u8>, AppError> {
    std::fs::read(path).map_err(|e| {
        AppError::new(
            ErrorCode::Io,
            format!("cannot read {}: {e}", path.display()),
        )
    })
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<(), AppError> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("cannot write JSON: {e}")))?;
    say!("{text}");
    Ok(())
}
