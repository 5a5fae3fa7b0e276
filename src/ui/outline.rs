//! A read-only outline of a scenario: its regions, markets, events, links and portfolio.

use crate::model::Scenario;

pub struct Outline {
    origin: String,
    scenario: Scenario,
}

impl Outline {
    pub fn new(origin: String, scenario: Scenario) -> Outline {
        Outline { origin, scenario }
    }
}

impl eframe::App for Outline {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let s = &self.scenario;
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading(&s.title);
            ui.label(format!("{} — horizon {} months", self.origin, s.horizon_months));
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.collapsing(format!("Events ({})", s.events.len()), |ui| {
                    for e in &s.events {
                        ui.label(format!(
                            "{} — likelihood {:.0}%",
                            e.display_name(),
                            e.likelihood.mean() * 100.0
                        ));
                    }
                });
                ui.collapsing(format!("Markets ({})", s.markets.len()), |ui| {
                    for m in &s.markets {
                        ui.label(format!("{} ({})", m.display_name(), m.kind.label()));
                    }
                });
                ui.collapsing(format!("Links ({})", s.links.len()), |ui| {
                    for l in &s.links {
                        ui.label(format!("{} → {}: odds ×{}", l.from, l.to, l.odds));
                    }
                });
            });
        });
    }
}
