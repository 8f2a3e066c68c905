//! Who may see and do what (DOMAIN.md, "Who uses it, and what each may see"), in one place.
//!
//! Every read and write in the application asks [`allowed`] with the record's [`Scope`]. Reads
//! that are refused answer "not found", so a forbidden record cannot be told from a missing one.

use serde::Serialize;

use crate::inspection::Body;
use crate::role::{Role, TeamPosition};
use crate::{OrgId, TeamId, UserId};

/// The signed-in user as the rules see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    pub user_id: UserId,
    pub role: Role,
    /// Target users: their organisation. Others: where they work (used for 回避 only).
    pub org_id: Option<OrgId>,
    /// Supervisor users: the body they act for.
    pub body: Option<Body>,
    /// Team users: the teams they belong to and their position in each.
    pub teams: Vec<(TeamId, TeamPosition)>,
    /// Team users: the teams they were taken off. Nobody checks the closures of a team they
    /// were on (`VerifyRecheck`).
    #[serde(skip)]
    pub left_teams: Vec<TeamId>,
    /// Where an office, leader, supervisor or team user works (the nearest committee above their
    /// organisation); `None` when their organisation lies under no committee (a single-county
    /// deployment's accounts), and for targets and admins.
    pub jurisdiction: Option<Jurisdiction>,
    /// Team users: what recuses them (回避) from a target, read with every request, so that a
    /// conflict declared, or a move into a target, after they were put on its team cuts them
    /// off its inspection at once — every rule below asks [`Actor::serves_on`], not the roster.
    #[serde(skip)]
    pub recusal: Recusal,
}

/// A team user's ties that recuse them from inspecting an organisation (the rule is
/// [`crate::inspection::conflict_of_interest`]): the units above their own, the organisations
/// they declared a conflict with, and those the 巡察人才库's record of them recuses them from
/// (where a former post left less than the county's years ago, or a relative, works; the units
/// those lie inside and the units they directly supervise) — so that a tie the office records
/// after they joined cuts them off as a declared one does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recusal {
    pub home_ancestors: Vec<OrgId>,
    /// The units the user's own directly supervises (none for a committee's staff).
    pub home_supervised: Vec<OrgId>,
    pub declared: Vec<OrgId>,
    pub recorded: Vec<OrgId>,
}

impl Recusal {
    /// The ties as the rule reads them, for a user working in `home_org`.
    pub fn ties(&self, home_org: Option<OrgId>) -> crate::inspection::MemberTies<'_> {
        crate::inspection::MemberTies {
            home_org,
            home_ancestors: &self.home_ancestors,
            home_supervised: &self.home_supervised,
            declared: &self.declared,
            recorded: &self.recorded,
        }
    }
}

/// The committee an inspecting-side user works under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "level", rename_all = "snake_case")]
pub enum Jurisdiction {
    /// A county committee (县委): the county's inspections, as the user's role allows.
    County { committee: OrgId },
    /// A higher committee (市委): supervision of the counties below it, read-only, and never
    /// their tips, tippers, transfers or audit trails.
    Above { committee: OrgId, counties: Vec<OrgId> },
}

impl Jurisdiction {
    /// The county committees whose inspections lie in this jurisdiction.
    pub fn counties(&self) -> Vec<OrgId> {
        match self {
            Jurisdiction::County { committee } => vec![*committee],
            Jurisdiction::Above { counties, .. } => counties.clone(),
        }
    }
    /// Whether a record of this county committee (`None`: of no committee) lies in it.
    pub fn covers(&self, county: Option<OrgId>) -> bool {
        county.is_some_and(|c| match self {
            Jurisdiction::County { committee } => *committee == c,
            Jurisdiction::Above { counties, .. } => counties.contains(&c),
        })
    }
    /// The county committee itself, for a county user (where its rounds are planned).
    pub fn county(&self) -> Option<OrgId> {
        match self {
            Jurisdiction::County { committee } => Some(*committee),
            Jurisdiction::Above { .. } => None,
        }
    }
}

impl Actor {
    pub fn position_in(&self, team_id: TeamId) -> Option<TeamPosition> {
        if self.role != Role::Team {
            return None;
        }
        self.teams.iter().find(|(t, _)| *t == team_id).map(|(_, p)| *p)
    }
    /// Whether the rule of 回避 keeps this user from the organisation, whatever team they are on.
    pub fn recused_from(&self, target: OrgId) -> bool {
        self.role == Role::Team
            && crate::inspection::conflict_of_interest(&self.recusal.ties(self.org_id), target).is_some()
    }
    /// The position in which the user works this inspection: on its team and not recused from
    /// its target. Every team right below is asked through this.
    pub fn serves_on(&self, scope: &Scope) -> Option<TeamPosition> {
        self.position_in(scope.team_id).filter(|_| !self.recused_from(scope.target_org_id))
    }
    fn on_team(&self, scope: &Scope) -> bool {
        self.serves_on(scope).is_some()
    }
    fn is_target_of(&self, scope: &Scope) -> bool {
        self.role.is_target() && self.org_id == Some(scope.target_org_id)
    }
    fn joined(&self, scope: &Scope) -> bool {
        self.role == Role::Supervisor && self.body.is_some_and(|b| scope.joint_bodies.contains(&b))
    }
}

/// Where an actor's lists of inspections start: a narrowing for the database, never a
/// permission (each inspection listed is still decided by [`allowed`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    /// Every inspection of the jurisdiction: the office and leaders.
    Every,
    /// The inspections of these teams: a team member.
    Teams(Vec<TeamId>),
    /// The fed-back inspections of one's own organisation (`None`: an account placed nowhere,
    /// which reaches nothing): a target's secretary or liaison.
    Own(Option<OrgId>),
    /// Fed-back inspections, of which those one's body joined: a supervisor.
    FedBack,
    /// None: the administrator keeps accounts, not cases.
    Nothing,
}

impl Actor {
    /// Where this actor's lists of inspections start.
    pub fn reach(&self) -> Reach {
        match self.role {
            Role::Office | Role::Leader => Reach::Every,
            Role::Team => Reach::Teams(self.teams.iter().map(|(t, _)| *t).collect()),
            Role::TargetSecretary | Role::TargetLiaison => Reach::Own(self.org_id),
            Role::Supervisor => Reach::FedBack,
            Role::Admin => Reach::Nothing,
        }
    }

    /// The receiving bodies whose transfers this actor's inbox gathers: a supervisor's own
    /// body; every body for a county's office (it follows up 其他主管部门 itself); none for a
    /// higher office (transfers are leads drawn from tips) or anyone else.
    pub fn transfer_inbox(&self) -> Vec<Body> {
        match (self.role, self.body) {
            (Role::Supervisor, Some(body)) => vec![body],
            (Role::Office, _) if !self.supervises_from_above() => {
                vec![Body::Discipline, Body::Organisation, Body::Other]
            }
            _ => Vec::new(),
        }
    }
}

/// Where a record sits: which inspection (team × target) it belongs to and how far it has gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub team_id: TeamId,
    pub target_org_id: OrgId,
    /// Whether feedback has been given (targets see problems only after it).
    pub fed_back: bool,
    /// Bodies that joined the feedback (they may read it).
    pub joint_bodies: Vec<Body>,
    /// The county committee whose jurisdiction the target lies in.
    pub committee_id: Option<OrgId>,
}

/// Everything the application asks permission for.
#[derive(Debug, Clone, Copy)]
pub enum Capability<'a> {
    /// Users, organisations and settings.
    Administer,
    /// Create rounds, teams and inspections.
    PlanRounds,
    /// See the list of rounds and the inspections one may reach.
    ReadRounds,
    ReadInspection(&'a Scope),
    /// Edit the announcement and tip channels.
    EditInspection(&'a Scope),
    ReadTips(&'a Scope),
    ManageTips(&'a Scope),
    /// Reveal a tipper's identity (recorded each time).
    UnsealTipper(&'a Scope),
    /// Work papers before feedback; fed-back problems for targets after it.
    ReadProblems(&'a Scope),
    DraftProblem(&'a Scope),
    SignProblem(&'a Scope),
    GiveFeedback(&'a Scope),
    CreateTransfer(&'a Scope),
    /// A transfer addressed to `Body`.
    ReadTransfer(&'a Scope, Body),
    RecordOutcome(&'a Scope, Body),
    ReadPlan(&'a Scope),
    EditPlan(&'a Scope),
    /// The secretary signs that the plan is true and submits it.
    SubmitPlan(&'a Scope),
    ReviewPlan(&'a Scope),
    /// Progress, evidence, extension requests: the target's own work.
    ReportProgress(&'a Scope),
    CloseMeasure(&'a Scope),
    DecideExtension(&'a Scope),
    /// Take a step of the 督办 ladder on an inspection (reminder, letter, interview,
    /// accountability), and pause or resume a measure's deadline clock: the county's office.
    Escalate(&'a Scope),
    /// Score an organisation's rectification (整改成效评估): the county's office.
    Assess(&'a Scope),
    /// Read the score: the office, the leaders, and the organisation itself.
    ReadAssessment(&'a Scope),
    ReadAudit,
    /// Draft, approve or withhold the public disclosure of an inspection's progress.
    Disclose(&'a Scope),
    /// Read internal disclosure drafts, their internal notices and withholding grounds.
    ReadDisclosures(&'a Scope),
    /// Compare organisations across a round by their paper-only signals and rebound rates.
    RankSignals,
    /// Read the county at a glance: coverage, rounds, problems by category, transfer outcomes
    /// (counts only), and print it as a briefing.
    ReadCountyOverview,
    /// Confirm or dismiss a suggested rebound at a look-back.
    DecideRebound(&'a Scope),
    /// Set the typical problem of the 问题库 a problem falls under (correcting the library's
    /// classification): the county's office.
    ClassifyProblem(&'a Scope),
    /// Mark a new finding as the rebound of an earlier problem of its organisation: the team
    /// that found it, or the office.
    MarkRebound(&'a Scope),
    /// Compare a finding with the organisation's earlier problems (回头看: the earlier problems,
    /// their measures, rebound candidates): the inspecting side that reads the finding — not the
    /// organisation itself, nor a supervisor, who reads only the feedback it joined.
    CompareEarlier(&'a Scope),
    /// Declare one's own conflict of interest with an organisation (回避申报).
    DeclareConflict,
    /// Draw closed measures of the inspection into a 随机抽查 sample: the county's office.
    Recheck(&'a Scope),
    /// Read a round's draws and their statistics: the county's office and leaders.
    ReadRoundRechecks,
    /// Read a drawn measure's re-check, which the team named (`TeamId`) verifies: the office,
    /// the leaders and that team.
    ReadRecheck(&'a Scope, TeamId),
    /// Record what was found on site (files, the verdict): the team sent, which answers for
    /// it; not the office that drew it.
    VerifyRecheck(&'a Scope, TeamId),
    /// Read the public's comments on the inspection's disclosures before they are published,
    /// approve, refuse, answer them, or register one as a tip: the county's office.
    ModerateComments(&'a Scope),
    /// Reveal a commenter's contact details (recorded each time): the county's office.
    UnsealCommenter(&'a Scope),
    /// Read the public's satisfaction with a round's organisations (counts, never the
    /// unpublished text): the county's office and leaders.
    ReadSatisfaction,
    /// Make an inspection's archive (巡察档案), standard or sealed: the county's office.
    MakeArchive(&'a Scope),
    /// Read and download an inspection's archives: the standard one (tips only as counts) the
    /// county's office and leaders; the sealed one (tips and tippers) the office alone.
    ReadArchive(&'a Scope, crate::archive::ArchiveVariant),
    /// Keep the 巡察人才库 (cadres, their ties: former posts, relatives) and read its draws with
    /// their exclusions: the county's office.
    ManagePool,
}

impl Capability<'_> {
    /// The inspection the capability concerns, if it concerns one.
    pub fn scope(&self) -> Option<&Scope> {
        use Capability::*;
        match self {
            ReadInspection(s)
            | EditInspection(s)
            | ReadTips(s)
            | ManageTips(s)
            | UnsealTipper(s)
            | ReadProblems(s)
            | DraftProblem(s)
            | SignProblem(s)
            | GiveFeedback(s)
            | CreateTransfer(s)
            | ReadTransfer(s, _)
            | RecordOutcome(s, _)
            | ReadPlan(s)
            | EditPlan(s)
            | SubmitPlan(s)
            | ReviewPlan(s)
            | ReportProgress(s)
            | CloseMeasure(s)
            | DecideExtension(s)
            | Escalate(s)
            | Assess(s)
            | ReadAssessment(s)
            | Disclose(s)
            | ReadDisclosures(s)
            | DecideRebound(s)
            | ClassifyProblem(s)
            | MarkRebound(s)
            | CompareEarlier(s)
            | Recheck(s)
            | ReadRecheck(s, _)
            | VerifyRecheck(s, _)
            | ModerateComments(s)
            | UnsealCommenter(s)
            | MakeArchive(s)
            | ReadArchive(s, _) => Some(s),
            Administer | PlanRounds | ReadRounds | ReadAudit | RankSignals | ReadCountyOverview | DeclareConflict
            | ReadRoundRechecks | ReadSatisfaction | ManagePool => None,
        }
    }

    /// Whether the capability only reads, and reads nothing of tips, tippers, transfers (leads
    /// drawn from tips) or the audit trail (which names who read which tip): all a higher
    /// office may be given over the counties below it.
    pub fn supervisory_read(&self) -> bool {
        use Capability::*;
        matches!(
            self,
            ReadRounds
                | ReadInspection(_)
                | ReadProblems(_)
                | CompareEarlier(_)
                | ReadPlan(_)
                | ReadDisclosures(_)
                | ReadAssessment(_)
                | RankSignals
        )
    }
}

impl Actor {
    /// Whether a record of this county committee lies in the actor's jurisdiction (always, for
    /// an actor without one).
    pub fn covers(&self, county: Option<OrgId>) -> bool {
        self.jurisdiction.as_ref().is_none_or(|j| j.covers(county))
    }
    /// Whether an inspection lies in this actor's jurisdiction.
    pub fn within(&self, scope: &Scope) -> bool {
        self.covers(scope.committee_id)
    }
    /// Whether the actor supervises from a higher committee (read-only, no tips).
    pub fn supervises_from_above(&self) -> bool {
        matches!(self.jurisdiction, Some(Jurisdiction::Above { .. }))
    }
    /// Whether the actor reads the inspecting side's internal records (work papers, the
    /// source of a problem): the office, leaders and teams of the county, not a higher office.
    pub fn reads_work_papers(&self) -> bool {
        matches!(self.role, Role::Office | Role::Team | Role::Leader) && !self.supervises_from_above()
    }
}

/// The one access rule. Nothing of an inspection outside the actor's jurisdiction is allowed,
/// whatever the role: one database may serve many counties, and a county's office, leaders,
/// teams and supervisors see that county only. A higher office reads the counties below it and
/// does nothing else.
pub fn allowed(actor: &Actor, cap: Capability<'_>) -> bool {
    if cap.scope().is_some_and(|s| !actor.within(s)) {
        return false;
    }
    if actor.supervises_from_above() {
        // Problems before feedback are the team's work papers, which cite tips.
        let draft = matches!(cap, Capability::ReadProblems(s) if !s.fed_back);
        if !cap.supervisory_read() || draft {
            return false;
        }
    }
    use Capability::*;
    let role = actor.role;
    let office = role == Role::Office;
    match cap {
        Administer => role == Role::Admin,
        PlanRounds | ReadAudit | Disclose(_) | DecideRebound(_) | ClassifyProblem(_) => office,
        // What the public sent stays with the office until published: a comment may be a tip,
        // and its sender is sealed like a tipper.
        ModerateComments(_) | UnsealCommenter(_) | MakeArchive(_) => office,
        // Declared relatives and former posts are personal: the office that forms teams alone.
        ManagePool => office,
        ReadArchive(_, variant) => {
            office || (role == Role::Leader && variant == crate::archive::ArchiveVariant::Standard)
        }
        ReadDisclosures(_) | RankSignals => office || role == Role::Leader,
        // A county's own leaders and office (it counts transfers, leads drawn from tips, which
        // are no higher office's to read: see `supervisory_read`).
        ReadCountyOverview | ReadRoundRechecks | ReadSatisfaction => office || role == Role::Leader,
        // Those who may be put on a team or plan one.
        DeclareConflict => office || role == Role::Team,
        ReadRounds => matches!(role, Role::Office | Role::Leader | Role::Team),
        ReadInspection(s) => {
            office
                || role == Role::Leader
                || actor.on_team(s)
                || (actor.is_target_of(s) && s.fed_back)
                || actor.joined(s)
        }
        EditInspection(s) => office || actor.serves_on(s) == Some(TeamPosition::Leader),
        // Tips never reach targets, supervisors, leaders or admins.
        ReadTips(s) | ManageTips(s) => office || actor.on_team(s),
        UnsealTipper(s) => office || actor.serves_on(s) == Some(TeamPosition::Leader),
        ReadProblems(s) => {
            office
                || role == Role::Leader
                || actor.on_team(s)
                || (s.fed_back && (actor.is_target_of(s) || actor.joined(s)))
        }
        DraftProblem(s) | SignProblem(s) => actor.on_team(s),
        CompareEarlier(s) => !role.is_target() && role != Role::Supervisor && allowed(actor, ReadProblems(s)),
        GiveFeedback(s) => office || actor.serves_on(s) == Some(TeamPosition::Leader),
        CreateTransfer(s) | MarkRebound(s) => office || actor.on_team(s),
        ReadTransfer(s, body) => {
            office || actor.on_team(s) || (role == Role::Supervisor && actor.body == Some(body) && body != Body::Other)
        }
        RecordOutcome(_, body) => match body {
            Body::Other => office,
            b => role == Role::Supervisor && actor.body == Some(b),
        },
        ReadPlan(s) => {
            office
                || role == Role::Leader
                || actor.on_team(s)
                || (s.fed_back && (actor.is_target_of(s) || actor.joined(s)))
        }
        EditPlan(s) | ReportProgress(s) => s.fed_back && actor.is_target_of(s),
        SubmitPlan(s) => s.fed_back && role == Role::TargetSecretary && actor.is_target_of(s),
        ReviewPlan(_) | DecideExtension(_) | Escalate(_) | Assess(_) => office,
        ReadAssessment(s) => office || role == Role::Leader || (s.fed_back && actor.is_target_of(s)),
        CloseMeasure(s) => office || actor.on_team(s),
        Recheck(_) => office,
        // The verifying team may be another than the one that inspected: it reads the measure
        // it was sent to check, not the inspection.
        ReadRecheck(s, team) => {
            office
                || role == Role::Leader
                || (actor.position_in(team).is_some() && !actor.recused_from(s.target_org_id))
        }
        // Not someone of the inspecting team as well, now or before (recused from it or not):
        // nobody checks their own team's closure; nor anyone recused from the organisation.
        VerifyRecheck(s, team) => {
            actor.position_in(team).is_some()
                && actor.position_in(s.team_id).is_none()
                && !actor.left_teams.contains(&s.team_id)
                && !actor.recused_from(s.target_org_id)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Capability::*;

    fn actor(role: Role) -> Actor {
        Actor {
            user_id: UserId::new(1),
            role,
            org_id: None,
            body: None,
            teams: vec![],
            left_teams: vec![],
            jurisdiction: None,
            recusal: Recusal::default(),
        }
    }
    fn scope(fed_back: bool) -> Scope {
        Scope {
            team_id: TeamId::new(10),
            target_org_id: OrgId::new(20),
            fed_back,
            joint_bodies: vec![Body::Discipline, Body::Organisation],
            committee_id: Some(OrgId::new(1)),
        }
    }
    #[test]
    fn a_member_recused_from_a_target_loses_every_team_right_over_its_inspection() {
        let s = scope(true);
        let free = team_user(s.team_id, TeamPosition::Leader);
        let recused = |recusal: Recusal| Actor { recusal, ..free.clone() };
        // Declared a conflict after joining; moved into the target; works in a unit inside it;
        // the pool's record of them ties them to it (a relative recorded there since).
        let declared = recused(Recusal { declared: vec![s.target_org_id], ..Recusal::default() });
        let recorded = recused(Recusal { recorded: vec![s.target_org_id], ..Recusal::default() });
        let above = recused(Recusal { home_supervised: vec![s.target_org_id], ..Recusal::default() });
        let moved = Actor { org_id: Some(s.target_org_id), ..free.clone() };
        let inside = Actor {
            org_id: Some(OrgId::new(30)),
            ..recused(Recusal { home_ancestors: vec![s.target_org_id], ..Recusal::default() })
        };
        let rights = [
            ReadInspection(&s),
            EditInspection(&s),
            ReadTips(&s),
            ManageTips(&s),
            UnsealTipper(&s),
            ReadProblems(&s),
            DraftProblem(&s),
            SignProblem(&s),
            GiveFeedback(&s),
            CreateTransfer(&s),
            MarkRebound(&s),
            ReadTransfer(&s, Body::Discipline),
            ReadPlan(&s),
            CloseMeasure(&s),
        ];
        for (i, cap) in rights.iter().enumerate() {
            assert!(allowed(&free, *cap), "right {i} of a free leader");
            let kinds = [
                ("declared", &declared),
                ("moved", &moved),
                ("inside", &inside),
                ("recorded", &recorded),
                ("above", &above),
            ];
            for (who, a) in kinds {
                assert!(!allowed(a, *cap), "right {i} of a member recused ({who})");
                assert_eq!(a.serves_on(&s), None);
            }
        }
        // The team's other target stays theirs; the rule binds team users only.
        let other = Scope { target_org_id: OrgId::new(21), ..s.clone() };
        assert!(allowed(&declared, ReadTips(&other)) && allowed(&declared, SignProblem(&other)));
        assert_eq!(declared.serves_on(&other), Some(TeamPosition::Leader));
        let office = Actor { recusal: declared.recusal.clone(), ..actor(Role::Office) };
        assert!(!office.recused_from(s.target_org_id));
        // Nor may a recused member of another team check the target's closure on site.
        let verifiers = TeamId::new(11);
        let checker = team_user(verifiers, TeamPosition::Member);
        assert!(allowed(&checker, VerifyRecheck(&s, verifiers)) && allowed(&checker, ReadRecheck(&s, verifiers)));
        // Whether they declared it or the pool's record of them ties them to it.
        for recusal in [declared.recusal.clone(), recorded.recusal.clone()] {
            let kin = Actor { recusal, ..checker.clone() };
            assert!(!allowed(&kin, VerifyRecheck(&s, verifiers)) && !allowed(&kin, ReadRecheck(&s, verifiers)));
        }
        // Nor one taken off the inspecting team since: they worked its closures.
        let moved_on = Actor { left_teams: vec![s.team_id], ..checker.clone() };
        assert!(!allowed(&moved_on, VerifyRecheck(&s, verifiers)));
    }

    fn target(role: Role, org: OrgId) -> Actor {
        Actor { org_id: Some(org), ..actor(role) }
    }
    fn team_user(team: TeamId, pos: TeamPosition) -> Actor {
        Actor { teams: vec![(team, pos)], ..actor(Role::Team) }
    }
    fn county(committee: i64) -> Jurisdiction {
        Jurisdiction::County { committee: OrgId::new(committee) }
    }
    fn supervisor(body: Body) -> Actor {
        Actor { body: Some(body), ..actor(Role::Supervisor) }
    }

    #[test]
    fn a_recheck_is_drawn_by_the_office_and_verified_by_the_team_sent_whichever_inspected() {
        let s = scope(true);
        let sent = TeamId::new(11);
        assert!(allowed(&actor(Role::Office), Recheck(&s)));
        for role in [Role::Leader, Role::Admin, Role::Supervisor, Role::TargetSecretary] {
            assert!(!allowed(&actor(role), Recheck(&s)), "{role:?}");
        }
        let member_sent = team_user(sent, TeamPosition::Member);
        assert!(allowed(&member_sent, VerifyRecheck(&s, sent)) && allowed(&member_sent, ReadRecheck(&s, sent)));
        // The team that inspected, when another was sent, neither reads nor verifies it.
        let inspecting = team_user(TeamId::new(10), TeamPosition::Leader);
        assert!(!allowed(&inspecting, VerifyRecheck(&s, sent)) && !allowed(&inspecting, ReadRecheck(&s, sent)));
        assert!(allowed(&actor(Role::Leader), ReadRecheck(&s, sent)));
        assert!(!allowed(&actor(Role::Leader), VerifyRecheck(&s, sent)));
        assert!(!allowed(&actor(Role::Office), VerifyRecheck(&s, sent)), "the team sent answers for what it found");
        let on_both =
            Actor { teams: vec![(sent, TeamPosition::Member), (s.team_id, TeamPosition::Member)], ..actor(Role::Team) };
        assert!(
            allowed(&on_both, ReadRecheck(&s, sent)) && !allowed(&on_both, VerifyRecheck(&s, sent)),
            "not one's own team's closure"
        );
        let own = target(Role::TargetSecretary, s.target_org_id);
        assert!(!allowed(&own, ReadRecheck(&s, sent)) && !allowed(&own, VerifyRecheck(&s, sent)));
        let elsewhere = Actor { jurisdiction: Some(county(2)), ..actor(Role::Office) };
        assert!(!allowed(&elsewhere, Recheck(&s)) && !allowed(&elsewhere, ReadRecheck(&s, sent)));
    }

    #[test]
    fn the_public_s_comments_are_moderated_by_the_county_office_alone() {
        let s = scope(true);
        assert!(allowed(&actor(Role::Office), ModerateComments(&s)));
        assert!(allowed(&actor(Role::Office), UnsealCommenter(&s)));
        let own_team = team_user(s.team_id, TeamPosition::Leader);
        let others = [
            actor(Role::Leader),
            actor(Role::Admin),
            supervisor(Body::Discipline),
            target(Role::TargetSecretary, s.target_org_id),
            target(Role::TargetLiaison, s.target_org_id),
            own_team,
        ];
        for a in &others {
            assert!(!allowed(a, ModerateComments(&s)) && !allowed(a, UnsealCommenter(&s)), "{a:?}");
        }
        assert!(allowed(&actor(Role::Leader), ReadSatisfaction) && allowed(&actor(Role::Office), ReadSatisfaction));
        for role in [Role::Team, Role::TargetSecretary, Role::Supervisor, Role::Admin] {
            assert!(!allowed(&actor(role), ReadSatisfaction), "{role:?}");
        }
        let elsewhere = Actor { jurisdiction: Some(county(2)), ..actor(Role::Office) };
        assert!(!allowed(&elsewhere, ModerateComments(&s)));
        let above = Actor {
            jurisdiction: Some(Jurisdiction::Above { committee: OrgId::new(9), counties: vec![OrgId::new(1)] }),
            ..actor(Role::Office)
        };
        assert!(!allowed(&above, ModerateComments(&s)) && !allowed(&above, ReadSatisfaction));
    }

    #[test]
    fn the_archive_is_made_by_the_office_and_its_sealed_variant_read_by_it_alone() {
        use crate::archive::ArchiveVariant::{Sealed, Standard};
        let s = scope(true);
        let office = actor(Role::Office);
        assert!(allowed(&office, MakeArchive(&s)) && allowed(&office, ReadArchive(&s, Sealed)));
        let leader = actor(Role::Leader);
        assert!(allowed(&leader, ReadArchive(&s, Standard)) && !allowed(&leader, ReadArchive(&s, Sealed)));
        assert!(!allowed(&leader, MakeArchive(&s)));
        for a in [
            team_user(s.team_id, TeamPosition::Leader),
            target(Role::TargetSecretary, s.target_org_id),
            supervisor(Body::Discipline),
            actor(Role::Admin),
        ] {
            assert!(!allowed(&a, ReadArchive(&s, Standard)) && !allowed(&a, MakeArchive(&s)), "{a:?}");
        }
    }

    #[test]
    fn no_target_user_ever_sees_a_tip_of_any_scope() {
        for role in [Role::TargetSecretary, Role::TargetLiaison] {
            for fed_back in [false, true] {
                let s = scope(fed_back);
                let a = target(role, s.target_org_id);
                assert!(!allowed(&a, ReadTips(&s)));
                assert!(!allowed(&a, ManageTips(&s)));
                assert!(!allowed(&a, UnsealTipper(&s)));
            }
        }
    }

    #[test]
    fn only_the_office_and_the_own_team_see_tips() {
        let s = scope(true);
        assert!(allowed(&actor(Role::Office), ReadTips(&s)));
        assert!(allowed(&team_user(TeamId::new(10), TeamPosition::Member), ReadTips(&s)));
        assert!(!allowed(&team_user(TeamId::new(11), TeamPosition::Leader), ReadTips(&s)));
        for role in [Role::Admin, Role::Leader, Role::Supervisor] {
            assert!(!allowed(&actor(role), ReadTips(&s)), "{role:?}");
        }
        assert!(!allowed(&supervisor(Body::Discipline), ReadTips(&s)));
    }

    #[test]
    fn only_the_team_leader_or_office_may_unseal_a_tipper() {
        let s = scope(false);
        assert!(allowed(&team_user(TeamId::new(10), TeamPosition::Leader), UnsealTipper(&s)));
        assert!(!allowed(&team_user(TeamId::new(10), TeamPosition::Member), UnsealTipper(&s)));
    }

    #[test]
    fn a_target_sees_its_own_problems_only_after_feedback() {
        let a = target(Role::TargetLiaison, OrgId::new(20));
        assert!(!allowed(&a, ReadProblems(&scope(false))));
        assert!(allowed(&a, ReadProblems(&scope(true))));
        let other = target(Role::TargetSecretary, OrgId::new(21));
        assert!(!allowed(&other, ReadProblems(&scope(true))));
        assert!(!allowed(&other, ReadInspection(&scope(true))));
    }

    #[test]
    fn a_team_sees_only_its_own_inspections() {
        assert!(allowed(&team_user(TeamId::new(10), TeamPosition::Member), ReadInspection(&scope(false))));
        assert!(!allowed(&team_user(TeamId::new(11), TeamPosition::Member), ReadInspection(&scope(false))));
        assert!(!allowed(&team_user(TeamId::new(11), TeamPosition::Leader), ReadProblems(&scope(true))));
    }

    #[test]
    fn only_the_secretary_submits_but_the_liaison_may_edit() {
        let s = scope(true);
        assert!(allowed(&target(Role::TargetLiaison, OrgId::new(20)), EditPlan(&s)));
        assert!(!allowed(&target(Role::TargetLiaison, OrgId::new(20)), SubmitPlan(&s)));
        assert!(allowed(&target(Role::TargetSecretary, OrgId::new(20)), SubmitPlan(&s)));
    }

    #[test]
    fn closing_is_for_office_or_the_team_never_the_target() {
        let s = scope(true);
        assert!(allowed(&actor(Role::Office), CloseMeasure(&s)));
        assert!(allowed(&team_user(TeamId::new(10), TeamPosition::Member), CloseMeasure(&s)));
        assert!(!allowed(&target(Role::TargetSecretary, OrgId::new(20)), CloseMeasure(&s)));
        assert!(!allowed(&actor(Role::Leader), CloseMeasure(&s)));
    }

    #[test]
    fn supervisors_see_only_transfers_addressed_to_them() {
        let s = scope(true);
        let d = supervisor(Body::Discipline);
        assert!(allowed(&d, ReadTransfer(&s, Body::Discipline)));
        assert!(!allowed(&d, ReadTransfer(&s, Body::Organisation)));
        assert!(allowed(&d, RecordOutcome(&s, Body::Discipline)));
        assert!(!allowed(&d, RecordOutcome(&s, Body::Organisation)));
        assert!(!allowed(&target(Role::TargetSecretary, OrgId::new(20)), ReadTransfer(&s, Body::Discipline)));
    }

    #[test]
    fn supervisors_read_joint_feedback_they_joined() {
        let mut s = scope(true);
        assert!(allowed(&supervisor(Body::Organisation), ReadProblems(&s)));
        s.joint_bodies = vec![Body::Discipline];
        assert!(!allowed(&supervisor(Body::Organisation), ReadProblems(&s)));
    }

    #[test]
    fn the_admin_sees_no_case_content() {
        let s = scope(true);
        let a = actor(Role::Admin);
        for cap in [ReadInspection(&s), ReadProblems(&s), ReadPlan(&s), ReadTips(&s)] {
            assert!(!allowed(&a, cap));
        }
        assert!(allowed(&a, Administer));
    }

    #[test]
    fn only_the_office_discloses() {
        let s = scope(true);
        assert!(allowed(&actor(Role::Office), Disclose(&s)));
        for role in [Role::Admin, Role::Leader, Role::Team, Role::TargetSecretary, Role::Supervisor] {
            assert!(!allowed(&actor(role), Disclose(&s)), "{role:?}");
        }
        assert!(allowed(&actor(Role::Leader), ReadDisclosures(&s)));
        assert!(!allowed(&target(Role::TargetSecretary, OrgId::new(20)), ReadDisclosures(&s)));
    }

    #[test]
    fn only_a_countys_own_office_and_leaders_read_its_overview() {
        assert!(allowed(&actor(Role::Office), ReadCountyOverview) && allowed(&actor(Role::Leader), ReadCountyOverview));
        for role in [Role::Team, Role::Supervisor, Role::Admin, Role::TargetSecretary] {
            assert!(!allowed(&actor(role), ReadCountyOverview), "{role:?}");
        }
        let above = Jurisdiction::Above { committee: OrgId::new(100), counties: vec![OrgId::new(1)] };
        let city = Actor { jurisdiction: Some(above), ..actor(Role::Office) };
        assert!(!allowed(&city, ReadCountyOverview));
    }

    #[test]
    fn only_the_office_and_leaders_rank_organisations() {
        assert!(allowed(&actor(Role::Office), RankSignals) && allowed(&actor(Role::Leader), RankSignals));
        for role in [Role::Team, Role::Supervisor, Role::Admin] {
            assert!(!allowed(&actor(role), RankSignals), "{role:?}");
        }
        assert!(!allowed(&target(Role::TargetSecretary, OrgId::new(20)), RankSignals));
        let s = scope(true);
        assert!(allowed(&actor(Role::Office), DecideRebound(&s)));
        for role in [Role::Leader, Role::Team, Role::Supervisor, Role::Admin] {
            assert!(!allowed(&actor(role), DecideRebound(&s)), "{role:?}");
        }
    }

    #[test]
    fn an_organisation_never_sees_its_findings_compared_with_its_past() {
        let s = scope(true);
        for role in [Role::TargetSecretary, Role::TargetLiaison] {
            assert!(allowed(&target(role, s.target_org_id), ReadProblems(&s)));
            assert!(!allowed(&target(role, s.target_org_id), CompareEarlier(&s)), "{role:?}");
        }
        assert!(allowed(&actor(Role::Office), CompareEarlier(&s)));
        assert!(allowed(&team_user(s.team_id, TeamPosition::Member), CompareEarlier(&s)));
        let joined = supervisor(Body::Discipline);
        assert!(allowed(&joined, ReadProblems(&s)), "it reads the feedback it joined");
        assert!(!allowed(&joined, CompareEarlier(&s)), "but not the earlier inspections behind it");
        assert!(!allowed(&team_user(TeamId::new(s.team_id.get() + 1), TeamPosition::Member), CompareEarlier(&s)));
    }

    #[test]
    fn lists_start_where_each_role_works() {
        assert_eq!(actor(Role::Office).reach(), Reach::Every);
        assert_eq!(actor(Role::Leader).reach(), Reach::Every);
        assert_eq!(team_user(TeamId::new(7), TeamPosition::Deputy).reach(), Reach::Teams(vec![TeamId::new(7)]));
        assert_eq!(target(Role::TargetLiaison, OrgId::new(20)).reach(), Reach::Own(Some(OrgId::new(20))));
        assert_eq!(actor(Role::Supervisor).reach(), Reach::FedBack);
        assert_eq!(actor(Role::Admin).reach(), Reach::Nothing);
    }

    #[test]
    fn a_transfer_inbox_gathers_ones_own_body_or_for_the_county_office_all() {
        assert_eq!(supervisor(Body::Discipline).transfer_inbox(), vec![Body::Discipline]);
        assert_eq!(actor(Role::Supervisor).transfer_inbox(), vec![]);
        assert_eq!(actor(Role::Office).transfer_inbox().len(), 3);
        let city = Actor {
            jurisdiction: Some(Jurisdiction::Above { committee: OrgId::new(1), counties: vec![OrgId::new(2)] }),
            ..actor(Role::Office)
        };
        assert_eq!(city.transfer_inbox(), vec![]);
        for role in [Role::Leader, Role::Team, Role::Admin, Role::TargetSecretary] {
            assert_eq!(actor(role).transfer_inbox(), vec![], "{role:?}");
        }
    }

    #[test]
    fn a_rebound_is_marked_by_the_team_that_found_it_or_the_office() {
        let s = scope(true);
        assert!(allowed(&actor(Role::Office), MarkRebound(&s)));
        assert!(allowed(&team_user(s.team_id, TeamPosition::Member), MarkRebound(&s)));
        assert!(!allowed(&team_user(TeamId::new(s.team_id.get() + 1), TeamPosition::Leader), MarkRebound(&s)));
        for role in [Role::Leader, Role::Supervisor, Role::Admin] {
            assert!(!allowed(&actor(role), MarkRebound(&s)), "{role:?}");
        }
        assert!(!allowed(&target(Role::TargetSecretary, s.target_org_id), MarkRebound(&s)));
    }

    #[test]
    fn leaders_read_but_do_not_write() {
        let s = scope(true);
        let l = actor(Role::Leader);
        assert!(allowed(&l, ReadProblems(&s)));
        assert!(allowed(&l, ReadPlan(&s)));
        for cap in [EditPlan(&s), ReviewPlan(&s), CloseMeasure(&s), DraftProblem(&s), PlanRounds] {
            assert!(!allowed(&l, cap));
        }
    }

    #[test]
    fn the_office_scores_and_the_organisation_reads_its_own_score() {
        let s = scope(true);
        assert!(allowed(&actor(Role::Office), Assess(&s)));
        assert!(allowed(&actor(Role::Leader), ReadAssessment(&s)) && !allowed(&actor(Role::Leader), Assess(&s)));
        assert!(allowed(&target(Role::TargetLiaison, OrgId::new(20)), ReadAssessment(&s)));
        assert!(!allowed(&target(Role::TargetSecretary, OrgId::new(21)), ReadAssessment(&s)));
        assert!(!allowed(&team_user(TeamId::new(10), TeamPosition::Leader), Assess(&s)));
        assert!(!allowed(&Actor { body: Some(Body::Discipline), ..actor(Role::Supervisor) }, ReadAssessment(&s)));
    }

    #[test]
    fn only_the_countys_office_escalates_and_pauses_clocks() {
        let s = scope(true);
        assert!(allowed(&actor(Role::Office), Escalate(&s)));
        for who in [
            actor(Role::Leader),
            team_user(TeamId::new(10), TeamPosition::Leader),
            target(Role::TargetSecretary, OrgId::new(20)),
            Actor { body: Some(Body::Discipline), ..actor(Role::Supervisor) },
            actor(Role::Admin),
        ] {
            assert!(!allowed(&who, Escalate(&s)), "{:?}", who.role);
        }
        let elsewhere = Actor { jurisdiction: Some(county(2)), ..actor(Role::Office) };
        assert!(!allowed(&elsewhere, Escalate(&s)));
    }

    #[test]
    fn nothing_of_another_countys_inspection_is_allowed_whatever_the_role() {
        let ours = scope(true);
        let theirs = Scope { committee_id: Some(OrgId::new(2)), ..scope(true) };
        let county_office = Actor { jurisdiction: Some(county(1)), ..actor(Role::Office) };
        assert!(allowed(&county_office, Capability::ReadTips(&ours)));
        for cap in [
            Capability::ReadInspection(&theirs),
            Capability::ReadTips(&theirs),
            Capability::UnsealTipper(&theirs),
            Capability::ReadProblems(&theirs),
            Capability::ReadPlan(&theirs),
            Capability::CloseMeasure(&theirs),
            Capability::ReadTransfer(&theirs, Body::Discipline),
            Capability::Disclose(&theirs),
            Capability::ReadDisclosures(&theirs),
            Capability::DecideRebound(&theirs),
        ] {
            assert!(!allowed(&county_office, cap), "{cap:?}");
        }
        let their_team = Actor { jurisdiction: Some(county(1)), ..team_user(TeamId::new(10), TeamPosition::Leader) };
        assert!(!allowed(&their_team, Capability::ReadTips(&theirs)), "even a team listed on it");
        // An account under no committee (a single-county deployment) keeps seeing everything.
        assert!(allowed(&actor(Role::Office), Capability::ReadTips(&theirs)));
    }

    #[test]
    fn a_higher_office_reads_the_counties_below_and_nothing_of_their_tips_or_their_work() {
        let below = scope(true);
        let elsewhere = Scope { committee_id: Some(OrgId::new(9)), ..scope(true) };
        let above = Jurisdiction::Above { committee: OrgId::new(100), counties: vec![OrgId::new(1), OrgId::new(2)] };
        for role in [Role::Office, Role::Leader] {
            let city = Actor { jurisdiction: Some(above.clone()), ..actor(role) };
            for cap in [ReadRounds, ReadInspection(&below), ReadProblems(&below), ReadPlan(&below), RankSignals] {
                assert!(allowed(&city, cap), "{role:?} {cap:?}");
            }
            assert!(allowed(&city, ReadDisclosures(&below)), "{role:?}");
            assert!(!allowed(&city, ReadProblems(&scope(false))), "problems before feedback are work papers");
            assert!(!allowed(&city, ReadInspection(&elsewhere)), "a county not below it");
            assert!(!city.reads_work_papers(), "work papers cite tips");
        }
        let city_office = Actor { jurisdiction: Some(above), ..actor(Role::Office) };
        // Every capability outside the supervisory reads is refused, however the role reads.
        for cap in [
            ReadTips(&below),
            ManageTips(&below),
            UnsealTipper(&below),
            ReadTransfer(&below, Body::Discipline),
            RecordOutcome(&below, Body::Other),
            CreateTransfer(&below),
            EditInspection(&below),
            GiveFeedback(&below),
            ReviewPlan(&below),
            CloseMeasure(&below),
            DecideExtension(&below),
            Disclose(&below),
            DecideRebound(&below),
            PlanRounds,
            ReadAudit,
            DeclareConflict,
        ] {
            assert!(!cap.supervisory_read(), "{cap:?}");
            assert!(!allowed(&city_office, cap), "{cap:?}");
        }
        // A county's own office keeps its work papers.
        assert!(Actor { jurisdiction: Some(county(1)), ..actor(Role::Office) }.reads_work_papers());
    }
}
