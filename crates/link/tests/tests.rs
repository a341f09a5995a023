//! Integration tests of jiuzhu-link, one binary (STYLE.md 13): config and models files,
//! rosters, each linkage rule, and the models over a hand-built corpus.

mod config;
mod gold;
mod hostile;
mod linkage;
mod models;
mod rosters;
mod scale;
mod util;
