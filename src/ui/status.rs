//! The status bar (file, saved or not, number of problems) and the list of problems, where a
//! click jumps to the item.

use super::command::{Command, Commands, Selection};
use super::document::Document;

pub fn status_bar(ui: &mut egui::Ui, doc: &mut Document, commands: &mut Commands) {
    ui.horizontal(|ui| {
        let place = match doc.path() {
            Some(path) => path.display().to_string(),
            None if doc.is_example => {
                format!("Example {}: Save as… keeps a copy of your changes", doc.name())
            }
            None => format!("{}: not saved to a file yet", doc.name()),
        };
        ui.label(place);
        ui.separator();
        ui.label(match (doc.is_dirty(), doc.path().is_some()) {
            (true, _) => "Unsaved changes",
            (false, true) => "Saved",
            (false, false) => "No changes",
        });
        ui.separator();
        let count = doc.problems().len();
        let (text, tip) = match count {
            0 => ("No problems".to_owned(), "The scenario is complete and consistent."),
            1 => ("1 problem".to_owned(), "Click to list it and jump to the item."),
            n => (format!("{n} problems"), "Click to list them and jump to each item."),
        };
        let label = if count == 0 {
            egui::RichText::new(text)
        } else {
            egui::RichText::new(text).color(ui.visuals().warn_fg_color)
        };
        if ui.button(label).on_hover_text(tip).clicked() {
            commands.push(Command::ShowProblems(count > 0));
        }
    });
}

pub fn problem_list(ui: &mut egui::Ui, doc: &mut Document, commands: &mut Commands) {
    ui.horizontal(|ui| {
        ui.strong("Problems");
        if ui.small_button("Close").clicked() {
            commands.push(Command::ShowProblems(false));
        }
    });
    let problems = doc.problems().to_vec();
    if problems.is_empty() {
        ui.label("No problems: the scenario is complete and consistent.");
        return;
    }
    egui::ScrollArea::vertical().auto_shrink([false, true]).show(ui, |ui| {
        for problem in &problems {
            let text = format!("{}: {}", problem.path, problem.message);
            let response = ui.add(egui::Button::new(text).frame(false).wrap());
            if response.on_hover_text("Go to this item").clicked() && doc.item_exists(problem.item) {
                commands.push(Command::Select(Selection::of_item(&doc.scenario, problem.item)));
            }
        }
    });
}
