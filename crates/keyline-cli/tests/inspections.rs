//! `keyline inspections | answer | override | score | compare` from outside, on real
//! database files in temporary folders, against the shipped templates.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const SAF: &str = "cqc-saf-mh-ward";
const MONTHLY: &str = "monthly-ward-self-assessment";

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

/// A fresh database file in its own temporary folder (kept alive by the returned guard).
fn database() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("k.sqlite3");
    (dir, db)
}

fn json_of(cmd: &mut Command) -> Value {
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).expect("stdout is JSON")
}

fn new_inspection(db: &Path, template: &str, extra: &[&str]) -> i64 {
    let out = keyline(db)
        .args([
            "inspections",
            "new",
            "--template",
            template,
            "--service",
            "Ward 7",
        ])
        .args(extra)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8_lossy(&out)
        .trim_end()
        .parse()
        .expect("inspections new prints the id")
}

fn answer(db: &Path, inspection: i64, item: &str, value: &str) {
    keyline(db)
        .args(["answer", &inspection.to_string(), item, value])
        .assert()
        .success();
}

fn score(db: &Path, inspection: i64) -> Value {
    json_of(keyline(db).args(["score", &inspection.to_string(), "--json"]))
}

fn show(db: &Path, inspection: i64) -> Value {
    json_of(keyline(db).args(["inspections", "show", &inspection.to_string(), "--json"]))
}

fn section<'a>(score: &'a Value, id: &str) -> &'a Value {
    score["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("section {id} in the score"))
}

fn item<'a>(score: &'a Value, id: &str) -> &'a Value {
    score["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("item {id} in the score"))
}

fn number(value: &Value) -> f64 {
    value
        .as_f64()
        .unwrap_or_else(|| panic!("a number, found {value}"))
}

/// Each section's id and its top-level item ids, from `templates show ID --json`.
fn statements(db: &Path, template: &str) -> Vec<(String, Vec<String>)> {
    let t = json_of(keyline(db).args(["templates", "show", template, "--json"]));
    t["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .map(|s| {
            let items = s["items"]
                .as_array()
                .expect("items")
                .iter()
                .map(|i| i["id"].as_str().expect("item id").to_string())
                .collect();
            (s["id"].as_str().expect("section id").to_string(), items)
        })
        .collect()
}

/// An inspection of the single assessment framework with every statement answered `value`.
fn saf_all_answered(db: &Path, value: &str) -> i64 {
    let id = new_inspection(db, SAF, &[]);
    for (_, items) in statements(db, SAF) {
        for item in items {
            answer(db, id, &item, value);
        }
    }
    id
}

// ---------------------------------------------------------------------------------------
// inspections new

#[test]
fn new_prints_the_id_and_nothing_else() {
    let (_dir, db) = database();
    let mut ids = Vec::new();
    for _ in 0..2 {
        let out = keyline(&db)
            .args([
                "inspections",
                "new",
                "--template",
                SAF,
                "--service",
                "Ward 7",
                "--kind",
                "peer-review",
                "--date",
                "2025-03-14",
                "--site",
                "Riverside",
                "--trust",
                "Northshire",
                "--team",
                "A. Okafor, B. Nowak",
            ])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let out = String::from_utf8(out).expect("UTF-8");
        let digits = out
            .strip_suffix('\n')
            .expect("one line, ended by a newline");
        assert!(
            !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()),
            "stdout is one integer line: {out:?}"
        );
        ids.push(digits.parse::<i64>().expect("an integer"));
    }
    assert_ne!(ids[0], ids[1], "each inspection has its own id");
    let view = show(&db, ids[1]);
    let i = &view["inspection"];
    assert_eq!(i["id"], ids[1]);
    assert_eq!(i["templateId"], SAF);
    assert_eq!(
        i["templateVersion"],
        shipped_version(SAF),
        "the newest shipped version"
    );
    assert_eq!(i["service"], "Ward 7");
    assert_eq!(i["kind"], "peer-review");
    assert_eq!(i["date"], "2025-03-14");
    assert_eq!(i["site"], "Riverside");
    assert_eq!(i["trust"], "Northshire");
    assert_eq!(i["team"], "A. Okafor, B. Nowak");
}

/// `args` for `inspections new` that must be refused with `message` and create nothing.
fn check_new_refused(args: &[&str], message: &str) {
    let (_dir, db) = database();
    keyline(&db)
        .args(["inspections", "new"])
        .args(args)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(message));
    assert_eq!(
        json_of(keyline(&db).args(["inspections", "list", "--json"])),
        Value::Array(Vec::new()),
        "nothing was created for {args:?}"
    );
}

#[test]
fn new_refuses_an_unknown_template_or_version() {
    check_new_refused(
        &["--template", "no-such-template", "--service", "Ward 7"],
        "there is no template no-such-template",
    );
    check_new_refused(
        &["--template", SAF, "--version", "9.9", "--service", "Ward 7"],
        "there is no template cqc-saf-mh-ward version 9.9",
    );
}

#[test]
fn new_refuses_a_date_that_is_not_a_calendar_date() {
    for date in ["2025-02-30", "14/03/2025", "2025-3-14", "tomorrow", ""] {
        check_new_refused(
            &["--template", SAF, "--service", "Ward 7", "--date", date],
            "YYYY-MM-DD",
        );
    }
    check_new_refused(
        &[
            "--template",
            SAF,
            "--service",
            "Ward 7",
            "--date",
            "2025-02-30",
        ],
        "\"2025-02-30\" is not a date",
    );
}

#[test]
fn new_refuses_a_blank_service() {
    check_new_refused(
        &["--template", SAF, "--service", "   "],
        "name the service or ward",
    );
}

// ---------------------------------------------------------------------------------------
// answer and score

#[test]
fn every_statement_answered_3_is_good_throughout() {
    let (_dir, db) = database();
    let id = saf_all_answered(&db, "3");
    let s = score(&db, id);

    assert_eq!(s["complete"], true, "{}", s["missing"]);
    assert_eq!(s["missing"], Value::Array(Vec::new()));
    assert_eq!(s["overall"]["rating"], "good");
    assert!(
        s["overall"]["explanation"]
            .as_str()
            .is_some_and(|e| e.starts_with("Overall: Good")),
        "{}",
        s["overall"]["explanation"]
    );

    let counts = [
        ("safe", 8.0),
        ("effective", 6.0),
        ("caring", 5.0),
        ("responsive", 7.0),
        ("well-led", 8.0),
    ];
    let statements = statements(&db, SAF);
    assert_eq!(
        statements
            .iter()
            .map(|(id, items)| (id.as_str(), items.len() as f64))
            .collect::<Vec<_>>(),
        counts,
        "34 quality statements in five key questions"
    );
    for (id, n) in counts {
        let sec = section(&s, id);
        assert_eq!(number(&sec["earned"]), 3.0 * n, "{id} earned");
        assert_eq!(number(&sec["possible"]), 4.0 * n, "{id} possible");
        assert_eq!(number(&sec["percent"]), 75.0, "{id} percent");
        assert_eq!(number(&sec["roundedPercent"]), 75.0, "{id} rounded");
        assert_eq!(sec["rating"], "good", "{id} rating");
        assert_eq!(sec["computedRating"], "good", "{id} computed rating");
        assert_eq!(sec["cappedBy"], Value::Null, "{id} is not capped");
        assert_eq!(sec["override"], Value::Null, "{id} is not moderated");
        let title = sec["title"].as_str().expect("title");
        let explanation = sec["explanation"].as_str().expect("explanation");
        let points = format!("{title}: {} of {} points, 75%, Good", 3.0 * n, 4.0 * n);
        assert!(
            explanation.starts_with(&points),
            "{points:?} / {explanation}"
        );
    }
    let safe = section(&s, "safe");
    assert_eq!(
        (number(&safe["earned"]), number(&safe["possible"])),
        (24.0, 32.0)
    );

    for (_, items) in &statements {
        for id in items {
            let i = item(&s, id);
            assert_eq!(number(&i["score"]), 3.0, "{id} score");
            assert_eq!(number(&i["max"]), 4.0, "{id} max");
            assert_eq!(i["na"], false, "{id} na");
            assert_eq!(i["answer"], "3, Good standard", "{id} answer");
        }
    }
}

#[test]
fn score_json_has_the_documented_fields() {
    let (_dir, db) = database();
    let id = new_inspection(&db, SAF, &[]);
    answer(&db, id, "safe.learning-culture", "4");
    let s = score(&db, id);
    assert_eq!(s["complete"], false);
    let missing = s["missing"].as_array().expect("missing is a list");
    assert_eq!(missing.len(), 33, "34 statements, one answered");
    assert!(!missing.contains(&Value::from("safe.learning-culture")));
    assert!(missing.contains(&Value::from("well-led.governance")));
    for key in ["rating", "ratingLabel", "explanation", "ruleApplied"] {
        assert!(s["overall"].get(key).is_some(), "overall.{key}");
    }
    assert!(
        s.get("roundingNote").is_some(),
        "roundingNote, null or the statement"
    );
    for sec in s["sections"].as_array().expect("sections") {
        for key in [
            "id",
            "title",
            "earned",
            "possible",
            "percent",
            "roundedPercent",
            "rating",
            "computedRating",
            "cappedBy",
            "override",
            "summary",
            "explanation",
            "answered",
            "total",
        ] {
            assert!(sec.get(key).is_some(), "sections[].{key} in {sec}");
        }
    }
    for i in s["items"].as_array().expect("items") {
        for key in [
            "id",
            "sectionId",
            "parentId",
            "answer",
            "score",
            "max",
            "na",
        ] {
            assert!(i.get(key).is_some(), "items[].{key} in {i}");
        }
    }
    let answered = item(&s, "safe.learning-culture");
    assert_eq!(
        (number(&answered["score"]), number(&answered["max"])),
        (4.0, 4.0)
    );
    let unanswered = item(&s, "safe.staffing");
    assert_eq!(unanswered["score"], Value::Null);
    assert_eq!(number(&unanswered["max"]), 4.0);
    let sub = item(&s, "safe.learning-culture.staff");
    assert_eq!(sub["parentId"], "safe.learning-culture");
}

/// An answer that must be refused with exit code 1, a message on stderr containing each of
/// `messages`, and nothing written (the inspection, its notes and its score unchanged).
fn check_refused(item: &str, value: &str, messages: &[&str]) {
    let (_dir, db) = database();
    let id = new_inspection(&db, SAF, &[]);
    answer(&db, id, "safe.learning-culture", "2");
    keyline(&db)
        .args([
            "answer",
            &id.to_string(),
            "safe.staffing",
            "3",
            "--note",
            "Rota seen",
        ])
        .assert()
        .success();
    let (view_before, score_before) = (show(&db, id), score(&db, id));

    let mut stderr = predicate::str::contains(item).boxed();
    for m in messages {
        stderr = stderr.and(predicate::str::contains(*m)).boxed();
    }
    keyline(&db)
        .args([
            "answer",
            &id.to_string(),
            item,
            value,
            "--note",
            "must not be kept",
        ])
        .assert()
        .code(1)
        .stdout("")
        .stderr(stderr);

    assert_eq!(
        score(&db, id),
        score_before,
        "score after `answer {item} {value}`"
    );
    assert_eq!(
        show(&db, id),
        view_before,
        "inspection after `answer {item} {value}`"
    );
}

#[test]
fn an_out_of_range_value_is_refused_and_nothing_written() {
    check_refused("safe.learning-culture", "7", &["\"7\"", "1, 2, 3 or 4"]);
    check_refused("safe.staffing", "0", &["\"0\"", "1, 2, 3 or 4"]);
    check_refused("safe.staffing", "3.5", &["\"3.5\""]);
    check_refused("safe.staffing", "yes", &["\"yes\""]);
}

#[test]
fn a_value_that_only_rounds_to_a_level_is_not_that_level() {
    check_refused(
        "safe.staffing",
        "2.9999999999999999",
        &["\"2.9999999999999999\"", "1, 2, 3 or 4"],
    );
}

#[test]
fn a_negative_value_is_refused_like_any_other_out_of_range_value() {
    check_refused("safe.staffing", "-1", &["\"-1\""]);
}

#[test]
fn an_unknown_item_is_refused_and_nothing_written() {
    check_refused(
        "safe.no-such-statement",
        "3",
        &["has no item", "cqc-saf-mh-ward"],
    );
}

#[test]
fn not_applicable_is_refused_where_the_item_does_not_allow_it() {
    check_refused("safe.learning-culture", "na", &["N/A is not allowed"]);
}

#[test]
fn answering_an_unknown_inspection_is_refused() {
    let (_dir, db) = database();
    keyline(&db)
        .args(["answer", "42", "safe.staffing", "3"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("there is no inspection 42"));
}

#[test]
fn a_note_given_with_an_answer_is_kept() {
    let (_dir, db) = database();
    let id = new_inspection(&db, SAF, &[]);
    keyline(&db)
        .args([
            "answer",
            &id.to_string(),
            "safe.learning-culture",
            "3",
            "--note",
            "Incident reviews seen; two <b>actions</b> overdue",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("saved: safe.learning-culture = 3"));
    let view = show(&db, id);
    let notes = view["notes"].as_array().expect("notes");
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0]["itemId"], "safe.learning-culture");
    assert_eq!(
        notes[0]["text"],
        "Incident reviews seen; two <b>actions</b> overdue"
    );
    assert_eq!(
        number(&item(&view["score"], "safe.learning-culture")["score"]),
        3.0
    );
    keyline(&db)
        .args(["inspections", "show", &id.to_string()])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "note on safe.learning-culture: Incident reviews seen; two <b>actions</b> overdue",
        ));
}

#[test]
fn not_applicable_checks_count_in_neither_total() {
    let (_dir, db) = database();
    let id = new_inspection(&db, MONTHLY, &["--kind", "self-assessment"]);
    // Staffing: four checks met and one N/A is 4 of 4 (Compliant); counting N/A as 0 would
    // give 80%.
    answer(&db, id, "staffing.fill-rates", "96");
    answer(&db, id, "staffing.supervision", "90");
    answer(&db, id, "staffing.mandatory-training", "yes");
    answer(&db, id, "staffing.incidents-psirf", "yes");
    answer(&db, id, "staffing.temporary-staff-induction", "na");
    // Care records: five samples all met, one with none of five met, and two N/A is 5 of 6
    // = 83.3%, Partly compliant.
    for (check, count) in [
        ("care-records.risk-assessments-updated", "10 of 10"),
        ("care-records.care-plans-coproduced", "10/10"),
        ("care-records.news2-escalated", "8 of 8"),
        ("care-records.observation-records", "5"),
        ("care-records.sexual-safety", "6 of 6"),
    ] {
        answer(&db, id, check, count);
    }
    keyline(&db)
        .args([
            "answer",
            &id.to_string(),
            "care-records.discharge-plans",
            "0 of 5",
            "--note",
            "No patient had a discharge plan naming their key worker",
        ])
        .assert()
        .success();
    answer(&db, id, "care-records.physical-health-admission", "na");
    answer(&db, id, "care-records.follow-up-72-hours", "na");

    let s = score(&db, id);
    for na in [
        "staffing.temporary-staff-induction",
        "care-records.physical-health-admission",
    ] {
        let i = item(&s, na);
        assert_eq!(i["na"], true, "{na}");
        assert_eq!(i["max"], Value::Null, "{na} has no maximum");
        assert_eq!(i["score"], Value::Null, "{na} has no score");
    }
    let no = item(&s, "care-records.discharge-plans");
    assert_eq!((number(&no["score"]), number(&no["max"])), (0.0, 1.0));

    for (id, earned, possible, rating) in [
        ("staffing", 4.0, 4.0, "compliant"),
        ("care-records", 5.0, 6.0, "partly-compliant"),
    ] {
        let sec = section(&s, id);
        assert_eq!(number(&sec["earned"]), earned, "{id} earned");
        assert_eq!(number(&sec["possible"]), possible, "{id} possible");
        assert_eq!(
            number(&sec["percent"]),
            earned / possible * 100.0,
            "{id} percent is earned / possible"
        );
        assert_eq!(sec["rating"], rating, "{id} rating");
        let item_max: f64 = s["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter(|i| i["sectionId"] == id)
            .filter_map(|i| i["max"].as_f64())
            .sum();
        assert_eq!(
            item_max, possible,
            "{id}: possible is the sum of the items' max"
        );
    }
    assert!(
        section(&s, "staffing")["explanation"]
            .as_str()
            .is_some_and(|e| e
                .contains("Did every bank and agency worker receive a recorded ward induction")
                && !e.contains("staffing.temporary-staff-induction")
                && e.contains("neither total")),
        "{}",
        section(&s, "staffing")["explanation"]
    );
}

// ---------------------------------------------------------------------------------------
// override

#[test]
fn an_override_changes_the_rating_and_keeps_the_computed_one() {
    let (_dir, db) = database();
    let id = saf_all_answered(&db, "3");
    let justification = "Seclusion records incomplete on the day of the visit";
    keyline(&db)
        .args([
            "override",
            &id.to_string(),
            "safe",
            "requires-improvement",
            "--justification",
            justification,
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::starts_with("Safe: 24 of 32 points")
                .and(predicate::str::contains(justification)),
        );
    let s = score(&db, id);
    let safe = section(&s, "safe");
    assert_eq!(safe["rating"], "requires-improvement");
    assert_eq!(safe["computedRating"], "good");
    assert_eq!(safe["override"]["rating"], "requires-improvement");
    assert_eq!(safe["override"]["justification"], justification);
    assert_eq!(safe["override"]["computedRating"], "good");
    assert!(
        safe["explanation"]
            .as_str()
            .is_some_and(|e| e.contains(justification)),
        "{}",
        safe["explanation"]
    );
    assert_eq!(section(&s, "effective")["override"], Value::Null);
    assert_eq!(
        s["overall"]["rating"], "good",
        "one RI key question is still Good"
    );

    // A second moderated section changes the overall rating: it uses the ratings that stand.
    keyline(&db)
        .args([
            "override",
            &id.to_string(),
            "effective",
            "requires-improvement",
            "--justification",
            "Consent not recorded for two patients",
        ])
        .assert()
        .success();
    assert_eq!(score(&db, id)["overall"]["rating"], "requires-improvement");

    // `none` removes the moderation.
    keyline(&db)
        .args(["override", &id.to_string(), "safe", "none"])
        .assert()
        .success();
    let s = score(&db, id);
    assert_eq!(section(&s, "safe")["rating"], "good");
    assert_eq!(section(&s, "safe")["override"], Value::Null);
}

#[test]
fn an_override_needs_a_justification_and_a_real_rating_and_section() {
    let (_dir, db) = database();
    let id = saf_all_answered(&db, "3");
    let before = score(&db, id);
    let id_text = id.to_string();
    let cases: [(&[&str], &str); 4] = [
        (&["safe", "outstanding"], "justification"),
        (
            &["safe", "outstanding", "--justification", "   "],
            "justification",
        ),
        (
            &["safe", "excellent", "--justification", "Seen"],
            "\"excellent\" is not a rating",
        ),
        (
            &["no-such-section", "good", "--justification", "Seen"],
            "no-such-section",
        ),
    ];
    for (args, message) in cases {
        keyline(&db)
            .args(["override", &id_text])
            .args(args)
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains(message));
        assert_eq!(score(&db, id), before, "nothing written for {args:?}");
    }
}

// ---------------------------------------------------------------------------------------
// compare

/// Quadratic-weighted kappa with answers placed on 0..1 (a 1–4 scale: (v − 1) ÷ 3).
fn quadratic_kappa(pairs: &[(f64, f64)]) -> f64 {
    let n = pairs.len() as f64;
    let observed = pairs.iter().map(|(a, b)| (a - b).powi(2)).sum::<f64>() / n;
    let expected = pairs
        .iter()
        .flat_map(|(a, _)| pairs.iter().map(move |(_, b)| (a - b).powi(2)))
        .sum::<f64>()
        / (n * n);
    1.0 - observed / expected
}

#[test]
fn compare_reports_agreement_kappa_and_the_biggest_differences() {
    let (_dir, db) = database();
    let a = new_inspection(&db, SAF, &[]);
    let b = new_inspection(&db, SAF, &["--kind", "peer-review"]);
    let answers = [
        ("safe.learning-culture", "3", "3"),
        ("safe.safe-systems", "3", "2"),
        ("safe.safeguarding", "2", "2"),
        ("safe.involving-people-in-risk", "4", "4"),
        ("safe.safe-environments", "1", "4"),
        ("safe.staffing", "3", "3"),
        ("effective.consent", "2", "3"),
        ("caring.kindness-dignity", "4", "4"),
    ];
    for (item, x, y) in answers {
        answer(&db, a, item, x);
        answer(&db, b, item, y);
    }
    answer(&db, a, "well-led.governance", "3"); // answered by A only

    let c = json_of(keyline(&db).args(["compare", &a.to_string(), &b.to_string(), "--json"]));
    let items = c["items"].as_array().expect("items");
    for (id, x, y) in answers {
        let i = items
            .iter()
            .find(|i| i["id"] == id)
            .unwrap_or_else(|| panic!("{id} compared"));
        // Each answer as people read it: the level, then its label ("3, Good standard").
        let read = |v: &Value| v.as_str().unwrap_or_default().to_string();
        assert!(
            read(&i["a"]).starts_with(&format!("{x}, "))
                && read(&i["b"]).starts_with(&format!("{y}, ")),
            "{id}: {} and {}",
            i["a"],
            i["b"]
        );
        assert_eq!(i["agree"], x == y, "{id} agree");
    }
    let agreements = items.iter().filter(|i| i["agree"] == true).count();
    assert_eq!(agreements, 5);
    assert_eq!(c["agreements"], 5);
    assert_eq!(c["itemsCompared"], 8);
    assert_eq!(number(&c["percentAgreement"]), 5.0 / 8.0 * 100.0);

    let kappa = number(&c["weightedKappa"]);
    assert!((-1.0..=1.0).contains(&kappa), "kappa {kappa}");
    let on_0_to_1 = |v: &str| (v.parse::<f64>().expect("a level") - 1.0) / 3.0;
    let pairs: Vec<(f64, f64)> = answers
        .iter()
        .map(|(_, x, y)| (on_0_to_1(x), on_0_to_1(y)))
        .collect();
    let expected = quadratic_kappa(&pairs);
    assert!(
        (kappa - expected).abs() < 1e-9,
        "kappa {kappa}, expected {expected}"
    );
    assert_eq!(c["kappaItems"], 8);

    let biggest = c["biggestDifferences"]
        .as_array()
        .expect("biggestDifferences");
    assert_eq!(
        biggest[0]["id"], "safe.safe-environments",
        "1 vs 4 differs most"
    );
    assert_eq!(number(&biggest[0]["difference"]), 1.0);
    let rest: Vec<&Value> = biggest[1..].iter().map(|d| &d["id"]).collect();
    assert_eq!(
        rest,
        ["safe.safe-systems", "effective.consent"],
        "ties in template order"
    );
    assert!(biggest.iter().all(|d| d["agree"] == false));
    let by_one = serde_json::to_string(&c["answeredByOne"]).expect("JSON");
    assert!(by_one.contains("well-led.governance"), "{by_one}");

    keyline(&db)
        .args(["compare", &a.to_string(), &b.to_string()])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("agree on 5 (62")
                .and(predicate::str::contains("safe.safe-environments")),
        );
}

#[test]
fn compare_refuses_inspections_of_different_templates() {
    let (_dir, db) = database();
    let a = new_inspection(&db, SAF, &[]);
    let b = new_inspection(&db, MONTHLY, &[]);
    keyline(&db)
        .args(["compare", &a.to_string(), &b.to_string(), "--json"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::contains("different templates")
                .and(predicate::str::contains(SAF))
                .and(predicate::str::contains(MONTHLY)),
        );
}

#[test]
fn compare_refuses_two_versions_of_one_template() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("k.sqlite3");
    let original = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/templates/good/every-feature.json"),
    )
    .expect("every-feature.json");
    let newer = dir.path().join("mini-1.1.json");
    std::fs::write(
        &newer,
        original.replacen("\"version\": \"1.0\"", "\"version\": \"1.1\"", 1),
    )
    .expect("write");
    let older = dir.path().join("mini-1.0.json");
    std::fs::write(&older, &original).expect("write");
    for file in [&older, &newer] {
        keyline(&db)
            .args(["templates", "import"])
            .arg(file)
            .assert()
            .success();
    }
    let a = new_inspection(&db, "mini", &["--version", "1.0"]);
    let b = new_inspection(&db, "mini", &[]);
    assert_eq!(show(&db, a)["inspection"]["templateVersion"], "1.0");
    assert_eq!(
        show(&db, b)["inspection"]["templateVersion"],
        "1.1",
        "the newest"
    );
    keyline(&db)
        .args(["compare", &a.to_string(), &b.to_string()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("same template version"));
}

// ---------------------------------------------------------------------------------------
// inspections list

/// The version of a shipped template, as its file says.
fn shipped_version(id: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../inspection-templates")
        .join(format!("{id}.json"));
    let value: Value = serde_json::from_slice(&std::fs::read(path).expect("read")).expect("JSON");
    value["version"].as_str().expect("version").to_string()
}

#[test]
fn list_shows_every_inspection_with_its_progress() {
    let (_dir, db) = database();
    let a = new_inspection(&db, SAF, &["--date", "2025-03-14"]);
    let b = new_inspection(&db, MONTHLY, &["--kind", "self-assessment"]);
    answer(&db, b, "staffing.fill-rates", "96");
    answer(&db, a, "safe.learning-culture", "3");
    answer(&db, a, "safe.staffing", "4");

    let list = json_of(keyline(&db).args(["inspections", "list", "--json"]));
    let list = list.as_array().expect("an array");
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["id"], a, "most recently changed first");
    assert_eq!(list[1]["id"], b);

    let first = &list[0];
    assert_eq!(first["templateId"], SAF);
    assert_eq!(first["date"], "2025-03-14");
    assert_eq!(
        (&first["answered"], &first["total"]),
        (&Value::from(2), &Value::from(34))
    );
    assert_eq!(first["complete"], false);

    let second = &list[1];
    assert_eq!(second["templateId"], MONTHLY);
    assert_eq!(second["kind"], "self-assessment");
    assert_eq!(second["answered"], 1);
    assert!(
        second["total"].as_u64().is_some_and(|t| t > 30),
        "about 40 checks: {}",
        second["total"]
    );

    keyline(&db)
        .args(["inspections", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("2/34 answered"));
}
