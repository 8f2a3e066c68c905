//! A round's problems by typical problem of the 问题库, as a workbook: the counts, then every
//! fed-back problem with the typical problem it falls under and how (classified or chosen).

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};
use xuncha_app::library::TypicalReport;

use crate::ledger_xlsx::{cell_format, header_format, title_format};

/// A sheet's header row and its columns' widths.
fn head(sheet: &mut Worksheet, row: u32, columns: &[(&str, f64)], header: &Format) -> Result<(), XlsxError> {
    for (c, (name, width)) in columns.iter().enumerate() {
        sheet.write_with_format(row, c as u16, *name, header)?;
        sheet.set_column_width(c as u16, *width)?;
    }
    Ok(())
}

/// The workbook, and its file name ("2023年第一轮巡察问题按典型问题统计.xlsx").
pub fn typical_xlsx(r: &TypicalReport) -> Result<(Vec<u8>, String), XlsxError> {
    let title = format!("{}问题按典型问题统计", r.round_name);
    let (base, header, title_format) = (cell_format(), header_format(), title_format());
    let number = base.clone().set_align(FormatAlign::Center);
    let mut book = Workbook::new();

    let sheet = book.add_worksheet();
    sheet.set_name("统计")?;
    let columns = [("序号", 6.0), ("大类", 30.0), ("典型问题", 36.0), ("编号", 10.0), ("问题数", 10.0)];
    sheet.merge_range(0, 0, 0, (columns.len() - 1) as u16, &title, &title_format)?;
    sheet.set_row_height(0, 30)?;
    head(sheet, 1, &columns, &header)?;
    for (n, t) in r.counts.iter().enumerate() {
        let line = (n + 2) as u32;
        sheet.write_with_format(line, 0, (n + 1) as u32, &number)?;
        sheet.write_with_format(line, 1, t.category.as_str(), &base)?;
        sheet.write_with_format(line, 2, t.name.as_str(), &base)?;
        sheet.write_with_format(line, 3, t.code.as_str(), &number)?;
        sheet.write_with_format(line, 4, t.problems as u32, &number)?;
    }
    let total = (r.counts.len() + 2) as u32;
    sheet.write_with_format(total, 2, "合计", &header)?;
    sheet.write_with_format(total, 4, r.counts.iter().map(|t| t.problems as u32).sum::<u32>(), &number)?;

    let sheet = book.add_worksheet();
    sheet.set_name("问题明细")?;
    let columns = [
        ("序号", 6.0),
        ("被巡察党组织", 24.0),
        ("问题", 8.0),
        ("问题摘要", 48.0),
        ("大类", 30.0),
        ("典型问题", 32.0),
        ("归类", 10.0),
    ];
    head(sheet, 0, &columns, &header)?;
    for (n, l) in r.lines.iter().enumerate() {
        let line = (n + 1) as u32;
        sheet.write_with_format(line, 0, (n + 1) as u32, &number)?;
        sheet.write_with_format(line, 1, l.target_name.as_str(), &base)?;
        sheet.write_with_format(line, 2, format!("问题{}", l.number), &number)?;
        sheet.write_with_format(line, 3, l.summary.as_str(), &base)?;
        sheet.write_with_format(line, 4, l.category.as_str(), &base)?;
        sheet.write_with_format(line, 5, l.typical.as_str(), &base)?;
        sheet.write_with_format(line, 6, if l.chosen { "人工选定" } else { "自动归类" }, &number)?;
    }
    let bytes = book.save_to_buffer()?;
    Ok((bytes, format!("{title}.xlsx")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use xuncha_app::library::{TypicalCount, TypicalLine};

    #[test]
    fn the_workbook_names_its_round_and_holds_both_sheets() {
        let r = TypicalReport {
            round_name: "2023年第一轮巡察".into(),
            counts: vec![TypicalCount {
                code: "2.2.1".into(),
                category: "全面从严治党".into(),
                name: "违规收送礼品礼金".into(),
                problems: 2,
            }],
            lines: vec![TypicalLine {
                target_name: "谷前堡镇党委".into(),
                number: 1,
                summary: "春节期间收受购物卡".into(),
                category: "全面从严治党".into(),
                typical: "违规收送礼品礼金".into(),
                chosen: false,
            }],
        };
        let (bytes, name) = typical_xlsx(&r).unwrap();
        assert_eq!(name, "2023年第一轮巡察问题按典型问题统计.xlsx");
        assert_eq!(&bytes[..2], b"PK", "an xlsx is a zip");
    }
}
