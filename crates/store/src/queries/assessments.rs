//! 整改成效评估 and 长效机制 of inspections.

use time::Date;
use xuncha_domain::assessment::Grade;
use xuncha_domain::id::*;

use crate::rows::{Assessment, Mechanism};
use crate::{Conn, Result, map_err, run};

impl Conn<'_> {
    pub async fn get_assessment(&mut self, inspection_id: InspectionId) -> Result<Option<Assessment>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM assessment WHERE inspection_id = $1")
            .bind(inspection_id).fetch_optional(c).await)?)
    }

    /// Saves an inspection's score, replacing an earlier one (its version moves on). The caller
    /// has checked the version in the same transaction.
    pub async fn save_assessment(
        &mut self,
        inspection_id: InspectionId,
        scores: &str,
        total: f64,
        grade: Grade,
        by: UserId,
    ) -> Result<AssessmentId> {
        let now = self.now();
        run!(self, c => sqlx::query_scalar(
            "INSERT INTO assessment (inspection_id, scores, total, grade, assessed_by, assessed_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (inspection_id) DO UPDATE SET scores = excluded.scores, total = excluded.total,
                grade = excluded.grade, assessed_by = excluded.assessed_by, assessed_at = excluded.assessed_at,
                version = assessment.version + 1
             RETURNING id")
            .bind(inspection_id).bind(scores).bind(total).bind(grade.code()).bind(by).bind(now)
            .fetch_one(c).await)
        .map_err(map_err)
    }

    /// The scores of a round's inspections.
    pub async fn round_assessments(&mut self, round_id: RoundId) -> Result<Vec<Assessment>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT a.* FROM assessment a JOIN inspection i ON i.id = a.inspection_id WHERE i.round_id = $1 ORDER BY a.id")
            .bind(round_id).fetch_all(c).await)?)
    }

    /// The scores of one organisation's inspections (its record across rounds).
    pub async fn org_assessments(&mut self, org_id: OrgId) -> Result<Vec<Assessment>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT a.* FROM assessment a JOIN inspection i ON i.id = a.inspection_id WHERE i.target_org_id = $1 ORDER BY a.id")
            .bind(org_id).fetch_all(c).await)?)
    }

    pub async fn insert_mechanism(
        &mut self,
        inspection_id: InspectionId,
        problem_id: Option<ProblemId>,
        name: &str,
        doc_number: &str,
        issued_on: Date,
        by: UserId,
    ) -> Result<MechanismId> {
        let now = self.now();
        run!(self, c => sqlx::query_scalar(
            "INSERT INTO mechanism (inspection_id, problem_id, name, doc_number, issued_on, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
            .bind(inspection_id).bind(problem_id).bind(name).bind(doc_number).bind(issued_on).bind(by).bind(now)
            .fetch_one(c).await)
        .map_err(map_err)
    }

    /// An inspection's mechanisms, by the date they were issued.
    pub async fn list_mechanisms(&mut self, inspection_id: InspectionId) -> Result<Vec<Mechanism>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM mechanism WHERE inspection_id = $1 ORDER BY issued_on, id")
            .bind(inspection_id).fetch_all(c).await)?)
    }

    /// How many later findings, fed back as such, are rebounds of this inspection's problems
    /// (a team's mark on a work paper not yet fed back does not count).
    pub async fn rebounds_of(&mut self, inspection_id: InspectionId) -> Result<i64> {
        Ok(run!(self, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM problem p JOIN problem e ON e.id = p.rebound_of
             WHERE e.inspection_id = $1 AND p.status IN ('fed_back', 'closed')")
            .bind(inspection_id).fetch_one(c).await)?)
    }
}
