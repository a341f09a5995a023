//! `report.html`: one self-contained page in Chinese for the reviewer.
//!
//! Everything is rendered here, escaped, as static HTML; the inline script only sorts,
//! filters and opens rows. A Content-Security-Policy forbids every load from outside the file
//! (no fonts, images, scripts or connections), so the page works offline and cannot leak
//! what it shows.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::{self, Write};

use jiuzhu_core::{Action, Clue, ClueEvidence, Flag, Locality};

use crate::Report;
use crate::columns::{RowContext, case_numbers, document_label, hukou, level_zh, rule_phrase};
use crate::xlsx::section_title;

const CSS: &str = include_str!("report.css");
const JS: &str = include_str!("report.js");

/// Escapes text for HTML element content and quoted attribute values.
pub(crate) fn esc(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

pub(crate) fn write(mut w: impl Write, r: &Report<'_>) -> io::Result<()> {
    let cx = r.row_context();
    let docs = Documents::of(r.clues);
    let mut h = String::with_capacity(16 * 1024 + r.clues.len() * 3 * 1024);
    head(&mut h, r);
    overview(&mut h, r);
    funnels(&mut h, r);
    clue_table(&mut h, r, &cx, &docs);
    documents(&mut h, r, &cx, &docs);
    foot(&mut h, r);
    w.write_all(h.as_bytes())?;
    w.flush()
}

fn title(r: &Report<'_>) -> String {
    match &r.region {
        Some(region) => format!("{region}司法救助线索筛查报告"),
        None => "司法救助线索筛查报告".to_string(),
    }
}

fn head(h: &mut String, r: &Report<'_>) {
    let title = title(r);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
<meta name=\"referrer\" content=\"no-referrer\">\n\
<meta name=\"generator\" content=\"jiuzhu\">\n\
<link rel=\"icon\" href=\"data:,\">\n\
<title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n<p class=\"meta\">",
        esc(&title),
        esc(&title)
    );
    let mut meta: Vec<String> = Vec::new();
    if let Some(d) = r.date {
        meta.push(format!("筛查日期 {d}"));
    }
    meta.push(format!("文书 {} 份", r.funnel.documents));
    meta.push(format!("线索 {} 条", r.clues.len()));
    meta.push(if r.mask {
        "身份证号码已脱敏".to_string()
    } else {
        "含个人信息，仅供内部核查使用".to_string()
    });
    h.push_str(&esc(&meta.join(" · ")));
    h.push_str("</p>\n");
    if !r.mask {
        h.push_str(
            "<p class=\"notice\">本报告含完整身份证号码与被害人信息，请按个人信息保护要求保管；\
对外提供时请使用 <code>--mask-ids</code> 重新生成脱敏版本。</p>\n",
        );
    }
    h.push_str("</header>\n<main>\n");
}

/// A person counted once however many models found them: by ID, else by name.
fn person_key(c: &Clue) -> String {
    c.person
        .id_number
        .clone()
        .unwrap_or_else(|| format!("name:{}", c.person.name))
}

/// The seed's statistics: how many clues for judicial and for social aid, and who they are.
fn overview(h: &mut String, r: &Report<'_>) {
    h.push_str("<section id=\"overview\">\n<h2>筛查结果</h2>\n<p class=\"lead\">");
    let _ = write!(h, "本次共读取文书 <b>{}</b> 份", r.funnel.documents);
    if !r.kinds.is_empty() {
        let kinds: Vec<String> = r
            .kinds
            .iter()
            .map(|(k, n)| format!("{} {n} 份", k.label_zh()))
            .collect();
        let _ = write!(h, "（{}）", esc(&kinds.join("、")));
    }
    if r.funnel.rejects > 0 {
        let _ = write!(h, "，未能读取 <b>{}</b> 份", r.funnel.rejects);
        if !r.rejects.is_empty() {
            let reasons: Vec<String> = r.rejects.iter().map(|(k, n)| format!("{k} {n}")).collect();
            let _ = write!(h, "（{}）", esc(&reasons.join("、")));
        }
    }
    h.push('。');

    let judicial: Vec<&Clue> = r
        .clues
        .iter()
        .filter(|c| c.action == Action::JudicialAid)
        .collect();
    let social: Vec<&Clue> = r
        .clues
        .iter()
        .filter(|c| c.action == Action::SocialAid)
        .collect();
    let persons = |cs: &[&Clue]| {
        cs.iter()
            .map(|c| person_key(c))
            .collect::<BTreeSet<_>>()
            .len()
    };
    let _ = write!(
        h,
        "筛查出可能符合司法救助条件的线索 <b>{}</b> 条（{} 人），可能符合社会救助条件的线索 <b>{}</b> 条",
        judicial.len(),
        persons(&judicial),
        social.len()
    );
    let local = social
        .iter()
        .filter(|c| c.person.locality == Locality::Local)
        .count();
    let non_local = social
        .iter()
        .filter(|c| c.person.locality == Locality::NonLocal)
        .count();
    let _ = write!(h, "（本地 {local} 条、外地 {non_local} 条");
    let unknown = social.len() - local - non_local;
    if unknown > 0 {
        let _ = write!(h, "、户籍不明 {unknown} 条");
    }
    h.push_str("）。");
    // Who the judicial-aid clues are, as the seed counts its aid cases.
    let groups: Vec<String> = [Flag::Minor, Flag::Woman, Flag::Elderly, Flag::Disabled]
        .into_iter()
        .map(|f| {
            let n = judicial
                .iter()
                .filter(|c| c.flags.contains(&f))
                .map(|c| person_key(c))
                .collect::<BTreeSet<_>>()
                .len();
            format!("{} {n} 人", f.label_zh())
        })
        .collect();
    if !judicial.is_empty() {
        let _ = write!(h, "司法救助线索中涉及{}。", esc(&groups.join("、")));
    }
    h.push_str("以上均为线索，须经人工核查后确定救助对象。</p>\n<div class=\"cards\">\n");
    for m in &r.funnel.models {
        let _ = writeln!(
            h,
            "<div class=\"card {}\" data-model=\"{}\"><div><span class=\"badge {}\">{}</span> {}</div>\
<div class=\"n\">{}</div><div>{}</div></div>",
            m.action.as_str(),
            esc(&m.model),
            m.action.as_str(),
            m.action.label_zh(),
            esc(&m.model),
            m.clues,
            esc(&m.name)
        );
    }
    h.push_str("</div>\n</section>\n");
}

fn funnels(h: &mut String, r: &Report<'_>) {
    if r.funnel.models.is_empty() {
        return;
    }
    h.push_str(
        "<section id=\"funnels\">\n<h2>各模型筛查漏斗</h2>\n<p class=\"meta\">每一步为一个人员集合或其交集、并集、差集；\
“无法关联”指匿名（如“张某”）且无身份证号、或同名难以区分、无法与名单比对的人员。</p>\n<div class=\"funnels\">\n",
    );
    for m in &r.funnel.models {
        let max = m.steps.iter().map(|s| s.persons).max().unwrap_or(0).max(1);
        let _ = write!(
            h,
            "<article class=\"funnel {}\" data-model=\"{}\">\n<h3>{} {} <span class=\"badge {}\">{}</span></h3>\n\
<code>{}</code>\n<ol class=\"steps\">\n",
            m.action.as_str(),
            esc(&m.model),
            esc(&m.model),
            esc(&m.name),
            m.action.as_str(),
            m.action.label_zh(),
            esc(&m.expr)
        );
        for (i, s) in m.steps.iter().enumerate() {
            let pct = 100.0 * s.persons as f64 / max as f64;
            let _ = write!(
                h,
                "<li><span class=\"step-label\">{}. {}</span><span class=\"bar\" style=\"width:{pct:.1}%\"></span>\
<span class=\"step-n\">文书 {} 份 · {} 人",
                i + 1,
                esc(&s.step),
                s.documents,
                s.persons
            );
            if s.unlinkable > 0 {
                let _ = write!(h, " · 无法关联 {} 人", s.unlinkable);
            }
            h.push_str("</span></li>\n");
        }
        let _ = write!(
            h,
            "</ol>\n<p class=\"result\">得到{}线索 {} 条</p>\n</article>\n",
            m.action.label_zh(),
            m.clues
        );
    }
    h.push_str("</div>\n</section>\n");
}

/// Every document the clues cite, numbered in order of first citation, so clue details can
/// point at the list.
struct Documents<'c> {
    order: Vec<&'c str>,
    index: BTreeMap<&'c str, usize>,
}

impl<'c> Documents<'c> {
    fn of(clues: &'c [Clue]) -> Documents<'c> {
        let mut d = Documents {
            order: Vec::new(),
            index: BTreeMap::new(),
        };
        for c in clues {
            for s in c
                .sources
                .iter()
                .map(|s| s.source.as_str())
                .chain(c.evidence.iter().map(|e| e.source.as_str()))
            {
                if !d.index.contains_key(s) {
                    d.index.insert(s, d.order.len() + 1);
                    d.order.push(s);
                }
            }
        }
        d
    }

    fn anchor(&self, source: &str) -> String {
        format!("doc-{}", self.index.get(source).copied().unwrap_or(0))
    }
}

/// Clue rows shown at a time. A browser lays out a table of tens of thousands of rows in
/// tens of seconds, and again while it parses (time quadratic in the rows); rows past the
/// page start hidden, so the page is ready as fast for 20,000 clues as for 500.
const PAGE: usize = 500;

/// Table headers: label, sort type (`num` or text), and whether it sorts at all.
const TABLE_HEADERS: [(&str, &str); 13] = [
    ("模型", "text"),
    ("姓名", "text"),
    ("身份证号码", "text"),
    ("性别", "text"),
    ("年龄", "num"),
    ("户籍", "text"),
    ("伤情", "num"),
    ("未履行金额", "num"),
    ("标记", "text"),
    ("关联方式", "num"),
    ("文书", "num"),
    ("优先级", "num"),
    ("", ""),
];

fn clue_table(h: &mut String, r: &Report<'_>, cx: &RowContext<'_>, docs: &Documents<'_>) {
    let n = r.clues.len();
    h.push_str("<section id=\"clues\">\n<h2>线索清单</h2>\n<div class=\"controls\">\n");
    h.push_str(
        "<input id=\"q\" type=\"search\" placeholder=\"搜索姓名、身份证号、案号、依据原文…（空格分隔多个词）\" aria-label=\"搜索线索\">\n",
    );
    // Filters: the model, the action, the locality, a flag.
    let models: Vec<(String, String)> = {
        let mut v: Vec<(String, String)> = r
            .funnel
            .models
            .iter()
            .map(|m| (m.model.clone(), format!("{} {}", m.model, m.name)))
            .collect();
        for c in r.clues {
            if !v.iter().any(|(id, _)| *id == c.model) {
                v.push((c.model.clone(), c.model.clone()));
            }
        }
        v
    };
    select(h, "model", "全部模型", &models);
    select(
        h,
        "action",
        "全部建议",
        &[Action::JudicialAid, Action::SocialAid]
            .map(|a| (a.as_str().to_string(), a.label_zh().to_string())),
    );
    select(
        h,
        "locality",
        "全部户籍",
        &[Locality::Local, Locality::NonLocal, Locality::Unknown]
            .map(|l| (l.as_str().to_string(), l.label_zh().to_string())),
    );
    select(
        h,
        "flags",
        "全部人群",
        &[Flag::Minor, Flag::Woman, Flag::Elderly, Flag::Disabled]
            .map(|f| (f.as_str().to_string(), f.label_zh().to_string())),
    );
    let _ = write!(
        h,
        "<button type=\"button\" id=\"reset\">清除筛选</button>\n\
<button type=\"button\" id=\"expand-all\" aria-pressed=\"false\">全部展开</button>\n\
<span class=\"count\">符合条件 <b id=\"shown\">{n}</b> / 共 <span id=\"total\">{n}</span> 条</span>\n</div>\n\
<table id=\"clue-table\" data-page=\"{PAGE}\">\n<thead><tr>"
    );
    for (label, ty) in TABLE_HEADERS {
        if label.is_empty() {
            h.push_str("<th></th>");
        } else {
            let _ = write!(
                h,
                "<th data-type=\"{ty}\"><button type=\"button\" class=\"sort\">{label}</button></th>"
            );
        }
    }
    h.push_str("</tr></thead>\n");
    for (i, c) in r.clues.iter().enumerate() {
        clue_rows(h, i, i >= PAGE, c, cx, docs);
    }
    h.push_str("</table>\n<p id=\"empty\" hidden>没有符合筛选条件的线索。</p>\n");
    let _ = writeln!(
        h,
        "<p id=\"more\"{}><span id=\"more-note\">已显示前 {} 条，共 {n} 条</span> \
<button type=\"button\" id=\"show-more\">再显示 {PAGE} 条</button> \
<button type=\"button\" id=\"show-all\">全部显示</button></p>",
        if n > PAGE { "" } else { " hidden" },
        n.min(PAGE)
    );
    // Without the script, every row shows (no filters to page through either).
    h.push_str("<noscript><style>tbody.clue[hidden]{display:table-row-group}#more{display:none}</style></noscript>\n");
    if let Some(f) = &r.formula {
        let _ = writeln!(h, "<p class=\"formula\">{}</p>", esc(f));
    }
    h.push_str("</section>\n");
}

fn select(h: &mut String, key: &str, all: &str, options: &[(String, String)]) {
    let _ = write!(
        h,
        "<select id=\"f-{key}\" data-filter=\"{key}\" aria-label=\"{all}\"><option value=\"\">{all}</option>"
    );
    for (v, label) in options {
        let _ = write!(h, "<option value=\"{}\">{}</option>", esc(v), esc(label));
    }
    h.push_str("</select>\n");
}

fn clue_rows(
    h: &mut String,
    i: usize,
    hidden: bool,
    c: &Clue,
    cx: &RowContext<'_>,
    docs: &Documents<'_>,
) {
    let p = &c.person;
    let flags: Vec<&str> = c.flags.iter().map(|f| f.as_str()).collect();
    let _ = write!(
        h,
        "<tbody class=\"clue\" id=\"clue-{}\"{} data-model=\"{}\" data-action=\"{}\" data-locality=\"{}\" data-flags=\"{}\">\n<tr class=\"main\">",
        i + 1,
        if hidden { " hidden" } else { "" },
        esc(&c.model),
        c.action.as_str(),
        p.locality.as_str(),
        flags.join(" ")
    );
    let _ = write!(h, "<td>{}</td>", esc(&c.model));
    let _ = write!(h, "<td class=\"name\">{}</td>", esc(&cx.text(&p.name)));
    let id = p.id_number.as_deref().map(|i| cx.id(i)).unwrap_or_default();
    let _ = write!(h, "<td class=\"id\">{}</td>", esc(&id));
    let _ = write!(h, "<td>{}</td>", p.sex.map_or("", |s| s.label_zh()));
    match p.age {
        Some(a) => {
            let _ = write!(h, "<td class=\"num\" data-v=\"{a}\">{a}</td>");
        }
        None => h.push_str("<td class=\"num\" data-v=\"\"></td>"),
    }
    let _ = write!(
        h,
        "<td>{}</td>",
        esc(&hukou(p.locality, p.id_number.as_deref(), p.birth_date))
    );
    let _ = write!(
        h,
        "<td data-v=\"{}\">{}</td>",
        c.injury.severity(),
        c.injury.label_zh()
    );
    match c.unpaid_amount {
        Some(a) => {
            let _ = write!(h, "<td class=\"num\" data-v=\"{a}\">{}</td>", yuan(a));
        }
        None => h.push_str("<td class=\"num\" data-v=\"\"></td>"),
    }
    h.push_str("<td class=\"flags\">");
    for f in &c.flags {
        let _ = write!(h, "<span>{}</span>", f.label_zh());
    }
    h.push_str("</td>");
    let _ = write!(
        h,
        "<td data-v=\"{}\">{}</td>",
        c.link.level.strength(),
        level_zh(c.link.level)
    );
    let _ = write!(
        h,
        "<td class=\"num\" data-v=\"{}\">{}</td>",
        c.sources.len(),
        c.sources.len()
    );
    let _ = write!(
        h,
        "<td class=\"num prio\" data-v=\"{}\">{:.2}</td>",
        c.priority, c.priority
    );
    h.push_str(
        "<td><button type=\"button\" class=\"toggle\" aria-expanded=\"false\">详情</button></td></tr>\n",
    );

    let _ = writeln!(
        h,
        "<tr class=\"detail\" hidden><td colspan=\"{}\">",
        TABLE_HEADERS.len()
    );
    let _ = writeln!(
        h,
        "<h4>关联方式</h4><p>{}：{}</p>",
        level_zh(c.link.level),
        esc(&cx.text(&c.link.reason))
    );
    if !c.link.rosters.is_empty() {
        h.push_str("<h4>名单</h4><ul>");
        for hit in &c.link.rosters {
            let _ = write!(
                h,
                "<li>{}（{} 第 {} 行",
                esc(&cx.text(&hit.roster)),
                esc(&cx.text(&hit.file)),
                hit.row
            );
            if let Some(cat) = &hit.category {
                let _ = write!(h, "，{}", esc(&cx.text(cat)));
            }
            h.push_str("）</li>");
        }
        h.push_str("</ul>\n");
    }
    h.push_str("<h4>依据</h4>");
    if c.evidence.is_empty() {
        h.push_str("<p class=\"meta\">（无文书原文依据：该线索来自名单比对）</p>\n");
    } else {
        h.push_str("<ul class=\"evidence\">");
        for e in &c.evidence {
            evidence_item(h, c, e, cx, docs);
        }
        h.push_str("</ul>\n");
    }
    if !c.sources.is_empty() {
        let cases = case_numbers(c);
        let _ = write!(
            h,
            "<h4>文书（{} 份{}）</h4><ul class=\"sources\">",
            c.sources.len(),
            if cases.is_empty() {
                String::new()
            } else {
                format!("，案号 {} 个", cases.len())
            }
        );
        for s in &c.sources {
            let roles: Vec<&str> = s.roles.iter().map(|r| r.label_zh()).collect();
            let _ = write!(
                h,
                "<li><a href=\"#{}\">{}</a> {} · {} · <span class=\"rule\">{}</span></li>",
                docs.anchor(&s.source),
                esc(&cx.text(s.case_number.as_deref().unwrap_or("（无案号）"))),
                s.kind.label_zh(),
                esc(&roles.join("、")),
                esc(&cx.text(&s.source))
            );
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</td></tr>\n</tbody>\n");
}

fn evidence_item(
    h: &mut String,
    c: &Clue,
    e: &ClueEvidence,
    cx: &RowContext<'_>,
    docs: &Documents<'_>,
) {
    let text = cx.text(&e.text);
    let _ = write!(
        h,
        "<li><a href=\"#{}\">{}</a>：<span class=\"quote\">{}</span> <span class=\"rule\">{}</span>",
        docs.anchor(&e.source),
        esc(&cx.text(document_label(c, &e.source))),
        highlight(&text, rule_phrase(&e.rule), e.cue.as_deref()),
        esc(&e.rule)
    );
    if let Some(cue) = &e.cue {
        let _ = write!(h, " <span class=\"neg\">否定词：{}</span>", esc(cue));
    }
    h.push_str("</li>");
}

/// Gap allowed between two characters of a dictionary phrase in the text (取得…谅解 in
/// 取得其谅解, 取得被害人谅解).
const PHRASE_GAP: usize = 5;

/// Where the decisive phrase is in the evidence text, as a byte range. The rule names the
/// dictionary entry, and the text may say it in another form (an alias, words in between):
/// the phrase itself; else its characters in order with short gaps; else the longest run of
/// two or more characters it shares with the text that is not just the negation cue
/// (可供执行的财产 for 未发现可供执行的财产 in 名下均无可供执行的财产).
pub(crate) fn find_phrase(text: &str, phrase: &str, cue: Option<&str>) -> Option<(usize, usize)> {
    if phrase.is_empty() {
        return None;
    }
    if let Some(s) = text.find(phrase) {
        return Some((s, s + phrase.len()));
    }
    let t: Vec<(usize, char)> = text.char_indices().collect();
    let p: Vec<char> = phrase.chars().collect();
    let end_of = |i: usize| t.get(i + 1).map_or(text.len(), |c| c.0);
    // Characters in order with short gaps, the tightest window first found.
    for start in (0..t.len()).filter(|&i| t[i].1 == p[0]) {
        let (mut at, mut k) = (start, 1);
        while k < p.len() {
            let window = (at + 1)..(at + 2 + PHRASE_GAP).min(t.len());
            match window.clone().find(|&j| t[j].1 == p[k]) {
                Some(j) => {
                    at = j;
                    k += 1;
                }
                None => break,
            }
        }
        if k == p.len() && p.len() > 1 {
            return Some((t[start].0, end_of(at)));
        }
    }
    // The longest shared run of two or more characters, not inside the cue.
    let mut best: Option<(usize, usize)> = None; // (start char index in text, length)
    for i in 0..t.len() {
        for j in 0..p.len() {
            let mut n = 0;
            while i + n < t.len() && j + n < p.len() && t[i + n].1 == p[j + n] {
                n += 1;
            }
            let run = &text[t[i].0..if n > 0 { end_of(i + n - 1) } else { t[i].0 }];
            let in_cue = cue.is_some_and(|c| c.contains(run));
            if n >= 2 && !in_cue && best.is_none_or(|(_, bn)| n > bn) {
                best = Some((i, n));
            }
        }
    }
    best.map(|(i, n)| (t[i].0, end_of(i + n - 1)))
}

/// The evidence text, escaped, with the decisive phrase ([`find_phrase`]) and the negation
/// cue marked. The cue marked is the occurrence nearest the phrase (a clause may say 未
/// twice); a cue inside the phrase (`未履行`) marks the phrase as negated instead.
pub(crate) fn highlight(text: &str, phrase: &str, cue: Option<&str>) -> String {
    let p = find_phrase(text, phrase, cue);
    let mut phrase_negated = false;
    let c = cue.filter(|c| !c.is_empty()).and_then(|cue| {
        let hits = text.match_indices(cue).map(|(s, m)| (s, s + m.len()));
        match p {
            None => hits.into_iter().next(),
            Some((ps, pe)) => {
                let mut best: Option<((usize, usize), usize)> = None;
                for (s, e) in hits {
                    if s < pe && e > ps {
                        phrase_negated = true;
                        continue;
                    }
                    let d = if e <= ps { ps - e } else { s - pe };
                    if best.is_none_or(|(_, bd)| d < bd) {
                        best = Some(((s, e), d));
                    }
                }
                best.map(|(r, _)| r)
            }
        }
    });
    let mut marks: Vec<(usize, usize, &str)> = Vec::new();
    if let Some((s, e)) = p {
        marks.push((
            s,
            e,
            if phrase_negated && c.is_none() {
                "phrase neg"
            } else {
                "phrase"
            },
        ));
    }
    if let Some((s, e)) = c {
        marks.push((s, e, "cue"));
    }
    marks.sort();
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for (s, e, class) in marks {
        out.push_str(&esc(&text[at..s]));
        let _ = write!(out, "<mark class=\"{class}\">{}</mark>", esc(&text[s..e]));
        at = e;
    }
    out.push_str(&esc(&text[at..]));
    out
}

/// A cited document: its case number, kind, and the clue people it names.
type DocInfo<'c> = (Option<&'c str>, Option<&'static str>, BTreeSet<String>);

fn documents(h: &mut String, r: &Report<'_>, cx: &RowContext<'_>, docs: &Documents<'_>) {
    if docs.order.is_empty() {
        return;
    }
    // Per document: its case number, kind, and who it names among the clues.
    let mut info: BTreeMap<&str, DocInfo<'_>> = BTreeMap::new();
    for c in r.clues {
        for s in &c.sources {
            let e = info.entry(s.source.as_str()).or_default();
            e.0 = e.0.or(s.case_number.as_deref());
            e.1 = e.1.or(Some(s.kind.label_zh()));
            e.2.insert(format!("{}（{}）", cx.text(&c.person.name), c.model));
        }
    }
    h.push_str(
        "<section id=\"documents\">\n<h2>涉及文书</h2>\n<table class=\"docs\">\n<thead><tr><th>序号</th><th>案号</th>\
<th>文书类型</th><th>来源文件</th><th>涉及线索人员</th></tr></thead>\n<tbody>\n",
    );
    for (i, source) in docs.order.iter().enumerate() {
        let (case, kind, names) = info.get(source).cloned().unwrap_or_default();
        let names: Vec<String> = names.into_iter().collect();
        let _ = writeln!(
            h,
            "<tr id=\"doc-{}\"><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"rule\">{}</td><td>{}</td></tr>",
            i + 1,
            i + 1,
            esc(&cx.text(case.unwrap_or("（无案号）"))),
            kind.unwrap_or(""),
            esc(&cx.text(source)),
            esc(&names.join("、"))
        );
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
}

fn foot(h: &mut String, r: &Report<'_>) {
    h.push_str("</main>\n<footer>\n<p>");
    if r.funnel
        .models
        .iter()
        .any(|m| m.action == Action::SocialAid)
    {
        let local = r
            .clues
            .iter()
            .filter(|c| c.action == Action::SocialAid && c.person.locality == Locality::Local)
            .count();
        let _ = write!(
            h,
            "移送社会救助：{}。",
            esc(&section_title(Locality::Local, r.region.as_deref(), local))
        );
    }
    h.push_str(
        "本报告由 jiuzhu 根据法律文书与救助名单自动生成；线索仅供人工核查参考，\
不作为认定救助对象的依据。</p>\n</footer>\n",
    );
    let _ = write!(h, "<script>\n{JS}</script>\n</body>\n</html>\n");
}

/// Yuan with thousands separators and two decimals: `72,018.40`.
fn yuan(a: f64) -> String {
    let s = format!("{:.2}", a.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!("{}{grouped}.{frac}", if a < 0.0 { "-" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_rows() {
        let rows = [
            ("陈秀英", "陈秀英"),
            (
                "<script>alert(1)</script>",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
            ),
            ("a & b", "a &amp; b"),
            ("\"x\" 'y'", "&quot;x&quot; &#39;y&#39;"),
        ];
        for (s, want) in rows {
            assert_eq!(esc(s), want, "{s}");
        }
    }

    #[test]
    fn highlight_rows() {
        let rows: [(&str, &str, Option<&str>, &str); 9] = [
            (
                "双方未达成和解",
                "达成和解",
                Some("未"),
                "双方<mark class=\"cue\">未</mark><mark class=\"phrase\">达成和解</mark>",
            ),
            // The cue after the phrase (…未果).
            (
                "经调解未果",
                "调解",
                Some("未果"),
                "经<mark class=\"phrase\">调解</mark><mark class=\"cue\">未果</mark>",
            ),
            // The nearest of two cues.
            (
                "未到庭，亦未赔偿",
                "赔偿",
                Some("未"),
                "未到庭，亦<mark class=\"cue\">未</mark><mark class=\"phrase\">赔偿</mark>",
            ),
            // A cue inside the phrase negates it.
            (
                "至今未履行",
                "未履行",
                Some("未"),
                "至今<mark class=\"phrase neg\">未履行</mark>",
            ),
            // The phrase with words in between.
            (
                "亦未取得被害人谅解",
                "取得谅解",
                Some("亦未"),
                "<mark class=\"cue\">亦未</mark><mark class=\"phrase\">取得被害人谅解</mark>",
            ),
            // Another form of the entry: the longest shared run.
            (
                "二被执行人名下均无可供执行的财产",
                "未发现可供执行的财产",
                None,
                "二被执行人名下均无<mark class=\"phrase\">可供执行的财产</mark>",
            ),
            // Nothing shared but the cue: only the cue.
            (
                "被告人拒不赔偿",
                "拒不履行",
                Some("拒不"),
                "被告人<mark class=\"cue\">拒不</mark>赔偿",
            ),
            // Escaped around and inside the marks.
            (
                "<b>未</b>赔偿<script>",
                "赔偿",
                Some("未"),
                "&lt;b&gt;<mark class=\"cue\">未</mark>&lt;/b&gt;<mark class=\"phrase\">赔偿</mark>&lt;script&gt;",
            ),
            (
                "终结本次执行程序",
                "终结本次执行程序",
                None,
                "<mark class=\"phrase\">终结本次执行程序</mark>",
            ),
        ];
        for (text, phrase, cue, want) in rows {
            assert_eq!(highlight(text, phrase, cue), want, "{text}");
        }
    }

    #[test]
    fn yuan_rows() {
        let rows = [
            (72018.4, "72,018.40"),
            (186000.0, "186,000.00"),
            (0.5, "0.50"),
            (999.999, "1,000.00"),
            (-1234.0, "-1,234.00"),
        ];
        for (a, want) in rows {
            assert_eq!(yuan(a), want, "{a}");
        }
    }
}
