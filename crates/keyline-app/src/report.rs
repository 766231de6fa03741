//! The scored report: built from the database into `keyline_report`'s model and rendered to
//! PDF; and the check that a PDF is the signed-off record it claims to be.
//!
//! A signed-off inspection's report is dated at its sign-off and named after its record, so
//! exporting it again gives the same bytes. The report id names the inspection, which is how
//! `verify` finds the record a PDF claims to be.

use std::collections::HashMap;

use keyline_report::{PdfOptions, Report};

use crate::{dto, record, App, AppError, ErrorCode, Result};

fn report_error(e: keyline_report::ReportError) -> AppError {
    AppError::new(
        ErrorCode::Internal,
        format!("the report could not be made: {e}"),
    )
}

/// `KL-<inspection>-<first 12 of the fingerprint>`, or `-DRAFT-<time>` for a draft.
fn report_id(inspection_id: i64, fingerprint: Option<&str>, generated_at: &str) -> String {
    match fingerprint {
        Some(f) => format!("KL-{inspection_id}-{}", &f[..f.len().min(12)]),
        None => {
            let stamp: String = generated_at
                .chars()
                .filter(char::is_ascii_digit)
                .take(14)
                .collect();
            format!("KL-{inspection_id}-DRAFT-{stamp}")
        }
    }
}

/// The inspection a report id names.
fn inspection_of(report_id: &str) -> Option<i64> {
    report_id
        .strip_prefix("KL-")?
        .split('-')
        .next()?
        .parse()
        .ok()
}

impl App {
    /// The report's content, as the database holds it now.
    pub fn report_model(&self, inspection_id: i64) -> Result<Report> {
        match self.stored_record(inspection_id)? {
            Some(signed) => self.report_of(
                inspection_id,
                &signed,
                &*self.inspection_template(inspection_id)?,
            ),
            None => {
                let (record, template) = self.record_now(inspection_id)?;
                self.report_of(inspection_id, &record, &template)
            }
        }
    }

    /// The report of `record`, an inspection's record (signed or as it is now).
    fn report_of(
        &self,
        inspection_id: i64,
        record: &record::Record,
        template: &keyline_core::template::Template,
    ) -> Result<Report> {
        let fingerprint = self
            .store
            .sign_off_of(inspection_id)?
            .map(|s| s.fingerprint);
        let images = self.evidence_by_sha256(inspection_id)?;
        Ok(record::report_of(
            record,
            template,
            fingerprint.as_deref(),
            &|sha| images.get(sha).cloned(),
        ))
    }

    /// The bytes of an inspection's photos of evidence, by SHA-256.
    pub(crate) fn evidence_by_sha256(
        &self,
        inspection_id: i64,
    ) -> Result<HashMap<String, Vec<u8>>> {
        let mut images = HashMap::new();
        for e in self.store.evidence(inspection_id)? {
            if e.media_type.starts_with("image/") && !images.contains_key(&e.sha256) {
                let bytes = self.store.evidence_content(e.id)?.unwrap_or_default();
                images.insert(e.sha256, bytes);
            }
        }
        Ok(images)
    }

    /// The report as PDF bytes. `now` (RFC 3339) dates a draft; a signed-off report is dated
    /// at its sign-off, so the same record always gives the same bytes.
    pub fn export_pdf(&self, inspection_id: i64, now: &str) -> Result<dto::ExportedReport> {
        // A signed-off record's report was made and signed once, at sign-off (by the signer,
        // with their key): export gives exactly those bytes, wherever the record now is.
        if let Some(kept) = self.store.signed_record(inspection_id)? {
            if let Some(pdf) = kept.report_pdf {
                let record = record::kept_record(inspection_id, &kept.record)?;
                let at = record
                    .sign_off
                    .as_ref()
                    .map(|s| s.at.clone())
                    .unwrap_or_default();
                return Ok(dto::ExportedReport {
                    report_id: record.report_id(Some(&kept.record_sha256), &at),
                    signed_off: true,
                    bytes: pdf,
                });
            }
        }
        let sign_off = self.store.sign_off_of(inspection_id)?;
        let generated_at = match &sign_off {
            Some(s) => record::rfc3339(&s.signed_at),
            None => record::rfc3339(now),
        };
        // Reports signed off before signed records (Keyline 0.1) keep the ids they had.
        let (report, document_id) = match &sign_off {
            Some(s) => (
                self.report_model(inspection_id)?,
                report_id(inspection_id, Some(&s.fingerprint), &generated_at),
            ),
            None => {
                // A draft: the record as it is now, made once for the report and its id.
                let (record, template) = self.record_now(inspection_id)?;
                let id = record.report_id(None, &generated_at);
                (self.report_of(inspection_id, &record, &template)?, id)
            }
        };
        let bytes = keyline_report::render(
            &report,
            &PdfOptions {
                generated_at,
                document_id: document_id.clone(),
            },
        )
        .map_err(report_error)?;
        Ok(dto::ExportedReport {
            report_id: document_id,
            signed_off: sign_off.is_some(),
            bytes,
        })
    }

    /// Exports the report to a file, written whole or not at all. An existing file is
    /// replaced only with [`Overwrite::Replace`] (the desktop's save dialog has asked).
    pub fn export_pdf_to(
        &self,
        inspection_id: i64,
        now: &str,
        path: &std::path::Path,
        overwrite: Overwrite,
    ) -> Result<dto::ExportedReport> {
        let report = self.export_pdf(inspection_id, now)?;
        write_file_atomically(path, &report.bytes, overwrite)?;
        Ok(report)
    }

    /// Checks a report PDF: signed reports anywhere (see [`crate::verify::verify_pdf`]),
    /// with this database at hand.
    pub fn verify_report(&self, pdf: &[u8]) -> Result<crate::verify::ReportCheck> {
        let home = match &self.home {
            Some(h) => h.clone(),
            None => crate::identity::Home::locate(None)?,
        };
        crate::verify::verify_pdf(pdf, &home, Some(self))
    }

    /// Says whether an unsigned report of Keyline 0.1 is the signed-off record it names in
    /// this database, or how it differs.
    pub(crate) fn check_unsigned(&self, pdf: &[u8]) -> Result<dto::LegacyCheck> {
        let claim = read_claim(pdf)?;
        let inspection_id = inspection_of(&claim.report_id).ok_or_else(|| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("the report id {} is not one Keyline gives", claim.report_id),
            )
        })?;
        let stored = self.stored_inspection(inspection_id)?;
        let sign_off = self.store.sign_off_of(inspection_id)?;
        let (matches, message) = match (&claim.fingerprint, &sign_off) {
            (None, _) => (
                false,
                format!(
                    "{} is a DRAFT report of inspection {inspection_id} ({}), not a signed-off record",
                    claim.report_id, stored.service
                ),
            ),
            (Some(_), None) => (
                false,
                format!(
                    "the report claims to be the signed-off record of inspection {inspection_id}, but that inspection is not signed off in this database"
                ),
            ),
            (Some(claimed), Some(s)) => {
                let now = self.fingerprint_now(s)?;
                if *claimed == s.fingerprint && now == s.fingerprint {
                    (
                        true,
                        format!(
                            "{} is the signed-off record of inspection {inspection_id} ({}), signed off by {} and {} at {}; fingerprint {}",
                            claim.report_id, stored.service, s.inspector, s.reviewer, s.signed_at, s.fingerprint
                        ),
                    )
                } else if *claimed != s.fingerprint {
                    (
                        false,
                        format!(
                            "the report claims to be inspection {inspection_id} with fingerprint {claimed}, but the signed-off record's fingerprint is {}: they differ",
                            s.fingerprint
                        ),
                    )
                } else {
                    (
                        false,
                        format!(
                            "the report matches the fingerprint sealed at sign-off ({claimed}), but the database no longer does (now {now}): the record was changed behind Keyline's back"
                        ),
                    )
                }
            }
        };
        Ok(dto::LegacyCheck {
            matches,
            inspection_id,
            report_id: claim.report_id,
            fingerprint: claim.fingerprint,
            message,
        })
    }
}

struct Claim {
    report_id: String,
    fingerprint: Option<String>,
}

/// The most a report's first page may decompress to: a page of text is tens of KB.
const MAX_PAGE_CONTENT_BYTES: usize = 16 * 1024 * 1024;
/// The most any compressed object stream may decompress to while the PDF is read.
const MAX_OBJECT_STREAM_BYTES: usize = 16 * 1024 * 1024;
/// The most objects a report PDF may have: a report of hundreds of pages has thousands.
const MAX_PDF_OBJECTS: usize = 200_000;

/// The report id and fingerprint a PDF prints on its first page. The PDF is read with
/// limits (decompressed size, object count, and the parser's own nesting limit), so a
/// crafted file is refused quickly instead of filling memory.
fn read_claim(pdf: &[u8]) -> Result<Claim> {
    if !pdf.starts_with(b"%PDF-") {
        return Err(unreadable("it does not start as a PDF does".to_string()));
    }
    let refuse = |e: lopdf::Error| unreadable(pdf_problem(e));
    let doc = lopdf::Document::load_mem_with_options(
        pdf,
        lopdf::LoadOptions::with_max_decompressed_size(MAX_OBJECT_STREAM_BYTES),
    )
    .map_err(refuse)?;
    if doc.objects.len() > MAX_PDF_OBJECTS {
        return Err(unreadable(format!(
            "it has {} objects, more than a report ever has ({MAX_PDF_OBJECTS})",
            doc.objects.len()
        )));
    }
    let text = doc
        .extract_text_with_limit(&[1], MAX_PAGE_CONTENT_BYTES)
        .map_err(refuse)?;
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let report_id = flat
        .split("Report KL-")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .map(|id| format!("KL-{id}"))
        .ok_or_else(|| unreadable("it has no Keyline report id".to_string()))?;
    // Keyline 0.1 printed the fingerprint in every page's footer; later reports print it,
    // in groups of four, on the last page ("About this report").
    let last = u32::try_from(doc.get_pages().len()).unwrap_or(1).max(1);
    let last_text = if last == 1 {
        String::new()
    } else {
        doc.extract_text_with_limit(&[last], MAX_PAGE_CONTENT_BYTES)
            .map_err(refuse)?
    };
    let flat_all = format!(
        "{flat} {}",
        last_text.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    let fingerprint = [
        "Record fingerprint (SHA-256): ",
        "Record fingerprint SHA-256 ",
    ]
    .iter()
    .find_map(|marker| flat_all.split(marker).nth(1))
    .map(|rest| {
        rest.chars()
            .take_while(|c| c.is_ascii_hexdigit() || *c == ' ')
            .filter(char::is_ascii_hexdigit)
            .take(64)
            .collect::<String>()
    })
    .filter(|f| f.len() == 64);
    Ok(Claim {
        report_id,
        fingerprint,
    })
}

fn unreadable(why: String) -> AppError {
    AppError::new(
        ErrorCode::InvalidInput,
        format!("this is not a Keyline report PDF: {why}"),
    )
}

/// What went wrong reading a PDF, in words; a limit that was reached says so.
fn pdf_problem(e: lopdf::Error) -> String {
    match e {
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { limit }) => format!(
            "its content unpacks to more than any report holds (over {}), so it was not read further",
            crate::files::human_size(limit as u64)
        ),
        other => other.to_string(),
    }
}

/// Whether writing a file may replace one already there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Refuse if the file exists (the CLI without `--force`).
    Refuse,
    /// Replace it (the user has said so).
    Replace,
}

/// Writes `bytes` to `path` through a temporary file beside it, so a failure (a full disk)
/// never leaves a half-written file under the real name. The file gets the permissions the
/// user's umask gives a new file, as any program's output would.
pub fn write_file_atomically(
    path: &std::path::Path,
    bytes: &[u8],
    overwrite: Overwrite,
) -> Result<()> {
    use std::io::Write;
    write_atomically_with(path, overwrite, |file| {
        file.write_all(bytes).map_err(|e| {
            AppError::new(
                ErrorCode::Io,
                format!("cannot write {}: {e}", path.display()),
            )
        })
    })
}

/// [`write_file_atomically`] for content written by `fill` into the temporary file.
pub(crate) fn write_atomically_with(
    path: &std::path::Path,
    overwrite: Overwrite,
    fill: impl FnOnce(&mut std::fs::File) -> Result<()>,
) -> Result<()> {
    let fail = |e: std::io::Error| {
        AppError::new(
            ErrorCode::Io,
            format!("cannot write {}: {e}", path.display()),
        )
    };
    let exists = || {
        AppError::new(
            ErrorCode::Conflict,
            format!(
                "{} already exists; choose another name, or replace it with --force",
                path.display()
            ),
        )
    };
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    if !dir.is_dir() {
        return Err(AppError::new(
            ErrorCode::Io,
            format!(
                "cannot write {}: the folder {} does not exist",
                path.display(),
                dir.display()
            ),
        ));
    }
    if path.is_dir() {
        return Err(AppError::new(
            ErrorCode::Io,
            format!("cannot write {}: it is a folder", path.display()),
        ));
    }
    if overwrite == Overwrite::Refuse && path.symlink_metadata().is_ok() {
        return Err(exists());
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".keyline-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The mode asked for at creation; the kernel takes the umask off it.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(fail)?;
    fill(tmp.as_file_mut())?;
    tmp.as_file().sync_all().map_err(fail)?;
    match overwrite {
        Overwrite::Replace => tmp.persist(path).map(drop).map_err(|e| fail(e.error)),
        Overwrite::Refuse => tmp.persist_noclobber(path).map(drop).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                exists()
            } else {
                fail(e.error)
            }
        }),
    }
}
