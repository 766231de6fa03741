//! Calendar arithmetic on `YYYY-MM-DD` dates, enough for the board: days between two dates
//! and the month a date falls in.

use crate::scoring::is_calendar_date;

/// Days since 1970-01-01 of a `YYYY-MM-DD` date; `None` for anything else.
pub fn day_number(date: &str) -> Option<i64> {
    if !is_calendar_date(date) {
        return None;
    }
    let part = |range: std::ops::Range<usize>| date.get(range)?.parse::<i64>().ok();
    let (year, month, day) = (part(0..4)?, part(5..7)?, part(8..10)?);
    // Howard Hinnant's days-from-civil, over years starting in March.
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    Some(era * 146_097 + day_of_era - 719_468)
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: &str, to: &str) -> Option<i64> {
    Some(day_number(to)? - day_number(from)?)
}

/// The `YYYY-MM` month of a date.
pub fn month_of(date: &str) -> &str {
    date.get(..7).unwrap_or(date)
}

/// "March 2026" for `2026-03`.
pub fn month_name(month: &str) -> String {
    let number = month.get(5..7).and_then(|m| m.parse::<usize>().ok());
    match (month.get(..4), number) {
        (Some(year), Some(m @ 1..=12)) => {
            format!("{} {year}", crate::scoring::MONTHS[m - 1])
        }
        _ => month.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_follow_the_calendar() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2000-03-01"), Some(11_017));
        assert_eq!(days_between("2024-02-28", "2024-03-01"), Some(2));
        assert_eq!(days_between("2026-03-01", "2026-02-28"), Some(-1));
        assert_eq!(days_between("2025-12-31", "2026-12-31"), Some(365));
        assert_eq!(day_number("2026-02-30"), None);
        assert_eq!(month_name("2026-03"), "March 2026");
        assert_eq!(month_name("2026-13"), "2026-13");
    }
}
