//! Full-text search for signed-in users: the reader's visibility goes into the query (see
//! `xuncha_search`), tips only for the office and the inspecting team. The index is built in
//! memory from the database once, then follows the rows whose text changed (`crate::cache`).

use std::sync::Arc;

use serde::Serialize;
use xuncha_domain::access::{Actor, Capability, allowed};
use xuncha_domain::role::Role;
use xuncha_search::{Allowed, Doc, Hit, Kind, SearchIndex};
use xuncha_store::{Conn, SEARCH_KINDS, SearchRow, Store, TextChange};

use crate::cache::Follows;
use crate::{App, AppError, AppResult, record};

#[derive(Debug, Clone, Serialize)]
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
        inspection_id: r.inspection_id,
        fed_back: r.fed_back,
        text: r.text,
    })
}

/// Rows read per statement while building.
const BUILD_PAGE: i64 = 50_000;

fn index_failed(e: impl std::fmt::Display) -> AppError {
    AppError::internal(format!("search index: {e}"))
}

/// Indexing is CPU work: off the async workers.
async fn update(index: &Arc<SearchIndex>, removed: Vec<(Kind, i64)>, added: Vec<Doc>) -> AppResult<()> {
    let index = index.clone();
    tokio::task::spawn_blocking(move || index.update(&removed, added))
        .await
        .map_err(index_failed)?
        .map_err(index_failed)
}

impl Follows for Arc<SearchIndex> {
    async fn build(store: &Store) -> AppResult<Self> {
        let index = Arc::new(SearchIndex::new().map_err(index_failed)?);
        let mut handle = store.read().await?;
        for kind in SEARCH_KINDS {
            let mut after = 0;
            loop {
                let rows = handle.conn().search_rows(kind, after, BUILD_PAGE).await?;
                let Some(last) = rows.last() else { break };
                after = last.source_id;
                update(&index, Vec::new(), rows.into_iter().filter_map(doc_of).collect()).await?;
            }
        }
        Ok(index)
    }

    async fn catch_up(&mut self, conn: &mut Conn<'_>, changes: &[TextChange]) -> AppResult<bool> {
        for kind in SEARCH_KINDS {
            let mut ids: Vec<i64> = changes.iter().filter(|c| c.kind == kind).map(|c| c.entity_id).collect();
            if ids.is_empty() {
                continue;
            }
            ids.sort_unstable();
            ids.dedup();
            let docs = conn.search_rows_of(kind, &ids).await?.into_iter().filter_map(doc_of).collect();
            let k = Kind::parse(kind).ok_or_else(|| index_failed(kind))?;
            update(self, ids.into_iter().map(|id| (k, id)).collect(), docs).await?;
        }
        Ok(true)
    }
}

impl App {
    async fn search_index(&self) -> AppResult<Arc<SearchIndex>> {
        Ok(self.search_cache.get(&self.store).await?.clone())
    }

    /// What the reader may find, inspection by inspection.
    async fn search_scope(&self, actor: &Actor) -> AppResult<(Allowed, Vec<(i64, String)>)> {
        let inspections = match self.list_inspections(actor, None).await {
            Ok(list) => list,
            Err(AppError::Forbidden | AppError::NotFound) => Vec::new(),
            Err(e) => return Err(e),
        };
        let drafts = matches!(actor.role, Role::Office | Role::Team | Role::Leader);
        let mut a = Allowed::default();
        for i in &inspections {
            let s = i.scope();
            if allowed(actor, Capability::ReadProblems(&s)) {
                a.problems.insert(i.id);
                if drafts {
                    a.drafts.insert(i.id);
                }
            }
            if allowed(actor, Capability::ReadPlan(&s)) {
                a.plans.insert(i.id);
            }
            if allowed(actor, Capability::ReadTips(&s)) {
                a.tips.insert(i.id);
            }
        }
        // The office and leaders reach every inspection: say so instead of listing thousands.
        if matches!(actor.role, Role::Office | Role::Leader) {
            let every = |set: &std::collections::BTreeSet<i64>| set.len() == inspections.len();
            a.all_problems = every(&a.problems);
            a.all_drafts = every(&a.drafts);
            a.all_plans = every(&a.plans);
            a.all_tips = every(&a.tips);
        }
        Ok((a, inspections.into_iter().map(|i| (i.id, i.target_name)).collect()))
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
            let mut tx = self.store.begin().await?;
            let summary = format!("全文检索命中信访举报{tips}条");
            record(&mut tx.conn(), Some(actor.user_id), "tip.search", "tip", None, &summary, "{}", "{}").await?;
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
