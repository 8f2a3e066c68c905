//! A round's 整改成效评估 as a workbook: one row per organisation, a column per item of the
//! sheet it was scored on, the total and the grade; organisations not yet scored say so.

use rust_xlsxwriter::{FormatAlign, Workbook, XlsxError};
use xuncha_app::assessments::RoundAssessments;

use crate::ledger_xlsx::{cell_format, header_format, title_format};

/// The workbook, and its file name ("2023年第一轮巡察整改成效评估.xlsx").
pub fn assessments_xlsx(r: &RoundAssessments) -> Result<(Vec<u8>, String), XlsxError> {
    let title = format!("{}整改成效评估", r.round_name);
    // A column per item as scored, over every organisation (one scored on an earlier sheet
    // keeps its own items; a cell of an item it was not scored on reads "—").
    let mut items: Vec<(String, u32)> = Vec::new();
    for s in r.rows.iter().filter_map(|row| row.assessment.as_ref()).flat_map(|a| &a.scores) {
        if !items.iter().any(|(name, max)| *name == s.name && *max == s.max) {
            items.push((s.name.clone(), s.max));
        }
    }
    let (base, header, title_format) = (cell_format(), header_format(), title_format());
    let number = base.clone().set_align(FormatAlign::Center);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("整改成效评估")?;
    let mut columns: Vec<(String, f64)> =
        vec![("序号".into(), 6.0), ("被巡察党组织".into(), 24.0), ("巡察组".into(), 12.0)];
    columns.extend(items.iter().map(|(name, max)| (format!("{name}({max}分)"), 12.0)));
    columns.extend([("总分".into(), 8.0), ("等次".into(), 8.0), ("评估人".into(), 22.0), ("评估时间".into(), 18.0)]);
    let last = (columns.len() - 1) as u16;
    sheet.merge_range(0, 0, 0, last, &title, &title_format)?;
    sheet.set_row_height(0, 30)?;
    for (c, (name, width)) in columns.iter().enumerate() {
        sheet.write_with_format(1, c as u16, name.as_str(), &header)?;
        sheet.set_column_width(c as u16, *width)?;
    }
    for (n, row) in r.rows.iter().enumerate() {
        let line = (n + 2) as u32;
        sheet.write_with_format(line, 0, (n + 1) as u32, &number)?;
        sheet.write_with_format(line, 1, row.target_name.as_str(), &base)?;
        sheet.write_with_format(line, 2, row.team_name.as_str(), &base)?;
        let mut col = 3u16;
        match &row.assessment {
            Some(a) => {
                for (name, max) in &items {
                    match a.scores.iter().find(|s| s.name == *name && s.max == *max) {
                        Some(s) => sheet.write_with_format(line, col, s.score, &number)?,
                        None => sheet.write_with_format(line, col, "—", &number)?,
                    };
                    col += 1;
                }
                sheet.write_with_format(line, col, a.total, &number)?;
                sheet.write_with_format(line, col + 1, a.grade.label(), &number)?;
                sheet.write_with_format(line, col + 2, a.assessed_by_name.as_str(), &base)?;
                sheet.write_with_format(line, col + 3, a.assessed_at_text.as_str(), &base)?;
            }
            None => {
                for c in col..=last {
                    let text = if c == col + items.len() as u16 + 1 { "未评估" } else { "" };
                    sheet.write_with_format(line, c, text, &number)?;
                }
            }
        }
    }
    sheet.set_freeze_panes(2, 2)?;
    Ok((book.save_to_buffer()?, format!("{title}.xlsx")))
}
