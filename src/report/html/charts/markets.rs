//! The markets' and regions' bar charts: each market's mean price move with a whisker from its
//! 5% to its 95% quantile (largest fall first, as Results shows them), and each region's
//! expected severity (in the file's order).

use super::bars::{bar_frame, row_bar, row_labels, row_whisker};
use super::*;
use crate::engine::{RegionSeverity, SimResult};

/// The markets' figures ("−3.7% (−31.5% to +29.6%)") need a wider column than the events'.
const MARKET_VALUES_LEFT: f64 = WIDTH - RIGHT - 190.0;

/// A tick in percentage points: whole ones without decimals, `0%` unsigned.
fn percent_point_tick(points: f64) -> String {
    if points.abs() < 1e-9 {
        "0%".to_owned()
    } else if (points - points.round()).abs() < 1e-9 {
        format!("{points:+.0}%").replacen('-', "\u{2212}", 1)
    } else {
        signed_percent(points / 100.0)
    }
}

/// A share as a signed percentage with one decimal: `-0.0321` → `−3.2%`.
fn signed_percent(share: f64) -> String {
    let text = format!("{:+.1}%", 100.0 * share);
    text.replacen('-', "\u{2212}", 1)
}

/// Each market's mean price move over the horizon (events and noise), largest fall first, with
/// a whisker from its 5% to its 95% quantile. Nothing when the scenario has no markets.
pub fn markets(out: &mut String, result: &SimResult) -> std::fmt::Result {
    let markets = &result.markets;
    if markets.is_empty() {
        return Ok(());
    }
    let mut order: Vec<usize> = (0..markets.len()).collect();
    order.sort_by(|&a, &b| markets[a].mean_return.total_cmp(&markets[b].mean_return).then(a.cmp(&b)));
    // Percentage points, so the ticks are round percentages.
    let ends = markets.iter().flat_map(|m| [100.0 * m.p05, 100.0 * m.p95, 100.0 * m.mean_return]);
    let (low, high) = ends.fold((0.0f64, 0.0f64), |(l, h), v| (l.min(v), h.max(v)));
    let pad = ((high - low) * 0.05).max(0.5);
    let (xs, height) = bar_frame(
        out,
        (order.len(), MARKET_VALUES_LEFT),
        (low - pad, high + pad),
        &percent_point_tick,
        "Price move over the horizon: the mean (bar) and 5% to 95% of futures (whisker)",
        "Each market's mean price move with its 5% to 95% range",
    )?;
    let zero = xs.at(0.0);
    for (row, &i) in order.iter().enumerate() {
        let m = &markets[i];
        let mean = 100.0 * m.mean_return;
        let colour = if mean < 0.0 { LOSS } else { GAIN };
        row_bar(out, row, (xs.at(mean.min(0.0)), xs.at(mean.max(0.0))), colour, "0.75")?;
        row_whisker(out, row, (xs.at(100.0 * m.p05), xs.at(100.0 * m.p95)))?;
        let name = if m.name.is_empty() { &m.id } else { &m.name };
        let figures = format!(
            "{} ({} to {})",
            signed_percent(m.mean_return),
            signed_percent(m.p05),
            signed_percent(m.p95)
        );
        row_labels(out, row, name, (&figures, MARKET_VALUES_LEFT))?;
    }
    writeln!(
        out,
        "<line x1=\"{zero:.1}\" x2=\"{zero:.1}\" y1=\"{TOP}\" y2=\"{}\" stroke=\"#222\" stroke-width=\"1.2\"/>",
        height - BOTTOM
    )?;
    writeln!(
        out,
        "<rect x=\"10\" y=\"8\" width=\"12\" height=\"10\" fill=\"{LOSS}\"/><text x=\"26\" y=\"17\" class=\"tick\">falls on average</text>"
    )?;
    writeln!(
        out,
        "<rect x=\"150\" y=\"8\" width=\"12\" height=\"10\" fill=\"{GAIN}\"/><text x=\"166\" y=\"17\" class=\"tick\">rises on average</text>"
    )?;
    writeln!(out, "<text x=\"{MARKET_VALUES_LEFT}\" y=\"17\" class=\"tick\">mean (5% to 95%)</text>")?;
    writeln!(out, "</svg>")
}

/// Each region's expected severity: the sum over the events that rate it of probability times
/// severity level. Nothing when the scenario has no regions.
pub fn regions(out: &mut String, regions: &[RegionSeverity]) -> std::fmt::Result {
    if regions.is_empty() {
        return Ok(());
    }
    let high = regions.iter().map(|r| r.expected).fold(0.0f64, f64::max);
    let (xs, _) = bar_frame(
        out,
        (regions.len(), VALUES_LEFT),
        (0.0, high.max(0.1) * 1.05),
        &|t| {
            let text = format!("{t:.2}");
            text.trim_end_matches('0').trim_end_matches('.').to_owned()
        },
        "Expected severity: the sum of each event's probability times its severity level (1 negligible to 5 severe)",
        "Each region's expected severity",
    )?;
    for (row, r) in regions.iter().enumerate() {
        row_bar(out, row, (xs.at(0.0), xs.at(r.expected)), BLUE, "0.75")?;
        let noun = if r.events == 1 { "event" } else { "events" };
        let name = if r.name.is_empty() { &r.id } else { &r.name };
        let figures = format!("{:.2} from {} {noun}", r.expected, r.events);
        row_labels(out, row, name, (&figures, VALUES_LEFT))?;
    }
    writeln!(out, "<text x=\"{VALUES_LEFT}\" y=\"17\" class=\"tick\">expected severity</text>")?;
    writeln!(out, "</svg>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_carry_their_sign_and_a_true_minus() {
        assert_eq!(signed_percent(-0.0321), "\u{2212}3.2%");
        assert_eq!(signed_percent(0.05), "+5.0%");
    }

    #[test]
    fn ticks_drop_decimals_of_whole_percentages() {
        assert_eq!(percent_point_tick(-50.0), "\u{2212}50%");
        assert_eq!(percent_point_tick(0.0), "0%");
        assert_eq!(percent_point_tick(2.5), "+2.5%");
    }
}
