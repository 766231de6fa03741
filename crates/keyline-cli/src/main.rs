//! `keyline`: every Keyline use case from a terminal, for scripting, checking and support.
//! Each subcommand is a thin call into `keyline_app::App`; output is plain text for people
//! or JSON (`--json`) for scripts. Errors go to stderr and the exit code is 1.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

mod term;

use clap::{Parser, Subcommand};
use keyline_app::dto::{
    ActionChange, ActionStatus, BoardFormat, InspectionKind, NewAction, NewInspection, Priority,
    RequirementKind,
};
use keyline_app::identity::{self, Home};
use keyline_app::{files, App, AppError, ErrorCode, Overwrite};
use term::field;

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

/// What the board is narrowed to; each left out means "all".
#[derive(clap::Args, Debug, Clone, Default)]
struct BoardArgs {
    /// Only this trust.
    #[arg(long)]
    trust: Option<String>,
    /// Only this site (hospital).
    #[arg(long)]
    site: Option<String>,
    /// The template family (id); the one with most signed-off inspections when left out.
    #[arg(long)]
    template: Option<String>,
    /// Only this kind of inspection in the table, trends, themes and actions.
    #[arg(long, value_parser = ["mock", "self-assessment", "peer-review"])]
    kind: Option<String>,
    /// First inspection date taken in, YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Last inspection date taken in, YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Inspections of one ward at most this many days apart are compared [default: 14].
    #[arg(long, value_name = "DAYS")]
    consistency_days: Option<u32>,
    /// Age actions as of this date, YYYY-MM-DD [default: today].
    #[arg(long, value_name = "DATE")]
    today: Option<String>,
}

impl BoardArgs {
    fn filter(&self) -> keyline_app::BoardFilter {
        keyline_app::BoardFilter {
            trust: self.trust.clone(),
            site: self.site.clone(),
            template: self.template.clone(),
            kind: self.kind.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            consistency_days: self.consistency_days,
        }
    }
    fn today(&self) -> String {
        self.today.clone().unwrap_or_else(keyline_app::today)
    }
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
    /// Attach files to items as evidence.
    #[command(subcommand)]
    Evidence(EvidenceCommand),
    /// Actions raised from inspections: add, update, list.
    #[command(subcommand)]
    Action(ActionCommand),
    /// Sign an inspection off; from then on it is read-only (actions stay open).
    SignOff {
        inspection: i64,
        #[arg(long)]
        inspector: String,
        /// Someone other than the inspector.
        #[arg(long)]
        reviewer: String,
    },
    /// The audit trail: check its hash chain and the data against it, or list it.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Write a consistent copy of the database to a new file (safe while the app runs).
    Backup { out: PathBuf },
    /// Replace the database with a backup, after checking the backup is intact.
    Restore { file: PathBuf },
    /// Export an inspection's scored report as a PDF.
    Export {
        inspection: i64,
        /// Where to write the PDF.
        #[arg(long, value_name = "OUT")]
        pdf: PathBuf,
        /// Replace OUT if it already exists.
        #[arg(long)]
        force: bool,
    },
    /// Check a report PDF: its signature over the whole file, that every page is what its
    /// embedded record draws, who signed it and whether you trust them, and (where this
    /// database holds the record) that the database agrees. Needs no database. Exit code 0
    /// only when it is verified.
    Verify {
        report: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Create a realistic, completed mock inspection of a fictional ward in a fresh database
    /// and export its report: a demonstration that needs no display.
    Demo {
        /// The PDF to write: the inspection's report [default: keyline-demo.pdf], or with
        /// --alliance the board pack (none unless given).
        #[arg(long, value_name = "OUT")]
        pdf: Option<PathBuf>,
        /// Instead, a fictional alliance of four trusts and about 40 wards with a year of
        /// monthly self-assessments and quarterly mock inspections, signed off, with actions
        /// (some overdue): a living board at once.
        #[arg(long)]
        alliance: bool,
        /// With --alliance: about this many inspections in all (for benchmarks; the number of
        /// wards grows to fit).
        #[arg(long, value_name = "N", requires = "alliance")]
        inspections: Option<usize>,
        /// With --alliance: the seed of the generator (the same seed and day, the same data).
        #[arg(long, default_value_t = 1, requires = "alliance")]
        seed: u64,
    },
    /// Your signing identity: the key sign-off signs with (kept in your own Keyline folder).
    #[command(subcommand)]
    Identity(IdentityCommand),
    /// The signers you trust: whose signed records and reports verify as theirs.
    #[command(subcommand)]
    Trust(TrustCommand),
    /// Bundles of signed records: one file to send to another trust, and to import.
    #[command(subcommand)]
    Bundle(BundleCommand),
    /// Exchange signed records through a shared folder: write this database's records that
    /// the folder lacks, and import the folder's records that this database lacks.
    Sync {
        folder: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// The governance board over every signed-off inspection (imported ones included): each
    /// ward's latest rating per key question, trends, self-assessment gaps, consistency
    /// between inspectors, themes and ageing actions. Prints a summary, or the whole board
    /// with --json; --csv and --xlsx export its tables.
    Board {
        #[command(flatten)]
        filter: BoardArgs,
        /// Print the whole board as JSON (what the Board screen shows).
        #[arg(long)]
        json: bool,
        /// Write one CSV file per table into this folder (made if missing).
        #[arg(long, value_name = "DIR")]
        csv: Option<PathBuf>,
        /// Write an XLSX workbook with one sheet per table.
        #[arg(long, value_name = "OUT")]
        xlsx: Option<PathBuf>,
        /// List at most N open actions (the most overdue), as the Board screen does; the
        /// counts still cover them all.
        #[arg(long, value_name = "N")]
        actions: Option<usize>,
    },
    /// The board pack: a PDF for the governance board (a one-page summary, the wards and
    /// key questions, trends, themes, self-assessment gaps, consistency and the actions),
    /// with the same filters as `keyline board`.
    BoardPack {
        #[command(flatten)]
        filter: BoardArgs,
        /// Where to write the PDF.
        #[arg(long, value_name = "OUT")]
        pdf: PathBuf,
        /// Replace OUT if it already exists.
        #[arg(long)]
        force: bool,
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
    /// Add a template to the database (a new version goes beside the old ones): a template
    /// file (.json), or a spreadsheet in Keyline's layout (.xlsx, or .csv with its sheets one
    /// after another; see docs/templates.md).
    Import { file: PathBuf },
    /// Write a template version as a spreadsheet to edit in Excel and import again.
    Export {
        id: String,
        #[arg(long, value_name = "V")]
        version: Option<String>,
        /// The .xlsx to write.
        #[arg(long, value_name = "OUT", required_unless_present = "csv")]
        xlsx: Option<PathBuf>,
        /// Or one .csv holding every sheet, one after another.
        #[arg(long, value_name = "OUT", conflicts_with = "xlsx")]
        csv: Option<PathBuf>,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// What changed from one version of a template to another, in words.
    Compare {
        id: String,
        from: String,
        to: String,
        /// Print a JSON array of {kind, place, words}.
        #[arg(long)]
        json: bool,
    },
    /// Hide a version from new inspections (inspections that follow it keep it); with
    /// --restore, offer it again.
    Archive {
        id: String,
        version: String,
        #[arg(long)]
        restore: bool,
    },
}

#[derive(Subcommand)]
enum IdentityCommand {
    /// Make your signing identity (once): a key pair and a certificate with your name and
    /// organisation.
    Create {
        /// Your name as it should appear on signed reports, e.g. "A. Okafor".
        #[arg(long)]
        name: String,
        /// Your organisation, e.g. "Example NHS Foundation Trust".
        #[arg(long)]
        organisation: String,
    },
    /// Show your identity: name, organisation and certificate fingerprint.
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Write your certificate (never your key) to a file, to give to those who check your reports.
    Export {
        out: PathBuf,
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
enum TrustCommand {
    /// Trust a signer's certificate: a .pem file they exported, or a report PDF they signed
    /// (check the fingerprint it prints with them).
    Add { certificate: PathBuf },
    /// List the trusted signers.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Stop trusting a signer, by certificate fingerprint (its first 8 or more hex digits).
    Remove { fingerprint: String },
}

#[derive(Subcommand)]
enum BundleCommand {
    /// Write signed records (all, or those chosen) to one .keyline file.
    Export {
        out: PathBuf,
        /// An inspection to include (repeat for more); all signed records when none is given.
        #[arg(long = "inspection", value_name = "ID")]
        inspections: Vec<i64>,
        /// Only records signed off on or after this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Only records of this template id.
        #[arg(long, value_name = "ID")]
        template: Option<String>,
        #[arg(long)]
        force: bool,
    },
    /// Import bundles or signed report PDFs: each all or nothing, checked before writing.
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum EvidenceCommand {
    /// Attach a file (photo, PDF, document) to an item.
    Add {
        inspection: i64,
        item: String,
        file: PathBuf,
    },
    /// List an inspection's evidence with each file's SHA-256.
    List {
        inspection: i64,
        #[arg(long)]
        json: bool,
    },
    /// Remove an evidence file attached by mistake (not after sign-off).
    Remove { evidence: i64 },
}

#[derive(Subcommand)]
enum ActionCommand {
    /// Raise an action; prints its id.
    Add {
        inspection: i64,
        #[arg(long)]
        title: String,
        #[arg(long, default_value = "")]
        owner: String,
        /// YYYY-MM-DD.
        #[arg(long)]
        due: Option<String>,
        /// The item the action comes from.
        #[arg(long)]
        item: Option<String>,
        /// `must-do` (a breach of a regulation), `should-do`, or `suggested` for what
        /// Keyline suggests from the item's answer and regulations.
        #[arg(long, value_parser = ["must-do", "should-do", "suggested"])]
        priority: Option<String>,
        /// A regulation the action answers (9 to 20A); repeat for more. A must do from an
        /// item takes the item's regulations when none is given.
        #[arg(long = "regulation")]
        regulations: Vec<String>,
    },
    /// Change an action's status, title, owner, due date or priority (each change is
    /// recorded).
    Update {
        action: i64,
        #[arg(long, value_parser = ["not-started", "in-progress", "completed"])]
        status: Option<String>,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        owner: Option<String>,
        /// YYYY-MM-DD, or `none` to clear it.
        #[arg(long)]
        due: Option<String>,
        /// `must-do`, `should-do`, or `none` to clear it (not after sign-off).
        #[arg(long, value_parser = ["must-do", "should-do", "none"])]
        priority: Option<String>,
        /// Replaces the regulations the action cites; repeat for more.
        #[arg(long = "regulation")]
        regulations: Vec<String>,
    },
    /// Delete an action raised by mistake (not after sign-off: mark it completed instead).
    Delete { action: i64 },
    /// What Keyline suggests for an action raised against an item: must do or should do.
    Suggest { inspection: i64, item: String },
    /// List actions, of every inspection or of one.
    List {
        #[arg(long)]
        inspection: Option<i64>,
        #[arg(long, value_parser = ["not-started", "in-progress", "completed"])]
        status: Option<String>,
        #[arg(long)]
        owner: Option<String>,
        /// Only must-dos, only should-dos, or only actions with no priority.
        #[arg(long, value_parser = ["must-do", "should-do", "none"])]
        priority: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the hash chain, and that the data is what the trail says; exit 1 if not.
    Verify {
        inspection: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// List an inspection's audit trail: what changed, old → new, who, when.
    Log {
        inspection: i64,
        #[arg(long)]
        json: bool,
    },
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
    /// Start an amended copy of a signed-off inspection (the original stays as signed);
    /// prints the new inspection's id.
    Amend { id: i64 },
    /// Delete an inspection that is not signed off, with its answers, evidence and actions
    /// (the audit trail records it). Asks nothing: pass --yes to confirm.
    Delete {
        id: i64,
        /// Confirms the deletion.
        #[arg(long)]
        yes: bool,
    },
}

/// Prints a line to stdout. When the reader has gone (`keyline … | head`), stops quietly
/// instead of panicking.
/// Text for people: any control character that is not Keyline's own line break or tab is
/// shown escaped (fields that come from users are escaped whole with [`field`]).
macro_rules! say {
    ($($arg:tt)*) => { emit(&term::lines(&format!($($arg)*)), true) };
}

fn emit(text: &str, newline: bool) {
    let mut out = std::io::stdout().lock();
    let written = if newline {
        writeln!(out, "{text}")
    } else {
        write!(out, "{text}")
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
            eprintln!("keyline: {}", term::lines(&e.message));
            ExitCode::FAILURE
        }
    }
}

fn open(db: Option<PathBuf>) -> Result<App, AppError> {
    let mut app = App::open(&keyline_app::database_path(db)?)?;
    app.use_home(Home::locate(None)?)?;
    Ok(app)
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
            let progress = open(cli.db)?.answer_text(inspection, &item, &value, note.as_deref())?;
            let answer = progress
                .score
                .items
                .iter()
                .find(|i| i.id == item)
                .and_then(|i| i.answer.clone());
            eprintln!(
                "saved: {} = {}",
                field(&item),
                field(&answer.unwrap_or(value))
            );
            // What the template now asks for, as the core decided it: say it before the
            // inspector moves on, rather than at sign-off.
            let state = progress.item_states.iter().find(|s| s.item_id == item);
            for need in state.iter().flat_map(|s| &s.required).filter(|n| !n.met) {
                let how = match need.kind {
                    RequirementKind::Note => {
                        format!("keyline note {inspection} {} TEXT", field(&item))
                    }
                    RequirementKind::Evidence => {
                        format!("keyline evidence add {inspection} {} FILE", field(&item))
                    }
                };
                eprintln!(
                    "the template asks for {} on {} for this answer: {how}",
                    need.kind.label(),
                    field(&item)
                );
            }
            if let Some(action) = state.and_then(|s| s.suggested_action.as_deref()) {
                eprintln!("the template suggests an action: {}", field(action));
            }
        }
        Command::Note {
            inspection,
            item,
            text,
        } => {
            open(cli.db)?.save_note(inspection, &item, &text)?;
        }
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
        Command::Evidence(EvidenceCommand::Add {
            inspection,
            item,
            file,
        }) => {
            let bytes = files::read(&file, files::EVIDENCE)?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| file.display().to_string());
            let e = open(cli.db)?.add_evidence(inspection, &item, &name, &bytes)?;
            say!("{}", e.id);
            eprintln!(
                "attached {} ({}, {} bytes, SHA-256 {}) to {}",
                field(&e.file_name),
                e.media_type,
                e.size,
                e.sha256,
                field(&item)
            );
        }
        Command::Evidence(EvidenceCommand::List { inspection, json }) => {
            let view = open(cli.db)?.open_inspection(inspection)?;
            if json {
                print_json(&view.evidence)?;
            } else {
                for e in &view.evidence {
                    say!(
                        "{}\t{}\t{}\t{}\t{} bytes\t{}",
                        e.id,
                        field(&e.item_id),
                        field(&e.file_name),
                        e.media_type,
                        e.size,
                        e.sha256
                    );
                }
            }
        }
        Command::Evidence(EvidenceCommand::Remove { evidence }) => {
            let e = open(cli.db)?.remove_evidence(evidence)?;
            say!("removed evidence {}: {}", e.id, field(&e.file_name));
        }
        Command::Action(command) => actions(open(cli.db)?, command)?,
        Command::SignOff {
            inspection,
            inspector,
            reviewer,
        } => {
            let s = open(cli.db)?.sign_off(inspection, &inspector, &reviewer)?;
            say!(
                "signed off by {} (inspector) and {} (reviewer) at {}",
                field(&s.inspector),
                field(&s.reviewer),
                s.signed_at
            );
            say!("fingerprint {}", s.fingerprint);
            say!("signed with your key; its signed report is kept: keyline export {inspection} --pdf FILE");
        }
        Command::Audit(AuditCommand::Verify { inspection, json }) => {
            let check = open(cli.db)?.verify_audit(inspection)?;
            if json {
                print_json(&check)?;
            } else if check.intact {
                say!(
                    "intact: {} audit entries checked; the data matches the trail",
                    check.entries_checked
                );
            } else {
                say!(
                    "NOT intact ({} audit entries checked):",
                    check.entries_checked
                );
                for p in &check.problems {
                    say!("  {p}");
                }
            }
            if !check.intact {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Audit(AuditCommand::Log { inspection, json }) => {
            let entries = open(cli.db)?.audit_trail(inspection)?;
            if json {
                print_json(&entries)?;
            } else {
                for e in &entries {
                    say!(
                        "{}\t{}\t{}\t{} {} {}: {} -> {}",
                        e.seq,
                        e.at,
                        field(&e.actor),
                        e.entity,
                        field(&e.key),
                        e.field,
                        field(e.old.as_deref().unwrap_or("(none)")),
                        field(e.new.as_deref().unwrap_or("(none)"))
                    );
                }
            }
        }
        Command::Backup { out } => {
            open(cli.db)?.backup(&out)?;
            say!("backed up to {}", out.display());
        }
        Command::Restore { file } => {
            let db = keyline_app::database_path(cli.db)?;
            let r = keyline_app::restore(&db, &file)?;
            say!(
                "restored {} from {} ({} inspections, {} template versions)",
                db.display(),
                file.display(),
                r.inspections,
                r.templates
            );
        }
        Command::Export {
            inspection,
            pdf,
            force,
        } => {
            let overwrite = if force {
                Overwrite::Replace
            } else {
                Overwrite::Refuse
            };
            let report = open(cli.db)?.export_pdf_to(
                inspection,
                &keyline_app::now_rfc3339(),
                &pdf,
                overwrite,
            )?;
            say!(
                "wrote {} ({} bytes), report {}{}",
                pdf.display(),
                report.bytes.len(),
                report.report_id,
                if report.signed_off {
                    ""
                } else {
                    " (DRAFT: not signed off)"
                }
            );
        }
        Command::Verify { report, json } => {
            let bytes = files::read(&report, files::REPORT_PDF)?;
            let home = Home::locate(None)?;
            // The database is used where there is one; verify never makes one.
            let db = keyline_app::database_path(cli.db)?;
            let app = if db.is_file() {
                let mut app = App::open(&db)?;
                app.use_home(home.clone())?;
                Some(app)
            } else {
                None
            };
            let check = keyline_app::verify::verify_pdf(&bytes, &home, app.as_ref())?;
            if json {
                print_json(&check)?;
            } else {
                say!("{}", check.message);
                for d in &check.details {
                    say!("  - {d}");
                }
            }
            if !check.matches {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Identity(c) => identity_command(c)?,
        Command::Trust(c) => trust_command(c)?,
        Command::Bundle(BundleCommand::Export {
            out,
            inspections,
            since,
            template,
            force,
        }) => {
            let report = open(cli.db)?.export_bundle(
                &out,
                &keyline_app::exchange::Selection {
                    inspections,
                    since,
                    template,
                },
                if force {
                    Overwrite::Replace
                } else {
                    Overwrite::Refuse
                },
            )?;
            say!(
                "wrote {}: {} record{}, {} signed report{}, {} template version{}, {} evidence file{} ({})",
                out.display(),
                report.records,
                plural(report.records),
                report.reports,
                plural(report.reports),
                report.templates,
                plural(report.templates),
                report.evidence,
                plural(report.evidence),
                files::human_size(report.bytes)
            );
        }
        Command::Bundle(BundleCommand::Import { files: paths, json }) => {
            let mut app = open(cli.db)?;
            let mut reports = Vec::new();
            for path in &paths {
                let r = app.import_file(path)?;
                if !json {
                    say!(
                        "{}: {} new record{}, {} already here{}",
                        path.display(),
                        r.imported.len(),
                        plural(r.imported.len() as u32),
                        r.already_here,
                        if r.templates_added.is_empty() {
                            String::new()
                        } else {
                            format!("; added template {}", r.templates_added.join(", "))
                        }
                    );
                    for o in &r.imported {
                        say!(
                            "  inspection {}: {} ({}), signed by {}, {}: {}",
                            o.inspection_id,
                            field(&o.service),
                            o.uid,
                            field(&o.signer_name),
                            field(&o.signer_organisation),
                            o.trust.label()
                        );
                    }
                }
                reports.push(r);
            }
            if json {
                print_json(&reports)?;
            }
        }
        Command::Sync { folder, json } => {
            let r = open(cli.db)?.sync(&folder)?;
            if json {
                print_json(&r)?;
            } else {
                say!(
                    "synced with {}: wrote {} record{}, imported {}, {} already here, {} refused",
                    folder.display(),
                    r.written,
                    plural(r.written),
                    r.imported,
                    r.already_here,
                    r.refused.len()
                );
                for why in &r.refused {
                    say!("  refused: {why}");
                }
            }
            if !r.refused.is_empty() {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Demo {
            pdf,
            alliance: true,
            inspections,
            seed,
        } => {
            let db = cli
                .db
                .unwrap_or_else(|| PathBuf::from("keyline-alliance.sqlite3"));
            if db.exists() {
                return Err(AppError::new(
                    ErrorCode::Io,
                    format!("{} already exists; the demo needs a fresh database (give another --db PATH)", db.display()),
                ));
            }
            let today = keyline_app::today();
            let made = App::open(&db).and_then(|mut app| {
                let mut shown = 0;
                let summary = app.create_alliance_demo(
                    &keyline_app::AllianceOptions {
                        inspections,
                        today: today.clone(),
                        seed,
                    },
                    &mut |done, total| {
                        // A line every tenth of the way, on stderr, so --json-free output stays clean.
                        let tenth = (done * 10) / total.max(1);
                        if tenth > shown || done == total {
                            shown = tenth;
                            eprintln!("keyline: {done} of {total} inspections made");
                        }
                    },
                )?;
                if let Some(pdf) = &pdf {
                    app.export_board_pack_to(
                        &keyline_app::BoardFilter::default(),
                        &today,
                        &keyline_app::now_rfc3339(),
                        pdf,
                    )?;
                }
                Ok(summary)
            });
            let summary = made.inspect_err(|_| {
                for suffix in ["", "-wal", "-shm"] {
                    let mut file = db.clone().into_os_string();
                    file.push(suffix);
                    let _ = std::fs::remove_file(file);
                }
            })?;
            say!(
                "created {} trusts, {} wards, {} signed-off inspections and {} actions ({} overdue) in {}",
                summary.trusts,
                summary.wards,
                summary.inspections,
                summary.actions,
                summary.overdue_actions,
                db.display()
            );
            if let Some(pdf) = &pdf {
                say!("wrote the board pack {}", pdf.display());
            }
            say!("see it with: keyline --db {} board", db.display());
        }
        Command::Demo { pdf, .. } => {
            let pdf = pdf.unwrap_or_else(|| PathBuf::from("keyline-demo.pdf"));
            let db = cli
                .db
                .unwrap_or_else(|| PathBuf::from("keyline-demo.sqlite3"));
            if db.exists() {
                return Err(AppError::new(
                    ErrorCode::Io,
                    format!("{} already exists; the demo needs a fresh database (give another --db PATH)", db.display()),
                ));
            }
            let made = App::open(&db).and_then(|mut app| {
                let id = app.create_demo()?;
                let report =
                    app.export_pdf_to(id, &keyline_app::now_rfc3339(), &pdf, Overwrite::Refuse)?;
                Ok((id, report))
            });
            // The database was made for the demo: if the demo failed, take it away again so
            // that running the demo again works.
            let (id, report) = made.inspect_err(|_| {
                for suffix in ["", "-wal", "-shm"] {
                    let mut file = db.clone().into_os_string();
                    file.push(suffix);
                    let _ = std::fs::remove_file(file);
                }
            })?;
            say!("created inspection {id} in {}", db.display());
            say!(
                "wrote {} ({} bytes), report {}",
                pdf.display(),
                report.bytes.len(),
                report.report_id
            );
        }
        Command::Board {
            filter,
            json,
            csv,
            xlsx,
            actions,
        } => {
            let mut app = open(cli.db)?;
            let (today, wanted) = (filter.today(), filter.filter());
            for (path, format) in [(&csv, BoardFormat::Csv), (&xlsx, BoardFormat::Xlsx)] {
                if let Some(path) = path {
                    let done = app.export_board(&wanted, &today, format, path)?;
                    say!(
                        "wrote {} ({} tables, {} rows)",
                        done.path,
                        done.tables,
                        done.rows
                    );
                }
            }
            if json {
                print_json(&app.board_listing(&wanted, &today, actions)?)?;
            } else if csv.is_none() && xlsx.is_none() {
                print_board(&app.board_listing(&wanted, &today, actions)?);
            }
        }
        Command::BoardPack { filter, pdf, force } => {
            if pdf.exists() && !force {
                return Err(AppError::new(
                    ErrorCode::Io,
                    format!(
                        "{} already exists; give --force to replace it",
                        pdf.display()
                    ),
                ));
            }
            let mut app = open(cli.db)?;
            let done = app.export_board_pack_to(
                &filter.filter(),
                &filter.today(),
                &keyline_app::now_rfc3339(),
                &pdf,
            )?;
            say!(
                "wrote {} ({} bytes), board pack {}",
                pdf.display(),
                done.bytes.len(),
                done.report_id
            );
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
                        field(&d.id),
                        field(&d.title),
                        field(d.a.as_deref().unwrap_or("-")),
                        field(d.b.as_deref().unwrap_or("-"))
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
                    say!(
                        "{}\t{}\t{}",
                        field(&t.id),
                        field(&t.version),
                        field(&t.title)
                    );
                }
            }
        }
        TemplatesCommand::Show { id, version, json } => {
            let app = open(db)?;
            if json {
                // The template exactly as stored: JSON, which escapes its own control characters.
                emit(&app.template_json(&id, version.as_deref())?, false);
            } else {
                let t = app.template(&id, version.as_deref())?;
                say!(
                    "{} (version {})\n{}\nSource: {}\n",
                    field(&t.title),
                    field(&t.version),
                    field(&t.description),
                    field(&t.source)
                );
                for section in &t.sections {
                    say!("{}  {}", field(&section.id), field(&section.title));
                    for item in &section.items {
                        say!("  {}  {}", field(&item.id), field(&item.title));
                        for sub in &item.sub_items {
                            say!("    {}  {}", field(&sub.id), field(&sub.title));
                        }
                    }
                }
            }
        }
        TemplatesCommand::Import { file } => {
            let origin = file.display().to_string();
            let mut app = open(db)?;
            let before = app.list_templates()?;
            let t = if keyline_app::is_template_spreadsheet(&file) {
                let (_, text) = App::read_template_sheet(&file)?;
                app.import_template(&origin, text.as_bytes())?
            } else {
                let bytes = files::read(&file, files::TEMPLATE)?;
                app.import_template(&origin, &bytes)?
            };
            if before
                .iter()
                .any(|b| b.id == t.id && b.version == t.version)
            {
                say!(
                    "{} version {} is already in the database with the same content; nothing changed",
                    field(&t.id),
                    field(&t.version)
                );
            } else {
                say!(
                    "Imported {} version {}: {}",
                    field(&t.id),
                    field(&t.version),
                    field(&t.title)
                );
            }
        }
        TemplatesCommand::Export {
            id,
            version,
            xlsx,
            csv,
            force,
        } => {
            let (out, extension) = match (xlsx, csv) {
                (Some(out), _) => (out, "xlsx"),
                (None, Some(out)) => (out, "csv"),
                (None, None) => {
                    return Err(AppError::new(
                        ErrorCode::InvalidInput,
                        "say where to write the spreadsheet: --xlsx OUT or --csv OUT",
                    ))
                }
            };
            if !out
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case(extension))
            {
                return Err(AppError::new(
                    ErrorCode::InvalidInput,
                    format!(
                        "{} does not end in .{extension}; name the file so Excel knows what it is",
                        out.display()
                    ),
                ));
            }
            let overwrite = if force {
                Overwrite::Replace
            } else {
                Overwrite::Refuse
            };
            let written =
                open(db)?.export_template_sheet(&id, version.as_deref(), &out, overwrite)?;
            say!("Wrote {}", field(&written.display().to_string()));
        }
        TemplatesCommand::Compare { id, from, to, json } => {
            let changes = open(db)?.compare_template_versions(&id, &from, &to)?;
            if json {
                print_json(&changes)?;
            } else if changes.is_empty() {
                say!("No differences between {} and {}", field(&from), field(&to));
            } else {
                for change in &changes {
                    say!("{}: {}", field(&change.place), field(&change.words));
                }
            }
        }
        TemplatesCommand::Archive {
            id,
            version,
            restore,
        } => {
            let t = open(db)?.archive_template(&id, &version, !restore)?;
            if t.archived {
                say!(
                    "Archived {} version {}: hidden from new inspections; the {} inspection{} that follow it keep it",
                    field(&t.id),
                    field(&t.version),
                    t.inspections,
                    if t.inspections == 1 { "" } else { "s" }
                );
            } else {
                say!(
                    "{} version {} is offered for new inspections again",
                    field(&t.id),
                    field(&t.version)
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Reports every problem in every file; success only when all are valid.
fn validate(files: &[PathBuf]) -> ExitCode {
    let mut all_valid = true;
    for file in files {
        let origin = file.display().to_string();
        if keyline_app::is_template_spreadsheet(file) {
            match App::read_template_sheet(file) {
                Ok(_) => say!("{}: valid", field(&origin)),
                Err(e) => {
                    all_valid = false;
                    say!("{}", field(&e.message));
                }
            }
            continue;
        }
        let problems = match files::read(file, files::TEMPLATE) {
            Ok(bytes) => App::validate_template(&bytes),
            Err(e) => {
                all_valid = false;
                say!("{}", e.message);
                continue;
            }
        };
        if problems.is_empty() {
            say!("{}: valid", field(&origin));
        } else {
            all_valid = false;
            for p in problems {
                // The place in words first (counted from one), the JSON path as a detail.
                let place = if p.place.is_empty() {
                    String::new()
                } else {
                    format!("{}: ", field(&p.place))
                };
                let detail = if p.path.is_empty() || p.path == "$" {
                    String::new()
                } else {
                    format!(" (at {})", field(&p.path))
                };
                say!("{}: {place}{}{detail}", field(&origin), field(&p.message));
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
                        field(&i.service),
                        field(&i.template_title),
                        i.answered,
                        i.total,
                        field(i.rating_label.as_deref().unwrap_or("not rated"))
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
                    field(&i.service),
                    i.kind,
                    i.date
                );
                say!("Global id: {}", field(&i.uid));
                if let Some(o) = &i.signed_record {
                    say!(
                        "Signed by {}, {} ({}){}",
                        field(&o.signer_name),
                        field(&o.signer_organisation),
                        o.trust.label(),
                        match &o.imported_from {
                            Some(f) => format!("; imported from {}", field(f)),
                            None => String::new(),
                        }
                    );
                }
                say!(
                    "Template: {} version {}",
                    field(&i.template_title),
                    field(&i.template_version)
                );
                say!("Progress: {} of {} answered", i.answered, i.total);
                for r in &view.responses {
                    say!("  {} = {}", field(&r.item_id), field(&r.answer.display()));
                }
                for n in &view.notes {
                    say!("  note on {}: {}", field(&n.item_id), field(&n.text));
                }
                if let Some(s) = &view.sign_off {
                    say!(
                        "Signed off by {} and {} at {}; fingerprint {}",
                        field(&s.inspector),
                        field(&s.reviewer),
                        s.signed_at,
                        s.fingerprint
                    );
                }
                say!("{}", view.score.overall.explanation);
            }
        }
        InspectionsCommand::Amend { id } => {
            let amended = app.amend(id)?;
            say!("{}", amended.id);
        }
        InspectionsCommand::Delete { id, yes } => {
            if !yes {
                return Err(AppError::new(
                    ErrorCode::InvalidInput,
                    format!(
                        "deleting inspection {id} removes its answers, notes, evidence and actions; \
                         run `keyline inspections delete {id} --yes` to confirm"
                    ),
                ));
            }
            let gone = app.delete_inspection(id)?;
            say!(
                "deleted inspection {id} ({}, {}); the audit trail records it",
                field(&gone.service),
                gone.date
            );
        }
    }
    Ok(())
}

fn actions(mut app: App, command: ActionCommand) -> Result<(), AppError> {
    match command {
        ActionCommand::Add {
            inspection,
            title,
            owner,
            due,
            item,
            priority,
            regulations,
        } => {
            let priority = match priority.as_deref() {
                Some("suggested") => {
                    let item = item.as_deref().ok_or_else(|| {
                        AppError::new(
                            ErrorCode::InvalidInput,
                            "--priority suggested needs --item: the suggestion comes from the item's answer",
                        )
                    })?;
                    let suggestion = app.suggest_priority(inspection, item)?;
                    eprintln!("{}", suggestion.reason);
                    Some(suggestion.priority)
                }
                Some(p) => Priority::parse(p),
                None => None,
            };
            let a = app.add_action(NewAction {
                inspection_id: inspection,
                item_id: item,
                title,
                owner,
                due_date: due,
                priority,
                regulations,
            })?;
            say!("{}", a.id);
        }
        ActionCommand::Suggest { inspection, item } => {
            let s = app.suggest_priority(inspection, &item)?;
            say!(
                "{}\t{}\t{}",
                s.priority.id(),
                s.regulations.join(","),
                s.reason
            );
        }
        ActionCommand::Delete { action } => {
            let a = app.delete_action(action)?;
            say!("deleted action {}: {}", a.id, field(&a.title));
        }
        ActionCommand::Update {
            action,
            status,
            title,
            owner,
            due,
            priority,
            regulations,
        } => {
            let status = match status.as_deref() {
                Some(s) => Some(ActionStatus::parse(s).ok_or_else(|| {
                    AppError::new(
                        ErrorCode::InvalidInput,
                        "status is not-started, in-progress or completed",
                    )
                })?),
                None => None,
            };
            let due_date = due.map(|d| if d == "none" { None } else { Some(d) });
            let a = app.update_action(
                action,
                ActionChange {
                    status,
                    title,
                    owner,
                    due_date,
                    priority: priority.as_deref().map(Priority::parse),
                    regulations: (!regulations.is_empty()).then_some(regulations),
                },
            )?;
            say!(
                "action {}: {} ({}, {}, owner {}, due {})",
                a.id,
                field(&a.title),
                a.status,
                priority_words(&a),
                field(&a.owner),
                a.due_date.as_deref().unwrap_or("-")
            );
        }
        ActionCommand::List {
            inspection,
            status,
            owner,
            priority,
            json,
        } => {
            let list: Vec<_> = app
                .list_actions(inspection)?
                .into_iter()
                .filter(|a| status.as_deref().is_none_or(|s| a.status.as_str() == s))
                .filter(|a| {
                    priority
                        .as_deref()
                        .is_none_or(|p| a.priority.map_or("none", |q| q.id()) == p)
                })
                .filter(|a| {
                    owner
                        .as_deref()
                        .is_none_or(|o| a.owner.eq_ignore_ascii_case(o))
                })
                .collect();
            if json {
                print_json(&list)?;
            } else {
                for a in &list {
                    say!(
                        "{}\t{}\t{}\t{}\t{}\t{}\tdue {}\t{}",
                        a.id,
                        a.status,
                        priority_words(a),
                        field(&a.service),
                        field(a.item_id.as_deref().unwrap_or("-")),
                        field(&a.owner),
                        a.due_date.as_deref().unwrap_or("-"),
                        field(&a.title)
                    );
                }
            }
        }
    }
    Ok(())
}

/// "must do (regulation 12, 17)", "should do", or "no priority".
fn priority_words(a: &keyline_app::dto::Action) -> String {
    match a.priority {
        Some(p) if !a.regulations.is_empty() => {
            let numbers: Vec<&str> = a.regulations.iter().map(|r| r.number.as_str()).collect();
            format!(
                "{} (regulation {})",
                p.label().to_lowercase(),
                numbers.join(", ")
            )
        }
        Some(p) => p.label().to_lowercase(),
        None => "no priority".to_owned(),
    }
}

fn plural(n: u32) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn identity_command(c: IdentityCommand) -> Result<(), AppError> {
    let home = Home::locate(None)?;
    match c {
        IdentityCommand::Create { name, organisation } => {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0);
            let id = home.create_identity(&name, &organisation, now)?;
            let c = id.certificate();
            say!(
                "made your signing identity: {}, {}; certificate {}",
                field(c.name()),
                field(c.organisation()),
                identity::short(&c.fingerprint())
            );
            say!("your key is in {} (readable by you only); give others your certificate: keyline identity export FILE.pem", home.dir().join("identity").display());
        }
        IdentityCommand::Show { json } => {
            let Some(id) = home.identity()? else {
                return Err(AppError::new(
                    ErrorCode::NotFound,
                    "you have no signing identity yet: keyline identity create --name \"Your Name\" --organisation \"Your NHS Trust\"",
                ));
            };
            let c = id.certificate();
            if json {
                print_json(&serde_json::json!({
                    "name": c.name(),
                    "organisation": c.organisation(),
                    "fingerprint": c.fingerprint(),
                }))?;
            } else {
                say!("{}, {}", field(c.name()), field(c.organisation()));
                say!("certificate SHA-256 {}", c.fingerprint());
            }
        }
        IdentityCommand::Export { out, force } => {
            let Some(id) = home.identity()? else {
                return Err(AppError::new(
                    ErrorCode::NotFound,
                    "you have no signing identity yet: keyline identity create --name \"Your Name\" --organisation \"Your NHS Trust\"",
                ));
            };
            keyline_app::write_file_atomically(
                &out,
                id.certificate().to_pem().as_bytes(),
                if force {
                    Overwrite::Replace
                } else {
                    Overwrite::Refuse
                },
            )?;
            say!(
                "wrote your certificate to {} (fingerprint {}); it holds no secret",
                out.display(),
                identity::short(&id.certificate().fingerprint())
            );
        }
    }
    Ok(())
}

fn trust_command(c: TrustCommand) -> Result<(), AppError> {
    let home = Home::locate(None)?;
    match c {
        TrustCommand::Add { certificate } => {
            let cert = keyline_app::verify::signer_of_file(&certificate)?;
            let added = home.trust(&cert)?;
            say!(
                "{} {}, {} (certificate {})",
                if added {
                    "now trusting"
                } else {
                    "already trusted:"
                },
                field(cert.name()),
                field(cert.organisation()),
                cert.fingerprint()
            );
        }
        TrustCommand::List { json } => {
            let list = home.trusted()?;
            if json {
                print_json(
                    &list
                        .iter()
                        .map(|c| {
                            serde_json::json!({
                                "name": c.name(),
                                "organisation": c.organisation(),
                                "fingerprint": c.fingerprint(),
                            })
                        })
                        .collect::<Vec<_>>(),
                )?;
            } else if list.is_empty() {
                say!("no trusted signers yet: keyline trust add CERT.pem");
            } else {
                for c in &list {
                    say!(
                        "{}\t{}\t{}",
                        c.fingerprint(),
                        field(c.name()),
                        field(c.organisation())
                    );
                }
            }
        }
        TrustCommand::Remove { fingerprint } => {
            let c = home.untrust(&fingerprint)?;
            say!(
                "no longer trusting {}, {} ({})",
                field(c.name()),
                field(c.organisation()),
                c.fingerprint()
            );
        }
    }
    Ok(())
}

/// The board in brief: the summary and one line per ward.
fn print_board(board: &keyline_app::Board) {
    let s = &board.summary;
    say!(
        "{} wards, {} signed-off inspections; {} open actions, {} overdue",
        s.wards,
        s.inspections,
        s.open_actions,
        s.overdue_actions
    );
    let spread: Vec<String> = s
        .distribution
        .iter()
        .map(|d| format!("{} {}", d.label, d.wards))
        .collect();
    say!("Overall ratings: {}", spread.join(", "));
    for row in &board.rows {
        let cells: Vec<String> = board
            .columns
            .iter()
            .zip(&row.cells)
            .map(|(column, cell)| match cell {
                Some(c) => format!(
                    "{} {}{}",
                    column.title,
                    c.rating_label.as_deref().unwrap_or("not rated"),
                    c.percent.map(|p| format!(" {p:.0}%")).unwrap_or_default()
                ),
                None => format!("{} -", column.title),
            })
            .collect();
        say!(
            "{} / {} / {}: {}",
            row.ward.trust,
            row.ward.site,
            row.ward.service,
            cells.join("; ")
        );
    }
    let flagged = board.gaps.wards.iter().filter(|g| g.flagged).count();
    say!(
        "{flagged} wards whose self-assessments run persistently higher than mock inspections; {} pairs of inspections compared for consistency",
        board.consistency.pairs.len()
    );
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<(), AppError> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| AppError::new(ErrorCode::Internal, format!("cannot write JSON: {e}")))?;
    // Exact: JSON escapes control characters itself, and scripts need the text as it is.
    emit(&text, true);
    Ok(())
}
