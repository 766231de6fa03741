//! Template spreadsheets on disk: every shipped template written as a real .xlsx workbook
//! and a real .csv file reads back equal; files that are not spreadsheets, are damaged or
//! too big are refused with a clear message before they are read; and a workbook with
//! mistakes, as someone would make it in Excel, lists them in plain words.

use std::io::Write;
use std::path::{Path, PathBuf};

use keyline_app::template_sheet::{read_workbook, write_csv, write_xlsx, TEMPLATE_SHEET};
use keyline_app::{App, AppError, ErrorCode, Overwrite};
use keyline_core::template::sheet::{to_sheets, Sheet};
use keyline_core::template::{parse, Template};

fn shipped() -> Vec<(String, Template)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../inspection-templates");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("the templates folder") {
        let path = entry.expect("an entry").path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !name.ends_with(".json") || name == "template.schema.json" {
            continue;
        }
        let bytes = std::fs::read(&path).expect("read");
        let template = parse(&bytes).unwrap_or_else(|p| panic!("{name}: {p:?}"));
        found.push((name, template));
    }
    assert!(found.len() >= 3, "the shipped templates are found");
    found
}

fn read(path: &Path) -> Result<(Template, String), AppError> {
    App::read_template_sheet(path)
}

#[test]
fn every_shipped_template_survives_xlsx_and_csv_files() {
    let app = App::open_in_memory().expect("open");
    let dir = tempfile::tempdir().expect("temp");
    for (name, template) in shipped() {
        for extension in ["xlsx", "csv"] {
            let out = dir.path().join(format!("{name}.{extension}"));
            let written = app
                .export_template_sheet(
                    &template.id,
                    Some(&template.version),
                    &out,
                    Overwrite::Refuse,
                )
                .unwrap_or_else(|e| panic!("{name} as {extension}: {e}"));
            assert_eq!(written, out);
            let (back, text) = read(&out).unwrap_or_else(|e| panic!("{name} as {extension}:\n{e}"));
            assert!(
                back == template,
                "{name} changed on the way through {extension}"
            );
            // The JSON text is the template too, as import reads it.
            let reparsed = parse(text.as_bytes()).expect("the JSON text reads");
            assert!(reparsed == template, "{name}: the JSON text of {extension}");
            assert!(text.ends_with("}\n"));
        }
    }
}

#[test]
fn an_export_replaces_a_file_already_there_whole() {
    let app = App::open_in_memory().expect("open");
    let dir = tempfile::tempdir().expect("temp");
    let (_, template) = shipped().remove(0);
    let out = dir.path().join("template.xlsx");
    std::fs::write(&out, b"an older export").expect("write");
    // Refused unless replacing is asked for (the CLI's --force; the save dialog asks).
    let error = app
        .export_template_sheet(&template.id, None, &out, Overwrite::Refuse)
        .expect_err("exists");
    assert_eq!(error.code, ErrorCode::Conflict, "{error}");
    assert_eq!(std::fs::read(&out).expect("read"), b"an older export");
    app.export_template_sheet(&template.id, None, &out, Overwrite::Replace)
        .expect("replaced");
    assert!(read(&out).expect("reads").0 == template);
    // No temporary file is left beside it.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["template.xlsx"]);
    let error = app
        .export_template_sheet("no-such-template", None, &out, Overwrite::Replace)
        .expect_err("unknown template");
    assert_eq!(error.code, ErrorCode::NotFound, "{error}");
    let error = app
        .export_template_sheet(
            &template.id,
            None,
            &dir.path().join("template.json"),
            Overwrite::Replace,
        )
        .expect_err("not a spreadsheet name");
    assert_eq!(error.code, ErrorCode::InvalidInput);
}

fn refused(path: &Path) -> AppError {
    read_workbook(path).expect_err("refused")
}

#[test]
fn files_that_are_not_spreadsheets_are_refused_before_they_are_read() {
    let dir = tempfile::tempdir().expect("temp");
    let at = |name: &str| dir.path().join(name);

    let error = refused(&at("missing.xlsx"));
    assert_eq!(error.code, ErrorCode::Io);
    assert!(error.message.starts_with("there is no file at"), "{error}");

    // A PNG renamed .xlsx.
    let png = at("photo.xlsx");
    std::fs::write(
        &png,
        [
            0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R',
        ],
    )
    .expect("write");
    let error = refused(&png);
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert_eq!(
        error.message,
        "photo.xlsx is not an Excel workbook (.xlsx): it looks like an image (image/png)"
    );

    // A zip that breaks off: the start of a real workbook.
    let whole =
        keyline_app::template_sheet::xlsx_bytes(&to_sheets(&shipped()[0].1)).expect("a workbook");
    let corrupt = at("corrupt.xlsx");
    std::fs::write(&corrupt, &whole[..whole.len() / 2]).expect("write");
    let error = refused(&corrupt);
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(
        error.message.starts_with("corrupt.xlsx is damaged (")
            && error
                .message
                .ends_with("open it in Excel and save it again"),
        "{error}"
    );

    // Zip magic followed by nothing a zip holds.
    let garbage = at("garbage.xlsx");
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.extend((0..4096u32).map(|n| (n * 7919 % 251) as u8));
    std::fs::write(&garbage, bytes).expect("write");
    assert_eq!(refused(&garbage).code, ErrorCode::InvalidInput);

    // Bigger than any template: refused by its size, without reading it.
    let big = at("big.csv");
    let file = std::fs::File::create(&big).expect("create");
    file.set_len(TEMPLATE_SHEET.max_bytes + 1).expect("grow");
    let error = refused(&big);
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(
        error
            .message
            .ends_with("is 20.0 MB; a template spreadsheet can be at most 20.0 MB"),
        "{error}"
    );

    let old = at("template.xls");
    std::fs::write(&old, b"anything").expect("write");
    assert!(refused(&old)
        .message
        .contains("save it as an Excel Workbook (.xlsx)"));
    let other = at("template.ods");
    std::fs::write(&other, b"anything").expect("write");
    assert!(refused(&other)
        .message
        .contains(".xlsx (Excel Workbook) or .csv"));

    let folder = at("folder.xlsx");
    std::fs::create_dir(&folder).expect("mkdir");
    assert!(refused(&folder)
        .message
        .ends_with("is a folder, not a file"));

    // A CSV file saved in a Windows code page, not UTF-8.
    let latin = at("latin.csv");
    std::fs::write(&latin, b"[Template]\nField,Value\nTitle,Caf\xe9\n").expect("write");
    assert_eq!(
        refused(&latin).message,
        "latin.csv is not UTF-8 text: in Excel, save it as “CSV UTF-8 (Comma delimited)”"
    );
    let stray = at("stray.csv");
    std::fs::write(&stray, "Field,Value\n").expect("write");
    let error = refused(&stray);
    assert_eq!(error.code, ErrorCode::InvalidTemplate);
    assert!(
        error
            .message
            .starts_with("stray.csv: line 1 comes before any sheet"),
        "{error}"
    );
}

#[test]
fn a_workbook_that_unpacks_to_too_much_is_not_unpacked() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("bomb.xlsx");
    let file = std::fs::File::create(&path).expect("create");
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("xl/sharedStrings.xml", options)
        .expect("start");
    let zeros = vec![b'0'; 1024 * 1024];
    for _ in 0..210 {
        zip.write_all(&zeros).expect("write");
    }
    zip.finish().expect("finish");
    assert!(std::fs::metadata(&path).expect("meta").len() < TEMPLATE_SHEET.max_bytes);
    let error = refused(&path);
    assert_eq!(
        error.message,
        "bomb.xlsx unpacks to more than 200.0 MB, far more than any template; it was not read \
         further"
    );
}

#[test]
fn a_cell_far_beyond_any_template_is_refused_not_laid_out() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("far.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Items").expect("name");
    sheet.write_string(0, 0, "Section").expect("write");
    sheet.write_string(1_048_575, 16_383, "far").expect("write");
    book.save(&path).expect("save");
    let error = refused(&path);
    assert_eq!(
        error.message,
        "far.xlsx has text in row 1048576 column 16384 of the sheet “Items”, far beyond any \
         template (at most 100000 rows and 1000 columns are read); clear the cells beyond \
         the template"
    );
}

/// A sheet written as an author would type it into Excel: numbers as numbers, yes and no
/// as TRUE and FALSE, everything else as text.
fn write_as_typed(sheets: &[Sheet], path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    for sheet in sheets {
        let worksheet = book.add_worksheet();
        worksheet.set_name(&sheet.name).expect("name");
        for (row, cells) in sheet.rows.iter().enumerate() {
            for (column, cell) in cells.iter().enumerate() {
                let (row, column) = (row as u32, column as u16);
                if cell.is_empty() {
                    continue;
                }
                match (cell.parse::<f64>(), cell.as_str()) {
                    // Versions and ids such as "2.0" keep their text, as a careful author's
                    // text-formatted cells would.
                    (Ok(n), text) if format!("{n}") == text => {
                        worksheet.write_number(row, column, n).map(drop)
                    }
                    (_, "yes") => worksheet.write_boolean(row, column, true).map(drop),
                    (_, "no") => worksheet.write_boolean(row, column, false).map(drop),
                    _ => worksheet.write_string(row, column, cell).map(drop),
                }
                .expect("write");
            }
        }
    }
    book.save(path).expect("save");
}

#[test]
fn a_workbook_typed_in_excel_reads_numbers_and_booleans_as_written() {
    let dir = tempfile::tempdir().expect("temp");
    for (name, template) in shipped() {
        let path = dir.path().join(format!("{name}.xlsx"));
        write_as_typed(&to_sheets(&template), &path);
        let (back, _) = read(&path).unwrap_or_else(|e| panic!("{name}:\n{e}"));
        assert!(back == template, "{name}");
    }
}

fn set(sheets: &mut [Sheet], sheet: &str, key: (&str, &str), header: &str, value: &str) {
    let sheet = sheets
        .iter_mut()
        .find(|s| s.name == sheet)
        .expect("the sheet");
    let column = |name: &str| {
        sheet.rows[0]
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let (key_column, column) = (column(key.0), column(header));
    let row = sheet
        .rows
        .iter()
        .position(|r| r[key_column] == key.1)
        .unwrap_or_else(|| panic!("no row {}", key.1));
    sheet.rows[row][column] = value.to_owned();
}

#[test]
fn a_workbook_with_mistakes_lists_them_all_in_plain_words() {
    let dir = tempfile::tempdir().expect("temp");
    let (_, template) = shipped()
        .into_iter()
        .find(|(name, _)| name == "monthly-ward-self-assessment.json")
        .expect("the monthly self-assessment");
    let first = &template.sections[0].items[0];
    let second = &template.sections[0].items[1];
    let mut sheets = to_sheets(&template);
    set(
        &mut sheets,
        "Items",
        ("Item id", &first.id),
        "Weight",
        "heavy",
    );
    set(
        &mut sheets,
        "Items",
        ("Item id", &second.id),
        "Type",
        "slider",
    );
    set(
        &mut sheets,
        "Items",
        ("Item id", &second.id),
        "Section",
        "nowhere",
    );
    let path = dir.path().join("mistakes.xlsx");
    write_as_typed(&sheets, &path);

    let error = read(&path).expect_err("refused");
    assert_eq!(error.code, ErrorCode::InvalidTemplate);
    let lines: Vec<&str> = error.message.lines().collect();
    assert_eq!(
        lines,
        [
            "mistakes.xlsx is not a valid template (3 problems):",
            "mistakes.xlsx: Items sheet, row 2 (item “Has the ward's ligature risk assessment …”), \
             column “Weight”: “heavy” is not a number: write the weight as a number such as 1 or \
             1.5 (at Items!K2)",
            "mistakes.xlsx: Items sheet, row 3 (item “Has an interim plan been agreed with the…”), \
             column “Section”: no section has the id “nowhere”: write one of the ids on the \
             Sections sheet (environment, clinic, mental-health-act, restrictive-practice, \
             use-of-force, closed-cultures, infection-control, care-records and staffing) (at \
             Items!A3)",
            "mistakes.xlsx: Items sheet, row 3 (item “Has an interim plan been agreed with the…”), \
             column “Type”: “slider” is not a type: write one of scale, yes/no, partial, choice, \
             number, count, text or date (at Items!E3)",
        ]
    );

    // The same mistakes in the stacked CSV file say the same.
    let csv = dir.path().join("mistakes.csv");
    write_csv(&sheets, &csv).expect("write");
    let error = read(&csv).expect_err("refused");
    assert_eq!(
        error.message.replace("mistakes.csv", "mistakes.xlsx"),
        lines.join("\n")
    );
}

#[test]
fn a_csv_file_saved_with_semicolons_reads_the_same() {
    let dir = tempfile::tempdir().expect("temp");
    let (_, template) = shipped().remove(0);
    let sheets = to_sheets(&template);
    let path = dir.path().join("semicolons.csv");
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .from_writer(Vec::new());
    for sheet in &sheets {
        out.write_record([format!("[{}]", sheet.name), String::new()])
            .expect("write");
        out.write_record([""]).expect("write");
        for row in &sheet.rows {
            out.write_record(row).expect("write");
        }
    }
    std::fs::write(&path, out.into_inner().expect("bytes")).expect("write");
    assert!(read(&path).expect("reads").0 == template);
}

#[test]
fn the_stacked_csv_file_is_the_documented_layout() {
    let dir = tempfile::tempdir().expect("temp");
    let (_, template) = shipped().remove(0);
    let path = dir.path().join("stacked.csv");
    write_csv(&to_sheets(&template), &path).expect("write");
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.starts_with(
        "\u{feff}[Template]\r\nField,Value,About\r\nFormat,keyline-template-sheets/1,"
    ));
    for name in [
        "[Sections]",
        "[Items]",
        "[Scales]",
        "[Ratings]",
        "[Bands]",
        "[Rules]",
        "[Regulations]",
    ] {
        assert!(text.contains(&format!("\r\n\r\n{name}\r\n")), "{name}");
    }
    let sheets = read_workbook(&path).expect("reads");
    assert_eq!(sheets.len(), 8);
    // The xlsx has the same sheets and cells.
    let xlsx = dir.path().join("stacked.xlsx");
    write_xlsx(&to_sheets(&template), &xlsx).expect("write");
    let from_xlsx = read_workbook(&xlsx).expect("reads");
    let trimmed = |sheets: Vec<Sheet>| -> Vec<Sheet> {
        sheets
            .into_iter()
            .map(|mut sheet| {
                for row in &mut sheet.rows {
                    while row.last().is_some_and(String::is_empty) {
                        row.pop();
                    }
                }
                while sheet.rows.last().is_some_and(Vec::is_empty) {
                    sheet.rows.pop();
                }
                sheet
            })
            .collect()
    };
    assert_eq!(trimmed(from_xlsx), trimmed(sheets));
}
