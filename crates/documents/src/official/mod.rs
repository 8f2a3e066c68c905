//! The official documents of an inspection as .docx: the feedback letter (巡察反馈意见), the
//! rectification plan in three lists (问题清单、任务清单、责任清单), the rectification report
//! (整改情况报告) and the disclosure text (整改进展情况通报).

mod escalation;
pub mod layout;

pub use escalation::render_letters;

use xuncha_app::official::{DocumentKind, OfficialDocument};
use xuncha_app::problems::ProblemView;
use xuncha_app::views::MeasureRecord as Measure;
use xuncha_domain::measure::{DeadlineKind, MeasureStatus};

use layout::{GovDoc, chinese_date, chinese_number};

/// The document as .docx, and the file name to offer ("谷前堡镇党委整改方案.docx").
pub fn render(d: &OfficialDocument) -> Result<(Vec<u8>, String), String> {
    let doc = match d.kind {
        DocumentKind::Feedback => feedback_letter(d),
        DocumentKind::Plan => plan(d),
        DocumentKind::Report => report(d),
        DocumentKind::Disclosure => disclosure(d),
    };
    Ok((doc.into_bytes()?, format!("{}{}.docx", d.inspection.target_name, d.kind.label())))
}

/// "中共天镇县委第四巡察组".
fn team_title(d: &OfficialDocument) -> String {
    format!("{}{}", d.committee, d.inspection.team_name)
}

/// The committee as the body of a sentence names it ("中共天镇县委", or "县委" when unknown).
fn committee(d: &OfficialDocument) -> &str {
    if d.committee.is_empty() { "县委" } else { &d.committee }
}

fn feedback_date(d: &OfficialDocument) -> String {
    d.inspection.feedback_date.map(chinese_date).unwrap_or_default()
}

/// A measure's deadline as a plan writes it: 立行立改, a date, or 长期坚持 with its milestone (and
/// its date, if it has one); an extended deadline keeps the approved one beside it.
fn deadline_text(m: &Measure) -> String {
    let dated = match (m.deadline, m.original_deadline) {
        (Some(now), Some(approved)) if approved != now => {
            Some(format!("{}(原定{},经批准延期)", chinese_date(now), chinese_date(approved)))
        }
        (Some(now), _) => Some(chinese_date(now)),
        (None, _) => None,
    };
    match (m.deadline_kind, dated) {
        (Some(DeadlineKind::LongTerm), dated) => {
            let detail: Vec<String> = [dated.map(|d| format!("{d}前")), Some(m.milestone.trim().to_string())]
                .into_iter()
                .flatten()
                .filter(|t| !t.is_empty())
                .collect();
            if detail.is_empty() { "长期坚持".into() } else { format!("长期坚持({})", detail.join(",")) }
        }
        (_, Some(dated)) => dated,
        _ => "立行立改".into(),
    }
}

/// Problems grouped under their category, in the configured order; those without one last.
fn by_category(d: &OfficialDocument) -> Vec<(String, Vec<&ProblemView>)> {
    let mut groups: Vec<(String, Vec<&ProblemView>)> = Vec::new();
    let mut sorted: Vec<(usize, &ProblemView)> = d
        .plan
        .problems
        .iter()
        .map(|p| {
            let pos = p.problem.aspect_id.and_then(|id| d.aspects.iter().position(|a| a.id == id));
            (pos.unwrap_or(usize::MAX), p)
        })
        .collect();
    sorted.sort_by_key(|(pos, p)| (*pos, p.problem.number));
    for (pos, p) in sorted {
        let category = d.aspects.get(pos).map(|a| a.category.clone()).unwrap_or_else(|| "其他".into());
        let heading = if category.ends_with("方面") { category } else { format!("{category}方面") };
        match groups.last_mut() {
            Some((h, list)) if *h == heading => list.push(p),
            _ => groups.push((heading, vec![p])),
        }
    }
    groups
}

/// A table without the columns no row fills (a plan that names no responsible leader does not
/// print an empty 责任领导 column); the freed width goes to the widest column left.
fn without_empty_columns<'a>(
    head: &[&'a str],
    rows: Vec<Vec<String>>,
    widths: &[usize],
) -> (Vec<&'a str>, Vec<Vec<String>>, Vec<usize>) {
    let keep: Vec<bool> =
        (0..head.len()).map(|c| c == 0 || rows.is_empty() || rows.iter().any(|r| !r[c].trim().is_empty())).collect();
    let freed: usize = widths.iter().zip(&keep).filter(|(_, k)| !**k).map(|(w, _)| w).sum();
    let mut widths: Vec<usize> = widths.iter().zip(&keep).filter(|(_, k)| **k).map(|(w, _)| *w).collect();
    if let Some(widest) = widths.iter_mut().max() {
        *widest += freed;
    }
    let head = head.iter().zip(&keep).filter(|(_, k)| **k).map(|(h, _)| *h).collect();
    let rows =
        rows.into_iter().map(|r| r.into_iter().zip(&keep).filter(|(_, k)| **k).map(|(t, _)| t).collect()).collect();
    (head, rows, widths)
}

fn sentence(text: &str) -> String {
    let t = text.trim();
    if t.ends_with(['。', ';', '!', '?']) { t.to_string() } else { format!("{t}。") }
}

fn feedback_letter(d: &OfficialDocument) -> GovDoc {
    let i = &d.inspection;
    let issuer = team_title(d);
    let mut doc = GovDoc::new()
        .title(&format!("{issuer}关于巡察{}的反馈意见", i.target_name))
        .addressee(&format!("{}:", i.target_name));
    let mut opening = format!(
        "根据{}巡察工作统一部署,{}于{}至{}对{}进行了{}。",
        committee(d),
        issuer,
        chinese_date(i.entry_date),
        chinese_date(i.exit_date),
        i.target_name,
        i.kind.label()
    );
    let bodies: Vec<&str> = i.joint_bodies().iter().map(|b| b.label()).collect();
    if !bodies.is_empty() {
        opening.push_str(&format!("{}参加本次反馈。", bodies.join("、")));
    }
    opening.push_str("现将巡察发现的主要问题反馈如下。");
    doc = doc.body(&opening).heading1("一、巡察发现的主要问题");
    let mut n = 0;
    for (g, (heading, problems)) in by_category(d).into_iter().enumerate() {
        doc = doc.heading2(&format!("({}){heading}", chinese_number(g + 1)));
        for p in problems {
            n += 1;
            let mut text = format!("{n}.{}", sentence(&p.problem.summary));
            if !p.problem.detail.trim().is_empty() {
                text.push_str(&sentence(&p.problem.detail.replace('\n', "")));
            }
            doc = doc.body(&text);
        }
    }
    if n == 0 {
        doc = doc.body("本次巡察未反馈具体问题。");
    }
    let due = |date: Option<time::Date>| date.map(chinese_date).unwrap_or_else(|| "规定期限".into());
    doc.heading1("二、整改要求").body(&format!(
        "{}要切实履行巡察整改主体责任,党组织书记履行第一责任人责任,对反馈问题逐条制定整改措施,明确责任人和整改时限,做到问题不解决不松劲、整改不到位不销号。\
         请于{}前将整改方案报送{}巡察工作领导小组办公室,于{}前报送整改情况报告;整改进展情况按规定在党内和向社会公开。",
        i.target_name,
        due(d.plan.plan_due),
        committee(d),
        due(d.plan.report_due),
    ))
    .signature(&issuer, &feedback_date(d))
}

fn plan(d: &OfficialDocument) -> GovDoc {
    let i = &d.inspection;
    let issuer = team_title(d);
    let problems = &d.plan.problems;
    let measures: Vec<(usize, &Measure)> =
        problems.iter().enumerate().flat_map(|(n, p)| p.measures.iter().map(move |m| (n + 1, m))).collect();
    let mut doc = GovDoc::new().title(&format!("{}关于落实{issuer}巡察反馈意见的整改方案", i.target_name));
    // "Each measure names …" claims only what every measure names.
    let every = |f: fn(&Measure) -> &str| !measures.is_empty() && measures.iter().all(|(_, m)| !f(m).trim().is_empty());
    let mut fields: Vec<&str> = Vec::new();
    if every(|m| &m.responsible_leader) {
        fields.push("责任领导");
    }
    if every(|m| &m.department) {
        fields.push("责任部门");
    }
    fields.push("责任人");
    fields.push(if every(|m| &m.completion_standard) { "整改时限和完成标志" } else { "整改时限" });
    doc = doc.body(&format!(
        "{}反馈巡察意见后,{}对反馈问题逐条研究,制定本整改方案。方案列明问题清单、任务清单、责任清单,共{}个问题、{}条整改措施,每条措施明确{}。",
        if feedback_date(d).is_empty() { issuer.clone() } else { format!("{issuer}于{}", feedback_date(d)) },
        i.target_name,
        problems.len(),
        measures.len(),
        fields.join("、")
    ));
    if d.plan.plan.status != xuncha_domain::plan::PlanStatus::Approved {
        doc = doc.body(&format!("(本方案尚未经审核通过,当前状态:{}。)", d.plan.plan.status.label()));
    }
    let aspect = |p: &ProblemView| d.aspect_name(p.problem.aspect_id).unwrap_or("").to_string();
    let problem_rows: Vec<Vec<String>> = problems
        .iter()
        .enumerate()
        .map(|(n, p)| vec![(n + 1).to_string(), aspect(p), p.problem.summary.clone()])
        .collect();
    let (problem_head, problem_rows, problem_widths) =
        without_empty_columns(&["序号", "问题类别", "反馈问题"], problem_rows, &[700, 2300, 5844]);
    let task_rows: Vec<Vec<String>> = measures
        .iter()
        .enumerate()
        .map(|(k, (n, m))| {
            vec![
                (k + 1).to_string(),
                format!("问题{n}"),
                m.content.clone(),
                m.completion_standard.clone(),
                deadline_text(m),
            ]
        })
        .collect();
    let duty_rows: Vec<Vec<String>> = measures
        .iter()
        .enumerate()
        .map(|(k, (_, m))| {
            vec![
                (k + 1).to_string(),
                m.content.clone(),
                m.responsible_leader.clone(),
                m.department.clone(),
                m.responsible_person.clone(),
            ]
        })
        .collect();
    let (task_head, task_rows, task_widths) = without_empty_columns(
        &["序号", "对应问题", "整改措施", "完成标志", "整改时限"],
        task_rows,
        &[700, 1100, 3444, 2000, 1600],
    );
    let (duty_head, duty_rows, duty_widths) = without_empty_columns(
        &["序号", "整改措施", "责任领导", "责任部门", "责任人"],
        duty_rows,
        &[700, 4144, 1300, 1500, 1200],
    );
    // Dated by its approval or submission; a draft by the day it is printed, and said so.
    let dated = match d.plan_dated {
        Some(day) => chinese_date(day),
        None => format!("{}(草稿打印)", chinese_date(d.today)),
    };
    // The text area is 156 mm wide (8844 twips).
    doc.heading1("一、问题清单")
        .table(&problem_head, &problem_rows, &problem_widths)
        .heading1("二、任务清单")
        .table(&task_head, &task_rows, &task_widths)
        .heading1("三、责任清单")
        .table(&duty_head, &duty_rows, &duty_widths)
        .signature(&i.target_name, &dated)
}

fn report(d: &OfficialDocument) -> GovDoc {
    let i = &d.inspection;
    let issuer = team_title(d);
    let problems = &d.plan.problems;
    let all: Vec<&Measure> = problems.iter().flat_map(|p| &p.measures).collect();
    let count = |s: MeasureStatus| all.iter().filter(|m| m.status == s).count();
    let overdue = all.iter().filter(|m| m.light == Some(xuncha_domain::deadline::Light::Red)).count();
    let closed_problems =
        problems.iter().filter(|p| p.problem.status == xuncha_domain::problem::ProblemStatus::Closed).count();
    let mut doc = GovDoc::new()
        .title(&format!("{}关于{issuer}巡察反馈意见整改情况的报告", i.target_name))
        .addressee(&format!("{}巡察工作领导小组:", committee(d)));
    doc = doc.heading1("一、整改工作总体情况").body(&format!(
        "{}{}向{}反馈了巡察意见,指出问题{}个。{}对照反馈意见制定整改措施{}条。截至{},{}个问题中已整改完成{}个;{}条措施中已验收销号{}条、单位报告已完成待验收{}条、基本完成持续推进{}条、尚未完成{}条,其中超过整改时限{}条。",
        feedback_date(d),
        issuer,
        i.target_name,
        problems.len(),
        i.target_name,
        all.len(),
        chinese_date(d.today),
        problems.len(),
        closed_problems,
        all.len(),
        count(MeasureStatus::Closed),
        count(MeasureStatus::Done),
        count(MeasureStatus::LargelyDone),
        count(MeasureStatus::NotDone),
        overdue
    ));
    doc = doc.heading1("二、反馈问题整改落实情况");
    for (n, p) in problems.iter().enumerate() {
        doc = doc.heading2(&format!("({}){}", chinese_number(n + 1), p.problem.summary.trim_end_matches('。')));
        if p.measures.is_empty() {
            doc = doc.body("尚未制定整改措施。");
        }
        for (k, m) in p.measures.iter().enumerate() {
            let mut text = format!(
                "{}.{}责任人:{};整改时限:{};目前状态:{}。",
                k + 1,
                sentence(&m.content),
                m.responsible_person,
                deadline_text(m),
                m.status.label()
            );
            if let Some(g) = d.latest_progress(m.id) {
                text.push_str(&format!("最新进展:{}", sentence(&g.content)));
            }
            doc = doc.body(&text);
        }
    }
    doc = doc.heading1("三、尚未完成的整改事项和下一步打算");
    let open: Vec<&&Measure> = all.iter().filter(|m| m.status != MeasureStatus::Closed).collect();
    if open.is_empty() {
        doc = doc.body("反馈问题涉及的整改措施已全部验收销号。下一步将巩固整改成果,建立长效机制,防止问题反弹回潮。");
    } else {
        doc = doc.body(&format!("尚有{}条整改措施未验收销号,将逐条紧盯推进:", open.len()));
        for (k, m) in open.iter().enumerate() {
            doc = doc.body(&format!(
                "{}.{}(责任人:{},整改时限:{},目前状态:{})",
                k + 1,
                m.content.trim_end_matches('。'),
                m.responsible_person,
                deadline_text(m),
                m.status.label()
            ));
        }
    }
    doc.signature(&i.target_name, &chinese_date(d.today))
}

fn disclosure(d: &OfficialDocument) -> GovDoc {
    let i = &d.inspection;
    let Some(disc) = &d.disclosure else {
        return GovDoc::new().title(&format!("关于{}巡察整改进展情况的通报", i.target_name));
    };
    let title = if disc.title.trim().is_empty() {
        format!("关于{}巡察整改进展情况的通报", i.target_name)
    } else {
        disc.title.clone()
    };
    let total = disc.done + disc.largely_done + disc.not_done;
    let date = disc.published_on.unwrap_or(d.today);
    let mut doc = GovDoc::new().title(&title);
    if disc.status != xuncha_domain::disclosure::DisclosureStatus::Published {
        doc = doc.body(&format!("(本通报尚未发布,当前状态:{}。)", disc.status.label()));
    }
    doc.body(&disc.public_text)
        .body(&format!(
            "截至{},巡察反馈的{}个问题中,已完成整改{}个,基本完成、持续推进{}个,正在推进{}个。",
            chinese_date(date),
            total,
            disc.done,
            disc.largely_done,
            disc.not_done
        ))
        .signature(&i.target_name, &chinese_date(date))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;
    use xuncha_domain::id::*;

    fn measure(
        kind: DeadlineKind,
        deadline: Option<time::Date>,
        original: Option<time::Date>,
        milestone: &str,
    ) -> Measure {
        Measure {
            id: MeasureId::new(1),
            problem_id: ProblemId::new(1),
            sort: 1,
            content: "修订村级财务管理办法".into(),
            responsible_person: "梁志勇".into(),
            responsible_leader: String::new(),
            department: String::new(),
            deadline_kind: Some(kind),
            deadline,
            original_deadline: original,
            milestone: milestone.into(),
            completion_standard: "印发文件".into(),
            status: MeasureStatus::NotDone,
            closed_by: None,
            closed_at: None,
            close_note: String::new(),
            paused_since: None,
            version: 1,
            light: None,
        }
    }

    #[test]
    fn a_deadline_keeps_what_was_approved_and_a_long_term_one_its_date_and_milestone() {
        let extended = measure(DeadlineKind::Dated, Some(date!(2024 - 01 - 31)), Some(date!(2023 - 12 - 31)), "");
        assert_eq!(deadline_text(&extended), "2024年1月31日(原定2023年12月31日,经批准延期)");
        let long = measure(DeadlineKind::LongTerm, Some(date!(2023 - 12 - 31)), None, "每季度报告一次");
        assert_eq!(deadline_text(&long), "长期坚持(2023年12月31日前,每季度报告一次)");
        assert_eq!(deadline_text(&measure(DeadlineKind::LongTerm, None, None, "")), "长期坚持");
        assert_eq!(deadline_text(&measure(DeadlineKind::Immediate, None, None, "")), "立行立改");
    }

    #[test]
    fn a_column_no_row_fills_is_left_out_and_its_width_given_to_the_widest() {
        let rows = vec![vec!["1".into(), "措施".into(), "".into(), "梁志勇".into()]];
        let (head, rows, widths) =
            without_empty_columns(&["序号", "整改措施", "责任领导", "责任人"], rows, &[700, 4000, 1300, 1200]);
        assert_eq!(head, ["序号", "整改措施", "责任人"]);
        assert_eq!(rows, [vec!["1".to_string(), "措施".into(), "梁志勇".into()]]);
        assert_eq!(widths, [700, 5300, 1200], "the text area stays 7200 wide");
        let (head, _, _) = without_empty_columns(&["序号", "责任领导"], Vec::new(), &[700, 1300]);
        assert_eq!(head, ["序号", "责任领导"], "an empty table keeps its heading");
    }
}
