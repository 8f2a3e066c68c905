//! The plan editor (targets), its submission with every gap named beside its field, and the
//! office's review (approve, or return with written comments per problem).

use crate::extract::{Path, Query};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use xuncha_app::AppError;
use xuncha_app::audit::HistoryEntry;
use xuncha_app::inputs::{MeasureInput, ProblemComment, ReviewInput};
use xuncha_app::plans::PlanView;
use xuncha_app::views::InspectionRecord;
use xuncha_app::views::{MeasureRecord as Measure, PersonRecord};
use xuncha_domain::access::{Capability, allowed};
use xuncha_domain::measure::DeadlineKind;
use xuncha_domain::plan::{PlanStatus, editable};
use xuncha_domain::{FieldError, id::*};

use super::Checked;
use super::{Chrome, Flash, PageError, PageResult, PageUser, Stamps, done, done_at, history_of, opt_code, render};
use crate::AppState;

/// The measure form as posted (dates and kinds as text, parsed by the use case).
#[derive(Deserialize, Default, Clone)]
pub struct MeasureForm {
    #[serde(default)]
    version: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    responsible_person: String,
    #[serde(default)]
    responsible_leader: String,
    #[serde(default)]
    department: String,
    #[serde(default)]
    deadline_kind: String,
    #[serde(default)]
    deadline: String,
    #[serde(default)]
    milestone: String,
    #[serde(default)]
    completion_standard: String,
}

impl MeasureForm {
    fn input(&self) -> Result<MeasureInput, AppError> {
        let opt = |s: &str| {
            if s.trim().is_empty() { None } else { Some(s.trim().to_string()) }
        };
        Ok(MeasureInput {
            version: self.version.trim().parse().ok(),
            content: self.content.clone(),
            responsible_person: self.responsible_person.clone(),
            responsible_leader: self.responsible_leader.clone(),
            department: self.department.clone(),
            deadline_kind: opt_code("deadline_kind", &self.deadline_kind)?,
            deadline: opt(&self.deadline),
            milestone: self.milestone.clone(),
            completion_standard: self.completion_standard.clone(),
        })
    }
    fn get(&self, field: &str) -> &str {
        match field {
            "content" => &self.content,
            "responsible_person" => &self.responsible_person,
            "responsible_leader" => &self.responsible_leader,
            "department" => &self.department,
            "deadline_kind" => &self.deadline_kind,
            "deadline" => &self.deadline,
            "milestone" => &self.milestone,
            "completion_standard" => &self.completion_standard,
            _ => "",
        }
    }
}

/// A measure form that was refused, shown again with what the user typed.
struct Draft {
    measure_id: Option<MeasureId>,
    problem_id: ProblemId,
    form: MeasureForm,
    errors: Vec<FieldError>,
}

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage {
    c: Chrome,
    i: InspectionRecord,
    v: PlanView,
    can_edit: bool,
    can_submit: bool,
    can_review: bool,
    submit_errors: Vec<String>,
    review_errors: Vec<String>,
    draft: Option<Draft>,
    /// Per-problem comments of the latest review.
    comments: Vec<(ProblemId, String)>,
    kinds: &'static [DeadlineKind],
    history: Vec<HistoryEntry>,
    /// The target's roster, offered as choices for responsible persons.
    people: Vec<PersonRecord>,
    /// Paper-only signals on the plan's measures, with their reasons.
    signals: xuncha_app::signals::PlanSignals,
}

fn measure_field(m: &Measure, field: &str) -> String {
    match field {
        "content" => m.content.clone(),
        "responsible_person" => m.responsible_person.clone(),
        "responsible_leader" => m.responsible_leader.clone(),
        "department" => m.department.clone(),
        "deadline_kind" => m.deadline_kind.map(|k| k.code().to_string()).unwrap_or_default(),
        "deadline" => m.deadline.map(|d| d.to_string()).unwrap_or_default(),
        "milestone" => m.milestone.clone(),
        "completion_standard" => m.completion_standard.clone(),
        _ => String::new(),
    }
}

/// One measure form on the page (an existing measure, or a problem's blank "new measure").
pub struct FormView {
    /// Prefix of the element ids: `m{id}` or `new{problem_id}`.
    pub key: String,
    pub action: String,
    pub version: Option<i64>,
    pub values: Vec<(&'static str, String)>,
    pub errors: Vec<(String, String)>,
    pub light: Option<xuncha_domain::deadline::Light>,
    pub status: Option<&'static str>,
    pub measure_id: Option<MeasureId>,
}

const FIELDS: [&str; 8] = [
    "content",
    "responsible_person",
    "responsible_leader",
    "department",
    "deadline_kind",
    "deadline",
    "milestone",
    "completion_standard",
];

impl FormView {
    pub fn v(&self, field: &str) -> &str {
        self.values.iter().find(|(f, _)| *f == field).map(|(_, v)| v.as_str()).unwrap_or("")
    }
    pub fn e(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|(f, _)| f == field).map(|(_, m)| m.as_str())
    }
    pub fn cls(&self, field: &str) -> &'static str {
        if self.e(field).is_some() { "field has-error" } else { "field" }
    }
}

impl Stamps for PlanPage {}

impl PlanPage {
    fn draft_for(&self, measure_id: Option<MeasureId>, problem_id: ProblemId) -> Option<&Draft> {
        self.draft.as_ref().filter(|d| d.measure_id == measure_id && d.problem_id == problem_id)
    }

    /// The forms of a problem: each measure (with its gaps or refused input) and a blank one.
    fn forms(&self, problem_id: &ProblemId, measures: &[Measure]) -> Vec<FormView> {
        let mut out = Vec::new();
        for m in measures {
            let (values, errors) = match self.draft_for(Some(m.id), m.problem_id) {
                Some(d) => (
                    FIELDS.iter().map(|f| (*f, d.form.get(f).to_string())).collect(),
                    d.errors.iter().map(|e| (e.field.clone(), e.message.clone())).collect(),
                ),
                None => (
                    FIELDS.iter().map(|f| (*f, measure_field(m, f))).collect(),
                    self.v
                        .gaps
                        .iter()
                        .filter(|g| g.measure_id == Some(m.id))
                        .map(|g| (g.field.clone(), g.message.clone()))
                        .collect(),
                ),
            };
            out.push(FormView {
                key: format!("m{}", m.id),
                action: format!("/measures/{}/edit", m.id),
                version: Some(m.version),
                values,
                errors,
                light: m.light.filter(|l| *l != xuncha_domain::deadline::Light::None),
                // A measure of a plan not yet approved is a proposal: no state to report yet.
                status: (self.v.plan.status == PlanStatus::Approved).then(|| m.status.label()),
                measure_id: Some(m.id),
            });
        }
        let draft = self.draft_for(None, *problem_id);
        out.push(FormView {
            key: format!("new{problem_id}"),
            action: format!("/problems/{problem_id}/measures"),
            version: None,
            values: FIELDS.iter().map(|f| (*f, draft.map(|d| d.form.get(f).to_string()).unwrap_or_default())).collect(),
            errors: draft
                .map(|d| d.errors.iter().map(|e| (e.field.clone(), e.message.clone())).collect())
                .unwrap_or_default(),
            light: None,
            status: None,
            measure_id: None,
        });
        out
    }
    fn problem_gap(&self, problem_id: &ProblemId) -> Option<String> {
        self.v.gaps.iter().find(|g| g.problem_id == *problem_id && g.measure_id.is_none()).map(|g| g.message.clone())
    }
    fn comment(&self, problem_id: &ProblemId) -> Option<String> {
        self.comments.iter().find(|(p, _)| p == problem_id).map(|(_, c)| c.clone())
    }
}

#[derive(Default)]
struct Extra {
    submit_errors: Vec<String>,
    review_errors: Vec<String>,
    draft: Option<Draft>,
}

async fn plan_page(
    s: &AppState,
    page: &PageUser,
    id: InspectionId,
    flash: Option<&str>,
    extra: Extra,
) -> PageResult<Response> {
    let a = &page.actor;
    let i = s.app.get_inspection(a, id).await?;
    let v = s.app.get_plan(a, id).await?;
    let scope = i.scope.clone();
    // The latest review's comments per problem, as the review stored them (our own JSON: a
    // value that does not read is the page's failure, not comments that silently vanished).
    let reviewed = v.submissions.iter().rev().find(|sub| sub.decision.is_some());
    let stored: Vec<serde_json::Value> = match reviewed {
        Some(sub) => serde_json::from_str(&sub.problem_comments)
            .map_err(|e| PageError(AppError::internal(format!("plan submission comments: {e}"))))?,
        None => Vec::new(),
    };
    let comments = stored
        .iter()
        .filter_map(|c| Some((ProblemId::new(c["problem_id"].as_i64()?), c["comment"].as_str()?.to_string())))
        .collect();
    let history = history_of(s, a, "plan", v.plan.id).await?;
    let status = v.plan.status;
    let can_edit = allowed(a, Capability::EditPlan(&scope)) && editable(status);
    // Teams and leaders do not keep rosters; for them the list is simply not offered.
    let people = if can_edit { s.app.list_people(a, Some(i.target_org_id)).await? } else { Vec::new() };
    let signals = s.app.plan_signals(a, i.id).await?;
    let page_data = PlanPage {
        signals,
        c: page.chrome(s, "", flash),
        can_edit,
        people,
        can_submit: allowed(a, Capability::SubmitPlan(&scope)) && editable(status),
        can_review: allowed(a, Capability::ReviewPlan(&scope)) && status == xuncha_domain::plan::PlanStatus::Submitted,
        i,
        v,
        submit_errors: extra.submit_errors,
        review_errors: extra.review_errors,
        draft: extra.draft,
        comments,
        kinds: DeadlineKind::ALL,
        history,
    };
    let status =
        if page_data.submit_errors.is_empty() && page_data.review_errors.is_empty() && page_data.draft.is_none() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
    Ok((status, render(&page_data)).into_response())
}

pub async fn show(
    State(s): State<AppState>,
    page: PageUser,
    Path(id): Path<InspectionId>,
    Query(f): Query<Flash>,
) -> PageResult<Response> {
    plan_page(&s, &page, id, f.ok.as_deref(), Extra::default()).await
}

pub async fn add_measure(
    State(s): State<AppState>,
    Path(problem_id): Path<ProblemId>,
    Checked(page, f): Checked<MeasureForm>,
) -> PageResult<Response> {
    let problem = s.app.get_problem(&page.actor, problem_id).await?.problem;
    match async { s.app.add_measure(&page.actor, problem_id, &f.input()?).await }.await {
        Ok(m) => Ok(done_at(format!("/inspections/{}/plan", problem.inspection_id), "added", m.id)),
        Err(AppError::Invalid(errors)) => {
            let draft = Draft { measure_id: None, problem_id, form: f, errors };
            plan_page(&s, &page, problem.inspection_id, None, Extra { draft: Some(draft), ..Extra::default() }).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn edit_measure(
    State(s): State<AppState>,
    Path(id): Path<MeasureId>,
    Checked(page, f): Checked<MeasureForm>,
) -> PageResult<Response> {
    let view = s.app.get_measure(&page.actor, id).await?;
    let problem = s.app.get_problem(&page.actor, view.measure.problem_id).await?.problem;
    match async { s.app.update_measure(&page.actor, id, &f.input()?).await }.await {
        Ok(m) => Ok(done_at(format!("/inspections/{}/plan", problem.inspection_id), "saved", m.id)),
        Err(AppError::Invalid(errors)) => {
            let draft = Draft { measure_id: Some(id), problem_id: problem.id, form: f, errors };
            plan_page(&s, &page, problem.inspection_id, None, Extra { draft: Some(draft), ..Extra::default() }).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct SubmitForm {
    version: i64,
}

pub async fn submit(
    State(s): State<AppState>,
    Path(id): Path<InspectionId>,
    Checked(page, f): Checked<SubmitForm>,
) -> PageResult<Response> {
    match s.app.submit_plan(&page.actor, id, f.version).await {
        Ok(_) => Ok(done(format!("/inspections/{id}/plan"), "submitted")),
        Err(AppError::Invalid(errors)) => {
            let submit_errors = errors.into_iter().map(|e| e.message).collect();
            plan_page(&s, &page, id, None, Extra { submit_errors, ..Extra::default() }).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The review form: `decision` is `approve` or `return`; per-problem comments come as `pc_{id}`.
pub async fn review(
    State(s): State<AppState>,
    Path(id): Path<InspectionId>,
    Checked(page, fields): Checked<Vec<(String, String)>>,
) -> PageResult<Response> {
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let version = get("version").parse().map_err(|_| PageError(AppError::invalid("version", "缺少版本号")))?;
    let approve = get("decision") == "approve";
    let problem_comments = fields
        .iter()
        .filter_map(|(k, v)| {
            Some(ProblemComment { problem_id: k.strip_prefix("pc_")?.parse().ok()?, comment: v.clone() })
        })
        .collect();
    let input = ReviewInput { version, approve, comments: get("comments"), problem_comments };
    match s.app.review_plan(&page.actor, id, &input).await {
        Ok(_) => Ok(done(format!("/inspections/{id}/plan"), if approve { "approved" } else { "returned" })),
        Err(AppError::Invalid(errors)) => {
            let review_errors = errors.into_iter().map(|e| e.message).collect();
            plan_page(&s, &page, id, None, Extra { review_errors, ..Extra::default() }).await
        }
        Err(e) => Err(e.into()),
    }
}
