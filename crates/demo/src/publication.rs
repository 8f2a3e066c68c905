//! The office publishes the progress of 县工商联 and 谷前堡镇: the public sees the tally as of
//! the approval, never the internal notice. Then the public answers (群众评价): villagers of
//! 谷前堡镇 rate and comment; the office publishes most (answering one), refuses an abusive one
//! with its reason, registers one that names a person and a sum as a tip (it keeps its receipt
//! code), and two of the last days await moderation.

use xuncha_app::comments::{ApproveInput, CommentInput, RejectInput, VersionInput};
use xuncha_app::disclosures::DisclosureInput;
use xuncha_app::{AppError, AppResult};
use xuncha_domain::comment::Satisfaction::{self, *};
use xuncha_domain::id::*;

use time::Date;
use time::macros::date;

use crate::calendar::Thread;
use crate::cast::County;

pub async fn publish(
    c: &County<'_>,
    t: &Thread<'_>,
    round_id: RoundId,
    inspections: &[(InspectionId, &str)],
) -> AppResult<()> {
    t.on(date!(2023 - 10 - 25)).await;
    let mut published = Vec::new();
    for (inspection_id, target) in inspections {
        let input = DisclosureInput {
            title: format!("{target}关于巡察整改进展情况的通报"),
            public_text: format!(
                "根据县委统一部署,县委巡察组对{target}开展了巡察并于2023年8月反馈了问题。{target}党组织认真落实整改主体责任,对反馈问题逐条制定整改措施,明确责任人和整改时限。现将整改进展情况予以公开,欢迎社会各界监督。"
            ),
            internal_text: "内部通报:整改进展与责任人名单见附件(不对外公开)。".into(),
        };
        let d = c.app.draft_disclosure(&c.office, *inspection_id, &input).await?;
        // Drafted by the 综合科, approved by the deputy director: never one person both.
        c.app.publish_disclosure(&c.office_deputy, d.id, d.version).await?;
        published.push((d.id, *target));
    }
    let of = |name: &str| published.iter().find(|(_, t)| t.contains(name)).map(|(id, _)| *id);
    let (gsl, gqb) = (of("工商联").ok_or(AppError::NotFound)?, of("谷前堡").ok_or(AppError::NotFound)?);
    comments(c, t, round_id, gsl, gqb).await
}

/// What the public sends, day by day, and what the office does with it.
enum Then {
    Publish(Date, &'static str),
    Refuse(Date, &'static str),
    AsTip(Date),
    Wait,
}

struct Said {
    on: Date,
    disclosure: DisclosureId,
    rating: Option<Satisfaction>,
    content: &'static str,
    /// Name and contact, when the commenter gave them.
    sender: Option<(&'static str, &'static str)>,
    then: Then,
}

async fn comments(
    c: &County<'_>,
    t: &Thread<'_>,
    round_id: RoundId,
    gsl: DisclosureId,
    gqb: DisclosureId,
) -> AppResult<()> {
    use Then::*;
    let said = |on, disclosure, rating, content, sender, then| Said { on, disclosure, rating, content, sender, then };
    let all = [
        said(
            date!(2023 - 10 - 26),
            gsl,
            Some(Satisfied),
            "商会会费收支在会员群里公示了,明明白白,点赞。",
            None,
            Publish(date!(2023 - 10 - 30), ""),
        ),
        said(
            date!(2023 - 10 - 27),
            gqb,
            Some(Satisfied),
            "村里坏了半年的路灯修好了,晚上出门方便多了。",
            None,
            Publish(date!(2023 - 10 - 30), ""),
        ),
        said(
            date!(2023 - 10 - 28),
            gqb,
            Some(Dissatisfied),
            "通报说村级财务管理办法已经修订,可我们村光伏收益怎么花的,到现在还是没人公开。",
            None,
            Publish(
                date!(2023 - 10 - 30),
                "已转谷前堡镇党委核实。镇党委答复:11月底前在各村村务公开栏公布2022年以来光伏收益收支明细,接受群众监督。",
            ),
        ),
        said(date!(2023 - 10 - 29), gqb, Some(Basic), "", None, Publish(date!(2023 - 10 - 30), "")),
        said(
            date!(2023 - 10 - 30),
            gsl,
            Some(Basic),
            "希望工商联继续加强对会员企业的服务,多到企业走走。",
            None,
            Publish(
                date!(2023 - 11 - 01),
                "感谢您的建议。县工商联已建立班子成员联系重点企业制度,每季度走访不少于一次。",
            ),
        ),
        said(
            date!(2023 - 11 - 02),
            gqb,
            Some(Dissatisfied),
            "西堡村会计的小舅子承包了村里光伏板的清洗,一年三万多块钱,从来没见有人来洗过。",
            Some(("王建国", "139 0352 6618")),
            AsTip(date!(2023 - 11 - 03)),
        ),
        said(
            date!(2023 - 11 - 03),
            gqb,
            Some(Dissatisfied),
            "全是糊弄人的,这帮当官的没一个好东西!",
            None,
            Refuse(date!(2023 - 11 - 06), "含有辱骂、人身攻击等不文明内容"),
        ),
        said(date!(2023 - 11 - 08), gqb, Some(Satisfied), "镇便民服务中心现在一次就能办好,不用来回跑了。", None, Wait),
        said(
            date!(2023 - 11 - 09),
            gqb,
            Some(Dissatisfied),
            "东村危房改造的补助款到现在还没发下来,希望镇上给个说法。",
            Some(("", "村民李某,电话0352-6612345")),
            Wait,
        ),
    ];
    // One timeline: on a day, what came in before what the office decided.
    let mut days: Vec<(Date, bool, usize)> = Vec::new();
    for (k, s) in all.iter().enumerate() {
        days.push((s.on, false, k));
        if let Publish(on, _) | Refuse(on, _) | AsTip(on) = s.then {
            days.push((on, true, k));
        }
    }
    days.sort();
    let mut ids: Vec<Option<CommentId>> = vec![None; all.len()];
    for (on, decide, k) in days {
        t.on(on).await;
        let s = &all[k];
        if !decide {
            let (name, contact) = s.sender.unwrap_or_default();
            let input = CommentInput {
                rating: s.rating,
                content: s.content.into(),
                anonymous: s.sender.is_none(),
                name: name.into(),
                contact: contact.into(),
            };
            c.app.submit_comment(s.disclosure, &input, None).await?;
            // The newest comment of the round is the one just sent: no other story comments.
            let listed = c.app.round_comments(&c.office, round_id).await?;
            ids[k] = listed.comments.iter().map(|v| v.id).max();
            continue;
        }
        let id = ids[k].ok_or(AppError::NotFound)?;
        let version = c.app.public_comment(&c.office, id).await?.version;
        match s.then {
            Publish(_, answer) => {
                c.app.approve_comment(&c.office, id, &ApproveInput { version, answer: answer.into() }).await?;
            }
            Refuse(_, reason) => {
                c.app.reject_comment(&c.office, id, &RejectInput { version, reason: reason.into() }).await?;
            }
            AsTip(_) => {
                c.app.convert_comment(&c.office, id, &VersionInput { version }).await?;
            }
            Wait => {}
        }
    }
    Ok(())
}
