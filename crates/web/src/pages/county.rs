//! The county at a glance for its leaders and office, printable as a one-page briefing.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use xuncha_app::overview::CountyOverview;

use super::{Chrome, PageResult, PageUser, render};
use crate::AppState;

#[derive(Template)]
#[template(path = "county.html")]
struct CountyPage {
    c: Chrome,
    o: CountyOverview,
}

pub async fn show(State(s): State<AppState>, page: PageUser) -> PageResult<Response> {
    let o = s.app.county_overview(&page.actor).await?;
    Ok(render(&CountyPage { c: page.chrome(&s, "/county", None), o }))
}
