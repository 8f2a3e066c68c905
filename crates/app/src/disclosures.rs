//! Disclosure of rectification progress: drafted and decided by the office.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use xuncha_domain::access::{Actor, Capability};
use xuncha_domain::action::Action;
use xuncha_domain::disclosure::{self, Tally, WithholdGround};
use xuncha_domain::id::*;
use xuncha_domain::problem::ProblemStatus;
use xuncha_store::Conn;

use crate::views::{self, DisclosureRecord};
use crate::{App, AppError, AppResult, By, check_version, json, require_visible, visible_inspection};

#[derive(Debug, Deserialize, JsonSchema)]
pub struct DisclosureInput {
    pub title: String,
    pub public_text: String,
    #[serde(default)]
    pub internal_text: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct WithholdInput {
    pub version: i64,
    pub ground: WithholdGround,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct DisclosureList {
    pub disclosures: Vec<DisclosureRecord>,
    /// The tally as it stands now (what publishing would show).
    pub current: Tally,
    /// Who drafted and who decided, by name and post.
    pub people: crate::audit::People,
}

/// The fed-back problems of an inspection, tallied by how far their measures have gone.
async fn tally(conn: &mut Conn<'_>, inspection_id: InspectionId) -> AppResult<Tally> {
    let problems = conn.list_problems(inspection_id).await?;
    let measures = conn.inspection_measures(inspection_id).await?;
    let mut t = Tally::default();
    for p in problems.iter().filter(|p| matches!(p.status, ProblemStatus::FedBack | ProblemStatus::Closed)) {
        let statuses: Vec<_> = measures.iter().filter(|m| m.problem_id == p.id).map(|m| m.status).collect();
        t.add_problem(p.status == ProblemStatus::Closed, &statuses);
    }
    Ok(t)
}

impl App {
    pub async fn list_disclosures(&self, actor: &Actor, inspection_id: InspectionId) -> AppResult<DisclosureList> {
        let mut h = self.store.read().await?;
        let (_, scope) = visible_inspection(&mut h.conn(), actor, inspection_id).await?;
        require_visible(actor, Capability::ReadDisclosures(&scope))?;
        let disclosures = h.conn().list_disclosures(inspection_id).await?;
        let ids = disclosures.iter().flat_map(|d| [Some(d.drafted_by), d.decided_by]).flatten().collect();
        let people = crate::audit::people(&mut h.conn(), ids).await?;
        Ok(DisclosureList {
            disclosures: views::all(disclosures),
            current: tally(&mut h.conn(), inspection_id).await?,
            people,
        })
    }

    pub async fn draft_disclosure(
        &self,
        actor: &Actor,
        inspection_id: InspectionId,
        input: &DisclosureInput,
    ) -> AppResult<DisclosureRecord> {
        let mut tx = self.write(By::User(actor)).await?;
        let (insp, scope) = visible_inspection(&mut tx.conn(), actor, inspection_id).await?;
        tx.require(Capability::Disclose(&scope))?;
        disclosure::validate_draft(&input.title, &input.public_text)?;
        if insp.feedback_date.is_none() {
            return Err(AppError::State("反馈之前没有可公开的整改进展".into()));
        }
        let id = tx
            .conn()
            .insert_disclosure(
                inspection_id,
                input.title.trim(),
                input.public_text.trim(),
                input.internal_text.trim(),
                actor.user_id,
            )
            .await?;
        let d = tx.conn().get_disclosure(id).await?.ok_or(AppError::NotFound)?;
        tx.record(Action::DisclosureDraft, id, &format!("起草公开稿《{}》", d.title), "{}", &json(&d)).await?;
        tx.commit().await?;
        Ok(d.into())
    }

    /// Approves and publishes, fixing the tally as it stands today.
    pub async fn publish_disclosure(
        &self,
        actor: &Actor,
        id: DisclosureId,
        version: i64,
    ) -> AppResult<DisclosureRecord> {
        let mut tx = self.write(By::User(actor)).await?;
        let before = tx.conn().get_disclosure(id).await?.ok_or(AppError::NotFound)?;
        let (_, scope) = visible_inspection(&mut tx.conn(), actor, before.inspection_id).await?;
        tx.require(Capability::Disclose(&scope))?;
        check_version(version, before.version)?;
        disclosure::check_decision(before.status)?;
        self.four_eyes(&mut tx, actor, &before).await?;
        let t = tally(&mut tx.conn(), before.inspection_id).await?;
        tx.conn().publish_disclosure(id, version, t, self.today(), actor.user_id).await?;
        let after = tx.conn().get_disclosure(id).await?.ok_or(AppError::NotFound)?;
        let summary =
            format!("审批公开《{}》:已完成{},基本完成{},未完成{}", after.title, t.done, t.largely_done, t.not_done);
        tx.record(Action::DisclosurePublish, id, &summary, &json(&before), &json(&after)).await?;
        tx.commit().await?;
        Ok(after.into())
    }

    /// The drafter decides only where the office has no one else: no other active office
    /// account works under the committee whose inspection it is (one without a committee:
    /// accounts without one).
    async fn four_eyes(&self, tx: &mut crate::Write<'_>, actor: &Actor, d: &xuncha_store::Disclosure) -> AppResult<()> {
        if d.drafted_by != actor.user_id {
            return Ok(());
        }
        let insp = tx.conn().get_inspection(d.inspection_id).await?.ok_or(AppError::NotFound)?;
        let mut others = 0;
        for (_, org) in tx.conn().other_office_accounts(actor.user_id).await? {
            let committee = match org {
                Some(org) => tx.conn().jurisdiction_of(org).await?.filter(|(_, above)| !above).map(|(c, _)| c),
                None => None,
            };
            if committee == insp.committee_id {
                others += 1;
            }
        }
        Ok(disclosure::check_four_eyes(true, others)?)
    }

    /// Keeps a disclosure from the public, only on a recorded ground.
    pub async fn withhold_disclosure(
        &self,
        actor: &Actor,
        id: DisclosureId,
        input: &WithholdInput,
    ) -> AppResult<DisclosureRecord> {
        let mut tx = self.write(By::User(actor)).await?;
        let before = tx.conn().get_disclosure(id).await?.ok_or(AppError::NotFound)?;
        let (_, scope) = visible_inspection(&mut tx.conn(), actor, before.inspection_id).await?;
        tx.require(Capability::Disclose(&scope))?;
        let ground = input.ground;
        disclosure::check_withhold(&input.note)?;
        check_version(input.version, before.version)?;
        disclosure::check_decision(before.status)?;
        self.four_eyes(&mut tx, actor, &before).await?;
        tx.conn().withhold_disclosure(id, input.version, ground, input.note.trim(), actor.user_id).await?;
        let after = tx.conn().get_disclosure(id).await?.ok_or(AppError::NotFound)?;
        tx.record(
            Action::DisclosureWithhold,
            id,
            &format!("不予公开:{}", ground.label()),
            &json(&before),
            &json(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(after.into())
    }
}
