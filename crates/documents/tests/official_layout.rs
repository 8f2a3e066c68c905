//! The four official documents (.docx) rendered from models built by code (no database) and
//! re-opened with docx-rs's reader: GB/T 9704 page setup, title and heading fonts, every
//! problem and measure, the report's counts, the public text of a disclosure and never its
//! internal notice. The same documents from the demo database, and who may fetch them, are
//! tested end to end in `crates/xuncha/tests/api/official_docx.rs`.

mod fixtures;

use serde_json::Value;
use xuncha_app::official::DocumentKind;
use xuncha_documents::official::{layout, render};
use xuncha_testkit::docx::{all_text, reopen};

/// The first run's east-Asian font and size of the first paragraph starting with `starts`.
fn font_of(doc: &Value, starts: &str) -> (String, u64) {
    for child in doc["document"]["children"].as_array().unwrap() {
        let runs: Vec<&Value> = child["data"]["children"]
            .as_array()
            .map(|c| c.iter().filter(|c| c["type"] == "run").collect())
            .unwrap_or_default();
        let text: String = runs
            .iter()
            .flat_map(|r| r["data"]["children"].as_array().unwrap())
            .filter(|c| c["type"] == "text")
            .map(|c| c["data"]["text"].as_str().unwrap())
            .collect();
        if text.starts_with(starts) || text.ends_with(starts) {
            let p = &runs[0]["data"]["runProperty"];
            return (p["fonts"]["eastAsia"].as_str().unwrap_or("").to_string(), p["sz"].as_u64().unwrap_or(0));
        }
    }
    panic!("no paragraph “{starts}”")
}

#[test]
fn every_document_is_a4_with_the_official_margins() {
    for kind in DocumentKind::ALL {
        let (bytes, name) = render(&fixtures::official(*kind)).unwrap();
        assert!(name.starts_with("谷前堡镇党委") && name.ends_with(".docx"), "{name}");
        let section = &reopen(&bytes)["document"]["sectionProperty"];
        assert_eq!(section["pageSize"]["w"], layout::mm(210));
        assert_eq!(section["pageSize"]["h"], layout::mm(297));
        let m = &section["pageMargin"];
        assert_eq!(
            [&m["top"], &m["bottom"], &m["left"], &m["right"]],
            [layout::mm(37), layout::mm(35), layout::mm(28), layout::mm(26)].map(Value::from).each_ref(),
            "{kind:?}"
        );
    }
}

#[test]
fn the_feedback_letter_has_its_title_headings_and_every_problem() {
    let d = fixtures::official(DocumentKind::Feedback);
    let doc = reopen(&render(&d).unwrap().0);
    assert_eq!(font_of(&doc, "关于巡察谷前堡镇党委的反馈意见"), (layout::TITLE_FONT.to_string(), 44));
    assert_eq!(font_of(&doc, "一、巡察发现的主要问题"), (layout::HEADING1_FONT.to_string(), 32));
    let text = all_text(&doc);
    for p in &d.plan.problems {
        assert!(text.contains(p.problem.summary.trim_end_matches('。')), "{}", p.problem.summary);
    }
    assert!(text.contains("二、整改要求"));
}

#[test]
fn the_plan_lists_every_measure_with_its_people_and_deadline() {
    let d = fixtures::official(DocumentKind::Plan);
    let doc = reopen(&render(&d).unwrap().0);
    let text = all_text(&doc);
    for heading in ["一、问题清单", "二、任务清单", "三、责任清单", "责任领导", "完成标志", "整改时限"]
    {
        assert!(text.contains(heading), "{heading}");
    }
    let tables = doc["document"]["children"].as_array().unwrap().iter().filter(|c| c["type"] == "table").count();
    assert_eq!(tables, 3);
    for m in d.plan.problems.iter().flat_map(|p| &p.measures) {
        assert!(text.contains(&m.content), "{}", m.content);
        assert!(text.contains(&m.responsible_person), "{}", m.responsible_person);
    }
    assert!(text.contains("立行立改") && text.contains("长期坚持"), "{text}");
    assert!(text.contains("2023年11月5日"), "a dated deadline in Chinese: {text}");
}

#[test]
fn the_report_counts_the_measures_and_names_what_is_still_open() {
    let d = fixtures::official(DocumentKind::Report);
    let text = all_text(&reopen(&render(&d).unwrap().0));
    assert!(text.contains("制定整改措施3条"), "{text}");
    assert!(text.contains("截至2023年11月10日"), "{text}");
    assert!(text.contains("尚有3条整改措施未验收销号"), "{text}");
    assert!(text.contains("三、尚未完成的整改事项和下一步打算"));
}

#[test]
fn the_disclosure_prints_the_public_text_and_never_the_internal_notice() {
    let d = fixtures::official(DocumentKind::Disclosure);
    let text = all_text(&reopen(&render(&d).unwrap().0));
    assert!(text.contains("镇党委对反馈的问题逐项制定整改措施"), "{text}");
    assert!(!text.contains("内部掌握") && !text.contains("约谈"), "{text}");
    assert!(text.contains("已完成整改1个"), "{text}");
}

#[test]
fn hostile_text_renders_into_a_document_that_reopens() {
    for text in &xuncha_testkit::hostile::texts() {
        let mut d = fixtures::official(DocumentKind::Plan);
        d.plan.problems[0].problem.summary = format!("问题{text}");
        d.plan.problems[0].measures[0].content = format!("措施{text}");
        let bytes = render(&d).unwrap().0;
        reopen(&bytes);
        if text.chars().count() < 1000 && !text.contains('\n') && !text.contains('\t') {
            // Escaped exactly once: markup in the text stays text. (docx-rs's reader unescapes
            // twice, so the check reads the part itself.)
            let xml = document_xml(&bytes);
            assert!(xml.contains(&escaped(&format!("措施{text}"))), "{text:?}");
        }
    }
}

fn document_xml(docx: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    xml
}

fn escaped(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}
