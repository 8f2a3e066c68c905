//! What the full-text index holds, read in one statement, and the change counter that tells
//! when it must be rebuilt.

use xuncha_domain::Id;

use crate::{Conn, Result, run};

/// A searchable text: a problem (summary and detail), a measure (content and completion
/// standard), a progress report (linked to its measure) or a tip's content (never its tipper).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SearchRow {
    pub kind: String,
    pub link_id: Id,
    pub inspection_id: Id,
    pub fed_back: bool,
    pub text: String,
}

impl Conn<'_> {
    pub async fn search_rows(&mut self) -> Result<Vec<SearchRow>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT 'problem' AS kind, p.id AS link_id, p.inspection_id, (p.status IN ('fed_back', 'closed')) AS fed_back,
                    p.summary || ' ' || p.detail AS text FROM problem p
             UNION ALL
             SELECT 'measure', m.id, p.inspection_id, (1 = 1), m.content || ' ' || m.completion_standard
             FROM measure m JOIN problem p ON p.id = m.problem_id
             UNION ALL
             SELECT 'progress', g.measure_id, p.inspection_id, (1 = 1), g.content
             FROM progress g JOIN measure m ON m.id = g.measure_id JOIN problem p ON p.id = m.problem_id
             UNION ALL
             SELECT 'tip', t.id, t.inspection_id, (1 = 1), t.content FROM tip t").fetch_all(c).await)?)
    }

    /// The sequence of the last audit event that changed data: reads of tips and logins are
    /// events too, and do not count (every login used to empty every kept page and rebuild the
    /// search index, half a minute at a province). Walks the sequence backwards and stops at
    /// the first change, rather than aggregating over the whole trail.
    pub async fn last_change(&mut self) -> Result<i64> {
        let seq: Option<i64> = run!(self, c => sqlx::query_scalar(
            "SELECT seq FROM audit_event
             WHERE action NOT IN ('tip.list', 'tip.read', 'tip.unseal', 'tip.search', 'user.login')
             ORDER BY seq DESC LIMIT 1").fetch_optional(c).await)?;
        Ok(seq.unwrap_or(0))
    }
}
