//! An organisation's page: every inspection of it the reader may see, newest first, with its
//! problems, measures, rebounds and transfers.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use xuncha_app::profile::OrganisationProfile;
use xuncha_domain::id::*;

use super::{Chrome, PageResult, PageUser, render};
use crate::AppState;
use crate::extract::Path;

#[derive(Template)]
#[template(path = "organisation.html")]
struct OrganisationPage {
    c: Chrome,
    p: OrganisationProfile,
}

impl OrganisationPage {
    /// The share of measures closed, in whole per cent ("—" without measures).
    fn completion(&self) -> String {
        let t = &self.p.totals;
        (t.closed * 100).checked_div(t.measures).map_or("—".into(), |pct| format!("{pct}%"))
    }
}

pub async fn show(State(s): State<AppState>, page: PageUser, Path(id): Path<OrgId>) -> PageResult<Response> {
    let p = s.app.organisation_profile(&page.actor, id).await?;
    Ok(render(&OrganisationPage { c: page.chrome(&s, "", None), p }))
}
