//! How long the text detectors take, against a trivial comparison measured in the same run: the
//! labelled pairs and measures of every part of the evaluation, judged `rounds` times over. The
//! baseline is what any detector must do anyway (both texts normalised and their character
//! bigrams compared); each stage of the rebound judgement is timed on its own, so the cost of
//! the concept lexicon can be read beside the 问题库's classification.

use std::hint::black_box;
use std::time::Instant;

use xuncha_analysis::concepts::Concepts;
use xuncha_analysis::eval::{Part, sets};
use xuncha_analysis::library::Library;
use xuncha_analysis::rebound::rebound_match;
use xuncha_analysis::text::ngrams;
use xuncha_analysis::vague::vague_reason;

pub struct Line {
    pub what: &'static str,
    pub per_thousand_ms: f64,
    pub ratio: f64,
}

fn time(rounds: usize, n: usize, f: &mut dyn FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..rounds {
        f();
    }
    start.elapsed().as_secs_f64() * 1000.0 / (rounds * n) as f64 * 1000.0
}

/// Milliseconds per 1,000 pairs (or measures) for each stage, and its ratio to the baseline.
pub fn run(rounds: usize) -> Vec<Line> {
    let (mut pairs, mut measures): (Vec<(String, String)>, Vec<String>) = (Vec::new(), Vec::new());
    for part in Part::ALL {
        let [part_measures, _, problem_pairs] = sets(part);
        measures.extend(part_measures.into_iter().map(|e| e.fields[0].clone()));
        pairs.extend(problem_pairs.into_iter().map(|e| (e.fields[0].clone(), e.fields[1].clone())));
    }
    let (library, concepts) = (Library::built_in(), Concepts::built_in());
    // Parse the lexicons before timing.
    black_box(rebound_match("公车私用", "开着公车回老家"));
    let n = pairs.len();
    let baseline = time(rounds, n, &mut || {
        for (a, b) in &pairs {
            let (x, y) = (ngrams(a, 2), ngrams(b, 2));
            black_box(x.intersection(&y).count());
        }
    });
    let classify = time(rounds, n, &mut || {
        for (a, b) in &pairs {
            black_box((library.classify_all(a), library.classify_all(b)));
        }
    });
    let profile = time(rounds, n, &mut || {
        for (a, b) in &pairs {
            black_box(concepts.shared(&concepts.profile(a), &concepts.profile(b)));
        }
    });
    let whole = time(rounds, n, &mut || {
        for (a, b) in &pairs {
            black_box(rebound_match(a, b).is_likely());
        }
    });
    let vague = time(rounds, measures.len(), &mut || {
        for m in &measures {
            black_box(vague_reason(m));
        }
    });
    let line = |what, ms: f64| Line { what, per_thousand_ms: ms, ratio: ms / baseline };
    vec![
        line("基线:两段文字规整并比较字符二元组(每千对)", baseline),
        line("问题库归类,两段各一次(每千对)", classify),
        line("概念词表:两段的对象、失误与行为及其交集(每千对)", profile),
        line("问题反弹判断全程(每千对)", whole),
        line("空泛措施判断(每千条措施)", vague),
    ]
}

pub fn markdown(rounds: usize, lines: &[Line]) -> String {
    let mut out =
        format!("检测器耗时(评测集全部样本,重复{rounds}遍)\n\n| 环节 | 毫秒/千 | 相对基线 |\n| --- | --- | --- |\n");
    for l in lines {
        out += &format!("| {} | {:.1} | {:.1}× |\n", l.what, l.per_thousand_ms, l.ratio);
    }
    out
}
