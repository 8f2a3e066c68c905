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

/// What a county's set-up leaves for the assertions.
struct County {
    office: Client,
    leader: i64,
    round: i64,
    team: i64,
    inspection: i64,
    tip: i64,
    township: i64,
}

/// A county under `city`: its committee, its office's organisation and account, a township, a
/// team of two and an inspection of the township with a tip and a transfer, fed back, with a
/// ledger imported whose measure is `measure`.
async fn county(
    t: &TestApp,
    admin: &Client,
    n: usize,
    county: &str,
    township: &str,
    city: Option<i64>,
    measure: &str,
) -> County {
    let committee = org(admin, &format!("中共{county}委"), "county_committee", city).await;
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
    let (team_leader, team_deputy) = (t.login(&format!("leader{n}")).await, t.login(&format!("deputy{n}")).await);
    let tip = json!({ "channel": "letter", "content": format!("反映{township}光伏收益被挪用"), "received_on": "2023-05-08",
                      "tipper_name": "赵某某", "tipper_contact": "13912345678" });
    let tip = expect(team_leader.post(&format!("/api/inspections/{inspection}/tips"), tip).await, StatusCode::CREATED);
    let transfer = json!({ "kind": "lead", "body": "discipline", "content": format!("{township}干部涉嫌违纪线索"),
                           "transferred_on": "2023-07-01" });
    expect(team_leader.post(&format!("/api/inspections/{inspection}/transfers"), transfer).await, StatusCode::CREATED);
    // A work paper citing the tip, signed and fed back.
    let paper = json!({ "source": "tip", "summary": "村级光伏收益管理混乱", "evidence_list": "来信第1号件" });
    let p =
        expect(team_deputy.post(&format!("/api/inspections/{inspection}/problems"), paper).await, StatusCode::CREATED);
    for signer in [&team_deputy, &team_leader] {
        let now = expect(signer.get(&format!("/api/problems/{}", p["id"])).await, StatusCode::OK);
        let sign = json!({ "version": now["version"] });
        expect(signer.post(&format!("/api/problems/{}/sign", p["id"]), sign).await, StatusCode::OK);
    }
    let i = expect(team_leader.get(&format!("/api/inspections/{inspection}")).await, StatusCode::OK);
    let feedback = json!({ "version": i["version"], "date": "2023-08-15", "signed_for_by": "韩永明" });
    expect(team_leader.post(&format!("/api/inspections/{inspection}/feedback"), feedback).await, StatusCode::OK);
    let ledger = ledger(township, measure);
    let url = format!("/api/inspections/{inspection}/ledger-import?apply=true");
    expect(office.upload_file(&url, "整改台账.xlsx", ledger).await, StatusCode::OK);
    County { office, leader, round, team, inspection, tip: tip["id"].as_i64().unwrap(), township: target }
}

/// A township's ledger of one problem and one measure.
fn ledger(township: &str, measure: &str) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, format!("{township}巡察整改台账")).unwrap();
    for (c, h) in ["问题类别", "反馈问题", "整改措施", "具体责任人", "完成时限", "完成情况"].iter().enumerate()
    {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    for (c, v) in ["", "村级财务管理不规范,光伏收益长期未入账", measure, "经管站站长", "2023年11月底", "未完成"]
        .iter()
        .enumerate()
    {
        ws.write_string(2, c as u16, *v).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

fn ids(list: &Value) -> Vec<i64> {
    list.as_array().unwrap().iter().map(|x| x["id"].as_i64().unwrap()).collect()
}

/// The same measure in both counties, numbers and place changed: a copy across counties.
const COPIED: [&str; 2] = [
    "对12个村2021年以来光伏收益逐村清查,10月底前全部纳入村集体账户统一核算",
    "对9个村2021年以来光伏收益逐村清查,11月底前全部纳入村集体账户统一核算",
];

async fn a_countys_office_sees_its_own_county_and_nothing_of_the_next(backend: Backend) {
    let t = spawn_app(backend).await;
    let admin = t.login("admin").await;
    let city = org(&admin, "中共大同市委", "city_committee", None).await;
    let a = county(&t, &admin, 1, "天镇县", "谷前堡镇党委", Some(city), COPIED[0]).await;
    let b = county(&t, &admin, 2, "阳高县", "罗文皂镇党委", Some(city), COPIED[1]).await;
    let (office_a, office_b) = (&a.office, &b.office);
    let (insp_a, insp_b, tip_a, tip_b) = (a.inspection, b.inspection, a.tip, b.tip);

    // Each office lists its own county's inspection only.
    assert_eq!(ids(&expect(office_a.get("/api/inspections").await, StatusCode::OK)), vec![insp_a]);
    assert_eq!(ids(&expect(office_b.get("/api/inspections").await, StatusCode::OK)), vec![insp_b]);
    // The other county's records are as if they did not exist: inspection, tips, the tipper,
    // its round and everything hung on it, its records' history.
    for path in [
        format!("/api/inspections/{insp_b}"),
        format!("/api/inspections/{insp_b}/tips"),
        format!("/api/inspections/{insp_b}/problems"),
        format!("/api/inspections/{insp_b}/plan"),
        format!("/api/inspections/{insp_b}/signals"),
        format!("/api/inspections/{insp_b}/disclosures"),
        format!("/api/tips/{tip_b}"),
        format!("/api/rounds/{}/teams", b.round),
        format!("/api/rounds/{}/dashboard", b.round),
        format!("/api/rounds/{}/signals", b.round),
        format!("/api/audit/inspection/{insp_b}"),
        format!("/api/audit/round/{}", b.round),
        format!("/api/audit/organisation/{}", b.township),
        format!("/api/people?org={}", b.township),
    ] {
        let (status, body) = office_a.get(&path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {body}");
    }
    expect(office_a.get(&format!("/api/audit/inspection/{insp_a}")).await, StatusCode::OK);
    let (status, _) = office_a.post(&format!("/api/tips/{tip_b}/tipper"), json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "the other county's tipper");
    expect(office_a.get(&format!("/api/tips/{tip_a}")).await, StatusCode::OK);
    // Nor does the other county's team leader reach this county's tip.
    let (status, _) = t.login("leader2").await.get(&format!("/api/tips/{tip_a}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Rounds, organisations and the roster list this county's.
    let rounds = expect(office_a.get("/api/rounds").await, StatusCode::OK);
    assert_eq!(ids(&rounds), vec![a.round]);
    let orgs = expect(office_a.get("/api/organisations").await, StatusCode::OK).to_string();
    assert!(orgs.contains("谷前堡镇") && !orgs.contains("罗文皂") && !orgs.contains("阳高县"), "{orgs}");
    // Search finds this county's tip and nothing of the next.
    let found = expect(office_a.get("/api/search?q=光伏").await, StatusCode::OK);
    let text = found.to_string();
    assert!(text.contains("谷前堡镇") && !text.contains("罗文皂"), "{text}");
    // The transfer inbox and the reminders hold this county's only.
    let inbox = expect(office_a.get("/api/transfers").await, StatusCode::OK).to_string();
    assert!(inbox.contains("谷前堡镇") && !inbox.contains("罗文皂"), "{inbox}");
    let page = office_a.http.get(format!("{}/notifications", t.base)).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains("罗文皂"), "reminders of the other county");
    let home = office_a.http.get(format!("{}/", t.base)).send().await.unwrap().text().await.unwrap();
    assert!(home.contains("天镇县2023年第一轮巡察") && !home.contains("阳高县"), "the round picker and rankings");
    // The copy of the next county's measure is flagged, counted, and not shown.
    let signals = expect(office_a.get(&format!("/api/inspections/{insp_a}/signals")).await, StatusCode::OK);
    let flagged = signals.to_string();
    assert!(flagged.contains("其他县(区)的1条措施基本相同"), "{flagged}");
    assert!(!flagged.contains("罗文皂") && !flagged.contains("对9个村"), "{flagged}");
    // An office cannot send a team into the next county, nor put the next county's people on a
    // team, nor publish the next county's disclosure.
    let all_orgs = expect(admin.get("/api/organisations").await, StatusCode::OK);
    let other = all_orgs.as_array().unwrap().iter().find(|o| o["name"] == "罗文皂镇党委").unwrap()["id"].clone();
    let body = json!({ "team_id": a.team, "target_org_id": other, "kind": "regular", "entry_date": "2023-05-04", "exit_date": "2023-06-30" });
    let refused = expect(
        office_a.post(&format!("/api/rounds/{}/inspections", a.round), body.clone()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    // As for an organisation that does not exist: nothing of it (its name, its kind) is told.
    let mut missing = body;
    missing["target_org_id"] = json!(99_999_999);
    let as_missing = expect(
        office_a.post(&format!("/api/rounds/{}/inspections", a.round), missing).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(refused, as_missing);
    // Nor may it declare a conflict with the next county's organisation (a record naming it).
    let conflict = json!({ "org_id": other, "reason": "亲属在该镇工作" });
    let refused = expect(office_a.post("/api/conflicts", conflict).await, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.to_string().contains("组织不存在"), "{refused}");
    // A rebound link to the next county's problem is answered as a link to nothing.
    let problem_of = |list: Value| list[0]["id"].as_i64().unwrap();
    let pa = problem_of(expect(office_a.get(&format!("/api/inspections/{insp_a}/problems")).await, StatusCode::OK));
    let pb = problem_of(expect(office_b.get(&format!("/api/inspections/{insp_b}/problems")).await, StatusCode::OK));
    let now = expect(office_a.get(&format!("/api/problems/{pa}")).await, StatusCode::OK);
    let link = json!({ "version": now["version"], "rebound_of": pb });
    let refused =
        expect(office_a.put(&format!("/api/problems/{pa}/rebound"), link).await, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(crate::helpers::messages(&refused), vec!["所关联的问题不存在".to_string()]);
    // A history of the next county's record answers as one of no record at all; the chain's
    // check tells a county nothing of the whole database's activity.
    for path in [format!("/api/audit/tip/{tip_b}"), "/api/audit/tip/99999999".into(), "/api/audit/nothing/1".into()] {
        let (status, body) = office_a.get(&path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {body}");
    }
    let verify = expect(office_a.get("/api/audit/verify").await, StatusCode::OK);
    assert_eq!(verify, json!({ "ok": true }));
    let theirs = b.leader;
    let refused = expect(
        office_a
            .post(&format!("/api/teams/{}/members", a.team), json!({ "user_id": theirs, "position": "member" }))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert!(refused.to_string().contains("用户不存在"), "{refused}");
    let (status, _) = office_a.post(&format!("/api/rounds/{}/teams", b.round), json!({ "name": "第九巡察组" })).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a team in the next county's round");
    let draft = json!({ "title": "阳高县整改进展", "public_text": "罗文皂镇整改进展情况" });
    let d = expect(office_b.post(&format!("/api/inspections/{insp_b}/disclosures"), draft).await, StatusCode::CREATED);
    let (status, _) =
        office_a.post(&format!("/api/disclosures/{}/publish", d["id"]), json!({ "version": d["version"] })).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "publishing the next county's disclosure");

    // The city's office reads both counties, and none of their tips, tippers, transfers,
    // work papers or audit trails; it writes nothing.
    let city_office_org = org(&admin, "大同市委巡察办", "supervisory_body", Some(city)).await;
    user(&admin, "shixunchaban", "市委巡察办干部", "office", Some(city_office_org)).await;
    let city_office = t.login("shixunchaban").await;
    let mut both = ids(&expect(city_office.get("/api/inspections").await, StatusCode::OK));
    both.sort();
    assert_eq!(both, vec![insp_a, insp_b]);
    assert_eq!(ids(&expect(city_office.get("/api/rounds").await, StatusCode::OK)).len(), 2);
    for path in [
        format!("/api/inspections/{insp_a}/tips"),
        format!("/api/tips/{tip_a}"),
        format!("/api/audit/inspection/{insp_a}"),
    ] {
        let (status, body) = city_office.get(&path).await;
        assert!(matches!(status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN), "{path}: {status} {body}");
    }
    let (status, _) = city_office.post(&format!("/api/tips/{tip_b}/tipper"), json!({})).await;
    assert!(matches!(status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN), "a tipper: {status}");
    assert_eq!(expect(city_office.get("/api/transfers").await, StatusCode::OK), json!([]));
    let found = expect(city_office.get("/api/search?q=光伏").await, StatusCode::OK).to_string();
    assert!(!found.contains("被挪用"), "no tip is found: {found}");
    let problems = expect(city_office.get(&format!("/api/inspections/{insp_a}/problems")).await, StatusCode::OK);
    let problems = problems.to_string();
    assert!(
        problems.contains("村级光伏收益管理混乱")
            && !problems.contains("来信第1号件")
            && !problems.contains("\"source\""),
        "{problems}"
    );
    // It sees the copy across the counties named: the higher office is where that may be judged.
    let signals = expect(city_office.get(&format!("/api/inspections/{insp_a}/signals")).await, StatusCode::OK);
    assert!(signals.to_string().contains("罗文皂镇党委"), "{signals}");
    let (status, _) = city_office
        .post("/api/rounds", json!({ "name": "市级巡察", "start_date": "2024-03-01", "end_date": "2024-04-30" }))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a higher office plans no rounds");
    let (status, _) =
        city_office.post(&format!("/api/rounds/{}/teams", a.round), json!({ "name": "第九巡察组" })).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) =
        city_office.post(&format!("/api/disclosures/{}/publish", d["id"]), json!({ "version": d["version"] })).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a higher office publishes nothing");

    // With two counties in the database, an inspecting-side account under no committee (which
    // would see every county) is refused: each account is placed where it works.
    for role in ["office", "leader", "team", "supervisor"] {
        let body = json!({ "username": format!("nowhere.{role}"), "display_name": "无单位账号", "password": PASSWORD,
                           "role": role, "body": "discipline" });
        let refused = expect(admin.post("/api/users", body).await, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.to_string().contains("须指定所在单位"), "{role}: {refused}");
    }
}
