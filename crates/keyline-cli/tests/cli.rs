//! The `keyline` binary from outside, on real database files in temporary folders.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn keyline(db: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("keyline").expect("binary built");
    cmd.arg("--db").arg(db).env_remove("KEYLINE_DB");
    // The signing identity and trusted list live beside the database, never in the
    // tester's own folder.
    let home = db
        .parent()
        .map(|d| d.join("keyline-home"))
        .unwrap_or_default();
    cmd.env("KEYLINE_HOME", home);
    cmd
}

#[test]
fn templates_list_json_has_id_version_and_title_for_every_shipped_template() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("k.sqlite3");
    let out = keyline(&db)
        .args(["templates", "list", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let list: Value = serde_json::from_slice(&out).expect("stdout is JSON");
    let list = list.as_array().expect("an array");
    let shipped = std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../inspection-templates"
    ))
    .expect("inspection-templates/")
    .filter_map(|e| e.ok())
    .filter(|e| {
        let n = e.file_name().to_string_lossy().into_owned();
        n.ends_with(".json") && !n.ends_with(".schema.json")
    })
    .count();
    assert_eq!(list.len(), shipped);
    for t in list {
        for key in ["id", "version", "title"] {
            assert!(
                t[key].as_str().is_some_and(|s| !s.is_empty()),
                "{key} in {t}"
            );
        }
    }
    assert!(db.exists(), "the database file was created");
}

#[test]
fn keyline_db_environment_variable_names_the_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("from-env.sqlite3");
    Command::cargo_bin("keyline")
        .expect("binary built")
        .env("KEYLINE_DB", &db)
        .args(["templates", "list"])
        .assert()
        .success();
    assert!(db.exists());
}

#[test]
fn templates_list_text_shows_one_line_per_template() {
    let dir = tempfile::tempdir().expect("tempdir");
    keyline(&dir.path().join("k.sqlite3"))
        .args(["templates", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("cqc-saf-mh-ward\t"));
}

#[test]
fn help_explains_every_command() {
    let dir = tempfile::tempdir().expect("tempdir");
    keyline(&dir.path().join("k.sqlite3"))
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("templates").and(predicate::str::contains("--db")));
}

#[test]
fn a_file_that_is_not_a_database_gets_a_clear_error_and_is_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("report.pdf");
    let bytes = b"%PDF-1.7 this is a report, not a database. ".repeat(40);
    std::fs::write(&db, &bytes).expect("write");
    keyline(&db)
        .args(["templates", "list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not a Keyline database"));
    assert_eq!(std::fs::read(&db).expect("read"), bytes);
}
