//! The menu bar: File, Edit, View, Help. Every item issues a command; items that open a dialog
//! end in "…". Shortcuts shown beside items come from `shortcuts`, never typed here.

use super::app::GeoriskApp;
use super::command::{Command, Commands, Selection};
use super::file_dialogs::DialogChoice;
use super::help::HelpPage;
use super::results_out::ResultsFormat;
use super::shortcuts;
use crate::io;
use crate::model::{EventCategory, IdKind};

pub fn menu_bar(ui: &mut egui::Ui, app: &GeoriskApp, commands: &mut Commands) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| file_menu(ui, app, commands));
        ui.menu_button("Edit", |ui| edit_menu(ui, app, commands));
        ui.menu_button("View", |ui| view_menu(ui, app, commands));
        ui.menu_button("Help", |ui| help_menu(ui, commands));
    });
}

const RECOVER_HINT: &str = "Work that a georisk window which closed unexpectedly kept for you. \
                            Other windows that are still open keep theirs to themselves.";
const CHOOSER_HINT: &str = "Open and Save as show georisk's own file chooser instead of the system's \
                            dialog. Where the system cannot show a dialog, georisk's own is used anyway.";

const EXPORT_HINT: &str = "One HTML file to send or print: the summary with its bands, the risk matrix, \
                           the loss charts, what drives the losses, every event, the variants side by \
                           side and the settings that reproduce it. It opens in any browser, offline.";

const RESULTS_HINT: &str = "The figures `georisk run --format csv` or `--format json` prints, for the \
                            scenario (or the variant Results shows) with the live trials and the file's seed.";

const SAVE_RESULTS_HINT: &str = "A results file (RON) that georisk opens read-only: the figures, matrix and \
                                 charts Results shows, with the scenario's hash, trials and seed. The \
                                 same as `georisk run --format ron`.";
const OPEN_RESULTS_HINT: &str = "Shows saved results read-only in a window of their own, beside the open \
                                 scenario, and says whether that scenario has changed since.";

/// A menu item with its shortcut (from the one table of shortcuts) beside it.
fn item(ui: &mut egui::Ui, label: &str, command: &Command, enabled: bool) -> bool {
    let keys = shortcuts::label(ui.ctx(), command);
    let mut button = egui::Button::new(label);
    // An empty shortcut text would still end the accessible name in a space.
    if !keys.is_empty() {
        button = button.shortcut_text(keys);
    }
    ui.add_enabled(enabled, button).clicked()
}

fn help_menu(ui: &mut egui::Ui, commands: &mut Commands) {
    for (label, page) in [
        ("Guide", HelpPage::Guide),
        ("Keyboard shortcuts", HelpPage::Shortcuts),
        ("File format reference", HelpPage::FileFormat),
    ] {
        if item(ui, label, &Command::ShowHelp(page), true) {
            commands.push(Command::ShowHelp(page));
        }
    }
    ui.separator();
    if ui.button("About georisk…").clicked() {
        commands.push(Command::ShowAbout);
    }
}

fn file_menu(ui: &mut egui::Ui, app: &GeoriskApp, commands: &mut Commands) {
    let dialog_free = !app.dialogs.is_open();
    if item(ui, "New", &Command::New, true) {
        commands.push(Command::New);
    }
    if item(ui, "Open…", &Command::OpenDialog, dialog_free) {
        commands.push(Command::OpenDialog);
    }
    ui.menu_button("Open recent", |ui| {
        if app.prefs.recent.is_empty() {
            ui.label("No recent files");
        }
        let home = io::home_folder();
        for path in &app.prefs.recent {
            if ui
                .button(recent_label(path, home.as_deref()))
                .on_hover_text(path.display().to_string())
                .clicked()
            {
                commands.push(Command::OpenPath(path.clone()));
            }
        }
    });
    ui.menu_button("Open example", |ui| {
        for (i, (name, _)) in io::BUNDLED.iter().enumerate() {
            if ui.button(*name).clicked() {
                commands.push(Command::OpenBundled(i));
            }
        }
    });
    ui.separator();
    if item(ui, "Save", &Command::Save, dialog_free) {
        commands.push(Command::Save);
    }
    if item(ui, "Save as…", &Command::SaveAsDialog, dialog_free) {
        commands.push(Command::SaveAsDialog);
    }
    ui.separator();
    let exporting = app.report_export.is_running();
    let label = if exporting { "Exporting report…" } else { "Export report…" };
    if ui
        .add_enabled(dialog_free && !exporting, egui::Button::new(label))
        .on_hover_text(EXPORT_HINT)
        .clicked()
    {
        commands.push(Command::ExportReportDialog);
    }
    let results_free = dialog_free && !app.results_export.is_running();
    ui.menu_button("Export results", |ui| {
        for (label, format) in [("CSV…", ResultsFormat::Csv), ("JSON…", ResultsFormat::Json)] {
            if ui.add_enabled(results_free, egui::Button::new(label)).on_hover_text(RESULTS_HINT).clicked() {
                commands.push(Command::ExportResultsDialog(format));
            }
        }
    });
    let saving = app.results_save.is_running();
    let label = if saving { "Saving results…" } else { "Save results…" };
    if ui
        .add_enabled(dialog_free && !saving, egui::Button::new(label))
        .on_hover_text(SAVE_RESULTS_HINT)
        .clicked()
    {
        commands.push(Command::SaveResultsDialog);
    }
    if ui
        .add_enabled(dialog_free, egui::Button::new("Open results…"))
        .on_hover_text(OPEN_RESULTS_HINT)
        .clicked()
    {
        commands.push(Command::OpenResultsDialog);
    }
    ui.separator();
    if ui.button("Recover unsaved work…").on_hover_text(RECOVER_HINT).clicked() {
        commands.push(Command::OfferRecovery);
    }
    let mut built_in = app.prefs.file_dialog == DialogChoice::BuiltIn;
    if ui.checkbox(&mut built_in, "Use georisk's own file chooser").on_hover_text(CHOOSER_HINT).changed() {
        commands.push(Command::SetFileDialog(if built_in {
            DialogChoice::BuiltIn
        } else {
            DialogChoice::System
        }));
    }
    ui.separator();
    if item(ui, "Quit", &Command::Quit, true) {
        commands.push(Command::Quit);
    }
}

/// "plan.ron — ~/scenarios": the name first, then its folder, so files of the same name differ.
fn recent_label(path: &std::path::Path, home: Option<&std::path::Path>) -> String {
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
    let Some(folder) = path.parent() else { return name };
    let folder = match home.and_then(|h| folder.strip_prefix(h).ok()) {
        Some(rest) if rest.as_os_str().is_empty() => "~".to_owned(),
        Some(rest) => format!("~/{}", rest.display()),
        None => folder.display().to_string(),
    };
    format!("{name} — {folder}")
}

fn edit_menu(ui: &mut egui::Ui, app: &GeoriskApp, commands: &mut Commands) {
    if item(ui, "Undo", &Command::Undo, app.doc.can_undo()) {
        commands.push(Command::Undo);
    }
    if item(ui, "Redo", &Command::Redo, app.doc.can_redo()) {
        commands.push(Command::Redo);
    }
    ui.separator();
    if ui.button("Add event").clicked() {
        commands.push(Command::AddEvent(EventCategory::Custom));
    }
    if ui.button("Add region").clicked() {
        commands.push(Command::AddRegion);
    }
    if ui.button("Add market").clicked() {
        commands.push(Command::AddMarket);
    }
    let event = match &app.selection {
        Selection::Event(id) => Some(id.clone()),
        _ => None,
    };
    if ui.add_enabled(event.is_some(), egui::Button::new("Duplicate event")).clicked()
        && let Some(id) = event
    {
        commands.push(Command::DuplicateEvent(id));
    }
    let deletable = match &app.selection {
        Selection::Region(id) => Some(Command::Delete(IdKind::Region, id.clone())),
        Selection::Market(id) => Some(Command::Delete(IdKind::Market, id.clone())),
        Selection::Event(id) => Some(Command::Delete(IdKind::Event, id.clone())),
        Selection::Group(id) => Some(Command::Delete(IdKind::Group, id.clone())),
        Selection::Link(i) => Some(Command::DeleteLink(*i)),
        Selection::Variant(i) => Some(Command::DeleteVariant(*i)),
        Selection::Overview
        | Selection::Results
        | Selection::Compare
        | Selection::Portfolio
        | Selection::Correlations
        | Selection::Matrix => None,
    };
    if ui.add_enabled(deletable.is_some(), egui::Button::new("Delete selected")).clicked()
        && let Some(command) = deletable
    {
        commands.push(command);
    }
}

fn view_menu(ui: &mut egui::Ui, app: &GeoriskApp, commands: &mut Commands) {
    let mut show = app.show_problems;
    if ui.checkbox(&mut show, "Problems list").changed() {
        commands.push(Command::ShowProblems(show));
    }
    if ui.button("Results").clicked() {
        commands.push(Command::Select(Selection::Results));
    }
    let mut beside = app.prefs.results_beside;
    let toggle = ui.checkbox(&mut beside, "Results beside the editor").on_hover_text(
        "Edit on the left and watch the results follow on the right; drag the divider to share the width.",
    );
    if toggle.changed() {
        commands.push(Command::SetResultsBeside(beside));
    }
    ui.separator();
    ui.label("Theme");
    for (theme, label) in [
        (egui::ThemePreference::System, "Follow the system"),
        (egui::ThemePreference::Light, "Light"),
        (egui::ThemePreference::Dark, "Dark"),
    ] {
        if ui.radio(app.prefs.theme == theme, label).clicked() {
            commands.push(Command::SetTheme(theme));
        }
    }
}
