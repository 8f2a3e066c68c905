//! 卅里铺乡: a draft plan with a gap (a measure without a responsible person) and a measure
//! taken from 谷前堡镇's plan with the numbers changed — the copy the office's review flags.

use time::macros::date;
use xuncha_app::AppResult;
use xuncha_domain::inspection::Body;

use crate::build::{Deadline, Promise, feedback, signed_problems, write_plan};
use crate::calendar::Thread;
use crate::cast::County;
use crate::first_round::FirstRound;

pub async fn story(c: &County<'_>, r: &FirstRound, t: &Thread<'_>) -> AppResult<()> {
    t.on(date!(2023 - 06 - 25)).await;
    let app = c.app;
    let team = &r.teams[2];
    let problems = [
        ("基层党组织建设薄弱,3个村支部党员发展连续5年空白", c.aspect(6)),
        ("村级财务管理不规范,部分村光伏收益长期未入账", c.aspect(3)),
    ];
    let ps = signed_problems(app, team, r.slp.id, &problems, date!(2023 - 06 - 25)).await?;
    t.on(date!(2023 - 08 - 18)).await;
    feedback(app, &team[0], r.slp.id, date!(2023 - 08 - 18), &[Body::Organisation], "田志刚").await?;
    t.on(date!(2023 - 09 - 05)).await;
    let secretary = c.now(&c.slp_secretary).await?;
    write_plan(
        app,
        &secretary,
        &ps,
        vec![
            (
                0,
                Promise {
                    content: "对党员发展空白村逐村制定发展计划,年底前每村确定入党积极分子不少于2名",
                    person: "",
                    deadline: Deadline::By(date!(2023 - 12 - 31)),
                    standard: "发展计划、积极分子名单",
                },
            ),
            // Taken from 谷前堡镇's plan with the numbers changed: the copy the office's review flags.
            (
                1,
                Promise {
                    content: "对9个村2021年以来光伏收益逐村清查,11月底前全部纳入村集体账户统一核算",
                    person: "经管站站长 郝建国",
                    deadline: Deadline::By(date!(2023 - 11 - 30)),
                    standard: "清查台账、入账凭证",
                },
            ),
        ],
    )
    .await?;
    Ok(())
}
