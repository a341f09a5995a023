//! Extraction over a stream of ingested items: in parallel on the rayon pool, in input
//! order, with memory bounded by the batch size.

use jiuzhu_core::{DocRecord, Reject};
use jiuzhu_ingest::Item;
use rayon::prelude::*;

use crate::Extractor;

/// Documents per batch. Large enough to keep every core busy between the batch barriers,
/// small enough that a batch of ordinary judgments stays in the tens of megabytes.
const BATCH_DOCS: usize = 512;
/// Text bytes per batch: a batch closes early when its documents reach this size, so a run
/// of huge documents does not multiply memory by the batch length.
const BATCH_BYTES: usize = 64 << 20;

impl Extractor {
    /// Extracts every document of `items` and hands `sink` one result per item, in the order
    /// of `items`: the record, or the reject (ingest's, or the extractor's own when it failed
    /// on a document). Documents are extracted in parallel, batch by batch.
    pub fn run(
        &self,
        items: impl Iterator<Item = Item>,
        mut sink: impl FnMut(Result<DocRecord, Reject>),
    ) {
        let mut batch: Vec<Item> = Vec::with_capacity(BATCH_DOCS);
        let mut bytes = 0usize;
        let mut flush = |batch: &mut Vec<Item>| {
            let out: Vec<Result<DocRecord, Reject>> = batch
                .par_drain(..)
                .map(|item| match item {
                    Item::Doc(doc) => self.extract_or_reject(&doc),
                    Item::Reject(r) => Err(r),
                })
                .collect();
            out.into_iter().for_each(&mut sink);
        };
        for item in items {
            if let Item::Doc(doc) = &item {
                bytes += doc.text.len();
            }
            batch.push(item);
            if batch.len() >= BATCH_DOCS || bytes >= BATCH_BYTES {
                flush(&mut batch);
                bytes = 0;
            }
        }
        flush(&mut batch);
    }
}
