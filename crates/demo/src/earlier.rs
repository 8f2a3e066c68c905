//! The earlier round: 南高崖村 inspected in 2021 by the second team, every problem closed — what
//! the 2023 look-back compares against.

use time::macros::date;
use xuncha_app::AppResult;
use xuncha_app::inputs::{MemberInput, NewInspectionInput, NewRoundInput, NewTeamInput};
use xuncha_domain::inspection::{Body, InspectionKind};
use xuncha_domain::role::TeamPosition;

use crate::build::{Deadline, Promise, approve_plan, close_with_evidence, day, feedback, signed_problems, write_plan};
use crate::calendar::Thread;
use crate::cast::County;

pub async fn round_2021(c: &County<'_>, t: &Thread<'_>) -> AppResult<()> {
    let (app, office) = (c.app, &c.office);
    t.on(date!(2021 - 08 - 30)).await;
    let round = NewRoundInput {
        name: "2021年第二轮巡察".into(),
        start_date: day(date!(2021 - 09 - 06)),
        end_date: day(date!(2021 - 11 - 26)),
    };
    let round = app.create_round(office, &round).await?;
    let team = app.create_team(office, round.id, &NewTeamInput { name: "第二巡察组".into() }).await?;
    for (pi, pos) in TeamPosition::ALL.iter().enumerate() {
        let member = MemberInput { user_id: c.team_users[1][pi].user_id, position: *pos };
        app.add_member(office, team.id, &member).await?;
    }
    let inspection = NewInspectionInput {
        team_id: team.id,
        target_org_id: c.nangaoya.id,
        kind: InspectionKind::Village,
        entry_date: day(date!(2021 - 09 - 13)),
        exit_date: day(date!(2021 - 10 - 15)),
        announcement: String::new(),
    };
    let old = app.create_inspection(office, round.id, &inspection).await?;
    let team2 =
        [c.now(&c.team_users[1][0]).await?, c.now(&c.team_users[1][1]).await?, c.now(&c.team_users[1][2]).await?];
    let problems = [
        ("村集体土地承包费收缴不及时,2020年度欠缴承包费4.2万元", c.aspect(3)),
        ("“三会一课”制度落实不到位,2021年上半年仅召开支部党员大会1次", c.aspect(5)),
        ("村务公开不及时,财务收支未按季度公开", c.aspect(3)),
    ];
    t.on(date!(2021 - 10 - 10)).await;
    let ps = signed_problems(app, &team2, old.id, &problems, date!(2021 - 10 - 10)).await?;
    t.on(date!(2021 - 11 - 05)).await;
    let both = [Body::Discipline, Body::Organisation];
    let old = feedback(app, &team2[0], old.id, date!(2021 - 11 - 05), &both, "白玉堂").await?;
    let secretary = c.now(&c.ngy_secretary).await?;
    let measures = [
        ("对欠缴承包费逐户催缴,2021年12月底前全部收缴入账", "村委会主任 李保全", "收缴入账凭证、催缴台账"),
        (
            "制定支部“三会一课”年度计划,每月固定主题党日,会议记录按月报乡党委审核",
            "支部书记 白玉堂",
            "年度计划、会议记录、乡党委审核意见",
        ),
        ("建立村务公开栏,每季度首月10日前公开上季度财务收支", "村会计 张翠兰", "公开栏照片、公开记录"),
    ];
    let deadline = Deadline::By(date!(2021 - 12 - 31));
    let promises = measures.into_iter().enumerate();
    let promises =
        promises.map(|(i, (content, person, standard))| (i, Promise { content, person, deadline, standard }));
    t.on(date!(2021 - 11 - 15)).await;
    let added = write_plan(app, &secretary, &ps, promises.collect()).await?;
    t.on(date!(2021 - 11 - 25)).await;
    approve_plan(app, &secretary, office, old.id).await?;
    t.on(date!(2021 - 12 - 20)).await;
    for m in &added {
        close_with_evidence(app, &secretary, office, m, "整改完成情况说明.pdf", date!(2021 - 12 - 20)).await?;
    }
    Ok(())
}
