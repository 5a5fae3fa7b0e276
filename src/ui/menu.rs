//! The menu bar: File, Edit, View, Help. Every item issues a command; items that open a dialog
//! end in "…".

use super::app::GeoriskApp;
use super::command::{Command, Commands, Selection};
use crate::io;
use crate::model::{EventCategory, IdKind};

pub fn menu_bar(ui: &mut egui::Ui, app: &GeoriskApp, commands: &mut Commands) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| file_menu(ui, app, commands));
        ui.menu_button("Edit", |ui| edit_menu(ui, app, commands));
        ui.menu_button("View", |ui| view_menu(ui, app, commands));
        ui.menu_button("Help", |ui| {
            if ui.button("About georisk…").clicked() {
                commands.push(Command::ShowAbout);
            }
        });
    });
}

fn item(ui: &mut egui::Ui, label: &str, shortcut: &str, enabled: bool) -> bool {
    let button = egui::Button::new(label).shortcut_text(shortcut);
    ui.add_enabled(enabled, button).clicked()
}

fn file_menu(ui: &mut egui::Ui, app: &GeoriskApp, commands: &mut Commands) {
    let dialog_free = !app.dialogs.is_open();
    if item(ui, "New", "Ctrl+N", true) {
        commands.push(Command::New);
    }
    if item(ui, "Open…", "Ctrl+O", dialog_free) {
        commands.push(Command::OpenDialog);
    }
    ui.menu_button("Open recent", |ui| {
        if app.prefs.recent.is_empty() {
            ui.label("No recent files");
        }
        for path in &app.prefs.recent {
            let name =
                path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
            if ui.button(name).on_hover_text(path.display().to_string()).clicked() {
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
    if item(ui, "Save", "Ctrl+S", dialog_free) {
        commands.push(Command::Save);
    }
    if item(ui, "Save as…", "Ctrl+Shift+S", dialog_free) {
        commands.push(Command::SaveAsDialog);
    }
    ui.separator();
    if item(ui, "Quit", "", true) {
        commands.push(Command::Quit);
    }
}

fn edit_menu(ui: &mut egui::Ui, app: &GeoriskApp, commands: &mut Commands) {
    if item(ui, "Undo", "Ctrl+Z", app.doc.can_undo()) {
        commands.push(Command::Undo);
    }
    if item(ui, "Redo", "Ctrl+Shift+Z", app.doc.can_redo()) {
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
