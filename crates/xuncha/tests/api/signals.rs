//! Paper-only signals over HTTP: a vague measure is named with its reason on the plan, the
//! round's ranking lists the organisation, and neither reaches those who may not read them.
//! Full-text search follows the same lines.

use reqwest::StatusCode;
use serde_json::json;
use xuncha_store::Backend;

use crate::helpers::{expect, spawn_app, two_inspections};
use crate::on_both;

on_both!(a_vague_measure_is_signalled_to_those_who_read_the_plan, search_finds_only_what_the_reader_may_see);

async fn a_vague_measure_is_signalled_to_those_who_read_the_plan(backend: Backend) {
    let t = spawn_app(backend).await;
    let (office, fed_back, _) = two_inspections(&t).await;
    let han = t.login("han").await;
    let problems = expect(han.get(&format!("/api/inspections/{fed_back}/problems")).await, StatusCode::OK);
    expect(
        han.post(
            &format!("/api/problems/{}/measures", problems[0]["id"]),
            json!({ "content": "加强学习,提高认识。", "responsible_person": "镇党委", "deadline_kind": "dated",
                    "deadline": "2023-12-31", "completion_standard": "提高认识" }),
        )
        .await,
        StatusCode::CREATED,
    );
    let signals = expect(han.get(&format!("/api/inspections/{fed_back}/signals")).await, StatusCode::OK);
    let kinds: Vec<&str> =
        signals["measures"][0]["signals"].as_array().unwrap().iter().map(|s| s["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, vec!["vague", "diffuse"], "{signals}");
    assert!(signals["measures"][0]["signals"][0]["reason"].as_str().unwrap().contains("加强"));
    expect(t.login("wu").await.get(&format!("/api/inspections/{fed_back}/signals")).await, StatusCode::NOT_FOUND);

    let round = expect(office.get(&format!("/api/inspections/{fed_back}")).await, StatusCode::OK)["round_id"].clone();
    let ranking = expect(office.get(&format!("/api/rounds/{round}/signals")).await, StatusCode::OK);
    assert_eq!(ranking[0]["inspection_id"], fed_back);
    for user in ["liu", "han"] {
        expect(t.login(user).await.get(&format!("/api/rounds/{round}/signals")).await, StatusCode::NOT_FOUND);
    }
}

/// The kinds of the results, sorted.
fn kinds(results: &serde_json::Value) -> Vec<String> {
    let mut k: Vec<String> =
        results.as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap().to_string()).collect();
    k.sort();
    k
}

async fn search_finds_only_what_the_reader_may_see(backend: Backend) {
    let t = spawn_app(backend).await;
    let (office, fed_back, _) = two_inspections(&t).await;
    let liu = t.login("liu").await;
    expect(
        liu.post(
            &format!("/api/inspections/{fed_back}/tips"),
            json!({ "channel": "letter", "content": "反映镇值班室夜间无人值守,值班记录事后补签", "received_on": "2023-05-08",
                    "tipper_name": "赵某某", "tipper_contact": "13912345678" }),
        )
        .await,
        StatusCode::CREATED,
    );
    let han = t.login("han").await;
    let q = |words: &str| format!("/api/search?q={words}");
    // The team and the office find the tip beside the problem; the secretary of the organisation
    // it concerns finds only the problem, another township nothing.
    assert_eq!(kinds(&expect(liu.get(&q("值班")).await, StatusCode::OK)), vec!["problem", "tip"]);
    assert_eq!(kinds(&expect(office.get(&q("值班")).await, StatusCode::OK)), vec!["problem", "tip"]);
    assert_eq!(kinds(&expect(han.get(&q("值班")).await, StatusCode::OK)), vec!["problem"]);
    assert!(kinds(&expect(han.get(&q("无人值守")).await, StatusCode::OK)).is_empty());
    assert!(kinds(&expect(t.login("wu").await.get(&q("值班")).await, StatusCode::OK)).is_empty());
    let found = expect(liu.get(&q("夜间 补签")).await, StatusCode::OK);
    let snippet = found[0]["snippet"].as_array().unwrap();
    assert!(snippet.iter().any(|p| p["hit"] == true && p["text"] == "补签"), "{found}");
    assert!(!found.to_string().contains("赵某某"), "a tipper is never indexed");
    // A measure written now is found at once: the index follows the data.
    let problems = expect(han.get(&format!("/api/inspections/{fed_back}/problems")).await, StatusCode::OK);
    expect(
        han.post(
            &format!("/api/problems/{}/measures", problems[0]["id"]),
            json!({ "content": "建立值班带班登记制度,每日公示值班人员", "responsible_person": "贺晓琳",
                    "deadline_kind": "dated", "deadline": "2023-10-31", "completion_standard": "值班登记簿" }),
        )
        .await,
        StatusCode::CREATED,
    );
    assert_eq!(kinds(&expect(han.get(&q("值班")).await, StatusCode::OK)), vec!["measure", "problem"]);
    let empty = expect(han.get(&q("")).await, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty["error"]["message"].as_str().unwrap().contains("请输入"), "{empty}");
    let verify = expect(office.get("/api/audit/verify").await, StatusCode::OK);
    assert_eq!(verify["ok"], true);
}
