//! Bad input answers in Chinese, names the field, and changes nothing.

use reqwest::StatusCode;
use serde_json::json;
use xuncha_store::Backend;

use crate::helpers::{PASSWORD, expect, messages, spawn_app, world};
use crate::on_both;

on_both!(malformed_and_invalid_input_names_the_field, a_duplicate_username_names_the_field);

async fn malformed_and_invalid_input_names_the_field(backend: Backend) {
    let t = spawn_app(backend).await;
    world(&t).await;
    let office = t.login("office").await;
    let missing = expect(
        office.post("/api/rounds", json!({ "name": "2023年第一轮巡察" })).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(missing["error"]["message"], "请求数据缺少必填项“start_date”", "{missing}");
    assert_eq!(missing["error"]["fields"][0]["field"], "start_date", "{missing}");
    let dates = expect(
        office.post("/api/rounds", json!({ "name": "", "start_date": "2023-07-14", "end_date": "2023-13-01" })).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(dates["error"]["fields"][0]["field"], "end_date");
    assert!(messages(&dates)[0].contains("结束日期"));
    let order = expect(
        office.post("/api/rounds", json!({ "name": "", "start_date": "2023-07-14", "end_date": "2023-04-27" })).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(messages(&order), vec!["轮次名称不能为空".to_string(), "结束日期不能早于开始日期".to_string()]);
    let res = office
        .http
        .post(format!("{}/api/rounds", t.base))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        expect(office.get("/api/rounds").await, StatusCode::OK).as_array().unwrap().is_empty(),
        "nothing was written"
    );
}

async fn a_duplicate_username_names_the_field(backend: Backend) {
    let t = spawn_app(backend).await;
    let w = world(&t).await;
    let again = json!({ "username": "office", "display_name": "重名", "password": PASSWORD, "role": "office" });
    let dup = expect(w.admin.post("/api/users", again).await, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(dup["error"]["fields"][0]["field"], "username");
    assert_eq!(messages(&dup)[0], "用户名已被使用");
    let role = expect(
        w.admin
            .post("/api/users", json!({ "username": "x1", "display_name": "某", "password": PASSWORD, "role": "boss" }))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(role["error"]["fields"][0]["field"], "role");
    assert!(!role.to_string().contains("boss"), "the refused value is not repeated: {role}");
    let weak = expect(
        w.admin
            .post(
                "/api/users",
                json!({ "username": "x2", "display_name": "某", "password": "12345678", "role": "office" }),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(messages(&weak)[0], "密码不能全部是数字");
    let target = expect(
        w.admin
            .post(
                "/api/users",
                json!({ "username": "x3", "display_name": "某", "password": PASSWORD, "role": "target_secretary" }),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(target["error"]["fields"][0]["field"], "org_id");
    let office = t.login("office").await;
    expect(
        office
            .post(
                "/api/users",
                json!({ "username": "x4", "display_name": "某", "password": PASSWORD, "role": "office" }),
            )
            .await,
        StatusCode::FORBIDDEN,
    );
}
