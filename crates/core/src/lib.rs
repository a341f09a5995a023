//! Shared vocabulary of jiuzhu (救助): the types every other crate speaks.
//!
//! - [`Document`] and [`Reject`]: what ingest produces, one or the other per input document.
//! - [`DocRecord`], [`Person`], [`Evidence`]: what extraction produces (DESIGN.md §4).
//! - [`Clue`] and [`Funnel`]: what screening produces.
//! - [`IdNumber`]: resident ID numbers (GB 11643-1999), checked against the GB/T 2260
//!   division table of every revision since 2002; [`CaseNumber`]: court and procuratorate
//!   case numbers in every bracket and digit spelling; [`normalize_name`] and
//!   [`is_anonymized`] for person names.
//!
//! ```
//! use jiuzhu_core::{CaseNumber, Date, Gender, IdNumber, is_anonymized, normalize_name};
//!
//! // A 15-digit ID number converts to 18 characters and keeps what it encodes.
//! let id = IdNumber::parse_on("330382650512154", Date::new(2026, 1, 1).unwrap()).unwrap();
//! assert_eq!(id.as_str(), "330382196505121540");
//! assert_eq!(id.gender(), Gender::Female);
//! assert_eq!(id.age_on(Date::new(2026, 5, 12).unwrap()), 61);
//! assert_eq!(id.region().county, Some("乐清市"));
//!
//! // Case numbers normalise to ASCII brackets and digits; the key ignores 字第.
//! let judgment: CaseNumber = "（２０２１）浙0382民初1234号".parse().unwrap();
//! assert_eq!(judgment.to_string(), "(2021)浙0382民初1234号");
//! let text = "执行依据：乐清市人民法院(2021)浙0382民初1234号民事判决书";
//! let (_, basis) = &CaseNumber::find_all(text)[0];
//! assert_eq!(basis.key(), judgment.key());
//! let indictment: CaseNumber = "乐检刑诉〔2022〕123号".parse().unwrap();
//! assert_eq!(indictment.to_string(), "乐检刑诉(2022)123号");
//!
//! assert_eq!(normalize_name("阿依古丽・买买提"), "阿依古丽·买买提");
//! assert!(is_anonymized("王某某") && !is_anonymized("陈秀英"));
//! ```

pub mod case;
pub mod clue;
pub mod date;
pub mod document;
pub mod id;
pub mod name;
pub mod record;

pub use case::{CaseCategory, CaseError, CaseNumber};
pub use clue::{
    Action, Clue, ClueEvidence, ClueLink, CluePerson, ClueSource, Flag, Funnel, FunnelStep,
    LinkLevel, Locality, ModelFunnel, RosterHit,
};
pub use date::{Date, DateError};
pub use document::{Document, Format, Hints, Reject, RejectReason, SectionHint};
pub use id::{IdCheck, IdError, IdNumber, Region, RegionLevel};
pub use name::{is_anonymized, normalize_name};
pub use record::{
    Amounts, Compensation, CompensationStatus, DocRecord, Enforcement, Evidence, Gender, Injury,
    Kind, Outcome, Person, Role,
};
