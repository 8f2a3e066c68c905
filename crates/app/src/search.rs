//! Full-text search for signed-in users: the reader's visibility goes into the query (see
//! `xuncha_search`), tips only for the office and the inspecting team. The index is built in
//! memory from the database and kept until the data changes (`crate::cache`).

use std::sync::Arc;

use serde::Serialize;
use xuncha_domain::access::{Actor, Capability, allowed};
use xuncha_domain::role::Role;
use xuncha_search::{Allowed, Doc, Hit, Kind, SearchIndex};

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

impl App {
    async fn search_index(&self) -> AppResult<Arc<SearchIndex>> {
        self.search_cache
            .get(&self.store, || async {
                let rows = self.store.read().await?.conn().search_rows().await?;
                let docs: Vec<Doc> = rows
                    .into_iter()
                    .filter_map(|r| {
                        let kind = match r.kind.as_str() {
                            "problem" => Kind::Problem,
                            "measure" => Kind::Measure,
                            "progress" => Kind::Progress,
                            "tip" => Kind::Tip,
                            _ => return None,
                        };
                        Some(Doc {
                            kind,
                            link_id: r.link_id,
                            inspection_id: r.inspection_id,
                            fed_back: r.fed_back,
                            text: r.text,
                        })
                    })
                    .collect();
                tokio::task::spawn_blocking(move || SearchIndex::build(docs))
                    .await
                    .map_err(|e| AppError::internal(e.to_string()))?
                    .map_err(|e| AppError::internal(format!("search index: {e}")))
            })
            .await
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
