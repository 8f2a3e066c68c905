//! The public's comments on published disclosures (群众评价) and their sealed commenters.

use time::Date;
use xuncha_domain::comment::{CommentStatus, Satisfaction};
use xuncha_domain::id::*;

use super::expect_one;
use crate::rows::{PublicComment, PublicCommenter};
use crate::{Conn, Result, map_err, run};

pub struct NewComment<'a> {
    pub disclosure_id: DisclosureId,
    pub rating: Option<Satisfaction>,
    pub content: &'a str,
    pub anonymous: bool,
    pub receipt_hash: &'a str,
    pub source_tag: &'a str,
    pub received_on: Date,
}

/// A comment with where it lies; the receipt hash is left out on purpose.
const SELECT: &str = "SELECT c.id, c.disclosure_id, c.rating, c.content, c.anonymous, c.status, c.received_on,
        c.received_at, c.decided_by, c.decided_at, c.reject_reason, c.answer, c.answered_by, c.answered_at,
        c.tip_id, c.version, c.source_tag, d.inspection_id AS inspection_id, i.round_id AS round_id, i.target_org_id AS org_id,
        o.name AS target_name, d.title AS disclosure_title
    FROM public_comment c
    JOIN disclosure d ON d.id = c.disclosure_id
    JOIN inspection i ON i.id = d.inspection_id
    JOIN organisation o ON o.id = i.target_org_id";

impl Conn<'_> {
    pub async fn insert_comment(&mut self, n: &NewComment<'_>) -> Result<CommentId> {
        let now = self.now();
        run!(self, c => sqlx::query_scalar(
            "INSERT INTO public_comment (disclosure_id, rating, content, anonymous, receipt_hash, source_tag, status, received_on, received_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id")
            .bind(n.disclosure_id).bind(n.rating.map(Satisfaction::code)).bind(n.content).bind(n.anonymous)
            .bind(n.receipt_hash).bind(n.source_tag).bind(CommentStatus::Pending.code()).bind(n.received_on).bind(now)
            .fetch_one(c).await)
        .map_err(map_err)
    }

    pub async fn insert_commenter(&mut self, id: CommentId, name: &str, contact: &str) -> Result<()> {
        run!(self, c => sqlx::query("INSERT INTO public_commenter (comment_id, name, contact) VALUES ($1, $2, $3)")
            .bind(id).bind(name).bind(contact).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn get_commenter(&mut self, id: CommentId) -> Result<Option<PublicCommenter>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM public_commenter WHERE comment_id = $1")
            .bind(id).fetch_optional(c).await)?)
    }

    pub async fn get_comment(&mut self, id: CommentId) -> Result<Option<PublicComment>> {
        let sql = format!("{SELECT} WHERE c.id = $1");
        Ok(run!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(id).fetch_optional(c).await)?)
    }

    pub async fn comment_by_receipt(&mut self, receipt_hash: &str) -> Result<Option<PublicComment>> {
        let sql = format!("{SELECT} WHERE c.receipt_hash = $1");
        Ok(
            run!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(receipt_hash).fetch_optional(c).await)?,
        )
    }

    /// A round's comments, newest first.
    pub async fn round_comments(&mut self, round_id: RoundId) -> Result<Vec<PublicComment>> {
        let sql = format!("{SELECT} WHERE i.round_id = $1 ORDER BY c.id DESC");
        Ok(run!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(round_id).fetch_all(c).await)?)
    }

    /// An inspection's comments, oldest first.
    pub async fn inspection_comments(&mut self, inspection_id: InspectionId) -> Result<Vec<PublicComment>> {
        let sql = format!("{SELECT} WHERE d.inspection_id = $1 ORDER BY c.id");
        Ok(run!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(inspection_id).fetch_all(c).await)?)
    }

    /// The comments the office published under a disclosure, oldest first.
    pub async fn published_comments(&mut self, disclosure_id: DisclosureId) -> Result<Vec<PublicComment>> {
        let sql = format!("{SELECT} WHERE c.disclosure_id = $1 AND c.status = $2 ORDER BY c.id");
        Ok(
            run!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(disclosure_id).bind(CommentStatus::Approved.code())
            .fetch_all(c).await)?,
        )
    }

    /// Publishes a pending comment, with the office's answer if it gave one.
    pub async fn approve_comment(&mut self, id: CommentId, version: i64, answer: &str, by: UserId) -> Result<()> {
        let now = self.now();
        let answered = (!answer.is_empty()).then_some(by);
        let answered_at = (!answer.is_empty()).then_some(now);
        let r = run!(self, c => sqlx::query(
            "UPDATE public_comment SET status = $1, decided_by = $2, decided_at = $3, answer = $4, answered_by = $5,
             answered_at = $6, version = version + 1 WHERE id = $7 AND version = $8 AND status = $9")
            .bind(CommentStatus::Approved.code()).bind(by).bind(now).bind(answer).bind(answered).bind(answered_at)
            .bind(id).bind(version).bind(CommentStatus::Pending.code())
            .execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)
    }

    pub async fn reject_comment(&mut self, id: CommentId, version: i64, reason: &str, by: UserId) -> Result<()> {
        let now = self.now();
        let r = run!(self, c => sqlx::query(
            "UPDATE public_comment SET status = $1, decided_by = $2, decided_at = $3, reject_reason = $4,
             version = version + 1 WHERE id = $5 AND version = $6 AND status = $7")
            .bind(CommentStatus::Rejected.code()).bind(by).bind(now).bind(reason)
            .bind(id).bind(version).bind(CommentStatus::Pending.code())
            .execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)
    }

    pub async fn answer_comment(&mut self, id: CommentId, version: i64, answer: &str, by: UserId) -> Result<()> {
        let now = self.now();
        let r = run!(self, c => sqlx::query(
            "UPDATE public_comment SET answer = $1, answered_by = $2, answered_at = $3, version = version + 1
             WHERE id = $4 AND version = $5 AND status = $6")
            .bind(answer).bind(by).bind(now).bind(id).bind(version).bind(CommentStatus::Approved.code())
            .execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)
    }

    /// Marks a comment registered as the tip `tip_id`.
    pub async fn convert_comment(&mut self, id: CommentId, version: i64, tip_id: TipId, by: UserId) -> Result<()> {
        let now = self.now();
        let r = run!(self, c => sqlx::query(
            "UPDATE public_comment SET status = $1, decided_by = $2, decided_at = $3, tip_id = $4, version = version + 1
             WHERE id = $5 AND version = $6 AND status = $7")
            .bind(CommentStatus::Converted.code()).bind(by).bind(now).bind(tip_id)
            .bind(id).bind(version).bind(CommentStatus::Pending.code())
            .execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)
    }

    /// The receipt hash of a comment, to hand to the tip it becomes.
    pub async fn comment_receipt_hash(&mut self, id: CommentId) -> Result<Option<String>> {
        Ok(run!(self, c => sqlx::query_scalar("SELECT receipt_hash FROM public_comment WHERE id = $1")
            .bind(id).fetch_optional(c).await)?)
    }
}
