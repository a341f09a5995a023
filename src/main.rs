//! `jiuzhu`: the command-line program. It parses arguments, wires the library crates
//! together and maps errors to exit codes (0 success, 1 usage or configuration error,
//! 2 I/O failure of the run itself); everything else lives in `crates/`.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use jiuzhu_core::{DocRecord, Document};
use jiuzhu_ingest::{Ingest, Input, Item};

#[derive(Parser)]
#[command(
    name = "jiuzhu",
    version,
    about = "Screen court and procuratorate documents for judicial-aid (司法救助) clues"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the record schema version and the kinds of document jiuzhu knows.
    Kinds,
    /// Read documents and write one record per document (records.jsonl) and one reject per
    /// document that could not be read (rejects.jsonl).
    Extract(ExtractArgs),
}

#[derive(Args)]
struct ExtractArgs {
    /// Files, directories (recursive) and archives (.zip, .tar, .tar.gz, .gz); - reads
    /// standard input.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
    /// Write records.jsonl and rejects.jsonl into this directory (created if missing);
    /// without it records go to standard output and rejects to standard error.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Text field of JSON records and CSV columns; repeat for a preference order
    /// (default: 全文, 正文, qw, qwContent, Html, fd, text, content, query).
    #[arg(long = "text-field", value_name = "NAME")]
    text_fields: Vec<String>,
    /// Largest document, CSV row or JSON record, in MiB.
    #[arg(long, default_value_t = 64, value_name = "MB")]
    max_doc_mb: u64,
    /// Largest decompressed archive member, in MiB.
    #[arg(long, default_value_t = 16 * 1024, value_name = "MB")]
    max_member_mb: u64,
    /// Largest compression ratio of an archive member (bomb guard).
    #[arg(long, default_value_t = 200, value_name = "N")]
    max_ratio: u64,
}

/// Why a run failed: the exit code and the message.
enum Failure {
    Usage(String),
    Io(anyhow::Error),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let result = match cli.command {
        Command::Kinds => {
            for k in jiuzhu_core::Kind::ALL {
                println!("{}\t{}", k.as_str(), k.label_zh());
            }
            Ok(())
        }
        Command::Extract(args) => extract(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(msg)) => {
            eprintln!("jiuzhu: {msg}");
            ExitCode::from(1)
        }
        Err(Failure::Io(e)) => {
            eprintln!("jiuzhu: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// The record of a document. For now only what ingest knows; extraction replaces this.
fn record(doc: Document) -> DocRecord {
    let mut r = DocRecord::empty(doc.source, doc.format, doc.encoding);
    r.hints = doc.hints;
    r
}

fn extract(args: ExtractArgs) -> Result<(), Failure> {
    let mut builder = Ingest::builder()
        .max_document_bytes(args.max_doc_mb.saturating_mul(1 << 20))
        .max_member_bytes(args.max_member_mb.saturating_mul(1 << 20))
        .max_compression_ratio(args.max_ratio);
    if !args.text_fields.is_empty() {
        builder = builder.text_fields(args.text_fields.clone());
    }
    let inputs: Vec<Input> = args.inputs.iter().map(|a| Input::parse(a)).collect();
    let items = builder.build().items(inputs).map_err(|e| match e {
        jiuzhu_ingest::Error::MissingInput { .. } => Failure::Usage(e.to_string()),
        other => Failure::Io(other.into()),
    })?;
    let bytes = items.bytes_read();
    let started = Instant::now();

    let (mut records, mut rejects): (Box<dyn Write>, Option<Box<dyn Write>>) = match &args.out {
        Some(dir) => {
            let open = |name: &str| -> Result<Box<dyn Write>> {
                let path = dir.join(name);
                let f = File::create(&path)
                    .with_context(|| format!("cannot create {}", path.display()))?;
                Ok(Box::new(BufWriter::new(f)))
            };
            fs::create_dir_all(dir)
                .with_context(|| format!("cannot create output directory {}", dir.display()))
                .map_err(Failure::Io)?;
            (
                open("records.jsonl").map_err(Failure::Io)?,
                Some(open("rejects.jsonl").map_err(Failure::Io)?),
            )
        }
        None => (Box::new(BufWriter::new(io::stdout().lock())), None),
    };

    let mut n_records = 0usize;
    let mut by_reason: BTreeMap<&'static str, usize> = BTreeMap::new();
    let written: Result<()> = (|| {
        for item in items {
            match item {
                Item::Doc(doc) => {
                    serde_json::to_writer(&mut records, &record(doc))?;
                    records.write_all(b"\n")?;
                    n_records += 1;
                }
                Item::Reject(r) => {
                    *by_reason.entry(r.reason.as_str()).or_default() += 1;
                    match rejects.as_mut() {
                        Some(w) => {
                            serde_json::to_writer(&mut *w, &r)?;
                            w.write_all(b"\n")?;
                        }
                        None => eprintln!(
                            "rejected {}: {} ({})",
                            r.source,
                            r.reason.as_str(),
                            r.detail
                        ),
                    }
                }
            }
        }
        records.flush()?;
        if let Some(w) = rejects.as_mut() {
            w.flush()?;
        }
        Ok(())
    })();
    if let Err(e) = written {
        // A closed pipe (`jiuzhu extract … | head`) is the reader's choice, not a failure.
        let kind = e
            .downcast_ref::<io::Error>()
            .map(io::Error::kind)
            .or_else(|| {
                e.downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            });
        let closed = kind == Some(io::ErrorKind::BrokenPipe);
        if !closed {
            return Err(Failure::Io(e.context("writing the output failed")));
        }
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
