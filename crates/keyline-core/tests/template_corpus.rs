//! Every malformed template in `tests/fixtures/templates/bad/` must be rejected with the
//! problem its entry in `expectations.json` names: the exact JSON path and a fragment of the
//! plain-English message. Checking the message, not just the failure, keeps the errors
//! useful to the quality leads who will read them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use keyline_core::template::{parse, Problem};
use serde::Deserialize;

#[derive(Deserialize)]
struct Expected {
    path: String,
    message: String,
}

fn fixtures(kind: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/templates")
        .join(kind)
}

fn template_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read the fixtures folder")
        .map(|entry| {
            entry
                .expect("a folder entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".json") && name != "expectations.json")
        .collect();
    names.sort();
    names
}

/// Why `problems` does not contain `expected`, or `None` when it does.
fn check(problems: &[Problem], expected: &Expected) -> Option<String> {
    let found = problems.iter().any(|problem| {
        problem.path == expected.path && problem.message.contains(&expected.message)
    });
    (!found).then(|| {
        format!(
            "wanted `{}: …{}…`, got:\n{}",
            expected.path,
            expected.message,
            problems
                .iter()
                .map(|problem| format!("    {problem}\n"))
                .collect::<String>()
        )
    })
}

#[test]
fn every_bad_template_is_rejected_with_the_expected_problem() {
    let dir = fixtures("bad");
    let expectations: BTreeMap<String, Expected> = serde_json::from_slice(
        &std::fs::read(dir.join("expectations.json")).expect("read expectations.json"),
    )
    .expect("expectations.json maps file names to {path, message}");
    let files = template_files(&dir);
    assert!(files.len() >= 40, "only {} bad templates", files.len());

    let mut failures = Vec::new();
    for name in &files {
        let Some(expected) = expectations.get(name) else {
            failures.push(format!("{name}: no entry in expectations.json"));
            continue;
        };
        let bytes = std::fs::read(dir.join(name)).expect("read a bad template");
        match parse(&bytes) {
            Ok(_) => failures.push(format!("{name}: accepted")),
            Err(problems) => {
                assert!(!problems.is_empty(), "{name}: an error with no problems");
                if let Some(why) = check(&problems, expected) {
                    failures.push(format!("{name}: {why}"));
                }
            }
        }
    }
    for name in expectations.keys() {
        if !files.contains(name) {
            failures.push(format!("{name}: in expectations.json but no such file"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_good_template_is_accepted() {
    let dir = fixtures("good");
    for name in template_files(&dir) {
        let bytes = std::fs::read(dir.join(&name)).expect("read a good template");
        if let Err(problems) = parse(&bytes) {
            panic!(
                "{name} was rejected:\n{}",
                problems
                    .iter()
                    .map(|problem| format!("  {problem}\n"))
                    .collect::<String>()
            );
        }
    }
}

#[test]
fn all_semantic_problems_are_reported_together() {
    let bytes = std::fs::read(fixtures("good").join("every-feature.json")).expect("read");
    let mut template: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
    template["version"] = "one".into();
    template["ratings"][0]["colour"] = "green".into();
    template["banding"]["bands"][1]["min"] = 60.into();
    template["sections"][1]["items"][0]["weight"] = 0.into();
    let problems = parse(template.to_string().as_bytes()).expect_err("four problems");
    let paths: Vec<&str> = problems
        .iter()
        .map(|problem| problem.path.as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "$.version",
            "$.ratings[0].colour",
            "$.banding.bands[1].min",
            "$.sections[1].items[0].weight"
        ]
    );
}

#[test]
fn problems_read_as_place_then_message_then_path() {
    let problem = Problem::new("$.sections[0].id", "the id is empty").at("Section 1, id");
    assert_eq!(
        problem.to_string(),
        "Section 1, id: the id is empty (at $.sections[0].id)"
    );
}
