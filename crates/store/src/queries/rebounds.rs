//! Rebound decisions and the facts behind rebound rates.

use time::OffsetDateTime;
use xuncha_domain::id::*;

use crate::{Conn, Result, run};

#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow)]
pub struct ReboundDecision {
    pub problem_id: ProblemId,
    pub earlier_id: ProblemId,
    pub confirmed: bool,
    pub score: f64,
    pub decided_by: UserId,
    #[serde(with = "time::serde::rfc3339")]
    pub decided_at: OffsetDateTime,
}

/// Closed problems of one organisation and aspect whose organisation has been inspected again
/// since, and how many of them a later finding was marked as the rebound of.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LookedBackCount {
    pub org_id: OrgId,
    pub org_name: String,
    /// The county committee the organisation's inspections lie in.
    pub committee_id: Option<OrgId>,
    pub aspect_id: Option<AspectId>,
    pub closed: i64,
    pub rebounded: i64,
}

impl Conn<'_> {
    pub async fn rebound_decisions(&mut self, problem_id: ProblemId) -> Result<Vec<ReboundDecision>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT problem_id, earlier_id, confirmed, score, decided_by, decided_at FROM rebound_decision
             WHERE problem_id = $1 ORDER BY id").bind(problem_id).fetch_all(c).await)?)
    }

    /// Records (or replaces) the decision on one pair.
    pub async fn put_rebound_decision(&mut self, d: &ReboundDecision) -> Result<()> {
        run!(self, c => sqlx::query("DELETE FROM rebound_decision WHERE problem_id = $1 AND earlier_id = $2")
            .bind(d.problem_id).bind(d.earlier_id).execute(c).await.map(|r| r.rows_affected()))?;
        run!(self, c => sqlx::query(
            "INSERT INTO rebound_decision (problem_id, earlier_id, confirmed, score, decided_by, decided_at)
             VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(d.problem_id).bind(d.earlier_id).bind(d.confirmed).bind(d.score).bind(d.decided_by)
            .bind(d.decided_at).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Closed problems of organisations inspected again after them, counted by organisation
    /// and aspect (a province has a hundred thousand such problems: they are counted here).
    /// "Inspected again" is read once per organisation (its latest entry) and "came back" once
    /// for all problems, not per problem: 1.4 s → 0.3 s over a province on SQLite (PostgreSQL
    /// ran the old shape as well, ≈0.35 s either way).
    pub async fn looked_back_counts(&mut self) -> Result<Vec<LookedBackCount>> {
        Ok(run!(self, c => sqlx::query_as(
            "WITH latest AS (SELECT target_org_id, MAX(entry_date) AS last_entry FROM inspection GROUP BY target_org_id),
                  looked AS (SELECT i.id, i.target_org_id, i.committee_id FROM inspection i
                             JOIN latest l ON l.target_org_id = i.target_org_id WHERE i.entry_date < l.last_entry),
                  came_back AS (SELECT DISTINCT rebound_of AS id FROM problem WHERE rebound_of IS NOT NULL)
             SELECT k.target_org_id AS org_id, o.name AS org_name, k.committee_id, p.aspect_id, COUNT(*) AS closed,
                    COUNT(b.id) AS rebounded
             FROM looked k JOIN problem p ON p.inspection_id = k.id JOIN organisation o ON o.id = k.target_org_id
             LEFT JOIN came_back b ON b.id = p.id
             WHERE p.status = 'closed'
             GROUP BY k.target_org_id, o.name, k.committee_id, p.aspect_id
             ORDER BY o.name, p.aspect_id").fetch_all(c).await)?)
    }
}
