//! Demo data from the seed article: 天镇县委's 2023 round (27 April – 14 July), four teams,
//! 8 county units, 3 townships with 39 village branches, two special inspections, a look-back of
//! 南高崖村 with an earlier round's closed problems, joint feedback with 纪委监委 and 组织部, and
//! plans in every state. Everything is created through the use cases, so the rules and the audit
//! trail apply to it as to real data. Names the article does not give are marked as sample data.

use crate::views::{
    InspectionRecord as Inspection, MeasureRecord as Measure, OrganisationRecord as Organisation,
    PaperRecord as Problem,
};
use xuncha_domain::Id;
use xuncha_domain::access::Actor;

use crate::inputs::*;
use crate::rebounds::ReboundDecisionInput;
use crate::{App, AppResult};

/// The password of every demo account. Only `xuncha demo` uses it.
pub const DEMO_PASSWORD: &str = "xuncha2023";

/// The day the demo story is seen from: after feedback (15 August), with plans due and
/// measures running into their deadlines.
pub const DEMO_TODAY: (i32, u8, u8) = (2023, 11, 10);

/// One printed demo account.
pub struct DemoAccount {
    pub username: String,
    pub role: &'static str,
    pub who: String,
}

/// Villages of each township; the article names only 袁才庄村 (谷前堡镇), the rest are sample names.
const VILLAGES: &[(&str, &[&str])] = &[
    (
        "张西河乡",
        &[
            "张西河村",
            "东沟村",
            "西沟村",
            "南庄村",
            "北庄村",
            "二道沟村",
            "榆林村",
            "红土沟村",
            "石门村",
            "大营村",
            "小营村",
            "前进村",
            "新胜村",
        ],
    ),
    (
        "谷前堡镇",
        &[
            "谷前堡村",
            "袁才庄村",
            "东关村",
            "西关村",
            "沙涧村",
            "水磨口村",
            "马家皂村",
            "白家窑村",
            "三十里铺村",
            "新平堡村",
            "榆树湾村",
            "下窑村",
            "南河堡村",
        ],
    ),
    (
        "卅里铺乡",
        &[
            "卅里铺村",
            "王官屯村",
            "李家庄村",
            "赵家坊村",
            "刘家窑村",
            "东辛庄村",
            "西辛庄村",
            "河湾村",
            "后营村",
            "前营村",
            "柳树屯村",
            "杨树屯村",
            "东马营村",
        ],
    ),
];

struct Ctx<'a> {
    app: &'a App,
    admin: Actor,
    office: Actor,
    accounts: Vec<DemoAccount>,
}

impl Ctx<'_> {
    async fn org(&self, name: &str, kind: &str, parent: Option<Id>, sample: bool) -> AppResult<Organisation> {
        let input = NewOrgInput { name: name.into(), kind: kind.into(), parent_id: parent, is_sample: sample };
        self.app.create_org(crate::By::User(&self.admin), &input).await
    }

    async fn user(
        &mut self,
        username: &str,
        name: &str,
        role: &str,
        org: Option<Id>,
        body: Option<&str>,
        who: &str,
    ) -> AppResult<Actor> {
        let input = NewUserInput {
            username: username.into(),
            display_name: name.into(),
            password: DEMO_PASSWORD.into(),
            role: role.into(),
            org_id: org,
            body: body.map(Into::into),
            post: who.into(),
        };
        let u = self.app.create_user(crate::By::User(&self.admin), &input).await?;
        self.accounts.push(DemoAccount { username: username.into(), role: u.role.label(), who: who.into() });
        self.app.actor(u.id).await
    }

    async fn target_user(&mut self, username: &str, name: &str, org: &Organisation, role: &str) -> AppResult<Actor> {
        let who = format!("{}{}", org.name, if role == "target_secretary" { "书记" } else { "联络员" });
        self.user(username, name, role, Some(org.id), None, &who).await
    }

    async fn refresh(&self, a: &Actor) -> AppResult<Actor> {
        self.app.actor(a.user_id).await
    }
}

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

/// Loads the demo into an empty database and returns the accounts to print.
pub async fn load(app: &App) -> AppResult<Vec<DemoAccount>> {
    let admin_user = app
        .create_user(
            crate::By::System,
            &NewUserInput {
                username: "admin".into(),
                display_name: "系统管理员".into(),
                password: DEMO_PASSWORD.into(),
                role: "admin".into(),
                org_id: None,
                body: None,
                post: "县委巡察办信息系统管理员".into(),
            },
        )
        .await?;
    let admin = app.actor(admin_user.id).await?;
    let mut cx = Ctx { app, admin: admin.clone(), office: admin, accounts: Vec::new() };
    cx.accounts.push(DemoAccount { username: "admin".into(), role: "系统管理员", who: "系统管理员".into() });

    let mut aspect_ids = Vec::new();
    for (i, (cat, name)) in ASPECTS.iter().enumerate() {
        aspect_ids.push(app.create_aspect(crate::By::User(&cx.admin), cat, name, i as i64 + 1).await?.id);
    }
    let asp = |i: usize| Some(aspect_ids[i]);

    // Organisations.
    // The city above the county: its office supervises the counties below, read-only, and the
    // neighbouring county's office works its own county (one database, three jurisdictions).
    let city = cx.org("中共大同市委", "city_committee", None, false).await?;
    let county = cx.org("中共天镇县委", "county_committee", Some(city.id), false).await?;
    let city_office_org = cx.org("市委巡察工作领导小组办公室", "supervisory_body", Some(city.id), false).await?;
    let neighbour = cx.org("中共阳高县委", "county_committee", Some(city.id), false).await?;
    let neighbour_office = cx.org("阳高县委巡察办", "supervisory_body", Some(neighbour.id), false).await?;
    let office_org = cx.org("县委巡察工作领导小组办公室", "supervisory_body", Some(county.id), false).await?;
    let discipline_org = cx.org("县纪委监委", "supervisory_body", Some(county.id), false).await?;
    let organisation_org = cx.org("县委组织部", "supervisory_body", Some(county.id), false).await?;
    let mut units = Vec::new();
    for (name, sample) in [
        ("县审计局", false),
        ("县工商联", false),
        ("县侨联", false),
        ("县档案馆", false),
        ("县统计局", true),
        ("县医疗保障局", true),
        ("县供销合作社联合社", true),
        ("县地方志研究室", true),
    ] {
        units.push(cx.org(name, "county_unit", Some(county.id), sample).await?);
    }
    let mut townships = Vec::new();
    let mut villages: Vec<Vec<Organisation>> = Vec::new();
    for (town, names) in VILLAGES {
        let t = cx.org(&format!("{town}党委"), "township_committee", Some(county.id), false).await?;
        let mut vs = Vec::new();
        for v in *names {
            let sample = *v != "袁才庄村";
            vs.push(cx.org(&format!("{town}{v}党支部"), "village_branch", Some(t.id), sample).await?);
        }
        townships.push(t);
        villages.push(vs);
    }
    let jiajiatun = cx.org("贾家屯乡党委", "township_committee", Some(county.id), false).await?;
    let xiajiatun = cx.org("贾家屯乡夏家屯村党支部", "village_branch", Some(jiajiatun.id), false).await?;
    let nangaoya_town = cx.org("南高崖乡党委", "township_committee", Some(county.id), false).await?;
    let nangaoya = cx.org("南高崖乡南高崖村党支部", "village_branch", Some(nangaoya_town.id), false).await?;
    let yuancaizhuang = villages[1][1].clone();

    // Accounts, one per role at least.
    cx.office = cx.user("office", "王振华", "office", Some(office_org.id), None, "县委巡察办综合科科长").await?;
    let office = cx.office.clone();
    cx.user("leader", "赵志远", "leader", Some(county.id), None, "县委巡察工作领导小组副组长").await?;
    cx.user("city.office", "李建国", "office", Some(city_office_org.id), None, "市委巡察办督导科科长").await?;
    cx.user("yg.office", "张海燕", "office", Some(neighbour_office.id), None, "阳高县委巡察办综合科科长").await?;
    let discipline = cx
        .user(
            "jiwei",
            "孙立新",
            "supervisor",
            Some(discipline_org.id),
            Some("discipline"),
            "县纪委监委案件监督管理室主任",
        )
        .await?;
    let organisation = cx
        .user(
            "zuzhibu",
            "周慧敏",
            "supervisor",
            Some(organisation_org.id),
            Some("organisation"),
            "县委组织部干部监督科科长",
        )
        .await?;
    let team_names = ["第一巡察组", "第二巡察组", "第三巡察组", "第四巡察组"];
    let people = [
        [("team1.leader", "刘建军"), ("team1.deputy", "陈晓东"), ("team1.member", "杨丽")],
        [("team2.leader", "张国强"), ("team2.deputy", "李海燕"), ("team2.member", "马俊")],
        [("team3.leader", "高文斌"), ("team3.deputy", "郭秀英"), ("team3.member", "何鹏")],
        [("team4.leader", "吴卫东"), ("team4.deputy", "郑春梅"), ("team4.member", "冯磊")],
    ];
    let mut team_users: Vec<Vec<Actor>> = Vec::new();
    for (ti, members) in people.iter().enumerate() {
        let mut v = Vec::new();
        for (pi, (u, n)) in members.iter().enumerate() {
            let pos = ["组长", "副组长", "成员"][pi];
            // 何鹏 works at 县档案馆 and 冯磊 declares a relative in 卅里铺乡: the 回避 check keeps
            // them off those targets.
            let home = match *u {
                "team3.member" => units[3].id,
                _ => office_org.id,
            };
            v.push(cx.user(u, n, "team", Some(home), None, &format!("县委{}{pos}", team_names[ti])).await?);
        }
        team_users.push(v);
    }
    app.declare_conflict(
        &team_users[3][2],
        &ConflictInput { org_id: townships[2].id, reason: "配偶在卅里铺乡政府工作".into() },
    )
    .await?;
    let gqb_sec = cx.target_user("gqb.secretary", "韩永明", &townships[1], "target_secretary").await?;
    let gqb_liaison = cx.target_user("gqb.liaison", "贺晓琳", &townships[1], "target_liaison").await?;
    let zxh_sec = cx.target_user("zxh.secretary", "武建平", &townships[0], "target_secretary").await?;
    let slp_sec = cx.target_user("slp.secretary", "田志刚", &townships[2], "target_secretary").await?;
    let sjj_sec = cx.target_user("sjj.secretary", "董立华", &units[0], "target_secretary").await?;
    let gsl_sec = cx.target_user("gsl.secretary", "范文清", &units[1], "target_secretary").await?;
    let ngy_sec = cx.target_user("ngy.secretary", "白玉堂", &nangaoya, "target_secretary").await?;

    // The earlier round: 南高崖村 inspected in 2021, every problem closed.
    let r2021 = app
        .create_round(
            &office,
            &NewRoundInput {
                name: "2021年第二轮巡察".into(),
                start_date: "2021-09-06".into(),
                end_date: "2021-11-26".into(),
            },
        )
        .await?;
    let t2021 = app.create_team(&office, r2021.id, &NewTeamInput { name: "第二巡察组".into() }).await?;
    for (pi, pos) in ["leader", "deputy", "member"].iter().enumerate() {
        app.add_member(&office, t2021.id, &MemberInput { user_id: team_users[1][pi].user_id, position: (*pos).into() })
            .await?;
    }
    let old = app
        .create_inspection(
            &office,
            r2021.id,
            &NewInspectionInput {
                team_id: t2021.id,
                target_org_id: nangaoya.id,
                kind: "village".into(),
                entry_date: "2021-09-13".into(),
                exit_date: "2021-10-15".into(),
                announcement: String::new(),
            },
        )
        .await?;
    let t2 = [
        cx.refresh(&team_users[1][0]).await?,
        cx.refresh(&team_users[1][1]).await?,
        cx.refresh(&team_users[1][2]).await?,
    ];
    let old_problems = [
        ("村集体土地承包费收缴不及时,2020年度欠缴承包费4.2万元", 3),
        ("“三会一课”制度落实不到位,2021年上半年仅召开支部党员大会1次", 5),
        ("村务公开不及时,财务收支未按季度公开", 3),
    ];
    let ps = signed_problems(app, &t2, old.id, &old_problems.map(|(s, a)| (s, asp(a))), "2021-10-10").await?;
    let old = feedback(app, &t2[0], old.id, "2021-11-05", &["discipline", "organisation"], "白玉堂").await?;
    let ngy_sec = cx.refresh(&ngy_sec).await?;
    let old_measures = [
        ("对欠缴承包费逐户催缴,2021年12月底前全部收缴入账", "村委会主任 李保全", "收缴入账凭证、催缴台账"),
        (
            "制定支部“三会一课”年度计划,每月固定主题党日,会议记录按月报乡党委审核",
            "支部书记 白玉堂",
            "年度计划、会议记录、乡党委审核意见",
        ),
        ("建立村务公开栏,每季度首月10日前公开上季度财务收支", "村会计 张翠兰", "公开栏照片、公开记录"),
    ];
    let mut old_ms = Vec::new();
    for (p, (content, person, std)) in ps.iter().zip(old_measures) {
        old_ms.push(add_measure(app, &ngy_sec, p.id, content, person, "dated", Some("2021-12-31"), "", std).await?);
    }
    approve_plan(app, &ngy_sec, &office, old.id).await?;
    for m in &old_ms {
        close_with_evidence(app, &ngy_sec, &office, m, "整改完成情况说明.pdf", "2021-12-20").await?;
    }

    // The 2023 round from the article.
    let round = app
        .create_round(
            &office,
            &NewRoundInput {
                name: "2023年第一轮巡察".into(),
                start_date: "2023-04-27".into(),
                end_date: "2023-07-14".into(),
            },
        )
        .await?;
    let mut teams = Vec::new();
    for (ti, name) in team_names.iter().enumerate() {
        let t = app.create_team(&office, round.id, &NewTeamInput { name: (*name).into() }).await?;
        for (pi, pos) in ["leader", "deputy", "member"].iter().enumerate() {
            app.add_member(
                &office,
                t.id,
                &MemberInput { user_id: team_users[ti][pi].user_id, position: (*pos).into() },
            )
            .await?;
        }
        teams.push(t);
    }
    let mut team_actors = Vec::new();
    for v in &team_users {
        let mut refreshed = Vec::new();
        for a in v {
            refreshed.push(cx.refresh(a).await?);
        }
        team_actors.push(refreshed);
    }
    let inspect = |team: usize, target: Id, kind: &'static str, from: &'static str, to: &'static str| {
        let input = NewInspectionInput {
            team_id: teams[team].id,
            target_org_id: target,
            kind: kind.into(),
            entry_date: from.into(),
            exit_date: to.into(),
            announcement: String::new(),
        };
        let round_id = round.id;
        let office = office.clone();
        async move { app.create_inspection(&office, round_id, &input).await }
    };
    let mut unit_insp = Vec::new();
    for (i, u) in units.iter().enumerate() {
        unit_insp.push(inspect(i / 4, u.id, "regular", "2023-04-27", "2023-06-20").await?);
    }
    let zxh = inspect(2, townships[0].id, "regular", "2023-04-27", "2023-06-30").await?;
    let gqb = inspect(3, townships[1].id, "regular", "2023-04-27", "2023-06-30").await?;
    let slp = inspect(2, townships[2].id, "regular", "2023-05-04", "2023-07-05").await?;
    for (ti, vs) in [(2usize, &villages[0]), (3, &villages[1]), (2, &villages[2])] {
        for v in vs {
            inspect(ti, v.id, "village", "2023-05-15", "2023-06-20").await?;
        }
    }
    inspect(2, yuancaizhuang.id, "special", "2023-06-01", "2023-06-30").await?;
    inspect(2, xiajiatun.id, "special", "2023-06-01", "2023-06-30").await?;
    let lookback = inspect(3, nangaoya.id, "look_back", "2023-06-05", "2023-06-30").await?;

    // 谷前堡镇: announcement with tip channels, tips, problems, joint feedback, an approved plan
    // with measures closed, overdue, warned and extended; transfers with and without outcome.
    let [t4_leader, t4_deputy, t4_member] =
        [team_actors[3][0].clone(), team_actors[3][1].clone(), team_actors[3][2].clone()];
    app.update_announcement(&t4_leader, gqb.id, &AnnouncementInput {
        version: gqb.version,
        announcement: "根据县委统一部署,县委第四巡察组于2023年4月27日至6月30日对谷前堡镇党委开展常规巡察。巡察期间设立举报电话、邮箱和意见箱,主要受理反映谷前堡镇党委领导班子及其成员、下一级党组织领导班子主要负责人问题的来信来电来访。".into(),
        tip_phone: "0352-6xxxxxx(示例)".into(),
        tip_email: "xcz4@example.cn(示例)".into(),
        tip_post_box: "谷前堡镇政府大院门口意见箱".into(),
        tip_address: "天镇县谷前堡镇政府院内(示例)".into(),
        tip_window_start: Some("2023-04-27".into()),
        tip_window_end: Some("2023-06-20".into()),
    }).await?;
    let tip1 = app
        .register_tip(
            &t4_member,
            gqb.id,
            &NewTipInput {
                channel: "letter".into(),
                content: "反映某村2022年村集体光伏收益去向不明,账目未公开。".into(),
                received_on: "2023-05-08".into(),
                anonymous: false,
                tipper_name: "群众甲(示例)".into(),
                tipper_contact: "139xxxx0000(示例)".into(),
            },
        )
        .await?;
    let tip2 = app
        .register_tip(
            &t4_member,
            gqb.id,
            &NewTipInput {
                channel: "phone".into(),
                content: "反映镇卫生院门诊收费问题。".into(),
                received_on: "2023-05-12".into(),
                anonymous: true,
                tipper_name: String::new(),
                tipper_contact: String::new(),
            },
        )
        .await?;
    let tip3 = app
        .register_tip(
            &t4_member,
            gqb.id,
            &NewTipInput {
                channel: "post_box".into(),
                content: "反映邻里宅基地纠纷。".into(),
                received_on: "2023-05-20".into(),
                anonymous: true,
                tipper_name: String::new(),
                tipper_contact: String::new(),
            },
        )
        .await?;
    app.register_tip(
        &t4_member,
        gqb.id,
        &NewTipInput {
            channel: "online".into(),
            content: "反映镇机关干部上班期间迟到早退。".into(),
            received_on: "2023-06-15".into(),
            anonymous: true,
            tipper_name: String::new(),
            tipper_contact: String::new(),
        },
    )
    .await?;

    let gqb_problems = [
        ("清廉机关建设推进迟缓,镇机关廉政风险点排查未覆盖全部股室", 0),
        ("“两个责任”落实不力,班子成员“一岗双责”履责记实缺失", 2),
        ("村级财务管理不规范,部分村光伏收益未纳入村集体账户统一核算", 3),
        ("基层党组织建设薄弱,部分村支部主题党日活动流于形式、记录雷同", 5),
        ("对上轮巡察反馈问题整改存在应付心理,2项整改措施停留在纸面", 7),
    ];
    let ps = signed_problems(
        app,
        &[t4_leader.clone(), t4_deputy.clone(), t4_member.clone()],
        gqb.id,
        &gqb_problems.map(|(s, a)| (s, asp(a))),
        "2023-06-10",
    )
    .await?;
    let tip1 = app.get_tip(&t4_member, tip1.tip.id).await?;
    app.triage_tip(
        &t4_member,
        tip1.tip.id,
        &TriageInput {
            version: tip1.tip.version,
            status: "accepted".into(),
            forwarded_to: String::new(),
            reason: String::new(),
            problem_ids: vec![ps[2].id],
        },
    )
    .await?;
    app.triage_tip(
        &t4_member,
        tip2.tip.id,
        &TriageInput {
            version: tip2.tip.version,
            status: "forwarded".into(),
            forwarded_to: "县卫生健康局".into(),
            reason: String::new(),
            problem_ids: vec![],
        },
    )
    .await?;
    let t3 = app
        .triage_tip(
            &t4_member,
            tip3.tip.id,
            &TriageInput {
                version: tip3.tip.version,
                status: "not_accepted".into(),
                forwarded_to: String::new(),
                reason: "属于民事纠纷,不属于巡察受理范围,已告知向镇司法所反映".into(),
                problem_ids: vec![],
            },
        )
        .await?;
    app.reply_tip(
        &t4_member,
        tip3.tip.id,
        &ReplyInput {
            version: t3.tip.version,
            reply: "您反映的问题属于民事纠纷,请向谷前堡镇司法所或人民调解委员会反映。".into(),
        },
    )
    .await?;
    let gqb = feedback(app, &t4_leader, gqb.id, "2023-08-15", &["discipline", "organisation"], "韩永明").await?;
    let lead = app
        .create_transfer(
            &t4_leader,
            gqb.id,
            &NewTransferInput {
                problem_id: Some(ps[2].id),
                kind: "lead".into(),
                body: "discipline".into(),
                body_name: String::new(),
                content: "某村光伏收益去向不明的问题线索".into(),
                transferred_on: "2023-08-16".into(),
            },
        )
        .await?;
    app.record_outcome(
        &discipline,
        lead.transfer.id,
        &OutcomeInput {
            version: lead.transfer.version,
            outcome_kind: "preliminary_verification".into(),
            outcome: "经初步核实,该村支部书记对光伏收益管理失职,给予诫勉谈话,收益已全部纳入村集体账户。".into(),
            outcome_on: "2023-10-20".into(),
        },
    )
    .await?;
    app.create_transfer(
        &t4_leader,
        gqb.id,
        &NewTransferInput {
            problem_id: Some(ps[1].id),
            kind: "cadre".into(),
            body: "organisation".into(),
            body_name: String::new(),
            content: "镇党委班子成员履行“一岗双责”不到位,建议在年度考核中予以体现".into(),
            transferred_on: "2023-08-16".into(),
        },
    )
    .await?;
    let _ = organisation;

    let gqb_liaison = cx.refresh(&gqb_liaison).await?;
    let gqb_sec = cx.refresh(&gqb_sec).await?;
    let m1 = add_measure(
        app,
        &gqb_liaison,
        ps[0].id,
        "9月底前完成镇机关12个股室廉政风险点全覆盖排查,形成风险点清单和防控措施",
        "纪委书记 任佳",
        "dated",
        Some("2023-09-30"),
        "",
        "廉政风险点清单、防控措施汇编",
    )
    .await?;
    let m2 = add_measure(
        app,
        &gqb_liaison,
        ps[1].id,
        "建立班子成员“一岗双责”履责记实制度,每季度向党委会报告分管领域党风廉政建设情况",
        "党委书记 韩永明",
        "long_term",
        Some("2023-12-31"),
        "2023年底前建立制度并完成第四季度报告,此后每季度报告一次",
        "履责记实制度文件、季度报告记录",
    )
    .await?;
    let m3 = add_measure(
        app,
        &gqb_liaison,
        ps[2].id,
        "对13个村2021年以来光伏收益逐村清查,10月底前全部纳入村集体账户统一核算",
        "经管站站长 梁志勇",
        "dated",
        Some("2023-10-31"),
        "",
        "清查台账、入账凭证",
    )
    .await?;
    let m4 = add_measure(
        app,
        &gqb_liaison,
        ps[3].id,
        "制定村支部主题党日活动清单,镇党委每月抽查2个村支部活动记录",
        "组织委员 田丽娟",
        "dated",
        Some("2023-11-15"),
        "",
        "活动清单、抽查记录",
    )
    .await?;
    let m5 = add_measure(
        app,
        &gqb_liaison,
        ps[4].id,
        "对上轮巡察反馈问题逐项“回头看”,未完成的2项整改措施11月20日前完成并报县委巡察办验收",
        "党委副书记 马文涛",
        "dated",
        Some("2023-11-20"),
        "",
        "整改情况报告、验收意见",
    )
    .await?;
    let m6 = add_measure(
        app,
        &gqb_liaison,
        ps[2].id,
        "修订《谷前堡镇村级财务管理办法》,明确光伏等集体收益收支审批程序",
        "经管站站长 梁志勇",
        "immediate",
        None,
        "",
        "修订后的管理办法文件",
    )
    .await?;
    approve_plan(app, &gqb_sec, &office, gqb.id).await?;
    close_with_evidence(app, &gqb_liaison, &t4_leader, &m1, "廉政风险点清单.pdf", "2023-09-28").await?;
    // The liaison hands in the 2019 rules as "evidence" and the deputy closes it anyway: the
    // evidence predates the feedback, which the plan page flags.
    close_with_evidence(app, &gqb_liaison, &t4_deputy, &m6, "村级财务管理办法(2019年版).pdf", "2019-03-15").await?;
    let m3 = app.get_measure(&gqb_liaison, m3.id).await?.measure;
    app.report_progress(
        &gqb_liaison,
        m3.id,
        &ProgressInput {
            version: m3.version,
            content: "已完成9个村清查,4个村因账目跨年度需县审计配合".into(),
            status: "not_done".into(),
        },
    )
    .await?;
    let ext = app
        .request_extension(
            &gqb_liaison,
            m4.id,
            &ExtensionInput {
                requested_deadline: "2023-12-15".into(),
                reason: "部分村支部书记参加县委党校培训,抽查顺延".into(),
            },
        )
        .await?;
    let ext = app
        .decide_extension(
            &office,
            ext.id,
            &DecisionInput {
                version: ext.version,
                approve: false,
                note: "培训不影响活动清单制定,请按原时限完成".into(),
            },
        )
        .await?;
    let _ = ext;
    let m2v = app.get_measure(&gqb_liaison, m2.id).await?.measure;
    app.report_progress(
        &gqb_liaison,
        m2.id,
        &ProgressInput {
            version: m2v.version,
            content: "履责记实制度已经党委会审议通过".into(),
            status: "largely_done".into(),
        },
    )
    .await?;
    let m5v = app.get_measure(&gqb_liaison, m5.id).await?.measure;
    let ext = app
        .request_extension(
            &gqb_liaison,
            m5.id,
            &ExtensionInput {
                requested_deadline: "2023-11-25".into(),
                reason: "需待县审计局出具专项审计意见后方可验收".into(),
            },
        )
        .await?;
    app.decide_extension(
        &office,
        ext.id,
        &DecisionInput {
            version: ext.version, approve: true, note: "同意延期,请同步报送阶段性进展".into()
        },
    )
    .await?;
    // A second extension of the same measure: the deadline is slipping (一再延期).
    let ext = app
        .request_extension(
            &gqb_liaison,
            m5.id,
            &ExtensionInput {
                requested_deadline: "2023-11-30".into(),
                reason: "县审计局专项审计意见尚未出具,验收须再次顺延".into(),
            },
        )
        .await?;
    app.decide_extension(
        &office,
        ext.id,
        &DecisionInput {
            version: ext.version, approve: true, note: "同意再次延期,逾期不再受理延期申请".into()
        },
    )
    .await?;
    let _ = m5v;

    // 张西河乡: a perfunctory plan, returned with written comments.
    let t3_actors = &team_actors[2];
    let zps = signed_problems(
        app,
        t3_actors,
        zxh.id,
        &[
            ("落实县委重大决策部署不到位,乡村振兴项目推进缓慢", asp(1)),
            ("作风建设不扎实,乡机关干部值班制度执行不严", asp(4)),
        ],
        "2023-06-15",
    )
    .await?;
    let zxh = feedback(app, &t3_actors[0], zxh.id, "2023-08-15", &["discipline", "organisation"], "武建平").await?;
    let zxh_sec = cx.refresh(&zxh_sec).await?;
    add_measure(
        app,
        &zxh_sec,
        zps[0].id,
        "加强学习,提高认识。",
        "全体班子成员",
        "long_term",
        Some("2023-12-31"),
        "长期坚持",
        "提高认识",
    )
    .await?;
    add_measure(
        app,
        &zxh_sec,
        zps[1].id,
        "进一步提高政治站位,切实转变作风。",
        "乡党委",
        "dated",
        Some("2023-09-30"),
        "",
        "作风明显好转",
    )
    .await?;
    let plan = app.get_plan(&zxh_sec, zxh.id).await?;
    let plan = app.submit_plan(&zxh_sec, zxh.id, plan.plan.version).await?;
    app.review_plan(
        &office,
        zxh.id,
        &ReviewInput {
            version: plan.version,
            approve: false,
            comments: "整改方案随便写一下就交上来,措施空泛,责任不明,请认真修改后于9月20日前重新报送。".into(),
            problem_comments: vec![
                ProblemComment {
                    problem_id: zps[0].id,
                    comment: "“加强学习,提高认识”不是整改措施:请写明对哪些项目、做什么、何时完成,责任人要具体到人。"
                        .into(),
                },
                ProblemComment {
                    problem_id: zps[1].id,
                    comment: "责任人写“乡党委”不行,完成标志“作风明显好转”无法检验。".into(),
                },
            ],
        },
    )
    .await?;

    // 县审计局: a plan submitted and awaiting review.
    let t1 = &team_actors[0];
    let sps = signed_problems(
        app,
        t1,
        unit_insp[0].id,
        &[
            ("清廉机关建设推进迟缓,局机关内控制度三年未修订", asp(0)),
            ("对审计发现问题整改跟踪不到位,整改台账记录不全", asp(8)),
        ],
        "2023-06-05",
    )
    .await?;
    let sjj = feedback(app, &t1[0], unit_insp[0].id, "2023-08-15", &["discipline", "organisation"], "董立华").await?;
    let sjj_sec = cx.refresh(&sjj_sec).await?;
    add_measure(
        app,
        &sjj_sec,
        sps[0].id,
        "10月底前修订局机关内控制度汇编,新增政府采购、公务接待等6项制度",
        "办公室主任 许静",
        "dated",
        Some("2023-10-31"),
        "",
        "修订后的内控制度汇编",
    )
    .await?;
    add_measure(
        app,
        &sjj_sec,
        sps[1].id,
        "建立审计发现问题整改销号台账,每月更新并报局党组会审议",
        "法规审理股股长 常宏",
        "long_term",
        Some("2023-12-31"),
        "12月底前建立台账,此后每月更新",
        "整改销号台账、党组会纪要",
    )
    .await?;
    // Most of the rest falls to one section chief, and one measure only restates its problem:
    // what the office's review should notice (the signals on the plan page name both).
    for (content, deadline, standard) in [
        ("对2021年以来审计报告提出的43条整改建议逐条对账,11月底前形成对账清单", "2023-11-30", "对账清单"),
        ("对审计发现问题整改跟踪不到位、整改台账记录不全的问题进行整改", "2023-11-30", "整改台账"),
        ("对未按期整改的被审计单位下发督办函,12月底前完成回访", "2023-12-31", "督办函、回访记录"),
        ("每季度向局党组报告审计整改跟踪情况", "2023-12-31", "季度报告"),
    ] {
        add_measure(app, &sjj_sec, sps[1].id, content, "法规审理股股长 常宏", "dated", Some(deadline), "", standard)
            .await?;
    }
    add_measure(
        app,
        &sjj_sec,
        sps[0].id,
        "12月底前完成局机关采购、报销等6类业务的廉政风险排查,形成风险清单",
        "法规审理股股长 常宏",
        "dated",
        Some("2023-12-31"),
        "",
        "风险清单",
    )
    .await?;
    let plan = app.get_plan(&sjj_sec, sjj.id).await?;
    app.submit_plan(&sjj_sec, sjj.id, plan.plan.version).await?;

    // 县工商联: plan approved and every measure closed.
    let gps = signed_problems(
        app,
        t1,
        unit_insp[1].id,
        &[("“三会一课”落实不到位,2022年支部党员大会仅召开2次", asp(5))],
        "2023-06-05",
    )
    .await?;
    let gsl = feedback(app, &t1[0], unit_insp[1].id, "2023-08-16", &["discipline"], "范文清").await?;
    let gsl_sec = cx.refresh(&gsl_sec).await?;
    let gm = add_measure(
        app,
        &gsl_sec,
        gps[0].id,
        "制定2023年支部“三会一课”计划,9月起每季度召开党员大会并报机关工委备案",
        "支部书记 范文清",
        "dated",
        Some("2023-09-30"),
        "",
        "年度计划、会议记录、备案回执",
    )
    .await?;
    approve_plan(app, &gsl_sec, &office, gsl.id).await?;
    close_with_evidence(app, &gsl_sec, &office, &gm, "党员大会会议记录.pdf", "2023-09-26").await?;

    // 卅里铺乡: a draft plan with a gap (a measure without a responsible person).
    let sps2 = signed_problems(
        app,
        t3_actors,
        slp.id,
        &[
            ("基层党组织建设薄弱,3个村支部党员发展连续5年空白", asp(6)),
            ("村级财务管理不规范,部分村光伏收益长期未入账", asp(3)),
        ],
        "2023-06-25",
    )
    .await?;
    let slp = feedback(app, &t3_actors[0], slp.id, "2023-08-18", &["organisation"], "田志刚").await?;
    let slp_sec = cx.refresh(&slp_sec).await?;
    add_measure(
        app,
        &slp_sec,
        sps2[0].id,
        "对党员发展空白村逐村制定发展计划,年底前每村确定入党积极分子不少于2名",
        "",
        "dated",
        Some("2023-12-31"),
        "",
        "发展计划、积极分子名单",
    )
    .await?;
    // Taken from 谷前堡镇's plan with the numbers changed: the copy the office's review flags.
    add_measure(
        app,
        &slp_sec,
        sps2[1].id,
        "对9个村2021年以来光伏收益逐村清查,11月底前全部纳入村集体账户统一核算",
        "经管站站长 郝建国",
        "dated",
        Some("2023-11-30"),
        "",
        "清查台账、入账凭证",
    )
    .await?;
    let _ = slp;

    // 南高崖村 look-back: a finding that rebounds the 2021 problem on village affairs disclosure.
    let lb_problems = signed_problems(
        app,
        &team_actors[3],
        lookback.id,
        &[
            ("村务公开再次不及时,2023年一、二季度财务收支未公开", asp(7)),
            ("支部“三会一课”仍不规范,2023年上半年未召开支部党员大会", asp(5)),
        ],
        "2023-06-20",
    )
    .await?;
    // The office confirms the suggested rebound on village affairs; the one on “三会一课” is
    // left for the office to decide in the demo.
    let candidates = app.rebound_candidates(&office, lb_problems[0].id).await?;
    if let Some(c) = candidates.iter().find(|c| c.earlier.summary.contains("村务公开")) {
        let p = app.get_problem(&office, lb_problems[0].id).await?.problem;
        let input = ReboundDecisionInput { version: p.version, earlier_id: c.earlier.id, confirm: true };
        app.decide_rebound(&office, p.id, &input).await?;
    }
    feedback(app, &t4_leader, lookback.id, "2023-08-20", &["discipline", "organisation"], "白玉堂").await?;

    // Two sample units: papers drafted and signed, feedback not yet given.
    let t2a = &team_actors[1];
    signed_problems(
        app,
        t2a,
        unit_insp[4].id,
        &[("统计数据质量管控不严,个别专业统计台账不完整", asp(1))],
        "2023-06-10",
    )
    .await?;
    app.draft_problem(
        &t2a[2],
        unit_insp[5].id,
        &ProblemInput {
            version: None,
            source: "documents".into(),
            aspect_id: asp(3),
            summary: "医保基金监管存在薄弱环节,定点机构日常检查覆盖不足".into(),
            detail: String::new(),
            evidence_list: "2022年检查台账".into(),
            found_on: Some("2023-06-12".into()),
        },
    )
    .await?;

    // Disclosure: 县工商联 and 谷前堡镇 published; the public sees the tally as approved.
    for (insp_id, target) in [(gsl.id, "县工商联"), (gqb.id, "谷前堡镇党委")] {
        let d = app
            .draft_disclosure(&office, insp_id, &crate::disclosures::DisclosureInput {
                title: format!("{target}关于巡察整改进展情况的通报"),
                public_text: format!(
                    "根据县委统一部署,县委巡察组对{target}开展了巡察并于2023年8月反馈了问题。{target}党组织认真落实整改主体责任,对反馈问题逐条制定整改措施,明确责任人和整改时限。现将整改进展情况予以公开,欢迎社会各界监督。"
                ),
                internal_text: "内部通报:整改进展与责任人名单见附件(不对外公开)。".into(),
            })
            .await?;
        app.publish_disclosure(&office, d.id, d.version).await?;
    }

    // The second round of 2023 is in the field on the demo's "today": its tip window is open
    // on the public side.
    let agri = cx.org("县农业农村局", "county_unit", Some(county.id), true).await?;
    let r2 = app
        .create_round(
            &office,
            &NewRoundInput {
                name: "2023年第二轮巡察".into(),
                start_date: "2023-10-30".into(),
                end_date: "2023-12-29".into(),
            },
        )
        .await?;
    let t = app.create_team(&office, r2.id, &NewTeamInput { name: "第一巡察组".into() }).await?;
    for (pi, pos) in ["leader", "deputy", "member"].iter().enumerate() {
        app.add_member(&office, t.id, &MemberInput { user_id: team_users[0][pi].user_id, position: (*pos).into() })
            .await?;
    }
    let i2 = app
        .create_inspection(
            &office,
            r2.id,
            &NewInspectionInput {
                team_id: t.id,
                target_org_id: agri.id,
                kind: "regular".into(),
                entry_date: "2023-10-30".into(),
                exit_date: "2023-12-15".into(),
                announcement: String::new(),
            },
        )
        .await?;
    let leader1 = cx.refresh(&team_users[0][0]).await?;
    app.update_announcement(&leader1, i2.id, &AnnouncementInput {
        version: i2.version,
        announcement: "根据县委统一部署,县委第一巡察组于2023年10月30日至12月15日对县农业农村局党组开展常规巡察。巡察期间主要受理反映县农业农村局党组领导班子及其成员、下一级党组织领导班子主要负责人问题的来信来电来访,重点是违反政治纪律、组织纪律、廉洁纪律、群众纪律、工作纪律和生活纪律等方面的问题。".into(),
        tip_phone: "0352-6xxxxx1(示例)".into(),
        tip_email: "xcz1@example.cn(示例)".into(),
        tip_post_box: "县农业农村局一楼大厅意见箱".into(),
        tip_address: "天镇县农业农村局三楼会议室(示例)".into(),
        tip_window_start: Some("2023-10-30".into()),
        tip_window_end: Some("2023-12-10".into()),
    })
    .await?;

    Ok(cx.accounts)
}

/// Drafts problems as a team member and signs them off by the deputy and the leader.
async fn signed_problems(
    app: &App,
    team: &[Actor],
    inspection_id: Id,
    list: &[(&str, Option<Id>)],
    found_on: &str,
) -> AppResult<Vec<Problem>> {
    let mut out = Vec::new();
    for (summary, aspect) in list {
        let p = app
            .draft_problem(
                &team[2],
                inspection_id,
                &ProblemInput {
                    version: None,
                    source: "talk".into(),
                    aspect_id: *aspect,
                    summary: (*summary).into(),
                    detail: String::new(),
                    evidence_list: "谈话记录、查阅资料清单".into(),
                    found_on: Some(found_on.into()),
                },
            )
            .await?;
        let p = app.sign_problem(&team[1], p.id, &VersionInput { version: p.version }).await?;
        out.push(app.sign_problem(&team[0], p.id, &VersionInput { version: p.version }).await?);
    }
    Ok(out)
}

async fn feedback(
    app: &App,
    leader: &Actor,
    id: Id,
    date: &str,
    bodies: &[&str],
    signed_for_by: &str,
) -> AppResult<Inspection> {
    let insp = app.get_inspection(leader, id).await?;
    app.give_feedback(
        leader,
        id,
        &FeedbackInput {
            version: insp.version,
            date: date.into(),
            bodies: bodies.iter().map(|b| (*b).to_string()).collect(),
            signed_for_by: signed_for_by.into(),
            notes: "巡察组长反馈问题,被巡察党组织主要负责人表态发言".into(),
        },
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn add_measure(
    app: &App,
    who: &Actor,
    problem_id: Id,
    content: &str,
    person: &str,
    kind: &str,
    deadline: Option<&str>,
    milestone: &str,
    standard: &str,
) -> AppResult<Measure> {
    // "纪委书记 任佳" is written as the ledgers do: 任佳(纪委书记).
    let person = match person.split_once(' ') {
        Some((post, name)) => format!("{name}({post})"),
        None => person.to_string(),
    };
    app.add_measure(
        who,
        problem_id,
        &MeasureInput {
            version: None,
            content: content.into(),
            responsible_person: person,
            responsible_leader: String::new(),
            department: String::new(),
            deadline_kind: Some(kind.into()),
            deadline: deadline.map(Into::into),
            milestone: milestone.into(),
            completion_standard: standard.into(),
        },
    )
    .await
}

async fn approve_plan(app: &App, secretary: &Actor, office: &Actor, inspection_id: Id) -> AppResult<()> {
    let plan = app.get_plan(secretary, inspection_id).await?;
    let plan = app.submit_plan(secretary, inspection_id, plan.plan.version).await?;
    app.review_plan(
        office,
        inspection_id,
        &ReviewInput { version: plan.version, approve: true, comments: "同意".into(), problem_comments: vec![] },
    )
    .await?;
    Ok(())
}

/// The target reports completion with a document; the verifier closes the measure.
async fn close_with_evidence(
    app: &App,
    target: &Actor,
    verifier: &Actor,
    m: &Measure,
    file: &str,
    dated: &str,
) -> AppResult<()> {
    let m = app.get_measure(target, m.id).await?.measure;
    app.report_progress(
        target,
        m.id,
        &ProgressInput {
            version: m.version, content: "已按要求完成,佐证材料已上传".into(), status: "done".into()
        },
    )
    .await?;
    let body = format!("%PDF-1.4\n% 演示佐证材料:{file}\n");
    app.upload_evidence(
        target,
        m.id,
        EvidenceUpload {
            file_name: file.into(),
            content_type: "application/pdf".into(),
            data: body.into_bytes(),
            description: "整改完成佐证".into(),
            document_date: Some(dated.into()),
        },
    )
    .await?;
    let m = app.get_measure(verifier, m.id).await?.measure;
    app.close_measure(
        verifier,
        m.id,
        &CloseInput {
            version: m.version, note: "经核验佐证材料,整改到位,同意销号".into(), reason: String::new()
        },
    )
    .await?;
    Ok(())
}
