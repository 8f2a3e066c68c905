//! One inspection: its facts, announcement, problems, transfers, look-back history and trail.

use crate::extract::{Path, Query};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use xuncha_app::AppError;
use xuncha_app::audit::HistoryEntry;
use xuncha_app::disclosures::DisclosureList;
use xuncha_app::inspections::{EarlierProblem, EarlierProblemView};
use xuncha_app::problems::ProblemView;
use xuncha_app::transfers::TransferView;
use xuncha_app::views::AspectRecord;
use xuncha_app::views::InspectionRecord;
use xuncha_domain::access::{Capability, allowed};
use xuncha_domain::disclosure::{DisclosureStatus, WithholdGround};
use xuncha_domain::id::*;
use xuncha_domain::inspection::Body;
use xuncha_domain::problem::{ProblemSource, ProblemStatus};
use xuncha_domain::role::TeamPosition;
use xuncha_domain::transfer::TransferKind;

use super::{Chrome, Flash, PageResult, PageUser, history_of, or_empty, render};
use crate::AppState;

#[derive(Template)]
#[template(path = "inspection.html")]
struct InspectionPage {
    c: Chrome,
    i: InspectionRecord,
    problems: Vec<ProblemView>,
    transfers: Vec<TransferView>,
    earlier: Vec<EarlierProblem>,
    plan: Option<xuncha_app::views::PlanRecord>,
    can_tips: bool,
    history: Vec<HistoryEntry>,
    /// The reader's position on the inspecting team, if any.
    position: Option<TeamPosition>,
    can_draft: bool,
    /// The 问题库 in force, grouped by category, for the drafting form (empty unless drafting).
    typicals: Vec<(String, Vec<xuncha_app::library::TypicalProblemView>)>,
    can_announce: bool,
    can_feedback: bool,
    can_transfer: bool,
    can_disclose: bool,
    /// The office escalates an organisation's overdue rectification (督办).
    can_escalate: bool,
    /// The rectification's score and mechanisms are open to the reader.
    can_read_assessment: bool,
    can_import: bool,
    disclosures: Option<DisclosureList>,
    /// 巡察档案: those the reader may read, and whether the reader makes them (after feedback).
    archives: Option<xuncha_app::archives::ArchiveList>,
    archive_variants: &'static [xuncha_domain::archive::ArchiveVariant],
    aspects: Vec<AspectRecord>,
    sources: &'static [ProblemSource],
    kinds: &'static [TransferKind],
    bodies: &'static [Body],
    grounds: &'static [WithholdGround],
    today: String,
}

impl InspectionPage {
    /// Whether the reader signs this paper next (deputy first, then leader).
    fn signs_next(&self, status: &ProblemStatus) -> bool {
        matches!(
            (status, self.position),
            (ProblemStatus::Draft, Some(TeamPosition::Deputy))
                | (ProblemStatus::DeputySigned, Some(TeamPosition::Leader))
        )
    }
    /// Whether the reader sees the work papers (any problem listed carries one).
    fn work_papers(&self) -> bool {
        self.problems.iter().any(|p| p.work_paper.is_some())
    }
    fn signed_count(&self) -> usize {
        self.problems.iter().filter(|p| p.problem.status == ProblemStatus::LeaderSigned).count()
    }
    /// The disclosure text can be downloaded: published, or a draft for the office.
    fn disclosure_doc(&self) -> bool {
        self.disclosures.as_ref().is_some_and(|l| {
            l.disclosures.iter().any(|d| {
                d.status == DisclosureStatus::Published || (self.can_disclose && d.status == DisclosureStatus::Draft)
            })
        })
    }
    fn bodies(&self) -> String {
        self.i.joint_bodies().iter().map(|b| b.label()).collect::<Vec<_>>().join("、")
    }
}

/// An official document of the inspection as .docx.
pub async fn document(
    State(s): State<AppState>,
    page: PageUser,
    Path((id, kind)): Path<(InspectionId, String)>,
) -> PageResult<Response> {
    Ok(crate::export::document_download(&s, &page.actor, id, &kind).await?)
}

pub async fn show(
    State(s): State<AppState>,
    page: PageUser,
    Path(id): Path<InspectionId>,
    Query(f): Query<Flash>,
) -> PageResult<Response> {
    let a = &page.actor;
    let i = s.app.get_inspection(a, id).await?;
    let scope = i.scope.clone();
    let problems = or_empty(s.app.list_problems(a, id).await)?;
    let transfers = or_empty(s.app.list_transfers(a, Some(id)).await)?;
    let earlier = or_empty(s.app.earlier_problems(a, id).await)?;
    let plan = if allowed(a, Capability::ReadPlan(&scope)) && i.feedback_date.is_some() {
        // No plan yet reads as none; a failure of the database is the page's failure, not a
        // plan that silently vanished.
        match s.app.get_plan(a, id).await {
            Ok(p) => Some(p.plan),
            Err(AppError::NotFound | AppError::Forbidden) => None,
            Err(e) => return Err(e.into()),
        }
    } else {
        None
    };
    let history = history_of(&s, a, "inspection", id).await?;
    let disclosures = match s.app.list_disclosures(a, id).await {
        Ok(d) => Some(d),
        Err(AppError::NotFound | AppError::Forbidden) => None,
        Err(e) => return Err(e.into()),
    };
    let archives = match s.app.list_archives(a, id).await {
        Ok(l) => Some(l),
        Err(AppError::NotFound | AppError::Forbidden) => None,
        Err(e) => return Err(e.into()),
    };
    let c = page.chrome(&s, "", f.ok.as_deref());
    let fed_back = i.feedback_date.is_some();
    Ok(render(&InspectionPage {
        c,
        can_tips: allowed(a, Capability::ReadTips(&scope)),
        position: a.serves_on(&scope),
        typicals: if allowed(a, Capability::DraftProblem(&scope)) {
            xuncha_app::library::by_category(s.app.library(a).await?.problems)
        } else {
            Vec::new()
        },
        can_draft: allowed(a, Capability::DraftProblem(&scope)),
        can_announce: allowed(a, Capability::EditInspection(&scope)),
        can_feedback: allowed(a, Capability::GiveFeedback(&scope)) && !fed_back,
        can_transfer: allowed(a, Capability::CreateTransfer(&scope)) && fed_back,
        can_disclose: allowed(a, Capability::Disclose(&scope)) && fed_back,
        can_escalate: allowed(a, Capability::Escalate(&scope)) && fed_back,
        can_read_assessment: allowed(a, Capability::ReadAssessment(&scope)) && fed_back,
        can_import: allowed(a, Capability::PlanRounds) && fed_back,
        disclosures,
        archives,
        archive_variants: xuncha_domain::archive::ArchiveVariant::ALL,
        aspects: s.app.list_aspects().await?,
        sources: ProblemSource::ALL,
        kinds: TransferKind::ALL,
        bodies: Body::ALL,
        grounds: WithholdGround::ALL,
        today: s.app.today().to_string(),
        i,
        problems,
        transfers,
        earlier,
        plan,
        history,
    }))
}

#[derive(Template)]
#[template(path = "earlier_problem.html")]
struct EarlierPage {
    c: Chrome,
    i: InspectionRecord,
    e: EarlierProblemView,
}

/// One earlier problem of the inspected organisation, read from the later inspection (回头看).
pub async fn earlier(
    State(s): State<AppState>,
    page: PageUser,
    Path((id, problem_id)): Path<(InspectionId, ProblemId)>,
) -> PageResult<Response> {
    let a = &page.actor;
    let i = s.app.get_inspection(a, id).await?;
    let e = s.app.earlier_problem(a, id, problem_id).await?;
    Ok(render(&EarlierPage { c: page.chrome(&s, "", None), i, e }))
}

/// The archive form: which variant.
#[derive(serde::Deserialize)]
pub struct ArchiveForm {
    #[serde(default)]
    variant: String,
}

/// Makes the inspection's archive and lands on its list.
pub async fn make_archive(
    State(s): State<AppState>,
    Path(id): Path<InspectionId>,
    super::Checked(page, f): super::Checked<ArchiveForm>,
) -> PageResult<Response> {
    let variant = super::code("variant", &f.variant)?;
    crate::api::archives::make(&s, &page.actor, id, variant).await?;
    Ok(super::done(format!("/inspections/{id}"), "archived#archives"))
}
