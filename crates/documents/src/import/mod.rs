//! Reading office workbooks: rectification ledgers and rosters. Shared here: cell text as a
//! person reads it, merged cells, and opening a workbook with a Chinese error.

pub mod deadline;
pub mod ledger;
pub mod roster;

use std::collections::{HashMap, HashSet};
use std::io::Cursor;

use calamine::{Data, Dimensions, Range, Reader, Xlsx, open_workbook_from_rs};

/// One sheet with its merged areas.
pub(crate) struct SheetData {
    pub name: String,
    pub range: Range<Data>,
    pub merges: Merges,
}

/// The merged areas of a sheet, indexed once: offices merge a problem over its measures, and a
/// 10,000-row ledger has thousands of merges (a scan per cell made reading 15× slower).
#[derive(Default)]
pub(crate) struct Merges {
    /// Every covered cell below an area's first row → that first row.
    tops: HashMap<(u32, u32), u32>,
    /// Rows that continue an area begun above them.
    continuing: HashSet<u32>,
}

impl Merges {
    pub fn new(areas: &[Dimensions]) -> Self {
        let mut m = Merges::default();
        for d in areas {
            for r in (d.start.0 + 1)..=d.end.0 {
                m.continuing.insert(r);
                for c in d.start.1..=d.end.1 {
                    m.tops.insert((r, c), d.start.0);
                }
            }
        }
        m
    }

    /// The row holding the value of (row, col): the top of its merged area, or itself.
    pub fn top(&self, row: u32, col: u32) -> u32 {
        self.tops.get(&(row, col)).copied().unwrap_or(row)
    }

    /// Whether the row lies inside an area merged from a row above (so a blank-looking row
    /// still belongs to the problem above).
    pub fn continues(&self, row: u32) -> bool {
        self.continuing.contains(&row)
    }
}

/// Every sheet of an .xlsx file, in order.
pub(crate) fn open_sheets(bytes: &[u8]) -> Result<Vec<SheetData>, String> {
    let mut wb: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(bytes.to_vec())).map_err(|e| format!("无法读取Excel文件:{e}"))?;
    let mut out = Vec::new();
    for name in wb.sheet_names().to_vec() {
        let range = wb.worksheet_range(&name).map_err(|e| format!("无法读取工作表“{name}”:{e}"))?;
        let merges = Merges::new(&wb.merge_cells_by_sheet_name(&name).unwrap_or_default());
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
