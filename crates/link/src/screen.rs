//! Screening: resolve persons, evaluate every model's expression over entity sets, and turn
//! each person a model finds into one clue, with the funnel of every step.
//!
//! ## Clues
//!
//! One clue per person per model. `sources` are every document naming the person (any
//! role), oldest first; `injury`, `unpaid_amount`, `evidence` and the minor flag come from
//! the documents where the person is owed something (victim side or enforcement applicant).
//! `link.rosters` lists every roster row of the person; `link.level` is the weakest merge on
//! the paths that join the model's documents to those rows, `link.reason` every reason on
//! them, strongest first. A person found only on rosters (M4) with no merge gets level `id`
//! (or `name` without an ID) and the reason 仅一处记录，无需关联.
//!
//! ## Funnel
//!
//! A model's steps are, in evaluation order: for each record set, one step per filter
//! (`procuratorate_victims: kinds`, `…: kinds, charges`) and the set itself; each roster set;
//! each operator node, labelled with its sub-expression, a derived set's top node as
//! `unpaid = court_victims & failed_enforcement`; and for `split = "locality"` one step per
//! locality. `documents` counts the documents that put persons in the step, `persons` the
//! persons; `unlinkable` counts persons who cannot reach any roster (anonymised without an
//! ID, or ambiguous): in a record set, those in it; at an operator, those its operands hold
//! and it drops.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use jiuzhu_core::{
    Clue, ClueEvidence, ClueLink, CluePerson, ClueSource, CompensationStatus, Date, DocRecord,
    Flag, Funnel, FunnelStep, Injury, Kind, LinkLevel, Locality, ModelFunnel, Person, Role,
    RosterHit,
};
use serde::Serialize;

use crate::config::{Config, RosterKind, ScreenLists};
use crate::error::ConfigError;
use crate::expr::Expr;
use crate::models::{ModelDef, Models, RecordFilter, SetRule, Split, Values};
use crate::resolve::{Entity, MentionAt, Resolution, resolve};
use crate::roster::Roster;

/// The priority formula, as shown to reviewers. [`priority`] computes it.
pub const PRIORITY_FORMULA: &str = "优先级 = 0.35×伤情 + 0.25×未履行金额 + 0.20×特殊群体 + 0.20×关联可靠度（0–1，越高越优先）。\
伤情：死亡1.0，重伤0.8，轻伤0.5，轻微伤0.3，不明0.2；\
未履行金额：金额÷10万元，最高1，不明按0.3计；\
特殊群体（未成年人、妇女、老年人、残疾人）：每项0.5，最高1；\
关联可靠度：身份证号一致1.0，姓名及出生日期一致或执行依据案号一致0.8，仅姓名一致0.5。\
Priority = 0.35·injury + 0.25·unpaid + 0.20·flags + 0.20·link, each 0–1: injury death 1.0, \
serious 0.8, minor 0.5, slight 0.3, unknown 0.2; unpaid amount / 100,000 yuan capped at 1, \
unknown 0.3; 0.5 per flag (minor, woman, elderly, disabled) capped at 1; link id 1.0, \
name_birth or case 0.8, name 0.5.";

/// Unpaid amount (yuan) that counts as the full unpaid weight.
const UNPAID_FULL: f64 = 100_000.0;
/// Age from which a person is flagged elderly.
const ELDERLY_AGE: u32 = 60;
/// Age below which a person is a minor.
const ADULT_AGE: u32 = 18;
/// A roster category containing this marks a disabled person (残疾人, 重度残疾 …).
const DISABLED_MARK: &str = "残疾";

/// The priority of a clue, 0 to 1, by [`PRIORITY_FORMULA`]; rounded to two decimals so it
/// reads the same in every output.
///
/// ```
/// use jiuzhu_core::{Flag, Injury, LinkLevel};
/// use jiuzhu_link::priority;
/// // death, 186,000 unpaid, a woman, linked by ID: 0.35 + 0.25 + 0.10 + 0.20
/// assert_eq!(priority(Injury::Death, Some(186_000.0), &[Flag::Woman], LinkLevel::Id), 0.9);
/// ```
pub fn priority(injury: Injury, unpaid: Option<f64>, flags: &[Flag], level: LinkLevel) -> f64 {
    let injury = match injury {
        Injury::Death => 1.0,
        Injury::Serious => 0.8,
        Injury::Minor => 0.5,
        Injury::Slight => 0.3,
        Injury::Unknown => 0.2,
    };
    let unpaid = unpaid.map_or(0.3, |a| (a.max(0.0) / UNPAID_FULL).min(1.0));
    let flags = (0.5 * flags.len() as f64).min(1.0);
    let link = match level {
        LinkLevel::Id => 1.0,
        LinkLevel::NameBirth | LinkLevel::Case => 0.8,
        LinkLevel::Name => 0.5,
    };
    let p = 0.35 * injury + 0.25 * unpaid + 0.20 * flags + 0.20 * link;
    (p * 100.0).round() / 100.0
}

/// What kind of screening problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// A name matched several people; the mention was left unlinked.
    AmbiguousName,
    /// A model uses a roster kind no roster provides, so that part finds nobody.
    EmptyRosterSet,
}

/// Something a reviewer or analyst should know about a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// What kind of problem.
    pub kind: ProblemKind,
    /// What happened and what to do.
    pub message: String,
    /// Documents and roster rows concerned (`civil/c02.txt`, `rosters/dibao.csv#7`).
    pub sources: Vec<String>,
}

/// What a run produces.
#[derive(Debug, Clone, PartialEq)]
pub struct ScreenResult {
    /// Ordered by model (models-file order), then locality group for split models, then
    /// priority (highest first), then name and ID.
    pub clues: Vec<Clue>,
    /// Per model, every step; `rejects` is 0 (the caller knows them).
    pub funnel: Funnel,
    /// The size of every named set (record sets, derived sets, roster kinds and labels), by
    /// name; `unlinkable` counts the members who cannot reach any roster.
    pub sets: Vec<FunnelStep>,
    /// Ambiguous names and models using rosters nobody configured.
    pub problems: Vec<Problem>,
}

/// The screening engine: a config, its models and the loaded rosters.
#[derive(Debug, Clone)]
pub struct Screen {
    config: Config,
    models: Models,
    rosters: Vec<Roster>,
    today: Date,
}

/// Entity → documents that put it in the set.
type SetValue = BTreeMap<usize, BTreeSet<usize>>;

struct Eval<'a> {
    screen: &'a Screen,
    records: &'a [DocRecord],
    res: &'a Resolution,
    /// Named sets evaluated so far; shared, since models reuse them (M3 uses M1's and M2's).
    cache: BTreeMap<String, (Rc<SetValue>, Vec<FunnelStep>)>,
}

impl Screen {
    /// Checks the models against the config (set names, cycles, `screen.*` lists).
    pub fn new(
        config: Config,
        models: Models,
        rosters: Vec<Roster>,
    ) -> Result<Screen, ConfigError> {
        models.check(&config)?;
        Ok(Screen {
            config,
            models,
            rosters,
            today: Date::today(),
        })
    }

    /// The date ages are computed on (default: today in China Standard Time).
    pub fn with_today(mut self, today: Date) -> Screen {
        self.today = today;
        self
    }

    /// The config screened with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The models screened with.
    pub fn models(&self) -> &Models {
        &self.models
    }

    /// The rosters screened with.
    pub fn rosters(&self) -> &[Roster] {
        &self.rosters
    }

    /// Screens `records`: one clue per person per model, the funnel, and the problems.
    pub fn run(&self, records: &[DocRecord]) -> ScreenResult {
        let res = resolve(records, &self.rosters);
        let mut ev = Eval {
            screen: self,
            records,
            res: &res,
            cache: BTreeMap::new(),
        };
        let mut clues = Vec::new();
        let mut funnels = Vec::new();
        for model in self.models.models() {
            let mut steps = Vec::new();
            let value = ev.eval(&model.expr, &mut steps);
            let mut model_clues: Vec<(u8, Clue)> = value
                .iter()
                .map(|(&e, docs)| {
                    let clue = ev.clue(model, e, docs);
                    let group = match model.split {
                        Some(Split::Locality) => locality_rank(clue.person.locality),
                        None => 0,
                    };
                    (group, clue)
                })
                .collect();
            if model.split == Some(Split::Locality) {
                for loc in [Locality::Local, Locality::NonLocal, Locality::Unknown] {
                    let in_group: Vec<&(u8, Clue)> = model_clues
                        .iter()
                        .filter(|(_, c)| c.person.locality == loc)
                        .collect();
                    let docs: BTreeSet<&str> = in_group
                        .iter()
                        .flat_map(|(_, c)| c.sources.iter().map(|s| s.source.as_str()))
                        .collect();
                    steps.push(FunnelStep {
                        step: format!("{} [locality = {}]", model.expr, loc.as_str()),
                        documents: docs.len(),
                        persons: in_group.len(),
                        unlinkable: 0,
                    });
                }
            }
            model_clues.sort_by(|(ga, a), (gb, b)| {
                ga.cmp(gb)
                    .then(b.priority.total_cmp(&a.priority))
                    .then_with(|| a.person.name.cmp(&b.person.name))
                    .then_with(|| a.person.id_number.cmp(&b.person.id_number))
            });
            funnels.push(ModelFunnel {
                model: model.id.clone(),
                name: model.name.clone(),
                action: model.action,
                expr: model.expr_text.clone(),
                steps,
                clues: model_clues.len(),
            });
            clues.extend(model_clues.into_iter().map(|(_, c)| c));
        }
        let mut names: BTreeSet<String> = self.models.sets().map(|s| s.name.clone()).collect();
        names.extend(RosterKind::ALL.iter().map(|k| k.as_str().to_string()));
        names.extend(self.rosters.iter().map(|r| r.label.clone()));
        let sets = names
            .iter()
            .map(|n| {
                let v = ev.named(n, &mut Vec::new());
                ev.step(n.clone(), &v, None)
            })
            .collect();
        let problems = self.problems(&res, records);
        ScreenResult {
            clues,
            funnel: Funnel {
                documents: records.len(),
                rejects: 0,
                models: funnels,
            },
            sets,
            problems,
        }
    }

    fn problems(&self, res: &Resolution, records: &[DocRecord]) -> Vec<Problem> {
        let mut out = Vec::new();
        let describe = |m: usize| -> String {
            match res.mentions[m].at {
                MentionAt::Doc { doc, .. } => records[doc].source.clone(),
                MentionAt::Roster { roster, row } => {
                    let r = &self.rosters[roster];
                    format!("{}#{}", r.file, r.rows[row].row)
                }
            }
        };
        // Enough places to find a candidate by; the clue reader can look up the rest.
        const PLACES: usize = 3;
        let places = |e: &Entity| -> String {
            let mut at: Vec<String> = e
                .mentions
                .iter()
                .take(PLACES)
                .map(|&m| describe(m))
                .collect();
            if e.mentions.len() > PLACES {
                at.push(format!("and {} more", e.mentions.len() - PLACES));
            }
            at.join(", ")
        };
        for a in &res.ambiguities {
            let own = &res.entities[res.entity_of[a.mention]];
            let name = own
                .mentions
                .iter()
                .map(|&m| &res.mentions[m])
                .find(|m| !m.anonymized && !m.name.is_empty())
                .map_or("", |m| m.name.as_str());
            let candidates: Vec<String> = a
                .candidates
                .iter()
                .map(|&c| {
                    let e = &res.entities[res.entity_of[c]];
                    let who = match (e.id, e.birth) {
                        (Some(id), _) => id.to_string(),
                        (None, Some(b)) => format!("born {b}"),
                        (None, None) => "no ID or birth date".to_string(),
                    };
                    format!("{who} ({})", places(e))
                })
                .collect();
            out.push(Problem {
                kind: ProblemKind::AmbiguousName,
                message: format!(
                    "{name} could be any of {} people: {}; left unlinked, check by hand",
                    candidates.len(),
                    candidates.join("; ")
                ),
                sources: own.mentions.iter().map(|&m| describe(m)).collect(),
            });
        }
        for model in self.models.models() {
            let mut used = BTreeSet::new();
            self.roster_names_used(&model.expr, &mut used, &mut BTreeSet::new());
            for kind in RosterKind::ALL {
                if used.contains(kind.as_str()) && !self.rosters.iter().any(|r| r.kind == kind) {
                    out.push(Problem {
                        kind: ProblemKind::EmptyRosterSet,
                        message: format!(
                            "model {} uses {}, but no roster of kind {} ({}) is configured; that part of the model finds nobody",
                            model.id,
                            kind.as_str(),
                            kind.as_str(),
                            kind.label_zh()
                        ),
                        sources: Vec::new(),
                    });
                }
            }
        }
        out
    }

    fn roster_names_used<'a>(
        &'a self,
        e: &'a Expr,
        out: &mut BTreeSet<&'a str>,
        seen: &mut BTreeSet<&'a str>,
    ) {
        for (name, _) in e.names() {
            if !seen.insert(name) {
                continue;
            }
            match self.models.set(name).map(|s| &s.rule) {
                Some(SetRule::Expr(inner)) => self.roster_names_used(inner, out, seen),
                Some(SetRule::Records(_)) => {}
                None => {
                    out.insert(name);
                }
            }
        }
    }
}

fn locality_rank(l: Locality) -> u8 {
    match l {
        Locality::Local => 0,
        Locality::NonLocal => 1,
        Locality::Unknown => 2,
    }
}

fn resolve_values<'a>(v: &'a Values, screen: &'a ScreenLists) -> &'a [String] {
    match v {
        Values::List(l) => l,
        Values::ScreenCharges => &screen.charges,
        Values::ScreenCivilCauses => &screen.civil_causes,
    }
}

fn charge_matches(charge: &str, wanted: &str) -> bool {
    let (c, w) = (charge.trim(), wanted.trim());
    c == w || c.trim_end_matches('罪') == w.trim_end_matches('罪')
}

type DocTest<'a> = Box<dyn Fn(&DocRecord) -> bool + 'a>;
type PersonTest<'a> = Box<dyn Fn(&DocRecord, &Person) -> bool + 'a>;

/// One filter stage of a record set, applied to a document or to one of its persons.
enum Stage<'a> {
    Doc(&'static str, DocTest<'a>),
    Person(&'static str, PersonTest<'a>),
}

fn person_status(rec: &DocRecord, p: &Person) -> CompensationStatus {
    p.compensation.unwrap_or(rec.compensation.status)
}

fn stages<'a>(f: &'a RecordFilter, screen: &'a ScreenLists) -> Vec<Stage<'a>> {
    let mut out: Vec<Stage<'a>> = Vec::new();
    if let Some(kinds) = &f.kinds {
        out.push(Stage::Doc(
            "kinds",
            Box::new(move |r| kinds.contains(&r.kind)),
        ));
    }
    let charges = f.charges.as_ref().map(|v| resolve_values(v, screen));
    let causes = f.causes.as_ref().map(|v| resolve_values(v, screen));
    if charges.is_some() || causes.is_some() {
        let label = match (charges.is_some(), causes.is_some()) {
            (true, true) => "charges or causes",
            (true, false) => "charges",
            _ => "causes",
        };
        out.push(Stage::Doc(
            label,
            Box::new(move |r| {
                let by_charge = charges.map(|list| {
                    r.charges
                        .iter()
                        .any(|c| list.iter().any(|w| charge_matches(c, w)))
                });
                let by_cause = causes.map(|list| {
                    r.cause
                        .as_deref()
                        .is_some_and(|c| list.iter().any(|w| w.trim() == c.trim()))
                });
                // Either suffices when both are given (criminal by charge, civil by cause).
                by_charge.unwrap_or(false) || by_cause.unwrap_or(false)
            }),
        ));
    }
    if let Some(outcomes) = &f.outcomes {
        out.push(Stage::Doc(
            "outcomes",
            Box::new(move |r| {
                r.enforcement
                    .as_ref()
                    .is_some_and(|e| outcomes.contains(&e.outcome))
            }),
        ));
    }
    if let Some(allowed) = &f.compensation {
        out.push(Stage::Person(
            "compensation",
            Box::new(move |r, p| allowed.contains(&person_status(r, p))),
        ));
    }
    if !f.compensation_not.is_empty() {
        let not = &f.compensation_not;
        out.push(Stage::Person(
            "compensation_not",
            Box::new(move |r, p| !not.contains(&person_status(r, p))),
        ));
    }
    out
}

impl Eval<'_> {
    fn entity(&self, e: usize) -> &Entity {
        &self.res.entities[e]
    }

    fn has_roster(&self, e: usize) -> bool {
        self.entity(e)
            .mentions
            .iter()
            .any(|&m| matches!(self.res.mentions[m].at, MentionAt::Roster { .. }))
    }

    /// Cannot be matched to any roster: anonymised with no ID, or ambiguous.
    fn unlinkable(&self, e: usize) -> bool {
        let ent = self.entity(e);
        if self.has_roster(e) {
            return false;
        }
        ent.ambiguous
            || (ent.id.is_none()
                && ent.mentions.iter().all(|&m| {
                    self.res.mentions[m].anonymized || self.res.mentions[m].name.is_empty()
                }))
    }

    fn step(&self, label: String, v: &SetValue, unlinkable: Option<usize>) -> FunnelStep {
        let docs: BTreeSet<usize> = v.values().flatten().copied().collect();
        FunnelStep {
            step: label,
            documents: docs.len(),
            persons: v.len(),
            unlinkable: unlinkable
                .unwrap_or_else(|| v.keys().filter(|&&e| self.unlinkable(e)).count()),
        }
    }

    fn eval(&mut self, e: &Expr, steps: &mut Vec<FunnelStep>) -> Rc<SetValue> {
        match e {
            Expr::Set { name, .. } => self.named(name, steps),
            Expr::Binary { op, lhs, rhs } => {
                let l = self.eval(lhs, steps);
                let r = self.eval(rhs, steps);
                let mut out = SetValue::new();
                match op {
                    crate::expr::Op::And => {
                        for (k, d) in l.iter() {
                            if let Some(d2) = r.get(k) {
                                out.insert(*k, d.union(d2).copied().collect());
                            }
                        }
                    }
                    crate::expr::Op::Or => {
                        out = (*l).clone();
                        for (k, d) in r.iter() {
                            out.entry(*k).or_default().extend(d);
                        }
                    }
                    crate::expr::Op::Minus => {
                        for (k, d) in l.iter() {
                            if !r.contains_key(k) {
                                out.insert(*k, d.clone());
                            }
                        }
                    }
                }
                // Unlinkable persons of the operands that this step drops.
                let dropped = l
                    .keys()
                    .chain(r.keys().filter(|k| !l.contains_key(k)))
                    .filter(|k| !out.contains_key(k) && self.unlinkable(**k))
                    .count();
                let step = self.step(e.to_string(), &out, Some(dropped));
                push_step(steps, step);
                Rc::new(out)
            }
        }
    }

    /// A named set's value; its steps are appended to `steps` (once per funnel).
    fn named(&mut self, name: &str, steps: &mut Vec<FunnelStep>) -> Rc<SetValue> {
        if let Some((v, s)) = self.cache.get(name) {
            for step in s {
                push_step(steps, step.clone());
            }
            return Rc::clone(v);
        }
        let mut own = Vec::new();
        let value = match self.screen.models.set(name).map(|s| s.rule.clone()) {
            Some(SetRule::Expr(e)) => {
                let v = self.eval(&e, &mut own);
                let top = e.to_string();
                match own.last_mut() {
                    Some(last) if last.step == top && matches!(e, Expr::Binary { .. }) => {
                        last.step = format!("{name} = {top}");
                    }
                    _ => {
                        let step = self.step(name.to_string(), &v, None);
                        own.push(step);
                    }
                }
                v
            }
            Some(SetRule::Records(f)) => Rc::new(self.records(name, &f, &mut own)),
            None => {
                let v = self.roster_set(name);
                own.push(self.step(name.to_string(), &v, Some(0)));
                Rc::new(v)
            }
        };
        for step in &own {
            push_step(steps, step.clone());
        }
        self.cache
            .insert(name.to_string(), (Rc::clone(&value), own));
        value
    }

    fn roster_set(&self, name: &str) -> SetValue {
        let mut v = SetValue::new();
        for (r, roster) in self.screen.rosters.iter().enumerate() {
            if roster.kind.as_str() != name && roster.label != name {
                continue;
            }
            for i in 0..roster.rows.len() {
                if let Some(&m) = self.res.roster_mention.get(&(r, i)) {
                    v.entry(self.res.entity_of[m]).or_default();
                }
            }
        }
        v
    }

    fn records(&self, name: &str, f: &RecordFilter, steps: &mut Vec<FunnelStep>) -> SetValue {
        let stages = stages(f, &self.screen.config.screen);
        let mut values: Vec<SetValue> = vec![SetValue::new(); stages.len().max(1)];
        for (d, rec) in self.records.iter().enumerate() {
            // Stages a document passes, in order, before the first it fails.
            let doc_passed = stages
                .iter()
                .take_while(|s| match s {
                    Stage::Doc(_, test) => test(rec),
                    Stage::Person(..) => true,
                })
                .count();
            for (i, p) in rec.persons.iter().enumerate() {
                let Some(&m) = self.res.doc_mention.get(&(d, i)) else {
                    continue;
                };
                let has_role = match &f.roles {
                    Some(roles) => p.roles.iter().any(|r| roles.contains(r)),
                    None => p.is_victim_side(),
                };
                if !has_role {
                    continue;
                }
                let passed = stages[..doc_passed]
                    .iter()
                    .take_while(|s| match s {
                        Stage::Doc(..) => true,
                        Stage::Person(_, test) => test(rec, p),
                    })
                    .count();
                let e = self.res.entity_of[m];
                let reach = if stages.is_empty() { 1 } else { passed };
                for v in values.iter_mut().take(reach) {
                    v.entry(e).or_default().insert(d);
                }
            }
        }
        let last = values.len() - 1;
        for (k, v) in values.iter().enumerate() {
            let label = if k == last {
                name.to_string()
            } else {
                let labels: Vec<&str> = stages[..=k]
                    .iter()
                    .map(|s| match s {
                        Stage::Doc(l, _) | Stage::Person(l, _) => *l,
                    })
                    .collect();
                format!("{name}: {}", labels.join(", "))
            };
            steps.push(self.step(label, v, None));
        }
        values.pop().unwrap_or_default()
    }

    /// Documents naming entity `e`, with the roles its mentions have there.
    fn doc_roles(&self, e: usize) -> BTreeMap<usize, BTreeSet<Role>> {
        let mut out: BTreeMap<usize, BTreeSet<Role>> = BTreeMap::new();
        for &m in &self.entity(e).mentions {
            if let MentionAt::Doc { doc, person } = self.res.mentions[m].at {
                out.entry(doc)
                    .or_default()
                    .extend(self.records[doc].persons[person].roles.iter().copied());
            }
        }
        out
    }

    fn clue(&self, model: &ModelDef, e: usize, model_docs: &BTreeSet<usize>) -> Clue {
        let ent = self.entity(e);
        let res = self.res;
        let docs = self.doc_roles(e);
        // Documents where the person is owed something: victim side or enforcement applicant.
        let owed: Vec<usize> = docs
            .iter()
            .filter(|(_, roles)| {
                roles
                    .iter()
                    .any(|r| r.is_victim_side() || *r == Role::Applicant)
            })
            .map(|(&d, _)| d)
            .collect();
        let roster_rows: Vec<(usize, usize)> = ent
            .mentions
            .iter()
            .filter_map(|&m| match res.mentions[m].at {
                MentionAt::Roster { roster, row } => Some((roster, row)),
                MentionAt::Doc { .. } => None,
            })
            .collect();

        let name = self.best_name(e);
        let age = ent.birth.map(|b| b.age_on(self.today()));
        let locality = self.locality(e);
        let person = CluePerson {
            name,
            id_number: ent.id.map(|i| i.to_string()),
            sex: ent.sex,
            birth_date: ent.birth,
            age,
            locality,
        };

        let link = self.link(e, model_docs);

        let mut sources: Vec<(Option<Date>, ClueSource)> = docs
            .iter()
            .map(|(&d, roles)| {
                let rec = &self.records[d];
                (
                    rec.date,
                    ClueSource {
                        source: rec.source.clone(),
                        case_number: rec.case_number.clone(),
                        kind: rec.kind,
                        roles: roles.iter().copied().collect(),
                    },
                )
            })
            .collect();
        sources.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.source.cmp(&b.1.source)));

        let injury = owed
            .iter()
            .map(|&d| self.records[d].injury)
            .max_by_key(|i| i.severity())
            .unwrap_or(Injury::Unknown);
        let unpaid_amount = self.unpaid(&owed);

        let mut flags = Vec::new();
        if let Some(birth) = ent.birth {
            let first_date = owed.iter().filter_map(|&d| self.records[d].date).min();
            if birth.age_on(first_date.unwrap_or(self.today())) < ADULT_AGE {
                flags.push(Flag::Minor);
            }
        }
        if ent.sex == Some(jiuzhu_core::Gender::Female) {
            flags.push(Flag::Woman);
        }
        if age.is_some_and(|a| a >= ELDERLY_AGE) {
            flags.push(Flag::Elderly);
        }
        let disabled = roster_rows.iter().any(|&(r, i)| {
            self.screen.rosters[r].rows[i]
                .category
                .as_deref()
                .is_some_and(|c| c.contains(DISABLED_MARK))
        });
        if disabled {
            flags.push(Flag::Disabled);
        }

        let mut evidence = Vec::new();
        for &d in &owed {
            let rec = &self.records[d];
            let items = rec
                .compensation
                .evidence
                .iter()
                .chain(rec.enforcement.iter().flat_map(|en| en.evidence.iter()));
            for ev in items {
                let item = ClueEvidence {
                    source: rec.source.clone(),
                    rule: ev.rule.clone(),
                    text: ev.text.clone(),
                    cue: ev.cue.clone(),
                };
                if !evidence.contains(&item) {
                    evidence.push(item);
                }
            }
        }

        let priority = priority(injury, unpaid_amount, &flags, link.level);
        Clue {
            model: model.id.clone(),
            action: model.action,
            person,
            link,
            sources: sources.into_iter().map(|(_, s)| s).collect(),
            injury,
            unpaid_amount,
            flags,
            priority,
            evidence,
        }
    }

    fn today(&self) -> Date {
        self.screen.today
    }

    /// A roster's spelling first (official records), else the most frequent real name in the
    /// documents, else an anonymised one.
    fn best_name(&self, e: usize) -> String {
        let mut counts: BTreeMap<(u8, &str), usize> = BTreeMap::new();
        for &m in &self.entity(e).mentions {
            let men = &self.res.mentions[m];
            if men.name.is_empty() {
                continue;
            }
            let rank = match (men.at, men.anonymized) {
                (MentionAt::Roster { .. }, false) => 0,
                (MentionAt::Doc { .. }, false) => 1,
                _ => 2,
            };
            *counts.entry((rank, men.name.as_str())).or_default() += 1;
        }
        let best_rank = counts.keys().map(|k| k.0).min();
        counts
            .iter()
            .filter(|(k, _)| Some(k.0) == best_rank)
            // Most mentions; on a tie the name that sorts first, for stable output.
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.1.cmp(a.0.1)))
            .map(|(k, _)| k.1.to_string())
            .unwrap_or_default()
    }

    /// Local if the ID prefix is the region's or a 户籍地 names the region; non-local if the
    /// ID or a 户籍地 says elsewhere; else unknown.
    ///
    /// Where someone merely lives (住址) does not count: social assistance goes by household
    /// registration, and migrant workers living in the region are on its rosters with their
    /// home province's ID and 户籍 (the seed's step 5 screens "户籍地乐清" and the ID prefix).
    fn locality(&self, e: usize) -> Locality {
        let region = &self.screen.config.region;
        let ent = self.entity(e);
        let mut hukou: Vec<&str> = Vec::new();
        for &m in &ent.mentions {
            match self.res.mentions[m].at {
                MentionAt::Doc { doc, person } => {
                    hukou.extend(self.records[doc].persons[person].hukou.as_deref());
                }
                MentionAt::Roster { roster, row } => {
                    hukou.extend(self.screen.rosters[roster].rows[row].hukou.as_deref());
                }
            }
        }
        let by_id = ent.id.is_some_and(|id| {
            region
                .id_prefixes
                .iter()
                .any(|p| id.as_str().starts_with(p.as_str()))
        });
        let by_hukou = region
            .name
            .as_deref()
            .is_some_and(|n| hukou.iter().any(|h| h.contains(n)));
        if by_id || by_hukou {
            Locality::Local
        } else if (ent.id.is_some() && !region.id_prefixes.is_empty())
            || (!hukou.is_empty() && region.name.is_some())
        {
            Locality::NonLocal
        } else {
            Locality::Unknown
        }
    }

    /// The unpaid amount: the largest `amounts.unpaid` of the person's enforcement rulings;
    /// failing that, the largest `awarded − paid` of their documents where both are known
    /// (a judgment that records a partial payment). An award alone says nothing about
    /// payment, so it gives no amount.
    fn unpaid(&self, owed: &[usize]) -> Option<f64> {
        let max = |it: &mut dyn Iterator<Item = f64>| {
            it.fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x))))
        };
        let from_rulings = max(&mut owed
            .iter()
            .map(|&d| &self.records[d])
            .filter(|r| r.kind == Kind::EnforcementRuling)
            .filter_map(|r| r.amounts.unpaid));
        from_rulings.or_else(|| {
            max(&mut owed.iter().filter_map(|&d| {
                let a = self.records[d].amounts;
                a.unpaid.or(match (a.awarded, a.paid) {
                    (Some(w), Some(p)) if w >= p => Some(w - p),
                    _ => None,
                })
            }))
        })
    }

    /// The link of a clue: the weakest merge on the paths joining the model's documents to
    /// the roster rows (the smallest subtree of the entity's merges that spans them).
    fn link(&self, e: usize, model_docs: &BTreeSet<usize>) -> ClueLink {
        let ent = self.entity(e);
        let res = self.res;
        let rosters: Vec<RosterHit> = ent
            .mentions
            .iter()
            .filter_map(|&m| match res.mentions[m].at {
                MentionAt::Roster { roster, row } => {
                    let r = &self.screen.rosters[roster];
                    let row = &r.rows[row];
                    Some(RosterHit {
                        roster: r.label.clone(),
                        file: r.file.clone(),
                        row: row.row,
                        category: row.category.clone(),
                    })
                }
                MentionAt::Doc { .. } => None,
            })
            .collect();
        let relevant: BTreeSet<usize> = ent
            .mentions
            .iter()
            .copied()
            .filter(|&m| match res.mentions[m].at {
                MentionAt::Roster { .. } => true,
                MentionAt::Doc { doc, .. } => model_docs.contains(&doc),
            })
            .collect();
        // Prune leaves that are not relevant until none is left: what remains spans them.
        let mut edges: Vec<usize> = ent.edges.clone();
        loop {
            let mut degree: BTreeMap<usize, usize> = BTreeMap::new();
            for &k in &edges {
                *degree.entry(res.edges[k].a).or_default() += 1;
                *degree.entry(res.edges[k].b).or_default() += 1;
            }
            let before = edges.len();
            edges.retain(|&k| {
                let (a, b) = (res.edges[k].a, res.edges[k].b);
                let leaf_out = |x: usize| degree[&x] == 1 && !relevant.contains(&x);
                !(leaf_out(a) || leaf_out(b))
            });
            if edges.len() == before {
                break;
            }
        }
        // Weakest first: lowest strength; among equals, name < case < name_birth < id.
        let order = |l: LinkLevel| {
            (
                l.strength(),
                match l {
                    LinkLevel::Name => 0,
                    LinkLevel::Case => 1,
                    LinkLevel::NameBirth => 2,
                    LinkLevel::Id => 3,
                },
            )
        };
        let weakest = edges
            .iter()
            .map(|&k| res.edges[k].level)
            .min_by_key(|&l| order(l));
        match weakest {
            Some(level) => {
                let mut reasons: Vec<(LinkLevel, &str)> = edges
                    .iter()
                    .map(|&k| (res.edges[k].level, res.edges[k].reason))
                    .collect();
                reasons.sort_by_key(|&(l, r)| (std::cmp::Reverse(order(l)), r));
                reasons.dedup_by_key(|x| x.1);
                ClueLink {
                    level,
                    rosters,
                    reason: reasons.iter().map(|x| x.1).collect::<Vec<_>>().join("；"),
                }
            }
            None => ClueLink {
                level: if ent.id.is_some() {
                    LinkLevel::Id
                } else {
                    LinkLevel::Name
                },
                rosters,
                reason: "仅一处记录，无需关联".to_string(),
            },
        }
    }
}

fn push_step(steps: &mut Vec<FunnelStep>, step: FunnelStep) {
    if !steps.iter().any(|s| s.step == step.step) {
        steps.push(step);
    }
}
