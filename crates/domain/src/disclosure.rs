//! Disclosure (公开) of rectification progress: the office drafts a public text, approves it, or
//! withholds it on a recorded ground. The public tally counts problems as a published ledger
//! does ("697 problems: 688 done, 4 largely done and continuing, 5 not done").

use serde::Serialize;

use crate::error::Validator;
use crate::measure::MeasureStatus;
use crate::{RuleError, coded_enum};

coded_enum!(
    DisclosureStatus {
        Draft = "draft" / "待审批",
        Published = "published" / "已公开",
        Withheld = "withheld" / "不予公开",
    }
);

coded_enum!(
    /// The only grounds on which progress may be kept from the public.
    WithholdGround {
        StateSecret = "state_secret" / "涉及国家秘密",
        OpenCase = "open_case" / "涉及正在查办的案件",
        Unrest = "unrest" / "可能引发不稳定因素",
        Sensitive = "sensitive" / "其他重大敏感事项",
    }
);

/// Problems by how far their rectification has gone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Tally {
    pub done: i64,
    pub largely_done: i64,
    pub not_done: i64,
}

impl Tally {
    pub fn total(&self) -> i64 {
        self.done + self.largely_done + self.not_done
    }

    /// Adds one problem given its measures: done when closed (all measures verified), largely
    /// done when every measure is at least reported largely done, otherwise not done.
    pub fn add_problem(&mut self, closed: bool, measures: &[MeasureStatus]) {
        let advanced =
            |s: &MeasureStatus| matches!(s, MeasureStatus::Closed | MeasureStatus::Done | MeasureStatus::LargelyDone);
        if closed {
            self.done += 1;
        } else if !measures.is_empty() && measures.iter().all(advanced) {
            self.largely_done += 1;
        } else {
            self.not_done += 1;
        }
    }
}

pub fn validate_draft(title: &str, public_text: &str) -> Result<(), RuleError> {
    Validator::new()
        .required("title", "公开标题", title)
        .max_chars("title", "公开标题", title, 100)
        .required("public_text", "公开文本", public_text)
        .max_chars("public_text", "公开文本", public_text, 20_000)
        .finish()
}

pub fn check_decision(status: DisclosureStatus) -> Result<(), RuleError> {
    if status == DisclosureStatus::Draft {
        Ok(())
    } else {
        Err(RuleError::state(format!("该公开稿已处理(当前状态:{})", status.label())))
    }
}

/// Four eyes: the one who drafted a disclosure does not also decide it, unless the office has
/// no one else to ask (a one-person office).
pub fn check_four_eyes(decider_drafted: bool, others_in_office: i64) -> Result<(), RuleError> {
    if decider_drafted && others_in_office > 0 {
        return Err(RuleError::state("公开稿须由起草人以外的巡察办人员审批,请本办其他同志审批"));
    }
    Ok(())
}

/// Withholding needs one of the grounds and a note saying what in particular.
pub fn check_withhold(note: &str) -> Result<(), RuleError> {
    Validator::new().required("withhold_note", "不予公开的具体说明", note).finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use MeasureStatus::*;

    #[test]
    fn problems_are_tallied_as_ledgers_publish_them() {
        let mut t = Tally::default();
        t.add_problem(true, &[Closed, Closed]);
        t.add_problem(false, &[Closed, LargelyDone]);
        t.add_problem(false, &[Closed, NotDone]);
        t.add_problem(false, &[]);
        assert_eq!(t, Tally { done: 1, largely_done: 1, not_done: 2 });
        assert_eq!(t.total(), 4);
    }

    #[test]
    fn a_disclosure_is_decided_once() {
        assert!(check_decision(DisclosureStatus::Draft).is_ok());
        assert!(check_decision(DisclosureStatus::Published).is_err());
        assert!(check_decision(DisclosureStatus::Withheld).is_err());
    }

    #[test]
    fn withholding_needs_a_note_and_drafts_need_text() {
        assert!(check_withhold("").is_err());
        assert!(check_withhold("问题3涉及县纪委监委正在审查的案件").is_ok());
        assert!(validate_draft("谷前堡镇党委关于巡察整改进展情况的通报", "").is_err());
    }

    #[test]
    fn the_drafter_decides_only_in_a_one_person_office() {
        assert!(check_four_eyes(true, 1).is_err());
        assert!(check_four_eyes(true, 0).is_ok());
        assert!(check_four_eyes(false, 3).is_ok());
    }
}
