//! The throughput floor of BENCHMARKS.md: read and decode every document (jiuzhu-ingest),
//! then one Aho-Corasick pass over all dictionary phrases (`Dictionaries::scan`), nothing
//! else. Extraction is measured against this: it cannot be faster than reading the bytes and
//! looking at each of them once.
//!
//! `cargo run --release --example floor -- INPUT… [--threads N]`

use std::sync::atomic::Ordering;
use std::time::Instant;

use jiuzhu_dict::Dictionaries;
use jiuzhu_ingest::{Ingest, Input, Item};
use rayon::prelude::*;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    // `--no-scan`: reading and decoding alone, to see what the scan adds.
    let scan_on = !args.iter().any(|a| a == "--no-scan");
    args.retain(|a| a != "--no-scan");
    if let Some(i) = args.iter().position(|a| a == "--threads") {
        let n: usize = args
            .get(i + 1)
            .and_then(|n| n.parse().ok())
            .expect("--threads N");
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .expect("one pool");
        args.drain(i..i + 2);
    }
    let inputs: Vec<Input> = args.iter().map(|a| Input::parse(a)).collect();
    let dicts = Dictionaries::embedded();
    let started = Instant::now();
    let items = Ingest::new().items(inputs).expect("inputs exist");
    let bytes = items.bytes_read();
    let mut docs = 0usize;
    let mut hits = 0usize;
    let mut batch = Vec::with_capacity(512);
    let mut flush = |batch: &mut Vec<String>| {
        hits += batch
            .par_drain(..)
            .map(|text| {
                if !scan_on {
                    return text.len().min(1);
                }
                let scan = dicts.scan(&text);
                dicts.roles().hits(&scan).count() + dicts.compensation().hits(&scan).count()
            })
            .sum::<usize>();
    };
    for item in items {
        if let Item::Doc(d) = item {
            docs += 1;
            batch.push(d.text);
            if batch.len() == 512 {
                flush(&mut batch);
            }
        }
    }
    flush(&mut batch);
    let secs = started.elapsed().as_secs_f64();
    let mb = bytes.load(Ordering::Relaxed) as f64 / 1e6;
    println!(
        "floor: {docs} documents, {mb:.1} MB in {secs:.2} s ({:.1} MB/s), {hits} role and compensation hits",
        mb / secs
    );
}
