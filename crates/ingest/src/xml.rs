//! Judgment XML (the "writ"/wsjx shape of `corpora/real/xml/XML_NOTES.md`): every element
//! carries its span of text in `value`/`oValue` attributes with a Chinese `nameCN` label; the
//! root `QW` (全文) holds the full text, its children (WS 文首, SSCYRQJ/DSR 诉讼参与人,
//! SSJL 诉讼记录, AJJBQK 案件基本情况, CPFXGC 裁判分析过程, PJJG/CPJG 裁判结果, WW 文尾 …)
//! become section hints, and a few leaves (AH 案号, JBFY 经办法院, AJLX 案件类型, AY 案由,
//! SSCYRMC 诉讼参与人名称 …) fill the other hints.
//!
//! Parsing uses quick-xml with no DTD processing: entity declarations are ignored and an
//! unknown reference stays as written, so a billion-laughs document cannot expand. Nesting is
//! tracked on a heap stack bounded by [`MAX_DEPTH`], so deep nesting cannot overflow anything.

use std::borrow::Cow;

use jiuzhu_core::{Hints, RejectReason, SectionHint};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::decode::Refusal;
use crate::entities;

/// Deeper element nesting than this is refused as malformed (the real vocabulary nests 7 deep).
pub(crate) const MAX_DEPTH: usize = 256;

/// Text and hints of one XML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct XmlDoc {
    pub text: String,
    pub hints: Hints,
}

struct Frame {
    tag: String,
    /// `oValue` (the original text) when present, else `value`.
    value: Option<String>,
    label: Option<String>,
    /// Character data directly inside the element.
    content: String,
    /// Index of this element's section hint, reserved when it opened (so sections come in
    /// document order, parents before children).
    section: Option<usize>,
}

impl Frame {
    fn text(&self) -> &str {
        match &self.value {
            Some(v) if !v.trim().is_empty() => v.trim(),
            _ => self.content.trim(),
        }
    }
}

/// An attribute value with character references decoded, HTML names included; unknown
/// references stay as written. Unlike the XML spec's attribute normalisation, raw line breaks
/// are kept: a producer that did not escape the paragraph breaks of QW's full text still
/// means them as paragraphs.
fn attr_value(s: &str) -> String {
    entities::decode(s).into_owned()
}

fn frame(e: &BytesStart<'_>) -> Frame {
    let tag = e.name().as_ref().to_string();
    let (mut value, mut ovalue, mut label) = (None, None, None);
    for attr in e.attributes().with_checks(false).flatten() {
        match attr.key.as_ref() {
            "value" => value = Some(attr_value(&attr.value)),
            "oValue" => ovalue = Some(attr_value(&attr.value)),
            "nameCN" => label = Some(attr_value(&attr.value)).filter(|l| !l.trim().is_empty()),
            _ => {}
        }
    }
    Frame {
        tag,
        value: ovalue.filter(|v| !v.trim().is_empty()).or(value),
        label,
        content: String::new(),
        section: None,
    }
}

/// Default Chinese labels for section tags when the element has no `nameCN`.
fn default_label(tag: &str) -> Option<&'static str> {
    Some(match tag {
        "WS" => "文首",
        "SSCYRQJ" => "诉讼参与人全集",
        "SSCYR" => "诉讼参与人",
        "DSR" => "当事人",
        "SSJL" => "诉讼记录",
        "AJJBQK" => "案件基本情况",
        "CPFXGC" => "裁判分析过程",
        "PJJG" => "判决结果",
        "CPJG" => "裁判结果",
        "WW" => "文尾",
        "FL" => "附录",
        _ => return None,
    })
}

struct Collector {
    stack: Vec<Frame>,
    qw: Option<String>,
    /// Every element's text in document order, for XML that is not judgment-shaped.
    fallback: Vec<String>,
    hints: Hints,
    cause_full: Option<String>,
}

impl Collector {
    fn inside(&self, tags: &[&str]) -> bool {
        self.stack.iter().any(|f| tags.contains(&f.tag.as_str()))
    }

    fn parent_is(&self, tag: &str) -> bool {
        self.stack.last().is_some_and(|f| f.tag == tag)
    }

    /// Reserves the section hint of an element that is one (a child of QW, or a party).
    fn open(&mut self, mut f: Frame) -> Frame {
        if self.parent_is("QW") || (f.tag == "SSCYR" && self.inside(&["SSCYRQJ", "DSR", "YSF"])) {
            f.section = Some(self.hints.sections.len());
            self.hints.sections.push(SectionHint {
                label: f
                    .label
                    .clone()
                    .or_else(|| default_label(&f.tag).map(str::to_string)),
                tag: f.tag.clone(),
                text: String::new(),
            });
        }
        f
    }

    fn close(&mut self, f: Frame) {
        let text = f.text();
        if let Some(i) = f.section {
            self.hints.sections[i].text = text.to_string();
        }
        if text.is_empty() {
            return;
        }
        if f.tag == "QW" && self.qw.is_none() {
            self.qw = Some(text.to_string());
            return;
        }
        if self.fallback.len() < 100_000 {
            self.fallback.push(text.to_string());
        }
        let in_parties = self.inside(&["SSCYRQJ", "DSR", "YSF"]);
        let in_ws = self.inside(&["WS"]);
        let in_ssjl = self.inside(&["SSJL"]);
        let in_ww = self.inside(&["WW"]);
        let h = &mut self.hints;
        let set = |slot: &mut Option<String>| {
            if slot.is_none() {
                *slot = Some(text.to_string());
            }
        };
        match f.tag.as_str() {
            "AH" if in_ws => set(&mut h.case_number),
            "JBFY" | "CBJG" | "WSZZDW" if in_ws => set(&mut h.court),
            "WSMC" => set(&mut h.title),
            "AJLX" | "AJLB" => set(&mut h.case_type),
            "AY" if in_ssjl => set(&mut h.cause),
            "WZAY" => set(&mut self.cause_full),
            "CPSJ" if in_ww => set(&mut h.date),
            "SSCYRMC" | "XM" if in_parties && !h.parties.iter().any(|p| p == text) => {
                h.parties.push(text.to_string());
            }
            _ => {}
        }
        if f.section.is_none() && in_ws && !matches!(f.tag.as_str(), "AH" | "WSMC") {
            self.hints
                .extra
                .entry(f.tag.clone())
                .or_insert_with(|| text.to_string());
        }
    }
}

/// Reads one XML document.
pub(crate) fn parse(src: &str) -> Result<XmlDoc, Refusal> {
    let mut reader = Reader::from_str(src);
    let mut c = Collector {
        stack: Vec::new(),
        qw: None,
        fallback: Vec::new(),
        hints: Hints::default(),
        cause_full: None,
    };
    loop {
        let event = reader.read_event().map_err(|e| {
            Refusal::new(
                RejectReason::Malformed,
                format!("XML error at byte {}: {e}", reader.error_position()),
            )
        })?;
        match event {
            Event::Start(e) => {
                if c.stack.len() >= MAX_DEPTH {
                    return Err(Refusal::new(
                        RejectReason::Malformed,
                        format!(
                            "XML nested deeper than {MAX_DEPTH} elements at byte {}",
                            reader.buffer_position()
                        ),
                    ));
                }
                let f = c.open(frame(&e));
                c.stack.push(f);
            }
            Event::Empty(e) => {
                let f = c.open(frame(&e));
                c.close(f);
            }
            Event::End(_) => {
                if let Some(f) = c.stack.pop() {
                    c.close(f);
                }
            }
            Event::Text(t) => push_content(&mut c, &t.xml10_content()),
            Event::CData(t) => push_content(&mut c, &t.xml10_content()),
            Event::GeneralRef(r) => {
                let name = r.xml10_content();
                let resolved: Cow<'_, str> = match r.resolve_char_ref() {
                    Ok(Some(ch)) => Cow::Owned(ch.to_string()),
                    _ => match entities::named(&name) {
                        Some(ch) => Cow::Owned(ch.to_string()),
                        None => Cow::Owned(format!("&{name};")),
                    },
                };
                push_content(&mut c, &resolved);
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::DocType(_) | Event::Comment(_) => {}
        }
    }
    c.hints.sections.retain(|s| !s.text.is_empty());
    if c.hints.cause.is_none() {
        c.hints.cause = c.cause_full.take();
    }
    let text = match c.qw.take() {
        Some(qw) => qw,
        None if !c.hints.sections.is_empty() => c
            .hints
            .sections
            .iter()
            .filter(|s| s.tag != "SSCYR")
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        None => c.fallback.join("\n"),
    };
    if text.trim().is_empty() {
        return Err(Refusal::new(
            RejectReason::Empty,
            "XML without text: QW has no value/oValue and no element holds any text \
             (an empty template?)",
        ));
    }
    Ok(XmlDoc {
        text,
        hints: c.hints,
    })
}

fn push_content(c: &mut Collector, s: &str) {
    if let Some(top) = c.stack.last_mut() {
        top.content.push_str(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn judgment_shape() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<writ><QW nameCN="全文" value="v" oValue="浙江省乐清市人民法院&#10;刑事判决书&#xA;被告人王某某。">
  <WS nameCN="文首" value="浙江省乐清市人民法院 刑事判决书 （2021）浙0382刑初456号">
    <JBFY nameCN="经办法院" value="浙江省乐清市人民法院"><FYJB nameCN="法院级别" value="基层"/></JBFY>
    <AH nameCN="案号" value="（2021）浙0382刑初456号"/>
    <AJLX nameCN="案件类型" value="刑事案件"/>
    <WSZL nameCN="文书种类" value="判决书"/>
  </WS>
  <SSCYRQJ nameCN="诉讼参与人全集" value="公诉机关乐清市人民检察院。被告人王某某。">
    <SSCYR nameCN="诉讼参与人" value="被告人王某某，男。"><SSCYRMC nameCN="诉讼参与人名称" value="王某某"/></SSCYR>
    <SSCYR nameCN="诉讼参与人" value="被害人李某。"><SSCYRMC value="李某"/></SSCYR>
  </SSCYRQJ>
  <SSJL nameCN="诉讼记录" value="乐清市人民检察院以…提起公诉。"><AY value="交通肇事罪"/></SSJL>
  <PJJG nameCN="判决结果" value="被告人王某某犯交通肇事罪…"><SSCYR><SSCYRMC value="王某某"/></SSCYR></PJJG>
  <WW nameCN="文尾" value="二〇二一年五月十一日"><CPSJ value="二〇二一年五月十一日"/></WW>
</QW></writ>"#;
        let d = parse(xml).unwrap();
        assert_eq!(d.text, "浙江省乐清市人民法院\n刑事判决书\n被告人王某某。");
        let h = &d.hints;
        assert_eq!(h.case_number.as_deref(), Some("（2021）浙0382刑初456号"));
        assert_eq!(h.court.as_deref(), Some("浙江省乐清市人民法院"));
        assert_eq!(h.case_type.as_deref(), Some("刑事案件"));
        assert_eq!(h.cause.as_deref(), Some("交通肇事罪"));
        assert_eq!(h.date.as_deref(), Some("二〇二一年五月十一日"));
        assert_eq!(h.parties, vec!["王某某", "李某"]);
        assert_eq!(h.extra.get("WSZL").map(String::as_str), Some("判决书"));
        let tags: Vec<&str> = h.sections.iter().map(|s| s.tag.as_str()).collect();
        assert_eq!(
            tags,
            ["WS", "SSCYRQJ", "SSCYR", "SSCYR", "SSJL", "PJJG", "WW"]
        );
        assert_eq!(h.sections[4].label.as_deref(), Some("诉讼记录"));
        assert_eq!(h.sections[2].text, "被告人王某某，男。");
        assert_eq!(h.sections[2].text, "被告人王某某，男。");
    }

    #[test]
    fn text_from_sections_or_content() {
        let rows: &[(&str, &str)] = &[
            (
                r#"<writ><QW><WS value="头"/><AJJBQK value="经审理查明"/></QW></writ>"#,
                "头\n经审理查明",
            ),
            (r#"<QW value="全文在value"/>"#, "全文在value"),
            (
                "<QW value=\"第一段\n第二段&#10;第三段\"/>",
                "第一段\n第二段\n第三段",
            ),
            (
                "<doc><p>第一段 &amp; 其他</p><p>第二段&ldquo;</p></doc>",
                "第一段 & 其他\n第二段“",
            ),
            ("<QW><![CDATA[<CDATA> 文本]]></QW>", "<CDATA> 文本"),
        ];
        for &(xml, want) in rows {
            assert_eq!(parse(xml).unwrap().text, want, "{xml}");
        }
    }

    #[test]
    fn refusals() {
        let deep = "<a>".repeat(MAX_DEPTH + 10);
        let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<QW>&lol3;</QW>"#;
        let d = parse(laughs).unwrap();
        assert_eq!(d.text, "&lol3;", "entities must not expand");
        let rows: &[(&str, RejectReason)] = &[
            (&deep, RejectReason::Malformed),
            ("<QW><WS></QW>", RejectReason::Malformed),
            (
                r#"<writ><QW><WS nameCN="文首" value="" oValue=""/></QW></writ>"#,
                RejectReason::Empty,
            ),
        ];
        for (xml, want) in rows {
            let err = parse(xml).expect_err(&xml[..xml.len().min(40)]);
            assert_eq!(err.reason, *want, "{}", err.detail);
        }
    }
}
