//! Reading the RFC 3339 time the caller passes in, and writing it as a PDF date. The
//! renderer never reads the clock.

/// A parsed RFC 3339 timestamp (seconds precision; fractions are ignored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Timestamp {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    pub offset_minutes: i16,
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`.
pub(crate) fn parse(text: &str) -> Result<Timestamp, String> {
    let bad = || format!("{text:?} is not an RFC 3339 time such as 2025-06-12T14:03:00Z");
    let b = text.trim().as_bytes();
    let digits = |from: usize, len: usize| -> Result<u32, String> {
        let part = b.get(from..from + len).ok_or_else(bad)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return Err(bad());
        }
        Ok(part.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let expect = |at: usize, options: &[u8]| -> Result<(), String> {
        match b.get(at) {
            Some(c) if options.contains(c) => Ok(()),
            _ => Err(bad()),
        }
    };
    let year = digits(0, 4)?;
    expect(4, b"-")?;
    let month = digits(5, 2)?;
    expect(7, b"-")?;
    let day = digits(8, 2)?;
    expect(10, b"Tt ")?;
    let hour = digits(11, 2)?;
    expect(13, b":")?;
    let minute = digits(14, 2)?;
    expect(16, b":")?;
    let second = digits(17, 2)?;
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    let offset_minutes = match b.get(i) {
        Some(b'Z' | b'z') if b.len() == i + 1 => 0,
        Some(sign @ (b'+' | b'-')) if b.len() == i + 6 => {
            let h = digits(i + 1, 2)?;
            expect(i + 3, b":")?;
            let m = digits(i + 4, 2)?;
            if h > 23 || m > 59 {
                return Err(bad());
            }
            let total = (h * 60 + m) as i16;
            if *sign == b'-' {
                -total
            } else {
                total
            }
        }
        _ => return Err(bad()),
    };
    let valid = (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && hour <= 23
        && minute <= 59
        && second <= 60;
    if !valid {
        return Err(bad());
    }
    Ok(Timestamp {
        year: year as u16,
        month: month as u8,
        day: day as u8,
        hour: hour as u8,
        minute: minute as u8,
        second: second as u8,
        offset_minutes,
    })
}

impl Timestamp {
    /// The PDF date string, e.g. `D:20250612140300Z` or `D:20250612150300+01'00'`.
    pub(crate) fn pdf_date(&self) -> String {
        let zone = if self.offset_minutes == 0 {
            "Z".to_string()
        } else {
            let sign = if self.offset_minutes < 0 { '-' } else { '+' };
            let m = self.offset_minutes.unsigned_abs();
            format!("{sign}{:02}'{:02}'", m / 60, m % 60)
        };
        format!(
            "D:{:04}{:02}{:02}{:02}{:02}{:02}{zone}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<&str>) {
        assert_eq!(
            parse(input).ok().map(|t| t.pdf_date()).as_deref(),
            expected,
            "{input}"
        );
    }

    #[test]
    fn rfc3339_to_pdf_dates() {
        check("2025-06-12T14:03:00Z", Some("D:20250612140300Z"));
        check("2025-06-12T14:03:00.123Z", Some("D:20250612140300Z"));
        check("2025-06-12T15:03:00+01:00", Some("D:20250612150300+01'00'"));
        check("2025-06-12T09:03:00-05:30", Some("D:20250612090300-05'30'"));
        check("2025-06-12", None);
        check("2025-13-12T14:03:00Z", None);
        check("2025-06-12T14:03:00", None);
        check("2025-06-12T14:03:00+0100", None);
        check("", None);
        check("2025-06-12T14:03:00Zjunk", None);
        check("２０２５-06-12T14:03:00Z", None);
    }
}
