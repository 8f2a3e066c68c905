//! What each role's home page shows: the round at a glance for the office and leaders, the
//! team's inspections, the target's plan and measures due, the supervisor's inbox.

use schemars::JsonSchema;
use serde::Serialize;
use xuncha_domain::access::{Actor, Capability, allowed};
use xuncha_domain::deadline::Light;
use xuncha_domain::id::*;
use xuncha_domain::inspection::conflict_of_interest;
use xuncha_domain::measure::MeasureStatus;
use xuncha_domain::plan::PlanStatus;
use xuncha_domain::problem::ProblemStatus;
use xuncha_domain::role::Role;
use xuncha_store::{InspectionFilter, Plan, RoundMeasure};

use crate::plans::LightBasis;
use crate::views::{self, Day, InspectionRecord, MeasureRecord, PlanRecord, RoundMeasureRecord, RoundRecord};
use crate::{App, AppError, AppResult, require_visible};

/// One inspection's line on the office dashboard.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct InspectionRow {
    pub inspection: InspectionRecord,
    pub plan: Option<PlanRecord>,
    pub problems: i64,
    pub measures: usize,
    pub closed: usize,
    pub red: usize,
    pub yellow: usize,
    pub green: usize,
}

impl InspectionRow {
    /// Closed measures as a whole percentage (0 when there are none).
    pub fn completion(&self) -> usize {
        (self.closed * 100).checked_div(self.measures).unwrap_or(0)
    }
    pub fn plan_label(&self) -> &'static str {
        match &self.plan {
            Some(p) => p.status.label(),
            None if self.inspection.feedback_date.is_some() => "未开启",
            None => "尚未反馈",
        }
    }
}

/// A measure that is overdue or warned, with where it sits.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct WarnedMeasure {
    pub measure: RoundMeasureRecord,
    pub light: Light,
    pub target_name: String,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RoundDashboard {
    pub rounds: Vec<RoundRecord>,
    pub round: Option<RoundRecord>,
    pub rows: Vec<InspectionRow>,
    /// Red first, then yellow, then green; each by deadline.
    pub warned: Vec<WarnedMeasure>,
    /// Measures by status: not done, largely done, done (awaiting verification), closed.
    pub status_mix: [usize; 4],
    /// Overdue measures week by week, from the first feedback to today.
    pub trend: Vec<(Day, usize)>,
    /// Completion by problem aspect: (category › aspect, measures, closed, overdue).
    pub by_aspect: Vec<AspectRow>,
    /// Fed-back problems by typical problem of the 问题库 in force.
    pub by_typical: Vec<crate::library::TypicalCount>,
    /// The round's 随机抽查 so far (for the office and leaders; none drawn: absent).
    pub rechecks: Option<RecheckSummary>,
    /// The public's satisfaction with the round's organisations (for the office and leaders;
    /// absent before any comment).
    pub comments: Option<CommentSummary>,
}

/// The public's verdict on a round's disclosures at a glance.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CommentSummary {
    pub tally: xuncha_domain::comment::SatisfactionTally,
    /// "86%"; "" without ratings.
    pub rate_text: String,
    pub low: bool,
    /// Organisations whose satisfaction is low, by name.
    pub low_organisations: Vec<String>,
    /// Comments awaiting moderation (the office; 0 for a leader, who does not moderate).
    pub pending: usize,
}

/// A round's re-checks at a glance: how many drawn, checked, confirmed and overturned.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RecheckSummary {
    pub tally: xuncha_domain::recheck::RecheckTally,
    /// "75%"; "" before any is checked.
    pub rate_text: String,
    /// Below the share of 属实 at which closures are not to be trusted as they stand.
    pub low: bool,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AspectRow {
    pub label: String,
    pub measures: usize,
    pub closed: usize,
    pub red: usize,
}

impl AspectRow {
    pub fn completion(&self) -> usize {
        (self.closed * 100).checked_div(self.measures).unwrap_or(0)
    }
}

impl RoundDashboard {
    pub fn totals(&self) -> (usize, usize, usize, usize, usize) {
        let sum = |f: fn(&InspectionRow) -> usize| self.rows.iter().map(f).sum::<usize>();
        (sum(|r| r.measures), sum(|r| r.closed), sum(|r| r.red), sum(|r| r.yellow), sum(|r| r.green))
    }
}

/// A team's inspection with its pending work.
#[derive(Debug, Clone, Serialize)]
pub struct TeamRow {
    pub inspection: InspectionRecord,
    pub pending_tips: i64,
    /// Papers waiting for the deputy's or the leader's sign-off.
    pub unsigned: usize,
    pub problems: usize,
}

/// Inspections of the reader's own team that they are recused from (回避) for one reason: told
/// to them, so that they are not simply missing from their home page. A tie with a township
/// recuses from the township and each village under it: one notice, not one per village.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct OwnRecusal {
    #[serde(skip)]
    pub team_id: TeamId,
    /// The round and team ("2023年第二轮巡察第三巡察组"): team names repeat across rounds.
    pub round_name: String,
    pub team_name: String,
    pub targets: Vec<String>,
    /// The rule's reason, addressed to the reader ("您已申报…").
    pub reason: String,
}

/// A target's inspection with its plan and the measures coming due.
#[derive(Debug, Clone, Serialize)]
pub struct TargetRow {
    pub inspection: InspectionRecord,
    pub plan: Option<PlanRecord>,
    pub due: Vec<(MeasureRecord, Light)>,
}

impl App {
    /// The office's and leaders' view of a round (the latest when none is given).
    pub async fn round_dashboard(&self, actor: &Actor, round_id: Option<RoundId>) -> AppResult<RoundDashboard> {
        require_visible(actor, Capability::ReadRounds)?;
        // The picker offers the rounds of the actor's jurisdiction; another county's is "not found".
        let rounds = self.rounds_in_reach(actor).await?;
        let round = match round_id {
            Some(id) => Some(rounds.iter().find(|r| r.id == id).cloned().ok_or(AppError::NotFound)?),
            None => crate::inspections::opening_round(&rounds, &self.inspections_in_reach(actor, None).await?),
        };
        let Some(round) = round else {
            return Ok(RoundDashboard {
                rounds: views::all(rounds),
                round: None,
                rows: Vec::new(),
                warned: Vec::new(),
                status_mix: [0; 4],
                trend: Vec::new(),
                by_aspect: Vec::new(),
                by_typical: Vec::new(),
                rechecks: None,
                comments: None,
            });
        };
        let inspections = self.inspections_in_reach(actor, Some(round.id)).await?;
        let mut h = self.store.read().await?;
        let measures = h.conn().round_measures(round.id).await?;
        let plans = h.conn().round_plans(round.id).await?;
        let counts = h.conn().round_problem_counts(round.id).await?;
        let today = self.today();
        let mut rows = Vec::new();
        let mut warned = Vec::new();
        for insp in inspections {
            let basis = LightBasis {
                plan_due: insp.feedback_date.map(|d| self.policy.plan_due(d)),
                approved: plans.iter().any(|p| p.inspection_id == insp.id && p.status == PlanStatus::Approved),
            };
            let mut row = InspectionRow {
                plan: plans.iter().find(|p| p.inspection_id == insp.id).cloned().map(Into::into),
                problems: counts.iter().find(|c| c.0 == insp.id).map(|c| c.1).unwrap_or(0),
                measures: 0,
                closed: 0,
                red: 0,
                yellow: 0,
                green: 0,
                inspection: insp.into(),
            };
            for m in measures.iter().filter(|m| m.inspection_id == row.inspection.id) {
                row.measures += 1;
                let light =
                    self.light_on(&m.measure.fields(), m.measure.status, m.measure.paused_since.is_some(), basis);
                match light {
                    Light::Red => row.red += 1,
                    Light::Yellow => row.yellow += 1,
                    Light::Green => row.green += 1,
                    Light::None => {}
                }
                if m.measure.status == MeasureStatus::Closed {
                    row.closed += 1;
                }
                if light != Light::None {
                    warned.push(WarnedMeasure {
                        measure: m.clone().into(),
                        light,
                        target_name: row.inspection.target_name.clone(),
                    });
                }
            }
            rows.push(row);
        }
        let rank = |l: Light| match l {
            Light::Red => 0,
            Light::Yellow => 1,
            _ => 2,
        };
        warned.sort_by_key(|w| (rank(w.light), w.measure.measure.deadline));
        let visible: Vec<&RoundMeasure> =
            measures.iter().filter(|m| rows.iter().any(|r| r.inspection.id == m.inspection_id)).collect();
        let mut status_mix = [0usize; 4];
        for m in &visible {
            status_mix[match m.measure.status {
                MeasureStatus::NotDone => 0,
                MeasureStatus::LargelyDone => 1,
                MeasureStatus::Done => 2,
                MeasureStatus::Closed => 3,
            }] += 1;
        }
        let first_feedback = rows.iter().filter_map(|r| r.inspection.feedback_date).min();
        // Only measures under an approved plan fall due (the others are proposals).
        let approved: std::collections::HashSet<InspectionId> = rows
            .iter()
            .filter(|r| r.plan.as_ref().is_some_and(|p| p.status == PlanStatus::Approved))
            .map(|r| r.inspection.id)
            .collect();
        let binding: Vec<&RoundMeasure> =
            visible.iter().copied().filter(|m| approved.contains(&m.inspection_id)).collect();
        let trend = first_feedback
            .map(|start| overdue_trend(&binding, start, today).into_iter().map(|(d, n)| (Day(d), n)).collect())
            .unwrap_or_default();
        // The round's problems, read once for both tables (on the page's one connection).
        let problems = h.conn().round_problems(round.id).await?;
        let by_aspect = self.aspect_rows(&problems, &visible, &rows).await?;
        let fed_back: Vec<xuncha_store::Problem> = problems
            .into_iter()
            .filter(|p| rows.iter().any(|r| r.inspection.id == p.inspection_id))
            .filter(|p| matches!(p.status, ProblemStatus::FedBack | ProblemStatus::Closed))
            .collect();
        let library = crate::library::in_force(&mut h.conn(), round.committee_id).await?;
        let by_typical = crate::library::count_by_typical(&library, &fed_back);
        let rechecks = if allowed(actor, Capability::ReadRoundRechecks) {
            let tally = crate::rechecks::tally_of(&h.conn().round_recheck_lines(round.id).await?);
            (tally.drawn > 0).then(|| RecheckSummary {
                rate_text: crate::rechecks::rate_text(&tally),
                low: tally.is_low(),
                tally,
            })
        } else {
            None
        };
        let comments = if allowed(actor, Capability::ReadSatisfaction) {
            self.round_comment_summary(actor, round.id).await?
        } else {
            None
        };
        Ok(RoundDashboard {
            comments,
            rounds: views::all(rounds),
            round: Some(round.into()),
            rows,
            warned,
            status_mix,
            trend,
            by_aspect,
            by_typical,
            rechecks,
        })
    }

    /// Measures grouped by the aspect of their problem ("未分类" for problems without one).
    async fn aspect_rows(
        &self,
        problems: &[xuncha_store::Problem],
        measures: &[&RoundMeasure],
        rows: &[InspectionRow],
    ) -> AppResult<Vec<AspectRow>> {
        let lookups = self.lookups().await?;
        let aspects = &lookups.aspects;
        let mut out: Vec<(Option<AspectId>, AspectRow)> = Vec::new();
        for m in measures {
            let aspect = problems.iter().find(|p| p.id == m.measure.problem_id).and_then(|p| p.aspect_id);
            let idx = match out.iter().position(|(a, _)| *a == aspect) {
                Some(i) => i,
                None => {
                    let label = aspect
                        .and_then(|a| aspects.iter().find(|x| x.id == a))
                        .map(|x| format!("{} › {}", x.category, x.name))
                        .unwrap_or_else(|| "未分类".into());
                    out.push((aspect, AspectRow { label, measures: 0, closed: 0, red: 0 }));
                    out.len() - 1
                }
            };
            let row = rows.iter().find(|r| r.inspection.id == m.inspection_id);
            let basis = LightBasis {
                plan_due: row.and_then(|r| r.inspection.feedback_date).map(|d| self.policy.plan_due(d)),
                approved: row.and_then(|r| r.plan.as_ref()).is_some_and(|p| p.status == PlanStatus::Approved),
            };
            let row = &mut out[idx].1;
            row.measures += 1;
            if m.measure.status == MeasureStatus::Closed {
                row.closed += 1;
            }
            if self.light_on(&m.measure.fields(), m.measure.status, m.measure.paused_since.is_some(), basis)
                == Light::Red
            {
                row.red += 1;
            }
        }
        out.sort_by_key(|(a, _)| aspects.iter().position(|x| Some(x.id) == *a).unwrap_or(usize::MAX));
        Ok(out.into_iter().map(|(_, r)| r).collect())
    }

    /// A team member's inspections with tips waiting for triage and papers waiting for sign-off
    /// (the counts in one query for all of them).
    pub async fn team_home(&self, actor: &Actor) -> AppResult<Vec<TeamRow>> {
        let inspections = self.inspections_in_reach(actor, None).await?;
        let counts = self.store.read().await?.conn().team_inspection_counts(actor.user_id).await?;
        Ok(inspections
            .into_iter()
            .map(|inspection| {
                let (problems, unsigned, pending_tips) = counts
                    .iter()
                    .find(|(id, ..)| *id == inspection.id)
                    .map(|(_, p, u, t)| (*p as usize, *u as usize, *t))
                    .unwrap_or_default();
                TeamRow { pending_tips, unsigned, problems, inspection: inspection.into() }
            })
            .collect())
    }

    /// The inspections of the reader's own teams that they are recused from, with the rule's
    /// reason (their own ties: a declared conflict, their unit, the pool's record of them). The
    /// inspections themselves stay closed to them; only the team and target names are told.
    pub async fn own_recusals(&self, actor: &Actor) -> AppResult<Vec<OwnRecusal>> {
        if actor.role != Role::Team || actor.teams.is_empty() {
            return Ok(Vec::new());
        }
        let team_ids = actor.teams.iter().map(|(t, _)| *t).collect();
        let filter = InspectionFilter { team_ids: Some(team_ids), ..Default::default() };
        let inspections = self.store.read().await?.conn().list_inspections(&filter).await?;
        let rounds = self.lookups().await?;
        let round_name = |id: RoundId| rounds.rounds.iter().find(|r| r.id == id).map(|r| r.name.clone());
        let ties = actor.recusal.ties(actor.org_id);
        let mut out: Vec<OwnRecusal> = Vec::new();
        for i in inspections {
            let Some(why) = conflict_of_interest(&ties, i.target_org_id) else { continue };
            let reason = why.replace("该成员", "您");
            match out.iter_mut().find(|r| r.team_id == i.team_id && r.reason == reason) {
                Some(r) => r.targets.push(i.target_name),
                None => out.push(OwnRecusal {
                    team_id: i.team_id,
                    round_name: round_name(i.round_id).unwrap_or_default(),
                    team_name: i.team_name,
                    targets: vec![i.target_name],
                    reason,
                }),
            }
        }
        Ok(out)
    }

    /// A target's fed-back inspections, their plans and the measures that carry a light.
    pub async fn target_home(&self, actor: &Actor) -> AppResult<Vec<TargetRow>> {
        let inspections = self.inspections_in_reach(actor, None).await?;
        let mut h = self.store.read().await?;
        let mut rows = Vec::new();
        for inspection in inspections {
            let plan = h.conn().plan_of(inspection.id).await?;
            let basis = LightBasis {
                plan_due: inspection.feedback_date.map(|d| self.policy.plan_due(d)),
                approved: plan.as_ref().is_some_and(|p| p.status == PlanStatus::Approved),
            };
            let mut due: Vec<_> = h
                .conn()
                .inspection_measures(inspection.id)
                .await?
                .into_iter()
                .map(|m| {
                    let light = self.light_on(&m.fields(), m.status, m.paused_since.is_some(), basis);
                    (MeasureRecord::from(m), light)
                })
                .filter(|(_, l)| *l != Light::None)
                .collect();
            due.sort_by_key(|(m, _)| m.deadline);
            rows.push(TargetRow { inspection: inspection.into(), plan: plan.map(Into::into), due });
        }
        Ok(rows)
    }
}

/// How many measures were overdue at the end of each week from `start` to `today`: past their
/// (current) deadline and not yet closed on that day, nor standing still on a paused clock.
/// Immediate fixes without a date are left out.
fn overdue_trend(measures: &[&RoundMeasure], start: time::Date, today: time::Date) -> Vec<(time::Date, usize)> {
    let mut out = Vec::new();
    let mut day = start;
    while day <= today {
        let n = measures
            .iter()
            .filter(|m| m.measure.deadline.is_some_and(|d| d < day))
            .filter(|m| m.measure.paused_since.is_none_or(|p| p > day))
            .filter(|m| still_open(m, day, today))
            .count();
        out.push((day, n));
        day += time::Duration::days(7);
    }
    if out.last().is_some_and(|(d, _)| *d != today) {
        let n = measures
            .iter()
            .filter(|m| m.measure.deadline.is_some_and(|d| d < today) && still_open(m, today, today))
            .filter(|m| m.measure.paused_since.is_none())
            .count();
        out.push((today, n));
    }
    out
}

/// Whether a measure was still open on `day`. A closing stamped after `today` can only come
/// from a fixed clock (a demo or drill judged as of an earlier day): it counts as closed throughout.
fn still_open(m: &RoundMeasure, day: time::Date, today: time::Date) -> bool {
    match m.measure.closed_at.map(|c| c.date()) {
        None => true,
        Some(c) if c > today => false,
        Some(c) => c > day,
    }
}

/// Whether a plan waits for the office's review.
pub fn awaiting_review(plan: &Option<Plan>) -> bool {
    plan.as_ref().is_some_and(|p| p.status == PlanStatus::Submitted)
}
