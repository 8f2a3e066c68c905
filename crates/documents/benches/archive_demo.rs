//! 巡察档案 of the demo's inspections, each timed against a baseline measured in the same run on
//! the same database (these machines are shared and noisy: compare ratios).
//!
//! `cargo bench -p xuncha-documents --bench archive_demo` (SQLite). Each figure is the median of
//! 5 runs, for every fed-back inspection of the demo, largest first:
//!
//! - archive: `App::archive_bundle` (documents' data, records, evidence, the audit head) +
//!   `archive::pack` (four .docx, the records workbook, the catalogue as .xlsx and .docx, the
//!   manifest, deflated) + `App::keep_archive` (stored whole, recorded on the chain);
//! - baseline: what the office downloads by hand today — the four official documents rendered
//!   (`App::official_document` + `official::render`) — plus raw SQL reading the evidence bytes
//!   and deflating them into a .zip. The ratio is what the archive adds: the records workbook, the
//!   catalogue in two formats, the digests, keeping it whole and recording it.

use std::io::{Cursor, Write};
use std::time::{Duration, Instant};

use time::macros::date;
use xuncha_app::{App, Clock};
use xuncha_domain::archive::ArchiveVariant;
use xuncha_store::Conn;
use xuncha_testkit::TestDb;

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

/// The four documents rendered, and the evidence read with one query and deflated.
async fn baseline(app: &App, office: &xuncha_domain::access::Actor, db: &TestDb, inspection: i64) -> usize {
    let iid = xuncha_domain::id::InspectionId::new(inspection);
    for kind in xuncha_app::official::DocumentKind::ALL {
        if let Ok(d) = app.official_document(office, iid, *kind).await {
            xuncha_documents::official::render(&d).unwrap();
        }
    }
    let mut h = db.store.read().await.unwrap();
    let sql = "SELECT e.file_name, e.data FROM evidence e JOIN measure m ON m.id = e.measure_id
               JOIN problem p ON p.id = m.problem_id WHERE p.inspection_id = $1";
    let rows: Vec<(String, Vec<u8>)> = match h.conn() {
        Conn::Sqlite(c, _) => sqlx::query_as(sql).bind(inspection).fetch_all(c).await.unwrap(),
        Conn::Pg(c, _) => sqlx::query_as(sql).bind(inspection).fetch_all(c).await.unwrap(),
    };
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (n, (name, data)) in rows.iter().enumerate() {
        w.start_file(format!("{n}-{name}"), opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner().len()
}

#[tokio::main]
async fn main() {
    let db = TestDb::sqlite().await;
    let app = App::new(db.store.clone(), Clock::Fixed(date!(2023 - 11 - 10))).await.unwrap();
    let accounts = xuncha_demo::load(&app).await.unwrap();
    assert!(!accounts.is_empty());
    let office_id = {
        let mut h = db.store.read().await.unwrap();
        h.conn().find_user("office").await.unwrap().unwrap().id
    };
    let office = app.actor(office_id).await.unwrap();
    let mut fed_back: Vec<(usize, i64, String)> = Vec::new();
    for i in app.list_inspections(&office, None).await.unwrap() {
        if i.feedback_date.is_some() {
            let measures = app
                .get_plan(&office, i.id)
                .await
                .map(|p| p.problems.iter().map(|x| x.measures.len()).sum())
                .unwrap_or(0);
            fed_back.push((measures, i.id.get(), i.target_name.clone()));
        }
    }
    fed_back.sort_by(|a, b| b.cmp(a));
    println!("巡察档案, demo county (SQLite), median of 5 runs, largest inspection first");
    for (measures, id, name) in fed_back.iter().take(3) {
        let iid = xuncha_domain::id::InspectionId::new(*id);
        let (mut made, mut base, mut size, mut files, mut base_size) = (Vec::new(), Vec::new(), 0, 0, 0);
        for _ in 0..5 {
            let start = Instant::now();
            let bundle = app.archive_bundle(&office, iid, ArchiveVariant::Standard).await.unwrap();
            let packed = xuncha_documents::archive::pack(&bundle).unwrap();
            app.keep_archive(&office, &bundle, &packed.manifest, &packed.manifest_bytes, &packed.zip).await.unwrap();
            made.push(start.elapsed());
            (size, files) = (packed.zip.len(), packed.manifest.files.len());
            let start = Instant::now();
            base_size = baseline(&app, &office, &db, *id).await;
            base.push(start.elapsed());
        }
        let (m, b) = (median(made), median(base));
        println!(
            "{name} ({measures} measures): archive {:.1} ms, {files} files, {:.1} KB; baseline (documents rendered, evidence read + deflated) {:.1} ms, evidence zip {:.1} KB; ratio {:.2}",
            m.as_secs_f64() * 1e3,
            size as f64 / 1024.0,
            b.as_secs_f64() * 1e3,
            base_size as f64 / 1024.0,
            m.as_secs_f64() / b.as_secs_f64().max(1e-9)
        );
    }
}
