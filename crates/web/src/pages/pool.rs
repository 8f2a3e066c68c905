//! 巡察人才库 pages (the county's office): the pool with its counts by expertise, a cadre added
//! or changed (former posts and relatives typed one per line, as in the workbook), the years a
//! former post recuses for, the workbook out and in; a team drawn from the pool (from the
//! round's page), a draw read back with its exclusions and swaps, and a swap.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use xuncha_app::AppError;
use xuncha_app::pool::{
    CadreInput, CadreView, FormerPostInput, PoolImportOutcome, PoolView, PoolYearsInput, RelativeInput,
};
use xuncha_app::pool_accounts::{AccountRef, CadreConfirmInput, CadreLinkInput, CadreUnlinkInput};
use xuncha_app::pool_draws::{PoolDrawInput, PoolDrawView, PoolSwapInput};
use xuncha_app::roster::RosterMode;
use xuncha_app::views::OrganisationRecord;
use xuncha_documents::import::pool::{PoolImport, former_text, read_pool, relatives_text};
use xuncha_domain::FieldError;
use xuncha_domain::id::*;
use xuncha_domain::pool::{Expertise, Slot};

use super::{Checked, Chrome, Flash, PageResult, PageUser, done, refusal, render};
use crate::AppState;
use crate::extract::{Multipart, Path, Query};
use crate::upload::{parse_file, read_upload};

/// A form's refusals: each beside its field, the rest on top.
#[derive(Default)]
pub struct Errors(Vec<FieldError>);

impl Errors {
    pub fn err(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }
    pub fn general(&self, fields: &[&str]) -> Vec<&str> {
        self.0.iter().filter(|e| !fields.contains(&e.field.as_str())).map(|e| e.message.as_str()).collect()
    }
}

/// The cadre form as typed (any field may be missing or anything: kept across a refusal).
#[derive(Default, Clone)]
pub struct CadreForm(HashMap<String, String>);

impl CadreForm {
    pub fn get(&self, key: &str) -> &str {
        self.0.get(key).map_or("", String::as_str)
    }
    pub fn has(&self, e: &Expertise) -> bool {
        self.0.contains_key(&format!("e_{}", e.code()))
    }
    fn of(c: &CadreView) -> Self {
        let mut m = HashMap::new();
        m.insert("name".into(), c.name.clone());
        m.insert("org_id".into(), c.org_id.to_string());
        m.insert("post".into(), c.post.clone());
        m.insert("phone".into(), c.phone.clone());
        m.insert("note".into(), c.note.clone());
        m.insert("version".into(), c.version.to_string());
        if !c.active {
            m.insert("paused".into(), "on".into());
        }
        for e in &c.expertise {
            m.insert(format!("e_{}", e.code()), "on".into());
        }
        let former: Vec<(String, String, String)> = c
            .former_posts
            .iter()
            .map(|t| (t.org_name.clone(), t.detail.clone(), t.left_on.clone().unwrap_or_default()))
            .collect();
        m.insert("former".into(), former_text(&former));
        let relatives: Vec<(String, String)> =
            c.relatives.iter().map(|t| (t.org_name.clone(), t.detail.clone())).collect();
        m.insert("relatives".into(), relatives_text(&relatives));
        CadreForm(m)
    }

    /// The input, units named in the text areas found among `orgs`.
    fn input(&self, orgs: &[OrganisationRecord]) -> Result<CadreInput, AppError> {
        let org = |field: &str, name: &str| {
            orgs.iter()
                .find(|o| o.name == name.trim())
                .map(|o| o.id)
                .ok_or_else(|| AppError::invalid(field, format!("单位“{}”不存在(应写系统中的全称)", name.trim())))
        };
        let lines = |key: &str| -> Vec<Vec<String>> {
            self.get(key)
                .split(['\n', ';', ';'])
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| l.split(['/', '/']).map(|p| p.trim().to_string()).collect())
                .collect()
        };
        let mut former_posts = Vec::new();
        for parts in lines("former").into_iter().take(64) {
            let [unit, post, left_on] = parts.as_slice() else {
                return Err(AppError::invalid(
                    "former_posts",
                    "曾任职务每行写作“单位/职务/离任日期”,如“谷前堡镇党委/副镇长/2022-06-30”",
                ));
            };
            former_posts.push(FormerPostInput {
                org_id: org("former_posts", unit)?,
                post: post.clone(),
                left_on: left_on.clone(),
            });
        }
        let mut relatives = Vec::new();
        for parts in lines("relatives").into_iter().take(64) {
            let [unit, relation] = parts.as_slice() else {
                return Err(AppError::invalid("relatives", "亲属任职每行写作“单位/关系”,如“西堡村党支部/配偶”"));
            };
            relatives.push(RelativeInput { org_id: org("relatives", unit)?, relation: relation.clone() });
        }
        let org_id = self.get("org_id").trim().parse().map_err(|_| AppError::invalid("org_id", "请选择工作单位"))?;
        let version = match self.get("version").trim() {
            "" => None,
            v => Some(v.parse().map_err(|_| AppError::invalid("version", "版本号无效,请刷新页面后重试"))?),
        };
        Ok(CadreInput {
            name: self.get("name").to_string(),
            org_id: OrgId::new(org_id),
            post: self.get("post").to_string(),
            phone: self.get("phone").to_string(),
            expertise: Expertise::ALL.iter().copied().filter(|e| self.has(e)).collect(),
            former_posts,
            relatives,
            note: self.get("note").to_string(),
            active: !self.0.contains_key("paused"),
            version,
        })
    }
}

#[derive(Template)]
#[template(path = "pool.html")]
struct PoolPage {
    c: Chrome,
    p: PoolView,
    orgs: Vec<OrganisationRecord>,
    expertise: &'static [Expertise],
    /// Show only cadres with this expertise.
    only: Option<Expertise>,
    f: CadreForm,
    e: Errors,
    import: Option<(PoolImport, PoolImportOutcome)>,
}

impl PoolPage {
    fn is_only(&self, e: &Expertise) -> bool {
        self.only == Some(*e)
    }
}

#[derive(Template)]
#[template(path = "cadre.html")]
struct CadrePage {
    c: Chrome,
    v: CadreView,
    orgs: Vec<OrganisationRecord>,
    expertise: &'static [Expertise],
    f: CadreForm,
    e: Errors,
    history: Vec<xuncha_app::audit::HistoryEntry>,
    /// Accounts the office may link the cadre to (when they have none).
    accounts: Vec<AccountRef>,
    /// The account forms as typed (kept across a refusal).
    account_form: AccountForm,
}

#[derive(Template)]
#[template(path = "pool_draw.html")]
struct DrawPage {
    c: Chrome,
    d: PoolDrawView,
    /// Cadres who may be swapped in (in the pool, not paused), by name.
    candidates: Vec<CadreView>,
    e: Errors,
}

#[derive(serde::Deserialize, Default)]
pub struct PoolQuery {
    #[serde(default)]
    expertise: String,
    #[serde(default)]
    ok: Option<String>,
}

pub async fn show(State(s): State<AppState>, page: PageUser, Query(q): Query<PoolQuery>) -> PageResult<Response> {
    let only = Expertise::ALL.iter().copied().find(|e| e.code() == q.expertise);
    pool_page(&s, &page, q.ok.as_deref(), only, CadreForm::default(), Vec::new(), None).await
}

async fn pool_page(
    s: &AppState,
    page: &PageUser,
    ok: Option<&str>,
    only: Option<Expertise>,
    f: CadreForm,
    errors: Vec<FieldError>,
    import: Option<(PoolImport, PoolImportOutcome)>,
) -> PageResult<Response> {
    let mut p = s.app.pool(&page.actor).await?;
    if let Some(e) = only {
        p.cadres.retain(|c| c.expertise.contains(&e));
    }
    let orgs = s.app.list_orgs(&page.actor).await?;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let mut r = render(&PoolPage {
        c: page.chrome(s, "/pool", ok),
        p,
        orgs,
        expertise: Expertise::ALL,
        only,
        f,
        e: Errors(errors),
        import,
    });
    *r.status_mut() = status;
    Ok(r)
}

pub async fn add(
    State(s): State<AppState>,
    Checked(page, form): Checked<HashMap<String, String>>,
) -> PageResult<Response> {
    let f = CadreForm(form);
    let added = async {
        let orgs = s.app.list_orgs(&page.actor).await?;
        s.app.add_cadre(&page.actor, &f.input(&orgs)?).await
    };
    match refusal(added.await)? {
        None => Ok(done("/pool".into(), "cadre_added")),
        Some(errors) => pool_page(&s, &page, None, None, f, errors, None).await,
    }
}

pub async fn cadre(
    State(s): State<AppState>,
    page: PageUser,
    Path(id): Path<CadreId>,
    Query(q): Query<Flash>,
) -> PageResult<Response> {
    let v = s.app.cadre(&page.actor, id).await?;
    let f = CadreForm::of(&v);
    cadre_page(&s, &page, v, q.ok.as_deref(), f, Vec::new(), AccountForm::default()).await
}

async fn cadre_page(
    s: &AppState,
    page: &PageUser,
    v: CadreView,
    ok: Option<&str>,
    f: CadreForm,
    errors: Vec<FieldError>,
    account_form: AccountForm,
) -> PageResult<Response> {
    let orgs = s.app.list_orgs(&page.actor).await?;
    let history = super::history_of(s, &page.actor, "pool_cadre", v.id).await?;
    let accounts = if v.account.is_none() { s.app.linkable_accounts(&page.actor, v.id).await? } else { Vec::new() };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let mut r = render(&CadrePage {
        c: page.chrome(s, "/pool", ok),
        v,
        orgs,
        expertise: Expertise::ALL,
        f,
        e: Errors(errors),
        history,
        accounts,
        account_form,
    });
    *r.status_mut() = status;
    Ok(r)
}

pub async fn update(
    State(s): State<AppState>,
    Path(id): Path<CadreId>,
    Checked(page, form): Checked<HashMap<String, String>>,
) -> PageResult<Response> {
    let f = CadreForm(form);
    let saved = async {
        let orgs = s.app.list_orgs(&page.actor).await?;
        s.app.update_cadre(&page.actor, id, &f.input(&orgs)?).await
    };
    match refusal(saved.await)? {
        None => Ok(done(format!("/pool/{id}"), "saved")),
        Some(errors) => {
            let v = s.app.cadre(&page.actor, id).await?;
            cadre_page(&s, &page, v, None, f, errors, AccountForm::default()).await
        }
    }
}

/// The forms that link a cadre to an account or undo the link, as typed.
#[derive(Default, serde::Deserialize)]
pub struct AccountForm {
    #[serde(default)]
    version: String,
    #[serde(default)]
    user_id: String,
    #[serde(default)]
    reason: String,
}

impl AccountForm {
    fn version(&self) -> Result<i64, AppError> {
        self.version.trim().parse().map_err(|_| AppError::invalid("version", "版本号无效,请刷新页面后重试"))
    }
}

/// Links a cadre to the account the office chose.
pub async fn link_account(
    State(s): State<AppState>,
    Path(id): Path<CadreId>,
    Checked(page, f): Checked<AccountForm>,
) -> PageResult<Response> {
    let linked = async {
        let user_id =
            f.user_id.trim().parse().map(UserId::new).map_err(|_| AppError::invalid("user_id", "请选择系统账号"))?;
        s.app.link_cadre_account(&page.actor, id, &CadreLinkInput { version: f.version()?, user_id }).await
    };
    account_answer(&s, &page, id, refusal(linked.await)?, "account_linked", f).await
}

/// Records that the account linked by name is the cadre's own.
pub async fn confirm_account(
    State(s): State<AppState>,
    Path(id): Path<CadreId>,
    Checked(page, f): Checked<AccountForm>,
) -> PageResult<Response> {
    let confirmed =
        async { s.app.confirm_cadre_account(&page.actor, id, &CadreConfirmInput { version: f.version()? }).await };
    account_answer(&s, &page, id, refusal(confirmed.await)?, "account_confirmed", f).await
}

/// Undoes a cadre's link to an account, with the office's reason.
pub async fn unlink_account(
    State(s): State<AppState>,
    Path(id): Path<CadreId>,
    Checked(page, f): Checked<AccountForm>,
) -> PageResult<Response> {
    let unlinked = async {
        let input = CadreUnlinkInput { version: f.version()?, reason: f.reason.clone() };
        s.app.unlink_cadre_account(&page.actor, id, &input).await
    };
    let unlinked = unlinked.await;
    let ok = match &unlinked {
        Ok(o) if !o.left_teams.is_empty() => "account_unlinked_teams",
        _ => "account_unlinked",
    };
    account_answer(&s, &page, id, refusal(unlinked)?, ok, f).await
}

/// Back to the cadre's page: with the flash when done, else with the refusals beside the form.
async fn account_answer(
    s: &AppState,
    page: &PageUser,
    id: CadreId,
    errors: Option<Vec<FieldError>>,
    ok: &str,
    f: AccountForm,
) -> PageResult<Response> {
    match errors {
        None => Ok(done(format!("/pool/{id}"), ok)),
        Some(mut errors) => {
            // Shown beside the account forms, not atop the cadre's.
            for e in errors.iter_mut().filter(|e| e.field != "user_id" && e.field != "reason") {
                e.field = "account".into();
            }
            let v = s.app.cadre(&page.actor, id).await?;
            let form = CadreForm::of(&v);
            cadre_page(s, page, v, None, form, errors, f).await
        }
    }
}

#[derive(serde::Deserialize)]
pub struct YearsForm {
    #[serde(default)]
    years: String,
}

pub async fn years(State(s): State<AppState>, Checked(page, f): Checked<YearsForm>) -> PageResult<Response> {
    let set = async {
        let years = f.years.trim().parse().map_err(|_| AppError::invalid("years", "任职回避年限应为0到20的整数"))?;
        s.app.set_pool_years(&page.actor, &PoolYearsInput { years }).await
    };
    match refusal(set.await)? {
        None => Ok(done("/pool".into(), "saved")),
        Some(errors) => pool_page(&s, &page, None, None, CadreForm::default(), errors, None).await,
    }
}

pub async fn export(State(s): State<AppState>, page: PageUser) -> PageResult<Response> {
    Ok(crate::export::pool_download(&s, &page.actor).await?)
}

/// The workbook uploaded: a preview, or (as asked) the import of all rows or of the good ones.
pub async fn import(State(s): State<AppState>, page: PageUser, form: Multipart) -> PageResult<Response> {
    let up = read_upload(form).await?;
    page.check_csrf(up.field("csrf"))?;
    let mode = match up.field("mode") {
        "all" => RosterMode::All,
        "valid" => RosterMode::AcceptValid,
        _ => RosterMode::Preview,
    };
    let read = async {
        let (_, read) = parse_file(up.file("人才库")?.to_vec(), read_pool).await;
        read.map_err(|e| AppError::invalid("file", e))
    };
    let preview = match read.await {
        Ok(p) => p,
        Err(e) => {
            let errors = refusal::<()>(Err(e))?.unwrap_or_default();
            return pool_page(&s, &page, None, None, CadreForm::default(), errors, None).await;
        }
    };
    let outcome = s.app.import_pool(&page.actor, preview.to_rows(), preview.issues.len(), mode).await?;
    pool_page(&s, &page, None, None, CadreForm::default(), Vec::new(), Some((preview, outcome))).await
}

/// The draw form on a round's page: how many of each expertise, and any.
pub fn slots_of(form: &HashMap<String, String>) -> Result<Vec<Slot>, AppError> {
    let count = |key: &str| -> Result<u32, AppError> {
        match form.get(key).map(|v| v.trim()).unwrap_or("") {
            "" => Ok(0),
            v => v.parse().map_err(|_| AppError::invalid("slots", "抽取人数应为整数")),
        }
    };
    let mut slots = Vec::new();
    for e in Expertise::ALL {
        let n = count(&format!("n_{}", e.code()))?;
        if n > 0 {
            slots.push(Slot { expertise: Some(*e), count: n });
        }
    }
    let any = count("n_any")?;
    if any > 0 {
        slots.push(Slot { expertise: None, count: any });
    }
    Ok(slots)
}

async fn draw_page(
    s: &AppState,
    page: &PageUser,
    d: PoolDrawView,
    ok: Option<&str>,
    errors: Vec<FieldError>,
) -> PageResult<Response> {
    let candidates = s.app.pool(&page.actor).await?.cadres.into_iter().filter(|c| c.active).collect();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let mut r = render(&DrawPage { c: page.chrome(s, "", ok), d, candidates, e: Errors(errors) });
    *r.status_mut() = status;
    Ok(r)
}

/// A team drawn from the pool; then its draw's page (post/redirect/get: a refresh draws nothing).
pub async fn draw(
    State(s): State<AppState>,
    Path(team_id): Path<TeamId>,
    Checked(page, form): Checked<HashMap<String, String>>,
) -> PageResult<Response> {
    let round_id = form.get("round_id").and_then(|r| r.trim().parse().ok()).map(RoundId::new);
    let drawn = async {
        let input = PoolDrawInput { slots: slots_of(&form)?, note: form.get("note").cloned().unwrap_or_default() };
        s.app.draw_team(&page.actor, team_id, &input).await
    };
    let drawn = drawn.await;
    if let Ok(outcome) = drawn {
        return Ok(done(format!("/pool-draws/{}", outcome.draw.id), "pool_drawn"));
    }
    match (refusal(drawn)?, round_id) {
        (Some(errors), Some(r)) => {
            let mut resp = super::rounds::round_page(&s, &page, r, None, errors).await?;
            *resp.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(resp)
        }
        _ => Err(AppError::invalid("round_id", "缺少巡察轮次").into()),
    }
}

pub async fn show_draw(
    State(s): State<AppState>,
    page: PageUser,
    Path(id): Path<PoolDrawId>,
    Query(q): Query<Flash>,
) -> PageResult<Response> {
    let d = s.app.pool_draw(&page.actor, id).await?;
    draw_page(&s, &page, d, q.ok.as_deref(), Vec::new()).await
}

#[derive(serde::Deserialize)]
pub struct SwapForm {
    #[serde(default)]
    out_cadre_id: String,
    #[serde(default)]
    in_cadre_id: String,
    #[serde(default)]
    reason: String,
}

pub async fn swap(
    State(s): State<AppState>,
    Path(id): Path<PoolDrawId>,
    Checked(page, f): Checked<SwapForm>,
) -> PageResult<Response> {
    let swapped = async {
        let pick = |field: &str, v: &str| {
            v.trim().parse().map(CadreId::new).map_err(|_| AppError::invalid(field, "请从列表中选择人员"))
        };
        let input = PoolSwapInput {
            out_cadre_id: pick("out_cadre_id", &f.out_cadre_id)?,
            in_cadre_id: pick("in_cadre_id", &f.in_cadre_id)?,
            reason: f.reason.clone(),
        };
        s.app.swap_pool_member(&page.actor, id, &input).await
    };
    match refusal(swapped.await)? {
        None => Ok(done(format!("/pool-draws/{id}"), "pool_swapped")),
        Some(errors) => {
            let d = s.app.pool_draw(&page.actor, id).await?;
            draw_page(&s, &page, d, None, errors).await
        }
    }
}
