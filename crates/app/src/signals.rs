//! Paper-only signals for reviewers: per measure and per plan for one inspection, and the
//! organisations of a round ranked by them. The facts come from one query; the judging is
//! `xuncha_analysis`.

use std::collections::BTreeMap;

use serde::Serialize;
use xuncha_analysis::copies::CopyIndex;
use xuncha_analysis::signals::{MeasureFacts, Signal, SignalKind, concentration, measure_signals};
use xuncha_domain::Id;
use xuncha_domain::access::{Actor, Capability, allowed};
use xuncha_domain::measure::MeasureStatus;
use xuncha_store::{Conn, Inspection, MeasureFactsRow, MeasureText};

use crate::{App, AppResult, require_visible};

#[derive(Debug, Clone, Serialize)]
pub struct MeasureSignals {
    pub measure_id: Id,
    pub problem_id: Id,
    pub problem_number: i64,
    pub content: String,
    pub signals: Vec<Signal>,
    /// Measures of other organisations or rounds this one looks copied from (reviewers only).
    pub twins: Vec<TwinRef>,
}

/// The other side of a copy, as the reviewer is shown it.
#[derive(Debug, Clone, Serialize)]
pub struct TwinRef {
    pub measure_id: Id,
    pub org_name: String,
    pub round_name: String,
    pub content: String,
    pub similarity: f64,
}

/// Round rankings already judged, by reader and round, for the data as it is now.
pub(crate) type Rankings = std::sync::Mutex<std::collections::HashMap<(Id, Id), Vec<PlanSignals>>>;

/// Every fed-back measure of the county, indexed for copy detection, with its text.
pub(crate) struct Copies {
    index: CopyIndex<Id>,
    texts: std::collections::HashMap<Id, MeasureText>,
}

impl Copies {
    async fn load(conn: &mut Conn<'_>) -> AppResult<Copies> {
        let names = conn.list_orgs().await?.into_iter().map(|o| o.name).collect();
        let mut index = CopyIndex::new(names);
        let mut texts = std::collections::HashMap::new();
        for t in conn.measure_texts().await? {
            index.add(t.measure_id, t.org_id, t.round_id, &t.content);
            texts.insert(t.measure_id, t);
        }
        Ok(Copies { index, texts })
    }

    /// Up to three twins of a measure, with the signal that names the closest.
    fn of(&self, measure_id: Id) -> Option<(Signal, Vec<TwinRef>)> {
        let twins: Vec<TwinRef> = self
            .index
            .twins(&measure_id)
            .into_iter()
            .take(3)
            .filter_map(|t| {
                let m = self.texts.get(&t.key)?;
                Some(TwinRef {
                    measure_id: m.measure_id,
                    org_name: m.org_name.clone(),
                    round_name: m.round_name.clone(),
                    content: m.content.clone(),
                    similarity: t.similarity,
                })
            })
            .collect();
        let first = twins.first()?;
        let reason = format!(
            "与{}({})的措施“{}”相似度{:.0}%,地名、单位名或数字换了,内容基本相同",
            first.org_name,
            first.round_name,
            first.content,
            first.similarity * 100.0
        );
        Some((Signal { kind: SignalKind::Copied, reason }, twins))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanSignals {
    pub inspection_id: Id,
    pub target_name: String,
    pub measure_count: usize,
    /// Measures with at least one signal, in plan order.
    pub measures: Vec<MeasureSignals>,
    /// Signals of the plan as a whole (one person carrying most measures).
    pub plan: Vec<Signal>,
}

impl PlanSignals {
    pub fn total(&self) -> usize {
        self.measures.iter().map(|m| m.signals.len()).sum::<usize>() + self.plan.len()
    }

    /// How many signals of each kind, in the kinds' order, leaving out kinds with none.
    pub fn counts(&self) -> Vec<(SignalKind, usize)> {
        let all = self.measures.iter().flat_map(|m| &m.signals).chain(&self.plan);
        let mut by: BTreeMap<usize, usize> = BTreeMap::new();
        for s in all {
            *by.entry(SignalKind::ALL.iter().position(|k| *k == s.kind).unwrap_or(0)).or_default() += 1;
        }
        by.into_iter().map(|(i, n)| (SignalKind::ALL[i], n)).collect()
    }
}

fn judge(insp: &Inspection, rows: &[&MeasureFactsRow], copies: Option<&Copies>) -> PlanSignals {
    let problem_text = |r: &MeasureFactsRow| format!("{}{}", r.problem_summary, r.problem_detail);
    let measures = rows
        .iter()
        .filter_map(|r| {
            let problem = problem_text(r);
            let slipped = match (r.original_deadline, r.deadline) {
                (Some(first), Some(now)) => (now - first).whole_days(),
                _ => 0,
            };
            let facts = MeasureFacts {
                content: &r.content,
                problem: &problem,
                responsible_person: &r.responsible_person,
                closed: r.status == MeasureStatus::Closed,
                evidence_count: r.evidence_count as usize,
                newest_evidence_date: r.newest_evidence,
                feedback_date: insp.feedback_date,
                extensions: r.extensions as usize,
                slipped_days: slipped,
            };
            let mut signals = measure_signals(&facts);
            let mut twins = Vec::new();
            if let Some((signal, found)) = copies.and_then(|c| c.of(r.measure_id)) {
                signals.insert(0, signal);
                twins = found;
            }
            (!signals.is_empty()).then(|| MeasureSignals {
                measure_id: r.measure_id,
                problem_id: r.problem_id,
                problem_number: r.problem_number,
                content: r.content.clone(),
                signals,
                twins,
            })
        })
        .collect();
    let persons: Vec<&str> = rows.iter().map(|r| r.responsible_person.as_str()).collect();
    PlanSignals {
        inspection_id: insp.id,
        target_name: insp.target_name.clone(),
        measure_count: rows.len(),
        measures,
        plan: concentration(&persons).map(|(_, s)| s).into_iter().collect(),
    }
}

impl App {
    /// The copy index of the county, built once per change of the data rather than per page.
    async fn copies(&self) -> AppResult<std::sync::Arc<Copies>> {
        self.copies_cache.get(&self.store, || async { Copies::load(&mut self.store.read().await?.conn()).await }).await
    }

    /// The signals of one inspection's plan, for whoever may read the plan. Copies are judged
    /// only for the office and leaders: their twins belong to other organisations.
    pub async fn plan_signals(&self, actor: &Actor, inspection_id: Id) -> AppResult<PlanSignals> {
        let insp = self.get_inspection(actor, inspection_id).await?;
        require_visible(actor, Capability::ReadPlan(&insp.scope()))?;
        let rows = self.store.read().await?.conn().measure_facts(Some(inspection_id), None).await?;
        let copies = if allowed(actor, Capability::RankSignals) { Some(self.copies().await?) } else { None };
        Ok(judge(&insp, &rows.iter().collect::<Vec<_>>(), copies.as_deref()))
    }

    /// The organisations of a round, most signals first (ties: more signals per measure first),
    /// for the office and leaders.
    pub async fn signal_ranking(&self, actor: &Actor, round_id: Id) -> AppResult<Vec<PlanSignals>> {
        require_visible(actor, Capability::RankSignals)?;
        // Judging a round's copies costs a look-up per measure in the whole index (≈0.3 s for a
        // round of a province): rankings are kept per reader and round until the data changes.
        let kept = self.rankings_cache.get(&self.store, || async { Ok(Rankings::default()) }).await?;
        let key = (actor.user_id, round_id);
        if let Some(ranked) = kept.lock().expect("rankings lock").get(&key) {
            return Ok(ranked.clone());
        }
        let ranked = self.rank_signals(actor, round_id).await?;
        kept.lock().expect("rankings lock").insert(key, ranked.clone());
        Ok(ranked)
    }

    async fn rank_signals(&self, actor: &Actor, round_id: Id) -> AppResult<Vec<PlanSignals>> {
        let inspections = self.list_inspections(actor, Some(round_id)).await?;
        let rows = self.store.read().await?.conn().measure_facts(None, Some(round_id)).await?;
        let copies = self.copies().await?;
        // The rows come ordered by inspection: group them once rather than filter per inspection.
        let mut by_inspection: std::collections::HashMap<Id, Vec<&MeasureFactsRow>> = std::collections::HashMap::new();
        for r in &rows {
            by_inspection.entry(r.inspection_id).or_default().push(r);
        }
        let mut ranked: Vec<PlanSignals> = inspections
            .iter()
            .filter(|i| i.feedback_date.is_some())
            .map(|i| judge(i, by_inspection.get(&i.id).map(Vec::as_slice).unwrap_or_default(), Some(&copies)))
            .filter(|p| p.total() > 0)
            .collect();
        let rate = |p: &PlanSignals| p.total() as f64 / p.measure_count.max(1) as f64;
        ranked.sort_by(|a, b| b.total().cmp(&a.total()).then(rate(b).total_cmp(&rate(a))));
        Ok(ranked)
    }
}
