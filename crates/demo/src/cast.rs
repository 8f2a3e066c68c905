//! The county and its people: the organisation tree (a city above two counties, the county's
//! units, townships and villages), the problem taxonomy, and one account per role at least —
//! the office, leaders, the discipline commission and organisation department, four teams and
//! the secretaries of the organisations the stories follow.

use xuncha_app::inputs::{ConflictInput, NewOrgInput, NewUserInput};
use xuncha_app::views::OrganisationRecord;
use xuncha_app::{App, AppResult, By};
use xuncha_domain::access::Actor;
use xuncha_domain::id::*;
use xuncha_domain::inspection::Body;
use xuncha_domain::org::OrgKind;
use xuncha_domain::role::Role;

use crate::{ASPECTS, DEMO_PASSWORD, DemoAccount};

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

/// The teams of a round, in order.
pub const TEAM_NAMES: [&str; 4] = ["第一巡察组", "第二巡察组", "第三巡察组", "第四巡察组"];

/// The county as the stories find it: organisations, accounts and the actors that act.
pub struct County<'a> {
    pub app: &'a App,
    pub admin: Actor,
    pub office: Actor,
    /// The office's deputy director: approves what the office drafted (four eyes).
    pub office_deputy: Actor,
    pub accounts: Vec<DemoAccount>,
    aspects: Vec<AspectId>,
    pub county: OrganisationRecord,
    /// 县审计局, 县工商联, 县侨联, 县档案馆 and four sample units.
    pub units: Vec<OrganisationRecord>,
    /// 张西河乡, 谷前堡镇, 卅里铺乡.
    pub townships: Vec<OrganisationRecord>,
    pub villages: Vec<Vec<OrganisationRecord>>,
    pub xiajiatun: OrganisationRecord,
    pub nangaoya: OrganisationRecord,
    pub discipline: Actor,
    /// 县委组织部's supervisor (干部监督科).
    pub organisation: Actor,
    /// Each team's leader, deputy and member (the same people serve every round).
    pub team_users: Vec<Vec<Actor>>,
    pub gqb_secretary: Actor,
    pub gqb_liaison: Actor,
    pub zxh_secretary: Actor,
    pub slp_secretary: Actor,
    pub sjj_secretary: Actor,
    pub gsl_secretary: Actor,
    pub ngy_secretary: Actor,
}

impl<'a> County<'a> {
    /// Creates the organisations, the taxonomy and the accounts, in the order the trail shows.
    pub async fn create(app: &'a App) -> AppResult<County<'a>> {
        let admin_user = app
            .create_user(
                By::System,
                &NewUserInput {
                    username: "admin".into(),
                    display_name: "系统管理员".into(),
                    password: DEMO_PASSWORD.into(),
                    role: Role::Admin,
                    org_id: None,
                    body: None,
                    post: "县委巡察办信息系统管理员".into(),
                    must_change_password: false,
                },
            )
            .await?;
        let admin = app.actor(admin_user.id).await?;
        let mut cast = Cast { app, admin, accounts: Vec::new() };
        cast.accounts
            .push(DemoAccount { username: "admin".into(), role: "系统管理员", who: "系统管理员".into() });
        let mut aspects = Vec::new();
        for (i, (cat, name)) in ASPECTS.iter().enumerate() {
            aspects.push(app.create_aspect(By::User(&cast.admin), cat, name, i as i64 + 1).await?.id);
        }

        // The city above the county: its office supervises the counties below, read-only, and the
        // neighbouring county's office works its own county (one database, three jurisdictions).
        use OrgKind::*;
        let city = cast.org("中共大同市委", CityCommittee, None, false).await?;
        let county = cast.org("中共天镇县委", CountyCommittee, Some(city.id), false).await?;
        let city_office_org = cast.org("市委巡察工作领导小组办公室", SupervisoryBody, Some(city.id), false).await?;
        let neighbour = cast.org("中共阳高县委", CountyCommittee, Some(city.id), false).await?;
        let neighbour_office = cast.org("阳高县委巡察办", SupervisoryBody, Some(neighbour.id), false).await?;
        let office_org = cast.org("县委巡察工作领导小组办公室", SupervisoryBody, Some(county.id), false).await?;
        let discipline_org = cast.org("县纪委监委", SupervisoryBody, Some(county.id), false).await?;
        let organisation_org = cast.org("县委组织部", SupervisoryBody, Some(county.id), false).await?;
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
            units.push(cast.org(name, CountyUnit, Some(county.id), sample).await?);
        }
        let mut townships = Vec::new();
        let mut villages = Vec::new();
        for (town, names) in VILLAGES {
            let t = cast.org(&format!("{town}党委"), TownshipCommittee, Some(county.id), false).await?;
            let mut vs = Vec::new();
            for v in *names {
                let sample = *v != "袁才庄村";
                vs.push(cast.org(&format!("{town}{v}党支部"), VillageBranch, Some(t.id), sample).await?);
            }
            townships.push(t);
            villages.push(vs);
        }
        let jiajiatun = cast.org("贾家屯乡党委", TownshipCommittee, Some(county.id), false).await?;
        let xiajiatun = cast.org("贾家屯乡夏家屯村党支部", VillageBranch, Some(jiajiatun.id), false).await?;
        let nangaoya_town = cast.org("南高崖乡党委", TownshipCommittee, Some(county.id), false).await?;
        let nangaoya = cast.org("南高崖乡南高崖村党支部", VillageBranch, Some(nangaoya_town.id), false).await?;

        // Accounts, one per role at least.
        let office =
            cast.user("office", "王振华", Role::Office, Some(office_org.id), None, "县委巡察办综合科科长").await?;
        let office_deputy =
            cast.user("office.deputy", "刘慧敏", Role::Office, Some(office_org.id), None, "县委巡察办副主任").await?;
        cast.user("leader", "赵志远", Role::Leader, Some(county.id), None, "县委巡察工作领导小组副组长").await?;
        cast.user("city.office", "李建国", Role::Office, Some(city_office_org.id), None, "市委巡察办督导科科长")
            .await?;
        cast.user("yg.office", "张海燕", Role::Office, Some(neighbour_office.id), None, "阳高县委巡察办综合科科长")
            .await?;
        let discipline = cast
            .user(
                "jiwei",
                "孙立新",
                Role::Supervisor,
                Some(discipline_org.id),
                Some(Body::Discipline),
                "县纪委监委案件监督管理室主任",
            )
            .await?;
        let organisation = cast
            .user(
                "zuzhibu",
                "周慧敏",
                Role::Supervisor,
                Some(organisation_org.id),
                Some(Body::Organisation),
                "县委组织部干部监督科科长",
            )
            .await?;
        let people = [
            [("team1.leader", "刘建军"), ("team1.deputy", "陈晓东"), ("team1.member", "杨丽")],
            [("team2.leader", "张国强"), ("team2.deputy", "李海燕"), ("team2.member", "马俊")],
            [("team3.leader", "高文斌"), ("team3.deputy", "郭秀英"), ("team3.member", "何鹏")],
            [("team4.leader", "吴卫东"), ("team4.deputy", "郑春梅"), ("team4.member", "冯磊")],
        ];
        let mut team_users = Vec::new();
        for (ti, members) in people.iter().enumerate() {
            let mut v = Vec::new();
            for (pi, (u, n)) in members.iter().enumerate() {
                let pos = ["组长", "副组长", "成员"][pi];
                // 何鹏 works at 县档案馆 and 冯磊 declares a relative in 卅里铺乡: the 回避 check
                // keeps them off those targets.
                let home = if *u == "team3.member" { units[3].id } else { office_org.id };
                let post = format!("县委{}{pos}", TEAM_NAMES[ti]);
                v.push(cast.user(u, n, Role::Team, Some(home), None, &post).await?);
            }
            team_users.push(v);
        }
        let conflict = ConflictInput { org_id: townships[2].id, reason: "配偶在卅里铺乡政府工作".into() };
        app.declare_conflict(&team_users[3][2], &conflict).await?;
        let gqb_secretary = cast.target("gqb.secretary", "韩永明", &townships[1], Role::TargetSecretary).await?;
        let gqb_liaison = cast.target("gqb.liaison", "贺晓琳", &townships[1], Role::TargetLiaison).await?;
        let zxh_secretary = cast.target("zxh.secretary", "武建平", &townships[0], Role::TargetSecretary).await?;
        let slp_secretary = cast.target("slp.secretary", "田志刚", &townships[2], Role::TargetSecretary).await?;
        let sjj_secretary = cast.target("sjj.secretary", "董立华", &units[0], Role::TargetSecretary).await?;
        let gsl_secretary = cast.target("gsl.secretary", "范文清", &units[1], Role::TargetSecretary).await?;
        let ngy_secretary = cast.target("ngy.secretary", "白玉堂", &nangaoya, Role::TargetSecretary).await?;
        let Cast { admin, accounts, .. } = cast;
        Ok(County {
            app,
            admin,
            office,
            office_deputy,
            accounts,
            aspects,
            county,
            units,
            townships,
            villages,
            xiajiatun,
            nangaoya,
            discipline,
            organisation,
            team_users,
            gqb_secretary,
            gqb_liaison,
            zxh_secretary,
            slp_secretary,
            sjj_secretary,
            gsl_secretary,
            ngy_secretary,
        })
    }

    /// The `i`-th aspect of [`ASPECTS`].
    pub fn aspect(&self, i: usize) -> Option<AspectId> {
        Some(self.aspects[i])
    }

    /// The actor as it stands now (team places and feedback change what it reaches).
    pub async fn now(&self, a: &Actor) -> AppResult<Actor> {
        self.app.actor(a.user_id).await
    }

    /// A county unit created later in the story.
    pub async fn add_unit(&self, name: &str, sample: bool) -> AppResult<OrganisationRecord> {
        let input = NewOrgInput {
            name: name.into(),
            kind: OrgKind::CountyUnit,
            parent_id: Some(self.county.id),
            is_sample: sample,
        };
        self.app.create_org(By::User(&self.admin), &input).await
    }
}

/// Creates organisations and accounts as the administrator, and lists the accounts to print.
struct Cast<'a> {
    app: &'a App,
    admin: Actor,
    accounts: Vec<DemoAccount>,
}

impl Cast<'_> {
    async fn org(
        &self,
        name: &str,
        kind: OrgKind,
        parent: Option<OrgId>,
        sample: bool,
    ) -> AppResult<OrganisationRecord> {
        let input = NewOrgInput { name: name.into(), kind, parent_id: parent, is_sample: sample };
        self.app.create_org(By::User(&self.admin), &input).await
    }

    async fn user(
        &mut self,
        username: &str,
        name: &str,
        role: Role,
        org: Option<OrgId>,
        body: Option<Body>,
        post: &str,
    ) -> AppResult<Actor> {
        let input = NewUserInput {
            username: username.into(),
            display_name: name.into(),
            password: DEMO_PASSWORD.into(),
            role,
            org_id: org,
            body,
            post: post.into(),
            must_change_password: false,
        };
        let u = self.app.create_user(By::User(&self.admin), &input).await?;
        self.accounts.push(DemoAccount { username: username.into(), role: role.label(), who: post.into() });
        self.app.actor(u.id).await
    }

    async fn target(&mut self, username: &str, name: &str, org: &OrganisationRecord, role: Role) -> AppResult<Actor> {
        let post = if role == Role::TargetSecretary {
            xuncha_domain::org::secretary_post(&org.name)
        } else {
            format!("{}整改联络员", org.name)
        };
        self.user(username, name, role, Some(org.id), None, &post).await
    }
}
