//! An organisation's page across rounds: each part as its own page would show it to the reader.

use reqwest::StatusCode;
use serde_json::{Value, json};
use xuncha_store::Backend;

use crate::helpers::{demo_login, demo_server, expect};
use crate::on_both;

on_both!(
    an_organisations_page_gathers_its_rounds_as_each_reader_may_see_them,
    the_organisation_department_records_its_own_kinds_of_outcome,
    measures_of_a_plan_not_yet_approved_are_proposals_lit_by_no_deadline,
    the_county_overview_counts_coverage_rounds_categories_and_outcomes,
);

fn org_of(inspections: &Value, name: &str) -> i64 {
    inspections.as_array().unwrap().iter().find(|i| i["target_name"] == name).unwrap()["target_org_id"]
        .as_i64()
        .unwrap()
}

async fn an_organisations_page_gathers_its_rounds_as_each_reader_may_see_them(backend: Backend) {
    let t = demo_server(backend).await;
    let office = demo_login(&t.base, "office").await;
    let all = expect(office.get("/api/inspections").await, StatusCode::OK);

    // 南高崖村: inspected in 2021 and looked back at in 2023, with a rebound between them.
    let ngy = org_of(&all, "南高崖乡南高崖村党支部");
    let p = expect(office.get(&format!("/api/organisations/{ngy}/profile")).await, StatusCode::OK);
    let files = p["inspections"].as_array().unwrap();
    assert_eq!(files.len(), 2, "{p}");
    assert!(
        files[0]["inspection"]["entry_date"].as_str() > files[1]["inspection"]["entry_date"].as_str(),
        "newest first"
    );
    assert!(p["totals"]["rebounds"].as_u64().unwrap() >= 1, "{}", p["totals"]);
    assert_eq!(
        p["totals"]["problems"].as_u64().unwrap() as usize,
        files.iter().map(|f| f["problems"].as_array().unwrap().len()).sum::<usize>()
    );

    // The organisation itself sees its fed-back problems, never a work paper, a tip or a transfer.
    let gqb = org_of(&all, "谷前堡镇党委");
    let office_view = expect(office.get(&format!("/api/organisations/{gqb}/profile")).await, StatusCode::OK);
    let secretary = demo_login(&t.base, "gqb.secretary").await;
    let own = expect(secretary.get(&format!("/api/organisations/{gqb}/profile")).await, StatusCode::OK);
    assert!(office_view["totals"]["transfers"].as_u64().unwrap() > 0, "the office sees the transfers");
    assert_eq!(own["totals"]["transfers"], 0, "the organisation does not");
    let text = own.to_string();
    for never in ["evidence_list", "tipper", "\"tips\"", "drafted_by"] {
        assert!(!text.contains(never), "{never} reached the organisation");
    }
    assert!(own["totals"]["problems"].as_u64().unwrap() > 0);
    // Another organisation's page is as missing as one that does not exist.
    expect(secretary.get(&format!("/api/organisations/{ngy}/profile")).await, StatusCode::NOT_FOUND);
    expect(secretary.get("/api/organisations/999999/profile").await, StatusCode::NOT_FOUND);

    // The page renders for the office with links into each inspection.
    let html = office.http.get(format!("{}/orgs/{gqb}", t.base)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("<h1>谷前堡镇党委</h1>") && html.contains("/inspections/"), "{html}");
}

async fn the_organisation_department_records_its_own_kinds_of_outcome(backend: Backend) {
    let t = demo_server(backend).await;
    let zuzhibu = demo_login(&t.base, "zuzhibu").await;
    let me = expect(zuzhibu.get("/api/me").await, StatusCode::OK);
    assert_eq!(me["role_label"], "县委组织部", "named by its body, not 监督单位");
    let inbox = expect(zuzhibu.get("/api/transfers").await, StatusCode::OK);
    let open =
        inbox.as_array().unwrap().iter().find(|t| t["outcome_on"].is_null()).expect("a transfer awaiting its outcome");
    let path = format!("/api/transfers/{}/outcome", open["id"]);
    let answer = |kind: &str| json!({ "version": open["version"], "outcome_kind": kind, "outcome": "经县委组织部研究,对相关班子成员进行提醒谈话", "outcome_on": "2023-11-01" });
    let refused = expect(zuzhibu.post(&path, answer("case_filed")).await, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused["error"]["message"].as_str().unwrap().starts_with("县委组织部的办理结果应为以下之一:谈话提醒"),
        "{refused}"
    );
    let done = expect(zuzhibu.post(&path, answer("talk_reminder")).await, StatusCode::OK);
    assert_eq!(done["outcome_kind"], "talk_reminder");
}

async fn measures_of_a_plan_not_yet_approved_are_proposals_lit_by_no_deadline(backend: Backend) {
    let t = demo_server(backend).await;
    let office = demo_login(&t.base, "office").await;
    let all = expect(office.get("/api/inspections").await, StatusCode::OK);
    let (mut approved, mut proposed) = (0, 0);
    for i in all.as_array().unwrap().iter().filter(|i| !i["feedback_date"].is_null()) {
        let plan = expect(office.get(&format!("/api/inspections/{}/plan", i["id"])).await, StatusCode::OK);
        let is_approved = plan["status"] == "approved";
        let measures: Vec<Value> = plan["problems"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|p| p["measures"].as_array().unwrap().clone())
            .collect();
        for m in &measures {
            // Lit under an approved plan, unless the office paused the measure's clock.
            let unlit = !is_approved || !m["paused_since"].is_null();
            assert_eq!(m["light"].is_null(), unlit, "{} {}: {m}", i["target_name"], plan["status"]);
            let alone = expect(office.get(&format!("/api/measures/{}", m["id"])).await, StatusCode::OK);
            assert_eq!(alone["light"].is_null(), unlit);
        }
        if !measures.is_empty() {
            if is_approved { approved += 1 } else { proposed += 1 }
        }
    }
    assert!(approved > 0 && proposed > 0, "the demo has both: {approved} approved, {proposed} not");
}

async fn the_county_overview_counts_coverage_rounds_categories_and_outcomes(backend: Backend) {
    let t = demo_server(backend).await;
    let leader = demo_login(&t.base, "leader").await;
    let o = expect(leader.get("/api/county").await, StatusCode::OK);
    let (inspectable, covered) = (o["inspectable"].as_u64().unwrap(), o["covered"].as_u64().unwrap());
    assert!(covered > 0 && covered <= inspectable, "{o}");
    assert_eq!(o["term_from"], "2018-11-10", "a five-year term");
    let rounds = o["rounds"].as_array().unwrap();
    let first = rounds.iter().find(|r| r["round"]["name"] == "2023年第一轮巡察").unwrap();
    assert!(
        first["problems"].as_u64().unwrap() > 0
            && first["measures"].as_u64().unwrap() >= first["closed"].as_u64().unwrap()
    );
    // Problems by category add up to the fed-back problems of every round.
    let by_category: u64 = o["categories"].as_array().unwrap().iter().map(|c| c["problems"].as_u64().unwrap()).sum();
    let by_round: u64 = rounds.iter().map(|r| r["problems"].as_u64().unwrap()).sum();
    assert_eq!(by_category, by_round);
    // The demo's lead came back 初步核实; the cadre matter awaits the organisation department.
    let outcomes = o["outcomes"].to_string();
    assert!(outcomes.contains("初步核实") && outcomes.contains("未反馈"), "{outcomes}");
    // Counts only, for the county's own office and leaders.
    let team = demo_login(&t.base, "team1.leader").await;
    expect(team.get("/api/county").await, StatusCode::FORBIDDEN);
    let html = leader.http.get(format!("{}/county", t.base)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("巡察覆盖率") && html.contains("打印一页简报"));
}
