//! The report read back with a PDF parser (lopdf): content, page furniture, determinism,
//! robustness; and, where the tools are installed, `qpdf --check` and `pdftoppm`.

mod common;

use std::path::Path;
use std::process::Command;

use common::{larch_ward, options, FINGERPRINT, NAMES};
use keyline_report::{render, Evidence, ImageData, PdfOptions, Report, ReportError, Section};

/// The text of every page, in order.
fn pages(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).expect("the PDF parses");
    let count = doc.get_pages().len() as u32;
    (1..=count)
        .map(|n| doc.extract_text(&[n]).expect("text extracts"))
        .collect()
}

/// Text without whitespace, so that wrapped lines still match.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn contains(haystack: &str, needle: &str) -> bool {
    squeeze(haystack).contains(&squeeze(needle))
}

fn draft() -> (Report, Vec<u8>) {
    let r = larch_ward(false);
    let pdf = render(&r, &options()).expect("renders");
    (r, pdf)
}

fn signed() -> (Report, Vec<u8>) {
    let r = larch_ward(true);
    let pdf = render(&r, &options()).expect("renders");
    (r, pdf)
}

#[test]
fn cover_shows_the_inspection_and_overall_rating() {
    let (report, pdf) = signed();
    let text = pages(&pdf);
    let cover = &text[0];
    for expected in [
        "Inspection report",
        "Larch Ward",
        "Ysbyty Glan-yr-Afon, Penrhyndeudraeth",
        "Example Mental Health NHS Foundation Trust",
        "Mock inspection",
        "11–12 June 2025",
        "CQC single assessment framework, mental-health inpatient ward, version 3",
        "Overall rating",
        "Requires improvement",
        "Signed off",
        "13 June 2025, 16:20",
        "2025-06-12 14:03 UTC",
    ] {
        assert!(
            contains(cover, expected),
            "cover lacks {expected:?}:\n{cover}"
        );
    }
    assert_eq!(report.inspection.team.len(), 4);
}

#[test]
fn every_key_question_rating_and_action_appears() {
    let (report, pdf) = signed();
    let all = pages(&pdf).join("\n");
    for s in &report.sections {
        assert!(contains(&all, &s.title), "missing key question {}", s.title);
        assert!(
            contains(&all, s.rating_label.as_deref().unwrap_or_default()),
            "missing rating of {}",
            s.title
        );
        for item in &s.items {
            assert!(contains(&all, &item.title), "missing item {}", item.title);
        }
    }
    assert!(contains(&all, "Outstanding 88–100%"), "chart legend");
    assert!(contains(&all, "Safe: rating capped."));
    assert!(contains(&all, "Caring: rating overridden to Good."));
    assert_eq!(report.actions.len(), 12);
    for a in &report.actions {
        assert!(contains(&all, &a.title), "missing action {}", a.title);
    }
    for r in &report.responses {
        assert!(contains(&all, &r.item_id), "missing response {}", r.item_id);
    }
    // Evidence: the photo's caption and the listed file's SHA-256.
    assert!(contains(
        &all,
        "Photo: ligature-point-de-escalation-room.png"
    ));
    assert!(contains(&all, "Photo: corridor-observation-mirror.jpg"));
    assert!(contains(
        &all,
        "SHA-256 aa8f3c2b9e1d47f6a0b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3"
    ));
}

#[test]
fn accented_names_print_exactly() {
    let (_, pdf) = signed();
    let all = pages(&pdf).join("\n");
    for name in NAMES {
        assert!(all.contains(name), "{name:?} not found exactly");
    }
}

#[test]
fn every_page_has_its_number_the_report_id_and_the_fingerprint() {
    let (_, pdf) = signed();
    let text = pages(&pdf);
    let n = text.len();
    assert!(n > 3, "expected several pages, got {n}");
    for (i, page) in text.iter().enumerate() {
        let label = format!("Page {} of {}", i + 1, n);
        assert!(page.contains(&label), "page {} lacks {label:?}", i + 1);
        assert!(
            page.contains("KL-2025-0612-LARCH-01"),
            "page {} lacks the id",
            i + 1
        );
        assert!(
            page.contains(FINGERPRINT),
            "page {} lacks the fingerprint",
            i + 1
        );
        assert!(
            !page.contains("DRAFT"),
            "signed-off page {} says DRAFT",
            i + 1
        );
    }
}

#[test]
fn a_draft_is_marked_on_every_page() {
    let (_, pdf) = draft();
    let text = pages(&pdf);
    for (i, page) in text.iter().enumerate() {
        assert!(page.contains("DRAFT"), "draft page {} lacks DRAFT", i + 1);
        assert!(page.contains("not signed off"), "page {}", i + 1);
    }
}

#[test]
fn tables_break_across_pages_with_their_header_repeated() {
    let (_, pdf) = signed();
    let text = pages(&pdf);
    let action_pages = text.iter().filter(|p| p.contains("From item")).count();
    assert!(action_pages >= 2, "the actions table should span pages");
    let appendix_pages = text
        .iter()
        .filter(|p| p.contains("Question") && p.contains("Answer"))
        .count();
    assert!(appendix_pages >= 2, "the appendix should span pages");
}

#[test]
fn same_input_same_bytes_and_the_id_matters() {
    let report = larch_ward(true);
    let a = render(&report, &options()).expect("renders");
    let b = render(&report, &options()).expect("renders");
    assert!(a == b, "two renders of the same input differ");
    let other_id = PdfOptions {
        document_id: "KL-2025-0612-LARCH-02".into(),
        ..options()
    };
    assert!(render(&report, &other_id).expect("renders") != a);
    let other_time = PdfOptions {
        generated_at: "2025-06-12T14:04:00+01:00".into(),
        ..options()
    };
    assert!(render(&report, &other_time).expect("renders") != a);
}

#[test]
fn metadata_comes_from_the_options() {
    let (_, pdf) = signed();
    let doc = lopdf::Document::load_mem(&pdf).expect("parses");
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
        .expect("info dictionary");
    let date = info
        .get(b"CreationDate")
        .and_then(lopdf::Object::as_str)
        .expect("creation date");
    assert_eq!(date, b"D:20250612140300Z");
    // Fonts are embedded (FontFile2), not referenced.
    let embedded = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.has(b"FontFile2"))
        .count();
    assert_eq!(embedded, 2, "regular and bold embedded");
}

#[test]
fn a_report_without_photos_is_small() {
    let mut report = larch_ward(true);
    for s in &mut report.sections {
        for item in &mut s.items {
            for e in &mut item.evidence {
                e.image = None;
            }
        }
    }
    let pdf = render(&report, &options()).expect("renders");
    assert!(pdf.len() < 2 * 1024 * 1024, "{} bytes", pdf.len());
    // Subsetting keeps it far smaller than the two faces (about 800 KB).
    assert!(
        pdf.len() < 300 * 1024,
        "{} bytes: fonts not subset?",
        pdf.len()
    );
}

#[test]
fn an_invalid_time_is_refused() {
    let bad = PdfOptions {
        generated_at: "12/06/2025".into(),
        ..options()
    };
    let err = render(&larch_ward(false), &bad).expect_err("refused");
    assert!(matches!(err, ReportError::InvalidTime(_)));
}

/// Inputs that must not panic or run off the page.
fn awkward_reports() -> Vec<(&'static str, Report)> {
    let mut out = Vec::new();

    let mut empty = larch_ward(false);
    empty.sections.clear();
    empty.actions.clear();
    empty.responses.clear();
    empty.bands.clear();
    empty.ratings.clear();
    empty.overall.rating_label = None;
    empty.overall.colour = None;
    empty.inspection.team.clear();
    empty.inspection.site.clear();
    out.push(("empty", empty));

    let mut odd = larch_ward(true);
    let long_word = "Ł".repeat(3000);
    odd.inspection.service = format!("Ward {long_word}");
    odd.overall.colour = Some("not a colour".into());
    odd.sections[0].percent = Some(f64::NAN);
    odd.sections[1].percent = Some(250.0);
    odd.sections[2].percent = Some(-10.0);
    odd.sections[3].percent = None;
    odd.sections[3].rating_label = None;
    odd.sections[0].items[0].note = Some(format!(
        "Tabs\tand control\u{7} characters, emoji 🙂, CJK 病棟, and {}",
        "a very long note that goes on. ".repeat(400)
    ));
    odd.sections[0].items[1].evidence.push(Evidence {
        file_name: "broken.jpg".into(),
        media_type: "image/jpeg".into(),
        size: 4,
        sha256: String::new(),
        image: Some(ImageData {
            bytes: vec![0xFF, 0xD8, 0xFF],
            width: 10,
            height: 10,
        }),
    });
    odd.sections[0].items[1].evidence.push(Evidence {
        file_name: "not-an-image.png".into(),
        media_type: "image/png".into(),
        size: 3,
        sha256: String::new(),
        image: Some(ImageData {
            bytes: b"GIF89a".to_vec(),
            width: 0,
            height: 0,
        }),
    });
    odd.actions[0].title = long_word.clone();
    odd.responses[0].answer = "x ".repeat(5000);
    odd.sections.push(Section {
        id: String::new(),
        title: String::new(),
        earned: f64::INFINITY,
        possible: 0.0,
        percent: None,
        rating_label: None,
        colour: None,
        explanation: String::new(),
        capped_by: None,
        override_: None,
        items: Vec::new(),
    });
    out.push(("odd", odd));
    out
}

#[test]
fn awkward_input_still_renders() {
    for (name, report) in awkward_reports() {
        let pdf = render(&report, &options()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let text = pages(&pdf);
        assert!(!text.is_empty(), "{name}");
        let n = text.len();
        assert!(
            text[0].contains(&format!("Page 1 of {n}")),
            "{name}: {}",
            text[0]
        );
        if name == "odd" {
            let all = text.join("\n");
            assert!(all.contains("The photo could not be shown"), "{name}");
            assert!(all.contains("emoji ?"), "{name}: missing glyphs become ?");
        }
    }
}

#[test]
fn the_demo_fixture_round_trips_as_json() {
    let report = larch_ward(true);
    let json = serde_json::to_string(&report).expect("serialises");
    let back: Report = serde_json::from_str(&json).expect("deserialises");
    assert_eq!(back, report);
}

fn tool(name: &str) -> bool {
    let found = Command::new(name).arg("--version").output().is_ok()
        || Command::new(name).arg("-v").output().is_ok();
    if !found {
        println!("SKIPPED: {name} is not installed (apt-get install -y qpdf poppler-utils)");
    }
    found
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write pdf");
    path
}

#[test]
fn qpdf_finds_no_problems() {
    if !tool("qpdf") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let mut cases = vec![("draft", draft().1), ("signed", signed().1)];
    for (name, report) in awkward_reports() {
        cases.push((name, render(&report, &options()).expect("renders")));
    }
    for (name, pdf) in cases {
        let path = write(dir.path(), &format!("{name}.pdf"), &pdf);
        let out = Command::new("qpdf")
            .arg("--check")
            .arg(&path)
            .output()
            .expect("qpdf runs");
        assert!(
            out.status.success(),
            "qpdf --check failed for {name}:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Pixel data of a binary PPM (P6).
fn ppm_pixels(bytes: &[u8]) -> &[u8] {
    // Header: P6, width, height, maxval, each followed by whitespace.
    let mut fields = 0;
    let mut i = 0;
    while fields < 4 && i < bytes.len() {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields += 1;
    }
    &bytes[(i + 1).min(bytes.len())..]
}

#[test]
fn pdftoppm_pages_are_not_blank() {
    if !tool("pdftoppm") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, pdf) in [("draft", draft().1), ("signed", signed().1)] {
        let path = write(dir.path(), &format!("{name}.pdf"), &pdf);
        let prefix = dir.path().join(name);
        let out = Command::new("pdftoppm")
            .args(["-r", "30"])
            .arg(&path)
            .arg(&prefix)
            .output()
            .expect("pdftoppm runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "pdftoppm complained: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut images: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.extension().is_some_and(|e| e == "ppm")
                    && p.file_name()
                        .is_some_and(|f| f.to_string_lossy().starts_with(&format!("{name}-")))
            })
            .collect();
        images.sort();
        assert_eq!(
            images.len(),
            pages(&pdf).len(),
            "{name}: one image per page"
        );
        for image in images {
            let bytes = std::fs::read(&image).expect("read ppm");
            let pixels = ppm_pixels(&bytes);
            let first = &pixels[..3];
            let inked = pixels.chunks_exact(3).filter(|p| *p != first).count();
            assert!(inked > 100, "{} is blank", image.display());
        }
    }
}
