//! The persons reader's word lists (`parties.toml`), read through the dictionaries: what
//! ends a name, party-field labels, harm words and their openers, the civil claim, the
//! enforcement application. Punctuation and digits are structure and stay in code.

use jiuzhu_dict::{PartyEntry, PartyField, PartySection};

use crate::doc::Doc;

pub(super) use jiuzhu_dict::PartySection as List;

/// Whether the one-character phrase `c` is in `list`.
pub(super) fn has_char(d: &Doc, list: PartySection, c: char) -> bool {
    let mut b = [0u8; 4];
    d.dicts
        .parties(list)
        .lookup(c.encode_utf8(&mut b))
        .is_some()
}

/// Whether `s` contains a one-character phrase of `list`.
pub(super) fn contains_char(d: &Doc, list: PartySection, s: &str) -> bool {
    s.chars().any(|c| has_char(d, list, c))
}

/// Whether `s` is exactly a phrase of `list`.
pub(super) fn is(d: &Doc, list: PartySection, s: &str) -> bool {
    d.dicts.parties(list).lookup(s).is_some()
}

/// Every phrase of `list`, in file order.
pub(super) fn phrases<'d>(d: &Doc<'d>, list: PartySection) -> impl Iterator<Item = &'d str> {
    d.dicts
        .parties(list)
        .entries()
        .flat_map(|e| e.head.phrases())
}

/// Every phrase of the `[[field]]` entries saying `field`.
pub(super) fn field_phrases<'d>(d: &Doc<'d>, field: PartyField) -> impl Iterator<Item = &'d str> {
    d.dicts
        .parties(PartySection::Field)
        .entries()
        .filter(move |e| e.field == Some(field))
        .flat_map(|e| e.head.phrases())
}

/// The longest phrase of `list` that `s` starts with, and its entry.
pub(super) fn prefix<'d>(
    d: &Doc<'d>,
    list: PartySection,
    s: &str,
) -> Option<(&'d PartyEntry, &'d str)> {
    d.dicts.parties(list).longest_prefix(s)
}

/// The longest phrase of `list` that `s` ends with.
pub(super) fn suffix<'d>(d: &Doc<'d>, list: PartySection, s: &str) -> Option<&'d str> {
    phrases(d, list)
        .filter(|p| s.ends_with(p))
        .max_by_key(|p| p.len())
}
