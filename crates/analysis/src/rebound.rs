//! Rebounds: at a look-back, a new problem that is an earlier closed problem of the same
//! organisation come back. Each pair gets a score and the words the two share, so the office can
//! confirm or dismiss with the reason in view.

use std::collections::HashSet;

use serde::Serialize;

use crate::text::ngrams;
use crate::words::content_words;

/// Score at or above which a pair is put to the office as a likely rebound.
pub const REBOUND_THRESHOLD: f64 = 0.3;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReboundMatch {
    /// 0–1: shared content words and shared wording, relative to the shorter text.
    pub score: f64,
    /// The content words both texts use, in the new problem's order.
    pub shared_words: Vec<String>,
}

fn overlap<T: Eq + std::hash::Hash>(a: &HashSet<T>, b: &HashSet<T>) -> f64 {
    let small = a.len().min(b.len());
    if small == 0 { 0.0 } else { a.intersection(b).count() as f64 / small as f64 }
}

/// How much `new` reads like `earlier` come back.
pub fn rebound_match(earlier: &str, new: &str) -> ReboundMatch {
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
    ReboundMatch { score: 0.6 * words + 0.4 * bigrams, shared_words }
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
    fn another_failing_scores_low() {
        let m = rebound_match("村务公开不及时,财务收支未按季度公开", "发展党员程序不规范,政审材料缺失");
        assert!(m.score < REBOUND_THRESHOLD, "{m:?}");
        assert!(m.shared_words.is_empty());
    }
}
