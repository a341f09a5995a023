//! A calendar date without time zone, serialised as ISO `YYYY-MM-DD`.
//!
//! Court documents only ever need whole days (birth dates, judgment dates), so this is a
//! small proleptic-Gregorian type rather than a dependency on a full time library.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A valid Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

/// Why a year/month/day triple is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("month {0} is not between 1 and 12")]
    Month(u32),
    #[error("day {day} does not exist in {year}-{month:02}")]
    Day { year: u32, month: u32, day: u32 },
    #[error("year {0} is outside 1800..=2200")]
    Year(u32),
    #[error("'{0}' is not an ISO date (YYYY-MM-DD)")]
    Syntax(String),
}

fn is_leap(year: u32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// Builds a date, checking that it exists on the calendar.
    pub fn new(year: u32, month: u32, day: u32) -> Result<Date, DateError> {
        if !(1800..=2200).contains(&year) {
            return Err(DateError::Year(year));
        }
        if !(1..=12).contains(&month) {
            return Err(DateError::Month(month));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(DateError::Day { year, month, day });
        }
        Ok(Date {
            year: year as u16,
            month: month as u8,
            day: day as u8,
        })
    }

    pub fn year(self) -> u32 {
        u32::from(self.year)
    }

    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    pub fn day(self) -> u32 {
        u32::from(self.day)
    }

    /// Today's date in China Standard Time (UTC+8), from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Date::from_days_since_epoch((secs + 8 * 3600).div_euclid(86_400))
    }

    /// The date `days` days after 1970-01-01 (Howard Hinnant's civil-from-days algorithm),
    /// clamped to the supported years 1800..=2200: day numbers come from spreadsheets and
    /// clocks, and a hostile one must not overflow or make a date `new` would refuse.
    pub fn from_days_since_epoch(days: i64) -> Date {
        // 1800-01-01 and 2200-12-31.
        let days = days.clamp(-62_091, 84_370);
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Date { year, month, day }
    }

    /// Whole years completed between `self` (a birth date) and `on`; 0 if `on` is earlier.
    pub fn age_on(self, on: Date) -> u32 {
        if on < self {
            return 0;
        }
        let mut age = on.year() - self.year();
        if (on.month, on.day) < (self.month, self.day) {
            age -= 1;
        }
        age
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Date, DateError> {
        let syntax = || DateError::Syntax(s.to_string());
        let mut parts = s.trim().splitn(3, '-');
        let mut next = || -> Result<u32, DateError> {
            let p = parts.next().ok_or_else(syntax)?;
            if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(syntax());
            }
            p.parse().map_err(|_| syntax())
        };
        let (y, m, d) = (next()?, next()?, next()?);
        Date::new(y, m, d)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_rules() {
        let rows: &[(u32, u32, u32, bool)] = &[
            (2021, 5, 11, true),
            (2020, 2, 29, true),
            (2021, 2, 29, false),
            (1900, 2, 29, false),
            (2000, 2, 29, true),
            (2021, 4, 31, false),
            (2021, 13, 1, false),
            (2021, 0, 1, false),
            (2021, 1, 0, false),
            (1799, 1, 1, false),
        ];
        for &(y, m, d, ok) in rows {
            assert_eq!(Date::new(y, m, d).is_ok(), ok, "{y}-{m}-{d}");
        }
    }

    #[test]
    fn epoch_days() {
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(
            Date::from_days_since_epoch(19_358).to_string(),
            "2023-01-01"
        );
        assert_eq!(Date::from_days_since_epoch(-1).to_string(), "1969-12-31");
        assert!(Date::today().year() >= 2024);
    }

    #[test]
    fn ages() {
        let birth = Date::new(1965, 5, 12).unwrap();
        assert_eq!(birth.age_on(Date::new(2026, 5, 11).unwrap()), 60);
        assert_eq!(birth.age_on(Date::new(2026, 5, 12).unwrap()), 61);
        assert_eq!(birth.age_on(Date::new(1960, 1, 1).unwrap()), 0);
    }

    #[test]
    fn iso_round_trip() {
        let d: Date = "2021-05-11".parse().unwrap();
        assert_eq!(d.to_string(), "2021-05-11");
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2021-05-11\"");
        assert!("2021-5".parse::<Date>().is_err());
        assert!("2021-02-30".parse::<Date>().is_err());
        assert!("x-01-01".parse::<Date>().is_err());
    }
}
