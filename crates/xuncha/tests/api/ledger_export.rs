//! The exported ledger re-opened with calamine: sheets, title, header, merged problem cells,
//! the rows a reader may see and nothing else, and the statistics sheet.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use time::macros::date;
use xuncha_app::ledger::LedgerFilter;
use xuncha_app::{App, Clock};
use xuncha_documents::{LEDGER_COLUMNS, ledger_xlsx};
use xuncha_domain::measure::MeasureFields;
use xuncha_testkit::TestDb;

async fn demo() -> (TestDb, App) {
    let db = TestDb::sqlite().await;
    let app = App::new(db.store.clone(), Clock::Fixed(date!(2023 - 11 - 10))).await.unwrap();
    xuncha_demo::load(&app).await.unwrap();
    (db, app)
}

fn text(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

async fn export(app: &App, username: &str, round_name: &str) -> Vec<u8> {
    let actor = app.actor(app.find_user(username).await.unwrap().id).await.unwrap();
    let rounds = app.list_rounds(&app.actor(app.find_user("office").await.unwrap().id).await.unwrap()).await.unwrap();
    let round = rounds.iter().find(|r| r.name == round_name).unwrap().id;
    let ledger = app.ledger(&actor, &LedgerFilter { round: Some(round), ..LedgerFilter::default() }).await.unwrap();
    let details = app.ledger_details(&ledger).await.unwrap();
    ledger_xlsx(&ledger, &details, &format!("{round_name}整改台账")).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_ledger_reopens_with_its_columns_merges_and_statistics() {
    let (_db, app) = demo().await;
    let bytes = export(&app, "office", "2023年第一轮巡察").await;
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(wb.sheet_names(), vec!["整改台账".to_string(), "统计".to_string()]);
    let merged = wb.merge_cells_by_sheet_name("整改台账").unwrap();
    let ledger = wb.worksheet_range("整改台账").unwrap();
    assert_eq!(text(&ledger, 0, 0), "2023年第一轮巡察整改台账");
    let header: Vec<String> = (0..15).map(|c| text(&ledger, 1, c)).collect();
    assert_eq!(header, LEDGER_COLUMNS.iter().map(|(n, _)| n.to_string()).collect::<Vec<_>>());
    let all: Vec<String> =
        ledger.rows().map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>().join("|")).collect();
    let joined = all.join("\n");
    assert!(joined.contains("谷前堡镇党委") && joined.contains("县工商联"), "organisation headings");
    assert!(joined.contains("对13个村2021年以来光伏收益逐村清查"));
    assert!(joined.contains("廉政风险点清单.pdf"), "evidence names");
    assert!(joined.contains("已延期,原定2023-11-20"), "extensions noted");
    assert!(!joined.contains("光伏收益去向不明,账目未公开"), "no tip text ever reaches an export");
    // The 谷前堡镇 problem with two measures has its number, aspect and text merged over both rows.
    let (row, _) = all.iter().enumerate().find(|(_, r)| r.contains("对13个村2021年以来光伏收益")).unwrap();
    assert!(
        merged.iter().any(|d| d.start.1 == 2 && d.end.1 == 2 && d.start.0 <= row as u32 && d.end.0 > d.start.0),
        "problem cell merged over its measures: {merged:?}"
    );
    let stats = wb.worksheet_range("统计").unwrap();
    let last = stats.height() as u32 - 1;
    assert_eq!(text(&stats, last, 0), "合计");
    assert_eq!(text(&stats, last, 2), "18", "measures of the round's fed-back problems");
    // Two closed: a third was reopened when a re-check found its 销号 untrue, and is red.
    assert_eq!(text(&stats, last, 3), "2", "closed");
    assert_eq!(text(&stats, last, 5), "2", "red: under an approved plan only");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_target_exports_only_its_own_organisation() {
    let (_db, app) = demo().await;
    let bytes = export(&app, "gqb.secretary", "2023年第一轮巡察").await;
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let ledger = wb.worksheet_range("整改台账").unwrap();
    let joined: String = ledger
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>().join("|"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(joined.contains("光伏收益"));
    for other in ["县审计局", "张西河乡", "县工商联", "卅里铺乡"] {
        assert!(!joined.contains(other), "{other} must not appear in 谷前堡镇's export");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exporting_then_importing_gives_back_the_same_problems_and_measures() {
    let (_db, app) = demo().await;
    let office = app.actor(app.find_user("office").await.unwrap().id).await.unwrap();
    let round = app.list_rounds(&office).await.unwrap().into_iter().find(|r| r.name == "2023年第一轮巡察").unwrap();
    let gqb = app.list_orgs(&office).await.unwrap().into_iter().find(|o| o.name == "谷前堡镇党委").unwrap();
    for org in [Some(gqb.id), None] {
        let ledger =
            app.ledger(&office, &LedgerFilter { round: Some(round.id), org, ..LedgerFilter::default() }).await.unwrap();
        let details = app.ledger_details(&ledger).await.unwrap();
        let bytes = ledger_xlsx(&ledger, &details, "整改台账").unwrap();
        let back = xuncha_documents::import::ledger::read_ledger(&bytes, 2023).unwrap();
        // What a ledger carries of each measure, as exported and as read back.
        let key =
            |f: MeasureFields| (f.content, f.responsible_person, f.deadline_kind, f.deadline, f.completion_standard);
        let exported: Vec<_> = ledger
            .problems
            .iter()
            .map(|p| (p.problem.summary.clone(), p.rows.iter().map(|r| key(r.measure.fields())).collect::<Vec<_>>()))
            .collect();
        let read: Vec<_> = back
            .problems
            .iter()
            .map(|p| (p.summary.clone(), p.measures.iter().map(|m| key(m.fields.clone())).collect::<Vec<_>>()))
            .collect();
        assert_eq!(read, exported, "org {org:?}");
        let blank_people =
            ledger.problems.iter().flat_map(|p| &p.rows).filter(|r| r.measure.responsible_person.is_empty()).count();
        assert_eq!(back.issues.len(), blank_people, "{:?}", back.issues);
    }
}
