//! The 2023 round from the article (27 April – 14 July): four teams, the county units, three
//! townships with their 39 village branches, two special inspections and a look-back.

use time::Date;
use time::macros::date;
use xuncha_app::AppResult;
use xuncha_app::inputs::{MemberInput, NewInspectionInput, NewRoundInput, NewTeamInput};
use xuncha_app::views::InspectionRecord;
use xuncha_domain::access::Actor;
use xuncha_domain::id::*;
use xuncha_domain::inspection::InspectionKind;
use xuncha_domain::role::TeamPosition;

use crate::build::day;
use crate::calendar::Thread;
use crate::cast::{County, TEAM_NAMES};

/// The round as the stories that follow need it.
pub struct FirstRound {
    /// Each team's leader, deputy and member, as members of this round's teams.
    pub teams: Vec<Vec<Actor>>,
    /// The county units' inspections, in the order of [`County::units`].
    pub units: Vec<InspectionRecord>,
    pub zxh: InspectionRecord,
    pub gqb: InspectionRecord,
    pub slp: InspectionRecord,
    pub lookback: InspectionRecord,
}

pub async fn plan(c: &County<'_>, t: &Thread<'_>) -> AppResult<FirstRound> {
    let (app, office) = (c.app, &c.office);
    t.on(date!(2023 - 04 - 21)).await;
    let round = NewRoundInput {
        name: "2023年第一轮巡察".into(),
        start_date: day(date!(2023 - 04 - 27)),
        end_date: day(date!(2023 - 07 - 14)),
    };
    let round = app.create_round(office, &round).await?;
    let mut teams = Vec::new();
    for (ti, name) in TEAM_NAMES.iter().enumerate() {
        let t = app.create_team(office, round.id, &NewTeamInput { name: (*name).into() }).await?;
        for (pi, pos) in TeamPosition::ALL.iter().enumerate() {
            let member = MemberInput { user_id: c.team_users[ti][pi].user_id, position: *pos };
            app.add_member(office, t.id, &member).await?;
        }
        teams.push(t);
    }
    let mut team_actors = Vec::new();
    for v in &c.team_users {
        let mut now = Vec::new();
        for a in v {
            now.push(c.now(a).await?);
        }
        team_actors.push(now);
    }
    let round_id = round.id;
    let inspect = |team: usize, target: OrgId, kind: InspectionKind, from: Date, to: Date| {
        let input = NewInspectionInput {
            team_id: teams[team].id,
            target_org_id: target,
            kind,
            entry_date: day(from),
            exit_date: day(to),
            announcement: String::new(),
        };
        async move { app.create_inspection(office, round_id, &input).await }
    };
    use InspectionKind::*;
    let mut units = Vec::new();
    for (i, u) in c.units.iter().enumerate() {
        units.push(inspect(i / 4, u.id, Regular, date!(2023 - 04 - 27), date!(2023 - 06 - 20)).await?);
    }
    let zxh = inspect(2, c.townships[0].id, Regular, date!(2023 - 04 - 27), date!(2023 - 06 - 30)).await?;
    let gqb = inspect(3, c.townships[1].id, Regular, date!(2023 - 04 - 27), date!(2023 - 06 - 30)).await?;
    let slp = inspect(2, c.townships[2].id, Regular, date!(2023 - 05 - 04), date!(2023 - 07 - 05)).await?;
    for (ti, vs) in [(2usize, &c.villages[0]), (3, &c.villages[1]), (2, &c.villages[2])] {
        for v in vs {
            inspect(ti, v.id, Village, date!(2023 - 05 - 15), date!(2023 - 06 - 20)).await?;
        }
    }
    // 袁才庄村 (谷前堡镇), the one village the article names.
    let yuancaizhuang = c.villages[1][1].id;
    inspect(2, yuancaizhuang, Special, date!(2023 - 06 - 01), date!(2023 - 06 - 30)).await?;
    inspect(2, c.xiajiatun.id, Special, date!(2023 - 06 - 01), date!(2023 - 06 - 30)).await?;
    let lookback = inspect(3, c.nangaoya.id, LookBack, date!(2023 - 06 - 05), date!(2023 - 06 - 30)).await?;
    Ok(FirstRound { teams: team_actors, units, zxh, gqb, slp, lookback })
}
