//! 整改成效评估 and 长效机制: the office scores an organisation's rectification on the sheet it
//! configured, with the system's facts and suggestions beside each item; the organisation (or
//! the office) records the rules it issued as a result. A score keeps the items as they were
//! scored, so a later change of the sheet does not rewrite it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::Date;
use xuncha_analysis::signals::SignalKind;
use xuncha_domain::access::{Actor, Capability};
use xuncha_domain::action::{Action, On};
use xuncha_domain::assessment::{self, AssessmentSheet, Grade, ItemScore, RectificationFacts, SheetItem};
use xuncha_domain::deadline::Light;
use xuncha_domain::id::*;
use xuncha_domain::plan::PlanStatus;
use xuncha_domain::problem::ProblemStatus;
use xuncha_domain::schema::{DateText, InstantText};
use xuncha_store::{Assessment, Conn, Inspection, InspectionFilter, Mechanism};

use crate::audit::{china_time_text, people};
use crate::inspections::visible_round;
use crate::plans::LightBasis;
use crate::{App, AppError, AppResult, By, check_version, inputs, json, require_visible, visible_inspection};

/// Where a county's sheet is kept among the settings (one database may serve many counties).
fn sheet_key(committee: Option<OrgId>) -> String {
    match committee {
        Some(c) => format!("assessment_sheet:{c}"),
        None => "assessment_sheet".into(),
    }
}

/// A saved assessment, as readers see it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AssessmentRecord {
    pub id: AssessmentId,
    pub inspection_id: InspectionId,
    pub scores: Vec<ItemScore>,
    pub total: f64,
    pub max_total: u32,
    pub grade: Grade,
    pub assessed_by: UserId,
    /// "王振华(县委巡察办综合科科长)".
    pub assessed_by_name: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "InstantText")]
    pub assessed_at: time::OffsetDateTime,
    pub assessed_at_text: String,
    pub version: i64,
}

/// A score in brief, for an organisation's record across rounds.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AssessmentSummary {
    pub total: f64,
    pub max_total: u32,
    pub grade: Grade,
}

impl AssessmentSummary {
    pub(crate) fn of(row: Assessment) -> AppResult<Self> {
        let scores: Vec<ItemScore> =
            serde_json::from_str(&row.scores).map_err(|_| AppError::internal("a stored assessment does not read"))?;
        let max_total = scores.iter().fold(0u32, |sum, s| sum.saturating_add(s.max));
        Ok(AssessmentSummary { total: row.total, max_total, grade: row.grade })
    }
}

/// One item of the sheet on an organisation's assessment page.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AssessmentLine {
    pub item: SheetItem,
    /// The facts the item is judged on, in words.
    pub facts: String,
    /// The system's suggestion (none for an item scored by hand).
    pub suggested: Option<f64>,
}

/// An organisation's assessment page: the sheet with facts, and the saved score if any.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AssessmentView {
    pub inspection_id: InspectionId,
    pub round_id: RoundId,
    pub target_name: String,
    /// What the system knows of the rectification, and the sheet's items with the facts and
    /// suggestions: for the office that scores (others read the saved score only).
    pub facts: Option<RectificationFacts>,
    pub lines: Vec<AssessmentLine>,
    pub thresholds: xuncha_domain::assessment::Thresholds,
    pub saved: Option<AssessmentRecord>,
    pub mechanisms: Vec<MechanismRecord>,
}

/// The office's scores, item by item in the sheet's order.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct AssessmentInput {
    /// The saved assessment's version when re-scoring (absent the first time).
    #[serde(default)]
    pub version: Option<i64>,
    pub scores: Vec<ScoreInput>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct ScoreInput {
    /// The item scored, as the sheet named it when the form was drawn: a sheet changed since
    /// is refused rather than the scores landing on other items.
    #[serde(default)]
    pub item: Option<String>,
    pub score: f64,
    #[serde(default)]
    pub note: String,
}

/// A 长效机制 as recorded.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct MechanismRecord {
    pub id: MechanismId,
    pub inspection_id: InspectionId,
    pub problem_id: Option<ProblemId>,
    /// The rule's document ("《谷前堡镇村级财务管理办法》").
    pub name: String,
    /// Its number (文号), if it has one.
    pub doc_number: String,
    #[serde(with = "xuncha_store::date_fmt")]
    #[schemars(with = "DateText")]
    pub issued_on: Date,
    pub recorded_by_name: String,
    pub recorded_at_text: String,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct MechanismInput {
    #[serde(default)]
    pub problem_id: Option<ProblemId>,
    pub name: String,
    #[serde(default)]
    pub doc_number: String,
    #[schemars(with = "DateText")]
    pub issued_on: String,
}

/// A round's assessments, for the list and the Excel export.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RoundAssessments {
    pub round_id: RoundId,
    pub round_name: String,
    /// Every fed-back organisation of the round the reader may read, assessed or not.
    pub rows: Vec<RoundAssessmentRow>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RoundAssessmentRow {
    pub inspection_id: InspectionId,
    pub target_name: String,
    pub team_name: String,
    pub assessment: Option<AssessmentRecord>,
}

impl App {
    /// The sheet in force for a county committee's inspections: its own, else the one saved
    /// for a database without counties, else the default.
    pub async fn assessment_sheet(&self, committee: Option<OrgId>) -> AppResult<AssessmentSheet> {
        let mut h = self.store.read().await?;
        let own = match committee {
            Some(_) => h.conn().get_setting(&sheet_key(committee)).await?,
            None => None,
        };
        let stored = match own {
            Some(text) => Some(text),
            None => h.conn().get_setting(&sheet_key(None)).await?,
        };
        match stored {
            Some(text) => {
                serde_json::from_str(&text).map_err(|_| AppError::internal("the stored assessment sheet does not read"))
            }
            None => Ok(AssessmentSheet::default()),
        }
    }

    /// The sheet the actor's county scores on (the office's own page).
    pub async fn my_assessment_sheet(&self, actor: &Actor) -> AppResult<AssessmentSheet> {
        self.assessment_sheet(actor.jurisdiction.as_ref().and_then(|j| j.county())).await
    }

    /// Saves a new sheet for the office's own county (the office that plans its rounds); scores
    /// already given keep theirs.
    pub async fn set_assessment_sheet(&self, actor: &Actor, sheet: &AssessmentSheet) -> AppResult<AssessmentSheet> {
        crate::require(actor, Capability::PlanRounds)?;
        let mut sheet = sheet.clone();
        for item in &mut sheet.items {
            item.name = item.name.trim().to_string();
            item.guidance = item.guidance.trim().to_string();
        }
        sheet.check()?;
        let county = actor.jurisdiction.as_ref().and_then(|j| j.county());
        let before = json(&self.assessment_sheet(county).await?);
        let mut tx = self.write_as(By::User(actor), Capability::PlanRounds).await?;
        let after = json(&sheet);
        tx.conn().put_setting(&sheet_key(county), &after).await?;
        tx.record(Action::SettingAssessmentSheet, On::NONE, "修改整改成效评估表", &before, &after).await?;
        tx.commit().await?;
        Ok(sheet)
    }

    /// What the system knows of an inspection's rectification today.
    async fn rectification_facts(
        &self,
        conn: &mut Conn<'_>,
        actor: &Actor,
        insp: &Inspection,
    ) -> AppResult<RectificationFacts> {
        let today = self.today();
        let plan = conn.plan_of(insp.id).await?;
        let plan_due = insp.feedback_date.map(|d| self.policy.plan_due(d));
        let submissions = match &plan {
            Some(p) => conn.list_submissions(p.id).await?,
            None => Vec::new(),
        };
        let first = submissions.first().map(|s| s.submitted_at.to_offset(xuncha_store::CHINA).date());
        let plan_late = match (plan_due, first) {
            (Some(due), Some(on)) => on > due,
            (Some(due), None) => due < today,
            _ => false,
        };
        let plan_returns = submissions.iter().filter(|s| s.decision == Some(PlanStatus::Returned)).count();
        let approved = plan.as_ref().is_some_and(|p| p.status == PlanStatus::Approved);
        let basis = LightBasis { plan_due, approved };
        let problems = conn.list_problems(insp.id).await?;
        let fed_back: Vec<ProblemId> = problems
            .iter()
            .filter(|p| matches!(p.status, ProblemStatus::FedBack | ProblemStatus::Closed))
            .map(|p| p.id)
            .collect();
        let measures: Vec<_> =
            conn.inspection_measures(insp.id).await?.into_iter().filter(|m| fed_back.contains(&m.problem_id)).collect();
        let overdue = measures
            .iter()
            .filter(|m| self.light_on(&m.fields(), m.status, m.paused_since.is_some(), basis) == Light::Red)
            .count();
        let closed = measures.iter().filter(|m| m.status == xuncha_domain::measure::MeasureStatus::Closed).count();
        let rebounds = conn.rebounds_of(insp.id).await? as usize;
        let mechanisms = conn.list_mechanisms(insp.id).await?.len();
        let rechecks = self.inspection_recheck_tally(conn, insp.id).await?;
        let (satisfaction, refused_ratings) = self.inspection_satisfaction(conn, insp.id).await?;
        let signals = self.plan_signals(actor, insp.id).await?;
        let count =
            |kinds: &[SignalKind]| signals.counts().iter().filter(|(k, _)| kinds.contains(k)).map(|(_, n)| n).sum();
        use SignalKind::*;
        Ok(RectificationFacts {
            measures: measures.len(),
            closed,
            overdue,
            plan_late,
            plan_returns,
            signals: count(&[Vague, Restated, Copied, Diffuse, Concentrated, Slippage]),
            closed_without_evidence: count(&[NoEvidence]),
            backdated_evidence: count(&[Backdated]),
            rebounds,
            mechanisms,
            rechecked: rechecks.checked,
            partly: rechecks.partly,
            overturned: rechecks.overturned,
            satisfaction,
            refused_ratings,
        })
    }

    fn assessment_record(&self, row: Assessment, who: &crate::audit::People) -> AppResult<AssessmentRecord> {
        let scores: Vec<ItemScore> =
            serde_json::from_str(&row.scores).map_err(|_| AppError::internal("a stored assessment does not read"))?;
        Ok(AssessmentRecord {
            id: row.id,
            inspection_id: row.inspection_id,
            max_total: scores.iter().fold(0u32, |sum, s| sum.saturating_add(s.max)),
            scores,
            total: row.total,
            grade: row.grade,
            assessed_by: row.assessed_by,
            assessed_by_name: who.of(&row.assessed_by).to_string(),
            assessed_at_text: china_time_text(row.assessed_at),
            assessed_at: row.assessed_at,
            version: row.version,
        })
    }

    async fn mechanism_records(&self, conn: &mut Conn<'_>, rows: Vec<Mechanism>) -> AppResult<Vec<MechanismRecord>> {
        let who = people(conn, rows.iter().map(|m| m.recorded_by).collect()).await?;
        Ok(rows
            .into_iter()
            .map(|m| MechanismRecord {
                id: m.id,
                inspection_id: m.inspection_id,
                problem_id: m.problem_id,
                name: m.name,
                doc_number: m.doc_number,
                issued_on: m.issued_on,
                recorded_by_name: who.of(&m.recorded_by).to_string(),
                recorded_at_text: china_time_text(m.recorded_at),
            })
            .collect())
    }

    /// An organisation's assessment page: for the office (with facts, to score), and for the
    /// leaders and the organisation itself once scored.
    pub async fn assessment(&self, actor: &Actor, inspection_id: InspectionId) -> AppResult<AssessmentView> {
        let mut h = self.store.read().await?;
        let (insp, scope) = visible_inspection(&mut h.conn(), actor, inspection_id).await?;
        require_visible(actor, Capability::ReadAssessment(&scope))?;
        if insp.feedback_date.is_none() {
            return Err(AppError::State("该巡察尚未反馈,还不能评估整改成效".into()));
        }
        let saved = h.conn().get_assessment(inspection_id).await?;
        let who = people(&mut h.conn(), saved.iter().map(|a| a.assessed_by).collect()).await?;
        let saved = saved.map(|a| self.assessment_record(a, &who)).transpose()?;
        let mechanisms = h.conn().list_mechanisms(inspection_id).await?;
        let mechanisms = self.mechanism_records(&mut h.conn(), mechanisms).await?;
        drop(h);
        let sheet = self.assessment_sheet(insp.committee_id).await?;
        let facts = if xuncha_domain::access::allowed(actor, Capability::Assess(&scope)) {
            let mut h = self.store.read().await?;
            Some(self.rectification_facts(&mut h.conn(), actor, &insp).await?)
        } else {
            None
        };
        let lines = match &facts {
            Some(f) => sheet
                .items
                .iter()
                .map(|item| {
                    let (words, suggested) = assessment::suggest(item, f);
                    AssessmentLine { item: item.clone(), facts: words, suggested }
                })
                .collect(),
            None => Vec::new(),
        };
        Ok(AssessmentView {
            inspection_id,
            round_id: insp.round_id,
            target_name: insp.target_name,
            facts,
            lines,
            thresholds: sheet.thresholds,
            saved,
            mechanisms,
        })
    }

    /// Scores an organisation (the county's office), or re-scores it.
    pub async fn assess(
        &self,
        actor: &Actor,
        inspection_id: InspectionId,
        input: &AssessmentInput,
    ) -> AppResult<AssessmentRecord> {
        // The facts are read before the write begins (they take several queries and the copy
        // index), so the write holds its lock only to check and save.
        let (insp, facts) = {
            let mut h = self.store.read().await?;
            let (insp, scope) = visible_inspection(&mut h.conn(), actor, inspection_id).await?;
            crate::require(actor, Capability::Assess(&scope))?;
            if insp.feedback_date.is_none() {
                return Err(AppError::State("该巡察尚未反馈,还不能评估整改成效".into()));
            }
            let facts = self.rectification_facts(&mut h.conn(), actor, &insp).await?;
            (insp, facts)
        };
        let sheet = self.assessment_sheet(insp.committee_id).await?;
        let mut tx = self.write(By::User(actor)).await?;
        let (_, scope) = visible_inspection(&mut tx.conn(), actor, inspection_id).await?;
        tx.require(Capability::Assess(&scope))?;
        let suggested: Vec<Option<f64>> = sheet.items.iter().map(|i| assessment::suggest(i, &facts).1).collect();
        let moved = sheet.items.iter().zip(&input.scores).any(|(i, s)| s.item.as_ref().is_some_and(|n| *n != i.name));
        if moved {
            return Err(AppError::State("评估表已被修改,请刷新页面后按新表评分".into()));
        }
        let scores: Vec<ItemScore> = sheet
            .items
            .iter()
            .zip(&input.scores)
            .map(|(item, s)| ItemScore {
                name: item.name.clone(),
                max: item.points,
                score: s.score + 0.0,
                note: s.note.trim().to_string(),
            })
            .collect();
        let scores = if input.scores.len() == sheet.items.len() { scores } else { Vec::new() };
        let total = assessment::check_scores(&sheet, &scores, &suggested)?;
        let grade = sheet.grade(total);
        let before = tx.conn().get_assessment(inspection_id).await?;
        match (&before, input.version) {
            (Some(b), Some(v)) => check_version(v, b.version)?,
            (Some(_), None) => return Err(AppError::Conflict),
            (None, _) => {}
        }
        tx.conn().save_assessment(inspection_id, &json(&scores), total, grade, actor.user_id).await?;
        let after = tx.conn().get_assessment(inspection_id).await?.ok_or(AppError::NotFound)?;
        let what = format!("评估{}整改成效:{total}分,{}", insp.target_name, grade.label());
        let before_json = before.as_ref().map(json).unwrap_or_else(|| "{}".into());
        tx.record(Action::AssessmentSave, inspection_id, &what, &before_json, &json(&after)).await?;
        let who = people(&mut tx.conn(), vec![after.assessed_by]).await?;
        let record = self.assessment_record(after, &who)?;
        tx.commit().await?;
        Ok(record)
    }

    /// Records a 长效机制 of an inspection (the organisation itself, or the office).
    pub async fn add_mechanism(
        &self,
        actor: &Actor,
        inspection_id: InspectionId,
        input: &MechanismInput,
    ) -> AppResult<MechanismRecord> {
        let issued_on = inputs::date("issued_on", "印发日期", &input.issued_on)?;
        let mut tx = self.write(By::User(actor)).await?;
        let (insp, scope) = visible_inspection(&mut tx.conn(), actor, inspection_id).await?;
        tx.require_either(Capability::ReportProgress(&scope), Capability::Assess(&scope))?;
        if insp.feedback_date.is_none() {
            return Err(AppError::State("该巡察尚未反馈,还不能登记整改形成的长效机制".into()));
        }
        assessment::check_mechanism(input.name.trim(), issued_on, insp.feedback_date, self.today())?;
        let same = tx.conn().list_mechanisms(inspection_id).await?.into_iter().any(|m| m.name == input.name.trim());
        if same {
            return Err(AppError::invalid("name", "该制度已经登记过"));
        }
        xuncha_domain::error::Validator::new()
            .max_chars("doc_number", "文号", &input.doc_number, 50)
            .plain("doc_number", "文号", &input.doc_number)
            .finish()?;
        if let Some(pid) = input.problem_id {
            let p = tx.conn().get_problem(pid).await?.filter(|p| p.inspection_id == inspection_id);
            let fed = p.is_some_and(|p| matches!(p.status, ProblemStatus::FedBack | ProblemStatus::Closed));
            if !fed {
                return Err(AppError::invalid("problem_id", "所关联的问题不是本次巡察反馈的问题"));
            }
        }
        let id = tx
            .conn()
            .insert_mechanism(
                inspection_id,
                input.problem_id,
                input.name.trim(),
                input.doc_number.trim(),
                issued_on,
                actor.user_id,
            )
            .await?;
        let rows = tx.conn().list_mechanisms(inspection_id).await?;
        let row = rows.into_iter().find(|m| m.id == id).ok_or(AppError::NotFound)?;
        let what = format!("建立长效机制:{}", row.name);
        tx.record(Action::MechanismAdd, inspection_id, &what, "{}", &json(&row)).await?;
        let record = self.mechanism_records(&mut tx.conn(), vec![row]).await?.remove(0);
        tx.commit().await?;
        Ok(record)
    }

    /// A round's assessments (the office and leaders), for the list and the Excel export.
    pub async fn round_assessments(&self, actor: &Actor, round_id: RoundId) -> AppResult<RoundAssessments> {
        // A round's scores side by side are the county's own office's and leaders' (as the
        // county at a glance is); each organisation reads its own on its page.
        require_visible(actor, Capability::ReadCountyOverview)?;
        let mut h = self.store.read().await?;
        let round = visible_round(&mut h.conn(), actor, round_id).await?;
        let filter = InspectionFilter { round_id: Some(round_id), fed_back_only: true, ..Default::default() };
        let inspections = h.conn().list_inspections(&filter).await?;
        let readable: Vec<Inspection> = inspections
            .into_iter()
            .filter(|i| xuncha_domain::access::allowed(actor, Capability::ReadAssessment(&i.scope())))
            .collect();
        let saved = h.conn().round_assessments(round_id).await?;
        let who = people(&mut h.conn(), saved.iter().map(|a| a.assessed_by).collect()).await?;
        let mut rows = Vec::new();
        for i in readable {
            let assessment = match saved.iter().find(|a| a.inspection_id == i.id) {
                Some(a) => Some(self.assessment_record(a.clone(), &who)?),
                None => None,
            };
            rows.push(RoundAssessmentRow {
                inspection_id: i.id,
                target_name: i.target_name,
                team_name: i.team_name,
                assessment,
            });
        }
        Ok(RoundAssessments { round_id, round_name: round.name, rows })
    }
}
