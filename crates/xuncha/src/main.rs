//! `xuncha`: one binary for the inspection and rectification system.

use std::io::{BufRead, IsTerminal, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};
use time::Date;
use time::macros::format_description;
use xuncha_app::inputs::NewUserInput;
use xuncha_app::rechecks::DrawFile;
use xuncha_app::{App, Clock};
use xuncha_domain::id::{MeasureId, RecheckDrawId};
use xuncha_domain::inspection::Body;
use xuncha_domain::role::Role;
use xuncha_store::{SqliteSync, Store};
use xuncha_web::AppState;

mod archive;
mod import;
use import::ImportCommand;

#[derive(Parser)]
#[command(name = "xuncha", version, about = "巡察整改闭环管理系统 xuncha — inspection and closed-loop rectification")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server on an existing database (migrations are applied first).
    Serve(ServeArgs),
    /// Create a data folder with demo data from the seed article (天镇县, 2023) and serve it.
    Demo(DemoArgs),
    /// Apply database migrations and exit.
    Migrate(DbArgs),
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Check the audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Import office files (a preview unless --apply is given).
    #[command(subcommand)]
    Import(ImportCommand),
    /// 随机抽查: draw a recorded sample again from its seed and population.
    #[command(subcommand)]
    Recheck(RecheckCommand),
    /// 巡察档案: check an archive against its manifest and the audit chain.
    #[command(subcommand)]
    Archive(archive::ArchiveCommand),
    /// Score the paper-only detectors on the labelled sets kept in the repository: precision and
    /// recall on each part. Exits 1 below the goal (P ≥ 0.9, R ≥ 0.8) on any part
    /// but the tuning one.
    Eval {
        /// Also list the examples each detector got wrong on the tuning and transformed parts.
        #[arg(long)]
        errors: bool,
        /// Also list those of the held-out part (once they are looked at, it is held out no more).
        #[arg(long)]
        held_out_errors: bool,
    },
    /// Copy a live SQLite database to a file (PostgreSQL: use pg_dump).
    Backup {
        #[command(flatten)]
        db: DbArgs,
        /// The file to write; it must not exist yet.
        #[arg(long, env = "XUNCHA_BACKUP_OUT")]
        out: PathBuf,
    },
}

#[derive(Args, Clone)]
pub(crate) struct DbArgs {
    /// Database: a SQLite file path (created if missing) or a postgres:// URL.
    #[arg(long, env = "XUNCHA_DATABASE", default_value = "xuncha.db")]
    pub(crate) database: String,
    /// The audit key that seals the audit chain, kept outside the database (created 0600 when
    /// missing; back it up apart from the database). Default: beside a SQLite database
    /// (`xuncha.db.audit-key`); a PostgreSQL database is sealed only when this is given.
    #[arg(long, env = "XUNCHA_AUDIT_KEY_FILE")]
    pub(crate) audit_key_file: Option<PathBuf>,
    /// SQLite's commit flushing: `normal` (default; a process crash loses no committed write, a
    /// power loss may lose the last ones) or `full` (every commit synced: survives power loss).
    #[arg(long, env = "XUNCHA_SQLITE_SYNCHRONOUS", default_value = "normal", value_parser = ["normal", "full"])]
    pub(crate) sqlite_synchronous: String,
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Address to listen on.
    #[arg(long, env = "XUNCHA_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Address for the public side (announcements, tip form, disclosures); off when not given.
    /// Expose only this one to the internet.
    #[arg(long, env = "XUNCHA_PUBLIC_LISTEN")]
    public_listen: Option<SocketAddr>,
    /// Judge deadlines as of this date (YYYY-MM-DD) instead of today, and stamp the records
    /// written on that day (one clock). For demos and drills, never on a live database.
    #[arg(long, env = "XUNCHA_TODAY")]
    today: Option<String>,
    /// Mark session cookies Secure (set when served over HTTPS).
    #[arg(long, env = "XUNCHA_SECURE_COOKIES")]
    secure_cookies: bool,
    /// Do not build the copy index at start; the office's first home page builds it instead
    /// (a province's takes ~20 s and ~1 GiB; a county's well under a second).
    #[arg(long, env = "XUNCHA_NO_WARM")]
    no_warm: bool,
    /// Read every ledger page afresh instead of keeping pages until the data changes.
    #[arg(long, env = "XUNCHA_NO_PAGE_CACHE")]
    no_page_cache: bool,
    /// Folder for the search index, kept between runs so that a restart resumes it instead of
    /// building it again (a province's build takes most of a minute). Default: beside a SQLite
    /// database (`xuncha.db.search`); in memory for PostgreSQL unless given.
    #[arg(long, env = "XUNCHA_SEARCH_DIR")]
    search_dir: Option<PathBuf>,
    /// Reverse proxies (addresses or networks, e.g. 127.0.0.1 or 10.0.0.0/8) whose
    /// X-Forwarded-For names the client, so that the limits on logins and tips count each
    /// client behind them rather than the proxy. Without it that header is ignored.
    #[arg(long = "trusted-proxy", env = "XUNCHA_TRUSTED_PROXIES", value_delimiter = ',')]
    trusted_proxies: Vec<String>,
}

#[derive(Args)]
struct DemoArgs {
    /// Folder for the demo database; created if missing, reused if it holds a demo already.
    #[arg(long, env = "XUNCHA_DATA_DIR", default_value = "xuncha-demo")]
    data_dir: PathBuf,
    /// Address to listen on (give another port to run a second demo beside the first).
    #[arg(long, env = "XUNCHA_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Address of the public side (give another port to run a second demo beside the first).
    #[arg(long, env = "XUNCHA_PUBLIC_LISTEN", default_value = "127.0.0.1:8081")]
    public_listen: SocketAddr,
    /// Delete the folder's database and load the demo afresh.
    #[arg(long, env = "XUNCHA_DEMO_RESET")]
    reset: bool,
    /// Load the data and exit without serving.
    #[arg(long, env = "XUNCHA_NO_SERVE")]
    no_serve: bool,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account. The password is read from XUNCHA_PASSWORD or asked for.
    Add {
        #[command(flatten)]
        db: DbArgs,
        /// Login name: letters, digits, dot, underscore, hyphen.
        #[arg(long, env = "XUNCHA_USERNAME")]
        username: String,
        /// The person's name as shown (e.g. 王振华).
        #[arg(long, env = "XUNCHA_DISPLAY_NAME")]
        name: String,
        /// admin, office, team, target_secretary, target_liaison, supervisor or leader.
        #[arg(long, env = "XUNCHA_ROLE")]
        role: String,
        /// The organisation's exact name (required for target roles).
        #[arg(long, env = "XUNCHA_ORG")]
        org: Option<String>,
        /// For supervisors: discipline (县纪委监委) or organisation (县委组织部).
        #[arg(long, env = "XUNCHA_BODY")]
        body: Option<String>,
        /// The holder's post (职务), shown beside the name on every act (e.g. 县委巡察办综合科科长).
        #[arg(long, env = "XUNCHA_POST", default_value = "")]
        post: String,
    },
    /// Set an account's password. The password is read from XUNCHA_PASSWORD or asked for.
    /// Also lifts a lock from failed logins.
    Passwd {
        #[command(flatten)]
        db: DbArgs,
        /// The account's login name.
        #[arg(long, env = "XUNCHA_USERNAME")]
        username: String,
    },
    /// Lift the lock that ten failed logins in fifteen minutes put on an account.
    Unlock {
        #[command(flatten)]
        db: DbArgs,
        /// The account's login name.
        #[arg(long, env = "XUNCHA_USERNAME")]
        username: String,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Walk the hash chain and name the first broken event, if any; with the audit key, check
    /// every seal and the head kept beside the key; check each anchor given.
    Verify {
        #[command(flatten)]
        db: DbArgs,
        /// An anchor printed earlier by `audit head` (`SEQ:HASH`); may be repeated.
        #[arg(long = "anchor")]
        anchors: Vec<String>,
    },
    /// Print the chain's head as an anchor (`SEQ:HASH`) to keep apart from the system, e.g.
    /// printed and signed each month; `audit verify --anchor` checks it later.
    Head(DbArgs),
}

#[derive(Subcommand)]
enum RecheckCommand {
    /// Draw a sample again and compare it with the one recorded: from a 抽样底册 file (as the
    /// draw's page downloads it; no database needed), or from a database with --draw. Exits 2
    /// when the samples differ.
    Replay {
        /// A 抽样底册 (.json) downloaded from the draw's page.
        file: Option<PathBuf>,
        /// Or the draw's record number (记录编号, shown on its page) in the database given by
        /// --database; the draw is also compared with the audit trail's record of it.
        #[arg(long)]
        draw: Option<i64>,
        #[command(flatten)]
        db: DbArgs,
    },
}

/// The largest 抽样底册 read (a population of 100,000 measures takes about 10 MB).
const MAX_DRAW_FILE: u64 = 32 * 1024 * 1024;

async fn replay_draw(file: Option<PathBuf>, draw: Option<i64>, db: DbArgs) -> Result<ExitCode, String> {
    let mut trail = None;
    let record: DrawFile = match (file, draw) {
        (Some(path), None) => {
            let size = std::fs::metadata(&path).map_err(|e| format!("无法读取 {}:{e}", path.display()))?.len();
            if size > MAX_DRAW_FILE {
                return Err(format!("{} 超过{}MB,不是抽样底册", path.display(), MAX_DRAW_FILE / 1024 / 1024));
            }
            // Read at most the limit, whatever the file claims to be (a pipe has no size).
            let mut bytes = Vec::new();
            let file = std::fs::File::open(&path).map_err(|e| format!("无法读取 {}:{e}", path.display()))?;
            std::io::Read::read_to_end(&mut std::io::Read::take(file, MAX_DRAW_FILE + 1), &mut bytes)
                .map_err(|e| format!("无法读取 {}:{e}", path.display()))?;
            if bytes.len() as u64 > MAX_DRAW_FILE {
                return Err(format!("{} 超过{}MB,不是抽样底册", path.display(), MAX_DRAW_FILE / 1024 / 1024));
            }
            let text =
                String::from_utf8(bytes).map_err(|_| format!("{} 不是抽样底册:不是UTF-8文本", path.display()))?;
            serde_json::from_str(&text).map_err(|e| format!("{} 不是抽样底册:第{}行有误", path.display(), e.line()))?
        }
        (None, Some(id)) => {
            let app = App::new(open(&db).await?, Clock::System).await.map_err(app_error)?;
            let id = RecheckDrawId::new(id);
            let file = app.recheck_draw_file_for_system(id).await.map_err(app_error)?;
            // A database rewritten behind the application replays to its own sample: the audit
            // trail's record of the draw says what it was.
            trail = Some(app.recheck_draw_agrees_with_trail(id).await.map_err(app_error)?);
            file
        }
        _ => return Err("请给出抽样底册文件,或用 --draw 给出抽查记录编号(二者选一)".into()),
    };
    let (again, same) = record.replay().map_err(|e| e.message())?;
    println!("抽查:{}第{}批(记录编号{})", record.round_name, record.number, record.draw_id);
    println!("随机种子:{},总体:已销号措施{}条", record.seed, record.population.len());
    let ids = |v: &[MeasureId]| v.iter().map(|m| m.get().to_string()).collect::<Vec<_>>().join(",");
    println!("重新抽取的措施({}条):{}", again.len(), ids(&again));
    if trail == Some(false) {
        println!("与审计记录不一致!数据库中的随机种子、总体或样本与抽取时审计链记录的不同");
        return Ok(ExitCode::from(2));
    }
    if same {
        println!("与记录的样本一致{}", if trail.is_some() { ",与审计记录一致" } else { "" });
        Ok(ExitCode::SUCCESS)
    } else {
        println!("与记录的样本不一致!记录的样本({}条):{}", record.sample.len(), ids(&record.sample));
        Ok(ExitCode::from(2))
    }
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("XUNCHA_LOG").unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    xuncha_web::quiet_panics();
    let cli = Cli::parse();
    let rt = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("无法启动运行时:{e}");
            return ExitCode::FAILURE;
        }
    };
    match rt.block_on(run(cli)) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("错误:{message}");
            ExitCode::FAILURE
        }
    }
}

/// Each detector on each part of the evaluation; fails unless the goal is met on the parts not
/// written beside the detectors. The held-out part's misjudged examples are listed only when
/// asked for by name: looking at them spends the part.
fn eval(show_errors: bool, held_out_errors: bool) -> ExitCode {
    use xuncha_analysis::eval::{Part, run};
    let mut met = true;
    println!("{:<8} {:<24} {:>6} {:>6} {:>6}", "部分", "检测项", "精确率", "召回率", "样本");
    for r in run(&Part::ALL) {
        let s = r.score;
        println!(
            "{:<8} {:<24} {:>6.2} {:>6.2} {:>6}",
            r.part.label(),
            r.detector,
            s.precision(),
            s.recall(),
            s.total()
        );
        if r.part != Part::Tuning {
            met &= s.meets_goal();
        }
        let listed = if r.part == Part::HeldOut { held_out_errors } else { show_errors };
        if listed {
            for e in &r.errors {
                println!("    {e}");
            }
        }
    }
    // How far the office may trust a suggested rebound of each strength, on the independent
    // sets studied and on the held-out part.
    let studied: Vec<Part> = Part::ALL.into_iter().filter(|p| matches!(p, Part::Studied(_))).collect();
    println!("反弹建议的依据强度(精确率;所占全部反弹的比例):");
    for (label, parts) in [("各研读集", studied.as_slice()), ("留出集", &[Part::HeldOut][..])] {
        let tiers: Vec<String> = xuncha_analysis::eval::strength_tiers(parts)
            .iter()
            .map(|t| format!("{} {:.2}({:.0}%)", t.strength.label(), t.precision(), t.share() * 100.0))
            .collect();
        println!("  {label}:{}", tiers.join(";"));
    }
    if met { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

/// The search index's folder beside a SQLite database file.
fn beside(db_file: PathBuf) -> PathBuf {
    let mut name = db_file.into_os_string();
    name.push(".search");
    PathBuf::from(name)
}

pub(crate) async fn open(db: &DbArgs) -> Result<Store, String> {
    let sync = if db.sqlite_synchronous == "full" { SqliteSync::Full } else { SqliteSync::Normal };
    Store::open_sealed(&db.database, db.audit_key_file.clone(), sync).await
}

/// `SEQ:HASH` as `audit head` prints it.
fn parse_anchor(text: &str) -> Result<(i64, String), String> {
    let bad = || format!("锚点“{}”无效,应为 audit head 打印的“序号:哈希”", text.chars().take(80).collect::<String>());
    let (seq, hash) = text.trim().split_once(':').ok_or_else(bad)?;
    let seq = seq.parse().map_err(|_| bad())?;
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad());
    }
    Ok((seq, hash.to_ascii_lowercase()))
}

fn parse_day(s: &str) -> Result<Date, String> {
    Date::parse(s.trim(), format_description!("[year]-[month]-[day]"))
        .map_err(|_| format!("日期“{s}”无效,应为 2023-11-10 的格式"))
}

pub(crate) fn app_error(e: xuncha_app::AppError) -> String {
    match e {
        xuncha_app::AppError::Invalid(list) => {
            list.iter().map(|f| format!("{}({})", f.message, f.field)).collect::<Vec<_>>().join(";")
        }
        other => other.to_string(),
    }
}

async fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Serve(args) => {
            let store = open(&args.db).await?;
            let clock = match args.today.as_deref() {
                Some(d) => Clock::Fixed(parse_day(d)?),
                None => Clock::System,
            };
            let search_dir = args.search_dir.or_else(|| store.sqlite_file().map(beside));
            let mut app = App::new(store, clock).await.map_err(app_error)?;
            app.keep_pages = !args.no_page_cache;
            if let Some(dir) = search_dir {
                app.keep_search_in(dir);
            }
            if !args.no_warm {
                let app = app.clone();
                tokio::spawn(async move {
                    if let Err(e) = app.warm().await {
                        tracing::warn!("building the copy index at start failed: {e}");
                    }
                });
            }
            let proxies = xuncha_web::client::TrustedProxies::parse(args.trusted_proxies.iter().map(String::as_str))?;
            serve(app, args.listen, args.public_listen, args.secure_cookies, proxies, None).await
        }
        Command::Demo(args) => demo(args).await,
        Command::Migrate(db) => {
            open(&db).await?;
            println!("数据库迁移完成:{}", db.database);
            Ok(ExitCode::SUCCESS)
        }
        Command::User(UserCommand::Add { db, username, name, role, org, body, post }) => {
            let app = App::new(open(&db).await?, Clock::System).await.map_err(app_error)?;
            let org_id = match org {
                Some(n) => Some(app.org_named(&n).await.map_err(app_error)?.ok_or(format!("组织“{n}”不存在"))?.id),
                None => None,
            };
            let role = Role::parse("role", role.trim()).map_err(|e| app_error(e.into()))?;
            let body = match body.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
                Some(b) => Some(Body::parse("body", b).map_err(|e| app_error(e.into()))?),
                None => None,
            };
            let password = read_password()?;
            let user = app
                .create_user(
                    xuncha_app::By::System,
                    &NewUserInput {
                        username,
                        display_name: name,
                        password,
                        role,
                        org_id,
                        body,
                        post,
                        must_change_password: false,
                    },
                )
                .await
                .map_err(app_error)?;
            println!("已创建账号 {}({},{})", user.username, user.display_name, user.role.label());
            Ok(ExitCode::SUCCESS)
        }
        Command::User(UserCommand::Passwd { db, username }) => {
            let app = App::new(open(&db).await?, Clock::System).await.map_err(app_error)?;
            let password = read_password()?;
            app.reset_password(&username, &password).await.map_err(|e| match e {
                xuncha_app::AppError::NotFound => format!("账号“{username}”不存在"),
                other => app_error(other),
            })?;
            println!("已修改 {username} 的密码,该账号的已有会话均已失效");
            Ok(ExitCode::SUCCESS)
        }
        Command::User(UserCommand::Unlock { db, username }) => {
            let app = App::new(open(&db).await?, Clock::System).await.map_err(app_error)?;
            let cleared = app.unlock_user(xuncha_app::By::System, &username).await.map_err(|e| match e {
                xuncha_app::AppError::NotFound => format!("账号“{username}”不存在"),
                other => app_error(other),
            })?;
            println!("已解除 {username} 的登录锁定(清除失败记录 {cleared} 条)");
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit(AuditCommand::Verify { db, anchors }) => {
            let anchors = anchors.iter().map(|a| parse_anchor(a)).collect::<Result<Vec<_>, _>>()?;
            let store = open(&db).await?;
            let sealed = store.sealer().is_some();
            let app = App::new(store, Clock::System).await.map_err(app_error)?;
            match app.verify_audit_against(&anchors).await.map_err(app_error)? {
                Ok(n) => {
                    println!("审计链完整:共校验 {n} 条事件");
                    println!(
                        "{}",
                        if sealed {
                            "封印:已用库外审计密钥核验全部封印和库外链头"
                        } else {
                            "封印:未配置审计密钥,未核验封印"
                        }
                    );
                    if !anchors.is_empty() {
                        println!("锚点:{} 个锚点均与审计链一致", anchors.len());
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(b) => {
                    println!("审计链校验失败:{b}");
                    Ok(ExitCode::from(2))
                }
            }
        }
        Command::Audit(AuditCommand::Head(db)) => {
            let app = App::new(open(&db).await?, Clock::System).await.map_err(app_error)?;
            let (seq, hash) = app.audit_head().await.map_err(app_error)?;
            println!("{seq}:{hash}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Import(cmd) => import::run(cmd).await,
        Command::Recheck(RecheckCommand::Replay { file, draw, db }) => replay_draw(file, draw, db).await,
        Command::Archive(cmd) => archive::run(cmd).await,
        Command::Eval { errors, held_out_errors } => Ok(eval(errors, held_out_errors)),
        Command::Backup { db, out } => {
            if out.exists() {
                return Err(format!("{} 已存在,不会覆盖", out.display()));
            }
            let store = open(&db).await?;
            store.backup_sqlite(&out.to_string_lossy()).await.map_err(|e| format!("备份失败:{e}"))?;
            println!("已备份到 {}", out.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The password from XUNCHA_PASSWORD, or asked for on the terminal (twice).
fn read_password() -> Result<String, String> {
    if let Ok(p) = std::env::var("XUNCHA_PASSWORD") {
        return Ok(p);
    }
    let stdin = std::io::stdin();
    let ask = |prompt: &str| -> Result<String, String> {
        eprint!("{prompt}");
        std::io::stderr().flush().ok();
        let mut line = String::new();
        stdin.lock().read_line(&mut line).map_err(|e| e.to_string())?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    };
    let first = ask("密码:")?;
    if std::io::stdin().is_terminal() {
        let again = ask("再次输入密码:")?;
        if again != first {
            return Err("两次输入的密码不一致".into());
        }
    }
    Ok(first)
}

async fn demo(args: DemoArgs) -> Result<ExitCode, String> {
    std::fs::create_dir_all(&args.data_dir).map_err(|e| format!("无法创建目录 {}:{e}", args.data_dir.display()))?;
    let db_path = args.data_dir.join("xuncha.db");
    let search_dir = beside(db_path.clone());
    if args.reset {
        // The audit key's kept head belongs to the database it sealed: a new demo starts afresh.
        for suffix in ["", "-wal", "-shm", ".audit-key", ".audit-key.head", ".audit-key.head.tmp"] {
            let p = PathBuf::from(format!("{}{suffix}", db_path.display()));
            if p.exists() {
                std::fs::remove_file(&p).map_err(|e| format!("无法删除 {}:{e}", p.display()))?;
            }
        }
        if search_dir.exists() {
            std::fs::remove_dir_all(&search_dir).map_err(|e| format!("无法删除 {}:{e}", search_dir.display()))?;
        }
    }
    let db = DbArgs {
        database: db_path.to_string_lossy().into_owned(),
        audit_key_file: None,
        sqlite_synchronous: "normal".into(),
    };
    let store = open(&db).await?;
    let (y, m, d) = xuncha_demo::DEMO_TODAY;
    let today = Date::from_calendar_date(y, time::Month::try_from(m).map_err(|e| e.to_string())?, d)
        .map_err(|e| e.to_string())?;
    let mut app = App::new(store, Clock::Fixed(today)).await.map_err(app_error)?;
    app.keep_search_in(search_dir);
    let fresh = app.has_no_users().await.map_err(app_error)?;
    let accounts = if fresh {
        eprintln!("正在载入演示数据……");
        Some(xuncha_demo::load(&app).await.map_err(app_error)?)
    } else {
        eprintln!("目录中已有演示数据,直接使用(加 --reset 可重新载入)");
        None
    };
    println!("xuncha 演示数据:{}", db.database);
    println!("演示中的“今天”是 {today}(整改时限和红黄绿灯按这一天计算)");
    println!("所有演示账号的密码:{}", xuncha_demo::DEMO_PASSWORD);
    match accounts {
        Some(list) => {
            for a in list {
                println!("  {:<16} {:<10} {}", a.username, a.role, a.who);
            }
        }
        None => println!(
            "  账号:admin、office、leader、jiwei、zuzhibu、team1.leader … team4.member、gqb.secretary、gqb.liaison、zxh.secretary 等"
        ),
    }
    if args.no_serve {
        return Ok(ExitCode::SUCCESS);
    }
    serve(app, args.listen, Some(args.public_listen), false, Default::default(), Some("演示")).await
}

async fn serve(
    app: App,
    listen: SocketAddr,
    public_listen: Option<SocketAddr>,
    secure_cookies: bool,
    proxies: xuncha_web::client::TrustedProxies,
    label: Option<&str>,
) -> Result<ExitCode, String> {
    let listener = tokio::net::TcpListener::bind(listen).await.map_err(|e| format!("无法监听 {listen}:{e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let public = match public_listen {
        Some(p) => Some(tokio::net::TcpListener::bind(p).await.map_err(|e| format!("无法监听公众端 {p}:{e}"))?),
        None => None,
    };
    let state = AppState::new(Arc::new(app), secure_cookies).with_proxies(proxies);
    println!("{}内部系统已启动:http://{addr}/  (接口文档 http://{addr}/api/openapi.json)", label.unwrap_or(""));
    if let Some(p) = &public {
        println!("公众端(公告、网上举报、整改公开):http://{}/", p.local_addr().map_err(|e| e.to_string())?);
    }
    println!("按 Ctrl+C 停止");
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    xuncha_web::serve(listener, public, state, shutdown).await.map_err(|e| format!("服务异常退出:{e}"))?;
    Ok(ExitCode::SUCCESS)
}
