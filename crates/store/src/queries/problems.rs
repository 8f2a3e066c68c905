//! Problems (work papers) and their sign-off, feedback and closing state.

use time::Date;
use xuncha_domain::id::*;
use xuncha_domain::problem::{ProblemSource, ProblemStatus};

use super::expect_one;
use crate::rows::Problem;
use crate::{Conn, Result, map_err, run};

pub struct NewProblem<'a> {
    pub inspection_id: InspectionId,
    pub source: ProblemSource,
    pub aspect_id: Option<AspectId>,
    pub summary: &'a str,
    pub detail: &'a str,
    pub evidence_list: &'a str,
    pub found_on: Date,
    pub drafted_by: UserId,
}

pub struct PaperEdit<'a> {
    pub source: ProblemSource,
    pub aspect_id: Option<AspectId>,
    pub summary: &'a str,
    pub detail: &'a str,
    pub evidence_list: &'a str,
}

impl Conn<'_> {
    /// Inserts a work paper with the next number of its inspection. Numbering runs inside the
    /// write transaction, and the unique (inspection, number) key catches any race.
    pub async fn insert_problem(&mut self, p: &NewProblem<'_>) -> Result<ProblemId> {
        let now = self.now();
        let number: i64 = run!(self, c => sqlx::query_scalar(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM problem WHERE inspection_id = $1")
            .bind(p.inspection_id).fetch_one(c).await)?;
        run!(self, c => sqlx::query_scalar(
            "INSERT INTO problem (inspection_id, number, source, aspect_id, summary, detail, evidence_list, found_on, status,
             drafted_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id")
            .bind(p.inspection_id).bind(number).bind(p.source.code()).bind(p.aspect_id).bind(p.summary).bind(p.detail)
            .bind(p.evidence_list).bind(p.found_on).bind(ProblemStatus::Draft.code()).bind(p.drafted_by)
            .bind(now).fetch_one(c).await).map_err(map_err)
    }

    pub async fn get_problem(&mut self, id: ProblemId) -> Result<Option<Problem>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM problem WHERE id = $1").bind(id).fetch_optional(c).await)?)
    }

    pub async fn list_problems(&mut self, inspection_id: InspectionId) -> Result<Vec<Problem>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM problem WHERE inspection_id = $1 ORDER BY number")
            .bind(inspection_id).fetch_all(c).await)?)
    }

    pub async fn edit_paper(&mut self, id: ProblemId, version: i64, e: &PaperEdit<'_>) -> Result<()> {
        let r = run!(self, c => sqlx::query(
            "UPDATE problem SET source = $1, aspect_id = $2, summary = $3, detail = $4, evidence_list = $5,
             version = version + 1 WHERE id = $6 AND version = $7")
            .bind(e.source.code()).bind(e.aspect_id).bind(e.summary).bind(e.detail).bind(e.evidence_list)
            .bind(id).bind(version).execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)
    }

    /// Records a sign-off step: the new status and who signed.
    pub async fn sign_problem(&mut self, id: ProblemId, version: i64, to: ProblemStatus, signer: UserId) -> Result<()> {
        let now = self.now();
        // A signature answers the last return: its comment is kept in the history, not on the paper.
        let sql = match to {
            ProblemStatus::DeputySigned => {
                "UPDATE problem SET status = $1, deputy_signed_by = $2, deputy_signed_at = $3, return_comment = '',
                 version = version + 1 WHERE id = $4 AND version = $5"
            }
            _ => {
                "UPDATE problem SET status = $1, leader_signed_by = $2, leader_signed_at = $3, return_comment = '',
                 version = version + 1 WHERE id = $4 AND version = $5"
            }
        };
        let r = run!(self, c => sqlx::query(sql).bind(to.code()).bind(signer).bind(now).bind(id).bind(version)
            .execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)
    }

    /// Returns a work paper to its drafter with a comment: back to a draft, its deputy's
    /// signature (if any) undone.
    pub async fn return_problem(&mut self, id: ProblemId, version: i64, by: UserId, comment: &str) -> Result<()> {
        let now = self.now();
        let r = run!(self, c => sqlx::query(
            "UPDATE problem SET status = $1, deputy_signed_by = NULL, deputy_signed_at = NULL, return_comment = $2,
             returned_by = $3, returned_at = $4, version = version + 1 WHERE id = $5 AND version = $6")
            .bind(ProblemStatus::Draft.code()).bind(comment).bind(by).bind(now).bind(id).bind(version)
            .execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)
    }

    /// Marks every leader-signed problem of the inspection as fed back; returns how many.
    pub async fn feed_back_problems(&mut self, inspection_id: InspectionId) -> Result<u64> {
        let r = run!(self, c => sqlx::query(
            "UPDATE problem SET status = $1, version = version + 1 WHERE inspection_id = $2 AND status = $3")
            .bind(ProblemStatus::FedBack.code()).bind(inspection_id).bind(ProblemStatus::LeaderSigned.code())
            .execute(c).await.map(|r| r.rows_affected()))?;
        Ok(r)
    }

    /// Sets a fed-back problem closed or open again (derived from its measures by the caller).
    pub async fn set_problem_closed(&mut self, id: ProblemId, closed: bool) -> Result<()> {
        let now = self.now();
        let (status, at) = if closed { (ProblemStatus::Closed, Some(now)) } else { (ProblemStatus::FedBack, None) };
        run!(self, c => sqlx::query("UPDATE problem SET status = $1, closed_at = $2, version = version + 1 WHERE id = $3")
            .bind(status.code()).bind(at).bind(id).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn set_rebound(&mut self, id: ProblemId, version: i64, rebound_of: Option<ProblemId>) -> Result<()> {
        let r = run!(self, c => sqlx::query(
            "UPDATE problem SET rebound_of = $1, version = version + 1 WHERE id = $2 AND version = $3")
            .bind(rebound_of).bind(id).bind(version).execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)
    }

    /// Problems of the organisation from inspections that began before `before` (a look-back's
    /// history), newest inspection first.
    /// Measures of an organisation's earlier problems (as `earlier_problems`): (problem id, total
    /// measures, closed measures).
    pub async fn earlier_measure_counts(
        &mut self,
        target_org_id: OrgId,
        before: Date,
    ) -> Result<Vec<(ProblemId, i64, i64)>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT m.problem_id, COUNT(*), SUM(CASE WHEN m.status = 'closed' THEN 1 ELSE 0 END)
             FROM measure m JOIN problem p ON p.id = m.problem_id JOIN inspection i ON i.id = p.inspection_id
             WHERE i.target_org_id = $1 AND i.entry_date < $2 GROUP BY m.problem_id")
            .bind(target_org_id).bind(before).fetch_all(c).await)?)
    }

    pub async fn earlier_problems(&mut self, target_org_id: OrgId, before: Date) -> Result<Vec<Problem>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT p.* FROM problem p JOIN inspection i ON i.id = p.inspection_id
             WHERE i.target_org_id = $1 AND i.entry_date < $2 AND p.status IN ('fed_back', 'closed')
             ORDER BY i.entry_date DESC, p.number")
            .bind(target_org_id).bind(before).fetch_all(c).await)?)
    }
}
