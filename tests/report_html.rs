//! `georisk report`: the HTML report holds every section, its figures are exactly those of
//! `georisk run --format json` for the same seed and trials, text from the file is escaped, the
//! page references nothing outside itself, and headless Chromium loads it with no console error
//! and no failed request (when Chromium is installed; `.ci/run` installs it).
#![expect(clippy::unwrap_used, reason = "test helpers: a failed step fails the test")]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TRIALS: &str = "3000";
const SEED: &str = "11";

fn georisk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_georisk")).args(args).output().expect("georisk runs")
}

fn report(scenario: &Path, extra: &[&str], dir: &Path) -> String {
    let out = dir.join("report.html");
    let mut args = vec!["report", scenario.to_str().unwrap(), "--trials", TRIALS, "--seed", SEED, "-o"];
    args.push(out.to_str().unwrap());
    args.extend(extra);
    let output = georisk(&args);
    assert!(output.status.success(), "report failed: {}", String::from_utf8_lossy(&output.stderr));
    std::fs::read_to_string(out).unwrap()
}

fn run_json(scenario: &Path, variant: Option<&str>) -> Value {
    let mut args =
        vec!["run", scenario.to_str().unwrap(), "--trials", TRIALS, "--seed", SEED, "--format", "json"];
    if let Some(variant) = variant {
        args.extend(["--variant", variant]);
    }
    let output = georisk(&args);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

fn scenario(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name)
}

/// The value of `name="…"` in an HTML tag, undoing the report's escapes.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = start + tag[start..].find('"')?;
    Some(
        tag[start..end]
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

/// Every figure of the report: (run, JSON path, exact value, the text shown).
fn figures(html: &str) -> Vec<(String, String, f64, String)> {
    let mut found = Vec::new();
    for (at, _) in html.match_indices("data-figure=\"") {
        let open = html[..at].rfind('<').unwrap();
        let close = at + html[at..].find('>').unwrap();
        let tag = &html[open..close];
        let shown_end = close + 1 + html[close + 1..].find('<').unwrap();
        found.push((
            attribute(tag, "data-run").unwrap(),
            attribute(tag, "data-figure").unwrap(),
            attribute(tag, "data-value").unwrap().parse::<f64>().unwrap(),
            html[close + 1..shown_end].to_owned(),
        ));
    }
    found
}

fn json_at<'a>(json: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(json, |node, key| match key.parse::<usize>() {
        Ok(index) => &node[index],
        Err(_) => &node[key],
    })
}

/// `-1234.6` → `-1,235`, written here independently of the report's own formatting.
fn grouped(amount: f64) -> String {
    let digits = format!("{:.0}", amount.round().abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if amount.round() < 0.0 { format!("-{out}") } else { out }
}

#[test]
fn every_section_is_there_with_a_line_saying_what_it_shows() {
    let dir = tempfile::tempdir().unwrap();
    let html = report(&scenario("starter-tariff-dispute.ron"), &[], dir.path());
    for (id, heading) in [
        ("summary", "Summary"),
        ("matrix", "Risk matrix"),
        ("losses", "Loss distribution"),
        ("drivers", "What drives the losses"),
        ("events", "Events"),
        ("markets", "Markets"),
        ("forecasts", "How the forecasts did"),
        ("variants", "Variants side by side"),
        ("reproduce", "Settings that reproduce this report"),
    ] {
        let start = html.find(&format!("<section id=\"{id}\"")).unwrap_or_else(|| panic!("no section {id}"));
        let section = &html[start..start + html[start..].find("</section>").unwrap()];
        assert!(section.contains(&format!("<h2>{heading}</h2>")), "{id} has no heading");
        assert!(section.contains("<p class=\"what\">"), "{id} does not say what it shows");
    }
    assert!(html.contains("<h1>Starter: a US–Mexico tariff dispute</h1>"));
    assert!(html.contains("Illustrative starter scenario for students"), "the description is shown");
    assert!(html.contains("How a scenario works."), "the scenario's notes are shown");
    assert_eq!(html.matches("<svg ").count(), 6, "histogram, exceedance, tornado, impacts, markets, regions");
    assert!(html.contains("<table class=\"matrix\">"));
    // The variant is shown by default, with its own figures beside the base.
    assert!(html.contains("<th class=\"num\">Trade war</th>"));
    let hash = Command::new("sha256sum").arg(scenario("starter-tariff-dispute.ron")).output().unwrap();
    let hash = String::from_utf8(hash.stdout).unwrap();
    let hash = hash.split_whitespace().next().unwrap();
    assert!(html.contains(&format!("<code>{hash}</code>")), "the file's SHA-256 as sha256sum prints it");
    assert!(html.contains(&format!("georisk version</th><td>{}</td>", env!("CARGO_PKG_VERSION"))));
    assert!(html.contains("--trials 3000 --seed 11"), "the command that reproduces it");
    assert!(html.contains("No outcome is recorded in this file yet"), "the starter records no outcome");
}

#[test]
fn the_flagships_forecasts_are_scored_against_its_recorded_outcomes() {
    let dir = tempfile::tempdir().unwrap();
    let path = scenario("russia-dprk-2024.ron");
    let html = report(&path, &["--variant", "Escalation"], dir.path());
    let json = run_json(&path, None);
    let text = std::fs::read_to_string(&path).unwrap();
    let file = georisk::io::load_str(&text, "russia-dprk-2024.ron").expect("the flagship loads");
    // Scored here from `run --format json`'s probabilities, not by engine::score.
    let probability = |id: &str| {
        let events = json["events"].as_array().unwrap();
        events.iter().find(|e| e["id"] == id).unwrap()["probability"].as_f64().unwrap()
    };
    let resolved: Vec<(f64, bool)> = file
        .events
        .iter()
        .filter_map(|e| e.resolution.as_ref().map(|r| (probability(e.id.as_str()), r.happened)))
        .collect();
    assert!(resolved.len() >= 15, "the flagship records its outcomes");
    let brier = resolved.iter().map(|(p, o)| (p - f64::from(u8::from(*o))).powi(2)).sum::<f64>()
        / resolved.len() as f64;
    let start = html.find("<section id=\"forecasts\"").unwrap();
    let section = &html[start..start + html[start..].find("</section>").unwrap()];
    let outcomes = format!(
        "{} of {} events have a recorded outcome, forecast as of 2024-06-19.",
        resolved.len(),
        file.events.len()
    );
    assert!(section.contains(&outcomes), "{outcomes}");
    let base_row = format!(
        "<tr><th>base</th><td class=\"num\">{brier:.3}</td><td class=\"num\">0.250</td><td class=\"num\">{:.2}</td>",
        1.0 - brier / 0.25
    );
    assert!(section.contains(&base_row), "the base's Brier score and skill: {base_row}\n{section}");
    assert!(section.contains("<tr><th>Escalation</th>"), "the variant is scored too");
    let dots = section.matches("<circle ").count();
    let mut tenths: Vec<usize> = resolved.iter().map(|(p, _)| ((p * 10.0).floor() as usize).min(9)).collect();
    tenths.sort_unstable();
    tenths.dedup();
    assert_eq!(dots, tenths.len(), "one dot per tenth of the scale that holds a resolved event");
}

#[test]
fn figures_equal_those_of_run_json_for_the_same_seed_and_trials() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario("russia-dprk-2024.ron");
    let html = report(&file, &["--variant", "Escalation", "--variant", "Sanctions hold"], dir.path());
    let base = run_json(&file, None);
    let escalation = run_json(&file, Some("Escalation"));
    let sanctions = run_json(&file, Some("Sanctions hold"));
    let figures = figures(&html);
    let mut checked = std::collections::BTreeSet::new();
    for (run, path, value, shown) in &figures {
        let json = match run.as_str() {
            "base" => &base,
            "Escalation" => &escalation,
            "Sanctions hold" => &sanctions,
            other => panic!("a figure of an unknown run {other}"),
        };
        let expected = json_at(json, path).as_f64().unwrap_or_else(|| panic!("{path} is not in run's JSON"));
        assert_eq!(*value, expected, "{run} {path}");
        let money =
            ["mean.value", "var95", "var99", "es95", "es99", "impact.total", "impact.direct", "impact.es99"];
        if money.iter().any(|m| path.contains(m)) && !path.contains("band") && !path.ends_with("_se") {
            assert!(
                shown.starts_with(&grouped(expected)),
                "{run} {path}: shows {shown:?}, expected {}",
                grouped(expected)
            );
        }
        checked.insert(format!("{run}:{path}"));
    }
    // The summary of every run, and every event's figures of the base.
    for run in ["base", "Escalation", "Sanctions hold"] {
        for figure in ["mean", "var95", "var99", "es95", "es99", "prob_loss", "prob_loss_beyond"] {
            assert!(checked.contains(&format!("{run}:portfolio.total.{figure}.value")), "{run} {figure}");
        }
    }
    for figure in ["var99.band.low", "var99.band.high", "mean.se"] {
        assert!(checked.contains(&format!("base:portfolio.total.{figure}")), "{figure}");
    }
    assert!(checked.contains("base:portfolio.events_only.es99.value"));
    let events = base["events"].as_array().unwrap().len();
    for i in 0..events {
        for field in [
            "stated",
            "probability",
            "impact.total",
            "impact.total_se",
            "impact.direct",
            "impact.es99",
            "worst_share",
        ] {
            assert!(checked.contains(&format!("base:events.{i}.{field}")), "event {i} {field}");
        }
    }
    assert!(checked.contains("base:trials") && checked.contains("base:seed"));
}

const HOSTILE: &str = r#"Scenario(
    title: "Test <b>bold</b> & \"co\"",
    description: "Description with <iframe src=\"https://evil.example/\"></iframe>",
    notes: "<script>alert('x')</script> Source: https://example.com/report?a=1&b=2 and http://example.org/",
    seed: 3,
    markets: [Market(id: "m", name: "M <i>italic</i>", volatility: 0.2)],
    events: [
        Event(
            id: "e",
            name: "\"><img src=x onerror=alert(1)>",
            likelihood: 0.3,
            markets: {"m": Fixed(-0.1)},
        ),
    ],
    portfolio: Portfolio(holdings: [Holding(market: "m", value: 1000)]),
    variants: [Variant(name: "<svg onload=alert(2)>", likelihoods: {"e": 0.6}, notes: "Variant notes: https://example.net/")],
)
"#;

/// The page with the user's own notes cut out.
fn outside_notes(html: &str) -> String {
    let mut rest = html;
    let mut kept = String::new();
    while let Some(start) = rest.find("<div class=\"notes\">") {
        kept.push_str(&rest[..start]);
        // `<div class="notes"><div class="notes-label">…</div>the user's text</div>`
        let label_end = start + rest[start..].find("</div>").expect("label closes") + "</div>".len();
        let end = label_end + rest[label_end..].find("</div>").expect("notes close") + "</div>".len();
        rest = &rest[end..];
    }
    kept.push_str(rest);
    kept
}

#[test]
fn text_from_the_file_is_escaped_and_nothing_is_fetched() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hostile.ron");
    std::fs::write(&file, HOSTILE).unwrap();
    let html = report(&file, &[], dir.path());
    for raw in ["<script", "<img", "<iframe", "<b>", "<i>", "<svg onload"] {
        assert!(!html.contains(raw), "{raw} reached the page raw");
    }
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), "the note is shown, escaped");
    assert!(html.contains("Test &lt;b&gt;bold&lt;/b&gt; &amp; &quot;co&quot;"));
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("https://example.com/report?a=1&amp;b=2"), "the user's URL stays, as text");
    assert!(!html.contains("href=\"http"), "no link is made of it");
    let rest = outside_notes(&html);
    assert!(rest.len() < html.len(), "the notes were found");
    for reference in ["http://", "https://", "src=\"", "url(", "@import", "<link", "<script", "@font-face"] {
        // The description is not a note: its address must be escaped text, never an attribute.
        let count = rest.matches(reference).count();
        let in_description = if reference == "https://" { 1 } else { 0 };
        assert_eq!(count, in_description, "{reference} outside the notes");
    }
}

#[test]
fn a_report_is_never_written_over_a_scenario_and_an_unknown_variant_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario("starter-tariff-dispute.ron");
    let target = dir.path().join("plan.ron");
    let output = georisk(&["report", file.to_str().unwrap(), "-o", target.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("scenario (.ron) file"));
    assert!(!target.exists());
    let out = dir.path().join("r.html");
    let output = georisk(&[
        "report",
        file.to_str().unwrap(),
        "--variant",
        "Nope",
        "--trials",
        "100",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no variant named \"Nope\""));
    assert!(!out.exists(), "nothing is written when a run fails");
}

/// Chromium loads the report from disk with no console message and no failed request, and its
/// screenshot is a real page. Skipped, saying so, where Chromium is not installed.
#[test]
fn headless_chromium_renders_the_report_without_errors() {
    let Some(chromium) = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| Command::new(name).arg("--version").output().is_ok_and(|o| o.status.success()))
    else {
        eprintln!("NOTICE: Chromium is not installed; skipping the headless render of the report");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let html_text = report(&scenario("russia-dprk-2024.ron"), &[], dir.path());
    let page = dir.path().join("report.html");
    let url = format!("file://{}", page.display());
    let shot = dir.path().join("first-page.png");
    let profile = dir.path().join("profile");
    let common =
        ["--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--enable-logging=stderr", "--v=0"];
    let output = Command::new(chromium)
        .args(common)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1240,1754")
        .arg(&url)
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "chromium failed: {log}");
    for bad in ["CONSOLE", "Uncaught", "net::ERR_", "Failed to load", "Not allowed to load"] {
        assert!(!log.contains(bad), "chromium reported {bad}:\n{log}");
    }
    let png = std::fs::read(&shot).expect("a screenshot was written");
    assert!(png.starts_with(b"\x89PNG"), "a PNG");
    assert!(png.len() > 50_000, "a page with content, not a blank one ({} bytes)", png.len());
    if let Ok(keep) = std::env::var("GEORISK_REPORT_SCREENSHOT") {
        std::fs::copy(&shot, keep).unwrap();
    }

    let dom = Command::new(chromium)
        .args(common)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&dom.stderr);
    for bad in ["CONSOLE", "Uncaught", "net::ERR_", "Failed to load"] {
        assert!(!log.contains(bad), "chromium reported {bad}:\n{log}");
    }
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("<section id=\"reproduce\""), "the whole page was parsed");
    assert_eq!(
        dom.matches("<svg ").count(),
        html_text.matches("<svg ").count(),
        "every chart survived parsing"
    );
}
