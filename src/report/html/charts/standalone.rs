//! One chart as a standalone SVG file — the same drawing as the report's, with the SVG namespace,
//! a title, the charts' style and a white background — for slides and documents.

use super::*;
use crate::engine::Analysis;

/// The report's charts, each of which can be saved as its own file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chart {
    Histogram,
    Exceedance,
    Tornado,
    Impacts,
}

impl Chart {
    pub const ALL: [Chart; 4] = [Chart::Histogram, Chart::Exceedance, Chart::Tornado, Chart::Impacts];

    /// The title the file carries (its `<title>`).
    pub fn title(self) -> &'static str {
        match self {
            Chart::Histogram => "Distribution of profit and loss",
            Chart::Exceedance => "Chance of losing more than each amount",
            Chart::Tornado => "Expected shortfall 99% with each likelihood at its low and high",
            Chart::Impacts => "Each event's causal impact on mean P&L",
        }
    }
}

/// The chart as an SVG document: `<?xml …?>`, then the report's `<svg>` with its namespace, a
/// `<title>` naming the chart and the scenario, the charts' style and a white background.
pub fn standalone_svg(chart: Chart, analysis: &Analysis) -> String {
    let mut body = String::new();
    // Writing to a String cannot fail.
    let _ = match chart {
        Chart::Histogram => histogram(&mut body, analysis),
        Chart::Exceedance => exceedance(&mut body, analysis),
        Chart::Tornado => tornado(&mut body, analysis),
        Chart::Impacts => impacts(&mut body, analysis),
    };
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
