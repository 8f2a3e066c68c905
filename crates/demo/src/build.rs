//! Typed builders for the demo's acts: codes are enums and days are dates here, turned into the
//! text inputs the use cases read (as a form or the API would send them) in one place.

use time::Date;
use xuncha_app::inputs::{
    CloseInput, EvidenceUpload, FeedbackInput, MeasureInput, NewTipInput, ProblemInput, ProgressInput, ReviewInput,
    VersionInput,
};
use xuncha_app::tips::TipView;
use xuncha_app::views::{InspectionRecord, MeasureRecord, PaperRecord};
use xuncha_app::{App, AppResult};
use xuncha_domain::access::Actor;
use xuncha_domain::id::*;
use xuncha_domain::inspection::Body;
use xuncha_domain::measure::{DeadlineKind, MeasureStatus};
use xuncha_domain::problem::ProblemSource;
use xuncha_domain::tip::TipChannel;

/// A date as the inputs carry it.
pub fn day(d: Date) -> String {
    d.to_string()
}

/// When a measure is due.
#[derive(Clone, Copy)]
pub enum Deadline {
    /// 立行立改: done at once, no date.
    Immediate,
    /// 限期完成.
    By(Date),
    /// 长期坚持: a first date, and how it goes on.
    LongTerm { by: Date, milestone: &'static str },
}

/// A measure as a plan writes it.
pub struct Promise<'a> {
    pub content: &'a str,
    /// "纪委书记 任佳" (post, space, name) is written as ledgers do: 任佳(纪委书记).
    pub person: &'a str,
    pub deadline: Deadline,
    pub standard: &'a str,
}

/// Adds a measure to a problem as `who` (the target's secretary or liaison).
async fn promise(app: &App, who: &Actor, problem_id: ProblemId, p: Promise<'_>) -> AppResult<MeasureRecord> {
    let person = match p.person.split_once(' ') {
        Some((post, name)) => format!("{name}({post})"),
        None => p.person.to_string(),
    };
    let (kind, deadline, milestone) = match p.deadline {
        Deadline::Immediate => (DeadlineKind::Immediate, None, ""),
        Deadline::By(d) => (DeadlineKind::Dated, Some(d), ""),
        Deadline::LongTerm { by, milestone } => (DeadlineKind::LongTerm, Some(by), milestone),
    };
    let input = MeasureInput {
        version: None,
        content: p.content.into(),
        responsible_person: person,
        responsible_leader: String::new(),
        department: String::new(),
        deadline_kind: Some(kind),
        deadline: deadline.map(day),
        milestone: milestone.into(),
        completion_standard: p.standard.into(),
    };
    app.add_measure(who, problem_id, &input).await
}

/// Writes a plan's measures in order, each `(i, promise)` to the `i`-th of `problems`.
pub async fn write_plan(
    app: &App,
    who: &Actor,
    problems: &[PaperRecord],
    promises: Vec<(usize, Promise<'_>)>,
) -> AppResult<Vec<MeasureRecord>> {
    let mut out = Vec::new();
    for (i, p) in promises {
        out.push(promise(app, who, problems[i].id, p).await?);
    }
    Ok(out)
}

/// Drafts problems as a team member and signs them off by the deputy and the leader
/// (`team` is leader, deputy, member).
pub async fn signed_problems(
    app: &App,
    team: &[Actor],
    inspection_id: InspectionId,
    list: &[(&str, Option<AspectId>)],
    found_on: Date,
) -> AppResult<Vec<PaperRecord>> {
    let mut out = Vec::new();
    for (summary, aspect) in list {
        let input = ProblemInput {
            version: None,
            source: ProblemSource::Talk,
            aspect_id: *aspect,
            summary: (*summary).into(),
            detail: String::new(),
            evidence_list: "谈话记录、查阅资料清单".into(),
            found_on: Some(day(found_on)),
            typical_code: None,
        };
        let p = app.draft_problem(&team[2], inspection_id, &input).await?;
        let p = app.sign_problem(&team[1], p.id, &VersionInput { version: p.version }).await?;
        out.push(app.sign_problem(&team[0], p.id, &VersionInput { version: p.version }).await?);
    }
    Ok(out)
}

/// The leader feeds the problems back, with the bodies that join.
pub async fn feedback(
    app: &App,
    leader: &Actor,
    id: InspectionId,
    date: Date,
    bodies: &[Body],
    signed_for_by: &str,
) -> AppResult<InspectionRecord> {
    let insp = app.get_inspection(leader, id).await?;
    let input = FeedbackInput {
        version: insp.version,
        date: day(date),
        bodies: bodies.to_vec(),
        signed_for_by: signed_for_by.into(),
        notes: "巡察组长反馈问题,被巡察党组织主要负责人表态发言".into(),
    };
    app.give_feedback(leader, id, &input).await
}

/// Registers a tip; `tipper` is (name, contact) for a named one, `None` for an anonymous one.
pub async fn tip(
    app: &App,
    member: &Actor,
    inspection_id: InspectionId,
    channel: TipChannel,
    content: &str,
    received_on: Date,
    tipper: Option<(&str, &str)>,
) -> AppResult<TipView> {
    let (name, contact) = tipper.unwrap_or(("", ""));
    let input = NewTipInput {
        channel,
        content: content.into(),
        received_on: day(received_on),
        anonymous: tipper.is_none(),
        tipper_name: name.into(),
        tipper_contact: contact.into(),
    };
    app.register_tip(member, inspection_id, &input).await
}

/// The secretary submits the plan and the office approves it.
pub async fn approve_plan(app: &App, secretary: &Actor, office: &Actor, inspection_id: InspectionId) -> AppResult<()> {
    let plan = app.get_plan(secretary, inspection_id).await?;
    let plan = app.submit_plan(secretary, inspection_id, plan.plan.version).await?;
    let review =
        ReviewInput { version: plan.version, approve: true, comments: "同意".into(), problem_comments: vec![] };
    app.review_plan(office, inspection_id, &review).await?;
    Ok(())
}

/// The unit reports progress on a measure, at its current version.
pub async fn report(
    app: &App,
    who: &Actor,
    measure_id: MeasureId,
    content: &str,
    status: MeasureStatus,
) -> AppResult<()> {
    let m = app.get_measure(who, measure_id).await?.measure;
    let input = ProgressInput { version: m.version, content: content.into(), status };
    app.report_progress(who, measure_id, &input).await?;
    Ok(())
}

/// The target reports completion with a document dated `dated`; the verifier closes the measure.
pub async fn close_with_evidence(
    app: &App,
    target: &Actor,
    verifier: &Actor,
    m: &MeasureRecord,
    file: &str,
    dated: Date,
) -> AppResult<()> {
    report(app, target, m.id, "已按要求完成,佐证材料已上传", MeasureStatus::Done).await?;
    let body = format!("%PDF-1.4\n% 演示佐证材料:{file}\n");
    let upload = EvidenceUpload {
        file_name: file.into(),
        content_type: "application/pdf".into(),
        data: body.into_bytes(),
        description: "整改完成佐证".into(),
        document_date: Some(day(dated)),
    };
    app.upload_evidence(target, m.id, upload).await?;
    let m = app.get_measure(verifier, m.id).await?.measure;
    let close =
        CloseInput {
            version: m.version, note: "经核验佐证材料,整改到位,同意销号".into(), reason: String::new()
        };
    app.close_measure(verifier, m.id, &close).await?;
    Ok(())
}
