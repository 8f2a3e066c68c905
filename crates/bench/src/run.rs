//! The benchmarks against a generated database, each against a baseline measured in the same
//! run (the machines are shared and noisy: ratios carry, absolute figures less so).
//!
//! - Handler latency: whole requests through the router in-process (session, access, queries,
//!   rendering), interleaved with the same statements run through the store on a pooled
//!   connection (the driver and row decoding, nothing of the app or web layers).
//! - HTTP throughput: `xuncha serve` as a child process under `wrk` with 16 connections, on the
//!   ledger page and on `/healthz`.
//! - Memory: the server's resident set idle and at the peak of that load.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, header};
use tower::ServiceExt;
use xuncha_app::ledger::{LedgerFilter, PAGE_SIZE, parse_cursor};
use xuncha_app::{App, Clock};
use xuncha_domain::deadline::Light;
use xuncha_store::{Backend, DueFilter, InspectionFilter, LedgerQuery, Store};
use xuncha_web::AppState;

use crate::generate::AS_OF;

#[derive(Debug, Clone)]
pub struct RunOptions {
    pub database: String,
    pub password: String,
    /// Timed requests per benchmark (after a tenth as many untimed).
    pub iterations: usize,
    /// Seconds of load per URL.
    pub http_seconds: u64,
    pub connections: usize,
    /// The `xuncha` binary to serve with.
    pub exe: PathBuf,
}

/// p50 and p95 of one benchmark and of its baseline, in milliseconds.
#[derive(Debug, Clone)]
pub struct Latency {
    pub name: String,
    pub p50: f64,
    pub p95: f64,
    pub base_p50: f64,
    pub base_p95: f64,
}

#[derive(Debug, Clone)]
pub struct Throughput {
    pub name: String,
    pub rps: f64,
    pub p50_ms: f64,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub backend: String,
    pub round: String,
    pub round_measures: i64,
    pub total_measures: i64,
    pub latencies: Vec<Latency>,
    /// The office's home page: first load (builds the copy index) and then warm, in ms.
    pub office_home_cold_ms: f64,
    pub office_home_warm: (f64, f64),
    /// The office's home page after one measure's text changed (the copy index catches up), ms.
    pub office_home_changed_ms: f64,
    /// The office's search: first (builds the index), then p50, then after the change, ms.
    pub search_cold_ms: f64,
    pub search_warm_ms: f64,
    pub search_changed_ms: f64,
    /// A served process's first search from the index the previous one kept (a change written
    /// in between), ms; then its resident memory, in all and of its own (not the mapped index).
    pub search_resumed_ms: f64,
    pub searched_rss_mib: (f64, f64),
    /// This process's peak resident memory once the office home has built its copy index.
    pub in_process_peak_mib: f64,
    pub throughput: Vec<Throughput>,
    pub connections: usize,
    pub rss_idle_mib: f64,
    pub rss_load_mib: f64,
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Writes one measure of the round with its own text, as an edit would, with its audit event:
/// the data has changed (every kept ranking goes) and the copy index has one text to catch up.
async fn touch_a_measure(store: &Store, round_id: xuncha_domain::RoundId) -> Result<(), String> {
    let mut tx = store.begin().await.map_err(err)?;
    let mut c = tx.conn();
    let measures = c.round_measures(round_id).await.map_err(err)?;
    let m = &measures.first().ok_or("该轮次没有整改措施")?.measure;
    let id = m.id;
    c.update_measure(id, m.version, &m.fields()).await.map_err(err)?;
    c.append_event(&xuncha_store::NewEvent {
        actor_id: None,
        action: "bench.touch",
        entity: "measure",
        entity_id: id.into(),
        summary: "基准测试:原样重写一条措施的内容(测量数据变化后的巡察办首页)",
        before: "{}",
        after: "{}",
    })
    .await
    .map_err(err)?;
    tx.commit().await.map_err(err)
}

/// Percentile of sorted samples.
fn pct(sorted: &[Duration], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize].as_secs_f64() * 1e3
}

/// Runs `timed` and `baseline` alternately, `n` times each after a warm-up.
async fn interleaved<A, B, FA, FB>(n: usize, mut timed: A, mut baseline: B) -> Result<(f64, f64, f64, f64), String>
where
    A: FnMut() -> FA,
    B: FnMut() -> FB,
    FA: Future<Output = Result<(), String>>,
    FB: Future<Output = Result<(), String>>,
{
    for _ in 0..(n / 10).max(3) {
        timed().await?;
        baseline().await?;
    }
    let (mut a, mut b) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for _ in 0..n {
        let t = Instant::now();
        timed().await?;
        a.push(t.elapsed());
        let t = Instant::now();
        baseline().await?;
        b.push(t.elapsed());
    }
    a.sort();
    b.sort();
    Ok((pct(&a, 0.5), pct(&a, 0.95), pct(&b, 0.5), pct(&b, 0.95)))
}

/// The router in-process, with the office signed in.
struct InProcess {
    router: axum::Router,
    cookie: String,
}

impl InProcess {
    /// Signs the office in through the app (the HTTP login wants a peer address) and keeps
    /// the session as the browser would, in its cookie.
    async fn login(router: axum::Router, app: &App, password: &str) -> Result<Self, String> {
        let session = app
            .login("office", password)
            .await
            .map_err(|e| format!("巡察办账号 office 登录失败({e}):请用生成时的 --password"))?;
        Ok(InProcess { router, cookie: format!("{}={}", xuncha_web::session::COOKIE, session.token) })
    }

    /// One whole GET, body read to the end; an error unless 200.
    async fn get(&self, uri: &str) -> Result<usize, String> {
        let req = Request::get(uri).header(header::COOKIE, &self.cookie).body(Body::empty()).map_err(err)?;
        let res = self.router.clone().oneshot(req).await.map_err(err)?;
        let status = res.status();
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await.map_err(err)?;
        if !status.is_success() {
            return Err(format!("GET {uri}: {status} {}", String::from_utf8_lossy(&bytes[..bytes.len().min(300)])));
        }
        Ok(bytes.len())
    }
}

pub async fn run(o: &RunOptions, say: &dyn Fn(&str)) -> Result<Report, String> {
    let store = Store::connect(&o.database).await.map_err(err)?;
    store.migrate().await.map_err(err)?;
    let mut report = Report {
        backend: match store.backend() {
            Backend::Sqlite => "SQLite".into(),
            Backend::Postgres => "PostgreSQL".into(),
        },
        connections: o.connections,
        ..Report::default()
    };
    let mut app = App::new(store.clone(), Clock::Fixed(AS_OF)).await.map_err(err)?;
    // The handler's own work against its SQL: pages are read afresh every time.
    app.keep_pages = false;
    // A search index built afresh in a folder of this run, then resumed by a served process.
    let search_dir = std::env::temp_dir().join(format!("xuncha-bench-search-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&search_dir);
    app.keep_search_in(search_dir.clone());
    let app = std::sync::Arc::new(app);
    let web = InProcess::login(xuncha_web::router(AppState::new(app.clone(), false)), &app, &o.password).await?;

    // The spring 2026 round of the first county: measures overdue, coming due and closed.
    let mut h = store.read().await.map_err(err)?;
    let rounds = h.conn().list_rounds().await.map_err(err)?;
    let round = rounds
        .iter()
        .filter(|r| r.name.ends_with("2026年第一轮巡察"))
        .min_by_key(|r| r.id)
        .ok_or("没有找到生成的 2026 年第一轮巡察:请先运行 xuncha bench gen")?
        .clone();
    report.round = round.name.clone();
    report.round_measures = h.conn().round_measures(round.id).await.map_err(err)?.len() as i64;
    drop(h);
    report.total_measures = count_measures(&store).await?;
    let office = app.actor(app.find_user("office").await.map_err(err)?.id).await.map_err(err)?;

    // The ledger's scope as the handler computes it, for the baseline.
    let filter = InspectionFilter { round_id: Some(round.id), ..Default::default() };
    let inspections = store.read().await.map_err(err)?.conn().list_inspections(&filter).await.map_err(err)?;
    let approved: std::collections::HashSet<_> = {
        let plans = store.read().await.map_err(err)?.conn().round_plans(round.id).await.map_err(err)?;
        plans
            .into_iter()
            .filter(|p| p.status == xuncha_domain::plan::PlanStatus::Approved)
            .map(|p| p.inspection_id)
            .collect()
    };
    let scope: Vec<_> = inspections
        .iter()
        .map(|i| (i.id, i.feedback_date.map(|d| app.policy.plan_due(d)), approved.contains(&i.id)))
        .collect();
    let (red_from, red_to) = app.policy.light_window(Light::Red, AS_OF).expect("red has a window");
    let query = |status: Option<&'static str>, due: DueFilter, after| LedgerQuery {
        scope: &scope,
        aspect: None,
        status,
        due,
        after,
        limit: PAGE_SIZE as i64 + 1,
    };

    // A deep page: walk fifteen pages first to get its cursor.
    let mut cursor = None;
    for _ in 0..15 {
        let f = LedgerFilter { round: Some(round.id), after: cursor.clone(), ..Default::default() };
        cursor = app.ledger_page(&office, &f).await.map_err(err)?.next.clone();
    }
    let deep = cursor.ok_or("这一轮不足 16 页,无法测深翻页")?;
    let deep_key = parse_cursor(&deep).map(|c| (c.due, c.measure_id)).ok_or("翻页游标无效")?;

    let cases: Vec<(String, String, LedgerQuery<'_>)> = vec![
        ("台账第一页(全部,50 条)".into(), format!("/ledger?round={}", round.id), query(None, DueFilter::Any, None)),
        (
            "台账筛选(未完成 + 红灯)".into(),
            format!("/ledger?round={}&status=not_done&light=red", round.id),
            query(Some("not_done"), DueFilter::Open { from: red_from, to: red_to }, None),
        ),
        (
            "台账第 16 页(游标翻页)".into(),
            format!("/ledger?round={}&after={deep}", round.id),
            query(None, DueFilter::Any, Some(deep_key)),
        ),
    ];
    for (name, uri, q) in &cases {
        say(&format!("测量 {name} …"));
        let (p50, p95, base_p50, base_p95) = interleaved(
            o.iterations,
            || async { web.get(uri).await.map(|_| ()) },
            || async {
                let mut h = store.read().await.map_err(err)?;
                h.conn().ledger_page(q).await.map_err(err)?;
                Ok(())
            },
        )
        .await?;
        report.latencies.push(Latency { name: name.clone(), p50, p95, base_p50, base_p95 });
    }

    say("测量 轮次总览 …");
    let dashboard = format!("/api/rounds/{}/dashboard", round.id);
    let (p50, p95, base_p50, base_p95) = interleaved(
        o.iterations,
        || async { web.get(&dashboard).await.map(|_| ()) },
        || async {
            let mut h = store.read().await.map_err(err)?;
            h.conn().list_inspections(&filter).await.map_err(err)?;
            h.conn().round_measures(round.id).await.map_err(err)?;
            h.conn().round_plans(round.id).await.map_err(err)?;
            h.conn().round_problem_counts(round.id).await.map_err(err)?;
            h.conn().round_problems(round.id).await.map_err(err)?;
            Ok(())
        },
    )
    .await?;
    report.latencies.push(Latency {
        name: "轮次总览(各单位、各方面完成率,红黄绿灯)".into(),
        p50,
        p95,
        base_p50,
        base_p95,
    });

    say("测量 巡察办首页(含照抄排名,首次需建全库照抄索引)…");
    let home = format!("/?round={}", round.id);
    let t = Instant::now();
    web.get(&home).await?;
    report.office_home_cold_ms = t.elapsed().as_secs_f64() * 1e3;
    let mut warm = Vec::new();
    for _ in 0..(o.iterations / 5).max(5) {
        let t = Instant::now();
        web.get(&home).await?;
        warm.push(t.elapsed());
    }
    warm.sort();
    report.office_home_warm = (pct(&warm, 0.5), pct(&warm, 0.95));

    say("测量 全文检索(首次需建全库检索索引)…");
    // 光伏收益, as the search form sends it.
    let search = "/search?q=%E5%85%89%E4%BC%8F%E6%94%B6%E7%9B%8A";
    let t = Instant::now();
    web.get(search).await?;
    report.search_cold_ms = t.elapsed().as_secs_f64() * 1e3;
    let mut warm = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        web.get(search).await?;
        warm.push(t.elapsed());
    }
    warm.sort();
    report.search_warm_ms = pct(&warm, 0.5);

    touch_a_measure(&store, round.id).await?;
    let t = Instant::now();
    web.get(&home).await?;
    report.office_home_changed_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    web.get(search).await?;
    report.search_changed_ms = t.elapsed().as_secs_f64() * 1e3;
    report.in_process_peak_mib = rss_mib(std::process::id(), "VmHWM:");

    // This process lets go of the index, a text changes, a served process searches.
    drop(web);
    drop(app);
    touch_a_measure(&store, round.id).await?;
    store.close().await;
    say("测量 重启后的首次检索(从保存的索引续上)…");
    let served = Served::start(o, &["--search-dir", &search_dir.to_string_lossy()]).await?;
    let t = Instant::now();
    served.get(search).await?;
    report.search_resumed_ms = t.elapsed().as_secs_f64() * 1e3;
    report.searched_rss_mib = (rss_mib(served.pid(), "VmRSS:"), rss_mib(served.pid(), "RssAnon:"));
    drop(served);
    let _ = std::fs::remove_dir_all(&search_dir);

    say("HTTP 压测 …");
    http(o, &round, &mut report).await?;
    Ok(report)
}

async fn count_measures(store: &Store) -> Result<i64, String> {
    let mut h = store.read().await.map_err(err)?;
    h.conn().count_rows("measure").await.map_err(err)
}

/// `xuncha serve` in a child process, loaded by wrk; its memory watched from /proc.
async fn http(o: &RunOptions, round: &xuncha_store::Round, report: &mut Report) -> Result<(), String> {
    let served = Served::start(o, &[]).await?;
    let ledger = format!("{}/ledger?round={}", served.base, round.id);
    // Warm the ledger once, then read the idle footprint.
    served.client.get(&ledger).header(header::COOKIE, &served.cookie).send().await.map_err(err)?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    report.rss_idle_mib = rss_mib(served.pid(), "VmRSS:");
    let healthz = format!("{}/healthz", served.base);
    for (name, url) in [("/healthz(平凡处理器)", healthz), ("台账第一页(保留的页面)", ledger)] {
        let (rps, p50_ms) = wrk(o, &url, &served.cookie).await?;
        report.throughput.push(Throughput { name: name.into(), rps, p50_ms });
    }
    report.rss_load_mib = rss_mib(served.pid(), "VmHWM:");
    drop(served);
    // The same page read afresh every time: the work behind a page after each change.
    let served = Served::start(o, &["--no-page-cache"]).await?;
    let ledger = format!("{}/ledger?round={}", served.base, round.id);
    let (rps, p50_ms) = wrk(o, &ledger, &served.cookie).await?;
    report
        .throughput
        .push(Throughput { name: "台账第一页(每次重新查询,--no-page-cache)".into(), rps, p50_ms });
    report.rss_load_mib = report.rss_load_mib.max(rss_mib(served.pid(), "VmHWM:"));
    Ok(())
}

/// `xuncha serve` on a free port, with the office signed in.
struct Served {
    server: Server,
    base: String,
    client: reqwest::Client,
    cookie: String,
}

impl Served {
    async fn start(o: &RunOptions, extra: &[&str]) -> Result<Served, String> {
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(err)?.port();
        let base = format!("http://127.0.0.1:{port}");
        let child = std::process::Command::new(&o.exe)
            .args(["serve", "--database", &o.database, "--listen", &format!("127.0.0.1:{port}")])
            .args(["--today", &AS_OF.to_string()])
            // The copy index is not part of the ledger's load; its memory is measured in-process.
            .arg("--no-warm")
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("无法启动 {}:{e}", o.exe.display()))?;
        let server = Server(child);
        let client = reqwest::Client::new();
        let started = Instant::now();
        while client.get(format!("{base}/healthz")).send().await.is_err() {
            if started.elapsed() > Duration::from_secs(60) {
                return Err("服务在 60 秒内没有就绪".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let login = client
            .post(format!("{base}/api/session"))
            .json(&serde_json::json!({ "username": "office", "password": o.password }))
            .send()
            .await
            .map_err(err)?;
        let cookie = login
            .headers()
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .ok_or("登录失败")?
            .to_string();
        Ok(Served { server, base, client, cookie })
    }

    fn pid(&self) -> u32 {
        self.server.0.id()
    }

    /// One signed-in GET, body read to the end; an error unless 200.
    async fn get(&self, uri: &str) -> Result<(), String> {
        let res = self
            .client
            .get(format!("{}{uri}", self.base))
            .header(header::COOKIE, &self.cookie)
            .send()
            .await
            .map_err(err)?;
        let status = res.status();
        res.bytes().await.map_err(err)?;
        if status.is_success() { Ok(()) } else { Err(format!("GET {uri}: {status}")) }
    }
}

/// The served child process, stopped however the benchmark ends.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Requests per second and median latency (ms) of `wrk` on one URL.
async fn wrk(o: &RunOptions, url: &str, cookie: &str) -> Result<(f64, f64), String> {
    let mut cmd = std::process::Command::new("wrk");
    cmd.args(["-t2", &format!("-c{}", o.connections), &format!("-d{}s", o.http_seconds), "--latency"]).args([
        "-H",
        &format!("Cookie: {cookie}"),
        url,
    ]);
    let out = tokio::task::spawn_blocking(move || cmd.output())
        .await
        .map_err(err)?
        .map_err(|e| format!("无法运行 wrk(apt-get install wrk):{e}"))?;
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    if text.contains("Non-2xx") {
        return Err(format!("wrk 收到错误响应:{text}"));
    }
    let field = |prefix: &str| {
        text.lines().find_map(|l| l.trim().strip_prefix(prefix).map(|v| v.trim().to_string())).unwrap_or_default()
    };
    let rps: f64 = field("Requests/sec:").parse().map_err(|_| format!("无法读取 wrk 的输出:{text}"))?;
    Ok((rps, wrk_ms(&field("50%"))))
}

/// wrk's durations: "812.00us", "1.20ms", "2.01s".
fn wrk_ms(v: &str) -> f64 {
    let num = |s: &str| s.parse::<f64>().unwrap_or(f64::NAN);
    if let Some(us) = v.strip_suffix("us") {
        num(us) / 1e3
    } else if let Some(ms) = v.strip_suffix("ms") {
        num(ms)
    } else if let Some(s) = v.strip_suffix('s') {
        num(s) * 1e3
    } else {
        f64::NAN
    }
}

/// A memory line of /proc/<pid>/status, in MiB.
fn rss_mib(pid: u32, key: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with(key)).map(str::to_string))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

impl Report {
    /// The figures as Markdown, for BENCHMARKS.md.
    pub fn markdown(&self) -> String {
        let mut s = format!(
            "#### {}({},本轮 {} 条措施;全库 {} 条)\n\n| 基准 | p50 ms | p95 ms | 原始 SQL p50 | 原始 SQL p95 | p95 倍数 |\n|---|---:|---:|---:|---:|---:|\n",
            self.backend, self.round, self.round_measures, self.total_measures
        );
        for l in &self.latencies {
            s += &format!(
                "| {} | {:.2} | {:.2} | {:.2} | {:.2} | {:.1}× |\n",
                l.name,
                l.p50,
                l.p95,
                l.base_p50,
                l.base_p95,
                l.p95 / l.base_p95
            );
        }
        s += &format!(
            "\n巡察办首页:首次 {:.0} ms(建全库照抄索引),之后 p50 {:.1} ms、p95 {:.1} ms,一条措施文本变化后 {:.0} ms。全文检索“光伏收益”:首次 {:.0} ms(建全库检索索引,存入目录),之后 p50 {:.0} ms,一条措施文本变化后 {:.0} ms;重启的服务进程从保存的索引续上,首次检索 {:.0} ms,之后常驻内存 {:.0} MiB(其中进程自有 {:.0} MiB,其余为映射的索引文件)。两个索引建好后本进程内存峰值 {:.0} MiB。\n\n| HTTP({} 个连接) | 请求/秒 | p50 ms |\n|---|---:|---:|\n",
            self.office_home_cold_ms,
            self.office_home_warm.0,
            self.office_home_warm.1,
            self.office_home_changed_ms,
            self.search_cold_ms,
            self.search_warm_ms,
            self.search_changed_ms,
            self.search_resumed_ms,
            self.searched_rss_mib.0,
            self.searched_rss_mib.1,
            self.in_process_peak_mib,
            self.connections
        );
        for t in &self.throughput {
            s += &format!("| {} | {:.0} | {:.2} |\n", t.name, t.rps, t.p50_ms);
        }
        if let [healthz, kept, fresh] = &self.throughput[..] {
            s += &format!(
                "\n台账页吞吐为平凡处理器的 {:.2} 倍(保留的页面)、{:.3} 倍(每次重新查询)。",
                kept.rps / healthz.rps,
                fresh.rps / healthz.rps
            );
        }
        s += &format!("服务进程常驻内存:空闲 {:.0} MiB,压测峰值 {:.0} MiB。\n", self.rss_idle_mib, self.rss_load_mib);
        s
    }
}
