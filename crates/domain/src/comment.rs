//! The public's verdict on a published disclosure (群众评价): a satisfaction rating (满意 / 基本满意
//! / 不满意) and a comment, anonymous or with contact details kept sealed like a tipper's. Nothing
//! is shown until the office approves it; the office may answer publicly, refuse with a reason,
//! or register a comment that is really a tip as one (it keeps its receipt code).
//!
//! The tally that feeds the score counts the ratings the office let stand (approved) and those
//! of comments turned into tips (the rating is genuine feedback though the text is a tip), and
//! never a refused one (spam, abuse); the refused are counted beside it, by rating, so that an
//! office refusing the dissatisfied to lift its score shows.

use serde::Serialize;

use crate::coded_enum;
use crate::error::{RuleError, Validator};

coded_enum!(
    Satisfaction {
        Satisfied = "satisfied" / "满意",
        Basic = "basic" / "基本满意",
        Dissatisfied = "dissatisfied" / "不满意",
    }
);

coded_enum!(
    CommentStatus {
        Pending = "pending" / "待审核",
        Approved = "approved" / "已公开",
        Rejected = "rejected" / "不予公开",
        Converted = "converted" / "已转为举报办理",
    }
);

/// The longest comment, answer and refusal (characters).
pub const MAX_COMMENT_CHARS: usize = 1000;
pub const MAX_ANSWER_CHARS: usize = 1000;
pub const MAX_REASON_CHARS: usize = 200;

/// Fewer ratings than this say too little to flag an organisation.
pub const MIN_RATINGS_TO_FLAG: i64 = 3;
/// Below this share of 满意 and 基本满意 (in percent), the organisation is flagged.
pub const LOW_SATISFACTION_PERCENT: i64 = 80;

/// What the public sends: a rating, a comment, or both.
pub fn validate_comment(
    rating: Option<Satisfaction>,
    content: &str,
    anonymous: bool,
    name: &str,
    contact: &str,
) -> Result<(), RuleError> {
    let mut v = Validator::new();
    v.check(rating.is_some() || !content.trim().is_empty(), "rating", "请选择满意程度或填写留言");
    v.max_chars("content", "留言", content, MAX_COMMENT_CHARS).plain("content", "留言", content);
    if !anonymous {
        v.max_chars("name", "姓名", name, 50)
            .plain("name", "姓名", name)
            .max_chars("contact", "联系方式", contact, 100)
            .plain("contact", "联系方式", contact);
    }
    v.finish()
}

/// Approving, refusing or turning into a tip decides a comment once.
pub fn check_pending(status: CommentStatus) -> Result<(), RuleError> {
    if status == CommentStatus::Pending {
        Ok(())
    } else {
        Err(RuleError::state(format!("该评价已处理(当前状态:{})", status.label())))
    }
}

/// A refusal says why (the commenter reads it with the receipt code).
pub fn check_reject(status: CommentStatus, reason: &str) -> Result<(), RuleError> {
    check_pending(status)?;
    Validator::new()
        .required("reason", "不予公开的理由", reason)
        .max_chars("reason", "不予公开的理由", reason, MAX_REASON_CHARS)
        .plain("reason", "不予公开的理由", reason)
        .finish()
}

/// A public answer stands under a published comment only.
pub fn check_answer(status: CommentStatus, answer: &str) -> Result<(), RuleError> {
    if status != CommentStatus::Approved {
        return Err(RuleError::state("只能答复已公开的评价"));
    }
    Validator::new()
        .required("answer", "公开答复", answer)
        .max_chars("answer", "公开答复", answer, MAX_ANSWER_CHARS)
        .plain("answer", "公开答复", answer)
        .finish()
}

/// A comment becomes a tip only if it has something to follow up.
pub fn check_convert(status: CommentStatus, content: &str) -> Result<(), RuleError> {
    check_pending(status)?;
    if content.trim().is_empty() {
        return Err(RuleError::state("只选了满意程度、没有留言的评价不能转为举报"));
    }
    Ok(())
}

/// Ratings by how satisfied.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SatisfactionTally {
    pub satisfied: i64,
    pub basic: i64,
    pub dissatisfied: i64,
}

impl SatisfactionTally {
    pub fn add(&mut self, rating: Satisfaction) {
        match rating {
            Satisfaction::Satisfied => self.satisfied += 1,
            Satisfaction::Basic => self.basic += 1,
            Satisfaction::Dissatisfied => self.dissatisfied += 1,
        }
    }

    pub fn merge(&mut self, other: SatisfactionTally) {
        self.satisfied += other.satisfied;
        self.basic += other.basic;
        self.dissatisfied += other.dissatisfied;
    }

    pub fn total(&self) -> i64 {
        self.satisfied + self.basic + self.dissatisfied
    }

    /// 满意率 as offices report it: 满意 and 基本满意 of all ratings, in whole percent rounded
    /// down (a rate never looks better than it is); `None` without ratings.
    pub fn rate_percent(&self) -> Option<i64> {
        let total = self.total();
        (total > 0).then(|| (self.satisfied + self.basic) * 100 / total)
    }

    /// Enough ratings, and too few of them satisfied.
    pub fn is_low(&self) -> bool {
        self.total() >= MIN_RATINGS_TO_FLAG && self.rate_percent().is_some_and(|r| r < LOW_SATISFACTION_PERCENT)
    }

    /// The score of an item worth `max`: 满意 counts whole, 基本满意 half, 不满意 nothing, in half
    /// points; `None` without ratings (the assessor judges by other means).
    pub fn score(&self, max: u32) -> Option<f64> {
        let total = self.total();
        if total == 0 {
            return None;
        }
        // In half points, integers only: 2·max·(2s + b) / (2·total) half points, rounded down.
        let halves = 2 * i64::from(max) * (2 * self.satisfied + self.basic) / (2 * total);
        Some(halves as f64 / 2.0)
    }

    /// The tally in words ("满意5条、基本满意2条、不满意1条").
    pub fn words(&self) -> String {
        format!("满意{}条、基本满意{}条、不满意{}条", self.satisfied, self.basic, self.dissatisfied)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Satisfaction::*;

    fn tally(s: i64, b: i64, d: i64) -> SatisfactionTally {
        SatisfactionTally { satisfied: s, basic: b, dissatisfied: d }
    }

    #[test]
    fn a_comment_needs_a_rating_or_words_and_bounded_plain_text() {
        assert!(validate_comment(None, "  ", true, "", "").is_err());
        assert!(validate_comment(Some(Basic), "", true, "", "").is_ok());
        assert!(validate_comment(None, "路灯修好了,点赞", true, "", "").is_ok());
        let long = "好".repeat(MAX_COMMENT_CHARS + 1);
        let e = validate_comment(Some(Satisfied), &long, true, "", "").unwrap_err();
        assert_eq!(e.fields(), vec!["content"]);
        let e = validate_comment(Some(Satisfied), "a\u{202E}b", true, "", "").unwrap_err();
        assert_eq!(e.fields(), vec!["content"]);
        // The name is checked only when the commenter gives it.
        assert!(validate_comment(Some(Satisfied), "", true, &"张".repeat(51), "").is_ok());
        let e = validate_comment(Some(Satisfied), "", false, &"张".repeat(51), "\u{0}").unwrap_err();
        assert_eq!(e.fields(), vec!["name", "contact"]);
    }

    #[test]
    fn a_comment_is_decided_once_and_answered_only_when_published() {
        assert!(check_pending(CommentStatus::Pending).is_ok());
        for s in [CommentStatus::Approved, CommentStatus::Rejected, CommentStatus::Converted] {
            assert!(check_pending(s).is_err(), "{s:?}");
            assert!(check_reject(s, "与整改无关").is_err(), "{s:?}");
        }
        assert_eq!(check_reject(CommentStatus::Pending, " ").unwrap_err().fields(), vec!["reason"]);
        assert!(check_answer(CommentStatus::Approved, "已转镇村建设办,本月底前完成维修").is_ok());
        assert!(check_answer(CommentStatus::Pending, "谢谢").is_err());
        assert!(check_answer(CommentStatus::Approved, "").is_err());
        assert!(check_convert(CommentStatus::Pending, "").is_err(), "a bare rating is no tip");
        assert!(check_convert(CommentStatus::Pending, "村支书的亲戚承包了护林员岗位").is_ok());
    }

    #[test]
    fn the_rate_counts_basic_as_satisfied_and_rounds_down() {
        assert_eq!(tally(0, 0, 0).rate_percent(), None);
        assert_eq!(tally(1, 1, 1).rate_percent(), Some(66));
        assert_eq!(tally(4, 0, 1).rate_percent(), Some(80));
        assert!(!tally(4, 0, 1).is_low(), "80% is the line, not below it");
        assert!(tally(3, 0, 1).is_low() && tally(0, 2, 1).is_low());
        assert!(!tally(0, 0, 2).is_low(), "two ratings say too little");
    }

    #[test]
    fn the_score_weighs_basic_half_in_half_points_within_the_marks() {
        assert_eq!(tally(0, 0, 0).score(10), None);
        assert_eq!(tally(5, 0, 0).score(10), Some(10.0));
        assert_eq!(tally(0, 0, 5).score(10), Some(0.0));
        assert_eq!(tally(1, 1, 1).score(10), Some(5.0));
        // (2·2 + 1) / (2·3) of 10 = 8.33…: 8 points (rounded down to the half point).
        assert_eq!(tally(2, 1, 0).score(10), Some(8.0));
        assert_eq!(tally(3, 0, 1).score(5), Some(3.5));
        let mut t = tally(1, 0, 0);
        t.add(Dissatisfied);
        t.merge(tally(0, 2, 0));
        assert_eq!((t.total(), t.words()), (4, "满意1条、基本满意2条、不满意1条".to_string()));
    }
}
