//! Shared setup for the UI tests: the app in a kittest harness, with files and the recovery
//! folder in a temporary directory.

#![allow(dead_code, reason = "each test file uses a different part of the helpers")]
#![expect(clippy::unwrap_used, reason = "test helpers: a failed setup fails the test")]

use egui_kittest::Harness;
use georisk::io::RecoveryStore;
use georisk::ui::{AppConfig, GeoriskApp, Preferences, Startup};
use std::path::{Path, PathBuf};

pub const CONTRACT: &str = include_str!("../fixtures/contract.ron");
pub const SHELLS: &str = "DPRK ships artillery shells to Russia";
/// Trials of the live full run in the UI tests: a fifth of the default, so the debug build's
/// analysis stays quick; tests that check a count set their own.
pub const TEST_TRIALS: u64 = 20_000;

pub struct Setup {
    pub dir: tempfile::TempDir,
}

impl Setup {
    pub fn new() -> Setup {
        Setup { dir: tempfile::tempdir().unwrap() }
    }

    /// Writes `text` to a file in the temporary folder.
    pub fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    pub fn recovery(&self) -> RecoveryStore {
        RecoveryStore::in_folder(self.dir.path().join("recovery"))
    }

    pub fn harness(&self, startup: Startup) -> Harness<'static, GeoriskApp> {
        harness_with(startup, Some(self.recovery()), 1.0 / 60.0)
    }

    /// The app on a copy of `tests/fixtures/contract.ron`.
    pub fn contract(&self) -> (Harness<'static, GeoriskApp>, PathBuf) {
        let path = self.file("contract.ron", CONTRACT);
        (self.harness(Startup::File(path.clone())), path)
    }
}

pub fn harness_with(
    startup: Startup,
    recovery: Option<RecoveryStore>,
    step: f32,
) -> Harness<'static, GeoriskApp> {
    let config = AppConfig { startup, recovery };
    let mut harness = Harness::builder()
        .with_size([1280.0, 1000.0])
        .with_step_dt(step)
        .build_eframe(move |_cc| GeoriskApp::new(config, Preferences::default()));
    harness.state_mut().set_live_trials(TEST_TRIALS);
    harness.run_steps(2);
    harness
}

/// The scenario a file holds, parsed the way the app reads it.
pub fn on_disk(path: &Path) -> georisk::model::Scenario {
    georisk::io::parse_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

pub fn likelihood_of(app: &GeoriskApp, event: &str) -> f64 {
    app.scenario().event(event).unwrap().likelihood.mean()
}

/// Whether some text is shown (a label's text is its value, on the label and its text run).
pub fn shows(h: &Harness<'static, GeoriskApp>, text: &str) -> bool {
    use egui_kittest::kittest::Queryable;
    h.query_all_by_value(text).next().is_some()
}

pub fn id(s: &str) -> georisk::model::Id {
    georisk::model::Id::new(s).unwrap()
}

pub fn satellite(h: &Harness<'static, GeoriskApp>) -> georisk::model::Event {
    h.state().scenario().event("ru-satellite-tech").unwrap().clone()
}

/// Steps the app (and lets the worker thread run) until the result on screen is for the latest
/// edit; panics after two minutes, so a stuck worker fails the test instead of hanging it.
pub fn settle(h: &mut Harness<'static, GeoriskApp>) -> georisk::engine::Analysis {
    use georisk::ui::ResultsStatus;
    let start = std::time::Instant::now();
    loop {
        h.step();
        if let Some((ResultsStatus::UpToDate, generation, Some((shown, result)))) = h.state().live_results()
            && shown == generation
        {
            let result = result.clone();
            h.run_steps(3);
            return result;
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(120), "the results never arrived");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

/// Clicks Results in the outline and checks that it is the page shown.
pub fn open_results(h: &mut Harness<'static, GeoriskApp>) {
    use egui_kittest::kittest::Queryable;
    h.get_by_label("Results").click();
    h.run_steps(2);
    assert_eq!(h.state().selection(), &georisk::ui::Selection::Results);
}
