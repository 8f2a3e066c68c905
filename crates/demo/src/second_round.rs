//! The second round of 2023 is in the field on the demo's "today": 县农业农村局's tip window is
//! open on the public side.

use time::macros::date;
use xuncha_app::AppResult;
use xuncha_app::inputs::{AnnouncementInput, MemberInput, NewInspectionInput, NewRoundInput, NewTeamInput};
use xuncha_domain::inspection::InspectionKind;
use xuncha_domain::role::TeamPosition;

use crate::build::day;
use crate::calendar::Thread;
use crate::cast::County;

pub async fn open(c: &County<'_>, t: &Thread<'_>) -> AppResult<()> {
    let (app, office) = (c.app, &c.office);
    t.on(date!(2023 - 10 - 20)).await;
    let agri = c.add_unit("县农业农村局", true).await?;
    let round = NewRoundInput {
        name: "2023年第二轮巡察".into(),
        start_date: day(date!(2023 - 10 - 30)),
        end_date: day(date!(2023 - 12 - 29)),
    };
    let round = app.create_round(office, &round).await?;
    let team = app.create_team(office, round.id, &NewTeamInput { name: "第一巡察组".into() }).await?;
    for (pi, pos) in TeamPosition::ALL.iter().enumerate() {
        let member = MemberInput { user_id: c.team_users[0][pi].user_id, position: *pos };
        app.add_member(office, team.id, &member).await?;
    }
    let inspection = NewInspectionInput {
        team_id: team.id,
        target_org_id: agri.id,
        kind: InspectionKind::Regular,
        entry_date: day(date!(2023 - 10 - 30)),
        exit_date: day(date!(2023 - 12 - 15)),
        announcement: String::new(),
    };
    let inspection = app.create_inspection(office, round.id, &inspection).await?;
    crate::pool::story(c, t, team.id, &agri).await?;
    let leader = c.now(&c.team_users[0][0]).await?;
    t.on(date!(2023 - 10 - 27)).await;
    app.update_announcement(&leader, inspection.id, &AnnouncementInput {
        version: inspection.version,
        announcement: "根据县委统一部署,县委第一巡察组于2023年10月30日至12月15日对县农业农村局党组开展常规巡察。巡察期间主要受理反映县农业农村局党组领导班子及其成员、下一级党组织领导班子主要负责人问题的来信来电来访,重点是违反政治纪律、组织纪律、廉洁纪律、群众纪律、工作纪律和生活纪律等方面的问题。".into(),
        tip_phone: "0352-6xxxxx1(示例)".into(),
        tip_email: "xcz1@example.cn(示例)".into(),
        tip_post_box: "县农业农村局一楼大厅意见箱".into(),
        tip_address: "天镇县农业农村局三楼会议室(示例)".into(),
        tip_window_start: Some(day(date!(2023 - 10 - 30))),
        tip_window_end: Some(day(date!(2023 - 12 - 10))),
    })
    .await?;
    Ok(())
}
