//! Office documents. The rectification ledger (整改台账) as .xlsx in the columns offices use,
//! with problem cells merged over their measures, a frozen header, filters, widths, red and
//! yellow fills for overdue and warned rows, and a statistics sheet; reading office ledgers back;
//! and the official documents (公文) as .docx in the GB/T 9704 layout.

pub mod archive;
mod assessment_xlsx;
pub mod import;
mod ledger_xlsx;
pub mod official;
mod pool_xlsx;
mod typical_xlsx;

pub use assessment_xlsx::assessments_xlsx;
pub use ledger_xlsx::{LEDGER_COLUMNS, ledger_xlsx};
pub use pool_xlsx::{POOL_COLUMNS, pool_xlsx};
pub use typical_xlsx::typical_xlsx;
