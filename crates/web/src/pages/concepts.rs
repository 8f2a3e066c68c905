//! 问题概念词表 pages: the concept lexicon that judges rebounds by meaning, grouped by kind, its
//! editions (each file downloadable to edit), and for the office an import of a new edition:
//! upload, a preview that names every bad line, then a confirmation that keeps it.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use xuncha_app::concepts::{ConceptImportInput, ConceptImportOutcome, ConceptLexiconView, ConceptView};
use xuncha_domain::access::{Capability, allowed};

use super::library::{check_upload, text_of, tsv_download};
use super::{Checked, Chrome, PageResult, PageUser, done, render};
use crate::AppState;
use crate::extract::{Multipart, Path, Query};

const KIND: &str = "concepts";

#[derive(Template)]
#[template(path = "concepts.html")]
struct ConceptsPage {
    c: Chrome,
    view: ConceptLexiconView,
    can_import: bool,
    file_name: String,
    note: String,
    preview: Option<ConceptImportOutcome>,
    token: String,
    errors: Vec<String>,
}

impl ConceptsPage {
    /// The concepts in force of one kind (对象, 失误, 行为).
    fn of_kind(&self, kind: &str) -> Vec<&ConceptView> {
        self.view.concepts.iter().filter(|c| c.kind == kind).collect()
    }
}

#[derive(Deserialize, Default)]
pub struct ConceptsQuery {
    #[serde(default)]
    ok: String,
}

async fn page(s: &AppState, user: &PageUser, flash: Option<&str>) -> PageResult<ConceptsPage> {
    Ok(ConceptsPage {
        c: user.chrome(s, "/library", flash),
        view: s.app.concept_lexicon(&user.actor).await?,
        can_import: allowed(&user.actor, Capability::PlanRounds),
        file_name: String::new(),
        note: String::new(),
        preview: None,
        token: String::new(),
        errors: Vec::new(),
    })
}

pub async fn show(State(s): State<AppState>, user: PageUser, Query(q): Query<ConceptsQuery>) -> PageResult<Response> {
    Ok(render(&page(&s, &user, Some(q.ok.as_str()).filter(|f| !f.is_empty())).await?))
}

/// Reads the uploaded file and shows what it holds; nothing is kept yet.
pub async fn preview(State(s): State<AppState>, user: PageUser, form: Multipart) -> PageResult<Response> {
    let mut p = page(&s, &user, None).await?;
    let (app, actor) = (&s.app, &user.actor);
    let up = check_upload(&s, &user, form, (KIND, "概念词表"), p.can_import, move |note, lines| async move {
        app.import_concepts(actor, &ConceptImportInput { note, lines, preview: true }).await
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
    let input = ConceptImportInput { note: f.note, lines: text_of(&data)?, preview: false };
    s.app.import_concepts(&user.actor, &input).await?;
    Ok(done("/library/concepts".into(), "concepts_imported"))
}

/// An edition's file, to edit and import again.
pub async fn file(State(s): State<AppState>, user: PageUser, Path(number): Path<i64>) -> PageResult<Response> {
    let text = s.app.concepts_file(&user.actor, number).await?;
    Ok(tsv_download(text, &format!("问题概念词表第{number}版.tsv")))
}
