//! Generates a corpus and prints its summary and throughput:
//! `cargo run -p jiuzhu-synth --release --example synth -- --docs 100000 --seed 1 --out DIR`.

use std::path::PathBuf;
use std::time::Instant;

use jiuzhu_synth::{SynthConfig, generate};

fn main() {
    let mut config = SynthConfig::default();
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let value = args.next().unwrap_or_else(|| panic!("{a} needs a value"));
        match a.as_str() {
            "--docs" => config.docs = value.parse().expect("--docs takes a number"),
            "--seed" => config.seed = value.parse().expect("--seed takes a number"),
            "--out" => out = Some(PathBuf::from(value)),
            other => panic!("unknown option {other}; use --docs N --seed S --out DIR"),
        }
    }
    let out = out.expect("--out DIR is required");
    let start = Instant::now();
    let summary = generate(&config, &out).unwrap_or_else(|e| panic!("{e}"));
    let secs = start.elapsed().as_secs_f64();
    println!("{}", serde_json::to_string_pretty(&summary).unwrap());
    eprintln!(
        "{} documents, {:.1} MB of text in {:.2} s: {:.0} docs/s, {:.1} MB/s",
        summary.docs,
        summary.bytes as f64 / 1e6,
        secs,
        summary.docs as f64 / secs,
        summary.bytes as f64 / 1e6 / secs
    );
}
