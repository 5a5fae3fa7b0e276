//! A long `georisk run` as a user meets it: it warns with an estimate of how long it will take,
//! shows its progress on a terminal (and only there), and Ctrl+C (SIGINT) stops it cleanly — a
//! clear message, exit status 130, nothing on stdout.
#![cfg(unix)]

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// 1,000 events over 20 markets: at a million trials the analysis takes far longer than a minute.
fn big_scenario() -> String {
    let events: Vec<String> = (0..1000)
        .map(|i| {
            format!(
                r#"Event(id: "e{i}", likelihood: 0.3, markets: {{"m{}": Normal(mean: -0.02, sd: 0.01)}})"#,
                i % 20
            )
        })
        .collect();
    let markets: Vec<String> = (0..20).map(|j| format!(r#"Market(id: "m{j}", volatility: 0.2)"#)).collect();
    let holdings: Vec<String> =
        (0..20).map(|j| format!(r#"Holding(market: "m{j}", value: 1000.0)"#)).collect();
    format!(
        r#"Scenario(title: "Big", markets: [{}], events: [{}], portfolio: Portfolio(holdings: [{}]))"#,
        markets.join(", "),
        events.join(",\n"),
        holdings.join(", ")
    )
}

#[test]
fn a_long_run_warns_with_its_estimate_and_stops_cleanly_on_ctrl_c() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    std::fs::write(&path, big_scenario()).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_georisk"))
        .args(["run", path.to_str().unwrap(), "--trials", "1000000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The estimate needs two seconds of progress; give a slow machine more.
    std::thread::sleep(Duration::from_secs(5));
    let status = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let start = Instant::now();
    let exit = loop {
        if let Some(exit) = child.try_wait().unwrap() {
            break exit;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "the run did not stop within a minute of Ctrl+C");
        std::thread::sleep(Duration::from_millis(50));
    };
    let (mut out, mut err) = (String::new(), String::new());
    child.stdout.take().unwrap().read_to_string(&mut out).unwrap();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert_eq!(exit.code(), Some(130), "stderr: {err}");
    assert!(out.is_empty(), "nothing is printed as a result: {out}");
    assert!(err.contains("this run will take about"), "an estimate: {err}");
    assert!(err.contains("(1,000,000 trials, 1,000 events"), "{err}");
    assert!(err.contains("stopped by Ctrl+C"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
}

/// `georisk run` in a pseudo-terminal made by util-linux `script`, which copies what the terminal
/// showed to its own standard output.
#[test]
fn on_a_terminal_progress_is_shown_on_one_line_and_cleared_before_the_results() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    std::fs::write(&path, big_scenario()).unwrap();
    let command = format!("{} run {} --trials 20000", env!("CARGO_BIN_EXE_georisk"), path.display());
    let run = Command::new("script")
        .args(["-qfec", &command, "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .expect("this test needs `script` from util-linux to make a terminal");
    assert!(run.status.success(), "{run:?}");
    let shown = String::from_utf8_lossy(&run.stdout);
    let updates: Vec<&str> = shown.split("\r\x1b[2K").collect();
    let progress: Vec<&&str> = updates.iter().filter(|u| u.starts_with("Simulating: ")).collect();
    assert!(progress.len() >= 2, "the line is redrawn in place as the run goes: {shown:?}");
    for line in &progress {
        let percent = line["Simulating: ".len()..].split('%').next().unwrap();
        assert!(percent.parse::<u8>().is_ok_and(|p| p <= 100), "a percentage done: {line:?}");
        assert!(!line.contains('\n'), "progress never scrolls the terminal: {line:?}");
    }
    // The last redraw clears the line; the results follow on a clean one.
    let after = updates.last().unwrap();
    assert!(after.contains("Value at risk"), "the results follow the cleared line: {after:?}");

    // Not on a terminal: no progress and no escape codes in a pipe or a log.
    let piped = Command::new(env!("CARGO_BIN_EXE_georisk"))
        .args(["run", path.to_str().unwrap(), "--trials", "20000"])
        .output()
        .unwrap();
    assert!(piped.status.success());
    let err = String::from_utf8_lossy(&piped.stderr);
    assert!(!err.contains("Simulating") && !err.contains('\x1b'), "{err:?}");
}
