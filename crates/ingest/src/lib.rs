//! jiuzhu-ingest (being written).
