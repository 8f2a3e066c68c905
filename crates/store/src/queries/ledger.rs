//! The ledger page's query: a round's measures as one list sorted by due date, filtered by
//! aspect, status and light in SQL, a page at a time with a keyset cursor (never OFFSET, so the
//! hundredth page costs what the first does).

use serde::Serialize;
use time::Date;
use time::macros::date;
use xuncha_domain::id::*;

use crate::queries::bulk::Cell;
use crate::rows::{Measure, date_fmt};
use crate::{Conn, Result, run};

/// The sort key of measures without any due date: they come last.
pub const NO_DUE_DATE: Date = date!(9999 - 12 - 31);

/// Which due dates a ledger page keeps. Lights are date ranges over open measures (see
/// `DeadlinePolicy::light_window`), so the store needs no copy of the light rule.
#[derive(Debug, Clone, Copy)]
pub enum DueFilter {
    Any,
    /// Open measures due within the bounds (inclusive; `None` unbounded).
    Open {
        from: Option<Date>,
        to: Option<Date>,
    },
    /// Measures without a light: finished, undated, or due after `after`.
    Quiet {
        after: Date,
    },
}

#[derive(Debug, Clone)]
pub struct LedgerQuery<'a> {
    /// The inspections the reader may see, each with its plan's due date (an immediate fix
    /// without a date of its own is due with the plan) and whether its plan is approved (the
    /// measures of one that is not are proposals: due on no date, lit by none).
    pub scope: &'a [(InspectionId, Option<Date>, bool)],
    pub aspect: Option<AspectId>,
    pub status: Option<&'a str>,
    pub due: DueFilter,
    /// The (due key, measure id) of the previous page's last row.
    pub after: Option<(Date, MeasureId)>,
    pub limit: i64,
}

/// A ledger line: the measure, its problem, and the date it is judged by.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct LedgerLine {
    #[sqlx(flatten)]
    #[serde(flatten)]
    pub measure: Measure,
    pub inspection_id: InspectionId,
    pub problem_number: i64,
    pub problem_summary: String,
    pub aspect_id: Option<AspectId>,
    /// The effective due date ([`NO_DUE_DATE`] when there is none): the sort and cursor key.
    #[serde(with = "date_fmt")]
    pub due_key: Date,
}

/// Binds a list of cells in order (compiled once per backend inside `run!`).
macro_rules! bind_cells {
    ($q:expr, $cells:expr) => {{
        let mut q = $q;
        for cell in $cells {
            q = match cell.clone() {
                Cell::Int(v) => q.bind(v),
                Cell::Text(v) => q.bind(v),
                Cell::Bool(v) => q.bind(v),
                Cell::Bytes(v) => q.bind(v),
                Cell::Date(v) => q.bind(v),
                Cell::Time(v) => q.bind(v),
            };
        }
        q
    }};
}

impl LedgerQuery<'_> {
    /// The filtered lines as a derived table `x`, with the arguments it binds.
    fn lines(&self) -> (String, Vec<Cell>) {
        let mut args: Vec<Cell> = Vec::new();
        let mut arg = |c: Cell| {
            args.push(c);
            format!("${}", args.len())
        };
        let rows: Vec<String> = self
            .scope
            .iter()
            .map(|(id, due, approved)| {
                format!("({}, {}, {})", arg(id.get().into()), arg((*due).into()), arg((*approved).into()))
            })
            .collect();
        let no_due = arg(NO_DUE_DATE.into());
        let mut sql = format!(
            "WITH scope (inspection_id, plan_due, approved) AS (VALUES {})
             SELECT * FROM (
               SELECT m.*, p.inspection_id AS inspection_id, p.number AS problem_number,
                      p.summary AS problem_summary, p.aspect_id AS aspect_id,
                      CASE WHEN s.approved AND m.paused_since IS NULL
                           THEN COALESCE(m.deadline, CASE WHEN m.deadline_kind = 'immediate' THEN s.plan_due END, {no_due})
                           ELSE {no_due} END AS due_key
               FROM scope s JOIN problem p ON p.inspection_id = s.inspection_id JOIN measure m ON m.problem_id = p.id
               WHERE p.status IN ('fed_back', 'closed')",
            rows.join(", "),
        );
        if let Some(a) = self.aspect {
            sql += &format!(" AND p.aspect_id = {}", arg(a.get().into()));
        }
        if let Some(s) = self.status {
            sql += &format!(" AND m.status = {}", arg(s.into()));
        }
        sql += ") x WHERE 1 = 1";
        match self.due {
            DueFilter::Any => {}
            DueFilter::Open { from, to } => {
                sql += " AND x.status IN ('not_done', 'largely_done')";
                if let Some(f) = from {
                    sql += &format!(" AND x.due_key >= {}", arg(f.into()));
                }
                if let Some(t) = to {
                    sql += &format!(" AND x.due_key <= {}", arg(t.into()));
                }
            }
            DueFilter::Quiet { after } => {
                sql += &format!(" AND (x.status IN ('done', 'closed') OR x.due_key > {})", arg(after.into()));
            }
        }
        (sql, args)
    }
}

impl Conn<'_> {
    /// One page of ledger lines, by due date then id, after the cursor, and how many lines the
    /// filters keep over all pages. Two statements: counting in the same pass with
    /// `COUNT(*) OVER ()` made SQLite materialise every full line of the round before sorting
    /// (first page 2.5 → 5.2 ms).
    pub async fn ledger_page(&mut self, q: &LedgerQuery<'_>) -> Result<(Vec<LedgerLine>, i64)> {
        if q.scope.is_empty() {
            return Ok((Vec::new(), 0));
        }
        let (mut sql, mut args) = q.lines();
        if let Some((key, id)) = q.after {
            let n = args.len();
            sql += &format!(" AND (x.due_key > ${} OR (x.due_key = ${} AND x.id > ${}))", n + 1, n + 1, n + 2);
            args.push(key.into());
            args.push(id.get().into());
        }
        sql += &format!(" ORDER BY x.due_key, x.id LIMIT ${}", args.len() + 1);
        args.push(q.limit.into());
        let lines = run!(self, c => bind_cells!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), &args).fetch_all(c).await)?;
        Ok((lines, self.ledger_count(q).await?))
    }

    /// How many lines the filters keep, over all pages.
    pub async fn ledger_count(&mut self, q: &LedgerQuery<'_>) -> Result<i64> {
        if q.scope.is_empty() {
            return Ok(0);
        }
        let (sql, args) = q.lines();
        let sql = format!("SELECT COUNT(*) FROM ({sql}) n");
        Ok(run!(self, c => bind_cells!(sqlx::query_scalar(sqlx::AssertSqlSafe(sql)), &args).fetch_one(c).await)?)
    }
}
