//! The Results panel: where the run stands, the portfolio summary, then the risk matrix, the
//! loss charts, the events that drive the losses (`drivers`) and markets and regions
//! (`markets`). With nothing held, an empty state that leads to the Portfolio page and the
//! events' likelihoods take the place of profit and loss.

use super::worker::{ResultsWorker, Stage};
use super::{ResultsState, Status, charts, drivers, markets, matrix, scores, variants};
use crate::engine::{Analysis, Band, Bands, EventStats, SimResult};
use crate::model::{Id, Scenario};
use crate::report::thousands;
use crate::ui::chart_export::ChartSaving;
use crate::ui::command::{Command, Commands, Selection};
use crate::ui::results_out::{copy_button, tab_separated};

const VAR_TIP: &str = "Value at risk (VaR): a loss the portfolio exceeds only rarely. VaR 95 is the \
     loss beaten in just 5 of 100 simulated futures; VaR 99 in just 1 of 100.";
const ES_TIP: &str = "Expected shortfall: the average loss in those rare bad futures, beyond the VaR. \
     It says how bad the worst cases are, not just where they start.";
const SE_TIP: &str = "Standard error: how much this average could move if the simulation were run \
     again with other random numbers. More trials make it smaller.";
const TRIALS_TIP: &str = "The file's trials and seed, as `georisk run` takes them, so the figures are \
     the same; each trial is one simulated future. A quick preview of fewer trials follows each edit \
     until the full run is in.";
/// The empty state's words, shown while the portfolio holds nothing.
const NO_HOLDINGS: &str = "Add holdings in Portfolio to see profit and loss";

/// From this width on (about a 1,700 px window), the matrix and summary stand beside the charts
/// and drivers instead of above them.
const TWO_COLUMNS_FROM: f32 = 1400.0;
/// One column grows no wider than this: wider charts and tables read worse, not better.
const ONE_COLUMN_MAX: f32 = 1100.0;
/// The narrow summary's value and band columns (their headings wrap to fit), and what they take
/// with their spacing: its names wrap in the rest.
const NARROW_VALUE_WIDTH: f32 = 100.0;
const NARROW_BAND_WIDTH: f32 = 130.0;
const NARROW_FIGURES_WIDTH: f32 = NARROW_VALUE_WIDTH + NARROW_BAND_WIDTH + 2.0 * 16.0 + 12.0;

pub fn results(ui: &mut egui::Ui, state: &mut ResultsState, scenario: &Scenario, commands: &mut Commands) {
    // Both ways: at 900×600 the summary's columns and the matrix are wider than the panel.
    egui::ScrollArea::both().id_salt("results").auto_shrink([false, false]).show(ui, |ui| {
        ui.heading("Results");
        variants::variant_bar(ui, &mut state.variant_bar, &mut state.variant, scenario, commands);
        let Some(worker) = &state.worker else {
            ui.label("Results start once this view is open.");
            return;
        };
        status_line(ui, worker, scenario, state.variant.as_deref(), commands);
        if let Status::NeedsFixes(_) = worker.status() {
            return;
        }
        let holds_nothing = scenario.portfolio.holdings.is_empty();
        if holds_nothing {
            no_holdings(ui, commands);
        }
        let Some((generation, figures)) = worker.figures() else { return };
        let current = worker.generation();
        if generation != current {
            ui.weak("Showing the previous result until the new one is ready.");
        }
        if holds_nothing {
            if let Some(id) = likelihoods(ui, figures).and_then(|id| Id::new(&id).ok()) {
                commands.push(Command::Select(Selection::Event(id)));
            }
            return;
        }
        // The analysis (bands, impacts, tornado) is of the full run; it counts as current only
        // for the current edit, and its bands go with the figures only when they are its own.
        let analysis =
            worker.result().map(|(g, a)| Analysed { analysis: a, generation: g, current: g == current });
        let bands = analysis.filter(|a| a.current && generation == current).map(|a| &a.analysis.bands);
        ui.add_space(6.0);
        // Charts are saved from the current full run: the figures shown are then its own.
        let saving = ChartSaving::ready_when(bands.is_some());
        let shown = Shown { scenario, figures, bands, analysis, saving };
        let (drivers_state, matrix) = (&mut state.drivers, (&mut state.impact_by, &mut state.matrix));
        let (regions, shown_result) = (&mut state.regions, (figures, (generation, current)));
        let picked = if ui.available_width() >= TWO_COLUMNS_FROM {
            // Columns lay out justified; left-aligned as in one column, a button keeps its size.
            let top_down = egui::Layout::top_down(egui::Align::Min);
            ui.columns_const(|[left, right]| {
                let picked = left
                    .with_layout(top_down, |left| {
                        let picked = overview(left, matrix, &shown);
                        left.add_space(12.0);
                        markets::markets_and_regions(left, scenario, shown_result, regions, saving, commands);
                        left.add_space(12.0);
                        scores::scores(left, scenario, figures);
                        picked
                    })
                    .inner;
                right
                    .with_layout(top_down, |right| details(right, drivers_state, &shown, commands))
                    .inner
                    .or(picked)
            })
        } else {
            ui.set_max_width(ui.available_width().min(ONE_COLUMN_MAX));
            let picked = overview(ui, matrix, &shown);
            ui.add_space(12.0);
            let picked = details(ui, drivers_state, &shown, commands).or(picked);
            ui.add_space(12.0);
            markets::markets_and_regions(ui, scenario, shown_result, regions, saving, commands);
            ui.add_space(12.0);
            scores::scores(ui, scenario, figures);
            picked
        };
        if let Some(id) = picked.and_then(|id| Id::new(&id).ok()) {
            commands.push(Command::Select(Selection::Event(id)));
        }
    });
}

/// The latest full analysis, and whether it is of the scenario as it is now.
#[derive(Clone, Copy)]
pub(super) struct Analysed<'a> {
    pub(super) analysis: &'a Analysis,
    /// The worker's generation of the analysis: what caches of its rows are keyed on.
    pub(super) generation: u64,
    pub(super) current: bool,
}

/// What one frame of Results draws from.
pub(super) struct Shown<'a> {
    pub(super) scenario: &'a Scenario,
    /// The newest plain figures: the current edit's preview or full run.
    pub(super) figures: &'a SimResult,
    /// The uncertainty bands of `figures`, once the full analysis of them is in.
    pub(super) bands: Option<&'a Bands>,
    pub(super) analysis: Option<Analysed<'a>>,
    /// Whether the charts' save menus are offered, and enabled.
    pub(super) saving: ChartSaving,
}

/// A part drawn from the full analysis (the matrix, the drivers): as it is when current; greyed,
/// under a note, while the current edit's analysis is on its way; a note before the first one.
fn from_analysis(
    ui: &mut egui::Ui,
    analysis: Option<Analysed<'_>>,
    what: &str,
    draw: impl FnOnce(&mut egui::Ui, &Analysis) -> Option<String>,
) -> Option<String> {
    match analysis {
        None => {
            ui.weak(format!("{what} follow once the full run is in."));
            None
        }
        Some(Analysed { analysis, current: true, .. }) => draw(ui, analysis),
        Some(Analysed { analysis, current: false, .. }) => {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("Updating: {what} below are from before your last edit."),
            )
            .on_hover_text(STALE_TIP);
            ui.scope(|ui| {
                ui.disable();
                draw(ui, analysis)
            })
            .inner
        }
    }
}

const STALE_TIP: &str = "The matrix and the drivers replay the full run once per event, which \
     takes longer than the summary. Until the replay of your last edit is in, they are greyed out.";

/// The summary and the risk matrix; the id of an event clicked in the matrix.
pub(super) fn overview(
    ui: &mut egui::Ui,
    (impact_by, cache): (&mut super::ImpactBy, &mut matrix::MatrixCache),
    shown: &Shown<'_>,
) -> Option<String> {
    summary(ui, shown.figures, shown.bands);
    ui.add_space(12.0);
    let generation = shown.analysis.map_or(0, |a| a.generation);
    from_analysis(ui, shown.analysis, "the risk matrix's placements", |ui, analysis| {
        matrix::risk_matrix(ui, impact_by, cache, shown.scenario, (analysis, generation))
    })
}

/// The loss charts and the drivers; the id of an event clicked among the drivers.
pub(super) fn details(
    ui: &mut egui::Ui,
    drivers_state: &mut drivers::DriversState,
    shown: &Shown<'_>,
    commands: &mut Commands,
) -> Option<String> {
    // The visible width: a wide matrix or table widens this ui, and charts sized by
    // `available_width` after it would run past the window's edge.
    let width = ui.available_width();
    ui.scope(|ui| {
        ui.set_max_width(width);
        charts::loss_charts(ui, shown.figures, shown.bands, shown.saving, commands);
    });
    ui.add_space(12.0);
    ui.scope(|ui| {
        ui.set_max_width(width);
        let generation = shown.analysis.map_or(0, |a| a.generation);
        from_analysis(ui, shown.analysis, "the drivers", |ui, analysis| {
            drivers::drivers(ui, drivers_state, analysis, generation, shown.saving, commands)
        })
    })
    .inner
}

/// In place of profit and loss when nothing is held: every figure would be zero.
fn no_holdings(ui: &mut egui::Ui, commands: &mut Commands) {
    ui.add_space(12.0);
    ui.group(|ui| {
        ui.strong(NO_HOLDINGS);
        ui.label("The portfolio holds nothing yet, so every profit, loss and risk figure would be zero.");
        if ui.button("Go to Portfolio").clicked() {
            commands.push(Command::Select(Selection::Portfolio));
        }
    });
    ui.add_space(12.0);
}

/// How often each event happens in the simulation, when there is no profit or loss to show;
/// clicking a name selects the event.
fn likelihoods(ui: &mut egui::Ui, result: &SimResult) -> Option<String> {
    let events = &result.events;
    if events.is_empty() {
        return None;
    }
    ui.strong("Event likelihoods");
    let mut picked = None;
    egui::Grid::new("event-likelihoods").num_columns(2).spacing([16.0, 4.0]).striped(true).show(ui, |ui| {
        ui.weak("Event");
        ui.weak("Probability");
        ui.end_row();
        for e in events {
            if let Some(id) = event_link(ui, e) {
                picked = Some(id);
            }
            probability(ui, e);
            ui.end_row();
        }
    });
    picked
}

/// An event's name as a link; its id when clicked, to select it.
fn event_link(ui: &mut egui::Ui, e: &EventStats) -> Option<String> {
    ui.link(&e.name).on_hover_text("Edit this event").clicked().then(|| e.id.clone())
}

/// An event's simulated probability, with its standard error and stated likelihood on hover.
fn probability(ui: &mut egui::Ui, e: &EventStats) {
    ui.label(format!("{:.1}%", 100.0 * e.probability)).on_hover_text(format!(
        "± {:.1} points standard error; stated {:.1}%",
        100.0 * e.probability_se,
        100.0 * e.stated
    ));
}

fn status_line(
    ui: &mut egui::Ui,
    worker: &ResultsWorker,
    scenario: &Scenario,
    variant: Option<&str>,
    commands: &mut Commands,
) {
    ui.horizontal_wrapped(|ui| {
        let of = variant.map_or_else(|| "base scenario".to_owned(), |name| format!("variant \"{name}\""));
        trials_picker(ui, worker.trials(), scenario, commands);
        ui.label(format!("seed {}, {of}", scenario.seed)).on_hover_text(TRIALS_TIP);
        let preview = thousands(worker.preview_trials() as f64);
        let bar = |ui: &mut egui::Ui, progress: f64, text: String, tip: &str| {
            ui.add(
                egui::ProgressBar::new(progress as f32).desired_width(160.0).show_percentage().animate(true),
            )
            .on_hover_text(tip);
            ui.label(text).on_hover_text(tip);
        };
        match worker.status() {
            Status::Idle => {}
            Status::UpToDate => {
                ui.weak("Up to date").on_hover_text("Every figure below is of the scenario as it is now.");
            }
            Status::Running(Stage::Preview, progress) => {
                bar(ui, *progress, format!("Preview of {preview} trials"), PREVIEW_TIP);
            }
            Status::Running(Stage::Settling, _) => {
                ui.colored_label(ui.visuals().warn_fg_color, format!("Preview of {preview} trials"))
                    .on_hover_text(PREVIEW_TIP);
                ui.weak("the full run starts when you stop editing").on_hover_text(PREVIEW_TIP);
            }
            Status::Running(Stage::Full, progress) => {
                bar(ui, *progress, "Full run".to_owned(), FULL_TIP);
            }
            Status::Running(Stage::Drivers, progress) => {
                bar(ui, *progress, "Full run in; matrix, drivers and bands".to_owned(), FULL_TIP);
            }
            Status::NeedsFixes(count) => {
                let noun = if *count == 1 { "problem" } else { "problems" };
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!("Fix the {count} {noun} to see results"),
                );
                if ui.button("Show problems").clicked() {
                    commands.push(Command::ShowProblems(true));
                }
            }
            Status::Failed(message) => {
                ui.colored_label(ui.visuals().error_fg_color, format!("The simulation failed: {message}"));
            }
        }
    });
}

const PREVIEW_TIP: &str = "A quick run with fewer trials follows every edit, so you see its effect \
     at once. Its figures wobble more than the full run's; the full run replaces them a moment \
     after you stop editing.";
const FULL_TIP: &str = "The full run: first the summary and charts, then the risk matrix, the \
     drivers and the uncertainty bands, which replay its trials once per event.";
const TRIALS_PICKER_TIP: &str = "Trials of the full run, saved with the file (like the seed) so \
     everyone who opens it sees the same figures. More trials give steadier figures and take longer.";

/// The full run's trial count, kept in the file; picking another is an edit (and undoable).
fn trials_picker(ui: &mut egui::Ui, trials: u64, scenario: &Scenario, commands: &mut Commands) {
    let label = ui.label("Trials").on_hover_text(TRIALS_PICKER_TIP);
    egui::ComboBox::from_id_salt("results-trials")
        .selected_text(thousands(trials as f64))
        .show_ui(ui, |ui| {
            for choice in TRIAL_CHOICES {
                let picked = ui.selectable_label(choice == trials, thousands(choice as f64));
                if picked.clicked() && choice != trials {
                    let file = (choice != crate::model::DEFAULT_TRIALS || scenario.trials.is_some())
                        .then_some(choice);
                    commands.push(Command::SetTrials(file));
                }
            }
        })
        .response
        .labelled_by(label.id)
        .on_hover_text(TRIALS_PICKER_TIP);
}

/// The trial counts offered: up to the most a file may ask for.
const TRIAL_CHOICES: [u64; 4] = [10_000, 100_000, 1_000_000, crate::model::MAX_FILE_TRIALS];

/// In place of a band that is not known yet.
const UPDATING: &str = "updating…";

const BAND_TIP: &str = "90% band from your likelihood ranges: how far this figure moves when each \
     ranged likelihood is drawn from its range (5th to 95th percentile). Zero width when no \
     likelihood is a range.";
const ALONE_TIP: &str = "The same futures with every market's ordinary ups and downs taken out: \
     the profit or loss the events alone cause.";

fn summary(ui: &mut egui::Ui, result: &SimResult, bands: Option<&Bands>) {
    let p = &result.portfolio;
    let (t, alone) = (&p.total, &p.events_only);
    let currency = &result.currency;
    ui.strong("Portfolio over the scenario's horizon");
    let cash = |x: f64| format!("{currency} {}", thousands(x));
    // Until the full run's analysis is in, a band is not known yet (a preview has none).
    let range = |band: Option<&Band>| {
        band.map_or_else(|| UPDATING.to_owned(), |b| format!("{} to {}", thousands(b.low), thousands(b.high)))
    };
    let share = |x: f64| {
        if p.gross_value > 0.0 {
            format!("{:.1}% of value", 100.0 * x / p.gross_value)
        } else {
            String::new()
        }
    };
    let pct = |x: f64| format!("{:.1}%", 100.0 * x);
    let pct_range = |band: Option<&Band>| {
        band.map_or_else(
            || UPDATING.to_owned(),
            |b| format!("{:.1}% to {:.1}%", 100.0 * b.low, 100.0 * b.high),
        )
    };
    ui.label(format!(
        "Portfolio value {} (gross {}; every share of value is of the gross).",
        cash(p.value),
        cash(p.gross_value)
    ))
    .on_hover_text("The sum of the holdings, short positions negative; gross counts them all as positive.");
    // A row per figure: name, its tip, the figure, its band, events alone, and a note.
    let mut rows: Vec<[String; 6]> = vec![[
        "Mean profit or loss".into(),
        SE_TIP.into(),
        cash(t.mean),
        range(bands.map(|b| &b.mean)),
        cash(alone.mean),
        format!("± {} standard error", thousands(t.mean_se)),
    ]];
    for (name, value, band, events_only, tip) in [
        ("VaR 95%", t.var95, bands.map(|b| &b.var95), alone.var95, VAR_TIP),
        ("VaR 99%", t.var99, bands.map(|b| &b.var99), alone.var99, VAR_TIP),
        ("Expected shortfall 95%", t.es95, bands.map(|b| &b.es95), alone.es95, ES_TIP),
        ("Expected shortfall 99%", t.es99, bands.map(|b| &b.es99), alone.es99, ES_TIP),
    ] {
        rows.push([name.into(), tip.into(), cash(value), range(band), cash(events_only), share(value)]);
    }
    rows.push([
        "Chance of a loss".into(),
        "The share of simulated futures in which the portfolio ends below its value today.".into(),
        pct(t.prob_loss),
        pct_range(bands.map(|b| &b.prob_loss)),
        pct(alone.prob_loss),
        String::new(),
    ]);
    rows.push([
        format!("Chance of losing more than {}", cash(p.loss_threshold)),
        "The share of simulated futures that lose more than 10% of the gross value (`georisk run --loss-threshold` sets another amount).".into(),
        pct(t.prob_loss_beyond),
        pct_range(bands.map(|b| &b.prob_loss_beyond)),
        pct(alone.prob_loss_beyond),
        String::new(),
    ]);
    let with_noise = if result.noise { "Events and market noise" } else { "Events (noise off)" };
    // Too narrow for five columns (at 900×600 beside the outline): the events-alone figures get
    // a table of their own below, and each note moves into its figure's tooltip.
    if ui.available_width() >= 800.0 {
        egui::Grid::new("summary").num_columns(5).spacing([16.0, 4.0]).striped(true).show(ui, |ui| {
            ui.weak("");
            ui.weak(with_noise);
            ui.weak("90% band from your ranges").on_hover_text(BAND_TIP);
            ui.weak("Events alone").on_hover_text(ALONE_TIP);
            ui.weak("");
            ui.end_row();
            for [name, tip, value, band, events_only, note] in &rows {
                ui.label(name).on_hover_text(tip);
                ui.strong(value).on_hover_text(tip);
                ui.label(band).on_hover_text(BAND_TIP);
                ui.label(events_only).on_hover_text(ALONE_TIP);
                ui.weak(note);
                ui.end_row();
            }
        });
    } else {
        // Beside the editor at 1280 px the pane is about 440 px: long names wrap so the band
        // column stays in view.
        let name_width = (ui.available_width() - NARROW_FIGURES_WIDTH).clamp(110.0, 320.0);
        // The headings wrap only when the names would have to wrap too.
        let heading_width = |narrow: f32| if name_width < 320.0 { narrow } else { 2.0 * narrow };
        let wrapped = |ui: &mut egui::Ui, text: egui::RichText, width: f32| {
            ui.scope(|ui| {
                ui.set_max_width(width);
                ui.add(egui::Label::new(text).wrap())
            })
            .inner
        };
        egui::Grid::new("summary").num_columns(3).spacing([16.0, 4.0]).striped(true).show(ui, |ui| {
            ui.weak("");
            wrapped(ui, egui::RichText::new(with_noise).weak(), heading_width(NARROW_VALUE_WIDTH));
            wrapped(
                ui,
                egui::RichText::new("90% band from your ranges").weak(),
                heading_width(NARROW_BAND_WIDTH),
            )
            .on_hover_text(BAND_TIP);
            ui.end_row();
            for [name, tip, value, band, _, note] in &rows {
                wrapped(ui, egui::RichText::new(name.as_str()), name_width).on_hover_text(tip);
                let hover = if note.is_empty() { tip.clone() } else { format!("{note}. {tip}") };
                ui.strong(value).on_hover_text(hover);
                ui.label(band).on_hover_text(BAND_TIP);
                ui.end_row();
            }
        });
        ui.add_space(6.0);
        egui::Grid::new("summary-alone").num_columns(2).spacing([16.0, 4.0]).striped(true).show(ui, |ui| {
            ui.weak("");
            ui.weak("Events alone (no market noise)").on_hover_text(ALONE_TIP);
            ui.end_row();
            for [name, tip, _, _, events_only, _] in &rows {
                wrapped(ui, egui::RichText::new(name.as_str()), name_width).on_hover_text(tip);
                ui.label(events_only).on_hover_text(ALONE_TIP);
                ui.end_row();
            }
        });
    }
    copy_button(ui, "Copy summary", || {
        let header = ["Figure", with_noise, "90% band from your ranges", "Events alone", "Note"];
        let rows: Vec<Vec<String>> = rows
            .iter()
            .map(|[name, _, value, band, alone, note]| {
                vec![name.clone(), value.clone(), band.clone(), alone.clone(), note.clone()]
            })
            .collect();
        tab_separated(&header, &rows)
    });
    let Some(b) = bands else {
        ui.weak("The bands follow once the full run's analysis is in.");
        return;
    };
    if b.outer_draws > 0 {
        ui.weak(format!(
            "Bands: {} draws of {} ranged likelihoods, each weighing these futures (effective sample size {:.0}% at least, {:.0}% typically).",
            b.outer_draws,
            b.ranged_events,
            100.0 * b.ess_min,
            100.0 * b.ess_median
        ));
    } else {
        ui.weak("No likelihood is a range, so the bands have no width. Give an event a low / likely / high estimate to see how unsure the figures are.");
    }
}
