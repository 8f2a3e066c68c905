//! Reading office workbooks: rectification ledgers and rosters. Shared here: cell text as a
//! person reads it, merged cells, and opening a workbook with a Chinese error.

pub mod deadline;
pub mod ledger;
pub mod roster;

use std::io::Cursor;

use calamine::{Data, Dimensions, Range, Reader, Xlsx, open_workbook_from_rs};

/// One sheet with its merged areas.
pub(crate) struct SheetData {
    pub name: String,
    pub range: Range<Data>,
    pub merges: Vec<Dimensions>,
}

/// Every sheet of an .xlsx file, in order.
pub(crate) fn open_sheets(bytes: &[u8]) -> Result<Vec<SheetData>, String> {
    let mut wb: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(bytes.to_vec())).map_err(|e| format!("无法读取Excel文件:{e}"))?;
    let mut out = Vec::new();
    for name in wb.sheet_names().to_vec() {
        let range = wb.worksheet_range(&name).map_err(|e| format!("无法读取工作表“{name}”:{e}"))?;
        let merges = wb.merge_cells_by_sheet_name(&name).unwrap_or_default();
        out.push(SheetData { name, range, merges });
    }
    Ok(out)
}

/// A cell's text as a person reads it: trimmed; whole numbers without ".0".
pub(crate) fn cell_text(range: &Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.trim().to_string(),
        Some(Data::Float(f)) if f.fract() == 0.0 => format!("{}", *f as i64),
        Some(Data::Empty) | None => String::new(),
        Some(other) => other.to_string().trim().to_string(),
    }
}

/// The row holding the value of (row, col): the top of the merged area it lies in, or itself.
pub(crate) fn merged_top(merges: &[Dimensions], row: u32, col: u32) -> u32 {
    merges
        .iter()
        .find(|d| d.start.0 <= row && row <= d.end.0 && d.start.1 <= col && col <= d.end.1)
        .map(|d| d.start.0)
        .unwrap_or(row)
}

/// Column letters as Excel shows them (A, B, … AA).
pub fn column_letter(mut col: u32) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, (b'A' + (col % 26) as u8) as char);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::column_letter;

    #[test]
    fn columns_are_lettered_as_excel_does() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(6), "G");
        assert_eq!(column_letter(26), "AA");
    }
}
