//! The public side: its own port, nothing internal on it, tips with receipt codes, limits, and
//! approved disclosures only.

use reqwest::StatusCode;
use serde_json::json;
use xuncha_store::Backend;

use crate::helpers::{
    Client, TestApp, create_round, demo_login, demo_server, expect, get_page, post_form, receipt_code, signed_problem,
    spawn_app, world,
};
use crate::on_both;

on_both!(
    the_public_port_answers_nothing_internal,
    a_public_tip_gets_a_receipt_and_its_status_shows_the_reply,
    tip_intake_is_limited_in_rate_size_and_window,
    only_approved_disclosures_reach_the_public,
    the_drafter_of_a_disclosure_does_not_also_approve_it,
    static_files_are_compressed_and_pages_are_not,
);

/// A round in the field on the tests' "today" (2023-11-10), its tip window open. Returns the
/// inspection id and the office client.
async fn open_inspection(t: &TestApp) -> (i64, Client) {
    let w = world(t).await;
    let office = t.login("office").await;
    let uid = |name: &str| w.user(name);
    let rid = create_round(&office, "2023年第二轮巡察", "2023-10-30", "2023-12-29").await;
    let team = expect(
        office.post(&format!("/api/rounds/{rid}/teams"), json!({ "name": "第一巡察组" })).await,
        StatusCode::CREATED,
    );
    let tid = team["id"].as_i64().unwrap();
    expect(
        office.post(&format!("/api/teams/{tid}/members"), json!({ "user_id": uid("liu"), "position": "leader" })).await,
        StatusCode::CREATED,
    );
    expect(
        office
            .post(&format!("/api/teams/{tid}/members"), json!({ "user_id": uid("chen"), "position": "deputy" }))
            .await,
        StatusCode::CREATED,
    );
    let i = expect(
        office.post(&format!("/api/rounds/{rid}/inspections"), json!({ "team_id": tid, "target_org_id": w.township, "kind": "regular", "entry_date": "2023-10-30", "exit_date": "2023-12-15" })).await,
        StatusCode::CREATED,
    );
    let iid = i["id"].as_i64().unwrap();
    expect(
        office.put(&format!("/api/inspections/{iid}/announcement"), json!({ "version": i["version"], "announcement": "县委第一巡察组进驻谷前堡镇党委", "tip_phone": "0352-6000001",
            "tip_window_start": "2023-10-30", "tip_window_end": "2023-12-10" })).await,
        StatusCode::OK,
    );
    (iid, office)
}

async fn the_public_port_answers_nothing_internal(backend: Backend) {
    let t = spawn_app(backend).await;
    world(&t).await;
    let office = t.login("office").await;
    let token = expect(
        office.post("/api/session", json!({ "username": "office", "password": crate::helpers::PASSWORD })).await,
        StatusCode::OK,
    )["token"]
        .as_str()
        .unwrap()
        .to_string();
    let http = reqwest::Client::new();
    for path in
        ["/login", "/api/me", "/api/inspections", "/api/openapi.json", "/healthz", "/inspections/1", "/password"]
    {
        let res = http
            .get(format!("{}{path}", t.public_base))
            .header("Cookie", format!("xuncha_session={token}"))
            .header("Authorization", format!("Bearer {token}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path} must not answer on the public port");
        let body = res.text().await.unwrap();
        assert!(!body.contains("王振华"), "{path}");
    }
    let res = http
        .post(format!("{}/api/session", t.public_base))
        .json(&json!({ "username": "office", "password": crate::helpers::PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let (status, home) = get_page(&t.public_base, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains("巡察公告"));
    // Malformed addresses and methods get the public side's own pages, not the internal frame.
    for path in ["/disclosures/abc", "/tips/new/99999999999999999999999", "/disclosures/-1"] {
        let (status, page) = get_page(&t.public_base, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(page.contains("页面不存在或已不再公开") && !page.contains("xuncha 巡察整改"), "{path}: {page}");
    }
    let res = http.put(format!("{}/", t.public_base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(res.text().await.unwrap().contains("请从公开页面的链接进入"));
}

async fn a_public_tip_gets_a_receipt_and_its_status_shows_the_reply(backend: Backend) {
    let t = spawn_app(backend).await;
    let (iid, _) = open_inspection(&t).await;
    let (_, home) = get_page(&t.public_base, "/").await;
    assert!(home.contains(&format!("/tips/new/{iid}")), "the open announcement links to the tip form");
    assert!(home.contains("0352-6000001"));
    let (status, page) = post_form(
        &t.public_base,
        &format!("/tips/new/{iid}"),
        &[("content", "反映镇财政所违规发放补贴"), ("name", "张某"), ("contact", "13800000000")],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let code = receipt_code(&page);
    assert_eq!(code.len(), 16);
    let (status, page) = post_form(&t.public_base, "/tips/status", &[("code", &code)]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("已收到,正在处理"), "{page}");
    let (status, page) = post_form(&t.public_base, "/tips/status", &[("code", "0000000000000000")]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("没有找到这个回执码"));

    // The team sees the tip without its tipper; the target never sees it.
    let liu = t.login("liu").await;
    let tips = expect(liu.get(&format!("/api/inspections/{iid}/tips")).await, StatusCode::OK);
    let tip = &tips.as_array().unwrap()[0];
    assert_eq!(tip["channel"], "online");
    assert_eq!(tip["anonymous"], false);
    assert!(!tips.to_string().contains("张某") && !tips.to_string().contains("13800000000"));
    assert!(!tips.to_string().contains(&code), "the code itself is never stored");
    let tip = expect(
        liu.post(
            &format!("/api/tips/{}/triage", tip["id"]),
            json!({ "version": tip["version"], "status": "accepted" }),
        )
        .await,
        StatusCode::OK,
    );
    expect(
        liu.post(
            &format!("/api/tips/{}/reply", tip["id"]),
            json!({ "version": tip["version"], "reply": "您反映的问题已纳入巡察了解范围" }),
        )
        .await,
        StatusCode::OK,
    );
    let (_, page) =
        post_form(&t.public_base, "/tips/status", &[("code", &format!("{} {}", &code[..8], &code[8..]))]).await;
    assert!(page.contains("已受理") && page.contains("已纳入巡察了解范围"), "{page}");
    let han = t.login("han").await;
    expect(han.get(&format!("/api/tips/{}", tip["id"])).await, StatusCode::NOT_FOUND);
}

async fn tip_intake_is_limited_in_rate_size_and_window(backend: Backend) {
    let t = spawn_app(backend).await;
    let (iid, _) = open_inspection(&t).await;
    let big = "很".repeat(25_000);
    let (status, page) = post_form(&t.public_base, &format!("/tips/new/{iid}"), &[("content", &big)]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(page.contains("举报内容过长"), "{page}");
    let (status, page) = post_form(&t.public_base, &format!("/tips/new/{iid}"), &[("content", "  ")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("举报内容不能为空"));
    for n in 0..4 {
        let (status, _) = post_form(
            &t.public_base,
            &format!("/tips/new/{iid}"),
            &[("content", &format!("第{n}件举报")), ("anonymous", "1")],
        )
        .await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, page) =
        post_form(&t.public_base, &format!("/tips/new/{iid}"), &[("content", "第五件举报"), ("anonymous", "1")]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.contains("每小时最多提交5件"), "{page}");
    // An inspection whose window is not open takes no tips.
    let (status, page) = get_page(&t.public_base, &format!("/tips/new/{}", iid + 1000)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("举报受理期间已结束"));
}

async fn only_approved_disclosures_reach_the_public(backend: Backend) {
    let t = spawn_app(backend).await;
    let (iid, office) = open_inspection(&t).await;
    let draft = json!({ "title": "谷前堡镇党委关于巡察整改进展情况的通报", "public_text": "对反馈问题逐条整改,现予公开。", "internal_text": "内部通报:责任人名单" });
    let refused =
        expect(office.post(&format!("/api/inspections/{iid}/disclosures"), draft.clone()).await, StatusCode::CONFLICT);
    assert!(refused["error"]["message"].as_str().unwrap().contains("反馈之前"));
    // Feedback first: one problem, signed by the deputy and the leader.
    let liu = t.login("liu").await;
    signed_problem(&t, iid, "talk", "惠农补贴发放不规范").await;
    let i = expect(liu.get(&format!("/api/inspections/{iid}")).await, StatusCode::OK);
    expect(
        liu.post(
            &format!("/api/inspections/{iid}/feedback"),
            json!({ "version": i["version"], "date": "2023-11-08", "signed_for_by": "韩永明" }),
        )
        .await,
        StatusCode::OK,
    );

    // Only the office drafts; a withholding needs its ground and a note.
    expect(liu.post(&format!("/api/inspections/{iid}/disclosures"), draft.clone()).await, StatusCode::FORBIDDEN);
    let first =
        expect(office.post(&format!("/api/inspections/{iid}/disclosures"), draft.clone()).await, StatusCode::CREATED);
    let no_note = expect(
        office
            .post(
                &format!("/api/disclosures/{}/withhold", first["id"]),
                json!({ "version": first["version"], "ground": "open_case" }),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(no_note["error"]["fields"][0]["field"], "withhold_note");
    let bad_ground = expect(
        office
            .post(
                &format!("/api/disclosures/{}/withhold", first["id"]),
                json!({ "version": first["version"], "ground": "inconvenient", "note": "x" }),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(bad_ground["error"]["fields"][0]["field"], "ground");
    let withheld = expect(
        office
            .post(
                &format!("/api/disclosures/{}/withhold", first["id"]),
                json!({ "version": first["version"], "ground": "open_case", "note": "问题线索正在初步核实" }),
            )
            .await,
        StatusCode::OK,
    );
    assert_eq!(withheld["status"], "withheld");
    let (_, home) = get_page(&t.public_base, "/").await;
    assert!(home.contains("暂无公开的整改进展"), "a withheld disclosure stays internal");

    let second = expect(office.post(&format!("/api/inspections/{iid}/disclosures"), draft).await, StatusCode::CREATED);
    let published = expect(
        office
            .post(&format!("/api/disclosures/{}/publish", second["id"]), json!({ "version": second["version"] }))
            .await,
        StatusCode::OK,
    );
    assert_eq!(
        (published["done"].as_i64(), published["largely_done"].as_i64(), published["not_done"].as_i64()),
        (Some(0), Some(0), Some(1))
    );
    expect(
        office
            .post(&format!("/api/disclosures/{}/publish", second["id"]), json!({ "version": published["version"] }))
            .await,
        StatusCode::CONFLICT,
    );
    let (_, home) = get_page(&t.public_base, "/").await;
    assert!(home.contains("谷前堡镇党委关于巡察整改进展情况的通报"), "{home}");
    let (status, page) = get_page(&t.public_base, &format!("/disclosures/{}", second["id"])).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("对反馈问题逐条整改") && !page.contains("内部通报"),
        "the internal notice never reaches the public"
    );
    let (status, _) = get_page(&t.public_base, &format!("/disclosures/{}", first["id"])).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let listing =
        expect(t.login("leader").await.get(&format!("/api/inspections/{iid}/disclosures")).await, StatusCode::OK);
    assert_eq!(listing["disclosures"].as_array().unwrap().len(), 2);
    assert_eq!(listing["current"]["not_done"], 1);
    let han = t.login("han").await;
    expect(han.get(&format!("/api/inspections/{iid}/disclosures")).await, StatusCode::NOT_FOUND);
}

/// Four eyes where the office has more than one person: the demo's 综合科 drafts, the deputy
/// director approves; the drafter's own approval or withholding is refused and changes nothing.
async fn the_drafter_of_a_disclosure_does_not_also_approve_it(backend: Backend) {
    let t = demo_server(backend).await;
    let office = demo_login(&t.base, "office").await;
    let deputy = demo_login(&t.base, "office.deputy").await;
    let all = expect(office.get("/api/inspections").await, StatusCode::OK);
    let sjj = all.as_array().unwrap().iter().find(|i| i["target_name"] == "县审计局" && !i["feedback_date"].is_null());
    let iid = sjj.expect("the demo's 县审计局 was fed back")["id"].clone();
    let draft = json!({ "title": "县审计局党组关于巡察整改进展情况的通报", "public_text": "县审计局党组对反馈问题逐条制定整改措施,现将整改进展予以公开。" });
    let d = expect(office.post(&format!("/api/inspections/{iid}/disclosures"), draft).await, StatusCode::CREATED);
    let own = expect(
        office.post(&format!("/api/disclosures/{}/publish", d["id"]), json!({ "version": d["version"] })).await,
        StatusCode::CONFLICT,
    );
    assert!(own.to_string().contains("起草人以外"), "{own}");
    expect(
        office
            .post(
                &format!("/api/disclosures/{}/withhold", d["id"]),
                json!({ "version": d["version"], "ground": "open_case", "note": "问题线索正在初步核实" }),
            )
            .await,
        StatusCode::CONFLICT,
    );
    let published = expect(
        deputy.post(&format!("/api/disclosures/{}/publish", d["id"]), json!({ "version": d["version"] })).await,
        StatusCode::OK,
    );
    assert_eq!(published["status"], "published");
    assert_ne!(published["drafted_by"], published["decided_by"]);
}

/// The stylesheet and script travel gzipped on both sites; pages never do (they carry
/// the form token beside echoed text: BREACH).
async fn static_files_are_compressed_and_pages_are_not(backend: Backend) {
    let t = spawn_app(backend).await;
    let http = reqwest::Client::new();
    let encoding = |res: &reqwest::Response| {
        res.headers().get("content-encoding").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default()
    };
    for base in [&t.base, &t.public_base] {
        let css = http.get(format!("{base}/static/app.css")).header("accept-encoding", "gzip").send().await.unwrap();
        assert_eq!(encoding(&css), "gzip", "{base}");
        // The icon is smaller than a gzip frame is worth; it is there on both sites.
        let icon = http.get(format!("{base}/favicon.svg")).send().await.unwrap();
        assert_eq!(icon.status(), StatusCode::OK);
        assert!(icon.headers()["content-type"].to_str().unwrap().starts_with("image/svg+xml"));
        let plain = http.get(format!("{base}/static/app.css")).send().await.unwrap();
        assert_eq!(encoding(&plain), "", "only to a client that asks");
        assert!(plain.text().await.unwrap().contains("table-wrap"));
    }
    let js = http.get(format!("{}/static/app.js", t.base)).header("accept-encoding", "gzip").send().await.unwrap();
    assert_eq!(encoding(&js), "gzip");
    for (base, path) in [(&t.base, "/login"), (&t.public_base, "/")] {
        let page = http.get(format!("{base}{path}")).header("accept-encoding", "gzip").send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        assert_eq!(encoding(&page), "", "{path} is sent as it is");
    }
}
