//! 问题库: the county's library in editions, an import that names every bad line and keeps
//! nothing until it reads whole, problems classified (and corrected by the office, on the
//! record), a team picking a typical problem when drafting, and the dashboard's counts.

use reqwest::StatusCode;
use serde_json::{Value, json};
use xuncha_store::Backend;

use crate::helpers::{demo_login, demo_server, expect, messages};
use crate::on_both;

on_both!(
    the_office_imports_an_edition_and_a_bad_file_is_named_line_by_line_and_kept_nowhere,
    problems_are_classified_and_the_office_corrects_one_on_the_record,
    a_team_picks_a_typical_problem_when_drafting_and_the_dashboard_counts_by_typical_problem,
    the_concept_lexicon_in_force_judges_rebounds_and_the_office_imports_its_own_edition,
    an_edition_that_no_longer_reads_is_named_and_an_older_one_stands_in,
);

async fn the_office_imports_an_edition_and_a_bad_file_is_named_line_by_line_and_kept_nowhere(backend: Backend) {
    let t = demo_server(backend).await;
    let office = demo_login(&t.base, "office").await;
    let lib = expect(office.get("/api/library").await, StatusCode::OK);
    // The demo's office added the county's own line: 第2版, the shipped edition kept as 第1版.
    assert_eq!(lib["edition"]["number"], 2, "{}", lib["edition"]);
    assert!(lib["edition"]["imported_by"].as_str().unwrap().contains("王振华"), "{}", lib["edition"]);
    assert!(
        lib["edition"]["imported_at"].as_str().unwrap().starts_with("2023年4月20日"),
        "on the day of the demo's act"
    );
    let editions: Vec<i64> =
        lib["editions"].as_array().unwrap().iter().map(|e| e["number"].as_i64().unwrap()).collect();
    assert_eq!(editions, vec![2, 1]);
    let problems = lib["problems"].as_array().unwrap();
    assert!(problems.iter().any(|p| p["name"] == "光伏扶贫收益分配使用不规范"));
    assert!(problems.len() >= 45);

    // A team reads it (it drafts from it), but does not import.
    let member = demo_login(&t.base, "team1.member").await;
    expect(member.get("/api/library").await, StatusCode::OK);
    let line = "9.9.9\t大类\t方面\t典型问题\t表述\t依据\t识别词";
    let refused = member.post("/api/library", json!({ "lines": [line], "note": "x" })).await;
    assert_eq!(refused.0, StatusCode::FORBIDDEN, "{}", refused.1);

    // A file with bad lines: each named by its number, nothing kept.
    let bad = [
        "# 注释",
        "1\t甲\t乙",
        "2\t甲\t乙\t丙\t丁\t戊\t",
        "1.1\t类\t面\t名\t表述\t依据\t词",
        "1.1\t类\t面\t名\t表述\t依据\t词",
    ];
    let answer = office.post("/api/library", json!({ "lines": bad, "note": "试导入" })).await;
    assert_eq!(answer.0, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.1);
    let said = messages(&answer.1);
    assert!(said.iter().any(|m| m.starts_with("第2行") && m.contains("7栏")), "{said:?}");
    assert!(said.iter().any(|m| m.starts_with("第3行") && m.contains("识别词")), "{said:?}");
    assert!(said.iter().any(|m| m.starts_with("第5行") && m.contains("重复")), "{said:?}");
    let after = expect(office.get("/api/library").await, StatusCode::OK);
    assert_eq!(after["edition"]["number"], 2, "a refused file keeps nothing");
    // Hostile text: a direction override inside a line, and a file too large, are refused in words.
    let odd = "1\t类\t面\t理论\u{202e}学习\t表述\t依据\t词";
    let odd = office.post("/api/library", json!({ "lines": [odd], "preview": true })).await;
    assert_eq!(odd.0, StatusCode::UNPROCESSABLE_ENTITY, "{}", odd.1);
    let many = vec!["# 注释"; 10_001];
    let many = office.post("/api/library", json!({ "lines": many, "preview": true })).await;
    assert!(many.0 == StatusCode::UNPROCESSABLE_ENTITY || many.0 == StatusCode::PAYLOAD_TOO_LARGE, "{}", many.0);
    // A preview reads and keeps nothing; the import keeps the next edition.
    let mut lines: Vec<String> = lib["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                p["code"].as_str().unwrap(),
                p["category"].as_str().unwrap(),
                p["aspect"].as_str().unwrap(),
                p["name"].as_str().unwrap(),
                p["wording"].as_str().unwrap(),
                p["basis"].as_str().unwrap(),
                p["terms"].as_str().unwrap()
            )
        })
        .collect();
    lines.push("4.9.1\t巡察、审计等监督发现问题整改\t整改责任和成效\t整改资料弄虚作假\t整改资料弄虚作假\t《中国共产党纪律处分条例》\t整改资料&(伪造|后补)".into());
    let preview = expect(office.post("/api/library", json!({ "lines": lines, "preview": true })).await, StatusCode::OK);
    assert!(preview["number"].is_null());
    assert_eq!(preview["problems"].as_array().unwrap().len(), problems.len() + 1);
    assert_eq!(preview["added"], json!(["4.9.1 整改资料弄虚作假"]), "{}", preview["added"]);
    assert_eq!((&preview["removed"], &preview["changed"]), (&json!([]), &json!([])));
    // Its terms miss its own name: the preview says so, and the edition may still be kept.
    let unreached: Vec<&str> = preview["unreached"].as_array().unwrap().iter().filter_map(|u| u.as_str()).collect();
    assert_eq!(unreached, ["4.9.1 整改资料弄虚作假(其名称归入4.1.2 纸面整改、虚假整改)"]);
    assert_eq!(expect(office.get("/api/library").await, StatusCode::OK)["edition"]["number"], 2);
    let kept = expect(
        office.post("/api/library", json!({ "lines": lines, "note": "增加整改资料弄虚作假" })).await,
        StatusCode::OK,
    );
    assert_eq!(kept["number"], 3);
    let now = expect(office.get("/api/library").await, StatusCode::OK);
    assert_eq!(now["edition"]["number"], 3);
    assert_eq!(now["edition"]["note"], "增加整改资料弄虚作假");
    // The county's problems are classified by its edition in force from now on.
    let (insp, _) = gqb_problems(&office).await;
    let member4 = demo_login(&t.base, "team4.member").await;
    let drafted = expect(
        member4
            .post(
                &format!("/api/inspections/{insp}/problems"),
                json!({ "source": "talk", "summary": "部分整改资料系事后后补" }),
            )
            .await,
        StatusCode::CREATED,
    );
    let read = expect(member4.get(&format!("/api/problems/{}", drafted["id"])).await, StatusCode::OK);
    assert_eq!(read["typical"]["name"], "整改资料弄虚作假", "{}", read["typical"]);
    assert_eq!(read["typical"]["chosen"], false);
    // Each edition's file is downloadable to edit again.
    let page = office.http.get(format!("{}/library/editions/3", t.base)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("整改资料弄虚作假"));
    let html = office.http.get(format!("{}/library", t.base)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("现行第3版") && html.contains("第1版") && html.contains("随系统提供"), "{html}");
}

async fn secretary_of_gqb(t: &crate::helpers::TestApp) -> crate::helpers::Client {
    demo_login(&t.base, "gqb.secretary").await
}

/// The demo's 谷前堡镇 inspection and its problems, as the office reads them.
async fn gqb_problems(office: &crate::helpers::Client) -> (i64, Vec<Value>) {
    let list = expect(office.get("/api/inspections").await, StatusCode::OK);
    let insp =
        list.as_array().unwrap().iter().find(|i| i["target_name"] == "谷前堡镇党委").unwrap()["id"].as_i64().unwrap();
    let problems = expect(office.get(&format!("/api/inspections/{insp}/problems")).await, StatusCode::OK);
    (insp, problems.as_array().unwrap().clone())
}

async fn problems_are_classified_and_the_office_corrects_one_on_the_record(backend: Backend) {
    let t = demo_server(backend).await;
    let office = demo_login(&t.base, "office").await;
    let (_, problems) = gqb_problems(&office).await;
    // Every fed-back problem of the demo falls under a typical problem, with the words that put it there.
    for p in problems.iter().filter(|p| p["status"] == "fed_back" || p["status"] == "closed") {
        let typical = &p["typical"];
        assert!(typical["name"].is_string(), "{} is not classified", p["summary"]);
        assert_eq!(typical["chosen"], false);
        assert!(!typical["words"].as_array().unwrap().is_empty(), "{typical}");
    }
    let p = problems.iter().find(|p| p["status"] == "fed_back").unwrap();
    let id = p["id"].as_i64().unwrap();
    let path = format!("/api/problems/{id}/typical");
    // Only the office corrects; a code not in the library is named.
    let leader = demo_login(&t.base, "team4.leader").await;
    let refused = leader.put(&path, json!({ "version": p["version"], "typical_code": "2.2.1" })).await;
    assert_eq!(refused.0, StatusCode::FORBIDDEN, "{}", refused.1);
    let unknown = office.put(&path, json!({ "version": p["version"], "typical_code": "9.9.9" })).await;
    assert_eq!(unknown.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown.1["error"]["fields"][0]["field"], "typical_code");
    let set =
        expect(office.put(&path, json!({ "version": p["version"], "typical_code": "4.1.1" })).await, StatusCode::OK);
    assert_eq!(set["chosen"], true);
    assert!(set["chosen_by"].as_str().unwrap().contains("王振华"), "{set}");
    let read = expect(office.get(&format!("/api/problems/{id}")).await, StatusCode::OK);
    assert_eq!(read["typical"]["code"], "4.1.1");
    assert!(read["typical"]["chosen_at"].as_str().unwrap().starts_with("2023年11月10日"), "{}", read["typical"]);
    // A stale version is refused.
    let stale = office.put(&path, json!({ "version": p["version"], "typical_code": "" })).await;
    assert_eq!(stale.0, StatusCode::CONFLICT);
    // On the record, by name and post.
    let history = expect(office.get(&format!("/api/audit/problem/{id}")).await, StatusCode::OK);
    let entry =
        history.as_array().unwrap().iter().find(|e| e["summary"].as_str().unwrap().contains("认定为典型问题")).unwrap();
    assert!(entry["who"].as_str().unwrap().contains("王振华"), "{entry}");
    // The organisation reads the typical problem of its finding, not who on the inspecting side chose it.
    let secretary = demo_login(&t.base, "gqb.secretary").await;
    let own = expect(secretary.get(&format!("/api/problems/{id}")).await, StatusCode::OK);
    assert_eq!(own["typical"]["code"], "4.1.1");
    assert_eq!(own["typical"]["chosen_by"], "");
    assert_eq!(own["typical"]["chosen_at"], "", "when it was chosen may be when it was drafted");
    let listed =
        expect(secretary.get(&format!("/api/inspections/{}/problems", own["inspection_id"])).await, StatusCode::OK);
    let mine = listed.as_array().unwrap().iter().find(|p| p["id"] == id).unwrap();
    assert_eq!((mine["typical"]["chosen_by"].as_str(), mine["typical"]["chosen_at"].as_str()), (Some(""), Some("")));
    // The library is the inspecting side's.
    assert_eq!(secretary.get("/api/library").await.0, StatusCode::FORBIDDEN);
    // Back to the library's own classification.
    let back =
        expect(office.put(&path, json!({ "version": read["version"], "typical_code": "" })).await, StatusCode::OK);
    assert_eq!(back["chosen"], false);
    // The page shows it and offers the office the correction.
    let html = office.http.get(format!("{}/problems/{id}", t.base)).send().await.unwrap().text().await.unwrap();
    assert!(
        html.contains("id=\"problem-typical\"") && html.contains("问题库自动归类") && html.contains("typical-form")
    );
    let html = secretary.http.get(format!("{}/problems/{id}", t.base)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("id=\"problem-typical\"") && !html.contains("typical-form"));
}

async fn a_team_picks_a_typical_problem_when_drafting_and_the_dashboard_counts_by_typical_problem(backend: Backend) {
    let t = demo_server(backend).await;
    let office = demo_login(&t.base, "office").await;
    let (insp, problems) = gqb_problems(&office).await;
    // 谷前堡镇 is team 4's.
    let member = demo_login(&t.base, "team4.member").await;
    let path = format!("/api/inspections/{insp}/problems");
    let wrong =
        member.post(&path, json!({ "source": "talk", "summary": "春节期间收受购物卡", "typical_code": "0.0.0" })).await;
    assert_eq!(wrong.0, StatusCode::UNPROCESSABLE_ENTITY, "{}", wrong.1);
    assert_eq!(wrong.1["error"]["fields"][0]["field"], "typical_code");
    let drafted = expect(
        member
            .post(
                &path,
                json!({ "source": "talk", "summary": "春节期间收受管理服务对象购物卡2张", "typical_code": "2.2.1" }),
            )
            .await,
        StatusCode::CREATED,
    );
    // A finding the library finds no typical problem in: the office may still give it back to
    // the library, and is told "unclassified", not an error.
    let plain = expect(
        member
            .post(&path, json!({ "source": "talk", "summary": "统计口径与上级要求不一致", "typical_code": "2.2.1" }))
            .await,
        StatusCode::CREATED,
    );
    let back = office
        .put(
            &format!("/api/problems/{}/typical", plain["id"]),
            json!({ "version": plain["version"], "typical_code": "" }),
        )
        .await;
    assert_eq!(back.0, StatusCode::OK, "{}", back.1);
    assert!(back.1.is_null(), "{}", back.1);
    let read = expect(member.get(&format!("/api/problems/{}", drafted["id"])).await, StatusCode::OK);
    assert_eq!(read["typical"]["name"], "违规收送礼品礼金");
    assert_eq!(read["typical"]["chosen"], true);
    assert!(!read["typical"]["chosen_by"].as_str().unwrap().is_empty(), "the team reads who picked it");

    // The dashboard counts fed-back problems by typical problem, all of them.
    let list = expect(office.get("/api/inspections").await, StatusCode::OK);
    let round = list.as_array().unwrap().iter().find(|i| i["id"] == insp).unwrap()["round_id"].as_i64().unwrap();
    let d = expect(office.get(&format!("/api/rounds/{round}/dashboard")).await, StatusCode::OK);
    let counts = d["by_typical"].as_array().unwrap();
    assert!(!counts.is_empty());
    let counted: u64 = counts.iter().map(|c| c["problems"].as_u64().unwrap()).sum();
    let mut fed_back = 0u64;
    for i in list.as_array().unwrap().iter().filter(|i| i["round_id"] == round) {
        let ps = expect(office.get(&format!("/api/inspections/{}/problems", i["id"])).await, StatusCode::OK);
        fed_back +=
            ps.as_array().unwrap().iter().filter(|p| p["status"] == "fed_back" || p["status"] == "closed").count()
                as u64;
    }
    assert_eq!(counted, fed_back, "{counts:?}");
    assert!(problems.len() > 1);
    // The same counts, and each problem with its typical problem, as a workbook.
    let (status, kind, bytes) = office.download(&format!("/api/rounds/{round}/typical-problems.xlsx")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.contains("spreadsheetml") && bytes.starts_with(b"PK"), "{kind}");
    let (status, ..) = secretary_of_gqb(&t).await.download(&format!("/api/rounds/{round}/typical-problems.xlsx")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "an organisation inspected does not read the round's statistics");
    let html = office.http.get(format!("{}/", t.base)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("按典型问题") && html.contains("id=\"by-typical\""), "the office home shows the table");
}

/// The look-back's finding in plain words (the orchard's contract fee unpaid) and its rebound
/// candidates.
async fn orchard_candidates(office: &crate::helpers::Client) -> Vec<Value> {
    let lookback = crate::helpers::ngy_lookback(office).await;
    let findings = expect(office.get(&format!("/api/inspections/{lookback}/problems")).await, StatusCode::OK);
    let orchard =
        findings.as_array().unwrap().iter().find(|p| p["summary"].as_str().unwrap().contains("果园")).unwrap()["id"]
            .as_i64()
            .unwrap();
    let candidates = expect(office.get(&format!("/api/problems/{orchard}/rebound-candidates")).await, StatusCode::OK);
    candidates.as_array().unwrap().clone()
}

async fn the_concept_lexicon_in_force_judges_rebounds_and_the_office_imports_its_own_edition(backend: Backend) {
    let t = demo_server(backend).await;
    let office = demo_login(&t.base, "office").await;
    let lexicon = expect(office.get("/api/library/concepts").await, StatusCode::OK);
    assert_eq!(lexicon["edition"]["number"], 1, "the shipped edition: {}", lexicon["edition"]);
    let concepts = lexicon["concepts"].as_array().unwrap();
    assert!(concepts.len() >= 200 && concepts.iter().any(|c| c["kind"] == "失误" && c["name"] == "欠缴未收"));
    // The orchard's unpaid fee is put beside the earlier arrears by the concepts both name.
    let before = orchard_candidates(&office).await;
    let joined = |list: &[Value]| {
        list.iter().any(|c| {
            c["earlier"]["summary"].as_str().unwrap().contains("承包费") && c["concept"]["failing"] == "欠缴未收"
        })
    };
    assert!(joined(&before), "{before:?}");
    // Joined by the concepts alone: a fair suggestion, the strongest listed first.
    let orchard = before.iter().find(|c| c["earlier"]["summary"].as_str().unwrap().contains("承包费")).unwrap();
    assert_eq!((&orchard["strength"], &orchard["strength_label"]), (&json!("fair"), &json!("一般")), "{orchard}");
    let rank = |c: &Value| ["weak", "fair", "strong"].iter().position(|s| c["strength"] == *s);
    assert!(before.windows(2).all(|w| rank(&w[0]) >= rank(&w[1])), "{before:?}");

    // A team reads it, and does not import.
    let member = demo_login(&t.base, "team1.member").await;
    expect(member.get("/api/library/concepts").await, StatusCode::OK);
    let refused = member.post("/api/library/concepts", json!({ "lines": ["行为\t赌博\t打麻将"] })).await;
    assert_eq!(refused.0, StatusCode::FORBIDDEN, "{}", refused.1);

    // Bad lines are named by number and nothing is kept.
    let bad = [
        "# 注释",
        "对像\t党费\t党费",
        "失误\t甲\t去&(年|月)",
        "对象\t乙\t词语",
        "对象\t乙\t词汇",
        "行为\t丙\t打\u{202e}牌",
    ];
    let answer = office.post("/api/library/concepts", json!({ "lines": bad })).await;
    assert_eq!(answer.0, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.1);
    let said = messages(&answer.1);
    assert!(said.iter().any(|m| m.contains("lines[5]") && m.contains("控制字符")), "{said:?}");
    let bad = &bad[..5];
    let said = messages(&office.post("/api/library/concepts", json!({ "lines": bad })).await.1);
    assert!(said.iter().any(|m| m.starts_with("第2行") && m.contains("对象")), "{said:?}");
    assert!(said.iter().any(|m| m.starts_with("第3行")), "a term of single characters only: {said:?}");
    assert!(said.iter().any(|m| m.starts_with("第5行") && m.contains("重复")), "{said:?}");
    assert_eq!(expect(office.get("/api/library/concepts").await, StatusCode::OK)["edition"]["number"], 1);

    // An edition that drops the failing no longer joins by it; the shipped file again does.
    let shipped = office.http.get(format!("{}/library/concepts/editions/1", t.base)).send().await.unwrap();
    assert_eq!(shipped.status(), StatusCode::OK);
    let shipped: Vec<String> = shipped.text().await.unwrap().lines().map(str::to_string).collect();
    let without: Vec<&String> = shipped.iter().filter(|l| !l.starts_with("失误\t欠缴未收\t")).collect();
    assert_eq!(without.len() + 1, shipped.len());
    let preview = expect(
        office.post("/api/library/concepts", json!({ "lines": without, "preview": true })).await,
        StatusCode::OK,
    );
    assert!(preview["number"].is_null());
    // The preview says what the file changes against the edition in force.
    assert_eq!(preview["removed"], json!(["欠缴未收"]), "{}", preview["removed"]);
    assert_eq!((&preview["added"], &preview["changed"]), (&json!([]), &json!([])));
    assert!(joined(&orchard_candidates(&office).await), "a preview keeps nothing");
    let kept = expect(
        office.post("/api/library/concepts", json!({ "lines": without, "note": "试去掉欠缴未收" })).await,
        StatusCode::OK,
    );
    assert_eq!(kept["number"], 2, "the shipped edition is kept as 第1版");
    assert!(!joined(&orchard_candidates(&office).await), "judged by the edition in force");
    let kept = expect(
        office.post("/api/library/concepts", json!({ "lines": shipped, "note": "恢复欠缴未收" })).await,
        StatusCode::OK,
    );
    assert_eq!(kept["number"], 3);
    assert!(joined(&orchard_candidates(&office).await));
    let now = expect(office.get("/api/library/concepts").await, StatusCode::OK);
    let editions: Vec<i64> =
        now["editions"].as_array().unwrap().iter().map(|e| e["number"].as_i64().unwrap()).collect();
    assert_eq!(editions, vec![3, 2, 1]);
    assert_eq!(now["editions"][2]["imported_by"], "", "the shipped edition kept as 第1版 names no importer");
    assert!(now["edition"]["imported_by"].as_str().unwrap().contains("王振华"), "{}", now["edition"]);
    // The 问题库's editions are its own.
    assert_eq!(expect(office.get("/api/library").await, StatusCode::OK)["edition"]["number"], 2);
    // The imports are on the chained record, each with who and which edition.
    let events = t.store.read().await.unwrap().conn().events_of("setting.concept_lexicon").await.unwrap();
    assert_eq!(events.len(), 2, "{events:?}");
    let verify = expect(office.get("/api/audit/verify").await, StatusCode::OK);
    assert_eq!(verify["ok"], true, "{verify}");
}

/// An edition kept in the database that no longer reads (a later release reads more strictly, or
/// the row was edited by hand): the pages keep working on the county's newest edition that
/// reads, else on the release's own file, and say which, both for the 问题库 and the lexicon,
/// until the office imports a repaired file.
async fn an_edition_that_no_longer_reads_is_named_and_an_older_one_stands_in(backend: Backend) {
    let t = demo_server(backend).await;
    let office = demo_login(&t.base, "office").await;
    let lib = expect(office.get("/api/library").await, StatusCode::OK);
    assert!(lib["unreadable"].is_null(), "{}", lib["unreadable"]);
    let lines: Vec<String> = lib["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            ["code", "category", "aspect", "name", "wording", "basis", "terms"]
                .map(|k| p[k].as_str().unwrap().to_string())
                .join("\t")
        })
        .collect();
    let shipped_terms = expect(office.get("/api/library/concepts").await, StatusCode::OK);
    let concept_lines: Vec<String> = shipped_terms["concepts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| ["kind", "name", "terms"].map(|k| c[k].as_str().unwrap().to_string()).join("\t"))
        .collect();
    expect(
        office.post("/api/library/concepts", json!({ "lines": concept_lines, "note": "本县词表" })).await,
        StatusCode::OK,
    );
    // Both newest editions are spoiled behind the system's back: a line of two fields each.
    // Both kinds' 第2版 are spoiled behind the system's back (a line of two fields each): the
    // county's 第1版 (the shipped file of its first import) reads and stands in.
    let spoil =
        |number: i64| format!("UPDATE library_edition SET source = source || '\n9.9.9\t缺栏' WHERE number = {number}");
    crate::helpers::exec_sql(&t.store, &spoil(2)).await;
    let pages = [
        ("/api/library", "library-unreadable", "问题库", "本县第1版"),
        ("/api/library/concepts", "concepts-unreadable", "问题概念词表", "本县第1版"),
    ];
    for (path, id, what, standing) in pages {
        let view = expect(office.get(path).await, StatusCode::OK);
        assert_eq!((&view["unreadable"], &view["standing_in"]), (&json!(2), &json!(1)), "{path}");
        assert_eq!(view["edition"]["number"], 1, "the county's 第1版 is the one in force: {}", view["edition"]);
        let page_path = path.trim_start_matches("/api");
        let html = office.http.get(format!("{}{page_path}", t.base)).send().await.unwrap().text().await.unwrap();
        let said = format!("本县{what}第2版在本版本系统中无法读取,现按{standing}");
        assert!(html.contains(&format!("id=\"{id}\"")) && html.contains(&said), "{html}");
    }
    // None of the county's editions reads: the release's own file is in force, under no number.
    crate::helpers::exec_sql(&t.store, &spoil(1)).await;
    for (path, id, _, _) in pages {
        let view = expect(office.get(path).await, StatusCode::OK);
        assert_eq!((&view["unreadable"], &view["standing_in"]), (&json!(2), &Value::Null), "{path}");
        assert_eq!(view["edition"]["number"], 0, "{}", view["edition"]);
        let page_path = path.trim_start_matches("/api");
        let html = office.http.get(format!("{}{page_path}", t.base)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains(&format!("id=\"{id}\"")) && html.contains("现行:本版本系统随附的"), "{html}");
        assert!(!html.contains("现行第"), "no edition of the county's is said to be in force: {html}");
    }
    // Problems are still classified and rebounds still judged (by the release's own files).
    let (_, problems) = gqb_problems(&office).await;
    assert!(problems.iter().any(|p| !p["typical"].is_null() && p["typical"]["chosen"] == false), "classified");
    assert!(!orchard_candidates(&office).await.is_empty(), "rebounds judged by the shipped lexicon");
    // The repaired file is imported as 第3版: in force again, nothing said.
    expect(office.post("/api/library", json!({ "lines": lines, "note": "修正后重新导入" })).await, StatusCode::OK);
    let lib = expect(office.get("/api/library").await, StatusCode::OK);
    assert!(lib["unreadable"].is_null() && lib["edition"]["number"] == 3, "{}", lib["edition"]);
}
