//! Frame cost of the editor: one frame of the whole app (menu, outline, event editor, status
//! bar) on a generated 500-event scenario, in the kittest harness (no GPU: layout and
//! tessellation, not rasterisation). The goal is at most 8 ms per frame.

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use georisk::model::{
    Event, EventCategory, Finite, Holding, Id, Likelihood, Link, Market, Odds, Region, Scenario, Severity,
    Shock,
};
use georisk::ui::{AppConfig, Command, GeoriskApp, Preferences, Selection, Startup};

fn id(text: String) -> Id {
    Id::new(text).expect("generated ids are valid")
}

/// 500 events over 20 regions and 40 markets, each hitting 3 regions and 4 markets, with 200 links.
fn large_scenario() -> Scenario {
    let mut s = Scenario::new("Generated: 500 events");
    s.regions = (0..20)
        .map(|r| Region {
            id: id(format!("region-{r}")),
            name: format!("Region {r}"),
            countries: vec![],
            notes: None,
        })
        .collect();
    s.markets = (0..40)
        .map(|m| Market {
            id: id(format!("market-{m}")),
            name: format!("Market {m}"),
            kind: Default::default(),
            region: Some(id(format!("region-{}", m % 20))),
            volatility: None,
            drift: None,
            notes: None,
        })
        .collect();
    s.events = (0..500)
        .map(|e| Event {
            id: id(format!("event-{e}")),
            name: format!("Generated event number {e}"),
            kind: EventCategory::ALL[e % EventCategory::ALL.len()].empty_kind(),
            likelihood: Likelihood::point((e % 97) as f64 / 100.0).expect("a probability"),
            regions: (0..3)
                .map(|k| (id(format!("region-{}", (e + k * 7) % 20)), Severity::ALL[(e + k) % 5]))
                .collect(),
            markets: (0..4)
                .map(|k| {
                    (
                        id(format!("market-{}", (e + k * 11) % 40)),
                        Shock::normal(-0.02, 0.01).expect("a shock"),
                    )
                })
                .collect(),
            notes: Some("Generated for the frame-cost benchmark.".into()),
            criterion: None,
            resolution: None,
        })
        .collect();
    s.links = (0..200)
        .map(|k| Link {
            from: id(format!("event-{}", k * 2)),
            to: id(format!("event-{}", k * 2 + 1)),
            odds: Odds::new(1.5).expect("odds"),
            notes: None,
        })
        .collect();
    s.portfolio.holdings = (0..40)
        .map(|m| Holding {
            market: id(format!("market-{m}")),
            value: Finite::new(1e5).expect("finite"),
            notes: None,
        })
        .collect();
    s
}

fn editor_frame(c: &mut Criterion) {
    let config = AppConfig { startup: Startup::Scenario(Box::new(large_scenario())), recovery: None };
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(move |_cc| GeoriskApp::new(config, Preferences::default()));
    harness.state_mut().issue(Command::Select(Selection::Event(id("event-250".into()))));
    harness.run_steps(5);
    assert!(matches!(harness.state().selection(), Selection::Event(_)));
    c.bench_function("editor frame, 500 events", |b| b.iter(|| harness.step()));

    // While a slider is dragged every frame changes the scenario: validation and the undo
    // history's comparison and copy run each frame too.
    let mut value = 0.0;
    c.bench_function("editor frame while dragging, 500 events", |b| {
        b.iter(|| {
            value = (value + 0.01) % 1.0;
            harness.state_mut().scenario_mut().events[250].likelihood =
                Likelihood::point(value).expect("a probability");
            harness.step();
        })
    });
}

criterion_group!(benches, editor_frame);
criterion_main!(benches);
