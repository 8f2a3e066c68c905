//! 督办: the ladder an office climbs when an organisation's rectification goes red (提醒 → 督办函
//! → 约谈告诫 → 移交问责), one organisation at a time or for every red one of a round at once,
//! and the deadline clocks of measures, paused while they wait on someone else. Each step names
//! who decided it and when, keeps the red items it was taken over as they stood, and (for a
//! letter or an interview) carries the number its document is issued under.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::{Date, PrimitiveDateTime};
use xuncha_domain::access::{Actor, Capability, allowed};
use xuncha_domain::action::Action;
use xuncha_domain::deadline::Light;
use xuncha_domain::escalation::{self, Appointment, EscalationStep, RedItem, RedKind, StepProposal};
use xuncha_domain::id::*;
use xuncha_domain::inspection::Body;
use xuncha_domain::plan::PlanStatus;
use xuncha_domain::problem::ProblemStatus;
use xuncha_domain::schema::{DateText, InstantText};
use xuncha_domain::transfer::TransferKind;
use xuncha_store::{Conn, Escalation, Inspection, InspectionFilter, NewEscalation, NewTransfer, Resumption};

use crate::audit::{People, china_time_text, people};
use crate::inspections::visible_round;
use crate::plans::LightBasis;
use crate::views::MeasureRecord;
use crate::{App, AppError, AppResult, By, inputs, json, require_visible, visible_inspection};

/// One step as the office reads it: what, why, by whom (name and post) and when (China time).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct EscalationRecord {
    pub id: EscalationId,
    pub inspection_id: InspectionId,
    pub step: EscalationStep,
    pub reason: String,
    #[serde(with = "xuncha_store::date_fmt::option")]
    #[schemars(with = "Option<DateText>")]
    pub reply_by: Option<Date>,
    /// The red items the step was taken over, as they stood that day.
    pub items: Vec<RedItem>,
    /// "督办〔2023〕3号" for a letter, "约谈〔2023〕1号" for an interview; "" otherwise.
    pub letter_number: String,
    pub batch_id: Option<EscalationId>,
    /// The transfer an accountability step opened (answered by the discipline commission).
    pub transfer_id: Option<TransferId>,
    pub decided_by: UserId,
    /// "王振华(县委巡察办主任)".
    pub decided_by_name: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "InstantText")]
    pub decided_at: time::OffsetDateTime,
    /// "2023年12月1日 09:30", China time.
    pub decided_at_text: String,
    /// An interview's time, China local, as "2023-12-05 09:30"; "" when it follows separately.
    pub interview_at: String,
    /// The same time as a notice writes it: "2023年12月5日9时30分"; "" when none.
    pub interview_at_text: String,
    /// Where the interview is held ("县委巡察办第一会议室"); "" when it follows separately.
    pub interview_place: String,
}

impl EscalationRecord {
    fn of(row: Escalation, people: &People) -> AppResult<Self> {
        let items = row.red_items().map_err(|_| AppError::internal("a stored escalation's items do not read"))?;
        Ok(EscalationRecord {
            id: row.id,
            inspection_id: row.inspection_id,
            step: row.step,
            reason: row.reason,
            reply_by: row.reply_by,
            items,
            letter_number: row.letter_number,
            batch_id: row.batch_id,
            transfer_id: row.transfer_id,
            decided_by: row.decided_by,
            decided_by_name: people.of(&row.decided_by).to_string(),
            decided_at_text: china_time_text(row.decided_at),
            decided_at: row.decided_at,
            interview_at_text: appointment(Some(&row.interview_at)).ok().flatten().map(notice_time).unwrap_or_default(),
            interview_at: row.interview_at,
            interview_place: row.interview_place,
        })
    }
}

/// An inspection's 督办 page: what is red today, the steps taken, and what may come next.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct EscalationView {
    pub inspection_id: InspectionId,
    pub round_id: RoundId,
    pub target_name: String,
    pub red_items: Vec<RedItem>,
    pub steps: Vec<EscalationRecord>,
    /// The highest step taken so far: the next may repeat or lower it, or climb one rung.
    pub highest: Option<EscalationStep>,
    /// The step one rung up (none at the top: accountability is not taken twice by default).
    pub suggested: Option<EscalationStep>,
}

/// One organisation of a round on the round's 督办 list.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RoundEscalationRow {
    pub inspection_id: InspectionId,
    pub target_name: String,
    pub team_name: String,
    pub red_items: usize,
    /// Days the oldest red item is past due.
    pub worst_days_over: i64,
    pub highest: Option<EscalationStep>,
    /// The last step taken, by whom and when.
    pub last: Option<EscalationRecord>,
}

/// A round's 督办 list: every inspection with something red, or with steps already taken.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RoundEscalations {
    pub round_id: RoundId,
    pub round_name: String,
    pub rows: Vec<RoundEscalationRow>,
    /// Batches of steps taken together, newest first: (batch id, step, how many, when, by whom).
    pub batches: Vec<EscalationBatch>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct EscalationBatch {
    pub batch_id: EscalationId,
    pub step: EscalationStep,
    pub count: usize,
    pub decided_at_text: String,
    pub decided_by_name: String,
}

/// A step the office takes (on one inspection, or on every red one of a round).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct EscalationInput {
    pub step: EscalationStep,
    /// Why: required for an interview, for accountability, and to skip a rung.
    #[serde(default)]
    pub reason: String,
    /// The date by which the organisation must finish and report in writing (a letter, an
    /// interview).
    #[serde(default)]
    #[schemars(with = "Option<DateText>")]
    pub reply_by: Option<String>,
    /// An interview's time, China local: "2023-12-05T09:30" (as a browser sends it) or
    /// "2023-12-05 09:30"; only for 约谈告诫, with its place, or neither (the notice then says
    /// they follow); not before today, not after the reply date.
    #[serde(default)]
    pub interview_at: Option<String>,
    /// Where the interview is held, at most 100 characters; only for 约谈告诫.
    #[serde(default)]
    #[schemars(length(max = 100))]
    pub interview_place: String,
}

/// An interview's time as entered: "YYYY-MM-DD HH:MM" (a "T" or seconds are read too); none
/// when empty.
fn appointment(text: Option<&str>) -> AppResult<Option<PrimitiveDateTime>> {
    let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) else { return Ok(None) };
    let refused = || AppError::invalid("interview_at", "约谈时间应为“年-月-日 时:分”,如2023-12-05 09:30");
    // "2023-12-05 09:30:00" at most: anything longer is not a time.
    if t.len() > 19 {
        return Err(refused());
    }
    let t = t.replacen('T', " ", 1);
    let t = if t.len() == 16 { format!("{t}:00") } else { t };
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    PrimitiveDateTime::parse(&t, format).map(Some).map_err(|_| refused())
}

/// "2023-12-05 09:30": how an interview's time is stored.
fn stored_time(at: PrimitiveDateTime) -> String {
    format!("{} {:02}:{:02}", at.date(), at.hour(), at.minute())
}

/// "2023年12月5日9时30分": how a notice writes it.
fn notice_time(at: PrimitiveDateTime) -> String {
    let minutes = if at.minute() == 0 { String::new() } else { format!("{}分", at.minute()) };
    format!("{}年{}月{}日{}时{minutes}", at.year(), u8::from(at.month()), at.day(), at.hour())
}

/// Pausing or resuming a measure's deadline clock.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct ClockInput {
    pub version: i64,
    /// Why the clock stops (e.g. waiting for a higher authority), or why it runs again.
    pub reason: String,
}

/// Everything a letter is made of, for `xuncha_documents` to lay out.
#[derive(Debug, Clone, Serialize)]
pub struct EscalationLetter {
    pub step: EscalationRecord,
    /// The party committee the inspection acts for ("中共天镇县委").
    pub committee: String,
    pub target_name: String,
    pub team_name: String,
    pub feedback_date: Option<Date>,
    /// The day the step was taken, in China time: the letter's date.
    pub dated: Date,
}

impl App {
    /// What is red in an inspection's rectification today: its plan not (re)submitted by its
    /// due date, and every measure of an approved plan past its deadline (paused clocks and
    /// proposals are not red).
    async fn red_items(&self, conn: &mut Conn<'_>, insp: &Inspection) -> AppResult<Vec<RedItem>> {
        let Some(feedback) = insp.feedback_date else { return Ok(Vec::new()) };
        let today = self.today();
        let plan = conn.plan_of(insp.id).await?;
        let plan_due = self.policy.plan_due(feedback);
        let approved = plan.as_ref().is_some_and(|p| p.status == PlanStatus::Approved);
        let mut out = Vec::new();
        let unsubmitted = plan.as_ref().is_none_or(|p| matches!(p.status, PlanStatus::Draft | PlanStatus::Returned));
        if unsubmitted && plan_due < today {
            out.push(RedItem {
                kind: RedKind::Plan,
                subject: "整改方案".into(),
                due: plan_due,
                days_over: (today - plan_due).whole_days(),
                responsible: String::new(),
                measure_id: None,
            });
        }
        if !approved {
            return Ok(out);
        }
        let problems = conn.list_problems(insp.id).await?;
        let basis = LightBasis { plan_due: Some(plan_due), approved };
        for m in conn.inspection_measures(insp.id).await? {
            let Some(p) = problems.iter().find(|p| p.id == m.problem_id) else { continue };
            if !matches!(p.status, ProblemStatus::FedBack | ProblemStatus::Closed) {
                continue;
            }
            let fields = m.fields();
            if self.light_on(&fields, m.status, m.paused_since.is_some(), basis) != Light::Red {
                continue;
            }
            let Some(due) = fields.effective_deadline(Some(plan_due)) else { continue };
            let responsible = match m.responsible_leader.trim() {
                "" => m.responsible_person.clone(),
                leader => format!("{};责任领导 {leader}", m.responsible_person),
            };
            out.push(RedItem {
                kind: RedKind::Measure,
                subject: format!("问题{}:{}", p.number, m.content.trim()),
                due,
                days_over: (today - due).whole_days(),
                responsible,
                measure_id: Some(m.id),
            });
        }
        Ok(out)
    }

    async fn records(&self, conn: &mut Conn<'_>, rows: Vec<Escalation>) -> AppResult<Vec<EscalationRecord>> {
        let who = people(conn, rows.iter().map(|r| r.decided_by).collect()).await?;
        rows.into_iter().map(|r| EscalationRecord::of(r, &who)).collect()
    }

    /// An inspection's 督办 page, for the office that escalates.
    pub async fn escalations(&self, actor: &Actor, inspection_id: InspectionId) -> AppResult<EscalationView> {
        let mut h = self.store.read().await?;
        let (insp, scope) = visible_inspection(&mut h.conn(), actor, inspection_id).await?;
        require_visible(actor, Capability::Escalate(&scope))?;
        let red_items = self.red_items(&mut h.conn(), &insp).await?;
        let rows = h.conn().list_escalations(inspection_id).await?;
        let steps = self.records(&mut h.conn(), rows).await?;
        let highest = highest(&steps);
        let suggested = (!red_items.is_empty()).then(|| next_rung(highest)).flatten();
        Ok(EscalationView {
            inspection_id,
            round_id: insp.round_id,
            target_name: insp.target_name,
            red_items,
            steps,
            highest,
            suggested,
        })
    }

    /// Takes one step on one inspection.
    pub async fn escalate(
        &self,
        actor: &Actor,
        inspection_id: InspectionId,
        input: &EscalationInput,
    ) -> AppResult<EscalationRecord> {
        let reply_by = inputs::opt_date("reply_by", "限期报告日期", input.reply_by.as_deref())?;
        let at = appointment(input.interview_at.as_deref())?;
        let mut tx = self.write(By::User(actor)).await?;
        let (insp, scope) = visible_inspection(&mut tx.conn(), actor, inspection_id).await?;
        tx.require(Capability::Escalate(&scope))?;
        let red = self.red_items(&mut tx.conn(), &insp).await?;
        let id = self.take_step(&mut tx, actor, &insp, &red, input, (reply_by, at)).await?;
        let row = tx.conn().get_escalation(id).await?.ok_or(AppError::NotFound)?;
        let record = self.records(&mut tx.conn(), vec![row]).await?.remove(0);
        tx.commit().await?;
        Ok(record)
    }

    /// Takes the same step on every inspection of a round that has something red today (a
    /// batch of 督办函, one per organisation); refused as a whole, naming the organisations,
    /// if the step does not fit one of them.
    pub async fn escalate_round(
        &self,
        actor: &Actor,
        round_id: RoundId,
        input: &EscalationInput,
    ) -> AppResult<Vec<EscalationRecord>> {
        let reply_by = inputs::opt_date("reply_by", "限期报告日期", input.reply_by.as_deref())?;
        let at = appointment(input.interview_at.as_deref())?;
        // What does not depend on the organisation is refused once, by field (a batch of
        // interviews may be held together, at one time and place).
        let appointment = Appointment { at, place: &input.interview_place };
        let proposal = StepProposal { step: input.step, reason: input.reason.trim(), reply_by, appointment };
        escalation::check_proposal(proposal, self.today())?;
        // A round is the office's that plans it (a higher office or a leader reads, but does not
        // escalate); each organisation is then checked against the rule on its own.
        let mut tx = self.write_as(By::User(actor), Capability::PlanRounds).await?;
        visible_round(&mut tx.conn(), actor, round_id).await?;
        let filter = InspectionFilter { round_id: Some(round_id), fed_back_only: true, ..Default::default() };
        let inspections = tx.conn().list_inspections(&filter).await?;
        let mut ids = Vec::new();
        let mut refused: Vec<String> = Vec::new();
        for insp in inspections.iter().filter(|i| allowed(actor, Capability::Escalate(&i.scope()))) {
            let red = self.red_items(&mut tx.conn(), insp).await?;
            if red.is_empty() {
                continue;
            }
            tx.require(Capability::Escalate(&insp.scope()))?;
            match self.take_step(&mut tx, actor, insp, &red, input, (reply_by, at)).await {
                Ok(id) => ids.push(id),
                Err(AppError::Invalid(list)) => {
                    let why: Vec<String> = list.into_iter().map(|f| f.message).collect();
                    refused.push(format!("{}:{}", insp.target_name, why.join(";")));
                }
                Err(other) => return Err(other),
            }
        }
        if !refused.is_empty() {
            return Err(AppError::invalid("step", refused.join("\n")));
        }
        let Some(first) = ids.first().copied() else {
            return Err(AppError::State("本轮巡察目前没有逾期未完成整改事项的单位,无需督办".into()));
        };
        tx.conn().set_escalation_batch(&ids, first).await?;
        let rows = tx.conn().escalation_batch(first).await?;
        let records = self.records(&mut tx.conn(), rows).await?;
        tx.commit().await?;
        Ok(records)
    }

    /// One step within a checked transaction: the ladder's rule, the letter's number, the
    /// transfer an accountability step opens, the audit event.
    async fn take_step(
        &self,
        tx: &mut crate::guarded::Write<'_>,
        actor: &Actor,
        insp: &Inspection,
        red: &[RedItem],
        input: &EscalationInput,
        (reply_by, at): (Option<Date>, Option<PrimitiveDateTime>),
    ) -> AppResult<EscalationId> {
        let today = self.today();
        let taken = tx.conn().list_escalations(insp.id).await?;
        let latest = taken.iter().map(|e| e.step).max_by_key(|s| s.rank());
        let appointment = Appointment { at, place: &input.interview_place };
        let proposal = StepProposal { step: input.step, reason: input.reason.trim(), reply_by, appointment };
        escalation::check_step(latest, proposal, red.len(), today)?;
        let letter_number = match input.step {
            EscalationStep::Letter => self.next_number(tx, "督办", insp, today).await?,
            EscalationStep::Interview => self.next_number(tx, "约谈", insp, today).await?,
            _ => String::new(),
        };
        let transfer_id = if input.step == EscalationStep::Accountability {
            Some(self.open_accountability(tx, insp, red, input.reason.trim()).await?)
        } else {
            None
        };
        let items = json(&red.to_vec());
        let interview_at = at.map(stored_time).unwrap_or_default();
        let id = tx
            .conn()
            .insert_escalation(&NewEscalation {
                inspection_id: insp.id,
                step: input.step,
                reason: input.reason.trim(),
                reply_by: if input.step.sets_reply_date() { reply_by } else { None },
                items: &items,
                letter_number: &letter_number,
                transfer_id,
                decided_by: actor.user_id,
                interview_at: &interview_at,
                interview_place: input.interview_place.trim(),
            })
            .await?;
        let row = tx.conn().get_escalation(id).await?.ok_or(AppError::NotFound)?;
        let what = match letter_number.as_str() {
            "" => format!("对{}{}({}项逾期)", insp.target_name, input.step.label(), red.len()),
            no => format!("对{}{},{no}({}项逾期)", insp.target_name, input.step.label(), red.len()),
        };
        tx.record(Action::EscalationTake, insp.id, &what, "{}", &json(&row)).await?;
        Ok(id)
    }

    /// "督办〔2023〕4号": the next number of the kind in the year of `today`, counted within the
    /// inspection's county (each county numbers its own letters).
    async fn next_number(
        &self,
        tx: &mut crate::guarded::Write<'_>,
        kind: &str,
        insp: &Inspection,
        today: Date,
    ) -> AppResult<String> {
        let prefix = format!("{kind}〔{}〕", today.year());
        let n = tx.conn().letters_numbered(&prefix, insp.committee_id).await?;
        Ok(format!("{prefix}{}号", n + 1))
    }

    /// 移交问责: the failure goes to the discipline commission as a transfer, answered there
    /// like any other (and reminded of when its answer is due).
    async fn open_accountability(
        &self,
        tx: &mut crate::guarded::Write<'_>,
        insp: &Inspection,
        red: &[RedItem],
        reason: &str,
    ) -> AppResult<TransferId> {
        let today = self.today();
        let mut content =
            format!("{}整改不力,经提醒、督办仍未按时限完成整改,移交问责。{reason}\n逾期事项:", insp.target_name);
        for (n, item) in red.iter().enumerate() {
            content.push_str(&format!("\n{}. {}(时限{},逾期{}天)", n + 1, item.subject, item.due, item.days_over));
        }
        let id = tx
            .conn()
            .insert_transfer(&NewTransfer {
                inspection_id: insp.id,
                problem_id: None,
                kind: TransferKind::Other,
                body: Body::Discipline,
                body_name: Body::Discipline.label(),
                content: &content,
                transferred_on: today,
                due_date: self.policy.transfer_due(today),
            })
            .await?;
        let t = tx.conn().get_transfer(id).await?.ok_or(AppError::NotFound)?;
        let what = format!("向{}移交整改不力问题(督办)", Body::Discipline.label());
        tx.record(Action::TransferCreate, id, &what, "{}", &json(&t)).await?;
        Ok(id)
    }

    /// A round's 督办 list: every inspection the office escalates on with something red, or
    /// with steps taken; and the batches taken, newest first.
    pub async fn round_escalations(&self, actor: &Actor, round_id: RoundId) -> AppResult<RoundEscalations> {
        let mut h = self.store.read().await?;
        // The office that plans rounds reads a round's 督办 list (its own county's rounds); each
        // organisation on it is one the rule lets the office escalate on.
        require_visible(actor, Capability::PlanRounds)?;
        let round = visible_round(&mut h.conn(), actor, round_id).await?;
        let filter = InspectionFilter { round_id: Some(round_id), fed_back_only: true, ..Default::default() };
        let inspections: Vec<Inspection> = h.conn().list_inspections(&filter).await?;
        let mine: Vec<&Inspection> =
            inspections.iter().filter(|i| allowed(actor, Capability::Escalate(&i.scope()))).collect();
        let all = h.conn().round_escalations(round_id).await?;
        let all = self.records(&mut h.conn(), all).await?;
        let mut rows = Vec::new();
        for insp in mine {
            let red = self.red_items(&mut h.conn(), insp).await?;
            let steps: Vec<&EscalationRecord> = all.iter().filter(|e| e.inspection_id == insp.id).collect();
            if red.is_empty() && steps.is_empty() {
                continue;
            }
            rows.push(RoundEscalationRow {
                inspection_id: insp.id,
                target_name: insp.target_name.clone(),
                team_name: insp.team_name.clone(),
                red_items: red.len(),
                worst_days_over: red.iter().map(|r| r.days_over).max().unwrap_or(0),
                highest: steps.iter().map(|e| e.step).max_by_key(|s| s.rank()),
                last: steps.last().map(|e| (*e).clone()),
            });
        }
        rows.sort_by_key(|r| (std::cmp::Reverse(r.red_items), std::cmp::Reverse(r.worst_days_over)));
        let shown: std::collections::HashSet<InspectionId> = rows.iter().map(|r| r.inspection_id).collect();
        let mut batches: Vec<EscalationBatch> = Vec::new();
        for e in all.iter().filter(|e| shown.contains(&e.inspection_id)) {
            let Some(batch_id) = e.batch_id else { continue };
            match batches.iter_mut().find(|b| b.batch_id == batch_id) {
                Some(b) => b.count += 1,
                None => batches.push(EscalationBatch {
                    batch_id,
                    step: e.step,
                    count: 1,
                    decided_at_text: e.decided_at_text.clone(),
                    decided_by_name: e.decided_by_name.clone(),
                }),
            }
        }
        batches.reverse();
        Ok(RoundEscalations { round_id, round_name: round.name, rows, batches })
    }

    /// The letters of one step, or of a batch, for the office: the data of each document.
    pub async fn escalation_letters(
        &self,
        actor: &Actor,
        batch_or_step: LetterSet,
    ) -> AppResult<Vec<EscalationLetter>> {
        let mut h = self.store.read().await?;
        let rows = match batch_or_step {
            LetterSet::Step(id) => h.conn().get_escalation(id).await?.into_iter().collect(),
            LetterSet::Batch(id) => h.conn().escalation_batch(id).await?,
        };
        let mut out = Vec::new();
        for row in rows {
            let (insp, scope) = visible_inspection(&mut h.conn(), actor, row.inspection_id).await?;
            require_visible(actor, Capability::Escalate(&scope))?;
            if row.step.document().is_none() {
                continue;
            }
            let committee = crate::official::committee_name(&mut h.conn(), &insp).await?;
            let dated = row.decided_at.to_offset(xuncha_store::CHINA).date();
            let step = self.records(&mut h.conn(), vec![row]).await?.remove(0);
            out.push(EscalationLetter {
                step,
                committee,
                target_name: insp.target_name,
                team_name: insp.team_name,
                feedback_date: insp.feedback_date,
                dated,
            });
        }
        if out.is_empty() {
            return Err(AppError::NotFound);
        }
        Ok(out)
    }

    /// Stops a measure's deadline clock today, with why (the office).
    pub async fn pause_clock(
        &self,
        actor: &Actor,
        measure_id: MeasureId,
        input: &ClockInput,
    ) -> AppResult<MeasureRecord> {
        escalation::check_clock_note("reason", "暂停计时理由", &input.reason)?;
        let mut tx = self.write(By::User(actor)).await?;
        let ctx = self.measure_ctx(&mut tx.conn(), actor, measure_id).await?;
        tx.require(Capability::Escalate(&ctx.scope))?;
        crate::check_version(input.version, ctx.measure.version)?;
        use xuncha_domain::measure::MeasureStatus;
        if !matches!(ctx.measure.status, MeasureStatus::NotDone | MeasureStatus::LargelyDone) {
            return Err(AppError::State("只有未完成的整改措施才能暂停计时".into()));
        }
        if ctx.measure.paused_since.is_some() {
            return Err(AppError::State("该措施的整改计时已经暂停".into()));
        }
        // Only a measure under an approved plan runs on a clock, and only a dated one can be
        // given its days back (a 立行立改 fix is due with the plan).
        if !self.light_basis(&mut tx.conn(), ctx.inspection.id).await?.approved {
            return Err(AppError::State("整改方案审核通过后,措施才开始计时".into()));
        }
        if ctx.measure.deadline.is_none() {
            return Err(AppError::State("暂停计时只适用于有明确整改时限的措施".into()));
        }
        let today = self.today();
        tx.conn().pause_clock(measure_id, input.version, today, input.reason.trim(), actor.user_id).await?;
        let after = tx.conn().get_measure(measure_id).await?.ok_or(AppError::NotFound)?;
        let what = format!("暂停整改计时:{}", input.reason.trim());
        tx.record(Action::MeasureClockPause, measure_id, &what, &json(&ctx.measure), &json(&after)).await?;
        let view = self.lit(&mut tx.conn(), after, ctx.inspection.id).await?;
        tx.commit().await?;
        Ok(view)
    }

    /// Starts the clock again today: a dated deadline moves by the days it stood still.
    pub async fn resume_clock(
        &self,
        actor: &Actor,
        measure_id: MeasureId,
        input: &ClockInput,
    ) -> AppResult<MeasureRecord> {
        escalation::check_clock_note("reason", "恢复计时说明", &input.reason)?;
        let mut tx = self.write(By::User(actor)).await?;
        let ctx = self.measure_ctx(&mut tx.conn(), actor, measure_id).await?;
        tx.require(Capability::Escalate(&ctx.scope))?;
        crate::check_version(input.version, ctx.measure.version)?;
        let Some(since) = ctx.measure.paused_since else {
            return Err(AppError::State("该措施的整改计时没有暂停".into()));
        };
        if ctx.measure.status == xuncha_domain::measure::MeasureStatus::Closed {
            return Err(AppError::State("该措施已销号,无需恢复计时".into()));
        }
        let today = self.today();
        let before = ctx.measure.deadline;
        let after_deadline = before.map(|d| escalation::resumed_deadline(d, since, today));
        let resumption = Resumption {
            on: today,
            note: input.reason.trim(),
            by: actor.user_id,
            deadline_before: before,
            deadline_after: after_deadline,
        };
        tx.conn().resume_clock(measure_id, input.version, &resumption).await?;
        let after = tx.conn().get_measure(measure_id).await?.ok_or(AppError::NotFound)?;
        let days = (today - since).whole_days().max(0);
        let what = match (before, after_deadline) {
            (Some(b), Some(a)) if a != b => format!("恢复整改计时(暂停{days}天,时限由{b}顺延至{a})"),
            _ => format!("恢复整改计时(暂停{days}天)"),
        };
        tx.record(Action::MeasureClockResume, measure_id, &what, &json(&ctx.measure), &json(&after)).await?;
        let view = self.lit(&mut tx.conn(), after, ctx.inspection.id).await?;
        tx.commit().await?;
        Ok(view)
    }
}

/// Which letters to lay out: one step's, or a batch's.
#[derive(Debug, Clone, Copy)]
pub enum LetterSet {
    Step(EscalationId),
    Batch(EscalationId),
}

fn highest(steps: &[EscalationRecord]) -> Option<EscalationStep> {
    steps.iter().map(|e| e.step).max_by_key(|s| s.rank())
}

fn next_rung(highest: Option<EscalationStep>) -> Option<EscalationStep> {
    let next = highest.map_or(0, |s| s.rank() + 1);
    EscalationStep::ALL.get(next).copied()
}
