//! The rectification ledger (整改台账): every measure of a round with its problem, filterable
//! as offices filter their Excel sheets, and never wider than the reader's access.

use serde::{Deserialize, Serialize};
use time::Date;
use xuncha_domain::Id;
use xuncha_domain::access::Actor;
use xuncha_domain::deadline::Light;
use xuncha_domain::measure::{self, MeasureStatus};
use xuncha_domain::problem::ProblemStatus;
use xuncha_store::{Aspect, Inspection, Measure, Problem, Round};

use crate::{App, AppResult};

#[derive(Debug, Clone, Default, Deserialize)]
pub struct LedgerFilter {
    pub round: Option<Id>,
    /// Target organisation.
    pub org: Option<Id>,
    pub aspect: Option<Id>,
    /// A measure status code.
    pub status: Option<String>,
    /// A light code.
    pub light: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LedgerRow {
    pub measure: Measure,
    pub light: Light,
}

/// One problem with the measures that passed the filter.
#[derive(Debug, Clone, Serialize)]
pub struct LedgerProblem {
    pub inspection: Inspection,
    pub problem: Problem,
    pub aspect: Option<Aspect>,
    pub rows: Vec<LedgerRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Ledger {
    pub rounds: Vec<Round>,
    pub round: Option<Round>,
    pub aspects: Vec<Aspect>,
    /// Organisations that appear in the round (for the filter).
    pub orgs: Vec<(Id, String)>,
    pub problems: Vec<LedgerProblem>,
    pub today: Date,
}

impl Ledger {
    pub fn measure_count(&self) -> usize {
        self.problems.iter().map(|p| p.rows.len()).sum()
    }
}

impl App {
    pub async fn ledger(&self, actor: &Actor, f: &LedgerFilter) -> AppResult<Ledger> {
        let mut h = self.store.read().await?;
        let rounds = h.conn().list_rounds().await?;
        let aspects = h.conn().list_aspects().await?;
        drop(h);
        // Targets have no round list of their own: take the rounds of their inspections.
        let visible_all = self.list_inspections(actor, None).await?;
        let rounds: Vec<Round> =
            rounds.into_iter().filter(|r| visible_all.iter().any(|i| i.round_id == r.id)).collect();
        let round = match f.round {
            Some(id) => rounds.iter().find(|r| r.id == id).cloned(),
            None => rounds.first().cloned(),
        };
        let Some(round) = round else {
            return Ok(Ledger {
                rounds,
                round: None,
                aspects,
                orgs: Vec::new(),
                problems: Vec::new(),
                today: self.today(),
            });
        };
        let inspections: Vec<Inspection> = visible_all.into_iter().filter(|i| i.round_id == round.id).collect();
        let mut h = self.store.read().await?;
        let problems = h.conn().round_problems(round.id).await?;
        let measures = h.conn().round_measures(round.id).await?;
        let today = self.today();
        let status = f.status.as_deref().filter(|s| !s.is_empty()).and_then(|s| MeasureStatus::parse("status", s).ok());
        let light = f.light.as_deref().filter(|s| !s.is_empty()).and_then(|s| Light::parse("light", s).ok());
        let mut orgs: Vec<(Id, String)> =
            inspections.iter().map(|i| (i.target_org_id, i.target_name.clone())).collect();
        orgs.sort();
        orgs.dedup();
        let mut out = Vec::new();
        for insp in inspections.iter().filter(|i| f.org.is_none_or(|o| o == i.target_org_id)) {
            let plan_due = insp.feedback_date.map(|d| self.policy.plan_due(d));
            for p in problems.iter().filter(|p| p.inspection_id == insp.id) {
                // The ledger is about rectification: only fed-back problems.
                if !matches!(p.status, ProblemStatus::FedBack | ProblemStatus::Closed) {
                    continue;
                }
                if f.aspect.is_some() && p.aspect_id != f.aspect {
                    continue;
                }
                let rows: Vec<LedgerRow> = measures
                    .iter()
                    .filter(|m| m.measure.problem_id == p.id)
                    .map(|m| LedgerRow {
                        light: measure::measure_light(
                            &self.policy,
                            &m.measure.fields(),
                            m.measure.status,
                            plan_due,
                            today,
                        ),
                        measure: m.measure.clone(),
                    })
                    .filter(|r| status.is_none_or(|s| r.measure.status == s) && light.is_none_or(|l| r.light == l))
                    .collect();
                let filtered = status.is_some() || light.is_some();
                if rows.is_empty() && filtered {
                    continue;
                }
                out.push(LedgerProblem {
                    inspection: insp.clone(),
                    aspect: p.aspect_id.and_then(|a| aspects.iter().find(|x| x.id == a).cloned()),
                    problem: p.clone(),
                    rows,
                });
            }
        }
        Ok(Ledger { rounds, round: Some(round), aspects, orgs, problems: out, today })
    }
}

/// What an exported ledger adds to the page: each measure's latest progress and evidence names.
#[derive(Debug, Clone, Default)]
pub struct LedgerDetails {
    pub progress: std::collections::HashMap<Id, String>,
    pub evidence: std::collections::HashMap<Id, Vec<String>>,
}

impl App {
    /// Details for the measures of a ledger already built (and so already access-checked).
    pub async fn ledger_details(&self, ledger: &Ledger) -> AppResult<LedgerDetails> {
        let Some(round) = &ledger.round else { return Ok(LedgerDetails::default()) };
        let shown: std::collections::HashSet<Id> =
            ledger.problems.iter().flat_map(|p| p.rows.iter().map(|r| r.measure.id)).collect();
        let mut h = self.store.read().await?;
        let mut d = LedgerDetails::default();
        for (m, text) in h.conn().round_progress(round.id).await? {
            if shown.contains(&m) {
                d.progress.insert(m, text);
            }
        }
        for (m, name) in h.conn().round_evidence_names(round.id).await? {
            if shown.contains(&m) {
                d.evidence.entry(m).or_default().push(name);
            }
        }
        Ok(d)
    }
}
