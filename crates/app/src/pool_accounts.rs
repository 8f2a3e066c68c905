//! The team account a cadre of the 巡察人才库 serves under. A draw puts that account on the team,
//! with everything the team may read (tips included), so no link is silent and none unchecked
//! grants anything: a cadre added while exactly one account of their name exists in their unit
//! is linked to it (their services then count), shown as such, and not drawn until the office
//! confirms it; the office may undo a link, with its reason (the account leaves the teams the
//! cadre's draws put it on, and the cadre is never linked by name again), or link an account of
//! the cadre's unit itself. A draw never takes up an account by its name: it opens one.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use xuncha_domain::access::{Actor, Capability};
use xuncha_domain::action::Action;
use xuncha_domain::error::Validator;
use xuncha_domain::id::*;
use xuncha_domain::pool::{AccountLink, Pick};
use xuncha_domain::role::Role;
use xuncha_store::{Cadre, Conn, InspectionFilter, Team, User};

use crate::guarded::Write;
use crate::inspections::member_conflict;
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
    /// The office undid the cadre's link to this account before (offered last).
    pub undone_before: bool,
}

/// The office's choice of a cadre's account.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CadreLinkInput {
    pub version: i64,
    pub user_id: UserId,
}

/// A link undone: the cadre as they now stand, and the teams the account was taken off.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct UnlinkOutcome {
    pub cadre: CadreView,
    pub left_teams: Vec<String>,
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
/// which a cadre just added is linked to (unconfirmed); none when two accounts match (the
/// system cannot tell namesakes apart: the office chooses). Nothing else links by name.
pub(crate) fn matching_account<'a>(c: &Cadre, users: &'a [User], linked: &[UserId]) -> Option<&'a User> {
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
        undone_before: false,
    }
}

impl App {
    /// The accounts the office may link a cadre to: active team accounts of the cadre's unit
    /// that no cadre holds, those of the cadre's name first, one whose link the office undid
    /// last.
    pub async fn linkable_accounts(&self, actor: &Actor, id: CadreId) -> AppResult<Vec<AccountRef>> {
        let cadre = self.cadre(actor, id).await?;
        let mut h = self.store.read().await?;
        let refused = h.conn().get_cadre(id).await?.and_then(|c| c.refused_user_id);
        let linked: Vec<UserId> = h.conn().list_cadres().await?.iter().filter_map(|c| c.user_id).collect();
        let mut users: Vec<User> = h
            .conn()
            .list_users()
            .await?
            .into_iter()
            .filter(|u| linkable(u, cadre.org_id) && !linked.contains(&u.id))
            .collect();
        users.sort_by_key(|u| (Some(u.id) == refused, u.display_name != cadre.name, u.id));
        Ok(users
            .iter()
            .map(|u| AccountRef { undone_before: Some(u.id) == refused, ..account_ref(u, |_| cadre.org_name.clone()) })
            .collect())
    }

    /// Links a cadre without an account to an account of their unit the office chose. Refused
    /// when the account serves on a team whose target the cadre's record recuses them from.
    pub async fn link_cadre_account(&self, actor: &Actor, id: CadreId, input: &CadreLinkInput) -> AppResult<CadreView> {
        require(actor, Capability::ManagePool)?;
        // The cadre must be in the actor's reach (another county's is answered as missing).
        self.cadre(actor, id).await?;
        let mut tx = self.write_as(By::User(actor), Capability::ManagePool).await?;
        let old = tx.conn().get_cadre(id).await?.ok_or(AppError::NotFound)?;
        check_version(input.version, old.version)?;
        if old.user_id.is_some() {
            return Err(AppError::invalid("account", "该人员已关联系统账号,请先解除原关联"));
        }
        let refused = || AppError::invalid("user_id", "请选择本单位一个未被其他人员关联、仍在使用的巡察组账号");
        let account = tx.conn().get_user(input.user_id).await?.ok_or_else(refused)?;
        if !linkable(&account, old.org_id) || tx.conn().cadre_of_user(account.id).await?.is_some() {
            return Err(refused());
        }
        let before = self.cadre_image(&mut tx.conn(), id).await?;
        tx.conn().link_cadre_user(id, account.id, AccountLink::Office).await?;
        // The teams the account is on, held to the cadre's record (former posts, relatives).
        for (team, _) in tx.conn().user_teams(account.id).await? {
            let filter = InspectionFilter { team_ids: Some(vec![team]), ..Default::default() };
            for insp in tx.conn().list_inspections(&filter).await? {
                let why = member_conflict(&mut tx.conn(), account.id, insp.target_org_id, self.today()).await?;
                if let Some(why) = why {
                    return Err(AppError::invalid(
                        "user_id",
                        format!(
                            "该账号所在的{}巡察{},关联后应当回避({why}),不能关联",
                            insp.team_name, insp.target_name
                        ),
                    ));
                }
            }
        }
        let after = self.cadre_image(&mut tx.conn(), id).await?;
        let summary = format!(
            "将人才库人员{}({})关联到本单位系统账号 {}({})",
            old.name, old.org_name, account.username, account.display_name
        );
        tx.record(Action::PoolCadreLink, id, &summary, &json(&before), &json(&after)).await?;
        tx.commit().await?;
        self.cadre(actor, id).await
    }

    /// Records that the office made sure the account linked to a cadre is theirs.
    pub async fn confirm_cadre_account(
        &self,
        actor: &Actor,
        id: CadreId,
        input: &CadreConfirmInput,
    ) -> AppResult<CadreView> {
        require(actor, Capability::ManagePool)?;
        let (mut tx, old, account) = self.linked_cadre(actor, id, input.version).await?;
        if !old.account_link.unverified() {
            return Err(AppError::invalid("account", "该人员的账号关联无需核实"));
        }
        if !linkable(&account, old.org_id) {
            return Err(AppError::invalid("account", "该账号已停用、不是巡察组账号或不属于此人的工作单位,请解除关联"));
        }
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

    /// Undoes a cadre's link to an account, with the office's reason. The account is not
    /// disabled (it may be the namesake's own); it leaves the teams the cadre's draws and swaps
    /// put it on, each recorded on the team; the teams it served on no longer count as the
    /// cadre's, and a draw that takes the cadre opens them an account.
    pub async fn unlink_cadre_account(
        &self,
        actor: &Actor,
        id: CadreId,
        input: &CadreUnlinkInput,
    ) -> AppResult<UnlinkOutcome> {
        require(actor, Capability::ManagePool)?;
        let reason = input.reason.trim();
        let mut v = Validator::new();
        v.required("reason", "解除理由", reason).max_chars("reason", "解除理由", reason, 500).plain(
            "reason",
            "解除理由",
            reason,
        );
        v.finish()?;
        let (mut tx, old, account) = self.linked_cadre(actor, id, input.version).await?;
        if !old.account_link.may_undo() {
            return Err(AppError::invalid("account", "该账号是抽取入组时为此人开通的本人账号,不能解除关联"));
        }
        let user_id = account.id;
        let before = self.cadre_image(&mut tx.conn(), id).await?;
        let teams = drawn_onto(&mut tx.conn(), id, user_id).await?;
        for team in &teams {
            tx.conn().remove_member(team.id, user_id).await?;
            let summary = format!(
                "{}:账号 {}({})是按人才库人员{}编入的,巡察办解除二者关联,调出本组:{reason}",
                team.name, account.username, account.display_name, old.name
            );
            // Shaped as the office's removal: the member before, nothing after.
            let before = format!("{{\"user_id\":{user_id},\"cadre_id\":{id}}}");
            tx.record(Action::TeamRemoveMember, team.id, &summary, &before, "{}").await?;
        }
        tx.conn().unlink_cadre_user(id, old.version).await?;
        let after = self.cadre_image(&mut tx.conn(), id).await?;
        let left = if teams.is_empty() {
            String::new()
        } else {
            format!(",该账号调出{}", teams.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join("、"))
        };
        let summary = format!(
            "解除人才库人员{}({})与系统账号 {}({})的关联({}){left},理由:{reason}",
            old.name,
            old.org_name,
            account.username,
            account.display_name,
            old.account_link.label()
        );
        tx.record(Action::PoolCadreUnlink, id, &summary, &json(&before), &json(&after)).await?;
        tx.commit().await?;
        Ok(UnlinkOutcome {
            cadre: self.cadre(actor, id).await?,
            left_teams: teams.into_iter().map(|t| t.name).collect(),
        })
    }
}

impl App {
    /// A write on a cadre of the actor's reach (another county's is answered as missing) that
    /// is still at `version` and holds an account, with that account.
    async fn linked_cadre<'a>(
        &self,
        actor: &'a Actor,
        id: CadreId,
        version: i64,
    ) -> AppResult<(Write<'a>, Cadre, User)> {
        self.cadre(actor, id).await?;
        let mut tx = self.write_as(By::User(actor), Capability::ManagePool).await?;
        let cadre = tx.conn().get_cadre(id).await?.ok_or(AppError::NotFound)?;
        check_version(version, cadre.version)?;
        let Some(user_id) = cadre.user_id else {
            return Err(AppError::invalid("account", "该人员尚未关联系统账号"));
        };
        let account = tx.conn().get_user(user_id).await?.ok_or(AppError::NotFound)?;
        Ok((tx, cadre, account))
    }
}

/// An account a cadre of `unit` may be linked to: an active team account of that unit.
fn linkable(u: &User, unit: OrgId) -> bool {
    u.active && u.role == Role::Team && u.org_id == Some(unit)
}

/// The teams the account is on because a draw of the cadre, or a swap bringing the cadre in,
/// put it there (and no later swap took the cadre out). A draw whose picks no longer read
/// (rewritten behind the system) counts by its swaps alone.
async fn drawn_onto(conn: &mut Conn<'_>, cadre: CadreId, account: UserId) -> AppResult<Vec<Team>> {
    let mut out = Vec::new();
    for (team_id, _) in conn.user_teams(account).await? {
        let Some(team) = conn.get_team(team_id).await? else { continue };
        let mut put_on = false;
        for d in conn.round_pool_draws(team.round_id).await?.iter().filter(|d| d.team_id == team_id) {
            let picks: Vec<Pick> = serde_json::from_str(&d.picks).unwrap_or_default();
            let mut on = picks.iter().any(|p| p.cadre_id == cadre);
            for s in conn.draw_swaps(d.id).await? {
                on = (on && s.out_cadre_id != cadre) || s.in_cadre_id == cadre;
            }
            put_on |= on;
        }
        if put_on {
            out.push(team);
        }
    }
    Ok(out)
}
