//! The board over a generated alliance database: kept scores equal fresh ones and never
//! change, an amendment replaces the inspection it corrects, and the CSV files and the XLSX
//! workbook read back to the board's JSON.

use keyline_app::dto::BoardFormat;
use keyline_app::AllianceOptions;
use keyline_app::{App, Board, BoardFilter};
use serde_json::Value;

const TODAY: &str = "2026-11-30";

/// A copy of one generated alliance database (made once per test run: signing off each
/// inspection renders and signs its report, which takes a while in a debug build).
fn alliance(path: &std::path::Path) -> App {
    static MADE: std::sync::OnceLock<(tempfile::TempDir, std::path::PathBuf)> =
        std::sync::OnceLock::new();
    let (_dir, made) = MADE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp");
        let made = dir.path().join("alliance.sqlite3");
        let mut app = App::open(&made).expect("open");
        app.create_alliance_demo(
            &AllianceOptions {
                inspections: Some(60),
                today: TODAY.to_string(),
                seed: 7,
            },
            &mut |_, _| {},
        )
        .expect("the alliance is made");
        app.backup(&dir.path().join("copy.sqlite3"))
            .expect("a consistent copy");
        drop(app);
        (dir, made)
    });
    std::fs::copy(made.with_file_name("copy.sqlite3"), path).expect("copy");
    App::open(path).expect("open the copy")
}

fn signed_off(path: &std::path::Path) -> (i64, i64) {
    let conn = rusqlite::Connection::open(path).expect("open with SQLite");
    let count = |sql: &str| {
        conn.query_row(sql, [], |r| r.get::<_, i64>(0))
            .expect("count")
    };
    (
        count("SELECT count(*) FROM inspection WHERE status = 'signed-off'"),
        count("SELECT count(*) FROM kept_score"),
    )
}

#[test]
fn every_signed_off_inspection_keeps_its_score_and_the_kept_score_is_a_fresh_one() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("alliance.sqlite3");
    let mut app = alliance(&path);
    // Kept at sign-off, before any board was asked for.
    let (sealed, kept) = signed_off(&path);
    assert!(sealed >= 40, "{sealed} signed off");
    assert_eq!(kept, sealed);
    assert_eq!(
        app.rescore_kept(None).expect("re-score"),
        Vec::<(i64, String)>::new()
    );
    let board = app.board(&BoardFilter::default(), TODAY).expect("board");
    assert_eq!(i64::from(board.summary.inspections), sealed);
    // The board from kept scores is the board from fresh ones: recompute a few digests and
    // compare with what the board shows for each ward's latest inspection.
    for row in board.rows.iter().take(5) {
        let cell = row
            .cells
            .last()
            .and_then(Option::as_ref)
            .expect("an overall cell");
        let fresh = app.fresh_digest(cell.inspection_id).expect("digest");
        assert_eq!(cell.rating, fresh.overall);
        assert_eq!(cell.percent, fresh.percent);
    }
}

#[test]
fn a_kept_score_cannot_be_changed_removed_or_made_for_an_open_inspection() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("alliance.sqlite3");
    let app = alliance(&path);
    drop(app);
    let conn = rusqlite::Connection::open(&path).expect("open with SQLite");
    let refused = |sql: &str| {
        let e = conn.execute(sql, []).expect_err(sql);
        e.to_string()
    };
    assert!(refused("UPDATE kept_score SET digest = '{}'").contains("never changes"));
    assert!(refused("DELETE FROM kept_score").contains("never changes"));
    conn.execute(
        "INSERT INTO inspection (template_id, template_version, service, kind, uid)
         SELECT template_id, template_version, 'Open Ward', 'mock', '01900000-0000-7000-8000-000000000001'
         FROM inspection LIMIT 1",
        [],
    )
    .expect("an open inspection");
    assert!(refused(
        "INSERT INTO kept_score (inspection_id, format, digest)
         SELECT id, 'keyline-digest/1', '{}' FROM inspection WHERE service = 'Open Ward'"
    )
    .contains("signed-off"));
}

#[test]
fn a_signed_off_amendment_replaces_the_inspection_it_corrects() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("alliance.sqlite3");
    let mut app = alliance(&path);
    let before = app.board(&BoardFilter::default(), TODAY).expect("board");
    let cell = before.rows[0]
        .cells
        .last()
        .and_then(Option::as_ref)
        .expect("overall");
    let original = cell.inspection_id;
    let amended = app.amend(original).expect("amend").id;
    app.use_new_identity("Amy Inspector", "Alpha Trust (test)")
        .expect("an identity to sign with");
    // While the amendment is open, the original stands.
    let open = app.board(&BoardFilter::default(), TODAY).expect("board");
    assert_eq!(open.summary.inspections, before.summary.inspections);
    app.sign_off(amended, "Amy Inspector", "Ben Reviewer")
        .expect("sign off");
    let after = app.board(&BoardFilter::default(), TODAY).expect("board");
    assert_eq!(after.summary.inspections, before.summary.inspections);
    let ids: Vec<i64> = after
        .trends
        .wards
        .iter()
        .flat_map(|w| w.points.iter().filter_map(|p| p.inspection_id))
        .collect();
    assert!(ids.contains(&amended) && !ids.contains(&original));
    let cell = after.rows[0]
        .cells
        .last()
        .and_then(Option::as_ref)
        .expect("overall");
    assert_eq!(cell.inspection_id, amended);
}

/// A number in the JSON as the exported tables hold it.
fn number(v: &Value) -> Option<f64> {
    v.as_f64()
}

#[test]
fn the_csv_files_and_the_workbook_read_back_to_the_boards_json() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("alliance.sqlite3");
    let mut app = alliance(&path);
    let filter = BoardFilter::default();
    let board: Board = app.board(&filter, TODAY).expect("board");
    let json = serde_json::to_value(&board).expect("json");
    let csv_dir = dir.path().join("board-csv");
    let xlsx = dir.path().join("board.xlsx");
    let csv_done = app
        .export_board(&filter, TODAY, BoardFormat::Csv, &csv_dir)
        .expect("csv");
    let xlsx_done = app
        .export_board(&filter, TODAY, BoardFormat::Xlsx, &xlsx)
        .expect("xlsx");
    assert_eq!(csv_done.files.len(), 11);
    assert_eq!(
        (xlsx_done.tables, xlsx_done.rows),
        (csv_done.tables, csv_done.rows)
    );

    // Every ward row: the ward, and each column's rating words and percentage.
    let columns = json["columns"].as_array().expect("columns").len();
    let rows = json["rows"].as_array().expect("rows");
    let mut reader = csv::Reader::from_path(csv_dir.join("wards.csv")).expect("wards.csv");
    let csv_rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(&xlsx).expect("workbook");
    let sheet = book.worksheet_range("Wards").expect("Wards sheet");
    let sheet_rows: Vec<&[Data]> = sheet.rows().skip(1).collect();
    assert_eq!((csv_rows.len(), sheet_rows.len()), (rows.len(), rows.len()));
    for ((row, csv_row), sheet_row) in rows.iter().zip(&csv_rows).zip(&sheet_rows) {
        for (at, key) in ["trust", "site", "service"].iter().enumerate() {
            let want = row["ward"][key].as_str().expect("text");
            assert_eq!(&csv_row[at], want);
            assert_eq!(sheet_row[at], Data::String(want.to_string()));
        }
        for c in 0..columns {
            let cell = &row["cells"][c];
            let (label_at, percent_at) = (4 + c * 5, 5 + c * 5);
            let label = cell["ratingLabel"].as_str().unwrap_or("");
            assert_eq!(&csv_row[label_at], label);
            let percent = number(&cell["percent"]);
            let from_csv = csv_row[percent_at].parse::<f64>().ok();
            assert_eq!(from_csv, percent, "CSV percentage, column {c}");
            let from_sheet = match &sheet_row[percent_at] {
                Data::Float(f) => Some(*f),
                Data::Int(i) => Some(*i as f64),
                _ => None,
            };
            assert_eq!(from_sheet, percent, "workbook percentage, column {c}");
        }
    }

    // Every open action, most overdue first, with its days overdue.
    let actions = json["actions"]["list"].as_array().expect("actions");
    assert!(
        actions.iter().any(|a| !a["daysOverdue"].is_null()),
        "some are overdue"
    );
    let mut reader = csv::Reader::from_path(csv_dir.join("actions.csv")).expect("actions.csv");
    let csv_rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let sheet = book.worksheet_range("Actions").expect("Actions sheet");
    let sheet_rows: Vec<&[Data]> = sheet.rows().skip(1).collect();
    assert_eq!(
        (csv_rows.len(), sheet_rows.len()),
        (actions.len(), actions.len())
    );
    for ((action, csv_row), sheet_row) in actions.iter().zip(&csv_rows).zip(&sheet_rows) {
        assert_eq!(&csv_row[4], action["title"].as_str().expect("title"));
        assert_eq!(
            sheet_row[4],
            Data::String(action["title"].as_str().expect("title").into())
        );
        let days = number(&action["daysOverdue"]);
        assert_eq!(csv_row[9].parse::<f64>().ok(), days);
        let sheet_days = match &sheet_row[9] {
            Data::Float(f) => Some(*f),
            Data::Int(i) => Some(*i as f64),
            _ => None,
        };
        assert_eq!(sheet_days, days);
    }

    // The summary's counts.
    let mut reader = csv::Reader::from_path(csv_dir.join("summary.csv")).expect("summary.csv");
    let summary: Vec<(String, String)> = reader
        .records()
        .map(|r| {
            let r = r.expect("row");
            (r[0].to_string(), r[1].to_string())
        })
        .collect();
    assert_eq!(
        summary[0],
        ("Wards".to_string(), json["summary"]["wards"].to_string())
    );
    assert_eq!(
        summary[3],
        (
            "Overdue actions".to_string(),
            json["summary"]["overdueActions"].to_string()
        )
    );
}

#[test]
fn a_filter_with_a_date_that_is_not_one_is_refused_in_words() {
    let mut app = App::open_in_memory().expect("open");
    let e = app
        .board(
            &BoardFilter {
                from: Some("31/12/2026".into()),
                ..Default::default()
            },
            TODAY,
        )
        .expect_err("refused");
    assert!(e.message.contains("YYYY-MM-DD"), "{}", e.message);
    // An empty database is an empty board, not an error.
    let board = app.board(&BoardFilter::default(), TODAY).expect("board");
    assert!(board.rows.is_empty());
    assert_eq!(board.summary.inspections, 0);
}

#[test]
fn a_kept_score_changed_behind_keylines_back_is_found_by_audit_verify() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("alliance.sqlite3");
    let app = alliance(&path);
    assert!(app.verify_audit(None).expect("verify").intact);
    drop(app);
    // Someone with SQLite drops the rule, edits a kept score and puts the rule back exactly
    // as it was (so the schema check alone would not see it).
    let conn = rusqlite::Connection::open(&path).expect("open with SQLite");
    let rule: String = conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE name = 'kept_score_update'",
            [],
            |r| r.get(0),
        )
        .expect("the rule");
    let id: i64 = conn
        .query_row("SELECT min(inspection_id) FROM kept_score", [], |r| {
            r.get(0)
        })
        .expect("a kept score");
    conn.execute_batch(&format!(
        "DROP TRIGGER kept_score_update;
         UPDATE kept_score SET digest = json_set(digest, '$.overall', 'tampered') WHERE inspection_id = {id};
         {rule};"
    ))
    .expect("tampered");
    drop(conn);
    let app = App::open(&path).expect("open");
    let check = app.verify_audit(None).expect("verify");
    assert!(!check.intact);
    assert!(
        check
            .problems
            .iter()
            .any(|p| p.starts_with(&format!("inspection {id}:")) && p.contains("kept")),
        "{:?}",
        check.problems
    );
    assert!(!app.verify_audit(Some(id)).expect("verify one").intact);
}
