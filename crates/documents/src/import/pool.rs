//! Reading a 巡察人才库 workbook: one sheet with 姓名, 工作单位, 职务, 专长 (顿号-separated), 联系电话,
//! 曾任职务 (entries "单位/职务/离任日期", separated by ; or new lines), 亲属任职 ("单位/关系"), 状态
//! (在库 / 暂停抽取) and 备注, headers found by their text under any title rows — the workbook
//! `pool_xlsx` writes. Format problems are found here; whether a unit exists is checked by
//! `App::import_pool` against the database.

use calamine::{Data, Range};
use serde::Serialize;
use time::Date;
use xuncha_app::imports::ImportIssue;
use xuncha_app::pool::PoolRow;
use xuncha_domain::pool::{Expertise, expertise_text, parse_expertise};

use super::deadline::{normalise, parse_date};
use super::{Merges, cell_text, column_letter, find_header, open_sheets};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Name,
    Unit,
    Post,
    Expertise,
    Phone,
    Former,
    Relatives,
    Status,
    Note,
}

const HEADERS: &[(Col, &[&str])] = &[
    (Col::Name, &["姓名"]),
    (Col::Unit, &["工作单位", "所在单位", "单位"]),
    (Col::Post, &["职务", "现任职务", "职位"]),
    (Col::Expertise, &["专长", "专业特长", "业务专长"]),
    (Col::Phone, &["联系电话", "电话", "手机"]),
    (Col::Former, &["曾任职务", "曾任职务(单位/职务/离任日期)", "任职经历"]),
    (Col::Relatives, &["亲属任职", "亲属任职(单位/关系)", "亲属关系"]),
    (Col::Status, &["状态", "在库状态"]),
    (Col::Note, &["备注"]),
];

fn col_of(header: &str) -> Option<Col> {
    let h = normalise(header);
    HEADERS.iter().find(|(_, names)| names.iter().any(|n| normalise(n) == h)).map(|(c, _)| *c)
}

/// One row as read, shown in the preview.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PoolRowPreview {
    pub row: u32,
    pub name: String,
    pub unit: String,
    pub post: String,
    pub expertise: String,
    pub former_posts: usize,
    pub relatives: usize,
    pub active: bool,
    pub has_issue: bool,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PoolImport {
    pub sheet: String,
    pub rows: Vec<PoolRowPreview>,
    pub issues: Vec<ImportIssue>,
    #[serde(skip)]
    good: Vec<PoolRow>,
}

impl PoolImport {
    /// The rows that read well, for `App::import_pool`.
    pub fn to_rows(&self) -> &[PoolRow] {
        &self.good
    }
}

/// At most this many entries in a former-post or relative cell.
const MAX_ENTRIES: usize = 20;

fn entries(text: &str) -> Vec<String> {
    text.split([';', ';', '\n']).map(|e| e.trim().to_string()).filter(|e| !e.is_empty()).collect()
}

fn parts(entry: &str) -> Vec<String> {
    entry.split(['/', '/']).map(|p| p.trim().to_string()).collect()
}

/// A cell's entries, each split into its parts, refused past `MAX_ENTRIES`; `read` turns an
/// entry's parts into its value or says (for the nth entry) what it should look like.
fn read_entries<T>(text: &str, read: impl Fn(&[String]) -> Option<T>, shape: &str) -> Result<Vec<T>, String> {
    let list = entries(text);
    if list.len() > MAX_ENTRIES {
        return Err(format!("最多填写{MAX_ENTRIES}条"));
    }
    list.iter().enumerate().map(|(n, e)| read(&parts(e)).ok_or_else(|| format!("第{}条{shape}", n + 1))).collect()
}

/// "谷前堡镇党委/副镇长/2022-06-30; …" as (unit, post, left on).
fn read_former(text: &str) -> Result<Vec<(String, String, Date)>, String> {
    let shape = |p: &[String]| match p {
        [unit, post, _] if !unit.is_empty() && !post.is_empty() => Some(()),
        _ => None,
    };
    // The shape first, then the date, so that each is named.
    read_entries(text, shape, "应写作“单位/职务/离任日期”")?;
    read_entries(
        text,
        |p| match p {
            [unit, post, date] => parse_date(date, 0).map(|d| (unit.clone(), post.clone(), d)),
            _ => None,
        },
        "的离任日期无法识别(应如2022-06-30)",
    )
}

/// "西堡村党支部/配偶; …" as (unit, relation).
fn read_relatives(text: &str) -> Result<Vec<(String, String)>, String> {
    read_entries(
        text,
        |p| match p {
            [unit, relation] if !unit.is_empty() && !relation.is_empty() => Some((unit.clone(), relation.clone())),
            _ => None,
        },
        "应写作“单位/关系”",
    )
}

/// The cell the export writes for former posts.
pub fn former_text(list: &[(String, String, String)]) -> String {
    list.iter().map(|(u, p, d)| format!("{u}/{p}/{d}")).collect::<Vec<_>>().join(";\n")
}

/// The cell the export writes for relatives.
pub fn relatives_text(list: &[(String, String)]) -> String {
    list.iter().map(|(u, r)| format!("{u}/{r}")).collect::<Vec<_>>().join(";\n")
}

fn header(range: &Range<Data>) -> Option<(u32, Vec<(u32, Col)>)> {
    find_header(range, col_of, |cols| {
        let has = |k: Col| cols.iter().any(|(_, c)| *c == k);
        has(Col::Name) && has(Col::Expertise)
    })
}

/// Reads the pool sheet of a workbook.
pub fn read_pool(bytes: &[u8]) -> Result<PoolImport, String> {
    for sheet in open_sheets(bytes)? {
        let Some((header_row, cols)) = header(&sheet.range) else { continue };
        return Ok(read_sheet(&sheet.name, &sheet.range, &sheet.merges, header_row, &cols));
    }
    Err("没有找到人才库的表头:应有“姓名”“工作单位”“职务”“专长”列(可先导出人才库作为模板)".into())
}

fn read_sheet(sheet: &str, range: &Range<Data>, merges: &Merges, header_row: u32, cols: &[(u32, Col)]) -> PoolImport {
    let col = |k: Col| cols.iter().find(|(_, c)| *c == k).map(|(i, _)| *i);
    let get = |r: u32, k: Col| col(k).map(|c| cell_text(range, merges.top(r, c), c)).unwrap_or_default();
    let label = |k: Col| match col(k) {
        Some(c) => format!("{}列({})", column_letter(c), cell_text(range, header_row, c)),
        None => HEADERS.iter().find(|(c, _)| *c == k).map(|(_, n)| n[0].to_string()).unwrap_or_default(),
    };
    let mut out = PoolImport { sheet: sheet.to_string(), rows: Vec::new(), issues: Vec::new(), good: Vec::new() };
    let Some((end_row, end_col)) = range.end() else { return out };
    let start_col = range.start().map(|s| s.1).unwrap_or(0);
    for r in (header_row + 1)..=end_row {
        let texts: Vec<String> =
            (start_col..=end_col).map(|c| cell_text(range, r, c)).filter(|t| !t.is_empty()).collect();
        if texts.is_empty() {
            continue;
        }
        if texts.len() == 1 && ["注", "说明", "填表说明"].iter().any(|p| texts[0].starts_with(p)) {
            break;
        }
        let mut issues = Vec::new();
        let mut issue = |k: Col, message: String| {
            issues.push(ImportIssue { sheet: sheet.to_string(), row: r + 1, column: label(k), message })
        };
        let (name, unit) = (get(r, Col::Name), get(r, Col::Unit));
        if name.is_empty() {
            issue(Col::Name, "姓名为空".into());
        } else if let Some(first) = out.rows.iter().find(|p| p.name == name && p.unit == unit) {
            issue(Col::Name, format!("与第{}行重复(同一单位同名)", first.row));
        }
        if unit.is_empty() {
            issue(Col::Unit, "工作单位为空".into());
        }
        let expertise: Vec<Expertise> = match parse_expertise(&get(r, Col::Expertise)) {
            Ok(list) if list.is_empty() => {
                issue(Col::Expertise, "专长为空(至少填写一项,如“财务、审计”)".into());
                Vec::new()
            }
            Ok(list) => list,
            Err(e) => {
                issue(Col::Expertise, e);
                Vec::new()
            }
        };
        let former = read_former(&get(r, Col::Former)).unwrap_or_else(|e| {
            issue(Col::Former, e);
            Vec::new()
        });
        let relatives = read_relatives(&get(r, Col::Relatives)).unwrap_or_else(|e| {
            issue(Col::Relatives, e);
            Vec::new()
        });
        let status = get(r, Col::Status);
        let active = match status.as_str() {
            "" | "在库" | "可抽取" => true,
            "暂停抽取" | "暂停" | "不抽取" => false,
            _ => {
                issue(Col::Status, "状态应为“在库”或“暂停抽取”".into());
                true
            }
        };
        let has_issue = !issues.is_empty();
        out.rows.push(PoolRowPreview {
            row: r + 1,
            name: name.clone(),
            unit: unit.clone(),
            post: get(r, Col::Post),
            expertise: expertise_text(&expertise),
            former_posts: former.len(),
            relatives: relatives.len(),
            active,
            has_issue,
        });
        out.issues.extend(issues);
        if !has_issue {
            out.good.push(PoolRow {
                sheet: sheet.to_string(),
                row: r + 1,
                name,
                unit,
                post: get(r, Col::Post),
                phone: normalise(&get(r, Col::Phone)),
                expertise,
                former_posts: former,
                relatives,
                active,
                note: get(r, Col::Note),
                unit_column: label(Col::Unit),
                former_column: label(Col::Former),
                relative_column: label(Col::Relatives),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn former_posts_and_relatives_are_read_entry_by_entry() {
        let f = read_former("谷前堡镇党委/副镇长/2022-06-30;\n县财政局/科员/2019.3").unwrap();
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].2.to_string(), "2022-06-30");
        assert_eq!(f[1].2.to_string(), "2019-03-31");
        assert!(read_former("谷前堡镇党委/副镇长").unwrap_err().contains("第1条"));
        assert!(read_former("a/b/不是日期").unwrap_err().contains("离任日期"));
        assert_eq!(read_relatives("西堡村党支部/配偶").unwrap(), vec![("西堡村党支部".into(), "配偶".into())]);
        assert!(read_relatives("西堡村党支部").is_err());
        assert!(read_relatives(&"a/b;".repeat(21)).unwrap_err().contains("最多"));
        assert_eq!(read_former("").unwrap(), vec![]);
    }
}
