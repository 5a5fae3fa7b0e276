//! Applying commands: the only place where the document is replaced, saved, or has items added,
//! renamed or deleted.

use super::app::GeoriskApp;
use super::command::{Command, Replace, SaveChoice, Selection, UnsavedChoice};
use super::document::Document;
use super::file_dialogs::{Answer, Purpose};
use super::modals::{Modal, SaveRisk};
use super::report_export::ExportRequest;
use super::results;
use crate::io::{self, SaveOptions};
use crate::model::{
    Event, EventCategory, ExclusiveGroup, GroupKind, Holding, Id, IdKind, Likelihood, Link, Market, Odds,
    Region, Scenario, Variant,
};
use std::path::PathBuf;

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
                    None => short_file_stem(&self.doc.scenario.title),
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
                let before = self.doc.scenario.clone();
                self.doc.undo();
                self.keep_selection_after(&before);
            }
            Command::Redo => {
                let before = self.doc.scenario.clone();
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
                self.doc.scenario.apply_fix(&fix);
                self.doc.checkpoint();
            }
            Command::EditList(edit) => {
                self.doc.checkpoint();
                self.doc.scenario.apply_list_edit(&edit);
                self.doc.checkpoint();
            }
            Command::SetTrials(trials) => {
                self.doc.checkpoint();
                self.doc.scenario.trials = trials;
                self.doc.checkpoint();
                // A count picked in the app replaces any set by a test or a command line.
                self.results.trials_override = None;
            }
            Command::Delete(kind, id) => {
                let refs = self.doc.scenario.references_to(kind, id.as_str());
                if refs.is_empty() {
                    self.apply(ctx, Command::DeleteConfirmed(kind, id));
                } else {
                    self.modal = Some(Modal::ConfirmDelete { kind, id, references: refs });
                }
            }
            Command::DeleteConfirmed(kind, id) => {
                self.modal = None;
                self.doc.checkpoint();
                self.doc.scenario.remove_with_references(kind, id.as_str());
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
                if let Some(copy) = app.doc.scenario.duplicate_variant(i) {
                    app.results.variant = Some(app.doc.scenario.variants[copy].name.clone());
                }
            }),
            Command::RenameVariant(i, name) => self.one_step(|app| {
                if let Ok(Some(old)) = app.doc.scenario.rename_variant(i, &name)
                    && app.results.variant.as_deref() == Some(old.as_str())
                {
                    app.results.variant = app.doc.scenario.variants.get(i).map(|v| v.name.clone());
                }
            }),
            Command::AddOverride(i, what) => self.one_step(|app| {
                app.doc.scenario.add_override(i, &what);
            }),
            Command::RemoveOverride(i, what) => self.one_step(|app| {
                app.doc.scenario.remove_override(i, &what);
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

    /// Asks "save changes first?" when there are unsaved changes, else replaces the document.
    fn replace_or_ask(&mut self, ctx: &egui::Context, then: Replace) {
        if self.doc.is_dirty() && !self.close_allowed {
            self.modal = Some(Modal::Unsaved { then });
        } else {
            self.replace_document(ctx, then);
        }
    }

    fn rename(&mut self, kind: IdKind, from: &Id, to: &Id) {
        if from != to && !self.doc.scenario.has_id(kind, to.as_str()) {
            self.doc.scenario.rename_id(kind, from, to);
            self.selection = std::mem::take(&mut self.selection).renamed(kind, from, to);
        }
    }

    /// After an undo or redo the selected item may be gone: when the step was a rename, follow
    /// it to its other id; otherwise show the overview.
    fn keep_selection_after(&mut self, before: &Scenario) {
        let s = &self.doc.scenario;
        let (kind, id) = match &self.selection {
            Selection::Region(id) => (IdKind::Region, id),
            Selection::Market(id) => (IdKind::Market, id),
            Selection::Event(id) => (IdKind::Event, id),
            Selection::Group(id) => (IdKind::Group, id),
            Selection::Link(i) if *i >= s.links.len() => return self.selection = Selection::Overview,
            Selection::Variant(i) if *i >= s.variants.len() => return self.selection = Selection::Overview,
            _ => return,
        };
        if s.has_id(kind, id.as_str()) {
            return;
        }
        let ids = |scenario: &Scenario| -> Vec<Id> {
            match kind {
                IdKind::Region => scenario.regions.iter().map(|r| r.id.clone()).collect(),
                IdKind::Market => scenario.markets.iter().map(|m| m.id.clone()).collect(),
                IdKind::Event => scenario.events.iter().map(|e| e.id.clone()).collect(),
                IdKind::Group => scenario.groups.iter().map(|g| g.id.clone()).collect(),
            }
        };
        let old = ids(before);
        let appeared: Vec<Id> = ids(s).into_iter().filter(|id| !old.contains(id)).collect();
        self.selection = match (kind, &appeared[..]) {
            (IdKind::Region, [one]) => Selection::Region(one.clone()),
            (IdKind::Market, [one]) => Selection::Market(one.clone()),
            (IdKind::Event, [one]) => Selection::Event(one.clone()),
            (IdKind::Group, [one]) => Selection::Group(one.clone()),
            _ => Selection::Overview,
        };
    }

    /// An edit as an undo step of its own, apart from any typing before or after it.
    fn one_step(&mut self, edit: impl FnOnce(&mut GeoriskApp)) {
        self.doc.checkpoint();
        edit(self);
        self.doc.checkpoint();
    }

    fn remove_at<T>(&mut self, i: usize, list: fn(&mut Scenario) -> &mut Vec<T>) {
        if i < list(&mut self.doc.scenario).len() {
            self.doc.checkpoint();
            list(&mut self.doc.scenario).remove(i);
            self.doc.checkpoint();
            self.selection = Selection::Overview;
        }
    }

    fn add(&mut self, item: NewItem) {
        self.doc.checkpoint();
        let s = &mut self.doc.scenario;
        self.selection = match item {
            NewItem::Region => {
                let id = s.fresh_id(IdKind::Region, "New region");
                s.regions.push(Region {
                    id: id.clone(),
                    name: "New region".into(),
                    countries: vec![],
                    notes: None,
                });
                Selection::Region(id)
            }
            NewItem::Market => {
                let id = s.fresh_id(IdKind::Market, "New market");
                s.markets.push(Market {
                    id: id.clone(),
                    name: "New market".into(),
                    kind: Default::default(),
                    region: None,
                    volatility: None,
                    drift: None,
                    notes: None,
                });
                Selection::Market(id)
            }
            NewItem::Event(category) => {
                let id = s.fresh_id(IdKind::Event, "New event");
                s.events.push(new_event(id.clone(), category));
                Selection::Event(id)
            }
            NewItem::CopyOf(original) => {
                let Some(at) = s.event_index(original.as_str()) else { return };
                let mut copy = s.events[at].clone();
                copy.name = format!("{} (copy)", copy.display_name());
                copy.id = s.fresh_id(IdKind::Event, &copy.name);
                let id = copy.id.clone();
                s.events.insert(at + 1, copy);
                Selection::Event(id)
            }
            NewItem::Link => {
                let [from, to] = match &s.events[..] {
                    [a, b, ..] => [a.id.clone(), b.id.clone()],
                    _ => return,
                };
                s.links.push(Link { from, to, odds: Odds::EVEN, notes: None });
                Selection::Link(s.links.len() - 1)
            }
            NewItem::Group => {
                let id = s.fresh_id(IdKind::Group, "New group");
                s.groups.push(ExclusiveGroup {
                    id: id.clone(),
                    name: "New group".into(),
                    kind: GroupKind::AtMostOne,
                    events: vec![],
                    notes: None,
                });
                Selection::Group(id)
            }
            NewItem::Holding => {
                let held = |m: &Market| s.portfolio.holdings.iter().any(|h| h.market == m.id);
                if let Some(market) = s.markets.iter().find(|m| !held(m)).map(|m| m.id.clone()) {
                    s.portfolio.holdings.push(Holding {
                        market,
                        value: crate::model::Finite::ZERO,
                        notes: None,
                    });
                }
                Selection::Portfolio
            }
            NewItem::Variant => {
                let name = (1..)
                    .map(|n| format!("Variant {n}"))
                    .find(|n| s.variant(n).is_none())
                    .unwrap_or_default();
                s.variants.push(Variant {
                    name,
                    likelihoods: Default::default(),
                    shocks: Default::default(),
                    holdings: Default::default(),
                    notes: None,
                });
                Selection::Variant(s.variants.len() - 1)
            }
        };
        // The edit is a step of its own, apart from any typing that follows it at once.
        self.doc.checkpoint();
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

    fn answer_unsaved(&mut self, ctx: &egui::Context, choice: UnsavedChoice) {
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
    fn save(&mut self, ctx: &egui::Context, then: Option<Replace>) {
        match self.doc.path().map(PathBuf::from) {
            Some(path) => self.save_to(ctx, path, then),
            None => self.save_as_dialog(ctx, then),
        }
    }

    fn answer_save(&mut self, ctx: &egui::Context, choice: SaveChoice) {
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

    fn save_as_dialog(&mut self, ctx: &egui::Context, then: Option<Replace>) {
        let name = match self.doc.path() {
            Some(_) => self.doc.name(),
            // A copy of an example keeps the example's file name.
            None if self.doc.is_example => self.doc.name(),
            None => format!("{}.ron", short_file_stem(&self.doc.scenario.title)),
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
        match io::save_file_with(&path, &self.doc.scenario, options) {
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
    fn export_report(&mut self, ctx: &egui::Context, output: PathBuf) {
        let problems = self.doc.problems().len();
        if problems > 0 {
            self.modal = Some(Modal::error(
                "Cannot export the report",
                format!("The scenario has {problems} problem(s) to fix first; the Problems list shows them."),
            ));
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
            scenario: self.doc.scenario.clone(),
            held,
            trials: self.results.trials_override.unwrap_or_else(|| results::full_trials(&self.doc.scenario)),
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
        if self.holds_results(&path) {
            return self.open_results(path);
        }
        let parsed = io::read_text_stamped(&path).and_then(|(text, stamp)| {
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
fn short_file_stem(title: &str) -> String {
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

fn new_event(id: Id, category: EventCategory) -> Event {
    Event {
        id,
        name: "New event".into(),
        kind: category.empty_kind(),
        likelihood: Likelihood::default(),
        regions: Default::default(),
        markets: Default::default(),
        notes: None,
        criterion: None,
        resolution: None,
    }
}

/// What an add command adds.
enum NewItem {
    Region,
    Market,
    Event(EventCategory),
    /// A copy of the event, right after it.
    CopyOf(Id),
    Link,
    Group,
    Holding,
    Variant,
}
