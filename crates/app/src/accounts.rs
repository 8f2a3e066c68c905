//! Accounts for a round: the secretaries' and liaisons' accounts of the organisations a round
//! inspects, opened in one step with initial passwords that are shown once (on sealed pages, one
//! per organisation) and must be changed at the first sign-in; an administrator's resets,
//! unlocks and bulk disabling. Every act is on the record; no password is ever kept in clear,
//! logged or written into the trail.

use rand::seq::SliceRandom;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use xuncha_domain::access::{Actor, Capability};
use xuncha_domain::action::Action;
use xuncha_domain::id::*;
use xuncha_domain::role::Role;
use xuncha_store::{NewUser, Person, User};

use crate::auth::{failure_key, hash_off_runtime};
use crate::views::UserRecord;
use crate::{App, AppError, AppResult, By, json, require};

/// A round the administrator may open accounts for, with how many organisations it inspects.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct OnboardingRound {
    pub id: RoundId,
    pub name: String,
    pub targets: usize,
}

/// An account opened (or reset) with an initial password: the one time the password is told.
#[derive(Clone, Serialize, JsonSchema)]
pub struct InitialAccount {
    pub user_id: UserId,
    pub username: String,
    pub display_name: String,
    pub post: String,
    pub role: Role,
    /// The organisation the account belongs to (none for the inspecting side's).
    pub unit: Option<String>,
    /// The name was made from the organisation and the role, the roster naming nobody in that
    /// post: to be checked with the organisation.
    pub name_to_verify: bool,
    /// To be changed at the first sign-in.
    pub initial_password: String,
}

/// Never prints the password (a debug line may reach a log).
impl std::fmt::Debug for InitialAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InitialAccount")
            .field("user_id", &self.user_id)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// One organisation's sealed page: the accounts opened now and those it already had.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct OnboardingSheet {
    pub org_id: OrgId,
    pub org_name: String,
    pub opened: Vec<InitialAccount>,
    pub existing: Vec<UserRecord>,
}

/// What one onboarding did, organisation by organisation.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Onboarding {
    pub round_name: String,
    pub opened: usize,
    pub sheets: Vec<OnboardingSheet>,
}

/// A target organisation's account, with whether the organisation still has work here (an
/// inspection not fed back, a plan not approved or a measure not closed).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TargetAccountView {
    pub user: UserRecord,
    pub org_name: String,
    pub in_work: bool,
}

/// Accounts to enable or disable at once.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct AccountsActiveInput {
    pub user_ids: Vec<UserId>,
    pub active: bool,
}

/// Why an inspecting-side account is refused here.
const TARGETS_ONLY: &str =
    "此处只办理被巡察党组织的账号;巡察办、巡察组等账号的密码重置和停用请由运维人员使用命令行 xuncha user 办理";

/// The two accounts each inspected organisation needs.
const TARGET_ROLES: [Role; 2] = [Role::TargetSecretary, Role::TargetLiaison];

/// Letters and digits that cannot be misread on paper (no 0/O, 1/l/I).
const UNAMBIGUOUS: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

/// A random initial password, three groups of four ("Kp7w-xR3m-9dTf"): about 70 bits, and easy
/// to type from a printed page.
pub fn initial_password() -> String {
    let mut rng = rand::rngs::OsRng;
    let group = |rng: &mut rand::rngs::OsRng| -> String {
        (0..4).map(|_| *UNAMBIGUOUS.choose(rng).unwrap_or(&b'x') as char).collect()
    };
    [group(&mut rng), group(&mut rng), group(&mut rng)].join("-")
}

/// The roster's holder of the role's post in an organisation: its secretary (not a deputy) or
/// its rectification liaison.
fn holder(people: &[Person], role: Role) -> Option<&Person> {
    people.iter().find(|p| match role {
        // The party secretary: not a deputy, not the discipline secretary (纪委书记).
        Role::TargetSecretary => {
            p.post.contains("书记") && !["副书记", "纪委", "纪工委", "纪检"].iter().any(|w| p.post.contains(w))
        }
        _ => p.post.contains("联络员"),
    })
}

/// The name and post an account is opened under, and whether the roster gave them.
fn named(people: &[Person], org_name: &str, role: Role) -> (String, String, bool) {
    match holder(people, role) {
        Some(p) => (p.name.clone(), p.post.clone(), true),
        None => {
            let post = match role {
                Role::TargetSecretary => xuncha_domain::org::secretary_post(org_name),
                _ => format!("{org_name}整改联络员"),
            };
            (post.clone(), post, false)
        }
    }
}

/// `org12.secretary`, or with a number when that is taken (`org12.secretary.2`).
fn free_username(org: OrgId, role: Role, taken: &std::collections::HashSet<String>) -> String {
    let base = match role {
        Role::TargetSecretary => format!("org{org}.secretary"),
        _ => format!("org{org}.liaison"),
    };
    (1..)
        .map(|n| if n == 1 { base.clone() } else { format!("{base}.{n}") })
        .find(|u| !taken.contains(u))
        .unwrap_or(base)
}

impl App {
    /// The rounds, newest first, with the number of organisations each inspects.
    pub async fn onboarding_rounds(&self, actor: &Actor) -> AppResult<Vec<OnboardingRound>> {
        require(actor, Capability::Administer)?;
        let mut h = self.store.read().await?;
        let mut out = Vec::new();
        for r in h.conn().list_rounds().await? {
            let targets = h.conn().round_targets(r.id).await?.len();
            out.push(OnboardingRound { id: r.id, name: r.name, targets });
        }
        Ok(out)
    }

    /// Opens the accounts a round's organisations lack (a secretary's and a liaison's each, named
    /// from the roster where it can), with initial passwords returned this once.
    pub async fn onboard_round(&self, actor: &Actor, round_id: RoundId) -> AppResult<Onboarding> {
        require(actor, Capability::Administer)?;
        let (round, targets, users, people) = {
            let mut h = self.store.read().await?;
            let round = h.conn().get_round(round_id).await?.ok_or(AppError::NotFound)?;
            let targets = h.conn().round_targets(round_id).await?;
            (round, targets, h.conn().list_users().await?, h.conn().list_people(None).await?)
        };
        // Passwords are hashed before the write begins: argon2 does not hold the write lock.
        let mut planned = Vec::new();
        for (org, org_name) in &targets {
            for role in TARGET_ROLES {
                if !users.iter().any(|u| u.active && u.org_id == Some(*org) && u.role == role) {
                    let password = initial_password();
                    let hash = hash_off_runtime(&password).await?;
                    planned.push((*org, org_name.clone(), role, password, hash));
                }
            }
        }
        let (users, opened) =
            if planned.is_empty() { (users, Vec::new()) } else { self.open_accounts(actor, planned, &people).await? };
        let count = opened.len();
        let sheets = targets
            .into_iter()
            .map(|(org, org_name)| {
                let mine: Vec<InitialAccount> =
                    opened.iter().filter(|(o, _)| *o == org).map(|(_, a)| a.clone()).collect();
                let existing = users
                    .iter()
                    .filter(|u| {
                        u.active
                            && u.org_id == Some(org)
                            && TARGET_ROLES.contains(&u.role)
                            && !mine.iter().any(|a| a.user_id == u.id)
                    })
                    .cloned()
                    .map(UserRecord::from)
                    .collect();
                OnboardingSheet { org_id: org, org_name, opened: mine, existing }
            })
            .collect();
        Ok(Onboarding { round_name: round.name, opened: count, sheets })
    }

    /// Opens the planned accounts in one write (those opened meanwhile by someone else are
    /// left as they are): the accounts as they now are, and those opened with their passwords.
    async fn open_accounts(
        &self,
        actor: &Actor,
        planned: Vec<(OrgId, String, Role, String, String)>,
        people: &[Person],
    ) -> AppResult<(Vec<User>, Vec<(OrgId, InitialAccount)>)> {
        let mut tx = self.write_as(By::User(actor), Capability::Administer).await?;
        let mut users = tx.conn().list_users().await?;
        let mut taken: std::collections::HashSet<String> = users.iter().map(|u| u.username.clone()).collect();
        let mut opened: Vec<(OrgId, InitialAccount)> = Vec::new();
        for (org, org_name, role, password, hash) in planned {
            // Opened by someone else meanwhile: kept as it is.
            if users.iter().any(|u| u.active && u.org_id == Some(org) && u.role == role) {
                continue;
            }
            let own: Vec<Person> = people.iter().filter(|p| p.org_id == org).cloned().collect();
            let (display_name, post, from_roster) = named(&own, &org_name, role);
            let username = free_username(org, role, &taken);
            let id = tx
                .conn()
                .insert_user(&NewUser {
                    username: &username,
                    display_name: &display_name,
                    password_hash: &hash,
                    role,
                    org_id: Some(org),
                    body: None,
                    post: &post,
                    must_change_password: true,
                })
                .await?;
            let user = tx.conn().get_user(id).await?.ok_or(AppError::NotFound)?;
            let summary = format!("开通账号 {username}({org_name} {}),初始密码密封交付,首次登录须修改", role.label());
            tx.record(Action::UserOnboard, id, &summary, "{}", &json(&user)).await?;
            taken.insert(username.clone());
            users.push(user);
            let account = InitialAccount {
                user_id: id,
                username,
                display_name,
                post,
                role,
                unit: Some(org_name.clone()),
                name_to_verify: !from_roster,
                initial_password: password,
            };
            opened.push((org, account));
        }
        if opened.is_empty() {
            tx.rollback().await?;
        } else {
            tx.commit().await?;
        }
        Ok((users, opened))
    }

    /// Gives a target organisation's account a new initial password (told this once), ends its
    /// sessions and lifts any lock; the holder must change it at the next sign-in. The inspecting
    /// side's accounts (which read tips) are reset by the operator's command line only, so that
    /// an administrator cannot take one over from the browser.
    pub async fn reset_password_of(&self, actor: &Actor, user_id: UserId) -> AppResult<InitialAccount> {
        require(actor, Capability::Administer)?;
        if user_id == actor.user_id {
            return Err(AppError::invalid("user_id", "不能重置自己的密码,请通过“修改密码”更改"));
        }
        let password = initial_password();
        let hash = hash_off_runtime(&password).await?;
        let mut tx = self.write_as(By::User(actor), Capability::Administer).await?;
        let user = tx.conn().get_user(user_id).await?.ok_or(AppError::NotFound)?;
        if !user.role.is_target() {
            return Err(AppError::invalid("user_id", TARGETS_ONLY));
        }
        let unit = match user.org_id {
            Some(org) => tx.conn().get_org(org).await?.map(|o| o.name),
            None => None,
        };
        tx.conn().set_password(user_id, &hash, true).await?;
        tx.conn().delete_user_sessions(user_id).await?;
        tx.conn().clear_login_failures(&failure_key(&user.username)).await?;
        let summary = format!("重置账号 {} 的密码,初始密码密封交付,首次登录须修改", user.username);
        tx.record(Action::UserReset, user_id, &summary, "{}", "{}").await?;
        tx.commit().await?;
        Ok(InitialAccount {
            user_id,
            username: user.username,
            display_name: user.display_name,
            post: user.post,
            role: user.role,
            unit,
            name_to_verify: false,
            initial_password: password,
        })
    }

    /// Lifts the lock that failed sign-ins put on an account.
    pub async fn unlock_account(&self, actor: &Actor, user_id: UserId) -> AppResult<UserRecord> {
        let mut tx = self.write_as(By::User(actor), Capability::Administer).await?;
        let user = tx.conn().get_user(user_id).await?.ok_or(AppError::NotFound)?;
        tx.conn().clear_login_failures(&failure_key(&user.username)).await?;
        tx.record(Action::UserUnlock, user_id, &format!("解除账号 {} 的登录锁定", user.username), "{}", "{}").await?;
        tx.commit().await?;
        Ok(user.into())
    }

    /// Every target organisation's account, with whether its organisation still has work here:
    /// the list the administrator disables accounts from once a round is over.
    pub async fn target_accounts(&self, actor: &Actor) -> AppResult<Vec<TargetAccountView>> {
        require(actor, Capability::Administer)?;
        let rows = self.store.read().await?.conn().target_accounts().await?;
        Ok(rows
            .into_iter()
            .map(|r| TargetAccountView { user: r.user.into(), org_name: r.org_name, in_work: r.in_work })
            .collect())
    }

    /// Enables or disables accounts; a disabled account's sessions end at once. One's own
    /// account is left alone (an administrator cannot lock themselves out).
    pub async fn set_accounts_active(&self, actor: &Actor, input: &AccountsActiveInput) -> AppResult<usize> {
        require(actor, Capability::Administer)?;
        if input.user_ids.contains(&actor.user_id) {
            return Err(AppError::invalid("user_ids", "不能停用或启用自己的账号"));
        }
        let mut tx = self.write_as(By::User(actor), Capability::Administer).await?;
        let mut changed = 0;
        for &id in &input.user_ids {
            let user: User =
                tx.conn().get_user(id).await?.ok_or_else(|| AppError::invalid("user_ids", "所选账号不存在"))?;
            if !user.role.is_target() {
                return Err(AppError::invalid("user_ids", TARGETS_ONLY));
            }
            if user.active == input.active {
                continue;
            }
            tx.conn().set_user_active(id, input.active).await?;
            let (action, verb) =
                if input.active { (Action::UserEnable, "启用") } else { (Action::UserDisable, "停用") };
            if !input.active {
                tx.conn().delete_user_sessions(id).await?;
            }
            tx.record(action, id, &format!("{verb}账号 {}", user.username), "{}", "{}").await?;
            changed += 1;
        }
        // Nothing to change (all already so, or none asked): nothing to record either.
        if changed == 0 {
            tx.rollback().await?
        } else {
            tx.commit().await?
        }
        Ok(changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str, post: &str) -> Person {
        Person {
            id: PersonId::new(1),
            org_id: OrgId::new(3),
            org_name: "谷前堡镇党委".into(),
            name: name.into(),
            post: post.into(),
            phone: String::new(),
        }
    }

    #[test]
    fn an_initial_password_is_three_groups_of_unambiguous_characters_and_passes_the_rules() {
        let a = initial_password();
        assert_eq!(a.len(), 14);
        assert!(a.split('-').all(|g| g.len() == 4 && g.bytes().all(|b| UNAMBIGUOUS.contains(&b))), "{a}");
        assert!(crate::auth::check_password("password", &a).is_ok());
        assert_ne!(a, initial_password(), "random");
    }

    #[test]
    fn the_account_is_named_after_the_rosters_secretary_not_a_deputy_or_the_discipline_secretary() {
        let people = [
            person("李副", "党委副书记"),
            person("周纪", "党委委员、纪委书记"),
            person("韩永明", "党委书记"),
            person("赵明", "党政办主任、整改联络员"),
        ];
        assert_eq!(named(&people, "谷前堡镇党委", Role::TargetSecretary), ("韩永明".into(), "党委书记".into(), true));
        assert_eq!(named(&people, "谷前堡镇党委", Role::TargetLiaison).0, "赵明");
        let (name, post, from_roster) = named(&people[..1], "谷前堡镇党委", Role::TargetLiaison);
        assert_eq!(
            (name.as_str(), post.as_str(), from_roster),
            ("谷前堡镇党委整改联络员", "谷前堡镇党委整改联络员", false)
        );
    }

    #[test]
    fn a_taken_username_gets_the_next_number() {
        let mut taken = std::collections::HashSet::new();
        assert_eq!(free_username(OrgId::new(12), Role::TargetSecretary, &taken), "org12.secretary");
        taken.insert("org12.secretary".to_string());
        taken.insert("org12.secretary.2".to_string());
        assert_eq!(free_username(OrgId::new(12), Role::TargetSecretary, &taken), "org12.secretary.3");
        assert_eq!(free_username(OrgId::new(12), Role::TargetLiaison, &taken), "org12.liaison");
    }
}
