//! A whole round over HTTP, as the office, the team, the target, the supervisors and the leader.

use reqwest::StatusCode;
use serde_json::{Value, json};
use xuncha_store::Backend;

use crate::helpers::{TestApp, World, expect, messages, spawn_app, world};
use crate::on_both;

on_both!(the_closed_loop_runs_end_to_end);

fn id(v: &Value) -> i64 {
    v["id"].as_i64().unwrap_or_else(|| panic!("no id in {v}"))
}

async fn user_id(w: &World, username: &str) -> i64 {
    w.user(username)
}

async fn the_closed_loop_runs_end_to_end(backend: Backend) {
    let t: TestApp = spawn_app(backend).await;
    let w = world(&t).await;
    let office = t.login("office").await;
    let (liu, chen, yang) = (t.login("liu").await, t.login("chen").await, t.login("yang").await);
    let (han, hexl, wu) = (t.login("han").await, t.login("hexl").await, t.login("wu").await);
    let (jiwei, zuzhibu, leader) = (t.login("jiwei").await, t.login("zuzhibu").await, t.login("leader").await);
    let outsider = t.login("outsider").await;

    // Plan the round: a team, its members, a target. 何鹏 works in a village of the township.
    let round = expect(
        office
            .post(
                "/api/rounds",
                json!({ "name": "2023年第一轮巡察", "start_date": "2023-04-27", "end_date": "2023-07-14" }),
            )
            .await,
        StatusCode::CREATED,
    );
    let team = expect(
        office.post(&format!("/api/rounds/{}/teams", id(&round)), json!({ "name": "第四巡察组" })).await,
        StatusCode::CREATED,
    );
    let other_team = expect(
        office.post(&format!("/api/rounds/{}/teams", id(&round)), json!({ "name": "第三巡察组" })).await,
        StatusCode::CREATED,
    );
    for (u, pos) in [("liu", "leader"), ("chen", "deputy"), ("yang", "member"), ("he", "member")] {
        let uid = user_id(&w, u).await;
        expect(
            office.post(&format!("/api/teams/{}/members", id(&team)), json!({ "user_id": uid, "position": pos })).await,
            StatusCode::CREATED,
        );
    }
    let oid = user_id(&w, "outsider").await;
    expect(
        office
            .post(&format!("/api/teams/{}/members", id(&other_team)), json!({ "user_id": oid, "position": "leader" }))
            .await,
        StatusCode::CREATED,
    );
    let insp_input = json!({ "team_id": id(&team), "target_org_id": w.township, "kind": "regular", "entry_date": "2023-04-27", "exit_date": "2023-06-30" });
    let refused = expect(
        office.post(&format!("/api/rounds/{}/inspections", id(&round)), insp_input.clone()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert!(messages(&refused)[0].contains("何鹏"), "{refused}");
    assert!(messages(&refused)[0].contains("回避"), "{refused}");
    // The team is re-formed without him (a new team in the round), and the target assigned.
    let team = expect(
        office.post(&format!("/api/rounds/{}/teams", id(&round)), json!({ "name": "第四巡察组(调整后)" })).await,
        StatusCode::CREATED,
    );
    for (u, pos) in [("liu", "leader"), ("chen", "deputy"), ("yang", "member")] {
        let uid = user_id(&w, u).await;
        expect(
            office.post(&format!("/api/teams/{}/members", id(&team)), json!({ "user_id": uid, "position": pos })).await,
            StatusCode::CREATED,
        );
    }
    let insp_input = json!({ "team_id": id(&team), "target_org_id": w.township, "kind": "regular", "entry_date": "2023-04-27", "exit_date": "2023-06-30" });
    let insp =
        expect(office.post(&format!("/api/rounds/{}/inspections", id(&round)), insp_input).await, StatusCode::CREATED);
    let iid = id(&insp);
    assert_eq!(insp["target_name"], "谷前堡镇党委");

    // Entry: the announcement with its channels.
    let insp = expect(
        liu.put(&format!("/api/inspections/{iid}/announcement"), json!({
            "version": insp["version"], "announcement": "县委第四巡察组进驻谷前堡镇党委开展常规巡察", "tip_phone": "0352-6000000",
            "tip_email": "xcz4@example.cn", "tip_window_start": "2023-04-27", "tip_window_end": "2023-06-20" })).await,
        StatusCode::OK,
    );
    assert_eq!(insp["tip_window_end"], "2023-06-20");

    // Fieldwork: a named tip. The team sees it; the target and other teams get 404.
    let tip = expect(
        yang.post(
            &format!("/api/inspections/{iid}/tips"),
            json!({ "channel": "letter", "content": "反映某村光伏收益去向不明", "received_on": "2023-05-08",
            "tipper_name": "李某某", "tipper_contact": "13900000000" }),
        )
        .await,
        StatusCode::CREATED,
    );
    let tip_id = id(&tip);
    assert_eq!(tip["anonymous"], false);
    assert!(!tip.to_string().contains("李某某"), "tip views never carry the tipper: {tip}");
    for c in [&han, &hexl, &wu, &outsider, &jiwei, &leader, &w.admin] {
        expect(c.get(&format!("/api/tips/{tip_id}")).await, StatusCode::NOT_FOUND);
        expect(c.get(&format!("/api/inspections/{iid}/tips")).await, StatusCode::NOT_FOUND);
        expect(c.post(&format!("/api/tips/{tip_id}/tipper"), json!({})).await, StatusCode::NOT_FOUND);
    }
    expect(yang.post(&format!("/api/tips/{tip_id}/tipper"), json!({})).await, StatusCode::FORBIDDEN);
    let tipper = expect(liu.post(&format!("/api/tips/{tip_id}/tipper"), json!({})).await, StatusCode::OK);
    assert_eq!(tipper["name"], "李某某");

    // Findings as work papers, signed off member → deputy → leader.
    let mut problems = Vec::new();
    for summary in ["村级财务管理不规范,光伏收益未纳入村集体账户核算", "基层党组织建设薄弱,主题党日流于形式"]
    {
        let p = expect(
            yang.post(
                &format!("/api/inspections/{iid}/problems"),
                json!({ "source": "talk", "summary": summary, "found_on": "2023-06-10" }),
            )
            .await,
            StatusCode::CREATED,
        );
        let skip = expect(
            liu.post(&format!("/api/problems/{}/sign", id(&p)), json!({ "version": p["version"] })).await,
            StatusCode::CONFLICT,
        );
        assert!(skip["error"]["message"].as_str().unwrap().contains("副组长"));
        let back = format!("/api/problems/{}/return", id(&p));
        let p = if problems.is_empty() {
            // 退回 at each step, by its own reviewer, with a written comment.
            let not_yours = json!({ "version": p["version"], "comment": "定性依据不足" });
            expect(liu.post(&back, not_yours).await, StatusCode::CONFLICT);
            let unwritten =
                expect(chen.post(&back, json!({ "version": p["version"] })).await, StatusCode::UNPROCESSABLE_ENTITY);
            assert_eq!(unwritten["error"]["fields"][0]["field"], "comment");
            let p = expect(
                chen.post(&back, json!({ "version": p["version"], "comment": "请补充谈话笔录编号" })).await,
                StatusCode::OK,
            );
            assert_eq!(
                (p["status"].as_str(), p["return_comment"].as_str()),
                (Some("draft"), Some("请补充谈话笔录编号"))
            );
            let p = expect(
                chen.post(&format!("/api/problems/{}/sign", id(&p)), json!({ "version": p["version"] })).await,
                StatusCode::OK,
            );
            assert_eq!(p["return_comment"], "", "a signature answers the return");
            // Stamped on the run's day in China time (in UTC it may still be the day before).
            let signed = time::OffsetDateTime::parse(
                p["deputy_signed_at"].as_str().unwrap(),
                &time::format_description::well_known::Rfc3339,
            )
            .unwrap();
            assert_eq!(signed.to_offset(time::macros::offset!(+8)).date(), time::macros::date!(2023 - 11 - 10), "{p}");
            let p = expect(
                liu.post(&back, json!({ "version": p["version"], "comment": "定性依据不足,请补充相关制度条款" })).await,
                StatusCode::OK,
            );
            assert_eq!(
                (p["status"].as_str(), p["deputy_signed_by"].as_i64()),
                (Some("draft"), None),
                "back to the deputy"
            );
            let paper = expect(yang.get(&format!("/api/problems/{}", id(&p))).await, StatusCode::OK);
            assert_eq!(paper["return_comment"], "定性依据不足,请补充相关制度条款");
            assert!(
                paper["signers"].as_object().unwrap().values().any(|v| v.as_str().unwrap().contains('(')),
                "{paper}"
            );
            p
        } else {
            p
        };
        let p = expect(
            chen.post(&format!("/api/problems/{}/sign", id(&p)), json!({ "version": p["version"] })).await,
            StatusCode::OK,
        );
        let p = expect(
            liu.post(&format!("/api/problems/{}/sign", id(&p)), json!({ "version": p["version"] })).await,
            StatusCode::OK,
        );
        assert_eq!(p["status"], "leader_signed");
        problems.push(p);
    }
    let tip = expect(yang.get(&format!("/api/tips/{tip_id}")).await, StatusCode::OK);
    assert_eq!(tip["number"], 1, "numbered in its inbox");
    let tip = expect(
        yang.post(
            &format!("/api/tips/{tip_id}/triage"),
            json!({ "version": tip["version"], "status": "accepted", "problem_ids": [id(&problems[0])] }),
        )
        .await,
        StatusCode::OK,
    );
    // The links are corrected as a whole set; a form opened before the change is refused.
    let (p0, p1) = (id(&problems[0]), id(&problems[1]));
    let linked = expect(
        yang.post(
            &format!("/api/tips/{tip_id}/problems"),
            json!({ "version": tip["version"], "problem_ids": [p1, p0, p1] }),
        )
        .await,
        StatusCode::OK,
    );
    let mut both = vec![p0, p1];
    both.sort();
    assert_eq!(linked["problem_ids"], json!(both));
    expect(
        yang.post(&format!("/api/tips/{tip_id}/problems"), json!({ "version": tip["version"], "problem_ids": [] }))
            .await,
        StatusCode::CONFLICT,
    );
    let history = expect(office.get(&format!("/api/audit/tip/{tip_id}")).await, StatusCode::OK);
    assert!(history.to_string().contains("举报关联问题1、2"), "{history}");

    // Before feedback the target sees nothing of the inspection.
    expect(han.get(&format!("/api/inspections/{iid}")).await, StatusCode::NOT_FOUND);
    expect(han.get(&format!("/api/inspections/{iid}/problems")).await, StatusCode::NOT_FOUND);

    // Joint feedback with 纪委监委 and 组织部, signed for by the secretary.
    let insp = expect(liu.get(&format!("/api/inspections/{iid}")).await, StatusCode::OK);
    let insp = expect(
        liu.post(&format!("/api/inspections/{iid}/feedback"), json!({ "version": insp["version"], "date": "2023-08-15", "bodies": ["discipline", "organisation"], "signed_for_by": "韩永明" })).await,
        StatusCode::OK,
    );
    assert_eq!(insp["feedback_bodies"], "discipline,organisation");
    let seen = expect(han.get(&format!("/api/inspections/{iid}/problems")).await, StatusCode::OK);
    assert_eq!(seen.as_array().unwrap().len(), 2);
    assert!(seen.as_array().unwrap().iter().all(|p| p["status"] == "fed_back"));
    expect(wu.get(&format!("/api/inspections/{iid}/problems")).await, StatusCode::NOT_FOUND);
    expect(jiwei.get(&format!("/api/inspections/{iid}/problems")).await, StatusCode::OK);
    expect(han.get(&format!("/api/tips/{tip_id}")).await, StatusCode::NOT_FOUND);
    // The problem's page names the tip it came from to the team, and nothing of it to the unit.
    let team_page = expect(liu.get(&format!("/problems/{p0}")).await, StatusCode::OK);
    assert!(team_page.as_str().unwrap().contains(&format!("tips#tip{tip_id}\">第1号举报")), "{team_page}");
    let unit_page = expect(han.get(&format!("/problems/{p0}")).await, StatusCode::OK);
    assert!(!unit_page.as_str().unwrap().contains("举报"), "the unit never learns of a tip");

    // Transfer a lead to 纪委监委; 组织部 and the target cannot see it.
    let lead = expect(
        liu.post(&format!("/api/inspections/{iid}/transfers"), json!({ "problem_id": id(&problems[0]), "kind": "lead", "body": "discipline", "content": "某村光伏收益去向不明的问题线索", "transferred_on": "2023-08-16" })).await,
        StatusCode::CREATED,
    );
    assert_eq!(lead["due_date"], "2023-11-16");
    assert_eq!(lead["light"], "yellow");
    expect(zuzhibu.get(&format!("/api/transfers/{}", id(&lead))).await, StatusCode::NOT_FOUND);
    expect(han.get(&format!("/api/transfers/{}", id(&lead))).await, StatusCode::NOT_FOUND);
    let inbox = expect(jiwei.get("/api/transfers").await, StatusCode::OK);
    assert_eq!(inbox.as_array().unwrap().len(), 1);
    // The inbox names the unit, the team and the fed-back problem each transfer came from.
    let item = &inbox[0];
    assert!(item["target_name"].as_str().is_some_and(|n| !n.is_empty()), "{item}");
    assert!(item["team_name"].as_str().is_some_and(|n| !n.is_empty()), "{item}");
    assert!(item["problem"].as_str().unwrap().starts_with("问题1:"), "{item}");
    assert!(expect(zuzhibu.get("/api/transfers").await, StatusCode::OK).as_array().unwrap().is_empty());
    // An interim report before the outcome: the stage reached, and the next report's date
    // becomes the due date (the replaced one is kept); only the receiving body may report.
    let progress = json!({ "version": lead["version"], "outcome_kind": "preliminary_verification", "note": "已成立核查组,正在调取账目", "reported_on": "2023-09-20", "next_due": "2023-12-20" });
    expect(
        zuzhibu.post(&format!("/api/transfers/{}/progress", id(&lead)), progress.clone()).await,
        StatusCode::NOT_FOUND,
    );
    let refused = expect(
        jiwei.post(&format!("/api/transfers/{}/progress", id(&lead)), json!({ "version": lead["version"], "outcome_kind": "admonition", "note": "x", "reported_on": "2023-09-20", "next_due": "2023-12-20" })).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(refused["error"]["fields"][0]["field"], "outcome_kind", "诫勉 is 组织部's, not 纪委's: {refused}");
    let lead = expect(jiwei.post(&format!("/api/transfers/{}/progress", id(&lead)), progress).await, StatusCode::OK);
    assert_eq!(lead["due_date"], "2023-12-20");
    assert_eq!(lead["light"], "none", "no longer about to fall due");
    assert_eq!(lead["updates"][0]["previous_due"], "2023-11-16");
    assert!(lead["updates"][0]["reported_by"].as_str().unwrap().contains("孙"), "{lead}");
    assert_eq!(lead["updates"][0]["late"], false, "reported before the due date");
    // A report is never dated before the one it follows.
    let backdated = expect(
        jiwei.post(&format!("/api/transfers/{}/progress", id(&lead)), json!({ "version": lead["version"], "note": "补报", "reported_on": "2023-09-19", "next_due": "2023-12-30" })).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(backdated["error"]["fields"][0]["field"], "reported_on");
    let seen_by_team = expect(liu.get(&format!("/api/transfers/{}", id(&lead))).await, StatusCode::OK);
    assert_eq!(seen_by_team["updates"][0]["note"], "已成立核查组,正在调取账目");
    let done = expect(
        jiwei.post(&format!("/api/transfers/{}/outcome", id(&lead)), json!({ "version": lead["version"], "outcome_kind": "preliminary_verification", "outcome": "经初步核实,给予诫勉谈话", "outcome_on": "2023-10-20" })).await,
        StatusCode::OK,
    );
    assert_eq!(done["light"], "none");

    // The plan: the liaison drafts measures, one without a responsible person; problem 2 has none.
    let plan = expect(hexl.get(&format!("/api/inspections/{iid}/plan")).await, StatusCode::OK);
    assert_eq!(plan["status"], "draft");
    assert_eq!(plan["plan_due"], "2023-09-15");
    assert_eq!(plan["report_due"], "2023-10-15");
    let p1 = id(&problems[0]);
    let p2 = id(&problems[1]);
    let m1 = expect(
        hexl.post(
            &format!("/api/problems/{p1}/measures"),
            json!({ "content": "对13个村光伏收益逐村清查,10月底前全部纳入村集体账户", "responsible_person": "",
            "deadline_kind": "dated", "deadline": "2023-10-31", "completion_standard": "清查台账、入账凭证" }),
        )
        .await,
        StatusCode::CREATED,
    );
    let bad_date = expect(
        hexl.post(
            &format!("/api/problems/{p1}/measures"),
            json!({ "content": "x", "deadline_kind": "dated", "deadline": "2023年9月30日" }),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(bad_date["error"]["fields"][0]["field"], "deadline");
    assert!(messages(&bad_date)[0].contains("整改时限"));

    // Submitting is refused with every gap named, and only the secretary may submit.
    let plan = expect(han.get(&format!("/api/inspections/{iid}/plan")).await, StatusCode::OK);
    assert_eq!(plan["gaps"].as_array().unwrap().len(), 2, "{}", plan["gaps"]);
    expect(
        hexl.post(&format!("/api/inspections/{iid}/plan/submit"), json!({ "version": plan["version"] })).await,
        StatusCode::FORBIDDEN,
    );
    let refused = expect(
        han.post(&format!("/api/inspections/{iid}/plan/submit"), json!({ "version": plan["version"] })).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(messages(&refused), vec!["问题1的第1条措施未明确责任人".to_string(), "问题2没有整改措施".to_string()]);

    // The target fills the gaps and submits; the office returns it with comments.
    let m1 = expect(
        hexl.put(
            &format!("/api/measures/{}", id(&m1)),
            json!({ "version": m1["version"], "content": m1["content"], "responsible_person": "梁志勇(经管站站长)",
            "deadline_kind": "dated", "deadline": "2023-10-31", "completion_standard": "清查台账、入账凭证" }),
        )
        .await,
        StatusCode::OK,
    );
    let m2 = expect(
        hexl.post(&format!("/api/problems/{p2}/measures"), json!({ "content": "制定主题党日活动清单,镇党委每月抽查2个村支部活动记录", "responsible_person": "田丽娟(组织委员)",
            "deadline_kind": "long_term", "deadline": "2023-12-31", "milestone": "年底前制定清单,此后每月抽查", "completion_standard": "活动清单、抽查记录" })).await,
        StatusCode::CREATED,
    );
    let plan = expect(han.get(&format!("/api/inspections/{iid}/plan")).await, StatusCode::OK);
    assert!(plan["gaps"].as_array().unwrap().is_empty());
    let plan = expect(
        han.post(&format!("/api/inspections/{iid}/plan/submit"), json!({ "version": plan["version"] })).await,
        StatusCode::OK,
    );
    assert_eq!(plan["status"], "submitted");
    expect(hexl.put(&format!("/api/measures/{}", id(&m1)), json!({ "version": m1["version"], "content": "改", "responsible_person": "x", "deadline_kind": "immediate", "completion_standard": "y" })).await, StatusCode::CONFLICT);
    let no_comment = expect(
        office
            .post(
                &format!("/api/inspections/{iid}/plan/review"),
                json!({ "version": plan["version"], "approve": false }),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert!(messages(&no_comment)[0].contains("书面意见"));
    expect(
        liu.post(
            &format!("/api/inspections/{iid}/plan/review"),
            json!({ "version": plan["version"], "approve": true }),
        )
        .await,
        StatusCode::FORBIDDEN,
    );
    let plan = expect(
        office
            .post(
                &format!("/api/inspections/{iid}/plan/review"),
                json!({ "version": plan["version"], "approve": false, "comments": "措施须量化",
            "problem_comments": [{ "problem_id": p2, "comment": "抽查比例过低" }] }),
            )
            .await,
        StatusCode::OK,
    );
    assert_eq!(plan["status"], "returned");
    let seen = expect(han.get(&format!("/api/inspections/{iid}/plan")).await, StatusCode::OK);
    assert_eq!(seen["comments"], "措施须量化");
    assert!(seen["submissions"][0]["problem_comments"].as_str().unwrap().contains("抽查比例过低"));
    let m2 = expect(hexl.put(&format!("/api/measures/{}", id(&m2)), json!({ "version": m2["version"], "content": "制定主题党日活动清单,镇党委每月抽查全部13个村支部活动记录", "responsible_person": "田丽娟(组织委员)",
        "deadline_kind": "long_term", "deadline": "2023-12-31", "milestone": "年底前制定清单,此后每月抽查", "completion_standard": "活动清单、抽查记录" })).await, StatusCode::OK);
    let plan = expect(
        han.post(&format!("/api/inspections/{iid}/plan/submit"), json!({ "version": seen["version"] })).await,
        StatusCode::OK,
    );
    let plan = expect(
        office
            .post(
                &format!("/api/inspections/{iid}/plan/review"),
                json!({ "version": plan["version"], "approve": true }),
            )
            .await,
        StatusCode::OK,
    );
    assert_eq!(plan["status"], "approved");
    assert_eq!(plan["submission_no"], 2);

    // Lights as of 2023-11-10: m1 (due 10-31) is red.
    let view = expect(han.get(&format!("/api/measures/{}", id(&m1))).await, StatusCode::OK);
    assert_eq!(view["light"], "red");

    // Closing needs the office or the team, and evidence.
    let m1 = expect(
        hexl.post(
            &format!("/api/measures/{}/progress", id(&m1)),
            json!({ "version": view["version"], "content": "13个村已全部清查入账", "status": "done" }),
        )
        .await,
        StatusCode::OK,
    );
    expect(
        han.post(&format!("/api/measures/{}/close", id(&m1)), json!({ "version": m1["version"] })).await,
        StatusCode::FORBIDDEN,
    );
    let no_evidence = expect(
        liu.post(&format!("/api/measures/{}/close", id(&m1)), json!({ "version": m1["version"] })).await,
        StatusCode::CONFLICT,
    );
    assert!(no_evidence["error"]["message"].as_str().unwrap().contains("佐证材料"));
    let bad_type = expect(
        hexl.upload(
            &format!("/api/measures/{}/evidence", id(&m1)),
            "run.exe",
            "application/x-msdownload",
            vec![0x4d, 0x5a],
            "2023-10-30",
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(bad_type["error"]["fields"][0]["field"], "file");
    let ev = expect(
        hexl.upload(
            &format!("/api/measures/{}/evidence", id(&m1)),
            "光伏收益清查台账.pdf",
            "application/pdf",
            b"%PDF-1.4 ledger".to_vec(),
            "2023-10-30",
        )
        .await,
        StatusCode::CREATED,
    );
    let file = t.login("han").await.http.get(format!("{}/api/evidence/{}", t.base, id(&ev))).send().await.unwrap();
    assert_eq!(file.status(), StatusCode::OK);
    assert!(file.headers()["content-disposition"].to_str().unwrap().contains("UTF-8''"));
    assert_eq!(file.bytes().await.unwrap().as_ref(), b"%PDF-1.4 ledger");
    expect(wu.get(&format!("/api/evidence/{}", id(&ev))).await, StatusCode::NOT_FOUND);
    // 销号 is a verification: it is refused without the verifier's written opinion.
    let unwritten = expect(
        liu.post(&format!("/api/measures/{}/close", id(&m1)), json!({ "version": m1["version"] })).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(unwritten["error"]["fields"][0]["field"], "note", "{unwritten}");
    let closed = expect(
        liu.post(
            &format!("/api/measures/{}/close", id(&m1)),
            json!({ "version": m1["version"], "note": "经核验,同意销号" }),
        )
        .await,
        StatusCode::OK,
    );
    assert_eq!(closed["status"], "closed");
    let p = expect(han.get(&format!("/api/problems/{p1}")).await, StatusCode::OK);
    assert_eq!(p["status"], "closed", "a problem closes with its last measure");

    // Reopening needs a reason, and reopens the problem.
    let no_reason = expect(
        office.post(&format!("/api/measures/{}/reopen", id(&m1)), json!({ "version": closed["version"] })).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert!(messages(&no_reason)[0].contains("理由"));
    let reopened = expect(
        office
            .post(
                &format!("/api/measures/{}/reopen", id(&m1)),
                json!({ "version": closed["version"], "reason": "抽查发现2个村收益仍未入账" }),
            )
            .await,
        StatusCode::OK,
    );
    assert_eq!(reopened["status"], "not_done");
    assert_eq!(expect(han.get(&format!("/api/problems/{p1}")).await, StatusCode::OK)["status"], "fed_back");

    // An extension keeps the original deadline; the office decides.
    let ext = expect(
        hexl.post(
            &format!("/api/measures/{}/extensions", id(&m2)),
            json!({ "requested_deadline": "2024-03-31", "reason": "部分村支部书记参加党校培训" }),
        )
        .await,
        StatusCode::CREATED,
    );
    expect(
        hexl.post(
            &format!("/api/measures/{}/extensions", id(&m2)),
            json!({ "requested_deadline": "2024-04-30", "reason": "再次申请" }),
        )
        .await,
        StatusCode::CONFLICT,
    );
    expect(
        han.post(
            &format!("/api/extensions/{}/decision", id(&ext)),
            json!({ "version": ext["version"], "approve": true }),
        )
        .await,
        StatusCode::FORBIDDEN,
    );
    expect(
        office
            .post(
                &format!("/api/extensions/{}/decision", id(&ext)),
                json!({ "version": ext["version"], "approve": true, "note": "同意" }),
            )
            .await,
        StatusCode::OK,
    );
    let m2 = expect(han.get(&format!("/api/measures/{}", id(&m2))).await, StatusCode::OK);
    assert_eq!((m2["original_deadline"].as_str(), m2["deadline"].as_str()), (Some("2023-12-31"), Some("2024-03-31")));
    assert_eq!(m2["extensions"][0]["original_deadline"], "2023-12-31");

    // The leader reads; the trail records everything and verifies.
    expect(leader.get(&format!("/api/inspections/{iid}/plan")).await, StatusCode::OK);
    expect(
        leader.post(&format!("/api/measures/{}/close", id(&m2)), json!({ "version": m2["version"] })).await,
        StatusCode::FORBIDDEN,
    );
    let history = expect(office.get(&format!("/api/audit/measure/{}", id(&m1))).await, StatusCode::OK);
    let actions: Vec<&str> = history.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        vec![
            "measure.create",
            "measure.update",
            "measure.progress",
            "evidence.upload",
            "measure.close",
            "measure.reopen"
        ]
    );
    // Each act says who (name and post) and when, in China time, on the run's own timeline:
    // this server judges as of 2023-11-10, and so stamps its records on that day.
    for e in history.as_array().unwrap() {
        let (at, at_text, who) =
            (e["at"].as_str().unwrap(), e["at_text"].as_str().unwrap(), e["who"].as_str().unwrap());
        assert!(at.starts_with("2023-11-10T") && at.ends_with("+08:00"), "{e}");
        assert!(at_text.starts_with("2023年11月10日 "), "{e}");
        assert!(who.contains('(') && !who.starts_with('('), "{e}");
        assert!(e.get("before").is_none() && e.get("hash").is_none(), "a view, not the stored row: {e}");
    }
    let labels: Vec<&str> = history.as_array().unwrap().iter().map(|e| e["action_label"].as_str().unwrap()).collect();
    assert_eq!(labels[0], "新增整改措施");
    expect(han.get(&format!("/api/audit/measure/{}", id(&m1))).await, StatusCode::NOT_FOUND);
    let verify = expect(office.get("/api/audit/verify").await, StatusCode::OK);
    assert_eq!(verify["ok"], true, "{verify}");
    // The ledger downloads as a workbook.
    let xlsx = office.http.get(format!("{}/api/ledger.xlsx?round={}", t.base, id(&round))).send().await.unwrap();
    assert_eq!(xlsx.status(), StatusCode::OK);
    assert_eq!(xlsx.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert!(xlsx.headers()["content-disposition"].to_str().unwrap().contains(".xlsx"));
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"));
    let tip_trail = expect(office.get(&format!("/api/audit/tip/{tip_id}")).await, StatusCode::OK);
    assert!(tip_trail.as_array().unwrap().iter().any(|e| e["action"] == "tip.unseal"));
    assert!(!tip_trail.to_string().contains("李某某"), "the trail never holds the tipper");
}
