//! The dictionary families (one TOML file each) and the small closed vocabularies their
//! entries use (labels, kinds, scopes, categories).

use jiuzhu_core::Role;
use serde::{Deserialize, Serialize};

/// Generates a closed string vocabulary: `ALL`, `as_str`, `parse`, and serde as the string.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Every value as written in the dictionary files, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The value as written in the dictionary files.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// Parses the value as written in the dictionary files.
            pub fn parse(s: &str) -> Option<Self> {
                match s {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// One dictionary family: one file in `dictionaries/`, cited in evidence as `prefix:id`.
    Family {
        /// `charges.toml`: canonical 罪名 (charges) with aliases.
        Charge => "charge",
        /// `civil_causes.toml`: civil 案由 (causes of action) with a category.
        Cause => "cause",
        /// `roles.toml`: procedural role words (被害人, 被告人 …).
        Role => "role",
        /// `compensation.toml`: settlement / partial / non-payment phrases and degree words.
        Compensation => "comp",
        /// `negation.toml`: ConText cues, pseudo-negations and terminators.
        Negation => "neg",
        /// `context.toml`: cues for claims, orders, statutes, conditionals and findings.
        Context => "context",
        /// `outcomes.toml`: enforcement outcomes.
        Outcome => "outcome",
        /// `injury.toml`: injury severity and disability grades.
        Injury => "injury",
        /// `kinds.toml`: document titles and case-number type codes.
        Kind => "kind",
        /// `orgs.toml`: organisation name suffixes.
        Org => "org",
        /// `relations.toml`: kinship words for a victim's relatives.
        Relation => "relation",
        /// `amounts.toml`: words that say what a money amount is (执行标的, 已执行到位, 尚欠).
        Amount => "amount",
        /// `parties.toml`: the words the persons reader works with — what ends a name
        /// (诉称, 表示), party-field labels (住所地, 公民身份号码), harm words (受伤, 撞倒) and
        /// their openers, the incidental civil claim, the enforcement application.
        Party => "party",
    }
}

impl Family {
    /// The file name in `dictionaries/` (and in a `--dict DIR` override).
    pub fn file_name(self) -> &'static str {
        match self {
            Family::Charge => "charges.toml",
            Family::Cause => "civil_causes.toml",
            Family::Role => "roles.toml",
            Family::Compensation => "compensation.toml",
            Family::Negation => "negation.toml",
            Family::Context => "context.toml",
            Family::Outcome => "outcomes.toml",
            Family::Injury => "injury.toml",
            Family::Kind => "kinds.toml",
            Family::Org => "orgs.toml",
            Family::Relation => "relations.toml",
            Family::Amount => "amounts.toml",
            Family::Party => "parties.toml",
        }
    }

    /// The array-of-tables names a file of this family may contain (`[[charge]]` …).
    pub fn sections(self) -> &'static [&'static str] {
        match self {
            Family::Charge => &["charge"],
            Family::Cause => &["cause"],
            Family::Role => &["role"],
            Family::Compensation => &["trigger", "degree"],
            Family::Negation => &["cue"],
            Family::Context => &["cue"],
            Family::Outcome => &["outcome"],
            Family::Injury => &["injury"],
            Family::Kind => &["title", "code"],
            Family::Org => &["suffix"],
            Family::Relation => &["relation"],
            Family::Amount => &["cue"],
            Family::Party => PartySection::NAMES,
        }
    }
}

vocabulary! {
    /// What a compensation trigger says when no negation cue scopes over it.
    CompLabel {
        /// Paid in full, forgiven, or mediation/reconciliation reached (谅解, 已赔偿, 达成调解协议).
        Settled => "settled",
        /// Some payment, not full settlement (部分赔偿, 垫付, 代为赔偿).
        Partial => "partial",
        /// Non-payment stated positively (拒不履行, 没有赔偿能力, 下落不明).
        Unsettled => "unsettled",
        /// Says nothing by itself: a longer phrase that must win over a shorter trigger inside it
        /// (赔偿责任 over 赔偿, 部分赔偿项目 over 部分赔偿), or a topic word that only speaks when
        /// negated (协商 in 协商未果, 赔偿事宜 in 未就赔偿事宜达成一致).
        Neutral => "neutral",
    }
}

impl CompLabel {
    /// The record status this label stands for (`None` for neutral).
    pub fn status(self) -> Option<jiuzhu_core::CompensationStatus> {
        use jiuzhu_core::CompensationStatus as S;
        match self {
            CompLabel::Settled => Some(S::Settled),
            CompLabel::Partial => Some(S::Partial),
            CompLabel::Unsettled => Some(S::Unsettled),
            CompLabel::Neutral => None,
        }
    }
}

vocabulary! {
    /// What a compensation trigger is about, so that a reader can combine phrases: money paid
    /// and forgiveness refused (接受赔偿款…不予谅解) is a partial settlement, not an unsettled one.
    Topic {
        /// Money paid or not paid (赔偿, 支付, 垫付, 履行, 没有赔偿能力).
        Payment => "payment",
        /// Forgiveness given or refused (谅解, 谅解书).
        Forgiveness => "forgiveness",
        /// An agreement reached or not (达成调解协议, 刑事和解, 调解未果), and what closes a
        /// claim without saying money moved (撤诉, 不再追究).
        Agreement => "agreement",
        /// The victim's claim itself (赔偿请求, 附带民事诉讼): negated it is a waiver — no
        /// payment when nothing was paid, a release after a payment.
        Claim => "claim",
    }
}

vocabulary! {
    /// How much a trigger decides on its own.
    Strength {
        /// Decides in a finding clause by itself (谅解, 已赔偿, 履行完毕).
        Strong => "strong",
        /// A bare verb or noun that is just as common in claims and orders (赔偿, 支付, 履行):
        /// evidence only in a finding clause and only when nothing strong speaks; negated it is
        /// as good as strong (未赔偿).
        Weak => "weak",
    }
}

vocabulary! {
    /// How complete a payment is, for degree words near a trigger (全部, 部分, 余款).
    Degree {
        /// 全部, 全额, 足额: the payment was complete.
        Full => "full",
        /// 部分, 小部分, 尚欠: something remains unpaid.
        Partial => "partial",
        /// A shadow that says nothing (民事部分: the civil part of a case, not part of a sum).
        None => "none",
    }
}

vocabulary! {
    /// The role of an entry in `negation.toml` (ConText: Chapman et al. 2007).
    NegKind {
        /// A cue before the phrase it negates (未赔偿, 没有取得谅解).
        Pre => "pre",
        /// A cue after the phrase it negates (调解未果, 协商无果).
        Post => "post",
        /// Either side.
        Both => "both",
        /// Looks like a cue but is not one (不足, 免赔, 未成年, 无异议); it exists so that
        /// leftmost-longest matching consumes the text and the shorter cue inside never fires.
        Pseudo => "pseudo",
        /// Ends a cue's scope (，；。 and 但, 但是 …).
        Terminator => "terminator",
    }
}

impl NegKind {
    /// A cue that can negate a phrase after it.
    pub fn looks_forward(self) -> bool {
        matches!(self, NegKind::Pre | NegKind::Both)
    }

    /// A cue that can negate a phrase before it.
    pub fn looks_backward(self) -> bool {
        matches!(self, NegKind::Post | NegKind::Both)
    }
}

vocabulary! {
    /// How far a cue reaches; for a terminator, which scopes it ends.
    Scope {
        /// Up to the next clause or sentence terminator (，；。 但 …). A clause terminator ends
        /// clause scopes only.
        Clause => "clause",
        /// Up to the next sentence terminator (。！？). A sentence terminator ends every scope.
        Sentence => "sentence",
        /// Context cues only: up to the next `finding` cue or the end of the section.
        Block => "block",
    }
}

vocabulary! {
    /// What a context cue says about the text in its scope.
    ContextKind {
        /// A party's or counsel's request, offer, argument or allegation (诉称, 辩护人提出, 要求).
        Claim => "claim",
        /// The prosecution's charge quoted in a judgment (公诉机关指控：…): a claim until the
        /// court confirms it (上述事实，…等证据证实，足以认定), then the court's finding.
        Allegation => "allegation",
        /// The court's order or apportionment (判决如下, 应当赔偿, 于本判决生效之日起).
        Order => "order",
        /// A statute quotation, general rule or policy term (依照《…》, 之规定, 赔偿限额).
        Statute => "statute",
        /// A hypothetical (如果, 如不服, 倘若).
        Conditional => "conditional",
        /// Re-enables: the court's or prosecution's own finding (经审理查明, 本院认为, 予以采纳).
        Finding => "finding",
        /// A list of evidence (…谅解书、收条等证据证实; 认定上述事实的证据如下): documents named,
        /// not facts asserted.
        Evidence => "evidence",
        /// A party's earlier convictions and penalties (曾因犯盗窃罪被判处…, 刑满释放): charges
        /// and injuries inside belong to another case.
        Prior => "prior",
        /// Says nothing: a longer phrase that must win over a cue inside it (申请执行人 over
        /// 申请, 不同意 over 同意).
        Neutral => "neutral",
    }
}

vocabulary! {
    /// The category of a civil 案由.
    CauseCategory {
        /// Road-traffic accidents (机动车交通事故责任纠纷).
        Traffic => "traffic",
        /// Bodily injury outside traffic (生命权、身体权、健康权纠纷, 人身损害赔偿纠纷).
        PersonalInjury => "personal_injury",
        /// Maintenance payments (赡养费, 抚养费, 抚育费, 扶养费纠纷).
        Maintenance => "maintenance",
        /// Marriage, custody, inheritance (离婚纠纷, 继承纠纷).
        Family => "family",
        /// Contracts other than loans (买卖合同纠纷, 劳务合同纠纷).
        Contract => "contract",
        /// Loans and credit (民间借贷纠纷, 信用卡纠纷).
        Loan => "loan",
        /// Employment and wages (劳动争议, 追索劳动报酬纠纷).
        Labor => "labor",
        /// Property damage and possession (财产损害赔偿纠纷, 相邻关系纠纷).
        Property => "property",
        /// Other torts (名誉权纠纷, 产品责任纠纷).
        Tort => "tort",
        /// Procedure and everything else (案外人执行异议之诉).
        Other => "other",
    }
}

/// What a role word names: a core [`Role`], someone who is not a party, or a word whose
/// role the text after it decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum RoleTarget {
    /// A party or victim-side person with this role.
    Party(Role),
    /// Counsel, agents, judges, clerks, prosecutors, witnesses …: never a party.
    NotParty,
    /// 上诉人, 被上诉人, 原审 …: the qualifier that follows (原审被告人 …) decides.
    Unresolved,
}

impl RoleTarget {
    /// The value as written in `roles.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            RoleTarget::Party(r) => r.as_str(),
            RoleTarget::NotParty => "not_party",
            RoleTarget::Unresolved => "unresolved",
        }
    }

    /// Parses a core role name, `not_party` or `unresolved`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "not_party" => Some(RoleTarget::NotParty),
            "unresolved" => Some(RoleTarget::Unresolved),
            other => Role::parse(other).map(RoleTarget::Party),
        }
    }

    /// The core role, when the word names one.
    pub fn role(self) -> Option<Role> {
        match self {
            RoleTarget::Party(r) => Some(r),
            _ => None,
        }
    }

    /// Every accepted spelling, for error messages.
    pub fn spellings() -> Vec<&'static str> {
        let mut v: Vec<&'static str> = Role::ALL.iter().map(|r| r.as_str()).collect();
        v.push("not_party");
        v.push("unresolved");
        v
    }
}

impl From<RoleTarget> for String {
    fn from(t: RoleTarget) -> String {
        t.as_str().to_string()
    }
}

impl TryFrom<String> for RoleTarget {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        RoleTarget::parse(&s).ok_or_else(|| format!("unknown role target `{s}`"))
    }
}

vocabulary! {
    /// Where an organisation suffix may sit in a name.
    OrgPosition {
        /// Only at the end of the name (厂, 店, 医院): short words that occur inside personal
        /// names or addresses.
        Suffix => "suffix",
        /// Anywhere in the name (公司, 保险, 银行): 中国人民财产保险股份有限公司某某支公司.
        Anywhere => "anywhere",
    }
}

vocabulary! {
    /// The kind of kinship a relation word expresses.
    RelationKind {
        /// 妻子, 丈夫, 之妻, 之夫, 配偶.
        Spouse => "spouse",
        /// 儿子, 女儿, 之子, 之女.
        Child => "child",
        /// 父亲, 母亲, 之父, 之母.
        Parent => "parent",
        /// 哥哥, 姐姐, 之兄, 之妹.
        Sibling => "sibling",
        /// 孙子, 外孙女, 之孙.
        Grandchild => "grandchild",
        /// 祖父, 外祖母, 爷爷.
        Grandparent => "grandparent",
        /// 儿媳, 女婿, 岳父, 公公.
        InLaw => "in_law",
        /// 近亲属, 家属, 亲属, 继承人: a relative of unstated kind.
        Relative => "relative",
        /// 系死者, 系被害人: introduces a relation clause (李四系死者张三之妻).
        Marker => "marker",
    }
}

vocabulary! {
    /// Whether a `kinds.toml` entry is a title phrase or a case-number type code.
    KindSource {
        /// A document title (刑事判决书).
        Title => "title",
        /// A case-number type code (刑初, 执恢).
        Code => "code",
    }
}

vocabulary! {
    /// Which money field an amount cue introduces (jiuzhu_core::Amounts).
    AmountField {
        /// Awarded by a judgment, or the enforcement target (判决赔偿, 执行标的).
        Awarded => "awarded",
        /// Paid or recovered (已赔偿, 已执行到位).
        Paid => "paid",
        /// Still owed (尚未执行到位, 尚欠).
        Unpaid => "unpaid",
    }
}

vocabulary! {
    /// The lists of `parties.toml`, one per section (`[[name_stop]]`, `[[harm]]` …). Each is
    /// its own automaton: a phrase may be in two lists (和 joins names and ends an entry's
    /// opening) without the two shadowing each other.
    PartySection {
        /// Words that end a name read in running text, though the name boundary ran on into
        /// them (原告杨晓诉称 → 杨晓, 被害人蒋岳表示 → 蒋岳).
        NameStop => "name_stop",
        /// Characters that open no name: pronouns and numerals (其妻, 二人, 该公司, 本人).
        NotNameStart => "not_name_start",
        /// Characters that occur in no given name but where a name boundary overran
        /// (方不予谅解 → 方不予).
        NotInName => "not_in_name",
        /// Units after a number that make it an amount, not a pseudonym index (杜某3万元,
        /// 王某1、).
        Unit => "unit",
        /// Characters that cut an organisation name between two suffix words: an organisation
        /// name is a noun phrase, these only occur where a clause goes on (…公司向…银行贷款).
        OrgBreak => "org_break",
        /// Characters of an administrative place, which an organisation named by a short
        /// suffix opens with (牟定县…局, 广州市…商行); a clause ending in 场 (逃离现场) has none.
        Place => "place",
        /// Characters right before a role word that make it part of a phrase rather than the
        /// opening of a party entry (系被害人…, 与被告人…, 被害人之…).
        EntryBlock => "entry_block",
        /// Words joining an enumeration of names besides 、 (王某1、李某某和张三).
        Conjunction => "conjunction",
        /// Labels and values of the fields of a party entry (住所地, 户籍所在地, 公民身份号码,
        /// 出生, 男); `field` says which.
        Field => "field",
        /// Words saying a person was hurt or killed, right after the name (受伤, 当场死亡, 撞倒).
        Harm => "harm",
        /// Words right before the harmed person's name (致, 造成, 将, 乘客).
        HarmOpener => "harm_opener",
        /// Words between the harmed persons' names and the harm word (不同程度, 二人, 均).
        HarmFiller => "harm_filler",
        /// Sides of the body, which with a body part after them are no name (左胳膊受伤).
        BodySide => "body_side",
        /// What victims do to become incidental plaintiffs (提起附带民事诉讼).
        CivilClaim => "civil_claim",
        /// The verb between applicant and respondent in an enforcement document (申请执行).
        Apply => "apply",
        /// Words right before the applicant of `X申请执行Y` (关于X申请执行Y…一案).
        ApplyOpener => "apply_opener",
        /// Pronouns by which an enforcement notice addresses its addressees (你, 你二人, 你们).
        Addressee => "addressee",
    }
}

vocabulary! {
    /// What a `[[field]]` entry of `parties.toml` says (jiuzhu_core::Person's fields).
    PartyField {
        /// Opens an address field at its start (住所地, 现住址, 住).
        Address => "address",
        /// Opens a 户籍 (household registration) field at its start (户籍所在地, 户籍地).
        Hukou => "hukou",
        /// Opens a field that is both (户籍所在地及住所地).
        AddressAndHukou => "address_and_hukou",
        /// Part of every label of an ID number, found anywhere in the field (身份 in
        /// 公民身份号码, 居民身份证号码; 证件号).
        IdNumber => "id_number",
        /// Says a date is the birth date, right before or after it (出生于…, …出生, …生).
        Birth => "birth",
        /// A whole field saying the person is male (男, 男性).
        Male => "male",
        /// A whole field saying the person is female (女, 女性).
        Female => "female",
        /// An address value that refers back and is no address (同上).
        SeeAbove => "see_above",
        /// A word between a label and its value (住址为…, 户籍地是…).
        Link => "link",
    }
}
