//! The engine against its floor, in one criterion run: a million trials of the generated
//! benchmark scenario (100 events, 50 markets, 5 shocks per event, 50 holdings; see
//! `benches/peers/scenario.py`), and the bare cost of drawing 1,000,000 × 100 uniforms from the
//! same PRNG and comparing them with thresholds. Both on one thread, so the ratio is about work,
//! not cores; the engine is also timed on the default pool.
//!
//! The flagship group times the analysis (impacts, tornado, bands) against the plain run.
//!
//! `cargo bench --bench engine` (add `-- --quick` for a faster, rougher run).

use criterion::{Criterion, criterion_group, criterion_main};
use georisk::engine::{self, CHUNK, Control, Settings};
use rand::RngExt;
use rand_distr::{Distribution, StandardNormal};
use std::hint::black_box;

const TRIALS: u64 = 1_000_000;
const EVENTS: usize = 100;

fn scenario() -> georisk::model::Scenario {
    let text = include_str!("peers/bench-100x50.ron");
    georisk::io::load_str(text, "bench-100x50.ron").expect("the benchmark scenario is valid")
}

/// 1,000,000 × 100 uniforms from the engine's chunk streams, each compared with a threshold.
fn floor(thresholds: &[f64; EVENTS]) -> u64 {
    let mut hits = 0u64;
    for chunk in 0..(TRIALS as usize).div_ceil(CHUNK) {
        let mut rng = engine::chunk_rng(1, chunk as u64);
        let trials = CHUNK.min(TRIALS as usize - chunk * CHUNK);
        for _ in 0..trials {
            for &p in thresholds {
                let u: f64 = rng.random();
                hits += u64::from(u < p);
            }
        }
    }
    hits
}

/// The floor plus the per-trial work the model cannot skip for this scenario: one normal of noise
/// and one `exp` per market (50 of each). Not a goal, a reading aid: it shows how much of the
/// engine's time is the model's own arithmetic.
fn floor_with_noise_and_exp(thresholds: &[f64; EVENTS], sd: &[f64]) -> f64 {
    let mut total = 0.0;
    for chunk in 0..(TRIALS as usize).div_ceil(CHUNK) {
        let mut rng = engine::chunk_rng(1, chunk as u64);
        let trials = CHUNK.min(TRIALS as usize - chunk * CHUNK);
        for _ in 0..trials {
            let mut hits = 0u64;
            for &p in thresholds {
                let u: f64 = rng.random();
                hits += u64::from(u < p);
            }
            for &s in sd {
                let z: f64 = StandardNormal.sample(&mut rng);
                total += (s * z).exp() - 1.0;
            }
            total += hits as f64;
        }
    }
    total
}

fn benches(c: &mut Criterion) {
    let scenario = scenario();
    let settings = Settings { trials: TRIALS, seed: 1, variant: None, loss_threshold: None, noise: true };
    let one_thread = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a thread pool");
    let thresholds: [f64; EVENTS] = std::array::from_fn(|i| scenario.events[i].likelihood.mean());

    let sd: Vec<f64> = scenario.markets.iter().map(|m| m.volatility.map_or(0.0, |v| v.get())).collect();

    let mut group = c.benchmark_group("1M trials");
    group.sample_size(10);
    group.bench_function("floor: 100 uniforms per trial, 1 thread", |b| {
        b.iter(|| floor(black_box(&thresholds)))
    });
    group.bench_function("floor + 50 normals + 50 exp per trial, 1 thread", |b| {
        b.iter(|| floor_with_noise_and_exp(black_box(&thresholds), black_box(&sd)))
    });
    group.bench_function("engine: simulate, 1 thread", |b| {
        b.iter(|| one_thread.install(|| engine::simulate(&scenario, &settings, &Control::new())))
    });
    group.bench_function("engine: simulate, default pool", |b| {
        b.iter(|| engine::simulate(&scenario, &settings, &Control::new()))
    });
    group.finish();

    // The analysis against the plain run on the flagship at the app's default trials: the issue's
    // budget is impacts, tornado and bands together at most 10 plain runs.
    let flagship =
        georisk::io::load_str(include_str!("../scenarios/russia-dprk-2024.ron"), "russia-dprk-2024.ron")
            .expect("the flagship is valid");
    let settings = Settings { trials: 100_000, ..Settings::for_scenario(&flagship) };
    let mut group = c.benchmark_group("flagship, 100k trials, 1 thread");
    group.sample_size(10);
    group.bench_function("plain run (simulate)", |b| {
        b.iter(|| one_thread.install(|| engine::simulate(&flagship, &settings, &Control::new())))
    });
    group.bench_function("analysis (plain run + impacts + tornado + bands)", |b| {
        b.iter(|| one_thread.install(|| engine::analyse(&flagship, &settings, &Control::new())))
    });
    group.finish();
}

criterion_group!(engine_benches, benches);
criterion_main!(engine_benches);
