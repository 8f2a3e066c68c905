//! Demo data from the seed article: 天镇县委's 2023 round (27 April – 14 July), four teams,
//! 8 county units, 3 townships with 39 village branches, two special inspections, a look-back of
//! 南高崖村 with an earlier round's closed problems, joint feedback with 纪委监委 and 组织部, and
//! plans in every state. Everything is created through the use cases, so the rules and the audit
//! trail apply to it as to real data. Names the article does not give are marked as sample data.
//!
//! One module per story, in the order the trail records them; each can be changed alone. The
//! acts are written with typed builders (`build`): codes are enums and days are dates.

mod build;
mod cast;
mod earlier;
mod first_round;
mod guqianbao;
mod library;
mod lookback;
mod publication;
mod samples;
mod sanshilipu;
mod second_round;
mod supervision;
mod units;
mod zhangxihe;

use xuncha_app::{App, AppResult};

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

/// Loads the demo into an empty database and returns the accounts to print.
pub async fn load(app: &App) -> AppResult<Vec<DemoAccount>> {
    let county = cast::County::create(app).await?;
    earlier::round_2021(&county).await?;
    library::county_edition(&county).await?;
    let round = first_round::plan(&county).await?;
    guqianbao::story(&county, &round).await?;
    zhangxihe::story(&county, &round).await?;
    units::audit_bureau(&county, &round).await?;
    let federation = units::federation(&county, &round).await?;
    sanshilipu::story(&county, &round).await?;
    lookback::story(&county, &round).await?;
    samples::story(&county, &round).await?;
    publication::publish(&county, &[(federation.id, "县工商联"), (round.gqb.id, "谷前堡镇党委")]).await?;
    supervision::story(&county).await?;
    second_round::open(&county).await?;
    Ok(county.accounts)
}
