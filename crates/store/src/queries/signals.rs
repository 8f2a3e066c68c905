//! The facts the paper-only signals are judged on, for one inspection or a whole round, in one
//! query (evidence and extensions counted per measure in the same statement).

use time::Date;
use xuncha_domain::id::*;
use xuncha_domain::measure::MeasureStatus;

use crate::{Conn, Result, run};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MeasureFactsRow {
    pub measure_id: MeasureId,
    pub inspection_id: InspectionId,
    pub problem_id: ProblemId,
    pub problem_number: i64,
    pub problem_summary: String,
    pub problem_detail: String,
    pub content: String,
    pub responsible_person: String,
    #[sqlx(try_from = "String")]
    pub status: MeasureStatus,
    pub deadline: Option<Date>,
    pub original_deadline: Option<Date>,
    pub evidence_count: i64,
    pub newest_evidence: Option<Date>,
    pub extensions: i64,
}

/// A fed-back measure's text and who handed it in, for copy detection across the county.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MeasureText {
    pub measure_id: MeasureId,
    pub content: String,
    pub org_id: OrgId,
    pub org_name: String,
    pub round_id: RoundId,
    pub round_name: String,
    /// The county committee the measure's inspection lies in.
    pub committee_id: Option<OrgId>,
}

/// A measure's text with who handed it in, as read by `measure_texts*` (the caller adds the
/// narrowing condition).
const MEASURE_TEXT: &str = "SELECT m.id AS measure_id, m.content, i.target_org_id AS org_id, o.name AS org_name,
        i.round_id, r.name AS round_name, i.committee_id
    FROM measure m JOIN problem p ON p.id = m.problem_id JOIN inspection i ON i.id = p.inspection_id
    JOIN organisation o ON o.id = i.target_org_id JOIN round r ON r.id = i.round_id
    WHERE p.status IN ('fed_back', 'closed')";

/// A measure's text (or, for `organisation`, a name) changed: see migration 0007.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TextChange {
    pub id: i64,
    pub kind: String,
    /// The measure's (or organisation's) id, as `kind` says.
    pub entity_id: i64,
}

impl Conn<'_> {
    /// Measures of fed-back problems with their organisation and round, by id after `after`,
    /// `limit` at a time (a province has a million: they are read in pages, not held twice).
    pub async fn measure_texts(&mut self, after: MeasureId, limit: i64) -> Result<Vec<MeasureText>> {
        let sql = format!("{MEASURE_TEXT} AND m.id > $1 ORDER BY m.id LIMIT $2");
        Ok(
            run!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(after).bind(limit).fetch_all(c).await)?,
        )
    }

    /// The measures among `ids` that are of fed-back problems, with their organisation and round.
    pub async fn measure_texts_of(&mut self, ids: &[MeasureId]) -> Result<Vec<MeasureText>> {
        self.rows_with_ids(&format!("{MEASURE_TEXT} AND m.id IN"), ids).await
    }

    /// The newest text change (0 when none).
    pub async fn last_text_change(&mut self) -> Result<i64> {
        Ok(run!(self, c => sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM text_change").fetch_one(c).await)?)
    }

    /// Text changes after `after`, oldest first.
    pub async fn text_changes(&mut self, after: i64) -> Result<Vec<TextChange>> {
        Ok(run!(self, c => sqlx::query_as("SELECT id, kind, entity_id FROM text_change WHERE id > $1 ORDER BY id")
            .bind(after).fetch_all(c).await)?)
    }

    /// Measures of fed-back problems with their evidence and extension counts; `inspection`
    /// and `round` narrow (either may be `None`).
    pub async fn measure_facts(
        &mut self,
        inspection: Option<InspectionId>,
        round: Option<RoundId>,
    ) -> Result<Vec<MeasureFactsRow>> {
        // One statement per shape rather than "($1 IS NULL OR …)": the planner cannot use the
        // round's index through an OR, and a province's round then scans a million measures.
        let narrow = match (inspection, round) {
            (Some(_), Some(_)) => "p.inspection_id = $1 AND i.round_id = $2",
            (Some(_), None) => "p.inspection_id = $1 AND $2 IS NULL",
            (None, Some(_)) => "$1 IS NULL AND i.round_id = $2",
            (None, None) => "$1 IS NULL AND $2 IS NULL",
        };
        let sql = format!(
            "SELECT m.id AS measure_id, p.inspection_id, p.id AS problem_id, p.number AS problem_number,
                    p.summary AS problem_summary, p.detail AS problem_detail, m.content, m.responsible_person,
                    m.status, m.deadline, m.original_deadline,
                    (SELECT COUNT(*) FROM evidence e WHERE e.measure_id = m.id) AS evidence_count,
                    (SELECT MAX(e.document_date) FROM evidence e WHERE e.measure_id = m.id) AS newest_evidence,
                    (SELECT COUNT(*) FROM extension x WHERE x.measure_id = m.id AND x.status = 'approved') AS extensions
             FROM measure m JOIN problem p ON p.id = m.problem_id JOIN inspection i ON i.id = p.inspection_id
             WHERE {narrow} AND p.status IN ('fed_back', 'closed')
             ORDER BY p.inspection_id, p.number, m.sort, m.id"
        );
        Ok(run!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(inspection).bind(round).fetch_all(c).await)?)
    }
}
