//! 群众评价 pages: a round's satisfaction by organisation (the office and leaders) and the
//! office's moderation of what the public sent under its disclosures — publish with or without
//! an answer, refuse with a reason, answer, register as a tip, open a commenter's details.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use xuncha_app::AppError;
use xuncha_app::comments::{
    AnswerInput, ApproveInput, CommentView, CommenterView, RejectInput, RoundComments, VersionInput,
};
use xuncha_domain::FieldError;
use xuncha_domain::comment::CommentStatus;
use xuncha_domain::id::*;

use super::{Checked, Chrome, PageResult, PageUser, done, refusal, render};
use crate::AppState;
use crate::extract::{Path, Query};

/// What the office typed into one comment's forms, kept across a refusal.
#[derive(Deserialize, Default, Clone)]
pub struct ModerationForm {
    #[serde(default)]
    version: i64,
    #[serde(default)]
    answer: String,
    #[serde(default)]
    reason: String,
}

/// The list's filter: one status, or all.
#[derive(Deserialize, Default)]
pub struct CommentFilter {
    #[serde(default)]
    status: String,
    #[serde(default)]
    ok: Option<String>,
}

/// A refusal or a reveal, shown beside the one comment it concerns.
#[derive(Default)]
struct Beside {
    comment: Option<CommentId>,
    form: ModerationForm,
    errors: Vec<FieldError>,
    commenter: Option<CommenterView>,
}

impl Beside {
    fn on(&self, id: &CommentId) -> bool {
        self.comment == Some(*id)
    }
    fn err(&self, id: &CommentId, field: &str) -> Option<&str> {
        if !self.on(id) {
            return None;
        }
        self.errors.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }
    fn general(&self, id: &CommentId) -> Vec<&str> {
        if !self.on(id) {
            return Vec::new();
        }
        self.errors
            .iter()
            .filter(|e| !matches!(e.field.as_str(), "answer" | "reason"))
            .map(|e| e.message.as_str())
            .collect()
    }
    /// What the answer box holds: what was typed before a refusal, else the answer given.
    fn answer_of(&self, c: &CommentView) -> String {
        if self.on(&c.id) { self.form.answer.clone() } else { c.answer.clone() }
    }
    fn reason_of(&self, c: &CommentView) -> String {
        if self.on(&c.id) { self.form.reason.clone() } else { String::new() }
    }
}

#[derive(Template)]
#[template(path = "round_comments.html")]
struct RoundCommentsPage {
    c: Chrome,
    r: RoundComments,
    shown: Vec<CommentView>,
    status: String,
    statuses: &'static [CommentStatus],
    b: Beside,
}

pub async fn round(
    State(s): State<AppState>,
    page: PageUser,
    Path(id): Path<RoundId>,
    Query(f): Query<CommentFilter>,
) -> PageResult<Response> {
    round_page(&s, &page, id, &f.status, f.ok.as_deref(), Beside::default()).await
}

async fn round_page(
    s: &AppState,
    page: &PageUser,
    id: RoundId,
    status: &str,
    ok: Option<&str>,
    b: Beside,
) -> PageResult<Response> {
    let r = s.app.round_comments(&page.actor, id).await?;
    // An unknown status shows all, as the blank choice does.
    let wanted = CommentStatus::ALL.iter().copied().find(|st| st.code() == status);
    let shown = r.comments.iter().filter(|c| wanted.is_none_or(|w| c.status == w)).cloned().collect();
    let status = wanted.map(|w| w.code().to_string()).unwrap_or_default();
    Ok(render(&RoundCommentsPage { c: page.chrome(s, "", ok), r, shown, status, statuses: CommentStatus::ALL, b }))
}

/// Back to the round's list at the comment, or the list again with the refusal beside it.
async fn after(
    s: &AppState,
    page: &PageUser,
    id: CommentId,
    result: Result<&'static str, AppError>,
    form: ModerationForm,
) -> PageResult<Response> {
    let round = s.app.public_comment(&page.actor, id).await?.round_id;
    let ok = result.as_ref().ok().copied();
    match refusal(result)? {
        None => Ok(done(format!("/rounds/{round}/comments"), &format!("{}#comment-{id}", ok.unwrap_or_default()))),
        Some(errors) => {
            let b = Beside { comment: Some(id), form, errors, commenter: None };
            let mut r = round_page(s, page, round, "", None, b).await?;
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
    }
}

pub async fn approve(
    State(s): State<AppState>,
    Path(id): Path<CommentId>,
    Checked(page, form): Checked<ModerationForm>,
) -> PageResult<Response> {
    let input = ApproveInput { version: form.version, answer: form.answer.clone() };
    let result = s.app.approve_comment(&page.actor, id, &input).await.map(|_| "comment_approved");
    after(&s, &page, id, result, form).await
}

pub async fn reject(
    State(s): State<AppState>,
    Path(id): Path<CommentId>,
    Checked(page, form): Checked<ModerationForm>,
) -> PageResult<Response> {
    let input = RejectInput { version: form.version, reason: form.reason.clone() };
    let result = s.app.reject_comment(&page.actor, id, &input).await.map(|_| "comment_rejected");
    after(&s, &page, id, result, form).await
}

pub async fn answer(
    State(s): State<AppState>,
    Path(id): Path<CommentId>,
    Checked(page, form): Checked<ModerationForm>,
) -> PageResult<Response> {
    let input = AnswerInput { version: form.version, answer: form.answer.clone() };
    let result = s.app.answer_comment(&page.actor, id, &input).await.map(|_| "comment_answered");
    after(&s, &page, id, result, form).await
}

pub async fn convert(
    State(s): State<AppState>,
    Path(id): Path<CommentId>,
    Checked(page, form): Checked<ModerationForm>,
) -> PageResult<Response> {
    let input = VersionInput { version: form.version };
    let result = s.app.convert_comment(&page.actor, id, &input).await.map(|_| "comment_converted");
    after(&s, &page, id, result, form).await
}

/// Opens the commenter's details on the list, beside the comment (recorded).
pub async fn commenter(
    State(s): State<AppState>,
    Path(id): Path<CommentId>,
    Checked(page, _): Checked<super::CsrfOnly>,
) -> PageResult<Response> {
    let opened = s.app.unseal_commenter(&page.actor, id).await?;
    let round = s.app.public_comment(&page.actor, id).await?.round_id;
    let b = Beside { comment: Some(id), commenter: Some(opened), ..Beside::default() };
    round_page(&s, &page, round, "", None, b).await
}
