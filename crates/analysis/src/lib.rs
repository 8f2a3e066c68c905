//! Signals of rectification that exists only on paper (整改停留在纸面上), computed from text and
//! records handed in, with a reason in Chinese for each: vague, restated and copied measures,
//! closing without evidence or with backdated evidence, slippage, diffuse responsibility. No I/O:
//! the application gathers the facts, this crate judges them. The labelled evaluation set lives
//! in `eval/` and is scored by `eval::run`.

pub mod concepts;
pub mod copies;
pub mod eval;
pub mod library;
pub mod rebound;
pub mod signals;
pub mod terms;
pub mod text;
pub mod transformed;
pub mod vague;
pub mod words;
