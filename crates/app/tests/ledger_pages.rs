//! Ledger pages are kept per reader and filter until the data changes: a kept page is never
//! another reader's, and a change shows on the next read.

mod support;

use std::sync::Arc;

use xuncha_app::ledger::LedgerFilter;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kept_page_is_the_readers_own_and_goes_when_the_data_changes() {
    let (_db, app) = support::demo().await;
    let (office, target) = (support::actor(&app, "office").await, support::actor(&app, "gqb.secretary").await);
    let insp = support::inspection_of(&app, &office, "谷前堡镇党委").await;
    let f = LedgerFilter { round: Some(insp.round_id), ..LedgerFilter::default() };

    let first = app.ledger_page(&office, &f).await.unwrap();
    assert!(Arc::ptr_eq(&first, &app.ledger_page(&office, &f).await.unwrap()), "kept");
    // Signing in is recorded, but changes nothing a page shows.
    app.login("gqb.secretary", xuncha_demo::DEMO_PASSWORD).await.unwrap();
    assert!(Arc::ptr_eq(&first, &app.ledger_page(&office, &f).await.unwrap()), "kept across a login");
    let own = app.ledger_page(&target, &f).await.unwrap();
    assert!(own.total > 0 && own.total < first.total, "the target's page is its own: {} of {}", own.total, first.total);
    assert!(own.lines.iter().all(|l| l.line.inspection_id == insp.id));
    // Refused filters are refused every time, not kept.
    let bad = LedgerFilter { status: Some("finished".into()), ..f.clone() };
    assert!(app.ledger_page(&office, &bad).await.is_err());
    assert!(app.ledger_page(&office, &bad).await.is_err());

    let added = support::one_measure(
        "财务管理不规范",
        "村级公务接待无审批单",
        "逐笔补办2023年公务接待审批手续,无法补办的由经办人退赔",
        "补办的审批单和退赔收据",
        "",
    );
    app.import_ledger(&office, insp.id, &[added]).await.unwrap();
    let after = app.ledger_page(&office, &f).await.unwrap();
    assert!(!Arc::ptr_eq(&first, &after));
    assert_eq!(after.total, first.total + 1, "the new measure is counted");
    assert_eq!(app.ledger_page(&target, &f).await.unwrap().total, own.total + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_province_picks_among_the_latest_rounds_and_keeps_the_one_it_shows() {
    use xuncha_app::inputs::NewRoundInput;
    use xuncha_app::ledger::ROUND_CHOICES;

    let (_db, app) = support::demo().await;
    let office = support::actor(&app, "office").await;
    let few = app.ledger_page(&office, &LedgerFilter::default()).await.unwrap();
    assert!(!few.more_rounds, "a county's rounds are all offered");
    assert_eq!(few.rounds.len(), app.list_rounds(&office).await.unwrap().len());
    let oldest = few.rounds.last().unwrap().clone();
    for year in 2024..2024 + ROUND_CHOICES as i32 {
        let input = NewRoundInput {
            name: format!("{year}年第一轮巡察"),
            start_date: format!("{year}-04-08"),
            end_date: format!("{year}-06-28"),
        };
        app.create_round(&office, &input).await.unwrap();
    }
    let latest = app.ledger_page(&office, &LedgerFilter::default()).await.unwrap();
    assert!(latest.more_rounds);
    // The new rounds have nothing fed back: the ledger opens on the round in rectification,
    // which the picker offers beside the latest.
    let shown = latest.round.as_ref().unwrap();
    assert_ne!(shown.id, latest.rounds[0].id, "an empty newest round is not where the ledger opens");
    assert!(latest.rounds.iter().any(|r| r.id == shown.id), "the round shown is offered");
    assert_eq!(latest.rounds.len(), ROUND_CHOICES + 1);
    let f = LedgerFilter { round: Some(oldest.id), ..LedgerFilter::default() };
    let old = app.ledger_page(&office, &f).await.unwrap();
    assert_eq!(old.round.as_ref().map(|r| r.id), Some(oldest.id), "an earlier round is still shown");
    assert_eq!(old.rounds.len(), ROUND_CHOICES + 1);
    assert_eq!(old.rounds.last().unwrap().id, oldest.id, "and offered, so the picker shows it");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ledger_and_the_dashboard_open_on_the_round_in_rectification() {
    let (_db, app) = support::demo().await;
    let office = support::actor(&app, "office").await;
    let rounds = app.list_rounds(&office).await.unwrap();
    let rectifying = support::inspection_of(&app, &office, "谷前堡镇党委").await.round_id;
    // The demo's latest round is still in the field: nothing of it is fed back yet.
    let latest = rounds.first().unwrap();
    assert_ne!(latest.id, rectifying, "the fixture must hold a later round still in the field");
    let page = app.ledger_page(&office, &LedgerFilter::default()).await.unwrap();
    assert_eq!(page.round.as_ref().map(|r| r.id), Some(rectifying));
    assert!(page.total > 0);
    let dashboard = app.round_dashboard(&office, None).await.unwrap();
    assert_eq!(dashboard.round.as_ref().map(|r| r.id), Some(rectifying));
    // Asked for, the round in the field still opens.
    let asked = LedgerFilter { round: Some(latest.id), ..LedgerFilter::default() };
    assert_eq!(app.ledger_page(&office, &asked).await.unwrap().round.as_ref().map(|r| r.id), Some(latest.id));
}
