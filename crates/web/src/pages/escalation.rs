//! 督办 pages: one organisation's ladder (what is red, the steps taken, the next step), and a
//! round's list with one form that takes the same step on every red organisation at once.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use xuncha_app::AppError;
use xuncha_app::escalations::{EscalationInput, EscalationView, RoundEscalations};
use xuncha_domain::FieldError;
use xuncha_domain::escalation::EscalationStep;
use xuncha_domain::id::*;

use super::{Checked, Chrome, Flash, PageResult, PageUser, code, done, refusal, render};
use crate::AppState;
use crate::extract::{Path, Query};

/// What the office typed into a step's form, kept across a refusal.
#[derive(Deserialize, Default)]
pub struct StepForm {
    #[serde(default)]
    step: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    reply_by: String,
    #[serde(default)]
    interview_at: String,
    #[serde(default)]
    interview_place: String,
}

impl StepForm {
    fn input(&self) -> Result<EscalationInput, AppError> {
        Ok(EscalationInput {
            step: code("step", &self.step)?,
            reason: self.reason.clone(),
            reply_by: Some(self.reply_by.clone()),
            interview_at: Some(self.interview_at.clone()),
            interview_place: self.interview_place.clone(),
        })
    }
}

/// The form's state on a page: the choices, the refusal beside its field, what was typed.
struct StepFormView {
    steps: &'static [EscalationStep],
    chosen: String,
    reason: String,
    reply_by: String,
    interview_at: String,
    interview_place: String,
    errors: Vec<FieldError>,
}

impl StepFormView {
    fn fresh(suggested: Option<EscalationStep>) -> Self {
        StepFormView {
            steps: EscalationStep::ALL,
            chosen: suggested.map(|s| s.code().to_string()).unwrap_or_default(),
            reason: String::new(),
            reply_by: String::new(),
            interview_at: String::new(),
            interview_place: String::new(),
            errors: Vec::new(),
        }
    }

    fn refused(form: StepForm, errors: Vec<FieldError>) -> Self {
        StepFormView {
            steps: EscalationStep::ALL,
            chosen: form.step,
            reason: form.reason,
            reply_by: form.reply_by,
            interview_at: form.interview_at,
            interview_place: form.interview_place,
            errors,
        }
    }

    /// The refusal of one field (shown beside it), if any.
    fn err(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }

    /// Refusals that name no field of the form (a state, someone else's change).
    fn general(&self) -> Vec<&str> {
        let fields = ["step", "reason", "reply_by", "interview_at", "interview_place"];
        self.errors.iter().filter(|e| !fields.contains(&e.field.as_str())).map(|e| e.message.as_str()).collect()
    }
}

#[derive(Template)]
#[template(path = "escalation.html")]
struct InspectionPage {
    c: Chrome,
    v: EscalationView,
    f: StepFormView,
}

#[derive(Template)]
#[template(path = "round_escalations.html")]
struct RoundPage {
    c: Chrome,
    r: RoundEscalations,
    f: StepFormView,
    /// Whether something is red in the round (the batch form is offered only then).
    any_red: bool,
}

pub async fn show(
    State(s): State<AppState>,
    page: PageUser,
    Path(id): Path<InspectionId>,
    Query(f): Query<Flash>,
) -> PageResult<Response> {
    inspection_page(&s, &page, id, f.ok.as_deref(), None).await
}

async fn inspection_page(
    s: &AppState,
    page: &PageUser,
    id: InspectionId,
    ok: Option<&str>,
    refused: Option<StepFormView>,
) -> PageResult<Response> {
    let v = s.app.escalations(&page.actor, id).await?;
    let f = refused.unwrap_or_else(|| StepFormView::fresh(v.suggested));
    Ok(render(&InspectionPage { c: page.chrome(s, "", ok), v, f }))
}

pub async fn take(
    State(s): State<AppState>,
    Path(id): Path<InspectionId>,
    Checked(page, form): Checked<StepForm>,
) -> PageResult<Response> {
    let taken = async { s.app.escalate(&page.actor, id, &form.input()?).await };
    match refusal(taken.await)? {
        None => Ok(done(format!("/inspections/{id}/escalations"), "escalated")),
        Some(errors) => {
            let mut r = inspection_page(&s, &page, id, None, Some(StepFormView::refused(form, errors))).await?;
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
    }
}

pub async fn round(
    State(s): State<AppState>,
    page: PageUser,
    Path(id): Path<RoundId>,
    Query(f): Query<Flash>,
) -> PageResult<Response> {
    round_page(&s, &page, id, f.ok.as_deref(), None).await
}

async fn round_page(
    s: &AppState,
    page: &PageUser,
    id: RoundId,
    ok: Option<&str>,
    refused: Option<StepFormView>,
) -> PageResult<Response> {
    let r = s.app.round_escalations(&page.actor, id).await?;
    let any_red = r.rows.iter().any(|row| row.red_items > 0);
    let f = refused.unwrap_or_else(|| StepFormView::fresh(Some(EscalationStep::Letter)));
    Ok(render(&RoundPage { c: page.chrome(s, "", ok), r, f, any_red }))
}

pub async fn take_round(
    State(s): State<AppState>,
    Path(id): Path<RoundId>,
    Checked(page, form): Checked<StepForm>,
) -> PageResult<Response> {
    let taken = async { s.app.escalate_round(&page.actor, id, &form.input()?).await };
    match refusal(taken.await)? {
        None => Ok(done(format!("/rounds/{id}/escalations"), "escalated")),
        Some(errors) => {
            let mut r = round_page(&s, &page, id, None, Some(StepFormView::refused(form, errors))).await?;
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
    }
}
