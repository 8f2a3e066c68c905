//! 督办: the ladder an office climbs when an organisation lets its rectification go red —
//! 提醒 (a reminder) → 督办 (a 督办函 with a date to answer by) → 约谈告诫 (its head called in
//! and warned, with a final date) → 移交问责 (the failure handed to the discipline commission
//! for accountability). Each step is a decision someone takes and signs; the rules here say
//! which step may follow which, and what each must carry. Also the deadline clocks an office may
//! pause while a measure waits on someone else (a higher authority's approval), and resume.

use serde::{Deserialize, Serialize};
use time::{Date, PrimitiveDateTime};

use crate::coded_enum;
use crate::error::{RuleError, Validator};
use crate::id::MeasureId;

coded_enum!(
    /// The steps of the ladder, lowest first.
    EscalationStep {
        Reminder = "reminder" / "提醒",
        Letter = "letter" / "督办",
        Interview = "interview" / "约谈告诫",
        Accountability = "accountability" / "移交问责",
    }
);

coded_enum!(
    /// What is red in an organisation's rectification: a measure past its deadline, or the
    /// plan itself not (re)submitted by its due date.
    RedKind {
        Measure = "measure" / "整改措施逾期",
        Plan = "plan" / "整改方案逾期未报送",
    }
);

/// One item a step is taken over, as it stood that day (kept with the step: the letter says
/// what was late when it was sent, whatever happens after).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RedItem {
    pub kind: RedKind,
    /// "问题3:…:措施…" or "整改方案".
    pub subject: String,
    #[serde(with = "crate::schema::date_text")]
    #[schemars(with = "crate::schema::DateText")]
    pub due: Date,
    /// Days past `due` on the day the step was taken.
    pub days_over: i64,
    /// The responsible person and leader as the plan names them ("" for the plan).
    pub responsible: String,
    pub measure_id: Option<MeasureId>,
}

/// The longest reason or note a step or a pause takes (a paragraph of a letter).
pub const MAX_REASON_CHARS: usize = 1000;

impl EscalationStep {
    /// The rung: 0 for a reminder, 3 for accountability.
    pub fn rank(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    /// The official document the step issues, if it issues one: a 督办函 or a 约谈告诫通知书
    /// (a reminder is a notice in the system; accountability is a transfer to the discipline
    /// commission, answered on the transfer).
    pub fn document(self) -> Option<&'static str> {
        match self {
            EscalationStep::Letter => Some("督办函"),
            EscalationStep::Interview => Some("约谈告诫通知书"),
            _ => None,
        }
    }

    /// Whether the step sets a date by which the organisation must answer.
    pub fn sets_reply_date(self) -> bool {
        matches!(self, EscalationStep::Letter | EscalationStep::Interview)
    }

    /// Whether the step must say why in the decider's own words: calling a head in, and
    /// handing a failure over for accountability, are decisions about people.
    pub fn needs_reason(self) -> bool {
        matches!(self, EscalationStep::Interview | EscalationStep::Accountability)
    }
}

/// The longest place an interview is held at ("县委巡察办第一会议室").
pub const MAX_PLACE_CHARS: usize = 100;

/// When and where an interview (约谈告诫) is held, if the office fixes them with the decision
/// (otherwise its notice says they will be notified separately). China local time.
#[derive(Debug, Clone, Copy)]
pub struct Appointment<'a> {
    pub at: Option<PrimitiveDateTime>,
    pub place: &'a str,
}

/// A step an office proposes to take on one organisation's rectification.
#[derive(Debug, Clone, Copy)]
pub struct StepProposal<'a> {
    pub step: EscalationStep,
    pub reason: &'a str,
    pub reply_by: Option<Date>,
    pub appointment: Appointment<'a>,
}

/// Whether `p` may follow `latest` (the highest step taken so far, if any) today, with
/// `red_items` items past their deadline: something must be red; a step may repeat or lower
/// one already taken, or climb one rung; climbing further skips a rung and must say why; a
/// letter or an interview sets a reply date after today; an interview and accountability say
/// why. Every failing field is named at once.
pub fn check_step(
    latest: Option<EscalationStep>,
    p: StepProposal<'_>,
    red_items: usize,
    today: Date,
) -> Result<(), RuleError> {
    if red_items == 0 {
        return Err(RuleError::state("该单位目前没有逾期未完成的整改事项,无需督办"));
    }
    let mut v = Validator::new();
    let next_rung = latest.map_or(0, |s| s.rank() + 1);
    let skips = p.step.rank() > next_rung && p.reason.trim().is_empty();
    if skips {
        let expected = EscalationStep::ALL[next_rung].label();
        v.check(false, "reason", format!("越级采取“{}”(尚未“{expected}”)须写明理由", p.step.label()));
    }
    proposal_faults(&mut v, p, today, !skips);
    v.finish()
}

/// The faults of a proposal whatever the organisation (a round's batch checks them once):
/// the reason's bounds, the reason an interview or accountability needs, the reply date.
pub fn check_proposal(p: StepProposal<'_>, today: Date) -> Result<(), RuleError> {
    let mut v = Validator::new();
    proposal_faults(&mut v, p, today, true);
    v.finish()
}

/// `ask_reason`: whether to ask for the reason a step needs (not when a skipped rung asks).
fn proposal_faults(v: &mut Validator, p: StepProposal<'_>, today: Date, ask_reason: bool) {
    v.max_chars("reason", "督办事由", p.reason, MAX_REASON_CHARS).plain("reason", "督办事由", p.reason);
    if ask_reason && p.step.needs_reason() && p.reason.trim().is_empty() {
        v.check(false, "reason", format!("决定“{}”须写明事由", p.step.label()));
    }
    match (p.step.sets_reply_date(), p.reply_by) {
        (true, None) => {
            v.check(false, "reply_by", format!("“{}”须写明限期完成并书面报告的日期", p.step.label()));
        }
        (true, Some(d)) if d <= today => {
            v.check(false, "reply_by", format!("限期报告日期应晚于今天({today})"));
        }
        (false, Some(_)) if p.step == EscalationStep::Accountability => {
            v.check(false, "reply_by", "移交问责由纪委监委办理,不另设限期报告日期");
        }
        _ => {}
    }
    appointment_faults(v, p, today);
}

/// An interview's time and place come together or not at all (then "另行通知"); the time is not
/// before today and not after the reply date (the head is warned before the final report is
/// due); other steps fix no appointment.
fn appointment_faults(v: &mut Validator, p: StepProposal<'_>, today: Date) {
    let Appointment { at, place } = p.appointment;
    let place = place.trim();
    v.max_chars("interview_place", "约谈地点", place, MAX_PLACE_CHARS).plain("interview_place", "约谈地点", place);
    if p.step != EscalationStep::Interview {
        let field = if at.is_some() { "interview_at" } else { "interview_place" };
        if at.is_some() || !place.is_empty() {
            v.check(false, field, format!("约谈时间和地点仅在约谈告诫时填写(本次为“{}”)", p.step.label()));
        }
        return;
    }
    match at {
        None if !place.is_empty() => {
            v.check(false, "interview_at", "已填写约谈地点,请同时填写约谈时间(或都不填,另行通知)")
        }
        Some(_) if place.is_empty() => {
            v.check(false, "interview_place", "已填写约谈时间,请同时填写约谈地点(或都不填,另行通知)")
        }
        Some(at) if at.date() < today => v.check(false, "interview_at", format!("约谈时间不应早于今天({today})")),
        Some(at) if p.reply_by.is_some_and(|r| at.date() > r) => {
            v.check(false, "interview_at", "约谈时间不应晚于限期报告日期(先约谈告诫,再限期报告)")
        }
        _ => v,
    };
}

/// Why a measure's deadline clock is paused or resumed: said in words, within bounds.
pub fn check_clock_note(field: &str, label: &str, text: &str) -> Result<(), RuleError> {
    Validator::new()
        .required(field, label, text)
        .max_chars(field, label, text, MAX_REASON_CHARS)
        .plain(field, label, text)
        .finish()
}

/// The deadline after a pause from `paused_on` to `resumed_on`: the days the clock stood still
/// are added, so the organisation loses none of the time it was given.
pub fn resumed_deadline(deadline: Date, paused_on: Date, resumed_on: Date) -> Date {
    let stood = (resumed_on - paused_on).whole_days().max(0);
    deadline.saturating_add(time::Duration::days(stood))
}

#[cfg(test)]
mod tests {
    use super::*;
    use EscalationStep::*;
    use time::macros::date;

    const TODAY: Date = date!(2023 - 12 - 01);

    fn step(step: EscalationStep, reason: &str, reply_by: Option<Date>) -> StepProposal<'_> {
        StepProposal { step, reason, reply_by, appointment: Appointment { at: None, place: "" } }
    }

    #[test]
    fn the_first_step_is_a_reminder_or_a_letter_with_a_reply_date() {
        assert!(check_step(None, step(Reminder, "", None), 3, TODAY).is_ok());
        let later = Some(date!(2023 - 12 - 15));
        let skipped = check_step(None, step(Letter, "", later), 3, TODAY).unwrap_err();
        assert_eq!(skipped.fields(), ["reason"], "a letter before any reminder skips a rung");
        assert!(skipped.message().contains("尚未“提醒”"), "{}", skipped.message());
        assert!(check_step(Some(Reminder), step(Letter, "", later), 3, TODAY).is_ok());
    }

    #[test]
    fn climbing_more_than_one_rung_needs_a_reason_and_repeating_does_not() {
        let later = Some(date!(2023 - 12 - 15));
        let e = check_step(Some(Reminder), step(Interview, "", later), 2, TODAY).unwrap_err();
        assert_eq!(e.fields(), ["reason"]);
        assert!(e.message().contains("越级"), "{}", e.message());
        assert!(
            check_step(Some(Reminder), step(Interview, "问题性质严重,县委书记批示直接约谈", later), 2, TODAY).is_ok()
        );
        assert!(check_step(Some(Letter), step(Letter, "", later), 2, TODAY).is_ok(), "a second letter");
        assert!(check_step(Some(Interview), step(Reminder, "", None), 2, TODAY).is_ok(), "a lower step");
    }

    #[test]
    fn interviews_and_accountability_say_why() {
        let later = Some(date!(2023 - 12 - 15));
        let e = check_step(Some(Letter), step(Interview, " ", later), 1, TODAY).unwrap_err();
        assert_eq!(e.fields(), ["reason"]);
        assert!(e.message().contains("约谈告诫"), "{}", e.message());
        let e = check_step(Some(Interview), step(Accountability, "", None), 1, TODAY).unwrap_err();
        assert!(e.message().contains("移交问责"), "{}", e.message());
        assert!(check_step(Some(Interview), step(Accountability, "约谈后仍未整改", None), 1, TODAY).is_ok());
    }

    #[test]
    fn a_letter_sets_a_reply_date_after_today_and_accountability_sets_none() {
        let e = check_step(Some(Reminder), step(Letter, "", None), 1, TODAY).unwrap_err();
        assert_eq!(e.fields(), ["reply_by"]);
        let e = check_step(Some(Reminder), step(Letter, "", Some(TODAY)), 1, TODAY).unwrap_err();
        assert!(e.message().contains("晚于今天"), "{}", e.message());
        let e = check_step(Some(Interview), step(Accountability, "屡督不改", Some(date!(2024 - 01 - 01))), 1, TODAY);
        assert_eq!(e.unwrap_err().fields(), ["reply_by"]);
    }

    #[test]
    fn a_batch_checks_what_does_not_depend_on_the_organisation_once() {
        assert!(check_proposal(step(Letter, "", Some(date!(2023 - 12 - 15))), TODAY).is_ok(), "no ladder here");
        let e = check_proposal(step(Interview, "", None), TODAY).unwrap_err();
        assert_eq!(e.fields(), ["reason", "reply_by"]);
    }

    #[test]
    fn nothing_red_is_nothing_to_escalate_and_every_fault_is_named_at_once() {
        assert!(matches!(check_step(None, step(Reminder, "", None), 0, TODAY), Err(RuleError::State(_))));
        let long = "督".repeat(MAX_REASON_CHARS + 1);
        let e = check_step(None, step(Interview, &long, None), 2, TODAY).unwrap_err();
        assert_eq!(e.fields(), ["reason", "reply_by"]);
        let e = check_step(None, step(Reminder, "含\u{202E}控制符", None), 2, TODAY).unwrap_err();
        assert_eq!(e.fields(), ["reason"]);
    }

    #[test]
    fn an_interview_fixes_its_time_and_place_together_before_the_reply_date_or_leaves_both_open() {
        use time::macros::datetime;
        let reply = Some(date!(2023 - 12 - 20));
        let with = |step, at, place| StepProposal {
            step,
            reason: "整改严重滞后",
            reply_by: reply,
            appointment: Appointment { at, place },
        };
        let at = Some(datetime!(2023 - 12 - 05 9:30));
        assert!(check_proposal(with(Interview, at, "县委巡察办第一会议室"), TODAY).is_ok());
        assert!(check_proposal(with(Interview, None, "  "), TODAY).is_ok(), "另行通知");
        let fields =
            |p| check_proposal(p, TODAY).unwrap_err().fields().iter().map(|f| f.to_string()).collect::<Vec<_>>();
        assert_eq!(fields(with(Interview, at, "")), ["interview_place"]);
        assert_eq!(fields(with(Interview, None, "会议室")), ["interview_at"]);
        assert_eq!(fields(with(Interview, Some(datetime!(2023 - 11 - 30 9:30)), "会议室")), ["interview_at"], "past");
        assert_eq!(fields(with(Interview, Some(datetime!(2023 - 12 - 21 9:30)), "会议室")), ["interview_at"], "late");
        assert_eq!(fields(with(Letter, at, "会议室")), ["interview_at"], "a letter fixes no interview");
        assert_eq!(fields(with(Letter, None, "会议室")), ["interview_place"], "the field that was filled");
        let long = "室".repeat(MAX_PLACE_CHARS + 1);
        assert_eq!(fields(with(Interview, at, &long)), ["interview_place"]);
        assert_eq!(fields(with(Interview, at, "会议\u{202E}室")), ["interview_place"]);
    }

    #[test]
    fn a_paused_clock_gives_back_the_days_it_stood_still() {
        let deadline = date!(2023 - 12 - 31);
        assert_eq!(resumed_deadline(deadline, date!(2023 - 12 - 01), date!(2023 - 12 - 11)), date!(2024 - 01 - 10));
        assert_eq!(resumed_deadline(deadline, date!(2023 - 12 - 01), date!(2023 - 12 - 01)), deadline, "same day");
        assert_eq!(resumed_deadline(deadline, date!(2023 - 12 - 05), date!(2023 - 12 - 01)), deadline, "never earlier");
        assert_eq!(resumed_deadline(Date::MAX, date!(2023 - 12 - 01), date!(2023 - 12 - 11)), Date::MAX);
    }

    #[test]
    fn pauses_and_resumptions_say_why() {
        assert_eq!(check_clock_note("reason", "暂停理由", "  ").unwrap_err().fields(), ["reason"]);
        assert!(check_clock_note("reason", "暂停理由", "等待市国资委批复改制方案").is_ok());
    }
}
