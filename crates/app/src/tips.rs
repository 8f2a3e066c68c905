//! Tips: registration, triage, replies. Only the office and the inspection's own team reach
//! them; every access is recorded; the tipper is revealed only on an explicit, recorded request.

use schemars::JsonSchema;
use serde::Serialize;
use xuncha_domain::access::{Actor, Capability};
use xuncha_domain::action::Action;
use xuncha_domain::id::*;
use xuncha_domain::tip::{self};
use xuncha_store::{NewTip, Tip};

use crate::inputs::{self, NewTipInput, ReplyInput, TipLinkInput, TriageInput};
use crate::views::{TipRecord, TipperRecord};
use crate::{App, AppError, AppResult, By, Write, check_version, json, visible_inspection};

/// A tip as the team sees it: no tipper identity, only whether one was given.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TipView {
    #[serde(flatten)]
    pub tip: TipRecord,
    /// Its number in the inspection's inbox (1 for the first registered).
    pub number: i64,
    pub anonymous: bool,
    pub problem_ids: Vec<ProblemId>,
}

impl App {
    pub async fn register_tip(
        &self,
        actor: &Actor,
        inspection_id: InspectionId,
        input: &NewTipInput,
    ) -> AppResult<TipView> {
        let channel = input.channel;
        if channel == xuncha_domain::tip::TipChannel::Comment {
            return Err(AppError::invalid("channel", "群众评价转办的举报由巡察办在“群众评价”中转入,不能直接登记"));
        }
        let received_on = inputs::date("received_on", "收到日期", &input.received_on)?;
        tip::validate_tip(&input.content)?;
        let anonymous =
            input.anonymous || (input.tipper_name.trim().is_empty() && input.tipper_contact.trim().is_empty());
        let mut tx = self.write(By::User(actor)).await?;
        let (_, scope) = visible_inspection(&mut tx.conn(), actor, inspection_id).await?;
        tx.require_hidden(Capability::ManageTips(&scope))?;
        let id = tx
            .conn()
            .insert_tip(&NewTip {
                inspection_id,
                channel,
                content: input.content.trim(),
                received_on,
                receipt_hash: None,
            })
            .await?;
        let (name, contact) =
            if anonymous { ("", "") } else { (input.tipper_name.trim(), input.tipper_contact.trim()) };
        tx.conn().insert_tipper(id, anonymous, name, contact).await?;
        // The audit trail records that a tip came in, never who sent it or what it says: only
        // keyed digests that later prove both unchanged.
        let tipper = xuncha_store::Tipper { tip_id: id, anonymous, name: name.into(), contact: contact.into() };
        tx.record(
            Action::TipRegister,
            id,
            &format!("登记信访举报(来源:{})", channel.label()),
            "{}",
            &self.tip_image(input.content.trim(), &tipper),
        )
        .await?;
        let tip = tx.conn().get_tip(id).await?.ok_or(AppError::NotFound)?;
        let number = tx.conn().tip_number(&tip).await?;
        tx.commit().await?;
        Ok(TipView { tip: tip.into(), number, anonymous, problem_ids: Vec::new() })
    }

    pub async fn list_tips(&self, actor: &Actor, inspection_id: InspectionId) -> AppResult<Vec<TipView>> {
        let mut tx = self.write(By::User(actor)).await?;
        let (_, scope) = visible_inspection(&mut tx.conn(), actor, inspection_id).await?;
        tx.require_visible(Capability::ReadTips(&scope))?;
        let mut out = Vec::new();
        for (tip, number) in tx.conn().list_tips(inspection_id).await?.into_iter().zip(1..) {
            out.push(self.tip_view(&mut tx, tip, number).await?);
        }
        tx.record(Action::TipList, inspection_id, &format!("查阅举报列表({}件)", out.len()), "{}", "{}").await?;
        tx.commit().await?;
        Ok(out)
    }

    pub async fn get_tip(&self, actor: &Actor, id: TipId) -> AppResult<TipView> {
        let mut tx = self.write(By::User(actor)).await?;
        let tip = tx.conn().get_tip(id).await?.ok_or(AppError::NotFound)?;
        let (_, scope) = visible_inspection(&mut tx.conn(), actor, tip.inspection_id).await?;
        tx.require_visible(Capability::ReadTips(&scope))?;
        let number = tx.conn().tip_number(&tip).await?;
        let view = self.tip_view(&mut tx, tip, number).await?;
        tx.record(Action::TipRead, id, "查阅举报", "{}", "{}").await?;
        tx.commit().await?;
        Ok(view)
    }

    async fn tip_view(&self, tx: &mut Write<'_>, tip: Tip, number: i64) -> AppResult<TipView> {
        let anonymous = tx.conn().get_tipper(tip.id).await?.is_none_or(|t| t.anonymous);
        let problem_ids = tx.conn().tip_problems(tip.id).await?;
        Ok(TipView { tip: tip.into(), number, anonymous, problem_ids })
    }

    /// The problems of its inspection a tip led to, as a whole set (a wrong link is corrected by
    /// leaving it out). Only an accepted tip leads to problems.
    pub async fn link_tip(&self, actor: &Actor, id: TipId, input: &TipLinkInput) -> AppResult<TipView> {
        let mut tx = self.write(By::User(actor)).await?;
        let tip = tx.conn().get_tip(id).await?.ok_or(AppError::NotFound)?;
        let (_, scope) = visible_inspection(&mut tx.conn(), actor, tip.inspection_id).await?;
        tx.require_hidden(Capability::ManageTips(&scope))?;
        check_version(input.version, tip.version)?;
        tip::check_link(tip.status, !input.problem_ids.is_empty())?;
        let mut ids = input.problem_ids.clone();
        ids.sort();
        ids.dedup();
        let numbers = self.problems_of_tip(&mut tx, tip.inspection_id, &ids).await?;
        let before = tx.conn().tip_problems(id).await?;
        tx.conn().set_tip_problems(id, &ids).await?;
        tx.conn().touch_tip(id, input.version).await?;
        let summary = if numbers.is_empty() {
            "取消举报与问题的关联".to_string()
        } else {
            format!("举报关联问题{}", numbers.iter().map(|n| n.to_string()).collect::<Vec<_>>().join("、"))
        };
        tx.record(Action::TipLink, id, &summary, &json(&before), &json(&ids)).await?;
        let after = tx.conn().get_tip(id).await?.ok_or(AppError::NotFound)?;
        let number = tx.conn().tip_number(&after).await?;
        let view = self.tip_view(&mut tx, after, number).await?;
        tx.commit().await?;
        Ok(view)
    }

    /// The numbers of the named problems, each checked to belong to the tip's inspection.
    async fn problems_of_tip(
        &self,
        tx: &mut Write<'_>,
        inspection_id: InspectionId,
        ids: &[ProblemId],
    ) -> AppResult<Vec<i64>> {
        // Bounded before any is looked up: a list longer than any inspection's findings is not
        // a list of them.
        if ids.len() > MAX_LINKED_PROBLEMS {
            return Err(AppError::invalid("problem_ids", format!("一件举报最多关联{MAX_LINKED_PROBLEMS}个问题")));
        }
        let mut numbers = Vec::new();
        for pid in ids {
            let p = tx.conn().get_problem(*pid).await?.filter(|p| p.inspection_id == inspection_id);
            let p = p.ok_or_else(|| AppError::invalid("problem_ids", format!("问题{pid}不属于本次巡察")))?;
            numbers.push(p.number);
        }
        Ok(numbers)
    }

    /// The tips a problem came from, by their inbox numbers; only for those who read the tips
    /// (to anyone else the list does not exist).
    pub async fn problem_tips(&self, actor: &Actor, problem_id: ProblemId) -> AppResult<Vec<(TipId, i64)>> {
        let mut h = self.store.read().await?;
        let problem = h.conn().get_problem(problem_id).await?.ok_or(AppError::NotFound)?;
        let (_, scope) = visible_inspection(&mut h.conn(), actor, problem.inspection_id).await?;
        crate::require_visible(actor, Capability::ReadTips(&scope))?;
        Ok(h.conn().problem_tips(problem_id).await?)
    }

    /// Reveals the tipper (team leader or office only), and records that it was revealed.
    pub async fn unseal_tipper(&self, actor: &Actor, id: TipId) -> AppResult<TipperRecord> {
        let mut tx = self.write(By::User(actor)).await?;
        let tip = tx.conn().get_tip(id).await?.ok_or(AppError::NotFound)?;
        let (_, scope) = visible_inspection(&mut tx.conn(), actor, tip.inspection_id).await?;
        tx.require_visible(Capability::ReadTips(&scope))?;
        tx.require(Capability::UnsealTipper(&scope))?;
        let tipper = tx.conn().get_tipper(id).await?.ok_or(AppError::NotFound)?;
        tx.record(Action::TipUnseal, id, "查看举报人身份信息", "{}", "{}").await?;
        tx.commit().await?;
        Ok(tipper.into())
    }

    pub async fn triage_tip(&self, actor: &Actor, id: TipId, input: &TriageInput) -> AppResult<TipView> {
        let to = input.status;
        let mut tx = self.write(By::User(actor)).await?;
        let tip = tx.conn().get_tip(id).await?.ok_or(AppError::NotFound)?;
        let (_, scope) = visible_inspection(&mut tx.conn(), actor, tip.inspection_id).await?;
        tx.require_hidden(Capability::ManageTips(&scope))?;
        check_version(input.version, tip.version)?;
        tip::check_triage(tip.status, to, &input.forwarded_to, &input.reason)?;
        tip::check_link(to, !input.problem_ids.is_empty())?;
        let mut ids = input.problem_ids.clone();
        ids.sort();
        ids.dedup();
        self.problems_of_tip(&mut tx, tip.inspection_id, &ids).await?;
        tx.conn().set_tip_problems(id, &ids).await?;
        tx.conn().triage_tip(id, input.version, to, input.forwarded_to.trim(), input.reason.trim()).await?;
        let after = tx.conn().get_tip(id).await?.ok_or(AppError::NotFound)?;
        tx.record(Action::TipTriage, id, &format!("举报处理:{}", to.label()), &status_json(&tip), &status_json(&after))
            .await?;
        let number = tx.conn().tip_number(&after).await?;
        let view = self.tip_view(&mut tx, after, number).await?;
        tx.commit().await?;
        Ok(view)
    }

    pub async fn reply_tip(&self, actor: &Actor, id: TipId, input: &ReplyInput) -> AppResult<TipView> {
        let mut tx = self.write(By::User(actor)).await?;
        let tip = tx.conn().get_tip(id).await?.ok_or(AppError::NotFound)?;
        let (_, scope) = visible_inspection(&mut tx.conn(), actor, tip.inspection_id).await?;
        tx.require_hidden(Capability::ManageTips(&scope))?;
        check_version(input.version, tip.version)?;
        tip::check_reply(tip.status, &input.reply)?;
        tx.conn().reply_tip(id, input.version, input.reply.trim()).await?;
        let after = tx.conn().get_tip(id).await?.ok_or(AppError::NotFound)?;
        tx.record(Action::TipReply, id, "答复举报", "{}", "{}").await?;
        let number = tx.conn().tip_number(&after).await?;
        let view = self.tip_view(&mut tx, after, number).await?;
        tx.commit().await?;
        Ok(view)
    }
}

const MAX_LINKED_PROBLEMS: usize = 100;

/// The triage state of a tip, for the audit trail (no content, no tipper).
fn status_json(t: &Tip) -> String {
    json(&serde_json::json!({ "status": t.status, "forwarded_to": t.forwarded_to, "version": t.version }))
}
