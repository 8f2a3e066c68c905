//! What the full-text index holds, read kind by kind in pages or by the rows that changed, and
//! the change counter that tells when it must catch up.

use xuncha_domain::id::*;

use crate::{Conn, Result, run};

/// A searchable text: a problem (summary and detail), a measure (content and completion
/// standard), a progress report (linked to its measure) or a tip's content (never its tipper).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SearchRow {
    pub kind: String,
    /// The row of the kind's table (a progress report's own id; `link_id` is its measure).
    pub source_id: i64,
    pub link_id: i64,
    pub inspection_id: InspectionId,
    pub fed_back: bool,
    pub text: String,
}

/// The kinds of searchable text: the statement reading them and the column of their own id.
const KINDS: [(&str, &str, &str); 4] = [
    (
        "problem",
        "SELECT 'problem' AS kind, p.id AS source_id, p.id AS link_id, p.inspection_id,
                (p.status IN ('fed_back', 'closed')) AS fed_back, p.summary || ' ' || p.detail AS text
         FROM problem p",
        "p.id",
    ),
    (
        "measure",
        "SELECT 'measure' AS kind, m.id AS source_id, m.id AS link_id, p.inspection_id, (1 = 1) AS fed_back,
                m.content || ' ' || m.completion_standard AS text
         FROM measure m JOIN problem p ON p.id = m.problem_id",
        "m.id",
    ),
    (
        "progress",
        "SELECT 'progress' AS kind, g.id AS source_id, g.measure_id AS link_id, p.inspection_id,
                (1 = 1) AS fed_back, g.content AS text
         FROM progress g JOIN measure m ON m.id = g.measure_id JOIN problem p ON p.id = m.problem_id",
        "g.id",
    ),
    (
        "tip",
        "SELECT 'tip' AS kind, t.id AS source_id, t.id AS link_id, t.inspection_id, (1 = 1) AS fed_back,
                t.content AS text
         FROM tip t",
        "t.id",
    ),
];

/// The kinds of searchable text, as `text_change` names them.
pub const SEARCH_KINDS: [&str; 4] = ["problem", "measure", "progress", "tip"];

fn kind_sql(kind: &str) -> Result<(&'static str, &'static str)> {
    KINDS
        .iter()
        .find(|(k, _, _)| *k == kind)
        .map(|(_, sql, id)| (*sql, *id))
        .ok_or_else(|| crate::StoreError::Corrupt(format!("no searchable kind {kind}")))
}

impl Conn<'_> {
    /// Searchable texts of one kind by id after `after`, `limit` at a time.
    pub async fn search_rows(&mut self, kind: &str, after: i64, limit: i64) -> Result<Vec<SearchRow>> {
        let (select, id) = kind_sql(kind)?;
        let sql = format!("{select} WHERE {id} > $1 ORDER BY {id} LIMIT $2");
        Ok(
            run!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(after).bind(limit).fetch_all(c).await)?,
        )
    }

    /// The searchable texts of one kind among `ids` (those still there).
    pub async fn search_rows_of(&mut self, kind: &str, ids: &[i64]) -> Result<Vec<SearchRow>> {
        let (select, id) = kind_sql(kind)?;
        self.rows_with_ids(&format!("{select} WHERE {id} IN"), ids).await
    }

    /// The sequence of the last audit event that changed data: reads of tips and logins are
    /// events too, and do not count (every login used to empty every kept page and rebuild the
    /// search index, half a minute at a province). Walks the sequence backwards and stops at
    /// the first change, rather than aggregating over the whole trail.
    /// How many times the named tables have been written, together (see migration 0008): it
    /// moves whenever one of them is written, and only then.
    pub async fn tables_written(&mut self, names: &[&str]) -> Result<i64> {
        let all: Vec<(String, i64)> =
            run!(self, c => sqlx::query_as("SELECT name, version FROM table_version").fetch_all(c).await)?;
        Ok(all.iter().filter(|(n, _)| names.contains(&n.as_str())).map(|(_, v)| v).sum())
    }

    pub async fn last_change(&mut self) -> Result<i64> {
        // The reading acts come from the typed list of actions, bound rather than written in.
        let reads = xuncha_domain::action::Action::read_codes();
        let marks: Vec<String> = (1..=reads.len()).map(|i| format!("${i}")).collect();
        let sql =
            format!("SELECT seq FROM audit_event WHERE action NOT IN ({}) ORDER BY seq DESC LIMIT 1", marks.join(", "));
        let seq: Option<i64> = run!(self, c => {
            let mut q = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone()));
            for r in &reads { q = q.bind(*r); }
            q.fetch_optional(c).await
        })?;
        Ok(seq.unwrap_or(0))
    }
}
