//! 群众评价 over the API: a round's satisfaction and comments, and the office's moderation.
//! The public sends its comments through the public site's form only.

use axum::Json;
use axum::extract::State;
use xuncha_app::comments::{
    AnswerInput, ApproveInput, CommentView, CommenterView, RejectInput, RoundComments, VersionInput,
};
use xuncha_domain::id::*;

use super::ApiJson;
use crate::AppState;
use crate::error::ApiResult;
use crate::extract::Path;
use crate::session::Current;

pub async fn round_comments(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<RoundId>,
) -> ApiResult<Json<RoundComments>> {
    Ok(Json(s.app.round_comments(&cur.actor, id).await?))
}

pub async fn get(State(s): State<AppState>, cur: Current, Path(id): Path<CommentId>) -> ApiResult<Json<CommentView>> {
    Ok(Json(s.app.public_comment(&cur.actor, id).await?))
}

pub async fn approve(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<CommentId>,
    ApiJson(i): ApiJson<ApproveInput>,
) -> ApiResult<Json<CommentView>> {
    Ok(Json(s.app.approve_comment(&cur.actor, id, &i).await?))
}

pub async fn reject(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<CommentId>,
    ApiJson(i): ApiJson<RejectInput>,
) -> ApiResult<Json<CommentView>> {
    Ok(Json(s.app.reject_comment(&cur.actor, id, &i).await?))
}

pub async fn answer(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<CommentId>,
    ApiJson(i): ApiJson<AnswerInput>,
) -> ApiResult<Json<CommentView>> {
    Ok(Json(s.app.answer_comment(&cur.actor, id, &i).await?))
}

pub async fn convert(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<CommentId>,
    ApiJson(i): ApiJson<VersionInput>,
) -> ApiResult<Json<CommentView>> {
    Ok(Json(s.app.convert_comment(&cur.actor, id, &i).await?))
}

pub async fn commenter(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<CommentId>,
) -> ApiResult<Json<CommenterView>> {
    Ok(Json(s.app.unseal_commenter(&cur.actor, id).await?))
}
