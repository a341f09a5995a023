//! Parties and victims (being written).

use jiuzhu_core::Person;

use crate::doc::Doc;

/// Every party and victim of the document, and warnings.
pub(crate) fn read(_d: &Doc) -> (Vec<Person>, Vec<String>) {
    (Vec::new(), Vec::new())
}
