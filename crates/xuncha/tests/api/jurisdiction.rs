//! One database serving two counties: each county's office and teams work their own county,
//! and nothing of the other county's inspections (least of all its tips) reaches them by a
//! record, a list, a search, a reminder or a transfer inbox. On both backends.

use reqwest::StatusCode;
use serde_json::{Value, json};
use xuncha_store::Backend;

use crate::helpers::{Client, PASSWORD, TestApp, create_round, expect, spawn_app};
use crate::on_both;

on_both!(a_countys_office_sees_its_own_county_and_nothing_of_the_next);

async fn org(admin: &Client, name: &str, kind: &str, parent: Option<i64>) -> i64 {
    let body = json!({ "name": name, "kind": kind, "parent_id": parent });
    expect(admin.post("/api/organisations", body).await, StatusCode::CREATED)["id"].as_i64().unwrap()
}

async fn user(admin: &Client, username: &str, name: &str, role: &str, org_id: Option<i64>) -> i64 {
    let body =
        json!({ "username": username, "display_name": name, "password": PASSWORD, "role": role, "org_id": org_id });
    expect(admin.post("/api/users", body).await, StatusCode::CREATED)["id"].as_i64().unwrap()
}

/// A county: its committee, its office's organisation and account, a township, a team of two
/// and a fed-back inspection of the township with a tip. Returns (office, inspection, tip).
async fn county(t: &TestApp, admin: &Client, n: usize, county: &str, township: &str) -> (Client, i64, i64) {
    let committee = org(admin, &format!("中共{county}委"), "county_committee", None).await;
    let office_org = org(admin, &format!("{county}委巡察办"), "supervisory_body", Some(committee)).await;
    let target = org(admin, township, "township_committee", Some(committee)).await;
    user(admin, &format!("office{n}"), &format!("{county}巡察办干部"), "office", Some(office_org)).await;
    let leader = user(admin, &format!("leader{n}"), &format!("{county}组长"), "team", Some(office_org)).await;
    let deputy = user(admin, &format!("deputy{n}"), &format!("{county}副组长"), "team", Some(office_org)).await;
    let office = t.login(&format!("office{n}")).await;
    let round = create_round(&office, &format!("{county}2023年第一轮巡察"), "2023-04-27", "2023-07-14").await;
    let team = expect(
        office.post(&format!("/api/rounds/{round}/teams"), json!({ "name": "第一巡察组" })).await,
        StatusCode::CREATED,
    );
    let team = team["id"].as_i64().unwrap();
    for (id, position) in [(leader, "leader"), (deputy, "deputy")] {
        let member = json!({ "user_id": id, "position": position });
        expect(office.post(&format!("/api/teams/{team}/members"), member).await, StatusCode::CREATED);
    }
    let body = json!({ "team_id": team, "target_org_id": target, "kind": "regular", "entry_date": "2023-05-04", "exit_date": "2023-06-30" });
    let inspection = expect(office.post(&format!("/api/rounds/{round}/inspections"), body).await, StatusCode::CREATED);
    let inspection = inspection["id"].as_i64().unwrap();
    let team_leader = t.login(&format!("leader{n}")).await;
    let tip = json!({ "channel": "letter", "content": format!("反映{township}光伏收益被挪用"), "received_on": "2023-05-08",
                      "tipper_name": "赵某某", "tipper_contact": "13912345678" });
    let tip = expect(team_leader.post(&format!("/api/inspections/{inspection}/tips"), tip).await, StatusCode::CREATED);
    let transfer = json!({ "kind": "lead", "body": "discipline", "content": format!("{township}干部涉嫌违纪线索"),
                           "transferred_on": "2023-07-01" });
    expect(team_leader.post(&format!("/api/inspections/{inspection}/transfers"), transfer).await, StatusCode::CREATED);
    (office, inspection, tip["id"].as_i64().unwrap())
}

fn ids(list: &Value) -> Vec<i64> {
    list.as_array().unwrap().iter().map(|x| x["id"].as_i64().unwrap()).collect()
}

async fn a_countys_office_sees_its_own_county_and_nothing_of_the_next(backend: Backend) {
    let t = spawn_app(backend).await;
    let admin = t.login("admin").await;
    let (office_a, insp_a, tip_a) = county(&t, &admin, 1, "天镇县", "谷前堡镇党委").await;
    let (office_b, insp_b, tip_b) = county(&t, &admin, 2, "阳高县", "罗文皂镇党委").await;

    // Each office lists its own county's inspection only.
    assert_eq!(ids(&expect(office_a.get("/api/inspections").await, StatusCode::OK)), vec![insp_a]);
    assert_eq!(ids(&expect(office_b.get("/api/inspections").await, StatusCode::OK)), vec![insp_b]);
    // The other county's records are as if they did not exist: inspection, tips, the tipper.
    for path in [
        format!("/api/inspections/{insp_b}"),
        format!("/api/inspections/{insp_b}/tips"),
        format!("/api/inspections/{insp_b}/problems"),
        format!("/api/inspections/{insp_b}/plan"),
        format!("/api/tips/{tip_b}"),
    ] {
        let (status, body) = office_a.get(&path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {body}");
    }
    let (status, _) = office_a.post(&format!("/api/tips/{tip_b}/tipper"), json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "the other county's tipper");
    expect(office_a.get(&format!("/api/tips/{tip_a}")).await, StatusCode::OK);
    // Nor does the other county's team leader reach this county's tip.
    let (status, _) = t.login("leader2").await.get(&format!("/api/tips/{tip_a}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Search finds this county's tip and nothing of the next.
    let found = expect(office_a.get("/api/search?q=光伏").await, StatusCode::OK);
    let text = found.to_string();
    assert!(text.contains("谷前堡镇") && !text.contains("罗文皂"), "{text}");
    // The transfer inbox and the reminders hold this county's only.
    let inbox = expect(office_a.get("/api/transfers").await, StatusCode::OK).to_string();
    assert!(inbox.contains("谷前堡镇") && !inbox.contains("罗文皂"), "{inbox}");
    let page = office_a.http.get(format!("{}/notifications", t.base)).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains("罗文皂"), "reminders of the other county");
    // An office cannot send a team into the next county.
    let rounds = expect(office_a.get("/api/rounds").await, StatusCode::OK);
    let round = rounds.as_array().unwrap().iter().find(|r| r["name"].as_str().unwrap().contains("天镇县")).unwrap();
    let teams = expect(office_a.get(&format!("/api/rounds/{}/teams", round["id"])).await, StatusCode::OK);
    let orgs = expect(office_a.get("/api/organisations").await, StatusCode::OK);
    let other = orgs.as_array().unwrap().iter().find(|o| o["name"] == "罗文皂镇党委").unwrap()["id"].as_i64().unwrap();
    let body = json!({ "team_id": teams[0]["id"], "target_org_id": other, "kind": "regular", "entry_date": "2023-05-04", "exit_date": "2023-06-30" });
    let refused = expect(
        office_a.post(&format!("/api/rounds/{}/inspections", round["id"]), body).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert!(refused.to_string().contains("不在本巡察办的管辖范围内"), "{refused}");
    // An account under no committee (a single-county deployment's office) still sees both.
    admin
        .post(
            "/api/users",
            json!({ "username": "shengban", "display_name": "省巡察办", "password": PASSWORD, "role": "office" }),
        )
        .await;
    let province = t.login("shengban").await;
    let mut both = ids(&expect(province.get("/api/inspections").await, StatusCode::OK));
    both.sort();
    assert_eq!(both, vec![insp_a, insp_b]);
}
