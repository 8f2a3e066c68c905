//! `xuncha-bench`: the province-scale generator and the benchmarks that run against it. A
//! binary of its own, so the product's `xuncha` carries none of it (no load generator, no
//! shell-out to wrk); the benchmarks start the `xuncha` built beside it.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use xuncha_bench::generate::{self, AS_OF, Options};
use xuncha_bench::run::RunOptions;
use xuncha_store::{SqliteSync, Store};

#[derive(Parser)]
#[command(name = "xuncha-bench", version, about = "xuncha 省级规模数据生成与性能、耐久测试")]
struct Cli {
    #[command(subcommand)]
    command: BenchCommand,
}

#[derive(Args, Clone)]
struct DbArgs {
    /// Database: a SQLite file path (created if missing) or a postgres:// URL.
    #[arg(long, env = "XUNCHA_DATABASE")]
    database: String,
    /// The audit key that seals the audit chain (default: beside a SQLite database).
    #[arg(long, env = "XUNCHA_AUDIT_KEY_FILE")]
    audit_key_file: Option<PathBuf>,
}

async fn open(db: &DbArgs) -> Result<Store, String> {
    Store::open_sealed(&db.database, db.audit_key_file.clone(), SqliteSync::Normal).await
}

/// The `xuncha` binary the benchmarks serve: the one built beside this one.
fn xuncha_exe() -> Result<PathBuf, String> {
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let exe = me.with_file_name(format!("xuncha{}", std::env::consts::EXE_SUFFIX));
    if exe.is_file() {
        Ok(exe)
    } else {
        Err(format!("找不到 {}:请先构建 xuncha(cargo build --release -p xuncha -p xuncha-bench)", exe.display()))
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("XUNCHA_LOG").unwrap_or_else(|_| "warn".into()))
        .with_writer(std::io::stderr)
        .init();
    match run(Cli::parse().command).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

#[derive(Subcommand)]
enum BenchCommand {
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
    /// The text detectors' time per 1,000 pairs or measures over every labelled example of the
    /// evaluation, each stage against a trivial comparison measured in the same run.
    Detectors {
        /// How many times every example is judged.
        #[arg(long, default_value_t = 20)]
        rounds: usize,
    },
    /// The kill -9 trial: writers on a served, fresh SQLite database, SIGKILL at a random moment,
    /// restart; every acknowledged write must be there and `audit verify` must pass.
    Durability {
        /// A SQLite file that does not exist yet (removed after the trial unless --keep).
        #[arg(long)]
        database: std::path::PathBuf,
        #[arg(long, default_value_t = 4)]
        writers: usize,
        /// How many kills.
        #[arg(long, default_value_t = 10)]
        rounds: usize,
        /// Each kill comes at a random moment up to this many milliseconds into the writes.
        #[arg(long, default_value_t = 2000)]
        max_ms: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// SQLite's synchronous setting for the served process: normal or full.
        #[arg(long, default_value = "normal", value_parser = ["normal", "full"])]
        synchronous: String,
        /// Keep the database and its key after the trial.
        #[arg(long)]
        keep: bool,
    },
}

async fn run(cmd: BenchCommand) -> Result<ExitCode, String> {
    match cmd {
        BenchCommand::Detectors { rounds } => {
            if rounds == 0 || rounds > 10_000 {
                return Err("遍数(--rounds)应在 1 到 10000 之间".into());
            }
            let lines = xuncha_bench::detectors::run(rounds);
            print!("{}", xuncha_bench::detectors::markdown(rounds, &lines));
            Ok(ExitCode::SUCCESS)
        }
        BenchCommand::Durability { database, writers, rounds, max_ms, seed, synchronous, keep } => {
            if writers == 0 || writers > 64 || rounds == 0 || rounds > 1000 {
                return Err("写入者(--writers)应在 1 到 64 之间,轮数(--rounds)应在 1 到 1000 之间".into());
            }
            let exe = xuncha_exe()?;
            let o =
                xuncha_bench::durability::TrialOptions { exe, database, writers, rounds, max_ms, seed, synchronous };
            let results = xuncha_bench::durability::trial(&o).await;
            if !keep {
                for suffix in ["", "-wal", "-shm", ".audit-key", ".audit-key.head", ".audit-key.head.tmp", ".search"] {
                    let mut p = o.database.as_os_str().to_owned();
                    p.push(suffix);
                    let p = std::path::PathBuf::from(p);
                    let _ = if p.is_dir() { std::fs::remove_dir_all(&p) } else { std::fs::remove_file(&p) };
                }
            }
            let results = results?;
            print!("{}", xuncha_bench::durability::markdown(&o, &results));
            let clean = results.iter().all(|r| r.acknowledged == r.present && r.broken.is_none());
            Ok(if clean { ExitCode::SUCCESS } else { ExitCode::from(2) })
        }
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
            let exe = xuncha_exe()?;
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
