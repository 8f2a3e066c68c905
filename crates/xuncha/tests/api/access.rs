//! Who sees what: lists never leak another team's or organisation's records; forbidden records
//! answer 404; sessions end; cross-site writes are refused.

use reqwest::StatusCode;
use serde_json::{Value, json};
use xuncha_store::Backend;

use crate::helpers::{Client, expect, spawn_app, two_inspections, world};
use crate::on_both;

on_both!(
    teams_and_targets_see_only_their_own_inspections,
    the_admin_sees_no_case_content,
    a_logged_out_session_no_longer_works,
    a_cross_site_write_is_refused,
    a_stale_version_answers_409,
    pages_carry_security_headers_and_escape_input,
    repeated_failed_logins_lock_the_address_out,
    a_member_who_declares_a_conflict_with_the_teams_target_is_cut_off_it_at_once,
);

/// 回避 holds after a member joined: once 陈晓东 declares that his wife works at 谷前堡镇党委, the
/// team's inspection of it, its tips (by list, record or search) and its problems answer him as
/// missing, while his leader still works it. The office, told, takes him off the team with a
/// reason recorded on the team.
async fn a_member_who_declares_a_conflict_with_the_teams_target_is_cut_off_it_at_once(backend: Backend) {
    let t = spawn_app(backend).await;
    let (office, first, _) = two_inspections(&t).await;
    let tip = json!({ "channel": "letter", "content": "反映谷前堡镇低保评定优亲厚友", "received_on": "2023-05-10" });
    let tip = expect(office.post(&format!("/api/inspections/{first}/tips"), tip).await, StatusCode::CREATED);
    let chen = t.login("chen").await;
    let insp = expect(chen.get(&format!("/api/inspections/{first}")).await, StatusCode::OK);
    let reads = [
        format!("/api/inspections/{first}"),
        format!("/api/inspections/{first}/tips"),
        format!("/api/tips/{}", tip["id"]),
        format!("/api/inspections/{first}/problems"),
    ];
    for path in &reads {
        expect(chen.get(path).await, StatusCode::OK);
    }
    assert_eq!(expect(chen.get("/api/search?q=优亲厚友").await, StatusCode::OK).as_array().unwrap().len(), 1);
    let declared = json!({ "org_id": insp["target_org_id"], "reason": "配偶在谷前堡镇党委工作" });
    expect(chen.post("/api/conflicts", declared).await, StatusCode::CREATED);
    for path in &reads {
        assert_eq!(chen.get(path).await.0, StatusCode::NOT_FOUND, "{path}");
    }
    let listed = expect(chen.get("/api/inspections").await, StatusCode::OK);
    assert!(!listed.as_array().unwrap().iter().any(|i| i["id"] == first), "{listed}");
    assert_eq!(expect(chen.get("/api/search?q=优亲厚友").await, StatusCode::OK), json!([]));
    // He is told which of his team's inspections he no longer works, and why.
    let me = expect(chen.get("/api/me").await, StatusCode::OK);
    assert_eq!(me["recusals"].as_array().map(Vec::len), Some(1), "{me}");
    assert_eq!(me["recusals"][0]["targets"], json!(["谷前堡镇党委"]));
    assert!(me["recusals"][0]["reason"].as_str().unwrap().contains("已申报"), "{me}");
    assert_eq!(expect(t.login("liu").await.get("/api/me").await, StatusCode::OK)["recusals"], json!([]));
    // His leader, who declared nothing, still works it; the office is told to replace him,
    // his team is not told why.
    let liu = t.login("liu").await;
    for path in &reads {
        expect(liu.get(path).await, StatusCode::OK);
    }
    let teams_path = format!("/api/rounds/{}/teams", insp["round_id"]);
    let teams = expect(office.get(&teams_path).await, StatusCode::OK);
    let recusals: Vec<&Value> =
        teams.as_array().unwrap().iter().flat_map(|t| t["recusals"].as_array().unwrap()).collect();
    assert_eq!(recusals.len(), 1, "{teams}");
    assert_eq!(
        (recusals[0]["display_name"].as_str(), recusals[0]["target_name"].as_str()),
        (Some("陈晓东"), Some("谷前堡镇党委"))
    );
    assert!(recusals[0]["reason"].as_str().unwrap().contains("已申报"), "{teams}");
    let seen_by_team = expect(liu.get(&teams_path).await, StatusCode::OK);
    for team in seen_by_team.as_array().unwrap() {
        assert_eq!(team["recusals"], json!([]), "a declared tie is the office's to read: {seen_by_team}");
    }
    // The office takes him off: a reason is needed, only a member can be taken off, and only
    // the office may; the act is recorded on the team with his name, post and the reason.
    let team = insp["team_id"].as_i64().unwrap();
    let chen_id = recusals[0]["user_id"].clone();
    let remove = format!("/api/teams/{team}/members/remove");
    let bare = office.post(&remove, json!({ "user_id": chen_id, "reason": "  " })).await;
    assert_eq!(
        (bare.0, bare.1["error"]["fields"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("reason"))
    );
    let by_leader = liu.post(&remove, json!({ "user_id": chen_id, "reason": "回避" })).await;
    assert_eq!(by_leader.0, StatusCode::FORBIDDEN, "{by_leader:?}");
    let reason = "本人申报回避,另行安排到第二巡察组";
    expect(office.post(&remove, json!({ "user_id": chen_id, "reason": reason })).await, StatusCode::NO_CONTENT);
    let twice = office.post(&remove, json!({ "user_id": chen_id, "reason": reason })).await;
    assert_eq!(
        (twice.0, twice.1["error"]["fields"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("user_id"))
    );
    let teams = expect(office.get(&teams_path).await, StatusCode::OK);
    let names: Vec<&str> = teams
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["members"].as_array().unwrap())
        .filter_map(|m| m["display_name"].as_str())
        .collect();
    assert!(!names.contains(&"陈晓东") && names.contains(&"刘建军"), "{teams}");
    assert!(teams.as_array().unwrap().iter().all(|t| t["recusals"] == json!([])), "{teams}");
    let me = expect(chen.get("/api/me").await, StatusCode::OK);
    assert_eq!((&me["teams"], &me["recusals"]), (&json!([]), &json!([])), "{me}");
    let history = expect(office.get(&format!("/api/audit/team/{team}")).await, StatusCode::OK).to_string();
    assert!(history.contains("陈晓东(副组长)调出本组:") && history.contains(reason), "{history}");
}

async fn teams_and_targets_see_only_their_own_inspections(backend: Backend) {
    let t = spawn_app(backend).await;
    let (office, first, second) = two_inspections(&t).await;
    let count =
        |v: serde_json::Value| v.as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect::<Vec<_>>();
    let mut all = count(expect(office.get("/api/inspections").await, StatusCode::OK));
    all.sort();
    assert_eq!(all, vec![first, second]);
    let liu = t.login("liu").await;
    assert_eq!(count(expect(liu.get("/api/inspections").await, StatusCode::OK)), vec![first]);
    expect(liu.get(&format!("/api/inspections/{second}")).await, StatusCode::NOT_FOUND);
    expect(liu.get(&format!("/api/inspections/{second}/problems")).await, StatusCode::NOT_FOUND);
    let outsider = t.login("outsider").await;
    assert_eq!(count(expect(outsider.get("/api/inspections").await, StatusCode::OK)), vec![second]);
    let han = t.login("han").await;
    assert_eq!(count(expect(han.get("/api/inspections").await, StatusCode::OK)), vec![first]);
    let wu = t.login("wu").await;
    assert!(count(expect(wu.get("/api/inspections").await, StatusCode::OK)).is_empty(), "not fed back yet");
    expect(wu.get(&format!("/api/inspections/{first}")).await, StatusCode::NOT_FOUND);
    let orgs = expect(han.get("/api/organisations").await, StatusCode::OK);
    assert_eq!(orgs.as_array().unwrap().len(), 1, "a target sees only its own organisation");
}

async fn the_admin_sees_no_case_content(backend: Backend) {
    let t = spawn_app(backend).await;
    let (_, first, _) = two_inspections(&t).await;
    let admin = t.login("admin").await;
    assert!(expect(admin.get("/api/inspections").await, StatusCode::OK).as_array().unwrap().is_empty());
    expect(admin.get(&format!("/api/inspections/{first}")).await, StatusCode::NOT_FOUND);
    expect(admin.get(&format!("/api/inspections/{first}/problems")).await, StatusCode::NOT_FOUND);
    expect(admin.get("/api/audit/verify").await, StatusCode::FORBIDDEN);
}

async fn a_logged_out_session_no_longer_works(backend: Backend) {
    let t = spawn_app(backend).await;
    world(&t).await;
    let c = t.login("office").await;
    let me = expect(c.get("/api/me").await, StatusCode::OK);
    assert_eq!(me["role_label"], "巡察办");
    expect(c.delete("/api/session").await, StatusCode::NO_CONTENT);
    let after = expect(c.get("/api/me").await, StatusCode::UNAUTHORIZED);
    assert_eq!(after["error"]["message"], "请先登录");
    let wrong = expect(
        c.post("/api/session", json!({ "username": "office", "password": "wrong-password" })).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    let nobody = expect(
        c.post("/api/session", json!({ "username": "nobody", "password": "wrong-password" })).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(wrong, nobody, "an unknown user and a wrong password answer alike");
}

async fn a_cross_site_write_is_refused(backend: Backend) {
    let t = spawn_app(backend).await;
    world(&t).await;
    let c = t.login("office").await;
    let res = c
        .http
        .post(format!("{}/api/rounds", t.base))
        .header("Origin", "http://evil.example")
        .json(&json!({ "name": "伪造轮次", "start_date": "2023-01-01", "end_date": "2023-02-01" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(expect(c.get("/api/rounds").await, StatusCode::OK).as_array().unwrap().is_empty());
}

async fn a_stale_version_answers_409(backend: Backend) {
    let t = spawn_app(backend).await;
    let (_, first, _) = two_inspections(&t).await;
    let liu = t.login("liu").await;
    let i = expect(liu.get(&format!("/api/inspections/{first}")).await, StatusCode::OK);
    let body = json!({ "version": i["version"], "announcement": "第一次修改" });
    expect(liu.put(&format!("/api/inspections/{first}/announcement"), body.clone()).await, StatusCode::OK);
    let lost = expect(
        liu.put(
            &format!("/api/inspections/{first}/announcement"),
            json!({ "version": i["version"], "announcement": "基于旧版本的修改" }),
        )
        .await,
        StatusCode::CONFLICT,
    );
    assert_eq!(lost["error"]["code"], "conflict");
    let now = expect(liu.get(&format!("/api/inspections/{first}")).await, StatusCode::OK);
    assert_eq!(now["announcement"], "第一次修改");
}

async fn pages_carry_security_headers_and_escape_input(backend: Backend) {
    let t = spawn_app(backend).await;
    world(&t).await;
    let res = reqwest::get(format!("{}/login", t.base)).await.unwrap();
    let h = res.headers();
    assert!(h["content-security-policy"].to_str().unwrap().contains("script-src 'self'"));
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["cache-control"], "no-store");
    // Text that looks like markup is shown as text.
    let office = t.login("office").await;
    let evil = "<script>alert(1)</script>轮次";
    expect(
        office.post("/api/rounds", json!({ "name": evil, "start_date": "2023-04-27", "end_date": "2023-07-14" })).await,
        StatusCode::CREATED,
    );
    let html = office.http.get(format!("{}/", t.base)).send().await.unwrap().text().await.unwrap();
    assert!(
        html.contains("&#60;script&#62;alert(1)&#60;/script&#62;轮次")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt;轮次"),
        "{html}"
    );
    assert!(!html.contains(evil));
}

async fn repeated_failed_logins_lock_the_address_out(backend: Backend) {
    let t = spawn_app(backend).await;
    world(&t).await;
    let c = Client::anonymous(&t.base);
    // Ten names, one guess each: no account is locked, the address is.
    for i in 0..10 {
        expect(
            c.post("/api/session", json!({ "username": format!("office{i}"), "password": "guess-guess" })).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let locked = expect(
        c.post("/api/session", json!({ "username": "office", "password": crate::helpers::PASSWORD })).await,
        StatusCode::TOO_MANY_REQUESTS,
    );
    assert_eq!(locked["error"]["message"], "登录失败次数过多,请15分钟后再试");
}
