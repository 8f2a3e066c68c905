//! Onboarding a round: the accounts its organisations lack opened in one step, initial passwords
//! told once (never cached, kept, logged or written into the trail) and changed before anything
//! else; an administrator's resets, unlocks and disabling, each on the record.

use reqwest::StatusCode;
use serde_json::{Value, json};
use xuncha_store::Backend;

use crate::helpers::{demo_server, expect, messages, sign_in};
use crate::on_both;

on_both!(
    a_rounds_organisations_get_their_accounts_once_with_passwords_changed_before_anything_else,
    an_administrator_resets_unlocks_and_disables_accounts_on_the_record,
);

const DEMO_PASSWORD: &str = xuncha_demo::DEMO_PASSWORD;

/// Every text of the audit trail, as stored.
async fn trail(store: &xuncha_store::Store) -> String {
    let events = store.read().await.unwrap().conn().recent_events(100_000).await.unwrap();
    events.iter().map(|e| format!("{} {} {}", e.summary, e.before, e.after)).collect::<Vec<_>>().join("\n")
}

async fn a_rounds_organisations_get_their_accounts_once_with_passwords_changed_before_anything_else(backend: Backend) {
    let t = demo_server(backend).await;
    let (admin, _) = sign_in(&t.base, "admin", DEMO_PASSWORD).await;
    let rounds = expect(admin.get("/api/onboarding").await, StatusCode::OK);
    let round = rounds.as_array().unwrap().iter().max_by_key(|r| r["targets"].as_u64()).unwrap().clone();
    let res = admin.http.post(format!("{}/api/rounds/{}/onboarding", t.base, round["id"])).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "no-store", "an answer holding passwords is never cached");
    let done: Value = res.json().await.unwrap();
    let sheets = done["sheets"].as_array().unwrap();
    assert_eq!(sheets.len() as u64, round["targets"].as_u64().unwrap(), "a page per inspected organisation");
    let opened: Vec<&Value> = sheets.iter().flat_map(|s| s["opened"].as_array().unwrap()).collect();
    assert_eq!(done["opened"].as_u64().unwrap() as usize, opened.len());
    assert!(!opened.is_empty(), "the demo's round has organisations without accounts");
    // An organisation that had both accounts gets none; one that had one gets the other.
    let gqb = sheets.iter().find(|s| s["org_name"] == "谷前堡镇党委");
    if let Some(gqb) = gqb {
        assert!(gqb["opened"].as_array().unwrap().is_empty(), "{gqb}");
        assert_eq!(gqb["existing"].as_array().unwrap().len(), 2);
    }
    for sheet in sheets {
        let roles: Vec<&str> = sheet["opened"]
            .as_array()
            .unwrap()
            .iter()
            .chain(sheet["existing"].as_array().unwrap())
            .map(|a| a["role"].as_str().unwrap())
            .collect();
        assert!(roles.contains(&"target_secretary") && roles.contains(&"target_liaison"), "{sheet}");
    }

    // Each opened account signs in with its initial password and may do nothing but change it.
    let first = opened[0];
    let (username, initial) = (first["username"].as_str().unwrap(), first["initial_password"].as_str().unwrap());
    let (c, status) = sign_in(&t.base, username, initial).await;
    assert_eq!(status, StatusCode::OK);
    let me = expect(c.get("/api/me").await, StatusCode::OK);
    assert_eq!(me["user"]["must_change_password"], true);
    let refused = expect(c.get("/api/inspections").await, StatusCode::FORBIDDEN);
    assert_eq!(refused["error"]["code"], "password_change_required");
    let page = c.http.get(format!("{}/", t.base)).send().await.unwrap();
    assert_eq!(page.url().path(), "/password", "every page leads to the password page");
    let same = expect(
        c.post("/api/me/password", json!({ "old_password": initial, "new_password": initial })).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(messages(&same), ["新密码不能与原密码相同"]);
    let chosen = "zhenggai-2023-mima";
    let changed = c.post("/api/me/password", json!({ "old_password": initial, "new_password": chosen })).await;
    assert_eq!(changed.0, StatusCode::NO_CONTENT, "{}", changed.1);
    let (c, status) = sign_in(&t.base, username, chosen).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(expect(c.get("/api/me").await, StatusCode::OK)["user"]["must_change_password"], false);
    expect(c.get("/api/inspections").await, StatusCode::OK);

    // A second onboarding of the round opens nothing; no password was kept anywhere.
    let again = expect(admin.post(&format!("/api/rounds/{}/onboarding", round["id"]), json!({})).await, StatusCode::OK);
    assert_eq!(again["opened"], 0);
    let text = trail(&t.store).await;
    assert_eq!(text.matches("开通账号 org").count(), opened.len(), "each opening is on the record");
    for a in &opened {
        let password = a["initial_password"].as_str().unwrap();
        assert!(!text.contains(password), "the trail holds an initial password");
    }
    let users = expect(admin.get("/api/users").await, StatusCode::OK);
    assert!(!users.to_string().contains(initial));
    // Only the administrator opens accounts.
    let (office, _) = sign_in(&t.base, "office", DEMO_PASSWORD).await;
    expect(office.post(&format!("/api/rounds/{}/onboarding", round["id"]), json!({})).await, StatusCode::FORBIDDEN);
}

async fn an_administrator_resets_unlocks_and_disables_accounts_on_the_record(backend: Backend) {
    let t = demo_server(backend).await;
    let (admin, _) = sign_in(&t.base, "admin", DEMO_PASSWORD).await;
    let users = expect(admin.get("/api/users").await, StatusCode::OK);
    let id_of = |name: &str| users.as_array().unwrap().iter().find(|u| u["username"] == name).unwrap()["id"].clone();

    // A reset ends the holder's sessions, voids the old password and asks for a change.
    let (liaison, _) = sign_in(&t.base, "gqb.liaison", DEMO_PASSWORD).await;
    let reset = expect(
        admin.post(&format!("/api/users/{}/password-reset", id_of("gqb.liaison")), json!({})).await,
        StatusCode::OK,
    );
    let initial = reset["initial_password"].as_str().unwrap();
    expect(liaison.get("/api/me").await, StatusCode::UNAUTHORIZED);
    assert_eq!(sign_in(&t.base, "gqb.liaison", DEMO_PASSWORD).await.1, StatusCode::UNPROCESSABLE_ENTITY);
    let (c, status) = sign_in(&t.base, "gqb.liaison", initial).await;
    assert_eq!(status, StatusCode::OK);
    expect(c.get("/api/inspections").await, StatusCode::FORBIDDEN);
    // The inspecting side's accounts read tips: the browser cannot take one over by a reset.
    let office = expect(
        admin.post(&format!("/api/users/{}/password-reset", id_of("office")), json!({})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert!(messages(&office)[0].contains("只办理被巡察党组织的账号"), "{office}");
    let own = expect(
        admin.post(&format!("/api/users/{}/password-reset", id_of("admin")), json!({})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(messages(&own), ["不能重置自己的密码,请通过“修改密码”更改"]);

    // Ten wrong passwords lock a name (here from as many addresses, each under its own limit);
    // the administrator lifts the lock.
    {
        let mut tx = t.store.begin().await.unwrap();
        let now = time::OffsetDateTime::now_utc();
        for _ in 0..10 {
            tx.conn().record_login_failure("sjj.secretary", now, now - time::Duration::minutes(15)).await.unwrap();
        }
        tx.commit().await.unwrap();
    }
    assert_eq!(sign_in(&t.base, "sjj.secretary", DEMO_PASSWORD).await.1, StatusCode::TOO_MANY_REQUESTS);
    expect(admin.post(&format!("/api/users/{}/unlock", id_of("sjj.secretary")), json!({})).await, StatusCode::OK);
    assert_eq!(sign_in(&t.base, "sjj.secretary", DEMO_PASSWORD).await.1, StatusCode::OK);

    // Accounts of organisations with no work left are the ones offered for disabling.
    let accounts = expect(admin.get("/api/accounts/targets").await, StatusCode::OK);
    let gqb = accounts.as_array().unwrap().iter().find(|a| a["user"]["username"] == "gqb.secretary").unwrap();
    assert_eq!(gqb["in_work"], true, "谷前堡镇 is still rectifying");
    let (secretary, _) = sign_in(&t.base, "gqb.secretary", DEMO_PASSWORD).await;
    let off = json!({ "user_ids": [id_of("gqb.secretary")], "active": false });
    assert_eq!(expect(admin.post("/api/accounts/active", off).await, StatusCode::OK)["changed"], 1);
    expect(secretary.get("/api/me").await, StatusCode::UNAUTHORIZED);
    assert_eq!(sign_in(&t.base, "gqb.secretary", DEMO_PASSWORD).await.1, StatusCode::UNPROCESSABLE_ENTITY);
    let on = json!({ "user_ids": [id_of("gqb.secretary")], "active": true });
    assert_eq!(expect(admin.post("/api/accounts/active", on).await, StatusCode::OK)["changed"], 1);
    assert_eq!(sign_in(&t.base, "gqb.secretary", DEMO_PASSWORD).await.1, StatusCode::OK);
    let nothing = json!({ "user_ids": [id_of("gqb.secretary")], "active": true });
    assert_eq!(expect(admin.post("/api/accounts/active", nothing).await, StatusCode::OK)["changed"], 0, "already so");
    let me = json!({ "user_ids": [id_of("admin")], "active": false });
    expect(admin.post("/api/accounts/active", me).await, StatusCode::UNPROCESSABLE_ENTITY);

    let text = trail(&t.store).await;
    for act in [
        "重置账号 gqb.liaison 的密码",
        "解除账号 sjj.secretary 的登录锁定",
        "停用账号 gqb.secretary",
        "启用账号 gqb.secretary",
    ] {
        assert!(text.contains(act), "{act} is on the record");
    }
    assert!(!text.contains(initial));
}
