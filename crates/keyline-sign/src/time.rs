//! Unix seconds to and from the ASN.1 times of certificates and CMS, and PDF dates.

use std::time::Duration;

use der::asn1::{GeneralizedTime, UtcTime};
use der::DateTime;
use x509_cert::time::Time;

use crate::SignError;

/// The calendar date and time of `unix` (UTC).
pub(crate) fn date_time(unix: i64) -> Result<DateTime, SignError> {
    let secs = u64::try_from(unix).map_err(|_| SignError::InvalidTime(unix))?;
    DateTime::from_unix_duration(Duration::from_secs(secs))
        .map_err(|_| SignError::InvalidTime(unix))
}

/// `unix` as RFC 5280 / RFC 5652 want it: UTCTime until 2049, GeneralizedTime from 2050.
pub(crate) fn asn1_time(unix: i64) -> Result<Time, SignError> {
    let dt = date_time(unix)?;
    if dt.year() < 2050 {
        UtcTime::from_date_time(dt)
            .map(Time::UtcTime)
            .map_err(|_| SignError::InvalidTime(unix))
    } else {
        Ok(Time::GeneralTime(GeneralizedTime::from_date_time(dt)))
    }
}

/// Seconds since 1970 of an ASN.1 time.
pub(crate) fn unix(time: Time) -> i64 {
    i64::try_from(time.to_unix_duration().as_secs()).unwrap_or(i64::MAX)
}

/// The same moment `years` calendar years later (29 February becomes 28 February).
pub(crate) fn add_years(unix: i64, years: u16) -> Result<i64, SignError> {
    let dt = date_time(unix)?;
    let day = if dt.month() == 2 && dt.day() == 29 {
        28
    } else {
        dt.day()
    };
    let later = DateTime::new(
        dt.year().saturating_add(years),
        dt.month(),
        day,
        dt.hour(),
        dt.minutes(),
        dt.seconds(),
    )
    .map_err(|_| SignError::InvalidTime(unix))?;
    i64::try_from(later.unix_duration().as_secs()).map_err(|_| SignError::InvalidTime(unix))
}

/// A PDF date string, `D:YYYYMMDDHHmmSSZ`.
pub(crate) fn pdf_date(unix: i64) -> Result<String, SignError> {
    let dt = date_time(unix)?;
    Ok(format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}Z",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minutes(),
        dt.seconds()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_years_on_is_the_same_date_except_after_29_february() {
        // 2024-02-29 12:00:00 UTC → 2034-02-28 12:00:00 UTC
        assert_eq!(add_years(1_709_208_000, 10), Ok(2_024_740_800));
        // 2025-06-13 16:20:00 UTC → 2035-06-13 16:20:00 UTC
        assert_eq!(add_years(1_749_831_600, 10), Ok(2_065_364_400));
        assert_eq!(add_years(-5, 10), Err(SignError::InvalidTime(-5)));
    }

    #[test]
    fn times_take_the_form_their_year_needs() {
        assert!(matches!(asn1_time(1_749_831_600), Ok(Time::UtcTime(_))));
        // 2050-01-01 00:00:00 UTC
        assert!(matches!(asn1_time(2_524_608_000), Ok(Time::GeneralTime(_))));
        assert_eq!(
            unix(asn1_time(2_524_608_000).expect("a time")),
            2_524_608_000
        );
        assert_eq!(pdf_date(1_749_831_600).as_deref(), Ok("D:20250613162000Z"));
    }
}
