//! The domain of 巡察 (inspection) and 整改 (rectification): types, state machines and the rules
//! the system enforces. No I/O, no web types, no wall clock: a rule that needs "today" takes it
//! as an argument, so every rule can be tested with a fixed date.
//!
//! Vocabulary follows DOMAIN.md's words table (round, team, inspection, tip, problem, feedback,
//! transfer, plan, measure, evidence, close, look-back, rebound).

pub mod access;
pub mod action;
pub mod archive;
pub mod assessment;
pub mod audit;
pub mod comment;
pub mod dates;
pub mod deadline;
pub mod disclosure;
pub mod error;
pub mod escalation;
pub mod id;
pub mod inspection;
pub mod ledger_match;
pub mod measure;
pub mod org;
pub mod plan;
pub mod pool;
pub mod problem;
pub mod recheck;
pub mod role;
pub mod schema;
pub mod tip;
pub mod transfer;

pub use error::{FieldError, RuleError};
pub use id::*;
/// Re-exported so that `coded_enum!` expands in crates that do not name it.
pub use schemars;
