//! Development tool: `cargo run -p jiuzhu-extract --example records -- INPUT… > records.jsonl`
//! reads inputs with jiuzhu-ingest and prints one record per document (rejects to stderr),
//! for comparing the extractor with gold annotations by hand or by script.

use std::io::Write;

use jiuzhu_extract::Extractor;
use jiuzhu_ingest::{Ingest, Input, Item};

fn main() {
    let inputs: Vec<Input> = std::env::args().skip(1).map(|a| Input::parse(&a)).collect();
    let extractor = Extractor::embedded();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let result = Ingest::new().for_each(&inputs, |item| match item {
        Item::Doc(doc) => {
            let rec = extractor.extract(&doc);
            let line = serde_json::to_string(&rec).expect("records serialise");
            writeln!(out, "{line}").expect("write stdout");
        }
        Item::Reject(r) => eprintln!("reject {}: {:?} {}", r.source, r.reason, r.detail),
    });
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}
