//! Plans, their submissions, measures, progress, evidence and extensions.

use time::Date;
use xuncha_domain::id::*;
use xuncha_domain::measure::{ExtensionStatus, MeasureFields, MeasureStatus};
use xuncha_domain::plan::PlanStatus;

use super::expect_one;
use crate::rows::{Evidence, Extension, Measure, Plan, PlanSubmission, Progress};
use crate::{Conn, Result, map_err, run};

pub struct NewEvidence<'a> {
    pub measure_id: MeasureId,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub sha256: &'a str,
    pub data: &'a [u8],
    pub description: &'a str,
    pub document_date: Option<Date>,
    pub uploaded_by: UserId,
}

const EVIDENCE_COLS: &str = "SELECT id, measure_id, file_name, content_type, size, sha256, description, document_date,
    uploaded_by, uploaded_at FROM evidence";

impl Conn<'_> {
    pub async fn insert_plan(&mut self, inspection_id: InspectionId) -> Result<PlanId> {
        let now = self.now();
        run!(self, c => sqlx::query_scalar("INSERT INTO plan (inspection_id, status, created_at) VALUES ($1, $2, $3) RETURNING id")
            .bind(inspection_id).bind(PlanStatus::Draft.code()).bind(now).fetch_one(c).await)
            .map_err(map_err)
    }

    pub async fn get_plan(&mut self, id: PlanId) -> Result<Option<Plan>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM plan WHERE id = $1").bind(id).fetch_optional(c).await)?)
    }

    pub async fn plan_of(&mut self, inspection_id: InspectionId) -> Result<Option<Plan>> {
        Ok(
            run!(self, c => sqlx::query_as("SELECT * FROM plan WHERE inspection_id = $1").bind(inspection_id).fetch_optional(c).await)?,
        )
    }

    /// Submission: status, the new submission number and the secretary's sign-off.
    pub async fn submit_plan(&mut self, id: PlanId, version: i64, signer: UserId, snapshot: &str) -> Result<i64> {
        let now = self.now();
        let no: i64 = run!(self, c => sqlx::query_scalar(
            "UPDATE plan SET status = $1, submission_no = submission_no + 1, secretary_signed_by = $2, submitted_at = $3,
             version = version + 1 WHERE id = $4 AND version = $5 RETURNING submission_no")
            .bind(PlanStatus::Submitted.code()).bind(signer).bind(now).bind(id).bind(version).fetch_optional(c).await)?
            .ok_or(crate::StoreError::Conflict)?;
        run!(self, c => sqlx::query(
            "INSERT INTO plan_submission (plan_id, submission_no, snapshot, submitted_by, submitted_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(id).bind(no).bind(snapshot).bind(signer).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(no)
    }

    /// Review: approve or return, with comments kept on the plan and on its submission.
    pub async fn review_plan(
        &mut self,
        plan: &Plan,
        approve: bool,
        comments: &str,
        problem_comments: &str,
        reviewer: UserId,
    ) -> Result<()> {
        let now = self.now();
        let status = if approve { PlanStatus::Approved } else { PlanStatus::Returned };
        let r = run!(self, c => sqlx::query(
            "UPDATE plan SET status = $1, comments = $2, reviewed_by = $3, reviewed_at = $4, version = version + 1
             WHERE id = $5 AND version = $6")
            .bind(status.code()).bind(comments).bind(reviewer).bind(now).bind(plan.id).bind(plan.version).execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)?;
        run!(self, c => sqlx::query(
            "UPDATE plan_submission SET decision = $1, comments = $2, problem_comments = $3, reviewed_by = $4, reviewed_at = $5
             WHERE plan_id = $6 AND submission_no = $7")
            .bind(status.code()).bind(comments).bind(problem_comments).bind(reviewer).bind(now).bind(plan.id)
            .bind(plan.submission_no).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn list_submissions(&mut self, plan_id: PlanId) -> Result<Vec<PlanSubmission>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM plan_submission WHERE plan_id = $1 ORDER BY submission_no")
            .bind(plan_id).fetch_all(c).await)?)
    }

    pub async fn insert_measure(&mut self, problem_id: ProblemId, f: &MeasureFields) -> Result<MeasureId> {
        let now = self.now();
        let sort: i64 = run!(self, c => sqlx::query_scalar("SELECT COALESCE(MAX(sort), 0) + 1 FROM measure WHERE problem_id = $1")
            .bind(problem_id).fetch_one(c).await)?;
        run!(self, c => sqlx::query_scalar(
            "INSERT INTO measure (problem_id, sort, content, responsible_person, responsible_leader, department, deadline_kind,
             deadline, milestone, completion_standard, status, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id")
            .bind(problem_id).bind(sort).bind(&f.content).bind(&f.responsible_person).bind(&f.responsible_leader)
            .bind(&f.department).bind(f.deadline_kind.map(|k| k.code())).bind(f.deadline).bind(&f.milestone)
            .bind(&f.completion_standard).bind(MeasureStatus::NotDone.code()).bind(now)
            .fetch_one(c).await).map_err(map_err)
    }

    pub async fn get_measure(&mut self, id: MeasureId) -> Result<Option<Measure>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM measure WHERE id = $1").bind(id).fetch_optional(c).await)?)
    }

    /// All measures of an inspection's problems, in problem and measure order.
    pub async fn inspection_measures(&mut self, inspection_id: InspectionId) -> Result<Vec<Measure>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT m.* FROM measure m JOIN problem p ON p.id = m.problem_id WHERE p.inspection_id = $1
             ORDER BY p.number, m.sort, m.id").bind(inspection_id).fetch_all(c).await)?)
    }

    pub async fn problem_measures(&mut self, problem_id: ProblemId) -> Result<Vec<Measure>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM measure WHERE problem_id = $1 ORDER BY sort, id")
            .bind(problem_id).fetch_all(c).await)?)
    }

    pub async fn update_measure(&mut self, id: MeasureId, version: i64, f: &MeasureFields) -> Result<()> {
        let r = run!(self, c => sqlx::query(
            "UPDATE measure SET content = $1, responsible_person = $2, responsible_leader = $3, department = $4,
             deadline_kind = $5, deadline = $6, milestone = $7, completion_standard = $8, version = version + 1
             WHERE id = $9 AND version = $10")
            .bind(&f.content).bind(&f.responsible_person).bind(&f.responsible_leader).bind(&f.department)
            .bind(f.deadline_kind.map(|k| k.code())).bind(f.deadline).bind(&f.milestone).bind(&f.completion_standard)
            .bind(id).bind(version).execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)
    }

    /// Deletes a draft measure that has no progress, evidence or extension yet.
    pub async fn delete_measure(&mut self, id: MeasureId, version: i64) -> Result<()> {
        let r = run!(self, c => sqlx::query(
            "DELETE FROM measure WHERE id = $1 AND version = $2
             AND NOT EXISTS (SELECT 1 FROM progress WHERE measure_id = $1)
             AND NOT EXISTS (SELECT 1 FROM evidence WHERE measure_id = $1)
             AND NOT EXISTS (SELECT 1 FROM extension WHERE measure_id = $1)")
            .bind(id).bind(version).execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)
    }

    pub async fn set_measure_status(&mut self, id: MeasureId, version: i64, status: MeasureStatus) -> Result<()> {
        let r = run!(self, c => sqlx::query("UPDATE measure SET status = $1, version = version + 1 WHERE id = $2 AND version = $3")
            .bind(status.code()).bind(id).bind(version).execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)
    }

    pub async fn close_measure(&mut self, id: MeasureId, version: i64, by: UserId, note: &str) -> Result<()> {
        let now = self.now();
        let r = run!(self, c => sqlx::query(
            "UPDATE measure SET status = $1, closed_by = $2, closed_at = $3, close_note = $4, version = version + 1
             WHERE id = $5 AND version = $6")
            .bind(MeasureStatus::Closed.code()).bind(by).bind(now).bind(note).bind(id).bind(version)
            .execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)
    }

    /// Reopens a closed measure; it goes back to "not done" until verified again.
    pub async fn reopen_measure(&mut self, id: MeasureId, version: i64) -> Result<()> {
        let r = run!(self, c => sqlx::query(
            "UPDATE measure SET status = $1, closed_by = NULL, closed_at = NULL, close_note = '', version = version + 1
             WHERE id = $2 AND version = $3")
            .bind(MeasureStatus::NotDone.code()).bind(id).bind(version).execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)
    }

    /// Moves the deadline after an approved extension, keeping the first original deadline.
    pub async fn extend_measure(&mut self, id: MeasureId, new_deadline: Date) -> Result<()> {
        run!(self, c => sqlx::query(
            "UPDATE measure SET original_deadline = COALESCE(original_deadline, deadline), deadline = $1, version = version + 1
             WHERE id = $2").bind(new_deadline).bind(id).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn insert_progress(
        &mut self,
        measure_id: MeasureId,
        content: &str,
        status: MeasureStatus,
        by: UserId,
    ) -> Result<ProgressId> {
        let now = self.now();
        run!(self, c => sqlx::query_scalar(
            "INSERT INTO progress (measure_id, content, status, reported_by, reported_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(measure_id).bind(content).bind(status.code()).bind(by).bind(now)
            .fetch_one(c).await).map_err(map_err)
    }

    pub async fn list_progress(&mut self, measure_id: MeasureId) -> Result<Vec<Progress>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM progress WHERE measure_id = $1 ORDER BY id")
            .bind(measure_id).fetch_all(c).await)?)
    }

    /// The latest progress report's text of each of these measures (those with one).
    pub async fn latest_progress_of(
        &mut self,
        ids: &[MeasureId],
    ) -> Result<std::collections::HashMap<MeasureId, String>> {
        let rows: Vec<Progress> = self.rows_with_ids("SELECT * FROM progress WHERE measure_id IN", ids).await?;
        let mut latest: std::collections::HashMap<MeasureId, (ProgressId, String)> = Default::default();
        for p in rows {
            if latest.get(&p.measure_id).is_none_or(|(id, _)| *id < p.id) {
                latest.insert(p.measure_id, (p.id, p.content));
            }
        }
        Ok(latest.into_iter().map(|(m, (_, text))| (m, text)).collect())
    }

    /// Progress reports of all measures of an inspection, oldest first.
    pub async fn inspection_progress(&mut self, inspection_id: InspectionId) -> Result<Vec<Progress>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT g.* FROM progress g JOIN measure m ON m.id = g.measure_id JOIN problem p ON p.id = m.problem_id
             WHERE p.inspection_id = $1 ORDER BY g.id").bind(inspection_id).fetch_all(c).await)?)
    }

    pub async fn insert_evidence(&mut self, e: &NewEvidence<'_>) -> Result<EvidenceId> {
        let now = self.now();
        run!(self, c => sqlx::query_scalar(
            "INSERT INTO evidence (measure_id, file_name, content_type, size, sha256, data, description, document_date,
             uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id")
            .bind(e.measure_id).bind(e.file_name).bind(e.content_type).bind(e.data.len() as i64).bind(e.sha256)
            .bind(e.data).bind(e.description).bind(e.document_date).bind(e.uploaded_by).bind(now)
            .fetch_one(c).await)
        .map_err(map_err)
    }

    pub async fn list_evidence(&mut self, measure_id: MeasureId) -> Result<Vec<Evidence>> {
        let sql = sqlx::AssertSqlSafe(format!("{EVIDENCE_COLS} WHERE measure_id = $1 ORDER BY id"));
        Ok(run!(self, c => sqlx::query_as(sql).bind(measure_id).fetch_all(c).await)?)
    }

    pub async fn get_evidence(&mut self, id: EvidenceId) -> Result<Option<Evidence>> {
        let sql = sqlx::AssertSqlSafe(format!("{EVIDENCE_COLS} WHERE id = $1"));
        Ok(run!(self, c => sqlx::query_as(sql).bind(id).fetch_optional(c).await)?)
    }

    pub async fn evidence_data(&mut self, id: EvidenceId) -> Result<Option<Vec<u8>>> {
        Ok(
            run!(self, c => sqlx::query_scalar("SELECT data FROM evidence WHERE id = $1").bind(id).fetch_optional(c).await)?,
        )
    }

    pub async fn evidence_count(&mut self, measure_id: MeasureId) -> Result<i64> {
        Ok(run!(self, c => sqlx::query_scalar("SELECT COUNT(*) FROM evidence WHERE measure_id = $1")
            .bind(measure_id).fetch_one(c).await)?)
    }

    pub async fn insert_extension(
        &mut self,
        measure: &Measure,
        requested: Date,
        reason: &str,
        by: UserId,
    ) -> Result<ExtensionId> {
        let now = self.now();
        run!(self, c => sqlx::query_scalar(
            "INSERT INTO extension (measure_id, original_deadline, requested_deadline, reason, status, requested_by, requested_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
            .bind(measure.id).bind(measure.deadline).bind(requested).bind(reason).bind(ExtensionStatus::Pending.code())
            .bind(by).bind(now).fetch_one(c).await).map_err(map_err)
    }

    pub async fn get_extension(&mut self, id: ExtensionId) -> Result<Option<Extension>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM extension WHERE id = $1").bind(id).fetch_optional(c).await)?)
    }

    pub async fn list_extensions(&mut self, measure_id: MeasureId) -> Result<Vec<Extension>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM extension WHERE measure_id = $1 ORDER BY id")
            .bind(measure_id).fetch_all(c).await)?)
    }

    pub async fn decide_extension(
        &mut self,
        id: ExtensionId,
        version: i64,
        approve: bool,
        by: UserId,
        note: &str,
    ) -> Result<()> {
        let now = self.now();
        let status = if approve { ExtensionStatus::Approved } else { ExtensionStatus::Rejected };
        let r = run!(self, c => sqlx::query(
            "UPDATE extension SET status = $1, decided_by = $2, decided_at = $3, decision_note = $4, version = version + 1
             WHERE id = $5 AND version = $6")
            .bind(status.code()).bind(by).bind(now).bind(note).bind(id).bind(version)
            .execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)
    }
}
