//! The office publishes the progress of 县工商联 and 谷前堡镇: the public sees the tally as of
//! the approval, never the internal notice.

use xuncha_app::AppResult;
use xuncha_app::disclosures::DisclosureInput;
use xuncha_domain::id::*;

use time::macros::date;

use crate::calendar::Thread;
use crate::cast::County;

pub async fn publish(c: &County<'_>, t: &Thread<'_>, inspections: &[(InspectionId, &str)]) -> AppResult<()> {
    t.on(date!(2023 - 10 - 25)).await;
    for (inspection_id, target) in inspections {
        let input = DisclosureInput {
            title: format!("{target}关于巡察整改进展情况的通报"),
            public_text: format!(
                "根据县委统一部署,县委巡察组对{target}开展了巡察并于2023年8月反馈了问题。{target}党组织认真落实整改主体责任,对反馈问题逐条制定整改措施,明确责任人和整改时限。现将整改进展情况予以公开,欢迎社会各界监督。"
            ),
            internal_text: "内部通报:整改进展与责任人名单见附件(不对外公开)。".into(),
        };
        let d = c.app.draft_disclosure(&c.office, *inspection_id, &input).await?;
        // Drafted by the 综合科, approved by the deputy director: never one person both.
        c.app.publish_disclosure(&c.office_deputy, d.id, d.version).await?;
    }
    Ok(())
}
