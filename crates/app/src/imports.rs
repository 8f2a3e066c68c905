//! Importing a rectification ledger into an inspection: fed-back problems with their measures,
//! in one transaction (all or nothing), each recorded in the audit trail.

use schemars::JsonSchema;
use serde::Serialize;
use xuncha_domain::access::{Actor, Capability};
use xuncha_domain::action::Action;
use xuncha_domain::id::*;
use xuncha_domain::measure::{MeasureFields, MeasureStatus};

use crate::{App, AppError, AppResult, By, json, require, visible_inspection};

/// One problem found in an imported file, located as Excel shows it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ImportIssue {
    pub sheet: String,
    /// 1-based, as Excel numbers rows.
    pub row: u32,
    /// Column letter and header, e.g. "G列(责任人)"; empty for whole-row issues.
    pub column: String,
    pub message: String,
}

impl ImportIssue {
    /// "整改台账 第5行 G列(责任人):责任人为空".
    pub fn describe(&self) -> String {
        if self.column.is_empty() {
            format!("{} 第{}行:{}", self.sheet, self.row, self.message)
        } else {
            format!("{} 第{}行 {}:{}", self.sheet, self.row, self.column, self.message)
        }
    }
}

/// A problem read from a ledger, with its measures.
#[derive(Debug, Clone)]
pub struct ImportedProblem {
    /// The category or aspect text of the ledger (matched to the configured aspects by name).
    pub aspect: String,
    pub summary: String,
    pub measures: Vec<ImportedMeasure>,
}

#[derive(Debug, Clone)]
pub struct ImportedMeasure {
    pub fields: MeasureFields,
    pub status: MeasureStatus,
    pub progress: String,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ImportSummary {
    pub problems: usize,
    pub measures: usize,
}

impl App {
    /// The inspection a ledger may be imported into by this actor (office, fed back), before
    /// any file is read: previews check the same as imports.
    pub async fn ledger_import_target(
        &self,
        actor: &Actor,
        inspection_id: InspectionId,
    ) -> AppResult<crate::views::InspectionRecord> {
        let insp = self.inspection_in_reach(actor, inspection_id).await?;
        require(actor, Capability::PlanRounds)?;
        if insp.feedback_date.is_none() {
            return Err(AppError::State("该巡察尚未反馈,不能导入整改台账".into()));
        }
        Ok(insp.into())
    }

    /// The year of dates a ledger writes without one ("9月底"): the year of the feedback.
    pub fn ledger_year(&self, insp: &crate::views::InspectionRecord) -> i32 {
        insp.feedback_date.map(|d| d.year()).unwrap_or_else(|| self.today().year())
    }

    /// Creates the ledger's problems (as fed back) and measures in the inspection. A ledger's
    /// "已完成" is the organisation's own report: measures are never imported as closed, the
    /// office still verifies each one with evidence.
    pub async fn import_ledger(
        &self,
        actor: &Actor,
        inspection_id: InspectionId,
        problems: &[ImportedProblem],
    ) -> AppResult<ImportSummary> {
        let mut tx = self.write_as(By::User(actor), Capability::PlanRounds).await?;
        let (insp, _) = visible_inspection(&mut tx.conn(), actor, inspection_id).await?;
        let Some(feedback) = insp.feedback_date else {
            return Err(AppError::State("该巡察尚未反馈,不能导入整改台账".into()));
        };
        if tx.conn().plan_of(inspection_id).await?.is_none() {
            tx.conn().insert_plan(inspection_id).await?;
        }
        let aspects = tx.conn().list_aspects().await?;
        let mut summary = ImportSummary { problems: 0, measures: 0 };
        for p in problems {
            xuncha_domain::problem::validate_paper(&p.summary, "", "")?;
            let aspect = aspects
                .iter()
                .find(|a| !p.aspect.is_empty() && (a.name == p.aspect || a.category == p.aspect))
                .map(|a| a.id);
            let pid = tx
                .conn()
                .insert_problem(&xuncha_store::NewProblem {
                    inspection_id,
                    source: xuncha_domain::problem::ProblemSource::Other,
                    aspect_id: aspect,
                    summary: p.summary.trim(),
                    detail: "",
                    evidence_list: "",
                    found_on: feedback,
                    drafted_by: actor.user_id,
                })
                .await?;
            tx.conn().set_problem_closed(pid, false).await?;
            for m in &p.measures {
                m.fields.validate()?;
                let mid = tx.conn().insert_measure(pid, &m.fields).await?;
                let status = if m.status == MeasureStatus::Closed { MeasureStatus::Done } else { m.status };
                if status != MeasureStatus::NotDone {
                    tx.conn().set_measure_status(mid, 1, status).await?;
                }
                if !m.progress.trim().is_empty() {
                    tx.conn().insert_progress(mid, m.progress.trim(), status, actor.user_id).await?;
                }
                summary.measures += 1;
            }
            let after = tx.conn().get_problem(pid).await?.ok_or(AppError::NotFound)?;
            // The problem's image carries its measures' first states, so `audit verify` can tell
            // a later edit behind the system from one made through it (one event per problem:
            // an event per measure made a 10,000-row import five times slower).
            let mut image = serde_json::to_value(&after).unwrap_or_default();
            image["measures"] = serde_json::to_value(tx.conn().problem_measures(pid).await?).unwrap_or_default();
            tx.record(
                Action::ProblemImport,
                pid,
                &format!("从整改台账导入问题{}", after.number),
                "{}",
                &image.to_string(),
            )
            .await?;
            summary.problems += 1;
        }
        let text = format!("导入整改台账:{}个问题、{}条措施", summary.problems, summary.measures);
        tx.record(Action::LedgerImport, inspection_id, &text, "{}", &json(&summary)).await?;
        tx.commit().await?;
        Ok(summary)
    }
}
