//! Extractors whose refusals speak the one Chinese format, for the API and the pages alike.
//!
//! axum's own `Path`, `Query`, `Form`, `Json` and `Multipart` answer a bad request in English
//! plain text ("Invalid URL: Cannot parse…", "Failed to deserialize form body…"). These wrap
//! them: the input is decoded through `serde_path_to_error`, so a refusal names the field, and
//! the answer is a JSON error under `/api` and the Chinese error page elsewhere. Never echoed:
//! the value that was refused (it may be a tip's text). `clippy.toml` forbids axum's versions in
//! this crate, so a handler cannot pick the English ones by accident.

#![allow(clippy::disallowed_types)]

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use xuncha_app::AppError;
use xuncha_domain::FieldError;

use crate::ApiError;
use crate::pages::PageError;

/// A refused request: answered as JSON under `/api`, as the error page elsewhere.
#[derive(Debug)]
pub struct Refusal {
    api: bool,
    status: Option<StatusCode>,
    error: AppError,
}

impl Refusal {
    fn new(uri: &axum::http::Uri, error: AppError) -> Self {
        Refusal { api: is_api(uri.path()), status: None, error }
    }

    fn with_status(mut self, status: StatusCode) -> Self {
        self.status = Some(status);
        self
    }

    /// Whether the body was refused for its size (the public tip form says so in its own words).
    pub fn is_too_large(&self) -> bool {
        self.status == Some(StatusCode::PAYLOAD_TOO_LARGE)
    }

    /// The field refused at the door for what it holds (a forbidden character, or too long),
    /// for a form that names its own fields in its own words (the public side's).
    /// Its field and message.
    pub fn refused_field(&self) -> Option<(&str, &str)> {
        match &self.error {
            AppError::Invalid(list) => list.first().map(|e| (e.field.as_str(), e.message.as_str())),
            _ => None,
        }
    }
}

pub fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/") || path == "/healthz"
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let mut res =
            if self.api { ApiError(self.error).into_response() } else { PageError(self.error).into_response() };
        if let Some(status) = self.status {
            *res.status_mut() = status;
        }
        res
    }
}

/// Characters no text in xuncha may hold ([`xuncha_domain::error::forbidden_char`]): refused
/// at the door, by field.
pub use xuncha_domain::error::forbidden_char;

/// The refusal of a field holding such characters; the field's own name is shown without them.
pub(crate) fn control_refusal(field: &str) -> AppError {
    let field: String = field.chars().filter(|c| !forbidden_char(*c)).take(40).collect();
    invalid(&field, format!("“{field}”含有不可见的控制字符,请删除后重新提交"))
}

/// The longest text any field takes (a disclosure's public text). Every string of every input is
/// refused above it at the door, whatever its own limit: a field without one cannot be used to
/// store megabytes.
pub const MAX_TEXT_CHARS: usize = 20_000;

/// The refusal of a field longer than [`MAX_TEXT_CHARS`].
fn length_refusal(field: &str) -> AppError {
    let field: String = field.chars().filter(|c| !forbidden_char(*c)).take(40).collect();
    invalid(&field, format!("“{field}”不能超过{MAX_TEXT_CHARS}个字"))
}

/// Why a text is refused at the door, if it is.
fn refusal_of(field: &str, text: &str) -> Option<AppError> {
    if text.chars().any(forbidden_char) {
        Some(control_refusal(field))
    } else if text.chars().count() > MAX_TEXT_CHARS {
        Some(length_refusal(field))
    } else {
        None
    }
}

/// The first string of `v` refused at the door (a forbidden character, or too long), by path.
fn refused_in(v: &serde_json::Value, path: &str) -> Option<AppError> {
    use serde_json::Value;
    let here = |p: &str| if p.is_empty() { "body".to_string() } else { p.to_string() };
    match v {
        Value::String(s) => refusal_of(&here(path), s),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, x)| refused_in(x, &format!("{path}[{i}]"))),
        Value::Object(map) => map.iter().find_map(|(k, x)| {
            let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
            if k.chars().any(forbidden_char) { Some(control_refusal(&here(path))) } else { refused_in(x, &p) }
        }),
        _ => None,
    }
}

/// The path of the first string (or key) in `v` holding a forbidden character.
#[cfg(test)]
fn control_in(v: &serde_json::Value, path: &str) -> Option<String> {
    use serde_json::Value;
    let here = |p: &str| if p.is_empty() { "body".to_string() } else { p.to_string() };
    match v {
        Value::String(s) => s.chars().any(forbidden_char).then(|| here(path)),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, x)| control_in(x, &format!("{path}[{i}]"))),
        Value::Object(map) => map.iter().find_map(|(k, x)| {
            let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
            if k.chars().any(forbidden_char) { Some(here(path)) } else { control_in(x, &p) }
        }),
        _ => None,
    }
}

/// One field refused, by name, in Chinese.
fn invalid(field: &str, message: String) -> AppError {
    AppError::Invalid(vec![FieldError::new(field.to_string(), message)])
}

/// What a decoding error says about its field, without the value: missing, not one of the
/// allowed values, or of the wrong form.
fn field_error(where_: &str, path: &str, serde_message: &str) -> AppError {
    if let Some(rest) = serde_message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or("");
        let field = if path.is_empty() || path == "." { name.to_string() } else { format!("{path}.{name}") };
        return invalid(&field, format!("{where_}缺少必填项“{field}”"));
    }
    let field = if path.is_empty() || path == "." { "body" } else { path };
    // A code the domain refused says why itself, with the choices (never the value sent).
    if serde_message.starts_with("取值无效,应为以下之一") || serde_message.starts_with("未选择,应为以下之一")
    {
        return invalid(field, format!("{where_}的“{field}”{serde_message}"));
    }
    let what = if serde_message.starts_with("unknown variant") {
        "不是允许的取值"
    } else if serde_message.starts_with("unknown field") {
        "包含无法识别的项"
    } else {
        "格式不正确"
    };
    if field == "body" {
        return invalid(field, format!("{where_}{what}"));
    }
    invalid(field, format!("{where_}的“{field}”{what}"))
}

/// Path parameters (`/measures/{id}`): a value that does not parse answers 422 naming it.
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Refusal> {
        use axum::extract::path::ErrorKind;
        use axum::extract::rejection::PathRejection;
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Path(v)),
            Err(PathRejection::FailedToDeserializePathParams(e)) => {
                let key = match e.kind() {
                    ErrorKind::ParseErrorAtKey { key, .. } | ErrorKind::InvalidUtf8InPathParam { key } => key.as_str(),
                    _ => "id",
                };
                let label = if key == "id" { "编号" } else { key };
                Err(Refusal::new(&parts.uri, invalid(key, format!("网址中的{label}无效,应为正整数或规定的取值"))))
            }
            Err(_) => Err(Refusal::new(&parts.uri, AppError::NotFound)),
        }
    }
}

/// The query string, decoded with the refused field named.
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Refusal> {
        let query = parts.uri.query().unwrap_or("");
        urlencoded(query.as_bytes(), "查询参数").map(Query).map_err(|e| Refusal::new(&parts.uri, e))
    }
}

fn urlencoded<T: DeserializeOwned>(bytes: &[u8], where_: &str) -> Result<T, AppError> {
    for (key, value) in form_urlencoded::parse(bytes) {
        if key.chars().any(forbidden_char) {
            return Err(control_refusal(&key));
        }
        if let Some(refused) = refusal_of(&key, &value) {
            return Err(refused);
        }
    }
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(bytes));
    serde_path_to_error::deserialize(de).map_err(|e| field_error(where_, &e.path().to_string(), &e.inner().to_string()))
}

/// The body, read within the router's body limit: too large answers 413 in Chinese.
async fn body_of<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, Refusal> {
    let uri = req.uri().clone();
    Bytes::from_request(req, state).await.map_err(|_| {
        Refusal::new(&uri, invalid("body", "提交的内容超过大小限制或无法读取".into()))
            .with_status(StatusCode::PAYLOAD_TOO_LARGE)
    })
}

/// The body of a request declared as `expected` (415 with `wrong_type` otherwise), and its URI.
async fn typed_body<S: Send + Sync>(
    req: Request,
    state: &S,
    expected: &str,
    wrong_type: &str,
) -> Result<(axum::http::Uri, Bytes), Refusal> {
    let uri = req.uri().clone();
    let declared = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case(expected));
    if !declared {
        return Err(
            Refusal::new(&uri, invalid("body", wrong_type.into())).with_status(StatusCode::UNSUPPORTED_MEDIA_TYPE)
        );
    }
    Ok((uri, body_of(req, state).await?))
}

/// A form post (`application/x-www-form-urlencoded`).
pub struct Form<T>(pub T);

impl<T, S> FromRequest<S> for Form<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Refusal;

    async fn from_request(req: Request, state: &S) -> Result<Self, Refusal> {
        let (uri, bytes) = typed_body(req, state, "application/x-www-form-urlencoded", "请以表单方式提交").await?;
        urlencoded(&bytes, "表单").map(Form).map_err(|e| Refusal::new(&uri, e))
    }
}

/// A form body, not yet decoded (for an extractor that reads one field before the rest).
pub(crate) async fn form_body<S: Send + Sync>(req: Request, state: &S) -> Result<(axum::http::Uri, Bytes), Refusal> {
    typed_body(req, state, "application/x-www-form-urlencoded", "请以表单方式提交").await
}

/// Decodes a form body read by [`form_body`], with the same refusals as [`Form`].
pub(crate) fn decode_form<T: DeserializeOwned>(uri: &axum::http::Uri, bytes: &[u8]) -> Result<T, Refusal> {
    urlencoded(bytes, "表单").map_err(|e| Refusal::new(uri, e))
}

/// A JSON body (`application/json`), decoded with the refused field named.
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Refusal;

    async fn from_request(req: Request, state: &S) -> Result<Self, Refusal> {
        let (uri, bytes) =
            typed_body(req, state, "application/json", "请求数据应为JSON(Content-Type: application/json)").await?;
        let syntax = |e: &serde_json::Error| {
            invalid("body", format!("请求数据不是有效的JSON(第{}行第{}列)", e.line(), e.column()))
        };
        // Parsed once into a value (syntax errors with their place), checked for control
        // characters by path, then decoded into the input type with the refused field named.
        let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| Refusal::new(&uri, syntax(&e)))?;
        if let Some(refused) = refused_in(&value, "") {
            return Err(Refusal::new(&uri, refused));
        }
        let value = serde_path_to_error::deserialize(value)
            .map_err(|e| field_error("请求数据", &e.path().to_string(), &e.inner().to_string()));
        value.map(Json).map_err(|e| Refusal::new(&uri, e))
    }
}

/// A multipart upload; a request that is not one answers in Chinese.
pub struct Multipart(pub axum::extract::Multipart);

impl<S: Send + Sync> FromRequest<S> for Multipart {
    type Rejection = Refusal;

    async fn from_request(req: Request, state: &S) -> Result<Self, Refusal> {
        let uri = req.uri().clone();
        axum::extract::Multipart::from_request(req, state).await.map(Multipart).map_err(|_| {
            Refusal::new(&uri, invalid("file", "请以文件上传表单(multipart/form-data)提交".into()))
                .with_status(StatusCode::UNSUPPORTED_MEDIA_TYPE)
        })
    }
}

/// Routes that do not exist: 404 in the one format.
pub async fn no_route(uri: axum::http::Uri) -> Response {
    Refusal::new(&uri, AppError::NotFound).into_response()
}

/// A route that exists but not for this method: 405 in the one format.
pub async fn wrong_method(uri: axum::http::Uri) -> Response {
    Refusal::new(&uri, AppError::State("该地址不支持这种请求方式".into()))
        .with_status(StatusCode::METHOD_NOT_ALLOWED)
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Input {
        version: i64,
        status: Kind,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Done,
    }

    fn message(e: AppError) -> (String, String) {
        match e {
            AppError::Invalid(list) => (list[0].field.clone(), list[0].message.clone()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn control_characters_are_refused_by_field_wherever_they_hide() {
        let v = serde_json::json!({ "content": "措施", "items": [{ "note": "a\u{0}b" }] });
        assert_eq!(control_in(&v, "").as_deref(), Some("items[0].note"));
        let long = serde_json::json!({ "items": [{ "name": "长".repeat(MAX_TEXT_CHARS + 1) }] });
        let refused = refused_in(&long, "").expect("a text over the limit is refused");
        assert!(refused.to_string().contains("输入有误"));
        assert!(matches!(&refused, AppError::Invalid(f) if f[0].field == "items[0].name"
            && f[0].message.contains("不能超过20000个字")));
        let at_limit = serde_json::json!({ "name": "长".repeat(MAX_TEXT_CHARS) });
        assert!(refused_in(&at_limit, "").is_none(), "the longest field's own limit still fits");
        assert!(refusal_of("name", &"长".repeat(MAX_TEXT_CHARS + 1)).is_some(), "forms and queries too");
        assert_eq!(control_in(&serde_json::json!({ "x": "行\n制表\t回车\r" }), ""), None);
        assert!(forbidden_char('\u{1b}') && forbidden_char('\u{85}') && forbidden_char('\u{FFFE}'));
        assert!(!forbidden_char('İ') && !forbidden_char('\u{200F}'));
        assert!(forbidden_char('\u{202E}') && forbidden_char('\u{2067}'), "bidi overrides and isolates");
        let (field, m) = message(urlencoded::<Input>(b"version=1&status=done%00", "表单").unwrap_err());
        assert_eq!(field, "status");
        assert!(m.contains("控制字符"), "{m}");
    }

    #[test]
    fn a_refused_form_names_its_field_in_chinese_without_the_value() {
        let (field, m) = message(urlencoded::<Input>(b"version=abc&status=done", "表单").unwrap_err());
        assert_eq!(field, "version");
        assert_eq!(m, "表单的“version”格式不正确");
        let (field, m) = message(urlencoded::<Input>(b"version=1&status=secret-tip-text", "表单").unwrap_err());
        assert_eq!(field, "status");
        assert!(!m.contains("secret"), "{m}");
        let (field, m) = message(urlencoded::<Input>(b"status=done", "查询参数").unwrap_err());
        assert_eq!((field.as_str(), m.as_str()), ("version", "查询参数缺少必填项“version”"));
    }

    #[test]
    fn a_refused_code_of_the_domain_lists_the_choices_and_never_the_value() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Report {
            status: xuncha_domain::measure::MeasureStatus,
        }
        let (field, m) = message(urlencoded::<Report>(b"status=secret-tip-text", "表单").unwrap_err());
        assert_eq!(field, "status");
        assert!(m.starts_with("表单的“status”取值无效,应为以下之一:not_done(未完成)"), "{m}");
        assert!(!m.contains("secret"), "{m}");
        let (_, m) = message(urlencoded::<Report>(b"status=", "表单").unwrap_err());
        assert!(m.starts_with("表单的“status”未选择,应为以下之一"), "{m}");
        let ok: Report = urlencoded(b"status=+done+", "表单").unwrap();
        assert_eq!(ok.status, xuncha_domain::measure::MeasureStatus::Done);
    }
}
