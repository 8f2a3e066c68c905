//! 群众评价: the demo's comments under 谷前堡镇's and 县工商联's disclosures as moderated and
//! tallied; a comment from the public form through moderation (refused with a reason, published
//! with an answer, registered as a tip that keeps its receipt code), hostile input, the limit per
//! address, and who may read what — on the demo county as of 2023-11-10.

use reqwest::StatusCode;
use serde_json::{Value, json};
use xuncha_store::Backend;

use crate::helpers::{
    Client, demo_login, demo_server, exec_sql, expect, get_page, post_form, receipt_code, sealed_demo_server,
};
use crate::on_both;

on_both!(
    the_demo_verdict_is_tallied_by_organisation_and_feeds_the_score,
    a_comment_goes_from_the_public_form_through_moderation_and_is_followed_by_its_code,
    unpublished_comments_reach_only_the_county_office,
);

async fn round_of_gqb(office: &Client) -> (i64, i64) {
    let all = expect(office.get("/api/inspections").await, StatusCode::OK);
    let gqb = all.as_array().unwrap().iter().find(|i| i["target_name"] == "谷前堡镇党委").unwrap();
    (gqb["round_id"].as_i64().unwrap(), gqb["id"].as_i64().unwrap())
}

async fn published_disclosure(office: &Client, inspection: i64) -> i64 {
    let list = expect(office.get(&format!("/api/inspections/{inspection}/disclosures")).await, StatusCode::OK);
    list["disclosures"].as_array().unwrap().iter().find(|d| d["status"] == "published").unwrap()["id"].as_i64().unwrap()
}

fn tally(v: &Value) -> (i64, i64, i64) {
    (v["satisfied"].as_i64().unwrap(), v["basic"].as_i64().unwrap(), v["dissatisfied"].as_i64().unwrap())
}

async fn the_demo_verdict_is_tallied_by_organisation_and_feeds_the_score(backend: Backend) {
    let t = demo_server(backend).await;
    let office = demo_login(&t.base, "office").await;
    let (round, gqb) = round_of_gqb(&office).await;
    let r = expect(office.get(&format!("/api/rounds/{round}/comments")).await, StatusCode::OK);
    // Counted: published, and the one registered as a tip; the abusive one refused is not.
    assert_eq!(tally(&r["tally"]), (2, 2, 2), "{r}");
    assert_eq!((r["rate_text"].as_str(), r["pending"].as_i64()), (Some("66%"), Some(2)));
    let first = &r["by_organisation"][0];
    assert_eq!(first["target_name"], "谷前堡镇党委", "least satisfied first: {r}");
    assert_eq!(tally(&first["tally"]), (1, 1, 2));
    assert_eq!((first["rate_text"].as_str(), first["low"].as_bool()), (Some("50%"), Some(true)));
    assert_eq!(tally(&first["refused"]), (0, 0, 1), "the refusal shows beside the rate");
    let gsl = &r["by_organisation"][1];
    assert_eq!((gsl["target_name"].as_str(), gsl["rate_text"].as_str()), (Some("县工商联"), Some("100%")), "{gsl}");

    // Pending first; each decision names who and when, on the story's day.
    let comments = r["comments"].as_array().unwrap();
    assert!(comments[..2].iter().all(|c| c["status"] == "pending") && comments[2]["status"] != "pending");
    let answered = comments.iter().find(|c| c["answer"].as_str().unwrap().contains("光伏收益收支明细")).unwrap();
    assert!(answered["decided_by_name"].as_str().unwrap().starts_with("王振华("), "{answered}");
    assert!(answered["decided_at_text"].as_str().unwrap().starts_with("2023年10月30日"), "{answered}");
    let refused = comments.iter().find(|c| c["status"] == "rejected").unwrap();
    assert_eq!(refused["reject_reason"], "含有辱骂、人身攻击等不文明内容");
    let as_tip = comments.iter().find(|c| c["status"] == "converted").unwrap();
    let tip_id = as_tip["tip_id"].as_i64().expect("the tip it became");
    let tips = expect(office.get(&format!("/api/inspections/{gqb}/tips")).await, StatusCode::OK);
    let tip = tips.as_array().unwrap().iter().find(|x| x["id"] == tip_id).expect("in the inspection's tips");
    assert_eq!(tip["channel"], "comment");
    assert!(tip["content"].as_str().unwrap().contains("光伏板的清洗"), "{tip}");
    assert!(tip.to_string().find("王建国").is_none(), "the sender stays sealed in the tip list");

    // The score's facts count the same, and name the refusal.
    let view = expect(office.get(&format!("/api/inspections/{gqb}/assessment")).await, StatusCode::OK);
    assert_eq!(tally(&view["facts"]["satisfaction"]), (1, 1, 2), "{}", view["facts"]);
    let line = view["lines"].as_array().unwrap().iter().find(|l| l["item"]["basis"] == "satisfaction").unwrap();
    assert_eq!(line["suggested"].as_f64(), Some(3.5), "(2·1 + 1) / (2·4) of 10, in half points: {line}");
    assert!(line["facts"].as_str().unwrap().contains("另有1条评价未予公开(其中不满意1条)"), "{line}");

    // The home page says it, and names the organisation below the line.
    let home = office.http.get(format!("{}/", t.base)).send().await.unwrap().text().await.unwrap();
    assert!(home.contains("待审核2条") && home.contains("群众满意率低于80%的单位:谷前堡镇党委"), "home");

    // The public reads what was published: no refused, converted or pending text.
    let d = published_disclosure(&office, gqb).await;
    let (status, page) = get_page(&t.public_base, &format!("/disclosures/{d}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("路灯修好了") && page.contains("光伏收益收支明细"), "published with its answer");
    assert!(page.contains("满意1条、基本满意1条、不满意1条,满意率66%"), "the public tally of what is published");
    for unseen in ["光伏板的清洗", "糊弄人", "便民服务中心", "危房改造", "王建国"] {
        assert!(!page.contains(unseen), "{unseen} is not public");
    }
}

async fn a_comment_goes_from_the_public_form_through_moderation_and_is_followed_by_its_code(backend: Backend) {
    let (t, _) = sealed_demo_server(backend).await;
    let office = demo_login(&t.base, "office").await;
    let (round, gqb) = round_of_gqb(&office).await;
    let d = published_disclosure(&office, gqb).await;
    let path = format!("/disclosures/{d}/comments");
    let public = t.public_base.as_str();

    // Refusals name the field in Chinese and keep what was typed.
    let (status, page) = post_form(public, &path, &[("rating", "great"), ("content", "很好很好")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("请从“满意”“基本满意”“不满意”中选择") && page.contains("很好很好"), "kept");
    let (status, page) = post_form(public, &path, &[("content", "  "), ("anonymous", "1")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("请选择满意程度或填写留言"));
    let (status, page) = post_form(public, &path, &[("rating", "basic"), ("content", "整改\u{202E}很到位")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("留言含有不可见的控制字符"), "the bidi override is refused at the door: {page}");
    let (status, _) = post_form(public, "/disclosures/999999/comments", &[("rating", "satisfied")]).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "no such disclosure");
    // Nor one still in draft.
    let draft = json!({ "title": "谷前堡镇党委整改进展(第二期)", "public_text": "第二期整改进展。" });
    let draft = expect(office.post(&format!("/api/inspections/{gqb}/disclosures"), draft).await, StatusCode::CREATED);
    let (status, _) =
        post_form(public, &format!("/disclosures/{}/comments", draft["id"]), &[("rating", "satisfied")]).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a draft takes no comment");
    // The internal site takes no public comment, the public site no moderation.
    let internal = reqwest::Client::new().post(format!("{}{path}", t.base)).form(&[("rating", "satisfied")]);
    assert!(internal.send().await.unwrap().status().is_client_error());
    let (status, _) = get_page(public, &format!("/api/rounds/{round}/comments")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Three comments: one to refuse, one to publish, one that is really a tip.
    let mut codes = Vec::new();
    for form in [
        vec![("rating", "dissatisfied"), ("content", "广告:专业代办各类证件"), ("anonymous", "1")],
        vec![
            ("rating", "satisfied"),
            ("content", "镇里的垃圾清运点整治好了<script>alert(1)</script>"),
            ("anonymous", "1"),
        ],
        vec![("content", "北村村主任用村集体的光伏收益给自家盖了车库"), ("name", "赵某"), ("contact", "13800000000")],
    ] {
        let (status, page) = post_form(public, &path, &form).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        codes.push(receipt_code(&page));
    }
    let (status, page) = post_form(public, "/tips/status", &[("code", &codes[0])]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("评价已收到,正在审核"), "{page}");

    let r = expect(office.get(&format!("/api/rounds/{round}/comments")).await, StatusCode::OK);
    let find = |needle: &str| {
        r["comments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["content"].as_str().unwrap().contains(needle))
            .unwrap()
            .clone()
    };
    let (ad, good, tip) = (find("代办各类证件"), find("垃圾清运点"), find("盖了车库"));
    assert_eq!((ad["anonymous"].as_bool(), tip["anonymous"].as_bool()), (Some(true), Some(false)));
    // One source sent all three: the office sees it (the demo's, typed in by the loader, have none).
    assert_eq!((good["same_source"].as_u64(), r["comments"][3]["same_source"].as_u64()), (Some(3), Some(0)), "{r}");

    // Refused: a reason is required, the commenter reads it.
    let reject = |c: &Value, reason: &str| json!({ "version": c["version"], "reason": reason });
    let refused = expect(
        office.post(&format!("/api/comments/{}/reject", ad["id"]), reject(&ad, " ")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(refused["error"]["fields"][0]["field"], "reason");
    expect(
        office.post(&format!("/api/comments/{}/reject", ad["id"]), reject(&ad, "广告或重复提交")).await,
        StatusCode::OK,
    );
    let (_, page) = post_form(public, "/tips/status", &[("code", &codes[0])]).await;
    assert!(page.contains("评价未予公开") && page.contains("未予公开的理由:广告或重复提交"), "{page}");
    let again = expect(
        office
            .post(
                &format!("/api/comments/{}/approve", ad["id"]),
                json!({ "version": ad["version"].as_i64().unwrap() + 1 }),
            )
            .await,
        StatusCode::CONFLICT,
    );
    assert!(again.to_string().contains("该评价已处理"), "{again}");
    // A refused comment is not answered; an answer is bounded.
    let answer = json!({ "version": ad["version"].as_i64().unwrap() + 1, "answer": "谢谢" });
    let no = expect(office.post(&format!("/api/comments/{}/answer", ad["id"]), answer).await, StatusCode::CONFLICT);
    assert!(no.to_string().contains("只能答复已公开的评价"), "{no}");
    let long = json!({ "version": good["version"], "answer": "答".repeat(1001) });
    let no = expect(
        office.post(&format!("/api/comments/{}/approve", good["id"]), long).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(no["error"]["fields"][0]["field"], "answer");

    // Published with an answer; the answer can be corrected; the page escapes the text.
    let ok = json!({ "version": good["version"], "answer": "感谢监督,镇里将常态化保洁。" });
    let published = expect(office.post(&format!("/api/comments/{}/approve", good["id"]), ok).await, StatusCode::OK);
    assert!(published["answered_by_name"].as_str().unwrap().starts_with("王振华("), "{published}");
    let fix = json!({ "version": published["version"], "answer": "感谢监督,镇里已建立垃圾清运点常态化保洁制度。" });
    expect(office.post(&format!("/api/comments/{}/answer", good["id"]), fix).await, StatusCode::OK);
    let (_, page) = get_page(public, &format!("/disclosures/{d}")).await;
    assert!(page.contains("垃圾清运点整治好了&") && !page.contains("<script>alert"), "escaped");
    assert!(page.contains("常态化保洁制度") && !page.contains("镇里将常态化保洁"), "the corrected answer");
    let (_, page) = post_form(public, "/tips/status", &[("code", &codes[1])]).await;
    assert!(page.contains("评价已公开") && page.contains("常态化保洁制度"), "{page}");

    // The sender is opened only by asking (recorded); a tip keeps the comment's receipt code.
    let who = expect(office.post(&format!("/api/comments/{}/commenter", tip["id"]), json!({})).await, StatusCode::OK);
    assert_eq!((who["name"].as_str(), who["contact"].as_str()), (Some("赵某"), Some("13800000000")));
    let trail = expect(office.get(&format!("/api/audit/public_comment/{}", tip["id"])).await, StatusCode::OK);
    assert!(trail.to_string().contains("查看评价人联系方式"), "the opening is on the trail: {trail}");
    let converted = expect(
        office.post(&format!("/api/comments/{}/convert", tip["id"]), json!({ "version": tip["version"] })).await,
        StatusCode::OK,
    );
    assert_eq!(converted["status"], "converted");
    let (_, page) = post_form(public, "/tips/status", &[("code", &codes[2])]).await;
    assert!(page.contains("举报") && page.contains("已收到,正在处理"), "followed as the tip: {page}");
    let tips = expect(office.get(&format!("/api/inspections/{gqb}/tips")).await, StatusCode::OK);
    let t2 = tips.as_array().unwrap().iter().find(|x| x["id"] == converted["tip_id"]).unwrap();
    let sealed = expect(office.post(&format!("/api/tips/{}/tipper", t2["id"]), json!({})).await, StatusCode::OK);
    assert_eq!(sealed["name"], "赵某", "the tipper is the commenter, sealed as a tipper: {sealed}");
    // Nobody registers a "comment" tip by hand.
    let by_hand = json!({ "channel": "comment", "content": "手工登记", "received_on": "2023-11-10" });
    let refused =
        expect(office.post(&format!("/api/inspections/{gqb}/tips"), by_hand).await, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["error"]["fields"][0]["field"], "channel");

    // The trail holds: and a rating changed in the database behind the system breaks it.
    let verify = expect(office.get("/api/audit/verify").await, StatusCode::OK);
    assert_eq!(verify["ok"], true, "{verify}");
    exec_sql(&t.store, &format!("UPDATE public_comment SET rating = 'satisfied' WHERE id = {}", ad["id"])).await;
    let verify = expect(office.get("/api/audit/verify").await, StatusCode::OK);
    assert_eq!(verify["ok"], false, "{verify}");
    assert!(verify["message"].as_str().unwrap().contains("群众评价"), "{verify}");

    // Whoever ticks "anonymous" keeps nothing of what was typed beside it.
    let form = [("rating", "satisfied"), ("anonymous", "1"), ("name", "钱某"), ("contact", "13911112222")];
    let (status, _) = post_form(public, &path, &form).await;
    assert_eq!(status, StatusCode::OK);
    let r = expect(office.get(&format!("/api/rounds/{round}/comments")).await, StatusCode::OK);
    let last = &r["comments"][0];
    assert_eq!(last["anonymous"], true, "{last}");
    let who = expect(office.post(&format!("/api/comments/{}/commenter", last["id"]), json!({})).await, StatusCode::OK);
    assert_eq!((who["name"].as_str(), who["contact"].as_str()), (Some(""), Some("")), "nothing kept: {who}");

    // Five an hour from one address: the four accepted above counted, the refused did not (a
    // mistake costs no turn); the fifth passes, the sixth waits.
    let (status, _) = post_form(public, &path, &[("rating", "satisfied")]).await;
    assert_eq!(status, StatusCode::OK);
    let (status, page) = post_form(public, &path, &[("rating", "satisfied")]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.contains("每小时最多提交5条评价"));
}

async fn unpublished_comments_reach_only_the_county_office(backend: Backend) {
    let t = demo_server(backend).await;
    let office = demo_login(&t.base, "office").await;
    let (round, _) = round_of_gqb(&office).await;
    let r = expect(office.get(&format!("/api/rounds/{round}/comments")).await, StatusCode::OK);
    let pending = r["comments"][0]["id"].as_i64().unwrap();
    // Leaders read the tallies, never the texts.
    let leader = demo_login(&t.base, "leader").await;
    let lr = expect(leader.get(&format!("/api/rounds/{round}/comments")).await, StatusCode::OK);
    assert_eq!((lr["can_moderate"].as_bool(), lr["comments"].as_array().map(Vec::len)), (Some(false), Some(0)));
    assert_eq!(tally(&lr["tally"]), (2, 2, 2));
    assert!(!lr.to_string().contains("危房改造"));
    expect(leader.get(&format!("/api/comments/{pending}")).await, StatusCode::NOT_FOUND);
    // The organisation concerned, its inspecting team and the supervisors see nothing of them.
    for who in ["gqb.secretary", "team4.leader", "jiwei"] {
        let c = demo_login(&t.base, who).await;
        expect(c.get(&format!("/api/rounds/{round}/comments")).await, StatusCode::NOT_FOUND);
        expect(c.get(&format!("/api/comments/{pending}")).await, StatusCode::NOT_FOUND);
        expect(c.post(&format!("/api/comments/{pending}/commenter"), json!({})).await, StatusCode::NOT_FOUND);
        let page = c.http.get(format!("{}/rounds/{round}/comments", t.base)).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::NOT_FOUND, "{who}");
        let home = c.http.get(format!("{}/", t.base)).send().await.unwrap().text().await.unwrap();
        assert!(!home.contains("危房改造") && !home.contains("群众评价"), "{who}'s home");
    }
    let secretary = demo_login(&t.base, "gqb.secretary").await;
    let (_, gqb) = round_of_gqb(&office).await;
    let own = expect(secretary.get(&format!("/api/inspections/{gqb}/assessment")).await, StatusCode::OK);
    assert!(
        own["facts"].is_null() && !own.to_string().contains("refused_ratings"),
        "the facts are the office's: {own}"
    );
    // The history names the public as the sender, the office's reading of the list is recorded.
    let trail = expect(office.get(&format!("/api/audit/public_comment/{pending}")).await, StatusCode::OK);
    assert!(trail.to_string().contains("群众(群众评价)"), "{trail}");
    let trail = expect(office.get(&format!("/api/audit/round/{round}")).await, StatusCode::OK);
    assert!(trail.to_string().contains("查看群众评价"), "{trail}");
}
