//! The ledger as .xlsx from a model built by code (no database): columns, organisation
//! headings, problem cells merged over their measures, remarks, evidence names, the statistics
//! sheet, and the file read back by our own importer. The same export from a real database and
//! its access rules are tested end to end in `crates/xuncha/tests/api/ledger_export.rs`.

mod fixtures;

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use xuncha_documents::import::ledger::read_ledger;
use xuncha_documents::{LEDGER_COLUMNS, ledger_xlsx};

fn text(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn rows(range: &calamine::Range<Data>) -> Vec<String> {
    range.rows().map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>().join("|")).collect()
}

#[test]
fn the_ledger_has_its_columns_headings_merges_remarks_and_statistics() {
    let bytes = ledger_xlsx(&fixtures::ledger(), &fixtures::details(), "2023年第一轮巡察整改台账").unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(wb.sheet_names(), vec!["整改台账".to_string(), "统计".to_string()]);
    let merged = wb.merge_cells_by_sheet_name("整改台账").unwrap();
    let sheet = wb.worksheet_range("整改台账").unwrap();
    assert_eq!(text(&sheet, 0, 0), "2023年第一轮巡察整改台账");
    let header: Vec<String> = (0..LEDGER_COLUMNS.len() as u32).map(|c| text(&sheet, 1, c)).collect();
    assert_eq!(header, LEDGER_COLUMNS.iter().map(|(n, _)| n.to_string()).collect::<Vec<_>>());
    let all = rows(&sheet);
    let joined = all.join("\n");
    // Two organisations: each gets a heading row.
    assert!(all.iter().any(|r| r.starts_with("谷前堡镇党委")), "{joined}");
    assert!(all.iter().any(|r| r.starts_with("县工商联党组")), "{joined}");
    assert!(joined.contains("已延期,原定2023-10-20"), "an extension is noted: {joined}");
    assert!(joined.contains("立行立改"), "an immediate fix has no date: {joined}");
    assert!(joined.contains("长期坚持(2023-12-31)"), "{joined}");
    assert!(joined.contains("廉政风险点清单.pdf"), "evidence names");
    assert!(joined.contains("已完成9个村的清查"), "latest progress");
    // Problem 1 has two measures: its summary cell spans both rows.
    let (row, _) = all.iter().enumerate().find(|(_, r)| r.contains("召开专题会议")).unwrap();
    assert!(
        merged.iter().any(|d| d.start.1 == 2 && d.end.1 == 2 && d.start.0 == row as u32 && d.end.0 == row as u32 + 1),
        "problem cell merged over its two measures: {merged:?}"
    );
    let stats = wb.worksheet_range("统计").unwrap();
    let last = stats.height() as u32 - 1;
    assert_eq!(text(&stats, last, 0), "合计");
    assert_eq!(text(&stats, last, 2), "4", "measures");
    assert_eq!(text(&stats, last, 3), "1", "closed");
    assert_eq!(text(&stats, last, 5), "1", "red");
}

#[test]
fn what_is_exported_reads_back_as_the_same_problems_and_measures() {
    let ledger = fixtures::ledger();
    let bytes = ledger_xlsx(&ledger, &fixtures::details(), "整改台账").unwrap();
    let back = read_ledger(&bytes, 2023).unwrap();
    assert_eq!(back.problems.len(), ledger.problems.len());
    for (read, orig) in back.problems.iter().zip(&ledger.problems) {
        assert_eq!(read.summary, orig.problem.summary);
        assert_eq!(read.measures.len(), orig.rows.len(), "{}", orig.problem.summary);
        for (m, r) in read.measures.iter().zip(&orig.rows) {
            let f = r.measure.fields();
            assert_eq!(m.fields.content, f.content);
            assert_eq!(m.fields.responsible_person, f.responsible_person);
            assert_eq!(m.fields.deadline_kind, f.deadline_kind, "{}", f.content);
            assert_eq!(m.fields.deadline, f.deadline, "{}", f.content);
            assert_eq!(m.fields.completion_standard, f.completion_standard);
        }
    }
    assert!(back.issues.is_empty(), "{:?}", back.issues);
}

#[test]
fn hostile_text_in_any_cell_still_gives_a_workbook_that_reads_back() {
    for text in &xuncha_testkit::hostile::texts() {
        let mut ledger = fixtures::ledger();
        ledger.problems[0].problem.summary = format!("问题{text}");
        ledger.problems[0].rows[0].measure.content = format!("措施{text}");
        ledger.problems[0].rows[0].measure.responsible_person = text.to_string();
        let bytes = ledger_xlsx(&ledger, &fixtures::details(), text).unwrap();
        let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        let joined = rows(&wb.worksheet_range("整改台账").unwrap()).join("\n");
        if text.chars().count() < 1000 {
            // Written as text, never as a formula (a formula would read back as its empty result).
            assert!(joined.contains(&format!("措施{text}")), "{text:?}");
        } else {
            assert!(joined.contains(&text[..3000]), "a long cell keeps its start");
        }
    }
}
