//! The OpenAPI document matches the router: every documented operation answers (401 without a
//! session, never 404 or 405), and the served document is the built one.

use reqwest::{Method, StatusCode};
use xuncha_store::Backend;
use xuncha_web::openapi::{document, operations};

use crate::helpers::{Client, expect, spawn_app};
use crate::on_both;

on_both!(every_documented_operation_exists_and_needs_a_session);

async fn every_documented_operation_exists_and_needs_a_session(backend: Backend) {
    let t = spawn_app(backend).await;
    let c = Client::anonymous(&t.base);
    assert_eq!(expect(c.get("/api/openapi.json").await, StatusCode::OK), document());
    assert_eq!(expect(c.get("/healthz").await, StatusCode::OK)["status"], "ok");
    for op in operations() {
        let path = op.path.replace("{id}", "1").replace("{entity}", "measure").replace("{kind}", "plan");
        let method = Method::from_bytes(op.method.to_uppercase().as_bytes()).unwrap();
        let res =
            c.http.request(method, format!("{}{path}", t.base)).json(&serde_json::json!({})).send().await.unwrap();
        let want = match (op.method, op.path) {
            ("get", "/healthz" | "/api/openapi.json") => StatusCode::OK,
            ("post", "/api/session") => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::UNAUTHORIZED,
        };
        assert_eq!(res.status(), want, "{} {}", op.method, op.path);
    }
}
