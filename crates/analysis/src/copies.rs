//! Copied measures: a measure handed in again by another organisation or in a later round, with
//! its places, units, numbers or a word changed, its clauses put in another order, or a verb or
//! connective swapped for a near synonym. Texts are compared after masking names and numbers
//! and writing each near synonym as one word, by their sets of words and of characters (so
//! neither the order of clauses nor of words within them counts): a copy shares half its words,
//! or most of its characters and a good part of its words (a paraphrase that writes "登记簿" as
//! "登记台账" and "丈量" as "测量" keeps its characters where it loses whole words).
//! Candidates come from MinHash signatures (gaoya's hasher) split into bands, so a pass over a
//! million measures never compares all pairs; each candidate is then checked exactly. The
//! banding is ours: sorted arrays rather than a hash map per band (a third of the memory), and
//! boilerplate buckets skipped.

use std::hash::{Hash, Hasher};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use gaoya::minhash::{MinHasher, MinHasher32};
use regex::Regex;

use crate::text::normalise;

/// Word Jaccard (after masking) at or above which two measures are copies whatever their
/// characters. 0.45 found a few more paraphrased copies but 3.7 times as many pairs among 2,000
/// generated measures of shared clause shapes (boilerplate, not copies; measured with words cut
/// whole, before words were cut for search).
pub const COPY_THRESHOLD: f64 = 0.5;
/// Character Dice at or above which two measures that share at least `WORD_FLOOR` of their words
/// are copies. Chosen on the tuning and both studied parts (the second studied part's copies
/// were reworded heavily: words alone found 0.69 of them at precision 0.96, 0.70 once words were
/// cut for search; with characters, 0.94 at 0.96); 0.6 cost precision on each part (0.94 on the
/// tuning part). The evaluation judges pairs exactly; the index finds a pair only if it becomes
/// a candidate (see `BANDS`).
pub const CHAR_THRESHOLD: f64 = 0.65;
/// Characters alone are not enough: two unrelated measures of the same trade share many.
pub const WORD_FLOOR: f64 = 0.3;
/// 48 bands of 3 hashes (of the word shingles): a pair at word Jaccard 0.5 becomes a candidate
/// with probability 0.998, at 0.4 with 0.96, at 0.3 (the floor of a copy by characters) with
/// 0.73, at 0.2 with 0.32 (then dropped by the exact check). 32 bands found 79% of the exact
/// rule's pairs on the benchmark's slice, 48 find 86%, for 8 s more and 0.3 GiB more at a million.
const BANDS: usize = 48;
const BAND_WIDTH: usize = 3;

/// Village, township and county names ("袁才庄村", "谷前堡镇"), and units' own words for
/// themselves ("镇机关", "乡党委"), which a copier changes first.
static PLACES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\p{Han}]{2,3}(村|镇|乡|县|社区|街道)|(镇|乡|局|县|区|委|办)(机关|党委|纪委|政府|财政所|级|村)?")
        .expect("place pattern")
});
/// County units ("县教育局", "县融媒体中心", "县残联") and persons as documents write them
/// ("何某某", "余某"): a copier's first change.
static UNITS_AND_PERSONS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"县[\p{Han}]{1,6}?(委员会|办公室|中心|局|委|办|院|馆|联|会|部|队|所|站)|[\p{Han}]某某?")
        .expect("unit pattern")
});
/// Clauses that promise a report or a record of the work, not the work ("相关佐证材料归档备查",
/// "整改结果报县委巡察办备案", "由纪检委员全程监督"): copiers add and drop them freely, so they do
/// not count for or against a copy.
static BOILERPLATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^[\p{Han}A-Za-z0-9#〇]{0,14}(备案|备查|存档|留存|留档|全程监督|群众监督|跟踪督办|书面报告|签字确认|录入[\p{Han}]{0,6}台账|拍照)$",
        r"|^(责任领导|责任人|牵头领导|责任单位|完成时限)"
    ))
    .expect("boilerplate pattern")
});
static NUMBERS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d+(\.\d+)?").expect("number pattern"));

/// Names of known organisations, found in one pass over a text whatever their number (a
/// province has thousands: replacing them one by one made masking cost texts × names).
#[derive(Debug, Clone, Default)]
pub struct OrgNames(Option<AhoCorasick>);

impl OrgNames {
    /// Names shorter than two characters are left out (they would mask ordinary words).
    pub fn new<S: AsRef<str>>(names: &[S]) -> Self {
        let names: Vec<&str> = names.iter().map(AsRef::as_ref).filter(|n| n.chars().count() >= 2).collect();
        if names.is_empty() {
            return OrgNames(None);
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&names)
            .expect("organisation names build an automaton");
        OrgNames(Some(automaton))
    }
}

/// Near synonyms a copier swaps, each group written as its first word; connectives and
/// prepositions that change nothing are dropped (written as nothing).
const SYNONYMS: &[&[&str]] = &[
    &["开展", "组织开展", "组织", "进行", "实施", "启动"],
    &["建立", "建立健全", "健全", "建起", "构建", "搭建", "形成", "设立"],
    &["完善", "改进", "优化"],
    &["及时", "按时", "按期", "如期", "限时"],
    &["全部", "全面", "所有", "一律", "全额", "全数"],
    &["落实", "执行", "贯彻", "贯彻落实", "落地"],
    &["清查", "清理", "排查", "清核", "摸排", "核查", "核实", "清点", "盘点"],
    &["清退", "退出", "取消资格", "劝退"],
    &["逐户", "挨家挨户", "逐家"],
    &["逐一", "逐个", "一一", "逐项"],
    &["撤销", "取消", "注销", "撤除", "关停", "取缔", "终止", "停止"],
    &["合并", "整合", "归并"],
    &["统一", "集中", "一概"],
    &["研究", "研讨", "研究讨论", "审议"],
    &["移交", "转交", "移送"],
    &["材料", "资料"],
    &["按规定", "依规", "依规依纪", "依纪依规", "按照规定", "按要求"],
    &["重新", "再次", "再度"],
    &["处分", "纪律处分", "党纪处分"],
    &["约谈", "提醒谈话", "约谈提醒", "谈话提醒"],
    &["登记", "登记造册", "造册"],
    &["更正", "纠正错误"],
    &["补齐", "补充", "补全", "补正"],
    &["村委会", "村民委员会"],
    &["专项资金", "专题资金", "专项经费"],
    &["制定", "出台", "制订", "印发", "编制", "研究制定"],
    &["修订", "修改", "修正", "重新修订"],
    &["明确", "确定", "界定"],
    &["加强", "强化", "增强", "加大"],
    &["提高", "提升"],
    &["检查", "督查", "抽查", "巡查", "督导"],
    &["召开", "举行", "举办"],
    &["公开", "公示", "公布", "张榜公布", "张榜", "张贴"],
    &["确保", "保证", "保障"],
    &["严禁", "禁止", "杜绝", "不得"],
    &["纳入", "归入", "并入", "转入", "列入"],
    &["统一核算", "统一管理", "集中核算"],
    &["追回", "收回", "追缴", "收缴"],
    &["退还", "返还", "退回"],
    &["台账", "清单", "账册", "底册"],
    &["整改", "纠正", "改正", "整治"],
    &["问题", "情况"],
    &["资金", "款项", "经费"],
    &["收益", "收入", "所得"],
    &["党员干部", "干部职工", "全体党员", "全体干部", "干部党员", "党员"],
    &["学习", "研学", "学习教育"],
    &["培训", "教育培训", "轮训"],
    &["谈话", "谈心谈话"],
    &["会议", "专题会议", "专题会"],
    &["记录", "纪要", "会议记录"],
    &["审批", "审核", "复核", "把关", "审查"],
    &["程序", "流程", "手续"],
    &["规范", "规范化"],
    &["每月", "每个月", "按月"],
    &["每季度", "每季", "按季度"],
    &["每年", "每年度", "按年"],
    &["月底前", "月底", "月末前", "月末"],
    &["年底前", "年底", "年末前", "年末"],
    &["情况通报", "通报"],
    &["责任人", "负责人"],
    &["上报", "报送", "报告"],
    &["存档", "归档", "建档"],
    &["签订", "签署", "签定"],
    &["责任书", "责任状", "承诺书"],
    &["考核", "考评", "考核评价"],
    &["上缴", "上交", "缴入", "交回"],
    &["补缴", "补交", "补足"],
    &["下发", "发放至", "印发至"],
    &["必须", "须", "应当"],
    &["事先", "提前", "预先"],
    &["审定", "审核确定"],
    &["全程", "全过程", "全链条"],
    &["留存", "保存", "存留"],
    &["逐人", "按人"],
    &["逐件", "逐案"],
    &["公司", "集团"],
    &["门户网站", "网站", "政府网站"],
    &["整改结果", "整改情况", "处理结果", "办理结果", "办理情况"],
    &["超过", "以上", "超出"],
    &["修订完善", "修改完善"],
    &[
        "",
        "并",
        "同时",
        "并且",
        "以及",
        "及",
        "和",
        "与",
        "且",
        "对",
        "针对",
        "对于",
        "就",
        "将",
        "把",
        "由",
        "的",
        "了",
        "在",
        "予以",
        "加以",
        "进一步",
        "切实",
        "认真",
    ],
];

/// Words that hold a synonym or a dropped character inside them and stay whole ("党组织" is not
/// "党" + "组织", "存在" loses no "在").
const WHOLE: &[&str] = &[
    "党组织",
    "组织部",
    "组织生活",
    "组织关系",
    "组织委员",
    "存在",
    "所在",
    "现在",
    "核对",
    "参与",
    "了解",
    "对照",
    "对象",
    "对外",
    "和谐",
    "由于",
    "理由",
    "在岗",
    "在编",
    "将来",
];

static CANONICAL: LazyLock<(AhoCorasick, Vec<&'static str>)> = LazyLock::new(|| {
    let (mut words, mut canon): (Vec<&str>, Vec<&str>) = (WHOLE.to_vec(), WHOLE.to_vec());
    for group in SYNONYMS {
        for w in group.iter().filter(|w| !w.is_empty()) {
            words.push(*w);
            canon.push(group[0]);
        }
    }
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&words)
        .expect("synonyms build an automaton");
    (automaton, canon)
});

/// The text as compared: clause by clause (separated by `|`), names of known organisations,
/// places and numbers masked, near synonyms written alike.
pub fn masked(text: &str, org_names: &OrgNames) -> String {
    let (synonyms, canon) = &*CANONICAL;
    let mut out: Vec<String> = Vec::new();
    for clause in text.split(|c: char| crate::text::CLAUSE_END.contains(c)) {
        let mut t = normalise(clause);
        if t.is_empty() {
            continue;
        }
        if let Some(names) = &org_names.0 {
            let mut o = String::with_capacity(t.len());
            names.replace_all_with(&t, &mut o, |_, _, dst| {
                dst.push('〇');
                true
            });
            t = o;
        }
        let t = UNITS_AND_PERSONS.replace_all(&t, "〇");
        let t = PLACES.replace_all(&t, "〇");
        let t = NUMBERS.replace_all(&t, "#");
        if BOILERPLATE.is_match(&t) {
            continue;
        }
        let mut c = String::with_capacity(t.len());
        synonyms.replace_all_with(&t, &mut c, |m, _, dst| {
            dst.push_str(canon[m.pattern().as_usize()]);
            true
        });
        if !c.is_empty() {
            out.push(c);
        }
    }
    out.join("|")
}

/// The clauses of `b` that `a` also has (after masking): what a reviewer is shown of a copy.
pub fn shared_clauses(a: &str, b: &str, org_names: &OrgNames) -> Vec<String> {
    let theirs = shingles(&masked(a, org_names));
    b.split(|c: char| crate::text::CLAUSE_END.contains(c))
        .filter(|clause| {
            let mine = shingles(&masked(clause, org_names));
            !mine.is_empty() && mine.iter().filter(|s| theirs.binary_search(s).is_ok()).count() * 10 >= mine.len() * 7
        })
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

/// Words a copier adds or drops freely, and the masks (which every text has).
const NOT_COUNTED: &[&str] =
    &["的", "了", "和", "与", "及", "并", "对", "在", "由", "将", "把", "为", "等", "中", "〇", "#"];

/// The words of the masked text (jieba, clause by clause), hashed, sorted and without repeats:
/// a reordered clause or a swapped near synonym changes no word, where character bigrams lost
/// several to each change. 32 bits are plenty for the dozen words of a measure (a collision
/// only nudges one Jaccard score), and halve what a province's index holds.
pub fn shingles(masked: &str) -> Vec<u32> {
    let hash = |w: &str| {
        let mut h = fnv::FnvHasher::default();
        w.hash(&mut h);
        h.finish() as u32
    };
    let jieba = crate::words::jieba();
    let mut out: Vec<u32> = Vec::new();
    for clause in masked.split('|').filter(|c| !c.is_empty()) {
        out.extend(
            jieba
                .cut_for_search(clause, false)
                .into_iter()
                .map(|t| t.word)
                .filter(|w| !NOT_COUNTED.contains(w))
                .map(hash),
        );
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The characters of the masked text (not the masks), sorted and without repeats. 16 bits: Han
/// characters outside the basic plane are rare, and folding one onto another only nudges a score.
pub fn characters(masked: &str) -> Vec<u16> {
    let mut out: Vec<u16> = masked.chars().filter(|c| !['|', '〇', '#'].contains(c)).map(|c| c as u32 as u16).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// How many elements two sorted lists share (a merge).
fn shared<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut both) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    both
}

/// Jaccard similarity of two sorted shingle lists.
pub fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let both = shared(a, b);
    both as f64 / (a.len() + b.len() - both) as f64
}

/// Dice similarity of two sorted character lists.
pub fn dice(a: &[u16], b: &[u16]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    2.0 * shared(a, b) as f64 / (a.len() + b.len()) as f64
}

/// How alike two measures are: the share of their words and of their characters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Likeness {
    /// Jaccard of their word sets (after masking), 0–1.
    pub words: f64,
    /// Dice of their character sets (after masking), 0–1.
    pub chars: f64,
}

impl Likeness {
    /// Whether the two are copies: half their words, or most characters and a good part of the words.
    pub fn is_copy(&self) -> bool {
        self.words >= COPY_THRESHOLD || (self.words >= WORD_FLOOR && self.chars >= CHAR_THRESHOLD)
    }

    /// Most alike first: by the sum of the two shares.
    fn rank(&self) -> f64 {
        self.words + self.chars
    }
}

/// A measure as compared: its word shingles and its characters.
#[derive(Debug, Clone, Default)]
pub struct Fingerprint {
    pub words: Vec<u32>,
    pub chars: Vec<u16>,
}

impl Fingerprint {
    pub fn of(text: &str, org_names: &OrgNames) -> Self {
        let m = masked(text, org_names);
        Fingerprint { words: shingles(&m), chars: characters(&m) }
    }

    /// Their likeness, if the two could be copies at all (Jaccard is at most the ratio of sizes).
    pub fn likeness(&self, other: &Fingerprint) -> Option<Likeness> {
        may_reach(&self.words, &other.words, WORD_FLOOR)
            .then(|| Likeness { words: jaccard(&self.words, &other.words), chars: dice(&self.chars, &other.chars) })
    }
}

/// Whether two lists could reach `threshold` at all: Jaccard is at most the ratio of sizes.
fn may_reach(a: &[u32], b: &[u32], threshold: f64) -> bool {
    let (small, large) = if a.len() < b.len() { (a.len(), b.len()) } else { (b.len(), a.len()) };
    large > 0 && small as f64 / large as f64 >= threshold
}

/// How alike two measures are once names and numbers are masked.
pub fn copy_likeness(a: &str, b: &str, org_names: &OrgNames) -> Likeness {
    let (a, b) = (Fingerprint::of(a, org_names), Fingerprint::of(b, org_names));
    Likeness { words: jaccard(&a.words, &b.words), chars: dice(&a.chars, &b.chars) }
}

/// A measure in the index: who handed it in (`group`: organisation and round), its fingerprint and
/// the keys of its MinHash signature's bands (the signature itself is not needed again).
struct Entry<K> {
    key: K,
    group: (i64, i64),
    print: Fingerprint,
    bands: [BandKey; BANDS],
    /// False once removed: the slot stays so that positions do not move.
    alive: bool,
}

/// A band bucket with more members than this is boilerplate ("立行立改", "形成台账" shared by
/// thousands): it is not used to find candidates. A real copy agrees on other bands too.
pub const BUCKET_CAP: usize = 40;

/// A band's hash. 32 bits: two unrelated bands sharing a key only add a candidate, which the
/// exact check drops; at a million entries that is a few in a thousand look-ups.
type BandKey = u32;

fn band_hash(band: &[u32]) -> BandKey {
    let mut h = fnv::FnvHasher::default();
    band.hash(&mut h);
    h.finish() as BandKey
}

/// For each band, (band key, entry) sorted by key, so a bucket is a contiguous run, for the
/// entries up to `covered`; entries added after it sit in a small hash map per band until there
/// are enough of them to sort everything again.
struct Banding {
    bands: Vec<Vec<(BandKey, u32)>>,
    covered: usize,
    added: Vec<std::collections::HashMap<BandKey, Vec<u32>>>,
}

impl Banding {
    fn build<K>(entries: &[Entry<K>]) -> Banding {
        let bands = (0..BANDS)
            .map(|b| {
                let mut v: Vec<(BandKey, u32)> =
                    entries.iter().enumerate().filter(|(_, e)| e.alive).map(|(i, e)| (e.bands[b], i as u32)).collect();
                v.sort_unstable();
                v
            })
            .collect();
        Banding { bands, covered: entries.len(), added: vec![Default::default(); BANDS] }
    }

    /// Sorting again costs about a second at a million entries: the added entries wait in the
    /// maps until they are an eighth of the sorted ones (or a few thousand, for small indexes).
    fn worth_rebuilding(&self, entries: usize) -> bool {
        entries - self.covered > (self.covered / 8).max(4096)
    }

    /// Adds entry `i`; the entries of any bucket it made boilerplate (they no longer meet
    /// through that band, so their twins may change although they are not `i`'s).
    fn add(&mut self, i: usize, bands: &[BandKey; BANDS]) -> Vec<u32> {
        let mut crowded = Vec::new();
        for (b, key) in bands.iter().enumerate() {
            let (sorted, added) = self.bucket(b, *key);
            if sorted.len() + added.len() == BUCKET_CAP {
                crowded.extend(sorted.iter().map(|(_, j)| *j));
                crowded.extend_from_slice(added);
            }
            self.added[b].entry(*key).or_default().push(i as u32);
        }
        crowded
    }

    /// The sorted run and the added entries of one band's bucket.
    fn bucket(&self, b: usize, key: BandKey) -> (&[(BandKey, u32)], &[u32]) {
        let band = &self.bands[b];
        let from = band.partition_point(|(k, _)| *k < key);
        let to = band.partition_point(|(k, _)| *k <= key);
        (&band[from..to], self.added[b].get(&key).map(Vec::as_slice).unwrap_or_default())
    }

    /// Entries sharing at least one band (not counting boilerplate buckets) with `bands`.
    fn candidates(&self, bands: &[BandKey; BANDS]) -> Vec<u32> {
        let mut out = Vec::new();
        for (b, key) in bands.iter().enumerate() {
            let (sorted, added) = self.bucket(b, *key);
            if sorted.len() + added.len() <= BUCKET_CAP {
                out.extend(sorted.iter().map(|(_, i)| *i));
                out.extend_from_slice(added);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Measures indexed for copy detection. `K` identifies a measure (its id, say). Measures can be
/// added, replaced and removed one by one, so the index follows the data without being built
/// again.
pub struct CopyIndex<K> {
    hasher: MinHasher32<fnv::FnvBuildHasher>,
    entries: Vec<Entry<K>>,
    /// Built on the first query, then kept up to date by `add`.
    banding: std::sync::OnceLock<Banding>,
    /// Where each key's live entry sits (callers ask for many keys).
    positions: std::collections::HashMap<K, usize>,
    org_names: OrgNames,
    /// Moves whenever the bands are to be sorted again: any measure's twins may change then.
    generation: u64,
}

/// A copy found: the other measure and how alike the two are.
#[derive(Debug, Clone, PartialEq)]
pub struct Twin<K> {
    pub key: K,
    pub likeness: Likeness,
}

impl<K: Clone + Eq + std::hash::Hash> CopyIndex<K> {
    pub fn new(org_names: Vec<String>) -> Self {
        CopyIndex {
            hasher: MinHasher32::new(BANDS * BAND_WIDTH),
            entries: Vec::new(),
            banding: std::sync::OnceLock::new(),
            positions: std::collections::HashMap::new(),
            org_names: OrgNames::new(&org_names),
            generation: 0,
        }
    }

    /// Adds a measure handed in by organisation `org` in round `round`, in place of the one
    /// under the same key if there is one. Returns the other measures whose twins this may
    /// change beyond its own twins (those sharing a bucket it made boilerplate).
    pub fn add(&mut self, key: K, org: i64, round: i64, text: &str) -> Vec<K> {
        self.remove(&key);
        let print = Fingerprint::of(text, &self.org_names);
        let signature = self.hasher.create_signature(print.words.iter());
        let bands = std::array::from_fn(|b| band_hash(&signature[b * BAND_WIDTH..(b + 1) * BAND_WIDTH]));
        let i = self.entries.len();
        self.positions.insert(key.clone(), i);
        self.entries.push(Entry { key, group: (org, round), print, bands, alive: true });
        let len = self.entries.len();
        let Some(banding) = self.banding.get_mut() else { return Vec::new() };
        if banding.worth_rebuilding(len) {
            self.banding = std::sync::OnceLock::new();
            self.generation += 1;
            return Vec::new();
        }
        let crowded = banding.add(i, &self.entries[i].bands);
        crowded.into_iter().map(|j| &self.entries[j as usize]).filter(|e| e.alive).map(|e| e.key.clone()).collect()
    }

    /// Moves whenever the bands are to be sorted again (dead entries leave their buckets, which
    /// may bring a boilerplate bucket back into use): twins looked up before may have changed.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Removes the measure under `key`, if indexed; whether it was.
    pub fn remove(&mut self, key: &K) -> bool {
        let Some(i) = self.positions.remove(key) else { return false };
        let entry = &mut self.entries[i];
        entry.alive = false;
        entry.print = Fingerprint::default();
        true
    }

    fn banding(&self) -> &Banding {
        self.banding.get_or_init(|| Banding::build(&self.entries))
    }

    /// How many measures are indexed.
    pub fn len(&self) -> usize {
        self.positions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    /// Copies of the measure at position `i` from another organisation or another round, most
    /// alike first.
    fn twins_of(&self, i: usize) -> Vec<(usize, Likeness)> {
        let me = &self.entries[i];
        let mut out: Vec<(usize, Likeness)> = self
            .banding()
            .candidates(&me.bands)
            .into_iter()
            .map(|j| j as usize)
            .filter(|j| *j != i && self.entries[*j].alive && self.entries[*j].group != me.group)
            .filter_map(|j| me.print.likeness(&self.entries[j].print).map(|l| (j, l)))
            .filter(|(_, l)| l.is_copy())
            .collect();
        out.sort_by(|a, b| b.1.rank().total_cmp(&a.1.rank()));
        out
    }

    /// Copies of the measure added under `key`.
    pub fn twins(&self, key: &K) -> Vec<Twin<K>> {
        let Some(&i) = self.positions.get(key) else { return Vec::new() };
        self.twins_of(i).into_iter().map(|(j, likeness)| Twin { key: self.entries[j].key.clone(), likeness }).collect()
    }

    /// Every copied pair once (a full pass), with its likeness. Rather than querying entry by
    /// entry (two binary searches per band, cache misses at a million entries), it walks each
    /// band's buckets and checks each pair in the first band where the two meet in a bucket that
    /// is not boilerplate. Bands are shared among the cores.
    pub fn all_pairs(&self) -> Vec<(K, K, Likeness)>
    where
        K: Send + Sync,
    {
        // A full pass walks sorted buckets only: entries added since the last sort are sorted in.
        let fresh;
        let banding = match self.banding() {
            b if b.covered == self.entries.len() => b,
            _ => {
                fresh = Banding::build(&self.entries);
                &fresh
            }
        };
        let n = self.entries.len();
        // Per entry and band: its bucket's key and whether that bucket is used (not boilerplate).
        let mut keys = vec![0 as BandKey; n * BANDS];
        let mut used = vec![false; n * BANDS];
        for (b, band) in banding.bands.iter().enumerate() {
            for bucket in band.chunk_by(|x, y| x.0 == y.0) {
                for (key, i) in bucket {
                    keys[*i as usize * BANDS + b] = *key;
                    used[*i as usize * BANDS + b] = bucket.len() <= BUCKET_CAP;
                }
            }
        }
        let first_meeting = |x: usize, y: usize, b: usize| {
            (0..b).all(|e| !(used[x * BANDS + e] && keys[x * BANDS + e] == keys[y * BANDS + e]))
        };
        let threads = std::thread::available_parallelism().map(|t| t.get()).unwrap_or(1);
        let found: Vec<Vec<(usize, usize, Likeness)>> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|t| {
                    let first_meeting = &first_meeting;
                    scope.spawn(move || {
                        let mut out = Vec::new();
                        for (b, band) in banding.bands.iter().enumerate().filter(|(b, _)| b % threads == t) {
                            for bucket in
                                band.chunk_by(|x, y| x.0 == y.0).filter(|k| k.len() > 1 && k.len() <= BUCKET_CAP)
                            {
                                for (p, (_, x)) in bucket.iter().enumerate() {
                                    for (_, y) in &bucket[p + 1..] {
                                        let (x, y) = ((*x).min(*y) as usize, (*x).max(*y) as usize);
                                        let (ex, ey) = (&self.entries[x], &self.entries[y]);
                                        let comparable =
                                            ex.alive && ey.alive && ex.group != ey.group && first_meeting(x, y, b);
                                        if comparable
                                            && let Some(l) = ex.print.likeness(&ey.print)
                                            && l.is_copy()
                                        {
                                            out.push((x, y, l));
                                        }
                                    }
                                }
                            }
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
    fn jaccard_of_sorted_lists() {
        assert_eq!(jaccard(&[1, 2, 3], &[2, 3, 4]), 0.5);
        assert_eq!(jaccard(&[], &[]), 0.0);
        assert_eq!(jaccard(&[5], &[5]), 1.0);
        assert!(!may_reach(&[1], &[1, 2, 3, 4], 0.6));
    }

    #[test]
    fn names_and_numbers_do_not_hide_a_copy() {
        let a = "对13个村2021年以来光伏收益逐村清查,10月底前全部纳入村集体账户统一核算";
        let b = "对9个村2021年以来光伏收益逐村清查,11月底前全部纳入村集体账户统一核算";
        assert!(copy_likeness(a, b, &OrgNames::new(&names())).words > 0.95);
        let c = "修订《谷前堡镇村级财务管理办法》,明确光伏等集体收益收支审批程序";
        let d = "修订《张西河乡村级财务管理办法》,明确光伏等集体收益收支审批程序";
        assert!(copy_likeness(c, d, &OrgNames::new(&names())).is_copy());
    }

    #[test]
    fn reordered_clauses_and_near_synonyms_do_not_hide_a_copy_and_the_shared_clauses_are_named() {
        let a = "修订《村级财务管理制度》,明确5000元以上支出须经集体研究,8月底前印发执行";
        // Clauses in another order, 修订→修改, 明确→确定, a closing report added (full-width commas).
        let b = "9月底前印发执行\u{FF0C}修改《村级财务管理制度》\u{FF0C}确定3000元以上支出须经集体研究\u{FF1B}整改情况报镇党委备案";
        let names = OrgNames::default();
        assert!(copy_likeness(a, b, &names).is_copy(), "{:?}", copy_likeness(a, b, &names));
        let shared = shared_clauses(a, b, &names);
        assert_eq!(shared.len(), 3, "{shared:?}");
        // Same subject, another commitment: not a copy.
        let c = "在村务公开栏每季度公布村级财务收支明细,接受群众监督";
        assert!(!copy_likeness(a, c, &names).is_copy());
    }

    #[test]
    fn a_reworded_copy_keeps_its_characters_where_it_loses_words() {
        let names = OrgNames::default();
        let a = "对镇卫生院2022年以来的药品采购逐笔核对,超出中标价部分由供货企业退还,12月底前完成";
        // 中标价→中标价格, 供货企业→供货商, 退还→退回, 完成→办结, clauses moved, a record added.
        let b = "逐笔核对县中医院2021年以来药品采购记录,高出中标价格的部分责成供货商退回,11月底前办结";
        let l = copy_likeness(a, b, &names);
        assert!(l.words < COPY_THRESHOLD && l.chars >= CHAR_THRESHOLD && l.is_copy(), "{l:?}");
        // The same purchases checked, another commitment: neither words nor characters agree enough.
        for other in [
            "对镇卫生院2022年以来的药品采购逐笔核对,对负责采购的人员开展廉政谈话",
            "对镇卫生院2022年以来的医用耗材采购逐笔核对,建立耗材出入库登记台账",
        ] {
            let l = copy_likeness(a, other, &names);
            assert!(!l.is_copy(), "{other}: {l:?}");
        }
        // Characters alone do not make a copy: below the word floor, however many characters agree.
        let l = Likeness { words: WORD_FLOOR - 0.01, chars: 0.99 };
        assert!(!l.is_copy());
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

    /// Texts of one organisation and round each, all different: enough to sort the bands.
    fn filled(n: i64) -> CopyIndex<i64> {
        let mut index = CopyIndex::new(names());
        let mut rng = xuncha_synth::Rng::seeded(7);
        for k in 0..n {
            index.add(100 + k, 100 + k, 1, &xuncha_synth::measure_text(&mut rng));
        }
        index
    }

    #[test]
    fn measures_added_removed_and_edited_after_a_query_are_found_or_forgotten() {
        let mut index = filled(200);
        let original = "对13个村2021年以来光伏收益逐村清查,10月底前全部纳入村集体账户统一核算";
        index.add(1, 10, 1, original);
        // The first query sorts the bands; what follows goes through the added entries.
        assert!(index.twins(&1).is_empty());
        index.add(2, 20, 1, "对9个村2021年以来光伏收益逐村清查,11月底前全部纳入村集体账户统一核算");
        assert_eq!(index.twins(&1).into_iter().map(|t| t.key).collect::<Vec<_>>(), vec![2]);
        assert_eq!(index.twins(&2).into_iter().map(|t| t.key).collect::<Vec<_>>(), vec![1]);
        // Edited into something else: no longer a copy, from either side.
        index.add(2, 20, 1, "建立光伏收益季度公开制度,每季度首月在村务公开栏公布收益和分配情况");
        assert!(index.twins(&1).is_empty());
        assert!(index.twins(&2).is_empty());
        // Handed in again by a third organisation, then withdrawn.
        index.add(3, 30, 1, original);
        assert_eq!(index.twins(&1).into_iter().map(|t| t.key).collect::<Vec<_>>(), vec![3]);
        assert!(index.remove(&3));
        assert!(!index.remove(&3));
        assert!(index.twins(&1).is_empty());
        assert!(index.twins(&3).is_empty());
        assert_eq!(index.len(), 202);
        // A full pass agrees with the look-ups, whatever was added since the bands were sorted.
        index.add(4, 40, 2, original);
        let pairs = index.all_pairs();
        assert_eq!(pairs.iter().filter(|(a, b, _)| [*a, *b].contains(&1)).count(), 1);
        assert!(!pairs.iter().any(|(a, b, _)| [*a, *b].contains(&3)));
    }

    #[test]
    fn many_additions_sort_the_bands_again_with_the_same_answers() {
        let mut index = filled(100);
        let original = "对13个村2021年以来光伏收益逐村清查,10月底前全部纳入村集体账户统一核算";
        index.add(1, 10, 1, original);
        assert!(index.twins(&1).is_empty());
        // More additions than the added maps hold: the next query sorts everything again.
        for k in 0..5000 {
            index.add(10_000 + k, 10_000 + k, 2, &format!("第{k}号措施:{}", ["甲", "乙", "丙"][k as usize % 3]));
        }
        index.add(2, 20, 1, original);
        assert!(index.banding.get().is_none(), "the bands are sorted again on the next query");
        assert!(index.generation() > 0, "twins looked up before may have changed");
        assert_eq!(index.twins(&1).into_iter().map(|t| t.key).collect::<Vec<_>>(), vec![2]);
    }

    #[test]
    fn an_addition_that_makes_a_bucket_boilerplate_names_the_measures_it_parts() {
        // The same text from forty organisations: every band's bucket holds exactly the cap.
        let mut index = filled(100);
        let text = "对13个村2021年以来光伏收益逐村清查,10月底前全部纳入村集体账户统一核算";
        for k in 0..BUCKET_CAP as i64 {
            assert!(index.add(k, k, 1, text).is_empty(), "before a query, nothing is banded yet");
        }
        assert_eq!(index.twins(&0).len(), BUCKET_CAP - 1);
        let generation = index.generation();
        // One more: every bucket is boilerplate now, so the forty no longer meet, though none of
        // them is a twin of the newcomer either.
        let mut parted = index.add(99, 99, 1, text);
        parted.sort_unstable();
        parted.dedup();
        assert_eq!(parted, (0..BUCKET_CAP as i64).collect::<Vec<_>>());
        assert!(index.twins(&0).is_empty() && index.twins(&99).is_empty());
        assert_eq!(index.generation(), generation, "the bands were not sorted again");
        // An unrelated addition parts nobody.
        assert!(index.add(200, 200, 1, "建立光伏收益季度公开制度,每季度首月在村务公开栏公布收益和分配情况").is_empty());
    }
}
