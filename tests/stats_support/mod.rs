//! Exact distribution functions the engine tests compare against, written from their textbook
//! definitions so they share nothing with the engine.

#![allow(dead_code, reason = "each test file uses a different part of the helpers")]

/// Standard normal CDF through erfc (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7).
pub fn phi(x: f64) -> f64 {
    let z = x.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let erfc = t * poly.exp();
    if x >= 0.0 { 1.0 - 0.5 * erfc } else { 0.5 * erfc }
}

/// The x in [low, high] where the increasing function `f` reaches `target`, by bisection.
pub fn solve_increasing(f: impl Fn(f64) -> f64, target: f64, mut low: f64, mut high: f64) -> f64 {
    for _ in 0..200 {
        let mid = 0.5 * (low + high);
        if f(mid) < target { low = mid } else { high = mid }
    }
    0.5 * (low + high)
}

/// `E[f(p)]` for `p ~ PERT(low, likely, high)` (Beta with shape 4 on [low, high]), by the
/// midpoint rule on 200,000 steps: a second way to what the engine works out by quadrature.
pub fn pert_mean_of(low: f64, likely: f64, high: f64, f: impl Fn(f64) -> f64) -> f64 {
    let alpha = 1.0 + 4.0 * (likely - low) / (high - low);
    let beta = 1.0 + 4.0 * (high - likely) / (high - low);
    let steps = 200_000;
    let (mut weight, mut weighted) = (0.0, 0.0);
    for i in 0..steps {
        let x = (i as f64 + 0.5) / steps as f64;
        let w = x.powf(alpha - 1.0) * (1.0 - x).powf(beta - 1.0);
        weight += w;
        weighted += w * f(low + x * (high - low));
    }
    weighted / weight
}
