//! After the ledger: a measure's clock paused while it waits on the county, a rule 谷前堡镇
//! issued as a result of rectification, and 县工商联's rectification scored by the office and
//! filed as its 巡察档案.

use time::macros::date;
use xuncha_app::assessments::{AssessmentInput, MechanismInput, ScoreInput};
use xuncha_app::escalations::ClockInput;
use xuncha_app::{AppError, AppResult};
use xuncha_domain::archive::ArchiveVariant;
use xuncha_domain::measure::DeadlineKind;

use crate::calendar::Thread;
use crate::cast::County;

pub async fn story(c: &County<'_>, t: &Thread<'_>) -> AppResult<()> {
    let app = c.app;
    // The rule 谷前堡镇 issued, recorded the day it was issued.
    t.on(date!(2023 - 10 - 08)).await;
    let all = app.list_inspections(&c.office, None).await?;
    let find = |name: &str| all.iter().find(|i| i.target_name == name).map(|i| i.id).ok_or(AppError::NotFound);
    let (gqb, gsl) = (find("谷前堡镇党委")?, find("县工商联")?);

    let plan = app.get_plan(&c.office, gqb).await?;

    // The rule the rectification of the village finances produced.
    let secretary = c.now(&c.gqb_secretary).await?;
    let finances = plan.problems.iter().find(|p| p.problem.summary.contains("财务")).map(|p| p.problem.id);
    let rule = MechanismInput {
        problem_id: finances,
        name: "《谷前堡镇村级财务管理办法(修订)》".into(),
        doc_number: "谷党发〔2023〕21号".into(),
        issued_on: date!(2023 - 10 - 08).to_string(),
    };
    app.add_mechanism(&secretary, gqb, &rule).await?;

    // 谷前堡镇's long-term measure waits for the county's template: the office stops its clock.
    t.on(date!(2023 - 11 - 09)).await;
    let plan = app.get_plan(&c.office, gqb).await?;
    let waiting = plan
        .problems
        .iter()
        .flat_map(|p| &p.measures)
        .find(|m| m.deadline_kind == Some(DeadlineKind::LongTerm) && m.deadline.is_some())
        .ok_or(AppError::NotFound)?;
    let pause = ClockInput {
        version: waiting.version,
        reason: "县纪委监委正在制定班子成员履责记实统一模板,待模板印发后执行".into(),
    };
    app.pause_clock(&c.office, waiting.id, &pause).await?;

    // 县工商联 closed every measure: the office scores it, departing from one suggestion.
    let view = app.assessment(&c.office, gsl).await?;
    let scores = view
        .lines
        .iter()
        .map(|line| {
            let item = Some(line.item.name.clone());
            match line.suggested {
                Some(s) if line.item.name == "长效机制建设" => ScoreInput {
                    item,
                    score: (s + 5.0).min(f64::from(line.item.points)),
                    note: "已将“三会一课”计划纳入机关党建制度汇编,按制度建设计分".into(),
                },
                Some(s) => ScoreInput { item, score: s, note: String::new() },
                None => ScoreInput { item, score: 0.0, note: "未开展测评".into() },
            }
        })
        .collect();
    app.assess(&c.office, gsl, &AssessmentInput { version: None, scores }).await?;

    // Every measure closed and scored: the office files 县工商联's archive.
    let bundle = app.archive_bundle(&c.office, gsl, ArchiveVariant::Standard).await?;
    let packed = xuncha_documents::archive::pack(&bundle).map_err(AppError::internal)?;
    app.keep_archive(&c.office, &bundle, &packed.manifest, &packed.manifest_bytes, &packed.zip).await?;
    Ok(())
}
