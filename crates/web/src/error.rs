//! Errors as JSON: `{"error": {"code", "message", "fields"}}` with the right status. A 500 is
//! logged with its cause and answered with a generic message only.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use xuncha_app::AppError;

#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let e = self.0;
        let status = match &e {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::PasswordChangeRequired => StatusCode::FORBIDDEN,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::State(_) | AppError::Conflict => StatusCode::CONFLICT,
            AppError::TooManyAttempts(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(cause) => {
                tracing::error!(%cause, "internal error");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        let message = match &e {
            AppError::Internal(_) => "服务器内部错误,请稍后重试".to_string(),
            AppError::Invalid(list) => list.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join(";"),
            other => other.to_string(),
        };
        let fields = match &e {
            AppError::Invalid(list) => json!(list),
            _ => json!([]),
        };
        (status, Json(json!({ "error": { "code": e.code(), "message": message, "fields": fields } }))).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
