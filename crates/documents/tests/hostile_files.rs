//! Every reader of office workbooks refuses each hostile workbook with a Chinese sentence that
//! names the limit, without allocating what the file asks for and without echoing its text.

use xuncha_documents::import::ledger::read_ledger;
use xuncha_documents::import::roster::read_roster;
use xuncha_testkit::hostile;

fn is_chinese_refusal(message: &str) -> bool {
    message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) && message.chars().count() < 200
}

#[test]
fn every_hostile_workbook_is_refused_by_every_reader_in_chinese() {
    for (name, bytes) in hostile::workbooks() {
        if name == "huge-merge" {
            continue; // clipped to the cells read, it is harmless (see the next test)
        }
        let ledger = read_ledger(&bytes, 2023).err().unwrap_or_else(|| panic!("{name}: the ledger reader accepted it"));
        let roster = read_roster(&bytes).err().unwrap_or_else(|| panic!("{name}: the roster reader accepted it"));
        for m in [&ledger, &roster] {
            assert!(is_chinese_refusal(m), "{name}: {m}");
            for echoed in ["举举举", "很长的措施很长的措施", "重复的文字重复的文字"] {
                assert!(!m.contains(echoed), "{name}: the refusal repeats the file's text");
            }
        }
    }
}

#[test]
fn each_refusal_names_the_limit_that_was_passed() {
    let cases: [(&str, Vec<u8>, &str); 7] = [
        ("last cell", hostile::last_cell(), "第1048576行XFD列超出了20000行的上限"),
        ("far column", hostile::far_column(), "第3行ZZ列超出了50列(A至AX列)的上限"),
        ("huge merge", hostile::huge_merge(), ""),
        ("many merges", hostile::many_merges(), "合并单元格超过50000处的上限"),
        ("string bomb", hostile::shared_string_bomb(), "解压后超过64MB的上限"),
        ("long cell", hostile::long_cell(), "第2行B列的文字超过5000字的上限"),
        ("repeated string", hostile::repeated_shared_string(), "文字总量超过32MB的上限"),
    ];
    for (what, bytes, expected) in cases {
        match read_ledger(&bytes, 2023) {
            // A merge over a hundred thousand empty rows is clipped to the rows that hold
            // something: the ledger reads its one good measure.
            Ok(read) if expected.is_empty() => assert_eq!(read.measure_count(), 1, "{what}"),
            Ok(_) => panic!("{what}: accepted"),
            Err(m) => assert!(!expected.is_empty() && m.contains(expected), "{what}: {m}"),
        }
    }
    let parts = read_ledger(&hostile::many_parts(), 2023).unwrap_err();
    assert!(parts.contains("个部件,超过了1000个的上限"), "{parts}");
}

#[test]
fn references_calamine_cannot_parse_are_refused_before_it_sees_them() {
    // Found by the parser fuzzer: calamine's reference parser subtracts a range's end from its
    // start, and multiplies a column's letters past u32.
    for (merge, cell) in [("B5:A2", "A2"), ("A1:B2", "AAAAAAAAAAAAAAAAAAAA2"), ("A1:XFE2", "A2")] {
        let bytes = hostile::workbook(
            &format!(r#"<row r="2"><c r="{cell}"><v>1</v></c></row>"#),
            &format!(r#"<mergeCells count="1"><mergeCell ref="{merge}"/></mergeCells>"#),
            &[],
        );
        let m = read_ledger(&bytes, 2023).unwrap_err();
        assert!(m.contains("无效的单元格引用或合并范围"), "{merge} {cell}: {m}");
        assert!(read_roster(&bytes).is_err());
    }
}
