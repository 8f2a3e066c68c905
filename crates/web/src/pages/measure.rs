//! One measure: progress, evidence, extensions, closing and reopening.

use crate::extract::{Multipart, Path, Query};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use xuncha_app::inputs::{CloseInput, DecisionInput, ExtensionInput, ProgressInput, ReopenInput};
use xuncha_app::plans::MeasureView;
use xuncha_domain::Id;
use xuncha_domain::access::{Capability, allowed};
use xuncha_domain::measure::{ExtensionStatus, MeasureStatus};
use xuncha_store::{AuditRecord, Inspection};

use super::Checked;
use super::{Chrome, Flash, PageResult, PageUser, done, history_of, render};
use crate::AppState;

#[derive(Template)]
#[template(path = "measure.html")]
struct MeasurePage {
    c: Chrome,
    i: Inspection,
    p: xuncha_app::problems::ProblemFacts,
    m: MeasureView,
    can_report: bool,
    can_close: bool,
    can_decide: bool,
    reportable: &'static [MeasureStatus],
    history: Vec<AuditRecord>,
}

impl MeasurePage {
    fn pending_extension(&self) -> bool {
        self.m.extensions.iter().any(|e| e.status == ExtensionStatus::Pending)
    }
}

pub async fn show(
    State(s): State<AppState>,
    page: PageUser,
    Path(id): Path<Id>,
    Query(f): Query<Flash>,
) -> PageResult<Response> {
    let a = &page.actor;
    let m = s.app.get_measure(a, id).await?;
    let p = s.app.get_problem(a, m.measure.problem_id).await?.problem;
    let i = s.app.get_inspection(a, p.inspection_id).await?;
    let scope = i.scope();
    let history = history_of(&s, a, "measure", id).await?;
    let closed = m.measure.status == MeasureStatus::Closed;
    Ok(render(&MeasurePage {
        c: page.chrome(&s, "", f.ok.as_deref()),
        can_report: allowed(a, Capability::ReportProgress(&scope)) && !closed,
        can_close: allowed(a, Capability::CloseMeasure(&scope)),
        can_decide: allowed(a, Capability::DecideExtension(&scope)),
        reportable: &[MeasureStatus::NotDone, MeasureStatus::LargelyDone, MeasureStatus::Done],
        i,
        p,
        m,
        history,
    }))
}

fn back(id: Id) -> String {
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
    Path(id): Path<Id>,
    Checked(page, f): Checked<ProgressForm>,
) -> PageResult<Response> {
    s.app
        .report_progress(&page.actor, id, &ProgressInput { version: f.version, content: f.content, status: f.status })
        .await?;
    Ok(done(back(id), "progress"))
}

/// Multipart: `csrf`, `file`, `description`, `document_date`.
pub async fn upload(
    State(s): State<AppState>,
    page: PageUser,
    Path(id): Path<Id>,
    form: Multipart,
) -> PageResult<Response> {
    let (up, csrf) = crate::upload::read_evidence(form).await?;
    page.check_csrf(&csrf)?;
    s.app.upload_evidence(&page.actor, id, up).await?;
    Ok(done(back(id), "uploaded"))
}

#[derive(Deserialize)]
pub struct CloseForm {
    version: i64,
    #[serde(default)]
    note: String,
}

pub async fn close(
    State(s): State<AppState>,
    Path(id): Path<Id>,
    Checked(page, f): Checked<CloseForm>,
) -> PageResult<Response> {
    s.app.close_measure(&page.actor, id, &CloseInput { version: f.version, note: f.note }).await?;
    Ok(done(back(id), "closed"))
}

pub async fn reopen(
    State(s): State<AppState>,
    Path(id): Path<Id>,
    Checked(page, f): Checked<CloseForm>,
) -> PageResult<Response> {
    s.app.reopen_measure(&page.actor, id, &ReopenInput { version: f.version, reason: f.note }).await?;
    Ok(done(back(id), "reopened"))
}

#[derive(Deserialize)]
pub struct ExtensionForm {
    requested_deadline: String,
    reason: String,
}

pub async fn request_extension(
    State(s): State<AppState>,
    Path(id): Path<Id>,
    Checked(page, f): Checked<ExtensionForm>,
) -> PageResult<Response> {
    s.app
        .request_extension(
            &page.actor,
            id,
            &ExtensionInput { requested_deadline: f.requested_deadline, reason: f.reason },
        )
        .await?;
    Ok(done(back(id), "requested"))
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
    Path(id): Path<Id>,
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
