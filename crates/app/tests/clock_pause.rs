//! A measure's deadline clock paused on one day and resumed on a later one gives the days back;
//! and a letter whose reply date has passed comes back to the office as a reminder to decide.

mod support;

use time::macros::date;
use xuncha_app::escalations::ClockInput;
use xuncha_app::{App, Clock};
use xuncha_domain::deadline::Light;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clock_paused_for_fourteen_days_moves_the_deadline_fourteen_days() {
    let (db, app) = support::demo().await;
    let office = support::actor(&app, "office").await;
    let insp = support::inspection_of(&app, &office, "谷前堡镇党委").await;
    let plan = app.get_plan(&office, insp.id).await.unwrap();
    let red = plan
        .problems
        .iter()
        .flat_map(|p| p.measures.iter())
        .find(|m| m.light == Some(Light::Red) && m.deadline.is_some())
        .expect("a dated measure past its deadline");
    let deadline = red.deadline.unwrap();
    let input = ClockInput { version: red.version, reason: "等待县自然资源局批复土地确权方案".into() };
    let paused = app.pause_clock(&office, red.id, &input).await.unwrap();
    assert_eq!(paused.paused_since, Some(date!(2023 - 11 - 10)));
    assert_eq!(paused.light, None);

    // Two weeks later, on the same records.
    let later = App::new(db.store.clone(), Clock::Fixed(date!(2023 - 11 - 24))).await.unwrap();
    let office = support::actor(&later, "office").await;
    let input = ClockInput { version: paused.version, reason: "已收到批复,恢复计时".into() };
    let resumed = later.resume_clock(&office, red.id, &input).await.unwrap();
    assert_eq!(resumed.deadline, Some(deadline + time::Duration::days(14)));
    assert_eq!(resumed.original_deadline, red.original_deadline, "a pause is not an extension");
    let view = later.get_measure(&office, red.id).await.unwrap();
    let pause = &view.pauses[0];
    assert_eq!((pause.paused_on, pause.resumed_on), (date!(2023 - 11 - 10), Some(date!(2023 - 11 - 24))));
    assert_eq!((pause.deadline_before, pause.deadline_after), (Some(deadline), resumed.deadline));
    let history = later.history(&office, "measure", red.id.get()).await.unwrap();
    let entry = history.iter().find(|h| h.action == "measure.clock_resume").expect("in the measure's history");
    assert!(entry.summary.contains("暂停14天"), "{}", entry.summary);
    assert!(entry.at_text.starts_with("2023年11月24日"), "{}", entry.at_text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_letter_past_its_reply_date_asks_the_office_for_the_next_step() {
    let (db, app) = support::demo().await;
    let office = support::actor(&app, "office").await;
    let text = |n: &xuncha_app::notifications::Notice| n.text.clone();
    let before: Vec<String> = app.notifications(&office).await.unwrap().iter().map(text).collect();
    assert!(!before.iter().any(|t| t.contains("限期2023-11-20已过")), "not yet: {before:?}");
    // The demo's letter to 张西河乡 asked for an answer by 2023-11-20.
    let later = App::new(db.store.clone(), Clock::Fixed(date!(2023 - 11 - 21))).await.unwrap();
    let office = support::actor(&later, "office").await;
    let notices = later.notifications(&office).await.unwrap();
    let n = notices.iter().find(|n| n.text.contains("限期2023-11-20已过")).expect("the office is asked to decide");
    assert!(n.text.starts_with("张西河乡党委:督办函(督办〔2023〕1号)"), "{}", n.text);
    assert!(n.text.contains("整改方案仍未报送"), "{}", n.text);
    assert!(n.link.ends_with("/escalations"), "{}", n.link);
    // The team and the leader are not asked.
    for other in ["leader", "team1.leader"] {
        let notices = later.notifications(&support::actor(&later, other).await).await.unwrap();
        assert!(!notices.iter().any(|n| n.text.contains("限期2023-11-20已过")), "{other}");
    }
}
