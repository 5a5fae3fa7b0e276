//! The app: owns the document, the selection, the open dialog, this instance's recovery file and
//! the preferences; draws the panels each frame, then applies the commands they returned. It
//! never touches the file system itself: files, folders and recovery go through `io`.

use super::command::{Command, Commands, Selection};
use super::document::Document;
use super::editor::EditorState;
use super::file_dialogs::{FileDialogs, NativeDialog, Suggestion};
use super::help::{self, HelpPage};
use super::modals::Modal;
use super::outline::OutlineState;
use super::report_export::ReportExport;
use super::results::{self, ResultsState};
use super::snapshot_view::SnapshotViews;
use super::{editor, menu, modals, outline, shortcuts, split, status};
use crate::io::{self, Orphan, RecoveryInstance, RecoveryStore};
use crate::model::Scenario;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The tallest a dropdown list grows before it scrolls.
const DROPDOWN_HEIGHT: f32 = 420.0;

/// How often an unsaved document is copied to the recovery file.
pub const AUTOSAVE_SECONDS: f64 = 30.0;

/// The most recent files remembered.
const MAX_RECENT: usize = 10;

/// What the window opens on.
#[derive(Debug, Clone)]
pub enum Startup {
    /// One of `io::BUNDLED`.
    Bundled(usize),
    File(PathBuf),
    /// A scenario built in memory (benchmarks, tests).
    Scenario(Box<Scenario>),
}

/// What the app needs from outside; tests point the recovery folder at a temporary one.
#[derive(Debug, Clone)]
pub struct AppConfig {
    pub startup: Startup,
    /// `None` turns autosave and recovery off.
    pub recovery: Option<RecoveryStore>,
}

/// Preferences kept between runs in eframe's storage. Never the document itself.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Preferences {
    pub recent: Vec<PathBuf>,
    pub theme: egui::ThemePreference,
    /// The system's file dialog or georisk's own chooser.
    pub file_dialog: super::file_dialogs::DialogChoice,
    /// Results in a pane beside the editor, rather than a page of their own.
    pub results_beside: bool,
}

impl Preferences {
    pub fn remember(&mut self, path: PathBuf) {
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }

    /// The folders of the recent files, most recent first, each once.
    pub fn recent_folders(&self) -> Vec<PathBuf> {
        let mut folders: Vec<PathBuf> = Vec::new();
        for folder in self.recent.iter().filter_map(|p| p.parent()) {
            if !folder.as_os_str().is_empty() && !folders.iter().any(|f| f == folder) {
                folders.push(folder.to_path_buf());
            }
        }
        folders
    }
}

pub struct GeoriskApp {
    pub(crate) doc: Document,
    pub(crate) selection: Selection,
    pub(crate) prefs: Preferences,
    /// Where recovery files live; `None` turns autosave and recovery off.
    pub(crate) recovery_store: Option<RecoveryStore>,
    /// This instance's own recovery file, locked while it runs.
    pub(crate) recovery: Option<RecoveryInstance>,
    /// Work of instances that are gone, claimed by this one while it is offered.
    pub(crate) orphans: Vec<Orphan>,
    pub(crate) modal: Option<Modal>,
    pub(crate) dialogs: FileDialogs,
    pub(crate) outline: OutlineState,
    pub(crate) editor: EditorState,
    pub(crate) show_problems: bool,
    /// The Help window's page, while it is open.
    pub(crate) help: Option<HelpPage>,
    pub(crate) results: ResultsState,
    /// The editor and results panes, when results sit beside the editor.
    split: egui_tiles::Tree<split::Pane>,
    pub(crate) report_export: ReportExport,
    /// File ▸ Export results, while it writes.
    pub(crate) results_export: ReportExport,
    /// File ▸ Save results…, while it writes.
    pub(crate) results_save: ReportExport,
    /// Saved results open read-only, each in its own window.
    pub(crate) snapshots: SnapshotViews,
    /// A Results chart's Save as SVG… or PNG…, while it writes.
    pub(crate) chart_export: ReportExport,
    commands: Commands,
    /// When the next autosave is due, while the document is dirty.
    next_autosave: Option<f64>,
    /// Whether this instance's recovery file holds a copy of its document.
    pub(crate) recovery_written: bool,
    /// Set once the user has answered the unsaved-changes question for closing.
    pub(crate) close_allowed: bool,
    pub(crate) quit_requested: bool,
    shown_title: String,
    theme_applied: Option<egui::ThemePreference>,
}

impl GeoriskApp {
    /// The app as eframe creates it: preferences from storage, recovery in the user's data folder.
    pub fn from_creation_context(cc: &eframe::CreationContext<'_>, startup: Startup) -> GeoriskApp {
        let prefs = cc.storage.and_then(|s| eframe::get_value(s, eframe::APP_KEY)).unwrap_or_default();
        let config = AppConfig { startup, recovery: RecoveryStore::user_default() };
        GeoriskApp::new(config, prefs)
    }

    pub fn new(config: AppConfig, prefs: Preferences) -> GeoriskApp {
        let (name, text) = io::BUNDLED[0];
        let example = io::parse_str(text).unwrap_or_else(|_| Scenario::new("Untitled"));
        let recovery = config.recovery.as_ref().and_then(|store| match store.start_instance() {
            Ok(instance) => Some(instance),
            Err(e) => {
                log_recovery_failure(&e, store.folder());
                None
            }
        });
        let mut app = GeoriskApp {
            doc: Document::clean(example, None, name),
            selection: Selection::Overview,
            prefs,
            recovery_store: config.recovery,
            recovery,
            orphans: Vec::new(),
            modal: None,
            dialogs: FileDialogs::default(),
            outline: OutlineState::default(),
            editor: EditorState::default(),
            show_problems: false,
            help: None,
            results: ResultsState::default(),
            split: split::new_split(),
            report_export: ReportExport::default(),
            results_export: ReportExport::default(),
            results_save: ReportExport::default(),
            snapshots: SnapshotViews::default(),
            chart_export: ReportExport::default(),
            commands: Commands::default(),
            next_autosave: None,
            recovery_written: false,
            close_allowed: false,
            quit_requested: false,
            shown_title: String::new(),
            theme_applied: None,
        };
        match config.startup {
            Startup::Bundled(i) => app.open_bundled(i),
            Startup::File(path) => {
                app.doc = Document::clean(Scenario::new("Untitled scenario"), None, "Untitled");
                match io::path_kind(&path) {
                    None => app.start_new_file(path),
                    Some(_) => app.open_path(path),
                }
            }
            Startup::Scenario(scenario) => app.doc = Document::clean(*scenario, None, "Untitled"),
        }
        app.offer_recovery();
        app
    }

    /// Queues a command, applied at the end of the next frame, as a menu item would.
    pub fn issue(&mut self, command: Command) {
        self.commands.push(command);
    }

    pub fn scenario(&self) -> &Scenario {
        self.doc.scenario()
    }

    /// Edits the scenario directly, as a command does: the document's revision moves on.
    pub fn scenario_mut(&mut self) -> &mut Scenario {
        self.doc.scenario_mut()
    }

    /// The document's revision: a number that changes with every change to the scenario.
    pub fn revision(&self) -> u64 {
        self.doc.revision()
    }

    pub fn selection(&self) -> &Selection {
        &self.selection
    }

    pub fn is_dirty(&self) -> bool {
        self.doc.is_dirty()
    }

    pub fn path(&self) -> Option<&std::path::Path> {
        self.doc.path()
    }

    pub fn window_title(&self) -> String {
        self.doc.window_title()
    }

    /// Stands in for the system's file dialog (tests use one that returns at once with nothing,
    /// as rfd does where no dialog can be shown).
    pub fn set_native_dialog(&mut self, native: NativeDialog) {
        self.dialogs.set_native(native);
    }

    /// The folder the built-in file chooser shows, while it is open.
    pub fn file_chooser_folder(&self) -> Option<&Path> {
        self.dialogs.chooser().map(|c| c.folder())
    }

    /// The file a save through the built-in chooser would replace, while it asks.
    pub fn file_chooser_asks_to_replace(&self) -> Option<&Path> {
        self.dialogs.chooser().and_then(|c| c.asks_to_replace())
    }

    /// This instance's recovery file, if autosave is on.
    pub fn recovery_file(&self) -> Option<PathBuf> {
        self.recovery.as_ref().map(|r| r.path())
    }

    /// The Help window's page, while it is open.
    pub fn help_page(&self) -> Option<HelpPage> {
        self.help
    }

    /// The dialog in front, if any.
    pub fn modal(&self) -> Option<&Modal> {
        self.modal.as_ref()
    }

    pub fn preferences(&self) -> &Preferences {
        &self.prefs
    }

    /// Whether the user has asked to quit and nothing holds the window open.
    pub fn quit_requested(&self) -> bool {
        self.quit_requested
    }

    /// Whether File ▸ Export report… is still making its report.
    pub fn report_export_running(&self) -> bool {
        self.report_export.is_running()
    }

    /// Whether File ▸ Export results is still writing.
    pub fn results_export_running(&self) -> bool {
        self.results_export.is_running()
    }

    /// Whether File ▸ Save results… is still writing.
    pub fn results_save_running(&self) -> bool {
        self.results_save.is_running()
    }

    /// The files of the saved results shown read-only, in the order they were opened.
    pub fn saved_results_open(&self) -> Vec<&Path> {
        self.snapshots.paths()
    }

    /// Whether a chart is being saved.
    pub fn chart_export_running(&self) -> bool {
        self.chart_export.is_running()
    }

    /// The full run's trial count in place of the file's (tests use fewer).
    pub fn set_live_trials(&mut self, trials: u64) {
        self.results.trials_override = Some(trials);
    }

    /// The state of the live results: (status, generation of the edits, generation of the shown
    /// result, its trial count), or `None` before Results was first opened.
    pub fn live_results(&self) -> Option<LiveResults<'_>> {
        let worker = self.results.worker.as_ref()?;
        Some((worker.status().clone(), worker.generation(), worker.result()))
    }

    /// The newest plain figures of the live results (a preview or the full run's) and their
    /// generation.
    pub fn live_figures(&self) -> Option<(u64, &crate::engine::SimResult)> {
        self.results.worker.as_ref()?.figures()
    }

    /// The Compare page's choices and its comparison.
    pub fn compare_state(&mut self) -> &mut results::CompareState {
        &mut self.results.compare
    }

    /// The variant the Results view shows (`None`: the base scenario).
    pub fn results_variant(&self) -> Option<&str> {
        self.results.variant.as_deref()
    }

    pub fn problem_count(&mut self) -> usize {
        self.doc.problems().len()
    }

    /// One frame: panels, dialogs, then the commands they returned, then undo and autosave.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.apply_theme(&ctx);
        self.handle_close_request(&ctx);
        self.shortcuts(&ctx);
        self.dropped_files(&ctx);
        self.poll_dialogs(&ctx);
        self.poll_report_export();
        self.poll_results_export();
        self.poll_results_save();
        self.poll_chart_export();

        let mut commands = std::mem::take(&mut self.commands);
        egui::Panel::top("menu").show(ui, |ui| menu::menu_bar(ui, self, &mut commands));
        egui::Panel::bottom("status").show(ui, |ui| status::status_bar(ui, &mut self.doc, &mut commands));
        if self.show_problems {
            egui::Panel::bottom("problems")
                .resizable(true)
                .default_size(140.0)
                .show(ui, |ui| status::problem_list(ui, &mut self.doc, &mut commands));
        }
        egui::Panel::left("outline").resizable(true).default_size(260.0).min_size(180.0).show(ui, |ui| {
            outline::outline(ui, &mut self.outline, self.doc.scenario(), &self.selection, &mut commands)
        });
        if self.selection == Selection::Results || self.prefs.results_beside {
            self.results.activate();
        }
        let problems = self.doc.problems().len();
        let revision = self.doc.revision();
        self.results.update(&ctx, self.doc.scenario(), revision, problems);
        let name = self.doc.name();
        if self.selection == Selection::Compare {
            self.results.compare.update(&ctx, self.doc.scenario(), revision, problems, &name);
        }
        egui::CentralPanel::default().show(ui, |ui| {
            if self.prefs.results_beside {
                let mut panes = split::Panes {
                    editor: &mut self.editor,
                    results: &mut self.results,
                    scenario: self.doc.scenario_for_widgets(),
                    selection: &self.selection,
                    commands: &mut commands,
                };
                self.split.ui(&mut panes, ui);
            } else if self.selection == Selection::Results {
                results::results(ui, &mut self.results, self.doc.scenario(), &mut commands);
            } else if self.selection == Selection::Compare {
                let compare = &mut self.results.compare;
                results::compare(ui, compare, self.doc.scenario(), problems, &name, &mut commands);
            } else {
                let scenario = self.doc.scenario_for_widgets();
                editor::editor(ui, &mut self.editor, scenario, &self.selection, &mut commands)
            }
        });
        self.snapshots.ui(&ctx, self.doc.scenario(), self.doc.revision());
        // Only input (a click, a drag, a key, an accessibility action) lets a widget edit.
        let had_input = ctx.input(|i| !i.raw.events.is_empty() || i.pointer.any_down());
        self.doc.notice_widget_edits(had_input);
        help::show(&ctx, &mut self.help);
        if let Some((purpose, answer)) = self.dialogs.chooser_ui(&ctx) {
            self.dialog_answered(&ctx, purpose, answer);
        }
        if let Some(modal) = &self.modal {
            modals::show(&ctx, modal, &self.doc, &mut commands);
        }
        drop_hint(&ctx);

        let commands = commands.take();
        if !commands.is_empty() {
            // What a command changed is drawn on the next frame, even without new input.
            ctx.request_repaint();
        }
        for command in commands {
            self.apply(&ctx, command);
        }
        self.doc.feed_undo(ctx.input(|i| i.time));
        self.doc.settle_revision();
        self.autosave(ctx.input(|i| i.time), &ctx);
        self.update_title(&ctx);
    }

    fn apply_theme(&mut self, ctx: &egui::Context) {
        if self.theme_applied != Some(self.prefs.theme) {
            ctx.set_theme(self.prefs.theme);
            // egui's default 200 px hides the last options of a ten-item list (an event's Kind)
            // behind a scroll bar; a taller list shows them all and still fits an 800×600 window.
            ctx.all_styles_mut(|style| style.spacing.combo_height = DROPDOWN_HEIGHT);
            self.theme_applied = Some(self.prefs.theme);
        }
    }

    /// Closing the window with unsaved changes cancels the close and asks first.
    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if !ctx.input(|i| i.viewport().close_requested()) {
            return;
        }
        if self.doc.is_dirty() && !self.close_allowed {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.commands.push(Command::Quit);
        } else {
            self.discard_recovery();
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        for shortcut in shortcuts::table() {
            if ctx.input_mut(|i| i.consume_shortcut(&shortcut.keys)) {
                self.commands.push(shortcut.command);
            }
        }
    }

    fn dropped_files(&mut self, ctx: &egui::Context) {
        let dropped = ctx.input(|i| i.raw.dropped_files.clone());
        let Some(file) = dropped.into_iter().next() else { return };
        let path = file.path().to_path_buf();
        if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("ron")) {
            self.commands.push(Command::OpenPath(path));
        } else {
            self.modal = Some(Modal::error(
                "Cannot open this file",
                format!("Only scenario files ending in .ron can be opened: {}", path.display()),
            ));
        }
    }

    /// Says how an export ended, once it has.
    fn poll_report_export(&mut self) {
        self.modal = match self.report_export.poll() {
            None => return,
            Some(Ok(path)) => Some(Modal::error(
                "Report exported",
                format!("The report was written; open it in any browser: {}", path.display()),
            )),
            Some(Err(why)) => {
                Some(Modal::error("Cannot export the report", format!("No report was written: {why}")))
            }
        };
    }

    fn poll_dialogs(&mut self, ctx: &egui::Context) {
        if let Some((purpose, answer)) = self.dialogs.poll(ctx) {
            self.dialog_answered(ctx, purpose, answer);
        }
    }

    fn autosave(&mut self, now: f64, ctx: &egui::Context) {
        let Some(recovery) = &self.recovery else { return };
        if !self.doc.is_dirty() {
            self.next_autosave = None;
            if self.recovery_written {
                self.discard_recovery();
            }
            return;
        }
        let due = *self.next_autosave.get_or_insert(now + AUTOSAVE_SECONDS);
        if now >= due {
            match recovery.write(self.doc.path(), self.doc.scenario()) {
                Ok(()) => self.recovery_written = true,
                Err(e) => log_recovery_failure(&e, &recovery.path()),
            }
            self.next_autosave = Some(now + AUTOSAVE_SECONDS);
        }
        ctx.request_repaint_after(std::time::Duration::from_secs_f64((due - now).max(0.1)));
    }

    /// Deletes this instance's recovery file. Work left by other instances is never touched
    /// here: it is discarded only when the user says so (`discard_orphan`).
    pub(crate) fn discard_recovery(&mut self) {
        if !self.recovery_written {
            return;
        }
        if let Some(recovery) = &self.recovery
            && let Err(e) = recovery.discard()
        {
            log_recovery_failure(&e, &recovery.path());
        }
        self.recovery_written = false;
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = self.doc.window_title();
        if title != self.shown_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
    }

    /// `georisk FILE.ron` on a file that does not exist yet: a new scenario that Save writes
    /// there. Nothing is written until the user saves.
    fn start_new_file(&mut self, path: PathBuf) {
        let path = std::path::absolute(&path).unwrap_or(path);
        let title = path.file_stem().map_or_else(|| "Untitled scenario".to_owned(), title_from_stem);
        self.doc = Document::clean(Scenario::new(title), Some(path), "");
        self.selection = Selection::Overview;
    }

    /// Offers the work of instances that are no longer running (after a crash), newest first,
    /// one at a time. Work of running instances is never seen here.
    pub(crate) fn offer_recovery(&mut self) {
        let Some(store) = &self.recovery_store else { return };
        self.orphans = store.claim_orphans();
        let mut damaged = Vec::new();
        let (readable, unreadable): (Vec<Orphan>, Vec<Orphan>) =
            std::mem::take(&mut self.orphans).into_iter().partition(|o| o.recovered.is_ok());
        for orphan in unreadable {
            let error = match &orphan.recovered {
                Err(e) => e.to_string(),
                Ok(_) => String::new(),
            };
            // Out of the way, so it does not fail on every start, but not deleted.
            match orphan.set_aside() {
                Ok(to) => damaged.push(format!("{error}\nKept, renamed, at {}", to.display())),
                Err(e) => damaged.push(format!("{error}\n{e}")),
            }
        }
        self.orphans = readable;
        if !damaged.is_empty() && !self.orphans.is_empty() {
            // The readable ones are asked about; the damaged ones are reported here.
            for message in &damaged {
                eprintln!("georisk: a recovery file could not be read: {message}");
            }
        } else if !damaged.is_empty() {
            self.modal = Some(Modal::Error {
                title: "Unsaved work could not be recovered".into(),
                message: "A recovery file left after a crash could not be read.".into(),
                detail: Some(damaged.join("\n\n")),
            });
        }
        self.offer_next_orphan();
    }

    /// Shows the next orphan, or closes the question when none is left.
    pub(crate) fn offer_next_orphan(&mut self) {
        self.modal = match self.orphans.first().map(|o| &o.recovered) {
            Some(Ok(recovered)) => {
                Some(Modal::Recovery { recovered: Box::new(recovered.clone()), more: self.orphans.len() - 1 })
            }
            _ => match self.modal.take() {
                Some(Modal::Recovery { .. }) | None => None,
                other => other,
            },
        };
    }

    /// Restores an orphan: it becomes this instance's document and recovery file.
    pub(crate) fn restore_orphan(&mut self, key: &str) {
        let Some(at) = self.orphans.iter().position(|o| o.key() == key) else { return };
        let orphan = self.orphans.remove(at);
        let Ok(recovered) = orphan.recovered.clone() else { return };
        match &self.recovery {
            Some(recovery) => match recovery.adopt(orphan) {
                Ok(()) => self.recovery_written = true,
                Err(e) => log_recovery_failure(&e, &recovery.path()),
            },
            None => drop(orphan),
        }
        let name = if recovered.origin.is_some() { "" } else { "Recovered" };
        self.doc = Document::unsaved(recovered.scenario, recovered.origin, name);
        self.selection = Selection::Overview;
        // The others stay for the next start (or File ▸ Recover unsaved work…).
        self.orphans.clear();
        self.modal = None;
    }

    /// Deletes an orphan the user does not want, then offers the next.
    pub(crate) fn discard_orphan(&mut self, key: &str) {
        if let Some(at) = self.orphans.iter().position(|o| o.key() == key) {
            let orphan = self.orphans.remove(at);
            let path = orphan.path();
            if let Err(e) = orphan.discard() {
                log_recovery_failure(&e, &path);
            }
        }
        self.offer_next_orphan();
    }

    /// Not now: every orphan is released, to be offered again on the next start.
    pub(crate) fn keep_orphans_for_later(&mut self) {
        self.orphans.clear();
        if matches!(self.modal, Some(Modal::Recovery { .. })) {
            self.modal = None;
        }
    }

    /// Where a file dialog starts: the document's folder, else the most recent one.
    pub(crate) fn suggestion(&self, file_name: String) -> Suggestion {
        let places = self.prefs.recent_folders();
        let folder =
            self.doc.path().and_then(|p| p.parent()).map(PathBuf::from).or_else(|| places.first().cloned());
        Suggestion { folder, file_name, places }
    }

    /// A file name for something made from the document: `plan-results.ron` for `plan.ron` and
    /// `tail` `results.ron` (`scenario-…` before the document has a file).
    pub(crate) fn named_after_document(&self, tail: &str) -> String {
        let stem = self.doc.path().and_then(|p| p.file_stem()).map(|s| s.to_string_lossy().into_owned());
        format!("{}-{tail}", stem.as_deref().unwrap_or("scenario"))
    }

    /// Refuses, with the modal `title`, to simulate a scenario that has problems; true when it did.
    pub(crate) fn refused_for_problems(&mut self, title: &str) -> bool {
        let problems = self.doc.problems().len();
        if problems > 0 {
            self.modal = Some(Modal::error(
                title,
                format!("The scenario has {problems} problem(s) to fix first; the Problems list shows them."),
            ));
        }
        problems > 0
    }
}

/// "my-plan_2025" becomes "My plan 2025".
fn title_from_stem(stem: &std::ffi::OsStr) -> String {
    let words = stem.to_string_lossy().replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Untitled scenario".to_owned(),
    }
}

/// While files are dragged over the window, says what dropping them does.
fn drop_hint(ctx: &egui::Context) {
    if ctx.input(|i| i.raw.hovered_files.is_empty()) {
        return;
    }
    let layer = egui::LayerId::new(egui::Order::Foreground, egui::Id::unique("drop-hint"));
    let painter = ctx.layer_painter(layer);
    let rect = ctx.content_rect();
    painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(160));
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        "Drop a .ron scenario file to open it",
        egui::FontId::proportional(22.0),
        egui::Color32::WHITE,
    );
}

/// Autosave is a safety net; when it fails the user still has Save, so it is reported on
/// stderr rather than interrupting them with a dialog every 30 seconds.
fn log_recovery_failure(error: &std::io::Error, path: &std::path::Path) {
    eprintln!("georisk: cannot write the recovery file: {error}: {}", path.display());
}

impl eframe::App for GeoriskApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
    }
}

/// What `GeoriskApp::live_results` returns: the worker's status, the generation of the edits, and
/// the generation and value of the result on screen.
pub type LiveResults<'a> = (results::Status, u64, Option<(u64, &'a crate::engine::Analysis)>);
