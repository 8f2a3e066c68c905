//! Login, logout and changing one's password.

#[allow(clippy::disallowed_types)] // the login form comes before any session, so before a token
use crate::extract::Form;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use rand::RngCore;
use serde::Deserialize;
use xuncha_app::AppError;
use xuncha_app::inputs::PasswordInput;
use xuncha_domain::FieldError;

use super::Checked;
use super::{Chrome, PageResult, PageUser, constant_time_eq, render};
use crate::AppState;
use crate::session::{removal_cookie, session_cookie};

/// Before login there is no session to derive a form token from, so the login form carries a
/// random token that must equal the one in a short-lived cookie (double submit).
const LOGIN_CSRF: &str = "xuncha_login_csrf";

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    csrf: String,
    username: String,
    error: Option<String>,
}

fn login_token_cookie(token: String) -> Cookie<'static> {
    Cookie::build((LOGIN_CSRF, token)).http_only(true).same_site(SameSite::Strict).path("/login").build()
}

pub async fn login_page(jar: CookieJar) -> Response {
    let mut raw = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut raw);
    let token = hex::encode(raw);
    let page = render(&LoginPage { csrf: token.clone(), username: String::new(), error: None });
    (jar.add(login_token_cookie(token)), page).into_response()
}

#[derive(Deserialize)]
pub struct LoginForm {
    csrf: String,
    username: String,
    password: String,
}

#[allow(clippy::disallowed_types)] // no session yet: the same-origin guard protects it
pub async fn login(
    State(s): State<AppState>,
    crate::client::ClientAddr(client): crate::client::ClientAddr,
    jar: CookieJar,
    Form(f): Form<LoginForm>,
) -> Response {
    let expected = jar.get(LOGIN_CSRF).map(|c| c.value().to_string()).unwrap_or_default();
    let again = |error: String| {
        let page = render(&LoginPage { csrf: expected.clone(), username: f.username.clone(), error: Some(error) });
        (axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
    };
    if expected.is_empty() || !constant_time_eq(expected.as_bytes(), f.csrf.as_bytes()) {
        return again("登录页面已过期,请重新输入".into());
    }
    if !s.login_failures.check(client) {
        return again(crate::LOGIN_LOCKED.into());
    }
    match s.app.login(&f.username, &f.password).await {
        Ok(session) => {
            let jar = jar
                .add(session_cookie(session.token, s.secure_cookies))
                .remove(Cookie::build(LOGIN_CSRF).path("/login"));
            (jar, Redirect::to("/")).into_response()
        }
        Err(AppError::Invalid(list)) => {
            s.login_failures.record(client);
            again(list.into_iter().map(|e| e.message).collect::<Vec<_>>().join(";"))
        }
        Err(AppError::TooManyAttempts(message)) => {
            s.login_failures.record(client);
            let page =
                render(&LoginPage { csrf: expected.clone(), username: f.username.clone(), error: Some(message) });
            (axum::http::StatusCode::TOO_MANY_REQUESTS, page).into_response()
        }
        Err(e) => super::PageError(e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {}

pub async fn logout(
    State(s): State<AppState>,
    jar: CookieJar,
    Checked(page, CsrfForm {}): Checked<CsrfForm>,
) -> PageResult<Response> {
    s.app.logout(&page.token).await?;
    Ok((jar.add(removal_cookie()), Redirect::to("/login")).into_response())
}

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    c: Chrome,
    errors: Vec<FieldError>,
    /// Signed in with an initial password: this page is the only one open.
    first: bool,
}

impl PasswordPage {
    fn err(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }
}

pub async fn password_page(State(s): State<AppState>, page: PageUser) -> Response {
    let first = page.user.must_change_password;
    render(&PasswordPage { c: page.chrome(&s, "/password", None), errors: Vec::new(), first })
}

#[derive(Deserialize)]
pub struct PasswordForm {
    old_password: String,
    new_password: String,
}

pub async fn change_password(
    State(s): State<AppState>,
    Checked(page, f): Checked<PasswordForm>,
) -> PageResult<Response> {
    let input = PasswordInput { old_password: f.old_password, new_password: f.new_password };
    match s.app.change_password(&page.actor, &input).await {
        // The change ended every session of this account, this one included.
        Ok(()) => Ok(Redirect::to("/login").into_response()),
        Err(AppError::Invalid(errors)) => {
            let first = page.user.must_change_password;
            Ok(render(&PasswordPage { c: page.chrome(&s, "/password", None), errors, first }))
        }
        Err(e) => Err(e.into()),
    }
}
