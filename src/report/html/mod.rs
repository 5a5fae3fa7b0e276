//! The self-contained HTML report: one file a person who never saw georisk can open, read and
//! print — the scenario's own words, the summary with its bands, the risk matrix, the loss charts,
//! the drivers, every event, the variants side by side, and how to reproduce it.
//!
//! Pure formatting: it returns a string and never writes a file (the caller saves it through
//! `io::write_atomic`), never simulates, reads no clock (the date is given). Nothing in the page
//! is fetched: the charts are inline SVG, the style is inline CSS, there is no script and no font
//! file, and no address appears except inside the user's own text. Every string that came from
//! a scenario file passes through [`escape`].
//!
//! Every figure cell carries `data-figure` and `data-value` (the exact number, as JSON writes
//! it), so a test can check each one against `georisk run --format json`.

mod charts;
mod escape;
mod forecasts;
mod matrix;
mod page;
mod tables;

pub use charts::{Chart, TornadoFigure, standalone_svg};
pub use escape::escape;

use crate::engine::Analysis;
use crate::model::Scenario;

/// What the report is made from: the scenario as the file holds it, the base analysis, one
/// analysis per variant shown (same trials and seed), and where it came from.
pub struct ReportInput<'a> {
    pub scenario: &'a Scenario,
    pub base: &'a Analysis,
    pub variants: &'a [Analysis],
    pub source: Source,
}

/// What identifies the run, for the "reproduce it" section.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// The scenario file's name as the user gave it (shown, never opened).
    pub file_name: String,
    /// SHA-256 of the file's bytes, lowercase hex; `None` when the scenario was not saved.
    pub sha256: Option<String>,
    /// When the report was made, e.g. `2026-11-28 12:40 UTC`.
    pub created: String,
}

/// The report as one HTML document.
pub fn html(input: &ReportInput<'_>) -> String {
    page::page(input)
}

/// SHA-256 of `bytes` as lowercase hex: what `sha256sum FILE` prints.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The date and time now, as the report's "made" line gives it.
pub fn utc_now() -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    utc_timestamp(now)
}

/// `1764333600` → `2025-11-28 12:40 UTC`: seconds since 1970 as a calendar date and time in UTC
/// (the proleptic Gregorian calendar, days from civil by Howard Hinnant's algorithm).
pub fn utc_timestamp(unix_seconds: u64) -> String {
    let days = (unix_seconds / 86_400) as i64;
    let (hour, minute) = ((unix_seconds % 86_400) / 3600, (unix_seconds % 3600) / 60);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02} UTC")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_matches_the_published_test_vector() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn timestamps_are_calendar_dates_in_utc() {
        assert_eq!(utc_timestamp(0), "1970-01-01 00:00 UTC");
        // 2000-02-29 was a leap day (divisible by 400); `date -u -d @951827400`.
        assert_eq!(utc_timestamp(951_827_400), "2000-02-29 12:30 UTC");
        assert_eq!(utc_timestamp(1_795_877_940), "2026-11-28 14:59 UTC");
    }
}
