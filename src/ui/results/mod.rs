//! The Results view: what the scenario means for the portfolio, recomputed off the UI thread
//! while the user edits (`worker`), drawn as a summary, a risk matrix, loss charts and the
//! events that drive the losses (`view`, `matrix`, `charts`, `drivers`), then markets and
//! regions (`markets`); `stored` draws saved results with the same parts. Results are derived
//! data: never saved, never part of undo.

mod charts;
mod compare;
mod compare_chart;
mod compare_tables;
mod compare_worker;
mod drivers;
mod markets;
mod matrix;
mod scores;
mod stored;
mod variants;
mod view;
mod worker;

pub use charts::{compact_number, exceedance_at, exceedance_hover};
pub use compare::{CompareState, CompareWhat, OtherFile, compare};
pub use compare_worker::{CompareStatus, Compared};
pub use stored::{StoredState, stored_results};
pub use view::results;
pub use worker::{PREVIEW_TRIALS, ResultsWorker, SETTLE_SECONDS, Stage, Status};

/// Which impact the risk matrix places events by.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ImpactBy {
    /// The loss the event causes (its causal impact, `EventImpact::impact_bin`).
    #[default]
    PortfolioLoss,
    /// Region severity: in one region, or the worst over the regions it hits (`None`).
    RegionSeverity(Option<crate::model::Id>),
}

/// The results view's state: the worker (started when Results is first opened), the
/// matrix toggle and the drivers' chart and table order.
#[derive(Default)]
pub struct ResultsState {
    pub worker: Option<ResultsWorker>,
    /// Trials of the full run in place of the file's (tests use fewer); `None` follows the file.
    pub trials_override: Option<u64>,
    /// The variant shown (by name); `None` shows the base scenario.
    pub variant: Option<String>,
    pub variant_bar: variants::VariantBar,
    pub impact_by: ImpactBy,
    pub matrix: matrix::MatrixCache,
    pub regions: markets::RegionsCache,
    pub drivers: drivers::DriversState,
    pub compare: CompareState,
}

impl ResultsState {
    /// Keeps the results following the scenario, once the user has asked for them.
    /// `revision` is the document's: the results rerun when it changes.
    pub fn update(
        &mut self,
        ctx: &egui::Context,
        scenario: &crate::model::Scenario,
        revision: u64,
        problems: usize,
    ) {
        // A variant renamed or deleted since it was picked: back to the base scenario.
        if self.variant.as_deref().is_some_and(|name| scenario.variant(name).is_none()) {
            self.variant = None;
        }
        if let Some(worker) = &mut self.worker {
            worker.set_trials(self.trials_override.unwrap_or_else(|| full_trials(scenario)));
            worker.set_variant(self.variant.clone());
            worker.update(ctx, scenario, revision, problems, ctx.input(|i| i.time));
        }
    }

    /// Starts the worker the first time Results is shown.
    pub fn activate(&mut self) {
        if self.worker.is_none() {
            self.worker =
                Some(ResultsWorker::new(self.trials_override.unwrap_or(crate::model::DEFAULT_TRIALS)));
        }
    }
}

/// Trials of the scenario's full run: the file's count, or the default.
pub fn full_trials(scenario: &crate::model::Scenario) -> u64 {
    scenario.trials.unwrap_or(crate::model::DEFAULT_TRIALS)
}
