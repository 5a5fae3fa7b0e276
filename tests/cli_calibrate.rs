//! `georisk calibrate` on a synthetic price file made here with known volatilities and
//! correlations (2,000 trading days from a seeded generator, weekends skipped, some cells left
//! empty, rows newest first as vendors often export them): the written values match the sample
//! statistics computed here independently, and recover the true values within their sampling
//! error. Bad files are refused with row numbers and leave the scenario unchanged.

#![expect(clippy::unwrap_used, reason = "test helpers: a failed unwrap is a failed test")]

use rand::RngExt;
use rand::SeedableRng;
use rand_distr::{Distribution, StandardNormal};
use rand_xoshiro::Xoshiro256PlusPlus;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FIXTURE: &str = "tests/fixtures/compare-b.ron";
const MARKETS: [&str; 3] = ["kospi", "US defence stocks", "gold"];
const IDS: [&str; 3] = ["kospi", "us-defense", "gold"];
const VOLATILITY: [f64; 3] = [0.15, 0.30, 0.10];
/// Correlations of (0,1), (0,2), (1,2).
const CORRELATION: [f64; 3] = [0.6, -0.3, 0.2];
const DAYS: usize = 2000;

fn georisk(args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_georisk")).args(args).output().expect("georisk starts")
}

fn p(text: &str) -> &Path {
    Path::new(text)
}

/// Weekdays from 2018-01-01 (a Monday), as `YYYY-MM-DD`.
fn weekdays(count: usize) -> Vec<String> {
    let (mut y, mut m, mut d, mut weekday) = (2018u32, 1u32, 1u32, 0u32);
    let mut out = Vec::new();
    while out.len() < count {
        if weekday < 5 {
            out.push(format!("{y:04}-{m:02}-{d:02}"));
        }
        weekday = (weekday + 1) % 7;
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
        let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m as usize - 1];
        d += 1;
        if d > days {
            (d, m) = (1, m + 1);
            if m > 12 {
                (m, y) = (1, y + 1);
            }
        }
    }
    out
}

/// Prices by day (oldest first), `None` where a cell is left empty (about 1 in 50).
fn synthetic_prices() -> Vec<[Option<f64>; 3]> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(20261128);
    let [r01, r02, r12] = CORRELATION;
    // Cholesky factor of the correlation matrix, worked out by hand for 3 × 3.
    let l11 = (1.0 - r01 * r01).sqrt();
    let l21 = (r12 - r02 * r01) / l11;
    let l22 = (1.0 - r02 * r02 - l21 * l21).sqrt();
    let mut price = [100.0f64, 50.0, 1800.0];
    let mut out = Vec::new();
    for day in 0..DAYS {
        if day > 0 {
            let z: [f64; 3] = std::array::from_fn(|_| StandardNormal.sample(&mut rng));
            let x = [z[0], r01 * z[0] + l11 * z[1], r02 * z[0] + l21 * z[1] + l22 * z[2]];
            for k in 0..3 {
                price[k] *= (x[k] * VOLATILITY[k] / 252f64.sqrt()).exp();
            }
        }
        out.push(std::array::from_fn(|k| (rng.random::<f64>() >= 0.02).then_some(price[k])));
    }
    out
}

fn write_csv(prices: &[[Option<f64>; 3]], dates: &[String]) -> String {
    let mut text = format!("Date,{}\n", MARKETS.join(","));
    for (row, day) in prices.iter().zip(dates).rev() {
        let cells: Vec<String> = row.iter().map(|c| c.map(|x| x.to_string()).unwrap_or_default()).collect();
        text.push_str(&format!("{day},{}\n", cells.join(",")));
    }
    text
}

fn setup(csv: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("plan.ron");
    std::fs::copy(FIXTURE, &scenario).unwrap();
    let prices = dir.path().join("prices.csv");
    std::fs::write(&prices, csv).unwrap();
    (dir, scenario, prices)
}

fn mean(x: &[f64]) -> f64 {
    x.iter().sum::<f64>() / x.len() as f64
}

fn sd(x: &[f64]) -> f64 {
    let m = mean(x);
    (x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (x.len() - 1) as f64).sqrt()
}

fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let (mx, my) = (mean(x), mean(y));
    let cov: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let vx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
    let vy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
    cov / (vx * vy).sqrt()
}

#[test]
fn synthetic_prices_give_back_their_volatilities_and_correlations() {
    let prices = synthetic_prices();
    let dates = weekdays(DAYS);
    let (_dir, scenario, prices_path) = setup(&write_csv(&prices, &dates));
    let output = georisk(&[p("calibrate"), &scenario, &prices_path]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let preview = String::from_utf8(output.stdout).unwrap();
    // Old and new values are shown: us-defense had 0.25 in the fixture.
    assert!(preview.contains("volatility of us-defense") && preview.contains("0.2500"), "{preview}");

    let calibrated = georisk::io::load_file(&scenario).expect("the calibrated file is valid");
    let returns = |k: usize| -> Vec<Option<f64>> {
        prices.windows(2).map(|w| Some((w[1][k]? / w[0][k]?).ln())).collect()
    };
    let all: Vec<Vec<Option<f64>>> = (0..3).map(returns).collect();
    let common: Vec<usize> = (0..DAYS - 1).filter(|&t| all.iter().all(|r| r[t].is_some())).collect();
    assert!(common.len() > 1600 && common.len() < DAYS - 1, "gaps remove some returns: {}", common.len());

    for k in 0..3 {
        let own: Vec<f64> = all[k].iter().flatten().copied().collect();
        let expected = sd(&own) * 252f64.sqrt();
        let market = calibrated.markets.iter().find(|m| m.id.as_str() == IDS[k]).unwrap();
        let written = market.volatility.unwrap().get();
        // Exactly the sample statistic, to the 4 decimals written.
        assert!((written - expected).abs() <= 0.5e-4 + 1e-12, "{}: {written} vs {expected}", IDS[k]);
        // Within 4 standard errors of the truth: the sample sd of n normal returns has standard
        // error σ/√(2n), about 1.6% of σ here.
        let se = VOLATILITY[k] / (2.0 * own.len() as f64).sqrt();
        assert!((written - VOLATILITY[k]).abs() < 4.0 * se, "{}: {written} vs {}", IDS[k], VOLATILITY[k]);
        let notes = market.notes.as_deref().unwrap_or("");
        assert!(
            notes.contains(&format!("Calibrated from prices.csv: sd of {} daily log-returns", own.len())),
            "{notes}"
        );
    }
    for (pair, (a, b)) in [(0, 1), (0, 2), (1, 2)].into_iter().enumerate() {
        let x: Vec<f64> = common.iter().map(|&t| all[a][t].unwrap()).collect();
        let y: Vec<f64> = common.iter().map(|&t| all[b][t].unwrap()).collect();
        let expected = pearson(&x, &y);
        let found: Vec<f64> = calibrated
            .correlations
            .iter()
            .filter(|c| {
                let (p, q) = (c.between.0.as_str(), c.between.1.as_str());
                (p, q) == (IDS[a], IDS[b]) || (q, p) == (IDS[a], IDS[b])
            })
            .map(|c| c.value.get())
            .collect();
        assert_eq!(found.len(), 1, "one correlation of {} and {}", IDS[a], IDS[b]);
        assert!((found[0] - expected).abs() <= 0.5e-4 + 1e-12, "{found:?} vs {expected}");
        // The sample correlation's standard error is about (1 − ρ²)/√n: 0.014 at ρ = 0.6.
        let rho = CORRELATION[pair];
        let se = (1.0 - rho * rho) / (common.len() as f64).sqrt();
        assert!((found[0] - rho).abs() < 4.0 * se, "{found:?} vs {rho}");
    }
    let note = calibrated.correlations[0].notes.as_deref().unwrap_or("");
    assert!(note.contains(&format!("{} common daily log-returns", common.len())), "{note}");
}

#[test]
fn dry_run_shows_the_change_and_writes_nothing() {
    let (_dir, scenario, prices_path) = setup(&write_csv(&synthetic_prices()[..60], &weekdays(60)));
    let before = std::fs::read(&scenario).unwrap();
    let output = georisk(&[p("calibrate"), &scenario, &prices_path, p("--dry-run")]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("correlation of kospi and us-defense") && text.contains("not set"), "{text}");
    assert!(text.contains("--dry-run: "), "{text}");
    assert_eq!(std::fs::read(&scenario).unwrap(), before);
}

fn assert_refused(csv: &str, expected: &str) {
    let (_dir, scenario, prices_path) = setup(csv);
    let before = std::fs::read(&scenario).unwrap();
    let output = georisk(&[p("calibrate"), &scenario, &prices_path]);
    assert_eq!(output.status.code(), Some(1), "accepted:\n{csv}");
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains(expected), "expected {expected:?} in\n{message}");
    assert!(message.contains("plan.ron: unchanged"), "{message}");
    assert_eq!(std::fs::read(&scenario).unwrap(), before);
}

#[test]
fn too_few_observations_and_bad_cells_are_clear_errors() {
    // 21 rows give 20 returns, but one gap in the middle takes two of them away.
    let mut prices = synthetic_prices()[..21].to_vec();
    for row in &mut prices {
        *row = row.map(|c| c.or(Some(1.0)));
    }
    prices[10][1] = None;
    assert_refused(&write_csv(&prices, &weekdays(21)), "only 18 daily returns common to all 3 markets");
    assert_refused("date,kospi,DAX\n2024-01-02,1,2\n", "prices.csv: row 1: column \"DAX\" is not a market");
    assert_refused("date,kospi\n2024-01-02,1\n2024-02-30,2\n", "row 3: date \"2024-02-30\" is not a date");
    assert_refused(
        "date,kospi\n2024-01-02,1\n2024-01-03,-2\n",
        "row 3: kospi: price \"-2\" is not a positive number",
    );
    assert_refused("date,kospi\n2024-01-02,1\n2024-01-02,2\n", "row 3: date 2024-01-02 is already on row 2");
    assert_refused("kospi,gold\n1,2\n", "row 1: the header must have exactly one \"date\" column");
}
