//! Organisations form a tree: (city committee →) county committee → county units / township
//! committees → village branches. Supervisory bodies (纪委监委, 组织部, 巡察办) and other
//! departments hang off a committee. A city committee (市委) is optional: its own office
//! supervises the counties below it.

use crate::{RuleError, coded_enum};

coded_enum!(
    OrgKind {
        CityCommittee = "city_committee" / "市委",
        CountyCommittee = "county_committee" / "县委",
        CountyUnit = "county_unit" / "县直单位",
        TownshipCommittee = "township_committee" / "乡镇党委",
        VillageBranch = "village_branch" / "村党支部",
        SupervisoryBody = "supervisory_body" / "监督部门",
    }
);

impl OrgKind {
    /// Which kinds of parent an organisation of this kind may have, and whether it may be a root.
    fn parents(self) -> (&'static [OrgKind], bool) {
        match self {
            OrgKind::CityCommittee => (&[], true),
            OrgKind::CountyCommittee => (&[OrgKind::CityCommittee], true),
            OrgKind::CountyUnit | OrgKind::TownshipCommittee => (&[OrgKind::CountyCommittee], false),
            OrgKind::SupervisoryBody => (&[OrgKind::CountyCommittee, OrgKind::CityCommittee], false),
            OrgKind::VillageBranch => (&[OrgKind::TownshipCommittee], false),
        }
    }

    /// Whether this kind can be the target of an inspection.
    pub fn inspectable(self) -> bool {
        !matches!(self, OrgKind::CityCommittee | OrgKind::CountyCommittee | OrgKind::SupervisoryBody)
    }
}

/// Checks that `kind` may sit under a parent of `parent_kind`.
pub fn check_parent(kind: OrgKind, parent_kind: Option<OrgKind>) -> Result<(), RuleError> {
    let (parents, root) = kind.parents();
    let wanted = || parents.iter().map(|k| k.label()).collect::<Vec<_>>().join("或");
    match parent_kind {
        None if root => Ok(()),
        None => Err(RuleError::invalid("parent_id", format!("{}必须有上级组织({})", kind.label(), wanted()))),
        Some(got) if parents.contains(&got) => Ok(()),
        Some(_) if parents.is_empty() => {
            Err(RuleError::invalid("parent_id", format!("{}不能有上级组织", kind.label())))
        }
        Some(got) => Err(RuleError::invalid(
            "parent_id",
            format!("{}的上级组织应为{},不能是{}", kind.label(), wanted(), got.label()),
        )),
    }
}

/// The party secretary's post as written on paper: "谷前堡镇党委书记", "王官屯村党支部书记";
/// an organisation named without its party body (a county bureau, "县审计局") is led by its
/// 党组: "县审计局党组书记", never a bare "县审计局书记".
pub fn secretary_post(org_name: &str) -> String {
    let name = org_name.trim();
    let party_body = ["党委", "党组", "党工委", "党总支", "党支部", "支部", "总支"];
    if party_body.iter().any(|b| name.ends_with(b)) { format!("{name}书记") } else { format!("{name}党组书记") }
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
    fn a_county_committee_may_sit_under_a_city_committee_and_its_office_beside_it() {
        assert!(check_parent(OrgKind::CountyCommittee, Some(OrgKind::CityCommittee)).is_ok());
        assert!(check_parent(OrgKind::CityCommittee, None).is_ok());
        assert!(check_parent(OrgKind::CityCommittee, Some(OrgKind::CountyCommittee)).is_err());
        assert!(check_parent(OrgKind::SupervisoryBody, Some(OrgKind::CityCommittee)).is_ok());
        // Townships and units belong to a county, never straight to the city.
        assert!(check_parent(OrgKind::TownshipCommittee, Some(OrgKind::CityCommittee)).is_err());
        assert!(!OrgKind::CityCommittee.inspectable());
    }

    #[test]
    fn supervisory_bodies_are_not_inspection_targets() {
        assert!(!OrgKind::SupervisoryBody.inspectable());
        assert!(OrgKind::VillageBranch.inspectable());
    }

    #[test]
    fn a_secretary_is_named_by_the_party_body_he_leads() {
        assert_eq!(secretary_post("谷前堡镇党委"), "谷前堡镇党委书记");
        assert_eq!(secretary_post("王官屯村党支部"), "王官屯村党支部书记");
        assert_eq!(secretary_post("县审计局"), "县审计局党组书记");
        assert_eq!(secretary_post("县审计局党组"), "县审计局党组书记");
    }
}
