//! 巡察档案: an inspection's archives, kept whole as made.

use xuncha_domain::archive::ArchiveVariant;
use xuncha_domain::id::*;

use crate::rows::InspectionArchive;
use crate::{Conn, Result, map_err, run};

pub struct NewArchive<'a> {
    pub inspection_id: InspectionId,
    pub variant: ArchiveVariant,
    pub file_name: &'a str,
    pub manifest_sha256: &'a str,
    pub files: i64,
    pub audit_seq: i64,
    pub audit_hash: &'a str,
    pub data: &'a [u8],
    pub made_by: UserId,
}

const COLS: &str = "SELECT id, inspection_id, variant, file_name, manifest_sha256, files, size, audit_seq, audit_hash,
    made_by, made_at FROM inspection_archive";

impl Conn<'_> {
    pub async fn insert_archive(&mut self, a: &NewArchive<'_>) -> Result<ArchiveId> {
        let now = self.now();
        run!(self, c => sqlx::query_scalar(
            "INSERT INTO inspection_archive (inspection_id, variant, file_name, manifest_sha256, files, size, audit_seq,
             audit_hash, data, made_by, made_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id")
            .bind(a.inspection_id).bind(a.variant.code()).bind(a.file_name).bind(a.manifest_sha256).bind(a.files)
            .bind(a.data.len() as i64).bind(a.audit_seq).bind(a.audit_hash).bind(a.data).bind(a.made_by).bind(now)
            .fetch_one(c).await)
        .map_err(map_err)
    }

    pub async fn get_archive(&mut self, id: ArchiveId) -> Result<Option<InspectionArchive>> {
        let sql = format!("{COLS} WHERE id = $1");
        Ok(run!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(id).fetch_optional(c).await)?)
    }

    /// An inspection's archives, newest first.
    pub async fn list_archives(&mut self, inspection_id: InspectionId) -> Result<Vec<InspectionArchive>> {
        let sql = format!("{COLS} WHERE inspection_id = $1 ORDER BY id DESC");
        Ok(run!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(inspection_id).fetch_all(c).await)?)
    }

    /// The archives whose manifest has this SHA-256 (one, unless made twice to the byte).
    pub async fn archives_with_manifest(&mut self, sha256: &str) -> Result<Vec<InspectionArchive>> {
        let sql = format!("{COLS} WHERE manifest_sha256 = $1 ORDER BY id");
        Ok(run!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(sha256).fetch_all(c).await)?)
    }

    pub async fn archive_data(&mut self, id: ArchiveId) -> Result<Option<Vec<u8>>> {
        Ok(run!(self, c => sqlx::query_scalar("SELECT data FROM inspection_archive WHERE id = $1")
            .bind(id).fetch_optional(c).await)?)
    }
}
