//! Paper-only signals for reviewers: per measure and per plan for one inspection, and the
//! organisations of a round ranked by them. The facts come from one query; the judging is
//! `xuncha_analysis`.

use schemars::JsonSchema;
use std::collections::BTreeMap;

use serde::Serialize;
use xuncha_analysis::copies::{CopyIndex, Likeness};
use xuncha_analysis::signals::{MeasureFacts, Signal, SignalKind, concentration, measure_signals};
use xuncha_domain::access::{Actor, Capability, allowed};
use xuncha_domain::id::*;
use xuncha_domain::measure::MeasureStatus;
use xuncha_store::{Conn, Inspection, MeasureFactsRow, MeasureText, Store, TextChange};

use crate::cache::{Followed, Follows};
use crate::{App, AppError, AppResult, require_visible};

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct MeasureSignals {
    pub measure_id: MeasureId,
    pub problem_id: ProblemId,
    pub problem_number: i64,
    pub content: String,
    pub signals: Vec<Signal>,
    /// Measures of other organisations or rounds this one looks copied from (reviewers only).
    pub twins: Vec<TwinRef>,
}

/// The other side of a copy, as the reviewer is shown it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TwinRef {
    pub measure_id: MeasureId,
    pub org_name: String,
    pub round_name: String,
    pub content: String,
    /// The share of words the two have in common (after masking names and numbers), 0–1.
    pub similarity: f64,
    /// The share of characters they have in common, 0–1 (a reworded copy keeps its characters).
    pub char_similarity: f64,
}

/// Round rankings already judged, by reader and round, for the data as it is now.
pub(crate) type Rankings = std::sync::Mutex<std::collections::HashMap<(UserId, RoundId), Vec<PlanSignals>>>;

/// Every fed-back measure of the database indexed for copy detection, built once and then kept
/// up to date change by change: at a province's million measures a build takes some twenty
/// seconds, a catch-up one statement when no text changed.
pub(crate) struct Copies {
    index: CopyIndex<MeasureId>,
    /// The closest twins already looked up (a round's ranking looks up each of its measures,
    /// ≈ 0.3 s at a province, and is judged again after every change): forgotten for the
    /// measures a change may concern.
    known: std::sync::Mutex<KnownTwins>,
}

/// Twins looked up, by measure, valid for one generation of the index's bands.
#[derive(Default)]
struct KnownTwins {
    generation: u64,
    twins: std::collections::HashMap<MeasureId, Vec<(MeasureId, Likeness)>>,
}

/// Twins shown per measure.
const TWINS_SHOWN: usize = 3;

/// Past this many measures changed at once (an import), every looked-up twin is forgotten
/// rather than working out which.
const FORGET_ALL_ABOVE: usize = 256;

impl Copies {
    fn new(index: CopyIndex<MeasureId>) -> Copies {
        Copies { index, known: Default::default() }
    }

    /// The closest twins of a measure, looked up once until a change may concern them.
    fn closest(&self, id: MeasureId) -> Vec<(MeasureId, Likeness)> {
        let generation = self.index.generation();
        {
            let mut known = self.known.lock().expect("twins lock");
            if known.generation != generation {
                *known = KnownTwins { generation, ..Default::default() };
            }
            if let Some(twins) = known.twins.get(&id) {
                return twins.clone();
            }
        }
        let twins: Vec<(MeasureId, Likeness)> =
            self.index.twins(&id).into_iter().take(TWINS_SHOWN).map(|t| (t.key, t.likeness)).collect();
        self.known.lock().expect("twins lock").twins.insert(id, twins.clone());
        twins
    }

    /// Every twin of the measures (not only the closest): whose twins a change of theirs touches.
    fn all_twins_of(&self, ids: &[MeasureId]) -> Vec<MeasureId> {
        ids.iter().flat_map(|id| self.index.twins(id).into_iter().map(|t| t.key)).collect()
    }
}

impl std::fmt::Debug for Copies {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Copies({} measures)", self.index.len())
    }
}

/// Measures read per statement while building (their texts are dropped page by page).
const BUILD_PAGE: i64 = 20_000;

/// The closest copies of a measure, with the signal that names the closest.
type Copied = std::collections::HashMap<MeasureId, (Signal, Vec<TwinRef>)>;

fn blocking_failed(e: tokio::task::JoinError) -> AppError {
    AppError::internal(format!("copy index: {e}"))
}

impl Follows for Copies {
    type Place = ();

    async fn build(store: &Store, _: &(), _applied: i64) -> AppResult<Copies> {
        let mut handle = store.read().await?;
        let mut conn = handle.conn();
        let names = conn.list_orgs().await?.into_iter().map(|o| o.name).collect();
        let mut index = CopyIndex::new(names);
        let mut after = MeasureId::new(0);
        loop {
            let page = conn.measure_texts(after, BUILD_PAGE).await?;
            let Some(last) = page.last() else { break };
            after = last.measure_id;
            // Masking and hashing is CPU work: off the async workers.
            index = tokio::task::spawn_blocking(move || {
                for t in page {
                    index.add(t.measure_id, t.org_id.get(), t.round_id.get(), &t.content);
                }
                index
            })
            .await
            .map_err(blocking_failed)?;
        }
        Ok(Copies::new(index))
    }

    /// An organisation added or renamed masks every text differently: built again then.
    async fn catch_up(&mut self, _: &Store, conn: &mut Conn<'_>, changes: &[TextChange]) -> AppResult<bool> {
        if changes.iter().any(|c| c.kind == "organisation") {
            return Ok(false);
        }
        let mut ids: Vec<MeasureId> =
            changes.iter().filter(|c| c.kind == "measure").map(|c| MeasureId::new(c.entity_id)).collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return Ok(true);
        }
        // Twins are symmetric: a changed measure's twins before and after, and the measures it
        // parted by making a bucket boilerplate, are all whose twins may have changed.
        let generation = self.index.generation();
        let known = self.known.get_mut().expect("twins lock");
        let remembered = !known.twins.is_empty() && known.generation == generation;
        let one_by_one = remembered && ids.len() <= FORGET_ALL_ABOVE;
        let mut stale: std::collections::HashSet<MeasureId> = ids.iter().copied().collect();
        if one_by_one {
            stale.extend(self.all_twins_of(&ids));
        }
        // Removed, edited, or out of the fed-back set: gone first; what is still there comes back.
        for id in &ids {
            self.index.remove(id);
        }
        for t in conn.measure_texts_of(&ids).await? {
            stale.extend(self.index.add(t.measure_id, t.org_id.get(), t.round_id.get(), &t.content));
        }
        if one_by_one && self.index.generation() == generation {
            stale.extend(self.all_twins_of(&ids));
            self.known.get_mut().expect("twins lock").twins.retain(|id, _| !stale.contains(id));
        } else {
            self.known.get_mut().expect("twins lock").twins.clear();
        }
        Ok(true)
    }
}

/// Up to three twins of each measure, with the signal naming the closest; the twins' texts are
/// read from the database (the index keeps only what it compares).
/// Copies of `measure_ids` as `actor` may be told of them. Twins in the actor's jurisdiction are
/// named; twins in other counties are only counted (their text and organisation belong to
/// another county's office; the higher office over both sees them named).
async fn copied(
    copies: Followed<Copies>,
    conn: &mut Conn<'_>,
    actor: &Actor,
    measure_ids: Vec<MeasureId>,
) -> AppResult<Copied> {
    let found: Vec<(MeasureId, Vec<(MeasureId, Likeness)>)> = tokio::task::spawn_blocking(move || {
        measure_ids
            .into_iter()
            .map(|id| (id, copies.closest(id)))
            .filter(|(_, twins): &(MeasureId, Vec<(MeasureId, Likeness)>)| !twins.is_empty())
            .collect()
    })
    .await
    .map_err(blocking_failed)?;
    // The twins' texts, and each measure's own (to mark the clauses both have).
    let mut wanted: Vec<MeasureId> =
        found.iter().flat_map(|(id, twins)| twins.iter().map(|t| t.0).chain(std::iter::once(*id))).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let texts: std::collections::HashMap<MeasureId, MeasureText> =
        conn.measure_texts_of(&wanted).await?.into_iter().map(|t| (t.measure_id, t)).collect();
    let mut out = Copied::new();
    for (id, twins) in found {
        let mut elsewhere = 0usize;
        let twins: Vec<TwinRef> = twins
            .into_iter()
            .filter_map(|(twin, likeness)| {
                let m = texts.get(&twin)?;
                if !actor.covers(m.committee_id) {
                    elsewhere += 1;
                    return None;
                }
                Some(TwinRef {
                    measure_id: m.measure_id,
                    org_name: m.org_name.clone(),
                    round_name: m.round_name.clone(),
                    content: m.content.clone(),
                    similarity: likeness.words,
                    char_similarity: likeness.chars,
                })
            })
            .collect();
        let reason = match twins.first() {
            Some(first) => {
                // The clauses both have, as the reviewer checks them (order and near synonyms aside).
                let own = texts.get(&id).map(|t| t.content.as_str()).unwrap_or_default();
                let shared = xuncha_analysis::copies::shared_clauses(&first.content, own, &Default::default());
                let marked = match shared.len() {
                    0 => String::new(),
                    n => format!(",其中{n}句相同:“{}”", shared.join("”“")),
                };
                let changed = if first.similarity >= 0.999 {
                    "内容相同"
                } else if first.similarity >= xuncha_analysis::copies::COPY_THRESHOLD {
                    "地名、单位名、数字、语序或个别词语有调整,内容基本相同"
                } else {
                    "措辞有改写,所作承诺基本相同"
                };
                format!(
                    "与{}({})的措施“{}”用词重合{:.0}%、用字重合{:.0}%{marked};{changed}",
                    first.org_name,
                    first.round_name,
                    first.content,
                    first.similarity * 100.0,
                    first.char_similarity * 100.0
                )
            }
            // Counted, without a similarity: a figure that moved with each try would let a county
            // probe the next county's texts by writing guesses of them.
            None if elsewhere > 0 => format!("与其他县(区)的{elsewhere}条措施基本相同,详情由上级巡察机构掌握"),
            None => continue,
        };
        out.insert(id, (Signal { kind: SignalKind::Copied, reason }, twins));
    }
    Ok(out)
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PlanSignals {
    pub inspection_id: InspectionId,
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

fn judge(insp: &Inspection, rows: &[&MeasureFactsRow], copied: &Copied) -> PlanSignals {
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
            if let Some((signal, found)) = copied.get(&r.measure_id) {
                signals.insert(0, signal.clone());
                twins = found.clone();
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
    /// Builds the copy index now rather than on the office's first home page, and resumes or
    /// builds a search index kept in a folder rather than on the first search (called at
    /// start). One kept in memory waits for a search: nobody may search in this process.
    pub async fn warm(&self) -> AppResult<()> {
        self.copies.get(&self.store).await.map(drop)?;
        if self.search_cache.place().is_some() {
            self.search_cache.get(&self.store).await.map(drop)?;
        }
        Ok(())
    }

    /// Copies of the given measures (office and leaders only: twins belong to others).
    async fn copied(&self, actor: &Actor, measure_ids: Vec<MeasureId>) -> AppResult<Copied> {
        if !allowed(actor, Capability::RankSignals) {
            return Ok(Copied::new());
        }
        let copies = self.copies.get(&self.store).await?;
        copied(copies, &mut self.store.read().await?.conn(), actor, measure_ids).await
    }

    /// The signals of one inspection's plan, for whoever may read the plan. Copies are judged
    /// only for the office and leaders: their twins belong to other organisations.
    pub async fn plan_signals(&self, actor: &Actor, inspection_id: InspectionId) -> AppResult<PlanSignals> {
        let insp = self.inspection_in_reach(actor, inspection_id).await?;
        require_visible(actor, Capability::ReadPlan(&insp.scope()))?;
        let rows = self.store.read().await?.conn().measure_facts(Some(inspection_id), None).await?;
        let copied = self.copied(actor, rows.iter().map(|r| r.measure_id).collect()).await?;
        Ok(judge(&insp, &rows.iter().collect::<Vec<_>>(), &copied))
    }

    /// The organisations of a round, most signals first (ties: more signals per measure first),
    /// for the office and leaders.
    pub async fn signal_ranking(&self, actor: &Actor, round_id: RoundId) -> AppResult<Vec<PlanSignals>> {
        require_visible(actor, Capability::RankSignals)?;
        crate::inspections::visible_round(&mut self.store.read().await?.conn(), actor, round_id).await?;
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

    async fn rank_signals(&self, actor: &Actor, round_id: RoundId) -> AppResult<Vec<PlanSignals>> {
        let inspections = self.inspections_in_reach(actor, Some(round_id)).await?;
        let rows = self.store.read().await?.conn().measure_facts(None, Some(round_id)).await?;
        let copied = self.copied(actor, rows.iter().map(|r| r.measure_id).collect()).await?;
        // The rows come ordered by inspection: group them once rather than filter per inspection.
        let mut by_inspection: std::collections::HashMap<InspectionId, Vec<&MeasureFactsRow>> =
            std::collections::HashMap::new();
        for r in &rows {
            by_inspection.entry(r.inspection_id).or_default().push(r);
        }
        let mut ranked: Vec<PlanSignals> = inspections
            .iter()
            .filter(|i| i.feedback_date.is_some())
            .map(|i| judge(i, by_inspection.get(&i.id).map(Vec::as_slice).unwrap_or_default(), &copied))
            .filter(|p| p.total() > 0)
            .collect();
        let rate = |p: &PlanSignals| p.total() as f64 / p.measure_count.max(1) as f64;
        ranked.sort_by(|a, b| b.total().cmp(&a.total()).then(rate(b).total_cmp(&rate(a))));
        Ok(ranked)
    }
}
