//! Aggregate reads for the home pages: a whole round's measures and plans in one query each.

use xuncha_domain::id::*;
use xuncha_domain::measure::MeasureStatus;
use xuncha_domain::plan::PlanStatus;
use xuncha_domain::tip::TipStatus;

use crate::rows::{Plan, RoundMeasure};
use crate::{Conn, Result, run};

impl Conn<'_> {
    /// Every measure of a round, with its inspection and problem number.
    pub async fn round_measures(&mut self, round_id: RoundId) -> Result<Vec<RoundMeasure>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT m.*, p.inspection_id AS inspection_id, p.number AS problem_number
             FROM measure m JOIN problem p ON p.id = m.problem_id JOIN inspection i ON i.id = p.inspection_id
             WHERE i.round_id = $1 ORDER BY i.id, p.number, m.sort, m.id")
            .bind(round_id).fetch_all(c).await)?)
    }

    pub async fn round_plans(&mut self, round_id: RoundId) -> Result<Vec<Plan>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT pl.* FROM plan pl JOIN inspection i ON i.id = pl.inspection_id WHERE i.round_id = $1")
            .bind(round_id).fetch_all(c).await)?)
    }

    /// Problems per inspection of a round: (inspection id, fed back or closed, all).
    pub async fn round_problem_counts(&mut self, round_id: RoundId) -> Result<Vec<(InspectionId, i64, i64)>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT p.inspection_id, SUM(CASE WHEN p.status IN ('fed_back', 'closed') THEN 1 ELSE 0 END), COUNT(*)
             FROM problem p JOIN inspection i ON i.id = p.inspection_id WHERE i.round_id = $1 GROUP BY p.inspection_id")
            .bind(round_id).fetch_all(c).await)?)
    }

    /// For each inspection of the teams `user_id` sits on: its problems, the papers waiting for
    /// sign-off, and the tips waiting for triage (counts, not an access to any tip).
    pub async fn team_inspection_counts(&mut self, user_id: UserId) -> Result<Vec<(InspectionId, i64, i64, i64)>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT i.id,
                    (SELECT COUNT(*) FROM problem p WHERE p.inspection_id = i.id),
                    (SELECT COUNT(*) FROM problem p WHERE p.inspection_id = i.id AND p.status IN ('draft', 'deputy_signed')),
                    (SELECT COUNT(*) FROM tip t WHERE t.inspection_id = i.id AND t.status = $2)
             FROM inspection i JOIN team_member tm ON tm.team_id = i.team_id WHERE tm.user_id = $1")
            .bind(user_id).bind(TipStatus::Registered.code()).fetch_all(c).await)?)
    }
}

impl Conn<'_> {
    /// Every problem of a round (for the ledger).
    pub async fn round_problems(&mut self, round_id: RoundId) -> Result<Vec<crate::rows::Problem>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT p.* FROM problem p JOIN inspection i ON i.id = p.inspection_id WHERE i.round_id = $1
             ORDER BY i.id, p.number").bind(round_id).fetch_all(c).await)?)
    }
}

impl Conn<'_> {
    /// Extension requests waiting for a decision, with the organisation they concern.
    /// Extension requests awaiting a decision: (request, target's name, inspection).
    pub async fn pending_extensions(&mut self) -> Result<Vec<(crate::rows::Extension, String, InspectionId)>> {
        let rows: Vec<PendingExtension> = run!(self, c => sqlx::query_as(
            "SELECT e.*, o.name AS target_name, i.id AS inspection_id FROM extension e
             JOIN measure m ON m.id = e.measure_id JOIN problem p ON p.id = m.problem_id
             JOIN inspection i ON i.id = p.inspection_id JOIN organisation o ON o.id = i.target_org_id
             WHERE e.status = 'pending' ORDER BY e.id")
            .fetch_all(c).await)?;
        Ok(rows.into_iter().map(|r| (r.extension, r.target_name, r.inspection_id)).collect())
    }
}

#[derive(sqlx::FromRow)]
struct PendingExtension {
    #[sqlx(flatten)]
    extension: crate::rows::Extension,
    target_name: String,
    inspection_id: InspectionId,
}

impl Conn<'_> {
    /// The latest progress text of each measure of a round: (measure id, text), oldest first.
    pub async fn round_progress(&mut self, round_id: RoundId) -> Result<Vec<(MeasureId, String)>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT pr.measure_id, pr.content FROM progress pr JOIN measure m ON m.id = pr.measure_id
             JOIN problem p ON p.id = m.problem_id JOIN inspection i ON i.id = p.inspection_id
             WHERE i.round_id = $1 ORDER BY pr.id").bind(round_id).fetch_all(c).await)?)
    }

    /// Evidence file names of a round's measures: (measure id, file name).
    pub async fn round_evidence_names(&mut self, round_id: RoundId) -> Result<Vec<(MeasureId, String)>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT e.measure_id, e.file_name FROM evidence e JOIN measure m ON m.id = e.measure_id
             JOIN problem p ON p.id = m.problem_id JOIN inspection i ON i.id = p.inspection_id
             WHERE i.round_id = $1 ORDER BY e.id").bind(round_id).fetch_all(c).await)?)
    }
}

/// Overdue open measures of one inspection, with where they sit.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OverdueCount {
    pub inspection_id: InspectionId,
    pub round_id: RoundId,
    pub target_org_id: OrgId,
    pub target_name: String,
    pub overdue: i64,
}

impl Conn<'_> {
    /// Open measures of fed-back problems past their deadline on `today`, per inspection, in
    /// every round. Immediate fixes without a date are due with the plan: they count when the
    /// feedback date is on or before `plan_overdue_feedback`. Only under an approved plan: until
    /// then the measures are proposals, due on no date.
    pub async fn overdue_by_inspection(
        &mut self,
        today: time::Date,
        plan_overdue_feedback: time::Date,
    ) -> Result<Vec<OverdueCount>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT x.inspection_id, i.round_id, i.target_org_id, o.name AS target_name, COUNT(*) AS overdue
             FROM (SELECT p.inspection_id FROM measure m JOIN problem p ON p.id = m.problem_id
                   JOIN plan pl ON pl.inspection_id = p.inspection_id AND pl.status = $3
                   WHERE m.status IN ('not_done', 'largely_done') AND m.deadline < $1 AND m.paused_since IS NULL
                     AND p.status IN ('fed_back', 'closed')
                   UNION ALL
                   SELECT p.inspection_id FROM measure m JOIN problem p ON p.id = m.problem_id
                   JOIN inspection j ON j.id = p.inspection_id
                   JOIN plan pl ON pl.inspection_id = p.inspection_id AND pl.status = $3
                   WHERE m.status IN ('not_done', 'largely_done') AND m.deadline IS NULL AND m.paused_since IS NULL
                     AND m.deadline_kind = 'immediate' AND j.feedback_date <= $2
                     AND p.status IN ('fed_back', 'closed')) x
             JOIN inspection i ON i.id = x.inspection_id JOIN organisation o ON o.id = i.target_org_id
             GROUP BY x.inspection_id, i.round_id, i.target_org_id, o.name
             ORDER BY x.inspection_id")
            .bind(today).bind(plan_overdue_feedback).bind(PlanStatus::Approved.code()).fetch_all(c).await)?)
    }

    /// Measures their organisation reports 已完成 under an approved plan (only then may they be
    /// closed), waiting for the office or team to verify and close them, per inspection, in
    /// every round (the `overdue` column counts them).
    pub async fn awaiting_verification(&mut self) -> Result<Vec<OverdueCount>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT p.inspection_id, i.round_id, i.target_org_id, o.name AS target_name, COUNT(*) AS overdue
             FROM measure m JOIN problem p ON p.id = m.problem_id JOIN inspection i ON i.id = p.inspection_id
             JOIN organisation o ON o.id = i.target_org_id JOIN plan pl ON pl.inspection_id = i.id
             WHERE m.status = $1 AND pl.status = $2
             GROUP BY p.inspection_id, i.round_id, i.target_org_id, o.name ORDER BY p.inspection_id")
            .bind(MeasureStatus::Done.code()).bind(PlanStatus::Approved.code()).fetch_all(c).await)?)
    }

    /// Plans not (or no longer) submitted after feedback, in every round: (inspection id,
    /// target organisation's name, feedback date, whether it was returned).
    pub async fn unsubmitted_plans(&mut self) -> Result<Vec<(InspectionId, String, time::Date, bool)>> {
        let rows: Vec<(InspectionId, String, time::Date, String)> = run!(self, c => sqlx::query_as(
            "SELECT pl.inspection_id, o.name, i.feedback_date, pl.status FROM plan pl
             JOIN inspection i ON i.id = pl.inspection_id JOIN organisation o ON o.id = i.target_org_id
             WHERE pl.status IN ($1, $2) AND i.feedback_date IS NOT NULL ORDER BY pl.inspection_id")
            .bind(PlanStatus::Draft.code()).bind(PlanStatus::Returned.code()).fetch_all(c).await)?;
        Ok(rows
            .into_iter()
            .map(|(id, name, fb, status)| (id, name, fb, status == PlanStatus::Returned.code()))
            .collect())
    }

    /// Plans waiting for review, in every round: (inspection id, target organisation's name).
    pub async fn submitted_plans(&mut self) -> Result<Vec<(InspectionId, String)>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT pl.inspection_id, o.name FROM plan pl JOIN inspection i ON i.id = pl.inspection_id
             JOIN organisation o ON o.id = i.target_org_id WHERE pl.status = 'submitted' ORDER BY pl.inspection_id")
            .fetch_all(c).await)?)
    }
}
