//! 督办: the steps of the escalation ladder taken on inspections, and the pauses of measures'
//! deadline clocks.

use time::Date;
use xuncha_domain::escalation::EscalationStep;
use xuncha_domain::id::*;

use super::expect_one;
use crate::rows::{ClockPause, Escalation};
use crate::{Conn, Result, map_err, run};

pub struct NewEscalation<'a> {
    pub inspection_id: InspectionId,
    pub step: EscalationStep,
    pub reason: &'a str,
    pub reply_by: Option<Date>,
    /// The red items as they stood, a JSON list.
    pub items: &'a str,
    pub letter_number: &'a str,
    pub transfer_id: Option<TransferId>,
    pub decided_by: UserId,
    /// An interview's time ("YYYY-MM-DD HH:MM", China local) and place; "" for none.
    pub interview_at: &'a str,
    pub interview_place: &'a str,
}

/// A paused clock started again: when, why, by whom, and the deadline before and after.
pub struct Resumption<'a> {
    pub on: Date,
    pub note: &'a str,
    pub by: UserId,
    pub deadline_before: Option<Date>,
    pub deadline_after: Option<Date>,
}

impl Conn<'_> {
    pub async fn insert_escalation(&mut self, e: &NewEscalation<'_>) -> Result<EscalationId> {
        let now = self.now();
        run!(self, c => sqlx::query_scalar(
            "INSERT INTO escalation (inspection_id, step, reason, reply_by, items, letter_number, transfer_id, decided_by, decided_at,
                                     interview_at, interview_place)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id")
            .bind(e.inspection_id).bind(e.step.code()).bind(e.reason).bind(e.reply_by).bind(e.items)
            .bind(e.letter_number).bind(e.transfer_id).bind(e.decided_by).bind(now)
            .bind(e.interview_at).bind(e.interview_place)
            .fetch_one(c).await).map_err(map_err)
    }

    /// Marks steps as taken together (a round's batch), under the first one's id.
    pub async fn set_escalation_batch(&mut self, ids: &[EscalationId], batch: EscalationId) -> Result<()> {
        for id in ids {
            run!(self, c => sqlx::query("UPDATE escalation SET batch_id = $1 WHERE id = $2")
                .bind(batch).bind(*id).execute(c).await.map(|_| ()))?;
        }
        Ok(())
    }

    pub async fn get_escalation(&mut self, id: EscalationId) -> Result<Option<Escalation>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM escalation WHERE id = $1").bind(id).fetch_optional(c).await)?)
    }

    /// An inspection's steps, oldest first.
    pub async fn list_escalations(&mut self, inspection_id: InspectionId) -> Result<Vec<Escalation>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM escalation WHERE inspection_id = $1 ORDER BY id")
            .bind(inspection_id).fetch_all(c).await)?)
    }

    /// The steps taken together in one batch, in the order taken.
    pub async fn escalation_batch(&mut self, batch: EscalationId) -> Result<Vec<Escalation>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM escalation WHERE batch_id = $1 ORDER BY id")
            .bind(batch).fetch_all(c).await)?)
    }

    /// Every step taken on a round's inspections, oldest first.
    pub async fn round_escalations(&mut self, round_id: RoundId) -> Result<Vec<Escalation>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT e.* FROM escalation e JOIN inspection i ON i.id = e.inspection_id WHERE i.round_id = $1 ORDER BY e.id")
            .bind(round_id).fetch_all(c).await)?)
    }

    /// Per inspection, its latest step when that step set a reply date before `today` (a letter
    /// or an interview whose date has passed): the office decides what comes next.
    pub async fn replies_past_due(&mut self, today: Date) -> Result<Vec<Escalation>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT e.* FROM escalation e
             WHERE e.reply_by IS NOT NULL AND e.reply_by < $1
               AND e.id = (SELECT MAX(x.id) FROM escalation x WHERE x.inspection_id = e.inspection_id)
             ORDER BY e.reply_by, e.id")
            .bind(today).fetch_all(c).await)?)
    }

    /// How many letters of one county committee's inspections carry a number starting so
    /// ("督办〔2023〕"), for the next number: each county numbers its own letters. Writers take
    /// turns (see `Store::begin`), so two letters never draw the same number.
    pub async fn letters_numbered(&mut self, prefix: &str, committee: Option<OrgId>) -> Result<i64> {
        let pattern = format!("{prefix}%");
        Ok(run!(self, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM escalation e JOIN inspection i ON i.id = e.inspection_id
             WHERE e.letter_number LIKE $1 AND (i.committee_id = $2 OR (i.committee_id IS NULL AND $2 IS NULL))")
            .bind(pattern).bind(committee).fetch_one(c).await)?)
    }

    /// Stops a measure's deadline clock from `on`, with why.
    pub async fn pause_clock(
        &mut self,
        measure_id: MeasureId,
        version: i64,
        on: Date,
        reason: &str,
        by: UserId,
    ) -> Result<ClockPauseId> {
        let r = run!(self, c => sqlx::query(
            "UPDATE measure SET paused_since = $1, version = version + 1 WHERE id = $2 AND version = $3 AND paused_since IS NULL")
            .bind(on).bind(measure_id).bind(version).execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)?;
        let now = self.now();
        run!(self, c => sqlx::query_scalar(
            "INSERT INTO clock_pause (measure_id, paused_on, reason, paused_by, paused_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(measure_id).bind(on).bind(reason).bind(by).bind(now)
            .fetch_one(c).await).map_err(map_err)
    }

    /// Starts the clock again; the deadline becomes `res.deadline_after`. The move is kept on
    /// the pause (before and after), not as an extension: the office stopped the clock, the
    /// organisation did not ask for more time.
    pub async fn resume_clock(&mut self, measure_id: MeasureId, version: i64, res: &Resumption<'_>) -> Result<()> {
        let (deadline_after, deadline_before) = (res.deadline_after, res.deadline_before);
        let (on, note, by) = (res.on, res.note, res.by);
        let r = run!(self, c => sqlx::query(
            "UPDATE measure SET paused_since = NULL, deadline = COALESCE($1, deadline), version = version + 1
             WHERE id = $2 AND version = $3 AND paused_since IS NOT NULL")
            .bind(deadline_after).bind(measure_id).bind(version).execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)?;
        let now = self.now();
        let r = run!(self, c => sqlx::query(
            "UPDATE clock_pause SET resumed_on = $1, resume_note = $2, resumed_by = $3, resumed_at = $4,
                    deadline_before = $5, deadline_after = $6
             WHERE measure_id = $7 AND resumed_on IS NULL")
            .bind(on).bind(note).bind(by).bind(now).bind(deadline_before).bind(deadline_after).bind(measure_id)
            .execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)
    }

    /// Ends a pause when its measure is closed: the clock has nothing left to time.
    pub async fn end_pause_on_close(&mut self, measure_id: MeasureId, on: Date, by: UserId) -> Result<()> {
        let now = self.now();
        run!(self, c => sqlx::query(
            "UPDATE clock_pause SET resumed_on = $1, resume_note = '措施已销号,计时结束', resumed_by = $2, resumed_at = $3
             WHERE measure_id = $4 AND resumed_on IS NULL")
            .bind(on).bind(by).bind(now).bind(measure_id).execute(c).await.map(|_| ()))?;
        run!(self, c => sqlx::query("UPDATE measure SET paused_since = NULL WHERE id = $1")
            .bind(measure_id).execute(c).await.map(|_| ()))?;
        Ok(())
    }

    /// A measure's pauses, oldest first.
    pub async fn list_pauses(&mut self, measure_id: MeasureId) -> Result<Vec<ClockPause>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM clock_pause WHERE measure_id = $1 ORDER BY id")
            .bind(measure_id).fetch_all(c).await)?)
    }
}
