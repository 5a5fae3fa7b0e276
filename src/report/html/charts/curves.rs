//! The x–y charts: the profit-and-loss histogram with the mean, VaR 99 and ES 99 marked, and the
//! exceedance curve with its 90% band.

use super::*;
use crate::engine::Analysis;
use crate::report::compact_number;

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
