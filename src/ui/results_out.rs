//! Results out of the app: File ▸ Export results ▸ CSV… and JSON… write exactly what `georisk run
//! --format csv|json` prints for the same scenario, trials and seed (the text is `report`'s),
//! made off the UI thread; and tables copied as tab-separated text for a spreadsheet.

use super::app::GeoriskApp;
use super::file_dialogs::Purpose;
use super::modals::Modal;
use super::results;
use crate::engine::{self, Analysis, Control, Settings};
use crate::io;
use crate::model::Scenario;
use crate::report;
use std::path::PathBuf;

/// The formats of `georisk run --format` that are files to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResultsFormat {
    Csv,
    Json,
}

impl ResultsFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ResultsFormat::Csv => "csv",
            ResultsFormat::Json => "json",
        }
    }

    /// The text `georisk run --format csv|json` prints for this analysis.
    fn text(self, analysis: &Analysis) -> Result<String, String> {
        match self {
            ResultsFormat::Csv => report::csv(analysis),
            ResultsFormat::Json => report::json(analysis),
        }
        .map_err(|e| e.to_string())
    }
}

const CANNOT_EXPORT: &str = "Cannot export the results";

impl GeoriskApp {
    pub(crate) fn export_results_dialog(&mut self, ctx: &egui::Context, format: ResultsFormat) {
        let name = self.named_after_document(&format!("results.{}", format.extension()));
        let suggestion = self.suggestion(name);
        self.dialogs.show(ctx, self.prefs.file_dialog, Purpose::ExportResults(format), suggestion);
    }

    /// Simulates the scenario (or the variant the Results view shows) with the live trials and
    /// the file's seed, reusing the Results view's analysis when it is of exactly this, and
    /// writes the results on a background thread.
    pub(crate) fn export_results_to(&mut self, ctx: &egui::Context, format: ResultsFormat, output: PathBuf) {
        if self.refused_for_problems(CANNOT_EXPORT) {
            return;
        }
        let held = self.results.worker.as_ref().and_then(results::ResultsWorker::current_analysis);
        let scenario = self.doc.scenario().clone();
        let settings = self.shown_settings();
        let job = move || export(format, &scenario, &settings, held, output);
        if let Err(why) = self.results_export.start_job(ctx, job) {
            self.modal = Some(Modal::error(CANNOT_EXPORT, why));
        }
    }

    /// What Results shows: its variant, the live trials and the file's seed — what `georisk run
    /// --variant --trials` simulates.
    pub(crate) fn shown_settings(&self) -> Settings {
        Settings {
            trials: self.results.trials_override.unwrap_or_else(|| results::full_trials(self.doc.scenario())),
            variant: self.results.variant.clone(),
            ..Settings::for_scenario(self.doc.scenario())
        }
    }

    /// Says how a results export ended, once it has.
    pub(crate) fn poll_results_export(&mut self) {
        self.modal = match self.results_export.poll() {
            None => return,
            Some(Ok(path)) => Some(Modal::error(
                "Results exported",
                format!("The results were written: {}", path.display()),
            )),
            Some(Err(why)) => Some(Modal::error(CANNOT_EXPORT, format!("Nothing was written: {why}"))),
        };
    }
}

fn export(
    format: ResultsFormat,
    scenario: &Scenario,
    settings: &Settings,
    held: Option<Analysis>,
    output: PathBuf,
) -> Result<PathBuf, String> {
    write_analysis(scenario, settings, held, output, |analysis| format.text(analysis))
}

/// Writes `text_of` the analysis of `scenario` with `settings` to `output`, atomically: the one
/// `held` when Results has it, else a run made here (on the export's own thread).
pub(crate) fn write_analysis(
    scenario: &Scenario,
    settings: &Settings,
    held: Option<Analysis>,
    output: PathBuf,
    text_of: impl FnOnce(&Analysis) -> Result<String, String>,
) -> Result<PathBuf, String> {
    let analysis = match held {
        Some(analysis) => analysis,
        None => engine::analyse(scenario, settings, &Control::new()).map_err(|e| e.to_string())?,
    };
    let text = text_of(&analysis)?;
    io::write_atomic(&output, text.as_bytes()).map_err(|e| format!("{e}: {}", output.display()))?;
    Ok(output)
}

/// A table as tab-separated text, header row first, one line per row; a tab or line break
/// inside a cell becomes a space so the columns stay in place.
pub fn tab_separated(header: &[&str], rows: &[Vec<String>]) -> String {
    let clean = |cell: &str| cell.replace(['\t', '\n', '\r'], " ");
    let mut text = header.iter().map(|h| clean(h)).collect::<Vec<_>>().join("\t");
    text.push('\n');
    for row in rows {
        text.push_str(&row.iter().map(|c| clean(c)).collect::<Vec<_>>().join("\t"));
        text.push('\n');
    }
    text
}

/// A button ("Copy summary", "Copy events table"…) that puts a table on the clipboard as
/// tab-separated text.
pub fn copy_button(ui: &mut egui::Ui, label: &str, table: impl FnOnce() -> String) {
    let button = ui.small_button(label).on_hover_text(
        "Copies the table as tab-separated text (header row first), as shown, to paste into a spreadsheet.",
    );
    if button.clicked() {
        ui.ctx().copy_text(table());
    }
}
