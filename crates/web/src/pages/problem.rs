//! One problem: the work paper, its measures, its rebound link at a look-back, and its history.

use crate::extract::{Path, Query};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use xuncha_app::AppError;
use xuncha_app::audit::HistoryEntry;
use xuncha_app::inputs::ReboundInput;
use xuncha_app::inspections::EarlierProblem;
use xuncha_app::problems::ProblemView;
use xuncha_app::views::InspectionRecord;
use xuncha_domain::access::{Capability, allowed};
use xuncha_domain::id::*;
use xuncha_domain::problem::ProblemStatus;

use super::Checked;
use super::{Chrome, Flash, PageResult, PageUser, Stamps, done, history_of, render};
use crate::AppState;

#[derive(Template)]
#[template(path = "problem.html")]
struct ProblemPage {
    c: Chrome,
    i: InspectionRecord,
    p: ProblemView,
    aspect: String,
    /// Earlier closed problems of the same organisation this one may rebound.
    candidates: Vec<EarlierProblem>,
    rebound: Option<EarlierProblem>,
    can_link: bool,
    /// Earlier closed problems this finding matches, scored, with the office's decisions.
    suggestions: Vec<xuncha_app::rebounds::ReboundCandidate>,
    can_decide: bool,
    history: Vec<HistoryEntry>,
    /// The tips this problem came from (inbox number), for those who read the tips only.
    tips: Vec<(TipId, i64)>,
    /// The typical problems of the 问题库 in force by category, for the office's correction
    /// (empty: no form).
    typicals: Vec<(String, Vec<xuncha_app::library::TypicalProblemView>)>,
}

impl Stamps for ProblemPage {}

impl ProblemPage {
    fn percent(&self, score: &f64) -> String {
        format!("{:.0}", score * 100.0)
    }
}

pub async fn show(
    State(s): State<AppState>,
    page: PageUser,
    Path(id): Path<ProblemId>,
    Query(f): Query<Flash>,
) -> PageResult<Response> {
    let a = &page.actor;
    let p = s.app.get_problem(a, id).await?;
    let i = s.app.get_inspection(a, p.problem.inspection_id).await?;
    let scope = i.scope.clone();
    let earlier = match s.app.earlier_problems(a, i.id).await {
        Ok(e) => e,
        Err(AppError::NotFound) => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    let rebound =
        p.problem.rebound_of.and_then(|r| earlier.iter().find(|e| e.problem.id == r)).map(|e| EarlierProblem {
            problem: e.problem.clone(),
            measures_total: e.measures_total,
            measures_closed: e.measures_closed,
        });
    let candidates = earlier.into_iter().filter(|e| e.problem.status == ProblemStatus::Closed).collect();
    let aspect = match p.problem.aspect_id {
        Some(aid) => s
            .app
            .list_aspects()
            .await?
            .into_iter()
            .find(|x| x.id == aid)
            .map(|x| format!("{} › {}", x.category, x.name))
            .unwrap_or_default(),
        None => String::new(),
    };
    let history = history_of(&s, a, "problem", id).await?;
    let suggestions = match s.app.rebound_candidates(a, id).await {
        Ok(list) => list,
        Err(AppError::NotFound) => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    // The organisation inspected never learns a tip exists: the list is asked for only by
    // those who may read tips, and the use case checks again.
    let tips = if allowed(a, Capability::ReadTips(&scope)) { s.app.problem_tips(a, id).await? } else { Vec::new() };
    let typicals = if allowed(a, Capability::ClassifyProblem(&scope)) {
        xuncha_app::library::by_category(s.app.library(a).await?.problems)
    } else {
        Vec::new()
    };
    Ok(render(&ProblemPage {
        typicals,
        tips,
        suggestions,
        can_decide: allowed(a, Capability::DecideRebound(&scope)),
        c: page.chrome(&s, "", f.ok.as_deref()),
        can_link: allowed(a, Capability::DecideRebound(&scope)) || a.serves_on(&scope).is_some(),
        i,
        p,
        aspect,
        candidates,
        rebound,
        history,
    }))
}

#[derive(Deserialize)]
pub struct ReboundForm {
    version: i64,
    #[serde(default)]
    rebound_of: String,
}

pub async fn set_rebound(
    State(s): State<AppState>,
    Path(id): Path<ProblemId>,
    Checked(page, f): Checked<ReboundForm>,
) -> PageResult<Response> {
    let input = ReboundInput { version: f.version, rebound_of: f.rebound_of.trim().parse().ok() };
    s.app.set_rebound(&page.actor, id, &input).await?;
    Ok(done(format!("/problems/{id}"), "saved"))
}

#[derive(Deserialize)]
pub struct DecisionForm {
    version: i64,
    earlier_id: ProblemId,
    decision: String,
}

/// The office confirms or dismisses a suggested rebound.
pub async fn decide_rebound(
    State(s): State<AppState>,
    Path(id): Path<ProblemId>,
    Checked(page, f): Checked<DecisionForm>,
) -> PageResult<Response> {
    let input = xuncha_app::rebounds::ReboundDecisionInput {
        version: f.version,
        earlier_id: f.earlier_id,
        confirm: f.decision == "confirm",
    };
    s.app.decide_rebound(&page.actor, id, &input).await?;
    Ok(done(format!("/problems/{id}"), "saved"))
}

#[derive(Deserialize)]
pub struct TypicalForm {
    version: i64,
    #[serde(default)]
    typical_code: String,
}

/// The office sets (or gives back to the library) the typical problem a problem falls under.
pub async fn classify(
    State(s): State<AppState>,
    Path(id): Path<ProblemId>,
    Checked(page, f): Checked<TypicalForm>,
) -> PageResult<Response> {
    let input = xuncha_app::library::ClassifyInput { version: f.version, typical_code: f.typical_code };
    s.app.classify_problem(&page.actor, id, &input).await?;
    Ok(done(format!("/problems/{id}"), "classified"))
}
