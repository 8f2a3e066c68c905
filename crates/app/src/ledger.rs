//! The rectification ledger (整改台账): every measure of a round with its problem, filterable
//! as offices filter their Excel sheets, and never wider than the reader's access.

use schemars::JsonSchema;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use time::Date;
use xuncha_domain::access::{Actor, Reach};
use xuncha_domain::deadline::Light;
use xuncha_domain::id::*;
use xuncha_domain::measure::MeasureStatus;
use xuncha_domain::plan::PlanStatus;
use xuncha_domain::problem::ProblemStatus;
use xuncha_store::{Aspect, DueFilter, Inspection, LedgerQuery, NO_DUE_DATE, Round};

use crate::plans::LightBasis;
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

    fn cursor(&self) -> AppResult<Option<Cursor>> {
        let Some(after) = self.after.as_deref().map(str::trim).filter(|s| !s.is_empty()) else { return Ok(None) };
        parse_cursor(after).map(Some).ok_or_else(|| AppError::invalid("after", "翻页位置无效,请从第一页重新查看"))
    }
}

/// Where a page starts: after the line with this due date and measure, which was the
/// `before`-th line of the list (so the next page numbers its lines on).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub due: Date,
    pub measure_id: MeasureId,
    pub before: i64,
}

/// A page cursor: the due date and id of the page's last line and its number in the list
/// (`2026-12-10.1234.50`).
pub fn cursor_of(due: Date, measure_id: MeasureId, before: i64) -> String {
    format!("{due}.{measure_id}.{before}")
}

/// The cursor a text stands for, if it is one (one without its number counts from zero).
pub fn parse_cursor(cursor: &str) -> Option<Cursor> {
    let mut parts = cursor.split('.');
    let day = Date::parse(parts.next()?, time::macros::format_description!("[year]-[month]-[day]")).ok()?;
    let measure_id = parts.next()?.parse().ok()?;
    let before = match parts.next() {
        Some(n) => n.parse().ok().filter(|n: &i64| *n >= 0)?,
        None => 0,
    };
    parts.next().is_none().then_some(Cursor { due: day, measure_id, before })
}

/// The inspections of a round whose plan is approved (their measures are lit; the others'
/// are proposals).
pub(crate) async fn approved_plans(
    conn: &mut xuncha_store::Conn<'_>,
    round: Option<RoundId>,
) -> AppResult<std::collections::HashSet<InspectionId>> {
    let Some(round) = round else { return Ok(Default::default()) };
    let plans = conn.round_plans(round).await?;
    Ok(plans.into_iter().filter(|p| p.status == PlanStatus::Approved).map(|p| p.inspection_id).collect())
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
    /// 序号: the line's number in the whole filtered list (1 for the first of the first page).
    pub seq: i64,
    #[serde(flatten)]
    pub line: LedgerLineRecord,
    /// 最新进展: the measure's latest progress report, if any.
    pub latest_progress: Option<String>,
    /// 逾期天数: days past the due date of a measure lit red (overdue and not closed).
    pub overdue_days: Option<i64>,
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

    /// The ledger's title with the filter it was drawn with, as a printout or a file names it:
    /// "2023年第一轮巡察整改台账(谷前堡镇党委·红灯)". Codes the filter does not know were
    /// refused before the ledger was drawn.
    pub fn title(&self, f: &LedgerFilter) -> String {
        let round = self.round.as_ref().map(|r| r.name.as_str()).unwrap_or("巡察");
        let mut parts: Vec<String> = Vec::new();
        if let Some(org) = f.org.and_then(|o| self.orgs.iter().find(|(id, _)| *id == o)) {
            parts.push(org.1.clone());
        }
        if let Some(a) = f.aspect.and_then(|a| self.aspects.iter().find(|x| x.id == a)) {
            parts.push(a.name.clone());
        }
        if let Ok((status, light)) = f.codes() {
            parts.extend(status.map(|s| s.label().to_string()));
            parts.extend(light.map(|l| l.label().to_string()));
        }
        if parts.is_empty() {
            format!("{round}整改台账")
        } else {
            format!("{round}整改台账({})", parts.join("·"))
        }
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
        let mut h = self.store.read().await?;
        let approved = approved_plans(&mut h.conn(), page.round.as_ref().map(|r| r.id)).await?;
        let scope: Vec<(InspectionId, Option<Date>, bool)> = shown
            .iter()
            .map(|i| (i.id, i.feedback_date.map(|d| self.policy.plan_due(d)), approved.contains(&i.id)))
            .collect();
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
            after: after.map(|c| (c.due, c.measure_id)),
            limit: PAGE_SIZE as i64 + 1,
        };
        let (mut lines, total) = h.conn().ledger_page(&q).await?;
        page.total = total;
        let before = after.map_or(0, |c| c.before);
        if lines.len() > PAGE_SIZE {
            lines.truncate(PAGE_SIZE);
            page.next = lines.last().map(|l| cursor_of(l.due_key, l.measure.id, before + PAGE_SIZE as i64));
        }
        let ids: Vec<MeasureId> = lines.iter().map(|l| l.measure.id).collect();
        let mut progress = h.conn().latest_progress_of(&ids).await?;
        let basis: std::collections::HashMap<InspectionId, LightBasis> =
            scope.iter().map(|&(id, plan_due, approved)| (id, LightBasis { plan_due, approved })).collect();
        page.lines = lines
            .into_iter()
            .zip(before + 1..)
            .map(|(line, seq)| {
                let basis = basis.get(&line.inspection_id).copied().unwrap_or_default();
                let light = self.light_on(
                    &line.measure.fields(),
                    line.measure.status,
                    line.measure.paused_since.is_some(),
                    basis,
                );
                let target_name = shown
                    .iter()
                    .find(|i| i.id == line.inspection_id)
                    .map(|i| i.target_name.clone())
                    .unwrap_or_default();
                let aspect =
                    line.aspect_id.and_then(|a| page.aspects.iter().find(|x| x.id == a)).map(|a| a.name.clone());
                let overdue_days = (light == Light::Red && line.due_key != NO_DUE_DATE && line.due_key < today)
                    .then(|| (today - line.due_key).whole_days());
                let latest_progress = progress.remove(&line.measure.id);
                let mut line: LedgerLineRecord = line.into();
                line.measure.light = Some(light);
                LedgerPageLine { seq, line, latest_progress, overdue_days, light, target_name, aspect }
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
        let approved = approved_plans(&mut h.conn(), Some(round.id)).await?;
        for insp in inspections.iter().filter(|i| f.org.is_none_or(|o| o == i.target_org_id)) {
            let basis = LightBasis {
                plan_due: insp.feedback_date.map(|d| self.policy.plan_due(d)),
                approved: approved.contains(&insp.id),
            };
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
                        light: self.light_on(
                            &m.measure.fields(),
                            m.measure.status,
                            m.measure.paused_since.is_some(),
                            basis,
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

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_cursor_carries_the_line_number_the_next_page_counts_from() {
        let c = cursor_of(date!(2026 - 12 - 10), MeasureId::new(1234), 50);
        assert_eq!(c, "2026-12-10.1234.50");
        assert_eq!(
            parse_cursor(&c),
            Some(Cursor { due: date!(2026 - 12 - 10), measure_id: MeasureId::new(1234), before: 50 })
        );
        // A cursor from before the numbers counts from the start.
        assert_eq!(parse_cursor("2026-12-10.1234").map(|c| c.before), Some(0));
        for bad in ["yesterday", "2026-12-10", "2026-12-10.x", "2026-12-10.1.-5", "2026-12-10.1.2.3", "2026-13-01.1"] {
            assert_eq!(parse_cursor(bad), None, "{bad}");
        }
    }
}
