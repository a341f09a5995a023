//! `jiuzhu dict check / explain / diff`: the rules engineer's tools. Validate dictionaries
//! and find entries a corpus never uses; show every entry that fired in one document and what
//! the record decided; and show what a dictionary change changes on a corpus, with the
//! accuracy delta against gold.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand};
use jiuzhu_core::DocRecord;
use jiuzhu_dict::{Dictionaries, Entry, Matcher};
use jiuzhu_eval::{evaluate, load_gold};
use jiuzhu_extract::Extractor;
use jiuzhu_ingest::Item;
use jiuzhu_text::normalize;

use super::{ReadOpts, extract_all, ingest_failure, inputs};
use crate::Failure;

#[derive(ClapArgs)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: DictCommand,
}

#[derive(Subcommand)]
enum DictCommand {
    /// Validate the dictionaries (embedded, or --dict DIR); with CORPUS, list the entries
    /// that never match any of its documents.
    Check {
        /// A directory of dictionary files replacing the embedded ones of the same name.
        #[arg(long = "dict", value_name = "DIR")]
        dict: Option<PathBuf>,
        /// Documents to count matches on.
        #[arg(value_name = "CORPUS")]
        corpus: Vec<String>,
        #[command(flatten)]
        read: ReadOpts,
    },
    /// Every dictionary entry that fired in FILE, where, and what the record decided.
    Explain {
        #[arg(long = "dict", value_name = "DIR")]
        dict: Option<PathBuf>,
        #[arg(value_name = "FILE")]
        file: String,
        #[command(flatten)]
        read: ReadOpts,
    },
    /// Which documents change which decision between two dictionary sets (`default` names
    /// the embedded one), and with --gold the accuracy of each.
    Diff {
        /// The two dictionary directories to compare: --dict A --dict B.
        #[arg(long = "dict", value_name = "DIR", num_args = 1, required = true)]
        dicts: Vec<String>,
        #[arg(value_name = "CORPUS", required = true)]
        corpus: Vec<String>,
        /// Gold annotations of the corpus: adds each side's accuracy and the delta.
        #[arg(long, value_name = "GOLD")]
        gold: Vec<PathBuf>,
        #[command(flatten)]
        read: ReadOpts,
    },
}

pub(crate) fn run(args: Args) -> Result<(), Failure> {
    match args.command {
        DictCommand::Check { dict, corpus, read } => check(dict, &corpus, &read),
        DictCommand::Explain { dict, file, read } => explain(dict, &file, &read),
        DictCommand::Diff {
            dicts,
            corpus,
            gold,
            read,
        } => diff(&dicts, &corpus, &gold, &read),
    }
}

fn load(dir: Option<&PathBuf>) -> Result<Dictionaries, Failure> {
    match dir {
        Some(d) => Dictionaries::load_dir(d).map_err(|e| Failure::Usage(e.to_string())),
        None => Ok(Dictionaries::embedded()),
    }
}

/// A dictionary hit in a family-independent form: rule, byte span, family label.
struct RuleHit {
    rule: String,
    label: String,
    start: usize,
    end: usize,
}

fn push_hits<E: Entry>(out: &mut Vec<RuleHit>, m: Matcher<'_, E>, text: &str) {
    out.extend(m.find_iter(text).map(|h| RuleHit {
        rule: h.rule(),
        label: h.entry.label(),
        start: h.start,
        end: h.end,
    }));
}

/// Every hit of every family's automaton in `text`, in text order.
fn all_hits(d: &Dictionaries, text: &str) -> Vec<RuleHit> {
    let mut out = Vec::new();
    push_hits(&mut out, d.charges(), text);
    push_hits(&mut out, d.causes(), text);
    push_hits(&mut out, d.roles(), text);
    push_hits(&mut out, d.compensation(), text);
    push_hits(&mut out, d.degrees(), text);
    push_hits(&mut out, d.negation(), text);
    push_hits(&mut out, d.context(), text);
    push_hits(&mut out, d.outcomes(), text);
    push_hits(&mut out, d.injuries(), text);
    push_hits(&mut out, d.titles(), text);
    push_hits(&mut out, d.case_codes(), text);
    push_hits(&mut out, d.orgs(), text);
    push_hits(&mut out, d.relations(), text);
    push_hits(&mut out, d.amounts(), text);
    out.sort_by_key(|h| (h.start, h.end));
    out
}

fn check(dict: Option<PathBuf>, corpus: &[String], read: &ReadOpts) -> Result<(), Failure> {
    let d = load(dict.as_ref())?;
    let entries = d.entries();
    let mut per_file: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &entries {
        *per_file.entry(e.file.as_str()).or_default() += 1;
    }
    println!(
        "dictionaries valid: {} entries, fingerprint {}",
        entries.len(),
        d.fingerprint()
    );
    for (file, n) in &per_file {
        println!("  {file}: {n}");
    }
    if corpus.is_empty() {
        return Ok(());
    }
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut docs = 0usize;
    let items = read
        .ingest()
        .items(inputs(corpus))
        .map_err(ingest_failure)?;
    for item in items {
        if let Item::Doc(doc) = item {
            docs += 1;
            let norm = normalize(&doc.text);
            for h in all_hits(&d, norm.text()) {
                *counts.entry(h.rule).or_default() += 1;
            }
        }
    }
    let unused: Vec<_> = entries
        .iter()
        .filter(|e| !counts.contains_key(&e.rule))
        .collect();
    println!(
        "\n{docs} documents: {} of {} entries matched; never matched ({}):",
        entries.len() - unused.len(),
        entries.len(),
        unused.len()
    );
    for e in unused {
        println!("  {}:{}  {}  ({})", e.file, e.line, e.rule, e.label);
    }
    Ok(())
}

fn explain(dict: Option<PathBuf>, file: &str, read: &ReadOpts) -> Result<(), Failure> {
    let d = load(dict.as_ref())?;
    let extractor = Extractor::with_dictionaries(d.clone());
    let items = read
        .ingest()
        .items(inputs(&[file.to_string()]))
        .map_err(ingest_failure)?;
    for item in items {
        let doc = match item {
            Item::Doc(doc) => doc,
            Item::Reject(r) => {
                println!(
                    "{}: rejected ({}) — {}",
                    r.source,
                    r.reason.as_str(),
                    r.detail
                );
                continue;
            }
        };
        let norm = normalize(&doc.text);
        let text = norm.text();
        println!("== {}: entries that fired", doc.source);
        for h in all_hits(&d, text) {
            let (cs, ce) = (norm.char_offset(h.start), norm.char_offset(h.end));
            let ctx_start = text[..h.start]
                .char_indices()
                .rev()
                .nth(11)
                .map_or(0, |(i, _)| i);
            let ctx_end = text[h.end..]
                .char_indices()
                .nth(12)
                .map_or(text.len(), |(i, _)| h.end + i);
            let context = format!(
                "{}[{}]{}",
                &text[ctx_start..h.start],
                &text[h.start..h.end],
                &text[h.end..ctx_end]
            )
            .replace('\n', "⏎");
            println!("  @{cs}-{ce}  {}  ({})  {context}", h.rule, h.label);
        }
        println!("\n== what the record decided");
        print!("{}", super::inspect::render(&extractor.extract(&doc)));
    }
    Ok(())
}

fn diff(
    dicts: &[String],
    corpus: &[String],
    gold: &[PathBuf],
    read: &ReadOpts,
) -> Result<(), Failure> {
    let [a, b] = dicts else {
        return Err(Failure::Usage(format!(
            "dict diff compares two dictionary sets: --dict A --dict B (got {}); `default` names the embedded one",
            dicts.len()
        )));
    };
    let side = |name: &str| -> Result<Vec<DocRecord>, Failure> {
        let d = if name == "default" {
            Dictionaries::embedded()
        } else {
            load(Some(&PathBuf::from(name)))?
        };
        Ok(extract_all(read, &Extractor::with_dictionaries(d), corpus)?.0)
    };
    let (ra, rb) = (side(a)?, side(b)?);
    let mut changed = 0usize;
    let mut by_field: BTreeMap<&'static str, usize> = BTreeMap::new();
    println!("documents whose decisions change from {a} to {b}:");
    for (x, y) in ra.iter().zip(&rb) {
        let diffs = decisions(x)
            .into_iter()
            .zip(decisions(y))
            .filter(|(p, q)| p.1 != q.1)
            .map(|(p, q)| {
                *by_field.entry(p.0).or_default() += 1;
                format!("{}: {} → {}", p.0, p.1, q.1)
            })
            .collect::<Vec<_>>();
        if !diffs.is_empty() {
            changed += 1;
            println!("  {}", x.source);
            for line in diffs {
                println!("      {line}");
            }
        }
    }
    println!("\n{changed} of {} documents change", ra.len());
    for (f, n) in &by_field {
        println!("  {f}: {n}");
    }
    if !gold.is_empty() {
        let g = load_gold(gold).map_err(|e| Failure::Usage(e.to_string()))?;
        let ea = evaluate(&g, &ra).map_err(|e| Failure::Usage(e.to_string()))?;
        let eb = evaluate(&g, &rb).map_err(|e| Failure::Usage(e.to_string()))?;
        println!("\naccuracy against gold        {a:>12} {b:>12}    delta");
        for f in [
            "kind",
            "compensation",
            "enforcement.outcome",
            "injury",
            "case_number",
        ] {
            let (x, y) = (acc(ea.field(f)), acc(eb.field(f)));
            println!("  {f:<26} {x:>12.3} {y:>12.3} {:>+8.3}", y - x);
        }
        for s in ["victim_side", "applicant", "all"] {
            let (x, y) = (f1(ea.persons(s)), f1(eb.persons(s)));
            println!(
                "  persons.{s:<18} {x:>12.3} {y:>12.3} {:>+8.3}   (F1)",
                y - x
            );
        }
        let (x, y) = (ea.charges.f1.unwrap_or(0.0), eb.charges.f1.unwrap_or(0.0));
        println!(
            "  {:<26} {x:>12.3} {y:>12.3} {:>+8.3}   (F1)",
            "charges",
            y - x
        );
    }
    Ok(())
}

fn acc(f: Option<&jiuzhu_eval::FieldScore>) -> f64 {
    f.and_then(|f| f.accuracy).unwrap_or(0.0)
}

fn f1(p: Option<&jiuzhu_eval::Prf>) -> f64 {
    p.and_then(|p| p.f1).unwrap_or(0.0)
}

/// The decisions a dictionary change can move, as comparable strings.
fn decisions(r: &DocRecord) -> Vec<(&'static str, String)> {
    let mut persons: Vec<String> = r
        .persons
        .iter()
        .map(|p| {
            let roles: Vec<&str> = p.roles.iter().map(|x| x.as_str()).collect();
            format!("{}[{}]", p.name, roles.join(","))
        })
        .collect();
    persons.sort();
    vec![
        ("kind", r.kind.as_str().to_string()),
        ("charges", r.charges.join("、")),
        ("cause", r.cause.clone().unwrap_or_default()),
        ("compensation", r.compensation.status.as_str().to_string()),
        (
            "enforcement",
            r.enforcement
                .as_ref()
                .map(|e| e.outcome.as_str().to_string())
                .unwrap_or_default(),
        ),
        ("injury", r.injury.as_str().to_string()),
        ("persons", persons.join(" ")),
    ]
}
