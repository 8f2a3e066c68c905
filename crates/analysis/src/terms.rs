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
    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub fn word(&self, id: usize) -> &str {
        &self.words[id]
    }

    /// Reads one field of terms ("礼品|收受&(卡|券)"); the error names the term with an empty part.
    pub fn parse_terms(&mut self, field: &str) -> Result<Vec<Term>, String> {
        let mut terms = Vec::new();
        for term in split_top(field, '|').into_iter().map(str::trim).filter(|t| !t.is_empty()) {
            let mut parts = Vec::new();
            for part in term.split('&').map(str::trim) {
                let alts = part.trim_start_matches(['(', '\u{FF08}']).trim_end_matches([')', '\u{FF09}']);
                let mut ids = Vec::new();
                for w in alts.split('|').map(normalise).filter(|w| !w.is_empty()) {
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
            for m in automaton.find_overlapping_iter(&normalise(text)) {
                found[m.pattern().as_usize()] = true;
            }
        }
        found
    }

    /// How specifically the terms match (the characters of the words of every term found in
    /// whole) and the words that matched, each once.
    pub fn score(&self, terms: &[Term], found: &[bool]) -> (usize, Vec<usize>) {
        let (mut score, mut used) = (0, Vec::new());
        for term in terms {
            let hits: Vec<Option<usize>> =
                term.parts.iter().map(|alts| alts.iter().copied().find(|w| found[*w])).collect();
            if hits.iter().all(Option::is_some) {
                for w in hits.into_iter().flatten() {
                    score += self.words[w].chars().count();
                    if !used.contains(&w) {
                        used.push(w);
                    }
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
    }
}
