//! Signed PDF reports: [`prepare`] adds the attachments, an invisible signature field and an
//! empty signature to a rendered report as one incremental update; [`sign`] fills the
//! signature in; [`read`] checks a signed report and takes its attachments out.
//!
//! The update is written here, byte by byte, so its bytes depend only on the inputs and on
//! this code: the rendered report is an exact prefix of the signed file, the placeholder for
//! the signature is at a position computed while writing (never searched for), and the
//! `/ByteRange` numbers are padded to a fixed width so filling them in moves nothing.
//!
//! `/SubFilter /adbe.pkcs7.detached` rather than `ETSI.CAdES.detached`: PAdES (CAdES) forbids
//! the CMS signingTime attribute and asks for an ESS signing-certificate attribute, whereas
//! Keyline signs its time inside the CMS; and adbe.pkcs7.detached is read by every PDF
//! viewer and by poppler's `pdfsig`.

use std::io::Write;

use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId, Stream, StringFormat};
use sha2::{Digest, Sha256};

use crate::{cms_data, time, Certificate, Identity, SignError};

/// The signature field's name.
pub const FIELD_NAME: &str = "Keyline signature";
/// The room left for the CMS signature, in bytes (written as twice as many hex digits).
pub const PLACEHOLDER_BYTES: usize = 8192;
/// The largest `/Contents` that [`read`] accepts, in bytes.
pub const MAX_CONTENTS_BYTES: usize = 64 * 1024;
/// The largest total size of the attachments, in bytes, written or read.
pub const MAX_ATTACHMENT_BYTES: usize = 64 * 1024 * 1024;
/// The most any one stream may decompress to while a PDF is parsed.
const MAX_DECOMPRESSED_BYTES: usize = 16 * 1024 * 1024;
/// The width each `/ByteRange` number is padded to.
const BYTE_RANGE_WIDTH: usize = 10;
/// The longest reason, location or attachment description, in characters.
const MAX_TEXT_CHARS: usize = 1000;
/// The longest attachment file name, in characters.
const MAX_FILE_NAME_CHARS: usize = 255;
/// The most attachments one report carries.
const MAX_ATTACHMENTS: usize = 1000;

/// A file to embed in the signed report: the data the report was made from.
#[derive(Clone, Copy, Debug)]
pub struct Attachment<'a> {
    /// The file's name (no path): unique among the attachments, at most 255 characters.
    pub file_name: &'a str,
    /// Its media type, e.g. `application/json`.
    pub media_type: &'a str,
    /// What it holds, in words, for anyone opening the PDF's attachments.
    pub description: &'a str,
    /// Its contents.
    pub bytes: &'a [u8],
}

/// What the signature says besides who signed.
#[derive(Clone, Copy, Debug)]
pub struct SignatureInfo<'a> {
    /// When it was signed (seconds since 1970): the CMS signingTime and the PDF's `/M` date.
    pub signing_time: i64,
    /// Why, e.g. "Sign-off of the mock inspection".
    pub reason: &'a str,
    /// Where, e.g. the signer's organisation.
    pub location: &'a str,
}

/// A report ready to sign: the bytes with the signature's `/Contents` still all zeros.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prepared {
    /// The whole file.
    pub bytes: Vec<u8>,
    /// `[0, a, b, c]`: the signed bytes are `0..a` and `b..b + c`; `a..b` is the
    /// `/Contents` hex string, angle brackets included.
    pub byte_range: [usize; 4],
}

/// What [`read`] found in a signed PDF.
#[derive(Clone, Debug)]
pub struct SignedPdf {
    /// The signature's `/ByteRange`, checked to be `[0, a, b, c]` with `0 < a < b` and
    /// `b + c` within the file.
    pub byte_range: [usize; 4],
    /// How much of the file the signature covers: `byte_range[2] + byte_range[3]`.
    pub signed_len: usize,
    /// The file's length: more than `signed_len` means bytes were added after signing
    /// (an incremental update, which can change what a viewer shows).
    pub file_len: usize,
    /// The signer's certificate, from the CMS.
    pub signer: Certificate,
    /// The CMS signingTime, if it has one.
    pub signing_time: Option<i64>,
    /// Whether the SHA-256 of the `/ByteRange` bytes is the signed messageDigest.
    pub digest_matches: bool,
    /// Whether the ECDSA signature over the signed attributes verifies with `signer`.
    pub signature_valid: bool,
    /// The signed part of the file (`0..signed_len`) with `/Contents` zeroed again: what
    /// [`prepare`] gives for the same report, attachments, signer and info.
    pub unfilled: Vec<u8>,
    /// The embedded files by name, from the revision that was signed.
    pub attachments: Vec<(String, Vec<u8>)>,
}

impl SignedPdf {
    /// Whether the signature holds for the whole file: the digest matches, the signature
    /// verifies, and nothing was added after signing.
    pub fn is_intact(&self) -> bool {
        self.digest_matches && self.signature_valid && self.file_len == self.signed_len
    }
}

/// The unsigned report plus, in one incremental update: the attachments (embedded files in
/// the catalog's `/Names /EmbeddedFiles` name tree and its `/AF` array, with
/// `/AFRelationship /Data`; each file specification with `/F`, `/UF` and `/Desc`, each
/// embedded file stream uncompressed with its `/Subtype` and `/Params /Size`), an invisible
/// signature field ("Keyline signature": `/SigFlags 3`, a widget with `/Rect [0 0 0 0]` on
/// page 1) and its signature dictionary (`/Filter /Adobe.PPKLite`, `/SubFilter
/// /adbe.pkcs7.detached`, `/Name` the signer's name, `/Reason`, `/Location`, `/M`) with a
/// zero-filled `/Contents` of [`PLACEHOLDER_BYTES`] and its `/ByteRange` filled in.
///
/// Deterministic: the same inputs always give the same bytes. Refused when the PDF is not
/// one Keyline renders (encrypted, with a cross-reference stream, or already with a form or
/// attachments), or when an attachment or text cannot be embedded.
pub fn prepare(
    unsigned_pdf: &[u8],
    attachments: &[Attachment],
    signer: &Certificate,
    info: &SignatureInfo,
) -> Result<Prepared, SignError> {
    let attachments = checked_attachments(attachments)?;
    let reason = checked_text("reason", info.reason)?;
    let location = checked_text("location", info.location)?;
    let date = time::pdf_date(info.signing_time)?;

    if !unsigned_pdf.starts_with(b"%PDF-") {
        return Err(SignError::Pdf("it does not start with %PDF-".to_owned()));
    }
    let doc = load(unsigned_pdf)?;
    if doc.is_encrypted() {
        return Err(SignError::Pdf("it is encrypted".to_owned()));
    }
    if !unsigned_pdf
        .get(doc.xref_start..)
        .is_some_and(|rest| rest.starts_with(b"xref"))
    {
        return Err(SignError::Pdf(
            "its cross-reference is not a table, which Keyline's reports always have".to_owned(),
        ));
    }
    let root_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(pdf_problem)?;
    let mut catalog = doc.get_dictionary(root_id).map_err(pdf_problem)?.clone();
    if catalog.has(b"AcroForm") || catalog.has(b"AF") {
        return Err(SignError::Pdf(
            "it already has a form or associated files: Keyline signs only unsigned reports"
                .to_owned(),
        ));
    }
    let mut names = match catalog.get(b"Names") {
        Ok(names) => resolve(&doc, names)?
            .as_dict()
            .map_err(pdf_problem)?
            .clone(),
        Err(_) => Dictionary::new(),
    };
    if names.has(b"EmbeddedFiles") {
        return Err(SignError::Pdf(
            "it already has embedded files: Keyline signs only unsigned reports".to_owned(),
        ));
    }
    let page_id = *doc
        .get_pages()
        .get(&1)
        .ok_or_else(|| SignError::Pdf("it has no pages".to_owned()))?;
    let mut page = doc.get_dictionary(page_id).map_err(pdf_problem)?.clone();
    let mut annots = match page.get(b"Annots") {
        Ok(annots) => resolve(&doc, annots)?
            .as_array()
            .map_err(pdf_problem)?
            .clone(),
        Err(_) => Vec::new(),
    };

    let size = doc
        .trailer
        .get(b"Size")
        .and_then(Object::as_i64)
        .ok()
        .and_then(|n| u32::try_from(n).ok())
        .unwrap_or(0)
        .max(doc.max_id.saturating_add(1));
    let mut next_id = size;
    let mut new_id = || -> Result<ObjectId, SignError> {
        let id = next_id;
        next_id = next_id
            .checked_add(1)
            .ok_or_else(|| SignError::Pdf("it has too many objects".to_owned()))?;
        Ok((id, 0))
    };

    let mut objects: Vec<(ObjectId, Object)> = Vec::new();
    let mut tree = Vec::new();
    let mut associated = Vec::new();
    for attachment in &attachments {
        let (file_id, spec_id) = (new_id()?, new_id()?);
        let mut params = Dictionary::new();
        params.set("Size", attachment.bytes.len() as i64);
        let mut file = Dictionary::new();
        file.set("Type", Object::Name(b"EmbeddedFile".to_vec()));
        file.set(
            "Subtype",
            Object::Name(attachment.media_type.as_bytes().to_vec()),
        );
        file.set("Params", params);
        objects.push((
            file_id,
            Object::Stream(Stream::new(file, attachment.bytes.to_vec())),
        ));

        let mut ef = Dictionary::new();
        ef.set("F", file_id);
        ef.set("UF", file_id);
        let mut spec = Dictionary::new();
        spec.set("Type", Object::Name(b"Filespec".to_vec()));
        spec.set("F", lopdf::text_string(attachment.file_name));
        spec.set("UF", lopdf::text_string(attachment.file_name));
        spec.set("Desc", lopdf::text_string(attachment.description));
        spec.set("AFRelationship", Object::Name(b"Data".to_vec()));
        spec.set("EF", ef);
        objects.push((spec_id, Object::Dictionary(spec)));

        tree.push(lopdf::text_string(attachment.file_name));
        tree.push(Object::Reference(spec_id));
        associated.push(Object::Reference(spec_id));
    }
    let (signature_id, widget_id) = (new_id()?, new_id()?);

    let mut widget = Dictionary::new();
    widget.set("Type", Object::Name(b"Annot".to_vec()));
    widget.set("Subtype", Object::Name(b"Widget".to_vec()));
    widget.set("FT", Object::Name(b"Sig".to_vec()));
    widget.set("T", lopdf::text_string(FIELD_NAME));
    widget.set("V", signature_id);
    widget.set("Rect", vec![0.into(), 0.into(), 0.into(), 0.into()]);
    widget.set("F", 132); // Print, Locked
    widget.set("P", page_id);
    objects.push((widget_id, Object::Dictionary(widget)));

    annots.push(Object::Reference(widget_id));
    page.set("Annots", annots);
    objects.push((page_id, Object::Dictionary(page)));

    if !attachments.is_empty() {
        let mut embedded = Dictionary::new();
        embedded.set("Names", tree);
        names.set("EmbeddedFiles", embedded);
        catalog.set("Names", names);
        catalog.set("AF", associated);
    }
    let mut form = Dictionary::new();
    form.set("Fields", vec![Object::Reference(widget_id)]);
    form.set("SigFlags", 3);
    catalog.set("AcroForm", form);
    objects.push((root_id, Object::Dictionary(catalog)));

    // The update: the objects, then the signature dictionary, then the cross-reference.
    let mut out = unsigned_pdf.to_vec();
    if !out.ends_with(b"\n") && !out.ends_with(b"\r") {
        out.push(b'\n');
    }
    let mut offsets = Vec::new();
    for (id, object) in &objects {
        offsets.push((*id, out.len()));
        write_indirect(&mut out, *id, object);
    }

    offsets.push((signature_id, out.len()));
    out.extend(format!("{} {} obj\n", signature_id.0, signature_id.1).bytes());
    out.extend_from_slice(
        b"<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /Name ",
    );
    write_object(&mut out, &lopdf::text_string(signer.name()));
    out.extend_from_slice(b" /Reason ");
    write_object(&mut out, &lopdf::text_string(reason));
    out.extend_from_slice(b" /Location ");
    write_object(&mut out, &lopdf::text_string(location));
    out.extend_from_slice(b" /M ");
    write_object(&mut out, &Object::string_literal(date));
    out.extend_from_slice(b" /ByteRange [0 ");
    let byte_range_at = out.len();
    out.resize(out.len() + 3 * BYTE_RANGE_WIDTH + 2, b' ');
    out.extend_from_slice(b"] /Contents ");
    let contents_start = out.len();
    out.push(b'<');
    out.resize(out.len() + 2 * PLACEHOLDER_BYTES, b'0');
    out.push(b'>');
    let contents_end = out.len();
    out.extend_from_slice(b">>\nendobj\n");

    let xref_at = out.len();
    write_xref(&mut out, &mut offsets);
    let mut trailer = Dictionary::new();
    trailer.set("Size", i64::from(next_id));
    trailer.set("Root", root_id);
    for key in [&b"Info"[..], b"ID"] {
        if let Ok(value) = doc.trailer.get(key) {
            trailer.set(key, value.clone());
        }
    }
    trailer.set("Prev", doc.xref_start as i64);
    out.extend_from_slice(b"trailer\n");
    write_object(&mut out, &Object::Dictionary(trailer));
    out.extend(format!("\nstartxref\n{xref_at}\n%%EOF\n").bytes());

    let byte_range = [0, contents_start, contents_end, out.len() - contents_end];
    let numbers = format!(
        "{:<w$} {:<w$} {:<w$}",
        byte_range[1],
        byte_range[2],
        byte_range[3],
        w = BYTE_RANGE_WIDTH
    );
    let slot = out
        .get_mut(byte_range_at..byte_range_at + 3 * BYTE_RANGE_WIDTH + 2)
        .filter(|slot| slot.len() == numbers.len())
        .ok_or_else(|| SignError::Pdf("it is too large to sign".to_owned()))?;
    slot.copy_from_slice(numbers.as_bytes());
    Ok(Prepared {
        bytes: out,
        byte_range,
    })
}

/// [`prepare`], then a detached CMS SignedData (SHA-256; signed attributes contentType,
/// messageDigest and signingTime = `info.signing_time`; the signer's certificate included)
/// written into `/Contents`. Deterministic for a given identity.
pub fn sign(
    unsigned_pdf: &[u8],
    attachments: &[Attachment],
    identity: &Identity,
    info: &SignatureInfo,
) -> Result<Vec<u8>, SignError> {
    let Prepared {
        mut bytes,
        byte_range,
    } = prepare(unsigned_pdf, attachments, identity.certificate(), info)?;
    let [_, a, b, _] = byte_range;
    let digest = signed_digest(&bytes, byte_range)
        .ok_or_else(|| SignError::Pdf("its byte range is out of place".to_owned()))?;
    let cms = cms_data::build(identity, &digest, info.signing_time)?;
    let hex = hex::encode_upper(cms);
    bytes
        .get_mut(a + 1..b - 1)
        .and_then(|placeholder| placeholder.get_mut(..hex.len()))
        .ok_or_else(|| SignError::Pdf("the signature does not fit in its placeholder".to_owned()))?
        .copy_from_slice(hex.as_bytes());
    Ok(bytes)
}

/// Reads a PDF's Keyline signature (or, failing that, its first signature field with a
/// value), within bounds: `/Contents` at most 64 KB, a `/ByteRange` of `[0 a b c]` with
/// `0 < a < b` and `b + c` within the file that leaves out exactly the `/Contents` hex
/// string, streams decompressed to at most 16 MB while parsing, attachments at most 64 MB
/// in total. `Ok(None)` when the PDF has no signature.
///
/// The caller limits the file's size before reading it.
pub fn read(pdf: &[u8]) -> Result<Option<SignedPdf>, SignError> {
    let doc = load(pdf)?;
    let Some(signature) = signature_dictionary(&doc)? else {
        return Ok(None);
    };
    let contents = signature
        .get(b"Contents")
        .and_then(Object::as_str)
        .map_err(|_| malformed("it has no /Contents string"))?;
    if contents.len() > MAX_CONTENTS_BYTES {
        return Err(malformed("its /Contents is larger than 64 KB"));
    }
    let byte_range = checked_byte_range(signature, pdf.len())?;
    let [_, a, b, c] = byte_range;
    let signed_len = b + c;
    let gap = pdf.get(a..b).unwrap_or_default();
    let hex_digits = gap
        .strip_prefix(b"<")
        .and_then(|rest| rest.strip_suffix(b">"))
        .ok_or_else(|| malformed("its /ByteRange does not leave out exactly the /Contents"))?;
    if hex_digits.len() > 2 * MAX_CONTENTS_BYTES {
        return Err(malformed("its /Contents is larger than 64 KB"));
    }
    let decoded = hex::decode(hex_digits)
        .map_err(|_| malformed("its /ByteRange does not leave out exactly the /Contents"))?;
    if decoded != contents {
        return Err(malformed(
            "its /ByteRange does not leave out exactly the /Contents",
        ));
    }
    let cms = cms_data::read(&decoded)?;
    let digest = signed_digest(pdf, byte_range)
        .ok_or_else(|| malformed("its /ByteRange goes past the end of the file"))?;

    let mut unfilled = pdf.get(..signed_len).unwrap_or_default().to_vec();
    if let Some(zeros) = unfilled.get_mut(a + 1..b - 1) {
        zeros.fill(b'0');
    }
    let signed_revision = load(pdf.get(..signed_len).unwrap_or_default()).map_err(|e| {
        SignError::InvalidPdfSignature(format!(
            "the signed part of the file is not a whole PDF ({e})"
        ))
    })?;
    let attachments = embedded_files(&signed_revision)?;
    Ok(Some(SignedPdf {
        byte_range,
        signed_len,
        file_len: pdf.len(),
        signer: cms.signer,
        signing_time: cms.signing_time,
        digest_matches: digest.as_slice() == cms.message_digest.as_slice(),
        signature_valid: cms.signature_valid,
        unfilled,
        attachments,
    }))
}

/// The embedded files of a PDF as it now stands, signed or not, within the same bounds as
/// [`read`]: for telling what a file that no longer lines up with its signature (rewritten
/// by another program) claims to hold.
pub fn attachments(pdf: &[u8]) -> Result<Vec<(String, Vec<u8>)>, SignError> {
    embedded_files(&load(pdf)?)
}

fn load(pdf: &[u8]) -> Result<Document, SignError> {
    Document::load_mem_with_options(
        pdf,
        LoadOptions::with_max_decompressed_size(MAX_DECOMPRESSED_BYTES),
    )
    .map_err(pdf_problem)
}

fn pdf_problem(e: lopdf::Error) -> SignError {
    match e {
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
            SignError::Pdf("a stream in it decompresses to more than 16 MB".to_owned())
        }
        e => SignError::Pdf(e.to_string()),
    }
}

fn malformed(problem: &str) -> SignError {
    SignError::InvalidPdfSignature(problem.to_owned())
}

/// The object `object` refers to, or `object` itself.
fn resolve<'a>(doc: &'a Document, object: &'a Object) -> Result<&'a Object, SignError> {
    doc.dereference(object).map(|(_, o)| o).map_err(pdf_problem)
}

/// SHA-256 of `0..a` and `b..b + c`, or `None` if the range is not within `bytes`.
fn signed_digest(bytes: &[u8], [_, a, b, c]: [usize; 4]) -> Option<[u8; 32]> {
    let mut hasher = Sha256::new();
    hasher.update(bytes.get(..a)?);
    hasher.update(bytes.get(b..b.checked_add(c)?)?);
    Some(hasher.finalize().into())
}

/// The attachments sorted by file name (as a name tree must be), each checked.
fn checked_attachments<'a>(
    attachments: &'a [Attachment<'a>],
) -> Result<Vec<&'a Attachment<'a>>, SignError> {
    let refuse = |a: &Attachment, problem: &str| SignError::InvalidAttachment {
        name: a.file_name.to_owned(),
        problem: problem.to_owned(),
    };
    if attachments.len() > MAX_ATTACHMENTS {
        return Err(SignError::InvalidAttachment {
            name: String::new(),
            problem: format!("a report carries at most {MAX_ATTACHMENTS} attachments"),
        });
    }
    let mut total = 0usize;
    for a in attachments {
        let name = a.file_name;
        if name.trim().is_empty() || name.trim() != name {
            return Err(refuse(a, "its name is blank or starts or ends with spaces"));
        }
        if name.chars().count() > MAX_FILE_NAME_CHARS {
            return Err(refuse(a, "its name is longer than 255 characters"));
        }
        if name
            .chars()
            .any(|c| c.is_control() || c == '/' || c == '\\')
        {
            return Err(refuse(a, "its name holds a control character or a slash"));
        }
        if !is_media_type(a.media_type) {
            return Err(refuse(a, "its media type is not of the form type/subtype"));
        }
        if a.description.chars().count() > MAX_TEXT_CHARS {
            return Err(refuse(a, "its description is longer than 1000 characters"));
        }
        total = total.saturating_add(a.bytes.len());
        if total > MAX_ATTACHMENT_BYTES {
            return Err(refuse(a, "the attachments are larger than 64 MB in total"));
        }
    }
    let mut sorted: Vec<&Attachment> = attachments.iter().collect();
    sorted.sort_by_key(|x| sort_key(x.file_name));
    for pair in sorted.windows(2) {
        if let [x, y] = pair {
            if x.file_name == y.file_name {
                return Err(refuse(y, "another attachment has the same name"));
            }
        }
    }
    Ok(sorted)
}

/// Name tree keys are ordered by their bytes as written in the PDF.
fn sort_key(name: &str) -> Vec<u8> {
    match lopdf::text_string(name) {
        Object::String(bytes, _) => bytes,
        _ => name.as_bytes().to_vec(),
    }
}

fn is_media_type(s: &str) -> bool {
    let token = |t: &str| {
        !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
    };
    s.len() <= 127
        && s.split_once('/')
            .is_some_and(|(t, sub)| token(t) && token(sub))
}

fn checked_text<'a>(field: &'static str, text: &'a str) -> Result<&'a str, SignError> {
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(SignError::InvalidInfo {
            field,
            problem: "is too long (more than 1000 characters)",
        });
    }
    if text.chars().any(char::is_control) {
        return Err(SignError::InvalidInfo {
            field,
            problem: "contains control characters",
        });
    }
    Ok(text)
}

/// The signature's `/ByteRange`, checked against a file of `len` bytes.
fn checked_byte_range(signature: &Dictionary, len: usize) -> Result<[usize; 4], SignError> {
    let bad =
        || malformed("its /ByteRange is not [0 a b c] with 0 < a < b and b + c within the file");
    let numbers = signature
        .get(b"ByteRange")
        .and_then(Object::as_array)
        .map_err(|_| bad())?;
    let mut range = [0usize; 4];
    if numbers.len() != 4 {
        return Err(bad());
    }
    for (slot, n) in range.iter_mut().zip(numbers) {
        *slot = n
            .as_i64()
            .ok()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(bad)?;
    }
    let [start, a, b, c] = range;
    if start != 0 || a == 0 || a >= b || b.checked_add(c).is_none_or(|end| end > len) {
        return Err(bad());
    }
    if b - a < 2 {
        return Err(bad());
    }
    Ok(range)
}

/// The signature dictionary of the field named [`FIELD_NAME`], or else of the first
/// signature field that has one.
fn signature_dictionary(doc: &Document) -> Result<Option<&Dictionary>, SignError> {
    let catalog = doc.catalog().map_err(pdf_problem)?;
    let Ok(form) = catalog.get(b"AcroForm") else {
        return Ok(None);
    };
    let Ok(fields) = resolve(doc, form)?.as_dict().map(|f| f.get(b"Fields")) else {
        return Ok(None);
    };
    let Ok(fields) = fields else {
        return Ok(None);
    };
    let fields = resolve(doc, fields)?
        .as_array()
        .map_err(|_| malformed("the form's /Fields is not an array"))?;
    let mut first = None;
    for field in fields.iter().take(MAX_ATTACHMENTS) {
        let Ok(field) = resolve(doc, field)?.as_dict() else {
            continue;
        };
        if field.get(b"FT").and_then(Object::as_name).ok() != Some(b"Sig") {
            continue;
        }
        let Ok(value) = field.get(b"V") else {
            continue;
        };
        let signature = resolve(doc, value)?
            .as_dict()
            .map_err(|_| malformed("the signature field's value is not a dictionary"))?;
        let named = field
            .get(b"T")
            .ok()
            .and_then(|t| lopdf::decode_text_string(t).ok());
        if named.as_deref() == Some(FIELD_NAME) {
            return Ok(Some(signature));
        }
        first.get_or_insert(signature);
    }
    Ok(first)
}

/// The files in the catalog's `/Names /EmbeddedFiles` name tree, by their keys.
fn embedded_files(doc: &Document) -> Result<Vec<(String, Vec<u8>)>, SignError> {
    let catalog = doc.catalog().map_err(pdf_problem)?;
    let Ok(names) = catalog.get(b"Names") else {
        return Ok(Vec::new());
    };
    let Ok(tree) = resolve(doc, names)?
        .as_dict()
        .and_then(|n| n.get(b"EmbeddedFiles"))
    else {
        return Ok(Vec::new());
    };
    let mut walk = Walk {
        doc,
        files: Vec::new(),
        total: 0,
        nodes: 0,
    };
    walk.node(resolve(doc, tree)?, 0)?;
    Ok(walk.files)
}

struct Walk<'a> {
    doc: &'a Document,
    files: Vec<(String, Vec<u8>)>,
    total: usize,
    nodes: usize,
}

impl Walk<'_> {
    fn node(&mut self, node: &Object, depth: usize) -> Result<(), SignError> {
        let bad = |what: &str| {
            SignError::InvalidPdfSignature(format!("its embedded files are malformed: {what}"))
        };
        self.nodes += 1;
        if depth > 32 || self.nodes > 10_000 {
            return Err(bad("the name tree is too deep or too large"));
        }
        let node = node
            .as_dict()
            .map_err(|_| bad("a name tree node is not a dictionary"))?;
        if let Ok(names) = node.get(b"Names") {
            let names = resolve(self.doc, names)?
                .as_array()
                .map_err(|_| bad("/Names is not an array"))?;
            for pair in names.chunks(2) {
                let [key, spec] = pair else {
                    return Err(bad("/Names has an odd number of entries"));
                };
                let name = lopdf::decode_text_string(resolve(self.doc, key)?)
                    .map_err(|_| bad("a file name is not text"))?;
                let file = resolve(self.doc, spec)?
                    .as_dict()
                    .and_then(|spec| spec.get(b"EF"))
                    .map_err(|_| bad("a file specification has no /EF"))?;
                let file = resolve(self.doc, file)?
                    .as_dict()
                    .and_then(|ef| ef.get(b"UF").or_else(|_| ef.get(b"F")))
                    .map_err(|_| bad("a file specification's /EF names no file"))?;
                let stream = resolve(self.doc, file)?
                    .as_stream()
                    .map_err(|_| bad("an embedded file is not a stream"))?;
                let room = MAX_ATTACHMENT_BYTES - self.total;
                let too_large = || bad("they are larger than 64 MB in total");
                let bytes = if stream.dict.has(b"Filter") {
                    stream
                        .decompressed_content_with_limit(room)
                        .map_err(|_| too_large())?
                } else {
                    stream.content.clone()
                };
                if bytes.len() > room {
                    return Err(too_large());
                }
                self.total += bytes.len();
                self.files.push((name, bytes));
            }
        }
        if let Ok(kids) = node.get(b"Kids") {
            let kids = resolve(self.doc, kids)?
                .as_array()
                .map_err(|_| bad("/Kids is not an array"))?;
            for kid in kids {
                let kid = resolve(self.doc, kid)?;
                self.node(kid, depth + 1)?;
            }
        }
        Ok(())
    }
}

/// `id gen obj`, the object, `endobj`.
fn write_indirect(out: &mut Vec<u8>, id: ObjectId, object: &Object) {
    out.extend(format!("{} {} obj\n", id.0, id.1).bytes());
    write_object(out, object);
    out.extend_from_slice(b"\nendobj\n");
}

/// The cross-reference section for `offsets`, one subsection per run of consecutive ids.
fn write_xref(out: &mut Vec<u8>, offsets: &mut [(ObjectId, usize)]) {
    offsets.sort_by_key(|(id, _)| *id);
    out.extend_from_slice(b"xref\n");
    let mut start = 0;
    while start < offsets.len() {
        let mut end = start + 1;
        while offsets
            .get(end)
            .zip(offsets.get(end - 1))
            .is_some_and(|(next, prev)| next.0 .0 == prev.0 .0 + 1)
        {
            end += 1;
        }
        let run = offsets.get(start..end).unwrap_or_default();
        if let Some(((first, _), _)) = run.first() {
            out.extend(format!("{first} {}\n", run.len()).bytes());
        }
        for ((_, generation), offset) in run {
            out.extend(format!("{offset:010} {generation:05} n\r\n").bytes());
        }
        start = end;
    }
}

/// One PDF object in the form Keyline writes it, independent of any library's writer.
fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(n) => out.extend(n.to_string().bytes()),
        Object::Real(r) => out.extend(format_real(*r).bytes()),
        Object::Name(name) => write_name(out, name),
        Object::String(bytes, StringFormat::Literal) => {
            out.push(b'(');
            for &b in bytes {
                match b {
                    b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    _ => out.push(b),
                }
            }
            out.push(b')');
        }
        Object::String(bytes, StringFormat::Hexadecimal) => {
            out.push(b'<');
            out.extend(hex::encode_upper(bytes).bytes());
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => write_dictionary(out, dict),
        Object::Stream(stream) => {
            write_dictionary(out, &stream.dict);
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((id, generation)) => {
            let _ = write!(out, "{id} {generation} R");
        }
    }
}

fn write_dictionary(out: &mut Vec<u8>, dict: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict {
        write_name(out, key);
        out.push(b' ');
        write_object(out, value);
    }
    out.extend_from_slice(b">>");
}

/// A name, with `#xx` for delimiters, whitespace, `#` and bytes outside `!`..`~`
/// (so `application/json` becomes `/application#2Fjson`).
fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        if (b'!'..=b'~').contains(&b) && !b"()<>[]{}/%#".contains(&b) {
            out.push(b);
        } else {
            out.extend(format!("#{b:02X}").bytes());
        }
    }
}

/// A real number without an exponent, as PDF requires.
fn format_real(r: f32) -> String {
    if r.is_finite() {
        let text = format!("{r}");
        if text == "-0" {
            "0".to_owned()
        } else {
            text
        }
    } else {
        "0".to_owned()
    }
}
