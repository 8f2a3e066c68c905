//! Importing a rectification ledger into an inspection: fed-back problems with their measures,
//! in one transaction (all or nothing), each recorded in the audit trail.

use schemars::JsonSchema;
use serde::Serialize;
use xuncha_domain::access::{Actor, Capability};
use xuncha_domain::action::Action;
use xuncha_domain::id::*;
use xuncha_domain::measure::{MeasureFields, MeasureStatus};

use xuncha_domain::ledger_match::{Incoming, Known, Match, Target, match_ledger};

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
    /// Problems created.
    pub problems: usize,
    /// Measures created.
    pub measures: usize,
    /// Ledger problems joined to one already on the inspection (or repeated in the file).
    pub merged: usize,
    /// Measures left out because the problem already had them.
    pub repeated_measures: usize,
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

    /// What each ledger problem would join instead of being created, and which of its measures
    /// are already there (the preview shows exactly what the import will do).
    pub async fn ledger_matches(
        &self,
        actor: &Actor,
        inspection_id: InspectionId,
        incoming: &[Incoming<'_>],
    ) -> AppResult<Vec<LedgerMatch>> {
        self.ledger_import_target(actor, inspection_id).await?;
        let mut h = self.store.read().await?;
        let (problems, measures) = known_of(&mut h.conn(), inspection_id).await?;
        Ok(match_ledger(&knowns(&problems, &measures), incoming).into_iter().map(LedgerMatch::from).collect())
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
        let mut summary = ImportSummary { problems: 0, measures: 0, merged: 0, repeated_measures: 0 };
        let (known_problems, known_measures) = known_of(&mut tx.conn(), inspection_id).await?;
        let incoming: Vec<Incoming<'_>> = problems
            .iter()
            .map(|p| Incoming {
                summary: &p.summary,
                measures: p.measures.iter().map(|m| m.fields.content.as_str()).collect(),
            })
            .collect();
        let matches = match_ledger(&knowns(&known_problems, &known_measures), &incoming);
        // The problem each ledger row went into (created here or already there).
        let mut placed: Vec<ProblemId> = Vec::with_capacity(problems.len());
        for (p, matched) in problems.iter().zip(matches) {
            let joined = match matched.target {
                Some(Target::Existing(id, _)) => Some(id),
                Some(Target::Earlier(j)) => placed.get(j).copied(),
                None => None,
            };
            if matched.closed {
                // A closed problem is not reopened by a ledger: the row is left out whole.
                placed.push(joined.unwrap_or(ProblemId::new(0)));
                summary.merged += 1;
                summary.repeated_measures += p.measures.len();
                continue;
            }
            if let Some(pid) = joined {
                placed.push(pid);
                summary.merged += 1;
                summary.repeated_measures += matched.repeated.len();
                let mut added = 0;
                for m in p.measures.iter().enumerate().filter(|(mi, _)| !matched.repeated.contains(mi)).map(|(_, m)| m)
                {
                    self.import_measure(&mut tx, pid, m, actor).await?;
                    added += 1;
                }
                summary.measures += added;
                let (number, image) = problem_image(&mut tx, pid).await?;
                let text = format!("整改台账与已有问题{number}相同,并入(新增措施{added}条)");
                tx.record(Action::ProblemImport, pid, &text, "{}", &image).await?;
                continue;
            }
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
            placed.push(pid);
            for m in p.measures.iter().enumerate().filter(|(mi, _)| !matched.repeated.contains(mi)).map(|(_, m)| m) {
                self.import_measure(&mut tx, pid, m, actor).await?;
                summary.measures += 1;
            }
            summary.repeated_measures += matched.repeated.len();
            let (number, image) = problem_image(&mut tx, pid).await?;
            tx.record(Action::ProblemImport, pid, &format!("从整改台账导入问题{number}"), "{}", &image).await?;
            summary.problems += 1;
        }
        let mut text = format!("导入整改台账:{}个问题、{}条措施", summary.problems, summary.measures);
        if summary.merged > 0 || summary.repeated_measures > 0 {
            text.push_str(&format!(
                ";{}个问题并入已有问题,{}条已有措施未重复导入",
                summary.merged, summary.repeated_measures
            ));
        }
        tx.record(Action::LedgerImport, inspection_id, &text, "{}", &json(&summary)).await?;
        tx.commit().await?;
        Ok(summary)
    }

    /// One measure of the ledger: created, with the unit's own reported state and progress (a
    /// "已完成" stays the unit's report; closing is the verifier's).
    async fn import_measure(
        &self,
        tx: &mut crate::Write<'_>,
        pid: ProblemId,
        m: &ImportedMeasure,
        actor: &Actor,
    ) -> AppResult<()> {
        m.fields.validate()?;
        let mid = tx.conn().insert_measure(pid, &m.fields).await?;
        let status = if m.status == MeasureStatus::Closed { MeasureStatus::Done } else { m.status };
        if status != MeasureStatus::NotDone {
            tx.conn().set_measure_status(mid, 1, status).await?;
        }
        if !m.progress.trim().is_empty() {
            tx.conn().insert_progress(mid, m.progress.trim(), status, actor.user_id).await?;
        }
        Ok(())
    }
}

/// A ledger problem's match as the preview and the API show it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct LedgerMatch {
    /// The number of the problem already on the inspection it joins.
    pub problem_number: Option<i64>,
    /// That problem is closed (销号): nothing of this row is imported.
    pub closed: bool,
    /// The earlier problem of the same file it repeats (its position, from 0).
    pub repeats: Option<usize>,
    /// Its measures already there (positions among the measures imported, from 0), not
    /// imported again.
    pub repeated_measures: Vec<usize>,
    /// The same measures by their rows in the file (filled where the file is known).
    pub repeated_rows: Vec<u32>,
}

impl From<Match> for LedgerMatch {
    fn from(m: Match) -> Self {
        let (problem_number, repeats) = match m.target {
            Some(Target::Existing(_, number)) => (Some(number), None),
            Some(Target::Earlier(j)) => (None, Some(j)),
            None => (None, None),
        };
        LedgerMatch {
            problem_number,
            closed: m.closed,
            repeats,
            repeated_measures: m.repeated,
            repeated_rows: Vec::new(),
        }
    }
}

/// The problem's number and its audit image with its measures' states, so `audit verify` can
/// tell a later edit behind the system from one made through it (one event per problem: an
/// event per measure made a 10,000-row import five times slower).
async fn problem_image(tx: &mut crate::Write<'_>, pid: ProblemId) -> AppResult<(i64, String)> {
    let after = tx.conn().get_problem(pid).await?.ok_or(AppError::NotFound)?;
    let mut image = serde_json::to_value(&after).unwrap_or_default();
    image["measures"] = serde_json::to_value(tx.conn().problem_measures(pid).await?).unwrap_or_default();
    Ok((after.number, image.to_string()))
}

async fn known_of(
    conn: &mut xuncha_store::Conn<'_>,
    inspection_id: InspectionId,
) -> AppResult<(Vec<xuncha_store::Problem>, Vec<xuncha_store::Measure>)> {
    Ok((conn.list_problems(inspection_id).await?, conn.inspection_measures(inspection_id).await?))
}

/// The problems a ledger may repeat: those fed back (open or closed). A work paper not yet fed
/// back is the inspecting side's and is never matched: the unit's ledger cannot reach it.
fn knowns<'a>(problems: &'a [xuncha_store::Problem], measures: &'a [xuncha_store::Measure]) -> Vec<Known<'a>> {
    use xuncha_domain::problem::ProblemStatus;
    let mut by_problem: std::collections::HashMap<ProblemId, Vec<&str>> = std::collections::HashMap::new();
    for m in measures {
        by_problem.entry(m.problem_id).or_default().push(m.content.as_str());
    }
    problems
        .iter()
        .filter(|p| matches!(p.status, ProblemStatus::FedBack | ProblemStatus::Closed))
        .map(|p| Known {
            id: p.id,
            number: p.number,
            closed: p.status == ProblemStatus::Closed,
            summary: &p.summary,
            measures: by_problem.remove(&p.id).unwrap_or_default(),
        })
        .collect()
}
