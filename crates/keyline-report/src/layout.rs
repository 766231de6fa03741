//! A small flow layout on top of printpdf's drawing operations.
//!
//! A [`Canvas`] keeps a cursor that moves down the page; text is wrapped by measuring the
//! font's advance widths, and a new page starts whenever the next line, row or picture
//! would cross the bottom margin. Tables repeat their header on every page they reach and
//! split a row only when it is taller than a whole page. Every position is clamped to the
//! page, and words longer than a line are broken, so nothing runs off the page whatever the
//! input. Coordinates are in points, measured from the top of the page; they are turned
//! into PDF's bottom-up coordinates only when an operation is written.

use printpdf::{
    Color, ExternalXObject, FontId, Line, LinePoint, Op, PaintMode, PdfFontHandle, Point, Pt, Rect,
    Rgb as PdfRgb, TextItem, TextMatrix, XObjectId, XObjectTransform,
};

use crate::fonts::{Face, Fonts};

/// A4 in points.
pub(crate) const PAGE_W: f32 = 595.28;
pub(crate) const PAGE_H: f32 = 841.89;
pub(crate) const MARGIN_X: f32 = 48.0;
/// Where content starts, below the running header.
pub(crate) const TOP: f32 = 64.0;
/// Where content must end, above the running footer.
pub(crate) const BOTTOM: f32 = PAGE_H - 62.0;
pub(crate) const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;

/// An RGB colour, components 0–1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rgb(pub f32, pub f32, pub f32);

impl Rgb {
    pub(crate) const BLACK: Rgb = Rgb(0.1, 0.1, 0.12);
    pub(crate) const GREY: Rgb = Rgb(0.42, 0.44, 0.47);
    pub(crate) const LIGHT: Rgb = Rgb(0.93, 0.94, 0.95);
    pub(crate) const RULE: Rgb = Rgb(0.78, 0.8, 0.82);
    pub(crate) const WHITE: Rgb = Rgb(1.0, 1.0, 1.0);
    pub(crate) const NHS_BLUE: Rgb = Rgb(0.0, 0.369, 0.722);

    /// `#rrggbb` (or `rrggbb`); `None` for anything else.
    pub(crate) fn parse(hex: &str) -> Option<Rgb> {
        let h = hex.trim().trim_start_matches('#');
        if h.len() != 6 || !h.is_ascii() {
            return None;
        }
        let part = |i: usize| {
            h.get(i..i + 2)
                .and_then(|p| u8::from_str_radix(p, 16).ok())
                .map(|v| f32::from(v) / 255.0)
        };
        Some(Rgb(part(0)?, part(2)?, part(4)?))
    }

    /// `hex`, or grey when it is missing or malformed.
    pub(crate) fn or_grey(hex: Option<&str>) -> Rgb {
        hex.and_then(Rgb::parse).unwrap_or(Rgb::GREY)
    }

    /// The colour mixed with white: `amount` 0 keeps it, 1 is white.
    pub(crate) fn pale(self, amount: f32) -> Rgb {
        let m = |c: f32| c + (1.0 - c) * amount;
        Rgb(m(self.0), m(self.1), m(self.2))
    }

    /// Black or white, whichever reads better on this colour.
    pub(crate) fn text_on(self) -> Rgb {
        let luminance = 0.2126 * self.0 + 0.7152 * self.1 + 0.0722 * self.2;
        if luminance > 0.55 {
            Rgb::BLACK
        } else {
            Rgb::WHITE
        }
    }

    fn pdf(self) -> Color {
        Color::Rgb(PdfRgb {
            r: self.0.clamp(0.0, 1.0),
            g: self.1.clamp(0.0, 1.0),
            b: self.2.clamp(0.0, 1.0),
            icc_profile: None,
        })
    }
}

/// How a run of text looks.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub face: Face,
    pub size: f32,
    pub colour: Rgb,
}

impl Style {
    pub(crate) const fn new(face: Face, size: f32, colour: Rgb) -> Self {
        Self { face, size, colour }
    }
    pub(crate) fn leading(&self) -> f32 {
        self.size * 1.32
    }
}

pub(crate) const BODY: Style = Style::new(Face::Regular, 9.5, Rgb::BLACK);
pub(crate) const BODY_BOLD: Style = Style::new(Face::Bold, 9.5, Rgb::BLACK);
pub(crate) const SMALL: Style = Style::new(Face::Regular, 8.0, Rgb::GREY);

/// A table column.
pub(crate) struct Column {
    pub title: String,
    /// Share of the table's width; shares are normalised.
    pub share: f32,
}

/// A table cell.
pub(crate) struct Cell {
    pub text: String,
    pub style: Style,
    /// Background, for rating chips.
    pub fill: Option<Rgb>,
}

impl Cell {
    pub(crate) fn plain(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            style: BODY,
            fill: None,
        }
    }
    pub(crate) fn bold(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            style: BODY_BOLD,
            fill: None,
        }
    }
    /// Text on a coloured background, in black or white as reads best.
    pub(crate) fn chip(text: impl Into<String>, colour: Rgb) -> Self {
        Self {
            text: text.into(),
            style: Style::new(Face::Bold, BODY.size, colour.text_on()),
            fill: Some(colour),
        }
    }
}

const CELL_PAD: f32 = 4.0;
/// How far each level of group heading is indented.
const GROUP_INDENT: f32 = 10.0;

/// A row of a grouped table.
pub(crate) enum Row<'a> {
    /// One cell per column.
    Cells(&'a [Cell]),
    /// A heading naming the rows after it, up to the next heading of the same or an outer
    /// level; level 0 is the outermost.
    Group { level: usize, text: &'a str },
}

/// What a table needs to go on to a new page.
struct TableState {
    header: Vec<Vec<String>>,
    widths: Vec<f32>,
    header_style: Style,
    header_h: f32,
    /// Where the rows start on the current page; a row that starts here is split rather
    /// than moved, as no page would give it more room.
    body_top: f32,
    /// The group headings open at this point, outermost first.
    groups: Vec<(usize, String)>,
}

/// The pages being laid out, with the cursor and the resources they use.
pub(crate) struct Canvas {
    pub fonts: Fonts,
    pages: Vec<Vec<Op>>,
    current: usize,
    /// Distance from the top of the page to the next free line.
    pub y: f32,
    pub images: Vec<(XObjectId, ExternalXObject)>,
}

pub(crate) fn font_id(face: Face) -> FontId {
    // Six capital letters: the name doubles as the subset tag readers expect.
    match face {
        Face::Regular => FontId("KLSREG".into()),
        Face::Bold => FontId("KLSBLD".into()),
    }
}

impl Canvas {
    pub(crate) fn new(fonts: Fonts) -> Self {
        Self {
            fonts,
            pages: vec![Vec::new()],
            current: 0,
            y: TOP,
            images: Vec::new(),
        }
    }

    pub(crate) fn page_count(&self) -> usize {
        self.pages.len()
    }

    pub(crate) fn into_pages(self) -> (Fonts, Vec<Vec<Op>>, Vec<(XObjectId, ExternalXObject)>) {
        (self.fonts, self.pages, self.images)
    }

    /// Draws on page `index` (for the header and footer pass).
    pub(crate) fn select_page(&mut self, index: usize) {
        self.current = index.min(self.pages.len().saturating_sub(1));
    }

    /// Inserts `ops` under everything already on page `index` (the DRAFT mark).
    pub(crate) fn underlay(&mut self, index: usize, ops: Vec<Op>) {
        if let Some(page) = self.pages.get_mut(index) {
            let rest = std::mem::take(page);
            *page = ops;
            page.extend(rest);
        }
    }

    pub(crate) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.current = self.pages.len() - 1;
        self.y = TOP;
    }

    /// Room left on this page.
    pub(crate) fn room(&self) -> f32 {
        BOTTOM - self.y
    }

    /// Starts a new page unless `height` fits below the cursor.
    pub(crate) fn ensure(&mut self, height: f32) {
        if self.y + height > BOTTOM && self.y > TOP {
            self.new_page();
        }
    }

    pub(crate) fn space(&mut self, height: f32) {
        self.y = (self.y + height).min(BOTTOM);
    }

    fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.get_mut(self.current) {
            page.push(op);
        }
    }

    /// Draws one line of text with its top at `top` (already cleaned and known to fit).
    pub(crate) fn text_at(&mut self, x: f32, top: f32, style: Style, text: &str) {
        if text.is_empty() {
            return;
        }
        self.fonts.note_used(style.face, text);
        let baseline = PAGE_H - (top + style.size * 0.93);
        self.push(Op::StartTextSection);
        self.push(Op::SetFillColor {
            col: style.colour.pdf(),
        });
        self.push(Op::SetFont {
            font: PdfFontHandle::External(font_id(style.face)),
            size: Pt(style.size),
        });
        self.push(Op::SetTextMatrix {
            matrix: TextMatrix::Raw([1.0, 0.0, 0.0, 1.0, x, baseline]),
        });
        self.push(Op::ShowText {
            items: vec![TextItem::Text(text.to_string())],
        });
        self.push(Op::EndTextSection);
    }

    /// Text turned `degrees` anticlockwise about its start (x, baseline from the top).
    pub(crate) fn rotated_text_ops(
        &mut self,
        x: f32,
        baseline_from_top: f32,
        degrees: f32,
        style: Style,
        text: &str,
    ) -> Vec<Op> {
        self.fonts.note_used(style.face, text);
        let (s, c) = degrees.to_radians().sin_cos();
        vec![
            Op::SaveGraphicsState,
            Op::StartTextSection,
            Op::SetFillColor {
                col: style.colour.pdf(),
            },
            Op::SetFont {
                font: PdfFontHandle::External(font_id(style.face)),
                size: Pt(style.size),
            },
            Op::SetTextMatrix {
                matrix: TextMatrix::Raw([c, s, -s, c, x, PAGE_H - baseline_from_top]),
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_string())],
            },
            Op::EndTextSection,
            Op::RestoreGraphicsState,
        ]
    }

    /// A filled rectangle, top-left at (`x`, `top`).
    pub(crate) fn rect(&mut self, x: f32, top: f32, w: f32, h: f32, fill: Rgb) {
        if w <= 0.0 || h <= 0.0 {
            return;
        }
        self.push(Op::SetFillColor { col: fill.pdf() });
        let mut r = Rect::from_xywh(Pt(x), Pt(PAGE_H - top - h), Pt(w), Pt(h));
        r.mode = Some(PaintMode::Fill);
        self.push(Op::DrawRectangle { rectangle: r });
    }

    /// A straight line.
    pub(crate) fn line(&mut self, from: (f32, f32), to: (f32, f32), colour: Rgb, width: f32) {
        self.push(Op::SetOutlineColor { col: colour.pdf() });
        self.push(Op::SetOutlineThickness { pt: Pt(width) });
        let point = |(x, y): (f32, f32)| LinePoint {
            p: Point {
                x: Pt(x),
                y: Pt(PAGE_H - y),
            },
            bezier: false,
        };
        self.push(Op::DrawLine {
            line: Line {
                points: vec![point(from), point(to)],
                is_closed: false,
            },
        });
    }

    /// Places image `id` with its top-left at (`x`, `top`), `w` × `h` points.
    pub(crate) fn place_image(&mut self, id: &XObjectId, x: f32, top: f32, w: f32, h: f32) {
        self.push(Op::UseXobject {
            id: id.clone(),
            transform: XObjectTransform {
                translate_x: Some(Pt(x)),
                translate_y: Some(Pt(PAGE_H - top - h)),
                scale_x: Some(w),
                scale_y: Some(h),
                ..Default::default()
            },
        });
    }

    /// `text` cleaned and broken into lines no wider than `width`. Paragraph breaks in the
    /// input are kept; words wider than a line are broken between characters.
    pub(crate) fn wrap(&self, style: Style, text: &str, width: f32) -> Vec<String> {
        let width = width.max(style.size);
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let paragraph = self.fonts.clean(paragraph);
            let mut line = String::new();
            let mut line_w = 0.0;
            let space_w = self.fonts.width(style.face, style.size, " ");
            for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
                let word_w = self.fonts.width(style.face, style.size, word);
                let needed = if line.is_empty() {
                    word_w
                } else {
                    line_w + space_w + word_w
                };
                if needed <= width {
                    if !line.is_empty() {
                        line.push(' ');
                    }
                    line.push_str(word);
                    line_w = needed;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_w = 0.0;
                }
                if word_w <= width {
                    line.push_str(word);
                    line_w = word_w;
                    continue;
                }
                // A word wider than a line (a web address, a file name) breaks after its own
                // punctuation (/ . - _ and the like), never inside a run of letters, unless
                // one run is itself wider than the line.
                for piece in pieces(word) {
                    let piece_w = self.fonts.width(style.face, style.size, piece);
                    if line_w + piece_w <= width {
                        line.push_str(piece);
                        line_w += piece_w;
                        continue;
                    }
                    if !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        line_w = 0.0;
                    }
                    if piece_w <= width {
                        line.push_str(piece);
                        line_w = piece_w;
                        continue;
                    }
                    for c in piece.chars() {
                        let mut buf = [0u8; 4];
                        let c_w = self
                            .fonts
                            .width(style.face, style.size, c.encode_utf8(&mut buf));
                        if line_w + c_w > width && !line.is_empty() {
                            lines.push(std::mem::take(&mut line));
                            line_w = 0.0;
                        }
                        line.push(c);
                        line_w += c_w;
                    }
                }
            }
            lines.push(line);
        }
        while lines.len() > 1 && lines.last().is_some_and(|l| l.is_empty()) {
            lines.pop();
        }
        lines
    }

    /// `text` cleaned and cut to fit `width` on one line, ending in "…" when cut.
    pub(crate) fn fit_line(&self, style: Style, text: &str, width: f32) -> String {
        let text = self.fonts.clean(text);
        if self.fonts.width(style.face, style.size, &text) <= width {
            return text;
        }
        let ellipsis_w = self.fonts.width(style.face, style.size, "…");
        let mut out = String::new();
        let mut w = 0.0;
        for c in text.chars() {
            let mut buf = [0u8; 4];
            let c_w = self
                .fonts
                .width(style.face, style.size, c.encode_utf8(&mut buf));
            if w + c_w + ellipsis_w > width {
                break;
            }
            out.push(c);
            w += c_w;
        }
        out.push('…');
        out
    }

    /// Flows `text` down the page from `x`, `width` wide, breaking pages between lines.
    pub(crate) fn paragraph(&mut self, style: Style, text: &str, x: f32, width: f32) {
        let lines = self.wrap(style, text, width);
        for line in lines {
            self.ensure(style.leading());
            let top = self.y;
            self.text_at(x, top, style, &line);
            self.y += style.leading();
        }
    }

    /// A heading, kept on the same page as at least `keep_with` points that follow it.
    pub(crate) fn heading(&mut self, style: Style, text: &str, keep_with: f32) {
        let lines = self.wrap(style, text, CONTENT_W);
        let height = lines.len() as f32 * style.leading();
        self.ensure(height + keep_with);
        for line in lines {
            let top = self.y;
            self.text_at(MARGIN_X, top, style, &line);
            self.y += style.leading();
        }
    }

    /// A label and its value side by side, the value wrapping under itself.
    pub(crate) fn fact(&mut self, label: &str, value: &str, label_w: f32) {
        let lines = self.wrap(BODY, value, CONTENT_W - label_w);
        self.ensure(BODY.leading());
        let top = self.y;
        let label = self.fit_line(BODY_BOLD, label, label_w - 6.0);
        self.text_at(MARGIN_X, top, BODY_BOLD, &label);
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                self.ensure(BODY.leading());
            }
            let top = self.y;
            self.text_at(MARGIN_X + label_w, top, BODY, line);
            self.y += BODY.leading();
        }
    }

    /// A table across the content width. The header is repeated on every page the table
    /// reaches; a row moves to the next page whole unless it is taller than a page, in
    /// which case it is split between lines.
    pub(crate) fn table(&mut self, columns: &[Column], rows: &[Vec<Cell>]) {
        let rows: Vec<Row<'_>> = rows.iter().map(|cells| Row::Cells(cells)).collect();
        self.grouped_table(columns, &rows);
    }

    /// [`Canvas::table`] with group headings among the rows: a heading runs across the
    /// whole table, stays on the page of the row after it, and is repeated, marked
    /// "(continued)", under the header of every page its group reaches, so a reader never
    /// has to turn back to learn whose rows these are.
    pub(crate) fn grouped_table(&mut self, columns: &[Column], rows: &[Row<'_>]) {
        if columns.is_empty() {
            return;
        }
        let total: f32 = columns.iter().map(|c| c.share.max(0.01)).sum();
        let widths: Vec<f32> = columns
            .iter()
            .map(|c| CONTENT_W * c.share.max(0.01) / total)
            .collect();
        let header_style = Style::new(Face::Bold, 8.5, Rgb::BLACK);
        let header: Vec<Vec<String>> = columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| self.wrap(header_style, &c.title, w - 2.0 * CELL_PAD))
            .collect();
        let header_h = header.iter().map(Vec::len).max().unwrap_or(1) as f32
            * header_style.leading()
            + 2.0 * CELL_PAD;
        let row_line = BODY.leading();
        let page_body = BOTTOM - TOP - header_h - 2.0 * CELL_PAD;
        let mut table = TableState {
            header,
            widths,
            header_style,
            header_h,
            body_top: TOP + header_h,
            groups: Vec::new(),
        };

        self.ensure(header_h + row_line + 2.0 * CELL_PAD);
        self.table_header(&table.header, &table.widths, header_style, header_h);

        for (index, row) in rows.iter().enumerate() {
            let row = match row {
                Row::Cells(row) => row,
                Row::Group { level, text } => {
                    // Keep this heading, the headings right after it and one line together.
                    let run = rows
                        .get(index..)
                        .unwrap_or_default()
                        .iter()
                        .take_while(|r| matches!(r, Row::Group { .. }))
                        .count() as f32
                        * Self::group_height();
                    table.groups.truncate(*level);
                    if self.y + run + row_line + 2.0 * CELL_PAD > BOTTOM
                        && self.y > table.body_top + 0.5
                    {
                        self.continue_table(&mut table);
                    }
                    self.group_row(*level, text);
                    table.groups.push((*level, text.to_string()));
                    continue;
                }
            };
            let cells: Vec<(Vec<String>, &Cell)> = row
                .iter()
                .zip(&table.widths)
                .map(|(cell, w)| (self.wrap(cell.style, &cell.text, w - 2.0 * CELL_PAD), cell))
                .collect();
            let line_count = cells.iter().map(|(l, _)| l.len()).max().unwrap_or(1).max(1);
            let mut start = 0;
            while start < line_count {
                let remaining = line_count - start;
                let fits = ((self.room() - 2.0 * CELL_PAD) / row_line).floor().max(0.0) as usize;
                let whole_fits_fresh = remaining as f32 * row_line <= page_body;
                let fresh = self.y <= table.body_top + 0.5;
                if !fresh && (fits == 0 || (fits < remaining && whole_fits_fresh)) {
                    self.continue_table(&mut table);
                    continue;
                }
                let n = remaining.min(fits.max(1));
                let height = n as f32 * row_line + 2.0 * CELL_PAD;
                let top = self.y;
                let mut x = MARGIN_X;
                for ((lines, cell), w) in cells.iter().zip(&table.widths) {
                    if let Some(fill) = cell.fill {
                        self.rect(x + 1.0, top + 1.0, w - 2.0, height - 2.0, fill);
                    }
                    for (i, line) in lines.iter().skip(start).take(n).enumerate() {
                        self.text_at(
                            x + CELL_PAD,
                            top + CELL_PAD + i as f32 * row_line,
                            cell.style,
                            line,
                        );
                    }
                    x += w;
                }
                self.y += height;
                let y = self.y;
                self.line((MARGIN_X, y), (MARGIN_X + CONTENT_W, y), Rgb::RULE, 0.5);
                start += n;
                if start < line_count {
                    self.continue_table(&mut table);
                }
            }
        }
    }

    /// A new page for a table: its header, then the group headings still open.
    fn continue_table(&mut self, table: &mut TableState) {
        self.new_page();
        self.table_header(
            &table.header,
            &table.widths,
            table.header_style,
            table.header_h,
        );
        for (level, text) in &table.groups {
            self.group_row(*level, &format!("{text} (continued)"));
        }
        table.body_top = self.y;
    }

    /// The height of a group heading: one line (a name too long for a whole line is cut
    /// with "…", so continued headings can never crowd the rows off a page).
    fn group_height() -> f32 {
        BODY_BOLD.leading() + 2.0 * CELL_PAD
    }

    /// A group heading across the table: the outermost on a tint, the inner ones indented.
    fn group_row(&mut self, level: usize, text: &str) {
        let indent = GROUP_INDENT * level.min(4) as f32;
        let line = self.fit_line(BODY_BOLD, text, CONTENT_W - 2.0 * CELL_PAD - indent);
        let height = Self::group_height();
        let top = self.y;
        if level == 0 {
            self.rect(MARGIN_X, top, CONTENT_W, height, Rgb::NHS_BLUE.pale(0.85));
        }
        self.text_at(
            MARGIN_X + CELL_PAD + indent,
            top + CELL_PAD,
            BODY_BOLD,
            &line,
        );
        self.y += height;
        let y = self.y;
        self.line((MARGIN_X, y), (MARGIN_X + CONTENT_W, y), Rgb::RULE, 0.5);
    }

    fn table_header(&mut self, header: &[Vec<String>], widths: &[f32], style: Style, h: f32) {
        let top = self.y;
        self.rect(MARGIN_X, top, CONTENT_W, h, Rgb::LIGHT);
        let mut x = MARGIN_X;
        for (lines, w) in header.iter().zip(widths) {
            for (i, line) in lines.iter().enumerate() {
                self.text_at(
                    x + CELL_PAD,
                    top + CELL_PAD + i as f32 * style.leading(),
                    style,
                    line,
                );
            }
            x += w;
        }
        self.y += h;
    }
}

/// A long word in the pieces it may break between: each ends after punctuation that joins
/// parts of a name or address (`/ . - _ : ? & = ,`).
fn pieces(word: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (at, c) in word.char_indices() {
        if matches!(c, '/' | '.' | '-' | '_' | ':' | '?' | '&' | '=' | ',') {
            let end = at + c.len_utf8();
            out.push(&word[start..end]);
            start = end;
        }
    }
    if start < word.len() {
        out.push(&word[start..]);
    }
    out
}

#[cfg(test)]
mod wrap_tests {
    use super::pieces;

    #[test]
    fn long_words_break_after_their_punctuation() {
        assert_eq!(
            pieces("https://www.cqc.org.uk/guidance"),
            ["https:", "/", "/", "www.", "cqc.", "org.", "uk/", "guidance"]
        );
        assert_eq!(pieces("plain"), ["plain"]);
        assert_eq!(pieces(""), Vec::<&str>::new());
    }
}
