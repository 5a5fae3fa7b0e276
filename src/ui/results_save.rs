//! File ▸ Save results…: the results snapshot of what Results shows (its variant, the live
//! trials, the file's seed) — the text `georisk run --format ron` prints for the same — made
//! off the UI thread and written through `io::write_atomic`. Opening it again is
//! `snapshot_view`'s.

use super::app::GeoriskApp;
use super::file_dialogs::Purpose;
use super::modals::Modal;
use super::results;
use super::results_out::write_analysis;
use crate::engine::{Analysis, Settings};
use crate::model::Scenario;
use crate::report::html::utc_now;
use crate::report::snapshot::Snapshot;
use std::path::PathBuf;

const CANNOT_SAVE: &str = "Cannot save the results";

impl GeoriskApp {
    pub(crate) fn save_results_dialog(&mut self, ctx: &egui::Context) {
        let name = self.named_after_document("results.ron");
        let suggestion = self.suggestion(name);
        self.dialogs.show(ctx, self.prefs.file_dialog, Purpose::SaveResults, suggestion);
    }

    /// Simulates what Results shows (reusing its analysis when it is of exactly this) and
    /// writes the snapshot on a background thread. The open scenario's own file is refused:
    /// saving results over it would lose the scenario.
    pub(crate) fn save_results_to(&mut self, ctx: &egui::Context, output: PathBuf) {
        if self.refused_for_problems(CANNOT_SAVE) {
            return;
        }
        let same_file = |a: &std::path::Path| std::path::absolute(a).ok();
        if self.doc.path().is_some_and(|doc| same_file(doc) == same_file(&output)) {
            self.modal = Some(Modal::error(
                CANNOT_SAVE,
                format!(
                    "That is the open scenario's own file; saving results there would replace the scenario. Choose another name: {}",
                    output.display()
                ),
            ));
            return;
        }
        let held = self.results.worker.as_ref().and_then(results::ResultsWorker::current_analysis);
        let scenario = self.doc.scenario().clone();
        let settings = self.shown_settings();
        let job = move || save(&scenario, &settings, held, output);
        if let Err(why) = self.results_save.start_job(ctx, job) {
            self.modal = Some(Modal::error(CANNOT_SAVE, why));
        }
    }

    /// Says how a save of the results ended, once it has.
    pub(crate) fn poll_results_save(&mut self) {
        self.modal = match self.results_save.poll() {
            None => return,
            Some(Ok(path)) => Some(Modal::error(
                "Results saved",
                format!(
                    "The results were saved; Open results… in the File menu shows them read-only: {}",
                    path.display()
                ),
            )),
            Some(Err(why)) => Some(Modal::error(CANNOT_SAVE, format!("Nothing was written: {why}"))),
        };
    }
}

fn save(
    scenario: &Scenario,
    settings: &Settings,
    held: Option<Analysis>,
    output: PathBuf,
) -> Result<PathBuf, String> {
    write_analysis(scenario, settings, held, output, |analysis| {
        Snapshot::new(scenario, analysis, utc_now()).to_ron().map_err(|e| e.to_string())
    })
}
