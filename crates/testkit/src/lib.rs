//! A fresh, migrated database for each test, on either backend.
//!
//! PostgreSQL tests create their own database on the server named by `XUNCHA_TEST_PG`
//! (default `postgres://postgres@127.0.0.1:5432`) and drop it when the test ends, even if it
//! failed. Set `XUNCHA_SKIP_PG=1` to skip them on a machine without PostgreSQL; CI never does.

pub mod docx;
pub mod hostile;

use std::path::PathBuf;

use rand::Rng;
use xuncha_store::{Backend, Store};

pub struct TestDb {
    pub store: Store,
    /// The URL the store was opened with (tests use it to reach the database behind the store's back).
    pub url: String,
    backend: Backend,
    pg_name: Option<String>,
    /// Removed with the database: the SQLite file and whatever a test keeps beside it.
    dir: Option<PathBuf>,
}

fn pg_server() -> String {
    std::env::var("XUNCHA_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

/// Whether PostgreSQL tests should be skipped on this machine.
pub fn skip_pg() -> bool {
    std::env::var("XUNCHA_SKIP_PG").is_ok_and(|v| v == "1")
}

fn unique(prefix: &str) -> String {
    let n: u64 = rand::thread_rng().r#gen();
    format!("{prefix}_{}_{n:016x}", std::process::id())
}

impl TestDb {
    pub async fn new(backend: Backend) -> TestDb {
        match backend {
            Backend::Sqlite => Self::sqlite().await,
            Backend::Postgres => Self::postgres().await,
        }
    }

    pub async fn sqlite() -> TestDb {
        let dir = temp_dir();
        let url = dir.join("test.db").to_string_lossy().into_owned();
        let store = Store::connect(&url).await.expect("open sqlite");
        let db = TestDb { store, url, backend: Backend::Sqlite, pg_name: None, dir: Some(dir) };
        db.store.migrate().await.expect("migrate sqlite");
        db
    }

    pub async fn postgres() -> TestDb {
        let server = pg_server();
        let name = unique("xuncha_test");
        let admin = sqlx::PgPool::connect(&format!("{server}/postgres"))
            .await
            .unwrap_or_else(|e| panic!("PostgreSQL at {server} is not reachable ({e}); set XUNCHA_SKIP_PG=1 to skip"));
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
            .execute(&admin)
            .await
            .expect("create test database");
        admin.close().await;
        let url = format!("{server}/{name}");
        let store = Store::connect(&url).await.expect("open postgres");
        // Built before migrating, so that a failed migration still drops the database.
        let db = TestDb { store, url, backend: Backend::Postgres, pg_name: Some(name), dir: Some(temp_dir()) };
        db.store.migrate().await.expect("migrate postgres");
        db
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A folder of its own for this test (not created), removed with the database.
    pub fn scratch(&self, name: &str) -> PathBuf {
        self.dir.as_ref().expect("every test database has a folder").join(name)
    }
}

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(unique("xuncha_test"));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(dir) = self.dir.take() {
            let _ = std::fs::remove_dir_all(dir);
        }
        if let Some(name) = self.pg_name.take() {
            // Drop runs outside any async context we can borrow, so the database is dropped
            // from a short-lived runtime on its own thread.
            let server = pg_server();
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
                rt.block_on(async {
                    let admin = sqlx::PgPool::connect(&format!("{server}/postgres")).await.ok()?;
                    let sql = format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                    sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&admin).await.ok()?;
                    admin.close().await;
                    Some(())
                })
            })
            .join();
        }
    }
}

/// Declares each listed async test (`async fn name(db: &TestDb)`) twice: in `mod sqlite` and
/// in `mod postgres`, so the same suite runs on both backends.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let db = $crate::TestDb::new(xuncha_store::Backend::Sqlite).await;
                    super::$name(&db).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if $crate::skip_pg() {
                        eprintln!("skipped: XUNCHA_SKIP_PG=1");
                        return;
                    }
                    let db = $crate::TestDb::new(xuncha_store::Backend::Postgres).await;
                    super::$name(&db).await;
                }
            )+
        }
    };
}
