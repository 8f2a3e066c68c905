//! The inspecting side's forms: the tip inbox, work papers and their sign-off, feedback,
//! transfers, and the office's disclosure of progress.

use crate::extract::{Path, Query};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use xuncha_app::AppError;
use xuncha_app::disclosures::{DisclosureInput, WithholdInput};
use xuncha_app::inputs::{
    AnnouncementInput, FeedbackInput, NewTipInput, NewTransferInput, ProblemInput, ReplyInput, ReturnInput,
    TipLinkInput, TriageInput, VersionInput,
};
use xuncha_app::tips::TipView;
use xuncha_app::views::InspectionRecord;
use xuncha_app::views::TipperRecord;
use xuncha_domain::access::{Capability, allowed};
use xuncha_domain::id::*;
use xuncha_domain::tip::{TipChannel, TipStatus};

use super::{Checked, CsrfOnly};
use super::{Chrome, PageResult, PageUser, code, done, render};
use crate::AppState;
use xuncha_domain::inspection::Body;

#[derive(Template)]
#[template(path = "tips.html")]
struct TipsPage {
    c: Chrome,
    i: InspectionRecord,
    /// The tips the filter lets through, each with its number in the whole inbox.
    tips: Vec<TipView>,
    /// How many tips the inbox holds in all (the filter may show fewer).
    total: usize,
    filter: TipFilter,
    problems: Vec<xuncha_app::problems::ProblemFacts>,
    /// Every channel, to filter by; those a person registers from, to register.
    channels: &'static [TipChannel],
    registered: &'static [TipChannel],
    statuses: &'static [TipStatus],
    can_unseal: bool,
    today: String,
    /// The identity just revealed, shown at its own tip.
    tipper: Option<(TipId, TipperRecord)>,
}

impl TipsPage {
    /// The problem's number and summary, for a link from a tip.
    fn problem(&self, id: &ProblemId) -> Option<&xuncha_app::problems::ProblemFacts> {
        self.problems.iter().find(|p| p.id == *id)
    }
    fn linked(&self, tv: &TipView, id: &ProblemId) -> bool {
        tv.problem_ids.contains(id)
    }
    fn revealed(&self, id: &TipId) -> Option<&TipperRecord> {
        self.tipper.as_ref().filter(|(t, _)| t == id).map(|(_, r)| r)
    }
    /// The first line of a tip, short enough for a table cell.
    fn gist(&self, content: &str) -> String {
        xuncha_app::views::first_chars(content, 40)
    }
}

/// The inbox filter: status, channel and words in the content (each optional; unknown codes
/// are ignored rather than refused, as with any search box).
#[derive(Deserialize, Default)]
pub struct TipFilter {
    #[serde(default)]
    status: String,
    #[serde(default)]
    channel: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    ok: Option<String>,
}

impl TipFilter {
    fn keeps(&self, t: &TipView) -> bool {
        let status = TipStatus::parse("status", &self.status).ok();
        let channel = TipChannel::parse("channel", &self.channel).ok();
        let words = self.q.trim();
        status.is_none_or(|s| t.tip.status == s)
            && channel.is_none_or(|c| t.tip.channel == c)
            && (words.is_empty() || t.tip.content.contains(words))
    }
    fn active(&self) -> bool {
        TipStatus::parse("status", &self.status).ok().is_some()
            || TipChannel::parse("channel", &self.channel).ok().is_some()
            || !self.q.trim().is_empty()
    }
}

pub async fn tips(
    State(s): State<AppState>,
    page: PageUser,
    Path(id): Path<InspectionId>,
    Query(f): Query<TipFilter>,
) -> PageResult<Response> {
    tips_page(&s, &page, id, f, None).await
}

async fn tips_page(
    s: &AppState,
    page: &PageUser,
    id: InspectionId,
    filter: TipFilter,
    tipper: Option<(TipId, TipperRecord)>,
) -> PageResult<Response> {
    let a = &page.actor;
    let i = s.app.get_inspection(a, id).await?;
    let all = s.app.list_tips(a, id).await?;
    let total = all.len();
    let tips = all.into_iter().filter(|t| filter.keeps(t)).collect();
    let problems = s.app.list_problems(a, id).await?.into_iter().map(|p| p.problem).collect();
    let scope = i.scope.clone();
    Ok(render(&TipsPage {
        c: page.chrome(s, "", filter.ok.as_deref()),
        can_unseal: allowed(a, Capability::UnsealTipper(&scope)),
        i,
        tips,
        total,
        filter,
        problems,
        channels: TipChannel::ALL,
        registered: TipChannel::REGISTERED,
        statuses: TipStatus::ALL,
        today: s.app.today().to_string(),
        tipper,
    }))
}

#[derive(Deserialize)]
pub struct TipForm {
    channel: String,
    content: String,
    received_on: String,
    #[serde(default)]
    tipper_name: String,
    #[serde(default)]
    tipper_contact: String,
}

pub async fn register_tip(
    State(s): State<AppState>,
    Path(id): Path<InspectionId>,
    Checked(page, f): Checked<TipForm>,
) -> PageResult<Response> {
    let input = NewTipInput {
        channel: code("channel", &f.channel)?,
        content: f.content,
        received_on: f.received_on,
        anonymous: f.tipper_name.trim().is_empty() && f.tipper_contact.trim().is_empty(),
        tipper_name: f.tipper_name,
        tipper_contact: f.tipper_contact,
    };
    s.app.register_tip(&page.actor, id, &input).await?;
    Ok(done(format!("/inspections/{id}/tips"), "saved"))
}

/// Triage and reply come from one form per tip; the fields present decide which.
pub async fn handle_tip(
    State(s): State<AppState>,
    Path(tip_id): Path<TipId>,
    Checked(page, fields): Checked<Vec<(String, String)>>,
) -> PageResult<Response> {
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    let version: i64 = get("version").parse().map_err(|_| AppError::invalid("version", "缺少版本号"))?;
    let problem_ids =
        || fields.iter().filter(|(k, _)| k == "problem_ids").filter_map(|(_, v)| v.parse().ok()).collect();
    let view = match get("action").as_str() {
        "reply" => s.app.reply_tip(&page.actor, tip_id, &ReplyInput { version, reply: get("reply") }).await?,
        "link" => s.app.link_tip(&page.actor, tip_id, &TipLinkInput { version, problem_ids: problem_ids() }).await?,
        _ => {
            // The problem boxes are offered for acceptance only ("受理时可选"): a tip forwarded or
            // refused leads to none, whatever was ticked before the choice changed.
            let status: TipStatus = code("status", &get("status"))?;
            let problem_ids = if status == TipStatus::Accepted { problem_ids() } else { Vec::new() };
            let input =
                TriageInput { version, status, forwarded_to: get("forwarded_to"), reason: get("reason"), problem_ids };
            s.app.triage_tip(&page.actor, tip_id, &input).await?
        }
    };
    let to = format!("/inspections/{}/tips?ok=saved#tip{}", view.tip.inspection_id, view.tip.id);
    Ok(axum::response::Redirect::to(&to).into_response())
}

/// Shows the tipper's identity once, on this response only; the reveal is recorded.
pub async fn unseal(
    State(s): State<AppState>,
    Path(tip_id): Path<TipId>,
    Checked(page, CsrfOnly {}): Checked<CsrfOnly>,
) -> PageResult<Response> {
    let tipper = s.app.unseal_tipper(&page.actor, tip_id).await?;
    let tip = s.app.get_tip(&page.actor, tip_id).await?;
    tips_page(&s, &page, tip.tip.inspection_id, TipFilter::default(), Some((tip_id, tipper))).await
}

#[derive(Deserialize)]
pub struct PaperForm {
    source: String,
    #[serde(default)]
    aspect_id: String,
    summary: String,
    #[serde(default)]
    detail: String,
    #[serde(default)]
    evidence_list: String,
    #[serde(default)]
    found_on: String,
    #[serde(default)]
    typical_code: String,
}

pub async fn draft_problem(
    State(s): State<AppState>,
    Path(id): Path<InspectionId>,
    Checked(page, f): Checked<PaperForm>,
) -> PageResult<Response> {
    let input = ProblemInput {
        version: None,
        source: code("source", &f.source)?,
        aspect_id: f.aspect_id.trim().parse().ok(),
        summary: f.summary,
        detail: f.detail,
        evidence_list: f.evidence_list,
        found_on: Some(f.found_on).filter(|d| !d.trim().is_empty()),
        typical_code: Some(f.typical_code).filter(|c| !c.trim().is_empty()),
    };
    s.app.draft_problem(&page.actor, id, &input).await?;
    Ok(done(format!("/inspections/{id}"), "saved"))
}

#[derive(Deserialize)]
pub struct VersionForm {
    version: i64,
}

pub async fn sign_problem(
    State(s): State<AppState>,
    Path(id): Path<ProblemId>,
    Checked(page, f): Checked<VersionForm>,
) -> PageResult<Response> {
    let p = s.app.sign_problem(&page.actor, id, &VersionInput { version: f.version }).await?;
    Ok(done(format!("/inspections/{}", p.inspection_id), "saved"))
}

#[derive(Deserialize)]
pub struct ReturnForm {
    version: i64,
    #[serde(default)]
    comment: String,
}

pub async fn return_problem(
    State(s): State<AppState>,
    Path(id): Path<ProblemId>,
    Checked(page, f): Checked<ReturnForm>,
) -> PageResult<Response> {
    let p = s.app.return_problem(&page.actor, id, &ReturnInput { version: f.version, comment: f.comment }).await?;
    Ok(done(format!("/inspections/{}", p.inspection_id), "returned"))
}

#[derive(Deserialize)]
pub struct FeedbackForm {
    version: i64,
    date: String,
    signed_for_by: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    discipline: Option<String>,
    #[serde(default)]
    organisation: Option<String>,
}

pub async fn feedback(
    State(s): State<AppState>,
    Path(id): Path<InspectionId>,
    Checked(page, f): Checked<FeedbackForm>,
) -> PageResult<Response> {
    let mut bodies = Vec::new();
    if f.discipline.is_some() {
        bodies.push(Body::Discipline);
    }
    if f.organisation.is_some() {
        bodies.push(Body::Organisation);
    }
    let input =
        FeedbackInput { version: f.version, date: f.date, bodies, signed_for_by: f.signed_for_by, notes: f.notes };
    s.app.give_feedback(&page.actor, id, &input).await?;
    Ok(done(format!("/inspections/{id}"), "saved"))
}

#[derive(Deserialize)]
pub struct TransferForm {
    #[serde(default)]
    problem_id: String,
    kind: String,
    body: String,
    #[serde(default)]
    body_name: String,
    content: String,
    transferred_on: String,
}

pub async fn transfer(
    State(s): State<AppState>,
    Path(id): Path<InspectionId>,
    Checked(page, f): Checked<TransferForm>,
) -> PageResult<Response> {
    let input = NewTransferInput {
        problem_id: f.problem_id.trim().parse().ok(),
        kind: code("kind", &f.kind)?,
        body: code("body", &f.body)?,
        body_name: f.body_name,
        content: f.content,
        transferred_on: f.transferred_on,
    };
    s.app.create_transfer(&page.actor, id, &input).await?;
    Ok(done(format!("/inspections/{id}"), "saved"))
}

#[derive(Deserialize)]
pub struct DisclosureForm {
    title: String,
    public_text: String,
    #[serde(default)]
    internal_text: String,
}

pub async fn draft_disclosure(
    State(s): State<AppState>,
    Path(id): Path<InspectionId>,
    Checked(page, f): Checked<DisclosureForm>,
) -> PageResult<Response> {
    let input = DisclosureInput { title: f.title, public_text: f.public_text, internal_text: f.internal_text };
    s.app.draft_disclosure(&page.actor, id, &input).await?;
    Ok(done(format!("/inspections/{id}"), "saved"))
}

#[derive(Deserialize)]
pub struct DecideDisclosureForm {
    version: i64,
    decision: String,
    #[serde(default)]
    ground: String,
    #[serde(default)]
    note: String,
}

pub async fn decide_disclosure(
    State(s): State<AppState>,
    Path(id): Path<DisclosureId>,
    Checked(page, f): Checked<DecideDisclosureForm>,
) -> PageResult<Response> {
    let d = if f.decision == "publish" {
        s.app.publish_disclosure(&page.actor, id, f.version).await?
    } else {
        s.app
            .withhold_disclosure(
                &page.actor,
                id,
                &WithholdInput { version: f.version, ground: code("ground", &f.ground)?, note: f.note },
            )
            .await?
    };
    Ok(done(format!("/inspections/{}", d.inspection_id), "saved"))
}

#[derive(Deserialize)]
pub struct AnnouncementForm {
    version: i64,
    #[serde(default)]
    announcement: String,
    #[serde(default)]
    tip_phone: String,
    #[serde(default)]
    tip_email: String,
    #[serde(default)]
    tip_post_box: String,
    #[serde(default)]
    tip_address: String,
    #[serde(default)]
    tip_window_start: String,
    #[serde(default)]
    tip_window_end: String,
}

/// The announcement and tip channels; the window decides when the public form takes tips.
pub async fn announcement(
    State(s): State<AppState>,
    Path(id): Path<InspectionId>,
    Checked(page, f): Checked<AnnouncementForm>,
) -> PageResult<Response> {
    let opt = |v: String| Some(v).filter(|v| !v.trim().is_empty());
    let input = AnnouncementInput {
        version: f.version,
        announcement: f.announcement,
        tip_phone: f.tip_phone,
        tip_email: f.tip_email,
        tip_post_box: f.tip_post_box,
        tip_address: f.tip_address,
        tip_window_start: opt(f.tip_window_start),
        tip_window_end: opt(f.tip_window_end),
    };
    s.app.update_announcement(&page.actor, id, &input).await?;
    Ok(done(format!("/inspections/{id}"), "saved"))
}
