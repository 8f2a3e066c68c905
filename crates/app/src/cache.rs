//! What is built from the whole database, kept until the data changes. The key is the audit
//! sequence of the last change: every write appends an event (reads of tips and logins do not
//! count); or, for what reads only a few tables, how many times those were written. Small
//! things (the round list, rankings, pages) are built again after a change (`ByChange`); the
//! copy and search indexes follow the text-change log instead (`ByLog`).

use std::future::Future;
use std::sync::Arc;

use tokio::sync::{OwnedRwLockReadGuard, RwLock};
use xuncha_store::{Conn, Store, TextChange};

use crate::AppResult;

/// A value and the audit sequence it was built at.
type Built<T> = Option<(i64, Arc<T>)>;

/// One built value and the sequence it was built at, shared by clones of the `App`. The
/// sequence is the audit trail's, or for a value read only from a few tables, how many times
/// those were written (`ByChange::reading`).
pub struct ByChange<T>(Arc<tokio::sync::Mutex<Built<T>>>, Option<&'static [&'static str]>);

impl<T> Clone for ByChange<T> {
    fn clone(&self) -> Self {
        ByChange(self.0.clone(), self.1)
    }
}

impl<T> Default for ByChange<T> {
    fn default() -> Self {
        ByChange(Arc::default(), None)
    }
}

impl<T> std::fmt::Debug for ByChange<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ByChange")
    }
}

impl<T> ByChange<T> {
    /// A value read only from `tables`: kept until one of them is written.
    pub(crate) fn reading(tables: &'static [&'static str]) -> Self {
        ByChange(Arc::default(), Some(tables))
    }

    /// The value for the data as it is now: the kept one if nothing changed since, otherwise
    /// built again (one builder at a time; the others wait for it). The sequence is read before
    /// building, so a change during the build only means one more build later.
    pub(crate) async fn get<F, Fut>(&self, store: &Store, build: F) -> AppResult<Arc<T>>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = AppResult<T>>,
    {
        let seq = match self.1 {
            Some(tables) => store.read().await?.conn().tables_written(tables).await?,
            None => store.read().await?.conn().last_change().await?,
        };
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

/// What is built from the whole database once and then follows the text-change log (see
/// migration 0007) instead of being built again after every change.
pub(crate) trait Follows: Sized + Send + Sync + 'static {
    /// Where the value is kept beyond the process (the search index's folder); `()` for values
    /// held only in memory.
    type Place: Default + Send + Sync + 'static;

    /// A value an earlier process left in `place`, with the last text change it holds; `None`
    /// when there is none to trust.
    fn resume(_store: &Store, _place: &Self::Place) -> impl Future<Output = AppResult<Option<(Self, i64)>>> + Send {
        async { Ok(None) }
    }

    /// Builds from the database as it is now, which holds every text change up to `applied`.
    fn build(store: &Store, place: &Self::Place, applied: i64) -> impl Future<Output = AppResult<Self>> + Send;

    /// Applies the changes since the last applied, oldest first; false when they cannot be
    /// applied one by one and the value must be built again.
    fn catch_up(
        &mut self,
        store: &Store,
        conn: &mut Conn<'_>,
        changes: &[TextChange],
    ) -> impl Future<Output = AppResult<bool>> + Send;
}

/// A followed value, the audit sequence it is up to date with and the last text change applied.
pub(crate) struct Following<T> {
    value: T,
    seq: i64,
    applied: i64,
}

/// Read access to a followed value, held while it is read (a catch-up waits for readers).
pub(crate) type Followed<T> = OwnedRwLockReadGuard<Option<Following<T>>, T>;

/// One followed value, shared by clones of the `App`; resumed or built on first use.
pub(crate) struct ByLog<T: Follows>(Arc<RwLock<Option<Following<T>>>>, Arc<T::Place>);

impl<T: Follows> Clone for ByLog<T> {
    fn clone(&self) -> Self {
        ByLog(self.0.clone(), self.1.clone())
    }
}

impl<T: Follows> Default for ByLog<T> {
    fn default() -> Self {
        ByLog::new(T::Place::default())
    }
}

impl<T: Follows> std::fmt::Debug for ByLog<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ByLog")
    }
}

fn followed<T>(guard: OwnedRwLockReadGuard<Option<Following<T>>>) -> Followed<T> {
    OwnedRwLockReadGuard::map(guard, |f| &f.as_ref().expect("a followed value is there once built").value)
}

impl<T: Follows> ByLog<T> {
    /// Nothing yet; the value is kept in `place`.
    pub(crate) fn new(place: T::Place) -> Self {
        ByLog(Arc::new(RwLock::new(None)), Arc::new(place))
    }

    /// Where the value is kept beyond the process.
    pub(crate) fn place(&self) -> &T::Place {
        &self.1
    }

    /// The value for the data as it is now: kept if nothing changed, caught up if texts
    /// changed (from where an earlier process left it, if it can be trusted), built if it
    /// never was or cannot catch up.
    pub(crate) async fn get(&self, store: &Store) -> AppResult<Followed<T>> {
        // No pooled connection is held while waiting for the lock: a reader holding the value
        // may need one, and writers queued with connections in hand could starve it.
        let seq = store.read().await?.conn().last_change().await?;
        let current = self.0.clone().read_owned().await;
        if current.as_ref().is_some_and(|f| f.seq == seq) {
            return Ok(followed(current));
        }
        drop(current);
        let mut slot = self.0.clone().write_owned().await;
        if slot.is_none()
            && let Some((value, applied)) = T::resume(store, &self.1).await?
        {
            *slot = Some(Following { value, seq: i64::MIN, applied });
        }
        let mut handle = store.read().await?;
        let caught_up = match slot.as_mut() {
            // Another reader caught up while this one waited (perhaps past `seq`).
            Some(f) if f.seq >= seq => true,
            Some(f) => {
                let changes = handle.conn().text_changes(f.applied).await?;
                let done = f.value.catch_up(store, &mut handle.conn(), &changes).await?;
                if done {
                    f.applied = changes.last().map_or(f.applied, |c| c.id);
                    f.seq = seq;
                }
                done
            }
            None => false,
        };
        if !caught_up {
            // Read before building: a change landing meanwhile is applied once more, harmlessly.
            let applied = handle.conn().last_text_change().await?;
            drop(handle);
            // The old value goes first: a province's copy index is most of a gigabyte.
            *slot = None;
            *slot = Some(Following { value: T::build(store, &self.1, applied).await?, seq, applied });
        }
        Ok(followed(slot.downgrade()))
    }
}
