//! 南高崖村's look-back: a finding that rebounds the 2021 problem on village affairs disclosure,
//! confirmed by the office; the one on “三会一课” and one told in plain words (the orchard's
//! contract fee unpaid, which the 问题库 does not place but the concepts join to the 2021 arrears
//! as 集体资产资源 · 欠缴未收) are left for the office to decide.

use time::macros::date;
use xuncha_app::AppResult;
use xuncha_app::rebounds::ReboundDecisionInput;
use xuncha_domain::inspection::Body;

use crate::build::{feedback, signed_problems};
use crate::calendar::Thread;
use crate::cast::County;
use crate::first_round::FirstRound;

pub async fn story(c: &County<'_>, r: &FirstRound, t: &Thread<'_>) -> AppResult<()> {
    t.on(date!(2023 - 06 - 20)).await;
    let (app, office) = (c.app, &c.office);
    let problems = [
        ("村务公开再次不及时,2023年一、二季度财务收支未公开", c.aspect(7)),
        ("支部“三会一课”仍不规范,2023年上半年未召开支部党员大会", c.aspect(5)),
        ("村东头果园的承包户两年没交承包费,欠了3万多元,村委会只打过一次电话", c.aspect(3)),
    ];
    let ps = signed_problems(app, &r.teams[3], r.lookback.id, &problems, date!(2023 - 06 - 20)).await?;
    let candidates = app.rebound_candidates(office, ps[0].id).await?;
    if let Some(earlier) = candidates.iter().find(|c| c.earlier.summary.contains("村务公开")) {
        let p = app.get_problem(office, ps[0].id).await?.problem;
        let input = ReboundDecisionInput { version: p.version, earlier_id: earlier.earlier.id, confirm: true };
        app.decide_rebound(office, p.id, &input).await?;
    }
    let both = [Body::Discipline, Body::Organisation];
    t.on(date!(2023 - 08 - 20)).await;
    feedback(app, &r.teams[3][0], r.lookback.id, date!(2023 - 08 - 20), &both, "白玉堂").await?;
    Ok(())
}
