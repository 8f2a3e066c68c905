//! The home page of each role.

use crate::extract::{Path, Query};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use xuncha_app::AppError;
use xuncha_app::dashboard::{RoundDashboard, TargetRow, TeamRow};
use xuncha_app::inputs::{NewOrgInput, NewUserInput, OutcomeInput};
use xuncha_app::notifications::Notice;
use xuncha_app::transfers::TransferView;
use xuncha_app::views::{OrganisationRecord, PersonRecord, UserRecord};
use xuncha_domain::deadline::Light;
use xuncha_domain::org::OrgKind;
use xuncha_domain::role::Role;
use xuncha_domain::transfer::OutcomeKind;
use xuncha_domain::{FieldError, id::*};

use super::Checked;
use super::{Chrome, PageResult, PageUser, code, done, opt_code, render};
use crate::AppState;

#[derive(Deserialize, Default)]
pub struct HomeQuery {
    round: Option<RoundId>,
    ok: Option<String>,
}

#[derive(Template)]
#[template(path = "home_office.html")]
struct OfficeHome {
    c: Chrome,
    d: RoundDashboard,
    charts: (String, String, String),
    transfers: Vec<TransferView>,
    read_only: bool,
    /// The office that plans rounds escalates their overdue organisations (督办).
    can_escalate: bool,
    /// Organisations ranked by their paper-only signals.
    ranking: Vec<xuncha_app::signals::PlanSignals>,
    /// Confirmed rebounds of closed problems, by organisation and aspect.
    rates: xuncha_app::rebounds::ReboundRates,
}

#[derive(Template)]
#[template(path = "home_team.html")]
struct TeamHome {
    c: Chrome,
    rows: Vec<TeamRow>,
    /// Inspections of the reader's teams they are recused from.
    recusals: Vec<xuncha_app::dashboard::OwnRecusal>,
    /// 随机抽查 the reader's teams were sent to check.
    rechecks: xuncha_app::rechecks::RecheckTodo,
}

#[derive(Template)]
#[template(path = "home_target.html")]
struct TargetHome {
    c: Chrome,
    rows: Vec<TargetRow>,
}

#[derive(Template)]
#[template(path = "home_supervisor.html")]
struct SupervisorHome {
    c: Chrome,
    transfers: Vec<TransferView>,
    /// The outcomes the reader's body records.
    outcome_kinds: &'static [OutcomeKind],
    today: String,
}

#[derive(Template)]
#[template(path = "home_admin.html")]
struct AdminHome {
    c: Chrome,
    users: Vec<UserRecord>,
    orgs: Vec<OrganisationRecord>,
    people: Vec<PersonRecord>,
    roles: &'static [Role],
    kinds: &'static [OrgKind],
    errors: Vec<FieldError>,
    rounds: Vec<xuncha_app::accounts::OnboardingRound>,
}

impl AdminHome {
    fn org_name(&self, id: &Option<OrgId>) -> String {
        id.and_then(|id| self.orgs.iter().find(|o| o.id == id)).map(|o| o.name.clone()).unwrap_or_default()
    }
}

pub async fn home(State(s): State<AppState>, page: PageUser, Query(q): Query<HomeQuery>) -> PageResult<Response> {
    let c = page.chrome(&s, "/", q.ok.as_deref());
    let a = &page.actor;
    Ok(match a.role {
        Role::Office | Role::Leader => {
            let d = s.app.round_dashboard(a, q.round).await?;
            // A higher office supervises read-only: no transfers, nothing to act on.
            let read_only = a.role == Role::Leader || a.supervises_from_above();
            let transfers = if !read_only {
                s.app.list_transfers(a, None).await?.into_iter().filter(|t| t.transfer.outcome_on.is_none()).collect()
            } else {
                Vec::new()
            };
            let charts =
                (super::charts::completion_by_org(&d), super::charts::status_mix(&d), super::charts::overdue_trend(&d));
            let ranking = match &d.round {
                Some(r) => s.app.signal_ranking(a, r.id).await?,
                None => Vec::new(),
            };
            let rates = s.app.rebound_rates(a).await?;
            let can_escalate = xuncha_domain::access::allowed(a, xuncha_domain::access::Capability::PlanRounds);
            render(&OfficeHome { c, d, charts, transfers, read_only, can_escalate, ranking, rates })
        }
        Role::Team => render(&TeamHome {
            c,
            rows: s.app.team_home(a).await?,
            recusals: s.app.own_recusals(a).await?,
            rechecks: s.app.my_rechecks(a).await?,
        }),
        Role::TargetSecretary | Role::TargetLiaison => render(&TargetHome { c, rows: s.app.target_home(a).await? }),
        Role::Supervisor => render(&SupervisorHome {
            c,
            transfers: s.app.list_transfers(a, None).await?,
            outcome_kinds: a.body.map_or(OutcomeKind::ALL, OutcomeKind::of_body),
            today: s.app.today().to_string(),
        }),
        Role::Admin => admin_home(&s, &page, c, Vec::new()).await?,
    })
}

#[derive(Deserialize)]
pub struct OutcomeForm {
    version: i64,
    outcome_kind: String,
    outcome: String,
    outcome_on: String,
}

/// A receiving body records what it did with a transfer.
pub async fn record_outcome(
    State(s): State<AppState>,
    Path(id): Path<TransferId>,
    Checked(page, f): Checked<OutcomeForm>,
) -> PageResult<Response> {
    let input = OutcomeInput {
        version: f.version,
        outcome_kind: code("outcome_kind", &f.outcome_kind)?,
        outcome: f.outcome,
        outcome_on: f.outcome_on,
    };
    s.app.record_outcome(&page.actor, id, &input).await?;
    Ok(done("/".into(), "saved"))
}

#[derive(Deserialize)]
pub struct ProgressForm {
    version: i64,
    #[serde(default)]
    outcome_kind: String,
    note: String,
    reported_on: String,
    next_due: String,
}

/// A receiving body reports where a transfer stands before its outcome.
pub async fn report_progress(
    State(s): State<AppState>,
    Path(id): Path<TransferId>,
    Checked(page, f): Checked<ProgressForm>,
) -> PageResult<Response> {
    let input = xuncha_app::inputs::TransferProgressInput {
        version: f.version,
        outcome_kind: super::opt_code("outcome_kind", &f.outcome_kind)?,
        note: f.note,
        reported_on: f.reported_on,
        next_due: f.next_due,
    };
    s.app.report_transfer_progress(&page.actor, id, &input).await?;
    Ok(done("/".into(), "progress_reported"))
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct NotificationsPage {
    c: Chrome,
    notices: Vec<Notice>,
}

pub async fn notifications(State(s): State<AppState>, page: PageUser) -> PageResult<Response> {
    let notices = s.app.notifications(&page.actor).await?;
    Ok(render(&NotificationsPage { c: page.chrome(&s, "/notifications", None), notices }))
}

async fn admin_home(s: &AppState, page: &PageUser, c: Chrome, errors: Vec<FieldError>) -> PageResult<Response> {
    let a = &page.actor;
    Ok(render(&AdminHome {
        c,
        users: s.app.list_users(a).await?,
        orgs: s.app.list_orgs(a).await?,
        people: s.app.list_people(a, None).await?,
        roles: Role::ALL,
        kinds: OrgKind::ALL,
        errors,
        rounds: s.app.onboarding_rounds(a).await?,
    }))
}

#[derive(Deserialize)]
pub struct NewUserForm {
    username: String,
    display_name: String,
    password: String,
    role: String,
    #[serde(default)]
    org_id: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    post: String,
    /// The "change at first sign-in" box (checked by default on the form).
    must_change_password: Option<String>,
}

pub async fn create_user(State(s): State<AppState>, Checked(page, f): Checked<NewUserForm>) -> PageResult<Response> {
    let created = async {
        let input = NewUserInput {
            username: f.username,
            display_name: f.display_name,
            password: f.password,
            role: code("role", &f.role)?,
            org_id: f.org_id.trim().parse().ok(),
            body: opt_code("body", &f.body)?,
            post: f.post,
            must_change_password: f.must_change_password.is_some(),
        };
        s.app.create_user(xuncha_app::By::User(&page.actor), &input).await
    };
    match created.await {
        Ok(_) => Ok(done("/".into(), "saved")),
        Err(AppError::Invalid(errors)) => admin_home(&s, &page, page.chrome(&s, "/", None), errors).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct NewOrgForm {
    name: String,
    kind: String,
    #[serde(default)]
    parent_id: String,
}

pub async fn create_org(State(s): State<AppState>, Checked(page, f): Checked<NewOrgForm>) -> PageResult<Response> {
    let created = async {
        let kind = code("kind", &f.kind)?;
        let input = NewOrgInput { name: f.name, kind, parent_id: f.parent_id.trim().parse().ok(), is_sample: false };
        s.app.create_org(xuncha_app::By::User(&page.actor), &input).await
    };
    match created.await {
        Ok(_) => Ok(done("/".into(), "saved")),
        Err(AppError::Invalid(errors)) => admin_home(&s, &page, page.chrome(&s, "/", None), errors).await,
        Err(e) => Err(e.into()),
    }
}
