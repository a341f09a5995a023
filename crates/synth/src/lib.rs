//! Synthetic corpora for jiuzhu (救助): court and procuratorate documents of every kind, in
//! every input format, with the welfare rosters they are screened against and the exact
//! answers — `gold.jsonl` for every document and `expected_clues.jsonl` for the four models
//! of DESIGN.md §5 — so extraction and screening can be measured at any scale.
//!
//! The answers are computed from what the generator plants, never by the code under test:
//! this crate depends on neither `jiuzhu-extract` nor `jiuzhu-link`. Gold persons are
//! recorded as the documents print them (names masked in published versions, IDs only where
//! printed, 15-digit IDs converted), and expected clues follow from the gold and the roster
//! rows by DESIGN.md §5's sets and linkage rules (equal IDs; case links through the
//! 执行依据; names with birth date and sex agreeing; anonymised names never by name).
//!
//! # What a corpus holds
//!
//! - **Storylines.** A victim's arrest review (批准逮捕决定书, 审查逮捕意见书, 逮捕案件审查
//!   报告) and indictment (or a 不起诉决定书), the criminal judgment (刑事附带民事判决书 when
//!   the victim sues; sometimes also published anonymised under the same case number), an
//!   appeal ruling, the enforcement of the award (终本, 终结执行, 执行完毕, 执行和解, after a
//!   冻结/查封 ruling at times) citing the judgment as its 执行依据; for traffic crimes the
//!   civil suit that follows; deceased victims' relatives as plaintiffs and applicants;
//!   civil suits of the screened cause and near misses (赡养费, 民间借贷, 健康权, a company
//!   plaintiff), withdrawals after payment; pairs of people with the same name.
//! - **Compensation language** from `data/phrases.txt`: settled, partial, unsettled and
//!   unknown findings, negated and not, beside requests, defence arguments, orders and
//!   statute quotations that must not count.
//! - **Noise**: flattened paragraphs, full-width digits, four bracket styles, spaced titles,
//!   tail dates in Chinese numerals (〇, ○, Ｏ, 零), Private-Use-Area separators, CRLF.
//! - **Containers**: UTF-8 and GB18030 text, China Judgments Online, court-portal, 12309 and
//!   susong51 HTML, judgment XML, the bulk dump CSV (some gzipped), JSON Lines with `全文` or
//!   the API's `qwContent`, zip archives — named as `jiuzhu extract OUT/docs` names them.
//! - **Rosters**: hardship (GB18030 with a title row; UTF-8), social aid (XLSX), judicial aid
//!   (UTF-8 with BOM), with roster-only people and flawed rows (bad checksum, no name, an ID
//!   stored as a number, lower-case x, repeated rows).
//!
//! The same seed and size give byte-identical output; documents are streamed to disk.
//!
//! ```
//! use jiuzhu_synth::{SynthConfig, generate};
//!
//! let out = tempfile::tempdir().unwrap();
//! let dir = out.path().join("corpus");
//! let summary = generate(&SynthConfig { docs: 60, seed: 7, roster_rows: 0 }, &dir).unwrap();
//! assert_eq!(summary.docs, 60);
//! let gold = std::fs::read_to_string(dir.join("gold.jsonl")).unwrap();
//! assert_eq!(gold.lines().count(), 60);
//! assert!(dir.join("jiuzhu.toml").exists());
//! assert!(dir.join("rosters/social_aid.xlsx").exists());
//! ```

#![deny(missing_docs)]

mod bank;
mod civil;
mod crime;
mod doc;
mod enforce;
mod ids;
mod people;
mod resolve;
mod rng;
mod roster;
mod sink;
mod text;
mod view;
mod world;

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use resolve::{CluePerson, ExpectedClue, SetSizes};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SynthConfig {
    /// Number of documents (every one gets a gold line).
    pub docs: usize,
    /// Seed of the random stream: same seed and size, same bytes.
    pub seed: u64,
    /// Pads the rosters with roster-only people up to this many rows in all (0: no
    /// padding), for screening benchmarks with rosters of a city's size. The documents,
    /// gold and the rows without padding are the same as with 0.
    pub roster_rows: usize,
}

impl Default for SynthConfig {
    fn default() -> Self {
        SynthConfig {
            docs: 1000,
            seed: 1,
            roster_rows: 0,
        }
    }
}

/// What was generated.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Documents written (= gold lines).
    pub docs: usize,
    /// Storylines planned.
    pub storylines: usize,
    /// Documents by kind (`indictment` …).
    pub by_kind: BTreeMap<String, usize>,
    /// Documents by container (`txt-utf8`, `dump-csv` …).
    pub by_container: BTreeMap<String, usize>,
    /// Documents published in anonymised form.
    pub anonymised: usize,
    /// Files written under `docs/`.
    pub files: usize,
    /// Bytes of document text written (before compression).
    pub bytes: u64,
    /// People invented (parties, roster-only people).
    pub people: usize,
    /// Roster rows by file (`rosters/dibao_dibian.csv` …).
    pub roster_rows: BTreeMap<String, usize>,
    /// Expected clues by model.
    pub clues: BTreeMap<String, usize>,
    /// Set sizes of the funnel.
    pub sets: SetSizes,
    /// Anonymised victim-side mentions that cannot link to anyone named.
    pub unlinkable: usize,
    /// Linkage ambiguities met while resolving expected clues (0: namesakes are planted so
    /// that every named mention states an ID or a birth date).
    pub ambiguous: usize,
}

/// Why a corpus could not be written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The output directory exists and is not empty.
    #[error("output directory {0} is not empty; give a new directory or remove it first")]
    NotEmpty(PathBuf),
    /// A file could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A zip archive could not be written.
    #[error("cannot write the zip archive {path}: {message}")]
    Zip {
        /// The archive.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The XLSX roster could not be written.
    #[error("cannot write the spreadsheet {path}: {message}")]
    Xlsx {
        /// The spreadsheet.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Share of planted people who are also on rosters without any document.
const ROSTER_ONLY_SHARE: f64 = 0.12;
/// Share of storylines that plant a pair of people with the same name.
const NAMESAKE_PAIRS: u32 = 15;

/// Generates a corpus into `out` (created; it must not exist or be empty): `docs/`,
/// `rosters/`, `gold.jsonl`, `expected_clues.jsonl`, `jiuzhu.toml` and `README.txt`.
pub fn generate(config: &SynthConfig, out: &Path) -> Result<Summary, Error> {
    if out.exists() {
        let mut entries = fs::read_dir(out).map_err(io(out))?;
        if entries.next().is_some() {
            return Err(Error::NotEmpty(out.to_path_buf()));
        }
    }
    fs::create_dir_all(out.join("docs")).map_err(io(out))?;
    let mut w = world::World::new(config.seed, config.docs, out)?;
    while w.left() {
        w.stats.stories += 1;
        match w.rng.weighted(&[520, 445, NAMESAKE_PAIRS]) {
            0 => {
                crime::story(&mut w, None, false)?;
            }
            1 => {
                civil::story(&mut w, None, false)?;
            }
            _ => {
                // Two people of one name, different IDs and birth dates: each must link to
                // their own documents and rosters only.
                let first = if w.rng.chance(0.5) {
                    crime::story(&mut w, None, true)?
                } else {
                    civil::story(&mut w, None, true)?
                };
                // A transliterated name is told apart by its rarity; namesakes are Han names.
                if let Some(p) = first.filter(|p| p.ethnicity == "汉族")
                    && w.left()
                {
                    w.stats.stories += 1;
                    if w.rng.chance(0.5) {
                        crime::story(&mut w, Some(&p), true)?;
                    } else {
                        civil::story(&mut w, Some(&p), true)?;
                    }
                }
            }
        }
    }
    w.sink.finish()?;
    w.finish_gold()?;

    let mut rrng = w.rng.fork();
    w.roster.fill(&mut rrng, &mut w.people, ROSTER_ONLY_SHARE);
    if w.roster.rows.len() < config.roster_rows {
        // Its own stream, so that a corpus without padding keeps its bytes.
        let mut prng = rrng.fork();
        w.roster.pad(&mut prng, &mut w.people, config.roster_rows);
    }
    let counts = w.roster.write(&mut rrng, out)?;
    for row in &w.roster.rows {
        if let Some((name, id)) = row.effective() {
            w.resolver.add_row(row.file.set(), name, id);
        }
    }
    let resolution = w.resolver.run();

    let clues_path = out.join("expected_clues.jsonl");
    let mut clues = Vec::new();
    for c in &resolution.clues {
        clues.extend_from_slice(
            serde_json::to_string(c)
                .expect("expected clues serialise")
                .as_bytes(),
        );
        clues.push(b'\n');
    }
    fs::write(&clues_path, clues).map_err(io(&clues_path))?;

    let mut summary = Summary {
        docs: w.emitted,
        storylines: w.stats.stories,
        by_kind: w
            .stats
            .by_kind
            .iter()
            .map(|(k, v)| (k.to_string(), *v))
            .collect(),
        by_container: w
            .stats
            .by_container
            .iter()
            .map(|(k, v)| (k.to_string(), *v))
            .collect(),
        anonymised: w.stats.anonymised,
        files: w.sink.written.files,
        bytes: w.sink.written.bytes,
        people: w.people.created,
        roster_rows: counts
            .iter()
            .map(|(f, n)| (f.path().to_string(), *n))
            .collect(),
        clues: BTreeMap::new(),
        sets: resolution.sets.clone(),
        unlinkable: resolution.unlinkable,
        ambiguous: resolution.ambiguous,
    };
    for c in &resolution.clues {
        *summary.clues.entry(c.model.clone()).or_default() += 1;
    }
    write_config(out)?;
    write_readme(out, config, &summary)?;
    Ok(summary)
}

fn write_config(out: &Path) -> Result<(), Error> {
    let mut s = String::from(
        "# Screening configuration of a synthetic corpus (jiuzhu synth). Screen it with\n#   jiuzhu screen docs --config jiuzhu.toml\n# Roster paths are relative to this file.\n\n[region]\nname = \"乐清\"\nid_prefixes = [\"330382\"]\n\n[screen]\ncharges = [\"故意伤害罪\", \"交通肇事罪\"]\ncivil_causes = [\"机动车交通事故责任纠纷\"]\n",
    );
    for f in roster::RosterFile::ALL {
        let kind = match f.set() {
            roster::SetKind::Hardship => "hardship",
            roster::SetKind::SocialAid => "social_aid",
            roster::SetKind::JudicialAid => "judicial_aid",
        };
        s.push_str(&format!(
            "\n[[roster]]\nkind = \"{kind}\"\nlabel = \"{}\"\npath = \"{}\"\n",
            f.label(),
            f.path()
        ));
    }
    let path = out.join("jiuzhu.toml");
    fs::write(&path, s).map_err(io(&path))
}

fn write_readme(out: &Path, config: &SynthConfig, s: &Summary) -> Result<(), Error> {
    let mut t = String::new();
    t.push_str(
        "Synthetic jiuzhu corpus (jiuzhu-synth). Every person, case and number is invented.\n\n",
    );
    t.push_str(&format!(
        "seed {}, {} documents in {} storylines, {} files under docs/, {} bytes of text\n\n",
        config.seed, s.docs, s.storylines, s.files, s.bytes
    ));
    t.push_str("docs/                 the documents; `jiuzhu extract docs` names them as gold.jsonl's `source`\n");
    t.push_str(
        "rosters/              welfare rosters (see jiuzhu.toml), with flawed rows on purpose\n",
    );
    t.push_str(
        "gold.jsonl            one gold line per document (corpora/gold/README.md format)\n",
    );
    t.push_str("expected_clues.jsonl  the clues DESIGN.md section 5 gives with these rosters\n");
    t.push_str("jiuzhu.toml           region 乐清 / 330382, the seed's screened charges and cause, the rosters\n\n");
    t.push_str("Documents by kind:\n");
    for (k, v) in &s.by_kind {
        t.push_str(&format!("  {k:<20} {v}\n"));
    }
    t.push_str("Documents by container:\n");
    for (k, v) in &s.by_container {
        t.push_str(&format!("  {k:<20} {v}\n"));
    }
    t.push_str(&format!(
        "Anonymised (published) documents: {}\n",
        s.anonymised
    ));
    t.push_str("Roster rows:\n");
    for (k, v) in &s.roster_rows {
        t.push_str(&format!("  {k:<28} {v}\n"));
    }
    t.push_str("Expected clues:\n");
    for (k, v) in &s.clues {
        t.push_str(&format!("  {k}  {v}\n"));
    }
    t.push_str(&format!(
        "Sets (persons): procuratorate_victims {}, court_victims {}, failed_enforcement {}, unpaid {}, hardship {}, social_aid {}, judicial_aid {}\n",
        s.sets.procuratorate_victims,
        s.sets.court_victims,
        s.sets.failed_enforcement,
        s.sets.unpaid,
        s.sets.hardship,
        s.sets.social_aid,
        s.sets.judicial_aid
    ));
    t.push_str(&format!(
        "Anonymised victim-side mentions that cannot be linked: {}\n\n",
        s.unlinkable
    ));
    t.push_str(
        "Assumptions: the dump's 案件类型编码 is 1 for 民事, 2 for 执行 (as observed) and 0 for\n",
    );
    t.push_str(
        "刑事 (not observed); compensation, enforcement and linkage follow DESIGN.md section 5.\n",
    );
    let path = out.join("README.txt");
    let mut f = fs::File::create(&path).map_err(io(&path))?;
    f.write_all(t.as_bytes()).map_err(io(&path))
}
