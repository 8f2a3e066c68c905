//! Hostile workbooks, built by code: each is a few kilobytes on the wire and asks a naive reader
//! for far more (a cell at the last address Excel allows, a merge over a hundred thousand rows,
//! a shared string that inflates to tens of megabytes, thousands of ZIP parts). Tests feed them
//! to every reader of office files and expect a Chinese refusal, quickly, with nothing echoed.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="整改台账" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

/// The ledger header row every hostile sheet starts with, so a reader gets past "no header".
const HEADER_ROW: &str = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>反馈问题</t></is></c><c r="B1" t="inlineStr"><is><t>整改措施</t></is></c><c r="C1" t="inlineStr"><is><t>责任人</t></is></c><c r="D1" t="inlineStr"><is><t>整改时限</t></is></c></row>"#;

/// A workbook of one sheet ("整改台账") whose sheet data, merges and shared strings are given.
pub fn workbook(rows: &str, merges: &str, shared: &[&str]) -> Vec<u8> {
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{HEADER_ROW}{rows}</sheetData>{merges}</worksheet>"#
    );
    let strings: String = shared.iter().map(|s| format!("<si><t>{s}</t></si>")).collect();
    let shared = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{n}" uniqueCount="{n}">{strings}</sst>"#,
        n = shared.len()
    );
    zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
        ("xl/sharedStrings.xml", shared.as_bytes()),
    ])
}

/// A ZIP of the given parts, deflated.
pub fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        w.start_file(*name, opts).expect("start a part");
        w.write_all(data).expect("write a part");
    }
    w.finish().expect("finish the zip").into_inner()
}

/// One valid measure row (row 2), so that what follows is all that is wrong.
const GOOD_ROW: &str = r#"<row r="2"><c r="A2" t="inlineStr"><is><t>财务管理不规范</t></is></c><c r="B2" t="inlineStr"><is><t>修订财务制度</t></is></c><c r="C2" t="inlineStr"><is><t>王会计</t></is></c><c r="D2" t="inlineStr"><is><t>2023年12月31日</t></is></c></row>"#;

/// Each hostile workbook with its name (for messages and the corpus on disk).
pub fn workbooks() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("last-cell", last_cell()),
        ("far-column", far_column()),
        ("huge-merge", huge_merge()),
        ("many-merges", many_merges()),
        ("shared-string-bomb", shared_string_bomb()),
        ("long-cell", long_cell()),
        ("repeated-shared-string", repeated_shared_string()),
        ("many-parts", many_parts()),
        ("reversed-merge", workbook(GOOD_ROW, r#"<mergeCells count="1"><mergeCell ref="B5:A2"/></mergeCells>"#, &[])),
        ("overlong-column", workbook(r#"<row r="2"><c r="AAAAAAAAAAAAAAAAAAAA2"><v>1</v></c></row>"#, "", &[])),
        ("not-a-zip", b"PK\x03\x04 this is not a workbook".to_vec()),
        ("empty-zip", zip_of(&[])),
    ]
}

/// One value at `XFD1048576`: a reader allocating the declared rectangle asks for 17 billion cells.
pub fn last_cell() -> Vec<u8> {
    workbook(&format!(r#"{GOOD_ROW}<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#), "", &[])
}

/// A value in a column far to the right of any ledger.
pub fn far_column() -> Vec<u8> {
    workbook(&format!(r#"{GOOD_ROW}<row r="3"><c r="ZZ3" t="inlineStr"><is><t>x</t></is></c></row>"#), "", &[])
}

/// One merge over `A2:CV100001` (10 million cells).
pub fn huge_merge() -> Vec<u8> {
    workbook(GOOD_ROW, r#"<mergeCells count="1"><mergeCell ref="A2:CV100001"/></mergeCells>"#, &[])
}

/// Sixty thousand overlapping merges over the few cells there are.
pub fn many_merges() -> Vec<u8> {
    let merges: String = (0..60_000).map(|_| r#"<mergeCell ref="A1:D2"/>"#).collect();
    workbook(GOOD_ROW, &format!(r#"<mergeCells count="60000">{merges}</mergeCells>"#), &[])
}

/// A shared string of 80 MB (inflated), referenced once.
pub fn shared_string_bomb() -> Vec<u8> {
    let bomb = "举".repeat(80 * 1024 * 1024 / 3);
    workbook(r#"<row r="2"><c r="A2" t="s"><v>0</v></c></row>"#, "", &[&bomb])
}

/// A cell of 20,000 characters, inline.
pub fn long_cell() -> Vec<u8> {
    let long = "很长的措施".repeat(4_000);
    workbook(&format!(r#"<row r="2"><c r="B2" t="inlineStr"><is><t>{long}</t></is></c></row>"#), "", &[])
}

/// A 4,000-character shared string referenced by 10,000 cells: 120 MB if every cell copies it.
pub fn repeated_shared_string() -> Vec<u8> {
    let s = "重复的文字".repeat(800);
    let rows: String = (2..10_002).map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#)).collect();
    workbook(&rows, "", &[&s])
}

/// Five thousand empty parts besides a valid workbook.
pub fn many_parts() -> Vec<u8> {
    let names: Vec<String> = (0..5_000).map(|i| format!("xl/media/p{i}.bin")).collect();
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
    ];
    parts.extend(names.iter().map(|n| (n.as_str(), &b""[..])));
    zip_of(&parts)
}

/// Text that passes input validation yet trips naive writers of office files: formula and
/// markup look-alikes, characters beyond the basic plane, combining marks, right-to-left
/// script, emoji sequences, line breaks and tabs, and one very long value (a sheet cell holds
/// at most 32,767 characters; a title or sheet name far fewer).
pub fn texts() -> Vec<String> {
    vec![
        "=HYPERLINK(\"http://example.invalid\",\"点击\")".into(),
        "+1+1".into(),
        "@SUM(A1:A9)".into(),
        "<w:p>&amp;</w:p>\"'&<>".into(),
        "𠮷野家𩸽".into(),
        "Z\u{0351}\u{0360}a\u{0353}l\u{0300}g\u{0301}o".into(),
        "مرحبا بالعالم".into(),
        "👨‍👩‍👧‍👦🇨🇳".into(),
        "第一行\n第二行\t制表".into(),
        " ".into(),
        "长".repeat(40_000),
    ]
}
