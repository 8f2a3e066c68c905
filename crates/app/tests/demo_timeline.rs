//! The demo acts on its story's days: each record carries the day of its act (not one day for
//! all), and the audit trail runs forward in time, whichever story an act belongs to.

mod support;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use time::macros::date;
use xuncha_app::CHINA;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_acts_on_its_storys_days_and_its_trail_runs_forward() {
    let (db, app) = support::demo().await;
    let mut h = db.store.read().await.unwrap();
    let mut events = h.conn().recent_events(i64::MAX).await.unwrap();
    events.reverse();
    let at = |text: &str| OffsetDateTime::parse(text, &Rfc3339).unwrap_or_else(|e| panic!("{text}: {e}"));
    let instants: Vec<OffsetDateTime> = events.iter().map(|e| at(&e.at)).collect();
    let out_of_order: Vec<_> =
        events.windows(2).filter(|w| at(&w[0].at) > at(&w[1].at)).map(|w| (w[0].seq, &w[0].at, &w[1].at)).collect();
    assert!(out_of_order.is_empty(), "the trail runs forward in time: {out_of_order:?}");
    let days: Vec<time::Date> = instants.iter().map(|i| i.to_offset(CHINA).date()).collect();
    assert_eq!(days.first(), Some(&date!(2021 - 08 - 02)), "the county is set up in the summer of 2021");
    let last = *days.last().unwrap();
    assert!(last < date!(2023 - 11 - 10) && last >= date!(2023 - 11 - 01), "the story's last act: {last}");
    let mut distinct = days.clone();
    distinct.dedup();
    assert!(distinct.len() >= 40, "acts on many days, not one: {}", distinct.len());
    // A few acts on the days the story gives them.
    let on = |action: &str, summary_has: &str| {
        events
            .iter()
            .filter(|e| e.action == action && e.summary.contains(summary_has))
            .map(|e| at(&e.at).to_offset(CHINA).date())
            .collect::<Vec<_>>()
    };
    assert_eq!(on("escalation.take", "张西河乡党委督办"), [date!(2023 - 10 - 16)], "张西河乡's 督办函");
    let office = support::actor(&app, "office").await;
    let gqb = support::inspection_of(&app, &office, "谷前堡镇党委").await;
    let fed_back: Vec<_> = events
        .iter()
        .filter(|e| e.action == "inspection.feedback" && e.entity_id == Some(gqb.id.get()))
        .map(|e| at(&e.at).to_offset(CHINA).date())
        .collect();
    assert_eq!(fed_back, [date!(2023 - 08 - 15)], "谷前堡镇's feedback, on its day");
}
