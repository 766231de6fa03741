//! Signed PDF reports, made from a report rendered by keyline-report: signing, reading back,
//! determinism, tampering, malformed signatures, and (where installed) poppler's `pdfsig`
//! and `qpdf --check`.

use std::process::Command;
use std::sync::OnceLock;

use keyline_report::{render, InspectionFacts, Item, Overall, PdfOptions, Report, Section, Status};
use keyline_sign::pdf::{self, Attachment, SignatureInfo, SignedPdf};
use keyline_sign::{Identity, SignError};
use lopdf::{Dictionary, Object};

/// 2025-06-13 16:20:00 UTC.
const SIGN_OFF: i64 = 1_749_831_600;
const RECORD: &[u8] = br#"{"inspection":"larch-ward","answers":{"safe.1":"3: Good standard"},"marker":"RECORD-BYTES"}"#;
const TEMPLATE: &[u8] = b"{\"id\":\"cqc-saf-mh-inpatient\",\"version\":3}";

fn report(service: &str) -> Report {
    Report {
        inspection: InspectionFacts {
            service: service.into(),
            site: "Ysbyty Glan-yr-Afon".into(),
            trust: "Example Mental Health NHS Foundation Trust".into(),
            kind: "Mock inspection".into(),
            dates: "11–12 June 2025".into(),
            team: vec!["Siân Llewellyn-Jones".into()],
            template_title: "CQC single assessment framework".into(),
            template_version: "3".into(),
            status: Status::SignedOff {
                inspector: "Siân Llewellyn-Jones".into(),
                reviewer: "Zoë Łukasiewicz".into(),
                signed_at: "13 June 2025, 16:20".into(),
            },
            fingerprint: Some(
                "9f2c4e7a1b3d5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff".into(),
            ),
        },
        ratings: Vec::new(),
        bands: Vec::new(),
        overall: Overall {
            rating_label: None,
            colour: None,
            explanation: "Not rated.".into(),
        },
        sections: vec![Section {
            id: "safe".into(),
            title: "Safe".into(),
            earned: 3.0,
            possible: 4.0,
            percent: Some(75.0),
            rating_label: None,
            colour: None,
            explanation: String::new(),
            summary: "Good: 75% of the points.".into(),
            capped_by: None,
            override_: None,
            items: vec![Item {
                id: "safe.1".into(),
                title: "Learning culture".into(),
                answer: "3: Good standard".into(),
                score: Some(3.0),
                max: Some(4.0),
                descriptor: None,
                note: Some("Observed with the nurse in charge.".into()),
                evidence: Vec::new(),
            }],
        }],
        actions: Vec::new(),
        responses: Vec::new(),
        highlights: Default::default(),
        action_counts: Default::default(),
        rounding_note: None,
    }
}

fn rendered(service: &str) -> Vec<u8> {
    let options = PdfOptions {
        generated_at: "2025-06-13T16:20:00Z".into(),
        document_id: "KL-2025-0613-LARCH-01".into(),
    };
    render(&report(service), &options).expect("the report renders")
}

/// The rendered report, made once for all tests.
fn unsigned() -> &'static [u8] {
    static PDF: OnceLock<Vec<u8>> = OnceLock::new();
    PDF.get_or_init(|| rendered("Larch Ward"))
}

fn identity() -> &'static Identity {
    static ID: OnceLock<Identity> = OnceLock::new();
    ID.get_or_init(|| {
        Identity::generate(
            "Siân Llewellyn-Jones",
            "Example NHS Foundation Trust",
            SIGN_OFF,
        )
        .expect("an identity")
    })
}

fn attachments() -> Vec<Attachment<'static>> {
    vec![
        Attachment {
            file_name: "template.json",
            media_type: "application/json",
            description: "The inspection template, exactly as stored",
            bytes: TEMPLATE,
        },
        Attachment {
            file_name: "inspection-record.json",
            media_type: "application/json",
            description: "The signed-off inspection record the report was rendered from",
            bytes: RECORD,
        },
        Attachment {
            file_name: "Zoë’s notes.txt",
            media_type: "text/plain",
            description: "Reviewer’s notes",
            bytes: b"",
        },
    ]
}

fn info() -> SignatureInfo<'static> {
    SignatureInfo {
        signing_time: SIGN_OFF,
        reason: "Sign-off of the mock inspection (Larch Ward)",
        location: "Example NHS Foundation Trust",
    }
}

fn signed() -> &'static [u8] {
    static PDF: OnceLock<Vec<u8>> = OnceLock::new();
    PDF.get_or_init(|| pdf::sign(unsigned(), &attachments(), identity(), &info()).expect("signs"))
}

fn read(bytes: &[u8]) -> SignedPdf {
    pdf::read(bytes).expect("reads").expect("has a signature")
}

fn sorted_attachments() -> Vec<(String, Vec<u8>)> {
    let mut expected: Vec<(String, Vec<u8>)> = attachments()
        .iter()
        .map(|a| (a.file_name.to_owned(), a.bytes.to_vec()))
        .collect();
    expected.sort();
    expected
}

fn find(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("the bytes are there")
}

#[test]
fn a_signed_report_reads_back_valid_with_its_signer_and_attachments() {
    let signed = signed();
    let r = read(signed);
    assert!(r.digest_matches, "digest");
    assert!(r.signature_valid, "signature");
    assert!(r.is_intact());
    assert_eq!(&r.signer, identity().certificate());
    assert_eq!(r.signing_time, Some(SIGN_OFF));
    assert_eq!((r.file_len, r.signed_len), (signed.len(), signed.len()));
    let mut got = r.attachments.clone();
    got.sort();
    assert_eq!(got, sorted_attachments());
    // The rendered report is an exact prefix of the signed one.
    assert!(signed.starts_with(unsigned()));
}

#[test]
fn the_unfilled_bytes_are_what_prepare_gives_and_signing_is_deterministic() {
    let prepared = pdf::prepare(
        unsigned(),
        &attachments(),
        identity().certificate(),
        &info(),
    )
    .expect("prepares");
    let again = pdf::prepare(
        unsigned(),
        &attachments(),
        identity().certificate(),
        &info(),
    )
    .expect("prepares");
    assert_eq!(prepared, again);
    let r = read(signed());
    assert_eq!(r.byte_range, prepared.byte_range);
    assert_eq!(r.unfilled, prepared.bytes[..r.signed_len]);
    assert_eq!(prepared.bytes.len(), signed().len());
    // The placeholder is zeros, and nothing else differs from the signed file.
    let [_, a, b, _] = prepared.byte_range;
    assert!(prepared.bytes[a + 1..b - 1].iter().all(|&c| c == b'0'));
    assert_eq!(prepared.bytes[..a], signed()[..a]);
    assert_eq!(prepared.bytes[b..], signed()[b..]);
    let twice = pdf::sign(unsigned(), &attachments(), identity(), &info()).expect("signs");
    assert_eq!(twice, signed());
    // The order the attachments are given in does not matter.
    let mut reversed = attachments();
    reversed.reverse();
    let other_order = pdf::sign(unsigned(), &reversed, identity(), &info()).expect("signs");
    assert_eq!(other_order, signed());
}

#[test]
fn a_verifier_rebuilds_the_unfilled_pdf_from_the_embedded_data() {
    let r = read(signed());
    let originals = attachments();
    let rebuilt: Vec<Attachment> = r
        .attachments
        .iter()
        .map(|(name, bytes)| {
            let original = originals
                .iter()
                .find(|a| a.file_name == name)
                .expect("known file");
            Attachment { bytes, ..*original }
        })
        .collect();
    let report = rendered("Larch Ward");
    let prepared = pdf::prepare(&report, &rebuilt, &r.signer, &info()).expect("prepares");
    assert_eq!(prepared.bytes, r.unfilled);
    // A report rendered from other data does not match.
    let other = rendered("Birch Ward");
    let prepared = pdf::prepare(&other, &rebuilt, &r.signer, &info()).expect("prepares");
    assert_ne!(prepared.bytes, r.unfilled);
}

#[test]
fn the_update_has_the_promised_structure() {
    let signed = signed();
    let doc = lopdf::Document::load_mem(signed).expect("parses");
    let catalog = doc.catalog().expect("catalog");
    let form = catalog
        .get(b"AcroForm")
        .and_then(Object::as_dict)
        .expect("form");
    assert_eq!(form.get(b"SigFlags").and_then(Object::as_i64).ok(), Some(3));
    let field_ref = form
        .get(b"Fields")
        .and_then(Object::as_array)
        .expect("fields")[0]
        .as_reference()
        .expect("a reference");
    let widget = doc.get_dictionary(field_ref).expect("widget");
    assert_eq!(
        widget.get(b"FT").and_then(Object::as_name).ok(),
        Some(&b"Sig"[..])
    );
    assert_eq!(
        widget.get(b"Subtype").and_then(Object::as_name).ok(),
        Some(&b"Widget"[..])
    );
    let rect: Vec<i64> = widget
        .get(b"Rect")
        .and_then(Object::as_array)
        .expect("rect")
        .iter()
        .map(|n| n.as_i64().expect("integer"))
        .collect();
    assert_eq!(rect, [0, 0, 0, 0]);
    assert_eq!(
        lopdf::decode_text_string(widget.get(b"T").expect("T")).expect("text"),
        "Keyline signature"
    );
    let page1 = doc.get_pages()[&1];
    let annots = doc
        .get_dictionary(page1)
        .expect("page")
        .get(b"Annots")
        .and_then(Object::as_array)
        .expect("annots");
    assert!(annots.contains(&Object::Reference(field_ref)));
    assert_eq!(
        widget.get(b"P").and_then(Object::as_reference).ok(),
        Some(page1)
    );

    let sig = doc
        .get_dictionary(widget.get(b"V").and_then(Object::as_reference).expect("V"))
        .expect("signature dictionary");
    let name = |key: &[u8]| {
        sig.get(key)
            .and_then(Object::as_name)
            .expect("a name")
            .to_vec()
    };
    assert_eq!(name(b"Filter"), b"Adobe.PPKLite");
    assert_eq!(name(b"SubFilter"), b"adbe.pkcs7.detached");
    let text = |d: &Dictionary, key: &[u8]| {
        lopdf::decode_text_string(d.get(key).expect("present")).expect("text")
    };
    assert_eq!(text(sig, b"Name"), "Siân Llewellyn-Jones");
    assert_eq!(text(sig, b"Reason"), info().reason);
    assert_eq!(text(sig, b"Location"), info().location);
    assert_eq!(text(sig, b"M"), "D:20250613162000Z");

    let af = catalog.get(b"AF").and_then(Object::as_array).expect("AF");
    assert_eq!(af.len(), 3);
    for spec in af {
        let spec = doc
            .get_dictionary(spec.as_reference().expect("ref"))
            .expect("file spec");
        let file_name = text(spec, b"UF");
        assert_eq!(text(spec, b"F"), file_name);
        let original = attachments()
            .into_iter()
            .find(|a| a.file_name == file_name)
            .expect("known");
        assert_eq!(text(spec, b"Desc"), original.description);
        assert_eq!(
            spec.get(b"AFRelationship").and_then(Object::as_name).ok(),
            Some(&b"Data"[..])
        );
        let ef = spec.get(b"EF").and_then(Object::as_dict).expect("EF");
        let stream = doc
            .get_object(ef.get(b"F").and_then(Object::as_reference).expect("F"))
            .and_then(Object::as_stream)
            .expect("stream");
        assert_eq!(stream.content, original.bytes);
        assert_eq!(
            stream.dict.get(b"Subtype").and_then(Object::as_name).ok(),
            Some(original.media_type.as_bytes())
        );
        let size = stream
            .dict
            .get(b"Params")
            .and_then(Object::as_dict)
            .and_then(|p| p.get(b"Size"))
            .and_then(Object::as_i64);
        assert_eq!(size.ok(), Some(original.bytes.len() as i64));
    }
    let tree = catalog
        .get(b"Names")
        .and_then(Object::as_dict)
        .and_then(|n| n.get(b"EmbeddedFiles"))
        .and_then(Object::as_dict)
        .and_then(|e| e.get(b"Names"))
        .and_then(Object::as_array)
        .expect("name tree");
    let keys: Vec<String> = tree
        .iter()
        .step_by(2)
        .map(|k| lopdf::decode_text_string(k).expect("text"))
        .collect();
    assert_eq!(
        keys,
        ["inspection-record.json", "template.json", "Zoë’s notes.txt"]
    );
    // The media type is written as a name with '/' escaped.
    find(&signed[unsigned().len()..], b"/Subtype /application#2Fjson");
    // The /ByteRange numbers are padded to a fixed width.
    let r = read(signed);
    let expected = format!(
        "/ByteRange [0 {:<10} {:<10} {:<10}]",
        r.byte_range[1], r.byte_range[2], r.byte_range[3]
    );
    find(signed, expected.as_bytes());
}

#[test]
fn a_changed_byte_in_the_signed_range_breaks_the_digest() {
    // In an attachment: the file still parses, the changed data reads back, the digest fails.
    let mut changed = signed().to_vec();
    let at = find(&changed, b"RECORD-BYTES");
    changed[at] = b'X';
    let r = read(&changed);
    assert!(!r.digest_matches);
    assert!(
        r.signature_valid,
        "the signature over the attributes is untouched"
    );
    assert!(!r.is_intact());
    assert!(r
        .attachments
        .iter()
        .any(|(_, b)| b.windows(12).any(|w| w == b"XECORD-BYTES")));

    // In the signature dictionary's reason, before /Contents.
    let mut changed = signed().to_vec();
    let at = find(&changed, b"(Sign-off of the mock");
    changed[at + 1] = b's';
    assert!(!read(&changed).digest_matches);

    // In the trailer, after /Contents.
    let mut changed = signed().to_vec();
    let at = changed.len() - "%%EOF\n".len() - 3;
    changed[at] = if changed[at] == b'1' { b'2' } else { b'1' };
    match pdf::read(&changed) {
        Ok(Some(r)) => assert!(!r.digest_matches),
        Ok(None) => panic!("the signature disappeared"),
        Err(e) => eprintln!("note: a changed startxref makes the PDF unreadable: {e}"),
    }
}

#[test]
fn a_changed_signature_value_does_not_verify() {
    let r = read(signed());
    let [_, a, _, _] = r.byte_range;
    let mut changed = signed().to_vec();
    // The CMS starts 30 82 HH LL; its last byte is the last byte of the ECDSA signature.
    let header = hex::decode(&changed[a + 1..a + 9]).expect("hex");
    let len = 4 + ((header[2] as usize) << 8 | header[3] as usize);
    let last = a + 1 + 2 * len - 1;
    changed[last] = if changed[last] == b'0' { b'1' } else { b'0' };
    let r = read(&changed);
    assert!(r.digest_matches);
    assert!(!r.signature_valid);
}

#[test]
fn an_update_appended_after_signing_is_seen_and_the_signed_attachments_are_kept() {
    let signed = signed();
    let doc = lopdf::Document::load_mem(signed).expect("parses");
    // The embedded record's object: rewrite it in a new revision.
    let record_id = doc
        .objects
        .iter()
        .find(|(_, o)| o.as_stream().is_ok_and(|s| s.content == RECORD))
        .map(|(id, _)| *id)
        .expect("the record's stream");
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .expect("root");
    let size = doc
        .trailer
        .get(b"Size")
        .and_then(Object::as_i64)
        .expect("size");
    let tail = String::from_utf8_lossy(&signed[signed.len() - 40..]).to_string();
    let prev: usize = tail
        .split("startxref\n")
        .nth(1)
        .and_then(|t| t.lines().next())
        .expect("startxref")
        .trim()
        .parse()
        .expect("a number");

    let mut appended = signed.to_vec();
    let offset = appended.len();
    let forged = b"{\"forged\":true}";
    appended.extend(
        format!(
            "{} 0 obj\n<</Type /EmbeddedFile /Length {}>>\nstream\n",
            record_id.0,
            forged.len()
        )
        .bytes(),
    );
    appended.extend_from_slice(forged);
    appended.extend_from_slice(b"\nendstream\nendobj\n");
    let xref = appended.len();
    appended.extend(
        format!(
            "xref\n{} 1\n{offset:010} 00000 n\r\ntrailer\n<</Size {size} /Root {} 0 R /Prev {prev}>>\nstartxref\n{xref}\n%%EOF\n",
            record_id.0, root.0
        )
        .bytes(),
    );
    // The appended revision is what a viewer sees.
    let latest = lopdf::Document::load_mem(&appended).expect("parses");
    assert_eq!(
        latest
            .get_object(record_id)
            .and_then(Object::as_stream)
            .expect("stream")
            .content,
        forged
    );

    let r = read(&appended);
    assert!(r.file_len > r.signed_len);
    assert_eq!(r.signed_len, signed.len());
    assert!(
        r.digest_matches && r.signature_valid,
        "the signed revision itself is intact"
    );
    assert!(!r.is_intact());
    let mut got = r.attachments.clone();
    got.sort();
    assert_eq!(
        got,
        sorted_attachments(),
        "the attachments are the signed revision's"
    );
}

#[test]
fn the_contents_of_another_signed_pdf_do_not_fit() {
    // Another report of the same layout (same byte range), signed by someone else.
    let other_id =
        Identity::generate("Siân Llewellyn-Jones", "Another Trust", SIGN_OFF).expect("identity");
    let mut other_attachments = attachments();
    let other_record = String::from_utf8_lossy(RECORD).replace("larch", "birch");
    other_attachments[1].bytes = other_record.as_bytes();
    let other = pdf::sign(unsigned(), &other_attachments, &other_id, &info()).expect("signs");
    let r_other = read(&other);
    let ours = read(signed());
    let [_, a, b, _] = ours.byte_range;
    assert_eq!(r_other.byte_range[1..3], ours.byte_range[1..3]);

    let mut swapped = signed().to_vec();
    swapped[a..b].copy_from_slice(&other[a..b]);
    let r = read(&swapped);
    assert!(!r.digest_matches);
    assert!(!r.is_intact());
    assert_eq!(&r.signer, other_id.certificate());
}

#[test]
fn a_pdf_without_a_signature_reads_as_none() {
    assert!(pdf::read(unsigned()).expect("reads").is_none());
}

#[test]
fn truncated_and_garbage_files_are_refused_without_panicking() {
    let signed = signed();
    for len in [
        0,
        10,
        signed.len() / 2,
        signed.len() - 200,
        signed.len() - 1,
    ] {
        match pdf::read(&signed[..len]) {
            Err(e) => assert!(!e.to_string().is_empty()),
            Ok(Some(r)) => panic!(
                "a file cut to {len} bytes read as signed: {:?}",
                r.byte_range
            ),
            Ok(None) => {}
        }
    }
    assert!(matches!(
        pdf::read(b"not a pdf at all"),
        Err(SignError::Pdf(_))
    ));
}

/// A PDF with a signature field whose signature dictionary is given.
fn pdf_with_signature(signature: Dictionary) -> Vec<u8> {
    let mut doc = lopdf::Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let sig_id = doc.add_object(signature);
    let mut widget = Dictionary::new();
    widget.set("FT", Object::Name(b"Sig".to_vec()));
    widget.set("T", Object::string_literal("Keyline signature"));
    widget.set("V", sig_id);
    let widget_id = doc.add_object(widget);
    let mut page = Dictionary::new();
    page.set("Type", Object::Name(b"Page".to_vec()));
    page.set("Parent", pages_id);
    page.set("MediaBox", vec![0.into(), 0.into(), 100.into(), 100.into()]);
    let page_id = doc.add_object(page);
    let mut pages = Dictionary::new();
    pages.set("Type", Object::Name(b"Pages".to_vec()));
    pages.set("Kids", vec![page_id.into()]);
    pages.set("Count", 1);
    doc.objects.insert(pages_id, Object::Dictionary(pages));
    let mut form = Dictionary::new();
    form.set("Fields", vec![widget_id.into()]);
    let mut catalog = Dictionary::new();
    catalog.set("Type", Object::Name(b"Catalog".to_vec()));
    catalog.set("Pages", pages_id);
    catalog.set("AcroForm", form);
    let catalog_id = doc.add_object(catalog);
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("saves");
    out
}

fn signature_dict(contents: Vec<u8>, byte_range: [i64; 4]) -> Dictionary {
    let mut sig = Dictionary::new();
    sig.set("Type", Object::Name(b"Sig".to_vec()));
    sig.set(
        "ByteRange",
        byte_range
            .iter()
            .map(|&n| Object::Integer(n))
            .collect::<Vec<_>>(),
    );
    sig.set(
        "Contents",
        Object::String(contents, lopdf::StringFormat::Hexadecimal),
    );
    sig
}

fn refused(pdf: &[u8], expected: &str) {
    let err = pdf::read(pdf).expect_err("refused");
    assert!(matches!(err, SignError::InvalidPdfSignature(_)), "{err}");
    assert!(err.to_string().contains(expected), "{err}");
}

#[test]
fn malformed_signatures_are_refused_with_clear_errors() {
    refused(
        &pdf_with_signature(signature_dict(vec![1; 70_000], [0, 10, 20, 30])),
        "larger than 64 KB",
    );
    refused(
        &pdf_with_signature(signature_dict(vec![1; 10], [0, 10, 20, 99_999_999])),
        "/ByteRange is not [0 a b c]",
    );
    refused(
        &pdf_with_signature(signature_dict(vec![1; 10], [5, 10, 20, 30])),
        "/ByteRange is not [0 a b c]",
    );
    refused(
        &pdf_with_signature(signature_dict(vec![1; 10], [0, 20, 10, 30])),
        "/ByteRange is not [0 a b c]",
    );
    refused(
        &pdf_with_signature(signature_dict(vec![1; 10], [0, -1, 10, 30])),
        "/ByteRange is not [0 a b c]",
    );
    refused(
        &pdf_with_signature(signature_dict(vec![1; 10], [0, 10, 40, 30])),
        "does not leave out exactly the /Contents",
    );

    // A byte range around the real /Contents, holding something that is not CMS.
    let with_range = |range: [i64; 4]| {
        let mut sig = Dictionary::new();
        sig.set(
            "Contents",
            Object::String(vec![0xAB; 16], lopdf::StringFormat::Hexadecimal),
        );
        sig.set(
            "ByteRange",
            range
                .iter()
                .map(|&n| Object::Integer(n))
                .collect::<Vec<_>>(),
        );
        pdf_with_signature(sig)
    };
    let probe = with_range([0, 1, 2, 0]);
    let at = find(&probe, b"<ABABABAB") as i64;
    let end = at + 2 + 32;
    let mut pdf = probe;
    for _ in 0..3 {
        pdf = with_range([0, at, end, pdf.len() as i64 - end]);
    }
    assert_eq!(find(&pdf, b"<ABABABAB") as i64, at);
    let err = pdf::read(&pdf).expect_err("refused");
    assert!(matches!(err, SignError::InvalidCms(_)), "{err}");
}

#[test]
fn prepare_refuses_what_it_cannot_sign() {
    let cert = identity().certificate();
    let mut dup = attachments();
    dup[0].file_name = dup[1].file_name;
    let err = pdf::prepare(unsigned(), &dup, cert, &info()).expect_err("refused");
    assert!(err.to_string().contains("same name"), "{err}");
    let mut bad_type = attachments();
    bad_type[0].media_type = "json";
    assert!(matches!(
        pdf::prepare(unsigned(), &bad_type, cert, &info()),
        Err(SignError::InvalidAttachment { .. })
    ));
    let mut path = attachments();
    path[0].file_name = "../etc/passwd";
    assert!(matches!(
        pdf::prepare(unsigned(), &path, cert, &info()),
        Err(SignError::InvalidAttachment { .. })
    ));
    let long = "x".repeat(1001);
    let bad_info = SignatureInfo {
        reason: &long,
        ..info()
    };
    assert!(matches!(
        pdf::prepare(unsigned(), &[], cert, &bad_info),
        Err(SignError::InvalidInfo { .. })
    ));
    let err =
        pdf::prepare(signed(), &[], cert, &info()).expect_err("an already signed PDF is refused");
    assert!(err.to_string().contains("only unsigned reports"), "{err}");
    assert!(matches!(
        pdf::prepare(b"%PDF-1.7\nnonsense", &[], cert, &info()),
        Err(SignError::Pdf(_))
    ));
    assert!(matches!(
        pdf::prepare(b"hello", &[], cert, &info()),
        Err(SignError::Pdf(_))
    ));
}

#[test]
fn a_report_without_attachments_signs_and_reads() {
    let bytes = pdf::sign(unsigned(), &[], identity(), &info()).expect("signs");
    let r = read(&bytes);
    assert!(r.is_intact());
    assert!(r.attachments.is_empty());
}

fn write_temp(bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("signed.pdf");
    std::fs::write(&path, bytes).expect("written");
    (dir, path)
}

#[test]
fn pdfsig_reports_the_signature_as_valid() {
    let (_dir, path) = write_temp(signed());
    let Ok(out) = Command::new("pdfsig").arg(&path).output() else {
        eprintln!("note: pdfsig (poppler-utils) is not installed; skipped");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Signature Validation: Signature is Valid."),
        "{text}"
    );
    assert!(text.contains("Siân Llewellyn-Jones"), "{text}");
    assert!(text.contains("Total document signed"), "{text}");
    assert!(text.contains("adbe.pkcs7.detached"), "{text}");

    // And it sees a changed byte.
    let mut changed = signed().to_vec();
    let at = find(&changed, b"RECORD-BYTES");
    changed[at] = b'X';
    let (_dir, path) = write_temp(&changed);
    let out = Command::new("pdfsig").arg(&path).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("Signature is Valid."), "{text}");
}

#[test]
fn qpdf_checks_the_signed_pdf() {
    let (_dir, path) = write_temp(signed());
    let Ok(out) = Command::new("qpdf").arg("--check").arg(&path).output() else {
        eprintln!("note: qpdf is not installed; skipped");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("No syntax or stream encoding errors found"),
        "{text}"
    );
}

#[test]
#[ignore = "writes target/sign-look/signed.pdf for a person to look at"]
fn write_a_sample() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/sign-look");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("signed.pdf"), signed()).expect("written");
    std::fs::write(dir.join("unsigned.pdf"), unsigned()).expect("written");
}
