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

/// An interim report: before the outcome, saying what stands (and, if it names one, a stage of
/// the body's own list), dated within the transfer's life, with the date of the next report.
#[derive(Debug, Clone, Copy)]
pub struct Interim<'a> {
    pub kind: Option<OutcomeKind>,
    pub note: &'a str,
    pub reported_on: time::Date,
    pub next_due: time::Date,
}

/// `since`: the transfer's date, or the last report's (a report is never dated before the one
/// it follows, so a late body cannot slip one in before a due date it missed).
pub fn check_update(
    body: Body,
    finished: bool,
    since: time::Date,
    today: time::Date,
    u: Interim<'_>,
) -> Result<(), RuleError> {
    let Interim { kind, note, reported_on, next_due } = u;
    if finished {
        return Err(RuleError::state("该移交事项已反馈办理结果,不再报告阶段性进展"));
    }
    if let Some(k) = kind {
        check_outcome_kind(body, k)?;
    }
    Validator::new()
        .required("note", "进展情况", note)
        .max_chars("note", "进展情况", note, 2000)
        .check(reported_on >= since, "reported_on", format!("报告日期不能早于移交日期或上次报告日期({since})"))
        .check(reported_on <= today, "reported_on", "报告日期不能晚于今天")
        .check(next_due > reported_on, "next_due", "下次报告日期应晚于本次报告日期")
        .check(next_due <= reported_on + time::Duration::days(366), "next_due", "下次报告日期应在一年以内")
        .finish()
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

    #[test]
    fn an_interim_report_says_what_stands_and_when_the_next_comes() {
        use time::macros::date;
        let (t, today) = (date!(2023 - 08 - 16), date!(2023 - 11 - 10));
        let ok = |kind, note, reported_on, next_due| {
            check_update(Body::Discipline, false, t, today, Interim { kind, note, reported_on, next_due })
        };
        assert!(
            ok(
                Some(OutcomeKind::PreliminaryVerification),
                "已成立核查组",
                date!(2023 - 10 - 20),
                date!(2023 - 12 - 20)
            )
            .is_ok()
        );
        assert!(ok(None, "", date!(2023 - 10 - 20), date!(2023 - 12 - 20)).is_err(), "says what stands");
        assert!(ok(None, "x", date!(2023 - 08 - 01), date!(2023 - 12 - 20)).is_err(), "not before the transfer");
        let after_last = |on| {
            let u = Interim { kind: None, note: "x", reported_on: on, next_due: date!(2023 - 12 - 20) };
            check_update(Body::Discipline, false, date!(2023 - 10 - 01), today, u)
        };
        assert!(after_last(date!(2023 - 09 - 30)).is_err(), "not before the last report");
        assert!(after_last(date!(2023 - 10 - 01)).is_ok());
        assert!(ok(None, "x", date!(2023 - 11 - 11), date!(2023 - 12 - 20)).is_err(), "not in the future");
        assert!(ok(None, "x", date!(2023 - 10 - 20), date!(2023 - 10 - 20)).is_err(), "the next comes later");
        assert!(
            ok(Some(OutcomeKind::Admonition), "x", date!(2023 - 10 - 20), date!(2023 - 12 - 20)).is_err(),
            "its own list"
        );
        let late =
            Interim { kind: None, note: "x", reported_on: date!(2023 - 10 - 20), next_due: date!(2023 - 12 - 20) };
        let done = check_update(Body::Discipline, true, t, today, late);
        assert!(done.is_err(), "not after the outcome");
    }
}
