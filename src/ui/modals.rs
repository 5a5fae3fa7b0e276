//! Dialogs in front of the window: unsaved changes, a save that would replace a file changed on
//! disk or protected, errors, recovery after a crash, a delete that removes references, About,
//! and the questions of data import (`data_dialogs`). Each returns its answer as a command; none
//! changes the document or touches a file itself.

use super::command::{Command, Commands, Replace, SaveChoice, UnsavedChoice};
use super::data_dialogs;
use super::data_in::CalibrationPreview;
use super::document::Document;
use crate::io::{Recovered, SaveError};
use crate::model::{Id, IdKind, Scenario};
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq)]
pub enum Modal {
    /// Save / Don't save / Cancel before `then` (new, open or quit) replaces the document.
    Unsaved {
        then: Replace,
    },
    /// Overwrite / Save as… / Cancel before a save replaces a file that changed on disk since it
    /// was opened, or that protects itself; `then` runs after the save, as it would have.
    ConfirmSave {
        path: PathBuf,
        risk: SaveRisk,
        then: Option<Replace>,
    },
    /// `detail` is shown in a fixed-width font, so a caret lines up under a column.
    Error {
        title: String,
        message: String,
        detail: Option<String>,
    },
    /// Work left by an instance that closed unexpectedly; `more` are waiting behind it.
    Recovery {
        recovered: Box<Recovered>,
        more: usize,
    },
    ConfirmDelete {
        kind: IdKind,
        id: Id,
        references: Vec<String>,
    },
    /// A holdings CSV that names markets the scenario lacks (and is otherwise good): create them
    /// with default parameters and import, or change nothing.
    UnknownMarkets {
        source: PathBuf,
        text: String,
        markets: Vec<String>,
    },
    /// What a calibration from prices would change; nothing has changed yet.
    CalibrationPreview(Box<CalibrationPreview>),
    About,
}

/// Why a save stopped to ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveRisk {
    /// Another program wrote the file since georisk opened or saved it.
    ChangedOnDisk,
    ReadOnly,
    /// Other names share the file; overwriting writes it in place, so they all see the new text.
    HardLinked {
        links: u64,
    },
    /// The file belongs to someone else; only a copy elsewhere can be saved.
    NotWritable,
}

impl SaveRisk {
    /// The question to ask for a failed save, or `None` when asking cannot help.
    pub fn of(error: &SaveError) -> Option<SaveRisk> {
        match error {
            SaveError::ChangedOnDisk => Some(SaveRisk::ChangedOnDisk),
            SaveError::ReadOnly { .. } => Some(SaveRisk::ReadOnly),
            SaveError::HardLinked { links } => Some(SaveRisk::HardLinked { links: *links }),
            SaveError::NotWritable => Some(SaveRisk::NotWritable),
            SaveError::TooLarge { .. } | SaveError::NotAFile | SaveError::Io(_) => None,
        }
    }
}

impl Modal {
    pub fn error(title: impl Into<String>, message: impl Into<String>) -> Modal {
        Modal::Error { title: title.into(), message: message.into(), detail: None }
    }

    /// A file that could not be read: every problem with its line and column.
    pub fn file_error(title: impl Into<String>, diagnostics: impl Into<String>) -> Modal {
        Modal::Error {
            title: title.into(),
            message: "Nothing was changed in the open scenario.".into(),
            detail: Some(diagnostics.into()),
        }
    }
}

pub fn show(ctx: &egui::Context, modal: &Modal, doc: &Document, commands: &mut Commands) {
    let response = egui::Modal::new(egui::Id::unique("georisk-modal")).show(ctx, |ui| {
        ui.set_max_width(560.0);
        match modal {
            Modal::Unsaved { then } => unsaved(ui, doc, then, commands),
            Modal::ConfirmSave { path, risk, .. } => confirm_save(ui, path, *risk, commands),
            Modal::Error { title, message, detail } => error(ui, title, message, detail.as_deref(), commands),
            Modal::Recovery { recovered, more } => recovery(ui, recovered, *more, commands),
            Modal::ConfirmDelete { kind, id, references } => {
                confirm_delete(ui, doc.scenario(), *kind, id, references, commands)
            }
            Modal::UnknownMarkets { source, markets, .. } => {
                data_dialogs::unknown_markets(ui, source, markets, commands)
            }
            Modal::CalibrationPreview(preview) => data_dialogs::calibration_preview(ui, preview, commands),
            Modal::About => about(ui, commands),
        }
    });
    // Escape or a click outside means "not now"; for the unsaved question that is Cancel.
    if response.should_close() {
        commands.push(match modal {
            Modal::Unsaved { .. } => Command::AnswerUnsaved(UnsavedChoice::Cancel),
            Modal::ConfirmSave { .. } => Command::AnswerSave(SaveChoice::Cancel),
            // Keeping the recovery file is the safe default when the question is dismissed.
            _ => Command::CloseDialog,
        });
    }
}

fn unsaved(ui: &mut egui::Ui, doc: &Document, then: &Replace, commands: &mut Commands) {
    let before = match then {
        Replace::Quit => "closing",
        Replace::New => "starting a new scenario",
        Replace::RestoreRecovery(_) => "restoring the unsaved work",
        Replace::OpenDialog | Replace::OpenPath(_) | Replace::OpenBundled(_) => "opening another scenario",
    };
    ui.heading("Save changes?");
    ui.label(format!("\"{}\" has changes that are not saved. Save them before {before}?", doc.name()));
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button("Save").clicked() {
            commands.push(Command::AnswerUnsaved(UnsavedChoice::Save));
        }
        if ui.button("Don't save").on_hover_text("Your changes are lost.").clicked() {
            commands.push(Command::AnswerUnsaved(UnsavedChoice::DontSave));
        }
        if ui.button("Cancel").clicked() {
            commands.push(Command::AnswerUnsaved(UnsavedChoice::Cancel));
        }
    });
}

fn confirm_save(ui: &mut egui::Ui, path: &std::path::Path, risk: SaveRisk, commands: &mut Commands) {
    let name =
        path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let (heading, explanation, overwrite) = match risk {
        SaveRisk::ChangedOnDisk => (
            format!("\"{name}\" changed on disk"),
            "Another program saved this file after georisk opened or last saved it. Overwriting \
             replaces its changes with yours; Save as… keeps both.",
            Some("Replaces the file with your version; the other program's changes are lost."),
        ),
        SaveRisk::ReadOnly => (
            format!("\"{name}\" is read-only"),
            "The file is marked read-only, perhaps so that it is not changed by accident. \
             Overwriting writes your changes and keeps it read-only.",
            Some("Writes your changes; the file stays read-only."),
        ),
        SaveRisk::HardLinked { .. } => (
            format!("\"{name}\" has other names"),
            "The same file is reachable under other names (hard links). Overwriting writes it in \
             place, so every name shows your changes; Save as… writes a separate copy.",
            Some("Writes the file in place; every name shows your changes."),
        ),
        SaveRisk::NotWritable => (
            format!("You may not write \"{name}\""),
            "The file belongs to someone else or its permissions do not let you change it. Save \
             a copy elsewhere with Save as….",
            None,
        ),
    };
    ui.heading(heading);
    ui.label(explanation);
    ui.add(egui::Label::new(egui::RichText::new(path.display().to_string()).weak()).wrap());
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if let Some(hover) = overwrite
            && ui.button("Overwrite").on_hover_text(hover).clicked()
        {
            commands.push(Command::AnswerSave(SaveChoice::Overwrite));
        }
        if ui.button("Save as…").clicked() {
            commands.push(Command::AnswerSave(SaveChoice::SaveAs));
        }
        if ui.button("Cancel").on_hover_text("Nothing is written; your changes stay unsaved.").clicked() {
            commands.push(Command::AnswerSave(SaveChoice::Cancel));
        }
    });
}

fn error(ui: &mut egui::Ui, title: &str, message: &str, detail: Option<&str>, commands: &mut Commands) {
    ui.heading(title);
    ui.label(message);
    if let Some(detail) = detail {
        ui.add_space(4.0);
        egui::ScrollArea::vertical().max_height(300.0).show(ui, |ui| {
            ui.add(egui::Label::new(egui::RichText::new(detail).monospace()).wrap());
        });
    }
    ui.add_space(8.0);
    if ui.button("OK").clicked() {
        commands.push(Command::CloseDialog);
    }
}

fn recovery(ui: &mut egui::Ui, recovered: &Recovered, more: usize, commands: &mut Commands) {
    ui.heading("Restore unsaved work?");
    let from = match &recovered.origin {
        Some(path) => format!("a copy of {}", path.display()),
        None => "a scenario that was never saved".to_owned(),
    };
    let when = recovered
        .saved_at
        .and_then(|t| t.elapsed().ok())
        .map_or_else(String::new, |ago| format!(", last autosaved {}", ago_in_words(ago)));
    ui.label(format!(
        "A georisk window closed unexpectedly. It kept \"{}\" ({from}{when}) with the changes made \
         until then.",
        recovered.scenario.title
    ));
    if more > 0 {
        let others = if more == 1 { "1 more document".to_owned() } else { format!("{more} more documents") };
        ui.label(format!("{others} waiting to be recovered after this one."));
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button("Restore").clicked() {
            commands.push(Command::RestoreRecovery(recovered.key.clone()));
        }
        if ui.button("Discard").on_hover_text("Deletes the recovered copy.").clicked() {
            commands.push(Command::DiscardRecovery(recovered.key.clone()));
        }
        if ui
            .button("Later")
            .on_hover_text("Keeps it; georisk offers it again next time it starts.")
            .clicked()
        {
            commands.push(Command::CloseDialog);
        }
    });
}

fn ago_in_words(ago: std::time::Duration) -> String {
    match ago.as_secs() {
        0..60 => "less than a minute ago".to_owned(),
        60..120 => "a minute ago".to_owned(),
        s @ 120..7200 => format!("{} minutes ago", s / 60),
        s @ 7200..172_800 => format!("{} hours ago", s / 3600),
        s => format!("{} days ago", s / 86_400),
    }
}

fn confirm_delete(
    ui: &mut egui::Ui,
    scenario: &Scenario,
    kind: IdKind,
    id: &Id,
    references: &[String],
    commands: &mut Commands,
) {
    // By name, as the user knows it; the id only where the item has no name.
    let name = match kind {
        IdKind::Region => scenario.region(id.as_str()).map(|r| r.display_name().to_owned()),
        IdKind::Market => scenario.market(id.as_str()).map(|m| m.display_name().to_owned()),
        IdKind::Event => scenario.event(id.as_str()).map(|e| e.display_name().to_owned()),
        IdKind::Group => scenario.groups.iter().find(|g| g.id == *id).map(|g| g.name.clone()),
    }
    .filter(|name| !name.trim().is_empty())
    .unwrap_or_else(|| id.to_string());
    ui.heading(format!("Delete {} \"{name}\"?", kind.label()));
    ui.label("Other parts of the scenario refer to it. Deleting it also removes these references:");
    egui::ScrollArea::vertical().max_height(240.0).show(ui, |ui| {
        for reference in references {
            ui.label(format!("• {reference}"));
        }
    });
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button("Delete").clicked() {
            commands.push(Command::DeleteConfirmed(kind, id.clone()));
        }
        if ui.button("Cancel").clicked() {
            commands.push(Command::CloseDialog);
        }
    });
}

fn about(ui: &mut egui::Ui, commands: &mut Commands) {
    ui.heading(format!("georisk {}", env!("CARGO_PKG_VERSION")));
    ui.label(
        "A scenario planner for geopolitical risk: events that may happen, how likely they are, how \
         they hit regions and markets, and what that means for a portfolio. Scenarios are plain-text \
         .ron files; `georisk --help` lists the command-line tools.",
    );
    ui.add_space(8.0);
    ui.label("Help ▸ Guide explains the ideas; Help ▸ Keyboard shortcuts lists the keys.");
    ui.add_space(8.0);
    if ui.button("Close").clicked() {
        commands.push(Command::CloseDialog);
    }
}
