//! 随机抽查 (反向核查): an office does not take every 销号 on trust. It draws a sample of a
//! round's closed measures and sends a team to check each on site; a result that finds the fix
//! untrue reopens the measure and stands on the organisation's record as 虚假整改.
//!
//! The draw is reproducible by anyone: it depends only on the seed and on the population as it
//! was recorded at the draw (each closed measure with its organisation, its problem's aspect
//! and its count of paper-only signals), never on the order rows come back from a database or
//! on a library's random generator (whose stream may change between versions). Each measure's
//! random number is SplitMix64 of the seed and the measure's id, so the same seed and the same
//! population give the same sample on any machine, in any year.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::Validator;
use crate::{MeasureId, OrgId, RuleError, coded_enum};

coded_enum!(
    /// What the team found on site.
    RecheckVerdict {
        Confirmed = "confirmed" / "属实",
        Partly = "partly" / "部分属实",
        Overturned = "overturned" / "不属实",
    }
);

/// How large a sample the office asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "by", content = "value", rename_all = "snake_case")]
pub enum SampleSize {
    /// This many measures.
    Count(u32),
    /// This percentage of the population (1–100), rounded up to a whole measure.
    Share(u32),
}

/// How the office asks for a sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DrawSpec {
    pub size: SampleSize,
    /// Allocate the sample across organisation × aspect in proportion to their closed measures.
    pub stratify: bool,
    /// Draw measures with paper-only signals (vague, copied …) with three times the weight.
    pub weight_signals: bool,
}

/// A closed measure as the draw saw it. Recorded in full with the draw, so that the draw can be
/// re-run from the record alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PopulationEntry {
    pub measure_id: MeasureId,
    pub org_id: OrgId,
    /// The aspect of the problem the measure belongs to ("中央八项规定精神" …), as named then.
    pub aspect: String,
    /// Paper-only signals on the measure that day.
    pub signals: u32,
}

/// A draw holds at most this many measures in its population (a county round has hundreds).
pub const MAX_POPULATION: usize = 100_000;

/// The longest note of a result.
pub const MAX_NOTE_CHARS: usize = 2000;

/// Below this share of 属实 among checked measures, a round's or an organisation's 销号 are not
/// to be trusted as they stand (shown on the dashboard and in the score).
pub const LOW_CONFIRMATION: f64 = 0.8;

/// How many the spec asks for out of `population`, or why it cannot be drawn.
pub fn sample_size(spec: &DrawSpec, population: usize) -> Result<usize, RuleError> {
    if population == 0 {
        return Err(RuleError::state("本轮尚无已销号的整改措施,无从抽查"));
    }
    let mut v = Validator::new();
    let n = match spec.size {
        SampleSize::Count(n) => {
            v.check(n >= 1, "count", "抽查数量至少为1条");
            v.check(n as usize <= population, "count", format!("抽查数量不能超过本轮已销号的措施数({population}条)"));
            n as usize
        }
        SampleSize::Share(p) => {
            v.check((1..=100).contains(&p), "share", "抽查比例应为1%到100%");
            // In u64: a population times a share must not overflow a 32-bit usize.
            ((population as u64 * u64::from(p)).div_ceil(100).max(1)) as usize
        }
    };
    v.finish()?;
    Ok(n.min(population))
}

/// SplitMix64: a fixed, published mixing function (Steele, Lea, Flood 2014), written out here
/// so that the sample never depends on a library's version.
pub(crate) fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A number in (0, 1) for a key under a seed.
fn uniform(seed: u64, key: u64) -> f64 {
    let h = splitmix64(splitmix64(seed) ^ key);
    ((h >> 11) as f64 + 0.5) / (1u64 << 53) as f64
}

/// A stable key of a stratum's name (FNV-1a), for breaking ties between strata at random.
fn name_key(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// The stratum a measure falls in: its organisation and its problem's aspect.
fn stratum(e: &PopulationEntry) -> String {
    format!("{}/{}", e.org_id, e.aspect)
}

/// The sample: the measures drawn, in order of their id. Each stratum (organisation × aspect,
/// or the whole population when not stratified) gets its share of the sample by largest
/// remainder, ties broken at random under the seed; within a stratum, measures are drawn
/// without replacement with probability proportional to their weight (Efraimidis–Spirakis:
/// the largest `u^(1/w)`).
pub fn draw(seed: u64, population: &[PopulationEntry], spec: &DrawSpec) -> Result<Vec<MeasureId>, RuleError> {
    let n = sample_size(spec, population.len())?;
    let mut strata: BTreeMap<String, Vec<&PopulationEntry>> = BTreeMap::new();
    for e in population {
        let key = if spec.stratify { stratum(e) } else { String::new() };
        strata.entry(key).or_default().push(e);
    }
    let total = population.len();
    // Whole shares first, then one more for the strata with the largest remainders, all in
    // integers (n·m / total, remainder n·m mod total) so that no rounding decides a tie.
    let share = |m: usize| (n as u64 * m as u64 / total as u64, n as u64 * m as u64 % total as u64);
    let mut quotas: Vec<(String, usize, u64)> = strata
        .iter()
        .map(|(k, members)| {
            let (whole, rest) = share(members.len());
            (k.clone(), whole as usize, rest)
        })
        .collect();
    let mut left = n - quotas.iter().map(|q| q.1).sum::<usize>();
    let mut order: Vec<usize> = (0..quotas.len()).collect();
    order.sort_by(|&a, &b| {
        let (ka, kb) = (uniform(seed, name_key(&quotas[a].0)), uniform(seed, name_key(&quotas[b].0)));
        quotas[b].2.cmp(&quotas[a].2).then(kb.total_cmp(&ka))
    });
    for i in order {
        if left == 0 {
            break;
        }
        quotas[i].1 += 1;
        left -= 1;
    }
    let mut drawn = Vec::with_capacity(n);
    for (key, quota, _) in quotas {
        let mut keyed: Vec<(f64, MeasureId)> =
            strata.get(&key).into_iter().flatten().map(|e| (cubed_key(seed, e, spec), e.measure_id)).collect();
        keyed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        drawn.extend(keyed.into_iter().take(quota).map(|(_, id)| id));
    }
    drawn.sort();
    Ok(drawn)
}

/// A measure's Efraimidis–Spirakis key `u^(1/w)`, cubed: `u` for weight 3, `u³` for weight 1.
/// Cubing keeps the order and needs only multiplication, which IEEE 754 rounds the same way on
/// every machine (a power function may differ between platforms and versions).
fn cubed_key(seed: u64, e: &PopulationEntry, spec: &DrawSpec) -> f64 {
    let u = uniform(seed, e.measure_id.get() as u64);
    if spec.weight_signals && e.signals > 0 { u } else { u * u * u }
}

/// What a team records: the verdict, its notes always, and at least one file of what it saw.
pub fn check_result(verdict: RecheckVerdict, notes: &str, evidence_count: usize) -> Result<(), RuleError> {
    let mut v = Validator::new();
    let field = match verdict {
        RecheckVerdict::Confirmed => "核查情况",
        RecheckVerdict::Partly => "核查情况(哪些属实、哪些不属实)",
        RecheckVerdict::Overturned => "核查情况(不属实的情形,将作为重新打开措施的理由)",
    };
    v.required("notes", field, notes).max_chars("notes", "核查情况", notes, MAX_NOTE_CHARS).plain(
        "notes",
        "核查情况",
        notes,
    );
    v.check(evidence_count > 0, "file", "请先上传核查材料(现场照片、核查记录等),再作结论");
    v.finish()
}

/// Counts of results, for a round, an organisation or an aspect.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct RecheckTally {
    /// Measures drawn.
    pub drawn: usize,
    /// Of which a result is recorded.
    pub checked: usize,
    pub confirmed: usize,
    pub partly: usize,
    pub overturned: usize,
}

impl RecheckTally {
    pub fn add(&mut self, verdict: Option<RecheckVerdict>) {
        self.drawn += 1;
        if let Some(v) = verdict {
            self.checked += 1;
            match v {
                RecheckVerdict::Confirmed => self.confirmed += 1,
                RecheckVerdict::Partly => self.partly += 1,
                RecheckVerdict::Overturned => self.overturned += 1,
            }
        }
    }

    /// The share of checked measures found 属实 in full; none before any is checked.
    pub fn confirmation_rate(&self) -> Option<f64> {
        (self.checked > 0).then(|| self.confirmed as f64 / self.checked as f64)
    }

    /// Whether the checked 销号 are to be doubted (below [`LOW_CONFIRMATION`]).
    pub fn is_low(&self) -> bool {
        self.confirmation_rate().is_some_and(|r| r < LOW_CONFIRMATION)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: i64, org: i64, aspect: &str, signals: u32) -> PopulationEntry {
        PopulationEntry { measure_id: MeasureId::new(id), org_id: OrgId::new(org), aspect: aspect.into(), signals }
    }

    /// 6 organisations × 2 aspects, 10 measures each: 120 in all, 3 in 10 with signals.
    fn county() -> Vec<PopulationEntry> {
        let mut out = Vec::new();
        for org in 1..=6 {
            for (a, aspect) in ["党的建设", "全面从严治党"].iter().enumerate() {
                for k in 0..10 {
                    let id = org * 100 + a as i64 * 10 + k;
                    out.push(entry(id, org, aspect, u32::from(k % 4 == 0)));
                }
            }
        }
        out
    }

    fn spec(size: SampleSize, stratify: bool, weight_signals: bool) -> DrawSpec {
        DrawSpec { size, stratify, weight_signals }
    }

    #[test]
    fn the_same_seed_and_population_give_the_same_sample_whatever_the_order() {
        let pop = county();
        let s = spec(SampleSize::Count(12), true, true);
        let first = draw(20231215, &pop, &s).unwrap();
        let mut shuffled = pop.clone();
        shuffled.reverse();
        shuffled.swap(3, 70);
        assert_eq!(draw(20231215, &shuffled, &s).unwrap(), first);
        assert_eq!(first.len(), 12);
        assert_ne!(draw(20231216, &pop, &s).unwrap(), first, "another seed draws another sample");
    }

    #[test]
    fn a_known_seed_draws_a_known_sample() {
        // Pinned: a change to the algorithm would change every recorded draw's replay.
        let pop: Vec<PopulationEntry> = (1..=10).map(|i| entry(i, 1, "党的建设", 0)).collect();
        let got = draw(42, &pop, &spec(SampleSize::Count(3), false, false)).unwrap();
        assert_eq!(got, draw(42, &pop, &spec(SampleSize::Count(3), false, false)).unwrap());
        let ids: Vec<i64> = got.iter().map(|m| m.get()).collect();
        assert_eq!(
            ids, PINNED_SAMPLE_OF_SEED_42,
            "the draw's algorithm changed: recorded draws would no longer replay"
        );
    }
    const PINNED_SAMPLE_OF_SEED_42: [i64; 3] = [3, 8, 9];

    #[test]
    fn a_known_seed_draws_a_known_weighted_and_stratified_sample() {
        // Pinned as above, through the weighted keys and the strata's shares.
        let got = draw(42, &county(), &spec(SampleSize::Count(7), true, true)).unwrap();
        let ids: Vec<i64> = got.iter().map(|m| m.get()).collect();
        assert_eq!(ids, PINNED_WEIGHTED_SAMPLE_OF_SEED_42, "the draw's algorithm changed");
    }
    const PINNED_WEIGHTED_SAMPLE_OF_SEED_42: [i64; 7] = [100, 113, 208, 308, 311, 506, 612];

    #[test]
    fn a_stratified_sample_gives_every_stratum_its_share() {
        let pop = county();
        // 12 strata of 10, a sample of 24: exactly 2 from each.
        let got = draw(7, &pop, &spec(SampleSize::Count(24), true, false)).unwrap();
        let mut per: BTreeMap<(i64, i64), usize> = BTreeMap::new();
        for m in &got {
            *per.entry((m.get() / 100, (m.get() % 100) / 10)).or_default() += 1;
        }
        assert_eq!(per.len(), 12);
        assert!(per.values().all(|&n| n == 2), "{per:?}");
        // A sample smaller than the strata still lands in distinct strata, at most one each.
        let small = draw(7, &pop, &spec(SampleSize::Count(5), true, false)).unwrap();
        let strata: std::collections::BTreeSet<(i64, i64)> =
            small.iter().map(|m| (m.get() / 100, (m.get() % 100) / 10)).collect();
        assert_eq!(strata.len(), 5);
    }

    #[test]
    fn weighting_draws_measures_with_signals_more_often_and_without_it_they_take_their_share() {
        let pop = county();
        let flagged = |ids: &[MeasureId]| ids.iter().filter(|m| m.get() % 10 % 4 == 0).count();
        let (mut weighted, mut plain) = (0, 0);
        for seed in 0..200 {
            weighted += flagged(&draw(seed, &pop, &spec(SampleSize::Count(12), false, true)).unwrap());
            plain += flagged(&draw(seed, &pop, &spec(SampleSize::Count(12), false, false)).unwrap());
        }
        // 36 of 120 carry signals: 30% unweighted (720 of 2400), far more weighted.
        assert!((620..=820).contains(&plain), "{plain}");
        assert!(weighted > 1200, "{weighted}");
    }

    #[test]
    fn a_share_is_rounded_up_and_a_size_is_bounded_by_the_population() {
        let pop = county();
        assert_eq!(sample_size(&spec(SampleSize::Share(10), true, false), pop.len()).unwrap(), 12);
        assert_eq!(sample_size(&spec(SampleSize::Share(1), true, false), 7).unwrap(), 1);
        assert_eq!(draw(1, &pop, &spec(SampleSize::Share(100), true, true)).unwrap().len(), 120);
        let too_many = sample_size(&spec(SampleSize::Count(121), false, false), 120).unwrap_err();
        assert!(too_many.message().contains("120条"), "{too_many:?}");
        assert!(sample_size(&spec(SampleSize::Share(0), false, false), 120).is_err());
        assert!(sample_size(&spec(SampleSize::Share(101), false, false), 120).is_err());
        assert!(sample_size(&spec(SampleSize::Count(0), false, false), 120).is_err());
        let none = sample_size(&spec(SampleSize::Count(1), false, false), 0).unwrap_err();
        assert!(none.message().contains("无从抽查"), "{none:?}");
    }

    #[test]
    fn a_result_needs_notes_and_a_file_of_what_was_seen() {
        assert!(check_result(RecheckVerdict::Confirmed, "现场查看台账,与销号材料一致", 1).is_ok());
        let e = check_result(RecheckVerdict::Overturned, "  ", 0).unwrap_err();
        assert_eq!(e.fields(), ["notes", "file"]);
        assert!(check_result(RecheckVerdict::Partly, &"查".repeat(MAX_NOTE_CHARS + 1), 1).is_err());
    }

    #[test]
    fn a_tally_counts_results_and_judges_the_rate_only_once_something_is_checked() {
        let mut t = RecheckTally::default();
        t.add(None);
        assert_eq!(t.confirmation_rate(), None);
        assert!(!t.is_low());
        for v in [RecheckVerdict::Confirmed, RecheckVerdict::Confirmed, RecheckVerdict::Overturned] {
            t.add(Some(v));
        }
        assert_eq!((t.drawn, t.checked, t.confirmed, t.overturned), (4, 3, 2, 1));
        assert!(t.is_low(), "2 of 3 is below 80%");
    }
}
