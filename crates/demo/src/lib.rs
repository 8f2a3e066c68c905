//! Demo data from the seed article: 天镇县委's 2023 round (27 April – 14 July), four teams,
//! 8 county units, 3 townships with 39 village branches, two special inspections, a look-back of
//! 南高崖村 with an earlier round's closed problems, joint feedback with 纪委监委 and 组织部, and
//! plans in every state. Everything is created through the use cases, so the rules and the audit
//! trail apply to it as to real data. Names the article does not give are marked as sample data.
//!
//! One module per story; each can be changed alone. The acts are written with typed builders
//! (`build`): codes are enums and days are dates. Each act is taken on its own day of the story
//! (`calendar`): the stories of the 2023 round are told together, act by act in the order of
//! their days, so every record carries the day of its act and the audit trail runs forward in
//! time. The demo is then seen as of `DEMO_TODAY`.

mod build;
mod calendar;
mod cast;
mod earlier;
mod first_round;
mod guqianbao;
mod library;
mod lookback;
mod pool;
mod publication;
mod recheck;
mod samples;
mod sanshilipu;
mod second_round;
mod supervision;
mod units;
mod zhangxihe;

use time::macros::date;
use xuncha_app::StoryDay;
use xuncha_app::{App, AppResult, Clock};

use crate::calendar::Calendar;

/// The password of every demo account. Only `xuncha demo` uses it.
pub const DEMO_PASSWORD: &str = "xuncha2023";

/// The day the demo story is seen from: after feedback (15 August), with plans due and
/// measures running into their deadlines.
pub const DEMO_TODAY: (i32, u8, u8) = (2023, 11, 10);

/// The demo's problem taxonomy, category → aspect (configuration: counties differ). The
/// province generator uses it too, so that both databases read alike.
pub const ASPECTS: [(&str, &str); 9] = [
    ("贯彻落实党的路线方针政策和县委决策部署", "清廉机关建设推进迟缓"),
    ("贯彻落实党的路线方针政策和县委决策部署", "落实县委重大决策部署不到位"),
    ("全面从严治党和党风廉政建设", "“两个责任”落实不力"),
    ("全面从严治党和党风廉政建设", "财务管理不规范"),
    ("全面从严治党和党风廉政建设", "作风建设不扎实"),
    ("基层党组织建设", "组织生活流于形式"),
    ("基层党组织建设", "党员教育管理薄弱"),
    ("巡察、审计等监督发现问题整改", "整改存在应付心理"),
    ("巡察、审计等监督发现问题整改", "整改措施停留在纸面"),
];

/// One printed demo account.
pub struct DemoAccount {
    pub username: String,
    pub role: &'static str,
    pub who: String,
}

/// Loads the demo into an empty database and returns the accounts to print. The county is set
/// up in the summer of 2021; the acts follow on their days up to the eve of `DEMO_TODAY`.
pub async fn load(app: &App) -> AppResult<Vec<DemoAccount>> {
    let day = StoryDay::leaked(date!(2021 - 08 - 02));
    let app = &app.on_clock(Clock::Story(day)).await?;
    let county = cast::County::create(app).await?;
    let c = &county;
    // The years before the round, one story.
    let before = Calendar::new(day);
    let t = before.thread();
    let round = t
        .run(async {
            earlier::round_2021(c, &t).await?;
            library::county_edition(c, &t).await?;
            first_round::plan(c, &t).await
        })
        .await?;
    let r = &round;
    // The round's stories, told together.
    let together = Calendar::new(day);
    let t: [calendar::Thread<'_>; 11] = std::array::from_fn(|_| together.thread());
    let published = [(r.units[1].id, "县工商联"), (r.gqb.id, "谷前堡镇党委")];
    // Each story boxed: the stories' futures side by side in one join are too big for a test
    // thread's stack (one that loads the demo inside its own future overflowed).
    let told = tokio::join!(
        t[0].run(Box::pin(guqianbao::story(c, r, &t[0]))),
        t[1].run(Box::pin(zhangxihe::story(c, r, &t[1]))),
        t[2].run(Box::pin(units::audit_bureau(c, r, &t[2]))),
        t[3].run(Box::pin(units::federation(c, r, &t[3]))),
        t[4].run(Box::pin(sanshilipu::story(c, r, &t[4]))),
        t[5].run(Box::pin(lookback::story(c, r, &t[5]))),
        t[6].run(Box::pin(samples::story(c, r, &t[6]))),
        t[7].run(Box::pin(publication::publish(c, &t[7], r.gqb.round_id, &published))),
        t[8].run(Box::pin(supervision::story(c, &t[8]))),
        t[9].run(Box::pin(second_round::open(c, &t[9]))),
        t[10].run(Box::pin(recheck::story(c, r, &t[10]))),
    );
    let (a, b, d, e, f, g, h, i, j, k, l) = told;
    for result in [a, b, d, e, f, g, h, i, j, k, l] {
        result?;
    }
    Ok(county.accounts)
}
