//! Transfers of leads and issues, and their outcomes.

use time::Date;
use xuncha_domain::id::*;
use xuncha_domain::inspection::Body;
use xuncha_domain::transfer::{OutcomeKind, TransferKind};

use super::expect_one;
use crate::rows::{Transfer, TransferUpdate};
use crate::{Conn, Result, map_err, run};

pub struct NewTransfer<'a> {
    pub inspection_id: InspectionId,
    pub problem_id: Option<ProblemId>,
    pub kind: TransferKind,
    pub body: Body,
    pub body_name: &'a str,
    pub content: &'a str,
    pub transferred_on: Date,
    pub due_date: Date,
}

impl Conn<'_> {
    pub async fn insert_transfer(&mut self, t: &NewTransfer<'_>) -> Result<TransferId> {
        let now = self.now();
        run!(self, c => sqlx::query_scalar(
            "INSERT INTO transfer (inspection_id, problem_id, kind, body, body_name, content, transferred_on, due_date, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id")
            .bind(t.inspection_id).bind(t.problem_id).bind(t.kind.code()).bind(t.body.code()).bind(t.body_name)
            .bind(t.content).bind(t.transferred_on).bind(t.due_date).bind(now)
            .fetch_one(c).await).map_err(map_err)
    }

    pub async fn get_transfer(&mut self, id: TransferId) -> Result<Option<Transfer>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM transfer WHERE id = $1").bind(id).fetch_optional(c).await)?)
    }

    pub async fn list_transfers(&mut self, inspection_id: InspectionId) -> Result<Vec<Transfer>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM transfer WHERE inspection_id = $1 ORDER BY id")
            .bind(inspection_id).fetch_all(c).await)?)
    }

    /// Transfers addressed to one body, oldest due first (a supervisor's inbox).
    pub async fn transfers_to(&mut self, body: Body) -> Result<Vec<Transfer>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM transfer WHERE body = $1 ORDER BY due_date, id")
            .bind(body.code()).fetch_all(c).await)?)
    }

    pub async fn record_outcome(
        &mut self,
        id: TransferId,
        version: i64,
        kind: OutcomeKind,
        outcome: &str,
        on: Date,
        by: UserId,
    ) -> Result<()> {
        let r = run!(self, c => sqlx::query(
            "UPDATE transfer SET outcome_kind = $1, outcome = $2, outcome_on = $3, recorded_by = $4, version = version + 1
             WHERE id = $5 AND version = $6")
            .bind(kind.code()).bind(outcome).bind(on).bind(by).bind(id).bind(version).execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)
    }

    /// Records an interim report and moves the transfer's due date to the next report's.
    pub async fn insert_transfer_update(
        &mut self,
        t: &Transfer,
        kind: Option<OutcomeKind>,
        note: &str,
        reported_on: Date,
        next_due: Date,
        by: UserId,
    ) -> Result<()> {
        let now = self.now();
        run!(self, c => sqlx::query(
            "INSERT INTO transfer_update (transfer_id, outcome_kind, note, reported_on, previous_due, next_due, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
            .bind(t.id).bind(kind.map(|k| k.code())).bind(note).bind(reported_on).bind(t.due_date).bind(next_due)
            .bind(by).bind(now).execute(c).await.map(|r| r.rows_affected()))
        .map_err(map_err)?;
        let r = run!(self, c => sqlx::query("UPDATE transfer SET due_date = $1, version = version + 1 WHERE id = $2 AND version = $3")
            .bind(next_due).bind(t.id).bind(t.version).execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)
    }

    /// A transfer's interim reports, in the order made.
    pub async fn transfer_updates(&mut self, transfer_id: TransferId) -> Result<Vec<TransferUpdate>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM transfer_update WHERE transfer_id = $1 ORDER BY id")
            .bind(transfer_id).fetch_all(c).await)?)
    }
}
