//! The report's charts as inline SVG: the profit-and-loss histogram with the mean, VaR 99 and
//! ES 99 marked, the exceedance curve with its 90% band, the tornado and the causal impacts with
//! their 95% whiskers, the markets' price moves with their 5%–95% whiskers and the regions'
//! expected severity. Each chart is drawn in a fixed view box and scales with the page; its
//! axes carry round numbers and their units.
//!
//! This file holds what every chart shares (scales, round ticks, axes, legend) and the
//! standalone SVG file of one chart; the x–y charts are in `curves`, the event bar charts in
//! `bars`, the markets' and regions' in `markets`.

mod bars;
mod curves;
mod markets;
mod standalone;

pub use bars::{TornadoFigure, impacts, tornado};
pub use curves::{exceedance, histogram};
pub use markets::{markets, regions};
pub use standalone::{Chart, standalone_svg};

use super::escape::escape;
use std::fmt::Write;

pub(super) const WIDTH: f64 = 900.0;
/// Room for the y axis's labels on the left and the x axis's below.
pub(super) const LEFT: f64 = 70.0;
pub(super) const RIGHT: f64 = 20.0;
pub(super) const TOP: f64 = 28.0;
pub(super) const BOTTOM: f64 = 46.0;
/// Bar charts of events: the names take this much on the left.
pub(super) const NAME_WIDTH: f64 = 260.0;
pub(super) const BAR_ROW: f64 = 26.0;
/// Where the bar charts' value column starts (right of the bars).
pub(super) const VALUES_LEFT: f64 = WIDTH - RIGHT - 130.0;
/// At most this many events in the tornado and the impact chart; the table lists them all.
pub const TOP_EVENTS: usize = 12;

/// The charts' own style: the report's page carries it, and so does each standalone SVG file.
pub(super) const CHART_STYLE: &str = "
.chart .grid { stroke: #e3e6ec; stroke-width: 1; }
.chart .tick { font-size: 12px; fill: #4a5263; }
.chart .axis { font-size: 13px; fill: #1d2330; }
.chart .mark { font-size: 12.5px; font-weight: 600; }
.chart .name { font-size: 13px; fill: #1d2330; }
";

pub(super) const LOSS: &str = "#c0392b";
pub(super) const GAIN: &str = "#2e7d32";
pub(super) const BLUE: &str = "#2c6fbb";
pub(super) const GREY: &str = "#555";

/// A linear map from data to view-box coordinates.
#[derive(Clone, Copy)]
pub(super) struct Scale {
    from: (f64, f64),
    to: (f64, f64),
}

impl Scale {
    pub(super) fn new(from: (f64, f64), to: (f64, f64)) -> Scale {
        let from = if from.1 > from.0 { from } else { (from.0 - 1.0, from.0 + 1.0) };
        Scale { from, to }
    }

    pub(super) fn at(self, value: f64) -> f64 {
        self.to.0 + (value - self.from.0) / (self.from.1 - self.from.0) * (self.to.1 - self.to.0)
    }
}

/// A round step (1, 2 or 5 times a power of ten) giving about `count` ticks over `span`.
pub(super) fn nice_step(span: f64, count: f64) -> f64 {
    let raw = (span / count).max(f64::MIN_POSITIVE);
    let power = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * power).find(|&s| s >= raw).unwrap_or(10.0 * power)
}

/// Round ticks covering `low..high`, and the range widened to the outer ticks.
pub(super) fn ticks(low: f64, high: f64, count: f64) -> (Vec<f64>, f64, f64) {
    let (low, high) = if high > low { (low, high) } else { (low - 1.0, low + 1.0) };
    let step = nice_step(high - low, count);
    let (first, last) = ((low / step).floor(), (high / step).ceil());
    let ticks = (0..=((last - first) as usize)).map(|k| (first + k as f64) * step).collect();
    (ticks, first * step, last * step)
}

pub(super) fn percent_tick(share: f64) -> String {
    let text = format!("{:.2}", 100.0 * share);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}%")
}

/// A vertical grid line at `px` and its label under the plot.
pub(super) fn x_tick(out: &mut String, px: f64, height: f64, label: &str) -> std::fmt::Result {
    writeln!(
        out,
        "<line x1=\"{px:.1}\" x2=\"{px:.1}\" y1=\"{TOP}\" y2=\"{}\" class=\"grid\"/>",
        height - BOTTOM
    )?;
    writeln!(
        out,
        "<text x=\"{px:.1}\" y=\"{}\" class=\"tick\" text-anchor=\"middle\">{label}</text>",
        height - BOTTOM + 16.0
    )
}

pub(super) fn open_svg(out: &mut String, height: f64, label: &str) -> std::fmt::Result {
    writeln!(
        out,
        "<svg viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-label=\"{}\" class=\"chart\">",
        escape(label)
    )
}

/// Grid lines and labels of both axes of an x–y chart.
pub(super) fn axes(
    out: &mut String,
    x: (Scale, &[f64], &dyn Fn(f64) -> String),
    y: (Scale, &[f64], &dyn Fn(f64) -> String),
    labels: (&str, &str),
    height: f64,
) -> std::fmt::Result {
    let (xs, xt, xf) = x;
    let (ys, yt, yf) = y;
    for &t in yt {
        let py = ys.at(t);
        writeln!(
            out,
            "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{py:.1}\" y2=\"{py:.1}\" class=\"grid\"/>",
            WIDTH - RIGHT
        )?;
        writeln!(
            out,
            "<text x=\"{}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"end\">{}</text>",
            LEFT - 6.0,
            py + 4.0,
            yf(t)
        )?;
    }
    for &t in xt {
        x_tick(out, xs.at(t), height, &xf(t))?;
    }
    writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" class=\"axis\" text-anchor=\"middle\">{}</text>",
        (LEFT + WIDTH - RIGHT) / 2.0,
        height - 8.0,
        labels.0
    )?;
    writeln!(out, "<text x=\"{LEFT}\" y=\"14\" class=\"axis\">{}</text>", labels.1)
}

pub(super) fn legend(out: &mut String, entries: &[(&str, &str, &str)]) -> std::fmt::Result {
    let mut x = WIDTH - RIGHT - 360.0;
    for (colour, kind, text) in entries {
        if *kind == "line" {
            writeln!(
                out,
                "<line x1=\"{x}\" x2=\"{}\" y1=\"10\" y2=\"10\" stroke=\"{colour}\" stroke-width=\"2.5\"/>",
                x + 18.0
            )?;
        } else {
            writeln!(
                out,
                "<rect x=\"{x}\" y=\"4\" width=\"18\" height=\"12\" fill=\"{colour}\" fill-opacity=\"0.2\"/>"
            )?;
        }
        writeln!(out, "<text x=\"{}\" y=\"14\" class=\"tick\">{text}</text>", x + 24.0)?;
        x += 180.0;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        // 189,000 over about 10 ticks: at least 18,900 apart, so steps of 20,000.
        let (t, low, high) = ticks(-137_000.0, 52_000.0, 10.0);
        assert_eq!((low, high), (-140_000.0, 60_000.0));
        assert!(t.windows(2).all(|w| (w[1] - w[0] - 20_000.0).abs() < 1e-6), "{t:?}");
        assert_eq!(nice_step(0.07, 5.0), 0.02);
    }

    #[test]
    fn percent_ticks_drop_trailing_zeros() {
        assert_eq!(percent_tick(0.05), "5%");
        assert_eq!(percent_tick(0.125), "12.5%");
        assert_eq!(percent_tick(0.0), "0%");
    }
}
