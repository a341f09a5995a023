//! `jiuzhu extract INPUT… [--out DIR] [--format jsonl|parquet] [--shard I/N]`: one record per
//! document; `--stream` is the filter mode for pipes (stream.rs), `--documents` writes the
//! decoded documents that `--stream` reads (docs/scale.md).

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Args as ClapArgs;

use jiuzhu_core::{DocRecord, Reject};

use super::scale::{OutFormat, Shard, TableOut};
use super::{ExtractOpts, ReadOpts, ingest_failure, inputs, stream};
use crate::Failure;

#[derive(ClapArgs)]
pub(crate) struct Args {
    /// Files, directories (recursive) and archives (.zip, .tar, .tar.gz, .gz); - reads
    /// standard input.
    #[arg(value_name = "INPUT", required_unless_present = "stream")]
    inputs: Vec<String>,
    /// Write records.jsonl and rejects.jsonl (or .parquet) into this directory (created if
    /// missing); without it records go to standard output and rejects to standard error.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Filter mode for pipes (Spark RDD.pipe, Hadoop Streaming): documents as JSON lines on
    /// standard input ({"source": …, "text": …}), one {"record": …} or {"reject": …} line
    /// per document on standard output, in order, flushed batch by batch (docs/scale.md).
    #[arg(long, conflicts_with_all = ["inputs", "out", "documents"])]
    stream: bool,
    /// Write the decoded documents of INPUT as JSON lines (the input of --stream) instead
    /// of records: reading only, no extraction.
    #[arg(long)]
    documents: bool,
    /// Process only the documents of shard I of N (0 <= I < N), chosen by a hash of each
    /// document's source: N machines given the same INPUT split it with no overlap.
    #[arg(long, value_name = "I/N")]
    shard: Option<Shard>,
    /// Format of records.* and rejects.* with --out (parquet needs a build with
    /// `--features parquet`).
    #[arg(long, value_enum, default_value_t = OutFormat::Jsonl)]
    format: OutFormat,
    #[command(flatten)]
    read: ReadOpts,
    #[command(flatten)]
    extract: ExtractOpts,
}

pub(crate) fn run(args: Args) -> Result<(), Failure> {
    args.format.check()?;
    if args.format == OutFormat::Parquet && (args.stream || args.documents || args.out.is_none()) {
        return Err(Failure::Usage(
            "--format parquet writes records.parquet and rejects.parquet into --out DIR; --stream and --documents write JSON lines".into(),
        ));
    }
    if args.stream {
        let extractor = args.extract.extractor()?;
        return stream::run(
            &extractor,
            args.read.ingest(),
            args.read.max_doc_mb.saturating_mul(1 << 20),
            args.shard,
        );
    }
    if args.documents {
        return documents(&args);
    }
    let extractor = args.extract.extractor()?;
    let items = args
        .read
        .ingest()
        .items(inputs(&args.inputs))
        .map_err(ingest_failure)?;
    let bytes = items.bytes_read();
    let shard = args.shard;
    let items = items.filter(move |item| shard.is_none_or(|s| s.keeps(item.source())));
    let started = Instant::now();

    let (mut records, mut rejects): (TableOut<DocRecord>, Option<TableOut<Reject>>) =
        match &args.out {
            Some(dir) => {
                let ext = args.format.ext();
                (
                    TableOut::new(
                        args.format,
                        open_output(dir, &format!("records.{ext}"))?,
                        dir.join(format!("records.{ext}")).display().to_string(),
                    )?,
                    Some(TableOut::new(
                        args.format,
                        open_output(dir, &format!("rejects.{ext}"))?,
                        dir.join(format!("rejects.{ext}")).display().to_string(),
                    )?),
                )
            }
            None => (
                TableOut::new(
                    OutFormat::Jsonl,
                    Box::new(io::stdout()),
                    "standard output".into(),
                )?,
                None,
            ),
        };

    let mut n_records = 0usize;
    let mut by_reason: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut failed: Option<anyhow::Error> = None;
    extractor.run(items, |result| {
        if failed.is_some() {
            return;
        }
        let written: Result<()> = match result {
            Ok(rec) => records.write(&rec).map(|()| n_records += 1),
            Err(r) => {
                *by_reason.entry(r.reason.as_str()).or_default() += 1;
                match rejects.as_mut() {
                    Some(w) => w.write(&r),
                    None => {
                        eprintln!(
                            "rejected {}: {} ({})",
                            r.source,
                            r.reason.as_str(),
                            r.detail
                        );
                        Ok(())
                    }
                }
            }
        };
        if let Err(e) = written {
            failed = Some(e);
        }
    });
    let flushed: Result<()> = records
        .finish()
        .and_then(|()| rejects.map_or(Ok(()), TableOut::finish));
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
        "extract{}: {} documents: {n_records} records, {n_rejects} rejects{}; {mb:.1} MB in {secs:.2} s ({:.1} MB/s)",
        shard_note(args.shard),
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

/// `--documents`: the decoded documents (and ingest's rejects) of INPUT as `--stream` input
/// lines, to standard output or `DIR/documents.jsonl`.
fn documents(args: &Args) -> Result<(), Failure> {
    let items = args
        .read
        .ingest()
        .items(inputs(&args.inputs))
        .map_err(ingest_failure)?;
    let (out, name): (Box<dyn Write>, String) = match &args.out {
        Some(dir) => (
            open_output(dir, "documents.jsonl")?,
            dir.join("documents.jsonl").display().to_string(),
        ),
        None => (Box::new(io::stdout().lock()), "standard output".into()),
    };
    let mut out = BufWriter::new(out);
    let (mut docs, mut rejects) = (0usize, 0usize);
    let written: io::Result<()> = (|| {
        for item in items {
            if args.shard.is_some_and(|s| !s.keeps(item.source())) {
                continue;
            }
            match &item {
                jiuzhu_ingest::Item::Doc(_) => docs += 1,
                jiuzhu_ingest::Item::Reject(_) => rejects += 1,
            }
            stream::write_document_line(&mut out, &item)?;
        }
        out.flush()
    })();
    match written {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::Io(
            anyhow::Error::new(e).context(format!("writing {name} failed")),
        )),
        Ok(()) => {
            eprintln!(
                "extract --documents{}: {docs} documents, {rejects} rejects",
                shard_note(args.shard)
            );
            Ok(())
        }
    }
}

fn shard_note(shard: Option<Shard>) -> String {
    shard.map(|s| format!(" --shard {s}")).unwrap_or_default()
}

/// Creates `dir` (owner-only when new) and opens `dir/name` for writing (owner-only).
fn open_output(dir: &Path, name: &str) -> Result<Box<dyn Write + Send>, Failure> {
    create_out_dir(dir)
        .with_context(|| format!("cannot create output directory {}", dir.display()))
        .map_err(Failure::Io)?;
    let path = dir.join(name);
    let f = create_output(&path)
        .with_context(|| format!("cannot create {}", path.display()))
        .map_err(Failure::Io)?;
    Ok(Box::new(f))
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
