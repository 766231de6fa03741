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
fn page_one_is_an_executive_summary() {
    let (report, pdf) = signed();
    let text = pages(&pdf);
    let first = &text[0];
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
        "Signed off by",
        "Reviewed by",
        "13 June 2025, 16:20",
        // Every key question with its rating; a moderated one says so.
        "Key question",
        "Good (moderated)",
        // The biggest strengths and concerns, by title, with their answers.
        "Biggest strengths",
        &report.highlights.strengths[0].title,
        "4, Exceptional standard",
        "Biggest concerns",
        &report.highlights.concerns[0].title,
        "1, Significant shortfalls",
        // The actions in numbers, with the next due in a plain date.
        "0 must do",
        "12 raised in all; 8 not yet completed, the next due 1 July 2025.",
    ] {
        assert!(
            contains(first, expected),
            "page 1 lacks {expected:?}:\n{first}"
        );
    }
    for s in &report.sections {
        assert!(contains(first, &s.title), "page 1 lacks {}", s.title);
    }
    for name in NAMES {
        assert!(first.contains(name), "page 1 lacks {name}");
    }
    // The technical details are on the last page, not page 1.
    assert!(!first.contains(FINGERPRINT), "no fingerprint on page 1");
    assert!(!contains(first, "SHA-256"), "no hashes on page 1");
    let last = text.last().expect("pages");
    for expected in [
        "About this report",
        "Record fingerprint",
        "Generated",
        "12 June 2025, 14:03 UTC",
        "Percentages are rounded to whole numbers, halves up.",
    ] {
        assert!(contains(last, expected), "the last page lacks {expected:?}");
    }
    // The fingerprint, in groups of four.
    let grouped: Vec<String> = FINGERPRINT
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    assert!(
        contains(last, &grouped.join(" ")),
        "the grouped fingerprint"
    );
}

#[test]
fn no_item_id_and_no_word_broken_in_the_middle() {
    let (report, pdf) = signed();
    let all = pages(&pdf).join("\n");
    for s in &report.sections {
        for item in &s.items {
            assert!(
                !all.contains(&item.id),
                "item id {} is printed:\n{all}",
                item.id
            );
        }
    }
    for a in &report.actions {
        assert!(!all.contains(&a.item_id), "action item id {}", a.item_id);
    }
    // Every word of every title, answer and note is printed whole: the words of the text,
    // split on whitespace, include each of them.
    let words: std::collections::HashSet<&str> = all.split_whitespace().collect();
    let mut expected: Vec<&str> = Vec::new();
    for s in &report.sections {
        for item in &s.items {
            expected.extend(item.title.split_whitespace());
            expected.extend(item.answer.split_whitespace());
            expected.extend(item.note.iter().flat_map(|n| n.split_whitespace()));
        }
    }
    for a in &report.actions {
        expected.extend(a.title.split_whitespace());
        expected.extend(a.item_title.split_whitespace());
    }
    for word in expected {
        assert!(words.contains(word), "{word:?} is not printed whole");
    }
}

#[test]
fn a_long_address_breaks_after_its_punctuation_not_inside_a_word() {
    let mut r = larch_ward(true);
    let url = "https://www.cqc.org.uk/guidance-regulation/providers/assessment/single-assessment-framework/safe/learning-culture-and-incident-reporting-for-mental-health-wards";
    r.sections[0].items[0].note = Some(format!("Source: {url}"));
    let pdf = render(&r, &options()).expect("renders");
    let all = pages(&pdf).join("\n");
    let words: std::collections::HashSet<&str> = all.split_whitespace().collect();
    assert!(contains(&all, url), "the address is all there");
    for part in [
        "guidance-",
        "providers/",
        "assessment/",
        "learning-",
        "culture-",
    ] {
        assert!(
            words.iter().any(|w| w.contains(part)),
            "{part:?} is kept whole"
        );
    }
    for word in [
        "single",
        "assessment",
        "framework",
        "reporting",
        "mental",
        "health",
        "wards",
    ] {
        assert!(
            all.contains(word),
            "{word:?} is printed whole somewhere in the address"
        );
    }
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
    // What capped or moderated a key question is said once, in its findings.
    for s in &report.sections {
        assert_eq!(
            squeeze(&all).matches(&squeeze(&s.summary)).count(),
            1,
            "the summary of {} once",
            s.title
        );
    }
    assert_eq!(report.actions.len(), 12);
    for a in &report.actions {
        assert!(contains(&all, &a.title), "missing action {}", a.title);
    }
    for r in &report.responses {
        assert!(contains(&all, &r.answer), "missing answer {}", r.answer);
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
fn every_page_has_its_number_and_the_report_id() {
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
        summary: String::new(),
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
