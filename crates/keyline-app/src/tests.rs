use super::*;

#[test]
fn shipped_templates_load_on_first_open_and_only_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("k.sqlite3");
    let first = App::open(&path)
        .expect("open")
        .list_templates()
        .expect("list");
    let shipped = shipped::files().count();
    assert!(shipped > 0, "inspection-templates/ has templates");
    assert_eq!(first.len(), shipped);
    assert!(first.iter().all(|t| t.shipped));
    let again = App::open(&path)
        .expect("reopen")
        .list_templates()
        .expect("list");
    assert_eq!(again, first);
}

#[test]
fn explicit_database_path_wins() {
    let p = database_path(Some(PathBuf::from("/x/y.sqlite3"))).expect("path");
    assert_eq!(p, PathBuf::from("/x/y.sqlite3"));
}

#[test]
fn typescript_bindings_are_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/bindings.ts");
    let want = dto::typescript_bindings();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &want).expect("write bindings");
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "ui/src/lib/bindings.ts is out of date with the Rust transport types; run `./dev bindings`"
    );
}
