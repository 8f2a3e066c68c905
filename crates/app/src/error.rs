//! The application's error: what went wrong, in terms a handler can answer with.

use xuncha_domain::{FieldError, RuleError};
use xuncha_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Missing, or not visible to this actor (the two are never told apart).
    #[error("记录不存在")]
    NotFound,
    #[error("请先登录")]
    Unauthenticated,
    /// The actor sees the record but may not do this.
    #[error("无权执行此操作")]
    Forbidden,
    #[error("输入有误")]
    Invalid(Vec<FieldError>),
    /// The record's state does not allow the operation (e.g. closing twice).
    #[error("{0}")]
    State(String),
    /// Too many failed attempts (logins, old passwords): refused for a while.
    #[error("{0}")]
    TooManyAttempts(String),
    /// The account signed in with an initial password: it may change it and nothing else.
    #[error("首次登录或密码重置后,须先修改初始密码才能办理其他事项")]
    PasswordChangeRequired,
    /// Someone else changed the record since it was read.
    #[error("记录已被他人修改,请刷新后重试")]
    Conflict,
    /// The cause is logged, never shown.
    #[error("internal error: {0}")]
    Internal(Cause),
}

/// What went wrong inside, with the errors beneath it: displayed as the whole chain, for the
/// log (never for the user).
#[derive(Debug)]
pub struct Cause(Box<dyn std::error::Error + Send + Sync>);

impl std::fmt::Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut text = self.0.to_string();
        let mut next = self.0.source();
        while let Some(e) = next {
            let more = e.to_string();
            // Errors that already print their source (`{0}`) are not repeated.
            if !text.contains(&more) {
                text.push_str(": ");
                text.push_str(&more);
            }
            next = e.source();
        }
        f.write_str(&text)
    }
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// An internal failure; `cause` may be an error (its sources are kept) or a message.
    pub fn internal(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        AppError::Internal(Cause(cause.into()))
    }
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid(vec![FieldError::new(field, message)])
    }
    /// A stable code for API clients.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden => "forbidden",
            AppError::Invalid(_) => "invalid",
            AppError::State(_) => "invalid_state",
            AppError::Conflict => "conflict",
            AppError::TooManyAttempts(_) => "too_many_attempts",
            AppError::PasswordChangeRequired => "password_change_required",
            AppError::Internal(_) => "internal",
        }
    }
}

/// A list the reader may not see is an empty list, not a refused page (for pages and views
/// built from several use cases).
pub fn or_empty<T>(r: AppResult<Vec<T>>) -> AppResult<Vec<T>> {
    match r {
        Err(AppError::NotFound | AppError::Forbidden) => Ok(Vec::new()),
        other => other,
    }
}

impl From<RuleError> for AppError {
    fn from(e: RuleError) -> Self {
        match e {
            RuleError::Invalid(list) => AppError::Invalid(list),
            RuleError::State(m) => AppError::State(m),
            RuleError::Forbidden => AppError::Forbidden,
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict => AppError::Conflict,
            StoreError::Duplicate => AppError::State("记录重复,与已有记录冲突".into()),
            other => AppError::internal(other),
        }
    }
}

/// Turns a duplicate-key failure into a field error naming the field.
pub(crate) fn on_duplicate(field: &'static str, message: &'static str) -> impl Fn(StoreError) -> AppError {
    move |e| match e {
        StoreError::Duplicate => AppError::invalid(field, message),
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_internal_error_keeps_the_chain_beneath_it() {
        let io = std::io::Error::other("disk full");
        let store = StoreError::Db(sqlx::Error::Io(io));
        let text = AppError::from(store).to_string();
        assert!(text.contains("database error") && text.contains("disk full"), "{text}");
        assert_eq!(text.matches("disk full").count(), 1, "{text}");
    }
}
