//! The correlations of markets' background moves: what is wrong with them (from validation, in
//! plain words), a markets × markets grid (lower triangle, blue for negative, red for positive)
//! whose cells are dragged or typed, and the list of pairs with their notes.
//!
//! A cell with no pair reads as 0 and editing it adds the pair. Setting a pair to 0 keeps it, with
//! its notes, so "we checked: unrelated" stays in the file; Remove in the list deletes it.

use crate::model::correlation::{EIGEN_TOLERANCE, blocks, smallest_eigen};
use crate::model::{Correlation, Finite, Id, Item, ListEdit, Scenario, validate};
use crate::ui::command::{Command, Commands};
use std::collections::BTreeMap;

const CORRELATION_TIP: &str = "How two markets' ordinary ups and downs (their background noise) move \
     together: 1 in lockstep, 0 unrelated, −1 opposite. Events' price moves are not affected.";
const CELL_TIP: &str = "Drag sideways or click and type a value from −1 to 1. An empty cell is 0 (no \
     pair in the file); editing it adds the pair. Setting 0 keeps the pair and its notes; remove a \
     pair in the list below.";

/// The size of a grid cell and the most room a market's name gets.
const CELL: egui::Vec2 = egui::vec2(48.0, 22.0);
/// Names longer than this are cut, whole on hover; the usual "Euro Stoxx 50 (currency-hedged)"
/// fits, so the grid is read without hovering.
const MAX_NAME_LENGTH: f32 = 230.0;
const NOTES_WIDTH: f32 = 240.0;

pub fn correlations(ui: &mut egui::Ui, scenario: &mut Scenario, commands: &mut Commands) {
    ui.heading("Market correlations").on_hover_text(CORRELATION_TIP);
    super::calibrate_button(ui, commands);
    ui.label(
        "How markets' ordinary ups and downs move together over the horizon: 1 in lockstep, 0 \
         unrelated (any pair not listed), −1 opposite. Equity indices move together; safe havens \
         such as Treasuries or gold often move against them.",
    );
    ui.add_space(6.0);
    problems(ui, scenario);
    if scenario.markets.len() < 2 {
        ui.label("Correlations need at least two markets; add markets under Markets in the outline.");
    } else {
        grid(ui, scenario, commands);
    }
    ui.add_space(12.0);
    ui.heading("Pairs");
    list(ui, scenario, commands);
    ui.add_space(8.0);
    add_pair(ui, scenario, commands);
}

fn market_name(scenario: &Scenario, id: &Id) -> String {
    scenario.market(id.as_str()).map_or(id.as_str(), |m| m.display_name()).to_owned()
}

/// The scenario's correlation problems, each in plain words with markets called by their names,
/// and a button that scales an impossible set toward 0 until it holds.
fn problems(ui: &mut egui::Ui, scenario: &mut Scenario) {
    let found: Vec<_> =
        validate(scenario).into_iter().filter(|p| matches!(p.item, Item::Correlation(_))).collect();
    if found.is_empty() {
        return;
    }
    let error = ui.visuals().error_fg_color;
    ui.colored_label(error, "These correlations cannot be used as they are:");
    for problem in &found {
        ui.colored_label(error, format!("• {}", plain_words(scenario, problem.item, &problem.message)));
    }
    if found.iter().any(|p| p.message.contains("cannot all hold")) {
        ui.label(
            "Correlations constrain each other: when two markets both move closely with a third, they \
             also move with each other, so a low or negative value between them is impossible.",
        );
        let tip = "Multiplies every correlation of the markets linked with those named by the same \
                   factor, the largest (in steps of 0.01) that makes them consistent.";
        if ui.button("Scale them toward 0 until they hold").on_hover_text(tip).clicked() {
            shrink_to_valid(scenario);
        }
    }
    ui.add_space(8.0);
}

/// A validation message with markets called by name, starting with a capital letter; a message
/// about one pair that does not name its markets gets them in front.
fn plain_words(scenario: &Scenario, item: Item, message: &str) -> String {
    let mut text = message.to_owned();
    for market in &scenario.markets {
        text = text.replace(&format!("\"{}\"", market.id), market.display_name());
    }
    let mut pair = None;
    if let Item::Correlation(i) = item
        && let Some(c) = scenario.correlations.get(i)
    {
        let names = [market_name(scenario, &c.between.0), market_name(scenario, &c.between.1)];
        if !names.iter().any(|n| text.contains(n.as_str())) {
            pair = Some(format!("{} and {}", names[0], names[1]));
        }
    }
    let mut chars = text.chars();
    let text = chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect());
    match pair {
        Some(pair) => format!("{pair}: {text}"),
        None => text,
    }
}

/// Scales the pairs of every impossible block toward 0 by the largest factor, in steps of 0.01,
/// that makes the block a valid correlation matrix with values of two decimals.
fn shrink_to_valid(scenario: &mut Scenario) {
    for block in blocks(scenario) {
        let k = block.size();
        let (smallest, _) = smallest_eigen(&block.matrix, k);
        if smallest >= -EIGEN_TOLERANCE {
            continue;
        }
        let ids: Vec<Id> = block.markets.iter().map(|&m| scenario.markets[m].id.clone()).collect();
        let in_block = |c: &Correlation| ids.contains(&c.between.0) && ids.contains(&c.between.1);
        let originals: Vec<(usize, f64)> = scenario
            .correlations
            .iter()
            .enumerate()
            .filter(|(_, c)| in_block(c))
            .map(|(i, c)| (i, c.value.get()))
            .collect();
        // 1 / (1 − λ) makes the smallest eigenvalue exactly 0; rounding may need a little less.
        let mut factor = (100.0 / (1.0 - smallest)).floor() / 100.0;
        while factor > 0.0 {
            for &(i, v) in &originals {
                let scaled = (v * factor * 100.0).trunc() / 100.0;
                scenario.correlations[i].value = Finite::new(scaled).unwrap_or(Finite::ZERO);
            }
            let check = blocks(scenario).into_iter().find(|b| b.markets == block.markets);
            if check.is_none_or(|b| smallest_eigen(&b.matrix, b.size()).0 >= -EIGEN_TOLERANCE) {
                break;
            }
            factor = ((factor - 0.01) * 100.0).round() / 100.0;
        }
    }
}

/// The grid positions of the markets whose correlations cannot all hold at once: those that
/// carry the direction of a negative eigenvalue, as validation names them.
fn impossible_markets(scenario: &Scenario) -> Vec<usize> {
    let mut out = Vec::new();
    for block in blocks(scenario) {
        let (smallest, vector) = smallest_eigen(&block.matrix, block.size());
        if smallest >= -EIGEN_TOLERANCE {
            continue;
        }
        let largest = vector.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        out.extend(
            block.markets.iter().zip(&vector).filter(|(_, v)| v.abs() >= 0.25 * largest).map(|(&m, _)| m),
        );
    }
    out
}

/// Blue for −1, white for 0, red for +1 (a diverging scale that reads the same in both themes).
fn cell_colour(value: f64) -> egui::Color32 {
    let t = value.clamp(-1.0, 1.0).abs() as f32;
    let white = egui::Color32::from_rgb(247, 247, 247);
    let end = if value < 0.0 {
        egui::Color32::from_rgb(67, 147, 195)
    } else {
        egui::Color32::from_rgb(214, 96, 77)
    };
    white.lerp_to_gamma(end, t)
}

/// The lower triangle of markets × markets: row `i`, column `j < i`.
fn grid(ui: &mut egui::Ui, scenario: &mut Scenario, commands: &mut Commands) {
    let markets: Vec<(Id, String)> =
        scenario.markets.iter().map(|m| (m.id.clone(), m.display_name().to_owned())).collect();
    let n = markets.len();
    let position: BTreeMap<&Id, usize> =
        markets.iter().enumerate().rev().map(|(i, (id, _))| (id, i)).collect();
    // Which correlation holds each pair of market positions; of a pair given twice the last counts.
    let mut pair_index: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for (k, c) in scenario.correlations.iter().enumerate() {
        if let (Some(&a), Some(&b)) = (position.get(&c.between.0), position.get(&c.between.1))
            && a != b
        {
            pair_index.insert((a.min(b), a.max(b)), k);
        }
    }
    let widest = |names: &[(Id, String)]| {
        let width = names
            .iter()
            .map(|(_, name)| {
                let text = egui::WidgetText::from(name.as_str());
                text.into_galley(ui, Some(egui::TextWrapMode::Extend), f32::INFINITY, egui::TextStyle::Body)
                    .size()
                    .x
            })
            .fold(0.0f32, f32::max);
        (width + 6.0).min(MAX_NAME_LENGTH)
    };
    let header_height = widest(&markets[..n - 1]);
    let row_label_width = widest(&markets[1..]);

    let flagged = impossible_markets(scenario);
    let mut edits: Vec<(usize, usize, f64)> = Vec::new();
    ui.label("Drag a cell sideways or click it to type; an empty cell is 0.").on_hover_text(CELL_TIP);
    egui::ScrollArea::horizontal().id_salt("correlation-grid-scroll").show(ui, |ui| {
        egui::Grid::new("correlation-grid").spacing([2.0, 2.0]).show(ui, |ui| {
            ui.allocate_exact_size(egui::vec2(row_label_width, header_height), egui::Sense::hover());
            for (_, name) in &markets[..n - 1] {
                column_header(ui, name, header_height);
            }
            ui.end_row();
            for i in 1..n {
                let row = &markets[i].1;
                let right = egui::Layout::right_to_left(egui::Align::Center);
                ui.allocate_ui_with_layout(egui::vec2(row_label_width, CELL.y), right, |ui| {
                    ui.set_min_width(row_label_width);
                    ui.add(egui::Label::new(row.as_str()).truncate()).on_hover_text(row.as_str());
                });
                for (j, (_, column)) in markets.iter().enumerate().take(i) {
                    let listed = pair_index.get(&(j, i)).copied();
                    let value = listed.map_or(0.0, |k| scenario.correlations[k].value.get());
                    let conflict = flagged.contains(&i) && flagged.contains(&j);
                    if let Some(new) = cell(ui, value, listed.is_some(), conflict, row, column) {
                        edits.push((j, i, new));
                    }
                }
                ui.end_row();
            }
        });
    });
    for (j, i, value) in edits {
        let Ok(value) = Finite::new(value) else { continue };
        match pair_index.get(&(j, i)) {
            Some(&k) => scenario.correlations[k].value = value,
            // A new pair is a row of the list: added by a command, as its own undo step; the
            // rest of a drag edits the listed value.
            None => commands.push(Command::EditList(ListEdit::AddCorrelation {
                between: (markets[j].0.clone(), markets[i].0.clone()),
                value,
            })),
        }
    }
}

/// A market's name written upwards above its column, cut to fit, in full on hover.
fn column_header(ui: &mut egui::Ui, name: &str, height: f32) {
    let (rect, response) = ui.allocate_exact_size(egui::vec2(CELL.x, height), egui::Sense::hover());
    let galley = egui::WidgetText::from(name).into_galley(
        ui,
        Some(egui::TextWrapMode::Truncate),
        height - 4.0,
        egui::TextStyle::Body,
    );
    let pos = egui::pos2(rect.center().x - galley.size().y / 2.0, rect.bottom() - 2.0);
    let colour = ui.visuals().text_color();
    ui.painter()
        .add(egui::epaint::TextShape::new(pos, galley, colour).with_angle(-std::f32::consts::FRAC_PI_2));
    response.on_hover_text(name);
}

/// One cell: its value coloured, dragged or typed. Returns the new value when it changed.
/// A cell of a set that cannot hold (`conflict`) has an outline in the error colour.
fn cell(ui: &mut egui::Ui, value: f64, listed: bool, conflict: bool, row: &str, column: &str) -> Option<f64> {
    let mut edited = value;
    let fill = if listed { cell_colour(value) } else { ui.visuals().faint_bg_color };
    let outline = conflict.then(|| egui::Stroke::new(2.0, ui.visuals().error_fg_color));
    let changed = ui
        .scope(|ui| {
            let visuals = ui.visuals_mut();
            for state in
                [&mut visuals.widgets.inactive, &mut visuals.widgets.hovered, &mut visuals.widgets.active]
            {
                state.weak_bg_fill = fill;
                state.bg_fill = fill;
                if let Some(outline) = outline {
                    state.bg_stroke = outline;
                }
            }
            visuals.extreme_bg_color = fill;
            if listed {
                visuals.override_text_color = Some(egui::Color32::from_gray(20));
            }
            ui.spacing_mut().interact_size = CELL;
            ui.add(
                egui::DragValue::new(&mut edited)
                    .speed(0.01)
                    .range(-1.0..=1.0)
                    .clamp_existing_to_range(false)
                    .custom_formatter(move |v, _| {
                        if listed { format!("{v:.2}").replace('-', "\u{2212}") } else { String::new() }
                    })
                    .custom_parser(parse_correlation),
            )
            .accessible_name(format!("Correlation of {row} and {column}"))
            .on_hover_text(format!(
                "{row} and {column}: {}. {CELL_TIP}",
                if listed { format!("{value}") } else { "0 (not set)".to_owned() }
            ))
            .changed()
        })
        .inner;
    changed.then_some(edited)
}

/// "0.6", "−0.35" or "+.2" as a number; anything outside −1 to 1 is clamped by the cell.
fn parse_correlation(text: &str) -> Option<f64> {
    let text = text.trim().replace('\u{2212}', "-");
    let value: f64 = text.strip_prefix('+').unwrap_or(&text).parse().ok()?;
    value.is_finite().then_some(value)
}

/// One row per pair: its markets, its value on a slider, its notes and a Remove button.
fn list(ui: &mut egui::Ui, scenario: &mut Scenario, commands: &mut Commands) {
    if scenario.correlations.is_empty() {
        ui.label("No pairs yet: every market's background noise is independent of the others.");
        return;
    }
    let mut remove = None;
    egui::Grid::new("correlations").num_columns(5).spacing([12.0, 4.0]).striped(true).show(ui, |ui| {
        ui.weak("Market");
        ui.weak("and market");
        ui.weak("Correlation");
        ui.weak("Notes");
        ui.weak("");
        ui.end_row();
        for i in 0..scenario.correlations.len() {
            let (a, b) = scenario.correlations[i].between.clone();
            let (a, b) = (market_name(scenario, &a), market_name(scenario, &b));
            ui.label(&a);
            ui.label(&b);
            let mut value = scenario.correlations[i].value.get();
            let response = ui
                .add(
                    egui::Slider::new(&mut value, -1.0..=1.0)
                        .fixed_decimals(2)
                        .clamping(egui::SliderClamping::Edits),
                )
                .accessible_name(format!("{a} and {b}"))
                .on_hover_text(CORRELATION_TIP);
            if response.changed()
                && let Ok(v) = Finite::new(value)
            {
                scenario.correlations[i].value = v;
            }
            let notes = &mut scenario.correlations[i].notes;
            let mut text = notes.clone().unwrap_or_default();
            let edit = egui::TextEdit::singleline(&mut text)
                .desired_width(NOTES_WIDTH)
                .min_size(egui::vec2(NOTES_WIDTH, 0.0))
                .hint_text("source, reasoning");
            if ui.add(edit).accessible_name(format!("Notes on {a} and {b}")).changed() {
                *notes = (!text.trim().is_empty()).then_some(text);
            }
            if ui
                .button("Remove")
                .on_hover_text("Remove this pair: the two markets become unrelated.")
                .clicked()
            {
                remove = Some(i);
            }
            ui.end_row();
        }
    });
    if let Some(i) = remove {
        commands.push(Command::EditList(ListEdit::RemoveCorrelation(i)));
    }
}

/// Two market pickers and an Add button; pairs already listed are not offered.
fn add_pair(ui: &mut egui::Ui, scenario: &Scenario, commands: &mut Commands) {
    let id = ui.make_persistent_id("new-correlation");
    let (mut first, mut second): (Option<Id>, Option<Id>) = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    let listed = |a: &Id, b: &Id| {
        scenario
            .correlations
            .iter()
            .any(|c| (&c.between.0 == a && &c.between.1 == b) || (&c.between.0 == b && &c.between.1 == a))
    };
    let mut added = None;
    ui.horizontal(|ui| {
        ui.label("Add a pair:");
        let label = |choice: &Option<Id>| {
            choice
                .as_ref()
                .and_then(|id| scenario.market(id.as_str()))
                .map_or("Choose a market", |m| m.display_name())
                .to_owned()
        };
        egui::ComboBox::from_id_salt("correlation-first")
            .selected_text(label(&first))
            .show_ui(ui, |ui| {
                for m in &scenario.markets {
                    ui.selectable_value(&mut first, Some(m.id.clone()), m.display_name());
                }
            })
            .response
            .accessible_name("First market of the new pair");
        egui::ComboBox::from_id_salt("correlation-second")
            .selected_text(label(&second))
            .show_ui(ui, |ui| {
                for m in &scenario.markets {
                    let offered = first.as_ref().is_none_or(|f| f != &m.id && !listed(f, &m.id));
                    if offered {
                        ui.selectable_value(&mut second, Some(m.id.clone()), m.display_name());
                    }
                }
            })
            .response
            .accessible_name("Second market of the new pair");
        let ready = match (&first, &second) {
            (Some(a), Some(b)) => a != b && !listed(a, b),
            _ => false,
        };
        if ui.add_enabled(ready, egui::Button::new("Add pair")).clicked()
            && let (Some(a), Some(b)) = (first.take(), second.take())
        {
            added = Some((a, b));
        }
    });
    if let Some(between) = added {
        commands.push(Command::EditList(ListEdit::AddCorrelation { between, value: Finite::ZERO }));
    }
    ui.data_mut(|d| d.insert_temp(id, (first, second)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn correlations_parse_with_either_minus() {
        assert_eq!(parse_correlation("\u{2212}0.35"), Some(-0.35));
        assert_eq!(parse_correlation(" +.2 "), Some(0.2));
        assert_eq!(parse_correlation("high"), None);
    }

    fn scenario(pairs: &[(&str, &str, f64)]) -> Scenario {
        let mut s = Scenario::new("Correlations");
        for id in ["a", "b", "c", "d"] {
            s.markets.push(crate::model::Market {
                id: Id::slug(id),
                name: id.to_uppercase(),
                kind: Default::default(),
                region: None,
                volatility: None,
                drift: None,
                notes: None,
            });
        }
        s.correlations = pairs
            .iter()
            .map(|&(a, b, v)| Correlation {
                between: (Id::slug(a), Id::slug(b)),
                value: Finite::new(v).unwrap_or(Finite::ZERO),
                notes: None,
            })
            .collect();
        s
    }

    #[test]
    fn the_markets_of_an_impossible_set_are_flagged_and_scaling_fixes_it() {
        let pairs = [("a", "b", -0.9), ("a", "c", -0.9), ("b", "c", -0.9), ("c", "d", 0.3)];
        let mut s = scenario(&pairs);
        assert_eq!(impossible_markets(&s), vec![0, 1, 2]);
        shrink_to_valid(&mut s);
        assert!(impossible_markets(&s).is_empty());
        assert!(crate::model::validate(&s).is_empty());
        // The whole connected set is scaled, by the largest factor that works (0.55), as
        // validation advises; a pair outside it keeps its value.
        let values: Vec<f64> = s.correlations.iter().map(|c| c.value.get()).collect();
        assert_eq!(values, vec![-0.49, -0.49, -0.49, 0.16]);
        let mut apart = scenario(&[("a", "b", -0.9), ("a", "c", -0.9), ("b", "c", -0.9)]);
        apart.markets.push(crate::model::Market { id: Id::slug("e"), ..apart.markets[0].clone() });
        apart.correlations.push(Correlation {
            between: (Id::slug("d"), Id::slug("e")),
            value: Finite::new(0.3).unwrap_or(Finite::ZERO),
            notes: None,
        });
        shrink_to_valid(&mut apart);
        assert_eq!(apart.correlations[3].value.get(), 0.3);
        assert!(impossible_markets(&scenario(&[("a", "b", 0.6)])).is_empty());
    }

    #[test]
    fn colours_run_blue_white_red() {
        let (blue, white, red) = (cell_colour(-1.0), cell_colour(0.0), cell_colour(1.0));
        assert!(blue.b() > blue.r() && red.r() > red.b());
        assert_eq!(white, egui::Color32::from_rgb(247, 247, 247));
    }
}
