//! Text as the detectors see it: Chinese punctuation and spaces dropped, full-width digits made
//! ASCII, and character n-grams (Chinese has no spaces; bigrams are the usual unit for overlap).

use std::collections::HashSet;

/// Where a clause ends: ASCII and full-width commas, semicolons, colons, the full stop, marks and
/// brackets, the enumeration comma and line breaks (written as escapes: an editor or a tool that
/// folds full-width forms to ASCII must not change what splits).
pub const CLAUSE_END: &str = ",\u{FF0C};\u{FF1B}:\u{FF1A}\u{3002}\u{3001}!\u{FF01}?\u{FF1F}()\u{FF08}\u{FF09}\n\r";

/// Letters, digits and CJK characters only; full-width digits and letters become ASCII.
pub fn normalise(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            let c = match c {
                '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                other => other,
            };
            c.is_alphanumeric().then_some(c)
        })
        .collect()
}

/// The set of character n-grams of a normalised text (the whole text when shorter than n).
pub fn ngrams(text: &str, n: usize) -> HashSet<String> {
    let chars: Vec<char> = normalise(text).chars().collect();
    if chars.len() < n {
        return if chars.is_empty() { HashSet::new() } else { HashSet::from([chars.iter().collect()]) };
    }
    chars.windows(n).map(|w| w.iter().collect()).collect()
}

/// Share of `a`'s bigrams that also occur in `b` (0 when `a` is empty).
pub fn containment(a: &str, b: &str) -> f64 {
    let (x, y) = (ngrams(a, 2), ngrams(b, 2));
    if x.is_empty() {
        return 0.0;
    }
    x.intersection(&y).count() as f64 / x.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_and_width_do_not_count() {
        assert_eq!(normalise("加强学习,提高认识。"), "加强学习提高认识");
        assert_eq!(normalise("１０月底前"), "10月底前");
    }

    #[test]
    fn full_width_punctuation_ends_a_clause() {
        let text = "12月底前\u{FF0C}清理账户\u{FF1B}形成台账";
        assert_eq!(text.split(|c: char| CLAUSE_END.contains(c)).count(), 3);
    }

    #[test]
    fn containment_measures_how_much_of_a_is_in_b() {
        assert_eq!(containment("加强学习", "加强学习提高认识"), 1.0);
        assert_eq!(containment("", "任何"), 0.0);
        assert!(containment("清查光伏收益", "加强学习") < 0.01);
    }
}
