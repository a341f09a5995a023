//! One JSON object (a `.json` file, an array element, a JSON Lines line) to text and hints.
//!
//! Crawl records nest the document: JDP's old-API records hold `source` as a JSON-encoded
//! string `{Title, PubDate, Html}`, its 2019+ records `{s1…s54, qwContent}`. Strings that hold
//! a JSON object are parsed and searched too (up to [`MAX_NESTING`] levels). The text field is
//! the first configured name present anywhere (shallowest first); every other scalar field
//! becomes a hint, named by its dotted path in `hints.extra`.

use jiuzhu_core::{Hints, RejectReason};
use serde_json::{Map, Value};

use crate::decode::Refusal;
use crate::fields::{self, HintBuilder, WENSHU_SECTIONS};

/// How deep objects (and JSON-encoded strings holding objects) are searched.
const MAX_NESTING: usize = 4;

/// A flattened field: its dotted path, its own key and its value.
struct Field<'a> {
    path: String,
    key: &'a str,
    value: &'a Value,
}

/// Parses JSON-encoded object strings in place, so they are searched like objects.
fn expand(value: &mut Value, depth: usize) {
    if depth >= MAX_NESTING {
        return;
    }
    match value {
        Value::Object(map) => {
            for v in map.values_mut() {
                expand(v, depth + 1);
            }
        }
        Value::String(s) => {
            let t = s.trim();
            if t.starts_with('{') && t.ends_with('}') {
                if let Ok(mut inner @ Value::Object(_)) = serde_json::from_str::<Value>(t) {
                    expand(&mut inner, depth + 1);
                    *value = inner;
                }
            }
        }
        _ => {}
    }
}

/// Fields breadth-first: shallower fields come first, each object in key order.
fn flatten(map: &Map<String, Value>) -> Vec<Field<'_>> {
    let mut out = Vec::new();
    let mut level: Vec<(String, &Map<String, Value>)> = vec![(String::new(), map)];
    while !level.is_empty() {
        let mut next = Vec::new();
        for (prefix, m) in level {
            for (k, v) in m {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                if let Value::Object(inner) = v {
                    next.push((path.clone(), inner));
                }
                out.push(Field {
                    path,
                    key: k,
                    value: v,
                });
            }
        }
        level = next;
    }
    out
}

/// String parts of a value: a string, or the strings of an array of scalars.
fn parts(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::String(s) => Some(vec![s.clone()]),
        Value::Number(n) => Some(vec![n.to_string()]),
        Value::Bool(b) => Some(vec![b.to_string()]),
        Value::Array(items) if items.iter().all(|v| !v.is_object() && !v.is_array()) => Some(
            items
                .iter()
                .filter_map(|v| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Null => None,
                    other => Some(other.to_string()),
                })
                .collect(),
        ),
        _ => None,
    }
}

fn non_empty_text(value: &Value) -> bool {
    match value {
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(items) => items
            .iter()
            .any(|v| v.as_str().is_some_and(|s| !s.trim().is_empty())),
        _ => false,
    }
}

/// Text and hints of one JSON object; `text_fields` in order of preference.
pub(crate) fn object_to_doc(
    mut value: Value,
    text_fields: &[String],
) -> Result<(String, Hints), Refusal> {
    if !value.is_object() {
        return Err(Refusal::new(
            RejectReason::Malformed,
            format!(
                "a JSON {} where a document object was expected",
                kind_name(&value)
            ),
        ));
    }
    expand(&mut value, 0);
    let Value::Object(map) = &value else {
        unreachable!("checked above")
    };
    let all = flatten(map);
    let chosen = text_fields.iter().find_map(|want| {
        all.iter()
            .position(|f| fields::same_field(f.key, want) && non_empty_text(f.value))
    });
    let mut hints = HintBuilder::default();
    let text = match chosen {
        Some(i) => {
            let raw = parts(all[i].value).unwrap_or_default().join("\n");
            fields::field_text(&raw, &mut hints)
        }
        None => {
            // The 2019+ API without qwContent: rebuild the text from its section fields.
            let sections: Vec<String> = WENSHU_SECTIONS
                .iter()
                .filter(|(k, _)| *k != "s51")
                .filter_map(|(k, _)| all.iter().find(|f| f.key == *k))
                .filter_map(|f| f.value.as_str())
                .filter(|s| !s.trim().is_empty())
                .map(|s| s.trim().to_string())
                .collect();
            if sections.is_empty() {
                let keys: Vec<&str> = all.iter().map(|f| f.path.as_str()).take(40).collect();
                return Err(Refusal::new(
                    RejectReason::NoText,
                    format!(
                        "no text field: found keys {}; expected one of {} \
                         (choose another with --text-field)",
                        keys.join(", "),
                        text_fields.join(", ")
                    ),
                ));
            }
            sections.join("\n")
        }
    };
    for (i, f) in all.iter().enumerate() {
        if Some(i) == chosen || f.value.is_object() || f.value.is_null() {
            continue;
        }
        match parts(f.value) {
            Some(p) => {
                let p: Vec<&str> = p.iter().map(String::as_str).collect();
                hints.add(f.key, &f.path, &p);
            }
            None => {
                if !f.value.as_array().is_some_and(Vec::is_empty) {
                    hints.extra(&f.path, f.value.to_string());
                }
            }
        }
    }
    Ok((text, hints.finish()))
}

fn kind_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Text from a document that looks like a JSON object but does not parse (the 2019 API dump
/// quirk `{"s1#3!…` in `corpora/real/html/*_RAW_*`): finds the first text field's string
/// literal and decodes it. Returns the field name with the text.
pub(crate) fn salvage(src: &str, text_fields: &[String]) -> Option<(String, String)> {
    for want in text_fields {
        let needle = format!("\"{want}\"");
        let mut from = 0;
        while let Some(p) = src[from..].find(&needle) {
            let after = from + p + needle.len();
            from = after;
            let rest = src[after..].trim_start();
            let Some(rest) = rest.strip_prefix(':') else {
                continue;
            };
            let rest = rest.trim_start();
            if !rest.starts_with('"') {
                continue;
            }
            let end = string_literal_end(rest)?;
            if let Ok(s) = serde_json::from_str::<String>(&rest[..end]) {
                if !s.trim().is_empty() {
                    return Some((want.clone(), s));
                }
            }
        }
    }
    None
}

/// Byte length of the JSON string literal at the start of `s` (which starts with `"`).
fn string_literal_end(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> Vec<String> {
        fields::DEFAULT_TEXT_FIELDS
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn text_field_choice() {
        let rows: &[(&str, &str)] = &[
            (r#"{"text":"事实部分","fd":"全文内容"}"#, "全文内容"),
            (r#"{"id":1,"query":"查询文本","fact":"事实"}"#, "查询文本"),
            (r#"{"content":"  内容  ","全文":"中文全文"}"#, "中文全文"),
            (
                r#"{"source":"{\"Title\":\"标题\",\"Html\":\"<div>判决</div><div>书</div>\"}"}"#,
                "判决\n书",
            ),
            (r#"{"a":{"b":{"TEXT":"深层"}}}"#, "深层"),
            (r#"{"text":"","content":"非空优先"}"#, "非空优先"),
            (
                r#"{"s22":"头","s23":"诉讼记录","s27":"判决结果","s51":"附录"}"#,
                "头\n诉讼记录\n判决结果",
            ),
            (r#"{"text":["第一段","第二段"]}"#, "第一段\n第二段"),
            (r#"{"text":"＆ｌｄｑｕｏ;干股＆ｒｄｑｕｏ;"}"#, "“干股”"),
        ];
        for &(json, want) in rows {
            let v: Value = serde_json::from_str(json).unwrap();
            let (text, _) =
                object_to_doc(v, &defaults()).unwrap_or_else(|e| panic!("{json}: {e:?}"));
            assert_eq!(text, want, "{json}");
        }
    }

    #[test]
    fn hints_from_fields() {
        let json = r#"{"id":"1","source":"{\"s1\":\"某某纠纷一审民事判决书\",\"s2\":\"池州市贵池区人民法院\",\"s7\":\"（2018）皖1702民初804号\",\"s8\":\"民事案件\",\"s9\":\"民事一审\",\"s17\":[\"陈荣辉\",\"徐先标\"],\"s31\":\"2018-06-13\",\"s47\":[{\"tkx\":\"第八十四条\"}],\"qwContent\":\"<a type='dir' name='PJJG'></a><div>判决如下</div>\"}","crawl_time":"2020-01-06"}"#;
        let v: Value = serde_json::from_str(json).unwrap();
        let (text, h) = object_to_doc(v, &defaults()).unwrap();
        assert_eq!(text, "判决如下");
        assert_eq!(h.title.as_deref(), Some("某某纠纷一审民事判决书"));
        assert_eq!(h.court.as_deref(), Some("池州市贵池区人民法院"));
        assert_eq!(h.case_number.as_deref(), Some("（2018）皖1702民初804号"));
        assert_eq!(h.case_type.as_deref(), Some("民事案件"));
        assert_eq!(h.date.as_deref(), Some("2018-06-13"));
        assert_eq!(h.parties, ["陈荣辉", "徐先标"]);
        assert_eq!(h.sections[0].tag, "PJJG");
        assert_eq!(h.extra.get("crawl_time").unwrap(), "2020-01-06");
        assert_eq!(h.extra.get("source.s9").unwrap(), "民事一审");
        assert_eq!(
            h.extra.get("source.s47").unwrap(),
            r#"[{"tkx":"第八十四条"}]"#
        );
        assert!(
            !h.extra.contains_key("source"),
            "the expanded container is not repeated"
        );
    }

    #[test]
    fn refusals() {
        let rows: &[(&str, RejectReason)] = &[
            (r#"{"id":1,"title":"只有标题"}"#, RejectReason::NoText),
            (r#"["not an object"]"#, RejectReason::Malformed),
            (r#""string""#, RejectReason::Malformed),
        ];
        for &(json, want) in rows {
            let v: Value = serde_json::from_str(json).unwrap();
            let err = object_to_doc(v, &defaults()).unwrap_err();
            assert_eq!(err.reason, want, "{json}: {}", err.detail);
        }
        let v: Value = serde_json::from_str(r#"{"id":1}"#).unwrap();
        let err = object_to_doc(v, &defaults()).unwrap_err();
        assert!(err.detail.contains("found keys id"), "{}", err.detail);
    }

    #[test]
    fn salvage_broken_json() {
        let raw = r#"{"s1#3!虈丽梅与张满达","s2":"法院","qwContent":"<div>吉林省镇赉县人民法院</div><div>民 事 裁 定 书\"引\"</div>","directory":["1"]}"#;
        assert!(serde_json::from_str::<Value>(raw).is_err());
        let (field, text) = salvage(raw, &defaults()).unwrap();
        assert_eq!(field, "qwContent");
        assert!(text.ends_with("民 事 裁 定 书\"引\"</div>"), "{text}");
        assert_eq!(salvage(r#"{"qwContent": 3}"#, &defaults()), None);
        assert_eq!(salvage(r#"{"qwContent":"unterminated"#, &defaults()), None);
    }
}
