//! How fast the app's live results follow an edit on the flagship, through the same worker the
//! Results view uses (its own thread, the default rayon pool): from the edit to the preview's
//! figures, to the full run's figures (summary and charts), and to the full analysis (matrix,
//! drivers, bands). The clock starts when the worker is told of the edit; the settle pause the
//! app waits before a full run ([`SETTLE_SECONDS`], a design choice, not work) is skipped by
//! handing the worker a later app time, and is added on top in what a user sees.
//!
//! `cargo bench --bench live_results` (add `-- --quick` for a faster, rougher run).

use criterion::{Criterion, criterion_group, criterion_main};
use georisk::ui::{ResultsStatus, ResultsWorker, SETTLE_SECONDS};
use std::time::{Duration, Instant};

/// Polls the worker (as frames would, every 0.2 ms) until `done` holds.
fn wait(
    worker: &mut ResultsWorker,
    ctx: &egui::Context,
    scenario: &georisk::model::Scenario,
    now: f64,
    done: impl Fn(&ResultsWorker) -> bool,
) {
    let start = Instant::now();
    while !done(worker) {
        worker.update(ctx, scenario, scenario.seed, 0, now);
        std::thread::sleep(Duration::from_micros(200));
        assert!(start.elapsed() < Duration::from_secs(60), "the worker never got there");
    }
}

fn live_results(c: &mut Criterion) {
    let mut flagship =
        georisk::io::load_str(include_str!("../scenarios/russia-dprk-2024.ron"), "russia-dprk-2024.ron")
            .expect("the flagship is valid");
    let ctx = egui::Context::default();
    let mut worker = ResultsWorker::new(georisk::model::DEFAULT_TRIALS);
    let mut clock = 0.0;
    let mut group = c.benchmark_group("flagship live results, 100k trials");
    group.sample_size(10);
    // Each edit moves the seed: every run is new work, of the same size, and the seed stands
    // in for the document revision the app would pass.
    let edit = |flagship: &mut georisk::model::Scenario, clock: &mut f64| {
        flagship.seed = flagship.seed.wrapping_add(1);
        *clock += 10.0;
    };
    let current = |w: &ResultsWorker| w.figures().is_some_and(|(g, _)| g == w.generation());
    group.bench_function("edit -> preview (10,000 trials)", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                edit(&mut flagship, &mut clock);
                let start = Instant::now();
                worker.update(&ctx, &flagship, flagship.seed, 0, clock);
                wait(&mut worker, &ctx, &flagship, clock, current);
                total += start.elapsed();
            }
            total
        })
    });
    let full_figures =
        |w: &ResultsWorker| w.figures().is_some_and(|(g, r)| g == w.generation() && r.trials == w.trials());
    group.bench_function("edit -> full run's figures (after the settle pause)", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                edit(&mut flagship, &mut clock);
                worker.update(&ctx, &flagship, flagship.seed, 0, clock);
                wait(&mut worker, &ctx, &flagship, clock, current);
                let start = Instant::now();
                wait(&mut worker, &ctx, &flagship, clock + SETTLE_SECONDS, full_figures);
                total += start.elapsed();
            }
            total
        })
    });
    group.bench_function("edit -> full analysis (after the settle pause)", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                edit(&mut flagship, &mut clock);
                worker.update(&ctx, &flagship, flagship.seed, 0, clock);
                wait(&mut worker, &ctx, &flagship, clock, current);
                let start = Instant::now();
                wait(&mut worker, &ctx, &flagship, clock + SETTLE_SECONDS, |w| {
                    *w.status() == ResultsStatus::UpToDate
                });
                total += start.elapsed();
            }
            total
        })
    });
    group.finish();
}

criterion_group!(benches, live_results);
criterion_main!(benches);
