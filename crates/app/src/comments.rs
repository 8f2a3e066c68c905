//! 群众评价: the public rates and comments on a published disclosure (public side, no account);
//! the county's office moderates — publishes with or without a public answer, refuses with a
//! reason, or registers a comment that is really a tip as one — and may open a commenter's
//! sealed contact details, recorded each time. Satisfaction is tallied per organisation for the
//! dashboard and the rectification score.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use xuncha_domain::access::{Actor, Capability, allowed};
use xuncha_domain::action::Action;
use xuncha_domain::comment::{self, CommentStatus, Satisfaction, SatisfactionTally};
use xuncha_domain::disclosure::DisclosureStatus;
use xuncha_domain::id::*;
use xuncha_domain::tip::TipChannel;
use xuncha_store::{Conn, NewComment, NewTip, PublicComment};

use crate::audit::china_time_text;
use crate::guarded::Admission;
use crate::inspections::visible_round;
use crate::{App, AppError, AppResult, By, check_version, json, require_visible, visible_inspection};
use xuncha_domain::audit::text_seal;

/// What the public sends under a disclosure.
#[derive(Debug, Deserialize)]
pub struct CommentInput {
    pub rating: Option<Satisfaction>,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub anonymous: bool,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub contact: String,
}

/// A published comment as the public reads it: no name, no contact, no internal note.
#[derive(Debug, Clone, Serialize)]
pub struct PublishedComment {
    pub received_on: time::Date,
    pub rating: &'static str,
    pub content: String,
    pub answer: String,
    pub answered_on: String,
}

/// The public's verdict under a disclosure: the published comments and their ratings.
#[derive(Debug, Clone, Serialize)]
pub struct PublishedComments {
    pub tally: SatisfactionTally,
    /// "86%"; "" without ratings.
    pub rate_text: String,
    pub comments: Vec<PublishedComment>,
}

/// A comment as the office moderates it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CommentView {
    pub id: CommentId,
    pub disclosure_id: DisclosureId,
    pub disclosure_title: String,
    pub inspection_id: InspectionId,
    pub round_id: RoundId,
    pub org_id: OrgId,
    pub target_name: String,
    pub rating: Option<Satisfaction>,
    /// "满意", or "" without a rating.
    pub rating_label: String,
    pub content: String,
    /// Whether the commenter gave no name or contact (the details stay sealed either way).
    pub anonymous: bool,
    pub status: CommentStatus,
    pub status_label: String,
    #[serde(with = "xuncha_store::date_fmt")]
    #[schemars(with = "xuncha_domain::schema::DateText")]
    pub received_on: time::Date,
    pub received_at_text: String,
    /// Who decided (name and post) and when, in China time; "" while pending.
    pub decided_by_name: String,
    pub decided_at_text: String,
    pub reject_reason: String,
    pub answer: String,
    pub answered_by_name: String,
    pub answered_at_text: String,
    /// The tip it was registered as.
    pub tip_id: Option<TipId>,
    pub version: i64,
    /// How many of the round's comments came from the same source (a keyed digest of the
    /// sender's address; 0 when unknown): several ratings from one source may be stuffing.
    pub same_source: usize,
}

/// One organisation's satisfaction in a round.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SatisfactionRow {
    pub org_id: OrgId,
    pub target_name: String,
    pub inspection_id: InspectionId,
    /// The ratings that count (published, or of comments registered as tips).
    pub tally: SatisfactionTally,
    /// Ratings the office refused to publish (not counted; shown so that refusing the
    /// dissatisfied cannot lift a rate unseen).
    pub refused: SatisfactionTally,
    pub pending: usize,
    /// "86%"; "" without ratings.
    pub rate_text: String,
    pub low: bool,
}

/// A round's 群众评价: satisfaction by organisation and, for the office, the comments.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RoundComments {
    pub round_id: RoundId,
    pub round_name: String,
    pub tally: SatisfactionTally,
    pub rate_text: String,
    pub low: bool,
    /// Least satisfied first; organisations without any comment are left out.
    pub by_organisation: Vec<SatisfactionRow>,
    /// Whether the reader moderates (the office): the comments below are theirs to decide.
    pub can_moderate: bool,
    /// Pending first, then newest; empty for a reader who does not moderate.
    pub comments: Vec<CommentView>,
    pub pending: usize,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApproveInput {
    pub version: i64,
    /// A public answer shown under the comment (optional).
    #[serde(default)]
    pub answer: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectInput {
    pub version: i64,
    /// Why it is not published (the commenter reads it with the receipt code).
    pub reason: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerInput {
    pub version: i64,
    pub answer: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionInput {
    pub version: i64,
}

/// A commenter's details, opened by the office (recorded).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CommenterView {
    pub anonymous: bool,
    pub name: String,
    pub contact: String,
}

/// What the public reads of its comment by the receipt code.
#[derive(Debug, Clone, Serialize)]
pub struct CommentReceipt {
    pub received_on: time::Date,
    pub status: &'static str,
    pub reply: String,
    /// The disclosure it stands under, once published.
    pub disclosure_id: Option<DisclosureId>,
}

pub(crate) fn rate_text(t: &SatisfactionTally) -> String {
    t.rate_percent().map(|r| format!("{r}%")).unwrap_or_default()
}

/// The ratings that count, and those refused, of a set of comments.
pub(crate) fn tallies(comments: &[PublicComment]) -> (SatisfactionTally, SatisfactionTally) {
    let (mut counted, mut refused) = (SatisfactionTally::default(), SatisfactionTally::default());
    for c in comments {
        let Some(r) = c.rating else { continue };
        match c.status {
            CommentStatus::Approved | CommentStatus::Converted => counted.add(r),
            CommentStatus::Rejected => refused.add(r),
            CommentStatus::Pending => {}
        }
    }
    (counted, refused)
}

/// Satisfaction by organisation (by id: two villages may bear one name), least satisfied
/// first (none rated last), then by name.
fn by_organisation(rows: &[PublicComment]) -> Vec<SatisfactionRow> {
    let mut by_org: BTreeMap<OrgId, Vec<PublicComment>> = BTreeMap::new();
    for c in rows {
        by_org.entry(c.org_id).or_default().push(c.clone());
    }
    let mut out: Vec<SatisfactionRow> = by_org
        .into_values()
        .map(|list| {
            let (tally, refused) = tallies(&list);
            SatisfactionRow {
                org_id: list[0].org_id,
                target_name: list[0].target_name.clone(),
                inspection_id: list[0].inspection_id,
                rate_text: rate_text(&tally),
                low: tally.is_low(),
                pending: list.iter().filter(|c| c.status == CommentStatus::Pending).count(),
                tally,
                refused,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        let key = |r: &SatisfactionRow| r.tally.rate_percent().unwrap_or(i64::MAX);
        key(a).cmp(&key(b)).then_with(|| a.target_name.cmp(&b.target_name))
    });
    out
}

/// What the public reads of its comment's status.
fn public_status(s: CommentStatus) -> &'static str {
    match s {
        CommentStatus::Pending => "评价已收到,正在审核",
        CommentStatus::Approved => "评价已公开",
        CommentStatus::Rejected => "评价未予公开",
        CommentStatus::Converted => "已作为举报受理,请按举报查询进度",
    }
}

impl App {
    /// The published comments under a published disclosure, for the public page.
    pub async fn published_comments(&self, disclosure_id: DisclosureId) -> AppResult<PublishedComments> {
        let rows = self.store.read().await?.conn().published_comments(disclosure_id).await?;
        let (tally, _) = tallies(&rows);
        Ok(PublishedComments {
            rate_text: rate_text(&tally),
            tally,
            comments: rows
                .into_iter()
                .map(|c| PublishedComment {
                    received_on: c.received_on,
                    rating: c.rating.map_or("", Satisfaction::label),
                    content: c.content,
                    answer: c.answer,
                    answered_on: c.answered_at.map(china_date).unwrap_or_default(),
                })
                .collect(),
        })
    }

    /// Takes the public's rating and comment under a published disclosure; answers with a
    /// receipt code shown once (16 random digits, only a hash kept).
    /// `source` is the sender's network address, kept only as a keyed digest (with the audit
    /// key) so that the office sees repeats from one source.
    pub async fn submit_comment(
        &self,
        disclosure_id: DisclosureId,
        input: &CommentInput,
        source: Option<std::net::IpAddr>,
    ) -> AppResult<String> {
        let anonymous = input.anonymous || (input.name.trim().is_empty() && input.contact.trim().is_empty());
        // A browser sends a line break as CRLF: counted as one character, as the form counts it.
        let content = input.content.replace("\r\n", "\n");
        let content = content.trim();
        // Whoever ticked "anonymous" keeps nothing of a name or number typed before.
        let (name, contact) = if anonymous { ("", "") } else { (input.name.trim(), input.contact.trim()) };
        comment::validate_comment(input.rating, content, anonymous, name, contact)?;
        let mut tx = self.write(By::Public).await?;
        let d = tx.conn().get_disclosure(disclosure_id).await?.ok_or(AppError::NotFound)?;
        if d.status != DisclosureStatus::Published {
            return Err(AppError::NotFound);
        }
        tx.admit(Admission::PublishedDisclosure);
        let code = crate::public::new_receipt_code();
        let source_tag = match (self.store.sealer(), source) {
            (Some(s), Some(ip)) => text_seal(s.key(), "comment.source", &ip.to_string()).chars().take(16).collect(),
            _ => String::new(),
        };
        let id = tx
            .conn()
            .insert_comment(&NewComment {
                disclosure_id,
                rating: input.rating,
                content,
                anonymous,
                receipt_hash: &crate::public::receipt_hash(&code),
                source_tag: &source_tag,
                received_on: self.today(),
            })
            .await?;
        if !anonymous {
            tx.conn().insert_commenter(id, name, contact).await?;
        }
        let image = self.comment_image(disclosure_id, input.rating, content, anonymous, name, contact);
        let summary = format!("收到群众评价({})", input.rating.map_or("未选满意程度", Satisfaction::label));
        tx.record(Action::CommentPublic, id, &summary, "{}", &image).await?;
        tx.commit().await?;
        Ok(code)
    }

    /// The after-image of a comment's arrival: what it rated, and keyed digests of its text and
    /// sender when the chain is sealed (a comment may be a tip, and its sender is sealed).
    fn comment_image(
        &self,
        disclosure_id: DisclosureId,
        rating: Option<Satisfaction>,
        content: &str,
        anonymous: bool,
        name: &str,
        contact: &str,
    ) -> String {
        let mut image = serde_json::json!({ "disclosure_id": disclosure_id, "rating": rating });
        if let Some(s) = self.store.sealer() {
            let who = format!("{anonymous}\0{name}\0{contact}");
            image["content_seal"] = text_seal(s.key(), "comment.content", content).into();
            image["commenter_seal"] = text_seal(s.key(), "comment.commenter", &who).into();
        }
        image.to_string()
    }

    /// A comment's status by its receipt code (after a tip's: a comment registered as a tip
    /// hands its code to the tip).
    pub(crate) async fn comment_receipt(&self, hash: &str) -> AppResult<Option<CommentReceipt>> {
        let Some(c) = self.store.read().await?.conn().comment_by_receipt(hash).await? else { return Ok(None) };
        let reply = match c.status {
            CommentStatus::Rejected => format!("未予公开的理由:{}", c.reject_reason),
            CommentStatus::Approved if !c.answer.is_empty() => c.answer.clone(),
            _ => String::new(),
        };
        Ok(Some(CommentReceipt {
            received_on: c.received_on,
            status: public_status(c.status),
            reply,
            disclosure_id: (c.status == CommentStatus::Approved).then_some(c.disclosure_id),
        }))
    }

    /// Views of `rows`, with each one's count of the round's comments from its source (`all`).
    async fn comment_views(
        &self,
        conn: &mut Conn<'_>,
        rows: Vec<PublicComment>,
        all: &[PublicComment],
    ) -> AppResult<Vec<CommentView>> {
        let mut sources: BTreeMap<&str, usize> = BTreeMap::new();
        for c in all.iter().filter(|c| !c.source_tag.is_empty()) {
            *sources.entry(c.source_tag.as_str()).or_default() += 1;
        }
        let ids = rows.iter().flat_map(|c| [c.decided_by, c.answered_by]).flatten().collect();
        let people = crate::audit::people(conn, ids).await?;
        Ok(rows
            .into_iter()
            .map(|c| CommentView {
                id: c.id,
                disclosure_id: c.disclosure_id,
                disclosure_title: c.disclosure_title,
                inspection_id: c.inspection_id,
                round_id: c.round_id,
                org_id: c.org_id,
                target_name: c.target_name,
                rating: c.rating,
                rating_label: c.rating.map_or("", Satisfaction::label).into(),
                content: c.content,
                anonymous: c.anonymous,
                status: c.status,
                status_label: c.status.label().into(),
                received_on: c.received_on,
                received_at_text: china_time_text(c.received_at),
                decided_by_name: c.decided_by.map(|u| people.of(&u).to_string()).unwrap_or_default(),
                decided_at_text: c.decided_at.map(china_time_text).unwrap_or_default(),
                reject_reason: c.reject_reason,
                answer: c.answer,
                answered_by_name: c.answered_by.map(|u| people.of(&u).to_string()).unwrap_or_default(),
                answered_at_text: c.answered_at.map(china_time_text).unwrap_or_default(),
                tip_id: c.tip_id,
                version: c.version,
                same_source: sources.get(c.source_tag.as_str()).copied().unwrap_or(0),
            })
            .collect())
    }

    /// A round's comments within the reader's reach, and the inspections whose comments the
    /// reader moderates (none for a leader, who reads counts only).
    async fn reached_comments(
        &self,
        conn: &mut Conn<'_>,
        actor: &Actor,
        round_id: RoundId,
    ) -> AppResult<(xuncha_store::Round, Vec<PublicComment>, Vec<InspectionId>)> {
        let round = visible_round(conn, actor, round_id).await?;
        require_visible(actor, Capability::ReadSatisfaction)?;
        let inspections = self.inspections_in_reach(actor, Some(round_id)).await?;
        let moderated: Vec<InspectionId> = inspections
            .iter()
            .filter(|i| allowed(actor, Capability::ModerateComments(&i.scope())))
            .map(|i| i.id)
            .collect();
        let reached: Vec<InspectionId> = inspections.iter().map(|i| i.id).collect();
        let rows =
            conn.round_comments(round_id).await?.into_iter().filter(|c| reached.contains(&c.inspection_id)).collect();
        Ok((round, rows, moderated))
    }

    /// A round's satisfaction at a glance (the dashboard): counts, never texts.
    pub(crate) async fn round_comment_summary(
        &self,
        actor: &Actor,
        round_id: RoundId,
    ) -> AppResult<Option<crate::dashboard::CommentSummary>> {
        let mut h = self.store.read().await?;
        let (_, rows, moderated) = self.reached_comments(&mut h.conn(), actor, round_id).await?;
        if rows.is_empty() {
            return Ok(None);
        }
        let (tally, _) = tallies(&rows);
        let low_organisations = by_organisation(&rows).into_iter().filter(|r| r.low).map(|r| r.target_name).collect();
        let pending =
            rows.iter().filter(|c| c.status == CommentStatus::Pending && moderated.contains(&c.inspection_id)).count();
        Ok(Some(crate::dashboard::CommentSummary {
            rate_text: rate_text(&tally),
            low: tally.is_low(),
            tally,
            low_organisations,
            pending,
        }))
    }

    /// A round's 群众评价: satisfaction by organisation (the office and leaders), and the
    /// comments to moderate (the office; its reading of them is recorded, as a comment not yet
    /// decided may be a tip).
    pub async fn round_comments(&self, actor: &Actor, round_id: RoundId) -> AppResult<RoundComments> {
        let mut tx = self.write(By::User(actor)).await?;
        let (round, rows, moderated) = self.reached_comments(&mut tx.conn(), actor, round_id).await?;
        let (tally, _) = tallies(&rows);
        let mut mine: Vec<PublicComment> =
            rows.iter().filter(|c| moderated.contains(&c.inspection_id)).cloned().collect();
        mine.sort_by_key(|c| (c.status != CommentStatus::Pending, std::cmp::Reverse(c.id)));
        let pending = mine.iter().filter(|c| c.status == CommentStatus::Pending).count();
        let comments = self.comment_views(&mut tx.conn(), mine, &rows).await?;
        if comments.is_empty() {
            tx.rollback().await?;
        } else {
            tx.require_visible(Capability::ReadSatisfaction)?;
            let summary = format!("查看{}的群众评价{}条", round.name, comments.len());
            tx.record(Action::CommentList, round_id, &summary, "{}", "{}").await?;
            tx.commit().await?;
        }
        Ok(RoundComments {
            round_id,
            round_name: round.name,
            rate_text: rate_text(&tally),
            low: tally.is_low(),
            tally,
            by_organisation: by_organisation(&rows),
            can_moderate: !moderated.is_empty(),
            comments,
            pending,
        })
    }

    /// The comment and the scope of its inspection, for one who may moderate it ("not found"
    /// for anyone else: an unpublished comment may be a tip).
    async fn moderated(
        &self,
        conn: &mut Conn<'_>,
        actor: &Actor,
        id: CommentId,
    ) -> AppResult<(PublicComment, xuncha_domain::access::Scope)> {
        let c = conn.get_comment(id).await?.ok_or(AppError::NotFound)?;
        let (_, scope) = visible_inspection(conn, actor, c.inspection_id).await?;
        require_visible(actor, Capability::ModerateComments(&scope))?;
        Ok((c, scope))
    }

    pub async fn public_comment(&self, actor: &Actor, id: CommentId) -> AppResult<CommentView> {
        let mut h = self.store.read().await?;
        let (c, _) = self.moderated(&mut h.conn(), actor, id).await?;
        let all = h.conn().round_comments(c.round_id).await?;
        Ok(self.comment_views(&mut h.conn(), vec![c], &all).await?.remove(0))
    }

    /// Publishes a pending comment, with a public answer if one is given.
    pub async fn approve_comment(&self, actor: &Actor, id: CommentId, input: &ApproveInput) -> AppResult<CommentView> {
        let mut tx = self.write(By::User(actor)).await?;
        let (before, scope) = self.moderated(&mut tx.conn(), actor, id).await?;
        tx.require(Capability::ModerateComments(&scope))?;
        comment::check_pending(before.status)?;
        let answer = input.answer.trim();
        if !answer.is_empty() {
            comment::check_answer(CommentStatus::Approved, answer)?;
        }
        check_version(input.version, before.version)?;
        tx.conn().approve_comment(id, input.version, answer, actor.user_id).await?;
        let after = tx.conn().get_comment(id).await?.ok_or(AppError::NotFound)?;
        let summary = if answer.is_empty() {
            "公开群众评价".to_string()
        } else {
            "公开群众评价并答复".to_string()
        };
        tx.record(Action::CommentApprove, id, &summary, &image(&before), &image(&after)).await?;
        tx.commit().await?;
        self.public_comment(actor, id).await
    }

    /// Refuses a pending comment, with the reason the commenter reads.
    pub async fn reject_comment(&self, actor: &Actor, id: CommentId, input: &RejectInput) -> AppResult<CommentView> {
        let mut tx = self.write(By::User(actor)).await?;
        let (before, scope) = self.moderated(&mut tx.conn(), actor, id).await?;
        tx.require(Capability::ModerateComments(&scope))?;
        let reason = input.reason.trim();
        comment::check_reject(before.status, reason)?;
        check_version(input.version, before.version)?;
        tx.conn().reject_comment(id, input.version, reason, actor.user_id).await?;
        let after = tx.conn().get_comment(id).await?.ok_or(AppError::NotFound)?;
        tx.record(Action::CommentReject, id, &format!("群众评价不予公开:{reason}"), &image(&before), &image(&after))
            .await?;
        tx.commit().await?;
        self.public_comment(actor, id).await
    }

    /// Answers (or corrects the answer to) a published comment.
    pub async fn answer_comment(&self, actor: &Actor, id: CommentId, input: &AnswerInput) -> AppResult<CommentView> {
        let mut tx = self.write(By::User(actor)).await?;
        let (before, scope) = self.moderated(&mut tx.conn(), actor, id).await?;
        tx.require(Capability::ModerateComments(&scope))?;
        let answer = input.answer.trim();
        comment::check_answer(before.status, answer)?;
        check_version(input.version, before.version)?;
        tx.conn().answer_comment(id, input.version, answer, actor.user_id).await?;
        let after = tx.conn().get_comment(id).await?.ok_or(AppError::NotFound)?;
        let summary =
            if before.answer.is_empty() { "公开答复群众评价" } else { "修改对群众评价的公开答复" };
        tx.record(Action::CommentAnswer, id, summary, &image(&before), &image(&after)).await?;
        tx.commit().await?;
        self.public_comment(actor, id).await
    }

    /// Registers a pending comment as a tip of its inspection: the tip keeps the comment's
    /// text, date, sealed sender and receipt code; the comment is never published.
    pub async fn convert_comment(&self, actor: &Actor, id: CommentId, input: &VersionInput) -> AppResult<CommentView> {
        let mut tx = self.write(By::User(actor)).await?;
        let (before, scope) = self.moderated(&mut tx.conn(), actor, id).await?;
        tx.require(Capability::ModerateComments(&scope))?;
        tx.require(Capability::ManageTips(&scope))?;
        comment::check_convert(before.status, &before.content)?;
        check_version(input.version, before.version)?;
        let hash = tx.conn().comment_receipt_hash(id).await?.ok_or(AppError::NotFound)?;
        let tip_id = tx
            .conn()
            .insert_tip(&NewTip {
                inspection_id: before.inspection_id,
                channel: TipChannel::Comment,
                content: &before.content,
                received_on: before.received_on,
                receipt_hash: Some(&hash),
            })
            .await?;
        let sender = tx.conn().get_commenter(id).await?;
        let (name, contact) = sender.map(|s| (s.name, s.contact)).unwrap_or_default();
        tx.conn().insert_tipper(tip_id, before.anonymous, &name, &contact).await?;
        let tipper = xuncha_store::Tipper { tip_id, anonymous: before.anonymous, name, contact };
        tx.record(
            Action::TipRegister,
            tip_id,
            &format!("登记信访举报(来源:{})", TipChannel::Comment.label()),
            "{}",
            &self.tip_image(&before.content, &tipper),
        )
        .await?;
        tx.conn().convert_comment(id, input.version, tip_id, actor.user_id).await?;
        let after = tx.conn().get_comment(id).await?.ok_or(AppError::NotFound)?;
        tx.record(Action::CommentConvert, id, "群众评价转为信访举报办理", &image(&before), &image(&after)).await?;
        tx.commit().await?;
        self.public_comment(actor, id).await
    }

    /// Opens a commenter's name and contact (recorded, like a tipper's).
    pub async fn unseal_commenter(&self, actor: &Actor, id: CommentId) -> AppResult<CommenterView> {
        let mut tx = self.write(By::User(actor)).await?;
        let (c, scope) = self.moderated(&mut tx.conn(), actor, id).await?;
        tx.require_visible(Capability::UnsealCommenter(&scope))?;
        let sender = tx.conn().get_commenter(id).await?;
        tx.record(Action::CommentUnseal, id, "查看评价人联系方式", "{}", "{}").await?;
        tx.commit().await?;
        let (name, contact) = sender.map(|s| (s.name, s.contact)).unwrap_or_default();
        Ok(CommenterView { anonymous: c.anonymous, name, contact })
    }

    /// The ratings of an inspection's disclosures that count, and those refused (the score's
    /// facts).
    pub(crate) async fn inspection_satisfaction(
        &self,
        conn: &mut Conn<'_>,
        inspection_id: InspectionId,
    ) -> AppResult<(SatisfactionTally, SatisfactionTally)> {
        Ok(tallies(&conn.inspection_comments(inspection_id).await?))
    }
}

/// A comment's image in the audit trail: what was decided, never its text (a comment may be a
/// tip) nor its sender.
fn image(c: &PublicComment) -> String {
    json(&serde_json::json!({
        "id": c.id,
        "disclosure_id": c.disclosure_id,
        "rating": c.rating,
        "status": c.status,
        "reject_reason": c.reject_reason,
        "answer": c.answer,
        "tip_id": c.tip_id,
        "version": c.version,
    }))
}

fn china_date(t: time::OffsetDateTime) -> String {
    let d = t.to_offset(xuncha_store::CHINA).date();
    format!("{}年{}月{}日", d.year(), u8::from(d.month()), d.day())
}
