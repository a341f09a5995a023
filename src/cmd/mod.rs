//! One module per subcommand, plus the options and helpers they share.

pub(crate) mod dict;
pub(crate) mod eval;
pub(crate) mod extract;
pub(crate) mod inspect;
pub(crate) mod scale;
pub(crate) mod screen;
pub(crate) mod stream;
pub(crate) mod synth;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

use clap::Args;
use jiuzhu_dict::Dictionaries;
use jiuzhu_extract::Extractor;
use jiuzhu_ingest::{Ingest, Input};

use crate::Failure;

/// How documents are read: shared by every command that takes INPUT.
#[derive(Args, Clone)]
pub(crate) struct ReadOpts {
    /// Text field of JSON records and CSV columns; repeat for a preference order
    /// (default: 全文, 正文, qw, qwContent, Html, fd, text, content, query).
    #[arg(long = "text-field", value_name = "NAME")]
    pub text_fields: Vec<String>,
    /// Largest document, CSV row or JSON record, in MiB.
    #[arg(long, default_value_t = 64, value_name = "MB")]
    pub max_doc_mb: u64,
    /// Largest decompressed archive member, in MiB.
    #[arg(long, default_value_t = 16 * 1024, value_name = "MB")]
    pub max_member_mb: u64,
    /// Largest compression ratio of an archive member (bomb guard).
    #[arg(long, default_value_t = 200, value_name = "N")]
    pub max_ratio: u64,
}

impl ReadOpts {
    pub fn ingest(&self) -> Ingest {
        let mut builder = Ingest::builder()
            .max_document_bytes(self.max_doc_mb.saturating_mul(1 << 20))
            .max_member_bytes(self.max_member_mb.saturating_mul(1 << 20))
            .max_compression_ratio(self.max_ratio);
        if !self.text_fields.is_empty() {
            builder = builder.text_fields(self.text_fields.clone());
        }
        builder.build()
    }
}

/// How documents are read into records: the dictionaries.
#[derive(Args, Clone)]
pub(crate) struct ExtractOpts {
    /// A directory of dictionary files (charges.toml, compensation.toml …) replacing the
    /// embedded ones of the same name.
    #[arg(long = "dict", value_name = "DIR")]
    pub dict: Option<PathBuf>,
    /// Worker threads for extraction (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

impl ExtractOpts {
    /// The extractor, with `--dict` applied; a bad dictionary is a usage error naming the
    /// file and line.
    pub fn extractor(&self) -> Result<Extractor, Failure> {
        if let Some(n) = self.threads {
            // The global pool can be built once; a second call (tests) keeps the first.
            let _ = rayon::ThreadPoolBuilder::new()
                .num_threads(n.max(1))
                .build_global();
        }
        let dicts = match &self.dict {
            Some(dir) => Dictionaries::load_dir(dir).map_err(|e| Failure::Usage(e.to_string()))?,
            None => Dictionaries::embedded(),
        };
        Ok(Extractor::with_dictionaries(dicts))
    }
}

/// Parses INPUT arguments (`-` is standard input).
pub(crate) fn inputs(args: &[String]) -> Vec<Input> {
    args.iter().map(|a| Input::parse(a)).collect()
}

/// An ingest error at the start of a run: a missing input is the user's to fix (exit 1).
pub(crate) fn ingest_failure(e: jiuzhu_ingest::Error) -> Failure {
    match e {
        jiuzhu_ingest::Error::MissingInput { .. } => Failure::Usage(e.to_string()),
        other => Failure::Io(other.into()),
    }
}

/// Creates `dir/name` for writing (buffered); failure is an I/O failure of the run (exit 2).
pub(crate) fn create(dir: &Path, name: &str) -> Result<BufWriter<File>, Failure> {
    let path = dir.join(name);
    File::create(&path)
        .with_context(|| format!("cannot create {}", path.display()))
        .map(BufWriter::new)
        .map_err(Failure::Io)
}

/// Writes `value` as one JSON line.
pub(crate) fn write_json_line(
    w: &mut impl Write,
    value: &impl serde::Serialize,
) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *w, value)?;
    w.write_all(b"\n")?;
    Ok(())
}

/// Extracts every document of INPUT into memory: the records, and the rejects (ingest's and
/// the extractor's), in input order.
pub(crate) fn extract_all(
    read: &ReadOpts,
    extractor: &Extractor,
    args: &[String],
) -> Result<(Vec<jiuzhu_core::DocRecord>, Vec<jiuzhu_core::Reject>), Failure> {
    let items = read.ingest().items(inputs(args)).map_err(ingest_failure)?;
    let mut records = Vec::new();
    let mut rejects = Vec::new();
    extractor.run(items, |r| match r {
        Ok(rec) => records.push(rec),
        Err(rej) => rejects.push(rej),
    });
    Ok((records, rejects))
}
