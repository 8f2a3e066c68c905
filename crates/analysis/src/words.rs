//! Chinese words by jieba (dictionary embedded), with the inspection vocabulary added so that
//! "巡察组" or "三会一课" stay one word, and the words that say nothing about the matter left out.

use std::sync::LazyLock;

use jieba_rs::Jieba;

/// Terms of the trade jieba would split.
const VOCABULARY: &[&str] = &[
    "巡察组",
    "巡察办",
    "整改台账",
    "整改方案",
    "三会一课",
    "主题党日",
    "一岗双责",
    "四议两公开",
    "三重一大",
    "村务公开",
    "党务公开",
    "光伏收益",
    "村集体",
    "回头看",
    "误餐补助",
    "公车私用",
    "白条入账",
    "优亲厚友",
    "吃空饷",
    "软弱涣散",
    "小微权力",
    "八项规定",
    "村务监督委员会",
    "民主生活会",
    "防返贫",
    "散乱污",
    "津补贴",
    "政审材料",
    "流动党员",
    "党费",
    "低保",
    "危房改造",
    "非税收入",
    "公益性岗位",
    "意识形态",
];

/// Words found in most problems and measures, which tell one matter from another poorly.
pub(crate) const STOPWORDS: &[&str] = &[
    "问题",
    "存在",
    "方面",
    "情况",
    "工作",
    "不够",
    "不到位",
    "没有",
    "部分",
    "相关",
    "有关",
    "进行",
    "以来",
    "一些",
    "仍然",
    "仍",
    "依然",
    "再次",
    "出现",
    "现象",
    "较多",
    "突出",
    "按规定",
    "按要求",
    "规定",
    "要求",
    "落实",
    "执行",
    "不力",
    "不严",
    "不规范",
    "规范",
    "发生",
    "时有发生",
    "长期",
    "问题反弹",
    "反弹",
    "又",
    "有",
    "的",
    "和",
    "及",
    "未",
    "不",
    "等",
    "对",
    "在",
    "中",
    "与",
    "了",
    "是",
    "为",
    "已",
    "将",
    "其",
    "个",
];

static JIEBA: LazyLock<Jieba> = LazyLock::new(|| {
    let mut j = Jieba::new();
    for w in VOCABULARY {
        j.add_word(w, Some(100_000), None);
    }
    j
});

/// Builds the segmenter now (about half a second in a debug build) rather than on first use.
pub fn warm_up() {
    LazyLock::force(&JIEBA);
}

/// The segmenter, shared: it is expensive to build.
pub fn jieba() -> &'static Jieba {
    &JIEBA
}

/// Content words of a text, in order, each once: two characters or more, not a stopword, not a
/// number. Search segmentation also yields the parts of long words ("考勤制度" → "考勤"), so
/// "考勤制度" and "考勤记录" share "考勤".
pub fn content_words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in JIEBA.cut_for_search(text, true) {
        let w = t.word.trim();
        if w.chars().count() < 2
            || STOPWORDS.contains(&w)
            || !w.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
            || out.iter().any(|o| o == w)
        {
            continue;
        }
        out.push(w.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::content_words;

    #[test]
    fn the_trade_vocabulary_stays_whole_and_filler_goes() {
        let w = content_words("“三会一课”落实不到位,支部党员大会召开次数不足的问题");
        assert!(w.contains(&"三会一课".to_string()), "{w:?}");
        assert!(!w.iter().any(|x| x == "问题" || x == "不到位"), "{w:?}");
        assert!(content_words("巡察组进驻").contains(&"巡察组".to_string()));
    }
}
