//! `jiuzhu extract INPUT… [--out DIR]`: one record per document.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Args as ClapArgs;

use super::{ExtractOpts, ReadOpts, ingest_failure, inputs};
use crate::Failure;

#[derive(ClapArgs)]
pub(crate) struct Args {
    /// Files, directories (recursive) and archives (.zip, .tar, .tar.gz, .gz); - reads
    /// standard input.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
    /// Write records.jsonl and rejects.jsonl into this directory (created if missing);
    /// without it records go to standard output and rejects to standard error.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    #[command(flatten)]
    read: ReadOpts,
    #[command(flatten)]
    extract: ExtractOpts,
}

pub(crate) fn run(args: Args) -> Result<(), Failure> {
    let extractor = args.extract.extractor()?;
    let items = args
        .read
        .ingest()
        .items(inputs(&args.inputs))
        .map_err(ingest_failure)?;
    let bytes = items.bytes_read();
    let started = Instant::now();

    let (mut records, mut rejects): (Box<dyn Write>, Option<Box<dyn Write>>) = match &args.out {
        Some(dir) => {
            create_out_dir(dir)
                .with_context(|| format!("cannot create output directory {}", dir.display()))
                .map_err(Failure::Io)?;
            let open = |name: &str| -> Result<Box<dyn Write>, Failure> {
                let path = dir.join(name);
                let f = create_output(&path)
                    .with_context(|| format!("cannot create {}", path.display()))
                    .map_err(Failure::Io)?;
                Ok(Box::new(BufWriter::new(f)))
            };
            (open("records.jsonl")?, Some(open("rejects.jsonl")?))
        }
        None => (Box::new(BufWriter::new(io::stdout().lock())), None),
    };

    // Which file a write failure hit, for the message.
    let (records_name, rejects_name) = match &args.out {
        Some(dir) => (
            dir.join("records.jsonl").display().to_string(),
            dir.join("rejects.jsonl").display().to_string(),
        ),
        None => ("standard output".to_string(), "standard error".to_string()),
    };
    let mut n_records = 0usize;
    let mut by_reason: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut failed: Option<anyhow::Error> = None;
    extractor.run(items, |result| {
        if failed.is_some() {
            return;
        }
        let written: Result<()> = (|| {
            match result {
                Ok(rec) => {
                    (|| -> Result<()> {
                        serde_json::to_writer(&mut records, &rec)?;
                        records.write_all(b"\n")?;
                        Ok(())
                    })()
                    .with_context(|| format!("writing {records_name} failed"))?;
                    n_records += 1;
                }
                Err(r) => {
                    *by_reason.entry(r.reason.as_str()).or_default() += 1;
                    match rejects.as_mut() {
                        Some(w) => (|| -> Result<()> {
                            serde_json::to_writer(&mut *w, &r)?;
                            w.write_all(b"\n")?;
                            Ok(())
                        })()
                        .with_context(|| format!("writing {rejects_name} failed"))?,
                        None => eprintln!(
                            "rejected {}: {} ({})",
                            r.source,
                            r.reason.as_str(),
                            r.detail
                        ),
                    }
                }
            }
            Ok(())
        })();
        if let Err(e) = written {
            failed = Some(e);
        }
    });
    let flushed: Result<()> = (|| {
        records
            .flush()
            .with_context(|| format!("writing {records_name} failed"))?;
        if let Some(w) = rejects.as_mut() {
            w.flush()
                .with_context(|| format!("writing {rejects_name} failed"))?;
        }
        Ok(())
    })();
    if let Some(e) = failed.or(flushed.err())
        && !is_broken_pipe(&e)
    {
        return Err(Failure::Io(e));
    }

    let n_rejects: usize = by_reason.values().sum();
    let reasons: Vec<String> = by_reason.iter().map(|(r, n)| format!("{r} {n}")).collect();
    let secs = started.elapsed().as_secs_f64();
    let mb = bytes.load(Ordering::Relaxed) as f64 / 1e6;
    eprintln!(
        "extract: {} documents: {n_records} records, {n_rejects} rejects{}; {mb:.1} MB in {secs:.2} s ({:.1} MB/s)",
        n_records + n_rejects,
        if reasons.is_empty() {
            String::new()
        } else {
            format!(" ({})", reasons.join(", "))
        },
        mb / secs.max(1e-9),
    );
    Ok(())
}

/// Creates the output directory and missing parents owner-only (0700) on Unix: records name
/// victims and carry their ID numbers. An existing directory keeps the permissions the
/// analyst gave it.
fn create_out_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Opens an output file owner-only (0600, narrowed if an earlier run left it wider). A
/// device or pipe given as the output (`records.jsonl` linked to `/dev/null`) is written as
/// it is: its permissions belong to the system, not to this run.
fn create_output(path: &Path) -> io::Result<File> {
    match fs::metadata(path) {
        Ok(m) if !m.is_file() && !m.is_dir() => fs::OpenOptions::new().write(true).open(path),
        _ => jiuzhu_report::create_private(path),
    }
}

/// A closed pipe (`jiuzhu extract … | head`) is the reader's choice, not a failure.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    let kind = e
        .downcast_ref::<io::Error>()
        .map(io::Error::kind)
        .or_else(|| {
            e.downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
        });
    kind == Some(io::ErrorKind::BrokenPipe)
}
