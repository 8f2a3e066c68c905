//! Importing office workbooks: a rectification ledger into an inspection (the office) and
//! rosters of organisations and people (the administrator). Upload, a row-by-row preview naming
//! every problem found, then an all-or-nothing import the user confirms.

use crate::extract::{Multipart, Path};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use xuncha_app::AppError;
use xuncha_app::imports::LedgerMatch;
use xuncha_app::roster::{RosterMode, RosterOutcome};
use xuncha_app::views::InspectionRecord;
use xuncha_documents::import::ledger::{LedgerImport, read_ledger};
use xuncha_documents::import::roster::{RosterImport, read_roster};
use xuncha_domain::access::Capability;
use xuncha_domain::id::*;

use super::Checked;
use super::{Chrome, PageError, PageResult, PageUser, done, render};
use crate::AppState;
use crate::upload::{parse_file, read_upload};

const KIND: &str = "ledger";
const ROSTER: &str = "roster";

#[derive(Template)]
#[template(path = "import_ledger.html")]
struct LedgerImportPage {
    c: Chrome,
    i: InspectionRecord,
    /// The file's name and what was read from it, after an upload.
    file_name: String,
    preview: Option<LedgerImport>,
    /// Per previewed problem: what on the inspection it joins, and its measures already there.
    matches: Vec<LedgerMatch>,
    /// Hands the kept file to the confirming form.
    token: String,
    error: Option<String>,
}

impl LedgerImportPage {
    fn matched(&self, index: &usize) -> Option<&LedgerMatch> {
        self.matches.get(*index).filter(|m| m.problem_number.is_some() || m.repeats.is_some())
    }
    /// Whether a measure (by its problem's position and its row) is already there.
    fn repeated(&self, problem: &usize, row: &u32) -> bool {
        self.matches.get(*problem).is_some_and(|m| m.repeated_rows.contains(row))
    }
    /// Whether the problem's row is left out whole (it repeats a closed problem).
    fn closed(&self, problem: &usize) -> bool {
        self.matches.get(*problem).is_some_and(|m| m.closed)
    }
    /// The preview's row of an earlier problem of the file (for "same as row N").
    fn row_of(&self, index: &usize) -> u32 {
        self.preview.as_ref().and_then(|p| p.problems.get(*index)).map(|p| p.row).unwrap_or_default()
    }
    fn merged(&self) -> usize {
        (0..self.matches.len()).filter(|i| self.matched(i).is_some()).count()
    }
    fn repeated_count(&self) -> usize {
        self.matches.iter().map(|m| m.repeated_measures.len()).sum()
    }
    fn valid_measures(&self) -> usize {
        self.preview
            .as_ref()
            .map(|p| p.problems.iter().flat_map(|p| &p.measures).filter(|m| !m.has_issue).count())
            .unwrap_or(0)
    }
    /// The issues of one Excel row, for the mark beside it.
    fn issues_of(&self, row: &u32) -> String {
        self.preview
            .as_ref()
            .map(|p| p.issues.iter().filter(|i| i.row == *row).map(|i| i.message.clone()).collect::<Vec<_>>().join(";"))
            .unwrap_or_default()
    }
}

/// Only the office imports, and only once the inspection has been fed back.
async fn importable(s: &AppState, page: &PageUser, id: InspectionId) -> Result<InspectionRecord, PageError> {
    Ok(s.app.ledger_import_target(&page.actor, id).await?)
}

pub async fn ledger_form(
    State(s): State<AppState>,
    page: PageUser,
    Path(id): Path<InspectionId>,
) -> PageResult<Response> {
    let i = importable(&s, &page, id).await?;
    Ok(render(&LedgerImportPage {
        c: page.chrome(&s, "", None),
        i,
        file_name: String::new(),
        preview: None,
        matches: Vec::new(),
        token: String::new(),
        error: None,
    }))
}

/// What the previewed problems would join on the inspection (nothing when none was read).
async fn matches_of(
    s: &AppState,
    page: &PageUser,
    id: InspectionId,
    preview: Option<&LedgerImport>,
) -> PageResult<Vec<LedgerMatch>> {
    let Some(p) = preview else { return Ok(Vec::new()) };
    let mut matches = s.app.ledger_matches(&page.actor, id, &p.incoming()).await?;
    p.locate(&mut matches);
    Ok(matches)
}

/// Reads the file and shows what would be created; nothing is written yet.
pub async fn ledger_preview(
    State(s): State<AppState>,
    page: PageUser,
    Path(id): Path<InspectionId>,
    form: Multipart,
) -> PageResult<Response> {
    let up = read_upload(form).await?;
    page.check_csrf(up.field("csrf"))?;
    let i = importable(&s, &page, id).await?;
    let year = s.app.ledger_year(&i);
    let (data, read) = parse_file(up.file("整改台账")?.to_vec(), move |d| read_ledger(d, year)).await;
    let (preview, error) = match read {
        Ok(p) => (Some(p), None),
        Err(e) => (None, Some(e)),
    };
    let token = if preview.is_some() { s.pending_uploads.keep(page.actor.user_id, KIND, data) } else { String::new() };
    let matches = matches_of(&s, &page, id, preview.as_ref()).await?;
    Ok(render(&LedgerImportPage {
        c: page.chrome(&s, "", None),
        i,
        file_name: up.file_name,
        preview,
        matches,
        token,
        error,
    }))
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    token: String,
    file_name: String,
    accept_valid: Option<String>,
}

/// Imports the previewed file: all of it, or (when the user accepts) the rows without issues.
pub async fn ledger_confirm(
    State(s): State<AppState>,
    Path(id): Path<InspectionId>,
    Checked(page, f): Checked<ConfirmForm>,
) -> PageResult<Response> {
    let i = importable(&s, &page, id).await?;
    let data = s.pending_uploads.take(page.actor.user_id, KIND, &f.token)?;
    let year = s.app.ledger_year(&i);
    let (data, read) = parse_file(data, move |d| read_ledger(d, year)).await;
    let read = read.map_err(|e| AppError::invalid("file", e))?;
    let outcome = match read.to_import(f.accept_valid.is_some()) {
        Some(problems) => s.app.import_ledger(&page.actor, id, &problems).await.map(|_| ()),
        None => Err(AppError::invalid(
            "accept_valid",
            format!("文件中有{}处问题,未导入任何数据;请修正后重新上传,或勾选“只导入没有问题的行”", read.issues.len()),
        )),
    };
    match outcome {
        Ok(()) => Ok(done(format!("/inspections/{id}/plan"), "imported")),
        // Nothing was written: show the preview again, with the reason, so the file is not lost.
        Err(e @ (AppError::Invalid(_) | AppError::State(_))) => {
            let error = Some(match &e {
                AppError::Invalid(list) => list.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join(";"),
                AppError::State(m) => m.clone(),
                _ => String::new(),
            });
            let token = s.pending_uploads.keep(page.actor.user_id, KIND, data);
            let matches = matches_of(&s, &page, id, Some(&read)).await?;
            Ok(render(&LedgerImportPage {
                c: page.chrome(&s, "", None),
                i,
                file_name: f.file_name,
                preview: Some(read),
                matches,
                token,
                error,
            }))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "import_roster.html")]
struct RosterImportPage {
    c: Chrome,
    file_name: String,
    preview: Option<(RosterImport, RosterOutcome)>,
    token: String,
    error: Option<String>,
}

impl RosterImportPage {
    fn issue_count(&self) -> usize {
        self.preview.as_ref().map(|(r, o)| r.issues.len() + o.issues.len()).unwrap_or(0)
    }
    /// Every issue of the file and of the database check, in sheet and row order.
    fn issues(&self) -> Vec<String> {
        let Some((r, o)) = &self.preview else { return Vec::new() };
        let mut all: Vec<&xuncha_app::imports::ImportIssue> = r.issues.iter().chain(&o.issues).collect();
        all.sort_by(|a, b| (&a.sheet, a.row).cmp(&(&b.sheet, b.row)));
        all.into_iter().map(|i| i.describe()).collect()
    }
    /// The issues of one row of one sheet, for the mark beside it.
    fn row_issues(&self, sheet: &Option<String>, row: &u32) -> String {
        let Some((r, o)) = &self.preview else { return String::new() };
        let sheet = sheet.as_deref().unwrap_or("");
        r.issues
            .iter()
            .chain(&o.issues)
            .filter(|i| i.sheet == sheet && i.row == *row)
            .map(|i| i.message.clone())
            .collect::<Vec<_>>()
            .join(";")
    }
}

fn admin_only(page: &PageUser) -> Result<(), PageError> {
    Ok(xuncha_app::require(&page.actor, Capability::Administer)?)
}

pub async fn roster_form(State(s): State<AppState>, page: PageUser) -> PageResult<Response> {
    admin_only(&page)?;
    Ok(render(&RosterImportPage {
        c: page.chrome(&s, "/", None),
        file_name: String::new(),
        preview: None,
        token: String::new(),
        error: None,
    }))
}

/// Reads the roster and runs every check against the database without writing.
pub async fn roster_preview(State(s): State<AppState>, page: PageUser, form: Multipart) -> PageResult<Response> {
    let up = read_upload(form).await?;
    page.check_csrf(up.field("csrf"))?;
    admin_only(&page)?;
    let (data, read) = parse_file(up.file("名册")?.to_vec(), read_roster).await;
    let (preview, token, error) = match read {
        Ok(read) => {
            let outcome =
                s.app.import_roster(&page.actor, &read.to_input(), read.issues.len(), RosterMode::Preview).await?;
            (Some((read, outcome)), s.pending_uploads.keep(page.actor.user_id, ROSTER, data), None)
        }
        Err(e) => (None, String::new(), Some(e)),
    };
    Ok(render(&RosterImportPage { c: page.chrome(&s, "/", None), file_name: up.file_name, preview, token, error }))
}

pub async fn roster_confirm(State(s): State<AppState>, Checked(page, f): Checked<ConfirmForm>) -> PageResult<Response> {
    admin_only(&page)?;
    let data = s.pending_uploads.take(page.actor.user_id, ROSTER, &f.token)?;
    let (data, read) = parse_file(data, read_roster).await;
    let read = read.map_err(|e| AppError::invalid("file", e))?;
    let mode = if f.accept_valid.is_some() { RosterMode::AcceptValid } else { RosterMode::All };
    let outcome = s.app.import_roster(&page.actor, &read.to_input(), read.issues.len(), mode).await?;
    if outcome.applied {
        return Ok(done("/".into(), "roster"));
    }
    // Nothing was written: the preview again, with the reason, and the file kept.
    let error = Some(format!(
        "文件中有{}处问题,未导入任何数据;请修正后重新上传,或勾选“只导入没有问题的行”",
        read.issues.len() + outcome.issues.len()
    ));
    let token = s.pending_uploads.keep(page.actor.user_id, ROSTER, data);
    Ok(render(&RosterImportPage {
        c: page.chrome(&s, "/", None),
        file_name: f.file_name,
        preview: Some((read, outcome)),
        token,
        error,
    }))
}
