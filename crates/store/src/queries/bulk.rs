//! Bulk loading for the province-scale generator: many rows per statement, ids chosen by the
//! caller so that rows can point at each other before they are written.

use time::{Date, OffsetDateTime};

use crate::{Conn, Result, StoreError, run};

/// One value of a bulk-loaded row. Nulls carry their type: PostgreSQL refuses a NULL bound as
/// a number for a date column.
#[derive(Debug, Clone)]
pub enum Cell {
    Int(Option<i64>),
    Text(Option<String>),
    Bool(bool),
    Bytes(Vec<u8>),
    Date(Option<Date>),
    Time(Option<OffsetDateTime>),
}

impl From<i64> for Cell {
    fn from(v: i64) -> Self {
        Cell::Int(Some(v))
    }
}
impl From<Option<i64>> for Cell {
    fn from(v: Option<i64>) -> Self {
        Cell::Int(v)
    }
}
impl From<String> for Cell {
    fn from(v: String) -> Self {
        Cell::Text(Some(v))
    }
}
impl From<&str> for Cell {
    fn from(v: &str) -> Self {
        Cell::Text(Some(v.to_string()))
    }
}
impl From<bool> for Cell {
    fn from(v: bool) -> Self {
        Cell::Bool(v)
    }
}
impl From<Date> for Cell {
    fn from(v: Date) -> Self {
        Cell::Date(Some(v))
    }
}
impl From<Option<Date>> for Cell {
    fn from(v: Option<Date>) -> Self {
        Cell::Date(v)
    }
}
impl From<OffsetDateTime> for Cell {
    fn from(v: OffsetDateTime) -> Self {
        Cell::Time(Some(v))
    }
}
impl From<Option<OffsetDateTime>> for Cell {
    fn from(v: Option<OffsetDateTime>) -> Self {
        Cell::Time(v)
    }
}

/// Bound parameters per statement: under SQLite's limit (32,766) and PostgreSQL's (65,535).
const MAX_PARAMS: usize = 30_000;

/// Tables whose ids the generator chooses; PostgreSQL's sequences must be moved past them.
const ID_TABLES: [&str; 16] = [
    "organisation",
    "app_user",
    "aspect",
    "round",
    "team",
    "inspection",
    "tip",
    "problem",
    "transfer",
    "plan",
    "plan_submission",
    "measure",
    "progress",
    "evidence",
    "extension",
    "person",
];

impl Conn<'_> {
    /// Inserts `rows` into `table`, as many rows per statement as the drivers allow. `table` and
    /// `columns` come from code, never from input.
    pub async fn insert_rows(&mut self, table: &str, columns: &[&str], rows: &[Vec<Cell>]) -> Result<()> {
        let per_statement = (MAX_PARAMS / columns.len().max(1)).max(1);
        let head = format!("INSERT INTO {table} ({}) ", columns.join(", "));
        for chunk in rows.chunks(per_statement) {
            run!(self, c => {
                let mut q = sqlx::QueryBuilder::new(head.as_str());
                q.push_values(chunk, |mut b, row| {
                    for cell in row {
                        match cell.clone() {
                            Cell::Int(v) => b.push_bind(v),
                            Cell::Text(v) => b.push_bind(v),
                            Cell::Bool(v) => b.push_bind(v),
                            Cell::Bytes(v) => b.push_bind(v),
                            Cell::Date(v) => b.push_bind(v),
                            Cell::Time(v) => b.push_bind(v),
                        };
                    }
                });
                q.build().execute(c).await.map(|_| ())
            })
            .map_err(StoreError::from)?;
        }
        Ok(())
    }

    /// Whether nothing but the migrations' own rows is stored yet.
    pub async fn is_empty(&mut self) -> Result<bool> {
        let n: i64 = run!(self, c => sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM organisation) + (SELECT COUNT(*) FROM app_user)").fetch_one(c).await)?;
        Ok(n == 0)
    }

    /// After a bulk load with chosen ids: PostgreSQL's id sequences continue after the largest
    /// id (SQLite's AUTOINCREMENT keeps track by itself).
    pub async fn reset_id_sequences(&mut self) -> Result<()> {
        if let Conn::Pg(c, _) = self {
            for table in ID_TABLES {
                // The table names are the constants above.
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                )))
                .execute(&mut **c)
                .await?;
            }
        }
        Ok(())
    }

    /// Moves the audit chain's head after events loaded in bulk.
    pub async fn set_audit_head(&mut self, seq: i64, hash: &str) -> Result<()> {
        run!(self, c => sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
            .bind(seq).bind(hash).execute(c).await.map(|_| ()))?;
        Ok(())
    }

    /// Refreshes the planner's statistics after a bulk load.
    pub async fn analyze(&mut self) -> Result<()> {
        run!(self, c => sqlx::query("ANALYZE").execute(c).await.map(|_| ()))?;
        Ok(())
    }
}

impl Conn<'_> {
    /// Rows in one table (named in code), for reports.
    pub async fn count_rows(&mut self, table: &'static str) -> Result<i64> {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        Ok(run!(self, c => sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(c).await)?)
    }
}

impl Conn<'_> {
    /// Rows of `head` (a statement ending in `IN`) for the given ids: one statement for up to
    /// 10,000 ids (both backends take tens of thousands of binds), more beyond.
    pub(crate) async fn rows_with_ids<R, I>(&mut self, head: &str, ids: &[I]) -> Result<Vec<R>>
    where
        R: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
            + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
            + Send
            + Unpin,
        I: Copy + Into<i64>,
    {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(10_000) {
            let marks: Vec<String> = (1..=chunk.len()).map(|n| format!("${n}")).collect();
            let sql = format!("{head} ({})", marks.join(","));
            out.extend(run!(self, c => {
                let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()));
                for id in chunk {
                    q = q.bind(Into::<i64>::into(*id));
                }
                q.fetch_all(c).await
            })?);
        }
        Ok(out)
    }
}
