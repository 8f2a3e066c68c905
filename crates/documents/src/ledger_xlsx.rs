//! Writing the ledger workbook.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use xuncha_app::ledger::{Ledger, LedgerDetails, LedgerProblem};
use xuncha_app::views::MeasureRecord;
use xuncha_domain::deadline::Light;
use xuncha_domain::measure::{DeadlineKind, MeasureStatus};

/// The ledger's columns, in the order offices file them.
pub const LEDGER_COLUMNS: [(&str, f64); 15] = [
    ("序号", 6.0),
    ("问题类别", 16.0),
    ("反馈问题", 36.0),
    ("整改措施", 40.0),
    ("责任领导", 10.0),
    ("责任部门", 12.0),
    ("责任人", 14.0),
    ("整改时限", 12.0),
    ("完成标志", 22.0),
    ("整改进展", 28.0),
    ("状态", 10.0),
    ("完成时间", 12.0),
    ("佐证材料", 22.0),
    ("销号审核", 20.0),
    ("备注", 18.0),
];

const LAST_COL: u16 = LEDGER_COLUMNS.len() as u16 - 1;

struct Formats {
    title: Format,
    header: Format,
    group: Format,
    cell: Format,
    red: Format,
    yellow: Format,
    number: Format,
}

/// A bordered, wrapped cell in 宋体 10.5 pt, as office workbooks are written.
pub(crate) fn cell_format() -> Format {
    Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter)
        .set_font_name("宋体")
        .set_font_size(10.5)
}

/// A column heading: bold, centred, grey.
pub(crate) fn header_format() -> Format {
    cell_format().set_bold().set_align(FormatAlign::Center).set_background_color(Color::RGB(0xD9D9D9))
}

/// A workbook's title row in 方正小标宋简体.
pub(crate) fn title_format() -> Format {
    Format::new()
        .set_bold()
        .set_font_size(16)
        .set_font_name("方正小标宋简体")
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
}

fn formats() -> Formats {
    let base = cell_format();
    Formats {
        title: title_format(),
        header: header_format(),
        group: base.clone().set_bold().set_background_color(Color::RGB(0xF2F2F2)),
        red: base.clone().set_background_color(Color::RGB(0xFFC7CE)),
        yellow: base.clone().set_background_color(Color::RGB(0xFFEB9C)),
        number: base.clone().set_align(FormatAlign::Center),
        cell: base,
    }
}

fn deadline_text(m: &MeasureRecord) -> String {
    match (m.deadline_kind, m.deadline) {
        (Some(DeadlineKind::Immediate), None) => "立行立改".into(),
        (Some(DeadlineKind::LongTerm), Some(d)) => format!("长期坚持({d})"),
        (_, Some(d)) => d.to_string(),
        (_, None) => String::new(),
    }
}

fn remark(m: &MeasureRecord, light: Light) -> String {
    let mut parts = Vec::new();
    if let Some(orig) = m.original_deadline {
        parts.push(format!("已延期,原定{orig}"));
    }
    if matches!(light, Light::Red | Light::Yellow) {
        parts.push(light.label().to_string());
    }
    parts.join(";")
}

/// Excel holds at most this many characters in a cell; a longer text would fail the whole file.
const CELL_MAX: usize = 32_767;
const CUT: &str = "……(超过Excel单元格上限,以下从略)";

/// Any text as a cell holds it: whole, or cut at Excel's limit with a note saying so.
fn fit(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().count() <= CELL_MAX {
        return text.into();
    }
    let keep = CELL_MAX - CUT.chars().count();
    let mut cut: String = text.chars().take(keep).collect();
    cut.push_str(CUT);
    cut.into()
}

/// Every cell of text goes through here (and [`put_merged`]), so no text can fail the file.
fn put(ws: &mut Worksheet, row: u32, col: u16, text: &str, fmt: &Format) -> Result<(), XlsxError> {
    ws.write_string_with_format(row, col, fit(text), fmt)?;
    Ok(())
}

fn put_merged(
    ws: &mut Worksheet,
    rows: (u32, u32),
    cols: (u16, u16),
    text: &str,
    fmt: &Format,
) -> Result<(), XlsxError> {
    ws.merge_range(rows.0, cols.0, rows.1, cols.1, &fit(text), fmt)?;
    Ok(())
}

/// Writes one problem's rows starting at `row`; returns the next free row.
fn write_problem(
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    number: usize,
    p: &LedgerProblem,
    details: &LedgerDetails,
) -> Result<u32, XlsxError> {
    let aspect = p.aspect.as_ref().map(|a| a.name.clone()).unwrap_or_default();
    let span = p.rows.len().max(1) as u32;
    let (first, last) = (row, row + span - 1);
    for (col, text) in [(0u16, number.to_string()), (1, aspect), (2, p.problem.summary.clone())] {
        let fmt = if col == 0 { &f.number } else { &f.cell };
        if span > 1 {
            put_merged(ws, (first, last), (col, col), &text, fmt)?;
        } else {
            put(ws, first, col, &text, fmt)?;
        }
    }
    if p.rows.is_empty() {
        for col in 3..=LAST_COL {
            ws.write_blank(first, col, &f.cell)?;
        }
        put(ws, first, 10, "尚无整改措施", &f.cell)?;
    }
    for (i, r) in p.rows.iter().enumerate() {
        let m = &r.measure;
        let fmt = match r.light {
            Light::Red => &f.red,
            Light::Yellow => &f.yellow,
            _ => &f.cell,
        };
        let closed = m.status == MeasureStatus::Closed;
        let cells = [
            m.content.clone(),
            m.responsible_leader.clone(),
            m.department.clone(),
            m.responsible_person.clone(),
            deadline_text(m),
            m.completion_standard.clone(),
            details.progress.get(&m.id).cloned().unwrap_or_default(),
            m.status.label().to_string(),
            m.closed_at.filter(|_| closed).map(|t| t.date().to_string()).unwrap_or_default(),
            details.evidence.get(&m.id).map(|v| v.join("\n")).unwrap_or_default(),
            if closed { m.close_note.clone() } else { String::new() },
            remark(m, r.light),
        ];
        for (j, text) in cells.iter().enumerate() {
            put(ws, row + i as u32, 3 + j as u16, text, fmt)?;
        }
    }
    Ok(last + 1)
}

fn write_statistics(ws: &mut Worksheet, f: &Formats, ledger: &Ledger) -> Result<(), XlsxError> {
    ws.set_name("统计")?;
    let headers = ["被巡察党组织", "问题数", "措施数", "已销号", "完成率", "红灯逾期", "黄灯预警"];
    for (c, h) in headers.iter().enumerate() {
        put(ws, 0, c as u16, h, &f.header)?;
    }
    ws.set_column_width(0, 28)?;
    for c in 1..headers.len() as u16 {
        ws.set_column_width(c, 11)?;
    }
    let mut orgs: Vec<&str> = Vec::new();
    for p in &ledger.problems {
        if !orgs.contains(&p.inspection.target_name.as_str()) {
            orgs.push(&p.inspection.target_name);
        }
    }
    let mut totals = [0usize; 5];
    let mut row = 1u32;
    for org in orgs {
        let ps: Vec<&LedgerProblem> = ledger.problems.iter().filter(|p| p.inspection.target_name == org).collect();
        let rows = ps.iter().flat_map(|p| p.rows.iter());
        let (mut measures, mut closed, mut red, mut yellow) = (0usize, 0usize, 0usize, 0usize);
        for r in rows {
            measures += 1;
            closed += usize::from(r.measure.status == MeasureStatus::Closed);
            red += usize::from(r.light == Light::Red);
            yellow += usize::from(r.light == Light::Yellow);
        }
        let values = [ps.len(), measures, closed, red, yellow];
        write_stat_row(ws, f, row, org, values)?;
        for (t, v) in totals.iter_mut().zip(values) {
            *t += v;
        }
        row += 1;
    }
    write_stat_row(ws, f, row, "合计", totals)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn write_stat_row(ws: &mut Worksheet, f: &Formats, row: u32, name: &str, v: [usize; 5]) -> Result<(), XlsxError> {
    put(ws, row, 0, name, &f.cell)?;
    let rate = (v[2] * 100).checked_div(v[1]).map(|p| format!("{p}%")).unwrap_or_else(|| "—".into());
    let cells = [v[0].to_string(), v[1].to_string(), v[2].to_string(), rate, v[3].to_string(), v[4].to_string()];
    for (i, c) in cells.iter().enumerate() {
        put(ws, row, 1 + i as u16, c, &f.number)?;
    }
    Ok(())
}

/// The workbook as bytes: the ledger sheet (grouped by organisation under a merged heading
/// row when it spans several) and the statistics sheet.
pub fn ledger_xlsx(ledger: &Ledger, details: &LedgerDetails, title: &str) -> Result<Vec<u8>, XlsxError> {
    let f = formats();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("整改台账")?;
    put_merged(ws, (0, 0), (0, LAST_COL), title, &f.title)?;
    ws.set_row_height(0, 30)?;
    for (c, (name, width)) in LEDGER_COLUMNS.iter().enumerate() {
        put(ws, 1, c as u16, name, &f.header)?;
        ws.set_column_width(c as u16, *width)?;
    }
    let several = {
        let first = ledger.problems.first().map(|p| p.inspection.target_org_id);
        ledger.problems.iter().any(|p| Some(p.inspection.target_org_id) != first)
    };
    let mut row = 2u32;
    let mut current_org = None;
    for (n, p) in ledger.problems.iter().enumerate() {
        if several && current_org != Some(p.inspection.target_org_id) {
            put_merged(ws, (row, row), (0, LAST_COL), &p.inspection.target_name, &f.group)?;
            current_org = Some(p.inspection.target_org_id);
            row += 1;
        }
        row = write_problem(ws, &f, row, n + 1, p, details)?;
    }
    ws.set_freeze_panes(2, 0)?;
    ws.autofilter(1, 0, row.saturating_sub(1).max(1), LAST_COL)?;
    let stats = wb.add_worksheet();
    write_statistics(stats, &f, ledger)?;
    wb.save_to_buffer()
}
