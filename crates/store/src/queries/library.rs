//! 问题库 and concept-lexicon editions of a county, and the typical problem chosen for a problem.

use xuncha_domain::id::*;

use super::expect_one;
use crate::rows::LibraryEdition;
use crate::{Conn, Result, map_err, run};

/// What an edition holds: the 问题库's typical problems or the concept lexicon's concepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LexiconKind {
    TypicalProblems,
    Concepts,
}

impl LexiconKind {
    fn code(self) -> &'static str {
        match self {
            LexiconKind::TypicalProblems => "typical",
            LexiconKind::Concepts => "concepts",
        }
    }
}

impl Conn<'_> {
    /// Stores a new edition of a county's library or lexicon (`None`: a database without
    /// counties) under the kind's next number (the county's first stored edition is number 1);
    /// `by` is `None` for the shipped edition kept as the county's first.
    pub async fn insert_library_edition(
        &mut self,
        committee: Option<OrgId>,
        kind: LexiconKind,
        note: &str,
        source: &str,
        entry_count: i64,
        by: Option<UserId>,
    ) -> Result<i64> {
        let now = self.now();
        let number: i64 = run!(self, c => sqlx::query_scalar(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM library_edition
             WHERE COALESCE(committee_id, 0) = COALESCE($1, 0) AND kind = $2")
            .bind(committee).bind(kind.code()).fetch_one(c).await)?;
        run!(self, c => sqlx::query(
            "INSERT INTO library_edition (committee_id, kind, number, note, source, entry_count, imported_by, imported_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
            .bind(committee).bind(kind.code()).bind(number).bind(note).bind(source).bind(entry_count).bind(by).bind(now)
            .execute(c).await.map(|r| r.rows_affected()))
        .map_err(map_err)?;
        Ok(number)
    }

    /// The county's newest edition of the kind, if it imported one.
    pub async fn current_library_edition(
        &mut self,
        committee: Option<OrgId>,
        kind: LexiconKind,
    ) -> Result<Option<LibraryEdition>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT * FROM library_edition WHERE COALESCE(committee_id, 0) = COALESCE($1, 0) AND kind = $2
             ORDER BY number DESC LIMIT 1")
            .bind(committee).bind(kind.code()).fetch_optional(c).await)?)
    }

    /// Every edition of the kind the county imported, newest first, without their files.
    pub async fn library_editions(
        &mut self,
        committee: Option<OrgId>,
        kind: LexiconKind,
    ) -> Result<Vec<LibraryEdition>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT id, committee_id, kind, number, note, '' AS source, entry_count, imported_by, imported_at
             FROM library_edition WHERE COALESCE(committee_id, 0) = COALESCE($1, 0) AND kind = $2 ORDER BY number DESC")
            .bind(committee).bind(kind.code()).fetch_all(c).await)?)
    }

    /// One edition of the kind, with its file.
    pub async fn library_edition(
        &mut self,
        committee: Option<OrgId>,
        kind: LexiconKind,
        number: i64,
    ) -> Result<Option<LibraryEdition>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT * FROM library_edition WHERE COALESCE(committee_id, 0) = COALESCE($1, 0) AND kind = $2 AND number = $3")
            .bind(committee).bind(kind.code()).bind(number).fetch_optional(c).await)?)
    }

    /// Sets (or, with `None`, clears) the typical problem a person chose for a problem.
    pub async fn set_problem_typical(
        &mut self,
        id: ProblemId,
        version: i64,
        code: Option<&str>,
        by: UserId,
    ) -> Result<()> {
        let now = self.now();
        let (by, at) = if code.is_some() { (Some(by), Some(now)) } else { (None, None) };
        let r = run!(self, c => sqlx::query(
            "UPDATE problem SET typical_code = $1, typical_by = $2, typical_at = $3, version = version + 1
             WHERE id = $4 AND version = $5")
            .bind(code).bind(by).bind(at).bind(id).bind(version).execute(c).await.map(|r| r.rows_affected()))?;
        expect_one(r)
    }
}
