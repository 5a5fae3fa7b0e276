//! The horizontal bar charts, one row per event: the tornado (ES 99 or mean P&L with each
//! likelihood at its low and high end) and the causal impacts with their 95% whiskers; and the
//! rows, names and whiskers that the markets' and regions' charts (`markets`) draw with too.

use super::*;
use crate::engine::{Analysis, EventSensitivity, Sensitivity};
use crate::report::thousands;

pub(super) fn short(name: &str) -> String {
    let mut chars = name.chars();
    let head: String = chars.by_ref().take(30).collect();
    if chars.next().is_some() { format!("{}…", escape(head.trim_end())) } else { escape(&head) }
}

/// The top of row `row`'s band.
pub(super) fn row_top(row: usize) -> f64 {
    TOP + BAR_ROW * row as f64
}

/// A row's name left of its bar (cut to 30 characters) and its figures right of the bars, from
/// `values_left`.
pub(super) fn row_labels(
    out: &mut String,
    row: usize,
    name: &str,
    (figures, values_left): (&str, f64),
) -> std::fmt::Result {
    let y = row_top(row) + 17.0;
    writeln!(
        out,
        "<text x=\"{}\" y=\"{y:.1}\" class=\"name\" text-anchor=\"end\">{}</text>",
        NAME_WIDTH - 8.0,
        short(name)
    )?;
    writeln!(out, "<text x=\"{values_left}\" y=\"{y:.1}\" class=\"tick\">{figures}</text>")
}

/// A bar from `a` to `b` (view-box x) in row `row`, at least a hair wide so a zero still shows.
pub(super) fn row_bar(
    out: &mut String,
    row: usize,
    (a, b): (f64, f64),
    colour: &str,
    opacity: &str,
) -> std::fmt::Result {
    writeln!(
        out,
        "<rect x=\"{a:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"16\" fill=\"{colour}\" fill-opacity=\"{opacity}\"/>",
        row_top(row) + 5.0,
        (b - a).max(0.8)
    )
}

/// A whisker from `w0` to `w1` (view-box x) across row `row`.
pub(super) fn row_whisker(out: &mut String, row: usize, (w0, w1): (f64, f64)) -> std::fmt::Result {
    let mid = row_top(row) + 13.0;
    writeln!(
        out,
        "<path d=\"M{w0:.1} {mid:.1}H{w1:.1}M{w0:.1} {:.1}V{:.1}M{w1:.1} {:.1}V{:.1}\" stroke=\"#222\" stroke-width=\"1.3\" fill=\"none\"/>",
        mid - 5.0,
        mid + 5.0,
        mid - 5.0,
        mid + 5.0
    )
}

fn event_name(analysis: &Analysis, i: usize) -> &str {
    let e = &analysis.result.events[i];
    if e.name.is_empty() { &e.id } else { &e.name }
}

/// Rows of a horizontal bar chart: x axis across the bottom (ticks written by `tick`), one row
/// per item, the bars ending left of `values_left` where each row's figures are written.
pub(super) fn bar_frame(
    out: &mut String,
    (rows, values_left): (usize, f64),
    (low, high): (f64, f64),
    tick: &dyn Fn(f64) -> String,
    label: &str,
    aria: &str,
) -> Result<(Scale, f64), std::fmt::Error> {
    let (xt, x0, x1) = ticks(low, high, 6.0);
    let height = TOP + BAR_ROW * rows.max(1) as f64 + BOTTOM;
    let xs = Scale::new((x0, x1), (NAME_WIDTH, values_left - 16.0));
    open_svg(out, height, aria)?;
    for &t in &xt {
        x_tick(out, xs.at(t), height, &tick(t))?;
    }
    writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" class=\"axis\" text-anchor=\"middle\">{label}</text>",
        (NAME_WIDTH + values_left) / 2.0,
        height - 8.0
    )?;
    Ok((xs, height))
}

/// What the tornado measures at each event's low and high likelihood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TornadoFigure {
    /// Expected shortfall 99% (the report's tornado).
    #[default]
    Es99,
    /// Mean profit and loss.
    Mean,
}

impl TornadoFigure {
    pub fn label(self) -> &'static str {
        match self {
            TornadoFigure::Es99 => "Expected shortfall 99%",
            TornadoFigure::Mean => "Mean P&L",
        }
    }

    fn short_label(self) -> &'static str {
        match self {
            TornadoFigure::Es99 => "ES 99",
            TornadoFigure::Mean => "mean P&L",
        }
    }

    fn base(self, s: &Sensitivity) -> f64 {
        match self {
            TornadoFigure::Es99 => s.base_es99,
            TornadoFigure::Mean => s.base_mean,
        }
    }

    /// The figure at the event's low and at its high likelihood.
    fn at(self, e: &EventSensitivity) -> (f64, f64) {
        match self {
            TornadoFigure::Es99 => (e.es99_at_low, e.es99_at_high),
            TornadoFigure::Mean => (e.mean_at_low, e.mean_at_high),
        }
    }
}

/// The figure (ES 99 or mean P&L) with each event's likelihood at its low and at its high end,
/// the widest swing first, around the figure's base value.
pub fn tornado(out: &mut String, analysis: &Analysis, figure: TornadoFigure) -> std::fmt::Result {
    let s = &analysis.sensitivity;
    let swing = |i: usize| {
        let (low, high) = figure.at(&s.events[i]);
        (high - low).abs()
    };
    let mut order: Vec<usize> = (0..s.events.len()).collect();
    order.sort_by(|&a, &b| swing(b).total_cmp(&swing(a)).then(a.cmp(&b)));
    order.truncate(TOP_EVENTS);
    let base = figure.base(s);
    let values = order.iter().flat_map(|&i| <[f64; 2]>::from(figure.at(&s.events[i])));
    let (low, high) = values.fold((base, base), |(l, h), v| (l.min(v), h.max(v)));
    let pad = ((high - low) * 0.05).max(1.0);
    let currency = escape(&analysis.result.currency);
    let label = escape(figure.label());
    let (xs, height) = bar_frame(
        out,
        (order.len(), VALUES_LEFT),
        (low - pad, high + pad),
        &thousands,
        &format!("{label} ({currency}) with the event's likelihood at its low / high end"),
        &format!("Tornado: {} at each event's low and high likelihood", figure.label()),
    )?;
    for (row, &i) in order.iter().enumerate() {
        let (at_low, at_high) = figure.at(&s.events[i]);
        for (value, colour) in [(at_low, "#9bbbe0"), (at_high, LOSS)] {
            row_bar(out, row, (xs.at(base.min(value)), xs.at(base.max(value))), colour, "0.8")?;
        }
        let figures = format!("{} to {}", thousands(at_low), thousands(at_high));
        row_labels(out, row, event_name(analysis, i), (&figures, VALUES_LEFT))?;
    }
    let px = xs.at(base);
    writeln!(
        out,
        "<line x1=\"{px:.1}\" x2=\"{px:.1}\" y1=\"{}\" y2=\"{}\" stroke=\"#222\" stroke-width=\"1.5\"/>",
        TOP - 6.0,
        height - BOTTOM
    )?;
    writeln!(
        out,
        "<text x=\"{px:.1}\" y=\"{}\" class=\"mark\" text-anchor=\"middle\">base {} {}</text>",
        TOP - 10.0,
        escape(figure.short_label()),
        thousands(base)
    )?;
    writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"10\" fill=\"#9bbbe0\"/><text x=\"{}\" y=\"{}\" class=\"tick\">at low likelihood</text>",
        10.0, 8.0, 26.0, 17.0
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
        (order.len(), VALUES_LEFT),
        (low - pad, high + pad),
        &thousands,
        &format!("Change in mean P&amp;L ({currency}) if the event happens rather than not; whiskers: 95%"),
        "Causal impact of each event on mean profit and loss",
    )?;
    let zero = xs.at(0.0);
    for (row, &i) in order.iter().enumerate() {
        let x = &analysis.impacts[i];
        let colour = if x.total < 0.0 { LOSS } else { GAIN };
        row_bar(out, row, (xs.at(x.total.min(0.0)), xs.at(x.total.max(0.0))), colour, "0.75")?;
        let half = 1.96 * x.total_se;
        row_whisker(out, row, (xs.at(x.total - half), xs.at(x.total + half)))?;
        let figures = format!("{} ± {}", thousands(x.total), thousands(half));
        row_labels(out, row, event_name(analysis, i), (&figures, VALUES_LEFT))?;
    }
    writeln!(
        out,
        "<line x1=\"{zero:.1}\" x2=\"{zero:.1}\" y1=\"{TOP}\" y2=\"{}\" stroke=\"#222\" stroke-width=\"1.2\"/>",
        height - BOTTOM
    )?;
    writeln!(out, "</svg>")
}
