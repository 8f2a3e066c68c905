//! The session cookie, the signed-in-user extractor and the same-origin guard for writes.

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use xuncha_app::AppError;
use xuncha_app::views::UserRecord;
use xuncha_domain::access::Actor;

use crate::{ApiError, AppState};

pub const COOKIE: &str = "xuncha_session";

/// The signed-in user. Rejects with 401 when there is no session or it has expired.
pub struct Current {
    pub user: UserRecord,
    pub actor: Actor,
    pub token: String,
}

impl FromRequestParts<AppState> for Current {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = session_token(parts).ok_or(ApiError(AppError::Unauthenticated))?;
        let (user, actor) = state.app.session_actor(&token).await?;
        // An initial password: the account may read who it is, change it, or sign out.
        if user.must_change_password && !matches!(parts.uri.path(), "/api/me" | "/api/me/password" | "/api/session") {
            return Err(ApiError(AppError::PasswordChangeRequired));
        }
        Ok(Current { user, actor, token })
    }
}

/// The token from the cookie, or from `Authorization: Bearer …` for scripts.
fn session_token(parts: &Parts) -> Option<String> {
    if let Some(c) = CookieJar::from_headers(&parts.headers).get(COOKIE) {
        return Some(c.value().to_string());
    }
    let auth = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    auth.strip_prefix("Bearer ").map(|t| t.trim().to_string())
}

pub fn session_cookie(token: String, secure: bool) -> Cookie<'static> {
    Cookie::build((COOKIE, token))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .path("/")
        .max_age(time::Duration::hours(xuncha_app::auth::SESSION_HOURS))
        .build()
}

pub fn removal_cookie() -> Cookie<'static> {
    Cookie::build((COOKIE, "")).path("/").max_age(time::Duration::ZERO).build()
}

/// Refuses unsafe requests whose `Origin` names another site. With the `SameSite=Strict`
/// cookie this closes cross-site request forgery on the API; the pages add their own tokens.
pub async fn same_origin(req: Request, next: Next) -> Response {
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method && let Some(origin) = req.headers().get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
        let origin_host = origin.split("://").nth(1).unwrap_or("");
        if origin == "null" || origin_host != host {
            return (
                StatusCode::FORBIDDEN,
                axum::Json(serde_json::json!({
                    "error": { "code": "forbidden", "message": "跨站请求已被拒绝", "fields": [] }
                })),
            )
                .into_response();
        }
    }
    next.run(req).await
}
