//! What is built from the whole database — the search index, the round list — kept until the
//! data changes. The key is the audit sequence of the last change: every write appends an event,
//! and reads of tips (also events) do not count.

use std::future::Future;
use std::sync::Arc;

use xuncha_store::Store;

use crate::AppResult;

/// A value and the audit sequence it was built at.
type Built<T> = Option<(i64, Arc<T>)>;

/// One built value and the sequence it was built at, shared by clones of the `App`.
pub struct ByChange<T>(Arc<tokio::sync::Mutex<Built<T>>>);

impl<T> Clone for ByChange<T> {
    fn clone(&self) -> Self {
        ByChange(self.0.clone())
    }
}

impl<T> Default for ByChange<T> {
    fn default() -> Self {
        ByChange(Arc::default())
    }
}

impl<T> std::fmt::Debug for ByChange<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ByChange")
    }
}

impl<T> ByChange<T> {
    /// The value for the data as it is now: the kept one if nothing changed since, otherwise
    /// built again (one builder at a time; the others wait for it). The sequence is read before
    /// building, so a change during the build only means one more build later.
    pub(crate) async fn get<F, Fut>(&self, store: &Store, build: F) -> AppResult<Arc<T>>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = AppResult<T>>,
    {
        let seq = store.read().await?.conn().last_change().await?;
        let mut slot = self.0.lock().await;
        if let Some((at, value)) = slot.as_ref()
            && *at == seq
        {
            return Ok(value.clone());
        }
        let value = Arc::new(build().await?);
        *slot = Some((seq, value.clone()));
        Ok(value)
    }
}
