//! The search page: words in, results the reader may see out, matching words marked.

use crate::extract::Query;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use xuncha_app::AppError;
use xuncha_app::search::SearchResult;

use super::{Chrome, PageResult, PageUser, render};
use crate::AppState;

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    c: Chrome,
    q: String,
    results: Option<Vec<SearchResult>>,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

pub async fn show(State(s): State<AppState>, page: PageUser, Query(sq): Query<SearchQuery>) -> PageResult<Response> {
    let (results, error) = if sq.q.trim().is_empty() {
        (None, None)
    } else {
        match s.app.search(&page.actor, &sq.q).await {
            Ok(r) => (Some(r), None),
            Err(AppError::Invalid(list)) => (None, list.first().map(|f| f.message.clone())),
            Err(e) => return Err(e.into()),
        }
    };
    Ok(render(&SearchPage { c: page.chrome(&s, "/search", None), q: sq.q, results, error }))
}
