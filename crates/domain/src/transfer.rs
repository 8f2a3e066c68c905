//! Transfers (移交) of leads and issues to receiving bodies, and their outcomes ("件件有回音").

use crate::error::Validator;
use crate::inspection::Body;
use crate::{RuleError, coded_enum};

coded_enum!(
    TransferKind {
        Lead = "lead" / "问题线索",
        Cadre = "cadre" / "干部问题",
        Other = "other" / "其他问题",
    }
);

coded_enum!(
    /// How a receiving body disposed of a transfer: the discipline commission by its four forms
    /// of handling leads, the organisation department by its measures for cadres, any other
    /// department by having handled it.
    OutcomeKind {
        TalkOrInquiry = "talk_or_inquiry" / "谈话函询",
        PreliminaryVerification = "preliminary_verification" / "初步核实",
        Holding = "holding" / "暂存待查",
        Closing = "closing" / "予以了结",
        CaseFiled = "case_filed" / "立案审查调查",
        TalkReminder = "talk_reminder" / "谈话提醒",
        CriticismEducation = "criticism_education" / "批评教育",
        SelfExamination = "self_examination" / "责令检查",
        Admonition = "admonition" / "诫勉",
        OrganisationalAdjustment = "organisational_adjustment" / "组织调整",
        NotSubstantiated = "not_substantiated" / "经核查不属实",
        Handled = "handled" / "已办理",
    }
);

impl OutcomeKind {
    /// The outcomes a receiving body records (纪委监委 and 组织部 each have their own list).
    pub fn of_body(body: Body) -> &'static [OutcomeKind] {
        use OutcomeKind::*;
        match body {
            Body::Discipline => &[TalkOrInquiry, PreliminaryVerification, Holding, Closing, CaseFiled],
            Body::Organisation => &[
                TalkReminder,
                CriticismEducation,
                SelfExamination,
                Admonition,
                OrganisationalAdjustment,
                NotSubstantiated,
            ],
            Body::Other => &[Handled],
        }
    }
}

/// An outcome must be one its receiving body records: a 组织部 does not 立案审查调查.
pub fn check_outcome_kind(body: Body, kind: OutcomeKind) -> Result<(), RuleError> {
    let allowed = OutcomeKind::of_body(body);
    if allowed.contains(&kind) {
        return Ok(());
    }
    let list: Vec<&str> = allowed.iter().map(|k| k.label()).collect();
    Err(RuleError::invalid("outcome_kind", format!("{}的办理结果应为以下之一:{}", body.label(), list.join("、"))))
}

pub fn validate_transfer(content: &str) -> Result<(), RuleError> {
    Validator::new().required("content", "移交内容", content).max_chars("content", "移交内容", content, 5000).finish()
}

pub fn check_outcome(already: bool, text: &str) -> Result<(), RuleError> {
    if already {
        return Err(RuleError::state("该移交事项已反馈办理结果"));
    }
    Validator::new().required("outcome", "办理结果", text).max_chars("outcome", "办理结果", text, 5000).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_receiving_body_records_outcomes_of_its_own_kind_and_every_kind_has_a_body() {
        assert!(check_outcome_kind(Body::Discipline, OutcomeKind::CaseFiled).is_ok());
        assert!(check_outcome_kind(Body::Organisation, OutcomeKind::Admonition).is_ok());
        let RuleError::Invalid(list) = check_outcome_kind(Body::Organisation, OutcomeKind::CaseFiled).unwrap_err()
        else {
            panic!()
        };
        assert_eq!(list[0].field, "outcome_kind");
        assert!(list[0].message.starts_with("县委组织部的办理结果应为以下之一:谈话提醒"), "{}", list[0].message);
        for kind in OutcomeKind::ALL {
            let bodies = Body::ALL.iter().filter(|b| OutcomeKind::of_body(**b).contains(kind)).count();
            assert_eq!(bodies, 1, "{kind:?} belongs to one body");
        }
    }

    #[test]
    fn an_outcome_is_recorded_once_and_with_text() {
        assert!(check_outcome(false, "").is_err());
        assert!(check_outcome(false, "经初步核实,给予诫勉谈话").is_ok());
        assert!(check_outcome(true, "再次反馈").is_err());
    }
}
