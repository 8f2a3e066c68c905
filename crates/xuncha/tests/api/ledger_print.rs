//! The ledger printed and exported whole (not the page's 50 lines), each saying its filter in
//! its title and (the workbook) its file name.

use reqwest::StatusCode;
use xuncha_store::Backend;

use crate::helpers::{demo_login, demo_server, expect};
use crate::on_both;

on_both!(a_filtered_printout_and_export_say_their_filter_and_hold_every_line);

async fn a_filtered_printout_and_export_say_their_filter_and_hold_every_line(backend: Backend) {
    let t = demo_server(backend).await;
    let office = demo_login(&t.base, "office").await;
    let all = expect(office.get("/api/inspections").await, StatusCode::OK);
    let gqb = all.as_array().unwrap().iter().find(|i| i["target_name"] == "谷前堡镇党委").unwrap().clone();
    let query = format!("round={}&org={}", gqb["round_id"], gqb["target_org_id"]);
    let page = expect(office.get(&format!("/api/ledger?{query}")).await, StatusCode::OK);
    let total = page["total"].as_u64().unwrap() as usize;
    assert!(total > 0);

    let html = office.http.get(format!("{}/ledger/print?{query}", t.base)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("<h1 id=\"print-title\">2023年第一轮巡察整改台账(谷前堡镇党委)</h1>"), "{html}");
    let body = html.split("<tbody>").nth(1).unwrap().split("</tbody>").next().unwrap();
    assert_eq!(body.matches("<tr>").count(), total, "every line of the filtered ledger");
    // A printout of the whole round holds more than a page would.
    let round = format!("round={}", gqb["round_id"]);
    let whole = expect(office.get(&format!("/api/ledger?{round}")).await, StatusCode::OK);
    let html = office.http.get(format!("{}/ledger/print?{round}", t.base)).send().await.unwrap().text().await.unwrap();
    let body = html.split("<tbody>").nth(1).unwrap().split("</tbody>").next().unwrap();
    assert_eq!(body.matches("<tr>").count() as u64, whole["total"].as_u64().unwrap());

    let res = office.http.get(format!("{}/api/ledger.xlsx?{query}&light=red", t.base)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let disposition = res.headers()["content-disposition"].to_str().unwrap().to_string();
    let expected = xuncha_web::export::attachment("2023年第一轮巡察整改台账(谷前堡镇党委·红灯逾期).xlsx");
    assert_eq!(disposition, expected, "the file name says the filter");
    use calamine::Reader;
    let mut wb = calamine::Xlsx::new(std::io::Cursor::new(res.bytes().await.unwrap().to_vec())).unwrap();
    let sheet = wb.worksheet_range("整改台账").unwrap();
    assert_eq!(sheet.get_value((0, 0)).unwrap().to_string(), "2023年第一轮巡察整改台账(谷前堡镇党委·红灯逾期)");
}
