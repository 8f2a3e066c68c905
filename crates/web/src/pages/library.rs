//! 问题库 pages: the library in force, grouped by category and aspect, its editions (each file
//! downloadable to edit), and for the office an import of a new edition: upload, a preview that
//! names every bad line, then a confirmation that keeps it as the next edition.

use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use xuncha_app::AppError;
use xuncha_app::library::{LibraryImportInput, LibraryImportOutcome, LibraryView, MAX_LIBRARY_BYTES};
use xuncha_domain::access::{Capability, allowed};

use super::{Checked, Chrome, PageResult, PageUser, done, render};
use crate::AppState;
use crate::extract::{Multipart, Path, Query};
use crate::upload::read_upload;

const KIND: &str = "library";

#[derive(Template)]
#[template(path = "library.html")]
struct LibraryPage {
    c: Chrome,
    view: LibraryView,
    can_import: bool,
    file_name: String,
    note: String,
    preview: Option<LibraryImportOutcome>,
    token: String,
    errors: Vec<String>,
}

impl LibraryPage {
    /// The typical problems in force, as (category, aspect) groups in file order.
    fn groups(&self) -> Vec<(String, Vec<&xuncha_app::library::TypicalProblemView>)> {
        let mut out: Vec<(String, Vec<&xuncha_app::library::TypicalProblemView>)> = Vec::new();
        for p in &self.view.problems {
            let label = format!("{} › {}", p.category, p.aspect);
            match out.iter_mut().find(|(l, _)| *l == label) {
                Some((_, list)) => list.push(p),
                None => out.push((label, vec![p])),
            }
        }
        out
    }
}

#[derive(Deserialize, Default)]
pub struct LibraryQuery {
    #[serde(default)]
    ok: String,
}

async fn page(s: &AppState, user: &PageUser, flash: Option<&str>) -> PageResult<LibraryPage> {
    Ok(LibraryPage {
        c: user.chrome(s, "/library", flash),
        view: s.app.library(&user.actor).await?,
        can_import: allowed(&user.actor, Capability::PlanRounds),
        file_name: String::new(),
        note: String::new(),
        preview: None,
        token: String::new(),
        errors: Vec::new(),
    })
}

pub async fn show(State(s): State<AppState>, user: PageUser, Query(q): Query<LibraryQuery>) -> PageResult<Response> {
    Ok(render(&page(&s, &user, Some(q.ok.as_str()).filter(|f| !f.is_empty())).await?))
}

/// The messages of a refused import, line by line.
pub(super) fn messages(e: AppError) -> Result<Vec<String>, AppError> {
    match e {
        AppError::Invalid(list) => Ok(list.into_iter().map(|f| f.message).collect()),
        AppError::State(m) => Ok(vec![m]),
        other => Err(other),
    }
}

/// The file's lines, within the size limit: UTF-8 (a byte-order mark dropped), UTF-16 with its
/// byte-order mark (Excel's and WPS's "Unicode 文本"), else GBK/GB18030; Windows line ends read
/// as such. A file that is none of these is refused in words.
pub(super) fn text_of(data: &[u8]) -> Result<Vec<String>, AppError> {
    if data.len() > MAX_LIBRARY_BYTES * 2 {
        return Err(AppError::invalid("file", format!("文件超过{}MB", MAX_LIBRARY_BYTES / 1024 / 1024)));
    }
    let unreadable =
        || AppError::invalid("file", "文件无法识别编码,请保存为UTF-8、Unicode或GBK编码的文本文件(制表符分隔)");
    let decoded = if let Some(rest) = data.strip_prefix(&[0xFF, 0xFE]) {
        encoding_rs::UTF_16LE.decode_without_bom_handling_and_without_replacement(rest).ok_or_else(unreadable)?
    } else if let Some(rest) = data.strip_prefix(&[0xFE, 0xFF]) {
        encoding_rs::UTF_16BE.decode_without_bom_handling_and_without_replacement(rest).ok_or_else(unreadable)?
    } else if let Ok(text) = std::str::from_utf8(data) {
        std::borrow::Cow::Borrowed(text)
    } else {
        encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(data).ok_or_else(unreadable)?
    };
    Ok(decoded.trim_start_matches('\u{feff}').lines().map(str::to_string).collect())
}

#[cfg(test)]
mod tests {
    use super::text_of;

    #[test]
    fn utf8_utf16_and_gbk_files_read_alike() {
        let text = "1\t类\t面\t礼品礼金\t表述\t依据\t礼品";
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        for data in [text.as_bytes().to_vec(), utf16, gbk.into_owned()] {
            assert_eq!(text_of(&data).unwrap(), vec![text.to_string()]);
        }
        assert!(text_of(&[0xFF, 0xFE, 0x00, 0xD8]).is_err(), "a lone surrogate is refused");
    }
}

/// An uploaded edition read and checked, nothing kept: the file's name, the revision note, the
/// token that confirms it, and what the import read or, line by line, why it refused.
pub(super) struct Upload<O> {
    pub file_name: String,
    pub note: String,
    pub token: String,
    pub outcome: Result<O, Vec<String>>,
}

/// Reads an uploaded edition (the form's `file`, named `label` in messages) and checks it by
/// `check` (the import as a preview, given the note and the lines); a file that reads is kept
/// under `kind` for the user until confirmed. The 问题库 and the concept lexicon share it.
pub(super) async fn check_upload<O, Fut>(
    s: &AppState,
    user: &PageUser,
    form: Multipart,
    (kind, label): (&'static str, &str),
    can_import: bool,
    check: impl FnOnce(String, Vec<String>) -> Fut,
) -> PageResult<Upload<O>>
where
    Fut: std::future::Future<Output = Result<O, AppError>>,
{
    let up = read_upload(form).await?;
    user.check_csrf(up.field("csrf"))?;
    if !can_import {
        return Err(AppError::Forbidden.into());
    }
    let note = up.field("note").to_string();
    let mut token = String::new();
    let outcome = match up.file(label).and_then(text_of) {
        Ok(lines) => {
            let text = lines.join("\n");
            let outcome = check(note.clone(), lines).await;
            if outcome.is_ok() {
                token = s.pending_uploads.keep(user.actor.user_id, kind, text.into_bytes());
            }
            outcome
        }
        Err(e) => Err(e),
    };
    let outcome = match outcome {
        Ok(o) => Ok(o),
        Err(e) => Err(messages(e)?),
    };
    Ok(Upload { file_name: up.file_name.clone(), note, token, outcome })
}

/// Reads the uploaded file and shows what it holds; nothing is kept yet.
pub async fn preview(State(s): State<AppState>, user: PageUser, form: Multipart) -> PageResult<Response> {
    let mut p = page(&s, &user, None).await?;
    let (app, actor) = (&s.app, &user.actor);
    let up = check_upload(&s, &user, form, (KIND, "问题库"), p.can_import, move |note, lines| async move {
        app.import_library(actor, &LibraryImportInput { note, lines, preview: true }).await
    })
    .await?;
    (p.file_name, p.note, p.token) = (up.file_name, up.note, up.token);
    match up.outcome {
        Ok(o) => p.preview = Some(o),
        Err(errors) => p.errors = errors,
    }
    Ok(render(&p))
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    token: String,
    #[serde(default)]
    note: String,
}

/// Keeps the previewed file as the next edition.
pub async fn confirm(State(s): State<AppState>, Checked(user, f): Checked<ConfirmForm>) -> PageResult<Response> {
    let data = s.pending_uploads.take(user.actor.user_id, KIND, &f.token)?;
    let lines = text_of(&data)?;
    let input = LibraryImportInput { note: f.note, lines, preview: false };
    s.app.import_library(&user.actor, &input).await?;
    Ok(done("/library".into(), "library_imported"))
}

/// An edition's file, to edit and import again.
pub async fn file(State(s): State<AppState>, user: PageUser, Path(number): Path<i64>) -> PageResult<Response> {
    let text = s.app.library_file(&user.actor, number).await?;
    Ok(tsv_download(text, &format!("问题库第{number}版.tsv")))
}

/// A tab-separated file to save.
pub(super) fn tsv_download(text: String, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/tab-separated-values; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, crate::export::attachment(name)),
        ],
        text,
    )
        .into_response()
}
