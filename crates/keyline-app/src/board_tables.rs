//! The board as tables: what the CSV files and the XLSX workbook hold, one table per file or
//! sheet, every figure the same number as in the board's JSON (nothing re-decided here).

use std::path::Path;

use keyline_core::board::{Board, BoardCell, Movement, Ward, BUCKETS};

use crate::{dto, AppError, ErrorCode, Result};

/// One cell of an exported table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }
    fn count(n: u32) -> Cell {
        Cell::Number(f64::from(n))
    }
    fn maybe(n: Option<f64>) -> Cell {
        n.map_or(Cell::Empty, Cell::Number)
    }
    /// As a CSV field: numbers in Rust's shortest form that reads back to the same value.
    pub fn csv(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

/// A named table with its header row.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Also the sheet name and the CSV file's name (without `.csv`).
    pub name: &'static str,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

fn ward_cells(ward: &Ward) -> [Cell; 3] {
    [
        Cell::text(&ward.trust),
        Cell::text(&ward.site),
        Cell::text(&ward.service),
    ]
}

fn movement_word(cell: &BoardCell) -> &'static str {
    match cell.movement {
        Some(Movement::Up) => "up",
        Some(Movement::Down) => "down",
        Some(Movement::Same) => "same",
        None => "",
    }
}

fn kind_label(kind: &str) -> &str {
    match dto::InspectionKind::parse(kind) {
        Some(k) => k.label(),
        None => kind,
    }
}

/// The board's tables, in the order the workbook's sheets take.
pub fn tables(board: &Board) -> Vec<Table> {
    let titles: Vec<&str> = board.columns.iter().map(|c| c.title.as_str()).collect();
    let per_column =
        |suffix: &str| -> Vec<String> { titles.iter().map(|t| format!("{t} {suffix}")).collect() };
    let ward_headers = || vec!["Trust".to_owned(), "Site".to_owned(), "Ward".to_owned()];

    let mut summary = vec![
        vec![Cell::text("Wards"), Cell::count(board.summary.wards)],
        vec![
            Cell::text("Inspections"),
            Cell::count(board.summary.inspections),
        ],
        vec![
            Cell::text("Open actions"),
            Cell::count(board.summary.open_actions),
        ],
        vec![
            Cell::text("Overdue actions"),
            Cell::count(board.summary.overdue_actions),
        ],
    ];
    for d in &board.summary.distribution {
        summary.push(vec![
            Cell::text(format!("Wards rated {}", d.label)),
            Cell::count(d.wards),
        ]);
    }

    let mut wards_headers = ward_headers();
    wards_headers.push("Inspections".to_owned());
    for t in &titles {
        for suffix in ["rating", "%", "date", "inspection", "change"] {
            wards_headers.push(format!("{t} {suffix}"));
        }
    }
    let wards = board
        .rows
        .iter()
        .map(|row| {
            let mut cells: Vec<Cell> = ward_cells(&row.ward).into();
            cells.push(Cell::count(row.inspections));
            for cell in &row.cells {
                match cell {
                    Some(c) => cells.extend([
                        c.rating_label.as_deref().map_or(Cell::Empty, Cell::text),
                        Cell::maybe(c.percent),
                        Cell::text(&c.date),
                        Cell::Number(c.inspection_id as f64),
                        Cell::text(movement_word(c)),
                    ]),
                    None => cells.extend(std::iter::repeat_n(Cell::Empty, 5)),
                }
            }
            cells
        })
        .collect();

    let mut trend_headers = vec!["Month".to_owned(), "Inspections".to_owned()];
    trend_headers.extend(per_column("%"));
    let trends = board
        .trends
        .whole
        .iter()
        .map(|p| {
            let mut cells = vec![Cell::text(&p.period), Cell::count(p.inspections)];
            cells.extend(p.percents.iter().map(|v| Cell::maybe(*v)));
            cells
        })
        .collect();

    let mut ward_trend_headers = ward_headers();
    ward_trend_headers.extend(["Date".to_owned(), "Inspection".to_owned()]);
    ward_trend_headers.extend(per_column("%"));
    let ward_trends = board
        .trends
        .wards
        .iter()
        .flat_map(|w| {
            w.points.iter().map(|p| {
                let mut cells: Vec<Cell> = ward_cells(&w.ward).into();
                cells.push(Cell::text(&p.period));
                cells.push(Cell::maybe(p.inspection_id.map(|id| id as f64)));
                cells.extend(p.percents.iter().map(|v| Cell::maybe(*v)));
                cells
            })
        })
        .collect();

    let mut gap_headers = ward_headers();
    gap_headers.extend([
        "Pairs".to_owned(),
        "Self-assessment higher".to_owned(),
        "Mean gap (points)".to_owned(),
    ]);
    gap_headers.extend(per_column("gap (points)"));
    gap_headers.push("Flagged".to_owned());
    let gaps = board
        .gaps
        .wards
        .iter()
        .map(|g| {
            let mut cells: Vec<Cell> = ward_cells(&g.ward).into();
            cells.extend([
                Cell::count(g.pairs),
                Cell::count(g.self_higher),
                Cell::maybe(g.mean_gap),
            ]);
            cells.extend(g.column_gaps.iter().map(|v| Cell::maybe(*v)));
            cells.push(Cell::text(if g.flagged {
                "Persistently higher"
            } else {
                ""
            }));
            cells
        })
        .collect();

    let consistency = board
        .consistency
        .trusts
        .iter()
        .map(|t| {
            vec![
                Cell::text(&t.trust),
                Cell::count(t.pairs),
                Cell::maybe(t.mean_agreement),
                Cell::maybe(t.mean_kappa),
            ]
        })
        .collect();
    let mut pair_headers = ward_headers();
    pair_headers.extend(
        [
            "First inspection",
            "First kind",
            "First date",
            "Second inspection",
            "Second kind",
            "Second date",
            "Items compared",
            "Agreement %",
            "Weighted kappa",
        ]
        .map(str::to_owned),
    );
    let pairs = board
        .consistency
        .pairs
        .iter()
        .map(|p| {
            let mut cells: Vec<Cell> = ward_cells(&p.ward).into();
            for side in [&p.first, &p.second] {
                cells.extend([
                    Cell::Number(side.inspection_id as f64),
                    Cell::text(kind_label(&side.kind)),
                    Cell::text(&side.date),
                ]);
            }
            cells.extend([
                Cell::count(p.items_compared),
                Cell::maybe(p.percent_agreement),
                Cell::maybe(p.weighted_kappa),
            ]);
            cells
        })
        .collect();

    let themes = board
        .themes
        .items
        .iter()
        .map(|t| {
            vec![
                Cell::text(&t.title),
                Cell::text(&t.section_title),
                Cell::count(t.inspections),
                Cell::count(t.wards),
                Cell::Number(t.latest_inspection_id as f64),
            ]
        })
        .collect();

    let mut action_headers = ward_headers();
    action_headers.extend(
        [
            "Inspection",
            "Action",
            "Owner",
            "Priority",
            "Status",
            "Due",
            "Days overdue",
            "Overdue by",
        ]
        .map(str::to_owned),
    );
    let actions = board
        .actions
        .list
        .iter()
        .map(|a| {
            let mut cells: Vec<Cell> = ward_cells(&a.ward).into();
            cells.extend([
                Cell::Number(a.inspection_id as f64),
                Cell::text(&a.title),
                Cell::text(&a.owner),
                a.priority.as_deref().map_or(Cell::Empty, Cell::text),
                Cell::text(&a.status),
                a.due_date.as_deref().map_or(Cell::Empty, Cell::text),
                Cell::maybe(a.days_overdue.map(f64::from)),
                a.bucket.as_deref().map_or(Cell::Empty, Cell::text),
            ]);
            cells
        })
        .collect();
    let mut ageing_headers = vec!["Owner".to_owned(), "Open".to_owned(), "Overdue".to_owned()];
    ageing_headers.extend(BUCKETS.iter().map(|b| format!("Overdue {b}")));
    let ageing = |rows: &[keyline_core::board::AgeingRow]| -> Vec<Vec<Cell>> {
        rows.iter()
            .map(|r| {
                let mut cells = vec![
                    Cell::text(&r.label),
                    Cell::count(r.open),
                    Cell::count(r.overdue),
                ];
                cells.extend(r.ageing.iter().map(|n| Cell::count(*n)));
                cells
            })
            .collect()
    };
    let mut trust_ageing_headers = ageing_headers.clone();
    trust_ageing_headers[0] = "Trust".to_owned();

    vec![
        Table {
            name: "Summary",
            headers: vec!["Measure".to_owned(), "Value".to_owned()],
            rows: summary,
        },
        Table {
            name: "Wards",
            headers: wards_headers,
            rows: wards,
        },
        Table {
            name: "Trends",
            headers: trend_headers,
            rows: trends,
        },
        Table {
            name: "Ward trends",
            headers: ward_trend_headers,
            rows: ward_trends,
        },
        Table {
            name: "Self-assessment gaps",
            headers: gap_headers,
            rows: gaps,
        },
        Table {
            name: "Consistency",
            headers: ["Trust", "Pairs", "Mean agreement %", "Mean weighted kappa"]
                .map(str::to_owned)
                .into(),
            rows: consistency,
        },
        Table {
            name: "Inspector pairs",
            headers: pair_headers,
            rows: pairs,
        },
        Table {
            name: "Themes",
            headers: [
                "Item",
                "Key question",
                "Inspections",
                "Wards",
                "Latest inspection",
            ]
            .map(str::to_owned)
            .into(),
            rows: themes,
        },
        Table {
            name: "Actions",
            headers: action_headers,
            rows: actions,
        },
        Table {
            name: "Ageing by trust",
            headers: trust_ageing_headers,
            rows: ageing(&board.actions.by_trust),
        },
        Table {
            name: "Ageing by owner",
            headers: ageing_headers,
            rows: ageing(&board.actions.by_owner),
        },
    ]
}

/// The CSV file name of a table: lower case, hyphens for spaces.
pub fn csv_name(table: &Table) -> String {
    format!("{}.csv", table.name.to_lowercase().replace(' ', "-"))
}

fn failed(what: &str, path: &Path, e: impl std::fmt::Display) -> AppError {
    AppError::new(
        ErrorCode::Io,
        format!("cannot write {what} {}: {e}", path.display()),
    )
}

/// Writes one CSV file per table into the folder `dir` (made if missing). Each file is
/// written whole and renamed into place, so a failure leaves no half-written file.
pub fn write_csv(tables: &[Table], dir: &Path) -> Result<dto::ExportedBoard> {
    std::fs::create_dir_all(dir).map_err(|e| failed("the folder", dir, e))?;
    let mut files = Vec::new();
    for table in tables {
        let mut out = csv::Writer::from_writer(Vec::new());
        let written = out.write_record(&table.headers).and_then(|()| {
            table
                .rows
                .iter()
                .try_for_each(|row| out.write_record(row.iter().map(Cell::csv)))
        });
        written.map_err(|e| failed("the CSV file for", dir, e))?;
        let bytes = out
            .into_inner()
            .map_err(|e| failed("the CSV file for", dir, e))?;
        let path = dir.join(csv_name(table));
        crate::write_file_atomically(&path, &bytes, crate::Overwrite::Replace)?;
        files.push(path.display().to_string());
    }
    Ok(exported(dir, files, tables))
}

fn exported(path: &Path, files: Vec<String>, tables: &[Table]) -> dto::ExportedBoard {
    dto::ExportedBoard {
        path: path.display().to_string(),
        files,
        tables: tables.len() as u32,
        rows: tables.iter().map(|t| t.rows.len() as u32).sum(),
    }
}

/// The workbook's bytes: a sheet per table, header row bold and frozen.
pub fn xlsx_bytes(tables: &[Table]) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| {
        AppError::new(
            ErrorCode::Internal,
            format!("cannot make the workbook: {e}"),
        )
    };
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    for table in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(table.name).map_err(fail)?;
        for (col, header) in table.headers.iter().enumerate() {
            sheet
                .write_string_with_format(0, col as u16, header, &bold)
                .map_err(fail)?;
        }
        for (at, row) in table.rows.iter().enumerate() {
            let r = at as u32 + 1;
            for (col, cell) in row.iter().enumerate() {
                let c = col as u16;
                match cell {
                    Cell::Text(s) => sheet.write_string(r, c, s).map(|_| ()),
                    Cell::Number(n) => sheet.write_number(r, c, *n).map(|_| ()),
                    Cell::Empty => Ok(()),
                }
                .map_err(fail)?;
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(fail)?;
    }
    book.save_to_buffer().map_err(fail)
}

/// Writes the workbook to `path`, whole or not at all.
pub fn write_xlsx(tables: &[Table], path: &Path) -> Result<dto::ExportedBoard> {
    let bytes = xlsx_bytes(tables)?;
    crate::write_file_atomically(path, &bytes, crate::Overwrite::Replace)?;
    Ok(exported(path, vec![path.display().to_string()], tables))
}
