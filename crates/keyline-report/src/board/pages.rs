//! What goes on the board pack's pages, in order: page 1, the summary a board member reads
//! first (what the pack covers, the counts, the spread of overall ratings, the biggest
//! movers, the overdue actions by age); the wards against the key questions, grouped by
//! trust and site; the trends; the recurring themes; the self-assessment gaps; the
//! consistency of paired inspections; the action list; and "About this board pack", kept
//! together at the end. Then, once the page count is known, the running header and footer.
//!
//! Everything is drawn with the inspection report's layout and chart axes; only the content
//! is the pack's own.

use crate::compose::{
    column, furnish_pages, number, percent, percent_axes, percent_grid, percent_y, Furniture, H1,
    H2, H3, TITLE,
};
use crate::fonts::Face;
use crate::layout::{
    Canvas, Cell, Rgb, Row, Style, BODY, BODY_BOLD, CONTENT_W, MARGIN_X, SMALL, TOP,
};
use crate::model::{PdfOptions, Rating};

use super::{
    BoardAction, BoardPack, Change, ConsistencyPair, GapRow, Mover, Theme, TrendPoint, WardCell,
    WardRow,
};

const LEAD: Style = Style::new(Face::Regular, 11.0, Rgb::GREY);
const CELL_SMALL: Style = Style::new(Face::Regular, 8.0, Rgb::GREY);
/// The pale amber behind a flag, which also says what it flags in words.
const FLAG: Rgb = Rgb(1.0, 0.86, 0.55);

/// Lays out the whole pack.
pub(super) fn body(pack: &BoardPack, options: &PdfOptions, canvas: &mut Canvas) {
    summary(pack, canvas);
    canvas.new_page();
    wards(pack, canvas);
    trends(pack, canvas);
    themes(&pack.themes, canvas);
    gaps(pack, canvas);
    consistency(pack, canvas);
    actions(&pack.actions, canvas);
    about(pack, options, canvas);
}

/// Adds the running header (the title and the filters, so a page read alone says what it
/// covers) and the footer to every page.
pub(super) fn furnish(pack: &BoardPack, options: &PdfOptions, canvas: &mut Canvas) {
    let header = [pack.title.trim(), pack.filters.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let furniture = Furniture {
        header: &header,
        id: &format!("Board pack {}", options.document_id),
        draft: false,
    };
    furnish_pages(&furniture, canvas);
}

// Page 1 ------------------------------------------------------------------------------

/// Page 1: what the pack covers and the figures a board looks at first.
fn summary(pack: &BoardPack, canvas: &mut Canvas) {
    canvas.rect(MARGIN_X, TOP, CONTENT_W, 5.0, Rgb::NHS_BLUE);
    canvas.space(18.0);
    let title = if pack.title.trim().is_empty() {
        "Board pack"
    } else {
        pack.title.as_str()
    };
    canvas.heading(TITLE, title, 0.0);
    canvas.space(2.0);
    if !pack.filters.trim().is_empty() {
        canvas.paragraph(LEAD, &pack.filters, MARGIN_X, CONTENT_W);
    }
    if !pack.generated.trim().is_empty() {
        canvas.paragraph(
            SMALL,
            &format!("Generated {}", pack.generated.trim()),
            MARGIN_X,
            CONTENT_W,
        );
    }
    canvas.space(12.0);
    let s = &pack.summary;
    counts(
        canvas,
        &[
            (s.wards, "ward", "wards"),
            (s.inspections, "inspection", "inspections"),
            (s.overdue_actions, "overdue action", "overdue actions"),
        ],
    );
    canvas.space(14.0);
    distribution(pack, canvas);
    canvas.space(10.0);
    movers(pack, canvas);
    canvas.space(10.0);
    overdue(pack, canvas);
    canvas.space(8.0);
    canvas.paragraph(
        SMALL,
        "How these figures were reached is set out in \"About this board pack\", at the end.",
        MARGIN_X,
        CONTENT_W,
    );
}

/// The headline counts, side by side in tinted boxes.
fn counts(canvas: &mut Canvas, figures: &[(u32, &str, &str)]) {
    let gap = 12.0;
    let n = figures.len().max(1) as f32;
    let w = (CONTENT_W - gap * (n - 1.0)) / n;
    let h = 48.0;
    let figure = Style::new(Face::Bold, 20.0, Rgb::NHS_BLUE);
    canvas.ensure(h);
    let top = canvas.y;
    for (i, (count, one, many)) in figures.iter().enumerate() {
        let x = MARGIN_X + i as f32 * (w + gap);
        canvas.rect(x, top, w, h, Rgb::LIGHT);
        let value = canvas.fit_line(figure, &count.to_string(), w - 16.0);
        canvas.text_at(x + 8.0, top + 7.0, figure, &value);
        let label = canvas.fit_line(BODY, if *count == 1 { one } else { many }, w - 16.0);
        canvas.text_at(x + 8.0, top + 32.0, BODY, &label);
    }
    canvas.y = top + h;
}

/// One bar of a horizontal bar chart: its label (on the colour, when it has one), its value
/// and the words printed after it.
struct Bar {
    label: String,
    colour: Option<Rgb>,
    value: f64,
    words: String,
}

/// A horizontal bar chart whose every bar is labelled in words, so the colours only repeat
/// what the words say.
fn bars(canvas: &mut Canvas, bars: &[Bar]) {
    let label_w = 140.0;
    let words_w = 120.0;
    let row_h = 19.0;
    let chip = 15.0;
    let bar_x = MARGIN_X + label_w;
    let bar_max = CONTENT_W - label_w - words_w;
    let most = bars
        .iter()
        .map(|b| b.value)
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max);
    for bar in bars {
        canvas.ensure(row_h);
        let top = canvas.y;
        match bar.colour {
            Some(colour) => {
                let style = Style::new(Face::Bold, 9.0, colour.text_on());
                canvas.rect(MARGIN_X, top, label_w - 8.0, chip, colour);
                let label = canvas.fit_line(style, &bar.label, label_w - 20.0);
                canvas.text_at(MARGIN_X + 6.0, top + 3.0, style, &label);
            }
            None => {
                let label = canvas.fit_line(BODY_BOLD, &bar.label, label_w - 8.0);
                canvas.text_at(MARGIN_X, top + 2.5, BODY_BOLD, &label);
            }
        }
        let share = if most > 0.0 && bar.value.is_finite() {
            (bar.value / most).clamp(0.0, 1.0) as f32
        } else {
            0.0
        };
        let len = if bar.value > 0.0 {
            (bar_max * share).max(2.0)
        } else {
            0.0
        };
        let fill = bar.colour.unwrap_or(Rgb::NHS_BLUE);
        canvas.rect(bar_x, top + 2.0, len, chip - 4.0, fill);
        let words = canvas.fit_line(BODY, &bar.words, words_w + bar_max - len - 6.0);
        canvas.text_at(bar_x + len + 6.0, top + 2.5, BODY, &words);
        canvas.y = top + row_h;
    }
}

/// The spread of overall ratings, as bars in each rating's colour with its name and count.
fn distribution(pack: &BoardPack, canvas: &mut Canvas) {
    let counts = &pack.summary.distribution;
    canvas.heading(H2, "Overall ratings", 40.0);
    canvas.paragraph(
        SMALL,
        "The overall rating of each ward's latest inspection.",
        MARGIN_X,
        CONTENT_W,
    );
    canvas.space(4.0);
    if counts.is_empty() {
        canvas.paragraph(
            BODY,
            "No ward has an overall rating in this period.",
            MARGIN_X,
            CONTENT_W,
        );
        return;
    }
    let total: u64 = counts.iter().map(|c| u64::from(c.count)).sum();
    let rows: Vec<Bar> = counts
        .iter()
        .map(|c| Bar {
            label: c.rating_label.clone(),
            colour: Some(rating_colour(&pack.ratings, &c.rating_id, &c.rating_label)),
            value: f64::from(c.count),
            words: format!(
                "{} ({})",
                plural(c.count, "ward", "wards"),
                share(u64::from(c.count), total)
            ),
        })
        .collect();
    bars(canvas, &rows);
}

/// The wards whose overall result moved most, each with the reason.
fn movers(pack: &BoardPack, canvas: &mut Canvas) {
    canvas.heading(H2, "Biggest movers", 40.0);
    canvas.paragraph(
        SMALL,
        "The wards whose overall result changed most since their previous inspection.",
        MARGIN_X,
        CONTENT_W,
    );
    canvas.space(4.0);
    if pack.summary.movers.is_empty() {
        canvas.paragraph(BODY, "No ward moved in this period.", MARGIN_X, CONTENT_W);
        return;
    }
    let columns = [
        column("Ward", 1.7),
        column("From", 1.25),
        column("To", 1.25),
        column("Change", 1.1),
        column("What moved it", 2.7),
    ];
    let rows: Vec<Vec<Cell>> = pack
        .summary
        .movers
        .iter()
        .map(|m| mover_row(&pack.ratings, m))
        .collect();
    canvas.table(&columns, &rows);
}

fn mover_row(ratings: &[Rating], m: &Mover) -> Vec<Cell> {
    vec![
        Cell::plain(ward_and_trust(&m.ward, &m.trust)),
        label_chip(ratings, &m.from_label),
        label_chip(ratings, &m.to_label),
        Cell::plain(points_change(m.change_points)),
        Cell::plain(m.explanation.clone()),
    ]
}

/// Overdue actions in number and by age.
fn overdue(pack: &BoardPack, canvas: &mut Canvas) {
    let s = &pack.summary;
    canvas.heading(H2, "Overdue actions", 40.0);
    let line = match s.overdue_actions {
        0 => "No actions are overdue.".to_string(),
        1 => "1 action is past its due date and not completed.".to_string(),
        n => format!("{n} actions are past their due date and not completed."),
    };
    canvas.paragraph(BODY, &line, MARGIN_X, CONTENT_W);
    if s.overdue_actions == 0 || s.overdue_by_age.is_empty() {
        return;
    }
    canvas.space(4.0);
    let rows: Vec<Bar> = s
        .overdue_by_age
        .iter()
        .map(|b| Bar {
            label: b.bucket_label.clone(),
            colour: None,
            value: f64::from(b.count),
            words: plural(b.count, "action", "actions"),
        })
        .collect();
    bars(canvas, &rows);
}

// The wards table ---------------------------------------------------------------------

/// One line of a grouped table, owning its text until the table borrows it.
enum Line {
    Group(usize, String),
    Cells(Vec<Cell>),
}

fn as_rows(lines: &[Line]) -> Vec<Row<'_>> {
    lines
        .iter()
        .map(|line| match line {
            Line::Group(level, text) => Row::Group {
                level: *level,
                text,
            },
            Line::Cells(cells) => Row::Cells(cells),
        })
        .collect()
}

/// Rows in the caller's order. Listed trust by trust, they go under a heading per trust;
/// otherwise (most overdue first, say) each row names its own trust, as a heading per row
/// would only double the list.
fn by_trust<T>(
    items: &[T],
    trust_of: impl Fn(&T) -> &str,
    cells: impl Fn(&T, bool) -> Vec<Cell>,
) -> Vec<Line> {
    let trusts: Vec<&str> = items.iter().map(|i| trust_of(i).trim()).collect();
    if !together(&trusts) {
        return items.iter().map(|i| Line::Cells(cells(i, true))).collect();
    }
    let mut lines = Vec::new();
    let mut last: Option<&str> = None;
    for (item, trust) in items.iter().zip(&trusts) {
        if last != Some(*trust) {
            lines.push(Line::Group(0, or(trust, "Trust not recorded")));
            last = Some(*trust);
        }
        lines.push(Line::Cells(cells(item, false)));
    }
    lines
}

/// Whether equal values all come together (each value's run is its only one).
fn together(values: &[&str]) -> bool {
    let mut seen = std::collections::BTreeSet::new();
    let mut last = None;
    for value in values {
        if last != Some(value) {
            if !seen.insert(value) {
                return false;
            }
            last = Some(value);
        }
    }
    true
}

/// Starts a section on the current page (or the next, with room for `keep_with` after it).
fn section(canvas: &mut Canvas, title: &str, keep_with: f32) {
    if canvas.y > TOP + 0.5 {
        canvas.space(18.0);
    }
    canvas.heading(H1, title, keep_with);
    canvas.space(4.0);
}

/// Every ward against the key questions, grouped by trust and site.
fn wards(pack: &BoardPack, canvas: &mut Canvas) {
    section(canvas, "Wards and key questions", 80.0);
    if pack.wards.is_empty() {
        canvas.paragraph(
            BODY,
            "No ward was inspected in this period.",
            MARGIN_X,
            CONTENT_W,
        );
        return;
    }
    canvas.paragraph(
        SMALL,
        "Each ward's latest rating for each key question, in words and in its colour, with its \
         percentage and the change since the ward's previous inspection: ↑ up, ↓ down, → the \
         same. The date under a ward is that of the inspection its ratings come from; a rating \
         from another inspection gives its own date.",
        MARGIN_X,
        CONTENT_W,
    );
    canvas.space(6.0);
    let mut columns = vec![column("Ward", 1.5)];
    columns.extend(pack.columns.iter().map(|c| column(&c.title, 1.0)));
    let lines = ward_lines(pack);
    canvas.grouped_table(&columns, &as_rows(&lines));
}

/// The wards table's rows, with a heading wherever the trust or the site changes (sites
/// only when some ward names one).
fn ward_lines(pack: &BoardPack) -> Vec<Line> {
    let sites = pack.wards.iter().any(|w| !w.site.trim().is_empty());
    let mut lines = Vec::new();
    let mut last: Option<(&str, &str)> = None;
    for ward in &pack.wards {
        let (trust, site) = (ward.trust.trim(), ward.site.trim());
        if last.map(|(t, _)| t) != Some(trust) {
            lines.push(Line::Group(0, or(trust, "Trust not recorded")));
            last = None;
        }
        if sites && last.map(|(_, s)| s) != Some(site) {
            lines.push(Line::Group(1, or(site, "Site not recorded")));
        }
        last = Some((trust, site));
        lines.push(Line::Cells(ward_cells(pack, ward)));
    }
    lines
}

fn ward_cells(pack: &BoardPack, ward: &WardRow) -> Vec<Cell> {
    let common = common_date(&ward.cells);
    let name = match common {
        Some(date) => format!("{}\n{date}", ward.ward),
        None => ward.ward.clone(),
    };
    let mut cells = vec![Cell::plain(name)];
    for index in 0..pack.columns.len() {
        let cell = ward.cells.get(index).and_then(Option::as_ref);
        cells.push(match cell {
            Some(c) => rating_cell(&pack.ratings, c, common.is_none()),
            None => Cell {
                text: "No rating".into(),
                style: CELL_SMALL,
                fill: None,
            },
        });
    }
    cells
}

/// The one date every rated cell of a row shares, if they share one.
fn common_date(cells: &[Option<WardCell>]) -> Option<&str> {
    let mut dates = cells.iter().flatten().map(|c| c.date.trim());
    let first = dates.next().filter(|d| !d.is_empty())?;
    dates.all(|d| d == first).then_some(first)
}

/// "Good 78% ↑" on the rating's colour, with the date under it when the row's dates differ.
fn rating_cell(ratings: &[Rating], c: &WardCell, with_date: bool) -> Cell {
    let mut text = or(c.rating_label.trim(), "Rated");
    if let Some(p) = c.percent {
        text.push(' ');
        text.push_str(&percent(p));
    }
    if let Some(change) = c.change {
        text.push(' ');
        text.push_str(arrow(change));
    }
    if with_date && !c.date.trim().is_empty() {
        text.push('\n');
        text.push_str(c.date.trim());
    }
    let colour = rating_colour(ratings, &c.rating_id, &c.rating_label);
    Cell {
        text,
        style: Style::new(Face::Bold, 8.5, colour.text_on()),
        fill: Some(colour),
    }
}

fn arrow(change: Change) -> &'static str {
    match change {
        Change::Up => "↑",
        Change::Down => "↓",
        Change::Same => "→",
    }
}

// Trends ------------------------------------------------------------------------------

/// Each column's percentage over the periods: a line chart each, then the same numbers in
/// a table.
fn trends(pack: &BoardPack, canvas: &mut Canvas) {
    section(canvas, "Trends", 160.0);
    let any = pack.trends.iter().any(|t| {
        t.points
            .iter()
            .any(|p| p.percent.is_some_and(f64::is_finite))
    });
    if !any {
        canvas.paragraph(
            BODY,
            "No inspections in this period, so there is no trend to show.",
            MARGIN_X,
            CONTENT_W,
        );
        return;
    }
    canvas.paragraph(
        SMALL,
        "Each key question's percentage across all the inspections in this pack, period by \
         period. A break in a line, and \"–\" in the table, is a period with no inspections.",
        MARGIN_X,
        CONTENT_W,
    );
    for trend in &pack.trends {
        canvas.space(8.0);
        line_chart(canvas, &trend.column_title, &trend.points);
    }
    canvas.space(10.0);
    canvas.heading(H2, "The same figures", 50.0);
    trend_table(pack, canvas);
}

/// A percentage line over the periods, each point labelled when there is room.
fn line_chart(canvas: &mut Canvas, title: &str, points: &[TrendPoint]) {
    let plot_h = 80.0;
    let label_h = 16.0;
    canvas.heading(H3, title, plot_h + label_h + 8.0);
    canvas.space(6.0);
    let top = canvas.y;
    let axis_w = 30.0;
    let x0 = MARGIN_X + axis_w;
    let plot_w = CONTENT_W - axis_w - 6.0;
    percent_grid(canvas, x0, top, plot_w, plot_h);

    let slot = plot_w / points.len().max(1) as f32;
    let x_of = |i: usize| x0 + slot * (i as f32 + 0.5);
    let value = |p: &TrendPoint| p.percent.filter(|v| v.is_finite());
    for (i, pair) in points.windows(2).enumerate() {
        if let (Some(a), Some(b)) = (value(&pair[0]), value(&pair[1])) {
            let from = (x_of(i), percent_y(top, plot_h, a));
            let to = (x_of(i + 1), percent_y(top, plot_h, b));
            canvas.line(from, to, Rgb::NHS_BLUE, 1.5);
        }
    }
    let label_style = Style::new(Face::Bold, 7.5, Rgb::BLACK);
    let step = label_step(canvas, points, slot);
    for (i, point) in points.iter().enumerate() {
        let cx = x_of(i);
        if let Some(v) = value(point) {
            let y = percent_y(top, plot_h, v);
            canvas.rect(cx - 2.5, y - 2.5, 5.0, 5.0, Rgb::NHS_BLUE);
            let text = percent(v);
            let w = canvas
                .fonts
                .width(label_style.face, label_style.size, &text);
            if w + 2.0 <= slot * step as f32 && i % step == 0 {
                // Above the point, or below it when the point is at the top of the plot.
                let above = y - 11.0;
                let label_top = if above >= top - 2.0 { above } else { y + 4.0 };
                canvas.text_at(cx - w / 2.0, label_top, label_style, &text);
            }
        }
        if i % step == 0 {
            let period = canvas.fit_line(SMALL, &point.period, slot * step as f32 - 2.0);
            let w = canvas.fonts.width(SMALL.face, SMALL.size, &period);
            canvas.text_at(cx - w / 2.0, top + plot_h + 4.0, SMALL, &period);
        }
    }
    percent_axes(canvas, x0, top, plot_w, plot_h);
    canvas.y = top + plot_h + label_h;
}

/// Label every `n`th period, so that the labels never run into each other.
fn label_step(canvas: &Canvas, points: &[TrendPoint], slot: f32) -> usize {
    let widest = points
        .iter()
        .map(|p| {
            let text = canvas.fonts.clean(&p.period);
            canvas.fonts.width(SMALL.face, SMALL.size, &text)
        })
        .fold(0.0_f32, f32::max);
    if slot <= 0.0 {
        return 1;
    }
    ((widest + 6.0) / slot)
        .ceil()
        .clamp(1.0, points.len().max(1) as f32) as usize
}

/// The trends' numbers: a row per period, a column per trend.
fn trend_table(pack: &BoardPack, canvas: &mut Canvas) {
    let mut periods: Vec<&str> = Vec::new();
    for point in pack.trends.iter().flat_map(|t| &t.points) {
        if !periods.contains(&point.period.as_str()) {
            periods.push(&point.period);
        }
    }
    let mut columns = vec![column("Period", 1.3)];
    columns.extend(pack.trends.iter().map(|t| column(&t.column_title, 1.0)));
    let rows: Vec<Vec<Cell>> = periods
        .iter()
        .map(|period| {
            let mut row = vec![Cell::bold(*period)];
            row.extend(pack.trends.iter().map(|t| {
                let value = t
                    .points
                    .iter()
                    .find(|p| p.period == *period)
                    .and_then(|p| p.percent);
                Cell::plain(value.map_or("–".to_string(), percent))
            }));
            row
        })
        .collect();
    canvas.table(&columns, &rows);
}

// Themes, gaps, consistency, actions --------------------------------------------------

fn themes(themes: &[Theme], canvas: &mut Canvas) {
    section(canvas, "Recurring themes", 60.0);
    if themes.is_empty() {
        canvas.paragraph(
            BODY,
            "No recurring themes in this period.",
            MARGIN_X,
            CONTENT_W,
        );
        return;
    }
    canvas.paragraph(
        SMALL,
        "The items that came up across the inspections, with how many inspections and how \
         many wards each came up in.",
        MARGIN_X,
        CONTENT_W,
    );
    canvas.space(6.0);
    let columns = [
        column("Item", 3.4),
        column("Key question", 1.5),
        column("Inspections", 1.1),
        column("Wards", 0.9),
    ];
    let rows: Vec<Vec<Cell>> = themes
        .iter()
        .map(|t| {
            vec![
                Cell::plain(t.item_title.clone()),
                Cell::plain(t.section_title.clone()),
                Cell::plain(t.inspections.to_string()),
                Cell::plain(t.wards.to_string()),
            ]
        })
        .collect();
    canvas.table(&columns, &rows);
}

/// Self-assessments against independent inspections, in the caller's order; a flag is said
/// in words.
fn gaps(pack: &BoardPack, canvas: &mut Canvas) {
    section(
        canvas,
        "Self-assessment against independent inspection",
        60.0,
    );
    let gaps = &pack.gaps;
    if gaps.wards.is_empty() {
        canvas.paragraph(
            BODY,
            "No self-assessments in this period.",
            MARGIN_X,
            CONTENT_W,
        );
        return;
    }
    if !gaps.explanation.trim().is_empty() {
        canvas.paragraph(SMALL, &gaps.explanation, MARGIN_X, CONTENT_W);
        canvas.space(6.0);
    }
    let flagged = gaps.wards.iter().filter(|g| g.flagged).count();
    let count = match flagged {
        0 => "No ward is flagged.".to_string(),
        1 => "1 ward is flagged: its self-assessment is higher than the independent \
              inspections found."
            .to_string(),
        n => format!(
            "{n} wards are flagged: their self-assessments are higher than the independent \
             inspections found."
        ),
    };
    canvas.paragraph(BODY, &count, MARGIN_X, CONTENT_W);
    canvas.space(6.0);
    let columns = [
        column("Ward", 2.0),
        column("Pairs", 0.8),
        column("Self-assessment against independent, on average", 1.7),
        column("Key questions rated higher by the ward", 1.6),
        column("Flag", 2.0),
    ];
    let lines = by_trust(&gaps.wards, |g| &g.trust, gap_cells);
    canvas.grouped_table(&columns, &as_rows(&lines));
}

fn gap_cells(g: &GapRow, with_trust: bool) -> Vec<Cell> {
    let gap = match g.mean_gap_points.filter(|p| p.is_finite()) {
        Some(p) if p > 0.0 => format!("{} higher", points(p)),
        Some(p) if p < 0.0 => format!("{} lower", points(-p)),
        Some(_) => "No gap".to_string(),
        None => "–".to_string(),
    };
    let flag = if g.flagged {
        Cell {
            text: "Flagged: self-assessment higher".into(),
            style: BODY_BOLD,
            fill: Some(FLAG),
        }
    } else {
        Cell::plain("Not flagged")
    };
    vec![
        Cell::plain(ward_or_both(&g.ward, &g.trust, with_trust)),
        Cell::plain(g.pairs.to_string()),
        Cell::plain(gap),
        Cell::plain(g.self_higher.to_string()),
        flag,
    ]
}

/// Agreement between paired inspections: by trust, then pair by pair.
fn consistency(pack: &BoardPack, canvas: &mut Canvas) {
    section(canvas, "Consistency of paired inspections", 60.0);
    let c = &pack.consistency;
    if c.trusts.is_empty() && c.pairs.is_empty() {
        canvas.paragraph(
            BODY,
            "No paired inspections in this period.",
            MARGIN_X,
            CONTENT_W,
        );
        return;
    }
    if !c.explanation.trim().is_empty() {
        canvas.paragraph(SMALL, &c.explanation, MARGIN_X, CONTENT_W);
        canvas.space(6.0);
    }
    if !c.trusts.is_empty() {
        canvas.heading(H2, "By trust", 50.0);
        let columns = [
            column("Trust", 3.0),
            column("Pairs", 0.8),
            column("Mean agreement", 1.3),
            column("Mean kappa", 1.2),
        ];
        let rows: Vec<Vec<Cell>> = c
            .trusts
            .iter()
            .map(|t| {
                vec![
                    Cell::plain(t.trust.clone()),
                    Cell::plain(t.pairs.to_string()),
                    Cell::plain(optional_percent(t.mean_agreement_percent)),
                    Cell::plain(kappa(t.mean_kappa)),
                ]
            })
            .collect();
        canvas.table(&columns, &rows);
        canvas.space(10.0);
    }
    if !c.pairs.is_empty() {
        canvas.heading(H2, "Each pair", 50.0);
        let columns = [
            column("Ward", 1.6),
            column("First inspection", 1.9),
            column("Second inspection", 1.9),
            column("Agreement", 1.0),
            column("Kappa", 0.8),
        ];
        let rows: Vec<Vec<Cell>> = c.pairs.iter().map(pair_cells).collect();
        canvas.table(&columns, &rows);
    }
}

fn pair_cells(p: &ConsistencyPair) -> Vec<Cell> {
    vec![
        Cell::plain(p.ward.clone()),
        Cell::plain(p.first.clone()),
        Cell::plain(p.second.clone()),
        Cell::plain(optional_percent(p.agreement_percent)),
        Cell::plain(kappa(p.kappa)),
    ]
}

/// The actions in the caller's order, with how overdue each is in days and by age.
fn actions(actions: &[BoardAction], canvas: &mut Canvas) {
    section(canvas, "Actions", 60.0);
    if actions.is_empty() {
        canvas.paragraph(BODY, "No actions in this period.", MARGIN_X, CONTENT_W);
        return;
    }
    let overdue = actions.iter().filter(|a| a.days_overdue.is_some()).count();
    canvas.paragraph(
        SMALL,
        &format!(
            "{}, {overdue} of them overdue (past the due date and not completed).",
            plural(actions.len() as u32, "action", "actions")
        ),
        MARGIN_X,
        CONTENT_W,
    );
    canvas.space(6.0);
    let columns = [
        column("Action", 3.0),
        column("Ward", 1.3),
        column("Owner", 1.3),
        column("Priority", 1.1),
        column("Due", 1.3),
        column("Overdue", 1.3),
    ];
    let lines = by_trust(actions, |a| &a.trust, action_cells);
    canvas.grouped_table(&columns, &as_rows(&lines));
}

fn action_cells(a: &BoardAction, with_trust: bool) -> Vec<Cell> {
    let overdue = match (a.days_overdue, a.bucket_label.as_deref()) {
        (Some(days), Some(bucket)) if !bucket.trim().is_empty() => {
            format!("{} ({})", plural(days, "day", "days"), bucket.trim())
        }
        (Some(days), _) => plural(days, "day", "days"),
        (None, _) => "Not overdue".into(),
    };
    vec![
        Cell::plain(a.title.clone()),
        Cell::plain(ward_or_both(&a.ward, &a.trust, with_trust)),
        Cell::plain(a.owner.clone()),
        Cell::plain(a.priority_label.clone()),
        Cell::plain(a.due.clone()),
        Cell::plain(overdue),
    ]
}

// About -------------------------------------------------------------------------------

/// The last section, kept together: how the figures were reached and what the pack covers.
fn about(pack: &BoardPack, options: &PdfOptions, canvas: &mut Canvas) {
    let mut how: Vec<String> = pack
        .summary
        .explanations
        .iter()
        .map(|e| e.trim())
        .filter(|e| !e.is_empty())
        .map(|e| format!("• {e}"))
        .collect();
    if how.is_empty() {
        how.push("No explanation was given with these figures.".into());
    }
    let generated = if pack.generated.trim().is_empty() {
        crate::compose::readable_time(&options.generated_at)
    } else {
        pack.generated.trim().to_string()
    };
    let facts = [
        ("Covers", or(pack.filters.trim(), "Everything: no filters")),
        ("Generated", generated),
        ("Board pack id", options.document_id.clone()),
    ];
    let label_w = 130.0;
    let mut height = H1.leading() + 10.0 + H2.leading() * 2.0 + 12.0;
    for line in &how {
        height += canvas.wrap(BODY, line, CONTENT_W).len() as f32 * BODY.leading() + 3.0;
    }
    for (_, value) in &facts {
        height += canvas.wrap(BODY, value, CONTENT_W - label_w).len() as f32 * BODY.leading() + 3.0;
    }
    canvas.space(18.0);
    canvas.ensure(height);
    canvas.heading(H1, "About this board pack", 0.0);
    canvas.space(6.0);
    canvas.heading(H2, "How these figures were reached", 0.0);
    for line in &how {
        canvas.paragraph(BODY, line, MARGIN_X, CONTENT_W);
        canvas.space(3.0);
    }
    canvas.space(6.0);
    canvas.heading(H2, "This board pack", 0.0);
    for (label, value) in facts {
        canvas.fact(label, &value, label_w);
        canvas.space(3.0);
    }
}

// Words and colours -------------------------------------------------------------------

/// A rating's colour, found by id, or else by label; grey when the pack does not know it.
fn rating_colour(ratings: &[Rating], id: &str, label: &str) -> Rgb {
    let found = ratings
        .iter()
        .find(|r| !id.is_empty() && r.id == id)
        .or_else(|| {
            ratings
                .iter()
                .find(|r| !label.is_empty() && r.label == label)
        });
    Rgb::or_grey(found.map(|r| r.colour.as_str()))
}

/// A rating label on its colour when the pack knows it, else plain.
fn label_chip(ratings: &[Rating], label: &str) -> Cell {
    if label.trim().is_empty() {
        return Cell::plain("–");
    }
    match ratings.iter().find(|r| r.label == label) {
        Some(r) => Cell::chip(label, Rgb::or_grey(Some(&r.colour))),
        None => Cell::plain(label),
    }
}

fn ward_or_both(ward: &str, trust: &str, with_trust: bool) -> String {
    if with_trust {
        ward_and_trust(ward, trust)
    } else {
        ward.to_string()
    }
}

fn ward_and_trust(ward: &str, trust: &str) -> String {
    if trust.trim().is_empty() {
        ward.to_string()
    } else {
        format!("{ward}\n{}", trust.trim())
    }
}

fn or(text: &str, instead: &str) -> String {
    if text.trim().is_empty() {
        instead.to_string()
    } else {
        text.to_string()
    }
}

fn plural(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `part` of `total` as a whole percentage.
fn share(part: u64, total: u64) -> String {
    if total == 0 {
        return "–".into();
    }
    percent((part as f64 / total as f64 * 100.0).round())
}

fn points(p: f64) -> String {
    let n = number(p);
    if n == "1" {
        "1 point".into()
    } else {
        format!("{n} points")
    }
}

/// A change in percentage points, in words.
fn points_change(p: f64) -> String {
    if !p.is_finite() {
        return "–".into();
    }
    if number(p.abs()) == "0" {
        return "No change".into();
    }
    if p > 0.0 {
        format!("Up {}", points(p))
    } else {
        format!("Down {}", points(-p))
    }
}

fn optional_percent(p: Option<f64>) -> String {
    p.map_or("–".to_string(), percent)
}

fn kappa(k: Option<f64>) -> String {
    match k.filter(|k| k.is_finite()) {
        Some(k) => format!("{k:.2}"),
        None => "–".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::Fonts;

    #[test]
    fn the_font_draws_the_change_arrows() {
        let fonts = Fonts::load().expect("fonts");
        for change in [Change::Up, Change::Down, Change::Same] {
            assert_eq!(fonts.clean(arrow(change)), arrow(change));
        }
    }

    #[test]
    fn runs_of_equal_values() {
        assert!(together(&["a", "a", "b", "c", "c"]));
        assert!(together(&[]));
        assert!(!together(&["a", "b", "a"]));
    }

    #[test]
    fn changes_in_words() {
        for (p, expected) in [
            (12.5, "Up 12.5 points"),
            (1.0, "Up 1 point"),
            (-4.0, "Down 4 points"),
            (0.02, "No change"),
            (f64::NAN, "–"),
        ] {
            assert_eq!(points_change(p), expected, "{p}");
        }
    }

    #[test]
    fn a_row_shares_a_date_only_when_every_rating_has_it() {
        let cell = |date: &str| {
            Some(WardCell {
                rating_id: "good".into(),
                rating_label: "Good".into(),
                percent: Some(70.0),
                date: date.into(),
                change: None,
            })
        };
        assert_eq!(
            common_date(&[cell("1 May"), None, cell("1 May")]),
            Some("1 May")
        );
        assert_eq!(common_date(&[cell("1 May"), cell("2 May")]), None);
        assert_eq!(common_date(&[None, None]), None);
        assert_eq!(common_date(&[cell("")]), None);
    }
}
