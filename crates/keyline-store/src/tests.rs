use super::*;
use keyline_core::template::Template;

fn template(id: &str, version: &str) -> Template {
    let json = format!(
        r##"{{"id":"{id}","version":"{version}","title":"T {id}","description":"d","source":"s",
        "ratings":[{{"id":"good","label":"Good","colour":"#00703c"}}],
        "banding":{{"rounding":{{"decimals":0,"mode":"halfUp","statement":"r"}},"bands":[{{"rating":"good","min":0,"max":100}}]}},
        "overall":{{"rules":[],"default":"good"}},"sections":[]}}"##
    );
    serde_json::from_str(&json).expect("test template parses")
}

#[test]
fn migrations_are_valid() {
    MIGRATIONS.validate().expect("migrations validate");
}

#[test]
fn same_id_and_version_with_other_content_is_a_conflict() {
    let mut store = Store::open_in_memory().expect("open");
    let t = template("a", "1.0");
    assert_eq!(
        store.insert_template(&t, "one", false).expect("insert"),
        TemplateInsert::Added
    );
    assert_eq!(
        store.insert_template(&t, "one", false).expect("insert"),
        TemplateInsert::AlreadyPresent
    );
    assert!(matches!(
        store.insert_template(&t, "two", false).expect("insert"),
        TemplateInsert::Conflict { .. }
    ));
    assert_eq!(store.list_templates().expect("list").len(), 1);
}

#[test]
fn newest_version_is_found_numerically() {
    let mut store = Store::open_in_memory().expect("open");
    for v in ["1.10", "1.9", "1.2"] {
        store
            .insert_template(&template("a", v), v, false)
            .expect("insert");
    }
    let newest = store.template("a", None).expect("query").expect("present");
    assert_eq!(newest.version, "1.10");
    let old = store
        .template("a", Some("1.2"))
        .expect("query")
        .expect("present");
    assert_eq!(old.content, "1.2");
    assert!(store.template("b", None).expect("query").is_none());
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("notes.sqlite3");
    let text = b"these are my notes, not a database, and they are long enough to fill a header ......................................".repeat(10);
    std::fs::write(&path, &text).expect("write");
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err}");
    assert_eq!(std::fs::read(&path).expect("read"), text);
    assert!(!dir.path().join("notes.sqlite3-wal").exists());
}

#[test]
fn a_database_from_a_newer_keyline_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("future.sqlite3");
    {
        let conn = Connection::open(&path).expect("open");
        conn.pragma_update(None, "user_version", Store::schema_version() + 1)
            .expect("set version");
    }
    let before = std::fs::read(&path).expect("read");
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::TooNew { .. }), "{err}");
    assert!(err.to_string().contains("newer version of Keyline"));
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn a_new_file_is_created_and_reopens() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("keyline.sqlite3");
    {
        let mut store = Store::open(&path).expect("create");
        store
            .insert_template(&template("a", "1"), "x", true)
            .expect("insert");
    }
    let store = Store::open(&path).expect("reopen");
    let all = store.list_templates().expect("list");
    assert_eq!(all.len(), 1);
    assert!(all[0].shipped);
}

/// Every file beside `path` and its bytes, to show that nothing was written or created.
fn files_beside(path: &Path) -> Vec<(String, Vec<u8>)> {
    let dir = path.parent().expect("a folder");
    let mut all: Vec<_> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| {
            let e = e.expect("entry");
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    all.sort();
    all
}

#[test]
fn another_programs_database_is_refused_before_any_write() {
    for user_version in [0, 1, 2, 3, Store::schema_version()] {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("contacts.sqlite3");
        {
            let conn = Connection::open(&path).expect("create");
            conn.execute_batch(&format!(
                "CREATE TABLE person (name TEXT); INSERT INTO person VALUES ('Ann');
                 PRAGMA user_version = {user_version};"
            ))
            .expect("another program's schema");
        }
        let before = files_beside(&path);
        let err = Store::open(&path).err().expect("refused");
        assert!(matches!(err, StoreError::OtherProgram { .. }), "{err}");
        let message = err.to_string();
        assert!(message.contains("another program's database"), "{message}");
        assert!(
            !message.contains('\n') && !message.contains("CREATE"),
            "{message}"
        );
        assert_eq!(
            files_beside(&path),
            before,
            "user_version {user_version}: the file was touched"
        );
    }
}

#[test]
fn a_database_path_that_is_a_folder_a_device_or_in_a_missing_folder_says_which() {
    let dir = tempfile::tempdir().expect("tempdir");
    let err = Store::open(dir.path()).err().expect("a folder");
    assert!(matches!(err, StoreError::IsAFolder { .. }), "{err}");
    assert!(err.to_string().contains("is a folder"), "{err}");

    let missing = dir.path().join("no/such/folder/keyline.sqlite3");
    let err = Store::open(&missing).err().expect("a missing folder");
    assert!(matches!(err, StoreError::NoSuchFolder { .. }), "{err}");
    assert!(err.to_string().contains("does not exist"), "{err}");
    assert!(!dir.path().join("no").exists(), "no folder was made");

    #[cfg(unix)]
    {
        let err = Store::open(Path::new("/dev/null")).err().expect("a device");
        assert!(matches!(err, StoreError::NotAFile { .. }), "{err}");
        assert!(err.to_string().contains("not an ordinary file"), "{err}");
    }
}

#[test]
fn the_private_folder_is_made_for_its_owner_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("data/keyline");
    Store::create_private_folder(&folder).expect("create");
    assert!(folder.is_dir());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&folder)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
    }
}
