//! The sentence-level reader against the 593 labelled real sentences of
//! `corpora/real/sentences/compensation.jsonl`.

use std::collections::HashMap;
use std::path::Path;

use jiuzhu_core::{CompensationStatus, Document, Person, Role};
use jiuzhu_dict::{ContextKind, Dictionaries};
use jiuzhu_ingest::{Ingest, Input, Item as Ingested};
use jiuzhu_text::normalize;

use super::voice::SentenceVoice;
use super::{read, read_sentence, sentence_readings};
use crate::doc::Doc;

const BANK: &str = include_str!("../../../../corpora/real/sentences/compensation.jsonl");

/// The bank's labels, and what the reader must say for each: a status for settled / partial
/// / unsettled, nothing for claims, orders and everything else.
const LABELS: [&str; 6] = ["settled", "partial", "unsettled", "claim", "order", "other"];
const ANSWERS: [&str; 4] = ["settled", "partial", "unsettled", "none"];

fn expected(label: &str) -> &'static str {
    match label {
        "settled" => "settled",
        "partial" => "partial",
        "unsettled" => "unsettled",
        _ => "none",
    }
}

fn answer(status: Option<CompensationStatus>) -> &'static str {
    match status {
        Some(CompensationStatus::Settled) => "settled",
        Some(CompensationStatus::Partial) => "partial",
        Some(CompensationStatus::Unsettled) => "unsettled",
        Some(CompensationStatus::Unknown) | None => "none",
    }
}

struct Item {
    id: String,
    source: String,
    text: String,
    label: String,
}

fn bank() -> Vec<Item> {
    BANK.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, line)| {
            let v: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("compensation.jsonl line {}: {e}", i + 1));
            let field = |k: &str| {
                v[k].as_str()
                    .unwrap_or_else(|| panic!("compensation.jsonl line {}: no string `{k}`", i + 1))
                    .to_string()
            };
            Item {
                id: field("id"),
                source: field("source"),
                text: field("text"),
                label: field("label"),
            }
        })
        .collect()
}

/// The voice a sentence of a local-corpus document starts in, found by reading the whole
/// document the way the extractor does (sections, blocks); `None` for CJRC items, whose
/// documents are not in the corpus, and for sentences not found in their document.
#[derive(Default)]
struct Voices {
    docs: HashMap<String, Option<Document>>,
}

impl Voices {
    fn document(&mut self, source: &str) -> Option<&Document> {
        self.docs
            .entry(source.to_string())
            .or_insert_with(|| {
                if source.starts_with("cjrc:") {
                    return None;
                }
                load(&Path::new("corpora/real").join(source))
            })
            .as_ref()
    }

    fn voice_of(&mut self, source: &str, sentence: &str) -> Option<ContextKind> {
        let document = self.document(source)?.clone();
        let at = normalize(&document.text).text().find(sentence)?;
        with_doc(&document.text, &document.hints, |d| {
            let readings = sentence_readings(d);
            let r = readings
                .iter()
                .find(|r| r.span.start <= at && at < r.span.end)?;
            if r.span.start == at {
                return Some(r.voice);
            }
            Some(SentenceVoice::new(d.dicts, d.slice(r.span), r.voice).at(at - r.span.start))
        })
    }
}

/// The first document of `path` (relative to the workspace root), read with jiuzhu-ingest.
fn load(path: &Path) -> Option<Document> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path);
    if !path.exists() {
        return None;
    }
    let mut found = None;
    Ingest::new()
        .for_each(&[Input::parse(&path.to_string_lossy())], |item| {
            if let (Ingested::Doc(doc), None) = (item, &found) {
                found = Some(doc);
            }
        })
        .ok()?;
    found
}

/// Scores the reader on the bank: (correct, total, confusion rows label → answer counts,
/// misreadings). With `in_voice`, a sentence from a local-corpus document is read in the
/// voice it has there (a result item is an order, a sentence inside 辩称 a claim); else every
/// sentence is read as a finding and only its own cues can say otherwise.
fn score(in_voice: bool) -> (usize, usize, Vec<[usize; 4]>, Vec<String>) {
    let dicts = Dictionaries::embedded();
    let mut voices = Voices::default();
    let mut matrix = vec![[0usize; 4]; LABELS.len()];
    let mut wrong = Vec::new();
    let items = bank();
    let mut correct = 0;
    for item in &items {
        let text = normalize(&item.text);
        let voice = if in_voice {
            voices.voice_of(&item.source, text.text())
        } else {
            None
        };
        let got = answer(
            read_sentence(&dicts, text.text(), voice.unwrap_or(ContextKind::Finding)).status(),
        );
        let row = LABELS
            .iter()
            .position(|l| *l == item.label)
            .unwrap_or_else(|| panic!("{}: unknown label `{}`", item.id, item.label));
        let col = ANSWERS
            .iter()
            .position(|a| *a == got)
            .expect("answer in ANSWERS");
        matrix[row][col] += 1;
        if got == expected(&item.label) {
            correct += 1;
        } else {
            wrong.push(format!(
                "{} {} → {}: {}",
                item.id, item.label, got, item.text
            ));
        }
    }
    (correct, items.len(), matrix, wrong)
}

/// The floors are what the reader achieved when it was last tuned; raise them when the reader
/// improves, never lower them.
const FLOOR_ALONE: f64 = 0.770;
const FLOOR_IN_VOICE: f64 = 0.797;

fn report(name: &str, in_voice: bool, floor: f64) {
    let (correct, total, matrix, wrong) = score(in_voice);
    assert_eq!(total, 593, "the bank holds 593 sentences");
    let mut table = format!(
        "{name}\n{:>10} {:>8} {:>8} {:>9} {:>6}\n",
        "label", ANSWERS[0], ANSWERS[1], ANSWERS[2], ANSWERS[3]
    );
    for (label, row) in LABELS.iter().zip(&matrix) {
        table.push_str(&format!(
            "{label:>10} {:>8} {:>8} {:>9} {:>6}\n",
            row[0], row[1], row[2], row[3]
        ));
    }
    let accuracy = correct as f64 / total as f64;
    eprintln!("{table}accuracy {correct}/{total} = {accuracy:.3}");
    if std::env::var_os("COMP_WRONG").is_some() {
        for w in &wrong {
            eprintln!("{w}");
        }
    }
    assert!(
        accuracy >= floor,
        "{name}: sentence-bank accuracy {accuracy:.3} fell below {floor}\n{table}"
    );
}

#[test]
fn sentence_bank_alone() {
    report("each sentence read alone, as a finding", false, FLOOR_ALONE);
}

#[test]
fn sentence_bank_in_voice() {
    report(
        "each sentence read in its document's voice",
        true,
        FLOOR_IN_VOICE,
    );
}

/// Development aid: `COMP_DOC=path/from/workspace/root cargo test -p jiuzhu-extract --lib
/// explain_document -- --ignored --nocapture` prints every read sentence of a document with
/// the voice it starts in and its finding signals.
#[test]
#[ignore]
fn explain_document() {
    let Some(source) = std::env::var_os("COMP_DOC") else {
        return;
    };
    let document =
        load(Path::new(&source)).expect("COMP_DOC names a document under the workspace root");
    with_doc(&document.text, &document.hints, explain);
}

fn explain(d: &Doc) {
    eprintln!("kind {:?}, sections:", d.kind);
    for s in d.sections.iter() {
        eprintln!(
            "  {:?} {}..{} {:?}",
            s.kind, s.span.start, s.span.end, s.cue
        );
    }
    for r in sentence_readings(d) {
        let sigs: Vec<String> = r
            .signals
            .iter()
            .map(|s| {
                format!(
                    "{}:{:?}{}",
                    jiuzhu_dict::Entry::rule(s.entry),
                    s.label,
                    if s.negated { "(neg)" } else { "" }
                )
            })
            .collect();
        let t: String = d.slice(r.span).chars().take(60).collect();
        eprintln!(
            "{:?} {:?} {} {}",
            r.voice,
            d.sections.kind_at(r.span.start),
            t,
            sigs.join(" ")
        );
    }
}

/// Development aid: `COMP_TEXT=… cargo test -p jiuzhu-extract --lib explain_text -- --ignored
/// --nocapture` prints the context cues, voices and signals of one sentence read as a finding.
#[test]
#[ignore]
fn explain_text() {
    let Some(text) = std::env::var_os("COMP_TEXT") else {
        return;
    };
    let dicts = Dictionaries::embedded();
    let norm = normalize(&text.to_string_lossy());
    let text = norm.text();
    for h in dicts.context().find_iter(text) {
        eprintln!(
            "context {} {:?} {:?} at {}",
            h.phrase, h.entry.kind, h.entry.scope, h.start
        );
    }
    for h in dicts.negation_scan(text).hits() {
        eprintln!("negation {} {:?} at {}", h.phrase, h.entry.kind, h.start);
    }
    let v = SentenceVoice::new(&dicts, text, ContextKind::Finding);
    for h in dicts.compensation().find_iter(text) {
        eprintln!(
            "trigger {} ({}) at {} voice {:?}",
            h.phrase,
            h.entry.label,
            h.start,
            v.at(h.start)
        );
    }
    for s in super::reading::signals(&dicts, text, &v) {
        eprintln!(
            "signal {} {:?} negated {} cue {:?}",
            jiuzhu_dict::Entry::rule(s.entry),
            s.label,
            s.negated,
            s.cue
        );
    }
    eprintln!(
        "=> {:?}",
        read_sentence(&dicts, text, ContextKind::Finding).status()
    );
}

/// Runs `f` on `text` made into a [`Doc`] the way `Extractor::extract` makes one.
fn with_doc<T>(text: &str, hints: &jiuzhu_core::Hints, f: impl FnOnce(&Doc) -> T) -> T {
    crate::Extractor::embedded().with_doc(text, hints, |d, _| f(d))
}

fn person(name: &str, role: Role) -> Person {
    Person {
        name: name.into(),
        roles: vec![role],
        ..Person::default()
    }
}

/// Each victim's status comes from the sentences naming that victim alone; the document's
/// from all of them.
#[test]
fn each_victim_gets_the_status_of_the_sentences_naming_them() {
    use CompensationStatus::{Partial, Settled, Unsettled};
    let text = "浙江省乐清市人民检察院\n起诉书\n乐检刑诉〔2022〕123号\n\
被告人张三，男，1980年1月2日出生。\n\
经依法审查查明：2022年3月1日，被告人张三在乐清市柳市镇殴打被害人李四、王某1，致二人轻伤。\
案发后，被告人张三已赔偿被害人李四经济损失并取得其谅解。\
被告人张三未赔偿被害人王某1的经济损失，王某1不予谅解。\
被害人王某及李四均要求从严惩处。\n\
本院认为，被告人张三的行为已触犯《中华人民共和国刑法》第二百三十四条。\n此致\n乐清市人民法院\n检察员 王五\n2022年5月6日";
    let mut persons = vec![
        person("张三", Role::Accused),
        person("李四", Role::Victim),
        person("王某1", Role::Victim),
        person("王某", Role::Victim),
    ];
    let comp = with_doc(text, &Default::default(), |d| read(d, &mut persons));
    assert_eq!(comp.status, Partial);
    let statuses: Vec<Option<CompensationStatus>> =
        persons.iter().map(|p| p.compensation).collect();
    // 王某 is named only beside 李四 (and inside 王某1, which does not count).
    assert_eq!(statuses, [None, Some(Settled), Some(Unsettled), None]);
}

/// Evidence offsets are characters of the normalised text and quote the clause.
#[test]
fn evidence_quotes_its_clause() {
    let text = "浙江省乐清市人民检察院\n起诉书\n乐检刑诉〔２０２２〕１２３号\n经依法审查查明：被告人张三殴打被害人李四，致其轻伤。\
案发后，被告人张三未赔偿被害人经济损失，亦未取得谅解。\n此致\n乐清市人民法院\n检察员 王五";
    let (comp, normal) = with_doc(text, &Default::default(), |d| {
        (read(d, &mut []), d.text.to_string())
    });
    assert_eq!(comp.status, CompensationStatus::Unsettled);
    let chars: Vec<char> = normal.chars().collect();
    assert!(!comp.evidence.is_empty());
    for e in &comp.evidence {
        let quoted: String = chars[e.start..e.end].iter().collect();
        assert_eq!(quoted, e.text);
        assert_eq!(e.negated, Some(true), "{}", e.rule);
    }
    let cues: Vec<&str> = comp
        .evidence
        .iter()
        .filter_map(|e| e.cue.as_deref())
        .collect();
    assert_eq!(cues, ["未", "亦未"]);
}
