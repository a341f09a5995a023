//! The real public documents in `corpora/real` (MANIFEST.md there says what each is).

use std::collections::BTreeMap;
use std::path::PathBuf;

use jiuzhu_ingest::{Document, Ingest, Input, Item};

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpora/real")
}

fn read_corpus() -> (BTreeMap<String, Document>, BTreeMap<String, String>) {
    let (mut docs, mut rejects) = (BTreeMap::new(), BTreeMap::new());
    Ingest::new()
        .for_each(&[Input::Path(corpus())], |item| match item {
            Item::Doc(d) => {
                assert!(
                    docs.insert(d.source.clone(), d).is_none(),
                    "duplicate source"
                );
            }
            Item::Reject(r) => {
                rejects.insert(r.source, format!("{} {}", r.reason.as_str(), r.detail));
            }
        })
        .expect("corpus exists");
    (docs, rejects)
}

/// Every real file yields documents with text. Two files are not documents and are
/// rejected by design: a torrent file listing (a TSV with no text column) and an empty
/// 纪委 form template (XML whose every value is empty).
#[test]
fn every_real_document_is_read() {
    let (docs, rejects) = read_corpus();
    let rejected: Vec<(&str, &str)> = rejects
        .iter()
        .map(|(s, r)| (s.as_str(), r.split(' ').next().unwrap_or("")))
        .collect();
    assert_eq!(
        rejected,
        [
            ("dump_csv/810air_torrent_file_listing.tsv", "no_text"),
            (
                "xml/summerwindsky_test_writ_template_jcw_01WTXSCZ_CPB_AJJDGLS.xml",
                "empty"
            ),
        ],
        "{rejects:#?}"
    );
    for dir in [
        "civil_traffic",
        "criminal",
        "enforcement",
        "html",
        "procuratorate",
    ] {
        let files = std::fs::read_dir(corpus().join(dir)).unwrap().count();
        let read = docs
            .keys()
            .filter(|s| s.starts_with(&format!("{dir}/")))
            .count();
        assert_eq!(read, files, "{dir}: one document per file");
    }
    let sentences = docs
        .keys()
        .filter(|s| s.starts_with("sentences/compensation.jsonl#"))
        .count();
    assert_eq!(sentences, 593, "one document per labelled sentence");
    for (source, d) in &docs {
        assert!(d.text.trim().chars().count() > 5, "{source}: no text");
        assert_eq!(d.encoding, "utf-8", "{source}");
        assert!(
            !d.text.contains('\u{FFFD}'),
            "{source}: replacement characters"
        );
        if matches!(d.format.as_str(), "html" | "json") {
            for leftover in [
                "<div",
                "<p>",
                "</",
                "&nbsp;",
                "&times;",
                "&ldquo;",
                "＆ｌｄｑｕｏ",
            ] {
                assert!(
                    !d.text.contains(leftover),
                    "{source}: {leftover} left in text"
                );
            }
        }
    }
}

/// JSON records take the right field; HTML pages keep their structure and anchors.
#[test]
fn real_shapes() {
    let (docs, _) = read_corpus();
    let doc = |s: &str| {
        docs.get(s).unwrap_or_else(|| {
            panic!(
                "{s} missing; have {:?}",
                docs.keys().take(5).collect::<Vec<_>>()
            )
        })
    };
    // (source, format, text starts with, text contains)
    let rows: &[(&str, &str, &str, &str)] = &[
        // JuDGE: fd (full document), not text (facts only).
        (
            "criminal/judge_test_guyishanghai_1543033a-a3dc-48ba-9f6b-660c54bd1bbc.json",
            "json",
            "江苏省淮安经济技术开发区人民法院 刑事判决书",
            "判决如下",
        ),
        // LeCaRDv2: query.
        (
            "criminal/lecardv2_PARTIAL_guyishanghai_procedural_query_777.json",
            "json",
            "张长元故意伤害一审刑事判决书",
            "取得被害人的谅解",
        ),
        // MNBVC: text.
        (
            "civil_traffic/heilongjiang_meilisi_2016_hei0208_minchu1497_MNBVC_sample.json",
            "json",
            "黑龙江省齐齐哈尔市梅里斯达斡尔区人民法院",
            "机动车交通事故责任纠纷",
        ),
        // JDP old API: source (a JSON string) → Html.
        (
            "html/JDP_sample1_wenshu_oldHtml_civil_creditcard.json",
            "json",
            "重庆市渝中区人民法院\n民 事 判 决 书\n(2018)渝0103民初21102号",
            "被告赵庆云在本判决生效之日起十日内偿还",
        ),
        // JDP 2019+ API: source → qwContent (HTML), s-fields as hints.
        (
            "html/JDP_sample3_wenshu_sfields_civil_labor.json",
            "json",
            "安徽省池州市贵池区人民法院",
            "被告徐先标于本判决生效后十日内向原告陈荣辉支付工资款30000元",
        ),
        (
            "html/wenshu_2019API_sfields_qwContent_jilin_zhenlai_2015_chesu_FIXED.json",
            "json",
            "吉林省镇赉县人民法院\n民 事 裁 定 书",
            "准予原告陈丽梅撤回起诉。",
        ),
        // The unparseable raw API string: text salvaged from qwContent.
        (
            "html/wenshu_2019API_sfields_qwContent_jilin_zhenlai_2015_chesu_RAW_with_hash3bang_quirk.txt",
            "json",
            "吉林省镇赉县人民法院\n民 事 裁 定 书",
            "准予原告陈丽梅撤回起诉。",
        ),
        // Hard-wrapped DivContent HTML: 被\n告人 joins.
        (
            "html/elitigationxz_cms_article_81.html",
            "html",
            "河南省新郑市人民法院\n刑 事 判 决 书\n（2015）新刑初字第193号\n公诉机关河南省新郑市人民检察院。\n被告人王鸿章",
            "2013年1月15日假释",
        ),
        // Entities: &times; masks, &lt;…&gt; around a statute title.
        (
            "enforcement/susong51_gansu_2017_gan2901_zhi162_zhongben.html",
            "html",
            "（2017）甘2901执162号.doc\n发布日期：2017-11-06\n临夏市人民法院\n执行裁定书",
            "身份号码×××，住临夏市。",
        ),
        (
            "enforcement/susong51_gansu_2017_gan2901_zhi162_zhongben.html",
            "html",
            "",
            "《最高人民法院关于适用<中华人民共和国民事诉讼法>的解释》",
        ),
        (
            "dump_csv/macrodatas_2021_sample_row_from_t9k_README.csv#1",
            "csv",
            "黑龙江省诺敏河人民法院结 案 通 知 书",
            "二〇二一年十月二日",
        ),
        (
            "enforcement/yunnan_mouding_2023_yun2323_zhihui39_zhongjie_PUAchars.txt",
            "txt",
            "申请执行人：牟定县卫生和计划生育局",
            "\u{E47E}",
        ),
    ];
    for &(source, format, starts, contains) in rows {
        let d = doc(source);
        assert_eq!(d.format.as_str(), format, "{source}");
        assert!(
            d.text.starts_with(starts),
            "{source}: {:?}",
            &d.text[..d.text.len().min(300)]
        );
        assert!(d.text.contains(contains), "{source}: {contains} missing");
    }
    let dump = doc("dump_csv/macrodatas_2021_sample_row_from_t9k_README.csv#1");
    assert!(
        !dump.text.contains("文书内容") && !dump.text.contains("马克"),
        "{}",
        dump.text
    );
    assert_eq!(
        dump.hints.case_number.as_deref(),
        Some("（2021）黑7530执472号")
    );
    assert_eq!(dump.hints.parties, ["赵文君", "李建国", "安亚君"]);
    assert_eq!(
        dump.hints.extra.get("案件类型编码").map(String::as_str),
        Some("2")
    );

    let s3 = doc("html/JDP_sample3_wenshu_sfields_civil_labor.json");
    assert_eq!(
        s3.hints.case_number.as_deref(),
        Some("（2018）皖1702民初804号")
    );
    assert_eq!(s3.hints.court.as_deref(), Some("池州市贵池区人民法院"));
    assert_eq!(s3.hints.cause.as_deref(), Some("劳务合同纠纷"));
    assert_eq!(s3.hints.date.as_deref(), Some("2018-06-13"));
    let s3_tags: Vec<&str> = s3.hints.sections.iter().map(|s| s.tag.as_str()).collect();
    assert_eq!(s3_tags, ["s22", "s23", "s25", "s26", "s27", "s28", "s51"]);

    let h81 = doc("html/elitigationxz_cms_article_81.html");
    let tags: Vec<&str> = h81.hints.sections.iter().map(|s| s.tag.as_str()).collect();
    assert_eq!(tags, ["DSRXX", "SSJL", "AJJBQK", "CPYZ", "PJJG"]);
    assert!(
        h81.hints.sections[0]
            .text
            .starts_with("公诉机关河南省新郑市人民检察院。")
    );
    assert!(
        h81.hints.sections[4].text.contains("判决如下")
            || h81.hints.sections[4].text.contains("被告人")
    );

    let jdp1 = doc("html/JDP_sample1_wenshu_oldHtml_civil_creditcard.json");
    assert_eq!(
        jdp1.hints.title.as_deref(),
        Some("交通银行股份有限公司重庆市分行与赵庆云信用卡纠纷一审民事判决书")
    );
    assert_eq!(
        jdp1.hints.extra.get("source.PubDate").map(String::as_str),
        Some("2018-12-12")
    );
    assert_eq!(
        jdp1.hints.sections.first().map(|s| s.tag.as_str()),
        Some("WBSB")
    );
}
