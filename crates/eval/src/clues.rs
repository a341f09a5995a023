//! Scoring the models: expected clues against the clues a screening produced.
//!
//! A clue is identified by its model and its person; nothing else of it is scored (its
//! sources, link and priority explain it, they do not make it right or wrong). The expected-
//! clue format is therefore the smallest part of a `clues.jsonl` line that identifies one,
//! and a `clues.jsonl` line is itself a valid expected clue:
//!
//! ```json
//! {"model": "M1", "person": {"name": "郑国平", "id_number": "33038219590314417X"}}
//! {"model": "M4", "person": {"name": "卢美娇", "id_number": null}}
//! ```
//!
//! `person.id_number` may be `null` or left out. Other keys are ignored.
//!
//! Persons are matched within a model by ID number when both sides have one (15-digit IDs
//! converted), else by normalised name; two people of one name with different IDs never
//! match. ID matches are made first, so a name match cannot take a clue that an ID match
//! needs.

use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use jiuzhu_core::{Clue, IdNumber, normalize_name};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Problem};
use crate::load::for_each_line;
use crate::score::{Prf, canonical_id};

/// What identifies a clue: its model and its person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClueKey {
    /// The model's id (`M1` …), as in the models file.
    pub model: String,
    /// The person the clue is about.
    pub person: CluePersonKey,
}

/// The person of a [`ClueKey`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CluePersonKey {
    /// The person's name.
    #[serde(default)]
    pub name: String,
    /// The resident ID number, when known.
    #[serde(default)]
    pub id_number: Option<String>,
}

impl ClueKey {
    /// A key for a model and a person.
    pub fn new(model: &str, name: &str, id_number: Option<&str>) -> ClueKey {
        ClueKey {
            model: model.into(),
            person: CluePersonKey {
                name: name.into(),
                id_number: id_number.map(String::from),
            },
        }
    }
}

impl From<&Clue> for ClueKey {
    fn from(clue: &Clue) -> ClueKey {
        ClueKey::new(
            &clue.model,
            &clue.person.name,
            clue.person.id_number.as_deref(),
        )
    }
}

/// Precision and recall of one model's clues.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelScore {
    /// The model's id.
    pub model: String,
    /// Matched, spurious and missed clues.
    pub score: Prf,
}

/// The clue scores: per model (in order of first appearance, expected first), over all
/// models, and every missed and spurious clue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClueReport {
    /// One score per model.
    pub models: Vec<ModelScore>,
    /// All models together (micro-averaged).
    pub overall: Prf,
    /// Expected clues with no matching clue.
    pub missed: Vec<ClueKey>,
    /// Clues with no matching expected clue.
    pub spurious: Vec<ClueKey>,
}

/// Reads expected clues from files. Strict, as gold is: the model and the name must be
/// given, an ID number must be valid and canonical, and a model may not list one person
/// twice (by ID, or by name when there is no ID).
pub fn load_expected_clues<P: AsRef<Path>>(paths: &[P]) -> Result<Vec<ClueKey>, Error> {
    load_each(paths, true)
}

/// Reads expected clues from one stream; `name` stands for the file in messages.
pub fn read_expected_clues(reader: impl BufRead, name: &str) -> Result<Vec<ClueKey>, Error> {
    read_one(reader, name, true, &mut Vec::new(), &mut HashMap::new())
}

/// Reads the clues a screening produced (`clues.jsonl`). Lenient where the screening may
/// be: an ID that is not valid is compared as written, and a repeated clue is kept (it is
/// scored as spurious). A line must still be JSON with a model and a name or ID.
pub fn load_clues<P: AsRef<Path>>(paths: &[P]) -> Result<Vec<ClueKey>, Error> {
    load_each(paths, false)
}

/// Reads produced clues from one stream; `name` stands for the file in messages.
pub fn read_clues(reader: impl BufRead, name: &str) -> Result<Vec<ClueKey>, Error> {
    read_one(reader, name, false, &mut Vec::new(), &mut HashMap::new())
}

fn load_each<P: AsRef<Path>>(paths: &[P], strict: bool) -> Result<Vec<ClueKey>, Error> {
    let mut keys = Vec::new();
    let mut problems = Vec::new();
    let mut seen = HashMap::new();
    for path in paths {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let name = path.display().to_string();
        match read_one(
            std::io::BufReader::new(file),
            &name,
            strict,
            &mut problems,
            &mut seen,
        ) {
            Ok(more) => keys.extend(more),
            Err(Error::Invalid(_)) => {}
            Err(e) => return Err(e),
        }
    }
    if problems.is_empty() {
        Ok(keys)
    } else {
        Err(Error::Invalid(problems))
    }
}

/// Reads one stream, adding its problems to `problems` (shared across files so all are
/// reported together) and its keys to `seen` (so a duplicate across files names the first).
fn read_one(
    reader: impl BufRead,
    name: &str,
    strict: bool,
    problems: &mut Vec<Problem>,
    seen: &mut HashMap<(String, String), (String, usize)>,
) -> Result<Vec<ClueKey>, Error> {
    let before = problems.len();
    let mut keys = Vec::new();
    for_each_line(reader, |line_no, line| {
        let problem = |message| Problem {
            path: name.into(),
            line: line_no,
            message,
        };
        let parsed = line.and_then(|l| parse_clue(l, strict));
        match parsed {
            Ok(key) => {
                if strict {
                    let identity = (key.model.clone(), identity(&key));
                    if let Some((file, first)) = seen.get(&identity) {
                        return problems.push(problem(format!(
                            "model {} lists {} twice (first at {file}:{first}); one clue per person per model",
                            key.model, identity.1
                        )));
                    }
                    seen.insert(identity, (name.into(), line_no));
                }
                keys.push(key);
            }
            Err(message) => problems.push(problem(message)),
        }
    })
    .map_err(|source| Error::Io {
        path: PathBuf::from(name),
        source,
    })?;
    if problems.len() > before {
        Err(Error::Invalid(problems.clone()))
    } else {
        Ok(keys)
    }
}

fn parse_clue(line: &str, strict: bool) -> Result<ClueKey, String> {
    let mut key: ClueKey = serde_json::from_str(line).map_err(|e| {
        format!(
            "not a clue ({e}); write {{\"model\": \"M1\", \"person\": {{\"name\": …, \"id_number\": …}}}}"
        )
    })?;
    if key.model.trim().is_empty() {
        return Err("`model` is empty; give the model's id (M1 …)".into());
    }
    key.person.name = normalize_name(&key.person.name);
    if key.person.name.is_empty() && key.person.id_number.is_none() {
        return Err("`person` has neither a name nor an ID number; give at least one".into());
    }
    if strict && key.person.name.is_empty() {
        return Err("`person.name` is empty; give the person's name".into());
    }
    if let Some(id) = &key.person.id_number {
        if strict {
            match IdNumber::parse(id) {
                Ok(p) if p.as_str() == id => {}
                Ok(p) => {
                    return Err(format!(
                        "`person.id_number` '{id}' is not canonical; write '{}'",
                        p.as_str()
                    ));
                }
                Err(e) => return Err(format!("`person.id_number`: {e}")),
            }
        }
        key.person.id_number = Some(canonical_id(id));
    }
    Ok(key)
}

/// The identity of a person within a model: the ID if known, else the name.
fn identity(key: &ClueKey) -> String {
    match &key.person.id_number {
        Some(id) => id.clone(),
        None => key.person.name.clone(),
    }
}

/// Scores produced clues against expected ones, per model.
pub fn score_clues(expected: &[ClueKey], actual: &[ClueKey]) -> ClueReport {
    let mut models: Vec<&str> = Vec::new();
    for k in expected.iter().chain(actual) {
        if !models.contains(&k.model.as_str()) {
            models.push(&k.model);
        }
    }
    let mut report = ClueReport {
        models: Vec::new(),
        overall: Prf::default(),
        missed: Vec::new(),
        spurious: Vec::new(),
    };
    let (mut matched_all, mut spurious_all, mut missed_all) = (0, 0, 0);
    for model in models {
        let want: Vec<&ClueKey> = expected.iter().filter(|k| k.model == model).collect();
        let got: Vec<&ClueKey> = actual.iter().filter(|k| k.model == model).collect();
        let pairs = match_clues(&want, &got);
        let matched = pairs.len();
        let used_want: Vec<usize> = pairs.iter().map(|&(w, _)| w).collect();
        let used_got: Vec<usize> = pairs.iter().map(|&(_, g)| g).collect();
        report.missed.extend(
            (0..want.len())
                .filter(|i| !used_want.contains(i))
                .map(|i| want[i].clone()),
        );
        report.spurious.extend(
            (0..got.len())
                .filter(|i| !used_got.contains(i))
                .map(|i| got[i].clone()),
        );
        let (spurious, missed) = (got.len() - matched, want.len() - matched);
        report.models.push(ModelScore {
            model: model.into(),
            score: Prf::new(matched, spurious, missed),
        });
        matched_all += matched;
        spurious_all += spurious;
        missed_all += missed;
    }
    report.overall = Prf::new(matched_all, spurious_all, missed_all);
    report
}

/// Pairs (expected index, actual index): first equal IDs, then equal names where at least
/// one side has no ID.
fn match_clues(want: &[&ClueKey], got: &[&ClueKey]) -> Vec<(usize, usize)> {
    let id = |k: &ClueKey| k.person.id_number.as_deref().map(canonical_id);
    let name = |k: &ClueKey| normalize_name(&k.person.name);
    let mut want_used = vec![false; want.len()];
    let mut got_used = vec![false; got.len()];
    let mut pairs = Vec::new();
    for (w, wk) in want.iter().enumerate() {
        let Some(wid) = id(wk) else { continue };
        if let Some(g) = (0..got.len()).find(|&g| !got_used[g] && id(got[g]).as_ref() == Some(&wid))
        {
            want_used[w] = true;
            got_used[g] = true;
            pairs.push((w, g));
        }
    }
    for (w, wk) in want.iter().enumerate() {
        if want_used[w] {
            continue;
        }
        let wname = name(wk);
        let found = (0..got.len()).find(|&g| {
            !got_used[g]
                && (id(wk).is_none() || id(got[g]).is_none())
                && !wname.is_empty()
                && name(got[g]) == wname
        });
        if let Some(g) = found {
            want_used[w] = true;
            got_used[g] = true;
            pairs.push((w, g));
        }
    }
    pairs.sort_unstable();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    const ZHENG: &str = "33038219590314417X";
    const WANG_1966: &str = "330382196602113227";
    const WANG_1979: &str = "330382197910056644";

    fn k(model: &str, name: &str, id: Option<&str>) -> ClueKey {
        ClueKey::new(model, name, id)
    }

    /// Each row: expected clues, actual clues, and (matched, spurious, missed) of the one
    /// model scored.
    #[test]
    fn matching_rules() {
        type Row = (
            &'static str,
            Vec<ClueKey>,
            Vec<ClueKey>,
            (usize, usize, usize),
        );
        let rows: Vec<Row> = vec![
            (
                "same ID, different spelling of the name",
                vec![k("M1", "郑国平", Some(ZHENG))],
                vec![k("M1", "郑 国平", Some("33038219590314417x"))],
                (1, 0, 0),
            ),
            (
                "same name, different IDs: two people",
                vec![k("M1", "王丽华", Some(WANG_1979))],
                vec![k("M1", "王丽华", Some(WANG_1966))],
                (0, 1, 1),
            ),
            (
                "name only on one side",
                vec![k("M1", "蔡小军", None)],
                vec![k("M1", "蔡小军", Some("330382199206145116"))],
                (1, 0, 0),
            ),
            (
                "ID match is not stolen by a name match",
                vec![k("M1", "王丽华", None), k("M1", "王丽华", Some(WANG_1979))],
                vec![
                    k("M1", "王丽华", Some(WANG_1979)),
                    k("M1", "王丽华", Some(WANG_1966)),
                ],
                (2, 0, 0),
            ),
            (
                "15-digit ID equals its 18-digit form",
                vec![k("M2", "周金福", Some("330382194607120136"))],
                vec![k("M2", "周金福", Some("330382460712013"))],
                (1, 0, 0),
            ),
            (
                "a repeated clue is spurious",
                vec![k("M1", "郑国平", Some(ZHENG))],
                vec![
                    k("M1", "郑国平", Some(ZHENG)),
                    k("M1", "郑国平", Some(ZHENG)),
                ],
                (1, 1, 0),
            ),
            ("nothing on either side", vec![], vec![], (0, 0, 0)),
        ];
        for (what, want, got, (m, s, x)) in rows {
            let report = score_clues(&want, &got);
            let score = report.models.first().map(|m| m.score).unwrap_or_default();
            assert_eq!(
                (score.matched, score.spurious, score.missed),
                (m, s, x),
                "{what}"
            );
            assert_eq!(report.missed.len(), x, "{what}");
            assert_eq!(report.spurious.len(), s, "{what}");
        }
    }

    #[test]
    fn per_model_and_overall() {
        let want = vec![
            k("M1", "郑国平", Some(ZHENG)),
            k("M1", "金彩云", Some("330382195409262023")),
            k("M2", "陈秀英", Some("330382196505121540")),
            k("M2", "何雪梅", Some("362322198803091044")),
        ];
        // M1: one of two found; M2: both found, one spurious; M3: only spurious.
        let got = vec![
            k("M2", "何雪梅", Some("362322198803091044")),
            k("M1", "郑国平", Some(ZHENG)),
            k("M2", "陈秀英", None),
            k("M2", "施德福", Some("330382194801300114")),
            k("M3", "叶小芬", Some("330382197211032467")),
        ];
        let r = score_clues(&want, &got);
        let models: Vec<&str> = r.models.iter().map(|m| m.model.as_str()).collect();
        assert_eq!(models, ["M1", "M2", "M3"]);
        assert_eq!(r.models[0].score.recall, Some(0.5));
        assert_eq!(r.models[0].score.precision, Some(1.0));
        assert_eq!(r.models[1].score.recall, Some(1.0));
        assert_eq!(r.models[1].score.precision, Some(2.0 / 3.0));
        assert_eq!(r.models[2].score.recall, None);
        assert_eq!(r.models[2].score.precision, Some(0.0));
        assert_eq!(
            (r.overall.matched, r.overall.spurious, r.overall.missed),
            (3, 2, 1)
        );
        assert_eq!(
            r.missed,
            vec![k("M1", "金彩云", Some("330382195409262023"))]
        );
    }

    #[test]
    fn a_produced_clue_line_is_an_expected_clue() {
        use jiuzhu_core::{Action, ClueLink, CluePerson, Injury, LinkLevel, Locality};
        let clue = Clue {
            model: "M2".into(),
            action: Action::JudicialAid,
            person: CluePerson {
                name: "陈秀英".into(),
                id_number: Some("330382196505121540".into()),
                sex: None,
                birth_date: None,
                age: Some(61),
                locality: Locality::Local,
            },
            link: ClueLink {
                level: LinkLevel::Id,
                rosters: vec![],
                reason: "身份证号一致".into(),
            },
            sources: vec![],
            injury: Injury::Serious,
            unpaid_amount: Some(186000.0),
            flags: vec![],
            priority: 0.82,
            evidence: vec![],
        };
        let line = serde_json::to_string(&clue).unwrap();
        let want = k("M2", "陈秀英", Some("330382196505121540"));
        let strict = read_expected_clues(Cursor::new(line.clone()), "clues.jsonl").unwrap();
        let lenient = read_clues(Cursor::new(line), "clues.jsonl").unwrap();
        assert_eq!((&strict[0], &lenient[0]), (&want, &want));
        assert_eq!(ClueKey::from(&clue), want);
    }

    #[test]
    fn expected_format_and_its_errors() {
        let text = format!(
            "{{\"model\": \"M1\", \"person\": {{\"name\": \"郑国平\", \"id_number\": \"{ZHENG}\"}}}}\n\
             {{\"model\": \"M4\", \"person\": {{\"name\": \"卢美娇\"}}, \"action\": \"social_aid\"}}\n"
        );
        let keys = read_expected_clues(Cursor::new(text.clone()), "e.jsonl").unwrap();
        assert_eq!(keys[1], k("M4", "卢美娇", None));

        let rows: &[(&str, usize, &str)] = &[
            (
                "{\"model\": \"\", \"person\": {\"name\": \"甲\"}}",
                3,
                "`model` is empty",
            ),
            ("{\"person\": {\"name\": \"甲\"}}", 3, "not a clue"),
            (
                "{\"model\": \"M1\", \"person\": {}}",
                3,
                "neither a name nor an ID",
            ),
            (
                "{\"model\": \"M1\", \"person\": {\"name\": \"郑国平\", \"id_number\": \"33038219590314417x\"}}",
                3,
                "not canonical",
            ),
            (
                "{\"model\": \"M1\", \"person\": {\"name\": \"蔡小军\", \"id_number\": \"330382199206145118\"}}",
                3,
                "checksum",
            ),
            (
                "{\"model\": \"M1\", \"person\": {\"name\": \"郑国平\", \"id_number\": \"33038219590314417X\"}}",
                3,
                "twice (first at e.jsonl:1)",
            ),
        ];
        for &(line, at, want) in rows {
            let bad = format!("{text}{line}\n");
            match read_expected_clues(Cursor::new(bad), "e.jsonl") {
                Err(Error::Invalid(ps)) => {
                    assert_eq!(ps.len(), 1, "{line}");
                    assert_eq!(ps[0].line, at, "{line}");
                    assert!(ps[0].message.contains(want), "{line}: {}", ps[0].message);
                }
                other => panic!("{line}: expected an error, got {other:?}"),
            }
        }
        // Produced clues are read leniently: a bad checksum and a repeat are scored, not
        // rejected.
        let produced = format!(
            "{text}{{\"model\": \"M1\", \"person\": {{\"name\": \"蔡小军\", \"id_number\": \"330382199206145118\"}}}}\n{{\"model\": \"M1\", \"person\": {{\"name\": \"郑国平\", \"id_number\": \"{ZHENG}\"}}}}\n"
        );
        assert_eq!(
            read_clues(Cursor::new(produced), "c.jsonl").unwrap().len(),
            4
        );
    }
}
