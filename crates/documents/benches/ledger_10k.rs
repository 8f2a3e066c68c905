//! Importing and exporting a 10,000-measure rectification ledger, against baselines measured in
//! the same run on the same database (these machines are shared and noisy: compare ratios).
//!
//! `cargo bench -p xuncha-documents --bench ledger_10k` (SQLite; PostgreSQL too unless
//! XUNCHA_SKIP_PG=1). Each figure is the median of 3 runs.
//!
//! - read: `read_ledger` (headers, merges, dates, statuses) vs calamine reading every cell;
//! - import: `App::import_ledger` (validation, audit chain, one transaction) vs raw INSERTs of the
//!   same 10,000 rows in one transaction;
//! - export: `App::ledger` + `ledger_details` + `ledger_xlsx` (merges, fills, statistics sheet)
//!   vs rust_xlsxwriter writing the same cells without formatting.

use std::io::Cursor;
use std::time::{Duration, Instant};

use calamine::{Reader, Xlsx, open_workbook_from_rs};
use rust_xlsxwriter::{Format, Workbook};
use time::macros::date;
use xuncha_app::ledger::LedgerFilter;
use xuncha_app::{App, Clock};
use xuncha_documents::import::ledger::read_ledger;
use xuncha_documents::ledger_xlsx;
use xuncha_store::{Backend, Conn};
use xuncha_testkit::TestDb;

const PROBLEMS: usize = 2_500;
const PER_PROBLEM: usize = 4;
const ROWS: usize = PROBLEMS * PER_PROBLEM;

const CATEGORIES: [&str; 4] = [
    "全面从严治党和党风廉政建设",
    "基层党组织建设",
    "贯彻落实党的路线方针政策和县委决策部署",
    "巡察、审计等监督发现问题整改",
];
const DEADLINES: [&str; 6] = ["2023年9月30日", "2023.12.31", "2023-10-15", "2023年12月底", "立行立改", "长期坚持"];
const STATUSES: [&str; 4] = ["已完成", "未完成", "基本完成、持续推进", "推进中"];

/// An office's ledger: title rows, problem and category cells merged over four measures each.
fn office_ledger() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("整改台账").unwrap();
    let f = Format::new();
    ws.merge_range(0, 0, 0, 9, "关于县委巡察反馈意见整改落实情况台账", &f).unwrap();
    let header = [
        "序号",
        "问题类别",
        "反馈问题",
        "整改措施",
        "责任领导",
        "责任人",
        "责任科室",
        "整改时限",
        "完成标志",
        "完成情况",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    for p in 0..PROBLEMS {
        let top = 2 + (p * PER_PROBLEM) as u32;
        let bottom = top + PER_PROBLEM as u32 - 1;
        ws.merge_range(top, 0, bottom, 0, &(p + 1).to_string(), &f).unwrap();
        ws.merge_range(top, 1, bottom, 1, CATEGORIES[p % 4], &f).unwrap();
        let problem = format!("第{}个村集体经济收支未按季度公开,财务票据审核不严", p + 1);
        ws.merge_range(top, 2, bottom, 2, &problem, &f).unwrap();
        for m in 0..PER_PROBLEM {
            let r = top + m as u32;
            let n = p * PER_PROBLEM + m;
            ws.write_string(r, 3, format!("逐笔清查{}年以来收支票据并按季度张榜公开(第{}项)", 2020 + m, m + 1))
                .unwrap();
            ws.write_string(r, 4, "李明").unwrap();
            ws.write_string(r, 5, ["梁志勇", "田丽娟", "王强", "赵春生"][m]).unwrap();
            ws.write_string(r, 6, "经管站").unwrap();
            ws.write_string(r, 7, DEADLINES[n % DEADLINES.len()]).unwrap();
            ws.write_string(r, 8, "公开记录、清查台账").unwrap();
            ws.write_string(r, 9, STATUSES[n % STATUSES.len()]).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

async fn time3<F, Fut>(mut f: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: Future<Output = ()>,
{
    let mut runs = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        f().await;
        runs.push(start.elapsed());
    }
    median(runs)
}

fn line(name: &str, took: Duration, baseline: Duration) {
    let rate = ROWS as f64 / took.as_secs_f64();
    let ratio = took.as_secs_f64() / baseline.as_secs_f64();
    println!("{name:<44} {:>9.1} ms {rate:>10.0} rows/s  {ratio:>6.1}× baseline", took.as_secs_f64() * 1e3);
}

/// The same 10,000 rows inserted with plain SQL in one transaction.
async fn raw_insert(db: &TestDb) {
    let mut tx = db.store.begin().await.unwrap();
    let rows: Vec<(i64, String, &str, &str)> = (0..ROWS)
        .map(|n| (n as i64, format!("逐笔清查收支票据并按季度张榜公开(第{n}项)"), "梁志勇", "2023-12-31"))
        .collect();
    // The same statements on either driver (both accept `$n` parameters).
    macro_rules! insert_all {
        ($c:expr, $int:literal) => {{
            let create = concat!(
                "CREATE TEMP TABLE IF NOT EXISTS bench_raw (n ",
                $int,
                ", content TEXT, person TEXT, deadline TEXT)"
            );
            sqlx::query(create).execute(&mut *$c).await.unwrap();
            for (n, content, person, deadline) in &rows {
                sqlx::query("INSERT INTO bench_raw VALUES ($1, $2, $3, $4)")
                    .bind(n)
                    .bind(content)
                    .bind(person)
                    .bind(deadline)
                    .execute(&mut *$c)
                    .await
                    .unwrap();
            }
        }};
    }
    match tx.conn() {
        Conn::Sqlite(c, _) => insert_all!(c, "INTEGER"),
        Conn::Pg(c, _) => insert_all!(c, "BIGINT"),
    }
    tx.commit().await.unwrap();
}

/// Every cell read with calamine, nothing interpreted.
fn raw_read(bytes: &[u8]) -> usize {
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let range = wb.worksheet_range("整改台账").unwrap();
    range.used_cells().count()
}

/// The same cells written with rust_xlsxwriter, no merges, formats or statistics.
fn raw_write() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for r in 0..ROWS as u32 {
        for c in 0..15u16 {
            ws.write_string(r + 1, c, "逐笔清查收支票据并按季度张榜公开").unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

async fn run(backend: Backend, bytes: &[u8]) {
    let db = TestDb::new(backend).await;
    let app = App::new(db.store.clone(), Clock::Fixed(date!(2023 - 11 - 10))).await.unwrap();
    xuncha_demo::load(&app).await.unwrap();
    let office = app.actor(app.find_user("office").await.unwrap().id).await.unwrap();
    let insp = app
        .list_inspections(&office, None)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.target_name == "谷前堡镇党委")
        .unwrap();
    println!("\n{backend:?}: {ROWS} measures ({PROBLEMS} problems × {PER_PROBLEM})");

    let raw = time3(|| raw_insert(&db)).await;
    line("baseline: raw INSERT, one transaction", raw, raw);
    let read = read_ledger(bytes, 2023).unwrap();
    assert_eq!(read.measure_count(), ROWS);
    assert!(read.issues.is_empty(), "{:?}", &read.issues[..3.min(read.issues.len())]);
    let problems = read.to_import(false).unwrap();
    // Only the first run keeps its rows in the exported ledger below; the median is what counts.
    let import = time3(|| async {
        app.import_ledger(&office, insp.id, &problems).await.unwrap();
    })
    .await;
    line("App::import_ledger (audit, validation)", import, raw);

    let filter = LedgerFilter { round: Some(insp.round_id), org: Some(insp.target_org_id), ..Default::default() };
    let size = std::sync::atomic::AtomicUsize::new(0);
    let export = time3(|| async {
        let ledger = app.ledger(&office, &filter).await.unwrap();
        let details = app.ledger_details(&ledger).await.unwrap();
        let bytes = ledger_xlsx(&ledger, &details, "整改台账").unwrap();
        size.store(bytes.len(), std::sync::atomic::Ordering::Relaxed);
    })
    .await;
    let exported = app.ledger(&office, &filter).await.unwrap().measure_count();
    let raw_out = time3(|| async {
        raw_write();
    })
    .await;
    line("baseline: rust_xlsxwriter, plain cells", raw_out, raw_out);
    let per = export.as_secs_f64() / exported as f64 * ROWS as f64;
    line("export: ledger + details + xlsx (per 10k)", Duration::from_secs_f64(per), raw_out);
    println!("  (exported {exported} measures, {} KB)", size.into_inner() / 1024);
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let bytes = office_ledger();
    println!("ledger file: {ROWS} measure rows, {} KB", bytes.len() / 1024);
    let cells = raw_read(&bytes);
    let base = median(
        (0..3)
            .map(|_| {
                let s = Instant::now();
                raw_read(&bytes);
                s.elapsed()
            })
            .collect(),
    );
    let parse = median(
        (0..3)
            .map(|_| {
                let s = Instant::now();
                read_ledger(&bytes, 2023).unwrap();
                s.elapsed()
            })
            .collect(),
    );
    println!("\nreading ({cells} cells)");
    line("baseline: calamine, every cell", base, base);
    line("read_ledger (headers, merges, dates)", parse, base);
    run(Backend::Sqlite, &bytes).await;
    if !xuncha_testkit::skip_pg() {
        run(Backend::Postgres, &bytes).await;
    }
}
