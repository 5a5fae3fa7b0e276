//! Saving Results charts: each chart's "⬇ Save …" menu ▸ Save as SVG… asks where (here through
//! georisk's own chooser, as on a system with no file dialog) and writes exactly the standalone
//! SVG of the Results view's current analysis; Save as PNG… writes that SVG rendered at 2×, a
//! PNG that decodes to the expected size with text and bars on white.
#![cfg(feature = "gui")]

mod ui_support;

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use georisk::engine::Analysis;
use georisk::report::html::{Chart, TornadoFigure, standalone_svg};
use georisk::ui::{Command, DialogChoice, GeoriskApp, Modal};
use std::time::{Duration, Instant};
use ui_support::*;

const TRIALS: u64 = 2_000;

fn results_page() -> (Setup, Harness<'static, GeoriskApp>, Analysis) {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.set_size(egui::vec2(1280.0, 3000.0));
    h.state_mut().set_live_trials(TRIALS);
    h.state_mut().issue(Command::SetFileDialog(DialogChoice::BuiltIn));
    open_results(&mut h);
    let analysis = settle(&mut h);
    (setup, h, analysis)
}

/// Opens the chart's save menu, picks `item`, accepts the chooser's suggested name and waits
/// for the file; returns its bytes.
fn save(h: &mut Harness<'static, GeoriskApp>, setup: &Setup, menu: &str, item: &str, file: &str) -> Vec<u8> {
    h.get_by_label(menu).click_accesskit();
    h.run_steps(2);
    h.get_by_label(item).click_accesskit();
    h.run_steps(3);
    h.get_by_label("Save").click();
    h.step();
    let start = Instant::now();
    while h.state().chart_export_running() {
        assert!(start.elapsed() < Duration::from_secs(60), "the save never finished");
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.step();
    let Some(Modal::Error { title, message, .. }) = h.state().modal() else {
        panic!("the app says how it went")
    };
    assert_eq!(title, "Chart saved", "{message}");
    h.get_by_label("OK").click();
    h.run_steps(2);
    std::fs::read(setup.dir.path().join(file)).unwrap_or_else(|e| panic!("{file} written: {e}"))
}

#[test]
fn each_chart_saved_as_svg_is_the_standalone_svg_of_the_analysis_shown() {
    let (setup, mut h, analysis) = results_page();
    let scenario = h.state().scenario().clone();
    for (menu, chart, file) in [
        ("⬇ Save histogram", Chart::Histogram, "contract-histogram.svg"),
        ("⬇ Save exceedance curve", Chart::Exceedance, "contract-exceedance.svg"),
        ("⬇ Save tornado", Chart::Tornado(TornadoFigure::Es99), "contract-tornado-es99.svg"),
        ("⬇ Save impact chart", Chart::Impacts, "contract-impacts.svg"),
        ("⬇ Save markets chart", Chart::Markets, "contract-markets.svg"),
        ("⬇ Save regions chart", Chart::Regions, "contract-regions.svg"),
    ] {
        let written = String::from_utf8(save(&mut h, &setup, menu, "Save as SVG…", file)).unwrap();
        assert_eq!(written, standalone_svg(chart, &scenario, &analysis), "{menu}");
    }
}

#[test]
fn the_tornado_is_saved_with_the_figure_it_shows() {
    let (setup, mut h, analysis) = results_page();
    let scenario = h.state().scenario().clone();
    h.get_by_label("Mean P&L").click_accesskit();
    h.run_steps(2);
    let written = save(&mut h, &setup, "⬇ Save tornado", "Save as SVG…", "contract-tornado-mean.svg");
    let expected = standalone_svg(Chart::Tornado(TornadoFigure::Mean), &scenario, &analysis);
    assert_eq!(String::from_utf8(written).unwrap(), expected);
    assert!(expected.contains("base mean P&amp;L"), "the mean's tornado, not the ES 99 one");
}

#[test]
fn a_chart_saved_as_png_decodes_at_twice_the_svg_size_with_more_than_one_colour() {
    let (setup, mut h, _) = results_page();
    let written = save(&mut h, &setup, "⬇ Save histogram", "Save as PNG…", "contract-histogram.png");
    let decoder = png::Decoder::new(std::io::Cursor::new(written));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut pixels).unwrap();
    // The histogram's view box is 900 × 320.
    assert_eq!((frame.width, frame.height), (1800, 640));
    let pixels = &pixels[..frame.buffer_size()];
    let step = frame.color_type.samples();
    let first = &pixels[..step];
    let differing = pixels.chunks(step).filter(|p| p != &first).count();
    assert!(differing > 1000, "the chart is drawn, not a blank image ({differing} pixels differ)");
    assert_eq!(first[..3], [255, 255, 255], "on a white background");
}

#[test]
fn charts_cannot_be_saved_before_the_full_run_is_in() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.set_size(egui::vec2(1280.0, 3000.0));
    h.state_mut().set_live_trials(TRIALS);
    open_results(&mut h);
    settle(&mut h);
    // An edit: the preview follows at once, the full run only after a pause.
    h.state_mut().issue(Command::SetTrials(Some(10_000)));
    h.run_steps(3);
    let menu = h.get_by_label("⬇ Save histogram");
    assert!(menu.accesskit_node().is_disabled(), "saving waits for the current full run");
    // Saving when the results changed after the dialog opened: the app says so, writes nothing.
    let output = setup.dir.path().join("late.svg");
    h.state_mut().issue(Command::SaveChartTo(
        Chart::Histogram,
        georisk::ui::ChartFormat::Svg,
        output.clone(),
    ));
    h.step();
    let Some(Modal::Error { title, .. }) = h.state().modal() else { panic!("the app says why") };
    assert_eq!(title, "Cannot save the chart");
    assert!(!output.exists());
}
