//! Keyline's scored PDF report: a pure function from a [`Report`] to PDF bytes.
//!
//! [`render`] reads no clock, no files and no randomness: the generation time and the
//! report id come in through [`PdfOptions`], the typeface is compiled in, and every
//! identifier in the file (font and image names, the PDF's `/ID`) is derived from the
//! input. The same report and options therefore give byte-for-byte the same PDF, so a
//! report can be re-created later and compared, and its hash recorded.
//!
//! The report is A4 with Liberation Sans embedded (subset to the characters used, so text
//! is searchable and looks the same everywhere): a cover, a summary with the key-question
//! table, caps and overrides and a bar chart over the rating bands, the findings per key
//! question with notes and evidence (photos embedded), the actions, and an appendix of
//! every response. Every page has a header and a footer with "Page X of Y", the report id
//! and the fingerprint of the signed-off record; a draft carries a DRAFT mark on every
//! page. See `docs/report.md`.
//!
//! [`render_board_pack`] draws a governance board pack (many wards' inspections summarised:
//! see [`board`]) with the same layout, typeface and guarantees.
//!
//! [`render_html`] writes the same content as a plain HTML page; it exists so that the
//! benchmark can compare with printing HTML from a browser.

pub mod board;
mod compose;
mod fonts;
mod html;
mod images;
mod layout;
pub mod model;
mod time;

pub use board::{
    render_board_pack, AgeingBucket, BoardAction, BoardColumn, BoardPack, BoardSummary, Change,
    Consistency, ConsistencyPair, GapRow, Mover, RatingCount, SelfAssessmentGaps, Theme, Trend,
    TrendPoint, TrustConsistency, WardCell, WardRow,
};
pub use html::{escape_html, render_html};
pub use model::{
    Action, ActionCounts, Band, Evidence, Highlight, Highlights, ImageData, InspectionFacts, Item,
    Overall, Override, PdfOptions, Rating, Report, Response, Section, Status,
};

use lopdf::Object;
use printpdf::{Mm, PdfDocument, PdfFont, PdfPage, PdfSaveOptions, XObject};
use sha2::{Digest, Sha256};

use crate::fonts::{Face, Fonts};
use crate::layout::{font_id, Canvas};

/// Why a report could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// `PdfOptions::generated_at` is not an RFC 3339 time.
    #[error("the generation time is not valid: {0}")]
    InvalidTime(String),
    /// The embedded typeface could not be read (a build problem, never the input).
    #[error("the report font could not be loaded: {0}")]
    Font(String),
    /// The PDF could not be written.
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}

/// The revision of what `render` draws. Raise it whenever a record would be drawn
/// differently (layout, fonts, wording): a signed report names the revision that drew it, and
/// a verifier re-draws only reports of its own revision to compare them page for page.
pub const RENDERER: &str = "keyline-report/2";

/// Renders `report` as PDF bytes. The same `report` and `options` always give the same
/// bytes.
pub fn render(report: &Report, options: &PdfOptions) -> Result<Vec<u8>, ReportError> {
    let generated = time::parse(&options.generated_at).map_err(ReportError::InvalidTime)?;

    let mut canvas = Canvas::new(Fonts::load()?);
    compose::body(report, options, &mut canvas);
    compose::furnish(report, options, &mut canvas);

    let title = format!("Inspection report: {}", report.inspection.service);
    let about = Metadata {
        title: &title,
        author: Some(&report.inspection.team.join(", ")),
        subject: &report.inspection.template_title,
    };
    save(canvas, &about, options, &generated.pdf_date())
}

/// What the document information says about a PDF.
pub(crate) struct Metadata<'a> {
    pub title: &'a str,
    /// `None` leaves the author out.
    pub author: Option<&'a str>,
    pub subject: &'a str,
}

/// Writes laid-out pages as PDF bytes: the subset faces, the images, A4 pages, and
/// metadata derived from the input alone.
pub(crate) fn save(
    canvas: Canvas,
    about: &Metadata<'_>,
    options: &PdfOptions,
    date: &str,
) -> Result<Vec<u8>, ReportError> {
    let (fonts, pages, images) = canvas.into_pages();
    let mut doc = PdfDocument::new(about.title);
    let (regular, bold) = fonts.embeddable();
    let font_map = &mut doc.resources.fonts.map;
    font_map.insert(font_id(Face::Regular), PdfFont::new(regular));
    font_map.insert(font_id(Face::Bold), PdfFont::new(bold));
    for (id, xobject) in images {
        doc.resources
            .xobjects
            .map
            .insert(id, XObject::External(xobject));
    }
    let pages = pages
        .into_iter()
        .map(|ops| PdfPage::new(Mm(210.0), Mm(297.0), ops))
        .collect();
    doc.with_pages(pages);

    let save = PdfSaveOptions {
        // The faces are already subset; printpdf's own subsetting needs its layout feature.
        subset_fonts: false,
        ..PdfSaveOptions::default()
    };
    let mut warnings = Vec::new();
    let mut pdf = doc.to_lopdf_document(&save, &mut warnings);
    settle_metadata(&mut pdf, about, options, date);
    pdf.compress();
    let mut bytes = Vec::new();
    pdf.save_to(&mut bytes)
        .map_err(|e| ReportError::Pdf(e.to_string()))?;
    Ok(bytes)
}

/// Replaces the parts of the document information and trailer that printpdf fills with
/// random or fixed values by values derived from the input.
fn settle_metadata(
    pdf: &mut lopdf::Document,
    about: &Metadata<'_>,
    options: &PdfOptions,
    date: &str,
) {
    let text = |s: &str| Object::string_literal(s.as_bytes().to_vec());
    let utf16 = |s: &str| {
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
        Object::String(bytes, lopdf::StringFormat::Hexadecimal)
    };
    let info_id = pdf.trailer.get(b"Info").and_then(Object::as_reference).ok();
    if let Some(info) = info_id.and_then(|id| pdf.get_dictionary_mut(id).ok()) {
        info.set("CreationDate", text(date));
        info.set("ModDate", text(date));
        info.set("Title", utf16(about.title));
        match about.author {
            Some(author) => info.set("Author", utf16(author)),
            None => {
                info.remove(b"Author");
            }
        }
        info.set("Subject", utf16(about.subject));
        info.set("Creator", utf16("Keyline"));
        info.set("Producer", utf16("Keyline (keyline-report, printpdf)"));
        info.set("Identifier", utf16(&options.document_id));
        info.remove(b"GTS_PDFXVersion");
        info.remove(b"Keywords");
    }
    let mut hasher = Sha256::new();
    hasher.update(options.document_id.as_bytes());
    hasher.update([0]);
    hasher.update(options.generated_at.as_bytes());
    let digest = hasher.finalize();
    let id = digest.get(..16).unwrap_or(&digest).to_vec();
    pdf.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), lopdf::StringFormat::Hexadecimal),
            Object::String(id, lopdf::StringFormat::Hexadecimal),
        ]),
    );
}
