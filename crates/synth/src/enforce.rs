//! Enforcement rulings: the enforcement of a judgment's award, ending in 终结本次执行程序
//! (终本), 终结执行, 执行完毕 (a 结案通知书), 执行和解, sometimes after a 冻结/查封 ruling
//! (`之一`, outcome other). Each cites its 执行依据, the judgment's case number, unless the
//! storyline drops it on purpose.

use jiuzhu_core::{CompensationStatus, Date, Kind, Outcome, Role};

use crate::Error;
use crate::bank::{bank, fill};
use crate::doc::{GoldDoc, GoldEnf, Rendered, Sec};
use crate::ids::add_days;
use crate::people::Person;
use crate::text::{CaseNo, Zero, cents, cn_date, date_text, padded, yuan};
use crate::view::View;
use crate::world::{Class, Court, Variant, Want, World};

/// A respondent: a person or a company.
#[derive(Debug, Clone)]
pub enum Party {
    Person(Person),
    Org(String),
}

/// The judgment being enforced and who is on each side.
pub struct Basis {
    pub court: &'static Court,
    pub no: CaseNo,
    /// 刑事附带民事判决书, 民事判决书 ….
    pub judgment_title: &'static str,
    pub date: Date,
    /// Civil 案由 (stated in the ruling); `None` for criminal awards.
    pub cause: Option<String>,
    pub applicants: Vec<Person>,
    /// A second-instance ruling the ruling cites beside the judgment (the judgment stays the
    /// 执行依据).
    pub also_cited: Option<String>,
    /// Companies applying (买卖合同纠纷): never aid candidates.
    pub applicant_orgs: Vec<String>,
    pub respondents: Vec<Party>,
    pub amount: f64,
    /// Victim-side persons of the judgment, as the case link counts them.
    pub victim_side: usize,
    /// The respondent is serving a prison term.
    pub in_prison: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    /// 终结本次执行程序.
    Zhongben,
    /// 终结执行: the respondent died without an estate.
    Died,
    /// 终结执行: the applicant withdrew, no assets found.
    Withdrawn,
    /// 终结执行: the respondent cannot pay (生活困难无力偿还).
    Destitute,
    /// 执行完毕 (结案通知书).
    Completed,
    /// 执行和解 performed, application withdrawn.
    Settlement,
    /// 冻结、划拨 or 查封 (之一).
    Measure,
}

impl Form {
    fn outcome(self) -> Outcome {
        match self {
            Form::Zhongben => Outcome::TerminatedThisRound,
            Form::Died | Form::Withdrawn | Form::Destitute => Outcome::Terminated,
            Form::Completed => Outcome::Completed,
            Form::Settlement => Outcome::Settled,
            Form::Measure => Outcome::Other,
        }
    }
}

fn respondent_names(view: &mut View, rs: &[Party]) -> Vec<String> {
    rs.iter()
        .map(|r| match r {
            Party::Person(p) => view.name(p),
            Party::Org(o) => o.clone(),
        })
        .collect()
}

/// Runs the enforcement of one judgment; returns whether it ended unpaid (终本/终结执行).
pub fn chain(w: &mut World, b: &Basis) -> Result<bool, Error> {
    let strict = b.applicants.iter().any(|p| p.strict) || !b.applicant_orgs.is_empty();
    let person_respondent = b.respondents.iter().any(|r| matches!(r, Party::Person(_)));
    let form = loop {
        let f = match w.rng.weighted(&[55, 4, 3, 3, 18, 12, 5]) {
            0 => Form::Zhongben,
            1 => Form::Died,
            2 => Form::Withdrawn,
            3 => Form::Destitute,
            4 => Form::Completed,
            5 => Form::Settlement,
            _ => Form::Measure,
        };
        let ok = match f {
            Form::Completed => !strict,
            Form::Died | Form::Destitute => person_respondent && !b.in_prison,
            _ => true,
        };
        if ok {
            break f;
        }
    };
    let filed = add_days(b.date, w.rng.range(40, 120));
    let typ = if w.rng.chance(0.04) { "执恢" } else { "执" };
    let no = w.court_case(b.court.code, typ, filed.year());
    let mut date = add_days(filed, w.rng.range(60, 240));
    // A freezing or sealing ruling before the case ends.
    if (form == Form::Measure || (matches!(form, Form::Zhongben) && w.rng.chance(0.18))) && w.left()
    {
        let mut part = no.clone();
        part.part = Some(1);
        let d = add_days(filed, w.rng.range(10, 50));
        ruling(w, b, Form::Measure, &part, filed, d)?;
        date = add_days(d, w.rng.range(60, 200));
    }
    if form != Form::Measure && w.left() {
        ruling(w, b, form, &no, filed, date)?;
        return Ok(matches!(
            form.outcome(),
            Outcome::TerminatedThisRound | Outcome::Terminated
        ));
    }
    Ok(false)
}

fn ruling(
    w: &mut World,
    b: &Basis,
    form: Form,
    no: &CaseNo,
    filed: Date,
    date: Date,
) -> Result<(), Error> {
    // An anonymised ruling links to its judgment only one to one (DESIGN.md §5).
    let want = if b.applicants.len() == 1 && b.victim_side == 1 {
        Want::Any
    } else {
        Want::Named
    };
    let v: Variant = w.variant(Class::Court, want);
    let mut view = w.view(&v);
    let title = if form == Form::Completed {
        "结案通知书"
    } else {
        "执行裁定书"
    };
    let (mut paras, printed) = w.head(b.court.head, title, no, Class::Court);
    let here = if w.rng.chance(0.8) {
        "本院".to_string()
    } else {
        b.court.short.to_string()
    };
    let basis_printed = b.no.print(w.brackets(Class::Court));
    let state_basis = w.rng.chance(0.95);
    let matter = match &b.cause {
        Some(c) => c.clone(),
        None => "刑事附带民事赔偿".to_string(),
    };
    let amount = yuan(b.amount);
    let paid = cents(b.amount * (0.02 + 0.25 * w.rng.unit()));
    let partial = matches!(
        form,
        Form::Zhongben | Form::Died | Form::Withdrawn | Form::Destitute
    ) && w.rng.chance(0.2);
    let rest = yuan(if partial {
        cents(b.amount - paid)
    } else {
        b.amount
    });
    let colon = if w.rng.chance(0.7) { "：" } else { "" };

    let mut status = CompensationStatus::Unsettled;
    let mut applicant_names = Vec::new();
    if form == Form::Completed {
        let names: Vec<String> = b
            .applicants
            .iter()
            .map(|p| {
                let n = view.name(p);
                view.role(p, Role::Applicant);
                n
            })
            .collect();
        paras.push((Sec::Parties, format!("{}：", names.join("、"))));
        applicant_names = names;
    } else {
        for p in &b.applicants {
            let (name, desc) = view.party(&mut w.rng, p, 0.5, false);
            view.role(p, Role::Applicant);
            paras.push((Sec::Parties, format!("申请执行人{colon}{name}{desc}。")));
            applicant_names.push(name);
        }
        for o in &b.applicant_orgs {
            view.org(o, Role::Applicant);
            paras.push((
                Sec::Parties,
                format!("申请执行人{colon}{o}，住所地浙江省乐清市。"),
            ));
            applicant_names.push(o.clone());
        }
        for r in &b.respondents {
            match r {
                Party::Person(p) => {
                    let (name, desc) = view.party(&mut w.rng, p, 0.45, false);
                    view.role(p, Role::Respondent);
                    let mut s = format!("被执行人{colon}{name}{desc}");
                    if b.in_prison && w.rng.chance(0.5) {
                        s.push_str("，现在监狱服刑");
                    }
                    if form == Form::Died {
                        s.push_str(&format!(
                            "，已于{}死亡",
                            date_text(add_days(date, -w.rng.range(30, 120)))
                        ));
                    }
                    s.push('。');
                    paras.push((Sec::Parties, s));
                }
                Party::Org(o) => {
                    view.org(o, Role::Respondent);
                    paras.push((
                        Sec::Parties,
                        format!("被执行人{colon}{o}，住所地浙江省乐清市。"),
                    ));
                }
            }
        }
    }
    let a = applicant_names.join("、");
    if form == Form::Completed {
        for r in &b.respondents {
            match r {
                Party::Person(p) => view.role(p, Role::Respondent),
                Party::Org(o) => view.org(o, Role::Respondent),
            }
        }
    }
    let r = respondent_names(&mut view, &b.respondents).join("、");
    let also = b
        .also_cited
        .as_ref()
        .map(|c| format!("及{c}"))
        .unwrap_or_default();
    let basis_clause = if state_basis {
        match w.rng.below(3) {
            0 => format!(
                "申请执行人{a}依据已经发生法律效力的{here}{basis_printed}{}{also}",
                b.judgment_title
            ),
            1 => format!("执行依据为{here}{basis_printed}{}{also}", b.judgment_title),
            _ => format!(
                "{here}依据已经发生法律效力的{basis_printed}{}{also}",
                b.judgment_title
            ),
        }
    } else {
        format!("申请执行人{a}依据已经发生法律效力的{}", b.judgment_title)
    };
    let q = b
        .applicants
        .first()
        .map(|p| view.name(p))
        .unwrap_or_default();
    let vars = |x: &str| -> String {
        fill(
            x,
            &[
                ("R", &r),
                ("Q", &q),
                ("PAID", &yuan(paid)),
                ("REST", &rest),
                ("AMT", &amount),
            ],
        )
    };
    let bk = bank();
    let (law, result): (String, String);
    match form {
        Form::Completed => {
            status = CompensationStatus::Settled;
            let basis = if state_basis {
                format!(
                    "，本院依据已经发生法律效力的{basis_printed}{}立案执行",
                    b.judgment_title
                )
            } else {
                "，本院立案执行".to_string()
            };
            paras.push((
                Sec::Facts,
                format!(
                    "你申请执行{r}{matter}一案{basis}。执行中，被执行人{r}将{amount}元及迟延履行期间的债务利息汇入本院账户，本院已全部发放给你。本案已执行完毕。根据《最高人民法院关于执行案件立案、结案若干问题的意见》第十五条的规定，本案作结案处理。"
                ),
            ));
            law = String::new();
            result = "特此通知。".into();
        }
        Form::Settlement => {
            status = CompensationStatus::Settled;
            let agreed = cents(b.amount * (0.5 + 0.4 * w.rng.unit()));
            paras.push((
                Sec::Facts,
                format!(
                    "本院在执行申请执行人{a}与被执行人{r}{matter}一案中，{basis_clause}。执行过程中，双方当事人自愿达成执行和解协议：被执行人{r}于{}前一次性支付申请执行人{a}{}元，申请执行人放弃其余款项及迟延履行期间的债务利息。{}，被执行人{r}已按和解协议履行完毕。申请执行人{a}以双方已达成执行和解并履行完毕为由，向本院申请撤回执行申请。",
                    date_text(add_days(date, -10)),
                    yuan(agreed),
                    date_text(add_days(date, -12))
                ),
            ));
            law = "依照《最高人民法院关于执行和解若干问题的规定》第二条、《中华人民共和国民事诉讼法》第二百六十四条第（一）项之规定，裁定如下：".into();
            result = format!("终结本院{printed}案件的执行。");
        }
        Form::Measure => {
            paras.push((
                Sec::Facts,
                format!(
                    "本院在执行申请执行人{a}与被执行人{r}{matter}一案中，{basis_clause}，于{}向被执行人{r}发出执行通知书，责令其履行法律文书确定的义务，但被执行人{r}至今未履行。",
                    date_text(add_days(filed, 3))
                ),
            ));
            law = "依照《中华人民共和国民事诉讼法》第二百四十九条、第二百五十条之规定，裁定如下："
                .into();
            result = if w.rng.chance(0.6) {
                format!(
                    "冻结、划拨被执行人{r}在{}账户内的存款人民币{}元。",
                    bk.pick(&mut w.rng, "bank"),
                    yuan(paid)
                )
            } else {
                format!(
                    "查封被执行人{r}名下位于{}{}{}{}号的房产一套，查封期限为三年。",
                    b.court.city(),
                    b.court.town(&mut w.rng),
                    bk.pick(&mut w.rng, "road"),
                    w.rng.range(1, 300)
                )
            };
        }
        Form::Zhongben | Form::Died | Form::Withdrawn | Form::Destitute => {
            let mut body = format!(
                "本院在执行申请执行人{a}与被执行人{r}{matter}一案中，{basis_clause}，于{}向本院申请执行，要求被执行人{r}支付{}{amount}元及迟延履行期间的债务利息。本院于同日立案执行。",
                date_text(filed),
                match b.cause.as_deref() {
                    None | Some("机动车交通事故责任纠纷") | Some("生命权、身体权、健康权纠纷") =>
                        "赔偿款",
                    Some("赡养费纠纷") => "赡养费",
                    _ => "款项",
                }
            );
            if form == Form::Zhongben {
                body.push_str(&format!(
                    "本院在执行过程中，依法向被执行人{r}发出执行通知书、报告财产令，责令其履行生效法律文书确定的义务，被执行人未履行义务。"
                ));
                body.push_str(bk.pick(&mut w.rng, "enf.search"));
                if b.in_prison && w.rng.chance(0.6) {
                    body.push_str("经本院至被执行人住所地调查，被执行人现在监狱服刑，无劳动收入，其家庭无可供执行的财产。");
                } else if w.rng.chance(0.6) {
                    body.push_str(bk.pick(&mut w.rng, "enf.visit"));
                }
                body.push_str(&vars(bk.pick(&mut w.rng, "enf.measures")));
                body.push_str(&vars(bk.pick(&mut w.rng, "enf.notice")));
            }
            match form {
                Form::Died => body.push_str(&format!(
                    "执行中，被执行人{r}因病死亡。经本院调查，{r}生前名下无存款、房产、车辆等财产，无遗产可供执行；其继承人均书面表示放弃继承，本案亦无其他义务承担人。"
                )),
                Form::Withdrawn => {
                    body.push_str(bk.pick(&mut w.rng, "enf.search"));
                    body.push_str(&format!(
                        "申请执行人{a}以被执行人暂无财产可供执行为由，于{}向本院申请撤回执行申请。",
                        date_text(add_days(date, -7))
                    ));
                }
                Form::Destitute => body.push_str(&format!(
                    "经本院调查，被执行人{r}因病丧失劳动能力，无收入来源，因生活困难无力履行。"
                )),
                _ => {}
            }
            if partial {
                status = CompensationStatus::Partial;
                body.push_str(&vars(bk.pick(&mut w.rng, "enf.partial")));
            } else {
                body.push_str(&vars(bk.pick(&mut w.rng, "enf.outstanding")));
            }
            paras.push((Sec::Facts, body));
            if form == Form::Zhongben {
                paras.push((
                    Sec::Reasoning,
                    bk.pick(&mut w.rng, "enf.zhongben.reason").to_string(),
                ));
                law = bk.pick(&mut w.rng, "enf.zhongben.law").to_string();
                result = "终结本次执行程序。".into();
            } else {
                let item = match form {
                    Form::Died => "第（三）项",
                    Form::Withdrawn => "第（一）项",
                    _ => "第（五）项",
                };
                law = format!(
                    "依照《中华人民共和国民事诉讼法》第二百六十四条{item}之规定，裁定如下："
                );
                result = format!("终结本院{printed}案件的执行。");
            }
        }
    }
    if !law.is_empty() {
        paras.push((Sec::Reasoning, law));
    }
    paras.push((Sec::Result, result));
    match form {
        Form::Zhongben => paras.push((
            Sec::Result,
            bk.pick(&mut w.rng, "enf.zhongben.tail").to_string(),
        )),
        Form::Completed => {}
        _ => {}
    }
    if form == Form::Completed {
        paras.push((Sec::Tail, cn_date(date, Zero::draw(&mut w.rng))));
        paras.push((Sec::Tail, "（院印）".into()));
    } else {
        paras.push((
            Sec::Result,
            if form == Form::Measure {
                "本裁定立即执行。"
            } else {
                "本裁定送达后立即生效。"
            }
            .to_string(),
        ));
        let judge = w.extra_name();
        paras.push((
            Sec::Tail,
            format!(
                "{}  {}",
                w.rng.pick(&["审判员", "审 判 员", "执行员"]),
                padded(&judge)
            ),
        ));
        paras.push((Sec::Tail, cn_date(date, Zero::draw(&mut w.rng))));
        if w.rng.chance(0.4) {
            let assistant = w.extra_name();
            paras.push((Sec::Tail, format!("法官助理  {}", padded(&assistant))));
        }
        let clerk = w.extra_name();
        paras.push((Sec::Tail, format!("书记员  {}", padded(&clerk))));
    }
    let mut gold = GoldDoc::new(Kind::EnforcementRuling);
    gold.case_number = Some(no.canonical());
    gold.court = Some(b.court.head.to_string());
    gold.date = Some(date);
    gold.cause = b.cause.clone();
    gold.compensation.status = status;
    gold.enforcement = Some(GoldEnf {
        outcome: form.outcome(),
        basis_case_number: state_basis.then(|| b.no.canonical()),
    });
    gold.persons = view.gold();
    let parties = view.party_names();
    let case_name = format!(
        "{}{}{}{title}",
        view.lead_parties(2),
        matter,
        if no.court_type.ends_with("执恢") {
            "恢复执行"
        } else {
            "首次执行"
        }
    );
    let doc = Rendered {
        kind: Kind::EnforcementRuling,
        dir: "enforcement",
        title: title.to_string(),
        court: b.court.head.to_string(),
        case_print: printed,
        date,
        paras,
        case_type: "执行案件",
        procedure: if no.court_type.ends_with("执恢") {
            "执行恢复"
        } else {
            "执行实施"
        },
        cause: b.cause.clone(),
        parties,
        statutes: Vec::new(),
        case_name,
        province: b.court.province.to_string(),
    };
    let typ = if no.court_type.ends_with("执恢") {
        "zhihui"
    } else {
        "zhi"
    };
    let part = if no.part.is_some() { "_1" } else { "" };
    let slug = format!("{}_{}_{typ}_{}{part}", b.court.slug(), no.year, no.seq);
    w.emit(doc, gold, &v, &slug)
}
