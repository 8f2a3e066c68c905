//! Seeded, realistic Chinese text for benchmarks and the province-scale generator.
//!
//! Everything is drawn from one small deterministic generator, so the same seed gives the same
//! text on every machine and every run (benchmarks compare like with like). No I/O.

pub mod vocab;

use vocab::*;

/// A small deterministic generator (xorshift64). Not for anything secret.
#[derive(Debug, Clone)]
pub struct Rng(pub u64);

impl Rng {
    /// A generator for a user's seed: the seed is spread (splitmix64) so that 0, 1, 2… give
    /// unrelated streams, and the state is never zero (xorshift would stay at zero).
    pub fn seeded(seed: u64) -> Self {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }
    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// One clause of a measure, from one of eight shapes offices write.
pub fn clause(rng: &mut Rng, shape: u64) -> String {
    match shape {
        0 => format!(
            "对{}{}{}个村的{}{}",
            rng.pick(&PLACES),
            rng.pick(&SCOPES),
            rng.next() % 40 + 2,
            rng.pick(&OBJECTS),
            rng.pick(&ACTIONS)
        ),
        1 => format!("{}{}", rng.pick(&DEADLINES), rng.pick(&OUTCOMES)),
        2 => format!("由{}牵头{}{}", rng.pick(&DEPTS), rng.pick(&ACTIONS), rng.pick(&OBJECTS)),
        3 => format!("建立{}{}制度", rng.pick(&OBJECTS), rng.pick(&MECHANISMS)),
        4 => format!("每{}{}一次{}", rng.pick(&PERIODS), rng.pick(&ACTIONS), rng.pick(&OBJECTS)),
        5 => format!("发现问题{}", rng.pick(&HANDLING)),
        6 => format!("在{}公示{}{}情况", rng.pick(&WHERE), rng.pick(&SCOPES), rng.pick(&OBJECTS)),
        _ => {
            format!("{}笔{}由{}逐笔{}", rng.next() % 90 + 3, rng.pick(&OBJECTS), rng.pick(&DEPTS), rng.pick(&OUTCOMES))
        }
    }
}

/// A measure: a clause naming what is done to what (shape 0 or 7), then two or three others.
pub fn measure_text(rng: &mut Rng) -> String {
    let mut shapes: Vec<u64> = vec![if rng.next().is_multiple_of(2) { 0 } else { 7 }];
    let more = 2 + (rng.next() % 2) as usize;
    while shapes.len() < 1 + more {
        let s = 1 + rng.next() % 6;
        if !shapes.contains(&s) {
            shapes.push(s);
        }
    }
    shapes.iter().map(|s| clause(rng, *s)).collect::<Vec<_>>().join(",")
}

/// Another organisation's measure handed in again: its place names and numbers changed.
pub fn copied_text(rng: &mut Rng, source: &str) -> String {
    let place = rng.pick(&PLACES);
    let mut t = source.to_string();
    for p in PLACES {
        t = t.replace(p, place);
    }
    t.replace(|c: char| c.is_ascii_digit(), &(rng.next() % 10).to_string())
}

/// A problem as a feedback report states it: over which period, what, and what was wrong.
pub fn problem_summary(rng: &mut Rng) -> String {
    format!("{}{}{}", rng.pick(&SCOPES), rng.pick(&OBJECTS), rng.pick(&DEFECTS))
}

/// A tip as registered: who reports what about which object.
pub fn tip_content(rng: &mut Rng, place: &str) -> String {
    format!(
        "{}{}{}{},涉及金额约{}万元,希望巡察组予以核查。",
        rng.pick(&TIP_OPENINGS),
        place,
        rng.pick(&OBJECTS),
        rng.pick(&DEFECTS),
        rng.between(1, 300)
    )
}

/// A person's name (surname and given name).
pub fn person_name(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(&SURNAMES), rng.pick(&GIVEN))
}

/// The name of the `i`-th county: two characters and 县, unique for `i` below 200.
pub fn county_name(i: usize) -> String {
    let head = COUNTY_HEADS[i % COUNTY_HEADS.len()];
    let tail = COUNTY_TAILS[(i / COUNTY_HEADS.len()) % COUNTY_TAILS.len()];
    format!("{head}{tail}县")
}

/// Chinese numerals for ordinals (第一轮, 第二组…), one to ten.
pub fn ordinal(n: usize) -> &'static str {
    ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"][(n.max(1) - 1) % 10]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_text_and_another_seed_another() {
        let take = |seed| {
            let mut r = Rng::seeded(seed);
            (0..20).map(|_| measure_text(&mut r)).collect::<Vec<_>>()
        };
        assert_eq!(take(1), take(1));
        assert_ne!(take(1), take(2));
        assert_ne!(Rng::seeded(0).0, 0);
    }

    #[test]
    fn county_names_are_unique_for_two_hundred_counties() {
        let names: std::collections::HashSet<String> = (0..200).map(county_name).collect();
        assert_eq!(names.len(), 200);
        assert_eq!(county_name(0), "云川县");
    }

    #[test]
    fn a_copy_keeps_the_words_and_changes_places_and_numbers() {
        let mut r = Rng::seeded(7);
        let src = "对谷前堡镇2021年以来12个村的光伏收益逐笔清查";
        let copy = copied_text(&mut r, src);
        assert!(copy.contains("光伏收益逐笔清查"), "{copy}");
        assert!(PLACES.iter().any(|p| copy.starts_with(&format!("对{p}"))), "{copy}");
        let digits: std::collections::HashSet<char> = copy.chars().filter(char::is_ascii_digit).collect();
        assert_eq!(digits.len(), 1, "every number rewritten with one digit: {copy}");
    }

    #[test]
    fn draws_stay_in_their_ranges() {
        let mut r = Rng::seeded(3);
        for _ in 0..1000 {
            assert!((5..=9).contains(&r.between(5, 9)));
            assert!(r.below(3) < 3);
        }
        let hits = (0..10_000).filter(|_| r.chance(30)).count();
        assert!((2_500..3_500).contains(&hits), "{hits}");
    }
}
