//! Login limits: per address and per account, behind a trusted proxy the client counts and not
//! the proxy, an old password is a guess like any other, expired sessions go.

use reqwest::StatusCode;
use serde_json::json;
use time::macros::date;
use xuncha_app::{App, Clock};
use xuncha_store::Backend;
use xuncha_web::client::TrustedProxies;

use crate::helpers::{Client, PASSWORD, expect, spawn_app, spawn_app_with, world};
use crate::on_both;

on_both!(
    ten_failures_lock_a_name_known_or_not_until_it_is_unlocked,
    without_a_trusted_proxy_a_forwarded_address_is_ignored,
    a_wrong_old_password_counts_as_a_failed_login,
    expired_sessions_are_pruned_at_login,
);

/// Logs in as `username` claiming to come from `from` (believed only from a trusted proxy).
async fn attempt(c: &Client, username: &str, password: &str, from: &str) -> (StatusCode, serde_json::Value) {
    let res = c
        .http
        .post(format!("{}/api/session", c.base))
        .header("x-forwarded-for", from)
        .json(&json!({ "username": username, "password": password }))
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or_default())
}

async fn ten_failures_lock_a_name_known_or_not_until_it_is_unlocked(backend: Backend) {
    let t = spawn_app_with(backend, TrustedProxies::parse(["127.0.0.1"]).unwrap()).await;
    let store = t.store.clone();
    world(&t).await;
    let c = Client::anonymous(&t.base);
    // Ten guesses from ten addresses: the address limit never trips, the account's does.
    for (name, n) in [("han", 0), ("nobody-at-all", 100)] {
        for i in 0..10 {
            let (status, body) = attempt(&c, name, "wrong-password", &format!("198.51.100.{}", n + i)).await;
            let want = if i < 9 { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::TOO_MANY_REQUESTS };
            assert_eq!(status, want, "{name} attempt {i}: {body}");
        }
        // Locked: even the right password is refused, in the same words for a name that exists
        // and one that does not.
        let (status, body) = attempt(&c, name, PASSWORD, "198.51.100.200").await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
        assert_eq!(body["error"]["code"], "too_many_attempts");
        assert!(body["error"]["message"].as_str().unwrap().contains("已暂时锁定"), "{body}");
    }
    // Another account is not touched.
    let (status, _) = attempt(&c, "wu", PASSWORD, "198.51.100.201").await;
    assert_eq!(status, StatusCode::OK);
    // The operator lifts the lock (`xuncha user unlock`), and it says so in the trail.
    let operator = App::new(store, Clock::Fixed(date!(2023 - 11 - 10))).await.unwrap();
    assert_eq!(operator.unlock_user(xuncha_app::By::System, "han").await.unwrap(), 10);
    let (status, body) = attempt(&c, "han", PASSWORD, "198.51.100.202").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let office = t.login("office").await;
    let trail = expect(office.get(&format!("/api/audit/user/{}", body["user"]["id"])).await, StatusCode::OK);
    assert!(trail.to_string().contains("user.unlock"), "{trail}");
}

async fn without_a_trusted_proxy_a_forwarded_address_is_ignored(backend: Backend) {
    let t = spawn_app(backend).await;
    let c = Client::anonymous(&t.base);
    for i in 0..10 {
        let (status, _) = attempt(&c, &format!("someone{i}"), "wrong-password", &format!("203.0.113.{i}")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    // Ten failures from this address, whatever the header claimed: the address is refused.
    let (status, body) = attempt(&c, "admin", PASSWORD, "203.0.113.99").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
}

async fn a_wrong_old_password_counts_as_a_failed_login(backend: Backend) {
    let t = spawn_app(backend).await;
    world(&t).await;
    let han = t.login("han").await;
    let change = |old: &str| json!({ "old_password": old, "new_password": "xin-mima-2024" });
    for i in 0..10 {
        let (status, body) = han.post("/api/me/password", change("wrong-password")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "attempt {i}: {body}");
    }
    // The eleventh is refused before the password is even checked, and logins are locked too.
    let (status, body) = han.post("/api/me/password", change(PASSWORD)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    let (status, _) =
        Client::anonymous(&t.base).post("/api/session", json!({ "username": "han", "password": PASSWORD })).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

async fn expired_sessions_are_pruned_at_login(backend: Backend) {
    let t = spawn_app(backend).await;
    let store = t.store.clone();
    let admin = t.login("admin").await;
    let me = expect(admin.get("/api/me").await, StatusCode::OK);
    let id = xuncha_domain::UserId::new(me["user"]["id"].as_i64().unwrap());
    let past = time::OffsetDateTime::now_utc() - time::Duration::hours(1);
    {
        let mut tx = store.begin().await.unwrap();
        tx.conn().insert_session("expired-token-hash", id, past).await.unwrap();
        tx.commit().await.unwrap();
    }
    let present = || async {
        let mut h = store.read().await.unwrap();
        h.conn().session_user("expired-token-hash", past - time::Duration::minutes(1)).await.unwrap().is_some()
    };
    assert!(present().await, "the expired session is there before a login");
    t.login("admin").await;
    assert!(!present().await, "a login prunes expired sessions");
}
