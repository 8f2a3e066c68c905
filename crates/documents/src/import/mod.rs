//! Reading office workbooks: rectification ledgers and rosters. Shared here: opening a workbook
//! within bounds (`workbook`), cell text as a person reads it, merged cells, column letters.

pub mod deadline;
pub mod ledger;
pub mod pool;
pub mod roster;

mod workbook;

pub use workbook::{LIMITS, Limits};
pub(crate) use workbook::{Merges, cell_text, open_sheets};

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
