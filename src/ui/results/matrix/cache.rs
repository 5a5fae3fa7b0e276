//! What the matrix keeps between frames, so that a frame does not write 500 tooltips again.

use super::{gain, label};
use crate::engine::{Analysis, EventImpact, EventStats};
use crate::model::RiskMatrix;
use crate::report::thousands;
use crate::ui::results::ImpactBy;

/// What the matrix keeps between frames: each event's tooltip, written once per result and
/// choice instead of every frame, and the list entries' heights as last drawn.
#[derive(Debug, Clone, Default)]
pub struct MatrixCache {
    key: Option<(u64, ImpactBy, RiskMatrix)>,
    /// By event index.
    pub(super) details: Vec<String>,
    /// By event index; `None` until the entry was drawn once.
    pub(super) heights: Vec<Option<f32>>,
}

impl MatrixCache {
    pub(super) fn refresh(
        &mut self,
        generation: u64,
        impact_by: &ImpactBy,
        matrix: &RiskMatrix,
        analysis: &Analysis,
    ) {
        let current =
            self.key.as_ref().is_some_and(|(g, i, m)| *g == generation && i == impact_by && m == matrix);
        if !current {
            let by_portfolio = *impact_by == ImpactBy::PortfolioLoss;
            let events = analysis.result.events.len();
            self.details = (0..events).map(|event| details(analysis, matrix, by_portfolio, event)).collect();
            self.heights = vec![None; events];
            self.key = Some((generation, impact_by.clone(), matrix.clone()));
        }
    }
}

/// The event's figures, for the tooltip of its marker and its name.
fn details(analysis: &Analysis, matrix: &RiskMatrix, by_portfolio: bool, event: usize) -> String {
    let (e, impact): (&EventStats, &EventImpact) = (&analysis.result.events[event], &analysis.impacts[event]);
    let currency = &analysis.result.currency;
    let mut text = format!(
        "{}\nProbability {:.1}% ± {:.1} (stated {:.1}%)\nImpact on mean P&L {currency} {} ± {}\nAdds to ES 99% {currency} {}",
        e.name,
        100.0 * e.probability,
        100.0 * e.probability_se,
        100.0 * e.stated,
        thousands(impact.total),
        thousands(impact.total_se),
        thousands(impact.es99),
    );
    if e.bent {
        text.push_str(&format!(
            "\nRow from its simulated probability {:.1}% (links bend it)",
            100.0 * e.matrix_probability
        ));
    }
    if let Some(rating) = impact.rating.filter(|_| by_portfolio) {
        text.push_str(&format!(
            "\n{} × {}: {}",
            label(&matrix.likelihood_labels, e.likelihood_bin),
            label(&matrix.impact_labels, impact.impact_bin),
            rating.label()
        ));
    }
    if gain(impact, by_portfolio) {
        text.push_str("\nIt raises the portfolio's mean (a gain, shown in green).");
    }
    text.push_str("\nClick to edit it.");
    text
}
