//! Server-rendered pages (zh-CN). Handlers call the same use cases as the JSON API; forms post
//! back, errors re-render beside their fields, success redirects (post/redirect/get).

mod accounts;
mod assessment;
mod auth;
mod charts;
mod comments;
mod concepts;
mod county;
mod escalation;
mod home;
mod import;
mod inspection;
mod ledger;
mod library;
mod measure;
mod organisation;
mod plan;
mod pool;
mod problem;
mod recheck;
mod rounds;
mod search;
mod team;

use askama::Template;
use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::CookieJar;
use sha2::{Digest, Sha256};
use xuncha_app::AppError;
use xuncha_app::views::UserRecord;
use xuncha_domain::access::{Actor, Capability, Reach, allowed};

use crate::AppState;
use crate::session::COOKIE;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route(
            "/static/app.css",
            get(|| async { asset("text/css; charset=utf-8", include_str!("../../static/app.css")) }),
        )
        .route(
            "/static/app.js",
            get(|| async { asset("text/javascript; charset=utf-8", include_str!("../../static/app.js")) }),
        )
        .route("/favicon.svg", get(|| async { favicon() }))
        .route("/login", get(auth::login_page).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/password", get(auth::password_page).post(auth::change_password))
        .route("/search", get(search::show))
        .route("/ledger", get(ledger::show))
        .route("/ledger/export", get(ledger::export))
        .route("/ledger/print", get(ledger::print))
        .route("/rounds", get(rounds::list).post(rounds::create))
        .route("/rounds/{id}", get(rounds::show))
        .route("/rounds/{id}/teams", post(rounds::create_team))
        .route("/teams/{id}/members", post(rounds::add_member))
        .route("/teams/{id}/members/remove", post(rounds::remove_member))
        .route("/rounds/{id}/inspections", post(rounds::create_inspection))
        .route("/notifications", get(home::notifications))
        .route("/admin/users", post(home::create_user))
        .route("/admin/organisations", post(home::create_org))
        .route("/admin/import", get(import::roster_form).post(import::roster_preview))
        .route("/admin/onboarding", post(accounts::onboard))
        .route("/admin/users/{id}/reset", post(accounts::reset))
        .route("/admin/users/{id}/unlock", post(accounts::unlock))
        .route("/admin/accounts", get(accounts::list).post(accounts::disable))
        .route("/admin/import/confirm", post(import::roster_confirm))
        .route("/orgs/{id}", get(organisation::show))
        .route("/county", get(county::show))
        .route("/library", get(library::show).post(library::preview))
        .route("/library/confirm", post(library::confirm))
        .route("/library/editions/{number}", get(library::file))
        .route("/library/concepts", get(concepts::show).post(concepts::preview))
        .route("/library/concepts/confirm", post(concepts::confirm))
        .route("/library/concepts/editions/{number}", get(concepts::file))
        .route("/inspections/{id}", get(inspection::show))
        .route("/inspections/{id}/earlier/{problem_id}", get(inspection::earlier))
        .route("/inspections/{id}/tips", get(team::tips).post(team::register_tip))
        .route("/tips/{id}", post(team::handle_tip))
        .route("/tips/{id}/tipper", post(team::unseal))
        .route("/inspections/{id}/problems", post(team::draft_problem))
        .route("/problems/{id}/sign", post(team::sign_problem))
        .route("/problems/{id}/return", post(team::return_problem))
        .route("/problems/{id}", get(problem::show))
        .route("/problems/{id}/rebound", post(problem::set_rebound))
        .route("/problems/{id}/typical", post(problem::classify))
        .route("/problems/{id}/rebound-decisions", post(problem::decide_rebound))
        .route("/inspections/{id}/feedback", post(team::feedback))
        .route("/inspections/{id}/announcement", post(team::announcement))
        .route("/inspections/{id}/transfers", post(team::transfer))
        .route("/inspections/{id}/disclosures", post(team::draft_disclosure))
        .route("/inspections/{id}/archives", post(inspection::make_archive))
        .route("/disclosures/{id}/decision", post(team::decide_disclosure))
        .route("/inspections/{id}/import", get(import::ledger_form).post(import::ledger_preview))
        .route("/inspections/{id}/import/confirm", post(import::ledger_confirm))
        .route("/inspections/{id}/documents/{kind}", get(inspection::document))
        .route("/inspections/{id}/plan", get(plan::show))
        .route("/inspections/{id}/plan/submit", post(plan::submit))
        .route("/inspections/{id}/plan/review", post(plan::review))
        .route("/problems/{id}/measures", post(plan::add_measure))
        .route("/measures/{id}/edit", post(plan::edit_measure))
        .route("/measures/{id}/delete", post(plan::delete_measure))
        .route("/transfers/{id}/outcome", post(home::record_outcome))
        .route("/transfers/{id}/progress", post(home::report_progress))
        .route("/measures/{id}", get(measure::show))
        .route("/measures/{id}/progress", post(measure::progress))
        .route("/measures/{id}/evidence", post(measure::upload))
        .route("/measures/{id}/close", post(measure::close))
        .route("/measures/{id}/reopen", post(measure::reopen))
        .route("/measures/{id}/extensions", post(measure::request_extension))
        .route("/extensions/{id}/decision", post(measure::decide_extension))
        .route("/measures/{id}/clock-pause", post(measure::pause_clock))
        .route("/measures/{id}/clock-resume", post(measure::resume_clock))
        .route("/inspections/{id}/escalations", get(escalation::show).post(escalation::take))
        .route("/rounds/{id}/escalations", get(escalation::round).post(escalation::take_round))
        .route("/rounds/{id}/rechecks", get(recheck::round).post(recheck::draw))
        .route("/recheck-draws/{id}", get(recheck::show_draw))
        .route("/recheck-items/{id}", get(recheck::item))
        .route("/recheck-items/{id}/evidence", post(recheck::upload))
        .route("/recheck-items/{id}/result", post(recheck::result))
        .route("/pool", get(pool::show).post(pool::add))
        .route("/pool/years", post(pool::years))
        .route("/pool/export", get(pool::export))
        .route("/pool/import", post(pool::import))
        .route("/pool/{id}", get(pool::cadre).post(pool::update))
        .route("/pool/{id}/account", post(pool::link_account))
        .route("/pool/{id}/account/confirm", post(pool::confirm_account))
        .route("/pool/{id}/account/unlink", post(pool::unlink_account))
        .route("/teams/{id}/pool-draw", post(pool::draw))
        .route("/pool-draws/{id}", get(pool::show_draw))
        .route("/pool-draws/{id}/swap", post(pool::swap))
        .route("/rounds/{id}/comments", get(comments::round))
        .route("/comments/{id}/approve", post(comments::approve))
        .route("/comments/{id}/reject", post(comments::reject))
        .route("/comments/{id}/answer", post(comments::answer))
        .route("/comments/{id}/convert", post(comments::convert))
        .route("/comments/{id}/commenter", post(comments::commenter))
        .route("/inspections/{id}/assessment", get(assessment::show).post(assessment::assess))
        .route("/inspections/{id}/mechanisms", post(assessment::add_mechanism))
        .route("/rounds/{id}/assessments", get(assessment::round))
        .route("/settings/assessment", get(assessment::sheet).post(assessment::save_sheet))
}

/// The tab icon, on both sites (an SVG: one file, any size).
pub fn favicon() -> Response {
    asset("image/svg+xml", include_str!("../../static/favicon.svg"))
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=3600")], body).into_response()
}

/// The signed-in user on a page; without a session the browser goes to the login page.
pub struct PageUser {
    pub user: UserRecord,
    pub actor: Actor,
    token: String,
}

impl FromRequestParts<AppState> for PageUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let login = || Redirect::to("/login").into_response();
        let Some(token) = CookieJar::from_headers(&parts.headers).get(COOKIE).map(|c| c.value().to_string()) else {
            return Err(login());
        };
        match state.app.session_actor(&token).await {
            // An initial password opens the password page (and signing out), nothing else.
            Ok((user, _)) if user.must_change_password && !matches!(parts.uri.path(), "/password" | "/logout") => {
                Err(Redirect::to("/password").into_response())
            }
            Ok((user, actor)) => Ok(PageUser { user, actor, token }),
            Err(AppError::Unauthenticated) => Err(login()),
            Err(e) => Err(PageError(e).into_response()),
        }
    }
}

/// A page form from a signed-in user, its token checked before anything else in it is read.
/// Every state-changing page handler takes its form this way (uploads check the token of their
/// multipart form), so the check cannot be forgotten: `Checked(page, form): Checked<T>`.
pub struct Checked<T>(pub PageUser, pub T);

/// A form with nothing but its token (a button), checked by `Checked`.
#[derive(serde::Deserialize)]
pub struct CsrfOnly {}

impl<T: serde::de::DeserializeOwned> axum::extract::FromRequest<AppState> for Checked<T> {
    type Rejection = Response;

    async fn from_request(req: axum::extract::Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = req.into_parts();
        let page = PageUser::from_request_parts(&mut parts, state).await?;
        let req = axum::extract::Request::from_parts(parts, body);
        let (uri, bytes) = crate::extract::form_body(req, state).await.map_err(IntoResponse::into_response)?;
        let sent = form_urlencoded::parse(&bytes).find(|(k, _)| k == "csrf").map(|(_, v)| v.into_owned());
        page.check_csrf(&sent.unwrap_or_default()).map_err(IntoResponse::into_response)?;
        let form = crate::extract::decode_form(&uri, &bytes).map_err(IntoResponse::into_response)?;
        Ok(Checked(page, form))
    }
}

impl PageUser {
    /// The form token of this session: derived from the session secret, so another site cannot
    /// know it, and it changes with every login.
    pub fn csrf(&self) -> String {
        csrf_for(&self.token)
    }

    /// Refuses a form whose token does not match (constant-time comparison).
    pub fn check_csrf(&self, sent: &str) -> Result<(), PageError> {
        if constant_time_eq(self.csrf().as_bytes(), sent.as_bytes()) {
            Ok(())
        } else {
            Err(PageError(AppError::Forbidden))
        }
    }

    /// The page frame: who is signed in, the menu for the role, the form token.
    pub fn chrome(&self, state: &AppState, current: &str, flash: Option<&str>) -> Chrome {
        // The menu follows the rule: what the actor may read, where its lists start.
        let (actor, reach) = (&self.actor, self.actor.reach());
        let mut nav = vec![("/", "首页")];
        if allowed(actor, Capability::ReadCountyOverview) {
            nav.push(("/county", "全县概况"));
        }
        if allowed(actor, Capability::ReadRounds) {
            nav.push(("/rounds", "巡察轮次"));
        }
        if allowed(actor, Capability::ManagePool) {
            nav.push(("/pool", "人才库"));
        }
        if matches!(reach, Reach::Every | Reach::Teams(_) | Reach::Own(_)) {
            nav.push(("/ledger", "整改台账"));
        }
        if allowed(actor, Capability::ReadRounds) {
            nav.push(("/library", "问题库"));
        }
        if reach != Reach::Nothing {
            nav.push(("/notifications", "提醒"));
            nav.push(("/search", "搜索"));
        }
        if allowed(actor, Capability::Administer) {
            nav.push(("/api/openapi.json", "接口文档"));
        }
        nav.push(("/password", "修改密码"));
        // An initial password opens nothing but its own change.
        if self.user.must_change_password {
            nav.retain(|(href, _)| *href == "/password");
        }
        Chrome {
            user_id: self.user.id,
            user_name: self.user.display_name.clone(),
            role_label: self.user.role_label(),
            csrf: self.csrf(),
            nav: nav.into_iter().map(|(href, label)| NavItem { href, label, current: href == current }).collect(),
            flash: flash.and_then(flash_text).map(str::to_string),
            today: state.app.today().to_string(),
        }
    }
}

pub fn csrf_for(token: &str) -> String {
    hex::encode(Sha256::digest(format!("xuncha-csrf:{token}").as_bytes()))
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

/// What every page's frame shows.
pub struct Chrome {
    pub user_id: xuncha_domain::UserId,
    pub user_name: String,
    pub role_label: &'static str,
    pub csrf: String,
    pub nav: Vec<NavItem>,
    pub flash: Option<String>,
    pub today: String,
}

/// Messages shown after a redirect (`?ok=code`), so no text travels in the URL.
fn flash_text(code: &str) -> Option<&'static str> {
    Some(match code {
        "saved" => "已保存",
        "library_imported" => "问题库新版已导入,即日起按新版归类",
        "concepts_imported" => "问题概念词表新版已导入,即日起按新版判断问题反弹",
        "classified" => "已认定典型问题",
        "added" => "已新增整改措施",
        "deleted" => "已删除该条整改措施",
        "submitted" => "整改方案已报送,等待巡察办审核",
        "returned" => "已退回整改方案,书面意见已送达被巡察党组织",
        "approved" => "整改方案已审核通过",
        "closed" => "已销号",
        "reopened" => "已重新打开",
        "uploaded" => "佐证材料已上传",
        "requested" => "延期申请已提交",
        "decided" => "延期申请已审批",
        "progress" => "整改进展已报告",
        "progress_reported" => "已报告办理进展,反馈期限改为下次报告日期",
        "imported" => "整改台账已导入,请核对问题与措施",
        "roster" => "名册已导入",
        "password" => "密码已修改,请重新登录其他设备",
        "unlocked" => "已解除该账号的登录锁定",
        "disabled" => "所选账号已停用,其登录会话已结束",
        "escalated" => "已记录督办措施(决定人和时间见下表)",
        "paused" => "已暂停整改计时",
        "assessed" => "已保存整改成效评估",
        "mechanism" => "已登记长效机制",
        "sheet" => "评估表已保存,新作出的评估按新表评分",
        "resumed" => "已恢复整改计时",
        "drawn" => "已随机抽取,抽中的措施已派核查组核查",
        "cadre_added" => "已加入巡察人才库",
        "account_linked" => "已关联系统账号",
        "account_confirmed" => "已核实为本人账号",
        "account_unlinked" => "已解除关联,理由已记录",
        "account_unlinked_teams" => "已解除关联,理由已记录;该账号由抽取编入的巡察组已一并调出,请补充成员(见变更记录)",
        "pool_drawn" => "已从人才库抽取成员并加入巡察组",
        "pool_swapped" => "已调换成员,理由已记录",
        "recheck_uploaded" => "核查材料已上传",
        "rechecked" => "已保存核查结论",
        "comment_approved" => "评价已在公开网站显示",
        "archived" => "巡察档案已生成,清单记录了此刻审计链的链头",
        "comment_rejected" => "评价不予公开,理由已记录,留言人凭回执码可见",
        "comment_answered" => "公开答复已保存",
        "comment_converted" => "已转为信访举报,留言人可凭原回执码查询办理进度",
        _ => return None,
    })
}

/// `?ok=…` after a redirect.
#[derive(serde::Deserialize, Default)]
pub struct Flash {
    pub ok: Option<String>,
}

/// An error page in Chinese. Not-found and forbidden-to-see look the same.
#[derive(Debug)]
pub struct PageError(pub AppError);

impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        PageError(e)
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    message: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, title, message) = match &self.0 {
            AppError::NotFound => (StatusCode::NOT_FOUND, "找不到该页面", "记录不存在,或您没有查看权限。".to_string()),
            AppError::Unauthenticated => return Redirect::to("/login").into_response(),
            AppError::Forbidden => (
                StatusCode::FORBIDDEN,
                "无权执行此操作",
                "您的账号不能执行这项操作;如果页面停留过久,请刷新后重试。".to_string(),
            ),
            AppError::Conflict => {
                (StatusCode::CONFLICT, "记录已被修改", "该记录已被他人修改,请返回并刷新页面后重试。".to_string())
            }
            AppError::State(m) => (StatusCode::CONFLICT, "当前状态不允许此操作", m.clone()),
            AppError::TooManyAttempts(m) => (StatusCode::TOO_MANY_REQUESTS, "尝试次数过多", m.clone()),
            AppError::PasswordChangeRequired => return Redirect::to("/password").into_response(),
            AppError::Invalid(list) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "输入有误",
                list.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join(";"),
            ),
            AppError::Internal(cause) => {
                tracing::error!(%cause, "internal error on a page");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "服务器内部错误",
                    "请稍后重试;如问题持续,请联系系统管理员。".to_string(),
                )
            }
        };
        let body = ErrorPage { title, message }.render().unwrap_or_else(|_| title.to_string());
        (status, Html(body)).into_response()
    }
}

pub type PageResult<T> = Result<T, PageError>;

/// A record's history for the pages: shown to those who may read the audit trail, empty for
/// everyone else (the trail names who read which tip).
pub async fn history_of(
    s: &AppState,
    actor: &Actor,
    entity: &str,
    id: impl Into<i64>,
) -> Result<Vec<xuncha_app::audit::HistoryEntry>, PageError> {
    or_empty(s.app.history(actor, entity, id.into()).await).map_err(PageError)
}

/// Pages that write instants as on paper, in China time (`{{ self.when(at) }}`).
pub trait Stamps {
    fn when<T: std::borrow::Borrow<time::OffsetDateTime>>(&self, at: &T) -> String {
        xuncha_app::audit::china_time_text(*at.borrow())
    }
    /// The same instant for `<time datetime>`: RFC 3339 in China time.
    fn iso<T: std::borrow::Borrow<time::OffsetDateTime>>(&self, at: &T) -> String {
        let at = at.borrow().to_offset(xuncha_app::CHINA);
        at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
    }
}

/// A code chosen on a form (a `<select>`), as its enum; a blank or unknown one is a field error
/// shown beside the field like any other, with what was typed kept.
pub fn code<E: xuncha_domain::error::Coded>(field: &str, text: &str) -> Result<E, AppError> {
    Ok(E::parse_field(field, text)?)
}

/// The same for a choice that may be left blank ("none").
pub fn opt_code<E: xuncha_domain::error::Coded>(field: &str, text: &str) -> Result<Option<E>, AppError> {
    if text.trim().is_empty() { Ok(None) } else { code(field, text).map(Some) }
}

/// What a refused form shows on its own page: the fields the rules or the input name, or a
/// refusal of state (someone else's change) as a line without a field; `None` when the act
/// succeeded. Anything else is an error page.
pub fn refusal<T>(result: Result<T, AppError>) -> PageResult<Option<Vec<xuncha_domain::FieldError>>> {
    match result {
        Ok(_) => Ok(None),
        Err(AppError::Invalid(list)) => Ok(Some(list)),
        Err(e @ (AppError::State(_) | AppError::Conflict)) => {
            Ok(Some(vec![xuncha_domain::FieldError::new("", e.to_string())]))
        }
        Err(other) => Err(other.into()),
    }
}

/// Lists the reader may not see come back empty rather than failing the whole page.
pub use xuncha_app::or_empty;

/// Renders a template into a response, turning a rendering failure into a 500.
pub fn render(t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => PageError(AppError::internal(format!("template: {e}"))).into_response(),
    }
}

/// The redirect after a successful form (post/redirect/get), with its flash code.
pub fn done(to: String, ok: &str) -> Response {
    Redirect::to(&format!("{to}{}ok={ok}", if to.contains('?') { "&" } else { "?" })).into_response()
}

/// The same, landing on the measure just saved.
pub fn done_at(to: String, ok: &str, measure_id: xuncha_domain::MeasureId) -> Response {
    Redirect::to(&format!("{to}?ok={ok}#m{measure_id}")).into_response()
}
