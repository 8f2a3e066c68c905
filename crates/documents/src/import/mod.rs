//! Reading office workbooks: rectification ledgers and rosters. Shared here: opening a workbook
//! within bounds (`workbook`), cell text as a person reads it, merged cells, column letters.

pub mod deadline;
pub mod ledger;
pub mod pool;
pub mod roster;

mod workbook;

pub use workbook::{LIMITS, Limits};
pub(crate) use workbook::{Merges, cell_text, open_sheets};

/// A sheet's header: the first of its top eleven rows whose columns (each header text read by
/// `col_of`) satisfy `complete`, with those columns.
pub(crate) fn find_header<C: Copy>(
    range: &calamine::Range<calamine::Data>,
    col_of: impl Fn(&str) -> Option<C>,
    complete: impl Fn(&[(u32, C)]) -> bool,
) -> Option<(u32, Vec<(u32, C)>)> {
    let (start_row, start_col) = range.start()?;
    let (end_row, end_col) = range.end()?;
    (start_row..=(start_row + 10).min(end_row)).find_map(|r| {
        let cols: Vec<(u32, C)> =
            (start_col..=end_col).filter_map(|c| col_of(&cell_text(range, r, c)).map(|k| (c, k))).collect();
        complete(&cols).then_some((r, cols))
    })
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
