//! Problems (问题) as work papers (问题底稿), signed off drafter → deputy leader → leader, then fed
//! back, then closed when all their measures are closed.

use crate::error::Validator;
use crate::role::TeamPosition;
use crate::{RuleError, coded_enum};

coded_enum!(
    ProblemStatus {
        Draft = "draft" / "底稿起草",
        DeputySigned = "deputy_signed" / "副组长已审核",
        LeaderSigned = "leader_signed" / "组长已审定",
        FedBack = "fed_back" / "已反馈整改中",
        Closed = "closed" / "已销号",
    }
);

coded_enum!(
    ProblemSource {
        Talk = "talk" / "个别谈话",
        Documents = "documents" / "查阅资料",
        SiteVisit = "site_visit" / "实地走访",
        Tip = "tip" / "信访举报",
        Audit = "audit" / "审计等监督",
        Other = "other" / "其他",
    }
);

/// Fields of a work paper checked on every save.
pub fn validate_paper(summary: &str, detail: &str, evidence_list: &str) -> Result<(), RuleError> {
    Validator::new()
        .required("summary", "问题摘要", summary)
        .max_chars("summary", "问题摘要", summary, 500)
        .max_chars("detail", "问题表现", detail, 5000)
        .max_chars("evidence_list", "证据清单", evidence_list, 2000)
        .finish()
}

/// The next sign-off step for a team member in `position`, from `status`.
pub fn sign_off(status: ProblemStatus, position: TeamPosition) -> Result<ProblemStatus, RuleError> {
    match (status, position) {
        (ProblemStatus::Draft, TeamPosition::Deputy) => Ok(ProblemStatus::DeputySigned),
        (ProblemStatus::Draft, TeamPosition::Leader) => Err(RuleError::state("底稿须先经副组长审核,再由组长审定")),
        (ProblemStatus::DeputySigned, TeamPosition::Leader) => Ok(ProblemStatus::LeaderSigned),
        (ProblemStatus::DeputySigned, _) => Err(RuleError::state("底稿已经副组长审核,待组长审定")),
        (ProblemStatus::Draft, TeamPosition::Member) => Err(RuleError::state("成员只能起草底稿,审核由副组长进行")),
        (s, _) => Err(RuleError::state(format!("问题当前状态为“{}”,无需再审核", s.label()))),
    }
}

/// Returns a work paper to its drafter (退回), by the reviewer of the step it waits at — the
/// deputy a draft, the leader what the deputy signed — always with a written comment. It goes
/// back to a draft either way (the deputy reviews it again).
pub fn return_paper(status: ProblemStatus, position: TeamPosition, comment: &str) -> Result<ProblemStatus, RuleError> {
    match (status, position) {
        (ProblemStatus::Draft, TeamPosition::Deputy) | (ProblemStatus::DeputySigned, TeamPosition::Leader) => {}
        (ProblemStatus::Draft, TeamPosition::Leader) => {
            return Err(RuleError::state("底稿尚待副组长审核,由副组长退回"));
        }
        (ProblemStatus::DeputySigned, TeamPosition::Deputy) => {
            return Err(RuleError::state("底稿已经副组长审核,待组长审定,由组长退回"));
        }
        (ProblemStatus::Draft | ProblemStatus::DeputySigned, TeamPosition::Member) => {
            return Err(RuleError::state("成员不能退回底稿"));
        }
        (s, _) => return Err(RuleError::state(format!("问题当前状态为“{}”,不能退回", s.label()))),
    }
    Validator::new()
        .required("comment", "退回意见", comment)
        .max_chars("comment", "退回意见", comment, 1000)
        .finish()?;
    Ok(ProblemStatus::Draft)
}

/// A work paper may be edited until the leader has signed it.
pub fn check_paper_edit(status: ProblemStatus) -> Result<(), RuleError> {
    match status {
        ProblemStatus::Draft | ProblemStatus::DeputySigned => Ok(()),
        s => Err(RuleError::state(format!("问题当前状态为“{}”,底稿不能再修改", s.label()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paper_is_returned_at_its_own_step_with_a_comment() {
        use ProblemStatus::*;
        use TeamPosition::*;
        let why = "事实依据不足,请补充谈话记录";
        assert_eq!(return_paper(Draft, Deputy, why).unwrap(), Draft);
        assert_eq!(return_paper(DeputySigned, Leader, why).unwrap(), Draft);
        assert!(return_paper(Draft, Leader, why).is_err(), "the deputy reviews first");
        assert!(return_paper(DeputySigned, Deputy, why).is_err(), "the leader holds this step");
        assert!(return_paper(Draft, Member, why).is_err());
        assert!(return_paper(LeaderSigned, Leader, why).is_err(), "a signed paper is final");
        let err = return_paper(Draft, Deputy, "  ").unwrap_err();
        assert_eq!(err.fields(), vec!["comment"]);
    }

    #[test]
    fn sign_off_runs_drafter_then_deputy_then_leader() {
        let s = sign_off(ProblemStatus::Draft, TeamPosition::Deputy).unwrap();
        assert_eq!(s, ProblemStatus::DeputySigned);
        assert_eq!(sign_off(s, TeamPosition::Leader).unwrap(), ProblemStatus::LeaderSigned);
    }

    #[test]
    fn the_leader_cannot_skip_the_deputy() {
        assert!(sign_off(ProblemStatus::Draft, TeamPosition::Leader).is_err());
        assert!(sign_off(ProblemStatus::Draft, TeamPosition::Member).is_err());
    }

    #[test]
    fn a_signed_paper_is_frozen() {
        assert!(check_paper_edit(ProblemStatus::DeputySigned).is_ok());
        assert!(check_paper_edit(ProblemStatus::LeaderSigned).is_err());
        assert!(sign_off(ProblemStatus::FedBack, TeamPosition::Leader).is_err());
    }

    #[test]
    fn a_paper_needs_a_summary() {
        assert!(validate_paper("", "", "").is_err());
        assert!(validate_paper("村级财务公开不及时", "", "").is_ok());
    }
}
