//! `jiuzhu inspect FILE`: one document's record for people — every field with the rule that
//! set it and the text it read, in Chinese for the reviewer.

use std::fmt::Write as _;

use clap::Args as ClapArgs;
use jiuzhu_core::{DocRecord, Evidence};

use super::{ExtractOpts, ReadOpts, ingest_failure, inputs};
use crate::Failure;

#[derive(ClapArgs)]
pub(crate) struct Args {
    /// The document (a CSV or JSONL file shows each of its documents; - reads standard input).
    #[arg(value_name = "FILE")]
    file: String,
    /// Print the record as JSON instead.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    read: ReadOpts,
    #[command(flatten)]
    extract: ExtractOpts,
}

pub(crate) fn run(args: Args) -> Result<(), Failure> {
    let extractor = args.extract.extractor()?;
    let items = args
        .read
        .ingest()
        .items(inputs(std::slice::from_ref(&args.file)))
        .map_err(ingest_failure)?;
    extractor.run(items, |result| match result {
        Ok(rec) if args.json => {
            println!(
                "{}",
                serde_json::to_string_pretty(&rec).expect("records serialise")
            );
        }
        Ok(rec) => print!("{}", render(&rec)),
        Err(r) => println!(
            "{}: 未读取 (rejected: {}) — {}\n",
            r.source,
            r.reason.as_str(),
            r.detail
        ),
    });
    Ok(())
}

/// The record as a reviewer reads it.
pub(crate) fn render(rec: &DocRecord) -> String {
    let mut out = String::new();
    let o = &mut out;
    let _ = writeln!(
        o,
        "== {} ({}, {})",
        rec.source,
        rec.format.as_str(),
        rec.encoding
    );
    let field = |o: &mut String, label: &str, value: String, key: &str| {
        let _ = writeln!(o, "{label}: {value}");
        for ev in rec.field_evidence.get(key).into_iter().flatten() {
            let _ = writeln!(o, "    {}", evidence(ev));
        }
    };
    field(
        o,
        "文书类型 kind",
        format!("{} ({})", rec.kind.label_zh(), rec.kind.as_str()),
        "kind",
    );
    field(o, "标题 title", opt(rec.title.as_deref()), "title");
    field(
        o,
        "案号 case_number",
        opt(rec.case_number.as_deref()),
        "case_number",
    );
    field(o, "法院/检察院 court", opt(rec.court.as_deref()), "court");
    field(
        o,
        "日期 date",
        opt(rec.date.map(|d| d.to_string()).as_deref()),
        "date",
    );
    field(o, "罪名 charges", list(&rec.charges), "charges");
    field(o, "案由 cause", opt(rec.cause.as_deref()), "cause");
    let _ = writeln!(o, "当事人 persons: {}", rec.persons.len());
    for p in &rec.persons {
        let roles: Vec<&str> = p.roles.iter().map(|r| r.label_zh()).collect();
        let mut facts = vec![roles.join("、")];
        if p.org {
            facts.push("单位".into());
        }
        if p.anonymized {
            facts.push("已匿名".into());
        }
        if let Some(g) = p.gender {
            facts.push(g.label_zh().into());
        }
        if let Some(b) = p.birth_date {
            facts.push(format!("{b}出生"));
        }
        if let Some(id) = &p.id_number {
            facts.push(format!("身份证 {id}"));
        }
        if let Some(of) = &p.relative_of {
            facts.push(format!("{of}之{}", p.relation.as_deref().unwrap_or("亲属")));
        }
        if let Some(c) = p.compensation {
            facts.push(format!("赔偿: {}", c.label_zh()));
        }
        let _ = writeln!(o, "  - {} [{}]", p.name, facts.join("，"));
        for ev in &p.evidence {
            let _ = writeln!(o, "      {}", evidence(ev));
        }
    }
    let _ = writeln!(
        o,
        "赔偿情况 compensation: {} ({})",
        rec.compensation.status.label_zh(),
        rec.compensation.status.as_str()
    );
    for ev in &rec.compensation.evidence {
        let _ = writeln!(o, "    {}", evidence(ev));
    }
    if let Some(e) = &rec.enforcement {
        let _ = writeln!(
            o,
            "执行结果 enforcement: {} ({}); 执行依据 {}",
            e.outcome.label_zh(),
            e.outcome.as_str(),
            opt(e.basis_case_number.as_deref())
        );
        for ev in &e.evidence {
            let _ = writeln!(o, "    {}", evidence(ev));
        }
    }
    let grade = rec
        .disability_grade
        .map(|g| format!("，伤残{g}级"))
        .unwrap_or_default();
    field(
        o,
        "伤情 injury",
        format!("{}{grade}", rec.injury.label_zh()),
        "injury",
    );
    let money = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.2}元"));
    let _ = writeln!(
        o,
        "金额 amounts: 判决/标的 {}，已付 {}，未付 {}",
        money(rec.amounts.awarded),
        money(rec.amounts.paid),
        money(rec.amounts.unpaid)
    );
    for key in ["amounts.awarded", "amounts.paid", "amounts.unpaid"] {
        for ev in rec.field_evidence.get(key).into_iter().flatten() {
            let _ = writeln!(o, "    {}", evidence(ev));
        }
    }
    for w in &rec.warnings {
        let _ = writeln!(o, "提示 warning: {w}");
    }
    out.push('\n');
    out
}

/// `rule @start-end 「text」`, with the negation cue where one scoped over the phrase.
fn evidence(ev: &Evidence) -> String {
    let negation = match (&ev.negated, &ev.cue) {
        (Some(true), Some(cue)) => format!(" 否定词「{cue}」"),
        (Some(true), None) => " 否定".into(),
        _ => String::new(),
    };
    format!(
        "← {} @{}-{}{negation} 「{}」",
        ev.rule, ev.start, ev.end, ev.text
    )
}

fn opt(v: Option<&str>) -> String {
    v.unwrap_or("—").to_string()
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "—".into()
    } else {
        v.join("、")
    }
}
