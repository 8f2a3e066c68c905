//! A ledger imported into an inspection that already holds some of its problems (an office
//! imports the unit's updated ledger a second time, or problems were fed back through the
//! system first): each ledger problem is matched to one already there, or to an earlier row
//! of the same file, instead of being created twice; a measure already on the matched problem
//! is not imported again.
//!
//! Two texts are the same when they read the same: spacing, punctuation, full-width letters
//! and a leading list number ("1." "(一)" "问题3:") do not count. Anything else does — a
//! ledger that rewords a problem is a new problem until the office says otherwise.

use crate::id::ProblemId;

/// A problem already on the inspection, with its measures' contents.
#[derive(Debug, Clone)]
pub struct Known<'a> {
    pub id: ProblemId,
    pub number: i64,
    /// Closed (销号): a ledger row repeating it is not imported at all.
    pub closed: bool,
    pub summary: &'a str,
    pub measures: Vec<&'a str>,
}

/// A problem as the ledger gives it.
#[derive(Debug, Clone)]
pub struct Incoming<'a> {
    pub summary: &'a str,
    pub measures: Vec<&'a str>,
}

/// What a ledger problem joins instead of being created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A problem already on the inspection (its id and number).
    Existing(ProblemId, i64),
    /// An earlier problem of the same file (its index), created by this import.
    Earlier(usize),
}

/// The match of one ledger problem: where it goes, and which of its measures (by index) are
/// already there and so left out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Match {
    pub target: Option<Target>,
    pub repeated: Vec<usize>,
    /// The problem joined is closed: nothing of this row is imported.
    pub closed: bool,
}

/// The text as compared: without a leading list number, no spacing or punctuation, ASCII for
/// full-width forms, lower case.
pub fn comparable(text: &str) -> String {
    let folded: String = text
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            other => other,
        })
        .collect();
    strip_list_number(folded.trim()).chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// A list number is a numeral set off by punctuation at the start: "1." "3、" "(一)" "问题3:".
/// A numeral that runs into the text ("2个村…") belongs to it and stays.
fn strip_list_number(s: &str) -> &str {
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    let unmarked = s.trim_start();
    // "问题" is a list label only before a numeral ("问题3:"), not in "问题整改不彻底".
    let s = match unmarked.strip_prefix("问题") {
        Some(rest) if rest.trim_start().starts_with(numeral) => rest.trim_start(),
        _ => unmarked,
    };
    let (opened, s) = match s.strip_prefix(['(', '（']) {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let rest = s.trim_start_matches(numeral);
    if rest.len() == s.len() {
        return s;
    }
    let closers: &[char] = if opened { &[')', '）'] } else { &['.', '、', '．', ':', '：', ')', '）'] };
    match rest.strip_prefix(closers) {
        // "1.5万元" is a number, not item 1.
        Some(text) if !text.starts_with(|c: char| c.is_ascii_digit()) => text.trim_start(),
        _ => s,
    }
}

/// Matches each incoming problem to a known one or to an earlier incoming one with the same
/// text, and marks its measures already present there (or repeated within it).
pub fn match_ledger(known: &[Known<'_>], incoming: &[Incoming<'_>]) -> Vec<Match> {
    use std::collections::{HashMap, HashSet};
    // A target's key: a known problem by its position, an earlier row by its index.
    #[derive(Clone, Copy, PartialEq, Eq, Hash)]
    enum Slot {
        Known(usize),
        Row(usize),
    }
    let mut by_text: HashMap<String, Slot> = HashMap::new();
    for (k, p) in known.iter().enumerate() {
        let key = comparable(p.summary);
        if !key.is_empty() {
            by_text.entry(key).or_insert(Slot::Known(k));
        }
    }
    // The measures each target holds so far: the known ones, then what this import adds.
    let mut held: HashMap<Slot, HashSet<String>> = known
        .iter()
        .enumerate()
        .map(|(k, p)| (Slot::Known(k), p.measures.iter().map(|m| comparable(m)).collect()))
        .collect();
    let mut out = Vec::with_capacity(incoming.len());
    for (i, p) in incoming.iter().enumerate() {
        let key = comparable(p.summary);
        let slot = if key.is_empty() { None } else { by_text.get(&key).copied() };
        let own = slot.unwrap_or(Slot::Row(i));
        if slot.is_none() && !key.is_empty() {
            by_text.insert(key, own);
        }
        let measures = held.entry(own).or_default();
        let mut repeated = Vec::new();
        for (mi, m) in p.measures.iter().enumerate() {
            let mk = comparable(m);
            if !mk.is_empty() && !measures.insert(mk) {
                repeated.push(mi);
            }
        }
        let (target, closed) = match slot {
            Some(Slot::Known(k)) => (Some(Target::Existing(known[k].id, known[k].number)), known[k].closed),
            Some(Slot::Row(j)) => (Some(Target::Earlier(j)), false),
            None => (None, false),
        };
        out.push(Match { target, repeated, closed });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known<'a>(id: i64, number: i64, summary: &'a str, measures: &[&'a str]) -> Known<'a> {
        Known { id: ProblemId::new(id), number, closed: false, summary, measures: measures.to_vec() }
    }
    fn incoming<'a>(summary: &'a str, measures: &[&'a str]) -> Incoming<'a> {
        Incoming { summary, measures: measures.to_vec() }
    }

    #[test]
    fn spacing_punctuation_width_and_list_numbers_do_not_count() {
        assert_eq!(
            comparable("1.村级财务管理不规范, 部分村光伏收益长期未入账。"),
            comparable("村级财务管理不规范,部分村光伏收益长期未入账")
        );
        assert_eq!(comparable("(一)落实ＡＢＣ制度"), comparable("落实abc制度"));
        assert_eq!(comparable("问题3:三重一大制度执行不严"), comparable("三重一大制度执行不严"));
        // A number that belongs to the text stays: "2个村" is not list item 2, "1.5万元" not
        // item 1, and "问题整改不彻底" is not "整改不彻底".
        assert_ne!(comparable("1.5万元光伏收益未入账"), comparable("5万元光伏收益未入账"));
        assert_ne!(comparable("2 个村未建立台账"), comparable("个村未建立台账"));
        assert_ne!(comparable("问题整改不彻底"), comparable("整改不彻底"));
        assert_ne!(comparable("2个村未建立台账"), comparable("个村未建立台账"));
        assert_ne!(comparable("3个村支部党员发展连续5年空白"), comparable("村支部党员发展连续5年空白"));
    }

    #[test]
    fn a_problem_already_there_is_joined_and_its_known_measures_left_out() {
        let k = [known(7, 3, "村级财务管理不规范,部分村光伏收益长期未入账", &["逐村清查光伏收益"])];
        let m = match_ledger(
            &k,
            &[incoming("3. 村级财务管理不规范,部分村光伏收益长期未入账", &["逐村清查光伏收益。", "建立光伏收益台账"])],
        );
        assert_eq!(m[0].target, Some(Target::Existing(ProblemId::new(7), 3)));
        assert_eq!(m[0].repeated, vec![0]);
    }

    #[test]
    fn a_reworded_problem_is_new_and_a_repeat_within_the_file_joins_its_first_row() {
        let k = [known(7, 3, "村级财务管理不规范", &[])];
        let m = match_ledger(
            &k,
            &[
                incoming("村级财务制度执行不到位", &["修订财务制度"]),
                incoming("发展党员工作滞后", &["制定发展计划"]),
                incoming("村级财务制度执行不到位", &["修订财务制度", "开展财务培训"]),
            ],
        );
        assert_eq!(m[0], Match { target: None, repeated: vec![], closed: false });
        assert_eq!(m[1].target, None);
        assert_eq!(m[2], Match { target: Some(Target::Earlier(0)), repeated: vec![0], closed: false });
    }

    #[test]
    fn measures_repeated_within_one_problem_are_left_out_once() {
        let m = match_ledger(&[], &[incoming("问题", &["清查", "清查", "建账"])]);
        assert_eq!(m[0].repeated, vec![1]);
    }

    #[test]
    fn a_closed_problem_is_matched_and_marked() {
        let mut k = known(9, 4, "档案管理不规范", &[]);
        k.closed = true;
        let m = match_ledger(&[k], &[incoming("档案管理不规范", &["整理归档"])]);
        assert_eq!(m[0].target, Some(Target::Existing(ProblemId::new(9), 4)));
        assert!(m[0].closed);
    }

    #[test]
    fn an_empty_summary_matches_nothing() {
        let k = [known(1, 1, "", &[])];
        assert_eq!(match_ledger(&k, &[incoming(" 。", &[])])[0].target, None);
    }
}
