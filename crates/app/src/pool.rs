//! 巡察人才库: the cadres an office may draw its teams from — unit, post, expertise, the teams
//! they served on, their former posts and declared relatives — kept by the county's office,
//! entered one by one or imported from (and exported to) a workbook like the rosters. The
//! drawing of teams from the pool is in `pool_draws`.

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::Date;
use xuncha_domain::access::{Actor, Capability};
use xuncha_domain::action::{Action, On};
use xuncha_domain::error::Validator;
use xuncha_domain::id::*;
use xuncha_domain::org::OrgKind;
use xuncha_domain::pool::{self, AccountLink, Expertise, Target, Tie, TieKind};
use xuncha_domain::schema::DateText;
use xuncha_store::{Cadre, CadreFields, CadreService, CadreTie, Conn, NewTie, Organisation};

use crate::imports::ImportIssue;
use crate::inspections::reach_of;
use crate::pool_accounts::{AccountRef, account_ref, link_by_name};
use crate::roster::RosterMode;
use crate::{App, AppError, AppResult, By, check_version, json, require_visible};

/// A former post or a declared relative, as pages and the API show it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CadreTieView {
    pub org_id: OrgId,
    pub org_name: String,
    /// The post held (former posts) or the relation (relatives: 配偶, 兄弟 …).
    pub detail: String,
    /// The day a former post ended.
    #[schemars(with = "Option<DateText>")]
    pub left_on: Option<String>,
}

/// A team a cadre served on.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ServiceView {
    pub round_id: RoundId,
    pub round_name: String,
    pub team_id: TeamId,
    pub team_name: String,
}

/// A cadre of the pool with everything the office weighs when drawing.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CadreView {
    pub id: CadreId,
    pub name: String,
    pub org_id: OrgId,
    pub org_name: String,
    pub post: String,
    pub phone: String,
    pub expertise: Vec<Expertise>,
    /// May be drawn (a cadre on leave, retired or moved is kept but not drawn).
    pub active: bool,
    pub note: String,
    /// Has a team account (opened at the first draw that took them).
    pub has_account: bool,
    /// That account, and how it came to be the cadre's (a link by name may be a namesake's).
    pub account: Option<AccountRef>,
    pub account_link: AccountLink,
    pub former_posts: Vec<CadreTieView>,
    pub relatives: Vec<CadreTieView>,
    /// The teams served on, oldest round first.
    pub services: Vec<ServiceView>,
    pub version: i64,
}

impl CadreView {
    /// The account a draw opened for the cadre (theirs: no link to undo).
    pub fn account_opened(&self) -> bool {
        self.account.is_some() && self.account_link == AccountLink::Opened
    }
    /// Linked by name when added (not yet checked).
    pub fn linked_by_name(&self) -> bool {
        self.account_link == AccountLink::ByName
    }
    /// Linked and never checked (by name, or before links were kept): the page asks the office
    /// to make sure it is the same person; until then the cadre is not drawn.
    pub fn unverified_account(&self) -> bool {
        self.account.is_some() && self.account_link.unverified()
    }
    /// The office undid a link: a draw opens the cadre an account of their own.
    pub fn link_refused(&self) -> bool {
        self.account_link == AccountLink::Refused
    }
    /// "财务、审计".
    pub fn expertise_text(&self) -> String {
        pool::expertise_text(&self.expertise)
    }
}

/// How many active cadres have an expertise.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ExpertiseCount {
    pub expertise: Expertise,
    pub active: usize,
}

/// The pool as the office reads it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PoolView {
    pub cadres: Vec<CadreView>,
    /// How many years a former post recuses for.
    pub years: u32,
    pub by_expertise: Vec<ExpertiseCount>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormerPostInput {
    pub org_id: OrgId,
    #[schemars(length(max = 100))]
    pub post: String,
    /// The day the post ended.
    #[schemars(with = "DateText")]
    pub left_on: String,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RelativeInput {
    /// Where the relative works.
    pub org_id: OrgId,
    /// 配偶, 父母, 子女, 兄弟姐妹 … (at most 20 characters).
    #[schemars(length(max = 20))]
    pub relation: String,
}

/// A cadre as entered (a new one; with `version`, a change to one).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CadreInput {
    #[schemars(length(max = 50))]
    pub name: String,
    /// The unit the cadre works in.
    pub org_id: OrgId,
    #[serde(default)]
    #[schemars(length(max = 100))]
    pub post: String,
    #[serde(default)]
    #[schemars(length(max = 30))]
    pub phone: String,
    /// At least one.
    pub expertise: Vec<Expertise>,
    #[serde(default)]
    pub former_posts: Vec<FormerPostInput>,
    #[serde(default)]
    pub relatives: Vec<RelativeInput>,
    #[serde(default)]
    #[schemars(length(max = 500))]
    pub note: String,
    #[serde(default = "yes")]
    pub active: bool,
    /// The version read, when changing a cadre.
    #[serde(default)]
    pub version: Option<i64>,
}

fn yes() -> bool {
    true
}

/// How many years a former post recuses for.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PoolYearsInput {
    /// 0 (former posts never recuse) to 20.
    pub years: u32,
}

/// A row of a pool workbook that read well (units still by name).
#[derive(Debug, Clone)]
pub struct PoolRow {
    pub sheet: String,
    pub row: u32,
    pub name: String,
    pub unit: String,
    pub post: String,
    pub phone: String,
    pub expertise: Vec<Expertise>,
    /// (unit, post, left on).
    pub former_posts: Vec<(String, String, Date)>,
    /// (unit, relation).
    pub relatives: Vec<(String, String)>,
    pub active: bool,
    pub note: String,
    /// How the file labels the unit, former-post and relative columns, for issues.
    pub unit_column: String,
    pub former_column: String,
    pub relative_column: String,
}

#[derive(Debug, Clone, Copy, Default, Serialize, JsonSchema)]
pub struct PoolImportSummary {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct PoolImportOutcome {
    pub summary: PoolImportSummary,
    /// Rows the database refuses (an unknown unit …).
    pub issues: Vec<ImportIssue>,
    pub applied: bool,
}

/// The setting that holds the office's years (per county).
pub(crate) fn years_key(county: Option<OrgId>) -> String {
    match county {
        Some(c) => format!("pool_years:{c}"),
        None => "pool_years".into(),
    }
}

/// How many years a former post recuses for in a county: its own setting, else the one saved
/// for a database without counties, else the default.
pub(crate) async fn years_setting(conn: &mut Conn<'_>, county: Option<OrgId>) -> AppResult<u32> {
    let own = match county {
        Some(_) => conn.get_setting(&years_key(county)).await?,
        None => None,
    };
    let stored = match own {
        Some(s) => Some(s),
        None => conn.get_setting(&years_key(None)).await?,
    };
    Ok(stored.and_then(|s| s.parse().ok()).unwrap_or(pool::DEFAULT_YEARS).min(pool::MAX_YEARS))
}

/// The organisations by id, with their parents, to walk up from any of them.
pub(crate) struct OrgTree(HashMap<OrgId, (Option<OrgId>, String, OrgKind)>);

impl OrgTree {
    pub(crate) fn new(orgs: &[Organisation]) -> Self {
        OrgTree(orgs.iter().map(|o| (o.id, (o.parent_id, o.name.clone(), o.kind))).collect())
    }
    /// The ancestors of an organisation, parent first (bounded: a cycle written behind the
    /// system's back cannot loop).
    pub(crate) fn above(&self, id: OrgId) -> Vec<OrgId> {
        let mut out = Vec::new();
        let mut at = self.0.get(&id).and_then(|(p, _, _)| *p);
        while let Some(p) = at {
            if out.contains(&p) || out.len() >= 32 {
                break;
            }
            out.push(p);
            at = self.0.get(&p).and_then(|(pp, _, _)| *pp);
        }
        out
    }
    pub(crate) fn name(&self, id: OrgId) -> String {
        self.0.get(&id).map(|(_, n, _)| n.clone()).unwrap_or_default()
    }
    pub(crate) fn tie(&self, org_id: OrgId, kind: TieKind) -> Tie {
        Tie { org_id, org_name: self.name(org_id), above: self.above(org_id), kind }
    }
    /// A team's target for the recusal rule: its parent supervises it unless that parent is a
    /// county or city committee (which stands above every target).
    pub(crate) fn target(&self, org_id: OrgId) -> Target {
        let parent = self.0.get(&org_id).and_then(|(p, _, _)| *p);
        let committee = |p: &OrgId| {
            self.0.get(p).is_some_and(|(_, _, k)| matches!(k, OrgKind::CountyCommittee | OrgKind::CityCommittee))
        };
        Target {
            org_id,
            name: self.name(org_id),
            above: self.above(org_id),
            supervisor: parent.filter(|p| !committee(p)),
        }
    }
}

/// A cadre's ties for the recusal rule: home, former posts, relatives, and what their account
/// declared (回避申报).
pub(crate) fn ties_of(tree: &OrgTree, cadre: &Cadre, kept: &[CadreTie], declared: &[OrgId]) -> Vec<Tie> {
    let mut out = vec![tree.tie(cadre.org_id, TieKind::Home)];
    for t in kept.iter().filter(|t| t.cadre_id == cadre.id) {
        out.push(tree.tie(t.org_id, tie_kind(t)));
    }
    out.extend(declared.iter().map(|o| tree.tie(*o, TieKind::Declared)));
    out
}

/// The kind of a kept tie: a former post with the day it was left, else a relative.
pub(crate) fn tie_kind(t: &CadreTie) -> TieKind {
    match (t.kind.as_str(), t.left_on) {
        ("former", Some(left_on)) => TieKind::Former { post: t.detail.clone(), left_on },
        _ => TieKind::Relative { relation: t.detail.clone() },
    }
}

/// The accounts cadres hold, by id, as the pool shows them.
async fn accounts(conn: &mut Conn<'_>) -> AppResult<HashMap<UserId, AccountRef>> {
    let orgs: HashMap<OrgId, String> = conn.list_orgs().await?.into_iter().map(|o| (o.id, o.name)).collect();
    let name_of = |o: OrgId| orgs.get(&o).cloned().unwrap_or_default();
    Ok(conn.list_users().await?.iter().map(|u| (u.id, account_ref(u, name_of))).collect())
}

fn view(c: Cadre, ties: &[CadreTie], services: &[CadreService], accounts: &HashMap<UserId, AccountRef>) -> CadreView {
    let tie_view = |t: &CadreTie| CadreTieView {
        org_id: t.org_id,
        org_name: t.org_name.clone(),
        detail: t.detail.clone(),
        left_on: t.left_on.map(|d| d.to_string()),
    };
    let mine = || ties.iter().filter(|t| t.cadre_id == c.id);
    CadreView {
        former_posts: mine().filter(|t| t.kind == "former").map(tie_view).collect(),
        relatives: mine().filter(|t| t.kind != "former").map(tie_view).collect(),
        services: services
            .iter()
            .filter(|s| s.cadre_id == c.id)
            .map(|s| ServiceView {
                round_id: s.round_id,
                round_name: s.round_name.clone(),
                team_id: s.team_id,
                team_name: s.team_name.clone(),
            })
            .collect(),
        expertise: codes_to_expertise(&c.expertise),
        has_account: c.user_id.is_some(),
        account: c.user_id.and_then(|u| accounts.get(&u).cloned()),
        account_link: c.account_link,
        id: c.id,
        name: c.name,
        org_id: c.org_id,
        org_name: c.org_name,
        post: c.post,
        phone: c.phone,
        active: c.active,
        note: c.note,
        version: c.version,
    }
}

/// The stored codes ("finance,audit") as expertise; an unknown code is skipped (the column is
/// written by this module only).
pub(crate) fn codes_to_expertise(codes: &str) -> Vec<Expertise> {
    codes.split(',').filter_map(|c| Expertise::parse("expertise", c).ok()).collect()
}

fn expertise_codes(list: &[Expertise]) -> String {
    list.iter().map(|e| e.code()).collect::<Vec<_>>().join(",")
}

/// A cadre's fields and ties, checked, with units resolved.
struct Checked {
    name: String,
    org_id: OrgId,
    post: String,
    phone: String,
    expertise: String,
    note: String,
    active: bool,
    /// (kind, org, detail, left on).
    ties: Vec<(&'static str, OrgId, String, Option<Date>)>,
}

impl Checked {
    fn fields(&self) -> CadreFields<'_> {
        CadreFields {
            name: &self.name,
            org_id: self.org_id,
            post: &self.post,
            phone: &self.phone,
            expertise: &self.expertise,
            active: self.active,
            note: &self.note,
        }
    }
    fn new_ties(&self) -> Vec<NewTie<'_>> {
        self.ties
            .iter()
            .map(|(kind, org_id, detail, left_on)| NewTie { kind, org_id: *org_id, detail, left_on: *left_on })
            .collect()
    }
}

/// What separates entries and their parts in a former-post or relative cell.
const SEPARATORS: [char; 4] = ['/', '/', ';', ';'];

/// At most this many former posts and relatives per cadre.
const MAX_TIES: usize = 20;

fn check_text(v: &mut Validator, name: &str, post: &str, phone: &str, note: &str) {
    v.required("name", "姓名", name)
        .max_chars("name", "姓名", name, 50)
        .plain("name", "姓名", name)
        .max_chars("post", "职务", post, 100)
        .plain("post", "职务", post)
        .max_chars("phone", "联系电话", phone, 30)
        .plain("phone", "联系电话", phone)
        .max_chars("note", "备注", note, 500);
}

impl App {
    /// The organisations the actor may put cadres in (its jurisdiction; all without one).
    async fn unit_in_reach(&self, conn: &mut Conn<'_>, actor: &Actor, org_id: OrgId) -> AppResult<bool> {
        Ok(conn.get_org(org_id).await?.is_some() && reach_of(conn, actor).await?.is_none_or(|r| r.contains(&org_id)))
    }

    /// How many years a former post recuses for in the actor's county.
    pub async fn pool_years(&self, actor: &Actor) -> AppResult<u32> {
        let county = actor.jurisdiction.as_ref().and_then(|j| j.county());
        years_setting(&mut self.store.read().await?.conn(), county).await
    }

    pub async fn set_pool_years(&self, actor: &Actor, input: &PoolYearsInput) -> AppResult<u32> {
        if input.years > pool::MAX_YEARS {
            return Err(AppError::invalid("years", format!("任职回避年限应为0到{}年", pool::MAX_YEARS)));
        }
        let before = self.pool_years(actor).await?;
        let county = actor.jurisdiction.as_ref().and_then(|j| j.county());
        let mut tx = self.write_as(By::User(actor), Capability::ManagePool).await?;
        tx.conn().put_setting(&years_key(county), &input.years.to_string()).await?;
        let summary = format!("曾任职务回避年限由{before}年改为{}年", input.years);
        tx.record(Action::SettingPoolYears, On::NONE, &summary, &before.to_string(), &input.years.to_string()).await?;
        tx.commit().await?;
        Ok(input.years)
    }

    /// The pool: every cadre in the actor's reach, with ties and services.
    pub async fn pool(&self, actor: &Actor) -> AppResult<PoolView> {
        require_visible(actor, Capability::ManagePool)?;
        let years = self.pool_years(actor).await?;
        let mut h = self.store.read().await?;
        let reach = reach_of(&mut h.conn(), actor).await?;
        let cadres = h.conn().list_cadres().await?;
        let ties = h.conn().list_cadre_ties(None).await?;
        let services = h.conn().cadre_services().await?;
        let accounts = accounts(&mut h.conn()).await?;
        let cadres: Vec<CadreView> = cadres
            .into_iter()
            .filter(|c| reach.as_ref().is_none_or(|r| r.contains(&c.org_id)))
            .map(|c| view(c, &ties, &services, &accounts))
            .collect();
        let by_expertise = Expertise::ALL
            .iter()
            .map(|e| ExpertiseCount {
                expertise: *e,
                active: cadres.iter().filter(|c| c.active && c.expertise.contains(e)).count(),
            })
            .collect();
        Ok(PoolView { cadres, years, by_expertise })
    }

    pub async fn cadre(&self, actor: &Actor, id: CadreId) -> AppResult<CadreView> {
        self.pool(actor).await?.cadres.into_iter().find(|c| c.id == id).ok_or(AppError::NotFound)
    }

    /// Checks a cadre as entered against the rules and the database.
    async fn check_cadre(&self, conn: &mut Conn<'_>, actor: &Actor, input: &CadreInput) -> AppResult<Checked> {
        let (name, post, phone, note) = (input.name.trim(), input.post.trim(), input.phone.trim(), input.note.trim());
        let mut v = Validator::new();
        check_text(&mut v, name, post, phone, note);
        v.check(!input.expertise.is_empty(), "expertise", "请至少选择一项专长")
            .check(input.expertise.len() <= pool::MAX_EXPERTISE, "expertise", "专长过多")
            .check(input.former_posts.len() <= MAX_TIES, "former_posts", format!("曾任职务最多{MAX_TIES}条"))
            .check(input.relatives.len() <= MAX_TIES, "relatives", format!("亲属任职最多{MAX_TIES}条"));
        // The workbook and the form separate entries with these: a post may not hold them.
        let separated = |t: &str| t.contains(SEPARATORS);
        for f in &input.former_posts {
            v.required("former_posts", "曾任职务", f.post.trim())
                .max_chars("former_posts", "曾任职务", f.post.trim(), 100)
                .plain("former_posts", "曾任职务", &f.post)
                .check(!separated(&f.post), "former_posts", "曾任职务中不能含有“/”或“;”(表格用它们分隔各项)");
        }
        for r in &input.relatives {
            v.required("relatives", "亲属关系", r.relation.trim())
                .max_chars("relatives", "亲属关系", r.relation.trim(), 20)
                .plain("relatives", "亲属关系", &r.relation)
                .check(!separated(&r.relation), "relatives", "亲属关系中不能含有“/”或“;”(表格用它们分隔各项)");
        }
        v.finish()?;
        if !self.unit_in_reach(conn, actor, input.org_id).await? {
            return Err(AppError::invalid("org_id", "工作单位不存在"));
        }
        let today = self.today();
        let mut ties = Vec::new();
        for f in &input.former_posts {
            let left_on = crate::inputs::date("former_posts", "离任日期", &f.left_on)?;
            if left_on > today {
                return Err(AppError::invalid("former_posts", "离任日期不能晚于今天"));
            }
            if !self.unit_in_reach(conn, actor, f.org_id).await? {
                return Err(AppError::invalid("former_posts", "曾任职单位不存在"));
            }
            ties.push(("former", f.org_id, f.post.trim().to_string(), Some(left_on)));
        }
        for r in &input.relatives {
            if conn.get_org(r.org_id).await?.is_none() {
                return Err(AppError::invalid("relatives", "亲属任职单位不存在"));
            }
            ties.push(("relative", r.org_id, r.relation.trim().to_string(), None));
        }
        let mut expertise: Vec<Expertise> = Vec::new();
        for e in &input.expertise {
            if !expertise.contains(e) {
                expertise.push(*e);
            }
        }
        Ok(Checked {
            name: name.to_string(),
            org_id: input.org_id,
            post: post.to_string(),
            phone: phone.to_string(),
            expertise: expertise_codes(&expertise),
            note: note.to_string(),
            active: input.active,
            ties,
        })
    }

    /// Adds a cadre to the pool.
    pub async fn add_cadre(&self, actor: &Actor, input: &CadreInput) -> AppResult<CadreView> {
        let mut tx = self.write_as(By::User(actor), Capability::ManagePool).await?;
        let c = self.check_cadre(&mut tx.conn(), actor, input).await?;
        let id = tx
            .conn()
            .insert_cadre(&c.fields())
            .await
            .map_err(crate::error::on_duplicate("name", "该单位已有同名人员在库"))?;
        tx.conn().replace_cadre_ties(id, &c.new_ties()).await?;
        link_by_name(&mut tx.conn(), id).await?;
        let after = self.cadre_image(&mut tx.conn(), id).await?;
        tx.record(
            Action::PoolCadreAdd,
            id,
            &format!("{}({})加入巡察人才库", c.name, after.org_name),
            "{}",
            &json(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Changes a cadre's fields and ties (the version read must still be current).
    pub async fn update_cadre(&self, actor: &Actor, id: CadreId, input: &CadreInput) -> AppResult<CadreView> {
        let version = input.version.ok_or_else(|| AppError::invalid("version", "缺少版本号"))?;
        let mut tx = self.write_as(By::User(actor), Capability::ManagePool).await?;
        let old = tx.conn().get_cadre(id).await?.ok_or(AppError::NotFound)?;
        if !self.unit_in_reach(&mut tx.conn(), actor, old.org_id).await? {
            return Err(AppError::NotFound);
        }
        check_version(version, old.version)?;
        let before = self.cadre_image(&mut tx.conn(), id).await?;
        let c = self.check_cadre(&mut tx.conn(), actor, input).await?;
        tx.conn()
            .update_cadre(id, version, &c.fields())
            .await
            .map_err(crate::error::on_duplicate("name", "该单位已有同名人员在库"))?;
        tx.conn().replace_cadre_ties(id, &c.new_ties()).await?;
        let after = self.cadre_image(&mut tx.conn(), id).await?;
        tx.record(Action::PoolCadreUpdate, id, &format!("更新{}的人才库信息", c.name), &json(&before), &json(&after))
            .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// A cadre as the trail keeps it.
    pub(crate) async fn cadre_image(&self, conn: &mut Conn<'_>, id: CadreId) -> AppResult<CadreView> {
        let c = conn.get_cadre(id).await?.ok_or(AppError::NotFound)?;
        let ties = conn.list_cadre_ties(Some(id)).await?;
        // Only the cadre's own account: an import writes an image per row.
        let mut account = HashMap::new();
        let user = match c.user_id {
            Some(id) => conn.get_user(id).await?,
            None => None,
        };
        if let Some(u) = user {
            let unit = match u.org_id {
                Some(o) => conn.get_org(o).await?.map(|o| o.name).unwrap_or_default(),
                None => String::new(),
            };
            account.insert(u.id, account_ref(&u, |_| unit.clone()));
        }
        Ok(view(c, &ties, &[], &account))
    }

    /// Imports a pool workbook's rows: a cadre is matched by name and unit, added or updated
    /// (ties replaced by the file's). `format_issues` counts the rows the reader refused, so
    /// that `RosterMode::All` writes nothing when any row of the file is wrong.
    pub async fn import_pool(
        &self,
        actor: &Actor,
        rows: &[PoolRow],
        format_issues: usize,
        mode: RosterMode,
    ) -> AppResult<PoolImportOutcome> {
        let mut tx = self.write_as(By::User(actor), Capability::ManagePool).await?;
        let reach = reach_of(&mut tx.conn(), actor).await?;
        let orgs = tx.conn().list_orgs().await?;
        let org_named = |name: &str| {
            orgs.iter().find(|o| o.name == name && reach.as_ref().is_none_or(|r| r.contains(&o.id))).map(|o| o.id)
        };
        let existing = tx.conn().list_cadres().await?;
        let mut s = PoolImportSummary::default();
        let mut issues = Vec::new();
        let issue = |r: &PoolRow, column: &str, message: String| ImportIssue {
            sheet: r.sheet.clone(),
            row: r.row,
            column: column.to_string(),
            message,
        };
        for r in rows {
            let Some(org_id) = org_named(&r.unit) else {
                issues.push(issue(r, &r.unit_column, format!("工作单位“{}”不存在", r.unit)));
                continue;
            };
            let mut input = CadreInput {
                name: r.name.clone(),
                org_id,
                post: r.post.clone(),
                phone: r.phone.clone(),
                expertise: r.expertise.clone(),
                former_posts: Vec::new(),
                relatives: Vec::new(),
                note: r.note.clone(),
                active: r.active,
                version: None,
            };
            let mut unknown = None;
            for (unit, post, left_on) in &r.former_posts {
                match org_named(unit) {
                    Some(org_id) => input.former_posts.push(FormerPostInput {
                        org_id,
                        post: post.clone(),
                        left_on: left_on.to_string(),
                    }),
                    None => unknown = Some(issue(r, &r.former_column, format!("曾任职单位“{unit}”不存在"))),
                }
            }
            for (unit, relation) in &r.relatives {
                match org_named(unit) {
                    Some(org_id) => input.relatives.push(RelativeInput { org_id, relation: relation.clone() }),
                    None => unknown = Some(issue(r, &r.relative_column, format!("亲属任职单位“{unit}”不存在"))),
                }
            }
            if let Some(i) = unknown {
                issues.push(i);
                continue;
            }
            let c = match self.check_cadre(&mut tx.conn(), actor, &input).await {
                Ok(c) => c,
                Err(AppError::Invalid(list)) => {
                    for e in list {
                        let column = match e.field.as_str() {
                            "org_id" => r.unit_column.clone(),
                            "former_posts" => r.former_column.clone(),
                            "relatives" => r.relative_column.clone(),
                            "name" => "姓名".into(),
                            "post" => "职务".into(),
                            "phone" => "联系电话".into(),
                            "expertise" => "专长".into(),
                            _ => "备注".into(),
                        };
                        issues.push(issue(r, &column, e.message));
                    }
                    continue;
                }
                Err(e) => return Err(e),
            };
            // The same name in another unit may be the same person moved: the office says so on
            // the pool page (changing the unit) rather than an import making a second record.
            if let Some(other) = existing.iter().find(|e| e.name == c.name && e.org_id != org_id) {
                let m = format!(
                    "库中已有{}({}),如系调动请在人才库页面修改其工作单位;如系同名的另一人请逐个添加",
                    c.name, other.org_name
                );
                issues.push(issue(r, "姓名", m));
                continue;
            }
            match existing.iter().find(|e| e.name == c.name && e.org_id == org_id) {
                Some(old) => {
                    let old_ties = tx.conn().list_cadre_ties(Some(old.id)).await?;
                    let same_ties = old_ties.len() == c.ties.len()
                        && old_ties.iter().zip(&c.ties).all(|(a, (kind, org, detail, left_on))| {
                            a.kind == *kind && a.org_id == *org && a.detail == *detail && a.left_on == *left_on
                        });
                    if same_ties
                        && (&old.post, &old.phone, &old.expertise, old.active, &old.note)
                            == (&c.post, &c.phone, &c.expertise, c.active, &c.note)
                    {
                        s.unchanged += 1;
                        continue;
                    }
                    let before = self.cadre_image(&mut tx.conn(), old.id).await?;
                    tx.conn().update_cadre(old.id, old.version, &c.fields()).await?;
                    tx.conn().replace_cadre_ties(old.id, &c.new_ties()).await?;
                    let after = self.cadre_image(&mut tx.conn(), old.id).await?;
                    let summary = format!("人才库导入:更新{}的信息", c.name);
                    tx.record(Action::PoolCadreUpdate, old.id, &summary, &json(&before), &json(&after)).await?;
                    s.updated += 1;
                }
                None => {
                    let id = tx.conn().insert_cadre(&c.fields()).await?;
                    tx.conn().replace_cadre_ties(id, &c.new_ties()).await?;
                    link_by_name(&mut tx.conn(), id).await?;
                    let after = self.cadre_image(&mut tx.conn(), id).await?;
                    let summary = format!("人才库导入:{}({})加入巡察人才库", c.name, after.org_name);
                    tx.record(Action::PoolCadreAdd, id, &summary, "{}", &json(&after)).await?;
                    s.created += 1;
                }
            }
        }
        let clean = issues.is_empty() && format_issues == 0;
        let applied = mode == RosterMode::AcceptValid || (mode == RosterMode::All && clean);
        if applied && (s.created + s.updated) > 0 {
            tx.commit().await?;
        } else {
            tx.rollback().await?;
        }
        Ok(PoolImportOutcome { summary: s, issues, applied })
    }
}
