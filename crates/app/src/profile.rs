//! One organisation's record across rounds: every inspection of it the reader may see, with its
//! problems and measures, rebounds and transfers, and the totals an office reads first. Built
//! from the use cases that serve each part, so each part is decided by the same rules as on its
//! own page (a target sees its fed-back problems; a team, its own inspections; a receiving body,
//! its transfers).

use schemars::JsonSchema;
use serde::Serialize;
use xuncha_domain::access::{Actor, Capability, allowed};
use xuncha_domain::deadline::Light;
use xuncha_domain::id::*;
use xuncha_domain::measure::MeasureStatus;
use xuncha_domain::plan::PlanStatus;
use xuncha_domain::recheck::RecheckVerdict;

use crate::error::or_empty;
use crate::problems::ProblemView;
use crate::transfers::TransferView;
use crate::views::{InspectionRecord, OrganisationRecord};
use crate::{App, AppError, AppResult};

/// An organisation's page.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct OrganisationProfile {
    pub org: OrganisationRecord,
    /// The organisation above it (its township, its committee), by name.
    pub parent_name: Option<String>,
    /// Newest first.
    pub inspections: Vec<InspectionFile>,
    pub totals: ProfileTotals,
}

/// One inspection of the organisation, as far as the reader may see it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct InspectionFile {
    pub inspection: InspectionRecord,
    pub round_name: String,
    /// `None` before feedback, or for a reader who does not read plans.
    pub plan_status: Option<PlanStatus>,
    pub problems: Vec<ProblemView>,
    pub transfers: Vec<TransferView>,
    /// 整改成效评估, for those who may read it: total, full marks and grade.
    pub assessment: Option<crate::assessments::AssessmentSummary>,
    /// 长效机制 issued as a result of this inspection's rectification.
    pub mechanisms: usize,
    /// Its closed measures checked on site by a 随机抽查 (office, leaders, the organisation).
    pub rechecks: xuncha_domain::recheck::RecheckTally,
    /// Those found untrue (虚假整改): reopened with what the team found.
    pub untrue: Vec<UntrueClosure>,
}

/// A 销号 a re-check found untrue.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct UntrueClosure {
    pub measure_id: MeasureId,
    pub problem_number: i64,
    pub measure_content: String,
    pub notes: String,
    /// When the team recorded it, China time.
    pub checked_at_text: String,
}

/// What an office reads first.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct ProfileTotals {
    pub inspections: usize,
    pub problems: usize,
    pub measures: usize,
    pub closed: usize,
    /// Measures past their deadline and not closed.
    pub overdue: usize,
    /// Problems marked as the return of an earlier one.
    pub rebounds: usize,
    pub transfers: usize,
    /// 销号 found untrue on a re-check (虚假整改).
    pub untrue: usize,
}

impl ProfileTotals {
    fn of(files: &[InspectionFile]) -> Self {
        let measures = || files.iter().flat_map(|f| &f.problems).flat_map(|p| &p.measures);
        ProfileTotals {
            inspections: files.len(),
            problems: files.iter().map(|f| f.problems.len()).sum(),
            measures: measures().count(),
            closed: measures().filter(|m| m.status == MeasureStatus::Closed).count(),
            overdue: measures().filter(|m| m.light == Some(Light::Red)).count(),
            rebounds: files.iter().flat_map(|f| &f.problems).filter(|p| p.problem.rebound_of.is_some()).count(),
            transfers: files.iter().map(|f| f.transfers.len()).sum(),
            untrue: files.iter().map(|f| f.untrue.len()).sum(),
        }
    }
}

impl App {
    /// The organisation's record across rounds. An organisation outside the reader's reach
    /// answers as a missing one.
    pub async fn organisation_profile(&self, actor: &Actor, org_id: OrgId) -> AppResult<OrganisationProfile> {
        let orgs = self.list_orgs(actor).await?;
        let org = orgs.iter().find(|o| o.id == org_id).cloned().ok_or(AppError::NotFound)?;
        let parent_name = org.parent_id.and_then(|p| orgs.iter().find(|o| o.id == p)).map(|o| o.name.clone());
        let mut mine: Vec<_> =
            self.inspections_in_reach(actor, None).await?.into_iter().filter(|i| i.target_org_id == org_id).collect();
        mine.sort_by(|a, b| b.entry_date.cmp(&a.entry_date).then(b.id.cmp(&a.id)));
        let mut inspections = Vec::with_capacity(mine.len());
        for i in mine {
            let scope = i.scope();
            let (round_name, plan_status, assessment, mechanisms, rechecks, untrue) = {
                let mut h = self.store.read().await?;
                let round = h.conn().get_round(i.round_id).await?.map(|r| r.name).unwrap_or_default();
                let (plan, mechanisms) = if allowed(actor, Capability::ReadPlan(&scope)) {
                    (h.conn().plan_of(i.id).await?.map(|p| p.status), h.conn().list_mechanisms(i.id).await?.len())
                } else {
                    (None, 0)
                };
                let scored = allowed(actor, Capability::ReadAssessment(&scope));
                let assessment = if scored {
                    h.conn().get_assessment(i.id).await?.map(crate::assessments::AssessmentSummary::of).transpose()?
                } else {
                    None
                };
                // Re-checks stand on the record the score is read from; a check not yet made is
                // the office's and the team's to know (the organisation is not warned of a visit).
                let mut lines = if scored { h.conn().inspection_recheck_lines(i.id).await? } else { Vec::new() };
                if !allowed(actor, Capability::ReadRoundRechecks) {
                    lines.retain(|l| l.verdict.is_some());
                }
                let untrue = lines
                    .iter()
                    .filter(|l| l.verdict == Some(RecheckVerdict::Overturned))
                    .map(|l| UntrueClosure {
                        measure_id: l.measure_id,
                        problem_number: l.problem_number,
                        measure_content: l.measure_content.clone(),
                        notes: l.notes.clone(),
                        checked_at_text: l.checked_at.map(crate::audit::china_time_text).unwrap_or_default(),
                    })
                    .collect();
                (round, plan, assessment, mechanisms, crate::rechecks::tally_of(&lines), untrue)
            };
            let problems = or_empty(self.list_problems(actor, i.id).await)?;
            let transfers = or_empty(self.list_transfers(actor, Some(i.id)).await)?;
            inspections.push(InspectionFile {
                inspection: i.into(),
                round_name,
                plan_status,
                problems,
                transfers,
                assessment,
                mechanisms,
                rechecks,
                untrue,
            });
        }
        let totals = ProfileTotals::of(&inspections);
        Ok(OrganisationProfile { org, parent_name, inspections, totals })
    }
}
