//! Same seed, same data: the generator's whole output is summed up by the audit chain's last
//! hash (every row it writes is an event whose hash covers the one before), so two databases
//! generated from one seed must end on the same hash, on either backend, and another seed not.

use xuncha_bench::generate::{Options, generate};
use xuncha_store::Backend;
use xuncha_testkit::TestDb;

async fn last_hash(backend: Backend, seed: u64) -> (String, usize) {
    let db = TestDb::new(backend).await;
    let report =
        generate(&db.store, &Options { counties: 1, seed, password: "shengcheng-2026".into() }, &|| {}).await.unwrap();
    let mut h = db.store.read().await.unwrap();
    let last = h.conn().recent_events(1).await.unwrap().remove(0);
    assert_eq!(last.seq as usize, report.events);
    assert_eq!(h.conn().verify_chain().await.unwrap(), Ok(report.events as i64));
    (last.hash, report.measures)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_seed_gives_one_database_on_both_backends() {
    let first = last_hash(Backend::Sqlite, 3).await;
    assert_eq!(last_hash(Backend::Sqlite, 3).await, first);
    assert_ne!(last_hash(Backend::Sqlite, 4).await.0, first.0);
    if !xuncha_testkit::skip_pg() {
        assert_eq!(last_hash(Backend::Postgres, 3).await, first);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_generator_refuses_a_database_in_use() {
    let db = TestDb::new(Backend::Sqlite).await;
    let options = Options { counties: 1, seed: 1, password: "shengcheng-2026".into() };
    generate(&db.store, &options, &|| {}).await.unwrap();
    let again = generate(&db.store, &options, &|| {}).await.unwrap_err();
    assert!(again.contains("不是空的"), "{again}");
}
