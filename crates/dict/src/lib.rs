//! jiuzhu's keyword dictionaries as data: charges, civil causes, roles, compensation phrases,
//! negation cues, context cues, enforcement outcomes, injuries, document kinds, organisation
//! suffixes, kinship words, money cues and the persons reader's word lists.
//!
//! Each family is one TOML file in `dictionaries/` (the file headers explain their fields and
//! how a reader uses them). The files are embedded as defaults ([`Dictionaries::embedded`]);
//! a directory given with `--dict DIR` replaces any of them by name
//! ([`Dictionaries::load_dir`]). Loading validates every file and reports *every* problem with
//! file and line ([`DictError`]).
//!
//! Each family compiles into one Aho-Corasick automaton with leftmost-longest semantics
//! ([`MATCH_KIND`]): 附带民事诉讼原告人 beats 原告, 被执行人 beats 执行人, and a pseudo-negation
//! such as 未成年 swallows the 未 inside it. Where two readings must overlap, they are separate
//! automata: compensation triggers, degree words and negation cues are matched independently
//! over the same text. Every match maps back to its entry, whose [`Entry::rule`] (`family:id`)
//! is what extraction cites as evidence.
//!
//! [`Dictionaries`] is built once, is `Send + Sync`, and clones cheaply (an `Arc` inside), so
//! rayon workers share one set of automata.
//!
//! # Example
//!
//! Reading compensation language the ConText way: a phrase's label, flipped when a negation
//! cue scopes over it.
//!
//! ```
//! use jiuzhu_core::Role;
//! use jiuzhu_dict::{CompLabel, Dictionaries, RoleTarget};
//!
//! let dicts = Dictionaries::embedded();
//!
//! let text = "被告人未赔偿被害人经济损失，亦未取得谅解。";
//! let scan = dicts.negation_scan(text);
//! let read: Vec<(String, CompLabel)> = dicts
//!     .compensation()
//!     .find_iter(text)
//!     .map(|hit| {
//!         let negated = scan.cue_for(hit.span()).is_some();
//!         (hit.rule(), hit.entry.label_when(negated))
//!     })
//!     .collect();
//! assert_eq!(
//!     read,
//!     [
//!         ("comp:赔偿".to_string(), CompLabel::Unsettled),
//!         ("comp:取得谅解".to_string(), CompLabel::Unsettled),
//!     ]
//! );
//!
//! // Leftmost-longest: the incidental plaintiff is not a civil plaintiff.
//! let hit = dicts.roles().find("附带民事诉讼原告人王某某").unwrap();
//! assert_eq!(hit.entry.role, RoleTarget::Party(Role::IncidentalPlaintiff));
//!
//! // Aliases resolve to the canonical charge.
//! assert_eq!(dicts.charges().lookup("故意伤害").unwrap().head.phrase, "故意伤害罪");
//! ```

#![deny(missing_docs)]

mod entry;
mod error;
mod family;
mod matcher;
mod parse;
mod scope;

use std::path::Path;
use std::sync::{Arc, OnceLock};

pub use entry::{
    AmountEntry, CauseEntry, ChargeEntry, CompEntry, ContextEntry, DegreeEntry, Entry, EntryInfo,
    Head, InjuryEntry, KindEntry, NegEntry, NegationSettings, OrgEntry, OutcomeEntry, PartyEntry,
    RelationEntry, RoleEntry,
};
pub use error::{DictError, Problem};
pub use family::{
    AmountField, CauseCategory, CompLabel, ContextKind, Degree, Family, KindSource, NegKind,
    OrgPosition, PartyField, PartySection, RelationKind, RoleTarget, Scope, Strength, Topic,
};
pub use matcher::{Hit, Hits, MATCH_KIND, Matcher, Scan};
pub use scope::{NegationScan, gap_words};

use matcher::{Combined, Compiled};
use parse::{FileData, parse_file};

/// The embedded default text of each family's file.
pub fn embedded_source(family: Family) -> &'static str {
    match family {
        Family::Charge => include_str!("../../../dictionaries/charges.toml"),
        Family::Cause => include_str!("../../../dictionaries/civil_causes.toml"),
        Family::Role => include_str!("../../../dictionaries/roles.toml"),
        Family::Compensation => include_str!("../../../dictionaries/compensation.toml"),
        Family::Negation => include_str!("../../../dictionaries/negation.toml"),
        Family::Context => include_str!("../../../dictionaries/context.toml"),
        Family::Outcome => include_str!("../../../dictionaries/outcomes.toml"),
        Family::Injury => include_str!("../../../dictionaries/injury.toml"),
        Family::Kind => include_str!("../../../dictionaries/kinds.toml"),
        Family::Org => include_str!("../../../dictionaries/orgs.toml"),
        Family::Relation => include_str!("../../../dictionaries/relations.toml"),
        Family::Amount => include_str!("../../../dictionaries/amounts.toml"),
        Family::Party => include_str!("../../../dictionaries/parties.toml"),
    }
}

/// Where one family's file came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The family.
    pub family: Family,
    /// How errors and listings name it: the bare file name when embedded, else the path.
    pub name: String,
    /// Whether it is the embedded default.
    pub embedded: bool,
}

/// The loaded, validated and compiled dictionaries. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Dictionaries {
    inner: Arc<Inner>,
}

impl Inner {
    /// Every automaton, in a fixed order (their slots in a [`Scan`]).
    fn automata_mut(&mut self) -> Vec<&mut Compiled> {
        let mut v = vec![
            &mut self.charges,
            &mut self.causes,
            &mut self.roles,
            &mut self.comp,
            &mut self.degrees,
            &mut self.negation,
            &mut self.context,
            &mut self.outcomes,
            &mut self.injuries,
            &mut self.titles,
            &mut self.codes,
            &mut self.orgs,
            &mut self.relations,
            &mut self.amounts,
        ];
        v.extend(self.parties.iter_mut());
        v
    }
}

#[derive(Debug)]
struct Inner {
    data: FileData,
    negation_settings: NegationSettings,
    sources: Vec<SourceFile>,
    fingerprint: String,
    charges: Compiled,
    causes: Compiled,
    roles: Compiled,
    comp: Compiled,
    degrees: Compiled,
    negation: Compiled,
    context: Compiled,
    outcomes: Compiled,
    injuries: Compiled,
    titles: Compiled,
    codes: Compiled,
    orgs: Compiled,
    relations: Compiled,
    amounts: Compiled,
    /// One automaton per list of parties.toml, in PartySection order.
    parties: Vec<Compiled>,
    /// All of the above in one automaton, for [`Dictionaries::scan`].
    combined: Combined,
}

impl Dictionaries {
    /// The embedded defaults, parsed and compiled once per process.
    ///
    /// # Panics
    ///
    /// If an embedded file is invalid, which the crate's tests rule out.
    pub fn embedded() -> Dictionaries {
        static EMBEDDED: OnceLock<Dictionaries> = OnceLock::new();
        EMBEDDED
            .get_or_init(|| Dictionaries::from_texts([]).unwrap_or_else(|e| panic!("embedded {e}")))
            .clone()
    }

    /// The embedded defaults with some files replaced: each override is
    /// `(family, name used in messages, TOML text)`.
    pub fn from_texts<'a>(
        overrides: impl IntoIterator<Item = (Family, &'a str, &'a str)>,
    ) -> Result<Dictionaries, DictError> {
        let overrides: Vec<(Family, &str, &str)> = overrides.into_iter().collect();
        let mut data = FileData::default();
        let mut problems = Vec::new();
        let mut sources = Vec::new();
        for &family in Family::ALL {
            let (name, text, embedded) = match overrides.iter().rev().find(|o| o.0 == family) {
                Some(&(_, name, text)) => (name.to_string(), text, false),
                None => (
                    family.file_name().to_string(),
                    embedded_source(family),
                    true,
                ),
            };
            let (file, mut found) = parse_file(family, &name, text);
            problems.append(&mut found);
            merge(&mut data, file);
            sources.push(SourceFile {
                family,
                name,
                embedded,
            });
        }
        if !problems.is_empty() {
            return Err(DictError::Invalid(problems));
        }
        Ok(Dictionaries::compile(data, sources))
    }

    /// Loads `dir`: a family file present there replaces the embedded one of the same name
    /// (`charges.toml` …); a missing file falls back to the embedded default. Other files in
    /// the directory are ignored.
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<Dictionaries, DictError> {
        let dir = dir.as_ref();
        let meta = std::fs::metadata(dir).map_err(|source| DictError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        if !meta.is_dir() {
            return Err(DictError::Io {
                path: dir.to_path_buf(),
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "not a directory; --dict takes a directory of dictionary files",
                ),
            });
        }
        let mut texts = Vec::new();
        for &family in Family::ALL {
            let path = dir.join(family.file_name());
            if !path.exists() {
                continue;
            }
            let text = std::fs::read_to_string(&path).map_err(|source| DictError::Io {
                path: path.clone(),
                source,
            })?;
            texts.push((family, path.display().to_string(), text));
        }
        Dictionaries::from_texts(
            texts
                .iter()
                .map(|(f, name, text)| (*f, name.as_str(), text.as_str())),
        )
    }

    fn compile(data: FileData, sources: Vec<SourceFile>) -> Dictionaries {
        let negation_settings = data.negation_settings.unwrap_or_default();
        let inner = Inner {
            charges: Compiled::build(&data.charges, all),
            causes: Compiled::build(&data.causes, all),
            roles: Compiled::build(&data.roles, all),
            comp: Compiled::build(&data.comp, all),
            degrees: Compiled::build(&data.degrees, all),
            negation: Compiled::build(&data.negation, all),
            context: Compiled::build(&data.context, all),
            outcomes: Compiled::build(&data.outcomes, all),
            injuries: Compiled::build(&data.injuries, all),
            titles: Compiled::build(&data.kinds, |k: &KindEntry| k.source == KindSource::Title),
            codes: Compiled::build(&data.kinds, |k: &KindEntry| k.source == KindSource::Code),
            orgs: Compiled::build(&data.orgs, all),
            relations: Compiled::build(&data.relations, all),
            amounts: Compiled::build(&data.amounts, all),
            parties: PartySection::ALL
                .iter()
                .map(|&s| Compiled::build(&data.parties, |e: &PartyEntry| e.section == s))
                .collect(),
            combined: Combined::empty(),
            fingerprint: String::new(),
            negation_settings,
            sources,
            data,
        };
        let mut inner = inner;
        inner.combined = Combined::build(inner.automata_mut());
        let mut d = Dictionaries {
            inner: Arc::new(inner),
        };
        let fp = fingerprint(&d);
        Arc::get_mut(&mut d.inner)
            .expect("freshly built, not shared yet")
            .fingerprint = fp;
        d
    }

    /// Every family's matches in `text` from one pass of one automaton; read them with
    /// [`Matcher::hits`] / [`Matcher::hits_in`] of any family's matcher.
    pub fn scan(&self, text: &str) -> Scan {
        self.inner.combined.scan(text)
    }

    /// Canonical 罪名 (故意伤害罪) and their aliases (故意伤害).
    pub fn charges(&self) -> Matcher<'_, ChargeEntry> {
        Matcher::new(&self.inner.charges, &self.inner.data.charges)
    }

    /// Civil 案由 with their category.
    pub fn causes(&self) -> Matcher<'_, CauseEntry> {
        Matcher::new(&self.inner.causes, &self.inner.data.causes)
    }

    /// Role words → core role, `not_party` or `unresolved`.
    pub fn roles(&self) -> Matcher<'_, RoleEntry> {
        Matcher::new(&self.inner.roles, &self.inner.data.roles)
    }

    /// Compensation triggers (settled, partial, unsettled, neutral).
    pub fn compensation(&self) -> Matcher<'_, CompEntry> {
        Matcher::new(&self.inner.comp, &self.inner.data.comp)
    }

    /// Degree words (全部, 部分, 余款) that qualify a nearby trigger; a separate automaton
    /// because they overlap triggers (部分 inside 部分赔偿).
    pub fn degrees(&self) -> Matcher<'_, DegreeEntry> {
        Matcher::new(&self.inner.degrees, &self.inner.data.degrees)
    }

    /// Negation cues, pseudo-negations and terminators, all in one leftmost-longest automaton
    /// so that pseudo-negations shadow the cues inside them.
    pub fn negation(&self) -> Matcher<'_, NegEntry> {
        Matcher::new(&self.inner.negation, &self.inner.data.negation)
    }

    /// The ConText window defaults from `negation.toml` `[settings]`.
    pub fn negation_settings(&self) -> NegationSettings {
        self.inner.negation_settings
    }

    /// Scans `text` (a sentence or clause group) for negation cues, to ask which phrases
    /// they scope over.
    pub fn negation_scan<'d, 't>(&'d self, text: &'t str) -> NegationScan<'d, 't> {
        NegationScan::new(self.negation(), self.inner.negation_settings, text)
    }

    /// [`Dictionaries::negation_scan`] of the text `scan` was made from, reusing its matches.
    pub fn negation_scan_of<'d, 't>(&'d self, scan: &Scan, text: &'t str) -> NegationScan<'d, 't> {
        let hits = self.negation().hits(scan).collect();
        NegationScan::from_hits(hits, self.inner.negation_settings, text)
    }

    /// Context cues: claims, orders, statutes, conditionals, findings.
    pub fn context(&self) -> Matcher<'_, ContextEntry> {
        Matcher::new(&self.inner.context, &self.inner.data.context)
    }

    /// Enforcement outcomes.
    pub fn outcomes(&self) -> Matcher<'_, OutcomeEntry> {
        Matcher::new(&self.inner.outcomes, &self.inner.data.outcomes)
    }

    /// Injury severity and disability grades.
    pub fn injuries(&self) -> Matcher<'_, InjuryEntry> {
        Matcher::new(&self.inner.injuries, &self.inner.data.injuries)
    }

    /// Document title phrases → kind.
    pub fn titles(&self) -> Matcher<'_, KindEntry> {
        Matcher::new(&self.inner.titles, &self.inner.data.kinds)
    }

    /// Case-number type codes (刑初, 执恢, 刑诉) → kind; match them inside a case number.
    pub fn case_codes(&self) -> Matcher<'_, KindEntry> {
        Matcher::new(&self.inner.codes, &self.inner.data.kinds)
    }

    /// Organisation name suffixes.
    pub fn orgs(&self) -> Matcher<'_, OrgEntry> {
        Matcher::new(&self.inner.orgs, &self.inner.data.orgs)
    }

    /// Kinship words.
    pub fn relations(&self) -> Matcher<'_, RelationEntry> {
        Matcher::new(&self.inner.relations, &self.inner.data.relations)
    }

    /// Words that say what the amount after them is (执行标的, 已执行到位, 尚欠).
    pub fn amounts(&self) -> Matcher<'_, AmountEntry> {
        Matcher::new(&self.inner.amounts, &self.inner.data.amounts)
    }

    /// One list of the persons reader (`parties.toml`): the words that end a name, party-field
    /// labels, harm words … Each list is its own automaton.
    pub fn parties(&self, section: PartySection) -> Matcher<'_, PartyEntry> {
        // PartySection::ALL is in declaration order, and `parties` was built in that order.
        let i = PartySection::ALL
            .iter()
            .position(|&s| s == section)
            .expect("every section is in PartySection::ALL");
        Matcher::new(&self.inner.parties[i], &self.inner.data.parties)
    }

    /// Where each family's file came from.
    pub fn sources(&self) -> &[SourceFile] {
        &self.inner.sources
    }

    /// Every entry of every family, in family order and then file order.
    pub fn entries(&self) -> Vec<EntryInfo> {
        let d = &self.inner.data;
        let file = |f: Family| -> &str {
            self.inner
                .sources
                .iter()
                .find(|s| s.family == f)
                .map_or(f.file_name(), |s| s.name.as_str())
        };
        fn push<E: Entry>(out: &mut Vec<EntryInfo>, entries: &[E], file: &str) {
            out.extend(entries.iter().map(|e| EntryInfo::of(e, file)));
        }
        let mut out = Vec::new();
        push(&mut out, &d.charges, file(Family::Charge));
        push(&mut out, &d.causes, file(Family::Cause));
        push(&mut out, &d.roles, file(Family::Role));
        push(&mut out, &d.comp, file(Family::Compensation));
        push(&mut out, &d.degrees, file(Family::Compensation));
        push(&mut out, &d.negation, file(Family::Negation));
        push(&mut out, &d.context, file(Family::Context));
        push(&mut out, &d.outcomes, file(Family::Outcome));
        push(&mut out, &d.injuries, file(Family::Injury));
        push(&mut out, &d.kinds, file(Family::Kind));
        push(&mut out, &d.orgs, file(Family::Org));
        push(&mut out, &d.relations, file(Family::Relation));
        push(&mut out, &d.amounts, file(Family::Amount));
        push(&mut out, &d.parties, file(Family::Party));
        out
    }

    /// The entry a rule id (`comp:谅解`, `role:被害人`) names.
    pub fn explain(&self, rule: &str) -> Option<EntryInfo> {
        self.entries().into_iter().find(|e| e.rule == rule)
    }

    /// A stable fingerprint of the loaded set (16 hex digits): it changes when an entry, a
    /// phrase, a label or a setting changes, not when comments or layout do.
    pub fn fingerprint(&self) -> &str {
        &self.inner.fingerprint
    }
}

/// Selects every entry of a family for its automaton.
fn all<E>(_: &E) -> bool {
    true
}

fn merge(into: &mut FileData, from: FileData) {
    into.charges.extend(from.charges);
    into.causes.extend(from.causes);
    into.roles.extend(from.roles);
    into.comp.extend(from.comp);
    into.degrees.extend(from.degrees);
    into.negation.extend(from.negation);
    into.negation_settings = into.negation_settings.or(from.negation_settings);
    into.context.extend(from.context);
    into.outcomes.extend(from.outcomes);
    into.injuries.extend(from.injuries);
    into.kinds.extend(from.kinds);
    into.orgs.extend(from.orgs);
    into.relations.extend(from.relations);
    into.amounts.extend(from.amounts);
    into.parties.extend(from.parties);
}

/// FNV-1a (64 bit) over a canonical rendering of every entry: simple, dependency-free and
/// stable across Rust versions, unlike `std`'s `DefaultHasher`.
fn fingerprint(d: &Dictionaries) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |s: &str| {
        for b in s.bytes().chain([0x1f]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    let s = d.negation_settings();
    feed(&format!("settings {} {}", s.pre_max_gap, s.post_max_gap));
    for e in d.entries() {
        feed(e.family.as_str());
        feed(&e.section);
        feed(&e.id);
        feed(&e.phrase);
        for a in &e.aliases {
            feed(a);
        }
        feed(&e.label);
        for x in &e.extra {
            feed(x);
        }
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests;
