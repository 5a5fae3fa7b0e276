//! Bad input, file by file. Every file in `tests/corpus/broken/` is `tests/corpus/valid/base.ron`
//! with exactly one fault; loading it must give exactly one problem, with the expected message and
//! the expected line:column (for semantic problems, where the io locator finds the item), and must
//! never panic. Then: several problems at once, nesting a thousand deep anywhere, and files far
//! too large to read.

use georisk::io::{self, LoadError};
use std::path::{Path, PathBuf};

fn corpus(part: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus").join(part)
}

const fn at(line: usize, column: usize) -> Option<(usize, usize)> {
    Some((line, column))
}

/// A file with no text to point into has no position.
const NOWHERE: Option<(usize, usize)> = None;

/// `(file, line:column, fragment of "path: message")`.
type Case = (&'static str, Option<(usize, usize)>, &'static str);

/// One row per file of the corpus.
#[rustfmt::skip]
const CASES: &[Case] = &[
    // The file as a whole: empty, not text, truncated, too deep, a version this build cannot read.
    ("empty.ron", NOWHERE, "the file is empty; a scenario needs at least Scenario(title: \"...\")"),
    ("whitespace-only.ron", NOWHERE, "the file is empty"),
    ("binary-garbage.ron", at(2, 118), "this is not a text file: invalid UTF-8 at byte 136"),
    ("invalid-utf8-in-middle.ron", at(11, 37), "this file is not UTF-8: byte 0xFF at byte 390 looks like Latin-1 or Windows-1252 text"),
    ("utf16-text.ron", at(1, 1), "this file is UTF-16 text; save it as UTF-8"),
    ("truncated.ron", at(24, 15), "Expected string, but the file ends here; is it truncated?"),
    ("truncated-before-last-bracket.ron", at(61, 7), "the file ends before `Scenario(` from line 1 is closed: expected `)` here; is the file truncated or missing a closing bracket?"),
    ("text-after-the-end.ron", at(62, 2), "there is more text after the scenario's closing bracket; is a bracket closed too early?"),
    ("future-format.ron", at(2, 5), "this file is format 3, written by a newer georisk; this version reads format 2 and older"),
    ("format-zero.ron", at(2, 5), "format 0 does not exist; scenario files start at format 1"),
    ("deep-nesting-whole-file.ron", at(1, 1), "Expected opening `(` for struct `Scenario`"),
    ("deep-nesting-countries.ron", at(7, 58), "Expected string"),
    ("deep-nesting-notes.ron", at(52, 56), "Expected string"),
    ("very-long-line.ron", at(3, 100_044), "Unexpected field named `scale` in `Scenario`"),
    // Wrong types.
    ("title-is-a-number.ron", at(3, 11), "Expected string"),
    ("name-is-a-number.ron", at(11, 33), "Expected string"),
    ("likelihood-is-a-string.ron", at(19, 26), "Expected a probability like 0.85 or Range(low: 0.2, likely: 0.35, high: 0.6) but found the string \"high\""),
    ("holding-value-is-a-string.ron", at(51, 40), "Expected float"),
    ("event-regions-list-for-map.ron", at(35, 21), "Expected opening `{`"),
    ("countries-map-for-list.ron", at(7, 56), "Expected opening `[`"),
    ("severity-as-number.ron", at(35, 32), "a severity is a name: one of `Negligible`, `Minor`, `Moderate`, `Major` or `Severe` (1 to 5), found `7`"),
    // Unknown variants and fields, missing fields, duplicate keys.
    ("unknown-event-kind.ron", at(33, 19), "Unexpected variant named `Invasion` in enum `EventKind`, expected one of `LeadershipChange`"),
    ("unknown-event-kind-field.ron", at(33, 46), "Unexpected field named `yield_kt` in `NuclearTest`, expected `country`"),
    ("unknown-market-kind.ron", at(11, 48), "Unexpected variant named `Stock` in enum `MarketKind`"),
    ("unknown-severity.ron", at(35, 32), "Unexpected variant named `Catastrophic` in enum `Severity`, expected one of `Negligible`"),
    ("unknown-shock.ron", at(36, 30), "Unexpected variant named `LogNormal` in enum `Shock`, expected one of `Fixed`, `Normal`, `Triangular`, or `Uniform`"),
    ("matrix-unknown-rating.ron", at(65, 35), "Unexpected variant named `Severe` in enum `Rating`"),
    ("unknown-field-typo.ron", at(10, 80), "Unexpected field named `volatilty` in `Market`, expected one of `id`, `name`, `kind`, `region`, `volatility`"),
    ("unknown-scenario-field.ron", at(4, 5), "Unexpected field named `horizon` in `Scenario`"),
    ("range-unknown-field.ron", at(27, 41), "Range has no field `mode`; it takes `low`, `likely` and `high`"),
    ("missing-title.ron", at(61, 1), "`Scenario` needs a `title` field, which is missing here"),
    ("missing-likelihood.ron", at(36, 9), "events[2]: `Event` needs a `likelihood` field"),
    ("missing-holding-value.ron", at(52, 31), "portfolio.holdings[1]: `Holding` needs a `value` field"),
    ("range-missing-likely.ron", at(27, 50), "Range is missing `likely`; it needs `low`, `likely` and `high`"),
    ("duplicate-market-key.ron", at(21, 64), "key \"kospi\" appears twice in this map"),
    ("duplicate-region-key.ron", at(20, 43), "key \"korea\" appears twice in this map"),
    ("duplicate-variant-shock-key.ron", at(58, 62), "key \"kospi\" appears twice in this map"),
    ("bad-id-characters.ron", at(40, 20), "id \"cn support\" may only use letters, digits, '-', '_' and '.'"),
    ("id-too-long.ron", at(41, 20), "is longer than 64 characters"),
    // Numbers: out of range, not finite, too large, in the wrong order.
    ("probability-above-one.ron", at(19, 25), "likelihood: probability 1.7 is outside 0..=1"),
    ("range-probability-negative.ron", at(27, 65), "events[1].likelihood: Range low: probability -0.1 is outside 0..=1"),
    ("range-unordered.ron", at(27, 64), "range must satisfy low <= likely <= high, found low 0.5, likely 0.35, high 0.2"),
    ("nan-likelihood.ron", at(19, 25), "likelihood: NaN is not a finite number"),
    ("huge-float.ron", at(19, 25), "likelihood: inf is not a finite number"),
    ("huge-holding.ron", at(51, 41), "-inf is not a finite number"),
    ("huge-integer.ron", at(4, 21), "Integer is out of bounds"),
    ("inf-shock.ron", at(21, 80), "value: inf is not a finite number"),
    ("negative-sd.ron", at(21, 61), "sd: -0.01 is negative; it must be zero or more"),
    ("negative-volatility.ron", at(10, 92), "-0.2 is negative; it must be zero or more"),
    ("odds-zero.ron", at(45, 72), "0 must be greater than zero"),
    ("triangular-unordered.ron", at(28, 77), "triangular shock must satisfy low <= mode <= high, found low 0, mode -0.03, high -0.08"),
    ("uniform-unordered.ron", at(36, 61), "uniform shock must satisfy low <= high, found low -0.01, high -0.05"),
    // Words: what a person who made the mistake needs to read.
    ("cut-inside-a-string.ron", at(17, 19), "the file ends inside this string, whose closing `\"` is missing; is the file truncated?"),
    ("kind-quoted.ron", at(12, 53), "markets[2].kind: expected a name written without quotes here, found the string \"Fx\"; write `Fx`"),
    ("severity-six.ron", at(35, 32), "a severity is a name: one of `Negligible`, `Minor`, `Moderate`, `Major` or `Severe` (1 to 5), found `6`"),
    ("severity-three.ron", at(35, 32), "(1 to 5), found `3`; for 3 write `Moderate`"),
    ("id-non-ascii.ron", at(40, 20), "id \"ömx\" may only use letters, digits, '-', '_' and '.', and must start with a letter or digit; only ASCII letters a-z and A-Z count, and `ö` is not ASCII"),
    ("kind-custom-with-brackets.ron", at(40, 76), "events[5]: `Custom` takes no fields; write it without brackets: `Custom`"),
    ("latin1-text.ron", at(12, 37), "this file is not UTF-8: byte 0xE9 at byte 449 looks like Latin-1 or Windows-1252 text; save the file as UTF-8"),
    ("windows-1252-quotes.ron", at(11, 35), "this file is not UTF-8: byte 0x93 at byte 388 looks like Latin-1 or Windows-1252 text"),
    // Hostile text: escaped, never printed raw; long values elided with their length.
    ("id-escape-sequence.ron", at(40, 20), "id \"cn\\u{1b}[2J\\u{1b}[31msupport\" may only use letters"),
    ("id-right-to-left-override.ron", at(40, 20), "id \"\\u{202e}tnerb\" may only use letters"),
    ("id-ten-thousand-characters.ron", at(40, 20), "id \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx… (10,000 characters)\" is longer than 64 characters"),
    ("id-nul.ron", at(40, 20), "id \"cn\\u{0}support\" may only use letters"),
    ("variant-name-escape.ron", at(56, 13), "variants[0] \"Esc\\u{1b}]0;owned\\u{7}\\u{202e}\": event \"ru-satelite-tech\" is not defined"),
    ("unknown-field-bidi.ron", at(5, 5), "ti: Unexpected field named `ti` in `Scenario`"),
    // Bounds that keep every result finite.
    ("volatility-huge.ron", at(10, 16), "markets[0] \"kospi\": volatility 1e300 is above the most accepted, 3 (300% a year)"),
    ("volatility-above-max.ron", at(10, 16), "markets[0] \"kospi\": volatility 3.5 is above the most accepted, 3 (300% a year)"),
    ("holding-huge.ron", at(51, 17), "portfolio.holdings[0] \"kospi\": value 1e308 is beyond the largest accepted, ±1e15"),
    ("holding-short-huge.ron", at(52, 17), "portfolio.holdings[1] \"gold\": value -2e15 is beyond the largest accepted, ±1e15"),
    ("variant-holding-huge.ron", at(56, 13), "variants[0] \"Escalation\": holding of \"gold\": value 1e16 is beyond the largest accepted, ±1e15"),
    // Semantic rules: unknown ids (with a suggestion when one is close).
    ("unknown-region-in-market.ron", at(12, 16), "markets[2] \"krw\": region \"koera\" is not defined (did you mean \"korea\"?)"),
    ("unknown-region-in-event.ron", at(31, 13), "events[2] \"dprk-nuclear-test\": region \"koreaa\" is not defined (did you mean \"korea\"?)"),
    ("unknown-market-in-event.ron", at(16, 13), "events[0] \"dprk-shells\": market \"gld\" is not defined (did you mean \"gold\"?)"),
    ("unknown-market-transposed.ron", at(24, 13), "events[1] \"ru-satellite-tech\": market \"kopsi\" is not defined (did you mean \"kospi\"?)"),
    ("unknown-event-in-link.ron", at(45, 14), "links[1] \"ru-satellite-tech\" -> \"dprk-nucleartest\": event \"dprk-nucleartest\" is not defined (did you mean \"dprk-nuclear-test\"?)"),
    ("unknown-event-in-group.ron", at(48, 24), "groups[0] \"us-election\": event \"us-election-gop\" is not defined (did you mean \"us-election-rep\"?)"),
    ("holding-unknown-market.ron", at(52, 17), "portfolio.holdings[1] \"gold-bars\": market \"gold-bars\" is not defined"),
    ("variant-unknown-event.ron", at(56, 13), "variants[0] \"Escalation\": event \"ru-satelite-tech\" is not defined (did you mean \"ru-satellite-tech\"?)"),
    ("variant-shock-unknown-event.ron", at(56, 13), "variants[0] \"Escalation\": event \"dprk-shell\" is not defined (did you mean \"dprk-shells\"?)"),
    ("variant-shock-unknown-market.ron", at(56, 13), "variants[0] \"Escalation\": market \"kospl\" is not defined (did you mean \"kospi\"?)"),
    ("variant-holding-unknown-market.ron", at(56, 13), "variants[0] \"Escalation\": market \"silver\" is not defined"),
    // Duplicates.
    ("duplicate-region-id.ron", at(8, 16), "regions[2] \"korea\": region id \"korea\" is already used by regions[0]"),
    ("duplicate-market-id.ron", at(13, 16), "markets[3] \"gold\": market id \"gold\" is already used by markets[1]"),
    ("duplicate-event-id.ron", at(41, 15), "events[6] \"cn-support\": event id \"cn-support\" is already used by events[5]"),
    ("duplicate-group-id.ron", at(49, 24), "groups[1] \"us-election\": group id \"us-election\" is already used by groups[0]"),
    ("duplicate-link.ron", at(45, 14), "links[1] \"dprk-shells\" -> \"ru-satellite-tech\": the same link is given twice"),
    ("duplicate-variant-name.ron", at(61, 17), "variants[1] \"Escalation\": another variant has the same name"),
    ("market-held-twice.ron", at(52, 17), "portfolio.holdings[1] \"kospi\": market \"kospi\" is held twice"),
    ("group-member-twice.ron", at(49, 24), "groups[1] \"twice\": event \"ru-cyber\" is listed twice"),
    // Links and exclusive groups.
    ("link-cycle.ron", at(44, 14), "links form a cycle: \"dprk-shells\" -> \"ru-satellite-tech\" -> \"dprk-nuclear-test\" -> \"dprk-shells\""),
    ("self-link.ron", at(45, 14), "links[1] \"dprk-nuclear-test\" -> \"dprk-nuclear-test\": a link cannot point from an event to itself"),
    ("link-onto-group-member.ron", at(46, 14), "links[2] \"cn-support\" -> \"us-election-rep\": \"us-election-rep\" is in exclusive group \"us-election\""),
    ("at-most-one-sum-above-one.ron", at(49, 24), "groups[1] \"dprk-moves\": likelihoods of at most one event sum to 1.1000; they must not exceed 1"),
    ("exactly-one-sum-not-one.ron", at(48, 24), "groups[0] \"us-election\": likelihoods of exactly one event sum to 0.9500; they must sum to 1"),
    ("variant-group-sum.ron", at(48, 24), "sum to 1.4000 under variant \"Escalation\"; they must sum to 1"),
    ("event-in-two-groups.ron", at(49, 24), "groups[1] \"outcomes\": event \"us-election-rep\" is already in group \"us-election\""),
    ("group-with-one-member.ron", at(49, 24), "groups[1] \"lonely\": an exclusive group needs at least two events"),
    // The rest of the scenario.
    ("variant-without-name.ron", at(56, 13), "a variant needs a name"),
    ("matrix-labels-mismatch.ron", at(62, 5), "matrix: likelihood_labels has 4 labels but 4 edges make 5 bins"),
    ("matrix-edges-not-increasing.ron", at(62, 5), "matrix: likelihood_edges must be increasing probabilities between 0 and 1"),
    ("matrix-nan-edge.ron", at(62, 5), "matrix: impact_edges must be increasing positive shares of the portfolio"),
    ("matrix-ratings-shape.ron", at(62, 5), "matrix: ratings must have 5 rows (one per likelihood bin) of 5 ratings"),
    ("bad-currency.ron", at(50, 26), "portfolio.currency: portfolio currency \"usd\" is not an ISO 4217 code like \"USD\""),
    ("bad-country-code.ron", at(7, 16), "regions[1] \"russia\": country \"Russia\" is not an ISO 3166 code like \"KR\""),
    ("horizon-zero.ron", at(4, 5), "horizon_months: horizon_months is 0; it must be 1 to 1200"),
    ("empty-title.ron", at(3, 5), "scenario: title is empty; give the scenario a title"),
];

/// Loads a file, turning a panic into an error that names the file.
fn load_without_panic(path: &Path) -> Result<Result<georisk::model::Scenario, LoadError>, String> {
    std::panic::catch_unwind(|| io::load_file(path)).map_err(|_| format!("{}: panicked", path.display()))
}

/// What is wrong with one case, or `None` when it gives exactly the expected problem.
fn check(file: &str, expected_at: Option<(usize, usize)>, fragment: &str) -> Option<String> {
    let path = corpus("broken").join(file);
    let error = match load_without_panic(&path) {
        Err(panic) => return Some(panic),
        Ok(Ok(_)) => return Some(format!("{file}: loaded, but it is broken")),
        Ok(Err(error)) => error,
    };
    let [diagnostic] = error.diagnostics.as_slice() else {
        return Some(format!("{file}: expected one problem, got:\n{error}"));
    };
    let said = match &diagnostic.path {
        Some(item) => format!("{item}: {}", diagnostic.message),
        None => diagnostic.message.clone(),
    };
    let found_at = diagnostic.line.zip(diagnostic.column);
    let mut wrong = Vec::new();
    if !said.contains(fragment) {
        wrong.push(format!("message {said:?} lacks {fragment:?}"));
    }
    if found_at != expected_at {
        wrong.push(format!("position {found_at:?}, expected {expected_at:?}"));
    }
    // What `georisk validate` prints starts with file:line:column, as an editor expects.
    let origin = path.display().to_string();
    let expected_start = match expected_at {
        Some((line, column)) => format!("{origin}:{line}:{column}: "),
        None => format!("{origin}: "),
    };
    let rendered = error.to_string();
    if let Some(c) = rendered.chars().find(|&c| c != '\n' && io::printable::is_unsafe(c)) {
        wrong.push(format!("the rendered error holds {c:?} raw"));
    }
    if rendered.len() > 4000 {
        wrong.push(format!("the rendered error is {} bytes long", rendered.len()));
    }
    if !error.to_string().starts_with(&expected_start) {
        wrong.push(format!("rendered as {:?}", error.to_string().chars().take(300).collect::<String>()));
    }
    (!wrong.is_empty()).then(|| format!("{file}: {}", wrong.join("; ")))
}

#[test]
fn the_base_of_the_corpus_is_valid_so_each_broken_file_has_exactly_its_one_fault() {
    let base = io::load_file(&corpus("valid/base.ron"));
    assert!(base.is_ok(), "{}", base.err().map(|e| e.to_string()).unwrap_or_default());
}

/// Valid files in odd clothing: a byte-order mark, CRLF line endings, escape sequences and
/// bidirectional overrides in titles and names (valid text; escaped only when printed).
#[test]
fn every_valid_file_of_the_corpus_loads() {
    let base = io::load_file(&corpus("valid/base.ron")).unwrap_or_else(|e| panic!("{e}"));
    for name in ["with-bom.ron", "crlf-line-endings.ron", "hostile-text-valid.ron"] {
        let loaded = io::load_file(&corpus("valid").join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(loaded.events, base.events, "{name}");
    }
    let hostile = io::load_file(&corpus("valid/hostile-text-valid.ron")).unwrap_or_else(|e| panic!("{e}"));
    assert!(hostile.title.contains('\u{1b}') && hostile.title.contains('\u{202e}'));
}

#[test]
fn every_broken_file_gives_its_expected_problem_at_its_position() {
    let failures: Vec<String> =
        CASES.iter().filter_map(|&(file, at, fragment)| check(file, at, fragment)).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn the_table_and_the_corpus_folder_list_the_same_files() {
    let mut on_disk: Vec<String> = std::fs::read_dir(corpus("broken"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut in_table: Vec<String> = CASES.iter().map(|(file, ..)| (*file).to_owned()).collect();
    in_table.sort();
    let before = in_table.len();
    in_table.dedup();
    assert_eq!(before, in_table.len(), "a file is listed twice in CASES");
    assert_eq!(on_disk, in_table);
    assert!(on_disk.len() >= 100, "the corpus must hold at least 100 broken files");
}

#[test]
fn a_file_with_several_problems_reports_all_of_them_in_file_order_with_positions() {
    let path = corpus("several/five-problems.ron");
    let error = io::load_file(&path).expect_err("the file has five problems");
    let found: Vec<(Option<usize>, String)> = error
        .diagnostics
        .iter()
        .map(|d| (d.line, format!("{}: {}", d.path.as_deref().unwrap_or(""), d.message)))
        .collect();
    let expected = [
        (10, "events[2] \"shells\": event id \"shells\" is already used by events[0]"),
        (8, "events[0] \"shells\": market \"kopsi\" is not defined (did you mean \"kospi\"?)"),
        (13, "links[0] \"satellite\" -> \"test\": event \"test\" is not defined"),
        (15, "portfolio.currency: portfolio currency \"Dollars\" is not an ISO 4217 code"),
        (17, "portfolio.holdings[1] \"gold\": market \"gold\" is held twice"),
    ];
    assert_eq!(found.len(), expected.len(), "{error}");
    for ((line, said), (expected_line, fragment)) in found.iter().zip(expected) {
        assert!(said.contains(fragment), "{said:?} lacks {fragment:?}");
        assert_eq!(*line, Some(expected_line), "{said}");
    }
}

/// The base file with one value replaced by `depth` opening brackets and as many closing ones.
fn nested_at(value: &str, open: char, depth: usize) -> String {
    let base = std::fs::read_to_string(corpus("valid/base.ron")).unwrap_or_else(|e| panic!("{e}"));
    let close = match open {
        '[' => ']',
        '(' => ')',
        _ => '}',
    };
    let nest = format!("{}{}", open.to_string().repeat(depth), close.to_string().repeat(depth));
    assert_eq!(base.matches(value).count(), 1, "{value} must occur once in the base");
    base.replacen(value, &nest, 1)
}

#[test]
fn nesting_a_thousand_deep_in_any_value_is_an_error_with_a_position_not_a_crash() {
    let values = [
        "\"Corpus base\"",
        "0.8",
        "[\"RU\"]",
        "Commodity",
        "Fixed(0.01)",
        "{\"ru-satellite-tech\": 0.7}",
        "Range(low: 0.2, likely: 0.35, high: 0.6)",
        "ArmsTransfer(from: \"KP\", to: \"RU\", systems: \"152 mm shells\")",
    ];
    for value in values {
        for open in ['[', '(', '{'] {
            let text = nested_at(value, open, 1000);
            let error = io::load_str(&text, "nested.ron").expect_err("a thousand brackets is not a scenario");
            let first = &error.diagnostics[0];
            assert!(first.line.is_some() && first.column.is_some(), "{value} {open}: {error}");
        }
    }
}

#[test]
fn nesting_a_hundred_thousand_deep_is_refused_without_overflowing_the_stack() {
    for open in ["[", "(", "{", "Some("] {
        let text = format!("Scenario(title: \"x\", notes: {})", open.repeat(100_000));
        assert!(io::parse_str(&text).is_err());
        let text = format!("{})", open.repeat(100_000));
        assert!(io::parse_str(&text).is_err());
    }
}

#[test]
fn a_50_mib_file_is_refused_before_it_is_read_with_its_size_and_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.ron");
    let mut text = String::from("Scenario(title: \"huge\", notes: \"");
    text.push_str(&"x".repeat(50 * 1024 * 1024 - text.len() - 3));
    text.push_str("\")\n");
    std::fs::write(&path, &text).unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 50 * 1024 * 1024);
    let error = io::load_file(&path).expect_err("50 MiB is over the limit");
    let message = error.to_string();
    assert!(message.contains("the file is 50.0 MiB"), "{message}");
    assert!(message.contains("files larger than 16 MiB are refused"), "{message}");
    assert_eq!(io::MAX_FILE_BYTES, 16 * 1024 * 1024);
}

#[cfg(unix)]
#[test]
fn an_endless_stream_is_refused_as_not_a_regular_file() {
    let error = io::load_file(Path::new("/dev/zero")).expect_err("an endless stream is no scenario");
    assert_eq!(
        error.to_string(),
        "/dev/zero: this is a device, not a regular file; georisk reads only regular files"
    );
}

/// `events` events, the first `linked` of them in a chain of links, the rest in exclusive pairs,
/// on `markets` markets, all held, with a variant overriding every tenth event.
fn large_scenario(events: usize, linked: usize, markets: usize) -> String {
    let mut text = String::from("Scenario(\n    title: \"Large\",\n    markets: [\n");
    for m in 0..markets {
        text.push_str(&format!("        Market(id: \"m{m}\", kind: EquityIndex, volatility: 0.2),\n"));
    }
    text.push_str("    ],\n    events: [\n");
    for e in 0..events {
        text.push_str(&format!(
            "        Event(id: \"e{e}\", kind: Custom, likelihood: 0.1, markets: {{\"m{}\": Normal(mean: -0.01, sd: 0.02)}}),\n",
            e % markets
        ));
    }
    text.push_str("    ],\n    links: [\n");
    for e in 1..linked {
        text.push_str(&format!("        Link(from: \"e{}\", to: \"e{e}\", odds: 1.5),\n", e - 1));
    }
    text.push_str("    ],\n    groups: [\n");
    for e in (linked..events - 1).step_by(2) {
        text.push_str(&format!(
            "        ExclusiveGroup(id: \"g{e}\", events: [\"e{e}\", \"e{}\"]),\n",
            e + 1
        ));
    }
    text.push_str("    ],\n    portfolio: Portfolio(holdings: [\n");
    for m in 0..markets {
        text.push_str(&format!("        Holding(market: \"m{m}\", value: 1000.0),\n"));
    }
    text.push_str("    ]),\n    variants: [Variant(name: \"More\", likelihoods: {");
    for e in (0..events).step_by(10) {
        text.push_str(&format!("\"e{e}\": 0.2, "));
    }
    text.push_str("})],\n)\n");
    text
}

#[test]
fn five_thousand_events_load_and_validate() {
    let text = large_scenario(5000, 2000, 50);
    let scenario = io::load_str(&text, "large.ron").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(scenario.events.len(), 5000);
    assert_eq!(scenario.links.len(), 1999);
    assert_eq!(scenario.groups.len(), 1500);
    assert!(georisk::model::validate(&scenario).is_empty());
}

#[test]
fn five_thousand_unknown_ids_are_counted_and_the_first_two_hundred_listed_and_located() {
    // Every event shocks a market that does not exist: one problem per event.
    let text = large_scenario(5000, 2000, 50).replace("{\"m", "{\"x");
    let error = io::load_str(&text, "large.ron").expect_err("every event names an unknown market");
    assert_eq!(error.diagnostics.len(), io::MAX_LISTED);
    assert_eq!(error.more, 4800);
    assert_eq!(error.total(), 5000);
    assert!(error.diagnostics.iter().all(|d| d.line.is_some()));
    assert_eq!(error.diagnostics[0].line, Some(56), "events[0] is on the line after the 50 markets");
    let rendered = error.to_string();
    assert!(
        rendered.ends_with("large.ron: … and 4,800 more problems (only the first 200 are listed)"),
        "{}",
        &rendered[rendered.len() - 200..]
    );
}
