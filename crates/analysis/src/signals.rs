//! The signals on a measure and on a plan, each with a reason a reviewer reads in Chinese.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;
use time::Date;
use xuncha_domain::coded_enum;

use crate::text::{containment, normalise};
use crate::vague::vague_reason;

coded_enum!(
    /// What makes a measure or plan look like rectification on paper only.
    SignalKind {
        Vague = "vague" / "措施空泛",
        Restated = "restated" / "照搬问题表述",
        Copied = "copied" / "疑似照抄",
        NoEvidence = "no_evidence" / "无佐证销号",
        Backdated = "backdated" / "佐证早于反馈",
        Slippage = "slippage" / "一再延期",
        Diffuse = "diffuse" / "责任人不具体",
        Concentrated = "concentrated" / "责任过度集中",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, xuncha_domain::schemars::JsonSchema)]
#[schemars(crate = "xuncha_domain::schemars")]
pub struct Signal {
    pub kind: SignalKind,
    pub reason: String,
}

impl Signal {
    fn new(kind: SignalKind, reason: String) -> Self {
        Signal { kind, reason }
    }
}

/// What is known of one measure when it is judged.
#[derive(Debug, Clone, Default)]
pub struct MeasureFacts<'a> {
    pub content: &'a str,
    /// The summary (and detail) of the problem the measure answers.
    pub problem: &'a str,
    pub responsible_person: &'a str,
    pub closed: bool,
    pub evidence_count: usize,
    /// The newest date written on its evidence (材料形成日期), if any is dated.
    pub newest_evidence_date: Option<Date>,
    pub feedback_date: Option<Date>,
    /// Extensions granted, and days between the first deadline and the current one.
    pub extensions: usize,
    pub slipped_days: i64,
}

/// Approved extensions from which a measure's deadline is slipping (一再延期).
pub const REPEATED_EXTENSIONS: usize = 2;

/// Share of a measure's wording taken from its problem above which it is a restatement.
pub const RESTATED_SHARE: f64 = 0.7;

/// The responsible "person" names a unit or a group rather than someone who can be asked.
static NOT_A_PERSON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(全体|各|所有|相关|有关|班子|领导班子)",
        r"|(局|委|办|站|所|科|股|室|部|组|中心|支部|党委|政府|单位|处|队|院|委员会|班子|成员|干部|人员|全体)$",
    ))
    .expect("person pattern")
});

/// Why the responsible person is not one person, if so.
pub fn diffuse_reason(person: &str) -> Option<String> {
    let p = normalise(person);
    (!p.is_empty() && NOT_A_PERSON.is_match(&p))
        .then(|| format!("责任人“{}”是单位或群体,不是可以问责的具体个人", person.trim()))
}

pub fn measure_signals(f: &MeasureFacts<'_>) -> Vec<Signal> {
    let mut out = Vec::new();
    if let Some(reason) = vague_reason(f.content) {
        out.push(Signal::new(SignalKind::Vague, reason));
    }
    let share = containment(f.content, f.problem);
    if !f.problem.trim().is_empty() && normalise(f.content).chars().count() >= 6 && share >= RESTATED_SHARE {
        out.push(Signal::new(
            SignalKind::Restated,
            format!("措施{:.0}%的文字与问题表述相同,系对问题的复述,未提出具体整改举措", share * 100.0),
        ));
    }
    if f.closed && f.evidence_count == 0 {
        out.push(Signal::new(SignalKind::NoEvidence, "已销号,但没有任何佐证材料".into()));
    }
    if let (Some(evidence), Some(feedback)) = (f.newest_evidence_date, f.feedback_date)
        && evidence < feedback
    {
        out.push(Signal::new(
            SignalKind::Backdated,
            format!("佐证材料形成日期最晚为{evidence},早于反馈日期{feedback},不能证明反馈后的整改"),
        ));
    }
    // One approved extension is the rule working as meant; a second one, or a deadline pushed
    // back with none approved, is slippage.
    if f.extensions >= REPEATED_EXTENSIONS || (f.extensions == 0 && f.slipped_days > 0) {
        out.push(Signal::new(
            SignalKind::Slippage,
            format!("已延期{}次,整改时限累计推迟{}天", f.extensions, f.slipped_days.max(0)),
        ));
    }
    if let Some(reason) = diffuse_reason(f.responsible_person) {
        out.push(Signal::new(SignalKind::Diffuse, reason));
    }
    out
}

/// Fewest measures in a plan before concentration is judged, and the share one person may carry.
pub const CONCENTRATION_MIN_MEASURES: usize = 6;
pub const CONCENTRATION_SHARE: f64 = 0.5;

/// A plan where one person carries most measures: "田丽娟一人承担本单位12条措施中的9条".
pub fn concentration(persons: &[&str]) -> Option<(String, Signal)> {
    let named: Vec<String> = persons.iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect();
    if named.len() < CONCENTRATION_MIN_MEASURES {
        return None;
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for p in &named {
        *counts.entry(p.as_str()).or_default() += 1;
    }
    let (top, n) = counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))?;
    ((n as f64) / (named.len() as f64) > CONCENTRATION_SHARE).then(|| {
        let reason = format!("{top}一人承担本单位{}条措施中的{n}条,责任没有分解到人", named.len());
        (top.to_string(), Signal::new(SignalKind::Concentrated, reason))
    })
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn kinds(f: &MeasureFacts<'_>) -> Vec<SignalKind> {
        measure_signals(f).into_iter().map(|s| s.kind).collect()
    }

    #[test]
    fn a_concrete_measure_with_a_person_and_fresh_evidence_raises_nothing() {
        let f = MeasureFacts {
            content: "对13个村光伏收益逐村清查,全部纳入村集体账户统一核算",
            problem: "村级财务管理不规范,部分村光伏收益未纳入村集体账户核算",
            responsible_person: "梁志勇",
            closed: true,
            evidence_count: 2,
            newest_evidence_date: Some(date!(2023 - 09 - 20)),
            feedback_date: Some(date!(2023 - 08 - 15)),
            ..Default::default()
        };
        assert!(measure_signals(&f).is_empty(), "{:?}", measure_signals(&f));
    }

    #[test]
    fn a_measure_that_repeats_its_problem_is_a_restatement() {
        let f = MeasureFacts {
            content: "整改部分村光伏收益未纳入村集体账户核算的问题",
            problem: "村级财务管理不规范,部分村光伏收益未纳入村集体账户核算",
            responsible_person: "梁志勇",
            ..Default::default()
        };
        let s = measure_signals(&f);
        assert_eq!(s.iter().map(|s| s.kind).collect::<Vec<_>>(), vec![SignalKind::Restated]);
        assert!(s[0].reason.contains('%'));
    }

    #[test]
    fn closing_without_or_with_old_evidence_is_flagged() {
        let base = MeasureFacts {
            content: "追回违规发放补贴3.6万元",
            responsible_person: "王强",
            closed: true,
            ..Default::default()
        };
        assert_eq!(kinds(&base), vec![SignalKind::NoEvidence]);
        let old = MeasureFacts {
            evidence_count: 1,
            newest_evidence_date: Some(date!(2023 - 05 - 01)),
            feedback_date: Some(date!(2023 - 08 - 15)),
            ..base
        };
        let s = measure_signals(&old);
        assert_eq!(s[0].kind, SignalKind::Backdated);
        assert!(s[0].reason.contains("2023-05-01") && s[0].reason.contains("2023-08-15"), "{}", s[0].reason);
    }

    #[test]
    fn slippage_counts_extensions_and_days() {
        let f = MeasureFacts {
            content: "12月底前完成村级债务清理",
            responsible_person: "王强",
            extensions: 2,
            slipped_days: 45,
            ..Default::default()
        };
        let s = measure_signals(&f);
        assert_eq!(s[0].reason, "已延期2次,整改时限累计推迟45天");
    }

    #[test]
    fn one_approved_extension_is_not_slippage() {
        let once = MeasureFacts {
            content: "12月底前完成村级债务清理",
            responsible_person: "王强",
            extensions: 1,
            slipped_days: 60,
            ..Default::default()
        };
        assert!(measure_signals(&once).iter().all(|s| s.kind != SignalKind::Slippage));
        let unapproved = MeasureFacts { extensions: 0, slipped_days: 30, ..once };
        assert!(measure_signals(&unapproved).iter().any(|s| s.kind == SignalKind::Slippage));
    }

    #[test]
    fn units_and_groups_are_not_responsible_persons() {
        for unit in ["经管站", "镇党委", "全体班子成员", "各村党支部书记", "相关股室", "财政所"]
        {
            assert!(diffuse_reason(unit).is_some(), "{unit}");
        }
        for person in ["梁志勇", "田丽娟", "欧阳明", "王强", "李明(分管副镇长)"] {
            assert!(diffuse_reason(person).is_none(), "{person}");
        }
    }

    #[test]
    fn one_person_with_most_measures_is_concentration() {
        let many = ["田丽娟", "田丽娟", "田丽娟", "田丽娟", "王强", "梁志勇", "田丽娟"];
        let (who, s) = concentration(&many).unwrap();
        assert_eq!(who, "田丽娟");
        assert_eq!(s.reason, "田丽娟一人承担本单位7条措施中的5条,责任没有分解到人");
        assert!(concentration(&["田丽娟", "田丽娟", "王强"]).is_none(), "too few measures to judge");
        assert!(concentration(&["甲", "乙", "丙", "甲", "乙", "丙"]).is_none());
    }
}
