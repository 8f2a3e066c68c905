//! 整改成效评估: how well an organisation rectified, scored on a sheet the office configures
//! (by default 100 points over plan quality, timeliness, evidence, completion, rebounds and
//! long-term mechanisms) and graded 好/较好/一般/差. The system states the facts each item is
//! judged on and suggests a score from them; the office scores and says why. Also the rules of
//! a 长效机制 (a rule or system issued as a result of rectification), recorded as its own item.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::coded_enum;
use crate::error::{RuleError, Validator};

coded_enum!(
    /// What the system pre-fills an item from.
    AssessmentBasis {
        PlanQuality = "plan_quality" / "整改方案质量(措施空泛、照搬、照抄等提示)",
        Timeliness = "timeliness" / "整改时效(方案报送、措施逾期)",
        Evidence = "evidence" / "佐证材料(销号有据、材料日期)",
        Completion = "completion" / "整改完成(销号比例)",
        Rebound = "rebound" / "问题反弹",
        Mechanisms = "mechanisms" / "长效机制",
        Satisfaction = "satisfaction" / "群众满意度(群众对整改公开的评价)",
        Manual = "manual" / "人工评定(如走访测评)",
    }
);

coded_enum!(
    /// The four grades.
    Grade {
        Good = "good" / "好",
        FairlyGood = "fairly_good" / "较好",
        Average = "average" / "一般",
        Poor = "poor" / "差",
    }
);

/// One item of the sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SheetItem {
    pub name: String,
    /// Full marks of the item.
    pub points: u32,
    pub basis: AssessmentBasis,
    /// How the item is judged, for the assessor (optional both ways).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub guidance: String,
}

/// The sheet: its items and the lowest totals of the three upper grades.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AssessmentSheet {
    pub items: Vec<SheetItem>,
    pub thresholds: Thresholds,
}

/// The lowest total graded 好, 较好 and 一般 (below the last: 差).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Thresholds {
    pub good: u32,
    pub fairly_good: u32,
    pub average: u32,
}

impl Default for AssessmentSheet {
    fn default() -> Self {
        let item = |name: &str, points, basis, guidance: &str| SheetItem {
            name: name.into(),
            points,
            basis,
            guidance: guidance.into(),
        };
        AssessmentSheet {
            items: vec![
                item("整改方案质量", 15, AssessmentBasis::PlanQuality, "措施具体可检验,责任到人,时限明确"),
                item("整改时效", 15, AssessmentBasis::Timeliness, "方案按时报送,措施按期完成"),
                item("佐证材料", 15, AssessmentBasis::Evidence, "销号均有佐证,材料真实、日期合理"),
                item("整改完成情况", 25, AssessmentBasis::Completion, "反馈问题整改到位、按程序销号"),
                item("问题反弹", 10, AssessmentBasis::Rebound, "已整改问题未出现反弹"),
                item("长效机制建设", 10, AssessmentBasis::Mechanisms, "针对共性问题建章立制"),
                item("群众满意度", 10, AssessmentBasis::Satisfaction, "群众对整改公开的评价:满意计满分,基本满意计一半"),
            ],
            thresholds: Thresholds { good: 90, fairly_good: 75, average: 60 },
        }
    }
}

/// The most items a sheet holds, and the most points.
pub const MAX_ITEMS: usize = 12;
pub const MAX_TOTAL: u32 = 1000;

impl AssessmentSheet {
    /// The full marks of the sheet (saturating: a sheet of absurd points is refused by
    /// `check`, never wrapped into a small total).
    pub fn total(&self) -> u32 {
        self.items.iter().fold(0u32, |sum, i| sum.saturating_add(i.points))
    }

    /// A sheet the office may save: 1 to 12 named items, each worth something, names unique,
    /// thresholds falling and within the total.
    pub fn check(&self) -> Result<(), RuleError> {
        let mut v = Validator::new();
        v.check(!self.items.is_empty(), "items", "评估表至少要有一个评分项目");
        v.check(self.items.len() <= MAX_ITEMS, "items", format!("评估表最多{MAX_ITEMS}个评分项目"));
        for (n, item) in self.items.iter().enumerate() {
            let field = format!("items[{n}]");
            let label = format!("第{}项的名称", n + 1);
            v.required(&field, &label, &item.name)
                .max_chars(&field, &label, &item.name, 30)
                .plain(&field, &label, &item.name);
            v.max_chars(&field, &format!("第{}项的说明", n + 1), &item.guidance, 200);
            v.plain(&field, &format!("第{}项的说明", n + 1), &item.guidance);
            v.check(
                item.points > 0 && item.points <= MAX_TOTAL,
                &field,
                format!("第{}项“{}”的分值应在1到{MAX_TOTAL}分之间", n + 1, item.name.trim()),
            );
            // The office edits the sheet a line an item, its parts split by "|".
            v.check(
                !item.name.contains(['|', '\n', '\r']) && !item.guidance.contains(['|', '\n', '\r']),
                &field,
                format!("第{}项的名称和说明不能含有“|”或换行", n + 1),
            );
            let again = self.items[..n].iter().any(|o| o.name.trim() == item.name.trim());
            v.check(!again, &field, format!("第{}项“{}”与前面的项目重名", n + 1, item.name.trim()));
        }
        let total = self.total();
        v.check(total <= MAX_TOTAL, "items", format!("总分不能超过{MAX_TOTAL}分"));
        let Thresholds { good, fairly_good: fair, average } = self.thresholds;
        v.check(
            good <= total && fair < good && average < fair,
            "thresholds",
            format!("等次分数线应满足:总分({total})≥“好”>“较好”>“一般”"),
        );
        v.finish()
    }

    pub fn grade(&self, total: f64) -> Grade {
        let t = self.thresholds;
        let (good, fair, average) = (f64::from(t.good), f64::from(t.fairly_good), f64::from(t.average));
        if total >= good {
            Grade::Good
        } else if total >= fair {
            Grade::FairlyGood
        } else if total >= average {
            Grade::Average
        } else {
            Grade::Poor
        }
    }
}

/// The facts of one organisation's rectification the system knows, for pre-filling.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct RectificationFacts {
    pub measures: usize,
    pub closed: usize,
    /// Open measures past their deadline today.
    pub overdue: usize,
    /// The plan was submitted after its due date (or not yet, and is late).
    pub plan_late: bool,
    /// Times the plan was returned.
    pub plan_returns: usize,
    /// Paper-only signals on the measures (vague, copied, restated …).
    pub signals: usize,
    /// Closed measures without any evidence, and evidence dated before the feedback.
    pub closed_without_evidence: usize,
    pub backdated_evidence: usize,
    /// Confirmed rebounds of this organisation's problems.
    pub rebounds: usize,
    pub mechanisms: usize,
    /// Closed measures checked on site by a 随机抽查, of those found only partly true, and found
    /// untrue (虚假整改).
    pub rechecked: usize,
    pub partly: usize,
    pub overturned: usize,
    /// The public's ratings of the organisation's published disclosures that count (approved,
    /// or of comments registered as tips), and those the office refused to publish.
    pub satisfaction: crate::comment::SatisfactionTally,
    pub refused_ratings: crate::comment::SatisfactionTally,
}

/// What the system says of an item: the facts in words, and a suggested score.
pub fn suggest(item: &SheetItem, f: &RectificationFacts) -> (String, Option<f64>) {
    let max = f64::from(item.points);
    let less = |deduction: f64| Some((max - deduction).clamp(0.0, max));
    match item.basis {
        AssessmentBasis::PlanQuality => (
            format!("措施{}条,方案提示{}处,方案退回{}次", f.measures, f.signals, f.plan_returns),
            less(f.signals as f64 + 2.0 * f.plan_returns as f64),
        ),
        AssessmentBasis::Timeliness => (
            format!("逾期未完成措施{}条{}", f.overdue, if f.plan_late { ",整改方案逾期报送" } else { "" }),
            less(2.0 * f.overdue as f64 + if f.plan_late { 5.0 } else { 0.0 }),
        ),
        AssessmentBasis::Evidence => {
            let checked = if f.rechecked == 0 {
                String::new()
            } else {
                let parts: Vec<String> = [("部分属实", f.partly), ("不属实(虚假整改)", f.overturned)]
                    .iter()
                    .filter(|(_, n)| *n > 0)
                    .map(|(what, n)| format!("{what}{n}条"))
                    .collect();
                let of_which =
                    if parts.is_empty() { "均属实".to_string() } else { format!("其中{}", parts.join("、")) };
                format!(",随机抽查核查{}条、{of_which}", f.rechecked)
            };
            (
                format!(
                    "已销号无佐证{}条,佐证早于反馈的措施{}条{checked}",
                    f.closed_without_evidence, f.backdated_evidence
                ),
                less(
                    3.0 * f.closed_without_evidence as f64
                        + 2.0 * f.backdated_evidence as f64
                        + 2.0 * f.partly as f64
                        + 5.0 * f.overturned as f64,
                ),
            )
        }
        AssessmentBasis::Completion => {
            let share = if f.measures == 0 { 0.0 } else { f.closed as f64 / f.measures as f64 };
            (
                format!("措施{}条,已销号{}条({:.0}%)", f.measures, f.closed, share * 100.0),
                Some((max * share * 2.0).round() / 2.0),
            )
        }
        AssessmentBasis::Rebound => (format!("此后反馈为反弹的问题{}个", f.rebounds), less(5.0 * f.rebounds as f64)),
        AssessmentBasis::Mechanisms => (
            format!("已建立长效机制{}项", f.mechanisms),
            Some(if f.mechanisms == 0 {
                0.0
            } else {
                (max * (f.mechanisms as f64 / 3.0).min(1.0) * 2.0).round() / 2.0
            }),
        ),
        AssessmentBasis::Satisfaction => {
            let s = &f.satisfaction;
            let refused = match f.refused_ratings.total() {
                0 => String::new(),
                n => format!(";另有{n}条评价未予公开(其中不满意{}条),不计入", f.refused_ratings.dissatisfied),
            };
            match s.rate_percent() {
                None => (format!("公开后尚无计入的群众评价{refused}"), None),
                Some(rate) => {
                    (format!("群众评价{}条:{}(满意率{rate}%){refused}", s.total(), s.words()), s.score(item.points))
                }
            }
        }
        AssessmentBasis::Manual => ("由评估人员根据走访、测评等情况评定".into(), None),
    }
}

/// One item as scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ItemScore {
    pub name: String,
    pub max: u32,
    pub score: f64,
    /// Why, in the assessor's words (required when the score departs from the suggestion).
    #[serde(default)]
    pub note: String,
}

/// Checks a scored sheet against the sheet: one score per item, in half points from 0 to the
/// item's full marks; a score departing from the system's suggestion says why. Returns the total.
pub fn check_scores(
    sheet: &AssessmentSheet,
    scores: &[ItemScore],
    suggested: &[Option<f64>],
) -> Result<f64, RuleError> {
    let mut v = Validator::new();
    if scores.len() != sheet.items.len() {
        return Err(RuleError::invalid("scores", format!("评估表有{}个评分项目,应逐项评分", sheet.items.len())));
    }
    for (n, ((item, s), hint)) in sheet.items.iter().zip(scores).zip(suggested).enumerate() {
        let field = format!("scores[{n}]");
        let max = f64::from(item.points);
        let halves = s.score * 2.0;
        v.check(
            s.score.is_finite() && (0.0..=max).contains(&s.score) && halves == halves.round(),
            &field,
            format!("“{}”的得分应在0到{}分之间,最小单位0.5分", item.name, item.points),
        );
        v.max_chars(&field, &format!("“{}”的评分说明", item.name), &s.note, 500);
        v.plain(&field, &format!("“{}”的评分说明", item.name), &s.note);
        // A score that is not a number departs from any suggestion.
        let departs = hint.is_none_or(|h| {
            let same = (h - s.score).abs() <= f64::EPSILON;
            !same
        });
        v.check(
            !departs || !s.note.trim().is_empty(),
            &field,
            match hint {
                Some(h) => format!("“{}”的得分与系统建议({h}分)不同,请写明评分理由", item.name),
                None => format!("“{}”须写明评分依据", item.name),
            },
        );
    }
    v.finish()?;
    // `+ 0.0` turns a typed "-0" into 0.
    Ok(scores.iter().map(|s| s.score + 0.0).sum())
}

/// Checks a 长效机制 as recorded: its document's name, when it was issued (not in the future,
/// not before the feedback that called for it).
pub fn check_mechanism(name: &str, issued_on: Date, feedback: Option<Date>, today: Date) -> Result<(), RuleError> {
    let mut v = Validator::new();
    v.required("name", "制度名称", name).max_chars("name", "制度名称", name, 100).plain("name", "制度名称", name);
    v.check(issued_on <= today, "issued_on", "印发日期不能晚于今天");
    if let Some(fb) = feedback {
        v.check(issued_on >= fb, "issued_on", format!("印发日期早于巡察反馈日期({fb}),不能作为本次整改的长效机制"));
    }
    v.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_default_sheet_is_a_hundred_points_and_passes_its_own_check() {
        let sheet = AssessmentSheet::default();
        assert_eq!(sheet.total(), 100);
        assert!(sheet.check().is_ok());
        assert_eq!(sheet.grade(90.0), Grade::Good);
        assert_eq!(sheet.grade(89.5), Grade::FairlyGood);
        assert_eq!(sheet.grade(60.0), Grade::Average);
        assert_eq!(sheet.grade(59.5), Grade::Poor);
    }

    #[test]
    fn a_sheet_names_each_fault_by_item() {
        let mut sheet = AssessmentSheet::default();
        sheet.items[1].name = sheet.items[0].name.clone();
        sheet.items[2].points = 0;
        sheet.thresholds = Thresholds { good: 120, fairly_good: 75, average: 80 };
        let e = sheet.check().unwrap_err();
        assert_eq!(e.fields(), ["items[1]", "items[2]", "thresholds"], "{}", e.message());
        assert!(e.message().contains("重名") && e.message().contains("分值应在1到"));
        // Points that would wrap a 32-bit sum into a small total are refused, not summed.
        let mut wrapping = AssessmentSheet::default();
        wrapping.items[0].points = u32::MAX;
        assert_eq!(wrapping.total(), u32::MAX);
        assert!(wrapping.check().unwrap_err().fields().contains(&"items[0]"));
        let mut piped = AssessmentSheet::default();
        piped.items[1].name = "整改|时效".into();
        assert_eq!(piped.check().unwrap_err().fields(), ["items[1]"]);
        let empty = AssessmentSheet { items: vec![], thresholds: Thresholds { good: 3, fairly_good: 2, average: 1 } };
        assert!(empty.check().unwrap_err().fields().contains(&"items"));
    }

    #[test]
    fn the_facts_suggest_a_score_within_the_items_marks() {
        let sheet = AssessmentSheet::default();
        let facts = RectificationFacts {
            measures: 10,
            closed: 7,
            overdue: 3,
            plan_late: true,
            signals: 2,
            plan_returns: 1,
            rebounds: 5,
            mechanisms: 1,
            ..Default::default()
        };
        let s: Vec<Option<f64>> = sheet.items.iter().map(|i| suggest(i, &facts).1).collect();
        // Timeliness 15 − 2·3 − 5; completion 25 × 0.7; no ratings: the assessor judges.
        assert_eq!(s, [Some(11.0), Some(4.0), Some(15.0), Some(17.5), Some(0.0), Some(3.5), None]);
        let (words, _) = suggest(&sheet.items[1], &facts);
        assert_eq!(words, "逾期未完成措施3条,整改方案逾期报送");
        let manual =
            SheetItem {
                name: "群众满意度".into(), points: 10, basis: AssessmentBasis::Manual, guidance: "".into()
            };
        assert_eq!(suggest(&manual, &facts).1, None);
    }

    #[test]
    fn a_closure_found_untrue_on_a_recheck_costs_evidence_points_and_is_named() {
        let sheet = AssessmentSheet::default();
        let evidence = sheet.items.iter().find(|i| i.basis == AssessmentBasis::Evidence).unwrap();
        let clean = RectificationFacts { rechecked: 3, ..Default::default() };
        let untrue = RectificationFacts { rechecked: 3, partly: 1, overturned: 1, ..Default::default() };
        let (words, score) = suggest(evidence, &untrue);
        assert_eq!(score, Some(f64::from(evidence.points) - 7.0), "5 for the untrue, 2 for the partly true");
        assert_eq!(suggest(evidence, &clean).1, Some(f64::from(evidence.points)));
        assert!(words.ends_with("随机抽查核查3条、其中部分属实1条、不属实(虚假整改)1条"), "{words}");
        assert!(!suggest(evidence, &RectificationFacts::default()).0.contains("随机抽查"));
        assert!(suggest(evidence, &clean).0.ends_with("随机抽查核查3条、均属实"), "zero parts left out");
    }

    #[test]
    fn the_public_s_ratings_suggest_the_satisfaction_score_and_refusals_show() {
        use crate::comment::SatisfactionTally;
        let item = AssessmentSheet::default().items.pop().unwrap();
        assert_eq!(item.basis, AssessmentBasis::Satisfaction);
        let facts = RectificationFacts {
            satisfaction: SatisfactionTally { satisfied: 3, basic: 1, dissatisfied: 1 },
            refused_ratings: SatisfactionTally { satisfied: 0, basic: 0, dissatisfied: 2 },
            ..Default::default()
        };
        let (words, score) = suggest(&item, &facts);
        assert_eq!(score, Some(7.0), "(2·3 + 1) / (2·5) of 10");
        assert_eq!(
            words,
            "群众评价5条:满意3条、基本满意1条、不满意1条(满意率80%);另有2条评价未予公开(其中不满意2条),不计入"
        );
        let none = suggest(&item, &RectificationFacts::default());
        assert_eq!(none, ("公开后尚无计入的群众评价".to_string(), None));
    }

    #[test]
    fn scores_are_half_points_within_marks_and_a_departure_says_why() {
        let sheet = AssessmentSheet::default();
        let hints: Vec<Option<f64>> = sheet.items.iter().map(|i| Some(f64::from(i.points))).collect();
        let full: Vec<ItemScore> = sheet
            .items
            .iter()
            .map(|i| ItemScore { name: i.name.clone(), max: i.points, score: f64::from(i.points), note: String::new() })
            .collect();
        assert_eq!(check_scores(&sheet, &full, &hints).unwrap(), 100.0);
        let mut off = full.clone();
        off[0].score = 12.25;
        off[1].score = 21.0;
        off[2].score = 10.0;
        off[3].score = f64::NAN;
        let e = check_scores(&sheet, &off, &hints).unwrap_err();
        assert_eq!(
            e.fields(),
            ["scores[0]", "scores[0]", "scores[1]", "scores[1]", "scores[2]", "scores[3]", "scores[3]"]
        );
        assert!(e.message().contains("请写明评分理由"));
        off[2].note = "两条措施的佐证材料为同一张照片".into();
        assert!(!check_scores(&sheet, &off, &hints).unwrap_err().fields().contains(&"scores[2]"));
        assert_eq!(check_scores(&sheet, &full[..2], &hints).unwrap_err().fields(), ["scores"]);
    }

    #[test]
    fn a_mechanism_is_named_and_dated_within_the_rectification() {
        let (fb, today) = (Some(date!(2023 - 08 - 15)), date!(2023 - 11 - 10));
        assert!(check_mechanism("《谷前堡镇村级财务管理办法》", date!(2023 - 10 - 08), fb, today).is_ok());
        let e = check_mechanism(" ", date!(2023 - 07 - 01), fb, today).unwrap_err();
        assert_eq!(e.fields(), ["name", "issued_on"]);
        assert!(check_mechanism("制度", date!(2023 - 11 - 11), fb, today).is_err());
    }
}
