//! Organisations, users, sessions, settings and the aspect taxonomy.

use time::OffsetDateTime;
use xuncha_domain::id::*;
use xuncha_domain::measure::MeasureStatus;
use xuncha_domain::org::OrgKind;
use xuncha_domain::plan::PlanStatus;
use xuncha_domain::role::Role;

use super::expect_one;
use crate::rows::{Aspect, Organisation, User};
use crate::{Conn, Result, map_err, run};

pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub org_id: Option<OrgId>,
    pub body: Option<&'a str>,
    pub post: &'a str,
    /// An initial password, to be changed at the first sign-in.
    pub must_change_password: bool,
}

/// A target organisation's account, with whether its organisation still has work in xuncha.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TargetAccount {
    #[sqlx(flatten)]
    pub user: User,
    pub org_name: String,
    /// An inspection of the organisation not yet fed back, fed back without an approved plan,
    /// or with a measure not closed.
    pub in_work: bool,
}

impl Conn<'_> {
    pub async fn insert_org(
        &mut self,
        name: &str,
        kind: OrgKind,
        parent_id: Option<OrgId>,
        is_sample: bool,
    ) -> Result<OrgId> {
        let now = self.now();
        run!(self, c => sqlx::query_scalar(
            "INSERT INTO organisation (name, kind, parent_id, is_sample, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(name).bind(kind.code()).bind(parent_id).bind(is_sample).bind(now)
            .fetch_one(c).await).map_err(map_err)
    }

    pub async fn get_org(&mut self, id: OrgId) -> Result<Option<Organisation>> {
        Ok(
            run!(self, c => sqlx::query_as("SELECT * FROM organisation WHERE id = $1").bind(id).fetch_optional(c).await)?,
        )
    }

    pub async fn find_org(&mut self, name: &str) -> Result<Option<Organisation>> {
        Ok(
            run!(self, c => sqlx::query_as("SELECT * FROM organisation WHERE name = $1").bind(name).fetch_optional(c).await)?,
        )
    }

    /// How many county committees the database holds (more than one: jurisdictions matter).
    pub async fn county_committee_count(&mut self) -> Result<i64> {
        Ok(run!(self, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM organisation WHERE kind = 'county_committee'").fetch_one(c).await)?)
    }

    pub async fn list_orgs(&mut self) -> Result<Vec<Organisation>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM organisation ORDER BY id").fetch_all(c).await)?)
    }

    /// The organisations directly under one.
    pub async fn org_children(&mut self, id: OrgId) -> Result<Vec<OrgId>> {
        Ok(run!(self, c => sqlx::query_scalar("SELECT id FROM organisation WHERE parent_id = $1 ORDER BY id")
            .bind(id).fetch_all(c).await)?)
    }

    /// The ancestors of an organisation, parent first (a short walk: the tree is three deep).
    pub async fn org_ancestors(&mut self, id: OrgId) -> Result<Vec<OrgId>> {
        let mut out = Vec::new();
        let mut cur = self.get_org(id).await?.and_then(|o| o.parent_id);
        while let Some(p) = cur {
            if out.contains(&p) {
                break; // a cycle cannot be inserted through the application; do not loop on one
            }
            out.push(p);
            cur = self.get_org(p).await?.and_then(|o| o.parent_id);
        }
        Ok(out)
    }

    pub async fn insert_user(&mut self, u: &NewUser<'_>) -> Result<UserId> {
        let now = self.now();
        run!(self, c => sqlx::query_scalar(
            "INSERT INTO app_user (username, display_name, password_hash, role, org_id, body, created_at, post,
                                   must_change_password)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id")
            .bind(u.username).bind(u.display_name).bind(u.password_hash).bind(u.role.code()).bind(u.org_id)
            .bind(u.body).bind(now).bind(u.post).bind(u.must_change_password)
            .fetch_one(c).await)
        .map_err(map_err)
    }

    pub async fn get_user(&mut self, id: UserId) -> Result<Option<User>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM app_user WHERE id = $1").bind(id).fetch_optional(c).await)?)
    }

    pub async fn find_user(&mut self, username: &str) -> Result<Option<User>> {
        Ok(
            run!(self, c => sqlx::query_as("SELECT * FROM app_user WHERE username = $1").bind(username).fetch_optional(c).await)?,
        )
    }

    pub async fn list_users(&mut self) -> Result<Vec<User>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM app_user ORDER BY id").fetch_all(c).await)?)
    }

    /// The other active office accounts and where they work (whether a second person exists to
    /// approve what one drafted is decided by their committee, see the disclosures use case).
    pub async fn other_office_accounts(&mut self, user_id: UserId) -> Result<Vec<(UserId, Option<OrgId>)>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT id, org_id FROM app_user WHERE role = $1 AND active AND id <> $2 ORDER BY id")
            .bind(xuncha_domain::role::Role::Office.code()).bind(user_id).fetch_all(c).await)?)
    }

    /// Sets a password; `initial` marks it as one to change at the next sign-in (a reset by an
    /// administrator), otherwise the mark is lifted (the holder chose it).
    pub async fn set_password(&mut self, user_id: UserId, hash: &str, initial: bool) -> Result<()> {
        let r = run!(self, c => sqlx::query(
            "UPDATE app_user SET password_hash = $1, must_change_password = $2, version = version + 1 WHERE id = $3")
            .bind(hash).bind(initial).bind(user_id).execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)
    }

    /// Enables or disables an account.
    pub async fn set_user_active(&mut self, user_id: UserId, active: bool) -> Result<()> {
        let r = run!(self, c => sqlx::query("UPDATE app_user SET active = $1, version = version + 1 WHERE id = $2")
            .bind(active).bind(user_id).execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)
    }

    /// The organisations a round inspects (each once), by name.
    pub async fn round_targets(&mut self, round_id: RoundId) -> Result<Vec<(OrgId, String)>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT DISTINCT o.id, o.name FROM inspection i JOIN organisation o ON o.id = i.target_org_id
             WHERE i.round_id = $1 ORDER BY o.name").bind(round_id).fetch_all(c).await)?)
    }

    /// Every account of a target organisation (secretary or liaison), with whether its
    /// organisation still has work here.
    pub async fn target_accounts(&mut self) -> Result<Vec<TargetAccount>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT u.*, o.name AS org_name, EXISTS (
                 SELECT 1 FROM inspection i WHERE i.target_org_id = u.org_id AND (
                     i.feedback_date IS NULL
                     OR NOT EXISTS (SELECT 1 FROM plan pl WHERE pl.inspection_id = i.id AND pl.status = $3)
                     OR EXISTS (SELECT 1 FROM problem p JOIN measure m ON m.problem_id = p.id
                                WHERE p.inspection_id = i.id AND m.status <> $4))
             ) AS in_work
             FROM app_user u JOIN organisation o ON o.id = u.org_id
             WHERE u.role IN ($1, $2) ORDER BY o.name, u.role DESC, u.id")
            .bind(Role::TargetSecretary.code()).bind(Role::TargetLiaison.code())
            .bind(PlanStatus::Approved.code()).bind(MeasureStatus::Closed.code())
            .fetch_all(c).await)?)
    }

    pub async fn declare_conflict(&mut self, user_id: UserId, org_id: OrgId, reason: &str) -> Result<ConflictId> {
        run!(self, c => sqlx::query_scalar(
            "INSERT INTO conflict_declaration (user_id, org_id, reason) VALUES ($1, $2, $3) RETURNING id")
            .bind(user_id).bind(org_id).bind(reason).fetch_one(c).await)
        .map_err(map_err)
    }

    pub async fn declared_conflicts(&mut self, user_id: UserId) -> Result<Vec<OrgId>> {
        Ok(
            run!(self, c => sqlx::query_scalar("SELECT org_id FROM conflict_declaration WHERE user_id = $1 ORDER BY org_id")
            .bind(user_id).fetch_all(c).await)?,
        )
    }

    pub async fn insert_session(
        &mut self,
        token_hash: &str,
        user_id: UserId,
        expires_at: OffsetDateTime,
    ) -> Result<()> {
        run!(self, c => sqlx::query("INSERT INTO session (token_hash, user_id, expires_at) VALUES ($1, $2, $3)")
            .bind(token_hash).bind(user_id).bind(expires_at).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// The user of a live session, if any.
    pub async fn session_user(&mut self, token_hash: &str, now: OffsetDateTime) -> Result<Option<User>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT u.* FROM session s JOIN app_user u ON u.id = s.user_id
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active")
            .bind(token_hash).bind(now).fetch_optional(c).await)?)
    }

    pub async fn delete_session(&mut self, token_hash: &str) -> Result<()> {
        run!(self, c => sqlx::query("DELETE FROM session WHERE token_hash = $1").bind(token_hash).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn delete_user_sessions(&mut self, user_id: UserId) -> Result<()> {
        run!(self, c => sqlx::query("DELETE FROM session WHERE user_id = $1").bind(user_id).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Removes sessions that have expired (each login prunes them).
    pub async fn delete_expired_sessions(&mut self, now: OffsetDateTime) -> Result<u64> {
        Ok(
            run!(self, c => sqlx::query("DELETE FROM session WHERE expires_at <= $1").bind(now).execute(c).await.map(|r| r.rows_affected()))?,
        )
    }

    /// Counts one failed login for `username` and forgets failures older than `forget_before`.
    pub async fn record_login_failure(
        &mut self,
        username: &str,
        at: OffsetDateTime,
        forget_before: OffsetDateTime,
    ) -> Result<()> {
        run!(self, c => sqlx::query("DELETE FROM login_failure WHERE failed_at < $1").bind(forget_before).execute(c).await.map(|r| r.rows_affected()))?;
        run!(self, c => sqlx::query("INSERT INTO login_failure (username, failed_at) VALUES ($1, $2)")
            .bind(username).bind(at).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Failed logins for `username` since `since`.
    pub async fn login_failures_since(&mut self, username: &str, since: OffsetDateTime) -> Result<i64> {
        Ok(
            run!(self, c => sqlx::query_scalar("SELECT COUNT(*) FROM login_failure WHERE username = $1 AND failed_at >= $2")
            .bind(username).bind(since).fetch_one(c).await)?,
        )
    }

    /// Forgets the failed logins of `username` (a successful login, an unlock, a new password).
    pub async fn clear_login_failures(&mut self, username: &str) -> Result<u64> {
        Ok(
            run!(self, c => sqlx::query("DELETE FROM login_failure WHERE username = $1").bind(username).execute(c).await.map(|r| r.rows_affected()))?,
        )
    }

    pub async fn get_setting(&mut self, key: &str) -> Result<Option<String>> {
        Ok(
            run!(self, c => sqlx::query_scalar("SELECT value FROM setting WHERE key = $1").bind(key).fetch_optional(c).await)?,
        )
    }

    pub async fn put_setting(&mut self, key: &str, value: &str) -> Result<()> {
        run!(self, c => sqlx::query(
            "INSERT INTO setting (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(key).bind(value).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    pub async fn insert_aspect(&mut self, category: &str, name: &str, sort: i64) -> Result<AspectId> {
        run!(self, c => sqlx::query_scalar("INSERT INTO aspect (category, name, sort) VALUES ($1, $2, $3) RETURNING id")
            .bind(category).bind(name).bind(sort).fetch_one(c).await)
        .map_err(map_err)
    }

    pub async fn list_aspects(&mut self) -> Result<Vec<Aspect>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM aspect ORDER BY sort, id").fetch_all(c).await)?)
    }

    pub async fn get_aspect(&mut self, id: AspectId) -> Result<Option<Aspect>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM aspect WHERE id = $1").bind(id).fetch_optional(c).await)?)
    }
}
