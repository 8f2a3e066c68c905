//! Concepts of a failing: what a finding is about (its object: 党费, 公车, 村级工程 …) and how it
//! went wrong (its failing: 少缴, 私用, 亲属承揽 …), each recognised by its plain and official
//! forms. A typical problem of the 问题库 is, most of the time, one object failing in one way; a
//! finding written in plain words ("按每月10元交党费", "开着公车送孩子上补习班") names the pair
//! without naming the typical problem. Two findings of one organisation that share an object and
//! a failing are the same failing; sharing only the object (党费 collected short, 党费 spent on
//! tea) is not.
//!
//! The lexicon is data (`library/concepts.tsv`), shipped with the system: one concept per line,
//! its kind (对象 or 失误), its name and its terms written as the 问题库 writes them.

use std::sync::LazyLock;

use crate::library::LineError;
use crate::terms::{Term, Words};

/// The lexicon as shipped.
pub const LEXICON: &str = include_str!("../library/concepts.tsv");

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
}

/// The concepts a text names: indices into the lexicon, objects and failings apart.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    objects: Vec<usize>,
    failings: Vec<usize>,
    conducts: Vec<usize>,
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
    /// tab-separated. Every bad line is named.
    pub fn parse(tsv: &str) -> Result<Concepts, Vec<LineError>> {
        let (mut concepts, mut errors, mut words) = (Vec::new(), Vec::new(), Words::default());
        for (n, line) in tsv.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut err = |message: String| errors.push(LineError { line: n + 1, message });
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
            if concepts.iter().any(|c: &Concept| c.name == f[1]) {
                err(format!("名称“{}”重复", f[1]));
                continue;
            }
            match words.parse_terms(f[2]) {
                Ok(terms) if !terms.is_empty() => concepts.push(Concept { kind, name: f[1].into(), terms }),
                Ok(_) => err("至少要有一个识别词".into()),
                Err(message) => err(message),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        words.build();
        Ok(Concepts { concepts, words })
    }

    /// The objects and failings the text names.
    pub fn profile(&self, text: &str) -> Profile {
        let found = self.words.found(text);
        let mut profile = Profile::default();
        for (i, c) in self.concepts.iter().enumerate() {
            if self.words.score(&c.terms, &found).0 > 0 {
                match c.kind {
                    ConceptKind::Object => profile.objects.push(i),
                    ConceptKind::Failing => profile.failings.push(i),
                    ConceptKind::Conduct => profile.conducts.push(i),
                }
            }
        }
        profile
    }

    /// What both profiles name alike: a conduct, or else an object and a failing.
    pub fn shared(&self, a: &Profile, b: &Profile) -> Option<Shared> {
        let name = |i: &usize| self.concepts[*i].name.clone();
        if let Some(conduct) = a.conducts.iter().find(|c| b.conducts.contains(c)) {
            return Some(Shared { object: None, failing: name(conduct) });
        }
        let object = a.objects.iter().find(|o| b.objects.contains(o))?;
        let failing = a.failings.iter().find(|f| b.failings.contains(f))?;
        Some(Shared { object: Some(name(object)), failing: name(failing) })
    }

    /// Both are conducts and none the same (饮酒 and 打牌): two failings, whatever typical
    /// problem or words they share.
    pub fn conducts_apart(&self, a: &Profile, b: &Profile) -> bool {
        !a.conducts.is_empty() && !b.conducts.is_empty() && !a.conducts.iter().any(|c| b.conducts.contains(c))
    }

    /// Both name how they went wrong and no way is the same.
    pub fn failings_apart(&self, a: &Profile, b: &Profile) -> bool {
        let fa: Vec<&usize> = a.failings.iter().chain(&a.conducts).collect();
        let fb: Vec<&usize> = b.failings.iter().chain(&b.conducts).collect();
        !fa.is_empty() && !fb.is_empty() && !fa.iter().any(|f| fb.contains(f))
    }

    /// Names of the concepts of a profile (for study and tests).
    pub fn names(&self, p: &Profile) -> (Vec<&str>, Vec<&str>) {
        let name = |i: &usize| self.concepts[*i].name.as_str();
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
        assert!(objects.contains(&"党费") && !failings.is_empty(), "{objects:?} {failings:?}");
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
