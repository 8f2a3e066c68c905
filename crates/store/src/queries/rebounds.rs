//! Rebound decisions and the facts behind rebound rates.

use time::OffsetDateTime;
use xuncha_domain::Id;

use crate::{Conn, Result, run};

#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow)]
pub struct ReboundDecision {
    pub problem_id: Id,
    pub earlier_id: Id,
    pub confirmed: bool,
    pub score: f64,
    pub decided_by: Id,
    #[serde(with = "time::serde::rfc3339")]
    pub decided_at: OffsetDateTime,
}

/// Closed problems of one organisation and aspect whose organisation has been inspected again
/// since, and how many of them a later finding was marked as the rebound of.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LookedBackCount {
    pub org_id: Id,
    pub org_name: String,
    pub aspect_id: Option<Id>,
    pub closed: i64,
    pub rebounded: i64,
}

impl Conn<'_> {
    pub async fn rebound_decisions(&mut self, problem_id: Id) -> Result<Vec<ReboundDecision>> {
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
    pub async fn looked_back_counts(&mut self) -> Result<Vec<LookedBackCount>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT i.target_org_id AS org_id, o.name AS org_name, p.aspect_id, COUNT(*) AS closed,
                    SUM(CASE WHEN EXISTS (SELECT 1 FROM problem q WHERE q.rebound_of = p.id) THEN 1 ELSE 0 END) AS rebounded
             FROM problem p JOIN inspection i ON i.id = p.inspection_id JOIN organisation o ON o.id = i.target_org_id
             WHERE p.status = 'closed'
               AND EXISTS (SELECT 1 FROM inspection j WHERE j.target_org_id = i.target_org_id AND j.entry_date > i.entry_date)
             GROUP BY i.target_org_id, o.name, p.aspect_id
             ORDER BY o.name, p.aspect_id").fetch_all(c).await)?)
    }
}
