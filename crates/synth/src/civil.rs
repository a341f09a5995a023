//! Civil storylines: traffic-accident suits (机动车交通事故责任纠纷, the screened cause) with
//! their enforcement, the near misses whose causes are not screened (赡养费纠纷, 民间借贷纠纷,
//! 生命权、身体权、健康权纠纷, 买卖合同纠纷 with a company as plaintiff), and suits withdrawn
//! after payment (民事裁定书, kind other).

use jiuzhu_core::{CompensationStatus, Date, Gender, Injury, Kind, Role};

use crate::Error;
use crate::bank::{bank, fill};
use crate::doc::{GoldDoc, Rendered, Sec};
use crate::enforce::{self, Basis, Party};
use crate::ids::{add_days, random_date};
use crate::people::{Age, Person, Spec};
use crate::roster::Need;
use crate::text::{
    CaseNo, Zero, amount, cents, cn_date, cn_number, date_text, padded, spaced, yuan,
};
use crate::view::View;
use crate::world::{Class, Court, Variant, Want, World};

pub const TRAFFIC: &str = "机动车交通事故责任纠纷";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Cause {
    Traffic,
    Maintenance,
    Loan,
    Health,
    Sale,
}

impl Cause {
    fn name(self) -> &'static str {
        match self {
            Cause::Traffic => TRAFFIC,
            Cause::Maintenance => "赡养费纠纷",
            Cause::Loan => "民间借贷纠纷",
            Cause::Health => "生命权、身体权、健康权纠纷",
            Cause::Sale => "买卖合同纠纷",
        }
    }
}

struct Insurer {
    full: &'static str,
    short: &'static str,
}

fn insurer(w: &mut World) -> Insurer {
    let e = bank().pick(&mut w.rng, "insurer");
    let (full, short) = e.split_once('|').unwrap_or((e, e));
    Insurer { full, short }
}

fn company(w: &mut World) -> String {
    let b = bank();
    format!(
        "乐清市{}{}",
        b.pick(&mut w.rng, "company.word"),
        b.pick(&mut w.rng, "company.trade")
    )
}

/// A civil suit, whatever its cause.
struct Suit {
    court: &'static Court,
    cause: Cause,
    plaintiffs: Vec<Person>,
    /// The deceased victim whose relatives sue.
    deceased: Option<Person>,
    relations: Vec<&'static str>,
    defendants: Vec<Person>,
    company: Option<String>,
    /// A company plaintiff (买卖合同纠纷).
    org_plaintiff: Option<String>,
    insurer: Option<Insurer>,
    accident: Date,
    disability: Option<u8>,
    /// Injury of a 健康权 suit (轻微伤/轻伤).
    health_grade: Option<(Injury, &'static str)>,
    loss: f64,
    insurer_share: f64,
    paid: f64,
    status: CompensationStatus,
    filed: Date,
    date: Date,
    judge: Vec<(String, String)>,
    clerk: String,
    agent: Option<(String, &'static str)>,
    criminal_case: Option<String>,
}

impl Suit {
    fn injury(&self) -> Injury {
        if self.deceased.is_some() {
            Injury::Death
        } else if let Some((i, _)) = self.health_grade {
            i
        } else if self.disability.is_some() {
            Injury::Serious
        } else {
            Injury::Unknown
        }
    }

    /// A document of this suit ready for its container; 案件名称 from the first parties.
    #[allow(clippy::too_many_arguments)]
    fn rendered(
        &self,
        kind: Kind,
        dir: &'static str,
        title: &str,
        printed: String,
        paras: Vec<(Sec, String)>,
        view: &View,
        statutes: Vec<String>,
    ) -> Rendered {
        Rendered {
            kind,
            dir,
            title: title.to_string(),
            court: self.court.head.to_string(),
            case_print: printed,
            date: self.date,
            paras,
            case_type: "民事案件",
            procedure: "民事一审",
            cause: Some(self.cause.name().to_string()),
            parties: view.party_names(),
            statutes,
            case_name: format!(
                "{}{}民事一审{title}",
                view.lead_parties(2),
                self.cause.name()
            ),
            province: self.court.province.to_string(),
        }
    }

    fn award_against_defendant(&self) -> f64 {
        cents((self.loss - self.insurer_share - self.paid).max(1000.0))
    }

    /// Victim-side persons of the judgment as the case link counts them.
    fn victim_side(&self) -> usize {
        self.plaintiffs.len() + usize::from(self.deceased.is_some())
    }
}

fn judges(w: &mut World) -> Vec<(String, String)> {
    if w.rng.chance(0.6) {
        vec![("审判员".into(), w.extra_name())]
    } else {
        vec![
            ("审判长".into(), w.extra_name()),
            ("人民陪审员".into(), w.extra_name()),
            ("人民陪审员".into(), w.extra_name()),
        ]
    }
}

fn tail(w: &mut World, s: &Suit, paras: &mut Vec<(Sec, String)>) {
    for (t, n) in &s.judge {
        let t = if t.chars().count() == 3 && w.rng.chance(0.4) {
            spaced(t)
        } else {
            t.clone()
        };
        paras.push((Sec::Tail, format!("{t}  {}", padded(n))));
    }
    paras.push((Sec::Tail, cn_date(s.date, Zero::draw(&mut w.rng))));
    let ct = *w.rng.pick(&["书记员", "书 记 员"]);
    paras.push((Sec::Tail, format!("{ct}  {}", padded(&s.clerk))));
}

fn status_line(w: &mut World, s: &Suit, view: &mut View) -> Option<String> {
    let key = match (s.cause, s.status) {
        (_, CompensationStatus::Unknown) | (_, CompensationStatus::Settled) => return None,
        (Cause::Traffic, CompensationStatus::Partial) => {
            if s.insurer.is_some() && w.rng.chance(0.3) {
                "comp.civil.partial.insurer"
            } else {
                "comp.civil.partial"
            }
        }
        (Cause::Traffic, _) => "comp.civil.unsettled",
        (Cause::Maintenance, CompensationStatus::Partial) => "comp.maint.partial",
        (Cause::Maintenance, _) => "comp.maint.unsettled",
        (Cause::Health, CompensationStatus::Partial) => "comp.health.partial",
        (Cause::Health, _) => "comp.health.unsettled",
        _ => return None,
    };
    let p = s
        .plaintiffs
        .iter()
        .map(|p| view.name(p))
        .collect::<Vec<_>>()
        .join("、");
    let d = s
        .defendants
        .first()
        .map(|p| view.name(p))
        .unwrap_or_default();
    let ins = s.insurer.as_ref().map_or("", |i| i.short);
    let t = bank().pick(&mut w.rng, key);
    Some(fill(
        t,
        &[
            ("P", &p),
            ("D", &d),
            ("INS", ins),
            ("PAID", &yuan(s.paid)),
            ("REST", &yuan(cents(s.loss - s.paid))),
            ("YEAR", &(s.filed.year() - 1).to_string()),
        ],
    ))
}

/// One party paragraph per person (原告：…。 / 被告…。); returns the printed names.
fn parties(
    w: &mut World,
    view: &mut View,
    people: &[Person],
    role: Role,
    colon: &str,
    p_id: f64,
    paras: &mut Vec<(Sec, String)>,
) -> Vec<String> {
    let label = if role == Role::Plaintiff {
        "原告"
    } else {
        "被告"
    };
    people
        .iter()
        .map(|p| {
            let (name, desc) = view.party(&mut w.rng, p, p_id, false);
            view.role(p, role);
            paras.push((Sec::Parties, format!("{label}{colon}{name}{desc}。")));
            name
        })
        .collect()
}

fn judgment(w: &mut World, s: &Suit, no: &CaseNo, v: &Variant) -> Result<(), Error> {
    let mut view = w.view(v);
    let b = bank();
    let title = "民事判决书";
    let (mut paras, printed) = w.head(s.court.head, title, no, Class::Court);
    let colon = if w.rng.chance(0.75) { "：" } else { "" };
    let mut dname: Option<String> = None;
    let mut pnames = Vec::new();
    if let Some(org) = &s.org_plaintiff {
        view.org(org, Role::Plaintiff);
        paras.push((
            Sec::Parties,
            format!("原告{colon}{org}，住所地浙江省乐清市。"),
        ));
        paras.push((
            Sec::Parties,
            format!("法定代表人{colon}{}，该公司总经理。", w.extra_name()),
        ));
        pnames.push(org.clone());
    }
    for (i, p) in s.plaintiffs.iter().enumerate() {
        let (name, desc) = view.party(&mut w.rng, p, 0.55, false);
        view.role(p, Role::Plaintiff);
        let mut line = format!("原告{colon}{name}{desc}");
        if let Some(dp) = &s.deceased
            && dname.is_none()
        {
            dname = Some(view.name(dp));
        }
        if let (Some(d), Some(rel)) = (&dname, s.relations.get(i)) {
            view.role(p, Role::Relative);
            line.push_str(&format!("，系死者{d}{rel}"));
        }
        line.push('。');
        paras.push((Sec::Parties, line));
        pnames.push(name);
    }
    if let Some((agent, firm)) = &s.agent {
        let who = if s.plaintiffs.len() > 1 {
            "原告共同"
        } else {
            ""
        };
        paras.push((
            Sec::Parties,
            format!("{who}委托诉讼代理人{colon}{agent}，{firm}律师。"),
        ));
    }
    let mut dnames = parties(
        w,
        &mut view,
        &s.defendants,
        Role::Defendant,
        colon,
        0.3,
        &mut paras,
    );
    if let Some(c) = &s.company {
        view.org(c, Role::Defendant);
        paras.push((
            Sec::Parties,
            format!(
                "被告{colon}{c}，住所地浙江省乐清市{}。",
                b.pick(&mut w.rng, "yq.town")
            ),
        ));
        paras.push((
            Sec::Parties,
            format!("法定代表人{colon}{}，该公司执行董事。", w.extra_name()),
        ));
        dnames.push(c.clone());
    }
    if let Some(ins) = &s.insurer {
        view.org(ins.full, Role::Defendant);
        paras.push((
            Sec::Parties,
            format!("被告{colon}{}，住所地浙江省温州市。", ins.full),
        ));
        paras.push((
            Sec::Parties,
            format!("负责人{colon}{}，该公司总经理。", w.extra_name()),
        ));
        dnames.push(ins.full.to_string());
    }
    let p = pnames.join("、");
    let d = dnames.join("、");
    let d0 = dnames.first().cloned().unwrap_or_default();
    let simple = s.judge.len() == 1;
    paras.push((
        Sec::Procedure,
        format!(
            "原告{p}与被告{d}{}一案，本院于{}立案后，依法适用{}，公开开庭进行了审理。原告{p}{}到庭参加诉讼。本案现已审理终结。",
            s.cause.name(),
            date_text(s.filed),
            if simple { "简易程序" } else { "普通程序" },
            if s.agent.is_some() { "及其委托诉讼代理人" } else { "" }
        ),
    ));
    let claim = cents(s.loss * (1.05 + 0.4 * w.rng.unit()));
    match s.cause {
        Cause::Traffic | Cause::Health => {
            // An allegation of non-payment, where no finding contradicts it.
            let unpaid = matches!(
                s.status,
                CompensationStatus::Unsettled | CompensationStatus::Unknown
            );
            let key = if unpaid && w.rng.chance(0.5) {
                "dis.claim.civil.unpaid"
            } else {
                "dis.claim.civil"
            };
            let t = b.pick(&mut w.rng, key);
            paras.push((
                Sec::Facts,
                fill(t, &[("P", &p), ("D", &d0), ("CLAIM", &yuan(claim))]),
            ));
        }
        Cause::Maintenance => paras.push((
            Sec::Facts,
            format!(
                "{p}向本院提出诉讼请求：判令被告每月支付原告赡养费{}元，并承担原告的医疗费用。",
                w.rng.range(5, 20) * 100
            ),
        )),
        Cause::Loan => paras.push((
            Sec::Facts,
            format!(
                "{p}向本院提出诉讼请求：判令被告归还借款本金{}元及相应利息。",
                yuan(s.loss)
            ),
        )),
        Cause::Sale => paras.push((
            Sec::Facts,
            format!(
                "{p}向本院提出诉讼请求：判令被告支付货款{}元及逾期付款利息。",
                yuan(s.loss)
            ),
        )),
    }
    if s.cause == Cause::Traffic && !s.defendants.is_empty() {
        let reply = if w.rng.chance(0.5) {
            format!("{}辩称：对事故事实无异议，其无力赔偿。", dnames[0])
        } else {
            format!(
                "{}辩称：对事故事实无异议，事故发生后其已垫付部分医疗费，请求法院依法处理。",
                dnames[0]
            )
        };
        paras.push((Sec::Facts, reply));
        if let Some(ins) = &s.insurer {
            paras.push((
                Sec::Facts,
                format!("{}辩称：对事故事实及责任认定无异议，同意在交强险责任限额内依法赔偿，超出部分按照保险合同约定承担。", ins.short),
            ));
        }
    }
    let mut facts = String::from("本院经审理认定事实如下：");
    let d_first = s
        .defendants
        .first()
        .map(|x| view.name(x))
        .unwrap_or_default();
    match s.cause {
        Cause::Traffic => {
            let victim = match &s.deceased {
                Some(dp) => view.intro(dp),
                None => view.name(&s.plaintiffs[0]),
            };
            let result = if s.deceased.is_some() {
                format!("致{victim}当场死亡")
            } else {
                format!("致{victim}受伤")
            };
            facts.push_str(&format!(
                "{}{}时许，被告{d_first}驾驶{}号{}在{}{}{}路段行驶时，{}，与{victim}驾驶的{}发生碰撞，{result}。经{}交通警察大队认定，{d_first}负事故{}责任。",
                date_text(s.accident),
                w.rng.range(6, 22),
                if view.anon() { "浙C*****".to_string() } else { format!("浙C{}", w.rng.range(10000, 99999)) },
                b.pick(&mut w.rng, "vehicle"),
                s.court.city(),
                s.court.town(&mut w.rng),
                b.pick(&mut w.rng, "road"),
                b.pick(&mut w.rng, "violation"),
                b.pick(&mut w.rng, "victim.vehicle"),
                s.court.police,
                b.pick(&mut w.rng, "responsibility")
            ));
            if let Some(ins) = &s.insurer {
                facts.push_str(&format!("肇事车辆在被告{}投保了交强险。", ins.short));
            }
            if let Some(dp) = &s.deceased {
                view.role(dp, Role::Victim);
                if let Some(c) = &s.criminal_case {
                    facts.push_str(&format!(
                        "被告{d_first}因本次事故被以交通肇事罪追究刑事责任，案号为{c}。"
                    ));
                }
            } else {
                facts.push_str(&format!(
                    "{victim}受伤后住院治疗{}天。",
                    w.rng.range(10, 90)
                ));
                if let Some(g) = s.disability {
                    facts.push_str(&format!(
                        "经鉴定，{victim}的伤情构成{}级伤残。",
                        cn_number(u32::from(g))
                    ));
                }
            }
        }
        Cause::Maintenance => {
            let p0 = view.name(&s.plaintiffs[0]);
            facts.push_str(&format!(
                "原告{p0}现年{}岁，与其配偶共生育子女{}人，即被告{}。原告年老体弱，患有多种慢性疾病，无固定收入来源，生活困难。",
                s.plaintiffs[0].age_in(s.date.year()),
                cn_number(s.defendants.len() as u32),
                dnames.join("、")
            ));
        }
        Cause::Loan => {
            facts.push_str(&format!(
                "{}，被告{d_first}因经营需要向原告{p}借款{}元，并出具借条一份，约定于{}前归还。借款到期后，被告未按约履行还款义务。",
                date_text(s.accident),
                yuan(s.loss),
                date_text(add_days(s.accident, 180))
            ));
        }
        Cause::Health => {
            let p0 = view.name(&s.plaintiffs[0]);
            facts.push_str(&format!(
                "{}，原告{p0}与被告{d_first}在{}因{}发生争执，后双方发生推搡，{d_first}拳击{p0}面部，致{p0}受伤。",
                date_text(s.accident),
                s.court.city(),
                b.pick(&mut w.rng, "quarrel")
            ));
            if let Some((_, g)) = s.health_grade {
                facts.push_str(&format!("经鉴定，{p0}的损伤程度为{g}。"));
            }
        }
        Cause::Sale => {
            facts.push_str(&format!(
                "原告{p}与被告{d_first}存在买卖合同关系，被告尚欠原告货款{}元未付。",
                yuan(s.loss)
            ));
        }
    }
    if let Some(line) = status_line(w, s, &mut view) {
        facts.push_str(&line);
    }
    paras.push((Sec::Facts, facts));
    let mut reason = String::from("本院认为，");
    match s.cause {
        Cause::Traffic => {
            if w.rng.chance(0.5) {
                reason.push_str(b.pick(&mut w.rng, "dis.statute.civil"));
            }
            reason.push_str(&format!("本院确认原告的损失为医疗费、护理费、误工费等合计{}元。", yuan(s.loss)));
            reason.push_str("依照《中华人民共和国民法典》第一千一百七十九条、第一千二百零八条，《中华人民共和国道路交通安全法》第七十六条之规定，判决如下：");
        }
        Cause::Maintenance => reason.push_str("赡养父母是子女应尽的法定义务。依照《中华人民共和国民法典》第一千零六十七条之规定，判决如下："),
        Cause::Loan => reason.push_str("合法的借贷关系受法律保护。依照《中华人民共和国民法典》第六百七十五条之规定，判决如下："),
        Cause::Health => reason.push_str("行为人因过错侵害他人民事权益造成损害的，应当承担侵权责任。依照《中华人民共和国民法典》第一千一百六十五条、第一千一百七十九条之规定，判决如下："),
        Cause::Sale => reason.push_str("依照《中华人民共和国民法典》第六百二十六条之规定，判决如下："),
    }
    paras.push((Sec::Reasoning, reason));
    let p0 = pnames.first().cloned().unwrap_or_default();
    let mut item = 1;
    if let (Cause::Traffic, Some(ins)) = (s.cause, &s.insurer) {
        paras.push((
            Sec::Result,
            format!("{}、被告{}于本判决生效之日起十日内在机动车交通事故责任强制保险责任限额内赔偿原告{p}{}元；", cn_number(item), ins.full, yuan(s.insurer_share)),
        ));
        item += 1;
    }
    let verb = match s.cause {
        Cause::Maintenance => "支付原告{P}赡养费",
        Cause::Loan => "归还原告{P}借款",
        Cause::Sale => "支付原告{P}货款",
        _ => "赔偿原告{P}",
    };
    paras.push((
        Sec::Result,
        format!(
            "{}、被告{}于本判决生效之日起十日内{}{}元；",
            cn_number(item),
            d_first,
            verb.replace("{P}", &p0),
            yuan(s.award_against_defendant())
        ),
    ));
    item += 1;
    paras.push((
        Sec::Result,
        format!("{}、驳回原告{p0}的其他诉讼请求。", cn_number(item)),
    ));
    paras.push((Sec::Result, "如果未按本判决指定的期间履行给付金钱义务，应当依照《中华人民共和国民事诉讼法》第二百六十四条之规定，加倍支付迟延履行期间的债务利息。".to_string()));
    paras.push((
        Sec::Result,
        format!(
            "如不服本判决，可以在判决书送达之日起十五日内，向本院递交上诉状，上诉于{}。",
            s.court.appeal_head
        ),
    ));
    tail(w, s, &mut paras);
    let mut gold = GoldDoc::new(Kind::CivilJudgment);
    gold.case_number = Some(no.canonical());
    gold.court = Some(s.court.head.to_string());
    gold.date = Some(s.date);
    gold.cause = Some(s.cause.name().to_string());
    gold.compensation.status = s.status;
    gold.injury = s.injury();
    gold.disability_grade = if s.deceased.is_none() && s.cause == Cause::Traffic {
        s.disability
    } else {
        None
    };
    gold.persons = view.gold();
    let doc = s.rendered(
        Kind::CivilJudgment,
        "civil",
        title,
        printed,
        paras,
        &view,
        vec!["《中华人民共和国民法典》第一千一百七十九条".to_string()],
    );
    let slug = format!("{}_{}_minchu_{}", s.court.slug(), no.year, no.seq);
    w.emit(doc, gold, v, &slug)
}

/// 民事裁定书 准许撤诉 (kind other).
fn withdrawal(w: &mut World, s: &Suit, no: &CaseNo) -> Result<(), Error> {
    let v = w.variant(Class::Court, Want::Any);
    let mut view = w.view(&v);
    let title = "民事裁定书";
    let (mut paras, printed) = w.head(s.court.head, title, no, Class::Court);
    let names = parties(
        w,
        &mut view,
        &s.plaintiffs,
        Role::Plaintiff,
        "：",
        0.5,
        &mut paras,
    );
    let mut dn = parties(
        w,
        &mut view,
        &s.defendants,
        Role::Defendant,
        "：",
        0.2,
        &mut paras,
    );
    if let Some(ins) = &s.insurer {
        view.org(ins.full, Role::Defendant);
        paras.push((
            Sec::Parties,
            format!("被告：{}，住所地浙江省温州市。", ins.full),
        ));
        dn.push(ins.full.to_string());
    }
    let p = names.join("、");
    paras.push((
        Sec::Procedure,
        format!(
            "原告{p}与被告{}{}一案，本院于{}立案。原告{p}于{}向本院提出撤诉申请。",
            dn.join("、"),
            s.cause.name(),
            date_text(s.filed),
            date_text(add_days(s.date, -3))
        ),
    ));
    let (reason, status) = match w.rng.weighted(&[60, 15, 25]) {
        0 => (
            format!(
                "本院认为，原告{p}在诉讼中得到被告赔偿款{}元后申请撤诉，系其对自己诉讼权利的处分，且不违反法律规定，本院予以准许。",
                yuan(s.loss)
            ),
            CompensationStatus::Settled,
        ),
        1 => (
            format!(
                "本院认为，原告{p}以双方已自行达成和解为由申请撤诉，系其对自己诉讼权利的处分，本院予以准许。"
            ),
            CompensationStatus::Settled,
        ),
        _ => (
            format!(
                "本院认为，原告{p}申请撤诉，系其对自己诉讼权利的处分，不违反法律规定，本院予以准许。"
            ),
            CompensationStatus::Unknown,
        ),
    };
    paras.push((
        Sec::Reasoning,
        format!("{reason}依照《中华人民共和国民事诉讼法》第一百四十八条第一款、第一百五十七条第一款第五项之规定，裁定如下："),
    ));
    paras.push((Sec::Result, format!("准许原告{p}撤诉。")));
    paras.push((
        Sec::Result,
        format!(
            "案件受理费{}元，减半收取，由原告{p}负担。",
            w.rng.range(300, 3000)
        ),
    ));
    tail(w, s, &mut paras);
    let mut gold = GoldDoc::new(Kind::Other);
    gold.case_number = Some(no.canonical());
    gold.court = Some(s.court.head.to_string());
    gold.date = Some(s.date);
    gold.compensation.status = status;
    gold.persons = view.gold();
    let doc = s.rendered(
        Kind::Other,
        "other",
        title,
        printed,
        paras,
        &view,
        Vec::new(),
    );
    let slug = format!("{}_{}_minchu_{}_chesu", s.court.slug(), no.year, no.seq);
    w.emit(doc, gold, &v, &slug)
}

fn draw_status(w: &mut World, cause: Cause) -> CompensationStatus {
    use CompensationStatus::*;
    match cause {
        Cause::Traffic => [Unknown, Partial, Unsettled][w.rng.weighted(&[40, 35, 25])],
        Cause::Maintenance => [Unknown, Partial, Unsettled][w.rng.weighted(&[30, 20, 50])],
        Cause::Health => [Unknown, Partial, Unsettled][w.rng.weighted(&[30, 35, 35])],
        Cause::Loan | Cause::Sale => Unknown,
    }
}

/// Files the suit, writes the judgment and runs its enforcement; returns whether the
/// enforcement ended unpaid.
fn run(w: &mut World, s: &Suit) -> Result<bool, Error> {
    if !w.left() {
        return Ok(false);
    }
    let no = w.court_case(s.court.code, "民初", s.filed.year());
    // Judgments published only anonymised must have one victim-side person, or the
    // enforcement cannot be linked to them (DESIGN.md §5).
    let strict = s.plaintiffs.iter().any(|p| p.strict);
    let want = if s.victim_side() > 1 || strict {
        Want::Named
    } else {
        Want::Any
    };
    let v = w.variant(Class::Court, want);
    judgment(w, s, &no, &v)?;
    if !w.left() || !w.rng.chance(0.58) || s.defendants.is_empty() {
        return Ok(false);
    }
    let mut respondents: Vec<Party> = s.defendants.iter().cloned().map(Party::Person).collect();
    if let Some(c) = &s.company {
        respondents.push(Party::Org(c.clone()));
    }
    let basis = Basis {
        court: s.court,
        no,
        judgment_title: "民事判决书",
        date: s.date,
        cause: Some(s.cause.name().to_string()),
        applicants: s.plaintiffs.clone(),
        applicant_orgs: s.org_plaintiff.iter().cloned().collect(),
        also_cited: None,
        respondents,
        amount: s.award_against_defendant(),
        victim_side: s.victim_side(),
        in_prison: false,
    };
    enforce::chain(w, &basis)
}

fn base_suit(w: &mut World, court: &'static Court, cause: Cause) -> Suit {
    let accident = random_date(&mut w.rng, 2019, 2023);
    let filed = add_days(accident, w.rng.range(60, 300));
    let date = add_days(filed, w.rng.range(30, 150));
    let judge = judges(w);
    let clerk = w.extra_name();
    let agent = w
        .rng
        .chance(0.6)
        .then(|| (w.extra_name(), bank().pick(&mut w.rng, "lawfirm")));
    Suit {
        court,
        cause,
        plaintiffs: Vec::new(),
        deceased: None,
        relations: Vec::new(),
        defendants: Vec::new(),
        company: None,
        org_plaintiff: None,
        insurer: None,
        accident,
        disability: None,
        health_grade: None,
        loss: 0.0,
        insurer_share: 0.0,
        paid: 0.0,
        status: CompensationStatus::Unknown,
        filed,
        date,
        judge,
        clerk,
        agent,
        criminal_case: None,
    }
}

fn plant(w: &mut World, s: &Suit, unpaid: bool) {
    for p in &s.plaintiffs {
        let need = Need {
            victim_side: true,
            elderly: p.age_in(2023) >= 60,
            minor: p.age_in(s.accident.year()) < 18,
            disabled: s.disability.is_some(),
            woman: p.sex == Gender::Female,
            unpaid,
        };
        w.consider(p, need);
    }
    for d in &s.defendants {
        w.consider(d, Need::default());
    }
}

/// A civil storyline of a random cause; `namesake` plants a plaintiff sharing that person's
/// name and `strict` marks the first of such a pair.
pub fn story(
    w: &mut World,
    namesake: Option<&Person>,
    strict: bool,
) -> Result<Option<Person>, Error> {
    let court = w.court();
    let twin = namesake.is_some() || strict;
    let cause = if twin {
        Cause::Traffic
    } else {
        [
            Cause::Traffic,
            Cause::Maintenance,
            Cause::Loan,
            Cause::Health,
            Cause::Sale,
        ][w.rng.weighted(&[70, 8, 9, 9, 4])]
    };
    let mut s = base_suit(w, court, cause);
    let prov = court.home_province();
    let local = if prov.is_some() { 0.15 } else { 0.65 };
    match cause {
        Cause::Traffic => {
            let dead = !twin && w.rng.chance(0.15);
            let spec = Spec::new(Age::AnyAdult)
                .local(local)
                .province(prov.filter(|_| w.rng.chance(0.7)));
            let victim = match namesake {
                Some(n) => w.people.person(&mut w.rng, spec, Some(n)),
                None => {
                    let mut p = w.person(spec);
                    p.strict = strict;
                    p
                }
            };
            if dead {
                let mut v = victim;
                v.deceased = true;
                let n = w.rng.range(1, 3);
                for k in 0..n {
                    let sex = if k == 0 {
                        if v.sex == Gender::Male {
                            Gender::Female
                        } else {
                            Gender::Male
                        }
                    } else if w.rng.chance(0.5) {
                        Gender::Male
                    } else {
                        Gender::Female
                    };
                    let age = if k == 0 { Age::Adult } else { Age::Young };
                    let mut spec = Spec::new(age)
                        .sex(sex)
                        .local(if v.local { 0.95 } else { 0.1 });
                    if k > 0 {
                        spec = spec.surname(&v);
                    }
                    let p = w.person(spec);
                    s.relations.push(match (k, sex) {
                        (0, Gender::Female) => "之妻",
                        (0, Gender::Male) => "之夫",
                        (_, Gender::Male) => "之子",
                        _ => "之女",
                    });
                    s.plaintiffs.push(p);
                }
                s.deceased = Some(v);
                s.loss = amount(&mut w.rng, 400_000.0, 1_400_000.0);
            } else {
                s.plaintiffs.push(victim);
                s.disability = w.rng.chance(0.7).then(|| w.rng.range(5, 10) as u8);
                s.loss = amount(&mut w.rng, 20_000.0, 800_000.0);
            }
            let driver = w.person(Spec::new(Age::Adult).local(local).sex(Gender::Male));
            s.defendants.push(driver);
            if w.rng.chance(0.2) {
                s.company = Some(company(w));
            }
            if w.rng.chance(0.8) {
                s.insurer = Some(insurer(w));
                s.insurer_share = 200_000.0_f64.min(cents(s.loss * 0.5));
            }
        }
        Cause::Maintenance => {
            let parent = w.person(Spec::new(Age::Elderly).local(0.9));
            for _ in 0..w.rng.range(1, 3) {
                // Children carry the father's family name.
                let mut spec = Spec::new(Age::Adult).local(0.9);
                if parent.sex == Gender::Male {
                    spec = spec.surname(&parent);
                }
                let d = w.person(spec);
                s.defendants.push(d);
            }
            s.plaintiffs.push(parent);
            s.loss = (w.rng.range(5, 20) * 100 * 12) as f64;
        }
        Cause::Loan => {
            s.plaintiffs
                .push(w.person(Spec::new(Age::Adult).local(local)));
            s.defendants
                .push(w.person(Spec::new(Age::Adult).local(local)));
            s.loss = amount(&mut w.rng, 20_000.0, 500_000.0).round();
        }
        Cause::Health => {
            s.plaintiffs
                .push(w.person(Spec::new(Age::AnyAdult).local(local)));
            s.defendants
                .push(w.person(Spec::new(Age::Adult).local(local)));
            s.health_grade = Some(if w.rng.chance(0.7) {
                (Injury::Slight, "轻微伤")
            } else {
                (Injury::Minor, "轻伤二级")
            });
            s.loss = amount(&mut w.rng, 3_000.0, 40_000.0);
        }
        Cause::Sale => {
            s.org_plaintiff = Some(company(w));
            s.defendants
                .push(w.person(Spec::new(Age::Adult).local(local)));
            s.loss = amount(&mut w.rng, 10_000.0, 300_000.0).round();
        }
    }
    s.status = draw_status(w, cause);
    s.paid = if s.status == CompensationStatus::Partial {
        cents(s.loss * (0.03 + 0.2 * w.rng.unit()))
    } else {
        0.0
    };
    let first = s.plaintiffs.first().cloned();
    // Some suits end in a withdrawal after the defendant pays.
    if cause == Cause::Traffic && !twin && w.rng.chance(0.1) {
        if w.left() {
            let no = w.court_case(s.court.code, "民初", s.filed.year());
            withdrawal(w, &s, &no)?;
        }
        plant(w, &s, false);
        return Ok(first);
    }
    let unpaid = run(w, &s)?;
    plant(w, &s, unpaid);
    Ok(first)
}

/// The civil suit that follows a traffic crime: the same accident, the driver now a
/// defendant with his insurer. Returns whether its enforcement ended unpaid.
#[allow(clippy::too_many_arguments)]
pub fn traffic_after_crime(
    w: &mut World,
    court: &'static Court,
    plaintiffs: &[Person],
    deceased: Option<&Person>,
    relations: &[&'static str],
    driver: &Person,
    accident: Date,
    disability: Option<u8>,
    criminal_case: Option<String>,
) -> Result<bool, Error> {
    let mut s = base_suit(w, court, Cause::Traffic);
    s.criminal_case = criminal_case;
    s.accident = accident;
    s.filed = add_days(accident, w.rng.range(150, 400));
    s.date = add_days(s.filed, w.rng.range(30, 120));
    s.plaintiffs = plaintiffs.to_vec();
    s.deceased = deceased.cloned();
    s.relations = relations.to_vec();
    s.defendants = vec![driver.clone()];
    s.disability = if deceased.is_some() { None } else { disability };
    s.loss = if deceased.is_some() {
        amount(&mut w.rng, 500_000.0, 1_400_000.0)
    } else {
        amount(&mut w.rng, 50_000.0, 600_000.0)
    };
    if w.rng.chance(0.85) {
        s.insurer = Some(insurer(w));
        s.insurer_share = 200_000.0_f64.min(cents(s.loss * 0.5));
    }
    s.status = draw_status(w, Cause::Traffic);
    s.paid = if s.status == CompensationStatus::Partial {
        cents(s.loss * (0.03 + 0.2 * w.rng.unit()))
    } else {
        0.0
    };
    run(w, &s)
}
