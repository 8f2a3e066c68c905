//! The audit chain against someone who can write the database but does not hold the audit key
//! (nor write the folder beside it): removing the newest events and rolling the head back, or
//! removing an event and rehashing the rest with plain SHA-256, no longer verify clean. On both
//! backends.

use time::macros::date;
use xuncha_app::inputs::NewUserInput;
use xuncha_app::{App, Clock};
use xuncha_domain::audit::{ChainBreak, EventFields, GENESIS, event_hash};
use xuncha_store::{Backend, Conn, Sealer, Tx};
use xuncha_testkit::TestDb;

/// A sealed store over a fresh database with `events` audit events, and the key's folder.
async fn sealed(backend: Backend, events: usize) -> (TestDb, App, std::path::PathBuf) {
    let db = TestDb::new(backend).await;
    let dir = std::env::temp_dir().join(format!("xuncha_key_{}_{}", std::process::id(), rand_suffix()));
    std::fs::create_dir_all(&dir).unwrap();
    let store = db.store.clone().with_sealer(Sealer::load_or_create(&dir.join("audit-key")).unwrap());
    let app = App::new(store, Clock::Fixed(date!(2023 - 11 - 10))).await.unwrap();
    for i in 0..events {
        let user = NewUserInput {
            username: format!("office{i}"),
            display_name: format!("巡察办干部{i}"),
            password: "ceshi-mima-2023".into(),
            role: xuncha_domain::role::Role::Office,
            org_id: None,
            body: None,
            post: String::new(),
            must_change_password: false,
        };
        app.create_user(xuncha_app::By::System, &user).await.unwrap();
    }
    (db, app, dir)
}

fn rand_suffix() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
}

async fn exec(tx: &mut Tx, sql: &'static str, binds: &[&str]) {
    let binds: Vec<String> = binds.iter().map(|b| b.to_string()).collect();
    match tx.conn() {
        Conn::Sqlite(c, _) => {
            let mut q = sqlx::query(sql);
            for b in binds.clone() {
                q = q.bind(b);
            }
            q.execute(c).await.unwrap();
        }
        Conn::Pg(c, _) => {
            let mut q = sqlx::query(sql);
            for b in binds {
                q = q.bind(b);
            }
            q.execute(c).await.unwrap();
        }
    }
}

/// Behind the store's back: removes event `seq` and rehashes everything after it with plain
/// SHA-256, renumbered, with the head moved to match. Consistent to anyone without the key.
/// (The rewritten events name no actor or entity id: binding those as text would not suit
/// PostgreSQL's BIGINT columns, and the forgery needs only to be consistent.)
async fn remove_and_rehash(db: &TestDb, seq: i64) {
    let mut events = db.store.read().await.unwrap().conn().recent_events(10_000).await.unwrap();
    events.reverse();
    let unsealed = xuncha_store::Store::connect(&db.url).await.unwrap();
    let mut tx = unsealed.begin().await.unwrap();
    exec(&mut tx, "DELETE FROM audit_event", &[]).await;
    let mut prev = GENESIS.to_string();
    let mut n = 0i64;
    for e in events.iter().filter(|e| e.seq != seq) {
        n += 1;
        let f = EventFields {
            seq: n,
            at: &e.at,
            actor_id: None,
            action: &e.action,
            entity: &e.entity,
            entity_id: None,
            summary: &e.summary,
            before: &e.before,
            after: &e.after,
        };
        let hash = event_hash(&prev, &f);
        let insert = "INSERT INTO audit_event (seq, at, actor_id, action, entity, entity_id, summary, before, after, prev_hash, hash)
             VALUES (CAST($1 AS BIGINT), $2, NULL, $3, $4, NULL, $5, $6, $7, $8, $9)";
        let seq_text = n.to_string();
        exec(&mut tx, insert, &[&seq_text, &e.at, &e.action, &e.entity, &e.summary, &e.before, &e.after, &prev, &hash])
            .await;
        prev = hash;
    }
    exec(&mut tx, "UPDATE audit_head SET seq = CAST($1 AS BIGINT), hash = $2 WHERE id = 1", &[&n.to_string(), &prev])
        .await;
    tx.commit().await.unwrap();
}

async fn both(f: impl AsyncFn(Backend)) {
    f(Backend::Sqlite).await;
    if !xuncha_testkit::skip_pg() {
        f(Backend::Postgres).await;
    }
}

#[tokio::test]
async fn an_untouched_sealed_chain_verifies_with_its_anchor() {
    both(async |backend| {
        let (_db, app, dir) = sealed(backend, 4).await;
        let anchor = app.audit_head().await.unwrap();
        assert_eq!(app.verify_audit_against(&[anchor]).await.unwrap(), Ok(4));
        assert!(dir.join("audit-key.head").exists(), "the head is kept beside the key");
        let _ = std::fs::remove_dir_all(dir);
    })
    .await;
}

#[tokio::test]
async fn removing_the_newest_event_and_rolling_the_head_back_is_caught() {
    both(async |backend| {
        let (db, app, dir) = sealed(backend, 4).await;
        let anchor = app.audit_head().await.unwrap();
        let (last, _) = anchor.clone();
        let unsealed = xuncha_store::Store::connect(&db.url).await.unwrap();
        let mut tx = unsealed.begin().await.unwrap();
        let before: String =
            db.store.read().await.unwrap().conn().event_hash_at(last - 1).await.unwrap().expect("the event before");
        exec(&mut tx, "DELETE FROM audit_event WHERE seq = CAST($1 AS BIGINT)", &[&last.to_string()]).await;
        exec(&mut tx, "DELETE FROM audit_seal WHERE seq = CAST($1 AS BIGINT)", &[&last.to_string()]).await;
        exec(
            &mut tx,
            "UPDATE audit_head SET seq = CAST($1 AS BIGINT), hash = $2 WHERE id = 1",
            &[&(last - 1).to_string(), &before],
        )
        .await;
        tx.commit().await.unwrap();
        // Consistent inside the database, so the plain chain walk passes…
        assert_eq!(db.store.read().await.unwrap().conn().verify_chain().await.unwrap(), Ok(last - 1));
        // …but not against the head kept beside the key, nor against the printed anchor.
        assert_eq!(
            app.verify_audit().await.unwrap(),
            Err(ChainBreak::RolledBack { kept_seq: last, head_seq: last - 1 })
        );
        assert_eq!(app.verify_audit_against(&[anchor]).await.unwrap(), Err(ChainBreak::AnchorMismatch { seq: last }));
        let _ = std::fs::remove_dir_all(dir);
    })
    .await;
}

#[tokio::test]
async fn removing_an_event_and_rehashing_the_rest_is_caught() {
    both(async |backend| {
        let (db, app, dir) = sealed(backend, 5).await;
        remove_and_rehash(&db, 2).await;
        assert!(
            db.store.read().await.unwrap().conn().verify_chain().await.unwrap().is_ok(),
            "consistent without the key"
        );
        let found = app.verify_audit().await.unwrap();
        assert!(
            matches!(found, Err(ChainBreak::SealedEventChanged { .. } | ChainBreak::RolledBack { .. })),
            "{found:?}"
        );
        // Even with the kept head file removed too (write access to the key's folder).
        std::fs::remove_file(dir.join("audit-key.head")).unwrap();
        assert!(matches!(app.verify_audit().await.unwrap(), Err(ChainBreak::SealedEventChanged { .. })));
        let _ = std::fs::remove_dir_all(dir);
    })
    .await;
}

/// The first row's text column, read behind the store's back.
async fn first_text(db: &TestDb, sql: &'static str) -> String {
    let mut h = db.store.read().await.unwrap();
    match h.conn() {
        Conn::Sqlite(c, _) => sqlx::query_scalar(sql).fetch_one(c).await.unwrap(),
        Conn::Pg(c, _) => sqlx::query_scalar(sql).fetch_one(c).await.unwrap(),
    }
}

#[tokio::test]
async fn a_measure_a_tip_or_a_tipper_edited_behind_the_system_no_longer_verifies() {
    both(async |backend| {
        let (db, app, dir) = sealed(backend, 0).await;
        xuncha_demo::load(&app).await.unwrap();
        assert!(app.verify_audit().await.unwrap().is_ok(), "the demo verifies");
        let unsealed = xuncha_store::Store::connect(&db.url).await.unwrap();
        let cases: [(&str, &'static str, &'static str, &'static str); 3] = [
            (
                "整改措施",
                "SELECT responsible_person FROM measure WHERE id = (SELECT MIN(id) FROM measure)",
                "UPDATE measure SET responsible_person = '某某' WHERE id = (SELECT MIN(id) FROM measure)",
                "UPDATE measure SET responsible_person = $1 WHERE id = (SELECT MIN(id) FROM measure)",
            ),
            (
                "信访举报",
                "SELECT content FROM tip WHERE id = (SELECT MIN(id) FROM tip)",
                "UPDATE tip SET content = '(已删改)' WHERE id = (SELECT MIN(id) FROM tip)",
                "UPDATE tip SET content = $1 WHERE id = (SELECT MIN(id) FROM tip)",
            ),
            (
                "信访举报",
                "SELECT contact FROM tip_tipper WHERE tip_id = (SELECT MAX(tip_id) FROM tip_tipper WHERE NOT anonymous)",
                "UPDATE tip_tipper SET contact = '13800000000' WHERE tip_id = (SELECT MAX(tip_id) FROM tip_tipper WHERE NOT anonymous)",
                "UPDATE tip_tipper SET contact = $1 WHERE tip_id = (SELECT MAX(tip_id) FROM tip_tipper WHERE NOT anonymous)",
            ),
        ];
        for (what, read, tamper, restore) in cases {
            let original = first_text(&db, read).await;
            let mut tx = unsealed.begin().await.unwrap();
            exec(&mut tx, tamper, &[]).await;
            tx.commit().await.unwrap();
            let found = app.verify_audit().await.unwrap();
            assert!(matches!(found, Err(ChainBreak::RowChanged { what: w, .. }) if w == what), "{what}: {found:?}");
            let mut tx = unsealed.begin().await.unwrap();
            exec(&mut tx, restore, &[&original]).await;
            tx.commit().await.unwrap();
            assert!(app.verify_audit().await.unwrap().is_ok(), "{what} restored");
        }
        let _ = std::fs::remove_dir_all(dir);
    })
    .await;
}

#[path = "support/mod.rs"]
mod support;

#[tokio::test]
async fn an_imported_measure_edited_behind_the_system_no_longer_verifies() {
    // Imported measures have no event of their own: their first state is in the import's image.
    let (db, app) = support::demo().await;
    let office = support::actor(&app, "office").await;
    let insp = support::inspection_of(&app, &office, "谷前堡镇党委").await;
    let imported = support::one_measure("作风建设不扎实", "值班记录补签", "建立值班抽查制度", "抽查记录", "");
    app.import_ledger(&office, insp.id, &[imported]).await.unwrap();
    assert!(app.verify_audit().await.unwrap().is_ok());
    let mut tx = db.store.begin().await.unwrap();
    exec(&mut tx, "UPDATE measure SET responsible_person = '某某' WHERE id = (SELECT MAX(id) FROM measure)", &[]).await;
    tx.commit().await.unwrap();
    assert!(matches!(app.verify_audit().await.unwrap(), Err(ChainBreak::RowChanged { what: "整改措施", .. })));
}
