//! The evaluation of the detectors, in fourteen parts made in different ways. Each independent set
//! was written by a helper session that read neither the detectors, their word lists nor the
//! other parts, from a brief naming the kinds of case (slogans padded with dates, copies
//! reworded and reordered, rebounds at another level of abstraction, hard negatives).
//! - **tuning** (`eval/*.tsv`): written by hand beside the detectors; they were tuned on it, so
//!   it measures agreement with their rules, not generalisation.
//! - **studied, first** (`eval/studied/*.tsv`): the first independent set; scored once as the
//!   held-out part (vague P 0.94 R 0.94, copies P 1.00 R 0.29, rebounds P 0.62 R 0.54), then
//!   studied: the library and the rules were improved on it, so it is held out no more.
//! - **studied, second** (`eval/studied_2/*.tsv`): the second; scored once as the held-out part
//!   (vague 0.94/0.91, copies 0.96/0.69, rebounds 0.88/0.62), then studied: copies are judged by
//!   characters as well as words since, and findings that name an earlier finding by the
//!   failing they name.
//! - **studied, third** (`eval/studied_3/*.tsv`): the third; scored once as the held-out part
//!   (vague 1.00/0.96, copies 0.95/0.99, rebounds 0.83/0.67), then studied: the library gained
//!   concrete forms and finer typical problems on it (rebounds 1.00/1.00 on it after).
//! - **transformed** (`transformed.rs`, seed 2026): real-shaped texts put through systematic
//!   transformations (clauses reordered, near synonyms from its own thesaurus, names and numbers
//!   changed, slogans padded with dates, general failings made concrete) and hard negatives,
//!   written by another hand without reading the detectors.
//! - **studied, fourth** (`eval/studied_4/*.tsv`): the fourth, 200 measures, 150 copy pairs and
//!   200 problem pairs over about 95 failings; scored once as the held-out part (vague 1.00/0.93,
//!   copies 0.96/0.99, rebounds 0.74/0.34: rebounds by the library's terms did not generalise to
//!   failings and phrasings it was not extended for), then studied: rebounds are judged by
//!   concepts since (`concepts.rs`: an object and a failing, or a conduct, both name), a lexicon
//!   written across the domain and checked on this set.
//! - **studied, fifth** (`eval/studied_5/*.tsv`): the fifth, the same sizes; scored once as the
//!   held-out part with the concepts written (vague 0.98/0.80, copies 0.97/1.00, rebounds
//!   0.71/0.63: concepts found twice the rebounds of the library's terms on a fresh set, at a
//!   cost in precision), then studied: vague measures judged by what a slogan leads (a record
//!   named under "加强", "完善", "做到" is none made, a mechanism is no document), concepts of
//!   the failings it showed, and two findings that each tell a case held to more than a broad
//!   typical problem.
//! - **studied, sixth** (`eval/studied_6/*.tsv`): the sixth, the same sizes; scored once as the
//!   held-out part after that study (vague 0.99/0.95, copies 0.99/0.95, rebounds 0.70/0.57),
//!   then studied.
//! - **studied, seventh** (`eval/studied_7/*.tsv`): the seventh, the same sizes, written by a
//!   helper that read no code; scored once as the held-out part at the end of 2026-11-30: vague
//!   1.00/0.93, copies 0.96/0.96, rebounds 0.70/0.56 (0.71/0.55 after five broad typical
//!   problems were refined from the studied sets' false rebounds: 党费, 公车, 学校食堂, 生活会,
//!   信访). Study moved each studied set to the goal or near it and no fresh one: on the fifth,
//!   sixth and seventh fresh sets rebounds scored 0.71/0.63, 0.70/0.57 and 0.70/0.56 — a
//!   hand-written lexicon finds about as many of a fresh writer's rebounds as it has phrasings
//!   for, and broad typical problems join two cases of different failings. Studied since
//!   2026-12-01 (rebounds only; its measures and measure pairs were never looked at).
//! - **studied, eighth** (`eval/studied_8/problem_pairs.tsv`): 200 problem pairs only, written
//!   from the same brief; scored once as the second held-out part (rebounds 0.77/0.50), then
//!   studied with the seventh.
//! - **studied, ninth** (`eval/studied_9/*.tsv`): 200 measures, 150 measure pairs and 200
//!   problem pairs, written on 2026-12-01 by two helpers that read no code, no library and no
//!   other set; scored once as the held-out part on 2026-12-01 after that day's changes (118 typical
//!   problems and 40 concepts added to the 问题库 and the lexicon by a third helper that read
//!   neither the sets nor the code; a case told by figures, people and times rather than
//!   length; two cases of a refined typical problem joined; a broad typical problem joining a
//!   finer one only when its own finding is the general one): vague 0.99/0.86, copies
//!   0.92/0.97, rebounds 0.76/0.53 (the same after the mends of a cold review of the code,
//!   made without looking at the set: headings' numbers and set phrases tell no case, a
//!   refined typical problem does not join failings that are apart). The additions took the seventh and eighth sets, which their
//!   writer never saw, from 0.71/0.55 and 0.77/0.50 to 0.73/0.59 and 0.77/0.51 (library alone)
//!   and 0.76/0.63 and 0.74/0.52 (with the rules): a fresh writer's rebounds are still found
//!   about half the time. Studied since the evening of 2026-12-01: its misses showed
//!   typical problems their own name does not reach (the shipped 问题库 is held to that since).
//! - **studied, tenth** (`eval/studied_10/problem_pairs.tsv`): the tenth set's 200 problem
//!   pairs, written on 2026-12-01 (evening) by a helper that read no code, no library and no
//!   other set, from a brief naming the kinds of case (rebounds general then concrete, concrete
//!   then general, two instances, official against plain speech, about a quarter each; hard
//!   negatives on the same fund, meeting or ledger); scored once as the held-out part after the
//!   library was held to reach each typical problem by its own name: rebounds 0.66/0.53. Its
//!   false rebounds are two failings of one broad typical problem both stated in general
//!   ("公务用车标识喷涂不全" and "公务用车超编"); rules that set them apart (a finding naming
//!   more than its typical problem's words is held to what two cases are held to) raised
//!   precision on it to 0.75–0.79 and cut recall to 0.43–0.49, and did the same on every set:
//!   the rules trade one for the other, they do not reach the goal. Studied since: two findings stated in general under a broad typical problem and a finer one are
//!   not joined by the broad one when its finding names more than it (0.66/0.53 → 0.70/0.53 on
//!   this set, 0.77 → 0.78 and 0.76 → 0.78 in precision on the ninth and seventh, nothing lost
//!   elsewhere but one rebound of the sixth).
//! - **studied, eleventh** (`eval/studied_11/problem_pairs.tsv`): 200 problem pairs written the
//!   same evening by another helper from the same brief, with hard negatives of one object
//!   failing two ways stated in general on both sides; scored once as the held-out part with
//!   the rules the tenth was scored with: rebounds 0.60/0.53 (the same with the rule above,
//!   made from the tenth before this one was looked at). Studied since.
//! - **held-out** (`eval/held_out/*.tsv`): the tenth set's 200 measures and 150 measure pairs
//!   (scored once with its problem pairs: vague 1.00/0.97, copies 0.95/1.00; their errors not
//!   looked at, nothing changed in either detector since), and a twelfth set's 200 problem
//!   pairs, written the same evening by a third helper from the same brief over a wider range
//!   of organisations (county departments, hospitals, state firms); not looked at; scored once
//!   on 2026-12-01 after the changes above: rebounds 0.63/0.42 (0.62/0.42 after the mends of a
//!   cold review of the code, made without looking at the set). By strength (`strength_tiers`),
//!   over the seventh to the twelfth sets (1,200 pairs by six writers): a strong suggestion (a
//!   typical problem and the concepts both join the pair) was right 72 times in 81, a fair one
//!   218 in 321, a weak one 26 in 49; on the twelfth alone 11 in 14, 26 in 42 and 5 in 12.
//!
//! Are the rebound labels themselves too uncertain for P ≥ 0.9 and R ≥ 0.8? On 2026-12-01 two
//! helpers that read nothing but the pairs (the eleventh and twelfth sets, shuffled, labels
//! removed) labelled all 400 pairs each, blind: one agreed with the writers on 400, the other
//! on 399 (P 0.99 R 1.00 on the eleventh). The labels are consistent; a reader who understands
//! the findings meets the goal with room to spare, and the rules' 0.62/0.42 on the same pairs is
//! what the lexicon knows, not noise in the set. Scoring the twelfth this way looked at neither
//! its pairs nor its misses: the script compared label columns only.
//!
//! Would learning reach it? Tried on 2026-12-02 outside the crate (Python, scikit-learn; not
//! shipped), scoring each of the fourth to eleventh sets with a model learned from all the
//! other parts (leave one set out; the held-out parts untouched):
//! - **Word vectors**: the one pretrained Chinese semantics found inside a reachable registry's
//!   package is `synonyms` 3.10.2 on PyPI (MIT; 125,796 word2vec vectors of 100 dimensions from
//!   Chinese Wikipedia, in its source archive). The trade's words are thinly covered (购物卡,
//!   公车, 超编, 食堂 and 招投标 are absent); findings aligned word by word by these vectors,
//!   with character and word overlaps, scored P 0.41–0.72, R 0.18–0.70: below the rules.
//! - **A learned pair model**: logistic regression over pairs of words (one from each
//!   finding), the rules' judgements (typical problem, concepts, the apart flags, overlap) and
//!   the typical problems' codes at each level: mean P 0.78 R 0.74 (the rules' judgements alone
//!   in the same model 0.76/0.71, word pairs alone 0.79/0.63). The rules were studied on these
//!   sets, which flatters every model that uses them. On the seventh to eleventh (rules alone
//!   0.72/0.55) it scored 0.72/0.58 learned from two sets and 0.74/0.61 from twelve: the
//!   learning curve is flat, more labelled pairs of this kind would not reach the goal.
//! - Allowed words of one side alone, the model scored 0.80–0.95/0.63–0.91 by learning how the
//!   sets' writers phrase a rebound (说, 没, 存在, 依然 in the new finding): the brief's style,
//!   not the failing, which would not hold on an office's findings. Rejected.
//!
//! **Not yet scored** (`eval/unscored/problem_pairs.tsv`): a thirteenth set of 200 problem pairs
//! (100 rebounds), written on 2026-12-02 by a helper that read no code, no library and no other
//! set, from the tenth set's brief widened to every kind of county unit; nothing was changed
//! after it was written, and no one has looked at it. It is the held-out part for the next
//! change to the rebound detector: score it once, then study it.

use serde::Serialize;

use crate::copies::{OrgNames, copy_likeness};
use crate::rebound::{Strength, rebound_match};
use crate::transformed;
use crate::vague::vague_reason;

/// A written part's three files, in the order measures, measure pairs, problem pairs.
macro_rules! written {
    ($dir:literal) => {
        [
            include_str!(concat!("../eval/", $dir, "measures.tsv")),
            include_str!(concat!("../eval/", $dir, "measure_pairs.tsv")),
            include_str!(concat!("../eval/", $dir, "problem_pairs.tsv")),
        ]
    };
}

pub const TUNING: [&str; 3] = written!("");
/// The independent sets written whole (measures, measure pairs, problem pairs), in the order
/// they were written: the first to the seventh, then the ninth. The eighth, tenth and eleventh
/// are problem pairs only (their own constants); `sets` maps a set's number to its files.
pub const STUDIED: [[&str; 3]; 8] = [
    written!("studied/"),
    written!("studied_2/"),
    written!("studied_3/"),
    written!("studied_4/"),
    written!("studied_5/"),
    written!("studied_6/"),
    written!("studied_7/"),
    written!("studied_9/"),
];
pub const STUDIED_8_PROBLEM_PAIRS: &str = include_str!("../eval/studied_8/problem_pairs.tsv");
pub const STUDIED_10_PROBLEM_PAIRS: &str = include_str!("../eval/studied_10/problem_pairs.tsv");
pub const STUDIED_11_PROBLEM_PAIRS: &str = include_str!("../eval/studied_11/problem_pairs.tsv");
pub const HELD_OUT: [&str; 3] = written!("held_out/");
/// The seed of the transformed part (any seed makes a set of the same kinds).
pub const SEED: u64 = 2026;

/// One labelled example: the label says whether it is a positive (e.g. vague).
#[derive(Debug, Clone)]
pub struct Example {
    pub positive: bool,
    pub fields: Vec<String>,
}

/// Parses `label<TAB>field<TAB>…` lines; `#` lines are comments. `positive` is the label of
/// the class the detector looks for.
pub fn parse(tsv: &str, positive: &str) -> Vec<Example> {
    tsv.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut parts = l.split('\t');
            let label = parts.next().unwrap_or("").trim();
            Example { positive: label == positive, fields: parts.map(|f| f.trim().to_string()).collect() }
        })
        .collect()
}

fn generated(list: Vec<transformed::Generated>) -> Vec<Example> {
    list.into_iter().map(|g| Example { positive: g.positive, fields: g.fields }).collect()
}

#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Score {
    pub true_pos: usize,
    pub false_pos: usize,
    pub false_neg: usize,
    pub true_neg: usize,
}

impl Score {
    pub fn add(&mut self, truth: bool, predicted: bool) {
        match (truth, predicted) {
            (true, true) => self.true_pos += 1,
            (false, true) => self.false_pos += 1,
            (true, false) => self.false_neg += 1,
            (false, false) => self.true_neg += 1,
        }
    }
    pub fn precision(&self) -> f64 {
        ratio(self.true_pos, self.true_pos + self.false_pos)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.true_pos, self.true_pos + self.false_neg)
    }
    pub fn total(&self) -> usize {
        self.true_pos + self.false_pos + self.false_neg + self.true_neg
    }
    /// The goal: precision ≥ 0.9 and recall ≥ 0.8.
    pub fn meets_goal(&self) -> bool {
        self.precision() >= 0.9 && self.recall() >= 0.8
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// The parts of the evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Part {
    Tuning,
    /// The n-th independent set (1–11), studied after it was scored once.
    Studied(u8),
    Transformed,
    HeldOut,
}

impl Part {
    pub const ALL: [Part; 14] = [
        Part::Tuning,
        Part::Studied(1),
        Part::Studied(2),
        Part::Studied(3),
        Part::Studied(4),
        Part::Studied(5),
        Part::Studied(6),
        Part::Studied(7),
        Part::Studied(8),
        Part::Studied(9),
        Part::Studied(10),
        Part::Studied(11),
        Part::Transformed,
        Part::HeldOut,
    ];
    /// Every part but the held-out one (the last): what the detectors may be studied on.
    pub const STUDIED: [Part; 13] = {
        let mut out = [Part::Tuning; 13];
        let mut i = 0;
        while i < out.len() {
            out[i] = Part::ALL[i];
            i += 1;
        }
        out
    };
    pub fn label(self) -> &'static str {
        const STUDIED: [&str; 11] = [
            "研读集一",
            "研读集二",
            "研读集三",
            "研读集四",
            "研读集五",
            "研读集六",
            "研读集七",
            "研读集八",
            "研读集九",
            "研读集十",
            "研读集十一",
        ];
        match self {
            Part::Tuning => "调参集",
            Part::Studied(n) => STUDIED.get(usize::from(n).wrapping_sub(1)).copied().unwrap_or("研读集"),
            Part::Transformed => "变换集",
            Part::HeldOut => "留出集",
        }
    }
}

/// A detector's score on one part, and the examples it got wrong.
#[derive(Debug, Serialize)]
pub struct Report {
    pub detector: &'static str,
    pub part: Part,
    pub score: Score,
    pub errors: Vec<String>,
}

fn score(detector: &'static str, part: Part, examples: &[Example], predict: &dyn Fn(&[String]) -> bool) -> Report {
    let mut r = Report { detector, part, score: Score::default(), errors: Vec::new() };
    for e in examples {
        let p = predict(&e.fields);
        r.score.add(e.positive, p);
        if p != e.positive {
            let kind = if p { "误报" } else { "漏报" };
            r.errors.push(format!("{kind}:{}", e.fields.join(" | ")));
        }
    }
    r
}

/// The three sets of one part: measures, measure pairs, problem pairs.
pub fn sets(part: Part) -> [Vec<Example>; 3] {
    let files = match part {
        Part::Tuning => TUNING,
        Part::Studied(8) => return [Vec::new(), Vec::new(), parse(STUDIED_8_PROBLEM_PAIRS, "rebound")],
        Part::Studied(10) => return [Vec::new(), Vec::new(), parse(STUDIED_10_PROBLEM_PAIRS, "rebound")],
        Part::Studied(11) => return [Vec::new(), Vec::new(), parse(STUDIED_11_PROBLEM_PAIRS, "rebound")],
        Part::Studied(n @ 1..=7) => STUDIED[usize::from(n) - 1],
        Part::Studied(9) => STUDIED[7],
        Part::Studied(_) => return [Vec::new(), Vec::new(), Vec::new()],
        Part::HeldOut => HELD_OUT,
        Part::Transformed => {
            return [
                generated(transformed::measures(SEED)),
                generated(transformed::measure_pairs(SEED)),
                generated(transformed::problem_pairs(SEED)),
            ];
        }
    };
    let [measures, measure_pairs, problem_pairs] = files;
    [parse(measures, "vague"), parse(measure_pairs, "copied"), parse(problem_pairs, "rebound")]
}

/// A detector's judgement of one example's fields.
type Predict<'a> = dyn Fn(&[String]) -> bool + 'a;

/// Every detector on the given parts.
pub fn run(parts: &[Part]) -> Vec<Report> {
    // Pairs are handed in by different organisations whose names the detector does not know.
    let names = OrgNames::default();
    let vague = |f: &[String]| vague_reason(&f[0]).is_some();
    let copied = |f: &[String]| copy_likeness(&f[0], &f[1], &names).is_copy();
    let rebound = |f: &[String]| rebound_match(&f[0], &f[1]).is_likely();
    let mut out = Vec::new();
    for part in parts {
        let [measures, pairs, problems] = sets(*part);
        let detectors: [(&'static str, &[Example], &Predict); 3] = [
            ("vague 空泛措施", &measures, &vague),
            ("copied 照抄措施(成对)", &pairs, &copied),
            ("rebound 问题反弹(成对)", &problems, &rebound),
        ];
        // A part written for one detector only (the eighth set) scores that one.
        for (detector, examples, predict) in detectors.into_iter().filter(|(_, e, _)| !e.is_empty()) {
            out.push(score(detector, *part, examples, predict));
        }
    }
    out
}

/// The rebounds put to the office at one strength, over some parts: how many were right.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Tier {
    pub strength: Strength,
    /// Pairs put to the office at this strength that are rebounds, and that are not.
    pub right: usize,
    pub wrong: usize,
    /// All rebounds of those parts, put to the office or not.
    pub rebounds: usize,
}

impl Tier {
    pub fn precision(&self) -> f64 {
        ratio(self.right, self.right + self.wrong)
    }
    /// The share of all rebounds found at this strength.
    pub fn share(&self) -> f64 {
        ratio(self.right, self.rebounds)
    }
}

/// How often a suggestion of each strength was right, strongest first, over the given parts'
/// problem pairs: what the office may expect of a 较强 suggestion and of an 一般 one.
pub fn strength_tiers(parts: &[Part]) -> Vec<Tier> {
    let mut tiers: Vec<Tier> = [Strength::Strong, Strength::Fair, Strength::Weak]
        .into_iter()
        .map(|strength| Tier { strength, right: 0, wrong: 0, rebounds: 0 })
        .collect();
    for part in parts {
        let [_, _, problems] = sets(*part);
        let rebounds = problems.iter().filter(|e| e.positive).count();
        for t in &mut tiers {
            t.rebounds += rebounds;
        }
        for e in &problems {
            let Some(strength) = rebound_match(&e.fields[0], &e.fields[1]).strength() else { continue };
            if let Some(t) = tiers.iter_mut().find(|t| t.strength == strength) {
                if e.positive { t.right += 1 } else { t.wrong += 1 }
            }
        }
    }
    tiers
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The strengths are ordered as the office is told: on the studied independent sets a strong
    /// suggestion is right more often than a fair one, a fair one than a weak one (the held-out
    /// part's figures are `xuncha eval`'s).
    #[test]
    fn stronger_suggestions_are_right_more_often_on_the_independent_sets() {
        let independent: Vec<Part> = Part::STUDIED.into_iter().filter(|p| matches!(p, Part::Studied(_))).collect();
        let tiers = strength_tiers(&independent);
        let (strong, fair) = (tiers[0], tiers[1]);
        assert!(strong.right + strong.wrong >= 50, "{tiers:?}");
        assert!(strong.precision() >= 0.9 && strong.precision() > fair.precision(), "{tiers:?}");
        assert!(fair.precision() > tiers[2].precision(), "{tiers:?}");
    }

    #[test]
    fn every_part_is_large_enough_and_well_formed() {
        let sizes: Vec<[usize; 3]> = Part::ALL.iter().map(|p| sets(*p).map(|s| s.len())).collect();
        assert!(sizes[0][0] >= 200 && sizes[0][1] >= 100 && sizes[0][2] >= 100, "{sizes:?}");
        let total = |i: usize| sizes.iter().map(|s| s[i]).sum::<usize>();
        assert!(total(0) >= 500 && total(1) >= 300 && total(2) >= 300, "{sizes:?}");
        for part in Part::ALL {
            let [m, p, q] = sets(part);
            assert!(m.iter().all(|e| e.fields.len() == 1 && !e.fields[0].is_empty()), "{part:?}");
            assert!(p.iter().chain(&q).all(|e| e.fields.len() == 2 && e.fields.iter().all(|f| !f.is_empty())));
            for set in [&m, &p, &q] {
                let positives = set.iter().filter(|e| e.positive).count();
                assert!(positives * 10 >= set.len() * 3 && positives * 10 <= set.len() * 7, "{part:?} is balanced");
            }
        }
    }

    #[test]
    fn scores_count_what_they_should() {
        let mut s = Score::default();
        for (t, p) in [(true, true), (true, true), (false, true), (true, false)] {
            s.add(t, p);
        }
        assert!((s.precision() - 2.0 / 3.0).abs() < 1e-9 && (s.recall() - 2.0 / 3.0).abs() < 1e-9);
        assert!(!s.meets_goal());
    }

    /// Studied parts where a detector still falls short of the goal, with the floor it must keep
    /// there (so that it cannot slip unseen) until it meets the goal and leaves this list. The
    /// sixth set's hard negatives are two failings under one typical problem of the 问题库
    /// (党费 collected short, 党费 spent on gifts); the seventh and eighth were scored once as
    /// held-out parts at 0.71/0.55 and 0.77/0.50, the ninth to the eleventh at 0.76/0.53,
    /// 0.66/0.53 and 0.60/0.53, and all stay short: their rebounds are in words the library does
    /// not have, and their hard negatives two failings of a typical problem not yet refined.
    const SHORT: &[(&str, Part, f64, f64)] = &[
        ("rebound", Part::Studied(6), 0.78, 0.85),
        ("rebound", Part::Studied(7), 0.73, 0.60),
        ("rebound", Part::Studied(8), 0.70, 0.50),
        ("rebound", Part::Studied(9), 0.74, 0.50),
        ("rebound", Part::Studied(10), 0.66, 0.50),
        ("rebound", Part::Studied(11), 0.56, 0.50),
    ];

    /// The goal of the issue (precision ≥ 0.9, recall ≥ 0.8) on the parts written beside the
    /// detectors, studied, and made by transformation (the held-out part is `xuncha eval`'s).
    #[test]
    fn detectors_meet_their_goal_on_the_tuning_studied_and_transformed_parts() {
        for r in run(&Part::STUDIED) {
            let (p, rc) = (r.score.precision(), r.score.recall());
            let short = SHORT.iter().find(|(d, part, _, _)| r.detector.starts_with(d) && *part == r.part);
            let kept = match short {
                Some((_, _, min_p, min_r)) => {
                    assert!(
                        !r.score.meets_goal(),
                        "{} on {} meets the goal now: leave SHORT",
                        r.detector,
                        r.part.label()
                    );
                    p >= *min_p && rc >= *min_r
                }
                None => r.score.meets_goal(),
            };
            assert!(kept, "{} on {}: P={p:.2} R={rc:.2} errors: {:#?}", r.detector, r.part.label(), r.errors);
        }
    }

    /// `cargo test -p xuncha-analysis --lib eval::tests::print -- --ignored --nocapture`: every
    /// misjudged example of the tuning and transformed parts, to study.
    #[test]
    #[ignore]
    fn print_errors() {
        // EVAL_ALL=1 includes the held-out part: looking at its errors spends it.
        let parts: &[Part] = if std::env::var("EVAL_ALL").is_ok() { &Part::ALL } else { &Part::STUDIED };
        for r in run(parts) {
            println!(
                "{} {}: P={:.2} R={:.2} n={}",
                r.part.label(),
                r.detector,
                r.score.precision(),
                r.score.recall(),
                r.score.total()
            );
            for e in &r.errors {
                println!("  {e}");
            }
        }
    }
}
