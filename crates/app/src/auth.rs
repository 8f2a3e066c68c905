//! Accounts, passwords (argon2) and sessions. Session tokens are random; only their SHA-256
//! is stored, so a copy of the database does not hold usable sessions.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use rand::RngCore;
use sha2::{Digest, Sha256};
use time::{Date, Duration, OffsetDateTime};
use xuncha_domain::access::{Actor, Capability, Jurisdiction, Recusal};
use xuncha_domain::action::Action;
use xuncha_domain::error::Validator;
use xuncha_domain::id::*;
use xuncha_domain::inspection::Body;
use xuncha_domain::org::OrgKind;
use xuncha_domain::role::Role;
use xuncha_store::NewUser;
use xuncha_store::User;

use crate::error::on_duplicate;
use crate::inputs::{NewUserInput, PasswordInput};
use crate::views::{self, *};
use crate::{Admission, App, AppError, AppResult, By, Write, json, require};

/// How long a session lives without a new login.
pub const SESSION_HOURS: i64 = 8;

pub fn hash_password(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::internal(format!("hashing failed: {e}")))
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// A hash of nothing anyone knows, with the same parameters as every account's: a name that
/// has no account (or a disabled one) is checked against it, so every login costs one argon2
/// verification and an unknown name answers exactly as slowly as a known one.
static NO_ACCOUNT_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let mut raw = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut raw);
    hash_password(&hex::encode(raw)).unwrap_or_default()
});

/// Verifies on the blocking pool: argon2 takes tens of milliseconds of CPU by design.
async fn verify_off_runtime(password: &str, hash: Option<String>) -> bool {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || {
        let known = hash.is_some();
        let ok = verify_password(&password, hash.as_deref().unwrap_or(NO_ACCOUNT_HASH.as_str()));
        ok && known
    })
    .await
    .unwrap_or(false)
}

/// Hashes on the blocking pool, before any transaction is opened: a hash takes tens of
/// milliseconds of CPU, and inside a write transaction it held SQLite's write lock meanwhile.
pub(crate) async fn hash_off_runtime(password: &str) -> AppResult<String> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|_| AppError::internal("password hashing stopped"))?
}

/// Failed logins (wrong password, or wrong old password when changing it) that lock a name.
pub const LOCK_AFTER_FAILURES: i64 = 10;
/// The window they are counted in, and how long the lock lasts after the last of them.
pub const LOCK_MINUTES: i64 = 15;

/// The name failures are counted under: as typed, trimmed, bounded (it is never shown).
pub(crate) fn failure_key(username: &str) -> String {
    username.trim().chars().take(100).collect()
}

fn locked_error() -> AppError {
    AppError::TooManyAttempts(format!(
        "该账号连续登录失败次数过多,已暂时锁定,请{LOCK_MINUTES}分钟后再试,或请系统管理员解锁"
    ))
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Password rules: at least 8 characters, not all digits.
pub(crate) fn check_password(field: &str, password: &str) -> AppResult<()> {
    Validator::new()
        .check(password.chars().count() >= 8, field, "密码至少需要8个字符")
        .check(!password.chars().all(|c| c.is_ascii_digit()), field, "密码不能全部是数字")
        .finish()?;
    Ok(())
}

/// A new session: the token goes to the client once.
pub struct NewSession {
    pub token: String,
    pub user: UserRecord,
    pub expires_at: OffsetDateTime,
}

impl App {
    /// Checks a username and password and opens a session. A wrong name and a wrong password
    /// answer the same, in the same time; ten failures for one name in fifteen minutes lock it
    /// (known or not, so a lock tells nothing about which accounts exist) until fifteen minutes
    /// after the last, or until an administrator unlocks it. Expired sessions are pruned here.
    pub async fn login(&self, username: &str, password: &str) -> AppResult<NewSession> {
        let key = failure_key(username);
        let now = OffsetDateTime::now_utc();
        let window = now - Duration::minutes(LOCK_MINUTES);
        let user = {
            let mut h = self.store.read().await?;
            if h.conn().login_failures_since(&key, window).await? >= LOCK_AFTER_FAILURES {
                return Err(locked_error());
            }
            h.conn().find_user(username.trim()).await?
        };
        let hash = user.as_ref().filter(|u| u.active).map(|u| u.password_hash.clone());
        let ok = verify_off_runtime(password, hash).await;
        let Some(user) = user.filter(|_| ok) else {
            let mut tx = self.bookkeeping().await?;
            tx.conn().record_login_failure(&key, now, window).await?;
            let failures = tx.conn().login_failures_since(&key, window).await?;
            tx.commit().await?;
            return Err(if failures >= LOCK_AFTER_FAILURES {
                locked_error()
            } else {
                AppError::invalid("password", "用户名或密码错误")
            });
        };
        let actor = actor_of(&mut self.store.read().await?.conn(), &user, self.today()).await?;
        let mut tx = self.write(By::User(&actor)).await?;
        tx.admit(Admission::PasswordVerified);
        tx.conn().clear_login_failures(&key).await?;
        tx.conn().delete_expired_sessions(now).await?;
        let mut raw = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut raw);
        let token = hex::encode(raw);
        let expires_at = now + Duration::hours(SESSION_HOURS);
        tx.conn().insert_session(&token_hash(&token), user.id, expires_at).await?;
        tx.record(Action::UserLogin, user.id, "登录", "{}", "{}").await?;
        tx.commit().await?;
        Ok(NewSession { token, user: user.into(), expires_at })
    }

    /// Lifts the lock on a name (the operator's CLI `user unlock`, or an administrator).
    pub async fn unlock_user(&self, by: By<'_>, username: &str) -> AppResult<u64> {
        let mut tx = self.write_as(by, Capability::Administer).await?;
        let user = tx.conn().find_user(username.trim()).await?.ok_or(AppError::NotFound)?;
        let cleared = tx.conn().clear_login_failures(&failure_key(&user.username)).await?;
        tx.record(Action::UserUnlock, user.id, "解除登录锁定", "{}", "{}").await?;
        tx.commit().await?;
        Ok(cleared)
    }

    pub async fn logout(&self, token: &str) -> AppResult<()> {
        let mut tx = self.bookkeeping().await?;
        tx.conn().delete_session(&token_hash(token)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The actor behind a session token, or `Unauthenticated`.
    pub async fn session_actor(&self, token: &str) -> AppResult<(UserRecord, Actor)> {
        let mut h = self.store.read().await?;
        let user = h
            .conn()
            .session_user(&token_hash(token), OffsetDateTime::now_utc())
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let actor = actor_of(&mut h.conn(), &user, self.today()).await?;
        Ok((user.into(), actor))
    }

    /// The actor for a user id (CLI and tests).
    pub async fn actor(&self, user_id: UserId) -> AppResult<Actor> {
        let mut h = self.store.read().await?;
        let user = h.conn().get_user(user_id).await?.ok_or(AppError::NotFound)?;
        actor_of(&mut h.conn(), &user, self.today()).await
    }

    pub async fn find_user(&self, username: &str) -> AppResult<UserRecord> {
        Ok(self.store.read().await?.conn().find_user(username).await?.ok_or(AppError::NotFound)?.into())
    }

    /// Creates an account. `actor` is `None` only for the CLI run by the server's operator.
    pub async fn create_user(&self, by: By<'_>, input: &NewUserInput) -> AppResult<UserRecord> {
        by.require(Capability::Administer)?;
        let role = input.role;
        Validator::new()
            .required("username", "用户名", &input.username)
            .max_chars("username", "用户名", &input.username, 50)
            .check(
                input.username.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)),
                "username",
                "用户名只能包含字母、数字、点、下划线和连字符",
            )
            .required("display_name", "姓名", &input.display_name)
            .max_chars("display_name", "姓名", &input.display_name, 50)
            .max_chars("post", "职务", &input.post, 50)
            .plain("display_name", "姓名", &input.display_name)
            .plain("post", "职务", &input.post)
            .finish()?;
        check_password("password", &input.password)?;
        let body = input.body;
        let hash = hash_off_runtime(&input.password).await?;
        let mut tx = self.write_as(by, Capability::Administer).await?;
        if role.is_target() {
            let org = match input.org_id {
                Some(id) => tx.conn().get_org(id).await?,
                None => None,
            };
            let org = org.ok_or_else(|| AppError::invalid("org_id", "被巡察党组织的账号必须指定所在党组织"))?;
            if !org.kind.inspectable() || org.kind == OrgKind::CountyCommittee {
                return Err(AppError::invalid("org_id", "所选组织不是可被巡察的党组织"));
            }
        } else if let Some(id) = input.org_id {
            tx.conn().get_org(id).await?.ok_or_else(|| AppError::invalid("org_id", "所在单位不存在"))?;
        } else if role != Role::Admin && tx.conn().county_committee_count().await? > 1 {
            // An inspecting-side account under no committee sees every county: with more than
            // one county in the database, that is never what an administrator means.
            return Err(AppError::invalid(
                "org_id",
                "本系统管理多个县(区),巡察办、领导小组、巡察组和监督单位的账号须指定所在单位,以确定管辖范围",
            ));
        }
        if role == Role::Supervisor && !matches!(body, Some(Body::Discipline | Body::Organisation)) {
            return Err(AppError::invalid("body", "监督单位账号必须指定县纪委监委或县委组织部"));
        }
        let id = tx
            .conn()
            .insert_user(&NewUser {
                username: input.username.trim(),
                display_name: input.display_name.trim(),
                password_hash: &hash,
                role,
                org_id: input.org_id,
                body: body.map(|b| b.code()),
                post: input.post.trim(),
                must_change_password: input.must_change_password,
            })
            .await
            .map_err(on_duplicate("username", "用户名已被使用"))?;
        let user = tx.conn().get_user(id).await?.ok_or(AppError::NotFound)?;
        tx.record(Action::UserCreate, id, &format!("创建账号 {}", user.username), "{}", &json(&user)).await?;
        tx.commit().await?;
        Ok(user.into())
    }

    pub async fn list_users(&self, actor: &Actor) -> AppResult<Vec<UserRecord>> {
        require(actor, Capability::Administer)?;
        Ok(views::all(self.store.read().await?.conn().list_users().await?))
    }

    /// Changes one's own password after checking the old one; other sessions are ended.
    pub async fn change_password(&self, actor: &Actor, input: &PasswordInput) -> AppResult<()> {
        // The old password is a password guess like a login's: counted and locked the same way,
        // so a stolen session cannot be used to try passwords without limit.
        let user = self.store.read().await?.conn().get_user(actor.user_id).await?.ok_or(AppError::NotFound)?;
        let key = failure_key(&user.username);
        let now = OffsetDateTime::now_utc();
        let window = now - Duration::minutes(LOCK_MINUTES);
        if self.store.read().await?.conn().login_failures_since(&key, window).await? >= LOCK_AFTER_FAILURES {
            return Err(locked_error());
        }
        if !verify_off_runtime(&input.old_password, Some(user.password_hash.clone())).await {
            let mut tx = self.bookkeeping().await?;
            tx.conn().record_login_failure(&key, now, window).await?;
            tx.commit().await?;
            return Err(AppError::invalid("old_password", "原密码不正确"));
        }
        check_password("new_password", &input.new_password)?;
        if input.new_password == input.old_password {
            return Err(AppError::invalid("new_password", "新密码不能与原密码相同"));
        }
        let hash = hash_off_runtime(&input.new_password).await?;
        let mut tx = self.write(By::User(actor)).await?;
        tx.admit(Admission::PasswordVerified);
        tx.conn().clear_login_failures(&key).await?;
        set_password_in(&mut tx, actor.user_id, &hash).await?;
        tx.commit().await
    }

    /// Sets a password without the old one (the operator's CLI `user passwd`).
    pub async fn reset_password(&self, username: &str, password: &str) -> AppResult<()> {
        check_password("password", password)?;
        let hash = hash_off_runtime(password).await?;
        // The operator's own command line: the system acts, with the database's file in hand.
        let mut tx = self.write_as(By::System, Capability::Administer).await?;
        let user = tx.conn().find_user(username).await?.ok_or(AppError::NotFound)?;
        tx.conn().clear_login_failures(&failure_key(&user.username)).await?;
        set_password_in(&mut tx, user.id, &hash).await?;
        tx.commit().await
    }
}

/// Stores a hash made before the transaction began (see [`hash_off_runtime`]).
async fn set_password_in(tx: &mut Write<'_>, user_id: UserId, hash: &str) -> AppResult<()> {
    tx.conn().set_password(user_id, hash, false).await?;
    tx.conn().delete_user_sessions(user_id).await?;
    tx.record(Action::UserPassword, user_id, "修改密码", "{}", "{}").await
}

/// Builds the rules' view of a user.
pub(crate) async fn actor_of(conn: &mut xuncha_store::Conn<'_>, user: &User, today: Date) -> AppResult<Actor> {
    let (teams, left_teams) = match user.role {
        Role::Team => (conn.user_teams(user.id).await?, conn.user_left_teams(user.id).await?),
        _ => (Vec::new(), Vec::new()),
    };
    // The inspecting side works within the county committee above its organisation.
    let jurisdiction = match (user.role, user.org_id) {
        (Role::Office | Role::Leader | Role::Team | Role::Supervisor, Some(org)) => {
            match conn.jurisdiction_of(org).await? {
                Some((committee, false)) => Some(Jurisdiction::County { committee }),
                Some((committee, true)) => {
                    Some(Jurisdiction::Above { committee, counties: conn.counties_under(committee).await? })
                }
                None => None,
            }
        }
        _ => None,
    };
    // What recuses a team user, read afresh each request like their teams (see `Recusal`).
    let recusal = match user.role {
        Role::Team => crate::inspections::recusal_of(conn, user, today).await?,
        _ => Recusal::default(),
    };
    Ok(Actor {
        user_id: user.id,
        role: user.role,
        org_id: user.org_id,
        body: user.body,
        teams,
        left_teams,
        jurisdiction,
        recusal,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_without_an_account_costs_one_verification_like_any_account() {
        // Equal cost is what makes an unknown name answer as slowly as a known one: the same
        // algorithm, version and parameters as the hash of a real password.
        let real_hash = hash_password("ceshi-mima-2023").unwrap();
        let real = PasswordHash::new(&real_hash).unwrap();
        let none = PasswordHash::new(NO_ACCOUNT_HASH.as_str()).unwrap();
        assert_eq!((real.algorithm, real.version), (none.algorithm, none.version));
        assert_eq!(real.params.to_string(), none.params.to_string());
        assert!(!verify_password("ceshi-mima-2023", NO_ACCOUNT_HASH.as_str()));
    }

    #[test]
    fn failures_are_counted_under_the_name_as_typed_and_bounded() {
        assert_eq!(failure_key("  han "), "han");
        assert_eq!(failure_key(&"名".repeat(500)).chars().count(), 100);
    }
}
