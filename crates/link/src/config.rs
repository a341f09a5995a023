//! `jiuzhu.toml` (DESIGN.md §4), validated on load.
//!
//! ```toml
//! [region]
//! name = "乐清"              # a 户籍地 (not a mere address) naming it is local
//! id_prefixes = ["330382"]  # resident-ID prefixes counted as local
//!
//! [screen]
//! charges = ["故意伤害罪", "交通肇事罪"]
//! civil_causes = ["机动车交通事故责任纠纷"]
//!
//! [[roster]]
//! kind = "hardship"          # hardship | social_aid | judicial_aid
//! label = "低保低边"          # also a set name in expressions
//! path = "rosters/dibao.csv" # relative to this file; CSV (any encoding), XLSX, XLS, ODS
//! sheet = "Sheet1"           # optional: a spreadsheet's sheet (default: the first)
//! header_row = 3             # optional: the header's row as a spreadsheet shows it
//! columns = { name = "姓名", id_number = "证件号" }   # optional: header texts
//!
//! [models]                   # optional
//! path = "models.toml"       # replaces the embedded default models
//! disable = ["M3"]           # drops models by id
//!
//! [sets.NAME]                # optional, as in the models file: add or replace a set
//! [[model]]                  # optional: add a model, or replace one with the same id
//! ```
//!
//! Unknown keys are errors (a misspelt key would otherwise be silently ignored), and every
//! error names the file, the line and the fix.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::error::{ConfigError, Source};
use crate::models::{self, Models, RawModel, RawSet};

/// The kind of a roster; each kind is a person set of the same name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RosterKind {
    /// 低保/低边 households and vulnerable groups (生活困难).
    Hardship,
    /// Social-assistance recipients (已开展社会救助).
    SocialAid,
    /// Judicial-aid recipients (已开展司法救助).
    JudicialAid,
}

impl RosterKind {
    /// Every kind, in the order reports list them.
    pub const ALL: [RosterKind; 3] = [
        RosterKind::Hardship,
        RosterKind::SocialAid,
        RosterKind::JudicialAid,
    ];

    /// The name in configs and expressions (`hardship`).
    pub fn as_str(self) -> &'static str {
        match self {
            RosterKind::Hardship => "hardship",
            RosterKind::SocialAid => "social_aid",
            RosterKind::JudicialAid => "judicial_aid",
        }
    }

    /// The Chinese name for reviewers.
    pub fn label_zh(self) -> &'static str {
        match self {
            RosterKind::Hardship => "生活困难人员",
            RosterKind::SocialAid => "已开展社会救助人员",
            RosterKind::JudicialAid => "已开展司法救助人员",
        }
    }

    /// The kind named `s` in a config, if any.
    pub fn parse(s: &str) -> Option<RosterKind> {
        RosterKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Header texts naming a roster's columns, overriding auto-detection column by column.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    /// 姓名.
    pub name: Option<String>,
    /// 身份证号.
    pub id_number: Option<String>,
    /// 住址 / 家庭住址.
    pub address: Option<String>,
    /// 户籍地.
    pub hukou: Option<String>,
    /// 乡镇 / 街道.
    pub township: Option<String>,
    /// 类别 / 救助类型 (a category containing 残疾 flags the person disabled).
    pub category: Option<String>,
    /// 性别.
    pub sex: Option<String>,
    /// 出生日期.
    pub birth_date: Option<String>,
}

impl Columns {
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("name", &self.name),
            ("id_number", &self.id_number),
            ("address", &self.address),
            ("hukou", &self.hukou),
            ("township", &self.township),
            ("category", &self.category),
            ("sex", &self.sex),
            ("birth_date", &self.birth_date),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
    }
}

/// One `[[roster]]` of the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterSpec {
    /// Which set the roster adds to.
    pub kind: RosterKind,
    /// Its name in clues and expressions (`低保低边`).
    pub label: String,
    /// The path as written in the config (relative to the config file unless absolute).
    pub path: PathBuf,
    /// A spreadsheet's sheet; `None`: the first.
    pub sheet: Option<String>,
    /// The header's 1-based row, when the config fixes it.
    pub header_row: Option<usize>,
    /// Header texts overriding detection.
    pub columns: Columns,
}

impl RosterSpec {
    /// A spec with auto-detected columns (for tests and programmatic use).
    pub fn new(kind: RosterKind, label: impl Into<String>, path: impl Into<PathBuf>) -> Self {
        RosterSpec {
            kind,
            label: label.into(),
            path: path.into(),
            sheet: None,
            header_row: None,
            columns: Columns::default(),
        }
    }

    /// The file to read: `path` joined to `base_dir` unless absolute.
    pub fn resolve(&self, base_dir: &Path) -> PathBuf {
        if self.path.is_absolute() {
            self.path.clone()
        } else {
            base_dir.join(&self.path)
        }
    }
}

/// `[region]`: who counts as local.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegionConfig {
    /// A 户籍地 containing this counts as local (`乐清`); a mere address does not.
    pub name: Option<String>,
    /// Resident-ID prefixes counted as local (`330382`).
    pub id_prefixes: Vec<String>,
}

/// `[screen]`: the charges and civil causes the models screen for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScreenLists {
    /// 罪名 screened (`screen.charges` in the models file).
    pub charges: Vec<String>,
    /// Civil 案由 screened (`screen.civil_causes`).
    pub civil_causes: Vec<String>,
}

/// A validated `jiuzhu.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    file: String,
    base_dir: PathBuf,
    /// `[region]`.
    pub region: RegionConfig,
    /// `[screen]`.
    pub screen: ScreenLists,
    /// The `[[roster]]` entries, in order.
    pub rosters: Vec<RosterSpec>,
    models_path: Option<PathBuf>,
    inline: Models,
    disabled: Vec<(String, Option<usize>)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    region: Option<RawRegion>,
    screen: Option<RawScreen>,
    #[serde(default)]
    roster: Vec<Spanned<RawRoster>>,
    models: Option<RawModelsSection>,
    #[serde(default)]
    sets: BTreeMap<String, Spanned<RawSet>>,
    #[serde(default)]
    model: Vec<Spanned<RawModel>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegion {
    name: Option<Spanned<String>>,
    #[serde(default)]
    id_prefixes: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScreen {
    #[serde(default)]
    charges: Vec<String>,
    #[serde(default)]
    civil_causes: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoster {
    kind: Spanned<String>,
    label: Spanned<String>,
    path: Spanned<String>,
    sheet: Option<Spanned<String>>,
    header_row: Option<Spanned<i64>>,
    columns: Option<Spanned<Columns>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModelsSection {
    path: Option<Spanned<String>>,
    #[serde(default)]
    disable: Vec<Spanned<String>>,
}

/// File extensions read as delimited text, and as spreadsheets (calamine).
pub(crate) const CSV_EXTENSIONS: &[&str] = &["csv", "tsv", "txt"];
pub(crate) const SHEET_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods"];

pub(crate) fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

impl Config {
    /// Reads and validates a config file; roster paths are relative to its directory.
    pub fn load(path: impl AsRef<Path>) -> Result<Config, ConfigError> {
        let path = path.as_ref();
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            ConfigError::new(
                &file,
                format!("cannot read the config file: {e}"),
                "check the --config path; the file must be UTF-8 TOML",
            )
        })?;
        let base_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Config::from_str(&text, &file, &base_dir)
    }

    /// Parses and validates config text; `file` names it in errors, `base_dir` is where
    /// relative paths start. Roster and models files must exist.
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(text: &str, file: &str, base_dir: &Path) -> Result<Config, ConfigError> {
        let src = Source { file, text };
        let raw: RawConfig = toml::from_str(text).map_err(|e| src.toml_err(&e))?;
        let region = match raw.region {
            None => RegionConfig::default(),
            Some(r) => {
                for p in &r.id_prefixes {
                    let s = p.get_ref();
                    if !(2..=6).contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_digit()) {
                        return Err(src.err(
                            Some(p.span()),
                            "region.id_prefixes",
                            format!("\"{s}\" is not a division-code prefix"),
                            "give 2 to 6 digits of a GB/T 2260 code, e.g. \"330382\" for 乐清市",
                        ));
                    }
                }
                if let Some(n) = r.name.as_ref().filter(|n| n.get_ref().trim().is_empty()) {
                    return Err(src.err(
                        Some(n.span()),
                        "region.name",
                        "the region name is empty",
                        "give the place name as 户籍地 addresses write it, e.g. \"乐清\"",
                    ));
                }
                RegionConfig {
                    name: r.name.map(|n| n.into_inner().trim().to_string()),
                    id_prefixes: r.id_prefixes.into_iter().map(Spanned::into_inner).collect(),
                }
            }
        };
        let screen = raw
            .screen
            .map(|s| ScreenLists {
                charges: s
                    .charges
                    .into_iter()
                    .map(|c| c.trim().to_string())
                    .collect(),
                civil_causes: s
                    .civil_causes
                    .into_iter()
                    .map(|c| c.trim().to_string())
                    .collect(),
            })
            .unwrap_or_default();
        let mut rosters: Vec<RosterSpec> = Vec::new();
        for (i, r) in raw.roster.iter().enumerate() {
            let key = |k: &str| format!("roster[{}].{k}", i + 1);
            let r = r.get_ref();
            let kind = RosterKind::parse(r.kind.get_ref()).ok_or_else(|| {
                src.err(
                    Some(r.kind.span()),
                    key("kind"),
                    format!("unknown roster kind \"{}\"", r.kind.get_ref()),
                    "use hardship (低保低边, 困难群体), social_aid (已开展社会救助) or judicial_aid (已开展司法救助); name the roster with label",
                )
            })?;
            let label = r.label.get_ref().trim().to_string();
            if label.is_empty() {
                return Err(src.err(
                    Some(r.label.span()),
                    key("label"),
                    "the roster label is empty",
                    "give the roster a name reviewers know, e.g. \"低保低边\"",
                ));
            }
            if let Some(other) = rosters.iter().find(|o| o.label == label) {
                return Err(src.err(
                    Some(r.label.span()),
                    key("label"),
                    format!(
                        "two rosters are labelled \"{label}\" ({} and this one)",
                        other.path.display()
                    ),
                    "give every roster its own label; a label names the roster in clues",
                ));
            }
            if RosterKind::parse(&label).is_some_and(|k| k != kind) {
                return Err(src.err(
                    Some(r.label.span()),
                    key("label"),
                    format!("the label \"{label}\" is the name of another roster kind"),
                    "choose a label that is not hardship, social_aid or judicial_aid",
                ));
            }
            let path = PathBuf::from(r.path.get_ref());
            let resolved = if path.is_absolute() {
                path.clone()
            } else {
                base_dir.join(&path)
            };
            let ext = extension(&path);
            let is_sheet = SHEET_EXTENSIONS.contains(&ext.as_str());
            if !is_sheet && !CSV_EXTENSIONS.contains(&ext.as_str()) {
                return Err(src.err(
                    Some(r.path.span()),
                    key("path"),
                    format!("{} is neither CSV nor a spreadsheet", path.display()),
                    "give a .csv/.tsv/.txt file (any encoding) or an .xlsx/.xls/.ods spreadsheet",
                ));
            }
            if !resolved.is_file() {
                return Err(src.err(
                    Some(r.path.span()),
                    key("path"),
                    format!(
                        "roster file {} not found (looked for {})",
                        path.display(),
                        resolved.display()
                    ),
                    "correct the path; it is relative to the directory of the config file",
                ));
            }
            if let Some(sheet) = r.sheet.as_ref().filter(|_| !is_sheet) {
                return Err(src.err(
                    Some(sheet.span()),
                    key("sheet"),
                    format!("{} is a text file and has no sheets", path.display()),
                    "remove sheet, or point path at the spreadsheet",
                ));
            }
            let header_row = match &r.header_row {
                None => None,
                Some(h) if *h.get_ref() >= 1 => Some(*h.get_ref() as usize),
                Some(h) => {
                    return Err(src.err(
                        Some(h.span()),
                        key("header_row"),
                        format!("header_row {} is not a row number", h.get_ref()),
                        "give the header's row as the spreadsheet shows it (1 is the first row)",
                    ));
                }
            };
            let columns = r
                .columns
                .as_ref()
                .map(|c| c.get_ref().clone())
                .unwrap_or_default();
            rosters.push(RosterSpec {
                kind,
                label,
                path,
                sheet: r.sheet.as_ref().map(|s| s.get_ref().clone()),
                header_row,
                columns,
            });
        }
        let (models_path, disabled) = match raw.models {
            None => (None, Vec::new()),
            Some(m) => {
                let path = match m.path {
                    None => None,
                    Some(p) => {
                        let rel = PathBuf::from(p.get_ref());
                        let resolved = if rel.is_absolute() {
                            rel.clone()
                        } else {
                            base_dir.join(&rel)
                        };
                        if !resolved.is_file() {
                            return Err(src.err(
                                Some(p.span()),
                                "models.path",
                                format!("models file {} not found (looked for {})", rel.display(), resolved.display()),
                                "correct the path (relative to the config file), or remove it to use the default models",
                            ));
                        }
                        Some(resolved)
                    }
                };
                let disabled = m
                    .disable
                    .iter()
                    .map(|d| (d.get_ref().clone(), Some(src.pos(d.span().start).line)))
                    .collect();
                (path, disabled)
            }
        };
        let inline = models::convert(&src, &raw.sets, &raw.model)?;
        Ok(Config {
            file: file.to_string(),
            base_dir: base_dir.to_path_buf(),
            region,
            screen,
            rosters,
            models_path,
            inline,
            disabled,
        })
    }

    /// The config file as the user named it.
    pub fn file_name(&self) -> String {
        self.file.clone()
    }

    /// The directory relative paths start from.
    pub fn base_dir(&self) -> &Path {
        &self.base_dir
    }

    /// `[models] path`, resolved.
    pub fn models_path(&self) -> Option<&Path> {
        self.models_path.as_deref()
    }

    /// The config's own `[sets.*]` and `[[model]]` entries.
    pub fn inline_models(&self) -> &Models {
        &self.inline
    }

    /// `[models] disable`, with the line of each entry.
    pub fn disabled_models(&self) -> &[(String, Option<usize>)] {
        &self.disabled
    }

    /// Names that denote roster sets: the three kinds (always defined, empty when no roster
    /// of the kind is configured) and every roster label.
    pub fn roster_set_names(&self) -> BTreeSet<String> {
        RosterKind::ALL
            .iter()
            .map(|k| k.as_str().to_string())
            .chain(self.rosters.iter().map(|r| r.label.clone()))
            .collect()
    }
}
