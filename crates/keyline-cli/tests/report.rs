//! The PDF report from outside: `keyline demo`, `export` and `verify` on real database files
//! in temporary folders, with the PDFs read back by lopdf (and by qpdf and pdftoppm when they
//! are installed).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const KEY_QUESTIONS: [&str; 5] = ["Safe", "Effective", "Caring", "Responsive", "Well-led"];

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

/// Runs a command that must succeed and returns its stdout.
fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).expect("stdout is UTF-8")
}

fn json_of(cmd: &mut Command) -> Value {
    serde_json::from_str(&stdout_of(cmd)).expect("stdout is JSON")
}

/// Collapses every run of whitespace to one space, so text split over lines still matches.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of every page, in page order, whitespace collapsed.
fn page_texts(pdf: &Path) -> Vec<String> {
    let doc = lopdf::Document::load(pdf)
        .unwrap_or_else(|e| panic!("{} is a PDF lopdf can read: {e}", pdf.display()));
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    assert!(!pages.is_empty(), "{} has no pages", pdf.display());
    pages
        .iter()
        .map(|&n| {
            let text = doc
                .extract_text(&[n])
                .unwrap_or_else(|e| panic!("the text of page {n} can be extracted: {e}"));
            flat(&text)
        })
        .collect()
}

/// Runs a command that must exit with code 1 and returns its stdout as JSON.
fn json_of_failure(cmd: &mut Command) -> Value {
    let out = cmd.assert().code(1).get_output().stdout.clone();
    serde_json::from_slice(&out).expect("stdout is JSON")
}

struct Demo {
    /// Holds the folder until the test ends.
    dir: tempfile::TempDir,
    db: PathBuf,
    pdf: PathBuf,
    stdout: String,
}

/// `keyline demo` run inside a fresh temporary folder.
fn demo() -> Demo {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.sqlite3");
    let pdf = dir.path().join("demo.pdf");
    let stdout = stdout_of(
        keyline(&db)
            .current_dir(dir.path())
            .arg("demo")
            .arg("--pdf")
            .arg(&pdf),
    );
    Demo {
        dir,
        db,
        pdf,
        stdout,
    }
}

/// The demo inspection's sign-off fingerprint, as `inspections show --json` gives it.
fn fingerprint(db: &Path) -> String {
    let view = json_of(keyline(db).args(["inspections", "show", "1", "--json"]));
    let f = view["signOff"]["fingerprint"]
        .as_str()
        .unwrap_or_else(|| panic!("signOff.fingerprint in {}", view["signOff"]))
        .to_string();
    assert_eq!(f.len(), 64, "a SHA-256 fingerprint: {f}");
    f
}

fn which(tool: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(tool))
            .find(|p| p.is_file())
    })
}

/// Width, height and pixel bytes of a binary (P6) PPM.
fn parse_ppm(bytes: &[u8]) -> (usize, usize, &[u8]) {
    let mut fields = Vec::new();
    let mut pos = 0;
    while fields.len() < 4 {
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if bytes.get(pos) == Some(&b'#') {
            while pos < bytes.len() && bytes[pos] != b'\n' {
                pos += 1;
            }
            continue;
        }
        let start = pos;
        while pos < bytes.len() && !bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        assert!(pos > start, "the PPM header ends early");
        fields.push(String::from_utf8_lossy(&bytes[start..pos]).into_owned());
    }
    assert_eq!(fields[0], "P6", "a binary PPM");
    assert_eq!(fields[3], "255", "8-bit samples");
    let width: usize = fields[1].parse().expect("PPM width");
    let height: usize = fields[2].parse().expect("PPM height");
    let pixels = &bytes[pos + 1..];
    assert_eq!(pixels.len(), width * height * 3, "PPM pixel data size");
    (width, height, pixels)
}

#[test]
fn demo_writes_a_signed_off_report_with_every_finding_in_it() {
    let d = demo();
    let view = json_of(keyline(&d.db).args(["inspections", "show", "1", "--json"]));
    let fingerprint = fingerprint(&d.db);
    let uid = view["inspection"]["uid"].as_str().expect("inspection.uid");
    let report_id = format!("KL-{uid}-{}", &fingerprint[..12]);
    assert!(
        d.stdout.contains("created inspection 1 in"),
        "names the inspection: {}",
        d.stdout
    );
    assert!(
        d.stdout.contains(&format!("report {report_id}")),
        "names the report {report_id}: {}",
        d.stdout
    );
    assert!(d.pdf.is_file(), "{} was written", d.pdf.display());

    let pages = page_texts(&d.pdf);
    let all = pages.join(" ");
    let overall = view["score"]["overall"]["ratingLabel"]
        .as_str()
        .expect("score.overall.ratingLabel");
    let actions = json_of(keyline(&d.db).args(["action", "list", "--json"]));
    let actions = actions.as_array().expect("an array of actions");
    assert_eq!(actions.len(), 6, "the demo raises six actions");
    let mut expected = vec![
        "Larch Ward".to_string(),
        format!("Overall rating {overall}"),
        "Siân Ŵyn Llewellyn-Jones".to_string(),
        "Dafydd ap Gwŷn".to_string(),
        format!("Report {report_id}"),
    ];
    expected.extend(KEY_QUESTIONS.iter().map(|q| q.to_string()));
    expected.extend(
        actions
            .iter()
            .map(|a| flat(a["title"].as_str().expect("action title"))),
    );
    for text in &expected {
        assert!(all.contains(text.as_str()), "the report says {text:?}");
    }

    let n = pages.len();
    assert!(
        pages[0].contains(&format!("Page 1 of {n}")),
        "page 1 is numbered 1 of {n}: {}",
        pages[0]
    );
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains(&format!("Report {report_id}")),
            "page {} carries the report id",
            i + 1
        );
        assert!(!page.contains("DRAFT"), "page {} is not a draft", i + 1);
    }
    // Page 1 is for a board member: ratings, strengths and concerns, actions, people.
    for text in [
        "Biggest strengths",
        "Biggest concerns",
        "Who inspected and signed off",
        "should do",
        "Inspection team",
    ] {
        assert!(
            pages[0].contains(text),
            "page 1 says {text:?}: {}",
            pages[0]
        );
    }
    assert!(!pages[0].contains(&fingerprint), "no fingerprint on page 1");
    // The fingerprint, in groups of four, and the technical details are on the last page.
    let grouped: Vec<String> = fingerprint
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    let last = &pages[n - 1];
    assert!(last.contains("About this report"), "{last}");
    assert!(
        last.contains(&format!("Record fingerprint SHA-256 {}", grouped.join(" "))),
        "the last page carries the fingerprint: {last}"
    );
    // No item id anywhere, and every word of every answered item's title printed whole.
    let words: std::collections::HashSet<&str> = all.split_whitespace().collect();
    for section in view["template"]["sections"].as_array().expect("sections") {
        for item in section["items"].as_array().expect("items") {
            let id = item["id"].as_str().expect("id");
            assert!(!all.contains(id), "the item id {id} is printed");
            for word in item["title"].as_str().expect("title").split_whitespace() {
                assert!(words.contains(word), "{word:?} is printed whole");
            }
        }
    }

    match which("qpdf") {
        Some(qpdf) => {
            let out = std::process::Command::new(qpdf)
                .arg("--check")
                .arg(&d.pdf)
                .output()
                .expect("qpdf runs");
            assert!(
                out.status.success(),
                "qpdf --check: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        None => eprintln!("notice: qpdf is not on PATH; skipping qpdf --check"),
    }
    match which("pdftoppm") {
        Some(pdftoppm) => {
            let prefix = d.dir.path().join("page1");
            let out = std::process::Command::new(pdftoppm)
                .args(["-r", "30", "-f", "1", "-l", "1", "-singlefile"])
                .arg(&d.pdf)
                .arg(&prefix)
                .output()
                .expect("pdftoppm runs");
            assert!(
                out.status.success(),
                "pdftoppm: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let ppm = std::fs::read(prefix.with_extension("ppm")).expect("page1.ppm");
            let (width, height, pixels) = parse_ppm(&ppm);
            assert!(width > 100 && height > 100, "a page-sized image");
            let first = &pixels[..3];
            assert!(
                pixels.chunks_exact(3).any(|p| p != first),
                "page 1 renders as more than one colour"
            );
        }
        None => eprintln!("notice: pdftoppm is not on PATH; skipping the rendering check"),
    }
}

#[test]
fn demo_refuses_a_database_that_already_exists_and_leaves_it_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("existing.sqlite3");
    let pdf = dir.path().join("demo.pdf");
    keyline(&db).args(["templates", "list"]).assert().success();
    let before = std::fs::read(&db).expect("the database was created");
    keyline(&db)
        .current_dir(dir.path())
        .arg("demo")
        .arg("--pdf")
        .arg(&pdf)
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(
            predicate::str::contains("already exists")
                .and(predicate::str::contains("the demo needs a fresh database")),
        );
    assert_eq!(
        std::fs::read(&db).expect("read"),
        before,
        "the database is unchanged"
    );
    assert!(!pdf.exists(), "no report was written");
    let list = json_of(keyline(&db).args(["inspections", "list", "--json"]));
    assert_eq!(list, Value::Array(vec![]), "no inspection was added");
}

#[test]
fn verify_says_the_demo_report_is_the_signed_off_record() {
    let d = demo();
    let fingerprint = fingerprint(&d.db);
    let view = json_of(keyline(&d.db).args(["inspections", "show", "1", "--json"]));
    let uid = view["inspection"]["uid"]
        .as_str()
        .expect("inspection.uid")
        .to_string();
    // Intact and signed, but by a signer nobody here has vouched for: not verified.
    keyline(&d.db)
        .arg("verify")
        .arg(&d.pdf)
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains(
                "the report is intact, but its signer is not in your trusted list",
            )
            .and(predicate::str::contains("Keyline demonstration signer")),
        );
    // Once the signer is trusted (here, from the report itself), it verifies.
    keyline(&d.db)
        .args(["trust", "add"])
        .arg(&d.pdf)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "now trusting Keyline demonstration signer",
        ));
    keyline(&d.db)
        .arg("verify")
        .arg(&d.pdf)
        .assert()
        .success()
        .stdout(
            predicate::str::contains(format!("VERIFIED: record {uid} (Larch Ward"))
                .and(predicate::str::contains(
                    "every page is exactly what the embedded record draws",
                ))
                .and(predicate::str::contains(
                    "this database holds the same record, as inspection 1, unchanged",
                )),
        );
    let check = json_of(keyline(&d.db).arg("verify").arg(&d.pdf).arg("--json"));
    assert_eq!(check["matches"], Value::Bool(true), "{check}");
    assert_eq!(check["outcome"], Value::from("verified"), "{check}");
    assert_eq!(check["inspectionId"], Value::from(1), "{check}");
    assert_eq!(check["recordId"].as_str(), Some(uid.as_str()), "{check}");
    assert_eq!(check["fingerprint"].as_str(), Some(fingerprint.as_str()));
    assert_eq!(check["signer"]["trust"], Value::from("trusted"), "{check}");
}

#[test]
fn exporting_a_signed_off_inspection_again_gives_the_same_bytes() {
    let d = demo();
    let a = d.dir.path().join("a.pdf");
    let b = d.dir.path().join("b.pdf");
    for out in [&a, &b] {
        keyline(&d.db)
            .args(["export", "1", "--pdf"])
            .arg(out)
            .assert()
            .success()
            .stdout(
                predicate::str::contains("report KL-").and(predicate::str::contains("DRAFT").not()),
            );
    }
    let a = std::fs::read(&a).expect("a.pdf");
    let b = std::fs::read(&b).expect("b.pdf");
    let demo = std::fs::read(&d.pdf).expect("demo.pdf");
    assert!(a.starts_with(b"%PDF-"), "a PDF");
    assert!(
        a == b,
        "two exports differ ({} and {} bytes)",
        a.len(),
        b.len()
    );
    assert!(
        a == demo,
        "an export differs from the demo's report ({} and {} bytes)",
        a.len(),
        demo.len()
    );
}

#[test]
fn verify_and_audit_catch_an_answer_changed_behind_keylines_back() {
    let d = demo();
    let copy = d.dir.path().join("tampered.sqlite3");
    std::fs::copy(&d.db, &copy).expect("copy the database");
    {
        let conn = rusqlite::Connection::open(&copy).expect("open the copy");
        conn.execute_batch(
            "DROP TRIGGER response_update_signed_off;
             UPDATE response SET answer = '{\"kind\":\"level\",\"value\":1.0}'
              WHERE inspection_id = 1 AND item_id = 'safe.learning-culture';",
        )
        .expect("tamper with the copy");
        let changed: String = conn
            .query_row(
                "SELECT answer FROM response WHERE inspection_id = 1 AND item_id = 'safe.learning-culture'",
                [],
                |r| r.get(0),
            )
            .expect("the tampered answer");
        assert!(changed.contains("1.0"), "the update took: {changed}");
    }
    // The untouched database still vouches for the report (once its signer is trusted)...
    keyline(&d.db)
        .args(["trust", "add"])
        .arg(&d.pdf)
        .assert()
        .success();
    keyline(&d.db).arg("verify").arg(&d.pdf).assert().success();
    keyline(&d.db)
        .args(["audit", "verify", "1"])
        .assert()
        .success();
    // ...the tampered copy does not.
    keyline(&copy)
        .arg("verify")
        .arg(&d.pdf)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "inspection 1 in this database no longer is: it was changed behind Keyline's back",
        ));
    let check = json_of_failure(keyline(&copy).arg("verify").arg(&d.pdf).arg("--json"));
    assert_eq!(check["matches"], Value::Bool(false), "{check}");
    keyline(&copy)
        .args(["audit", "verify", "1"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("NOT intact"));
}

#[test]
fn a_draft_report_says_draft_on_every_page_and_does_not_verify() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("k.sqlite3");
    let pdf = dir.path().join("draft.pdf");
    let id = stdout_of(keyline(&db).args([
        "inspections",
        "new",
        "--template",
        "monthly-ward-self-assessment",
        "--service",
        "Ward X",
    ]))
    .trim()
    .to_string();
    let uid = json_of(keyline(&db).args(["inspections", "show", &id, "--json"]))["inspection"]
        ["uid"]
        .as_str()
        .expect("uid")
        .to_string();
    keyline(&db)
        .args([
            "answer",
            &id,
            "environment.ligature-assessment-current",
            "yes",
        ])
        .assert()
        .success();
    keyline(&db)
        .args(["export", &id, "--pdf"])
        .arg(&pdf)
        .assert()
        .success()
        .stdout(
            predicate::str::contains(format!("report KL-{uid}-DRAFT-"))
                .and(predicate::str::contains("DRAFT: not signed off")),
        );
    let pages = page_texts(&pdf);
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains("DRAFT"), "page {} says DRAFT: {page}", i + 1);
        assert!(
            !page.contains("Record fingerprint (SHA-256)"),
            "page {} claims a fingerprint",
            i + 1
        );
    }
    assert!(pages.join(" ").contains("Ward X"), "names the service");
    keyline(&db)
        .arg("verify")
        .arg(&pdf)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "NOT A RECORD: this is a DRAFT report; drafts are not signed",
        ));
    let check = json_of_failure(keyline(&db).arg("verify").arg(&pdf).arg("--json"));
    assert_eq!(check["matches"], Value::Bool(false), "{check}");
    assert_eq!(check["fingerprint"], Value::Null, "{check}");
}

/// Runs a command that must fail with exit code 1, and returns its stderr.
fn failure_of(cmd: &mut Command) -> String {
    let out = cmd.assert().code(1).get_output().stderr.clone();
    String::from_utf8(out).expect("stderr is UTF-8")
}

#[test]
fn verify_says_clearly_when_the_file_is_not_a_report_or_cannot_be_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("k.sqlite3");
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "These are meeting notes, not a report.\n").expect("write");
    let stderr = failure_of(keyline(&db).arg("verify").arg(&text));
    assert!(
        stderr.contains("not a Keyline report"),
        "a text file: {stderr}"
    );

    // A PDF, but not one of Keyline's.
    use lopdf::dictionary;
    let other = dir.path().join("other.pdf");
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        lopdf::Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    doc.trailer.set("Root", catalog_id);
    doc.save(&other).expect("save a blank PDF");
    let stderr = failure_of(keyline(&db).arg("verify").arg(&other));
    assert!(
        stderr.contains("not a Keyline report"),
        "a blank PDF: {stderr}"
    );

    let missing = dir.path().join("missing.pdf");
    let stderr = failure_of(keyline(&db).arg("verify").arg(&missing));
    assert!(
        stderr.contains(&format!("there is no file at {}", missing.display())),
        "a missing file: {stderr}"
    );
}

#[test]
fn export_fails_clearly_for_an_unknown_inspection_or_an_unwritable_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("k.sqlite3");
    let pdf = dir.path().join("r.pdf");
    let stderr = failure_of(keyline(&db).args(["export", "42", "--pdf"]).arg(&pdf));
    assert!(
        stderr.contains("there is no inspection 42"),
        "an unknown inspection: {stderr}"
    );
    assert!(!pdf.exists(), "no report for an unknown inspection");

    let id = stdout_of(keyline(&db).args([
        "inspections",
        "new",
        "--template",
        "monthly-ward-self-assessment",
        "--service",
        "Ward Y",
    ]))
    .trim()
    .to_string();
    let folder = dir.path().join("no-such-folder");
    let out = folder.join("r.pdf");
    let stderr = failure_of(keyline(&db).args(["export", &id, "--pdf"]).arg(&out));
    assert!(
        stderr.contains(&format!("cannot write {}", out.display())),
        "a missing folder: {stderr}"
    );
    assert!(!out.exists(), "no file was left behind");
    assert!(!folder.exists(), "the folder was not created");
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("read the temp folder")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("k.sqlite3"))
        .collect();
    assert!(left.is_empty(), "stray files: {left:?}");
}

/// A breach found on the ward: the must do is suggested from the item's regulations, caps
/// Safe, is listed by `action list --priority must-do`, and the signed report lists it under
/// "Must do" with the regulation breached.
#[test]
fn a_must_do_is_suggested_caps_safe_and_is_reported_with_its_regulation() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("k.sqlite3");
    stdout_of(keyline(&db).args([
        "identity",
        "create",
        "--name",
        "A. Okafor",
        "--organisation",
        "North Trust",
    ]));
    let id = stdout_of(keyline(&db).args([
        "inspections",
        "new",
        "--template",
        "cqc-saf-mh-ward",
        "--service",
        "Ward 7",
        "--date",
        "2026-11-20",
    ]))
    .trim()
    .to_string();
    let template: Value = serde_json::from_slice(
        &std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../inspection-templates/cqc-saf-mh-ward.json"),
        )
        .expect("read"),
    )
    .expect("JSON");
    for section in template["sections"].as_array().expect("sections") {
        for item in section["items"].as_array().expect("items") {
            let item = item["id"].as_str().expect("id");
            let (value, note) = if item == "safe.staffing" {
                (
                    "1",
                    "Two night shifts ran with one registered nurse for 18 patients.",
                )
            } else {
                ("3", "Seen on the day.")
            };
            keyline(&db)
                .args(["answer", &id, item, value, "--note", note])
                .assert()
                .success();
        }
    }
    let suggestion = stdout_of(keyline(&db).args(["action", "suggest", &id, "safe.staffing"]));
    assert!(
        suggestion.starts_with("must-do\t18,19,12\t"),
        "{suggestion}"
    );
    keyline(&db)
        .args([
            "action",
            "add",
            &id,
            "--title",
            "Staff every night shift to the planned level",
            "--item",
            "safe.staffing",
            "--priority",
            "suggested",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "normally means a breach of regulation 18",
        ));
    keyline(&db)
        .args([
            "action",
            "add",
            &id,
            "--title",
            "Share the learning from the October incident review",
            "--item",
            "safe.learning-culture",
            "--priority",
            "should-do",
        ])
        .assert()
        .success();
    let must = stdout_of(keyline(&db).args(["action", "list", "--priority", "must-do"]));
    assert_eq!(must.lines().count(), 1, "{must}");
    assert!(must.contains("must do (regulation 18, 19, 12)"), "{must}");
    let should = stdout_of(keyline(&db).args(["action", "list", "--priority", "should-do"]));
    assert!(should.contains("Share the learning"), "{should}");
    assert!(!should.contains("Staff every night"), "{should}");

    let score = json_of(keyline(&db).args(["score", &id, "--json"]));
    let safe = score["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .find(|s| s["id"] == "safe")
        .expect("Safe")
        .clone();
    assert_eq!(safe["rating"], "requires-improvement", "{safe}");

    keyline(&db)
        .args([
            "sign-off",
            &id,
            "--inspector",
            "A. Okafor",
            "--reviewer",
            "B. Nowak",
        ])
        .assert()
        .success();
    // No breach can be added once the record is signed.
    keyline(&db)
        .args([
            "action",
            "add",
            &id,
            "--title",
            "Late finding",
            "--item",
            "safe.safeguarding",
            "--priority",
            "must-do",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("amend the inspection"));
    let pdf = dir.path().join("report.pdf");
    keyline(&db)
        .args(["export", &id, "--pdf"])
        .arg(&pdf)
        .assert()
        .success();
    let text = page_texts(&pdf).join(" ");
    for expected in [
        "Must do: to meet the regulations (1)",
        "Regulation 18: Staffing",
        "Should do: to improve (1)",
        "Staff every night shift to the planned level",
    ] {
        assert!(text.contains(expected), "{expected} is in the report");
    }
}
