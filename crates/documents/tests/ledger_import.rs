//! Reading ledgers as offices fill them, built here with rust_xlsxwriter: title rows, header
//! variants, merged and blank problem cells, every date form, notes rows; and the round trip
//! from our own export.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use time::macros::date;
use xuncha_documents::import::ledger::read_ledger;
use xuncha_domain::measure::{DeadlineKind, MeasureStatus};

/// A county's ledger: two title rows, header variants, categories as merged cells, one problem
/// merged over three measures, one continued by blank cells, dates in many forms, a blank row,
/// and notes at the bottom.
fn office_ledger() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("谷前堡镇").unwrap();
    let f = Format::new();
    ws.merge_range(0, 0, 0, 9, "谷前堡镇党委落实县委第四巡察组反馈意见整改台账", &f).unwrap();
    ws.merge_range(1, 0, 1, 9, "填报单位:谷前堡镇党委(盖章)            填报时间:2023年10月8日", &f).unwrap();
    let header = [
        "序号",
        "问题类别",
        "具体问题",
        "整改措施",
        "责任领导",
        "具体责任人",
        "责任科室",
        "完成时限",
        "整改目标",
        "完成情况",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    // Problem 1 (rows 4-6 in Excel): merged over three measures, category merged too.
    ws.merge_range(3, 0, 5, 0, "1", &f).unwrap();
    ws.merge_range(3, 1, 5, 1, "全面从严治党方面", &f).unwrap();
    ws.merge_range(3, 2, 5, 2, "村级财务管理不规范,部分村光伏收益未纳入村集体账户核算", &f).unwrap();
    let rows: [[&str; 6]; 3] = [
        ["对13个村光伏收益逐村清查", "李明", "梁志勇", "经管站", "2023年9月30日", "已完成"],
        ["修订村级财务管理办法", "李明", "梁志勇", "经管站", "立行立改", "已完成"],
        ["建立收益季度公开制度", "李明", "", "经管站", "２０２３.１２.３１", "基本完成、持续推进"],
    ];
    // Columns D-H, then 整改目标 (I) and 完成情况 (J).
    let put = |ws: &mut rust_xlsxwriter::Worksheet, row: u32, r: &[&str; 6], goal: &str| {
        for (j, v) in r[..5].iter().enumerate() {
            ws.write_string(row, 3 + j as u16, *v).unwrap();
        }
        ws.write_string(row, 8, goal).unwrap();
        ws.write_string(row, 9, r[5]).unwrap();
    };
    for (i, r) in rows.iter().enumerate() {
        put(ws, 3 + i as u32, r, "清查台账、入账凭证");
    }
    // A blank row, then problem 2 continued by blank problem cells (no merge).
    ws.write_string(7, 0, "2").unwrap();
    ws.write_string(7, 1, "基层党组织建设方面").unwrap();
    ws.write_string(7, 2, "主题党日流于形式").unwrap();
    let more: [[&str; 6]; 2] = [
        ["制定主题党日活动清单", "王强", "田丽娟", "组织办", "长期坚持", "未完成"],
        ["每月抽查2个村支部活动记录", "王强", "田丽娟", "组织办", "", "未完成"],
    ];
    for (i, r) in more.iter().enumerate() {
        put(ws, 7 + i as u32, r, "活动清单、抽查记录");
    }
    // The second measure's deadline is an Excel date, and an unreadable one follows.
    let d = ExcelDateTime::from_ymd(2023, 11, 15).unwrap();
    ws.write_datetime_with_format(8, 7, &d, &Format::new().set_num_format("yyyy-mm-dd")).unwrap();
    ws.write_string(9, 2, "").unwrap();
    ws.write_string(9, 3, "整改后复查").unwrap();
    ws.write_string(9, 5, "田丽娟").unwrap();
    ws.write_string(9, 7, "尽快").unwrap();
    ws.write_string(11, 0, "注:完成情况填写“已完成”“基本完成、持续推进”或“未完成”。").unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn an_office_ledger_is_read_with_every_problem_named() {
    let read = read_ledger(&office_ledger(), 2023).unwrap();
    assert_eq!(read.sheet, "谷前堡镇");
    assert_eq!(read.problems.len(), 2);
    let p1 = &read.problems[0];
    assert_eq!(p1.row, 4);
    assert_eq!(p1.category, "全面从严治党方面");
    assert_eq!(p1.measures.len(), 3);
    assert_eq!(p1.measures[0].fields.deadline, Some(date!(2023 - 09 - 30)));
    assert_eq!(p1.measures[0].fields.department, "经管站");
    assert_eq!(p1.measures[1].fields.deadline_kind, Some(DeadlineKind::Immediate));
    assert_eq!(p1.measures[2].fields.deadline, Some(date!(2023 - 12 - 31)), "full-width digits");
    assert_eq!(p1.measures[2].status, MeasureStatus::LargelyDone);
    let p2 = &read.problems[1];
    assert_eq!(p2.summary, "主题党日流于形式");
    assert_eq!(p2.measures.len(), 3, "blank problem cells continue the problem above");
    assert_eq!(p2.measures[0].fields.deadline_kind, Some(DeadlineKind::LongTerm));
    assert_eq!(p2.measures[1].fields.deadline, Some(date!(2023 - 11 - 15)), "an Excel date cell");
    let described: Vec<String> = read.issues.iter().map(|i| i.describe()).collect();
    assert_eq!(
        described,
        vec![
            "谷前堡镇 第6行 F列(具体责任人):责任人为空".to_string(),
            "谷前堡镇 第10行 H列(完成时限):无法识别的时限“尽快”".to_string(),
        ]
    );
    assert!(p1.measures[2].has_issue && !p1.measures[0].has_issue);
}

#[test]
fn a_measure_with_no_problem_above_it_is_named() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["反馈问题", "整改措施", "责任人", "整改时限"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 1, "孤立的措施").unwrap();
    ws.write_string(1, 2, "张三").unwrap();
    let read = read_ledger(&wb.save_to_buffer().unwrap(), 2023).unwrap();
    assert_eq!(read.issues[0].describe(), "Sheet1 第2行 B列(整改措施):有整改措施,但上方没有对应的反馈问题");
}

#[test]
fn a_file_without_a_ledger_header_is_refused_in_chinese() {
    let mut wb = Workbook::new();
    wb.add_worksheet().write_string(0, 0, "姓名").unwrap();
    assert!(read_ledger(&wb.save_to_buffer().unwrap(), 2023).unwrap_err().contains("没有找到整改台账的表头"));
    assert!(read_ledger(b"not a workbook", 2023).unwrap_err().contains("无法读取Excel文件"));
}
