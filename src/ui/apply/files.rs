//! Applying the file commands: new, open, save, save as, the answers to "save changes first?"
//! and "overwrite it?", and what a file dialog picked. Every read and write goes through `io`.

use crate::io::{self, SaveOptions};
use crate::model::{Id, Scenario};
use crate::report::snapshot::looks_like_snapshot;
use crate::ui::app::GeoriskApp;
use crate::ui::command::{Replace, SaveChoice, Selection, UnsavedChoice};
use crate::ui::document::Document;
use crate::ui::file_dialogs::{Answer, Purpose};
use crate::ui::modals::{Modal, SaveRisk};
use crate::ui::report_export::ExportRequest;
use crate::ui::results;
use std::path::PathBuf;

impl GeoriskApp {
    /// Asks "save changes first?" when there are unsaved changes, else replaces the document.
    pub(super) fn replace_or_ask(&mut self, ctx: &egui::Context, then: Replace) {
        if self.doc.is_dirty() && !self.close_allowed {
            self.modal = Some(Modal::Unsaved { then });
        } else {
            self.replace_document(ctx, then);
        }
    }

    /// New, open or quit, once unsaved changes are dealt with.
    fn replace_document(&mut self, ctx: &egui::Context, then: Replace) {
        match then {
            Replace::New => {
                self.doc = Document::clean(Scenario::new("Untitled scenario"), None, "Untitled");
                self.selection = Selection::Overview;
            }
            Replace::OpenDialog => {
                let suggestion = self.suggestion(String::new());
                self.dialogs.show(ctx, self.prefs.file_dialog, Purpose::Open, suggestion);
            }
            Replace::OpenPath(path) => self.open_path(path),
            Replace::RestoreRecovery(key) => self.restore_orphan(&key),
            Replace::OpenBundled(i) => self.open_bundled(i),
            Replace::Quit => {
                self.discard_recovery();
                self.close_allowed = true;
                self.quit_requested = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    pub(super) fn answer_unsaved(&mut self, ctx: &egui::Context, choice: UnsavedChoice) {
        let Some(Modal::Unsaved { then }) = self.modal.take() else { return };
        match choice {
            UnsavedChoice::Cancel => {
                if matches!(then, Replace::RestoreRecovery(_)) {
                    self.keep_orphans_for_later();
                }
            }
            UnsavedChoice::DontSave => {
                self.discard_recovery();
                self.replace_document(ctx, then);
            }
            UnsavedChoice::Save => self.save(ctx, Some(then)),
        }
    }

    /// Saves to the document's file, or asks where when it has none; then runs `then`.
    pub(super) fn save(&mut self, ctx: &egui::Context, then: Option<Replace>) {
        match self.doc.path().map(PathBuf::from) {
            Some(path) => self.save_to(ctx, path, then),
            None => self.save_as_dialog(ctx, then),
        }
    }

    pub(super) fn answer_save(&mut self, ctx: &egui::Context, choice: SaveChoice) {
        let Some(Modal::ConfirmSave { path, risk, then }) = self.modal.take() else { return };
        match (choice, risk) {
            // Someone else's file: confirming cannot make it writable, only a copy can be saved.
            (SaveChoice::Overwrite, SaveRisk::NotWritable) | (SaveChoice::Cancel, _) => {}
            // The file's content is accepted as it is; its protection is still asked about.
            (SaveChoice::Overwrite, SaveRisk::ChangedOnDisk) => {
                self.write_document(ctx, path, SaveOptions::default(), then)
            }
            (SaveChoice::Overwrite, SaveRisk::ReadOnly | SaveRisk::HardLinked { .. }) => {
                self.write_document(ctx, path, SaveOptions { force: true, expected: None }, then)
            }
            (SaveChoice::SaveAs, _) => self.save_as_dialog(ctx, then),
        }
    }

    pub(super) fn save_as_dialog(&mut self, ctx: &egui::Context, then: Option<Replace>) {
        let name = match self.doc.path() {
            Some(_) => self.doc.name(),
            // A copy of an example keeps the example's file name.
            None if self.doc.is_example => self.doc.name(),
            None => format!("{}.ron", short_file_stem(&self.doc.scenario().title)),
        };
        let suggestion = self.suggestion(name);
        self.dialogs.show(ctx, self.prefs.file_dialog, Purpose::SaveAs { then }, suggestion);
    }

    /// Saves to `path`, then runs `then`. Replacing the document's own file checks that no other
    /// program changed it since it was opened or saved.
    pub(crate) fn save_to(&mut self, ctx: &egui::Context, path: PathBuf, then: Option<Replace>) {
        let expected = if self.doc.path() == Some(path.as_path()) { self.doc.disk } else { None };
        self.write_document(ctx, path, SaveOptions { force: false, expected }, then);
    }

    /// Saves atomically. A file that changed on disk or protects itself is a question for the
    /// user (the save waits for the answer); any other failure says why. On failure the document
    /// stays unsaved and `then` waits or is dropped with the save.
    fn write_document(
        &mut self,
        ctx: &egui::Context,
        path: PathBuf,
        options: SaveOptions,
        then: Option<Replace>,
    ) {
        match io::save_file_with(&path, self.doc.scenario(), options) {
            Ok(stamp) => {
                self.doc.mark_saved(path.clone(), stamp);
                self.prefs.remember(path);
                self.discard_recovery();
                if let Some(then) = then {
                    self.replace_document(ctx, then);
                }
            }
            Err(e) => {
                self.modal = Some(match SaveRisk::of(&e) {
                    Some(risk) => Modal::ConfirmSave { path, risk, then },
                    None => Modal::error(
                        "Cannot save",
                        format!("The scenario was not saved: {e}: {}", path.display()),
                    ),
                });
            }
        }
    }

    pub(crate) fn dialog_answered(&mut self, ctx: &egui::Context, purpose: Purpose, answer: Answer) {
        let path = match answer {
            Answer::Picked(path) => path,
            // `FileDialogs` hands an unavailable system dialog over to the built-in chooser.
            Answer::Cancelled | Answer::Unavailable => return,
        };
        match purpose {
            Purpose::Open => self.open_path(path),
            Purpose::CompareWith => {
                let loaded = io::load_file(&path)
                    .map(|scenario| results::OtherFile { path: path.clone(), scenario })
                    .map_err(|e| format!("Cannot compare with this file: {e}"));
                self.results.compare.set_other(loaded);
            }
            Purpose::ExportReport => {
                let path = if path.extension().is_none() { path.with_extension("html") } else { path };
                self.export_report(ctx, path);
            }
            Purpose::SaveAs { then } => {
                let path = if path.extension().is_none() { path.with_extension("ron") } else { path };
                self.save_to(ctx, path, then);
            }
            Purpose::ImportHoldings => self.import_holdings_from(&path),
            Purpose::CalibratePrices => self.calibrate_from(&path),
            Purpose::ExportHoldings => {
                let path = if path.extension().is_none() { path.with_extension("csv") } else { path };
                self.export_holdings_to(path);
            }
            Purpose::ExportResults(format) => {
                let path =
                    if path.extension().is_none() { path.with_extension(format.extension()) } else { path };
                self.export_results_to(ctx, format, path);
            }
            Purpose::SaveResults => {
                let path = if path.extension().is_none() { path.with_extension("ron") } else { path };
                self.save_results_to(ctx, path);
            }
            Purpose::OpenResults => self.open_results(path),
            Purpose::SaveChart(chart, format) => self.save_chart_to(ctx, chart, format, path),
        }
    }

    /// Makes the report of the scenario as it is now, reusing the Results view's analysis when
    /// it is of exactly this scenario. A scenario with problems cannot be simulated: it says so.
    pub(super) fn export_report(&mut self, ctx: &egui::Context, output: PathBuf) {
        if self.refused_for_problems("Cannot export the report") {
            return;
        }
        if output.extension().is_some_and(|e| e.eq_ignore_ascii_case("ron")) {
            self.modal = Some(Modal::error(
                "Cannot export the report",
                format!(
                    "The report is an HTML file; choose a name ending in .html, not a scenario file: {}",
                    output.display()
                ),
            ));
            return;
        }
        let held = self.results.worker.as_ref().and_then(results::ResultsWorker::current_analysis);
        let saved_file = match self.doc.path() {
            Some(path) if !self.doc.is_dirty() => Some((path.to_path_buf(), self.doc.disk)),
            _ => None,
        };
        let request = ExportRequest {
            scenario: self.doc.scenario().clone(),
            held,
            trials: self.results.trials_override.unwrap_or_else(|| results::full_trials(self.doc.scenario())),
            saved_file,
            name: self.doc.name(),
            output,
        };
        if let Err(why) = self.report_export.start(ctx, request) {
            self.modal = Some(Modal::error("Cannot export the report", why));
        }
    }

    /// Opens a file. One that does not parse leaves the open document untouched and shows every
    /// error with its line and column; one that parses but has problems opens, with its problems
    /// listed so they can be fixed here.
    pub(crate) fn open_path(&mut self, path: PathBuf) {
        // `georisk x.ron` gives a relative path; recent files must still work from elsewhere.
        let path = std::path::absolute(&path).unwrap_or(path);
        let read = io::read_text_stamped(&path);
        // Saved results open beside the document (read once, here, for both kinds of file).
        if let Ok((text, _)) = &read
            && looks_like_snapshot(text)
        {
            return self.show_results_text(path, text);
        }
        let parsed = read.and_then(|(text, stamp)| {
            let scenario =
                io::parse_str(&text).map_err(|d| io::LoadError::single(path.display().to_string(), d))?;
            Ok((scenario, stamp))
        });
        match parsed {
            Ok((scenario, stamp)) => {
                self.doc = Document::clean(scenario, Some(path.clone()), "");
                self.doc.disk = Some(stamp);
                self.selection = Selection::Overview;
                self.show_problems = !self.doc.problems().is_empty();
                self.prefs.remember(path);
            }
            Err(e) => self.modal = Some(Modal::file_error("Cannot open this file", e.to_string())),
        }
    }

    pub(crate) fn open_bundled(&mut self, i: usize) {
        let Some(&(name, text)) = io::BUNDLED.get(i) else { return };
        match io::parse_str(text) {
            Ok(scenario) => {
                self.doc = Document::clean(scenario, None, name);
                self.doc.is_example = true;
                self.selection = Selection::Overview;
                self.show_problems = !self.doc.problems().is_empty();
            }
            Err(d) => self.modal = Some(Modal::file_error("Cannot open the example", d.render(name))),
        }
    }
}

/// A file name from a title: its first words as a slug, at most about 40 characters.
pub(super) fn short_file_stem(title: &str) -> String {
    let slug = Id::slug(title).as_str().to_owned();
    let mut stem = String::new();
    for word in slug.split('-') {
        if !stem.is_empty() && stem.len() + word.len() >= 40 {
            break;
        }
        if !stem.is_empty() {
            stem.push('-');
        }
        stem.push_str(word);
    }
    stem
}
