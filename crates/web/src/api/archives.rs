//! 巡察档案 over the API: make an inspection's archive (packed off the async workers), list the
//! archives kept, download one as made.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::Response;
use schemars::JsonSchema;
use serde::Deserialize;
use xuncha_app::AppError;
use xuncha_app::archives::{ArchiveList, ArchiveRecord};
use xuncha_domain::access::Actor;
use xuncha_domain::archive::ArchiveVariant;
use xuncha_domain::id::*;

use super::ApiJson;
use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::Path;
use crate::session::Current;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArchiveInput {
    /// standard: tips as counts; sealed: with the tips and their senders, for the discipline
    /// commission.
    #[serde(default = "standard")]
    pub variant: ArchiveVariant,
}

fn standard() -> ArchiveVariant {
    ArchiveVariant::Standard
}

/// Gathers, packs (on a blocking thread: documents and deflating take CPU) and keeps an archive.
pub(crate) async fn make(
    s: &AppState,
    actor: &Actor,
    id: InspectionId,
    variant: ArchiveVariant,
) -> Result<ArchiveRecord, AppError> {
    let bundle = s.app.archive_bundle(actor, id, variant).await?;
    let (bundle, packed) = tokio::task::spawn_blocking(move || {
        let packed = xuncha_documents::archive::pack(&bundle);
        (bundle, packed)
    })
    .await
    .map_err(|e| AppError::internal(e.to_string()))?;
    let packed = packed.map_err(AppError::internal)?;
    s.app.keep_archive(actor, &bundle, &packed.manifest, &packed.manifest_bytes, &packed.zip).await
}

pub async fn list(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<InspectionId>,
) -> ApiResult<Json<ArchiveList>> {
    Ok(Json(s.app.list_archives(&cur.actor, id).await?))
}

pub async fn create(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<InspectionId>,
    ApiJson(i): ApiJson<ArchiveInput>,
) -> ApiResult<(StatusCode, Json<ArchiveRecord>)> {
    Ok((StatusCode::CREATED, Json(make(&s, &cur.actor, id, i.variant).await?)))
}

pub async fn download(State(s): State<AppState>, cur: Current, Path(id): Path<ArchiveId>) -> ApiResult<Response> {
    let (name, bytes) = s.app.archive_file(&cur.actor, id).await?;
    Response::builder()
        .header(header::CONTENT_TYPE, "application/zip")
        .header(header::CONTENT_DISPOSITION, crate::export::attachment(&name))
        .body(Body::from(bytes))
        .map_err(|e| ApiError(AppError::internal(e.to_string())))
}
