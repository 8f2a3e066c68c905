//! Copied measures: a measure handed in again by another organisation or in a later round, with
//! its places, units, numbers or a word changed. Texts are compared after masking names and
//! numbers, by the Jaccard similarity of their character bigrams. Candidates come from a MinHash
//! index with banding (gaoya), so a pass over a million measures never compares all pairs; each
//! candidate is then checked exactly.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::sync::LazyLock;

use gaoya::minhash::{MinHashIndex, MinHasher, MinHasher32};
use regex::Regex;

use crate::text::normalise;

/// Exact bigram Jaccard (after masking) at or above which two measures are copies. On the tuning
/// half of the labelled pairs copies scored 0.71–1.00 and distinct measures at most 0.38.
pub const COPY_THRESHOLD: f64 = 0.6;
/// 24 bands of 4 hashes: a pair at 0.6 becomes a candidate with probability 0.97, at 0.7 with
/// 0.999, at 0.3 with 0.18 (then dropped by the exact check).
const BANDS: usize = 24;
const BAND_WIDTH: usize = 4;

/// Village, township and county names ("袁才庄村", "谷前堡镇"), and units' own words for
/// themselves ("镇机关", "乡党委"), which a copier changes first.
static PLACES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\p{Han}]{2,3}(村|镇|乡|县|社区|街道)|(镇|乡|局|县|区|委|办)(机关|党委|纪委|政府|财政所|级|村)?")
        .expect("place pattern")
});
static NUMBERS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d+(\.\d+)?").expect("number pattern"));

/// The text as compared: names of known organisations, places and numbers masked.
pub fn masked(text: &str, org_names: &[String]) -> String {
    let mut t = normalise(text);
    for name in org_names.iter().filter(|n| n.chars().count() >= 2) {
        t = t.replace(name.as_str(), "〇");
    }
    let t = PLACES.replace_all(&t, "〇");
    NUMBERS.replace_all(&t, "#").into_owned()
}

/// Character bigrams of the masked text, hashed.
pub fn shingles(masked: &str) -> HashSet<u64> {
    let chars: Vec<char> = masked.chars().collect();
    let hash = |w: &[char]| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        w.hash(&mut h);
        h.finish()
    };
    if chars.len() < 2 {
        return chars.chunks(1).map(hash).collect();
    }
    chars.windows(2).map(hash).collect()
}

/// Jaccard similarity of two shingle sets.
pub fn jaccard(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    a.intersection(b).count() as f64 / a.union(b).count() as f64
}

/// How alike two measures are once names and numbers are masked (0–1).
pub fn copy_similarity(a: &str, b: &str, org_names: &[String]) -> f64 {
    jaccard(&shingles(&masked(a, org_names)), &shingles(&masked(b, org_names)))
}

/// A measure in the index: who handed it in (`group`: organisation and round), its bigrams.
struct Entry<K> {
    key: K,
    group: (i64, i64),
    shingles: HashSet<u64>,
}

/// Measures indexed for copy detection. `K` identifies a measure (its id, say).
pub struct CopyIndex<K> {
    hasher: MinHasher32<fnv::FnvBuildHasher>,
    index: MinHashIndex<u32, usize>,
    entries: Vec<Entry<K>>,
    org_names: Vec<String>,
}

/// A copy found: the other measure and how alike the two are.
#[derive(Debug, Clone, PartialEq)]
pub struct Twin<K> {
    pub key: K,
    pub similarity: f64,
}

impl<K: Clone> CopyIndex<K> {
    pub fn new(org_names: Vec<String>) -> Self {
        CopyIndex {
            hasher: MinHasher32::new(BANDS * BAND_WIDTH),
            // The index drops candidates whose estimated similarity is below its threshold; an
            // estimate from 96 hashes errs by about 0.05, so filter 0.2 lower and let the exact
            // check on bigrams decide.
            index: MinHashIndex::new(BANDS, BAND_WIDTH, COPY_THRESHOLD - 0.2),
            entries: Vec::new(),
            org_names,
        }
    }

    /// Adds a measure handed in by organisation `org` in round `round`.
    pub fn add(&mut self, key: K, org: i64, round: i64, text: &str) {
        let shingles = shingles(&masked(text, &self.org_names));
        let signature = self.hasher.create_signature(shingles.iter());
        let i = self.entries.len();
        self.entries.push(Entry { key, group: (org, round), shingles });
        self.index.insert(i, signature);
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Copies of the measure at position `i` from another organisation or another round, most
    /// alike first.
    fn twins_of(&self, i: usize) -> Vec<(usize, f64)> {
        let me = &self.entries[i];
        let Some(signature) = self.index.get_signature(&i) else { return Vec::new() };
        let mut out: Vec<(usize, f64)> = self
            .index
            .query(signature)
            .into_iter()
            .filter(|j| **j != i && self.entries[**j].group != me.group)
            .map(|j| (*j, jaccard(&me.shingles, &self.entries[*j].shingles)))
            .filter(|(_, s)| *s >= COPY_THRESHOLD)
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1));
        out
    }

    /// Copies of the measure added under `key`.
    pub fn twins(&self, key: &K) -> Vec<Twin<K>>
    where
        K: PartialEq,
    {
        let Some(i) = self.entries.iter().position(|e| e.key == *key) else { return Vec::new() };
        self.twins_of(i)
            .into_iter()
            .map(|(j, similarity)| Twin { key: self.entries[j].key.clone(), similarity })
            .collect()
    }

    /// Every copied pair once (a full pass), with its similarity. Entries are queried on all
    /// cores; the index is only read.
    pub fn all_pairs(&self) -> Vec<(K, K, f64)>
    where
        K: Send + Sync,
    {
        let n = self.entries.len();
        let threads = std::thread::available_parallelism().map(|t| t.get()).unwrap_or(1).min(n.max(1));
        let chunk = n.div_ceil(threads.max(1)).max(1);
        let found: Vec<Vec<(usize, usize, f64)>> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..n)
                .step_by(chunk)
                .map(|from| {
                    scope.spawn(move || {
                        let mut out = Vec::new();
                        for i in from..(from + chunk).min(n) {
                            out.extend(self.twins_of(i).into_iter().filter(|(j, _)| *j > i).map(|(j, s)| (i, j, s)));
                        }
                        out
                    })
                })
                .collect();
            workers.into_iter().map(|w| w.join().unwrap_or_default()).collect()
        });
        found
            .into_iter()
            .flatten()
            .map(|(i, j, s)| (self.entries[i].key.clone(), self.entries[j].key.clone(), s))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<String> {
        vec!["谷前堡镇党委".into(), "张西河乡党委".into()]
    }

    #[test]
    fn names_and_numbers_do_not_hide_a_copy() {
        let a = "对13个村2021年以来光伏收益逐村清查,10月底前全部纳入村集体账户统一核算";
        let b = "对9个村2021年以来光伏收益逐村清查,11月底前全部纳入村集体账户统一核算";
        assert!(copy_similarity(a, b, &names()) > 0.95);
        let c = "修订《谷前堡镇村级财务管理办法》,明确光伏等集体收益收支审批程序";
        let d = "修订《张西河乡村级财务管理办法》,明确光伏等集体收益收支审批程序";
        assert!(copy_similarity(c, d, &names()) >= COPY_THRESHOLD);
    }

    #[test]
    fn the_index_finds_copies_across_organisations_only() {
        let mut index = CopyIndex::new(names());
        index.add(1, 10, 1, "对13个村2021年以来光伏收益逐村清查,10月底前全部纳入村集体账户统一核算");
        index.add(2, 20, 1, "对9个村2021年以来光伏收益逐村清查,11月底前全部纳入村集体账户统一核算");
        index.add(3, 20, 1, "建立光伏收益季度公开制度,每季度首月在村务公开栏公布收益和分配情况");
        // The same organisation and round repeating itself is not a copy from elsewhere.
        index.add(4, 10, 1, "对13个村2021年以来光伏收益逐村清查,10月底前全部纳入村集体账户统一核算");
        let twins: Vec<i64> = index.twins(&1).into_iter().map(|t| t.key).collect();
        assert_eq!(twins, vec![2]);
        // An earlier round of the same organisation counts.
        index.add(5, 10, 0, "对13个村2021年以来光伏收益逐村清查,年底前全部纳入村集体账户统一核算");
        assert!(index.twins(&1).iter().any(|t| t.key == 5));
        let pairs = index.all_pairs();
        assert!(pairs.iter().all(|(a, b, _)| a != b));
        assert!(!pairs.iter().any(|(a, b, _)| [*a, *b].contains(&3)));
    }
}
