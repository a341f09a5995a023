//! Prints every item of the given inputs as one JSON object a line (documents with their
//! text), or with `--count` only a summary: a debugging and measuring aid.
//!
//! `cargo run --release -p jiuzhu-ingest --example ingest_dump -- [--count] INPUT…`

use std::io::{BufWriter, Write};
use std::time::Instant;

use jiuzhu_ingest::{Ingest, Input, Item};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let count_only = args.first().is_some_and(|a| a == "--count");
    if count_only {
        args.remove(0);
    }
    let inputs: Vec<Input> = args.iter().map(|a| Input::parse(a)).collect();
    let started = Instant::now();
    let items = match Ingest::new().items(inputs) {
        Ok(items) => items,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let bytes = items.bytes_read();
    let (mut docs, mut rejects, mut text_bytes) = (0u64, 0u64, 0u64);
    let mut out = BufWriter::new(std::io::stdout().lock());
    for item in items {
        match &item {
            Item::Doc(d) => {
                docs += 1;
                text_bytes += d.text.len() as u64;
                if !count_only {
                    serde_json::to_writer(&mut out, d).expect("stdout");
                }
            }
            Item::Reject(r) => {
                rejects += 1;
                if !count_only {
                    serde_json::to_writer(&mut out, r).expect("stdout");
                }
            }
        }
        if !count_only {
            out.write_all(b"\n").expect("stdout");
        }
    }
    out.flush().expect("stdout");
    let secs = started.elapsed().as_secs_f64();
    let mb = bytes.load(std::sync::atomic::Ordering::Relaxed) as f64 / 1e6;
    eprintln!(
        "{docs} documents, {rejects} rejects, {:.1} MB text from {mb:.1} MB in {secs:.2} s ({:.1} MB/s)",
        text_bytes as f64 / 1e6,
        mb / secs.max(1e-9)
    );
}
