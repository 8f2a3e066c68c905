//! Rounds, teams and inspections (one team × one target in a round), the conflict-of-interest
//! check (回避), the tip window, feedback and look-back rules.

use time::Date;

use crate::error::Validator;
use crate::{OrgId, RuleError, coded_enum};

coded_enum!(
    InspectionKind {
        Regular = "regular" / "常规巡察",
        Village = "village" / "村级巡察",
        Special = "special" / "专项巡察",
        LookBack = "look_back" / "回头看",
    }
);

coded_enum!(
    /// Bodies that join a joint feedback or receive transfers.
    Body {
        Discipline = "discipline" / "县纪委监委",
        Organisation = "organisation" / "县委组织部",
        Other = "other" / "其他主管部门",
    }
);

/// A round's dates must be ordered; its name is required.
pub fn validate_round(name: &str, start: Date, end: Date) -> Result<(), RuleError> {
    Validator::new()
        .required("name", "轮次名称", name)
        .max_chars("name", "轮次名称", name, 100)
        .check(end >= start, "end_date", "结束日期不能早于开始日期")
        .finish()
}

/// An inspection's fieldwork must lie inside its round and its tip window inside the fieldwork.
pub fn validate_inspection_dates(
    round: (Date, Date),
    entry: Date,
    exit: Date,
    window: Option<(Date, Date)>,
) -> Result<(), RuleError> {
    let mut v = Validator::new();
    v.check(exit >= entry, "exit_date", "撤离日期不能早于进驻日期");
    v.check(
        entry >= round.0 && exit <= round.1,
        "entry_date",
        format!("进驻期间须在本轮巡察期间({}至{})内", round.0, round.1),
    );
    if let Some((from, to)) = window {
        v.check(to >= from, "tip_window_end", "举报受理截止日期不能早于开始日期");
        v.check(from >= entry && to <= exit, "tip_window_start", "举报受理期间须在进驻期间内");
    }
    v.finish()
}

/// Whether the public may send tips to an inspection on `today`.
pub fn tip_window_open(window: Option<(Date, Date)>, today: Date) -> bool {
    window.is_some_and(|(from, to)| from <= today && today <= to)
}

/// Where a would-be team member stands relative to a target.
#[derive(Debug, Clone)]
pub struct MemberTies<'a> {
    /// The organisation the member works in.
    pub home_org: Option<OrgId>,
    /// The ancestors of the home organisation (parent first).
    pub home_ancestors: &'a [OrgId],
    /// The units the home organisation directly supervises (a township's villages; none for a
    /// committee, which stands above every target).
    pub home_supervised: &'a [OrgId],
    /// Organisations the member declared a conflict with (e.g. a close relative works there).
    pub declared: &'a [OrgId],
    /// Organisations the 巡察人才库's record of the member recuses them from (former posts,
    /// relatives, and the units those lie inside or directly supervise).
    pub recorded: &'a [OrgId],
}

/// The reason of a recusal only the 巡察人才库's record of the member gives: the pool's own
/// reason names the tie, and is told instead where it can be read.
pub const RECORDED_IN_POOL: &str = "巡察人才库记载该成员与被巡察党组织有回避关系,应当回避";

/// The conflict-of-interest check (回避): a member may not inspect the organisation they work
/// in, an organisation their own is part of, one their own directly supervises (as a cadre of
/// the 巡察人才库 may not), one they declared, or one the 巡察人才库's record of them ties them to.
pub fn conflict_of_interest(ties: &MemberTies<'_>, target: OrgId) -> Option<&'static str> {
    if ties.home_org == Some(target) {
        Some("该成员在被巡察党组织工作,应当回避")
    } else if ties.home_ancestors.contains(&target) {
        Some("该成员所在单位隶属于被巡察党组织,应当回避")
    } else if ties.home_supervised.contains(&target) {
        Some("该成员所在单位是被巡察党组织的上级单位,应当回避")
    } else if ties.declared.contains(&target) {
        Some("该成员已申报与被巡察党组织存在利害关系,应当回避")
    } else if ties.recorded.contains(&target) {
        Some(RECORDED_IN_POOL)
    } else {
        None
    }
}

/// Feedback needs at least one signed problem and a recipient who signs for it.
pub fn check_feedback(already_given: bool, signed_problems: usize, signed_for_by: &str) -> Result<(), RuleError> {
    if already_given {
        return Err(RuleError::state("该巡察已经反馈,不能重复反馈"));
    }
    if signed_problems == 0 {
        return Err(RuleError::state("没有经组长审定的问题,不能反馈"));
    }
    Validator::new().required("signed_for_by", "签收人", signed_for_by).finish()
}

/// A rebound link must point at a closed problem of the same organisation from an earlier
/// inspection.
pub fn check_rebound(
    new_target: OrgId,
    earlier_target: OrgId,
    earlier_closed: bool,
    earlier_is_older: bool,
) -> Result<(), RuleError> {
    let mut v = Validator::new();
    v.check(new_target == earlier_target, "rebound_of", "只能关联同一党组织此前的问题");
    v.check(earlier_closed, "rebound_of", "只能关联已销号的问题");
    v.check(earlier_is_older, "rebound_of", "只能关联此前巡察发现的问题");
    v.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const fn org(n: i64) -> OrgId {
        OrgId::new(n)
    }

    #[test]
    fn a_member_working_in_the_target_must_withdraw() {
        let ties = MemberTies {
            home_org: Some(org(7)),
            home_ancestors: &[org(3), org(1)],
            home_supervised: &[],
            declared: &[],
            recorded: &[],
        };
        assert!(conflict_of_interest(&ties, org(7)).is_some());
    }

    #[test]
    fn a_member_from_a_village_under_the_target_township_must_withdraw() {
        let ties = MemberTies {
            home_org: Some(org(40)),
            home_ancestors: &[org(3), org(1)],
            home_supervised: &[],
            declared: &[],
            recorded: &[],
        };
        assert!(conflict_of_interest(&ties, org(3)).unwrap().contains("隶属"));
    }

    #[test]
    fn a_member_from_the_township_above_the_target_village_must_withdraw() {
        let ties = MemberTies {
            home_org: Some(org(3)),
            home_ancestors: &[org(1)],
            home_supervised: &[org(40)],
            declared: &[],
            recorded: &[],
        };
        assert!(conflict_of_interest(&ties, org(40)).unwrap().contains("上级单位"));
        assert!(conflict_of_interest(&ties, org(41)).is_none());
    }

    #[test]
    fn a_declared_relation_is_a_conflict() {
        let ties = MemberTies {
            home_org: Some(org(9)),
            home_ancestors: &[org(1)],
            home_supervised: &[],
            declared: &[org(12)],
            recorded: &[],
        };
        assert!(conflict_of_interest(&ties, org(12)).is_some());
        assert!(conflict_of_interest(&ties, org(13)).is_none());
    }

    #[test]
    fn the_tip_window_is_inclusive_at_both_ends() {
        let w = Some((date!(2023 - 04 - 27), date!(2023 - 05 - 31)));
        assert!(tip_window_open(w, date!(2023 - 04 - 27)));
        assert!(tip_window_open(w, date!(2023 - 05 - 31)));
        assert!(!tip_window_open(w, date!(2023 - 06 - 01)));
        assert!(!tip_window_open(None, date!(2023 - 05 - 01)));
    }

    #[test]
    fn fieldwork_must_lie_within_the_round() {
        let round = (date!(2023 - 04 - 27), date!(2023 - 07 - 14));
        assert!(validate_inspection_dates(round, date!(2023 - 04 - 27), date!(2023 - 06 - 10), None).is_ok());
        assert!(validate_inspection_dates(round, date!(2023 - 04 - 01), date!(2023 - 06 - 10), None).is_err());
        assert!(
            validate_inspection_dates(
                round,
                date!(2023 - 05 - 01),
                date!(2023 - 06 - 10),
                Some((date!(2023 - 04 - 30), date!(2023 - 06 - 01)))
            )
            .is_err()
        );
    }

    #[test]
    fn feedback_needs_signed_problems_and_a_recipient() {
        assert!(check_feedback(false, 0, "张书记").is_err());
        assert!(check_feedback(false, 3, "").is_err());
        assert!(check_feedback(true, 3, "张书记").is_err());
        assert!(check_feedback(false, 3, "张书记").is_ok());
    }

    #[test]
    fn a_rebound_must_point_at_an_earlier_closed_problem_of_the_same_organisation() {
        assert!(check_rebound(org(5), org(5), true, true).is_ok());
        assert!(check_rebound(org(5), org(6), true, true).is_err());
        assert!(check_rebound(org(5), org(5), false, true).is_err());
        assert!(check_rebound(org(5), org(5), true, false).is_err());
    }
}
