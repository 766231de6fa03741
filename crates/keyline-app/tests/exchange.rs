//! Records that travel, with real files: two trusts' databases exchange bundles both ways
//! and through a shared folder synced from several threads at once; tampered bundles are
//! refused with the database byte for byte as it was; reports verify on a machine with no
//! database, and each kind of tampering is named.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use keyline_app::exchange::Selection;
use keyline_app::identity::{Home, Trust};
use keyline_app::verify::{verify_pdf, Outcome};
use keyline_app::{App, ErrorCode, Overwrite};

/// One trust's machine: a database, and a user folder holding a signing identity.
struct Machine {
    db: PathBuf,
    home: Home,
}

fn machine(dir: &Path, name: &str, person: &str, organisation: &str) -> Machine {
    let db = dir.join(format!("{name}.sqlite3"));
    let home = Home::at(dir.join(format!("{name}-home")));
    home.create_identity(person, organisation, 1_763_942_400)
        .expect("an identity");
    Machine { db, home }
}

impl Machine {
    fn open(&self) -> App {
        let mut app = App::open(&self.db).expect("open");
        app.use_home(self.home.clone()).expect("use home");
        app
    }

    /// Signs off the demo inspection in this database; its local number.
    fn signed_inspection(&self) -> i64 {
        self.open().create_demo().expect("demo")
    }

    fn trust(&self, other: &Machine) {
        let cert = other.home.identity().expect("read").expect("has one");
        self.home.trust(cert.certificate()).expect("trust");
    }
}

fn keyline_store_sha(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

fn bytes_of(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("read")
}

#[test]
fn two_trusts_exchange_bundles_both_ways_and_reimporting_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = machine(dir.path(), "north", "A. Okafor", "North NHS FT");
    let b = machine(dir.path(), "south", "B. Nowak", "South NHS FT");
    let a_id = a.signed_inspection();
    let b_id = b.signed_inspection();
    a.trust(&b);
    b.trust(&a);

    let ab = dir.path().join("north.keyline");
    let ba = dir.path().join("south.keyline");
    let sent = a
        .open()
        .export_bundle(&ab, &Selection::default(), Overwrite::Refuse)
        .expect("export");
    assert_eq!((sent.records, sent.reports, sent.templates), (1, 1, 1));
    assert!(sent.evidence >= 1, "the demo's evidence travels");
    b.open()
        .export_bundle(&ba, &Selection::default(), Overwrite::Refuse)
        .expect("export");

    let got = b.open().import_file(&ab).expect("import at south");
    assert_eq!(got.imported.len(), 1);
    assert_eq!(got.already_here, 0);
    let origin = &got.imported[0];
    assert!(origin.imported);
    assert_eq!(origin.signer_name, "A. Okafor");
    assert_eq!(origin.signer_organisation, "North NHS FT");
    assert_eq!(origin.trust, Trust::Trusted);
    assert_eq!(origin.imported_from.as_deref(), Some("north.keyline"));
    a.open().import_file(&ba).expect("import at north");

    // Both now hold both records, each under its one global id.
    let (app_a, mut app_b) = (a.open(), b.open());
    let uids = |app: &App| {
        app.list_inspections()
            .expect("list")
            .into_iter()
            .filter(|i| i.signed_record.is_some())
            .map(|i| i.uid)
            .collect::<std::collections::BTreeSet<_>>()
    };
    assert_eq!(uids(&app_a), uids(&app_b));
    assert_eq!(uids(&app_a).len(), 2);

    // The imported record's report is the signer's, byte for byte, and verifies there.
    let at_a = app_a
        .export_pdf(a_id, "2026-11-23T10:00:00Z")
        .expect("export");
    let here = app_b
        .list_inspections()
        .expect("list")
        .into_iter()
        .find(|i| {
            i.signed_record
                .as_ref()
                .is_some_and(|o| o.imported && o.signer_name == "A. Okafor")
        })
        .expect("north's record at south");
    let at_b = app_b
        .export_pdf(here.id, "2026-11-23T11:00:00Z")
        .expect("export");
    assert_eq!(
        at_a.bytes, at_b.bytes,
        "the signer's report travels unchanged"
    );
    let check = app_b.verify_report(&at_b.bytes).expect("verify");
    assert!(check.matches, "{}", check.message);
    assert_eq!(check.inspection_id, Some(here.id));
    // The same score, computed again from the imported rows.
    assert_eq!(
        app_a.score(a_id).expect("score").overall,
        app_b.score(here.id).expect("score").overall
    );
    // An imported record is read-only here, its actions included.
    let err = app_b
        .save_note(here.id, "safe.learning-culture", "edited at south")
        .expect_err("read-only");
    assert_eq!(err.code, ErrorCode::Locked, "{}", err.message);
    assert!(app_b.verify_audit(None).expect("audit").intact);
    drop((app_a, app_b));
    let _ = b_id;

    // Importing again changes nothing at all.
    let before = bytes_of(&b.db);
    let again = b.open().import_file(&ab).expect("import again");
    assert_eq!((again.imported.len(), again.already_here), (0, 1));
    assert_eq!(bytes_of(&b.db), before, "re-import wrote nothing");
}

/// A change to one bundle entry's bytes.
type Edit = Box<dyn Fn(&str, Vec<u8>) -> Vec<u8>>;

/// A copy of a bundle with entries' bytes changed by `edit` (an entry it empties is left out).
fn rezip(from: &Path, to: &Path, edit: &dyn Fn(&str, Vec<u8>) -> Vec<u8>) {
    let mut zin = zip::ZipArchive::new(std::fs::File::open(from).expect("open")).expect("zip");
    let mut zout = zip::ZipWriter::new(std::fs::File::create(to).expect("create"));
    for i in 0..zin.len() {
        let mut e = zin.by_index(i).expect("entry");
        let name = e.name().expect("entry name").to_string();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).expect("read entry");
        let bytes = edit(&name, bytes);
        if bytes.is_empty() {
            continue; // left out
        }
        zout.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .expect("start");
        zout.write_all(&bytes).expect("write");
    }
    zout.finish().expect("finish");
}

#[test]
fn a_tampered_bundle_is_refused_whole_and_the_database_stays_byte_identical() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = machine(dir.path(), "north", "A. Okafor", "North NHS FT");
    let b = machine(dir.path(), "south", "B. Nowak", "South NHS FT");
    let c = machine(dir.path(), "rogue", "A. Okafor", "North NHS FT");
    a.signed_inspection();
    a.signed_inspection();
    b.signed_inspection();
    let bundle = dir.path().join("north.keyline");
    a.open()
        .export_bundle(&bundle, &Selection::default(), Overwrite::Refuse)
        .expect("export");
    let rogue_key = c.home.identity().expect("read").expect("identity");

    let is_record = |n: &str| n.starts_with("records/");
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            "a byte changed in a record",
            Box::new(move |n: &str, b: Vec<u8>| {
                if is_record(n) {
                    String::from_utf8(b)
                        .expect("utf8")
                        .replacen("Larch Ward", "Larch Wand", 1)
                        .into_bytes()
                } else {
                    b
                }
            }),
            "the signature does not match the record",
        ),
        (
            "an evidence file swapped",
            Box::new(|n: &str, b: Vec<u8>| {
                if n.starts_with("evidence/") {
                    b"a different file".to_vec()
                } else {
                    b
                }
            }),
            "is not the file its name says",
        ),
        (
            "a record re-signed with another key under the same name",
            Box::new(move |n: &str, b: Vec<u8>| {
                if !is_record(n) {
                    return b;
                }
                let mut file: serde_json::Value = serde_json::from_slice(&b).expect("json");
                let bytes = serde_json_canonicalizer::to_vec(&file["record"]).expect("jcs");
                file["signature"] = hex::encode(rogue_key.sign(&bytes)).into();
                file["certificate"] = rogue_key.certificate().to_pem().into();
                serde_json::to_vec(&file).expect("json")
            }),
            "the record names signer certificate",
        ),
    ];
    for (what, edit, expected) in cases {
        let bad = dir.path().join("bad.keyline");
        rezip(&bundle, &bad, &*edit);
        let before = bytes_of(&b.db);
        let err = b.open().import_file(&bad).expect_err(what);
        assert!(err.message.contains(expected), "{what}: {}", err.message);
        assert_eq!(bytes_of(&b.db), before, "{what}: the database is unchanged");
    }
    // The untouched bundle still imports.
    assert_eq!(
        b.open()
            .import_file(&bundle)
            .expect("import")
            .imported
            .len(),
        2
    );
}

#[test]
fn the_same_record_with_other_content_is_refused_naming_both() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = machine(dir.path(), "north", "A. Okafor", "North NHS FT");
    let b = machine(dir.path(), "south", "B. Nowak", "South NHS FT");
    a.signed_inspection();
    let bundle = dir.path().join("north.keyline");
    a.open()
        .export_bundle(&bundle, &Selection::default(), Overwrite::Refuse)
        .expect("export");
    b.open().import_file(&bundle).expect("import");
    // South's own signer signs a different record under north's global id.
    let south_key = b.home.identity().expect("read").expect("identity");
    let forged = dir.path().join("forged.keyline");
    let mut zin = zip::ZipArchive::new(std::fs::File::open(&bundle).expect("open")).expect("zip");
    let record_name = zin
        .file_names()
        .map(|n| n.expect("name").to_string())
        .find(|n| n.starts_with("records/"))
        .expect("a record");
    let mut original = Vec::new();
    zin.by_name(&record_name)
        .expect("entry")
        .read_to_end(&mut original)
        .expect("read");
    let mut file: serde_json::Value = serde_json::from_slice(&original).expect("json");
    let old_sha =
        keyline_store_sha(&serde_json_canonicalizer::to_vec(&file["record"]).expect("jcs"));
    file["record"]["team"] = "Someone else".into();
    file["record"]["signer"]["certificate_sha256"] = south_key.certificate().fingerprint().into();
    file["record"]["signer"]["name"] = "B. Nowak".into();
    let canonical = serde_json_canonicalizer::to_vec(&file["record"]).expect("jcs");
    let new_sha = keyline_store_sha(&canonical);
    file["signature"] = hex::encode(south_key.sign(&canonical)).into();
    file["certificate"] = south_key.certificate().to_pem().into();
    let forged_record = serde_json::to_vec(&file).expect("json");
    rezip(&bundle, &forged, &|n: &str, bytes: Vec<u8>| {
        if n.starts_with("records/") {
            forged_record.clone()
        } else if n == "manifest.json" {
            String::from_utf8(bytes)
                .expect("utf8")
                .replace(&old_sha, &new_sha)
                .replace("\"report\": true", "\"report\": false")
                .into_bytes()
        } else if n.starts_with("reports/") {
            Vec::new()
        } else {
            bytes
        }
    });
    let before = bytes_of(&b.db);
    let err = b.open().import_file(&forged).expect_err("conflict");
    assert_eq!(err.code, ErrorCode::Conflict, "{}", err.message);
    assert!(
        err.message.contains("B. Nowak") && err.message.contains("A. Okafor"),
        "names both: {}",
        err.message
    );
    assert_eq!(bytes_of(&b.db), before);
}

#[test]
fn several_machines_sync_through_one_folder_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let shared = dir.path().join("SharePoint");
    std::fs::create_dir(&shared).expect("folder");
    let names = ["north", "south", "east"];
    let machines: Vec<Machine> = names
        .iter()
        .map(|n| {
            machine(
                dir.path(),
                n,
                &format!("Lead of {n}"),
                &format!("{n} NHS FT"),
            )
        })
        .collect();
    for m in &machines {
        m.signed_inspection();
    }
    // Two rounds, every machine at the same time, each in its own thread with its own
    // connection, as three laptops on one shared drive.
    for _round in 0..2 {
        std::thread::scope(|s| {
            for m in &machines {
                let (db, home, folder) = (m.db.clone(), m.home.clone(), shared.clone());
                s.spawn(move || {
                    let mut app = App::open(&db).expect("open");
                    app.use_home(home).expect("home");
                    let r = app.sync(&folder).expect("sync");
                    assert!(r.refused.is_empty(), "{:?}", r.refused);
                });
            }
        });
    }
    let files: Vec<String> = std::fs::read_dir(&shared)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        files.len(),
        3,
        "one file per record, no leftovers: {files:?}"
    );
    assert!(files.iter().all(|f| f.ends_with(".keyline")), "{files:?}");
    for m in &machines {
        let app = m.open();
        let signed = app
            .list_inspections()
            .expect("list")
            .into_iter()
            .filter(|i| i.signed_record.is_some())
            .count();
        assert_eq!(signed, 3, "every machine has every record");
        assert!(app.verify_audit(None).expect("audit").intact);
    }
    // A third sync finds nothing to do, and says so.
    let again = machines[0].open().sync(&shared).expect("sync");
    assert_eq!(
        (again.written, again.imported, again.already_here),
        (0, 0, 3)
    );
    // A file Keyline did not write is left exactly as it was.
    let stranger = shared.join("notes.txt");
    std::fs::write(&stranger, "not ours").expect("write");
    machines[1].open().sync(&shared).expect("sync");
    assert_eq!(bytes_of(&stranger), b"not ours");
}

/// A signed report of the demo inspection, and the home of the trust that signed it.
fn signed_report(dir: &Path, name: &str) -> (Vec<u8>, Machine) {
    let m = machine(dir, name, "A. Okafor", "North NHS FT");
    let id = m.signed_inspection();
    let pdf = m
        .open()
        .export_pdf(id, "2026-11-23T10:00:00Z")
        .expect("export")
        .bytes;
    (pdf, m)
}

#[test]
fn a_report_verifies_on_a_machine_with_no_database_and_names_tampering() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (pdf, signer) = signed_report(dir.path(), "north");
    let board = Home::at(dir.path().join("board-home"));

    let check = verify_pdf(&pdf, &board, None).expect("verify");
    assert_eq!(check.outcome, Outcome::UnknownSigner, "{}", check.message);
    assert!(!check.matches);
    board
        .trust(
            signer
                .home
                .identity()
                .expect("read")
                .expect("id")
                .certificate(),
        )
        .expect("trust");
    let check = verify_pdf(&pdf, &board, None).expect("verify");
    assert_eq!(check.outcome, Outcome::Verified, "{}", check.message);
    assert!(check.matches);
    assert!(
        check.message.contains("A. Okafor, North NHS FT"),
        "{}",
        check.message
    );

    let outcome = |bytes: &[u8]| {
        let c = verify_pdf(bytes, &board, None).expect("a verdict");
        assert!(!c.matches, "{}", c.message);
        c.outcome
    };
    // Bytes appended after signing (an incremental update).
    let mut appended = pdf.clone();
    appended.extend_from_slice(b"\n99 0 obj\n<< /Evil true >>\nendobj\n");
    assert_eq!(outcome(&appended), Outcome::Appended);

    // A character changed by hand inside a page's content.
    let doc = lopdf::Document::load_mem(&pdf).expect("load");
    let page = *doc.get_pages().get(&2).expect("page 2");
    let content_id = match doc
        .get_object(page)
        .and_then(|p| p.as_dict())
        .and_then(|d| d.get(b"Contents"))
    {
        Ok(lopdf::Object::Reference(r)) => *r,
        Ok(lopdf::Object::Array(a)) => a[0].as_reference().expect("ref"),
        other => panic!("page 2's contents: {other:?}"),
    };
    let stream = doc
        .get_object(content_id)
        .and_then(|o| o.as_stream())
        .expect("stream");
    let at = pdf
        .windows(stream.content.len().min(64))
        .position(|w| w == &stream.content[..stream.content.len().min(64)])
        .expect("the content stream's bytes are in the file");
    let mut edited = pdf.clone();
    edited[at + 20] ^= 0x01;
    assert_eq!(outcome(&edited), Outcome::PageChanged);

    // The signature of another report put in this one's place.
    let (other, _) = signed_report(dir.path(), "west");
    let contents = |b: &[u8]| {
        let s = keyline_sign::pdf::read(b).expect("read").expect("signed");
        (s.byte_range[1], s.byte_range[2])
    };
    let (start, end) = contents(&pdf);
    let (o_start, o_end) = contents(&other);
    assert_eq!(
        o_end - o_start,
        end - start,
        "signatures have room of one size"
    );
    let mut swapped = pdf.clone();
    swapped[start..end].copy_from_slice(&other[o_start..o_end]);
    assert_eq!(outcome(&swapped), Outcome::SignatureSwapped);

    // Drafts are not signed, and say so.
    let m = machine(dir.path(), "draft", "A. Okafor", "North NHS FT");
    let mut app = m.open();
    let id = app.create_demo().expect("demo");
    let draft_id = app.amend(id).expect("amend").id;
    let draft = app
        .export_pdf(draft_id, "2026-11-23T10:00:00Z")
        .expect("draft");
    let c = verify_pdf(&draft.bytes, &board, None).expect("verdict");
    assert_eq!(c.outcome, Outcome::Draft, "{}", c.message);
}

fn which(tool: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(tool))
            .find(|p| p.is_file())
    })
}

#[test]
fn qpdf_rewrites_are_caught_and_pdf_readers_see_the_signature() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (pdf, signer) = signed_report(dir.path(), "north");
    let board = Home::at(dir.path().join("board-home"));
    board
        .trust(
            signer
                .home
                .identity()
                .expect("read")
                .expect("id")
                .certificate(),
        )
        .expect("trust");
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, &pdf).expect("write");
    if let Some(pdfsig) = which("pdfsig") {
        let out = std::process::Command::new(pdfsig)
            .arg(&path)
            .output()
            .expect("pdfsig");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Signature is Valid"), "pdfsig: {text}");
        assert!(text.contains("Total document signed"), "pdfsig: {text}");
        assert!(text.contains("A. Okafor"), "pdfsig: {text}");
    } else {
        eprintln!("pdfsig is not installed: the PDF reader's view was not checked");
    }
    let Some(qpdf) = which("qpdf") else {
        eprintln!("qpdf is not installed: rewrites by another program were not tried");
        return;
    };
    let cut = dir.path().join("cut.pdf");
    let status = std::process::Command::new(&qpdf)
        .arg(&path)
        .args(["--pages", "."])
        .arg("1,3-z")
        .arg("--")
        .arg(&cut)
        .status()
        .expect("qpdf");
    assert!(status.success() || status.code() == Some(3));
    let c = verify_pdf(&bytes_of(&cut), &board, None).expect("verdict");
    assert_eq!(c.outcome, Outcome::PagesChanged, "{}", c.message);
    assert!(
        c.message.contains("page 2 of the signed report is gone"),
        "{}",
        c.message
    );
}

/// A signed report kept from renderer `n` (`tests/fixtures/reports`), verified on a board
/// machine that trusts its signer: the verdict, the PDF, the folder and the board's home.
fn verify_released_report(
    n: u32,
) -> (
    keyline_app::verify::ReportCheck,
    Vec<u8>,
    tempfile::TempDir,
    Home,
) {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/reports");
    let pdf = bytes_of(&fixtures.join(format!("signed-report-{n}.pdf")));
    let cert = keyline_app::identity::read_certificate(&fixtures.join(format!("signer-{n}.pem")))
        .expect("cert");
    let dir = tempfile::tempdir().expect("tempdir");
    let board = Home::at(dir.path());
    board.trust(&cert).expect("trust");
    let c = verify_pdf(&pdf, &board, None).expect("verdict");
    assert_eq!(c.outcome, Outcome::Verified, "{}", c.message);
    (c, pdf, dir, board)
}

#[test]
fn a_report_from_this_version_keeps_verifying() {
    let (c, pdf, dir, board) = verify_released_report(1);
    // A later Keyline draws reports differently (keyline-report/2 onwards): it still checks
    // the signature over every byte, and says it did not re-draw the pages.
    assert!(
        c.details
            .iter()
            .any(|d| d.contains("drawn by keyline-report/1")
                && d.contains("the signature still covers every byte")),
        "said why the pages were not re-drawn: {:?}",
        c.details
    );
    // And it imports into an empty database, evidence photos and all.
    let db = dir.path().join("board.sqlite3");
    let mut app = App::open(&db).expect("open");
    app.use_home(board.clone()).expect("home");
    let file = dir.path().join("signed-report-1.pdf");
    std::fs::write(&file, &pdf).expect("write");
    match app.import_file(&file) {
        Ok(r) => assert_eq!(r.imported.len(), 1),
        // The demo's evidence includes a document the PDF does not carry: said clearly.
        Err(e) => assert!(
            e.message.contains("does not carry these evidence files"),
            "{}",
            e.message
        ),
    }
}

#[test]
fn a_report_of_the_current_renderer_keeps_verifying_page_for_page() {
    let (c, ..) = verify_released_report(2);
    assert!(
        c.details
            .iter()
            .any(|d| d.contains("every page is exactly what the embedded record draws")),
        "re-drawn and compared (when the renderer changes, raise RENDERER and add a fixture): {:?}",
        c.details
    );
}

#[cfg(unix)]
#[test]
fn the_private_key_is_kept_for_its_owner_only_and_never_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let home = Home::at(dir.path().join("home"));
    let made = home
        .create_identity("A. Okafor", "North NHS FT", 1_763_942_400)
        .expect("identity");
    let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode(&dir.path().join("home/identity")), 0o700);
    assert_eq!(mode(&dir.path().join("home/identity/key.pem")), 0o600);
    let again = home
        .create_identity("Someone", "Else", 1_763_942_400)
        .expect_err("never replaced");
    assert_eq!(again.code, ErrorCode::Conflict);
    let read = home.identity().expect("read").expect("there");
    assert_eq!(read.certificate(), made.certificate());
}

#[test]
fn an_imported_record_changed_behind_keylines_back_is_found_by_audit_verify() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = machine(dir.path(), "north", "A. Okafor", "North NHS FT");
    let b = machine(dir.path(), "south", "B. Nowak", "South NHS FT");
    a.signed_inspection();
    let bundle = dir.path().join("north.keyline");
    a.open()
        .export_bundle(&bundle, &Selection::default(), Overwrite::Refuse)
        .expect("export");
    let imported = b.open().import_file(&bundle).expect("import").imported[0].inspection_id;
    assert!(b.open().verify_audit(None).expect("audit").intact);
    for (what, sql) in [
        (
            "an answer",
            "DROP TRIGGER response_update_signed_off;
             UPDATE response SET answer = '{\"kind\":\"level\",\"value\":1.0}'
              WHERE inspection_id = ?1 AND item_id = 'safe.learning-culture';",
        ),
        (
            "an action",
            "DROP TRIGGER imported_action_update;
             UPDATE action SET status = 'completed' WHERE inspection_id = ?1;",
        ),
    ] {
        let copy = dir.path().join("copy.sqlite3");
        std::fs::copy(&b.db, &copy).expect("copy");
        let conn = rusqlite::Connection::open(&copy).expect("open");
        conn.execute_batch(&sql.replace("?1", &imported.to_string()))
            .expect("tamper");
        drop(conn);
        let mut app = App::open(&copy).expect("open");
        app.use_home(b.home.clone()).expect("home");
        let check = app.verify_audit(None).expect("audit");
        assert!(!check.intact, "{what}");
        assert!(
            check.problems.iter().any(|p| p.contains(&format!(
                "inspection {imported} no longer matches the fingerprint"
            ))),
            "{what}: {:?}",
            check.problems
        );
        std::fs::remove_file(&copy).expect("remove");
    }
}

#[test]
fn a_damaged_identity_says_so_and_locks_nobody_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let m = machine(dir.path(), "north", "A. Okafor", "North NHS FT");
    std::fs::write(dir.path().join("north-home/identity/key.pem"), "not a key").expect("damage");
    let mut app = App::open(&m.db).expect("the database still opens");
    let err = app
        .use_home(m.home.clone())
        .expect_err("the identity is damaged");
    assert!(err.message.contains("cannot be used"), "{}", err.message);
    let id = app
        .create_inspection(keyline_app::dto::NewInspection {
            template_id: "monthly-ward-self-assessment".to_string(),
            template_version: None,
            service: "Ward 1".to_string(),
            site: String::new(),
            trust: String::new(),
            kind: keyline_app::dto::InspectionKind::Mock,
            date: None,
            team: String::new(),
        })
        .expect("start")
        .id;
    let err = app
        .sign_off(id, "A", "B")
        .expect_err("no sign-off with a damaged key");
    assert!(err.message.contains("cannot be used"), "{}", err.message);
    // Everything else works: the inspections, and the trusted list.
    assert!(!app.list_inspections().expect("list").is_empty());
    assert!(app.settings().expect("settings").identity.is_none());
}
