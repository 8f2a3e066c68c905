//! The rectification plan (整改方案): its states, and the completeness rule that guards submission.

use serde::Serialize;

use crate::measure::{MeasureFields, MeasureGap};
use crate::{MeasureId, ProblemId, RuleError, coded_enum};

coded_enum!(
    PlanStatus {
        Draft = "draft" / "编制中",
        Submitted = "submitted" / "已报送待审核",
        Returned = "returned" / "已退回修改",
        Approved = "approved" / "审核通过",
    }
);

/// A fed-back problem with its measures, as the completeness check sees it.
#[derive(Debug, Clone)]
pub struct ProblemMeasures<'a> {
    pub problem_id: ProblemId,
    pub problem_number: &'a str,
    pub measures: Vec<(MeasureId, &'a MeasureFields)>,
}

/// One reason a plan cannot be submitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct PlanGap {
    pub problem_id: ProblemId,
    /// `None` when the problem has no measure at all.
    pub measure_id: Option<MeasureId>,
    /// The field that is missing (`measures` when the problem has none).
    pub field: String,
    /// Chinese text naming the problem and the measure.
    pub message: String,
}

/// Every gap in the plan: problems without measures, and measures without a responsible person,
/// a deadline (or a long-term milestone) or a completion standard, or due before `feedback`.
pub fn plan_gaps(problems: &[ProblemMeasures<'_>], feedback: Option<time::Date>) -> Vec<PlanGap> {
    let mut gaps = Vec::new();
    for p in problems {
        if p.measures.is_empty() {
            gaps.push(PlanGap {
                problem_id: p.problem_id,
                measure_id: None,
                field: "measures".into(),
                message: format!("问题{}没有整改措施", p.problem_number),
            });
        }
        for (index, (measure_id, fields)) in p.measures.iter().enumerate() {
            for gap in fields.gaps(feedback) {
                gaps.push(PlanGap {
                    problem_id: p.problem_id,
                    measure_id: Some(*measure_id),
                    field: gap.field().into(),
                    message: format!("问题{}的第{}条措施{}", p.problem_number, index + 1, gap.label()),
                });
            }
        }
    }
    gaps
}

/// Whether the plan may be edited by the target in this state.
pub fn editable(status: PlanStatus) -> bool {
    matches!(status, PlanStatus::Draft | PlanStatus::Returned)
}

pub fn check_submit(status: PlanStatus, gaps: &[PlanGap]) -> Result<(), RuleError> {
    if !editable(status) {
        return Err(RuleError::state(format!("整改方案当前状态为“{}”,不能报送", status.label())));
    }
    if !gaps.is_empty() {
        return Err(RuleError::Invalid(
            gaps.iter().map(|g| crate::FieldError::new(g.field.clone(), g.message.clone())).collect(),
        ));
    }
    Ok(())
}

/// Review: approve, or return with a written comment (a return without one is refused).
pub fn check_review(status: PlanStatus, approve: bool, comments: &str) -> Result<(), RuleError> {
    if status != PlanStatus::Submitted {
        return Err(RuleError::state(format!("整改方案当前状态为“{}”,不能审核", status.label())));
    }
    if !approve && comments.trim().is_empty() {
        return Err(RuleError::invalid("comments", "退回整改方案必须填写书面意见"));
    }
    Ok(())
}

/// Measures are part of the plan: they change only while the plan is editable.
pub fn check_measure_edit(status: PlanStatus) -> Result<(), RuleError> {
    if editable(status) {
        Ok(())
    } else {
        Err(RuleError::state(format!("整改方案当前状态为“{}”,措施不能修改", status.label())))
    }
}

/// Re-exported for callers that only need gap labels.
pub type Gap = MeasureGap;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::DeadlineKind;
    use time::macros::date;

    fn measure(person: &str, standard: &str) -> MeasureFields {
        MeasureFields {
            content: "制定村务公开制度并每季度公开一次财务收支".into(),
            responsible_person: person.into(),
            deadline_kind: Some(DeadlineKind::Dated),
            deadline: Some(date!(2023 - 09 - 30)),
            completion_standard: standard.into(),
            ..MeasureFields::default()
        }
    }

    #[test]
    fn the_refusal_names_every_gap() {
        let good = measure("张三", "公开栏照片");
        let no_person = measure("", "公开栏照片");
        let nothing = measure("", "");
        let problems = vec![
            ProblemMeasures {
                problem_id: ProblemId::new(1),
                problem_number: "1",
                measures: vec![(MeasureId::new(10), &good), (MeasureId::new(11), &no_person)],
            },
            ProblemMeasures { problem_id: ProblemId::new(2), problem_number: "2", measures: vec![] },
            ProblemMeasures {
                problem_id: ProblemId::new(3),
                problem_number: "3",
                measures: vec![(MeasureId::new(30), &nothing)],
            },
        ];
        let gaps = plan_gaps(&problems, None);
        let messages: Vec<_> = gaps.iter().map(|g| g.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "问题1的第2条措施未明确责任人",
                "问题2没有整改措施",
                "问题3的第1条措施未明确责任人",
                "问题3的第1条措施未填写完成标志",
            ]
        );
        assert_eq!(gaps[0].measure_id, Some(MeasureId::new(11)));
        assert_eq!(gaps[1].measure_id, None);
        let err = check_submit(PlanStatus::Draft, &gaps).unwrap_err();
        let RuleError::Invalid(list) = err else { panic!() };
        assert_eq!(list.len(), 4);
    }

    #[test]
    fn a_complete_plan_may_be_submitted_from_draft_or_returned_only() {
        assert!(check_submit(PlanStatus::Draft, &[]).is_ok());
        assert!(check_submit(PlanStatus::Returned, &[]).is_ok());
        assert!(check_submit(PlanStatus::Submitted, &[]).is_err());
        assert!(check_submit(PlanStatus::Approved, &[]).is_err());
    }

    #[test]
    fn returning_a_plan_needs_written_comments() {
        assert!(check_review(PlanStatus::Submitted, false, "").is_err());
        assert!(check_review(PlanStatus::Submitted, false, "措施空泛,未明确时限").is_ok());
        assert!(check_review(PlanStatus::Submitted, true, "").is_ok());
        assert!(check_review(PlanStatus::Draft, true, "").is_err());
    }

    #[test]
    fn measures_are_frozen_while_the_plan_is_under_review_or_approved() {
        assert!(check_measure_edit(PlanStatus::Draft).is_ok());
        assert!(check_measure_edit(PlanStatus::Returned).is_ok());
        assert!(check_measure_edit(PlanStatus::Submitted).is_err());
        assert!(check_measure_edit(PlanStatus::Approved).is_err());
    }
}
