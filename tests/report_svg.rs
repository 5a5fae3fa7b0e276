//! Each chart as a standalone SVG file: well-formed XML with the SVG namespace, a title naming the
//! chart and the scenario, and the data points of the run it was drawn from.

use georisk::engine::{self, Analysis, Control, EventSensitivity, Settings};
use georisk::model::Scenario;
use georisk::report::html::{Chart, TornadoFigure, standalone_svg};
use quick_xml::events::Event;

fn analysed() -> (Scenario, Analysis) {
    let scenario =
        georisk::io::load_file(std::path::Path::new("tests/fixtures/contract.ron")).expect("fixture");
    let settings = Settings { trials: 5000, seed: 3, ..Settings::for_scenario(&scenario) };
    let analysis = engine::analyse(&scenario, &settings, &Control::new()).expect("runs");
    (scenario, analysis)
}

/// An element's name and its attributes (name, value), in document order.
type Element = (String, Vec<(String, String)>);

/// Parses the whole document (failing on any XML error or mismatched tag) and returns the root
/// element's `xmlns`, the `<title>` text, every element as (name, attributes), and the text of
/// every `<text>` element, in document order.
fn parse(svg: &str) -> (String, String, Vec<Element>) {
    let (xmlns, title, elements, _) = parse_with_texts(svg);
    (xmlns, title, elements)
}

fn parse_with_texts(svg: &str) -> (String, String, Vec<Element>, Vec<String>) {
    let mut reader = quick_xml::Reader::from_str(svg);
    let (mut xmlns, mut title, mut elements, mut in_title) =
        (String::new(), String::new(), Vec::new(), false);
    let (mut texts, mut in_text) = (Vec::<String>::new(), false);
    loop {
        let event = reader.read_event().unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{svg}"));
        let opens = matches!(event, Event::Start(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).expect("UTF-8 name");
                let attributes: Vec<(String, String)> = e
                    .attributes()
                    .map(|a| {
                        let a = a.expect("attribute");
                        let value = String::from_utf8(a.value.to_vec()).expect("UTF-8 value");
                        (String::from_utf8(a.key.as_ref().to_vec()).expect("UTF-8 key"), value)
                    })
                    .collect();
                if elements.is_empty() {
                    assert_eq!(name, "svg", "the root element");
                    xmlns = attributes
                        .iter()
                        .find(|(k, _)| k == "xmlns")
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default();
                }
                in_title = name == "title";
                in_text = name == "text" && opens;
                if in_text {
                    texts.push(String::new());
                }
                elements.push((name, attributes));
            }
            Event::Text(t) if in_text => {
                texts.last_mut().expect("open text").push_str(&t.decode().expect("text"))
            }
            Event::Text(t) if in_title => title.push_str(&t.decode().expect("title text")),
            Event::GeneralRef(r) if in_title => title.push(match &*r {
                b"amp" => '&',
                b"lt" => '<',
                b"gt" => '>',
                b"quot" => '"',
                b"#39" => '\'',
                other => panic!("unexpected reference &{};", String::from_utf8_lossy(other)),
            }),
            Event::GeneralRef(r) if in_text => {
                let text = texts.last_mut().expect("open text");
                text.push(match &*r {
                    b"amp" => '&',
                    b"lt" => '<',
                    b"gt" => '>',
                    b"quot" => '"',
                    b"#39" => '\'',
                    other => panic!("unexpected reference &{};", String::from_utf8_lossy(other)),
                })
            }
            Event::End(_) => (in_title, in_text) = (false, false),
            Event::Eof => break,
            _ => {}
        }
    }
    (xmlns, title, elements, texts)
}

fn attribute<'a>(element: &'a Element, key: &str) -> Option<&'a str> {
    element.1.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

#[test]
fn every_chart_is_a_well_formed_svg_file_with_its_title() {
    let (scenario, analysis) = analysed();
    for chart in Chart::ALL {
        let svg = standalone_svg(chart, &scenario, &analysis);
        assert!(svg.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "), "{chart:?}");
        let (xmlns, title, elements) = parse(&svg);
        assert_eq!(xmlns, "http://www.w3.org/2000/svg", "{chart:?}");
        assert!(title.starts_with(chart.title()), "{chart:?}: {title}");
        assert!(title.ends_with(&analysis.result.scenario), "{chart:?}: {title}");
        assert!(attribute(&elements[0], "viewBox").is_some(), "{chart:?}");
    }
}

#[test]
fn the_charts_carry_the_runs_data_points() {
    let (scenario, analysis) = analysed();
    let svg = |chart| standalone_svg(chart, &scenario, &analysis);
    let (_, _, histogram) = parse(&svg(Chart::Histogram));
    let bars =
        histogram.iter().filter(|e| e.0 == "rect" && attribute(e, "fill-opacity") == Some("0.55")).count();
    let filled = analysis.result.histogram.counts.iter().filter(|&&c| c > 0).count();
    assert_eq!(bars, filled, "one bar per non-empty bin");

    let (_, _, exceedance) = parse(&svg(Chart::Exceedance));
    let curve = exceedance.iter().find(|e| e.0 == "polyline").expect("the curve");
    let points = attribute(curve, "points").expect("points").split_whitespace().count();
    assert_eq!(points, analysis.result.exceedance.len(), "one point per loss level");

    let (_, _, impacts) = parse(&svg(Chart::Impacts));
    let whiskers = impacts.iter().filter(|e| e.0 == "path").count();
    assert_eq!(whiskers, analysis.impacts.len().min(12), "one whisker per event shown");
}

/// `thousands` as the charts print it, computed here independently: 1234567.4 → "1,234,567".
fn grouped(value: f64) -> String {
    let digits = format!("{:.0}", value.round().abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if value.round() < 0.0 { format!("-{out}") } else { out }
}

#[test]
fn the_tornado_names_each_event_with_its_figures_at_low_and_high() {
    let (scenario, analysis) = analysed();
    let s = &analysis.sensitivity;
    type At = fn(&EventSensitivity) -> (f64, f64);
    let es99: At = |e| (e.es99_at_low, e.es99_at_high);
    let mean: At = |e| (e.mean_at_low, e.mean_at_high);
    for (figure, at) in [(TornadoFigure::Es99, es99), (TornadoFigure::Mean, mean)] {
        let (_, _, _, texts) =
            parse_with_texts(&standalone_svg(Chart::Tornado(figure), &scenario, &analysis));
        for e in &s.events {
            let name = &scenario.event(&e.id).expect("event").name;
            // Names longer than 30 characters are cut, with an ellipsis.
            let shown = if name.chars().count() > 30 {
                format!("{}…", name.chars().take(30).collect::<String>().trim_end())
            } else {
                name.clone()
            };
            let row =
                texts.iter().position(|t| t == &shown).unwrap_or_else(|| panic!("{shown} in {texts:?}"));
            let (low, high) = at(e);
            assert_eq!(texts[row + 1], format!("{} to {}", grouped(low), grouped(high)), "{figure:?}");
        }
    }
}

#[test]
fn the_markets_chart_gives_each_markets_mean_and_range_largest_fall_first() {
    let (scenario, analysis) = analysed();
    let (_, _, elements, texts) = parse_with_texts(&standalone_svg(Chart::Markets, &scenario, &analysis));
    let markets = &analysis.result.markets;
    assert_eq!(elements.iter().filter(|e| e.0 == "path").count(), markets.len(), "one whisker each");
    let pct = |x: f64| format!("{:+.1}%", 100.0 * x).replace('-', "\u{2212}");
    let mut rows: Vec<(usize, f64)> = Vec::new();
    for m in markets {
        let row =
            texts.iter().position(|t| t == &m.name).unwrap_or_else(|| panic!("{} in {texts:?}", m.name));
        assert_eq!(texts[row + 1], format!("{} ({} to {})", pct(m.mean_return), pct(m.p05), pct(m.p95)));
        rows.push((row, m.mean_return));
    }
    rows.sort_by_key(|r| r.0);
    assert!(rows.windows(2).all(|w| w[0].1 <= w[1].1), "largest fall first: {rows:?}");
}

#[test]
fn the_regions_chart_gives_each_regions_expected_severity() {
    let (scenario, analysis) = analysed();
    let (_, _, _, texts) = parse_with_texts(&standalone_svg(Chart::Regions, &scenario, &analysis));
    // Korea is rated Moderate (3) by the shells event alone: 3 × its simulated probability.
    let shells = analysis.result.events.iter().find(|e| e.id == "dprk-shells").expect("event");
    let row = texts.iter().position(|t| t == "Korean Peninsula").expect("the region's name");
    assert_eq!(texts[row + 1], format!("{:.2} from 1 event", 3.0 * shells.probability));
}

#[test]
fn a_chart_with_nothing_to_draw_is_still_a_well_formed_file() {
    let (mut scenario, analysis) = analysed();
    scenario.regions.clear();
    let (xmlns, title, _) = parse(&standalone_svg(Chart::Regions, &scenario, &analysis));
    assert_eq!(xmlns, "http://www.w3.org/2000/svg");
    assert!(title.starts_with(Chart::Regions.title()));
}
