//! Concepts of a failing: what a finding is about (its object: 党费, 公车, 村级工程 …) and how it
//! went wrong (its failing: 少缴, 私用, 亲属承揽 …), each recognised by its plain and official
//! forms. A typical problem of the 问题库 is, most of the time, one object failing in one way; a
//! finding written in plain words ("按每月10元交党费", "开着公车送孩子上补习班") names the pair
//! without naming the typical problem. Two findings of one organisation that share an object and
//! a failing are the same failing; sharing only the object (党费 collected short, 党费 spent on
//! tea) is not. Some words name both ("撂荒" is 耕地 left idle, "小金库" is money kept off the
//! books): two findings that both use one are the same failing, which is why the word is listed
//! under both; a word that names an object only ("吃饭", "村干部") is not a failing's term.
//! A conduct (行为: 打牌, 饮酒, 大操大办) is the whole failing whatever it touches: two findings
//! of one conduct are the same failing, two of different conducts are not.
//!
//! The lexicon is data (`library/concepts.tsv`), shipped with the system: one concept per line,
//! its kind (对象, 失误 or 行为), its name and its terms written as the 问题库 writes them, each
//! word of at least two characters.

use std::sync::LazyLock;

use crate::library::{LineError, MAX_WORDS};
use crate::terms::{Term, Words};

/// The lexicon as shipped.
pub const LEXICON: &str = include_str!("../library/concepts.tsv");

/// The most concepts a lexicon may hold.
pub const MAX_CONCEPTS: usize = 2000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConceptKind {
    /// What the finding is about.
    Object,
    /// How it went wrong.
    Failing,
    /// A conduct that is the whole failing whatever it touches (打牌, 饮酒, 大操大办).
    Conduct,
}

#[derive(Debug, Clone)]
struct Concept {
    kind: ConceptKind,
    name: String,
    terms: Vec<Term>,
    /// The terms as written in the file.
    terms_text: String,
}

impl ConceptKind {
    /// The kind as the file writes it.
    pub fn label(self) -> &'static str {
        match self {
            ConceptKind::Object => "对象",
            ConceptKind::Failing => "失误",
            ConceptKind::Conduct => "行为",
        }
    }
}

/// One concept as written: its kind, name and terms.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub kind: ConceptKind,
    pub name: &'a str,
    pub terms: &'a str,
}

/// A concept a text names: its index in the lexicon, the words that named it and how
/// specifically (the characters of those words).
#[derive(Debug, Clone, PartialEq)]
struct Named {
    concept: usize,
    words: Vec<usize>,
    score: usize,
}

/// The concepts a text names: objects, failings and conducts apart.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    objects: Vec<Named>,
    failings: Vec<Named>,
    conducts: Vec<Named>,
}

fn find(list: &[Named], concept: usize) -> Option<&Named> {
    list.iter().find(|n| n.concept == concept)
}

/// The object and the failing two texts share, by name.
#[derive(Debug, Clone, PartialEq)]
pub struct Shared {
    /// None for a conduct, which needs no object.
    pub object: Option<String>,
    pub failing: String,
}

#[derive(Debug, Clone)]
pub struct Concepts {
    concepts: Vec<Concept>,
    words: Words,
}

static BUILT_IN: LazyLock<Concepts> =
    LazyLock::new(|| Concepts::parse(LEXICON).expect("the shipped concept lexicon reads without error"));

impl Concepts {
    pub fn built_in() -> &'static Concepts {
        &BUILT_IN
    }

    /// Reads a lexicon: `#` lines are comments; each other line is kind, name and terms,
    /// tab-separated. Every bad line is named; an office's file is read as the 问题库 is (sizes
    /// bounded, separators typed full-width accepted, invisible characters refused).
    pub fn parse(tsv: &str) -> Result<Concepts, Vec<LineError>> {
        let (mut concepts, mut errors, mut words) = (Vec::new(), Vec::new(), Words::with_min_chars(2));
        for (n, line) in tsv.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut err = |message: String| errors.push(LineError { line: n + 1, message });
            if concepts.len() >= MAX_CONCEPTS {
                err(format!("概念超过{MAX_CONCEPTS}个,其后各行未读"));
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
            let kind = match f.first() {
                Some(&"对象") => ConceptKind::Object,
                Some(&"失误") => ConceptKind::Failing,
                Some(&"行为") => ConceptKind::Conduct,
                _ => {
                    err("第1栏应为“对象”“失误”或“行为”".into());
                    continue;
                }
            };
            if f.len() != 3 || f[1].is_empty() {
                err("应有3栏(类别、名称、识别词)".into());
                continue;
            }
            if f[1].chars().count() > 30 || f[2].chars().count() > 5000 {
                err("名称不超过30字,识别词不超过5000字".into());
                continue;
            }
            // Names are told apart as they read: invisible marks and punctuation do not count.
            let key = crate::text::normalise(f[1]).to_lowercase();
            if key.is_empty() {
                err("名称应含文字".into());
                continue;
            }
            if concepts.iter().any(|c: &Concept| crate::text::normalise(&c.name).to_lowercase() == key) {
                err(format!("名称“{}”重复", f[1]));
                continue;
            }
            match words.parse_terms(f[2]) {
                Ok(terms) if !terms.is_empty() => {
                    concepts.push(Concept { kind, name: f[1].into(), terms, terms_text: f[2].into() })
                }
                Ok(_) => err("至少要有一个识别词".into()),
                Err(message) => err(message),
            }
            if words.len() > MAX_WORDS {
                errors.push(LineError { line: n + 1, message: format!("识别词超过{MAX_WORDS}个") });
                break;
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        words.build();
        Ok(Concepts { concepts, words })
    }

    /// The concepts as written, in file order.
    pub fn entries(&self) -> impl Iterator<Item = Entry<'_>> {
        self.concepts.iter().map(|c| Entry { kind: c.kind, name: &c.name, terms: &c.terms_text })
    }

    pub fn len(&self) -> usize {
        self.concepts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.concepts.is_empty()
    }

    /// The objects, failings and conducts the text names.
    pub fn profile(&self, text: &str) -> Profile {
        let found = self.words.found(text);
        let mut profile = Profile::default();
        for (i, c) in self.concepts.iter().enumerate() {
            let (score, words) = self.words.score(&c.terms, &found);
            if score > 0 {
                let named = Named { concept: i, words, score };
                match c.kind {
                    ConceptKind::Object => profile.objects.push(named),
                    ConceptKind::Failing => profile.failings.push(named),
                    ConceptKind::Conduct => profile.conducts.push(named),
                }
            }
        }
        profile
    }

    /// What both profiles name alike, the most specific first: a conduct, or else an object and
    /// a failing.
    pub fn shared(&self, a: &Profile, b: &Profile) -> Option<Shared> {
        let name = |i: usize| self.concepts[i].name.clone();
        let conduct = a
            .conducts
            .iter()
            .filter_map(|x| find(&b.conducts, x.concept).map(|y| (x.score + y.score, x.concept)))
            .max();
        if let Some((_, c)) = conduct {
            return Some(Shared { object: None, failing: name(c) });
        }
        let mut best: Option<(usize, usize, usize)> = None;
        for oa in &a.objects {
            let Some(ob) = find(&b.objects, oa.concept) else { continue };
            for fa in &a.failings {
                let Some(fb) = find(&b.failings, fa.concept) else { continue };
                let score = oa.score + ob.score + fa.score + fb.score;
                if best.is_none_or(|(s, _, _)| score > s) {
                    best = Some((score, oa.concept, fa.concept));
                }
            }
        }
        best.map(|(_, o, f)| Shared { object: Some(name(o)), failing: name(f) })
    }

    /// Both are conducts and none the same (饮酒 and 打牌): two failings, whatever typical
    /// problem or words they share.
    pub fn conducts_apart(&self, a: &Profile, b: &Profile) -> bool {
        !a.conducts.is_empty()
            && !b.conducts.is_empty()
            && !a.conducts.iter().any(|c| find(&b.conducts, c.concept).is_some())
    }

    /// Both name how they went wrong (a failing or a conduct) and no way is the same.
    pub fn failings_apart(&self, a: &Profile, b: &Profile) -> bool {
        let ways = |p: &Profile| -> Vec<usize> { p.failings.iter().chain(&p.conducts).map(|n| n.concept).collect() };
        let (wa, wb) = (ways(a), ways(b));
        !wa.is_empty() && !wb.is_empty() && !wa.iter().any(|w| wb.contains(w))
    }

    /// Names of the concepts of a profile: objects, then failings and conducts.
    #[cfg(test)]
    pub fn names(&self, p: &Profile) -> (Vec<&str>, Vec<&str>) {
        let name = |n: &Named| self.concepts[n.concept].name.as_str();
        (p.objects.iter().map(name).collect(), p.failings.iter().chain(&p.conducts).map(name).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lexicon_reads_and_names_both_kinds() {
        let c = Concepts::built_in();
        let p = c.profile("6名党员一直按每月10元交党费");
        let (objects, failings) = c.names(&p);
        assert!(objects.contains(&"党费") && failings.contains(&"少缴不足"), "{objects:?} {failings:?}");
    }

    #[test]
    fn the_most_specific_shared_object_and_failing_are_named() {
        let c = Concepts::built_in();
        let (a, b) =
            (c.profile("村集体土地承包费欠缴4.2万元"), c.profile("果园承包户两年没交承包费,村里只打过一次电话催缴"));
        let shared = c.shared(&a, &b).expect("both name the arrears of a collective contract");
        assert_eq!((shared.object.as_deref(), shared.failing.as_str()), (Some("集体资产资源"), "欠缴未收"));
    }

    #[test]
    fn single_characters_and_stray_parentheses_are_refused() {
        let errors = Concepts::parse("失误\t甲\t去&(年|月)\n行为\t乙\t没有&采砂(许可|手续)\n").unwrap_err();
        assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), vec![1, 2]);
        assert!(Concepts::parse("对象\t甲\t词汇\n对象\t甲\t词语\n").unwrap_err()[0].message.contains("重复"));
    }

    #[test]
    fn an_office_file_is_read_as_typed_and_bounded() {
        // Separators typed full-width by a Chinese input method read as the ASCII ones.
        let c = Concepts::parse("行为\t打牌\t打牌｜斗地主＆(上班|工作)\n").unwrap();
        let (_, ways) = c.names(&c.profile("上班时间在电脑上斗地主"));
        assert_eq!(ways, vec!["打牌"]);
        assert_eq!(c.entries().next().map(|e| e.terms), Some("打牌|斗地主&(上班|工作)"));
        // An invisible character is refused by line; so is a lexicon past its size.
        let errors = Concepts::parse("对象\t党费\t党\u{200B}费\n").unwrap_err();
        assert!(errors[0].message.contains("零宽"), "{errors:?}");
        let many: String = (0..=MAX_CONCEPTS).map(|i| format!("对象\t名称{i}\t词语{i}\n")).collect();
        let errors = Concepts::parse(&many).unwrap_err();
        assert!(errors.iter().any(|e| e.message.contains("概念超过")), "{:?}", errors.last());
        let same = Concepts::parse("对象\t党费\t党费\n对象\t党\u{200E}费\t党员交费\n").unwrap_err();
        assert!(same[0].message.contains("重复") && same[0].line == 2, "{same:?}");
        let long = format!("对象\t{}\t词语\n", "名".repeat(31));
        assert!(Concepts::parse(&long).is_err());
    }

    #[test]
    fn a_bad_line_is_named() {
        let errors = Concepts::parse("# 注释\n对像\t党费\t党费\n失误\t少缴\t\n").unwrap_err();
        assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), vec![2, 3]);
    }
}

#[cfg(test)]
mod study {
    use super::*;

    /// `CONCEPTS_STUDY=file cargo test -p xuncha-analysis --lib concepts::study -- --ignored
    /// --nocapture`: the concepts of each side of each pair of a file of `label<TAB>a<TAB>b`.
    #[test]
    #[ignore]
    fn print_profiles() {
        let Ok(path) = std::env::var("CONCEPTS_STUDY") else { return };
        let c = Concepts::built_in();
        for line in std::fs::read_to_string(path).unwrap_or_default().lines() {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 3 {
                continue;
            }
            let (a, b) = (c.profile(f[1]), c.profile(f[2]));
            let m = crate::rebound::rebound_match(f[1], f[2]);
            let why = if m.is_likely() { m.reason() } else { String::new() };
            println!(
                "{} {:?} || {:?} => {why} ({:.2})\n   {}\n   {}",
                f[0],
                c.names(&a),
                c.names(&b),
                m.score,
                f[1],
                f[2]
            );
        }
    }
}
