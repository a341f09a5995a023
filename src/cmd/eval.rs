//! `jiuzhu eval --gold GOLD INPUT… [--config FILE --expected CLUES]`: accuracy per field
//! against gold annotations, and per model against expected clues.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args as ClapArgs;
use jiuzhu_core::{Date, DocRecord};
use jiuzhu_eval::{ClueKey, evaluate, load_expected_clues, load_gold, load_records, score_clues};
use jiuzhu_link::{Config, Models, Screen, load_rosters};

use super::{ExtractOpts, ReadOpts, create, extract_all};
use crate::Failure;

#[derive(ClapArgs)]
pub(crate) struct Args {
    /// Gold annotations: JSONL files, or directories of gold*.jsonl files.
    #[arg(long, required = true, value_name = "GOLD")]
    gold: Vec<PathBuf>,
    /// The documents the gold annotates (their sources must match the gold's).
    #[arg(value_name = "INPUT", required_unless_present = "records")]
    inputs: Vec<String>,
    /// Score these records.jsonl files instead of extracting INPUT.
    #[arg(long, value_name = "FILE", conflicts_with = "inputs")]
    records: Vec<PathBuf>,
    /// Screen the records with this configuration and score the clues (needs --expected).
    #[arg(long, value_name = "FILE", requires = "expected")]
    config: Option<PathBuf>,
    /// Expected clues (JSONL: {"model": "M1", "person": {"name": …, "id_number": …}}).
    #[arg(long, value_name = "FILE", requires = "config")]
    expected: Vec<PathBuf>,
    /// The screening date for ages (default: today).
    #[arg(long, value_name = "DATE")]
    today: Option<String>,
    /// Also write summary.json (the whole report, for machines) and errors.tsv into DIR.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// How many disagreements to print (all are in errors.tsv with --out).
    #[arg(long, default_value_t = 40, value_name = "N")]
    show_errors: usize,
    #[command(flatten)]
    read: ReadOpts,
    #[command(flatten)]
    extract: ExtractOpts,
}

pub(crate) fn run(args: Args) -> Result<(), Failure> {
    let gold = load_gold(&args.gold).map_err(|e| Failure::Usage(e.to_string()))?;
    let records: Vec<DocRecord> = if args.records.is_empty() {
        let extractor = args.extract.extractor()?;
        extract_all(&args.read, &extractor, &args.inputs)?.0
    } else {
        load_records(&args.records).map_err(|e| Failure::Usage(e.to_string()))?
    };
    let mut report = evaluate(&gold, &records).map_err(|e| Failure::Usage(e.to_string()))?;
    if let Some(config) = &args.config {
        let expected =
            load_expected_clues(&args.expected).map_err(|e| Failure::Usage(e.to_string()))?;
        let today = match &args.today {
            Some(s) => s
                .parse::<Date>()
                .map_err(|e| Failure::Usage(format!("--today {s}: {e}")))?,
            None => Date::today(),
        };
        let config = Config::load(config).map_err(|e| Failure::Usage(e.to_string()))?;
        let models = Models::for_config(&config).map_err(|e| Failure::Usage(e.to_string()))?;
        let (rosters, _) = load_rosters(&config).map_err(|e| Failure::Usage(e.to_string()))?;
        let screen = Screen::new(config, models, rosters)
            .map_err(|e| Failure::Usage(e.to_string()))?
            .with_today(today);
        let clues = screen.run(&records).clues;
        let actual: Vec<ClueKey> = clues.iter().map(ClueKey::from).collect();
        report.clues = Some(score_clues(&expected, &actual));
    }

    let mut stdout = std::io::stdout().lock();
    let text = report.render_text();
    let errors = report.render_errors();
    let shown: Vec<&str> = errors.lines().take(args.show_errors + 1).collect();
    let _ = writeln!(stdout, "{text}");
    if report.errors.is_empty() {
        let _ = writeln!(stdout, "No disagreements.");
    } else {
        let _ = writeln!(
            stdout,
            "Disagreements ({} in all):\n{}",
            report.errors.len(),
            shown.join("\n")
        );
    }
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create output directory {}", dir.display()))
            .map_err(Failure::Io)?;
        let mut summary = create(dir, "summary.json")?;
        serde_json::to_writer_pretty(&mut summary, &report)
            .map_err(anyhow::Error::from)
            .and_then(|()| summary.flush().map_err(anyhow::Error::from))
            .context("writing summary.json")
            .map_err(Failure::Io)?;
        let mut tsv = create(dir, "errors.tsv")?;
        tsv.write_all(errors.as_bytes())
            .and_then(|()| tsv.flush())
            .context("writing errors.tsv")
            .map_err(Failure::Io)?;
    }
    Ok(())
}
