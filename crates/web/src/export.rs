//! Downloads of office documents, shared by the pages and the API.

use axum::body::Body;
use axum::http::header;
use axum::response::Response;
use xuncha_app::AppError;
use xuncha_app::ledger::LedgerFilter;
use xuncha_app::official::DocumentKind;
use xuncha_domain::access::Actor;
use xuncha_domain::id::*;

use crate::AppState;

/// `filename*` per RFC 5987, so Chinese names survive.
pub fn attachment(name: &str) -> String {
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"._-".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }
        })
        .collect();
    format!("attachment; filename*=UTF-8''{encoded}")
}

/// The ledger the actor may see, as .xlsx.
pub async fn ledger_download(s: &AppState, actor: &Actor, filter: &LedgerFilter) -> Result<Response, AppError> {
    let ledger = s.app.ledger(actor, filter).await?;
    let details = s.app.ledger_details(&ledger).await?;
    // A filtered export says its filter in its title and file name.
    let title = ledger.title(filter);
    let bytes = xuncha_documents::ledger_xlsx(&ledger, &details, &title)
        .map_err(|e| AppError::internal(format!("xlsx: {e}")))?;
    Response::builder()
        .header(header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header(header::CONTENT_DISPOSITION, attachment(&format!("{title}.xlsx")))
        .body(Body::from(bytes))
        .map_err(|e| AppError::internal(e.to_string()))
}

/// One official document of an inspection as .docx; `kind` as in the URL ("feedback", "plan",
/// "report", "disclosure").
pub async fn document_download(
    s: &AppState,
    actor: &Actor,
    inspection_id: InspectionId,
    kind: &str,
) -> Result<Response, AppError> {
    let kind = DocumentKind::parse("kind", kind).map_err(|_| AppError::NotFound)?;
    let data = s.app.official_document(actor, inspection_id, kind).await?;
    let (bytes, name) = xuncha_documents::official::render(&data).map_err(AppError::internal)?;
    Response::builder()
        .header(header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        .header(header::CONTENT_DISPOSITION, attachment(&name))
        .body(Body::from(bytes))
        .map_err(|e| AppError::internal(e.to_string()))
}

/// The letters of a 督办 step, or of a batch (one letter per page), as .docx.
pub async fn letters_download(
    s: &AppState,
    actor: &Actor,
    set: xuncha_app::escalations::LetterSet,
) -> Result<Response, AppError> {
    let letters = s.app.escalation_letters(actor, set).await?;
    let (bytes, name) = xuncha_documents::official::render_letters(&letters).map_err(AppError::internal)?;
    Response::builder()
        .header(header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        .header(header::CONTENT_DISPOSITION, attachment(&name))
        .body(Body::from(bytes))
        .map_err(|e| AppError::internal(e.to_string()))
}

/// A round's 整改成效评估 as .xlsx.
pub async fn assessments_download(s: &AppState, actor: &Actor, round_id: RoundId) -> Result<Response, AppError> {
    let r = s.app.round_assessments(actor, round_id).await?;
    xlsx_response(xuncha_documents::assessments_xlsx(&r))
}

/// A workbook as a download (its file name in the header).
fn xlsx_response<E: std::fmt::Display>(made: Result<(Vec<u8>, String), E>) -> Result<Response, AppError> {
    let (bytes, name) = made.map_err(|e| AppError::internal(format!("xlsx: {e}")))?;
    Response::builder()
        .header(header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header(header::CONTENT_DISPOSITION, attachment(&name))
        .body(Body::from(bytes))
        .map_err(|e| AppError::internal(e.to_string()))
}

/// A round's problems by typical problem of the 问题库, as .xlsx.
pub async fn typical_download(s: &AppState, actor: &Actor, round_id: RoundId) -> Result<Response, AppError> {
    let r = s.app.round_typical_report(actor, round_id).await?;
    xlsx_response(xuncha_documents::typical_xlsx(&r))
}

/// The 巡察人才库 as .xlsx (the layout its import reads back).
pub async fn pool_download(s: &AppState, actor: &Actor) -> Result<Response, AppError> {
    let pool = s.app.pool(actor).await?;
    xlsx_response(xuncha_documents::pool_xlsx(&pool, s.app.today()))
}
