//! Reminders reach whoever must act next: the office and the team the measures reported done
//! and waiting for verification; the office the plans left unsubmitted past their due date.

mod support;

use time::macros::date;
use xuncha_app::inputs::ProgressInput;
use xuncha_app::{App, Clock};
use xuncha_domain::measure::MeasureStatus;
use xuncha_domain::plan::PlanStatus;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_measure_reported_done_waits_for_verification_in_the_verifiers_reminders() {
    let (_db, app) = support::demo().await;
    let office = support::actor(&app, "office").await;
    let secretary = support::actor(&app, "gqb.secretary").await;
    let insp = support::inspection_of(&app, &office, "谷前堡镇党委").await;
    let plan = app.get_plan(&secretary, insp.id).await.unwrap();
    let measures: Vec<_> = plan.problems.iter().flat_map(|p| p.measures.iter()).collect();
    let open = measures.iter().find(|m| m.status == MeasureStatus::NotDone).expect("an open measure");
    let done_before = measures.iter().filter(|m| m.status == MeasureStatus::Done).count();
    let input = ProgressInput {
        version: open.version,
        content: "已全部整改完毕,佐证材料见附件".into(),
        status: xuncha_domain::measure::MeasureStatus::Done,
    };
    app.report_progress(&secretary, open.id, &input).await.unwrap();

    let expected = format!("谷前堡镇党委有{}条整改措施已报告完成,待核验销号", done_before + 1);
    for verifier in ["office", "team4.leader"] {
        let notices = app.notifications(&support::actor(&app, verifier).await).await.unwrap();
        let notice = notices.iter().find(|n| n.text == expected).unwrap_or_else(|| panic!("{verifier}: {notices:?}"));
        assert!(notice.link.contains("status=done"), "{}", notice.link);
    }
    // Those who do not verify are not asked to.
    for other in ["leader", "gqb.secretary", "team1.leader"] {
        let notices = app.notifications(&support::actor(&app, other).await).await.unwrap();
        assert!(!notices.iter().any(|n| n.text == expected), "{other}: {notices:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_left_unsubmitted_past_its_due_date_is_the_offices_to_follow_up() {
    let (db, app) = support::demo().await;
    let office = support::actor(&app, "office").await;
    let slp = app
        .list_inspections(&office, None)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.target_name.contains("卅里铺乡"))
        .expect("卅里铺乡's inspection");
    let plan = app.get_plan(&office, slp.id).await.unwrap();
    assert_eq!(plan.plan.status, PlanStatus::Draft, "the demo's draft plan");
    let due = plan.plan_due.expect("fed back");
    let text = format!("卅里铺乡党委整改方案逾期未报送(应于{due}前报送)");
    // Half a year later, on the same records, the plan is overdue and the office is told.
    let later = App::new(db.store.clone(), Clock::Fixed(date!(2024 - 06 - 01))).await.unwrap();
    assert!(due < date!(2024 - 06 - 01));
    let notices = later.notifications(&office).await.unwrap();
    let notice = notices.iter().find(|n| n.text.ends_with(&format!("整改方案逾期未报送(应于{due}前报送)")));
    let notice = notice.unwrap_or_else(|| panic!("{text} in {notices:?}"));
    assert!(notice.link.ends_with(&format!("/inspections/{}/plan", slp.id)));
    // Before its due date, it is not overdue.
    let on_time = App::new(db.store.clone(), Clock::Fixed(due)).await.unwrap();
    let notices = on_time.notifications(&office).await.unwrap();
    assert!(
        !notices
            .iter()
            .any(|n| n.link.ends_with(&format!("/inspections/{}/plan", slp.id)) && n.text.contains("逾期未报送"))
    );
}
