//! The app: owns the document, the selection, the open dialog and the preferences; draws the
//! panels each frame, then applies the commands they returned.

use super::command::{Command, Commands, Selection};
use super::document::Document;
use super::editor::EditorState;
use super::file_dialogs::FileDialogs;
use super::modals::Modal;
use super::outline::OutlineState;
use super::results::{self, ResultsState};
use super::{editor, menu, modals, outline, status};
use crate::io::{self, RecoveryStore};
use crate::model::Scenario;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

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
}

impl Preferences {
    pub fn remember(&mut self, path: PathBuf) {
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }
}

pub struct GeoriskApp {
    pub(crate) doc: Document,
    pub(crate) selection: Selection,
    pub(crate) prefs: Preferences,
    pub(crate) recovery: Option<RecoveryStore>,
    pub(crate) modal: Option<Modal>,
    pub(crate) dialogs: FileDialogs,
    pub(crate) outline: OutlineState,
    pub(crate) editor: EditorState,
    pub(crate) show_problems: bool,
    pub(crate) results: ResultsState,
    commands: Commands,
    /// When the next autosave is due, while the document is dirty.
    next_autosave: Option<f64>,
    /// Whether the recovery file holds a copy of this session's document.
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
        let mut app = GeoriskApp {
            doc: Document::clean(example, None, name),
            selection: Selection::Overview,
            prefs,
            recovery: config.recovery,
            modal: None,
            dialogs: FileDialogs::default(),
            outline: OutlineState::default(),
            editor: EditorState::default(),
            show_problems: false,
            results: ResultsState::default(),
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
                app.open_path(path);
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
        &self.doc.scenario
    }

    /// Edits the scenario directly, as an editor widget does.
    pub fn scenario_mut(&mut self) -> &mut Scenario {
        &mut self.doc.scenario
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

    /// The trial count of live results (tests use fewer).
    pub fn set_live_trials(&mut self, trials: u64) {
        self.results.trials = trials;
    }

    /// The state of the live results: (status, generation of the edits, generation of the shown
    /// result, its trial count), or `None` before Results was first opened.
    pub fn live_results(&self) -> Option<LiveResults<'_>> {
        let worker = self.results.worker.as_ref()?;
        Some((worker.status().clone(), worker.generation(), worker.result()))
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
            outline::outline(ui, &mut self.outline, &self.doc.scenario, &self.selection, &mut commands)
        });
        if self.selection == Selection::Results {
            self.results.activate();
        }
        let problems = self.doc.problems().len();
        self.results.update(&ctx, &self.doc.scenario, problems);
        egui::CentralPanel::default().show(ui, |ui| {
            if self.selection == Selection::Results {
                results::results(ui, &mut self.results, &self.doc.scenario, &mut commands);
            } else {
                editor::editor(ui, &mut self.editor, &mut self.doc.scenario, &self.selection, &mut commands)
            }
        });
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
        self.autosave(ctx.input(|i| i.time), &ctx);
        self.update_title(&ctx);
    }

    fn apply_theme(&mut self, ctx: &egui::Context) {
        if self.theme_applied != Some(self.prefs.theme) {
            ctx.set_theme(self.prefs.theme);
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
        use egui::{Key, KeyboardShortcut as S, Modifiers as M};
        let shift = M::COMMAND | M::SHIFT;
        let table = [
            (S::new(shift, Key::S), Command::SaveAsDialog),
            (S::new(shift, Key::Z), Command::Redo),
            (S::new(M::COMMAND, Key::Y), Command::Redo),
            (S::new(M::COMMAND, Key::Z), Command::Undo),
            (S::new(M::COMMAND, Key::S), Command::Save),
            (S::new(M::COMMAND, Key::O), Command::OpenDialog),
            (S::new(M::COMMAND, Key::N), Command::New),
        ];
        for (shortcut, command) in table {
            if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                self.commands.push(command);
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

    fn poll_dialogs(&mut self, ctx: &egui::Context) {
        if let Some((purpose, answer)) = self.dialogs.poll() {
            self.dialog_answered(ctx, purpose, answer);
        }
    }

    fn autosave(&mut self, now: f64, ctx: &egui::Context) {
        let Some(store) = &self.recovery else { return };
        if !self.doc.is_dirty() {
            self.next_autosave = None;
            if self.recovery_written {
                self.discard_recovery();
            }
            return;
        }
        let due = *self.next_autosave.get_or_insert(now + AUTOSAVE_SECONDS);
        if now >= due {
            match store.write(self.doc.path(), &self.doc.scenario) {
                Ok(()) => self.recovery_written = true,
                Err(e) => log_recovery_failure(&e, &store.path()),
            }
            self.next_autosave = Some(now + AUTOSAVE_SECONDS);
        }
        ctx.request_repaint_after(std::time::Duration::from_secs_f64((due - now).max(0.1)));
    }

    /// Deletes the recovery file if it holds this session's document. A copy left by a crash
    /// that the user has not answered about yet is kept, to be offered again next time.
    pub(crate) fn discard_recovery(&mut self) {
        if !self.recovery_written {
            return;
        }
        if let Some(store) = &self.recovery
            && let Err(e) = store.discard()
        {
            log_recovery_failure(&e, &store.path());
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

    fn offer_recovery(&mut self) {
        let Some(store) = &self.recovery else { return };
        match store.read() {
            None => {}
            Some(Ok(recovered)) => self.modal = Some(Modal::Recovery(Box::new(recovered))),
            Some(Err(e)) => {
                self.modal = Some(Modal::file_error("Unsaved work could not be recovered", e.to_string()));
                // An unreadable copy would be offered (and fail) on every start.
                self.recovery_written = true;
                self.discard_recovery();
            }
        }
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
