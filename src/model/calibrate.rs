//! Markets' background volatility and correlations from a table of dated closes.
//!
//! A daily log-return is `ln(p_t / p_{t−1})` between two consecutive rows of the (date-sorted)
//! table where both prices exist: days with no row (weekends, holidays) are simply spanned, and a
//! gap (an empty cell) removes the returns on both sides of it rather than bridging it. A
//! market's volatility is the sample standard deviation (divisor n − 1) of its own returns times
//! √252 (trading days a year); correlations are Pearson correlations over the *common* returns,
//! the rows where every market in the table has one — a complete-case matrix, which is positive
//! semidefinite by construction, as validation requires.
//!
//! Pure arithmetic on a [`PriceTable`]: no I/O.

use super::id::Id;
use super::numbers::{Finite, NonNegative};
use super::prices::{Date, PriceTable};
use super::scenario::{Correlation, Scenario};
use super::validate::MAX_VOLATILITY;

/// Trading days in a year: daily volatility times √252 is the annualised volatility.
pub const TRADING_DAYS: f64 = 252.0;

/// Fewer common returns than this are refused: a correlation from fewer has a standard error
/// above about 0.2 and a volatility one above 15% of itself.
pub const MIN_RETURNS: usize = 20;

/// Written values are rounded to this many decimals (0.0001 = 0.01 percentage points of
/// volatility, far below the sampling error of any realistic window).
const DECIMALS: i32 = 4;

/// A window of returns: how many, and the dates of the first and last price they use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub returns: usize,
    pub from: Date,
    pub to: Date,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MarketVolatility {
    pub market: Id,
    /// Annualised, rounded to 4 decimals.
    pub volatility: f64,
    pub window: Window,
}

/// What the prices say, ready to write into the scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    pub volatilities: Vec<MarketVolatility>,
    /// Every pair of the table's markets, in column order, rounded to 4 decimals.
    pub correlations: Vec<(Id, Id, f64)>,
    pub common: Window,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CalibrationError {
    #[error(
        "only {found} daily returns common to all {markets} markets (rows where every market has this and the previous row's price); at least {MIN_RETURNS} are needed"
    )]
    TooFewReturns { found: usize, markets: usize },
    #[error("market \"{market}\": its prices give a volatility of {volatility:.2} ({:.0}% a year), above the most accepted, {MAX_VOLATILITY}", volatility * 100.0)]
    TooVolatile { market: Id, volatility: f64 },
    #[error(
        "market \"{market}\": its price does not change over the common dates, so its correlations are undefined"
    )]
    Constant { market: Id },
}

/// Volatilities and correlations from the table (see the module's rules).
pub fn calibrate(table: &PriceTable) -> Result<Calibration, CalibrationError> {
    let returns: Vec<Vec<Option<f64>>> = table
        .prices
        .iter()
        .map(|prices| prices.windows(2).map(|w| Some((w[1]? / w[0]?).ln())).collect())
        .collect();
    // Return i runs from row i to row i + 1.
    let rows = table.dates.len().saturating_sub(1);
    let common: Vec<usize> = (0..rows).filter(|&i| returns.iter().all(|r| r[i].is_some())).collect();
    let window = |used: &[usize]| -> Option<Window> {
        Some(Window {
            returns: used.len(),
            from: table.dates[*used.first()?],
            to: table.dates[*used.last()? + 1],
        })
    };
    let too_few = CalibrationError::TooFewReturns { found: common.len(), markets: table.markets.len() };
    if common.len() < MIN_RETURNS {
        return Err(too_few);
    }
    let common_window = window(&common).ok_or(too_few)?;
    let mut volatilities = Vec::new();
    for (market, series) in table.markets.iter().zip(&returns) {
        let used: Vec<usize> = (0..rows).filter(|&i| series[i].is_some()).collect();
        let values: Vec<f64> = series.iter().flatten().copied().collect();
        let volatility = sample_sd(&values) * TRADING_DAYS.sqrt();
        if volatility > MAX_VOLATILITY {
            return Err(CalibrationError::TooVolatile { market: market.clone(), volatility });
        }
        let window = window(&used).unwrap_or(common_window);
        volatilities.push(MarketVolatility { market: market.clone(), volatility: round(volatility), window });
    }
    let centred: Vec<Vec<f64>> = returns
        .iter()
        .zip(&table.markets)
        .map(|(series, market)| {
            let values: Vec<f64> = common.iter().filter_map(|&i| series[i]).collect();
            let mean = values.iter().sum::<f64>() / values.len() as f64;
            let centred: Vec<f64> = values.iter().map(|x| x - mean).collect();
            if table.markets.len() > 1 && centred.iter().all(|x| x.abs() < 1e-300) {
                return Err(CalibrationError::Constant { market: market.clone() });
            }
            Ok(centred)
        })
        .collect::<Result<_, _>>()?;
    let mut correlations = Vec::new();
    for a in 0..centred.len() {
        for b in a + 1..centred.len() {
            let dot = |x: &[f64], y: &[f64]| x.iter().zip(y).map(|(p, q)| p * q).sum::<f64>();
            let (x, y) = (&centred[a], &centred[b]);
            let r = (dot(x, y) / (dot(x, x) * dot(y, y)).sqrt()).clamp(-1.0, 1.0);
            correlations.push((table.markets[a].clone(), table.markets[b].clone(), round(r)));
        }
    }
    Ok(Calibration { volatilities, correlations, common: common_window })
}

fn sample_sd(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    (values.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
}

fn round(x: f64) -> f64 {
    let scale = 10f64.powi(DECIMALS);
    (x * scale).round() / scale
}

/// One value the calibration changes: what it is, its old value (`None`: not set) and its new.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub what: String,
    pub old: Option<f64>,
    pub new: f64,
}

/// The first words of the line a calibration writes into notes; a later calibration replaces it.
pub const NOTE_PREFIX: &str = "Calibrated from ";

/// Writes the calibration into the scenario: each market's volatility, each pair's correlation
/// (added, or replacing the pair's value in either order), and a note of the source, window and
/// number of observations on each (replacing an earlier calibration's note). Returns what
/// changed, in order, for a preview. Other correlations stay as they were: validation then
/// checks that all of them together still form a valid matrix.
pub fn apply(scenario: &mut Scenario, calibration: &Calibration, source: &str) -> Vec<Change> {
    let mut changes = Vec::new();
    for v in &calibration.volatilities {
        let Some(market) = scenario.markets.iter_mut().find(|m| m.id == v.market) else { continue };
        changes.push(Change {
            what: format!("volatility of {}", v.market),
            old: market.volatility.map(NonNegative::get),
            new: v.volatility,
        });
        market.volatility = NonNegative::new(v.volatility).ok();
        let note = format!(
            "{NOTE_PREFIX}{source}: sd of {} daily log-returns × √252, {} to {}.",
            v.window.returns, v.window.from, v.window.to
        );
        market.notes = Some(with_note(market.notes.as_deref(), &note));
    }
    let c = &calibration.common;
    let note =
        format!("{NOTE_PREFIX}{source}: {} common daily log-returns, {} to {}.", c.returns, c.from, c.to);
    for (a, b, value) in &calibration.correlations {
        let Ok(finite) = Finite::new(*value) else { continue };
        let existing = scenario
            .correlations
            .iter_mut()
            .find(|x| (x.between.0 == *a && x.between.1 == *b) || (x.between.0 == *b && x.between.1 == *a));
        changes.push(Change {
            what: format!("correlation of {a} and {b}"),
            old: existing.as_ref().map(|x| x.value.get()),
            new: *value,
        });
        match existing {
            Some(x) => {
                x.value = finite;
                x.notes = Some(with_note(x.notes.as_deref(), &note));
            }
            None => scenario.correlations.push(Correlation {
                between: (a.clone(), b.clone()),
                value: finite,
                notes: Some(note.clone()),
            }),
        }
    }
    changes
}

/// The notes with the calibration line replaced, or added as a last line.
fn with_note(notes: Option<&str>, note: &str) -> String {
    let mut lines: Vec<&str> = notes.unwrap_or("").lines().filter(|l| !l.starts_with(NOTE_PREFIX)).collect();
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    lines.push(note);
    lines.join("\n")
}
