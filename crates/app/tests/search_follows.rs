//! The search index is built once and then follows the rows whose text changed: what is
//! imported after the first search is found by the next, and only by those who may see it.
//! Kept in a folder, it outlives the app that built it.

mod support;

use time::macros::date;
use xuncha_app::{App, Clock};
use xuncha_search::{Doc, Kind, SearchIndex};

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

    app.import_ledger(&office, insp.id, &[bribes_returned()]).await.unwrap();
    let found = app.search(&office, "好处费").await.unwrap();
    let kinds: std::collections::BTreeSet<Kind> = found.iter().map(|r| r.hit.kind).collect();
    assert_eq!(kinds, [Kind::Problem, Kind::Measure, Kind::Progress].into(), "{found:?}");
    assert!(found.iter().all(|r| r.target_name == "谷前堡镇党委"));
    // The organisation finds its own; another organisation does not.
    assert_eq!(app.search(&gqb, "好处费").await.unwrap().len(), 3);
    assert!(app.search(&other, "好处费").await.unwrap().is_empty());
}

/// A problem, measure and progress report that all speak of 好处费 (nothing in the demo does).
fn bribes_returned() -> xuncha_app::imports::ImportedProblem {
    support::one_measure(
        "廉洁纪律执行不严",
        "宅基地审批收受好处费",
        "逐户清退宅基地审批中收取的好处费,建立审批公示台账",
        "清退收据和公示台账",
        "已清退好处费三笔,共计一万二千元",
    )
}

/// The next process's app on the same database, keeping its search index in `dir`.
async fn kept_in(db: &xuncha_testkit::TestDb, dir: &std::path::Path) -> App {
    let mut app = App::new(db.store.clone(), Clock::Fixed(date!(2023 - 11 - 10))).await.unwrap();
    app.keep_search_in(dir.to_path_buf());
    app
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kept_index_is_resumed_caught_up_and_built_again_when_the_database_disagrees() {
    let (db, app) = support::demo().await;
    let dir = db.scratch("search");
    let office = support::actor(&app, "office").await;
    let insp = support::inspection_of(&app, &office, "谷前堡镇党委").await;
    let first = kept_in(&db, &dir).await;
    assert!(!first.search(&office, "光伏").await.unwrap().is_empty(), "built and saved");
    drop(first);

    // A document only the saved index has: found again only if the index was not built anew.
    let saved = SearchIndex::open(&dir).unwrap();
    let save = saved.save_point().unwrap().expect("the build ended with a save");
    let marker = Doc {
        kind: Kind::Problem,
        source_id: 900_001,
        link_id: 900_001,
        inspection_id: insp.id.get(),
        fed_back: true,
        text: "只在保存的索引里才有的标记词".into(),
    };
    saved.update(&[], vec![marker], Some(&save)).unwrap();
    drop(saved);
    // Written while no process held the index.
    app.import_ledger(&office, insp.id, &[bribes_returned()]).await.unwrap();

    let second = kept_in(&db, &dir).await;
    assert_eq!(second.search(&office, "标记词").await.unwrap().len(), 1, "resumed, not built again");
    assert_eq!(second.search(&office, "好处费").await.unwrap().len(), 3, "caught up with what was written");
    drop(second);
    let after = SearchIndex::open(&dir).unwrap().save_point().unwrap().expect("saved after catching up");
    assert!(after.applied > save.applied && after.token != save.token, "{after:?} after {save:?}");

    // The database no longer holds the index's token (put back from an older copy, say).
    db.store.read().await.unwrap().conn().put_setting("search_index_token", "0000").await.unwrap();
    let third = kept_in(&db, &dir).await;
    assert!(third.search(&office, "标记词").await.unwrap().is_empty(), "built again from the database");
    assert_eq!(third.search(&office, "好处费").await.unwrap().len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_index_folder_another_process_holds_leaves_search_in_memory() {
    let (db, app) = support::demo().await;
    let dir = db.scratch("search");
    let office = support::actor(&app, "office").await;
    let _held = SearchIndex::open(&dir).unwrap();
    let kept = kept_in(&db, &dir).await;
    assert!(!kept.search(&office, "光伏").await.unwrap().is_empty(), "search still works");
}
