//! The rectification ledger (整改台账): every measure of a round with its problem, filterable
//! as offices filter their Excel sheets, and never wider than the reader's access.

use schemars::JsonSchema;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use time::Date;
use xuncha_domain::access::{Actor, Reach};
use xuncha_domain::deadline::Light;
use xuncha_domain::id::*;
use xuncha_domain::measure::{self, MeasureStatus};
use xuncha_domain::problem::ProblemStatus;
use xuncha_store::{Aspect, DueFilter, Inspection, LedgerQuery, Round};

use crate::problems::ProblemFacts;
use crate::views::{self, AspectRecord, InspectionRecord, LedgerLineRecord, MeasureRecord, RoundRecord};
use crate::{App, AppError, AppResult};

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq, Hash, JsonSchema)]
pub struct LedgerFilter {
    pub round: Option<RoundId>,
    /// Target organisation.
    pub org: Option<OrgId>,
    pub aspect: Option<AspectId>,
    /// A measure status code.
    #[schemars(with = "Option<MeasureStatus>")]
    pub status: Option<String>,
    /// A light code.
    #[schemars(with = "Option<Light>")]
    pub light: Option<String>,
    /// Where the page starts: the cursor of the previous page's last line (`2026-12-10.1234`).
    pub after: Option<String>,
}

impl LedgerFilter {
    /// The status and light asked for, refused by name when they are not codes we know.
    fn codes(&self) -> AppResult<(Option<MeasureStatus>, Option<Light>)> {
        let given = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        let status = given(&self.status).map(|s| MeasureStatus::parse("status", &s)).transpose()?;
        let light = given(&self.light).map(|s| Light::parse("light", &s)).transpose()?;
        Ok((status, light))
    }

    fn cursor(&self) -> AppResult<Option<(Date, MeasureId)>> {
        let Some(after) = self.after.as_deref().map(str::trim).filter(|s| !s.is_empty()) else { return Ok(None) };
        parse_cursor(after).map(Some).ok_or_else(|| AppError::invalid("after", "翻页位置无效,请从第一页重新查看"))
    }
}

/// A page cursor: the due date and id of the page's last line (`2026-12-10.1234`).
pub fn cursor_of(due: Date, measure_id: MeasureId) -> String {
    format!("{due}.{measure_id}")
}

/// The (due date, measure id) a cursor stands for, if it is one.
pub fn parse_cursor(cursor: &str) -> Option<(Date, MeasureId)> {
    let (day, id) = cursor.split_once('.')?;
    let day = Date::parse(day, time::macros::format_description!("[year]-[month]-[day]")).ok()?;
    Some((day, id.parse().ok()?))
}

/// The rounds the reader may open, the one chosen, the aspects, and the chosen round's
/// inspections the reader sees with their organisations (for the filter).
struct Frame {
    rounds: Vec<Round>,
    round: Option<Round>,
    aspects: Vec<Aspect>,
    inspections: Vec<Inspection>,
    orgs: Vec<(OrgId, String)>,
}

/// Lines per ledger page.
pub const PAGE_SIZE: usize = 50;

/// One line of the ledger page: a measure with its problem, organisation and light.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct LedgerPageLine {
    #[serde(flatten)]
    pub line: LedgerLineRecord,
    /// The same light the line's measure carries in JSON (`light`), for the page.
    #[serde(skip)]
    pub light: Light,
    pub target_name: String,
    pub aspect: Option<String>,
}

/// Ledger pages kept by reader, filter and day, for the data as it is now.
pub(crate) type LedgerPages =
    std::sync::Mutex<std::collections::HashMap<(UserId, LedgerFilter, Date), Arc<LedgerPage>>>;

/// At most this many pages are kept (then all are dropped).
const KEPT_PAGES: usize = 256;

/// Rounds offered by the ledger page's round picker. A county has a few a year; a province has
/// a thousand, which as one drop-down made the page 90 KB, most of it options nobody scrolls.
pub const ROUND_CHOICES: usize = 40;

/// A page of the ledger: measures by due date, fifty at a time.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct LedgerPage {
    /// The latest rounds the reader sees (at most [`ROUND_CHOICES`]) and the one shown.
    pub rounds: Vec<RoundRecord>,
    /// Whether the reader sees earlier rounds than those listed (the rounds page has them all).
    pub more_rounds: bool,
    pub round: Option<RoundRecord>,
    pub aspects: Vec<AspectRecord>,
    pub orgs: Vec<(OrgId, String)>,
    pub lines: Vec<LedgerPageLine>,
    /// Lines over all pages.
    pub total: i64,
    /// The cursor of the next page, when there is one.
    pub next: Option<String>,
    #[serde(with = "xuncha_store::date_fmt")]
    #[schemars(with = "xuncha_domain::schema::DateText")]
    pub today: Date,
}

#[derive(Debug, Clone, Serialize)]
pub struct LedgerRow {
    pub measure: MeasureRecord,
    pub light: Light,
}

/// One problem with the measures that passed the filter.
#[derive(Debug, Clone, Serialize)]
pub struct LedgerProblem {
    pub inspection: InspectionRecord,
    /// The finding only: a target exports its own ledger, and the work paper is not its to read.
    pub problem: ProblemFacts,
    pub aspect: Option<AspectRecord>,
    pub rows: Vec<LedgerRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Ledger {
    pub rounds: Vec<RoundRecord>,
    pub round: Option<RoundRecord>,
    pub aspects: Vec<AspectRecord>,
    /// Organisations that appear in the round (for the filter).
    pub orgs: Vec<(OrgId, String)>,
    pub problems: Vec<LedgerProblem>,
    pub today: Date,
}

impl Ledger {
    pub fn measure_count(&self) -> usize {
        self.problems.iter().map(|p| p.rows.len()).sum()
    }
}

impl App {
    /// What both ledgers start from, for the round asked for (the latest when none is).
    async fn ledger_frame(&self, actor: &Actor, round: Option<RoundId>) -> AppResult<Frame> {
        let lookups = self.lookups().await?;
        let all = &lookups.rounds;
        // The office and leaders read every round; others the rounds of the inspections they
        // see, which are then the round's inspections too (no second query).
        let (rounds, seen) = if actor.reach() == Reach::Every {
            (all.iter().filter(|r| crate::inspections::round_in_reach(actor, r)).cloned().collect::<Vec<_>>(), None)
        } else {
            let seen = self.inspections_in_reach(actor, None).await?;
            (all.iter().filter(|r| seen.iter().any(|i| i.round_id == r.id)).cloned().collect(), Some(seen))
        };
        let round = match (round, &seen) {
            (Some(id), _) => rounds.iter().find(|r| r.id == id).cloned(),
            (None, Some(seen)) => crate::inspections::opening_round(&rounds, seen),
            (None, None) => crate::inspections::opening_round(&rounds, &self.inspections_in_reach(actor, None).await?),
        };
        let aspects = lookups.aspects.clone();
        let inspections = match (&round, seen) {
            (None, _) => Vec::new(),
            (Some(r), Some(seen)) => seen.into_iter().filter(|i| i.round_id == r.id).collect(),
            (Some(r), None) => self.inspections_in_reach(actor, Some(r.id)).await?,
        };
        let mut orgs: Vec<(OrgId, String)> =
            inspections.iter().map(|i| (i.target_org_id, i.target_name.clone())).collect();
        orgs.sort();
        orgs.dedup();
        Ok(Frame { rounds, round, aspects, inspections, orgs })
    }

    /// One page of a round's ledger, measures sorted by due date: filters and paging run in
    /// the database, over the inspections the reader may see. Pages are kept per reader, filter
    /// and day until the data changes (a county's officials read the same pages all day).
    pub async fn ledger_page(&self, actor: &Actor, f: &LedgerFilter) -> AppResult<Arc<LedgerPage>> {
        // Refused filters are refused before anything is looked up or kept.
        f.codes()?;
        f.cursor()?;
        if !self.keep_pages {
            return Ok(Arc::new(self.read_ledger_page(actor, f).await?));
        }
        let kept = self.ledger_pages_cache.get(&self.store, || async { Ok(LedgerPages::default()) }).await?;
        let key = (actor.user_id, f.clone(), self.today());
        if let Some(page) = kept.lock().expect("ledger pages lock").get(&key) {
            return Ok(page.clone());
        }
        let page = Arc::new(self.read_ledger_page(actor, f).await?);
        let mut pages = kept.lock().expect("ledger pages lock");
        if pages.len() >= KEPT_PAGES {
            pages.clear();
        }
        pages.insert(key, page.clone());
        Ok(page)
    }

    async fn read_ledger_page(&self, actor: &Actor, f: &LedgerFilter) -> AppResult<LedgerPage> {
        let (status, light) = f.codes()?;
        let after = f.cursor()?;
        let frame = self.ledger_frame(actor, f.round).await?;
        let today = self.today();
        let inspections = frame.inspections;
        let mut rounds = frame.rounds;
        let more_rounds = rounds.len() > ROUND_CHOICES;
        if more_rounds {
            let shown = frame.round.as_ref().map(|r| r.id);
            let keep = |i: usize, r: &Round| i < ROUND_CHOICES || Some(r.id) == shown;
            rounds = rounds.into_iter().enumerate().filter(|(i, r)| keep(*i, r)).map(|(_, r)| r).collect();
        }
        let mut page = LedgerPage {
            rounds: views::all(rounds),
            more_rounds,
            round: frame.round.map(Into::into),
            aspects: views::all(frame.aspects),
            orgs: frame.orgs,
            lines: Vec::new(),
            total: 0,
            next: None,
            today,
        };
        if page.round.is_none() {
            return Ok(page);
        }
        let shown: Vec<&Inspection> =
            inspections.iter().filter(|i| f.org.is_none_or(|o| o == i.target_org_id)).collect();
        let scope: Vec<(InspectionId, Option<Date>)> =
            shown.iter().map(|i| (i.id, i.feedback_date.map(|d| self.policy.plan_due(d)))).collect();
        let due = match light {
            None => DueFilter::Any,
            Some(Light::None) => DueFilter::Quiet { after: self.policy.last_warned_day(today) },
            Some(l) => {
                let (from, to) = self.policy.light_window(l, today).expect("warning lights have a window");
                DueFilter::Open { from, to }
            }
        };
        let q = LedgerQuery {
            scope: &scope,
            aspect: f.aspect,
            status: status.map(|s| s.code()),
            due,
            after,
            limit: PAGE_SIZE as i64 + 1,
        };
        let mut h = self.store.read().await?;
        let (mut lines, total) = h.conn().ledger_page(&q).await?;
        page.total = total;
        if lines.len() > PAGE_SIZE {
            lines.truncate(PAGE_SIZE);
            page.next = lines.last().map(|l| cursor_of(l.due_key, l.measure.id));
        }
        let plan_due: std::collections::HashMap<InspectionId, Option<Date>> = scope.iter().copied().collect();
        page.lines = lines
            .into_iter()
            .map(|line| {
                let due = plan_due.get(&line.inspection_id).copied().flatten();
                let light =
                    measure::measure_light(&self.policy, &line.measure.fields(), line.measure.status, due, today);
                let target_name = shown
                    .iter()
                    .find(|i| i.id == line.inspection_id)
                    .map(|i| i.target_name.clone())
                    .unwrap_or_default();
                let aspect =
                    line.aspect_id.and_then(|a| page.aspects.iter().find(|x| x.id == a)).map(|a| a.name.clone());
                let mut line: LedgerLineRecord = line.into();
                line.measure.light = Some(light);
                LedgerPageLine { line, light, target_name, aspect }
            })
            .collect();
        Ok(page)
    }

    /// The whole filtered ledger grouped by problem, as the office's Excel sheet has it.
    pub async fn ledger(&self, actor: &Actor, f: &LedgerFilter) -> AppResult<Ledger> {
        let Frame { rounds, round, aspects, inspections, orgs } = self.ledger_frame(actor, f.round).await?;
        let Some(round) = round else {
            return Ok(Ledger {
                rounds: views::all(rounds),
                round: None,
                aspects: views::all(aspects),
                orgs,
                problems: Vec::new(),
                today: self.today(),
            });
        };
        let mut h = self.store.read().await?;
        let problems = h.conn().round_problems(round.id).await?;
        let measures = h.conn().round_measures(round.id).await?;
        let today = self.today();
        let (status, light) = f.codes()?;
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
                        measure: m.measure.clone().into(),
                    })
                    .filter(|r| status.is_none_or(|s| r.measure.status == s) && light.is_none_or(|l| r.light == l))
                    .collect();
                let filtered = status.is_some() || light.is_some();
                if rows.is_empty() && filtered {
                    continue;
                }
                out.push(LedgerProblem {
                    inspection: insp.clone().into(),
                    aspect: p.aspect_id.and_then(|a| aspects.iter().find(|x| x.id == a).cloned().map(Into::into)),
                    problem: ProblemFacts::of(p),
                    rows,
                });
            }
        }
        Ok(Ledger {
            rounds: views::all(rounds),
            round: Some(round.into()),
            aspects: views::all(aspects),
            orgs,
            problems: out,
            today,
        })
    }
}

/// What an exported ledger adds to the page: each measure's latest progress and evidence names.
#[derive(Debug, Clone, Default)]
pub struct LedgerDetails {
    pub progress: std::collections::HashMap<MeasureId, String>,
    pub evidence: std::collections::HashMap<MeasureId, Vec<String>>,
}

impl App {
    /// Details for the measures of a ledger already built (and so already access-checked).
    pub async fn ledger_details(&self, ledger: &Ledger) -> AppResult<LedgerDetails> {
        let Some(round) = &ledger.round else { return Ok(LedgerDetails::default()) };
        let shown: std::collections::HashSet<MeasureId> =
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
