//! 巡察人才库: the cadres, their former posts and declared relatives, the teams they served on,
//! and the draws of team members from the pool with their swaps.

use time::Date;
use xuncha_domain::id::*;
use xuncha_domain::pool::AccountLink;

use super::expect_one;
use crate::rows::{Cadre, CadreService, CadreTie, PoolDraw, PoolSwap};
use crate::{Conn, Result, map_err, run};

/// A cadre's fields as entered or imported.
pub struct CadreFields<'a> {
    pub name: &'a str,
    pub org_id: OrgId,
    pub post: &'a str,
    pub phone: &'a str,
    /// Comma-separated expertise codes.
    pub expertise: &'a str,
    pub active: bool,
    pub note: &'a str,
}

/// A former post (`left_on` set) or a declared relative (`left_on` none) to record.
pub struct NewTie<'a> {
    pub kind: &'a str,
    pub org_id: OrgId,
    pub detail: &'a str,
    pub left_on: Option<Date>,
}

pub struct NewPoolDraw<'a> {
    pub team_id: TeamId,
    pub seed: i64,
    pub slots: &'a str,
    pub years: i64,
    pub population: &'a str,
    pub picks: &'a str,
    pub note: &'a str,
    pub drawn_by: UserId,
}

const CADRE_SELECT: &str = "SELECT c.*, o.name AS org_name FROM pool_cadre c JOIN organisation o ON o.id = c.org_id";
const TIE_SELECT: &str = "SELECT t.*, o.name AS org_name FROM pool_tie t JOIN organisation o ON o.id = t.org_id";
const DRAW_SELECT: &str =
    "SELECT d.*, t.name AS team_name, t.round_id FROM pool_draw d JOIN team t ON t.id = d.team_id";

impl Conn<'_> {
    pub async fn list_cadres(&mut self) -> Result<Vec<Cadre>> {
        let sql = format!("{CADRE_SELECT} ORDER BY c.id");
        Ok(run!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).fetch_all(c).await)?)
    }

    pub async fn get_cadre(&mut self, id: CadreId) -> Result<Option<Cadre>> {
        let sql = format!("{CADRE_SELECT} WHERE c.id = $1");
        Ok(run!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(id).fetch_optional(c).await)?)
    }

    /// The cadre whose team account this is, if any.
    pub async fn cadre_of_user(&mut self, user_id: UserId) -> Result<Option<Cadre>> {
        let sql = format!("{CADRE_SELECT} WHERE c.user_id = $1");
        Ok(run!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(user_id).fetch_optional(c).await)?)
    }

    pub async fn insert_cadre(&mut self, f: &CadreFields<'_>) -> Result<CadreId> {
        let now = self.now();
        run!(self, c => sqlx::query_scalar(
            "INSERT INTO pool_cadre (name, org_id, post, phone, expertise, active, note, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
            .bind(f.name).bind(f.org_id).bind(f.post).bind(f.phone).bind(f.expertise).bind(f.active).bind(f.note).bind(now)
            .fetch_one(c).await)
        .map_err(map_err)
    }

    /// Rewrites a cadre's fields if it is still at `version`.
    pub async fn update_cadre(&mut self, id: CadreId, version: i64, f: &CadreFields<'_>) -> Result<()> {
        let r = run!(self, c => sqlx::query(
            "UPDATE pool_cadre SET name = $1, org_id = $2, post = $3, phone = $4, expertise = $5, active = $6, note = $7,
                    version = version + 1
             WHERE id = $8 AND version = $9")
            .bind(f.name).bind(f.org_id).bind(f.post).bind(f.phone).bind(f.expertise).bind(f.active).bind(f.note)
            .bind(id).bind(version)
            .execute(c).await.map(|r| r.rows_affected()))
        .map_err(map_err)?;
        expect_one(r)
    }

    /// Ties the cadre, still without an account, to their team account, saying how.
    pub async fn link_cadre_user(&mut self, id: CadreId, user_id: UserId, how: AccountLink) -> Result<()> {
        let r = run!(self, c => sqlx::query(
            "UPDATE pool_cadre SET user_id = $1, account_link = $2, version = version + 1 WHERE id = $3 AND user_id IS NULL")
            .bind(user_id).bind(how.code()).bind(id).execute(c).await.map(|r| r.rows_affected()))
        .map_err(map_err)?;
        expect_one(r)
    }

    /// Records that the office made sure the cadre's account is theirs, if the cadre is still
    /// at `version`.
    pub async fn confirm_cadre_user(&mut self, id: CadreId, version: i64) -> Result<()> {
        let r = run!(self, c => sqlx::query(
            "UPDATE pool_cadre SET account_link = $1, version = version + 1
             WHERE id = $2 AND version = $3 AND user_id IS NOT NULL")
            .bind(AccountLink::Office.code()).bind(id).bind(version).execute(c).await.map(|r| r.rows_affected()))
        .map_err(map_err)?;
        expect_one(r)
    }

    /// Undoes the cadre's link to an account if the cadre is still at `version`: the account
    /// stays as it is; the cadre is never linked by name again.
    pub async fn unlink_cadre_user(&mut self, id: CadreId, version: i64) -> Result<()> {
        let r = run!(self, c => sqlx::query(
            "UPDATE pool_cadre SET refused_user_id = user_id, user_id = NULL, account_link = $1, version = version + 1
             WHERE id = $2 AND version = $3 AND user_id IS NOT NULL")
            .bind(AccountLink::Refused.code()).bind(id).bind(version).execute(c).await.map(|r| r.rows_affected()))
        .map_err(map_err)?;
        expect_one(r)
    }

    /// The ties of one cadre, or of all.
    pub async fn list_cadre_ties(&mut self, cadre: Option<CadreId>) -> Result<Vec<CadreTie>> {
        Ok(match cadre {
            Some(id) => {
                let sql = format!("{TIE_SELECT} WHERE t.cadre_id = $1 ORDER BY t.id");
                run!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(id).fetch_all(c).await)?
            }
            None => {
                let sql = format!("{TIE_SELECT} ORDER BY t.cadre_id, t.id");
                run!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).fetch_all(c).await)?
            }
        })
    }

    /// Replaces all of a cadre's ties with these.
    pub async fn replace_cadre_ties(&mut self, cadre: CadreId, ties: &[NewTie<'_>]) -> Result<()> {
        run!(self, c => sqlx::query("DELETE FROM pool_tie WHERE cadre_id = $1").bind(cadre).execute(c).await.map(|_| ()))?;
        for t in ties {
            run!(self, c => sqlx::query("INSERT INTO pool_tie (cadre_id, kind, org_id, detail, left_on) VALUES ($1, $2, $3, $4, $5)")
                .bind(cadre).bind(t.kind).bind(t.org_id).bind(t.detail).bind(t.left_on).execute(c).await.map(|_| ()))
            .map_err(map_err)?;
        }
        Ok(())
    }

    /// Every team every cadre served on, oldest round first.
    pub async fn cadre_services(&mut self) -> Result<Vec<CadreService>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT c.id AS cadre_id, r.id AS round_id, r.name AS round_name, t.id AS team_id, t.name AS team_name
             FROM pool_cadre c JOIN team_member m ON m.user_id = c.user_id JOIN team t ON t.id = m.team_id
             JOIN round r ON r.id = t.round_id ORDER BY r.start_date, r.id, t.id")
            .fetch_all(c).await)?)
    }

    pub async fn insert_pool_draw(&mut self, d: &NewPoolDraw<'_>) -> Result<PoolDrawId> {
        let now = self.now();
        run!(self, c => sqlx::query_scalar(
            "INSERT INTO pool_draw (team_id, seed, slots, years, population, picks, note, drawn_by, drawn_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id")
            .bind(d.team_id).bind(d.seed).bind(d.slots).bind(d.years).bind(d.population).bind(d.picks).bind(d.note)
            .bind(d.drawn_by).bind(now)
            .fetch_one(c).await)
        .map_err(map_err)
    }

    pub async fn get_pool_draw(&mut self, id: PoolDrawId) -> Result<Option<PoolDraw>> {
        let sql = format!("{DRAW_SELECT} WHERE d.id = $1");
        Ok(run!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(id).fetch_optional(c).await)?)
    }

    /// A round's draws, newest first.
    pub async fn round_pool_draws(&mut self, round_id: RoundId) -> Result<Vec<PoolDraw>> {
        let sql = format!("{DRAW_SELECT} WHERE t.round_id = $1 ORDER BY d.id DESC");
        Ok(run!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(round_id).fetch_all(c).await)?)
    }

    pub async fn insert_pool_swap(
        &mut self,
        draw_id: PoolDrawId,
        out_cadre: CadreId,
        in_cadre: CadreId,
        reason: &str,
        by: UserId,
    ) -> Result<i64> {
        let now = self.now();
        run!(self, c => sqlx::query_scalar(
            "INSERT INTO pool_swap (draw_id, out_cadre_id, in_cadre_id, reason, swapped_by, swapped_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
            .bind(draw_id).bind(out_cadre).bind(in_cadre).bind(reason).bind(by).bind(now)
            .fetch_one(c).await)
        .map_err(map_err)
    }

    pub async fn draw_swaps(&mut self, draw_id: PoolDrawId) -> Result<Vec<PoolSwap>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM pool_swap WHERE draw_id = $1 ORDER BY id")
            .bind(draw_id).fetch_all(c).await)?)
    }

    /// Takes a member off a team (the office's removal, a swap, an account unlinked), keeping
    /// that they were on it (`team_member_left`).
    pub async fn remove_member(&mut self, team_id: TeamId, user_id: UserId) -> Result<()> {
        let now = self.now();
        run!(self, c => sqlx::query(
            "INSERT INTO team_member_left (team_id, user_id, position, left_at)
             SELECT team_id, user_id, position, $3 FROM team_member WHERE team_id = $1 AND user_id = $2")
            .bind(team_id).bind(user_id).bind(now).execute(c).await.map(|r| r.rows_affected()))
        .map_err(map_err)?;
        let r = run!(self, c => sqlx::query("DELETE FROM team_member WHERE team_id = $1 AND user_id = $2")
            .bind(team_id).bind(user_id).execute(c).await.map(|r| r.rows_affected()))
        .map_err(map_err)?;
        expect_one(r)
    }
}
