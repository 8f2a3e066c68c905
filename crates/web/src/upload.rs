//! Reading an evidence upload (multipart) for both the JSON API and the pages.

use axum::extract::Multipart;
use xuncha_app::AppError;
use xuncha_app::inputs::EvidenceUpload;

/// The upload and the form's `csrf` field (empty when absent, as on the API).
pub async fn read_evidence(mut form: Multipart) -> Result<(EvidenceUpload, String), AppError> {
    let bad = |m: &str| AppError::invalid("file", m.to_string());
    let mut csrf = String::new();
    let mut up = EvidenceUpload {
        file_name: String::new(),
        content_type: String::new(),
        data: Vec::new(),
        description: String::new(),
        document_date: None,
    };
    let mut got_file = false;
    while let Some(field) = form.next_field().await.map_err(|_| bad("上传内容无法读取,文件可能超过大小限制"))?
    {
        match field.name().unwrap_or("") {
            "csrf" => csrf = field.text().await.map_err(|_| bad("表单无法读取"))?,
            "file" => {
                up.file_name = field.file_name().unwrap_or("").to_string();
                up.content_type = field.content_type().unwrap_or("application/octet-stream").to_string();
                up.data = field.bytes().await.map_err(|_| bad("上传内容无法读取,文件可能超过大小限制"))?.to_vec();
                got_file = true;
            }
            "description" => up.description = field.text().await.map_err(|_| bad("材料说明无法读取"))?,
            "document_date" => up.document_date = Some(field.text().await.map_err(|_| bad("材料形成日期无法读取"))?),
            _ => {}
        }
    }
    if !got_file {
        return Err(bad("请选择要上传的佐证材料文件"));
    }
    Ok((up, csrf))
}
