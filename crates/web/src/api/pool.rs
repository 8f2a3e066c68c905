//! 巡察人才库 over the API: the pool, a cadre added or changed, the years a former post
//! recuses for, the workbook out and in, a team drawn from the pool, a draw read back, a swap.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use xuncha_app::AppError;
use xuncha_app::pool::{CadreInput, CadreView, PoolImportOutcome, PoolView, PoolYearsInput};
use xuncha_app::pool_accounts::{AccountRef, CadreConfirmInput, CadreLinkInput, CadreUnlinkInput, UnlinkOutcome};
use xuncha_app::pool_draws::{PoolDrawInput, PoolDrawOutcome, PoolDrawSummary, PoolDrawView, PoolSwapInput};
use xuncha_app::roster::RosterMode;
use xuncha_documents::import::pool::{PoolImport, read_pool};
use xuncha_domain::id::*;

use super::ApiJson;
use crate::AppState;
use crate::api::documents::ImportQuery;
use crate::error::ApiResult;
use crate::extract::{Multipart, Path, Query};
use crate::session::Current;
use crate::upload::{parse_file, read_upload};

pub async fn pool(State(s): State<AppState>, cur: Current) -> ApiResult<Json<PoolView>> {
    Ok(Json(s.app.pool(&cur.actor).await?))
}

pub async fn add_cadre(
    State(s): State<AppState>,
    cur: Current,
    ApiJson(i): ApiJson<CadreInput>,
) -> ApiResult<(StatusCode, Json<CadreView>)> {
    Ok((StatusCode::CREATED, Json(s.app.add_cadre(&cur.actor, &i).await?)))
}

pub async fn cadre(State(s): State<AppState>, cur: Current, Path(id): Path<CadreId>) -> ApiResult<Json<CadreView>> {
    Ok(Json(s.app.cadre(&cur.actor, id).await?))
}

pub async fn update_cadre(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<CadreId>,
    ApiJson(i): ApiJson<CadreInput>,
) -> ApiResult<Json<CadreView>> {
    Ok(Json(s.app.update_cadre(&cur.actor, id, &i).await?))
}

pub async fn linkable_accounts(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<CadreId>,
) -> ApiResult<Json<Vec<AccountRef>>> {
    Ok(Json(s.app.linkable_accounts(&cur.actor, id).await?))
}

pub async fn link_account(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<CadreId>,
    ApiJson(i): ApiJson<CadreLinkInput>,
) -> ApiResult<Json<CadreView>> {
    Ok(Json(s.app.link_cadre_account(&cur.actor, id, &i).await?))
}

pub async fn confirm_account(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<CadreId>,
    ApiJson(i): ApiJson<CadreConfirmInput>,
) -> ApiResult<Json<CadreView>> {
    Ok(Json(s.app.confirm_cadre_account(&cur.actor, id, &i).await?))
}

pub async fn unlink_account(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<CadreId>,
    ApiJson(i): ApiJson<CadreUnlinkInput>,
) -> ApiResult<Json<UnlinkOutcome>> {
    Ok(Json(s.app.unlink_cadre_account(&cur.actor, id, &i).await?))
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct YearsAnswer {
    pub years: u32,
}

pub async fn set_years(
    State(s): State<AppState>,
    cur: Current,
    ApiJson(i): ApiJson<PoolYearsInput>,
) -> ApiResult<Json<YearsAnswer>> {
    Ok(Json(YearsAnswer { years: s.app.set_pool_years(&cur.actor, &i).await? }))
}

pub async fn export(State(s): State<AppState>, cur: Current) -> ApiResult<Response> {
    Ok(crate::export::pool_download(&s, &cur.actor).await?)
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct PoolImportAnswer {
    pub preview: PoolImport,
    pub outcome: PoolImportOutcome,
}

/// `POST /api/pool/import` (multipart `file`): checked row by row against the database;
/// written only with `apply=true` and no issue (or `accept_valid=true`).
pub async fn import(
    State(s): State<AppState>,
    cur: Current,
    Query(q): Query<ImportQuery>,
    form: Multipart,
) -> ApiResult<Json<PoolImportAnswer>> {
    xuncha_app::require(&cur.actor, xuncha_domain::access::Capability::ManagePool)?;
    let up = read_upload(form).await?;
    let (_, read) = parse_file(up.file("人才库")?.to_vec(), read_pool).await;
    let preview = read.map_err(|e| AppError::invalid("file", e))?;
    let mode = RosterMode::from_flags(q.apply, q.accept_valid);
    let outcome = s.app.import_pool(&cur.actor, preview.to_rows(), preview.issues.len(), mode).await?;
    Ok(Json(PoolImportAnswer { preview, outcome }))
}

pub async fn draw(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<TeamId>,
    ApiJson(i): ApiJson<PoolDrawInput>,
) -> ApiResult<(StatusCode, Json<PoolDrawOutcome>)> {
    Ok((StatusCode::CREATED, Json(s.app.draw_team(&cur.actor, id, &i).await?)))
}

pub async fn round_draws(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<RoundId>,
) -> ApiResult<Json<Vec<PoolDrawSummary>>> {
    Ok(Json(s.app.round_pool_draws(&cur.actor, id).await?))
}

pub async fn get_draw(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<PoolDrawId>,
) -> ApiResult<Json<PoolDrawView>> {
    Ok(Json(s.app.pool_draw(&cur.actor, id).await?))
}

pub async fn swap(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<PoolDrawId>,
    ApiJson(i): ApiJson<PoolSwapInput>,
) -> ApiResult<Json<PoolDrawOutcome>> {
    Ok(Json(s.app.swap_pool_member(&cur.actor, id, &i).await?))
}
