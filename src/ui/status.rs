//! The status bar (file, saved or not, number of problems) and the list of problems, where a
//! click jumps to the item and a "did you mean" problem offers its fix.

use super::command::{Command, Commands, Selection};
use super::document::Document;
use crate::model::{IdKind, Item, Scenario};

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
            let place = where_is(doc.scenario(), problem.item).unwrap_or_else(|| problem.path.clone());
            ui.horizontal_wrapped(|ui| {
                if let Some(fix) = &problem.fix {
                    let name = defined_name(doc.scenario(), fix);
                    let hover =
                        format!("Every reference to \"{}\" becomes {name}; Undo takes it back.", fix.wrong);
                    if ui.small_button(format!("Use {name}")).on_hover_text(hover).clicked() {
                        commands.push(Command::ApplyFix(fix.clone()));
                    }
                }
                let text = format!("{place}: {}", problem.message);
                let response = ui.add(egui::Link::new(text));
                if response.on_hover_text("Go to this item").clicked() && doc.item_exists(problem.item) {
                    commands.push(Command::Select(Selection::of_item(doc.scenario(), problem.item)));
                }
            });
        }
    });
}

/// The item a fix points references at, by name with its id: `"KOSPI" (kospi)`.
fn defined_name(s: &Scenario, fix: &crate::model::Fix) -> String {
    let id = fix.right.as_str();
    let name = match fix.kind {
        IdKind::Region => s.region(id).map(|r| r.display_name()),
        IdKind::Market => s.market(id).map(|m| m.display_name()),
        IdKind::Event => s.event(id).map(|e| e.display_name()),
        IdKind::Group => s.groups.iter().find(|g| g.id == fix.right).map(|g| g.name.as_str()),
    };
    match name {
        Some(name) if name != id && !name.trim().is_empty() => format!("\"{name}\" ({id})"),
        _ => format!("\"{id}\""),
    }
}

/// The item a problem is about, in the words the outline uses.
fn where_is(s: &Scenario, item: Item) -> Option<String> {
    let event_name = |id: &str| s.event(id).map_or(id, |e| e.display_name()).to_owned();
    Some(match item {
        Item::Scenario => "Overview".to_owned(),
        Item::Matrix => "Risk matrix".to_owned(),
        Item::Region(i) => format!("Region \"{}\"", s.regions.get(i)?.display_name()),
        Item::Market(i) => format!("Market \"{}\"", s.markets.get(i)?.display_name()),
        Item::Correlation(i) => {
            let (a, b) = &s.correlations.get(i)?.between;
            let name = |id: &crate::model::Id| {
                s.market(id.as_str()).map_or(id.as_str(), |m| m.display_name()).to_owned()
            };
            format!("Correlation of \"{}\" and \"{}\"", name(a), name(b))
        }
        Item::Event(i) => format!("Event \"{}\"", s.events.get(i)?.display_name()),
        Item::Link(i) => {
            let link = s.links.get(i)?;
            format!("Link \"{}\" » \"{}\"", event_name(link.from.as_str()), event_name(link.to.as_str()))
        }
        Item::Group(i) => format!("Exclusive group \"{}\"", s.groups.get(i)?.id),
        Item::Holding(i) => format!("Portfolio holding \"{}\"", s.portfolio.holdings.get(i)?.market),
        Item::Variant(i) => format!("Variant \"{}\"", s.variants.get(i)?.name),
    })
}
