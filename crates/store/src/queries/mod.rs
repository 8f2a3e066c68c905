//! Queries, one module per aggregate; all are methods on [`crate::Conn`].

pub mod archives;
pub mod assessments;
pub mod audit;
pub mod bulk;
pub mod comments;
pub mod dashboard;
pub mod escalations;
pub mod inspections;
pub mod ledger;
pub mod library;
pub mod orgs;
pub mod people;
pub mod plans;
pub mod pool;
pub mod problems;
pub mod public;
pub mod rebounds;
pub mod rechecks;
pub mod search;
pub mod signals;
pub mod tips;
pub mod transfers;

use crate::{Result, StoreError};

/// Turns "0 rows updated" of a version-checked update into `Conflict`. The caller has read the
/// row in the same transaction, so the row exists and a miss means someone else changed it.
pub(crate) fn expect_one(rows: u64) -> Result<()> {
    if rows == 1 { Ok(()) } else { Err(StoreError::Conflict) }
}
