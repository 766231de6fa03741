//! Signed reports: made once at sign-off, and checked anywhere, with or without the
//! database that holds their record.
//!
//! A signed report is the report drawn from the record ([`crate::record::report_of`]),
//! with the signed-record file, the template's exact text and the photos of evidence
//! embedded in it, signed over the whole file with the signer's key (a PDF signature, CMS
//! detached, as PDF readers show). Signing is deterministic, so a verifier re-makes the
//! whole file from what it embeds and compares it byte for byte: any page, character or
//! object that is not what the record draws shows.

use std::collections::BTreeMap;

use keyline_core::template::Template;
use keyline_report::PdfOptions;
use keyline_sign::pdf::{Attachment, SignatureInfo};
use keyline_sign::{Certificate, Identity};
use serde::Serialize;
use ts_rs::TS;

use crate::exchange::SignedRecordFile;
use crate::identity::{Home, Trust};
use crate::record::{self, Record};
use crate::{App, AppError, ErrorCode, Result};

/// The embedded signed record's file name.
pub const RECORD_FILE: &str = "keyline-record.json";
/// The embedded template's file name.
pub const TEMPLATE_FILE: &str = "template.json";

fn invalid(message: impl Into<String>) -> AppError {
    AppError::new(ErrorCode::InvalidInput, message)
}

fn report_error(e: impl std::fmt::Display) -> AppError {
    AppError::new(
        ErrorCode::Internal,
        format!("the report could not be made: {e}"),
    )
}

/// What a signed report embeds.
pub struct Embedded {
    pub record: SignedRecordFile,
    pub template: String,
    /// Photos of evidence by SHA-256.
    pub images: BTreeMap<String, Vec<u8>>,
}

/// The embedded files of a signed report (as signed: appended changes are not read).
pub(crate) fn embedded(origin: &str, pdf: &[u8]) -> Result<Embedded> {
    let signed = keyline_sign::pdf::read(pdf)
        .map_err(|e| invalid(format!("{origin}: {e}")))?
        .ok_or_else(|| invalid(format!("{origin} is not a signed Keyline report")))?;
    embedded_in(origin, signed.attachments)
}

fn embedded_in(origin: &str, attachments: Vec<(String, Vec<u8>)>) -> Result<Embedded> {
    let mut record = None;
    let mut template = None;
    let mut images = BTreeMap::new();
    for (name, bytes) in attachments {
        if name == RECORD_FILE {
            record = Some(SignedRecordFile::parse(origin, &bytes)?);
        } else if name == TEMPLATE_FILE {
            template =
                Some(String::from_utf8(bytes).map_err(|_| {
                    invalid(format!("{origin}: the embedded template is not text"))
                })?);
        } else if let Some(sha) = name
            .strip_prefix("evidence-")
            .and_then(|n| n.split('.').next())
        {
            if keyline_store::sha256_hex(&bytes) == sha {
                images.insert(sha.to_string(), bytes);
            }
        }
    }
    Ok(Embedded {
        record: record.ok_or_else(|| invalid(format!("{origin} embeds no Keyline record")))?,
        template: template.ok_or_else(|| invalid(format!("{origin} embeds no template")))?,
        images,
    })
}

fn extension(media_type: &str) -> &'static str {
    match media_type {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        _ => "bin",
    }
}

fn unix_seconds(at: &str) -> Result<i64> {
    let t = humantime::parse_rfc3339_weak(&record::rfc3339(at))
        .map_err(|e| invalid(format!("\"{at}\" is not a time: {e}")))?;
    Ok(t.duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0))
}

/// Everything the signed report is made from, in the order it is made.
struct Parts {
    unsigned: Vec<u8>,
    envelope: Vec<u8>,
    template: String,
    images: Vec<(String, String, Vec<u8>)>,
    reason: String,
    location: String,
    signing_time: i64,
}

impl Parts {
    fn attachments(&self) -> Vec<Attachment<'_>> {
        let mut out = vec![
            Attachment {
                file_name: RECORD_FILE,
                media_type: "application/json",
                description: "The signed Keyline record this report shows",
                bytes: &self.envelope,
            },
            Attachment {
                file_name: TEMPLATE_FILE,
                media_type: "application/json",
                description: "The template version the record follows, exactly as stored",
                bytes: self.template.as_bytes(),
            },
        ];
        for (name, media_type, bytes) in &self.images {
            out.push(Attachment {
                file_name: name,
                media_type,
                description: "A photo of evidence shown in the report",
                bytes,
            });
        }
        out
    }

    fn info(&self) -> SignatureInfo<'_> {
        SignatureInfo {
            signing_time: self.signing_time,
            reason: &self.reason,
            location: &self.location,
        }
    }
}

/// The parts of the signed report of `record` (whose signed bytes, signature and signer
/// make `envelope`).
fn parts(
    record: &Record,
    envelope: Vec<u8>,
    template: &Template,
    template_text: &str,
    images: &BTreeMap<String, Vec<u8>>,
) -> Result<Parts> {
    let bytes = record.canonical()?;
    let fingerprint = keyline_store::sha256_hex(&bytes);
    let sign_off = record
        .sign_off
        .as_ref()
        .ok_or_else(|| invalid("the record is not signed off"))?;
    let report = record::report_of(record, template, Some(&fingerprint), &|sha| {
        images.get(sha).cloned()
    });
    let generated_at = record::rfc3339(&sign_off.at);
    let unsigned = keyline_report::render(
        &report,
        &PdfOptions {
            document_id: record.report_id(Some(&fingerprint), &generated_at),
            generated_at,
        },
    )
    .map_err(report_error)?;
    let mut photos = Vec::new();
    for e in &record.evidence {
        if e.media_type.starts_with("image/")
            && !photos
                .iter()
                .any(|(n, _, _): &(String, String, Vec<u8>)| n.contains(&e.sha256))
        {
            if let Some(b) = images.get(&e.sha256) {
                photos.push((
                    format!("evidence-{}.{}", e.sha256, extension(&e.media_type)),
                    e.media_type.clone(),
                    b.clone(),
                ));
            }
        }
    }
    Ok(Parts {
        unsigned,
        envelope,
        template: template_text.to_string(),
        images: photos,
        reason: format!(
            "Signed off: inspector {}, reviewer {}",
            sign_off.inspector, sign_off.reviewer
        ),
        location: record
            .signer
            .as_ref()
            .map(|s| s.organisation.clone())
            .unwrap_or_default(),
        signing_time: unix_seconds(&sign_off.at)?,
    })
}

/// The signed report of a record being signed off.
pub(crate) fn sign_report(
    record: &Record,
    envelope: Vec<u8>,
    template: &Template,
    template_text: &str,
    images: &BTreeMap<String, Vec<u8>>,
    identity: &Identity,
) -> Result<Vec<u8>> {
    let p = parts(record, envelope, template, template_text, images)?;
    keyline_sign::pdf::sign(&p.unsigned, &p.attachments(), identity, &p.info())
        .map_err(report_error)
}

/// What `verify` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Signed, intact, drawn from its record, by you or a trusted signer.
    Verified,
    /// Signed and intact, but the signer is not in the trusted list.
    UnknownSigner,
    /// A draft: not signed, and not a record of anything.
    Draft,
    /// A report from before signed reports (Keyline 0.1), checked against the database.
    Unsigned,
    /// Bytes were added after signing (an incremental update).
    Appended,
    /// Pages were removed (or added) after signing.
    PagesChanged,
    /// A page's content was changed after signing.
    PageChanged,
    /// The embedded record is another report's.
    RecordSwapped,
    /// The signature is another document's.
    SignatureSwapped,
    /// The file was changed after signing, outside the pages.
    Altered,
    /// Signed, but the pages are not what its record draws.
    NotFromRecord,
    /// The database here holds this record with other content, or its rows changed.
    DatabaseDiffers,
}

/// Who signed a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignerView {
    pub name: String,
    pub organisation: String,
    pub fingerprint: String,
    pub trust: Trust,
}

/// What `verify` found about a report PDF.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportCheck {
    /// Signed, intact, drawn from its record, by a trusted signer, and (where the database
    /// holding the record is at hand) the same as that record.
    pub matches: bool,
    pub outcome: Outcome,
    /// The record's global id.
    pub record_id: Option<String>,
    /// The inspection's local number, where this database holds it.
    #[ts(type = "number | null")]
    pub inspection_id: Option<i64>,
    pub service: Option<String>,
    pub fingerprint: Option<String>,
    pub signed_at: Option<String>,
    pub signer: Option<SignerView>,
    /// One sentence: the verdict.
    pub message: String,
    /// Each check made, in order.
    pub details: Vec<String>,
}

/// Page texts of a PDF, read with limits (for telling which page differs).
fn page_texts(pdf: &[u8]) -> Option<Vec<String>> {
    let doc = lopdf::Document::load_mem_with_options(
        pdf,
        lopdf::LoadOptions::with_max_decompressed_size(16 * 1024 * 1024),
    )
    .ok()?;
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    if pages.len() > 5_000 {
        return None;
    }
    Some(
        pages
            .iter()
            .map(|p| {
                doc.extract_text_with_limit(&[*p], 16 * 1024 * 1024)
                    .unwrap_or_default()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect(),
    )
}

/// The global id a report prints on its first page (`Report KL-<id>-...`).
fn printed_record_id(first_page: &str) -> Option<String> {
    let rest = first_page.split("Report KL-").nth(1)?;
    let id: String = rest.chars().take(36).collect();
    uuid::Uuid::parse_str(&id).ok().map(|_| id)
}

/// Says which page of `file` differs from `expected`, if a page does.
fn page_difference(file: &[u8], expected: &[u8]) -> Option<(Outcome, String)> {
    let (have, want) = (page_texts(file)?, page_texts(expected)?);
    if have.len() != want.len() {
        let missing: Vec<String> = want
            .iter()
            .enumerate()
            .filter(|(_, w)| !have.contains(w))
            .map(|(i, _)| (i + 1).to_string())
            .collect();
        return Some((
            Outcome::PagesChanged,
            format!(
                "the report was signed with {} pages, but this file has {}{}",
                want.len(),
                have.len(),
                if missing.is_empty() || have.len() > want.len() {
                    String::new()
                } else {
                    format!(
                        " (page {} of the signed report is gone)",
                        missing.join(", ")
                    )
                }
            ),
        ));
    }
    let changed: Vec<String> = have
        .iter()
        .zip(&want)
        .enumerate()
        .filter(|(_, (h, w))| h != w)
        .map(|(i, _)| (i + 1).to_string())
        .collect();
    (!changed.is_empty()).then(|| {
        (
            Outcome::PageChanged,
            format!(
                "page {} {} not what was signed: its text was changed",
                changed.join(", "),
                if changed.len() == 1 { "is" } else { "are" }
            ),
        )
    })
}

/// Checks a report PDF: its signature over the whole file, that its pages are what its
/// embedded record draws, who signed it and whether they are trusted here, and, where
/// `app` holds the record, that the database agrees. Needs no database.
pub fn verify_pdf(pdf: &[u8], home: &Home, app: Option<&App>) -> Result<ReportCheck> {
    if !pdf.starts_with(b"%PDF-") {
        return Err(invalid(
            "this is not a Keyline report PDF: it does not start as a PDF does",
        ));
    }
    let signed = match keyline_sign::pdf::read(pdf) {
        Ok(s) => s,
        Err(keyline_sign::SignError::InvalidPdfSignature(why)) => return rewritten(pdf, &why),
        Err(e) => {
            return Err(invalid(format!(
                "this is not a Keyline report PDF, or it is damaged: {e}"
            )))
        }
    };
    let Some(signed) = signed else {
        return unsigned(pdf, app);
    };
    let mut details = Vec::new();
    let mut check = ReportCheck {
        matches: false,
        outcome: Outcome::Verified,
        record_id: None,
        inspection_id: None,
        service: None,
        fingerprint: None,
        signed_at: None,
        signer: Some(SignerView {
            name: signed.signer.name().to_string(),
            organisation: signed.signer.organisation().to_string(),
            fingerprint: signed.signer.fingerprint(),
            trust: home.trust_of(&signed.signer)?,
        }),
        message: String::new(),
        details: Vec::new(),
    };
    let fail = |mut check: ReportCheck, outcome: Outcome, message: String, details: Vec<String>| {
        check.outcome = outcome;
        check.message = message;
        check.details = details;
        Ok(check)
    };

    // 1. Nothing after the signed part.
    if signed.file_len > signed.signed_len {
        let extra = signed.file_len - signed.signed_len;
        return fail(
            check,
            Outcome::Appended,
            format!(
                "NOT VERIFIED: {extra} bytes were added after the report was signed (an incremental update at byte {}): what a reader shows may not be what was signed",
                signed.signed_len
            ),
            vec![format!("the signature covers bytes 0 to {} of {}", signed.signed_len, signed.file_len)],
        );
    }

    // 2. The embedded record, its own signature, and the report's signer.
    let embedded = match embedded_in("the report", signed.attachments.clone()) {
        Ok(e) => e,
        Err(e) => {
            return fail(
                check,
                Outcome::Altered,
                format!("NOT VERIFIED: {}", e.message),
                details,
            )
        }
    };
    let record = match embedded.record.check("the embedded record") {
        Ok(r) => r,
        Err(e) => {
            return fail(
                check,
                Outcome::Altered,
                format!("NOT VERIFIED: {}", e.message),
                details,
            )
        }
    };
    let r = &record.record;
    check.record_id = Some(r.id.clone());
    check.service = Some(r.service.clone());
    check.fingerprint = Some(keyline_store::sha256_hex(&record.bytes));
    check.signed_at = r.sign_off.as_ref().map(|s| s.at.clone());
    details.push(format!(
        "the embedded record {} ({}) carries a valid signature by {}, {}",
        r.id,
        r.service,
        record.certificate.name(),
        record.certificate.organisation()
    ));
    let texts = page_texts(pdf);
    if let Some(printed) = texts
        .as_ref()
        .and_then(|t| t.first())
        .and_then(|p| printed_record_id(p))
    {
        if printed != r.id {
            return fail(
                check,
                Outcome::RecordSwapped,
                format!(
                    "NOT VERIFIED: the report shows record {printed}, but the record inside it is {}: it was swapped in from another report",
                    r.id
                ),
                details,
            );
        }
    }
    // 3. Re-make the signed report from what it embeds, where this Keyline draws the same way.
    let ours = record::renderer();
    let renderer = r.renderer.clone().unwrap_or_default();
    let expected = if renderer == ours {
        let template = keyline_core::template::parse(embedded.template.as_bytes())
            .map_err(|_| invalid("NOT VERIFIED: the embedded template does not read"));
        match template {
            Ok(t)
                if keyline_store::sha256_hex(embedded.template.as_bytes()) == r.template.sha256 =>
            {
                let envelope = embedded_envelope(&signed.attachments);
                let p = parts(r, envelope, &t, &embedded.template, &embedded.images)?;
                let prepared = keyline_sign::pdf::prepare(
                    &p.unsigned,
                    &p.attachments(),
                    &signed.signer,
                    &p.info(),
                )
                .map_err(report_error)?;
                Some(prepared.bytes)
            }
            _ => {
                return fail(
                    check,
                    Outcome::Altered,
                    "NOT VERIFIED: the embedded template is not the one the record follows"
                        .to_string(),
                    details,
                )
            }
        }
    } else {
        details.push(format!(
            "the report was drawn by {renderer}; this Keyline draws {ours}, so its pages were not re-drawn to compare (the signature still covers every byte)"
        ));
        None
    };

    // 4. The signature over the whole file.
    if !signed.digest_matches || !signed.signature_valid {
        if let Some(expected) = &expected {
            if let Some((outcome, why)) = page_difference(pdf, expected) {
                return fail(check, outcome, format!("NOT VERIFIED: {why}"), details);
            }
            if signed.unfilled.as_slice() == &expected[..expected.len().min(signed.signed_len)] {
                return fail(
                    check,
                    Outcome::SignatureSwapped,
                    "NOT VERIFIED: the report's content is as signed, but its signature was made over another document: it was swapped in from another report".to_string(),
                    details,
                );
            }
        }
        return fail(
            check,
            Outcome::Altered,
            "NOT VERIFIED: the file was changed after it was signed (its signature no longer matches its bytes)".to_string(),
            details,
        );
    }
    if record.certificate.fingerprint() != signed.signer.fingerprint() {
        return fail(
            check,
            Outcome::RecordSwapped,
            format!(
                "NOT VERIFIED: the record inside was signed by {} ({}), but the report by {} ({}): the record was swapped in from another report",
                record.certificate.name(),
                record.certificate.organisation(),
                signed.signer.name(),
                signed.signer.organisation()
            ),
            details,
        );
    }

    details.push(format!(
        "the PDF signature by {}, {} covers the whole file and is valid",
        signed.signer.name(),
        signed.signer.organisation()
    ));
    if let Some(expected) = &expected {
        if signed.unfilled != *expected {
            let why = page_difference(pdf, expected)
                .map(|(_, w)| w)
                .unwrap_or_else(|| "its objects differ".to_string());
            return fail(
                check,
                Outcome::NotFromRecord,
                format!("NOT VERIFIED: the report is signed, but it is not what its record draws: {why}"),
                details,
            );
        }
        details.push("every page is exactly what the embedded record draws".to_string());
    }

    // 5. The database, where it holds the record.
    if let Some(app) = app {
        if let Some(kept) = app.store.signed_record_by_uid(&r.id)? {
            check.inspection_id = Some(kept.inspection_id);
            if kept.record != record.bytes {
                return fail(
                    check,
                    Outcome::DatabaseDiffers,
                    format!(
                        "NOT VERIFIED: this database holds record {} (inspection {}) with other content",
                        r.id, kept.inspection_id
                    ),
                    details,
                );
            }
            let now = app.sealed_record_now(r, kept.inspection_id)?;
            if now.canonical()? != record.bytes {
                return fail(
                    check,
                    Outcome::DatabaseDiffers,
                    format!(
                        "NOT VERIFIED: the report is as signed, but inspection {} in this database no longer is: it was changed behind Keyline's back",
                        kept.inspection_id
                    ),
                    details,
                );
            }
            details.push(format!(
                "this database holds the same record, as inspection {}, unchanged",
                kept.inspection_id
            ));
        }
    }

    // 6. Who signed it.
    let signer = check.signer.clone().ok_or_else(|| invalid("no signer"))?;
    let at = check.signed_at.clone().unwrap_or_default();
    let what = format!(
        "record {} ({}), signed off {} and signed by {}, {} (certificate {})",
        r.id,
        r.service,
        record::rfc3339(&at),
        signer.name,
        signer.organisation,
        crate::identity::short(&signer.fingerprint)
    );
    if signer.trust == Trust::Unknown {
        return fail(
            check,
            Outcome::UnknownSigner,
            format!(
                "NOT VERIFIED: the report is intact, but its signer is not in your trusted list: {what}. If you know this certificate is theirs, add it with `keyline trust add`"
            ),
            details,
        );
    }
    check.matches = true;
    check.outcome = Outcome::Verified;
    check.message = format!("VERIFIED: {what}; the signer is {}", signer.trust.label());
    check.details = details;
    Ok(check)
}

/// A signed report whose signature no longer lines up with its bytes: another program
/// rewrote it after signing. Says what changed where it can tell.
fn rewritten(pdf: &[u8], why: &str) -> Result<ReportCheck> {
    let mut check = ReportCheck {
        matches: false,
        outcome: Outcome::Altered,
        record_id: None,
        inspection_id: None,
        service: None,
        fingerprint: None,
        signed_at: None,
        signer: None,
        message: format!(
            "NOT VERIFIED: the file was rewritten after it was signed, so its signature no longer holds ({why})"
        ),
        details: Vec::new(),
    };
    let Ok(attachments) = keyline_sign::pdf::attachments(pdf) else {
        return Ok(check);
    };
    let Ok(embedded) = embedded_in("the report", attachments.clone()) else {
        return Ok(check);
    };
    let Ok(record) = embedded.record.check("the embedded record") else {
        return Ok(check);
    };
    let r = &record.record;
    check.record_id = Some(r.id.clone());
    check.service = Some(r.service.clone());
    let printed = page_texts(pdf)
        .and_then(|t| t.first().cloned())
        .and_then(|p| printed_record_id(&p));
    if let Some(printed) = printed.filter(|p| *p != r.id) {
        check.outcome = Outcome::RecordSwapped;
        check.message = format!(
            "NOT VERIFIED: the report shows record {printed}, but the record inside it is {}: it was swapped in from another report",
            r.id
        );
        return Ok(check);
    }
    if r.renderer.as_deref() != Some(record::renderer().as_str()) {
        return Ok(check);
    }
    let Ok(template) = keyline_core::template::parse(embedded.template.as_bytes()) else {
        return Ok(check);
    };
    let envelope = embedded_envelope(&attachments);
    let p = parts(r, envelope, &template, &embedded.template, &embedded.images)?;
    if let Some((outcome, what)) = page_difference(pdf, &p.unsigned) {
        check.outcome = outcome;
        check.message = format!("NOT VERIFIED: {what} (and the file was rewritten after signing)");
    }
    Ok(check)
}

fn embedded_envelope(attachments: &[(String, Vec<u8>)]) -> Vec<u8> {
    attachments
        .iter()
        .find(|(n, _)| n == RECORD_FILE)
        .map(|(_, b)| b.clone())
        .unwrap_or_default()
}

/// A report with no signature: a draft, or a report of Keyline 0.1 checked against the
/// database as it was then.
fn unsigned(pdf: &[u8], app: Option<&App>) -> Result<ReportCheck> {
    let texts = page_texts(pdf).unwrap_or_default();
    let first = texts.first().cloned().unwrap_or_default();
    if !first.contains("Report KL-") {
        return Err(invalid(
            "this is not a Keyline report PDF: it is not signed and has no Keyline report id",
        ));
    }
    let draft = first.contains("DRAFT") && texts.iter().all(|t| t.contains("DRAFT"));
    let base = ReportCheck {
        matches: false,
        outcome: Outcome::Draft,
        record_id: printed_record_id(&first),
        inspection_id: None,
        service: None,
        fingerprint: None,
        signed_at: None,
        signer: None,
        message: String::new(),
        details: Vec::new(),
    };
    if draft {
        return Ok(ReportCheck {
            message: "NOT A RECORD: this is a DRAFT report; drafts are not signed, so there is nothing to verify. Export the report again once the inspection is signed off".to_string(),
            ..base
        });
    }
    let Some(app) = app else {
        return Ok(ReportCheck {
            outcome: Outcome::Unsigned,
            message: "NOT VERIFIED: this report is not signed (it was made before Keyline signed reports); it can only be checked on the machine whose database holds its record".to_string(),
            ..base
        });
    };
    let legacy = app.check_unsigned(pdf)?;
    Ok(ReportCheck {
        matches: legacy.matches,
        outcome: if legacy.matches {
            Outcome::Unsigned
        } else {
            Outcome::DatabaseDiffers
        },
        inspection_id: Some(legacy.inspection_id),
        fingerprint: legacy.fingerprint,
        message: format!(
            "{}{} (an unsigned report of Keyline 0.1, checked against this database)",
            if legacy.matches {
                "MATCHES THE DATABASE: "
            } else {
                "NOT VERIFIED: "
            },
            legacy.message
        ),
        ..base
    })
}

impl App {
    /// The signing identity sign-off uses, and the folder of the trusted list.
    /// An identity that cannot be read is an error, but the folder is used all the same
    /// (the trusted list still works, and sign-off says what is wrong with the identity).
    pub fn use_home(&mut self, home: Home) -> Result<()> {
        let identity = home.identity();
        self.home = Some(home);
        self.signer = identity?;
        Ok(())
    }

    /// Sets the signing identity directly (tests and the demo).
    pub fn use_identity(&mut self, identity: Identity) {
        self.signer = Some(identity);
    }

    /// Signs with a new identity made for this session only and kept nowhere: for tests,
    /// benchmarks and demonstrations, never for a person's sign-off.
    pub fn use_new_identity(&mut self, name: &str, organisation: &str) -> Result<Certificate> {
        let identity = Identity::generate(name, organisation, 1_763_942_400)
            .map_err(|e| invalid(e.to_string()))?;
        let cert = identity.certificate().clone();
        self.signer = Some(identity);
        Ok(cert)
    }

    /// The signer's certificate, if this app has a signing identity.
    pub fn identity_certificate(&self) -> Option<&Certificate> {
        self.signer.as_ref().map(|i| i.certificate())
    }

    /// Makes this user's signing identity in their Keyline folder and uses it from now on.
    pub fn create_identity(&mut self, name: &str, organisation: &str) -> Result<Certificate> {
        let home = self.home.clone().ok_or_else(|| {
            AppError::new(
                ErrorCode::Internal,
                "Keyline has no folder for your identity",
            )
        })?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        let identity = home.create_identity(name, organisation, now)?;
        let cert = identity.certificate().clone();
        self.signer = Some(identity);
        Ok(cert)
    }

    /// The user's Keyline folder, if set.
    pub fn home(&self) -> Option<&Home> {
        self.home.as_ref()
    }
}

impl App {
    /// What the Settings screen shows.
    pub fn settings(&self) -> Result<crate::dto::SettingsView> {
        let home = match &self.home {
            Some(h) => h.clone(),
            None => Home::locate(None)?,
        };
        let (sync_folder, last_sync) = self.sync_status()?;
        Ok(crate::dto::SettingsView {
            identity: self.signer.as_ref().map(|i| i.certificate().into()),
            trusted: home.trusted()?.iter().map(Into::into).collect(),
            home: home.dir().display().to_string(),
            sync_folder,
            last_sync,
        })
    }

    /// Trusts the signer of a certificate file (`.pem`), or of a signed report PDF.
    pub fn trust_file(&self, path: &std::path::Path) -> Result<crate::dto::Signer> {
        let home = self.home.clone().ok_or_else(|| {
            AppError::new(
                ErrorCode::Internal,
                "Keyline has no folder for your trusted list",
            )
        })?;
        let cert = signer_of_file(path)?;
        home.trust(&cert)?;
        Ok((&cert).into())
    }

    /// Stops trusting the signer whose certificate fingerprint starts with `prefix`.
    pub fn untrust(&self, prefix: &str) -> Result<crate::dto::Signer> {
        let home = self.home.clone().ok_or_else(|| {
            AppError::new(
                ErrorCode::Internal,
                "Keyline has no folder for your trusted list",
            )
        })?;
        Ok((&home.untrust(prefix)?).into())
    }

    /// Sets the folder this database syncs with (checked to be a folder).
    pub fn set_sync_folder(&mut self, folder: Option<&std::path::Path>) -> Result<()> {
        if let Some(f) = folder {
            if !f.is_dir() {
                return Err(invalid(format!("{} is not a folder", f.display())));
            }
        }
        let text = folder.map(|f| f.to_string_lossy().into_owned());
        self.store.set_setting("sync.folder", text.as_deref())?;
        Ok(())
    }
}

/// The certificate in a `.pem` file, or the signer's of a signed report PDF.
pub fn signer_of_file(path: &std::path::Path) -> Result<Certificate> {
    let bytes = crate::files::read(path, crate::files::REPORT_PDF)?;
    if bytes.starts_with(b"%PDF-") {
        let signed = keyline_sign::pdf::read(&bytes)
            .map_err(|e| invalid(format!("{}: {e}", path.display())))?
            .ok_or_else(|| invalid(format!("{} is not signed", path.display())))?;
        return Ok(signed.signer);
    }
    crate::identity::read_certificate(path)
}
