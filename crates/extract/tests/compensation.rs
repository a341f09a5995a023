//! Compensation status through the public extractor, on short documents: issue 5's list of
//! phrases that must come out right, and the distractors a phrase-spotting rule falls for
//! (a defence argument, a request, a court order, a statute).

use jiuzhu_core::{CompensationStatus, DocRecord, Document, Format, Hints, Kind};
use jiuzhu_extract::Extractor;

use CompensationStatus::{Partial, Settled, Unknown, Unsettled};

/// An indictment: the whole body is the prosecution's finding. `{BODY}` follows the facts.
const INDICTMENT: &str = "浙江省乐清市人民检察院\n起诉书\n乐检刑诉〔2022〕123号\n\
被告人张三，男，1980年1月2日出生。\n\
本案由乐清市公安局侦查终结，以被告人张三涉嫌故意伤害罪，于2022年4月1日向本院移送审查起诉。\n\
经依法审查查明：2022年3月1日，被告人张三在乐清市柳市镇殴打被害人李四，致其轻伤一级。{BODY}\n\
本院认为，被告人张三的行为已触犯《中华人民共和国刑法》第二百三十四条，应当以故意伤害罪追究其刑事责任。\n\
此致\n乐清市人民法院\n检察员 王五\n2022年5月6日";

/// A criminal judgment with the prosecution's allegation, a defence paragraph, the court's
/// findings, reasoning and result; each `{…}` is filled by a row or left empty.
const JUDGMENT: &str = "浙江省乐清市人民法院\n刑事判决书\n(2022)浙0382刑初456号\n\
公诉机关乐清市人民检察院。\n被告人张三，男，1980年1月2日出生。\n\
乐清市人民检察院以乐检刑诉〔2022〕123号起诉书指控被告人张三犯故意伤害罪，于2022年5月10日向本院提起公诉。本院依法组成合议庭，公开开庭审理了本案。现已审理终结。\n\
乐清市人民检察院指控：2022年3月1日，被告人张三在乐清市柳市镇殴打被害人李四，致其轻伤一级。{ALLEGATION}\n\
{DEFENCE}\n\
经审理查明：2022年3月1日，被告人张三在乐清市柳市镇殴打被害人李四，致其轻伤一级。{BODY}\n\
本院认为，被告人张三故意伤害他人身体，致人轻伤，其行为已构成故意伤害罪。{REASON}依照《中华人民共和国刑法》第二百三十四条第一款之规定，判决如下：\n\
被告人张三犯故意伤害罪，判处有期徒刑一年。{RESULT}\n\
审判员 赵六\n二〇二二年六月一日\n书记员 钱七";

/// A civil judgment over a traffic accident.
const CIVIL: &str = "浙江省乐清市人民法院\n民事判决书\n(2022)浙0382民初789号\n\
原告李四，男，1970年3月4日出生。\n被告张三，男，1980年1月2日出生。\n\
原告李四与被告张三机动车交通事故责任纠纷一案，本院于2022年5月10日立案后，依法适用简易程序，公开开庭进行了审理。本案现已审理终结。\n\
李四向本院提出诉讼请求：判令被告赔偿原告各项损失共计50000元。\n\
张三辩称：对事故经过无异议，但原告的损失过高。\n\
本院经审理认定事实如下：2022年3月1日，张三驾驶小型轿车与李四发生碰撞，致李四受伤。{BODY}\n\
本院认为，张三负事故全部责任，应赔偿原告的合理损失。依照《中华人民共和国民法典》第一千一百七十九条之规定，判决如下：\n\
一、被告张三于本判决生效之日起十日内赔偿原告李四40000元；{RESULT}\n\
审判员 赵六\n二〇二二年六月一日\n书记员 钱七";

/// A civil ruling allowing a withdrawal (kind `other`).
const RULING: &str = "浙江省乐清市人民法院\n民事裁定书\n(2022)浙0382民初7788号\n\
原告李四，男，1970年3月4日出生。\n被告张三，男，1980年1月2日出生。\n\
原告李四与被告张三机动车交通事故责任纠纷一案，本院于2022年5月10日立案。{BODY}\n\
本院认为，原告的撤诉申请符合法律规定，应予准许。依照《中华人民共和国民事诉讼法》第一百四十八条之规定，裁定如下：\n\
准予原告李四撤诉。\n审判员 赵六\n二〇二二年六月一日\n书记员 钱七";

struct Row {
    name: &'static str,
    template: &'static str,
    fill: &'static [(&'static str, &'static str)],
    want: CompensationStatus,
}

const fn row(
    name: &'static str,
    template: &'static str,
    fill: &'static [(&'static str, &'static str)],
    want: CompensationStatus,
) -> Row {
    Row {
        name,
        template,
        fill,
        want,
    }
}

const ROWS: &[Row] = &[
    // Issue 5's list.
    row(
        "未赔偿…亦未取得谅解",
        INDICTMENT,
        &[(
            "BODY",
            "案发后，被告人张三未赔偿被害人经济损失，亦未取得谅解。",
        )],
        Unsettled,
    ),
    row(
        "双方未能达成调解协议",
        CIVIL,
        &[("BODY", "庭审中，经本院主持调解，双方未能达成调解协议。")],
        Unsettled,
    ),
    row(
        "调解未果",
        CIVIL,
        &[("BODY", "事故发生后，双方经交警部门调解未果。")],
        Unsettled,
    ),
    row(
        "现阶段没有赔偿能力",
        JUDGMENT,
        &[("BODY", "被告人张三表示愿意赔偿，但现阶段没有赔偿能力。")],
        Unsettled,
    ),
    row(
        "已赔偿并取得谅解",
        JUDGMENT,
        &[(
            "BODY",
            "案发后，被告人张三已赔偿被害人李四经济损失并取得谅解。",
        )],
        Settled,
    ),
    row(
        "被害人出具谅解书",
        INDICTMENT,
        &[("BODY", "案发后，被害人李四出具谅解书。")],
        Settled,
    ),
    row(
        "达成刑事和解",
        INDICTMENT,
        &[("BODY", "审查起诉期间，被告人张三与被害人李四达成刑事和解。")],
        Settled,
    ),
    row(
        "得到赔偿款5万元后撤诉",
        RULING,
        &[("BODY", "原告李四在得到赔偿款5万元后撤诉。")],
        Settled,
    ),
    row(
        "家属代为赔偿部分损失，被害人未予谅解",
        JUDGMENT,
        &[(
            "BODY",
            "案发后，被告人张三的家属代为赔偿部分损失，被害人未予谅解。",
        )],
        Partial,
    ),
    row("none of these", JUDGMENT, &[], Unknown),
    row("none of these (indictment)", INDICTMENT, &[], Unknown),
    // Distractors: no finding, whatever the words.
    row(
        "辩护人提出被告人已赔偿…",
        JUDGMENT,
        &[(
            "DEFENCE",
            "辩护人提出被告人张三已赔偿被害人经济损失并取得谅解，请求对其从轻处罚。",
        )],
        Unknown,
    ),
    row(
        "要求被告赔偿…",
        JUDGMENT,
        &[(
            "BODY",
            "被害人李四要求被告人张三赔偿医疗费等经济损失50000元。",
        )],
        Unknown,
    ),
    row(
        "判决被告赔偿… (result)",
        JUDGMENT,
        &[(
            "RESULT",
            "被告人张三于本判决生效之日起十日内赔偿被害人李四经济损失50000元。",
        )],
        Unknown,
    ),
    row(
        "判决赔偿… (an earlier judgment)",
        JUDGMENT,
        &[(
            "BODY",
            "另查明，本院已判决被告人张三赔偿被害人李四经济损失50000元。",
        )],
        Unknown,
    ),
    row(
        "《刑事诉讼法》…谅解…",
        JUDGMENT,
        &[(
            "REASON",
            "《中华人民共和国刑事诉讼法》第二百八十八条规定，被告人真诚悔罪，通过向被害人赔偿损失、赔礼道歉等方式获得被害人谅解的，双方当事人可以和解。",
        )],
        Unknown,
    ),
    row(
        "谅解书 in an evidence list",
        JUDGMENT,
        &[(
            "BODY",
            "上述事实，有被害人李四的陈述、证人王五的证言、收条、谅解书等证据证实，足以认定。",
        )],
        Unknown,
    ),
    row("赔偿 demanded in a civil claim", CIVIL, &[], Unknown),
    // Voice: the court adopts, rejects or replaces what others said.
    row(
        "defence argument adopted",
        JUDGMENT,
        &[(
            "REASON",
            "辩护人提出被告人张三已赔偿被害人经济损失的意见，经查属实，本院予以采纳。",
        )],
        Settled,
    ),
    row(
        "allegation replaced by the court's finding",
        JUDGMENT,
        &[
            ("ALLEGATION", "案发后，被告人张三未赔偿被害人经济损失。"),
            (
                "BODY",
                "审理期间，被告人张三已赔偿被害人李四经济损失并取得谅解。",
            ),
        ],
        Settled,
    ),
    row(
        "allegation alone stays a claim",
        JUDGMENT,
        &[("ALLEGATION", "案发后，被告人张三未赔偿被害人经济损失。")],
        Unknown,
    ),
    row(
        "reasoning's own finding",
        JUDGMENT,
        &[(
            "REASON",
            "被告人张三案发后积极赔偿被害人经济损失并取得谅解，可酌情从轻处罚。",
        )],
        Settled,
    ),
    // Combining.
    row(
        "paid, forgiveness refused",
        JUDGMENT,
        &[(
            "BODY",
            "被害人李四虽接受了被告人张三家属支付的赔偿款20000元，但对被告人不予谅解。",
        )],
        Partial,
    ),
    row(
        "civil: part paid before the award",
        CIVIL,
        &[("BODY", "事故发生后，被告张三已支付原告医疗费10000元。")],
        Partial,
    ),
    row(
        "civil: advance",
        CIVIL,
        &[("BODY", "事故发生后，被告张三垫付医疗费5000元。")],
        Partial,
    ),
    row(
        "civil: nothing paid",
        CIVIL,
        &[("BODY", "被告张三至今未赔偿原告任何费用。")],
        Unsettled,
    ),
    row(
        "waiver without payment",
        JUDGMENT,
        &[(
            "BODY",
            "审理期间，被害人李四表示放弃民事赔偿请求，要求对被告人从严惩处。",
        )],
        Unsettled,
    ),
    row(
        "waiver after payment",
        JUDGMENT,
        &[(
            "BODY",
            "案发后，被告人张三赔偿了被害人李四经济损失10000元，被害人表示不提起附带民事诉讼。",
        )],
        Settled,
    ),
];

fn fill(template: &str, fill: &[(&str, &str)]) -> String {
    let mut text = template.to_string();
    for (slot, value) in fill {
        text = text.replace(&format!("{{{slot}}}"), value);
    }
    for slot in ["BODY", "DEFENCE", "ALLEGATION", "REASON", "RESULT"] {
        text = text.replace(&format!("{{{slot}}}"), "");
    }
    text
}

fn extract(text: String) -> DocRecord {
    let doc = Document {
        source: "row.txt".into(),
        format: Format::Txt,
        encoding: "utf-8".into(),
        text,
        hints: Hints::default(),
    };
    Extractor::embedded().extract(&doc)
}

#[test]
fn compensation_rows() {
    let mut failures = Vec::new();
    for r in ROWS {
        let rec = extract(fill(r.template, r.fill));
        if rec.compensation.status != r.want {
            let evidence: Vec<String> = rec
                .compensation
                .evidence
                .iter()
                .map(|e| format!("{} {:?} {}", e.rule, e.cue, e.text))
                .collect();
            failures.push(format!(
                "{}: want {:?}, got {:?} (kind {:?}) {evidence:?}",
                r.name, r.want, rec.compensation.status, rec.kind
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn templates_are_the_kinds_they_claim() {
    for (template, kind) in [
        (INDICTMENT, Kind::Indictment),
        (JUDGMENT, Kind::CriminalJudgment),
        (CIVIL, Kind::CivilJudgment),
        (RULING, Kind::Other),
    ] {
        assert_eq!(extract(fill(template, &[])).kind, kind);
    }
}

#[test]
fn evidence_names_rule_cue_and_clause() {
    let rec = extract(fill(
        INDICTMENT,
        &[(
            "BODY",
            "案发后，被告人张三未赔偿被害人经济损失，亦未取得谅解。",
        )],
    ));
    let ev = &rec.compensation.evidence;
    let negated: Vec<(&str, Option<&str>, bool)> = ev
        .iter()
        .map(|e| (e.rule.as_str(), e.cue.as_deref(), e.negated == Some(true)))
        .collect();
    assert!(
        negated.contains(&("comp:取得谅解", Some("亦未"), true)),
        "{negated:?}"
    );
    let text: Vec<char> = fill(
        INDICTMENT,
        &[(
            "BODY",
            "案发后，被告人张三未赔偿被害人经济损失，亦未取得谅解。",
        )],
    )
    .chars()
    .collect();
    for e in ev {
        // Offsets are characters into the normalised text; this text is already normal.
        let quoted: String = text[e.start..e.end].iter().collect();
        assert_eq!(quoted, e.text, "{}", e.rule);
    }
}
