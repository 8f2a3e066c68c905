//! The official documents (.docx) of a demo inspection, re-opened with docx-rs's reader: their
//! text, the fonts of title, headings and body, and the GB/T 9704 page setup.

use serde_json::Value;
use time::macros::date;
use xuncha_app::official::{DocumentKind, OfficialDocument};
use xuncha_app::{App, AppError, Clock};
use xuncha_documents::official::{layout, render};
use xuncha_testkit::TestDb;
use xuncha_testkit::docx::{all_text, reopen};

async fn demo() -> (TestDb, App) {
    let db = TestDb::sqlite().await;
    let app = App::new(db.store.clone(), Clock::Fixed(date!(2023 - 11 - 10))).await.unwrap();
    xuncha_demo::load(&app).await.unwrap();
    (db, app)
}

async fn document(app: &App, username: &str, target: &str, kind: DocumentKind) -> Result<OfficialDocument, AppError> {
    let actor = app.actor(app.find_user(username).await.unwrap().id).await.unwrap();
    let office = app.actor(app.find_user("office").await.unwrap().id).await.unwrap();
    let insp = app
        .list_inspections(&office, None)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.target_name == target)
        .unwrap_or_else(|| panic!("no inspection of {target}"));
    app.official_document(&actor, insp.id, kind).await
}

/// Each paragraph of the body: its text and the east-Asian font and size of its first run.
fn paragraphs(doc: &Value) -> Vec<(String, String, u64)> {
    let mut out = Vec::new();
    for child in doc["document"]["children"].as_array().unwrap() {
        if child["type"] != "paragraph" {
            continue;
        }
        let runs: Vec<&Value> =
            child["data"]["children"].as_array().unwrap().iter().filter(|c| c["type"] == "run").collect();
        let text: String = runs
            .iter()
            .flat_map(|r| r["data"]["children"].as_array().unwrap())
            .filter(|c| c["type"] == "text")
            .map(|c| c["data"]["text"].as_str().unwrap())
            .collect();
        let first = runs.first().map(|r| &r["data"]["runProperty"]);
        let font = first.and_then(|p| p["fonts"]["eastAsia"].as_str()).unwrap_or("").to_string();
        let size = first.and_then(|p| p["sz"].as_u64()).unwrap_or(0);
        out.push((text, font, size));
    }
    out
}

fn find<'a>(paras: &'a [(String, String, u64)], starts: &str) -> &'a (String, String, u64) {
    paras.iter().find(|(t, _, _)| t.starts_with(starts)).unwrap_or_else(|| panic!("no paragraph “{starts}…”"))
}

/// A4, margins 37/35/28/26 mm, page numbers in the footer.
fn assert_page_setup(doc: &Value) {
    let section = &doc["document"]["sectionProperty"];
    assert_eq!(section["pageSize"]["w"], layout::mm(210));
    assert_eq!(section["pageSize"]["h"], layout::mm(297));
    let margin = &section["pageMargin"];
    assert_eq!(
        [&margin["top"], &margin["bottom"], &margin["left"], &margin["right"]],
        [layout::mm(37), layout::mm(35), layout::mm(28), layout::mm(26)].map(Value::from).each_ref()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_feedback_letter_is_laid_out_as_an_official_document() {
    let (_db, app) = demo().await;
    let d = document(&app, "team4.leader", "谷前堡镇党委", DocumentKind::Feedback).await.unwrap();
    let (bytes, name) = render(&d).unwrap();
    assert_eq!(name, "谷前堡镇党委巡察反馈意见.docx");
    let doc = reopen(&bytes);
    assert_page_setup(&doc);
    let paras = paragraphs(&doc);
    let title = &paras[0];
    assert!(title.0.ends_with("关于巡察谷前堡镇党委的反馈意见"), "{}", title.0);
    assert_eq!((title.1.as_str(), title.2), (layout::TITLE_FONT, 44), "方正小标宋简体 二号");
    assert_eq!(find(&paras, "谷前堡镇党委:").1, layout::BODY_FONT);
    let h1 = find(&paras, "一、巡察发现的主要问题");
    assert_eq!((h1.1.as_str(), h1.2), (layout::HEADING1_FONT, 32), "黑体 三号");
    let h2 = find(&paras, "(一)");
    assert_eq!(h2.1, layout::HEADING2_FONT, "楷体");
    let body = find(&paras, "1.");
    assert_eq!((body.1.as_str(), body.2), (layout::BODY_FONT, 32), "仿宋 三号");
    for p in &d.plan.problems {
        assert!(all_text(&doc).contains(p.problem.summary.trim_end_matches('。')), "{}", p.problem.summary);
    }
    assert!(all_text(&doc).contains("二、整改要求"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_plan_holds_its_three_lists_with_every_measure() {
    let (_db, app) = demo().await;
    let d = document(&app, "gqb.secretary", "谷前堡镇党委", DocumentKind::Plan).await.unwrap();
    let doc = reopen(&render(&d).unwrap().0);
    assert_page_setup(&doc);
    let text = all_text(&doc);
    for heading in ["一、问题清单", "二、任务清单", "三、责任清单", "完成标志", "整改时限"] {
        assert!(text.contains(heading), "{heading}");
    }
    let tables = doc["document"]["children"].as_array().unwrap().iter().filter(|c| c["type"] == "table").count();
    assert_eq!(tables, 3);
    let measures: Vec<_> = d.plan.problems.iter().flat_map(|p| &p.measures).collect();
    assert!(!measures.is_empty());
    // A column no measure fills is not printed.
    let leaders = measures.iter().any(|m| !m.responsible_leader.trim().is_empty());
    assert_eq!(text.contains("责任领导"), leaders, "责任领导 printed only when a measure names one");
    // An approved plan is dated by its approval, not the day it is downloaded.
    let dated = d.plan_dated.expect("the approved plan is dated");
    assert!(text.contains(&layout::chinese_date(dated)) && !text.contains("草稿打印"), "{text}");
    for m in measures {
        assert!(text.contains(&m.content), "{}", m.content);
        assert!(text.contains(&m.responsible_person), "{}", m.responsible_person);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_counts_measures_and_lists_what_is_still_open() {
    let (_db, app) = demo().await;
    let d = document(&app, "office", "谷前堡镇党委", DocumentKind::Report).await.unwrap();
    let doc = reopen(&render(&d).unwrap().0);
    let paras = paragraphs(&doc);
    let total: usize = d.plan.problems.iter().map(|p| p.measures.len()).sum();
    let overall = find(&paras, &d.inspection.feedback_date.map(layout::chinese_date).unwrap());
    assert!(overall.0.contains(&format!("制定整改措施{total}条")), "{}", overall.0);
    assert!(overall.0.contains("截至2023年11月10日"), "{}", overall.0);
    let text = all_text(&doc);
    assert!(text.contains("三、尚未完成的整改事项和下一步打算"));
    let open = d.plan.problems.iter().flat_map(|p| &p.measures).filter(|m| m.status.code() != "closed").count();
    if open > 0 {
        assert!(text.contains(&format!("尚有{open}条整改措施未验收销号")), "{text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_disclosure_text_is_the_public_one_and_only_for_those_who_disclose() {
    let (_db, app) = demo().await;
    let d = document(&app, "office", "谷前堡镇党委", DocumentKind::Disclosure).await.unwrap();
    let disc = d.disclosure.clone().expect("the demo published one");
    let doc = reopen(&render(&d).unwrap().0);
    let text = all_text(&doc);
    let first_line = disc.public_text.lines().next().unwrap().trim().to_string();
    assert!(text.contains(&first_line), "{text}");
    if !disc.internal_text.trim().is_empty() {
        assert!(!text.contains(disc.internal_text.lines().next().unwrap().trim()), "never the internal notice");
    }
    assert!(text.contains(&format!("已完成整改{}个", disc.done)));
    // A target reads its plan documents, not the office's disclosure file.
    let refused = document(&app, "gqb.secretary", "谷前堡镇党委", DocumentKind::Disclosure).await;
    assert!(matches!(refused, Err(AppError::NotFound)), "{refused:?}");
    // Another organisation's secretary sees none of it.
    let other = document(&app, "zxh.secretary", "谷前堡镇党委", DocumentKind::Plan).await;
    assert!(matches!(other, Err(AppError::NotFound)), "{other:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "writes the four documents to target/documents for a person to open"]
async fn write_samples() {
    let (_db, app) = demo().await;
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/documents");
    std::fs::create_dir_all(&dir).unwrap();
    for kind in DocumentKind::ALL {
        let d = document(&app, "office", "谷前堡镇党委", *kind).await.unwrap();
        let (bytes, name) = render(&d).unwrap();
        std::fs::write(dir.join(name), bytes).unwrap();
    }
}
