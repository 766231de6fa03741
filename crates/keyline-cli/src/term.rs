//! Text for a terminal. Template titles, notes, names and file names come from people and
//! files Keyline does not control; printed as they are, an escape sequence in a note could
//! move the cursor, recolour or rewrite what is on screen, and a bidirectional-override
//! character could make a line read other than it is. Text output shows every such
//! character escaped (`\u{1b}`); JSON output is left exact (JSON escapes its own controls).

use std::borrow::Cow;

/// Characters that reorder text when displayed (Unicode bidirectional controls).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escape_where(text: &str, escape: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escape(c) {
            match c {
                '\t' => out.push_str("\\t"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                _ => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One field of a line or a table: every control character escaped, tabs and newlines too,
/// so a field can never break the line or the columns it sits in.
pub fn field(text: &str) -> Cow<'_, str> {
    escape_where(text, |c| c.is_control() || is_bidi_control(c))
}

/// A whole message that Keyline wrote: its own line breaks and tabs kept, every other
/// control character escaped.
pub fn lines(text: &str) -> Cow<'_, str> {
    escape_where(text, |c| {
        (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_reordering_are_shown_not_obeyed() {
        assert_eq!(field("Ward 7"), "Ward 7");
        assert_eq!(field("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(field("x\ty\nz\r"), "x\\ty\\nz\\r");
        assert_eq!(field("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(field("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(field("\u{7f}"), "\\u{7f}");
        assert_eq!(
            lines("one\ntwo\t\u{1b}]0;title\u{7}"),
            "one\ntwo\t\\u{1b}]0;title\\u{7}"
        );
    }
}
