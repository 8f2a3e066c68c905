//! The demo tells the paper-only story: every kind of signal shows on at least one plan, and the
//! office's ranking puts the organisations with most signals first.

use std::collections::BTreeSet;

use time::macros::date;
use xuncha_analysis::signals::SignalKind;
use xuncha_app::{App, Clock};
use xuncha_testkit::TestDb;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_shows_each_signal_and_ranks_organisations() {
    let db = TestDb::sqlite().await;
    let app = App::new(db.store.clone(), Clock::Fixed(date!(2023 - 11 - 10))).await.unwrap();
    xuncha_app::demo::load(&app).await.unwrap();
    let office = app.actor(app.find_user("office").await.unwrap().id).await.unwrap();
    let mut seen = BTreeSet::new();
    let mut copy_reasons = Vec::new();
    for round in app.list_rounds(&office).await.unwrap() {
        let ranking = app.signal_ranking(&office, round.id).await.unwrap();
        for w in ranking.windows(2) {
            assert!(w[0].total() >= w[1].total(), "most signals first");
        }
        for plan in &ranking {
            for s in plan.measures.iter().flat_map(|m| &m.signals).chain(&plan.plan) {
                assert!(!s.reason.is_empty());
                seen.insert(s.kind.code());
                if s.kind == SignalKind::Copied {
                    copy_reasons.push((plan.target_name.clone(), s.reason.clone()));
                }
            }
        }
    }
    assert!(
        copy_reasons.iter().any(|(who, why)| who == "卅里铺乡党委" && why.contains("谷前堡镇党委")),
        "卅里铺乡's copied measure names its twin: {copy_reasons:?}"
    );
    // Closing needs evidence, so "closed without evidence" only arises in data from before xuncha.
    let missing: Vec<&str> =
        SignalKind::ALL.iter().map(|k| k.code()).filter(|c| *c != "no_evidence" && !seen.contains(c)).collect();
    assert!(missing.is_empty(), "the demo shows no {missing:?} (seen {seen:?})");
}
