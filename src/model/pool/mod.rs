//! Pooling several analysts' files of one scenario (same ids) into one scenario.
//!
//! Pure: it takes scenarios and weights and returns a scenario and a disagreement record per
//! event; reading the files and writing the result is the caller's (`io`).
//!
//! What is pooled and how:
//! - Each event's likelihood: a ranged likelihood enters as its PERT mean. The pooled value is
//!   the linear or logarithmic opinion pool of the analysts who have the event, their weights
//!   renormalised over those analysts. When the analysts differ, the likelihood becomes
//!   `Range(low: min, likely: pooled, high: max)`, so the uncertainty bands show the
//!   disagreement. Analysts who all give the same likelihood (a point or a range) keep it.
//! - Members of an exclusive group keep a single pooled value (no range): a range's PERT mean is
//!   not the pooled value, and the group's means must still sum as its kind requires. When every
//!   analyst has every member, the log pool is taken over the group's outcomes jointly (its
//!   members, and "none of them" for an at-most-one group), so the pooled group still sums to 1.
//! - Shocks and region severities: see [`impacts`].
//! - Everything else (title, horizon, seed, links, groups, portfolio, variants, matrix) is the
//!   first file's, plus any region, market, correlation, link, group, holding or variant that
//!   only later files have (the first one found wins). Events only later files have are
//!   appended in the order they are first found.

mod impacts;
mod opinion;

pub use opinion::{PoolMethod, pool_event, pool_outcomes};

use crate::model::{GroupKind, Id, Likelihood, Probability, Scenario, ShockError, ThreePoint};
use impacts::Opinion;

/// One analyst's file, with the weight their judgement gets.
pub struct Analyst<'a> {
    /// How the analyst is named in notes and tables, such as the file name.
    pub label: String,
    pub scenario: &'a Scenario,
    pub weight: f64,
}

/// The pooled scenario and, per event in its order, how the analysts differed.
pub struct Pooled {
    pub scenario: Scenario,
    pub events: Vec<EventPool>,
}

/// How the analysts judged one event, and what the pool made of it.
#[derive(Debug, Clone, PartialEq)]
pub struct EventPool {
    pub id: Id,
    /// Each analyst's probability (a range's PERT mean), `None` where their file lacks the event.
    pub stated: Vec<Option<f64>>,
    /// The pooled probability: the range's `likely`, or the single value.
    pub pooled: f64,
    /// The probability a run draws on average from the written likelihood: the pooled value, or
    /// the range's PERT mean `(low + 4·likely + high) / 6`, which differs from it when the
    /// analysts' spread is lopsided.
    pub run_mean: f64,
    /// Things a reader should check, also written into the event's notes.
    pub flags: Vec<String>,
}

impl EventPool {
    /// The highest analyst's probability minus the lowest.
    pub fn spread(&self) -> f64 {
        let given = self.stated.iter().flatten();
        let max = given.clone().copied().fold(f64::NEG_INFINITY, f64::max);
        let min = given.copied().fold(f64::INFINITY, f64::min);
        max - min
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PoolError {
    #[error("pooling needs at least two files, found {0}")]
    TooFew(usize),
    #[error("weight {index} is {value}; weights must be positive numbers")]
    BadWeight { index: usize, value: f64 },
    #[error(
        "{label} looks {months} months ahead but {first} looks {first_months}; pool files with one horizon"
    )]
    Horizon { label: String, months: u32, first: String, first_months: u32 },
    #[error(
        "event \"{0}\": the analysts are certain of opposite outcomes (probabilities 0 and 1), so the \
         logarithmic pool is undefined; use --method linear"
    )]
    Undefined(Id),
    #[error("event \"{event}\": {source}")]
    Shock { event: Id, source: ShockError },
}

/// Pools the analysts' scenarios (see the module documentation for what is pooled how).
pub fn pool(analysts: &[Analyst], method: PoolMethod) -> Result<Pooled, PoolError> {
    let [first, rest @ ..] = analysts else { return Err(PoolError::TooFew(0)) };
    if rest.is_empty() {
        return Err(PoolError::TooFew(1));
    }
    for (index, a) in analysts.iter().enumerate() {
        if !(a.weight.is_finite() && a.weight > 0.0) {
            return Err(PoolError::BadWeight { index: index + 1, value: a.weight });
        }
        if a.scenario.horizon_months != first.scenario.horizon_months {
            return Err(PoolError::Horizon {
                label: a.label.clone(),
                months: a.scenario.horizon_months,
                first: first.label.clone(),
                first_months: first.scenario.horizon_months,
            });
        }
    }
    let mut out = union_of_items(analysts);
    let jointly = joint_group_pools(&out, analysts, method);
    let grouped: Vec<Id> = out.groups.iter().flat_map(|g| g.events.iter().cloned()).collect();
    let mut events = Vec::new();
    for event in &mut out.events {
        let opinions: Vec<(f64, f64)> = analysts
            .iter()
            .filter_map(|a| a.scenario.event(event.id.as_str()).map(|e| (a.weight, e.likelihood.mean())))
            .collect();
        let stated: Vec<Option<f64>> = analysts
            .iter()
            .map(|a| a.scenario.event(event.id.as_str()).map(|e| e.likelihood.mean()))
            .collect();
        let pooled = match jointly.iter().find(|(id, _)| id == &event.id) {
            Some((_, p)) => *p,
            None => pool_event(&opinions, method).ok_or_else(|| PoolError::Undefined(event.id.clone()))?,
        };
        // Analysts who all give the same likelihood keep it, range and all.
        let same = analysts
            .iter()
            .filter_map(|a| a.scenario.event(event.id.as_str()))
            .all(|e| e.likelihood == event.likelihood);
        if !same {
            event.likelihood = pooled_likelihood(pooled, &stated, grouped.contains(&event.id));
        }

        let impact_opinions: Vec<Opinion> = analysts
            .iter()
            .filter_map(|a| {
                a.scenario.event(event.id.as_str()).map(|e| Opinion {
                    weight: a.weight,
                    label: &a.label,
                    regions: &e.regions,
                    markets: &e.markets,
                })
            })
            .collect();
        let (markets, mut flags) = impacts::pool_shocks(&impact_opinions)
            .map_err(|source| PoolError::Shock { event: event.id.clone(), source })?;
        let (regions, severity_flags) = impacts::pool_severities(&impact_opinions);
        event.markets = markets;
        event.regions = regions;
        flags.extend(severity_flags);
        if opinions.len() < analysts.len() {
            let missing: Vec<&str> = analysts
                .iter()
                .zip(&stated)
                .filter(|(_, s)| s.is_none())
                .map(|(a, _)| a.label.as_str())
                .collect();
            flags.insert(
                0,
                format!("in {} of {} files (not in {})", opinions.len(), analysts.len(), missing.join(", ")),
            );
        }
        event.notes = Some(pool_note(event.notes.take(), analysts, &stated, pooled, method, &flags));
        events.push(EventPool {
            id: event.id.clone(),
            stated,
            pooled,
            run_mean: event.likelihood.mean(),
            flags,
        });
    }
    let labels: Vec<String> = analysts.iter().map(|a| format!("{} (weight {})", a.label, a.weight)).collect();
    let summary = format!("Pooled with the {} from {}.", method.label(), labels.join(", "));
    out.notes = Some(match out.notes.take() {
        Some(notes) if !notes.trim().is_empty() => format!("{notes}\n\n{summary}"),
        _ => summary,
    });
    Ok(Pooled { scenario: out, events })
}

/// The likelihood written to the file: the analysts' spread as a range around the pooled value,
/// or the single pooled value when they agree or the event is in an exclusive group.
fn pooled_likelihood(pooled: f64, stated: &[Option<f64>], in_group: bool) -> Likelihood {
    let given = stated.iter().flatten();
    let low = given.clone().copied().fold(f64::INFINITY, f64::min).min(pooled);
    let high = given.copied().fold(f64::NEG_INFINITY, f64::max).max(pooled);
    let point = Likelihood::Point(Probability::saturating(pooled));
    if in_group || low >= high {
        return point;
    }
    ThreePoint::new(low, pooled, high).map(Likelihood::Range).unwrap_or(point)
}

fn percent(p: f64) -> String {
    format!("{:.1}%", 100.0 * p)
}

fn pool_note(
    notes: Option<String>,
    analysts: &[Analyst],
    stated: &[Option<f64>],
    pooled: f64,
    method: PoolMethod,
    flags: &[String],
) -> String {
    let each: Vec<String> = analysts
        .iter()
        .zip(stated)
        .map(|(a, s)| format!("{} {}", a.label, s.map(percent).unwrap_or_else(|| "absent".to_owned())))
        .collect();
    let mut note = format!("Pooled ({}): {} from {}.", method.label(), percent(pooled), each.join(", "));
    for flag in flags {
        note.push_str(&format!(" Check: {flag}."));
    }
    match notes {
        Some(notes) if !notes.trim().is_empty() => format!("{notes}\n\n{note}"),
        _ => note,
    }
}

/// The first file's scenario with every keyed item that only later files have appended.
fn union_of_items(analysts: &[Analyst]) -> Scenario {
    let mut out = analysts[0].scenario.clone();
    for a in &analysts[1..] {
        let s = a.scenario;
        append_missing(&mut out.regions, &s.regions, |r| r.id.clone());
        append_missing(&mut out.markets, &s.markets, |m| m.id.clone());
        append_missing(&mut out.correlations, &s.correlations, |c| {
            let (x, y) = c.between.clone();
            if x <= y { (x, y) } else { (y, x) }
        });
        append_missing(&mut out.events, &s.events, |e| e.id.clone());
        append_missing(&mut out.links, &s.links, |l| (l.from.clone(), l.to.clone()));
        append_missing(&mut out.groups, &s.groups, |g| g.id.clone());
        append_missing(&mut out.portfolio.holdings, &s.portfolio.holdings, |h| h.market.clone());
        append_missing(&mut out.variants, &s.variants, |v| v.name.clone());
    }
    out
}

fn append_missing<T: Clone, K: PartialEq>(out: &mut Vec<T>, more: &[T], key: impl Fn(&T) -> K) {
    for item in more {
        if !out.iter().any(|o| key(o) == key(item)) {
            out.push(item.clone());
        }
    }
}

/// Log-pooled probabilities of the members of each group that every analyst has whole, pooled
/// over the group's outcomes jointly. (A linear pool sums correctly event by event.)
fn joint_group_pools(out: &Scenario, analysts: &[Analyst], method: PoolMethod) -> Vec<(Id, f64)> {
    if method == PoolMethod::Linear {
        return Vec::new();
    }
    let mut pooled = Vec::new();
    for group in &out.groups {
        let rows: Option<Vec<(f64, Vec<f64>)>> = analysts
            .iter()
            .map(|a| {
                let mut row: Vec<f64> = group
                    .events
                    .iter()
                    .map(|id| a.scenario.event(id.as_str()).map(|e| e.likelihood.mean()))
                    .collect::<Option<_>>()?;
                if group.kind == GroupKind::AtMostOne {
                    row.push((1.0 - row.iter().sum::<f64>()).max(0.0));
                }
                Some((a.weight, row))
            })
            .collect();
        if let Some(joint) = rows.and_then(|rows| pool_outcomes(&rows, method)) {
            pooled.extend(group.events.iter().cloned().zip(joint));
        }
    }
    pooled
}
