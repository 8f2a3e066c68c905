//! Health, sessions, accounts, organisations, configuration and the audit trail.

use crate::extract::Path;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum_extra::extract::CookieJar;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::json;
use xuncha_app::AppError;
use xuncha_app::audit::HistoryEntry;
use xuncha_app::inputs::{ConflictInput, LoginInput, NewOrgInput, NewUserInput, PasswordInput};
use xuncha_app::ledger::{LedgerFilter, LedgerPage};
use xuncha_app::views::{AspectRecord, OrganisationRecord, UserRecord};
use xuncha_domain::access::{Capability, allowed};
use xuncha_domain::deadline::DeadlinePolicy;
use xuncha_domain::id::*;
use xuncha_domain::role::TeamPosition;

use super::ApiJson;
use crate::error::ApiResult;
use crate::session::{Current, removal_cookie, session_cookie};
use crate::{ApiError, AppState};

/// `GET /healthz`: whether the server reaches its database.
#[derive(Serialize, JsonSchema)]
pub struct Health {
    /// `ok`, or `database unavailable` (with status 503).
    pub status: &'static str,
}

/// `POST /api/session`: the account and the session token (also set as a cookie).
#[derive(Serialize, JsonSchema)]
pub struct LoginAnswer {
    pub user: UserRecord,
    /// For `Authorization: Bearer <token>`; the same value is set as the session cookie.
    pub token: String,
}

/// `GET /api/me`: the account, its role in words and its places in inspection teams.
#[derive(Serialize, JsonSchema)]
pub struct MeAnswer {
    pub user: UserRecord,
    pub role_label: &'static str,
    /// (team id, position in the team).
    pub teams: Vec<(TeamId, TeamPosition)>,
    /// Inspections of those teams the user is recused from (回避), and why: they answer 404.
    pub recusals: Vec<xuncha_app::dashboard::OwnRecusal>,
}

/// `GET /api/audit/verify`: whether the audit chain is intact.
#[derive(Serialize, JsonSchema)]
pub struct AuditCheck {
    pub ok: bool,
    /// Events in the chain (left out for a county's office: the count is the whole database's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<i64>,
    /// Where the chain breaks, when it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

pub async fn healthz(State(s): State<AppState>) -> impl IntoResponse {
    match s.app.ping().await {
        Ok(()) => (StatusCode::OK, Json(Health { status: "ok" })),
        Err(e) => {
            tracing::error!(cause = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, Json(Health { status: "database unavailable" }))
        }
    }
}

pub async fn openapi() -> impl IntoResponse {
    (StatusCode::OK, [(axum::http::header::CACHE_CONTROL, "public, max-age=300")], Json(crate::openapi::document()))
}

pub async fn login(
    State(s): State<AppState>,
    crate::client::ClientAddr(client): crate::client::ClientAddr,
    jar: CookieJar,
    ApiJson(input): ApiJson<LoginInput>,
) -> ApiResult<axum::response::Response> {
    if !s.login_failures.check(client) {
        let body = json!({ "error": { "code": "too_many_attempts", "message": crate::LOGIN_LOCKED, "fields": [] } });
        return Ok((StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response());
    }
    let session = match s.app.login(&input.username, &input.password).await {
        Ok(session) => session,
        Err(e) => {
            s.login_failures.record(client);
            return Err(e.into());
        }
    };
    let body = LoginAnswer { user: session.user, token: session.token.clone() };
    Ok((jar.add(session_cookie(session.token, s.secure_cookies)), Json(body)).into_response())
}

pub async fn logout(State(s): State<AppState>, jar: CookieJar, cur: Current) -> ApiResult<impl IntoResponse> {
    s.app.logout(&cur.token).await?;
    Ok((jar.add(removal_cookie()), StatusCode::NO_CONTENT))
}

pub async fn me(State(s): State<AppState>, cur: Current) -> ApiResult<Json<MeAnswer>> {
    let role_label = cur.user.role_label();
    let recusals = s.app.own_recusals(&cur.actor).await?;
    Ok(Json(MeAnswer { user: cur.user, role_label, teams: cur.actor.teams, recusals }))
}

pub async fn change_password(
    State(s): State<AppState>,
    cur: Current,
    ApiJson(input): ApiJson<PasswordInput>,
) -> ApiResult<StatusCode> {
    s.app.change_password(&cur.actor, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn list_users(State(s): State<AppState>, cur: Current) -> ApiResult<Json<Vec<UserRecord>>> {
    Ok(Json(s.app.list_users(&cur.actor).await?))
}

pub async fn create_user(
    State(s): State<AppState>,
    cur: Current,
    ApiJson(input): ApiJson<NewUserInput>,
) -> ApiResult<(StatusCode, Json<UserRecord>)> {
    Ok((StatusCode::CREATED, Json(s.app.create_user(xuncha_app::By::User(&cur.actor), &input).await?)))
}

pub async fn list_orgs(State(s): State<AppState>, cur: Current) -> ApiResult<Json<Vec<OrganisationRecord>>> {
    Ok(Json(s.app.list_orgs(&cur.actor).await?))
}

pub async fn county_overview(
    State(s): State<AppState>,
    cur: Current,
) -> ApiResult<Json<xuncha_app::overview::CountyOverview>> {
    Ok(Json(s.app.county_overview(&cur.actor).await?))
}

pub async fn organisation_profile(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<OrgId>,
) -> ApiResult<Json<xuncha_app::profile::OrganisationProfile>> {
    Ok(Json(s.app.organisation_profile(&cur.actor, id).await?))
}

pub async fn create_org(
    State(s): State<AppState>,
    cur: Current,
    ApiJson(input): ApiJson<NewOrgInput>,
) -> ApiResult<(StatusCode, Json<OrganisationRecord>)> {
    Ok((StatusCode::CREATED, Json(s.app.create_org(xuncha_app::By::User(&cur.actor), &input).await?)))
}

pub async fn declare_conflict(
    State(s): State<AppState>,
    cur: Current,
    ApiJson(input): ApiJson<ConflictInput>,
) -> ApiResult<StatusCode> {
    s.app.declare_conflict(&cur.actor, &input).await?;
    Ok(StatusCode::CREATED)
}

#[derive(Deserialize, schemars::JsonSchema)]
pub struct AspectInput {
    category: String,
    name: String,
    #[serde(default)]
    sort: i64,
}

pub async fn list_aspects(State(s): State<AppState>, _cur: Current) -> ApiResult<Json<Vec<AspectRecord>>> {
    Ok(Json(s.app.list_aspects().await?))
}

pub async fn create_aspect(
    State(s): State<AppState>,
    cur: Current,
    ApiJson(input): ApiJson<AspectInput>,
) -> ApiResult<(StatusCode, Json<AspectRecord>)> {
    Ok((
        StatusCode::CREATED,
        Json(s.app.create_aspect(xuncha_app::By::User(&cur.actor), &input.category, &input.name, input.sort).await?),
    ))
}

pub async fn get_policy(State(s): State<AppState>, _cur: Current) -> Json<DeadlinePolicy> {
    Json(s.app.policy)
}

/// Walks the audit chain (office only).
pub async fn audit_verify(State(s): State<AppState>, cur: Current) -> ApiResult<Json<AuditCheck>> {
    if !allowed(&cur.actor, Capability::ReadAudit) {
        return Err(ApiError(AppError::Forbidden));
    }
    let result = s.app.verify_audit().await?;
    // The count is of the whole database: a county's office would watch the next county's
    // activity (each read of its tips is an event) by polling it.
    Ok(Json(match result {
        Ok(_) if cur.actor.jurisdiction.is_some() => AuditCheck { ok: true, events: None, message: None },
        Ok(n) => AuditCheck { ok: true, events: Some(n), message: None },
        Err(b) => AuditCheck { ok: false, events: None, message: Some(b.to_string()) },
    }))
}

/// The history of one record (office only: the trail names who touched tips).
pub async fn history(
    State(s): State<AppState>,
    cur: Current,
    Path((entity, id)): Path<(String, i64)>,
) -> ApiResult<Json<Vec<HistoryEntry>>> {
    Ok(Json(s.app.history(&cur.actor, &entity, id).await?))
}

/// The ledger as .xlsx; `round`, `org`, `aspect`, `status`, `light` filter as on the page.
pub async fn ledger_xlsx(
    State(s): State<AppState>,
    cur: Current,
    crate::extract::Query(f): crate::extract::Query<LedgerFilter>,
) -> ApiResult<axum::response::Response> {
    Ok(crate::export::ledger_download(&s, &cur.actor, &f).await?)
}

/// One page of the ledger (50 measures by due date); `after` is the previous page's `next`.
pub async fn ledger_page(
    State(s): State<AppState>,
    cur: Current,
    crate::extract::Query(f): crate::extract::Query<LedgerFilter>,
) -> ApiResult<Json<LedgerPage>> {
    Ok(Json(s.app.ledger_page(&cur.actor, &f).await?.as_ref().clone()))
}

/// A round at a glance: completion by organisation and by aspect, lights, status mix, trend.
pub async fn round_dashboard(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<RoundId>,
) -> ApiResult<Json<xuncha_app::dashboard::RoundDashboard>> {
    Ok(Json(s.app.round_dashboard(&cur.actor, Some(id)).await?))
}

#[derive(Deserialize, schemars::JsonSchema)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

/// Full-text search over what the reader may see; matching words marked in each snippet.
pub async fn search(
    State(s): State<AppState>,
    cur: Current,
    crate::extract::Query(q): crate::extract::Query<SearchQuery>,
) -> ApiResult<Json<Vec<xuncha_app::search::SearchResult>>> {
    Ok(Json(s.app.search(&cur.actor, &q.q).await?))
}
