//! Copy detection and search at province scale: 1,000,000 generated measures.
//!
//! `cargo bench -p xuncha-search --bench scale_1m` (set XUNCHA_BENCH_N for another size).
//! Figures are compared with naive baselines measured in the same run on a slice:
//! - copies: every pair compared exactly (quadratic) vs the MinHash-banded pass, on the same
//!   slice (speed-up and how many of the naive pass's pairs the banded pass finds), then the
//!   banded pass over everything, with its time and the process's peak memory;
//! - search: scanning every text for every word vs the index, on the same slice (p50/p95 of the
//!   same queries), then the index over everything.

use std::time::{Duration, Instant};

use xuncha_analysis::copies::{CopyIndex, Fingerprint, OrgNames};
use xuncha_search::{Allowed, Doc, Kind, SearchIndex};
use xuncha_synth::vocab::{ACTIONS, OBJECTS};
use xuncha_synth::{Rng, copied_text, measure_text};

struct Measure {
    id: i64,
    org: i64,
    round: i64,
    text: String,
}

/// `n` measures of 10,000 organisations over 3 rounds, each a clause naming what is done to what
/// and two or three more; one in 50 is another organisation's measure handed in again with its
/// place and numbers changed.
fn generate(n: usize) -> Vec<Measure> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut out: Vec<Measure> = Vec::with_capacity(n);
    for i in 0..n {
        let org = (rng.next() % 10_000) as i64;
        let round = (rng.next() % 3) as i64;
        let text = if i > 1000 && rng.next().is_multiple_of(50) {
            let src = out[(rng.next() % i as u64) as usize].text.clone();
            copied_text(&mut rng, &src)
        } else {
            measure_text(&mut rng)
        };
        out.push(Measure { id: i as i64, org, round, text });
    }
    out
}

/// The process's peak resident memory (Linux), in MiB.
fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_string))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn index_of(measures: &[Measure]) -> CopyIndex<i64> {
    let mut index = CopyIndex::new(Vec::new());
    for m in measures {
        index.add(m.id, m.org, m.round, &m.text);
    }
    index
}

/// Every pair compared exactly (each text's fingerprint computed once).
fn naive_pairs(measures: &[Measure]) -> Vec<(i64, i64)> {
    let sets: Vec<_> = measures.iter().map(|m| Fingerprint::of(&m.text, &OrgNames::default())).collect();
    let mut out = Vec::new();
    for (i, a) in measures.iter().enumerate() {
        for (j, b) in measures.iter().enumerate().skip(i + 1) {
            if (a.org, a.round) != (b.org, b.round) && sets[i].likeness(&sets[j]).is_some_and(|l| l.is_copy()) {
                out.push((a.id, b.id));
            }
        }
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn docs(measures: &[Measure]) -> Vec<Doc> {
    measures
        .iter()
        .map(|m| Doc {
            kind: Kind::Measure,
            source_id: m.id,
            link_id: m.id,
            inspection_id: m.org * 3 + m.round,
            fed_back: true,
            text: m.text.clone(),
        })
        .collect()
}

fn timed(queries: &[String], f: &dyn Fn(&str)) -> (Duration, Duration) {
    let mut times: Vec<Duration> = queries
        .iter()
        .map(|q| {
            let t = Instant::now();
            f(q);
            t.elapsed()
        })
        .collect();
    times.sort();
    (percentile(&times, 0.5), percentile(&times, 0.95))
}

fn main() {
    let n: usize = std::env::var("XUNCHA_BENCH_N").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let slice = 6_000.min(n);
    let t = Instant::now();
    let measures = generate(n);
    println!("generated {n} measures in {:.1} s (peak {:.0} MiB)", t.elapsed().as_secs_f64(), peak_mib());

    println!("\ncopy detection");
    let t = Instant::now();
    let naive = naive_pairs(&measures[..slice]);
    let naive_time = t.elapsed();
    let t = Instant::now();
    let banded = index_of(&measures[..slice]).all_pairs();
    let banded_time = t.elapsed();
    let found =
        naive.iter().filter(|(a, b)| banded.iter().any(|(x, y, _)| (x, y) == (a, b) || (y, x) == (a, b))).count();
    println!(
        "  slice of {slice}: naive all pairs {:.0} ms, banded {:.0} ms ({:.0}x faster); banded found {found} of the naive pass's {} pairs",
        ms(naive_time),
        ms(banded_time),
        naive_time.as_secs_f64() / banded_time.as_secs_f64(),
        naive.len()
    );
    let t = Instant::now();
    let index = index_of(&measures);
    let built = t.elapsed();
    let pairs = index.all_pairs();
    let total = t.elapsed();
    println!(
        "  all {n}: index built in {:.1} s, full pass {:.1} s in all, {} copied pairs, peak memory {:.0} MiB",
        built.as_secs_f64(),
        total.as_secs_f64(),
        pairs.len(),
        peak_mib()
    );
    drop(index);

    println!("\nsearch");
    // A team's view: the inspections of 60 organisations over the rounds; the office: all.
    let team = Allowed { plans: (0..180).collect(), ..Allowed::default() };
    let office = Allowed { all_plans: true, ..Allowed::default() };
    let mut rng = Rng(7);
    let queries: Vec<String> = (0..200).map(|_| format!("{} {}", rng.pick(&OBJECTS), rng.pick(&ACTIONS))).collect();
    let search_slice = 100_000.min(n);
    let small = SearchIndex::build(docs(&measures[..search_slice])).unwrap();
    let scan = timed(&queries, &|q| {
        let words: Vec<&str> = q.split(' ').collect();
        let hits =
            measures[..search_slice].iter().filter(|m| words.iter().all(|w| m.text.contains(w))).take(30).count();
        std::hint::black_box(hits);
    });
    let indexed = timed(&queries, &|q| {
        std::hint::black_box(small.search(q, &office, 30).unwrap());
    });
    println!(
        "  slice of {search_slice}: naive scan p50 {:.2} ms p95 {:.2} ms; index p50 {:.2} ms p95 {:.2} ms (naive/index at p50: {:.2})",
        ms(scan.0),
        ms(scan.1),
        ms(indexed.0),
        ms(indexed.1),
        scan.0.as_secs_f64() / indexed.0.as_secs_f64()
    );
    drop(small);
    let t = Instant::now();
    let big = SearchIndex::build(docs(&measures)).unwrap();
    println!("  all {n}: index built in {:.1} s (peak memory {:.0} MiB)", t.elapsed().as_secs_f64(), peak_mib());
    for (who, allowed) in [("office (all inspections)", &office), ("a team (180 inspections)", &team)] {
        let (p50, p95) = timed(&queries, &|q| {
            std::hint::black_box(big.search(q, allowed, 30).unwrap());
        });
        println!("  {who}: p50 {:.2} ms, p95 {:.2} ms", ms(p50), ms(p95));
    }
}
