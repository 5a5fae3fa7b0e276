//! The risk-matrix settings: how many likelihood and impact levels there are (2 to 10 each), what
//! each is called, where one ends and the next begins, and how each cell is rated.

use crate::model::{ListEdit, MAX_MATRIX_LEVELS, MIN_MATRIX_LEVELS, MatrixAxis, Rating, RiskMatrix};
use crate::ui::command::{Command, Commands};

const MATRIX_TIP: &str = "The risk matrix places each event by how likely it is (rows) and how hard \
     it hits (columns); each cell is rated low, medium, high or extreme.";
const RATINGS: [Rating; 4] = [Rating::Low, Rating::Medium, Rating::High, Rating::Extreme];

pub fn matrix(ui: &mut egui::Ui, matrix: &mut RiskMatrix, commands: &mut Commands) {
    ui.horizontal(|ui| {
        ui.heading("Risk matrix").on_hover_text(MATRIX_TIP);
        let reset = ui.add_enabled(!matrix.is_default(), egui::Button::new("Reset to the usual 5 × 5"));
        if reset.clicked() {
            *matrix = RiskMatrix::default();
        }
    });
    ui.label(MATRIX_TIP);
    ui.add_space(8.0);
    levels(
        ui,
        matrix,
        MatrixAxis::Likelihood,
        "A level starts at this likelihood; an event exactly on the edge goes to the higher level.",
        "%",
        commands,
    );
    ui.add_space(8.0);
    levels(
        ui,
        matrix,
        MatrixAxis::Impact,
        "A level starts at this expected portfolio loss, as a share of the portfolio's value.",
        "% of the portfolio lost",
        commands,
    );
    ui.add_space(8.0);
    ui.heading("Ratings");
    let labels = (matrix.likelihood_labels.clone(), matrix.impact_labels.clone());
    egui::Grid::new("ratings").spacing([8.0, 4.0]).show(ui, |ui| {
        ui.label("");
        for impact in &labels.1 {
            ui.strong(impact);
        }
        ui.end_row();
        // Most likely first, as the matrix is usually drawn.
        for (row, cells) in matrix.ratings.iter_mut().enumerate().rev() {
            let name = labels.0.get(row).cloned().unwrap_or_else(|| format!("Level {}", row + 1));
            ui.strong(&name);
            for (column, cell) in cells.iter_mut().enumerate() {
                let impact = labels.1.get(column).map_or("", String::as_str);
                egui::ComboBox::from_id_salt(("rating", row, column))
                    .selected_text(cell.label())
                    .width(80.0)
                    .show_ui(ui, |ui| {
                        for rating in RATINGS {
                            ui.selectable_value(cell, rating, rating.label());
                        }
                    })
                    .response
                    .accessible_name(format!("Rating of {name} × {impact}"));
            }
            ui.end_row();
        }
    });
}

fn levels(
    ui: &mut egui::Ui,
    matrix: &mut RiskMatrix,
    axis: MatrixAxis,
    edge_tip: &str,
    unit: &str,
    commands: &mut Commands,
) {
    let (title, noun) = match axis {
        MatrixAxis::Likelihood => ("Likelihood levels", "likelihood"),
        MatrixAxis::Impact => ("Impact levels", "impact"),
    };
    let (min, max) = (MIN_MATRIX_LEVELS, MAX_MATRIX_LEVELS);
    let count = matrix.levels(axis);
    let mut remove = None;
    ui.heading(title);
    let (labels, edges) = match axis {
        MatrixAxis::Likelihood => (&mut matrix.likelihood_labels, &mut matrix.likelihood_edges),
        MatrixAxis::Impact => (&mut matrix.impact_labels, &mut matrix.impact_edges),
    };
    egui::Grid::new(noun).num_columns(3).spacing([16.0, 4.0]).min_col_width(160.0).show(ui, |ui| {
        for (i, label) in labels.iter_mut().enumerate() {
            ui.add(egui::TextEdit::singleline(label).desired_width(160.0))
                .accessible_name(format!("{title}: name of level {}", i + 1));
            match i.checked_sub(1).and_then(|e| edges.get_mut(e)) {
                Some(edge) => {
                    let mut pct = *edge * 100.0;
                    let drag = egui::DragValue::new(&mut pct)
                        .range(0.0..=100.0)
                        .speed(0.1)
                        .prefix("from ")
                        .suffix(unit);
                    if ui.add(drag).on_hover_text(edge_tip).changed() {
                        *edge = pct / 100.0;
                    }
                }
                None => {
                    ui.label(format!("from 0{unit}"));
                }
            }
            let joins = if i == 0 { "the level above" } else { "the level below" };
            let button = ui
                .add_enabled(count > min, egui::Button::new("Remove").small())
                .on_hover_text(format!("Its range joins {joins}; its ratings go."))
                .on_disabled_hover_text(format!("A matrix needs at least {min} {noun} levels."));
            if button.accessible_name(format!("Remove {noun} level {}", i + 1)).clicked() {
                remove = Some(i);
            }
            ui.end_row();
        }
    });
    if let Some(level) = remove {
        commands.push(Command::EditList(ListEdit::RemoveMatrixLevel(axis, level)));
    }
    let add = ui
        .add_enabled(count < max, egui::Button::new(format!("Add a {noun} level")))
        .on_hover_text("Splits the top level in two; the new top level copies its ratings.")
        .on_disabled_hover_text(format!("A matrix has at most {max} {noun} levels."));
    if add.clicked() {
        commands.push(Command::EditList(ListEdit::AddMatrixLevel(axis)));
    }
}
