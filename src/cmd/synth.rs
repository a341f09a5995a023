//! `jiuzhu synth --docs N --seed S --out DIR`: a synthetic corpus with rosters, gold and
//! expected clues, for tests, benchmarks and demonstrations.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args as ClapArgs;
use jiuzhu_synth::{SynthConfig, generate};

use crate::Failure;

#[derive(ClapArgs)]
pub(crate) struct Args {
    /// Number of documents.
    #[arg(long, default_value_t = 1000, value_name = "N")]
    docs: usize,
    /// Random seed: the same seed and size give byte-identical output.
    #[arg(long, default_value_t = 1, value_name = "S")]
    seed: u64,
    /// Pad the rosters with people no document names up to this many rows in all (for
    /// screening benchmarks); the documents and gold do not change.
    #[arg(long, default_value_t = 0, value_name = "N")]
    roster_rows: usize,
    /// Output directory (must be missing or empty).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

pub(crate) fn run(args: Args) -> Result<(), Failure> {
    let started = Instant::now();
    let summary = generate(
        &SynthConfig {
            docs: args.docs,
            seed: args.seed,
            roster_rows: args.roster_rows,
        },
        &args.out,
    )
    .map_err(|e| match e {
        jiuzhu_synth::Error::NotEmpty(_) => Failure::Usage(e.to_string()),
        other => Failure::Io(other.into()),
    })?;
    let secs = started.elapsed().as_secs_f64();
    let kinds: Vec<String> = summary
        .by_kind
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    eprintln!(
        "synth: {} documents ({}) in {} files, {} storylines, in {secs:.2} s → {}",
        summary.docs,
        kinds.join(", "),
        summary.files,
        summary.storylines,
        args.out.display()
    );
    eprintln!(
        "  screen it:   jiuzhu screen {0}/docs --config {0}/jiuzhu.toml --out OUT\n  score it:    jiuzhu eval --gold {0}/gold.jsonl {0}/docs --config {0}/jiuzhu.toml --expected {0}/expected_clues.jsonl",
        args.out.display()
    );
    Ok(())
}
