//! 问题概念词表: the concept lexicon that judges rebounds by meaning — what a finding is about
//! (its object), how it went wrong (its failing), or a conduct — in editions like the 问题库. The
//! shipped lexicon is in force until the office imports its own (the whole file, checked line by
//! line before it is kept): a county adds the words its teams write ("斗地主" for 打牌), so that a
//! finding in those words is put beside the earlier one it repeats.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use xuncha_analysis::concepts::{Concepts, LEXICON};
use xuncha_domain::access::{Actor, Capability};
use xuncha_domain::action::{Action, On};
use xuncha_domain::id::OrgId;
use xuncha_store::{Conn, LexiconKind};

use crate::audit::people;
use crate::library::{
    EditionView, InForce, Read, SourceKey, changes, checked_source, edition_view, line_errors, reading, revision_note,
    shipped_edition, standing,
};
use crate::{App, AppError, AppResult, By};

/// One concept as pages and the API show it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ConceptView {
    /// 对象, 失误 or 行为.
    pub kind: String,
    pub name: String,
    /// The recognition words as written in the file.
    pub terms: String,
}

/// The lexicon in force, and its editions, newest first.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ConceptLexiconView {
    /// The edition in force: the shipped one when the county's newest does not read.
    pub edition: EditionView,
    pub concepts: Vec<ConceptView>,
    pub editions: Vec<EditionView>,
    /// The number of the county's newest edition when it does not read under this release, and
    /// the number of the one standing in (`None`: the lexicon shipped with this release).
    pub unreadable: Option<i64>,
    pub standing_in: Option<i64>,
}

/// A new edition, as a whole file (the format of `library/concepts.tsv`).
#[derive(Debug, Deserialize, JsonSchema)]
pub struct ConceptImportInput {
    /// What changed, for the record ("增加本县口语说法").
    #[serde(default)]
    pub note: String,
    /// The file's lines, each three tab-separated fields (or a `#` comment).
    pub lines: Vec<String>,
    /// Check and show only; keep nothing.
    #[serde(default)]
    pub preview: bool,
}

/// What an import read (and, unless a preview, kept as which edition).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ConceptImportOutcome {
    /// The edition kept; `None` for a preview.
    pub number: Option<i64>,
    pub concepts: Vec<ConceptView>,
    /// Concepts per kind (对象, 失误, 行为).
    pub by_kind: Vec<(String, usize)>,
    /// Against the edition in force: the names of concepts the file adds, drops, or words
    /// otherwise (its kind or terms), so that the office sees what it is about to change.
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<String>,
}

fn views(lexicon: &Concepts) -> Vec<ConceptView> {
    lexicon
        .entries()
        .map(|e| ConceptView { kind: e.kind.label().into(), name: e.name.into(), terms: e.terms.into() })
        .collect()
}

/// Lexicons already built, by their file's text (see `library::parsed`).
static PARSED: LazyLock<Mutex<HashMap<SourceKey, Read<Concepts>>>> = LazyLock::new(Default::default);

/// Reads a county's lexicon in force: its newest edition, else the shipped one.
pub(crate) async fn in_force(conn: &mut Conn<'_>, committee: Option<OrgId>) -> AppResult<Arc<Concepts>> {
    Ok(in_force_of(conn, committee).await?.read)
}

/// The same, saying whether the county's newest edition did not read and which stands in.
async fn in_force_of(conn: &mut Conn<'_>, committee: Option<OrgId>) -> AppResult<InForce<Concepts>> {
    static SHIPPED: LazyLock<Arc<Concepts>> = LazyLock::new(|| Arc::new(Concepts::built_in().clone()));
    reading(conn, committee, LexiconKind::Concepts, &PARSED, |s| Concepts::parse(s).ok(), &SHIPPED).await
}

/// Reads a lexicon file, each bad line named.
fn read_file(lines: &[String]) -> AppResult<Concepts> {
    let lexicon = Concepts::parse(&checked_source(lines, "概念词表")?).map_err(line_errors)?;
    if lexicon.is_empty() {
        return Err(AppError::invalid("lines", "文件中没有概念"));
    }
    Ok(lexicon)
}

impl App {
    /// The lexicon in force for the actor's county, with its editions: the inspecting side's.
    pub async fn concept_lexicon(&self, actor: &Actor) -> AppResult<ConceptLexiconView> {
        crate::require(actor, Capability::ReadRounds)?;
        let county = Self::library_county(actor);
        let mut h = self.store.read().await?;
        let InForce { read: force, unreadable, standing_in } = in_force_of(&mut h.conn(), county).await?;
        let stored = h.conn().library_editions(county, LexiconKind::Concepts).await?;
        let who = people(&mut h.conn(), stored.iter().filter_map(|e| e.imported_by).collect()).await?;
        let mut editions: Vec<EditionView> =
            stored.iter().map(|e| edition_view(e, who.of_opt(&e.imported_by))).collect();
        if !stored.iter().any(|e| e.number == 1) {
            editions.push(shipped_edition(Concepts::built_in().len()));
        }
        let edition = standing(&editions, unreadable, standing_in, force.len());
        Ok(ConceptLexiconView { edition, concepts: views(&force), editions, unreadable, standing_in })
    }

    /// Checks a lexicon file and, unless a preview, keeps it as the county's next edition.
    pub async fn import_concepts(&self, actor: &Actor, input: &ConceptImportInput) -> AppResult<ConceptImportOutcome> {
        crate::require(actor, Capability::PlanRounds)?;
        let lexicon = read_file(&input.lines)?;
        let note = revision_note(&input.note, "导入问题概念词表")?;
        let concepts = views(&lexicon);
        let mut by_kind: Vec<(String, usize)> = Vec::new();
        for c in &concepts {
            match by_kind.iter_mut().find(|(k, _)| *k == c.kind) {
                Some((_, n)) => *n += 1,
                None => by_kind.push((c.kind.clone(), 1)),
            }
        }
        let county = Self::library_county(actor);
        let force = {
            let mut h = self.store.read().await?;
            in_force(&mut h.conn(), county).await?
        };
        let (added, removed, changed) = changes(
            views(&force).into_iter().map(|c| (c.name.clone(), c)),
            concepts.iter().map(|c| (c.name.clone(), c.clone())),
        );
        let outcome = |number| ConceptImportOutcome { number, concepts, by_kind, added, removed, changed };
        if input.preview {
            return Ok(outcome(None));
        }
        let mut tx = self.write_as(By::User(actor), Capability::PlanRounds).await?;
        let (kind, count) = (LexiconKind::Concepts, lexicon.len() as i64);
        // The shipped lexicon the county worked with until now is kept as its 第1版.
        if tx.conn().current_library_edition(county, kind).await?.is_none() {
            let shipped = Concepts::built_in().len() as i64;
            tx.conn().insert_library_edition(county, kind, "随系统提供的第1版", LEXICON, shipped, None).await?;
        }
        let source = input.lines.join("\n");
        let number = tx.conn().insert_library_edition(county, kind, note, &source, count, Some(actor.user_id)).await?;
        let summary = format!("导入问题概念词表第{number}版({count}个概念):{note}");
        let after = serde_json::json!({ "number": number, "note": note, "concepts": count }).to_string();
        tx.record(Action::SettingConceptLexicon, On::NONE, &summary, "{}", &after).await?;
        tx.commit().await?;
        Ok(outcome(Some(number)))
    }

    /// The file of an edition (the shipped one is number 1), to download and edit.
    pub async fn concepts_file(&self, actor: &Actor, number: i64) -> AppResult<String> {
        crate::require(actor, Capability::ReadRounds)?;
        let mut h = self.store.read().await?;
        match h.conn().library_edition(Self::library_county(actor), LexiconKind::Concepts, number).await? {
            Some(e) => Ok(e.source),
            None if number == 1 => Ok(LEXICON.to_string()),
            None => Err(AppError::NotFound),
        }
    }
}
