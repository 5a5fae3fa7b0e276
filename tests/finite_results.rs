//! Results are finite or refused: moves that compound past what a float can hold are refused at
//! validation with the market named (for the base scenario and for a variant), and a scenario at
//! every bound at once still gives finite figures in every output.

use georisk::engine::{self, Control, Settings};
use georisk::model::{Item, MAX_COMPOUND};

/// `count` events that each move market "m" by +1,000% (growth ×11), with a variant that adds one
/// more such move when `variant_adds` is set.
fn compounding(count: usize, variant_adds: bool) -> String {
    let events: Vec<String> = (0..count + 1)
        .map(|i| format!(r#"Event(id: "e{i}", likelihood: 0.5, markets: {{"m": Fixed(0.1)}})"#))
        .collect();
    let mut events = events;
    // Events 0..count move by +1,000%; the last moves by +10% unless the variant makes it +1,000%.
    for event in events.iter_mut().take(count) {
        *event = event.replace("Fixed(0.1)", "Fixed(10.0)");
    }
    let variant = if variant_adds {
        format!(r#"variants: [Variant(name: "more", shocks: {{"e{count}": {{"m": Fixed(10.0)}}}})],"#)
    } else {
        String::new()
    };
    format!(
        r#"Scenario(title: "Compounding", horizon_months: 1200,
            markets: [Market(id: "m", volatility: 3.0, drift: 2.0), Market(id: "n", volatility: 3.0)],
            events: [{}],
            portfolio: Portfolio(holdings: [Holding(market: "m", value: 1e15), Holding(market: "n", value: -1e15)]),
            {variant})"#,
        events.join(",\n")
    )
}

fn problems(text: &str) -> Vec<georisk::model::Problem> {
    georisk::model::validate(&georisk::io::parse_str(text).expect("parses"))
}

#[test]
fn moves_that_compound_past_the_bound_are_refused_with_the_market_named() {
    // 11^28 ≈ 1.4e29 is within 1e30; 11^29 ≈ 1.6e30 is not (×1.1 for the small move).
    assert!(11f64.powi(28) * 1.1 < MAX_COMPOUND && 11f64.powi(29) > MAX_COMPOUND);
    assert!(problems(&compounding(28, false)).is_empty(), "28 moves of +1,000% are accepted");
    let refused = problems(&compounding(29, false));
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0].item, Item::Market(0));
    let message = refused[0].to_string();
    assert!(message.contains("its price would multiply by 1.7e30"), "{message}");
    assert!(message.contains("at most 1e30"), "{message}");
    assert!(message.contains("\"e0\" +1000%"), "names the biggest movers: {message}");
}

#[test]
fn a_variant_that_compounds_past_the_bound_is_refused_by_name() {
    let refused = problems(&compounding(28, true));
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0].item, Item::Variant(0));
    let message = refused[0].to_string();
    assert!(message.contains("with this variant, market \"m\""), "{message}");
}

#[test]
fn a_scenario_at_every_bound_gives_finite_figures_everywhere() {
    let scenario = georisk::io::parse_str(&compounding(28, false)).unwrap();
    let settings = Settings { trials: 20_000, ..Settings::for_scenario(&scenario) };
    let analysis = engine::analyse(&scenario, &settings, &Control::new()).expect("runs");
    // JSON writes a NaN or an infinity as null; the only nulls allowed are the fields that are
    // null in a tame run of the same shape (an event with no region has no severity cell).
    let json = georisk::report::json(&analysis).expect("JSON");
    let tame = georisk::io::parse_str(&compounding(28, false).replace("Fixed(10.0)", "Fixed(0.1)")).unwrap();
    let tame = engine::analyse(&tame, &settings, &Control::new()).expect("runs");
    let tame_json = georisk::report::json(&tame).expect("JSON");
    assert_eq!(null_fields(&json), null_fields(&tame_json));
    assert!(!null_fields(&json).contains("mean") && !null_fields(&json).contains("es99"));
    let csv = georisk::report::csv(&analysis).expect("CSV");
    let table = georisk::report::table(&analysis);
    for text in [&csv, &table] {
        for bad in ["inf", "NaN"] {
            assert!(!text.contains(bad), "an output carries {bad}");
        }
    }
}

/// The names of the fields whose value is null, anywhere in a JSON document.
fn null_fields(json: &str) -> std::collections::BTreeSet<String> {
    fn walk(value: &serde_json::Value, key: &str, out: &mut std::collections::BTreeSet<String>) {
        match value {
            serde_json::Value::Null => {
                out.insert(key.to_owned());
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, key, out)),
            serde_json::Value::Object(fields) => fields.iter().for_each(|(k, v)| walk(v, k, out)),
            _ => {}
        }
    }
    let mut out = std::collections::BTreeSet::new();
    walk(&serde_json::from_str(json).expect("valid JSON"), "", &mut out);
    out
}
