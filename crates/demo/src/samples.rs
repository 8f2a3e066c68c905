//! Two sample units of the second team: papers drafted and signed, feedback not yet given (one
//! paper still a draft, found in the documents).

use time::macros::date;
use xuncha_app::AppResult;
use xuncha_app::inputs::ProblemInput;
use xuncha_domain::problem::ProblemSource;

use crate::build::{day, signed_problems};
use crate::calendar::Thread;
use crate::cast::County;
use crate::first_round::FirstRound;

pub async fn story(c: &County<'_>, r: &FirstRound, t: &Thread<'_>) -> AppResult<()> {
    t.on(date!(2023 - 06 - 10)).await;
    let team = &r.teams[1];
    let problems = [("统计数据质量管控不严,个别专业统计台账不完整", c.aspect(1))];
    signed_problems(c.app, team, r.units[4].id, &problems, date!(2023 - 06 - 10)).await?;
    t.on(date!(2023 - 06 - 12)).await;
    let draft = ProblemInput {
        version: None,
        source: ProblemSource::Documents,
        aspect_id: c.aspect(3),
        summary: "医保基金监管存在薄弱环节,定点机构日常检查覆盖不足".into(),
        detail: String::new(),
        evidence_list: "2022年检查台账".into(),
        found_on: Some(day(date!(2023 - 06 - 12))),
        typical_code: None,
    };
    c.app.draft_problem(&team[2], r.units[5].id, &draft).await?;
    Ok(())
}
