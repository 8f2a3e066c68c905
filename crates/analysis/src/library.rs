//! 问题库: the typical problems of an inspection's feedback, from its four big categories and
//! their aspects down to each typical problem, with its standard wording, the basis for judging
//! it (定性依据) and the words by which it is recognised — its phrasings and the concrete forms it
//! takes ("违规收送礼品礼金" is also "购物卡", "土特产", "收受…红包"). A text is classified into
//! the typical problem whose words it matches most specifically; two texts of one organisation
//! that fall under the same typical problem are the same failing, in whatever words.
//!
//! The library is data (`library/typical_problems.tsv` is the first edition); an office extends
//! it by importing an edited file, which `Library::parse` checks line by line.

use std::sync::LazyLock;

use serde::Serialize;

use crate::terms::{Term, Words};

/// The first edition, as shipped.
pub const FIRST_EDITION: &str = include_str!("../library/typical_problems.tsv");

/// At most this many typical problems and recognition words per library (a file is bounded
/// before anything is built from it).
pub const MAX_PROBLEMS: usize = 2000;
pub const MAX_WORDS: usize = 50_000;

/// One typical problem of the library.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypicalProblem {
    /// "2.2.1": category, aspect and problem in order.
    pub code: String,
    pub category: String,
    pub aspect: String,
    pub name: String,
    /// The wording a team may start a work paper from.
    pub wording: String,
    /// 定性依据.
    pub basis: String,
    /// The recognition terms as written ("礼品|收受&卡").
    pub terms_text: String,
    #[serde(skip)]
    terms: Vec<Term>,
}

/// A line of a library file that could not be read, named by its line number.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineError {
    pub line: usize,
    pub message: String,
}

/// Where a text falls in the library, and the words that put it there.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Classification {
    pub code: String,
    pub name: String,
    /// The recognition words found in the text, as written in the library.
    pub words: Vec<String>,
    /// How specific the match is: the characters of the terms matched.
    pub score: usize,
}

/// A library, ready to classify.
#[derive(Debug, Clone)]
pub struct Library {
    pub problems: Vec<TypicalProblem>,
    words: Words,
}

static BUILT_IN: LazyLock<Library> =
    LazyLock::new(|| Library::parse(FIRST_EDITION).expect("the shipped library reads without error"));

impl Library {
    /// The first edition, parsed once.
    pub fn built_in() -> &'static Library {
        &BUILT_IN
    }

    /// Reads a library file: `#` lines are comments; each other line has seven tab-separated
    /// fields (code, category, aspect, name, wording, basis, terms). Every bad line is named.
    pub fn parse(tsv: &str) -> Result<Library, Vec<LineError>> {
        let mut problems = Vec::new();
        let mut errors = Vec::new();
        let mut words = Words::default();
        for (n, line) in tsv.lines().enumerate() {
            let line_no = n + 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut err = |message: String| errors.push(LineError { line: line_no, message });
            if problems.len() >= MAX_PROBLEMS {
                err(format!("典型问题超过{MAX_PROBLEMS}个,其后各行未读"));
                break;
            }
            let line = match crate::terms::read_line(line) {
                Ok(line) => line,
                Err(message) => {
                    err(message);
                    continue;
                }
            };
            let f: Vec<&str> = line.split('\t').map(str::trim).collect();
            if f.len() != 7 {
                err(format!("应有7栏(编号、大类、方面、典型问题、标准表述、定性依据、识别词),本行有{}栏", f.len()));
                continue;
            }
            let names = ["编号", "大类", "方面", "典型问题", "标准表述"];
            if let Some(i) = (0..5).find(|i| f[*i].is_empty()) {
                err(format!("“{}”不能为空", names[i]));
                continue;
            }
            let code_ok = f[0].split('.').count() <= 4
                && f[0].split('.').all(|p| (1..=4).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()));
            if !code_ok {
                err(format!("编号应为数字和点组成(如2.2.1),本行为“{}”", f[0].chars().take(20).collect::<String>()));
                continue;
            }
            let limits = [
                (1, "大类", 60),
                (2, "方面", 60),
                (3, "典型问题", 60),
                (4, "标准表述", 500),
                (5, "定性依据", 500),
                (6, "识别词", 5000),
            ];
            if let Some((_, name, max)) = limits.iter().find(|(i, _, max)| f[*i].chars().count() > *max) {
                err(format!("“{name}”不超过{max}字"));
                continue;
            }
            if problems.iter().any(|p: &TypicalProblem| p.code == f[0]) {
                err(format!("编号{}重复", f[0]));
                continue;
            }
            let terms = match words.parse_terms(f[6]) {
                Ok(terms) => terms,
                Err(message) => {
                    err(message);
                    continue;
                }
            };
            if terms.is_empty() {
                err("至少要有一个识别词".into());
                continue;
            }
            if words.len() > MAX_WORDS {
                err(format!("识别词超过{MAX_WORDS}个"));
                break;
            }
            problems.push(TypicalProblem {
                code: f[0].into(),
                category: f[1].into(),
                aspect: f[2].into(),
                name: f[3].into(),
                wording: f[4].into(),
                basis: f[5].into(),
                terms_text: f[6].into(),
                terms,
            });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        words.build();
        Ok(Library { problems, words })
    }

    /// The typical problem of the two codes that covers the other, when one refines the other or
    /// they are the same: a finding of "公务用车管理不规范" in general and one of "公车私用" are
    /// the same failing at two levels.
    pub fn covering<'a>(&self, a: &'a str, b: &'a str) -> Option<&'a str> {
        if a == b || refines(b, a) {
            Some(a)
        } else if refines(a, b) {
            Some(b)
        } else {
            None
        }
    }

    pub fn get(&self, code: &str) -> Option<&TypicalProblem> {
        self.problems.iter().find(|p| p.code == code)
    }

    /// The typical problem a code chosen earlier stands for now: its own, or, for a code the
    /// shipped library has since merged into another (`MERGED`) and this library does not hold,
    /// the one it was merged into.
    pub fn resolve(&self, code: &str) -> Option<&TypicalProblem> {
        self.get(code).or_else(|| MERGED.iter().find(|(old, _)| *old == code).and_then(|(_, new)| self.get(new)))
    }

    /// Every typical problem the text matches, most specific first.
    pub fn classify_all(&self, text: &str) -> Vec<Classification> {
        if self.words.is_empty() {
            return Vec::new();
        }
        let found = self.words.found(text);
        let mut out: Vec<Classification> = Vec::new();
        for p in &self.problems {
            let (score, used) = self.words.score(&p.terms, &found);
            if score > 0 {
                let words = used.into_iter().map(|w| self.words.word(w).to_string()).collect();
                out.push(Classification { code: p.code.clone(), name: p.name.clone(), words, score });
            }
        }
        // A finer typical problem ("3.2.5.1") is more specific than the one it refines ("3.2.5")
        // whenever both match, however many general words the broader one collects.
        let scores: Vec<(String, usize)> = out.iter().map(|c| (c.code.clone(), c.score)).collect();
        for c in &mut out {
            if let Some(best) = scores.iter().filter(|(code, _)| refines(&c.code, code)).map(|(_, s)| *s).max() {
                c.score = c.score.max(best + 1);
            }
        }
        out.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.code.cmp(&b.code)));
        out
    }

    /// The typical problems that their own name or standard wording does not reach: the library
    /// puts that text under another typical problem (a broader or finer one too: a broad
    /// problem's name that falls under one of its finer problems is read as that finer failing),
    /// or under none. Such a typical problem is
    /// missed exactly where a finding is written the way offices write it ("违规借调基层干部"),
    /// so that a rebound stated in general is not joined to its case; its terms want the
    /// name's words. An import's preview lists them.
    pub fn unreached(&self) -> Vec<Unreached> {
        let mut out = Vec::new();
        for p in &self.problems {
            for (by, text) in [("名称", &p.name), ("标准表述", &p.wording)] {
                let first = self.classify(text);
                // A broad problem's standard wording may list its finer failings ("…存在公车私用、
                // 超编配车"), and a finer match is the more specific one: that wording may fall
                // under a finer problem of its own. A name must fall under its own code.
                let reached = |c: &Classification| c.code == p.code || (by == "标准表述" && refines(&c.code, &p.code));
                if first.as_ref().is_some_and(reached) {
                    continue;
                }
                let falls_under = first.map(|c| format!("{} {}", c.code, c.name));
                out.push(Unreached { code: p.code.clone(), name: p.name.clone(), by, falls_under });
                break;
            }
        }
        out
    }

    /// The typical problem the text falls under: the most specific match.
    pub fn classify(&self, text: &str) -> Option<Classification> {
        self.classify_all(text).into_iter().next()
    }
}

/// A typical problem its own name or standard wording does not reach.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreached {
    pub code: String,
    pub name: String,
    /// Which of its texts: "名称" or "标准表述".
    pub by: &'static str,
    /// "code name" of the typical problem the library puts that text under, if any.
    pub falls_under: Option<String>,
}

impl std::fmt::Display for Unreached {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.falls_under {
            Some(other) => write!(f, "{} {}(其{}归入{other})", self.code, self.name, self.by),
            None => write!(f, "{} {}(其{}未命中任何识别词)", self.code, self.name, self.by),
        }
    }
}

/// Codes of the shipped library merged into others, kept so that a problem a person put under
/// one still counts under the typical problem it is now (2026-12: 3.2.7 党费使用管理不规范 was
/// 3.2.5.2 党费违规使用和存放 again; 1.5.2 泄露信访举报人信息 was 1.5.1.3 泄露举报人信息).
const MERGED: &[(&str, &str)] = &[("3.2.7", "3.2.5.2"), ("1.5.2", "1.5.1.3")];

/// Whether `code` refines `broader` ("3.2.5.1" refines "3.2.5").
fn refines(code: &str, broader: &str) -> bool {
    code.len() > broader.len() && code.starts_with(broader) && code.as_bytes()[broader.len()] == b'.'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_typical_problem_is_reached_by_its_own_name_and_wording() {
        let lib = Library::built_in();
        let unreached: Vec<String> = lib.unreached().iter().map(ToString::to_string).collect();
        assert!(unreached.is_empty(), "{unreached:#?}");
        // A typical problem whose terms miss its own name, and one another outranks, are named.
        let tsv = "1.1.1\t一\t学习\t理论学习流于形式\t理论学习走过场\t依据\t理论学习|中心组\n\
                   1.1.2\t一\t学习\t第一议题制度落实不到位\t第一议题学习后未研究贯彻\t依据\t学习&研究\n\
                   1.1.3\t一\t学习\t学习笔记照抄\t学习笔记照抄照搬\t依据\t照抄&笔记\n\
                   1.1.4\t一\t学习\t中心组学习记录不全\t学习记录不全\t依据\t记录\n";
        let lib = Library::parse(tsv).expect("reads");
        let shown: Vec<String> = lib.unreached().iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "1.1.2 第一议题制度落实不到位(其名称未命中任何识别词)",
                "1.1.4 中心组学习记录不全(其名称归入1.1.1 理论学习流于形式)"
            ],
            "{shown:?}"
        );
    }

    #[test]
    fn a_code_merged_away_stands_for_the_typical_problem_it_was_merged_into() {
        let lib = Library::built_in();
        assert!(lib.get("3.2.7").is_none());
        assert_eq!(lib.resolve("3.2.7").map(|t| t.code.as_str()), Some("3.2.5.2"));
        assert_eq!(lib.resolve("1.5.2").map(|t| t.code.as_str()), Some("1.5.1.3"));
        assert!(lib.resolve("9.9.9").is_none());
    }

    #[test]
    fn the_first_edition_reads_and_covers_the_four_categories() {
        let lib = Library::built_in();
        assert!(lib.problems.len() >= 45, "{}", lib.problems.len());
        let categories: std::collections::BTreeSet<&str> = lib.problems.iter().map(|p| p.category.as_str()).collect();
        assert_eq!(categories.len(), 4, "{categories:?}");
        assert!(lib.problems.iter().all(|p| !p.wording.is_empty() && !p.basis.is_empty()));
    }

    #[test]
    fn a_concrete_instance_falls_under_its_general_failing() {
        let lib = Library::built_in();
        let general = lib.classify("违规收受礼品礼金").unwrap();
        let instance = lib.classify("春节期间收受管理服务对象购物卡2张").unwrap();
        assert_eq!(general.code, instance.code);
        assert_eq!(instance.name, "违规收送礼品礼金");
        assert!(instance.words.contains(&"购物卡".to_string()), "{instance:?}");
        let staffing = lib.classify("现有副科级领导干部7名,超出核定职数2名").unwrap();
        assert_eq!(staffing.name, "超职数配备干部");
    }

    #[test]
    fn neighbouring_failings_stay_apart() {
        let lib = Library::built_in();
        let car = lib.classify("公车私用,节假日驾驶公务用车回老家").unwrap();
        let dinner = lib.classify("公务接待超标准,无公函接待3次").unwrap();
        assert_ne!(car.code, dinner.code);
        let meetings = lib.classify("“三会一课”落实不到位,党员大会召开次数不足").unwrap();
        let recruits = lib.classify("发展党员程序不规范,政审材料缺失").unwrap();
        assert_ne!(meetings.code, recruits.code);
        assert_eq!(lib.classify("今天天气很好"), None);
    }

    #[test]
    fn a_bad_file_names_its_lines() {
        let errors = Library::parse("# 注释\n1.1\t甲\t乙\t丙\n2.1\t甲\t乙\t丙\t丁\t戊\t\n").unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].line, 2);
        assert!(errors[0].message.contains("7栏"));
        assert_eq!(errors[1].line, 3);
        assert!(errors[1].message.contains("识别词"));
        let dup = Library::parse("1\t甲\t乙\t丙\t丁\t\t词\n1\t甲\t乙\t丙\t丁\t\t词\n").unwrap_err();
        assert!(dup[0].message.contains("重复"));
        let odd = Library::parse("1<b>\t甲\t乙\t丙\t丁\t\t词\n2\t甲\t乙\t丙\u{200B}\t丁\t\t词\n").unwrap_err();
        assert!(odd[0].message.contains("编号") && odd[1].message.contains("零宽"), "{odd:?}");
    }

    #[test]
    fn a_finer_typical_problem_is_preferred_to_the_one_it_refines_and_covered_by_it() {
        let lib = Library::parse(concat!(
            "3.2.5\t类\t面\t党费收缴使用管理不规范\t表述\t依据\t党费&(收缴|管理|交纳)|党员&党费\n",
            "3.2.5.1\t类\t面\t党费未按标准足额交纳\t表述\t依据\t党费&少交\n",
            "3.2.50\t类\t面\t别的\t表述\t依据\t别的\n",
        ))
        .unwrap();
        // The broader one collects more characters (党费收缴, 党员党费), the finer one still wins.
        let c = lib.classify("党员党费收缴不规范,有人少交").unwrap();
        assert_eq!(c.code, "3.2.5.1");
        assert_eq!(lib.covering("3.2.5", "3.2.5.1"), Some("3.2.5"));
        assert_eq!(lib.covering("3.2.5.1", "3.2.5"), Some("3.2.5"));
        assert_eq!(lib.covering("3.2.5", "3.2.50"), None, "3.2.50 does not refine 3.2.5");
        assert_eq!(lib.covering("3.2.5", "3.2.5"), Some("3.2.5"));
    }

    #[test]
    fn parentheses_that_do_not_hold_a_whole_part_are_named_not_misread() {
        // "厕所&(无法使用|改造&质量)" once read as 厕所 & (无法使用|改造) & 质量: refused now.
        let errors = Library::parse(
            "9\t类\t面\t改厕\t表述\t依据\t厕所&(无法使用|改造&质量)\n8\t类\t面\t甲\t表述\t依据\t(甲|乙\n",
        )
        .unwrap_err();
        assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), vec![1, 2]);
        assert!(errors[0].message.contains("括号") && errors[1].message.contains("不成对"), "{errors:?}");
    }

    #[test]
    fn full_width_separators_as_an_input_method_types_them_are_read() {
        let lib = Library::parse("9\t类\t面\t礼品礼金\t表述\t依据\t礼品\u{FF5C}收受\u{FF06}卡\n").unwrap();
        assert!(lib.classify("收受购物卡2张").is_some());
        assert!(lib.classify("节日礼品").is_some());
    }

    #[test]
    fn alternatives_in_parentheses_belong_to_one_part() {
        let lib = Library::parse("9\t类\t面\t租金\t表述\t依据\t租金&(未收|拖欠)\n").unwrap();
        assert!(lib.classify("承包租金拖欠三年").is_some());
        assert!(lib.classify("租金标准偏低").is_none());
    }
}
