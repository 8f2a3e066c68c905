//! 巡察档案: an inspection's archive as one .zip — its documents, the evidence files, a 卷内目录
//! (catalogue) — with a manifest of every file's SHA-256 tied to the audit chain's head at the
//! moment it was made. This module holds the manifest and its check, with no I/O: the digests
//! are computed by the caller, so the same rule serves the server and `xuncha archive verify`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::coded_enum;

/// The manifest's format, named in the file so that a later reader knows what it reads.
pub const FORMAT: &str = "xuncha-archive/1";
/// The manifest's own path in the archive (it is not listed in itself).
pub const MANIFEST_PATH: &str = "manifest.json";

/// Bounds a reader keeps whatever the file claims: entries, and bytes of any one entry and of
/// all (an archive is made of a county inspection's papers and photos).
pub const MAX_ENTRIES: usize = 20_000;
pub const MAX_ENTRY_BYTES: u64 = 256 * 1024 * 1024;
pub const MAX_TOTAL_BYTES: u64 = 4 * 1024 * 1024 * 1024;
/// The most evidence one archive is made of (it is packed in memory and kept in one row, which
/// neither backend takes past about a gigabyte).
pub const MAX_EVIDENCE_BYTES: i64 = 512 * 1024 * 1024;

coded_enum!(
    /// Which archive: the standard one counts tips only; the sealed one, for the discipline
    /// commission, holds the tips and their senders.
    ArchiveVariant {
        Standard = "standard" / "标准卷(信访举报只计件数)",
        Sealed = "sealed" / "密封卷(含信访举报原件,供纪委监委)",
    }
);

/// One file of the archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    pub path: String,
    pub sha256: String,
    pub size: u64,
}

/// The audit chain's head when the archive was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditHead {
    pub seq: i64,
    pub hash: String,
}

/// What the archive says of itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub inspection_id: i64,
    /// "2023年第一轮巡察 · 第四巡察组 · 谷前堡镇党委".
    pub title: String,
    pub variant: String,
    /// Who made it (name and post) and when (China time, readable).
    pub made_by: String,
    pub made_at: String,
    pub audit_head: AuditHead,
    pub files: Vec<ManifestFile>,
}

/// What is wrong with an archive, each in words a records officer reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    NotAManifest,
    UnknownFormat,
    Missing(String),
    Extra(String),
    Changed(String),
    Listed(String),
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Finding::NotAManifest => write!(f, "档案包中没有可读的清单文件 {MANIFEST_PATH}"),
            Finding::UnknownFormat => write!(f, "清单格式不是 {FORMAT}"),
            Finding::Missing(p) => write!(f, "清单所列文件缺失:{p}"),
            Finding::Extra(p) => write!(f, "档案包中有清单未列的文件:{p}"),
            Finding::Changed(p) => write!(f, "文件与清单记录的SHA-256不符(已被改动):{p}"),
            Finding::Listed(p) => write!(f, "清单中同一文件列了两次:{p}"),
        }
    }
}

/// Checks the files found (path → SHA-256 in hex) against the manifest: every listed file
/// present and unchanged, nothing unlisted but the manifest itself. Empty when it holds.
pub fn check(manifest: &Manifest, found: &BTreeMap<String, String>) -> Vec<Finding> {
    let mut out = Vec::new();
    if manifest.format != FORMAT {
        out.push(Finding::UnknownFormat);
    }
    let mut listed = BTreeMap::new();
    for f in &manifest.files {
        if listed.insert(f.path.as_str(), f.sha256.as_str()).is_some() {
            out.push(Finding::Listed(f.path.clone()));
        }
    }
    for (path, sha) in &listed {
        match found.get(*path) {
            None => out.push(Finding::Missing((*path).to_string())),
            Some(actual) if !actual.eq_ignore_ascii_case(sha) => out.push(Finding::Changed((*path).to_string())),
            Some(_) => {}
        }
    }
    for path in found.keys() {
        if path != MANIFEST_PATH && !listed.contains_key(path.as_str()) {
            out.push(Finding::Extra(path.clone()));
        }
    }
    out
}

/// A file's name made safe inside an archive: no folders, no control characters, no leading
/// dots, at most 80 characters with its extension kept; never empty.
pub fn safe_name(name: &str) -> String {
    let unsafe_char = |c: char| matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control();
    let cleaned: String = name
        .chars()
        .map(|c| if unsafe_char(c) { '_' } else { c })
        .filter(|c| !crate::error::forbidden_char(*c))
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.');
    if trimmed.is_empty() {
        return "文件".to_string();
    }
    if trimmed.chars().count() <= 80 {
        return trimmed.to_string();
    }
    // The extension (up to 10 characters after the last dot) survives the cut.
    let ext = trimmed.rsplit_once('.').map(|(_, e)| e).filter(|e| !e.is_empty() && e.chars().count() <= 10);
    let stem: String = trimmed.chars().take(80 - ext.map_or(0, |e| e.chars().count() + 1)).collect();
    match ext {
        Some(e) => format!("{stem}.{e}"),
        None => stem,
    }
}

/// A size as a catalogue writes it ("12.3 KB", "1.2 MB").
pub fn size_text(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else if bytes < 1024 * 1024 {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(files: &[(&str, &str)]) -> Manifest {
        Manifest {
            format: FORMAT.into(),
            inspection_id: 7,
            title: "2023年第一轮巡察 · 第四巡察组 · 谷前堡镇党委".into(),
            variant: ArchiveVariant::Standard.code().into(),
            made_by: "王振华(巡察办主任)".into(),
            made_at: "2023年11月10日 09:00".into(),
            audit_head: AuditHead { seq: 812, hash: "ab".repeat(32) },
            files: files
                .iter()
                .map(|(p, s)| ManifestFile { path: (*p).into(), sha256: (*s).into(), size: 1 })
                .collect(),
        }
    }

    fn found(files: &[(&str, &str)]) -> BTreeMap<String, String> {
        files.iter().map(|(p, s)| ((*p).to_string(), (*s).to_string())).collect()
    }

    #[test]
    fn an_archive_holds_when_every_listed_file_is_there_unchanged_and_nothing_else() {
        let m = manifest(&[("01_巡察反馈意见.docx", "aa"), ("evidence/1.pdf", "bb")]);
        let ok = found(&[("01_巡察反馈意见.docx", "AA"), ("evidence/1.pdf", "bb"), (MANIFEST_PATH, "cc")]);
        assert!(check(&m, &ok).is_empty(), "case of hex digits and the manifest itself do not matter");
    }

    #[test]
    fn a_missing_changed_added_or_twice_listed_file_is_named() {
        let m = manifest(&[("a.docx", "aa"), ("b.pdf", "bb"), ("b.pdf", "bb")]);
        let bad = found(&[("a.docx", "ff"), ("c.xlsx", "cc")]);
        let findings = check(&m, &bad);
        assert_eq!(
            findings,
            vec![
                Finding::Listed("b.pdf".into()),
                Finding::Changed("a.docx".into()),
                Finding::Missing("b.pdf".into()),
                Finding::Extra("c.xlsx".into()),
            ]
        );
        assert_eq!(findings[1].to_string(), "文件与清单记录的SHA-256不符(已被改动):a.docx");
        let mut other = manifest(&[]);
        other.format = "zip".into();
        assert_eq!(check(&other, &found(&[])), vec![Finding::UnknownFormat]);
    }

    #[test]
    fn names_inside_an_archive_cannot_climb_out_or_hide() {
        assert_eq!(safe_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_name(".bashrc"), "bashrc");
        assert_eq!(safe_name("会议记录\u{202E}fdp.exe"), "会议记录fdp.exe");
        assert_eq!(safe_name("  "), "文件");
        assert_eq!(safe_name(&"照".repeat(100)).chars().count(), 80);
        let long = safe_name(&format!("{}.jpeg", "现场照片".repeat(30)));
        assert!(long.ends_with(".jpeg") && long.chars().count() == 80, "{long}");
        assert_eq!(size_text(512), "512 B");
        assert_eq!(size_text(12_595), "12.3 KB");
        assert_eq!(size_text(3 * 1024 * 1024), "3.0 MB");
    }
}
