//! 张西河乡: a perfunctory plan ("加强学习,提高认识", "乡党委" as the responsible person),
//! returned by the office with written comments on each problem.

use time::macros::date;
use xuncha_app::AppResult;
use xuncha_app::escalations::EscalationInput;
use xuncha_app::inputs::{ProblemComment, ReviewInput};
use xuncha_domain::escalation::EscalationStep;
use xuncha_domain::inspection::Body;

use crate::build::{Deadline, Promise, feedback, signed_problems, write_plan};
use crate::calendar::Thread;
use crate::cast::County;
use crate::first_round::FirstRound;

pub async fn story(c: &County<'_>, r: &FirstRound, t: &Thread<'_>) -> AppResult<()> {
    let app = c.app;
    t.on(date!(2023 - 06 - 15)).await;
    let team = &r.teams[2];
    let problems = [
        ("落实县委重大决策部署不到位,乡村振兴项目推进缓慢", c.aspect(1)),
        ("作风建设不扎实,乡机关干部值班制度执行不严", c.aspect(4)),
    ];
    let ps = signed_problems(app, team, r.zxh.id, &problems, date!(2023 - 06 - 15)).await?;
    t.on(date!(2023 - 08 - 15)).await;
    let both = [Body::Discipline, Body::Organisation];
    let zxh = feedback(app, &team[0], r.zxh.id, date!(2023 - 08 - 15), &both, "武建平").await?;
    t.on(date!(2023 - 08 - 28)).await;
    let secretary = c.now(&c.zxh_secretary).await?;
    write_plan(
        app,
        &secretary,
        &ps,
        vec![
            (
                0,
                Promise {
                    content: "加强学习,提高认识。",
                    person: "全体班子成员",
                    deadline: Deadline::LongTerm { by: date!(2023 - 12 - 31), milestone: "长期坚持" },
                    standard: "提高认识",
                },
            ),
            (
                1,
                Promise {
                    content: "进一步提高政治站位,切实转变作风。",
                    person: "乡党委",
                    deadline: Deadline::By(date!(2023 - 09 - 30)),
                    standard: "作风明显好转",
                },
            ),
        ],
    )
    .await?;
    let plan = app.get_plan(&secretary, zxh.id).await?;
    let plan = app.submit_plan(&secretary, zxh.id, plan.plan.version).await?;
    t.on(date!(2023 - 09 - 08)).await;
    let review = ReviewInput {
        version: plan.version,
        approve: false,
        comments: "整改方案措施空泛、责任不明,不符合要求,请对照反馈问题逐条修改后于9月20日前重新报送。".into(),
        problem_comments: vec![
            ProblemComment {
                problem_id: ps[0].id,
                comment: "“加强学习,提高认识”不是整改措施:请写明对哪些项目、做什么、何时完成,责任人要具体到人。".into(),
            },
            ProblemComment {
                problem_id: ps[1].id,
                comment: "责任人不能写“乡党委”等集体,须明确到具体个人;完成标志“作风明显好转”无法检验,请写明可查验的成果或材料。".into(),
            },
        ],
    };
    app.review_plan(&c.office, zxh.id, &review).await?;
    t.on(date!(2023 - 10 - 09)).await;
    // The plan was not resubmitted: the office reminds, then sends a 督办函 (the ladder's first
    // two rungs), each recorded with who decided it.
    let remind = EscalationInput {
        step: EscalationStep::Reminder,
        reason: String::new(),
        reply_by: None,
        interview_at: None,
        interview_place: String::new(),
    };
    app.escalate(&c.office, zxh.id, &remind).await?;
    t.on(date!(2023 - 10 - 16)).await;
    let letter = EscalationInput {
        step: EscalationStep::Letter,
        reason: "整改方案经审核退回后,逾期未重新报送。".into(),
        reply_by: Some("2023-11-20".into()),
        interview_at: None,
        interview_place: String::new(),
    };
    app.escalate(&c.office, zxh.id, &letter).await?;
    Ok(())
}
