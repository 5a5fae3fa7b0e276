//! The keyboard shortcuts: one table, which the app acts on, the menus show beside their items
//! and Help lists. It knows nothing of what a command does.

use super::command::Command;
use egui::{Key, KeyboardShortcut, Modifiers};

pub struct Shortcut {
    pub keys: KeyboardShortcut,
    pub command: Command,
    /// What it does, for Help.
    pub what: &'static str,
}

/// Every shortcut. Ones with more modifiers come first: Ctrl+Shift+S must be taken before
/// Ctrl+S would match it.
pub fn table() -> Vec<Shortcut> {
    let shift = Modifiers::COMMAND | Modifiers::SHIFT;
    let entry = |modifiers, key, command, what| Shortcut {
        keys: KeyboardShortcut::new(modifiers, key),
        command,
        what,
    };
    vec![
        entry(shift, Key::S, Command::SaveAsDialog, "Save as…"),
        entry(shift, Key::Z, Command::Redo, "Redo"),
        entry(Modifiers::COMMAND, Key::Y, Command::Redo, "Redo"),
        entry(Modifiers::COMMAND, Key::Z, Command::Undo, "Undo"),
        entry(Modifiers::COMMAND, Key::S, Command::Save, "Save"),
        entry(Modifiers::COMMAND, Key::O, Command::OpenDialog, "Open…"),
        entry(Modifiers::COMMAND, Key::N, Command::New, "New scenario"),
        entry(Modifiers::NONE, Key::F1, Command::ShowHelp(super::help::HelpPage::Guide), "Help"),
    ]
}

/// The first shortcut of a command as the platform writes it ("Ctrl+Shift+S"), or "".
pub fn label(ctx: &egui::Context, command: &Command) -> String {
    table()
        .into_iter()
        .find(|s| &s.command == command)
        .map_or_else(String::new, |s| ctx.format_shortcut(&s.keys))
}
