//! `jiuzhu`: the command-line program. It parses arguments, wires the library crates
//! together and maps errors to exit codes (0 success, 1 usage or configuration error,
//! 2 I/O failure of the run itself); everything else lives in `crates/`.

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
    /// Print the record schema version and the kinds of document jiuzhu knows.
    Kinds,
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
    match cli.command {
        Command::Kinds => {
            for k in jiuzhu_core::Kind::ALL {
                println!("{}\t{}", k.as_str(), k.label_zh());
            }
            ExitCode::SUCCESS
        }
    }
}
