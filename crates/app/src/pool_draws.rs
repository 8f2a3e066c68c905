//! Drawing a team's members from the 巡察人才库: the office says how many of which expertise
//! the team needs; the draw takes, among the cadres with no conflict with any of the team's
//! targets, those who served least, ties broken by a seed the system picks. The seed, the
//! years a former post counts, the whole pool as it stood (each cadre with services and why
//! excluded) and the picks are recorded, so the page can show the draw drawn again from the
//! record. A drawn cadre joins the team under their team account, opened at that moment with an
//! initial password told once (the office already reads its county's tips: an account it opens
//! gives it nothing new). The office may swap a member for another cadre without a conflict,
//! and must say why.

use std::collections::HashMap;

use rand::RngCore;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use xuncha_domain::access::{Actor, Capability};
use xuncha_domain::action::Action;
use xuncha_domain::error::Validator;
use xuncha_domain::id::*;
use xuncha_domain::org::OrgKind;
use xuncha_domain::pool::{self, AccountLink, Candidate, Pick, Slot, Target};
use xuncha_domain::role::{Role, TeamPosition};
use xuncha_store::{Cadre, Conn, InspectionFilter, NewPoolDraw, NewUser, PoolDraw, Team};

use crate::accounts::initial_password;
use crate::audit::{china_time_text, people};
use crate::auth::hash_off_runtime;
use crate::inspections::{reach_of, visible_round};
use crate::pool::{OrgTree, ties_of};
use crate::{App, AppError, AppResult, By, json, require, require_visible};

/// What the office asks for.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PoolDrawInput {
    /// How many members of which expertise (an empty expertise: any).
    pub slots: Vec<Slot>,
    /// What the draw is for (at most 500 characters).
    #[serde(default)]
    #[schemars(length(max = 500))]
    pub note: String,
}

/// A drawn member to swap for another cadre.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PoolSwapInput {
    pub out_cadre_id: CadreId,
    pub in_cadre_id: CadreId,
    /// Why (required, at most 500 characters).
    #[schemars(length(max = 500))]
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PickView {
    pub cadre_id: CadreId,
    pub name: String,
    pub org_name: String,
    pub post: String,
    pub expertise: String,
    /// The slot filled: an expertise, or 不限.
    pub slot: String,
    /// Still on the team (not swapped out).
    pub on_team: bool,
    /// The login name of the team account they serve under ("" without one).
    pub account: String,
    /// Swapped out for another cadre (else, when off the team: taken off it when the office
    /// undid the cadre's link to the account it served under).
    pub swapped: bool,
    /// That account's link was never checked (made by name, or before links were kept).
    pub unverified_account: bool,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ExclusionView {
    pub cadre_id: CadreId,
    pub name: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SwapView {
    pub out_name: String,
    pub in_name: String,
    pub reason: String,
    /// Name and post.
    pub by: String,
    /// China time.
    pub at: String,
}

/// A draw as recorded, read back.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PoolDrawView {
    pub id: PoolDrawId,
    pub team_id: TeamId,
    pub team_name: String,
    pub round_id: RoundId,
    pub round_name: String,
    /// The seed, as a decimal number (to draw again by hand).
    pub seed: String,
    /// "财务×1", "不限×2".
    pub slots: Vec<String>,
    pub years: i64,
    pub note: String,
    /// Name and post.
    pub drawn_by: String,
    /// China time.
    pub drawn_at: String,
    /// Cadres in the pool at the draw (those excluded included).
    pub population: usize,
    pub picks: Vec<PickView>,
    pub exclusions: Vec<ExclusionView>,
    pub swaps: Vec<SwapView>,
    /// Drawing again from the recorded seed and pool gives the recorded picks, and they are the
    /// ones the audit trail recorded.
    pub replays: bool,
    /// The members the draw put on the team (drawn or swapped in) who are on it now.
    pub current: Vec<MemberRef>,
}

/// A team account opened for a drawn cadre who had none. It holds no password anyone knows:
/// the operator sets the initial one (`xuncha user passwd`), as for every account that reads
/// tips, so that the office that drew cannot sign in as the member it drew.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct OpenedAccount {
    pub user_id: UserId,
    pub username: String,
    pub display_name: String,
    pub unit: String,
}

/// A member the draw put on the team (drawn or swapped in) who is on it now.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct MemberRef {
    pub cadre_id: CadreId,
    pub name: String,
    /// The login name of the team account they serve under.
    pub account: String,
}

/// What a draw or a swap did: the draw as it now stands and the accounts opened for those
/// drawn who had none.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PoolDrawOutcome {
    pub draw: PoolDrawView,
    pub opened: Vec<OpenedAccount>,
}

/// A round's draw in a list.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PoolDrawSummary {
    pub id: PoolDrawId,
    pub team_name: String,
    /// Name and post.
    pub drawn_by: String,
    /// China time.
    pub drawn_at: String,
    pub picks: usize,
    pub exclusions: usize,
}

fn slot_label(e: Option<pool::Expertise>) -> String {
    e.map_or("不限".to_string(), |e| e.label().to_string())
}

/// The pool as a draw for `team` sees it: each active cadre in the actor's reach with their
/// services and why excluded (on a team of the round already; an account disabled; 回避 with
/// one of the team's targets), and the cadres themselves.
struct Population {
    candidates: Vec<Candidate>,
    cadres: HashMap<CadreId, Cadre>,
}

async fn population(
    conn: &mut Conn<'_>,
    actor: &Actor,
    team: &Team,
    years: u32,
    today: time::Date,
) -> AppResult<Population> {
    let tree = OrgTree::new(&conn.list_orgs().await?);
    let filter = InspectionFilter { team_ids: Some(vec![team.id]), ..Default::default() };
    let targets: Vec<Target> =
        conn.list_inspections(&filter).await?.into_iter().map(|i| tree.target(i.target_org_id)).collect();
    if targets.is_empty() {
        return Err(AppError::State(format!("请先为{}分配巡察对象,再按回避规则从人才库抽取成员", team.name)));
    }
    let reach = reach_of(conn, actor).await?;
    let ties = conn.list_cadre_ties(None).await?;
    let services = conn.cadre_services().await?;
    let all_users = conn.list_users().await?;
    let all_cadres = conn.list_cadres().await?;
    let mut on_round_team: HashMap<UserId, String> = HashMap::new();
    for t in conn.list_teams(team.round_id).await? {
        for m in conn.list_members(t.id).await? {
            on_round_team.insert(m.user_id, t.name.clone());
        }
    }
    let mut candidates = Vec::new();
    let mut cadres = HashMap::new();
    for c in all_cadres {
        if !c.active || reach.as_ref().is_some_and(|r| !r.contains(&c.org_id)) {
            continue;
        }
        // The account the cadre would serve under: theirs (a draw opens one for a cadre
        // without; it never takes up an account by its name).
        let account = c.user_id.and_then(|u| all_users.iter().find(|x| x.id == u));
        let declared = match account {
            Some(u) => conn.declared_conflicts(u.id).await?,
            None => Vec::new(),
        };
        let excluded = match (account.and_then(|u| on_round_team.get(&u.id)), account) {
            (Some(t), _) => Some(format!("本轮已在{t}")),
            (None, Some(u)) if !u.active || u.role != Role::Team => Some("系统账号已停用或不是巡察组账号".to_string()),
            // Drawn, the account joins the team and reads its tips: a namesake's must not.
            (None, Some(_)) if c.account_link.unverified() => Some(c.account_link.unverified_reason().to_string()),
            _ => pool::recusal_from(&ties_of(&tree, &c, &ties, &declared), &targets, today, years),
        };
        candidates.push(Candidate {
            cadre_id: c.id,
            name: c.name.clone(),
            expertise: crate::pool::codes_to_expertise(&c.expertise),
            served: services.iter().filter(|s| s.cadre_id == c.id).count() as u32,
            excluded,
        });
        cadres.insert(c.id, c);
    }
    Ok(Population { candidates, cadres })
}

/// Password hashes for the accounts a draw may open, made before the write lock is taken: each
/// of a random secret that is dropped at once, so the account cannot be signed into until the
/// operator gives it a password.
type Passwords = Vec<String>;

async fn passwords(n: usize) -> AppResult<Passwords> {
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(hash_off_runtime(&format!("{}{}", initial_password(), initial_password())).await?);
    }
    Ok(out)
}

impl App {
    /// The draw's population, read outside the write to count the accounts it will open.
    async fn accounts_needed(
        &self,
        actor: &Actor,
        team_id: TeamId,
        seed: u64,
        input: &PoolDrawInput,
        years: u32,
    ) -> AppResult<usize> {
        let mut h = self.store.read().await?;
        let team = h.conn().get_team(team_id).await?.ok_or(AppError::NotFound)?;
        visible_round(&mut h.conn(), actor, team.round_id).await?;
        let pop = population(&mut h.conn(), actor, &team, years, self.today()).await?;
        let picks = pool::draw_members(seed, &pop.candidates, &input.slots)?;
        Ok(picks.iter().filter(|p| pop.cadres.get(&p.cadre_id).is_some_and(|c| c.user_id.is_none())).count())
    }

    /// Draws members for a team from the pool and puts them on it.
    pub async fn draw_team(&self, actor: &Actor, team_id: TeamId, input: &PoolDrawInput) -> AppResult<PoolDrawOutcome> {
        require(actor, Capability::PlanRounds)?;
        require(actor, Capability::ManagePool)?;
        // Another county's team is answered as a missing one, before the form is judged.
        {
            let mut h = self.store.read().await?;
            let team = h.conn().get_team(team_id).await?.ok_or(AppError::NotFound)?;
            visible_round(&mut h.conn(), actor, team.round_id).await?;
        }
        pool::check_slots(&input.slots)?;
        Validator::new()
            .max_chars("note", "抽取说明", input.note.trim(), 500)
            .plain("note", "抽取说明", &input.note)
            .finish()?;
        let years = self.pool_years(actor).await?;
        // A positive 63-bit seed: it reads back the same from either database's integer column.
        let seed = rand::rngs::OsRng.next_u64() >> 1;
        let mut keys = passwords(self.accounts_needed(actor, team_id, seed, input, years).await?).await?;
        let mut tx = self.write_as(By::User(actor), Capability::PlanRounds).await?;
        let team = tx.conn().get_team(team_id).await?.ok_or(AppError::NotFound)?;
        visible_round(&mut tx.conn(), actor, team.round_id).await?;
        let pop = population(&mut tx.conn(), actor, &team, years, self.today()).await?;
        let picks = pool::draw_members(seed, &pop.candidates, &input.slots)?;
        let mut opened = Vec::new();
        let mut names = Vec::new();
        for p in &picks {
            let cadre = &pop.cadres[&p.cadre_id];
            let user = self.account_of(&mut tx, cadre, &mut keys, &mut opened).await?;
            tx.conn().add_member(team.id, user, TeamPosition::Member).await?;
            names.push(cadre.name.clone());
        }
        let excluded = pop.candidates.iter().filter(|c| c.excluded.is_some()).count();
        let population = json(&pop.candidates);
        let id = tx
            .conn()
            .insert_pool_draw(&NewPoolDraw {
                team_id: team.id,
                seed: seed as i64,
                slots: &json(&input.slots),
                years: i64::from(years),
                population: &population,
                picks: &json(&picks),
                note: input.note.trim(),
                drawn_by: actor.user_id,
            })
            .await?;
        let summary = format!(
            "从巡察人才库抽取{}为{}成员(人才库{}人,回避或不能抽取{}人)",
            names.join("、"),
            team.name,
            pop.candidates.len(),
            excluded
        );
        let after = serde_json::json!({
            "draw_id": id,
            "seed": seed as i64,
            "slots": input.slots,
            "picks": picks,
            "population_sha256": hex::encode(Sha256::digest(population.as_bytes())),
        })
        .to_string();
        tx.record(Action::PoolDraw, team.id, &summary, "{}", &after).await?;
        tx.commit().await?;
        Ok(PoolDrawOutcome { draw: self.pool_draw(actor, id).await?, opened })
    }

    /// The team account of a drawn cadre: theirs (confirmed: the population excludes a link
    /// nobody checked), or one opened now with one of the passwords made before the write (none
    /// left: the pool changed meanwhile). Never an account found by the cadre's name.
    async fn account_of(
        &self,
        tx: &mut crate::guarded::Write<'_>,
        cadre: &Cadre,
        keys: &mut Passwords,
        opened: &mut Vec<OpenedAccount>,
    ) -> AppResult<UserId> {
        if let Some(u) = cadre.user_id {
            return Ok(u);
        }
        let users = tx.conn().list_users().await?;
        let hash = keys.pop().ok_or(AppError::Conflict)?;
        let taken: std::collections::HashSet<&str> = users.iter().map(|u| u.username.as_str()).collect();
        let base = format!("pool{}", cadre.id);
        let username = (1..)
            .map(|n| if n == 1 { base.clone() } else { format!("{base}.{n}") })
            .find(|u| !taken.contains(u.as_str()))
            .unwrap_or(base);
        let id = tx
            .conn()
            .insert_user(&NewUser {
                username: &username,
                display_name: &cadre.name,
                password_hash: &hash,
                role: Role::Team,
                org_id: Some(cadre.org_id),
                body: None,
                post: &cadre.post,
                must_change_password: true,
            })
            .await?;
        tx.conn().link_cadre_user(cadre.id, id, AccountLink::Opened).await?;
        let user = tx.conn().get_user(id).await?.ok_or(AppError::NotFound)?;
        let summary = format!(
            "开通账号 {username}({} {},人才库抽取入组),暂无密码,由运维人员设置后密封交付",
            cadre.org_name, cadre.name
        );
        tx.record(Action::UserOnboard, id, &summary, "{}", &json(&user)).await?;
        opened.push(OpenedAccount {
            user_id: id,
            username,
            display_name: cadre.name.clone(),
            unit: cadre.org_name.clone(),
        });
        Ok(id)
    }

    /// Swaps a drawn member for another cadre with no conflict, for a stated reason.
    pub async fn swap_pool_member(
        &self,
        actor: &Actor,
        draw_id: PoolDrawId,
        input: &PoolSwapInput,
    ) -> AppResult<PoolDrawOutcome> {
        require(actor, Capability::PlanRounds)?;
        require(actor, Capability::ManagePool)?;
        {
            let mut h = self.store.read().await?;
            let draw = h.conn().get_pool_draw(draw_id).await?.ok_or(AppError::NotFound)?;
            visible_round(&mut h.conn(), actor, draw.round_id).await?;
        }
        let reason = input.reason.trim();
        Validator::new()
            .required("reason", "调换理由", reason)
            .max_chars("reason", "调换理由", reason, 500)
            .plain("reason", "调换理由", reason)
            .finish()?;
        let years = self.pool_years(actor).await?;
        let mut keys = passwords(1).await?;
        let mut tx = self.write_as(By::User(actor), Capability::PlanRounds).await?;
        let draw = tx.conn().get_pool_draw(draw_id).await?.ok_or(AppError::NotFound)?;
        let team = tx.conn().get_team(draw.team_id).await?.ok_or(AppError::NotFound)?;
        visible_round(&mut tx.conn(), actor, team.round_id).await?;
        let drawn: Vec<Pick> =
            serde_json::from_str(&draw.picks).map_err(|_| AppError::internal("a draw's picks do not read"))?;
        let swaps = tx.conn().draw_swaps(draw_id).await?;
        let not_drawn = || AppError::invalid("out_cadre_id", "该人员不是本次抽取入组的成员");
        // The slot the member filled: their pick's, or that of whom they replaced.
        let slot = slot_of(input.out_cadre_id, &drawn, &swaps).ok_or_else(not_drawn)?;
        let out = tx.conn().get_cadre(input.out_cadre_id).await?.ok_or_else(not_drawn)?;
        let members = tx.conn().list_members(team.id).await?;
        let out_member = members.iter().find(|m| Some(m.user_id) == out.user_id).ok_or_else(not_drawn)?.clone();
        let pop = population(&mut tx.conn(), actor, &team, years, self.today()).await?;
        let candidate = pop
            .candidates
            .iter()
            .find(|c| c.cadre_id == input.in_cadre_id)
            .ok_or_else(|| AppError::invalid("in_cadre_id", "人才库中没有该人员,或其不在可抽范围"))?;
        let on_team: Vec<CadreId> = pop
            .cadres
            .values()
            .filter(|c| c.user_id.is_some_and(|u| members.iter().any(|m| m.user_id == u)))
            .map(|c| c.id)
            .collect();
        pool::check_replacement(candidate, &on_team)?;
        if let Some(e) = slot
            && !candidate.expertise.contains(&e)
        {
            return Err(AppError::invalid(
                "in_cadre_id",
                format!("{}没有“{}”专长,不能替换按该专长抽取的{}", candidate.name, e.label(), out.name),
            ));
        }
        let incoming = pop.cadres[&input.in_cadre_id].clone();
        tx.conn().remove_member(team.id, out_member.user_id).await?;
        let mut opened = Vec::new();
        let user = self.account_of(&mut tx, &incoming, &mut keys, &mut opened).await?;
        tx.conn().add_member(team.id, user, out_member.position).await?;
        tx.conn().insert_pool_swap(draw_id, out.id, incoming.id, reason, actor.user_id).await?;
        let summary = format!("{}成员{}调换为{}:{reason}", team.name, out.name, incoming.name);
        let after = format!("{{\"draw_id\":{draw_id},\"out_cadre_id\":{},\"in_cadre_id\":{}}}", out.id, incoming.id);
        tx.record(Action::PoolSwap, team.id, &summary, "{}", &after).await?;
        tx.commit().await?;
        Ok(PoolDrawOutcome { draw: self.pool_draw(actor, draw_id).await?, opened })
    }

    /// A draw as recorded, with its swaps, and whether it draws again to the same picks. A
    /// record that does not read (rewritten behind the system) shows what reads and does not
    /// replay.
    pub async fn pool_draw(&self, actor: &Actor, draw_id: PoolDrawId) -> AppResult<PoolDrawView> {
        require_visible(actor, Capability::ManagePool)?;
        let mut h = self.store.read().await?;
        let d = h.conn().get_pool_draw(draw_id).await?.ok_or(AppError::NotFound)?;
        let round = visible_round(&mut h.conn(), actor, d.round_id).await?;
        let swaps = h.conn().draw_swaps(draw_id).await?;
        let members: Vec<UserId> = h.conn().list_members(d.team_id).await?.iter().map(|m| m.user_id).collect();
        let cadres: HashMap<CadreId, Cadre> = h.conn().list_cadres().await?.into_iter().map(|c| (c.id, c)).collect();
        let mut ids: Vec<UserId> = swaps.iter().map(|s| s.swapped_by).collect();
        ids.push(d.drawn_by);
        let who = people(&mut h.conn(), ids).await?;
        let population: Option<Vec<Candidate>> = serde_json::from_str(&d.population).ok();
        let slots: Option<Vec<Slot>> = serde_json::from_str(&d.slots).ok();
        let picks: Option<Vec<Pick>> = serde_json::from_str(&d.picks).ok();
        let readable = population.is_some() && slots.is_some() && picks.is_some();
        let (population, slots, picks) =
            (population.unwrap_or_default(), slots.unwrap_or_default(), picks.unwrap_or_default());
        let replays = readable
            && pool::draw_members(d.seed as u64, &population, &slots).is_ok_and(|again| again == picks)
            && agrees_with_trail(&mut h.conn(), &d, &picks).await?;
        let users: HashMap<UserId, String> =
            h.conn().list_users().await?.into_iter().map(|u| (u.id, u.username)).collect();
        let on_team = |id: &CadreId| cadres.get(id).and_then(|c| c.user_id).is_some_and(|u| members.contains(&u));
        let account_of = |id: &CadreId| {
            cadres.get(id).and_then(|c| c.user_id).and_then(|u| users.get(&u)).cloned().unwrap_or_default()
        };
        let mut put_on: Vec<CadreId> = Vec::new();
        for id in picks.iter().map(|p| p.cadre_id).chain(swaps.iter().map(|s| s.in_cadre_id)) {
            if !put_on.contains(&id) {
                put_on.push(id);
            }
        }
        let name_of = |id: &CadreId| cadres.get(id).map_or_else(|| format!("人员#{id}"), |c| c.name.clone());
        Ok(PoolDrawView {
            id: d.id,
            team_id: d.team_id,
            team_name: d.team_name.clone(),
            round_id: d.round_id,
            round_name: round.name,
            seed: d.seed.to_string(),
            slots: slots.iter().map(|s| format!("{}×{}", slot_label(s.expertise), s.count)).collect(),
            years: d.years,
            note: d.note.clone(),
            drawn_by: who.of(&d.drawn_by).to_string(),
            drawn_at: china_time_text(d.drawn_at),
            population: population.len(),
            picks: picks
                .iter()
                .map(|p| {
                    let c = cadres.get(&p.cadre_id);
                    PickView {
                        cadre_id: p.cadre_id,
                        name: name_of(&p.cadre_id),
                        org_name: c.map(|c| c.org_name.clone()).unwrap_or_default(),
                        post: c.map(|c| c.post.clone()).unwrap_or_default(),
                        expertise: c
                            .map(|c| pool::expertise_text(&crate::pool::codes_to_expertise(&c.expertise)))
                            .unwrap_or_default(),
                        slot: slot_label(p.expertise),
                        on_team: on_team(&p.cadre_id),
                        account: account_of(&p.cadre_id),
                        swapped: swaps.iter().any(|s| s.out_cadre_id == p.cadre_id),
                        unverified_account: c.is_some_and(|c| c.user_id.is_some() && c.account_link.unverified()),
                    }
                })
                .collect(),
            exclusions: population
                .iter()
                .filter_map(|c| {
                    c.excluded.as_ref().map(|r| ExclusionView {
                        cadre_id: c.cadre_id,
                        name: c.name.clone(),
                        reason: r.clone(),
                    })
                })
                .collect(),
            swaps: swaps
                .iter()
                .map(|s| SwapView {
                    out_name: name_of(&s.out_cadre_id),
                    in_name: name_of(&s.in_cadre_id),
                    reason: s.reason.clone(),
                    by: who.of(&s.swapped_by).to_string(),
                    at: china_time_text(s.swapped_at),
                })
                .collect(),
            replays,
            current: put_on
                .iter()
                .filter(|id| on_team(id))
                .map(|id| MemberRef { cadre_id: *id, name: name_of(id), account: account_of(id) })
                .collect(),
        })
    }

    /// A round's draws, newest first (the office's).
    pub async fn round_pool_draws(&self, actor: &Actor, round_id: RoundId) -> AppResult<Vec<PoolDrawSummary>> {
        require_visible(actor, Capability::ManagePool)?;
        let mut h = self.store.read().await?;
        visible_round(&mut h.conn(), actor, round_id).await?;
        let draws: Vec<PoolDraw> = h.conn().round_pool_draws(round_id).await?;
        let who = people(&mut h.conn(), draws.iter().map(|d| d.drawn_by).collect()).await?;
        Ok(draws
            .into_iter()
            .map(|d| {
                let population: Vec<Candidate> = serde_json::from_str(&d.population).unwrap_or_default();
                let picks: Vec<Pick> = serde_json::from_str(&d.picks).unwrap_or_default();
                PoolDrawSummary {
                    id: d.id,
                    team_name: d.team_name,
                    drawn_by: who.of(&d.drawn_by).to_string(),
                    drawn_at: china_time_text(d.drawn_at),
                    picks: picks.len(),
                    exclusions: population.iter().filter(|c| c.excluded.is_some()).count(),
                }
            })
            .collect())
    }
}

/// The slot a member of the draw fills: their pick's expertise, or (swapped in) that of the
/// member they replaced; `None` when they are neither. Bounded by the swaps' number.
fn slot_of(cadre: CadreId, picks: &[Pick], swaps: &[xuncha_store::PoolSwap]) -> Option<Option<pool::Expertise>> {
    let mut at = cadre;
    for _ in 0..=swaps.len() {
        if let Some(p) = picks.iter().find(|p| p.cadre_id == at) {
            return Some(p.expertise);
        }
        at = swaps.iter().rev().find(|s| s.in_cadre_id == at)?.out_cadre_id;
    }
    None
}

/// Whether the draw as stored is the draw the audit trail recorded: its seed, picks and the
/// SHA-256 of its population (a database rewritten behind the application replays to its own
/// rewritten picks, but not to the trail's digest).
async fn agrees_with_trail(conn: &mut Conn<'_>, d: &PoolDraw, picks: &[Pick]) -> AppResult<bool> {
    let events = conn.entity_events("team", d.team_id.get()).await?;
    let digest = hex::encode(Sha256::digest(d.population.as_bytes()));
    Ok(events.iter().filter(|e| e.action == Action::PoolDraw.code()).any(|e| {
        let after: serde_json::Value = serde_json::from_str(&e.after).unwrap_or_default();
        let recorded: Vec<Pick> = serde_json::from_value(after["picks"].clone()).unwrap_or_default();
        after["draw_id"].as_i64() == Some(d.id.get())
            && after["seed"].as_i64() == Some(d.seed)
            && after["population_sha256"].as_str() == Some(digest.as_str())
            && recorded == picks
    }))
}

/// The organisations the pool's record of the account's holder recuses them from
/// (`Recusal::recorded`): read with every request of a team user, so that a former post or a
/// relative the office records after the member joined cuts them off — their team's inspection
/// and a recheck of the organisation alike — as a declared tie does. One statement for an
/// account no cadre holds; for a cadre, four or five and about four per tie in force (the
/// walk up the tree), whatever the teams.
pub(crate) async fn pool_recused_orgs(
    conn: &mut Conn<'_>,
    user_id: UserId,
    today: time::Date,
) -> AppResult<Vec<OrgId>> {
    let Some(cadre) = conn.cadre_of_user(user_id).await? else { return Ok(Vec::new()) };
    let county = conn.committee_of(cadre.org_id).await?;
    let years = crate::pool::years_setting(conn, county).await?;
    let home = (cadre.org_id, pool::TieKind::Home);
    let kept = conn.list_cadre_ties(Some(cadre.id)).await?;
    let mut places = Vec::new();
    for (org_id, kind) in std::iter::once(home).chain(kept.iter().map(|t| (t.org_id, crate::pool::tie_kind(t)))) {
        if !pool::in_force(&kind, today, years) {
            continue;
        }
        let supervised = supervised_by(conn, org_id).await?;
        let tie = pool::Tie { org_id, org_name: String::new(), above: conn.org_ancestors(org_id).await?, kind };
        places.push((tie, supervised));
    }
    Ok(pool::recused_orgs(&places, today, years))
}

/// The units an organisation directly supervises, as the rule of 回避 reads them: its children,
/// none for a committee (which stands above every target: `Target::supervisor`).
pub(crate) async fn supervised_by(conn: &mut Conn<'_>, org_id: OrgId) -> AppResult<Vec<OrgId>> {
    Ok(match conn.get_org(org_id).await? {
        Some(o) if !matches!(o.kind, OrgKind::CountyCommittee | OrgKind::CityCommittee) => {
            conn.org_children(org_id).await?
        }
        _ => Vec::new(),
    })
}

/// Why a team account may not inspect `target` by the pool's record of its holder (former
/// posts, relatives), if it may not: the same rule as the draw's, for members put on a team
/// by hand and targets assigned after a draw.
pub(crate) async fn pool_recusal(
    conn: &mut Conn<'_>,
    user_id: UserId,
    target: OrgId,
    today: time::Date,
) -> AppResult<Option<String>> {
    Ok(pool_recusals(conn, user_id, &[target], today).await?.pop().flatten())
}

/// The same for several targets, reading the organisations once (the office's round page
/// names each tie a member's record recuses them by).
pub(crate) async fn pool_recusals(
    conn: &mut Conn<'_>,
    user_id: UserId,
    targets: &[OrgId],
    today: time::Date,
) -> AppResult<Vec<Option<String>>> {
    let Some(cadre) = conn.cadre_of_user(user_id).await? else { return Ok(vec![None; targets.len()]) };
    let tree = OrgTree::new(&conn.list_orgs().await?);
    let kept = conn.list_cadre_ties(Some(cadre.id)).await?;
    let ties = ties_of(&tree, &cadre, &kept, &[]);
    let mut out = Vec::with_capacity(targets.len());
    for target in targets {
        let county = conn.committee_of(*target).await?;
        let years = crate::pool::years_setting(conn, county).await?;
        out.push(pool::recusal(&ties, &tree.target(*target), today, years));
    }
    Ok(out)
}
