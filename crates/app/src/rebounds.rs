//! Rebounds at a look-back: for each new finding, the organisation's earlier closed problems it
//! matches, with a score, the typical problem of the 问题库 they share (or the object and failing,
//! or the conduct, both name) and the words they share; the office confirms (the finding is
//! marked as the rebound) or dismisses; rebound rates per organisation and aspect count the
//! confirmed.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use xuncha_analysis::rebound::{Finding, Strength, rebound_match_of};
use xuncha_domain::access::{Actor, Capability};
use xuncha_domain::action::Action;
use xuncha_domain::id::*;
use xuncha_domain::problem::ProblemStatus;
use xuncha_store::{Problem, ReboundDecision};

use crate::problems::check_rebound_of;
use crate::views::*;
use crate::{App, AppError, AppResult, By, check_version, json, require_visible, visible_inspection};

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ReboundCandidate {
    /// The earlier finding, without its work paper.
    pub earlier: crate::problems::ProblemFacts,
    pub score: f64,
    pub shared_words: Vec<String>,
    /// The typical problem of the 问题库 that joins them by itself, if one does ("违规收送礼品礼金").
    pub typical_problem: Option<String>,
    /// What both name alike by the concept lexicon, if anything: what joins them when no
    /// typical problem does, a second way of seeing the same failing when one does.
    pub concept: Option<SharedConcept>,
    /// "strong" when a typical problem and the concepts both join them, "fair" when one does,
    /// "weak" when only wording does; `None` for a pair kept only by the office's decision.
    pub strength: Option<CandidateStrength>,
    /// The strength as the page says it ("较强", "一般", "较弱").
    pub strength_label: String,
    /// `Some(true)` confirmed, `Some(false)` dismissed, `None` awaiting the office.
    pub decision: Option<bool>,
}

/// How strongly a suggestion is supported (see `xuncha_analysis::rebound::Strength`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CandidateStrength {
    Weak,
    Fair,
    Strong,
}

impl From<Strength> for CandidateStrength {
    fn from(s: Strength) -> Self {
        match s {
            Strength::Weak => CandidateStrength::Weak,
            Strength::Fair => CandidateStrength::Fair,
            Strength::Strong => CandidateStrength::Strong,
        }
    }
}

/// An object and a failing both findings name ("党费", "少缴不足"), or a conduct alone
/// ("违规吃喝", no object).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SharedConcept {
    pub object: Option<String>,
    pub failing: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ReboundDecisionInput {
    /// The finding's version (confirming changes it).
    pub version: i64,
    pub earlier_id: ProblemId,
    pub confirm: bool,
}

/// Closed problems and confirmed rebounds, by organisation or by aspect.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ReboundRate {
    pub name: String,
    pub closed: usize,
    pub rebounded: usize,
}

impl ReboundRate {
    pub fn percent(&self) -> usize {
        (self.rebounded * 100).checked_div(self.closed).unwrap_or(0)
    }
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ReboundRates {
    pub by_org: Vec<ReboundRate>,
    pub by_aspect: Vec<ReboundRate>,
}

/// Closed problems counted per organisation, committee and aspect, for every county at once.
pub(crate) struct LookedBack {
    rows: Vec<xuncha_store::LookedBackCount>,
    aspects: Vec<xuncha_store::Aspect>,
}

/// Adds counts to a name's line, kept by name.
fn count(lines: &mut std::collections::BTreeMap<String, ReboundRate>, name: &str, closed: i64, rebounded: i64) {
    let line = lines.entry(name.to_string()).or_insert_with(|| ReboundRate {
        name: name.to_string(),
        closed: 0,
        rebounded: 0,
    });
    line.closed += closed as usize;
    line.rebounded += rebounded as usize;
}

/// A problem as the rebound judgement reads it: its summary (which says whether it tells a
/// case) and its whole text, summary and detail as two sentences.
fn text(p: &Problem) -> String {
    if p.detail.trim().is_empty() { p.summary.clone() } else { format!("{}。{}", p.summary, p.detail) }
}

fn finding<'a>(p: &'a Problem, text: &'a str) -> Finding<'a> {
    Finding { headline: &p.summary, text, typical_code: p.typical_code.as_deref() }
}

impl App {
    /// Earlier closed problems of the same organisation that the finding matches (a typical
    /// problem, concepts or enough shared words join them: `rebound::ReboundMatch::is_likely`) or
    /// that were already decided on, best first.
    pub async fn rebound_candidates(&self, actor: &Actor, problem_id: ProblemId) -> AppResult<Vec<ReboundCandidate>> {
        let mut h = self.store.read().await?;
        let problem = h.conn().get_problem(problem_id).await?.ok_or(AppError::NotFound)?;
        let (insp, scope) = visible_inspection(&mut h.conn(), actor, problem.inspection_id).await?;
        require_visible(actor, Capability::CompareEarlier(&scope))?;
        // A finding not yet fed back is the team's work paper (it may cite tips): a higher
        // office compares only what it may read.
        let fed_back = matches!(problem.status, ProblemStatus::FedBack | ProblemStatus::Closed);
        if !fed_back && !actor.reads_work_papers() {
            return Err(AppError::NotFound);
        }
        let decisions = h.conn().rebound_decisions(problem_id).await?;
        // The county's library and concept lexicon, and the typical problems people chose (a
        // finding that names an earlier finding is compared by the failing it names, see
        // `rebound::about`).
        let library = crate::library::in_force(&mut h.conn(), insp.committee_id).await?;
        let lexicon = crate::concepts::in_force(&mut h.conn(), insp.committee_id).await?;
        let new_text = text(&problem);
        let new = finding(&problem, &new_text);
        let mut out: Vec<ReboundCandidate> = h
            .conn()
            .earlier_problems(insp.target_org_id, insp.entry_date)
            .await?
            .into_iter()
            .filter(|e| e.status == ProblemStatus::Closed)
            .filter_map(|earlier| {
                let earlier_text = text(&earlier);
                let m = rebound_match_of(&library, &lexicon, finding(&earlier, &earlier_text), new);
                let decision = decisions.iter().find(|d| d.earlier_id == earlier.id).map(|d| d.confirmed);
                let decision = decision.or((problem.rebound_of == Some(earlier.id)).then_some(true));
                let typical_problem = m.joining_typical_problem().map(str::to_string);
                let strength = m.strength();
                (strength.is_some() || decision.is_some()).then(|| ReboundCandidate {
                    earlier: crate::problems::ProblemFacts::of(&earlier),
                    score: m.score,
                    shared_words: m.shared_words,
                    typical_problem,
                    concept: m.concept.map(|c| SharedConcept { object: c.object, failing: c.failing }),
                    strength: strength.map(Into::into),
                    strength_label: strength.map(|s| s.label().to_string()).unwrap_or_default(),
                    decision,
                })
            })
            .collect();
        // The strongest first (a typical problem and the concepts both joining them were right
        // about nine times in ten on the independent sets), then those a typical problem joins,
        // then by shared wording.
        let rank = |c: &ReboundCandidate| (c.strength, c.typical_problem.is_some());
        out.sort_by(|a, b| rank(b).cmp(&rank(a)).then(b.score.total_cmp(&a.score)));
        Ok(out)
    }

    /// The office confirms a suggested rebound (the finding is marked as its rebound) or
    /// dismisses it (and unmarks it, if it was marked).
    pub async fn decide_rebound(
        &self,
        actor: &Actor,
        problem_id: ProblemId,
        input: &ReboundDecisionInput,
    ) -> AppResult<PaperRecord> {
        let mut tx = self.write(By::User(actor)).await?;
        let before = tx.conn().get_problem(problem_id).await?.ok_or(AppError::NotFound)?;
        let (insp, scope) = visible_inspection(&mut tx.conn(), actor, before.inspection_id).await?;
        tx.require(Capability::DecideRebound(&scope))?;
        check_version(input.version, before.version)?;
        let earlier = check_rebound_of(&mut tx.conn(), &insp, input.earlier_id).await?;
        let library = crate::library::in_force(&mut tx.conn(), insp.committee_id).await?;
        let lexicon = crate::concepts::in_force(&mut tx.conn(), insp.committee_id).await?;
        let (earlier_text, before_text) = (text(&earlier), text(&before));
        let (earlier_finding, before_finding) = (finding(&earlier, &earlier_text), finding(&before, &before_text));
        let score = rebound_match_of(&library, &lexicon, earlier_finding, before_finding).score;
        let marked = before.rebound_of == Some(earlier.id);
        if input.confirm && !marked {
            tx.conn().set_rebound(problem_id, before.version, Some(earlier.id)).await?;
        } else if !input.confirm && marked {
            tx.conn().set_rebound(problem_id, before.version, None).await?;
        }
        let decided_at = tx.conn().now();
        tx.conn()
            .put_rebound_decision(&ReboundDecision {
                problem_id,
                earlier_id: earlier.id,
                confirmed: input.confirm,
                score,
                decided_by: actor.user_id,
                decided_at,
            })
            .await?;
        let after = tx.conn().get_problem(problem_id).await?.ok_or(AppError::NotFound)?;
        let verb = if input.confirm { "确认" } else { "排除" };
        let summary = format!("{verb}问题{}为此前问题“{}”的反弹", after.number, earlier.summary);
        tx.record(Action::ProblemReboundDecision, problem_id, &summary, &json(&before), &json(&after)).await?;
        tx.commit().await?;
        Ok(after.into())
    }

    /// Of the closed problems of organisations inspected again since, how many came back
    /// (confirmed rebounds), by organisation and by aspect: of the actor's jurisdiction only.
    pub async fn rebound_rates(&self, actor: &Actor) -> AppResult<ReboundRates> {
        require_visible(actor, Capability::RankSignals)?;
        let counts = self.rebound_rates_cache.get(&self.store, || self.count_rebounds()).await?;
        let mut by_org = std::collections::BTreeMap::new();
        let mut by_aspect = std::collections::BTreeMap::new();
        for r in counts.rows.iter().filter(|r| actor.covers(r.committee_id)) {
            count(&mut by_org, &r.org_name, r.closed, r.rebounded);
            let aspect = r.aspect_id.and_then(|id| counts.aspects.iter().find(|a| a.id == id)).map(|a| a.name.as_str());
            count(&mut by_aspect, aspect.unwrap_or("未分类"), r.closed, r.rebounded);
        }
        let order = |a: &ReboundRate, b: &ReboundRate| b.percent().cmp(&a.percent()).then(b.closed.cmp(&a.closed));
        let mut by_org: Vec<ReboundRate> = by_org.into_values().collect();
        let mut by_aspect: Vec<ReboundRate> = by_aspect.into_values().collect();
        by_org.sort_by(order);
        by_aspect.sort_by(order);
        Ok(ReboundRates { by_org, by_aspect })
    }

    /// The database's counts (a whole-province pass: kept until its tables are written).
    async fn count_rebounds(&self) -> AppResult<LookedBack> {
        let mut h = self.store.read().await?;
        Ok(LookedBack { rows: h.conn().looked_back_counts().await?, aspects: h.conn().list_aspects().await? })
    }
}
