//! Reading the audit trail and verifying its chain.

use schemars::JsonSchema;
use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use xuncha_domain::access::{Actor, Capability};
use xuncha_domain::action::Action;
use xuncha_domain::audit::{ChainBreak, check_seals, text_seal};
use xuncha_domain::id::*;
use xuncha_store::{AuditRecord, RecordPlace, User};

use crate::{App, AppError, AppResult, require_visible};

/// One act in a record's history, as the office reads it: who (by name and post) and when (in
/// China time), never a database row.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct HistoryEntry {
    pub seq: i64,
    /// When, RFC 3339 in China time (UTC+8).
    pub at: String,
    /// When, as written on paper: "2023年11月10日 14:32".
    pub at_text: String,
    pub action: &'static str,
    pub action_label: &'static str,
    pub actor_id: Option<UserId>,
    /// "王振华(县委巡察办综合科科长)", or who acts without an account.
    pub who: String,
    pub summary: String,
}

/// An instant as written on paper, in China time: "2023年11月10日 14:32".
pub fn china_time_text(at: OffsetDateTime) -> String {
    let t = at.to_offset(xuncha_store::CHINA);
    format!("{}年{}月{}日 {:02}:{:02}", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute())
}

/// A person as the record names them: name and post (or, without a post, unit and role).
pub fn name_and_post(user: &User, unit: Option<&str>) -> String {
    // A supervisor is named by its body (县纪委监委), not "监督单位".
    let role = match (user.role, user.body) {
        (xuncha_domain::role::Role::Supervisor, Some(body)) => body.label(),
        (role, _) => role.label(),
    };
    let post = match (user.post.trim(), unit) {
        ("", Some(unit)) => format!("{unit} {role}"),
        ("", None) => role.to_string(),
        (post, _) => post.to_string(),
    };
    format!("{}({post})", user.display_name)
}

/// The people a page names, by account: "name(post)" each, read once per page.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct People(std::collections::BTreeMap<UserId, String>);

impl People {
    /// The account's holder by name and post ("" for an unknown account).
    pub fn of(&self, id: &UserId) -> &str {
        self.0.get(id).map_or("", String::as_str)
    }
    /// The same, for a field that may be empty.
    pub fn of_opt(&self, id: &Option<UserId>) -> &str {
        id.as_ref().map_or("", |id| self.of(id))
    }
}

/// One account's holder by name and post.
pub(crate) async fn name_and_post_of(conn: &mut xuncha_store::Conn<'_>, id: UserId) -> AppResult<String> {
    Ok(people(conn, vec![id]).await?.of(&id).to_string())
}

/// Reads the holders of these accounts by name and post.
pub(crate) async fn people(conn: &mut xuncha_store::Conn<'_>, ids: Vec<UserId>) -> AppResult<People> {
    let mut out = std::collections::BTreeMap::new();
    for id in ids {
        if out.contains_key(&id) {
            continue;
        }
        let who = match conn.get_user(id).await? {
            Some(u) => {
                let unit = match u.org_id {
                    Some(o) => conn.get_org(o).await?.map(|o| o.name),
                    None => None,
                };
                name_and_post(&u, unit.as_deref())
            }
            None => format!("账号#{id}"),
        };
        out.insert(id, who);
    }
    Ok(People(out))
}

/// Who did an act that names no account: the public's online tip, or the system (the operator's
/// command line, an import, the demo loader).
fn without_account(action: Option<Action>) -> String {
    match action {
        Some(Action::TipPublic) => "群众(网上举报)".into(),
        Some(Action::CommentPublic) => "群众(群众评价)".into(),
        _ => "系统(运维命令或数据导入)".into(),
    }
}

/// What the trail records about a tip: keyed digests of its content and of its tipper, never
/// the texts themselves (see `xuncha_domain::audit::text_seal`).
pub(crate) fn tip_seals(key: &[u8], content: &str, tipper: &xuncha_store::Tipper) -> serde_json::Value {
    let who = format!("{}\0{}\0{}", tipper.anonymous, tipper.name, tipper.contact);
    serde_json::json!({
        "content_seal": text_seal(key, "tip.content", content),
        "tipper_seal": text_seal(key, "tip.tipper", &who),
    })
}

/// Whether `row` holds every field the after-image recorded, with the recorded value. (Bulk
/// loads such as the province generator record only `{"id": …}`; what they did not record
/// cannot be compared, everything the system's own writes record is.)
fn agrees(row: &serde_json::Value, image: &serde_json::Value) -> bool {
    match image {
        serde_json::Value::Object(image) => image.iter().all(|(k, v)| row.get(k) == Some(v)),
        _ => false,
    }
}

impl App {
    /// The after-image of a tip's arrival: its keyed digests when the chain is sealed, else
    /// nothing (a plain hash of a tipper's phone number could be reversed by trying them all).
    pub(crate) fn tip_image(&self, content: &str, tipper: &xuncha_store::Tipper) -> String {
        match self.store.sealer() {
            Some(s) => tip_seals(s.key(), content, tipper).to_string(),
            None => "{}".into(),
        }
    }

    /// Walks the whole chain: the number of events, or where it first breaks. With the audit
    /// key (`Store::with_sealer`) it also checks every seal and the head kept beside the key.
    pub async fn verify_audit(&self) -> AppResult<Result<i64, ChainBreak>> {
        self.verify_audit_against(&[]).await
    }

    /// The same, and each printed anchor (`seq`, `hash` from `xuncha audit head`) must still be
    /// the chain's event at that seq.
    pub async fn verify_audit_against(&self, anchors: &[(i64, String)]) -> AppResult<Result<i64, ChainBreak>> {
        let mut h = self.store.read().await?;
        let events = match h.conn().verify_chain().await? {
            Ok(n) => n,
            Err(b) => return Ok(Err(b)),
        };
        for (seq, hash) in anchors {
            if h.conn().event_hash_at(*seq).await?.as_deref() != Some(hash.as_str()) {
                return Ok(Err(ChainBreak::AnchorMismatch { seq: *seq }));
            }
        }
        if let Some(sealer) = self.store.sealer() {
            let kept = sealer.kept_head().map_err(AppError::internal)?;
            let seals = h.conn().seals_with_chain().await?;
            let (head_seq, _) = h.conn().audit_head().await?;
            if let Err(b) = check_seals(sealer.key(), &seals, head_seq, kept.as_ref()) {
                return Ok(Err(b));
            }
        }
        if let Err(b) = self.compare_rows_with_trail(&mut h.conn()).await? {
            return Ok(Err(b));
        }
        Ok(Ok(events))
    }

    /// Each measure against its last after-image in the trail, and (with the audit key) each
    /// tip's content and tipper against the keyed digests recorded when it came in: a record
    /// edited in the database behind the system no longer matches.
    async fn compare_rows_with_trail(&self, conn: &mut xuncha_store::Conn<'_>) -> AppResult<Result<(), ChainBreak>> {
        // A measure's last image: from its own events, or from the import that created it (the
        // problem's image lists its measures), whichever is later.
        let mut latest: std::collections::BTreeMap<MeasureId, (i64, serde_json::Value)> =
            std::collections::BTreeMap::new();
        for (id, seq, after) in conn.latest_images("measure", "measure.").await? {
            latest.insert(MeasureId::new(id), (seq, serde_json::from_str(&after).unwrap_or_default()));
        }
        for (seq, after) in conn.events_of(Action::ProblemImport.code()).await? {
            let after: serde_json::Value = serde_json::from_str(&after).unwrap_or_default();
            for m in after["measures"].as_array().into_iter().flatten() {
                let Some(id) = m["id"].as_i64() else { continue };
                if latest.get(&MeasureId::new(id)).is_none_or(|(s, _)| *s < seq) {
                    latest.insert(MeasureId::new(id), (seq, m.clone()));
                }
            }
        }
        let images: Vec<(MeasureId, serde_json::Value)> = latest.into_iter().map(|(id, (_, v))| (id, v)).collect();
        let ids: Vec<MeasureId> = images.iter().map(|(id, _)| *id).collect();
        let rows: std::collections::HashMap<MeasureId, serde_json::Value> = conn
            .measures_with_ids(&ids)
            .await?
            .into_iter()
            .map(|m| (m.id, serde_json::to_value(&m).unwrap_or_default()))
            .collect();
        for (id, after) in &images {
            // A deleted measure has no row; its deletion is an event of the chain.
            let Some(row) = rows.get(id) else { continue };
            if !agrees(row, after) {
                return Ok(Err(ChainBreak::RowChanged { what: "整改措施", id: id.get() }));
            }
        }
        if let Err(b) = self.compare_comments_with_trail(conn).await? {
            return Ok(Err(b));
        }
        let Some(sealer) = self.store.sealer() else { return Ok(Ok(())) };
        let mut images = conn.latest_images("tip", Action::TipRegister.code()).await?;
        images.extend(conn.latest_images("tip", Action::TipPublic.code()).await?);
        let ids: Vec<TipId> = images.iter().map(|(id, _, _)| TipId::new(*id)).collect();
        let tips: std::collections::HashMap<TipId, xuncha_store::Tip> =
            conn.tips_with_ids(&ids).await?.into_iter().map(|t| (t.id, t)).collect();
        let tippers: std::collections::HashMap<TipId, xuncha_store::Tipper> =
            conn.tippers_with_ids(&ids).await?.into_iter().map(|t| (t.tip_id, t)).collect();
        for (id, _, after) in &images {
            let recorded: serde_json::Value = serde_json::from_str(after).unwrap_or_default();
            let id = TipId::new(*id);
            let (Some(tip), Some(tipper)) = (tips.get(&id), tippers.get(&id)) else {
                return Ok(Err(ChainBreak::RowChanged { what: "信访举报", id: id.get() }));
            };
            let now = tip_seals(sealer.key(), &tip.content, tipper);
            if recorded != now {
                return Ok(Err(ChainBreak::RowChanged { what: "信访举报", id: id.get() }));
            }
        }
        Ok(Ok(()))
    }

    /// Each comment of the public against its last image (rating, status, answer, tip, version:
    /// what the score and the public page are made of), and, with the audit key, its text and
    /// sender against the digests recorded when it came in.
    async fn compare_comments_with_trail(
        &self,
        conn: &mut xuncha_store::Conn<'_>,
    ) -> AppResult<Result<(), ChainBreak>> {
        let changed = |id: i64| Ok(Err(ChainBreak::RowChanged { what: "群众评价", id }));
        let seals = ["content_seal", "commenter_seal"];
        for (id, _, after) in conn.latest_images("public_comment", "comment.").await? {
            let mut image: serde_json::Value = serde_json::from_str(&after).unwrap_or_default();
            let Some(row) = conn.get_comment(CommentId::new(id)).await? else { return changed(id) };
            if let Some(map) = image.as_object_mut() {
                map.retain(|k, _| !seals.contains(&k.as_str()));
            }
            if !agrees(&serde_json::to_value(&row).unwrap_or_default(), &image) {
                return changed(id);
            }
        }
        let Some(sealer) = self.store.sealer() else { return Ok(Ok(())) };
        for (id, _, after) in conn.latest_images("public_comment", Action::CommentPublic.code()).await? {
            let recorded: serde_json::Value = serde_json::from_str(&after).unwrap_or_default();
            let Some(row) = conn.get_comment(CommentId::new(id)).await? else { return changed(id) };
            let sender = conn.get_commenter(row.id).await?;
            let (name, contact) = sender.map(|s| (s.name, s.contact)).unwrap_or_default();
            let who = format!("{}\0{name}\0{contact}", row.anonymous);
            let now = [
                text_seal(sealer.key(), "comment.content", &row.content),
                text_seal(sealer.key(), "comment.commenter", &who),
            ];
            if recorded["content_seal"] != now[0].as_str() || recorded["commenter_seal"] != now[1].as_str() {
                return changed(id);
            }
        }
        Ok(Ok(()))
    }

    /// The chain's head to print and keep apart from the system (an anchor for `verify`).
    pub async fn audit_head(&self) -> AppResult<(i64, String)> {
        Ok(self.store.read().await?.conn().audit_head().await?)
    }

    /// The recorded history of one record (office only), each act with who and when.
    pub async fn history(&self, actor: &Actor, entity: &str, id: i64) -> AppResult<Vec<HistoryEntry>> {
        require_visible(actor, Capability::ReadAudit)?;
        let mut h = self.store.read().await?;
        // A county's office reads the trail of its own county's records only, and a record of
        // another county answers exactly as a missing one.
        match h.conn().place_of_record(entity, id).await? {
            RecordPlace::Missing => return Err(AppError::NotFound),
            RecordPlace::County(committee) if !actor.covers(committee) => return Err(AppError::NotFound),
            RecordPlace::Shared | RecordPlace::County(_) => {}
        }
        let events = h.conn().entity_events(entity, id).await?;
        let named = people(&mut h.conn(), events.iter().filter_map(|e| e.actor_id).collect()).await?;
        let mut out = Vec::with_capacity(events.len());
        for e in events {
            let action = Action::ALL.iter().copied().find(|a| a.code() == e.action);
            let who = match e.actor_id {
                Some(uid) => named.of(&uid).to_string(),
                None => without_account(action),
            };
            out.push(history_entry(e, action, who)?);
        }
        Ok(out)
    }
}

fn history_entry(e: AuditRecord, action: Option<Action>, who: String) -> AppResult<HistoryEntry> {
    let at = OffsetDateTime::parse(&e.at, &Rfc3339)
        .map_err(|err| AppError::internal(format!("audit event {} has an unreadable time: {err}", e.seq)))?;
    let in_china = at.to_offset(xuncha_store::CHINA);
    Ok(HistoryEntry {
        seq: e.seq,
        at: in_china.format(&Rfc3339).unwrap_or_else(|_| e.at.clone()),
        at_text: china_time_text(at),
        action: action.map_or("unknown", Action::code),
        action_label: action.map_or("其他操作", Action::label),
        actor_id: e.actor_id,
        who,
        summary: e.summary,
    })
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;
    use xuncha_domain::role::Role;

    use super::*;

    #[test]
    fn times_read_as_on_paper_in_china() {
        assert_eq!(china_time_text(datetime!(2023-11-09 16:05 UTC)), "2023年11月10日 00:05");
        assert_eq!(china_time_text(datetime!(2023-01-02 03:04 UTC)), "2023年1月2日 11:04");
    }

    #[test]
    fn a_person_is_named_with_their_post_or_else_unit_and_role() {
        let mut u = User {
            id: xuncha_domain::UserId::new(1),
            username: "office".into(),
            display_name: "王振华".into(),
            password_hash: String::new(),
            role: Role::Office,
            org_id: Some(xuncha_domain::OrgId::new(3)),
            body: None,
            active: true,
            version: 1,
            post: "县委巡察办综合科科长".into(),
            must_change_password: false,
        };
        assert_eq!(name_and_post(&u, Some("县委巡察办")), "王振华(县委巡察办综合科科长)");
        u.post = "  ".into();
        assert_eq!(name_and_post(&u, Some("县委巡察办")), "王振华(县委巡察办 巡察办)");
        assert_eq!(name_and_post(&u, None), "王振华(巡察办)");
        assert_eq!(without_account(Some(Action::TipPublic)), "群众(网上举报)");
    }
}
