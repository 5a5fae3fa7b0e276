//! Saved results drawn by the Results view's own parts — the summary, the risk matrix, the loss
//! charts, the drivers, markets and regions — from a snapshot's stored figures instead of the
//! live worker's. Read-only: a click on an event, market or region selects nothing, since the
//! open scenario may not hold it.

use super::view::{Analysed, Shown, details, overview};
use super::{ImpactBy, drivers, markets, matrix};
use crate::engine::{Analysis, RegionSeverity};
use crate::model::Scenario;
use crate::ui::chart_export::ChartSaving;
use crate::ui::command::Commands;

/// What the stored view remembers between frames: the matrix toggle and the drivers' order.
#[derive(Default)]
pub struct StoredState {
    pub impact_by: ImpactBy,
    pub drivers: drivers::DriversState,
    pub matrix: matrix::MatrixCache,
}

/// Draws stored results. `scenario` carries what the drawing reads of one (the title and the
/// matrix); `analysis` is the snapshot's figures as the live type.
pub fn stored_results(
    ui: &mut egui::Ui,
    state: &mut StoredState,
    scenario: &Scenario,
    analysis: &Analysis,
    regions: &[RegionSeverity],
) {
    let shown = Shown {
        scenario,
        figures: &analysis.result,
        bands: Some(&analysis.bands),
        // One snapshot per view, never changing: its caches need no other generation.
        analysis: Some(Analysed { analysis, generation: 0, current: true }),
        saving: ChartSaving::Hidden,
    };
    // Whatever the parts ask the app to do (select an event, a market) is dropped here.
    let mut ignored = Commands::default();
    let _ = overview(ui, (&mut state.impact_by, &mut state.matrix), &shown);
    ui.add_space(12.0);
    let _ = details(ui, &mut state.drivers, &shown, &mut ignored);
    ui.add_space(12.0);
    markets::markets_and_these_regions(ui, &analysis.result, regions, ChartSaving::Hidden, &mut ignored);
}
