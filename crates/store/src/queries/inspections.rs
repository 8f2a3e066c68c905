//! Rounds, teams, members and inspections.

use time::Date;
use xuncha_domain::id::*;
use xuncha_domain::inspection::InspectionKind;
use xuncha_domain::role::TeamPosition;

use super::expect_one;
use crate::rows::{Inspection, Round, Team, TeamMember};
use crate::{Conn, Result, map_err, run};

pub struct NewInspection<'a> {
    pub round_id: RoundId,
    pub team_id: TeamId,
    pub target_org_id: OrgId,
    pub kind: InspectionKind,
    pub entry_date: Date,
    pub exit_date: Date,
    pub announcement: &'a str,
}

/// The nearest county committee at or above an organisation (the jurisdiction it lies in).
const COMMITTEE_OF: &str = "WITH RECURSIVE up(id, kind, parent_id, depth) AS (
        SELECT id, kind, parent_id, 0 FROM organisation WHERE id = $1
        UNION ALL
        SELECT o.id, o.kind, o.parent_id, up.depth + 1 FROM up JOIN organisation o ON o.id = up.parent_id
        WHERE up.kind <> 'county_committee' AND up.depth < 64)
     SELECT id FROM up WHERE kind = 'county_committee' ORDER BY depth LIMIT 1";

/// The nearest committee of either level at or above an organisation: where its users work.
const JURISDICTION_OF: &str = "WITH RECURSIVE up(id, kind, parent_id, depth) AS (
        SELECT id, kind, parent_id, 0 FROM organisation WHERE id = $1
        UNION ALL
        SELECT o.id, o.kind, o.parent_id, up.depth + 1 FROM up JOIN organisation o ON o.id = up.parent_id
        WHERE up.kind NOT IN ('county_committee', 'city_committee') AND up.depth < 64)
     SELECT id, kind FROM up WHERE kind IN ('county_committee', 'city_committee') ORDER BY depth LIMIT 1";

/// Tip channels and the announcement, edited together.
pub struct Announcement<'a> {
    pub announcement: &'a str,
    pub tip_phone: &'a str,
    pub tip_email: &'a str,
    pub tip_post_box: &'a str,
    pub tip_address: &'a str,
    pub tip_window: Option<(Date, Date)>,
}

pub struct Feedback<'a> {
    pub date: Date,
    pub bodies: &'a str,
    pub signed_for_by: &'a str,
    pub notes: &'a str,
}

/// Which inspections a list shows. Access filtering is expressed here so that lists never load
/// records the caller may not see.
#[derive(Debug, Clone, Default)]
pub struct InspectionFilter {
    pub round_id: Option<RoundId>,
    /// Only these teams (team users).
    pub team_ids: Option<Vec<TeamId>>,
    /// Only this target organisation (target users).
    pub target_org_id: Option<OrgId>,
    /// Only inspections whose feedback has been given.
    pub fed_back_only: bool,
    /// Only inspections in these county committees' jurisdictions (empty: none).
    pub committees: Option<Vec<OrgId>>,
}

const INSPECTION_SELECT: &str = "SELECT i.*, o.name AS target_name, t.name AS team_name
     FROM inspection i JOIN organisation o ON o.id = i.target_org_id JOIN team t ON t.id = i.team_id";

impl Conn<'_> {
    /// A round planned by the office of `committee_id` (`None`: of a deployment without one).
    pub async fn insert_round(
        &mut self,
        name: &str,
        start: Date,
        end: Date,
        committee_id: Option<OrgId>,
    ) -> Result<RoundId> {
        let now = self.now();
        run!(self, c => sqlx::query_scalar(
            "INSERT INTO round (name, start_date, end_date, created_at, committee_id) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(name).bind(start).bind(end).bind(now).bind(committee_id).fetch_one(c).await)
        .map_err(map_err)
    }

    pub async fn get_round(&mut self, id: RoundId) -> Result<Option<Round>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM round WHERE id = $1").bind(id).fetch_optional(c).await)?)
    }

    pub async fn list_rounds(&mut self) -> Result<Vec<Round>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM round ORDER BY start_date DESC, id DESC").fetch_all(c).await)?)
    }

    pub async fn insert_team(&mut self, round_id: RoundId, name: &str) -> Result<TeamId> {
        run!(self, c => sqlx::query_scalar("INSERT INTO team (round_id, name) VALUES ($1, $2) RETURNING id")
            .bind(round_id).bind(name).fetch_one(c).await)
        .map_err(map_err)
    }

    pub async fn get_team(&mut self, id: TeamId) -> Result<Option<Team>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM team WHERE id = $1").bind(id).fetch_optional(c).await)?)
    }

    pub async fn list_teams(&mut self, round_id: RoundId) -> Result<Vec<Team>> {
        Ok(
            run!(self, c => sqlx::query_as("SELECT * FROM team WHERE round_id = $1 ORDER BY id").bind(round_id).fetch_all(c).await)?,
        )
    }

    pub async fn add_member(&mut self, team_id: TeamId, user_id: UserId, position: TeamPosition) -> Result<()> {
        run!(self, c => sqlx::query("INSERT INTO team_member (team_id, user_id, position) VALUES ($1, $2, $3)")
            .bind(team_id).bind(user_id).bind(position.code()).execute(c).await.map(|r| r.rows_affected()))
        .map_err(map_err)?;
        Ok(())
    }

    pub async fn list_members(&mut self, team_id: TeamId) -> Result<Vec<TeamMember>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT m.team_id, m.user_id, u.display_name, m.position FROM team_member m JOIN app_user u ON u.id = m.user_id
             WHERE m.team_id = $1 ORDER BY m.user_id").bind(team_id).fetch_all(c).await)?)
    }

    /// The teams a user belongs to, with their position in each.
    pub async fn user_teams(&mut self, user_id: UserId) -> Result<Vec<(TeamId, TeamPosition)>> {
        let rows: Vec<(TeamId, String)> = run!(self, c => sqlx::query_as(
            "SELECT team_id, position FROM team_member WHERE user_id = $1 ORDER BY team_id")
            .bind(user_id).fetch_all(c).await)?;
        rows.into_iter()
            .map(|(t, p)| {
                TeamPosition::parse("position", &p)
                    .map(|p| (t, p))
                    .map_err(|e| crate::StoreError::Corrupt(e.to_string()))
            })
            .collect()
    }

    /// The teams a user was taken off (and may since have rejoined).
    pub async fn user_left_teams(&mut self, user_id: UserId) -> Result<Vec<TeamId>> {
        Ok(run!(self, c => sqlx::query_scalar(
            "SELECT DISTINCT team_id FROM team_member_left WHERE user_id = $1 ORDER BY team_id")
            .bind(user_id).fetch_all(c).await)?)
    }

    pub async fn insert_inspection(&mut self, i: &NewInspection<'_>) -> Result<InspectionId> {
        let now = self.now();
        let committee = self.committee_of(i.target_org_id).await?;
        run!(self, c => sqlx::query_scalar(
            "INSERT INTO inspection (round_id, team_id, target_org_id, kind, entry_date, exit_date, announcement, created_at, committee_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id")
            .bind(i.round_id).bind(i.team_id).bind(i.target_org_id).bind(i.kind.code()).bind(i.entry_date)
            .bind(i.exit_date).bind(i.announcement).bind(now).bind(committee).fetch_one(c).await).map_err(map_err)
    }

    /// The nearest county committee at or above `org_id`, if there is one.
    pub async fn committee_of(&mut self, org_id: OrgId) -> Result<Option<OrgId>> {
        Ok(run!(self, c => sqlx::query_scalar(COMMITTEE_OF).bind(org_id).fetch_optional(c).await)?)
    }

    /// The committee (county or city) whose jurisdiction users of `org_id` work in: its id and
    /// whether it is a city committee.
    pub async fn jurisdiction_of(&mut self, org_id: OrgId) -> Result<Option<(OrgId, bool)>> {
        let row: Option<(OrgId, String)> =
            run!(self, c => sqlx::query_as(JURISDICTION_OF).bind(org_id).fetch_optional(c).await)?;
        Ok(row.map(|(id, kind)| (id, kind == "city_committee")))
    }

    /// The county committees directly under a city committee.
    pub async fn counties_under(&mut self, city_id: OrgId) -> Result<Vec<OrgId>> {
        Ok(run!(self, c => sqlx::query_scalar(
            "SELECT id FROM organisation WHERE parent_id = $1 AND kind = 'county_committee' ORDER BY id")
            .bind(city_id).fetch_all(c).await)?)
    }

    pub async fn get_inspection(&mut self, id: InspectionId) -> Result<Option<Inspection>> {
        let sql = sqlx::AssertSqlSafe(format!("{INSPECTION_SELECT} WHERE i.id = $1"));
        Ok(run!(self, c => sqlx::query_as(sql).bind(id).fetch_optional(c).await)?)
    }

    pub async fn list_inspections(&mut self, f: &InspectionFilter) -> Result<Vec<Inspection>> {
        // Build the WHERE clause from fixed fragments only; every value is bound.
        let mut sql = format!("{INSPECTION_SELECT} WHERE 1 = 1");
        let mut n = 0;
        let mut next = || {
            n += 1;
            n
        };
        if f.round_id.is_some() {
            sql += &format!(" AND i.round_id = ${}", next());
        }
        if f.target_org_id.is_some() {
            sql += &format!(" AND i.target_org_id = ${}", next());
        }
        // "Only these" lists: an empty one matches nothing.
        let committees: Vec<i64> = f.committees.iter().flatten().map(|c| c.get()).collect();
        let teams: Vec<i64> = f.team_ids.iter().flatten().map(|t| t.get()).collect();
        for (column, only, ids) in
            [("committee_id", f.committees.is_some(), &committees), ("team_id", f.team_ids.is_some(), &teams)]
        {
            if only {
                if ids.is_empty() {
                    return Ok(Vec::new());
                }
                let marks: Vec<String> = ids.iter().map(|_| format!("${}", next())).collect();
                sql += &format!(" AND i.{column} IN ({})", marks.join(", "));
            }
        }
        if f.fed_back_only {
            sql += " AND i.feedback_date IS NOT NULL";
        }
        sql += " ORDER BY i.round_id DESC, i.id";
        let sql = sqlx::AssertSqlSafe(sql);
        Ok(run!(self, c => {
            let mut q = sqlx::query_as(sql);
            if let Some(r) = f.round_id { q = q.bind(r); }
            if let Some(o) = f.target_org_id { q = q.bind(o); }
            for j in &committees { q = q.bind(*j); }
            for t in &teams { q = q.bind(*t); }
            q.fetch_all(c).await
        })?)
    }

    /// Earlier inspections of the same organisation (for a look-back), newest first.
    pub async fn earlier_inspections(&mut self, target_org_id: OrgId, before: Date) -> Result<Vec<Inspection>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "{INSPECTION_SELECT} WHERE i.target_org_id = $1 AND i.entry_date < $2 ORDER BY i.entry_date DESC"
        ));
        Ok(run!(self, c => sqlx::query_as(sql).bind(target_org_id).bind(before).fetch_all(c).await)?)
    }

    pub async fn update_announcement(&mut self, id: InspectionId, version: i64, a: &Announcement<'_>) -> Result<()> {
        let (from, to) = a.tip_window.unzip();
        let r = run!(self, c => sqlx::query(
            "UPDATE inspection SET announcement = $1, tip_phone = $2, tip_email = $3, tip_post_box = $4, tip_address = $5,
             tip_window_start = $6, tip_window_end = $7, version = version + 1 WHERE id = $8 AND version = $9")
            .bind(a.announcement).bind(a.tip_phone).bind(a.tip_email).bind(a.tip_post_box).bind(a.tip_address)
            .bind(from).bind(to).bind(id).bind(version).execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)
    }

    pub async fn set_feedback(&mut self, id: InspectionId, version: i64, f: &Feedback<'_>) -> Result<()> {
        let r = run!(self, c => sqlx::query(
            "UPDATE inspection SET feedback_date = $1, feedback_bodies = $2, feedback_signed_for_by = $3, feedback_notes = $4,
             version = version + 1 WHERE id = $5 AND version = $6")
            .bind(f.date).bind(f.bodies).bind(f.signed_for_by).bind(f.notes).bind(id).bind(version).execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)
    }
}
