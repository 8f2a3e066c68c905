//! 巡察档案: the demo's archive of 县工商联 and a new one of 谷前堡镇, as files (documents,
//! records, evidence, the catalogue in two formats, the manifest), checked by
//! `xuncha archive verify` alone and against the database; a changed, added or removed file, and a
//! database whose chain no longer holds the head, fail it; tips only as counts unless sealed; who
//! may make and read which — on the demo county as of 2023-11-10, on a sealed database.

use std::io::{Cursor, Read, Write};
use std::process::Command;

use reqwest::StatusCode;
use serde_json::{Value, json};
use xuncha_store::Backend;

use crate::helpers::{Client, DbOnDisk, demo_login, exec_sql, expect, sealed_demo_server};
use crate::on_both;

const BIN: &str = env!("CARGO_BIN_EXE_xuncha");

on_both!(
    the_demo_archive_holds_its_papers_and_verifies_against_its_manifest_and_the_chain,
    an_archive_tells_tips_only_as_counts_unless_sealed_and_only_the_office_makes_it,
);

async fn inspection(office: &Client, name: &str) -> i64 {
    let all = expect(office.get("/api/inspections").await, StatusCode::OK);
    all.as_array().unwrap().iter().find(|i| i["target_name"] == name).unwrap()["id"].as_i64().unwrap()
}

fn entries(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(Cursor::new(zip)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().to_string(), data)
        })
        .collect()
}

/// Every name and every text of an archive: for an .xlsx or .docx inside, every XML part (sheet
/// names, shared strings, cells, paragraphs).
fn text_of(zip: &[u8]) -> String {
    let mut all = String::new();
    for (name, data) in entries(zip) {
        all.push_str(&name);
        match zip::ZipArchive::new(Cursor::new(data.clone())) {
            Ok(mut inner) => {
                for i in 0..inner.len() {
                    let mut f = inner.by_index(i).unwrap();
                    if f.name().unwrap().ends_with(".xml") {
                        f.read_to_string(&mut all).unwrap();
                    }
                }
            }
            Err(_) => all.push_str(&String::from_utf8_lossy(&data)),
        }
    }
    all
}

fn rezip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in parts {
        w.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// `xuncha archive verify` on `bytes` (against the database when given): exit code and output.
fn verify(dir: &std::path::Path, name: &str, bytes: &[u8], db: Option<&DbOnDisk>) -> (i32, String) {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let mut cmd = Command::new(BIN);
    cmd.args(["archive", "verify"]).arg(&path);
    if let Some(db) = db {
        cmd.args(["--database", &db.url]).arg("--audit-key-file").arg(&db.key);
    }
    let out = cmd.output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), text)
}

/// A folder of the test's own, removed at the end.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let p = std::env::temp_dir().join(format!("xuncha_archive_{name}_{}", std::process::id()));
        std::fs::create_dir_all(&p).unwrap();
        Scratch(p)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn the_demo_archive_holds_its_papers_and_verifies_against_its_manifest_and_the_chain(backend: Backend) {
    let (t, db) = sealed_demo_server(backend).await;
    let office = demo_login(&t.base, "office").await;
    let gsl = inspection(&office, "县工商联").await;
    let list = expect(office.get(&format!("/api/inspections/{gsl}/archives")).await, StatusCode::OK);
    let kept = &list["archives"][0];
    assert_eq!((kept["variant"].as_str(), list["can_make"].as_bool()), (Some("standard"), Some(true)), "{list}");
    assert!(kept["made_by_name"].as_str().unwrap().starts_with("王振华("), "{kept}");
    assert!(kept["made_at_text"].as_str().unwrap().starts_with("2023年11月9日"), "on the story's day: {kept}");
    let (status, kind, zip) = office.download(&format!("/api/archives/{}/file", kept["id"])).await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, "application/zip"));
    let parts = entries(&zip);
    let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
    for expected in
        ["00_卷内目录.xlsx", "00_卷内目录.docx", "01_巡察反馈意见.docx", "02_整改方案.docx", "manifest.json"]
    {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }
    assert!(names.iter().any(|n| n.ends_with("_整改进展情况通报.docx")), "the published disclosure: {names:?}");
    assert!(names.iter().any(|n| n.ends_with("_巡察工作记录.xlsx")));
    assert!(names.iter().any(|n| n.starts_with("附件/佐证材料/问题")), "the evidence files: {names:?}");
    let manifest: Value = serde_json::from_slice(&parts.iter().find(|(n, _)| n == "manifest.json").unwrap().1).unwrap();
    assert_eq!(manifest["format"], "xuncha-archive/1");
    assert_eq!(manifest["files"].as_array().unwrap().len(), parts.len() - 1, "every file but itself");
    assert_eq!(manifest["audit_head"]["seq"], kept["audit_seq"]);
    // The rectification as scored the same day, and its rule, are filed with it.
    let text = text_of(&zip);
    assert!(text.contains("整改成效评估") && text.contains("92.5") && text.contains("长效机制"), "the score is filed");

    // Verified alone and against the database.
    let dir = Scratch::new(&format!("{backend:?}"));
    let (code, out) = verify(&dir.0, "gsl.zip", &zip, None);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("文件与清单一致"), "{out}");
    let (code, out) = verify(&dir.0, "gsl.zip", &zip, Some(&db));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("审计链头在链中") && out.contains("系统中保存的档案"), "{out}");

    // A changed file, an added one, a removed one: each named, exit 2.
    let evidence = parts.iter().position(|(n, _)| n.starts_with("附件/")).unwrap();
    let mut changed = parts.clone();
    changed[evidence].1.push(b' ');
    let (code, out) = verify(&dir.0, "changed.zip", &rezip(&changed), None);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("已被改动") && out.contains(&changed[evidence].0), "{out}");
    let mut added = parts.clone();
    added.push(("附件/补充说明.txt".into(), "后补的材料".as_bytes().to_vec()));
    let (code, out) = verify(&dir.0, "added.zip", &rezip(&added), None);
    assert_eq!(code, 2);
    assert!(out.contains("清单未列的文件:附件/补充说明.txt"), "{out}");
    let mut removed = parts.clone();
    let gone = removed.remove(evidence).0;
    let (code, out) = verify(&dir.0, "removed.zip", &rezip(&removed), None);
    assert_eq!(code, 2);
    assert!(out.contains(&format!("清单所列文件缺失:{gone}")), "{out}");
    // A manifest rewritten to match a changed file is no archive the system made.
    let mut forged = changed.clone();
    let mut m = manifest.clone();
    for f in m["files"].as_array_mut().unwrap() {
        if f["path"] == forged[evidence].0.as_str() {
            f["sha256"] = json!(hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&forged[evidence].1)));
        }
    }
    let at = forged.iter().position(|(n, _)| n == "manifest.json").unwrap();
    forged[at].1 = serde_json::to_vec_pretty(&m).unwrap();
    let (code, out) = verify(&dir.0, "forged.zip", &rezip(&forged), None);
    assert_eq!(code, 0, "alone it is self-consistent: {out}");
    let (code, out) = verify(&dir.0, "forged.zip", &rezip(&forged), Some(&db));
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("系统中没有以此清单生成的档案"), "{out}");
    // A name that climbs out of its folder is refused whatever the manifest lists.
    let mut climbing = parts.clone();
    climbing.push(("附件/../../etc/cron.d/x".into(), b"* * * * * root true".to_vec()));
    let (code, out) = verify(&dir.0, "climbing.zip", &rezip(&climbing), None);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("不安全的文件名"), "{out}");
    // A kept archive whose row was rewritten behind the system to the forged manifest: the
    // chain holds no record of making it.
    let forged_sha = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&forged[at].1));
    exec_sql(
        &t.store,
        &format!("UPDATE inspection_archive SET manifest_sha256 = '{forged_sha}' WHERE id = {}", kept["id"]),
    )
    .await;
    let (code, out) = verify(&dir.0, "forged.zip", &rezip(&forged), Some(&db));
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("审计链中没有生成它的记录"), "{out}");
    // Not a zip at all.
    let (code, out) = verify(&dir.0, "not.zip", "这不是压缩包".as_bytes(), None);
    assert_eq!(code, 2);
    assert!(out.contains("不是有效的.zip档案包"), "{out}");
}

async fn an_archive_tells_tips_only_as_counts_unless_sealed_and_only_the_office_makes_it(backend: Backend) {
    let (t, _db) = sealed_demo_server(backend).await;
    let office = demo_login(&t.base, "office").await;
    let gqb = inspection(&office, "谷前堡镇党委").await;
    let path = format!("/api/inspections/{gqb}/archives");
    let standard = expect(office.post(&path, json!({})).await, StatusCode::CREATED);
    assert_eq!(standard["variant"], "standard");
    let sealed = expect(office.post(&path, json!({ "variant": "sealed" })).await, StatusCode::CREATED);
    assert!(sealed["file_name"].as_str().unwrap().contains("密封卷"), "{sealed}");
    let refused = expect(office.post(&path, json!({ "variant": "all" })).await, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.to_string().contains("variant"), "{refused}");

    // The tip the demo's comment became and the lead sent to 纪委监委: counted in the standard
    // one — in no file of it, documents, catalogue and manifest included — in full in the sealed.
    let secrets = ["光伏板的清洗", "王建国", "光伏收益去向不明的问题线索"];
    let (_, _, zip) = office.download(&format!("/api/archives/{}/file", standard["id"])).await;
    let text = text_of(&zip);
    assert!(text.contains("信访举报(件数)") && text.contains("问题线索移交(件数)"), "counts");
    for s in secrets {
        assert!(!text.contains(s), "{s} is not in the standard archive");
    }
    let (_, _, zip) = office.download(&format!("/api/archives/{}/file", sealed["id"])).await;
    let text = text_of(&zip);
    for s in secrets {
        assert!(text.contains(s), "{s} is in the sealed archive");
    }

    // Leaders read the standard one only; nobody else sees either or makes one.
    let leader = demo_login(&t.base, "leader").await;
    let theirs = expect(leader.get(&path).await, StatusCode::OK);
    let variants: Vec<&str> =
        theirs["archives"].as_array().unwrap().iter().map(|a| a["variant"].as_str().unwrap()).collect();
    assert_eq!((variants, theirs["can_make"].as_bool()), (vec!["standard"], Some(false)));
    expect(leader.get(&format!("/api/archives/{}/file", sealed["id"])).await, StatusCode::NOT_FOUND);
    expect(leader.post(&path, json!({})).await, StatusCode::FORBIDDEN);
    for who in ["gqb.secretary", "team4.leader", "jiwei"] {
        let c = demo_login(&t.base, who).await;
        expect(c.get(&format!("/api/archives/{}/file", standard["id"])).await, StatusCode::NOT_FOUND);
        let (status, _) = c.post(&path, json!({})).await;
        assert!(matches!(status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN), "{who}: {status}");
    }
    // Before feedback there is nothing to file.
    let open = inspection(&office, "县农业农村局").await;
    let early =
        expect(office.post(&format!("/api/inspections/{open}/archives"), json!({})).await, StatusCode::CONFLICT);
    assert!(early.to_string().contains("巡察反馈之前还没有可归档的文书"), "{early}");
    // Each made archive is on the trail with its manifest digest.
    let trail = expect(office.get(&format!("/api/audit/inspection/{gqb}")).await, StatusCode::OK);
    assert_eq!(trail.to_string().matches("\"archive.make\"").count(), 2, "{trail}");
    assert!(trail.to_string().contains(standard["manifest_sha256"].as_str().unwrap()));
    // The sealed one's tips were read into it, and each download was recorded.
    assert!(trail.to_string().contains("密封卷档案包含信访举报"), "{trail}");
    assert!(trail.to_string().matches("\"archive.download\"").count() >= 2, "{trail}");
}
