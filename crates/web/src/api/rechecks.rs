//! 随机抽查 over the API: draw, read a round's draws and statistics, a draw and its 抽样底册, a
//! drawn measure, its files and its result.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::Response;
use xuncha_app::AppError;
use xuncha_app::rechecks::{
    DrawFile, RecheckDrawInput, RecheckDrawView, RecheckEvidenceRecord, RecheckItemView, RecheckResultInput,
    RecheckTodo, RoundRechecks,
};
use xuncha_domain::id::*;

use super::ApiJson;
use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Multipart, Path};
use crate::session::Current;

pub async fn round_rechecks(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<RoundId>,
) -> ApiResult<Json<RoundRechecks>> {
    Ok(Json(s.app.round_rechecks(&cur.actor, id).await?))
}

pub async fn draw(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<RoundId>,
    ApiJson(i): ApiJson<RecheckDrawInput>,
) -> ApiResult<(StatusCode, Json<RecheckDrawView>)> {
    Ok((StatusCode::CREATED, Json(s.app.draw_rechecks(&cur.actor, id, &i).await?)))
}

pub async fn get_draw(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<RecheckDrawId>,
) -> ApiResult<Json<RecheckDrawView>> {
    Ok(Json(s.app.recheck_draw(&cur.actor, id).await?))
}

/// The 抽样底册 as a file to keep and re-run (`xuncha recheck replay`).
pub async fn draw_file(State(s): State<AppState>, cur: Current, Path(id): Path<RecheckDrawId>) -> ApiResult<Response> {
    let file: DrawFile = s.app.recheck_draw_file(&cur.actor, id).await?;
    let body = serde_json::to_vec_pretty(&file).map_err(|e| ApiError(AppError::internal(e.to_string())))?;
    Response::builder()
        .header(header::CONTENT_TYPE, "application/json")
        .header(
            header::CONTENT_DISPOSITION,
            crate::export::attachment(&format!("{}随机抽查第{}批抽样底册.json", file.round_name, file.number)),
        )
        .body(Body::from(body))
        .map_err(|e| ApiError(AppError::internal(e.to_string())))
}

pub async fn my_rechecks(State(s): State<AppState>, cur: Current) -> ApiResult<Json<RecheckTodo>> {
    Ok(Json(s.app.my_rechecks(&cur.actor).await?))
}

pub async fn get_item(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<RecheckItemId>,
) -> ApiResult<Json<RecheckItemView>> {
    Ok(Json(s.app.recheck_item(&cur.actor, id).await?))
}

pub async fn upload(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<RecheckItemId>,
    form: Multipart,
) -> ApiResult<(StatusCode, Json<RecheckEvidenceRecord>)> {
    let (up, _) = crate::upload::read_evidence(form).await?;
    Ok((StatusCode::CREATED, Json(s.app.upload_recheck_evidence(&cur.actor, id, up).await?)))
}

pub async fn download(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<RecheckEvidenceId>,
) -> ApiResult<Response> {
    let (f, data) = s.app.recheck_evidence_file(&cur.actor, id).await?;
    Response::builder()
        .header(header::CONTENT_TYPE, f.content_type.as_str())
        .header(header::CONTENT_DISPOSITION, crate::export::attachment(&f.file_name))
        .body(Body::from(data))
        .map_err(|e| ApiError(AppError::internal(e.to_string())))
}

pub async fn result(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<RecheckItemId>,
    ApiJson(i): ApiJson<RecheckResultInput>,
) -> ApiResult<Json<RecheckItemView>> {
    Ok(Json(s.app.record_recheck_result(&cur.actor, id, &i).await?))
}

pub async fn measure_evidence(
    State(s): State<AppState>,
    cur: Current,
    Path((id, evidence_id)): Path<(RecheckItemId, EvidenceId)>,
) -> ApiResult<Response> {
    let (ev, data) = s.app.recheck_measure_evidence(&cur.actor, id, evidence_id).await?;
    Response::builder()
        .header(header::CONTENT_TYPE, ev.content_type.as_str())
        .header(header::CONTENT_DISPOSITION, crate::export::attachment(&ev.file_name))
        .body(Body::from(data))
        .map_err(|e| ApiError(AppError::internal(e.to_string())))
}
