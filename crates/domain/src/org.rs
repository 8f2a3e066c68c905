//! Organisations form a tree: county committee → county units / township committees → village
//! branches. Supervisory bodies (纪委监委, 组织部) and other departments hang off the committee.

use crate::{RuleError, coded_enum};

coded_enum!(
    OrgKind {
        CountyCommittee = "county_committee" / "县委",
        CountyUnit = "county_unit" / "县直单位",
        TownshipCommittee = "township_committee" / "乡镇党委",
        VillageBranch = "village_branch" / "村党支部",
        SupervisoryBody = "supervisory_body" / "监督部门",
    }
);

impl OrgKind {
    /// Which kind of parent an organisation of this kind must have (`None`: it is a root).
    pub fn allowed_parent(self) -> Option<OrgKind> {
        match self {
            OrgKind::CountyCommittee => None,
            OrgKind::CountyUnit | OrgKind::TownshipCommittee | OrgKind::SupervisoryBody => {
                Some(OrgKind::CountyCommittee)
            }
            OrgKind::VillageBranch => Some(OrgKind::TownshipCommittee),
        }
    }

    /// Whether this kind can be the target of an inspection.
    pub fn inspectable(self) -> bool {
        !matches!(self, OrgKind::CountyCommittee | OrgKind::SupervisoryBody)
    }
}

/// Checks that `kind` may sit under a parent of `parent_kind`.
pub fn check_parent(kind: OrgKind, parent_kind: Option<OrgKind>) -> Result<(), RuleError> {
    match (kind.allowed_parent(), parent_kind) {
        (None, None) => Ok(()),
        (None, Some(_)) => Err(RuleError::invalid("parent_id", format!("{}不能有上级组织", kind.label()))),
        (Some(want), None) => {
            Err(RuleError::invalid("parent_id", format!("{}必须有上级组织({})", kind.label(), want.label())))
        }
        (Some(want), Some(got)) if want == got => Ok(()),
        (Some(want), Some(got)) => Err(RuleError::invalid(
            "parent_id",
            format!("{}的上级组织应为{},不能是{}", kind.label(), want.label(), got.label()),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_village_branch_must_sit_under_a_township() {
        assert!(check_parent(OrgKind::VillageBranch, Some(OrgKind::TownshipCommittee)).is_ok());
        assert!(check_parent(OrgKind::VillageBranch, Some(OrgKind::CountyCommittee)).is_err());
        assert!(check_parent(OrgKind::VillageBranch, None).is_err());
    }

    #[test]
    fn the_county_committee_is_a_root() {
        assert!(check_parent(OrgKind::CountyCommittee, None).is_ok());
        assert!(check_parent(OrgKind::CountyCommittee, Some(OrgKind::CountyUnit)).is_err());
    }

    #[test]
    fn supervisory_bodies_are_not_inspection_targets() {
        assert!(!OrgKind::SupervisoryBody.inspectable());
        assert!(OrgKind::VillageBranch.inspectable());
    }
}
