//! Recognition terms as the 问题库 and the concept lexicon write them: alternatives separated by
//! "|", parts that must all occur joined by "&", a part's own alternatives in parentheses
//! ("收受&(卡|券)"). Every word of a list is found in one pass of one automaton.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::text::normalise;

/// A term: every part must occur; a part is one of its alternatives.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    parts: Vec<Vec<usize>>,
}

/// The words of every term of a list, each kept once, and the automaton that finds them.
#[derive(Debug, Clone, Default)]
pub struct Words {
    words: Vec<String>,
    index: HashMap<String, usize>,
    automaton: Option<AhoCorasick>,
    /// A term needs a part whose words are all at least this long: a single character matches
    /// almost anywhere ("去" in "去年"), though it may narrow a longer part ("收了&(烟|酒)").
    min_chars: usize,
}

/// A line of a terms file as typed: the separators a Chinese input method types full-width
/// ("礼品｜礼金", "收受＆卡") read as the ASCII ones; a line holding an invisible zero-width
/// character is refused in words.
pub fn read_line(line: &str) -> Result<String, String> {
    let line = line.replace('\u{FF5C}', "|").replace('\u{FF06}', "&");
    if line.chars().any(|c| matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')) {
        return Err("含有看不见的零宽字符,请删除后重新导入".into());
    }
    Ok(line)
}

/// Words as matched: normalised, Latin letters in lower case ("U盘", "u盘").
fn fold(text: &str) -> String {
    normalise(text).to_lowercase()
}

/// Splits at `sep` outside parentheses.
fn split_top(s: &str, sep: char) -> Vec<&str> {
    let (mut depth, mut start, mut out) = (0i32, 0, Vec::new());
    for (i, c) in s.char_indices() {
        match c {
            '(' | '\u{FF08}' => depth += 1,
            ')' | '\u{FF09}' => depth -= 1,
            c if c == sep && depth == 0 => {
                out.push(&s[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

impl Words {
    /// Words of at least `min_chars` characters.
    pub fn with_min_chars(min_chars: usize) -> Words {
        Words { min_chars, ..Words::default() }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub fn word(&self, id: usize) -> &str {
        &self.words[id]
    }

    /// Reads one field of terms ("礼品|收受&(卡|券)"); the error names the term that cannot be
    /// read: an empty part, parentheses that do not pair or do not hold a whole part
    /// ("采砂(许可|手续)" would read as "采砂许可|手续"), a word too short.
    pub fn parse_terms(&mut self, field: &str) -> Result<Vec<Term>, String> {
        let open = |c: char| matches!(c, '(' | '\u{FF08}');
        let close = |c: char| matches!(c, ')' | '\u{FF09}');
        let mut depth = 0i32;
        for c in field.chars() {
            depth += i32::from(open(c)) - i32::from(close(c));
            if !(0..=1).contains(&depth) {
                break;
            }
        }
        if depth != 0 {
            return Err("识别词的括号不成对".into());
        }
        let mut terms = Vec::new();
        for term in split_top(field, '|').into_iter().map(str::trim).filter(|t| !t.is_empty()) {
            let mut parts = Vec::new();
            for part in term.split('&').map(str::trim) {
                let wrapped = part.starts_with(open) && part.ends_with(close);
                let alts = if wrapped { part.trim_start_matches(open).trim_end_matches(close) } else { part };
                if alts.contains(open) || alts.contains(close) {
                    return Err(format!("识别词“{term}”中的括号应括住“&”两边的一整段"));
                }
                let mut ids = Vec::new();
                for w in alts.split('|').map(fold).filter(|w| !w.is_empty()) {
                    let id = *self.index.entry(w.clone()).or_insert_with(|| {
                        self.words.push(w.clone());
                        self.words.len() - 1
                    });
                    ids.push(id);
                }
                if ids.is_empty() {
                    return Err(format!("识别词“{term}”中有空的部分"));
                }
                parts.push(ids);
            }
            let anchored = |ids: &Vec<usize>| ids.iter().all(|w| self.words[*w].chars().count() >= self.min_chars);
            if !parts.iter().any(anchored) {
                return Err(format!("识别词“{term}”没有一段是{}字以上的词,几乎处处都能匹配", self.min_chars));
            }
            terms.push(Term { parts });
        }
        Ok(terms)
    }

    /// Builds the automaton once every term is read.
    pub fn build(&mut self) {
        self.automaton = (!self.words.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&self.words)
                .expect("recognition words build an automaton")
        });
    }

    /// Which words occur in the text (normalised as the words were).
    pub fn found(&self, text: &str) -> Vec<bool> {
        let mut found = vec![false; self.words.len()];
        if let Some(automaton) = &self.automaton {
            for m in automaton.find_overlapping_iter(&fold(text)) {
                found[m.pattern().as_usize()] = true;
            }
        }
        found
    }

    /// How specifically the terms match (the characters of the words of every term found in
    /// whole) and the words that matched, each once.
    pub fn score(&self, terms: &[Term], found: &[bool]) -> (usize, Vec<usize>) {
        let (mut score, mut used) = (0, Vec::new());
        // Most terms of most lists miss: find that without allocating, then take the words of
        // those that match whole.
        let hit = |alts: &Vec<usize>| alts.iter().copied().find(|w| found[*w]);
        for term in terms.iter().filter(|t| t.parts.iter().all(|alts| hit(alts).is_some())) {
            for w in term.parts.iter().filter_map(hit) {
                score += self.words[w].chars().count();
                if !used.contains(&w) {
                    used.push(w);
                }
            }
        }
        (score, used)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternatives_parts_and_parentheses() {
        let mut words = Words::default();
        let terms = words.parse_terms("礼品|收受&(卡|券)").unwrap();
        words.build();
        let score = |t: &str| words.score(&terms, &words.found(t)).0;
        assert_eq!(score("节日礼品"), 2);
        assert_eq!(score("收受购物卡"), 3);
        assert_eq!(score("收受现金"), 0);
        assert!(words.parse_terms("甲&").is_err());
        assert_eq!(words.found("U盘").len(), words.len());
    }

    #[test]
    fn parentheses_hold_whole_parts_and_pair() {
        let mut words = Words::default();
        for bad in ["没有&采砂(许可|手续)", "(许可|手续", "许可)", "((甲|乙))"] {
            assert!(words.parse_terms(bad).is_err(), "{bad}");
        }
        let mut strict = Words::with_min_chars(2);
        assert!(strict.parse_terms("去&(年|月)").is_err());
        assert!(strict.parse_terms("收了&(烟|酒)").is_ok(), "a single character may narrow a longer part");
        let terms = strict.parse_terms("U盘&(外网|内网)").unwrap();
        strict.build();
        assert!(strict.score(&terms, &strict.found("把u盘插在外网电脑上")).0 > 0);
    }
}
