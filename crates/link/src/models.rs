//! The models file (DESIGN.md §5): named person sets and models as expressions over them.
//!
//! ```toml
//! [sets.procuratorate_victims]      # drawn from records by filters
//! kinds = ["indictment", "arrest_review"]
//! charges = "screen.charges"        # the config's [screen] charges, or a list
//! compensation_not = ["settled"]
//! roles = ["victim", "incidental_plaintiff"]
//!
//! [sets.unpaid]                     # derived from other sets
//! expr = "court_victims & failed_enforcement"
//!
//! [[model]]
//! id = "M2"
//! name = "无法通过诉讼获得赔偿的当事人"
//! action = "judicial_aid"           # or social_aid
//! expr = "unpaid & hardship"
//! split = "locality"                # optional
//! ```
//!
//! Roster sets are not declared here: every `[[roster]]` of the config is a set under its
//! kind (`hardship`, `social_aid`, `judicial_aid`; several rosters of one kind unite) and
//! under its label (`低保低边`).
//!
//! ## Record filters
//!
//! A set drawn from records holds the natural persons (never organisations) who have one of
//! the set's `roles` in a document that passes every document filter:
//!
//! - `kinds`: the document kind is listed;
//! - `charges` / `causes`: a charge of the document is listed / its civil 案由 is listed.
//!   When a set gives both, a document passes with either (criminal judgments are screened
//!   by charge, civil judgments by cause, as `court_victims` does); `"screen.charges"` and
//!   `"screen.civil_causes"` stand for the config's `[screen]` lists. A listed charge matches
//!   with or without its final 罪;
//! - `outcomes`: the document is an enforcement ruling with one of these outcomes;
//! - `compensation` / `compensation_not`: the compensation status is (not) listed. The status
//!   is the person's own where the document says whose (`Person::compensation`), else the
//!   document's, so a settled co-victim does not drop an unpaid one.
//!
//! An absent filter does not constrain; absent `roles` means the victim side (`victim`,
//! `incidental_plaintiff`, `plaintiff`). A set has filters or an `expr`, not both.
//!
//! ## Merging with a config
//!
//! [`Models::for_config`] starts from the file at `[models] path` if the config gives one,
//! else from the embedded defaults (`dictionaries/models.toml`); then the config's own
//! `[sets.NAME]` replace same-named sets or add new ones, its `[[model]]` entries replace the
//! model with the same `id` in place or are appended in order, and `[models] disable = ["M3"]`
//! removes models. So a fifth model needs only a `[[model]]` (and its sets) in `jiuzhu.toml`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use jiuzhu_core::{Action, CompensationStatus, Kind, Outcome, Role};
use serde::Deserialize;
use toml::Spanned;

use crate::config::Config;
use crate::error::{ConfigError, Source};
use crate::expr::Expr;

/// The default models file: the seed's four models as DESIGN.md §5 writes them.
pub const DEFAULT_MODELS: &str = include_str!("../../../dictionaries/models.toml");
/// How errors in the embedded defaults name their file.
pub const DEFAULT_MODELS_FILE: &str = "dictionaries/models.toml (embedded)";

/// A value list in a filter: given in the file, or the config's `[screen]` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Values {
    /// Given in the file.
    List(Vec<String>),
    /// `"screen.charges"`.
    ScreenCharges,
    /// `"screen.civil_causes"`.
    ScreenCivilCauses,
}

/// The filters of a set drawn from records (see the module docs for their meaning).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RecordFilter {
    /// Document kinds; `None`: any.
    pub kinds: Option<Vec<Kind>>,
    /// Charges (罪名); `None`: any.
    pub charges: Option<Values>,
    /// Civil causes (案由); `None`: any.
    pub causes: Option<Values>,
    /// Compensation statuses kept; `None`: any.
    pub compensation: Option<Vec<CompensationStatus>>,
    /// Compensation statuses dropped.
    pub compensation_not: Vec<CompensationStatus>,
    /// Enforcement outcomes; `None`: any (documents without enforcement included).
    pub outcomes: Option<Vec<Outcome>>,
    /// `None`: the victim side.
    pub roles: Option<Vec<Role>>,
}

/// How a set gets its members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetRule {
    /// Persons of documents that pass the filters.
    Records(RecordFilter),
    /// An expression over other sets.
    Expr(Expr),
}

/// Where a definition was written, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file, as errors name it.
    pub file: String,
    /// The line of the definition.
    pub line: Option<usize>,
    /// Line and column of the opening quote of the `expr` string, for expression errors.
    pub expr_at: Option<(usize, usize)>,
}

/// A named person set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetDef {
    /// The set's name.
    pub name: String,
    /// How it gets its members.
    pub rule: SetRule,
    /// The expression as written (derived sets).
    pub expr_text: Option<String>,
    /// Where it was defined.
    pub origin: Origin,
}

/// How a model's clues are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// By `person.locality` (local, non_local, unknown): clues are ordered by group and the
    /// funnel gets one step per group.
    Locality,
}

/// One model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelDef {
    /// Short id (`M1`), the `model` of its clues.
    pub id: String,
    /// What it screens for, for reviewers.
    pub name: String,
    /// What its clues ask for.
    pub action: Action,
    /// Its expression.
    pub expr: Expr,
    /// The expression as written.
    pub expr_text: String,
    /// How its clues are grouped.
    pub split: Option<Split>,
    /// Where it was defined.
    pub origin: Origin,
}

/// Named sets and models, in model order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Models {
    sets: BTreeMap<String, SetDef>,
    models: Vec<ModelDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawModelsFile {
    #[serde(default)]
    pub sets: BTreeMap<String, Spanned<RawSet>>,
    #[serde(default)]
    pub model: Vec<Spanned<RawModel>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSet {
    kinds: Option<Vec<Spanned<String>>>,
    charges: Option<Spanned<toml::Value>>,
    causes: Option<Spanned<toml::Value>>,
    compensation: Option<Vec<Spanned<String>>>,
    compensation_not: Option<Vec<Spanned<String>>>,
    outcomes: Option<Vec<Spanned<String>>>,
    roles: Option<Vec<Spanned<String>>>,
    expr: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawModel {
    id: Spanned<String>,
    name: Spanned<String>,
    action: Spanned<String>,
    expr: Spanned<String>,
    split: Option<Spanned<String>>,
}

/// Reads an optional list of enum names (`kinds = ["indictment", …]`), naming the bad value
/// and the valid ones in an error.
fn enum_list<T: Copy>(
    src: &Source,
    key: &str,
    items: Option<&Vec<Spanned<String>>>,
    all: &[T],
    as_str: fn(T) -> &'static str,
) -> Result<Option<Vec<T>>, ConfigError> {
    let Some(items) = items else {
        return Ok(None);
    };
    items
        .iter()
        .map(|item| {
            all.iter()
                .copied()
                .find(|&x| as_str(x) == item.get_ref())
                .ok_or_else(|| {
                    let valid: Vec<&str> = all.iter().map(|&x| as_str(x)).collect();
                    src.err(
                        Some(item.span()),
                        key,
                        format!("unknown value \"{}\"", item.get_ref()),
                        format!("use one of: {}", valid.join(", ")),
                    )
                })
        })
        .collect::<Result<Vec<T>, _>>()
        .map(Some)
}

fn parse_values(
    src: &Source,
    key: &str,
    v: &Spanned<toml::Value>,
    reference: &str,
) -> Result<Values, ConfigError> {
    let bad = || {
        src.err(
            Some(v.span()),
            key,
            format!("expected a list of strings or \"{reference}\""),
            format!(
                "write {key} = \"{reference}\" to use the config's list, or {key} = [\"…\", \"…\"]"
            ),
        )
    };
    match v.get_ref() {
        toml::Value::String(s) if s == reference => Ok(match reference {
            "screen.charges" => Values::ScreenCharges,
            _ => Values::ScreenCivilCauses,
        }),
        toml::Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map(str::to_string).ok_or_else(bad))
            .collect::<Result<Vec<_>, _>>()
            .map(Values::List),
        _ => Err(bad()),
    }
}

impl RawSet {
    fn convert(&self, src: &Source, name: &str, line: usize) -> Result<SetDef, ConfigError> {
        let key = |k: &str| format!("sets.{name}.{k}");
        let has_filters = self.kinds.is_some()
            || self.charges.is_some()
            || self.causes.is_some()
            || self.compensation.is_some()
            || self.compensation_not.is_some()
            || self.outcomes.is_some()
            || self.roles.is_some();
        let origin = |expr_at| Origin {
            file: src.file.to_string(),
            line: Some(line),
            expr_at,
        };
        if let Some(expr) = &self.expr {
            if has_filters {
                return Err(src.err(
                    Some(expr.span()),
                    format!("sets.{name}"),
                    "a set has either filters (kinds, charges …) or an expr, not both",
                    "split it into two sets: one with the filters, one whose expr uses it",
                ));
            }
            let at = src.pos(expr.span().start);
            let parsed = Expr::parse(expr.get_ref()).map_err(|e| {
                ConfigError::new(
                    src.file,
                    format!("in \"{}\": {}", expr.get_ref(), e),
                    "write set names joined by & (both), | (either), - (except), with parentheses",
                )
                .line_col(Some(at.line), Some(at.column + e.column))
                .key(key("expr"))
            })?;
            return Ok(SetDef {
                name: name.to_string(),
                rule: SetRule::Expr(parsed),
                expr_text: Some(expr.get_ref().clone()),
                origin: origin(Some((at.line, at.column))),
            });
        }
        if !has_filters {
            return Err(ConfigError::new(
                src.file,
                "the set has no filters and no expr",
                "give filters (kinds, charges, causes, compensation, compensation_not, outcomes, roles) or an expr",
            )
            .at(Some(crate::error::Pos { line, column: 1 }))
            .key(format!("sets.{name}")));
        }
        let kinds = enum_list(
            src,
            &key("kinds"),
            self.kinds.as_ref(),
            &Kind::ALL,
            Kind::as_str,
        )?;
        let statuses = &CompensationStatus::ALL;
        let compensation = enum_list(
            src,
            &key("compensation"),
            self.compensation.as_ref(),
            statuses,
            CompensationStatus::as_str,
        )?;
        let compensation_not = enum_list(
            src,
            &key("compensation_not"),
            self.compensation_not.as_ref(),
            statuses,
            CompensationStatus::as_str,
        )?
        .unwrap_or_default();
        let outcomes = enum_list(
            src,
            &key("outcomes"),
            self.outcomes.as_ref(),
            &Outcome::ALL,
            Outcome::as_str,
        )?;
        let roles = enum_list(
            src,
            &key("roles"),
            self.roles.as_ref(),
            &Role::ALL,
            Role::as_str,
        )?;
        let charges = self
            .charges
            .as_ref()
            .map(|v| parse_values(src, &key("charges"), v, "screen.charges"))
            .transpose()?;
        let causes = self
            .causes
            .as_ref()
            .map(|v| parse_values(src, &key("causes"), v, "screen.civil_causes"))
            .transpose()?;
        Ok(SetDef {
            name: name.to_string(),
            rule: SetRule::Records(RecordFilter {
                kinds,
                charges,
                causes,
                compensation,
                compensation_not,
                outcomes,
                roles,
            }),
            expr_text: None,
            origin: origin(None),
        })
    }
}

impl RawModel {
    fn convert(&self, src: &Source, line: usize) -> Result<ModelDef, ConfigError> {
        let id = self.id.get_ref().trim().to_string();
        if id.is_empty() {
            return Err(src.err(
                Some(self.id.span()),
                "model.id",
                "a model id is empty",
                "give the model a short id such as \"M5\"",
            ));
        }
        let key = |k: &str| format!("model {id} {k}");
        let action = match self.action.get_ref().as_str() {
            "judicial_aid" => Action::JudicialAid,
            "social_aid" => Action::SocialAid,
            other => {
                return Err(src.err(
                    Some(self.action.span()),
                    key("action"),
                    format!("unknown action \"{other}\""),
                    "use \"judicial_aid\" (司法救助) or \"social_aid\" (社会救助)",
                ));
            }
        };
        let split = match self.split.as_ref() {
            None => None,
            Some(s) if s.get_ref() == "locality" => Some(Split::Locality),
            Some(s) => {
                return Err(src.err(
                    Some(s.span()),
                    key("split"),
                    format!("unknown split \"{}\"", s.get_ref()),
                    "use split = \"locality\" or leave it out",
                ));
            }
        };
        let at = src.pos(self.expr.span().start);
        let expr = Expr::parse(self.expr.get_ref()).map_err(|e| {
            ConfigError::new(
                src.file,
                format!("in \"{}\": {}", self.expr.get_ref(), e),
                "write set names joined by & (both), | (either), - (except), with parentheses",
            )
            .line_col(Some(at.line), Some(at.column + e.column))
            .key(key("expr"))
        })?;
        Ok(ModelDef {
            id,
            name: self.name.get_ref().clone(),
            action,
            expr,
            expr_text: self.expr.get_ref().clone(),
            split,
            origin: Origin {
                file: src.file.to_string(),
                line: Some(line),
                expr_at: Some((at.line, at.column)),
            },
        })
    }
}

/// Converts raw sets and models read from `src` (a models file or a config's inline part).
pub(crate) fn convert(
    src: &Source,
    sets: &BTreeMap<String, Spanned<RawSet>>,
    models: &[Spanned<RawModel>],
) -> Result<Models, ConfigError> {
    let mut out = Models::default();
    for (name, raw) in sets {
        if !is_set_name(name) {
            return Err(src.err(
                Some(raw.span()),
                format!("sets.{name}"),
                format!("\"{name}\" cannot be used in an expression"),
                "name sets with letters, digits, _ and . only (no spaces or - & | ( ))",
            ));
        }
        let line = src.pos(raw.span().start).line;
        let def = raw.get_ref().convert(src, name, line)?;
        out.sets.insert(name.clone(), def);
    }
    for raw in models {
        let line = src.pos(raw.span().start).line;
        let def = raw.get_ref().convert(src, line)?;
        if out.models.iter().any(|m| m.id == def.id) {
            return Err(src.err(
                Some(raw.get_ref().id.span()),
                format!("model {}", def.id),
                "two models have this id",
                "give every [[model]] its own id",
            ));
        }
        out.models.push(def);
    }
    Ok(out)
}

/// Whether `name` can appear in an expression as a set name.
pub fn is_set_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
}

fn origin_err(origin: &Origin, key: String, message: String, fix: &str) -> ConfigError {
    ConfigError::new(&origin.file, message, fix)
        .line_col(origin.line, None)
        .key(key)
}

fn expr_err(
    origin: &Origin,
    column: usize,
    key: String,
    message: String,
    fix: &str,
) -> ConfigError {
    match origin.expr_at {
        Some((line, col)) => ConfigError::new(&origin.file, message, fix)
            .line_col(Some(line), Some(col + column))
            .key(key),
        None => origin_err(origin, key, message, fix),
    }
}

impl Models {
    /// The seed's four models (DESIGN.md §5), parsed once from the embedded
    /// `dictionaries/models.toml`.
    pub fn embedded() -> Models {
        static EMBEDDED: OnceLock<Models> = OnceLock::new();
        EMBEDDED
            .get_or_init(|| {
                Models::from_str(DEFAULT_MODELS, DEFAULT_MODELS_FILE)
                    .unwrap_or_else(|e| panic!("the embedded models file is invalid: {e}"))
            })
            .clone()
    }

    /// Parses a models file; `file` names it in errors. Set names in expressions are checked
    /// later, against a config ([`Models::check`]), because roster sets come from the config.
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(text: &str, file: &str) -> Result<Models, ConfigError> {
        let src = Source { file, text };
        let raw: RawModelsFile = toml::from_str(text).map_err(|e| src.toml_err(&e))?;
        convert(&src, &raw.sets, &raw.model)
    }

    /// Reads and parses a models file.
    pub fn load(path: &std::path::Path) -> Result<Models, ConfigError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            ConfigError::new(
                &file,
                format!("cannot read the models file: {e}"),
                "check the path ([models] path is relative to the config file)",
            )
        })?;
        Models::from_str(&text, &file)
    }

    /// The models for a config, merged as the module docs describe, and checked.
    pub fn for_config(config: &Config) -> Result<Models, ConfigError> {
        let mut models = match config.models_path() {
            Some(path) => Models::load(path)?,
            None => Models::embedded(),
        };
        models.extend(config.inline_models().clone());
        for (id, line) in config.disabled_models() {
            if !models.models.iter().any(|m| &m.id == id) {
                return Err(ConfigError::new(
                    &config.file_name(),
                    format!("there is no model \"{id}\" to disable"),
                    format!(
                        "use one of the model ids: {}",
                        models
                            .models
                            .iter()
                            .map(|m| m.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
                .line_col(*line, None)
                .key("models.disable"));
            }
            models.models.retain(|m| &m.id != id);
        }
        models.check(config)?;
        Ok(models)
    }

    /// Overrides with `other`: same-named sets are replaced, a model with the same id is
    /// replaced in place, new models are appended in order.
    pub fn extend(&mut self, other: Models) {
        self.sets.extend(other.sets);
        for m in other.models {
            match self.models.iter_mut().find(|x| x.id == m.id) {
                Some(slot) => *slot = m,
                None => self.models.push(m),
            }
        }
    }

    /// Every named set, by name.
    pub fn sets(&self) -> impl Iterator<Item = &SetDef> {
        self.sets.values()
    }

    /// The set named `name`.
    pub fn set(&self, name: &str) -> Option<&SetDef> {
        self.sets.get(name)
    }

    /// The models, in order.
    pub fn models(&self) -> &[ModelDef] {
        &self.models
    }

    /// The model with this id.
    pub fn model(&self, id: &str) -> Option<&ModelDef> {
        self.models.iter().find(|m| m.id == id)
    }

    /// Checks the models against a config: every name in an expression is a set or a
    /// roster, derived sets form no cycle, no set shadows a roster, and `screen.*`
    /// references have a non-empty list in the config.
    pub fn check(&self, config: &Config) -> Result<(), ConfigError> {
        let roster_names = config.roster_set_names();
        for set in self.sets.values() {
            if roster_names.contains(&set.name) {
                return Err(origin_err(
                    &set.origin,
                    format!("sets.{}", set.name),
                    format!(
                        "\"{}\" is also the kind or label of a [[roster]] in the config",
                        set.name
                    ),
                    "rename the set (or the roster label): a name means one set",
                ));
            }
            if let SetRule::Records(f) = &set.rule {
                for (values, key, list, what) in [
                    (&f.charges, "charges", &config.screen.charges, "charges"),
                    (
                        &f.causes,
                        "causes",
                        &config.screen.civil_causes,
                        "civil_causes",
                    ),
                ] {
                    let refers = matches!(
                        values,
                        Some(Values::ScreenCharges | Values::ScreenCivilCauses)
                    );
                    if refers && list.is_empty() {
                        return Err(origin_err(
                            &set.origin,
                            format!("sets.{}.{key}", set.name),
                            format!("uses screen.{what}, but the config has no [screen] {what}"),
                            &format!(
                                "add {what} = [\"…\"] under [screen] in the config, or list them in the set"
                            ),
                        ));
                    }
                }
            }
        }
        let known = |name: &str| self.sets.contains_key(name) || roster_names.contains(name);
        let unknown_fix = |names: Vec<&str>| {
            format!(
                "use a defined set: {} (sets come from [sets.NAME] and from roster kinds and labels)",
                names.join(", ")
            )
        };
        let all_names: Vec<&str> = self
            .sets
            .keys()
            .map(String::as_str)
            .chain(roster_names.iter().map(String::as_str))
            .collect();
        for set in self.sets.values() {
            if let SetRule::Expr(e) = &set.rule {
                for (name, column) in e.names() {
                    if !known(name) {
                        return Err(expr_err(
                            &set.origin,
                            column,
                            format!("sets.{}.expr", set.name),
                            format!("unknown set \"{name}\" at column {column} of \"{}\"", e),
                            &unknown_fix(all_names.clone()),
                        ));
                    }
                }
            }
        }
        for model in &self.models {
            for (name, column) in model.expr.names() {
                if !known(name) {
                    return Err(expr_err(
                        &model.origin,
                        column,
                        format!("model {} expr", model.id),
                        format!(
                            "unknown set \"{name}\" at column {column} of \"{}\"",
                            model.expr_text
                        ),
                        &unknown_fix(all_names.clone()),
                    ));
                }
            }
        }
        self.check_cycles()
    }

    fn check_cycles(&self) -> Result<(), ConfigError> {
        // Depth-first search with colours; the path on the stack names the cycle.
        fn visit<'a>(
            models: &'a Models,
            name: &'a str,
            done: &mut BTreeSet<&'a str>,
            stack: &mut Vec<&'a str>,
        ) -> Result<(), ConfigError> {
            if done.contains(name) {
                return Ok(());
            }
            if let Some(i) = stack.iter().position(|n| *n == name) {
                let mut cycle: Vec<&str> = stack[i..].to_vec();
                cycle.push(name);
                let set = &models.sets[stack[i]];
                return Err(origin_err(
                    &set.origin,
                    format!("sets.{}.expr", set.name),
                    format!(
                        "the sets refer to each other in a cycle: {}",
                        cycle.join(" → ")
                    ),
                    "define each set from sets that do not use it",
                ));
            }
            let Some(SetDef {
                rule: SetRule::Expr(e),
                ..
            }) = models.sets.get(name)
            else {
                done.insert(name);
                return Ok(());
            };
            stack.push(name);
            for (n, _) in e.names() {
                if let Some((key, _)) = models.sets.get_key_value(n) {
                    visit(models, key, done, stack)?;
                }
            }
            stack.pop();
            done.insert(name);
            Ok(())
        }
        let mut done = BTreeSet::new();
        for name in self.sets.keys() {
            visit(self, name, &mut done, &mut Vec::new())?;
        }
        Ok(())
    }
}
