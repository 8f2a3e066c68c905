//! Office files: the ledger as .xlsx, ledger imports with a dry run, and the Word documents.

use crate::extract::{Multipart, Path, Query};
use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use xuncha_app::AppError;
use xuncha_app::imports::ImportSummary;
use xuncha_app::roster::{RosterMode, RosterOutcome};
use xuncha_app::views::PersonRecord;
use xuncha_documents::import::ledger::{LedgerImport, read_ledger};
use xuncha_documents::import::roster::{RosterImport, read_roster};
use xuncha_domain::FieldError;
use xuncha_domain::id::*;

use crate::AppState;
use crate::error::ApiResult;
use crate::session::Current;
use crate::upload::{parse_file, read_upload};

/// `GET /api/inspections/{id}/documents/{kind}`: an official document as .docx.
pub async fn official_document(
    State(s): State<AppState>,
    cur: Current,
    Path((id, kind)): Path<(InspectionId, String)>,
) -> ApiResult<axum::response::Response> {
    Ok(crate::export::document_download(&s, &cur.actor, id, &kind).await?)
}

#[derive(Deserialize, schemars::JsonSchema)]
pub struct ImportQuery {
    /// Write to the database; without it the answer is only the preview.
    #[serde(default)]
    pub(crate) apply: bool,
    /// With issues in the file, import the rows without any.
    #[serde(default)]
    pub(crate) accept_valid: bool,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct LedgerImportAnswer {
    preview: LedgerImport,
    /// Per previewed problem: the problem already on the inspection (or earlier in the file) it
    /// joins instead of being created, and its measures already there.
    matches: Vec<xuncha_app::imports::LedgerMatch>,
    imported: Option<ImportSummary>,
}

/// `POST /api/inspections/{id}/ledger-import` (multipart `file`): the preview, and with
/// `apply=true` the import. A file with issues is refused whole (422 naming each sheet, row and
/// column) unless `accept_valid=true`.
pub async fn import_ledger(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<InspectionId>,
    Query(q): Query<ImportQuery>,
    form: Multipart,
) -> ApiResult<Json<LedgerImportAnswer>> {
    let insp = s.app.ledger_import_target(&cur.actor, id).await?;
    let up = read_upload(form).await?;
    let year = s.app.ledger_year(&insp);
    let data = up.file("整改台账")?.to_vec();
    let (_, read) = parse_file(data, move |d| read_ledger(d, year)).await;
    let preview = read.map_err(|e| AppError::invalid("file", e))?;
    let mut matches = s.app.ledger_matches(&cur.actor, id, &preview.incoming()).await?;
    preview.locate(&mut matches);
    if !q.apply {
        return Ok(Json(LedgerImportAnswer { preview, matches, imported: None }));
    }
    let Some(problems) = preview.to_import(q.accept_valid) else {
        let fields =
            preview.issues.iter().map(|i| FieldError::new(format!("{}!{}", i.sheet, i.row), i.describe())).collect();
        return Err(AppError::Invalid(fields).into());
    };
    let imported = s.app.import_ledger(&cur.actor, id, &problems).await?;
    Ok(Json(LedgerImportAnswer { preview, matches, imported: Some(imported) }))
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct RosterImportAnswer {
    preview: RosterImport,
    outcome: RosterOutcome,
}

/// `POST /api/roster-import` (multipart `file`): organisations and people, checked row by row
/// against the database; written only with `apply=true` and no issue (or `accept_valid=true`).
pub async fn import_roster(
    State(s): State<AppState>,
    cur: Current,
    Query(q): Query<ImportQuery>,
    form: Multipart,
) -> ApiResult<Json<RosterImportAnswer>> {
    xuncha_app::require(&cur.actor, xuncha_domain::access::Capability::Administer)?;
    let up = read_upload(form).await?;
    let (_, read) = parse_file(up.file("名册")?.to_vec(), read_roster).await;
    let preview = read.map_err(|e| AppError::invalid("file", e))?;
    let mode = RosterMode::from_flags(q.apply, q.accept_valid);
    let outcome = s.app.import_roster(&cur.actor, &preview.to_input(), preview.issues.len(), mode).await?;
    Ok(Json(RosterImportAnswer { preview, outcome }))
}

#[derive(Deserialize, schemars::JsonSchema)]
pub struct PeopleQuery {
    org: Option<OrgId>,
}

/// `GET /api/people?org=`: the roster (office and admin: all; a target: its own).
pub async fn list_people(
    State(s): State<AppState>,
    cur: Current,
    Query(q): Query<PeopleQuery>,
) -> ApiResult<Json<Vec<PersonRecord>>> {
    Ok(Json(s.app.list_people(&cur.actor, q.org).await?))
}
