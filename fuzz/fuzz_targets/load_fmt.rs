//! Any bytes: loading never panics; every message is safe to print and bounded; a scenario that
//! parses formats to canonical text that parses back and formats to the same bytes again (and, when
//! valid, to the same scenario) (so `fmt` can never change a scenario or write a file it would refuse).
#![no_main]

use georisk::io;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match io::load_str(text, "fuzz.ron") {
        Ok(_) => {}
        Err(error) => {
            assert!(error.diagnostics.len() <= io::MAX_LISTED);
            let rendered = error.to_string();
            assert!(
                !rendered.chars().any(|c| !matches!(c, '\n' | '\t') && io::printable::is_unsafe(c)),
                "unsafe character in {rendered:?}"
            );
        }
    }
    if let Ok(scenario) = io::parse_str(text) {
        let canonical = io::to_ron_string(&scenario);
        let back =
            io::parse_str(&canonical).unwrap_or_else(|d| panic!("canonical text does not parse: {d:?}"));
        assert_eq!(io::to_ron_string(&back), canonical, "canonical form is not stable");
        // A scenario with problems may hold a NaN (which equals nothing); a valid one must be equal.
        if georisk::model::validate(&scenario).is_empty() {
            assert_eq!(back, scenario, "the round trip changed the scenario");
        }
    }
});
