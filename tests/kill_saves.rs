//! Crash safety, proved: child processes save a 2 MiB scenario file over and over and are killed
//! with SIGKILL at random moments, until 200 kills have landed while the new text was being
//! written (the temporary file exists and is not yet renamed; at most 800 kills in all). After
//! every kill the file holds the old or the new text whole, never a torn one, and the temporary
//! files the killed children leave are removed by the next save.
//!
//! The child is this test binary itself, run with `GEORISK_KILL_CHILD` naming the file, so no
//! extra program is needed. Bounded: 200 kills take a few seconds.
#![cfg(unix)]
#![expect(clippy::unwrap_used, reason = "test helpers: a failed unwrap is a failed test")]

use georisk::io;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CHILD_VAR: &str = "GEORISK_KILL_CHILD";
/// Kills that must land mid-write, and the most kills tried to get them.
const MID_WRITE_KILLS: usize = 200;
const MAX_KILLS: usize = 800;

/// A valid scenario of about 2 MiB whose every byte says which version it is.
fn version(letter: char) -> Vec<u8> {
    format!(
        "Scenario(\n    title: \"{letter}\",\n    notes: \"{}\",\n)\n",
        letter.to_string().repeat(2 << 20)
    )
    .into_bytes()
}

/// The child: save the two versions alternately until killed. Does nothing in a normal test run.
#[test]
fn child_saves_until_killed() {
    let Some(path) = std::env::var_os(CHILD_VAR) else { return };
    let path = Path::new(&path);
    let (a, b) = (version('a'), version('b'));
    println!("saving");
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        io::write_atomic(path, &a).expect("save a");
        io::write_atomic(path, &b).expect("save b");
    }
}

/// A small deterministic generator for the kill delays (no wall clock in the sequence).
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

fn temporaries(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().ends_with(".tmp"))
        .count()
}

#[test]
fn two_hundred_saves_killed_mid_write_leave_the_old_or_the_new_file_whole() {
    let mut kills = 0;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scenario.ron");
    let (a, b) = (version('a'), version('b'));
    std::fs::write(&path, &a).unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut random = SplitMix(20_240_619);
    let started = Instant::now();
    let (mut mid_write, mut seen_a, mut seen_b) = (0, 0, 0);
    while mid_write < MID_WRITE_KILLS && kills < MAX_KILLS {
        kills += 1;
        let kill = kills;
        let mut child = Command::new(&exe)
            .args(["--exact", "child_saves_until_killed", "--nocapture", "--test-threads=1"])
            .env(CHILD_VAR, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait until the child is saving, then let it run for 0 to 50 ms.
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        while !line.contains("saving") {
            line.clear();
            assert!(reader.read_line(&mut line).unwrap() > 0, "the child ended before saving");
        }
        std::thread::sleep(Duration::from_micros(random.next() % 50_000));
        let own_temporary = dir.path().join(format!(".scenario.ron.{}.tmp", child.id()));
        child.kill().unwrap();
        child.wait().unwrap();

        let now = std::fs::read(&path).unwrap();
        assert!(now == a || now == b, "kill {kill}: the file is torn ({} bytes)", now.len());
        if now == a {
            seen_a += 1
        } else {
            seen_b += 1
        }
        // A temporary file left behind means the kill came between its creation and the rename.
        if own_temporary.exists() {
            mid_write += 1;
        }
        assert!(io::load_file(&path).is_ok());
    }
    eprintln!(
        "{kills} kills in {:.1} s: {mid_write} mid-write, file left as a {seen_a} times, as b {seen_b} times",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(mid_write, MID_WRITE_KILLS, "only {mid_write} of {kills} kills landed mid-write");
    assert!(seen_a > 0 && seen_b > 0);
    // The next save removes what the killed children left.
    io::write_atomic(&path, &a).unwrap();
    assert_eq!(temporaries(dir.path()), 0);
    assert_eq!(std::fs::read(&path).unwrap(), a);
}
