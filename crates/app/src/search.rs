//! Full-text search for signed-in users: the reader's visibility goes into the query (see
//! `xuncha_search`), tips only for the office and the inspecting team. The index is built from
//! the database once, then follows the rows whose text changed (`crate::cache`). Kept in a
//! folder (beside a SQLite database by default), it outlives the process: the next one
//! resumes from the last change it holds instead of building again (a province's build is
//! most of a minute).

use schemars::JsonSchema;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;
use xuncha_domain::access::{Actor, Capability, Reach, allowed};
use xuncha_domain::action::{Action, On};
use xuncha_search::{Allowed, Doc, Hit, Kind, SavePoint, SearchIndex};
use xuncha_store::{Conn, SEARCH_KINDS, SearchRow, Store, TextChange};

use crate::cache::Follows;
use crate::{Admission, App, AppError, AppResult, By};

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SearchResult {
    #[serde(flatten)]
    pub hit: Hit,
    pub kind_label: &'static str,
    pub target_name: String,
    /// Where the result is read in full.
    pub href: String,
}

/// Most results shown for one query.
const LIMIT: usize = 30;

fn doc_of(r: SearchRow) -> Option<Doc> {
    Some(Doc {
        kind: Kind::parse(&r.kind)?,
        source_id: r.source_id,
        link_id: r.link_id,
        inspection_id: r.inspection_id.get(),
        fed_back: r.fed_back,
        text: r.text,
    })
}

/// Rows read per statement while building.
const BUILD_PAGE: i64 = 50_000;

fn index_failed(e: impl std::fmt::Display) -> AppError {
    AppError::internal(format!("search index: {e}"))
}

/// Indexing is CPU work (and file work): off the async workers.
async fn blocking<R, F>(f: F) -> AppResult<R>
where
    R: Send + 'static,
    F: FnOnce() -> Result<R, xuncha_search::Error> + Send + 'static,
{
    tokio::task::spawn_blocking(f).await.map_err(index_failed)?.map_err(index_failed)
}

async fn update(index: &Arc<SearchIndex>, removed: Vec<(Kind, i64)>, added: Vec<Doc>) -> AppResult<()> {
    let index = index.clone();
    blocking(move || index.update(&removed, added, None)).await
}

/// The setting that holds the token of the search index's last save (see `SavePoint`).
const SAVE_TOKEN_KEY: &str = "search_index_token";

/// The search index and whether it is kept in a folder (and so saved after every change).
pub(crate) struct Searchable {
    pub(crate) index: Arc<SearchIndex>,
    kept: bool,
}

impl Searchable {
    /// Marks the index as holding every change up to `applied`: a new token goes into the
    /// database first, then into the index, so an index and a database that disagree (a
    /// database put back from an older copy, a save cut short) are rebuilt, never trusted.
    async fn save(&self, store: &Store, removed: Vec<(Kind, i64)>, added: Vec<Doc>, applied: i64) -> AppResult<()> {
        let save = if self.kept {
            let token = format!("{:016x}", rand::random::<u64>());
            let mut tx = store.begin().await?;
            tx.conn().put_setting(SAVE_TOKEN_KEY, &token).await?;
            tx.commit().await?;
            Some(SavePoint { token, applied })
        } else {
            None
        };
        let index = self.index.clone();
        blocking(move || index.update(&removed, added, save.as_ref())).await
    }
}

/// Opens the index kept in `dir`; in memory when there is no folder or it cannot be used
/// (another process holds it, the disk refuses), with a warning, as search still works.
async fn open(dir: Option<&PathBuf>) -> AppResult<Searchable> {
    if let Some(dir) = dir.cloned() {
        let shown = dir.display().to_string();
        match blocking(move || SearchIndex::open(&dir)).await {
            Ok(index) => return Ok(Searchable { index: Arc::new(index), kept: true }),
            Err(e) => tracing::warn!("search index folder {shown} cannot be used ({e}); keeping it in memory"),
        }
    }
    Ok(Searchable { index: Arc::new(blocking(SearchIndex::new).await?), kept: false })
}

impl Follows for Searchable {
    type Place = Option<PathBuf>;

    async fn resume(store: &Store, dir: &Option<PathBuf>) -> AppResult<Option<(Searchable, i64)>> {
        if dir.is_none() {
            return Ok(None);
        }
        let found = open(dir.as_ref()).await?;
        let index = found.index.clone();
        let Some(save) = blocking(move || index.save_point()).await? else { return Ok(None) };
        let mut handle = store.read().await?;
        let token = handle.conn().get_setting(SAVE_TOKEN_KEY).await?;
        let last = handle.conn().last_text_change().await?;
        if token.as_deref() != Some(save.token.as_str()) || save.applied > last {
            tracing::info!("the saved search index does not match the database; building it again");
            return Ok(None);
        }
        Ok(Some((found, save.applied)))
    }

    async fn build(store: &Store, dir: &Option<PathBuf>, applied: i64) -> AppResult<Searchable> {
        let built = open(dir.as_ref()).await?;
        let index = built.index.clone();
        blocking(move || index.clear()).await?;
        let mut handle = store.read().await?;
        for kind in SEARCH_KINDS {
            let mut after = 0;
            loop {
                let rows = handle.conn().search_rows(kind, after, BUILD_PAGE).await?;
                let Some(last) = rows.last() else { break };
                after = last.source_id;
                update(&built.index, Vec::new(), rows.into_iter().filter_map(doc_of).collect()).await?;
            }
        }
        drop(handle);
        built.save(store, Vec::new(), Vec::new(), applied).await?;
        Ok(built)
    }

    async fn catch_up(&mut self, store: &Store, conn: &mut Conn<'_>, changes: &[TextChange]) -> AppResult<bool> {
        let (mut removed, mut added) = (Vec::new(), Vec::new());
        for kind in SEARCH_KINDS {
            let mut ids: Vec<i64> = changes.iter().filter(|c| c.kind == kind).map(|c| c.entity_id).collect();
            if ids.is_empty() {
                continue;
            }
            ids.sort_unstable();
            ids.dedup();
            added.extend(conn.search_rows_of(kind, &ids).await?.into_iter().filter_map(doc_of));
            let k = Kind::parse(kind).ok_or_else(|| index_failed(kind))?;
            removed.extend(ids.into_iter().map(|id| (k, id)));
        }
        // One commit for the whole batch, saved at its last change.
        if let Some(last) = changes.last() {
            self.save(store, removed, added, last.id).await?;
        }
        Ok(true)
    }
}

impl App {
    /// Keeps the search index in `dir` (a folder of its own) instead of in memory. Call before
    /// the first search and before cloning the app.
    pub fn keep_search_in(&mut self, dir: PathBuf) {
        self.search_cache = crate::cache::ByLog::new(Some(dir));
    }

    async fn search_index(&self) -> AppResult<Arc<SearchIndex>> {
        Ok(self.search_cache.get(&self.store).await?.index.clone())
    }

    /// What the reader may find, inspection by inspection.
    async fn search_scope(&self, actor: &Actor) -> AppResult<(Allowed, Vec<(i64, String)>)> {
        let inspections = match self.inspections_in_reach(actor, None).await {
            Ok(list) => list,
            Err(AppError::Forbidden | AppError::NotFound) => Vec::new(),
            Err(e) => return Err(e),
        };
        let drafts = actor.reads_work_papers();
        let mut a = Allowed::default();
        for i in &inspections {
            let s = i.scope();
            if allowed(actor, Capability::ReadProblems(&s)) {
                a.problems.insert(i.id.get());
                if drafts {
                    a.drafts.insert(i.id.get());
                }
            }
            if allowed(actor, Capability::ReadPlan(&s)) {
                a.plans.insert(i.id.get());
            }
            if allowed(actor, Capability::ReadTips(&s)) {
                a.tips.insert(i.id.get());
            }
        }
        // The office and leaders of a deployment without jurisdictions reach every inspection:
        // say so instead of listing thousands. Within a jurisdiction the list is the county's.
        if actor.reach() == Reach::Every && actor.jurisdiction.is_none() {
            let every = |set: &std::collections::BTreeSet<i64>| set.len() == inspections.len();
            a.all_problems = every(&a.problems);
            a.all_drafts = every(&a.drafts);
            a.all_plans = every(&a.plans);
            a.all_tips = every(&a.tips);
        }
        Ok((a, inspections.into_iter().map(|i| (i.id.get(), i.target_name)).collect()))
    }

    /// Problems, measures, progress and (office, inspecting team) tips matching every word of
    /// `query`, best first, with the matching words marked. Finding tips is recorded in the
    /// audit trail (how many, not the words searched).
    pub async fn search(&self, actor: &Actor, query: &str) -> AppResult<Vec<SearchResult>> {
        let q = query.trim();
        if q.is_empty() {
            return Err(AppError::invalid("q", "请输入要搜索的词语"));
        }
        if q.chars().count() > 100 {
            return Err(AppError::invalid("q", "搜索词不能超过100个字"));
        }
        let (scope, names) = self.search_scope(actor).await?;
        let index = self.search_index().await?;
        let q = q.to_string();
        let hits = tokio::task::spawn_blocking(move || index.search(&q, &scope, LIMIT))
            .await
            .map_err(|e| AppError::internal(e.to_string()))?
            .map_err(|e| AppError::internal(format!("search: {e}")))?;
        let tips = hits.iter().filter(|h| h.kind == Kind::Tip).count();
        if tips > 0 {
            // The scope of the search was the actor's own: only the tips they may read are hits.
            let mut tx = self.write(By::User(actor)).await?;
            tx.admit(Admission::SearchedInOwnScope);
            let summary = format!("全文检索命中信访举报{tips}条");
            tx.record(Action::TipSearch, On::NONE, &summary, "{}", "{}").await?;
            tx.commit().await?;
        }
        Ok(hits
            .into_iter()
            .map(|hit| {
                let target_name =
                    names.iter().find(|(id, _)| *id == hit.inspection_id).map(|(_, n)| n.clone()).unwrap_or_default();
                let href = match hit.kind {
                    Kind::Problem => format!("/problems/{}", hit.link_id),
                    Kind::Measure | Kind::Progress => format!("/measures/{}", hit.link_id),
                    Kind::Tip => format!("/inspections/{}/tips#tip{}", hit.inspection_id, hit.link_id),
                };
                SearchResult { kind_label: hit.kind.label(), target_name, href, hit }
            })
            .collect())
    }
}
