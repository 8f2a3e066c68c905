//! Roles of user accounts (DOMAIN.md, "Who uses it").

use crate::coded_enum;

coded_enum!(
    /// What an account is for. A team user's position (leader, deputy, member) comes from the
    /// team membership, since one person may lead one team and be a member of another.
    Role {
        Admin = "admin" / "系统管理员",
        Office = "office" / "巡察办",
        Team = "team" / "巡察组",
        TargetSecretary = "target_secretary" / "被巡察党组织书记",
        TargetLiaison = "target_liaison" / "被巡察党组织联络员",
        Supervisor = "supervisor" / "监督单位",
        Leader = "leader" / "领导小组",
    }
);

coded_enum!(
    /// Position inside an inspection team.
    TeamPosition {
        Leader = "leader" / "组长",
        Deputy = "deputy" / "副组长",
        Member = "member" / "成员",
    }
);

impl Role {
    pub fn is_target(self) -> bool {
        matches!(self, Role::TargetSecretary | Role::TargetLiaison)
    }
}
