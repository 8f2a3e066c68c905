//! Two county units of the first team: 县审计局, whose plan is submitted and awaits review
//! (most measures fall to one section chief, and one only restates its problem — what the
//! office's review should notice), and 县工商联, approved with every measure closed.

use time::macros::date;
use xuncha_app::AppResult;
use xuncha_domain::inspection::Body;

use crate::build::{Deadline, Promise, approve_plan, close_with_evidence, feedback, signed_problems, write_plan};
use crate::calendar::Thread;
use crate::cast::County;
use crate::first_round::FirstRound;

/// 县审计局: a plan submitted, awaiting the office's review.
pub async fn audit_bureau(c: &County<'_>, r: &FirstRound, t: &Thread<'_>) -> AppResult<()> {
    t.on(date!(2023 - 06 - 05)).await;
    let app = c.app;
    let team = &r.teams[0];
    let problems = [
        ("清廉机关建设推进迟缓,局机关内控制度三年未修订", c.aspect(0)),
        ("对审计发现问题整改跟踪不到位,整改台账记录不全", c.aspect(8)),
    ];
    let ps = signed_problems(app, team, r.units[0].id, &problems, date!(2023 - 06 - 05)).await?;
    t.on(date!(2023 - 08 - 15)).await;
    let both = [Body::Discipline, Body::Organisation];
    let sjj = feedback(app, &team[0], r.units[0].id, date!(2023 - 08 - 15), &both, "董立华").await?;
    let secretary = c.now(&c.sjj_secretary).await?;
    let chief = "法规审理股股长 常宏";
    let mut promises = vec![
        (
            0,
            Promise {
                content: "10月底前修订局机关内控制度汇编,新增政府采购、公务接待等6项制度",
                person: "办公室主任 许静",
                deadline: Deadline::By(date!(2023 - 10 - 31)),
                standard: "修订后的内控制度汇编",
            },
        ),
        (
            1,
            Promise {
                content: "建立审计发现问题整改销号台账,每月更新并报局党组会审议",
                person: chief,
                deadline: Deadline::LongTerm {
                    by: date!(2023 - 12 - 31), milestone: "12月底前建立台账,此后每月更新"
                },
                standard: "整改销号台账、党组会纪要",
            },
        ),
    ];
    // Most of the rest falls to one section chief, and one measure only restates its problem:
    // what the office's review should notice (the signals on the plan page name both).
    for (content, by, standard) in [
        ("对2021年以来审计报告提出的43条整改建议逐条对账,11月底前形成对账清单", date!(2023 - 11 - 30), "对账清单"),
        ("对审计发现问题整改跟踪不到位、整改台账记录不全的问题进行整改", date!(2023 - 11 - 30), "整改台账"),
        ("对未按期整改的被审计单位下发督办函,12月底前完成回访", date!(2023 - 12 - 31), "督办函、回访记录"),
        ("每季度向局党组报告审计整改跟踪情况", date!(2023 - 12 - 31), "季度报告"),
    ] {
        promises.push((1, Promise { content, person: chief, deadline: Deadline::By(by), standard }));
    }
    promises.push((
        0,
        Promise {
            content: "12月底前完成局机关采购、报销等6类业务的廉政风险排查,形成风险清单",
            person: chief,
            deadline: Deadline::By(date!(2023 - 12 - 31)),
            standard: "风险清单",
        },
    ));
    t.on(date!(2023 - 08 - 30)).await;
    write_plan(app, &secretary, &ps, promises).await?;
    let plan = app.get_plan(&secretary, sjj.id).await?;
    app.submit_plan(&secretary, sjj.id, plan.plan.version).await?;
    Ok(())
}

/// 县工商联: plan approved and every measure closed (its progress is published, and the office
/// scores its rectification).
pub async fn federation(c: &County<'_>, r: &FirstRound, t: &Thread<'_>) -> AppResult<()> {
    t.on(date!(2023 - 06 - 05)).await;
    let app = c.app;
    let team = &r.teams[0];
    let problems = [("“三会一课”落实不到位,2022年支部党员大会仅召开2次", c.aspect(5))];
    let ps = signed_problems(app, team, r.units[1].id, &problems, date!(2023 - 06 - 05)).await?;
    t.on(date!(2023 - 08 - 16)).await;
    let gsl = feedback(app, &team[0], r.units[1].id, date!(2023 - 08 - 16), &[Body::Discipline], "范文清").await?;
    let secretary = c.now(&c.gsl_secretary).await?;
    let promise = Promise {
        content: "制定2023年支部“三会一课”计划,9月起每季度召开党员大会并报机关工委备案",
        person: "支部书记 范文清",
        deadline: Deadline::By(date!(2023 - 09 - 30)),
        standard: "年度计划、会议记录、备案回执",
    };
    t.on(date!(2023 - 08 - 25)).await;
    let measures = write_plan(app, &secretary, &ps, vec![(0, promise)]).await?;
    t.on(date!(2023 - 09 - 01)).await;
    approve_plan(app, &secretary, &c.office, gsl.id).await?;
    t.on(date!(2023 - 09 - 26)).await;
    close_with_evidence(app, &secretary, &c.office, &measures[0], "党员大会会议记录.pdf", date!(2023 - 09 - 26))
        .await?;
    Ok(())
}
