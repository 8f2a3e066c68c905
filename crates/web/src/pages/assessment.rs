//! 整改成效评估 pages: an organisation's score (the office scores with the facts beside each
//! item; leaders and the organisation read it), its 长效机制, a round's scores with the Excel
//! export, and the sheet the office configures.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use xuncha_app::AppError;
use xuncha_app::assessments::{AssessmentInput, AssessmentView, MechanismInput, RoundAssessments, ScoreInput};
use xuncha_app::problems::ProblemView;
use xuncha_domain::FieldError;
use xuncha_domain::access::{Capability, allowed};
use xuncha_domain::assessment::{AssessmentBasis, AssessmentSheet, MAX_ITEMS, SheetItem, Thresholds};
use xuncha_domain::id::*;
use xuncha_domain::problem::ProblemStatus;

use super::{Checked, Chrome, Flash, PageResult, PageUser, code, done, or_empty, refusal, render};
use crate::AppState;
use crate::extract::{Path, Query};

#[derive(Template)]
#[template(path = "assessment.html")]
struct AssessmentPage {
    c: Chrome,
    v: AssessmentView,
    can_assess: bool,
    can_add_mechanism: bool,
    /// The fed-back problems a mechanism may answer.
    problems: Vec<ProblemView>,
    errors: Vec<FieldError>,
    /// What the office typed per item (score, note), kept across a refusal.
    typed: Vec<(String, String)>,
    /// What was typed into the mechanism form.
    mechanism: MechanismForm,
}

impl AssessmentPage {
    fn err(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }
    fn row_err(&self, n: &usize) -> Vec<&str> {
        let field = format!("scores[{n}]");
        self.errors.iter().filter(|e| e.field == field).map(|e| e.message.as_str()).collect()
    }
    /// The errors no field of the page shows.
    fn general(&self) -> Vec<&str> {
        let shown =
            |f: &str| f.starts_with("scores[") || ["name", "doc_number", "issued_on", "problem_id"].contains(&f);
        self.errors.iter().filter(|e| !shown(&e.field)).map(|e| e.message.as_str()).collect()
    }
    fn typed_score(&self, n: &usize) -> &str {
        self.typed.get(*n).map_or("", |t| t.0.as_str())
    }
    fn typed_note(&self, n: &usize) -> &str {
        self.typed.get(*n).map_or("", |t| t.1.as_str())
    }
}

pub async fn show(
    State(s): State<AppState>,
    page: PageUser,
    Path(id): Path<InspectionId>,
    Query(f): Query<Flash>,
) -> PageResult<Response> {
    show_page(&s, &page, id, f.ok.as_deref(), Vec::new(), None, MechanismForm::default()).await
}

async fn show_page(
    s: &AppState,
    page: &PageUser,
    id: InspectionId,
    ok: Option<&str>,
    errors: Vec<FieldError>,
    typed: Option<Vec<(String, String)>>,
    mechanism: MechanismForm,
) -> PageResult<Response> {
    let a = &page.actor;
    let v = s.app.assessment(a, id).await?;
    let scope = s.app.get_inspection(a, id).await?.scope;
    let can_assess = allowed(a, Capability::Assess(&scope));
    let can_add_mechanism = allowed(a, Capability::ReportProgress(&scope)) || can_assess;
    let problems = or_empty(s.app.list_problems(a, id).await)?
        .into_iter()
        .filter(|p| matches!(p.problem.status, ProblemStatus::FedBack | ProblemStatus::Closed))
        .collect();
    // The form starts from the saved score, else from the system's suggestion.
    let typed = typed.unwrap_or_else(|| {
        v.lines
            .iter()
            .enumerate()
            .map(|(n, line)| {
                let saved = v.saved.as_ref().and_then(|a| a.scores.get(n)).filter(|s| s.name == line.item.name);
                match saved {
                    Some(s) => (s.score.to_string(), s.note.clone()),
                    None => (line.suggested.map(|x| x.to_string()).unwrap_or_default(), String::new()),
                }
            })
            .collect()
    });
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let mut r = render(&AssessmentPage {
        c: page.chrome(s, "", ok),
        v,
        can_assess,
        can_add_mechanism,
        problems,
        errors,
        typed,
        mechanism,
    });
    *r.status_mut() = status;
    Ok(r)
}

pub async fn assess(
    State(s): State<AppState>,
    Path(id): Path<InspectionId>,
    Checked(page, form): Checked<HashMap<String, String>>,
) -> PageResult<Response> {
    let count = (0..).take_while(|n| form.contains_key(&format!("score_{n}"))).count();
    // At most a sheet's items are read, whatever the form holds.
    let count = count.min(MAX_ITEMS);
    let get = |k: String| form.get(&k).cloned().unwrap_or_default();
    let typed: Vec<(String, String)> =
        (0..count).map(|n| (get(format!("score_{n}")), get(format!("note_{n}")))).collect();
    let mut errors = Vec::new();
    let mut scores = Vec::new();
    for (n, (score, note)) in typed.iter().enumerate() {
        let item = form.get(&format!("item_{n}")).cloned();
        match score.trim().parse::<f64>() {
            Ok(x) if x.is_finite() => scores.push(ScoreInput { item, score: x, note: note.clone() }),
            _ => errors.push(FieldError::new(format!("scores[{n}]"), "得分应填写数字,如 12 或 12.5")),
        }
    }
    if errors.is_empty() {
        let version = form.get("version").and_then(|v| v.parse().ok());
        match refusal(s.app.assess(&page.actor, id, &AssessmentInput { version, scores }).await)? {
            None => return Ok(done(format!("/inspections/{id}/assessment"), "assessed")),
            Some(list) => errors = list,
        }
    }
    show_page(&s, &page, id, None, errors, Some(typed), MechanismForm::default()).await
}

#[derive(Deserialize, Default)]
pub struct MechanismForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    doc_number: String,
    #[serde(default)]
    issued_on: String,
    #[serde(default)]
    problem_id: String,
}

pub async fn add_mechanism(
    State(s): State<AppState>,
    Path(id): Path<InspectionId>,
    Checked(page, f): Checked<MechanismForm>,
) -> PageResult<Response> {
    let added = async {
        let problem_id = match f.problem_id.trim() {
            "" => None,
            text => Some(text.parse::<ProblemId>().map_err(|_| AppError::invalid("problem_id", "所选问题无效"))?),
        };
        let input = MechanismInput {
            problem_id,
            name: f.name.clone(),
            doc_number: f.doc_number.clone(),
            issued_on: f.issued_on.clone(),
        };
        s.app.add_mechanism(&page.actor, id, &input).await
    };
    let Some(errors) = refusal(added.await)? else {
        return Ok(done(format!("/inspections/{id}/assessment#mechanisms"), "mechanism"));
    };
    show_page(&s, &page, id, None, errors, None, f).await
}

#[derive(Template)]
#[template(path = "round_assessments.html")]
struct RoundPage {
    c: Chrome,
    r: RoundAssessments,
}

pub async fn round(State(s): State<AppState>, page: PageUser, Path(id): Path<RoundId>) -> PageResult<Response> {
    let r = s.app.round_assessments(&page.actor, id).await?;
    Ok(render(&RoundPage { c: page.chrome(&s, "", None), r }))
}

#[derive(Template)]
#[template(path = "assessment_sheet.html")]
struct SheetPage {
    c: Chrome,
    text: String,
    thresholds: [String; 3],
    bases: &'static [AssessmentBasis],
    errors: Vec<FieldError>,
}

/// The sheet as the office edits it: one item a line, "名称|分值|预填依据代码|说明".
fn sheet_text(sheet: &AssessmentSheet) -> String {
    sheet
        .items
        .iter()
        .map(|i| format!("{}|{}|{}|{}", i.name, i.points, i.basis.code(), i.guidance))
        .collect::<Vec<_>>()
        .join("\n")
}

pub async fn sheet(State(s): State<AppState>, page: PageUser, Query(f): Query<Flash>) -> PageResult<Response> {
    if !allowed(&page.actor, Capability::PlanRounds) {
        return Err(AppError::NotFound.into());
    }
    let sheet = s.app.my_assessment_sheet(&page.actor).await?;
    Ok(render(&SheetPage {
        c: page.chrome(&s, "", f.ok.as_deref()),
        text: sheet_text(&sheet),
        thresholds: [sheet.thresholds.good, sheet.thresholds.fairly_good, sheet.thresholds.average]
            .map(|t| t.to_string()),
        bases: AssessmentBasis::ALL,
        errors: Vec::new(),
    }))
}

#[derive(Deserialize)]
pub struct SheetForm {
    #[serde(default)]
    items: String,
    #[serde(default)]
    good: String,
    #[serde(default)]
    fairly_good: String,
    #[serde(default)]
    average: String,
}

/// Reads the office's lines into a sheet; a line that does not read is named by its number.
fn parse_sheet(f: &SheetForm) -> Result<AssessmentSheet, AppError> {
    let mut items = Vec::new();
    let mut errors = Vec::new();
    let lines: Vec<&str> = f.items.lines().map(str::trim).filter(|l| !l.is_empty()).take(MAX_ITEMS + 1).collect();
    if lines.len() > MAX_ITEMS {
        return Err(AppError::invalid("items", format!("评估表最多{MAX_ITEMS}个评分项目")));
    }
    for (n, line) in lines.into_iter().enumerate() {
        let parts: Vec<&str> = line.splitn(4, '|').map(str::trim).collect();
        let points = parts.get(1).and_then(|p| p.parse::<u32>().ok());
        let basis = parts.get(2).map(|b| code::<AssessmentBasis>("items", b));
        match (parts.first(), points, basis) {
            (Some(name), Some(points), Some(Ok(basis))) => items.push(SheetItem {
                name: name.to_string(),
                points,
                basis,
                guidance: parts.get(3).unwrap_or(&"").to_string(),
            }),
            _ => errors.push(FieldError::new(
                format!("items[{n}]"),
                format!("第{}行应为“名称|分值|预填依据代码|说明”,分值为整数", n + 1),
            )),
        }
    }
    let threshold = |field: &str, label: &str, text: &str| {
        text.trim().parse::<u32>().map_err(|_| FieldError::new(field, format!("“{label}”分数线应填写整数")))
    };
    let t = [
        threshold("thresholds", "好", &f.good),
        threshold("thresholds", "较好", &f.fairly_good),
        threshold("thresholds", "一般", &f.average),
    ];
    let mut values = [0u32; 3];
    for (slot, r) in values.iter_mut().zip(t) {
        match r {
            Ok(v) => *slot = v,
            Err(e) => errors.push(e),
        }
    }
    let [good, fairly_good, average] = values;
    let thresholds = Thresholds { good, fairly_good, average };
    if errors.is_empty() { Ok(AssessmentSheet { items, thresholds }) } else { Err(AppError::Invalid(errors)) }
}

pub async fn save_sheet(State(s): State<AppState>, Checked(page, f): Checked<SheetForm>) -> PageResult<Response> {
    // Asked before the form is read: the page is the office's, and nothing else may make it parse.
    if !allowed(&page.actor, Capability::PlanRounds) {
        return Err(AppError::NotFound.into());
    }
    let saved = async { s.app.set_assessment_sheet(&page.actor, &parse_sheet(&f)?).await };
    let errors = match saved.await {
        Ok(_) => return Ok(done("/settings/assessment".into(), "sheet")),
        Err(AppError::Invalid(list)) => list,
        Err(other) => return Err(other.into()),
    };
    let mut r = render(&SheetPage {
        c: page.chrome(&s, "", None),
        text: f.items,
        thresholds: [f.good, f.fairly_good, f.average],
        bases: AssessmentBasis::ALL,
        errors,
    });
    *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(r)
}
