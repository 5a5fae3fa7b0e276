//! The report's "How the forecasts did" section: for the base and each variant, the Brier and log
//! scores of its event probabilities over the outcomes recorded in the file, beside a forecast of
//! 50% on every event, and the base's calibration plot (mean forecast against the share that
//! happened, per tenth of the scale, with counts) as inline SVG. Every figure is
//! `engine::score`'s. A file without outcomes gets a line saying so.

use super::charts::{Scale, percent_tick};
use super::escape::escape;
use super::tables::run_name;
use crate::engine::Analysis;
use crate::engine::score::{Bin, calibration, forecasts, pairs, score};
use crate::model::Scenario;
use std::fmt::Write;

/// The plot's square view box, and its margins for the axes' labels.
const SIDE: f64 = 420.0;
const MARGIN: f64 = 56.0;

pub fn forecasts_section(out: &mut String, scenario: &Scenario, runs: &[&Analysis]) -> std::fmt::Result {
    let scored: Vec<(&Analysis, Vec<(f64, bool)>)> =
        runs.iter().map(|a| (*a, pairs(&forecasts(scenario, &a.result)))).collect();
    let Some(base) = scored.first().and_then(|(_, p)| score(p, scenario.events.len())) else {
        return writeln!(
            out,
            "<p>No outcome is recorded in this file yet: once events are resolved (see the file's \
             <code>resolution</code> fields), this section scores the forecasts.</p>"
        );
    };
    let as_of = scenario.as_of.map_or_else(String::new, |d| format!(", forecast as of {d}"));
    writeln!(out, "<p>{} of {} events have a recorded outcome{as_of}.</p>", base.resolved, base.total)?;
    writeln!(out, "<table class=\"forecasts\">")?;
    writeln!(
        out,
        "<thead><tr><th>Run</th><th class=\"num\">Brier score</th><th class=\"num\">Always 50%</th>\
         <th class=\"num\">Skill</th><th class=\"num\">Log score</th><th class=\"num\">Always 50%</th></tr></thead><tbody>"
    )?;
    for (analysis, pairs) in &scored {
        let Some(s) = score(pairs, scenario.events.len()) else { continue };
        writeln!(
            out,
            "<tr><th>{}</th><td class=\"num\">{:.3}</td><td class=\"num\">{:.3}</td><td class=\"num\">{:.2}</td>\
             <td class=\"num\">{:.3}</td><td class=\"num\">{:.3}</td></tr>",
            escape(run_name(analysis)),
            s.brier,
            s.reference_brier,
            s.skill,
            s.log,
            s.reference_log
        )?;
    }
    writeln!(out, "</tbody></table>")?;
    writeln!(out, "<h3>Calibration of the base scenario</h3>")?;
    calibration_plot(out, &calibration(&scored[0].1))
}

fn calibration_plot(out: &mut String, bins: &[Bin]) -> std::fmt::Result {
    let x = Scale::new((0.0, 1.0), (MARGIN, SIDE - 16.0));
    let y = Scale::new((0.0, 1.0), (SIDE - MARGIN, 16.0));
    writeln!(
        out,
        "<svg viewBox=\"0 0 {SIDE} {SIDE}\" role=\"img\" aria-label=\"Calibration plot\" class=\"chart calibration\">"
    )?;
    for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let (px, py) = (x.at(tick), y.at(tick));
        writeln!(
            out,
            "<line x1=\"{MARGIN}\" x2=\"{}\" y1=\"{py:.1}\" y2=\"{py:.1}\" class=\"grid\"/>",
            SIDE - 16.0
        )?;
        writeln!(
            out,
            "<line x1=\"{px:.1}\" x2=\"{px:.1}\" y1=\"16\" y2=\"{}\" class=\"grid\"/>",
            SIDE - MARGIN
        )?;
        let label = percent_tick(tick);
        writeln!(
            out,
            "<text x=\"{}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"end\">{label}</text>",
            MARGIN - 6.0,
            py + 4.0
        )?;
        writeln!(
            out,
            "<text x=\"{px:.1}\" y=\"{}\" class=\"tick\" text-anchor=\"middle\">{label}</text>",
            SIDE - MARGIN + 18.0
        )?;
    }
    writeln!(
        out,
        "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#888\" stroke-dasharray=\"5 3\"/>",
        x.at(0.0),
        y.at(0.0),
        x.at(1.0),
        y.at(1.0)
    )?;
    writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" class=\"axis\" text-anchor=\"middle\">Mean forecast</text>",
        (MARGIN + SIDE - 16.0) / 2.0,
        SIDE - 10.0
    )?;
    writeln!(
        out,
        "<text x=\"14\" y=\"{}\" class=\"axis\" text-anchor=\"middle\" transform=\"rotate(-90 14 {})\">Happened</text>",
        SIDE / 2.0,
        SIDE / 2.0
    )?;
    for b in bins {
        let (Some(forecast), Some(observed)) = (b.mean_forecast, b.observed) else { continue };
        let (px, py) = (x.at(forecast), y.at(observed));
        writeln!(
            out,
            "<circle cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"6\" fill=\"#2c6fbb\"><title>Forecasts {:.0}–{:.0}%: {} event(s), mean forecast {:.1}%, happened {:.0}%</title></circle>",
            100.0 * b.low,
            100.0 * b.high,
            b.count,
            100.0 * forecast,
            100.0 * observed
        )?;
        writeln!(
            out,
            "<text x=\"{px:.1}\" y=\"{:.1}\" class=\"mark\" text-anchor=\"middle\">{}</text>",
            py - 10.0,
            b.count
        )?;
    }
    writeln!(out, "</svg>")?;
    writeln!(
        out,
        "<p class=\"what\">Each dot is the resolved events whose forecast falls in one tenth of the scale: across, their mean forecast; up, the share that happened; the number, how many. \
         Dots near the dashed diagonal mean well-calibrated forecasts; with a few dozen events each dot rests on very few.</p>"
    )
}
