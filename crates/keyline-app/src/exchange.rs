//! Records that travel: signed-record files, bundles, and sync folders.
//!
//! A **signed-record file** is JSON: `{"keyline": "signed-record/1", "record": {...},
//! "signature": "<hex DER ECDSA P-256 SHA-256 over the record's RFC 8785 bytes>",
//! "certificate": "<the signer's X.509 certificate, PEM>"}`.
//!
//! A **bundle** (`.keyline`) is a zip holding exactly:
//!
//! ```text
//! manifest.json                    {"keyline": "bundle/1", "records": [...], "templates": [...], "evidence": [...]}
//! records/<global id>.json         signed-record files
//! reports/<global id>.pdf          each record's signed report, where it has one
//! templates/<sha256>.json          the exact text of every template version the records follow
//! evidence/<sha256>                every evidence file the records name
//! ```
//!
//! Import reads a bundle twice: first it checks every signature and every hash (and that
//! each template is valid and each record's answers fit it) without writing; then it writes
//! every new record in one transaction, and re-checks that each one reads back from the
//! database as exactly the bytes that were signed. Anything wrong refuses the whole bundle
//! and nothing is written. A record already here with the same bytes is skipped; with other
//! bytes, refused.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use keyline_core::template::{self, Template};
use keyline_sign::Certificate;
use keyline_store::{
    ArrivingInspection, NewAction, NewInspection, NewSignedRecord, Origin, SealFacts,
};
use serde::{Deserialize, Serialize};

use crate::files::{self, human_size};
use crate::identity::Trust;
use crate::record::{Record, FINGERPRINT_FORMAT_RECORD};
use crate::{dto, App, AppError, ErrorCode, Result};

/// The format tag of a signed-record file.
pub const SIGNED_RECORD_FORMAT: &str = "signed-record/1";
/// The format tag of a bundle's manifest.
pub const BUNDLE_FORMAT: &str = "bundle/1";
/// The most entries a bundle may hold.
const MAX_ENTRIES: usize = 1_000_000;
/// The most evidence one import holds in memory while it checks it (all of it is checked
/// before anything is written).
const MAX_EVIDENCE_HELD: u64 = 1024 * 1024 * 1024;
/// The most a report PDF in a bundle may be.
const MAX_REPORT_BYTES: u64 = files::REPORT_PDF.max_bytes;

fn invalid(message: impl Into<String>) -> AppError {
    AppError::new(ErrorCode::InvalidInput, message)
}

/// A signed record as it travels.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedRecordFile {
    /// [`SIGNED_RECORD_FORMAT`].
    pub keyline: String,
    pub record: serde_json::Value,
    /// Hex DER.
    pub signature: String,
    /// PEM.
    pub certificate: String,
}

/// A signed record whose signature has been checked.
#[derive(Debug, Clone)]
pub struct Checked {
    pub record: Record,
    /// The exact bytes that were signed.
    pub bytes: Vec<u8>,
    pub signature: Vec<u8>,
    pub certificate: Certificate,
}

impl SignedRecordFile {
    pub fn new(record_bytes: &[u8], signature: &[u8], certificate: &Certificate) -> Result<Self> {
        let record = serde_json::from_slice(record_bytes).map_err(|e| {
            AppError::new(
                ErrorCode::Internal,
                format!("the record does not read: {e}"),
            )
        })?;
        Ok(SignedRecordFile {
            keyline: SIGNED_RECORD_FORMAT.to_string(),
            record,
            signature: hex::encode(signature),
            certificate: certificate.to_pem(),
        })
    }

    pub fn to_json(&self) -> Result<Vec<u8>> {
        serde_json::to_vec_pretty(self).map_err(|e| {
            AppError::new(
                ErrorCode::Internal,
                format!("cannot encode the record: {e}"),
            )
        })
    }

    /// Reads a signed-record file. `origin` names it in messages.
    pub fn parse(origin: &str, bytes: &[u8]) -> Result<SignedRecordFile> {
        let file: SignedRecordFile = serde_json::from_slice(bytes)
            .map_err(|e| invalid(format!("{origin} is not a Keyline signed record: {e}")))?;
        if file.keyline != SIGNED_RECORD_FORMAT {
            return Err(invalid(format!(
                "{origin} is a Keyline file of kind \"{}\", which this version does not read (it reads {SIGNED_RECORD_FORMAT}); upgrade Keyline",
                file.keyline
            )));
        }
        Ok(file)
    }

    /// Checks the signature over the record's canonical bytes, and that the record names
    /// the certificate that signed it.
    pub fn check(&self, origin: &str) -> Result<Checked> {
        let certificate = Certificate::from_pem(&self.certificate).map_err(|e| {
            invalid(format!(
                "{origin}: the signer's certificate does not read: {e}"
            ))
        })?;
        let bytes = serde_json_canonicalizer::to_vec(&self.record)
            .map_err(|e| invalid(format!("{origin}: the record is not canonical JSON: {e}")))?;
        let signature = hex::decode(self.signature.trim())
            .map_err(|_| invalid(format!("{origin}: the signature is not hex")))?;
        certificate.verify(&bytes, &signature).map_err(|e| {
            invalid(format!(
                "{origin}: the signature does not match the record ({e}): it was changed after signing, or signed with another key"
            ))
        })?;
        let record = Record::parse(self.record.clone())
            .map_err(|e| invalid(format!("{origin}: {}", e.message)))?;
        let Some(signer) = &record.signer else {
            return Err(invalid(format!("{origin}: the record names no signer")));
        };
        if signer.certificate_sha256 != certificate.fingerprint() {
            return Err(invalid(format!(
                "{origin}: the record names signer certificate {}, but was signed with {} ({}, {})",
                crate::identity::short(&signer.certificate_sha256),
                crate::identity::short(&certificate.fingerprint()),
                certificate.name(),
                certificate.organisation()
            )));
        }
        if record.sign_off.is_none() || record.score.is_none() || record.renderer.is_none() {
            return Err(invalid(format!(
                "{origin}: the record is not a signed-off record (it lacks its sign-off, score or renderer)"
            )));
        }
        uuid::Uuid::parse_str(&record.id)
            .map_err(|_| invalid(format!("{origin}: \"{}\" is not a global id", record.id)))?;
        Ok(Checked {
            record,
            bytes,
            signature,
            certificate,
        })
    }
}

/// What a bundle's manifest lists.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub keyline: String,
    pub records: Vec<ManifestRecord>,
    pub templates: Vec<ManifestTemplate>,
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestRecord {
    pub id: String,
    /// SHA-256 of the record's canonical bytes.
    pub sha256: String,
    pub report: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestTemplate {
    pub id: String,
    pub version: String,
    pub sha256: String,
}

/// Which signed records a bundle holds.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Local inspection numbers; empty for every signed record.
    pub inspections: Vec<i64>,
    /// Only records signed off on or after this date (`YYYY-MM-DD`).
    pub since: Option<String>,
    /// Only records of this template id.
    pub template: Option<String>,
}

/// One incoming record, checked and with everything it needs.
struct Incoming {
    checked: Checked,
    report: Option<Vec<u8>>,
    origin: String,
}

/// What one record in an import was.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Fate {
    New,
    AlreadyHere,
}

/// Reads the entries of a bundle with limits.
struct BundleReader<R: Read + Seek> {
    zip: zip::ZipArchive<R>,
    origin: String,
}

impl<R: Read + Seek> BundleReader<R> {
    fn new(reader: R, origin: &str) -> Result<Self> {
        let zip = zip::ZipArchive::new(reader).map_err(|e| {
            invalid(format!(
                "{origin} is not a Keyline bundle (a zip file): {e}"
            ))
        })?;
        if zip.len() > MAX_ENTRIES {
            return Err(invalid(format!(
                "{origin} holds {} files, more than any bundle does ({MAX_ENTRIES})",
                zip.len()
            )));
        }
        let mut known = true;
        let mut strange = String::new();
        for name in zip.file_names() {
            let name =
                name.map_err(|e| invalid(format!("{origin} is not a Keyline bundle: {e}")))?;
            if !entry_name_is_known(&name) {
                known = false;
                strange = name.to_string();
                break;
            }
        }
        if !known {
            return Err(invalid(format!(
                "{origin} is not a Keyline bundle: it holds \"{strange}\", which a bundle never does"
            )));
        }
        Ok(BundleReader {
            zip,
            origin: origin.to_string(),
        })
    }

    fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// One entry's bytes, at most `limit` of them (whatever its header claims).
    fn read(&mut self, name: &str, limit: u64) -> Result<Vec<u8>> {
        let origin = self.origin.clone();
        let mut entry = self
            .zip
            .by_name(name)
            .map_err(|e| invalid(format!("{origin}: {name} is missing or unreadable: {e}")))?;
        if entry.size() > limit {
            return Err(invalid(format!(
                "{origin}: {name} is {}, more than such a file may be ({})",
                human_size(entry.size()),
                human_size(limit)
            )));
        }
        let mut bytes = Vec::with_capacity(entry.size() as usize);
        (&mut entry)
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| invalid(format!("{origin}: {name} does not unpack: {e}")))?;
        if bytes.len() as u64 > limit {
            return Err(invalid(format!(
                "{origin}: {name} unpacks to more than such a file may be ({})",
                human_size(limit)
            )));
        }
        Ok(bytes)
    }
}

fn is_hex64(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn entry_name_is_known(name: &str) -> bool {
    if name == "manifest.json" {
        return true;
    }
    let is_uid = |s: &str| s.len() == 36 && uuid::Uuid::parse_str(s).is_ok();
    if let Some(rest) = name.strip_prefix("records/") {
        return rest.strip_suffix(".json").is_some_and(is_uid);
    }
    if let Some(rest) = name.strip_prefix("reports/") {
        return rest.strip_suffix(".pdf").is_some_and(is_uid);
    }
    if let Some(rest) = name.strip_prefix("templates/") {
        return rest.strip_suffix(".json").is_some_and(is_hex64);
    }
    if let Some(rest) = name.strip_prefix("evidence/") {
        return is_hex64(rest);
    }
    false
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    /// Records new to this database, in the order imported.
    pub imported: Vec<dto::RecordOrigin>,
    /// Records that were here already, byte for byte.
    pub already_here: u32,
    /// Template versions added (`id version`).
    pub templates_added: Vec<String>,
}

/// What an export of a bundle wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct BundleReport {
    pub records: u32,
    pub reports: u32,
    pub templates: u32,
    pub evidence: u32,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncReport {
    /// Records of this database written to the folder.
    pub written: u32,
    /// Records from the folder new to this database.
    pub imported: u32,
    /// Files in the folder whose records were here already.
    pub already_here: u32,
    /// Files refused, with why (nothing of them was imported).
    pub refused: Vec<String>,
    /// When the sync ended (RFC 3339).
    pub at: String,
}

impl App {
    /// Writes a bundle of signed records (all, or those `selection` names) to `path`,
    /// whole or not at all.
    pub fn export_bundle(
        &self,
        path: &Path,
        selection: &Selection,
        overwrite: crate::Overwrite,
    ) -> Result<BundleReport> {
        let ids = self.select_records(selection)?;
        if ids.is_empty() {
            return Err(invalid(
                "there are no signed records to export: only signed-off inspections with a signed record travel (see `keyline inspections list`)",
            ));
        }
        let mut report = None;
        crate::report::write_atomically_with(path, overwrite, |file| {
            report = Some(self.write_bundle(file, &ids)?);
            Ok(())
        })?;
        let report = report
            .ok_or_else(|| AppError::new(ErrorCode::Internal, "the bundle was not written"))?;
        Ok(report)
    }

    /// The inspections (local numbers) whose signed records `selection` names.
    fn select_records(&self, selection: &Selection) -> Result<Vec<i64>> {
        let all = self.store.signed_records()?;
        for id in &selection.inspections {
            if !all.iter().any(|r| r.inspection_id == *id) {
                self.stored_inspection(*id)?;
                return Err(invalid(format!(
                    "inspection {id} has no signed record to export: it is not signed off, or was signed off before records were signed (Keyline 0.1)"
                )));
            }
        }
        if let Some(since) = &selection.since {
            if !keyline_core::scoring::is_calendar_date(since) {
                return Err(invalid(format!(
                    "\"{since}\" is not a date: give YYYY-MM-DD"
                )));
            }
        }
        Ok(all
            .into_iter()
            .filter(|r| {
                selection.inspections.is_empty() || selection.inspections.contains(&r.inspection_id)
            })
            .filter(|r| {
                selection
                    .since
                    .as_deref()
                    .is_none_or(|d| r.signed_at.as_str() >= d)
            })
            .filter(|r| {
                selection
                    .template
                    .as_deref()
                    .is_none_or(|t| r.template_id == t)
            })
            .map(|r| r.inspection_id)
            .collect())
    }

    fn write_bundle<W: Write + Seek>(&self, out: W, ids: &[i64]) -> Result<BundleReport> {
        let io = |e: zip::result::ZipError| {
            AppError::new(ErrorCode::Io, format!("cannot write the bundle: {e}"))
        };
        let ioe = |e: std::io::Error| {
            AppError::new(ErrorCode::Io, format!("cannot write the bundle: {e}"))
        };
        let mut zip = zip::ZipWriter::new(out);
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default())
            .large_file(false);
        let stored = deflated.compression_method(zip::CompressionMethod::Stored);
        let mut manifest = Manifest {
            keyline: BUNDLE_FORMAT.to_string(),
            ..Manifest::default()
        };
        let mut templates: BTreeMap<String, ManifestTemplate> = BTreeMap::new();
        let mut evidence: BTreeSet<String> = BTreeSet::new();
        let mut report = BundleReport {
            records: 0,
            reports: 0,
            templates: 0,
            evidence: 0,
            bytes: 0,
        };
        for id in ids {
            let Some(kept) = self.store.signed_record(*id)? else {
                continue;
            };
            let cert = Certificate::from_der(&kept.certificate).map_err(|e| {
                AppError::new(
                    ErrorCode::Database,
                    format!("inspection {id}: the stored certificate does not read: {e}"),
                )
            })?;
            let file = SignedRecordFile::new(&kept.record, &kept.signature, &cert)?;
            zip.start_file(format!("records/{}.json", kept.uid), deflated)
                .map_err(io)?;
            zip.write_all(&file.to_json()?).map_err(ioe)?;
            if let Some(pdf) = &kept.report_pdf {
                zip.start_file(format!("reports/{}.pdf", kept.uid), stored)
                    .map_err(io)?;
                zip.write_all(pdf).map_err(ioe)?;
                report.reports += 1;
            }
            manifest.records.push(ManifestRecord {
                id: kept.uid.clone(),
                sha256: kept.record_sha256.clone(),
                report: kept.report_pdf.is_some(),
            });
            report.records += 1;
            let i = self.stored_inspection(*id)?;
            let t = self.stored_template_text(&i.template_id, &i.template_version)?;
            let sha = keyline_store::sha256_hex(t.as_bytes());
            if !templates.contains_key(&sha) {
                zip.start_file(format!("templates/{sha}.json"), deflated)
                    .map_err(io)?;
                zip.write_all(t.as_bytes()).map_err(ioe)?;
                templates.insert(
                    sha.clone(),
                    ManifestTemplate {
                        id: i.template_id.clone(),
                        version: i.template_version.clone(),
                        sha256: sha,
                    },
                );
            }
            for e in self.store.evidence(*id)? {
                if evidence.insert(e.sha256.clone()) {
                    let bytes = self.store.evidence_content(e.id)?.unwrap_or_default();
                    zip.start_file(format!("evidence/{}", e.sha256), deflated)
                        .map_err(io)?;
                    zip.write_all(&bytes).map_err(ioe)?;
                }
            }
        }
        report.templates = templates.len() as u32;
        report.evidence = evidence.len() as u32;
        manifest.templates = templates.into_values().collect();
        manifest.evidence = evidence.into_iter().collect();
        zip.start_file("manifest.json", deflated).map_err(io)?;
        zip.write_all(
            &serde_json::to_vec_pretty(&manifest)
                .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?,
        )
        .map_err(ioe)?;
        let mut out = zip.finish().map_err(io)?;
        report.bytes = out.stream_position().map_err(ioe)?;
        Ok(report)
    }

    fn stored_template_text(&self, id: &str, version: &str) -> Result<String> {
        Ok(self
            .store
            .template(id, Some(version))?
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotFound,
                    format!("template {id} {version} is missing"),
                )
            })?
            .content)
    }

    /// Imports a bundle (`.keyline`) or a signed report PDF: all of it, or (on any
    /// problem) nothing.
    pub fn import_file(&mut self, path: &Path) -> Result<ImportReport> {
        let origin = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        let meta = files::check_ordinary(path)?;
        let mut file = File::open(path).map_err(|e| {
            AppError::new(
                ErrorCode::Io,
                format!("cannot read {}: {e}", path.display()),
            )
        })?;
        let mut magic = [0u8; 5];
        let n = file.read(&mut magic).unwrap_or(0);
        if magic[..n].starts_with(b"%PDF-") {
            drop(file);
            let pdf = files::read(path, files::REPORT_PDF)?;
            return self.import_report(&origin, &pdf);
        }
        if !magic[..n].starts_with(b"PK\x03\x04") {
            return Err(invalid(format!(
                "{origin} is neither a Keyline bundle (.keyline) nor a report PDF"
            )));
        }
        if meta.len() > files::BUNDLE.max_bytes {
            return Err(invalid(format!(
                "{origin} is {}, more than a bundle may be ({}); export smaller bundles (by --since or --template)",
                human_size(meta.len()),
                human_size(files::BUNDLE.max_bytes)
            )));
        }
        file.rewind()
            .map_err(|e| AppError::new(ErrorCode::Io, e.to_string()))?;
        let mut reader = BundleReader::new(std::io::BufReader::new(file), &origin)?;
        self.import_bundle(&mut reader)
    }

    fn import_bundle<R: Read + Seek>(
        &mut self,
        reader: &mut BundleReader<R>,
    ) -> Result<ImportReport> {
        let origin = reader.origin.clone();
        let manifest_bytes = reader.read("manifest.json", files::RECORD.max_bytes)?;
        let manifest: Manifest = serde_json::from_slice(&manifest_bytes)
            .map_err(|e| invalid(format!("{origin}: the manifest does not read: {e}")))?;
        if manifest.keyline != BUNDLE_FORMAT {
            return Err(invalid(format!(
                "{origin} is a bundle of format \"{}\", which this version does not read (it reads {BUNDLE_FORMAT}); upgrade Keyline",
                manifest.keyline
            )));
        }
        // Templates: each valid, and its name its hash.
        let mut templates: HashMap<String, (Template, String)> = HashMap::new();
        for t in &manifest.templates {
            let name = format!("templates/{}.json", t.sha256);
            let bytes = reader.read(&name, files::TEMPLATE.max_bytes)?;
            if keyline_store::sha256_hex(&bytes) != t.sha256 {
                return Err(invalid(format!(
                    "{origin}: {name} is not the file its name says (its SHA-256 differs)"
                )));
            }
            let parsed = template::parse(&bytes).map_err(|problems| {
                invalid(format!(
                    "{origin}: template {} {} is not valid:\n{}",
                    t.id,
                    t.version,
                    crate::problems_text(&name, &problems)
                ))
            })?;
            let text = String::from_utf8(bytes)
                .map_err(|_| invalid(format!("{origin}: {name} is not UTF-8")))?;
            templates.insert(t.sha256.clone(), (parsed, text));
        }
        // Records: signatures, hashes, their templates and evidence.
        let mut incoming = Vec::new();
        let mut seen = BTreeSet::new();
        for m in &manifest.records {
            let name = format!("records/{}.json", m.id);
            if !seen.insert(m.id.clone()) {
                return Err(invalid(format!(
                    "{origin}: record {} is listed twice",
                    m.id
                )));
            }
            let file = SignedRecordFile::parse(
                &format!("{origin}: {name}"),
                &reader.read(&name, files::RECORD.max_bytes)?,
            )?;
            let checked = file.check(&format!("{origin}: {name}"))?;
            if checked.record.id != m.id || keyline_store::sha256_hex(&checked.bytes) != m.sha256 {
                return Err(invalid(format!(
                    "{origin}: {name} is not the record the manifest lists"
                )));
            }
            let report_name = format!("reports/{}.pdf", m.id);
            let report = if m.report || reader.has(&report_name) {
                let pdf = reader.read(&report_name, MAX_REPORT_BYTES)?;
                check_report_of(&format!("{origin}: {report_name}"), &pdf, &checked)?;
                Some(pdf)
            } else {
                None
            };
            incoming.push(Incoming {
                checked,
                report,
                origin: origin.clone(),
            });
        }
        let needed_evidence: BTreeSet<&str> = incoming
            .iter()
            .flat_map(|i| i.checked.record.evidence.iter().map(|e| e.sha256.as_str()))
            .collect();
        let mut evidence: HashMap<String, Vec<u8>> = HashMap::new();
        let mut held: u64 = 0;
        for sha in needed_evidence {
            let name = format!("evidence/{sha}");
            if !reader.has(&name) {
                return Err(invalid(format!("{origin}: evidence file {sha} is missing")));
            }
            let bytes = reader.read(&name, files::EVIDENCE.max_bytes)?;
            held += bytes.len() as u64;
            if held > MAX_EVIDENCE_HELD {
                return Err(invalid(format!(
                    "{origin} holds more evidence than one import takes ({}); export it in smaller bundles (--since, --template or --inspection)",
                    human_size(MAX_EVIDENCE_HELD)
                )));
            }
            if keyline_store::sha256_hex(&bytes) != sha {
                return Err(invalid(format!("{origin}: evidence file {name} is not the file its name says (its SHA-256 differs): it was swapped or damaged")));
            }
            evidence.insert(sha.to_string(), bytes);
        }
        self.import_checked(incoming, &templates, &evidence)
    }

    /// Imports a signed report PDF: its embedded record, template and photos.
    fn import_report(&mut self, origin: &str, pdf: &[u8]) -> Result<ImportReport> {
        let embedded = crate::verify::embedded(origin, pdf)?;
        let checked = embedded.record.check(origin)?;
        check_report_of(origin, pdf, &checked)?;
        let template = template::parse(embedded.template.as_bytes()).map_err(|problems| {
            invalid(format!(
                "{origin}: the embedded template is not valid:\n{}",
                crate::problems_text(origin, &problems)
            ))
        })?;
        let sha = keyline_store::sha256_hex(embedded.template.as_bytes());
        let mut evidence = HashMap::new();
        for (sha, bytes) in embedded.images {
            evidence.insert(sha, bytes);
        }
        let missing: Vec<&str> = checked
            .record
            .evidence
            .iter()
            .filter(|e| !evidence.contains_key(&e.sha256))
            .map(|e| e.file_name.as_str())
            .collect();
        if !missing.is_empty() {
            return Err(invalid(format!(
                "{origin}: the report shows its record but does not carry these evidence files: {}. Import the record from a bundle (keyline bundle export) to bring them",
                missing.join(", ")
            )));
        }
        let templates = HashMap::from([(sha, (template, embedded.template))]);
        self.import_checked(
            vec![Incoming {
                checked,
                report: Some(pdf.to_vec()),
                origin: origin.to_string(),
            }],
            &templates,
            &evidence,
        )
    }

    /// Writes checked records in one transaction (or nothing).
    fn import_checked(
        &mut self,
        incoming: Vec<Incoming>,
        templates: &HashMap<String, (Template, String)>,
        evidence: &HashMap<String, Vec<u8>>,
    ) -> Result<ImportReport> {
        // Everything that can be decided before writing is decided here.
        let mut fates = Vec::with_capacity(incoming.len());
        for inc in &incoming {
            let r = &inc.checked.record;
            let fate = match self.store.signed_record_by_uid(&r.id)? {
                Some(here) if here.record == inc.checked.bytes => Fate::AlreadyHere,
                Some(here) => {
                    return Err(AppError::new(
                        ErrorCode::Conflict,
                        format!(
                            "{}: record {} ({}, signed by {} of {}) is already here with different content (signed by {} of {}); a signed record has one true content, so the bundle was not imported",
                            inc.origin,
                            r.id,
                            r.service,
                            inc.checked.certificate.name(),
                            inc.checked.certificate.organisation(),
                            here.signer_name,
                            here.signer_organisation
                        ),
                    ))
                }
                None => {
                    if let Some(local) = self.store.inspection_by_uid(&r.id)? {
                        return Err(AppError::new(
                            ErrorCode::Conflict,
                            format!(
                                "{}: record {} is inspection {} here, which has no signed record of its own; the bundle was not imported",
                                inc.origin, r.id, local.id
                            ),
                        ));
                    }
                    Fate::New
                }
            };
            if fate == Fate::New {
                let (template, _) = self.template_for(r, templates, &inc.origin)?;
                for (item, answer) in &r.answers {
                    let it = template.find_item(item).ok_or_else(|| {
                        invalid(format!(
                            "{}: record {} answers \"{item}\", which template {} {} has not",
                            inc.origin, r.id, r.template.id, r.template.version
                        ))
                    })?;
                    keyline_core::scoring::check_answer(&template, it, answer)
                        .map_err(|e| invalid(format!("{}: record {}: {e}", inc.origin, r.id)))?;
                }
                for e in &r.evidence {
                    let Some(bytes) = evidence.get(&e.sha256) else {
                        return Err(invalid(format!(
                            "{}: evidence {} of record {} is missing",
                            inc.origin, e.file_name, r.id
                        )));
                    };
                    if bytes.len() as u64 != e.size {
                        return Err(invalid(format!(
                            "{}: evidence {} of record {} is not the size the record says",
                            inc.origin, e.file_name, r.id
                        )));
                    }
                }
            }
            fates.push(fate);
        }
        let result =
            self.atomically(|app| app.write_imports(&incoming, &fates, templates, evidence));
        if result.is_err() {
            // Template versions added in the rolled-back transaction are gone again.
            self.templates.borrow_mut().clear();
            self.template_sha256.borrow_mut().clear();
        }
        result
    }

    fn template_for(
        &self,
        r: &Record,
        templates: &HashMap<String, (Template, String)>,
        origin: &str,
    ) -> Result<(std::sync::Arc<Template>, Option<String>)> {
        let here = match self.template_sha256(&r.template.id, &r.template.version) {
            Ok(sha) => Some(sha),
            Err(e) if e.code == ErrorCode::NotFound => None,
            Err(e) => return Err(e),
        };
        match here {
            Some(sha) if sha == r.template.sha256 => {
                Ok((self.template(&r.template.id, Some(&r.template.version))?, None))
            }
            Some(_) => Err(AppError::new(
                ErrorCode::Conflict,
                format!(
                    "{origin}: record {} follows template {} {}, which is here with different content; the same id and version must be the same template",
                    r.id, r.template.id, r.template.version
                ),
            )),
            None => match templates.get(&r.template.sha256) {
                Some((t, text)) if t.id == r.template.id && t.version == r.template.version => {
                    Ok((std::sync::Arc::new(t.clone()), Some(text.clone())))
                }
                _ => Err(invalid(format!(
                    "{origin}: record {} follows template {} {}, which is neither here nor in the file",
                    r.id, r.template.id, r.template.version
                ))),
            },
        }
    }

    fn write_imports(
        &mut self,
        incoming: &[Incoming],
        fates: &[Fate],
        templates: &HashMap<String, (Template, String)>,
        evidence: &HashMap<String, Vec<u8>>,
    ) -> Result<ImportReport> {
        let mut report = ImportReport::default();
        let trust = self.trust_view()?;
        for (inc, fate) in incoming.iter().zip(fates) {
            if *fate == Fate::AlreadyHere {
                report.already_here += 1;
                continue;
            }
            let r = &inc.checked.record;
            let (template, text) = self.template_for(r, templates, &inc.origin)?;
            if let Some(text) = text {
                self.store.insert_template(&template, &text, false)?;
                report
                    .templates_added
                    .push(format!("{} {}", template.id, template.version));
            }
            let amends = match &r.amends {
                Some(uid) => self.store.inspection_by_uid(uid)?.map(|i| i.id),
                None => None,
            };
            let mut responses = Vec::with_capacity(r.answers.len());
            for (item, answer) in &r.answers {
                let json = serde_json::to_string(answer)
                    .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
                responses.push((item.as_str(), json));
            }
            let id = self.store.insert_arriving(&ArrivingInspection {
                inspection: NewInspection {
                    template_id: r.template.id.clone(),
                    template_version: r.template.version.clone(),
                    service: r.service.clone(),
                    site: r.site.clone(),
                    trust: r.trust.clone(),
                    kind: r.kind.clone(),
                    date: Some(r.date.clone()),
                    team: r.team.clone(),
                    amends,
                },
                uid: &r.id,
                responses,
                notes: r
                    .notes
                    .iter()
                    .map(|(i, t)| (i.as_str(), t.as_str()))
                    .collect(),
                overrides: r
                    .overrides
                    .iter()
                    .map(|(s, m)| (s.as_str(), m.rating.as_str(), m.justification.as_str()))
                    .collect(),
                evidence: r
                    .evidence
                    .iter()
                    .map(|e| {
                        (
                            e.item.as_str(),
                            e.file_name.as_str(),
                            e.media_type.as_str(),
                            evidence[&e.sha256].as_slice(),
                        )
                    })
                    .collect(),
                actions: r
                    .actions
                    .iter()
                    .map(|a| {
                        (
                            NewAction {
                                inspection_id: 0,
                                item_id: a.item.clone(),
                                title: a.title.clone(),
                                owner: a.owner.clone(),
                                due_date: a.due_date.clone(),
                                priority: a.priority.clone(),
                                regulations: a.regulations.clone(),
                            },
                            a.status.as_str(),
                        )
                    })
                    .collect(),
            })?;
            let sign_off = r
                .sign_off
                .as_ref()
                .ok_or_else(|| invalid("the record has no sign-off"))?;
            let fingerprint = keyline_store::sha256_hex(&inc.checked.bytes);
            let cert = &inc.checked.certificate;
            self.store.seal(
                id,
                &SealFacts {
                    inspector: &sign_off.inspector,
                    reviewer: &sign_off.reviewer,
                    signed_at: Some(&sign_off.at),
                    fingerprint: &fingerprint,
                    fingerprint_format: FINGERPRINT_FORMAT_RECORD,
                },
                Some(&NewSignedRecord {
                    uid: &r.id,
                    record: &inc.checked.bytes,
                    signature: &inc.checked.signature,
                    certificate: cert.der(),
                    signer_name: cert.name(),
                    signer_organisation: cert.organisation(),
                    signer_fingerprint: &cert.fingerprint(),
                    report_pdf: inc.report.as_deref(),
                    origin: Origin::Imported,
                    imported_from: Some(&inc.origin),
                }),
            )?;
            // The rows must say exactly what was signed, score included.
            let now = self.sealed_record_now(r, id)?;
            if now.canonical()? != inc.checked.bytes {
                return Err(invalid(format!(
                    "{}: record {} does not read back as it was signed (its score or content disagrees with what Keyline computes from it); nothing was imported",
                    inc.origin, r.id
                )));
            }
            report
                .imported
                .push(self.record_origin_with(id, &trust)?.ok_or_else(|| {
                    AppError::new(ErrorCode::Internal, "the imported record vanished")
                })?);
        }
        Ok(report)
    }

    /// Where an inspection's signed record came from, if it has one.
    pub fn record_origin(&self, inspection_id: i64) -> Result<Option<dto::RecordOrigin>> {
        self.record_origin_with(inspection_id, &self.trust_view()?)
    }

    /// Whose certificates are trusted here, read once for many records.
    pub(crate) fn trust_view(&self) -> Result<TrustView> {
        let trusted = match &self.home {
            Some(home) => home.trusted()?.iter().map(|c| c.fingerprint()).collect(),
            None => BTreeSet::new(),
        };
        Ok(TrustView {
            mine: self.signer.as_ref().map(|i| i.certificate().fingerprint()),
            trusted,
        })
    }

    pub(crate) fn record_origin_with(
        &self,
        inspection_id: i64,
        view: &TrustView,
    ) -> Result<Option<dto::RecordOrigin>> {
        let Some(kept) = self.store.signed_record_summary(inspection_id)? else {
            return Ok(None);
        };
        let trust = view.of(&kept.signer_fingerprint);
        let i = self.stored_inspection(inspection_id)?;
        Ok(Some(dto::RecordOrigin {
            inspection_id,
            uid: kept.uid,
            service: i.service,
            signer_name: kept.signer_name,
            signer_organisation: kept.signer_organisation,
            signer_fingerprint: kept.signer_fingerprint,
            imported: kept.origin == Origin::Imported,
            imported_from: kept.imported_from,
            trust,
        }))
    }

    /// Writes this database's signed records that the folder lacks (one bundle each, named
    /// by global id, written under a temporary name and renamed), then imports every
    /// record in the folder this database lacks. Never changes or removes a file it did not
    /// write; safe with other machines syncing into the same folder at once.
    pub fn sync(&mut self, folder: &Path) -> Result<SyncReport> {
        let meta = std::fs::metadata(folder).map_err(|e| {
            AppError::new(
                ErrorCode::Io,
                format!("cannot use {} as the sync folder: {e}", folder.display()),
            )
        })?;
        if !meta.is_dir() {
            return Err(invalid(format!("{} is not a folder", folder.display())));
        }
        let mut report = SyncReport::default();
        let in_folder = folder_records(folder)?;
        for kept in self.store.signed_records()? {
            if in_folder.contains_key(&kept.uid) {
                continue;
            }
            let target = folder.join(format!("{}.keyline", kept.uid));
            let mut tmp = tempfile::Builder::new()
                .prefix(&format!(".{}.", kept.uid))
                .suffix(".partial")
                .tempfile_in(folder)
                .map_err(|e| {
                    AppError::new(
                        ErrorCode::Io,
                        format!("cannot write in {}: {e}", folder.display()),
                    )
                })?;
            self.write_bundle(tmp.as_file_mut(), &[kept.inspection_id])?;
            tmp.as_file()
                .sync_all()
                .map_err(|e| AppError::new(ErrorCode::Io, e.to_string()))?;
            match tmp.persist_noclobber(&target) {
                Ok(_) => report.written += 1,
                // Another machine wrote the same record at the same moment: theirs stands.
                Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => {
                    return Err(AppError::new(
                        ErrorCode::Io,
                        format!("cannot write {}: {}", target.display(), e.error),
                    ))
                }
            }
        }
        let here = self.store.signed_record_uids()?;
        for (uid, path) in in_folder {
            if here.contains(&uid) {
                report.already_here += 1;
                continue;
            }
            match self.import_file(&path) {
                Ok(r) => {
                    report.imported += r.imported.len() as u32;
                    report.already_here += r.already_here;
                }
                Err(e) => report.refused.push(e.message),
            }
        }
        report.at = crate::now_rfc3339();
        self.store
            .set_setting("sync.folder", Some(&folder.to_string_lossy()))?;
        self.store.set_setting("sync.last", Some(&report.at))?;
        Ok(report)
    }

    /// The folder this database last synced with, and when.
    pub fn sync_status(&self) -> Result<(Option<String>, Option<String>)> {
        Ok((
            self.store.setting("sync.folder")?,
            self.store.setting("sync.last")?,
        ))
    }
}

/// The signers trusted here, by certificate fingerprint.
pub(crate) struct TrustView {
    mine: Option<String>,
    trusted: BTreeSet<String>,
}

impl TrustView {
    pub(crate) fn of(&self, fingerprint: &str) -> Trust {
        if self.mine.as_deref() == Some(fingerprint) {
            Trust::Yours
        } else if self.trusted.contains(fingerprint) {
            Trust::Trusted
        } else {
            Trust::Unknown
        }
    }
}

/// The record files (`<global id>.keyline`) in a sync folder, by global id.
fn folder_records(folder: &Path) -> Result<BTreeMap<String, PathBuf>> {
    let mut out = BTreeMap::new();
    let entries = std::fs::read_dir(folder).map_err(|e| {
        AppError::new(
            ErrorCode::Io,
            format!("cannot read {}: {e}", folder.display()),
        )
    })?;
    for entry in entries {
        let entry = entry.map_err(|e| AppError::new(ErrorCode::Io, e.to_string()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(uid) = name.strip_suffix(".keyline") {
            if uuid::Uuid::parse_str(uid).is_ok() && uid.len() == 36 {
                out.insert(uid.to_string(), entry.path());
            }
        }
    }
    Ok(out)
}

/// Checks that a report PDF is the signed report of `checked`: signed by the same key over
/// the whole file, with that record embedded.
fn check_report_of(origin: &str, pdf: &[u8], checked: &Checked) -> Result<()> {
    let embedded = crate::verify::embedded(origin, pdf)?;
    let signed = keyline_sign::pdf::read(pdf)
        .map_err(|e| invalid(format!("{origin}: {e}")))?
        .ok_or_else(|| invalid(format!("{origin} is not signed")))?;
    if signed.file_len != signed.signed_len || !signed.digest_matches || !signed.signature_valid {
        return Err(invalid(format!("{origin}: the report's signature does not hold (run keyline verify on it for the detail)")));
    }
    if signed.signer.fingerprint() != checked.certificate.fingerprint() {
        return Err(invalid(format!(
            "{origin}: the report was signed by another key than its record"
        )));
    }
    let inside = embedded.record.check(origin)?;
    if inside.bytes != checked.bytes {
        return Err(invalid(format!(
            "{origin}: the report embeds another record than the one it travels with"
        )));
    }
    Ok(())
}
