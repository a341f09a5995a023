//! Normalisation rows cut from the real documents, and sectioning of every real full text.

use jiuzhu_core::Kind;
use jiuzhu_text::{
    SectionKind, SectionWarning, Sectioner, Segmenter, find_amounts, find_dates, normalize,
    sentences,
};

use crate::common::{files, load};

/// (where the snippet comes from, input, expected normalised text)
const NORMALISE_ROWS: &[(&str, &str, &str)] = &[
    (
        "enforcement/guangdong_huadu…qwContent.html: spaced title",
        "执 行 裁 定 书",
        "执行裁定书",
    ),
    (
        "enforcement/shaanxi_heyang…fulltext.txt: spaced title glued to court and case number",
        "陕西省合阳县人民法院执 行 裁 定 书(2020)陕0524执63号之一被执行人庾海莹",
        "陕西省合阳县人民法院执行裁定书(2020)陕0524执63号之一被执行人庾海莹",
    ),
    (
        "enforcement/shaanxi_heyang…fulltext.txt: spaced judge name",
        "本裁定立即执行。审判员 雷 宏二〇二〇年七月二十一日",
        "本裁定立即执行。审判员雷宏二〇二〇年七月二十一日",
    ),
    (
        "enforcement/guangdong_huadu…qwContent.html: full-width O in a date",
        "执行员王志文\n二Ｏ一八年六月十二日\n书记员黄智锴",
        "执行员王志文\n二〇一八年六月十二日\n书记员黄智锴",
    ),
    (
        "enforcement/shaanxi_xian…TRANSCRIBED.txt: 〇 as a numeric entity",
        "二&#12295;一九年四月十七日",
        "二〇一九年四月十七日",
    ),
    (
        "enforcement/xinjiang_bazhou…zhongben.txt: full-width thousands separator, 。 stripped",
        "本案尚未执行到位55，810.54元本院认为，经穷尽财产调查措施\n依照《最高人民法院关于适用《中华人民共和国民事诉讼法》的解释》",
        "本案尚未执行到位55,810.54元本院认为，经穷尽财产调查措施\n依照《最高人民法院关于适用《中华人民共和国民事诉讼法》的解释》",
    ),
    (
        "enforcement/xinjiang_bazhou…zhongben.txt: line breaks kept when 。 were stripped",
        "已经发生法律效力\n因被执行人巴州海龙包装有限责任公司未履行生效法律文书确定的义务",
        "已经发生法律效力\n因被执行人巴州海龙包装有限责任公司未履行生效法律文书确定的义务",
    ),
    (
        "civil_traffic/guizhou_tongren…SECOND_INSTANCE.txt: space inside a case number",
        "（2018）黔 06民终609号",
        "(2018)黔06民终609号",
    ),
    (
        "enforcement/susong51_gansu…zhongben.html: &nbsp; between spaced letters",
        "审&nbsp; 判&nbsp; 员&nbsp;&nbsp; 康海龙",
        "审判员康海龙",
    ),
    (
        "enforcement/susong51_gansu…zhongben.html: &times; masks",
        "身份号码&times;&times;&times;，住临夏市。",
        "身份号码×××，住临夏市。",
    ),
    (
        "enforcement/susong51_gansu…zhongben.html: &lt; &gt; inside a title",
        "依据《最高人民法院关于适用&lt;中华人民共和国民事诉讼法&gt;的解释》",
        "依据《最高人民法院关于适用<中华人民共和国民事诉讼法>的解释》",
    ),
    (
        "enforcement/guangdong_huadu…qwContent.html: half-width colon and comma",
        "申请执行人:广州市花都区狮岭大州无纺布商行,住所地广州市花都区",
        "申请执行人：广州市花都区狮岭大州无纺布商行，住所地广州市花都区",
    ),
    (
        "civil_traffic/jiangxi_dingnan…huangchunxiu.txt: mixed colons, full-width letter",
        "原告:陈桥华,男，1983年9月28日生，系赣Ｂ×××××小型轿车驾驶人。",
        "原告：陈桥华，男，1983年9月28日生，系赣B×××××小型轿车驾驶人。",
    ),
    (
        "civil_traffic/jiangxi_dingnan…huangchunxiu.txt: ideographic spaces in the tail",
        "审判员\u{3000}\u{3000}郭贤安\n二〇一八年九月八日\n书记员\u{3000}\u{3000}胡永峰",
        "审判员 郭贤安\n二〇一八年九月八日\n书记员 胡永峰",
    ),
    (
        "enforcement/guangxi…PUAchars.txt: PUA paragraph separators",
        "本院于2023年3月6日立案执行。\u{E464}本案由杨成作任审判员。\u{E249}本案在执行过程中",
        "本院于2023年3月6日立案执行。\n本案由杨成作任审判员。\n本案在执行过程中",
    ),
    (
        "enforcement/yunnan_mouding…PUAchars.txt: PUA separator after a masked name",
        "被执行人：李某某1\u{E127}??牟定县卫生和计划生育局申请执行",
        "被执行人：李某某1\n??牟定县卫生和计划生育局申请执行",
    ),
    (
        "criminal/judge_test_guyishanghai_1543033a…: paragraphs flattened into spaces",
        "江苏省淮安经济技术开发区人民法院 刑事判决书 （2018）苏0891刑初126号 公诉机关江苏省淮安经济技术开发区人民检察院。 被告人马某祥，男",
        "江苏省淮安经济技术开发区人民法院\n刑事判决书\n(2018)苏0891刑初126号\n公诉机关江苏省淮安经济技术开发区人民检察院。\n被告人马某祥，男",
    ),
    (
        "criminal/judge_test_guyishanghai_1543033a…: flattened tail",
        "副本二份。 审判长郭振强 人民陪审员杨康道 二〇一八年七月三十一日 书记员桑亚娟 附：相关法律条文",
        "副本二份。\n审判长郭振强\n人民陪审员杨康道\n二〇一八年七月三十一日\n书记员桑亚娟\n附：相关法律条文",
    ),
    (
        "civil_traffic/heilongjiang_meilisi…MNBVC_sample.json: flattened spaced tail",
        "申请执行期间为二年。 审 判 长 马国富 人民陪审员 毕从志",
        "申请执行期间为二年。\n审判长马国富\n人民陪审员\n毕从志",
    ),
    (
        "civil_traffic/henan_xinzheng…wenshuHTML.html: hard-wrapped HTML (\\r\\n inside sentences)",
        "原\r\n告（反诉被告）周发扬与被告（反诉原告）靳建慧、华安财产保险股份有限公司河南分公司机动车交通事故责任纠纷一案，本院受理后，依法组成合议庭，公开开庭\r\n进行了审理，原告周发扬（反诉被告）的委托代理人李军英，被告（反诉原告）靳建慧的委托代理人张飞，被告华安财产保险股份有限公司河南分公司的委托代理人\r\n李鹏辉到庭参加诉讼。本案现已审理终结。",
        "原告(反诉被告)周发扬与被告(反诉原告)靳建慧、华安财产保险股份有限公司河南分公司机动车交通事故责任纠纷一案，本院受理后，依法组成合议庭，公开开庭进行了审理，原告周发扬(反诉被告)的委托代理人李军英，被告(反诉原告)靳建慧的委托代理人张飞，被告华安财产保险股份有限公司河南分公司的委托代理人李鹏辉到庭参加诉讼。本案现已审理终结。",
    ),
    (
        "html/elitigationxz_cms_article_82.html: a role word broken by a hard wrap",
        "河南省新郑市人民检察院以新郑检刑诉（2014）160号起诉书指控被告人张威、赵锦涛犯盗窃罪，于2014年3月6日向本院提起公诉，被告\r\n人张威到庭参加了诉讼。",
        "河南省新郑市人民检察院以新郑检刑诉(2014)160号起诉书指控被告人张威、赵锦涛犯盗窃罪，于2014年3月6日向本院提起公诉，被告人张威到庭参加了诉讼。",
    ),
    (
        "civil_traffic/henan_xinzheng…wenshuHTML.html: list number wrapped away from its item",
        "另查明：1、周发扬系农村居民。\n2、\r\n豫AG289A小型轿车的实际所有人为靳建慧。",
        "另查明：1、周发扬系农村居民。\n2、豫AG289A小型轿车的实际所有人为靳建慧。",
    ),
    (
        "enforcement/shaanxi_xian…TRANSCRIBED.txt: spaced tail with runs of spaces",
        "本裁定送达后立即生效。\n审 判 长    康晓纲\n审 判 员    贺  诚\n二〇一九年四月十七日",
        "本裁定送达后立即生效。\n审判长康晓纲\n审判员贺诚\n二〇一九年四月十七日",
    ),
    (
        "procuratorate/heilongjiang_qitaihe…qisushu.txt: page chrome with 【】",
        "起诉书（芦某某危险驾驶案）来源： 作者： 编辑： 时间：2024-12-04 字体：【 大 中 小 】\n黑龙江省七台河市新兴区人民检察院",
        "起诉书(芦某某危险驾驶案)来源：作者：编辑：时间：2024-12-04字体：(大中小)\n黑龙江省七台河市新兴区人民检察院",
    ),
    (
        "html/JDP crawls: full-width-escaped entities, BOM and zero-width characters",
        "\u{FEFF}其所患＆ｌｄｑｕｏ；痹症＆ｒｄｑｕｏ；非外伤引起，被告\u{200B}人",
        "其所患“痹症”非外伤引起，被告人",
    ),
];

#[test]
fn normalisation_of_real_snippets() {
    for &(source, input, want) in NORMALISE_ROWS {
        let n = normalize(input);
        assert_eq!(n.text(), want, "{source}");
        // Every character of the output maps back inside the input, in order.
        let mut last = 0;
        for (b, c) in n.text().char_indices() {
            let span = n.to_original_span(jiuzhu_text::Span::new(b, b + c.len_utf8()));
            assert!(
                span.start >= last && span.end <= input.len(),
                "{source}: {c}"
            );
            assert!(input.is_char_boundary(span.start) && input.is_char_boundary(span.end));
            last = span.end;
        }
    }
}

fn kind_sections(path: &std::path::Path, kind: Kind) -> (String, jiuzhu_text::Sections) {
    let text = normalize(&load(path)).into_text();
    let sections = Sectioner::embedded().section(&text, Some(kind));
    (text, sections)
}

#[test]
fn every_full_criminal_judgment_sections_cleanly() {
    let paths = files("criminal", "judge_test_");
    assert_eq!(
        paths.len(),
        42,
        "the JuDGE full texts in corpora/real/criminal"
    );
    let mut clean = 0;
    let mut failures = Vec::new();
    for path in &paths {
        let (text, s) = kind_sections(path, Kind::CriminalJudgment);
        let name = path.file_name().unwrap().to_string_lossy();
        if !s.is_clean() {
            failures.push(format!("{name}: {:?}", s.warnings()));
            continue;
        }
        clean += 1;
        // The facts open with their cue; the result follows 判决如下 and is not empty.
        let facts = s.get(SectionKind::Facts).unwrap();
        let cue = facts.cue.as_deref().unwrap();
        assert!(facts.span.slice(&text).contains(cue), "{name}");
        let result = s.span(SectionKind::Result).unwrap().slice(&text);
        assert!(
            result.contains('犯') || result.contains("维持"),
            "{name}: {result}"
        );
        for kind in [
            SectionKind::Parties,
            SectionKind::Procedure,
            SectionKind::Reasoning,
            SectionKind::Tail,
        ] {
            assert!(s.get(kind).is_some(), "{name}: no {kind}");
        }
        // Sections are in document order and do not overlap.
        for w in s.as_slice().windows(2) {
            assert!(
                w[0].kind < w[1].kind && w[0].span.end <= w[1].span.start,
                "{name}"
            );
        }
    }
    eprintln!(
        "criminal judgments sectioned cleanly: {clean}/{}",
        paths.len()
    );
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn partial_judgments_warn_and_fall_back() {
    let paths = files("criminal", "lecardv2_PARTIAL_");
    assert_eq!(paths.len(), 20);
    for path in &paths {
        let (_, s) = kind_sections(path, Kind::CriminalJudgment);
        let name = path.file_name().unwrap().to_string_lossy();
        // These texts end before the result: facts are found, the result is reported missing.
        assert!(s.get(SectionKind::Facts).is_some(), "{name}");
        assert_eq!(
            s.warnings(),
            [SectionWarning::Missing(SectionKind::Result)],
            "{name}"
        );
        assert_eq!(s.span_or_whole(SectionKind::Facts), s.whole());
    }
}

#[test]
fn enforcement_rulings_section() {
    let paths = files("enforcement", "");
    assert_eq!(paths.len(), 8);
    for path in &paths {
        let (text, s) = kind_sections(path, Kind::EnforcementRuling);
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(s.is_clean(), "{name}: {:?}", s.warnings());
        let parties = s.span(SectionKind::Parties).unwrap().slice(&text);
        assert!(parties.contains("执行人"), "{name}: {parties}");
        assert!(s.get(SectionKind::Tail).is_some(), "{name}");
        let result = s.span(SectionKind::Result).unwrap().slice(&text);
        let outcome = if name.contains("zhongben") {
            "终结本次执行程序"
        } else if name.contains("zhongjie") {
            "终结"
        } else if name.contains("chafeng") {
            "查封"
        } else {
            "扣划"
        };
        let first_line = result.lines().next().unwrap_or("");
        assert!(first_line.contains(outcome), "{name}: {result}");
    }
}

#[test]
fn indictments_section() {
    for path in files("procuratorate", "") {
        let (text, s) = kind_sections(&path, Kind::Indictment);
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(s.is_clean(), "{name}: {:?}", s.warnings());
        let facts = s.get(SectionKind::Facts).unwrap();
        assert_eq!(facts.cue.as_deref(), Some("经依法审查查明"), "{name}");
        assert!(
            s.span(SectionKind::Parties)
                .unwrap()
                .slice(&text)
                .starts_with("被告人")
        );
        // The body-only indictment has no 此致 tail; the others do.
        let tail = s
            .get(SectionKind::Tail)
            .map(|t| t.cue.as_deref().unwrap().to_string());
        let want = (!name.contains("BODY_ONLY")).then(|| "此致".to_string());
        assert_eq!(tail, want, "{name}");
    }
}

#[test]
fn civil_and_html_judgments_section() {
    let mut paths = files("civil_traffic", "");
    paths.extend(files("html", "elitigationxz_cms_article_8"));
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let kind = match name.as_str() {
            n if n.ends_with("_83.html") => Kind::Other, // a civil ruling (撤诉)
            n if n.contains("_81") || n.contains("_82") || n.contains("_85") => {
                Kind::CriminalJudgment
            }
            _ => Kind::CivilJudgment,
        };
        let (text, s) = kind_sections(&path, kind);
        assert!(s.is_clean(), "{name}: {:?}", s.warnings());
        assert!(s.get(SectionKind::Result).is_some(), "{name}");
        assert!(s.get(SectionKind::Tail).is_some(), "{name}");
        if kind == Kind::CivilJudgment {
            let facts = s.span(SectionKind::Facts).unwrap().slice(&text);
            assert!(!facts.is_empty(), "{name}");
        }
    }
}

#[test]
fn amounts_and_dates_in_real_documents() {
    let path = files("enforcement", "xinjiang_bazhou")[0].clone();
    let text = normalize(&load(&path)).into_text();
    let amounts: Vec<(String, f64)> = find_amounts(&text)
        .iter()
        .map(|a| (a.span.slice(&text).to_string(), a.yuan))
        .collect();
    assert_eq!(
        amounts,
        [
            ("58,833元".to_string(), 58833.0),
            ("3,022.46元".to_string(), 3022.46),
            ("55,810.54元".to_string(), 55810.54),
            ("55,810.54元".to_string(), 55810.54),
        ]
    );
    let dates: Vec<String> = find_dates(&text)
        .iter()
        .map(|d| d.value.to_string())
        .collect();
    assert_eq!(dates, ["2022-12-09", "2023-03-24"]);

    // The raw (unnormalised) text parses the same amounts.
    let raw = load(&path);
    let raw_values: Vec<f64> = find_amounts(&raw).iter().map(|a| a.yuan).collect();
    assert_eq!(raw_values, [58833.0, 3022.46, 55810.54, 55810.54]);

    let path = files("enforcement", "guangdong_huadu")[0].clone();
    let text = normalize(&load(&path)).into_text();
    let dates: Vec<String> = find_dates(&text)
        .iter()
        .map(|d| d.value.to_string())
        .collect();
    assert_eq!(dates, ["1991-08-26", "1987-03-08", "2018-06-12"]);
}

#[test]
fn sentences_of_a_flattened_judgment() {
    let path = files("criminal", "judge_test_guyishanghai_1543033a")[0].clone();
    let text = normalize(&load(&path)).into_text();
    let s: Vec<&str> = sentences(&text).iter().map(|s| s.slice(&text)).collect();
    assert_eq!(
        &s[..3],
        [
            "江苏省淮安经济技术开发区人民法院",
            "刑事判决书",
            "(2018)苏0891刑初126号"
        ]
    );
    // The bracketed sentence about the term of imprisonment stays whole.
    assert!(s.contains(&"(刑期从判决执行之日起计算。判决执行以前先行羁押的，羁押一日折抵刑期一日，即自2018年7月16日起至2018年12月29日止)。"));
}

#[test]
fn names_after_role_cues_in_real_documents() {
    let seg = Segmenter::shared();
    // (file prefix, role cue occurrence, expected names after it)
    let rows: &[(&str, &str, &str, &[&str])] = &[
        (
            "criminal",
            "judge_test_guyishanghai_1543033a",
            "因与被害人",
            &["王某1"],
        ),
        (
            "criminal",
            "judge_test_guyishanghai_1543033a",
            "\n被告人",
            &["马某祥"],
        ),
        ("civil_traffic", "jiangxi_dingnan", "\n原告：", &["黄春秀"]),
        (
            "civil_traffic",
            "jiangxi_dingnan",
            "原告黄春秀、",
            &["陈桥华", "陈荣贵"],
        ),
        ("enforcement", "zhengzhou", "申请执行人：", &["谷巧平"]),
        ("enforcement", "guangxi", "被执行人：", &["蒙某某1"]),
        (
            "html",
            "elitigationxz_cms_article_81",
            "被告人王鸿章、",
            &["袁业余", "付建", "程某某", "兰某", "张某某"],
        ),
    ];
    for &(dir, prefix, cue, want) in rows {
        let path = files(dir, prefix)[0].clone();
        let text = normalize(&load(&path)).into_text();
        let at = text
            .find(cue)
            .unwrap_or_else(|| panic!("{prefix}: no {cue}"))
            + cue.len();
        let names: Vec<&str> = seg
            .names_after(&text, at)
            .iter()
            .map(|s| s.slice(&text))
            .collect();
        assert_eq!(names, want, "{prefix} {cue}");
    }
}
