//! Any bytes that load as a valid scenario: a small simulation never panics, and whatever the
//! engine returns is reported without a panic. (Finite results are the engine's contract, checked
//! by the engine's own tests; this target finds the panics and hangs on the way there.)
#![no_main]

use georisk::{engine, io};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(scenario) = io::load_str(text, "fuzz.ron") else { return };
    // Keep each execution small: a hostile-but-valid file may have 10,000 events.
    if scenario.events.len() > 200 || scenario.markets.len() > 200 {
        return;
    }
    let mut settings = engine::Settings::for_scenario(&scenario);
    settings.trials = 256;
    let control = engine::Control::new();
    let _ = engine::simulate(&scenario, &settings, &control);
});
