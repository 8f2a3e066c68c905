//! 谷前堡镇, the article's township, followed through the whole loop: the announcement with its
//! tip channels, four tips (accepted, forwarded, refused with a reply, pending), five signed
//! problems, joint feedback, a clue to the discipline commission (answered) and a cadre matter
//! to the organisation department (pending), an approved plan whose measures are closed,
//! overdue, warned, refused an extension and extended twice — and one closed on evidence older
//! than the feedback, which the plan page flags.

use time::macros::date;
use xuncha_app::AppResult;
use xuncha_app::inputs::{
    AnnouncementInput, DecisionInput, ExtensionInput, NewTransferInput, OutcomeInput, ReplyInput,
    TransferProgressInput, TriageInput,
};
use xuncha_app::tips::TipView;
use xuncha_app::transfers::TransferView;
use xuncha_app::views::PaperRecord;
use xuncha_domain::access::Actor;
use xuncha_domain::inspection::Body;
use xuncha_domain::measure::MeasureStatus;
use xuncha_domain::tip::{TipChannel, TipStatus};
use xuncha_domain::transfer::{OutcomeKind, TransferKind};
use xuncha_domain::{MeasureId, ProblemId};

use crate::build::{
    Deadline, Promise, approve_plan, close_with_evidence, day, feedback, report, signed_problems, tip, write_plan,
};
use crate::calendar::Thread;
use crate::cast::County;
use crate::first_round::FirstRound;

pub async fn story(c: &County<'_>, r: &FirstRound, t: &Thread<'_>) -> AppResult<()> {
    let (problems, transfers) = inspect(c, r, t).await?;
    rectify(c, r, t, &problems, transfers).await
}

/// The clue to 纪委监委 and the cadre matter to 组织部, as transferred.
struct Transfers {
    lead: TransferView,
    cadre: TransferView,
}

/// The team's work: announcement, tips, signed problems, feedback and transfers. Returns the
/// problems as fed back and the transfers, which the bodies answer while the plan runs.
async fn inspect(c: &County<'_>, r: &FirstRound, t: &Thread<'_>) -> AppResult<(Vec<PaperRecord>, Transfers)> {
    let app = c.app;
    t.on(date!(2023 - 04 - 25)).await;
    let team = &r.teams[3];
    let (leader, member) = (&team[0], &team[2]);
    let gqb = &r.gqb;
    app.update_announcement(leader, gqb.id, &AnnouncementInput {
        version: gqb.version,
        announcement: "根据县委统一部署,县委第四巡察组于2023年4月27日至6月30日对谷前堡镇党委开展常规巡察。巡察期间设立举报电话、邮箱和意见箱,主要受理反映谷前堡镇党委领导班子及其成员、下一级党组织领导班子主要负责人问题的来信来电来访。".into(),
        tip_phone: "0352-6xxxxxx(示例)".into(),
        tip_email: "xcz4@example.cn(示例)".into(),
        tip_post_box: "谷前堡镇政府大院门口意见箱".into(),
        tip_address: "天镇县谷前堡镇政府院内(示例)".into(),
        tip_window_start: Some(day(date!(2023 - 04 - 27))),
        tip_window_end: Some(day(date!(2023 - 06 - 20))),
    })
    .await?;
    let named = Some(("群众甲(示例)", "139xxxx0000(示例)"));
    t.on(date!(2023 - 05 - 08)).await;
    let tip1 = tip(
        app,
        member,
        gqb.id,
        TipChannel::Letter,
        "反映某村2022年村集体光伏收益去向不明,账目未公开。",
        date!(2023 - 05 - 08),
        named,
    )
    .await?;
    t.on(date!(2023 - 05 - 12)).await;
    let tip2 =
        tip(app, member, gqb.id, TipChannel::Phone, "反映镇卫生院门诊收费问题。", date!(2023 - 05 - 12), None).await?;
    t.on(date!(2023 - 05 - 20)).await;
    let tip3 =
        tip(app, member, gqb.id, TipChannel::PostBox, "反映邻里宅基地纠纷。", date!(2023 - 05 - 20), None).await?;
    t.on(date!(2023 - 06 - 15)).await;
    tip(app, member, gqb.id, TipChannel::Online, "反映镇机关干部上班期间迟到早退。", date!(2023 - 06 - 15), None)
        .await?;

    let problems = [
        ("清廉机关建设推进迟缓,镇机关廉政风险点排查未覆盖全部股室", c.aspect(0)),
        ("“两个责任”落实不力,班子成员“一岗双责”履责记实缺失", c.aspect(2)),
        ("村级财务管理不规范,部分村光伏收益未纳入村集体账户统一核算", c.aspect(3)),
        ("基层党组织建设薄弱,部分村支部主题党日活动流于形式、记录雷同", c.aspect(5)),
        ("对上轮巡察反馈问题整改存在应付心理,2项整改措施停留在纸面", c.aspect(7)),
    ];
    // Drafted from the talks of early June, signed once the last tip was in.
    t.on(date!(2023 - 06 - 16)).await;
    let ps = signed_problems(app, team, gqb.id, &problems, date!(2023 - 06 - 10)).await?;
    t.on(date!(2023 - 06 - 18)).await;
    triage(c, member, [&tip1, &tip2, &tip3], ps[2].id).await?;
    let both = [Body::Discipline, Body::Organisation];
    t.on(date!(2023 - 08 - 15)).await;
    let gqb = feedback(app, leader, gqb.id, date!(2023 - 08 - 15), &both, "韩永明").await?;
    let lead = NewTransferInput {
        problem_id: Some(ps[2].id),
        kind: TransferKind::Lead,
        body: Body::Discipline,
        body_name: String::new(),
        content: "某村光伏收益去向不明的问题线索".into(),
        transferred_on: day(date!(2023 - 08 - 16)),
    };
    t.on(date!(2023 - 08 - 16)).await;
    let lead = app.create_transfer(leader, gqb.id, &lead).await?;
    let cadre = NewTransferInput {
        problem_id: Some(ps[1].id),
        kind: TransferKind::Cadre,
        body: Body::Organisation,
        body_name: String::new(),
        content: "镇党委班子成员履行“一岗双责”不到位,建议在年度考核中予以体现".into(),
        transferred_on: day(date!(2023 - 08 - 16)),
    };
    let cadre = app.create_transfer(leader, gqb.id, &cadre).await?;
    Ok((ps, Transfers { lead, cadre }))
}

/// The township's plan and its measures' fortunes, and the office's decisions on them.
async fn rectify(
    c: &County<'_>,
    r: &FirstRound,
    t: &Thread<'_>,
    ps: &[PaperRecord],
    Transfers { lead, cadre }: Transfers,
) -> AppResult<()> {
    let (app, office) = (c.app, &c.office);
    t.on(date!(2023 - 08 - 25)).await;
    let [leader, deputy] = [&r.teams[3][0], &r.teams[3][1]];
    let liaison = c.now(&c.gqb_liaison).await?;
    let secretary = c.now(&c.gqb_secretary).await?;
    let dated = |d| Deadline::By(d);
    let measures = write_plan(
        app,
        &liaison,
        ps,
        vec![
            (
                0,
                Promise {
                    content: "9月底前完成镇机关12个股室廉政风险点全覆盖排查,形成风险点清单和防控措施",
                    person: "纪委书记 任佳",
                    deadline: dated(date!(2023 - 09 - 30)),
                    standard: "廉政风险点清单、防控措施汇编",
                },
            ),
            (
                1,
                Promise {
                    content: "建立班子成员“一岗双责”履责记实制度,每季度向党委会报告分管领域党风廉政建设情况",
                    person: "党委书记 韩永明",
                    deadline: Deadline::LongTerm {
                        by: date!(2023 - 12 - 31),
                        milestone: "2023年底前建立制度并完成第四季度报告,此后每季度报告一次",
                    },
                    standard: "履责记实制度文件、季度报告记录",
                },
            ),
            (
                2,
                Promise {
                    content: "对13个村2021年以来光伏收益逐村清查,10月底前全部纳入村集体账户统一核算",
                    person: "经管站站长 梁志勇",
                    deadline: dated(date!(2023 - 10 - 31)),
                    standard: "清查台账、入账凭证",
                },
            ),
            (
                3,
                Promise {
                    content: "制定村支部主题党日活动清单,镇党委每月抽查2个村支部活动记录",
                    person: "组织委员 田丽娟",
                    deadline: dated(date!(2023 - 11 - 15)),
                    standard: "活动清单、抽查记录",
                },
            ),
            (
                4,
                Promise {
                    content: "对上轮巡察反馈问题逐项“回头看”,未完成的2项整改措施11月20日前完成并报县委巡察办验收",
                    person: "党委副书记 马文涛",
                    deadline: dated(date!(2023 - 11 - 20)),
                    standard: "整改情况报告、验收意见",
                },
            ),
            (
                2,
                Promise {
                    content: "修订《谷前堡镇村级财务管理办法》,明确光伏等集体收益收支审批程序",
                    person: "经管站站长 梁志勇",
                    deadline: Deadline::Immediate,
                    standard: "修订后的管理办法文件",
                },
            ),
        ],
    )
    .await?;
    let [m1, m2, m3, m4, m5, m6] = measures.as_slice() else { unreachable!("a plan of 6 measures") };
    t.on(date!(2023 - 09 - 05)).await;
    approve_plan(app, &secretary, office, r.gqb.id).await?;
    t.on(date!(2023 - 09 - 20)).await;
    // 纪委监委 reports a stage before its outcome, and says when it will report next.
    let interim = TransferProgressInput {
        version: lead.transfer.version,
        outcome_kind: Some(OutcomeKind::PreliminaryVerification),
        note: "已成立核查组,调取该村2021年以来光伏收益账目及银行流水,正在逐笔核对。".into(),
        reported_on: day(date!(2023 - 09 - 20)),
        next_due: day(date!(2023 - 10 - 31)),
    };
    let lead = app.report_transfer_progress(&c.discipline, lead.transfer.id, &interim).await?;
    t.on(date!(2023 - 09 - 28)).await;
    close_with_evidence(app, &liaison, leader, m1, "廉政风险点清单.pdf", date!(2023 - 09 - 28)).await?;
    // The liaison hands in the 2019 rules as "evidence" and the deputy closes it anyway: the
    // evidence predates the feedback, which the plan page flags.
    t.on(date!(2023 - 09 - 29)).await;
    close_with_evidence(app, &liaison, deputy, m6, "村级财务管理办法(2019年版).pdf", date!(2019 - 03 - 15)).await?;
    t.on(date!(2023 - 10 - 20)).await;
    let outcome = OutcomeInput {
        version: lead.transfer.version,
        outcome_kind: OutcomeKind::PreliminaryVerification,
        outcome: "经初步核实,该村支部书记对光伏收益管理失职,给予诫勉谈话,收益已全部纳入村集体账户。".into(),
        outcome_on: day(date!(2023 - 10 - 20)),
    };
    app.record_outcome(&c.discipline, lead.transfer.id, &outcome).await?;
    t.on(date!(2023 - 10 - 26)).await;
    report(app, &liaison, m3.id, "已完成9个村清查,4个村因账目跨年度需县审计配合", MeasureStatus::NotDone).await?;
    t.on(date!(2023 - 10 - 30)).await;
    extension(
        c,
        &liaison,
        m4.id,
        date!(2023 - 12 - 15),
        "部分村支部书记参加县委党校培训,抽查顺延",
        false,
        "培训不影响活动清单制定,请按原时限完成",
    )
    .await?;
    t.on(date!(2023 - 11 - 02)).await;
    report(app, &liaison, m2.id, "履责记实制度已经党委会审议通过", MeasureStatus::LargelyDone).await?;
    t.on(date!(2023 - 11 - 03)).await;
    extension(
        c,
        &liaison,
        m5.id,
        date!(2023 - 11 - 25),
        "需待县审计局出具专项审计意见后方可验收",
        true,
        "同意延期,请同步报送阶段性进展",
    )
    .await?;
    t.on(date!(2023 - 11 - 06)).await;
    // 组织部 has talked to the members and reports again once the year's appraisal is fixed.
    let interim = TransferProgressInput {
        version: cadre.transfer.version,
        outcome_kind: Some(OutcomeKind::TalkReminder),
        note: "已对镇党委3名班子成员进行谈话提醒,履责情况将在年度考核中予以体现,考核结果12月底确定。".into(),
        reported_on: day(date!(2023 - 11 - 06)),
        next_due: day(date!(2023 - 12 - 31)),
    };
    app.report_transfer_progress(&c.organisation, cadre.transfer.id, &interim).await?;
    // A second extension of the same measure: the deadline is slipping (一再延期).
    t.on(date!(2023 - 11 - 08)).await;
    extension(
        c,
        &liaison,
        m5.id,
        date!(2023 - 11 - 30),
        "县审计局专项审计意见尚未出具,验收须再次顺延",
        true,
        "同意再次延期,逾期不再受理延期申请",
    )
    .await?;
    Ok(())
}

/// The first tip led to problem `led_to`; the second is forwarded to the health bureau; the
/// third is refused as a civil dispute and the tipper is told where to go.
async fn triage(c: &County<'_>, member: &Actor, tips: [&TipView; 3], led_to: ProblemId) -> AppResult<()> {
    let app = c.app;
    let [accepted, forwarded, refused] = tips.map(|t| (t.tip.id, t.tip.version));
    // The team reads the first tip again before accepting it (each read is on the record).
    let t = app.get_tip(member, accepted.0).await?;
    let input = TriageInput {
        version: t.tip.version,
        status: TipStatus::Accepted,
        forwarded_to: String::new(),
        reason: String::new(),
        problem_ids: vec![led_to],
    };
    app.triage_tip(member, accepted.0, &input).await?;
    let input = TriageInput {
        version: forwarded.1,
        status: TipStatus::Forwarded,
        forwarded_to: "县卫生健康局".into(),
        reason: String::new(),
        problem_ids: vec![],
    };
    app.triage_tip(member, forwarded.0, &input).await?;
    let input = TriageInput {
        version: refused.1,
        status: TipStatus::NotAccepted,
        forwarded_to: String::new(),
        reason: "属于民事纠纷,不属于巡察受理范围,已告知向镇司法所反映".into(),
        problem_ids: vec![],
    };
    let t = app.triage_tip(member, refused.0, &input).await?;
    let reply = ReplyInput {
        version: t.tip.version,
        reply: "您反映的问题属于民事纠纷,请向谷前堡镇司法所或人民调解委员会反映。".into(),
    };
    app.reply_tip(member, refused.0, &reply).await?;
    Ok(())
}

/// The unit asks to move a measure's deadline and the office decides.
async fn extension(
    c: &County<'_>,
    liaison: &Actor,
    measure_id: MeasureId,
    to: time::Date,
    reason: &str,
    approve: bool,
    note: &str,
) -> AppResult<()> {
    let ask = ExtensionInput { requested_deadline: day(to), reason: reason.into() };
    let ext = c.app.request_extension(liaison, measure_id, &ask).await?;
    let decision = DecisionInput { version: ext.version, approve, note: note.into() };
    c.app.decide_extension(&c.office, ext.id, &decision).await?;
    Ok(())
}
