//! Entry types, one per family, and the family-independent view used to list them.

use jiuzhu_core::{Injury, Kind, Outcome};
use serde::{Deserialize, Serialize};

use crate::family::{
    AmountField, CauseCategory, CompLabel, ContextKind, Degree, Family, KindSource, NegKind,
    OrgPosition, PartyField, PartySection, RelationKind, RoleTarget, Scope, Strength, Topic,
};

/// What every entry has: a stable id, the phrases it matches, a note and where it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    /// Stable identifier, unique in its file; evidence cites `family:id`.
    pub id: String,
    /// The canonical phrase (defaults to the id when the file omits it).
    pub phrase: String,
    /// Other phrases that mean the same entry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Why the entry exists or how to read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// 1-based line of the entry's header in its file.
    pub line: usize,
}

impl Head {
    /// The canonical phrase followed by the aliases.
    pub fn phrases(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.phrase.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// Behaviour shared by every entry type, so matchers and listings are generic.
pub trait Entry: std::fmt::Debug + Send + Sync + 'static {
    /// The family the entry belongs to.
    const FAMILY: Family;
    /// Id, phrases, note, line.
    fn head(&self) -> &Head;
    /// The array the entry was read from (`trigger`, `degree`, `title` …).
    fn section(&self) -> &'static str {
        Self::FAMILY.sections()[0]
    }
    /// The entry's decisive value as written in the file (`settled`, `victim`, `pre` …).
    fn label(&self) -> String;
    /// Further fields worth showing in a listing, as `key=value` pairs.
    fn extra(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
    /// The evidence rule id: `family:id` (`charge:故意伤害罪`, `comp:谅解`).
    fn rule(&self) -> String {
        format!("{}:{}", Self::FAMILY.as_str(), self.head().id)
    }
}

/// `charges.toml`: a canonical 罪名.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChargeEntry {
    /// Id, phrases, note, line.
    #[serde(flatten)]
    pub head: Head,
}

/// `civil_causes.toml`: a civil 案由.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CauseEntry {
    /// Id, phrases, note, line.
    #[serde(flatten)]
    pub head: Head,
    /// The kind of case.
    pub category: CauseCategory,
}

/// `roles.toml`: a role word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleEntry {
    /// Id, phrases, note, line.
    #[serde(flatten)]
    pub head: Head,
    /// The role the word names.
    pub role: RoleTarget,
    /// When set, only the first `cue_chars` characters of the matched phrase are the role
    /// word and the rest is the start of the name (被告人保财险 = 被告 + 人保财险, the insurer
    /// PICC, not 被告人).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue_chars: Option<usize>,
}

/// `compensation.toml` `[[trigger]]`: a phrase that speaks about payment or forgiveness.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompEntry {
    /// Id, phrases, note, line.
    #[serde(flatten)]
    pub head: Head,
    /// What the phrase says when nothing negates it.
    pub label: CompLabel,
    /// What it says when a negation cue scopes over it; `None`: negation cues do not apply
    /// (the phrase carries its own polarity, as 拒不履行 does).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub negated: Option<CompLabel>,
    /// How much the phrase decides on its own.
    pub strength: Strength,
    /// What the phrase is about (payment by default).
    #[serde(default = "default_topic")]
    pub topic: Topic,
}

fn default_topic() -> Topic {
    Topic::Payment
}

impl CompEntry {
    /// The label given whether a negation cue scopes over the phrase.
    pub fn label_when(&self, negated: bool) -> CompLabel {
        match (negated, self.negated) {
            (true, Some(l)) => l,
            _ => self.label,
        }
    }
}

/// `compensation.toml` `[[degree]]`: a word saying how complete a payment is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DegreeEntry {
    /// Id, phrases, note, line.
    #[serde(flatten)]
    pub head: Head,
    /// Full or partial.
    pub degree: Degree,
}

/// `negation.toml` `[[cue]]`: a cue, pseudo-negation or terminator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NegEntry {
    /// Id, phrases, note, line.
    #[serde(flatten)]
    pub head: Head,
    /// Cue direction, pseudo-negation or terminator.
    pub kind: NegKind,
    /// For a cue: how far it reaches. For a terminator: which scopes it ends.
    pub scope: Scope,
    /// For a cue: the most characters allowed between cue and phrase (default from
    /// `[settings]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_gap: Option<usize>,
}

/// `negation.toml` `[settings]`: defaults for the ConText window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NegationSettings {
    /// Most characters between a pre-cue's end and the phrase's start.
    pub pre_max_gap: usize,
    /// Most characters between the phrase's end and a post-cue's start.
    pub post_max_gap: usize,
}

impl Default for NegationSettings {
    fn default() -> Self {
        NegationSettings {
            pre_max_gap: 15,
            post_max_gap: 6,
        }
    }
}

/// `context.toml` `[[cue]]`: marks text as claim, order, statute, conditional or finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContextEntry {
    /// Id, phrases, note, line.
    #[serde(flatten)]
    pub head: Head,
    /// Whose voice the cue marks.
    pub kind: ContextKind,
    /// How far the cue reaches.
    pub scope: Scope,
}

/// `outcomes.toml`: an enforcement outcome phrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeEntry {
    /// Id, phrases, note, line.
    #[serde(flatten)]
    pub head: Head,
    /// The enforcement outcome.
    pub outcome: Outcome,
    /// How much the phrase decides on its own.
    pub strength: Strength,
}

/// `injury.toml`: an injury severity or disability grade phrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InjuryEntry {
    /// Id, phrases, note, line.
    #[serde(flatten)]
    pub head: Head,
    /// The severity.
    pub injury: Injury,
    /// Forensic grade within 重伤 / 轻伤 (一级 = 1, 二级 = 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<u8>,
    /// 伤残等级 1–10 (一级 is the worst).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disability_grade: Option<u8>,
}

/// `kinds.toml` `[[title]]` or `[[code]]`: a title phrase or case-number type code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindEntry {
    /// Id, phrases, note, line.
    #[serde(flatten)]
    pub head: Head,
    /// The document kind.
    pub kind: Kind,
    /// Title phrase or case-number code.
    pub source: KindSource,
}

/// `orgs.toml`: an organisation name suffix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgEntry {
    /// Id, phrases, note, line.
    #[serde(flatten)]
    pub head: Head,
    /// Where in a name the word may sit.
    pub position: OrgPosition,
}

/// `relations.toml`: a kinship word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationEntry {
    /// Id, phrases, note, line.
    #[serde(flatten)]
    pub head: Head,
    /// The kind of kinship.
    pub relation: RelationKind,
}

impl Entry for ChargeEntry {
    const FAMILY: Family = Family::Charge;
    fn head(&self) -> &Head {
        &self.head
    }
    fn label(&self) -> String {
        self.head.phrase.clone()
    }
}

impl Entry for CauseEntry {
    const FAMILY: Family = Family::Cause;
    fn head(&self) -> &Head {
        &self.head
    }
    fn label(&self) -> String {
        self.category.as_str().into()
    }
}

impl Entry for RoleEntry {
    const FAMILY: Family = Family::Role;
    fn head(&self) -> &Head {
        &self.head
    }
    fn label(&self) -> String {
        self.role.as_str().into()
    }
    fn extra(&self) -> Vec<(&'static str, String)> {
        self.cue_chars
            .map(|n| vec![("cue_chars", n.to_string())])
            .unwrap_or_default()
    }
}

impl Entry for CompEntry {
    const FAMILY: Family = Family::Compensation;
    fn head(&self) -> &Head {
        &self.head
    }
    fn section(&self) -> &'static str {
        "trigger"
    }
    fn label(&self) -> String {
        self.label.as_str().into()
    }
    fn extra(&self) -> Vec<(&'static str, String)> {
        let mut v = vec![
            ("strength", self.strength.as_str().to_string()),
            ("topic", self.topic.as_str().to_string()),
        ];
        if let Some(n) = self.negated {
            v.push(("negated", n.as_str().to_string()));
        }
        v
    }
}

impl Entry for DegreeEntry {
    const FAMILY: Family = Family::Compensation;
    fn head(&self) -> &Head {
        &self.head
    }
    fn section(&self) -> &'static str {
        "degree"
    }
    fn label(&self) -> String {
        self.degree.as_str().into()
    }
}

impl Entry for NegEntry {
    const FAMILY: Family = Family::Negation;
    fn head(&self) -> &Head {
        &self.head
    }
    fn label(&self) -> String {
        self.kind.as_str().into()
    }
    fn extra(&self) -> Vec<(&'static str, String)> {
        let mut v = vec![("scope", self.scope.as_str().to_string())];
        if let Some(g) = self.max_gap {
            v.push(("max_gap", g.to_string()));
        }
        v
    }
}

impl Entry for ContextEntry {
    const FAMILY: Family = Family::Context;
    fn head(&self) -> &Head {
        &self.head
    }
    fn label(&self) -> String {
        self.kind.as_str().into()
    }
    fn extra(&self) -> Vec<(&'static str, String)> {
        vec![("scope", self.scope.as_str().to_string())]
    }
}

impl Entry for OutcomeEntry {
    const FAMILY: Family = Family::Outcome;
    fn head(&self) -> &Head {
        &self.head
    }
    fn label(&self) -> String {
        self.outcome.as_str().into()
    }
    fn extra(&self) -> Vec<(&'static str, String)> {
        vec![("strength", self.strength.as_str().to_string())]
    }
}

impl Entry for InjuryEntry {
    const FAMILY: Family = Family::Injury;
    fn head(&self) -> &Head {
        &self.head
    }
    fn label(&self) -> String {
        self.injury.as_str().into()
    }
    fn extra(&self) -> Vec<(&'static str, String)> {
        let mut v = Vec::new();
        if let Some(g) = self.grade {
            v.push(("grade", g.to_string()));
        }
        if let Some(g) = self.disability_grade {
            v.push(("disability_grade", g.to_string()));
        }
        v
    }
}

impl Entry for KindEntry {
    const FAMILY: Family = Family::Kind;
    fn head(&self) -> &Head {
        &self.head
    }
    fn section(&self) -> &'static str {
        self.source.as_str()
    }
    fn label(&self) -> String {
        self.kind.as_str().into()
    }
}

impl Entry for OrgEntry {
    const FAMILY: Family = Family::Org;
    fn head(&self) -> &Head {
        &self.head
    }
    fn section(&self) -> &'static str {
        "suffix"
    }
    fn label(&self) -> String {
        self.position.as_str().into()
    }
}

impl Entry for RelationEntry {
    const FAMILY: Family = Family::Relation;
    fn head(&self) -> &Head {
        &self.head
    }
    fn label(&self) -> String {
        self.relation.as_str().into()
    }
}

/// `amounts.toml`: a word that says what the amount after it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmountEntry {
    /// Id, phrases, note, line.
    #[serde(flatten)]
    pub head: Head,
    /// The field the amount goes to.
    pub field: AmountField,
}

impl Entry for AmountEntry {
    const FAMILY: Family = Family::Amount;
    fn head(&self) -> &Head {
        &self.head
    }
    fn label(&self) -> String {
        self.field.as_str().into()
    }
}

/// `parties.toml`: a word of one of the persons reader's lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyEntry {
    /// Id, phrases, note, line.
    #[serde(flatten)]
    pub head: Head,
    /// The list (the section it is written in).
    pub section: PartySection,
    /// For a `[[field]]` entry: what it labels or says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<PartyField>,
    /// For a `[[name_stop]]` entry: how many characters of a name must come before the word
    /// for it to end the name (1 when unset: right after a one-character surname, 方|表示).
    /// 2 for a word that is also a given name (陈发生, 史达成) and for a single character
    /// (杨晓|称, but 王称).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<usize>,
}

impl Entry for PartyEntry {
    const FAMILY: Family = Family::Party;
    fn head(&self) -> &Head {
        &self.head
    }
    fn section(&self) -> &'static str {
        self.section.as_str()
    }
    fn label(&self) -> String {
        self.field
            .map_or(self.section.as_str(), PartyField::as_str)
            .into()
    }
    fn extra(&self) -> Vec<(&'static str, String)> {
        self.after
            .map(|n| vec![("after", n.to_string())])
            .unwrap_or_default()
    }
}

impl PartyEntry {
    /// For a `[[name_stop]]` entry: the fewest name characters before the word for it to end
    /// the name.
    pub fn min_before(&self) -> usize {
        self.after.unwrap_or(1)
    }
}

/// A family-independent view of one entry, for `jiuzhu dict check / explain / diff`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryInfo {
    /// The family.
    pub family: Family,
    /// The array it was read from (`trigger`, `cue`, `title` …).
    pub section: String,
    /// `family:id`, as evidence cites it.
    pub rule: String,
    /// The entry id.
    pub id: String,
    /// The canonical phrase.
    pub phrase: String,
    /// Other phrases.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The decisive value (`settled`, `victim`, `pre`, `terminated_this_round` …).
    pub label: String,
    /// Further fields as `key=value` (`strength=weak`, `negated=unsettled`, `scope=clause`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<String>,
    /// The entry's note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where it was read: the file name for embedded defaults, else the path.
    pub file: String,
    /// 1-based line in that file.
    pub line: usize,
}

impl EntryInfo {
    pub(crate) fn of<E: Entry>(e: &E, file: &str) -> EntryInfo {
        let h = e.head();
        EntryInfo {
            family: E::FAMILY,
            section: e.section().to_string(),
            rule: e.rule(),
            id: h.id.clone(),
            phrase: h.phrase.clone(),
            aliases: h.aliases.clone(),
            label: e.label(),
            extra: e
                .extra()
                .into_iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect(),
            note: h.note.clone(),
            file: file.to_string(),
            line: h.line,
        }
    }
}
