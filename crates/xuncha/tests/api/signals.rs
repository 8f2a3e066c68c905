//! Paper-only signals over HTTP: a vague measure is named with its reason on the plan, the
//! round's ranking lists the organisation, and neither reaches those who may not read them.

use reqwest::StatusCode;
use serde_json::json;
use xuncha_store::Backend;

use crate::helpers::{expect, spawn_app, two_inspections};
use crate::on_both;

on_both!(a_vague_measure_is_signalled_to_those_who_read_the_plan);

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
