//! Rounds, teams and inspections: planning (with the conflict-of-interest check), the
//! announcement with its tip channels, feedback and the look-back view.

use schemars::JsonSchema;
use serde::Serialize;
use xuncha_domain::access::{Actor, Capability, Jurisdiction, Reach, Recusal, allowed};
use xuncha_domain::action::Action;
use xuncha_domain::error::Validator;
use xuncha_domain::id::*;
use xuncha_domain::inspection::{self, Body, RECORDED_IN_POOL, conflict_of_interest};
use xuncha_domain::role::Role;
use xuncha_store::{Announcement, Conn, Feedback, Inspection, InspectionFilter, NewInspection, Round};

use crate::error::on_duplicate;
use crate::inputs::{
    self, AnnouncementInput, FeedbackInput, MemberInput, MemberRemovalInput, NewInspectionInput, NewRoundInput,
    NewTeamInput,
};
use crate::views::{self, InspectionRecord, MeasureRecord, RoundRecord, TeamMemberRecord, TeamRecord, UserRecord};
use crate::{App, AppError, AppResult, By, check_version, json, require, require_visible, visible_inspection};

/// A team with its members.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TeamView {
    #[serde(flatten)]
    pub team: TeamRecord,
    pub members: Vec<TeamMemberRecord>,
    /// Members the rule of 回避 now keeps from one of the team's targets (they declared a
    /// conflict, or their account was moved, after they were put on it): they no longer reach
    /// that inspection, and the office should replace them there. Shown to the office only (a
    /// declared tie is personal).
    pub recusals: Vec<MemberRecusal>,
}

impl TeamView {
    /// Whether the team has a leader: without one no work paper can be signed off (a leader
    /// taken off leaves the team waiting for another).
    pub fn has_leader(&self) -> bool {
        self.members.iter().any(|m| m.position == xuncha_domain::role::TeamPosition::Leader)
    }
}

/// A member kept from one of their team's inspections by the rule of 回避.
#[derive(Debug, Serialize, JsonSchema)]
pub struct MemberRecusal {
    pub user_id: UserId,
    pub display_name: String,
    pub target_name: String,
    pub reason: String,
}

/// An earlier problem of the organisation, shown at a look-back with its measures' state: the
/// finding only, never its work paper (whatever the reader, an old tip stays behind it).
#[derive(Debug, Serialize, JsonSchema)]
pub struct EarlierProblem {
    #[serde(flatten)]
    pub problem: crate::problems::ProblemFacts,
    pub measures_total: usize,
    pub measures_closed: usize,
}

/// One earlier problem of the organisation, as a later inspection reads it (回头看): what was
/// found and, measure by measure, what was promised and how far it got. Read through the later
/// inspection, so its team reaches it without reaching the earlier inspection's work papers.
#[derive(Debug, Serialize, JsonSchema)]
pub struct EarlierProblemView {
    pub problem: crate::problems::ProblemFacts,
    pub measures: Vec<MeasureRecord>,
}

/// Whether a round lies in the actor's reach: one planned in its jurisdiction, or one planned
/// under no committee (a single-county deployment's, or a round from before rounds had one).
pub(crate) fn round_in_reach(actor: &Actor, round: &Round) -> bool {
    round.committee_id.is_none() || actor.covers(round.committee_id)
}

/// A round the actor may reach; any other is "not found", like a missing one.
pub(crate) async fn visible_round(conn: &mut Conn<'_>, actor: &Actor, id: RoundId) -> AppResult<Round> {
    let round = conn.get_round(id).await?.ok_or(AppError::NotFound)?;
    if round_in_reach(actor, &round) { Ok(round) } else { Err(AppError::NotFound) }
}

/// The organisations of the actor's jurisdiction (the subtree of its committee), or `None` for
/// an actor without one. Computed from the organisation list the caller already holds.
pub(crate) fn orgs_in_reach(
    actor: &Actor,
    orgs: &[xuncha_store::Organisation],
) -> Option<std::collections::HashSet<OrgId>> {
    let root = match actor.jurisdiction.as_ref()? {
        Jurisdiction::County { committee } | Jurisdiction::Above { committee, .. } => *committee,
    };
    let mut children: std::collections::HashMap<OrgId, Vec<OrgId>> = std::collections::HashMap::new();
    for o in orgs {
        if let Some(p) = o.parent_id {
            children.entry(p).or_default().push(o.id);
        }
    }
    let mut reach = std::collections::HashSet::from([root]);
    let mut todo = vec![root];
    while let Some(id) = todo.pop() {
        for c in children.get(&id).into_iter().flatten() {
            if reach.insert(*c) {
                todo.push(*c);
            }
        }
    }
    Some(reach)
}

/// The organisations of the actor's jurisdiction, read from the database only when the actor has
/// one (an account under no committee reaches every organisation: nothing to read).
pub(crate) async fn reach_of(
    conn: &mut Conn<'_>,
    actor: &Actor,
) -> AppResult<Option<std::collections::HashSet<OrgId>>> {
    if actor.jurisdiction.is_none() {
        return Ok(None);
    }
    Ok(orgs_in_reach(actor, &conn.list_orgs().await?))
}

/// What recuses a user from inspecting an organisation by the rule of 回避: the units above
/// their own and the organisations they declared a conflict with (read for every request of a
/// team user, for an assignment, and for the office's list of recused members).
pub(crate) async fn recusal_of(
    conn: &mut Conn<'_>,
    user: &xuncha_store::User,
    today: time::Date,
) -> AppResult<Recusal> {
    Ok(Recusal {
        home_ancestors: match user.org_id {
            Some(o) => conn.org_ancestors(o).await?,
            None => Vec::new(),
        },
        home_supervised: match user.org_id {
            Some(o) => crate::pool_draws::supervised_by(conn, o).await?,
            None => Vec::new(),
        },
        declared: conn.declared_conflicts(user.id).await?,
        recorded: crate::pool_draws::pool_recused_orgs(conn, user.id, today).await?,
    })
}

/// Why a user may not inspect an organisation, if they may not.
pub(crate) async fn member_conflict(
    conn: &mut Conn<'_>,
    user_id: UserId,
    target: OrgId,
    today: time::Date,
) -> AppResult<Option<String>> {
    let user = conn.get_user(user_id).await?.ok_or_else(|| AppError::invalid("user_id", "用户不存在"))?;
    let recusal = recusal_of(conn, &user, today).await?;
    match conflict_of_interest(&recusal.ties(user.org_id), target) {
        // The pool's reason names the tie ("亲属(配偶)在…任职").
        Some(why) if why == RECORDED_IN_POOL => {
            Ok(crate::pool_draws::pool_recusal(conn, user_id, target, today).await?.or(Some(why.to_string())))
        }
        Some(why) => Ok(Some(why.to_string())),
        // The pool's record of the holder: former posts, relatives, the unit above the target.
        None => crate::pool_draws::pool_recusal(conn, user_id, target, today).await,
    }
}

/// The round a page opens on when none is asked for: the latest round with an inspection in
/// rectification (fed back) among those the reader sees, else the latest. A round still in
/// the field has nothing to show on a ledger or a rectification dashboard yet.
pub(crate) fn opening_round(rounds: &[Round], seen: &[Inspection]) -> Option<Round> {
    let rectifying = |r: &&Round| seen.iter().any(|i| i.round_id == r.id && i.feedback_date.is_some());
    rounds.iter().find(rectifying).or(rounds.first()).cloned()
}

impl App {
    pub async fn create_round(&self, actor: &Actor, input: &NewRoundInput) -> AppResult<RoundRecord> {
        require(actor, Capability::PlanRounds)?;
        let start = inputs::date("start_date", "开始日期", &input.start_date)?;
        let end = inputs::date("end_date", "结束日期", &input.end_date)?;
        inspection::validate_round(&input.name, start, end)?;
        let mut tx = self.write_as(By::User(actor), Capability::PlanRounds).await?;
        let id = tx
            .conn()
            .insert_round(input.name.trim(), start, end, actor.jurisdiction.as_ref().and_then(Jurisdiction::county))
            .await
            .map_err(on_duplicate("name", "已有同名巡察轮次"))?;
        let round = tx.conn().get_round(id).await?.ok_or(AppError::NotFound)?;
        tx.record(Action::RoundCreate, id, &format!("新建巡察轮次 {}", round.name), "{}", &json(&round)).await?;
        tx.commit().await?;
        Ok(round.into())
    }

    pub async fn list_rounds(&self, actor: &Actor) -> AppResult<Vec<RoundRecord>> {
        Ok(views::all(self.rounds_in_reach(actor).await?))
    }

    /// The same, as rows (for use cases that go on to read inside them).
    pub(crate) async fn rounds_in_reach(&self, actor: &Actor) -> AppResult<Vec<Round>> {
        require_visible(actor, Capability::ReadRounds)?;
        Ok(self.lookups().await?.rounds.iter().filter(|r| round_in_reach(actor, r)).cloned().collect())
    }

    pub async fn create_team(&self, actor: &Actor, round_id: RoundId, input: &NewTeamInput) -> AppResult<TeamRecord> {
        require(actor, Capability::PlanRounds)?;
        xuncha_domain::error::Validator::new().required("name", "巡察组名称", &input.name).finish()?;
        let mut tx = self.write_as(By::User(actor), Capability::PlanRounds).await?;
        visible_round(&mut tx.conn(), actor, round_id).await?;
        let id = tx
            .conn()
            .insert_team(round_id, input.name.trim())
            .await
            .map_err(on_duplicate("name", "本轮已有同名巡察组"))?;
        let team = tx.conn().get_team(id).await?.ok_or(AppError::NotFound)?;
        tx.record(Action::TeamCreate, id, &format!("组建{}", team.name), "{}", &json(&team)).await?;
        tx.commit().await?;
        Ok(team.into())
    }

    /// The team accounts the office may put on a team (names only; the office plans rounds
    /// without the admin's account list).
    pub async fn planning_users(&self, actor: &Actor) -> AppResult<Vec<UserRecord>> {
        require(actor, Capability::PlanRounds)?;
        let mut h = self.store.read().await?;
        let users = h.conn().list_users().await?;
        let reach = reach_of(&mut h.conn(), actor).await?;
        let in_reach = |u: &xuncha_store::User| reach.as_ref().is_none_or(|r| u.org_id.is_some_and(|o| r.contains(&o)));
        Ok(views::all(users.into_iter().filter(|u| u.role == Role::Team && u.active && in_reach(u)).collect()))
    }

    pub async fn list_teams(&self, actor: &Actor, round_id: RoundId) -> AppResult<Vec<TeamView>> {
        require_visible(actor, Capability::ReadRounds)?;
        let mut h = self.store.read().await?;
        visible_round(&mut h.conn(), actor, round_id).await?;
        let office = allowed(actor, Capability::PlanRounds);
        let mut out = Vec::new();
        for team in h.conn().list_teams(round_id).await? {
            let members = h.conn().list_members(team.id).await?;
            let mut recusals = Vec::new();
            if office {
                let filter = InspectionFilter { team_ids: Some(vec![team.id]), ..Default::default() };
                let inspections = h.conn().list_inspections(&filter).await?;
                for m in &members {
                    // The same rule, on the same ties, as each of the member's requests asks.
                    let Some(user) = h.conn().get_user(m.user_id).await? else { continue };
                    let recusal = recusal_of(&mut h.conn(), &user, self.today()).await?;
                    let ties = recusal.ties(user.org_id);
                    let found: Vec<(&Inspection, &str)> = inspections
                        .iter()
                        .filter_map(|i| conflict_of_interest(&ties, i.target_org_id).map(|why| (i, why)))
                        .collect();
                    // The pool's reasons name the tie; read, all at once, only for ties it recorded.
                    let recorded: Vec<OrgId> = found
                        .iter()
                        .filter(|(_, why)| *why == RECORDED_IN_POOL)
                        .map(|(i, _)| i.target_org_id)
                        .collect();
                    let named = match recorded.is_empty() {
                        true => Vec::new(),
                        false => {
                            crate::pool_draws::pool_recusals(&mut h.conn(), user.id, &recorded, self.today()).await?
                        }
                    };
                    for (i, why) in found {
                        let pool_reason =
                            recorded.iter().position(|t| *t == i.target_org_id).and_then(|k| named[k].clone());
                        let reason = pool_reason.unwrap_or_else(|| why.to_string());
                        recusals.push(MemberRecusal {
                            user_id: m.user_id,
                            display_name: m.display_name.clone(),
                            target_name: i.target_name.clone(),
                            reason,
                        });
                    }
                }
            }
            out.push(TeamView { team: team.into(), members: views::all(members), recusals });
        }
        Ok(out)
    }

    /// Adds a member, refusing anyone with a conflict of interest with the team's targets.
    pub async fn add_member(&self, actor: &Actor, team_id: TeamId, input: &MemberInput) -> AppResult<()> {
        require(actor, Capability::PlanRounds)?;
        let position = input.position;
        let mut tx = self.write_as(By::User(actor), Capability::PlanRounds).await?;
        let team = tx.conn().get_team(team_id).await?.ok_or(AppError::NotFound)?;
        visible_round(&mut tx.conn(), actor, team.round_id).await?;
        let missing = || AppError::invalid("user_id", "用户不存在");
        let user = tx.conn().get_user(input.user_id).await?.ok_or_else(missing)?;
        let reach = reach_of(&mut tx.conn(), actor).await?;
        if reach.is_some_and(|r| !user.org_id.is_some_and(|o| r.contains(&o))) {
            // Named as missing, before its role is told: the office does not learn of another
            // county's accounts.
            return Err(missing());
        }
        if user.role != Role::Team {
            return Err(AppError::invalid("user_id", "只有巡察组账号才能加入巡察组"));
        }
        let filter = InspectionFilter { team_ids: Some(vec![team_id]), ..Default::default() };
        for insp in tx.conn().list_inspections(&filter).await? {
            if let Some(why) = member_conflict(&mut tx.conn(), user.id, insp.target_org_id, self.today()).await? {
                return Err(AppError::invalid(
                    "user_id",
                    if why.contains(&insp.target_name) {
                        format!("{}:{why}", user.display_name)
                    } else {
                        format!("{}:{why}({})", user.display_name, insp.target_name)
                    },
                ));
            }
        }
        tx.conn().add_member(team_id, user.id, position).await.map_err(on_duplicate("user_id", "该成员已在本组"))?;
        tx.record(
            Action::TeamAddMember,
            team_id,
            &format!("{}任{}", user.display_name, position.label()),
            "{}",
            &format!("{{\"user_id\":{},\"position\":\"{}\"}}", user.id, position.code()),
        )
        .await?;
        tx.commit().await
    }

    /// Takes a member off a team, with the office's reason: one recused after joining (the
    /// system already keeps them from the inspection), one who left their unit or fell ill.
    /// Their tips, problems and records stay the team's; the act is recorded on the team with
    /// the member's name, position and the reason. A draw that put them there shows them 已调出.
    pub async fn remove_member(&self, actor: &Actor, team_id: TeamId, input: &MemberRemovalInput) -> AppResult<()> {
        require(actor, Capability::PlanRounds)?;
        let mut tx = self.write_as(By::User(actor), Capability::PlanRounds).await?;
        // Another county's team is answered as a missing one, before the form is judged.
        let team = tx.conn().get_team(team_id).await?.ok_or(AppError::NotFound)?;
        visible_round(&mut tx.conn(), actor, team.round_id).await?;
        let reason = input.reason.trim();
        let mut v = Validator::new();
        v.required("reason", "调出理由", reason).max_chars("reason", "调出理由", reason, 500).plain(
            "reason",
            "调出理由",
            reason,
        );
        v.finish()?;
        let not_member = || AppError::invalid("user_id", "该人员不是本组成员");
        let members = tx.conn().list_members(team_id).await?;
        let member = members.into_iter().find(|m| m.user_id == input.user_id).ok_or_else(not_member)?;
        // As for adding: an account outside the office's reach is not its to move (a round kept
        // from before counties were set has no committee to hold it to).
        let user = tx.conn().get_user(member.user_id).await?.ok_or_else(not_member)?;
        let reach = reach_of(&mut tx.conn(), actor).await?;
        if reach.is_some_and(|r| !user.org_id.is_some_and(|o| r.contains(&o))) {
            return Err(not_member());
        }
        tx.conn().remove_member(team_id, member.user_id).await?;
        tx.record(
            Action::TeamRemoveMember,
            team_id,
            &format!("{}:{}({})调出本组:{reason}", team.name, member.display_name, member.position.label()),
            &format!("{{\"user_id\":{},\"position\":\"{}\"}}", member.user_id, member.position.code()),
            "{}",
        )
        .await?;
        tx.commit().await
    }

    /// Assigns a target to a team in a round, refusing members with a conflict of interest.
    pub async fn create_inspection(
        &self,
        actor: &Actor,
        round_id: RoundId,
        input: &NewInspectionInput,
    ) -> AppResult<InspectionRecord> {
        require(actor, Capability::PlanRounds)?;
        let kind = input.kind;
        let entry = inputs::date("entry_date", "进驻日期", &input.entry_date)?;
        let exit = inputs::date("exit_date", "撤离日期", &input.exit_date)?;
        let mut tx = self.write_as(By::User(actor), Capability::PlanRounds).await?;
        let round = visible_round(&mut tx.conn(), actor, round_id).await?;
        let team = tx.conn().get_team(input.team_id).await?.filter(|t| t.round_id == round_id);
        team.ok_or_else(|| AppError::invalid("team_id", "该巡察组不属于本轮巡察"))?;
        let missing = || AppError::invalid("target_org_id", "被巡察党组织不存在");
        let target = tx.conn().get_org(input.target_org_id).await?.ok_or_else(missing)?;
        // Another county's organisation is answered as a missing one, before anything about it
        // (its name, its kind) is told.
        if let Some(j) = &actor.jurisdiction
            && !j.covers(tx.conn().committee_of(target.id).await?)
        {
            return Err(missing());
        }
        if !target.kind.inspectable() {
            return Err(AppError::invalid("target_org_id", format!("{}不能作为巡察对象", target.name)));
        }
        inspection::validate_inspection_dates((round.start_date, round.end_date), entry, exit, None)?;
        for m in tx.conn().list_members(input.team_id).await? {
            if let Some(why) = member_conflict(&mut tx.conn(), m.user_id, target.id, self.today()).await? {
                return Err(AppError::invalid("target_org_id", format!("{}:{}", m.display_name, why)));
            }
        }
        let id = tx
            .conn()
            .insert_inspection(&NewInspection {
                round_id,
                team_id: input.team_id,
                target_org_id: target.id,
                kind,
                entry_date: entry,
                exit_date: exit,
                announcement: input.announcement.trim(),
            })
            .await
            .map_err(on_duplicate("target_org_id", "该巡察组在本轮已有对该党组织的巡察"))?;
        let insp = tx.conn().get_inspection(id).await?.ok_or(AppError::NotFound)?;
        tx.record(
            Action::InspectionCreate,
            id,
            &format!("{}{}:{}", insp.team_name, kind.label(), insp.target_name),
            "{}",
            &json(&insp),
        )
        .await?;
        tx.commit().await?;
        Ok(insp.into())
    }

    /// The inspections the actor may see, optionally of one round.
    /// The inspections the actor reads, of one round or all, as views.
    pub async fn list_inspections(&self, actor: &Actor, round_id: Option<RoundId>) -> AppResult<Vec<InspectionRecord>> {
        Ok(views::all(self.inspections_in_reach(actor, round_id).await?))
    }

    /// The same, as rows (for use cases that go on to read inside them).
    pub(crate) async fn inspections_in_reach(
        &self,
        actor: &Actor,
        round_id: Option<RoundId>,
    ) -> AppResult<Vec<Inspection>> {
        let mut filter = InspectionFilter { round_id, ..Default::default() };
        let reach = actor.reach();
        match &reach {
            Reach::Every => {}
            Reach::Teams(teams) => filter.team_ids = Some(teams.clone()),
            Reach::Own(org) => {
                filter.target_org_id = Some(org.ok_or(AppError::NotFound)?);
                filter.fed_back_only = true;
            }
            Reach::FedBack => filter.fed_back_only = true,
            Reach::Nothing => return Ok(Vec::new()),
        }
        // The office and leaders read every inspection (search, reminders): a province has
        // 50,000, a second to read, so the whole list is kept until an inspection, team or
        // organisation is written.
        if reach == Reach::Every && round_id.is_none() {
            let every = self
                .all_inspections_cache
                .get(&self.store, || async { Ok(self.store.read().await?.conn().list_inspections(&filter).await?) })
                .await?;
            return Ok(every
                .iter()
                .filter(|i| allowed(actor, Capability::ReadInspection(&i.scope())))
                .cloned()
                .collect());
        }
        filter.committees = actor.jurisdiction.as_ref().map(Jurisdiction::counties);
        let all = self.store.read().await?.conn().list_inspections(&filter).await?;
        // The SQL filter narrows; the one access rule decides.
        Ok(all.into_iter().filter(|i| allowed(actor, Capability::ReadInspection(&i.scope()))).collect())
    }

    /// Every inspection of the actor's jurisdiction (whether or not its role reads each), or
    /// `None` when the actor has no jurisdiction (it works across counties): for lists counted
    /// for all counties at once and filtered after.
    pub(crate) async fn jurisdiction_inspections(
        &self,
        actor: &Actor,
    ) -> AppResult<Option<std::collections::HashSet<InspectionId>>> {
        let Some(j) = &actor.jurisdiction else { return Ok(None) };
        let filter = InspectionFilter { committees: Some(j.counties()), ..Default::default() };
        let list = self.store.read().await?.conn().list_inspections(&filter).await?;
        Ok(Some(list.into_iter().map(|i| i.id).collect()))
    }

    pub async fn get_inspection(&self, actor: &Actor, id: InspectionId) -> AppResult<InspectionRecord> {
        Ok(self.inspection_in_reach(actor, id).await?.into())
    }

    /// The same, as the row (for use cases that go on to read inside it).
    pub(crate) async fn inspection_in_reach(&self, actor: &Actor, id: InspectionId) -> AppResult<Inspection> {
        Ok(visible_inspection(&mut self.store.read().await?.conn(), actor, id).await?.0)
    }

    pub async fn update_announcement(
        &self,
        actor: &Actor,
        id: InspectionId,
        input: &AnnouncementInput,
    ) -> AppResult<InspectionRecord> {
        let mut tx = self.write(By::User(actor)).await?;
        let (before, scope) = visible_inspection(&mut tx.conn(), actor, id).await?;
        tx.require(Capability::EditInspection(&scope))?;
        check_version(input.version, before.version)?;
        let from = inputs::opt_date("tip_window_start", "举报受理开始日期", input.tip_window_start.as_deref())?;
        let to = inputs::opt_date("tip_window_end", "举报受理截止日期", input.tip_window_end.as_deref())?;
        let window = match (from, to) {
            (Some(f), Some(t)) => Some((f, t)),
            (None, None) => None,
            (None, Some(_)) => {
                return Err(AppError::invalid("tip_window_start", "请填写举报受理开始日期"));
            }
            (Some(_), None) => {
                return Err(AppError::invalid("tip_window_end", "请填写举报受理截止日期"));
            }
        };
        let round = tx.conn().get_round(before.round_id).await?.ok_or(AppError::NotFound)?;
        inspection::validate_inspection_dates(
            (round.start_date, round.end_date),
            before.entry_date,
            before.exit_date,
            window,
        )?;
        xuncha_domain::error::Validator::new()
            .max_chars("announcement", "公告内容", &input.announcement, 5000)
            .max_chars("tip_phone", "举报电话", &input.tip_phone, 50)
            .max_chars("tip_email", "举报邮箱", &input.tip_email, 100)
            .finish()?;
        tx.conn()
            .update_announcement(
                id,
                input.version,
                &Announcement {
                    announcement: input.announcement.trim(),
                    tip_phone: input.tip_phone.trim(),
                    tip_email: input.tip_email.trim(),
                    tip_post_box: input.tip_post_box.trim(),
                    tip_address: input.tip_address.trim(),
                    tip_window: window,
                },
            )
            .await?;
        let after = tx.conn().get_inspection(id).await?.ok_or(AppError::NotFound)?;
        tx.record(Action::InspectionAnnounce, id, "发布巡察公告和举报渠道", &json(&before), &json(&after)).await?;
        tx.commit().await?;
        Ok(after.into())
    }

    /// Gives feedback: the signed problems go to the target, and its plan is opened.
    pub async fn give_feedback(
        &self,
        actor: &Actor,
        id: InspectionId,
        input: &FeedbackInput,
    ) -> AppResult<InspectionRecord> {
        let mut tx = self.write(By::User(actor)).await?;
        let (before, scope) = visible_inspection(&mut tx.conn(), actor, id).await?;
        tx.require(Capability::GiveFeedback(&scope))?;
        check_version(input.version, before.version)?;
        let date = inputs::date("date", "反馈日期", &input.date)?;
        if date < before.entry_date {
            return Err(AppError::invalid("date", "反馈日期不能早于进驻日期"));
        }
        let mut bodies = Vec::new();
        for &b in &input.bodies {
            if b == Body::Other {
                return Err(AppError::invalid("bodies", "联合反馈只能由县纪委监委、县委组织部参加"));
            }
            if !bodies.contains(&b) {
                bodies.push(b);
            }
        }
        let signed = tx
            .conn()
            .list_problems(id)
            .await?
            .iter()
            .filter(|p| p.status == xuncha_domain::problem::ProblemStatus::LeaderSigned)
            .count();
        inspection::check_feedback(before.feedback_date.is_some(), signed, &input.signed_for_by)?;
        let codes: Vec<&str> = bodies.iter().map(|b| b.code()).collect();
        tx.conn()
            .set_feedback(
                id,
                input.version,
                &Feedback {
                    date,
                    bodies: &codes.join(","),
                    signed_for_by: input.signed_for_by.trim(),
                    notes: input.notes.trim(),
                },
            )
            .await?;
        let n = tx.conn().feed_back_problems(id).await?;
        let plan_id = tx.conn().insert_plan(id).await?;
        let after = tx.conn().get_inspection(id).await?.ok_or(AppError::NotFound)?;
        tx.record(
            Action::InspectionFeedback,
            id,
            &format!("反馈问题{n}个,签收人{}", after.feedback_signed_for_by),
            &json(&before),
            &json(&after),
        )
        .await?;
        tx.record(Action::PlanOpen, plan_id, "反馈后开启整改方案编制", "{}", "{}").await?;
        tx.commit().await?;
        Ok(after.into())
    }

    /// At a look-back (or any later inspection): the organisation's earlier problems and how
    /// far their measures got.
    /// One of [`App::earlier_problems`], with its measures; any other problem is "not found".
    pub async fn earlier_problem(
        &self,
        actor: &Actor,
        id: InspectionId,
        earlier_id: ProblemId,
    ) -> AppResult<EarlierProblemView> {
        let mut h = self.store.read().await?;
        let (insp, scope) = visible_inspection(&mut h.conn(), actor, id).await?;
        require_visible(actor, Capability::CompareEarlier(&scope))?;
        let earlier = h.conn().earlier_problems(insp.target_org_id, insp.entry_date).await?;
        let problem = earlier.into_iter().find(|p| p.id == earlier_id).ok_or(AppError::NotFound)?;
        let measures = h.conn().problem_measures(problem.id).await?;
        Ok(EarlierProblemView { problem: crate::problems::ProblemFacts::of(&problem), measures: views::all(measures) })
    }

    pub async fn earlier_problems(&self, actor: &Actor, id: InspectionId) -> AppResult<Vec<EarlierProblem>> {
        let mut h = self.store.read().await?;
        let (insp, scope) = visible_inspection(&mut h.conn(), actor, id).await?;
        require_visible(actor, Capability::CompareEarlier(&scope))?;
        let counts = h.conn().earlier_measure_counts(insp.target_org_id, insp.entry_date).await?;
        let problems = h.conn().earlier_problems(insp.target_org_id, insp.entry_date).await?;
        Ok(problems
            .into_iter()
            .map(|problem| {
                let (total, closed) =
                    counts.iter().find(|(id, ..)| *id == problem.id).map(|(_, t, c)| (*t, *c)).unwrap_or_default();
                EarlierProblem {
                    measures_total: total as usize,
                    measures_closed: closed as usize,
                    problem: crate::problems::ProblemFacts::of(&problem),
                }
            })
            .collect())
    }
}
