//! Tips (信访举报) from the public: channels, triage and replies. The tipper's identity is sealed:
//! it is kept apart from the tip and revealed only to those allowed, each time recorded.

use crate::error::Validator;
use crate::{RuleError, coded_enum};

coded_enum!(
    TipChannel {
        Phone = "phone" / "电话",
        Letter = "letter" / "信件",
        Email = "email" / "电子邮件",
        Visit = "visit" / "来访",
        PostBox = "post_box" / "意见箱",
        Online = "online" / "网上举报",
        /// A comment on a published disclosure the office found to be a tip (it keeps the
        /// commenter's receipt code).
        Comment = "comment" / "群众评价转办",
    }
);

impl TipChannel {
    /// The channels a person registers a tip from (a comment becomes a tip by moderation).
    pub const REGISTERED: &'static [TipChannel] = &[
        TipChannel::Phone,
        TipChannel::Letter,
        TipChannel::Email,
        TipChannel::Visit,
        TipChannel::PostBox,
        TipChannel::Online,
    ];
}

coded_enum!(
    TipStatus {
        Registered = "registered" / "已登记待处理",
        Accepted = "accepted" / "已受理",
        Forwarded = "forwarded" / "已转有关部门",
        NotAccepted = "not_accepted" / "不予受理",
    }
);

pub fn validate_tip(content: &str) -> Result<(), RuleError> {
    Validator::new().required("content", "举报内容", content).max_chars("content", "举报内容", content, 10_000).finish()
}

/// Triage: forwarding names the body it went to; refusing gives the reason.
pub fn check_triage(current: TipStatus, to: TipStatus, forwarded_to: &str, reason: &str) -> Result<(), RuleError> {
    if current != TipStatus::Registered {
        return Err(RuleError::state(format!("该举报已处理(当前状态:{})", current.label())));
    }
    let mut v = Validator::new();
    match to {
        TipStatus::Registered => {
            v.check(false, "status", "请选择受理、转办或不予受理");
        }
        TipStatus::Forwarded => {
            v.required("forwarded_to", "转办单位", forwarded_to);
        }
        TipStatus::NotAccepted => {
            v.required("reason", "不予受理的理由", reason);
        }
        TipStatus::Accepted => {}
    }
    v.finish()
}

/// Problems are linked to a tip the team accepted (it led to the finding); a tip forwarded or
/// refused led to none of this inspection's problems.
pub fn check_link(status: TipStatus, linking: bool) -> Result<(), RuleError> {
    if linking && status != TipStatus::Accepted {
        return Err(RuleError::invalid("problem_ids", "只有受理的举报可以关联巡察发现的问题"));
    }
    Ok(())
}

/// A reply can be recorded once the tip is triaged.
pub fn check_reply(current: TipStatus, reply: &str) -> Result<(), RuleError> {
    if current == TipStatus::Registered {
        return Err(RuleError::state("举报尚未处理,不能答复"));
    }
    Validator::new().required("reply", "答复内容", reply).max_chars("reply", "答复内容", reply, 5000).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarding_names_the_receiving_body() {
        assert!(check_triage(TipStatus::Registered, TipStatus::Forwarded, "", "").is_err());
        assert!(check_triage(TipStatus::Registered, TipStatus::Forwarded, "县信访局", "").is_ok());
    }

    #[test]
    fn refusing_needs_a_reason() {
        assert!(check_triage(TipStatus::Registered, TipStatus::NotAccepted, "", "").is_err());
        assert!(check_triage(TipStatus::Registered, TipStatus::NotAccepted, "", "不属于巡察范围").is_ok());
    }

    #[test]
    fn only_an_accepted_tip_leads_to_problems() {
        assert!(check_link(TipStatus::Accepted, true).is_ok());
        for other in [TipStatus::Registered, TipStatus::Forwarded, TipStatus::NotAccepted] {
            assert!(check_link(other, true).is_err(), "{other:?}");
            assert!(check_link(other, false).is_ok(), "unlinking everything is always possible");
        }
    }

    #[test]
    fn a_tip_is_triaged_once() {
        assert!(check_triage(TipStatus::Accepted, TipStatus::NotAccepted, "", "重复").is_err());
    }

    #[test]
    fn a_reply_waits_for_triage() {
        assert!(check_reply(TipStatus::Registered, "已转交").is_err());
        assert!(check_reply(TipStatus::Accepted, "已纳入巡察").is_ok());
    }
}
