//! jiuzhu-dict (being written).
