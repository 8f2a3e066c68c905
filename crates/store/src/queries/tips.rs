//! Tips and their sealed tippers.

use time::Date;
use xuncha_domain::id::*;
use xuncha_domain::tip::{TipChannel, TipStatus};

use super::expect_one;
use crate::rows::{Tip, Tipper};
use crate::{Conn, Result, map_err, run};

pub struct NewTip<'a> {
    pub inspection_id: InspectionId,
    pub channel: TipChannel,
    pub content: &'a str,
    pub received_on: Date,
    /// Hash of the public receipt code, when the tip came through the public form.
    pub receipt_hash: Option<&'a str>,
}

impl Conn<'_> {
    pub async fn insert_tip(&mut self, t: &NewTip<'_>) -> Result<TipId> {
        let now = self.now();
        run!(self, c => sqlx::query_scalar(
            "INSERT INTO tip (inspection_id, channel, content, received_on, status, receipt_hash, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
            .bind(t.inspection_id).bind(t.channel.code()).bind(t.content).bind(t.received_on)
            .bind(TipStatus::Registered.code()).bind(t.receipt_hash).bind(now)
            .fetch_one(c).await)
        .map_err(map_err)
    }

    pub async fn insert_tipper(&mut self, tip_id: TipId, anonymous: bool, name: &str, contact: &str) -> Result<()> {
        run!(self, c => sqlx::query("INSERT INTO tip_tipper (tip_id, anonymous, name, contact) VALUES ($1, $2, $3, $4)")
            .bind(tip_id).bind(anonymous).bind(name).bind(contact).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn get_tip(&mut self, id: TipId) -> Result<Option<Tip>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM tip WHERE id = $1").bind(id).fetch_optional(c).await)?)
    }

    pub async fn list_tips(&mut self, inspection_id: InspectionId) -> Result<Vec<Tip>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM tip WHERE inspection_id = $1 ORDER BY id")
            .bind(inspection_id).fetch_all(c).await)?)
    }

    pub async fn get_tipper(&mut self, tip_id: TipId) -> Result<Option<Tipper>> {
        Ok(
            run!(self, c => sqlx::query_as("SELECT * FROM tip_tipper WHERE tip_id = $1").bind(tip_id).fetch_optional(c).await)?,
        )
    }

    pub async fn triage_tip(
        &mut self,
        id: TipId,
        version: i64,
        status: TipStatus,
        forwarded_to: &str,
        reason: &str,
    ) -> Result<()> {
        let r = run!(self, c => sqlx::query(
            "UPDATE tip SET status = $1, forwarded_to = $2, reason = $3, version = version + 1 WHERE id = $4 AND version = $5")
            .bind(status.code()).bind(forwarded_to).bind(reason).bind(id).bind(version).execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)
    }

    pub async fn reply_tip(&mut self, id: TipId, version: i64, reply: &str) -> Result<()> {
        let now = self.now();
        let r = run!(self, c => sqlx::query(
            "UPDATE tip SET reply = $1, replied_at = $2, version = version + 1 WHERE id = $3 AND version = $4")
            .bind(reply).bind(now).bind(id).bind(version).execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)
    }

    pub async fn tip_problems(&mut self, tip_id: TipId) -> Result<Vec<ProblemId>> {
        Ok(
            run!(self, c => sqlx::query_scalar("SELECT problem_id FROM tip_problem WHERE tip_id = $1 ORDER BY problem_id")
            .bind(tip_id).fetch_all(c).await)?,
        )
    }

    /// Makes the tip's links exactly `problem_ids` (callers check they are the inspection's).
    pub async fn set_tip_problems(&mut self, tip_id: TipId, problem_ids: &[ProblemId]) -> Result<()> {
        run!(self, c => sqlx::query("DELETE FROM tip_problem WHERE tip_id = $1")
            .bind(tip_id).execute(c).await.map(|r| r.rows_affected()))?;
        for pid in problem_ids {
            run!(self, c => sqlx::query(
                "INSERT INTO tip_problem (tip_id, problem_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(tip_id).bind(*pid).execute(c).await.map(|r| r.rows_affected()))
            .map_err(map_err)?;
        }
        Ok(())
    }

    /// Marks the tip changed (its links), so a form opened before the change is refused.
    pub async fn touch_tip(&mut self, id: TipId, version: i64) -> Result<()> {
        let r = run!(self, c => sqlx::query("UPDATE tip SET version = version + 1 WHERE id = $1 AND version = $2")
            .bind(id).bind(version).execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)
    }

    /// The tip's number within its inspection (1 for the first registered), as the inbox shows it.
    pub async fn tip_number(&mut self, tip: &Tip) -> Result<i64> {
        Ok(run!(self, c => sqlx::query_scalar("SELECT COUNT(*) FROM tip WHERE inspection_id = $1 AND id <= $2")
            .bind(tip.inspection_id).bind(tip.id).fetch_one(c).await)?)
    }

    /// The tips a problem came from, with their numbers in the inbox.
    pub async fn problem_tips(&mut self, problem_id: ProblemId) -> Result<Vec<(TipId, i64)>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT t.id, (SELECT COUNT(*) FROM tip t2 WHERE t2.inspection_id = t.inspection_id AND t2.id <= t.id)
             FROM tip_problem tp JOIN tip t ON t.id = tp.tip_id WHERE tp.problem_id = $1 ORDER BY t.id")
            .bind(problem_id).fetch_all(c).await)?)
    }
}
