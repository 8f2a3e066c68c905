//! 巡察人才库 in the second round of 2023: the office keeps a pool of thirteen cadres (names
//! other than the inspectors' are sample data), draws two more members for 第一巡察组, which
//! inspects 县农业农村局 — one cadre, whose spouse works there, is excluded — and swaps one
//! drawn member for another, with its reason.

use time::macros::date;
use xuncha_app::AppResult;
use xuncha_app::pool::{CadreInput, FormerPostInput, RelativeInput};
use xuncha_app::pool_accounts::CadreConfirmInput;
use xuncha_app::pool_draws::{PoolDrawInput, PoolSwapInput};
use xuncha_app::views::OrganisationRecord;
use xuncha_domain::id::*;
use xuncha_domain::pool::{Expertise, Slot};

use crate::build::day;
use crate::calendar::Thread;
use crate::cast::County;

/// A cadre of the demo pool: name, unit, post, expertise.
struct Entry {
    name: &'static str,
    unit: &'static str,
    post: &'static str,
    expertise: &'static [Expertise],
}

const POOL: [Entry; 13] = {
    use Expertise::*;
    [
        Entry {
            name: "赵丽娟", unit: "县审计局", post: "县审计局财政审计股股长", expertise: &[Audit, Finance]
        },
        Entry { name: "孙建平", unit: "县审计局", post: "县审计局副局长", expertise: &[Audit] },
        Entry { name: "周晓梅", unit: "县统计局", post: "县统计局统计师", expertise: &[Finance] },
        Entry {
            name: "钱志军",
            unit: "县医疗保障局",
            post: "县医疗保障局基金监管股股长",
            expertise: &[Finance, Audit],
        },
        Entry { name: "何鹏", unit: "县档案馆", post: "县档案馆业务股干部", expertise: &[Organisation] },
        Entry {
            name: "马俊",
            unit: "县委巡察工作领导小组办公室",
            post: "县委第二巡察组成员",
            expertise: &[Discipline],
        },
        Entry { name: "王海涛", unit: "县侨联", post: "县侨联办公室主任", expertise: &[Organisation] },
        Entry {
            name: "陈玉兰", unit: "县地方志研究室", post: "县地方志研究室干部", expertise: &[Law]
        },
        Entry {
            name: "李志刚", unit: "县供销合作社联合社", post: "县供销社财务科科长", expertise: &[Finance]
        },
        Entry {
            name: "冯晓燕",
            unit: "谷前堡镇党委",
            post: "谷前堡镇党委组织委员",
            expertise: &[Organisation, Discipline],
        },
        Entry {
            name: "宋卫国", unit: "张西河乡党委", post: "张西河乡纪委书记", expertise: &[Discipline]
        },
        Entry {
            name: "韩磊",
            unit: "县统计局",
            post: "县统计局普查中心副主任",
            expertise: &[Engineering, Agriculture],
        },
        Entry {
            name: "高建英", unit: "县医疗保障局", post: "县医疗保障局法规股股长", expertise: &[Law, Agriculture]
        },
    ]
};

async fn org(c: &County<'_>, name: &str) -> AppResult<OrganisationRecord> {
    c.app.org_named(name).await?.ok_or(xuncha_app::AppError::NotFound)
}

/// The pool kept (on 10-21), the team drawn (10-23) and one member swapped (10-25).
pub async fn story(c: &County<'_>, t: &Thread<'_>, team_id: TeamId, agri: &OrganisationRecord) -> AppResult<()> {
    let (app, office) = (c.app, &c.office);
    t.on(date!(2023 - 10 - 21)).await;
    for e in &POOL {
        let mut input = CadreInput {
            name: e.name.into(),
            org_id: org(c, e.unit).await?.id,
            post: e.post.into(),
            phone: String::new(),
            expertise: e.expertise.to_vec(),
            former_posts: Vec::new(),
            relatives: Vec::new(),
            note: if ["何鹏", "马俊"].contains(&e.name) { String::new() } else { "示例人员".into() },
            active: true,
            version: None,
        };
        match e.name {
            // His spouse works at 县农业农村局: excluded from the team that inspects it.
            "李志刚" => input.relatives.push(RelativeInput { org_id: agri.id, relation: "配偶".into() }),
            // He left 县农业农村局 more than three years ago: no longer recused.
            "韩磊" => input.former_posts.push(FormerPostInput {
                org_id: agri.id,
                post: "农田建设股副股长".into(),
                left_on: day(date!(2019 - 05 - 31)),
            }),
            _ => {}
        }
        app.add_cadre(office, &input).await?;
    }
    // 何鹏 and 马俊 served before the pool was kept: their accounts were linked by name, and
    // the office checks them against the cadres' files before anyone is drawn.
    for k in app.pool(office).await?.cadres.into_iter().filter(|k| k.unverified_account()) {
        app.confirm_cadre_account(office, k.id, &CadreConfirmInput { version: k.version }).await?;
    }
    t.on(date!(2023 - 10 - 23)).await;
    let slots = vec![
        Slot { expertise: Some(Expertise::Finance), count: 1 },
        Slot { expertise: Some(Expertise::Agriculture), count: 1 },
    ];
    let note = "县农业农村局涉农资金量大,按县委巡察工作领导小组要求增配财务、农业农村方面人员".to_string();
    let drawn = app.draw_team(office, team_id, &PoolDrawInput { slots, note }).await?;
    t.on(date!(2023 - 10 - 25)).await;
    // The finance member drawn is swapped for another with finance, not excluded, not drawn.
    let out = drawn.draw.picks[0].cadre_id;
    let pool = app.pool(office).await?;
    let excluded: Vec<CadreId> = drawn.draw.exclusions.iter().map(|x| x.cadre_id).collect();
    let picked: Vec<CadreId> = drawn.draw.picks.iter().map(|p| p.cadre_id).collect();
    let replacement = pool
        .cadres
        .iter()
        .find(|k| k.expertise.contains(&Expertise::Finance) && !excluded.contains(&k.id) && !picked.contains(&k.id))
        .ok_or(xuncha_app::AppError::NotFound)?;
    let reason = "抽中人员承担本单位年度预算编制任务,无法脱产参加巡察,经本人申请、巡察办研究同意调换".to_string();
    app.swap_pool_member(
        office,
        drawn.draw.id,
        &PoolSwapInput { out_cadre_id: out, in_cadre_id: replacement.id, reason },
    )
    .await?;
    Ok(())
}
