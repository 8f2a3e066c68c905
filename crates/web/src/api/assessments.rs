//! 整改成效评估 and 长效机制 over the API: the sheet, an organisation's score, its mechanisms,
//! and a round's scores as a list and a workbook.

use super::ApiJson;
use crate::extract::Path;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use xuncha_app::assessments::{
    AssessmentInput, AssessmentRecord, AssessmentView, MechanismInput, MechanismRecord, RoundAssessments,
};
use xuncha_domain::assessment::AssessmentSheet;
use xuncha_domain::id::*;

use crate::AppState;
use crate::error::ApiResult;
use crate::session::Current;

pub async fn get_sheet(State(s): State<AppState>, cur: Current) -> ApiResult<Json<AssessmentSheet>> {
    Ok(Json(s.app.my_assessment_sheet(&cur.actor).await?))
}

pub async fn put_sheet(
    State(s): State<AppState>,
    cur: Current,
    ApiJson(sheet): ApiJson<AssessmentSheet>,
) -> ApiResult<Json<AssessmentSheet>> {
    Ok(Json(s.app.set_assessment_sheet(&cur.actor, &sheet).await?))
}

pub async fn get_assessment(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<InspectionId>,
) -> ApiResult<Json<AssessmentView>> {
    Ok(Json(s.app.assessment(&cur.actor, id).await?))
}

pub async fn assess(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<InspectionId>,
    ApiJson(i): ApiJson<AssessmentInput>,
) -> ApiResult<Json<AssessmentRecord>> {
    Ok(Json(s.app.assess(&cur.actor, id, &i).await?))
}

pub async fn add_mechanism(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<InspectionId>,
    ApiJson(i): ApiJson<MechanismInput>,
) -> ApiResult<(StatusCode, Json<MechanismRecord>)> {
    Ok((StatusCode::CREATED, Json(s.app.add_mechanism(&cur.actor, id, &i).await?)))
}

pub async fn round_assessments(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<RoundId>,
) -> ApiResult<Json<RoundAssessments>> {
    Ok(Json(s.app.round_assessments(&cur.actor, id).await?))
}

pub async fn round_assessments_xlsx(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<RoundId>,
) -> ApiResult<axum::response::Response> {
    Ok(crate::export::assessments_download(&s, &cur.actor, id).await?)
}

/// A round's problems by typical problem of the 问题库 (Excel).
pub async fn round_typical_xlsx(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<RoundId>,
) -> ApiResult<axum::response::Response> {
    Ok(crate::export::typical_download(&s, &cur.actor, id).await?)
}
