//! `jiuzhu screen [INPUT…] [--config jiuzhu.toml] [--out DIR]`: the main job — extract every
//! document, join the records with the rosters, apply the models and write the clues.
//!
//! Outputs (all owner-only, 0600 on Unix, since they name victims and welfare recipients):
//! `records.jsonl`, `rejects.jsonl`, `clues.jsonl`, `funnel.json`, `problems.jsonl` for
//! programs, and `clues.csv`, `clues.xlsx`, `report.html` for people. `--mask-ids` masks ID
//! numbers in those three and in the end summary only: the JSON files are the office's own
//! machine record, where the full ID is the key that links a clue back to its documents and
//! roster rows (a masked key would link nothing), and `records.jsonl` quotes document text
//! that would need masking too.
//!
//! `--records PATH…` screens records extracted earlier — by `extract`, by many machines with
//! `--shard`, or by a Spark job piping documents through `extract --stream` — from JSON
//! Lines or Parquet part files, without extracting again; `--format parquet` writes
//! records, rejects and clues as Parquet (docs/scale.md).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args as ClapArgs;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use jiuzhu_core::{Action, Clue, Date, DocRecord, Kind, Locality, Reject};
use jiuzhu_link::{Config, Models, PRIORITY_FORMULA, Screen, load_rosters};
use jiuzhu_report::Report;

use super::scale::{self, OutFormat, TableOut};
use super::{ExtractOpts, ReadOpts, ingest_failure, inputs, write_json_line};
use crate::Failure;

/// Where the bundled sample lives, relative to the working directory (the repository root
/// when run with `cargo run`).
const SAMPLE_DIR: &str = "corpora/sample";

#[derive(ClapArgs)]
pub(crate) struct Args {
    /// Files, directories (recursive) and archives; - reads standard input. Without any, the
    /// bundled sample (corpora/sample/docs with corpora/sample/jiuzhu.toml) is screened.
    #[arg(value_name = "INPUT")]
    inputs: Vec<String>,
    /// Screen records extracted earlier instead of documents: files or directories of
    /// records and rejects as JSON Lines (records.jsonl, `extract --stream` output) or
    /// Parquet (many part files welcome); repeatable. Needs --config.
    #[arg(long, value_name = "PATH", conflicts_with = "inputs")]
    records: Vec<PathBuf>,
    /// Format of records.*, rejects.* and clues.* (parquet needs a build with
    /// `--features parquet`).
    #[arg(long, value_enum, default_value_t = OutFormat::Jsonl)]
    format: OutFormat,
    /// The configuration: region, screened charges and causes, rosters, models.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Output directory (created if missing).
    #[arg(long, value_name = "DIR", default_value = "out")]
    out: PathBuf,
    /// The screening date for ages (default: today), as YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    today: Option<String>,
    /// Mask ID numbers (330382********1540) in clues.csv, clues.xlsx, report.html and the
    /// end summary, for sharing outside the office; the JSON files keep them whole.
    #[arg(long)]
    mask_ids: bool,
    #[command(flatten)]
    read: ReadOpts,
    #[command(flatten)]
    extract: ExtractOpts,
}

pub(crate) fn run(args: Args) -> Result<(), Failure> {
    let started = Instant::now();
    args.format.check()?;
    let (input_args, config_path) = match (&args.inputs[..], &args.config) {
        ([], Some(c)) if !args.records.is_empty() => (Vec::new(), c.clone()),
        (_, None) if !args.records.is_empty() => {
            return Err(Failure::Usage(
                "screening --records needs a configuration: --config jiuzhu.toml (see corpora/sample/jiuzhu.toml)".into(),
            ));
        }
        ([], None) => sample()?,
        ([], Some(c)) => {
            return Err(Failure::Usage(format!(
                "no INPUT given to screen with {}; name the documents to screen",
                c.display()
            )));
        }
        (i, Some(c)) => (i.to_vec(), c.clone()),
        (_, None) => {
            return Err(Failure::Usage(
                "screening needs a configuration: --config jiuzhu.toml (see corpora/sample/jiuzhu.toml)".into(),
            ));
        }
    };
    let today = match &args.today {
        Some(s) => s
            .parse::<Date>()
            .map_err(|e| Failure::Usage(format!("--today {s}: {e}")))?,
        None => Date::today(),
    };
    let config = Config::load(&config_path).map_err(|e| Failure::Usage(e.to_string()))?;
    let region = config.region.name.clone();
    let models = Models::for_config(&config).map_err(|e| Failure::Usage(e.to_string()))?;
    let (rosters, row_problems) =
        load_rosters(&config).map_err(|e| Failure::Usage(e.to_string()))?;
    let screen = Screen::new(config, models, rosters)
        .map_err(|e| Failure::Usage(e.to_string()))?
        .with_today(today);
    let mut laps = Laps::new(started);
    laps.lap("rosters");

    let (mut records, by_reason) = if args.records.is_empty() {
        let got = extract(&args, &input_args)?;
        laps.lap_with("extraction", &got.rate);
        (got.records, got.by_reason)
    } else {
        let back = scale::read_back(&args.records)?;
        if back.files == 0 {
            return Err(Failure::Usage(format!(
                "no records or rejects under {}: --records takes what `jiuzhu extract` wrote (records.jsonl, records.parquet, `--stream` output, Spark part files)",
                list(&args.records)
            )));
        }
        if !back.skipped.is_empty() {
            eprintln!(
                "records: skipped {} files holding no records or rejects: {}",
                back.skipped.len(),
                list(&back.skipped)
            );
        }
        create_out_dir(&args.out)
            .with_context(|| format!("cannot create output directory {}", args.out.display()))
            .map_err(Failure::Io)?;
        laps.lap_with(
            "reading records",
            &format!("{} records, {} files", back.records.len(), back.files),
        );
        (back.records, back.rejects)
    };
    // One order for records however they arrived (many part files in any order, shards):
    // the clues of a run never depend on how its extraction was split.
    scale::canonical_order(&mut records, !args.records.is_empty())?;

    let mut result = screen.run(&records);
    laps.lap("models");
    let n_rejects: usize = by_reason.values().sum();
    result.funnel.documents = records.len() + n_rejects;
    result.funnel.rejects = n_rejects;

    let (out, name) = table(&args.out, "clues", args.format)?;
    let mut clues_out: TableOut<Clue> = TableOut::new(args.format, out, name)?;
    for clue in &result.clues {
        clues_out.write(clue).map_err(Failure::Io)?;
    }
    clues_out.finish().map_err(Failure::Io)?;
    let funnel = serde_json::json!({
        "documents": result.funnel.documents,
        "rejects": result.funnel.rejects,
        "rejects_by_reason": by_reason,
        "sets": result.sets,
        "models": result.funnel.models,
    });
    let mut funnel_out = create(&args.out, "funnel.json")?;
    serde_json::to_writer_pretty(&mut funnel_out, &funnel)
        .map_err(anyhow::Error::from)
        .and_then(|()| funnel_out.flush().map_err(anyhow::Error::from))
        .context("writing funnel.json")
        .map_err(Failure::Io)?;
    let mut problems_out = create(&args.out, "problems.jsonl")?;
    for p in &row_problems {
        write_json_line(&mut problems_out, p).map_err(Failure::Io)?;
    }
    for p in &result.problems {
        write_json_line(&mut problems_out, p).map_err(Failure::Io)?;
    }
    problems_out
        .flush()
        .context("writing problems.jsonl")
        .map_err(Failure::Io)?;

    let mut by_kind: BTreeMap<Kind, usize> = BTreeMap::new();
    for r in &records {
        *by_kind.entry(r.kind).or_default() += 1;
    }
    let mut report = Report::new(&result.clues, &result.funnel)
        .mask_ids(args.mask_ids)
        .priority_formula(PRIORITY_FORMULA)
        .rejects(by_reason.iter().map(|(r, n)| (*r, *n)))
        .records_by_kind(by_kind.iter().map(|(k, n)| (*k, *n)))
        .screening_date(today);
    if let Some(name) = region {
        report = report.region(name);
    }
    report
        .write_dir(&args.out)
        .map_err(|e| Failure::Io(e.into()))?;

    // The machine tables written: records and rejects only when this run extracted them.
    let ext = args.format.ext();
    let tables = if args.records.is_empty() {
        format!("clues.{ext} · records.{ext} · rejects.{ext}")
    } else {
        format!("clues.{ext}")
    };
    summary(
        &by_kind,
        &by_reason,
        &result,
        &row_problems,
        &args.out,
        args.mask_ids,
        &tables,
    );
    laps.lap("outputs");
    eprintln!("用时 time: {laps}");
    Ok(())
}

/// Wall time per stage of a screen, for the end summary: `rosters 0.10 s, extraction …`.
struct Laps {
    started: Instant,
    last: Instant,
    parts: Vec<String>,
}

impl Laps {
    fn new(started: Instant) -> Laps {
        Laps {
            started,
            last: started,
            parts: Vec::new(),
        }
    }

    /// Ends the stage `name` now.
    fn lap(&mut self, name: &str) {
        self.lap_with(name, "");
    }

    /// Ends the stage `name` now, with `detail` (a rate, a count) after its time.
    fn lap_with(&mut self, name: &str, detail: &str) {
        let now = Instant::now();
        let secs = (now - self.last).as_secs_f64();
        self.last = now;
        self.parts.push(if detail.is_empty() {
            format!("{name} {secs:.2} s")
        } else {
            format!("{name} {secs:.2} s ({detail})")
        });
    }
}

impl std::fmt::Display for Laps {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for part in &self.parts {
            write!(f, "{part}, ")?;
        }
        write!(f, "total {:.2} s", self.started.elapsed().as_secs_f64())
    }
}

/// Opens the table `dir/name.EXT` owner-only, with its name for messages.
fn table(
    dir: &Path,
    name: &str,
    format: OutFormat,
) -> Result<(Box<dyn Write + Send>, String), Failure> {
    let path = dir.join(format!("{name}.{}", format.ext()));
    let file = jiuzhu_report::create_private(&path)
        .with_context(|| format!("cannot create {}", path.display()))
        .map_err(Failure::Io)?;
    Ok((Box::new(file), path.display().to_string()))
}

/// Paths for a message, comma-separated (the first ten).
fn list(paths: &[PathBuf]) -> String {
    let mut shown: Vec<String> = paths
        .iter()
        .take(10)
        .map(|p| p.display().to_string())
        .collect();
    if paths.len() > 10 {
        shown.push(format!("… ({} more)", paths.len() - 10));
    }
    shown.join(", ")
}

/// What extraction gave the screen.
struct Extracted {
    records: Vec<DocRecord>,
    by_reason: BTreeMap<&'static str, usize>,
    /// Throughput, for the end summary.
    rate: String,
}

/// Extracts the documents of INPUT, writing records.* and rejects.* as they come.
fn extract(args: &Args, input_args: &[String]) -> Result<Extracted, Failure> {
    let started = Instant::now();
    let extractor = args.extract.extractor()?;
    let items = args
        .read
        .ingest()
        .items(inputs(input_args))
        .map_err(ingest_failure)?;
    let bytes = items.bytes_read();

    create_out_dir(&args.out)
        .with_context(|| format!("cannot create output directory {}", args.out.display()))
        .map_err(Failure::Io)?;
    let (out, name) = table(&args.out, "records", args.format)?;
    let mut records_out: TableOut<DocRecord> = TableOut::new(args.format, out, name)?;
    let (out, name) = table(&args.out, "rejects", args.format)?;
    let mut rejects_out: TableOut<Reject> = TableOut::new(args.format, out, name)?;
    let mut records: Vec<DocRecord> = Vec::new();
    let mut by_reason: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut failed: Option<anyhow::Error> = None;
    let progress = progress_bar(bytes.clone());
    extractor.run(items, |result| {
        progress.inc(1);
        let written = match &result {
            Ok(rec) => records_out.write(rec),
            Err(r) => {
                *by_reason.entry(r.reason.as_str()).or_default() += 1;
                rejects_out.write(r)
            }
        };
        if let Err(e) = written {
            failed.get_or_insert(e);
        }
        if let Ok(rec) = result {
            records.push(rec);
        }
    });
    progress.finish_and_clear();
    let extracted = started.elapsed();
    if let Some(e) = failed {
        return Err(Failure::Io(e));
    }
    records_out
        .finish()
        .and_then(|()| rejects_out.finish())
        .map_err(Failure::Io)?;
    let secs = extracted.as_secs_f64();
    let mb = bytes.load(Ordering::Relaxed) as f64 / 1e6;
    let rate = format!("{:.1} MB/s", mb / secs.max(1e-9));
    Ok(Extracted {
        records,
        by_reason,
        rate,
    })
}

/// The bundled sample's inputs and config, or a usage error saying how to screen without it.
fn sample() -> Result<(Vec<String>, PathBuf), Failure> {
    let dir = Path::new(SAMPLE_DIR);
    let config = dir.join("jiuzhu.toml");
    if !config.is_file() {
        return Err(Failure::Usage(format!(
            "no INPUT given and no bundled sample at {} (run from the repository root, or give INPUT… --config FILE)",
            config.display()
        )));
    }
    Ok((vec![dir.join("docs").display().to_string()], config))
}

/// The one-screen end-of-run summary, in Chinese for the analyst.
fn summary(
    by_kind: &BTreeMap<Kind, usize>,
    rejects: &BTreeMap<&'static str, usize>,
    result: &jiuzhu_link::ScreenResult,
    row_problems: &[jiuzhu_link::RowProblem],
    out: &Path,
    masked: bool,
    tables: &str,
) {
    let n_rejects: usize = rejects.values().sum();
    let n_records: usize = by_kind.values().sum();
    let kinds: Vec<String> = by_kind
        .iter()
        .map(|(k, n)| format!("{} {n}", k.label_zh()))
        .collect();
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "文书 documents: {} 读取, {} 条记录 ({}), {} 份未能读取{}",
        n_records + n_rejects,
        n_records,
        kinds.join("、"),
        n_rejects,
        if rejects.is_empty() {
            String::new()
        } else {
            format!(
                " ({})",
                rejects
                    .iter()
                    .map(|(r, n)| format!("{r} {n}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    );
    for m in &result.funnel.models {
        let mut line = format!(
            "{} {}: {} 条{}线索",
            m.model,
            m.name,
            m.clues,
            m.action.label_zh()
        );
        if m.action == Action::SocialAid {
            let count = |loc| {
                result
                    .clues
                    .iter()
                    .filter(|c| c.model == m.model && c.person.locality == loc)
                    .count()
            };
            let (local, non_local) = (count(Locality::Local), count(Locality::NonLocal));
            line.push_str(&format!(" (本地 {local}, 外地 {non_local}"));
            let unknown = m.clues - local - non_local;
            if unknown > 0 {
                line.push_str(&format!(", 户籍不明 {unknown}"));
            }
            line.push(')');
        }
        let _ = writeln!(err, "{line}");
    }
    if !row_problems.is_empty() {
        let _ = writeln!(
            err,
            "名单问题 roster problems: {} (see problems.jsonl)",
            row_problems.len()
        );
        for p in row_problems.iter().take(5) {
            let line = p.to_string();
            let line = if masked {
                jiuzhu_report::mask_ids_in(&line)
            } else {
                line.into()
            };
            let _ = writeln!(err, "  {line}");
        }
    }
    if !result.problems.is_empty() {
        let _ = writeln!(
            err,
            "其他提示 other problems: {} (see problems.jsonl)",
            result.problems.len()
        );
    }
    let _ = writeln!(err, "输出 outputs: {}", out.display());
    let _ = writeln!(
        err,
        "  report.html 报告 · clues.xlsx 核查表 · clues.csv{}",
        if masked {
            " (身份证号已脱敏 IDs masked)"
        } else {
            ""
        }
    );
    let _ = writeln!(err, "  {tables} · funnel.json · problems.jsonl");
}

/// Creates `dir/name` owner-only (the outputs name victims and welfare recipients); failure
/// is an I/O failure of the run (exit 2).
fn create(dir: &Path, name: &str) -> Result<BufWriter<File>, Failure> {
    let path = dir.join(name);
    jiuzhu_report::create_private(&path)
        .with_context(|| format!("cannot create {}", path.display()))
        .map(BufWriter::new)
        .map_err(Failure::Io)
}

/// Creates the output directory (and missing parents) owner-only on Unix: it will hold
/// personal data. An existing directory keeps its permissions (the analyst chose them).
fn create_out_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// A spinner with documents/s and MB/s while extraction runs, on a terminal only (progress
/// in a log file or a pipe is noise).
fn progress_bar(bytes: Arc<AtomicU64>) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let style = ProgressStyle::with_template(
        "{spinner} 已处理 {pos} 份文书 · {docs_per_sec} · {mb_per_sec} · {elapsed}",
    )
    .expect("valid progress template")
    .with_key(
        "docs_per_sec",
        |state: &ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{:.0} 份/秒", state.per_sec());
        },
    )
    .with_key(
        "mb_per_sec",
        move |state: &ProgressState, w: &mut dyn std::fmt::Write| {
            let mb = bytes.load(Ordering::Relaxed) as f64 / 1e6;
            let secs = state.elapsed().as_secs_f64().max(1e-3);
            let _ = write!(w, "{mb:.1} MB, {:.1} MB/s", mb / secs);
        },
    );
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(style);
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}
