//! Templates as spreadsheets, so quality leads can draft and change a template in Excel
//! instead of JSON.
//!
//! The layout (documented for authors in `docs/templates.md`, "Spreadsheets") is a sheet per
//! concern: Template (field and value rows), Sections, Items (one row per item, sub-items as
//! rows naming their parent), Scales (a row per level), Ratings, Bands, Rules and
//! Regulations. Columns are found by their header text, in any order and any case; lists
//! sit in one cell, one entry per line; logic and rating rules are written in a small
//! notation that reads as English (`when answer is no: require note`).
//!
//! Guarantees:
//! - [`to_sheets`] then [`from_sheets`] gives back an equal [`Template`] for every template
//!   the shipped files hold (the tests check each one); the few shapes no sheet can hold
//!   (a prompt with a line break inside it, say) are listed in the docs.
//! - [`from_sheets`] never panics and never stops at the first mistake: every cell that does
//!   not read is reported at its cell (`Items!F7`) and in words ("Items sheet, row 7 (item
//!   “Staffing”), column “Weight”"); the template as read is then checked exactly as an
//!   imported JSON file is, and those problems are pointed at their cells too, so authors
//!   read the same messages whichever way they write a template.
//!
//! Pure: cells are text here. Reading and writing `.xlsx` and `.csv` files is keyline-app's.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::{
    Band, Banding, Caps, ChoiceOption, Condition, Consequence, Critical, Including, Item,
    LogicRule, OverallRule, OverallRules, Problem, Rating, RatingCount, Regulation, ResponseType,
    RollUp, Rounding, RoundingMode, Scale, ScaleLevel, Section, Source, TargetDirection, Template,
};

/// The layout's name and version, written on the Template sheet. A change to the layout
/// that an older Keyline would misread raises the number, and an older Keyline then refuses
/// the workbook with a clear message instead of guessing.
pub const SHEET_FORMAT: &str = "keyline-template-sheets/1";

const FORMAT_PREFIX: &str = "keyline-template-sheets/";
const FORMAT_VERSION: u32 = 1;

/// One sheet: a name and its rows of cells as text (row 0 = headers).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<String>>,
}

const TEMPLATE: &str = "Template";
const SECTIONS: &str = "Sections";
const ITEMS: &str = "Items";
const SCALES: &str = "Scales";
const RATINGS: &str = "Ratings";
const BANDS: &str = "Bands";
const RULES: &str = "Rules";
const REGULATIONS: &str = "Regulations";

/// Every sheet, in the order a workbook holds them.
const SHEET_NAMES: [&str; 8] = [
    TEMPLATE,
    SECTIONS,
    ITEMS,
    SCALES,
    RATINGS,
    BANDS,
    RULES,
    REGULATIONS,
];

/// Sheets without which the rest cannot be read; the others may be left out when empty.
const REQUIRED_SHEETS: [&str; 5] = [TEMPLATE, SECTIONS, ITEMS, RATINGS, BANDS];

/// How many levels of items the Items sheet nests. The format allows items and their
/// sub-items; one level more is read (and then refused by the check, in its words) so a
/// template that has one is not silently flattened.
const MAX_DEPTH: usize = 3;

/// A row of the Template sheet: the field's name, the JSON path it fills (for pointing the
/// check's problems at the cell), whether it must be given, and the help written beside it.
struct Field {
    name: &'static str,
    path: &'static str,
    required: bool,
    about: &'static str,
}

const FIELD: &str = "Field";
const VALUE: &str = "Value";
const ABOUT: &str = "About";

const FORMAT: &str = "Format";
const SCHEMA: &str = "Schema";
const ID: &str = "Id";
const VERSION: &str = "Version";
const TITLE: &str = "Title";
const DESCRIPTION: &str = "Description";
const SOURCE: &str = "Source";
const SOURCES: &str = "Sources";
const ROLL_UP: &str = "Roll-up";
const DECIMALS: &str = "Rounding decimals";
const MODE: &str = "Rounding mode";
const STATEMENT: &str = "Rounding statement";
const PROVISIONAL: &str = "Provisional minimum";
const BANDING_SOURCES: &str = "Banding sources";
const CRITICAL_CAP: &str = "Critical cap";
const BREACH_CAP: &str = "Breach cap";
const CAPS_SOURCES: &str = "Caps sources";
const DEFAULT: &str = "Overall default";
const OVERALL_SOURCES: &str = "Overall sources";

const FIELDS: [Field; 19] = [
    Field {
        name: FORMAT,
        path: "",
        required: false,
        about: "The layout of this workbook; leave it as it is.",
    },
    Field {
        name: SCHEMA,
        path: "$.$schema",
        required: false,
        about: "For editors of the JSON file only; Keyline ignores it.",
    },
    Field {
        name: ID,
        path: "$.id",
        required: true,
        about: "Stable name: lower-case letters, digits, hyphens and dots.",
    },
    Field {
        name: VERSION,
        path: "$.version",
        required: true,
        about: "Numbers separated by dots, such as 1.0. A changed template needs a new version.",
    },
    Field {
        name: TITLE,
        path: "$.title",
        required: true,
        about: "The name people choose the template by.",
    },
    Field {
        name: DESCRIPTION,
        path: "$.description",
        required: true,
        about: "What it covers and how it scores, in plain words.",
    },
    Field {
        name: SOURCE,
        path: "$.source",
        required: true,
        about: "Where the framework comes from, in plain words.",
    },
    Field {
        name: SOURCES,
        path: "$.sources",
        required: false,
        about: "Publications the framework rests on, one per line: Title <https://…> or \
                Title (own).",
    },
    Field {
        name: ROLL_UP,
        path: "$.rollUp",
        required: false,
        about: "How an item with sub-items is scored: direct or from sub-items.",
    },
    Field {
        name: DECIMALS,
        path: "$.banding.rounding.decimals",
        required: true,
        about: "Decimal places a section's percentage is rounded to before banding (0 = \
                whole numbers).",
    },
    Field {
        name: MODE,
        path: "$.banding.rounding.mode",
        required: true,
        about: "half up (62.5 becomes 63) or down (62.9 becomes 62).",
    },
    Field {
        name: STATEMENT,
        path: "$.banding.rounding.statement",
        required: true,
        about: "The rounding rule in plain words, printed with every score.",
    },
    Field {
        name: PROVISIONAL,
        path: "$.banding.provisionalMinimum",
        required: false,
        about: "Share of a section's items (such as 0.5) answered before a provisional \
                rating shows; empty: once every mandatory item is answered.",
    },
    Field {
        name: BANDING_SOURCES,
        path: "$.banding.sources",
        required: false,
        about: "Where the bands and the rounding come from, one per line.",
    },
    Field {
        name: CRITICAL_CAP,
        path: "$.caps.critical",
        required: false,
        about: "Rating id a section is capped at when a critical item fails.",
    },
    Field {
        name: BREACH_CAP,
        path: "$.caps.breach",
        required: false,
        about: "Rating id a section is capped at when a breach of regulation is found \
                against one of its items; empty: breaches do not cap.",
    },
    Field {
        name: CAPS_SOURCES,
        path: "$.caps.sources",
        required: false,
        about: "Where the caps come from, one per line.",
    },
    Field {
        name: DEFAULT,
        path: "$.overall.default",
        required: true,
        about: "Rating id overall when no rule on the Rules sheet applies.",
    },
    Field {
        name: OVERALL_SOURCES,
        path: "$.overall.sources",
        required: false,
        about: "Where the overall rules come from, one per line.",
    },
];

// Column headers. Descriptor and characteristic columns carry a key after their word.
const SECTION_COL: &str = "Section";
const ITEM_ID: &str = "Item id";
const PARENT: &str = "Parent";
const TYPE: &str = "Type";
const SCALE: &str = "Scale";
const OPTIONS: &str = "Options";
const PROMPTS: &str = "Prompts";
const WEIGHT: &str = "Weight";
const NA_ALLOWED: &str = "N/A allowed";
const MANDATORY: &str = "Mandatory";
const CRITICAL: &str = "Critical";
const FOLLOW_UP: &str = "Follow-up";
const LOGIC: &str = "Logic";
const REGULATIONS_COL: &str = "Regulations";
const TARGET: &str = "Target";
const DIRECTION: &str = "Direction";
const UNIT: &str = "Unit";
const MIN: &str = "Min";
const MAX: &str = "Max";
const SAMPLE_SIZE: &str = "Sample size";
const LABEL: &str = "Label";
const COLOUR: &str = "Colour";
const RATING: &str = "Rating";
const WHEN: &str = "When";
const THEN: &str = "Then";
const NUMBER: &str = "Number";
const DESCRIPTOR: &str = "Descriptor";
const CHARACTERISTIC: &str = "Characteristic";

/// The fixed columns of each sheet (keyed ones aside), in the order they are written, and
/// those a sheet cannot be read without.
struct Layout {
    sheet: &'static str,
    columns: &'static [&'static str],
    required: &'static [&'static str],
    /// The word of this sheet's keyed columns ("Descriptor 1", "Characteristic: good").
    keyed: Option<&'static str>,
}

const TEMPLATE_LAYOUT: Layout = Layout {
    sheet: TEMPLATE,
    columns: &[FIELD, VALUE, ABOUT],
    required: &[FIELD, VALUE],
    keyed: None,
};
const SECTIONS_LAYOUT: Layout = Layout {
    sheet: SECTIONS,
    columns: &[ID, TITLE, DESCRIPTION, SOURCES],
    required: &[ID, TITLE],
    keyed: Some(CHARACTERISTIC),
};
/// Items columns before the descriptor columns; the rest come after them.
const ITEM_COLUMNS_BEFORE: usize = 8;
const ITEMS_LAYOUT: Layout = Layout {
    sheet: ITEMS,
    columns: &[
        SECTION_COL,
        ITEM_ID,
        PARENT,
        TITLE,
        TYPE,
        SCALE,
        OPTIONS,
        PROMPTS,
        WEIGHT,
        NA_ALLOWED,
        MANDATORY,
        CRITICAL,
        FOLLOW_UP,
        ROLL_UP,
        LOGIC,
        REGULATIONS_COL,
        SOURCES,
        TARGET,
        DIRECTION,
        UNIT,
        MIN,
        MAX,
        SAMPLE_SIZE,
    ],
    required: &[SECTION_COL, ITEM_ID, TITLE, TYPE],
    keyed: Some(DESCRIPTOR),
};
const SCALES_LAYOUT: Layout = Layout {
    sheet: SCALES,
    columns: &[SCALE, TITLE, VALUE, LABEL],
    required: &[SCALE, TITLE, VALUE, LABEL],
    keyed: None,
};
const RATINGS_LAYOUT: Layout = Layout {
    sheet: RATINGS,
    columns: &[ID, LABEL, COLOUR],
    required: &[ID, LABEL, COLOUR],
    keyed: None,
};
const BANDS_LAYOUT: Layout = Layout {
    sheet: BANDS,
    columns: &[RATING, MIN, MAX],
    required: &[RATING, MIN, MAX],
    keyed: None,
};
const RULES_LAYOUT: Layout = Layout {
    sheet: RULES,
    columns: &[WHEN, THEN, DESCRIPTION, SOURCES],
    required: &[WHEN, THEN, DESCRIPTION],
    keyed: None,
};
const REGULATIONS_LAYOUT: Layout = Layout {
    sheet: REGULATIONS,
    columns: &[NUMBER, TITLE, SOURCES],
    required: &[NUMBER, TITLE],
    keyed: None,
};

const TYPE_WORDS: &str = "scale, yes/no, partial, choice, number, count, text or date";

// ---------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------

/// The template as sheets, in workbook order. Every sheet is written, empty ones with
/// their headers only, so an author sees every column they can fill.
pub fn to_sheets(template: &Template) -> Vec<Sheet> {
    vec![
        template_sheet(template),
        sections_sheet(template),
        items_sheet(template),
        scales_sheet(template),
        ratings_sheet(template),
        bands_sheet(template),
        rules_sheet(template),
        regulations_sheet(template),
    ]
}

fn headers(names: &[&str]) -> Vec<String> {
    names.iter().map(|name| (*name).to_owned()).collect()
}

fn template_sheet(template: &Template) -> Sheet {
    let caps = template.caps.as_ref();
    let banding = &template.banding;
    let mut rows = vec![headers(TEMPLATE_LAYOUT.columns)];
    for field in &FIELDS {
        let value = match field.name {
            FORMAT => SHEET_FORMAT.to_owned(),
            SCHEMA => template.schema.clone().unwrap_or_default(),
            ID => template.id.clone(),
            VERSION => template.version.clone(),
            TITLE => template.title.clone(),
            DESCRIPTION => template.description.clone(),
            SOURCE => template.source.clone(),
            SOURCES => sources_text(&template.sources),
            ROLL_UP => roll_up_word(template.roll_up).to_owned(),
            DECIMALS => banding.rounding.decimals.to_string(),
            MODE => match banding.rounding.mode {
                RoundingMode::HalfUp => "half up".to_owned(),
                RoundingMode::Down => "down".to_owned(),
            },
            STATEMENT => banding.rounding.statement.clone(),
            PROVISIONAL => banding.provisional_minimum.map(number).unwrap_or_default(),
            BANDING_SOURCES => sources_text(&banding.sources),
            CRITICAL_CAP => caps.map(|caps| caps.critical.clone()).unwrap_or_default(),
            BREACH_CAP => caps
                .and_then(|caps| caps.breach.clone())
                .unwrap_or_default(),
            CAPS_SOURCES => caps
                .map(|caps| sources_text(&caps.sources))
                .unwrap_or_default(),
            DEFAULT => template.overall.default.clone(),
            OVERALL_SOURCES => sources_text(&template.overall.sources),
            _ => String::new(),
        };
        rows.push(vec![field.name.to_owned(), value, field.about.to_owned()]);
    }
    Sheet {
        name: TEMPLATE.to_owned(),
        rows,
    }
}

fn sections_sheet(template: &Template) -> Sheet {
    // A column for every rating, so authors see where characteristics go, then any other
    // keys a section uses (the check reports those; writing them keeps them).
    let mut keys: Vec<String> = template.ratings.iter().map(|r| r.id.clone()).collect();
    for section in &template.sections {
        for key in section.characteristics.keys() {
            if !keys.contains(key) {
                keys.push(key.clone());
            }
        }
    }
    let mut header = headers(&[ID, TITLE, DESCRIPTION]);
    header.extend(keys.iter().map(|key| format!("{CHARACTERISTIC}: {key}")));
    header.push(SOURCES.to_owned());
    let mut rows = vec![header];
    for section in &template.sections {
        let mut row = vec![
            section.id.clone(),
            section.title.clone(),
            section.description.clone(),
        ];
        row.extend(keys.iter().map(|key| {
            section
                .characteristics
                .get(key)
                .cloned()
                .unwrap_or_default()
        }));
        row.push(sources_text(&section.sources));
        rows.push(row);
    }
    Sheet {
        name: SECTIONS.to_owned(),
        rows,
    }
}

/// Every item and sub-item with its section and parent, in sheet order: each item is
/// followed by its sub-items.
fn all_items(template: &Template) -> Vec<(&str, Option<&str>, &Item)> {
    fn walk<'t>(
        section: &'t str,
        parent: Option<&'t str>,
        items: &'t [Item],
        out: &mut Vec<(&'t str, Option<&'t str>, &'t Item)>,
    ) {
        for item in items {
            out.push((section, parent, item));
            walk(section, Some(&item.id), &item.sub_items, out);
        }
    }
    let mut out = Vec::new();
    for section in &template.sections {
        walk(&section.id, None, &section.items, &mut out);
    }
    out
}

/// The answers of an item in the order people read them (scale levels, options, yes before
/// no), which orders the descriptor columns.
fn answer_order(template: &Template, item: &Item) -> Vec<String> {
    let mut keys: Vec<String> = match &item.response {
        ResponseType::Scale { scale } => template
            .scale(scale)
            .map(|scale| {
                scale
                    .levels
                    .iter()
                    .map(|level| number(level.value))
                    .collect()
            })
            .unwrap_or_default(),
        ResponseType::Choice { options } => options.iter().map(|o| o.value.clone()).collect(),
        ResponseType::YesNo => vec!["yes".into(), "no".into()],
        ResponseType::Partial => vec!["yes".into(), "partial".into(), "no".into()],
        _ => Vec::new(),
    };
    keys.push("na".into());
    keys
}

fn items_sheet(template: &Template) -> Sheet {
    let items = all_items(template);
    let mut keys: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (_, _, item) in &items {
        let ordered = answer_order(template, item);
        let rest = item.descriptors.keys().cloned();
        for key in ordered.into_iter().chain(rest) {
            if item.descriptors.contains_key(&key) && seen.insert(key.clone()) {
                keys.push(key);
            }
        }
    }
    let (before, after) = ITEMS_LAYOUT.columns.split_at(ITEM_COLUMNS_BEFORE);
    let mut header = headers(before);
    header.extend(keys.iter().map(|key| format!("{DESCRIPTOR} {key}")));
    header.extend(headers(after));
    let mut rows = vec![header];
    for (section, parent, item) in items {
        let mut row = vec![
            section.to_owned(),
            item.id.clone(),
            parent.unwrap_or_default().to_owned(),
            item.title.clone(),
        ];
        let (kind, scale, options) = match &item.response {
            ResponseType::Scale { scale } => ("scale", scale.clone(), String::new()),
            ResponseType::YesNo => ("yes/no", String::new(), String::new()),
            ResponseType::Partial => ("partial", String::new(), String::new()),
            ResponseType::Choice { options } => ("choice", String::new(), options_text(options)),
            ResponseType::Number { .. } => ("number", String::new(), String::new()),
            ResponseType::Count { .. } => ("count", String::new(), String::new()),
            ResponseType::Text => ("text", String::new(), String::new()),
            ResponseType::Date => ("date", String::new(), String::new()),
        };
        row.extend([kind.to_owned(), scale, options, item.prompts.join("\n")]);
        row.extend(
            keys.iter()
                .map(|key| item.descriptors.get(key).cloned().unwrap_or_default()),
        );
        row.extend([
            number(item.weight),
            yes_no(item.na_allowed),
            yes_no(item.mandatory),
            item.critical
                .as_ref()
                .map(critical_text)
                .unwrap_or_default(),
            yes_no(item.follow_up),
            item.roll_up
                .map(roll_up_word)
                .unwrap_or_default()
                .to_owned(),
            item.logic
                .iter()
                .map(logic_text)
                .collect::<Vec<_>>()
                .join("\n"),
            item.regulations.join(", "),
            sources_text(&item.sources),
        ]);
        let (target, direction, unit, min, max, of) = match &item.response {
            ResponseType::Number {
                target,
                direction,
                unit,
                min,
                max,
            } => (
                number(*target),
                direction_word(*direction).to_owned(),
                unit.clone().unwrap_or_default(),
                min.map(number).unwrap_or_default(),
                max.map(number).unwrap_or_default(),
                String::new(),
            ),
            ResponseType::Count { of, unit } => (
                String::new(),
                String::new(),
                unit.clone().unwrap_or_default(),
                String::new(),
                String::new(),
                of.map(|n| n.to_string()).unwrap_or_default(),
            ),
            _ => Default::default(),
        };
        row.extend([target, direction, unit, min, max, of]);
        rows.push(row);
    }
    Sheet {
        name: ITEMS.to_owned(),
        rows,
    }
}

fn scales_sheet(template: &Template) -> Sheet {
    let mut rows = vec![headers(SCALES_LAYOUT.columns)];
    for scale in &template.scales {
        if scale.levels.is_empty() {
            // A scale with no levels still has a row, so it is not lost (the check then
            // says it needs levels).
            rows.push(vec![
                scale.id.clone(),
                scale.title.clone(),
                String::new(),
                String::new(),
            ]);
        }
        for (index, level) in scale.levels.iter().enumerate() {
            // The title once, on the scale's first row: changing it is then one edit.
            let title = if index == 0 {
                scale.title.clone()
            } else {
                String::new()
            };
            rows.push(vec![
                scale.id.clone(),
                title,
                number(level.value),
                level.label.clone(),
            ]);
        }
    }
    Sheet {
        name: SCALES.to_owned(),
        rows,
    }
}

fn ratings_sheet(template: &Template) -> Sheet {
    let mut rows = vec![headers(RATINGS_LAYOUT.columns)];
    rows.extend(
        template
            .ratings
            .iter()
            .map(|r| vec![r.id.clone(), r.label.clone(), r.colour.clone()]),
    );
    Sheet {
        name: RATINGS.to_owned(),
        rows,
    }
}

fn bands_sheet(template: &Template) -> Sheet {
    let mut rows = vec![headers(BANDS_LAYOUT.columns)];
    rows.extend(
        template
            .banding
            .bands
            .iter()
            .map(|b| vec![b.rating.clone(), number(b.min), number(b.max)]),
    );
    Sheet {
        name: BANDS.to_owned(),
        rows,
    }
}

fn rules_sheet(template: &Template) -> Sheet {
    let mut rows = vec![headers(RULES_LAYOUT.columns)];
    rows.extend(template.overall.rules.iter().map(|rule| {
        vec![
            rule.when
                .iter()
                .map(count_text)
                .collect::<Vec<_>>()
                .join("\n"),
            rule.then.clone(),
            rule.description.clone(),
            sources_text(&rule.sources),
        ]
    }));
    Sheet {
        name: RULES.to_owned(),
        rows,
    }
}

fn regulations_sheet(template: &Template) -> Sheet {
    let mut rows = vec![headers(REGULATIONS_LAYOUT.columns)];
    rows.extend(
        template
            .regulations
            .iter()
            .map(|r| vec![r.number.clone(), r.title.clone(), sources_text(&r.sources)]),
    );
    Sheet {
        name: REGULATIONS.to_owned(),
        rows,
    }
}

/// A number as Rust writes it shortest (`1`, `1.5`, `38.5`), which reads back exactly.
fn number(value: f64) -> String {
    format!("{value}")
}

fn yes_no(value: bool) -> String {
    if value { "yes" } else { "no" }.to_owned()
}

fn roll_up_word(roll_up: RollUp) -> &'static str {
    match roll_up {
        RollUp::Direct => "direct",
        RollUp::FromSubItems => "from sub-items",
    }
}

fn direction_word(direction: TargetDirection) -> &'static str {
    match direction {
        TargetDirection::AtLeast => "at least",
        TargetDirection::AtMost => "at most",
    }
}

/// `Title <https://…>`, `Title (own)`, or both marks, one source per line.
fn sources_text(sources: &[Source]) -> String {
    sources
        .iter()
        .map(|source| {
            let mut line = source.title.clone();
            if let Some(url) = &source.url {
                line.push_str(&format!(" <{url}>"));
            }
            if source.own {
                line.push_str(" (own)");
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `good: Good (score 3)`, one option per line.
fn options_text(options: &[ChoiceOption]) -> String {
    options
        .iter()
        .map(|o| format!("{}: {} (score {})", o.value, o.label, number(o.score)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `at or below 1`, then `; cap inadequate` when the item names its own cap.
fn critical_text(critical: &Critical) -> String {
    let mut text = format!("at or below {}", number(critical.at_or_below));
    if let Some(cap) = &critical.cap {
        text.push_str(&format!("; cap {cap}"));
    }
    text
}

/// `when answer is no, partial: show S1.1, S1.2` and the like.
fn logic_text(rule: &LogicRule) -> String {
    let when = &rule.when;
    let answers = when.answer_is.join(", ");
    let condition = match (when.at_or_below, answers.is_empty()) {
        (None, true) => "always".to_owned(),
        (Some(limit), true) => format!("when score at or below {}", number(limit)),
        (None, false) => format!("when answer is {answers}"),
        (Some(limit), false) => format!(
            "when score at or below {} and answer is {answers}",
            number(limit)
        ),
    };
    let then = match &rule.then {
        Consequence::RequireNote => "require note".to_owned(),
        Consequence::RequireEvidence => "require evidence".to_owned(),
        Consequence::SuggestAction(title) => format!("suggest action \"{title}\""),
        Consequence::Show(ids) if ids.is_empty() => "show".to_owned(),
        Consequence::Show(ids) => format!("show {}", ids.join(", ")),
    };
    format!("{condition}: {then}")
}

/// `at least 2 sections rated requires-improvement or worse` and the like.
fn count_text(count: &RatingCount) -> String {
    let mut parts = Vec::new();
    if let Some(n) = count.at_least {
        parts.push(format!("at least {n}"));
    }
    if let Some(n) = count.at_most {
        parts.push(format!("at most {n}"));
    }
    let last = count.at_most.or(count.at_least);
    let counted = if parts.is_empty() {
        "any number of".to_owned()
    } else {
        parts.join(" and ")
    };
    let noun = if last == Some(1) {
        "section"
    } else {
        "sections"
    };
    let including = match count.including {
        Including::Exactly => "",
        Including::OrWorse => " or worse",
        Including::OrBetter => " or better",
    };
    format!("{counted} {noun} rated {}{including}", count.rating)
}

// ---------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------

/// Reads sheets back into a template. On failure: EVERY problem found, in one pass.
///
/// First the cells: a sheet, column, number, word or line that does not read is a problem
/// at its cell, and the template is read on with a neutral value in its place. Then the
/// template as read is checked as an imported file is ([`super::problems`]); problems about
/// a value that already failed to read are left out (they would only repeat it), the rest
/// are pointed at their cells. Only a workbook of another layout version stops at once, as
/// nothing in it can be read reliably.
pub fn from_sheets(sheets: &[Sheet]) -> Result<Template, Vec<Problem>> {
    let mut reader = Reader::default();
    let book = reader.index_sheets(sheets);
    let fields = match book.get(TEMPLATE) {
        Some(sheet) => {
            let table = reader.table(sheet, &TEMPLATE_LAYOUT);
            let fields = reader.template_fields(&table);
            if let Some(problem) = format_problem(&table, &fields) {
                return Err(vec![problem]);
            }
            Some((table, fields))
        }
        None => None,
    };
    let tables = Tables {
        sections: book
            .get(SECTIONS)
            .map(|s| reader.table(s, &SECTIONS_LAYOUT)),
        items: book.get(ITEMS).map(|s| reader.table(s, &ITEMS_LAYOUT)),
        scales: book.get(SCALES).map(|s| reader.table(s, &SCALES_LAYOUT)),
        ratings: book.get(RATINGS).map(|s| reader.table(s, &RATINGS_LAYOUT)),
        bands: book.get(BANDS).map(|s| reader.table(s, &BANDS_LAYOUT)),
        rules: book.get(RULES).map(|s| reader.table(s, &RULES_LAYOUT)),
        regulations: book
            .get(REGULATIONS)
            .map(|s| reader.table(s, &REGULATIONS_LAYOUT)),
    };
    let mut places = Places::default();
    let template = reader.template(fields.as_ref(), &tables, &mut places);

    // Cell problems in the order an author reads the workbook: sheet by sheet, row by row.
    let mut found = std::mem::take(&mut reader.problems);
    found.sort_by_key(|(order, _)| *order);
    let mut problems: Vec<Problem> = found.into_iter().map(|(_, problem)| problem).collect();
    if !reader.structural {
        for mut problem in super::problems(&template) {
            if reader.covered(&problem.path)
                || shown_id(&template, &problem.path).is_some_and(|id| reader.dropped.contains(id))
            {
                continue;
            }
            problem.message = places.replace_paths(&problem.message, &tables, fields.as_ref());
            if let Some(cell) = places.locate(&problem.path, &tables, fields.as_ref()) {
                problem.path = cell;
            }
            problems.push(problem);
        }
    }
    if problems.is_empty() {
        Ok(template)
    } else {
        Err(problems)
    }
}

/// The layout's sheets as found, by canonical name.
type Book<'s> = HashMap<&'static str, &'s Sheet>;

struct Tables<'s> {
    sections: Option<Table<'s>>,
    items: Option<Table<'s>>,
    scales: Option<Table<'s>>,
    ratings: Option<Table<'s>>,
    bands: Option<Table<'s>>,
    rules: Option<Table<'s>>,
    regulations: Option<Table<'s>>,
}

/// A sheet with its columns found by header.
struct Table<'s> {
    name: &'static str,
    sheet: &'s Sheet,
    columns: HashMap<&'static str, usize>,
    /// Keyed columns ("Descriptor 1"): the key as written, and the column.
    keyed: Vec<(String, usize)>,
}

impl<'s> Table<'s> {
    fn at(&self, row: usize, column: usize) -> &'s str {
        self.sheet
            .rows
            .get(row)
            .and_then(|cells| cells.get(column))
            .map_or("", String::as_str)
    }

    /// The cell under `column`'s header in `row`, or "" when there is no such column.
    fn cell(&self, row: usize, column: &str) -> &'s str {
        match self.columns.get(column) {
            Some(&index) => self.at(row, index),
            None => "",
        }
    }

    /// The rows after the header that have something in them.
    fn data_rows(&self) -> impl Iterator<Item = usize> + 's {
        let sheet = self.sheet;
        (1..sheet.rows.len()).filter(move |&row| !blank_row(&sheet.rows[row]))
    }

    /// `Items!F7`, or the whole row (`Items!7:7`) when the sheet has no such column.
    fn reference(&self, row: usize, column: &str) -> String {
        match self.columns.get(column) {
            Some(&index) => cell_name(self.name, row, index),
            None => format!("{}!{}:{}", self.name, row + 1, row + 1),
        }
    }
}

/// A data row: where it is, and how its problems name it ("item “Staffing”").
#[derive(Clone)]
struct At {
    row: usize,
    label: String,
}

/// Where a problem sits: sheet (0 for the workbook as a whole), row, column, line.
type Order = (usize, usize, usize, usize);

/// A sheet's place in reading order; sheets Keyline does not read come last.
fn sheet_order(name: &str) -> usize {
    SHEET_NAMES
        .iter()
        .position(|known| *known == name)
        .map_or(SHEET_NAMES.len() + 1, |at| at + 1)
}

#[derive(Default)]
struct Reader {
    /// Each problem with where it sits in the workbook, for listing them in reading order.
    problems: Vec<(Order, Problem)>,
    /// JSON paths whose check problems only repeat a cell already reported.
    covers: Vec<String>,
    /// A sheet or column the layout needs is missing, so checking the rest as a template
    /// would only list the consequences.
    structural: bool,
    /// Some logic line did not read: a follow-up it would have shown looks unshown.
    logic_unread: bool,
    /// Ids of Items rows that could not be placed (no such section or parent): a `show`
    /// naming one would only repeat that.
    dropped: HashSet<String>,
}

/// An Items row read on its own, before rows are joined into sections and parents.
struct ItemRow {
    at: At,
    section: String,
    parent: String,
    item: Item,
    /// Paths under the item (`.weight`) whose check problems repeat a cell problem.
    covers: Vec<&'static str>,
}

/// Where each part of the template came from, for pointing check problems at cells.
#[derive(Default)]
struct Places {
    regulations: Vec<usize>,
    /// Each scale's first row and the row of each level.
    scales: Vec<(usize, Vec<usize>)>,
    ratings: Vec<usize>,
    bands: Vec<usize>,
    rules: Vec<usize>,
    sections: Vec<usize>,
    items: Vec<Vec<ItemPlace>>,
}

struct ItemPlace {
    row: usize,
    subs: Vec<ItemPlace>,
}

/// Item fields that depend on the response type: what a type that does not read leaves
/// unjudgeable.
const TYPE_DEPENDENT: [&str; 4] = [".response", ".descriptors", ".critical", ".logic"];

impl Reader {
    fn problem(&mut self, order: Order, path: String, place: String, message: impl Into<String>) {
        self.problems
            .push((order, Problem::new(path, message).at(place)));
    }

    fn order(table: &Table, row: usize, column: &str, line: usize) -> Order {
        let column = table.columns.get(column).copied().unwrap_or(usize::MAX);
        (sheet_order(table.name), row, column, line)
    }

    /// A problem in the cell under `column` of a data row.
    fn cell_problem(&mut self, table: &Table, at: &At, column: &str, message: impl Into<String>) {
        let place = format!(
            "{} sheet, row {}{}, column “{column}”",
            table.name,
            at.row + 1,
            at.label
        );
        let order = Self::order(table, at.row, column, 0);
        self.problem(order, table.reference(at.row, column), place, message);
    }

    /// A problem in one line of a multi-line cell.
    fn line_problem(
        &mut self,
        table: &Table,
        at: &At,
        column: &str,
        line: usize,
        message: impl Into<String>,
    ) {
        let place = format!(
            "{} sheet, row {}{}, column “{column}”, line {line}",
            table.name,
            at.row + 1,
            at.label
        );
        let order = Self::order(table, at.row, column, line);
        self.problem(order, table.reference(at.row, column), place, message);
    }

    fn cover(&mut self, path: impl Into<String>) {
        self.covers.push(path.into());
    }

    fn covered(&self, path: &str) -> bool {
        let by_prefix = self.covers.iter().any(|cover| {
            path == cover
                || path
                    .strip_prefix(cover.as_str())
                    .is_some_and(|rest| rest.starts_with(['.', '[']))
        });
        by_prefix || (self.logic_unread && path.ends_with(".followUp"))
    }

    /// The layout's sheets by name (any case), reporting unknown and repeated ones.
    fn index_sheets<'s>(&mut self, sheets: &'s [Sheet]) -> Book<'s> {
        let mut book: Book<'s> = HashMap::new();
        for sheet in sheets {
            let key = norm(&sheet.name);
            match SHEET_NAMES.iter().find(|name| norm(name) == key) {
                Some(&name) => {
                    if book.contains_key(name) {
                        self.problem(
                            (sheet_order(name), 0, 0, 0),
                            name.to_owned(),
                            format!("{name} sheet"),
                            format!(
                                "there are two {name} sheets; keep one and delete or rename \
                                 the other"
                            ),
                        );
                    } else {
                        book.insert(name, sheet);
                    }
                }
                None if sheet.rows.iter().all(|row| blank_row(row)) => {}
                None => {
                    let hint = closest(&sheet.name, &SHEET_NAMES)
                        .map(|name| format!(" (did you mean “{name}”?)"))
                        .unwrap_or_default();
                    self.problem(
                        (sheet_order(""), 0, 0, 0),
                        sheet.name.clone(),
                        format!("{} sheet", sheet.name.trim()),
                        format!(
                            "“{}” is not a sheet Keyline reads{hint}; the sheets are {}: \
                             rename it or delete it",
                            sheet.name.trim(),
                            list(&SHEET_NAMES)
                        ),
                    );
                }
            }
        }
        for name in REQUIRED_SHEETS {
            if !book.contains_key(name) {
                self.structural = true;
                self.problem(
                    (0, 0, 0, 0),
                    String::new(),
                    "Workbook".to_owned(),
                    format!(
                        "there is no {name} sheet; add one named “{name}” (export a shipped \
                         template to see the layout)"
                    ),
                );
            }
        }
        book
    }

    /// Finds a sheet's columns by header, reporting unknown, repeated and missing ones, and
    /// text in a column with no header.
    fn table<'s>(&mut self, sheet: &'s Sheet, layout: &Layout) -> Table<'s> {
        let mut table = Table {
            name: layout.sheet,
            sheet,
            columns: HashMap::new(),
            keyed: Vec::new(),
        };
        let empty = Vec::new();
        let header = sheet.rows.first().unwrap_or(&empty);
        let mut seen_keys: HashSet<String> = HashSet::new();
        for (index, text) in header.iter().enumerate() {
            let here = cell_name(layout.sheet, 0, index);
            let place = format!("{} sheet, column {}", layout.sheet, column_name(index));
            if text.trim().is_empty() {
                if let Some(row) =
                    (1..sheet.rows.len()).find(|&row| !table.at(row, index).trim().is_empty())
                {
                    self.structural = true;
                    self.problem(
                        (sheet_order(layout.sheet), row, index, 0),
                        cell_name(layout.sheet, row, index),
                        place,
                        format!(
                            "column {} has text but no header: write its header in row 1 \
                             ({}), or clear the column",
                            column_name(index),
                            list(layout.columns)
                        ),
                    );
                }
                continue;
            }
            if let Some(word) = layout.keyed {
                if let Some(key) = keyed_header(text, word) {
                    if key.is_empty() {
                        self.problem(
                            (sheet_order(layout.sheet), 0, index, 0),
                            here,
                            place,
                            format!(
                                "“{}” needs what it is for after the word: for example \
                                 “{}”",
                                text.trim(),
                                keyed_example(word)
                            ),
                        );
                    } else if !seen_keys.insert(key.clone()) {
                        self.problem(
                            (sheet_order(layout.sheet), 0, index, 0),
                            here,
                            place,
                            format!("there are two “{}” columns; keep one", text.trim()),
                        );
                    } else {
                        table.keyed.push((key, index));
                    }
                    continue;
                }
            }
            let key = norm(text);
            match layout.columns.iter().find(|name| norm(name) == key) {
                Some(&name) => {
                    if table.columns.contains_key(name) {
                        self.problem(
                            (sheet_order(layout.sheet), 0, index, 0),
                            here,
                            place,
                            format!("there are two “{name}” columns; keep one"),
                        );
                    } else {
                        table.columns.insert(name, index);
                    }
                }
                None => {
                    let hint = closest(text, layout.columns)
                        .map(|name| format!(" (did you mean “{name}”?)"))
                        .unwrap_or_default();
                    let keyed = layout
                        .keyed
                        .map(|word| format!(", and “{}” columns", keyed_example(word)))
                        .unwrap_or_default();
                    self.problem(
                        (sheet_order(layout.sheet), 0, index, 0),
                        here,
                        place,
                        format!(
                            "“{}” is not a column Keyline reads on the {} sheet{hint}; the \
                             columns are {}{keyed}",
                            text.trim(),
                            layout.sheet,
                            list(layout.columns)
                        ),
                    );
                }
            }
        }
        for name in layout.required {
            if !table.columns.contains_key(name) {
                self.structural = true;
                self.problem(
                    (sheet_order(layout.sheet), 0, usize::MAX, 0),
                    format!("{}!1:1", layout.sheet),
                    format!("{} sheet, row 1", layout.sheet),
                    format!("there is no “{name}” column; add a column with “{name}” in row 1"),
                );
            }
        }
        table
    }

    /// The Template sheet's rows by field name.
    fn template_fields(&mut self, table: &Table) -> HashMap<&'static str, usize> {
        let mut fields = HashMap::new();
        let names: Vec<&str> = FIELDS.iter().map(|field| field.name).collect();
        for row in table.data_rows() {
            let text = table.cell(row, FIELD);
            // A row with only a note in the About column is the author's, not a field.
            if text.trim().is_empty() && table.cell(row, VALUE).trim().is_empty() {
                continue;
            }
            let key = norm(text);
            let at = At {
                row,
                label: if text.trim().is_empty() {
                    String::new()
                } else {
                    format!(" (field “{}”)", short(text.trim()))
                },
            };
            match FIELDS.iter().find(|field| norm(field.name) == key) {
                Some(field) if fields.contains_key(field.name) => self.cell_problem(
                    table,
                    &at,
                    FIELD,
                    format!(
                        "“{}” is given twice (also on row {}); keep one",
                        field.name,
                        fields.get(field.name).map_or(0, |row| row + 1)
                    ),
                ),
                Some(field) => {
                    fields.insert(field.name, row);
                }
                None if text.trim().is_empty() => self.cell_problem(
                    table,
                    &at,
                    FIELD,
                    format!(
                        "this row has a value but no field: write which field it is ({})",
                        list(&names)
                    ),
                ),
                None => {
                    let hint = closest(text, &names)
                        .map(|name| format!(" (did you mean “{name}”?)"))
                        .unwrap_or_default();
                    self.cell_problem(
                        table,
                        &at,
                        FIELD,
                        format!(
                            "“{}” is not a field Keyline reads{hint}; the fields are {}",
                            text.trim(),
                            list(&names)
                        ),
                    );
                }
            }
        }
        fields
    }

    fn template(
        &mut self,
        fields: Option<&(Table, HashMap<&'static str, usize>)>,
        tables: &Tables,
        places: &mut Places,
    ) -> Template {
        let read = TemplateFields { fields };
        for field in FIELDS.iter().filter(|field| field.required) {
            if read.row(field.name).is_none() {
                self.cover(field.path);
                if fields.is_some() {
                    self.problem(
                        (sheet_order(TEMPLATE), usize::MAX, 0, 0),
                        TEMPLATE.to_owned(),
                        format!("{TEMPLATE} sheet"),
                        format!(
                            "there is no “{}” row: add a row with “{}” in the Field column \
                             and the value beside it",
                            field.name, field.name
                        ),
                    );
                }
            }
        }
        let text = |name: &str| read.value(name).to_owned();
        let schema = Some(text(SCHEMA)).filter(|s| !s.trim().is_empty());
        let roll_up = self
            .template_word(
                &read,
                ROLL_UP,
                "$.rollUp",
                |word| match word {
                    "" | "direct" => Some(RollUp::Direct),
                    "fromsubitems" => Some(RollUp::FromSubItems),
                    _ => None,
                },
                "write direct (the item is judged directly) or from sub-items (its score comes \
                from its sub-items)",
            )
            .unwrap_or_default();
        let decimals = match read.row(DECIMALS) {
            Some(_) => {
                let value = read.value(DECIMALS).trim();
                match whole(value).and_then(|n| u8::try_from(n).ok()) {
                    Some(n) => n,
                    None => {
                        self.cover("$.banding.rounding.decimals");
                        self.template_problem(
                            &read,
                            DECIMALS,
                            format!(
                                "{} is not a number of decimal places: write a whole number \
                                 such as 0 (whole percentages) or 1",
                                quote_or_empty(value)
                            ),
                        );
                        0
                    }
                }
            }
            None => 0,
        };
        let mode = self
            .template_word(
                &read,
                MODE,
                "$.banding.rounding.mode",
                |word| match word {
                    "halfup" => Some(RoundingMode::HalfUp),
                    "down" => Some(RoundingMode::Down),
                    _ => None,
                },
                "write half up (62.5 becomes 63) or down (62.9 becomes 62)",
            )
            .unwrap_or(RoundingMode::HalfUp);
        let provisional_minimum = {
            let value = read.value(PROVISIONAL).trim();
            if value.is_empty() {
                None
            } else {
                match parse_number(value) {
                    Ok(n) => Some(n),
                    Err(hint) => {
                        self.cover("$.banding.provisionalMinimum");
                        self.template_problem(
                            &read,
                            PROVISIONAL,
                            not_a_number(
                                value,
                                hint,
                                "write the share as a number such as 0.5 (half the items), or \
                                 leave it empty",
                            ),
                        );
                        None
                    }
                }
            }
        };
        let critical = read.value(CRITICAL_CAP).trim().to_owned();
        let breach = read.value(BREACH_CAP).trim().to_owned();
        let caps_sources = parse_sources(read.value(CAPS_SOURCES));
        let caps = if critical.is_empty() && breach.is_empty() && caps_sources.is_empty() {
            None
        } else {
            if critical.is_empty() {
                self.cover("$.caps.critical");
                self.template_problem(
                    &read,
                    CRITICAL_CAP,
                    "a breach cap or caps sources need a critical cap too: write the rating id \
                     a section is capped at when a critical item fails",
                );
            }
            Some(Caps {
                critical,
                breach: Some(breach).filter(|b| !b.is_empty()),
                sources: caps_sources,
            })
        };

        let regulations = self.regulations(tables.regulations.as_ref(), places);
        let (scales, failed_scales) = self.scales(tables.scales.as_ref(), places);
        let ratings = self.ratings(tables.ratings.as_ref(), places);
        let bands = self.bands(tables.bands.as_ref(), places);
        let rules = self.rules(tables.rules.as_ref(), places);
        let sections = self.sections(tables.sections.as_ref(), places);
        let sections = self.items(tables.items.as_ref(), sections, places);

        let template = Template {
            schema,
            id: text(ID).trim().to_owned(),
            version: text(VERSION).trim().to_owned(),
            title: text(TITLE),
            description: text(DESCRIPTION),
            source: text(SOURCE),
            sources: parse_sources(read.value(SOURCES)),
            regulations,
            scales,
            ratings,
            banding: Banding {
                rounding: Rounding {
                    decimals,
                    mode,
                    statement: text(STATEMENT),
                },
                bands,
                provisional_minimum,
                sources: parse_sources(read.value(BANDING_SOURCES)),
            },
            roll_up,
            caps,
            overall: OverallRules {
                rules,
                default: text(DEFAULT).trim().to_owned(),
                sources: parse_sources(read.value(OVERALL_SOURCES)),
            },
            sections,
        };
        // Items on a scale whose levels did not all read cannot be judged against it.
        if !failed_scales.is_empty() {
            let mut covers = Vec::new();
            for (s, section) in template.sections.iter().enumerate() {
                for (i, item) in section.items.iter().enumerate() {
                    scale_covers(
                        item,
                        &format!("$.sections[{s}].items[{i}]"),
                        &failed_scales,
                        &mut covers,
                    );
                }
            }
            self.covers.extend(covers);
        }
        template
    }

    fn template_problem(&mut self, read: &TemplateFields, name: &str, message: impl Into<String>) {
        if let (Some(row), Some((table, _))) = (read.row(name), read.fields) {
            let at = At {
                row,
                label: format!(" (field “{name}”)"),
            };
            self.cell_problem(table, &at, VALUE, message);
        }
    }

    /// A word from a fixed list on the Template sheet; `None` (reported) when it is not one.
    fn template_word<T>(
        &mut self,
        read: &TemplateFields,
        name: &str,
        path: &str,
        word: impl Fn(&str) -> Option<T>,
        advice: &str,
    ) -> Option<T> {
        read.row(name)?;
        let value = read.value(name).trim();
        let found = word(&norm(value));
        if found.is_none() {
            self.cover(path);
            self.template_problem(
                read,
                name,
                format!(
                    "{} is not one of the choices: {advice}",
                    quote_or_empty(value)
                ),
            );
        }
        found
    }

    fn regulations(&mut self, table: Option<&Table>, places: &mut Places) -> Vec<Regulation> {
        let Some(table) = table else {
            return Vec::new();
        };
        table
            .data_rows()
            .map(|row| {
                places.regulations.push(row);
                Regulation {
                    number: table.cell(row, NUMBER).trim().to_owned(),
                    title: table.cell(row, TITLE).to_owned(),
                    sources: parse_sources(table.cell(row, SOURCES)),
                }
            })
            .collect()
    }

    /// The scales, and the ids of those with a level that did not read.
    fn scales(
        &mut self,
        table: Option<&Table>,
        places: &mut Places,
    ) -> (Vec<Scale>, HashSet<String>) {
        let mut scales: Vec<Scale> = Vec::new();
        let mut failed = HashSet::new();
        let Some(table) = table else {
            return (scales, failed);
        };
        // Rows of a scale need not be together; the scale's place is its first row.
        let mut title_rows: HashMap<usize, usize> = HashMap::new();
        for row in table.data_rows() {
            let id = table.cell(row, SCALE).trim();
            let at = At {
                row,
                label: if id.is_empty() {
                    String::new()
                } else {
                    format!(" (scale “{}”)", short(id))
                },
            };
            let index = match scales.iter().position(|scale| scale.id == id) {
                Some(index) => index,
                None => {
                    scales.push(Scale {
                        id: id.to_owned(),
                        title: String::new(),
                        levels: Vec::new(),
                    });
                    places.scales.push((row, Vec::new()));
                    scales.len() - 1
                }
            };
            let title = table.cell(row, TITLE);
            if !title.trim().is_empty() {
                let scale = &mut scales[index];
                if scale.title.trim().is_empty() {
                    scale.title = title.to_owned();
                    title_rows.insert(index, row);
                } else if scale.title != title {
                    let first = title_rows.get(&index).map_or(0, |row| row + 1);
                    self.cell_problem(
                        table,
                        &at,
                        TITLE,
                        format!(
                            "this scale is already titled “{}” on row {first}: write the title \
                             once, on any one of the scale's rows",
                            short(&scale.title)
                        ),
                    );
                }
            }
            let value = table.cell(row, VALUE).trim();
            let label = table.cell(row, LABEL);
            if value.is_empty() && label.trim().is_empty() {
                continue;
            }
            match parse_number(value) {
                Ok(value) => {
                    scales[index].levels.push(ScaleLevel {
                        value,
                        label: label.to_owned(),
                    });
                    places.scales[index].1.push(row);
                }
                Err(hint) => {
                    failed.insert(id.to_owned());
                    self.cover(format!("$.scales[{index}]"));
                    let message = if value.is_empty() {
                        "the level has a label but no value: write the score it earns, such as 1"
                            .to_owned()
                    } else {
                        not_a_number(
                            value,
                            hint,
                            "write the level's value as a number such as 1 or 2",
                        )
                    };
                    self.cell_problem(table, &at, VALUE, message);
                }
            }
        }
        (scales, failed)
    }

    fn ratings(&mut self, table: Option<&Table>, places: &mut Places) -> Vec<Rating> {
        let Some(table) = table else {
            return Vec::new();
        };
        table
            .data_rows()
            .map(|row| {
                places.ratings.push(row);
                Rating {
                    id: table.cell(row, ID).trim().to_owned(),
                    label: table.cell(row, LABEL).to_owned(),
                    colour: table.cell(row, COLOUR).trim().to_owned(),
                }
            })
            .collect()
    }

    fn bands(&mut self, table: Option<&Table>, places: &mut Places) -> Vec<Band> {
        let Some(table) = table else {
            return Vec::new();
        };
        let mut bands = Vec::new();
        for row in table.data_rows() {
            let rating = table.cell(row, RATING).trim();
            let at = At {
                row,
                label: if rating.is_empty() {
                    String::new()
                } else {
                    format!(" (band “{}”)", short(rating))
                },
            };
            let mut edge = |column: &str, what: &str, example: &str| {
                let value = table.cell(row, column).trim();
                match parse_number(value) {
                    Ok(n) => n,
                    Err(hint) => {
                        // A band that did not read would make the check report gaps and
                        // overlaps that are not there.
                        self.cover("$.banding.bands");
                        let message = if value.is_empty() {
                            format!("write the band's {what} percentage, such as {example}")
                        } else {
                            not_a_number(
                                value,
                                hint,
                                &format!(
                                    "write the band's {what} percentage as a number such as \
                                     {example}"
                                ),
                            )
                        };
                        self.cell_problem(table, &at, column, message);
                        0.0
                    }
                }
            };
            let min = edge(MIN, "lowest", "39");
            let max = edge(MAX, "highest", "62");
            places.bands.push(row);
            bands.push(Band {
                rating: rating.to_owned(),
                min,
                max,
            });
        }
        bands
    }

    fn rules(&mut self, table: Option<&Table>, places: &mut Places) -> Vec<OverallRule> {
        let Some(table) = table else {
            return Vec::new();
        };
        let mut rules = Vec::new();
        for (number, row) in table.data_rows().enumerate() {
            let at = At {
                row,
                label: format!(" (rule {})", number + 1),
            };
            let mut when = Vec::new();
            for (line, text) in lines(table.cell(row, WHEN)) {
                match parse_count(text) {
                    Ok(count) => when.push(count),
                    Err(message) => {
                        self.cover(format!("$.overall.rules[{}].when", rules.len()));
                        self.line_problem(table, &at, WHEN, line, message);
                    }
                }
            }
            places.rules.push(row);
            rules.push(OverallRule {
                when,
                then: table.cell(row, THEN).trim().to_owned(),
                description: table.cell(row, DESCRIPTION).to_owned(),
                sources: parse_sources(table.cell(row, SOURCES)),
            });
        }
        rules
    }

    fn sections(&mut self, table: Option<&Table>, places: &mut Places) -> Vec<Section> {
        let Some(table) = table else {
            return Vec::new();
        };
        table
            .data_rows()
            .map(|row| {
                places.sections.push(row);
                let characteristics: BTreeMap<String, String> = table
                    .keyed
                    .iter()
                    .filter(|(_, column)| !table.at(row, *column).trim().is_empty())
                    .map(|(key, column)| (key.clone(), table.at(row, *column).to_owned()))
                    .collect();
                Section {
                    id: table.cell(row, ID).trim().to_owned(),
                    title: table.cell(row, TITLE).to_owned(),
                    description: table.cell(row, DESCRIPTION).to_owned(),
                    characteristics,
                    sources: parse_sources(table.cell(row, SOURCES)),
                    items: Vec::new(),
                }
            })
            .collect()
    }

    /// Reads the Items rows and puts each item into its section, or under its parent.
    fn items(
        &mut self,
        table: Option<&Table>,
        mut sections: Vec<Section>,
        places: &mut Places,
    ) -> Vec<Section> {
        places.items = sections.iter().map(|_| Vec::new()).collect();
        let Some(table) = table else {
            return sections;
        };
        let mut rows: Vec<Option<ItemRow>> = table
            .data_rows()
            .map(|row| Some(self.item_row(table, row)))
            .collect();
        let ids: Vec<String> = rows
            .iter()
            .flatten()
            .map(|row| row.item.id.clone())
            .collect();

        // Parents are named by id; the first row with an id is the one named.
        let mut first: HashMap<String, usize> = HashMap::new();
        for (index, row) in rows.iter().enumerate() {
            if let Some(row) = row {
                first.entry(row.item.id.clone()).or_insert(index);
            }
        }
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); rows.len()];
        let mut tops = Vec::new();
        let mut handled = vec![false; rows.len()];
        let mut problems = Vec::new();
        for (index, row) in rows.iter().enumerate() {
            let Some(row) = row else { continue };
            if row.parent.is_empty() {
                tops.push(index);
                continue;
            }
            match first.get(&row.parent) {
                Some(&parent) if parent == index => {
                    handled[index] = true;
                    problems.push((
                        row.at.clone(),
                        PARENT,
                        "an item cannot be its own parent: name the item it belongs under, or \
                         leave Parent empty for an item of its own"
                            .to_owned(),
                    ));
                }
                Some(&parent) => children[parent].push(index),
                None => {
                    handled[index] = true;
                    problems.push((
                        row.at.clone(),
                        PARENT,
                        format!(
                            "no item has the id “{}”: write the id of the item this sub-item \
                             belongs under, or leave Parent empty for an item of its own",
                            short(&row.parent)
                        ),
                    ));
                }
            }
        }
        for (at, column, message) in problems {
            self.cell_problem(table, &at, column, message);
        }

        let section_of: HashMap<String, usize> = sections
            .iter()
            .enumerate()
            .rev()
            .map(|(index, section)| (section.id.clone(), index))
            .collect();
        let known_sections: Vec<&str> = sections.iter().map(|s| s.id.as_str()).collect();
        let known_sections = list(&known_sections);
        for top in tops {
            let Some(row) = rows[top].as_ref() else {
                continue;
            };
            let at = row.at.clone();
            let section_id = row.section.clone();
            let section = section_of.get(&section_id).copied();
            match section {
                None if section_id.is_empty() => self.cell_problem(
                    table,
                    &at,
                    SECTION_COL,
                    format!(
                        "the item has no section: write the id of its section from the Sections \
                         sheet ({known_sections})"
                    ),
                ),
                None => self.cell_problem(
                    table,
                    &at,
                    SECTION_COL,
                    format!(
                        "no section has the id “{}”: write one of the ids on the Sections sheet \
                         ({known_sections})",
                        short(&section_id)
                    ),
                ),
                Some(_) => {}
            }
            let mut build = Build {
                rows: &mut rows,
                children: &children,
                handled: &mut handled,
                section: section.map(|_| section_id.as_str()),
                problems: Vec::new(),
                covers: Vec::new(),
            };
            let position = section.map(|s| sections[s].items.len()).unwrap_or(0);
            let path = section.map(|s| format!("$.sections[{s}].items[{position}]"));
            let built = build.build(top, 0, path.as_deref(), "");
            let Build {
                problems, covers, ..
            } = build;
            for (at, column, message) in problems {
                self.cell_problem(table, &at, column, message);
            }
            self.covers.extend(covers);
            if let (Some(s), Some((item, place))) = (section, built) {
                sections[s].items.push(item);
                places.items[s].push(place);
            }
        }
        // Rows never reached from an item of its own: parents that lead round in a circle.
        for (index, row) in rows.iter().enumerate() {
            if let (Some(row), false) = (row, handled[index]) {
                let at = row.at.clone();
                self.cell_problem(
                    table,
                    &at,
                    PARENT,
                    "following Parent from this row leads round in a circle and never reaches \
                     an item of its own: leave Parent empty on the item at the top",
                );
            }
        }
        let placed: HashSet<&str> = all_items_of(&sections)
            .map(|item| item.id.as_str())
            .collect();
        self.dropped = ids
            .into_iter()
            .filter(|id| !placed.contains(id.as_str()))
            .collect();
        sections
    }

    /// One Items row, read cell by cell.
    fn item_row(&mut self, table: &Table, row: usize) -> ItemRow {
        let id = table.cell(row, ITEM_ID).trim().to_owned();
        let title = table.cell(row, TITLE);
        let name = if title.trim().is_empty() {
            id.as_str()
        } else {
            title.trim()
        };
        let at = At {
            row,
            label: if name.is_empty() {
                String::new()
            } else {
                format!(" (item “{}”)", short(name))
            },
        };
        let mut covers: Vec<&'static str> = Vec::new();
        let response = self.response(table, &at, &mut covers);

        let mut descriptors = BTreeMap::new();
        for (key, column) in &table.keyed {
            let text = table.at(row, *column);
            if !text.trim().is_empty() {
                descriptors.insert(key.clone(), text.to_owned());
            }
        }
        let weight = {
            let value = table.cell(row, WEIGHT).trim();
            if value.is_empty() {
                1.0
            } else {
                match parse_number(value) {
                    Ok(n) => n,
                    Err(hint) => {
                        covers.push(".weight");
                        self.cell_problem(
                            table,
                            &at,
                            WEIGHT,
                            not_a_number(
                                value,
                                hint,
                                "write the weight as a number such as 1 or 1.5",
                            ),
                        );
                        1.0
                    }
                }
            }
        };
        let mut flag = |column: &str| -> bool {
            let value = table.cell(row, column).trim();
            match yes_or_no(value) {
                Some(flag) => flag,
                None => {
                    self.cell_problem(
                        table,
                        &at,
                        column,
                        format!(
                            "“{}” is not yes or no: write yes or no (empty means no)",
                            short(value)
                        ),
                    );
                    false
                }
            }
        };
        let na_allowed = flag(NA_ALLOWED);
        let mandatory = flag(MANDATORY);
        let follow_up = flag(FOLLOW_UP);
        let critical = self.critical(table, &at);
        let roll_up = {
            let value = table.cell(row, ROLL_UP).trim();
            match norm(value).as_str() {
                "" => None,
                "direct" => Some(RollUp::Direct),
                "fromsubitems" => Some(RollUp::FromSubItems),
                _ => {
                    covers.push(".rollUp");
                    self.cell_problem(
                        table,
                        &at,
                        ROLL_UP,
                        format!(
                            "“{}” is not a roll-up: write direct or from sub-items, or leave it \
                             empty to use the template's",
                            short(value)
                        ),
                    );
                    None
                }
            }
        };
        let mut logic = Vec::new();
        for (line, text) in lines(table.cell(row, LOGIC)) {
            match parse_logic(text) {
                Ok(rule) => logic.push(rule),
                Err(message) => {
                    self.logic_unread = true;
                    covers.push(".logic");
                    self.line_problem(table, &at, LOGIC, line, message);
                }
            }
        }
        let regulations = table
            .cell(row, REGULATIONS_COL)
            .split([',', '\n', ';'])
            .map(str::trim)
            .filter(|number| !number.is_empty())
            .map(str::to_owned)
            .collect();
        ItemRow {
            section: table.cell(row, SECTION_COL).trim().to_owned(),
            parent: table.cell(row, PARENT).trim().to_owned(),
            item: Item {
                id,
                title: title.to_owned(),
                prompts: lines(table.cell(row, PROMPTS))
                    .map(|(_, line)| line.to_owned())
                    .collect(),
                descriptors,
                response,
                weight,
                na_allowed,
                mandatory,
                critical,
                logic,
                follow_up,
                roll_up,
                sub_items: Vec::new(),
                regulations,
                sources: parse_sources(table.cell(row, SOURCES)),
            },
            covers,
            at,
        }
    }

    /// The response: the type and the columns that belong to it. Columns of another type
    /// are refused rather than dropped, so nothing an author wrote disappears.
    fn response(&mut self, table: &Table, at: &At, covers: &mut Vec<&'static str>) -> ResponseType {
        let row = at.row;
        let kind = table.cell(row, TYPE).trim();
        let unreadable = |reader: &mut Reader, covers: &mut Vec<&'static str>, message: String| {
            covers.extend(TYPE_DEPENDENT);
            reader.cell_problem(table, at, TYPE, message);
            ResponseType::Text
        };
        let word = norm(kind);
        let allowed: &[&str] = match word.as_str() {
            "scale" => &[SCALE],
            "choice" => &[OPTIONS],
            "number" => &[TARGET, DIRECTION, UNIT, MIN, MAX],
            "count" => &[UNIT, SAMPLE_SIZE],
            "yesno" | "partial" | "text" | "date" => &[],
            "" => {
                return unreadable(
                    self,
                    covers,
                    format!("the item has no type: write one of {TYPE_WORDS}"),
                )
            }
            _ => {
                return unreadable(
                    self,
                    covers,
                    format!("“{}” is not a type: write one of {TYPE_WORDS}", short(kind)),
                )
            }
        };
        for column in [
            SCALE,
            OPTIONS,
            TARGET,
            DIRECTION,
            UNIT,
            MIN,
            MAX,
            SAMPLE_SIZE,
        ] {
            if !allowed.contains(&column) && !table.cell(row, column).trim().is_empty() {
                covers.extend(TYPE_DEPENDENT);
                self.cell_problem(
                    table,
                    at,
                    column,
                    format!(
                        "“{column}” is not used by {kind} items: clear this cell, or change the \
                         type ({})",
                        type_of_column(column)
                    ),
                );
            }
        }
        let optional_text = |column: &str| {
            Some(table.cell(row, column).to_owned()).filter(|text| !text.trim().is_empty())
        };
        match word.as_str() {
            "scale" => {
                let scale = table.cell(row, SCALE).trim().to_owned();
                if scale.is_empty() {
                    covers.extend(TYPE_DEPENDENT);
                    self.cell_problem(
                        table,
                        at,
                        SCALE,
                        "a scale item needs a scale: write the id of one of the scales on the \
                         Scales sheet",
                    );
                }
                ResponseType::Scale { scale }
            }
            "yesno" => ResponseType::YesNo,
            "partial" => ResponseType::Partial,
            "text" => ResponseType::Text,
            "date" => ResponseType::Date,
            "choice" => {
                let mut options = Vec::new();
                for (line, text) in lines(table.cell(row, OPTIONS)) {
                    match parse_option(text) {
                        Some(option) => options.push(option),
                        None => {
                            covers.extend(TYPE_DEPENDENT);
                            self.line_problem(
                                table,
                                at,
                                OPTIONS,
                                line,
                                format!(
                                    "“{}” does not read as an option: write one option per line \
                                     as value: label (score n), such as “good: Good (score 3)”",
                                    short(text)
                                ),
                            );
                        }
                    }
                }
                ResponseType::Choice { options }
            }
            "number" => {
                let target = self.optional_number(
                    table,
                    at,
                    TARGET,
                    "write the target as a number such as 95",
                    covers,
                );
                if target.is_none() && table.cell(row, TARGET).trim().is_empty() {
                    covers.push(".response");
                    self.cell_problem(
                        table,
                        at,
                        TARGET,
                        "a number item needs a target: write the number an answer must meet, \
                         such as 95",
                    );
                }
                let direction_text = table.cell(row, DIRECTION).trim();
                let direction = match norm(direction_text).as_str() {
                    "atleast" => TargetDirection::AtLeast,
                    "atmost" => TargetDirection::AtMost,
                    _ => {
                        covers.push(".response");
                        self.cell_problem(
                            table,
                            at,
                            DIRECTION,
                            format!(
                                "{} is not a direction: write at least (the answer meets the \
                                 target when it is at least the target) or at most",
                                quote_or_empty(direction_text)
                            ),
                        );
                        TargetDirection::AtLeast
                    }
                };
                ResponseType::Number {
                    target: target.unwrap_or(0.0),
                    direction,
                    unit: optional_text(UNIT),
                    min: self.optional_number(
                        table,
                        at,
                        MIN,
                        "write the lowest answer allowed as a number such as 0",
                        covers,
                    ),
                    max: self.optional_number(
                        table,
                        at,
                        MAX,
                        "write the highest answer allowed as a number such as 100",
                        covers,
                    ),
                }
            }
            _ => {
                let value = table.cell(row, SAMPLE_SIZE).trim();
                let of = if value.is_empty() {
                    None
                } else {
                    match whole(value).and_then(|n| u32::try_from(n).ok()) {
                        Some(n) => Some(n),
                        None => {
                            covers.push(".response");
                            self.cell_problem(
                                table,
                                at,
                                SAMPLE_SIZE,
                                format!(
                                    "“{}” is not a sample size: write a whole number such as \
                                     10, or leave it empty to enter the sample with each answer",
                                    short(value)
                                ),
                            );
                            None
                        }
                    }
                };
                ResponseType::Count {
                    of,
                    unit: optional_text(UNIT),
                }
            }
        }
    }

    /// A number in a response column, or `None` when the cell is empty or (reported) does
    /// not read.
    fn optional_number(
        &mut self,
        table: &Table,
        at: &At,
        column: &str,
        advice: &str,
        covers: &mut Vec<&'static str>,
    ) -> Option<f64> {
        let value = table.cell(at.row, column).trim();
        if value.is_empty() {
            return None;
        }
        match parse_number(value) {
            Ok(n) => Some(n),
            Err(hint) => {
                covers.push(".response");
                self.cell_problem(table, at, column, not_a_number(value, hint, advice));
                None
            }
        }
    }

    /// `at or below 1`, optionally `; cap inadequate`.
    fn critical(&mut self, table: &Table, at: &At) -> Option<Critical> {
        let text = table.cell(at.row, CRITICAL).trim();
        if text.is_empty() {
            return None;
        }
        let advice = "write it as at or below a score, optionally with the rating it caps the \
                      section at: “at or below 1” or “at or below 1; cap requires-improvement”";
        let mut at_or_below = None;
        let mut cap = None;
        let mut unread = false;
        for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            if let Some(rest) = strip_prefix_ci(part, "at or below") {
                match parse_number(rest.trim()) {
                    Ok(n) if at_or_below.is_none() => at_or_below = Some(n),
                    _ => unread = true,
                }
            } else if let Some(rest) = strip_word_ci(part, "cap") {
                let rest = rest.trim();
                if rest.is_empty() || cap.is_some() {
                    unread = true;
                } else {
                    cap = Some(rest.to_owned());
                }
            } else {
                unread = true;
            }
        }
        match at_or_below {
            Some(at_or_below) if !unread => Some(Critical { at_or_below, cap }),
            _ => {
                self.cell_problem(
                    table,
                    at,
                    CRITICAL,
                    format!(
                        "“{}” does not read as a critical rule: {advice}",
                        short(text)
                    ),
                );
                None
            }
        }
    }
}

/// Joins Items rows under their parents, depth first.
struct Build<'a> {
    rows: &'a mut Vec<Option<ItemRow>>,
    children: &'a [Vec<usize>],
    handled: &'a mut Vec<bool>,
    /// The section of the item at the top, which sub-items may repeat (none when it is not
    /// a section the Sections sheet has, which is reported once, at the top).
    section: Option<&'a str>,
    problems: Vec<(At, &'static str, String)>,
    covers: Vec<String>,
}

impl Build<'_> {
    /// The item of row `index` with its sub-items, and where they came from; `None` when the
    /// row was already taken. `path` is the item's JSON path (none when it has no section).
    fn build(
        &mut self,
        index: usize,
        depth: usize,
        path: Option<&str>,
        parent: &str,
    ) -> Option<(Item, ItemPlace)> {
        self.handled[index] = true;
        let ItemRow {
            at,
            section,
            mut item,
            covers,
            ..
        } = self.rows.get_mut(index)?.take()?;
        match self.section {
            Some(top) if depth > 0 && !section.is_empty() && section != top => {
                self.problems.push((
                    at.clone(),
                    SECTION_COL,
                    format!(
                        "this sub-item belongs under “{}”, which is in section “{}”: write {} \
                         here, or leave it empty",
                        short(parent),
                        short(top),
                        short(top)
                    ),
                ));
            }
            _ => {}
        }
        if let Some(path) = path {
            self.covers
                .extend(covers.iter().map(|suffix| format!("{path}{suffix}")));
        }
        let mut place = ItemPlace {
            row: at.row,
            subs: Vec::new(),
        };
        for &child in self.children.get(index).map(Vec::as_slice).unwrap_or(&[]) {
            if depth + 1 >= MAX_DEPTH {
                self.handled[child] = true;
                if let Some(row) = self.rows.get_mut(child).and_then(Option::take) {
                    self.problems.push((
                        row.at,
                        PARENT,
                        "sub-items nest too deeply here: a sub-item belongs under an item of \
                         its own (an item with Parent empty)"
                            .to_owned(),
                    ));
                }
                continue;
            }
            let sub_path = path.map(|path| format!("{path}.subItems[{}]", item.sub_items.len()));
            if let Some((sub, sub_place)) =
                self.build(child, depth + 1, sub_path.as_deref(), &item.id)
            {
                item.sub_items.push(sub);
                place.subs.push(sub_place);
            }
        }
        Some((item, place))
    }
}

/// Every item and sub-item of the sections, at any depth.
fn all_items_of(sections: &[Section]) -> impl Iterator<Item = &Item> {
    fn walk<'t>(items: &'t [Item], out: &mut Vec<&'t Item>) {
        for item in items {
            out.push(item);
            walk(&item.sub_items, out);
        }
    }
    let mut out = Vec::new();
    for section in sections {
        walk(&section.items, &mut out);
    }
    out.into_iter()
}

/// The id a `show` rule names at `path` (`…logic[0].then.show[1]`), if that is where it is.
fn shown_id<'t>(template: &'t Template, path: &str) -> Option<&'t str> {
    let steps = steps(path)?;
    if key_at(&steps, 0) != Some("sections") || key_at(&steps, 2) != Some("items") {
        return None;
    }
    let section = template.sections.get(index_at(&steps, 1)?)?;
    let mut item = section.items.get(index_at(&steps, 3)?)?;
    let mut at = 4;
    while key_at(&steps, at) == Some("subItems") {
        item = item.sub_items.get(index_at(&steps, at + 1)?)?;
        at += 2;
    }
    if key_at(&steps, at) != Some("logic")
        || key_at(&steps, at + 2) != Some("then")
        || key_at(&steps, at + 3) != Some("show")
    {
        return None;
    }
    match &item.logic.get(index_at(&steps, at + 1)?)?.then {
        Consequence::Show(ids) => ids.get(index_at(&steps, at + 4)?).map(String::as_str),
        _ => None,
    }
}

/// Covers the type-dependent fields of items (and sub-items) on a scale that did not read.
fn scale_covers(item: &Item, path: &str, failed: &HashSet<String>, covers: &mut Vec<String>) {
    if let ResponseType::Scale { scale } = &item.response {
        if failed.contains(scale) {
            covers.extend(
                TYPE_DEPENDENT
                    .iter()
                    .map(|suffix| format!("{path}{suffix}")),
            );
        }
    }
    for (index, sub) in item.sub_items.iter().enumerate() {
        scale_covers(sub, &format!("{path}.subItems[{index}]"), failed, covers);
    }
}

/// The Template sheet's fields, when the sheet is there.
struct TemplateFields<'a, 's> {
    fields: Option<&'a (Table<'s>, HashMap<&'static str, usize>)>,
}

impl TemplateFields<'_, '_> {
    fn row(&self, name: &str) -> Option<usize> {
        self.fields
            .and_then(|(_, fields)| fields.get(name).copied())
    }

    fn value(&self, name: &str) -> &str {
        match (self.fields, self.row(name)) {
            (Some((table, _)), Some(row)) => table.cell(row, VALUE),
            _ => "",
        }
    }
}

/// A workbook of another layout cannot be read reliably: the one problem to report.
fn format_problem(table: &Table, fields: &HashMap<&'static str, usize>) -> Option<Problem> {
    let row = *fields.get(FORMAT)?;
    let value = table.cell(row, VALUE).trim();
    if value.is_empty() || value == SHEET_FORMAT {
        return None;
    }
    let newer = value
        .strip_prefix(FORMAT_PREFIX)
        .and_then(|version| version.parse::<u32>().ok())
        .filter(|version| *version > FORMAT_VERSION);
    let message = match newer {
        Some(_) => format!(
            "this workbook has the layout {value}, from a newer Keyline; this Keyline reads \
             {SHEET_FORMAT}: update Keyline, or export the template again from this version"
        ),
        None => format!(
            "“{}” is not a layout Keyline knows; this Keyline reads {SHEET_FORMAT}: write that \
             here, or start from a template exported by Keyline",
            short(value)
        ),
    };
    Some(
        Problem::new(
            cell_name(
                TEMPLATE,
                row,
                table.columns.get(VALUE).copied().unwrap_or(1),
            ),
            message,
        )
        .at(format!(
            "{TEMPLATE} sheet, row {} (field “{FORMAT}”), column “{VALUE}”",
            row + 1
        )),
    )
}

// ---------------------------------------------------------------------------------------
// Pointing the check's problems at cells
// ---------------------------------------------------------------------------------------

/// One step of a JSON path.
enum Step {
    Key(String),
    Index(usize),
}

/// The steps of a path as the check writes them: `$`, `.key`, `[3]`, `["odd key"]`.
fn steps(path: &str) -> Option<Vec<Step>> {
    let mut rest = path.strip_prefix('$')?;
    let mut steps = Vec::new();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("[\"") {
            let end = after.find("\"]")?;
            let key = serde_json::from_str::<String>(&format!("\"{}\"", &after[..end]))
                .unwrap_or_else(|_| after[..end].to_owned());
            steps.push(Step::Key(key));
            rest = &after[end + 2..];
        } else if let Some(after) = rest.strip_prefix('[') {
            let end = after.find(']')?;
            steps.push(Step::Index(after[..end].parse().ok()?));
            rest = &after[end + 1..];
        } else if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            steps.push(Step::Key(after[..end].to_owned()));
            rest = &after[end..];
        } else {
            return None;
        }
    }
    Some(steps)
}

fn key_at(steps: &[Step], index: usize) -> Option<&str> {
    match steps.get(index) {
        Some(Step::Key(key)) => Some(key),
        _ => None,
    }
}

fn index_at(steps: &[Step], index: usize) -> Option<usize> {
    match steps.get(index) {
        Some(Step::Index(n)) => Some(*n),
        _ => None,
    }
}

impl Places {
    /// The cell a JSON path names (`Items!F7`), when the sheets say where it came from.
    fn locate(
        &self,
        path: &str,
        tables: &Tables,
        fields: Option<&(Table, HashMap<&'static str, usize>)>,
    ) -> Option<String> {
        let steps = steps(path)?;
        let first = key_at(&steps, 0)?;
        let row_of = |rows: &[usize], table: Option<&Table>, column: &str| -> Option<String> {
            let row = *rows.get(index_at(&steps, 1)?)?;
            Some(table?.reference(row, column))
        };
        match first {
            "regulations" => {
                let column = match key_at(&steps, 2) {
                    Some("title") => TITLE,
                    Some("sources") => SOURCES,
                    _ => NUMBER,
                };
                row_of(&self.regulations, tables.regulations.as_ref(), column)
            }
            "ratings" => {
                let column = match key_at(&steps, 2) {
                    Some("label") => LABEL,
                    Some("colour") => COLOUR,
                    _ => ID,
                };
                row_of(&self.ratings, tables.ratings.as_ref(), column)
            }
            "scales" => {
                let (first_row, levels) = self.scales.get(index_at(&steps, 1)?)?;
                let table = tables.scales.as_ref()?;
                match (key_at(&steps, 2), index_at(&steps, 3)) {
                    (Some("levels"), Some(level)) => {
                        let column = if key_at(&steps, 4) == Some("label") {
                            LABEL
                        } else {
                            VALUE
                        };
                        Some(table.reference(*levels.get(level)?, column))
                    }
                    (Some("title"), _) => Some(table.reference(*first_row, TITLE)),
                    _ => Some(table.reference(*first_row, SCALE)),
                }
            }
            "banding" if key_at(&steps, 1) == Some("bands") => {
                let table = tables.bands.as_ref()?;
                match index_at(&steps, 2) {
                    Some(band) => {
                        let column = match key_at(&steps, 3) {
                            Some("min") => MIN,
                            Some("max") => MAX,
                            _ => RATING,
                        };
                        Some(table.reference(*self.bands.get(band)?, column))
                    }
                    None => Some(format!("{BANDS}!1:1")),
                }
            }
            "overall" if key_at(&steps, 1) == Some("rules") => {
                let table = tables.rules.as_ref()?;
                let row = *self.rules.get(index_at(&steps, 2)?)?;
                let column = match key_at(&steps, 3) {
                    Some("then") => THEN,
                    Some("description") => DESCRIPTION,
                    Some("sources") => SOURCES,
                    _ => WHEN,
                };
                Some(table.reference(row, column))
            }
            "sections" => {
                let section = index_at(&steps, 1)?;
                if key_at(&steps, 2) == Some("items") {
                    if let Some(item) = index_at(&steps, 3) {
                        let mut place = self.items.get(section)?.get(item)?;
                        let mut at = 4;
                        while key_at(&steps, at) == Some("subItems") {
                            match index_at(&steps, at + 1) {
                                Some(sub) => {
                                    place = place.subs.get(sub)?;
                                    at += 2;
                                }
                                None => break,
                            }
                        }
                        let table = tables.items.as_ref()?;
                        return Some(item_cell(table, place.row, &steps[at..]));
                    }
                }
                let table = tables.sections.as_ref()?;
                let row = *self.sections.get(section)?;
                let column = match key_at(&steps, 2) {
                    Some("title") => TITLE,
                    Some("description") => DESCRIPTION,
                    Some("sources") => SOURCES,
                    Some("characteristics") => {
                        if let Some(key) = key_at(&steps, 3) {
                            if let Some((_, column)) = table.keyed.iter().find(|(k, _)| k == key) {
                                return Some(cell_name(SECTIONS, row, *column));
                            }
                        }
                        ID
                    }
                    _ => ID,
                };
                Some(table.reference(row, column))
            }
            _ => {
                // A field of the Template sheet: the longest field path the path starts with.
                let (table, rows) = fields?;
                let field = FIELDS
                    .iter()
                    .filter(|field| {
                        !field.path.is_empty()
                            && (path == field.path
                                || path
                                    .strip_prefix(field.path)
                                    .is_some_and(|rest| rest.starts_with(['.', '['])))
                    })
                    .max_by_key(|field| field.path.len())?;
                Some(table.reference(*rows.get(field.name)?, VALUE))
            }
        }
    }

    /// The message with any JSON path in it (`$.sections[0].items[1]`) named by its cell.
    fn replace_paths(
        &self,
        message: &str,
        tables: &Tables,
        fields: Option<&(Table, HashMap<&'static str, usize>)>,
    ) -> String {
        let mut out = String::with_capacity(message.len());
        let mut rest = message;
        while let Some(start) = rest.find("`$") {
            let after = &rest[start + 1..];
            let Some(end) = after.find('`') else { break };
            let path = &after[..end];
            out.push_str(&rest[..start]);
            match self.locate(path, tables, fields) {
                Some(cell) => out.push_str(&cell),
                None => {
                    out.push('`');
                    out.push_str(path);
                    out.push('`');
                }
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out
    }
}

/// The Items cell for the rest of a path below an item (`weight`, `response.scale`, …).
fn item_cell(table: &Table, row: usize, rest: &[Step]) -> String {
    let column = match key_at(rest, 0) {
        Some("id") | Some("subItems") | None => ITEM_ID,
        Some("title") => TITLE,
        Some("prompts") => PROMPTS,
        Some("descriptors") => {
            if let Some(key) = key_at(rest, 1) {
                if let Some((_, column)) = table.keyed.iter().find(|(k, _)| k == key) {
                    return cell_name(ITEMS, row, *column);
                }
            }
            TITLE
        }
        Some("response") => match key_at(rest, 1) {
            Some("scale") => SCALE,
            Some("options") => OPTIONS,
            Some("target") => TARGET,
            Some("direction") => DIRECTION,
            Some("unit") => UNIT,
            Some("min") => MIN,
            Some("max") => MAX,
            Some("of") => SAMPLE_SIZE,
            _ => TYPE,
        },
        Some("weight") => WEIGHT,
        Some("naAllowed") => NA_ALLOWED,
        Some("mandatory") => MANDATORY,
        Some("critical") => CRITICAL,
        Some("logic") => LOGIC,
        Some("followUp") => FOLLOW_UP,
        Some("rollUp") => ROLL_UP,
        Some("regulations") => REGULATIONS_COL,
        Some("sources") => SOURCES,
        Some(_) => ITEM_ID,
    };
    table.reference(row, column)
}

// ---------------------------------------------------------------------------------------
// Reading cells
// ---------------------------------------------------------------------------------------

fn blank_row(row: &[String]) -> bool {
    row.iter().all(|cell| cell.trim().is_empty())
}

/// A header or word compared as authors type it: case, spaces and punctuation ignored, so
/// "N/A allowed", "NA allowed" and "na-allowed" are one column.
fn norm(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The key of a keyed column ("Descriptor 1" → "1", "Characteristic: good" → "good"), or
/// `None` when the header is not one of them.
fn keyed_header(text: &str, word: &str) -> Option<String> {
    let text = text.trim();
    let rest = strip_prefix_ci(text, word)?;
    if rest.chars().next().is_some_and(char::is_alphanumeric) {
        // "Descriptors" or "Descriptorx": not this word.
        return None;
    }
    let rest = rest.trim_start();
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    Some(rest.trim().to_owned())
}

fn keyed_example(word: &str) -> &'static str {
    if word == DESCRIPTOR {
        "Descriptor 1"
    } else {
        "Characteristic: good"
    }
}

/// `text` without `prefix`, compared ignoring ASCII case.
fn strip_prefix_ci<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        text.get(prefix.len()..)
    } else {
        None
    }
}

/// `text` without `suffix`, compared ignoring ASCII case.
fn strip_suffix_ci<'t>(text: &'t str, suffix: &str) -> Option<&'t str> {
    let at = text.len().checked_sub(suffix.len())?;
    let tail = text.get(at..)?;
    if tail.eq_ignore_ascii_case(suffix) {
        text.get(..at)
    } else {
        None
    }
}

/// `text` without the word `word` and what follows it only after a space (or nothing).
fn strip_word_ci<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    let rest = strip_prefix_ci(text, word)?;
    if rest.is_empty() || rest.starts_with(char::is_whitespace) {
        Some(rest)
    } else {
        None
    }
}

/// The lines of a multi-line cell, numbered from one, trimmed, blank ones left out.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split('\n')
        .enumerate()
        .map(|(index, line)| (index + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty())
}

/// A number as people type it ("1", "1.0", "1.5"); `Err` carries a hint for the message.
fn parse_number(text: &str) -> Result<f64, Option<String>> {
    let text = text.trim();
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(value),
        _ => {
            let with_point = text.replace(',', ".");
            if text.contains(',') && with_point.parse::<f64>().is_ok_and(f64::is_finite) {
                Err(Some(format!(
                    "write the decimal point as a full stop, {with_point}"
                )))
            } else {
                Err(None)
            }
        }
    }
}

fn not_a_number(value: &str, hint: Option<String>, advice: &str) -> String {
    if value.is_empty() {
        return format!("the cell is empty: {advice}");
    }
    match hint {
        Some(hint) => format!("“{}” is not a number: {hint}", short(value)),
        None => format!("“{}” is not a number: {advice}", short(value)),
    }
}

/// A whole number, also when a spreadsheet wrote it as "2.0".
fn whole(text: &str) -> Option<u64> {
    let text = text.trim();
    if let Ok(n) = text.parse::<u64>() {
        return Some(n);
    }
    let value = text.parse::<f64>().ok()?;
    if value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value <= u32::MAX as f64 {
        Some(value as u64)
    } else {
        None
    }
}

fn yes_or_no(text: &str) -> Option<bool> {
    match norm(text).as_str() {
        "yes" | "y" | "true" | "1" => Some(true),
        "no" | "n" | "false" | "0" | "" => Some(false),
        _ => None,
    }
}

/// `Title <https://…>`, `Title (own)`, both, or a bare title, one per line.
fn parse_sources(text: &str) -> Vec<Source> {
    lines(text)
        .map(|(_, line)| {
            let mut rest = line;
            let mut own = false;
            if let Some(head) = strip_suffix_ci(rest, "(own)") {
                own = true;
                rest = head.trim_end();
            }
            let mut url = None;
            if let Some(inner) = rest.strip_suffix('>') {
                if let Some(open) = inner.rfind('<') {
                    url = Some(inner[open + 1..].trim().to_owned());
                    rest = inner[..open].trim_end();
                }
            }
            Source {
                title: rest.to_owned(),
                url,
                own,
            }
        })
        .collect()
}

/// `value: label (score n)`.
fn parse_option(line: &str) -> Option<ChoiceOption> {
    let (value, rest) = line.split_once(':')?;
    let rest = rest.trim().strip_suffix(')')?;
    let open = rest.to_ascii_lowercase().rfind("(score")?;
    let score = parse_number(rest.get(open + "(score".len()..)?).ok()?;
    Some(ChoiceOption {
        value: value.trim().to_owned(),
        label: rest[..open].trim().to_owned(),
        score,
    })
}

const LOGIC_ADVICE: &str = "write one rule per line, such as “when answer is no: require note”, \
     “when score at or below 1: suggest action \"Review the rota\"”, “when answer is no, \
     partial: show S1.1, S1.2” or “when answer is yes: require evidence”";

/// One logic line: `<condition>: <consequence>`.
fn parse_logic(line: &str) -> Result<LogicRule, String> {
    let Some((condition, then)) = line.split_once(':') else {
        return Err(format!(
            "“{}” has no colon between when the rule fires and what it does: {LOGIC_ADVICE}",
            short(line)
        ));
    };
    let when = parse_condition(condition.trim()).ok_or_else(|| {
        format!(
            "“{}” is not a condition: write “when score at or below 1”, “when answer is no, \
             partial”, both joined by “and”, or “always”",
            short(condition.trim())
        )
    })?;
    let then = parse_consequence(then.trim()).ok_or_else(|| {
        format!(
            "“{}” is not something a rule can do: write require note, require evidence, \
             suggest action \"title\" or show followed by follow-up item ids",
            short(then.trim())
        )
    })?;
    Ok(LogicRule { when, then })
}

fn parse_condition(text: &str) -> Option<Condition> {
    let mut rest = text;
    if let Some(after) = strip_word_ci(rest, "when") {
        rest = after.trim_start();
    }
    let mut condition = Condition {
        at_or_below: None,
        answer_is: Vec::new(),
    };
    if norm(rest) == "always" {
        return Some(condition);
    }
    let mut clauses = 0;
    while !rest.is_empty() {
        if let Some(after) = strip_prefix_ci(rest, "score at or below") {
            if condition.at_or_below.is_some() {
                return None;
            }
            let lower = after.to_ascii_lowercase();
            let end = lower.find(" and ").unwrap_or(after.len());
            condition.at_or_below = Some(parse_number(&after[..end]).ok()?);
            rest = after[end..].trim_start();
        } else if let Some(after) = strip_prefix_ci(rest, "answer is") {
            if !condition.answer_is.is_empty() {
                return None;
            }
            let lower = after.to_ascii_lowercase();
            let end = lower.find(" and score").unwrap_or(after.len());
            for piece in after[..end].split(',') {
                let words: Vec<&str> = piece.split_whitespace().collect();
                if words.len() == 1 {
                    condition.answer_is.push(words[0].to_owned());
                } else {
                    // "no or partial": the word "or" joins answers.
                    condition.answer_is.extend(
                        words
                            .iter()
                            .filter(|word| !word.eq_ignore_ascii_case("or"))
                            .map(|word| (*word).to_owned()),
                    );
                }
            }
            if condition.answer_is.is_empty() {
                return None;
            }
            rest = after[end..].trim_start();
        } else {
            return None;
        }
        clauses += 1;
        if let Some(after) = strip_word_ci(rest, "and") {
            rest = after.trim_start();
            if rest.is_empty() {
                return None;
            }
        }
    }
    (clauses > 0).then_some(condition)
}

fn parse_consequence(text: &str) -> Option<Consequence> {
    match norm(text).as_str() {
        "requirenote" | "requireanote" => return Some(Consequence::RequireNote),
        "requireevidence" => return Some(Consequence::RequireEvidence),
        _ => {}
    }
    if let Some(rest) = strip_prefix_ci(text, "suggest an action")
        .or_else(|| strip_prefix_ci(text, "suggest action"))
    {
        let rest = rest.trim();
        let quotes = ['"', '“', '”'];
        let title = match rest
            .strip_prefix(quotes)
            .and_then(|r| r.strip_suffix(quotes))
        {
            Some(inner) => inner,
            None => rest,
        };
        return Some(Consequence::SuggestAction(title.to_owned()));
    }
    if let Some(rest) = strip_word_ci(text, "show") {
        let ids = rest
            .split([',', ' ', '\t'])
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(str::to_owned)
            .collect();
        return Some(Consequence::Show(ids));
    }
    None
}

const COUNT_ADVICE: &str = "write one condition per line, such as “at least 2 sections rated \
     inadequate” or “at most 0 sections rated requires-improvement or worse”";

/// `at least 2 sections rated requires-improvement or worse` and the like.
fn parse_count(line: &str) -> Result<RatingCount, String> {
    let fail = || {
        format!(
            "“{}” does not read as a condition: {COUNT_ADVICE}",
            short(line)
        )
    };
    let words: Vec<&str> = line.split_whitespace().collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let is = |at: usize, word: &str| lower.get(at).is_some_and(|w| w == word);
    let mut at = 0;
    let mut count = RatingCount {
        rating: String::new(),
        including: Including::Exactly,
        at_least: None,
        at_most: None,
    };
    if is(0, "any") && is(1, "number") && is(2, "of") {
        at = 3;
    }
    loop {
        if is(at, "at") && (is(at + 1, "least") || is(at + 1, "most")) {
            let n = words
                .get(at + 2)
                .and_then(|n| whole(n))
                .and_then(|n| u32::try_from(n).ok())
                .ok_or_else(fail)?;
            let slot = if is(at + 1, "least") {
                &mut count.at_least
            } else {
                &mut count.at_most
            };
            if slot.replace(n).is_some() {
                return Err(fail());
            }
            at += 3;
        } else if is(at, "and") {
            at += 1;
        } else {
            break;
        }
    }
    if is(at, "section") || is(at, "sections") {
        at += 1;
    }
    if !is(at, "rated") {
        return Err(fail());
    }
    count.rating = (*words.get(at + 1).ok_or_else(fail)?).to_owned();
    at += 2;
    count.including = match (
        lower.get(at).map(String::as_str),
        lower.get(at + 1).map(String::as_str),
        words.len() - at,
    ) {
        (None, _, _) => Including::Exactly,
        (Some("exactly"), _, 1) => Including::Exactly,
        (Some("or"), Some("worse"), 2) => Including::OrWorse,
        (Some("or"), Some("better"), 2) => Including::OrBetter,
        _ => return Err(fail()),
    };
    Ok(count)
}

/// Which type uses a column, for the message refusing it elsewhere.
fn type_of_column(column: &str) -> &'static str {
    match column {
        SCALE => "the Scale column is for scale items",
        OPTIONS => "the Options column is for choice items",
        UNIT => "the Unit column is for number and count items",
        SAMPLE_SIZE => "the Sample size column is for count items",
        _ => "this column is for number items",
    }
}

// ---------------------------------------------------------------------------------------
// Words
// ---------------------------------------------------------------------------------------

/// `Items!F7`: the sheet, then the column letters and the row counted from one.
fn cell_name(sheet: &str, row: usize, column: usize) -> String {
    format!("{sheet}!{}{}", column_name(column), row + 1)
}

/// Column letters as spreadsheets show them: A … Z, AA, AB, ….
fn column_name(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// A value quoted back at most 40 characters long.
fn short(text: &str) -> String {
    let cut: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        format!("{cut}…")
    } else {
        cut
    }
}

fn quote_or_empty(value: &str) -> String {
    if value.is_empty() {
        "an empty cell".to_owned()
    } else {
        format!("“{}”", short(value))
    }
}

/// "A, B and C".
fn list(names: &[&str]) -> String {
    match names {
        [] => "none".to_owned(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The name a mistyped one probably meant: within a third of its length in edits.
fn closest<'a>(given: &str, names: &[&'a str]) -> Option<&'a str> {
    let given = norm(given);
    if given.is_empty() {
        return None;
    }
    names
        .iter()
        .map(|name| (edits(&given, &norm(name)), *name))
        .filter(|(distance, _)| *distance <= (given.chars().count() / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, name)| name)
}

/// Levenshtein distance, by characters.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let best = (previous[j] + cost)
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
            current.push(best);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_spreadsheets_letter_them() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
        assert_eq!(cell_name(ITEMS, 6, 5), "Items!F7");
    }

    #[test]
    fn logic_lines_read_back() {
        for line in [
            "when score at or below 1: require note",
            "when answer is no, partial: show S1.1, S1.2",
            "when answer is no: suggest action \"Review the rota: weekly\"",
            "when score at or below 0.5 and answer is no: require evidence",
            "always: require note",
        ] {
            let rule = parse_logic(line).expect(line);
            assert_eq!(logic_text(&rule), line);
        }
        let rule = parse_logic("When answer is no or partial: Require a note.").expect("lenient");
        assert_eq!(rule.when.answer_is, vec!["no", "partial"]);
        assert_eq!(rule.then, Consequence::RequireNote);
        let rule = parse_logic("answer is yes: suggest action “Book it”").expect("curly");
        assert_eq!(rule.then, Consequence::SuggestAction("Book it".into()));
        assert!(parse_logic("when answer is no require note").is_err());
        assert!(parse_logic("when maybe: require note").is_err());
        assert!(parse_logic("when answer is no: dance").is_err());
        assert!(parse_logic("when score at or below x: require note").is_err());
    }

    #[test]
    fn rule_conditions_read_back() {
        for line in [
            "at least 2 sections rated inadequate",
            "at least 1 section rated requires-improvement or worse",
            "at most 0 sections rated good or better",
            "at least 1 and at most 2 sections rated good",
            "any number of sections rated good",
        ] {
            let count = parse_count(line).expect(line);
            assert_eq!(count_text(&count), line);
        }
        assert!(parse_count("at least two sections rated good").is_err());
        assert!(parse_count("at least 2 sections inadequate").is_err());
        assert!(parse_count("at least 2 sections rated good or so").is_err());
    }

    #[test]
    fn sources_and_options_read_back() {
        let sources = vec![
            Source {
                title: "CQC <guide>, 2024".into(),
                url: Some("https://cqc.org.uk/x".into()),
                own: false,
            },
            Source {
                title: "Keyline's own".into(),
                url: None,
                own: true,
            },
            Source {
                title: "Both".into(),
                url: Some("https://a.b".into()),
                own: true,
            },
            Source {
                title: "Neither".into(),
                url: None,
                own: false,
            },
        ];
        assert_eq!(parse_sources(&sources_text(&sources)), sources);
        let options = vec![
            ChoiceOption {
                value: "good".into(),
                label: "Good (mostly)".into(),
                score: 3.0,
            },
            ChoiceOption {
                value: "half".into(),
                label: "Half: of it".into(),
                score: 0.5,
            },
        ];
        let read: Vec<ChoiceOption> = lines(&options_text(&options))
            .filter_map(|(_, l)| parse_option(l))
            .collect();
        assert_eq!(read, options);
    }

    #[test]
    fn headers_match_however_they_are_typed() {
        assert_eq!(norm("N/A allowed"), norm("na-Allowed"));
        assert_eq!(keyed_header("Descriptor 1", DESCRIPTOR), Some("1".into()));
        assert_eq!(
            keyed_header("descriptor: yes", DESCRIPTOR),
            Some("yes".into())
        );
        assert_eq!(keyed_header("Descriptors", DESCRIPTOR), None);
        assert_eq!(closest("Wieght", ITEMS_LAYOUT.columns), Some(WEIGHT));
        assert_eq!(closest("Colour of the sky", RATINGS_LAYOUT.columns), None);
    }

    #[test]
    fn paths_point_at_cells() {
        let read = steps("$.sections[1].items[2].descriptors[\"a.b\"]").expect("reads");
        assert_eq!(read.len(), 6);
        assert!(steps("sections").is_none());
    }
}
