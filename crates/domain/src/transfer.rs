//! Transfers (移交) of leads and issues to receiving bodies, and their outcomes ("件件有回音").

use crate::error::Validator;
use crate::{RuleError, coded_enum};

coded_enum!(
    TransferKind {
        Lead = "lead" / "问题线索",
        Cadre = "cadre" / "干部问题",
        Other = "other" / "其他问题",
    }
);

coded_enum!(
    /// How a receiving body disposed of a transfer.
    OutcomeKind {
        TalkOrInquiry = "talk_or_inquiry" / "谈话函询",
        PreliminaryVerification = "preliminary_verification" / "初步核实",
        Holding = "holding" / "暂存待查",
        Closing = "closing" / "予以了结",
        CaseFiled = "case_filed" / "立案审查调查",
        Handled = "handled" / "已办理",
    }
);

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
    fn an_outcome_is_recorded_once_and_with_text() {
        assert!(check_outcome(false, "").is_err());
        assert!(check_outcome(false, "经初步核实,给予诫勉谈话").is_ok());
        assert!(check_outcome(true, "再次反馈").is_err());
    }
}
