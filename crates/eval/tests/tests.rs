//! The scorer's own tests: crafted mistakes with known effects, and the real gold files.

mod corpus;
mod scoring;
