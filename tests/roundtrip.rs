//! Properties of the file format over generated scenarios: any valid scenario validates clean,
//! saves to text that loads back equal, and saves again to the same bytes; and no text at all,
//! however broken, makes loading panic.

mod strategies;

use georisk::io;
use georisk::model::{EventKind, GroupKind, Likelihood, RiskMatrix, validate};
use proptest::prelude::*;
use proptest::sample::{Index, select};
use std::collections::BTreeSet;
use strategies::valid_scenario;
proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_generated_scenario_is_valid_and_round_trips_byte_identically(scenario in valid_scenario()) {
        let problems = validate(&scenario);
        prop_assert!(problems.is_empty(), "generated scenario has problems: {problems:?}");
        let saved = io::to_ron_string(&scenario);
        let loaded = match io::load_str(&saved, "generated.ron") {
            Ok(loaded) => loaded,
            Err(e) => return Err(TestCaseError::fail(format!("{e}\n--- text ---\n{saved}"))),
        };
        prop_assert_eq!(&loaded, &scenario);
        prop_assert_eq!(io::to_ron_string(&loaded), saved);
    }
}

/// The property above is only as strong as the generator: check that it reaches every feature.
#[test]
fn the_generator_reaches_every_feature_of_the_format() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, TestRunner};
    let mut runner = TestRunner::new(Config::default());
    let strategy = valid_scenario();
    let mut seen = BTreeSet::new();
    for _ in 0..300 {
        let s = strategy.new_tree(&mut runner).unwrap().current();
        let mut see = |feature: &'static str, present: bool| {
            if present {
                seen.insert(feature);
            }
        };
        let events = &s.events;
        see("range likelihood", events.iter().any(|e| matches!(e.likelihood, Likelihood::Range(_))));
        for kind in ["Fixed", "Normal", "Triangular", "Uniform"] {
            see(kind, events.iter().flat_map(|e| e.markets.values()).any(|shock| shock.kind_name() == kind));
        }
        see("region impact", events.iter().any(|e| !e.regions.is_empty()));
        see("link", !s.links.is_empty());
        see("exactly-one group", s.groups.iter().any(|g| g.kind == GroupKind::ExactlyOne));
        see("at-most-one group", s.groups.iter().any(|g| g.kind == GroupKind::AtMostOne));
        see("holding", !s.portfolio.holdings.is_empty());
        see("variant likelihood", s.variants.iter().any(|v| !v.likelihoods.is_empty()));
        see("variant shock", s.variants.iter().any(|v| !v.shocks.is_empty()));
        see("variant holding", s.variants.iter().any(|v| !v.holdings.is_empty()));
        see("custom matrix", s.matrix != RiskMatrix::default());
        see("market region", s.markets.iter().any(|m| m.region.is_some()));
        let texts: Vec<&str> = events.iter().map(|e| e.name.as_str()).chain(s.notes.as_deref()).collect();
        see("quote in text", texts.iter().any(|t| t.contains('"')));
        see("newline in text", texts.iter().any(|t| t.contains('\n')));
        see("non-ASCII text", texts.iter().any(|t| !t.is_ascii()));
        see("leadership change", events.iter().any(|e| matches!(e.kind, EventKind::LeadershipChange { .. })));
        see("custom kind", events.iter().any(|e| e.kind == EventKind::Custom));
        see("as-of date", s.as_of.is_some());
        see("criterion", events.iter().any(|e| e.criterion.is_some()));
        see("happened", events.iter().any(|e| e.resolution.as_ref().is_some_and(|r| r.happened)));
        see("did not happen", events.iter().any(|e| e.resolution.as_ref().is_some_and(|r| !r.happened)));
        see("dated outcome", events.iter().any(|e| e.resolution.as_ref().is_some_and(|r| r.when.is_some())));
    }
    let all = [
        "range likelihood",
        "Fixed",
        "Normal",
        "Triangular",
        "Uniform",
        "region impact",
        "link",
        "exactly-one group",
        "at-most-one group",
        "holding",
        "variant likelihood",
        "variant shock",
        "variant holding",
        "as-of date",
        "criterion",
        "happened",
        "did not happen",
        "dated outcome",
        "custom matrix",
        "market region",
        "quote in text",
        "newline in text",
        "non-ASCII text",
        "leadership change",
        "custom kind",
    ];
    let missing: Vec<&str> = all.into_iter().filter(|f| !seen.contains(f)).collect();
    assert!(missing.is_empty(), "never generated: {missing:?}");
}

/// Loads text as `georisk validate` does, rendering every error as it would be printed.
fn load_and_render(text: &str) {
    if let Err(error) = io::load_str(text, "fuzz.ron") {
        assert!(!error.diagnostics.is_empty());
        let _ = error.to_string();
    }
    if let Err(diagnostic) = io::parse_str(text) {
        let _ = diagnostic.render("fuzz.ron");
    }
}

const BASE: &str = include_str!("corpus/valid/base.ron");
const CONTRACT: &str = include_str!("fixtures/contract.ron");

/// Pieces of RON that, spliced anywhere, make the parser take unusual paths.
fn ron_token() -> impl Strategy<Value = String> {
    select(vec![
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ",",
        ":",
        "\"",
        "\\",
        "//",
        "/*",
        "*/",
        "r#\"",
        "\"#",
        "NaN",
        "inf",
        "-inf",
        "1e400",
        "-0",
        "0x1F",
        "Some(",
        "None",
        "true",
        "()",
        "b\"x\"",
        "'c'",
        "#![enable(unwrap_newtypes)]",
        "format: 2,",
        "format: 0,",
        "\u{0}",
        "é",
        "🦀",
        "\n",
        "Range(",
        "Fixed(",
        "id: \"x\"",
        "99999999999999999999999",
        "[[[[[[[[[[",
        "((((((((((",
    ])
    .prop_map(str::to_owned)
}

#[test]
fn every_truncation_of_a_valid_file_is_an_error_with_a_position_never_a_panic() {
    for text in [BASE, CONTRACT] {
        let closing_bracket = text.trim_end().len() - 1;
        for (cut, _) in text.char_indices().take_while(|&(cut, _)| cut <= closing_bracket) {
            let truncated = &text[..cut];
            load_and_render(truncated);
            let error = io::parse_str(truncated).expect_err("a truncated file must not load");
            assert!(
                error.line.is_some() || truncated.trim().is_empty(),
                "no position for a cut at byte {cut}: {}",
                error.message
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn loading_arbitrary_text_never_panics(text in any::<String>()) {
        load_and_render(&text);
    }

    #[test]
    fn loading_a_valid_file_with_flipped_bytes_never_panics(
        flips in proptest::collection::vec((any::<Index>(), any::<u8>()), 1..8),
        contract in any::<bool>(),
    ) {
        let mut bytes = if contract { CONTRACT } else { BASE }.as_bytes().to_vec();
        for (at, byte) in flips {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        load_and_render(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn loading_a_valid_file_with_spliced_tokens_never_panics(
        edits in proptest::collection::vec((any::<Index>(), 0..4usize, ron_token()), 1..6),
    ) {
        let mut text = BASE.to_owned();
        for (at, delete, token) in edits {
            let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            let start = at.get(&boundaries).to_owned();
            let end = boundaries.iter().copied().find(|&b| b >= start + delete).unwrap_or(text.len());
            text.replace_range(start..end, &token);
        }
        load_and_render(&text);
    }

    #[test]
    fn loading_a_mutated_generated_scenario_never_panics(
        scenario in valid_scenario(),
        cut in any::<Index>(),
        token in ron_token(),
    ) {
        let mut text = io::to_ron_string(&scenario);
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let at = cut.get(&boundaries).to_owned();
        text.insert_str(at, &token);
        load_and_render(&text);
        load_and_render(&text[..at]);
    }
}

/// Every example in `scenarios/` and every scenario built into the binary.
fn example_files() -> Vec<(String, String)> {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{e}"))
        .map(|entry| entry.unwrap_or_else(|e| panic!("{e}")).path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "ron"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
            (path.display().to_string(), text)
        })
        .collect();
    files.sort();
    files.extend(io::BUNDLED.iter().map(|(name, text)| (format!("<bundled {name}>"), (*text).to_owned())));
    files
}

#[test]
fn every_example_scenario_loads_validates_and_round_trips_byte_identically() {
    let files = example_files();
    assert!(files.len() >= 2, "scenarios/ and the bundled examples are not empty");
    for (origin, text) in files {
        let scenario = io::load_str(&text, &origin).unwrap_or_else(|e| panic!("{e}"));
        let saved = io::to_ron_string(&scenario);
        let reloaded = io::load_str(&saved, &origin).unwrap_or_else(|e| panic!("{e}\n{saved}"));
        assert_eq!(reloaded, scenario, "{origin}: save then load changed the scenario");
        assert_eq!(io::to_ron_string(&reloaded), saved, "{origin}: save, load, save changed the bytes");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever the rest of the file holds (notes full of quotes, `id:` inside strings, unicode),
    /// one unknown market is one problem, pointed at the line of its event.
    #[test]
    fn one_unknown_market_is_one_problem_located_at_its_event(
        scenario in valid_scenario(),
        at in any::<Index>(),
    ) {
        prop_assume!(!scenario.events.is_empty());
        let mut scenario = scenario;
        let k = at.index(scenario.events.len());
        let unknown = georisk::model::Id::new("zz-no-such-market").unwrap();
        scenario.events[k].markets.insert(unknown, georisk::model::Shock::fixed(0.01).unwrap());
        let text = io::to_ron_string(&scenario);
        let error = io::load_str(&text, "one-fault.ron").expect_err("an unknown market is a problem");
        prop_assert_eq!(error.diagnostics.len(), 1, "{}", error);
        let d = &error.diagnostics[0];
        let id = scenario.events[k].id.as_str();
        prop_assert_eq!(d.path.clone(), Some(format!("events[{k}] \"{id}\"")));
        prop_assert!(d.message.contains("market \"zz-no-such-market\" is not defined"), "{}", d.message);
        let line = d.source_line().unwrap_or_default();
        prop_assert!(line.contains(&format!("id: \"{id}\"")), "located at {:?}: {:?}", d.position(), line);
    }

    /// A copy of an event under the same id is one problem, at the copy, not at the original.
    #[test]
    fn a_duplicated_event_is_one_problem_located_at_the_copy(
        scenario in valid_scenario(),
        at in any::<Index>(),
    ) {
        prop_assume!(!scenario.events.is_empty());
        let mut scenario = scenario;
        let k = at.index(scenario.events.len());
        let copy = scenario.events[k].clone();
        scenario.events.push(copy);
        let text = io::to_ron_string(&scenario);
        let error = io::load_str(&text, "one-fault.ron").expect_err("a duplicate id is a problem");
        prop_assert_eq!(error.diagnostics.len(), 1, "{}", error);
        let d = &error.diagnostics[0];
        let id = scenario.events[k].id.as_str();
        let last = scenario.events.len() - 1;
        prop_assert!(d.message.contains(&format!("is already used by events[{k}]")), "{}", d.message);
        let first_line = text.lines().position(|l| l.contains(&format!("id: \"{id}\""))).unwrap() + 1;
        prop_assert!(d.line > Some(first_line), "events[{}] located at {:?}, the original is on line {}", last, d.line, first_line);
        let id_field = format!("id: \"{id}\"");
        prop_assert!(d.source_line().unwrap_or_default().contains(&id_field), "{:?}", d.source_line());
    }
}
