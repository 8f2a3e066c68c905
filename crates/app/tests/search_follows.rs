//! The search index is built once and then follows the rows whose text changed: what is
//! imported after the first search is found by the next, and only by those who may see it.

mod support;

use xuncha_search::Kind;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_is_written_after_the_first_search_is_found_by_the_next() {
    let (_db, app) = support::demo().await;
    let (office, gqb, other) = (
        support::actor(&app, "office").await,
        support::actor(&app, "gqb.secretary").await,
        support::actor(&app, "ngy.secretary").await,
    );
    let insp = support::inspection_of(&app, &office, "谷前堡镇党委").await;
    // The first search builds the index; nothing speaks of 好处费 yet.
    assert!(!app.search(&office, "光伏").await.unwrap().is_empty());
    assert!(app.search(&office, "好处费").await.unwrap().is_empty());

    let added = support::one_measure(
        "廉洁纪律执行不严",
        "宅基地审批收受好处费",
        "逐户清退宅基地审批中收取的好处费,建立审批公示台账",
        "清退收据和公示台账",
        "已清退好处费三笔,共计一万二千元",
    );
    app.import_ledger(&office, insp.id, &[added]).await.unwrap();
    let found = app.search(&office, "好处费").await.unwrap();
    let kinds: std::collections::BTreeSet<Kind> = found.iter().map(|r| r.hit.kind).collect();
    assert_eq!(kinds, [Kind::Problem, Kind::Measure, Kind::Progress].into(), "{found:?}");
    assert!(found.iter().all(|r| r.target_name == "谷前堡镇党委"));
    // The organisation finds its own; another organisation does not.
    assert_eq!(app.search(&gqb, "好处费").await.unwrap().len(), 3);
    assert!(app.search(&other, "好处费").await.unwrap().is_empty());
}
