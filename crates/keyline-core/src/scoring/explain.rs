//! Plain-English wording shared by the scoring explanations: numbers without noise
//! ("23", "2.5", never "23.000000001"), percentages, and lists ("Safe, Caring and Well-led").

use crate::template::{Band, Rounding, Template};

/// A number as a person would write it: at most four decimals, no trailing zeros, no `-0`.
pub(crate) fn num(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let rounded = (x * 10_000.0).round() / 10_000.0;
    let text = format!("{rounded:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// A percentage with exactly as many decimals as needed, up to `places`, trailing zeros dropped.
fn fixed(x: f64, places: usize) -> String {
    // Halves round away from zero, as people expect (56.25 shows as 56.3, not 56.2).
    let factor = 10f64.powi(i32::try_from(places).unwrap_or(6));
    let scaled = x.abs() * factor;
    let rounded = (scaled + 0.5 + 1e-9 * scaled.max(1.0)).floor() / factor;
    let x = if x < 0.0 { -rounded } else { rounded };
    let text = format!("{x:.places$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    };
    if text == "-0" {
        "0".to_owned()
    } else {
        text
    }
}

/// The rounded percentage as printed, e.g. `72%`.
pub(crate) fn rounded_percent(rounded: f64, rounding: &Rounding) -> String {
    format!("{}%", fixed(rounded, usize::from(rounding.decimals.min(6))))
}

/// The unrounded percentage with one more decimal than the rounding keeps, or more when that
/// would print the same as the rounded value (62.96 is "62.96%", not "63.0%").
pub(crate) fn unrounded_percent(percent: f64, rounded: f64, rounding: &Rounding) -> String {
    let decimals = usize::from(rounding.decimals.min(6));
    let rounded_text = fixed(rounded, decimals);
    for places in decimals + 1..=decimals + 6 {
        let text = fixed(percent, places);
        if text != rounded_text {
            return format!("{text}%");
        }
    }
    format!("{}%", fixed(percent, decimals + 6))
}

/// A band's range, e.g. `63–87%`.
pub(crate) fn band_range(band: &Band) -> String {
    format!("{}–{}%", num(band.min), num(band.max))
}

/// "a", "a and b", "a, b and c" (or with "or").
pub(crate) fn join(words: &[String], last: &str) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., tail] => format!("{} {last} {tail}", init.join(", ")),
    }
}

/// "1 item" / "2 items".
pub(crate) fn count(n: usize, singular: &str, plural: &str) -> String {
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{n} {plural}")
    }
}

/// A rating's label, or its id when the template does not define it.
pub(crate) fn rating_label(template: &Template, id: &str) -> String {
    template
        .rating(id)
        .map_or_else(|| id.to_owned(), |rating| rating.label.clone())
}

/// "S3 (Safeguarding)".
/// An item as people know it: its title (its id only when it has none; ids are a detail
/// for template authors).
pub(crate) fn item_name(id: &str, title: &str) -> String {
    if title.trim().is_empty() {
        id.to_owned()
    } else {
        title.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::RoundingMode;

    fn whole() -> Rounding {
        Rounding {
            decimals: 0,
            mode: RoundingMode::HalfUp,
            statement: String::new(),
        }
    }

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(num(23.0), "23");
        assert_eq!(num(2.5), "2.5");
        assert_eq!(num(0.1 + 0.2), "0.3");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(2.0 / 3.0), "0.6667");
    }

    #[test]
    fn percentages_show_what_rounding_did() {
        assert_eq!(unrounded_percent(71.875, 72.0, &whole()), "71.9%");
        assert_eq!(unrounded_percent(62.5, 63.0, &whole()), "62.5%");
        assert_eq!(unrounded_percent(62.96, 63.0, &whole()), "62.96%");
        assert_eq!(unrounded_percent(56.25, 56.0, &whole()), "56.3%");
        assert_eq!(rounded_percent(72.0, &whole()), "72%");
    }

    #[test]
    fn lists_read_naturally() {
        let words: Vec<String> = ["Safe", "Caring", "Well-led"].map(String::from).into();
        assert_eq!(join(&words, "and"), "Safe, Caring and Well-led");
        assert_eq!(join(&words[..1], "and"), "Safe");
        assert_eq!(join(&words[..2], "or"), "Safe or Caring");
    }
}
