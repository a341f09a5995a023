//! Integration tests of jiuzhu-text over the real documents in `corpora/real`.
mod common;
mod measure;
mod properties;
mod props;
mod real_corpus;
