//! Container fields (JSON keys, CSV columns) to document text and hints.
//!
//! The names are the container vocabularies seen in the real corpus: the bulk dump CSV header,
//! China Judgments Online's 2019+ API `sN` fields (checked against
//! `corpora/real/html/JDP_sample3_*` and `wenshu_2019API_*`), and the JSON keys of the public
//! datasets (JuDGE `fd`, LeCaRDv2 `query`, MNBVC `text`).

use jiuzhu_core::{Hints, SectionHint};

use crate::{entities, html};

/// Default text fields, tried in this order (ASCII names case-insensitively).
pub const DEFAULT_TEXT_FIELDS: &[&str] = &[
    "全文",
    "正文",
    "qw",
    "qwContent",
    "Html",
    "fd",
    "text",
    "content",
    "query",
];

/// The 2019+ China Judgments Online API splits the text into these fields: tag, label.
/// s22 holds the head (court, title, case number), s23 the procedure, s25 claims and facts,
/// s26 the reasoning (本院认为), s27 the result, s28 judges, date and clerk, s51 the statute
/// appendix. Joined in this order they rebuild the text when `qwContent` is missing.
pub(crate) const WENSHU_SECTIONS: &[(&str, &str)] = &[
    ("s22", "文首"),
    ("s23", "诉讼记录"),
    ("s25", "案件基本情况"),
    ("s26", "裁判分析过程"),
    ("s27", "判决结果"),
    ("s28", "文尾"),
    ("s51", "附录"),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    CaseNumber,
    Court,
    Date,
    Title,
    CaseType,
    Procedure,
    Cause,
    Parties,
}

/// Field names (Chinese exact; ASCII lower-cased with `_` removed) and the hint they fill.
fn slot(key: &str) -> Option<Slot> {
    let ascii: String;
    let k = if key.is_ascii() {
        ascii = key.to_ascii_lowercase().replace('_', "");
        ascii.as_str()
    } else {
        key.trim()
    };
    Some(match k {
        "案号" | "s7" | "ah" | "caseno" | "casenumber" => Slot::CaseNumber,
        "法院" | "法院名称" | "经办法院" | "审理法院" | "s2" | "court" | "courtname" => {
            Slot::Court
        }
        "裁判日期" | "判决日期" | "s31" | "judgedate" | "judgmentdate" => Slot::Date,
        "案件名称" | "标题" | "文书标题" | "s1" | "title" => Slot::Title,
        "案件类型" | "s8" | "casetype" => Slot::CaseType,
        "审理程序" | "审判程序" | "s9" | "trialprocedure" => Slot::Procedure,
        "案由" | "s11" | "cause" => Slot::Cause,
        "当事人" | "s17" | "parties" => Slot::Parties,
        _ => return None,
    })
}

/// Whether `key` names the text field `want` (ASCII names compare case-insensitively).
pub(crate) fn same_field(key: &str, want: &str) -> bool {
    key == want || (key.is_ascii() && key.eq_ignore_ascii_case(want))
}

/// Collects hints from one field; `path` is the key as reported in `extra` (`source.PubDate`).
#[derive(Default)]
pub(crate) struct HintBuilder {
    hints: Hints,
    procedure: Option<String>,
}

impl HintBuilder {
    /// Adds a field. `parts` are the values of an array field (parties, causes), else one value.
    pub(crate) fn add(&mut self, key: &str, path: &str, parts: &[&str]) {
        let parts: Vec<&str> = parts
            .iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
            .collect();
        if parts.is_empty() {
            return;
        }
        if let Some((_, label)) = WENSHU_SECTIONS.iter().find(|(k, _)| *k == key) {
            self.hints.sections.push(SectionHint {
                tag: key.to_string(),
                label: Some((*label).to_string()),
                text: parts.join("\n"),
            });
            return;
        }
        let joined = || parts.join("、");
        let h = &mut self.hints;
        let fill = |slot: &mut Option<String>, v: String| {
            if slot.is_none() {
                *slot = Some(v);
            }
        };
        match slot(key) {
            Some(Slot::CaseNumber) => fill(&mut h.case_number, joined()),
            Some(Slot::Court) => fill(&mut h.court, joined()),
            Some(Slot::Date) => fill(&mut h.date, joined()),
            Some(Slot::Title) => fill(&mut h.title, joined()),
            Some(Slot::CaseType) => fill(&mut h.case_type, joined()),
            Some(Slot::Cause) => fill(&mut h.cause, joined()),
            Some(Slot::Procedure) => {
                fill(&mut self.procedure, joined());
                h.extra.insert(path.to_string(), joined());
            }
            Some(Slot::Parties) => {
                for part in parts {
                    // The dump joins names with full-width semicolons; other exports use 、 or ,
                    for name in part.split(['；', ';', '、', ',', '，']) {
                        let name = name.trim();
                        if !name.is_empty() && !h.parties.iter().any(|p| p == name) {
                            h.parties.push(name.to_string());
                        }
                    }
                }
            }
            None => {
                h.extra.insert(path.to_string(), parts.join("；"));
            }
        }
    }

    /// Merges what a converted HTML value carried.
    pub(crate) fn html(&mut self, converted: &mut html::HtmlText) {
        if self.hints.title.is_none() {
            self.hints.title = converted.title.take();
        }
        self.hints.sections.append(&mut converted.sections);
    }

    pub(crate) fn extra(&mut self, key: &str, value: String) {
        self.hints.extra.insert(key.to_string(), value);
    }

    pub(crate) fn finish(mut self) -> Hints {
        if self.hints.case_type.is_none() {
            self.hints.case_type = self.procedure.take();
        }
        self.hints
    }
}

/// A field value as document text: HTML converted (its anchors and title merged into the
/// hints), plain text with character references decoded.
pub(crate) fn field_text(value: &str, hints: &mut HintBuilder) -> String {
    if html::looks_like_html(value) {
        let mut converted = html::html_to_text(value);
        hints.html(&mut converted);
        converted.text
    } else {
        entities::decode(value.trim()).into_owned()
    }
}

/// Removes what the 马克数据网 dump adds around 全文: a leading `文书内容` and a trailing
/// advert such as `微信公众号“马克 数据网”` (see `corpora/real/dump_csv/SCHEMA_NOTES.md`).
pub(crate) fn strip_dump_artifacts(text: &str) -> &str {
    let mut t = text.trim();
    t = t.strip_prefix("文书内容").unwrap_or(t).trim_start();
    if let Some(p) = t.rfind("微信公众号") {
        let tail = &t[p..];
        // Only a short tail naming the reseller is the advert; 微信公众号 inside a judgment
        // (a fraud case, say) is text.
        if tail.len() <= 80 && tail.contains("马克") && tail.contains("数据") {
            t = t[..p].trim_end();
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hint_slots() {
        let mut b = HintBuilder::default();
        b.add("案号", "案号", &["（2021）黑7530执472号"]);
        b.add("s2", "source.s2", &["池州市贵池区人民法院"]);
        b.add("审理程序", "审理程序", &["执行实施"]);
        b.add("当事人", "当事人", &["赵文君；李建国；安亚君"]);
        b.add("s17", "s17", &["赵文君", "程希江"]);
        b.add("s11", "s11", &["劳务合同纠纷"]);
        b.add("s23", "s23", &["本院于2018年3月19日立案后"]);
        b.add("PubDate", "source.PubDate", &["2018-12-12"]);
        b.add("empty", "empty", &["  "]);
        let h = b.finish();
        assert_eq!(h.case_number.as_deref(), Some("（2021）黑7530执472号"));
        assert_eq!(h.court.as_deref(), Some("池州市贵池区人民法院"));
        assert_eq!(h.case_type.as_deref(), Some("执行实施"));
        assert_eq!(h.cause.as_deref(), Some("劳务合同纠纷"));
        assert_eq!(h.parties, ["赵文君", "李建国", "安亚君", "程希江"]);
        assert_eq!(h.sections[0].label.as_deref(), Some("诉讼记录"));
        assert_eq!(h.extra.get("source.PubDate").unwrap(), "2018-12-12");
        assert_eq!(h.extra.get("审理程序").unwrap(), "执行实施");
        assert!(!h.extra.contains_key("empty"));
    }

    #[test]
    fn dump_artifacts() {
        let rows: &[(&str, &str)] = &[
            (
                "文书内容黑龙江省诺敏河人民法院结 案 通 知 书特此通知。二〇二一年十月二日 微信公众号“马克 数据网”",
                "黑龙江省诺敏河人民法院结 案 通 知 书特此通知。二〇二一年十月二日",
            ),
            ("正文。微信公众号\"马克数据网\"", "正文。"),
            (
                "被告人通过微信公众号发布虚假信息。",
                "被告人通过微信公众号发布虚假信息。",
            ),
            ("  plain  ", "plain"),
        ];
        for &(input, want) in rows {
            assert_eq!(strip_dump_artifacts(input), want);
        }
    }
}
