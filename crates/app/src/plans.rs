//! The rectification plan and its measures: editing, submission with every gap named, review,
//! progress with evidence, extensions, closing (销号) and reopening.

use schemars::JsonSchema;
use serde::Serialize;
use sha2::{Digest, Sha256};
use time::Date;
use xuncha_domain::access::{Actor, Capability, Scope};
use xuncha_domain::action::Action;
use xuncha_domain::deadline::Light;
use xuncha_domain::id::*;
use xuncha_domain::measure::{self, MeasureStatus, problem_closed};
use xuncha_domain::plan::{self, PlanGap, PlanStatus, ProblemMeasures};
use xuncha_domain::problem::ProblemStatus;
use xuncha_store::{Conn, Inspection, Measure, NewEvidence, Plan, Problem};

use crate::inputs::{
    self, CloseInput, DecisionInput, EvidenceUpload, ExtensionInput, MeasureInput, ProgressInput, ReopenInput,
    ReviewInput,
};
use crate::problems::ProblemView;
use crate::views::{
    self, EvidenceRecord, ExtensionRecord, MeasureRecord, PlanRecord, ProgressRecord, SubmissionRecord,
};
use crate::{App, AppError, AppResult, By, Write, check_version, json, require_visible, visible_inspection};

#[derive(Debug, Serialize, JsonSchema)]
pub struct PlanView {
    #[serde(flatten)]
    pub plan: PlanRecord,
    #[serde(with = "xuncha_store::date_fmt::option")]
    #[schemars(with = "Option<xuncha_domain::schema::DateText>")]
    pub plan_due: Option<Date>,
    #[serde(with = "xuncha_store::date_fmt::option")]
    #[schemars(with = "Option<xuncha_domain::schema::DateText>")]
    pub report_due: Option<Date>,
    pub problems: Vec<ProblemView>,
    /// What keeps the plan from being submitted now (empty when complete).
    pub gaps: Vec<PlanGap>,
    pub submissions: Vec<SubmissionRecord>,
    /// Who submitted and who reviewed, by name and post.
    pub people: crate::audit::People,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct MeasureView {
    #[serde(flatten)]
    pub measure: MeasureRecord,
    pub progress: Vec<ProgressRecord>,
    pub evidence: Vec<EvidenceRecord>,
    pub extensions: Vec<ExtensionRecord>,
    /// Pauses of its deadline clock, oldest first.
    pub pauses: Vec<crate::views::ClockPauseRecord>,
    /// Who reported, uploaded, asked, decided, paused and verified, by name and post.
    pub people: crate::audit::People,
}

/// Everything about a measure needed to authorise a change to it.
pub(crate) struct MeasureCtx {
    pub(crate) measure: Measure,
    problem: Problem,
    pub(crate) inspection: Inspection,
    pub(crate) scope: Scope,
}

fn gaps_of(problems: &[Problem], measures: &[Measure], feedback: Option<Date>) -> Vec<PlanGap> {
    let fields: Vec<(ProblemId, MeasureId, xuncha_domain::measure::MeasureFields)> =
        measures.iter().map(|m| (m.problem_id, m.id, m.fields())).collect();
    let numbers: Vec<String> = problems.iter().map(|p| p.number.to_string()).collect();
    let input: Vec<ProblemMeasures<'_>> = problems
        .iter()
        .zip(&numbers)
        .map(|(p, n)| ProblemMeasures {
            problem_id: p.id,
            problem_number: n,
            measures: fields.iter().filter(|(pid, _, _)| *pid == p.id).map(|(_, mid, f)| (*mid, f)).collect(),
        })
        .collect();
    plan::plan_gaps(&input, feedback)
}

/// Problems that belong in the plan: those fed back (and closed ones, which stay listed).
fn plan_problems(all: Vec<Problem>) -> Vec<Problem> {
    all.into_iter().filter(|p| matches!(p.status, ProblemStatus::FedBack | ProblemStatus::Closed)).collect()
}

/// What measures are lit against (see [`App::light_basis`]).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LightBasis {
    pub plan_due: Option<Date>,
    pub approved: bool,
}

impl App {
    /// The plan's due date, from the inspection's feedback date.
    /// What an inspection's measures are lit against: the plan's due date (an immediate fix
    /// without a date of its own is due with the plan) and whether the plan is approved.
    pub(crate) async fn light_basis(&self, conn: &mut Conn<'_>, inspection_id: InspectionId) -> AppResult<LightBasis> {
        let insp = conn.get_inspection(inspection_id).await?.ok_or(AppError::NotFound)?;
        let approved = conn.plan_of(inspection_id).await?.is_some_and(|p| p.status == PlanStatus::Approved);
        Ok(LightBasis { plan_due: insp.feedback_date.map(|d| self.policy.plan_due(d)), approved })
    }

    /// A measure's light: none for a proposal (its plan not yet approved), nor while its clock
    /// is paused.
    pub(crate) fn light_on(
        &self,
        fields: &measure::MeasureFields,
        status: MeasureStatus,
        paused: bool,
        basis: LightBasis,
    ) -> Light {
        if !basis.approved || paused {
            return Light::None;
        }
        measure::measure_light(&self.policy, fields, status, basis.plan_due, self.today())
    }

    /// A measure as the client reads it after a change: lit on today's clock.
    pub(crate) async fn lit(
        &self,
        conn: &mut Conn<'_>,
        measure: Measure,
        inspection_id: InspectionId,
    ) -> AppResult<MeasureRecord> {
        let basis = self.light_basis(conn, inspection_id).await?;
        let mut m = [measure];
        self.fill_lights(&mut m, basis);
        let [m] = m;
        Ok(m.into())
    }

    /// Lights the measures; those of a plan not yet approved are proposals, judged by no
    /// deadline and lit by none (nor is a measure whose clock is paused).
    pub(crate) fn fill_lights(&self, measures: &mut [Measure], basis: LightBasis) {
        let today = self.today();
        for m in measures {
            m.light = (basis.approved && m.paused_since.is_none())
                .then(|| measure::measure_light(&self.policy, &m.fields(), m.status, basis.plan_due, today));
        }
    }

    async fn plan_ctx(
        &self,
        conn: &mut Conn<'_>,
        actor: &Actor,
        inspection_id: InspectionId,
    ) -> AppResult<(Inspection, Scope, Plan)> {
        let (insp, scope) = visible_inspection(conn, actor, inspection_id).await?;
        require_visible(actor, Capability::ReadPlan(&scope))?;
        let plan = conn.plan_of(inspection_id).await?.ok_or(AppError::NotFound)?;
        Ok((insp, scope, plan))
    }

    pub(crate) async fn measure_ctx(
        &self,
        conn: &mut Conn<'_>,
        actor: &Actor,
        measure_id: MeasureId,
    ) -> AppResult<MeasureCtx> {
        let measure = conn.get_measure(measure_id).await?.ok_or(AppError::NotFound)?;
        let problem = conn.get_problem(measure.problem_id).await?.ok_or(AppError::NotFound)?;
        let (inspection, scope) = visible_inspection(conn, actor, problem.inspection_id).await?;
        require_visible(actor, Capability::ReadPlan(&scope))?;
        Ok(MeasureCtx { measure, problem, inspection, scope })
    }

    pub async fn get_plan(&self, actor: &Actor, inspection_id: InspectionId) -> AppResult<PlanView> {
        let mut h = self.store.read().await?;
        let (insp, _, plan) = self.plan_ctx(&mut h.conn(), actor, inspection_id).await?;
        let problems = plan_problems(h.conn().list_problems(inspection_id).await?);
        let mut measures = h.conn().inspection_measures(inspection_id).await?;
        let plan_due = insp.feedback_date.map(|d| self.policy.plan_due(d));
        self.fill_lights(&mut measures, LightBasis { plan_due, approved: plan.status == PlanStatus::Approved });
        let gaps = gaps_of(&problems, &measures, insp.feedback_date);
        let submissions = h.conn().list_submissions(plan.id).await?;
        let ids = submissions.iter().flat_map(|s| [Some(s.submitted_by), s.reviewed_by]).flatten().collect();
        let people = crate::audit::people(&mut h.conn(), ids).await?;
        let problems = problems
            .into_iter()
            .map(|p| {
                let ms = measures.iter().filter(|m| m.problem_id == p.id).cloned().collect();
                ProblemView::for_reader(actor, p, ms)
            })
            .collect();
        Ok(PlanView {
            plan: plan.into(),
            plan_due,
            report_due: insp.feedback_date.map(|d| self.policy.report_due(d)),
            problems,
            gaps,
            submissions: views::all(submissions),
            people,
        })
    }

    /// Adds a measure to a fed-back problem while the plan is editable.
    pub async fn add_measure(
        &self,
        actor: &Actor,
        problem_id: ProblemId,
        input: &MeasureInput,
    ) -> AppResult<MeasureRecord> {
        let fields = input.fields()?;
        let mut tx = self.write(By::User(actor)).await?;
        let problem = tx.conn().get_problem(problem_id).await?.ok_or(AppError::NotFound)?;
        let (_, scope, plan) = self.plan_ctx(&mut tx.conn(), actor, problem.inspection_id).await?;
        tx.require_visible(Capability::ReadProblems(&scope))?;
        tx.require(Capability::EditPlan(&scope))?;
        plan::check_measure_edit(plan.status)?;
        if problem.status != ProblemStatus::FedBack {
            return Err(AppError::State("只能为已反馈、未销号的问题制定措施".into()));
        }
        let id = tx.conn().insert_measure(problem_id, &fields).await?;
        let m = tx.conn().get_measure(id).await?.ok_or(AppError::NotFound)?;
        tx.record(Action::MeasureCreate, id, &format!("为问题{}新增整改措施", problem.number), "{}", &json(&m)).await?;
        tx.commit().await?;
        Ok(m.into())
    }

    pub async fn update_measure(
        &self,
        actor: &Actor,
        measure_id: MeasureId,
        input: &MeasureInput,
    ) -> AppResult<MeasureRecord> {
        let version = input.version.ok_or_else(|| AppError::invalid("version", "缺少版本号"))?;
        let fields = input.fields()?;
        let mut tx = self.write(By::User(actor)).await?;
        let ctx = self.measure_ctx(&mut tx.conn(), actor, measure_id).await?;
        tx.require(Capability::EditPlan(&ctx.scope))?;
        let plan = tx.conn().plan_of(ctx.inspection.id).await?.ok_or(AppError::NotFound)?;
        plan::check_measure_edit(plan.status)?;
        check_version(version, ctx.measure.version)?;
        tx.conn().update_measure(measure_id, version, &fields).await?;
        let after = tx.conn().get_measure(measure_id).await?.ok_or(AppError::NotFound)?;
        tx.record(
            Action::MeasureUpdate,
            measure_id,
            &format!("修改问题{}的整改措施", ctx.problem.number),
            &json(&ctx.measure),
            &json(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(after.into())
    }

    pub async fn delete_measure(&self, actor: &Actor, measure_id: MeasureId, version: i64) -> AppResult<()> {
        let mut tx = self.write(By::User(actor)).await?;
        let ctx = self.measure_ctx(&mut tx.conn(), actor, measure_id).await?;
        tx.require(Capability::EditPlan(&ctx.scope))?;
        let plan = tx.conn().plan_of(ctx.inspection.id).await?.ok_or(AppError::NotFound)?;
        plan::check_measure_edit(plan.status)?;
        check_version(version, ctx.measure.version)?;
        tx.conn().delete_measure(measure_id, version).await.map_err(|e| match e {
            xuncha_store::StoreError::Conflict => AppError::State("该措施已有进展或佐证材料,不能删除".into()),
            other => other.into(),
        })?;
        tx.record(
            Action::MeasureDelete,
            measure_id,
            &format!("删除问题{}的一条整改措施", ctx.problem.number),
            &json(&ctx.measure),
            "{}",
        )
        .await?;
        tx.commit().await
    }

    /// The secretary signs and submits the plan; refused with every gap named.
    pub async fn submit_plan(&self, actor: &Actor, inspection_id: InspectionId, version: i64) -> AppResult<PlanRecord> {
        let mut tx = self.write(By::User(actor)).await?;
        let (insp, scope, plan) = self.plan_ctx(&mut tx.conn(), actor, inspection_id).await?;
        tx.require(Capability::SubmitPlan(&scope))?;
        check_version(version, plan.version)?;
        let problems = plan_problems(tx.conn().list_problems(inspection_id).await?);
        let measures = tx.conn().inspection_measures(inspection_id).await?;
        plan::check_submit(plan.status, &gaps_of(&problems, &measures, insp.feedback_date))?;
        let snapshot = json(&measures);
        let no = tx.conn().submit_plan(plan.id, version, actor.user_id, &snapshot).await?;
        let after = tx.conn().get_plan(plan.id).await?.ok_or(AppError::NotFound)?;
        tx.record(Action::PlanSubmit, plan.id, &format!("书记签字,第{no}次报送整改方案"), &json(&plan), &json(&after))
            .await?;
        tx.commit().await?;
        Ok(after.into())
    }

    /// The office approves the plan or returns it with written comments.
    pub async fn review_plan(
        &self,
        actor: &Actor,
        inspection_id: InspectionId,
        input: &ReviewInput,
    ) -> AppResult<PlanRecord> {
        let mut tx = self.write(By::User(actor)).await?;
        let (_, scope, plan) = self.plan_ctx(&mut tx.conn(), actor, inspection_id).await?;
        tx.require(Capability::ReviewPlan(&scope))?;
        check_version(input.version, plan.version)?;
        let any_problem_comment = input.problem_comments.iter().any(|c| !c.comment.trim().is_empty());
        let comments = input.comments.trim();
        plan::check_review(plan.status, input.approve, if any_problem_comment { "意见见各问题" } else { comments })?;
        let problems = tx.conn().list_problems(inspection_id).await?;
        for c in &input.problem_comments {
            if !problems.iter().any(|p| p.id == c.problem_id) {
                return Err(AppError::invalid("problem_comments", format!("问题#{}不属于本次巡察", c.problem_id)));
            }
        }
        let per_problem: Vec<_> = input
            .problem_comments
            .iter()
            .filter(|c| !c.comment.trim().is_empty())
            .map(|c| serde_json::json!({ "problem_id": c.problem_id, "comment": c.comment.trim() }))
            .collect();
        tx.conn().review_plan(&plan, input.approve, comments, &json(&per_problem), actor.user_id).await?;
        let after = tx.conn().get_plan(plan.id).await?.ok_or(AppError::NotFound)?;
        let what = if input.approve { "审核通过整改方案" } else { "退回整改方案" };
        tx.record(Action::PlanReview, plan.id, what, &json(&plan), &json(&after)).await?;
        tx.commit().await?;
        Ok(after.into())
    }

    pub async fn get_measure(&self, actor: &Actor, measure_id: MeasureId) -> AppResult<MeasureView> {
        let mut h = self.store.read().await?;
        let ctx = self.measure_ctx(&mut h.conn(), actor, measure_id).await?;
        let mut m = [ctx.measure];
        let basis = self.light_basis(&mut h.conn(), ctx.inspection.id).await?;
        self.fill_lights(&mut m, basis);
        let [measure] = m;
        let progress = h.conn().list_progress(measure_id).await?;
        let evidence = h.conn().list_evidence(measure_id).await?;
        let extensions = h.conn().list_extensions(measure_id).await?;
        let pauses = h.conn().list_pauses(measure_id).await?;
        let ids = measure.closed_by.into_iter().chain(progress.iter().map(|p| p.reported_by));
        let ids = ids.chain(evidence.iter().map(|e| e.uploaded_by));
        let ids = ids.chain(extensions.iter().flat_map(|e| [Some(e.requested_by), e.decided_by]).flatten());
        let ids = ids.chain(pauses.iter().flat_map(|p| [Some(p.paused_by), p.resumed_by]).flatten());
        let people = crate::audit::people(&mut h.conn(), ids.collect()).await?;
        Ok(MeasureView {
            progress: views::all(progress),
            evidence: views::all(evidence),
            extensions: views::all(extensions),
            pauses: views::all(pauses),
            measure: measure.into(),
            people,
        })
    }

    /// The target reports progress and its own view of the status (never "closed").
    pub async fn report_progress(
        &self,
        actor: &Actor,
        measure_id: MeasureId,
        input: &ProgressInput,
    ) -> AppResult<MeasureRecord> {
        let status = input.status;
        xuncha_domain::error::Validator::new()
            .required("content", "进展情况", &input.content)
            .max_chars("content", "进展情况", &input.content, 5000)
            .finish()?;
        let mut tx = self.write(By::User(actor)).await?;
        let ctx = self.measure_ctx(&mut tx.conn(), actor, measure_id).await?;
        tx.require(Capability::ReportProgress(&ctx.scope))?;
        check_version(input.version, ctx.measure.version)?;
        measure::check_reported_status(status, ctx.measure.status)?;
        tx.conn().insert_progress(measure_id, input.content.trim(), status, actor.user_id).await?;
        tx.conn().set_measure_status(measure_id, input.version, status).await?;
        let after = tx.conn().get_measure(measure_id).await?.ok_or(AppError::NotFound)?;
        tx.record(
            Action::MeasureProgress,
            measure_id,
            &format!("报告整改进展:{}", status.label()),
            &json(&ctx.measure),
            &json(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(after.into())
    }

    /// Stores an evidence file in the database, within the size and type limits.
    pub async fn upload_evidence(
        &self,
        actor: &Actor,
        measure_id: MeasureId,
        up: EvidenceUpload,
    ) -> AppResult<EvidenceRecord> {
        let file_name = self.checked_file(&up, "佐证材料")?;
        let document_date = inputs::opt_date("document_date", "材料形成日期", up.document_date.as_deref())?;
        let mut tx = self.write(By::User(actor)).await?;
        let ctx = self.measure_ctx(&mut tx.conn(), actor, measure_id).await?;
        tx.require_either(Capability::ReportProgress(&ctx.scope), Capability::CloseMeasure(&ctx.scope))?;
        if ctx.measure.status == MeasureStatus::Closed {
            return Err(AppError::State("该措施已销号,不能再上传佐证材料".into()));
        }
        let sha = hex::encode(Sha256::digest(&up.data));
        let id = tx
            .conn()
            .insert_evidence(&NewEvidence {
                measure_id,
                file_name: &file_name,
                content_type: &up.content_type,
                sha256: &sha,
                data: &up.data,
                description: up.description.trim(),
                document_date,
                uploaded_by: actor.user_id,
            })
            .await?;
        let ev = tx.conn().get_evidence(id).await?.ok_or(AppError::NotFound)?;
        tx.record(Action::EvidenceUpload, measure_id, &format!("上传佐证材料《{file_name}》"), "{}", &json(&ev))
            .await?;
        tx.commit().await?;
        Ok(ev.into())
    }

    /// An evidence file's metadata and bytes, for those who may read the plan.
    pub async fn evidence_file(&self, actor: &Actor, evidence_id: EvidenceId) -> AppResult<(EvidenceRecord, Vec<u8>)> {
        let mut h = self.store.read().await?;
        let ev = h.conn().get_evidence(evidence_id).await?.ok_or(AppError::NotFound)?;
        self.measure_ctx(&mut h.conn(), actor, ev.measure_id).await?;
        let data = h.conn().evidence_data(evidence_id).await?.ok_or(AppError::NotFound)?;
        Ok((ev.into(), data))
    }

    /// 销号: by the office or the team, only with evidence, only on an approved plan. The
    /// problem closes with its last measure.
    pub async fn close_measure(
        &self,
        actor: &Actor,
        measure_id: MeasureId,
        input: &CloseInput,
    ) -> AppResult<MeasureRecord> {
        let mut tx = self.write(By::User(actor)).await?;
        let ctx = self.measure_ctx(&mut tx.conn(), actor, measure_id).await?;
        tx.require(Capability::CloseMeasure(&ctx.scope))?;
        check_version(input.version, ctx.measure.version)?;
        let plan = tx.conn().plan_of(ctx.inspection.id).await?.ok_or(AppError::NotFound)?;
        if plan.status != PlanStatus::Approved {
            return Err(AppError::State("整改方案尚未审核通过,不能销号".into()));
        }
        let evidence = tx.conn().evidence_count(measure_id).await?;
        let (opinion, early) = (input.note.trim(), input.reason.trim());
        let verification = measure::Verification { opinion, early_reason: early };
        measure::check_close(ctx.measure.status, evidence as usize, verification)?;
        // Closing ahead of the unit's own report keeps its reason beside the opinion.
        let reported = ctx.measure.status;
        let (note, summary) = if reported == MeasureStatus::Done {
            (opinion.to_string(), format!("问题{}的整改措施核验销号", ctx.problem.number))
        } else {
            (
                format!("{opinion}\n单位报告为“{}”时销号,理由:{early}", reported.label()),
                format!("问题{}的整改措施在单位报告“{}”时销号", ctx.problem.number, reported.label()),
            )
        };
        tx.conn().close_measure(measure_id, input.version, actor.user_id, &note).await?;
        if ctx.measure.paused_since.is_some() {
            tx.conn().end_pause_on_close(measure_id, self.today(), actor.user_id).await?;
        }
        let after = tx.conn().get_measure(measure_id).await?.ok_or(AppError::NotFound)?;
        tx.record(Action::MeasureClose, measure_id, &summary, &json(&ctx.measure), &json(&after)).await?;
        self.sync_problem(&mut tx, &ctx.problem).await?;
        tx.commit().await?;
        Ok(after.into())
    }

    pub async fn reopen_measure(
        &self,
        actor: &Actor,
        measure_id: MeasureId,
        input: &ReopenInput,
    ) -> AppResult<MeasureRecord> {
        let mut tx = self.write(By::User(actor)).await?;
        let ctx = self.measure_ctx(&mut tx.conn(), actor, measure_id).await?;
        tx.require(Capability::CloseMeasure(&ctx.scope))?;
        check_version(input.version, ctx.measure.version)?;
        measure::check_reopen(ctx.measure.status, &input.reason)?;
        tx.conn().reopen_measure(measure_id, input.version).await?;
        let after = tx.conn().get_measure(measure_id).await?.ok_or(AppError::NotFound)?;
        tx.record(
            Action::MeasureReopen,
            measure_id,
            &format!("重新打开措施,理由:{}", input.reason.trim()),
            &json(&ctx.measure),
            &json(&after),
        )
        .await?;
        self.sync_problem(&mut tx, &ctx.problem).await?;
        tx.commit().await?;
        Ok(after.into())
    }

    /// A file as uploaded, within the size and type limits (`what`: "佐证材料", "核查材料"):
    /// its name made safe to keep and show.
    pub(crate) fn checked_file(&self, up: &EvidenceUpload, what: &str) -> AppResult<String> {
        let file_name = sanitize_file_name(&up.file_name);
        let mut v = xuncha_domain::error::Validator::new();
        v.check(!up.data.is_empty(), "file", format!("{what}文件为空"));
        v.check(
            up.data.len() <= self.limits.max_evidence_bytes,
            "file",
            format!("{what}不能超过{}MB", self.limits.max_evidence_bytes / 1024 / 1024),
        );
        v.check(
            self.limits.evidence_types.contains(&up.content_type.as_str()),
            "file",
            format!("{what}只接受PDF、图片(JPG/PNG)、Word、Excel或文本文件"),
        );
        v.check(
            content_matches_type(&up.content_type, &up.data),
            "file",
            "文件内容与其类型不符(例如把其他文件改成了.pdf后缀)",
        );
        v.check(!file_name.is_empty(), "file", "文件名不能为空");
        v.max_chars("description", "材料说明", &up.description, 500);
        v.finish()?;
        Ok(file_name)
    }

    /// Derives the problem's closed state from its measures and records a change.
    pub(crate) async fn sync_problem(&self, tx: &mut Write<'_>, problem: &Problem) -> AppResult<()> {
        let statuses: Vec<MeasureStatus> =
            tx.conn().problem_measures(problem.id).await?.iter().map(|m| m.status).collect();
        let closed = problem_closed(&statuses);
        let was_closed = problem.status == ProblemStatus::Closed;
        if closed != was_closed {
            tx.conn().set_problem_closed(problem.id, closed).await?;
            let summary = if closed {
                format!("问题{}全部措施销号,问题销号", problem.number)
            } else {
                format!("问题{}重新打开", problem.number)
            };
            tx.record(
                if closed { Action::ProblemClose } else { Action::ProblemReopen },
                problem.id,
                &summary,
                "{}",
                "{}",
            )
            .await?;
        }
        Ok(())
    }

    pub async fn request_extension(
        &self,
        actor: &Actor,
        measure_id: MeasureId,
        input: &ExtensionInput,
    ) -> AppResult<ExtensionRecord> {
        let requested = inputs::date("requested_deadline", "申请延期至", &input.requested_deadline)?;
        let mut tx = self.write(By::User(actor)).await?;
        let ctx = self.measure_ctx(&mut tx.conn(), actor, measure_id).await?;
        tx.require(Capability::ReportProgress(&ctx.scope))?;
        measure::check_extension_request(ctx.measure.status, ctx.measure.deadline, requested, &input.reason)?;
        let pending = tx.conn().list_extensions(measure_id).await?;
        if pending.iter().any(|e| e.status == xuncha_domain::measure::ExtensionStatus::Pending) {
            return Err(AppError::State("该措施已有待审批的延期申请".into()));
        }
        let id = tx.conn().insert_extension(&ctx.measure, requested, input.reason.trim(), actor.user_id).await?;
        let ext = tx.conn().get_extension(id).await?.ok_or(AppError::NotFound)?;
        tx.record(Action::ExtensionRequest, measure_id, &format!("申请延期至{requested}"), "{}", &json(&ext)).await?;
        tx.commit().await?;
        Ok(ext.into())
    }

    /// The office decides an extension; approval moves the deadline and keeps the original.
    pub async fn decide_extension(
        &self,
        actor: &Actor,
        extension_id: ExtensionId,
        input: &DecisionInput,
    ) -> AppResult<ExtensionRecord> {
        let mut tx = self.write(By::User(actor)).await?;
        let ext = tx.conn().get_extension(extension_id).await?.ok_or(AppError::NotFound)?;
        let ctx = self.measure_ctx(&mut tx.conn(), actor, ext.measure_id).await?;
        tx.require(Capability::DecideExtension(&ctx.scope))?;
        check_version(input.version, ext.version)?;
        if ext.status != xuncha_domain::measure::ExtensionStatus::Pending {
            return Err(AppError::State("该延期申请已审批".into()));
        }
        // A deadline moved while its clock stands still would be moved again on resumption.
        if input.approve && ctx.measure.paused_since.is_some() {
            return Err(AppError::State("该措施的整改计时已暂停,请先恢复计时再审批延期".into()));
        }
        if !input.approve && input.note.trim().is_empty() {
            return Err(AppError::invalid("note", "不同意延期须说明理由"));
        }
        tx.conn()
            .decide_extension(extension_id, input.version, input.approve, actor.user_id, input.note.trim())
            .await?;
        if input.approve {
            tx.conn().extend_measure(ext.measure_id, ext.requested_deadline).await?;
            let measure = tx.conn().get_measure(ext.measure_id).await?.ok_or(AppError::NotFound)?;
            tx.record(
                Action::MeasureExtend,
                ext.measure_id,
                &format!("整改时限延至{}", ext.requested_deadline),
                &json(&ctx.measure),
                &json(&measure),
            )
            .await?;
        }
        let after = tx.conn().get_extension(extension_id).await?.ok_or(AppError::NotFound)?;
        let what = if input.approve {
            format!("同意延期至{}", ext.requested_deadline)
        } else {
            "不同意延期".to_string()
        };
        tx.record(Action::ExtensionDecide, ext.measure_id, &what, &json(&ext), &json(&after)).await?;
        tx.commit().await?;
        Ok(after.into())
    }
}

/// Checks the first bytes against the declared type, so that a renamed executable or archive is
/// not stored as a "PDF". Office files are ZIP (docx/xlsx) or OLE (doc/xls) containers.
pub fn content_matches_type(content_type: &str, data: &[u8]) -> bool {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0];
    match content_type {
        "application/pdf" => data.starts_with(b"%PDF"),
        "image/jpeg" => data.starts_with(&[0xFF, 0xD8, 0xFF]),
        "image/png" => data.starts_with(&[0x89, b'P', b'N', b'G']),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        | "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => data.starts_with(ZIP),
        "application/msword" | "application/vnd.ms-excel" => data.starts_with(OLE),
        "text/plain" => std::str::from_utf8(data).is_ok(),
        _ => false,
    }
}

/// Keeps the last path component and drops control characters, so a name cannot climb out of
/// a folder when the file is saved, nor break a header when it is served.
pub fn sanitize_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    base.chars().filter(|c| !c.is_control() && *c != '"').collect::<String>().trim().chars().take(200).collect()
}

#[cfg(test)]
mod tests {
    use super::{content_matches_type, sanitize_file_name};

    #[test]
    fn declared_types_must_match_the_bytes() {
        assert!(content_matches_type("application/pdf", b"%PDF-1.7 ..."));
        assert!(!content_matches_type("application/pdf", b"MZ\x90\x00"));
        assert!(content_matches_type("image/png", &[0x89, b'P', b'N', b'G', 13, 10]));
        assert!(content_matches_type("text/plain", "整改说明".as_bytes()));
        assert!(!content_matches_type("text/plain", &[0xFF, 0xFE, 0x00]));
        assert!(!content_matches_type("application/x-msdownload", b"MZ"));
    }

    #[test]
    fn file_names_lose_their_paths_and_control_characters() {
        assert_eq!(sanitize_file_name("../../etc/passwd"), "passwd");
        assert_eq!(sanitize_file_name("C:\\材料\\整改台账.xlsx"), "整改台账.xlsx");
        assert_eq!(sanitize_file_name("a\"b\r\n.pdf"), "ab.pdf");
    }
}
