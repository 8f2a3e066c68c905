//! Sealing the audit chain with a key held outside the database (see `xuncha_domain::audit`).
//!
//! The key is a file of its own (64 hex digits, created 0600 on first use): beside a SQLite
//! database (`xuncha.db.audit-key`) or where `--audit-key-file` says. Every write transaction
//! that appended events seals the new head in the `audit_seal` table as it commits, and the
//! latest sealed head is written to `<key file>.head`, outside the database too. Back the key up
//! apart from the database: a copy of both lets anyone reseal a rewritten chain.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use xuncha_domain::audit::{SealedHead, seal};

use crate::{Conn, Result, run};

/// The audit key and the file that keeps the latest sealed head.
pub struct Sealer {
    key: Vec<u8>,
    head_file: PathBuf,
    /// The highest seq written to the head file by this process (writers race to it).
    written: Mutex<i64>,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key.
        f.debug_struct("Sealer").field("head_file", &self.head_file).finish_non_exhaustive()
    }
}

impl Sealer {
    /// Reads the key from `key_file`, creating it (0600, 32 random bytes) when missing.
    pub fn load_or_create(key_file: &Path) -> std::result::Result<Sealer, String> {
        let shown = key_file.display();
        let key = match std::fs::read_to_string(key_file) {
            Ok(text) => hex::decode(text.trim())
                .ok()
                .filter(|k| k.len() >= 32)
                .ok_or_else(|| format!("审计密钥文件 {shown} 的内容无效(应为64位十六进制数)"))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut key = vec![0u8; 32];
                rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut key);
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                let mut f = options.open(key_file).map_err(|e| format!("无法创建审计密钥文件 {shown}:{e}"))?;
                f.write_all(hex::encode(&key).as_bytes())
                    .and_then(|()| f.sync_all())
                    .map_err(|e| format!("无法写入审计密钥文件 {shown}:{e}"))?;
                key
            }
            Err(e) => return Err(format!("无法读取审计密钥文件 {shown}:{e}")),
        };
        let mut head_file = key_file.as_os_str().to_owned();
        head_file.push(".head");
        Ok(Sealer { key, head_file: PathBuf::from(head_file), written: Mutex::new(0) })
    }

    pub fn key(&self) -> &[u8] {
        &self.key
    }

    /// The sealed head kept in the file beside the key, if there is one.
    pub fn kept_head(&self) -> std::result::Result<Option<SealedHead>, String> {
        match std::fs::read_to_string(&self.head_file) {
            Ok(text) => {
                let mut parts = text.split_whitespace();
                let (Some(seq), Some(hash), Some(seal)) = (parts.next(), parts.next(), parts.next()) else {
                    return Err(format!("链头文件 {} 的内容无效", self.head_file.display()));
                };
                let seq = seq.parse().map_err(|_| format!("链头文件 {} 的内容无效", self.head_file.display()))?;
                Ok(Some(SealedHead { seq, hash: hash.to_string(), seal: seal.to_string() }))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("无法读取链头文件 {}:{e}", self.head_file.display())),
        }
    }

    /// Seals the head inside the committing transaction when events were appended since the
    /// last seal. Returns the new sealed head, to be kept once the transaction has committed.
    pub(crate) async fn seal_head(&self, conn: &mut Conn<'_>) -> Result<Option<SealedHead>> {
        let (seq, hash): (i64, String) =
            run!(conn, c => sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(c).await)?;
        let last: i64 =
            run!(conn, c => sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM audit_seal").fetch_one(c).await)?;
        if seq <= last {
            return Ok(None);
        }
        let sealed = SealedHead { seq, seal: seal(&self.key, seq, &hash), hash };
        run!(conn, c => sqlx::query("INSERT INTO audit_seal (seq, hash, seal) VALUES ($1, $2, $3)")
            .bind(sealed.seq).bind(&sealed.hash).bind(&sealed.seal).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(Some(sealed))
    }

    /// Writes the committed head to the file beside the key (write, sync, rename), unless a
    /// later head was written already. A failure is logged: the database holds the seal anyway.
    pub(crate) fn keep(&self, head: &SealedHead) {
        let mut written = self.written.lock().unwrap_or_else(|p| p.into_inner());
        // Another process (the CLI beside the server) may have kept a later head already.
        let on_file = self.kept_head().ok().flatten().map_or(0, |h| h.seq);
        if head.seq <= (*written).max(on_file) {
            return;
        }
        let mut tmp = self.head_file.as_os_str().to_owned();
        tmp.push(".tmp");
        let tmp = PathBuf::from(tmp);
        let line = format!("{} {} {}\n", head.seq, head.hash, head.seal);
        let done = std::fs::File::create(&tmp)
            .and_then(|mut f| f.write_all(line.as_bytes()).and_then(|()| f.sync_all()))
            .and_then(|()| std::fs::rename(&tmp, &self.head_file));
        match done {
            Ok(()) => *written = head.seq,
            Err(e) => tracing::warn!(error = %e, "could not keep the sealed audit head beside the key"),
        }
    }
}
