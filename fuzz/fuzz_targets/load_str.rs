//! Arbitrary bytes into the scenario reader: no input may panic, hang or exhaust memory, and any
//! input that loads must save to canonical text that loads back equal and saves to the same bytes.

#![no_main]

use georisk::io;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Bytes that are not UTF-8 never reach the parser: `io::read_text` refuses them first.
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Err(diagnostic) = io::parse_str(text) {
        let _ = diagnostic.render("fuzz.ron");
    }
    match io::load_str(text, "fuzz.ron") {
        Err(error) => {
            assert!(!error.diagnostics.is_empty(), "an error must name at least one problem");
            let _ = error.to_string();
        }
        Ok(scenario) => {
            let saved = io::to_ron_string(&scenario);
            let reloaded = io::load_str(&saved, "saved.ron")
                .unwrap_or_else(|e| panic!("the canonical form of a valid scenario does not load: {e}"));
            assert_eq!(reloaded, scenario, "save then load changed the scenario");
            assert_eq!(io::to_ron_string(&reloaded), saved, "save, load, save changed the bytes");
        }
    }
});
