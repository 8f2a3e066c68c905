//! One inspection: its facts, announcement, problems, transfers, look-back history and trail.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use xuncha_app::AppError;
use xuncha_app::inspections::EarlierProblem;
use xuncha_app::problems::ProblemView;
use xuncha_app::transfers::TransferView;
use xuncha_domain::Id;
use xuncha_domain::access::{Capability, allowed};
use xuncha_store::{AuditRecord, Inspection, Plan};

use super::{Chrome, Flash, PageResult, PageUser, render};
use crate::AppState;

#[derive(Template)]
#[template(path = "inspection.html")]
struct InspectionPage {
    c: Chrome,
    i: Inspection,
    problems: Vec<ProblemView>,
    transfers: Vec<TransferView>,
    earlier: Vec<EarlierProblem>,
    plan: Option<Plan>,
    can_tips: bool,
    history: Vec<AuditRecord>,
}

impl InspectionPage {
    fn bodies(&self) -> String {
        self.i.joint_bodies().iter().map(|b| b.label()).collect::<Vec<_>>().join("、")
    }
}

/// Lists that the actor may not see come back empty rather than failing the whole page.
fn or_empty<T>(r: Result<Vec<T>, AppError>) -> Result<Vec<T>, AppError> {
    match r {
        Err(AppError::NotFound | AppError::Forbidden) => Ok(Vec::new()),
        other => other,
    }
}

pub async fn show(
    State(s): State<AppState>,
    page: PageUser,
    Path(id): Path<Id>,
    Query(f): Query<Flash>,
) -> PageResult<Response> {
    let a = &page.actor;
    let i = s.app.get_inspection(a, id).await?;
    let scope = i.scope();
    let problems = or_empty(s.app.list_problems(a, id).await)?;
    let transfers = or_empty(s.app.list_transfers(a, Some(id)).await)?;
    let earlier = or_empty(s.app.earlier_problems(a, id).await)?;
    let plan = if allowed(a, Capability::ReadPlan(&scope)) && i.feedback_date.is_some() {
        s.app.get_plan(a, id).await.ok().map(|p| p.plan)
    } else {
        None
    };
    let history = or_empty(s.app.history(a, "inspection", id).await)?;
    let c = page.chrome(&s, "", f.ok.as_deref());
    Ok(render(&InspectionPage {
        c,
        can_tips: allowed(a, Capability::ReadTips(&scope)),
        i,
        problems,
        transfers,
        earlier,
        plan,
        history,
    }))
}
