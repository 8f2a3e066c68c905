//! 整改成效评估 and 长效机制 on the demo county (as of 2023-11-10): the office scores with the
//! facts beside each item, the organisation reads its grade, the round exports to Excel, the
//! sheet is the office's to change, and mechanisms are dated within the rectification.

use reqwest::StatusCode;
use serde_json::{Value, json};
use xuncha_store::Backend;

use crate::helpers::{demo_login, demo_server, expect, messages};
use crate::on_both;

on_both!(
    the_office_scores_a_unit_with_the_facts_beside_each_item_and_the_unit_reads_its_grade,
    a_rounds_scores_export_and_a_changed_sheet_leaves_earlier_scores_as_they_were,
    mechanisms_are_named_and_dated_within_the_rectification,
);

async fn inspection_of(c: &crate::helpers::Client, name: &str) -> Value {
    let all = expect(c.get("/api/inspections").await, StatusCode::OK);
    all.as_array().unwrap().iter().find(|i| i["target_name"] == name && !i["feedback_date"].is_null()).unwrap().clone()
}

/// The suggested scores as a body (an item scored by hand gets its full marks, with a note).
fn suggested(view: &Value) -> Vec<Value> {
    view["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| match l["suggested"].as_f64() {
            Some(s) => json!({ "score": s }),
            None => json!({ "score": l["item"]["points"], "note": "走访测评满意" }),
        })
        .collect()
}

async fn the_office_scores_a_unit_with_the_facts_beside_each_item_and_the_unit_reads_its_grade(backend: Backend) {
    let t = demo_server(backend).await;
    let office = demo_login(&t.base, "office").await;
    let gqb = inspection_of(&office, "谷前堡镇党委").await;
    let path = format!("/api/inspections/{}/assessment", gqb["id"]);
    let view = expect(office.get(&path).await, StatusCode::OK);
    let facts = &view["facts"];
    assert!(facts["measures"].as_u64().unwrap() > 0 && facts["overdue"].as_u64().unwrap() >= 1, "{facts}");
    assert_eq!(facts["mechanisms"], 1, "the demo's revised finance rules");
    let lines = view["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 7);
    let timeliness = lines.iter().find(|l| l["item"]["name"] == "整改时效").unwrap();
    assert!(timeliness["facts"].as_str().unwrap().starts_with("逾期未完成措施"), "{timeliness}");
    assert!(timeliness["suggested"].as_f64().unwrap() < 15.0, "an overdue measure costs points");
    assert!(view["saved"].is_null());

    // A score departing from the suggestion says why; the refusal names the item.
    let mut scores = suggested(&view);
    scores[1] = json!({ "score": 15 });
    let refused = expect(office.put(&path, json!({ "scores": scores })).await, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["error"]["fields"][0]["field"], "scores[1]");
    assert!(messages(&refused)[0].contains("请写明评分理由"), "{refused}");
    let half = expect(
        office.put(&path, json!({ "scores": [{ "score": 0.3 }, { "score": 1 }] })).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(half["error"]["fields"][0]["field"], "scores", "one score per item");

    let scores = suggested(&view);
    let expected: f64 = scores.iter().map(|s| s["score"].as_f64().unwrap()).sum();
    let saved = expect(office.put(&path, json!({ "scores": scores })).await, StatusCode::OK);
    assert_eq!(saved["total"].as_f64().unwrap(), expected);
    assert_eq!(saved["max_total"], 100);
    let grade = if expected >= 90.0 {
        "good"
    } else if expected >= 75.0 {
        "fairly_good"
    } else if expected >= 60.0 {
        "average"
    } else {
        "poor"
    };
    assert_eq!(saved["grade"], grade);
    assert!(saved["assessed_by_name"].as_str().unwrap().starts_with("王振华("), "{saved}");
    // Scores sent for a sheet that has changed since the form was drawn are refused whole.
    let mut stale = suggested(&view);
    stale[0]["item"] = json!("组织领导");
    let refused =
        expect(office.put(&path, json!({ "version": saved["version"], "scores": stale })).await, StatusCode::CONFLICT);
    assert!(refused["error"]["message"].as_str().unwrap().contains("评估表已被修改"), "{refused}");
    // Re-scoring names the version it replaces.
    let again = json!({ "scores": suggested(&view) });
    expect(office.put(&path, again.clone()).await, StatusCode::CONFLICT);
    let mut with_version = again;
    with_version["version"] = saved["version"].clone();
    let rescored = expect(office.put(&path, with_version).await, StatusCode::OK);
    assert_eq!(rescored["version"].as_i64(), saved["version"].as_i64().map(|v| v + 1));
    let history = expect(office.get(&format!("/api/audit/inspection/{}", gqb["id"])).await, StatusCode::OK);
    assert_eq!(history.as_array().unwrap().iter().filter(|h| h["action"] == "assessment.save").count(), 2);

    // The organisation and the leaders read the score, never the facts; others do not see it.
    let secretary = demo_login(&t.base, "gqb.secretary").await;
    let own = expect(secretary.get(&path).await, StatusCode::OK);
    assert_eq!(own["saved"]["grade"], grade);
    assert!(own["facts"].is_null() && own["lines"] == json!([]), "{own}");
    expect(secretary.put(&path, json!({ "scores": suggested(&view) })).await, StatusCode::FORBIDDEN);
    let leader = demo_login(&t.base, "leader").await;
    expect(leader.get(&path).await, StatusCode::OK);
    expect(leader.put(&path, json!({ "scores": suggested(&view) })).await, StatusCode::FORBIDDEN);
    for outsider in ["zxh.secretary", "jiwei", "yg.office"] {
        let c = demo_login(&t.base, outsider).await;
        expect(c.get(&path).await, StatusCode::NOT_FOUND);
    }
    // The organisation's record across rounds shows the grade.
    let profile =
        expect(secretary.get(&format!("/api/organisations/{}/profile", gqb["target_org_id"])).await, StatusCode::OK);
    let file = profile["inspections"].as_array().unwrap().iter().find(|f| f["inspection"]["id"] == gqb["id"]).unwrap();
    assert_eq!(file["assessment"]["grade"], grade);
    assert_eq!(file["mechanisms"], 1);
}

async fn a_rounds_scores_export_and_a_changed_sheet_leaves_earlier_scores_as_they_were(backend: Backend) {
    let t = demo_server(backend).await;
    let office = demo_login(&t.base, "office").await;
    let gsl = inspection_of(&office, "县工商联").await;
    let round = gsl["round_id"].as_i64().unwrap();
    let list = expect(office.get(&format!("/api/rounds/{round}/assessments")).await, StatusCode::OK);
    let rows = list["rows"].as_array().unwrap();
    let scored = rows.iter().find(|r| r["inspection_id"] == gsl["id"]).unwrap();
    // The demo's office scored 县工商联, raising the mechanisms item with its reason.
    let mech = scored["assessment"]["scores"].as_array().unwrap().iter().find(|s| s["name"] == "长效机制建设").unwrap();
    assert!(mech["note"].as_str().unwrap().contains("三会一课"), "{mech}");
    assert!(rows.iter().any(|r| r["assessment"].is_null()), "the others are not scored yet");

    let (status, kind, bytes) = office.download(&format!("/api/rounds/{round}/assessments.xlsx")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.contains("spreadsheetml"), "{kind}");
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("整改成效评估").unwrap();
    let cells: Vec<String> = sheet.rows().flat_map(|r| r.iter().map(|c| c.to_string())).collect();
    assert!(cells.iter().any(|c| c.ends_with("整改成效评估")), "the title names the round");
    assert!(cells.contains(&"长效机制建设(10分)".to_string()), "{cells:?}");
    assert!(cells.contains(&"县工商联".to_string()) && cells.contains(&"未评估".to_string()));
    assert_eq!(sheet.rows().count(), rows.len() + 2, "a title, a header and a row per organisation");

    // The sheet is the office's: a faulty one is refused item by item, a good one replaces it
    // for new scores while 县工商联 keeps the items it was scored on.
    let bad = json!({ "items": [
        { "name": "整改时效", "points": 50, "basis": "timeliness" },
        { "name": "整改时效", "points": 0, "basis": "completion" }
    ], "thresholds": { "good": 90, "fairly_good": 75, "average": 60 } });
    let refused = expect(office.put("/api/settings/assessment-sheet", bad).await, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> =
        refused["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["items[1]", "items[1]", "thresholds"], "{refused}");
    let sheet = json!({ "items": [
        { "name": "组织领导", "points": 15, "basis": "plan_quality" },
        { "name": "责任落实", "points": 15, "basis": "timeliness" },
        { "name": "整改完成", "points": 60, "basis": "completion" },
        { "name": "群众满意度", "points": 10, "basis": "manual", "guidance": "走访测评" }
    ], "thresholds": { "good": 90, "fairly_good": 80, "average": 60 } });
    let leader = demo_login(&t.base, "leader").await;
    expect(leader.put("/api/settings/assessment-sheet", sheet.clone()).await, StatusCode::FORBIDDEN);
    expect(office.put("/api/settings/assessment-sheet", sheet).await, StatusCode::OK);
    let view = expect(office.get(&format!("/api/inspections/{}/assessment", gsl["id"])).await, StatusCode::OK);
    let names: Vec<&str> =
        view["lines"].as_array().unwrap().iter().map(|l| l["item"]["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["组织领导", "责任落实", "整改完成", "群众满意度"]);
    assert_eq!(view["saved"]["scores"].as_array().unwrap().len(), 7, "scored on the sheet of its day");
    let manual = view["lines"].as_array().unwrap().iter().find(|l| l["item"]["basis"] == "manual").unwrap();
    assert!(manual["suggested"].is_null(), "an item scored by hand has no suggestion");
}

async fn mechanisms_are_named_and_dated_within_the_rectification(backend: Backend) {
    let t = demo_server(backend).await;
    let office = demo_login(&t.base, "office").await;
    let gqb = inspection_of(&office, "谷前堡镇党委").await;
    let zxh = inspection_of(&office, "张西河乡党委").await;
    let path = format!("/api/inspections/{}/mechanisms", gqb["id"]);
    let secretary = demo_login(&t.base, "gqb.secretary").await;
    let early = json!({ "name": "《谷前堡镇党委理论学习中心组学习制度》", "issued_on": "2023-01-05" });
    let refused = expect(secretary.post(&path, early).await, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["error"]["fields"][0]["field"], "issued_on");
    assert!(messages(&refused)[0].contains("早于巡察反馈日期"), "{refused}");
    let theirs = expect(office.get(&format!("/api/inspections/{}/problems", zxh["id"])).await, StatusCode::OK);
    let other_problem = theirs[0]["id"].clone();
    let wrong = json!({ "name": "《制度》", "issued_on": "2023-10-01", "problem_id": other_problem });
    let refused = expect(secretary.post(&path, wrong).await, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["error"]["fields"][0]["field"], "problem_id");
    let good = json!({ "name": "《谷前堡镇班子成员“一岗双责”履责记实办法》", "doc_number": "谷党发〔2023〕25号", "issued_on": "2023-11-01" });
    let added = expect(secretary.post(&path, good.clone()).await, StatusCode::CREATED);
    let again = expect(secretary.post(&path, good).await, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(again["error"]["fields"][0]["field"], "name", "a rule is recorded once");
    assert!(added["recorded_by_name"].as_str().unwrap().contains("谷前堡镇"), "{added}");
    // Another organisation, a team or a supervisor may not record one here.
    for other in ["zxh.secretary", "jiwei"] {
        let c = demo_login(&t.base, other).await;
        let any = json!({ "name": "《制度》", "issued_on": "2023-10-01" });
        // A body that joined the feedback sees the inspection (403); anyone else does not (404).
        let sees = c.get(&format!("/api/inspections/{}", gqb["id"])).await.0 == StatusCode::OK;
        let status = if sees { StatusCode::FORBIDDEN } else { StatusCode::NOT_FOUND };
        expect(c.post(&path, any).await, status);
    }
    let view = expect(secretary.get(&format!("/api/inspections/{}/assessment", gqb["id"])).await, StatusCode::OK);
    let names: Vec<&str> = view["mechanisms"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["《谷前堡镇村级财务管理办法(修订)》", "《谷前堡镇班子成员“一岗双责”履责记实办法》"],
        "by date issued"
    );
}
