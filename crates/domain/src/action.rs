//! Every act the audit trail records, typed: each knows its stored code, the kind of record it
//! concerns (the `entity` its history is kept under), and whether it only reads (a read of a tip
//! is recorded, but changes nothing that a kept page or index depends on).

use crate::coded_enum;

coded_enum!(
    Action {
        ArchiveDownload = "archive.download" / "下载巡察档案",
        ArchiveMake = "archive.make" / "生成巡察档案",
        AspectCreate = "aspect.create" / "新增问题方面",
        AssessmentSave = "assessment.save" / "评估整改成效",
        CommentAnswer = "comment.answer" / "公开答复群众评价",
        CommentApprove = "comment.approve" / "公开群众评价",
        CommentConvert = "comment.convert" / "群众评价转为举报",
        CommentList = "comment.list" / "查看群众评价",
        CommentPublic = "comment.public" / "收到群众评价",
        CommentReject = "comment.reject" / "群众评价不予公开",
        CommentUnseal = "comment.unseal" / "查看评价人联系方式",
        ConflictDeclare = "conflict.declare" / "申报回避",
        DisclosureDraft = "disclosure.draft" / "起草公开稿",
        DisclosurePublish = "disclosure.publish" / "审批公开",
        DisclosureWithhold = "disclosure.withhold" / "决定不公开",
        EscalationTake = "escalation.take" / "督办",
        EvidenceUpload = "evidence.upload" / "上传佐证材料",
        ExtensionDecide = "extension.decide" / "审批延期",
        ExtensionRequest = "extension.request" / "申请延期",
        InspectionAnnounce = "inspection.announce" / "发布巡察公告",
        InspectionCreate = "inspection.create" / "安排巡察",
        InspectionFeedback = "inspection.feedback" / "反馈巡察意见",
        LedgerImport = "ledger.import" / "导入整改台账",
        MeasureClockPause = "measure.clock_pause" / "暂停整改计时",
        MechanismAdd = "mechanism.add" / "建立长效机制",
        MeasureClockResume = "measure.clock_resume" / "恢复整改计时",
        MeasureClose = "measure.close" / "验收销号",
        MeasureCreate = "measure.create" / "新增整改措施",
        MeasureDelete = "measure.delete" / "删除整改措施",
        MeasureExtend = "measure.extend" / "延长整改时限",
        MeasureProgress = "measure.progress" / "报告整改进展",
        MeasureReopen = "measure.reopen" / "重新打开措施",
        MeasureUpdate = "measure.update" / "修改整改措施",
        OrgCreate = "org.create" / "新增组织",
        PersonCreate = "person.create" / "新增人员",
        PersonUpdate = "person.update" / "更新人员",
        PlanOpen = "plan.open" / "开启整改方案",
        PlanReview = "plan.review" / "审核整改方案",
        PlanSubmit = "plan.submit" / "报送整改方案",
        PoolCadreAdd = "pool.add" / "加入巡察人才库",
        PoolCadreUpdate = "pool.update" / "更新巡察人才库信息",
        PoolCadreLink = "pool.link" / "关联人才库人员的系统账号",
        PoolCadreUnlink = "pool.unlink" / "解除人才库人员与系统账号的关联",
        PoolDraw = "pool.draw" / "从人才库抽取巡察组成员",
        PoolSwap = "pool.swap" / "调换抽取的巡察组成员",
        ProblemClassify = "problem.classify" / "认定典型问题",
        ProblemClose = "problem.close" / "问题整改完成",
        ProblemDraft = "problem.draft" / "起草问题底稿",
        ProblemEdit = "problem.edit" / "修改问题底稿",
        ProblemImport = "problem.import" / "导入问题",
        ProblemRebound = "problem.rebound" / "标记反弹",
        ProblemReboundDecision = "problem.rebound_decision" / "认定反弹",
        ProblemReopen = "problem.reopen" / "问题重新打开",
        ProblemReturn = "problem.return" / "退回问题底稿",
        ProblemSign = "problem.sign" / "签批问题底稿",
        RecheckDraw = "recheck.draw" / "随机抽查",
        RecheckEvidence = "recheck.evidence" / "上传核查材料",
        RecheckResult = "recheck.result" / "抽查核查结论",
        RosterImport = "roster.import" / "导入人员名册",
        RoundCreate = "round.create" / "新建巡察轮次",
        SettingAssessmentSheet = "setting.assessment_sheet" / "修改整改成效评估表",
        SettingDeadlinePolicy = "setting.deadline_policy" / "修改时限规则",
        SettingProblemLibrary = "setting.problem_library" / "导入问题库",
        SettingConceptLexicon = "setting.concept_lexicon" / "导入问题概念词表",
        SettingPoolYears = "setting.pool_years" / "修改任职回避年限",
        TeamAddMember = "team.add_member" / "增加巡察组成员",
        TeamRemoveMember = "team.remove_member" / "调出巡察组成员",
        TeamCreate = "team.create" / "组建巡察组",
        TipLink = "tip.link" / "关联举报与问题",
        TipList = "tip.list" / "查看信访举报列表",
        TipPublic = "tip.public" / "网上举报",
        TipRead = "tip.read" / "查看信访举报",
        TipRegister = "tip.register" / "登记信访举报",
        TipReply = "tip.reply" / "答复举报人",
        TipSearch = "tip.search" / "检索到信访举报",
        TipTriage = "tip.triage" / "分办信访举报",
        TipUnseal = "tip.unseal" / "查看举报人身份",
        TransferCreate = "transfer.create" / "移交问题线索",
        TransferOutcome = "transfer.outcome" / "反馈移交办理结果",
        TransferUpdate = "transfer.update" / "报告移交事项办理进展",
        UserCreate = "user.create" / "新增账号",
        UserDisable = "user.disable" / "停用账号",
        UserEnable = "user.enable" / "启用账号",
        UserLogin = "user.login" / "登录",
        UserPassword = "user.password" / "修改密码",
        UserOnboard = "user.onboard" / "开通被巡察党组织账号",
        UserReset = "user.reset" / "重置密码",
        UserUnlock = "user.unlock" / "解除锁定",
    }
);

/// The record an act is kept under (`audit_event.entity` and `entity_id`), or none (a setting,
/// a sign-in that failed, a search). Built from a typed id, so an act cannot be filed under a
/// record of another kind: the guarded path refuses an event whose record is not of the kind
/// its action names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct On {
    pub entity: Option<&'static str>,
    pub id: Option<i64>,
}

impl On {
    /// An act on no one record.
    pub const NONE: On = On { entity: None, id: None };
}

/// An id that names a record an act may be kept under.
pub trait Recorded: Copy {
    /// The kind, as `Action::entity` names it.
    const ENTITY: &'static str;
    fn raw(self) -> i64;
}

impl<T: Recorded> From<T> for On {
    fn from(id: T) -> On {
        On { entity: Some(T::ENTITY), id: Some(id.raw()) }
    }
}

macro_rules! recorded {
    ($($id:ident => $entity:literal),* $(,)?) => {$(
        impl Recorded for crate::id::$id {
            const ENTITY: &'static str = $entity;
            fn raw(self) -> i64 {
                self.get()
            }
        }
    )*};
}

recorded! {
    AspectId => "aspect",
    CadreId => "pool_cadre",
    CommentId => "public_comment",
    ConflictId => "conflict_declaration",
    DisclosureId => "disclosure",
    InspectionId => "inspection",
    MeasureId => "measure",
    OrgId => "organisation",
    PersonId => "person",
    PlanId => "plan",
    ProblemId => "problem",
    RoundId => "round",
    TeamId => "team",
    TipId => "tip",
    TransferId => "transfer",
    UserId => "user",
}

impl Action {
    /// The kind of record the act is kept under (`audit_event.entity`): a record's history is
    /// the events with its kind and id.
    pub fn entity(self) -> &'static str {
        use Action::*;
        match self {
            AspectCreate => "aspect",
            // An archive belongs to the inspection it files.
            ArchiveMake | ArchiveDownload => "inspection",
            CommentAnswer | CommentApprove | CommentConvert | CommentPublic | CommentReject | CommentUnseal => {
                "public_comment"
            }
            // The office read a round's comments (which may hold tips before they are decided).
            CommentList => "round",
            ConflictDeclare => "conflict_declaration",
            DisclosureDraft | DisclosurePublish | DisclosureWithhold => "disclosure",
            EvidenceUpload | ExtensionDecide | ExtensionRequest => "measure",
            MeasureClockPause | MeasureClockResume => "measure",
            // A step of the ladder, a score and a mechanism belong to one inspection (one
            // organisation in one round).
            EscalationTake | AssessmentSave | MechanismAdd => "inspection",
            MeasureClose | MeasureCreate | MeasureDelete | MeasureExtend | MeasureProgress | MeasureReopen
            | MeasureUpdate => "measure",
            // A tip list and an imported ledger belong to the inspection they were read or made in.
            InspectionAnnounce | InspectionCreate | InspectionFeedback | LedgerImport | TipList => "inspection",
            OrgCreate | RosterImport => "organisation",
            PersonCreate | PersonUpdate => "person",
            PlanOpen | PlanReview | PlanSubmit => "plan",
            PoolCadreAdd | PoolCadreUpdate | PoolCadreLink | PoolCadreUnlink => "pool_cadre",
            // A draw and a swap belong to the team they formed.
            PoolDraw | PoolSwap => "team",
            ProblemClassify
            | ProblemClose
            | ProblemDraft
            | ProblemEdit
            | ProblemImport
            | ProblemRebound
            | ProblemReboundDecision
            | ProblemReopen
            | ProblemReturn
            | ProblemSign => "problem",
            // A draw belongs to its round; what was found belongs to the measure checked, so
            // the measure's history shows it beside its 销号.
            RoundCreate | RecheckDraw => "round",
            RecheckEvidence | RecheckResult => "measure",
            SettingDeadlinePolicy
            | SettingAssessmentSheet
            | SettingProblemLibrary
            | SettingConceptLexicon
            | SettingPoolYears => "setting",
            TeamAddMember | TeamCreate | TeamRemoveMember => "team",
            TipLink | TipPublic | TipRead | TipRegister | TipReply | TipSearch | TipTriage | TipUnseal => "tip",
            TransferCreate | TransferOutcome | TransferUpdate => "transfer",
            UserCreate | UserDisable | UserEnable | UserLogin | UserOnboard | UserPassword | UserReset | UserUnlock => {
                "user"
            }
        }
    }

    /// Whether the act only reads (it is recorded because it touched a tip or opened a session,
    /// and changes no data a kept page, index or ranking is built from).
    pub fn is_read(self) -> bool {
        use Action::*;
        matches!(
            self,
            TipList | TipRead | TipUnseal | TipSearch | UserLogin | CommentList | CommentUnseal | ArchiveDownload
        )
    }

    /// The codes of the reading acts (for the queries that skip them).
    pub fn read_codes() -> Vec<&'static str> {
        Action::ALL.iter().filter(|a| a.is_read()).map(|a| a.code()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_unique_and_names_its_kind_first() {
        let mut codes: Vec<&str> = Action::ALL.iter().map(|a| a.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Action::ALL.len());
        for a in Action::ALL {
            assert_eq!(Action::parse("action", a.code()).unwrap(), *a);
            assert!(a.code().contains('.') && !a.label().is_empty(), "{a:?}");
        }
    }

    #[test]
    fn reads_are_the_tip_reads_and_logins_and_nothing_that_writes() {
        assert_eq!(
            Action::read_codes(),
            vec![
                "archive.download",
                "comment.list",
                "comment.unseal",
                "tip.list",
                "tip.read",
                "tip.search",
                "tip.unseal",
                "user.login"
            ]
        );
        for a in [Action::TipRegister, Action::TipTriage, Action::TipReply, Action::TipPublic, Action::UserPassword] {
            assert!(!a.is_read(), "{a:?} changes data");
        }
    }

    #[test]
    fn every_kind_an_action_is_kept_under_has_an_id_type() {
        let typed = [
            <crate::id::AspectId as Recorded>::ENTITY,
            <crate::id::CadreId as Recorded>::ENTITY,
            <crate::id::CommentId as Recorded>::ENTITY,
            <crate::id::ConflictId as Recorded>::ENTITY,
            <crate::id::DisclosureId as Recorded>::ENTITY,
            <crate::id::InspectionId as Recorded>::ENTITY,
            <crate::id::MeasureId as Recorded>::ENTITY,
            <crate::id::OrgId as Recorded>::ENTITY,
            <crate::id::PersonId as Recorded>::ENTITY,
            <crate::id::PlanId as Recorded>::ENTITY,
            <crate::id::ProblemId as Recorded>::ENTITY,
            <crate::id::RoundId as Recorded>::ENTITY,
            <crate::id::TeamId as Recorded>::ENTITY,
            <crate::id::TipId as Recorded>::ENTITY,
            <crate::id::TransferId as Recorded>::ENTITY,
            <crate::id::UserId as Recorded>::ENTITY,
            "setting",
        ];
        for a in Action::ALL {
            assert!(typed.contains(&a.entity()), "{a:?} is kept under {}, which no id names", a.entity());
        }
    }

    #[test]
    fn a_measures_acts_are_kept_in_its_history() {
        for a in Action::ALL.iter().filter(|a| a.code().starts_with("measure.")) {
            assert_eq!(a.entity(), "measure", "{a:?}");
        }
        assert_eq!(Action::EvidenceUpload.entity(), "measure");
        assert_eq!(Action::TipList.entity(), "inspection");
    }
}
