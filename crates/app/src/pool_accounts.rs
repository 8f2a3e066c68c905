//! The team account a cadre of the 巡察人才库 serves under. A draw puts that account on the team,
//! with everything the team may read (tips included), so the link is never silent: a link made
//! because an account of the same name in the same unit existed is shown as such, and only when
//! exactly one such account exists; the office may undo a link (with its reason, after which the
//! cadre is never linked by name again and a draw opens them an account of their own) or choose
//! the right account itself.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use xuncha_domain::access::{Actor, Capability};
use xuncha_domain::action::Action;
use xuncha_domain::error::Validator;
use xuncha_domain::id::*;
use xuncha_domain::pool::AccountLink;
use xuncha_domain::role::Role;
use xuncha_store::{Cadre, Conn, User};

use crate::inspections::reach_of;
use crate::pool::CadreView;
use crate::{App, AppError, AppResult, By, check_version, json, require};

/// A team account as the cadre page shows it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AccountRef {
    pub user_id: UserId,
    pub username: String,
    pub display_name: String,
    pub post: String,
    /// The unit the account belongs to.
    pub org_name: String,
    pub active: bool,
}

/// The office's choice of a cadre's account.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CadreLinkInput {
    pub version: i64,
    pub user_id: UserId,
}

/// The office confirming that the account linked by name is the cadre's own.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CadreConfirmInput {
    pub version: i64,
}

/// The office undoing a cadre's link, and why ("同名不同人:该账号属县财政局另一名张伟").
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CadreUnlinkInput {
    pub version: i64,
    #[schemars(length(max = 500))]
    pub reason: String,
}

/// The one active team account of the cadre's name in the cadre's unit that no cadre holds yet,
/// which a draw may link the cadre to; none when the office undid such a link, or when two
/// accounts match (the system cannot tell namesakes apart: the office chooses).
pub(crate) fn matching_account<'a>(c: &Cadre, users: &'a [User], linked: &[UserId]) -> Option<&'a User> {
    if !c.account_link.may_link_by_name() {
        return None;
    }
    let mut found = users.iter().filter(|u| {
        u.active
            && u.role == Role::Team
            && u.display_name == c.name
            && u.org_id == Some(c.org_id)
            && !linked.contains(&u.id)
    });
    match (found.next(), found.next()) {
        (Some(u), None) => Some(u),
        _ => None,
    }
}

/// Links a cadre just added to the pool to the one account of their name in their unit (an
/// inspector who served before the pool was kept), so that their services count.
pub(crate) async fn link_by_name(conn: &mut Conn<'_>, id: CadreId) -> AppResult<()> {
    let Some(cadre) = conn.get_cadre(id).await? else { return Ok(()) };
    let users = conn.list_users().await?;
    let linked: Vec<UserId> = conn.list_cadres().await?.iter().filter_map(|c| c.user_id).collect();
    if let Some(u) = matching_account(&cadre, &users, &linked) {
        conn.link_cadre_user(id, u.id, AccountLink::ByName).await?;
    }
    Ok(())
}

/// An account as shown, its unit named from `orgs`.
pub(crate) fn account_ref(u: &User, org_name: impl Fn(OrgId) -> String) -> AccountRef {
    AccountRef {
        user_id: u.id,
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        post: u.post.clone(),
        org_name: u.org_id.map(&org_name).unwrap_or_default(),
        active: u.active,
    }
}

impl App {
    /// The accounts the office may link a cadre to: active team accounts in its reach that no
    /// cadre holds, those of the cadre's unit and name first.
    pub async fn linkable_accounts(&self, actor: &Actor, id: CadreId) -> AppResult<Vec<AccountRef>> {
        let cadre = self.cadre(actor, id).await?;
        let mut h = self.store.read().await?;
        let reach = reach_of(&mut h.conn(), actor).await?;
        let linked: Vec<UserId> = h.conn().list_cadres().await?.iter().filter_map(|c| c.user_id).collect();
        let orgs = h.conn().list_orgs().await?;
        let name_of = |o: OrgId| orgs.iter().find(|x| x.id == o).map(|x| x.name.clone()).unwrap_or_default();
        let mut users: Vec<User> = h
            .conn()
            .list_users()
            .await?
            .into_iter()
            .filter(|u| u.active && u.role == Role::Team && !linked.contains(&u.id))
            .filter(|u| u.org_id.is_some_and(|o| reach.as_ref().is_none_or(|r| r.contains(&o))))
            .collect();
        users.sort_by_key(|u| (u.org_id != Some(cadre.org_id), u.display_name != cadre.name, u.id));
        Ok(users.iter().map(|u| account_ref(u, name_of)).collect())
    }

    /// Links a cadre without an account to the account the office chose.
    pub async fn link_cadre_account(&self, actor: &Actor, id: CadreId, input: &CadreLinkInput) -> AppResult<CadreView> {
        require(actor, Capability::ManagePool)?;
        let choices = self.linkable_accounts(actor, id).await?;
        let mut tx = self.write_as(By::User(actor), Capability::ManagePool).await?;
        let old = tx.conn().get_cadre(id).await?.ok_or(AppError::NotFound)?;
        check_version(input.version, old.version)?;
        if old.user_id.is_some() {
            return Err(AppError::invalid("user_id", "该人员已关联系统账号,请先解除原关联"));
        }
        // Read again inside the write: another cadre may have taken the account meanwhile.
        let taken = tx.conn().cadre_of_user(input.user_id).await?.is_some();
        let Some(account) = choices.iter().find(|a| a.user_id == input.user_id).filter(|_| !taken) else {
            return Err(AppError::invalid("user_id", "请选择一个未被其他人员关联、仍在使用的巡察组账号"));
        };
        let before = self.cadre_image(&mut tx.conn(), id).await?;
        tx.conn().link_cadre_user(id, input.user_id, AccountLink::Office).await?;
        let after = self.cadre_image(&mut tx.conn(), id).await?;
        let summary = format!(
            "将人才库人员{}({})关联到系统账号 {}({} {})",
            old.name, old.org_name, account.username, account.org_name, account.display_name
        );
        tx.record(Action::PoolCadreLink, id, &summary, &json(&before), &json(&after)).await?;
        tx.commit().await?;
        self.cadre(actor, id).await
    }

    /// Records that the office made sure the account linked by name is the cadre's own.
    pub async fn confirm_cadre_account(
        &self,
        actor: &Actor,
        id: CadreId,
        input: &CadreConfirmInput,
    ) -> AppResult<CadreView> {
        require(actor, Capability::ManagePool)?;
        self.cadre(actor, id).await?;
        let mut tx = self.write_as(By::User(actor), Capability::ManagePool).await?;
        let old = tx.conn().get_cadre(id).await?.ok_or(AppError::NotFound)?;
        check_version(input.version, old.version)?;
        let Some(user_id) = old.user_id else {
            return Err(AppError::invalid("account", "该人员尚未关联系统账号"));
        };
        let account = tx.conn().get_user(user_id).await?.ok_or(AppError::NotFound)?;
        let before = self.cadre_image(&mut tx.conn(), id).await?;
        tx.conn().confirm_cadre_user(id, old.version).await?;
        let after = self.cadre_image(&mut tx.conn(), id).await?;
        let summary = format!(
            "核实人才库人员{}({})的系统账号 {}({})为本人账号",
            old.name, old.org_name, account.username, account.display_name
        );
        tx.record(Action::PoolCadreLink, id, &summary, &json(&before), &json(&after)).await?;
        tx.commit().await?;
        self.cadre(actor, id).await
    }

    /// Undoes a cadre's link to an account, with the office's reason. The account itself is
    /// untouched (it may be the namesake's own); the teams it served on no longer count as the
    /// cadre's, and a draw that takes the cadre opens them an account.
    pub async fn unlink_cadre_account(
        &self,
        actor: &Actor,
        id: CadreId,
        input: &CadreUnlinkInput,
    ) -> AppResult<CadreView> {
        let reason = input.reason.trim();
        let mut v = Validator::new();
        v.required("reason", "解除理由", reason).max_chars("reason", "解除理由", reason, 500).plain(
            "reason",
            "解除理由",
            reason,
        );
        require(actor, Capability::ManagePool)?;
        v.finish()?;
        // The cadre must be in the actor's reach (another county's is answered as missing).
        self.cadre(actor, id).await?;
        let mut tx = self.write_as(By::User(actor), Capability::ManagePool).await?;
        let old = tx.conn().get_cadre(id).await?.ok_or(AppError::NotFound)?;
        check_version(input.version, old.version)?;
        let Some(user_id) = old.user_id else {
            return Err(AppError::invalid("reason", "该人员尚未关联系统账号"));
        };
        let account = tx.conn().get_user(user_id).await?.ok_or(AppError::NotFound)?;
        let before = self.cadre_image(&mut tx.conn(), id).await?;
        tx.conn().unlink_cadre_user(id, old.version).await?;
        let after = self.cadre_image(&mut tx.conn(), id).await?;
        let summary = format!(
            "解除人才库人员{}({})与系统账号 {}({})的关联({}),理由:{reason}",
            old.name,
            old.org_name,
            account.username,
            account.display_name,
            old.account_link.label()
        );
        tx.record(Action::PoolCadreUnlink, id, &summary, &json(&before), &json(&after)).await?;
        tx.commit().await?;
        self.cadre(actor, id).await
    }
}
