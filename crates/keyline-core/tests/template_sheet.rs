//! Templates as spreadsheets: every shipped template survives the sheets (and CSV text)
//! unchanged, a spreadsheet with mistakes lists them all at their cells in plain words, and
//! no grid of cells, however odd, makes reading panic.

use std::path::PathBuf;

use keyline_core::template::sheet::{from_sheets, to_sheets, Sheet, SHEET_FORMAT};
use keyline_core::template::{parse, Problem, Template};

const SHIPPED: [&str; 3] = [
    "cqc-saf-mh-ward.json",
    "cqc-kloe-mh-ward.json",
    "monthly-ward-self-assessment.json",
];

fn templates_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../inspection-templates")
}

/// Every template in `inspection-templates/`, by file name (the schema aside).
fn shipped() -> Vec<(String, Template)> {
    let mut found = Vec::new();
    let entries = std::fs::read_dir(templates_dir()).expect("the templates folder");
    for entry in entries {
        let path = entry.expect("an entry").path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !name.ends_with(".json") || name == "template.schema.json" {
            continue;
        }
        let bytes = std::fs::read(&path).expect("read a shipped template");
        let template = parse(&bytes).unwrap_or_else(|problems| panic!("{name}: {problems:?}"));
        found.push((name, template));
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

fn lines(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}\n"))
        .collect::<String>()
}

fn read_back(sheets: &[Sheet]) -> Template {
    from_sheets(sheets).unwrap_or_else(|problems| panic!("does not read:\n{}", lines(&problems)))
}

#[test]
fn every_shipped_template_survives_the_sheets() {
    let templates = shipped();
    for name in SHIPPED {
        assert!(
            templates.iter().any(|(found, _)| found == name),
            "{name} is shipped"
        );
    }
    for (name, template) in &templates {
        let sheets = to_sheets(template);
        let back = from_sheets(&sheets)
            .unwrap_or_else(|problems| panic!("{name} does not read back:\n{}", lines(&problems)));
        assert!(back == *template, "{name} changed on the way through");
        // Written again, the sheets are the same cells.
        assert_eq!(to_sheets(&back), sheets, "{name}");
    }
}

#[test]
fn the_sheets_are_the_documented_layout() {
    let (_, template) = shipped().remove(0);
    let sheets = to_sheets(&template);
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Template",
            "Sections",
            "Items",
            "Scales",
            "Ratings",
            "Bands",
            "Rules",
            "Regulations"
        ]
    );
    let first = &sheets[0].rows;
    assert_eq!(first[0], ["Field", "Value", "About"]);
    assert_eq!(
        first[1][..2],
        ["Format".to_owned(), SHEET_FORMAT.to_owned()]
    );
}

/// A deliberately small CSV writer and reader (RFC 4180, CRLF between records), standing in
/// for a spreadsheet saved as CSV and opened again: quoting, line breaks inside cells and
/// rows that stop at their last filled cell.
fn csv_text(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in rows {
        // Spreadsheets drop empty cells at the end of a row.
        let used = row
            .iter()
            .rposition(|cell| !cell.is_empty())
            .map_or(0, |at| at + 1);
        let fields: Vec<String> = row[..used]
            .iter()
            .map(|cell| {
                if cell.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", cell.replace('"', "\"\""))
                } else {
                    cell.clone()
                }
            })
            .collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[test]
fn every_shipped_template_survives_csv_text() {
    for (name, template) in shipped() {
        let sheets: Vec<Sheet> = to_sheets(&template)
            .into_iter()
            .map(|sheet| Sheet {
                rows: csv_rows(&csv_text(&sheet.rows)),
                name: sheet.name,
            })
            .collect();
        let back = from_sheets(&sheets)
            .unwrap_or_else(|problems| panic!("{name} does not read back:\n{}", lines(&problems)));
        assert!(back == template, "{name} changed on the way through CSV");
    }
}

#[test]
fn columns_and_sheets_can_be_reordered_renamed_in_case_and_padded() {
    for (name, template) in shipped() {
        let mut sheets = to_sheets(&template);
        for sheet in &mut sheets {
            // Columns reversed, headers in capitals, a blank column and blank rows added.
            for row in &mut sheet.rows {
                row.reverse();
                row.push(String::new());
            }
            // Keys after "Descriptor" and "Characteristic:" are data (answers, rating ids)
            // and keep their case; the words themselves do not matter.
            for header in &mut sheet.rows[0] {
                *header = match header.split_once(' ') {
                    Some((word, key))
                        if word.starts_with("Descriptor") || word.starts_with("Characteristic") =>
                    {
                        format!("{} {key}", word.to_uppercase())
                    }
                    _ => header.to_uppercase(),
                };
            }
            sheet.rows.insert(1, vec![String::new(), "   ".to_owned()]);
            sheet.rows.push(Vec::new());
            sheet.name = sheet.name.to_lowercase();
        }
        sheets.reverse();
        assert!(read_back(&sheets) == template, "{name}");
    }
}

/// Every field the model has, each used at least once (the shipped templates leave some
/// out), with text that tests the notations: colons, quotes, brackets and line breaks.
const EVERY_FIELD: &str = r##"{
  "$schema": "./template.schema.json",
  "id": "every-field",
  "version": "3.1.4",
  "title": "Every field: a \"test\" template",
  "description": "Line one.\nLine two, with a comma: and a colon.",
  "source": "Written for the tests (2026).",
  "sources": [
    { "title": "A guide <with brackets>, 2024", "url": "https://example.org/guide?a=1&b=2" },
    { "title": "Keyline's own choice", "own": true },
    { "title": "Both at once", "url": "https://example.org/both", "own": true }
  ],
  "regulations": [
    { "number": "12", "title": "Safe care and treatment",
      "sources": [ { "title": "Regulation 12", "url": "https://www.legislation.gov.uk/uksi/2014/2936/regulation/12" } ] },
    { "number": "20A", "title": "Requirement as to display of performance assessments" }
  ],
  "scales": [
    { "id": "halves", "title": "Half steps", "levels": [
      { "value": 0, "label": "None" }, { "value": 0.5, "label": "Half" }, { "value": 1.5, "label": "More" } ] },
    { "id": "four", "title": "Four", "levels": [
      { "value": 1, "label": "One" }, { "value": 2, "label": "Two" }, { "value": 3, "label": "Three" }, { "value": 4, "label": "Four" } ] }
  ],
  "ratings": [
    { "id": "top", "label": "Top", "colour": "#005eb8" },
    { "id": "middle", "label": "Middle", "colour": "#007F3B" },
    { "id": "bottom", "label": "Bottom", "colour": "#d5281b" }
  ],
  "banding": {
    "rounding": { "decimals": 1, "mode": "down", "statement": "Rounded down to one place." },
    "bands": [
      { "rating": "bottom", "min": 0, "max": 38.9 },
      { "rating": "middle", "min": 39, "max": 87.9 },
      { "rating": "top", "min": 88, "max": 100 }
    ],
    "provisionalMinimum": 0.5,
    "sources": [ { "title": "Bands of our own", "own": true } ]
  },
  "rollUp": "fromSubItems",
  "caps": { "critical": "bottom", "breach": "middle", "sources": [ { "title": "Caps", "own": true } ] },
  "overall": {
    "rules": [
      { "when": [ { "rating": "bottom", "atLeast": 1, "atMost": 2 } ], "then": "bottom", "description": "One or two bottoms." },
      { "when": [ { "rating": "middle", "including": "orWorse", "atLeast": 1 },
                  { "rating": "top", "including": "orBetter", "atMost": 0 } ],
        "then": "middle", "description": "Rule two.",
        "sources": [ { "title": "Rule source", "url": "https://example.org/rules" } ] }
    ],
    "default": "top",
    "sources": [ { "title": "Overall", "own": true } ]
  },
  "sections": [
    { "id": "first", "title": "First", "description": "The first section.",
      "characteristics": { "top": "All good.\nReally.", "bottom": "Not good." },
      "sources": [ { "title": "Section source", "own": true } ],
      "items": [
        { "id": "A1", "title": "Scale item", "prompts": ["Look: here?", "And \"there\"."],
          "descriptors": { "0": "Nothing.", "1.5": "More than enough.", "na": "Not applicable." },
          "response": { "type": "scale", "scale": "halves" }, "weight": 2.5, "naAllowed": true,
          "mandatory": true, "critical": { "atOrBelow": 0, "cap": "middle" },
          "logic": [
            { "when": { "atOrBelow": 0.5, "answerIs": ["0", "na"] }, "then": "requireEvidence" },
            { "when": {}, "then": "requireNote" },
            { "when": { "answerIs": ["0"] }, "then": { "suggestAction": "Act: \"now\", then later" } },
            { "when": { "atOrBelow": 0 }, "then": { "show": ["A2", "A3"] } }
          ],
          "rollUp": "direct",
          "regulations": ["12", "20A"],
          "sources": [ { "title": "Item source", "url": "https://example.org/item" } ] },
        { "id": "A2", "title": "A follow-up choice", "response": { "type": "choice", "options": [
            { "value": "good", "label": "Good (mostly): yes", "score": 3 },
            { "value": "bad", "label": "Bad", "score": 0.25 } ] },
          "descriptors": { "good": "Good.", "bad": "Bad." }, "followUp": true },
        { "id": "A3", "title": "A follow-up partial", "response": { "type": "partial" },
          "descriptors": { "yes": "Yes.", "partial": "Partly.", "no": "No." }, "followUp": true }
      ] },
    { "id": "second", "title": "Second", "items": [
        { "id": "B1", "title": "Rolled up", "response": { "type": "four" }, "subItems": [
            { "id": "B1.a", "title": "Number", "response": { "type": "number", "target": 38.5, "direction": "atMost", "unit": "days", "min": -1, "max": 1000000 } },
            { "id": "B1.b", "title": "Count", "response": { "type": "count", "of": 12, "unit": "records" }, "critical": { "atOrBelow": 0.8 } },
            { "id": "B1.c", "title": "Count without a sample", "response": { "type": "count" } },
            { "id": "B1.d", "title": "Number, bare", "response": { "type": "number", "target": 0, "direction": "atLeast" } }
        ] },
        { "id": "B2", "title": "Text", "response": { "type": "text" }, "prompts": [] },
        { "id": "B3", "title": "Date", "response": { "type": "date" }, "rollUp": "direct", "subItems": [
            { "id": "B3.a", "title": "Yes or no", "response": { "type": "yesNo" }, "descriptors": { "yes": "Y", "no": "N" } } ] }
    ] }
  ]
}"##;

#[test]
fn every_field_of_the_model_survives_the_sheets() {
    let text = EVERY_FIELD.replace(r#""type": "four""#, r#""type": "scale", "scale": "four""#);
    let template = parse(text.as_bytes()).unwrap_or_else(|problems| panic!("{}", lines(&problems)));
    let sheets = to_sheets(&template);
    assert!(read_back(&sheets) == template);
    let csv: Vec<Sheet> = sheets
        .iter()
        .map(|sheet| Sheet {
            name: sheet.name.clone(),
            rows: csv_rows(&csv_text(&sheet.rows)),
        })
        .collect();
    assert!(read_back(&csv) == template);
    // The notations as written, for the docs' examples.
    let items = &sheets[2];
    let column = |name: &str| {
        items.rows[0]
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    assert_eq!(
        items.rows[1][column("Logic")],
        "when score at or below 0.5 and answer is 0, na: require evidence\n\
         always: require note\n\
         when answer is 0: suggest action \"Act: \"now\", then later\"\n\
         when score at or below 0: show A2, A3"
    );
    assert_eq!(
        items.rows[1][column("Critical")],
        "at or below 0; cap middle"
    );
    assert_eq!(items.rows[1][column("Regulations")], "12, 20A");
    assert_eq!(
        items.rows[2][column("Options")],
        "good: Good (mostly): yes (score 3)\nbad: Bad (score 0.25)"
    );
    let descriptors: Vec<&str> = items.rows[0]
        .iter()
        .filter(|h| h.starts_with("Descriptor"))
        .map(String::as_str)
        .collect();
    assert_eq!(
        descriptors,
        [
            "Descriptor 0",
            "Descriptor 1.5",
            "Descriptor na",
            "Descriptor good",
            "Descriptor bad",
            "Descriptor yes",
            "Descriptor partial",
            "Descriptor no"
        ]
    );
    assert_eq!(
        sheets[6].rows[2][0],
        "at least 1 section rated middle or worse\nat most 0 sections rated top or better"
    );
}

/// A small template every mistake below is made in.
const SMALL: &str = r##"{
  "id": "ward-check",
  "version": "1.0",
  "title": "Ward check",
  "description": "A short check.",
  "source": "Written for the tests.",
  "scales": [
    { "id": "four", "title": "Four levels", "levels": [
      { "value": 1, "label": "Poor" }, { "value": 2, "label": "Fair" },
      { "value": 3, "label": "Good" }, { "value": 4, "label": "Great" } ] }
  ],
  "ratings": [
    { "id": "good", "label": "Good", "colour": "#007f3b" },
    { "id": "poor", "label": "Poor", "colour": "#d5281b" }
  ],
  "banding": {
    "rounding": { "decimals": 0, "mode": "halfUp", "statement": "Halves round up." },
    "bands": [ { "rating": "poor", "min": 0, "max": 49 }, { "rating": "good", "min": 50, "max": 100 } ]
  },
  "caps": { "critical": "poor" },
  "overall": {
    "rules": [ { "when": [ { "rating": "poor", "atLeast": 1 } ], "then": "poor", "description": "Any poor section." } ],
    "default": "good"
  },
  "sections": [
    { "id": "safe", "title": "Safe", "items": [
      { "id": "S1", "title": "Staffing", "response": { "type": "scale", "scale": "four" },
        "critical": { "atOrBelow": 1 },
        "logic": [ { "when": { "atOrBelow": 2 }, "then": "requireNote" } ] },
      { "id": "S2", "title": "Ligatures", "response": { "type": "yesNo" },
        "logic": [ { "when": { "answerIs": ["no"] }, "then": { "show": ["S2.plan"] } } ] },
      { "id": "S2.plan", "title": "Is there an interim plan?", "response": { "type": "yesNo" }, "followUp": true },
      { "id": "S3", "title": "Medicines", "response": { "type": "partial" } }
    ] },
    { "id": "effective", "title": "Effective", "items": [
      { "id": "E1", "title": "Care plans", "response": { "type": "count", "unit": "care plans" },
        "subItems": [ { "id": "E1.a", "title": "Reviewed weekly", "response": { "type": "yesNo" } } ] },
      { "id": "E2", "title": "Fill rate", "response": { "type": "number", "target": 95, "direction": "atLeast", "unit": "%" } }
    ] }
  ]
}"##;

fn small() -> Template {
    parse(SMALL.as_bytes()).unwrap_or_else(|problems| panic!("{}", lines(&problems)))
}

fn sheet_mut<'a>(sheets: &'a mut [Sheet], name: &str) -> &'a mut Sheet {
    sheets
        .iter_mut()
        .find(|sheet| sheet.name == name)
        .expect("the sheet")
}

/// Sets the cell under `header` in the row whose first-listed key column holds `key`.
fn set(sheets: &mut [Sheet], sheet: &str, key: (&str, &str), header: &str, value: &str) {
    let sheet = sheet_mut(sheets, sheet);
    let column_of = |name: &str| {
        sheet.rows[0]
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let key_column = column_of(key.0);
    let column = column_of(header);
    let row = sheet
        .rows
        .iter()
        .position(|row| row[key_column] == key.1)
        .unwrap_or_else(|| panic!("no row with {} {}", key.0, key.1));
    sheet.rows[row][column] = value.to_owned();
}

fn add_column(sheets: &mut [Sheet], sheet: &str, header: &str) {
    let sheet = sheet_mut(sheets, sheet);
    sheet.rows[0].push(header.to_owned());
    for row in sheet.rows.iter_mut().skip(1) {
        row.push(String::new());
    }
}

fn rename_column(sheets: &mut [Sheet], sheet: &str, from: &str, to: &str) {
    let sheet = sheet_mut(sheets, sheet);
    for header in &mut sheet.rows[0] {
        if header == from {
            *header = to.to_owned();
        }
    }
}

#[test]
fn the_small_template_survives_the_sheets() {
    let template = small();
    assert!(read_back(&to_sheets(&template)) == template);
}

#[test]
fn every_mistake_is_listed_in_one_pass_at_its_cell() {
    let mut sheets = to_sheets(&small());
    let item = ("Item id", "S1");
    set(&mut sheets, "Items", ("Item id", "S3"), "Weight", "heavy");
    set(&mut sheets, "Items", ("Item id", "E2"), "Type", "slider");
    set(
        &mut sheets,
        "Items",
        ("Item id", "S2"),
        "Logic",
        "when answer is no: show S2.plan\nwhen answer is no require note",
    );
    add_column(&mut sheets, "Items", "Descriptor 5");
    set(&mut sheets, "Items", item, "Descriptor 5", "Beyond great.");
    rename_column(&mut sheets, "Items", "Mandatory", "Mandatroy");
    set(
        &mut sheets,
        "Items",
        ("Item id", "E1"),
        "Section",
        "efective",
    );
    set(&mut sheets, "Items", ("Item id", "S3"), "Item id", "S2");

    let problems = from_sheets(&sheets).expect_err("the mistakes are found");
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    let expected = [
        // A header Keyline does not read, with the one it probably is.
        "Items sheet, column K: “Mandatroy” is not a column Keyline reads on the Items sheet \
         (did you mean “Mandatory”?); the columns are Section, Item id, Parent, Title, Type, \
         Scale, Options, Prompts, Weight, N/A allowed, Mandatory, Critical, Follow-up, \
         Roll-up, Logic, Regulations, Sources, Target, Direction, Unit, Min, Max and Sample \
         size, and “Descriptor 1” columns (at Items!K1)",
        // A logic line that does not read; the line before it still does.
        "Items sheet, row 3 (item “Ligatures”), column “Logic”, line 2: “when answer is no \
         require note” has no colon between when the rule fires and what it does: write one \
         rule per line, such as “when answer is no: require note”, “when score at or below 1: \
         suggest action \"Review the rota\"”, “when answer is no, partial: show S1.1, S1.2” \
         or “when answer is yes: require evidence” (at Items!O3)",
        "Items sheet, row 5 (item “Medicines”), column “Weight”: “heavy” is not a number: \
         write the weight as a number such as 1 or 1.5 (at Items!I5)",
        "Items sheet, row 6 (item “Care plans”), column “Section”: no section has the id \
         “efective”: write one of the ids on the Sections sheet (safe and effective) (at \
         Items!A6)",
        "Items sheet, row 8 (item “Fill rate”), column “Type”: “slider” is not a type: write \
         one of scale, yes/no, partial, choice, number, count, text or date (at Items!E8)",
        // The check's own words, as for a JSON file, pointed at the cells.
        "Section 1 “Safe”, item 1 “Staffing”, descriptor “5”: `5` is not one of this item's \
         answers; descriptors are keyed by `1`, `2`, `3`, `4` (at Items!X2)",
        "Section 1 “Safe”, item 4 “Medicines”, id: the item id `S2` is already used at \
         Section 1 “Safe”, item 2 “Ligatures”; item and sub-item ids must be unique across the whole template (at \
         Items!B5)",
    ];
    assert_eq!(shown, expected);
    // The cell problem's parts, for the editor's list.
    let weight = &problems[2];
    assert_eq!(weight.path, "Items!I5");
    assert_eq!(
        weight.place,
        "Items sheet, row 5 (item “Medicines”), column “Weight”"
    );
    assert_eq!(
        weight.message,
        "“heavy” is not a number: write the weight as a number such as 1 or 1.5"
    );
}

#[test]
fn cells_of_the_wrong_kind_say_what_to_write() {
    let mut sheets = to_sheets(&small());
    set(&mut sheets, "Items", ("Item id", "S2"), "Scale", "four");
    set(
        &mut sheets,
        "Items",
        ("Item id", "S3"),
        "Critical",
        "below 1",
    );
    set(&mut sheets, "Items", ("Item id", "E2"), "Target", "9,5");
    set(&mut sheets, "Items", ("Item id", "E2"), "Direction", "up");
    set(
        &mut sheets,
        "Items",
        ("Item id", "E1"),
        "N/A allowed",
        "maybe",
    );
    set(&mut sheets, "Scales", ("Label", "Good"), "Value", "three");
    set(&mut sheets, "Bands", ("Rating", "good"), "Min", "fifty");
    set(
        &mut sheets,
        "Rules",
        ("Then", "poor"),
        "When",
        "one poor section",
    );
    set(
        &mut sheets,
        "Template",
        ("Field", "Rounding mode"),
        "Value",
        "up",
    );
    let shown: Vec<String> = from_sheets(&sheets)
        .expect_err("refused")
        .iter()
        .map(ToString::to_string)
        .collect();
    let expected = [
        "Template sheet, row 12 (field “Rounding mode”), column “Value”: “up” is not one of \
         the choices: write half up (62.5 becomes 63) or down (62.9 becomes 62) (at \
         Template!B12)",
        "Items sheet, row 3 (item “Ligatures”), column “Scale”: “Scale” is not used by yes/no \
         items: clear this cell, or change the type (the Scale column is for scale items) (at \
         Items!F3)",
        "Items sheet, row 5 (item “Medicines”), column “Critical”: “below 1” does not read as \
         a critical rule: write it as at or below a score, optionally with the rating it caps \
         the section at: “at or below 1” or “at or below 1; cap requires-improvement” (at \
         Items!L5)",
        "Items sheet, row 6 (item “Care plans”), column “N/A allowed”: “maybe” is not yes or \
         no: write yes or no (empty means no) (at Items!J6)",
        "Items sheet, row 8 (item “Fill rate”), column “Target”: “9,5” is not a number: write \
         the decimal point as a full stop, 9.5 (at Items!R8)",
        "Items sheet, row 8 (item “Fill rate”), column “Direction”: “up” is not a direction: \
         write at least (the answer meets the target when it is at least the target) or at \
         most (at Items!S8)",
        "Scales sheet, row 4 (scale “four”), column “Value”: “three” is not a number: write \
         the level's value as a number such as 1 or 2 (at Scales!C4)",
        "Bands sheet, row 3 (band “good”), column “Min”: “fifty” is not a number: write the \
         band's lowest percentage as a number such as 39 (at Bands!B3)",
        "Rules sheet, row 2 (rule 1), column “When”, line 1: “one poor section” does not read \
         as a condition: write one condition per line, such as “at least 2 sections rated \
         inadequate” or “at most 0 sections rated requires-improvement or worse” (at \
         Rules!A2)",
    ];
    assert_eq!(shown, expected);
}

#[test]
fn problems_in_the_template_read_as_they_do_for_json() {
    // A weight of 0 reads as a number, so it is the check that refuses it: the place and
    // the message are the JSON import's, the path is the cell.
    let mut template = small();
    template.sections[0].items[0].weight = 0.0;
    let json = serde_json::to_vec(&template).expect("json");
    let from_json = parse(&json).expect_err("a weight of 0 is refused");
    let from_sheet = from_sheets(&to_sheets(&template)).expect_err("and in a sheet too");
    assert_eq!(from_json.len(), 1);
    assert_eq!(from_sheet.len(), 1);
    assert_eq!(from_sheet[0].place, from_json[0].place);
    assert_eq!(from_sheet[0].message, from_json[0].message);
    assert_eq!(from_json[0].path, "$.sections[0].items[0].weight");
    assert_eq!(from_sheet[0].path, "Items!I2");
}

#[test]
fn a_workbook_of_a_newer_layout_is_refused_with_one_problem() {
    let mut sheets = to_sheets(&small());
    set(
        &mut sheets,
        "Template",
        ("Field", "Format"),
        "Value",
        "keyline-template-sheets/2",
    );
    set(&mut sheets, "Items", ("Item id", "S1"), "Weight", "heavy");
    let problems = from_sheets(&sheets).expect_err("refused");
    assert_eq!(problems.len(), 1, "{}", lines(&problems));
    assert_eq!(
        problems[0].to_string(),
        "Template sheet, row 2 (field “Format”), column “Value”: this workbook has the layout \
         keyline-template-sheets/2, from a newer Keyline; this Keyline reads \
         keyline-template-sheets/1: update Keyline, or export the template again from this \
         version (at Template!B2)"
    );
    set(
        &mut sheets,
        "Template",
        ("Field", "Format"),
        "Value",
        "my own layout",
    );
    let problems = from_sheets(&sheets).expect_err("refused");
    assert_eq!(problems.len(), 1);
    assert!(problems[0]
        .message
        .starts_with("“my own layout” is not a layout Keyline knows"));
}

#[test]
fn missing_and_unknown_sheets_are_named() {
    let mut sheets = to_sheets(&small());
    sheets.retain(|sheet| sheet.name != "Bands");
    sheets.push(Sheet {
        name: "Rulez".to_owned(),
        rows: vec![vec!["When".to_owned()]],
    });
    sheets.push(Sheet {
        name: "Empty notes".to_owned(),
        rows: vec![vec![String::new()]],
    });
    let shown: Vec<String> = from_sheets(&sheets)
        .expect_err("refused")
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        shown,
        [
            "Workbook: there is no Bands sheet; add one named “Bands” (export a shipped \
             template to see the layout)",
            "Rulez sheet: “Rulez” is not a sheet Keyline reads (did you mean “Rules”?); the \
             sheets are Template, Sections, Items, Scales, Ratings, Bands, Rules and \
             Regulations: rename it or delete it (at Rulez)",
        ]
    );
    assert!(from_sheets(&[]).is_err());
}

/// A small deterministic generator (xorshift), so the garbage is the same on every run.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const WORDS: [&str; 40] = [
    "",
    " ",
    "Template",
    "Items",
    "Sections",
    "Scales",
    "Ratings",
    "Bands",
    "Rules",
    "Regulations",
    "Item id",
    "Parent",
    "Section",
    "Type",
    "Descriptor",
    "Descriptor 1",
    "Characteristic:",
    "Format",
    "keyline-template-sheets/99",
    "scale",
    "choice",
    "number",
    "count",
    "yes",
    "1",
    "-0",
    "1e308",
    "NaN",
    "at or below",
    "when answer is",
    "when score at or below 1 and answer is",
    ": show",
    "a: b (score",
    "(own)",
    "<>",
    "at least 99999999999 sections rated",
    "S1",
    "\u{feff}é€\u{202e}",
    "\n\n:\n",
    "[Items]",
];

fn garbage(dice: &mut Dice) -> Vec<Sheet> {
    (0..dice.below(10))
        .map(|_| Sheet {
            name: WORDS[dice.below(WORDS.len())].to_owned(),
            rows: (0..dice.below(8))
                .map(|_| {
                    (0..dice.below(30))
                        .map(|_| {
                            let mut cell = WORDS[dice.below(WORDS.len())].to_owned();
                            if dice.below(4) == 0 {
                                cell.push_str(WORDS[dice.below(WORDS.len())]);
                            }
                            cell
                        })
                        .collect()
                })
                .collect(),
        })
        .collect()
}

/// A real template's sheets with a few cells swapped for garbage, which reaches deeper.
fn damaged(dice: &mut Dice, sheets: &[Sheet]) -> Vec<Sheet> {
    let mut sheets = sheets.to_vec();
    for _ in 0..1 + dice.below(6) {
        let at = dice.below(sheets.len());
        let sheet = &mut sheets[at];
        match dice.below(5) {
            0 => {
                let row = dice.below(sheet.rows.len());
                if let Some(row) = sheet.rows.get_mut(row) {
                    row.truncate(dice.below(10));
                }
            }
            1 => {
                if !sheet.rows.is_empty() {
                    let row = dice.below(sheet.rows.len());
                    sheet.rows.remove(row);
                }
            }
            _ => {
                if sheet.rows.is_empty() {
                    continue;
                }
                let row = dice.below(sheet.rows.len());
                let width = sheet.rows[row].len();
                let column = dice.below(width + 2);
                let word = WORDS[dice.below(WORDS.len())].to_owned();
                if column < width {
                    sheet.rows[row][column] = word;
                } else {
                    sheet.rows[row].push(word);
                }
            }
        }
    }
    sheets
}

#[test]
fn no_grid_of_cells_makes_reading_panic() {
    let mut dice = Dice(0x9e37_79b9_7f4a_7c15);
    for _ in 0..2_000 {
        let _ = from_sheets(&garbage(&mut dice));
    }
    let small = to_sheets(&small());
    for _ in 0..2_000 {
        let sheets = damaged(&mut dice, &small);
        if let Err(problems) = from_sheets(&sheets) {
            assert!(!problems.is_empty());
            assert!(problems.iter().all(|p| !p.message.is_empty()));
        }
    }
}

#[test]
fn the_example_in_the_docs_reads_as_documented() {
    let (_, saf) = shipped()
        .into_iter()
        .find(|(name, _)| name == "cqc-saf-mh-ward.json")
        .expect("the SAF template");
    let mut sheets = to_sheets(&saf);
    set(
        &mut sheets,
        "Items",
        ("Item id", "safe.staffing"),
        "Weight",
        "heavy",
    );
    rename_column(&mut sheets, "Items", "Mandatory", "Mandatroy");
    add_column(&mut sheets, "Items", "Descriptor 5");
    set(
        &mut sheets,
        "Items",
        ("Item id", "safe.learning-culture"),
        "Descriptor 5",
        "Beyond exceptional.",
    );
    let shown: Vec<String> = from_sheets(&sheets)
        .expect_err("refused")
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(shown.len(), 3, "{shown:#?}");
    assert!(shown[0].starts_with(
        "Items sheet, column O: “Mandatroy” is not a column Keyline reads on the Items sheet \
         (did you mean “Mandatory”?); the columns are "
    ));
    assert!(shown[0].ends_with(" (at Items!O1)"));
    assert_eq!(
        shown[1],
        "Items sheet, row 46 (item “Safe and effective staffing”), column “Weight”: “heavy” is \
         not a number: write the weight as a number such as 1 or 1.5 (at Items!M46)"
    );
    assert_eq!(
        shown[2],
        "Section 1 “Safe”, item 1 “Learning culture”, descriptor “5”: `5` is not one of this \
         item's answers; descriptors are keyed by `1`, `2`, `3`, `4` (at Items!AB2)"
    );
}
