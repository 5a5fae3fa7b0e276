//! The command line: the same model, io and engine as the app, without a window, for people who
//! share files, run batches and check scenarios in CI.
//!
//! Each subcommand writes its results to stdout and its problems to stderr, and returns an exit
//! code: 0 when all is well, 1 when a file is invalid or would change, 2 when georisk itself
//! could not do what was asked.
//!
//! Everything written to the terminal passes through [`printable::Printable`], so text from a
//! shared file (titles, names, notes) cannot send escape sequences or bidirectional overrides.

mod calibrate;
mod compare;
mod fmt;
mod merge;
mod pool;
mod portfolio;
pub mod printable;
mod report;
mod run;
mod score;
mod validate;

use clap::{Parser, Subcommand};
use printable::{Printable, Style};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "georisk",
    version,
    about = "Scenario planner for geopolitical risk: linked events, market shocks, portfolio risk.",
    long_about = "Scenario planner for geopolitical risk.\n\nWith no subcommand, opens the app on FILE \
                  or, without FILE, on the bundled Russia–DPRK example.",
    args_conflicts_with_subcommands = true
)]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// A scenario file to open in the app.
    pub file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check scenario files and list every problem with file:line:column.
    Validate {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Rewrite scenario files in canonical form.
    Fmt {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Change nothing; exit 1 and name the files that would change.
        #[arg(long)]
        check: bool,
        /// Also rewrite read-only files (they stay read-only) and files with several hard links
        /// (written in place, so every link sees the new text).
        #[arg(long, conflicts_with = "check")]
        force: bool,
    },
    /// Simulate a scenario and print its risk: portfolio VaR/ES with bands from the likelihood
    /// ranges, each event's causal impact and tornado, markets.
    Run {
        file: PathBuf,
        /// Monte Carlo trials [default: the file's trials, or 100000].
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=georisk::engine::MAX_TRIALS))]
        trials: Option<u64>,
        /// Random seed [default: the file's seed, or 0].
        #[arg(long)]
        seed: Option<u64>,
        /// Apply the overrides of the variant with this name.
        #[arg(long)]
        variant: Option<String>,
        /// Worker threads [default: one per core]; results are the same for any number.
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1024))]
        threads: Option<u16>,
        #[arg(long, value_enum, default_value_t = run::RunFormat::Table)]
        format: run::RunFormat,
        /// Markets' background noise: `off` shows the P&L of the events alone in every figure.
        #[arg(long, value_enum, default_value_t = run::Noise::On)]
        noise: run::Noise,
        /// Loss amount for "chance of losing more than" [default: 10% of the gross portfolio value].
        #[arg(long, value_parser = non_negative_amount)]
        loss_threshold: Option<f64>,
        /// Also write every trial's P&L and a 0/1 column per event to this CSV file (at most
        /// 1,000,000 trials), e.g. for a notebook.
        #[arg(long, value_name = "FILE.csv")]
        samples: Option<PathBuf>,
    },
    /// Pool several analysts' files of one scenario: each event's likelihood by an opinion pool,
    /// their spread kept as a range, and a table of where they disagree most.
    Pool {
        #[arg(required = true, num_args = 2..)]
        files: Vec<PathBuf>,
        /// The pooled scenario file to write.
        #[arg(short, long)]
        output: PathBuf,
        #[arg(long, value_enum, default_value_t = pool::Method::Linear)]
        method: pool::Method,
        /// One positive weight per file, in order, like 1,2,1 [default: equal].
        #[arg(long, value_parser = pool::weights)]
        weights: Option<pool::Weights>,
    },
    /// Three-way merge of scenario files by id and field (a git merge driver:
    /// `georisk merge %O %A %B -o %A`); exit 1 on conflicts, which keep MINE's value.
    Merge {
        base: PathBuf,
        mine: PathBuf,
        theirs: PathBuf,
        /// The merged scenario file to write.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Compare the base and variants of one file, or two files, with common random numbers:
    /// portfolio figures and event impacts with their changes, and the structural difference.
    Compare {
        first: PathBuf,
        second: Option<PathBuf>,
        /// A variant to run beside the base (repeatable); with two files, applied to both.
        #[arg(long = "variant")]
        variants: Vec<String>,
        /// Monte Carlo trials for every run [default: the file's trials, or 100000].
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=georisk::engine::MAX_TRIALS))]
        trials: Option<u64>,
        /// Random seed for every run [default: the first file's seed].
        #[arg(long)]
        seed: Option<u64>,
        #[arg(long, value_enum, default_value_t = run::Format::Table)]
        format: run::Format,
    },
    /// Set markets' volatilities and correlations from a CSV of dated closes (a date column and
    /// one column per market); shows old and new values before writing.
    Calibrate {
        file: PathBuf,
        prices: PathBuf,
        /// Show the old and new values; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Write a self-contained HTML report (summary with bands, risk matrix, loss charts,
    /// drivers, events, variants side by side, settings) that opens and prints anywhere.
    Report {
        file: PathBuf,
        /// Show this variant beside the base (repeatable) [default: every variant in the file].
        #[arg(long = "variant", value_name = "NAME")]
        variants: Vec<String>,
        /// Monte Carlo trials for the base and each variant [default: the file's trials, or 100000].
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=georisk::engine::MAX_TRIALS))]
        trials: Option<u64>,
        /// Random seed [default: the file's seed, or 0].
        #[arg(long)]
        seed: Option<u64>,
        /// Where to write the report (an .html file; replaced whole, atomically).
        #[arg(short, long, value_name = "FILE.html")]
        output: PathBuf,
    },
    /// Scores each file's base scenario and variants against the recorded outcomes: Brier and
    /// log scores over the resolved events, against every event at 50%, with calibration bins.
    Score {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// table (with calibration bins) or json.
        #[arg(long, value_enum, default_value_t = run::Format::Table)]
        format: run::Format,
        /// Monte Carlo trials per run [default: 20000].
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=georisk::engine::MAX_TRIALS))]
        trials: Option<u64>,
        /// Random seed [default: the file's seed, or 0].
        #[arg(long)]
        seed: Option<u64>,
    },
    /// Bring a portfolio's holdings in from CSV, or write them out as CSV.
    #[command(subcommand)]
    Portfolio(PortfolioCommand),
}

#[derive(Debug, Subcommand)]
pub enum PortfolioCommand {
    /// Replace the holdings with a CSV's (columns market and value, optionally currency); nothing
    /// changes unless every row is good.
    Import { file: PathBuf, holdings: PathBuf },
    /// Write the holdings as CSV (market,value,currency) to stdout or a file.
    Export {
        file: PathBuf,
        /// Write here instead of stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

/// Reads and validates the scenario file a command will rewrite, with the stamp to save it
/// against; when it cannot, says why and that the file is unchanged, and gives the exit code.
fn scenario_to_rewrite(
    path: &std::path::Path,
    err: &mut impl std::io::Write,
) -> anyhow::Result<Result<(georisk::model::Scenario, georisk::io::FileStamp), ExitCode>> {
    let (text, stamp) = match georisk::io::read_text_stamped(path) {
        Ok(read) => read,
        Err(e) => {
            writeln!(err, "{e}")?;
            return Ok(Err(ExitCode::from(1)));
        }
    };
    match georisk::io::load_str(&text, &path.display().to_string()) {
        Ok(scenario) => Ok(Ok((scenario, stamp))),
        Err(e) => {
            writeln!(err, "{e}")?;
            writeln!(err, "{}: unchanged (fix its problems first)", path.display())?;
            Ok(Err(ExitCode::from(1)))
        }
    }
}

fn non_negative_amount(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
        _ => Err(format!("expected an amount of money, zero or more, like 50000; found \"{text}\"")),
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut stdout = Printable::new(std::io::stdout().lock(), Style::Text);
    let mut stderr = Printable::new(std::io::stderr().lock(), Style::Text);
    match args.command {
        Some(Command::Validate { files }) => validate::run(&files, &mut stdout, &mut stderr),
        Some(Command::Fmt { files, check, force }) => {
            fmt::run(&files, check, force, &mut stdout, &mut stderr)
        }
        Some(Command::Run {
            file,
            trials,
            seed,
            variant,
            threads,
            format,
            noise,
            loss_threshold,
            samples,
        }) => {
            let args = run::RunArgs {
                trials,
                seed,
                variant,
                threads: threads.map(usize::from),
                format,
                noise: noise == run::Noise::On,
                loss_threshold,
                samples,
            };
            let style = if format == run::RunFormat::Json { Style::Json } else { Style::Text };
            let mut stdout = Printable::new(std::io::stdout().lock(), style);
            run::run(&file, &args, &mut stdout, &mut stderr)
        }
        Some(Command::Pool { files, output, method, weights }) => {
            pool::run(&files, &output, method, weights, &mut stdout, &mut stderr)
        }
        Some(Command::Merge { base, mine, theirs, output }) => {
            merge::run(&base, &mine, &theirs, &output, &mut stdout, &mut stderr)
        }
        Some(Command::Compare { first, second, variants, trials, seed, format }) => {
            let args = compare::CompareArgs { first, second, variants, trials, seed, format };
            let style = if format == run::Format::Json { Style::Json } else { Style::Text };
            let mut stdout = Printable::new(std::io::stdout().lock(), style);
            compare::run(&args, &mut stdout, &mut stderr)
        }
        Some(Command::Score { files, format, trials, seed }) => {
            let style = if format == run::Format::Json { Style::Json } else { Style::Text };
            let mut stdout = Printable::new(std::io::stdout().lock(), style);
            score::run(&files, format, trials, seed, &mut stdout, &mut stderr)
        }
        Some(Command::Portfolio(PortfolioCommand::Import { file, holdings })) => {
            portfolio::import(&file, &holdings, &mut stdout, &mut stderr)
        }
        Some(Command::Portfolio(PortfolioCommand::Export { file, output })) => {
            portfolio::export(&file, output.as_deref(), &mut stdout, &mut stderr)
        }
        Some(Command::Calibrate { file, prices, dry_run }) => {
            calibrate::run(&file, &prices, dry_run, &mut stdout, &mut stderr)
        }
        Some(Command::Report { file, variants, trials, seed, output }) => report::run(
            &file,
            &report::ReportArgs { trials, seed, variants, output },
            &mut stdout,
            &mut stderr,
        ),
        None => open_app(args.file),
    }
}

#[cfg(feature = "gui")]
fn open_app(file: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    georisk::ui::run_app(file)
}

#[cfg(not(feature = "gui"))]
fn open_app(_file: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "this build has no window (built without the `gui` feature); see `georisk --help` for the subcommands"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Each subcommand's line in `georisk --help` describes that subcommand and only it.
    #[test]
    fn every_subcommand_has_its_own_one_line_description() {
        let app = Args::command();
        let about = |name: &str| {
            let sub = app.find_subcommand(name).unwrap_or_else(|| panic!("{name} is a subcommand"));
            sub.get_about().map(|a| a.to_string()).unwrap_or_default()
        };
        for sub in app.get_subcommands().filter(|s| s.get_name() != "help") {
            assert!(!about(sub.get_name()).is_empty(), "{} has no description", sub.get_name());
        }
        assert!(about("portfolio").starts_with("Bring a portfolio's holdings in from CSV"));
        assert!(about("score").starts_with("Scores each file"), "{}", about("score"));
    }
}
