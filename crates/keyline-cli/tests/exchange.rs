//! Identities, trust, bundles and sync from a terminal: two trusts' machines (each its own
//! folder with its database and its user's Keyline folder) exchange signed records.

use std::path::{Path, PathBuf};

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

/// A trust's machine with one signed-off inspection, signed by `person` of `organisation`.
fn machine(root: &Path, name: &str, person: &str, organisation: &str) -> PathBuf {
    let dir = root.join(name);
    std::fs::create_dir(&dir).expect("folder");
    let db = dir.join("keyline.sqlite3");
    keyline(&db)
        .args([
            "identity",
            "create",
            "--name",
            person,
            "--organisation",
            organisation,
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "made your signing identity: {person}, {organisation}"
        )));
    // A fully answered inspection, signed off with this identity.
    let demo = dir.join("demo.sqlite3");
    keyline(&demo)
        .args(["demo", "--pdf"])
        .arg(dir.join("demo.pdf"))
        .assert()
        .success();
    let bundle = dir.join("demo.keyline");
    keyline(&demo)
        .args(["bundle", "export"])
        .arg(&bundle)
        .assert()
        .success();
    db
}

#[test]
fn sign_off_without_an_identity_says_how_to_make_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("k.sqlite3");
    keyline(&db)
        .args(["identity", "show"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("you have no signing identity yet"));
    let id = stdout_of(keyline(&db).args([
        "inspections",
        "new",
        "--template",
        "monthly-ward-self-assessment",
        "--service",
        "Ward 1",
    ]));
    keyline(&db)
        .args(["sign-off", id.trim(), "--inspector", "A", "--reviewer", "B"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("keyline identity create"));
}

#[test]
fn identities_trust_and_bundles_between_two_trusts() {
    let root = tempfile::tempdir().expect("tempdir");
    let north = machine(root.path(), "north", "A. Okafor", "North NHS FT");
    let south = machine(root.path(), "south", "B. Nowak", "South NHS FT");

    // Identity show and export; the key never leaves.
    let shown: Value = serde_json::from_str(&stdout_of(
        keyline(&north).args(["identity", "show", "--json"]),
    ))
    .expect("json");
    assert_eq!(shown["name"], "A. Okafor");
    let cert = root.path().join("north.pem");
    keyline(&north)
        .args(["identity", "export"])
        .arg(&cert)
        .assert()
        .success();
    let pem = std::fs::read_to_string(&cert).expect("read");
    assert!(pem.contains("BEGIN CERTIFICATE") && !pem.contains("PRIVATE KEY"));
    keyline(&north)
        .args([
            "identity",
            "create",
            "--name",
            "Someone",
            "--organisation",
            "Else",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("never replaces it"));

    // South trusts north; the list shows it; removing by a short fingerprint works.
    keyline(&south)
        .args(["trust", "add"])
        .arg(&cert)
        .assert()
        .success();
    let list = stdout_of(keyline(&south).args(["trust", "list"]));
    let fingerprint = shown["fingerprint"].as_str().expect("fingerprint");
    assert!(
        list.contains(fingerprint) && list.contains("A. Okafor"),
        "{list}"
    );

    // The demo databases' bundles carry records signed by the demo's own signer; the
    // machines' own records are made by importing those bundles' content here instead:
    // north imports its demo bundle, then exports everything to south.
    let north_demo = north.parent().expect("dir").join("demo.keyline");
    keyline(&north)
        .args(["bundle", "import"])
        .arg(&north_demo)
        .assert()
        .success()
        .stdout(predicate::str::contains("1 new record"));
    let out = root.path().join("north-to-south.keyline");
    keyline(&north)
        .args(["bundle", "export"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "1 record, 1 signed report, 1 template version",
        ));
    keyline(&north)
        .args(["bundle", "export"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists"));
    keyline(&south)
        .args(["bundle", "import"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("1 new record, 0 already here"));
    keyline(&south)
        .args(["bundle", "import"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("0 new records, 1 already here"));
    keyline(&south)
        .args(["trust", "remove", &fingerprint[..8]])
        .assert()
        .success()
        .stdout(predicate::str::contains("no longer trusting A. Okafor"));
}

#[test]
fn sync_through_a_shared_folder_says_what_it_did() {
    let root = tempfile::tempdir().expect("tempdir");
    let shared = root.path().join("shared");
    std::fs::create_dir(&shared).expect("folder");
    let north = machine(root.path(), "north", "A. Okafor", "North NHS FT");
    let south = machine(root.path(), "south", "B. Nowak", "South NHS FT");
    for db in [&north, &south] {
        let bundle = db.parent().expect("dir").join("demo.keyline");
        keyline(db)
            .args(["bundle", "import"])
            .arg(&bundle)
            .assert()
            .success();
    }
    // Both machines sync at the same moment.
    let children: Vec<_> = [&north, &south]
        .iter()
        .map(|db| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("keyline"))
                .arg("--db")
                .arg(db)
                .env(
                    "KEYLINE_HOME",
                    db.parent().expect("dir").join("keyline-home"),
                )
                .arg("sync")
                .arg(&shared)
                .output()
                .expect("sync")
        })
        .collect();
    for c in &children {
        assert!(c.status.success(), "{}", String::from_utf8_lossy(&c.stderr));
    }
    for db in [&north, &south] {
        keyline(db).arg("sync").arg(&shared).assert().success();
    }
    let r: Value = serde_json::from_str(&stdout_of(
        keyline(&north).args(["sync", "--json"]).arg(&shared),
    ))
    .expect("json");
    assert_eq!(r["written"], 0);
    assert_eq!(r["imported"], 0);
    assert_eq!(r["alreadyHere"], 2);
    keyline(&south)
        .arg("sync")
        .arg(root.path().join("missing"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot use"));
}
