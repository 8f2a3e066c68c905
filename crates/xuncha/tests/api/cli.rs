//! The command line. `xuncha audit verify` on the demo data: it passes, and after a row is altered behind its back
//! it fails and names the event. SQLite through `xuncha demo`; PostgreSQL through the same loader.

use std::process::Command;

use time::macros::date;
use xuncha_app::{App, Clock};
use xuncha_store::Backend;
use xuncha_testkit::TestDb;

const BIN: &str = env!("CARGO_BIN_EXE_xuncha");

fn verify(database: &str) -> (i32, String) {
    let out = Command::new(BIN).args(["audit", "verify", "--database", database]).output().expect("run xuncha");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn the_demo_command_loads_data_and_its_trail_verifies_until_altered() {
    let dir = std::env::temp_dir().join(format!("xuncha_demo_test_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = Command::new(BIN).args(["demo", "--no-serve", "--data-dir"]).arg(&dir).output().expect("run xuncha demo");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    for account in ["admin", "office", "leader", "jiwei", "zuzhibu", "team1.leader", "gqb.secretary", "gqb.liaison"] {
        assert!(stdout.contains(account), "demo prints the {account} account:\n{stdout}");
    }
    let db = dir.join("xuncha.db").to_string_lossy().into_owned();
    let (code, text) = verify(&db);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("审计链完整"), "{text}");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{db}")).await.unwrap();
        sqlx::query("UPDATE audit_event SET summary = '被篡改的摘要' WHERE seq = 42").execute(&pool).await.unwrap();
        pool.close().await;
    });
    let (code, text) = verify(&db);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("第42号"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_on_postgres_verifies_until_altered() {
    if xuncha_testkit::skip_pg() {
        return;
    }
    let db = TestDb::new(Backend::Postgres).await;
    let app = App::new(db.store.clone(), Clock::Fixed(date!(2023 - 11 - 10))).await.unwrap();
    xuncha_demo::load(&app).await.expect("demo loads on PostgreSQL");
    let url = db.url.clone();
    let (code, text) = tokio::task::spawn_blocking({
        let url = url.clone();
        move || verify(&url)
    })
    .await
    .unwrap();
    assert_eq!(code, 0, "{text}");
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    sqlx::query("UPDATE audit_event SET after = '{}' WHERE seq = 7").execute(&pool).await.unwrap();
    pool.close().await;
    let (code, text) = tokio::task::spawn_blocking(move || verify(&url)).await.unwrap();
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("第7号"), "{text}");
}

fn xuncha(args: &[&str], password: Option<&str>) -> (bool, String) {
    let mut cmd = Command::new(BIN);
    cmd.args(args).env_remove("XUNCHA_PASSWORD");
    if let Some(p) = password {
        cmd.env("XUNCHA_PASSWORD", p);
    }
    let out = cmd.output().expect("run xuncha");
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn accounts_are_managed_from_the_command_line_with_clear_errors() {
    let dir = std::env::temp_dir().join(format!("xuncha_cli_test_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("x.db").to_string_lossy().into_owned();
    let (ok, text) = xuncha(&["migrate", "--database", &db], None);
    assert!(ok && text.contains("迁移完成"), "{text}");
    let add = ["user", "add", "--database", &db, "--username", "wangzh", "--name", "王振华", "--role", "office"];
    let (ok, text) = xuncha(&add, Some("banzhuren-2023"));
    assert!(ok && text.contains("已创建账号 wangzh"), "{text}");
    let (ok, text) = xuncha(&add, Some("banzhuren-2023"));
    assert!(!ok && text.contains("用户名已被使用"), "{text}");
    let (ok, text) = xuncha(
        &[
            "user",
            "add",
            "--database",
            &db,
            "--username",
            "x",
            "--name",
            "某",
            "--role",
            "target_secretary",
            "--org",
            "不存在的乡",
        ],
        Some("banzhuren-2023"),
    );
    assert!(!ok && text.contains("组织“不存在的乡”不存在"), "{text}");
    let (ok, text) = xuncha(&["user", "passwd", "--database", &db, "--username", "wangzh"], Some("short"));
    assert!(!ok && text.contains("密码至少需要8个字符"), "{text}");
    let (ok, text) = xuncha(&["user", "passwd", "--database", &db, "--username", "nobody"], Some("banzhuren-2024"));
    assert!(!ok && text.contains("账号“nobody”不存在"), "{text}");
    let (ok, text) = xuncha(&["user", "passwd", "--database", &db, "--username", "wangzh"], Some("banzhuren-2024"));
    assert!(ok, "{text}");
    let (ok, text) = xuncha(&["audit", "verify", "--database", &db], None);
    assert!(ok && text.contains("共校验 2 条事件"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_ledger_is_previewed_then_imported_all_or_nothing() {
    let dir = std::env::temp_dir().join(format!("xuncha_import_test_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (ok, text) = xuncha(&["demo", "--no-serve", "--data-dir", &dir.to_string_lossy()], None);
    assert!(ok, "{text}");
    let db = dir.join("xuncha.db").to_string_lossy().into_owned();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let count = |sql: &'static str| {
        rt.block_on(async {
            let pool = sqlx::SqlitePool::connect(&format!("sqlite://{db}")).await.unwrap();
            let n: i64 = sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap();
            pool.close().await;
            n
        })
    };
    let inspection = count(
        "SELECT i.id FROM inspection i JOIN organisation o ON o.id = i.target_org_id WHERE o.name = '谷前堡镇党委'",
    );
    let problems_before = count("SELECT COUNT(*) FROM problem");
    // A ledger with a title row, one good measure and one without a responsible person.
    let file = dir.join("台账.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "谷前堡镇党委整改台账(补录)").unwrap();
    for (c, h) in ["反馈问题", "整改措施", "责任人", "整改时限", "是否完成"].iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    for (r, row) in [
        ["党员教育管理薄弱", "每季度开展一次党员集中培训", "田丽娟", "2023年12月底", "未完成"],
        ["档案管理不规范", "整理2020年以来会议记录并归档", "", "11月30日", "已完成"],
    ]
    .iter()
    .enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(2 + r as u32, c as u16, *v).unwrap();
        }
    }
    wb.save(&file).unwrap();
    let args = |extra: &[&str]| {
        let mut v = vec![
            "import".to_string(),
            "ledger".into(),
            "--database".into(),
            db.clone(),
            "--file".into(),
            file.to_string_lossy().into_owned(),
            "--inspection".into(),
            inspection.to_string(),
            "--as".into(),
            "office".into(),
        ];
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let run = |extra: &[&str]| {
        let a = args(extra);
        xuncha(&a.iter().map(String::as_str).collect::<Vec<_>>(), None)
    };
    let (ok, text) = run(&[]);
    assert!(!ok && text.contains("第4行 C列(责任人):责任人为空") && text.contains("数据库未改动"), "{text}");
    let (ok, text) = run(&["--apply"]);
    assert!(!ok && text.contains("未导入任何数据"), "{text}");
    assert_eq!(count("SELECT COUNT(*) FROM problem"), problems_before, "nothing written");
    let (ok, text) = run(&["--apply", "--accept-valid"]);
    assert!(ok && text.contains("已导入2个问题、1条措施"), "{text}");
    assert_eq!(count("SELECT COUNT(*) FROM problem"), problems_before + 2);
    let (ok, text) = xuncha(&["audit", "verify", "--database", &db], None);
    assert!(ok, "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_roster_is_previewed_then_imported_from_the_command_line() {
    let dir = std::env::temp_dir().join(format!("xuncha_roster_test_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (ok, text) = xuncha(&["demo", "--no-serve", "--data-dir", &dir.to_string_lossy()], None);
    assert!(ok, "{text}");
    let db = dir.join("xuncha.db").to_string_lossy().into_owned();
    let file = dir.join("名册.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("人员名册").unwrap();
    for (c, h) in ["姓名", "所在单位", "职务", "联系电话"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in
        [["梁志勇", "谷前堡镇党委", "经管站站长", "13903521234"], ["孙二", "谷前堡镇党委", "会计", "电话待补"]]
            .iter()
            .enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(1 + r as u32, c as u16, *v).unwrap();
        }
    }
    wb.save(&file).unwrap();
    let run = |extra: &[&str]| {
        let mut a = vec!["import", "roster", "--database", &db, "--as", "admin"];
        let f = file.to_string_lossy().into_owned();
        a.extend(["--file", f.as_str()]);
        a.extend(extra);
        xuncha(&a, None)
    };
    let (ok, text) = run(&[]);
    assert!(!ok && text.contains("人员名册 第3行 D列(联系电话)") && text.contains("数据库未改动"), "{text}");
    let (ok, text) = run(&["--apply"]);
    assert!(!ok && text.contains("未导入任何数据"), "{text}");
    let (ok, text) = run(&["--apply", "--accept-valid"]);
    assert!(ok && text.contains("新增人员1名"), "{text}");
    let (ok, text) =
        xuncha(&["import", "roster", "--database", &db, "--as", "office", "--file", &file.to_string_lossy()], None);
    assert!(!ok && text.contains("无权"), "only the administrator imports rosters: {text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_inspector_pool_is_previewed_then_imported_from_the_command_line() {
    let dir = std::env::temp_dir().join(format!("xuncha_pool_test_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (ok, text) = xuncha(&["demo", "--no-serve", "--data-dir", &dir.to_string_lossy()], None);
    assert!(ok, "{text}");
    let db = dir.join("xuncha.db").to_string_lossy().into_owned();
    let file = dir.join("人才库.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["姓名", "工作单位", "职务", "专长", "亲属任职"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let rows = [["牛文静", "县审计局", "审计员", "审计", "县统计局/兄弟"], ["石磊", "县不存在局", "干部", "法律", ""]];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(1 + r as u32, c as u16, *v).unwrap();
        }
    }
    wb.save(&file).unwrap();
    let f = file.to_string_lossy().into_owned();
    let run = |who: &str, extra: &[&str]| {
        let mut a = vec!["import", "pool", "--database", &db, "--as", who, "--file", f.as_str()];
        a.extend(extra);
        xuncha(&a, None)
    };
    let (ok, text) = run("office", &[]);
    assert!(
        !ok && text.contains("第3行") && text.contains("工作单位“县不存在局”不存在") && text.contains("数据库未改动"),
        "{text}"
    );
    let (ok, text) = run("office", &["--apply"]);
    assert!(!ok && text.contains("未导入任何数据"), "{text}");
    let (ok, text) = run("office", &["--apply", "--accept-valid"]);
    assert!(ok && text.contains("新增1人"), "{text}");
    let (ok, text) = run("admin", &["--apply"]);
    assert!(!ok && text.contains("无权"), "the pool is the office's: {text}");
    let (ok, text) = verify(&db);
    assert_eq!(ok, 0, "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_evaluation_prints_precision_and_recall_on_each_part() {
    let (ok, text) = xuncha(&["eval"], None);
    // The command succeeds exactly when every detector meets the goal (P ≥ 0.9, R ≥ 0.8) on
    // the parts not written beside it.
    let mut met = true;
    for line in text.lines().filter(|l| ["研读集", "变换集", "留出集"].iter().any(|p| l.starts_with(p))) {
        let f: Vec<f64> = line.split_whitespace().rev().take(3).filter_map(|x| x.parse().ok()).collect();
        assert_eq!(f.len(), 3, "recall, precision and size end the line: {line}");
        met &= f[2] >= 0.9 && f[1] >= 0.8;
    }
    assert_eq!(ok, met, "{text}");
    for part in ["调参集", "研读集", "变换集", "留出集"] {
        for detector in ["vague 空泛措施", "copied 照抄措施", "rebound 问题反弹"] {
            assert!(text.lines().any(|l| l.contains(part) && l.contains(detector)), "{part} {detector}: {text}");
        }
    }
    assert!(!text.contains("误报") && !text.contains("漏报"), "no example is listed unless asked for: {text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_server_loses_no_acknowledged_write_and_its_trail_verifies() {
    // Two short kills of the trial `xuncha-bench durability` runs at length (BENCHMARKS.md),
    // on this build's `xuncha`.
    let dir = std::env::temp_dir().join(format!("xuncha_durability_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let o = xuncha_bench::durability::TrialOptions {
        exe: BIN.into(),
        database: dir.join("trial.db"),
        writers: 3,
        rounds: 2,
        max_ms: 900,
        seed: 1,
        synchronous: "normal".into(),
    };
    let results = xuncha_bench::durability::trial(&o).await;
    let _ = std::fs::remove_dir_all(&dir);
    let results = results.expect("the trial runs");
    assert_eq!(results.len(), 2);
    for r in &results {
        assert_eq!(r.acknowledged, r.present, "acknowledged writes lost");
        assert!(r.broken.is_none(), "the trail verifies after the kill");
    }
    let report = xuncha_bench::durability::markdown(&o, &results);
    assert!(report.contains(" 0 lost."), "{report}");
}
