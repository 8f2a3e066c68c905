//! 随机抽查 / 反向核查: the office draws a reproducible sample of a round's closed measures
//! (a count or a share; stratified by organisation and aspect; weighted toward measures with
//! paper-only signals if asked), each drawn measure goes to a team with a due date, and the team
//! records what it found on site (属实 / 部分属实 / 不属实, notes and files). 不属实 reopens the
//! measure with the finding as its reason and stands on the organisation's record as 虚假整改;
//! the office may then take it up the 督办 ladder. Tallies by organisation and aspect feed the
//! dashboard and the rectification score.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::Date;
use xuncha_domain::access::{Actor, Capability, Scope, allowed};
use xuncha_domain::action::Action;
use xuncha_domain::id::*;
use xuncha_domain::measure::MeasureStatus;
use xuncha_domain::recheck::{self, DrawSpec, PopulationEntry, RecheckTally, RecheckVerdict, SampleSize};
use xuncha_domain::schema::{DateText, InstantText};
use xuncha_store::{Conn, NewRecheckDraw, NewRecheckEvidence, RecheckDraw, RecheckLine};

use crate::audit::{People, china_time_text, people};
use crate::inputs::{self, EvidenceUpload};
use crate::inspections::visible_round;
use crate::{App, AppError, AppResult, By, json, require_visible};

/// What the office asks for. Exactly one of `count` and `share`; nothing else (a seed is not
/// the office's to give).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecheckDrawInput {
    /// How many closed measures to draw.
    #[serde(default)]
    pub count: Option<u32>,
    /// Or what percentage of them (1–100), rounded up.
    #[serde(default)]
    pub share: Option<u32>,
    /// Spread the sample over organisation × aspect in proportion (default: yes).
    #[serde(default = "yes")]
    pub stratify: bool,
    /// Draw measures with paper-only signals three times as often (default: no).
    #[serde(default)]
    pub weight_signals: bool,
    /// By when the teams report what they found.
    #[schemars(with = "DateText")]
    pub due_on: String,
    /// The team sent to check every drawn measure (a measure of its own inspections goes to the
    /// next team instead); none: each measure to the team after the one that inspected it
    /// (交叉核查: no team checks the closures it may have signed itself).
    #[serde(default)]
    pub team_id: Option<TeamId>,
    /// What the check is for (at most 500 characters).
    #[serde(default)]
    #[schemars(length(max = 500))]
    pub note: String,
}

fn yes() -> bool {
    true
}

/// What a team found on site.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct RecheckResultInput {
    pub version: i64,
    pub verdict: RecheckVerdict,
    /// What was seen; for 不属实, why (it becomes the measure's reason for reopening).
    #[serde(default)]
    #[schemars(length(max = 2000))]
    pub notes: String,
}

/// A file the team brought back.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RecheckEvidenceRecord {
    pub id: RecheckEvidenceId,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    /// "李明(第一巡察组组长)".
    pub uploaded_by_name: String,
    /// China time.
    pub uploaded_at_text: String,
}

impl RecheckEvidenceRecord {
    fn of(f: xuncha_store::RecheckEvidence, people: &People) -> Self {
        RecheckEvidenceRecord {
            id: f.id,
            uploaded_by_name: people.of(&f.uploaded_by).to_string(),
            uploaded_at_text: china_time_text(f.uploaded_at),
            file_name: f.file_name,
            content_type: f.content_type,
            size: f.size,
            sha256: f.sha256,
        }
    }
}

/// One drawn measure and its check, as the pages and the API show it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RecheckItemRecord {
    pub id: RecheckItemId,
    pub draw_id: RecheckDrawId,
    pub round_id: RoundId,
    pub measure_id: MeasureId,
    pub inspection_id: InspectionId,
    pub target_name: String,
    pub problem_id: ProblemId,
    pub problem_number: i64,
    pub problem_summary: String,
    pub aspect: String,
    pub measure_content: String,
    /// The measure's status now (已销号, or reopened after 不属实).
    pub measure_status: MeasureStatus,
    pub team_id: TeamId,
    pub team_name: String,
    #[serde(with = "xuncha_store::date_fmt")]
    #[schemars(with = "DateText")]
    pub due_on: Date,
    /// None until the team records what it found.
    pub verdict: Option<RecheckVerdict>,
    pub notes: String,
    pub checked_by_name: String,
    pub checked_at_text: String,
    /// Past due with no result.
    pub overdue: bool,
    pub version: i64,
}

impl RecheckItemRecord {
    fn of(l: RecheckLine, people: &People, today: Date) -> Self {
        RecheckItemRecord {
            id: l.id,
            draw_id: l.draw_id,
            round_id: l.round_id,
            measure_id: l.measure_id,
            inspection_id: l.inspection_id,
            target_name: l.target_name,
            problem_id: l.problem_id,
            problem_number: l.problem_number,
            problem_summary: l.problem_summary,
            aspect: l.aspect,
            measure_content: l.measure_content,
            measure_status: l.measure_status,
            team_id: l.team_id,
            team_name: l.team_name,
            due_on: l.due_on,
            overdue: l.verdict.is_none() && l.due_on < today,
            verdict: l.verdict,
            notes: l.notes,
            checked_by_name: l.checked_by.map(|u| people.of(&u).to_string()).unwrap_or_default(),
            checked_at_text: l.checked_at.map(china_time_text).unwrap_or_default(),
            version: l.version,
        }
    }
}

/// A drawn measure's page: the check, the measure's 销号 as it was closed, and the files.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RecheckItemView {
    #[serde(flatten)]
    pub item: RecheckItemRecord,
    /// Who closed the measure, when and with what opinion: the 销号 being checked, as it stood
    /// at the draw (kept after a 不属实 reopens the measure).
    pub closed_by_name: String,
    pub closed_at_text: String,
    pub close_note: String,
    /// Whether the reader may read the whole draw (the office and leaders).
    pub can_read_draw: bool,
    /// The files the unit's 销号 rested on, which the team sent may open from here.
    pub measure_evidence: Vec<MeasureEvidenceRef>,
    pub evidence: Vec<RecheckEvidenceRecord>,
    /// Whether the reader may upload files and record the verdict now.
    pub can_verify: bool,
    /// Whether the reader may take the organisation up the 督办 ladder (the office).
    pub can_escalate: bool,
}

/// A file of the measure checked.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct MeasureEvidenceRef {
    pub id: EvidenceId,
    pub file_name: String,
}

/// A draw as recorded, with its replay.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RecheckDrawRecord {
    pub id: RecheckDrawId,
    pub round_id: RoundId,
    /// The draw's number within its round (第1批, 第2批 …).
    pub number: usize,
    pub seed: i64,
    pub spec: DrawSpec,
    /// "抽取20条(按单位和问题方面分层,侧重有纸面整改提示的措施)".
    pub spec_text: String,
    pub population_count: i64,
    #[serde(with = "xuncha_store::date_fmt")]
    #[schemars(with = "DateText")]
    pub due_on: Date,
    /// The team named to check; "" when cross-checked (each measure to the next team).
    pub team_name: String,
    pub note: String,
    pub drawn_by_name: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "InstantText")]
    pub drawn_at: time::OffsetDateTime,
    pub drawn_at_text: String,
    pub tally: RecheckTally,
}

/// A draw's page.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RecheckDrawView {
    #[serde(flatten)]
    pub draw: RecheckDrawRecord,
    pub round_name: String,
    pub items: Vec<RecheckItemRecord>,
    /// The draw re-run from its recorded seed and population gives the recorded sample, and the
    /// seed, sample and population agree with the audit trail's record of the draw.
    pub replay_matches: bool,
}

/// A row of the statistics: an organisation or an aspect.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TallyRow {
    pub name: String,
    pub tally: RecheckTally,
    /// Share of 属实 among those checked, as "75%"; "" before any is checked.
    pub rate_text: String,
    pub low: bool,
}

/// A round's 随机抽查 page.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RoundRechecks {
    pub round_id: RoundId,
    pub round_name: String,
    /// Closed measures the next draw would be drawn from.
    pub closed_measures: usize,
    pub draws: Vec<RecheckDrawRecord>,
    pub tally: RecheckTally,
    pub rate_text: String,
    pub low: bool,
    pub by_organisation: Vec<TallyRow>,
    pub by_aspect: Vec<TallyRow>,
    /// The teams of the round, for the form (id, name).
    pub teams: Vec<(TeamId, String)>,
    /// Whether the reader may draw (the office).
    pub can_draw: bool,
}

/// A reader's own re-checks to do (a team's home page).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RecheckTodo {
    pub items: Vec<RecheckItemRecord>,
}

/// The teams a drawn measure may go to, in order of preference: the one named (unless it
/// inspected the organisation), then the teams after the inspecting one in the order formed.
/// Never the inspecting team: a round of one team cannot cross-check.
fn candidate_teams(teams: &[TeamId], named: Option<TeamId>, inspecting: TeamId) -> Vec<TeamId> {
    let mut out: Vec<TeamId> = named.filter(|t| *t != inspecting).into_iter().collect();
    let start = teams.iter().position(|t| *t == inspecting).unwrap_or(0);
    for k in 1..teams.len() {
        let t = teams[(start + k) % teams.len()];
        if t != inspecting && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// "75%".
pub fn rate_text(t: &RecheckTally) -> String {
    // Rounded down: 79.5% beside "below 80%" must not read "80%".
    t.confirmation_rate().map(|r| format!("{}%", (r * 1000.0).floor() as i64 / 10)).unwrap_or_default()
}

/// How the sample was drawn: "按单位和问题方面分层,侧重有纸面整改提示的措施".
fn method_text(spec: &DrawSpec) -> String {
    let how: Vec<&str> =
        [spec.stratify.then_some("按单位和问题方面分层"), spec.weight_signals.then_some("侧重有纸面整改提示的措施")]
            .into_iter()
            .flatten()
            .collect();
    if how.is_empty() { "简单随机".into() } else { how.join(",") }
}

/// "抽取2条(按单位和问题方面分层)", "按10%的比例抽取(简单随机)".
fn spec_text(spec: &DrawSpec) -> String {
    let size = match spec.size {
        SampleSize::Count(n) => format!("抽取{n}条"),
        SampleSize::Share(p) => format!("按{p}%的比例抽取"),
    };
    format!("{size}({})", method_text(spec))
}

pub(crate) fn tally_of<'a>(lines: impl IntoIterator<Item = &'a RecheckLine>) -> RecheckTally {
    let mut t = RecheckTally::default();
    for l in lines {
        t.add(l.verdict);
    }
    t
}

fn tally_rows(groups: Vec<(String, RecheckTally)>) -> Vec<TallyRow> {
    let mut rows: Vec<TallyRow> = groups
        .into_iter()
        .map(|(name, tally)| TallyRow { rate_text: rate_text(&tally), low: tally.is_low(), name, tally })
        .collect();
    // The least trustworthy first: most overturned, then lowest rate.
    rows.sort_by(|a, b| {
        let rate = |r: &TallyRow| r.tally.confirmation_rate().unwrap_or(1.0);
        b.tally.overturned.cmp(&a.tally.overturned).then(rate(a).total_cmp(&rate(b)))
    });
    rows
}

/// Whether the draw as stored is the draw as the audit trail recorded it: its seed, sample and
/// the SHA-256 of its population (a database rewritten behind the application replays to its
/// own rewritten sample, but not to the trail's digest).
async fn agrees_with_trail(conn: &mut Conn<'_>, d: &RecheckDraw, sample: &[MeasureId]) -> AppResult<bool> {
    let events = conn.entity_events("round", d.round_id.get()).await?;
    let digest = hex::encode(Sha256::digest(d.population.as_bytes()));
    Ok(events.iter().filter(|e| e.action == Action::RecheckDraw.code()).any(|e| {
        let after: serde_json::Value = serde_json::from_str(&e.after).unwrap_or_default();
        let recorded: Vec<i64> =
            after["sample"].as_array().map(|a| a.iter().filter_map(|v| v.as_i64()).collect()).unwrap_or_default();
        after["draw_id"].as_i64() == Some(d.id.get())
            && after["seed"].as_i64() == Some(d.seed)
            && after["population_sha256"].as_str() == Some(digest.as_str())
            && recorded == sample.iter().map(|m| m.get()).collect::<Vec<_>>()
    }))
}

/// The draw re-run from what it recorded: the sample it must give.
pub fn replay(draw: &RecheckDraw) -> AppResult<Vec<MeasureId>> {
    let unreadable = |_| AppError::internal("a stored draw does not read");
    let spec: DrawSpec = serde_json::from_str(&draw.spec).map_err(unreadable)?;
    let population: Vec<PopulationEntry> = serde_json::from_str(&draw.population).map_err(unreadable)?;
    Ok(recheck::draw(draw.seed as u64, &population, &spec)?)
}

/// A draw's 抽样底册: everything needed to draw it again, and the sample it gave. Handed to
/// anyone who is to check the draw (the discipline commission, an auditor), who re-runs it with
/// `xuncha recheck replay FILE` without the database.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct DrawFile {
    /// The draw's record number in the database (`xuncha recheck replay --draw`).
    pub draw_id: RecheckDrawId,
    /// Its number within the round (第N批).
    #[serde(default)]
    pub number: usize,
    pub round_name: String,
    pub seed: i64,
    pub spec: DrawSpec,
    pub population: Vec<PopulationEntry>,
    /// The measures drawn, in id order.
    pub sample: Vec<MeasureId>,
}

impl DrawFile {
    /// Draws again from the file's seed and population: the sample, and whether it is the one
    /// recorded.
    pub fn replay(&self) -> Result<(Vec<MeasureId>, bool), xuncha_domain::RuleError> {
        if self.seed < 0 || self.population.len() > recheck::MAX_POPULATION {
            return Err(xuncha_domain::RuleError::state("抽样底册的随机种子或总体超出范围"));
        }
        let again = recheck::draw(self.seed as u64, &self.population, &self.spec)?;
        let same = again == self.sample;
        Ok((again, same))
    }
}

impl App {
    async fn draw_record(
        &self,
        conn: &mut Conn<'_>,
        d: RecheckDraw,
        number: usize,
        lines: &[RecheckLine],
    ) -> AppResult<RecheckDrawRecord> {
        let spec: DrawSpec =
            serde_json::from_str(&d.spec).map_err(|_| AppError::internal("a stored draw's spec does not read"))?;
        let team_name = match d.team_id {
            Some(t) => conn.get_team(t).await?.map(|t| t.name).unwrap_or_default(),
            None => String::new(),
        };
        let names = people(conn, vec![d.drawn_by]).await?;
        Ok(RecheckDrawRecord {
            id: d.id,
            round_id: d.round_id,
            number,
            seed: d.seed,
            spec_text: spec_text(&spec),
            spec,
            population_count: d.population_count,
            due_on: d.due_on,
            team_name,
            note: d.note,
            drawn_by_name: names.of(&d.drawn_by).to_string(),
            drawn_at_text: china_time_text(d.drawn_at),
            drawn_at: d.drawn_at,
            tally: tally_of(lines.iter().filter(|l| l.draw_id == d.id)),
        })
    }

    /// Draws a sample of the round's closed measures and sends each to a team. The seed is the
    /// system's (a seed the office could choose, it could try offline until one spared an
    /// organisation); it is recorded with the population and the sample, and the audit event
    /// carries the population's digest, so a rewritten population does not replay unnoticed.
    pub async fn draw_rechecks(
        &self,
        actor: &Actor,
        round_id: RoundId,
        input: &RecheckDrawInput,
    ) -> AppResult<RecheckDrawView> {
        // Only the office draws, on a round of its own county: asked before the request is read
        // or anything is locked.
        crate::require(actor, Capability::PlanRounds)?;
        visible_round(&mut self.store.read().await?.conn(), actor, round_id).await?;
        let size = match (input.count, input.share) {
            (Some(n), None) => SampleSize::Count(n),
            (None, Some(p)) => SampleSize::Share(p),
            (Some(_), Some(_)) => return Err(AppError::invalid("count", "抽查数量和抽查比例只填一项")),
            (None, None) => return Err(AppError::invalid("count", "请填写抽查数量或抽查比例")),
        };
        let spec = DrawSpec { size, stratify: input.stratify, weight_signals: input.weight_signals };
        let due_on = inputs::date("due_on", "核查完成时限", &input.due_on)?;
        let mut v = xuncha_domain::error::Validator::new();
        v.check(due_on >= self.today(), "due_on", "核查完成时限不能早于今天");
        v.max_chars("note", "抽查说明", &input.note, 500).plain("note", "抽查说明", &input.note);
        v.finish()?;
        // Signals as the office is shown them, read before the write lock is taken.
        let signals: BTreeMap<MeasureId, u32> = if spec.weight_signals {
            self.signal_ranking(actor, round_id)
                .await?
                .iter()
                .flat_map(|p| p.measures.iter().map(|m| (m.measure_id, m.signals.len() as u32)))
                .collect()
        } else {
            BTreeMap::new()
        };
        let mut tx = self.write_as(By::User(actor), Capability::PlanRounds).await?;
        let round = visible_round(&mut tx.conn(), actor, round_id).await?;
        let closed = tx.conn().closed_measures_of_round(round_id).await?;
        if closed.len() > recheck::MAX_POPULATION {
            return Err(AppError::State(format!("本轮已销号措施超过{}条,请分批抽查", recheck::MAX_POPULATION)));
        }
        // The office draws over inspections of its own county only: each is asked.
        let mut scopes: BTreeMap<InspectionId, Scope> = BTreeMap::new();
        for m in &closed {
            if let std::collections::btree_map::Entry::Vacant(slot) = scopes.entry(m.inspection_id) {
                let insp = tx.conn().get_inspection(m.inspection_id).await?.ok_or(AppError::NotFound)?;
                slot.insert(insp.scope());
            }
        }
        for scope in scopes.values() {
            tx.require(Capability::Recheck(scope))?;
        }
        recheck::sample_size(&spec, closed.len())?;
        let teams: Vec<TeamId> = tx.conn().list_teams(round_id).await?.into_iter().map(|t| t.id).collect();
        if input.team_id.is_some_and(|t| !teams.contains(&t)) {
            return Err(AppError::invalid("team_id", "核查组应为本轮的巡察组"));
        }
        if teams.len() < 2 {
            return Err(AppError::invalid("team_id", "本轮只有一个巡察组,无法交叉核查:请先再组建一个巡察组"));
        }
        let population: Vec<PopulationEntry> = closed
            .iter()
            .map(|m| PopulationEntry {
                measure_id: m.measure_id,
                org_id: m.org_id,
                aspect: m.aspect.clone(),
                signals: signals.get(&m.measure_id).copied().unwrap_or(0),
            })
            .collect();
        let seed = (rand::random::<u64>() >> 1) as i64;
        let sample = recheck::draw(seed as u64, &population, &spec)?;
        let population_json = json(&population);
        let draw_id = tx
            .conn()
            .insert_recheck_draw(&NewRecheckDraw {
                round_id,
                seed,
                spec: &json(&spec),
                population: &population_json,
                population_count: population.len() as i64,
                due_on,
                team_id: input.team_id,
                note: input.note.trim(),
                drawn_by: actor.user_id,
            })
            .await?;
        let by_id: BTreeMap<MeasureId, &xuncha_store::ClosedMeasure> =
            closed.iter().map(|m| (m.measure_id, m)).collect();
        for id in &sample {
            let m = by_id.get(id).ok_or_else(|| AppError::internal("a drawn measure outside its population"))?;
            let team = self.team_without_conflict(&mut tx.conn(), &teams, input.team_id, m).await?;
            tx.conn().insert_recheck_item(draw_id, m, team).await?;
        }
        let summary = format!(
            "从{}的{}条已销号措施中随机抽取{}条({}),随机种子{seed},{}前完成核查",
            round.name,
            population.len(),
            sample.len(),
            method_text(&spec),
            due_on
        );
        let after = serde_json::json!({
            "draw_id": draw_id, "seed": seed, "spec": spec, "sample": sample, "due_on": due_on.to_string(),
            "team_id": input.team_id, "population_count": population.len(),
            "population_sha256": hex::encode(Sha256::digest(population_json.as_bytes())),
        });
        tx.record(Action::RecheckDraw, round_id, &summary, "{}", &after.to_string()).await?;
        tx.commit().await?;
        self.recheck_draw(actor, draw_id).await
    }

    /// A draw with its measures and whether it replays to the same sample.
    pub async fn recheck_draw(&self, actor: &Actor, draw_id: RecheckDrawId) -> AppResult<RecheckDrawView> {
        let mut h = self.store.read().await?;
        let d = h.conn().get_recheck_draw(draw_id).await?.ok_or(AppError::NotFound)?;
        let round = visible_round(&mut h.conn(), actor, d.round_id).await?;
        let lines = h.conn().draw_recheck_lines(draw_id).await?;
        // The draw as a whole is the office's and the leaders'; a team reads its own items.
        require_visible(actor, Capability::ReadRoundRechecks)?;
        for l in &lines {
            if !self.may_read_line(&mut h.conn(), actor, l).await? {
                return Err(AppError::NotFound);
            }
        }
        let mut recorded: Vec<MeasureId> = lines.iter().map(|l| l.measure_id).collect();
        recorded.sort();
        let replay_matches = replay(&d)? == recorded && agrees_with_trail(&mut h.conn(), &d, &recorded).await?;
        let ids: Vec<UserId> = lines.iter().filter_map(|l| l.checked_by).collect();
        let names = people(&mut h.conn(), ids).await?;
        let today = self.today();
        // Numbered within the round, oldest first.
        let number = h.conn().round_recheck_draws(d.round_id).await?.iter().filter(|x| x.id <= d.id).count();
        let draw = self.draw_record(&mut h.conn(), d, number, &lines).await?;
        Ok(RecheckDrawView {
            draw,
            round_name: round.name,
            items: lines.into_iter().map(|l| RecheckItemRecord::of(l, &names, today)).collect(),
            replay_matches,
        })
    }

    /// A draw's 抽样底册, for the office and the leaders.
    pub async fn recheck_draw_file(&self, actor: &Actor, draw_id: RecheckDrawId) -> AppResult<DrawFile> {
        // Read as its page is: the same rules decide.
        self.recheck_draw(actor, draw_id).await?;
        self.recheck_draw_file_for_system(draw_id).await
    }

    /// Whether a stored draw agrees with the audit trail's record of it (the command line).
    pub async fn recheck_draw_agrees_with_trail(&self, draw_id: RecheckDrawId) -> AppResult<bool> {
        let mut h = self.store.read().await?;
        let d = h.conn().get_recheck_draw(draw_id).await?.ok_or(AppError::NotFound)?;
        let mut sample: Vec<MeasureId> =
            h.conn().draw_recheck_lines(draw_id).await?.iter().map(|l| l.measure_id).collect();
        sample.sort();
        agrees_with_trail(&mut h.conn(), &d, &sample).await
    }

    /// The same, read by the system (the command line, which holds the database itself).
    pub async fn recheck_draw_file_for_system(&self, draw_id: RecheckDrawId) -> AppResult<DrawFile> {
        let mut h = self.store.read().await?;
        let d = h.conn().get_recheck_draw(draw_id).await?.ok_or(AppError::NotFound)?;
        let round_name = h.conn().get_round(d.round_id).await?.map(|r| r.name).unwrap_or_default();
        let mut sample: Vec<MeasureId> =
            h.conn().draw_recheck_lines(draw_id).await?.iter().map(|l| l.measure_id).collect();
        sample.sort();
        let number = h.conn().round_recheck_draws(d.round_id).await?.iter().filter(|x| x.id <= d.id).count();
        let unreadable = |_| AppError::internal("a stored draw does not read");
        Ok(DrawFile {
            draw_id,
            number,
            round_name,
            seed: d.seed,
            spec: serde_json::from_str(&d.spec).map_err(unreadable)?,
            population: serde_json::from_str(&d.population).map_err(unreadable)?,
            sample,
        })
    }

    /// The first of a measure's candidate teams none of whose members has a conflict of
    /// interest (回避) with its organisation; refused when every team has one.
    async fn team_without_conflict(
        &self,
        conn: &mut Conn<'_>,
        teams: &[TeamId],
        named: Option<TeamId>,
        m: &xuncha_store::ClosedMeasure,
    ) -> AppResult<TeamId> {
        'teams: for team in candidate_teams(teams, named, m.team_id) {
            for member in conn.list_members(team).await? {
                if crate::inspections::member_conflict(conn, member.user_id, m.org_id, self.today()).await?.is_some() {
                    continue 'teams;
                }
            }
            return Ok(team);
        }
        let name = conn.get_org(m.org_id).await?.map(|o| o.name).unwrap_or_default();
        Err(AppError::State(format!("抽中{name}的措施,但其他巡察组都有成员须回避该单位,无法派组核查")))
    }

    async fn may_read_line(&self, conn: &mut Conn<'_>, actor: &Actor, l: &RecheckLine) -> AppResult<bool> {
        let insp = conn.get_inspection(l.inspection_id).await?.ok_or(AppError::NotFound)?;
        Ok(allowed(actor, Capability::ReadRecheck(&insp.scope(), l.team_id)))
    }

    /// A round's draws and their statistics, for the office and the leaders.
    pub async fn round_rechecks(&self, actor: &Actor, round_id: RoundId) -> AppResult<RoundRechecks> {
        let mut h = self.store.read().await?;
        let round = visible_round(&mut h.conn(), actor, round_id).await?;
        let closed = h.conn().closed_measures_of_round(round_id).await?;
        require_visible(actor, Capability::ReadRoundRechecks)?;
        let inspections = self.inspections_in_reach(actor, Some(round_id)).await?;
        let can_draw =
            !inspections.is_empty() && inspections.iter().all(|i| allowed(actor, Capability::Recheck(&i.scope())));
        let lines = h.conn().round_recheck_lines(round_id).await?;
        let mut draws = Vec::new();
        let stored = h.conn().round_recheck_draws(round_id).await?;
        let count = stored.len();
        // Newest first, numbered from the oldest.
        for (k, d) in stored.into_iter().enumerate() {
            draws.push(self.draw_record(&mut h.conn(), d, count - k, &lines).await?);
        }
        // By organisation id (two villages may bear one name), shown by name.
        let mut by_org_id: BTreeMap<OrgId, (String, RecheckTally)> = BTreeMap::new();
        let mut by_aspect: BTreeMap<String, RecheckTally> = BTreeMap::new();
        for l in &lines {
            by_org_id
                .entry(l.org_id)
                .or_insert_with(|| (l.target_name.clone(), RecheckTally::default()))
                .1
                .add(l.verdict);
            let aspect = if l.aspect.is_empty() { "未分类".to_string() } else { l.aspect.clone() };
            by_aspect.entry(aspect).or_default().add(l.verdict);
        }
        let tally = tally_of(&lines);
        let teams = h.conn().list_teams(round_id).await?.into_iter().map(|t| (t.id, t.name)).collect();
        Ok(RoundRechecks {
            round_id,
            round_name: round.name,
            closed_measures: closed.len(),
            draws,
            rate_text: rate_text(&tally),
            low: tally.is_low(),
            tally,
            by_organisation: tally_rows(by_org_id.into_values().collect()),
            by_aspect: tally_rows(by_aspect.into_iter().collect()),
            teams,
            can_draw,
        })
    }

    /// The reader's line of a drawn measure, with its inspection's scope, or "not found".
    async fn readable_line(
        &self,
        conn: &mut Conn<'_>,
        actor: &Actor,
        item_id: RecheckItemId,
    ) -> AppResult<(RecheckLine, Scope)> {
        let line = conn.get_recheck_line(item_id).await?.ok_or(AppError::NotFound)?;
        let scope = conn.get_inspection(line.inspection_id).await?.ok_or(AppError::NotFound)?.scope();
        require_visible(actor, Capability::ReadRecheck(&scope, line.team_id))?;
        Ok((line, scope))
    }

    /// A drawn measure's page.
    pub async fn recheck_item(&self, actor: &Actor, item_id: RecheckItemId) -> AppResult<RecheckItemView> {
        let mut h = self.store.read().await?;
        let (line, scope) = self.readable_line(&mut h.conn(), actor, item_id).await?;
        let files = h.conn().list_recheck_evidence(item_id).await?;
        let mut ids: Vec<UserId> = files.iter().map(|f| f.uploaded_by).collect();
        ids.extend(line.checked_by);
        ids.extend(line.closed_by);
        let names = people(&mut h.conn(), ids).await?;
        let measure_evidence = h
            .conn()
            .list_evidence(line.measure_id)
            .await?
            .into_iter()
            .filter(|e| line.closed_at.is_none_or(|at| e.uploaded_at <= at))
            .map(|e| MeasureEvidenceRef { id: e.id, file_name: e.file_name })
            .collect();
        let can_verify = line.verdict.is_none() && allowed(actor, Capability::VerifyRecheck(&scope, line.team_id));
        let can_escalate = allowed(actor, Capability::Escalate(&scope));
        let evidence = files.into_iter().map(|f| RecheckEvidenceRecord::of(f, &names)).collect();
        Ok(RecheckItemView {
            closed_by_name: line.closed_by.map(|u| names.of(&u).to_string()).unwrap_or_default(),
            closed_at_text: line.closed_at.map(china_time_text).unwrap_or_default(),
            close_note: line.close_note.clone(),
            can_read_draw: allowed(actor, Capability::ReadRoundRechecks),
            measure_evidence,
            evidence,
            can_verify,
            can_escalate,
            item: RecheckItemRecord::of(line, &names, self.today()),
        })
    }

    /// The drawn measures the reader's teams are to check, open ones first (a team's home page).
    pub async fn my_rechecks(&self, actor: &Actor) -> AppResult<RecheckTodo> {
        let mut h = self.store.read().await?;
        let mut items = Vec::new();
        let today = self.today();
        for (team, _) in &actor.teams {
            for l in h.conn().team_recheck_lines(*team).await? {
                let scope = h.conn().get_inspection(l.inspection_id).await?.ok_or(AppError::NotFound)?.scope();
                // A check still to make is listed to those who may make it (not one who was on
                // the inspecting team); one made, to those who may read it.
                let may = match l.verdict {
                    None => Capability::VerifyRecheck(&scope, l.team_id),
                    Some(_) => Capability::ReadRecheck(&scope, l.team_id),
                };
                if allowed(actor, may) {
                    items.push(RecheckItemRecord::of(l, &People::default(), today));
                }
            }
        }
        items.sort_by_key(|i| (i.verdict.is_some(), i.due_on, i.id));
        Ok(RecheckTodo { items })
    }

    /// Stores a file of what the team saw, before the verdict.
    pub async fn upload_recheck_evidence(
        &self,
        actor: &Actor,
        item_id: RecheckItemId,
        up: EvidenceUpload,
    ) -> AppResult<RecheckEvidenceRecord> {
        let file_name = self.checked_file(&up, "核查材料")?;
        let mut tx = self.write(By::User(actor)).await?;
        let (line, scope) = self.readable_line(&mut tx.conn(), actor, item_id).await?;
        tx.require(Capability::VerifyRecheck(&scope, line.team_id))?;
        if line.verdict.is_some() {
            return Err(AppError::State("核查结论已作出,不能再上传核查材料".into()));
        }
        let sha = hex::encode(Sha256::digest(&up.data));
        let id = tx
            .conn()
            .insert_recheck_evidence(&NewRecheckEvidence {
                item_id,
                file_name: &file_name,
                content_type: &up.content_type,
                sha256: &sha,
                data: &up.data,
                uploaded_by: actor.user_id,
            })
            .await?;
        let f = tx.conn().get_recheck_evidence(id).await?.ok_or(AppError::NotFound)?;
        tx.record(
            Action::RecheckEvidence,
            line.measure_id,
            &format!("随机抽查上传核查材料《{file_name}》"),
            "{}",
            &json(&f),
        )
        .await?;
        tx.commit().await?;
        let names = people(&mut self.store.read().await?.conn(), vec![actor.user_id]).await?;
        Ok(RecheckEvidenceRecord::of(f, &names))
    }

    /// A file of a re-check, for whoever reads the re-check.
    pub async fn recheck_evidence_file(
        &self,
        actor: &Actor,
        id: RecheckEvidenceId,
    ) -> AppResult<(RecheckEvidenceRecord, Vec<u8>)> {
        let mut h = self.store.read().await?;
        let f = h.conn().get_recheck_evidence(id).await?.ok_or(AppError::NotFound)?;
        self.readable_line(&mut h.conn(), actor, f.item_id).await?;
        let data = h.conn().recheck_evidence_data(id).await?.ok_or(AppError::NotFound)?;
        let names = people(&mut h.conn(), vec![f.uploaded_by]).await?;
        Ok((RecheckEvidenceRecord::of(f, &names), data))
    }

    /// A file of the measure checked, for whoever reads the re-check (the team sent may be
    /// another than the one that reads the plan).
    pub async fn recheck_measure_evidence(
        &self,
        actor: &Actor,
        item_id: RecheckItemId,
        evidence_id: EvidenceId,
    ) -> AppResult<(crate::views::EvidenceRecord, Vec<u8>)> {
        let mut h = self.store.read().await?;
        let (line, _) = self.readable_line(&mut h.conn(), actor, item_id).await?;
        // The files the closure drawn rested on: none uploaded after it.
        let rested = |e: &xuncha_store::Evidence| {
            e.measure_id == line.measure_id && line.closed_at.is_none_or(|at| e.uploaded_at <= at)
        };
        let ev = h.conn().get_evidence(evidence_id).await?.filter(rested);
        let ev = ev.ok_or(AppError::NotFound)?;
        let data = h.conn().evidence_data(evidence_id).await?.ok_or(AppError::NotFound)?;
        Ok((ev.into(), data))
    }

    /// Records what was found. 不属实 reopens the measure (if it is still closed) with the
    /// finding as its reason, and so reopens its problem.
    pub async fn record_recheck_result(
        &self,
        actor: &Actor,
        item_id: RecheckItemId,
        input: &RecheckResultInput,
    ) -> AppResult<RecheckItemView> {
        let mut tx = self.write(By::User(actor)).await?;
        let (line, scope) = self.readable_line(&mut tx.conn(), actor, item_id).await?;
        tx.require(Capability::VerifyRecheck(&scope, line.team_id))?;
        if line.verdict.is_some() {
            return Err(AppError::State("核查结论已经作出".into()));
        }
        if line.closed_by == Some(actor.user_id) {
            return Err(AppError::State("该措施是您验收销号的,不能由您核查自己的销号".into()));
        }
        crate::check_version(input.version, line.version)?;
        let files = tx.conn().list_recheck_evidence(item_id).await?.len();
        let notes = input.notes.trim();
        recheck::check_result(input.verdict, notes, files)?;
        tx.conn().record_recheck_result(item_id, input.version, input.verdict, notes, actor.user_id).await?;
        let after = tx.conn().get_recheck_line(item_id).await?.ok_or(AppError::NotFound)?;
        tx.record(
            Action::RecheckResult,
            line.measure_id,
            &format!("随机抽查核查问题{}的整改措施:{}", line.problem_number, input.verdict.label()),
            &json(&line),
            &json(&after),
        )
        .await?;
        if input.verdict == RecheckVerdict::Overturned {
            let measure = tx.conn().get_measure(line.measure_id).await?.ok_or(AppError::NotFound)?;
            // The 销号 found untrue is the one drawn: a measure closed again since (after a new
            // verification) is not reopened by a finding about the earlier closure.
            if measure.status == MeasureStatus::Closed && measure.closed_at == line.closed_at {
                tx.conn().reopen_measure(measure.id, measure.version).await?;
                let reopened = tx.conn().get_measure(measure.id).await?.ok_or(AppError::NotFound)?;
                tx.record(
                    Action::MeasureReopen,
                    measure.id,
                    &format!("随机抽查核查不属实,重新打开措施(虚假整改),理由:{notes}"),
                    &json(&measure),
                    &json(&reopened),
                )
                .await?;
                let problem = tx.conn().get_problem(measure.problem_id).await?.ok_or(AppError::NotFound)?;
                self.sync_problem(&mut tx, &problem).await?;
            }
        }
        tx.commit().await?;
        self.recheck_item(actor, item_id).await
    }

    /// The tallies of one inspection's re-checks (the score's facts, the organisation's record).
    pub(crate) async fn inspection_recheck_tally(
        &self,
        conn: &mut Conn<'_>,
        inspection_id: InspectionId,
    ) -> AppResult<RecheckTally> {
        Ok(tally_of(&conn.inspection_recheck_lines(inspection_id).await?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drawn_measure_goes_to_another_team_than_the_one_that_inspected_it() {
        let t = |n: i64| TeamId::new(n);
        let teams = [t(5), t(6), t(7)];
        // Cross-checking by default: the teams after the inspecting one, the last to the first.
        assert_eq!(candidate_teams(&teams, None, t(5)), [t(6), t(7)]);
        assert_eq!(candidate_teams(&teams, None, t(7)), [t(5), t(6)]);
        // A team named comes first, but never for its own inspections' measures.
        assert_eq!(candidate_teams(&teams, Some(t(7)), t(5)), [t(7), t(6)]);
        assert_eq!(candidate_teams(&teams, Some(t(7)), t(7)), [t(5), t(6)]);
        // A round of one team has none.
        assert!(candidate_teams(&[t(5)], None, t(5)).is_empty());
    }

    #[test]
    fn a_rate_is_rounded_down_so_it_never_reads_as_the_bar_it_misses() {
        let mut tally = RecheckTally::default();
        for k in 0..200 {
            tally.add(Some(if k < 159 { RecheckVerdict::Confirmed } else { RecheckVerdict::Overturned }));
        }
        assert!(tally.is_low());
        assert_eq!(rate_text(&tally), "79%", "79.5% is below 80%");
    }
}
