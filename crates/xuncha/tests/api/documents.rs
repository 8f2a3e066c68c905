//! Office files over HTTP: ledger imports (preview, all or nothing, accepting the good rows) and
//! who may import or download what.

use reqwest::StatusCode;
use serde_json::{Value, json};
use xuncha_store::Backend;

use crate::helpers::{expect, messages, spawn_app, two_inspections};

/// A roster of the township's people, one with a phone that is not one.
pub fn township_roster() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("人员名册").unwrap();
    ws.write_string(0, 0, "谷前堡镇党委班子成员及股室负责人名册").unwrap();
    for (c, h) in ["姓名", "所在单位", "职务", "联系电话"].iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    let rows = [
        ["田丽娟", "谷前堡镇党委", "组织委员", "0352-6012345"],
        ["梁志勇", "谷前堡镇党委", "经管站站长", "13903521234"],
        ["孙二", "谷前堡镇党委", "会计", "待补"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(2 + r as u32, c as u16, *v).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}
use crate::on_both;

on_both!(
    a_ledger_is_previewed_then_imported_all_or_nothing,
    a_ledger_imported_again_joins_its_problems_instead_of_repeating_them,
    only_the_office_imports_and_only_after_feedback,
    a_target_exports_only_its_own_ledger,
    official_documents_follow_access_and_never_hold_a_tip,
    the_admin_imports_a_roster_and_the_target_names_people_from_it,
);

/// A township's ledger as it comes in: a title row, one good measure, one with a blank
/// responsible person (Excel row 4).
pub fn ledger_with_one_bad_row() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("整改台账").unwrap();
    ws.write_string(0, 0, "谷前堡镇党委巡察整改台账").unwrap();
    for (c, h) in ["问题类别", "反馈问题", "整改措施", "具体责任人", "完成时限", "完成情况"].iter().enumerate()
    {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    let rows = [
        ["基层党组织建设方面", "党员教育管理薄弱", "每季度开展一次党员集中培训", "田丽娟", "2023年12月底", "未完成"],
        ["", "档案管理不规范", "整理2020年以来会议记录并归档", "", "11月30日", "已完成"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(2 + r as u32, c as u16, *v).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

/// A ledger with the given rows under the usual header (类别, 问题, 措施, 责任人, 时限, 情况).
fn ledger_of(rows: &[[&str; 6]]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("整改台账").unwrap();
    ws.write_string(0, 0, "谷前堡镇党委巡察整改台账(11月更新)").unwrap();
    for (c, h) in ["问题类别", "反馈问题", "整改措施", "具体责任人", "完成时限", "完成情况"].iter().enumerate()
    {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(2 + r as u32, c as u16, *v).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

fn problem_count(list: &Value) -> usize {
    list.as_array().unwrap().len()
}

async fn a_ledger_is_previewed_then_imported_all_or_nothing(backend: Backend) {
    let t = spawn_app(backend).await;
    let (office, fed_back, _) = two_inspections(&t).await;
    let url = |q: &str| format!("/api/inspections/{fed_back}/ledger-import{q}");
    let before =
        problem_count(&expect(office.get(&format!("/api/inspections/{fed_back}/problems")).await, StatusCode::OK));

    let preview = expect(office.upload_file(&url(""), "台账.xlsx", ledger_with_one_bad_row()).await, StatusCode::OK);
    assert_eq!(preview["preview"]["problems"].as_array().unwrap().len(), 2);
    assert_eq!(preview["preview"]["issues"][0]["row"], 4);
    assert_eq!(preview["preview"]["issues"][0]["column"], "D列(具体责任人)");
    assert!(preview["imported"].is_null());

    let refused = expect(
        office.upload_file(&url("?apply=true"), "台账.xlsx", ledger_with_one_bad_row()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(messages(&refused), vec!["整改台账 第4行 D列(具体责任人):责任人为空".to_string()]);
    let after_refusal = expect(office.get(&format!("/api/inspections/{fed_back}/problems")).await, StatusCode::OK);
    assert_eq!(problem_count(&after_refusal), before, "a refused file changes nothing");

    let done = expect(
        office.upload_file(&url("?apply=true&accept_valid=true"), "台账.xlsx", ledger_with_one_bad_row()).await,
        StatusCode::OK,
    );
    assert_eq!(done["imported"]["problems"], 2);
    assert_eq!(done["imported"]["measures"], 1);
    let list = expect(office.get(&format!("/api/inspections/{fed_back}/problems")).await, StatusCode::OK);
    assert_eq!(problem_count(&list), before + 2);
    let imported =
        list.as_array().unwrap().iter().find(|p| p["summary"] == "党员教育管理薄弱").expect("imported problem");
    let detail = expect(office.get(&format!("/api/problems/{}", imported["id"])).await, StatusCode::OK);
    let m = &detail["measures"][0];
    assert_eq!(m["responsible_person"], "田丽娟");
    assert_eq!(m["deadline"], "2023-12-31");
    let verify = expect(office.get("/api/audit/verify").await, StatusCode::OK);
    assert_eq!(verify["ok"], true, "{verify}");

    // Not a ledger at all: a clear refusal naming the file.
    let junk = expect(
        office.upload_file(&url(""), "台账.xlsx", b"not a workbook".to_vec()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert!(messages(&junk)[0].contains("无法读取Excel文件"), "{junk}");
}

/// The unit's updated ledger comes in a second time: its problems already on the inspection
/// (numbered, punctuated differently) are joined, their measures already there are left out,
/// and only what is new is created — as the preview said beforehand.
async fn a_ledger_imported_again_joins_its_problems_instead_of_repeating_them(backend: Backend) {
    let t = spawn_app(backend).await;
    let (office, fed_back, _) = two_inspections(&t).await;
    let url = |q: &str| format!("/api/inspections/{fed_back}/ledger-import{q}");
    let list = format!("/api/inspections/{fed_back}/problems");
    expect(
        office.upload_file(&url("?apply=true&accept_valid=true"), "台账.xlsx", ledger_with_one_bad_row()).await,
        StatusCode::OK,
    );
    let before = expect(office.get(&list).await, StatusCode::OK);
    let earlier = before.as_array().unwrap().iter().find(|p| p["summary"] == "党员教育管理薄弱").unwrap().clone();

    let again = ledger_of(&[
        [
            "基层党组织建设方面",
            "1. 党员教育管理薄弱",
            "每季度开展一次党员集中培训。",
            "田丽娟",
            "2023年12月底",
            "未完成",
        ],
        ["", "", "建立党员积分管理台账,每月公示积分", "田丽娟", "2023年12月底", "未完成"],
        ["", "村级财务公开不及时", "按月在村务公开栏公开财务收支", "梁志勇", "2023年12月底", "未完成"],
        ["", "1、党员教育管理薄弱", "建立党员积分管理台账,每月公示积分", "田丽娟", "2023年12月底", "未完成"],
    ]);
    let preview = expect(office.upload_file(&url(""), "台账.xlsx", again.clone()).await, StatusCode::OK);
    let matches = preview["matches"].as_array().unwrap();
    assert_eq!(matches.len(), 3, "{preview}");
    assert_eq!(matches[0]["problem_number"], earlier["number"]);
    assert_eq!(matches[0]["repeated_measures"], json!([0]), "the training measure is already there");
    assert!(matches[1]["problem_number"].is_null() && matches[1]["repeats"].is_null(), "a new problem");
    assert_eq!(matches[2]["problem_number"], earlier["number"], "repeated lower in the file, still the same");
    assert_eq!(matches[2]["repeated_measures"], json!([0]), "its measure came two rows up");
    let unchanged = expect(office.get(&list).await, StatusCode::OK);
    assert_eq!(problem_count(&unchanged), problem_count(&before), "a preview writes nothing");

    let done = expect(office.upload_file(&url("?apply=true"), "台账.xlsx", again).await, StatusCode::OK);
    let summary = &done["imported"];
    assert_eq!((summary["problems"].as_i64(), summary["merged"].as_i64()), (Some(1), Some(2)), "{summary}");
    assert_eq!((summary["measures"].as_i64(), summary["repeated_measures"].as_i64()), (Some(2), Some(2)), "{summary}");
    let after = expect(office.get(&list).await, StatusCode::OK);
    assert_eq!(problem_count(&after), problem_count(&before) + 1);
    let detail = expect(office.get(&format!("/api/problems/{}", earlier["id"])).await, StatusCode::OK);
    let contents: Vec<&str> =
        detail["measures"].as_array().unwrap().iter().map(|m| m["content"].as_str().unwrap()).collect();
    assert_eq!(contents, ["每季度开展一次党员集中培训", "建立党员积分管理台账,每月公示积分"], "{detail}");
    let verify = expect(office.get("/api/audit/verify").await, StatusCode::OK);
    assert_eq!(verify["ok"], true, "{verify}");
}

async fn only_the_office_imports_and_only_after_feedback(backend: Backend) {
    let t = spawn_app(backend).await;
    let (office, fed_back, not_fed_back) = two_inspections(&t).await;
    let path = format!("/api/inspections/{fed_back}/ledger-import");
    for (user, status) in
        [("han", StatusCode::FORBIDDEN), ("liu", StatusCode::FORBIDDEN), ("wu", StatusCode::NOT_FOUND)]
    {
        let c = t.login(user).await;
        expect(c.upload_file(&path, "台账.xlsx", ledger_with_one_bad_row()).await, status);
    }
    let early = expect(
        office
            .upload_file(
                &format!("/api/inspections/{not_fed_back}/ledger-import"),
                "台账.xlsx",
                ledger_with_one_bad_row(),
            )
            .await,
        StatusCode::CONFLICT,
    );
    assert!(early["error"]["message"].as_str().unwrap().contains("尚未反馈"), "{early}");
}

/// Read back through the importer: the problems an exported ledger holds.
fn exported_problems(bytes: &[u8]) -> Vec<String> {
    let read = xuncha_documents::import::ledger::read_ledger(bytes, 2023).expect("an exported ledger reads back");
    read.problems.into_iter().map(|p| p.summary).collect()
}

async fn a_target_exports_only_its_own_ledger(backend: Backend) {
    let t = spawn_app(backend).await;
    let (office, _, _) = two_inspections(&t).await;
    let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    let (status, kind, bytes) = office.download("/api/ledger.xlsx").await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, xlsx));
    assert_eq!(exported_problems(&bytes), vec!["作风建设不扎实,值班制度执行不严".to_string()]);
    let (status, _, bytes) = t.login("han").await.download("/api/ledger.xlsx").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(exported_problems(&bytes).len(), 1, "the secretary exports his own organisation's ledger");
    // The other township's secretary: its inspection is not fed back, the other is not his.
    let (status, _, bytes) = t.login("wu").await.download("/api/ledger.xlsx").await;
    assert_eq!(status, StatusCode::OK);
    assert!(exported_problems(&bytes).is_empty());
}

/// Everything a .docx holds, re-opened with docx-rs (as its JSON).
fn docx_text(bytes: &[u8]) -> String {
    docx_rs::read_docx(bytes).expect("a readable .docx").json()
}

async fn official_documents_follow_access_and_never_hold_a_tip(backend: Backend) {
    let t = spawn_app(backend).await;
    let (office, fed_back, not_fed_back) = two_inspections(&t).await;
    // A named tip behind the fed-back problem.
    let liu = t.login("liu").await;
    let tip = expect(
        liu.post(
            &format!("/api/inspections/{fed_back}/tips"),
            json!({ "channel": "letter", "content": "反映镇值班室夜间无人值守多次", "received_on": "2023-05-08",
                    "tipper_name": "赵某某", "tipper_contact": "13912345678" }),
        )
        .await,
        StatusCode::CREATED,
    );
    let problems = expect(liu.get(&format!("/api/inspections/{fed_back}/problems")).await, StatusCode::OK);
    expect(
        liu.post(
            &format!("/api/tips/{}/triage", tip["id"]),
            json!({ "version": tip["version"], "status": "accepted", "problem_ids": [problems[0]["id"]] }),
        )
        .await,
        StatusCode::OK,
    );
    let docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    let han = t.login("han").await;
    for (who, kind) in [(&liu, "feedback"), (&han, "feedback"), (&han, "plan"), (&han, "report"), (&office, "report")] {
        let (status, content_type, bytes) =
            who.download(&format!("/api/inspections/{fed_back}/documents/{kind}")).await;
        assert_eq!((status, content_type.as_str()), (StatusCode::OK, docx), "{kind}");
        let text = docx_text(&bytes);
        assert!(text.contains("作风建设不扎实"), "{kind} holds the problem");
        for secret in ["夜间无人值守", "赵某某", "13912345678"] {
            assert!(!text.contains(secret), "{kind} must not hold the tip ({secret})");
        }
    }
    let (_, _, ledger) = han.download("/api/ledger.xlsx").await;
    let read = xuncha_documents::import::ledger::read_ledger(&ledger, 2023).unwrap();
    assert!(!format!("{read:?}").contains("赵某某") && !format!("{read:?}").contains("夜间无人值守"));
    // Another township, the disclosure file for a target, unknown kinds, and before feedback.
    let wu = t.login("wu").await;
    assert_eq!(wu.download(&format!("/api/inspections/{fed_back}/documents/plan")).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        han.download(&format!("/api/inspections/{fed_back}/documents/disclosure")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(office.download(&format!("/api/inspections/{fed_back}/documents/memo")).await.0, StatusCode::NOT_FOUND);
    let none_yet = office.get(&format!("/api/inspections/{fed_back}/documents/disclosure")).await;
    assert_eq!(none_yet.0, StatusCode::CONFLICT, "no disclosure drafted yet: {}", none_yet.1);
    let early = office.get(&format!("/api/inspections/{not_fed_back}/documents/feedback")).await;
    assert_eq!(early.0, StatusCode::CONFLICT);
    assert!(early.1["error"]["message"].as_str().unwrap().contains("尚未反馈"));
}

async fn the_admin_imports_a_roster_and_the_target_names_people_from_it(backend: Backend) {
    let t = spawn_app(backend).await;
    let (office, fed_back, _) = two_inspections(&t).await;
    let admin = t.login("admin").await;
    let preview = expect(admin.upload_file("/api/roster-import", "名册.xlsx", township_roster()).await, StatusCode::OK);
    assert_eq!(preview["outcome"]["applied"], false);
    assert_eq!(preview["outcome"]["summary"]["people_created"], 2);
    assert_eq!(preview["preview"]["issues"][0]["column"], "D列(联系电话)");
    let refused = expect(
        admin.upload_file("/api/roster-import?apply=true", "名册.xlsx", township_roster()).await,
        StatusCode::OK,
    );
    assert_eq!(refused["outcome"]["applied"], false, "a file with issues writes nothing");
    assert_eq!(expect(admin.get("/api/people").await, StatusCode::OK).as_array().unwrap().len(), 0);
    let done = expect(
        admin.upload_file("/api/roster-import?apply=true&accept_valid=true", "名册.xlsx", township_roster()).await,
        StatusCode::OK,
    );
    assert_eq!(done["outcome"]["applied"], true);
    expect(office.upload_file("/api/roster-import", "名册.xlsx", township_roster()).await, StatusCode::FORBIDDEN);
    assert_eq!(expect(office.get("/api/people").await, StatusCode::OK).as_array().unwrap().len(), 2);
    let han = t.login("han").await;
    let own = expect(han.get("/api/people").await, StatusCode::OK);
    assert_eq!(own[0]["name"], "田丽娟");
    let other = expect(t.login("wu").await.get("/api/people").await, StatusCode::OK);
    assert!(other.as_array().unwrap().is_empty(), "another township sees none of them");
    expect(t.login("liu").await.get("/api/people").await, StatusCode::FORBIDDEN);
    // The plan editor offers the roster for responsible persons.
    let (status, page) = han.get(&format!("/inspections/{fed_back}/plan")).await;
    assert_eq!(status, StatusCode::OK);
    let html = page.as_str().unwrap();
    assert!(
        html.contains("<datalist id=\"roster-people\">")
            && html.contains("<option value=\"梁志勇\">经管站站长</option>"),
        "{html}"
    );
}
