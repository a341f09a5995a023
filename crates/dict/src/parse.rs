//! Reading one dictionary file: TOML with spans, so that every problem names its line, and
//! every problem in a file is collected rather than stopping at the first.
//!
//! serde's derive stops at the first error and forgets where a value came from, so entries
//! are read field by field from `toml::de::DeTable` (which keeps byte spans) instead.

use std::collections::HashMap;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::entry::{
    AmountEntry, CauseEntry, ChargeEntry, CompEntry, ContextEntry, DegreeEntry, Head, InjuryEntry,
    KindEntry, NegEntry, NegationSettings, OrgEntry, OutcomeEntry, PartyEntry, RelationEntry,
    RoleEntry,
};
use crate::error::Problem;
use crate::family::{
    AmountField, CauseCategory, CompLabel, ContextKind, Degree, Family, KindSource, NegKind,
    OrgPosition, PartyField, PartySection, RelationKind, RoleTarget, Scope, Strength, Topic,
};

/// Everything one file yields.
#[derive(Debug, Default)]
pub(crate) struct FileData {
    pub charges: Vec<ChargeEntry>,
    pub causes: Vec<CauseEntry>,
    pub roles: Vec<RoleEntry>,
    pub comp: Vec<CompEntry>,
    pub degrees: Vec<DegreeEntry>,
    pub negation: Vec<NegEntry>,
    pub negation_settings: Option<NegationSettings>,
    pub context: Vec<ContextEntry>,
    pub outcomes: Vec<OutcomeEntry>,
    pub injuries: Vec<InjuryEntry>,
    pub kinds: Vec<KindEntry>,
    pub orgs: Vec<OrgEntry>,
    pub relations: Vec<RelationEntry>,
    pub amounts: Vec<AmountEntry>,
    pub parties: Vec<PartyEntry>,
}

/// Reads `text` as the file of `family`; `file` is how errors name it.
pub(crate) fn parse_file(family: Family, file: &str, text: &str) -> (FileData, Vec<Problem>) {
    let mut r = Reader::new(file, text);
    let mut data = FileData::default();
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for e in errors {
            let at = e.span().map(|s| s.start).unwrap_or(0);
            let msg = e.message().trim().to_string();
            r.problem(at, format!("TOML syntax: {msg}"));
        }
        return (data, r.problems);
    }
    let mut heads: Vec<(&'static str, Head)> = Vec::new();
    for (key, value) in root.get_ref().iter() {
        let name: &str = key.get_ref();
        if family == Family::Negation && name == "settings" {
            data.negation_settings = read_settings(&mut r, value);
            continue;
        }
        let Some(section) = family.sections().iter().copied().find(|s| *s == name) else {
            let mut expected: Vec<String> = family
                .sections()
                .iter()
                .map(|s| format!("[[{s}]]"))
                .collect();
            if family == Family::Negation {
                expected.push("[settings]".into());
            }
            r.problem(
                key.span().start,
                format!(
                    "unknown table or key `{name}` in {}; expected {}",
                    family.file_name(),
                    expected.join(" or ")
                ),
            );
            continue;
        };
        let DeValue::Array(items) = value.get_ref() else {
            r.problem(
                value.span().start,
                format!("`{name}` must be an array of tables, written [[{name}]]"),
            );
            continue;
        };
        for item in items.iter() {
            let DeValue::Table(table) = item.get_ref() else {
                r.problem(
                    item.span().start,
                    format!("each `{name}` must be a table, written [[{name}]]"),
                );
                continue;
            };
            let line = entry_line(&r, item, table);
            let mut f = Fields::new(table, line);
            let head = read_head(&mut r, &mut f);
            let ok = read_entry(&mut r, &mut f, family, section, head.clone(), &mut data);
            f.finish(&mut r, family, section);
            if let (Some(head), true) = (head, ok) {
                heads.push((section, head));
            }
        }
    }
    check_duplicates(&mut r, family, &mut heads);
    if family == Family::Party {
        // The reader relies on every list; a --dict override replaces the whole file, and a
        // list left out would silently change what it reads.
        for section in PartySection::NAMES {
            if !heads.iter().any(|(s, _)| s == section) {
                r.problem_line(
                    1,
                    format!(
                        "no [[{section}]] entries; parties.toml needs every list (copy the \
                         section from the embedded dictionaries/parties.toml)"
                    ),
                );
            }
        }
    }
    (data, r.problems)
}

/// Cross-entry checks: ids unique in the file; a phrase in at most one entry of the same
/// automaton (a phrase in two entries leaves leftmost-longest matching no way to choose).
fn check_duplicates(r: &mut Reader, family: Family, heads: &mut [(&'static str, Head)]) {
    // Sections are read in key order; report "first" and "second" in file order.
    heads.sort_by_key(|(_, h)| h.line);
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut phrases: HashMap<(&str, &str), (&str, usize)> = HashMap::new();
    for (section, h) in heads.iter() {
        if let Some(first) = ids.insert(h.id.as_str(), h.line) {
            r.problem_line(
                h.line,
                format!(
                    "duplicate id `{}` (first used on line {first}); ids must be unique in the file",
                    h.id
                ),
            );
            // Its phrases would repeat the first entry's: one problem is enough.
            continue;
        }
        // Compensation triggers and degree words, titles and codes, the lists of
        // parties.toml, are separate automata.
        let group = match family {
            Family::Compensation | Family::Kind | Family::Party => section,
            _ => "",
        };
        let mut own: Vec<&str> = Vec::new();
        for p in h.phrases() {
            if own.contains(&p) {
                r.problem_line(
                    h.line,
                    format!("phrase `{p}` is listed twice in entry `{}`", h.id),
                );
                continue;
            }
            own.push(p);
            if let Some((other, line)) = phrases.get(&(group, p)) {
                r.problem_line(
                    h.line,
                    format!(
                        "phrase `{p}` is in entry `{}` and in entry `{other}` (line {line}); \
                         keep it in one entry",
                        h.id
                    ),
                );
            } else {
                phrases.insert((group, p), (h.id.as_str(), h.line));
            }
        }
    }
}

/// The entry's line: where its `[[section]]` header (or inline table) starts.
fn entry_line(r: &Reader, item: &Spanned<DeValue>, table: &DeTable) -> usize {
    let span = item.span();
    if span.start < span.end || span.start > 0 {
        return r.line(span.start);
    }
    let first = table.iter().map(|(k, _)| k.span().start).min().unwrap_or(0);
    r.line(first)
}

fn read_settings(r: &mut Reader, value: &Spanned<DeValue>) -> Option<NegationSettings> {
    let DeValue::Table(table) = value.get_ref() else {
        r.problem(
            value.span().start,
            "`settings` must be a table, written [settings]".into(),
        );
        return None;
    };
    let mut f = Fields::new(table, r.line(value.span().start));
    let default = NegationSettings::default();
    let pre = f.uint(r, "pre_max_gap", 0, 200);
    let post = f.uint(r, "post_max_gap", 0, 200);
    f.finish(r, Family::Negation, "settings");
    Some(NegationSettings {
        pre_max_gap: pre.map(|v| v as usize).unwrap_or(default.pre_max_gap),
        post_max_gap: post.map(|v| v as usize).unwrap_or(default.post_max_gap),
    })
}

fn read_head(r: &mut Reader, f: &mut Fields) -> Option<Head> {
    let id = f.req_string(r, "id");
    let phrase = f.string(r, "phrase");
    let aliases = f.strings(r, "aliases");
    let note = f.string(r, "note").map(|(s, _)| s);
    let (id, id_at) = id?;
    let mut ok = true;
    if id.trim().is_empty() {
        r.problem(id_at, "empty id; give the entry a stable id".into());
        ok = false;
    } else if id.chars().any(|c| c.is_whitespace() || c == ':') {
        r.problem(
            id_at,
            format!(
                "id `{id}` contains whitespace or `:`; evidence cites `family:id`, so ids must not"
            ),
        );
        ok = false;
    }
    match &phrase {
        Some((p, at)) => ok &= check_phrase(r, p, *at),
        // The phrase defaults to the id; a bad id has been reported already.
        None if ok => ok &= check_phrase(r, &id, id_at),
        None => {}
    }
    let (phrase, _) = phrase.unwrap_or_else(|| (id.clone(), id_at));
    for (a, at) in &aliases {
        ok &= check_phrase(r, a, *at);
    }
    ok.then(|| Head {
        id,
        phrase,
        aliases: aliases.into_iter().map(|(a, _)| a).collect(),
        note,
        line: f.line,
    })
}

fn check_phrase(r: &mut Reader, phrase: &str, at: usize) -> bool {
    if phrase.trim().is_empty() {
        r.problem(
            at,
            "empty phrase; an empty pattern would match everywhere".into(),
        );
        return false;
    }
    if phrase.chars().any(char::is_whitespace) {
        r.problem(
            at,
            format!(
                "phrase `{phrase}` contains whitespace; normalised text has none inside words, \
                 so it could never match"
            ),
        );
        return false;
    }
    true
}

/// Reads the family-specific fields; `false` if the entry is unusable.
fn read_entry(
    r: &mut Reader,
    f: &mut Fields,
    family: Family,
    section: &'static str,
    head: Option<Head>,
    data: &mut FileData,
) -> bool {
    match family {
        Family::Charge => {
            let Some(head) = head else { return false };
            data.charges.push(ChargeEntry { head });
        }
        Family::Cause => {
            let category = f.req_vocab(
                r,
                "category",
                CauseCategory::parse,
                &names(CauseCategory::ALL),
            );
            let (Some(head), Some(category)) = (head, category) else {
                return false;
            };
            data.causes.push(CauseEntry { head, category });
        }
        Family::Role => {
            let role = f.req_vocab(r, "role", RoleTarget::parse, &RoleTarget::spellings());
            let cue = f.uint_at(r, "cue_chars", 1, 20);
            let (Some(head), Some(role)) = (head, role) else {
                return false;
            };
            if let Some((n, at)) = cue {
                for p in head.phrases() {
                    if p.chars().count() <= n as usize {
                        r.problem(
                            at,
                            format!("cue_chars = {n} leaves no name in phrase `{p}`; it must be shorter than the phrase"),
                        );
                        return false;
                    }
                }
            }
            data.roles.push(RoleEntry {
                head,
                role,
                cue_chars: cue.map(|(n, _)| n as usize),
            });
        }
        Family::Compensation if section == "degree" => {
            let degree = f.req_vocab(r, "degree", Degree::parse, &names(Degree::ALL));
            let (Some(head), Some(degree)) = (head, degree) else {
                return false;
            };
            data.degrees.push(DegreeEntry { head, degree });
        }
        Family::Compensation => {
            let label = f.req_vocab(r, "label", CompLabel::parse, &names(CompLabel::ALL));
            let negated = f.vocab_at(r, "negated", CompLabel::parse, &names(CompLabel::ALL));
            let strength = f.vocab(r, "strength", Strength::parse, &names(Strength::ALL));
            let topic = f.vocab(r, "topic", Topic::parse, &names(Topic::ALL));
            let (Some(head), Some(label)) = (head, label) else {
                return false;
            };
            let mut negated_label = None;
            if let Some((n, at)) = negated {
                if n == label {
                    r.problem(at, format!("negated = \"{n}\" is the same as label; omit `negated` if negation does not change the phrase"));
                    return false;
                }
                if n == CompLabel::Neutral {
                    r.problem(
                        at,
                        "negated = \"neutral\" says nothing; omit `negated` instead".into(),
                    );
                    return false;
                }
                negated_label = Some(n);
            }
            data.comp.push(CompEntry {
                head,
                label,
                negated: negated_label,
                strength: strength.unwrap_or(Strength::Strong),
                topic: topic.unwrap_or(Topic::Payment),
            });
        }
        Family::Negation => {
            let kind = f.req_vocab(r, "kind", NegKind::parse, &names(NegKind::ALL));
            let scope = f.vocab_at(r, "scope", Scope::parse, &["clause", "sentence"]);
            let gap = f.uint_at(r, "max_gap", 0, 200);
            let (Some(head), Some(kind)) = (head, kind) else {
                return false;
            };
            if let Some((Scope::Block, at)) = scope {
                r.problem(at, "scope = \"block\" is for context cues; negation scopes are \"clause\" or \"sentence\"".into());
                return false;
            }
            if let (Some((_, at)), NegKind::Pseudo | NegKind::Terminator) = (gap, kind) {
                r.problem(at, format!("max_gap means nothing for a {kind}; remove it"));
                return false;
            }
            data.negation.push(NegEntry {
                head,
                kind,
                scope: scope.map(|(s, _)| s).unwrap_or(Scope::Clause),
                max_gap: gap.map(|(g, _)| g as usize),
            });
        }
        Family::Context => {
            let kind = f.req_vocab(r, "kind", ContextKind::parse, &names(ContextKind::ALL));
            let scope = f.req_vocab(r, "scope", Scope::parse, &names(Scope::ALL));
            let (Some(head), Some(kind), Some(scope)) = (head, kind, scope) else {
                return false;
            };
            data.context.push(ContextEntry { head, kind, scope });
        }
        Family::Outcome => {
            let outcomes: Vec<&str> = jiuzhu_core::Outcome::ALL
                .iter()
                .map(|o| o.as_str())
                .collect();
            let outcome = f.req_vocab(r, "outcome", jiuzhu_core::Outcome::parse, &outcomes);
            let strength = f.vocab(r, "strength", Strength::parse, &names(Strength::ALL));
            let (Some(head), Some(outcome)) = (head, outcome) else {
                return false;
            };
            data.outcomes.push(OutcomeEntry {
                head,
                outcome,
                strength: strength.unwrap_or(Strength::Strong),
            });
        }
        Family::Injury => {
            use jiuzhu_core::Injury;
            // `unknown` marks a shadow: a longer phrase (死亡赔偿金) that must win over an
            // injury word inside it and decide nothing.
            let allowed = ["death", "serious", "minor", "slight", "unknown"];
            let parse = Injury::parse;
            let injury = f.req_vocab(r, "injury", parse, &allowed);
            let grade = f.uint_at(r, "grade", 1, 2);
            let disability = f.uint_at(r, "disability_grade", 1, 10);
            let (Some(head), Some(injury)) = (head, injury) else {
                return false;
            };
            if let Some((_, at)) = grade
                && !matches!(injury, Injury::Serious | Injury::Minor)
            {
                r.problem(
                    at,
                    format!(
                        "grade (一级/二级) exists only for serious (重伤) and minor (轻伤), not {}",
                        injury.as_str()
                    ),
                );
                return false;
            }
            data.injuries.push(InjuryEntry {
                head,
                injury,
                grade: grade.map(|(g, _)| g as u8),
                disability_grade: disability.map(|(g, _)| g as u8),
            });
        }
        Family::Kind => {
            let kinds: Vec<&str> = jiuzhu_core::Kind::ALL.iter().map(|k| k.as_str()).collect();
            let kind = f.req_vocab(r, "kind", jiuzhu_core::Kind::parse, &kinds);
            let (Some(head), Some(kind)) = (head, kind) else {
                return false;
            };
            let source = KindSource::parse(section).unwrap_or(KindSource::Title);
            data.kinds.push(KindEntry { head, kind, source });
        }
        Family::Org => {
            let position = f.req_vocab(r, "position", OrgPosition::parse, &names(OrgPosition::ALL));
            let (Some(head), Some(position)) = (head, position) else {
                return false;
            };
            data.orgs.push(OrgEntry { head, position });
        }
        Family::Relation => {
            let relation = f.req_vocab(
                r,
                "relation",
                RelationKind::parse,
                &names(RelationKind::ALL),
            );
            let (Some(head), Some(relation)) = (head, relation) else {
                return false;
            };
            data.relations.push(RelationEntry { head, relation });
        }
        Family::Amount => {
            let field = f.req_vocab(r, "field", AmountField::parse, &names(AmountField::ALL));
            let (Some(head), Some(field)) = (head, field) else {
                return false;
            };
            data.amounts.push(AmountEntry { head, field });
        }
        Family::Party => {
            // `sections()` of the family are the names of PartySection.
            let Some(list) = PartySection::parse(section) else {
                return false;
            };
            let field = if list == PartySection::Field {
                let field = f.req_vocab(r, "field", PartyField::parse, PartyField::NAMES);
                let Some(field) = field else { return false };
                Some(field)
            } else {
                None
            };
            let after = if list == PartySection::NameStop {
                f.uint(r, "after", 1, 4).map(|n| n as usize)
            } else {
                None
            };
            let Some(head) = head else { return false };
            data.parties.push(PartyEntry {
                head,
                section: list,
                field,
                after,
            });
        }
    }
    true
}

fn names<T: AsStaticStr>(all: &[T]) -> Vec<&'static str> {
    all.iter().map(|v| v.as_static_str()).collect()
}

/// Lets [`names`] work over every vocabulary enum.
trait AsStaticStr {
    fn as_static_str(&self) -> &'static str;
}

macro_rules! as_static {
    ($($t:ty),+) => {
        $(impl AsStaticStr for $t {
            fn as_static_str(&self) -> &'static str {
                self.as_str()
            }
        })+
    };
}
as_static!(
    AmountField,
    CauseCategory,
    CompLabel,
    ContextKind,
    Degree,
    NegKind,
    OrgPosition,
    RelationKind,
    Scope,
    Strength,
    Topic
);

/// Byte offset → line, and the problems found so far.
struct Reader<'a> {
    file: &'a str,
    line_starts: Vec<usize>,
    problems: Vec<Problem>,
}

impl<'a> Reader<'a> {
    fn new(file: &'a str, text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Reader {
            file,
            line_starts,
            problems: Vec::new(),
        }
    }

    fn line(&self, byte: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= byte).max(1)
    }

    fn problem(&mut self, byte: usize, message: String) {
        let line = self.line(byte);
        self.problem_line(line, message);
    }

    fn problem_line(&mut self, line: usize, message: String) {
        self.problems.push(Problem {
            file: self.file.to_string(),
            line,
            message,
        });
    }
}

/// The keys of one entry table, read one by one; `finish` reports the keys never asked for.
struct Fields<'t, 'i> {
    table: &'t DeTable<'i>,
    line: usize,
    used: Vec<&'static str>,
}

impl<'t, 'i> Fields<'t, 'i> {
    fn new(table: &'t DeTable<'i>, line: usize) -> Self {
        Fields {
            table,
            line,
            used: Vec::new(),
        }
    }

    fn get(&mut self, key: &'static str) -> Option<&'t Spanned<DeValue<'i>>> {
        self.used.push(key);
        self.table.get(key)
    }

    /// A string value and the byte offset where it starts.
    fn string(&mut self, r: &mut Reader, key: &'static str) -> Option<(String, usize)> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some((s.to_string(), v.span().start)),
            other => {
                r.problem(
                    v.span().start,
                    format!("`{key}` must be a string, not {}", other.type_str()),
                );
                None
            }
        }
    }

    fn req_string(&mut self, r: &mut Reader, key: &'static str) -> Option<(String, usize)> {
        if self.table.get(key).is_none() {
            self.used.push(key);
            r.problem_line(self.line, format!("missing `{key}`"));
            return None;
        }
        self.string(r, key)
    }

    fn strings(&mut self, r: &mut Reader, key: &'static str) -> Vec<(String, usize)> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = v.get_ref() else {
            r.problem(
                v.span().start,
                format!("`{key}` must be an array of strings"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => out.push((s.to_string(), item.span().start)),
                other => r.problem(
                    item.span().start,
                    format!("`{key}` must hold strings, not {}", other.type_str()),
                ),
            }
        }
        out
    }

    fn uint_at(
        &mut self,
        r: &mut Reader,
        key: &'static str,
        min: u64,
        max: u64,
    ) -> Option<(u64, usize)> {
        let v = self.get(key)?;
        let at = v.span().start;
        let parsed = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
                .ok()
                .and_then(|n| u64::try_from(n).ok()),
            _ => None,
        };
        match parsed {
            Some(n) if (min..=max).contains(&n) => Some((n, at)),
            _ => {
                r.problem(
                    at,
                    format!("`{key}` must be an integer from {min} to {max}"),
                );
                None
            }
        }
    }

    fn uint(&mut self, r: &mut Reader, key: &'static str, min: u64, max: u64) -> Option<u64> {
        self.uint_at(r, key, min, max).map(|(n, _)| n)
    }

    fn vocab_at<T>(
        &mut self,
        r: &mut Reader,
        key: &'static str,
        parse: impl Fn(&str) -> Option<T>,
        allowed: &[&str],
    ) -> Option<(T, usize)> {
        let (s, at) = self.string(r, key)?;
        match parse(&s) {
            Some(v) => Some((v, at)),
            None => {
                r.problem(
                    at,
                    format!(
                        "unknown {key} `{s}`; expected one of: {}",
                        allowed.join(", ")
                    ),
                );
                None
            }
        }
    }

    fn vocab<T>(
        &mut self,
        r: &mut Reader,
        key: &'static str,
        parse: impl Fn(&str) -> Option<T>,
        allowed: &[&str],
    ) -> Option<T> {
        self.vocab_at(r, key, parse, allowed).map(|(v, _)| v)
    }

    fn req_vocab<T>(
        &mut self,
        r: &mut Reader,
        key: &'static str,
        parse: impl Fn(&str) -> Option<T>,
        allowed: &[&str],
    ) -> Option<T> {
        if self.table.get(key).is_none() {
            self.used.push(key);
            r.problem_line(
                self.line,
                format!("missing `{key}`; expected one of: {}", allowed.join(", ")),
            );
            return None;
        }
        self.vocab(r, key, parse, allowed)
    }

    fn finish(self, r: &mut Reader, family: Family, section: &str) {
        for (k, _) in self.table.iter() {
            let name: &str = k.get_ref();
            if !self.used.contains(&name) {
                let mut known = self.used.clone();
                known.sort_unstable();
                known.dedup();
                r.problem(
                    k.span().start,
                    format!(
                        "unknown key `{name}` in [[{section}]] of {}; known keys: {}",
                        family.file_name(),
                        known.join(", ")
                    ),
                );
            }
        }
    }
}
