//! The horizontal bar charts, one row per event: the tornado (ES 99 with each likelihood at its
//! low and high end) and the causal impacts with their 95% whiskers.

use super::*;
use crate::engine::Analysis;
use crate::report::thousands;

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
        &format!("Change in mean P&amp;L ({currency}) if the event happens rather than not; whiskers: 95%"),
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
