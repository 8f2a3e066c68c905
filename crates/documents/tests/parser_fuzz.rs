//! Every office-file reader over arbitrary input, within a bounded number of cases so that it
//! runs in CI: bytes that are not a workbook, real workbooks with bytes flipped, cut or inserted,
//! and workbooks whose sheet XML places arbitrary cells (any address up to XFD1048576, any
//! Unicode text) and merges. No input may panic a reader; each answers a workbook or a refusal.

use proptest::prelude::*;
use xuncha_documents::import::column_letter;
use xuncha_documents::import::ledger::read_ledger;
use xuncha_documents::import::roster::read_roster;
use xuncha_testkit::hostile;

/// A small valid ledger to mutate.
fn seed() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["反馈问题", "整改措施", "责任人", "整改时限", "完成情况"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "村级财务管理不规范").unwrap();
    ws.write_string(1, 1, "修订村级财务管理办法").unwrap();
    ws.write_string(1, 2, "梁志勇").unwrap();
    ws.write_string(1, 3, "2023年12月31日").unwrap();
    ws.write_string(1, 4, "已完成").unwrap();
    ws.merge_range(2, 0, 3, 0, "合并的问题", &rust_xlsxwriter::Format::new()).unwrap();
    wb.save_to_buffer().unwrap()
}

fn read_all(bytes: &[u8]) {
    let _ = read_ledger(bytes, 2023);
    let _ = read_roster(bytes);
}

fn escape(s: &str) -> String {
    s.chars()
        .filter(|c| matches!(*c, '\t' | '\n' | '\r') || (*c >= ' ' && *c != '\u{FFFE}' && *c != '\u{FFFF}'))
        .collect::<String>()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_are_refused_not_crashed_on(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        read_all(&bytes);
        let mut zipped = b"PK\x03\x04".to_vec();
        zipped.extend(&bytes);
        read_all(&zipped);
    }

    #[test]
    fn a_workbook_with_flipped_cut_or_inserted_bytes_is_read_or_refused(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..8),
    ) {
        let mut bytes = seed();
        for (at, byte, kind) in edits {
            let i = at.index(bytes.len().max(1));
            match kind {
                0 => bytes[i] ^= byte | 1,
                1 => bytes.truncate(i.max(1)),
                _ => bytes.insert(i, byte),
            }
            if bytes.is_empty() {
                break;
            }
        }
        read_all(&bytes);
    }

    #[test]
    fn any_cells_and_merges_are_read_or_refused(
        cells in proptest::collection::vec((0u32..1_048_576, 0u32..16_384, "\\PC{0,40}"), 0..12),
        merges in proptest::collection::vec((0u32..200_000, 0u32..200, 0u32..200_000, 0u32..200), 0..6),
    ) {
        let rows: String = cells
            .iter()
            .map(|(r, c, text)| {
                let at = format!("{}{}", column_letter(*c), r + 1);
                format!(r#"<row r="{}"><c r="{at}" t="inlineStr"><is><t>{}</t></is></c></row>"#, r + 1, escape(text))
            })
            .collect();
        let merged: String = merges
            .iter()
            .map(|(r1, c1, r2, c2)| format!(r#"<mergeCell ref="{}{}:{}{}"/>"#, column_letter(*c1), r1 + 1, column_letter(*c2), r2 + 1))
            .collect();
        let bytes = hostile::workbook(&rows, &format!("<mergeCells>{merged}</mergeCells>"), &[]);
        read_all(&bytes);
    }
}

#[test]
fn the_hostile_corpus_and_the_seed_are_read_or_refused() {
    assert!(read_ledger(&seed(), 2023).is_ok());
    for (_, bytes) in hostile::workbooks() {
        read_all(&bytes);
    }
}
