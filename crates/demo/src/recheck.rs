//! 随机抽查: in November the office draws every closed measure of the round (three by then) for
//! a check on site, cross-checked: each goes to the team after the one that inspected it.
//! 第一巡察组 finds that 谷前堡镇's "revised" village finance rules were closed on the 2019
//! version and that the villages still pay out solar income without approval: 不属实, the measure
//! is reopened as 虚假整改. The other two are confirmed.

use time::macros::date;
use xuncha_app::inputs::EvidenceUpload;
use xuncha_app::rechecks::{RecheckDrawInput, RecheckItemRecord, RecheckResultInput};
use xuncha_app::{AppError, AppResult};
use xuncha_domain::recheck::RecheckVerdict;

use crate::calendar::Thread;
use crate::cast::County;
use crate::first_round::FirstRound;

pub async fn story(c: &County<'_>, r: &FirstRound, t: &Thread<'_>) -> AppResult<()> {
    let app = c.app;
    t.on(date!(2023 - 11 - 01)).await;
    let ask = RecheckDrawInput {
        count: None,
        share: Some(100),
        stratify: true,
        weight_signals: true,
        due_on: "2023-11-20".into(),
        team_id: None,
        note: "对2023年第一轮巡察已销号整改措施开展交叉反向核查".into(),
    };
    let draw = app.draw_rechecks(&c.office, r.gqb.round_id, &ask).await?;
    let finances = draw
        .items
        .iter()
        .find(|i| i.inspection_id == r.gqb.id && i.measure_content.contains("财务管理办法"))
        .ok_or(AppError::NotFound)?;
    // The member of the team sent (the round's teams in order: r.teams[k] is 第k+1巡察组).
    let member_of = |item: &RecheckItemRecord| {
        let k = crate::cast::TEAM_NAMES.iter().position(|n| *n == item.team_name);
        k.map(|k| &r.teams[k][2]).ok_or(AppError::NotFound)
    };

    // The other two are found done as reported.
    t.on(date!(2023 - 11 - 06)).await;
    for other in draw.items.iter().filter(|i| i.id != finances.id) {
        check(
            c,
            member_of(other)?,
            other,
            "现场核查记录(属实).pdf",
            RecheckVerdict::Confirmed,
            "到单位查阅会议记录、签到表和佐证原件,与销号材料一致,整改属实。",
        )
        .await?;
    }

    // 第一巡察组 goes to 谷前堡镇 and three villages.
    t.on(date!(2023 - 11 - 07)).await;
    check(
        c,
        member_of(finances)?,
        finances,
        "谷前堡镇村级财务核查记录.pdf",
        RecheckVerdict::Overturned,
        "销号所附《村级财务管理办法》为2019年版,反馈后的修订稿10月8日才印发,且未明确光伏收益收支审批程序;\
         抽查北村、东村、西堡村,光伏收益仍由村委会直接支出,未经“两审一签”。整改不属实。",
    )
    .await?;
    Ok(())
}

async fn check(
    c: &County<'_>,
    who: &xuncha_domain::access::Actor,
    item: &RecheckItemRecord,
    file: &str,
    verdict: RecheckVerdict,
    notes: &str,
) -> AppResult<()> {
    let app = c.app;
    let who = c.now(who).await?;
    let upload = EvidenceUpload {
        file_name: file.into(),
        content_type: "application/pdf".into(),
        data: format!("%PDF-1.4\n% 演示核查材料:{file}\n").into_bytes(),
        description: String::new(),
        document_date: None,
    };
    app.upload_recheck_evidence(&who, item.id, upload).await?;
    let version = app.recheck_item(&who, item.id).await?.item.version;
    app.record_recheck_result(&who, item.id, &RecheckResultInput { version, verdict, notes: notes.into() }).await?;
    Ok(())
}
