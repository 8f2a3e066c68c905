//! 督办 over the API: an inspection's ladder, a round's list and batch, the letters, and the
//! pauses of measures' deadline clocks.

use super::ApiJson;
use crate::extract::Path;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use xuncha_app::escalations::{
    ClockInput, EscalationInput, EscalationRecord, EscalationView, LetterSet, RoundEscalations,
};
use xuncha_app::views::MeasureRecord;
use xuncha_domain::id::*;

use crate::AppState;
use crate::error::ApiResult;
use crate::session::Current;

pub async fn inspection_escalations(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<InspectionId>,
) -> ApiResult<Json<EscalationView>> {
    Ok(Json(s.app.escalations(&cur.actor, id).await?))
}

pub async fn escalate(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<InspectionId>,
    ApiJson(i): ApiJson<EscalationInput>,
) -> ApiResult<(StatusCode, Json<EscalationRecord>)> {
    Ok((StatusCode::CREATED, Json(s.app.escalate(&cur.actor, id, &i).await?)))
}

pub async fn round_escalations(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<RoundId>,
) -> ApiResult<Json<RoundEscalations>> {
    Ok(Json(s.app.round_escalations(&cur.actor, id).await?))
}

pub async fn escalate_round(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<RoundId>,
    ApiJson(i): ApiJson<EscalationInput>,
) -> ApiResult<(StatusCode, Json<Vec<EscalationRecord>>)> {
    Ok((StatusCode::CREATED, Json(s.app.escalate_round(&cur.actor, id, &i).await?)))
}

pub async fn letter(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<EscalationId>,
) -> ApiResult<axum::response::Response> {
    Ok(crate::export::letters_download(&s, &cur.actor, LetterSet::Step(id)).await?)
}

pub async fn batch_letters(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<EscalationId>,
) -> ApiResult<axum::response::Response> {
    Ok(crate::export::letters_download(&s, &cur.actor, LetterSet::Batch(id)).await?)
}

pub async fn pause_clock(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<MeasureId>,
    ApiJson(i): ApiJson<ClockInput>,
) -> ApiResult<Json<MeasureRecord>> {
    Ok(Json(s.app.pause_clock(&cur.actor, id, &i).await?))
}

pub async fn resume_clock(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<MeasureId>,
    ApiJson(i): ApiJson<ClockInput>,
) -> ApiResult<Json<MeasureRecord>> {
    Ok(Json(s.app.resume_clock(&cur.actor, id, &i).await?))
}
