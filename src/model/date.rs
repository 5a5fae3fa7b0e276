//! A calendar date (`YYYY-MM-DD`), as files, price tables and outcomes write it: parsing that
//! refuses days a month does not have, day counts, and adding months for a horizon's end.
//!
//! Pure: no clock. "Today" is never read here; dates come from files and from the user.

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar date; orders as time does. In a file: `"2024-06-19"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(year: u16) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// Parses exactly `YYYY-MM-DD`, refusing days a month does not have.
    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u16> {
            let part = &text[range];
            part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse().ok()).flatten()
        };
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        let month = u8::try_from(month).ok().filter(|m| (1..=12).contains(m))?;
        let day = u8::try_from(day).ok()?;
        (1..=days_in_month(year, month)).contains(&day).then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before), by the proleptic Gregorian calendar.
    fn day_number(self) -> i64 {
        // Howard Hinnant's days_from_civil: years start in March so the leap day comes last.
        let (month, day) = (i64::from(self.month), i64::from(self.day));
        let year = i64::from(self.year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// Days from `self` to `later` (negative if `later` comes first).
    pub fn days_until(self, later: Date) -> i64 {
        later.day_number() - self.day_number()
    }

    /// The same day `months` months later; a day the target month lacks becomes its last day
    /// (31 January + 1 month = 28 or 29 February), as calendars and contracts count.
    pub fn plus_months(self, months: u32) -> Date {
        let index = u64::from(self.year) * 12 + u64::from(self.month - 1) + u64::from(months);
        let year = u16::try_from(index / 12).unwrap_or(u16::MAX);
        // `index % 12` is below 12, so the month fits.
        let month = (index % 12) as u8 + 1;
        Date { year, month, day: self.day.min(days_in_month(year, month)) }
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date like \"2024-06-19\" (YYYY-MM-DD)")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Date, E> {
                Date::parse(text).ok_or_else(|| E::custom(format!("\"{text}\" is not a date (YYYY-MM-DD)")))
            }
        }
        deserializer.deserialize_str(DateVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap_or_else(|| panic!("{text} is a date"))
    }

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert_eq!(Date::parse("2024-02-29").map(|d| d.to_string()), Some("2024-02-29".to_owned()));
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-1-01",
            "24-01-01",
            "2024/01/01",
            "2024-04-31",
            "",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn days_between_dates_count_leap_days() {
        assert_eq!(date("1970-01-01").days_until(date("1970-01-02")), 1);
        assert_eq!(date("2024-01-01").days_until(date("2025-01-01")), 366);
        assert_eq!(date("2023-01-01").days_until(date("2024-01-01")), 365);
        assert_eq!(date("2024-06-19").days_until(date("2024-10-23")), 11 + 31 + 31 + 30 + 23);
        assert_eq!(date("2024-10-23").days_until(date("2024-06-19")), -126);
        assert_eq!(date("1900-03-01").days_until(date("2000-03-01")), 100 * 365 + 24);
    }

    #[test]
    fn adding_months_keeps_the_day_or_takes_the_month_end() {
        assert_eq!(date("2024-06-19").plus_months(12), date("2025-06-19"));
        assert_eq!(date("2024-11-30").plus_months(3), date("2025-02-28"));
        assert_eq!(date("2024-01-31").plus_months(1), date("2024-02-29"));
        assert_eq!(date("2024-12-15").plus_months(0), date("2024-12-15"));
        assert_eq!(date("2024-12-15").plus_months(1), date("2025-01-15"));
    }
}
