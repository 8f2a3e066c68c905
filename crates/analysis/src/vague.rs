//! Vague measures: what a reviewer could not check. A measure is concrete when it names an
//! action on a concrete object, a quantity or scope, or a deliverable that can be shown ("对2022
//! 年以来全部47笔村级财务支出逐笔清查", "修订《村级财务管理办法》", "撤销违规设立的账户").
//! A date or a frequency says when, not what: "2024年6月底前进一步提高政治站位" and "每季度加强
//! 学习" stay slogans. Generic objects ("相关制度", "逐项", "存在问题") are not objects either.
//! The reason names what stands in for the content, so a reviewer can judge it.

use std::sync::LazyLock;

use regex::Regex;

use crate::text::normalise;

/// Dates, deadlines and frequencies: they say when, not what, and are taken out before the
/// measure is judged (their digits are not quantities).
static WHEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\d{2,4}年(\d{1,2}月)?(\d{1,2}[日号])?(底|末|中旬|上旬|下旬)?(以前|之前|前|内|起|以来|开始)?",
        r"|\d{1,2}月(份)?(\d{1,2}[日号])?(底|末|中旬|上旬|下旬)?(以前|之前|前|内|起)?",
        r"|\d{1,2}[日号](以前|之前|前|内)",
        r"|[一二三四五六七八九十]{1,3}月(份)?(底|末|中旬|上旬|下旬)?(以前|之前|前|内)?",
        r"|第?[一二三四1-4]季度(末|底)?(以前|之前|前|内)?",
        r"|\d+个?(天|日|工作日|周|星期|个月|月)(以内|之内|内)",
        r"|每(一)?(年度|年|半年|季度|季|月|周|星期|天|日|旬)(至少|定期|都|均)?(组织开展|开展|组织|进行|听取|举办)?([一二两三四五六七八九十\d]+次)?",
        r"|本年度内|本年度|年度内|整改期间|整改期内|集中整改期内?|完成时限|时限",
        r"|年底|年末|年内|月底|月末|季度末|季末|[上下]半年|近期|限期|即日起|立即|马上|尽快|及时|长期坚持|长期|定期|适时|随时|常态化|今后|此后|同时|期间"
    ))
    .expect("when pattern")
});

/// A count, an amount, a scope in numbers ("47笔", "3个村", "一次", "全部村级账目").
static QUANTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(\d+(\.\d+)?|[一二三四五六七八九十百千万两半]+)",
        r"(个|笔|次|项|份|名|人|户|家|元|万元|亿元|批次|场|期|条|处|所|座|亩|平方米|篇|本|套|台|辆|张|类|轮|级|支|村|组|件|起|宗|间|栋|学时|课时|小时|%|吨|公里|米)",
        r"|逐笔|逐户|逐村|逐人|逐单|逐车|逐件"
    ))
    .expect("quantity pattern")
});

/// A document, record or outcome that can be shown as evidence. A rule counts only when the
/// measure makes one about something named ("修订财务审批办法"): "完善相关制度" names nothing.
static DELIVERABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(制定|修订|修改|出台|印发|完善|编制|编印|下发|发布|重新制定|起草)(并印发)?文件",
        r"|台账|清单|报告|纪要|记录|归档|建档|存档|通报|承诺书|责任书|张榜|公告|花名册|账户|账目|凭证|票据|合同|协议|清册|图册|名单|档案袋|登记表|登记簿|手册|讲稿|党课|电子档案|纪实档案|收据|存根|签收|明细|心得体会|测试|试卷|会议记录|签到表|截图",
        r"|处分|立案|诫勉|免职|撤职|罢免|复耕"
    ))
    .expect("deliverable pattern")
});

/// Improving a rule ("完善…办法"): concrete only for a document of its own kind, not for "制度",
/// "流程" or "机制" in general ("完善现代企业制度" is a slogan).
static RULE_IMPROVED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(完善|健全|建立健全)([\p{Han}A-Za-z0-9]{0,15}?)(办法|细则|规程|规则|清单)").expect("rule pattern")
});

/// Making a rule: concrete when what it is about is named ("修订财务审批制度"). A mechanism
/// ("机制") is no document.
static RULE_MADE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(制定|修订|修改|出台|印发|编制|重新制定|起草)([\p{Han}A-Za-z0-9]{0,15}?)(制度|办法|细则|规定|规程|流程|方案|规则|标准)")
        .expect("rule pattern")
});

/// Building a record or rule of a named kind ("建立公务用车使用登记台账"); "建立健全…" is the
/// slogan's form, not this.
static RULE_BUILT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"建立([\p{Han}A-Za-z0-9]{0,15}?)(办法|细则|规程|规则|台账|清单|名册)").expect("rule pattern")
});

/// A clause a slogan leads, or an outcome claimed ("做到…", "确保…").
static SLOGAN_LED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(进一步|切实|全面|持续|不断|认真)?(加强|强化|规范|完善|健全|建立健全|做好|抓好|落实|严格|夯实|注重|做到|确保|实现|达到)")
        .expect("slogan-led pattern")
});

/// An outcome claimed, its enumeration kept in one clause ("做到资料齐全、归档规范"): up to the
/// next end of a clause other than the enumeration comma.
static CLAIMED: LazyLock<Regex> = LazyLock::new(|| {
    let ends: String =
        crate::text::CLAUSE_END.chars().filter(|c| *c != '\u{3001}').map(|c| regex::escape(&c.to_string())).collect();
    Regex::new(&format!("(做到|实现|达到)[^{ends}]*")).expect("claimed pattern")
});

/// An action whose result can be looked at, followed by what it acts on.
static ACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(清查|清理|核查|核实|盘点|审计|复核|签订|撤换|补签|重签|补录|补齐|补办|补正|更正|召开|组织召开|公示|公布|公开|张贴|配备|聘请|设立|安装|更换|改造|修缮|维修|登记|录入|报送|合并|并入|纳入|划转|调整|调离|交回|上缴|收取|验收",
        r"|停止|暂停|停发|取缔|关停|封停|退回|退赔|扣回|扣减|核减|冻结|没收|归还|补交|赔偿|责令|选派|选举|讲授|发布|开具|发放|编印|印制|加装|撰写|装订|测试|考试|不再分管|恢复|复垦|搬迁|迁出|吊销|变更|改为|分开|剥离|兑现|兑付|清偿|偿还|支付|拨付",
        r"|追回|收回|收缴|清退|退还|退缴|补缴|补发|返还|追缴|约谈|移交|移送|拆除|封存|注销|撤销|解除|解聘|辞退|取消|移出|移除|剔除|腾退|腾空|免去|撤回|回访)",
        r"([\p{Han}A-Za-z0-9]{2,})"
    ))
    .expect("action pattern")
});

/// A document's title in book marks ("《天镇县村级财务管理办法(试行)》").
static TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\u{300A}[^\u{300A}\u{300B}]{1,80}\u{300B}").expect("title pattern"));

/// The unit that hands the measure in ("县审计局党组"): its name is no action ("审计").
static UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"县[\p{Han}]{1,6}?(委员会|办公室|中心|局|委|办|院|馆|联|会|部)(党组|党委|党支部|机关)?")
        .expect("unit pattern")
});

/// Records any plan can promise, which show nothing of the work ("建立健全相关台账", "做好台账
/// 记录", "规范资料归档", "整改完成后及时报送情况"): taken out before the measure is judged.
const PSEUDO_DELIVERABLES: &[&str] = &[
    "相关台账",
    "有关台账",
    "整改台账",
    "台账记录",
    "做好台账",
    "相关资料",
    "有关资料",
    "资料归档",
    "相关材料",
    "佐证材料",
    "报送情况",
    "情况报送",
    "报送整改情况",
    "报告整改情况",
    "问题销号",
    "销号工作",
    "整改闭环",
    "问题清单",
    "整改清单",
    "审计意见",
    "巡察意见",
    "反馈意见",
    "管理水平",
    "管理规定",
    "分解到人",
    "责任到人",
    "专题会议",
    "专题研究",
    "研究整改",
    "回头看",
    "自查自纠",
    "查漏补缺",
    "清单化",
    "清单式",
    "台账式",
    "销号式",
    "项目化",
];

/// The same with the object first ("村级债务清理"): the action ends the clause.
static ACTION_LAST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([\p{Han}A-Za-z0-9]{2,})(清理|清查|清退|核查|核实|盘点|审计|复核|公示|公开|验收|登记|录入|合并|拆除|复垦|关停|取缔|追缴|退还|追回|收回|处分|约谈|移交|移送)$")
        .expect("action-last pattern")
});

/// Set political phrases: their numbers ("四个意识") are not quantities and their nouns
/// ("八项规定") are not documents the measure produces.
const SET_PHRASES: &[&str] = &[
    "四个意识",
    "四个自信",
    "两个维护",
    "两个确立",
    "两个责任",
    "一岗双责",
    "第一议题",
    "八项规定",
    "三会一课",
    "四议两公开",
    "两学一做",
    "一把手",
    "一批",
    "一系列",
    "一项重要政治任务",
    "重要政治任务",
    "一项重大政治任务",
    "重大政治任务",
    "整改一个",
    "销号一个",
    "个方面",
    "四个不放过",
    "三个不放过",
    "一级抓一级",
    "层层抓落实",
    "一件大事",
    "千家万户",
    "一张蓝图",
    "一盘棋",
];

/// Words that fill a measure without saying what will be done.
const SLOGANS: &[&str] = &[
    "加强",
    "强化",
    "提高",
    "提升",
    "增强",
    "进一步",
    "切实",
    "深化",
    "牢固树立",
    "树牢",
    "认识",
    "意识",
    "站位",
    "思想",
    "重视",
    "高度",
    "自觉",
    "努力",
    "着力",
    "不断",
    "持续",
    "全面",
    "坚决",
    "扎实",
    "认真",
    "积极",
    "大力",
    "务必",
    "确保",
    "推动",
    "推进",
    "抓好",
    "做好",
    "落实",
    "压实",
    "筑牢",
    "夯实",
    "引领",
    "作用",
    "水平",
    "能力",
    "作风",
    "理念",
    "观念",
    "氛围",
    "机制",
    "长效",
    "规范化",
    "力度",
    "成效",
    "质效",
    "坚持",
    "注重",
    "抓紧",
    "抓实",
    "贯彻",
    "解决好",
    "挺在前面",
    "防微杜渐",
    "严格",
    "严肃",
    "健全",
    "完善",
    "改进",
    "优化",
    "规范",
    "把关",
    "严把",
    "聚焦",
    "围绕",
    "紧盯",
    "盯紧",
    "守牢",
    "守住",
    "杜绝",
    "防止",
    "避免",
    "坚守",
    "发挥",
    "营造",
    "形成合力",
    "以案促改",
    "举一反三",
    "引以为戒",
    "警钟长鸣",
    "常抓不懈",
    "久久为功",
    "彻底",
    "到位",
    "有力",
    "有效",
];

/// Objects that name nothing in particular.
const GENERIC: &[&str] = &[
    "相关制度",
    "有关制度",
    "相关规定",
    "有关规定",
    "有关要求",
    "相关要求",
    "各项制度",
    "各项规定",
    "规章制度",
    "存在问题",
    "存在的问题",
    "相关问题",
    "有关问题",
    "反馈问题",
    "反馈的问题",
    "问题清单",
    "上级要求",
    "文件精神",
    "逐项",
    "逐条",
    "逐一",
    "对照",
    "按照",
    "依照",
    "根据",
    "针对",
    "全部问题",
    "各类问题",
    "整改到位",
    "整改落实",
    "抓好整改",
    "认真整改",
    "限期整改",
    "立行立改",
    "举一反三",
    "相关工作",
    "各项工作",
    "有关工作",
    "相关",
    "有关",
    "各项",
    "工作",
    "问题",
    "要求",
    "整改",
    "制度",
    "规定",
    "措施",
    "管理",
    "监督",
    "检查",
    "教育",
    "学习",
    "审计发现",
    "审计指出",
    "巡察发现",
    "巡察指出",
    "研究部署",
    "部署",
    "进行",
    "研究",
    "推进",
    "会议",
    "处理",
    "规章",
    "人员",
    "流程",
];

fn without<'a>(mut text: String, words: impl IntoIterator<Item = &'a &'a str>) -> String {
    for w in words {
        text = text.replace(*w, "");
    }
    text
}

/// What remains of an object once generic and slogan words are taken out.
fn named(object: &str) -> bool {
    let rest = without(without(object.to_string(), GENERIC), SLOGANS);
    rest.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

/// Whether a clause names something a reviewer could check.
fn checkable(clause: &str) -> bool {
    if QUANTITY.is_match(clause) {
        return true;
    }
    if RULE_MADE.captures_iter(clause).chain(RULE_IMPROVED.captures_iter(clause)).any(|c| named(&c[2])) {
        return true;
    }
    let built = |c: regex::Captures| !c[1].starts_with("健全") && !c[1].starts_with("完善") && named(&c[1]);
    if RULE_BUILT.captures_iter(clause).any(built) {
        return true;
    }
    if ACTION.captures_iter(clause).any(|c| named(&c[2])) || ACTION_LAST.captures(clause).is_some_and(|c| named(&c[1]))
    {
        return true;
    }
    // "加强合同管理", "完善工作台账", "做到资料齐全归档规范": a record named as the object of a
    // slogan is no record made.
    DELIVERABLE.is_match(clause) && !SLOGAN_LED.is_match(clause)
}

/// Why a measure reads as a slogan; `None` when it names something a reviewer could check.
pub fn vague_reason(measure: &str) -> Option<String> {
    if normalise(measure).is_empty() {
        return Some("措施内容为空".into());
    }
    // A document's title is one object, "文件": its own commas and brackets split nothing, its
    // words ("…办法", "县…局") are not actions or units.
    let measure = TITLE.replace_all(measure, "文件");
    // "以此次巡察整改为契机": 整改 as, not 改为.
    let measure = measure.replace("整改为", "整改作为");
    let measure = CLAIMED.replace_all(&measure, |c: &regex::Captures| c[0].replace('\u{3001}', ""));
    let measure = measure.as_ref();
    let whens: Vec<String> = WHEN.find_iter(&normalise(measure)).map(|m| m.as_str().to_string()).collect();
    // Clause by clause, dates and set phrases taken out: "2024年6月底前" is not a quantity.
    let clauses: Vec<String> = measure
        .split(|c: char| crate::text::CLAUSE_END.contains(c))
        .map(|c| {
            let c = WHEN.replace_all(&normalise(c), "").into_owned();
            without(without(UNIT.replace_all(&c, "").into_owned(), SET_PHRASES), PSEUDO_DELIVERABLES)
        })
        .filter(|c| !c.is_empty())
        .collect();
    if clauses.iter().any(|c| checkable(c)) {
        return None;
    }
    let text = clauses.concat();
    let slogans: Vec<&str> = SLOGANS.iter().copied().filter(|w| text.contains(w)).take(4).collect();
    let generic: Vec<&str> =
        GENERIC.iter().copied().filter(|w| w.chars().count() >= 2 && text.contains(w)).take(3).collect();
    // Nothing checkable was found: a measure is concrete by what a reviewer could look at, not
    // by the absence of slogans.
    let unnamed = !named(&text);
    let mut why = String::new();
    if !slogans.is_empty() {
        why += &format!("只有“{}”等表态,", slogans.join("、"));
    }
    if !generic.is_empty() && unnamed {
        why += &format!("“{}”是泛指,", generic.join("”“"));
    }
    if !whens.is_empty() {
        why += &format!("时限或频次(“{}”)不能代替具体内容,", whens.join("”“"));
    }
    Some(format!("{why}没有具体对象、数量、文件或可查验的成果"))
}

#[cfg(test)]
mod tests {
    use super::vague_reason;

    #[test]
    fn slogans_are_vague_with_the_words_named() {
        let r = vague_reason("加强学习,提高认识。").unwrap();
        assert!(r.contains("加强") && r.contains("提高") && r.contains("认识"), "{r}");
        assert!(vague_reason("进一步提高政治站位").is_some());
        assert!(vague_reason("").unwrap().contains("为空"));
    }

    #[test]
    fn a_date_or_a_frequency_does_not_make_a_slogan_concrete() {
        let r = vague_reason("2024年6月底前,进一步提高政治站位").unwrap();
        assert!(r.contains("2024年6月底前") && r.contains("提高"), "{r}");
        assert!(vague_reason("每季度加强学习教育").is_some());
        assert!(vague_reason("年内持续强化监督").is_some());
    }

    #[test]
    fn generic_objects_are_not_objects() {
        let r = vague_reason("对照相关制度逐项整改").unwrap();
        assert!(r.contains("相关制度"), "{r}");
        assert!(vague_reason("完善相关制度").is_some());
        assert!(vague_reason("按照有关规定抓好落实").is_some());
        assert!(vague_reason("年底前全部整改到位").is_some());
        assert!(vague_reason("把巡察整改作为一项重要政治任务,一级抓一级").is_some());
        assert!(vague_reason("确保不再发生类似问题").is_some());
    }

    #[test]
    fn a_record_or_mechanism_named_under_a_slogan_is_no_deliverable() {
        for m in [
            "建立健全扶贫项目资产后续管护机制。",
            "加强合同管理,规范合同签订流程。",
            "完善工作台账,做到有据可查。",
            "加强档案管理,做到资料齐全、归档规范。",
            "健全完善财务报销审批流程。",
            "每半年组织一次警示教育,筑牢拒腐防变思想防线。",
            "每季度组织开展一次廉政谈话。",
            "建立健全资产管理台账,做到账实相符。",
            "下一步,以此次巡察整改为契机,推动整改成果转化为治理效能。",
            "对发现的问题实行清单化管理、台账式推进、销号式落实。",
            "从健全制度、规范流程、强化监督三个方面入手,全面加强财务管理。",
            "按照“四个不放过”原则严肃处理。",
        ] {
            assert!(vague_reason(m).is_some(), "{m}");
        }
        for m in [
            "建立公务用车使用登记台账,实行派车单管理",
            "2023年度部门预算、决算已在县政府门户网站公开,网页截图作为佐证材料。",
            "撤换村监委会主任某某。",
            "每季度召开一次党风廉政建设专题会议",
        ] {
            assert_eq!(vague_reason(m), None, "{m}");
        }
    }

    #[test]
    fn a_short_action_on_a_named_object_is_concrete() {
        assert_eq!(vague_reason("收回违规发放的交通补贴"), None);
        assert_eq!(vague_reason("重新签订土地承包合同"), None);
        assert_eq!(vague_reason("修订财务审批制度"), None);
        assert_eq!(vague_reason("切实加强财务管理,9月底前清理3个账外账户并入镇财政所统一核算"), None);
        // A title is one document, whatever its own punctuation and words.
        assert_eq!(vague_reason("修订\u{300A}天镇县村级财务管理办法(试行)\u{300B}"), None);
        assert_eq!(vague_reason("印发\u{300A}关于党费收缴、使用和管理的通知\u{300B}"), None);
    }

    #[test]
    fn counts_dates_and_deliverables_make_a_measure_concrete() {
        assert_eq!(vague_reason("对2022年以来全部47笔村级财务支出逐笔清查,10月底前全额追回违规支出"), None);
        assert_eq!(vague_reason("修订《村级财务管理办法》并张榜公布"), None);
        assert_eq!(vague_reason("每季度召开一次党风廉政建设专题会议"), None);
    }
}
