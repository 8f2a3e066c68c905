//! The append-only audit trail and its hash chain.

use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use xuncha_domain::audit::{ChainBreak, ChainVerifier, EventFields, SealedHead, StoredEvent, event_hash};
use xuncha_domain::id::*;

use crate::{Conn, Result, run};

/// What a write records about itself.
pub struct NewEvent<'a> {
    pub actor_id: Option<UserId>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    pub summary: &'a str,
    /// JSON of the record before the change (`{}` for a creation).
    pub before: &'a str,
    /// JSON of the record after the change.
    pub after: &'a str,
}

/// Where a record of the audit trail lies, for deciding who may read its history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordPlace {
    /// No such record (or no such kind of record).
    Missing,
    /// A record of no county: an aspect, a setting, a round planned under no committee.
    Shared,
    /// A record of the county committee given (`None`: of an organisation under none).
    County(Option<OrgId>),
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AuditRecord {
    pub seq: i64,
    pub at: String,
    pub actor_id: Option<UserId>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub summary: String,
    pub before: String,
    pub after: String,
    pub prev_hash: String,
    pub hash: String,
}

impl Conn<'_> {
    /// Appends an event to the chain. Must run inside the write's transaction: bumping the head
    /// row locks it, which orders concurrent writers and keeps the chain linear.
    pub async fn append_event(&mut self, e: &NewEvent<'_>) -> Result<i64> {
        let now = self.now();
        let (seq, prev): (i64, String) = run!(self, c =>
            sqlx::query_as("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash").fetch_one(c).await)?;
        let at = now.format(&Rfc3339)?;
        let fields = EventFields {
            seq,
            at: &at,
            actor_id: e.actor_id.map(UserId::get),
            action: e.action,
            entity: e.entity,
            entity_id: e.entity_id,
            summary: e.summary,
            before: e.before,
            after: e.after,
        };
        let hash = event_hash(&prev, &fields);
        run!(self, c => sqlx::query(
            "INSERT INTO audit_event (seq, at, actor_id, action, entity, entity_id, summary, before, after, prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
            .bind(seq).bind(&at).bind(e.actor_id).bind(e.action).bind(e.entity).bind(e.entity_id).bind(e.summary)
            .bind(e.before).bind(e.after).bind(&prev).bind(&hash).execute(c).await.map(|r| r.rows_affected()))?;
        run!(self, c => sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1").bind(&hash).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(seq)
    }

    /// The history of one record, oldest first.
    pub async fn entity_events(&mut self, entity: &str, entity_id: i64) -> Result<Vec<AuditRecord>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT * FROM audit_event WHERE entity = $1 AND entity_id = $2 ORDER BY seq")
            .bind(entity).bind(entity_id).fetch_all(c).await)?)
    }

    /// Where a record whose history is asked for lies (see [`RecordPlace`]).
    pub async fn place_of_record(&mut self, entity: &str, id: i64) -> Result<RecordPlace> {
        const BY_INSPECTION: &str = "SELECT committee_id FROM inspection WHERE id = ";
        let sql = match entity {
            "inspection" => format!("{BY_INSPECTION}$1"),
            "problem" => format!("{BY_INSPECTION}(SELECT inspection_id FROM problem WHERE id = $1)"),
            "measure" => format!(
                "{BY_INSPECTION}(SELECT p.inspection_id FROM measure m JOIN problem p ON p.id = m.problem_id WHERE m.id = $1)"
            ),
            "plan" | "tip" | "transfer" | "disclosure" => {
                format!("{BY_INSPECTION}(SELECT inspection_id FROM {entity} WHERE id = $1)")
            }
            "public_comment" => format!(
                "{BY_INSPECTION}(SELECT d.inspection_id FROM public_comment c JOIN disclosure d ON d.id = c.disclosure_id WHERE c.id = $1)"
            ),
            "round" => "SELECT committee_id FROM round WHERE id = $1".into(),
            "team" => "SELECT r.committee_id FROM team t JOIN round r ON r.id = t.round_id WHERE t.id = $1".into(),
            // Records placed by an organisation: their own, their people's, a declaration's.
            "organisation" | "person" | "user" | "conflict_declaration" | "pool_cadre" => {
                let table = match entity {
                    "organisation" => "organisation",
                    "person" => "person",
                    "user" => "app_user",
                    "pool_cadre" => "pool_cadre",
                    _ => "conflict_declaration",
                };
                let column = if entity == "organisation" { "id" } else { "org_id" };
                let sql = format!("SELECT {column} FROM {table} WHERE id = $1");
                let org: Option<Option<OrgId>> = run!(self, c =>
                    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone())).bind(id).fetch_optional(c).await)?;
                return Ok(match org {
                    None => RecordPlace::Missing,
                    Some(None) => RecordPlace::County(None),
                    Some(Some(o)) => RecordPlace::County(self.committee_of(o).await?),
                });
            }
            "aspect" => "SELECT NULL FROM aspect WHERE id = $1".into(),
            "setting" => return Ok(RecordPlace::Shared),
            _ => return Ok(RecordPlace::Missing),
        };
        let found: Option<Option<OrgId>> =
            run!(self, c => sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone())).bind(id).fetch_optional(c).await)?;
        Ok(match found {
            None => RecordPlace::Missing,
            // Aspects, and rounds planned under no committee, belong to no county.
            Some(None) if matches!(entity, "round" | "team" | "aspect") => RecordPlace::Shared,
            Some(committee) => RecordPlace::County(committee),
        })
    }

    pub async fn recent_events(&mut self, limit: i64) -> Result<Vec<AuditRecord>> {
        Ok(run!(self, c => sqlx::query_as("SELECT * FROM audit_event ORDER BY seq DESC LIMIT $1")
            .bind(limit).fetch_all(c).await)?)
    }

    /// Walks the whole chain in pages and returns the number of events checked, or where it breaks.
    pub async fn verify_chain(&mut self) -> Result<std::result::Result<i64, ChainBreak>> {
        const PAGE: i64 = 2000;
        let mut verifier = ChainVerifier::default();
        let mut after = 0i64;
        loop {
            let page: Vec<AuditRecord> = run!(self, c => sqlx::query_as(
                "SELECT * FROM audit_event WHERE seq > $1 ORDER BY seq LIMIT $2")
                .bind(after).bind(PAGE).fetch_all(c).await)?;
            for r in &page {
                let stored = StoredEvent {
                    fields: EventFields {
                        seq: r.seq,
                        at: &r.at,
                        actor_id: r.actor_id.map(UserId::get),
                        action: &r.action,
                        entity: &r.entity,
                        entity_id: r.entity_id,
                        summary: &r.summary,
                        before: &r.before,
                        after: &r.after,
                    },
                    prev_hash: &r.prev_hash,
                    hash: &r.hash,
                };
                if let Err(b) = verifier.push(&stored) {
                    return Ok(Err(b));
                }
            }
            match page.last() {
                Some(last) if page.len() as i64 == PAGE => after = last.seq,
                _ => break,
            }
        }
        let (seq, hash): (i64, String) =
            run!(self, c => sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(c).await)?;
        Ok(verifier.finish(seq, &hash).map(|()| verifier.checked))
    }

    /// The chain's last seq and hash.
    pub async fn audit_head(&mut self) -> Result<(i64, String)> {
        Ok(run!(self, c => sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(c).await)?)
    }

    /// The stored hash of event `seq`, if there is one.
    pub async fn event_hash_at(&mut self, seq: i64) -> Result<Option<String>> {
        Ok(
            run!(self, c => sqlx::query_scalar("SELECT hash FROM audit_event WHERE seq = $1").bind(seq).fetch_optional(c).await)?,
        )
    }

    /// Every sealed head, oldest first, with the chain's hash at its seq (`None`: no such event).
    pub async fn seals_with_chain(&mut self) -> Result<Vec<(SealedHead, Option<String>)>> {
        let rows: Vec<(i64, String, String, Option<String>)> = run!(self, c => sqlx::query_as(
            "SELECT s.seq, s.hash, s.seal, e.hash FROM audit_seal s LEFT JOIN audit_event e ON e.seq = s.seq ORDER BY s.seq")
            .fetch_all(c).await)?;
        Ok(rows.into_iter().map(|(seq, hash, seal, chain)| (SealedHead { seq, hash, seal }, chain)).collect())
    }

    /// The latest after-image of each `entity` row among events whose action starts with
    /// `action_prefix` and that carry one (`after` is not `{}`), by row id.
    pub async fn latest_images(&mut self, entity: &str, action_prefix: &str) -> Result<Vec<(i64, i64, String)>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT e.entity_id, e.seq, e.after FROM audit_event e
             JOIN (SELECT entity_id, MAX(seq) AS seq FROM audit_event
                   WHERE entity = $1 AND action LIKE $2 AND after <> '{}' AND entity_id IS NOT NULL
                   GROUP BY entity_id) l ON l.seq = e.seq
             ORDER BY e.entity_id")
            .bind(entity).bind(format!("{action_prefix}%")).fetch_all(c).await)?)
    }

    /// Every event of `action` with its after-image, oldest first: (seq, after).
    pub async fn events_of(&mut self, action: &str) -> Result<Vec<(i64, String)>> {
        Ok(run!(self, c => sqlx::query_as("SELECT seq, after FROM audit_event WHERE action = $1 ORDER BY seq")
            .bind(action).fetch_all(c).await)?)
    }

    /// The measures, tips and tippers with these ids, for comparing with the trail.
    pub async fn measures_with_ids(&mut self, ids: &[MeasureId]) -> Result<Vec<crate::Measure>> {
        self.rows_with_ids("SELECT * FROM measure WHERE id IN", ids).await
    }
    pub async fn tips_with_ids(&mut self, ids: &[TipId]) -> Result<Vec<crate::Tip>> {
        self.rows_with_ids("SELECT * FROM tip WHERE id IN", ids).await
    }
    pub async fn tippers_with_ids(&mut self, ids: &[TipId]) -> Result<Vec<crate::Tipper>> {
        self.rows_with_ids("SELECT * FROM tip_tipper WHERE tip_id IN", ids).await
    }
}
