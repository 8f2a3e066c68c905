//! A "transformed" evaluation set, generated deterministically from a seed: vague and concrete
//! measures, copied and distinct measure pairs, rebound and distinct problem pairs. It is written
//! without knowledge of the detectors, from its own word lists in `eval/transform/` (slogans,
//! padding, generic objects, concrete measure templates, a thesaurus of near-synonyms, place and
//! unit names, typical problems with concrete instances), so that it measures whether the
//! detectors generalise beyond the hand-written set.
//!
//! Templates carry placeholders in braces: `{n:lo-hi}` or `{n:lo-hi/step}` an integer, `{n:v}` a
//! fixed integer, `{f:lo-hi}` a number with one decimal, `{年}` a year 2020–2023, `{年2}` a year
//! 2024–2025, `{月}` a month, `{日}` a day; any other key names a section of `places.txt`
//! (a trailing digit gives a second, different value of the same section, e.g. `{人2}`), and
//! `{人}` is a surname with 某. Names are drawn from one random stream and numbers and dates from
//! another, so a copy can change its names, its numbers, or both.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

const PLACES: &str = include_str!("../eval/transform/places.txt");
const SLOGANS: &str = include_str!("../eval/transform/slogans.txt");
const GENERIC: &str = include_str!("../eval/transform/generic.txt");
const PADDING: &str = include_str!("../eval/transform/padding.txt");
const ADDONS: &str = include_str!("../eval/transform/addons.txt");
const FRAMES: &str = include_str!("../eval/transform/frames.txt");
const MEASURES: &str = include_str!("../eval/transform/measures.txt");
const THESAURUS: &str = include_str!("../eval/transform/thesaurus.txt");
const PROBLEMS: &str = include_str!("../eval/transform/problems.txt");

/// One generated example: `positive` is the class the detector looks for; `how` names the transformation.
#[derive(Debug, Clone)]
pub struct Generated {
    pub positive: bool,
    pub fields: Vec<String>,
    pub how: &'static str,
}

// ---------------------------------------------------------------------------------------------
// Random numbers: splitmix64, one independent stream per purpose.

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }

    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
        lo + (self.next() % ((hi - lo) as u64 + 1)) as i64
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn pick_str(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

fn stream(seed: u64, tag: u64) -> Rng {
    let mut rng = Rng(seed ^ tag.wrapping_mul(0xD1B5_4A32_D192_ED03));
    rng.next();
    rng
}

// ---------------------------------------------------------------------------------------------
// The word lists.

struct Measure {
    subject: &'static str,
    template: &'static str,
    /// One clause, no numbers or dates.
    short: bool,
    /// Carries a date of its own (padding with another deadline would read oddly).
    dated: bool,
}

struct Problem {
    area: &'static str,
    family: &'static str,
    /// The general statement first, then rewordings at the same level.
    general: Vec<&'static str>,
    instances: Vec<&'static str>,
}

struct Thesaurus {
    groups: Vec<Vec<&'static str>>,
    /// Token → its group, or `None` for a protected term kept as it is.
    index: HashMap<&'static str, Option<usize>>,
    max_chars: usize,
}

struct Data {
    places: HashMap<&'static str, Vec<&'static str>>,
    slogans: Vec<&'static str>,
    generic: Vec<&'static str>,
    padding: Vec<&'static str>,
    addons: Vec<&'static str>,
    frames: Vec<&'static str>,
    measures: Vec<Measure>,
    thesaurus: Thesaurus,
    problems: Vec<Problem>,
}

fn lines(src: &'static str) -> impl Iterator<Item = &'static str> {
    src.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn parse_places() -> HashMap<&'static str, Vec<&'static str>> {
    let mut places: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
    let mut section = "";
    for line in lines(PLACES) {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name;
            places.entry(section).or_default();
        } else {
            places.entry(section).or_default().extend(line.split_whitespace());
        }
    }
    places
}

fn parse_measures() -> Vec<Measure> {
    lines(MEASURES)
        .filter_map(|line| {
            let (subject, template) = line.split_once('|')?;
            let dated = ["{年", "{月", "{日"].iter().any(|p| template.contains(p));
            let numbered = dated || template.contains("{n:") || template.contains("{f:");
            let short = !numbered && !template.contains(',') && !template.contains(';');
            Some(Measure { subject: subject.trim(), template: template.trim(), short, dated })
        })
        .collect()
}

fn parse_thesaurus() -> Thesaurus {
    let mut groups = Vec::new();
    let mut index = HashMap::new();
    for line in lines(THESAURUS) {
        if let Some(protected) = line.strip_prefix('!') {
            for word in protected.split_whitespace() {
                index.entry(word).or_insert(None);
            }
            continue;
        }
        let words: Vec<&'static str> = line.split_whitespace().collect();
        if words.len() < 2 {
            continue;
        }
        for word in &words {
            index.entry(*word).or_insert(Some(groups.len()));
        }
        groups.push(words);
    }
    let max_chars = index.keys().map(|w| w.chars().count()).max().unwrap_or(1);
    Thesaurus { groups, index, max_chars }
}

fn parse_problems() -> Vec<Problem> {
    let mut problems: Vec<Problem> = Vec::new();
    for line in lines(PROBLEMS) {
        if line.starts_with("==") {
            continue;
        }
        if let Some(head) = line.strip_prefix('@') {
            let mut parts = head.split('|').map(str::trim).filter(|p| !p.is_empty());
            let tag = parts.next().unwrap_or("");
            let (area, family) = tag.split_once('/').unwrap_or((tag, tag));
            problems.push(Problem { area, family, general: parts.collect(), instances: Vec::new() });
        } else if let Some(instance) = line.strip_prefix('-')
            && let Some(problem) = problems.last_mut()
        {
            problem.instances.push(instance.trim());
        }
    }
    problems
}

fn data() -> &'static Data {
    static DATA: OnceLock<Data> = OnceLock::new();
    DATA.get_or_init(|| Data {
        places: parse_places(),
        slogans: lines(SLOGANS).collect(),
        generic: lines(GENERIC).collect(),
        padding: lines(PADDING).collect(),
        addons: lines(ADDONS).collect(),
        frames: lines(FRAMES).collect(),
        measures: parse_measures(),
        thesaurus: parse_thesaurus(),
        problems: parse_problems(),
    })
}

// ---------------------------------------------------------------------------------------------
// Filling templates.

fn parse_int(s: &str) -> i64 {
    s.trim().parse().unwrap_or(0)
}

fn number(spec: &str, nums: &mut Rng) -> String {
    let (range, step) = spec.split_once('/').map_or((spec, 1), |(r, s)| (r, parse_int(s).max(1)));
    let (lo, hi) = range
        .split_once('-')
        .map_or_else(|| (parse_int(range), parse_int(range)), |(a, b)| (parse_int(a), parse_int(b)));
    let value = nums.range(lo / step, hi / step) * step;
    value.to_string()
}

fn decimal(spec: &str, nums: &mut Rng) -> String {
    let tenths = |s: &str| -> i64 {
        let (whole, frac) = s.trim().split_once('.').unwrap_or((s.trim(), "0"));
        parse_int(whole) * 10 + parse_int(&frac[..frac.len().min(1)])
    };
    let (lo, hi) = spec.split_once('-').unwrap_or((spec, spec));
    let value = nums.range(tenths(lo), tenths(hi));
    if value % 10 == 0 { (value / 10).to_string() } else { format!("{}.{}", value / 10, value % 10) }
}

struct Filler<'d> {
    data: &'d Data,
    names: Rng,
    nums: Rng,
    chosen: Vec<(String, String)>,
}

impl Filler<'_> {
    fn name(&mut self, key: &str) -> String {
        if let Some((_, value)) = self.chosen.iter().find(|(k, _)| k == key) {
            return value.clone();
        }
        let section = key.trim_end_matches(|c: char| c.is_ascii_digit());
        let mut value = String::new();
        for _ in 0..8 {
            value = if section == "人" {
                let surnames = self.data.places.get("姓").map(Vec::as_slice).unwrap_or(&["王"]);
                let surname = *self.names.pick(surnames);
                let suffix = if self.names.chance(50) { "某" } else { "某某" };
                format!("{surname}{suffix}")
            } else {
                match self.data.places.get(section) {
                    Some(list) if !list.is_empty() => (*self.names.pick(list)).to_string(),
                    _ => section.to_string(),
                }
            };
            if !self.chosen.iter().any(|(_, v)| *v == value) {
                break;
            }
        }
        self.chosen.push((key.to_string(), value.clone()));
        value
    }

    fn value(&mut self, key: &str) -> String {
        if let Some(spec) = key.strip_prefix("n:") {
            number(spec, &mut self.nums)
        } else if let Some(spec) = key.strip_prefix("f:") {
            decimal(spec, &mut self.nums)
        } else {
            match key {
                "年" => self.nums.range(2020, 2023).to_string(),
                "年2" => self.nums.range(2024, 2025).to_string(),
                "月" => self.nums.range(1, 12).to_string(),
                "日" => self.nums.range(1, 28).to_string(),
                _ => self.name(key),
            }
        }
    }

    fn fill(&mut self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) => {
                    let value = self.value(&after[..close]);
                    out.push_str(&value);
                    rest = &after[close + 1..];
                }
                None => {
                    out.push_str(&rest[open..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// Fills a template with names from the `names` seed and numbers and dates from the `nums` seed.
fn render(template: &str, names: u64, nums: u64) -> String {
    Filler { data: data(), names: Rng(names), nums: Rng(nums), chosen: Vec::new() }.fill(template)
}

/// Ends a field with a full stop or not, as ledgers do either way.
fn finish(text: String, rng: &mut Rng) -> String {
    if !text.ends_with('。') && rng.chance(40) { text + "。" } else { text }
}

// ---------------------------------------------------------------------------------------------
// Rewriting a measure: clauses and near-synonyms.

fn clauses(text: &str) -> Vec<String> {
    let text = text.trim_end_matches('。');
    text.split([',', ';']).map(str::trim).filter(|c| !c.is_empty()).map(str::to_string).collect()
}

fn join(clauses: &[String]) -> String {
    clauses.join(",")
}

/// Swaps words for near-synonyms from the thesaurus, each found word with the given chance;
/// protected terms and document titles in 《》 are left alone.
fn synonyms(text: &str, rng: &mut Rng, percent: u64) -> String {
    let th = &data().thesaurus;
    let chars: Vec<char> = format!(",{text}").chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut title = 0usize;
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '《' => title += 1,
            '》' => title = title.saturating_sub(1),
            _ => {}
        }
        let mut matched = false;
        if title == 0 {
            for len in (1..=th.max_chars.min(chars.len() - i)).rev() {
                let word: String = chars[i..i + len].iter().collect();
                if let Some(entry) = th.index.get(word.as_str()) {
                    match entry {
                        Some(group) if rng.chance(percent) => {
                            let members = &th.groups[*group];
                            let others: Vec<&str> = members.iter().copied().filter(|m| *m != word).collect();
                            out.push_str(if others.is_empty() { &word } else { rng.pick_str(&others) });
                        }
                        _ => out.push_str(&word),
                    }
                    i += len;
                    matched = true;
                    break;
                }
            }
        }
        if !matched {
            out.push(chars[i]);
            i += 1;
        }
    }
    out.strip_prefix(',').map(str::to_string).unwrap_or(out)
}

const OPS: [&str; 6] = ["names", "digits", "reorder", "synonyms", "add", "drop"];
const NAMES: u8 = 1;
const DIGITS: u8 = 2;
const REORDER: u8 = 4;
const SYNONYMS: u8 = 8;
const ADD: u8 = 16;
const DROP: u8 = 32;

fn copy_label(mask: u8) -> &'static str {
    static LABELS: OnceLock<Vec<String>> = OnceLock::new();
    let labels = LABELS.get_or_init(|| {
        (0u8..64)
            .map(|m| {
                let ops: Vec<&str> =
                    OPS.iter().enumerate().filter(|(i, _)| m & (1 << i) != 0).map(|(_, o)| *o).collect();
                format!("copied:{}", ops.join("+"))
            })
            .collect()
    });
    &labels[usize::from(mask & 63)]
}

// ---------------------------------------------------------------------------------------------
// Measures.

const UNITS: [&str; 5] = ["{镇}党委", "{局}党组", "{村}党支部", "{局}", "班子成员"];

fn pad(d: &Data, rng: &mut Rng) -> String {
    render(rng.pick_str(&d.padding), rng.next(), rng.next())
}

fn padded(text: &str, padding: &str, rng: &mut Rng) -> String {
    if rng.chance(55) {
        if rng.chance(50) { format!("{padding},{text}") } else { format!("{padding}{text}") }
    } else {
        format!("{text},{padding}")
    }
}

fn pick_measure<'d>(d: &'d Data, rng: &mut Rng, short: bool, undated: bool) -> &'d Measure {
    let pool: Vec<&Measure> = d.measures.iter().filter(|m| m.short == short && (!undated || !m.dated)).collect();
    pool[rng.below(pool.len())]
}

fn measure(how: &'static str, rng: &mut Rng) -> String {
    let d = data();
    let slogan = |rng: &mut Rng| rng.pick(&d.slogans).to_string();
    let generic = |rng: &mut Rng| rng.pick(&d.generic).to_string();
    let unit = |rng: &mut Rng| render(rng.pick_str(&UNITS), rng.next(), rng.next());
    let concrete = |rng: &mut Rng, short: bool, undated: bool| {
        let m = pick_measure(d, rng, short, undated);
        render(m.template, rng.next(), rng.next())
    };
    match how {
        "vague:slogan" => slogan(rng),
        "vague:slogan+pad" => {
            let (s, p) = (slogan(rng), pad(d, rng));
            padded(&s, &p, rng)
        }
        "vague:generic" => generic(rng),
        "vague:generic+pad" => {
            let (g, p) = (generic(rng), pad(d, rng));
            padded(&g, &p, rng)
        }
        "vague:slogan+generic" => format!("{},{}", slogan(rng), generic(rng)),
        "vague:slogan+generic+pad" => {
            let (s, g, p) = (slogan(rng), generic(rng), pad(d, rng));
            padded(&format!("{s},{g}"), &p, rng)
        }
        "vague:unit+slogan" => format!("{}{}", unit(rng), slogan(rng)),
        "vague:unit+generic+pad" => {
            let (u, g, p) = (unit(rng), generic(rng), pad(d, rng));
            format!("{u}{g},{p}")
        }
        "concrete:full" => concrete(rng, false, false),
        "concrete:short" => concrete(rng, true, false),
        "concrete:short+pad" => {
            let (c, p) = (concrete(rng, true, false), pad(d, rng));
            padded(&c, &p, rng)
        }
        "concrete:slogan+concrete" => {
            let s = slogan(rng);
            let short = rng.chance(35);
            format!("{s},{}", concrete(rng, short, false))
        }
        "concrete:pad+full" => {
            let (c, p) = (concrete(rng, false, true), pad(d, rng));
            padded(&c, &p, rng)
        }
        _ => String::new(),
    }
}

/// ≥ 500 measures, one field each; positive = vague (nothing a reviewer could check).
pub fn measures(seed: u64) -> Vec<Generated> {
    const PLAN: [(&str, bool, usize); 13] = [
        ("vague:slogan", true, 40),
        ("vague:slogan+pad", true, 70),
        ("vague:generic", true, 36),
        ("vague:generic+pad", true, 50),
        ("vague:slogan+generic", true, 40),
        ("vague:slogan+generic+pad", true, 30),
        ("vague:unit+slogan", true, 17),
        ("vague:unit+generic+pad", true, 17),
        ("concrete:full", false, 120),
        ("concrete:short", false, 30),
        ("concrete:short+pad", false, 40),
        ("concrete:slogan+concrete", false, 60),
        ("concrete:pad+full", false, 50),
    ];
    let mut rng = stream(seed, 1);
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (how, positive, count) in PLAN {
        let mut made = 0;
        let mut tries = 0;
        while made < count && tries < count * 50 {
            tries += 1;
            let text = measure(how, &mut rng);
            if !text.is_empty() && seen.insert(text.clone()) {
                out.push(Generated { positive, fields: vec![finish(text, &mut rng)], how });
                made += 1;
            }
        }
    }
    rng.shuffle(&mut out);
    out
}

// ---------------------------------------------------------------------------------------------
// Measure pairs.

fn frame_or_bare<'d>(d: &'d Data, rng: &mut Rng, percent: u64) -> &'d str {
    if rng.chance(percent) { rng.pick_str(&d.frames) } else { "{X}" }
}

fn copied_pair(rng: &mut Rng) -> (String, String, &'static str) {
    let d = data();
    let short = rng.chance(15);
    let m = pick_measure(d, rng, short, false);
    let template = frame_or_bare(d, rng, 25).replace("{X}", m.template);
    let (names_a, nums_a) = (rng.next(), rng.next());
    let a = render(&template, names_a, nums_a);

    let mut want = 0u8;
    while want.count_ones() < 2 {
        want = 0;
        for (bit, percent) in [(NAMES, 60), (DIGITS, 55), (REORDER, 50), (SYNONYMS, 75)] {
            if rng.chance(percent) {
                want |= bit;
            }
        }
        if rng.chance(35) {
            want |= if rng.chance(50) { ADD } else { DROP };
        }
    }

    let mut done = 0u8;
    let names_b = if want & NAMES != 0 { rng.next() } else { names_a };
    let nums_b = if want & DIGITS != 0 { rng.next() } else { nums_a };
    if render(&template, names_b, nums_a) != a {
        done |= NAMES;
    }
    if render(&template, names_a, nums_b) != a {
        done |= DIGITS;
    }
    let mut parts = clauses(&render(&template, names_b, nums_b));
    if want & DROP != 0 && parts.len() >= 3 {
        parts.remove(1 + rng.below(parts.len() - 1));
        done |= DROP;
    }
    let add = |parts: &mut Vec<String>, rng: &mut Rng| {
        let clause = render(rng.pick_str(&d.addons), names_b, rng.next());
        let at = 1 + rng.below(parts.len());
        parts.insert(at.min(parts.len()), clause);
    };
    if want & ADD != 0 {
        add(&mut parts, rng);
        done |= ADD;
    }
    if want & REORDER != 0 && parts.len() >= 2 {
        let before = parts.clone();
        for _ in 0..6 {
            rng.shuffle(&mut parts);
            if parts != before {
                break;
            }
        }
        if parts == before {
            parts.rotate_left(1);
        }
        // A connective cannot open the sentence once its clause has moved to the front.
        for connective in ["并且", "同时", "并"] {
            if let Some(rest) = parts[0].strip_prefix(connective)
                && !rest.is_empty()
            {
                parts[0] = rest.to_string();
                break;
            }
        }
        done |= REORDER;
    }
    let mut b = join(&parts);
    if want & SYNONYMS != 0 {
        let swapped = synonyms(&b, rng, 65);
        if swapped != b {
            b = swapped;
            done |= SYNONYMS;
        }
    }
    // "Several of": at least two transformations that changed something.
    if done.count_ones() < 2 || b == a {
        if done & SYNONYMS == 0 {
            let swapped = synonyms(&b, rng, 100);
            if swapped != b {
                b = swapped;
                done |= SYNONYMS;
            }
        }
        if (done.count_ones() < 2 || b == a) && done & ADD == 0 {
            let mut parts = clauses(&b);
            add(&mut parts, rng);
            b = join(&parts);
            done |= ADD;
        }
        if done.count_ones() < 2 || b == a {
            let mut parts = clauses(&b);
            parts.rotate_left(1);
            b = join(&parts);
            done |= REORDER;
        }
    }
    (a, b, copy_label(done))
}

fn distinct_same_subject(rng: &mut Rng) -> (String, String) {
    let d = data();
    loop {
        let first = &d.measures[rng.below(d.measures.len())];
        let others: Vec<&Measure> =
            d.measures.iter().filter(|m| m.subject == first.subject && m.template != first.template).collect();
        if others.is_empty() {
            continue;
        }
        let second = others[rng.below(others.len())];
        let frame = frame_or_bare(d, rng, 25);
        let names_a = rng.next();
        let names_b = if rng.chance(50) { names_a } else { rng.next() };
        let a = render(&frame.replace("{X}", first.template), names_a, rng.next());
        let b = render(&frame.replace("{X}", second.template), names_b, rng.next());
        return (a, b);
    }
}

fn distinct_shared_frame(rng: &mut Rng) -> (String, String) {
    let d = data();
    let frame = rng.pick_str(&d.frames);
    let first = &d.measures[rng.below(d.measures.len())];
    let mut second = &d.measures[rng.below(d.measures.len())];
    while second.subject == first.subject {
        second = &d.measures[rng.below(d.measures.len())];
    }
    let names_a = rng.next();
    let names_b = if rng.chance(50) { names_a } else { rng.next() };
    let a = render(&frame.replace("{X}", first.template), names_a, rng.next());
    let b = render(&frame.replace("{X}", second.template), names_b, rng.next());
    (a, b)
}

/// ≥ 300 pairs [A, B]; positive = B is a copy of A handed in by another organisation.
pub fn measure_pairs(seed: u64) -> Vec<Generated> {
    const PLAN: [(&str, usize); 3] = [("copied", 180), ("distinct:same-subject", 120), ("distinct:shared-frame", 60)];
    let mut rng = stream(seed, 2);
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (kind, count) in PLAN {
        let mut made = 0;
        let mut tries = 0;
        while made < count && tries < count * 50 {
            tries += 1;
            let (a, b, how, positive) = match kind {
                "copied" => {
                    let (a, b, how) = copied_pair(&mut rng);
                    (a, b, how, true)
                }
                "distinct:same-subject" => {
                    let (a, b) = distinct_same_subject(&mut rng);
                    (a, b, "distinct:same-subject", false)
                }
                _ => {
                    let (a, b) = distinct_shared_frame(&mut rng);
                    (a, b, "distinct:shared-frame", false)
                }
            };
            if a != b && seen.insert(format!("{a}\u{1}{b}")) {
                let fields = vec![finish(a, &mut rng), finish(b, &mut rng)];
                out.push(Generated { positive, fields, how });
                made += 1;
            }
        }
    }
    rng.shuffle(&mut out);
    out
}

// ---------------------------------------------------------------------------------------------
// Problem pairs.

#[derive(Clone, Copy)]
enum Level {
    GeneralToInstance,
    Reworded,
    InstanceToGeneral,
    InstanceToInstance,
}

fn level(rng: &mut Rng) -> Level {
    match rng.below(100) {
        0..=41 => Level::GeneralToInstance,
        42..=63 => Level::Reworded,
        64..=81 => Level::InstanceToGeneral,
        _ => Level::InstanceToInstance,
    }
}

fn rebound_label(level: Level) -> &'static str {
    match level {
        Level::GeneralToInstance => "rebound:general->instance",
        Level::Reworded => "rebound:reworded",
        Level::InstanceToGeneral => "rebound:instance->general",
        Level::InstanceToInstance => "rebound:instance->instance",
    }
}

fn distinct_label(same_area: bool, level: Level) -> &'static str {
    match (same_area, level) {
        (true, Level::GeneralToInstance) => "distinct:same-area:general->instance",
        (true, Level::Reworded) => "distinct:same-area:general->general",
        (true, Level::InstanceToGeneral) => "distinct:same-area:instance->general",
        (true, Level::InstanceToInstance) => "distinct:same-area:instance->instance",
        (false, Level::GeneralToInstance) => "distinct:other-area:general->instance",
        (false, Level::Reworded) => "distinct:other-area:general->general",
        (false, Level::InstanceToGeneral) => "distinct:other-area:instance->general",
        (false, Level::InstanceToInstance) => "distinct:other-area:instance->instance",
    }
}

/// Two different indices into a list of `n ≥ 2`.
fn two(rng: &mut Rng, n: usize) -> (usize, usize) {
    let i = rng.below(n);
    let j = (i + 1 + rng.below(n - 1)) % n;
    (i, j)
}

/// Texts for the earlier and the new side. `p` and `q` are the same problem for a rebound.
fn problem_texts(p: &Problem, q: &Problem, level: Level, same: bool, rng: &mut Rng) -> (&'static str, &'static str) {
    let general = |x: &Problem, rng: &mut Rng| rng.pick_str(&x.general);
    let instance = |x: &Problem, rng: &mut Rng| rng.pick_str(&x.instances);
    match level {
        Level::GeneralToInstance => (general(p, rng), instance(q, rng)),
        Level::InstanceToGeneral => (instance(p, rng), general(q, rng)),
        Level::Reworded if same => {
            let (i, j) = two(rng, p.general.len());
            (p.general[i], p.general[j])
        }
        Level::Reworded => (general(p, rng), general(q, rng)),
        Level::InstanceToInstance if same => {
            let (i, j) = two(rng, p.instances.len());
            (p.instances[i], p.instances[j])
        }
        Level::InstanceToInstance => (instance(p, rng), instance(q, rng)),
    }
}

/// ≥ 300 pairs [earlier closed problem, new finding at a look-back of the same organisation];
/// positive = rebound (same failing back).
pub fn problem_pairs(seed: u64) -> Vec<Generated> {
    const PLAN: [(&str, usize); 3] = [("rebound", 180), ("same-area", 100), ("other-area", 80)];
    let d = data();
    let problems = &d.problems;
    let mut rng = stream(seed, 3);
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (kind, count) in PLAN {
        let mut made = 0;
        let mut tries = 0;
        while made < count && tries < count * 50 {
            tries += 1;
            let level = level(&mut rng);
            let p = &problems[rng.below(problems.len())];
            let (q, positive, how) = match kind {
                "rebound" => {
                    let level = match level {
                        Level::Reworded if p.general.len() < 2 => Level::GeneralToInstance,
                        Level::InstanceToInstance if p.instances.len() < 2 => Level::InstanceToGeneral,
                        other => other,
                    };
                    let (earlier, new) = problem_texts(p, p, level, true, &mut rng);
                    let pair = (earlier, new);
                    push_problem_pair(&mut out, &mut seen, &mut rng, pair, true, rebound_label(level), &mut made);
                    continue;
                }
                "same-area" => {
                    let candidates: Vec<&Problem> =
                        problems.iter().filter(|q| q.area == p.area && q.family != p.family).collect();
                    if candidates.is_empty() {
                        continue;
                    }
                    (candidates[rng.below(candidates.len())], false, distinct_label(true, level))
                }
                _ => {
                    let candidates: Vec<&Problem> = problems.iter().filter(|q| q.area != p.area).collect();
                    (candidates[rng.below(candidates.len())], false, distinct_label(false, level))
                }
            };
            let pair = problem_texts(p, q, level, false, &mut rng);
            push_problem_pair(&mut out, &mut seen, &mut rng, pair, positive, how, &mut made);
        }
    }
    rng.shuffle(&mut out);
    out
}

/// Whether a text is about a county unit (`Some(true)`), a township or village (`Some(false)`),
/// or says nothing either way.
fn unit_level(template: &str) -> Option<bool> {
    let unit = template.contains("{局}");
    let township = template.contains("{镇}") || template.contains("{村}");
    match (unit, township) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

/// Fills both sides with the same organisation (one names stream) and separate numbers; a pair
/// naming a county unit on one side and a township or village on the other is left out.
fn push_problem_pair(
    out: &mut Vec<Generated>,
    seen: &mut HashSet<String>,
    rng: &mut Rng,
    (earlier, new): (&str, &str),
    positive: bool,
    how: &'static str,
    made: &mut usize,
) {
    if let (Some(x), Some(y)) = (unit_level(earlier), unit_level(new))
        && x != y
    {
        return;
    }
    let names = rng.next();
    let a = render(earlier, names, rng.next());
    let b = render(new, names, rng.next());
    if a != b && seen.insert(format!("{a}\u{1}{b}")) {
        let fields = vec![finish(a, rng), finish(b, rng)];
        out.push(Generated { positive, fields, how });
        *made += 1;
    }
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn key(v: &[Generated]) -> Vec<(bool, Vec<String>, &'static str)> {
        v.iter().map(|g| (g.positive, g.fields.clone(), g.how)).collect()
    }

    fn all(seed: u64) -> [(&'static str, Vec<Generated>, usize, usize); 3] {
        [
            ("measures", measures(seed), 500, 1),
            ("measure_pairs", measure_pairs(seed), 300, 2),
            ("problem_pairs", problem_pairs(seed), 300, 2),
        ]
    }

    #[test]
    fn word_lists_are_broad() {
        let d = data();
        assert!(d.slogans.len() >= 40, "slogans {}", d.slogans.len());
        assert!(d.generic.len() >= 30, "generic {}", d.generic.len());
        assert!(d.padding.len() >= 15, "padding {}", d.padding.len());
        assert!(d.measures.len() >= 80, "measures {}", d.measures.len());
        assert!(d.measures.iter().filter(|m| m.short).count() >= 20);
        assert!(d.thesaurus.groups.len() >= 60, "groups {}", d.thesaurus.groups.len());
        assert!(d.problems.len() >= 40, "problems {}", d.problems.len());
        for p in &d.problems {
            assert!(p.instances.len() >= 4, "{:?}", p.general);
            assert!(p.general.len() >= 2, "{:?}", p.general);
        }
        for section in ["镇", "村", "局", "姓"] {
            assert!(d.places.get(section).is_some_and(|l| l.len() >= 20), "{section}");
        }
        // Every thesaurus word belongs to one group only.
        let mut words = HashSet::new();
        for word in d.thesaurus.groups.iter().flatten() {
            assert!(words.insert(*word), "{word} in two groups");
        }
    }

    #[test]
    fn every_template_fills_completely() {
        let d = data();
        let templates = d
            .measures
            .iter()
            .map(|m| m.template)
            .chain(d.padding.iter().copied())
            .chain(d.addons.iter().copied())
            .chain(d.frames.iter().copied())
            .chain(d.problems.iter().flat_map(|p| p.general.iter().chain(&p.instances).copied()));
        for t in templates {
            for s in 0..5u64 {
                let text = render(&t.replace("{X}", "X"), s, s + 100);
                assert!(!text.contains(['{', '}']), "{t} -> {text}");
            }
        }
    }

    #[test]
    fn sizes_labels_and_fields() {
        for seed in [2026u64, 7, 12345] {
            for (name, set, min, width) in all(seed) {
                assert!(set.len() >= min, "{name}: {}", set.len());
                let positive = set.iter().filter(|g| g.positive).count();
                let share = positive as f64 / set.len() as f64;
                assert!((0.4..=0.6).contains(&share), "{name}: {share}");
                for g in &set {
                    assert!(!g.how.is_empty(), "{name}");
                    assert_eq!(g.fields.len(), width, "{name}");
                    for f in &g.fields {
                        assert!(!f.trim().is_empty(), "{name}: empty field");
                        assert!(!f.contains(['\t', '\n', '\r']), "{name}: {f}");
                        assert!(!f.contains(['{', '}']), "{name}: {f}");
                    }
                }
            }
        }
    }

    #[test]
    fn deterministic_for_a_seed() {
        assert_eq!(key(&measures(2026)), key(&measures(2026)));
        assert_eq!(key(&measure_pairs(2026)), key(&measure_pairs(2026)));
        assert_eq!(key(&problem_pairs(2026)), key(&problem_pairs(2026)));
        assert_ne!(key(&measures(2026)), key(&measures(2027)));
        assert_ne!(key(&measure_pairs(2026)), key(&measure_pairs(2027)));
        assert_ne!(key(&problem_pairs(2026)), key(&problem_pairs(2027)));
    }

    #[test]
    fn copies_differ_from_their_source() {
        for seed in [2026u64, 1, 99] {
            for g in measure_pairs(seed).iter().filter(|g| g.positive) {
                assert!(g.how.starts_with("copied:") && g.how.contains('+'), "{}", g.how);
                assert_ne!(g.fields[0].trim_end_matches('。'), g.fields[1].trim_end_matches('。'), "{}", g.how);
            }
            for g in measure_pairs(seed).iter().filter(|g| !g.positive) {
                assert!(g.how.starts_with("distinct:"));
            }
        }
    }

    #[test]
    fn synonyms_keep_protected_terms() {
        let mut rng = Rng(5);
        for _ in 0..20 {
            let out = synonyms("落实全面从严治党主体责任,对党组织开展检查", &mut rng, 100);
            assert!(out.contains("全面从严治党") && out.contains("党组织"), "{out}");
        }
    }

    #[test]
    fn print_counts_for_2026() {
        for (name, set, _, _) in all(2026) {
            let positive = set.iter().filter(|g| g.positive).count();
            println!("== {name}: {} examples, {positive} positive, {} negative", set.len(), set.len() - positive);
            let mut by_how: BTreeMap<&str, usize> = BTreeMap::new();
            for g in &set {
                *by_how.entry(g.how).or_default() += 1;
            }
            for (how, n) in by_how {
                println!("  {n:4}  {how}");
            }
            let show = std::env::var("TRANSFORMED_SHOW").ok().and_then(|v| v.parse().ok()).unwrap_or(6);
            for g in set.iter().take(show) {
                println!("  [{}] {} | {}", g.how, g.positive, g.fields.join(" ‖ "));
            }
        }
    }
}
