//! Vague measures: slogans with no concrete action, object, quantity, date, document or
//! deliverable ("加强学习,提高认识。", "进一步提高政治站位"), as against "对2022年以来全部47笔
//! 村级财务支出逐笔清查,10月底前全额追回违规支出". The reason names what is missing and which
//! slogan words stand in for it, so a reviewer can judge it.

use std::sync::LazyLock;

use regex::Regex;

use crate::text::normalise;

/// Something a reviewer could check: a count, an amount, a scope in numbers.
static QUANTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\d|[一二三四五六七八九十百千万两半]",
        r"(个|笔|次|项|份|名|人|户|家|元|万元|天|周|批|场|期|条|处|所|座|亩|篇|本|套|台|辆|张|本|类|轮|级|支|村|组|件|起|宗|间|栋|学时|课时|小时)",
        r"|全部|逐笔|逐项|逐户|逐村|逐人|逐条|每[周月季年半]|每季度|每半年"
    ))
    .expect("quantity pattern")
});

/// A date or deadline in the text itself.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\d+月|月底|年底|年内|季度末|[上下]半年|[前内]完成|之前|限期|当日|当天|即日").expect("date pattern")
});

/// A document, record or outcome that can be shown as evidence. Rules and plans count only when
/// the measure makes one ("修订…办法"): "落实…制度要求" promises nothing that can be shown.
static DELIVERABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"《[^》]+》",
        r"|(制定|修订|出台|印发|建立|编制|完善|重新)[^,。;]{0,15}(制度|办法|细则|规定|规程|流程|方案|规则)",
        r"|台账|清单|报告|纪要|记录|归档|建档|存档|通报|承诺书|责任书|公示|张榜|公告|花名册|账户|账目|凭证|票据|合同|协议|清册|图册|名单",
        r"|追回|收回|收缴|清退|退还|退缴|补缴|补发|返还|追缴|处分|问责|立案|约谈|诫勉|移交|移送|免职|调整|拆除|整改到位|销号"
    ))
    .expect("deliverable pattern")
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
    "常态化",
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
];

/// Why a measure reads as a slogan; `None` when it names something concrete.
pub fn vague_reason(measure: &str) -> Option<String> {
    let mut text = normalise(measure);
    for p in SET_PHRASES {
        text = text.replace(p, "");
    }
    if normalise(measure).is_empty() {
        return Some("措施内容为空".into());
    }
    if QUANTITY.is_match(&text) || DATE.is_match(&text) || DELIVERABLE.is_match(&text) {
        return None;
    }
    let found: Vec<&str> = SLOGANS.iter().copied().filter(|w| text.contains(w)).take(4).collect();
    let short = text.chars().count() < 10;
    if found.is_empty() && !short {
        return None;
    }
    let words = if found.is_empty() { String::new() } else { format!("只有“{}”等表态,", found.join("、")) };
    Some(format!("{words}没有具体对象、数量、时限、文件或可查验的成果"))
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
    fn counts_dates_and_deliverables_make_a_measure_concrete() {
        assert_eq!(vague_reason("对2022年以来全部47笔村级财务支出逐笔清查,10月底前全额追回违规支出"), None);
        assert_eq!(vague_reason("修订《村级财务管理办法》并张榜公布"), None);
        assert_eq!(vague_reason("每季度召开一次党风廉政建设专题会议"), None);
    }
}
