//! `keyline templates validate | import | show` from outside, on real database files in
//! temporary folders and on the template files a reader can open: the shipped frameworks in
//! `inspection-templates/`, the corpus in `tests/fixtures/templates/` and the CLI fixtures
//! in `tests/fixtures/cli/`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn keyline(db: &Path) -> Command {
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

/// A path from the workspace root.
fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The shipped template files (not the schema), sorted by name.
fn shipped_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo("inspection-templates"))
        .expect("inspection-templates/")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| {
            let name = p.to_string_lossy();
            name.ends_with(".json") && !name.ends_with(".schema.json")
        })
        .collect();
    files.sort();
    files
}

/// Runs `templates validate FILES...` and returns (exit code, stdout, stderr).
fn validate(files: &[&Path]) -> (i32, String, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = keyline(&dir.path().join("k.sqlite3"))
        .args(["templates", "validate"])
        .args(files)
        .output()
        .expect("keyline runs");
    (
        output.status.code().expect("an exit code"),
        text(&output.stdout),
        text(&output.stderr),
    )
}

fn list_json(db: &Path) -> Value {
    let out = keyline(db)
        .args(["templates", "list", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("templates list --json prints JSON")
}

/// The (version, shipped) of every listed version of `id`.
fn versions_of(db: &Path, id: &str) -> Vec<(String, bool)> {
    list_json(db)
        .as_array()
        .expect("an array")
        .iter()
        .filter(|t| t["id"] == id)
        .map(|t| {
            (
                t["version"].as_str().expect("version is text").to_string(),
                t["shipped"].as_bool().expect("shipped is true or false"),
            )
        })
        .collect()
}

/// The version of a shipped template, as its file says.
fn shipped_version(id: &str) -> String {
    let value: Value =
        serde_json::from_slice(&read(&repo(&format!("inspection-templates/{id}.json"))))
            .expect("JSON");
    value["version"].as_str().expect("version").to_string()
}

fn show_json(db: &Path, id: &str, version: Option<&str>) -> Vec<u8> {
    let mut cmd = keyline(db);
    cmd.args(["templates", "show", id, "--json"]);
    if let Some(v) = version {
        cmd.args(["--version", v]);
    }
    cmd.assert().success().get_output().stdout.clone()
}

/// Writes `every-feature.json` with its text changed by `edits` (each `(from, to)` must
/// occur), so the copy keeps the original's layout byte for byte elsewhere.
fn every_feature_edited(dir: &Path, name: &str, edits: &[(&str, &str)]) -> (PathBuf, Vec<u8>) {
    let mut content = text(&read(&repo(
        "tests/fixtures/templates/good/every-feature.json",
    )));
    for (from, to) in edits {
        assert!(
            content.contains(from),
            "every-feature.json contains {from:?}"
        );
        content = content.replacen(from, to, 1);
    }
    let path = dir.join(name);
    std::fs::write(&path, &content).expect("write the edited copy");
    (path, content.into_bytes())
}

const EVERY_FEATURE: &str = "tests/fixtures/templates/good/every-feature.json";

// ---------------------------------------------------------------------------------------
// validate

#[test]
fn every_shipped_template_is_valid() {
    let files = shipped_files();
    assert_eq!(files.len(), 3, "three shipped templates: {files:?}");
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let (code, stdout, stderr) = validate(&paths);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    for f in &files {
        let line = format!("{}: valid", f.display());
        assert!(stdout.lines().any(|l| l == line), "{line:?} in:\n{stdout}");
    }
    assert_eq!(stdout.lines().count(), 3, "one line per file:\n{stdout}");
}

#[test]
fn a_bad_file_among_good_ones_fails_and_each_file_gets_its_verdict() {
    let bad = repo("tests/fixtures/templates/bad/band-gap.json");
    let good = repo(EVERY_FEATURE);
    // The bad file first: the good one after it must still be checked.
    let (code, stdout, _) = validate(&[&bad, &good]);
    assert_eq!(code, 1, "{stdout}");
    // Where in words first (counted from one), then what, then the JSON path as a detail.
    let bad_line = format!(
        "{}: Banding, band 2, min: gap between bands: 49 gets no rating",
        bad.display()
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with(&bad_line) && l.ends_with("(at $.banding.bands[1].min)")),
        "{bad_line:?} in:\n{stdout}"
    );
    let good_line = format!("{}: valid", good.display());
    assert!(
        stdout.lines().any(|l| l == good_line),
        "{good_line:?} in:\n{stdout}"
    );
    assert!(
        !stdout.contains(&format!("{}: valid", bad.display())),
        "the bad file is not called valid:\n{stdout}"
    );
}

#[test]
fn every_problem_in_a_file_is_listed() {
    let file = repo("tests/fixtures/cli/several-problems.json");
    let (code, stdout, _) = validate(&[&file]);
    assert_eq!(code, 1, "{stdout}");
    let expected = [
        ("$.ratings[0].colour", "`green` is not a colour"),
        (
            "$.banding.bands[1].min",
            "gap between bands: 49 gets no rating",
        ),
        (
            "$.sections[0].items[0].response.scale",
            "no scale has the id `scroe`",
        ),
    ];
    for (path, message) in expected {
        let prefix = format!("{}: ", file.display());
        let detail = format!("(at {path})");
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with(&prefix) && l.contains(message) && l.ends_with(&detail)),
            "{prefix}… {message} … {detail} in:\n{stdout}"
        );
    }
    assert_eq!(
        stdout.lines().count(),
        expected.len(),
        "one line per problem:\n{stdout}"
    );
}

#[test]
fn a_misspelt_field_does_not_hide_the_other_problems() {
    let file = repo("tests/fixtures/cli/structural-and-other-problems.json");
    let (code, stdout, _) = validate(&[&file]);
    assert_eq!(code, 1, "{stdout}");
    for (path, message) in [
        ("$.ratings[1].colur", "unknown field `colur`"),
        ("$.sections[0].items[1].wieght", "unknown field `wieght`"),
        ("$.ratings[0].colour", "`green` is not a colour"),
        (
            "$.banding.bands[1].min",
            "gap between bands: 49 gets no rating",
        ),
        (
            "$.sections[0].items[0].response.scale",
            "no scale has the id `scroe`",
        ),
    ] {
        let prefix = format!("{}: ", file.display());
        let detail = format!("(at {path})");
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with(&prefix) && l.contains(message) && l.ends_with(&detail)),
            "{prefix}… {message} … {detail} in:\n{stdout}"
        );
    }
}

#[test]
fn a_missing_file_is_reported_and_the_others_are_still_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("no-such-template.json");
    let good = repo(EVERY_FEATURE);
    let (code, stdout, stderr) = validate(&[&missing, &good]);
    assert_eq!(code, 1, "stdout:\n{stdout}\nstderr:\n{stderr}");
    let all = format!("{stdout}{stderr}");
    let line = format!("there is no file at {}", missing.display());
    assert!(all.contains(&line), "{line:?} in:\n{all}");
    assert!(
        stdout.contains(&format!("{}: valid", good.display())),
        "{stdout}"
    );
}

#[test]
fn validate_writes_no_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("k.sqlite3");
    keyline(&db)
        .args(["templates", "validate"])
        .arg(repo(EVERY_FEATURE))
        .assert()
        .success();
    assert!(
        !db.exists(),
        "validate changes nothing, so creates no database"
    );
}

/// The malformed-template corpus: each file is rejected with exit code 1, and the problem
/// named in `expectations.json` (its path and the start of its message) is reported.
#[test]
fn every_malformed_template_is_rejected_with_its_path_and_message() {
    let bad = repo("tests/fixtures/templates/bad");
    let expectations: Value = serde_json::from_slice(&read(&bad.join("expectations.json")))
        .expect("expectations.json is JSON");
    let expectations = expectations
        .as_object()
        .expect("an object keyed by file name");

    let mut files: Vec<String> = std::fs::read_dir(&bad)
        .expect("tests/fixtures/templates/bad")
        .map(|e| {
            e.expect("directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name != "expectations.json")
        .collect();
    files.sort();
    let mut described: Vec<String> = expectations.keys().cloned().collect();
    described.sort();
    assert_eq!(
        files, described,
        "every bad file has exactly one expectation"
    );

    let mut failures = Vec::new();
    for name in &files {
        let expected = &expectations[name];
        let path = expected["path"].as_str().expect("path is text");
        let message = expected["message"].as_str().expect("message is text");
        let file = bad.join(name);
        let (code, stdout, stderr) = validate(&[&file]);
        // "FILE: place in words: message (at PATH)"; a problem with the file as a whole
        // has no place and no path.
        let prefix = format!("{}: ", file.display());
        let detail = if path == "$" {
            String::new()
        } else {
            format!(" (at {path})")
        };
        let found = stdout.lines().any(|l| {
            l.starts_with(&prefix)
                && l.contains(message)
                && l.ends_with(&detail)
                && (path == "$" || !l.contains(&format!("{prefix}{path}")))
        });
        if code != 1 || !found || stdout.contains(": valid") {
            failures.push(format!(
                "{name}: exit {code}, wanted `{prefix}…{message}…{detail}`\nstdout:\n{stdout}stderr:\n{stderr}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} bad templates not reported as expected:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------------------
// import

#[test]
fn an_imported_template_is_listed_as_not_shipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("k.sqlite3");
    keyline(&db)
        .args(["templates", "import"])
        .arg(repo(EVERY_FEATURE))
        .assert()
        .success()
        .stdout(predicate::str::contains("Imported mini version 1.0"));
    assert_eq!(versions_of(&db, "mini"), [("1.0".to_string(), false)]);
    assert_eq!(
        versions_of(&db, "cqc-saf-mh-ward"),
        [(shipped_version("cqc-saf-mh-ward"), true)],
        "the shipped templates stay listed as shipped"
    );
    assert_eq!(show_json(&db, "mini", None), read(&repo(EVERY_FEATURE)));
}

#[test]
fn importing_the_same_file_twice_is_harmless_and_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("k.sqlite3");
    for time in 0..2 {
        let said = if time == 0 {
            "Imported mini version 1.0"
        } else {
            "mini version 1.0 is already in the database with the same content; nothing changed"
        };
        keyline(&db)
            .args(["templates", "import"])
            .arg(repo(EVERY_FEATURE))
            .assert()
            .success()
            .stdout(predicate::str::contains(said));
    }
    assert_eq!(
        versions_of(&db, "mini"),
        [("1.0".to_string(), false)],
        "still one version"
    );
}

#[test]
fn changed_content_under_the_same_version_is_refused_and_the_stored_one_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("k.sqlite3");
    keyline(&db)
        .args(["templates", "import"])
        .arg(repo(EVERY_FEATURE))
        .assert()
        .success();
    let (changed, _) = every_feature_edited(
        dir.path(),
        "changed.json",
        &[("\"title\": \"Mini\"", "\"title\": \"Mini, changed\"")],
    );
    keyline(&db)
        .args(["templates", "import"])
        .arg(&changed)
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::contains("mini version 1.0")
                .and(predicate::str::contains("different content"))
                .and(predicate::str::contains("new version")),
        );
    assert_eq!(versions_of(&db, "mini"), [("1.0".to_string(), false)]);
    assert_eq!(
        show_json(&db, "mini", None),
        read(&repo(EVERY_FEATURE)),
        "the stored version is unchanged"
    );
}

#[test]
fn a_changed_copy_of_a_shipped_template_cannot_replace_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("k.sqlite3");
    let shipped = repo("inspection-templates/cqc-saf-mh-ward.json");
    let original = text(&read(&shipped));
    let changed = original.replacen(
        "\"title\": \"CQC single assessment framework",
        "\"title\": \"Our own single assessment framework",
        1,
    );
    assert_ne!(changed, original, "the title was changed");
    let copy = dir.path().join("cqc-saf-mh-ward.json");
    std::fs::write(&copy, &changed).expect("write");
    keyline(&db)
        .args(["templates", "import"])
        .arg(&copy)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("different content"));
    assert_eq!(show_json(&db, "cqc-saf-mh-ward", None), original.as_bytes());
    assert_eq!(
        versions_of(&db, "cqc-saf-mh-ward"),
        [(shipped_version("cqc-saf-mh-ward"), true)]
    );
}

#[test]
fn a_new_version_is_added_beside_the_old_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("k.sqlite3");
    let old = read(&repo(EVERY_FEATURE));
    let (newer, new_bytes) = every_feature_edited(
        dir.path(),
        "mini-1.1.json",
        &[
            ("\"version\": \"1.0\"", "\"version\": \"1.1\""),
            ("\"title\": \"Mini\"", "\"title\": \"Mini, revised\""),
        ],
    );
    keyline(&db)
        .args(["templates", "import"])
        .arg(repo(EVERY_FEATURE))
        .assert()
        .success();
    keyline(&db)
        .args(["templates", "import"])
        .arg(&newer)
        .assert()
        .success()
        .stdout(predicate::str::contains("Imported mini version 1.1"));

    let mut versions = versions_of(&db, "mini");
    versions.sort();
    assert_eq!(
        versions,
        [("1.0".to_string(), false), ("1.1".to_string(), false)]
    );
    assert_eq!(
        show_json(&db, "mini", Some("1.0")),
        old,
        "the old file, exactly"
    );
    assert_eq!(show_json(&db, "mini", Some("1.1")), new_bytes);
    assert_eq!(
        show_json(&db, "mini", None),
        new_bytes,
        "the newest by default"
    );
    keyline(&db)
        .args(["templates", "show", "mini"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Mini, revised (version 1.1)"));
}

#[test]
fn the_newest_version_is_found_by_number_not_by_text_or_import_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("k.sqlite3");
    for version in ["1.9", "1.10", "1.2"] {
        let (file, _) = every_feature_edited(
            dir.path(),
            &format!("mini-{version}.json"),
            &[(
                "\"version\": \"1.0\"",
                &format!("\"version\": \"{version}\""),
            )],
        );
        keyline(&db)
            .args(["templates", "import"])
            .arg(&file)
            .assert()
            .success();
    }
    let newest: Value =
        serde_json::from_slice(&show_json(&db, "mini", None)).expect("show --json is JSON");
    assert_eq!(newest["version"], "1.10");
}

#[test]
fn an_invalid_template_is_not_imported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("k.sqlite3");
    let before = list_json(&db);
    let (broken, _) = every_feature_edited(
        dir.path(),
        "broken.json",
        &[
            ("\"id\": \"mini\"", "\"id\": \"mini-broken\""),
            ("\"min\": 50", "\"min\": 51"),
        ],
    );
    keyline(&db)
        .args(["templates", "import"])
        .arg(&broken)
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::contains("broken.json")
                .and(predicate::str::contains("not a valid template"))
                .and(predicate::str::contains("$.banding.bands[1].min"))
                .and(predicate::str::contains("50 gets no rating")),
        );
    assert_eq!(list_json(&db), before, "nothing was added");
    keyline(&db)
        .args(["templates", "show", "mini-broken"])
        .assert()
        .code(1);
}

#[test]
fn importing_a_missing_file_says_it_cannot_be_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("k.sqlite3");
    let missing = dir.path().join("nowhere.json");
    keyline(&db)
        .args(["templates", "import"])
        .arg(&missing)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "there is no file at {}",
            missing.display()
        )));
}

// ---------------------------------------------------------------------------------------
// show

#[test]
fn show_json_prints_each_shipped_template_exactly_as_its_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("k.sqlite3");
    for file in shipped_files() {
        let bytes = read(&file);
        let value = serde_json::from_slice::<Value>(&bytes).expect("a shipped template is JSON");
        let id = value["id"].as_str().expect("id is text").to_string();
        let version = value["version"]
            .as_str()
            .expect("version is text")
            .to_string();
        assert!(
            show_json(&db, &id, None) == bytes,
            "`templates show {id} --json` differs from {}",
            file.display()
        );
        assert!(
            show_json(&db, &id, Some(&version)) == bytes,
            "`templates show {id} --version {version} --json` differs from {}",
            file.display()
        );
    }
}

#[test]
fn an_unknown_template_or_version_gets_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("k.sqlite3");
    for json in [false, true] {
        let mut cmd = keyline(&db);
        cmd.args(["templates", "show", "no-such-template"]);
        if json {
            cmd.arg("--json");
        }
        cmd.assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains(
                "there is no template no-such-template",
            ));
    }
    keyline(&db)
        .args(["templates", "show", "cqc-saf-mh-ward", "--version", "9.9"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "there is no template cqc-saf-mh-ward version 9.9",
        ));
}

#[test]
fn show_as_text_lists_every_section_and_item() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("k.sqlite3");
    let template: Value =
        serde_json::from_slice(&read(&repo("inspection-templates/cqc-saf-mh-ward.json")))
            .expect("JSON");
    let out = keyline(&db)
        .args(["templates", "show", "cqc-saf-mh-ward"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = text(&out);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        out.starts_with(&format!(
            "{} (version {})",
            template["title"].as_str().expect("title"),
            template["version"].as_str().expect("version")
        )),
        "{out}"
    );
    let sections = template["sections"].as_array().expect("sections");
    assert_eq!(sections.len(), 5);
    for section in sections {
        let line = format!(
            "{}  {}",
            section["id"].as_str().expect("id"),
            section["title"].as_str().expect("title")
        );
        assert!(lines.contains(&line.as_str()), "{line:?} in:\n{out}");
        for item in section["items"].as_array().expect("items") {
            let line = format!(
                "  {}  {}",
                item["id"].as_str().expect("id"),
                item["title"].as_str().expect("title")
            );
            assert!(lines.contains(&line.as_str()), "{line:?} in:\n{out}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// spreadsheets, versions, archive

/// A shipped template exported as a spreadsheet and imported again is the same template:
/// "already there". Edited in the spreadsheet (a new version, a reworded item), it imports as
/// a new version, and `templates compare` says what changed, in words.
#[test]
fn a_template_travels_as_a_spreadsheet_and_its_changes_are_told() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("k.sqlite3");
    let version = shipped_version("monthly-ward-self-assessment");
    let csv = dir.path().join("monthly.csv");
    keyline(&db)
        .args([
            "templates",
            "export",
            "monthly-ward-self-assessment",
            "--csv",
        ])
        .arg(&csv)
        .assert()
        .success()
        .stdout(predicate::str::contains("Wrote"));
    // Not replaced without --force.
    keyline(&db)
        .args([
            "templates",
            "export",
            "monthly-ward-self-assessment",
            "--csv",
        ])
        .arg(&csv)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--force"));
    keyline(&db)
        .args(["templates", "validate"])
        .arg(&csv)
        .assert()
        .success()
        .stdout(predicate::str::contains("valid"));
    keyline(&db)
        .args(["templates", "import"])
        .arg(&csv)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "is already in the database with the same content",
        ));

    // Edit it as a quality lead would, in the spreadsheet's text.
    let original = String::from_utf8(read(&csv)).expect("utf-8");
    let template: Value =
        serde_json::from_slice(&show_json(&db, "monthly-ward-self-assessment", None))
            .expect("json");
    let first = template["sections"][0]["items"][0]["title"]
        .as_str()
        .expect("title")
        .to_owned();
    let next = format!("{}.{}", version.split('.').next().expect("major"), 9);
    let edited = original
        .replacen(&format!(",{version},"), &format!(",{next},"), 1)
        .replacen(&first, "Ligature risk assessment reviewed this month", 1);
    assert_ne!(
        edited, original,
        "the version and the title were found in the CSV"
    );
    let edited_csv = dir.path().join("monthly-edited.csv");
    std::fs::write(&edited_csv, edited).expect("write");
    keyline(&db)
        .args(["templates", "import"])
        .arg(&edited_csv)
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "Imported monthly-ward-self-assessment version {next}"
        )));
    keyline(&db)
        .args([
            "templates",
            "compare",
            "monthly-ward-self-assessment",
            &version,
            &next,
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "title was “{first}”, now “Ligature risk assessment reviewed this month”"
        )));
    let changes: Value = serde_json::from_slice(
        &keyline(&db)
            .args([
                "templates",
                "compare",
                "monthly-ward-self-assessment",
                &version,
                &next,
                "--json",
            ])
            .output()
            .expect("run")
            .stdout,
    )
    .expect("json");
    assert_eq!(changes.as_array().map(Vec::len), Some(1), "{changes:#}");
    assert_eq!(changes[0]["kind"], "reworded");
}

/// A spreadsheet with mistakes is refused with every problem, in words, each at its cell.
#[test]
fn a_spreadsheet_with_mistakes_is_refused_with_every_problem() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("k.sqlite3");
    let csv = dir.path().join("saf.csv");
    keyline(&db)
        .args(["templates", "export", "cqc-saf-mh-ward", "--csv"])
        .arg(&csv)
        .assert()
        .success();
    let text = String::from_utf8(read(&csv)).expect("utf-8");
    let version = shipped_version("cqc-saf-mh-ward");
    // The first item's type becomes something Keyline does not know, and the version changes
    // so that this is not the stored template.
    let broken = text.replacen(",scale,", ",stars,", 1).replacen(
        &format!(",{version},"),
        &format!(",{version}7,"),
        1,
    );
    let bad = dir.path().join("saf-bad.csv");
    std::fs::write(&bad, broken).expect("write");
    let before = list_json(&db);
    keyline(&db)
        .args(["templates", "import"])
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("saf-bad.csv is not a valid template")
                .and(predicate::str::contains("Items sheet, row 2"))
                .and(predicate::str::contains("stars")),
        );
    assert_eq!(list_json(&db), before, "nothing was added");
}

#[test]
fn an_archived_version_is_not_offered_until_restored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("k.sqlite3");
    let version = shipped_version("monthly-ward-self-assessment");
    keyline(&db)
        .args([
            "templates",
            "archive",
            "monthly-ward-self-assessment",
            &version,
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("hidden from new inspections"));
    keyline(&db)
        .args([
            "inspections",
            "new",
            "--template",
            "monthly-ward-self-assessment",
            "--service",
            "Ward 1",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("archived"));
    keyline(&db)
        .args([
            "templates",
            "archive",
            "monthly-ward-self-assessment",
            &version,
            "--restore",
        ])
        .assert()
        .success();
    keyline(&db)
        .args([
            "inspections",
            "new",
            "--template",
            "monthly-ward-self-assessment",
            "--service",
            "Ward 1",
        ])
        .assert()
        .success();
}
