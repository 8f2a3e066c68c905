//! The office plans a round: rounds, teams with their members (回避 checked), inspections.

use crate::extract::{Path, Query};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use xuncha_app::AppError;
use xuncha_app::audit::HistoryEntry;
use xuncha_app::inputs::{MemberInput, MemberRemovalInput, NewInspectionInput, NewRoundInput, NewTeamInput};
use xuncha_app::inspections::TeamView;
use xuncha_app::views::InspectionRecord;
use xuncha_app::views::{OrganisationRecord, RoundRecord, UserRecord};
use xuncha_domain::access::{Capability, allowed};
use xuncha_domain::inspection::InspectionKind;
use xuncha_domain::role::TeamPosition;
use xuncha_domain::{FieldError, id::*};

use super::Checked;
use super::{Chrome, Flash, PageResult, PageUser, code, done, history_of, render};
use crate::AppState;

#[derive(Template)]
#[template(path = "rounds.html")]
struct RoundsPage {
    c: Chrome,
    rounds: Vec<RoundRecord>,
    can_plan: bool,
    errors: Vec<FieldError>,
}

#[derive(Template)]
#[template(path = "round.html")]
struct RoundPage {
    c: Chrome,
    r: RoundRecord,
    teams: Vec<TeamView>,
    inspections: Vec<InspectionRecord>,
    can_plan: bool,
    /// The office and leaders read the round's 随机抽查.
    can_read_rechecks: bool,
    can_read_satisfaction: bool,
    /// The office draws teams from the 巡察人才库 and reads its draws.
    can_pool: bool,
    draws: Vec<xuncha_app::pool_draws::PoolDrawSummary>,
    expertise: &'static [xuncha_domain::pool::Expertise],
    team_users: Vec<UserRecord>,
    targets: Vec<OrganisationRecord>,
    kinds: &'static [InspectionKind],
    positions: &'static [TeamPosition],
    errors: Vec<FieldError>,
    history: Vec<HistoryEntry>,
}

pub async fn list(State(s): State<AppState>, page: PageUser, Query(f): Query<Flash>) -> PageResult<Response> {
    rounds_page(&s, &page, f.ok.as_deref(), Vec::new()).await
}

async fn rounds_page(
    s: &AppState,
    page: &PageUser,
    flash: Option<&str>,
    errors: Vec<FieldError>,
) -> PageResult<Response> {
    let rounds = s.app.list_rounds(&page.actor).await?;
    Ok(render(&RoundsPage {
        c: page.chrome(s, "/rounds", flash),
        rounds,
        can_plan: allowed(&page.actor, Capability::PlanRounds),
        errors,
    }))
}

#[derive(Deserialize)]
pub struct RoundForm {
    name: String,
    start_date: String,
    end_date: String,
}

pub async fn create(State(s): State<AppState>, Checked(page, f): Checked<RoundForm>) -> PageResult<Response> {
    match s
        .app
        .create_round(&page.actor, &NewRoundInput { name: f.name, start_date: f.start_date, end_date: f.end_date })
        .await
    {
        Ok(r) => Ok(done(format!("/rounds/{}", r.id), "saved")),
        Err(AppError::Invalid(errors)) => rounds_page(&s, &page, None, errors).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn show(
    State(s): State<AppState>,
    page: PageUser,
    Path(id): Path<RoundId>,
    Query(f): Query<Flash>,
) -> PageResult<Response> {
    round_page(&s, &page, id, f.ok.as_deref(), Vec::new()).await
}

pub(super) async fn round_page(
    s: &AppState,
    page: &PageUser,
    id: RoundId,
    flash: Option<&str>,
    errors: Vec<FieldError>,
) -> PageResult<Response> {
    let a = &page.actor;
    let r = s.app.list_rounds(a).await?.into_iter().find(|r| r.id == id).ok_or(AppError::NotFound)?;
    let can_plan = allowed(a, Capability::PlanRounds);
    let (team_users, targets) = if can_plan {
        let users = s.app.planning_users(a).await?;
        let orgs = s.app.list_orgs(a).await?.into_iter().filter(|o| o.kind.inspectable()).collect();
        (users, orgs)
    } else {
        (Vec::new(), Vec::new())
    };
    let history = history_of(s, a, "round", id).await?;
    let can_pool = can_plan && allowed(a, Capability::ManagePool);
    let draws = if can_pool { s.app.round_pool_draws(a, id).await? } else { Vec::new() };
    Ok(render(&RoundPage {
        c: page.chrome(s, "/rounds", flash),
        teams: s.app.list_teams(a, id).await?,
        inspections: s.app.list_inspections(a, Some(id)).await?,
        r,
        can_plan,
        can_read_rechecks: allowed(a, Capability::ReadRoundRechecks),
        can_read_satisfaction: allowed(a, Capability::ReadSatisfaction),
        can_pool,
        draws,
        expertise: xuncha_domain::pool::Expertise::ALL,
        team_users,
        targets,
        kinds: InspectionKind::ALL,
        positions: TeamPosition::ALL,
        errors,
        history,
    }))
}

#[derive(Deserialize)]
pub struct TeamForm {
    name: String,
}

pub async fn create_team(
    State(s): State<AppState>,
    Path(id): Path<RoundId>,
    Checked(page, f): Checked<TeamForm>,
) -> PageResult<Response> {
    match s.app.create_team(&page.actor, id, &NewTeamInput { name: f.name }).await {
        Ok(_) => Ok(done(format!("/rounds/{id}"), "saved")),
        Err(AppError::Invalid(errors)) => round_page(&s, &page, id, None, errors).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct MemberForm {
    round_id: RoundId,
    user_id: UserId,
    position: String,
}

pub async fn add_member(
    State(s): State<AppState>,
    Path(team_id): Path<TeamId>,
    Checked(page, f): Checked<MemberForm>,
) -> PageResult<Response> {
    let added = async {
        let input = MemberInput { user_id: f.user_id, position: code("position", &f.position)? };
        s.app.add_member(&page.actor, team_id, &input).await
    };
    match added.await {
        Ok(()) => Ok(done(format!("/rounds/{}", f.round_id), "saved")),
        Err(AppError::Invalid(errors)) => round_page(&s, &page, f.round_id, None, errors).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct MemberRemovalForm {
    round_id: RoundId,
    user_id: UserId,
    reason: String,
}

pub async fn remove_member(
    State(s): State<AppState>,
    Path(team_id): Path<TeamId>,
    Checked(page, f): Checked<MemberRemovalForm>,
) -> PageResult<Response> {
    let input = MemberRemovalInput { user_id: f.user_id, reason: f.reason };
    match s.app.remove_member(&page.actor, team_id, &input).await {
        Ok(()) => Ok(done(format!("/rounds/{}", f.round_id), "saved")),
        Err(AppError::Invalid(errors)) => round_page(&s, &page, f.round_id, None, errors).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct InspectionForm {
    team_id: TeamId,
    target_org_id: OrgId,
    kind: String,
    entry_date: String,
    exit_date: String,
}

pub async fn create_inspection(
    State(s): State<AppState>,
    Path(id): Path<RoundId>,
    Checked(page, f): Checked<InspectionForm>,
) -> PageResult<Response> {
    let created = async {
        let input = NewInspectionInput {
            team_id: f.team_id,
            target_org_id: f.target_org_id,
            kind: code("kind", &f.kind)?,
            entry_date: f.entry_date,
            exit_date: f.exit_date,
            announcement: String::new(),
        };
        s.app.create_inspection(&page.actor, id, &input).await
    };
    match created.await {
        Ok(_) => Ok(done(format!("/rounds/{id}"), "saved")),
        Err(AppError::Invalid(errors)) => round_page(&s, &page, id, None, errors).await,
        Err(e) => Err(e.into()),
    }
}
