//! Per-trial samples for analysts' notebooks: each trial's P&L (events and noise) and which
//! events happened. They are the plain run's own trials — the same seed gives the same values
//! as `simulate` and `analyse` — so their mean is the run's mean P&L and each event's share of
//! trials is its simulated probability. Pure, like the rest of the engine: it keeps the trials
//! in memory and leaves writing them to `io`.

use super::compile::Compiled;
use super::{Control, EngineError, Settings, chunk_count, prepare, run};
use crate::model::Scenario;

/// Every trial of one run, in trial order.
#[derive(Debug, Clone, PartialEq)]
pub struct Samples {
    /// The events' ids in the file's order: the order of [`Samples::occurred`]'s `event`.
    pub event_ids: Vec<String>,
    /// Each trial's P&L with events and background noise (as the run's `total` figures).
    pub pnl: Vec<f64>,
    bits: Vec<u64>,
    words: usize,
}

impl Samples {
    /// Whether event `event` (an index into `event_ids`) happened in trial `trial`.
    pub fn occurred(&self, trial: usize, event: usize) -> bool {
        self.bits[trial * self.words + event / 64] >> (event % 64) & 1 == 1
    }
}

/// Runs the plain simulation of `settings` and keeps every trial.
pub fn samples(scenario: &Scenario, settings: &Settings, control: &Control) -> Result<Samples, EngineError> {
    let scenario = prepare(scenario, settings)?;
    let program = Compiled::new(&scenario, settings.noise);
    control.start(chunk_count(settings.trials));
    let trials = run(&program, settings, control)?;
    Ok(Samples {
        event_ids: scenario.events.iter().map(|e| e.id.to_string()).collect(),
        pnl: trials.pnl,
        bits: trials.bits,
        words: program.words,
    })
}
