//! Plans, measures, progress, evidence, extensions, closing and reopening.

use crate::extract::{Multipart, Path, Query};
use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::Response;
use serde::Deserialize;
use xuncha_app::AppError;
use xuncha_app::inputs::{
    CloseInput, DecisionInput, ExtensionInput, MeasureInput, ProgressInput, ReopenInput, ReviewInput, VersionInput,
};
use xuncha_app::plans::{MeasureView, PlanView};
use xuncha_app::views::{EvidenceRecord, ExtensionRecord, MeasureRecord, PlanRecord};
use xuncha_domain::id::*;

use super::ApiJson;
use crate::error::ApiResult;
use crate::session::Current;
use crate::{ApiError, AppState};

pub async fn get_plan(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<InspectionId>,
) -> ApiResult<Json<PlanView>> {
    Ok(Json(s.app.get_plan(&cur.actor, id).await?))
}

/// Paper-only signals of the plan's measures, each with its reason.
pub async fn plan_signals(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<InspectionId>,
) -> ApiResult<Json<xuncha_app::signals::PlanSignals>> {
    Ok(Json(s.app.plan_signals(&cur.actor, id).await?))
}

/// The organisations of a round ranked by their signals (office, leaders).
pub async fn round_signals(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<RoundId>,
) -> ApiResult<Json<Vec<xuncha_app::signals::PlanSignals>>> {
    Ok(Json(s.app.signal_ranking(&cur.actor, id).await?))
}

pub async fn submit_plan(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<InspectionId>,
    ApiJson(i): ApiJson<VersionInput>,
) -> ApiResult<Json<PlanRecord>> {
    Ok(Json(s.app.submit_plan(&cur.actor, id, i.version).await?))
}

pub async fn review_plan(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<InspectionId>,
    ApiJson(i): ApiJson<ReviewInput>,
) -> ApiResult<Json<PlanRecord>> {
    Ok(Json(s.app.review_plan(&cur.actor, id, &i).await?))
}

pub async fn add_measure(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<ProblemId>,
    ApiJson(i): ApiJson<MeasureInput>,
) -> ApiResult<(StatusCode, Json<MeasureRecord>)> {
    Ok((StatusCode::CREATED, Json(s.app.add_measure(&cur.actor, id, &i).await?)))
}

pub async fn get_measure(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<MeasureId>,
) -> ApiResult<Json<MeasureView>> {
    Ok(Json(s.app.get_measure(&cur.actor, id).await?))
}

pub async fn update_measure(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<MeasureId>,
    ApiJson(i): ApiJson<MeasureInput>,
) -> ApiResult<Json<MeasureRecord>> {
    Ok(Json(s.app.update_measure(&cur.actor, id, &i).await?))
}

#[derive(Deserialize, schemars::JsonSchema)]
pub struct VersionQuery {
    version: i64,
}

pub async fn delete_measure(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<MeasureId>,
    Query(q): Query<VersionQuery>,
) -> ApiResult<StatusCode> {
    s.app.delete_measure(&cur.actor, id, q.version).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn report_progress(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<MeasureId>,
    ApiJson(i): ApiJson<ProgressInput>,
) -> ApiResult<Json<MeasureRecord>> {
    Ok(Json(s.app.report_progress(&cur.actor, id, &i).await?))
}

/// Multipart: `file` (the document), optional `description` and `document_date`.
pub async fn upload_evidence(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<MeasureId>,
    form: Multipart,
) -> ApiResult<(StatusCode, Json<EvidenceRecord>)> {
    let (up, _) = crate::upload::read_evidence(form).await?;
    Ok((StatusCode::CREATED, Json(s.app.upload_evidence(&cur.actor, id, up).await?)))
}

pub async fn download_evidence(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<EvidenceId>,
) -> ApiResult<Response> {
    let (ev, data) = s.app.evidence_file(&cur.actor, id).await?;
    // The name was sanitised on upload; RFC 5987 keeps Chinese intact.
    Response::builder()
        .header(header::CONTENT_TYPE, ev.content_type.as_str())
        .header(header::CONTENT_DISPOSITION, crate::export::attachment(&ev.file_name))
        .body(Body::from(data))
        .map_err(|e| ApiError(AppError::internal(e.to_string())))
}

pub async fn close_measure(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<MeasureId>,
    ApiJson(i): ApiJson<CloseInput>,
) -> ApiResult<Json<MeasureRecord>> {
    Ok(Json(s.app.close_measure(&cur.actor, id, &i).await?))
}

pub async fn reopen_measure(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<MeasureId>,
    ApiJson(i): ApiJson<ReopenInput>,
) -> ApiResult<Json<MeasureRecord>> {
    Ok(Json(s.app.reopen_measure(&cur.actor, id, &i).await?))
}

pub async fn request_extension(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<MeasureId>,
    ApiJson(i): ApiJson<ExtensionInput>,
) -> ApiResult<(StatusCode, Json<ExtensionRecord>)> {
    Ok((StatusCode::CREATED, Json(s.app.request_extension(&cur.actor, id, &i).await?)))
}

pub async fn decide_extension(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<ExtensionId>,
    ApiJson(i): ApiJson<DecisionInput>,
) -> ApiResult<Json<ExtensionRecord>> {
    Ok(Json(s.app.decide_extension(&cur.actor, id, &i).await?))
}
