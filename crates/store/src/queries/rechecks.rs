//! 随机抽查: samples of a round's closed measures, each drawn measure's check on site, and the
//! files the team brought back.

use time::Date;
use xuncha_domain::id::*;
use xuncha_domain::recheck::RecheckVerdict;

use super::expect_one;
use crate::rows::{ClosedMeasure, RecheckDraw, RecheckEvidence, RecheckLine};
use crate::{Conn, Result, map_err, run};

pub struct NewRecheckDraw<'a> {
    pub round_id: RoundId,
    pub seed: i64,
    /// What was asked, as JSON (`DrawSpec`).
    pub spec: &'a str,
    /// The population as it stood, as JSON (`Vec<PopulationEntry>`).
    pub population: &'a str,
    pub population_count: i64,
    pub due_on: Date,
    /// The team named to verify the drawn measures (but those of its own inspections); `None`:
    /// cross-checked, each measure to a team after the inspecting one.
    pub team_id: Option<TeamId>,
    pub note: &'a str,
    pub drawn_by: UserId,
}

pub struct NewRecheckEvidence<'a> {
    pub item_id: RecheckItemId,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub sha256: &'a str,
    pub data: &'a [u8],
    pub uploaded_by: UserId,
}

/// A drawn measure with what the pages name it by: its content, its problem, its organisation,
/// its aspect, the team sent and the draw's due date.
const LINE_SELECT: &str = "SELECT r.*, m.content AS measure_content, m.status AS measure_status,
        p.id AS problem_id, p.number AS problem_number, p.summary AS problem_summary,
        COALESCE(a.name, '') AS aspect, o.id AS org_id, o.name AS target_name, t.name AS team_name,
        d.due_on AS due_on, d.round_id AS round_id
    FROM recheck_item r
    JOIN recheck_draw d ON d.id = r.draw_id
    JOIN measure m ON m.id = r.measure_id
    JOIN problem p ON p.id = m.problem_id
    LEFT JOIN aspect a ON a.id = p.aspect_id
    JOIN inspection i ON i.id = r.inspection_id
    JOIN organisation o ON o.id = i.target_org_id
    JOIN team t ON t.id = r.team_id";

const EVIDENCE_COLS: &str =
    "SELECT id, item_id, file_name, content_type, size, sha256, uploaded_by, uploaded_at FROM recheck_evidence";

impl Conn<'_> {
    /// A round's closed measures of fed-back inspections not already waiting on a re-check, with
    /// where each lies and their 销号, in id order: the population a draw is made from.
    pub async fn closed_measures_of_round(&mut self, round_id: RoundId) -> Result<Vec<ClosedMeasure>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT m.id AS measure_id, i.id AS inspection_id, i.target_org_id AS org_id, i.team_id AS team_id,
                    COALESCE(a.name, '') AS aspect, i.committee_id AS committee_id,
                    m.closed_by AS closed_by, m.closed_at AS closed_at, m.close_note AS close_note
             FROM measure m JOIN problem p ON p.id = m.problem_id
             JOIN inspection i ON i.id = p.inspection_id
             LEFT JOIN aspect a ON a.id = p.aspect_id
             WHERE i.round_id = $1 AND m.status = 'closed' AND i.feedback_date IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM recheck_item r WHERE r.measure_id = m.id AND r.verdict IS NULL)
             ORDER BY m.id")
            .bind(round_id).fetch_all(c).await)?)
    }

    pub async fn insert_recheck_draw(&mut self, d: &NewRecheckDraw<'_>) -> Result<RecheckDrawId> {
        let now = self.now();
        run!(self, c => sqlx::query_scalar(
            "INSERT INTO recheck_draw (round_id, seed, spec, population, population_count, due_on, team_id, note, drawn_by, drawn_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id")
            .bind(d.round_id).bind(d.seed).bind(d.spec).bind(d.population).bind(d.population_count).bind(d.due_on)
            .bind(d.team_id).bind(d.note).bind(d.drawn_by).bind(now)
            .fetch_one(c).await).map_err(map_err)
    }

    /// A drawn measure, sent to `team_id`, with its 销号 as it stands at the draw.
    pub async fn insert_recheck_item(
        &mut self,
        draw_id: RecheckDrawId,
        closed: &ClosedMeasure,
        team_id: TeamId,
    ) -> Result<RecheckItemId> {
        run!(self, c => sqlx::query_scalar(
            "INSERT INTO recheck_item (draw_id, measure_id, inspection_id, team_id, closed_by, closed_at, close_note)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
            .bind(draw_id).bind(closed.measure_id).bind(closed.inspection_id).bind(team_id)
            .bind(closed.closed_by).bind(closed.closed_at).bind(&closed.close_note)
            .fetch_one(c).await)
        .map_err(map_err)
    }

    pub async fn get_recheck_draw(&mut self, id: RecheckDrawId) -> Result<Option<RecheckDraw>> {
        Ok(
            run!(self, c => sqlx::query_as("SELECT * FROM recheck_draw WHERE id = $1").bind(id).fetch_optional(c).await)?,
        )
    }

    /// A round's draws, newest first.
    pub async fn round_recheck_draws(&mut self, round_id: RoundId) -> Result<Vec<RecheckDraw>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM recheck_draw WHERE round_id = $1 ORDER BY id DESC")
            .bind(round_id).fetch_all(c).await)?)
    }

    /// The drawn measures of a draw, in the order drawn.
    pub async fn draw_recheck_lines(&mut self, draw: RecheckDrawId) -> Result<Vec<RecheckLine>> {
        let sql = sqlx::AssertSqlSafe(format!("{LINE_SELECT} WHERE r.draw_id = $1 ORDER BY r.id"));
        Ok(run!(self, c => sqlx::query_as(sql).bind(draw).fetch_all(c).await)?)
    }

    /// The drawn measures of every draw of a round, in the order drawn.
    pub async fn round_recheck_lines(&mut self, round: RoundId) -> Result<Vec<RecheckLine>> {
        let sql = sqlx::AssertSqlSafe(format!("{LINE_SELECT} WHERE d.round_id = $1 ORDER BY r.id"));
        Ok(run!(self, c => sqlx::query_as(sql).bind(round).fetch_all(c).await)?)
    }

    /// The drawn measures a team was sent to check, in the order drawn.
    pub async fn team_recheck_lines(&mut self, team: TeamId) -> Result<Vec<RecheckLine>> {
        let sql = sqlx::AssertSqlSafe(format!("{LINE_SELECT} WHERE r.team_id = $1 ORDER BY r.id"));
        Ok(run!(self, c => sqlx::query_as(sql).bind(team).fetch_all(c).await)?)
    }

    /// The re-checks of one inspection's measures, in the order drawn.
    pub async fn inspection_recheck_lines(&mut self, inspection_id: InspectionId) -> Result<Vec<RecheckLine>> {
        let sql = sqlx::AssertSqlSafe(format!("{LINE_SELECT} WHERE r.inspection_id = $1 ORDER BY r.id"));
        Ok(run!(self, c => sqlx::query_as(sql).bind(inspection_id).fetch_all(c).await)?)
    }

    pub async fn get_recheck_line(&mut self, id: RecheckItemId) -> Result<Option<RecheckLine>> {
        let sql = sqlx::AssertSqlSafe(format!("{LINE_SELECT} WHERE r.id = $1"));
        Ok(run!(self, c => sqlx::query_as(sql).bind(id).fetch_optional(c).await)?)
    }

    /// Records what was found, once: a result already recorded or a changed row is a conflict.
    pub async fn record_recheck_result(
        &mut self,
        id: RecheckItemId,
        version: i64,
        verdict: RecheckVerdict,
        notes: &str,
        by: UserId,
    ) -> Result<()> {
        let now = self.now();
        let r = run!(self, c => sqlx::query(
            "UPDATE recheck_item SET verdict = $1, notes = $2, checked_by = $3, checked_at = $4, version = version + 1
             WHERE id = $5 AND version = $6 AND verdict IS NULL")
            .bind(verdict.code()).bind(notes).bind(by).bind(now).bind(id).bind(version)
            .execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)
    }

    pub async fn insert_recheck_evidence(&mut self, e: &NewRecheckEvidence<'_>) -> Result<RecheckEvidenceId> {
        let now = self.now();
        run!(self, c => sqlx::query_scalar(
            "INSERT INTO recheck_evidence (item_id, file_name, content_type, size, sha256, data, uploaded_by, uploaded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
            .bind(e.item_id).bind(e.file_name).bind(e.content_type).bind(e.data.len() as i64).bind(e.sha256)
            .bind(e.data).bind(e.uploaded_by).bind(now)
            .fetch_one(c).await).map_err(map_err)
    }

    pub async fn list_recheck_evidence(&mut self, item_id: RecheckItemId) -> Result<Vec<RecheckEvidence>> {
        let sql = sqlx::AssertSqlSafe(format!("{EVIDENCE_COLS} WHERE item_id = $1 ORDER BY id"));
        Ok(run!(self, c => sqlx::query_as(sql).bind(item_id).fetch_all(c).await)?)
    }

    pub async fn get_recheck_evidence(&mut self, id: RecheckEvidenceId) -> Result<Option<RecheckEvidence>> {
        let sql = sqlx::AssertSqlSafe(format!("{EVIDENCE_COLS} WHERE id = $1"));
        Ok(run!(self, c => sqlx::query_as(sql).bind(id).fetch_optional(c).await)?)
    }

    pub async fn recheck_evidence_data(&mut self, id: RecheckEvidenceId) -> Result<Option<Vec<u8>>> {
        Ok(run!(self, c => sqlx::query_scalar("SELECT data FROM recheck_evidence WHERE id = $1")
            .bind(id).fetch_optional(c).await)?)
    }
}
