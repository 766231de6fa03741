//! The board from outside: `keyline demo --alliance`, `keyline board` (text, JSON, CSV,
//! XLSX) and `keyline board-pack` on a real database in a temporary folder, the PDF read back
//! with lopdf.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn keyline(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("keyline").expect("binary built");
    cmd.arg("--db").arg(db).env_remove("KEYLINE_DB");
    let home = db
        .parent()
        .map(|d| d.join("keyline-home"))
        .unwrap_or_default();
    cmd.env("KEYLINE_HOME", home);
    cmd
}

fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).expect("stdout is UTF-8")
}

fn page_texts(pdf: &Path) -> Vec<String> {
    let doc = lopdf::Document::load(pdf).expect("a PDF lopdf reads");
    let pages = doc.get_pages();
    pages
        .keys()
        .map(|n| {
            doc.extract_text(&[*n])
                .expect("text")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn an_alliance_demo_gives_a_board_its_json_its_tables_and_its_pack() {
    let dir = tempfile::tempdir().expect("temp");
    let db = dir.path().join("alliance.sqlite3");
    let pack = dir.path().join("pack.pdf");
    let said = stdout_of(
        keyline(&db)
            .args(["demo", "--alliance", "--inspections", "30", "--pdf"])
            .arg(&pack),
    );
    assert!(said.contains("4 trusts"), "{said}");
    // A second demo into the same database is refused, and leaves it as it was.
    keyline(&db)
        .args(["demo", "--alliance"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("already exists"));

    let today = ["--today", "2026-11-30"];
    let board: Value = serde_json::from_str(&stdout_of(
        keyline(&db).args(["board", "--json"]).args(today),
    ))
    .expect("JSON");
    let rows = board["rows"].as_array().expect("rows");
    assert!(!rows.is_empty());
    let wards = board["summary"]["wards"].as_u64().expect("wards");
    assert_eq!(wards as usize, rows.len());

    // The text form names every ward, with its overall rating in words.
    let text = stdout_of(keyline(&db).arg("board").args(today));
    for row in rows {
        assert!(
            text.contains(row["ward"]["service"].as_str().expect("name")),
            "{text}"
        );
    }
    assert!(text.contains(&format!("{wards} wards")), "{text}");

    // Filters narrow it: one trust only.
    let trust = board["choices"]["trusts"][0]
        .as_str()
        .expect("a trust")
        .to_string();
    let one: Value = serde_json::from_str(&stdout_of(
        keyline(&db)
            .args(["board", "--json", "--trust", &trust])
            .args(today),
    ))
    .expect("JSON");
    let narrowed = one["rows"].as_array().expect("rows");
    assert!(!narrowed.is_empty() && narrowed.len() < rows.len());
    assert!(narrowed
        .iter()
        .all(|r| r["ward"]["trust"] == trust.as_str()));
    keyline(&db)
        .args(["board", "--from", "30/11/2026"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("YYYY-MM-DD"));

    // CSV and XLSX exports.
    let csv = dir.path().join("csv");
    let xlsx = dir.path().join("board.xlsx");
    stdout_of(
        keyline(&db)
            .args(["board", "--csv"])
            .arg(&csv)
            .arg("--xlsx")
            .arg(&xlsx)
            .args(today),
    );
    let wards_csv = std::fs::read_to_string(csv.join("wards.csv")).expect("wards.csv");
    assert_eq!(wards_csv.lines().count(), rows.len() + 1);
    assert_eq!(&std::fs::read(&xlsx).expect("workbook")[..2], b"PK");

    // The pack written by the demo, and one from board-pack: every ward named, the summary
    // first.
    let pack2 = dir.path().join("pack2.pdf");
    let said = stdout_of(
        keyline(&db)
            .args(["board-pack", "--pdf"])
            .arg(&pack2)
            .args(today),
    );
    assert!(said.contains("board pack"), "{said}");
    keyline(&db)
        .args(["board-pack", "--pdf"])
        .arg(&pack2)
        .assert()
        .failure()
        .stderr(predicate::str::contains("--force"));
    for pdf in [&pack, &pack2] {
        let pages = page_texts(pdf);
        assert!(pages[0].contains("Board pack"), "{}", pages[0]);
        assert!(pages[0].contains(&format!("{wards} wards")), "{}", pages[0]);
        let all = pages.join(" ");
        for row in rows {
            let name = row["ward"]["service"].as_str().expect("name");
            assert!(all.contains(name), "{name} is in the pack");
        }
    }
}
