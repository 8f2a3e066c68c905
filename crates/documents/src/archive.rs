//! 巡察档案 packed: the official documents as .docx, the records as one workbook, the evidence
//! files as uploaded, a 卷内目录 (catalogue: number, title, author, date, size, file) as .xlsx and
//! .docx, and `manifest.json` with every file's SHA-256 and the audit chain's head — in one .zip.
//! Also the reading side for `xuncha archive verify`: a .zip read within bounds, whatever it claims.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
use sha2::{Digest, Sha256};
use xuncha_app::archives::{ArchiveBundle, Sheet};
use xuncha_domain::archive::{self, FORMAT, MANIFEST_PATH, Manifest, ManifestFile};
use zip::write::SimpleFileOptions;

use crate::official::layout::{GovDoc, chinese_date};

/// An archive packed: the .zip, its manifest, and the manifest's bytes as stored in it.
pub struct PackedArchive {
    pub zip: Vec<u8>,
    pub manifest: Manifest,
    pub manifest_bytes: Vec<u8>,
}

/// One line of the catalogue.
struct Entry {
    path: String,
    title: String,
    author: String,
    date: String,
    bytes: Vec<u8>,
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The records as one workbook, a sheet per table.
fn records_xlsx(sheets: &[Sheet]) -> Result<Vec<u8>, String> {
    let err = |e: rust_xlsxwriter::XlsxError| format!("xlsx: {e}");
    let mut wb = Workbook::new();
    let header = Format::new().set_bold().set_border(FormatBorder::Thin).set_align(FormatAlign::Center);
    let cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::Top);
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&s.name).map_err(err)?;
        for (c, h) in s.header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &header).map_err(err)?;
            ws.set_column_width(c as u16, if h.chars().count() > 4 { 28 } else { 14 }).map_err(err)?;
        }
        for (r, row) in s.rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                ws.write_string_with_format(r as u32 + 1, c as u16, text, &cell).map_err(err)?;
            }
        }
        ws.set_freeze_panes(1, 0).map_err(err)?;
    }
    wb.save_to_buffer().map_err(err)
}

const CATALOGUE_HEADER: [&str; 6] = ["序号", "文件题名", "责任者", "日期", "大小", "文件"];

fn catalogue_rows(entries: &[Entry]) -> Vec<Vec<String>> {
    entries
        .iter()
        .enumerate()
        .map(|(n, e)| {
            vec![
                (n + 1).to_string(),
                e.title.clone(),
                e.author.clone(),
                // Dates as 卷内目录 write them: eight digits (20231109).
                e.date.replace('-', ""),
                archive::size_text(e.bytes.len() as u64),
                e.path.clone(),
            ]
        })
        .collect()
}

fn catalogue_xlsx(entries: &[Entry]) -> Result<Vec<u8>, String> {
    let sheet = Sheet {
        name: "卷内目录".into(),
        header: CATALOGUE_HEADER.iter().map(|h| h.to_string()).collect(),
        rows: catalogue_rows(entries),
    };
    records_xlsx(&[sheet])
}

fn catalogue_docx(b: &ArchiveBundle, entries: &[Entry]) -> Result<Vec<u8>, String> {
    GovDoc::new()
        .title("卷内目录")
        .body(&format!("{}。{},共{}件。", b.title, b.variant.label(), entries.len()))
        .table(&CATALOGUE_HEADER, &catalogue_rows(entries), &[700, 3000, 1700, 1200, 900, 2000])
        .body(&format!("立卷人:{};立卷时间:{}。", b.made_by, b.made_at))
        .signature(&b.team_title, &chinese_date(b.made_on))
        .into_bytes()
}

/// Packs the bundle. Every file is listed in the manifest with its SHA-256; the manifest names
/// the audit chain's head when the bundle was gathered.
pub fn pack(b: &ArchiveBundle) -> Result<PackedArchive, String> {
    let mut entries = Vec::new();
    for (n, d) in b.documents.iter().enumerate() {
        let (bytes, _) = crate::official::render(&d.document)?;
        let label = d.document.kind.label();
        entries.push(Entry {
            path: format!("{:02}_{label}.docx", n + 1),
            title: format!("{}{label}", d.document.inspection.target_name),
            author: d.author.clone(),
            date: d.date.clone(),
            bytes,
        });
    }
    entries.push(Entry {
        path: format!("{:02}_巡察工作记录.xlsx", b.documents.len() + 1),
        title: "巡察工作记录(基本情况、问题底稿、整改措施与销号、问题线索移交、随机抽查、群众评价、信访举报)".into(),
        author: b.team_title.clone(),
        date: b.made_on.to_string(),
        bytes: records_xlsx(&b.sheets)?,
    });
    for f in &b.files {
        entries.push(Entry {
            path: f.path.clone(),
            title: f.title.clone(),
            author: f.author.clone(),
            date: f.date.clone(),
            bytes: f.bytes.clone(),
        });
    }
    let catalogue =
        [("00_卷内目录.xlsx", catalogue_xlsx(&entries)?), ("00_卷内目录.docx", catalogue_docx(b, &entries)?)];
    let mut files: Vec<(String, Vec<u8>)> = catalogue.into_iter().map(|(p, x)| (p.to_string(), x)).collect();
    files.extend(entries.into_iter().map(|e| (e.path, e.bytes)));
    let manifest = Manifest {
        format: FORMAT.into(),
        inspection_id: b.inspection_id.get(),
        title: b.title.clone(),
        variant: b.variant.code().into(),
        made_by: b.made_by.clone(),
        made_at: b.made_at.clone(),
        audit_head: b.audit_head.clone(),
        files: files
            .iter()
            .map(|(path, bytes)| ManifestFile {
                path: path.clone(),
                sha256: sha256_hex(bytes),
                size: bytes.len() as u64,
            })
            .collect(),
    };
    let manifest_bytes = serde_json::to_vec_pretty(&manifest).map_err(|e| format!("manifest: {e}"))?;
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (path, bytes) in
        files.iter().map(|(p, x)| (p.as_str(), x.as_slice())).chain([(MANIFEST_PATH, &manifest_bytes[..])])
    {
        w.start_file(path, opts).map_err(|e| format!("zip: {e}"))?;
        w.write_all(bytes).map_err(|e| format!("zip: {e}"))?;
    }
    let zip = w.finish().map_err(|e| format!("zip: {e}"))?.into_inner();
    Ok(PackedArchive { zip, manifest, manifest_bytes })
}

/// An archive as read back: its manifest (and the manifest's own digest) and each file's digest.
pub struct ReadArchive {
    pub manifest: Option<Manifest>,
    pub manifest_sha256: String,
    pub found: BTreeMap<String, String>,
}

/// Reads a .zip within bounds (entries, bytes of each and of all, counted as inflated: the
/// sizes a zip declares are not trusted); every file's SHA-256, and the manifest parsed.
pub fn read(bytes: &[u8]) -> Result<ReadArchive, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| "文件不是有效的.zip档案包".to_string())?;
    if zip.len() > archive::MAX_ENTRIES {
        return Err(format!("档案包内有{}个文件,超过{}个的上限", zip.len(), archive::MAX_ENTRIES));
    }
    // Two entries of one name (an extractor writes one, a check reads the other), local headers
    // that disagree with the directory, entries that overlap: no archive this system makes.
    if zip.has_duplicate_names() || zip.validate_header_consistency().is_err() {
        return Err("档案包结构异常(文件重名、文件头与目录不一致或内容重叠),不是本系统生成的档案".into());
    }
    let (mut found, mut total) = (BTreeMap::new(), 0u64);
    let (mut manifest, mut manifest_sha256) = (None, String::new());
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|_| "档案包已损坏,无法读取".to_string())?;
        let name = part.name().map_err(|_| "档案包中有无法识别的文件名".to_string())?.to_string();
        // A name that climbs out of the folder, starts at the root or uses backslashes is
        // refused whatever the manifest says; an empty folder entry is allowed, one with data is
        // a file (and must be listed).
        if name.split(['/', '\\']).any(|p| p == "..") || name.starts_with('/') || name.contains('\\') {
            return Err(format!("档案包中有不安全的文件名:{}", name.chars().take(80).collect::<String>()));
        }
        if part.is_dir() && part.size() == 0 {
            continue;
        }
        let mut data = Vec::new();
        (&mut part)
            .take(archive::MAX_ENTRY_BYTES + 1)
            .read_to_end(&mut data)
            .map_err(|_| format!("无法读取档案包中的{name}"))?;
        if data.len() as u64 > archive::MAX_ENTRY_BYTES {
            return Err(format!("档案包中的{name}解压后超过上限"));
        }
        total += data.len() as u64;
        if total > archive::MAX_TOTAL_BYTES {
            return Err("档案包解压后超过上限".into());
        }
        let sha = sha256_hex(&data);
        if name == MANIFEST_PATH {
            manifest = serde_json::from_slice(&data).ok();
            manifest_sha256 = sha.clone();
        }
        if found.insert(name.clone(), sha).is_some() {
            return Err(format!("档案包中{name}出现了两次"));
        }
    }
    Ok(ReadArchive { manifest, manifest_sha256, found })
}
