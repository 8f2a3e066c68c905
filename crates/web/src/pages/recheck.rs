//! 随机抽查 pages: a round's draws and statistics with the form that draws (the office), a draw
//! with its measures and its replay, and a drawn measure's page where the team sent uploads
//! what it saw and records what it found.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use xuncha_app::AppError;
use xuncha_app::rechecks::{RecheckDrawInput, RecheckDrawView, RecheckItemView, RecheckResultInput, RoundRechecks};
use xuncha_domain::FieldError;
use xuncha_domain::id::*;
use xuncha_domain::recheck::RecheckVerdict;

use super::{Checked, Chrome, Flash, PageResult, PageUser, code, done, refusal, render};
use crate::AppState;
use crate::extract::{Multipart, Path, Query};

/// What the office typed into the draw form, kept across a refusal.
#[derive(Deserialize, Clone)]
pub struct DrawForm {
    /// "count" or "share".
    #[serde(default)]
    size_by: String,
    #[serde(default)]
    size: String,
    /// Checkboxes: present when ticked.
    #[serde(default)]
    stratify: Option<String>,
    #[serde(default)]
    weight_signals: Option<String>,
    #[serde(default)]
    due_on: String,
    #[serde(default)]
    team_id: String,
    #[serde(default)]
    note: String,
}

impl DrawForm {
    fn fresh(today: time::Date) -> Self {
        DrawForm {
            size_by: "share".into(),
            size: "10".into(),
            stratify: Some("on".into()),
            weight_signals: None,
            due_on: (today + time::Duration::days(30)).to_string(),
            team_id: String::new(),
            note: String::new(),
        }
    }

    fn input(&self) -> Result<RecheckDrawInput, AppError> {
        let by_share = self.size_by == "share";
        let field = if by_share { "share" } else { "count" };
        let size: u32 = self.size.trim().parse().map_err(|_| {
            AppError::invalid(field, if by_share { "抽查比例应为1到100的整数" } else { "抽查数量应为整数" })
        })?;
        let team_id = match self.team_id.trim() {
            "" => None,
            t => Some(TeamId::new(t.parse().map_err(|_| AppError::invalid("team_id", "请从列表中选择核查组"))?)),
        };
        Ok(RecheckDrawInput {
            count: (!by_share).then_some(size),
            share: by_share.then_some(size),
            stratify: self.stratify.is_some(),
            weight_signals: self.weight_signals.is_some(),
            due_on: self.due_on.clone(),
            team_id,
            note: self.note.clone(),
        })
    }
}

/// A form's refusals: each beside its field, the rest on top.
#[derive(Default)]
struct Errors(Vec<FieldError>);

impl Errors {
    fn err(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }
    /// The size field shows a refusal of either count or share.
    fn size_err(&self) -> Option<&str> {
        self.err("count").or_else(|| self.err("share"))
    }
    fn general(&self, fields: &[&str]) -> Vec<&str> {
        self.0.iter().filter(|e| !fields.contains(&e.field.as_str())).map(|e| e.message.as_str()).collect()
    }
}

#[derive(Template)]
#[template(path = "round_rechecks.html")]
struct RoundPage {
    c: Chrome,
    r: RoundRechecks,
    f: DrawForm,
    e: Errors,
}

#[derive(Template)]
#[template(path = "recheck_draw.html")]
struct DrawPage {
    c: Chrome,
    d: RecheckDrawView,
}

/// What the team typed into the result form.
#[derive(Deserialize, Default, Clone)]
pub struct ResultForm {
    #[serde(default)]
    version: i64,
    #[serde(default)]
    verdict: String,
    #[serde(default)]
    notes: String,
}

#[derive(Template)]
#[template(path = "recheck_item.html")]
struct ItemPage {
    c: Chrome,
    v: RecheckItemView,
    f: ResultForm,
    e: Errors,
    verdicts: &'static [RecheckVerdict],
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
    refused: Option<(DrawForm, Vec<FieldError>)>,
) -> PageResult<Response> {
    let r = s.app.round_rechecks(&page.actor, id).await?;
    let (f, e) = match refused {
        Some((f, e)) => (f, Errors(e)),
        None => (DrawForm::fresh(s.app.today()), Errors::default()),
    };
    Ok(render(&RoundPage { c: page.chrome(s, "", ok), r, f, e }))
}

pub async fn draw(
    State(s): State<AppState>,
    Path(id): Path<RoundId>,
    Checked(page, form): Checked<DrawForm>,
) -> PageResult<Response> {
    let drawn = async { s.app.draw_rechecks(&page.actor, id, &form.input()?).await };
    let drawn = drawn.await;
    let to = drawn.as_ref().map(|d| d.draw.id).ok();
    match refusal(drawn)? {
        None => Ok(done(format!("/recheck-draws/{}", to.map(|d| d.get()).unwrap_or_default()), "drawn")),
        Some(errors) => {
            let mut r = round_page(&s, &page, id, None, Some((form, errors))).await?;
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
    }
}

pub async fn show_draw(
    State(s): State<AppState>,
    page: PageUser,
    Path(id): Path<RecheckDrawId>,
    Query(f): Query<Flash>,
) -> PageResult<Response> {
    let d = s.app.recheck_draw(&page.actor, id).await?;
    Ok(render(&DrawPage { c: page.chrome(&s, "", f.ok.as_deref()), d }))
}

pub async fn item(
    State(s): State<AppState>,
    page: PageUser,
    Path(id): Path<RecheckItemId>,
    Query(f): Query<Flash>,
) -> PageResult<Response> {
    item_page(&s, &page, id, f.ok.as_deref(), None).await
}

async fn item_page(
    s: &AppState,
    page: &PageUser,
    id: RecheckItemId,
    ok: Option<&str>,
    refused: Option<(ResultForm, Vec<FieldError>)>,
) -> PageResult<Response> {
    let v = s.app.recheck_item(&page.actor, id).await?;
    let (f, e) = match refused {
        // A refusal keeps what was typed, the version seen included.
        Some((f, e)) => (f, Errors(e)),
        None => (ResultForm { version: v.item.version, ..ResultForm::default() }, Errors::default()),
    };
    Ok(render(&ItemPage { c: page.chrome(s, "", ok), v, f, e, verdicts: RecheckVerdict::ALL }))
}

async fn after_item(
    s: &AppState,
    page: &PageUser,
    id: RecheckItemId,
    result: Result<&str, AppError>,
    form: ResultForm,
) -> PageResult<Response> {
    let ok = result.as_ref().ok().copied();
    match refusal(result)? {
        None => Ok(done(format!("/recheck-items/{id}"), ok.unwrap_or_default())),
        Some(errors) => {
            let mut r = item_page(s, page, id, None, Some((form, errors))).await?;
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
    }
}

pub async fn upload(
    State(s): State<AppState>,
    page: PageUser,
    Path(id): Path<RecheckItemId>,
    form: Multipart,
) -> PageResult<Response> {
    let (up, csrf) = crate::upload::read_evidence(form).await?;
    page.check_csrf(&csrf)?;
    let result = s.app.upload_recheck_evidence(&page.actor, id, up).await.map(|_| "recheck_uploaded");
    after_item(&s, &page, id, result, ResultForm::default()).await
}

pub async fn result(
    State(s): State<AppState>,
    Path(id): Path<RecheckItemId>,
    Checked(page, form): Checked<ResultForm>,
) -> PageResult<Response> {
    let recorded = async {
        let input = RecheckResultInput {
            version: form.version,
            verdict: code("verdict", &form.verdict)?,
            notes: form.notes.clone(),
        };
        s.app.record_recheck_result(&page.actor, id, &input).await.map(|_| "rechecked")
    };
    let recorded = recorded.await;
    after_item(&s, &page, id, recorded, form).await
}
