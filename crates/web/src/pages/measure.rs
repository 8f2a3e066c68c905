//! One measure: progress, evidence, extensions, closing and reopening.

use crate::extract::{Multipart, Path, Query};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use xuncha_app::AppError;
use xuncha_app::audit::HistoryEntry;
use xuncha_app::escalations::ClockInput;
use xuncha_app::inputs::{CloseInput, DecisionInput, ExtensionInput, ProgressInput, ReopenInput};
use xuncha_app::plans::MeasureView;
use xuncha_app::views::InspectionRecord;
use xuncha_domain::FieldError;
use xuncha_domain::access::{Capability, allowed};
use xuncha_domain::id::*;
use xuncha_domain::measure::{ExtensionStatus, MeasureStatus};

use super::Checked;
use super::{Chrome, Flash, PageResult, PageUser, Stamps, code, done, history_of, refusal, render};
use crate::AppState;

#[derive(Template)]
#[template(path = "measure.html")]
struct MeasurePage {
    c: Chrome,
    i: InspectionRecord,
    p: xuncha_app::problems::ProblemFacts,
    m: MeasureView,
    can_report: bool,
    can_close: bool,
    can_decide: bool,
    reportable: &'static [MeasureStatus],
    history: Vec<HistoryEntry>,
    /// Why the last action was refused, shown on the page itself (the menu and forms stay).
    errors: Vec<FieldError>,
    /// What the verifier typed, kept across a refusal.
    typed_note: String,
    typed_reason: String,
    /// What the office typed as why a clock pauses or resumes, and whether that form was refused.
    typed_clock: String,
    clock_refused: bool,
    /// The office pauses and resumes the deadline clock (督办).
    can_pause: bool,
}

impl Stamps for MeasurePage {}

impl MeasurePage {
    fn pending_extension(&self) -> bool {
        self.m.extensions.iter().any(|e| e.status == ExtensionStatus::Pending)
    }
}

/// A refused action, to show on the measure's own page.
#[derive(Default)]
struct Refusal {
    errors: Vec<FieldError>,
    typed: Typed,
}

/// What was typed into the form refused, kept on the page.
#[derive(Default)]
struct Typed {
    note: String,
    reason: String,
    clock: String,
    /// The refused form was the clock's.
    clock_form: bool,
}

pub async fn show(
    State(s): State<AppState>,
    page: PageUser,
    Path(id): Path<MeasureId>,
    Query(f): Query<Flash>,
) -> PageResult<Response> {
    show_page(&s, &page, id, f.ok.as_deref(), Refusal::default()).await
}

/// The page after an action: its success lands back on the page; a refusal the rules or the
/// input explain (a field, a state, someone else's change) is shown on the page with what was
/// typed; anything else is an error page.
async fn after(
    s: &AppState,
    page: &PageUser,
    id: MeasureId,
    result: Result<&str, AppError>,
    typed: impl FnOnce() -> Typed,
) -> PageResult<Response> {
    let ok = result.as_ref().ok().copied();
    let Some(errors) = refusal(result)? else {
        return Ok(done(back(id), ok.unwrap_or_default()));
    };
    let mut response = show_page(s, page, id, None, Refusal { errors, typed: typed() }).await?;
    *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(response)
}

async fn show_page(
    s: &AppState,
    page: &PageUser,
    id: MeasureId,
    ok: Option<&str>,
    refusal: Refusal,
) -> PageResult<Response> {
    let a = &page.actor;
    let m = s.app.get_measure(a, id).await?;
    let p = s.app.get_problem(a, m.measure.problem_id).await?.problem;
    let i = s.app.get_inspection(a, p.inspection_id).await?;
    let scope = i.scope.clone();
    let history = history_of(s, a, "measure", id).await?;
    let closed = m.measure.status == MeasureStatus::Closed;
    Ok(render(&MeasurePage {
        c: page.chrome(s, "", ok),
        can_report: allowed(a, Capability::ReportProgress(&scope)) && !closed,
        can_close: allowed(a, Capability::CloseMeasure(&scope)),
        can_decide: allowed(a, Capability::DecideExtension(&scope)),
        can_pause: allowed(a, Capability::Escalate(&scope)) && !closed,
        reportable: &[MeasureStatus::NotDone, MeasureStatus::LargelyDone, MeasureStatus::Done],
        i,
        p,
        m,
        history,
        clock_refused: refusal.typed.clock_form && !refusal.errors.is_empty(),
        errors: refusal.errors,
        typed_note: refusal.typed.note,
        typed_reason: refusal.typed.reason,
        typed_clock: refusal.typed.clock,
    }))
}

fn back(id: MeasureId) -> String {
    format!("/measures/{id}")
}

#[derive(Deserialize)]
pub struct ProgressForm {
    version: i64,
    content: String,
    status: String,
}

pub async fn progress(
    State(s): State<AppState>,
    Path(id): Path<MeasureId>,
    Checked(page, f): Checked<ProgressForm>,
) -> PageResult<Response> {
    let reported = async {
        let input = ProgressInput { version: f.version, content: f.content, status: code("status", &f.status)? };
        s.app.report_progress(&page.actor, id, &input).await
    };
    let result = reported.await.map(|_| "progress");
    after(&s, &page, id, result, Default::default).await
}

/// Multipart: `csrf`, `file`, `description`, `document_date`.
pub async fn upload(
    State(s): State<AppState>,
    page: PageUser,
    Path(id): Path<MeasureId>,
    form: Multipart,
) -> PageResult<Response> {
    let (up, csrf) = crate::upload::read_evidence(form).await?;
    page.check_csrf(&csrf)?;
    let result = s.app.upload_evidence(&page.actor, id, up).await.map(|_| "uploaded");
    after(&s, &page, id, result, Default::default).await
}

#[derive(Deserialize)]
pub struct CloseForm {
    version: i64,
    #[serde(default)]
    note: String,
    #[serde(default)]
    reason: String,
}

pub async fn close(
    State(s): State<AppState>,
    Path(id): Path<MeasureId>,
    Checked(page, f): Checked<CloseForm>,
) -> PageResult<Response> {
    let input = CloseInput { version: f.version, note: f.note, reason: f.reason };
    let result = s.app.close_measure(&page.actor, id, &input).await.map(|_| "closed");
    after(&s, &page, id, result, || Typed { note: input.note, reason: input.reason, ..Typed::default() }).await
}

pub async fn reopen(
    State(s): State<AppState>,
    Path(id): Path<MeasureId>,
    Checked(page, f): Checked<CloseForm>,
) -> PageResult<Response> {
    let result = s.app.reopen_measure(&page.actor, id, &ReopenInput { version: f.version, reason: f.note }).await;
    after(&s, &page, id, result.map(|_| "reopened"), Default::default).await
}

#[derive(Deserialize)]
pub struct ExtensionForm {
    requested_deadline: String,
    reason: String,
}

pub async fn request_extension(
    State(s): State<AppState>,
    Path(id): Path<MeasureId>,
    Checked(page, f): Checked<ExtensionForm>,
) -> PageResult<Response> {
    let result = s
        .app
        .request_extension(
            &page.actor,
            id,
            &ExtensionInput { requested_deadline: f.requested_deadline, reason: f.reason },
        )
        .await
        .map(|_| "requested");
    after(&s, &page, id, result, Default::default).await
}

#[derive(Deserialize)]
pub struct DecisionForm {
    version: i64,
    decision: String,
    #[serde(default)]
    note: String,
}

pub async fn decide_extension(
    State(s): State<AppState>,
    Path(id): Path<ExtensionId>,
    Checked(page, f): Checked<DecisionForm>,
) -> PageResult<Response> {
    let ext = s
        .app
        .decide_extension(
            &page.actor,
            id,
            &DecisionInput { version: f.version, approve: f.decision == "approve", note: f.note },
        )
        .await?;
    Ok(done(back(ext.measure_id), "decided"))
}

#[derive(Deserialize)]
pub struct ClockForm {
    version: i64,
    #[serde(default)]
    reason: String,
}

/// 暂停计时: the office stops a measure's deadline clock, saying why.
pub async fn pause_clock(
    State(s): State<AppState>,
    Path(id): Path<MeasureId>,
    Checked(page, f): Checked<ClockForm>,
) -> PageResult<Response> {
    let input = ClockInput { version: f.version, reason: f.reason };
    let result = s.app.pause_clock(&page.actor, id, &input).await.map(|_| "paused");
    after(&s, &page, id, result, || Typed { clock: input.reason, clock_form: true, ..Typed::default() }).await
}

/// 恢复计时: the clock runs again; a dated deadline moves by the days it stood still.
pub async fn resume_clock(
    State(s): State<AppState>,
    Path(id): Path<MeasureId>,
    Checked(page, f): Checked<ClockForm>,
) -> PageResult<Response> {
    let input = ClockInput { version: f.version, reason: f.reason };
    let result = s.app.resume_clock(&page.actor, id, &input).await.map(|_| "resumed");
    after(&s, &page, id, result, || Typed { clock: input.reason, clock_form: true, ..Typed::default() }).await
}
