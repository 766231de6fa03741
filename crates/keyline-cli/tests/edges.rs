//! The CLI at its edges: what it prints from untrusted text, which files it will write over,
//! and what it says of a database path that is not a database file.

use std::path::Path;

use assert_cmd::Command;

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

fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).expect("UTF-8")
}

fn stderr_of_failure(cmd: &mut Command) -> String {
    let out = cmd.assert().code(1).get_output().stderr.clone();
    String::from_utf8(out).expect("UTF-8")
}

fn new_inspection(db: &Path, service: &str) -> String {
    stdout_of(keyline(db).args([
        "inspections",
        "new",
        "--template",
        "cqc-saf-mh-ward",
        "--service",
        service,
    ]))
    .trim()
    .to_string()
}

/// An escape sequence typed into a note or a service name is shown, not obeyed; JSON keeps
/// the text exactly.
#[test]
fn text_from_people_cannot_drive_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("k.sqlite3");
    let service = "Ward 7\u{1b}[2J\u{1b}]0;owned\u{7}";
    let note = "fine\u{1b}[31m RED\tcolumn\nline \u{202e}txet";
    let id = new_inspection(&db, service);
    keyline(&db)
        .args(["answer", &id, "safe.learning-culture", "3", "--note", note])
        .assert()
        .success();
    for args in [
        vec!["inspections", "show", id.as_str()],
        vec!["inspections", "list"],
    ] {
        let text = stdout_of(keyline(&db).args(&args));
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\u{202e}'),
            "{args:?} printed a control character: {text:?}"
        );
        assert!(text.contains("Ward 7\\u{1b}[2J"), "{args:?}: {text}");
    }
    let show = stdout_of(keyline(&db).args(["inspections", "show", &id]));
    let line = show
        .lines()
        .find(|l| l.contains("note on"))
        .expect("the note's line");
    assert!(line.contains("RED\\tcolumn\\nline \\u{202e}txet"), "{line}");

    let json: serde_json::Value = serde_json::from_str(&stdout_of(keyline(&db).args([
        "inspections",
        "show",
        &id,
        "--json",
    ])))
    .expect("JSON");
    assert_eq!(json["inspection"]["service"], service);
    assert_eq!(json["notes"][0]["text"], note);
}

#[cfg(unix)]
#[test]
fn export_never_replaces_a_file_unless_forced_and_keeps_the_umask_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("k.sqlite3");
    let id = new_inspection(&db, "Ward 7");
    let pdf = dir.path().join("report.pdf");
    std::fs::write(&pdf, b"my own notes").expect("write");
    let stderr = stderr_of_failure(keyline(&db).args(["export", &id, "--pdf"]).arg(&pdf));
    assert!(stderr.contains("already exists"), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(std::fs::read(&pdf).expect("read"), b"my own notes");

    // The mode is what the user's umask gives any new file.
    let exported = Command::new("sh")
        .arg("-c")
        .arg("umask 022 && exec \"$0\" --db \"$1\" export \"$2\" --pdf \"$3\" --force")
        .arg(assert_cmd::cargo::cargo_bin("keyline"))
        .arg(&db)
        .arg(&id)
        .arg(&pdf)
        .env_remove("KEYLINE_DB")
        .assert()
        .success();
    drop(exported);
    assert!(std::fs::read(&pdf).expect("read").starts_with(b"%PDF-"));
    let mode = std::fs::metadata(&pdf).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o644, "mode {mode:o}");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".keyline-"))
        .collect();
    assert!(names.is_empty(), "temporary files left: {names:?}");
}

#[cfg(unix)]
#[test]
fn a_database_path_that_is_not_a_file_says_what_it_is() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases = [
        (dir.path().to_path_buf(), "is a folder"),
        (Path::new("/dev/null").to_path_buf(), "not an ordinary file"),
        (dir.path().join("missing/k.sqlite3"), "does not exist"),
    ];
    for (db, says) in cases {
        let stderr = stderr_of_failure(keyline(&db).args(["templates", "list"]));
        assert!(stderr.contains(says), "{}: {stderr}", db.display());
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    }
    assert!(!dir.path().join("missing").exists());
}

#[test]
fn another_programs_database_is_named_as_such_and_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("contacts.sqlite3");
    rusqlite::Connection::open(&db)
        .expect("create")
        .execute_batch("CREATE TABLE person (name TEXT); PRAGMA user_version = 2;")
        .expect("schema");
    let before = std::fs::read(&db).expect("read");
    let stderr = stderr_of_failure(keyline(&db).args(["templates", "list"]));
    assert!(stderr.contains("another program's database"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert_eq!(std::fs::read(&db).expect("read"), before);
    let beside: Vec<_> = std::fs::read_dir(dir.path()).expect("list").collect();
    assert_eq!(beside.len(), 1, "no journal or WAL beside it");
}

#[cfg(unix)]
#[test]
fn a_pipe_or_a_device_handed_as_a_file_is_refused_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("k.sqlite3");
    let id = new_inspection(&db, "Ward 7");
    let fifo = dir.path().join("photo.jpg");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo")
        .success());
    // Nothing ever writes to the pipe: a CLI that opened it to read would wait for ever,
    // and the timeout turns that into a failure.
    let hang_guard = std::time::Duration::from_secs(60);
    for args in [
        vec!["evidence", "add", &id, "safe.learning-culture"],
        vec!["templates", "import"],
        vec!["verify"],
        vec!["templates", "validate"],
    ] {
        let out = keyline(&db)
            .args(&args)
            .arg(&fifo)
            .timeout(hang_guard)
            .assert()
            .code(1)
            .get_output()
            .clone();
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(text.contains("not an ordinary file"), "{args:?}: {text}");
    }
    let stderr = stderr_of_failure(
        keyline(&db)
            .args(["evidence", "add", &id, "safe.learning-culture", "/dev/zero"])
            .timeout(hang_guard),
    );
    assert!(stderr.contains("not an ordinary file"), "{stderr}");
}

/// An answer that calls for a note says so at once, with the command that gives it; once the
/// note is there, the same answer asks for nothing.
#[test]
fn an_answer_says_what_the_template_now_asks_for() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("k.sqlite3");
    let id = stdout_of(keyline(&db).args([
        "inspections",
        "new",
        "--template",
        "monthly-ward-self-assessment",
        "--service",
        "Willow Ward",
    ]))
    .trim()
    .to_string();
    let item = "environment.ligature-assessment-current";
    let out = keyline(&db)
        .args(["answer", &id, item, "no"])
        .assert()
        .success()
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8(out).expect("UTF-8");
    assert!(
        stderr.contains(&format!("the template asks for a note on {item}"))
            && stderr.contains(&format!("keyline note {id} {item} TEXT")),
        "{stderr}"
    );
    let out = keyline(&db)
        .args(["answer", &id, item, "no", "--note", "Dated 2023"])
        .assert()
        .success()
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8(out).expect("UTF-8");
    assert!(!stderr.contains("asks for"), "{stderr}");
}
