//! Timestamps as whole UTC seconds, written as RFC 3339 (`2026-12-15T09:30:00Z`).
//!
//! Business logic never reads a clock: callers pass a [`Timestamp`] in. Input may
//! carry an offset (`+08:00`, Beijing time); output is always UTC with `Z`, so the
//! canonical encoding of a document does not depend on who wrote it.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Timestamp(i64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{input}' is not an RFC 3339 time like 2026-12-15T09:30:00Z or 2026-12-15T17:30:00+08:00")]
pub struct TimestampError {
    pub input: String,
}

// Howard Hinnant's days-from-civil and civil-from-days.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

impl Timestamp {
    pub const fn from_unix(secs: i64) -> Self {
        Timestamp(secs)
    }
    pub const fn unix(self) -> i64 {
        self.0
    }
    pub fn plus_seconds(self, s: i64) -> Self {
        Timestamp(self.0 + s)
    }

    pub fn parse(input: &str) -> Result<Self, TimestampError> {
        let err = || TimestampError { input: input.to_string() };
        let b = input.as_bytes();
        if b.len() < 20 || !input.is_ascii() {
            return Err(err());
        }
        let num = |r: std::ops::Range<usize>| -> Result<i64, TimestampError> {
            let s = &input[r];
            if !s.bytes().all(|c| c.is_ascii_digit()) {
                return Err(err());
            }
            s.parse().map_err(|_| err())
        };
        if b[4] != b'-' || b[7] != b'-' || (b[10] != b'T' && b[10] != b't') || b[13] != b':' || b[16] != b':' {
            return Err(err());
        }
        let (y, mo, d, h, mi, s) = (num(0..4)?, num(5..7)?, num(8..10)?, num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || s > 59 {
            return Err(err());
        }
        let offset = match &input[19..] {
            "Z" | "z" => 0,
            rest if rest.len() == 6 && (rest.starts_with('+') || rest.starts_with('-')) && rest.as_bytes()[3] == b':' => {
                let oh = num(20..22)?;
                let om = num(23..25)?;
                if oh > 23 || om > 59 {
                    return Err(err());
                }
                let o = oh * 3600 + om * 60;
                if rest.starts_with('-') { -o } else { o }
            }
            _ => return Err(err()),
        };
        let days = days_from_civil(y, mo, d);
        Ok(Timestamp(days * 86400 + h * 3600 + mi * 60 + s - offset))
    }

    /// RFC 3339 in UTC.
    pub fn to_rfc3339(self) -> String {
        self.fmt_with_offset(0, "Z")
    }

    /// Beijing time (UTC+8), as shown to users: `2026-12-15 17:30:00`.
    pub fn to_beijing(self) -> String {
        let s = self.fmt_with_offset(8 * 3600, "");
        s.replace('T', " ")
    }

    fn fmt_with_offset(self, offset: i64, suffix: &str) -> String {
        let t = self.0 + offset;
        let days = t.div_euclid(86400);
        let sod = t.rem_euclid(86400);
        let (y, m, d) = civil_from_days(days);
        format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}{suffix}", sod / 3600, sod % 3600 / 60, sod % 60)
    }
}

impl TryFrom<String> for Timestamp {
    type Error = TimestampError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Timestamp::parse(&s)
    }
}
impl From<Timestamp> for String {
    fn from(t: Timestamp) -> String {
        t.to_rfc3339()
    }
}
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_known_instants() {
        let t = Timestamp::parse("2026-12-15T09:30:00Z").unwrap();
        assert_eq!(t.unix(), 1_797_327_000);
        assert_eq!(t.to_rfc3339(), "2026-12-15T09:30:00Z");
        assert_eq!(Timestamp::parse("1970-01-01T00:00:00Z").unwrap().unix(), 0);
        assert_eq!(Timestamp::parse("2000-02-29T00:00:00Z").unwrap().unix(), 951_782_400);
    }

    #[test]
    fn beijing_offset_is_normalised_to_utc() {
        let a = Timestamp::parse("2026-12-15T17:30:00+08:00").unwrap();
        assert_eq!(a.to_rfc3339(), "2026-12-15T09:30:00Z");
        assert_eq!(a.to_beijing(), "2026-12-15 17:30:00");
    }

    #[test]
    fn impossible_dates_are_refused() {
        for s in [
            "2026-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-12-15 09:30:00Z",
            "2026-12-15T24:00:00Z",
            "2026-12-15T09:30:00",
            "２026-12-15T09:30:00Z",
        ] {
            assert!(Timestamp::parse(s).is_err(), "{s}");
        }
    }
}

/// Is `s` a calendar date written `YYYY-MM-DD` (years 2000–2099)?
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).filter(|x| x.bytes().all(|c| c.is_ascii_digit())).and_then(|x| x.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else { return false };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (2000..=2099).contains(&y) && (1..=days).contains(&d)
}

#[cfg(test)]
mod date_tests {
    #[test]
    fn dates_are_checked_to_the_calendar() {
        assert!(super::is_date("2028-02-29") && super::is_date("2026-12-31"));
        assert!(
            !super::is_date("2026-02-29") && !super::is_date("2026-13-01") && !super::is_date("2026-1-01") && !super::is_date("二〇二六")
        );
    }
}
