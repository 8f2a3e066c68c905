//! Rebounds: at a look-back, a new problem that is an earlier closed problem of the same
//! organisation come back. Two findings are put to the office when they fall under the same
//! typical problem of the 问题库 (the earlier one in general, the new one as a concrete instance,
//! or both in other words), when they name the same object failing the same way or the same
//! conduct (`concepts`), or when they share enough words. Two findings that each tell a case
//! need more than a typical problem the library put them under: a broad one ("公务用车管理使用
//! 不规范") holds different failings; a refined one (a four-level code, "2.2.5.1 公车私用") is
//! written to be one failing and suffices unless their failings are apart. Each pair gets a
//! score, what joins it and the words both use, so the office can confirm or dismiss with the
//! reason in view.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::concepts::{Concepts, Shared};
use crate::library::{Classification, Library};
use crate::text::ngrams;
use crate::words::content_words;

/// Where a finding names an earlier finding ("上轮巡察反馈的违规发放加班补贴问题…", "经济责任审计
/// 指出的国有资产账实不符问题未整改", "巡察组2023年反馈问题…"): the named finding follows.
static NAMES_AN_EARLIER_FINDING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(巡察|审计|督查|督察|检查|巡视)[\p{Han}\d“”]{0,10}?(指出|反馈|发现|提出|移交)的?")
        .expect("earlier-finding pattern")
});

/// The typical problems a text falls under, the one it is about first. A finding that names an
/// earlier finding falls under a typical problem of rectification ("巡察整改不彻底") first; when
/// the finding it names ("违规发放加班补贴", up to "问题" or the clause's end) falls under a
/// typical problem of its own, that failing is what comes back or not, so it goes first. A named
/// finding with no failing of its own ("反馈的问题整改推诿") leaves the order as it is.
fn about(library: &Library, text: &str, all: Vec<Classification>) -> Vec<Classification> {
    let of_rectification = |c: &Classification| library.get(&c.code).is_some_and(|t| t.category.contains("整改"));
    if !all.first().is_some_and(of_rectification) {
        return all;
    }
    let Some(named) = named_finding(text) else { return all };
    let Some(substance) = library.classify_all(named).into_iter().find(|c| !of_rectification(c)) else {
        return all;
    };
    let mut out: Vec<Classification> = all.into_iter().filter(|c| c.code != substance.code).collect();
    out.insert(0, substance);
    out
}
/// The finding a text names, when it names an earlier one with a failing of its own
/// ("上轮巡察反馈的违规发放加班补贴问题,至今仍未整改" names "违规发放加班补贴").
fn named_finding(text: &str) -> Option<&str> {
    let m = NAMES_AN_EARLIER_FINDING.find(text)?;
    let clause = text[m.end()..].split(|c: char| crate::text::CLAUSE_END.contains(c)).next()?;
    let named = clause.split("问题").next()?;
    (crate::text::normalise(named).chars().count() >= 2).then_some(named)
}

/// A finding that tells one case rather than naming a failing in general, judged by its
/// headline: a figure, a count in words ("两名干部", "三回"), a person ("李某"), or a time of day
/// or year ("去年", "上午"). Length is no sign: "防止返贫动态监测和帮扶机制落实不到位,对因病因灾
/// 出现返贫风险的农户识别不及时" is long and general. What holds a numeral and tells no case is
/// set apart first: a heading's number ("(二)", "1."), the trade's set phrases ("八项规定",
/// "两个责任", "一户多宅"), words that end in a numeral ("统一", "同一"), a frequency ("每季度公开
/// 一次"), and "某些", "某类".
fn tells_a_case(text: &str) -> bool {
    let text = HEADING_NUMBER.replace(text, "");
    let mut n = crate::text::normalise(&text);
    for phrase in SET_PHRASES {
        n = n.replace(phrase, "、");
    }
    let n = FREQUENCY.replace_all(&n, "、");
    CASE.is_match(&n)
}

/// Phrases that hold a numeral or a time word and name no case.
const SET_PHRASES: &[&str] = &[
    "八项规定",
    "两个责任",
    "两个维护",
    "两个确立",
    "四个意识",
    "四个自信",
    "四个不摘",
    "一户多宅",
    "一岗双责",
    "一事一议",
    "三会一课",
    "三重一大",
    "四议两公开",
    "两不愁三保障",
    "一把手",
    "一肩挑",
    "一卡通",
    "一次性",
    "三个方面",
    "三年行动",
    "两项制度",
    "一月一公开",
    "千篇一律",
    "三天打鱼两天晒网",
    "统一",
    "同一",
    "唯一",
    "第一",
    "过去",
    "目前",
    "集中",
    "某些",
    "某种",
    "某类",
    "某一",
];

/// A heading's number before the text ("(二)", "三、", "1.").
static HEADING_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*([(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d+[、.．)）])")
        .expect("heading number pattern")
});

/// A frequency ("每季度公开一次", "每月一回"): a rule, not a case.
static FREQUENCY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"每\p{Han}{0,5}?[一二两三四五六七八九十几]+[次回]").expect("frequency pattern"));

static CASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\d|[一二两三四五六七八九十百千几半]+",
        r"(名|户|人|次|个|台|辆|笔|元|万|亩|天|年|月|批|项|家|间|吨|张|份|篇|本|趟|回|桌|箱|条|处)",
        r"|某|去年|今年|前年|上午|下午|中午|晚上",
    ))
    .expect("case pattern")
});

/// Words any finding of any failing uses ("管理", "流于形式", "不到位"), beside the stopwords
/// `content_words` drops: they say a thing went wrong, not which thing.
const GENERAL_WORDS: &[&str] = &[
    "管理",
    "制度",
    "机制",
    "健全",
    "到位",
    "及时",
    "责任",
    "开展",
    "推进",
    "建设",
    "使用",
    "发挥",
    "作用",
    "不足",
    "缓慢",
    "严格",
    "薄弱",
    "有效",
    "全面",
    "进一步",
    "监管",
    "监督",
    "整治",
    "彻底",
    "长效",
    "单位",
    "干部",
    "人员",
    "群众",
    "领导",
    "村级",
    "乡镇",
    "明显",
    "严重",
    "不实",
    "不准",
    "不全",
    "不强",
    "不高",
    "流于形式",
    "走过场",
    "履职",
    "履行",
];

/// Whether a finding names more than the typical problem it falls under: at least two content
/// words that are neither the words that placed it there nor general words ("公车派车单填写
/// 不全,出车登记缺失" names 填写, 登记 and 缺失 beyond the 公车 and 派车 that placed it;
/// "公务用车管理不规范" nothing).
fn names_more_than(headline: &str, under: &Classification) -> bool {
    let placed = |w: &str| under.words.iter().any(|m| m.contains(w) || w.contains(m.as_str()));
    // Only stopwords of two characters or more: "不" is in half the words of a finding.
    let stop = crate::words::STOPWORDS.iter().filter(|g| g.chars().count() >= 2);
    let general = |w: &str| GENERAL_WORDS.iter().chain(stop.clone()).any(|g| w.contains(g) || g.contains(w));
    content_words(headline).iter().filter(|w| !placed(w) && !general(w)).count() >= 2
}

/// Score at or above which a pair is put to the office as a likely rebound.
pub const REBOUND_THRESHOLD: f64 = 0.3;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReboundMatch {
    /// 0–1: shared content words and shared wording, relative to the shorter text.
    pub score: f64,
    /// The content words both texts use, in the new problem's order.
    pub shared_words: Vec<String>,
    /// The typical problem of the library both fall under ("违规收送礼品礼金"), if any.
    pub typical_problem: Option<String>,
    /// Both fall under typical problems of the library, different ones: shared words then do
    /// not make them the same failing ("档案材料缺失" and "档案借阅未登记" share "档案").
    #[serde(skip)]
    pub typical_apart: bool,
    /// Whether the typical problem alone joins them. Not when both tell a case and the library
    /// (no person) put them there: a typical problem as broad as "公务用车管理使用不规范" holds
    /// 超编配车 and 公车私用, two cases of it need a concept or words in common as well — unless
    /// it is a refined one (four-level code) and their failings are not apart. Nor when both are
    /// stated in general, one under the broad typical problem naming more than it and one under
    /// a finer one (`levels_apart` in `rebound_match_of`).
    #[serde(skip)]
    pub typical_suffices: bool,
    /// The object and the failing (or the conduct) both name ("党费" collected "少缴不足"), by
    /// the concept lexicon: what joins them when no typical problem does, and a second way of
    /// seeing the same failing when one does.
    #[serde(skip)]
    pub concept: Option<Shared>,
    /// Both are conducts, no one the same (饮酒, 打牌): nothing joins them.
    #[serde(skip)]
    pub conducts_apart: bool,
    /// Both name how they went wrong, in no way the same: shared words alone do not join them.
    #[serde(skip)]
    pub failings_apart: bool,
}

/// How strongly a likely rebound is supported: two ways of seeing one failing (a typical
/// problem of the 问题库 and the concepts both name; they often read the same words, so they
/// are not independent), one of them, or shared wording only. On the two independent sets not
/// studied when this was written (the eleventh and twelfth, 400 pairs) a strong suggestion was
/// right 20 times in 25, a fair one 60 in 99, a weak one 15 in 32 (`eval::strength_tiers`,
/// printed by `xuncha eval`): the office reads the strong first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Strength {
    Weak,
    Fair,
    Strong,
}

impl Strength {
    pub fn label(self) -> &'static str {
        match self {
            Strength::Strong => "较强",
            Strength::Fair => "一般",
            Strength::Weak => "较弱",
        }
    }
}

impl ReboundMatch {
    /// How strongly a likely rebound is supported; `None` when it is not likely.
    pub fn strength(&self) -> Option<Strength> {
        if !self.is_likely() {
            return None;
        }
        Some(match (self.joining_typical_problem().is_some(), self.concept.is_some()) {
            (true, true) => Strength::Strong,
            (true, false) | (false, true) => Strength::Fair,
            (false, false) => Strength::Weak,
        })
    }

    /// The typical problem that joins them by itself, if one does.
    pub fn joining_typical_problem(&self) -> Option<&str> {
        self.typical_problem.as_deref().filter(|_| self.typical_suffices)
    }

    /// Whether the pair is put to the office.
    pub fn is_likely(&self) -> bool {
        !self.conducts_apart
            && (self.joining_typical_problem().is_some()
                || self.concept.is_some()
                || (self.score >= REBOUND_THRESHOLD && !self.typical_apart && !self.failings_apart))
    }

    /// The reason shown: what joins them (a typical problem, or an object and a failing, or a
    /// conduct) and which words both use. The page shows the same (`problem.html`).
    pub fn reason(&self) -> String {
        let words = (!self.shared_words.is_empty()).then(|| format!("共同词语:{}", self.shared_words.join("、")));
        let concept = match &self.concept {
            Some(Shared { object: Some(o), failing }) => Some(format!("同涉“{o}”,同为“{failing}”")),
            Some(Shared { object: None, failing }) => Some(format!("同为“{failing}”")),
            None => None,
        };
        let joined = match (self.joining_typical_problem(), concept) {
            (Some(t), Some(c)) => Some(format!("同属“{t}”;{c}")),
            (Some(t), None) => Some(format!("同属“{t}”")),
            (None, c) => c,
        };
        match (joined, words) {
            (Some(j), Some(w)) => format!("{j};{w}"),
            (Some(j), None) => j,
            (None, Some(w)) => w,
            (None, None) => String::new(),
        }
    }
}

fn overlap<T: Eq + std::hash::Hash>(a: &HashSet<T>, b: &HashSet<T>) -> f64 {
    let small = a.len().min(b.len());
    if small == 0 { 0.0 } else { a.intersection(b).count() as f64 / small as f64 }
}

/// One side of a pair: the finding's headline (its summary, which says whether it tells a
/// case), its whole text, and the typical problem a person chose for it, if any.
#[derive(Debug, Clone, Copy)]
pub struct Finding<'a> {
    pub headline: &'a str,
    pub text: &'a str,
    pub typical_code: Option<&'a str>,
}

impl<'a> Finding<'a> {
    /// A finding that is all headline.
    pub fn of(text: &'a str) -> Finding<'a> {
        Finding { headline: text, text, typical_code: None }
    }
}

/// How much `new` reads like `earlier` come back, by the shipped library.
pub fn rebound_match(earlier: &str, new: &str) -> ReboundMatch {
    rebound_match_in(Library::built_in(), earlier, new)
}

/// The same, by a given library (an office's own edition) and the shipped concept lexicon.
pub fn rebound_match_in(library: &Library, earlier: &str, new: &str) -> ReboundMatch {
    rebound_match_of(library, Concepts::built_in(), Finding::of(earlier), Finding::of(new))
}

/// The same for two findings, by a library and a concept lexicon (the county's editions), where
/// a person may have chosen the typical problem of a side: the choice stands in for the
/// library's classification of that text.
pub fn rebound_match_of(
    library: &Library,
    lexicon: &Concepts,
    earlier_finding: Finding,
    new_finding: Finding,
) -> ReboundMatch {
    let (earlier, earlier_code) = (earlier_finding.text, earlier_finding.typical_code);
    let (new, new_code) = (new_finding.text, new_finding.typical_code);
    let (we, wn) = (content_words(earlier), content_words(new));
    let both: Vec<&String> = wn.iter().filter(|w| we.contains(w)).collect();
    // Search segmentation yields "考勤制度" and "考勤": show the longer word only.
    let shared_words: Vec<String> = both
        .iter()
        .filter(|w| !both.iter().any(|o| o.len() > w.len() && o.contains(w.as_str())))
        .map(|w| w.to_string())
        .collect();
    let words = overlap(&we.into_iter().collect(), &wn.into_iter().collect());
    let bigrams = overlap(&ngrams(earlier, 2), &ngrams(new, 2));
    // The same typical problem: the one each text falls under most specifically. (Also taking
    // one the other text merely touches found a few more on the transformed part and cost
    // precision on the tuning part: neighbours are not the same failing.)
    let classified = |text: &str, code: Option<&str>| match code.and_then(|c| library.resolve(c)) {
        Some(t) => vec![Classification { code: t.code.clone(), name: t.name.clone(), words: Vec::new(), score: 1 }],
        None => about(library, text, library.classify_all(text)),
    };
    let (all_a, all_b) = (classified(earlier, earlier_code), classified(new, new_code));
    let (a, b) = (all_a.first(), all_b.first());
    let covering = match (a, b) {
        (Some(a), Some(b)) => library.covering(&a.code, &b.code),
        _ => None,
    };
    // A broad typical problem covers a finer one when the finding under the broad one names the
    // failing in general (or a person put it there). A case the library could put only under the
    // broad one is not a case of the finer failing the other names ("营养改善计划资金被挤占挪用"
    // and "营养餐的牛奶临近保质期").
    let broad_case = |side: Option<&Classification>, finding: &Finding| {
        finding.typical_code.is_none()
            && side.is_some_and(|c| Some(c.code.as_str()) == covering)
            && tells_a_case(finding.headline)
    };
    let covering = covering.filter(|_| {
        a.zip(b).is_some_and(|(a, b)| a.code == b.code)
            || !(broad_case(a, &earlier_finding) || broad_case(b, &new_finding))
    });
    // Apart only when neither text touches the other's typical problem at all: a near-copy
    // whose best classification tips the other way is not set apart.
    let typical_apart = matches!((a, b), (Some(a), Some(b))
        if covering.is_none() && !all_a.iter().any(|c| c.code == b.code) && !all_b.iter().any(|c| c.code == a.code));
    // The same typical problem, or one and a finer one it covers (named by the broader).
    let typical_problem: Option<String> = covering.and_then(|code| library.get(code)).map(|t| t.name.clone());
    // Concepts, like typical problems, are read from the finding a text names, if it names one
    // with a failing of its own: two "上轮巡察反馈的…问题仍未整改" of different failings are apart.
    let concern = |text| named_finding(text).unwrap_or(text);
    let (pa, pb) = (lexicon.profile(concern(earlier)), lexicon.profile(concern(new)));
    // People chose both typical problems: their choice joins the pair, whatever it tells.
    let chosen = earlier_code.is_some() && new_code.is_some();
    let failings_apart = lexicon.failings_apart(&pa, &pb);
    // A refined typical problem (four-level code) is written to be one failing: two cases of it
    // are the same failing without more, unless they name how they went wrong in no way alike
    // (a refined one may still hold two: "私车公养和公车费用虚高").
    let finest = !failings_apart && covering.is_some_and(|c| c.split('.').count() >= 4);
    let (case_a, case_b) = (tells_a_case(earlier_finding.headline), tells_a_case(new_finding.headline));
    // Two findings stated in general, one under a broad typical problem and one under a finer
    // one it covers, where the broad one's names more than its typical problem: that is most
    // often another failing of the area, one the library has not refined ("公车派车单填写不全"
    // beside "公车加油卡被用于私家车加油"; had it named the finer failing, it would fall under
    // it too). The broad typical problem alone does not join them. One that names the broad
    // failing and no more ("公务用车管理不规范") still joins each of its finer failings.
    // Read, like the typical problem, from the finding a text names ("上轮巡察反馈的…问题仍未
    // 整改" names more than its typical problem only if the finding it names does).
    let broad_side_names_more = match (a, b, covering) {
        (Some(x), Some(_), Some(c)) if x.code == c => names_more_than(concern(earlier_finding.headline), x),
        (Some(_), Some(y), Some(c)) if y.code == c => names_more_than(concern(new_finding.headline), y),
        _ => false,
    };
    let levels_apart = !case_a
        && !case_b
        && earlier_code.is_none()
        && new_code.is_none()
        && a.zip(b).is_some_and(|(a, b)| a.code != b.code)
        && broad_side_names_more;
    let typical_suffices = chosen || finest || !(case_a && case_b || levels_apart);
    let concept = lexicon.shared(&pa, &pb);
    ReboundMatch {
        score: 0.6 * words + 0.4 * bigrams,
        shared_words,
        typical_problem,
        typical_apart,
        typical_suffices,
        concept,
        conducts_apart: !chosen && lexicon.conducts_apart(&pa, &pb),
        failings_apart,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_failing_in_other_words_scores_high_with_its_words() {
        let m = rebound_match(
            "村务公开不及时,财务收支未按季度公开",
            "村务公开仍不规范,2023年一、二季度财务收支未在公开栏公布",
        );
        assert!(m.score >= REBOUND_THRESHOLD, "{m:?}");
        assert!(
            m.shared_words.contains(&"村务公开".to_string()) && m.shared_words.contains(&"财务收支".to_string()),
            "{m:?}"
        );
    }

    #[test]
    fn a_concrete_instance_of_the_earlier_failing_is_put_to_the_office_with_its_typical_problem() {
        let m = rebound_match("违规收受礼品礼金", "春节期间收受管理服务对象购物卡2张");
        assert!(m.is_likely(), "{m:?}");
        assert!(m.reason().starts_with("同属“违规收送礼品礼金”"), "{}", m.reason());
        let other = rebound_match("公车私用问题突出", "公务接待超标准,无公函接待3次");
        assert!(!other.is_likely(), "{other:?}");
    }

    #[test]
    fn findings_that_name_earlier_findings_are_judged_by_the_failing_they_name() {
        // Both are "整改不彻底", of two different failings: not one come back.
        let apart = rebound_match(
            "上轮巡察反馈的违规发放加班补贴问题,只退回了部分款项",
            "上轮巡察反馈的公务用车“一车多用”问题,管理制度已出台但派车单至今没有使用",
        );
        assert!(!apart.is_likely(), "{apart:?}");
        // An audit's finding not rectified, and the same failing found at the look-back.
        let back = rebound_match("经济责任审计指出的国有资产账实不符问题未整改", "账面登记的12台车辆中有3台找不到实物");
        assert!(back.is_likely() && back.reason().contains("国有资产管理不规范"), "{back:?}");
        // A named finding with no failing of its own stays a matter of rectification, and a
        // failing mentioned elsewhere in the text is not taken for the one named.
        let library = Library::built_in();
        for text in ["上轮巡察反馈的问题整改推诿扯皮,未按期完成", "审计指出的问题至今未整改,相关人员推诿"]
        {
            let first = about(library, text, library.classify_all(text)).into_iter().next();
            assert!(first.is_some_and(|c| c.code.starts_with("4.")), "{text}");
        }
    }

    #[test]
    fn plain_words_are_joined_by_the_object_and_failing_or_the_conduct_they_name() {
        let short = rebound_match(
            "党费收缴不规范,部分党员未按规定标准交纳党费",
            "查花名册发现,6名党员一直按每月10元交党费,工资条显示每月实发四千多元",
        );
        assert!(short.is_likely(), "{short:?}");
        let spent = rebound_match(
            "党费收缴不规范,部分党员未按规定标准交纳党费",
            "支部去年用党费给几名村干部买了茶叶和保温杯,说是慰问",
        );
        assert!(!spent.is_likely(), "the same object failing otherwise: {spent:?}");
        let cards = rebound_match("干部作风不实,工作时间打牌", "上午十点多到办公室,两个人在电脑上斗地主");
        assert!(cards.is_likely(), "{cards:?}");
        let drink = rebound_match("工作日违规饮酒", "上午十点多到办公室,有两名干部在电脑上打牌");
        assert!(!drink.is_likely(), "two conducts: {drink:?}");
        let lexicon = Concepts::built_in();
        let m = lexicon.shared(&lexicon.profile("私设小金库"), &lexicon.profile("门面房租金收到出纳自己的银行卡上"));
        assert_eq!(m.map(|s| s.failing), Some("账外收支".to_string()));
    }

    #[test]
    fn findings_naming_earlier_findings_share_concepts_only_through_what_they_name() {
        let m = rebound_match(
            "上轮巡察反馈的违规发放加班补贴问题,至今仍未整改",
            "上轮巡察反馈的公务用车管理问题,至今仍未整改",
        );
        assert!(!m.is_likely() && m.concept.is_none(), "{m:?}");
    }

    #[test]
    fn whether_a_finding_tells_a_case_is_read_from_its_headline() {
        let library = Library::built_in();
        let general = "村务公开不及时";
        let detail =
            "2023年一、二季度的财务收支和低保名单都没有在公开栏公布,村民多次询问,村委会答复说会计生病了还没做账。";
        let headline = "村务公开仍不及时";
        let text = format!("{headline}。{detail}");
        let new = Finding { headline, text: &text, typical_code: None };
        let m = rebound_match_of(library, Concepts::built_in(), Finding::of(general), new);
        assert!(m.joining_typical_problem().is_some() && m.is_likely(), "{m:?}");
        // Both headlines tell a case: the library's typical problem alone does not join them.
        let a = "2022年农机购置补贴申报中,合作社把同一台旋耕机报了3次补贴";
        let b = "2023年农机购置补贴资金到位后,局里拖了7个月才兑付给农户";
        let m = rebound_match(a, b);
        assert!(m.typical_problem.is_some() && m.joining_typical_problem().is_none() && !m.is_likely(), "{m:?}");
        // Finer typical problems set two cases of one broad one apart.
        let a = "局里核定公务用车2辆,实际使用4辆,另外2辆从下属企业借用";
        let b = "2023年国庆期间局长驾驶公务用车回老家,往返3次";
        assert!(!rebound_match(a, b).is_likely());
        // A finding of the broad one in general and one of a finer one are the same failing.
        let m = rebound_match("公务用车管理不规范", "2023年国庆期间局长驾驶公务用车回老家,往返3次");
        assert_eq!(m.joining_typical_problem(), Some("公务用车管理使用不规范"), "{m:?}");
    }

    #[test]
    fn a_case_is_told_by_figures_people_and_times_not_by_length() {
        for general in [
            "防止返贫动态监测和帮扶机制落实不到位,对因病因灾出现返贫风险的农户识别不及时,该纳入监测的未纳入",
            "村务公开不及时",
            "“两个责任”落实不到位,存在某些薄弱环节",
            "一户多宅问题清理不彻底",
            "违反中央八项规定精神问题屡禁不止",
            "整改报告千篇一律",
            "人居环境整治三年行动推进缓慢",
            "(二)个别党员理想信念淡化",
            "1.村务公开不及时",
            "三、财务公开未做到每季度公开一次",
            "统一名单管理不到位,同一项目重复申报",
            "过去年度的整改台账未归档,目前年轻干部培养不足",
            "在春节、中秋等节点违规吃喝",
        ] {
            assert!(!tells_a_case(general), "{general}");
        }
        for case in [
            "两名干部上班时间在办公室打牌",
            "外出党员王某从未向流入地党组织报到",
            "去年国庆局长开公车回老家",
            "多领补贴3000元",
            "(二)村会计把自家12亩地报进补贴名单",
            "村里只开过一回碰头会",
        ] {
            assert!(tells_a_case(case), "{case}");
        }
    }

    #[test]
    fn two_cases_of_a_refined_typical_problem_are_one_failing_and_a_broad_case_is_not_a_finer_one() {
        // Both tell a case of 公车私用, a refined typical problem: the same failing.
        let m = rebound_match(
            "2023年国庆期间局长驾驶公务用车回老家,往返3次",
            "今年清明假期,副局长把单位的公务车开回老家住了三天",
        );
        assert!(m.joining_typical_problem().is_some() && m.is_likely(), "{m:?}");
        // A finding of a finer failing in general, and a case the library puts only under the
        // broad typical problem above it: not the same failing.
        let library = Library::built_in();
        let broad_case = "去年营养餐的鸡蛋有两批过了保质期还在发给学生";
        let first = library.classify(broad_case).map(|c| c.code);
        assert!(first.as_deref().is_some_and(|c| c.split('.').count() == 3), "{first:?}");
        let m = rebound_match("营养改善计划资金被挤占挪用", broad_case);
        assert!(m.joining_typical_problem().is_none(), "{m:?}");
        // A case a person put under the broad one is under it: the two are not set apart.
        let earlier = Finding { headline: broad_case, text: broad_case, typical_code: Some("1.5.13") };
        let new = Finding::of("去年学校用营养改善计划资金给食堂工人发了工资2万元");
        let m = rebound_match_of(library, Concepts::built_in(), earlier, new);
        assert!(m.typical_problem.is_some() && !m.typical_apart, "{m:?}");
        // The broad one in general and a case of a finer one stay joined.
        let m = rebound_match("营养改善计划和学校食堂管理不规范", "去年学校用营养改善计划资金给食堂工人发了工资2万元");
        assert!(m.joining_typical_problem().is_some(), "{m:?}");
    }

    #[test]
    fn a_general_finding_that_names_another_part_of_a_broad_failing_is_not_a_finer_one_come_back() {
        // Both stated in general: the broad one's names its own part of the area (派车单), the
        // finer one's another (私车公养). Not one failing.
        let m = rebound_match("公车派车单填写不全,出车登记缺失", "单位公车的加油卡被用来给私家车加油");
        assert!(m.typical_problem.is_some() && m.joining_typical_problem().is_none() && !m.is_likely(), "{m:?}");
        // The broad failing named and no more joins each finer one, stated in general or as an
        // instance with no figure in it.
        for new in ["公车私用问题仍然存在", "领导用公车接送孩子上下学"] {
            let m = rebound_match("公务用车管理不规范", new);
            assert_eq!(m.joining_typical_problem(), Some("公务用车管理使用不规范"), "{new}: {m:?}");
        }
        // A finding that names an earlier finding is read by the finding it names: the broad
        // failing and no more.
        let m = rebound_match("公车私用问题", "上轮巡察反馈的公务用车管理不规范问题至今仍未整改");
        assert!(m.joining_typical_problem().is_some(), "{m:?}");
        let library = Library::built_in();
        let under = library.classify("公车派车单填写不全,出车登记缺失").expect("classified");
        let placed: Vec<&str> = under.words.iter().map(String::as_str).collect();
        assert!(placed.contains(&"公车") && placed.contains(&"派车"), "{placed:?}");
        assert!(names_more_than("公车派车单填写不全,出车登记缺失", &under));
        let under = library.classify("公务用车管理不规范").expect("classified");
        assert!(!names_more_than("公务用车管理不规范", &under));
    }

    #[test]
    fn another_failing_scores_low() {
        let m = rebound_match("村务公开不及时,财务收支未按季度公开", "发展党员程序不规范,政审材料缺失");
        assert!(m.score < REBOUND_THRESHOLD && !m.is_likely(), "{m:?}");
        assert!(m.shared_words.is_empty());
    }
}

#[cfg(test)]
mod study {
    use super::*;

    /// `REBOUND_STUDY=file cargo test -p xuncha-analysis --lib rebound::study -- --ignored
    /// --nocapture`: for each pair of a file of `label<TAB>a<TAB>b`, what each side falls under
    /// (typical problems, whether it tells a case, its concepts) and how the pair is judged.
    #[test]
    #[ignore]
    fn print_judgements() {
        let Ok(path) = std::env::var("REBOUND_STUDY") else { return };
        let (library, lexicon) = (Library::built_in(), Concepts::built_in());
        let side = |text: &str| {
            let codes: Vec<String> = about(library, text, library.classify_all(text))
                .iter()
                .take(3)
                .map(|c| format!("{} {}", c.code, c.name))
                .collect();
            let (objects, failings) = lexicon.names(&lexicon.profile(text));
            format!("{}{codes:?} {objects:?}/{failings:?}", if tells_a_case(text) { "[例]" } else { "[泛]" })
        };
        for line in std::fs::read_to_string(path).unwrap_or_default().lines() {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 3 {
                continue;
            }
            let m = rebound_match(f[1], f[2]);
            let verdict = if m.is_likely() { format!("=> {}", m.reason()) } else { "=> 否".to_string() };
            println!(
                "{} {verdict} ({:.2})\n  {}\n    {}\n  {}\n    {}",
                f[0],
                m.score,
                f[1],
                side(f[1]),
                f[2],
                side(f[2])
            );
        }
    }
}
