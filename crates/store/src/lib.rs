//! One store over two backends: SQLite (embedded default, WAL, foreign keys on) and PostgreSQL.
//!
//! Every query is written once, with `$1`-style parameters that both drivers accept, and run on
//! whichever pool the URL chose ([`run!`] expands it for each backend, so both are type-checked
//! by the compiler and exercised by the one shared test suite). Dialects differ only in the
//! migration files, which live side by side in `migrations/sqlite` and `migrations/postgres`.

mod queries;
pub mod rows;
mod seal;
mod timeline;

pub use seal::Sealer;
pub use timeline::{CHINA, StoryDay, Timeline};

use std::str::FromStr;
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool, Transaction};

pub use queries::archives::NewArchive;
pub use queries::audit::{AuditRecord, NewEvent, RecordPlace};
pub use queries::bulk::Cell;
pub use queries::comments::NewComment;
pub use queries::dashboard::OverdueCount;
pub use queries::escalations::{NewEscalation, Resumption};
pub use queries::inspections::{Announcement, Feedback, InspectionFilter, NewInspection};
pub use queries::ledger::{DueFilter, LedgerLine, LedgerQuery, NO_DUE_DATE};
pub use queries::library::LexiconKind;
pub use queries::orgs::{NewUser, TargetAccount};
pub use queries::plans::NewEvidence;
pub use queries::pool::{CadreFields, NewPoolDraw, NewTie};
pub use queries::problems::{NewProblem, PaperEdit};
pub use queries::rebounds::{LookedBackCount, ReboundDecision};
pub use queries::rechecks::{NewRecheckDraw, NewRecheckEvidence};
pub use queries::search::{SEARCH_KINDS, SearchRow};
pub use queries::signals::{MeasureFactsRow, MeasureText, TextChange};
pub use queries::tips::NewTip;
pub use queries::transfers::NewTransfer;
pub use rows::*;

/// Why a store call failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("记录不存在")]
    NotFound,
    /// The row changed since it was read (optimistic version check).
    #[error("记录已被他人修改,请刷新后重试")]
    Conflict,
    /// A unique constraint refused the write.
    #[error("记录重复")]
    Duplicate,
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A value read back is not one the code writes (a hand-edited database).
    #[error("stored value is invalid: {0}")]
    Corrupt(String),
    /// The operation has no meaning on this backend.
    #[error("not supported here: {0}")]
    Unsupported(&'static str),
    /// An instant could not be written as text.
    #[error("time formatting failed: {0}")]
    Format(#[from] time::error::Format),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Maps unique violations to `Duplicate`; everything else stays a database error.
pub(crate) fn map_err(e: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &e
        && db.is_unique_violation()
    {
        return StoreError::Duplicate;
    }
    StoreError::Db(e)
}

/// How hard SQLite flushes a commit (WAL mode either way).
///
/// - `Normal` (the default): a commit is durable once it is in the WAL file; the WAL is synced
///   at checkpoints. A crash of the process (kill -9, a panic) loses nothing that was committed;
///   a power loss or OS crash may lose the last transactions before the latest checkpoint sync,
///   but never corrupts the database.
/// - `Full`: the WAL is synced at every commit, so a commit that was acknowledged survives a
///   power loss too, at the cost of one fsync per write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SqliteSync {
    #[default]
    Normal,
    Full,
}

/// Which database a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
enum Pool {
    Sqlite(SqlitePool),
    Pg(PgPool),
}

/// The store: a connection pool on one backend, and the audit key when one is configured.
#[derive(Clone, Debug)]
pub struct Store {
    pool: Pool,
    sealer: Option<std::sync::Arc<Sealer>>,
    timeline: Timeline,
}

/// A borrowed connection, pooled or inside a transaction, with the instant its writes are
/// stamped with (one per transaction: every record of one act carries the same time). All
/// queries are methods on it.
pub enum Conn<'c> {
    Sqlite(&'c mut SqliteConnection, time::OffsetDateTime),
    Pg(&'c mut PgConnection, time::OffsetDateTime),
}

impl Conn<'_> {
    /// The instant this connection's writes are stamped with (on the store's timeline).
    pub fn now(&self) -> time::OffsetDateTime {
        match self {
            Conn::Sqlite(_, now) | Conn::Pg(_, now) => *now,
        }
    }
}

/// Runs one expression against whichever backend `$conn` holds. The expression is compiled
/// once per backend, so a query that does not suit both fails to build or fails the tests.
macro_rules! run {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            $crate::Conn::Sqlite(inner, _) => {
                let $c = &mut **inner;
                $body
            }
            $crate::Conn::Pg(inner, _) => {
                let $c = &mut **inner;
                $body
            }
        }
    };
}
pub(crate) use run;

/// A write transaction. Dropped without `commit`, it rolls back. Committing seals the audit
/// head when the store has a key and the transaction appended events: no write can skip it.
pub struct Tx {
    db: TxDb,
    sealer: Option<std::sync::Arc<Sealer>>,
    now: time::OffsetDateTime,
}

enum TxDb {
    Sqlite(Transaction<'static, Sqlite>),
    Pg(Transaction<'static, Postgres>),
}

impl Tx {
    pub fn conn(&mut self) -> Conn<'_> {
        match &mut self.db {
            TxDb::Sqlite(t) => Conn::Sqlite(t, self.now),
            TxDb::Pg(t) => Conn::Pg(t, self.now),
        }
    }
    pub async fn commit(mut self) -> Result<()> {
        let sealed = match self.sealer.clone() {
            Some(s) => s.seal_head(&mut self.conn()).await?.map(|head| (s, head)),
            None => None,
        };
        match self.db {
            TxDb::Sqlite(t) => t.commit().await?,
            TxDb::Pg(t) => t.commit().await?,
        }
        if let Some((sealer, head)) = sealed {
            sealer.keep(&head);
        }
        Ok(())
    }
    /// Undoes everything, e.g. after a dry run that checked each row by writing it.
    pub async fn rollback(self) -> Result<()> {
        match self.db {
            TxDb::Sqlite(t) => t.rollback().await?,
            TxDb::Pg(t) => t.rollback().await?,
        }
        Ok(())
    }
}

/// A pooled connection for reads.
pub struct Handle {
    db: HandleDb,
    timeline: Timeline,
}

enum HandleDb {
    Sqlite(PoolConnection<Sqlite>),
    Pg(PoolConnection<Postgres>),
}

impl Handle {
    pub fn conn(&mut self) -> Conn<'_> {
        let now = self.timeline.now();
        match &mut self.db {
            HandleDb::Sqlite(c) => Conn::Sqlite(c, now),
            HandleDb::Pg(c) => Conn::Pg(c, now),
        }
    }
}

impl Store {
    /// Opens a store from a URL: `postgres://…` / `postgresql://…`, `sqlite:…`, or a plain file
    /// path (SQLite, created if missing).
    pub async fn connect(url: &str) -> Result<Self> {
        Self::connect_with(url, SqliteSync::Normal).await
    }

    /// Opens a database as the command line does: connected, migrated, and sealed with the
    /// audit key (`key_file`, or beside a SQLite database; a PostgreSQL database without one is
    /// not sealed). Errors are the operator's, in Chinese.
    pub async fn open_sealed(
        url: &str,
        key_file: Option<std::path::PathBuf>,
        sync: SqliteSync,
    ) -> std::result::Result<Self, String> {
        let store = Store::connect_with(url, sync).await.map_err(|e| format!("无法打开数据库 {url}:{e}"))?;
        store.migrate().await.map_err(|e| format!("数据库迁移失败:{e}"))?;
        let key_file = key_file.or_else(|| {
            store.sqlite_file().map(|f| {
                let mut name = f.into_os_string();
                name.push(".audit-key");
                std::path::PathBuf::from(name)
            })
        });
        Ok(match key_file {
            Some(file) => store.with_sealer(Sealer::load_or_create(&file)?),
            None => {
                tracing::warn!("no audit key file given: the audit chain of this PostgreSQL database is not sealed");
                store
            }
        })
    }

    /// The same, with SQLite's `synchronous` setting chosen (PostgreSQL ignores it: its commits
    /// are flushed by its own `synchronous_commit`, on by default).
    pub async fn connect_with(url: &str, sync: SqliteSync) -> Result<Self> {
        let pool = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let opts = PgConnectOptions::from_str(url)?;
            Pool::Pg(
                PgPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(opts)
                    .await?,
            )
        } else {
            let opts = if url.starts_with("sqlite:") {
                SqliteConnectOptions::from_str(url)?
            } else {
                SqliteConnectOptions::new().filename(url)
            };
            let opts = opts
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(match sync {
                    SqliteSync::Normal => SqliteSynchronous::Normal,
                    SqliteSync::Full => SqliteSynchronous::Full,
                })
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            Pool::Sqlite(SqlitePoolOptions::new().max_connections(8).connect_with(opts).await?)
        };
        Ok(Store { pool, sealer: None, timeline: Timeline::Real })
    }

    /// Seals the audit chain with `sealer`'s key from now on (see [`Sealer`]).
    pub fn with_sealer(mut self, sealer: Sealer) -> Self {
        self.sealer = Some(std::sync::Arc::new(sealer));
        self
    }

    /// Stamps records on `timeline` from now on (a run with a fixed "today").
    pub fn on_timeline(mut self, timeline: Timeline) -> Self {
        self.timeline = timeline;
        self
    }

    /// The audit key's holder, when the chain is sealed.
    pub fn sealer(&self) -> Option<&Sealer> {
        self.sealer.as_deref()
    }

    /// The SQLite database's file; `None` for PostgreSQL and for a database in memory.
    pub fn sqlite_file(&self) -> Option<std::path::PathBuf> {
        let Pool::Sqlite(p) = &self.pool else { return None };
        let file = p.connect_options().get_filename().to_path_buf();
        let name = file.to_string_lossy();
        (!(name.starts_with("file:") || name == ":memory:")).then_some(file)
    }

    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Pg(_) => Backend::Postgres,
        }
    }

    /// Applies the versioned migrations of this backend that have not run yet.
    pub async fn migrate(&self) -> Result<()> {
        match &self.pool {
            Pool::Sqlite(p) => sqlx::migrate!("./migrations/sqlite").run(p).await?,
            Pool::Pg(p) => sqlx::migrate!("./migrations/postgres").run(p).await?,
        }
        Ok(())
    }

    /// Starts a write transaction. On SQLite it takes the write lock at once (`BEGIN
    /// IMMEDIATE`), so two writers never deadlock upgrading a read lock. On PostgreSQL it locks
    /// the audit head at once, which every write updates anyway: writers then commit one after
    /// another in the order they hand out sequence numbers (audit events, text changes), so a
    /// reader that has seen number n has seen everything before it.
    pub async fn begin(&self) -> Result<Tx> {
        let db = match &self.pool {
            Pool::Sqlite(p) => TxDb::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
            Pool::Pg(p) => {
                let mut tx = p.begin().await?;
                sqlx::query("SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE").execute(&mut *tx).await?;
                TxDb::Pg(tx)
            }
        };
        // Stamped once the write lock is held, so stamps follow the order acts commit in.
        Ok(Tx { db, sealer: self.sealer.clone(), now: self.timeline.now() })
    }

    /// A pooled connection for reads.
    pub async fn read(&self) -> Result<Handle> {
        let db = match &self.pool {
            Pool::Sqlite(p) => HandleDb::Sqlite(p.acquire().await?),
            Pool::Pg(p) => HandleDb::Pg(p.acquire().await?),
        };
        Ok(Handle { db, timeline: self.timeline })
    }

    /// Where this store's "now" comes from.
    pub fn timeline(&self) -> Timeline {
        self.timeline
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<()> {
        let mut h = self.read().await?;
        let one: i64 = run!(&mut h.conn(), c => sqlx::query_scalar("SELECT CAST(1 AS BIGINT)").fetch_one(c).await)?;
        debug_assert_eq!(one, 1);
        Ok(())
    }

    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(p) => p.close().await,
            Pool::Pg(p) => p.close().await,
        }
    }

    /// Copies a live SQLite database into `dest` (`VACUUM INTO`). PostgreSQL is backed up with
    /// its own tools (pg_dump).
    pub async fn backup_sqlite(&self, dest: &str) -> Result<()> {
        match &self.pool {
            Pool::Sqlite(p) => {
                sqlx::query("VACUUM INTO $1").bind(dest).execute(p).await?;
                Ok(())
            }
            Pool::Pg(_) => Err(StoreError::Unsupported("backup of PostgreSQL is done with pg_dump")),
        }
    }
}
