//! The JSON API. [`operations`] is the one table of its routes: each entry routes a handler and
//! documents it (`crate::openapi`), so the router and the document cannot disagree.

mod accounts;
pub(crate) mod archives;
mod assessments;
mod cases;
mod comments;
mod documents;
mod escalations;
mod plans;
mod pool;
mod rechecks;
mod system;

use axum::Router;
use xuncha_app::accounts::{AccountsActiveInput, InitialAccount, Onboarding, OnboardingRound, TargetAccountView};
use xuncha_app::audit::HistoryEntry;
use xuncha_app::disclosures::DisclosureList;
use xuncha_app::inputs::{
    AnnouncementInput, CloseInput, ConflictInput, DecisionInput, ExtensionInput, FeedbackInput, LoginInput,
    MeasureInput, MemberInput, MemberRemovalInput, NewInspectionInput, NewOrgInput, NewRoundInput, NewTeamInput,
    NewTipInput, NewTransferInput, NewUserInput, OutcomeInput, PasswordInput, ProblemInput, ProgressInput,
    ReboundInput, ReopenInput, ReplyInput, ReturnInput, ReviewInput, TipLinkInput, TriageInput, VersionInput,
};
use xuncha_app::inspections::{EarlierProblem, EarlierProblemView, TeamView};
use xuncha_app::ledger::LedgerPage;
use xuncha_app::plans::{MeasureView, PlanView};
use xuncha_app::problems::ProblemView;
use xuncha_app::tips::TipView;
use xuncha_app::transfers::TransferView;
use xuncha_app::views::{
    AspectRecord, DisclosureRecord, EvidenceRecord, ExtensionRecord, InspectionRecord, MeasureRecord,
    OrganisationRecord, PaperRecord, PersonRecord, PlanRecord, RoundRecord, TeamRecord, TipperRecord, UserRecord,
};
use xuncha_domain::deadline::DeadlinePolicy;

use crate::AppState;
/// JSON body whose decoding errors answer as our JSON errors, in Chinese, naming the field.
pub use crate::extract::Json as ApiJson;
use crate::openapi::{DOCX, Op, XLSX, evidence_form, spreadsheet_form};

/// Every operation of the API: path, documentation and handler.
pub fn operations() -> Vec<Op> {
    vec![
        Op::get("/healthz", "system", "健康检查").answer::<system::Health>().also(503, "数据库不可用").to(system::healthz),
        Op::get("/api/openapi.json", "system", "本接口文档").to(system::openapi),
        Op::post("/api/session", "system", "登录,设置会话Cookie").body::<LoginInput>().answer::<system::LoginAnswer>().to(system::login),
        Op::delete("/api/session", "system", "退出登录").status(204).to(system::logout),
        Op::get("/api/me", "system", "当前用户").answer::<system::MeAnswer>().to(system::me),
        Op::post("/api/me/password", "system", "修改本人密码").body::<PasswordInput>().status(204).to(system::change_password),
        Op::get("/api/users", "admin", "账号列表(系统管理员)").answer::<Vec<UserRecord>>().to(system::list_users),
        Op::post("/api/users", "admin", "新建账号(系统管理员)").body::<NewUserInput>().answer::<UserRecord>().status(201).to(system::create_user),
        Op::get("/api/onboarding", "admin", "可开通账号的巡察轮次及其被巡察党组织数(系统管理员)").answer::<Vec<OnboardingRound>>().to(accounts::onboarding_rounds),
        Op::post("/api/rounds/{id}/onboarding", "admin", "为本轮被巡察党组织开通书记、联络员账号;初始密码仅此一次返回,首次登录须修改(系统管理员)").answer::<Onboarding>().to(accounts::onboard_round),
        Op::post("/api/users/{id}/password-reset", "admin", "重置账号密码;新初始密码仅此一次返回,首次登录须修改(系统管理员,不含本人)").answer::<InitialAccount>().to(accounts::reset_password),
        Op::post("/api/users/{id}/unlock", "admin", "解除登录锁定(系统管理员)").answer::<UserRecord>().to(accounts::unlock),
        Op::get("/api/accounts/targets", "admin", "被巡察党组织的账号及其单位是否仍有巡察整改事项(系统管理员)").answer::<Vec<TargetAccountView>>().to(accounts::target_accounts),
        Op::post("/api/accounts/active", "admin", "批量停用或启用账号,停用即结束其会话(系统管理员,不含本人)").body::<AccountsActiveInput>().answer::<accounts::Changed>().to(accounts::set_active),
        Op::get("/api/organisations", "admin", "组织列表").answer::<Vec<OrganisationRecord>>().to(system::list_orgs),
        Op::get("/api/county", "rounds", "全县巡察整改概况:本届巡察覆盖率、各轮问题与措施、问题类别、移交办理结果(本县巡察办、领导小组)").answer::<xuncha_app::overview::CountyOverview>().to(system::county_overview),
        Op::get("/api/organisations/{id}/profile", "admin", "党组织历次巡察整改档案:读者可见的各次巡察、问题、措施、反弹和移交").answer::<xuncha_app::profile::OrganisationProfile>().to(system::organisation_profile),
        Op::post("/api/organisations", "admin", "新增组织(系统管理员)").body::<NewOrgInput>().answer::<OrganisationRecord>().status(201).to(system::create_org),
        Op::post("/api/roster-import", "admin", "导入组织和人员名册(multipart: file;查询参数 apply=true 才写入,accept_valid=true 只导入没有问题的行;系统管理员)").upload("RosterUpload", spreadsheet_form).query::<documents::ImportQuery>().answer::<documents::RosterImportAnswer>().to(documents::import_roster),
        Op::get("/api/people", "admin", "人员名册(查询参数 org;巡察办、系统管理员看全部,被巡察党组织看本单位)").query::<documents::PeopleQuery>().answer::<Vec<PersonRecord>>().to(documents::list_people),
        Op::post("/api/conflicts", "rounds", "申报回避关系").body::<ConflictInput>().status(201).to(system::declare_conflict),
        Op::get("/api/aspects", "admin", "问题类别与方面").answer::<Vec<AspectRecord>>().to(system::list_aspects),
        Op::post("/api/aspects", "admin", "新增问题方面(系统管理员)").body::<system::AspectInput>().answer::<AspectRecord>().status(201).to(system::create_aspect),
        Op::get("/api/settings/deadlines", "admin", "整改时限配置").answer::<DeadlinePolicy>().to(system::get_policy),
        Op::get("/api/audit/verify", "audit", "校验审计链(巡察办)").answer::<system::AuditCheck>().to(system::audit_verify),
        Op::get("/api/audit/{entity}/{id}", "audit", "某条记录的变更历史(巡察办)").answer::<Vec<HistoryEntry>>().to(system::history),
        Op::get("/api/search", "system", "全文检索(查询参数 q;只返回本人有权查看的问题、措施、进展,巡察办和巡察组含信访举报)").query::<system::SearchQuery>().answer::<Vec<xuncha_app::search::SearchResult>>().to(system::search),
        Op::get("/api/ledger.xlsx", "ledger", "整改台账Excel(查询参数 round、org、aspect、status、light)").query::<xuncha_app::ledger::LedgerFilter>().file(XLSX).to(system::ledger_xlsx),
        Op::get("/api/ledger", "ledger", "整改台账一页:按整改时限排序,每页50条(查询参数 round、org、aspect、status、light;after 为上一页返回的 next);rounds 只列最近40个轮次和所选轮次,more_rounds 为真时全部轮次见 /api/rounds").query::<xuncha_app::ledger::LedgerFilter>().answer::<LedgerPage>().to(system::ledger_page),
        Op::get("/api/rounds/{id}/dashboard", "rounds", "轮次总览:各单位和各方面的完成率、红黄绿灯数、状态分布、逾期趋势").answer::<xuncha_app::dashboard::RoundDashboard>().to(system::round_dashboard),
        Op::post("/api/inspections/{id}/ledger-import", "ledger", "导入整改台账(multipart: file;查询参数 apply=true 才写入,accept_valid=true 只导入没有问题的行)").upload("LedgerUpload", spreadsheet_form).query::<documents::ImportQuery>().answer::<documents::LedgerImportAnswer>().to(documents::import_ledger),
        Op::get("/api/inspections/{id}/documents/{kind}", "ledger", "公文下载(.docx):kind 为 feedback 反馈意见、plan 整改方案、report 整改情况报告、disclosure 整改进展情况通报").file(DOCX).to(documents::official_document),
        Op::get("/api/problems/{id}/rebound-candidates", "inspections", "疑似反弹:本单位此前已销号问题的相似度和共同词语").answer::<Vec<xuncha_app::rebounds::ReboundCandidate>>().to(cases::rebound_candidates),
        Op::post("/api/problems/{id}/rebound-decisions", "inspections", "确认或排除反弹(巡察办)").body::<xuncha_app::rebounds::ReboundDecisionInput>().answer::<PaperRecord>().to(cases::decide_rebound),
        Op::get("/api/rebound-rates", "inspections", "问题反弹率(按单位、按问题方面;巡察办、领导)").answer::<xuncha_app::rebounds::ReboundRates>().to(cases::rebound_rates),
        Op::get("/api/inspections/{id}/disclosures", "inspections", "整改进展公开稿及当前进展统计(巡察办、领导)").answer::<DisclosureList>().to(cases::list_disclosures),
        Op::post("/api/inspections/{id}/disclosures", "inspections", "起草整改进展公开稿(巡察办)").body::<xuncha_app::disclosures::DisclosureInput>().answer::<DisclosureRecord>().status(201).to(cases::draft_disclosure),
        Op::post("/api/disclosures/{id}/publish", "inspections", "审批公开(巡察办;统计以当日为准)").body::<VersionInput>().answer::<DisclosureRecord>().to(cases::publish_disclosure),
        Op::post("/api/disclosures/{id}/withhold", "inspections", "决定不予公开并记录理由(巡察办)").body::<xuncha_app::disclosures::WithholdInput>().answer::<DisclosureRecord>().to(cases::withhold_disclosure),
        Op::get("/api/rounds", "rounds", "巡察轮次列表").answer::<Vec<RoundRecord>>().to(cases::list_rounds),
        Op::post("/api/rounds", "rounds", "新建巡察轮次(巡察办)").body::<NewRoundInput>().answer::<RoundRecord>().status(201).to(cases::create_round),
        Op::get("/api/rounds/{id}/teams", "rounds", "本轮巡察组及成员").answer::<Vec<TeamView>>().to(cases::list_teams),
        Op::post("/api/rounds/{id}/teams", "rounds", "组建巡察组(巡察办)").body::<NewTeamInput>().answer::<TeamRecord>().status(201).to(cases::create_team),
        Op::post("/api/teams/{id}/members", "rounds", "添加巡察组成员(检查回避)").body::<MemberInput>().status(201).to(cases::add_member),
        Op::post("/api/teams/{id}/members/remove", "rounds", "调出巡察组成员(须写明理由,记入该组记录)").body::<MemberRemovalInput>().status(204).to(cases::remove_member),
        Op::get("/api/rounds/{id}/inspections", "rounds", "本轮巡察对象").answer::<Vec<InspectionRecord>>().to(cases::round_inspections),
        Op::post("/api/rounds/{id}/inspections", "rounds", "分配巡察对象(检查回避)").body::<NewInspectionInput>().answer::<InspectionRecord>().status(201).to(cases::create_inspection),
        Op::get("/api/inspections", "inspections", "本人可见的巡察").answer::<Vec<InspectionRecord>>().to(cases::list_inspections),
        Op::get("/api/inspections/{id}", "inspections", "巡察详情").answer::<InspectionRecord>().to(cases::get_inspection),
        Op::put("/api/inspections/{id}/announcement", "inspections", "巡察公告与举报渠道").body::<AnnouncementInput>().answer::<InspectionRecord>().to(cases::update_announcement),
        Op::post("/api/inspections/{id}/feedback", "inspections", "反馈(可联合纪委监委、组织部)").body::<FeedbackInput>().answer::<InspectionRecord>().to(cases::give_feedback),
        Op::get("/api/inspections/{id}/earlier-problems", "inspections", "该党组织此前巡察的问题(回头看)").answer::<Vec<EarlierProblem>>().to(cases::earlier_problems),
        Op::get("/api/inspections/{id}/earlier-problems/{problem_id}", "inspections", "此前巡察的一个问题及其措施(回头看)").answer::<EarlierProblemView>().to(cases::earlier_problem),
        Op::get("/api/inspections/{id}/tips", "tips", "举报列表(巡察办、本组)").answer::<Vec<TipView>>().to(cases::list_tips),
        Op::post("/api/inspections/{id}/tips", "tips", "登记举报").body::<NewTipInput>().answer::<TipView>().status(201).to(cases::register_tip),
        Op::get("/api/tips/{id}", "tips", "举报详情(留痕)").answer::<TipView>().to(cases::get_tip),
        Op::post("/api/tips/{id}/triage", "tips", "受理、转办或不予受理").body::<TriageInput>().answer::<TipView>().to(cases::triage_tip),
        Op::post("/api/tips/{id}/problems", "tips", "关联举报与问题(整组替换;仅受理的举报)").body::<TipLinkInput>().answer::<TipView>().to(cases::link_tip),
        Op::post("/api/tips/{id}/reply", "tips", "答复举报").body::<ReplyInput>().answer::<TipView>().to(cases::reply_tip),
        Op::post("/api/tips/{id}/tipper", "tips", "查看举报人身份(组长、巡察办,留痕)").answer::<TipperRecord>().to(cases::unseal_tipper),
        Op::get("/api/inspections/{id}/problems", "problems", "问题列表").answer::<Vec<ProblemView>>().to(cases::list_problems),
        Op::post("/api/inspections/{id}/problems", "problems", "起草问题底稿").body::<ProblemInput>().answer::<PaperRecord>().status(201).to(cases::draft_problem),
        Op::get("/api/problems/{id}", "problems", "问题详情及措施").answer::<ProblemView>().to(cases::get_problem),
        Op::put("/api/problems/{id}", "problems", "修改问题底稿").body::<ProblemInput>().answer::<PaperRecord>().to(cases::edit_problem),
        Op::put("/api/problems/{id}/typical", "problems", "认定问题所属典型问题(巡察办;留空则按问题库自动归类)").body::<xuncha_app::library::ClassifyInput>().answer::<Option<xuncha_app::library::TypicalRef>>().to(cases::classify_problem),
        Op::get("/api/library", "library", "现行问题库(典型问题及各版)").answer::<xuncha_app::library::LibraryView>().to(cases::library),
        Op::post("/api/library", "library", "导入问题库新版(巡察办;preview 为真时只检查不保存)").body::<xuncha_app::library::LibraryImportInput>().answer::<xuncha_app::library::LibraryImportOutcome>().to(cases::import_library),
        Op::get("/api/library/concepts", "library", "现行问题概念词表(判断问题反弹所用,及各版)").answer::<xuncha_app::concepts::ConceptLexiconView>().to(cases::concepts),
        Op::post("/api/library/concepts", "library", "导入问题概念词表新版(巡察办;preview 为真时只检查不保存)").body::<xuncha_app::concepts::ConceptImportInput>().answer::<xuncha_app::concepts::ConceptImportOutcome>().to(cases::import_concepts),
        Op::post("/api/problems/{id}/sign", "problems", "底稿审核(副组长→组长)").body::<VersionInput>().answer::<PaperRecord>().to(cases::sign_problem),
        Op::post("/api/problems/{id}/return", "problems", "退回底稿(副组长、组长在各自审核环节,须写明意见)").body::<ReturnInput>().answer::<PaperRecord>().to(cases::return_problem),
        Op::put("/api/problems/{id}/rebound", "problems", "认定或取消反弹").body::<ReboundInput>().answer::<PaperRecord>().to(cases::set_rebound),
        Op::get("/api/inspections/{id}/transfers", "transfers", "本次巡察的移交事项").answer::<Vec<TransferView>>().to(cases::list_transfers),
        Op::post("/api/inspections/{id}/transfers", "transfers", "移交问题线索或问题").body::<NewTransferInput>().answer::<TransferView>().status(201).to(cases::create_transfer),
        Op::get("/api/transfers", "transfers", "移交给本单位的事项").answer::<Vec<TransferView>>().to(cases::transfer_inbox),
        Op::get("/api/transfers/{id}", "transfers", "移交事项详情").answer::<TransferView>().to(cases::get_transfer),
        Op::post("/api/transfers/{id}/progress", "transfers", "报告阶段性办理进展(办结前;下次报告日期成为新的反馈期限)").body::<xuncha_app::inputs::TransferProgressInput>().answer::<TransferView>().to(cases::report_transfer_progress),
        Op::post("/api/transfers/{id}/outcome", "transfers", "反馈办理结果").body::<OutcomeInput>().answer::<TransferView>().to(cases::record_outcome),
        Op::get("/api/inspections/{id}/plan", "plans", "整改方案(含缺项清单)").answer::<PlanView>().to(plans::get_plan),
        Op::post("/api/inspections/{id}/plan/submit", "plans", "书记签字报送整改方案").body::<VersionInput>().answer::<PlanRecord>().to(plans::submit_plan),
        Op::get("/api/inspections/{id}/signals", "plans", "整改质量提示:空泛、照搬问题、无佐证销号、佐证早于反馈、一再延期、责任不具体").answer::<xuncha_app::signals::PlanSignals>().to(plans::plan_signals),
        Op::get("/api/rounds/{id}/signals", "plans", "本轮各单位纸面整改风险排名(巡察办、领导)").answer::<Vec<xuncha_app::signals::PlanSignals>>().to(plans::round_signals),
        Op::post("/api/inspections/{id}/plan/review", "plans", "审核通过或退回整改方案").body::<ReviewInput>().answer::<PlanRecord>().to(plans::review_plan),
        Op::post("/api/problems/{id}/measures", "plans", "新增整改措施").body::<MeasureInput>().answer::<MeasureRecord>().status(201).to(plans::add_measure),
        Op::get("/api/measures/{id}", "plans", "措施详情(进展、佐证、延期)").answer::<MeasureView>().to(plans::get_measure),
        Op::put("/api/measures/{id}", "plans", "修改整改措施").body::<MeasureInput>().answer::<MeasureRecord>().to(plans::update_measure),
        Op::delete("/api/measures/{id}", "plans", "删除整改措施(查询参数 version)").query::<plans::VersionQuery>().status(204).to(plans::delete_measure),
        Op::post("/api/measures/{id}/progress", "plans", "报告整改进展").body::<ProgressInput>().answer::<MeasureRecord>().to(plans::report_progress),
        Op::post("/api/measures/{id}/evidence", "plans", "上传佐证材料(multipart: file, description, document_date)").upload("EvidenceUpload", evidence_form).answer::<EvidenceRecord>().status(201).to(plans::upload_evidence),
        Op::get("/api/evidence/{id}", "plans", "下载佐证材料").to(plans::download_evidence),
        Op::post("/api/measures/{id}/close", "plans", "销号(巡察办、巡察组,须有佐证)").body::<CloseInput>().answer::<MeasureRecord>().to(plans::close_measure),
        Op::post("/api/measures/{id}/reopen", "plans", "重新打开(须说明理由)").body::<ReopenInput>().answer::<MeasureRecord>().to(plans::reopen_measure),
        Op::post("/api/measures/{id}/extensions", "plans", "申请延期").body::<ExtensionInput>().answer::<ExtensionRecord>().status(201).to(plans::request_extension),
        Op::post("/api/extensions/{id}/decision", "plans", "审批延期申请(巡察办)").body::<DecisionInput>().answer::<ExtensionRecord>().to(plans::decide_extension),
        Op::post("/api/measures/{id}/clock-pause", "escalations", "暂停整改计时并说明理由,暂停期间不亮灯、不计逾期(本县巡察办)").body::<xuncha_app::escalations::ClockInput>().answer::<MeasureRecord>().to(escalations::pause_clock),
        Op::post("/api/measures/{id}/clock-resume", "escalations", "恢复整改计时并说明,有明确时限的顺延暂停天数(本县巡察办)").body::<xuncha_app::escalations::ClockInput>().answer::<MeasureRecord>().to(escalations::resume_clock),
        Op::get("/api/inspections/{id}/escalations", "escalations", "督办:本单位当前逾期事项、已采取的督办措施(谁决定、何时)和建议的下一步(本县巡察办)").answer::<xuncha_app::escalations::EscalationView>().to(escalations::inspection_escalations),
        Op::post("/api/inspections/{id}/escalations", "escalations", "采取一步督办措施:提醒、督办(督办函)、约谈告诫、移交问责;越级须说明理由,移交问责同时向纪委监委移交(本县巡察办)").body::<xuncha_app::escalations::EscalationInput>().answer::<xuncha_app::escalations::EscalationRecord>().status(201).to(escalations::escalate),
        Op::get("/api/rounds/{id}/escalations", "escalations", "本轮督办一览:有逾期事项或已督办的单位、批量督办记录(本县巡察办)").answer::<xuncha_app::escalations::RoundEscalations>().to(escalations::round_escalations),
        Op::post("/api/rounds/{id}/escalations", "escalations", "对本轮所有有逾期事项的单位批量采取同一步督办措施;任一单位不符合规则则全部不执行并逐一说明(本县巡察办)").body::<xuncha_app::escalations::EscalationInput>().answer::<Vec<xuncha_app::escalations::EscalationRecord>>().status(201).to(escalations::escalate_round),
        Op::get("/api/escalations/{id}/letter", "escalations", "督办函或约谈告诫通知书(.docx)").file(DOCX).to(escalations::letter),
        Op::get("/api/settings/assessment-sheet", "assessments", "整改成效评估表:评分项目、分值、预填依据和等次分数线").answer::<xuncha_domain::assessment::AssessmentSheet>().to(assessments::get_sheet),
        Op::put("/api/settings/assessment-sheet", "assessments", "修改整改成效评估表(巡察办;已作出的评估保留原评分项目)").body::<xuncha_domain::assessment::AssessmentSheet>().answer::<xuncha_domain::assessment::AssessmentSheet>().to(assessments::put_sheet),
        Op::get("/api/inspections/{id}/assessment", "assessments", "整改成效评估:评估表各项及系统预填的事实和建议分(巡察办)、已作出的评估(巡察办、领导、本单位)和长效机制").answer::<xuncha_app::assessments::AssessmentView>().to(assessments::get_assessment),
        Op::put("/api/inspections/{id}/assessment", "assessments", "评估或重新评估整改成效:逐项打分(0.5分为单位),与建议分不同须说明理由;重新评估须带 version(巡察办)").body::<xuncha_app::assessments::AssessmentInput>().answer::<xuncha_app::assessments::AssessmentRecord>().to(assessments::assess),
        Op::post("/api/inspections/{id}/mechanisms", "assessments", "登记长效机制:制度名称、文号、印发日期、对应问题(被巡察党组织、巡察办)").body::<xuncha_app::assessments::MechanismInput>().answer::<xuncha_app::assessments::MechanismRecord>().status(201).to(assessments::add_mechanism),
        Op::get("/api/rounds/{id}/assessments", "assessments", "本轮各单位整改成效评估(巡察办、领导)").answer::<xuncha_app::assessments::RoundAssessments>().to(assessments::round_assessments),
        Op::get("/api/rounds/{id}/assessments.xlsx", "assessments", "本轮整改成效评估表(Excel)").file(XLSX).to(assessments::round_assessments_xlsx),
        Op::get("/api/rounds/{id}/typical-problems.xlsx", "library", "本轮问题按典型问题统计(Excel)").file(XLSX).to(assessments::round_typical_xlsx),
        Op::get("/api/rounds/{id}/rechecks", "rechecks", "随机抽查:本轮各批次、按单位和问题方面的核查统计(本县巡察办、领导小组)").answer::<xuncha_app::rechecks::RoundRechecks>().to(rechecks::round_rechecks),
        Op::post("/api/rounds/{id}/rechecks", "rechecks", "从本轮已销号且不在待核查中的措施中随机抽查一批:count 或 share 二选一,可分层、侧重有纸面整改提示的措施;随机种子由系统生成,与总体一并记录;默认交叉核查(本县巡察办)").body::<xuncha_app::rechecks::RecheckDrawInput>().answer::<xuncha_app::rechecks::RecheckDrawView>().status(201).to(rechecks::draw),
        Op::get("/api/recheck-draws/{id}", "rechecks", "一批抽查:抽样方式、随机种子、抽中的措施及核查结论,并按记录重新抽取核对样本(本县巡察办、领导小组)").answer::<xuncha_app::rechecks::RecheckDrawView>().to(rechecks::get_draw),
        Op::get("/api/recheck-draws/{id}/record.json", "rechecks", "抽样底册:随机种子、抽样方式、总体和样本,可用 xuncha recheck replay 离线重新抽取(本县巡察办、领导小组)").answer::<xuncha_app::rechecks::DrawFile>().to(rechecks::draw_file),
        Op::get("/api/rechecks/mine", "rechecks", "派给本人所在巡察组核查的抽查措施,未核查的在前").answer::<xuncha_app::rechecks::RecheckTodo>().to(rechecks::my_rechecks),
        Op::get("/api/recheck-items/{id}", "rechecks", "抽中的一条措施:销号情况、核查材料和结论(巡察办、领导小组、派去核查的巡察组)").answer::<xuncha_app::rechecks::RecheckItemView>().to(rechecks::get_item),
        Op::post("/api/recheck-items/{id}/evidence", "rechecks", "上传核查材料(multipart: file;作出结论前;派去核查的巡察组)").upload("EvidenceUpload", evidence_form).answer::<xuncha_app::rechecks::RecheckEvidenceRecord>().status(201).to(rechecks::upload),
        Op::get("/api/recheck-evidence/{id}", "rechecks", "下载核查材料").to(rechecks::download),
        Op::get("/api/inspections/{id}/archives", "archives", "巡察档案:该巡察已生成的档案包(标准卷:本县巡察办、领导小组;密封卷:本县巡察办)").answer::<xuncha_app::archives::ArchiveList>().to(archives::list),
        Op::post("/api/inspections/{id}/archives", "archives", "生成巡察档案包:文书、工作记录、佐证材料、卷内目录(.xlsx/.docx)和SHA-256清单,清单记录生成时审计链的链头;标准卷信访举报只计件数,密封卷含举报原件(反馈后;本县巡察办)").body::<archives::ArchiveInput>().answer::<xuncha_app::archives::ArchiveRecord>().status(201).to(archives::create),
        Op::get("/api/pool", "pool", "巡察人才库:人员、专长、参加巡察情况、曾任职务和亲属任职,各专长可抽人数,曾任职务回避年限(本县巡察办)").answer::<xuncha_app::pool::PoolView>().to(pool::pool),
        Op::post("/api/pool", "pool", "人员加入巡察人才库:姓名、工作单位、职务、专长(至少一项)、曾任职务(单位、职务、离任日期)、亲属任职(单位、关系)(本县巡察办)").body::<xuncha_app::pool::CadreInput>().answer::<xuncha_app::pool::CadreView>().status(201).to(pool::add_cadre),
        Op::get("/api/pool/{id}", "pool", "人才库中的一名人员(本县巡察办)").answer::<xuncha_app::pool::CadreView>().to(pool::cadre),
        Op::put("/api/pool/{id}", "pool", "修改人才库人员信息,须带 version;active=false 暂停抽取(本县巡察办)").body::<xuncha_app::pool::CadreInput>().answer::<xuncha_app::pool::CadreView>().to(pool::update_cadre),
        Op::get("/api/pool/{id}/accounts", "pool", "可关联到该人员的巡察组账号:在用、未被其他人员关联,同单位同名的在前(本县巡察办)").answer::<Vec<xuncha_app::pool_accounts::AccountRef>>().to(pool::linkable_accounts),
        Op::post("/api/pool/{id}/account", "pool", "把尚无账号的人员关联到巡察办选定的巡察组账号,须带 version(本县巡察办)").body::<xuncha_app::pool_accounts::CadreLinkInput>().answer::<xuncha_app::pool::CadreView>().to(pool::link_account),
        Op::post("/api/pool/{id}/account/confirm", "pool", "核实按同名自动关联(或关联方式未记录)的账号确为本人,须带 version;账号须仍在用且属此人工作单位(本县巡察办)").body::<xuncha_app::pool_accounts::CadreConfirmInput>().answer::<xuncha_app::pool::CadreView>().to(pool::confirm_account),
        Op::post("/api/pool/{id}/account/unlink", "pool", "解除人员与系统账号的关联(如按同名自动关联的是另一人),须带 version 和理由;该账号由此人的抽取或调换编入的巡察组一并调出(left_teams);此人抽中入组时开通本人账号;抽取时为此人开通的账号不能解除(本县巡察办)").body::<xuncha_app::pool_accounts::CadreUnlinkInput>().answer::<xuncha_app::pool_accounts::UnlinkOutcome>().to(pool::unlink_account),
        Op::put("/api/pool-settings/years", "pool", "曾任职务回避年限:离任未满该年限的原单位须回避(0到20年;本县巡察办)").body::<xuncha_app::pool::PoolYearsInput>().answer::<pool::YearsAnswer>().to(pool::set_years),
        Op::get("/api/pool-export", "pool", "导出巡察人才库(.xlsx,可改后导回;本县巡察办)").file(XLSX).to(pool::export),
        Op::post("/api/pool-import", "pool", "导入巡察人才库(multipart: file;按姓名和工作单位匹配,新增或更新;查询参数 apply=true 才写入,accept_valid=true 只导入没有问题的行;本县巡察办)").upload("PoolUpload", spreadsheet_form).query::<documents::ImportQuery>().answer::<pool::PoolImportAnswer>().to(pool::import),
        Op::post("/api/teams/{id}/pool-draws", "pool", "从巡察人才库为巡察组随机抽取成员:按专长填写人数,排除与该组巡察对象有回避关系的人员(本单位、隶属单位、上级单位、离任未满年限的原单位、亲属任职单位、本人申报),参加巡察次数少的优先;随机种子由系统生成并与人员总体一并记录;尚无账号的人员开通巡察组账号,初始密码仅此一次告知(本县巡察办)").body::<xuncha_app::pool_draws::PoolDrawInput>().answer::<xuncha_app::pool_draws::PoolDrawOutcome>().status(201).to(pool::draw),
        Op::get("/api/rounds/{id}/pool-draws", "pool", "本轮从人才库抽取成员的记录(本县巡察办)").answer::<Vec<xuncha_app::pool_draws::PoolDrawSummary>>().to(pool::round_draws),
        Op::get("/api/pool-draws/{id}", "pool", "一次抽取:随机种子、要求、抽中人员、回避人员及理由、调换记录,并按记录重新抽取核对(本县巡察办)").answer::<xuncha_app::pool_draws::PoolDrawView>().to(pool::get_draw),
        Op::post("/api/pool-draws/{id}/swaps", "pool", "调换抽中的成员:换入人员须无回避关系且不在本轮其他组,须说明理由(本县巡察办)").body::<xuncha_app::pool_draws::PoolSwapInput>().answer::<xuncha_app::pool_draws::PoolDrawOutcome>().to(pool::swap),
        Op::get("/api/archives/{id}/file", "archives", "下载档案包(.zip),可用 xuncha archive verify 校验").to(archives::download),
        Op::get("/api/rounds/{id}/comments", "comments", "群众评价:本轮各单位满意度(计入已公开和转为举报的评价,未予公开的另列),巡察办另见待审核和已处理的评价(本县巡察办、领导小组)").answer::<xuncha_app::comments::RoundComments>().to(comments::round_comments),
        Op::get("/api/comments/{id}", "comments", "一条群众评价及其审核情况(本县巡察办)").answer::<xuncha_app::comments::CommentView>().to(comments::get),
        Op::post("/api/comments/{id}/approve", "comments", "公开一条待审核的评价,可同时公开答复(本县巡察办)").body::<xuncha_app::comments::ApproveInput>().answer::<xuncha_app::comments::CommentView>().to(comments::approve),
        Op::post("/api/comments/{id}/reject", "comments", "不予公开一条待审核的评价,须写明理由(留言人凭回执码可见;本县巡察办)").body::<xuncha_app::comments::RejectInput>().answer::<xuncha_app::comments::CommentView>().to(comments::reject),
        Op::post("/api/comments/{id}/answer", "comments", "公开答复或修改答复一条已公开的评价(本县巡察办)").body::<xuncha_app::comments::AnswerInput>().answer::<xuncha_app::comments::CommentView>().to(comments::answer),
        Op::post("/api/comments/{id}/convert", "comments", "把反映具体问题的待审核评价转为该巡察的信访举报(沿用回执码,不公开;本县巡察办)").body::<xuncha_app::comments::VersionInput>().answer::<xuncha_app::comments::CommentView>().to(comments::convert),
        Op::post("/api/comments/{id}/commenter", "comments", "查看留言人姓名和联系方式(本县巡察办,留痕)").answer::<xuncha_app::comments::CommenterView>().to(comments::commenter),
        Op::get("/api/recheck-items/{id}/measure-evidence/{evidence_id}", "rechecks", "下载被核查措施销号所据的佐证材料(供派去核查的巡察组查看)").to(rechecks::measure_evidence),
        Op::post("/api/recheck-items/{id}/result", "rechecks", "作出核查结论:属实、部分属实、不属实,须有核查情况和核查材料;不属实的措施重新打开并记为虚假整改(派去核查的巡察组)").body::<xuncha_app::rechecks::RecheckResultInput>().answer::<xuncha_app::rechecks::RecheckItemView>().to(rechecks::result),
        Op::get("/api/escalation-batches/{id}/letters", "escalations", "一批督办函或约谈告诫通知书,每单位一页(.docx)").file(DOCX).to(escalations::batch_letters),
    ]
}

pub fn routes() -> Router<AppState> {
    operations().into_iter().fold(Router::new(), |router, mut op| {
        let route = op.take_route().unwrap_or_else(|| unreachable!("{} {} has no handler", op.method, op.path));
        // Entries of one path merge into one method router.
        router.route(op.path, route)
    })
}
