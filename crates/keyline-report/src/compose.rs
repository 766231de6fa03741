//! What goes on the pages, in order: page 1, an executive summary for a board member
//! (overall and key-question ratings, the biggest strengths and concerns, the actions in
//! numbers, who inspected and signed off); the key-question chart; the findings per key
//! question; the actions; and last, kept together, "About this report" (how the ratings were
//! reached, the record's fingerprint and the technical details). Then, once the page count
//! is known, the running header, the footer ("Page X of Y" and the report id) and, for a
//! draft, the DRAFT mark on every page.

use printpdf::XObjectId;

use crate::fonts::Face;
use crate::images;
use crate::layout::{
    Canvas, Cell, Column, Rgb, Style, BODY, BODY_BOLD, BOTTOM, CONTENT_W, MARGIN_X, PAGE_H, PAGE_W,
    SMALL, TOP,
};
use crate::model::{Action, Evidence, PdfOptions, Report, Section, Status};

pub(crate) const TITLE: Style = Style::new(Face::Bold, 22.0, Rgb::NHS_BLUE);
pub(crate) const SUBTITLE: Style = Style::new(Face::Bold, 15.0, Rgb::BLACK);
pub(crate) const H1: Style = Style::new(Face::Bold, 16.0, Rgb::NHS_BLUE);
pub(crate) const H2: Style = Style::new(Face::Bold, 12.5, Rgb::BLACK);
pub(crate) const H3: Style = Style::new(Face::Bold, 10.0, Rgb::BLACK);
const DRAFT_MARK: Style = Style::new(Face::Bold, 120.0, Rgb(0.96, 0.8, 0.8));

/// Lays out the whole report body.
pub(crate) fn body(report: &Report, options: &PdfOptions, canvas: &mut Canvas) {
    executive_summary(report, canvas);
    canvas.new_page();
    canvas.heading(H1, "Key questions", 60.0);
    canvas.space(6.0);
    chart(report, canvas);
    canvas.new_page();
    findings(report, canvas);
    actions(report, canvas);
    about(report, options, canvas);
}

/// Adds the header, footer and DRAFT mark to every page.
pub(crate) fn furnish(report: &Report, options: &PdfOptions, canvas: &mut Canvas) {
    let facts = &report.inspection;
    let draft = matches!(facts.status, Status::Draft);
    let header_text = format!(
        "{} · {} · {}",
        facts.service,
        if facts.kind.is_empty() {
            "Inspection report"
        } else {
            &facts.kind
        },
        if draft { "DRAFT" } else { "Signed off" }
    );
    let furniture = Furniture {
        header: &header_text,
        id: &format!("Report {}", options.document_id),
        draft,
    };
    furnish_pages(&furniture, canvas);
}

/// What every page carries besides its content.
pub(crate) struct Furniture<'a> {
    /// The running header, cut to one line.
    pub header: &'a str,
    /// The document's id as the footer names it ("Report KL-…").
    pub id: &'a str,
    /// Whether to mark every page DRAFT.
    pub draft: bool,
}

/// Adds the header, the footer ("Page X of Y" and the id) and any DRAFT mark to every page;
/// run once the page count is known.
pub(crate) fn furnish_pages(furniture: &Furniture<'_>, canvas: &mut Canvas) {
    let pages = canvas.page_count();
    let small = Style::new(Face::Regular, 7.5, Rgb::GREY);
    for index in 0..pages {
        canvas.select_page(index);
        let header = canvas.fit_line(small, furniture.header, CONTENT_W);
        canvas.text_at(MARGIN_X, 30.0, small, &header);
        canvas.line(
            (MARGIN_X, 42.0),
            (MARGIN_X + CONTENT_W, 42.0),
            Rgb::RULE,
            0.6,
        );
        let footer_top = BOTTOM + 22.0;
        canvas.line(
            (MARGIN_X, footer_top - 6.0),
            (MARGIN_X + CONTENT_W, footer_top - 6.0),
            Rgb::RULE,
            0.6,
        );
        let page_label = format!("Page {} of {}", index + 1, pages);
        let page_w = canvas.fonts.width(Face::Bold, 7.5, &page_label);
        let page_style = Style::new(Face::Bold, 7.5, Rgb::BLACK);
        canvas.text_at(
            MARGIN_X + CONTENT_W - page_w,
            footer_top,
            page_style,
            &page_label,
        );
        let id = canvas.fit_line(small, furniture.id, CONTENT_W - page_w - 12.0);
        canvas.text_at(MARGIN_X, footer_top, small, &id);
        if furniture.draft {
            let note = "DRAFT: not signed off, so nothing here is final";
            canvas.text_at(MARGIN_X, footer_top + 11.0, small, note);
            let w = canvas
                .fonts
                .width(DRAFT_MARK.face, DRAFT_MARK.size, "DRAFT");
            let angle: f32 = 50.0;
            let (s, c) = angle.to_radians().sin_cos();
            // Centre the word on the page along its slant.
            let x = PAGE_W / 2.0 - c * w / 2.0 + s * DRAFT_MARK.size * 0.35;
            let baseline = PAGE_H / 2.0 + s * w / 2.0 + c * DRAFT_MARK.size * 0.35;
            let ops = canvas.rotated_text_ops(x, baseline, angle, DRAFT_MARK, "DRAFT");
            canvas.underlay(index, ops);
        }
    }
}

/// Page 1: what a board member needs from the report, in plain words and plain dates.
fn executive_summary(report: &Report, canvas: &mut Canvas) {
    let facts = &report.inspection;
    canvas.rect(MARGIN_X, TOP, CONTENT_W, 5.0, Rgb::NHS_BLUE);
    canvas.space(18.0);
    canvas.heading(TITLE, "Inspection report", 0.0);
    canvas.space(2.0);
    canvas.heading(SUBTITLE, &facts.service, 0.0);
    let place = [facts.site.as_str(), facts.trust.as_str()]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    if !place.is_empty() {
        canvas.paragraph(
            Style::new(Face::Regular, 11.0, Rgb::GREY),
            &place,
            MARGIN_X,
            CONTENT_W,
        );
    }
    let kind = if facts.kind.trim().is_empty() {
        "Inspection".to_string()
    } else {
        facts.kind.clone()
    };
    canvas.paragraph(
        BODY,
        &format!("{kind}, {}", facts.dates),
        MARGIN_X,
        CONTENT_W,
    );
    canvas.space(12.0);

    // The overall rating, in its colour.
    let colour = Rgb::or_grey(report.overall.colour.as_deref());
    let label = report
        .overall
        .rating_label
        .clone()
        .unwrap_or_else(|| "Not rated".into());
    let chip = Style::new(Face::Bold, 16.0, colour.text_on());
    let chip_text = canvas.fit_line(chip, &label, CONTENT_W - 150.0);
    let chip_w = canvas.fonts.width(Face::Bold, 16.0, &chip_text) + 24.0;
    canvas.ensure(40.0);
    let top = canvas.y;
    canvas.text_at(MARGIN_X, top + 9.0, H3, "Overall rating");
    canvas.rect(MARGIN_X + 110.0, top, chip_w, 30.0, colour);
    canvas.text_at(MARGIN_X + 122.0, top + 7.0, chip, &chip_text);
    canvas.y = top + 36.0;
    if !report.overall.explanation.trim().is_empty() {
        canvas.paragraph(SMALL, &report.overall.explanation, MARGIN_X, CONTENT_W);
    }
    canvas.space(10.0);

    // The key questions, each rating marked where it was moderated.
    let columns = [
        column("Key question", 3.0),
        column("Rating", 2.6),
        column("Percentage", 1.2),
    ];
    let rows: Vec<Vec<Cell>> = report
        .sections
        .iter()
        .map(|s| {
            let mut rating = rating_cell(s);
            if s.override_.is_some() {
                rating.text.push_str(" (moderated)");
            }
            vec![
                Cell::bold(s.title.clone()),
                rating,
                Cell::plain(s.percent.map_or("–".to_string(), percent)),
            ]
        })
        .collect();
    if rows.is_empty() {
        canvas.paragraph(
            BODY,
            "The template has no key questions.",
            MARGIN_X,
            CONTENT_W,
        );
    } else {
        canvas.table(&columns, &rows);
    }
    canvas.space(10.0);

    let half = (CONTENT_W - 16.0) / 2.0;
    let top = canvas.y;
    let left_end = highlight_list(
        canvas,
        "Biggest strengths",
        &report.highlights.strengths,
        "No item scored well enough to count as a strength.",
        MARGIN_X,
        half,
        top,
    );
    let right_end = highlight_list(
        canvas,
        "Biggest concerns",
        &report.highlights.concerns,
        "No item scored below a good standard.",
        MARGIN_X + half + 16.0,
        half,
        top,
    );
    canvas.y = left_end.max(right_end) + 8.0;

    canvas.heading(H2, "Actions", 30.0);
    let counts = &report.action_counts;
    let mut line = if report.actions.is_empty() {
        "No actions were raised.".to_string()
    } else {
        format!(
            "{} must do (each answers a breach of a regulation), {} should do, {} raised in all; \
             {} not yet completed",
            counts.must_do,
            counts.should_do,
            report.actions.len(),
            counts.open
        )
    };
    if let Some(due) = counts.next_due.as_deref().filter(|d| !d.trim().is_empty()) {
        line.push_str(&format!(", the next due {due}"));
    }
    if !report.actions.is_empty() {
        line.push('.');
    }
    canvas.paragraph(BODY, &line, MARGIN_X, CONTENT_W);
    canvas.space(8.0);

    canvas.heading(H2, "Who inspected and signed off", 30.0);
    let team = if facts.team.is_empty() {
        "Not recorded".to_string()
    } else {
        facts.team.join(", ")
    };
    canvas.fact("Inspection team", &team, 130.0);
    match &facts.status {
        Status::Draft => canvas.fact("Status", "Draft: not signed off", 130.0),
        Status::SignedOff {
            inspector,
            reviewer,
            signed_at,
        } => {
            canvas.fact("Signed off by", &format!("{inspector} (inspector)"), 130.0);
            canvas.fact("Reviewed by", &format!("{reviewer} (reviewer)"), 130.0);
            canvas.fact("Signed off on", signed_at, 130.0);
        }
    }
    let template = if facts.template_version.trim().is_empty() {
        facts.template_title.clone()
    } else {
        format!(
            "{}, version {}",
            facts.template_title, facts.template_version
        )
    };
    canvas.fact("Template", &template, 130.0);
}

/// A titled list of strengths or concerns in a column; where it ends.
fn highlight_list(
    canvas: &mut Canvas,
    title: &str,
    items: &[crate::model::Highlight],
    none: &str,
    x: f32,
    width: f32,
    top: f32,
) -> f32 {
    canvas.y = top;
    canvas.text_at(x, canvas.y, H2, title);
    canvas.y += H2.leading() + 2.0;
    if items.is_empty() {
        canvas.paragraph(BODY, none, x, width);
    }
    for h in items {
        canvas.paragraph(BODY_BOLD, &h.title, x, width);
        let detail = [h.section.as_str(), h.answer.as_str()]
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .collect::<Vec<_>>()
            .join(": ");
        if !detail.is_empty() {
            canvas.paragraph(SMALL, &detail, x, width);
        }
        canvas.y += 3.0;
    }
    canvas.y
}

fn rating_cell(s: &Section) -> Cell {
    match &s.rating_label {
        Some(label) => Cell::chip(label.clone(), Rgb::or_grey(s.colour.as_deref())),
        None => Cell::plain("Not rated"),
    }
}

pub(crate) fn column(title: &str, share: f32) -> Column {
    Column {
        title: title.into(),
        share,
    }
}

/// Key-question percentages as bars over the template's rating bands.
fn chart(report: &Report, canvas: &mut Canvas) {
    let plot_h = 170.0;
    let label_h = 30.0;
    canvas.heading(H2, "Key-question percentages", plot_h + label_h + 20.0);
    canvas.space(8.0);
    let top = canvas.y;
    let axis_w = 28.0;
    let legend_w = 150.0;
    let x0 = MARGIN_X + axis_w;
    let plot_w = CONTENT_W - axis_w - legend_w;
    let y_of = |pct: f64| percent_y(top, plot_h, pct);

    // Bands behind the bars, each with its legend entry.
    let mut bands: Vec<_> = report
        .bands
        .iter()
        .filter(|b| b.min.is_finite() && b.max.is_finite() && b.max >= b.min)
        .collect();
    bands.sort_by(|a, b| a.min.total_cmp(&b.min));
    for (i, band) in bands.iter().enumerate() {
        let rating = report.ratings.iter().find(|r| r.id == band.rating);
        let colour = Rgb::or_grey(rating.map(|r| r.colour.as_str()));
        // Close the gap to the next band (38 → 39) so the stripes meet.
        let upper = bands
            .get(i + 1)
            .map(|next| next.min)
            .filter(|m| *m > band.max && *m <= band.max + 1.0)
            .unwrap_or(band.max);
        let (y_top, y_bottom) = (y_of(upper), y_of(band.min));
        canvas.rect(x0, y_top, plot_w, y_bottom - y_top, colour.pale(0.78));
        let name = rating.map_or(band.rating.as_str(), |r| r.label.as_str());
        let legend = canvas.fit_line(
            SMALL,
            &format!("{} {}–{}%", name, number(band.min), number(band.max)),
            legend_w - 20.0,
        );
        let mid = (y_top + y_bottom) / 2.0 - SMALL.size / 2.0;
        canvas.rect(x0 + plot_w + 8.0, mid + 1.0, 7.0, 7.0, colour);
        canvas.text_at(x0 + plot_w + 19.0, mid, SMALL, &legend);
    }
    percent_grid(canvas, x0, top, plot_w, plot_h);

    let n = report.sections.len().max(1) as f32;
    let slot = plot_w / n;
    let bar_w = (slot * 0.55).min(48.0);
    for (i, s) in report.sections.iter().enumerate() {
        let cx = x0 + slot * (i as f32 + 0.5);
        let value = s.percent.filter(|p| p.is_finite());
        let label = match value {
            Some(p) => {
                let y = y_of(p);
                let colour = s
                    .colour
                    .as_deref()
                    .and_then(Rgb::parse)
                    .unwrap_or(Rgb::NHS_BLUE);
                canvas.rect(cx - bar_w / 2.0, y, bar_w, top + plot_h - y, colour);
                (percent(p), y)
            }
            None => ("n/a".to_string(), top + plot_h),
        };
        let w = canvas.fonts.width(Face::Bold, 8.0, &label.0);
        canvas.text_at(
            cx - w / 2.0,
            (label.1 - 11.0).max(top),
            Style::new(Face::Bold, 8.0, Rgb::BLACK),
            &label.0,
        );
        let title = canvas.wrap(SMALL, &s.title, slot - 4.0);
        for (j, line) in title.iter().take(2).enumerate() {
            let line = canvas.fit_line(SMALL, line, slot - 4.0);
            let w = canvas.fonts.width(SMALL.face, SMALL.size, &line);
            canvas.text_at(
                cx - w / 2.0,
                top + plot_h + 4.0 + j as f32 * SMALL.leading(),
                SMALL,
                &line,
            );
        }
    }
    percent_axes(canvas, x0, top, plot_w, plot_h);
    canvas.y = top + plot_h + label_h;
}

/// Where `pct` percent lies on a 0–100% axis `plot_h` high whose top is at `top`
/// (clamped to the axis).
pub(crate) fn percent_y(top: f32, plot_h: f32, pct: f64) -> f32 {
    top + plot_h * (1.0 - (pct.clamp(0.0, 100.0) as f32) / 100.0)
}

/// The gridlines of a 0–100% axis every 25%, labelled to the left of `x0`.
pub(crate) fn percent_grid(canvas: &mut Canvas, x0: f32, top: f32, plot_w: f32, plot_h: f32) {
    for tick in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let y = percent_y(top, plot_h, tick);
        canvas.line((x0, y), (x0 + plot_w, y), Rgb::RULE, 0.4);
        let label = format!("{}%", number(tick));
        let w = canvas.fonts.width(SMALL.face, SMALL.size, &label);
        canvas.text_at(x0 - 4.0 - w, y - SMALL.size / 2.0, SMALL, &label);
    }
}

/// The vertical and horizontal axis lines of a plot.
pub(crate) fn percent_axes(canvas: &mut Canvas, x0: f32, top: f32, plot_w: f32, plot_h: f32) {
    canvas.line((x0, top), (x0, top + plot_h), Rgb::GREY, 0.6);
    canvas.line(
        (x0, top + plot_h),
        (x0 + plot_w, top + plot_h),
        Rgb::GREY,
        0.6,
    );
}

fn findings(report: &Report, canvas: &mut Canvas) {
    canvas.heading(H1, "Findings", 60.0);
    if report.sections.is_empty() {
        canvas.paragraph(BODY, "There are no findings to show.", MARGIN_X, CONTENT_W);
    }
    let mut image_count = 0usize;
    for s in &report.sections {
        canvas.space(10.0);
        canvas.heading(H2, &s.title, 50.0);
        let rating = s.rating_label.as_deref().unwrap_or("Not rated");
        let score = match s.percent {
            Some(_) => format!("{} of {} points", number(s.earned), number(s.possible)),
            None => "no scored items".into(),
        };
        let colour = Rgb::or_grey(s.colour.as_deref());
        let chip = Style::new(Face::Bold, 9.0, colour.text_on());
        let chip_text = canvas.fit_line(chip, rating, 200.0);
        let chip_w = canvas.fonts.width(Face::Bold, 9.0, &chip_text) + 12.0;
        canvas.ensure(18.0);
        let top = canvas.y;
        canvas.rect(MARGIN_X, top, chip_w, 15.0, colour);
        canvas.text_at(MARGIN_X + 6.0, top + 3.0, chip, &chip_text);
        let score = canvas.fit_line(BODY, &score, CONTENT_W - chip_w - 10.0);
        canvas.text_at(MARGIN_X + chip_w + 8.0, top + 3.0, BODY, &score);
        canvas.y = top + 20.0;
        // What matters, once: the summary names any cap and the moderation's reason. A model
        // without one (older callers) falls back to the cap and moderation as they are.
        if !s.summary.trim().is_empty() {
            canvas.paragraph(BODY, &s.summary, MARGIN_X, CONTENT_W);
        } else {
            if let Some(reason) = &s.capped_by {
                canvas.paragraph(
                    BODY,
                    &format!("Rating capped: {reason}"),
                    MARGIN_X,
                    CONTENT_W,
                );
            }
            if let Some(o) = &s.override_ {
                canvas.paragraph(
                    BODY,
                    &format!(
                        "Rating moderated to {}: {}",
                        o.rating_label, o.justification
                    ),
                    MARGIN_X,
                    CONTENT_W,
                );
            }
        }
        if s.items.is_empty() {
            canvas.paragraph(BODY, "This key question has no items.", MARGIN_X, CONTENT_W);
        }
        for item in &s.items {
            canvas.space(7.0);
            let indent = MARGIN_X + 10.0;
            let width = CONTENT_W - 10.0;
            canvas.ensure(H3.leading() * 2.0 + BODY.leading() * 2.0);
            let top = canvas.y;
            canvas.rect(MARGIN_X, top + 1.0, 3.0, H3.size, colour);
            canvas.paragraph(H3, &item.title, indent, width);
            let answer = if item.answer.trim().is_empty() {
                "Not answered"
            } else {
                item.answer.as_str()
            };
            canvas.paragraph(BODY, &format!("Answer: {answer}"), indent, width);
            if let Some(d) = item.descriptor.as_deref().filter(|d| !d.trim().is_empty()) {
                canvas.paragraph(SMALL, d, indent, width);
            }
            if let Some(note) = item.note.as_deref().filter(|n| !n.trim().is_empty()) {
                canvas.space(2.0);
                canvas.paragraph(BODY_BOLD, "Note", indent, width);
                canvas.paragraph(BODY, note, indent, width);
            }
            if !item.evidence.is_empty() {
                canvas.space(2.0);
                // Keep the label with the start of the first piece of evidence.
                let first_photo = item.evidence.first().is_some_and(|e| e.image.is_some());
                canvas.ensure(BODY.leading() * 3.0 + if first_photo { 200.0 } else { 0.0 });
                canvas.paragraph(BODY_BOLD, "Evidence", indent, width);
                for e in &item.evidence {
                    evidence(canvas, e, indent, width, &mut image_count);
                }
            }
        }
    }
}

fn evidence(canvas: &mut Canvas, e: &Evidence, x: f32, width: f32, count: &mut usize) {
    let describe = format!(
        "{} ({}, {})",
        e.file_name,
        if e.media_type.is_empty() {
            "unknown type"
        } else {
            &e.media_type
        },
        size(e.size)
    );
    if let Some(image) = &e.image {
        match images::picture(&image.bytes) {
            Ok(picture) => {
                let max_w = width.min(260.0);
                let max_h = 190.0_f32.min(BOTTOM - TOP - 40.0);
                let (pw, ph) = (picture.width as f32, picture.height as f32);
                let scale = (max_w / pw).min(max_h / ph);
                let (w, h) = (pw * scale, ph * scale);
                canvas.ensure(h + 6.0 + BODY.leading());
                *count += 1;
                let id = XObjectId(format!("Im{count}"));
                let top = canvas.y + 3.0;
                canvas.place_image(&id, x, top, w, h);
                canvas.images.push((id, picture.xobject));
                canvas.y = top + h + 4.0;
                canvas.paragraph(SMALL, &format!("Photo: {describe}"), x, width);
            }
            Err(reason) => {
                canvas.paragraph(BODY, &format!("• {describe}"), x, width);
                canvas.paragraph(
                    SMALL,
                    &format!("The photo could not be shown: {reason}."),
                    x + 8.0,
                    width - 8.0,
                );
            }
        }
    } else {
        canvas.paragraph(BODY, &format!("• {describe}"), x, width);
    }
    if !e.sha256.trim().is_empty() {
        canvas.paragraph(
            SMALL,
            &format!("SHA-256 {}", e.sha256.trim()),
            x + 8.0,
            width - 8.0,
        );
    }
}

fn actions(report: &Report, canvas: &mut Canvas) {
    canvas.space(18.0);
    canvas.heading(H1, "Actions", 60.0);
    canvas.space(6.0);
    if report.actions.is_empty() {
        canvas.paragraph(BODY, "No actions were raised.", MARGIN_X, CONTENT_W);
        return;
    }
    if report.actions.iter().any(|a| !a.priority.is_empty()) {
        return prioritised_actions(report, canvas);
    }
    let columns = [
        column("Action", 3.6),
        column("Owner", 1.5),
        column("Due", 1.4),
        column("Status", 1.1),
        column("From item", 1.9),
    ];
    let rows: Vec<Vec<Cell>> = report
        .actions
        .iter()
        .map(|a| {
            vec![
                Cell::plain(a.title.clone()),
                Cell::plain(a.owner.clone()),
                Cell::plain(a.due.clone()),
                Cell::plain(a.status.clone()),
                Cell::plain(a.item_title.clone()),
            ]
        })
        .collect();
    canvas.table(&columns, &rows);
}

/// Actions as CQC reports list them: what must be done to meet the regulations (each with the
/// regulation breached), then what should be done to improve, then any other actions.
fn prioritised_actions(report: &Report, canvas: &mut Canvas) {
    let groups = [
        (
            "must-do",
            "Must do: to meet the regulations",
            "Each of these answers a breach of a regulation of the Health and Social Care Act \
             2008 (Regulated Activities) Regulations 2014, named beside it.",
        ),
        (
            "should-do",
            "Should do: to improve",
            "These improve practice, or prevent a breach; none answers a breach.",
        ),
        ("", "Other actions", "Actions raised without a priority."),
    ];
    for (priority, heading, lead) in groups {
        let actions: Vec<&Action> = report
            .actions
            .iter()
            .filter(|a| a.priority == priority)
            .collect();
        if actions.is_empty() {
            continue;
        }
        canvas.heading(H2, &format!("{heading} ({})", actions.len()), 50.0);
        canvas.paragraph(SMALL, lead, MARGIN_X, CONTENT_W);
        canvas.space(4.0);
        let must = priority == "must-do";
        let mut columns = vec![column("Action", if must { 2.4 } else { 3.2 })];
        if must {
            columns.push(column("Regulation breached", 1.8));
        }
        columns.extend([
            column("Owner", 1.4),
            column("Due", 1.4),
            column("Status", 1.0),
            column("From item", 1.8),
        ]);
        let rows: Vec<Vec<Cell>> = actions
            .iter()
            .map(|a| {
                let mut row = vec![Cell::plain(a.title.clone())];
                if must {
                    row.push(Cell::plain(a.regulations.join("; ")));
                }
                row.extend([
                    Cell::plain(a.owner.clone()),
                    Cell::plain(a.due.clone()),
                    Cell::plain(a.status.clone()),
                    Cell::plain(a.item_title.clone()),
                ]);
                row
            })
            .collect();
        canvas.table(&columns, &rows);
        canvas.space(10.0);
    }
}

/// The last page: how the ratings were reached, and the details that identify this record,
/// kept together so the report never ends on a nearly empty page.
fn about(report: &Report, options: &PdfOptions, canvas: &mut Canvas) {
    let facts = &report.inspection;
    let mut lines: Vec<(&str, String)> = vec![
        (
            "Record fingerprint",
            facts
                .fingerprint
                .as_deref()
                .filter(|f| !f.trim().is_empty())
                .map(|f| format!("SHA-256 {}", group(f.trim())))
                .unwrap_or_else(|| "None until the record is signed off".into()),
        ),
        ("Report id", options.document_id.clone()),
        ("Generated", readable_time(&options.generated_at)),
        (
            "Template",
            if facts.template_version.trim().is_empty() {
                facts.template_title.clone()
            } else {
                format!(
                    "{}, version {}",
                    facts.template_title, facts.template_version
                )
            },
        ),
    ];
    if matches!(facts.status, Status::SignedOff { .. }) {
        lines.push((
            "Checking it",
            "The record inside this PDF is signed; `keyline verify` on this file says who \
             signed it and whether every page is what the record draws."
                .into(),
        ));
    }
    let mut how = String::from(
        "Each key question's percentage is the points its items earned over the points they \
         could earn (items answered not applicable count in neither). The template's bands \
         turn the percentage into a rating; a critical item that fails, or a breach of a \
         regulation, caps it; an inspector may moderate it, with a written reason.",
    );
    if let Some(note) = report
        .rounding_note
        .as_deref()
        .filter(|n| !n.trim().is_empty())
    {
        how.push(' ');
        how.push_str(note.trim());
    }
    // Keep the whole block together: measure it before placing it.
    let label_w = 130.0;
    let mut height = H1.leading() + 10.0 + H2.leading() * 2.0 + 12.0;
    height += canvas.wrap(BODY, &how, CONTENT_W).len() as f32 * BODY.leading();
    for (_, value) in &lines {
        height += canvas.wrap(BODY, value, CONTENT_W - label_w).len() as f32 * BODY.leading() + 3.0;
    }
    canvas.space(18.0);
    canvas.ensure(height);
    canvas.heading(H1, "About this report", 0.0);
    canvas.space(6.0);
    canvas.heading(H2, "How the ratings were reached", 0.0);
    canvas.paragraph(BODY, &how, MARGIN_X, CONTENT_W);
    canvas.space(6.0);
    canvas.heading(H2, "This record", 0.0);
    for (label, value) in lines {
        canvas.fact(label, &value, label_w);
        canvas.space(3.0);
    }
}

/// A long hex string in groups of four, so it wraps between groups and reads aloud.
fn group(hex: &str) -> String {
    hex.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A number without a needless ".0"; "–" when it is not a number.
pub(crate) fn number(n: f64) -> String {
    if !n.is_finite() {
        return "–".into();
    }
    let rounded = (n * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

pub(crate) fn percent(p: f64) -> String {
    if p.is_finite() {
        format!("{}%", number(p))
    } else {
        "–".into()
    }
}

fn size(bytes: u64) -> String {
    match bytes {
        0..=1023 => format!("{bytes} bytes"),
        1024..=1_048_575 => format!("{:.1} KB", bytes as f64 / 1024.0),
        _ => format!("{:.1} MB", bytes as f64 / 1_048_576.0),
    }
}

/// `2025-06-12T14:03:00Z` as `12 June 2025, 14:03 UTC`; anything else as given.
pub(crate) fn readable_time(rfc3339: &str) -> String {
    match crate::time::parse(rfc3339) {
        Ok(t) => {
            let zone = if t.offset_minutes == 0 {
                "UTC".to_string()
            } else {
                let sign = if t.offset_minutes < 0 { '-' } else { '+' };
                let m = t.offset_minutes.unsigned_abs();
                format!("{sign}{:02}:{:02}", m / 60, m % 60)
            };
            const MONTHS: [&str; 12] = [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ];
            let month = MONTHS
                .get(usize::from(t.month).saturating_sub(1))
                .copied()
                .unwrap_or("?");
            format!(
                "{} {month} {:04}, {:02}:{:02} {zone}",
                t.day, t.year, t.hour, t.minute
            )
        }
        Err(_) => rfc3339.to_string(),
    }
}
