//! Transfers of leads and issues to receiving bodies, and their outcomes.

use schemars::JsonSchema;
use std::collections::HashMap;

use serde::Serialize;
use xuncha_domain::access::{Actor, Capability, allowed};
use xuncha_domain::action::Action;
use xuncha_domain::deadline::Light;
use xuncha_domain::id::*;
use xuncha_domain::inspection::Body;
use xuncha_domain::transfer::{self};
use xuncha_store::{Inspection, NewTransfer, Transfer};

use crate::inputs::{self, NewTransferInput, OutcomeInput, TransferProgressInput};
use crate::views::TransferRecord;
use crate::{App, AppError, AppResult, By, check_version, json, require_visible, visible_inspection};

/// A transfer with its light (outcome due date against today).
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct TransferView {
    #[serde(flatten)]
    pub transfer: TransferRecord,
    pub light: Light,
    /// The organisation inspected and the team that transferred: a receiving body's inbox
    /// holds many counties' rounds.
    pub target_name: String,
    pub team_name: String,
    /// The fed-back problem it came from ("问题3:…"), if it names one.
    pub problem: Option<String>,
    /// The body's interim reports before its outcome, oldest first.
    pub updates: Vec<TransferUpdateView>,
}

/// An interim report as read: what stood, the due date it replaced, and who reported.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct TransferUpdateView {
    pub outcome_kind: Option<xuncha_domain::transfer::OutcomeKind>,
    pub note: String,
    #[serde(with = "xuncha_store::date_fmt")]
    #[schemars(with = "xuncha_domain::schema::DateText")]
    pub reported_on: time::Date,
    #[serde(with = "xuncha_store::date_fmt")]
    #[schemars(with = "xuncha_domain::schema::DateText")]
    pub previous_due: time::Date,
    #[serde(with = "xuncha_store::date_fmt")]
    #[schemars(with = "xuncha_domain::schema::DateText")]
    pub next_due: time::Date,
    /// Who reported, by name and post.
    pub reported_by: String,
    /// Made after the due date it replaced (by when it was recorded, not the date written on
    /// it): the body was late, and the trail keeps saying so.
    pub late: bool,
}

impl App {
    /// The view of a transfer; `seen` keeps the inspections already read for a list (an
    /// inspection's transfers all name the same one).
    async fn transfer_view(
        &self,
        conn: &mut xuncha_store::Conn<'_>,
        transfer: Transfer,
        seen: &mut HashMap<InspectionId, Inspection>,
    ) -> AppResult<TransferView> {
        let light = self.policy.light(Some(transfer.due_date), self.today(), transfer.outcome_on.is_some());
        let insp = match seen.get(&transfer.inspection_id) {
            Some(insp) => insp.clone(),
            None => {
                let insp = conn.get_inspection(transfer.inspection_id).await?.ok_or(AppError::NotFound)?;
                seen.insert(insp.id, insp.clone());
                insp
            }
        };
        // Only a fed-back finding is named: a work paper is the inspecting side's.
        let problem = match transfer.problem_id {
            Some(pid) => conn.get_problem(pid).await?.filter(|p| {
                matches!(
                    p.status,
                    xuncha_domain::problem::ProblemStatus::FedBack | xuncha_domain::problem::ProblemStatus::Closed
                )
            }),
            None => None,
        };
        let rows = conn.transfer_updates(transfer.id).await?;
        let names = crate::audit::people(conn, rows.iter().map(|u| u.recorded_by).collect()).await?;
        let updates = rows
            .into_iter()
            .map(|u| TransferUpdateView {
                late: u.recorded_at.to_offset(xuncha_store::CHINA).date() > u.previous_due,
                reported_by: names.of(&u.recorded_by).to_string(),
                outcome_kind: u.outcome_kind,
                note: u.note,
                reported_on: u.reported_on,
                previous_due: u.previous_due,
                next_due: u.next_due,
            })
            .collect();
        Ok(TransferView {
            updates,
            light,
            target_name: insp.target_name,
            team_name: insp.team_name,
            problem: problem.map(|p| format!("问题{}:{}", p.number, p.summary)),
            transfer: transfer.into(),
        })
    }

    pub async fn create_transfer(
        &self,
        actor: &Actor,
        inspection_id: InspectionId,
        input: &NewTransferInput,
    ) -> AppResult<TransferView> {
        let kind = input.kind;
        let body = input.body;
        let on = inputs::date("transferred_on", "移交日期", &input.transferred_on)?;
        transfer::validate_transfer(&input.content)?;
        let body_name = match (body, input.body_name.trim()) {
            (Body::Other, "") => {
                return Err(AppError::invalid("body_name", "移交其他主管部门时须填写部门名称"));
            }
            (Body::Other, name) => name.to_string(),
            (b, _) => b.label().to_string(),
        };
        let mut tx = self.write(By::User(actor)).await?;
        let (_, scope) = visible_inspection(&mut tx.conn(), actor, inspection_id).await?;
        tx.require(Capability::CreateTransfer(&scope))?;
        if let Some(pid) = input.problem_id {
            let p = tx.conn().get_problem(pid).await?.filter(|p| p.inspection_id == inspection_id);
            p.ok_or_else(|| AppError::invalid("problem_id", "所关联的问题不属于本次巡察"))?;
        }
        let id = tx
            .conn()
            .insert_transfer(&NewTransfer {
                inspection_id,
                problem_id: input.problem_id,
                kind,
                body,
                body_name: &body_name,
                content: input.content.trim(),
                transferred_on: on,
                due_date: self.policy.transfer_due(on),
            })
            .await?;
        let t = tx.conn().get_transfer(id).await?.ok_or(AppError::NotFound)?;
        tx.record(Action::TransferCreate, id, &format!("向{body_name}移交{}", kind.label()), "{}", &json(&t)).await?;
        let view = self.transfer_view(&mut tx.conn(), t, &mut HashMap::new()).await?;
        tx.commit().await?;
        Ok(view)
    }

    /// Transfers of an inspection (office and team), or a supervisor's inbox (`inspection_id`
    /// `None`: everything addressed to their body).
    pub async fn list_transfers(
        &self,
        actor: &Actor,
        inspection_id: Option<InspectionId>,
    ) -> AppResult<Vec<TransferView>> {
        let mut h = self.store.read().await?;
        let list = match inspection_id {
            Some(id) => {
                let (_, scope) = visible_inspection(&mut h.conn(), actor, id).await?;
                let all = h.conn().list_transfers(id).await?;
                all.into_iter().filter(|t| allowed(actor, Capability::ReadTransfer(&scope, t.body))).collect()
            }
            None => {
                let mut all = Vec::new();
                for body in actor.transfer_inbox() {
                    all.extend(h.conn().transfers_to(body).await?);
                }
                all
            }
        };
        drop(h);
        // The inbox is read for every county at once; within a jurisdiction, its own only.
        let mine = if inspection_id.is_none() { self.jurisdiction_inspections(actor).await? } else { None };
        let list = list.into_iter().filter(|t| mine.as_ref().is_none_or(|ids| ids.contains(&t.inspection_id)));
        let mut h = self.store.read().await?;
        let (mut out, mut seen) = (Vec::new(), HashMap::new());
        for t in list {
            out.push(self.transfer_view(&mut h.conn(), t, &mut seen).await?);
        }
        Ok(out)
    }

    /// Loads a transfer the actor may read; supervisors reach it without seeing the inspection.
    async fn visible_transfer(
        &self,
        conn: &mut xuncha_store::Conn<'_>,
        actor: &Actor,
        id: TransferId,
    ) -> AppResult<(Transfer, xuncha_domain::access::Scope)> {
        let t = conn.get_transfer(id).await?.ok_or(AppError::NotFound)?;
        let insp = conn.get_inspection(t.inspection_id).await?.ok_or(AppError::NotFound)?;
        let scope = insp.scope();
        require_visible(actor, Capability::ReadTransfer(&scope, t.body))?;
        Ok((t, scope))
    }

    pub async fn get_transfer(&self, actor: &Actor, id: TransferId) -> AppResult<TransferView> {
        let mut h = self.store.read().await?;
        let (t, _) = self.visible_transfer(&mut h.conn(), actor, id).await?;
        self.transfer_view(&mut h.conn(), t, &mut HashMap::new()).await
    }

    /// The receiving body reports what it did ("件件有回音").
    pub async fn record_outcome(&self, actor: &Actor, id: TransferId, input: &OutcomeInput) -> AppResult<TransferView> {
        let kind = input.outcome_kind;
        let on = inputs::date("outcome_on", "办结日期", &input.outcome_on)?;
        let mut tx = self.write(By::User(actor)).await?;
        let (before, scope) = self.visible_transfer(&mut tx.conn(), actor, id).await?;
        tx.require(Capability::RecordOutcome(&scope, before.body))?;
        check_version(input.version, before.version)?;
        transfer::check_outcome(before.outcome_on.is_some(), &input.outcome)?;
        transfer::check_outcome_kind(before.body, kind)?;
        if on < before.transferred_on {
            return Err(AppError::invalid("outcome_on", "办结日期不能早于移交日期"));
        }
        tx.conn().record_outcome(id, input.version, kind, input.outcome.trim(), on, actor.user_id).await?;
        let after = tx.conn().get_transfer(id).await?.ok_or(AppError::NotFound)?;
        tx.record(
            Action::TransferOutcome,
            id,
            &format!("反馈办理结果:{}", kind.label()),
            &json(&before),
            &json(&after),
        )
        .await?;
        let view = self.transfer_view(&mut tx.conn(), after, &mut HashMap::new()).await?;
        tx.commit().await?;
        Ok(view)
    }

    /// The receiving body reports where a transfer stands before its outcome, and when it will
    /// report next: the transfer is due again on that date (the date replaced is kept).
    pub async fn report_transfer_progress(
        &self,
        actor: &Actor,
        id: TransferId,
        input: &TransferProgressInput,
    ) -> AppResult<TransferView> {
        let reported_on = inputs::date("reported_on", "报告日期", &input.reported_on)?;
        let next_due = inputs::date("next_due", "下次报告日期", &input.next_due)?;
        let mut tx = self.write(By::User(actor)).await?;
        let (before, scope) = self.visible_transfer(&mut tx.conn(), actor, id).await?;
        tx.require(Capability::RecordOutcome(&scope, before.body))?;
        check_version(input.version, before.version)?;
        let interim = transfer::Interim { kind: input.outcome_kind, note: input.note.trim(), reported_on, next_due };
        let last = tx.conn().transfer_updates(id).await?.last().map(|u| u.reported_on);
        let since = last.unwrap_or(before.transferred_on).max(before.transferred_on);
        transfer::check_update(before.body, before.outcome_on.is_some(), since, self.today(), interim)?;
        tx.conn()
            .insert_transfer_update(
                &before,
                input.outcome_kind,
                input.note.trim(),
                reported_on,
                next_due,
                actor.user_id,
            )
            .await?;
        let after = tx.conn().get_transfer(id).await?.ok_or(AppError::NotFound)?;
        let stage = input.outcome_kind.map(|k| format!("{}。", k.label())).unwrap_or_default();
        let summary = format!("报告办理进展:{stage}下次报告日期{next_due}(原{})", before.due_date);
        tx.record(Action::TransferUpdate, id, &summary, &json(&before), &json(&after)).await?;
        let view = self.transfer_view(&mut tx.conn(), after, &mut HashMap::new()).await?;
        tx.commit().await?;
        Ok(view)
    }
}
