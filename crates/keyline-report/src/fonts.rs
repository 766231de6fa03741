//! The embedded typeface (Liberation Sans 2, SIL OFL 1.1, shipped in `fonts/`) and its
//! metrics.
//!
//! Text is measured with the font's own advance widths, so wrapping matches what a reader
//! sees. Text is cleaned before it is measured: characters the font cannot draw become `?`
//! and control characters are dropped, so nothing prints as an empty box. Before saving,
//! each face is cut down (subset) to the characters the report uses, which keeps a report
//! without photos small; if subsetting ever fails the whole face is embedded instead.

use std::collections::BTreeSet;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};
use printpdf::ParsedFont;

use crate::ReportError;

const REGULAR_TTF: &[u8] = include_bytes!("../fonts/LiberationSans-Regular.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../fonts/LiberationSans-Bold.ttf");

/// The two faces the report uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Face {
    Regular,
    Bold,
}

pub(crate) struct FontFace {
    bytes: &'static [u8],
    parsed: ParsedFont,
    units_per_em: f32,
}

impl FontFace {
    fn load(bytes: &'static [u8]) -> Result<Self, ReportError> {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut warnings)
            .ok_or_else(|| ReportError::Font("the embedded font could not be read".into()))?;
        let units_per_em = f32::from(parsed.units_per_em.max(1));
        Ok(Self {
            bytes,
            parsed,
            units_per_em,
        })
    }

    fn has(&self, c: char) -> bool {
        self.parsed
            .lookup_glyph_index(c as u32)
            .is_some_and(|g| g != 0)
    }

    /// Advance width of `c` in em.
    fn advance(&self, c: char) -> f32 {
        let width = self
            .parsed
            .lookup_glyph_index(c as u32)
            .and_then(|g| self.parsed.get_glyph_width(g))
            .unwrap_or(0);
        f32::from(width) / self.units_per_em
    }

    /// The face cut down to `chars`, parsed, ready to embed.
    fn subset_for(&self, chars: &BTreeSet<char>) -> ParsedFont {
        self.try_subset(chars)
            .unwrap_or_else(|| self.parsed.clone())
    }

    fn try_subset(&self, chars: &BTreeSet<char>) -> Option<ParsedFont> {
        let scope = ReadScope::new(self.bytes);
        let data = scope.read::<FontData<'_>>().ok()?;
        let provider = data.table_provider(0).ok()?;
        let mut glyphs: Vec<u16> = chars
            .iter()
            .filter_map(|c| self.parsed.lookup_glyph_index(*c as u32))
            .filter(|g| *g != 0)
            .collect();
        glyphs.sort_unstable();
        glyphs.dedup();
        glyphs.insert(0, 0);
        let bytes = subset(&provider, &glyphs, &SubsetProfile::Pdf, CmapTarget::Unicode).ok()?;
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)?;
        // Refuse a subset that lost any character: the full face is always correct.
        let complete = chars
            .iter()
            .all(|c| parsed.lookup_glyph_index(*c as u32).is_some_and(|g| g != 0));
        complete.then_some(parsed)
    }
}

/// Both faces, with the characters used so far.
pub(crate) struct Fonts {
    regular: FontFace,
    bold: FontFace,
    used_regular: BTreeSet<char>,
    used_bold: BTreeSet<char>,
}

impl Fonts {
    pub(crate) fn load() -> Result<Self, ReportError> {
        Ok(Self {
            regular: FontFace::load(REGULAR_TTF)?,
            bold: FontFace::load(BOLD_TTF)?,
            used_regular: BTreeSet::new(),
            used_bold: BTreeSet::new(),
        })
    }

    fn face(&self, face: Face) -> &FontFace {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
        }
    }

    /// `text` made printable: whitespace becomes a space, control characters go, and
    /// characters either face lacks become `?`.
    pub(crate) fn clean(&self, text: &str) -> String {
        text.chars()
            .filter_map(|c| {
                if c.is_whitespace() {
                    Some(' ')
                } else if c.is_control() {
                    None
                } else if self.regular.has(c) && self.bold.has(c) {
                    Some(c)
                } else {
                    Some('?')
                }
            })
            .collect()
    }

    /// Width of already-cleaned `text` in points.
    pub(crate) fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        let f = self.face(face);
        text.chars().map(|c| f.advance(c)).sum::<f32>() * size
    }

    /// Records that `text` is drawn in `face`, so the subset keeps its characters.
    pub(crate) fn note_used(&mut self, face: Face, text: &str) {
        let set = match face {
            Face::Regular => &mut self.used_regular,
            Face::Bold => &mut self.used_bold,
        };
        set.extend(text.chars());
    }

    /// The faces to embed, each cut down to the characters it drew.
    pub(crate) fn embeddable(&self) -> (ParsedFont, ParsedFont) {
        (
            self.regular.subset_for(&self.used_regular),
            self.bold.subset_for(&self.used_bold),
        )
    }
}
