//! Reading a rectification ledger (整改台账) as offices fill it: title rows before the header,
//! columns found by their header text, problems spanning measure rows through merged (or blank)
//! cells, notes at the bottom. Every problem found names the sheet, row and column.

use calamine::{Data, Range};
use serde::Serialize;
use xuncha_domain::measure::{MeasureFields, MeasureStatus};

use super::deadline::{from_serial, normalise, parse_deadline};
use super::{Merges, cell_text, column_letter, open_sheets};
pub use xuncha_app::imports::ImportIssue;

/// What a column holds, and the header texts offices give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Category,
    Problem,
    Measure,
    Leader,
    Person,
    Department,
    Deadline,
    Standard,
    Progress,
    Status,
    Remark,
}

const HEADERS: &[(Col, &[&str])] = &[
    (Col::Category, &["问题类别", "类别", "问题类型", "问题方面", "方面"]),
    (Col::Problem, &["反馈问题", "具体问题", "问题表现", "存在问题", "问题", "巡察反馈问题"]),
    (Col::Measure, &["整改措施", "措施", "具体措施"]),
    (Col::Leader, &["责任领导", "分管领导"]),
    (Col::Person, &["责任人", "具体责任人", "经办人"]),
    (Col::Department, &["责任单位", "责任部门", "责任科室"]),
    (Col::Deadline, &["整改时限", "完成时限", "时限"]),
    (Col::Standard, &["完成标志", "整改目标"]),
    (Col::Progress, &["整改进展", "进展情况", "整改情况"]),
    (Col::Status, &["是否完成", "完成情况", "状态"]),
    (Col::Remark, &["备注"]),
];

fn col_of(header: &str) -> Option<Col> {
    let h = normalise(header);
    HEADERS.iter().find(|(_, names)| names.contains(&h.as_str())).map(|(c, _)| *c)
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ImportMeasure {
    pub row: u32,
    pub fields: MeasureFields,
    pub status: MeasureStatus,
    pub progress: String,
    /// Whether this row had an issue (left out when only the good rows are accepted).
    pub has_issue: bool,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ImportProblem {
    pub row: u32,
    pub category: String,
    pub summary: String,
    pub measures: Vec<ImportMeasure>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct LedgerImport {
    pub sheet: String,
    pub problems: Vec<ImportProblem>,
    pub issues: Vec<ImportIssue>,
}

impl LedgerImport {
    pub fn measure_count(&self) -> usize {
        self.problems.iter().map(|p| p.measures.len()).sum()
    }

    /// The problems and measure texts as the duplicate check reads them: the measures that
    /// would be imported (a row with an issue never is), as [`Self::to_import`] gives them.
    pub fn incoming(&self) -> Vec<xuncha_domain::ledger_match::Incoming<'_>> {
        self.problems
            .iter()
            .map(|p| xuncha_domain::ledger_match::Incoming {
                summary: &p.summary,
                measures: p.measures.iter().filter(|m| !m.has_issue).map(|m| m.fields.content.as_str()).collect(),
            })
            .collect()
    }

    /// Names each match's repeated measures by their rows in this file.
    pub fn locate(&self, matches: &mut [xuncha_app::imports::LedgerMatch]) {
        for (p, m) in self.problems.iter().zip(matches.iter_mut()) {
            let valid: Vec<u32> = p.measures.iter().filter(|x| !x.has_issue).map(|x| x.row).collect();
            m.repeated_rows = m.repeated_measures.iter().filter_map(|i| valid.get(*i).copied()).collect();
        }
    }
}

fn status_of(text: &str) -> Option<MeasureStatus> {
    let t = normalise(text);
    Some(match t.as_str() {
        "" | "未完成" | "否" | "推进中" | "正在推进" | "申请延期" => MeasureStatus::NotDone,
        "基本完成" | "持续推进" | "基本完成、持续推进" | "基本完成,持续推进" => {
            MeasureStatus::LargelyDone
        }
        "已完成" | "完成" | "是" | "已整改" | "已销号" => MeasureStatus::Done,
        _ if t.contains("持续") => MeasureStatus::LargelyDone,
        _ => return None,
    })
}

/// Reads the first sheet that has a ledger header in its first 10 rows.
pub fn read_ledger(bytes: &[u8], year: i32) -> Result<LedgerImport, String> {
    for sheet in open_sheets(bytes)? {
        if let Some(result) = read_sheet(&sheet.name, &sheet.range, &sheet.merges, year) {
            return Ok(result);
        }
    }
    Err("没有找到整改台账的表头(应有“反馈问题”“整改措施”“责任人”等列)".into())
}

fn read_sheet(sheet: &str, range: &Range<Data>, merges: &Merges, year: i32) -> Option<LedgerImport> {
    let (start_row, start_col) = range.start()?;
    let (end_row, end_col) = range.end()?;
    // The header: the first row (of ten) where the problem and measure columns are named.
    let mut header = None;
    for r in start_row..=(start_row + 10).min(end_row) {
        let cols: Vec<(u32, Col)> =
            (start_col..=end_col).filter_map(|c| col_of(&cell_text(range, r, c)).map(|k| (c, k))).collect();
        if cols.iter().any(|(_, k)| *k == Col::Problem) && cols.iter().any(|(_, k)| *k == Col::Measure) {
            header = Some((r, cols));
            break;
        }
    }
    let (header_row, cols) = header?;
    let find = |k: Col| cols.iter().find(|(_, c)| *c == k).map(|(i, _)| *i);
    let label = |k: Col| {
        let c = find(k).unwrap_or(0);
        format!("{}列({})", column_letter(c), cell_text(range, header_row, c))
    };
    // A merged cell's value sits in its top-left corner.
    let value = |r: u32, c: u32| -> String {
        let top = merges.top(r, c);
        cell_text(range, top, c)
    };
    let get = |r: u32, k: Col| find(k).map(|c| value(r, c)).unwrap_or_default();
    let mut out = LedgerImport { sheet: sheet.to_string(), problems: Vec::new(), issues: Vec::new() };
    let issue = |row: u32, column: String, message: String| out_issue(sheet, row, column, message);
    let mut issues = Vec::new();
    let mut category = String::new();
    let mut last_problem_cell: Option<(u32, String)> = None;
    for r in (header_row + 1)..=end_row {
        let texts: Vec<String> = (start_col..=end_col).map(|c| cell_text(range, r, c)).collect();
        let nonblank: Vec<&String> = texts.iter().filter(|t| !t.is_empty()).collect();
        if nonblank.is_empty() && !merges.continues(r) {
            continue;
        }
        // Notes at the bottom: one cell beginning with 注/说明/填表说明.
        if nonblank.len() == 1
            && ["注", "说明", "填表说明", "备注:", "备注:"].iter().any(|p| nonblank[0].starts_with(p))
        {
            break;
        }
        let cat = get(r, Col::Category);
        if !cat.is_empty() {
            category = cat;
        }
        let problem_text = get(r, Col::Problem);
        let measure_text = get(r, Col::Measure);
        // A row whose only text is the category is a heading ("一、全面从严治党方面").
        if problem_text.is_empty() && measure_text.is_empty() {
            continue;
        }
        let excel_row = r + 1;
        let problem_key = find(Col::Problem).map(|c| {
            let top = merges.top(r, c);
            (top, problem_text.clone())
        });
        let new_problem = match (&problem_key, &last_problem_cell) {
            (Some((_, text)), _) if text.is_empty() => false,
            (Some(key), Some(last)) => key != last,
            (Some(_), None) => true,
            (None, _) => false,
        };
        if new_problem {
            out.problems.push(ImportProblem {
                row: excel_row,
                category: category.clone(),
                summary: problem_text.clone(),
                measures: Vec::new(),
            });
            last_problem_cell = problem_key.clone();
        }
        if out.problems.is_empty() {
            issues.push(issue(excel_row, label(Col::Measure), "有整改措施,但上方没有对应的反馈问题".into()));
            continue;
        }
        if measure_text.is_empty() {
            continue;
        }
        let mut has_issue = false;
        let deadline_cell = find(Col::Deadline).map(|c| {
            let top = merges.top(r, c);
            range.get_value((top, c)).cloned()
        });
        let (deadline_kind, deadline) = match deadline_cell.flatten() {
            Some(Data::DateTime(dt)) => (Some(xuncha_domain::measure::DeadlineKind::Dated), from_serial(dt.as_f64())),
            Some(Data::Float(f)) if f > 20_000.0 => (Some(xuncha_domain::measure::DeadlineKind::Dated), from_serial(f)),
            _ => match parse_deadline(&get(r, Col::Deadline), year) {
                Ok(v) => v,
                Err(m) => {
                    issues.push(issue(excel_row, label(Col::Deadline), m));
                    has_issue = true;
                    (None, None)
                }
            },
        };
        // A date no ledger means (a typo's year 9999, a serial number read as a date) is named
        // on its row rather than refused later for the whole file.
        let (deadline_kind, deadline) = match deadline {
            Some(d) if !xuncha_domain::dates::plausible(d) => {
                issues.push(issue(excel_row, label(Col::Deadline), xuncha_domain::dates::out_of_span("整改时限")));
                has_issue = true;
                (None, None)
            }
            _ => (deadline_kind, deadline),
        };
        let person = get(r, Col::Person);
        if person.is_empty() {
            issues.push(issue(excel_row, label(Col::Person), "责任人为空".into()));
            has_issue = true;
        }
        let status_text = get(r, Col::Status);
        let status = match status_of(&status_text) {
            Some(s) => s,
            None => {
                issues.push(issue(excel_row, label(Col::Status), format!("无法识别的完成情况“{status_text}”")));
                has_issue = true;
                MeasureStatus::NotDone
            }
        };
        let fields = MeasureFields {
            content: measure_text,
            responsible_person: person,
            responsible_leader: get(r, Col::Leader),
            department: get(r, Col::Department),
            deadline_kind,
            deadline,
            milestone: if deadline_kind == Some(xuncha_domain::measure::DeadlineKind::LongTerm) {
                get(r, Col::Deadline)
            } else {
                String::new()
            },
            completion_standard: get(r, Col::Standard),
        };
        let progress = get(r, Col::Progress);
        if let Some(p) = out.problems.last_mut() {
            p.measures.push(ImportMeasure { row: excel_row, fields, status, progress, has_issue });
        }
    }
    out.issues = issues;
    Some(out)
}

fn out_issue(sheet: &str, row: u32, column: String, message: String) -> ImportIssue {
    ImportIssue { sheet: sheet.to_string(), row, column, message }
}

impl LedgerImport {
    /// The problems to create: all of them, or (`accept_valid`) without the measures that had an
    /// issue. `None` when there are issues and they were not accepted.
    pub fn to_import(&self, accept_valid: bool) -> Option<Vec<xuncha_app::imports::ImportedProblem>> {
        if !self.issues.is_empty() && !accept_valid {
            return None;
        }
        Some(
            self.problems
                .iter()
                .map(|p| xuncha_app::imports::ImportedProblem {
                    aspect: p.category.clone(),
                    summary: p.summary.clone(),
                    measures: p
                        .measures
                        .iter()
                        .filter(|m| !m.has_issue)
                        .map(|m| xuncha_app::imports::ImportedMeasure {
                            fields: m.fields.clone(),
                            status: m.status,
                            progress: m.progress.clone(),
                        })
                        .collect(),
                })
                .collect(),
        )
    }
}
