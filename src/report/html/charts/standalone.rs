//! One chart as a standalone SVG file — the same drawing as the report's, with the SVG namespace,
//! a title, the charts' style and a white background — for slides and documents.

use super::*;
use crate::engine::{Analysis, region_severity};
use crate::model::Scenario;

/// The charts of Results and the report, each of which can be saved as its own file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chart {
    Histogram,
    Exceedance,
    Tornado(TornadoFigure),
    Impacts,
    Markets,
    Regions,
}

impl Chart {
    pub const ALL: [Chart; 7] = [
        Chart::Histogram,
        Chart::Exceedance,
        Chart::Tornado(TornadoFigure::Es99),
        Chart::Tornado(TornadoFigure::Mean),
        Chart::Impacts,
        Chart::Markets,
        Chart::Regions,
    ];

    /// The title the file carries (its `<title>`).
    pub fn title(self) -> &'static str {
        match self {
            Chart::Histogram => "Distribution of profit and loss",
            Chart::Exceedance => "Chance of losing more than each amount",
            Chart::Tornado(TornadoFigure::Es99) => {
                "Expected shortfall 99% with each likelihood at its low and high"
            }
            Chart::Tornado(TornadoFigure::Mean) => "Mean P&L with each likelihood at its low and high",
            Chart::Impacts => "Each event's causal impact on mean P&L",
            Chart::Markets => "Each market's mean price move with its 5% to 95% range",
            Chart::Regions => "Each region's expected severity",
        }
    }

    /// A short name for the chart's file, e.g. `plan-histogram.svg`.
    pub fn file_slug(self) -> &'static str {
        match self {
            Chart::Histogram => "histogram",
            Chart::Exceedance => "exceedance",
            Chart::Tornado(TornadoFigure::Es99) => "tornado-es99",
            Chart::Tornado(TornadoFigure::Mean) => "tornado-mean",
            Chart::Impacts => "impacts",
            Chart::Markets => "markets",
            Chart::Regions => "regions",
        }
    }
}

/// The chart as an SVG document: `<?xml …?>`, then the report's `<svg>` with its namespace, a
/// `<title>` naming the chart and the scenario, the charts' style and a white background. The
/// scenario gives the regions' severities (the analysis holds only its events' probabilities);
/// a chart with nothing to draw (no markets, no regions) is an empty frame.
pub fn standalone_svg(chart: Chart, scenario: &Scenario, analysis: &Analysis) -> String {
    let mut body = String::new();
    // Writing to a String cannot fail.
    let _ = match chart {
        Chart::Histogram => histogram(&mut body, analysis),
        Chart::Exceedance => exceedance(&mut body, analysis),
        Chart::Tornado(figure) => tornado(&mut body, analysis, figure),
        Chart::Impacts => impacts(&mut body, analysis),
        Chart::Markets => markets(&mut body, &analysis.result),
        Chart::Regions => regions(&mut body, &region_severity(scenario, &analysis.result)),
    };
    if body.is_empty() {
        let _ = open_svg(&mut body, TOP + BOTTOM, chart.title()).and_then(|()| writeln!(body, "</svg>"));
    }
    let Some(open_end) = body.find('>') else { return body };
    let (open, rest) = body.split_at(open_end);
    let open = open.replacen("<svg ", "<svg xmlns=\"http://www.w3.org/2000/svg\" ", 1);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{open}>\n<title>{} — {}</title>\n<style>{CHART_STYLE}text {{ font-family: system-ui, \"DejaVu Sans\", Arial, sans-serif; }}\n</style>\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>{}",
        escape(chart.title()),
        escape(&analysis.result.scenario),
        &rest[1..]
    )
}
