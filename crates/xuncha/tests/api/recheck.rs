//! 随机抽查: the demo's re-check that overturned a 销号, a new draw that replays to its sample
//! (on the page, and offline with `xuncha recheck replay`), who may draw, read and verify, and a
//! team's verdict from files to 不属实 reopening the measure — on the demo county as of
//! 2023-11-10.

use std::process::Command;

use reqwest::StatusCode;
use serde_json::{Value, json};
use xuncha_store::Backend;

use crate::helpers::{Client, demo_login, demo_server, expect};
use crate::on_both;

const BIN: &str = env!("CARGO_BIN_EXE_xuncha");

on_both!(
    the_demo_recheck_found_one_closure_untrue_and_it_stands_on_the_record,
    a_draw_replays_to_its_sample_from_its_record_and_a_tampered_one_does_not,
    a_team_records_what_it_found_only_with_a_file_and_untrue_reopens_the_measure,
);

async fn round_of_gqb(office: &Client) -> (i64, i64, i64) {
    let all = expect(office.get("/api/inspections").await, StatusCode::OK);
    let gqb = all.as_array().unwrap().iter().find(|i| i["target_name"] == "谷前堡镇党委").unwrap();
    (gqb["round_id"].as_i64().unwrap(), gqb["id"].as_i64().unwrap(), gqb["target_org_id"].as_i64().unwrap())
}

fn field(body: &Value) -> &str {
    body["error"]["fields"][0]["field"].as_str().unwrap_or("")
}

async fn the_demo_recheck_found_one_closure_untrue_and_it_stands_on_the_record(backend: Backend) {
    let t = demo_server(backend).await;
    let office = demo_login(&t.base, "office").await;
    let (round, gqb, gqb_org) = round_of_gqb(&office).await;
    let r = expect(office.get(&format!("/api/rounds/{round}/rechecks")).await, StatusCode::OK);
    assert_eq!(
        (r["tally"]["drawn"].as_i64(), r["tally"]["checked"].as_i64(), r["tally"]["overturned"].as_i64()),
        (Some(3), Some(3), Some(1)),
        "{r}"
    );
    assert_eq!(r["rate_text"], "66%", "rounded down");
    assert_eq!(r["low"], true, "two of three true is below 80%");
    let first = &r["by_organisation"][0];
    assert_eq!((first["name"].as_str(), first["tally"]["overturned"].as_i64()), (Some("谷前堡镇党委"), Some(1)));
    let draw = &r["draws"][0];
    assert_eq!((draw["number"].as_i64(), draw["population_count"].as_i64()), (Some(1), Some(3)), "{draw}");
    assert!(draw["drawn_by_name"].as_str().unwrap().starts_with("王振华("), "{draw}");
    assert!(draw["drawn_at_text"].as_str().unwrap().starts_with("2023年11月1日"), "on the story's day: {draw}");

    let d = expect(office.get(&format!("/api/recheck-draws/{}", draw["id"])).await, StatusCode::OK);
    assert_eq!(d["replay_matches"], true);
    let untrue = d["items"].as_array().unwrap().iter().find(|i| i["verdict"] == "overturned").unwrap();
    assert_eq!(untrue["inspection_id"], gqb);
    assert_eq!(untrue["measure_status"], "not_done", "reopened: {untrue}");
    // Cross-checked: 谷前堡镇 was inspected by 第四巡察组 and checked by the next, 第一巡察组.
    assert_eq!(untrue["team_name"], "第一巡察组");
    assert!(untrue["checked_by_name"].as_str().unwrap().contains("第一巡察组"), "{untrue}");
    assert!(untrue["checked_at_text"].as_str().unwrap().starts_with("2023年11月7日"), "{untrue}");

    // The measure's history says why it was reopened; the organisation's record counts it.
    let mid = untrue["measure_id"].as_i64().unwrap();
    let history = expect(office.get(&format!("/api/audit/measure/{mid}")).await, StatusCode::OK);
    let said: Vec<&str> = history.as_array().unwrap().iter().filter_map(|e| e["summary"].as_str()).collect();
    assert!(said.iter().any(|s| s.starts_with("随机抽查核查不属实,重新打开措施(虚假整改)")), "{said:?}");
    assert!(said.iter().any(|s| s.contains("核查材料《谷前堡镇村级财务核查记录.pdf》")), "{said:?}");
    let profile = expect(office.get(&format!("/api/organisations/{gqb_org}/profile")).await, StatusCode::OK);
    assert_eq!(profile["totals"]["untrue"], 1);
    let own = demo_login(&t.base, "gqb.secretary").await;
    let seen = expect(own.get(&format!("/api/organisations/{gqb_org}/profile")).await, StatusCode::OK);
    assert_eq!(seen["totals"]["untrue"], 1, "the organisation reads its own record");
    // The score's facts name it.
    let a = expect(office.get(&format!("/api/inspections/{gqb}/assessment")).await, StatusCode::OK);
    let facts: Vec<&str> = a["lines"].as_array().unwrap().iter().filter_map(|l| l["facts"].as_str()).collect();
    assert!(facts.iter().any(|f| f.contains("随机抽查核查2条、其中不属实(虚假整改)1条")), "{facts:?}");
    // The dashboard shows the low rate.
    let dash = expect(office.get(&format!("/api/rounds/{round}/dashboard")).await, StatusCode::OK);
    assert_eq!(dash["rechecks"]["low"], true, "{}", dash["rechecks"]);

    // Nobody but the office and leaders reads the round's re-checks; the leader may not draw.
    let leader = demo_login(&t.base, "leader").await;
    expect(leader.get(&format!("/api/rounds/{round}/rechecks")).await, StatusCode::OK);
    let ask = json!({ "count": 1, "due_on": "2023-11-30" });
    expect(leader.post(&format!("/api/rounds/{round}/rechecks"), ask.clone()).await, StatusCode::FORBIDDEN);
    for who in ["gqb.secretary", "jiwei", "team4.leader"] {
        let c = demo_login(&t.base, who).await;
        expect(c.get(&format!("/api/rounds/{round}/rechecks")).await, StatusCode::NOT_FOUND);
        expect(c.get(&format!("/api/recheck-items/{}", untrue["id"])).await, StatusCode::NOT_FOUND);
    }
}

async fn a_draw_replays_to_its_sample_from_its_record_and_a_tampered_one_does_not(backend: Backend) {
    let t = demo_server(backend).await;
    let office = demo_login(&t.base, "office").await;
    let (round, _, _) = round_of_gqb(&office).await;
    let path = format!("/api/rounds/{round}/rechecks");
    // Refusals name their field and draw nothing.
    for (body, named) in [
        (json!({ "count": 1, "share": 10, "due_on": "2023-11-30" }), "count"),
        (json!({ "due_on": "2023-11-30" }), "count"),
        (json!({ "count": 9, "due_on": "2023-11-30" }), "count"),
        (json!({ "share": 0, "due_on": "2023-11-30" }), "share"),
        (json!({ "count": 1, "due_on": "2023-11-09" }), "due_on"),
        (json!({ "count": 1, "due_on": "明天" }), "due_on"),
        (json!({ "count": 1, "due_on": "2023-11-30", "team_id": 999999 }), "team_id"),
        (json!({ "count": 1, "due_on": "2023-11-30", "note": "抽查\u{202e}说明" }), "note"),
    ] {
        let refused = expect(office.post(&path, body.clone()).await, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(field(&refused), named, "{body}: {refused}");
    }
    let too_many = expect(
        office.post(&path, json!({ "count": 9, "due_on": "2023-11-30" })).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert!(too_many.to_string().contains("2条"), "the two closed measures left: {too_many}");
    let r = expect(office.get(&path).await, StatusCode::OK);
    assert_eq!(r["draws"].as_array().unwrap().len(), 1, "nothing drawn by a refusal");

    // Two closed measures are left (the untrue one was reopened): one of them is drawn.
    let d = expect(office.post(&path, json!({ "count": 1, "due_on": "2023-11-30" })).await, StatusCode::CREATED);
    assert_eq!(d["items"].as_array().unwrap().len(), 1);
    assert_eq!((d["replay_matches"].as_bool(), d["number"].as_i64()), (Some(true), Some(2)), "{d}");
    let id = d["id"].as_i64().unwrap();

    // The record, downloaded, replays offline to the same sample.
    let (status, kind, bytes) = office.download(&format!("/api/recheck-draws/{id}/record.json")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.starts_with("application/json"), "{kind}");
    let record: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(record["seed"], d["seed"]);
    let population: Vec<i64> =
        record["population"].as_array().unwrap().iter().map(|e| e["measure_id"].as_i64().unwrap()).collect();
    assert_eq!(population.len(), 2);
    let drawn = record["sample"][0].as_i64().unwrap();
    let file = std::env::temp_dir().join(format!("xuncha-draw-{}-{backend:?}-{id}.json", std::process::id()));
    let replay = |record: &Value| {
        std::fs::write(&file, serde_json::to_vec(record).unwrap()).unwrap();
        Command::new(BIN).args(["recheck", "replay"]).arg(&file).output().unwrap()
    };
    let out = replay(&record);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("与记录的样本一致") && text.contains(&format!("随机种子:{}", d["seed"])), "{text}");
    // A sample swapped for the measure not drawn, or a population without the one drawn, does
    // not replay.
    let mut swapped = record.clone();
    swapped["sample"] = json!([population.iter().find(|m| **m != drawn).unwrap()]);
    let mut shrunk = record.clone();
    shrunk["population"] =
        json!(record["population"].as_array().unwrap().iter().filter(|e| e["measure_id"] != drawn).collect::<Vec<_>>());
    for tampered in [swapped, shrunk] {
        let out = replay(&tampered);
        assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stdout));
        assert!(String::from_utf8_lossy(&out.stdout).contains("不一致"));
    }
    // Not a record at all: a clear refusal, no panic.
    std::fs::write(&file, "{\"seed\":").unwrap();
    let out = Command::new(BIN).args(["recheck", "replay"]).arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("不是抽样底册"), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::remove_file(&file).ok();
}

async fn a_team_records_what_it_found_only_with_a_file_and_untrue_reopens_the_measure(backend: Backend) {
    let t = demo_server(backend).await;
    let office = demo_login(&t.base, "office").await;
    let (round, gqb, _) = round_of_gqb(&office).await;
    // The organisation's own page before and after a draw reads the same: no warning of a visit.
    let own = demo_login(&t.base, "gqb.secretary").await;
    let profile = format!("/api/organisations/{}/profile", round_of_gqb(&office).await.2);
    let before = expect(own.get(&profile).await, StatusCode::OK);
    // Cross-checked by default: 谷前堡镇 (第四巡察组's) goes to 第一巡察组, 县工商联 (第一's) to 第二.
    let ask = json!({ "share": 100, "due_on": "2023-11-30" });
    let d = expect(office.post(&format!("/api/rounds/{round}/rechecks"), ask.clone()).await, StatusCode::CREATED);
    assert_eq!(expect(own.get(&profile).await, StatusCode::OK), before, "the draw is not shown to the organisation");
    // A seed is not the office's to give.
    let seeded = json!({ "share": 100, "due_on": "2023-11-30", "seed": 7 });
    expect(office.post(&format!("/api/rounds/{round}/rechecks"), seeded).await, StatusCode::UNPROCESSABLE_ENTITY);
    let items = d["items"].as_array().unwrap();
    let item = items.iter().find(|i| i["inspection_id"] == gqb).unwrap().clone();
    let gsl = items.iter().find(|i| i["inspection_id"] != gqb).unwrap().clone();
    assert_eq!((item["team_name"].as_str(), gsl["team_name"].as_str()), (Some("第一巡察组"), Some("第二巡察组")));
    // Measures waiting on a check are not drawn again.
    let again = expect(office.post(&format!("/api/rounds/{round}/rechecks"), ask).await, StatusCode::CONFLICT);
    assert!(again.to_string().contains("无从抽查"), "{again}");
    let id = item["id"].as_i64().unwrap();
    let team = demo_login(&t.base, "team1.member").await;
    let mine = expect(team.get("/api/rechecks/mine").await, StatusCode::OK);
    assert!(mine["items"].as_array().unwrap().iter().any(|i| i["id"] == id), "{mine}");
    // One who worked 谷前堡镇 on 第四巡察组, moved to 第一巡察组 since, does not check it.
    let moved = demo_login(&t.base, "team4.member").await;
    let moved_id = expect(moved.get("/api/me").await, StatusCode::OK)["user"]["id"].clone();
    let teams = expect(office.get(&format!("/api/rounds/{round}/teams")).await, StatusCode::OK);
    let team_id = |name: &str| teams.as_array().unwrap().iter().find(|t| t["name"] == name).unwrap()["id"].clone();
    let leave = json!({ "user_id": moved_id, "reason": "调整到第一巡察组" });
    expect(
        office.post(&format!("/api/teams/{}/members/remove", team_id("第四巡察组")), leave).await,
        StatusCode::NO_CONTENT,
    );
    let join = json!({ "user_id": moved_id, "position": "member" });
    expect(office.post(&format!("/api/teams/{}/members", team_id("第一巡察组")), join).await, StatusCode::CREATED);
    let own_check = json!({ "version": item["version"], "verdict": "confirmed", "notes": "核查属实" });
    let refused = moved.post(&format!("/api/recheck-items/{id}/result"), own_check).await;
    assert_eq!(refused.0, StatusCode::FORBIDDEN, "{refused:?}");
    let todo = expect(moved.get("/api/rechecks/mine").await, StatusCode::OK);
    assert!(!todo["items"].as_array().unwrap().iter().any(|i| i["id"] == id), "not theirs to check: {todo}");
    // The team that inspected 谷前堡镇, and a third team, read nothing of it.
    for who in ["team4.leader", "team2.leader"] {
        let c = demo_login(&t.base, who).await;
        expect(c.get(&format!("/api/recheck-items/{id}")).await, StatusCode::NOT_FOUND);
    }
    let other = demo_login(&t.base, "team2.leader").await;
    // The team sent opens the files the 销号 rested on.
    let view = expect(team.get(&format!("/api/recheck-items/{id}")).await, StatusCode::OK);
    let ev = view["measure_evidence"][0]["id"].as_i64().expect("the unit's evidence");
    let (status, _, bytes) = team.download(&format!("/api/recheck-items/{id}/measure-evidence/{ev}")).await;
    assert!(status == StatusCode::OK && bytes.starts_with(b"%PDF"), "{status}");
    let elsewhere = gsl["measure_id"].as_i64().unwrap();
    let gsl_view = expect(office.get(&format!("/api/measures/{elsewhere}")).await, StatusCode::OK);
    let foreign = gsl_view["evidence"][0]["id"].as_i64().unwrap();
    let (status, _, _) = team.download(&format!("/api/recheck-items/{id}/measure-evidence/{foreign}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "only the files of the measure checked");

    let result = format!("/api/recheck-items/{id}/result");
    let untrue = json!({ "version": item["version"], "verdict": "overturned", "notes": "清单未在各股室公示,风险防控措施未落实" });
    // The office drew it; the team sent answers for it.
    expect(office.post(&result, untrue.clone()).await, StatusCode::FORBIDDEN);
    // No file yet: refused on the file; no notes: refused on the notes.
    let refused = expect(team.post(&result, untrue.clone()).await, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field(&refused), "file", "{refused}");
    let blank = json!({ "version": item["version"], "verdict": "overturned", "notes": " " });
    expect(team.post(&result, blank).await, StatusCode::UNPROCESSABLE_ENTITY);
    let bad = json!({ "version": item["version"], "verdict": "maybe", "notes": "x" });
    expect(team.post(&result, bad).await, StatusCode::UNPROCESSABLE_ENTITY);
    // A file that is not what it says is refused; a real one is kept.
    let files = format!("/api/recheck-items/{id}/evidence");
    expect(
        team.upload(&files, "照片.pdf", "application/pdf", b"not a pdf".to_vec(), "").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    let pdf = b"%PDF-1.4\n% site visit\n".to_vec();
    let f =
        expect(team.upload(&files, "现场核查记录.pdf", "application/pdf", pdf.clone(), "").await, StatusCode::CREATED);
    assert!(f["uploaded_by_name"].as_str().unwrap().contains("第一巡察组"), "{f}");
    assert!(f["uploaded_at_text"].as_str().unwrap().starts_with("2023年11月10日"), "{f}");
    let (status, _, bytes) = team.download(&format!("/api/recheck-evidence/{}", f["id"])).await;
    assert_eq!((status, bytes), (StatusCode::OK, pdf));
    assert_eq!(other.download(&format!("/api/recheck-evidence/{}", f["id"])).await.0, StatusCode::NOT_FOUND);

    let v = expect(team.post(&result, untrue.clone()).await, StatusCode::OK);
    assert_eq!(v["verdict"], "overturned");
    assert_eq!(v["measure_status"], "not_done", "reopened: {v}");
    assert!(v["checked_by_name"].as_str().unwrap().contains("第一巡察组"), "{v}");
    assert!(v["close_note"].as_str().unwrap().contains("同意销号"), "the 销号 checked stays in view: {v}");
    // Once recorded it stands: no second verdict, no more files.
    expect(
        team.post(&result, json!({ "version": v["version"], "verdict": "confirmed", "notes": "改判" })).await,
        StatusCode::CONFLICT,
    );
    let late = team.upload(&files, "补充.pdf", "application/pdf", b"%PDF-1.4\n".to_vec(), "").await;
    assert_eq!(late.0, StatusCode::CONFLICT, "{}", late.1);
    // The measure's problem is open again.
    let m = expect(office.get(&format!("/api/measures/{}", item["measure_id"])).await, StatusCode::OK);
    assert_eq!(m["status"], "not_done");
    let p = expect(office.get(&format!("/api/problems/{}", item["problem_id"])).await, StatusCode::OK);
    assert_ne!(p["problem"]["status"], "closed", "{}", p["problem"]);

    // 部分属实 keeps the 销号 and counts against the rate.
    let gsl_id = gsl["id"].as_i64().unwrap();
    let checker = demo_login(&t.base, "team2.member").await;
    let up = checker
        .upload(
            &format!("/api/recheck-items/{gsl_id}/evidence"),
            "记录.pdf",
            "application/pdf",
            b"%PDF-1.4\n".to_vec(),
            "",
        )
        .await;
    assert_eq!(up.0, StatusCode::CREATED, "{}", up.1);
    let partly =
        json!({ "version": gsl["version"], "verdict": "partly", "notes": "计划已制定,第三季度党员大会记录缺签到表" });
    let v = expect(checker.post(&format!("/api/recheck-items/{gsl_id}/result"), partly).await, StatusCode::OK);
    assert_eq!((v["verdict"].as_str(), v["measure_status"].as_str()), (Some("partly"), Some("closed")));
    let r = expect(office.get(&format!("/api/rounds/{round}/rechecks")).await, StatusCode::OK);
    assert_eq!(
        (r["tally"]["partly"].as_i64(), r["tally"]["overturned"].as_i64()),
        (Some(1), Some(2)),
        "{}",
        r["tally"]
    );
    // Of five checked, two wholly true.
    assert_eq!(r["rate_text"], "40%");
}
