//! The tornado chart: mean P&L and ES99 with each event's likelihood at its low and at its high.
//!
//! Every run uses the base run's seed and therefore its random numbers (common random numbers):
//! the overridden event's usual draw is still made and then replaced, so all other draws stay
//! aligned and a difference between low and high is the event's doing, not noise. Links are
//! honoured as in the base run: raising a source's likelihood raises its targets' through their
//! odds. Expensive — `2 × events + 1` runs — so it is its own function, run on demand.

use super::compile::Compiled;
use super::result::{EventSensitivity, Sensitivity};
use super::summary::{mean_sd, tails};
use super::trials::Override;
use super::{Control, EngineError, Settings, chunk_count, prepare, run};
use crate::model::{Likelihood, Scenario};

/// The low and high likelihood of the tornado: a range's ends, or a point ±50% relative, clamped
/// to [0, 1].
pub fn sensitivity_range(likelihood: Likelihood) -> (f64, f64) {
    match likelihood {
        Likelihood::Range(r) => (r.low().get(), r.high().get()),
        Likelihood::Point(p) => ((p.get() * 0.5).clamp(0.0, 1.0), (p.get() * 1.5).clamp(0.0, 1.0)),
    }
}

pub fn sensitivity(
    scenario: &Scenario,
    settings: &Settings,
    control: &Control,
) -> Result<Sensitivity, EngineError> {
    let scenario = prepare(scenario, settings)?;
    let program = Compiled::new(&scenario);
    let runs = 1 + 2 * scenario.events.len() as u64;
    control.start(chunk_count(settings.trials) * runs);
    let mean_and_es99 = |overridden: Option<Override>| -> Result<(f64, f64), EngineError> {
        let trials = run(&program, settings, control, overridden, false)?;
        let (mean, _) = mean_sd(&trials.pnl);
        let (_, t99) = tails(&trials.pnl)?;
        Ok((mean, t99.es))
    };
    let (base_mean, base_es99) = mean_and_es99(None)?;
    let mut events = Vec::with_capacity(scenario.events.len());
    for (event, e) in scenario.events.iter().enumerate() {
        let (low, high) = sensitivity_range(e.likelihood);
        let (mean_at_low, es99_at_low) = mean_and_es99(Some(Override { event, probability: low }))?;
        let (mean_at_high, es99_at_high) = mean_and_es99(Some(Override { event, probability: high }))?;
        events.push(EventSensitivity {
            id: e.id.to_string(),
            low_probability: low,
            high_probability: high,
            mean_at_low,
            mean_at_high,
            es99_at_low,
            es99_at_high,
        });
    }
    Ok(Sensitivity { base_mean, base_es99, events })
}
