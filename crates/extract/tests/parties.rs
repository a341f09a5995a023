//! Persons of the record, through the public `Extractor::extract`: rows of real-shaped
//! snippets (party lists, facts, enforcement notices) in, persons out.

use jiuzhu_core::{Document, Format, Hints, Person, Role};
use jiuzhu_extract::Extractor;

fn extract(text: &str) -> jiuzhu_core::DocRecord {
    let doc = Document {
        source: "row.txt".into(),
        format: Format::Txt,
        encoding: "utf-8".into(),
        text: text.into(),
        hints: Hints::default(),
    };
    Extractor::embedded().extract(&doc)
}

/// What a row expects of one person; `None` fields are not checked.
#[derive(Debug, Clone, Copy)]
struct Want {
    name: &'static str,
    roles: &'static [Role],
    org: bool,
    id: Option<&'static str>,
    gender: Option<&'static str>,
    birth: Option<&'static str>,
    relative_of: Option<&'static str>,
}

const fn p(name: &'static str, roles: &'static [Role]) -> Want {
    Want {
        name,
        roles,
        org: false,
        id: None,
        gender: None,
        birth: None,
        relative_of: None,
    }
}

impl Want {
    const fn org(mut self) -> Want {
        self.org = true;
        self
    }
    const fn id(mut self, id: &'static str) -> Want {
        self.id = Some(id);
        self
    }
    const fn sex(mut self, g: &'static str) -> Want {
        self.gender = Some(g);
        self
    }
    const fn born(mut self, b: &'static str) -> Want {
        self.birth = Some(b);
        self
    }
    const fn of(mut self, victim: &'static str) -> Want {
        self.relative_of = Some(victim);
        self
    }
}

fn check(label: &str, got: &[Person], want: &[Want]) {
    let names: Vec<&str> = got.iter().map(|p| p.name.as_str()).collect();
    let mut want_names: Vec<&str> = want.iter().map(|w| w.name).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    want_names.sort_unstable();
    assert_eq!(sorted, want_names, "{label}: persons");
    for w in want {
        let p = got.iter().find(|p| p.name == w.name).unwrap();
        let mut roles = p.roles.clone();
        roles.sort();
        let mut want_roles = w.roles.to_vec();
        want_roles.sort();
        assert_eq!(roles, want_roles, "{label}: roles of {}", w.name);
        assert_eq!(p.org, w.org, "{label}: org of {}", w.name);
        assert_eq!(p.id_number.as_deref(), w.id, "{label}: ID of {}", w.name);
        if let Some(g) = w.gender {
            let got = p.gender.map(|g| format!("{g:?}").to_lowercase());
            assert_eq!(got.as_deref(), Some(g), "{label}: sex of {}", w.name);
        }
        if let Some(b) = w.birth {
            assert_eq!(
                p.birth_date.map(|d| d.to_string()).as_deref(),
                Some(b),
                "{label}: birth of {}",
                w.name
            );
        }
        if let Some(v) = w.relative_of {
            assert_eq!(
                p.relative_of.as_deref(),
                Some(v),
                "{label}: relative_of of {}",
                w.name
            );
        }
        assert!(
            !p.evidence.is_empty(),
            "{label}: {} has no evidence",
            w.name
        );
    }
}

use Role::*;

#[test]
fn party_lists_and_facts() {
    let rows: &[(&str, &str, &[Want])] = &[
        (
            "indictment: accused and victim entries with every attribute",
            "浙江省乐清市人民检察院\n起诉书\n乐检刑诉〔2022〕56号\n\
             被告人黄志勇，男，1983年5月6日出生，公民身份号码330382198305063357，汉族，初中文化，务工，户籍所在地浙江省乐清市柳市镇长虹村，住乐清市柳市镇长虹村长虹路58号。2021年11月20日因涉嫌故意伤害罪被乐清市公安局刑事拘留。\n\
             被害人郑国平，男，1959年3月14日出生，公民身份号码33038219590314417X，汉族，农民，住乐清市柳市镇长虹村东岙路17号。\n\
             经依法审查查明：2021年11月19日20时许，被告人黄志勇拳击被害人郑国平头面部，致郑国平左侧肋骨骨折。经鉴定，郑国平的损伤程度为轻伤一级。\n\
             本院认为，被告人黄志勇的行为已触犯刑法，应当以故意伤害罪追究其刑事责任。\n此致\n乐清市人民法院\n检察员 王五\n2022年5月6日",
            &[
                p("黄志勇", &[Accused])
                    .id("330382198305063357")
                    .sex("male")
                    .born("1983-05-06"),
                p("郑国平", &[Victim])
                    .id("33038219590314417X")
                    .sex("male")
                    .born("1959-03-14"),
            ],
        ),
        (
            "civil judgment: insurer named to its branch suffix; 负责人 and agents are no parties",
            "浙江省乐清市人民法院\n民事判决书\n(2022)浙0382民初5120号\n\
             原告：金彩云，女，1954年9月26日出生，汉族，住乐清市城南街道南垟村3组21号，公民身份号码330382195409262023。\n\
             委托诉讼代理人：金小敏，浙江雁荡律师事务所律师。\n\
             被告：潘建新，男，1979年4月11日出生，汉族，住乐清市城南街道寺西村新街12号。\n\
             被告：中国人民财产保险股份有限公司乐清支公司，住所地浙江省乐清市城南街道旭阳路6688号。\n\
             负责人：黄一鸣，该支公司经理。\n\
             原告金彩云与被告潘建新、中国人民财产保险股份有限公司乐清支公司机动车交通事故责任纠纷一案，本院立案后公开开庭进行了审理。\n\
             经审理查明，被告潘建新驾驶货车与原告金彩云发生碰撞，致金彩云受伤。\n\
             本院认为，被告应当赔偿。判决如下：\n被告中国人民财产保险股份有限公司乐清支公司赔偿原告金彩云各项损失。\n审判员 李明\n二〇二二年八月一日",
            &[
                p("金彩云", &[Plaintiff])
                    .id("330382195409262023")
                    .sex("female")
                    .born("1954-09-26"),
                p("潘建新", &[Defendant]).sex("male"),
                p("中国人民财产保险股份有限公司乐清支公司", &[Defendant]).org(),
            ],
        ),
        (
            "second instance: appeal roles map to the first-instance role",
            "贵州省铜仁市中级人民法院\n民事判决书\n(2018)黔06民终609号\n\
             上诉人(原审被告)：中国平安财产保险股份有限公司贵州分公司普安支公司，住所地贵州省普安县盘水镇南大街。\n\
             负责人：杨兴贵，该公司经理。\n\
             被上诉人(原审原告)：田春娥，女，1976年1月9日出生，土家族，务农，住贵州省沿河土家族自治县中界乡龙兴村。\n\
             被上诉人(原审被告)：田丽琴(系张军之妻)，女，1985年11月20日出生，土家族，住贵州省沿河土家族自治县和平镇。\n\
             法定代理人：张永波(系张爽之父)，住贵州省沿河土家族自治县中界乡龙兴村下寨组。\n\
             上诉人因机动车交通事故责任纠纷一案，不服一审判决，提起上诉。\n\
             本院认为，上诉理由不能成立。判决如下：\n驳回上诉，维持原判。\n审判长 张三\n二〇一八年九月一日",
            &[
                p(
                    "中国平安财产保险股份有限公司贵州分公司普安支公司",
                    &[Defendant],
                )
                .org(),
                p("田春娥", &[Plaintiff]).sex("female").born("1976-01-09"),
                p("田丽琴", &[Defendant]).sex("female"),
            ],
        ),
        (
            "counterclaim qualifier: 原告(反诉被告) is plaintiff and defendant",
            "河南省新郑市人民法院\n民事判决书\n(2014)新民初字第161号\n\
             原告(反诉被告)周发扬，男，1991年10月25日出生。\n委托代理人李军英，新郑市龙湖法律服务所法律工作者。\n\
             被告(反诉原告)靳建慧，女，1980年2月18日出生。\n被告华安财产保险股份有限公司河南分公司。\n负责人柴同科，该公司总经理。\n\
             原告周发扬诉称，双方发生交通事故。\n本院认为，双方负同等责任。判决如下：\n一、被告赔偿原告损失。\n审判员 王五\n二〇一四年六月一日",
            &[
                p("周发扬", &[Plaintiff, Defendant])
                    .sex("male")
                    .born("1991-10-25"),
                p("靳建慧", &[Defendant, Plaintiff]).sex("female"),
                p("华安财产保险股份有限公司河南分公司", &[Defendant]).org(),
            ],
        ),
        (
            "facts: an enumeration of victims, anonymised names kept, 被害人方 is no name",
            "江苏省淮安市人民法院\n刑事判决书\n(2018)苏0891刑初126号\n公诉机关淮安市人民检察院。\n\
             被告人马某祥，男，1987年10月9日出生。\n\
             经审理查明，被告人马某祥持刀将被害人王某1、李某某和张三砍伤，被害人方不予谅解。被害人王某1(12岁)住院治疗。\n\
             本院认为，其行为已构成故意伤害罪。判决如下：\n被告人马某祥犯故意伤害罪，判处有期徒刑六个月。\n审判长 郭振强\n二〇一八年七月三十一日",
            &[
                p("马某祥", &[Accused]).sex("male").born("1987-10-09"),
                p("王某1", &[Victim]),
                p("李某某", &[Victim]),
                p("张三", &[Victim]),
            ],
        ),
        (
            "facts: an amount after a pseudonym is no index; a body part is no victim",
            "湖北省十堰市茅箭区人民法院\n刑事判决书\n(2016)鄂0302刑初300号\n公诉机关十堰市茅箭区人民检察院。\n\
             被告人李报明，男，1994年11月4日出生。\n\
             经审理查明，被告人李报明用木棒将被害人胡某甲左臂打伤，胡某甲因左胳膊受伤到医院治疗。\
             另查明，被告人李报明赔偿被害人杜某3万元，被害人杜某出具了谅解书。\n\
             本院认为，其行为已构成故意伤害罪。判决如下：\n被告人李报明犯故意伤害罪。\n审判员 李四\n二〇一六年九月一日",
            &[
                p("李报明", &[Accused]).sex("male"),
                p("胡某甲", &[Victim]),
                p("杜某", &[Victim]),
            ],
        ),
        (
            "facts: victims named by what happened to them (乘客…受伤, 致…死亡)",
            "江苏省宜兴市人民法院\n刑事判决书\n(2018)苏0282刑初900号\n公诉机关宜兴市人民检察院。\n\
             被告人马某甲，务工。\n\
             经审理查明，被告人马某甲驾驶三轮摩托车撞到路边交通标志杆，造成车上乘客马某乙(女，1971年5月生，系被告人马某甲的妻子)、张秀艳、王文武受伤的交通事故，后马某乙经医院抢救无效死亡。\n\
             本院认为，其行为已构成交通肇事罪。判决如下：\n被告人马某甲犯交通肇事罪，判处有期徒刑一年。\n审判员 李四\n二〇一八年九月一日",
            &[
                p("马某甲", &[Accused]),
                p("马某乙", &[Victim]).sex("female"),
                p("张秀艳", &[Victim]),
                p("王文武", &[Victim]),
            ],
        ),
        (
            "relatives of a victim who died: a relation clause in the party entry, and representatives excluded",
            "浙江省乐清市人民法院 刑事附带民事判决书 (2022)浙0382刑初488号 公诉机关浙江省乐清市人民检察院。 \
             附带民事诉讼原告人叶小芬，女，1972年11月3日出生，公民身份号码330382197211032467，汉族，住乐清市北白象镇白象村，系被害人吴志坚之妻。 \
             附带民事诉讼原告人吴晓东，男，1996年4月17日出生，汉族，住乐清市北白象镇白象村，系被害人吴志坚之子。 \
             二附带民事诉讼原告人共同委托诉讼代理人黄立新，浙江雁荡律师事务所律师。 \
             被告人麻建华，男，1990年2月17日出生于安徽省太和县，公民身份号码34122219900217571X，汉族，户籍所在地安徽省太和县双浮镇麻庄村，暂住乐清市北白象镇白象村。 \
             辩护人金立群，浙江海泰律师事务所律师。 \
             经审理查明，被告人麻建华因琐事与被害人吴志坚(男，殁年51岁)发生口角，持折叠刀朝吴志坚连刺数刀，致吴志坚倒地。吴志坚经送医抢救无效，于次日凌晨死亡。 \
             本院认为，被告人麻建华的行为已构成故意伤害罪。判决如下： 被告人麻建华犯故意伤害罪，判处有期徒刑十三年。 审判长 倪敏 二〇二二年六月二十四日 书记员 章琪",
            &[
                p("叶小芬", &[IncidentalPlaintiff, Relative])
                    .id("330382197211032467")
                    .sex("female")
                    .of("吴志坚"),
                p("吴晓东", &[IncidentalPlaintiff, Relative])
                    .sex("male")
                    .of("吴志坚"),
                p("麻建华", &[Accused])
                    .id("34122219900217571X")
                    .born("1990-02-17"),
                p("吴志坚", &[Victim]).sex("male"),
            ],
        ),
        (
            "relatives listed after 被害人近亲属： and continued after ；",
            "乐清市人民检察院\n审查逮捕意见书\n乐检刑捕受〔2022〕260号\n\
             犯罪嫌疑人孙志鹏，男，1989年6月10日出生，公民身份号码330382198906103115，汉族，住乐清市石帆街道朴头村中心路30号。\n\
             被害人应国强，男，1961年12月5日出生，汉族，住乐清市南岳镇杏一村，于2022年6月8日死亡。\n\
             被害人近亲属：徐彩凤，女，1962年1月18日出生，公民身份号码330382196201180269，系被害人之妻；应丽娜，女，1988年9月27日出生，公民身份号码330382198809270827，系被害人之女。\n\
             经审查认定：犯罪嫌疑人孙志鹏驾车与被害人应国强发生碰撞，致应国强经抢救无效死亡。\n\
             检察员 王某\n二〇二二年六月二十日",
            &[
                p("孙志鹏", &[Accused]).id("330382198906103115"),
                p("应国强", &[Victim]).born("1961-12-05"),
                p("徐彩凤", &[Relative])
                    .id("330382196201180269")
                    .of("应国强"),
                p("应丽娜", &[Relative])
                    .id("330382198809270827")
                    .of("应国强"),
            ],
        ),
        (
            "a living victim's guardian is a representative, not a person of the record",
            "浙江省乐清市人民法院\n刑事附带民事判决书\n(2022)浙0382刑初733号\n公诉机关浙江省乐清市人民检察院。\n\
             附带民事诉讼原告人(被害人)李俊杰，男，2006年5月19日出生，汉族，学生，住乐清市乐成街道后所村。\n\
             法定代理人林美娟，女，1981年7月12日出生，汉族，住乐清市乐成街道后所村，系李俊杰之母。\n\
             被告人徐浩然，男，2001年9月3日出生于浙江省乐清市，公民身份号码330382200109031139，汉族。\n\
             经审理查明，被告人徐浩然持台球杆击打李俊杰头面部，致李俊杰轻伤二级。被告人家属愿意赔偿。\n\
             本院认为，其行为已构成故意伤害罪。判决如下：\n被告人徐浩然犯故意伤害罪。\n审判员 李四\n二〇二二年六月一日",
            &[
                p("李俊杰", &[IncidentalPlaintiff, Victim])
                    .sex("male")
                    .born("2006-05-19"),
                p("徐浩然", &[Accused]).id("330382200109031139"),
            ],
        ),
        (
            "enforcement notice: addressee applies against the respondents named after 申请执行",
            "浙江省乐清市人民法院\n结案通知书\n(2022)浙0382执5120号\n施德福：\n\
             你申请执行钱立新、中国人寿财产保险股份有限公司温州市中心支公司机动车交通事故责任纠纷一案，本院依据已经发生法律效力的(2022)浙0382民初3376号民事判决书立案执行。\n\
             执行中，被执行人钱立新将款项汇入本院账户，本院已全部发放给你。本案已执行完毕。\n特此通知。\n二〇二二年十二月五日",
            &[
                p("施德福", &[Applicant]),
                p("钱立新", &[Respondent]),
                p(
                    "中国人寿财产保险股份有限公司温州市中心支公司",
                    &[Respondent],
                )
                .org(),
            ],
        ),
        (
            "enforcement ruling: a 15-digit ID is converted; a body typo of a listed name adds no one",
            "西安市未央区人民法院\n执行裁定书\n(2019)陕0112执1813号\n\
             申请执行人：周金福，男，1946年7月12日出生，汉族，住乐清市淡溪镇下岙村，公民身份号码330382460712013。\n\
             被执行人：薛健华，女，1972年4月16日出生，汉族，住西安市新城区，公民身份号码XXXXXXXXXXXXXXXXXX。\n\
             本院在执行申请执行人周金福与被执行人薛建华借款合同纠纷一案中，被执行人薛建华下落不明。裁定如下：\n终结本次执行程序。\n审判员 王某\n二〇一九年五月一日",
            &[
                p("周金福", &[Applicant])
                    .id("330382194607120136")
                    .born("1946-07-12"),
                p("薛健华", &[Respondent]).sex("female").born("1972-04-16"),
            ],
        ),
        (
            "a party's words after the name end it (诉称, 辩称, 表示, 提出)",
            "浙江省乐清市人民法院\n民事判决书\n(2023)浙0382民初531号\n\
             原告：杨晓，女，1982年3月4日出生，汉族，住乐清市柳市镇。\n\
             被告：方表，男，1979年4月11日出生，汉族，住乐清市城南街道。\n\
             原告杨晓诉称：被告至今未赔偿。被告方表辩称，已经赔偿。原告杨晓提出，损失应予赔偿。\n\
             本院认为，被告应当赔偿。判决如下：\n被告方表赔偿原告杨晓各项损失。\n审判员 李明\n二〇二三年八月一日",
            &[
                p("杨晓", &[Plaintiff]).sex("female"),
                p("方表", &[Defendant]).sex("male"),
            ],
        ),
        (
            "transliterated names with any middle dot, run into the words after them",
            "浙江省乐清市人民检察院\n起诉书\n乐检刑诉〔2022〕61号\n\
             被告人艾则孜・依明，男，1990年1月1日出生，维吾尔族，住乐清市乐成街道。\n\
             经依法审查查明：被告人艾则孜・依明因琐事与被害人阿依努尔.买买提发生争执，持刀朝阿依努尔.买买提腹部连刺数刀，\
             致阿依努尔.买买提重伤二级。被害人阿依努尔.买买提表示谅解，被害人热合曼•阿不都拉的伤情为轻微伤。\n\
             本院认为，应当以故意伤害罪追究其刑事责任。\n此致\n乐清市人民法院\n检察员 王五\n2022年5月6日",
            &[
                p("艾则孜·依明", &[Accused]).sex("male"),
                p("阿依努尔·买买提", &[Victim]),
                p("热合曼·阿不都拉", &[Victim]),
            ],
        ),
        (
            "a surname that is also a word, a name that is a word, a relative's shorter name",
            "浙江省乐清市人民检察院\n起诉书\n乐检刑诉〔2023〕326号\n\
             被告人姜祥坚，男，1975年6月11日出生。\n\
             被害人近亲属郑妍，女，1980年8月25日出生，系被害人郑妍婷之妹。\n\
             经依法审查查明：被告人姜祥坚驾车与被害人郑妍婷驾驶的自行车发生碰撞，致郑妍婷当场死亡。\
             被告人姜祥坚窃得被害人金平的手机，又将被害人方萱萱推倒，致方萱萱受伤。被告人姜祥坚未赔偿被害人金平的损失。\n\
             本院认为，应当追究其刑事责任。\n此致\n乐清市人民法院\n检察员 王五\n2023年5月6日",
            &[
                p("姜祥坚", &[Accused]).sex("male"),
                p("郑妍", &[Relative]).sex("female"),
                p("郑妍婷", &[Victim]),
                p("金平", &[Victim]),
                p("方萱萱", &[Victim]),
            ],
        ),
        (
            "a name run into a verb once is repaired from its other mentions; a masked transliteration",
            "浙江省乐清市人民法院\n刑事判决书\n(2021)浙0382刑初504号\n公诉机关浙江省乐清市人民检察院。\n\
             被告人帕×××××××，女，2000年出生，维吾尔族。\n\
             经审理查明，被告人帕×××××××与被害人潘贵发生争执，致潘贵受伤。案发后，被告人帕×××××××向被害人潘贵支付了医疗费。\n\
             本院认为，其行为已构成故意伤害罪。判决如下：\n被告人帕×××××××犯故意伤害罪。\n审判员 李四\n二〇二一年九月一日",
            &[
                p("帕×××××××", &[Accused]).sex("female"),
                p("潘贵", &[Victim]),
            ],
        ),
        (
            "enforcement notice: a cause after the respondents ends the last; a word is a respondent's name; the respondent's village is no party",
            "浙江省乐清市人民法院\n结案通知书\n(2022)浙0382执5120号\n施德福：\n\
             你申请执行王国、钱立新机动车交通事故责任纠纷一案，本院依据(2022)浙0382民初3376号民事判决书立案执行。\n\
             执行中，本院未发现可供执行的财产。经本院走访被执行人住所地村民委员会，被执行人家庭经济困难。\n特此通知。\n二〇二二年十二月五日",
            &[
                p("施德福", &[Applicant]),
                p("王国", &[Respondent]),
                p("钱立新", &[Respondent]),
            ],
        ),
    ];
    for &(label, text, want) in rows {
        let rec = extract(text);
        check(label, &rec.persons, want);
    }
}

#[test]
fn invalid_id_is_kept_out_with_a_warning_naming_the_check() {
    // The DESIGN.md example ID with its wrong check digit.
    let rec = extract(
        "浙江省乐清市人民法院\n民事判决书\n(2021)浙0382民初1234号\n\
         原告：陈秀英，女，1965年5月12日出生，汉族，住乐清市翁垟街道地团村，公民身份号码330382196505121548。\n\
         被告：倪伟，男，1983年11月30日出生，汉族，住乐清市翁垟街道七里港村。\n\
         本院认为，被告应当赔偿。判决如下：\n被告倪伟赔偿原告陈秀英损失。\n审判员 李明\n二〇二一年八月一日",
    );
    let chen = rec.persons.iter().find(|p| p.name == "陈秀英").unwrap();
    assert_eq!(chen.id_number, None);
    assert_eq!(
        chen.birth_date.map(|d| d.to_string()).as_deref(),
        Some("1965-05-12")
    );
    let w: Vec<&String> = rec
        .warnings
        .iter()
        .filter(|w| w.contains("330382196505121548"))
        .collect();
    assert_eq!(w.len(), 1, "{:?}", rec.warnings);
    assert!(
        w[0].contains("checksum") && w[0].contains("陈秀英"),
        "{}",
        w[0]
    );
}

#[test]
fn evidence_points_at_the_text_that_named_the_person() {
    let text = "浙江省乐清市人民检察院\n起诉书\n乐检刑诉〔2022〕178号\n\
                被告人徐浩然，男，2001年9月3日出生，公民身份号码330382200109031139，汉族。\n\
                经依法审查查明：被告人徐浩然殴打被害人李俊杰，致李俊杰轻伤二级。\n此致\n乐清市人民法院\n检察员 王五\n2022年5月6日";
    let rec = extract(text);
    let chars: Vec<char> = text.chars().collect();
    let victim = rec
        .persons
        .iter()
        .find(|p| p.has_role(Role::Victim))
        .unwrap();
    assert_eq!(victim.name, "李俊杰");
    let ev = victim
        .evidence
        .iter()
        .find(|e| e.rule == "role:被害人")
        .unwrap();
    assert_eq!(ev.text, "被害人李俊杰");
    let at: String = chars[ev.start..ev.end].iter().collect();
    assert_eq!(at, ev.text);
    let accused = rec.persons.iter().find(|p| p.name == "徐浩然").unwrap();
    let rules: Vec<&str> = accused.evidence.iter().map(|e| e.rule.as_str()).collect();
    for want in [
        "role:被告人",
        "party:id_number",
        "party:birth_date",
        "party:gender",
    ] {
        assert!(rules.contains(&want), "{want} missing from {rules:?}");
    }
}

#[test]
fn no_role_word_pronoun_or_fragment_becomes_a_person() {
    let rows = [
        "被害人方不予谅解。",
        "被告人家属于2017年7月8日向被害人账户转入9000元。",
        "上述事实有被害人陈述、证人证言等证据证实。",
        "被害人近亲属的意见已听取。",
        "致其轻伤。致一人死亡。",
        "被告人系自首。",
        "被害人家属曾于案发后表示谅解。",
        "被害人方表示谅解，被告人方同意赔偿。",
        "被告人应当赔偿被害人的损失，被告人应当承担责任。",
        "被告人钩机将房子推倒，又将其房子推倒。",
    ];
    for row in rows {
        let text = format!(
            "浙江省乐清市人民法院\n刑事判决书\n(2022)浙0382刑初1号\n公诉机关浙江省乐清市人民检察院。\n\
             被告人张建国，男，1980年1月2日出生。\n经审理查明，{row}\n本院认为，罪名成立。判决如下：\n\
             被告人张建国犯故意伤害罪。\n审判员 李四\n二〇二二年六月一日"
        );
        let rec = extract(&text);
        let names: Vec<&str> = rec.persons.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["张建国"], "{row}");
    }
}

/// Pieces that make the readers work hardest: role words, names, brackets, masks, IDs,
/// harm words, kinship clauses and multi-byte punctuation, glued at random.
const PIECES: &[&str] = &[
    "被害人",
    "被告人",
    "附带民事诉讼原告人",
    "上诉人(原审被告人)",
    "原告(反诉被告)",
    "申请执行人：",
    "被执行人",
    "被害人近亲属：",
    "法定代表人",
    "负责人",
    "王某1",
    "李某某",
    "张三",
    "欧阳",
    "·",
    "×",
    "**",
    "(",
    ")",
    "(女，",
    "，",
    "、",
    "和",
    "。",
    "；",
    "\n",
    " ",
    "：",
    "系被害人",
    "之妻",
    "的父亲",
    "致",
    "受伤",
    "死亡",
    "将",
    "撞倒",
    "公司",
    "有限公司",
    "支公司",
    "局",
    "县",
    "公民身份号码",
    "330382198305063357",
    "33038219650512154",
    "X",
    "1980年1月2日出生",
    "男",
    "汉族",
    "住",
    "户籍地",
    "申请执行",
    "你",
    "号",
    "3万元",
    "提起附带民事诉讼",
    "乘客",
    "某",
    "甲",
    "𠀀",
    "é",
];

#[test]
fn random_texts_never_panic_and_names_stay_names() {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..400 {
        let len = (next() % 80) as usize;
        let body: String = (0..len)
            .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
            .collect();
        let head = if round % 2 == 0 {
            "浙江省乐清市人民法院\n刑事判决书\n(2022)浙0382刑初1号\n"
        } else {
            ""
        };
        let rec = extract(&format!("{head}{body}"));
        for p in &rec.persons {
            assert!(
                !p.name.is_empty() && !p.roles.is_empty(),
                "round {round}: {p:?} in {body:?}"
            );
            assert!(
                !p.name
                    .contains(['，', '。', '、', '(', ')', '\n', ' ', '：']),
                "round {round}: {:?} in {body:?}",
                p.name
            );
            assert!(
                !["被害人", "被告人", "近亲属"]
                    .iter()
                    .any(|w| p.name.starts_with(w)),
                "round {round}: {:?}",
                p.name
            );
        }
    }
}
