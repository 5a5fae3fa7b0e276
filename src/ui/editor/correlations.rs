//! The correlations of markets' background returns: one row per pair, its value editable, pairs
//! added and removed here.

use crate::model::{Correlation, Finite, Id, Scenario};

pub fn correlations(ui: &mut egui::Ui, scenario: &mut Scenario) {
    ui.heading("Market correlations");
    ui.label(
        "How markets' ordinary ups and downs move together over the horizon: 1 in lockstep, 0 \
         unrelated (any pair not listed), −1 opposite. Equity indices move together; safe havens \
         such as Treasuries or gold often move against them.",
    );
    ui.add_space(6.0);
    let name =
        |s: &Scenario, id: &Id| s.market(id.as_str()).map_or(id.as_str(), |m| m.display_name()).to_owned();
    let mut remove = None;
    egui::Grid::new("correlations").num_columns(4).spacing([12.0, 4.0]).striped(true).show(ui, |ui| {
        ui.weak("Market");
        ui.weak("and market");
        ui.weak("Correlation");
        ui.weak("");
        ui.end_row();
        for i in 0..scenario.correlations.len() {
            let (a, b) = scenario.correlations[i].between.clone();
            ui.label(name(scenario, &a));
            ui.label(name(scenario, &b));
            let mut value = scenario.correlations[i].value.get();
            let response = ui.add(egui::Slider::new(&mut value, -1.0..=1.0).fixed_decimals(2));
            let response = response
                .on_hover_text("−1 to 1: the correlation of the two markets' background log-returns.");
            if response.changed()
                && let Ok(v) = Finite::new(value)
            {
                scenario.correlations[i].value = v;
            }
            if ui.button("Remove").clicked() {
                remove = Some(i);
            }
            ui.end_row();
        }
    });
    if let Some(i) = remove {
        scenario.correlations.remove(i);
    }
    ui.add_space(8.0);
    add_pair(ui, scenario);
}

/// Two market pickers and an Add button; pairs already listed are not offered.
fn add_pair(ui: &mut egui::Ui, scenario: &mut Scenario) {
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
        egui::ComboBox::from_id_salt("correlation-first").selected_text(label(&first)).show_ui(ui, |ui| {
            for m in &scenario.markets {
                ui.selectable_value(&mut first, Some(m.id.clone()), m.display_name());
            }
        });
        egui::ComboBox::from_id_salt("correlation-second").selected_text(label(&second)).show_ui(ui, |ui| {
            for m in &scenario.markets {
                let offered = first.as_ref().is_none_or(|f| f != &m.id && !listed(f, &m.id));
                if offered {
                    ui.selectable_value(&mut second, Some(m.id.clone()), m.display_name());
                }
            }
        });
        let ready = match (&first, &second) {
            (Some(a), Some(b)) => a != b && !listed(a, b),
            _ => false,
        };
        if ui.add_enabled(ready, egui::Button::new("Add")).clicked()
            && let (Some(a), Some(b)) = (first.take(), second.take())
        {
            added = Some((a, b));
        }
    });
    if let Some(between) = added {
        scenario.correlations.push(Correlation { between, value: Finite::ZERO, notes: None });
    }
    ui.data_mut(|d| d.insert_temp(id, (first, second)));
}
