//! Province scale: a seeded data generator (`xuncha bench gen`) and the benchmarks that run
//! against what it writes (`xuncha bench run`).

pub mod detectors;
pub mod durability;
pub mod generate;
pub mod run;
