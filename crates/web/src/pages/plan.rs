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
use xuncha_domain::plan::editable;
use xuncha_domain::{FieldError, id::*};

use super::Checked;
use super::{Chrome, PageError, PageResult, PageUser, Stamps, done, done_at, history_of, opt_code, render};
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
    /// The measure whose form is open (`?edit=`); the others show as table rows.
    editing: Option<MeasureId>,
    today: time::Date,
    /// A refusal that belongs to no field (a measure that can no longer be deleted).
    form_errors: Vec<String>,
}

/// One measure as a compact row of the editor: what it says, when it is judged, what is missing.
pub struct MeasureRow<'a> {
    pub m: &'a Measure,
    /// 时限 in words: the kind, the date, and for 立行立改 without a date of its own, the date
    /// it is judged by.
    pub deadline_text: String,
    /// A warning when the date it is judged by is already past.
    pub past: Option<String>,
    /// What the plan still lacks in this measure (named as the submission would).
    pub gaps: Vec<String>,
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

/// A form's values by field.
type Values = Vec<(&'static str, String)>;

/// One measure form on the page (an existing measure, or a problem's blank "new measure").
pub struct FormView {
    /// Prefix of the element ids: `m{id}` or `new{problem_id}`.
    pub key: String,
    pub action: String,
    pub version: Option<i64>,
    pub values: Values,
    pub errors: Vec<(String, String)>,
    pub measure_id: Option<MeasureId>,
    /// The deadline typed or stored lies before today (a warning, not a refusal).
    pub past: Option<String>,
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

    /// The compact rows of a problem's measures.
    fn rows<'a>(&self, measures: &'a [Measure]) -> Vec<MeasureRow<'a>> {
        measures
            .iter()
            .map(|m| {
                let judged = m.fields().effective_deadline(self.v.plan_due);
                let deadline_text = deadline_text(m.deadline_kind, m.deadline, self.v.plan_due);
                MeasureRow {
                    m,
                    deadline_text,
                    past: judged.and_then(|d| past_warning(d, self.today)),
                    gaps: self
                        .v
                        .gaps
                        .iter()
                        .filter(|g| g.measure_id == Some(m.id))
                        .map(|g| g.message.clone())
                        .collect(),
                }
            })
            .collect()
    }

    /// Whether the problem's "new measure" form starts open: nothing to list yet, or it was refused.
    fn adding(&self, problem_id: &ProblemId, measures: &[Measure]) -> bool {
        measures.is_empty() || self.draft_for(None, *problem_id).is_some()
    }

    /// The open forms of a problem: the measure being edited (or whose input was refused) and
    /// the blank "new measure" form, always last.
    fn forms(&self, problem_id: &ProblemId, measures: &[Measure]) -> Vec<FormView> {
        let mut out = Vec::new();
        let open = |m: &Measure| self.editing == Some(m.id) || self.draft_for(Some(m.id), m.problem_id).is_some();
        for m in measures.iter().filter(|m| open(m)) {
            let (values, errors): (Values, Vec<(String, String)>) = match self.draft_for(Some(m.id), m.problem_id) {
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
            let past = typed_past(&values, self.today);
            out.push(FormView {
                past,
                key: format!("m{}", m.id),
                action: format!("/measures/{}/edit", m.id),
                version: Some(m.version),
                values,
                errors,
                measure_id: Some(m.id),
            });
        }
        let draft = self.draft_for(None, *problem_id);
        let values: Values =
            FIELDS.iter().map(|f| (*f, draft.map(|d| d.form.get(f).to_string()).unwrap_or_default())).collect();
        out.push(FormView {
            past: typed_past(&values, self.today),
            key: format!("new{problem_id}"),
            action: format!("/problems/{problem_id}/measures"),
            version: None,
            values,
            errors: draft
                .map(|d| d.errors.iter().map(|e| (e.field.clone(), e.message.clone())).collect())
                .unwrap_or_default(),
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

/// 时限 as the editor lists it. A 立行立改 measure without its own date is judged by the plan's
/// due date, and says so.
fn deadline_text(kind: Option<DeadlineKind>, deadline: Option<time::Date>, plan_due: Option<time::Date>) -> String {
    match (kind, deadline) {
        (Some(DeadlineKind::Immediate), Some(d)) => format!("立行立改,{d}前完成"),
        (Some(DeadlineKind::Immediate), None) => match plan_due {
            Some(due) => format!("立行立改,以方案报送时限{due}为准"),
            None => "立行立改,以反馈后方案报送时限为准".into(),
        },
        (Some(DeadlineKind::LongTerm), Some(d)) => format!("长期坚持,节点{d}"),
        (Some(DeadlineKind::LongTerm), None) => "长期坚持(未填节点时间)".into(),
        (Some(DeadlineKind::Dated), Some(d)) => d.to_string(),
        (Some(DeadlineKind::Dated), None) => "限期完成(未填时限)".into(),
        (None, Some(d)) => format!("{d}(未选时限类型)"),
        (None, None) => "未填".into(),
    }
}

/// A deadline already behind today is allowed (a plan may record what was done at once) but is
/// worth a second look before submission.
fn past_warning(judged: time::Date, today: time::Date) -> Option<String> {
    (judged < today).then(|| format!("时限{judged}已早于今天({today}),请核实"))
}

/// The same warning for what the form holds (typed or stored).
fn typed_past(values: &[(&'static str, String)], today: time::Date) -> Option<String> {
    let typed = values.iter().find(|(f, _)| *f == "deadline").map(|(_, v)| v.trim())?;
    let date = time::Date::parse(typed, &time::macros::format_description!("[year]-[month]-[day]")).ok()?;
    past_warning(date, today)
}

#[derive(Default)]
struct Extra {
    submit_errors: Vec<String>,
    review_errors: Vec<String>,
    draft: Option<Draft>,
    editing: Option<MeasureId>,
    form_errors: Vec<String>,
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
        editing: extra.editing,
        today: s.app.today(),
        form_errors: extra.form_errors,
    };
    let status = if page_data.submit_errors.is_empty()
        && page_data.review_errors.is_empty()
        && page_data.form_errors.is_empty()
        && page_data.draft.is_none()
    {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, render(&page_data)).into_response())
}

/// `?edit=<measure id>` opens that measure's form; anything else there is ignored.
#[derive(Deserialize, Default)]
pub struct PlanQuery {
    ok: Option<String>,
    edit: Option<String>,
}

pub async fn show(
    State(s): State<AppState>,
    page: PageUser,
    Path(id): Path<InspectionId>,
    Query(q): Query<PlanQuery>,
) -> PageResult<Response> {
    let editing = q.edit.as_deref().and_then(|e| e.parse().ok());
    plan_page(&s, &page, id, q.ok.as_deref(), Extra { editing, ..Extra::default() }).await
}

#[derive(Deserialize)]
pub struct DeleteForm {
    version: i64,
}

/// Deletes a measure of a plan still being drafted; one with progress or evidence stays, and
/// the page says why.
pub async fn delete_measure(
    State(s): State<AppState>,
    Path(id): Path<MeasureId>,
    Checked(page, f): Checked<DeleteForm>,
) -> PageResult<Response> {
    let view = s.app.get_measure(&page.actor, id).await?;
    let problem = s.app.get_problem(&page.actor, view.measure.problem_id).await?.problem;
    let to = problem.inspection_id;
    match super::refusal(s.app.delete_measure(&page.actor, id, f.version).await)? {
        None => Ok(done(format!("/inspections/{to}/plan"), "deleted")),
        Some(errors) => {
            let form_errors = errors.into_iter().map(|e| e.message).collect();
            plan_page(&s, &page, to, None, Extra { form_errors, ..Extra::default() }).await
        }
    }
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
