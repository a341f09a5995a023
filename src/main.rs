//! `jiuzhu`: the command-line program. It parses arguments, wires the library crates
//! together and maps errors to exit codes (0 success, 1 usage or configuration error,
//! 2 I/O failure of the run itself); everything else lives in `crates/`.

mod cmd;

/// mimalloc instead of glibc malloc: extraction makes many small short-lived allocations per
/// document, which glibc served at about 12% of the extract profile (BENCHMARKS.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc's `mi_option_t` (15 in both its v2 and v3 headers;
/// the bindings leave experimental options unnamed and say to pass the number).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed memory goes back to the system at once instead of after mimalloc's delay (1 s in
/// v3): a 64 MiB document grown by doubling otherwise keeps every smaller copy resident,
/// and peak memory on hostile input stops being bounded by the document limit
/// (`tests/hostile.rs`, 200 MB single line: 372 MB peak with the delay, 235 MB without).
/// Extraction time is the same either way (BENCHMARKS.md).
fn release_freed_memory_at_once() {
    // SAFETY: a plain option store, made before any other thread exists.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
}

use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    /// Print the kinds of document jiuzhu knows.
    Kinds,
    /// Read documents and write one record per document (records.jsonl) and one reject per
    /// document that could not be read (rejects.jsonl).
    Extract(cmd::extract::Args),
    /// The main job: extract, link with the rosters, apply the models M1–M4 and write the
    /// clues; without INPUT it screens the bundled sample.
    Screen(cmd::screen::Args),
    /// Show one document's record with every rule that fired and its evidence.
    Inspect(cmd::inspect::Args),
    /// Score extraction against gold annotations, per field (and per model with expected
    /// clues).
    Eval(cmd::eval::Args),
    /// Dictionary tools: check, explain, diff.
    Dict(cmd::dict::Args),
    /// Write a synthetic corpus with rosters, gold annotations and expected clues.
    Synth(cmd::synth::Args),
}

/// Why a run failed: the exit code and the message.
pub(crate) enum Failure {
    /// Bad arguments or configuration: exit 1.
    Usage(String),
    /// The run itself could not read or write: exit 2.
    Io(anyhow::Error),
}

fn main() -> ExitCode {
    release_freed_memory_at_once();
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
        Command::Extract(args) => cmd::extract::run(args),
        Command::Screen(args) => cmd::screen::run(args),
        Command::Inspect(args) => cmd::inspect::run(args),
        Command::Eval(args) => cmd::eval::run(args),
        Command::Dict(args) => cmd::dict::run(args),
        Command::Synth(args) => cmd::synth::run(args),
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
