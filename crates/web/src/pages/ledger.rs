//! The ledger page (整改台账), with filters and an A4 landscape print layout.

use crate::extract::Query;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use xuncha_app::ledger::{LedgerFilter, LedgerPage};
use xuncha_domain::deadline::Light;
use xuncha_domain::measure::MeasureStatus;

use super::{Chrome, PageResult, PageUser, render};
use crate::AppState;

#[derive(Template)]
#[template(path = "ledger.html")]
struct LedgerView {
    c: Chrome,
    l: std::sync::Arc<LedgerPage>,
    f: LedgerFilter,
    statuses: &'static [MeasureStatus],
    lights: &'static [Light],
}

impl LedgerView {
    fn is(&self, value: &Option<String>, code: &str) -> bool {
        value.as_deref() == Some(code)
    }
    fn is_id<I: PartialEq + Copy>(&self, value: &Option<I>, id: &I) -> bool {
        *value == Some(*id)
    }
    /// The filters as a query string (without the page), for the export and page links.
    fn query(&self) -> String {
        Self::query_of(&self.f)
    }

    /// The same for any filter (the printout links back with it). Its codes were checked when
    /// the ledger was drawn.
    fn query_of(f: &LedgerFilter) -> String {
        fn id(v: Option<impl std::fmt::Display>) -> String {
            v.map(|v| v.to_string()).unwrap_or_default()
        }
        let code = |v: &Option<String>| v.clone().unwrap_or_default();
        format!(
            "round={}&org={}&aspect={}&status={}&light={}",
            id(f.round),
            id(f.org),
            id(f.aspect),
            code(&f.status),
            code(&f.light)
        )
    }
}

/// The filter form as sent: blank choices arrive as empty strings.
#[derive(serde::Deserialize)]
pub struct LedgerQuery {
    round: Option<String>,
    org: Option<String>,
    aspect: Option<String>,
    status: Option<String>,
    light: Option<String>,
    after: Option<String>,
}

fn id<I: std::str::FromStr>(v: &Option<String>) -> Option<I> {
    v.as_deref().and_then(|s| s.trim().parse().ok())
}

fn code(v: Option<String>) -> Option<String> {
    v.filter(|s| !s.trim().is_empty())
}

impl LedgerQuery {
    fn filter(self) -> LedgerFilter {
        LedgerFilter {
            round: id(&self.round),
            org: id(&self.org),
            aspect: id(&self.aspect),
            status: code(self.status),
            light: code(self.light),
            after: code(self.after),
        }
    }
}

/// The same ledger as an Excel workbook (the filters of the page apply).
pub async fn export(State(s): State<AppState>, page: PageUser, Query(q): Query<LedgerQuery>) -> PageResult<Response> {
    Ok(crate::export::ledger_download(&s, &page.actor, &q.filter()).await?)
}

/// The whole filtered ledger on paper (the page shows 50 lines at a time), titled with its
/// filter.
#[derive(Template)]
#[template(path = "ledger_print.html")]
struct LedgerPrint {
    c: Chrome,
    title: String,
    /// The filter, to go back to the page it was printed from.
    query: String,
    today: time::Date,
    /// Every line of the filtered ledger, numbered over the whole list.
    lines: Vec<PrintLine>,
}

struct PrintLine {
    seq: usize,
    target: String,
    problem: String,
    measure: xuncha_app::views::MeasureRecord,
    light: Light,
}

pub async fn print(State(s): State<AppState>, page: PageUser, Query(q): Query<LedgerQuery>) -> PageResult<Response> {
    let f = q.filter();
    let l = s.app.ledger(&page.actor, &f).await?;
    let title = l.title(&f);
    let query = LedgerView::query_of(&f);
    let rows = l.problems.iter().flat_map(|p| p.rows.iter().map(move |r| (p, r)));
    let lines = rows
        .enumerate()
        .map(|(n, (p, r))| PrintLine {
            seq: n + 1,
            target: p.inspection.target_name.clone(),
            problem: format!("问题{}:{}", p.problem.number, p.problem.summary),
            measure: r.measure.clone(),
            light: r.light,
        })
        .collect();
    Ok(render(&LedgerPrint { c: page.chrome(&s, "/ledger", None), title, query, today: l.today, lines }))
}

pub async fn show(State(s): State<AppState>, page: PageUser, Query(q): Query<LedgerQuery>) -> PageResult<Response> {
    let f = q.filter();
    let l = s.app.ledger_page(&page.actor, &f).await?;
    let f = LedgerFilter { round: l.round.as_ref().map(|r| r.id), ..f };
    Ok(render(&LedgerView {
        c: page.chrome(&s, "/ledger", None),
        l,
        f,
        statuses: MeasureStatus::ALL,
        lights: Light::ALL,
    }))
}
