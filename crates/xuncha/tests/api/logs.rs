//! What the server logs: one line per request under an id the answer carries, naming the route
//! pattern, never a tip's words, a tipper, a search or a body, whatever the request held.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use reqwest::StatusCode;
use serde_json::json;
use xuncha_store::Backend;

use crate::helpers::{expect, spawn_app, two_inspections};
use crate::on_both;

on_both!(requests_are_logged_by_route_and_never_with_a_tip_or_a_search);

#[derive(Clone)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Everything this test binary's servers log, as the binary's own subscriber would write it.
fn captured() -> Arc<Mutex<Vec<u8>>> {
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let writer = Captured(buf.clone());
        tracing_subscriber::fmt()
            .with_env_filter("info,sqlx=warn")
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .try_init()
            .expect("the only subscriber of the test binary");
        buf
    })
    .clone()
}

async fn requests_are_logged_by_route_and_never_with_a_tip_or_a_search(backend: Backend) {
    let log = captured();
    let t = spawn_app(backend).await;
    let (office, first, _) = two_inspections(&t).await;
    let liu = t.login("liu").await;
    let (words, tipper, phone) = ("灰色收入线索甲乙丙", "举报人丁戊己", "13800009999");
    let tip = json!({ "channel": "letter", "content": format!("反映{words}"), "received_on": "2023-05-08",
                      "tipper_name": tipper, "tipper_contact": phone });
    let tip = expect(liu.post(&format!("/api/inspections/{first}/tips"), tip).await, StatusCode::CREATED);
    expect(liu.get(&format!("/api/tips/{}", tip["id"])).await, StatusCode::OK);
    expect(liu.post(&format!("/api/tips/{}/tipper", tip["id"]), json!({})).await, StatusCode::OK);
    expect(office.get(&format!("/api/search?q={words}")).await, StatusCode::OK);
    let page = office.http.get(format!("{}/search?q={words}", t.base)).send().await.unwrap();
    let id = page.headers().get("x-request-id").expect("the answer names its request").to_str().unwrap().to_owned();
    let text = String::from_utf8(log.lock().unwrap().clone()).unwrap();
    assert!(text.contains(&id), "the request is logged under the id its answer carries");
    assert!(text.contains("route=/api/inspections/{id}/tips") && text.contains("answered"), "{text}");
    for secret in [words, tipper, phone, "q="] {
        assert!(!text.contains(secret), "the log holds {secret}");
    }
}
