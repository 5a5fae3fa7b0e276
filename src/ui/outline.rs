//! The outline on the left: every part of the scenario with counts, events grouped by kind,
//! resolved events marked ✔ (happened) or ✖ (did not), and a filter box. Clicking an item
//! selects it for the editor.

use super::command::{Command, Commands, Selection};
use super::long_list::{DRAW_ALL_UP_TO, skipped_out_of_view};
use crate::model::{EventCategory, Resolution, Scenario};

#[derive(Debug, Default)]
pub struct OutlineState {
    pub filter: String,
    /// Each item's height as last drawn, for the blank space of an item out of view.
    heights: std::collections::HashMap<Selection, f32>,
}

pub fn outline(
    ui: &mut egui::Ui,
    state: &mut OutlineState,
    scenario: &Scenario,
    selection: &Selection,
    commands: &mut Commands,
) {
    ui.add_space(4.0);
    ui.add(
        egui::TextEdit::singleline(&mut state.filter)
            .hint_text("Filter by name or id")
            .desired_width(f32::INFINITY),
    )
    .accessible_name("Filter the outline")
    .on_hover_text("Shows only items whose name or id contains this text.");
    ui.add_space(4.0);
    let needle = state.filter.trim().to_lowercase();
    let shown = |name: &str, id: &str| {
        needle.is_empty() || name.to_lowercase().contains(&needle) || id.to_lowercase().contains(&needle)
    };
    // Clicks become commands after the outline is drawn, so `pick` and `add` can share them.
    let clicked = std::cell::RefCell::new(Vec::new());
    let items = scenario.regions.len()
        + scenario.markets.len()
        + scenario.events.len()
        + scenario.links.len()
        + scenario.groups.len()
        + scenario.variants.len();
    let draw_all = items <= DRAW_ALL_UP_TO;
    let heights = std::cell::RefCell::new(&mut state.heights);
    // An item out of view keeps its place without being drawn: 500 events and 200 links are
    // otherwise most of a frame's work.
    let out_of_view = |ui: &mut egui::Ui, item: &Selection| {
        let height = heights.borrow().get(item).copied().unwrap_or(ui.spacing().interact_size.y);
        !draw_all && skipped_out_of_view(ui, height)
    };
    let pick = |ui: &mut egui::Ui, item: Selection, text: &str| {
        if out_of_view(ui, &item) {
            return;
        }
        let response = ui.selectable_label(*selection == item, text);
        if !draw_all {
            heights.borrow_mut().insert(item.clone(), response.rect.height());
        }
        if response.clicked() {
            clicked.borrow_mut().push(Command::Select(item));
        }
    };
    let add = |ui: &mut egui::Ui, text: &str, command: Command| {
        if ui.small_button(text).clicked() {
            clicked.borrow_mut().push(command);
        }
    };
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        pick(ui, Selection::Overview, "Overview");
        pick(ui, Selection::Results, "Results");
        pick(ui, Selection::Compare, "Compare");
        section(ui, "regions", "Regions", scenario.regions.len(), |ui| {
            for r in scenario.regions.iter().filter(|r| shown(&r.name, r.id.as_str())) {
                pick(ui, Selection::Region(r.id.clone()), r.display_name());
            }
            add(ui, "Add region", Command::AddRegion);
        });
        section(ui, "markets", "Markets", scenario.markets.len(), |ui| {
            for m in scenario.markets.iter().filter(|m| shown(&m.name, m.id.as_str())) {
                pick(ui, Selection::Market(m.id.clone()), m.display_name());
            }
            add(ui, "Add market", Command::AddMarket);
            pick(ui, Selection::Correlations, &format!("Correlations ({})", scenario.correlations.len()));
        });
        section(ui, "events", "Events", scenario.events.len(), |ui| {
            for category in EventCategory::ALL {
                let members: Vec<_> = scenario
                    .events
                    .iter()
                    .filter(|e| e.kind.category() == category && shown(&e.name, e.id.as_str()))
                    .collect();
                if members.is_empty() {
                    continue;
                }
                section(ui, category.label(), category.label(), members.len(), |ui| {
                    for e in members {
                        match &e.resolution {
                            // The mark goes first and the name wraps beside it, so a long name
                            // never widens the outline.
                            Some(r) => {
                                ui.horizontal(|ui| {
                                    outcome_mark(ui, r);
                                    ui.vertical(|ui| {
                                        pick(ui, Selection::Event(e.id.clone()), e.display_name())
                                    });
                                });
                            }
                            None => pick(ui, Selection::Event(e.id.clone()), e.display_name()),
                        }
                    }
                });
            }
            add(ui, "Add event", Command::AddEvent(EventCategory::Custom));
        });
        section(ui, "links", "Links", scenario.links.len(), |ui| {
            for (i, l) in scenario.links.iter().enumerate() {
                let (from, to) = (event_name(scenario, l.from.as_str()), event_name(scenario, l.to.as_str()));
                let matches =
                    needle.is_empty() || shown(&format!("{from} {to}"), &format!("{} {}", l.from, l.to));
                if matches && !out_of_view(ui, &Selection::Link(i)) {
                    pick(ui, Selection::Link(i), &format!("{from} » {to}"));
                }
            }
            if scenario.events.len() >= 2 {
                add(ui, "Add link", Command::AddLink);
            }
        });
        section(ui, "groups", "Exclusive groups", scenario.groups.len(), |ui| {
            for g in scenario.groups.iter().filter(|g| shown(&g.name, g.id.as_str())) {
                let name = if g.name.trim().is_empty() { g.id.as_str() } else { &g.name };
                pick(ui, Selection::Group(g.id.clone()), name);
            }
            add(ui, "Add exclusive group", Command::AddGroup);
        });
        pick(ui, Selection::Portfolio, &format!("Portfolio ({})", scenario.portfolio.holdings.len()));
        section(ui, "variants", "Variants", scenario.variants.len(), |ui| {
            for (i, v) in scenario.variants.iter().enumerate().filter(|(_, v)| shown(&v.name, "")) {
                let name = if v.name.trim().is_empty() { "(unnamed variant)" } else { &v.name };
                pick(ui, Selection::Variant(i), name);
            }
            add(ui, "Add variant", Command::AddVariant);
        });
        pick(ui, Selection::Matrix, "Risk matrix");
    });
    for command in clicked.into_inner() {
        commands.push(command);
    }
}

/// ✔ for an event that happened, ✖ for one that did not, with its date and source on hover.
fn outcome_mark(ui: &mut egui::Ui, r: &Resolution) {
    let mark = if r.happened { "✔" } else { "✖" };
    ui.label(mark).on_hover_text(super::editor::outcome_summary(r));
}

fn section(ui: &mut egui::Ui, salt: &str, title: &str, count: usize, body: impl FnOnce(&mut egui::Ui)) {
    egui::CollapsingHeader::new(format!("{title} ({count})")).id_salt(salt).default_open(true).show(ui, body);
}

fn event_name<'a>(scenario: &'a Scenario, id: &'a str) -> &'a str {
    scenario.event(id).map_or(id, |e| e.display_name())
}
