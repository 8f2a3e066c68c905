//! Reading uploads (multipart) for both the JSON API and the pages, and keeping an office file
//! between its preview and its import.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::extract::Multipart;
use xuncha_app::AppError;
use xuncha_app::inputs::EvidenceUpload;
use xuncha_domain::id::*;

/// One multipart form: its file (the `file` field) and its text fields.
pub struct Upload {
    pub file_name: String,
    pub content_type: String,
    pub data: Option<Vec<u8>>,
    pub fields: HashMap<String, String>,
}

impl Upload {
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map(String::as_str).unwrap_or("")
    }

    /// The file, or an error naming what to choose.
    pub fn file(&self, what: &str) -> Result<&[u8], AppError> {
        match &self.data {
            Some(d) if !d.is_empty() => Ok(d),
            _ => Err(AppError::invalid("file", format!("请选择要上传的{what}文件"))),
        }
    }
}

pub async fn read_upload(Multipart(mut form): Multipart) -> Result<Upload, AppError> {
    let bad = |m: &str| AppError::invalid("file", m.to_string());
    let mut up = Upload { file_name: String::new(), content_type: String::new(), data: None, fields: HashMap::new() };
    while let Some(field) = form.next_field().await.map_err(|_| bad("上传内容无法读取,文件可能超过大小限制"))?
    {
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            up.file_name = field.file_name().unwrap_or("").to_string();
            up.content_type = field.content_type().unwrap_or("application/octet-stream").to_string();
            up.data = Some(field.bytes().await.map_err(|_| bad("上传内容无法读取,文件可能超过大小限制"))?.to_vec());
        } else {
            let text = field.text().await.map_err(|_| bad("表单无法读取"))?;
            if name.chars().chain(text.chars()).any(crate::extract::forbidden_char) {
                return Err(crate::extract::control_refusal(&name));
            }
            up.fields.insert(name, text);
        }
    }
    Ok(up)
}

/// The evidence upload and the form's `csrf` field (empty when absent, as on the API).
pub async fn read_evidence(form: Multipart) -> Result<(EvidenceUpload, String), AppError> {
    let up = read_upload(form).await?;
    let data = up.file("佐证材料")?.to_vec();
    let ev = EvidenceUpload {
        file_name: up.file_name.clone(),
        content_type: up.content_type.clone(),
        data,
        description: up.field("description").to_string(),
        document_date: up.fields.get("document_date").cloned(),
    };
    Ok((ev, up.field("csrf").to_string()))
}

/// Office files parsed at once. Reading a large (legal) ledger is a second of CPU; parsing runs on
/// the blocking pool so the async workers keep answering, and at most this many at a time so a
/// burst of uploads queues instead of taking every core and the memory of each parse.
const PARSING_AT_ONCE: usize = 2;
static PARSING: std::sync::LazyLock<tokio::sync::Semaphore> =
    std::sync::LazyLock::new(|| tokio::sync::Semaphore::new(PARSING_AT_ONCE));

/// Parses an uploaded office file off the async runtime and hands the bytes back with the result
/// (a preview keeps them for the confirming form). A parser that panics answers as an unreadable
/// file; the panic's message is not logged, as it may quote the file.
pub async fn parse_file<T: Send + 'static>(
    data: Vec<u8>,
    parse: impl FnOnce(&[u8]) -> Result<T, String> + Send + 'static,
) -> (Vec<u8>, Result<T, String>) {
    let unreadable = || "文件无法读取,可能已损坏,请检查后重新上传".to_string();
    let Ok(_permit) = PARSING.acquire().await else { return (Vec::new(), Err(unreadable())) };
    let data = std::sync::Arc::new(data);
    let mine = data.clone();
    let result = match tokio::task::spawn_blocking(move || parse(&mine)).await {
        Ok(r) => r,
        Err(_) => {
            tracing::error!("an office file's parser failed; the file was refused");
            Err(unreadable())
        }
    };
    (std::sync::Arc::try_unwrap(data).unwrap_or_else(|shared| shared.to_vec()), result)
}

/// A file shown in a preview and waiting for the user to confirm the import. Held in memory for
/// half an hour, only for the user who uploaded it: a restart simply asks for the file again.
struct Pending {
    user_id: UserId,
    kind: &'static str,
    data: Vec<u8>,
    stored: Instant,
}

#[derive(Default)]
pub struct PendingUploads {
    files: Mutex<HashMap<String, Pending>>,
}

const KEEP: Duration = Duration::from_secs(30 * 60);
/// Per user: a preview replaces older ones beyond this many.
const PER_USER: usize = 3;

impl PendingUploads {
    /// Keeps the file and returns the token the confirming form sends back.
    pub fn keep(&self, user_id: UserId, kind: &'static str, data: Vec<u8>) -> String {
        let mut bytes = [0u8; 16];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
        let token = hex::encode(bytes);
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.retain(|_, p| p.stored.elapsed() < KEEP);
        let mut mine: Vec<(String, Instant)> =
            files.iter().filter(|(_, p)| p.user_id == user_id).map(|(k, p)| (k.clone(), p.stored)).collect();
        mine.sort_by_key(|(_, at)| *at);
        while mine.len() >= PER_USER {
            files.remove(&mine.remove(0).0);
        }
        files.insert(token.clone(), Pending { user_id, kind, data, stored: Instant::now() });
        token
    }

    /// The file behind `token`, once; only for the user who uploaded it.
    pub fn take(&self, user_id: UserId, kind: &'static str, token: &str) -> Result<Vec<u8>, AppError> {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        match files.get(token) {
            Some(p) if p.user_id == user_id && p.kind == kind && p.stored.elapsed() < KEEP => {
                Ok(files.remove(token).map(|p| p.data).unwrap_or_default())
            }
            _ => Err(AppError::State("预览已过期或不存在,请重新选择文件上传".into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::PendingUploads;
    use xuncha_domain::UserId;

    #[test]
    fn a_kept_file_is_given_once_and_only_to_its_uploader() {
        let p = PendingUploads::default();
        let t = p.keep(UserId::new(1), "ledger", b"abc".to_vec());
        assert!(p.take(UserId::new(2), "ledger", &t).is_err(), "another user");
        assert!(p.take(UserId::new(1), "roster", &t).is_err(), "another kind");
        assert_eq!(p.take(UserId::new(1), "ledger", &t).unwrap(), b"abc");
        assert!(p.take(UserId::new(1), "ledger", &t).is_err(), "only once");
    }

    #[test]
    fn old_previews_of_a_user_give_way() {
        let p = PendingUploads::default();
        let first = p.keep(UserId::new(1), "ledger", vec![1]);
        for _ in 0..3 {
            p.keep(UserId::new(1), "ledger", vec![2]);
        }
        assert!(p.take(UserId::new(1), "ledger", &first).is_err());
    }
}
