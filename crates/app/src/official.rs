//! What the official documents (公文) of an inspection are made of: the feedback letter, the
//! rectification plan in its three lists, the rectification report and the disclosure text. The
//! data is gathered here under the same access rules as the pages; `xuncha_documents` lays it out.
//! No document holds a tip or a tipper: none of them reads the tip tables.

use crate::views::{AspectRecord, InspectionRecord, ProgressRecord};
use serde::Serialize;
use time::Date;
use xuncha_domain::access::{Actor, Capability};
use xuncha_domain::coded_enum;
use xuncha_domain::disclosure::DisclosureStatus;
use xuncha_domain::id::*;

use crate::plans::PlanView;
use crate::{App, AppError, AppResult, require_visible};

coded_enum!(
    /// The official documents of an inspection, in the order they are issued.
    DocumentKind {
        Feedback = "feedback" / "巡察反馈意见",
        Plan = "plan" / "整改方案",
        Report = "report" / "整改情况报告",
        Disclosure = "disclosure" / "整改进展情况通报",
    }
);

#[derive(Debug, Serialize)]
pub struct OfficialDocument {
    pub kind: DocumentKind,
    /// The party committee the inspection acts for ("中共天镇县委").
    pub committee: String,
    pub inspection: InspectionRecord,
    pub plan: PlanView,
    pub aspects: Vec<AspectRecord>,
    /// Progress reports of the inspection's measures, oldest first.
    pub progress: Vec<ProgressRecord>,
    /// For the disclosure text: the published one (or, for the office, the latest draft).
    pub disclosure: Option<crate::views::DisclosureRecord>,
    /// The day the plan is dated by: its approval, else its (latest) submission; none for a
    /// draft or a returned plan (dated the day it is printed, and marked so).
    pub plan_dated: Option<Date>,
    pub today: Date,
}

impl OfficialDocument {
    /// The latest progress reported on a measure.
    pub fn latest_progress(&self, measure_id: MeasureId) -> Option<&ProgressRecord> {
        self.progress.iter().rev().find(|p| p.measure_id == measure_id)
    }

    pub fn aspect_name(&self, id: Option<AspectId>) -> Option<&str> {
        id.and_then(|id| self.aspects.iter().find(|a| a.id == id)).map(|a| a.name.as_str())
    }
}

impl App {
    /// The data of one official document, for those who may read the plan (the disclosure text:
    /// for those who read disclosures). Before feedback there is no document to give.
    pub async fn official_document(
        &self,
        actor: &Actor,
        inspection_id: InspectionId,
        kind: DocumentKind,
    ) -> AppResult<OfficialDocument> {
        let inspection = self.inspection_in_reach(actor, inspection_id).await?;
        if inspection.feedback_date.is_none() {
            return Err(AppError::State("该巡察尚未反馈,还没有可下载的文书".into()));
        }
        let plan = self.get_plan(actor, inspection_id).await?;
        let disclosure = if kind == DocumentKind::Disclosure {
            let scope = inspection.scope();
            require_visible(actor, Capability::ReadDisclosures(&scope))?;
            let list = self.list_disclosures(actor, inspection_id).await?.disclosures;
            let drafts_too = xuncha_domain::access::allowed(actor, Capability::Disclose(&scope));
            let chosen = list.into_iter().rev().find(|d| {
                d.status == DisclosureStatus::Published || (drafts_too && d.status == DisclosureStatus::Draft)
            });
            Some(chosen.ok_or_else(|| AppError::State("该巡察还没有已公开或待审批的整改进展情况通报".into()))?)
        } else {
            None
        };
        let mut h = self.store.read().await?;
        let committee = committee_name(&mut h.conn(), &inspection).await?;
        let plan_dated = plan_dated(&mut h.conn(), &plan.plan).await?;
        let progress = h.conn().inspection_progress(inspection_id).await?;
        let aspects = h.conn().list_aspects().await?;
        Ok(OfficialDocument {
            kind,
            committee,
            inspection: inspection.into(),
            plan,
            aspects: crate::views::all(aspects),
            progress: crate::views::all(progress),
            disclosure,
            plan_dated,
            today: self.today(),
        })
    }
}

/// The party committee an inspection acts for, as its documents name it ("中共天镇县委"): the
/// county committee the inspection lies under, else the top of the target's organisation tree
/// (a city above the county does not sign a county's papers); "" when neither is known.
pub(crate) async fn committee_name(
    conn: &mut xuncha_store::Conn<'_>,
    inspection: &xuncha_store::Inspection,
) -> AppResult<String> {
    let orgs = conn.list_orgs().await?;
    let mut org = orgs.iter().find(|o| o.id == inspection.target_org_id);
    while let Some(parent) = org.and_then(|o| o.parent_id).and_then(|p| orgs.iter().find(|o| o.id == p)) {
        org = Some(parent);
    }
    let county = orgs.iter().find(|o| Some(o.id) == inspection.committee_id);
    Ok(county.or(org.filter(|o| o.id != inspection.target_org_id)).map(|o| o.name.clone()).unwrap_or_default())
}

/// The day a plan is dated by, in China time: the approval recorded in its trail, else its
/// latest submission (none while it is a draft or returned).
async fn plan_dated(conn: &mut xuncha_store::Conn<'_>, plan: &crate::views::PlanRecord) -> AppResult<Option<Date>> {
    use xuncha_domain::plan::PlanStatus;
    let china = |t: time::OffsetDateTime| t.to_offset(xuncha_store::CHINA).date();
    match plan.status {
        PlanStatus::Approved => {
            let events = conn.entity_events("plan", plan.id.get()).await?;
            let approval = events.iter().rev().find(|e| {
                e.action == xuncha_domain::action::Action::PlanReview.code()
                    && serde_json::from_str::<serde_json::Value>(&e.after)
                        .is_ok_and(|a| a["status"] == PlanStatus::Approved.code())
            });
            let at = approval
                .and_then(|e| time::OffsetDateTime::parse(&e.at, &time::format_description::well_known::Rfc3339).ok());
            Ok(at.map(china).or(plan.submitted_at.map(china)))
        }
        PlanStatus::Submitted => Ok(plan.submitted_at.map(china)),
        _ => Ok(None),
    }
}
