//! 巡察人才库: the demo's team drawn from the pool with one exclusion and one swap; a draw that
//! recuses by unit, balances services, opens accounts told once and draws again to the same
//! team from its record; refusals that name what is short; a swap held to the same rules; the
//! pool's record of a member holding later assignments; the workbook out and back in.

use reqwest::StatusCode;
use serde_json::{Value, json};
use xuncha_store::Backend;

use crate::helpers::{Client, PASSWORD, demo_login, demo_server, exec_sql, expect, sign_in};
use crate::on_both;

on_both!(
    the_demo_team_was_drawn_from_the_pool_with_one_exclusion_and_one_swap,
    a_draw_recuses_balances_and_opens_accounts_told_once,
    a_swap_needs_a_reason_and_a_cadre_free_of_conflict,
    the_pool_goes_out_to_a_workbook_and_back_and_bad_rows_are_named,
    a_link_by_name_is_shown_the_office_undoes_it_and_a_draw_then_opens_an_own_account,
    a_tie_the_office_records_after_a_member_joined_cuts_them_off_at_once,
);

async fn second_round(office: &Client) -> i64 {
    let rounds = expect(office.get("/api/rounds").await, StatusCode::OK);
    rounds.as_array().unwrap().iter().find(|r| r["name"] == "2023年第二轮巡察").unwrap()["id"].as_i64().unwrap()
}

async fn demo_draw(office: &Client) -> Value {
    let round = second_round(office).await;
    let draws = expect(office.get(&format!("/api/rounds/{round}/pool-draws")).await, StatusCode::OK);
    assert_eq!(draws.as_array().unwrap().len(), 1, "{draws}");
    expect(office.get(&format!("/api/pool-draws/{}", draws[0]["id"])).await, StatusCode::OK)
}

fn cadre_named<'a>(pool: &'a Value, name: &str) -> &'a Value {
    pool["cadres"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap()
}

async fn the_demo_team_was_drawn_from_the_pool_with_one_exclusion_and_one_swap(backend: Backend) {
    let t = demo_server(backend).await;
    let office = demo_login(&t.base, "office").await;
    let d = demo_draw(&office).await;
    assert_eq!(d["team_name"], "第一巡察组");
    assert_eq!(d["population"], 13);
    let exclusions = d["exclusions"].as_array().unwrap();
    assert_eq!(exclusions.len(), 1, "{d}");
    assert_eq!(exclusions[0]["name"], "李志刚");
    assert!(exclusions[0]["reason"].as_str().unwrap().contains("亲属(配偶)在县农业农村局任职"), "{d}");
    assert_eq!(d["replays"], true);
    assert!(d["drawn_by"].as_str().unwrap().starts_with("王振华("), "{d}");
    assert!(d["drawn_at"].as_str().unwrap().starts_with("2023年10月23日"), "on the story's day: {d}");
    let picks = d["picks"].as_array().unwrap();
    assert_eq!(picks.len(), 2);
    assert_eq!((picks[0]["slot"].as_str(), picks[1]["slot"].as_str()), (Some("财务"), Some("农业农村")));
    assert_eq!(picks[0]["on_team"], false, "the finance member was swapped out: {d}");
    let swap = &d["swaps"][0];
    assert!(swap["reason"].as_str().unwrap().contains("预算编制"), "{swap}");
    assert!(swap["at"].as_str().unwrap().starts_with("2023年10月25日"), "{swap}");
    // 韩磊 left 县农业农村局 in 2019, more than three years before: not recused.
    assert!(!exclusions.iter().any(|x| x["name"] == "韩磊"));
    // The team now has its three appointed members, the agriculture pick and the replacement.
    let teams = expect(office.get(&format!("/api/rounds/{}/teams", d["round_id"])).await, StatusCode::OK);
    let members: Vec<&str> =
        teams[0]["members"].as_array().unwrap().iter().filter_map(|m| m["display_name"].as_str()).collect();
    assert_eq!(members.len(), 5, "{members:?}");
    assert!(
        members.contains(&swap["in_name"].as_str().unwrap()) && !members.contains(&swap["out_name"].as_str().unwrap())
    );
    // The pool shows who served where; inspectors of the first round count one service each.
    let pool = expect(office.get("/api/pool").await, StatusCode::OK);
    assert_eq!(cadre_named(&pool, "何鹏")["services"].as_array().unwrap().len(), 1);
    assert_eq!(cadre_named(&pool, swap["in_name"].as_str().unwrap())["has_account"], true);
    // The team's history says who drew and who swapped.
    let history = expect(office.get(&format!("/api/audit/team/{}", d["team_id"])).await, StatusCode::OK);
    let said: Vec<&str> = history.as_array().unwrap().iter().filter_map(|e| e["summary"].as_str()).collect();
    assert!(said.iter().any(|s| s.starts_with("从巡察人才库抽取") && s.contains("回避或不能抽取1人")), "{said:?}");
    assert!(said.iter().any(|s| s.contains("调换为")), "{said:?}");
    // A draw rewritten behind the application (李志刚's exclusion struck from its population)
    // no longer agrees with the trail's digest of it.
    let sql = format!(
        "UPDATE pool_draw SET population = REPLACE(population, '\"excluded\":', '\"struck\":') WHERE id = {}",
        d["id"]
    );
    exec_sql(&t.store, &sql).await;
    let after = expect(office.get(&format!("/api/pool-draws/{}", d["id"])).await, StatusCode::OK);
    assert_eq!(after["exclusions"].as_array().unwrap().len(), 0, "the rewrite took");
    assert_eq!(after["replays"], false);
}

/// A new team of the second round inspecting 县侨联, where 王海涛 of the pool works.
async fn team_for_qiaolian(office: &Client) -> (i64, i64) {
    let round = second_round(office).await;
    let team = expect(
        office.post(&format!("/api/rounds/{round}/teams"), json!({ "name": "第二巡察组" })).await,
        StatusCode::CREATED,
    );
    let orgs = expect(office.get("/api/organisations").await, StatusCode::OK);
    let qiaolian = orgs.as_array().unwrap().iter().find(|o| o["name"] == "县侨联").unwrap()["id"].as_i64().unwrap();
    let insp = json!({ "team_id": team["id"], "target_org_id": qiaolian, "kind": "regular",
        "entry_date": "2023-11-13", "exit_date": "2023-12-15" });
    expect(office.post(&format!("/api/rounds/{round}/inspections"), insp).await, StatusCode::CREATED);
    (round, team["id"].as_i64().unwrap())
}

async fn a_draw_recuses_balances_and_opens_accounts_told_once(backend: Backend) {
    let t = demo_server(backend).await;
    let office = demo_login(&t.base, "office").await;
    let round = second_round(&office).await;
    // A team without targets cannot be drawn for: the rule needs them.
    let bare = expect(
        office.post(&format!("/api/rounds/{round}/teams"), json!({ "name": "第三巡察组" })).await,
        StatusCode::CREATED,
    );
    let one = json!({ "slots": [{ "expertise": "organisation", "count": 1 }] });
    let refused = office.post(&format!("/api/teams/{}/pool-draws", bare["id"]), one.clone()).await;
    assert!(refused.1.to_string().contains("请先为第三巡察组分配巡察对象"), "{refused:?}");

    let (_, team) = team_for_qiaolian(&office).await;
    let drawn = expect(office.post(&format!("/api/teams/{team}/pool-draws"), one.clone()).await, StatusCode::CREATED);
    let d = &drawn["draw"];
    // 何鹏 served in the first round; 冯晓燕 never did; 王海涛 works at 县侨联.
    assert_eq!(d["picks"][0]["name"], "冯晓燕", "{d}");
    let reasons: Vec<String> = d["exclusions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| format!("{}:{}", x["name"].as_str().unwrap(), x["reason"].as_str().unwrap()))
        .collect();
    assert!(reasons.contains(&"王海涛:本人在被巡察党组织县侨联工作".to_string()), "{reasons:?}");
    assert!(
        reasons.iter().any(|r| r.contains("本轮已在第一巡察组")),
        "members of another team of the round: {reasons:?}"
    );
    assert_eq!(d["replays"], true);
    // 冯晓燕 had no account: one is opened, with no password anyone knows (the operator sets
    // it, as for every account that reads tips), and named on the draw.
    let opened = drawn["opened"].as_array().unwrap();
    assert_eq!(opened.len(), 1);
    assert!(opened[0].get("initial_password").is_none(), "{drawn}");
    let username = opened[0]["username"].as_str().unwrap();
    assert_eq!(d["picks"][0]["account"], username);
    let (_, status) = sign_in(&t.base, username, "").await;
    assert_ne!(status, StatusCode::OK);
    // A former post left within the years set recuses; one with a separator is refused.
    let orgs = expect(office.get("/api/organisations").await, StatusCode::OK);
    let org_id =
        |name: &str| orgs.as_array().unwrap().iter().find(|o| o["name"] == name).unwrap()["id"].as_i64().unwrap();
    let luo = json!({ "name": "罗晓军", "org_id": org_id("县审计局"), "expertise": ["law"],
        "former_posts": [{ "org_id": org_id("县侨联"), "post": "办公室主任", "left_on": "2022-06-30" }] });
    expect(office.post("/api/pool", luo).await, StatusCode::CREATED);
    let slashed = json!({ "name": "石磊", "org_id": org_id("县审计局"), "expertise": ["law"],
        "relatives": [{ "org_id": org_id("县侨联"), "relation": "配偶/子女" }] });
    let refused = office.post("/api/pool", slashed).await;
    assert_eq!(refused.1["error"]["fields"][0]["field"], "relatives", "{refused:?}");
    let law = json!({ "slots": [{ "expertise": "law", "count": 1 }] });
    let drawn = expect(office.post(&format!("/api/teams/{team}/pool-draws"), law).await, StatusCode::CREATED);
    assert_ne!(drawn["draw"]["picks"][0]["name"], "罗晓军", "{drawn}");
    let reasons = drawn["draw"]["exclusions"].to_string();
    assert!(reasons.contains("曾任县侨联办公室主任,2022-06-30离任未满3年"), "{reasons}");
    // Too few left is refused, naming the expertise (何鹏 alone is left with 组织).
    let two = json!({ "slots": [{ "expertise": "organisation", "count": 2 }] });
    let short = office.post(&format!("/api/teams/{team}/pool-draws"), two).await;
    assert_eq!(short.0, StatusCode::CONFLICT, "{short:?}");
    assert!(short.1.to_string().contains("专长“组织”的可抽人员不足:需要2人,除去回避的只有1人"), "{short:?}");

    // The pool's record holds later assignments: 冯晓燕 declares her spouse at 县统计局, and the
    // team cannot then be sent there.
    let pool = expect(office.get("/api/pool").await, StatusCode::OK);
    let feng = cadre_named(&pool, "冯晓燕").clone();
    let stats = org_id("县统计局");
    let update = json!({ "name": "冯晓燕", "org_id": feng["org_id"], "post": feng["post"], "expertise": feng["expertise"],
        "relatives": [{ "org_id": stats, "relation": "配偶" }], "version": feng["version"] });
    expect(office.put(&format!("/api/pool/{}", feng["id"]), update).await, StatusCode::OK);
    let insp = json!({ "team_id": team, "target_org_id": stats, "kind": "regular", "entry_date": "2023-11-13", "exit_date": "2023-12-15" });
    let held = office.post(&format!("/api/rounds/{round}/inspections"), insp).await;
    assert_eq!(held.0, StatusCode::UNPROCESSABLE_ENTITY, "{held:?}");
    assert!(held.1.to_string().contains("冯晓燕:亲属(配偶)在县统计局任职"), "{held:?}");
}

async fn a_swap_needs_a_reason_and_a_cadre_free_of_conflict(backend: Backend) {
    let t = demo_server(backend).await;
    let office = demo_login(&t.base, "office").await;
    let d = demo_draw(&office).await;
    let pool = expect(office.get("/api/pool").await, StatusCode::OK);
    let on_team = d["picks"][1]["cadre_id"].clone();
    let path = format!("/api/pool-draws/{}/swaps", d["id"]);
    let free = cadre_named(&pool, "陈玉兰")["id"].clone();
    // The demo drew one of the two with agriculture (by its seed): the other replaces them.
    let other = if d["picks"][1]["name"] == "韩磊" { "高建英" } else { "韩磊" };
    let farmer = cadre_named(&pool, other)["id"].clone();
    let no_reason = office.post(&path, json!({ "out_cadre_id": on_team, "in_cadre_id": free, "reason": " " })).await;
    assert_eq!(no_reason.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(no_reason.1["error"]["fields"][0]["field"], "reason");
    let li = cadre_named(&pool, "李志刚")["id"].clone();
    let recused = office.post(&path, json!({ "out_cadre_id": on_team, "in_cadre_id": li, "reason": "工作需要" })).await;
    assert_eq!(recused.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(recused.1.to_string().contains("亲属(配偶)"), "{recused:?}");
    // The agriculture member is replaced by someone with agriculture, not by anyone free.
    let no_skill =
        office.post(&path, json!({ "out_cadre_id": on_team, "in_cadre_id": free, "reason": "工作需要" })).await;
    assert!(no_skill.1.to_string().contains("没有“农业农村”专长"), "{no_skill:?}");
    let not_drawn = office.post(&path, json!({ "out_cadre_id": free, "in_cadre_id": li, "reason": "工作需要" })).await;
    assert_eq!(not_drawn.1["error"]["fields"][0]["field"], "out_cadre_id", "{not_drawn:?}");
    // Nothing of the refusals changed the draw.
    let after = expect(office.get(&format!("/api/pool-draws/{}", d["id"])).await, StatusCode::OK);
    assert_eq!(after["swaps"].as_array().unwrap().len(), 1);
    // A free cadre comes in, with the reason recorded.
    let ok = expect(
        office
            .post(&path, json!({ "out_cadre_id": on_team, "in_cadre_id": farmer, "reason": "本人临时抽调县防汛专班" }))
            .await,
        StatusCode::OK,
    );
    assert_eq!(ok["draw"]["swaps"].as_array().unwrap().len(), 2);
    assert_eq!(ok["draw"]["picks"][1]["on_team"], false);
    // The one swapped in may be swapped out again, and is listed among those the draw put on.
    let current: Vec<&str> =
        ok["draw"]["current"].as_array().unwrap().iter().filter_map(|m| m["name"].as_str()).collect();
    assert!(current.contains(&other), "{current:?}");
    // Only the office.
    let leader = demo_login(&t.base, "leader").await;
    assert_eq!(leader.get("/api/pool").await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        leader.post(&path, json!({ "out_cadre_id": 1, "in_cadre_id": 2, "reason": "x" })).await.0,
        StatusCode::FORBIDDEN
    );
}

fn workbook(rows: &[[&str; 7]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["姓名", "工作单位", "职务", "专长", "联系电话", "曾任职务", "亲属任职"].iter().enumerate()
    {
        sheet.write(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write((r + 1) as u32, c as u16, *v).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

async fn the_pool_goes_out_to_a_workbook_and_back_and_bad_rows_are_named(backend: Backend) {
    let t = demo_server(backend).await;
    let office = demo_login(&t.base, "office").await;
    let (status, kind, data) = office.download("/api/pool-export").await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.contains("spreadsheetml"), "{kind}");
    // Read back as it was written: nothing to change.
    let back = expect(office.upload_file("/api/pool-import?apply=true", "人才库.xlsx", data).await, StatusCode::OK);
    assert_eq!(back["outcome"]["summary"], json!({ "created": 0, "updated": 0, "unchanged": 13 }), "{back}");
    assert_eq!(back["preview"]["issues"], json!([]));
    // A new cadre with a former post, a row with an unknown unit, a row with an unknown expertise.
    let file = workbook(&[
        ["罗晓军", "县审计局", "审计股干部", "审计、财务", "13903520011", "谷前堡镇党委/副镇长/2022-06-30", ""],
        ["石磊", "县不存在局", "干部", "法律", "", "", ""],
        ["田甜", "县统计局", "干部", "木工", "", "", ""],
        ["何鹏", "县审计局", "干部", "组织", "", "", ""],
        ["苗青", "县统计局", "干部", "法律", "", "", "县侨联/配偶;子女"],
    ]);
    let preview = expect(office.upload_file("/api/pool-import", "人才库.xlsx", file.clone()).await, StatusCode::OK);
    let issues = preview["preview"]["issues"].to_string() + &preview["outcome"]["issues"].to_string();
    assert!(issues.contains("\"row\":4") && issues.contains("无法识别的专长"), "{issues}");
    assert!(issues.contains("\"row\":3") && issues.contains("工作单位“县不存在局”不存在"), "{issues}");
    assert!(issues.contains("\"row\":5") && issues.contains("库中已有何鹏(县档案馆)"), "{issues}");
    assert!(issues.contains("\"row\":6") && issues.contains("第2条应写作“单位/关系”"), "{issues}");
    assert_eq!(preview["outcome"]["applied"], false);
    let all =
        expect(office.upload_file("/api/pool-import?apply=true", "人才库.xlsx", file.clone()).await, StatusCode::OK);
    assert_eq!(all["outcome"]["applied"], false, "a file with bad rows is not imported whole");
    let valid = expect(
        office.upload_file("/api/pool-import?apply=true&accept_valid=true", "人才库.xlsx", file).await,
        StatusCode::OK,
    );
    assert_eq!(valid["outcome"]["summary"]["created"], 1, "{valid}");
    let pool = expect(office.get("/api/pool").await, StatusCode::OK);
    let luo = cadre_named(&pool, "罗晓军");
    assert_eq!(luo["expertise"], json!(["audit", "finance"]));
    assert_eq!(luo["former_posts"][0]["left_on"], "2022-06-30");
}

async fn team_account(admin: &Client, username: &str, name: &str, org_id: i64) -> i64 {
    let body =
        json!({ "username": username, "display_name": name, "password": PASSWORD, "role": "team", "org_id": org_id });
    expect(admin.post("/api/users", body).await, StatusCode::CREATED)["id"].as_i64().unwrap()
}

/// The members of a team, by account.
async fn members_of(office: &Client, round: &Value, team: i64) -> Vec<i64> {
    let teams = expect(office.get(&format!("/api/rounds/{round}/teams")).await, StatusCode::OK);
    let team = teams.as_array().unwrap().iter().find(|x| x["id"] == team).unwrap().clone();
    team["members"].as_array().unwrap().iter().map(|m| m["user_id"].as_i64().unwrap()).collect()
}

async fn a_link_by_name_is_shown_the_office_undoes_it_and_a_draw_then_opens_an_own_account(backend: Backend) {
    let t = demo_server(backend).await;
    let office = demo_login(&t.base, "office").await;
    let admin = demo_login(&t.base, "admin").await;
    let orgs = expect(office.get("/api/organisations").await, StatusCode::OK);
    let org_id =
        |name: &str| orgs.as_array().unwrap().iter().find(|o| o["name"] == name).unwrap()["id"].as_i64().unwrap();
    let audit = org_id("县审计局");
    // 县审计局 has a team account 张伟 (someone who served before the pool was kept); a cadre 张伟
    // of the same unit joins the pool and is linked to it by name alone, which the pool says.
    let zhangwei = team_account(&admin, "zhangwei", "张伟", audit).await;
    let cadre = json!({ "name": "张伟", "org_id": audit, "post": "县审计局信息股干部", "expertise": ["information"] });
    let added = expect(office.post("/api/pool", cadre).await, StatusCode::CREATED);
    let id = added["id"].as_i64().unwrap();
    assert_eq!(added["account"]["username"], "zhangwei", "{added}");
    assert_eq!(added["account"]["org_name"], "县审计局");
    assert_eq!(added["account_link"], "name");
    // Unchecked, the link keeps 张伟 (the pool's one 信息化 cadre) out of a draw: drawn, the
    // account would join the team and read its tips.
    let (_, team) = team_for_qiaolian(&office).await;
    let slot = json!({ "slots": [{ "expertise": "information", "count": 1 }] });
    let draw_path = format!("/api/teams/{team}/pool-draws");
    let held = office.post(&draw_path, slot.clone()).await;
    assert_eq!(held.0, StatusCode::CONFLICT, "{held:?}");
    assert!(held.1.to_string().contains("专长“信息化”的可抽人员不足"), "{held:?}");
    // The office confirms it (at the version it read), and the draw takes the account.
    let confirm = format!("/api/pool/{id}/account/confirm");
    let stale = office.post(&confirm, json!({ "version": 0 })).await;
    assert_eq!(stale.0, StatusCode::CONFLICT, "{stale:?}");
    let confirmed = expect(office.post(&confirm, json!({ "version": added["version"] })).await, StatusCode::OK);
    assert_eq!(confirmed["account_link"], "office");
    let drawn = expect(office.post(&draw_path, slot.clone()).await, StatusCode::CREATED);
    assert_eq!(drawn["draw"]["picks"][0]["name"], "张伟", "{drawn}");
    assert_eq!(drawn["opened"], json!([]));
    let round = drawn["draw"]["round_id"].clone();
    assert!(members_of(&office, &round, team).await.contains(&zhangwei));

    // Then the office learns zhangwei is another 张伟 and undoes the link: a reason is needed,
    // and the version read.
    let path = format!("/api/pool/{id}/account/unlink");
    let bare = office.post(&path, json!({ "version": confirmed["version"], "reason": "  " })).await;
    assert_eq!(bare.0, StatusCode::UNPROCESSABLE_ENTITY, "{bare:?}");
    assert_eq!(bare.1["error"]["fields"][0]["field"], "reason");
    let reason = "同名不同人:zhangwei 是县审计局另一名张伟";
    let stale = office.post(&path, json!({ "version": added["version"], "reason": reason })).await;
    assert_eq!(stale.0, StatusCode::CONFLICT, "{stale:?}");
    let cadre = expect(office.get(&format!("/api/pool/{id}")).await, StatusCode::OK);
    let undone =
        expect(office.post(&path, json!({ "version": cadre["version"], "reason": reason })).await, StatusCode::OK);
    assert_eq!(undone["left_teams"], json!(["第二巡察组"]), "{undone}");
    let undone = undone["cadre"].clone();
    assert_eq!(undone["account"], Value::Null, "{undone}");
    assert_eq!((undone["has_account"].as_bool(), undone["account_link"].as_str()), (Some(false), Some("refused")));
    // The namesake's account leaves the team the draw put it on, and the draw says so.
    assert!(!members_of(&office, &round, team).await.contains(&zhangwei), "zhangwei still reads the team's tips");
    let d = expect(office.get(&format!("/api/pool-draws/{}", drawn["draw"]["id"])).await, StatusCode::OK);
    assert_eq!((d["picks"][0]["on_team"].as_bool(), d["picks"][0]["swapped"].as_bool()), (Some(false), Some(false)));
    let team_history = expect(office.get(&format!("/api/audit/team/{team}")).await, StatusCode::OK);
    assert!(team_history.to_string().contains("调出本组"), "{team_history}");
    let again = office.post(&path, json!({ "version": undone["version"], "reason": reason })).await;
    assert_eq!(again.0, StatusCode::UNPROCESSABLE_ENTITY, "{again:?}");
    assert_eq!(again.1["error"]["fields"][0]["field"], "account");
    let nothing = office.post(&confirm, json!({ "version": undone["version"] })).await;
    assert_eq!(nothing.0, StatusCode::UNPROCESSABLE_ENTITY, "nothing to confirm: {nothing:?}");
    // The cadre's history says who undid which link, when, and why.
    let history = expect(office.get(&format!("/api/audit/pool_cadre/{id}")).await, StatusCode::OK);
    let entry =
        history.as_array().unwrap().iter().find(|e| e["summary"].as_str().unwrap().starts_with("解除")).unwrap();
    let said = entry["summary"].as_str().unwrap();
    assert!(said.contains("zhangwei") && said.contains("巡察办指定或核实") && said.contains(reason), "{said}");
    assert!(entry.to_string().contains("王振华"), "{entry}");
    // Drawn again, 张伟 gets an account of their own.
    let drawn = expect(office.post(&draw_path, slot).await, StatusCode::CREATED);
    assert_eq!(drawn["draw"]["picks"][0]["name"], "张伟", "{drawn}");
    let opened = drawn["opened"].as_array().unwrap();
    assert_eq!(opened.len(), 1, "{drawn}");
    let own = opened[0]["user_id"].as_i64().unwrap();
    assert_ne!(own, zhangwei);
    let members = members_of(&office, &round, team).await;
    assert!(members.contains(&own) && !members.contains(&zhangwei), "{members:?}");
    // That account is theirs: nothing to confirm, no link to undo.
    let now = expect(office.get(&format!("/api/pool/{id}")).await, StatusCode::OK);
    assert_eq!(now["account_link"], "opened");
    for (path, body) in [
        (&confirm, json!({ "version": now["version"] })),
        (&path, json!({ "version": now["version"], "reason": reason })),
    ] {
        let kept = office.post(path, body).await;
        assert_eq!(kept.0, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {kept:?}");
        assert_eq!(kept.1["error"]["fields"][0]["field"], "account", "{kept:?}");
    }

    // Two accounts of one name in one unit: the system cannot tell which is the cadre's and
    // links neither; the office chooses among its unit's accounts no cadre holds, namesakes
    // first.
    let lina1 = team_account(&admin, "lina1", "李娜", audit).await;
    let lina2 = team_account(&admin, "lina2", "李娜", audit).await;
    let cadre = json!({ "name": "李娜", "org_id": audit, "expertise": ["audit"] });
    let lina = expect(office.post("/api/pool", cadre).await, StatusCode::CREATED);
    assert_eq!((&lina["account"], lina["account_link"].as_str()), (&Value::Null, Some("none")), "{lina}");
    let choices = expect(office.get(&format!("/api/pool/{}/accounts", lina["id"])).await, StatusCode::OK);
    let offered: Vec<i64> = choices.as_array().unwrap().iter().map(|a| a["user_id"].as_i64().unwrap()).collect();
    assert_eq!(offered[..3], [lina1, lina2, zhangwei], "the unit's namesakes, then the unit: {choices}");
    assert!(choices.as_array().unwrap().iter().all(|a| a["org_name"] == "县审计局"), "{choices}");
    let link = format!("/api/pool/{}/account", lina["id"]);
    // Not an account of the office's choosing: a secretary's, one of another unit, or one
    // another cadre holds.
    let users = expect(admin.get("/api/users").await, StatusCode::OK);
    let user =
        |pred: &dyn Fn(&Value) -> bool| users.as_array().unwrap().iter().find(|u| pred(u)).unwrap()["id"].clone();
    let secretary = user(&|u| u["role"] == "target_secretary");
    let elsewhere = user(&|u| u["role"] == "team" && u["username"] == "team1.leader");
    for wrong in [secretary, elsewhere, json!(own)] {
        let refused = office.post(&link, json!({ "version": lina["version"], "user_id": wrong })).await;
        assert_eq!(refused.0, StatusCode::UNPROCESSABLE_ENTITY, "{refused:?}");
        assert_eq!(refused.1["error"]["fields"][0]["field"], "user_id", "{refused:?}");
    }
    let chosen =
        expect(office.post(&link, json!({ "version": lina["version"], "user_id": lina2 })).await, StatusCode::OK);
    assert_eq!(
        (chosen["account"]["username"].as_str(), chosen["account_link"].as_str()),
        (Some("lina2"), Some("office"))
    );
    let twice = office.post(&link, json!({ "version": chosen["version"], "user_id": lina1 })).await;
    assert_eq!(twice.0, StatusCode::UNPROCESSABLE_ENTITY, "{twice:?}");
    assert_eq!(twice.1["error"]["fields"][0]["field"], "account");
}

/// The pool's record holds on every request, not only at assignment: the office records that
/// 何鹏's wife works at the organisation his team (第三巡察组) is inspecting, and from his next
/// request he reads neither the inspection nor its tips; the office's round page names the tie.
async fn a_tie_the_office_records_after_a_member_joined_cuts_them_off_at_once(backend: Backend) {
    let t = demo_server(backend).await;
    let office = demo_login(&t.base, "office").await;
    let he = demo_login(&t.base, "team3.member").await;
    let listed = expect(he.get("/api/inspections").await, StatusCode::OK);
    let insp = listed.as_array().unwrap().first().expect("team3 inspects an organisation").clone();
    let (id, target) = (insp["id"].as_i64().unwrap(), insp["target_org_id"].as_i64().unwrap());
    let reads = [format!("/api/inspections/{id}"), format!("/api/inspections/{id}/tips")];
    for path in &reads {
        expect(he.get(path).await, StatusCode::OK);
    }
    let pool = expect(office.get("/api/pool").await, StatusCode::OK);
    let cadre = cadre_named(&pool, "何鹏").clone();
    let update = json!({ "name": "何鹏", "org_id": cadre["org_id"], "post": cadre["post"], "expertise": cadre["expertise"],
        "relatives": [{ "org_id": target, "relation": "配偶" }], "version": cadre["version"] });
    let recorded = expect(office.put(&format!("/api/pool/{}", cadre["id"]), update).await, StatusCode::OK);
    for path in &reads {
        assert_eq!(he.get(path).await.0, StatusCode::NOT_FOUND, "{path}");
    }
    let me = expect(he.get("/api/me").await, StatusCode::OK);
    assert!(me["recusals"][0]["reason"].as_str().is_some_and(|r| r.contains("巡察人才库记载您")), "{me}");
    assert_eq!(me["recusals"][0]["targets"][0], insp["target_name"], "{me}");
    let still = expect(he.get("/api/inspections").await, StatusCode::OK);
    assert!(!still.as_array().unwrap().iter().any(|i| i["id"] == id), "{still}");
    // His leader still works it; the office is told why, in the pool's words.
    let leader = demo_login(&t.base, "team3.leader").await;
    expect(leader.get(&reads[0]).await, StatusCode::OK);
    let teams = expect(office.get(&format!("/api/rounds/{}/teams", insp["round_id"])).await, StatusCode::OK);
    let told: Vec<String> = teams
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["recusals"].as_array().unwrap())
        .map(|r| format!("{}:{}", r["display_name"].as_str().unwrap(), r["reason"].as_str().unwrap()))
        .collect();
    let expected = format!("何鹏:亲属(配偶)在{}任职", insp["target_name"].as_str().unwrap());
    assert!(told.iter().any(|r| r.starts_with(&expected)), "{told:?}");
    // A tie recorded in error and struck out gives the inspection back at once.
    let struck = json!({ "name": "何鹏", "org_id": cadre["org_id"], "post": cadre["post"], "expertise": cadre["expertise"],
        "relatives": [], "version": recorded["version"] });
    expect(office.put(&format!("/api/pool/{}", cadre["id"]), struck).await, StatusCode::OK);
    for path in &reads {
        expect(he.get(path).await, StatusCode::OK);
    }
}
