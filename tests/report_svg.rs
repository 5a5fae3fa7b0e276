//! Each chart as a standalone SVG file: well-formed XML with the SVG namespace, a title naming the
//! chart and the scenario, and the data points of the run it was drawn from.

use georisk::engine::{self, Analysis, Control, Settings};
use georisk::report::html::{Chart, standalone_svg};
use quick_xml::events::Event;

fn analysis() -> Analysis {
    let scenario =
        georisk::io::load_file(std::path::Path::new("tests/fixtures/contract.ron")).expect("fixture");
    let settings = Settings { trials: 5000, seed: 3, ..Settings::for_scenario(&scenario) };
    engine::analyse(&scenario, &settings, &Control::new()).expect("runs")
}

/// Parses the whole document (failing on any XML error or mismatched tag) and returns the root
/// element's `xmlns`, the `<title>` text, and every element as (name, attributes).
/// An element's name and its attributes (name, value), in document order.
type Element = (String, Vec<(String, String)>);

fn parse(svg: &str) -> (String, String, Vec<Element>) {
    let mut reader = quick_xml::Reader::from_str(svg);
    let (mut xmlns, mut title, mut elements, mut in_title) =
        (String::new(), String::new(), Vec::new(), false);
    loop {
        match reader.read_event().unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{svg}")) {
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
                elements.push((name, attributes));
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
            Event::End(_) => in_title = false,
            Event::Eof => break,
            _ => {}
        }
    }
    (xmlns, title, elements)
}

fn attribute<'a>(element: &'a Element, key: &str) -> Option<&'a str> {
    element.1.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

#[test]
fn every_chart_is_a_well_formed_svg_file_with_its_title() {
    let analysis = analysis();
    for chart in Chart::ALL {
        let svg = standalone_svg(chart, &analysis);
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
    let analysis = analysis();
    let (_, _, histogram) = parse(&standalone_svg(Chart::Histogram, &analysis));
    let bars =
        histogram.iter().filter(|e| e.0 == "rect" && attribute(e, "fill-opacity") == Some("0.55")).count();
    let filled = analysis.result.histogram.counts.iter().filter(|&&c| c > 0).count();
    assert_eq!(bars, filled, "one bar per non-empty bin");

    let (_, _, exceedance) = parse(&standalone_svg(Chart::Exceedance, &analysis));
    let curve = exceedance.iter().find(|e| e.0 == "polyline").expect("the curve");
    let points = attribute(curve, "points").expect("points").split_whitespace().count();
    assert_eq!(points, analysis.result.exceedance.len(), "one point per loss level");

    let (_, _, impacts) = parse(&standalone_svg(Chart::Impacts, &analysis));
    let whiskers = impacts.iter().filter(|e| e.0 == "path").count();
    assert_eq!(whiskers, analysis.impacts.len().min(12), "one whisker per event shown");
}
