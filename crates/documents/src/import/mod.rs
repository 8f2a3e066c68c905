pub mod deadline;
pub mod ledger;
