//! Correlations of markets' background returns as matrices: the blocks of markets that
//! correlations connect, whether a block is a valid correlation matrix (positive semidefinite),
//! how far it is from one, and its Cholesky factor for the engine.
//!
//! Pure arithmetic on small dense matrices (a block has at most as many rows as the scenario has
//! markets): no I/O, no simulation.

use super::scenario::Scenario;
use std::collections::BTreeMap;

/// Markets joined by correlations, in file order, with their correlation matrix (row-major,
/// `markets.len()` squared, ones on the diagonal). Markets no correlation names are left out:
/// their noise is independent of everything.
#[derive(Debug, Clone, PartialEq)]
pub struct CorrelationBlock {
    pub markets: Vec<usize>,
    pub matrix: Vec<f64>,
}

impl CorrelationBlock {
    pub fn size(&self) -> usize {
        self.markets.len()
    }
}

/// The blocks of a scenario's correlations, ordered by their first market. Pairs naming an
/// unknown market, a market with itself, or a non-finite value are skipped (validation reports
/// them); of a pair given twice the last value counts.
pub fn blocks(scenario: &Scenario) -> Vec<CorrelationBlock> {
    let index: BTreeMap<&str, usize> =
        scenario.markets.iter().enumerate().rev().map(|(i, m)| (m.id.as_str(), i)).collect();
    let pairs: Vec<(usize, usize, f64)> = scenario
        .correlations
        .iter()
        .filter_map(|c| {
            let a = *index.get(c.between.0.as_str())?;
            let b = *index.get(c.between.1.as_str())?;
            (a != b && c.value.get().is_finite()).then_some((a.min(b), a.max(b), c.value.get()))
        })
        .collect();
    // Union–find over the markets the pairs name.
    let mut parent: Vec<usize> = (0..scenario.markets.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut named = vec![false; scenario.markets.len()];
    for &(a, b, _) in &pairs {
        named[a] = true;
        named[b] = true;
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        parent[ra.max(rb)] = ra.min(rb);
    }
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for m in (0..scenario.markets.len()).filter(|&m| named[m]) {
        let r = root(&mut parent, m);
        members.entry(r).or_default().push(m);
    }
    members
        .into_values()
        .map(|markets| {
            let k = markets.len();
            let position: BTreeMap<usize, usize> = markets.iter().enumerate().map(|(i, &m)| (m, i)).collect();
            let mut matrix = vec![0.0; k * k];
            for i in 0..k {
                matrix[i * k + i] = 1.0;
            }
            for &(a, b, value) in &pairs {
                if let (Some(&i), Some(&j)) = (position.get(&a), position.get(&b)) {
                    matrix[i * k + j] = value;
                    matrix[j * k + i] = value;
                }
            }
            CorrelationBlock { markets, matrix }
        })
        .collect()
}

/// The smallest eigenvalue of a symmetric `k × k` matrix and its unit eigenvector, by cyclic
/// Jacobi rotations (exact to rounding for the small matrices here).
pub fn smallest_eigen(matrix: &[f64], k: usize) -> (f64, Vec<f64>) {
    let mut a = matrix.to_vec();
    let mut v = vec![0.0; k * k];
    for i in 0..k {
        v[i * k + i] = 1.0;
    }
    for _sweep in 0..100 {
        let off: f64 = (0..k)
            .flat_map(|i| (0..k).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * k + j].powi(2))
            .sum();
        if off < 1e-30 {
            break;
        }
        for p in 0..k {
            for q in p + 1..k {
                let apq = a[p * k + q];
                if apq.abs() < 1e-300 {
                    continue;
                }
                let theta = (a[q * k + q] - a[p * k + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for r in 0..k {
                    let (arp, arq) = (a[r * k + p], a[r * k + q]);
                    a[r * k + p] = c * arp - s * arq;
                    a[r * k + q] = s * arp + c * arq;
                }
                for r in 0..k {
                    let (apr, aqr) = (a[p * k + r], a[q * k + r]);
                    a[p * k + r] = c * apr - s * aqr;
                    a[q * k + r] = s * apr + c * aqr;
                }
                for r in 0..k {
                    let (vrp, vrq) = (v[r * k + p], v[r * k + q]);
                    v[r * k + p] = c * vrp - s * vrq;
                    v[r * k + q] = s * vrp + c * vrq;
                }
            }
        }
    }
    let smallest = (0..k).min_by(|&i, &j| a[i * k + i].total_cmp(&a[j * k + j])).unwrap_or(0);
    let vector = (0..k).map(|r| v[r * k + smallest]).collect();
    (if k == 0 { 1.0 } else { a[smallest * k + smallest] }, vector)
}

/// Eigenvalues this far below zero are rounding, not an invalid matrix.
pub const EIGEN_TOLERANCE: f64 = 1e-9;

/// The lower-triangular `L` (row-major, `k × k`) with `L·Lᵀ` equal to a positive semidefinite
/// matrix. A pivot that rounding leaves at or below zero (a market perfectly correlated with
/// others) gets a zero column: its noise is then a combination of theirs, as the matrix says.
pub fn cholesky(matrix: &[f64], k: usize) -> Vec<f64> {
    let mut l = vec![0.0f64; k * k];
    for j in 0..k {
        let diagonal = matrix[j * k + j] - (0..j).map(|p| l[j * k + p].powi(2)).sum::<f64>();
        if diagonal <= EIGEN_TOLERANCE {
            continue;
        }
        let pivot = diagonal.sqrt();
        l[j * k + j] = pivot;
        for i in j + 1..k {
            let dot: f64 = (0..j).map(|p| l[i * k + p] * l[j * k + p]).sum();
            l[i * k + j] = (matrix[i * k + j] - dot) / pivot;
        }
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product(l: &[f64], k: usize) -> Vec<f64> {
        let mut out = vec![0.0; k * k];
        for i in 0..k {
            for j in 0..k {
                out[i * k + j] = (0..k).map(|p| l[i * k + p] * l[j * k + p]).sum();
            }
        }
        out
    }

    #[test]
    fn cholesky_reproduces_the_matrix_even_when_singular() {
        let valid = [1.0, 0.6, 0.3, 0.6, 1.0, 0.5, 0.3, 0.5, 1.0];
        let singular = [1.0, 1.0, 0.2, 1.0, 1.0, 0.2, 0.2, 0.2, 1.0];
        for m in [valid, singular] {
            let back = product(&cholesky(&m, 3), 3);
            for (a, b) in back.iter().zip(&m) {
                assert!((a - b).abs() < 1e-12, "{back:?} vs {m:?}");
            }
        }
    }

    #[test]
    fn smallest_eigenvalue_of_known_matrices() {
        // [[1, r], [r, 1]] has eigenvalues 1 ± r.
        let (l, v) = smallest_eigen(&[1.0, 0.8, 0.8, 1.0], 2);
        assert!((l - 0.2).abs() < 1e-12);
        assert!((v[0].abs() - std::f64::consts::FRAC_1_SQRT_2).abs() < 1e-12 && v[0] * v[1] < 0.0);
        // Three markets each pairwise −0.9: eigenvalue 1 + 2·(−0.9) = −0.8, invalid.
        let m = [1.0, -0.9, -0.9, -0.9, 1.0, -0.9, -0.9, -0.9, 1.0];
        assert!((smallest_eigen(&m, 3).0 - -0.8).abs() < 1e-12);
    }
}
