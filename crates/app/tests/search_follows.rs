//! The search index is built once and then follows the rows whose text changed: what is
//! imported after the first search is found by the next, and only by those who may see it.

use time::macros::date;
use xuncha_app::imports::{ImportedMeasure, ImportedProblem};
use xuncha_app::{App, Clock};
use xuncha_domain::measure::{DeadlineKind, MeasureFields, MeasureStatus};
use xuncha_search::Kind;
use xuncha_testkit::TestDb;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_is_written_after_the_first_search_is_found_by_the_next() {
    let db = TestDb::sqlite().await;
    let app = App::new(db.store.clone(), Clock::Fixed(date!(2023 - 11 - 10))).await.unwrap();
    xuncha_app::demo::load(&app).await.unwrap();
    let actor = |name: &'static str| {
        let app = &app;
        async move { app.actor(app.find_user(name).await.unwrap().id).await.unwrap() }
    };
    let (office, gqb, other) = (actor("office").await, actor("gqb.secretary").await, actor("ngy.secretary").await);
    let insp = app
        .list_inspections(&office, None)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.target_name == "谷前堡镇党委")
        .unwrap();
    // The first search builds the index; nothing speaks of 好处费 yet.
    assert!(!app.search(&office, "光伏").await.unwrap().is_empty());
    assert!(app.search(&office, "好处费").await.unwrap().is_empty());

    let added = ImportedProblem {
        aspect: "廉洁纪律执行不严".into(),
        summary: "宅基地审批收受好处费".into(),
        measures: vec![ImportedMeasure {
            fields: MeasureFields {
                content: "逐户清退宅基地审批中收取的好处费,建立审批公示台账".into(),
                responsible_person: "梁志勇".into(),
                deadline_kind: Some(DeadlineKind::Dated),
                deadline: Some(date!(2023 - 12 - 31)),
                completion_standard: "清退收据和公示台账".into(),
                ..MeasureFields::default()
            },
            status: MeasureStatus::NotDone,
            progress: "已清退好处费三笔,共计一万二千元".into(),
        }],
    };
    app.import_ledger(&office, insp.id, &[added]).await.unwrap();
    let found = app.search(&office, "好处费").await.unwrap();
    let kinds: std::collections::BTreeSet<Kind> = found.iter().map(|r| r.hit.kind).collect();
    assert_eq!(kinds, [Kind::Problem, Kind::Measure, Kind::Progress].into(), "{found:?}");
    assert!(found.iter().all(|r| r.target_name == "谷前堡镇党委"));
    // The organisation finds its own; another organisation does not.
    assert_eq!(app.search(&gqb, "好处费").await.unwrap().len(), 3);
    assert!(app.search(&other, "好处费").await.unwrap().is_empty());
}
