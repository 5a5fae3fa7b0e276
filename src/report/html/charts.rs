//! The report's charts as inline SVG: the profit-and-loss histogram with the mean, VaR 99 and
//! ES 99 marked, the exceedance curve with its 90% band, the tornado and the causal impacts with
//! their 95% whiskers. Each chart is drawn in a fixed view box and scales with the page; its
//! axes carry round numbers and their units.

use super::escape::escape;
use crate::engine::Analysis;
use crate::report::{compact_number, thousands};
use std::fmt::Write;

const WIDTH: f64 = 900.0;
/// Room for the y axis's labels on the left and the x axis's below.
const LEFT: f64 = 70.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 28.0;
const BOTTOM: f64 = 46.0;
/// Bar charts of events: the names take this much on the left.
const NAME_WIDTH: f64 = 260.0;
const BAR_ROW: f64 = 26.0;
/// Where the bar charts' value column starts (right of the bars).
const VALUES_LEFT: f64 = WIDTH - RIGHT - 130.0;
/// At most this many events in the tornado and the impact chart; the table lists them all.
pub const TOP_EVENTS: usize = 12;

const LOSS: &str = "#c0392b";
const GAIN: &str = "#2e7d32";
const BLUE: &str = "#2c6fbb";
const GREY: &str = "#555";

/// A linear map from data to view-box coordinates.
#[derive(Clone, Copy)]
struct Scale {
    from: (f64, f64),
    to: (f64, f64),
}

impl Scale {
    fn new(from: (f64, f64), to: (f64, f64)) -> Scale {
        let from = if from.1 > from.0 { from } else { (from.0 - 1.0, from.0 + 1.0) };
        Scale { from, to }
    }

    fn at(self, value: f64) -> f64 {
        self.to.0 + (value - self.from.0) / (self.from.1 - self.from.0) * (self.to.1 - self.to.0)
    }
}

/// A round step (1, 2 or 5 times a power of ten) giving about `count` ticks over `span`.
fn nice_step(span: f64, count: f64) -> f64 {
    let raw = (span / count).max(f64::MIN_POSITIVE);
    let power = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * power).find(|&s| s >= raw).unwrap_or(10.0 * power)
}

/// Round ticks covering `low..high`, and the range widened to the outer ticks.
fn ticks(low: f64, high: f64, count: f64) -> (Vec<f64>, f64, f64) {
    let (low, high) = if high > low { (low, high) } else { (low - 1.0, low + 1.0) };
    let step = nice_step(high - low, count);
    let (first, last) = ((low / step).floor(), (high / step).ceil());
    let ticks = (0..=((last - first) as usize)).map(|k| (first + k as f64) * step).collect();
    (ticks, first * step, last * step)
}

fn percent_tick(share: f64) -> String {
    let text = format!("{:.2}", 100.0 * share);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}%")
}

/// A vertical grid line at `px` and its label under the plot.
fn x_tick(out: &mut String, px: f64, height: f64, label: &str) -> std::fmt::Result {
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

fn open_svg(out: &mut String, height: f64, label: &str) -> std::fmt::Result {
    writeln!(
        out,
        "<svg viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-label=\"{}\" class=\"chart\">",
        escape(label)
    )
}

/// Grid lines and labels of both axes of an x–y chart.
fn axes(
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

/// The distribution of profit and loss: the share of trials in each bin, losses red, gains
/// green, with the mean, −VaR 99 and −ES 99 marked.
pub fn histogram(out: &mut String, analysis: &Analysis) -> std::fmt::Result {
    let r = &analysis.result;
    let h = &r.histogram;
    let total = h.counts.iter().sum::<u64>().max(1) as f64;
    let end = h.start + h.width * h.counts.len() as f64;
    let t = &r.portfolio.total;
    let marks = [("mean", t.mean, BLUE), ("VaR 99", -t.var99, GREY), ("ES 99", -t.es99, LOSS)];
    let low = marks.iter().map(|m| m.1).fold(h.start, f64::min);
    let high = marks.iter().map(|m| m.1).fold(end, f64::max);
    let (xt, x0, x1) = ticks(low, high, 8.0);
    let tallest = h.counts.iter().copied().max().unwrap_or(0) as f64 / total;
    let (yt, _, y1) = ticks(0.0, (tallest * 1.25).max(0.01), 5.0);
    let height = 320.0;
    let xs = Scale::new((x0, x1), (LEFT, WIDTH - RIGHT));
    let ys = Scale::new((0.0, y1), (height - BOTTOM, TOP));
    open_svg(out, height, "Histogram of profit and loss")?;
    let currency = escape(&r.currency);
    axes(
        out,
        (xs, &xt, &|v| compact_number(v)),
        (ys, &yt, &percent_tick),
        (&format!("Profit or loss over the horizon ({currency}); losses are negative"), "Share of trials"),
        height,
    )?;
    for (i, &count) in h.counts.iter().enumerate() {
        if count == 0 {
            continue;
        }
        let left = h.start + h.width * i as f64;
        let (px, pw) = (xs.at(left), (xs.at(left + h.width) - xs.at(left)).max(0.5));
        let py = ys.at(count as f64 / total);
        let colour = if left + h.width / 2.0 < 0.0 { LOSS } else { GAIN };
        writeln!(
            out,
            "<rect x=\"{px:.1}\" y=\"{py:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{colour}\" fill-opacity=\"0.55\"/>",
            (pw - 0.6).max(0.4),
            ys.at(0.0) - py
        )?;
    }
    for (k, (label, value, colour)) in marks.iter().enumerate() {
        let px = xs.at(*value);
        let ly = TOP + 12.0 + 14.0 * k as f64;
        let anchor = if px > WIDTH * 0.6 { "end" } else { "start" };
        let dx = if anchor == "end" { -4.0 } else { 4.0 };
        writeln!(
            out,
            "<line x1=\"{px:.1}\" x2=\"{px:.1}\" y1=\"{TOP}\" y2=\"{}\" stroke=\"{colour}\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>",
            height - BOTTOM
        )?;
        writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{ly}\" class=\"mark\" fill=\"{colour}\" text-anchor=\"{anchor}\">{label} {}</text>",
            px + dx,
            compact_number(*value)
        )?;
    }
    writeln!(out, "</svg>")
}

/// The chance of losing more than each amount, with its 90% band from the likelihood ranges.
pub fn exceedance(out: &mut String, analysis: &Analysis) -> std::fmt::Result {
    let r = &analysis.result;
    let curve = &r.exceedance;
    let bands = &analysis.bands.exceedance;
    let last = curve.last().map_or(1.0, |p| p.loss).max(1.0);
    let top = curve.iter().map(|p| p.probability).chain(bands.iter().map(|b| b.high)).fold(0.01, f64::max);
    let (xt, _, x1) = ticks(0.0, last, 8.0);
    let (yt, _, y1) = ticks(0.0, top, 5.0);
    let height = 300.0;
    let xs = Scale::new((0.0, x1), (LEFT, WIDTH - RIGHT));
    let ys = Scale::new((0.0, y1), (height - BOTTOM, TOP));
    open_svg(out, height, "Exceedance curve: chance of losing more than each amount")?;
    let currency = escape(&r.currency);
    axes(
        out,
        (xs, &xt, &|v| compact_number(v)),
        (ys, &yt, &percent_tick),
        (&format!("Loss ({currency})"), "Chance of losing more than this"),
        height,
    )?;
    if analysis.bands.outer_draws > 0 && bands.len() == curve.len() {
        let upper =
            curve.iter().zip(bands).map(|(p, b)| format!("{:.1},{:.1}", xs.at(p.loss), ys.at(b.high)));
        let lower =
            curve.iter().zip(bands).rev().map(|(p, b)| format!("{:.1},{:.1}", xs.at(p.loss), ys.at(b.low)));
        let points: Vec<String> = upper.chain(lower).collect();
        writeln!(out, "<polygon points=\"{}\" fill=\"{BLUE}\" fill-opacity=\"0.2\"/>", points.join(" "))?;
    }
    let line: Vec<String> =
        curve.iter().map(|p| format!("{:.1},{:.1}", xs.at(p.loss), ys.at(p.probability))).collect();
    writeln!(
        out,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"{BLUE}\" stroke-width=\"2.5\"/>",
        line.join(" ")
    )?;
    let var99 = r.portfolio.total.var99;
    if var99 > 0.0 && var99 <= x1 {
        let px = xs.at(var99);
        writeln!(
            out,
            "<line x1=\"{px:.1}\" x2=\"{px:.1}\" y1=\"{TOP}\" y2=\"{}\" stroke=\"{GREY}\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>",
            height - BOTTOM
        )?;
        writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{}\" class=\"mark\" fill=\"{GREY}\">VaR 99 {} (1%)</text>",
            px + 4.0,
            TOP + 12.0,
            compact_number(var99)
        )?;
    }
    legend(out, &[(BLUE, "line", "chance of losing more"), (BLUE, "area", "90% band from your ranges")])?;
    writeln!(out, "</svg>")
}

fn legend(out: &mut String, entries: &[(&str, &str, &str)]) -> std::fmt::Result {
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

/// A name cut to fit the bar charts' label column.
fn short(name: &str) -> String {
    let mut chars = name.chars();
    let head: String = chars.by_ref().take(30).collect();
    if chars.next().is_some() { format!("{}…", escape(head.trim_end())) } else { escape(&head) }
}

fn event_name(analysis: &Analysis, i: usize) -> &str {
    let e = &analysis.result.events[i];
    if e.name.is_empty() { &e.id } else { &e.name }
}

/// Rows of a horizontal bar chart: x axis across the bottom, one row per event.
fn bar_frame(
    out: &mut String,
    rows: usize,
    low: f64,
    high: f64,
    label: &str,
    aria: &str,
) -> Result<(Scale, f64), std::fmt::Error> {
    let (xt, x0, x1) = ticks(low, high, 6.0);
    let height = TOP + BAR_ROW * rows.max(1) as f64 + BOTTOM;
    let xs = Scale::new((x0, x1), (NAME_WIDTH, VALUES_LEFT - 16.0));
    open_svg(out, height, aria)?;
    for &t in &xt {
        x_tick(out, xs.at(t), height, &thousands(t))?;
    }
    writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" class=\"axis\" text-anchor=\"middle\">{label}</text>",
        (NAME_WIDTH + VALUES_LEFT) / 2.0,
        height - 8.0
    )?;
    Ok((xs, height))
}

/// ES 99 with each event's likelihood at its low and at its high end, the widest swing first,
/// around the base ES 99.
pub fn tornado(out: &mut String, analysis: &Analysis) -> std::fmt::Result {
    let s = &analysis.sensitivity;
    let mut order: Vec<usize> = (0..s.events.len()).collect();
    order.sort_by(|&a, &b| s.events[b].es99_swing().total_cmp(&s.events[a].es99_swing()).then(a.cmp(&b)));
    order.truncate(TOP_EVENTS);
    let values = order.iter().flat_map(|&i| [s.events[i].es99_at_low, s.events[i].es99_at_high]);
    let (low, high) = values.fold((s.base_es99, s.base_es99), |(l, h), v| (l.min(v), h.max(v)));
    let pad = ((high - low) * 0.05).max(1.0);
    let currency = escape(&analysis.result.currency);
    let (xs, height) = bar_frame(
        out,
        order.len(),
        low - pad,
        high + pad,
        &format!("Expected shortfall 99% ({currency}) with the event's likelihood at its low / high end"),
        "Tornado: expected shortfall 99% at each event's low and high likelihood",
    )?;
    for (row, &i) in order.iter().enumerate() {
        let e = &s.events[i];
        let y = TOP + BAR_ROW * row as f64;
        writeln!(
            out,
            "<text x=\"{}\" y=\"{:.1}\" class=\"name\" text-anchor=\"end\">{}</text>",
            NAME_WIDTH - 8.0,
            y + 17.0,
            short(event_name(analysis, i))
        )?;
        for (value, colour) in [(e.es99_at_low, "#9bbbe0"), (e.es99_at_high, LOSS)] {
            let (a, b) = (xs.at(s.base_es99.min(value)), xs.at(s.base_es99.max(value)));
            writeln!(
                out,
                "<rect x=\"{a:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"16\" fill=\"{colour}\" fill-opacity=\"0.8\"/>",
                y + 5.0,
                (b - a).max(0.8)
            )?;
        }
        writeln!(
            out,
            "<text x=\"{}\" y=\"{:.1}\" class=\"tick\">{} to {}</text>",
            VALUES_LEFT,
            y + 17.0,
            thousands(e.es99_at_low),
            thousands(e.es99_at_high)
        )?;
    }
    let px = xs.at(s.base_es99);
    writeln!(
        out,
        "<line x1=\"{px:.1}\" x2=\"{px:.1}\" y1=\"{}\" y2=\"{}\" stroke=\"#222\" stroke-width=\"1.5\"/>",
        TOP - 6.0,
        height - BOTTOM
    )?;
    writeln!(
        out,
        "<text x=\"{px:.1}\" y=\"{}\" class=\"mark\" text-anchor=\"middle\">base ES 99 {}</text>",
        TOP - 10.0,
        thousands(s.base_es99)
    )?;
    writeln!(
        out,
        "<rect x=\"10\" y=\"{}\" width=\"12\" height=\"10\" fill=\"#9bbbe0\"/><text x=\"{}\" y=\"{}\" class=\"tick\">at low likelihood</text>",
        8.0, 26.0, 17.0
    )?;
    writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"10\" fill=\"{LOSS}\"/><text x=\"{}\" y=\"{}\" class=\"tick\">at high likelihood</text>",
        140.0, 8.0, 156.0, 17.0
    )?;
    writeln!(out, "</svg>")
}

/// Each event's causal impact on mean P&L (forced to happen minus prevented), the largest first,
/// with a whisker of ±1.96 standard errors (95%).
pub fn impacts(out: &mut String, analysis: &Analysis) -> std::fmt::Result {
    let mut order: Vec<usize> = (0..analysis.impacts.len()).collect();
    order.sort_by(|&a, &b| {
        analysis.impacts[b].total.abs().total_cmp(&analysis.impacts[a].total.abs()).then(a.cmp(&b))
    });
    order.truncate(TOP_EVENTS);
    let ends = order.iter().flat_map(|&i| {
        let x = &analysis.impacts[i];
        [x.total - 1.96 * x.total_se, x.total + 1.96 * x.total_se]
    });
    let (low, high) = ends.fold((0.0f64, 0.0f64), |(l, h), v| (l.min(v), h.max(v)));
    let pad = ((high - low) * 0.05).max(1.0);
    let currency = escape(&analysis.result.currency);
    let (xs, height) = bar_frame(
        out,
        order.len(),
        low - pad,
        high + pad,
        &format!("Change in mean P&L ({currency}) if the event happens rather than not; whiskers: 95%"),
        "Causal impact of each event on mean profit and loss",
    )?;
    let zero = xs.at(0.0);
    for (row, &i) in order.iter().enumerate() {
        let x = &analysis.impacts[i];
        let y = TOP + BAR_ROW * row as f64;
        writeln!(
            out,
            "<text x=\"{}\" y=\"{:.1}\" class=\"name\" text-anchor=\"end\">{}</text>",
            NAME_WIDTH - 8.0,
            y + 17.0,
            short(event_name(analysis, i))
        )?;
        let (a, b) = (xs.at(x.total.min(0.0)), xs.at(x.total.max(0.0)));
        let colour = if x.total < 0.0 { LOSS } else { GAIN };
        writeln!(
            out,
            "<rect x=\"{a:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"16\" fill=\"{colour}\" fill-opacity=\"0.75\"/>",
            y + 5.0,
            (b - a).max(0.8)
        )?;
        let (w0, w1) = (xs.at(x.total - 1.96 * x.total_se), xs.at(x.total + 1.96 * x.total_se));
        let mid = y + 13.0;
        writeln!(
            out,
            "<path d=\"M{w0:.1} {mid:.1}H{w1:.1}M{w0:.1} {:.1}V{:.1}M{w1:.1} {:.1}V{:.1}\" stroke=\"#222\" stroke-width=\"1.3\" fill=\"none\"/>",
            mid - 5.0,
            mid + 5.0,
            mid - 5.0,
            mid + 5.0
        )?;
        writeln!(
            out,
            "<text x=\"{}\" y=\"{:.1}\" class=\"tick\">{} ± {}</text>",
            VALUES_LEFT,
            y + 17.0,
            thousands(x.total),
            thousands(1.96 * x.total_se)
        )?;
    }
    writeln!(
        out,
        "<line x1=\"{zero:.1}\" x2=\"{zero:.1}\" y1=\"{TOP}\" y2=\"{}\" stroke=\"#222\" stroke-width=\"1.2\"/>",
        height - BOTTOM
    )?;
    writeln!(out, "</svg>")
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
