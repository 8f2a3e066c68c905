//! The county at a glance, for its leaders and office: how much of the county this term's
//! rounds have covered, every round's problems and measures, problems by category, and what the
//! receiving bodies did with the transfers. Counts only, and what a one-page briefing prints.

use schemars::JsonSchema;
use serde::Serialize;
use time::Date;
use xuncha_domain::access::{Actor, Capability};
use xuncha_domain::id::*;
use xuncha_domain::measure::MeasureStatus;
use xuncha_domain::problem::ProblemStatus;

use crate::ledger::approved_plans;
use crate::plans::LightBasis;
use crate::views::RoundRecord;
use crate::{App, AppResult, require};

/// How far back "this term" reaches: a county committee's term is five years.
pub const TERM_YEARS: i32 = 5;

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CountyOverview {
    #[serde(with = "xuncha_store::date_fmt")]
    #[schemars(with = "xuncha_domain::schema::DateText")]
    pub today: Date,
    #[serde(with = "xuncha_store::date_fmt")]
    #[schemars(with = "xuncha_domain::schema::DateText")]
    pub term_from: Date,
    /// 巡察覆盖率: inspectable organisations inspected in a round begun this term, of all.
    pub inspectable: usize,
    pub covered: usize,
    pub rounds: Vec<RoundLine>,
    /// Fed-back problems and their measures by the category of their aspect.
    pub categories: Vec<CategoryLine>,
    /// Transfers by outcome (`未反馈` for those awaiting one).
    pub outcomes: Vec<(String, usize)>,
}

impl CountyOverview {
    /// Coverage in whole per cent ("—" for a county without inspectable organisations).
    pub fn coverage(&self) -> String {
        (self.covered * 100).checked_div(self.inspectable).map_or("—".into(), |p| format!("{p}%"))
    }
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RoundLine {
    pub round: RoundRecord,
    pub inspections: usize,
    pub problems: usize,
    pub measures: usize,
    pub closed: usize,
    /// Open measures past their deadline (under an approved plan).
    pub overdue: usize,
    pub plans_approved: usize,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CategoryLine {
    pub category: String,
    pub problems: usize,
    pub measures: usize,
    pub closed: usize,
}

impl App {
    pub async fn county_overview(&self, actor: &Actor) -> AppResult<CountyOverview> {
        require(actor, Capability::ReadCountyOverview)?;
        let today = self.today();
        let term_from = today.replace_year(today.year() - TERM_YEARS).unwrap_or(today);
        let rounds = self.rounds_in_reach(actor).await?;
        let inspections = self.inspections_in_reach(actor, None).await?;
        let orgs = self.list_orgs(actor).await?;
        let inspectable: Vec<OrgId> = orgs.iter().filter(|o| o.kind.inspectable()).map(|o| o.id).collect();
        let this_term: std::collections::HashSet<RoundId> =
            rounds.iter().filter(|r| r.start_date >= term_from).map(|r| r.id).collect();
        let covered: std::collections::HashSet<OrgId> = inspections
            .iter()
            .filter(|i| this_term.contains(&i.round_id) && inspectable.contains(&i.target_org_id))
            .map(|i| i.target_org_id)
            .collect();
        let aspects = self.lookups().await?.aspects.clone();
        let mut categories: Vec<CategoryLine> = Vec::new();
        let mut lines = Vec::new();
        let mut h = self.store.read().await?;
        for r in &rounds {
            let mine: std::collections::HashSet<InspectionId> =
                inspections.iter().filter(|i| i.round_id == r.id).map(|i| i.id).collect();
            let problems: Vec<_> = h
                .conn()
                .round_problems(r.id)
                .await?
                .into_iter()
                .filter(|p| mine.contains(&p.inspection_id))
                .filter(|p| matches!(p.status, ProblemStatus::FedBack | ProblemStatus::Closed))
                .collect();
            let measures: Vec<_> =
                h.conn().round_measures(r.id).await?.into_iter().filter(|m| mine.contains(&m.inspection_id)).collect();
            let approved = approved_plans(&mut h.conn(), Some(r.id)).await?;
            let mut line = RoundLine {
                round: r.clone().into(),
                inspections: mine.len(),
                problems: problems.len(),
                measures: measures.len(),
                closed: measures.iter().filter(|m| m.measure.status == MeasureStatus::Closed).count(),
                overdue: 0,
                plans_approved: approved.iter().filter(|i| mine.contains(i)).count(),
            };
            for m in &measures {
                let feedback = inspections.iter().find(|i| i.id == m.inspection_id).and_then(|i| i.feedback_date);
                let basis = LightBasis {
                    plan_due: feedback.map(|d| self.policy.plan_due(d)),
                    approved: approved.contains(&m.inspection_id),
                };
                if self.light_on(&m.measure.fields(), m.measure.status, m.measure.paused_since.is_some(), basis)
                    == xuncha_domain::deadline::Light::Red
                {
                    line.overdue += 1;
                }
            }
            for p in &problems {
                let category = p
                    .aspect_id
                    .and_then(|a| aspects.iter().find(|x| x.id == a))
                    .map_or_else(|| "未分类".to_string(), |a| a.category.clone());
                let idx = match categories.iter().position(|c| c.category == category) {
                    Some(i) => i,
                    None => {
                        categories.push(CategoryLine { category, problems: 0, measures: 0, closed: 0 });
                        categories.len() - 1
                    }
                };
                let own: Vec<_> = measures.iter().filter(|m| m.measure.problem_id == p.id).collect();
                let c = &mut categories[idx];
                c.problems += 1;
                c.measures += own.len();
                c.closed += own.iter().filter(|m| m.measure.status == MeasureStatus::Closed).count();
            }
            lines.push(line);
        }
        // Categories in the order the aspects list them.
        let order = |c: &CategoryLine| aspects.iter().position(|a| a.category == c.category).unwrap_or(usize::MAX);
        categories.sort_by_key(order);
        let mut outcomes: Vec<(String, usize)> = Vec::new();
        for i in &inspections {
            for t in h.conn().list_transfers(i.id).await? {
                let label = t.outcome_kind.map_or("未反馈", |k| k.label()).to_string();
                match outcomes.iter_mut().find(|(l, _)| *l == label) {
                    Some((_, n)) => *n += 1,
                    None => outcomes.push((label, 1)),
                }
            }
        }
        outcomes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(CountyOverview {
            today,
            term_from,
            inspectable: inspectable.len(),
            covered: covered.len(),
            rounds: lines,
            categories,
            outcomes,
        })
    }
}
