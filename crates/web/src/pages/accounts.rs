//! The administrator's account pages: a round's accounts opened in one step (sealed pages with
//! the initial passwords, one per organisation, printed once), resets and unlocks, and the
//! accounts of organisations no longer inspected disabled in bulk.

use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use xuncha_app::AppError;
use xuncha_app::accounts::{AccountsActiveInput, InitialAccount, OnboardingSheet, TargetAccountView};
use xuncha_domain::id::*;

use super::{Checked, Chrome, CsrfOnly, Flash, PageResult, PageUser, done, render};
use crate::AppState;
use crate::extract::{Path, Query};

/// The sealed pages: each organisation's initial passwords on a page of its own.
#[derive(Template)]
#[template(path = "onboarding.html")]
struct SealedPages {
    c: Chrome,
    title: String,
    /// Organisations whose accounts all existed already (nothing to hand out).
    complete: Vec<OnboardingSheet>,
    sheets: Vec<OnboardingSheet>,
}

/// A page holding passwords: not cached, not kept in the browser's history of pages.
fn sealed(page: &SealedPages) -> Response {
    ([(header::CACHE_CONTROL, "no-store")], render(page)).into_response()
}

#[derive(Deserialize)]
pub struct OnboardForm {
    round_id: RoundId,
}

pub async fn onboard(State(s): State<AppState>, Checked(page, f): Checked<OnboardForm>) -> PageResult<Response> {
    let done = s.app.onboard_round(&page.actor, f.round_id).await?;
    let (sheets, complete) = done.sheets.into_iter().partition(|sheet| !sheet.opened.is_empty());
    let title = format!("{} 被巡察党组织账号(初始密码)", done.round_name);
    Ok(sealed(&SealedPages { c: page.chrome(&s, "/", None), title, complete, sheets }))
}

pub async fn reset(
    State(s): State<AppState>,
    Path(id): Path<UserId>,
    Checked(page, CsrfOnly {}): Checked<CsrfOnly>,
) -> PageResult<Response> {
    let account: InitialAccount = s.app.reset_password_of(&page.actor, id).await?;
    let sheet = OnboardingSheet {
        org_id: OrgId::new(0),
        org_name: account.unit.clone().unwrap_or_else(|| account.display_name.clone()),
        opened: vec![account],
        existing: Vec::new(),
    };
    let title = "重置密码(初始密码)".to_string();
    Ok(sealed(&SealedPages { c: page.chrome(&s, "/", None), title, complete: Vec::new(), sheets: vec![sheet] }))
}

pub async fn unlock(
    State(s): State<AppState>,
    Path(id): Path<UserId>,
    Checked(page, CsrfOnly {}): Checked<CsrfOnly>,
) -> PageResult<Response> {
    s.app.unlock_account(&page.actor, id).await?;
    Ok(done("/".into(), "unlocked"))
}

#[derive(Template)]
#[template(path = "accounts.html")]
struct AccountsPage {
    c: Chrome,
    accounts: Vec<TargetAccountView>,
    /// The form's refusal, if any, shown above the list.
    error: Option<String>,
}

pub async fn list(State(s): State<AppState>, page: PageUser, Query(f): Query<Flash>) -> PageResult<Response> {
    let accounts = s.app.target_accounts(&page.actor).await?;
    Ok(render(&AccountsPage { c: page.chrome(&s, "/", f.ok.as_deref()), accounts, error: None }))
}

/// Disables the ticked accounts (the form lists each `user_ids` once per ticked box).
pub async fn disable(
    State(s): State<AppState>,
    Checked(page, fields): Checked<Vec<(String, String)>>,
) -> PageResult<Response> {
    let mut user_ids = Vec::new();
    for (name, value) in fields.iter().filter(|(k, _)| k == "user_ids") {
        let _ = name;
        match value.trim().parse() {
            Ok(id) => user_ids.push(id),
            Err(_) => return Err(AppError::invalid("user_ids", "所选账号无效").into()),
        }
    }
    if user_ids.is_empty() {
        let accounts = s.app.target_accounts(&page.actor).await?;
        let error = Some("请勾选要停用的账号".to_string());
        return Ok(render(&AccountsPage { c: page.chrome(&s, "/", None), accounts, error }));
    }
    match s.app.set_accounts_active(&page.actor, &AccountsActiveInput { user_ids, active: false }).await {
        Ok(_) => Ok(done("/admin/accounts".into(), "disabled")),
        Err(AppError::Invalid(list)) => {
            let accounts = s.app.target_accounts(&page.actor).await?;
            let error = Some(list.into_iter().map(|f| f.message).collect::<Vec<_>>().join(";"));
            Ok(render(&AccountsPage { c: page.chrome(&s, "/", None), accounts, error }))
        }
        Err(e) => Err(e.into()),
    }
}
