//! Rectification measures (整改措施): deadline kinds, statuses, closing and extensions.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::deadline::{DeadlinePolicy, Light};
use crate::error::Validator;
use crate::{RuleError, coded_enum};

coded_enum!(
    DeadlineKind {
        Immediate = "immediate" / "立行立改",
        Dated = "dated" / "限期完成",
        LongTerm = "long_term" / "长期坚持",
    }
);

coded_enum!(
    /// Status as rectification ledgers write it, plus the verified state `Closed` (销号).
    MeasureStatus {
        NotDone = "not_done" / "未完成",
        LargelyDone = "largely_done" / "基本完成、持续推进",
        Done = "done" / "已完成",
        Closed = "closed" / "已销号",
    }
);

coded_enum!(
    ExtensionStatus {
        Pending = "pending" / "待审批",
        Approved = "approved" / "已同意",
        Rejected = "rejected" / "未同意",
    }
);

/// The fields of a measure that plan completeness looks at.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MeasureFields {
    pub content: String,
    pub responsible_person: String,
    pub responsible_leader: String,
    pub department: String,
    pub deadline_kind: Option<DeadlineKind>,
    #[serde(with = "crate::schema::date_text::option")]
    #[schemars(with = "Option<crate::schema::DateText>")]
    pub deadline: Option<Date>,
    pub milestone: String,
    pub completion_standard: String,
}

/// What a measure lacks before its plan may be submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureGap {
    Content,
    ResponsiblePerson,
    Deadline,
    /// The deadline falls before the feedback that asked for the measure.
    DeadlineBeforeFeedback,
    Milestone,
    CompletionStandard,
}

impl MeasureGap {
    /// The API field the gap belongs to.
    pub fn field(self) -> &'static str {
        match self {
            MeasureGap::Content => "content",
            MeasureGap::ResponsiblePerson => "responsible_person",
            MeasureGap::Deadline | MeasureGap::DeadlineBeforeFeedback => "deadline",
            MeasureGap::Milestone => "milestone",
            MeasureGap::CompletionStandard => "completion_standard",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            MeasureGap::Content => "未填写措施内容",
            MeasureGap::ResponsiblePerson => "未明确责任人",
            MeasureGap::Deadline => "未明确整改时限",
            MeasureGap::DeadlineBeforeFeedback => "的整改时限早于反馈日期",
            MeasureGap::Milestone => "长期坚持的措施未填写阶段目标和节点时间",
            MeasureGap::CompletionStandard => "未填写完成标志",
        }
    }
}

impl MeasureFields {
    /// Every gap that keeps this measure out of a submittable plan, for a problem fed back on
    /// `feedback` (when known): a deadline before that day cannot be a real one.
    pub fn gaps(&self, feedback: Option<Date>) -> Vec<MeasureGap> {
        let mut gaps = Vec::new();
        if self.content.trim().is_empty() {
            gaps.push(MeasureGap::Content);
        }
        if self.responsible_person.trim().is_empty() {
            gaps.push(MeasureGap::ResponsiblePerson);
        }
        match self.deadline_kind {
            None => gaps.push(MeasureGap::Deadline),
            Some(DeadlineKind::Dated) if self.deadline.is_none() => gaps.push(MeasureGap::Deadline),
            Some(DeadlineKind::LongTerm) if self.milestone.trim().is_empty() || self.deadline.is_none() => {
                gaps.push(MeasureGap::Milestone)
            }
            _ => {}
        }
        if let (Some(deadline), Some(feedback)) = (self.deadline, feedback)
            && deadline < feedback
        {
            gaps.push(MeasureGap::DeadlineBeforeFeedback);
        }
        if self.completion_standard.trim().is_empty() {
            gaps.push(MeasureGap::CompletionStandard);
        }
        gaps
    }

    /// Input checks that apply to every save (drafts may still have gaps).
    pub fn validate(&self) -> Result<(), RuleError> {
        Validator::new()
            .max_chars("content", "措施内容", &self.content, 2000)
            .max_chars("responsible_person", "责任人", &self.responsible_person, 50)
            .max_chars("responsible_leader", "责任领导", &self.responsible_leader, 50)
            .max_chars("department", "责任部门", &self.department, 100)
            .max_chars("milestone", "阶段目标", &self.milestone, 500)
            .max_chars("completion_standard", "完成标志", &self.completion_standard, 1000)
            .check(self.deadline.is_none_or(crate::dates::plausible), "deadline", crate::dates::out_of_span("整改时限"))
            .finish()
    }

    /// The date the light is computed from. An immediate fix without its own date is due with the
    /// plan; a long-term measure is judged by its next milestone date.
    pub fn effective_deadline(&self, plan_due: Option<Date>) -> Option<Date> {
        match self.deadline_kind {
            Some(DeadlineKind::Immediate) => self.deadline.or(plan_due),
            _ => self.deadline,
        }
    }
}

/// The light of a measure seen on `today`.
pub fn measure_light(
    policy: &DeadlinePolicy,
    fields: &MeasureFields,
    status: MeasureStatus,
    plan_due: Option<Date>,
    today: Date,
) -> Light {
    let finished = matches!(status, MeasureStatus::Closed | MeasureStatus::Done);
    policy.light(fields.effective_deadline(plan_due), today, finished)
}

/// A target reports its own progress; it may not set the verified state.
pub fn check_reported_status(status: MeasureStatus, current: MeasureStatus) -> Result<(), RuleError> {
    if current == MeasureStatus::Closed {
        return Err(RuleError::state("该措施已销号,如需变更请先由巡察办或巡察组重新打开"));
    }
    if status == MeasureStatus::Closed {
        return Err(RuleError::invalid("status", "销号只能由巡察办或巡察组在核验佐证材料后进行"));
    }
    Ok(())
}

/// What the verifier writes when closing (销号): the opinion always; a reason when the unit has
/// not itself reported the measure 已完成 (closing ahead of the unit's own report is an
/// exception that must say why).
#[derive(Debug, Clone, Copy)]
pub struct Verification<'a> {
    pub opinion: &'a str,
    pub early_reason: &'a str,
}

/// Closing (销号) is a verification of the unit's application: an open measure with evidence,
/// the verifier's written opinion, and — while the unit still reports it unfinished — a stated
/// reason for closing anyway. Who may close is checked by `access`.
pub fn check_close(current: MeasureStatus, evidence_count: usize, v: Verification<'_>) -> Result<(), RuleError> {
    if current == MeasureStatus::Closed {
        return Err(RuleError::state("该措施已经销号"));
    }
    if evidence_count == 0 {
        return Err(RuleError::state("该措施尚无佐证材料,不能销号"));
    }
    let mut check = Validator::new();
    check.required("note", "核验意见", v.opinion).max_chars("note", "核验意见", v.opinion, 500);
    if current != MeasureStatus::Done {
        check.check(
            !v.early_reason.trim().is_empty(),
            "reason",
            format!("被巡察党组织尚未报告已完成(目前报告为“{}”),销号须说明理由", current.label()),
        );
        check.max_chars("reason", "提前销号理由", v.early_reason, 500);
    }
    check.finish()
}

/// Reopening needs a closed measure and a written reason.
pub fn check_reopen(current: MeasureStatus, reason: &str) -> Result<(), RuleError> {
    if current != MeasureStatus::Closed {
        return Err(RuleError::state("只有已销号的措施才能重新打开"));
    }
    Validator::new().required("reason", "重新打开的理由", reason).finish()
}

/// An extension request must move a dated deadline later and give a reason.
pub fn check_extension_request(
    current: MeasureStatus,
    deadline: Option<Date>,
    requested: Date,
    reason: &str,
) -> Result<(), RuleError> {
    if current == MeasureStatus::Closed {
        return Err(RuleError::state("已销号的措施不能申请延期"));
    }
    let mut v = Validator::new();
    v.required("reason", "延期理由", reason);
    if let Some(d) = deadline {
        v.check(requested > d, "requested_deadline", format!("申请的新时限必须晚于原时限({d})"));
    }
    v.finish()
}

/// A problem is closed exactly when it has measures and every one of them is closed.
pub fn problem_closed(statuses: &[MeasureStatus]) -> bool {
    !statuses.is_empty() && statuses.iter().all(|s| *s == MeasureStatus::Closed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn complete() -> MeasureFields {
        MeasureFields {
            content: "对2022年以来全部47笔村级财务支出逐笔清查,10月底前全额追回违规支出".into(),
            responsible_person: "王建国".into(),
            responsible_leader: "李明".into(),
            department: "乡财政所".into(),
            deadline_kind: Some(DeadlineKind::Dated),
            deadline: Some(date!(2023 - 10 - 31)),
            milestone: String::new(),
            completion_standard: "追回款项入账凭证、清查台账".into(),
        }
    }

    #[test]
    fn a_complete_dated_measure_has_no_gaps() {
        assert!(complete().gaps(None).is_empty());
    }

    #[test]
    fn every_gap_of_an_empty_measure_is_named() {
        let gaps = MeasureFields::default().gaps(None);
        assert_eq!(
            gaps,
            vec![
                MeasureGap::Content,
                MeasureGap::ResponsiblePerson,
                MeasureGap::Deadline,
                MeasureGap::CompletionStandard
            ]
        );
    }

    #[test]
    fn a_deadline_before_the_feedback_is_a_gap_and_one_out_of_span_is_refused() {
        let m = complete();
        let feedback = m.deadline.unwrap();
        assert!(m.gaps(Some(feedback)).is_empty(), "due on the feedback day is allowed");
        assert_eq!(m.gaps(Some(feedback.next_day().unwrap())), vec![MeasureGap::DeadlineBeforeFeedback]);
        for far in [time::macros::date!(-2023 - 01 - 01), time::macros::date!(9999 - 12 - 31)] {
            let m = MeasureFields { deadline: Some(far), ..complete() };
            let Err(RuleError::Invalid(fields)) = m.validate() else { panic!("{far} accepted") };
            assert_eq!(fields[0].field, "deadline");
        }
    }

    #[test]
    fn a_dated_measure_without_a_date_lacks_a_deadline() {
        let m = MeasureFields { deadline: None, ..complete() };
        assert_eq!(m.gaps(None), vec![MeasureGap::Deadline]);
    }

    #[test]
    fn a_long_term_measure_needs_a_milestone_and_its_date() {
        let m = MeasureFields { deadline_kind: Some(DeadlineKind::LongTerm), ..complete() };
        assert_eq!(m.gaps(None), vec![MeasureGap::Milestone]);
        let m = MeasureFields { milestone: "年底前建立制度,每季度检查一次".into(), ..m };
        assert!(m.gaps(None).is_empty());
        let m = MeasureFields { deadline: None, ..m };
        assert_eq!(m.gaps(None), vec![MeasureGap::Milestone]);
    }

    #[test]
    fn an_immediate_fix_needs_no_date_and_falls_due_with_the_plan() {
        let m = MeasureFields { deadline_kind: Some(DeadlineKind::Immediate), deadline: None, ..complete() };
        assert!(m.gaps(None).is_empty());
        assert_eq!(m.effective_deadline(Some(date!(2023 - 09 - 15))), Some(date!(2023 - 09 - 15)));
    }

    #[test]
    fn a_blank_responsible_person_is_a_gap_even_with_spaces() {
        let m = MeasureFields { responsible_person: "  ".into(), ..complete() };
        assert_eq!(m.gaps(None), vec![MeasureGap::ResponsiblePerson]);
    }

    #[test]
    fn closing_without_evidence_is_refused() {
        let v = Verification { opinion: "经核验佐证材料,整改到位", early_reason: "" };
        assert!(check_close(MeasureStatus::Done, 0, v).is_err());
        assert!(check_close(MeasureStatus::Done, 1, v).is_ok());
        assert!(check_close(MeasureStatus::Closed, 3, v).is_err());
    }

    #[test]
    fn closing_is_a_verification_with_a_written_opinion() {
        let v = Verification { opinion: "  ", early_reason: "" };
        let err = check_close(MeasureStatus::Done, 1, v).unwrap_err();
        assert_eq!(err.fields(), vec!["note"]);
    }

    #[test]
    fn closing_what_the_unit_still_reports_unfinished_needs_a_reason() {
        let bare = Verification { opinion: "经现场核验,已整改到位", early_reason: "" };
        for status in [MeasureStatus::NotDone, MeasureStatus::LargelyDone] {
            let err = check_close(status, 1, bare).unwrap_err();
            assert_eq!(err.fields(), vec!["reason"], "{status:?}");
            assert!(err.message().contains(status.label()));
            let reasoned =
                Verification { early_reason: "单位未及时报告,经巡察组现场核验已完成", ..bare };
            assert!(check_close(status, 1, reasoned).is_ok(), "{status:?}");
        }
    }

    #[test]
    fn reopening_needs_a_closed_measure_and_a_reason() {
        assert!(check_reopen(MeasureStatus::Done, "复查发现问题反弹").is_err());
        assert!(check_reopen(MeasureStatus::Closed, " ").is_err());
        assert!(check_reopen(MeasureStatus::Closed, "复查发现问题反弹").is_ok());
    }

    #[test]
    fn a_target_cannot_mark_its_own_measure_closed() {
        assert!(check_reported_status(MeasureStatus::Closed, MeasureStatus::Done).is_err());
        assert!(check_reported_status(MeasureStatus::Done, MeasureStatus::NotDone).is_ok());
        assert!(check_reported_status(MeasureStatus::Done, MeasureStatus::Closed).is_err());
    }

    #[test]
    fn an_extension_must_move_the_deadline_later_and_say_why() {
        let d = Some(date!(2023 - 10 - 31));
        assert!(
            check_extension_request(MeasureStatus::NotDone, d, date!(2023 - 12 - 31), "涉及资金需县财政审批").is_ok()
        );
        assert!(check_extension_request(MeasureStatus::NotDone, d, date!(2023 - 10 - 01), "理由").is_err());
        assert!(check_extension_request(MeasureStatus::NotDone, d, date!(2023 - 12 - 31), "").is_err());
    }

    #[test]
    fn a_problem_closes_only_when_all_its_measures_are_closed() {
        use MeasureStatus::*;
        assert!(!problem_closed(&[]));
        assert!(!problem_closed(&[Closed, Done]));
        assert!(problem_closed(&[Closed, Closed]));
    }

    #[test]
    fn a_measure_reported_done_shows_no_light_while_awaiting_verification() {
        let p = DeadlinePolicy::default();
        let m = complete();
        assert_eq!(measure_light(&p, &m, MeasureStatus::NotDone, None, date!(2023 - 11 - 02)), Light::Red);
        assert_eq!(measure_light(&p, &m, MeasureStatus::Done, None, date!(2023 - 11 - 02)), Light::None);
    }
}
