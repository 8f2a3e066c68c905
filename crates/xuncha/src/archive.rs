//! `xuncha archive verify`: an archive checked against its own manifest (every file present,
//! unchanged, nothing added) and, given the database, against the record — the audit head the
//! manifest names still in the chain, the chain whole, and the archive kept under its manifest.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use xuncha_app::{App, Clock};
use xuncha_domain::archive;

use crate::{DbArgs, app_error, open};

#[derive(Subcommand)]
pub(crate) enum ArchiveCommand {
    /// Check a 巡察档案 (.zip): each file against the SHA-256 its manifest records, nothing
    /// missing or added; with --database also that the audit head the manifest names is in the
    /// chain, the chain holds, and the archive is the one kept. Exits 2 on any difference.
    Verify {
        /// The archive as downloaded (.zip).
        file: PathBuf,
        /// Also check against this database (a SQLite path or postgres:// URL).
        #[arg(long)]
        database: Option<String>,
        /// The audit key, when the database is sealed with one kept elsewhere.
        #[arg(long)]
        audit_key_file: Option<PathBuf>,
    },
}

/// The largest archive read (what is inside is bounded again as it inflates).
const MAX_ARCHIVE_FILE: u64 = 2 * 1024 * 1024 * 1024;

pub(crate) async fn run(cmd: ArchiveCommand) -> Result<ExitCode, String> {
    let ArchiveCommand::Verify { file, database, audit_key_file } = cmd;
    let shown = file.display().to_string();
    let f = std::fs::File::open(&file).map_err(|e| format!("无法读取 {shown}:{e}"))?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(f, MAX_ARCHIVE_FILE + 1), &mut bytes)
        .map_err(|e| format!("无法读取 {shown}:{e}"))?;
    if bytes.len() as u64 > MAX_ARCHIVE_FILE {
        return Err(format!("{shown} 超过{}GB,不是巡察档案包", MAX_ARCHIVE_FILE >> 30));
    }
    let read = match xuncha_documents::archive::read(&bytes) {
        Ok(r) => r,
        Err(e) => {
            println!("不符:{e}");
            return Ok(ExitCode::from(2));
        }
    };
    let Some(manifest) = read.manifest else {
        println!("{}", archive::Finding::NotAManifest);
        return Ok(ExitCode::from(2));
    };
    println!("档案:{}({})", manifest.title, manifest.variant);
    println!("生成:{},{}", manifest.made_by, manifest.made_at);
    println!("清单:{}个文件,清单SHA-256 {}", manifest.files.len(), read.manifest_sha256);
    println!("审计链头:第{}条 {}", manifest.audit_head.seq, manifest.audit_head.hash);
    let findings = archive::check(&manifest, &read.found);
    for f in &findings {
        println!("不符:{f}");
    }
    let mut ok = findings.is_empty();
    if ok {
        println!("文件与清单一致");
    }
    if let Some(database) = database {
        // Checking never creates: a SQLite file that is not there is an error, not a new database.
        let is_url = database.starts_with("postgres://") || database.starts_with("postgresql://");
        if !is_url && !std::path::Path::new(&database).exists() {
            return Err(format!("数据库文件 {database} 不存在"));
        }
        let db = DbArgs { database, audit_key_file, sqlite_synchronous: "normal".into() };
        let app = App::new(open(&db).await?, Clock::System).await.map_err(app_error)?;
        let on_record = app.archive_on_record(&manifest.audit_head, &read.manifest_sha256).await.map_err(app_error)?;
        if on_record.head_in_chain {
            println!("审计链头在链中");
        } else {
            println!("不符:清单记录的审计链头(第{}条)不在该数据库的审计链中", manifest.audit_head.seq);
            ok = false;
        }
        match app.verify_audit().await.map_err(app_error)? {
            Ok(n) => println!("审计链完整({n}条)"),
            Err(b) => {
                println!("不符:审计链校验未通过:{b}");
                ok = false;
            }
        }
        match (on_record.kept, on_record.made_at_seq) {
            (Some((id, name)), Some(seq)) => println!("系统中保存的档案:编号{id}《{name}》,审计链第{seq}条记录了生成"),
            (Some(_), None) => {
                println!("不符:系统中有此档案,但审计链中没有生成它的记录(可能是绕过系统写入的)");
                ok = false;
            }
            (None, _) => {
                println!("不符:系统中没有以此清单生成的档案");
                ok = false;
            }
        }
    }
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(2) })
}
