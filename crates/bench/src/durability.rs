//! The kill -9 trial: `xuncha serve` on a fresh SQLite database takes writes from several
//! writers at once; at a random moment the process is killed with SIGKILL; it is started again
//! and every write that had been acknowledged (201) must be there, and `audit verify` (chain,
//! seals, rows against the trail) must pass. Repeated for several rounds on the same database.
//!
//! It proves what a process crash does, not a power loss: that needs the machine to lose power
//! (see `SqliteSync` for what each setting promises then).

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use xuncha_app::inputs::NewUserInput;
use xuncha_app::{App, Clock};
use xuncha_store::{Sealer, Store};

const ACCOUNT: &str = "durability";
const PASSWORD: &str = "naijiu-shiyan-2026";

pub struct TrialOptions {
    /// The `xuncha` binary to serve with.
    pub exe: PathBuf,
    /// A SQLite file that does not exist yet.
    pub database: PathBuf,
    pub writers: usize,
    pub rounds: usize,
    /// The kill comes at a random moment up to this many milliseconds after the writes start.
    pub max_ms: u64,
    pub seed: u64,
    /// `normal` or `full`, passed to `serve --sqlite-synchronous`.
    pub synchronous: String,
}

/// One kill.
#[derive(Debug, Clone)]
pub struct RoundResult {
    pub killed_after_ms: u64,
    pub acknowledged: usize,
    pub present: usize,
    /// `None` when `audit verify` passed; else what it found.
    pub broken: Option<String>,
    pub events: i64,
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

fn key_file(db: &std::path::Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".audit-key");
    PathBuf::from(name)
}

async fn open(o: &TrialOptions) -> Result<App, String> {
    let url = o.database.to_string_lossy().into_owned();
    let store = Store::connect(&url).await.map_err(err)?;
    store.migrate().await.map_err(err)?;
    let store = store.with_sealer(Sealer::load_or_create(&key_file(&o.database))?);
    App::new(store, Clock::System).await.map_err(err)
}

/// Runs the trial and returns one result per kill.
pub async fn trial(o: &TrialOptions) -> Result<Vec<RoundResult>, String> {
    if o.database.exists() {
        return Err(format!("{} 已存在:耐久试验需要一个新的数据库文件", o.database.display()));
    }
    {
        let app = open(o).await?;
        let user = NewUserInput {
            username: ACCOUNT.into(),
            display_name: "耐久试验".into(),
            password: PASSWORD.into(),
            role: xuncha_domain::role::Role::Office,
            org_id: None,
            body: None,
            post: String::new(),
            must_change_password: false,
        };
        app.create_user(xuncha_app::By::System, &user).await.map_err(err)?;
    }
    // A small deterministic generator (xorshift), so a seed gives the same kill moments.
    let mut state = o.seed.max(1);
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut results = Vec::new();
    for round in 0..o.rounds {
        let killed_after_ms = 200 + next() % o.max_ms.max(201).saturating_sub(200);
        let (acknowledged, names) = one_round(o, round, killed_after_ms).await?;
        let app = open(o).await?;
        let office = app.actor(app.find_user(ACCOUNT).await.map_err(err)?.id).await.map_err(err)?;
        let stored: HashSet<String> =
            app.list_rounds(&office).await.map_err(err)?.into_iter().map(|r| r.name).collect();
        let present = names.iter().filter(|n| stored.contains(*n)).count();
        let (broken, events) = match app.verify_audit().await.map_err(err)? {
            Ok(n) => (None, n),
            Err(b) => (Some(b.to_string()), 0),
        };
        results.push(RoundResult { killed_after_ms, acknowledged, present, broken, events });
    }
    Ok(results)
}

/// Serves, writes from every writer until the kill, and returns the acknowledged names.
async fn one_round(o: &TrialOptions, round: usize, kill_ms: u64) -> Result<(usize, Vec<String>), String> {
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(err)?.port();
    let base = format!("http://127.0.0.1:{port}");
    let mut child = std::process::Command::new(&o.exe)
        .args(["serve", "--no-warm", "--database"])
        .arg(&o.database)
        .args(["--listen", &format!("127.0.0.1:{port}"), "--sqlite-synchronous", &o.synchronous])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("无法启动 {}:{e}", o.exe.display()))?;
    let client = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().map_err(err)?;
    let started = Instant::now();
    while client.get(format!("{base}/healthz")).send().await.is_err() {
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            return Err("服务在 60 秒内没有就绪".into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let login: serde_json::Value = client
        .post(format!("{base}/api/session"))
        .json(&serde_json::json!({ "username": ACCOUNT, "password": PASSWORD }))
        .send()
        .await
        .map_err(err)?
        .json()
        .await
        .map_err(err)?;
    let token = login["token"].as_str().ok_or("登录失败")?.to_string();
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let mut writers = Vec::new();
    for w in 0..o.writers {
        let (client, base, token, acknowledged) = (client.clone(), base.clone(), token.clone(), acknowledged.clone());
        writers.push(tokio::spawn(async move {
            for i in 0.. {
                let name = format!("耐久试验第{round}轮-写入者{w}-第{i}次");
                let body = serde_json::json!({ "name": name, "start_date": "2026-01-01", "end_date": "2026-02-01" });
                match client.post(format!("{base}/api/rounds")).bearer_auth(&token).json(&body).send().await {
                    Ok(res) if res.status() == reqwest::StatusCode::CREATED => {
                        acknowledged.lock().unwrap_or_else(|p| p.into_inner()).push(name)
                    }
                    Ok(_) => {}
                    // The server is gone: this writer is done.
                    Err(_) => break,
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(kill_ms)).await;
    child.kill().map_err(err)?; // SIGKILL on Unix
    let _ = child.wait();
    for w in writers {
        let _ = tokio::time::timeout(Duration::from_secs(15), w).await;
    }
    let names = std::mem::take(&mut *acknowledged.lock().unwrap_or_else(|p| p.into_inner()));
    Ok((names.len(), names))
}

/// The results as a Markdown table for BENCHMARKS.md.
pub fn markdown(o: &TrialOptions, results: &[RoundResult]) -> String {
    let mut out = format!(
        "kill -9 trial: {} writers, {} kills, synchronous={}, seed {}\n\n| kill | after ms | acknowledged | present | lost | audit verify |\n|---|---|---|---|---|---|\n",
        o.writers,
        results.len(),
        o.synchronous,
        o.seed
    );
    for (i, r) in results.iter().enumerate() {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            i + 1,
            r.killed_after_ms,
            r.acknowledged,
            r.present,
            r.acknowledged - r.present,
            r.broken.clone().unwrap_or_else(|| format!("passed ({} events)", r.events))
        ));
    }
    let (ack, present): (usize, usize) = results.iter().fold((0, 0), |(a, p), r| (a + r.acknowledged, p + r.present));
    out.push_str(&format!("\nTotal: {ack} acknowledged writes, {} lost.\n", ack - present));
    out
}
