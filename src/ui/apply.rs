//! Applying commands: the only place where the document is replaced, saved, or has items added,
//! renamed or deleted. This file dispatches each command; `files` replaces, opens and saves the
//! document, `edits` adds, renames and removes items as undo steps.

mod edits;
mod files;

use super::app::GeoriskApp;
use super::command::{Command, Replace, Selection};
use super::file_dialogs::Purpose;
use super::modals::Modal;
use edits::NewItem;
use files::short_file_stem;

impl GeoriskApp {
    pub(crate) fn apply(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::New => self.replace_or_ask(ctx, Replace::New),
            Command::OpenDialog => self.replace_or_ask(ctx, Replace::OpenDialog),
            // Saved results open beside the document, so nothing about it needs asking first.
            Command::OpenPath(path) if self.holds_results(&path) => self.open_results(path),
            Command::OpenPath(path) => self.replace_or_ask(ctx, Replace::OpenPath(path)),
            Command::OpenBundled(i) => self.replace_or_ask(ctx, Replace::OpenBundled(i)),
            Command::RestoreRecovery(key) => self.replace_or_ask(ctx, Replace::RestoreRecovery(key)),
            Command::Quit => self.replace_or_ask(ctx, Replace::Quit),
            Command::AnswerUnsaved(choice) => self.answer_unsaved(ctx, choice),
            Command::AnswerSave(choice) => self.answer_save(ctx, choice),
            Command::Save => self.save(ctx, None),
            Command::SaveAsDialog => self.save_as_dialog(ctx, None),
            Command::SaveTo(path) => self.save_to(ctx, path, None),
            Command::ExportReportDialog => {
                let stem = match self.doc.path().and_then(|p| p.file_stem()) {
                    Some(stem) => stem.to_string_lossy().into_owned(),
                    None => short_file_stem(&self.doc.scenario().title),
                };
                let suggestion = self.suggestion(format!("{stem}-report.html"));
                self.dialogs.show(ctx, self.prefs.file_dialog, Purpose::ExportReport, suggestion);
            }
            Command::ExportReportTo(path) => self.export_report(ctx, path),
            Command::ExportResultsDialog(format) => self.export_results_dialog(ctx, format),
            Command::ExportResultsTo(format, path) => self.export_results_to(ctx, format, path),
            Command::SaveResultsDialog => self.save_results_dialog(ctx),
            Command::SaveResultsTo(path) => self.save_results_to(ctx, path),
            Command::OpenResultsDialog => {
                let suggestion = self.suggestion(String::new());
                self.dialogs.show(ctx, self.prefs.file_dialog, Purpose::OpenResults, suggestion);
            }
            Command::OpenResults(path) => self.open_results(path),
            Command::SaveChartDialog(chart, format) => self.save_chart_dialog(ctx, chart, format),
            Command::SaveChartTo(chart, format, path) => self.save_chart_to(ctx, chart, format, path),
            Command::ImportHoldingsDialog => self.import_holdings_dialog(ctx),
            Command::ImportHoldingsFrom(path) => self.import_holdings_from(&path),
            Command::CreateMarketsAndImport => self.create_markets_and_import(),
            Command::ExportHoldingsDialog => self.export_holdings_dialog(ctx),
            Command::ExportHoldingsTo(path) => self.export_holdings_to(path),
            Command::CalibrateDialog => self.calibrate_dialog(ctx),
            Command::CalibrateFrom(path) => self.calibrate_from(&path),
            Command::ApplyCalibration => self.apply_calibration(),
            Command::CompareWithDialog => {
                let suggestion = self.suggestion(String::new());
                self.dialogs.show(ctx, self.prefs.file_dialog, Purpose::CompareWith, suggestion);
            }
            Command::DiscardRecovery(key) => self.discard_orphan(&key),
            Command::OfferRecovery => {
                self.offer_recovery();
                if self.modal.is_none() {
                    self.modal = Some(Modal::error(
                        "Nothing to recover",
                        "No work was left unsaved by a georisk that closed unexpectedly.",
                    ));
                }
            }
            Command::Undo => {
                let before = self.doc.scenario().clone();
                self.doc.undo();
                self.keep_selection_after(&before);
            }
            Command::Redo => {
                let before = self.doc.scenario().clone();
                self.doc.redo();
                self.keep_selection_after(&before);
            }
            Command::Select(selection) => self.selection = selection,
            Command::Rename(kind, from, to) => {
                self.doc.checkpoint();
                self.rename(kind, &from, &to);
                self.doc.checkpoint();
            }
            Command::IdFollowsName(kind, from, to) => self.rename(kind, &from, &to),
            Command::ApplyFix(fix) => {
                self.doc.checkpoint();
                self.doc.scenario_mut().apply_fix(&fix);
                self.doc.checkpoint();
            }
            Command::EditList(edit) => {
                self.doc.checkpoint();
                self.doc.scenario_mut().apply_list_edit(&edit);
                self.doc.checkpoint();
            }
            Command::SetTrials(trials) => {
                self.doc.checkpoint();
                self.doc.scenario_mut().trials = trials;
                self.doc.checkpoint();
                // A count picked in the app replaces any set by a test or a command line.
                self.results.trials_override = None;
            }
            Command::Delete(kind, id) => {
                let refs = self.doc.scenario().references_to(kind, id.as_str());
                if refs.is_empty() {
                    self.apply(ctx, Command::DeleteConfirmed(kind, id));
                } else {
                    self.modal = Some(Modal::ConfirmDelete { kind, id, references: refs });
                }
            }
            Command::DeleteConfirmed(kind, id) => {
                self.modal = None;
                self.doc.checkpoint();
                self.doc.scenario_mut().remove_with_references(kind, id.as_str());
                self.doc.checkpoint();
                self.selection = Selection::Overview;
            }
            Command::DeleteLink(i) => self.remove_at(i, |s| &mut s.links),
            Command::DeleteVariant(i) => {
                // Deleted from the Results view's variant bar: stay there.
                let in_results = self.selection == Selection::Results;
                self.remove_at(i, |s| &mut s.variants);
                if in_results {
                    self.selection = Selection::Results;
                }
            }
            Command::DuplicateVariant(i) => self.one_step(|app| {
                if let Some(copy) = app.doc.scenario_mut().duplicate_variant(i) {
                    app.results.variant = Some(app.doc.scenario().variants[copy].name.clone());
                }
            }),
            Command::RenameVariant(i, name) => self.one_step(|app| {
                if let Ok(Some(old)) = app.doc.scenario_mut().rename_variant(i, &name)
                    && app.results.variant.as_deref() == Some(old.as_str())
                {
                    app.results.variant = app.doc.scenario().variants.get(i).map(|v| v.name.clone());
                }
            }),
            Command::AddOverride(i, what) => self.one_step(|app| {
                app.doc.scenario_mut().add_override(i, &what);
            }),
            Command::RemoveOverride(i, what) => self.one_step(|app| {
                app.doc.scenario_mut().remove_override(i, &what);
            }),
            Command::ShowProblems(show) => self.show_problems = show,
            Command::SetTheme(theme) => self.prefs.theme = theme,
            Command::SetResultsBeside(beside) => self.prefs.results_beside = beside,
            Command::SetFileDialog(choice) => self.prefs.file_dialog = choice,
            Command::ShowAbout => self.modal = Some(Modal::About),
            Command::ShowHelp(page) => self.help = Some(page),
            Command::CloseDialog => {
                // "Not now" for recovered work: it is offered again next time.
                self.keep_orphans_for_later();
                self.modal = None;
            }
            Command::AddRegion => self.add(NewItem::Region),
            Command::AddMarket => self.add(NewItem::Market),
            Command::AddEvent(category) => self.add(NewItem::Event(category)),
            Command::DuplicateEvent(original) => self.add(NewItem::CopyOf(original)),
            Command::AddLink => self.add(NewItem::Link),
            Command::AddGroup => self.add(NewItem::Group),
            Command::AddHolding => self.add(NewItem::Holding),
            Command::AddVariant => self.add(NewItem::Variant),
        }
    }
}
