//! Problems as work papers: drafting, sign-off, the target's view after feedback, and rebound
//! links at a look-back.

use schemars::JsonSchema;
use serde::Serialize;
use time::OffsetDateTime;
use xuncha_domain::access::{Actor, Capability};
use xuncha_domain::action::Action;
use xuncha_domain::id::*;
use xuncha_domain::inspection::check_rebound;
use xuncha_domain::problem::{self, ProblemSource, ProblemStatus};
use xuncha_store::{Measure, NewProblem, PaperEdit, Problem};

use crate::inputs::{self, ProblemInput, ReboundInput, ReturnInput, VersionInput};
use crate::views::{self, MeasureRecord, PaperRecord};
use crate::{App, AppError, AppResult, By, check_version, json, require_visible, visible_inspection};

/// A problem with its measures (lights filled in), as its reader may read it. Built only by
/// [`ProblemView::for_reader`]: the work paper behind a finding (whether it came from a tip or a
/// talk, its evidence list, who drafted and signed it) belongs to the inspecting side; a target
/// or a supervisor reads the finding itself and never learns that a tip lay behind it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ProblemView {
    #[serde(flatten)]
    pub problem: ProblemFacts,
    /// Present for the office, leaders and the inspecting team only; its fields sit beside the
    /// finding's in JSON (`source`, `evidence_list`, …) and are absent for everyone else.
    #[serde(flatten)]
    pub work_paper: Option<WorkPaper>,
    pub measures: Vec<MeasureRecord>,
    /// The typical problem of the 问题库 it falls under, and whether a person chose it.
    pub typical: Option<crate::library::TypicalRef>,
}

/// What every reader of a problem may read.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ProblemFacts {
    pub id: ProblemId,
    pub inspection_id: InspectionId,
    pub number: i64,
    pub aspect_id: Option<AspectId>,
    pub summary: String,
    pub detail: String,
    #[serde(with = "xuncha_store::date_fmt")]
    #[schemars(with = "xuncha_domain::schema::DateText")]
    pub found_on: time::Date,
    pub status: ProblemStatus,
    pub rebound_of: Option<ProblemId>,
    pub version: i64,
}

/// The work paper's own fields: the inspecting side's only.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct WorkPaper {
    pub source: ProblemSource,
    pub evidence_list: String,
    pub drafted_by: Option<UserId>,
    pub deputy_signed_by: Option<UserId>,
    pub leader_signed_by: Option<UserId>,
    #[serde(rename = "drafted_at", with = "time::serde::rfc3339")]
    #[schemars(with = "xuncha_domain::schema::InstantText")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schemars(with = "Option<xuncha_domain::schema::InstantText>")]
    pub deputy_signed_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schemars(with = "Option<xuncha_domain::schema::InstantText>")]
    pub leader_signed_at: Option<OffsetDateTime>,
    /// The comment the paper was last returned with (empty once signed again).
    pub return_comment: String,
    pub returned_by: Option<UserId>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schemars(with = "Option<xuncha_domain::schema::InstantText>")]
    pub returned_at: Option<OffsetDateTime>,
    /// 起草人, 审核人, 审定人 and who returned it, by name and post (filled for one paper).
    pub signers: crate::audit::People,
}

impl ProblemFacts {
    /// The finding itself, without its work paper: what any reader of the problem may read.
    pub fn of(p: &Problem) -> Self {
        ProblemFacts {
            id: p.id,
            inspection_id: p.inspection_id,
            number: p.number,
            aspect_id: p.aspect_id,
            summary: p.summary.clone(),
            detail: p.detail.clone(),
            found_on: p.found_on,
            status: p.status,
            rebound_of: p.rebound_of,
            version: p.version,
        }
    }
}

impl ProblemView {
    /// The problem as `actor` may read it: with its work paper for the inspecting side only.
    pub fn for_reader(actor: &Actor, p: Problem, measures: Vec<Measure>) -> Self {
        let problem = ProblemFacts::of(&p);
        let work_paper = sees_drafts(actor).then_some(WorkPaper {
            source: p.source,
            evidence_list: p.evidence_list,
            drafted_by: p.drafted_by,
            deputy_signed_by: p.deputy_signed_by,
            leader_signed_by: p.leader_signed_by,
            created_at: p.created_at,
            deputy_signed_at: p.deputy_signed_at,
            leader_signed_at: p.leader_signed_at,
            return_comment: p.return_comment,
            returned_by: p.returned_by,
            returned_at: p.returned_at,
            signers: Default::default(),
        });
        ProblemView { problem, work_paper, measures: views::all(measures), typical: None }
    }
}

/// Whether the actor sees work papers before they are fed back (the county's inspecting side
/// does; a higher office does not).
fn sees_drafts(actor: &Actor) -> bool {
    actor.reads_work_papers()
}

/// Who picked a problem's typical problem, and when, may be its drafter at drafting time: the
/// inspecting side's to know, like the work paper.
fn typical_as_read(actor: &Actor, typical: &mut Option<crate::library::TypicalRef>) {
    if let Some(t) = typical.as_mut().filter(|_| !sees_drafts(actor)) {
        t.chosen_by.clear();
        t.chosen_at.clear();
    }
}

fn fed_back(p: &Problem) -> bool {
    matches!(p.status, ProblemStatus::FedBack | ProblemStatus::Closed)
}

/// A work paper as its reviewer acts on it (sign or return): visible, the actor one who signs
/// papers of its team, the version current; with the actor's position on the team.
async fn reviewer_of(
    tx: &mut crate::Write<'_>,
    actor: &Actor,
    id: ProblemId,
    version: i64,
) -> AppResult<(Problem, xuncha_domain::role::TeamPosition)> {
    let before = tx.conn().get_problem(id).await?.ok_or(AppError::NotFound)?;
    let (_, scope) = visible_inspection(&mut tx.conn(), actor, before.inspection_id).await?;
    tx.require_visible(Capability::ReadProblems(&scope))?;
    tx.require(Capability::SignProblem(&scope))?;
    check_version(version, before.version)?;
    let position = actor.serves_on(&scope).ok_or(AppError::Forbidden)?;
    Ok((before, position))
}

/// A finding of `insp` may rebound `earlier_id` only if that is an earlier, closed problem of the
/// same organisation.
pub(crate) async fn check_rebound_of(
    conn: &mut xuncha_store::Conn<'_>,
    insp: &xuncha_store::Inspection,
    earlier_id: ProblemId,
) -> AppResult<Problem> {
    let earlier =
        conn.get_problem(earlier_id).await?.ok_or_else(|| AppError::invalid("rebound_of", "所关联的问题不存在"))?;
    let earlier_insp = conn.get_inspection(earlier.inspection_id).await?.ok_or(AppError::NotFound)?;
    // Another organisation's problem is answered as a missing one: its state is not the
    // caller's to learn (only the organisation's own earlier problems are listed to it).
    if earlier_insp.target_org_id != insp.target_org_id {
        return Err(AppError::invalid("rebound_of", "所关联的问题不存在"));
    }
    check_rebound(
        insp.target_org_id,
        earlier_insp.target_org_id,
        earlier.status == ProblemStatus::Closed,
        earlier_insp.entry_date < insp.entry_date,
    )?;
    Ok(earlier)
}

/// The typical problem a work paper's form picked, checked against the library in force
/// (`None`: none picked, the library classifies the text).
async fn picked_typical(
    conn: &mut xuncha_store::Conn<'_>,
    committee: Option<OrgId>,
    input: &ProblemInput,
) -> AppResult<Option<String>> {
    let Some(code) = input.typical_code.as_deref().map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let force = crate::library::in_force(conn, committee).await?;
    match force.get(code) {
        Some(t) => Ok(Some(t.code.clone())),
        None => Err(AppError::invalid("typical_code", "问题库中没有这个典型问题")),
    }
}

impl App {
    pub async fn draft_problem(
        &self,
        actor: &Actor,
        inspection_id: InspectionId,
        input: &ProblemInput,
    ) -> AppResult<PaperRecord> {
        let source = input.source;
        problem::validate_paper(&input.summary, &input.detail, &input.evidence_list)?;
        let found_on =
            inputs::opt_date("found_on", "发现日期", input.found_on.as_deref())?.unwrap_or_else(|| self.today());
        let mut tx = self.write(By::User(actor)).await?;
        let (insp, scope) = visible_inspection(&mut tx.conn(), actor, inspection_id).await?;
        tx.require(Capability::DraftProblem(&scope))?;
        if let Some(a) = input.aspect_id {
            tx.conn().get_aspect(a).await?.ok_or_else(|| AppError::invalid("aspect_id", "问题方面不存在"))?;
        }
        let id = tx
            .conn()
            .insert_problem(&NewProblem {
                inspection_id,
                source,
                aspect_id: input.aspect_id,
                summary: input.summary.trim(),
                detail: input.detail.trim(),
                evidence_list: input.evidence_list.trim(),
                found_on,
                drafted_by: actor.user_id,
            })
            .await?;
        let mut p = tx.conn().get_problem(id).await?.ok_or(AppError::NotFound)?;
        if let Some(code) = picked_typical(&mut tx.conn(), insp.committee_id, input).await? {
            tx.conn().set_problem_typical(id, p.version, Some(&code), actor.user_id).await?;
            p = tx.conn().get_problem(id).await?.ok_or(AppError::NotFound)?;
        }
        tx.record(Action::ProblemDraft, id, &format!("起草问题底稿{}", p.number), "{}", &json(&p)).await?;
        tx.commit().await?;
        Ok(p.into())
    }

    pub async fn edit_problem(&self, actor: &Actor, id: ProblemId, input: &ProblemInput) -> AppResult<PaperRecord> {
        let version = input.version.ok_or_else(|| AppError::invalid("version", "缺少版本号"))?;
        let source = input.source;
        problem::validate_paper(&input.summary, &input.detail, &input.evidence_list)?;
        let mut tx = self.write(By::User(actor)).await?;
        let before = tx.conn().get_problem(id).await?.ok_or(AppError::NotFound)?;
        let (insp, scope) = visible_inspection(&mut tx.conn(), actor, before.inspection_id).await?;
        tx.require_visible(Capability::ReadProblems(&scope))?;
        tx.require(Capability::DraftProblem(&scope))?;
        check_version(version, before.version)?;
        problem::check_paper_edit(before.status)?;
        let edit = PaperEdit {
            source,
            aspect_id: input.aspect_id,
            summary: input.summary.trim(),
            detail: input.detail.trim(),
            evidence_list: input.evidence_list.trim(),
        };
        tx.conn().edit_paper(id, version, &edit).await?;
        let mut after = tx.conn().get_problem(id).await?.ok_or(AppError::NotFound)?;
        // The pick is changed only when the form sends one: absent leaves it as it was.
        if input.typical_code.is_some() {
            let code = picked_typical(&mut tx.conn(), insp.committee_id, input).await?;
            if code != after.typical_code {
                tx.conn().set_problem_typical(id, after.version, code.as_deref(), actor.user_id).await?;
                after = tx.conn().get_problem(id).await?.ok_or(AppError::NotFound)?;
            }
        }
        tx.record(Action::ProblemEdit, id, &format!("修改问题底稿{}", after.number), &json(&before), &json(&after))
            .await?;
        tx.commit().await?;
        Ok(after.into())
    }

    /// The next sign-off on a work paper, by the deputy leader and then the leader.
    pub async fn sign_problem(&self, actor: &Actor, id: ProblemId, input: &VersionInput) -> AppResult<PaperRecord> {
        let mut tx = self.write(By::User(actor)).await?;
        let (before, position) = reviewer_of(&mut tx, actor, id, input.version).await?;
        let to = problem::sign_off(before.status, position)?;
        tx.conn().sign_problem(id, input.version, to, actor.user_id).await?;
        let after = tx.conn().get_problem(id).await?.ok_or(AppError::NotFound)?;
        tx.record(
            Action::ProblemSign,
            id,
            &format!("问题底稿{}:{}", after.number, to.label()),
            &json(&before),
            &json(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(after.into())
    }

    /// Returns a work paper to its drafter with a comment, at the reviewer's own step.
    pub async fn return_problem(&self, actor: &Actor, id: ProblemId, input: &ReturnInput) -> AppResult<PaperRecord> {
        let mut tx = self.write(By::User(actor)).await?;
        let (before, position) = reviewer_of(&mut tx, actor, id, input.version).await?;
        problem::return_paper(before.status, position, &input.comment)?;
        let comment = input.comment.trim();
        tx.conn().return_problem(id, input.version, actor.user_id, comment).await?;
        let after = tx.conn().get_problem(id).await?.ok_or(AppError::NotFound)?;
        let summary = format!("退回问题底稿{}:{comment}", after.number);
        tx.record(Action::ProblemReturn, id, &summary, &json(&before), &json(&after)).await?;
        tx.commit().await?;
        Ok(after.into())
    }

    pub async fn list_problems(&self, actor: &Actor, inspection_id: InspectionId) -> AppResult<Vec<ProblemView>> {
        let mut h = self.store.read().await?;
        let (insp, scope) = visible_inspection(&mut h.conn(), actor, inspection_id).await?;
        require_visible(actor, Capability::ReadProblems(&scope))?;
        let problems = h.conn().list_problems(inspection_id).await?;
        let mut measures = h.conn().inspection_measures(inspection_id).await?;
        let basis = self.light_basis(&mut h.conn(), inspection_id).await?;
        self.fill_lights(&mut measures, basis);
        let drafts = sees_drafts(actor);
        let force = crate::library::in_force(&mut h.conn(), insp.committee_id).await?;
        Ok(problems
            .into_iter()
            .filter(|p| drafts || fed_back(p))
            .map(|p| {
                let ms = measures.iter().filter(|m| m.problem_id == p.id).cloned().collect();
                let mut typical = crate::library::typical_of(&force, &p);
                typical_as_read(actor, &mut typical);
                ProblemView { typical, ..ProblemView::for_reader(actor, p, ms) }
            })
            .collect())
    }

    pub async fn get_problem(&self, actor: &Actor, id: ProblemId) -> AppResult<ProblemView> {
        let mut h = self.store.read().await?;
        let problem = h.conn().get_problem(id).await?.ok_or(AppError::NotFound)?;
        let (_, scope) = visible_inspection(&mut h.conn(), actor, problem.inspection_id).await?;
        require_visible(actor, Capability::ReadProblems(&scope))?;
        if !sees_drafts(actor) && !fed_back(&problem) {
            return Err(AppError::NotFound);
        }
        let mut measures = h.conn().problem_measures(id).await?;
        let basis = self.light_basis(&mut h.conn(), problem.inspection_id).await?;
        self.fill_lights(&mut measures, basis);
        let mut typical = self.typical_for_page(&mut h.conn(), &problem).await?;
        typical_as_read(actor, &mut typical);
        let mut view = ProblemView::for_reader(actor, problem, measures);
        view.typical = typical;
        if let Some(w) = view.work_paper.as_mut() {
            let ids = [w.drafted_by, w.deputy_signed_by, w.leader_signed_by, w.returned_by];
            w.signers = crate::audit::people(&mut h.conn(), ids.into_iter().flatten().collect()).await?;
        }
        Ok(view)
    }

    /// Marks (or unmarks) a new finding as the rebound of an earlier closed problem.
    pub async fn set_rebound(&self, actor: &Actor, id: ProblemId, input: &ReboundInput) -> AppResult<PaperRecord> {
        let mut tx = self.write(By::User(actor)).await?;
        let before = tx.conn().get_problem(id).await?.ok_or(AppError::NotFound)?;
        let (insp, scope) = visible_inspection(&mut tx.conn(), actor, before.inspection_id).await?;
        tx.require_visible(Capability::ReadProblems(&scope))?;
        tx.require(Capability::MarkRebound(&scope))?;
        check_version(input.version, before.version)?;
        if let Some(earlier_id) = input.rebound_of {
            check_rebound_of(&mut tx.conn(), &insp, earlier_id).await?;
        }
        tx.conn().set_rebound(id, input.version, input.rebound_of).await?;
        let after = tx.conn().get_problem(id).await?.ok_or(AppError::NotFound)?;
        let summary = match input.rebound_of {
            Some(e) => format!("问题{}认定为问题#{e}的反弹", after.number),
            None => format!("问题{}取消反弹认定", after.number),
        };
        tx.record(Action::ProblemRebound, id, &summary, &json(&before), &json(&after)).await?;
        tx.commit().await?;
        Ok(after.into())
    }
}
