//! End-to-end tests of the `jiuzhu` binary (one test binary, as ripgrep does).

mod util;

mod cli;
mod extract;
mod hostile;
mod report;
mod scale;
