//! The Results page's charts and risk matrix as a user reads them, on the flagship scenario: the
//! exceedance chart's hover gives the curve's value at the pointer's loss (wherever the pointer is
//! vertically), the histogram's hover gives its bin, the matrix names every event in full and
//! counts every cell, and the grid fits a narrow window. Plus the tick-label format.
#![cfg(feature = "gui")]

mod ui_support;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use georisk::engine::{Analysis, ExceedancePoint};
use georisk::ui::{GeoriskApp, Startup, compact_number, exceedance_at};
use ui_support::*;

const FLAGSHIP: &str = include_str!("../scenarios/russia-dprk-2024.ron");
/// Fewer trials than the app's live runs: the figures' layout, not their precision, is tested.
const TRIALS: u64 = 4_000;

/// The flagship on its Results page, tall enough that the matrix and charts need no scrolling,
/// with its result once it is on screen.
fn flagship_results(setup: &Setup, size: egui::Vec2) -> (Harness<'static, GeoriskApp>, Analysis) {
    let path = setup.file("russia-dprk-2024.ron", FLAGSHIP);
    let mut h = setup.harness(Startup::File(path));
    h.state_mut().set_live_trials(TRIALS);
    h.set_size(size);
    open_results(&mut h);
    let result = settle(&mut h);
    (h, result)
}

/// The text of the tooltip that starts with `prefix`, if one is shown.
fn tooltip(h: &Harness<'static, GeoriskApp>, prefix: &str) -> Option<String> {
    // The label and its text run both carry the text.
    h.query_all_by(|node| node.value().is_some_and(|v| v.starts_with(prefix))).next().and_then(|n| n.value())
}

fn hover(h: &mut Harness<'static, GeoriskApp>, at: egui::Pos2) {
    h.hover_at(at);
    h.run_steps(3);
}

/// `1,234,567` → 1234567.0.
fn amount(text: &str) -> f64 {
    text.replace(',', "").trim().parse().unwrap_or_else(|_| panic!("not an amount: {text:?}"))
}

#[test]
fn tick_labels_are_compact() {
    assert_eq!(compact_number(100_000.0), "100k");
    assert_eq!(compact_number(1_250_000.0), "1.25M");
    assert_eq!(compact_number(-50_000.0), "\u{2212}50k");
    assert_eq!(compact_number(1_200_000.0), "1.2M");
    assert_eq!(compact_number(0.0), "0");
    assert_eq!(compact_number(2.5), "2.5");
    assert_eq!(compact_number(999_999.0), "1M", "rounding up moves to the next unit");
    assert_eq!(compact_number(3_000_000_000.0), "3B");
}

#[test]
fn the_exceedance_curve_is_read_between_its_points() {
    let curve = [(0.0, 0.5), (100.0, 0.3), (200.0, 0.0)]
        .map(|(loss, probability)| ExceedancePoint { loss, probability });
    let at = |loss| exceedance_at(&curve, loss);
    assert_eq!(at(0.0), 0.5);
    assert!((at(50.0) - 0.4).abs() < 1e-12);
    assert_eq!(at(100.0), 0.3);
    assert!((at(150.0) - 0.15).abs() < 1e-12);
    assert_eq!(at(-10.0), 0.5, "before the curve: its first value");
    assert_eq!(at(500.0), 0.0, "after the curve: its last value");
    assert_eq!(exceedance_at(&[], 10.0), 0.0);
}

#[test]
fn the_exceedance_hover_gives_the_curves_value_at_the_pointers_loss() {
    let setup = Setup::new();
    let (mut h, analysis) = flagship_results(&setup, egui::vec2(1280.0, 2600.0));
    let frame = h.get_by_label("Exceedance chart").rect();
    let mut texts = Vec::new();
    for (across, down) in [(0.3, 0.08), (0.3, 0.92), (0.55, 0.5), (0.12, 0.15)] {
        hover(&mut h, frame.lerp_inside(egui::vec2(across, down)));
        let text = tooltip(&h, &format!("P(loss > {} ", analysis.result.currency))
            .unwrap_or_else(|| panic!("no hover text at {across}, {down}"));
        let first = text.lines().next().unwrap_or_default();
        let loss = amount(
            first
                .strip_prefix(&format!("P(loss > {} ", analysis.result.currency))
                .and_then(|rest| rest.split(')').next())
                .unwrap_or_else(|| panic!("{first}")),
        );
        let shown: f64 = first
            .split("= ")
            .nth(1)
            .and_then(|p| p.strip_suffix('%'))
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("{first}"));
        let curve = 100.0 * exceedance_at(&analysis.result.exceedance, loss);
        // The loss is shown to the unit and the chance to 0.01 points.
        assert!((shown - curve).abs() <= 0.006, "{first}: the curve is at {curve:.4}% there");
        texts.push(first.to_owned());
    }
    assert_eq!(texts[0], texts[1], "the pointer's height does not change what the hover reads");
    assert_ne!(texts[0], texts[2], "another loss, another reading");
}

#[test]
fn the_histogram_hover_gives_the_bins_range_and_share() {
    let setup = Setup::new();
    let (mut h, analysis) = flagship_results(&setup, egui::vec2(1280.0, 2600.0));
    let frame = h.get_by_label("Profit and loss chart").rect();
    let result = &analysis.result;
    let histogram = &result.histogram;
    let prefix = format!("P&L from {} ", result.currency);
    for across in [0.3, 0.5, 0.7] {
        hover(&mut h, frame.lerp_inside(egui::vec2(across, 0.9)));
        let text = tooltip(&h, &prefix).unwrap_or_else(|| panic!("no hover text at {across}"));
        let mut lines = text.lines();
        let range = lines.next().unwrap_or_default().strip_prefix(&prefix).unwrap_or_default().to_owned();
        let (low, high) = range.split_once(" to ").unwrap_or_else(|| panic!("{text}"));
        let (low, high) = (amount(low), amount(high));
        let bin = ((low - histogram.start) / histogram.width).round() as usize;
        assert!((high - low - histogram.width).abs() <= 1.0, "{text}: one bin wide");
        let count = histogram.counts[bin];
        let share = 100.0 * count as f64 / result.trials as f64;
        assert_eq!(
            lines.next(),
            Some(
                format!(
                    "{share:.2}% of futures ({} of {})",
                    georisk::report::thousands(count as f64),
                    georisk::report::thousands(result.trials as f64)
                )
                .as_str()
            ),
            "{text}"
        );
    }
}

/// The events in each cell of the matrix, placed by portfolio impact (the default).
fn cell_counts(analysis: &Analysis, rows: usize, columns: usize) -> Vec<Vec<usize>> {
    let mut counts = vec![vec![0; columns]; rows];
    for (e, impact) in analysis.result.events.iter().zip(&analysis.impacts) {
        counts[e.likelihood_bin][impact.impact_bin] += 1;
    }
    counts
}

#[test]
fn the_matrix_names_every_event_in_full_and_counts_every_cell() {
    let setup = Setup::new();
    let (h, analysis) = flagship_results(&setup, egui::vec2(1280.0, 2600.0));
    let top = h.get_by_value("Rows: likelihood\nColumns: impact").rect().min.y;
    let bottom = h.get_by_label("Profit and loss chart").rect().min.y;
    for e in &analysis.result.events {
        assert!(
            h.query_all_by_label(&e.name).any(|n| (top..bottom).contains(&n.rect().min.y)),
            "the matrix names {:?} in full",
            e.name
        );
        assert!(h.query_by_label(&format!("Risk matrix: {}", e.name)).is_some(), "{} has a marker", e.name);
    }
    let matrix = &h.state().scenario().matrix;
    let counts = cell_counts(&analysis, matrix.likelihood_bins(), matrix.impact_bins());
    let mut shown_counts = std::collections::BTreeMap::<usize, usize>::new();
    for (row, line) in counts.iter().enumerate() {
        for (column, &count) in line.iter().enumerate() {
            let noun = if count == 1 { "event" } else { "events" };
            let name = format!(
                "{} × {}: {count} {noun}",
                matrix.likelihood_labels[row], matrix.impact_labels[column]
            );
            assert!(h.query_by_label(&name).is_some(), "the cell says {name:?}");
            if count > 0 {
                *shown_counts.entry(count).or_default() += 1;
            }
        }
    }
    for (count, cells) in shown_counts {
        let noun = if count == 1 { "event" } else { "events" };
        let text = format!("{count} {noun}");
        let labels =
            h.query_all_by(|node| node.role() == Role::Label && node.value().as_deref() == Some(&text));
        assert_eq!(labels.count(), cells, "{cells} cells show {text:?}");
    }
}

#[test]
fn hovering_an_events_marker_shows_its_figures() {
    let setup = Setup::new();
    let (mut h, analysis) = flagship_results(&setup, egui::vec2(1280.0, 2600.0));
    let thousands = georisk::report::thousands;
    let currency = &analysis.result.currency;
    for i in [0, analysis.result.events.len() - 1] {
        let (e, impact) = (&analysis.result.events[i], &analysis.impacts[i]);
        h.get_by_label(&format!("Risk matrix: {}", e.name)).hover();
        // A widget's tooltip waits for the pointer to rest (half a second).
        h.run_steps(60);
        let text = tooltip(&h, &format!("{}\nProbability", e.name))
            .unwrap_or_else(|| panic!("no figures for {}", e.name));
        for line in [
            format!(
                "Probability {:.1}% ± {:.1} (stated {:.1}%)",
                100.0 * e.probability,
                100.0 * e.probability_se,
                100.0 * e.stated
            ),
            format!(
                "Impact on mean P&L {currency} {} ± {}",
                thousands(impact.total),
                thousands(impact.total_se)
            ),
            format!("Adds to ES 99% {currency} {}", thousands(impact.es99)),
        ] {
            assert!(text.lines().any(|l| l == line), "{text:?} says {line:?}");
        }
    }
}

#[test]
fn the_matrix_fits_a_narrow_window_and_still_names_every_event() {
    let setup = Setup::new();
    let (h, analysis) = flagship_results(&setup, egui::vec2(900.0, 3600.0));
    let matrix = &h.state().scenario().matrix;
    let counts = cell_counts(&analysis, matrix.likelihood_bins(), matrix.impact_bins());
    let last = matrix.impact_bins() - 1;
    let noun = if counts[0][last] == 1 { "event" } else { "events" };
    let corner = format!(
        "{} × {}: {} {noun}",
        matrix.likelihood_labels[0], matrix.impact_labels[last], counts[0][last]
    );
    let right = h.get_by_label(&corner).rect().max.x;
    // Clear of the scroll bar at the window's right edge.
    assert!(right <= 890.0, "the grid's last column ends at {right}, inside the window");
    for chart in ["Profit and loss chart", "Exceedance chart"] {
        let right = h.get_by_label(chart).rect().max.x;
        assert!(right <= 890.0, "{chart} ends at {right}, inside the window");
    }
    for e in &analysis.result.events {
        assert!(h.query_all_by_label(&e.name).next().is_some(), "{:?} is named in full", e.name);
    }
}

#[test]
fn the_region_filter_places_events_by_that_regions_severity() {
    let setup = Setup::new();
    let (mut h, analysis) = flagship_results(&setup, egui::vec2(1280.0, 2600.0));
    h.get_by_label("Region severity for the matrix").click();
    h.run_steps(2);
    h.get_by_label("Severity in Japan").click();
    h.run_steps(3);
    let scenario = h.state().scenario().clone();
    let matrix = &scenario.matrix;
    let mut counts = vec![vec![0; matrix.impact_bins()]; matrix.likelihood_bins()];
    let mut unplaced = Vec::new();
    for e in &analysis.result.events {
        match scenario.event(&e.id).and_then(|event| event.regions.get("japan")) {
            Some(&severity) => counts[e.likelihood_bin][matrix.impact_bin_for_severity(severity)] += 1,
            None => unplaced.push(e.name.as_str()),
        }
    }
    assert!(
        !unplaced.is_empty() && unplaced.len() < analysis.result.events.len(),
        "some events hit Japan, some not"
    );
    for (row, line) in counts.iter().enumerate() {
        for (column, &count) in line.iter().enumerate() {
            let noun = if count == 1 { "event" } else { "events" };
            let name = format!(
                "{} × {}: {count} {noun}",
                matrix.likelihood_labels[row], matrix.impact_labels[column]
            );
            assert!(h.query_by_label(&name).is_some(), "the cell says {name:?}");
        }
    }
    assert!(shows(&h, "Negligible\nseverity 1"), "the columns are headed by severity");
    assert!(
        shows(&h, &format!("Not placed (no severity for this choice): {}", unplaced.join(", "))),
        "the events that do not hit Japan are listed"
    );
}

#[test]
fn a_likelihood_level_added_in_the_matrix_editor_shows_in_results_and_can_be_removed() {
    let setup = Setup::new();
    let (mut h, _) = flagship_results(&setup, egui::vec2(1280.0, 2600.0));
    h.state_mut().issue(georisk::ui::Command::Select(georisk::ui::Selection::Matrix));
    // Steps, not `run`: the results worker may still ask for repaints while it works.
    h.run_steps(4);
    h.get_by_label("Add a likelihood level").click();
    h.run_steps(4);
    let matrix = h.state().scenario().matrix.clone();
    assert_eq!(matrix.likelihood_bins(), 6);
    assert_eq!(matrix.likelihood_labels[5], "Level 6");

    open_results(&mut h);
    let analysis = settle(&mut h);
    // The new top row holds the events whose chance is at least its start (90%), each cell named.
    let top: usize = cell_counts(&analysis, 6, matrix.impact_bins())[5].iter().sum();
    let expected = analysis.result.events.iter().filter(|e| e.matrix_probability >= 0.9).count();
    assert_eq!(top, expected);
    for impact in &matrix.impact_labels {
        assert!(
            h.query_all_by_label_contains(&format!("Level 6 × {impact}: ")).next().is_some(),
            "Results shows the cell Level 6 × {impact}"
        );
    }

    h.state_mut().issue(georisk::ui::Command::Select(georisk::ui::Selection::Matrix));
    h.run_steps(4);
    h.get_by_label("Remove likelihood level 6").click();
    h.run_steps(4);
    assert_eq!(h.state().scenario().matrix, georisk::model::RiskMatrix::default(), "back to the usual 5 × 5");
}

#[test]
fn a_full_hd_window_puts_the_charts_beside_the_matrix_and_uses_its_width() {
    let setup = Setup::new();
    let (h, _) = flagship_results(&setup, egui::vec2(1920.0, 1080.0));
    let matrix = h.get_by_value("Rows: likelihood\nColumns: impact").rect();
    let chart = h.get_by_label("Profit and loss chart").rect();
    assert!(chart.min.x > matrix.max.x, "the charts stand right of the matrix: {chart:?} {matrix:?}");
    assert!(chart.min.y < 700.0, "and start near the top, not below the matrix: {chart:?}");
    let right = chart.max.x.max(h.get_by_label("Exceedance chart").rect().max.x);
    assert!(right > 1750.0, "the right column reaches the window's right side: {right}");
    every_marker_sits_inside_a_cell(&h);

    // At 1280 px there is room for one column only: charts below the matrix, full width.
    let (h, _) = flagship_results(&setup, egui::vec2(1280.0, 2600.0));
    let matrix = h.get_by_value("Rows: likelihood\nColumns: impact").rect();
    let chart = h.get_by_label("Profit and loss chart").rect();
    assert!(chart.min.y > matrix.max.y, "{chart:?} {matrix:?}");
    every_marker_sits_inside_a_cell(&h);
}

/// Cells are sized for their markers as drawn: none wraps out of its cell (two-digit numbers make
/// wider markers than one-digit ones).
fn every_marker_sits_inside_a_cell(h: &Harness<'static, GeoriskApp>) {
    let is_cell = |label: &str| label.contains(" × ") && label.contains(" event");
    let cells: Vec<egui::Rect> =
        h.query_all_by(|n| n.label().is_some_and(|l| is_cell(&l))).map(|n| n.rect()).collect();
    assert!(cells.len() >= 25, "the 5 × 5 cells: {}", cells.len());
    let mut markers = 0;
    for marker in h.query_all_by(|n| n.label().is_some_and(|l| l.starts_with("Risk matrix: "))) {
        let r = marker.rect();
        assert!(cells.iter().any(|c| c.contains_rect(r)), "{marker:?} at {r:?} is outside every cell");
        markers += 1;
    }
    assert_eq!(markers, h.state().scenario().events.len(), "every event of the flagship has a marker");
}
