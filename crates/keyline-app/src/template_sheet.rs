//! Template spreadsheets on disk: the `.xlsx` workbooks and `.csv` files quality leads
//! edit, read into and written from the core's sheets (`keyline_core::template::sheet`,
//! which owns the layout and every message about its cells).
//!
//! A workbook is something a user hands Keyline, so it is checked before it is read: an
//! ordinary file, at most [`TEMPLATE_SHEET`]'s size, and the kind its name says (an `.xlsx`
//! starts as a zip does, a `.csv` is UTF-8 text). A workbook is a zip, so its parts are
//! measured unpacked before calamine reads them, cells far outside any template's size are
//! refused rather than laid out, and a failure inside calamine is an error, never a crash.
//!
//! A CSV file holds every sheet, one after another, each started by a row whose only cell
//! is the sheet's name in square brackets (`[Template]`, `[Items]`), so one file carries a
//! whole template. Every cell is written as text (in the workbook, cells are formatted as
//! text too), so what an author types is what Keyline reads: an id such as `1.10` stays
//! `1.10` instead of becoming the number 1.1.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use keyline_core::template::sheet::{from_sheets, to_sheets, Sheet};
use keyline_core::template::Template;

use crate::files::{self, FileKind};
use crate::{problems_text, App, AppError, ErrorCode, Overwrite, Result};

/// Template spreadsheets. The largest shipped template is a workbook of about 150 KB;
/// anything near this size is not a template.
pub const TEMPLATE_SHEET: FileKind = FileKind {
    what: "a template spreadsheet",
    max_bytes: 20 * 1024 * 1024,
};

/// The most a workbook's parts may hold unpacked, together. A zip can pack a gigabyte of
/// repeated text into a few megabytes; calamine would unpack all of it into memory.
const MAX_UNPACKED: u64 = 200 * 1024 * 1024;

/// More parts than any workbook Excel writes (a template workbook has about twenty).
const MAX_PARTS: usize = 10_000;

/// The furthest cell read: far beyond any template (the largest has a few hundred rows and
/// a few dozen columns), and small enough that laying the cells out stays cheap.
const MAX_ROWS: u32 = 100_000;
const MAX_COLUMNS: u32 = 1_000;

/// The most cells the rows of all sheets may span together once laid out.
const MAX_CELLS: usize = 2_000_000;

/// Excel's limit on the text in one cell.
const MAX_CELL_CHARS: usize = 32_767;

/// What a spreadsheet file is, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Xlsx,
    Csv,
}

fn kind_of(path: &Path) -> Result<Kind> {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "xlsx" => Ok(Kind::Xlsx),
        "csv" => Ok(Kind::Csv),
        "xls" => Err(AppError::new(
            ErrorCode::InvalidInput,
            format!(
                "{} is an older Excel file (.xls); open it in Excel and save it as an Excel \
                 Workbook (.xlsx)",
                shown(path)
            ),
        )),
        _ => Err(AppError::new(
            ErrorCode::InvalidInput,
            format!(
                "{}: Keyline reads template spreadsheets saved as .xlsx (Excel Workbook) or \
                 .csv",
                shown(path)
            ),
        )),
    }
}

/// The file's name, as messages show it.
fn shown(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn invalid(path: &Path, why: impl std::fmt::Display) -> AppError {
    AppError::new(ErrorCode::InvalidInput, format!("{} {why}", shown(path)))
}

/// Reads a template spreadsheet (`.xlsx`, or `.csv` with the sheets stacked) into sheets.
pub fn read_workbook(path: &Path) -> Result<Vec<Sheet>> {
    let kind = kind_of(path)?;
    let bytes = files::read(path, TEMPLATE_SHEET)?;
    match kind {
        Kind::Xlsx => read_xlsx(path, bytes),
        Kind::Csv => read_csv(path, &bytes),
    }
}

/// What a file that is not a zip looks like, for saying so.
fn looks_like(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        return "is empty".to_owned();
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return "is an older Excel file (.xls) or a workbook protected by a password: remove \
                the password and save it as an Excel Workbook (.xlsx)"
            .to_owned();
    }
    if let Some(kind) = infer::get(bytes) {
        return format!(
            "is not an Excel workbook (.xlsx): it looks like {} ({})",
            what_kind(kind.mime_type()),
            kind.mime_type()
        );
    }
    if std::str::from_utf8(bytes).is_ok() {
        return "is not an Excel workbook (.xlsx): it is text; if it is CSV, name it .csv"
            .to_owned();
    }
    "is not an Excel workbook (.xlsx): it does not start as one does".to_owned()
}

fn what_kind(mime: &str) -> &'static str {
    match mime.split('/').next() {
        Some("image") => "an image",
        Some("video") => "a video",
        Some("audio") => "a sound file",
        _ if mime == "application/pdf" => "a PDF",
        _ => "another kind of file",
    }
}

fn read_xlsx(path: &Path, bytes: Vec<u8>) -> Result<Vec<Sheet>> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(invalid(path, looks_like(&bytes)));
    }
    measure_parts(path, &bytes)?;
    // calamine is a parser of someone else's file format; whatever a damaged workbook does
    // to it, Keyline reports a damaged workbook rather than going down with it.
    let read = std::panic::catch_unwind(move || cells_of(bytes));
    match read {
        Ok(Ok(sheets)) => Ok(sheets),
        Ok(Err(why)) => Err(invalid(path, why)),
        Err(_) => Err(invalid(
            path,
            "is damaged: its workbook could not be read; open it in Excel and save it again",
        )),
    }
}

/// Unpacks every part of the zip without keeping it, refusing a workbook whose parts hold
/// more than [`MAX_UNPACKED`] whatever their headers claim.
fn measure_parts(path: &Path, bytes: &[u8]) -> Result<()> {
    let damaged = |e: &dyn std::fmt::Display| {
        invalid(
            path,
            format!("is damaged ({e}); open it in Excel and save it again"),
        )
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(&e))?;
    if zip.len() > MAX_PARTS {
        return Err(invalid(
            path,
            format!(
                "has {} parts, more than any workbook; it is not a template",
                zip.len()
            ),
        ));
    }
    let mut left = MAX_UNPACKED;
    for index in 0..zip.len() {
        let part = zip.by_index(index).map_err(|e| damaged(&e))?;
        let read = std::io::copy(&mut part.take(left + 1), &mut std::io::sink())
            .map_err(|e| damaged(&e))?;
        if read > left {
            return Err(invalid(
                path,
                format!(
                    "unpacks to more than {}, far more than any template; it was not read \
                     further",
                    files::human_size(MAX_UNPACKED)
                ),
            ));
        }
        left -= read;
    }
    Ok(())
}

/// Every worksheet's cells as text, laid out in rows from A1.
fn cells_of(bytes: Vec<u8>) -> std::result::Result<Vec<Sheet>, String> {
    use calamine::{Reader, Xlsx, XlsxError};
    let damaged = |e: XlsxError| match e {
        XlsxError::Password => {
            "is protected by a password: remove the password in Excel and save it again".to_owned()
        }
        other => format!("is damaged ({other}); open it in Excel and save it again"),
    };
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(damaged)?;
    let mut sheets = Vec::new();
    let mut cells_used = 0usize;
    for name in book.sheet_names() {
        let mut reader = match book.worksheet_cells_reader(&name) {
            Ok(reader) => reader,
            // A chart sheet holds no cells.
            Err(XlsxError::NotAWorksheet(_)) => continue,
            Err(e) => return Err(damaged(e)),
        };
        let mut rows: Vec<Vec<String>> = Vec::new();
        while let Some(cell) = reader.next_cell().map_err(damaged)? {
            let text = cell_text(cell.get_value());
            if text.is_empty() {
                continue;
            }
            let (row, column) = cell.get_position();
            if row >= MAX_ROWS || column >= MAX_COLUMNS {
                return Err(format!(
                    "has text in row {} column {} of the sheet “{name}”, far beyond any \
                     template (at most {MAX_ROWS} rows and {MAX_COLUMNS} columns are read); \
                     clear the cells beyond the template",
                    u64::from(row) + 1,
                    u64::from(column) + 1
                ));
            }
            let (row, column) = (row as usize, column as usize);
            if rows.len() <= row {
                rows.resize_with(row + 1, Vec::new);
            }
            let cells = &mut rows[row];
            if cells.len() <= column {
                cells_used += column + 1 - cells.len();
                if cells_used > MAX_CELLS {
                    return Err(format!(
                        "spans more than {MAX_CELLS} cells, far more than any template"
                    ));
                }
                cells.resize_with(column + 1, String::new);
            }
            cells[column] = text;
        }
        sheets.push(Sheet { name, rows });
    }
    Ok(sheets)
}

/// A cell as text: numbers in Rust's shortest form (1.0 is "1", 1.5 is "1.5"), yes/no
/// answers Excel turned into TRUE and FALSE as written, dates as YYYY-MM-DD.
fn cell_text(value: &calamine::DataRef) -> String {
    use calamine::DataRef;
    match value {
        DataRef::Int(n) => n.to_string(),
        DataRef::Float(n) => format!("{n}"),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Bool(true) => "TRUE".to_owned(),
        DataRef::Bool(false) => "FALSE".to_owned(),
        // Durations read as dates too: no template cell holds one.
        DataRef::DateTime(when) => excel_date(when.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
        DataRef::Empty => String::new(),
    }
}

/// An Excel date serial (days since 30 December 1899, as the usual 1900 date system counts
/// them) as YYYY-MM-DD, with the time of day when it has one.
fn excel_date(serial: f64) -> String {
    if !serial.is_finite() || !(0.0..3_000_000.0).contains(&serial) {
        return format!("{serial}");
    }
    let days = serial.floor() as i64;
    // Days from 1970-01-01, then the civil date (Howard Hinnant's algorithm).
    let z = days - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let seconds = ((serial - serial.floor()) * 86_400.0).round() as i64;
    if seconds == 0 || seconds >= 86_400 {
        format!("{year:04}-{month:02}-{day:02}")
    } else {
        format!(
            "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
            seconds / 3_600,
            seconds / 60 % 60,
            seconds % 60
        )
    }
}

/// The sheet a CSV row starts, when its only cell is `[Name]`.
fn sheet_marker(cells: &[String]) -> Option<String> {
    let (first, rest) = cells.split_first()?;
    if !rest.iter().all(|cell| cell.trim().is_empty()) {
        return None;
    }
    let name = first.trim().strip_prefix('[')?.strip_suffix(']')?;
    Some(name.trim().to_owned())
}

/// The separator a spreadsheet saved the file with: a comma, or a semicolon where the
/// decimal point is a comma, or a tab.
fn delimiter(text: &str) -> u8 {
    let head: String = text.lines().take(5).collect::<Vec<_>>().join("\n");
    let count = |c: char| head.matches(c).count();
    [(b';', count(';')), (b'\t', count('\t'))]
        .into_iter()
        .filter(|(_, n)| *n > count(','))
        .max_by_key(|(_, n)| *n)
        .map_or(b',', |(d, _)| d)
}

fn read_csv(path: &Path, bytes: &[u8]) -> Result<Vec<Sheet>> {
    if bytes.contains(&0) {
        return Err(invalid(path, "is not a text file, so not a CSV file"));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| {
        invalid(
            path,
            "is not UTF-8 text: in Excel, save it as “CSV UTF-8 (Comma delimited)”",
        )
    })?;
    // Excel starts UTF-8 CSV files with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let mut sheets: Vec<Sheet> = Vec::new();
    for (line, record) in reader.records().enumerate() {
        let record = record.map_err(|e| invalid(path, format!("does not read as CSV: {e}")))?;
        let cells: Vec<String> = record.iter().map(str::to_owned).collect();
        if let Some(name) = sheet_marker(&cells) {
            sheets.push(Sheet {
                name,
                rows: Vec::new(),
            });
            continue;
        }
        let blank = cells.iter().all(|cell| cell.trim().is_empty());
        match sheets.last_mut() {
            // Blank lines between a sheet's name and its headers are spacing.
            Some(sheet) if sheet.rows.is_empty() && blank => {}
            Some(sheet) => sheet.rows.push(cells),
            None if blank => {}
            None => {
                return Err(AppError::new(
                    ErrorCode::InvalidTemplate,
                    format!(
                        "{}: line {} comes before any sheet: a template CSV file holds each \
                         sheet after a line naming it in square brackets, starting with \
                         [Template] (export a template as CSV to see the layout)",
                        shown(path),
                        line + 1
                    ),
                ))
            }
        }
    }
    Ok(sheets)
}

/// The widest a column is made, in characters; longer text wraps.
const WIDEST: usize = 60;

fn column_widths(sheet: &Sheet) -> Vec<f64> {
    let columns = sheet.rows.iter().map(Vec::len).max().unwrap_or(0);
    (0..columns)
        .map(|column| {
            let longest = sheet
                .rows
                .iter()
                .filter_map(|row| row.get(column))
                .flat_map(|cell| cell.lines())
                .map(|line| line.chars().count())
                .max()
                .unwrap_or(0);
            (longest + 2).clamp(8, WIDEST) as f64
        })
        .collect()
}

/// The workbook's bytes: a worksheet per sheet, every cell text, the header row bold and
/// frozen with a filter on it, text wrapped at the top of each cell.
pub fn xlsx_bytes(sheets: &[Sheet]) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| {
        AppError::new(
            ErrorCode::Internal,
            format!("cannot make the workbook: {e}"),
        )
    };
    let text = Format::new()
        .set_num_format("@")
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let header = text
        .clone()
        .set_bold()
        .set_background_color("#E8EDEE")
        .set_border_bottom(FormatBorder::Thin);
    let mut book = Workbook::new();
    for sheet in sheets {
        for (row, cells) in sheet.rows.iter().enumerate() {
            for (column, cell) in cells.iter().enumerate() {
                if cell.chars().count() > MAX_CELL_CHARS {
                    return Err(AppError::new(
                        ErrorCode::InvalidInput,
                        format!(
                            "the {} sheet's row {} column {} holds more than {MAX_CELL_CHARS} \
                             characters, more than Excel keeps in a cell; export the template \
                             as CSV instead",
                            sheet.name,
                            row + 1,
                            column + 1
                        ),
                    ));
                }
            }
        }
        let worksheet = book.add_worksheet();
        worksheet.set_name(&sheet.name).map_err(fail)?;
        let widths = column_widths(sheet);
        for (column, width) in widths.iter().enumerate() {
            let column = u16::try_from(column).map_err(|_| {
                AppError::new(ErrorCode::Internal, "too many columns for a workbook")
            })?;
            worksheet.set_column_width(column, *width).map_err(fail)?;
            worksheet.set_column_format(column, &text).map_err(fail)?;
        }
        for (row, cells) in sheet.rows.iter().enumerate() {
            let row = u32::try_from(row)
                .map_err(|_| AppError::new(ErrorCode::Internal, "too many rows for a workbook"))?;
            let format = if row == 0 { &header } else { &text };
            for (column, cell) in cells.iter().enumerate() {
                if cell.is_empty() {
                    continue;
                }
                let column = u16::try_from(column).map_err(|_| {
                    AppError::new(ErrorCode::Internal, "too many columns for a workbook")
                })?;
                worksheet
                    .write_string_with_format(row, column, cell, format)
                    .map_err(fail)?;
            }
        }
        worksheet.set_freeze_panes(1, 0).map_err(fail)?;
        let last_row = sheet.rows.len().saturating_sub(1);
        if let (Ok(last_row), Ok(last_column)) = (
            u32::try_from(last_row),
            u16::try_from(widths.len().saturating_sub(1)),
        ) {
            if !widths.is_empty() {
                worksheet
                    .autofilter(0, 0, last_row, last_column)
                    .map_err(fail)?;
            }
        }
    }
    book.save_to_buffer().map_err(fail)
}

/// Writes the sheets as an `.xlsx` workbook at `path`, whole or not at all (a temporary
/// file beside it, renamed into place), replacing a file already there as the other
/// spreadsheet exports do.
pub fn write_xlsx(sheets: &[Sheet], path: &Path) -> Result<()> {
    let bytes = xlsx_bytes(sheets)?;
    crate::write_file_atomically(path, &bytes, Overwrite::Replace)
}

/// The sheets as one CSV text: each sheet after a `[Name]` line, a blank line between
/// sheets, lines ending CRLF (RFC 4180), starting with a byte-order mark so that Excel
/// reads it as UTF-8.
pub fn csv_bytes(sheets: &[Sheet]) -> Result<Vec<u8>> {
    let fail = |e: &dyn std::fmt::Display| {
        AppError::new(
            ErrorCode::Internal,
            format!("cannot make the CSV text: {e}"),
        )
    };
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    for (index, sheet) in sheets.iter().enumerate() {
        if index > 0 {
            // A truly empty line (a CSV writer would write `""`), which reads as no row.
            bytes.extend_from_slice(b"\r\n");
        }
        let mut out = csv::WriterBuilder::new()
            .flexible(true)
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        out.write_record([format!("[{}]", sheet.name)])
            .map_err(|e| fail(&e))?;
        for row in &sheet.rows {
            out.write_record(row).map_err(|e| fail(&e))?;
        }
        bytes.extend(out.into_inner().map_err(|e| fail(&e))?);
    }
    Ok(bytes)
}

/// Writes the sheets as one CSV file at `path` (see [`csv_bytes`]), whole or not at all.
pub fn write_csv(sheets: &[Sheet], path: &Path) -> Result<()> {
    let bytes = csv_bytes(sheets)?;
    crate::write_file_atomically(path, &bytes, Overwrite::Replace)
}

impl App {
    /// Writes a template version (the newest unless one is named) as a spreadsheet at
    /// `out`: an `.xlsx` workbook, or one `.csv` file when `out` ends in `.csv`. A file
    /// already at `out` is replaced only with [`crate::Overwrite::Replace`].
    pub fn export_template_sheet(
        &self,
        id: &str,
        version: Option<&str>,
        out: &Path,
        overwrite: crate::Overwrite,
    ) -> Result<PathBuf> {
        let kind = kind_of(out)?;
        if overwrite == crate::Overwrite::Refuse && out.symlink_metadata().is_ok() {
            return Err(AppError::new(
                ErrorCode::Conflict,
                format!(
                    "{} already exists; choose another name, or replace it with --force",
                    out.display()
                ),
            ));
        }
        let template = self.template(id, version)?;
        let sheets = to_sheets(&template);
        match kind {
            Kind::Xlsx => write_xlsx(&sheets, out)?,
            Kind::Csv => write_csv(&sheets, out)?,
        }
        Ok(out.to_path_buf())
    }

    /// Reads a template spreadsheet into a template and its pretty JSON text (as drafts and
    /// imported templates are kept). Every problem in it comes back in one error, one per
    /// line, each prefixed with the file's name.
    pub fn read_template_sheet(path: &Path) -> Result<(Template, String)> {
        let sheets = read_workbook(path)?;
        let name = shown(path);
        let template = from_sheets(&sheets).map_err(|problems| {
            AppError::new(
                ErrorCode::InvalidTemplate,
                format!(
                    "{name} is not a valid template ({} problem{}):\n{}",
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" },
                    problems_text(&name, &problems)
                ),
            )
        })?;
        let text = serde_json::to_string_pretty(&template)
            .map(|text| text + "\n")
            .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
        Ok((template, text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_dates_read_as_dates() {
        assert_eq!(excel_date(45_658.0), "2025-01-01");
        assert_eq!(excel_date(45_658.5), "2025-01-01 12:00:00");
        assert_eq!(excel_date(25_569.0), "1970-01-01");
    }

    #[test]
    fn csv_sheets_start_at_a_bracketed_name() {
        let row = |cells: &[&str]| cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
        assert_eq!(sheet_marker(&row(&["[Items]"])), Some("Items".to_owned()));
        assert_eq!(
            sheet_marker(&row(&[" [Items] ", "", " "])),
            Some("Items".to_owned())
        );
        assert_eq!(sheet_marker(&row(&["[Items]", "x"])), None);
        assert_eq!(sheet_marker(&row(&["[Draft] plan"])), None);
        assert_eq!(delimiter("[Template];;\nField;Value;About"), b';');
        assert_eq!(delimiter("[Template]\nField,Value,About"), b',');
    }
}
