//! 督办: the ladder one organisation at a time and for a round at once, its letters, and the
//! paused deadline clocks — on the demo county as of 2023-11-10.

use reqwest::StatusCode;
use serde_json::{Value, json};
use xuncha_store::Backend;

use crate::helpers::{Client, demo_login, demo_server, expect, messages};
use crate::on_both;

on_both!(
    the_ladder_climbs_a_rung_at_a_time_and_each_step_names_who_decided_and_when,
    a_round_batch_takes_one_step_on_every_red_organisation_with_a_letter_each,
    a_paused_clock_lights_nothing_counts_nothing_overdue_and_says_so_in_history,
);

/// The inspections of the demo's current round that are red today, most red first.
async fn red_inspections(office: &Client) -> Vec<(i64, String, Value)> {
    let all = expect(office.get("/api/inspections").await, StatusCode::OK);
    let mut out = Vec::new();
    for i in all.as_array().unwrap().iter().filter(|i| !i["feedback_date"].is_null()) {
        let id = i["id"].as_i64().unwrap();
        let v = expect(office.get(&format!("/api/inspections/{id}/escalations")).await, StatusCode::OK);
        if !v["red_items"].as_array().unwrap().is_empty() {
            out.push((id, i["target_name"].as_str().unwrap().to_string(), v));
        }
    }
    out.sort_by_key(|(_, _, v)| std::cmp::Reverse(v["red_items"].as_array().unwrap().len()));
    out
}

/// The text of a .docx, re-opened as a word processor would.
fn docx_text(bytes: &[u8]) -> String {
    xuncha_testkit::docx::all_text(&xuncha_testkit::docx::reopen(bytes))
}

async fn the_ladder_climbs_a_rung_at_a_time_and_each_step_names_who_decided_and_when(backend: Backend) {
    let t = demo_server(backend).await;
    let office = demo_login(&t.base, "office").await;
    let red = red_inspections(&office).await;
    // 谷前堡镇 has measures past their deadline under its approved plan.
    let (id, name, view) = red.iter().find(|(_, n, _)| n == "谷前堡镇党委").expect("谷前堡镇 is red").clone();
    let items = view["red_items"].as_array().unwrap();
    assert!(items.iter().all(|i| i["days_over"].as_i64().unwrap() > 0 && i["kind"] == "measure"), "{view}");
    assert!(view["steps"].as_array().unwrap().is_empty());
    assert_eq!(view["suggested"], "reminder");
    let path = format!("/api/inspections/{id}/escalations");

    // A letter before any reminder skips a rung: refused, naming the field and the rung.
    let skipped = expect(
        office.post(&path, json!({ "step": "letter", "reply_by": "2023-11-20" })).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert!(messages(&skipped)[0].contains("尚未“提醒”"), "{skipped}");
    assert_eq!(skipped["error"]["fields"][0]["field"], "reason");

    let reminder = expect(office.post(&path, json!({ "step": "reminder" })).await, StatusCode::CREATED);
    assert_eq!(reminder["letter_number"], "");
    assert!(reminder["decided_by_name"].as_str().unwrap().starts_with("王振华("), "{reminder}");
    assert!(reminder["decided_at_text"].as_str().unwrap().starts_with("2023年11月10日"), "{reminder}");
    assert_eq!(reminder["items"].as_array().unwrap().len(), items.len(), "the items as they stood");

    // A letter sets a reply date after today.
    let undated = expect(office.post(&path, json!({ "step": "letter" })).await, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(undated["error"]["fields"][0]["field"], "reply_by");
    let past = json!({ "step": "letter", "reply_by": "2023-11-10" });
    expect(office.post(&path, past).await, StatusCode::UNPROCESSABLE_ENTITY);
    let letter =
        expect(office.post(&path, json!({ "step": "letter", "reply_by": "2023-11-24" })).await, StatusCode::CREATED);
    // The demo's office sent 张西河乡 the year's first 督办函.
    assert_eq!(letter["letter_number"], "督办〔2023〕2号", "{letter}");
    let (status, kind, bytes) = office.download(&format!("/api/escalations/{}/letter", letter["id"])).await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.contains("wordprocessingml"), "{kind}");
    let xml = docx_text(&bytes);
    for needle in [
        "督办〔2023〕2号",
        "关于督促谷前堡镇党委加快巡察整改工作的督办函",
        "2023年11月24日前",
        "巡察工作领导小组办公室",
    ] {
        assert!(xml.contains(needle), "{needle}");
    }
    // A reminder issues no document.
    expect(office.get(&format!("/api/escalations/{}/letter", reminder["id"])).await, StatusCode::NOT_FOUND);

    // An interview and accountability say why; accountability is a transfer to 纪委监委.
    let blank = json!({ "step": "interview", "reply_by": "2023-11-30" });
    expect(office.post(&path, blank).await, StatusCode::UNPROCESSABLE_ENTITY);
    // Its time and place come together, not before today, not after the reply date; a time that
    // does not read, or a letter with a place, is refused by field.
    let reason = "督办函限期内仍未整改到位。";
    for (at, place, field) in [
        ("2023-11-15T09:30", "", "interview_place"),
        ("", "县委巡察办第一会议室", "interview_at"),
        ("2023-11-09T09:30", "会议室", "interview_at"),
        ("2023-12-01T09:30", "会议室", "interview_at"),
        ("2023-11-15 25:61", "会议室", "interview_at"),
        (&"9".repeat(5000), "会议室", "interview_at"),
    ] {
        let ask = json!({ "step": "interview", "reply_by": "2023-11-30", "reason": reason,
                          "interview_at": at, "interview_place": place });
        let refused = expect(office.post(&path, ask).await, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused["error"]["fields"][0]["field"], field, "{at} {place}: {refused}");
    }
    let placed = json!({ "step": "letter", "reply_by": "2023-11-30", "interview_place": "会议室" });
    let refused = expect(office.post(&path, placed).await, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["error"]["fields"][0]["field"], "interview_place", "the field that was filled: {refused}");
    let interview = json!({ "step": "interview", "reply_by": "2023-11-30", "reason": reason,
                            "interview_at": "2023-11-15T09:30", "interview_place": "县委巡察办第一会议室" });
    let interview = expect(office.post(&path, interview).await, StatusCode::CREATED);
    assert_eq!(interview["letter_number"], "约谈〔2023〕1号");
    assert_eq!(interview["interview_at"], "2023-11-15 09:30");
    assert_eq!(interview["interview_at_text"], "2023年11月15日9时30分");
    let (_, _, bytes) = office.download(&format!("/api/escalations/{}/letter", interview["id"])).await;
    let xml = docx_text(&bytes);
    assert!(xml.contains("约谈定于2023年11月15日9时30分在县委巡察办第一会议室进行"), "{xml}");
    let acc = json!({ "step": "accountability", "reason": "约谈告诫后仍未整改,移交问责。" });
    let acc = expect(office.post(&path, acc).await, StatusCode::CREATED);
    let transfer = acc["transfer_id"].as_i64().expect("a transfer was opened");
    let jiwei = demo_login(&t.base, "jiwei").await;
    let inbox = expect(jiwei.get("/api/transfers").await, StatusCode::OK);
    let opened = inbox.as_array().unwrap().iter().find(|x| x["id"] == transfer).expect("in 纪委's inbox");
    assert!(opened["content"].as_str().unwrap().contains("整改不力"), "{opened}");
    assert_eq!(opened["target_name"], name.as_str());

    // The page lists the four steps in order; the inspection's history names each decider.
    let view = expect(office.get(&path).await, StatusCode::OK);
    let steps: Vec<&str> = view["steps"].as_array().unwrap().iter().map(|s| s["step"].as_str().unwrap()).collect();
    assert_eq!(steps, ["reminder", "letter", "interview", "accountability"]);
    assert_eq!(view["highest"], "accountability");
    let history = expect(office.get(&format!("/api/audit/inspection/{id}")).await, StatusCode::OK);
    let taken: Vec<&Value> = history.as_array().unwrap().iter().filter(|h| h["action"] == "escalation.take").collect();
    assert_eq!(taken.len(), 4, "{history}");
    assert!(taken.iter().all(|h| h["who"].as_str().unwrap().starts_with("王振华(")));

    // The organisation is told of the letter; it reads no 督办 page and takes no step.
    let secretary = demo_login(&t.base, "gqb.secretary").await;
    let notes = secretary.http.get(format!("{}/notifications", t.base)).send().await.unwrap().text().await.unwrap();
    assert!(notes.contains("约谈告诫通知书(约谈〔2023〕1号)"), "{notes}");
    expect(secretary.get(&path).await, StatusCode::NOT_FOUND);
    expect(secretary.post(&path, json!({ "step": "reminder" })).await, StatusCode::FORBIDDEN);
    expect(secretary.get(&format!("/api/escalations/{}/letter", letter["id"])).await, StatusCode::NOT_FOUND);
    // Nor does the inspecting team, the leader, or the neighbouring county's office.
    for n in 1..=4 {
        let team = demo_login(&t.base, &format!("team{n}.leader")).await;
        // The inspecting team sees the inspection (403); another team does not (404).
        let status = if team.get(&format!("/api/inspections/{id}")).await.0 == StatusCode::OK {
            StatusCode::FORBIDDEN
        } else {
            StatusCode::NOT_FOUND
        };
        expect(team.post(&path, json!({ "step": "reminder" })).await, status);
        expect(team.get(&path).await, StatusCode::NOT_FOUND);
    }
    let leader = demo_login(&t.base, "leader").await;
    expect(leader.get(&path).await, StatusCode::NOT_FOUND);
    let neighbour = demo_login(&t.base, "yg.office").await;
    expect(neighbour.get(&path).await, StatusCode::NOT_FOUND);
    expect(neighbour.post(&path, json!({ "step": "reminder" })).await, StatusCode::NOT_FOUND);
}

async fn a_round_batch_takes_one_step_on_every_red_organisation_with_a_letter_each(backend: Backend) {
    let t = demo_server(backend).await;
    let office = demo_login(&t.base, "office").await;
    let red = red_inspections(&office).await;
    assert!(red.len() >= 2, "the demo has several red organisations");
    let round = expect(office.get(&format!("/api/inspections/{}", red[0].0)).await, StatusCode::OK)["round_id"]
        .as_i64()
        .unwrap();
    let in_round: Vec<&(i64, String, Value)> = {
        let list = expect(office.get(&format!("/api/rounds/{round}/inspections")).await, StatusCode::OK);
        let ids: Vec<i64> = list.as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect();
        red.iter().filter(|(id, _, _)| ids.contains(id)).collect()
    };
    let path = format!("/api/rounds/{round}/escalations");
    let list = expect(office.get(&path).await, StatusCode::OK);
    let rows = list["rows"].as_array().unwrap();
    assert_eq!(rows.iter().filter(|r| r["red_items"].as_u64().unwrap() > 0).count(), in_round.len(), "{list}");

    // What does not depend on the organisation is refused once, by its field.
    let interview = json!({ "step": "interview", "reply_by": "2023-11-30" });
    let refused = expect(office.post(&path, interview).await, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(messages(&refused), ["决定“约谈告诫”须写明事由"], "{refused}");
    // 张西河乡 already had its reminder and letter; the others had none: a letter for all skips
    // a rung for them, and the whole batch is refused naming each of them (and not 张西河乡).
    let letters = json!({ "step": "letter", "reply_by": "2023-11-24" });
    let refused = expect(office.post(&path, letters).await, StatusCode::UNPROCESSABLE_ENTITY);
    let text = messages(&refused).join("\n");
    for (_, name, _) in in_round.iter().filter(|(_, n, _)| n != "张西河乡党委") {
        assert!(text.contains(&format!("{name}:越级采取“督办”")), "{name} named in: {text}");
    }
    assert!(!text.contains("张西河乡党委"), "{text}");
    let after = expect(office.get(&path).await, StatusCode::OK);
    assert_eq!(after["batches"], json!([]), "a refused batch took no step");

    let reminders = expect(office.post(&path, json!({ "step": "reminder" })).await, StatusCode::CREATED);
    assert_eq!(reminders.as_array().unwrap().len(), in_round.len());
    let letters = json!({ "step": "letter", "reply_by": "2023-11-24" });
    let taken = expect(office.post(&path, letters).await, StatusCode::CREATED);
    let taken = taken.as_array().unwrap();
    assert_eq!(taken.len(), in_round.len());
    let batch = taken[0]["batch_id"].as_i64().unwrap();
    assert!(taken.iter().all(|e| e["batch_id"] == batch && e["step"] == "letter"));
    let mut numbers: Vec<&str> = taken.iter().map(|e| e["letter_number"].as_str().unwrap()).collect();
    numbers.sort_unstable();
    numbers.dedup();
    assert_eq!(numbers.len(), taken.len(), "every letter has its own number");

    let (status, _, bytes) = office.download(&format!("/api/escalation-batches/{batch}/letters")).await;
    assert_eq!(status, StatusCode::OK);
    let xml = docx_text(&bytes);
    assert_eq!(xml.matches("加快巡察整改工作的督办函").count(), taken.len(), "one letter per organisation");
    for (_, name, _) in &in_round {
        assert!(xml.contains(&format!("关于督促{name}加快巡察整改工作的督办函")), "{name}");
    }
    let page = expect(office.get(&path).await, StatusCode::OK);
    assert_eq!(page["batches"].as_array().unwrap().len(), 2, "the reminders and the letters: {page}");
    assert_eq!(page["batches"][0]["batch_id"], batch, "newest first");
    assert_eq!(page["batches"][0]["count"], taken.len());

    // Only the county's office that plans rounds reads or takes a round's batch.
    let leader = demo_login(&t.base, "leader").await;
    expect(leader.get(&path).await, StatusCode::NOT_FOUND);
    expect(leader.post(&path, json!({ "step": "reminder" })).await, StatusCode::FORBIDDEN);
    let neighbour = demo_login(&t.base, "yg.office").await;
    expect(neighbour.get(&path).await, StatusCode::NOT_FOUND);
    expect(neighbour.post(&path, json!({ "step": "reminder" })).await, StatusCode::NOT_FOUND);
    expect(neighbour.get(&format!("/api/escalation-batches/{batch}/letters")).await, StatusCode::NOT_FOUND);
}

async fn a_paused_clock_lights_nothing_counts_nothing_overdue_and_says_so_in_history(backend: Backend) {
    let t = demo_server(backend).await;
    let office = demo_login(&t.base, "office").await;
    let red = red_inspections(&office).await;
    let (iid, _, view) = red.iter().find(|(_, n, _)| n == "谷前堡镇党委").unwrap().clone();
    let mid = view["red_items"][0]["measure_id"].as_i64().unwrap();
    let measure = expect(office.get(&format!("/api/measures/{mid}")).await, StatusCode::OK);
    assert_eq!(measure["light"], "red");
    let deadline = measure["deadline"].clone();
    assert!(in_red_ledger(&office, iid, mid).await);
    let version = measure["version"].as_i64().unwrap();

    // The organisation and the team may not stop the clock; a pause says why.
    let secretary = demo_login(&t.base, "gqb.secretary").await;
    let body = json!({ "version": version, "reason": "等待县自然资源局批复土地确权方案" });
    expect(secretary.post(&format!("/api/measures/{mid}/clock-pause"), body.clone()).await, StatusCode::FORBIDDEN);
    let blank = json!({ "version": version, "reason": "  " });
    let refused =
        expect(office.post(&format!("/api/measures/{mid}/clock-pause"), blank).await, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["error"]["fields"][0]["field"], "reason");
    let paused = expect(office.post(&format!("/api/measures/{mid}/clock-pause"), body).await, StatusCode::OK);
    assert_eq!(paused["paused_since"], "2023-11-10");
    assert!(paused["light"].is_null(), "a paused measure is lit by no light: {paused}");
    // A second pause is refused as a state, not a crash.
    let again = json!({ "version": paused["version"], "reason": "重复暂停" });
    expect(office.post(&format!("/api/measures/{mid}/clock-pause"), again).await, StatusCode::CONFLICT);

    // Counted overdue nowhere: not on the 督办 page, not under the ledger's red filter.
    let view = expect(office.get(&format!("/api/inspections/{iid}/escalations")).await, StatusCode::OK);
    assert!(!view["red_items"].as_array().unwrap().iter().any(|i| i["measure_id"] == mid), "{view}");
    assert!(!in_red_ledger(&office, iid, mid).await, "not in the red ledger");
    let seen = expect(secretary.get(&format!("/api/measures/{mid}")).await, StatusCode::OK);
    assert_eq!(seen["pauses"][0]["reason"], "等待县自然资源局批复土地确权方案", "the organisation sees why");

    // Resumed the same day: no day stood still, the deadline stays; both acts in history.
    let resume = json!({ "version": paused["version"], "reason": "已收到批复,恢复计时" });
    let resumed = expect(office.post(&format!("/api/measures/{mid}/clock-resume"), resume).await, StatusCode::OK);
    assert!(resumed["paused_since"].is_null());
    assert_eq!(resumed["deadline"], deadline);
    assert_eq!(resumed["light"], "red", "lit again");
    assert!(in_red_ledger(&office, iid, mid).await);
    let m = expect(office.get(&format!("/api/measures/{mid}")).await, StatusCode::OK);
    assert_eq!(m["pauses"][0]["resumed_on"], "2023-11-10");
    let history = expect(office.get(&format!("/api/audit/measure/{mid}")).await, StatusCode::OK);
    let acts: Vec<&str> = history.as_array().unwrap().iter().map(|h| h["action"].as_str().unwrap()).collect();
    assert!(acts.contains(&"measure.clock_pause") && acts.contains(&"measure.clock_resume"), "{acts:?}");
    let resume_again = json!({ "version": resumed["version"], "reason": "再次恢复" });
    expect(office.post(&format!("/api/measures/{mid}/clock-resume"), resume_again).await, StatusCode::CONFLICT);
}

/// Whether the measure is on its organisation's ledger filtered to red.
async fn in_red_ledger(office: &Client, iid: i64, mid: i64) -> bool {
    let insp = expect(office.get(&format!("/api/inspections/{iid}")).await, StatusCode::OK);
    let path = format!("/api/ledger?round={}&org={}&light=red", insp["round_id"], insp["target_org_id"]);
    let ledger = expect(office.get(&path).await, StatusCode::OK);
    ledger["lines"].as_array().unwrap().iter().any(|l| l["id"] == mid)
}
