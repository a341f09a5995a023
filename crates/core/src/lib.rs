//! Shared vocabulary of jiuzhu (救助): the types every other crate speaks.
//!
//! - [`Document`] and [`Reject`]: what ingest produces, one or the other per input document.
//! - [`DocRecord`], [`Person`], [`Evidence`]: what extraction produces (DESIGN.md §4).
//! - [`Clue`] and [`Funnel`]: what screening produces.

pub mod clue;
pub mod date;
pub mod document;
pub mod record;

pub use clue::{
    Action, Clue, ClueEvidence, ClueLink, CluePerson, ClueSource, Flag, Funnel, FunnelStep,
    LinkLevel, Locality, ModelFunnel, RosterHit,
};
pub use date::{Date, DateError};
pub use document::{Document, Format, Hints, Reject, RejectReason, SectionHint};
pub use record::{
    Amounts, Compensation, CompensationStatus, DocRecord, Enforcement, Evidence, Gender, Injury,
    Kind, Outcome, Person, Role,
};
