//! The public side, on its own listener: open announcements, the tip form with its receipt
//! code, the status page, and published disclosures with the public's rating and comment form
//! and the comments the office published. Nothing internal is routed here (moderation
//! included), so no internal page or API answers on this port, whatever cookie the browser
//! sends.
//!
//! It has no session, so its forms carry no token to check: it reads bare forms.
#![allow(clippy::disallowed_types)]

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::extract::{Form, Path};
use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use xuncha_app::AppError;
use xuncha_app::comments::{CommentInput, PublishedComments};
use xuncha_app::public::{PublicTipInput, PublicTipStatus};
use xuncha_app::views::{PublicAnnouncementRecord, PublicDisclosureRecord};
use xuncha_domain::comment::Satisfaction;
use xuncha_domain::id::*;

use crate::AppState;
use crate::client::{ClientAddr, HasProxies, TrustedProxies};

/// Largest tip form accepted (the text itself is limited to 10,000 characters).
const MAX_TIP_BYTES: usize = 64 * 1024;

/// A sliding-window limit per client address.
pub struct RateLimit {
    max: usize,
    window: Duration,
    seen: Mutex<HashMap<IpAddr, Vec<Instant>>>,
}

impl RateLimit {
    pub fn new(max: usize, window: Duration) -> Self {
        Self { max, window, seen: Mutex::new(HashMap::new()) }
    }

    /// Counts one request from `ip`; false when it is over the limit.
    pub fn allow(&self, ip: IpAddr) -> bool {
        if !self.check(ip) {
            return false;
        }
        self.record(ip);
        true
    }

    /// Whether `ip` is still under the limit, without counting.
    pub fn check(&self, ip: IpAddr) -> bool {
        let now = Instant::now();
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        let times = seen.entry(ip).or_default();
        times.retain(|t| now.duration_since(*t) < self.window);
        times.len() < self.max
    }

    /// Counts one event (for limits on failures only, such as logins).
    pub fn record(&self, ip: IpAddr) {
        let now = Instant::now();
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if seen.len() > 10_000 {
            seen.retain(|_, v| v.iter().any(|t| now.duration_since(*t) < self.window));
        }
        seen.entry(ip).or_default().push(now);
    }
}

#[derive(Clone)]
pub struct PublicState {
    pub state: AppState,
    pub tips: Arc<RateLimit>,
    pub lookups: Arc<RateLimit>,
    pub comments: Arc<RateLimit>,
}

impl HasProxies for PublicState {
    fn proxies(&self) -> &TrustedProxies {
        &self.state.proxies
    }
}

impl PublicState {
    pub fn new(state: AppState) -> Self {
        Self {
            state,
            tips: Arc::new(RateLimit::new(5, Duration::from_secs(3600))),
            lookups: Arc::new(RateLimit::new(30, Duration::from_secs(3600))),
            comments: Arc::new(RateLimit::new(5, Duration::from_secs(3600))),
        }
    }
}

pub fn router(ps: PublicState) -> Router {
    Router::new()
        .route("/", get(home))
        .route(
            "/static/app.css",
            get(|| async {
                ([(axum::http::header::CONTENT_TYPE, "text/css; charset=utf-8")], include_str!("../static/app.css"))
            }),
        )
        .route("/favicon.svg", get(|| async { crate::pages::favicon() }))
        .route("/tips/new/{id}", get(tip_form).post(submit_tip))
        .route("/tips/status", get(status_form).post(status))
        .route("/disclosures/{id}", get(disclosure))
        .route("/disclosures/{id}/comments", axum::routing::post(submit_comment))
        .fallback(not_found)
        .method_not_allowed_fallback(wrong_method)
        .layer(DefaultBodyLimit::max(MAX_TIP_BYTES))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panic_answer))
        .with_state(ps)
}

/// The public site's name in its header: the committee whose inspections it shows
/// ("天镇县委巡察"), or a plain name when a page belongs to none or to several.
pub fn site_name<'a>(committees: impl IntoIterator<Item = &'a str>) -> String {
    let mut names: Vec<&str> = committees.into_iter().map(str::trim).filter(|n| !n.is_empty()).collect();
    names.sort_unstable();
    names.dedup();
    match names.as_slice() {
        [one] => format!("{}巡察", one.strip_prefix("中共").unwrap_or(one)),
        _ => GENERIC_SITE.to_string(),
    }
}

const GENERIC_SITE: &str = "党委巡察";

/// Pages that belong to no one committee say so plainly (a page with one names it instead,
/// by an inherent `site` of its own, which takes precedence).
trait Site {
    fn site(&self) -> String {
        GENERIC_SITE.to_string()
    }
}

impl Site for StatusPage {}
impl Site for MessagePage<'_> {}

impl HomePage {
    fn site(&self) -> String {
        site_name(
            self.announcements
                .iter()
                .map(|a| a.committee_name.as_str())
                .chain(self.disclosures.iter().map(|d| d.committee_name.as_str())),
        )
    }
}

impl TipPage {
    fn site(&self) -> String {
        site_name([self.a.committee_name.as_str()])
    }
}

impl ReceiptPage {
    fn site(&self) -> String {
        site_name([self.committee_name.as_str()])
    }
}

impl CommentReceiptPage {
    fn site(&self) -> String {
        site_name([self.d.committee_name.as_str()])
    }
}

impl DisclosurePage {
    fn site(&self) -> String {
        site_name([self.d.committee_name.as_str()])
    }
}

#[derive(Template)]
#[template(path = "public_home.html")]
struct HomePage {
    announcements: Vec<PublicAnnouncementRecord>,
    disclosures: Vec<PublicDisclosureRecord>,
}

#[derive(Template)]
#[template(path = "public_tip.html")]
struct TipPage {
    a: PublicAnnouncementRecord,
    content: String,
    name: String,
    contact: String,
    anonymous: bool,
    errors: Vec<String>,
}

#[derive(Template)]
#[template(path = "public_receipt.html")]
struct ReceiptPage {
    committee_name: String,
    target_name: String,
    code: String,
}

#[derive(Template)]
#[template(path = "public_status.html")]
struct StatusPage {
    result: Option<PublicTipStatus>,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "public_disclosure.html")]
struct DisclosurePage {
    d: PublicDisclosureRecord,
    comments: PublishedComments,
    ratings: &'static [Satisfaction],
    f: CommentForm,
    errors: Vec<String>,
}

#[derive(Template)]
#[template(path = "public_comment_receipt.html")]
struct CommentReceiptPage {
    d: PublicDisclosureRecord,
    code: String,
}

/// What the public typed under a disclosure, kept across a refusal.
#[derive(Deserialize, Default)]
struct CommentForm {
    #[serde(default)]
    rating: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    anonymous: Option<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    contact: String,
}

impl CommentForm {
    fn fresh() -> Self {
        CommentForm { anonymous: Some("1".into()), ..CommentForm::default() }
    }
    fn anonymous(&self) -> bool {
        ticked(self.anonymous.as_deref())
    }
}

#[derive(Template)]
#[template(path = "public_message.html")]
struct MessagePage<'a> {
    title: &'a str,
    message: String,
}

fn page(status: StatusCode, t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(cause = %e, "public template");
            (StatusCode::INTERNAL_SERVER_ERROR, Html("服务器内部错误,请稍后重试".to_string())).into_response()
        }
    }
}

fn message(status: StatusCode, title: &str, message: impl Into<String>) -> Response {
    page(status, &MessagePage { title, message: message.into() })
}

fn failure(e: AppError) -> Response {
    match e {
        AppError::NotFound => message(StatusCode::NOT_FOUND, "找不到该页面", "页面不存在或已不再公开。"),
        AppError::Internal(cause) => {
            tracing::error!(%cause, "public side");
            message(StatusCode::INTERNAL_SERVER_ERROR, "服务器内部错误", "请稍后重试。")
        }
        other => message(StatusCode::CONFLICT, "无法办理", other.to_string()),
    }
}

async fn not_found() -> Response {
    failure(AppError::NotFound)
}

/// The public side's refusals are its own pages: nothing of the internal site's frame.
async fn wrong_method() -> Response {
    message(StatusCode::METHOD_NOT_ALLOWED, "无法办理", "该地址不支持这种请求方式,请从公开页面的链接进入。")
}

fn panic_answer(_payload: Box<dyn std::any::Any + Send + 'static>) -> Response {
    message(StatusCode::INTERNAL_SERVER_ERROR, "服务器内部错误", "请稍后重试。")
}

/// A record number in a public address; anything else is a page that does not exist.
struct PublicId<I>(I);

impl<S: Send + Sync, I: serde::de::DeserializeOwned + Send> axum::extract::FromRequestParts<S> for PublicId<I> {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Response> {
        match Path::<I>::from_request_parts(parts, state).await {
            Ok(Path(id)) => Ok(PublicId(id)),
            Err(_) => Err(failure(AppError::NotFound)),
        }
    }
}

/// Whether a checkbox was ticked: browsers send it only when it is, scripts may send a "no".
fn ticked(value: Option<&str>) -> bool {
    value.is_some_and(|v| !matches!(v.trim().to_ascii_lowercase().as_str(), "" | "0" | "false" | "off" | "no"))
}

async fn home(State(ps): State<PublicState>) -> Response {
    let app = &ps.state.app;
    match (app.open_announcements().await, app.public_disclosures().await) {
        (Ok(announcements), Ok(disclosures)) => page(StatusCode::OK, &HomePage { announcements, disclosures }),
        (Err(e), _) | (_, Err(e)) => failure(e),
    }
}

async fn announcement(ps: &PublicState, id: InspectionId) -> Result<PublicAnnouncementRecord, Response> {
    let open = ps.state.app.open_announcements().await.map_err(failure)?;
    open.into_iter().find(|a| a.inspection_id == id).ok_or_else(|| {
        message(
            StatusCode::NOT_FOUND,
            "举报受理期间已结束",
            "该巡察的举报受理期间已结束或尚未开始。巡察组撤离后,可向县纪委监委信访室反映问题。",
        )
    })
}

async fn tip_form(State(ps): State<PublicState>, PublicId(id): PublicId<InspectionId>) -> Response {
    match announcement(&ps, id).await {
        Ok(a) => page(
            StatusCode::OK,
            &TipPage {
                a,
                content: String::new(),
                name: String::new(),
                contact: String::new(),
                anonymous: true,
                errors: vec![],
            },
        ),
        Err(r) => r,
    }
}

#[derive(Deserialize)]
struct TipForm {
    #[serde(default)]
    content: String,
    #[serde(default)]
    anonymous: Option<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    contact: String,
}

async fn submit_tip(
    State(ps): State<PublicState>,
    ClientAddr(client): ClientAddr,
    PublicId(id): PublicId<InspectionId>,
    form: Result<Form<TipForm>, crate::extract::Refusal>,
) -> Response {
    let a = match announcement(&ps, id).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    let f =
        match public_form(form, "举报内容过长,请精简到一万字以内后重新提交;材料可通过信件或意见箱提交。", "举报内容")
        {
            Ok(f) => f,
            Err(r) => return *r,
        };
    if !ps.tips.allow(client) {
        return message(
            StatusCode::TOO_MANY_REQUESTS,
            "提交过于频繁",
            "同一网络地址每小时最多提交5件举报,请稍后再试,或拨打举报电话反映。",
        );
    }
    let input = PublicTipInput {
        content: f.content.clone(),
        anonymous: ticked(f.anonymous.as_deref()),
        name: f.name.clone(),
        contact: f.contact.clone(),
    };
    match ps.state.app.submit_public_tip(id, &input).await {
        Ok(code) => page(
            StatusCode::OK,
            &ReceiptPage { committee_name: a.committee_name, target_name: a.target_name, code: grouped(&code) },
        ),
        Err(AppError::Invalid(list)) => page(
            StatusCode::UNPROCESSABLE_ENTITY,
            &TipPage {
                a,
                content: f.content,
                name: f.name,
                contact: f.contact,
                anonymous: ticked(f.anonymous.as_deref()),
                errors: list.into_iter().map(|e| e.message).collect(),
            },
        ),
        Err(e) => failure(e),
    }
}

/// A public form as read, or its refusal in the public's words: too long (`too_long` says what
/// to do instead), or a field refused at the door (`text` names the form's own text field).
fn public_form<T>(
    form: Result<Form<T>, crate::extract::Refusal>,
    too_long: &str,
    text: &str,
) -> Result<T, Box<Response>> {
    match form {
        Ok(Form(f)) => Ok(f),
        Err(refusal) if refusal.is_too_large() => {
            Err(Box::new(message(StatusCode::PAYLOAD_TOO_LARGE, "内容过长", too_long)))
        }
        Err(refusal) => Err(Box::new(public_refusal(&refusal, text))),
    }
}

/// A public form refused at the door, in the public's words: the field (`content` is the
/// form's `text`) and why — a forbidden character (it usually comes with text pasted from
/// elsewhere) or a text too long — or the form not understood.
fn public_refusal(refusal: &crate::extract::Refusal, text: &str) -> Response {
    let not_understood = || message(StatusCode::BAD_REQUEST, "提交有误", "表单内容无法识别,请返回后重新填写。");
    let Some((field, why)) = refusal.refused_field() else { return not_understood() };
    let label = match field {
        "content" => text,
        "name" => "姓名",
        "contact" => "联系方式",
        _ => return not_understood(),
    };
    let why = if why.contains("控制字符") {
        "含有不可见的控制字符(常见于从其他地方复制粘贴的文字),请返回上一页删除后重新输入再提交。"
    } else {
        "过长,请返回上一页精简后再提交。"
    };
    message(StatusCode::UNPROCESSABLE_ENTITY, "提交有误", format!("{label}{why}"))
}

/// A receipt code in groups of four digits, as it is read aloud.
fn grouped(code: &str) -> String {
    code.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
}

async fn status_form() -> Response {
    page(StatusCode::OK, &StatusPage { result: None, error: None })
}

#[derive(Deserialize)]
struct StatusForm {
    #[serde(default)]
    code: String,
}

/// The code travels in the body of a POST, never in a URL that a log or history could keep.
async fn status(
    State(ps): State<PublicState>,
    ClientAddr(client): ClientAddr,
    form: Result<Form<StatusForm>, crate::extract::Refusal>,
) -> Response {
    if !ps.lookups.allow(client) {
        return message(StatusCode::TOO_MANY_REQUESTS, "查询过于频繁", "同一网络地址每小时最多查询30次,请稍后再试。");
    }
    let code = form.map(|Form(f)| f.code).unwrap_or_default();
    match ps.state.app.public_tip_status(&code).await {
        Ok(s) => page(StatusCode::OK, &StatusPage { result: Some(s), error: None }),
        Err(AppError::NotFound) => page(
            StatusCode::NOT_FOUND,
            &StatusPage {
                result: None, error: Some("没有找到这个回执码,请核对16位数字后重试。".into())
            },
        ),
        Err(e) => failure(e),
    }
}

/// A published disclosure, or the public's "not found".
async fn published(ps: &PublicState, id: DisclosureId) -> Result<PublicDisclosureRecord, Response> {
    let list = ps.state.app.public_disclosures().await.map_err(failure)?;
    list.into_iter().find(|d| d.id == id).ok_or_else(|| failure(AppError::NotFound))
}

async fn disclosure_page(
    ps: &PublicState,
    status: StatusCode,
    d: PublicDisclosureRecord,
    f: CommentForm,
    errors: Vec<String>,
) -> Response {
    match ps.state.app.published_comments(d.id).await {
        Ok(comments) => page(status, &DisclosurePage { d, comments, ratings: Satisfaction::ALL, f, errors }),
        Err(e) => failure(e),
    }
}

async fn disclosure(State(ps): State<PublicState>, PublicId(id): PublicId<DisclosureId>) -> Response {
    match published(&ps, id).await {
        Ok(d) => disclosure_page(&ps, StatusCode::OK, d, CommentForm::fresh(), vec![]).await,
        Err(r) => r,
    }
}

/// The public's rating and comment: limited per address like tips, kept for the office to
/// moderate, answered with a receipt code.
async fn submit_comment(
    State(ps): State<PublicState>,
    ClientAddr(client): ClientAddr,
    PublicId(id): PublicId<DisclosureId>,
    form: Result<Form<CommentForm>, crate::extract::Refusal>,
) -> Response {
    let d = match published(&ps, id).await {
        Ok(d) => d,
        Err(r) => return r,
    };
    let f = match public_form(form, "留言过长,请精简到一千字以内后重新提交。", "留言") {
        Ok(f) => f,
        Err(r) => return *r,
    };
    let rating = match f.rating.trim() {
        "" => None,
        code => match Satisfaction::parse("rating", code) {
            Ok(r) => Some(r),
            Err(_) => {
                let errors = vec!["请从“满意”“基本满意”“不满意”中选择".to_string()];
                return disclosure_page(&ps, StatusCode::UNPROCESSABLE_ENTITY, d, f, errors).await;
            }
        },
    };
    // What the rules refuse is answered before the limit counts it: a mistake costs no turn.
    let anonymous = f.anonymous() || (f.name.trim().is_empty() && f.contact.trim().is_empty());
    let checked = f.content.replace("\r\n", "\n");
    if let Err(e) =
        xuncha_domain::comment::validate_comment(rating, checked.trim(), anonymous, f.name.trim(), f.contact.trim())
    {
        let errors = match e {
            xuncha_domain::RuleError::Invalid(list) => list.into_iter().map(|e| e.message).collect(),
            other => vec![other.message()],
        };
        return disclosure_page(&ps, StatusCode::UNPROCESSABLE_ENTITY, d, f, errors).await;
    }
    if !ps.comments.allow(client) {
        return message(
            StatusCode::TOO_MANY_REQUESTS,
            "提交过于频繁",
            "同一网络地址每小时最多提交5条评价,请稍后再试。",
        );
    }
    let input = CommentInput {
        rating,
        content: f.content.clone(),
        anonymous: f.anonymous(),
        name: f.name.clone(),
        contact: f.contact.clone(),
    };
    match ps.state.app.submit_comment(id, &input, Some(client)).await {
        Ok(code) => page(StatusCode::OK, &CommentReceiptPage { d, code: grouped(&code) }),
        Err(AppError::Invalid(list)) => {
            let errors = list.into_iter().map(|e| e.message).collect();
            disclosure_page(&ps, StatusCode::UNPROCESSABLE_ENTITY, d, f, errors).await
        }
        Err(e) => failure(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_site_names_its_one_committee_or_none() {
        assert_eq!(site_name(["中共天镇县委", "中共天镇县委"]), "天镇县委巡察");
        assert_eq!(site_name(["中共天镇县委", ""]), "天镇县委巡察");
        assert_eq!(site_name(["中共天镇县委", "中共阳高县委"]), GENERIC_SITE);
        assert_eq!(site_name([]), GENERIC_SITE);
    }

    #[test]
    fn only_a_ticked_box_counts_as_anonymous() {
        for v in ["on", "1", "yes", "匿名"] {
            assert!(ticked(Some(v)), "{v}");
        }
        for v in ["", "0", "false", "OFF", "no", " 0 "] {
            assert!(!ticked(Some(v)), "{v}");
        }
        assert!(!ticked(None));
    }

    #[test]
    fn the_limit_counts_per_address_within_the_window() {
        let l = RateLimit::new(2, Duration::from_secs(60));
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        assert!(l.allow(a));
        assert!(l.allow(a));
        assert!(!l.allow(a));
        assert!(l.allow(b));
    }
}
