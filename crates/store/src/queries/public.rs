//! Disclosures, and the few reads the public side makes.

use time::Date;
use xuncha_domain::disclosure::{DisclosureStatus, Tally, WithholdGround};
use xuncha_domain::id::*;

use super::expect_one;
use crate::rows::{Disclosure, PublicAnnouncement, PublicDisclosure, Tip};
use crate::{Conn, Result, map_err, run};

impl Conn<'_> {
    pub async fn insert_disclosure(
        &mut self,
        inspection_id: InspectionId,
        title: &str,
        public_text: &str,
        internal_text: &str,
        by: UserId,
    ) -> Result<DisclosureId> {
        let now = self.now();
        run!(self, c => sqlx::query_scalar(
            "INSERT INTO disclosure (inspection_id, title, public_text, internal_text, status, drafted_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
            .bind(inspection_id).bind(title).bind(public_text).bind(internal_text).bind(DisclosureStatus::Draft.code())
            .bind(by).bind(now).fetch_one(c).await)
        .map_err(map_err)
    }

    pub async fn get_disclosure(&mut self, id: DisclosureId) -> Result<Option<Disclosure>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM disclosure WHERE id = $1").bind(id).fetch_optional(c).await)?)
    }

    pub async fn list_disclosures(&mut self, inspection_id: InspectionId) -> Result<Vec<Disclosure>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM disclosure WHERE inspection_id = $1 ORDER BY id DESC")
            .bind(inspection_id).fetch_all(c).await)?)
    }

    /// Publishes with the tally as approved (the public sees what was approved, not a live count).
    pub async fn publish_disclosure(
        &mut self,
        id: DisclosureId,
        version: i64,
        tally: Tally,
        on: Date,
        by: UserId,
    ) -> Result<()> {
        let r = run!(self, c => sqlx::query(
            "UPDATE disclosure SET status = $1, done = $2, largely_done = $3, not_done = $4, published_on = $5, decided_by = $6,
             version = version + 1 WHERE id = $7 AND version = $8")
            .bind(DisclosureStatus::Published.code()).bind(tally.done).bind(tally.largely_done).bind(tally.not_done)
            .bind(on).bind(by).bind(id).bind(version).execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)
    }

    pub async fn withhold_disclosure(
        &mut self,
        id: DisclosureId,
        version: i64,
        ground: WithholdGround,
        note: &str,
        by: UserId,
    ) -> Result<()> {
        let r = run!(self, c => sqlx::query(
            "UPDATE disclosure SET status = $1, withhold_ground = $2, withhold_note = $3, decided_by = $4, version = version + 1
             WHERE id = $5 AND version = $6")
            .bind(DisclosureStatus::Withheld.code()).bind(ground.code()).bind(note).bind(by).bind(id).bind(version)
            .execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)
    }

    /// Published disclosures, newest first.
    pub async fn public_disclosures(&mut self) -> Result<Vec<PublicDisclosure>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT d.id, COALESCE(cm.name, '') AS committee_name, o.name AS target_name, d.title, d.public_text,
             d.done, d.largely_done, d.not_done, d.published_on
             FROM disclosure d JOIN inspection i ON i.id = d.inspection_id JOIN organisation o ON o.id = i.target_org_id
             LEFT JOIN organisation cm ON cm.id = i.committee_id
             WHERE d.status = $1 ORDER BY d.published_on DESC, d.id DESC")
            .bind(DisclosureStatus::Published.code()).fetch_all(c).await)?)
    }

    /// Inspections whose tip window is open on `today`.
    pub async fn open_announcements(&mut self, today: Date) -> Result<Vec<PublicAnnouncement>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT i.id AS inspection_id, COALESCE(cm.name, '') AS committee_name, o.name AS target_name,
             t.name AS team_name, i.announcement, i.tip_phone, i.tip_email,
             i.tip_post_box, i.tip_address, i.tip_window_start, i.tip_window_end
             FROM inspection i JOIN organisation o ON o.id = i.target_org_id JOIN team t ON t.id = i.team_id
             LEFT JOIN organisation cm ON cm.id = i.committee_id
             WHERE i.tip_window_start <= $1 AND i.tip_window_end >= $1 ORDER BY i.tip_window_end, i.id")
            .bind(today).fetch_all(c).await)?)
    }

    pub async fn tip_by_receipt(&mut self, receipt_hash: &str) -> Result<Option<Tip>> {
        Ok(
            run!(self, c => sqlx::query_as("SELECT * FROM tip WHERE receipt_hash = $1").bind(receipt_hash).fetch_optional(c).await)?,
        )
    }
}
