//! `xuncha bench`: the province-scale generator and the benchmarks that run against it.

use std::process::ExitCode;

use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};
use xuncha_bench::generate::{self, AS_OF, Options};
use xuncha_bench::run::RunOptions;

use crate::{DbArgs, open};

#[derive(Subcommand)]
pub(crate) enum BenchCommand {
    /// Fill a new, empty database with a province's worth of seeded data (100 counties ≈ 6,000
    /// organisations, 50,000 inspections, 300,000 problems, 1,000,000 measures, 200,000 tips).
    /// Same seed, same data.
    Gen {
        #[command(flatten)]
        db: DbArgs,
        /// How many counties (each ≈ 60 organisations, 10 rounds, 500 inspections).
        #[arg(long, default_value_t = 100)]
        counties: usize,
        /// The seed: the same seed gives the same data.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Password of every generated account (the province office's login is `office`).
        #[arg(long, env = "XUNCHA_PASSWORD", default_value = "bench-2026")]
        password: String,
    },
    /// Measure the ledger page and the round dashboard against the SQL they run, HTTP
    /// throughput against /healthz under wrk, and the server's memory, on a generated database.
    Run {
        #[command(flatten)]
        db: DbArgs,
        /// The password given to `bench gen`.
        #[arg(long, env = "XUNCHA_PASSWORD", default_value = "bench-2026")]
        password: String,
        /// Timed requests per latency benchmark.
        #[arg(long, default_value_t = 200)]
        iterations: usize,
        /// Seconds of load per URL.
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// Concurrent connections of the load.
        #[arg(long, default_value_t = 16)]
        connections: usize,
    },
}

pub(crate) async fn run(cmd: BenchCommand) -> Result<ExitCode, String> {
    match cmd {
        BenchCommand::Gen { db, counties, seed, password } => {
            if counties == 0 || counties > 200 {
                return Err("县的数量(--counties)应在 1 到 200 之间".into());
            }
            let store = open(&db).await?;
            let bar = ProgressBar::new(counties as u64);
            bar.set_style(
                ProgressStyle::with_template("{elapsed_precise} [{bar:40}] {pos}/{len} 个县 预计还需 {eta}")
                    .map_err(|e| e.to_string())?
                    .progress_chars("=> "),
            );
            let r = generate::generate(&store, &Options { counties, seed, password }, &|| bar.inc(1)).await?;
            bar.finish();
            store.close().await;
            println!(
                "已生成 {} 个组织、{} 个账号、{} 个巡察轮次、{} 次巡察、{} 个问题、{} 条整改措施(进展 {} 条、佐证 {} 件)、{} 件信访举报、{} 条审计记录,用时 {:.1} 秒。",
                r.organisations,
                r.users,
                r.rounds,
                r.inspections,
                r.problems,
                r.measures,
                r.progress,
                r.evidence,
                r.tips,
                r.events,
                r.seconds,
            );
            if let Some(bytes) = file_size(&db.database) {
                println!("数据库大小:{:.0} MiB", bytes as f64 / 1048576.0);
            }
            println!("数据截至 {AS_OF}:以 `xuncha serve --today {AS_OF}` 查看;巡察办账号 office。");
            Ok(ExitCode::SUCCESS)
        }
        BenchCommand::Run { db, password, iterations, seconds, connections } => {
            let exe = std::env::current_exe().map_err(|e| e.to_string())?;
            let options = RunOptions {
                database: db.database,
                password,
                iterations: iterations.max(10),
                http_seconds: seconds.max(1),
                connections: connections.max(1),
                exe,
            };
            let report = xuncha_bench::run::run(&options, &|s| eprintln!("{s}")).await?;
            println!("{}", report.markdown());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The size of a SQLite database with its WAL (PostgreSQL: none here; ask pg_database_size).
fn file_size(database: &str) -> Option<u64> {
    let path = database.strip_prefix("sqlite:").unwrap_or(database);
    if path.starts_with("postgres") {
        return None;
    }
    let main = std::fs::metadata(path).ok()?.len();
    let wal = std::fs::metadata(format!("{path}-wal")).map(|m| m.len()).unwrap_or(0);
    Some(main + wal)
}
