//! jiuzhu-text (being written).
