//! Onboarding a round's organisations, resets, unlocks and bulk disabling (the administrator's).
//! Answers that carry an initial password are never cached.

use crate::extract::Path;
use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use schemars::JsonSchema;
use serde::Serialize;
use xuncha_app::accounts::{AccountsActiveInput, InitialAccount, Onboarding, OnboardingRound, TargetAccountView};
use xuncha_app::views::UserRecord;
use xuncha_domain::id::*;

use super::ApiJson;
use crate::AppState;
use crate::error::ApiResult;
use crate::session::Current;

/// An answer holding a password: for this client only, never kept by a cache.
fn uncached<T: Serialize>(body: T) -> impl IntoResponse {
    ([(header::CACHE_CONTROL, "no-store")], Json(body))
}

pub async fn onboarding_rounds(State(s): State<AppState>, cur: Current) -> ApiResult<Json<Vec<OnboardingRound>>> {
    Ok(Json(s.app.onboarding_rounds(&cur.actor).await?))
}

pub async fn onboard_round(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<RoundId>,
) -> ApiResult<impl IntoResponse> {
    Ok(uncached::<Onboarding>(s.app.onboard_round(&cur.actor, id).await?))
}

pub async fn reset_password(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<UserId>,
) -> ApiResult<impl IntoResponse> {
    Ok(uncached::<InitialAccount>(s.app.reset_password_of(&cur.actor, id).await?))
}

pub async fn unlock(State(s): State<AppState>, cur: Current, Path(id): Path<UserId>) -> ApiResult<Json<UserRecord>> {
    Ok(Json(s.app.unlock_account(&cur.actor, id).await?))
}

pub async fn target_accounts(State(s): State<AppState>, cur: Current) -> ApiResult<Json<Vec<TargetAccountView>>> {
    Ok(Json(s.app.target_accounts(&cur.actor).await?))
}

/// How many accounts changed.
#[derive(Serialize, JsonSchema)]
pub struct Changed {
    pub changed: usize,
}

pub async fn set_active(
    State(s): State<AppState>,
    cur: Current,
    ApiJson(input): ApiJson<AccountsActiveInput>,
) -> ApiResult<Json<Changed>> {
    Ok(Json(Changed { changed: s.app.set_accounts_active(&cur.actor, &input).await? }))
}
