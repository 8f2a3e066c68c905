//! Codes are enums in Rust and text in SQL. Most queries bind them; some compare with literals
//! on purpose (a partial index is only used when its predicate is written out, and a literal
//! keeps a generic plan on PostgreSQL). This test reads every query and migration and checks
//! that each code written into SQL is one a coded enum knows: a renamed or mistyped code fails
//! here instead of silently matching nothing.

use std::collections::BTreeSet;
use std::path::Path;

use regex::Regex;
use xuncha_domain::deadline::Light;
use xuncha_domain::disclosure::{DisclosureStatus, WithholdGround};
use xuncha_domain::inspection::{Body, InspectionKind};
use xuncha_domain::measure::{DeadlineKind, ExtensionStatus, MeasureStatus};
use xuncha_domain::org::OrgKind;
use xuncha_domain::plan::PlanStatus;
use xuncha_domain::pool::AccountLink;
use xuncha_domain::problem::{ProblemSource, ProblemStatus};
use xuncha_domain::role::{Role, TeamPosition};
use xuncha_domain::tip::{TipChannel, TipStatus};
use xuncha_domain::transfer::{OutcomeKind, TransferKind};

fn known_codes() -> BTreeSet<&'static str> {
    let mut all = BTreeSet::new();
    macro_rules! add {
        ($($t:ty),+) => { $( all.extend(<$t>::ALL.iter().map(|v| v.code())); )+ };
    }
    add!(
        Light,
        DisclosureStatus,
        WithholdGround,
        Body,
        InspectionKind,
        DeadlineKind,
        ExtensionStatus,
        MeasureStatus,
        OrgKind,
        PlanStatus,
        ProblemSource,
        ProblemStatus,
        Role,
        TeamPosition,
        TipChannel,
        TipStatus,
        OutcomeKind,
        TransferKind,
        AccountLink
    );
    all
}

/// The lower-case literals a text compares a column with: `= 'x'`, `<> 'x'`, `IN ('x', 'y')`.
fn compared_literals(text: &str) -> Vec<String> {
    let single = Regex::new(r"(?:=|<>|!=)\s*'([a-z_]+)'").unwrap();
    let list = Regex::new(r"(?i)\bIN\s*\(((?:\s*'[a-z_]+'\s*,?)+)\)").unwrap();
    let item = Regex::new(r"'([a-z_]+)'").unwrap();
    let mut out: Vec<String> = single.captures_iter(text).map(|c| c[1].to_string()).collect();
    for c in list.captures_iter(text) {
        out.extend(item.captures_iter(&c[1]).map(|i| i[1].to_string()));
    }
    out
}

fn files(dir: &Path, ext: &str) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files(&p, ext));
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
    out
}

#[test]
fn every_code_written_into_sql_is_a_code_of_its_enums() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = files(&root.join("src/queries"), "rs");
    sources.extend(files(&root.join("migrations"), "sql"));
    // Beside the codes: the kinds of text the change log records, and the names of tables (the
    // triggers that count changes per table compare with them).
    let create = Regex::new(r"(?i)CREATE TABLE (?:IF NOT EXISTS )?(\w+)").unwrap();
    let mut tables = BTreeSet::new();
    for path in &sources {
        let text = std::fs::read_to_string(path).unwrap();
        tables.extend(create.captures_iter(&text).map(|c| c[1].to_string()));
    }
    let mut known: BTreeSet<String> = known_codes().into_iter().map(str::to_string).collect();
    known.extend(xuncha_store::SEARCH_KINDS.iter().map(|k| k.to_string()));
    known.extend(tables);
    let mut seen = 0;
    let mut unknown = Vec::new();
    for path in sources {
        let text = std::fs::read_to_string(&path).unwrap();
        for code in compared_literals(&text) {
            seen += 1;
            if !known.contains(&code) {
                unknown.push(format!("{}: '{code}'", path.strip_prefix(root).unwrap_or(&path).display()));
            }
        }
    }
    assert!(unknown.is_empty(), "codes no enum knows:\n{}", unknown.join("\n"));
    assert!(seen > 20, "the scan found the literals it is meant to check ({seen})");
}

#[test]
fn the_scan_reads_both_forms_of_comparison() {
    let found = compared_literals("WHERE m.status IN ('not_done', 'largely_done') AND k = 'immediate' AND x <> 'tpyo'");
    assert_eq!(found, ["immediate", "tpyo", "not_done", "largely_done"]);
}
