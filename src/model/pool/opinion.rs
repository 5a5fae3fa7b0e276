//! Opinion pools: several analysts' probabilities of the same outcome combined into one.
//!
//! Pure arithmetic on probabilities and weights; it knows nothing of scenarios or files.

/// How analysts' probabilities are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoolMethod {
    /// The weighted mean of the probabilities.
    Linear,
    /// The weighted geometric mean of the probabilities of each outcome, normalised so the
    /// outcomes' probabilities sum to 1.
    Log,
}

impl PoolMethod {
    pub fn label(self) -> &'static str {
        match self {
            PoolMethod::Linear => "linear opinion pool",
            PoolMethod::Log => "logarithmic opinion pool",
        }
    }
}

/// Pools a distribution over several exclusive, exhaustive outcomes. `opinions` holds one
/// `(weight, probabilities of each outcome)` per analyst, every row as long as the first; the
/// weights need not sum to 1. `None` when the log pool is undefined: every outcome is given
/// probability 0 by some analyst.
pub fn pool_outcomes(opinions: &[(f64, Vec<f64>)], method: PoolMethod) -> Option<Vec<f64>> {
    let outcomes = opinions.first()?.1.len();
    let total_weight: f64 = opinions.iter().map(|(w, _)| w).sum();
    let unnormalised: Vec<f64> = (0..outcomes)
        .map(|k| match method {
            PoolMethod::Linear => opinions.iter().map(|(w, p)| w * p[k]).sum::<f64>() / total_weight,
            PoolMethod::Log => {
                if opinions.iter().any(|(_, p)| p[k] <= 0.0) {
                    0.0
                } else {
                    opinions.iter().map(|(w, p)| w / total_weight * p[k].ln()).sum::<f64>().exp()
                }
            }
        })
        .collect();
    let sum: f64 = unnormalised.iter().sum();
    match method {
        PoolMethod::Linear => Some(unnormalised),
        PoolMethod::Log if sum > 0.0 => Some(unnormalised.iter().map(|p| p / sum).collect()),
        PoolMethod::Log => None,
    }
}

/// Pools the probability of one event (the outcomes "happens" and "does not").
pub fn pool_event(opinions: &[(f64, f64)], method: PoolMethod) -> Option<f64> {
    let rows: Vec<(f64, Vec<f64>)> = opinions.iter().map(|&(w, p)| (w, vec![p, 1.0 - p])).collect();
    pool_outcomes(&rows, method).map(|pooled| pooled[0].clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_pool_is_the_weighted_mean() {
        let pooled = pool_event(&[(1.0, 0.2), (3.0, 0.6)], PoolMethod::Linear).unwrap();
        assert!((pooled - (0.2 + 3.0 * 0.6) / 4.0).abs() < 1e-15);
    }

    #[test]
    fn log_pool_of_opposite_certainties_is_undefined() {
        assert_eq!(pool_event(&[(1.0, 0.0), (1.0, 1.0)], PoolMethod::Log), None);
        assert_eq!(pool_event(&[(1.0, 0.0), (1.0, 0.3)], PoolMethod::Log), Some(0.0));
    }
}
