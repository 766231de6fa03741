//! Shipped templates change only by new versions: a released version keeps its exact text,
//! and an inspection started on it stays on it when a newer version ships.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use keyline_app::dto::{InspectionKind, NewInspection};
use keyline_app::App;
use keyline_core::scoring::Answer;
use keyline_store::sha256_hex;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// (id, version) → SHA-256, from `tests/fixtures/templates/released.json`.
fn released() -> BTreeMap<(String, String), String> {
    let text = std::fs::read(root().join("tests/fixtures/templates/released.json"))
        .expect("read released.json");
    let value: serde_json::Value = serde_json::from_slice(&text).expect("released.json is JSON");
    value["released"]
        .as_array()
        .expect("a list of released versions")
        .iter()
        .map(|r| {
            let field = |name: &str| r[name].as_str().expect("a text field").to_string();
            ((field("id"), field("version")), field("sha256"))
        })
        .collect()
}

fn shipped_files() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(root().join("inspection-templates"))
        .expect("inspection-templates/")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let name = path.file_name()?.to_str()?.to_string();
            (name.ends_with(".json") && !name.ends_with(".schema.json"))
                .then(|| Some((name, std::fs::read(&path).ok()?)))
                .flatten()
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_shipped_template_keeps_the_text_its_version_was_released_with() {
    let released = released();
    let files = shipped_files();
    assert!(files.len() >= 3, "the shipped templates are found");
    for (name, bytes) in files {
        let template = keyline_core::template::parse(&bytes)
            .unwrap_or_else(|p| panic!("{name} validates: {p:?}"));
        let key = (template.id.clone(), template.version.clone());
        let listed = released.get(&key).unwrap_or_else(|| {
            panic!(
                "{name} ({} {}) is not in tests/fixtures/templates/released.json: a shipped \
                 version is listed with the SHA-256 of its text when it is released",
                key.0, key.1
            )
        });
        assert_eq!(
            &sha256_hex(&bytes),
            listed,
            "{name}: {} {} was released with other text; a changed template needs a new version",
            key.0,
            key.1
        );
    }
}

#[test]
fn the_kept_copies_of_released_versions_are_what_was_released() {
    let released = released();
    let dir = root().join("tests/fixtures/templates/released");
    let mut kept = 0;
    for entry in std::fs::read_dir(&dir).expect("released/") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("read");
        let t = keyline_core::template::parse(&bytes)
            .unwrap_or_else(|p| panic!("{} still validates: {p:?}", path.display()));
        assert_eq!(
            released.get(&(t.id.clone(), t.version.clone())),
            Some(&sha256_hex(&bytes)),
            "{}",
            path.display()
        );
        kept += 1;
    }
    assert!(kept >= 3);
}

#[test]
fn an_inspection_started_on_version_1_stays_on_it_when_a_newer_version_ships() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("k.sqlite3");
    let old =
        std::fs::read(root().join("tests/fixtures/templates/released/cqc-saf-mh-ward-1.0.json"))
            .expect("the released 1.0");
    let mut app = App::open(&db).expect("open");
    let newest = app
        .list_templates()
        .expect("list")
        .into_iter()
        .filter(|t| t.id == "cqc-saf-mh-ward")
        .map(|t| t.version)
        .next_back()
        .expect("the single assessment template ships");
    assert_ne!(newest, "1.0", "a newer version ships");
    // As a database that had 1.0 from an earlier release.
    app.import_template("released 1.0", &old)
        .expect("1.0 imports");
    let id = app
        .create_inspection(NewInspection {
            template_id: "cqc-saf-mh-ward".into(),
            template_version: Some("1.0".into()),
            service: "Ward 7".into(),
            site: String::new(),
            trust: String::new(),
            kind: InspectionKind::Mock,
            date: Some("2026-11-20".into()),
            team: String::new(),
        })
        .expect("start on 1.0")
        .id;
    app.answer(id, "safe.learning-culture", Answer::Level(3.0))
        .expect("answer");
    let before = app.score(id).expect("score");
    drop(app);

    let app = App::open(&db).expect("reopen");
    let summary = app.inspection_summary(id).expect("summary");
    assert_eq!(summary.template_version, "1.0", "it stays on 1.0");
    assert_eq!(
        app.score(id).expect("score"),
        before,
        "and scores as it did"
    );
    let view = app.open_inspection(id).expect("view");
    assert_eq!(view.template.version, "1.0");
    drop(app);

    // A new inspection starts on the newest version.
    let mut app = App::open(&db).expect("reopen");
    let fresh = common_start(&mut app);
    assert_eq!(
        app.inspection_summary(fresh)
            .expect("summary")
            .template_version,
        newest
    );
}

fn common_start(app: &mut App) -> i64 {
    app.create_inspection(NewInspection {
        template_id: "cqc-saf-mh-ward".into(),
        template_version: None,
        service: "Ward 8".into(),
        site: String::new(),
        trust: String::new(),
        kind: InspectionKind::Mock,
        date: Some("2026-11-21".into()),
        team: String::new(),
    })
    .expect("start")
    .id
}
