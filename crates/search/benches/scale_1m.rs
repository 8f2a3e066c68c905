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

use xuncha_analysis::copies::{COPY_THRESHOLD, CopyIndex, jaccard, masked, shingles};
use xuncha_search::{Allowed, Doc, Kind, SearchIndex};

const ACTIONS: [&str; 24] = [
    "逐笔清查",
    "全面核查",
    "专项审计",
    "逐户核实",
    "集中清理",
    "重新核定",
    "限期整改",
    "建档登记",
    "逐项对账",
    "公开公示",
    "交叉检查",
    "回访核实",
    "盘点登记",
    "复核确认",
    "清退收回",
    "规范补办",
    "重新签订",
    "统一核算",
    "分类处置",
    "专项整治",
    "约谈提醒",
    "督查通报",
    "集中培训",
    "定期抽查",
];
const OBJECTS: [&str; 30] = [
    "光伏收益",
    "集体土地承包费",
    "村级债务",
    "惠民补贴资金",
    "低保对象",
    "危房改造补助",
    "公务用车",
    "办公用房",
    "工程项目合同",
    "差旅费报销凭证",
    "公务接待费用",
    "党费收缴",
    "集体资产租赁合同",
    "农机购置补贴",
    "耕地地力补贴",
    "扶贫项目资产",
    "合作社账目",
    "非税收入",
    "食堂采购票据",
    "会议记录",
    "发展党员材料",
    "流动党员台账",
    "信访件",
    "安全隐患",
    "集体经济收入",
    "土地流转费用",
    "公益性岗位人员",
    "村干部报酬",
    "项目资金",
    "宅基地审批",
];
const SCOPES: [&str; 20] = [
    "2021年以来",
    "2022年度",
    "上轮巡察以来",
    "近三年",
    "2020至2022年",
    "本年度",
    "历年",
    "2019年以来",
    "换届以来",
    "近两年",
    "2023年上半年",
    "2018年以来",
    "全部",
    "所有村",
    "镇直各单位",
    "各村",
    "机关各股室",
    "各合作社",
    "各驻村工作队",
    "各站所",
];
const DEADLINES: [&str; 12] = [
    "9月底前完成",
    "10月底前完成",
    "11月底前完成",
    "12月底前完成",
    "年底前完成",
    "立即整改",
    "一个月内完成",
    "限期两个月",
    "每季度一次",
    "每月一次",
    "长期坚持",
    "明年3月底前完成",
];
const OUTCOMES: [&str; 20] = [
    "形成清查台账",
    "全额追回资金",
    "在公开栏公示",
    "报镇党委备案",
    "形成专项报告",
    "建立管理台账",
    "纳入年度考核",
    "移交纪委处理",
    "签订承诺书",
    "录入信息系统",
    "结果向群众公开",
    "形成整改清单",
    "补办审批手续",
    "印发管理办法",
    "形成会议纪要",
    "归档备查",
    "逐户签字确认",
    "上缴财政账户",
    "形成对账报告",
    "通报全镇",
];
const DEPTS: [&str; 15] = [
    "经管站",
    "财政所",
    "党建办",
    "纪委",
    "组织办",
    "农业农村办",
    "民政办",
    "规划办",
    "应急办",
    "综治中心",
    "村务监督委员会",
    "驻村工作队",
    "社会事务办",
    "便民服务中心",
    "审计组",
];
const MECHANISMS: [&str; 12] = [
    "定期公开",
    "台账管理",
    "审批备案",
    "交叉检查",
    "季度通报",
    "责任追究",
    "联审联签",
    "回访问效",
    "专人保管",
    "集体研究",
    "月度对账",
    "限时办结",
];
const WHERE: [&str; 8] =
    ["村务公开栏", "镇政府网站", "党务公开栏", "便民服务大厅", "微信工作群", "村民代表会议", "党员大会", "政务公开栏"];
const PERIODS: [&str; 4] = ["月", "季度", "半年", "年"];
const HANDLING: [&str; 10] = [
    "立行立改",
    "限期补正",
    "追回资金",
    "约谈责任人",
    "移交纪委",
    "通报批评",
    "调整岗位",
    "重新公示",
    "补办手续",
    "责令退还",
];
const PLACES: [&str; 16] = [
    "谷前堡镇",
    "张西河乡",
    "卅里铺乡",
    "南高崖乡",
    "贾家屯乡",
    "新平堡镇",
    "玉泉镇",
    "米薪关镇",
    "赵家沟乡",
    "逯家湾镇",
    "水磨口乡",
    "南河堡乡",
    "三十里铺镇",
    "马家皂乡",
    "大堡乡",
    "杨家窑村",
];

/// One clause of a measure, from one of eight shapes offices write.
fn clause(rng: &mut Rng, shape: u64) -> String {
    match shape {
        0 => format!(
            "对{}{}{}{}个村的{}{}",
            rng.pick(&PLACES),
            rng.pick(&SCOPES),
            "",
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

/// A small deterministic generator (xorshift; no crate needed for a benchmark's data).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[(self.next() % list.len() as u64) as usize]
    }
}

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
            let src = &out[(rng.next() % i as u64) as usize].text;
            let place = rng.pick(&PLACES);
            let mut t = src.clone();
            for p in PLACES {
                t = t.replace(p, place);
            }
            t.replace(|c: char| c.is_ascii_digit(), &(rng.next() % 10).to_string())
        } else {
            // A clause naming the object (shape 0 or 7), then two or three other shapes.
            let mut shapes: Vec<u64> = vec![if rng.next().is_multiple_of(2) { 0 } else { 7 }];
            let more = 2 + (rng.next() % 2) as usize;
            while shapes.len() < 1 + more {
                let s = 1 + rng.next() % 6;
                if !shapes.contains(&s) {
                    shapes.push(s);
                }
            }
            shapes.iter().map(|s| clause(&mut rng, *s)).collect::<Vec<_>>().join(",")
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

/// Every pair compared exactly (each text's bigrams computed once).
fn naive_pairs(measures: &[Measure]) -> Vec<(i64, i64)> {
    let sets: Vec<_> = measures.iter().map(|m| shingles(&masked(&m.text, &[]))).collect();
    let mut out = Vec::new();
    for (i, a) in measures.iter().enumerate() {
        for (j, b) in measures.iter().enumerate().skip(i + 1) {
            if (a.org, a.round) != (b.org, b.round) && jaccard(&sets[i], &sets[j]) >= COPY_THRESHOLD {
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
