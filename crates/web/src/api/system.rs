//! Health, sessions, accounts, organisations, configuration and the audit trail.

use crate::extract::Path;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use serde_json::{Value, json};
use xuncha_app::AppError;
use xuncha_app::audit::HistoryEntry;
use xuncha_app::inputs::{ConflictInput, LoginInput, NewOrgInput, NewUserInput, PasswordInput};
use xuncha_app::ledger::{LedgerFilter, LedgerPage};
use xuncha_domain::Id;
use xuncha_domain::access::{Capability, allowed};
use xuncha_domain::deadline::DeadlinePolicy;
use xuncha_store::{Aspect, Organisation, User};

use super::ApiJson;
use crate::error::ApiResult;
use crate::session::{Current, removal_cookie, session_cookie};
use crate::{ApiError, AppState};

pub async fn healthz(State(s): State<AppState>) -> impl IntoResponse {
    match s.app.ping().await {
        Ok(()) => (StatusCode::OK, Json(json!({ "status": "ok" }))),
        Err(e) => {
            tracing::error!(cause = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "status": "database unavailable" })))
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
    let body = json!({ "user": session.user, "token": session.token });
    Ok((jar.add(session_cookie(session.token, s.secure_cookies)), Json(body)).into_response())
}

pub async fn logout(State(s): State<AppState>, jar: CookieJar, cur: Current) -> ApiResult<impl IntoResponse> {
    s.app.logout(&cur.token).await?;
    Ok((jar.add(removal_cookie()), StatusCode::NO_CONTENT))
}

pub async fn me(cur: Current) -> Json<Value> {
    Json(json!({ "user": cur.user, "role_label": cur.user.role.label(), "teams": cur.actor.teams }))
}

pub async fn change_password(
    State(s): State<AppState>,
    cur: Current,
    ApiJson(input): ApiJson<PasswordInput>,
) -> ApiResult<StatusCode> {
    s.app.change_password(&cur.actor, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn list_users(State(s): State<AppState>, cur: Current) -> ApiResult<Json<Vec<User>>> {
    Ok(Json(s.app.list_users(&cur.actor).await?))
}

pub async fn create_user(
    State(s): State<AppState>,
    cur: Current,
    ApiJson(input): ApiJson<NewUserInput>,
) -> ApiResult<(StatusCode, Json<User>)> {
    Ok((StatusCode::CREATED, Json(s.app.create_user(xuncha_app::By::User(&cur.actor), &input).await?)))
}

pub async fn list_orgs(State(s): State<AppState>, cur: Current) -> ApiResult<Json<Vec<Organisation>>> {
    Ok(Json(s.app.list_orgs(&cur.actor).await?))
}

pub async fn create_org(
    State(s): State<AppState>,
    cur: Current,
    ApiJson(input): ApiJson<NewOrgInput>,
) -> ApiResult<(StatusCode, Json<Organisation>)> {
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

#[derive(Deserialize)]
pub struct AspectInput {
    category: String,
    name: String,
    #[serde(default)]
    sort: i64,
}

pub async fn list_aspects(State(s): State<AppState>, _cur: Current) -> ApiResult<Json<Vec<Aspect>>> {
    Ok(Json(s.app.list_aspects().await?))
}

pub async fn create_aspect(
    State(s): State<AppState>,
    cur: Current,
    ApiJson(input): ApiJson<AspectInput>,
) -> ApiResult<(StatusCode, Json<Aspect>)> {
    Ok((
        StatusCode::CREATED,
        Json(s.app.create_aspect(xuncha_app::By::User(&cur.actor), &input.category, &input.name, input.sort).await?),
    ))
}

pub async fn get_policy(State(s): State<AppState>, _cur: Current) -> Json<DeadlinePolicy> {
    Json(s.app.policy)
}

/// Walks the audit chain (office only).
pub async fn audit_verify(State(s): State<AppState>, cur: Current) -> ApiResult<Json<Value>> {
    if !allowed(&cur.actor, Capability::ReadAudit) {
        return Err(ApiError(AppError::Forbidden));
    }
    let result = s.app.verify_audit().await?;
    // The count is of the whole database: a county's office would watch the next county's
    // activity (each read of its tips is an event) by polling it.
    Ok(Json(match result {
        Ok(_) if cur.actor.jurisdiction.is_some() => json!({ "ok": true }),
        Ok(n) => json!({ "ok": true, "events": n }),
        Err(b) => json!({ "ok": false, "message": b.to_string() }),
    }))
}

/// The history of one record (office only: the trail names who touched tips).
pub async fn history(
    State(s): State<AppState>,
    cur: Current,
    Path((entity, id)): Path<(String, Id)>,
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
    Path(id): Path<Id>,
) -> ApiResult<Json<xuncha_app::dashboard::RoundDashboard>> {
    Ok(Json(s.app.round_dashboard(&cur.actor, Some(id)).await?))
}

#[derive(Deserialize)]
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
