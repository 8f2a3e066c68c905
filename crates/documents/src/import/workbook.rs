//! Opening an uploaded workbook without trusting it. An .xlsx is a ZIP of XML parts, and every
//! size in it is the sender's to choose: a 2 KB file can declare a cell at `XFD1048576` (a
//! reader that allocates the declared rectangle asks for half a terabyte), merge a million rows,
//! or inflate one shared string to hundreds of megabytes. So every dimension is bounded *before*
//! anything is allocated for it:
//!
//! 1. the ZIP parts are inflated into a counting sink first, each and all together capped, so
//!    the parser that follows never meets a part larger than [`Limits::max_part_bytes`];
//! 2. cells are streamed one by one; only cells holding text or a value count, and each must lie
//!    within [`Limits::max_rows`] × [`Limits::max_columns`], carry at most
//!    [`Limits::max_cell_chars`] characters, and all of them together at most
//!    [`Limits::max_text_bytes`];
//! 3. only then is the sheet's rectangle built, from the cells actually read;
//! 4. merged areas are clipped to that rectangle and their covered cells counted before indexing.
//!
//! Every refusal is a Chinese sentence naming the limit (and the sheet and cell where there is
//! one) and never repeats the cell's content.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

use calamine::{Cell, Data, DataRef, Dimensions, Range, Reader, Xlsx, open_workbook_from_rs};

use super::column_letter;

/// The bounds an uploaded workbook must keep. A county's whole ledger of a round is a few
/// thousand rows and a dozen columns; the defaults leave ample room above that.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The file as uploaded.
    pub max_file_bytes: u64,
    /// Parts (files) inside the ZIP container.
    pub max_parts: usize,
    /// One part, inflated.
    pub max_part_bytes: u64,
    /// All parts together, inflated.
    pub max_total_bytes: u64,
    /// Worksheets read.
    pub max_sheets: usize,
    pub max_rows: u32,
    pub max_columns: u32,
    /// Cells holding something, per sheet.
    pub max_cells: usize,
    /// Characters in one cell.
    pub max_cell_chars: usize,
    /// Bytes of cell text kept, per workbook (a shared string repeated in many cells counts
    /// each time).
    pub max_text_bytes: usize,
    /// Merged areas per sheet.
    pub max_merges: usize,
    /// Cells covered by merged areas per sheet, after clipping to the cells read.
    pub max_merged_cells: u64,
}

pub const LIMITS: Limits = Limits {
    max_file_bytes: 20 * 1024 * 1024,
    max_parts: 1_000,
    max_part_bytes: 64 * 1024 * 1024,
    max_total_bytes: 128 * 1024 * 1024,
    max_sheets: 50,
    max_rows: 20_000,
    max_columns: 50,
    max_cells: 400_000,
    max_cell_chars: 5_000,
    max_text_bytes: 32 * 1024 * 1024,
    max_merges: 50_000,
    max_merged_cells: 1_000_000,
};

/// One sheet with its merged areas.
pub(crate) struct SheetData {
    pub name: String,
    pub range: Range<Data>,
    pub merges: Merges,
}

/// The merged areas of a sheet, indexed once: offices merge a problem over its measures, and a
/// 10,000-row ledger has thousands of merges (a scan per cell made reading 15× slower).
#[derive(Default)]
pub(crate) struct Merges {
    /// Every covered cell below an area's first row → that first row.
    tops: HashMap<(u32, u32), u32>,
    /// Rows that continue an area begun above them.
    continuing: HashSet<u32>,
}

impl Merges {
    /// Indexes `areas` (already clipped and counted by [`clip_merges`]).
    fn new(areas: &[Dimensions]) -> Self {
        let mut m = Merges::default();
        for d in areas {
            for r in (d.start.0 + 1)..=d.end.0 {
                m.continuing.insert(r);
                for c in d.start.1..=d.end.1 {
                    m.tops.insert((r, c), d.start.0);
                }
            }
        }
        m
    }

    /// The row holding the value of (row, col): the top of its merged area, or itself.
    pub fn top(&self, row: u32, col: u32) -> u32 {
        self.tops.get(&(row, col)).copied().unwrap_or(row)
    }

    /// Whether the row lies inside an area merged from a row above (so a blank-looking row
    /// still belongs to the problem above).
    pub fn continues(&self, row: u32) -> bool {
        self.continuing.contains(&row)
    }
}

/// Every sheet of an .xlsx file, in order, within [`LIMITS`].
pub(crate) fn open_sheets(bytes: &[u8]) -> Result<Vec<SheetData>, String> {
    open_sheets_within(bytes, &LIMITS)
}

pub(crate) fn open_sheets_within(bytes: &[u8], limits: &Limits) -> Result<Vec<SheetData>, String> {
    check_container(bytes, limits)?;
    // calamine is not panic-free on forged input (a merge written end-first, `B5:A2`, overflows
    // a subtraction in its dimension parser): whatever it does not refuse cleanly is refused
    // here. The panic's message is not kept; the binary's hook logs only its place.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_sheets(bytes, limits))).unwrap_or_else(|_| {
        Err("无法读取Excel文件:文件内容有误,可能已损坏或被构造(可用Excel或WPS另存为.xlsx后再上传)".to_string())
    })
}

fn read_sheets(bytes: &[u8], limits: &Limits) -> Result<Vec<SheetData>, String> {
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|_| "无法读取Excel文件:文件不是有效的.xlsx工作簿(可用Excel或WPS另存为.xlsx后再上传)".to_string())?;
    let names = wb.sheet_names().to_vec();
    if names.len() > limits.max_sheets {
        return Err(format!("工作簿有{}个工作表,超过了{}个的上限", names.len(), limits.max_sheets));
    }
    let mut text_budget = limits.max_text_bytes;
    let mut out = Vec::new();
    for name in names {
        let shown = sheet_label(&name);
        let range = read_cells(&mut wb, &name, &shown, limits, &mut text_budget)?;
        let areas = wb.merge_cells_by_sheet_name(&name).map_err(|_| format!("无法读取工作表“{shown}”的合并单元格"))?;
        let areas = clip_merges(&areas, &range, &shown, limits)?;
        out.push(SheetData { name, range, merges: Merges::new(&areas) });
    }
    Ok(out)
}

/// A sheet's name as messages show it: Excel allows 31 characters, a forged file any number.
fn sheet_label(name: &str) -> String {
    let clean: String = name.chars().filter(|c| !c.is_control()).take(31).collect();
    if clean.chars().count() < name.chars().count() { format!("{clean}…") } else { clean }
}

/// Inflates every part into a counting sink, refusing the container once a part or the whole
/// passes its cap. The sizes a ZIP declares are not trusted: the bytes are counted.
fn check_container(bytes: &[u8], limits: &Limits) -> Result<(), String> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(format!("Excel文件超过{}MB的上限,请拆分后再上传", limits.max_file_bytes / (1024 * 1024)));
    }
    let not_xlsx = || "无法读取Excel文件:文件不是有效的.xlsx工作簿(可用Excel或WPS另存为.xlsx后再上传)".to_string();
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| not_xlsx())?;
    if zip.len() > limits.max_parts {
        return Err(format!("Excel文件内含{}个部件,超过了{}个的上限", zip.len(), limits.max_parts));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let part = zip.by_index(i).map_err(|_| not_xlsx())?;
        let worksheet = part.name().is_ok_and(|n| n.starts_with("xl/worksheets/") && n.ends_with(".xml"));
        let mut capped = Counted { inner: part.take(limits.max_part_bytes + 1), bytes: 0 };
        if worksheet {
            check_references(&mut capped)?;
        }
        std::io::copy(&mut capped, &mut std::io::sink()).map_err(|_| not_xlsx())?;
        let n = capped.bytes;
        if n > limits.max_part_bytes {
            return Err(format!(
                "Excel文件中有部件解压后超过{}MB的上限,文件可能已损坏或被构造",
                limits.max_part_bytes / (1024 * 1024)
            ));
        }
        total += n;
        if total > limits.max_total_bytes {
            return Err(format!(
                "Excel文件解压后超过{}MB的上限,请拆分后再上传",
                limits.max_total_bytes / (1024 * 1024)
            ));
        }
    }
    Ok(())
}

/// A reader that counts what passes through it.
struct Counted<R> {
    inner: R,
    bytes: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
}

/// Checks every cell, row, merge and dimension reference of a worksheet before calamine parses
/// them: its reference parser overflows on a column of too many letters and on a range written
/// end-first (`B5:A2`), both found by fuzzing. Excel's own bounds are the rule: columns A–XFD,
/// rows 1–1048576, a range's start not after its end.
fn check_references(xml: &mut impl Read) -> Result<(), String> {
    use quick_xml::events::Event;
    let bad = || "无法读取Excel文件:工作表中有无效的单元格引用或合并范围,文件可能已损坏或被构造".to_string();
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(xml));
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).map_err(|_| bad())? {
            Event::Start(e) | Event::Empty(e) => {
                let tag = e.local_name();
                let tag: &str = tag.as_ref();
                let (attr, range) = match tag {
                    "c" | "row" => ("r", false),
                    "mergeCell" | "dimension" => ("ref", true),
                    _ => {
                        buf.clear();
                        continue;
                    }
                };
                for a in e.attributes() {
                    let a = a.map_err(|_| bad())?;
                    let key = a.key.local_name();
                    if AsRef::<str>::as_ref(&key) != attr {
                        continue;
                    }
                    let value: &str = &a.value;
                    let ok = match (tag, range) {
                        ("row", _) => value.parse::<u32>().is_ok_and(|r| (1..=1_048_576).contains(&r)),
                        (_, false) => cell_ref(value).is_some(),
                        (_, true) => range_ref(value),
                    };
                    if !ok {
                        return Err(bad());
                    }
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// (row, column), 0-based, of a reference like `XFD1048576`, within Excel's bounds.
fn cell_ref(text: &str) -> Option<(u32, u32)> {
    let letters = text.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (col, row) = text.split_at(letters);
    if !(1..=3).contains(&letters) || row.is_empty() || row.len() > 7 || !row.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let col = col.bytes().fold(0u32, |n, b| n * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1);
    let row: u32 = row.parse().ok()?;
    if (1..=16_384).contains(&col) && (1..=1_048_576).contains(&row) { Some((row - 1, col - 1)) } else { None }
}

/// A range `A1:B2` (or one cell) whose start is not after its end.
fn range_ref(text: &str) -> bool {
    match text.split_once(':') {
        None => cell_ref(text).is_some(),
        Some((a, b)) => match (cell_ref(a), cell_ref(b)) {
            (Some(a), Some(b)) => a.0 <= b.0 && a.1 <= b.1,
            _ => false,
        },
    }
}

/// Streams a sheet's cells, checking each against the limits, and builds the rectangle of the
/// cells that hold something.
fn read_cells<R: Read + std::io::Seek>(
    wb: &mut Xlsx<R>,
    name: &str,
    shown: &str,
    limits: &Limits,
    text_budget: &mut usize,
) -> Result<Range<Data>, String> {
    let unreadable = || format!("无法读取工作表“{shown}”,文件可能已损坏");
    let mut reader = wb.worksheet_cells_reader(name).map_err(|_| unreadable())?;
    let mut cells: Vec<Cell<Data>> = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(|_| unreadable())? {
        let (row, col) = cell.get_position();
        let text_len = match cell.get_value() {
            DataRef::Empty => continue,
            DataRef::String(s) if s.trim().is_empty() => continue,
            DataRef::SharedString(s) if s.trim().is_empty() => continue,
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Some(s.as_str()),
            DataRef::SharedString(s) => Some(*s),
            _ => None,
        }
        .map(|s| (s.len(), s.chars().count()));
        let at = || format!("工作表“{shown}”第{}行{}列", u64::from(row) + 1, column_letter(col));
        if row >= limits.max_rows {
            return Err(format!("{}超出了{}行的上限,请删除多余的行或拆分后再上传", at(), limits.max_rows));
        }
        if col >= limits.max_columns {
            return Err(format!(
                "{}超出了{}列(A至{}列)的上限,请删除多余的列后再上传",
                at(),
                limits.max_columns,
                column_letter(limits.max_columns - 1)
            ));
        }
        if let Some((bytes, chars)) = text_len {
            if chars > limits.max_cell_chars {
                return Err(format!("{}的文字超过{}字的上限", at(), limits.max_cell_chars));
            }
            *text_budget = text_budget.checked_sub(bytes).ok_or_else(|| {
                format!("工作簿的文字总量超过{}MB的上限,请拆分后再上传", limits.max_text_bytes / (1024 * 1024))
            })?;
        }
        if cells.len() >= limits.max_cells {
            return Err(format!("工作表“{shown}”的非空单元格超过{}个的上限,请拆分后再上传", limits.max_cells));
        }
        let value = cell.get_value().clone().into();
        cells.push(Cell::new((row, col), value));
    }
    Ok(Range::from_sparse(cells))
}

/// Merged areas clipped to the cells read (an area reaching past them covers nothing a reader
/// looks at), refused when there are too many or they cover too much.
fn clip_merges(
    areas: &[Dimensions],
    range: &Range<Data>,
    shown: &str,
    limits: &Limits,
) -> Result<Vec<Dimensions>, String> {
    if areas.len() > limits.max_merges {
        return Err(format!("工作表“{shown}”的合并单元格超过{}处的上限", limits.max_merges));
    }
    let Some(end) = range.end() else { return Ok(Vec::new()) };
    let mut covered: u64 = 0;
    let mut out = Vec::new();
    for d in areas {
        if d.start.0 > end.0 || d.start.1 > end.1 || d.start.0 > d.end.0 || d.start.1 > d.end.1 {
            continue;
        }
        let clipped = Dimensions { start: d.start, end: (d.end.0.min(end.0), d.end.1.min(end.1)) };
        covered += u64::from(clipped.end.0 - clipped.start.0 + 1) * u64::from(clipped.end.1 - clipped.start.1 + 1);
        if covered > limits.max_merged_cells {
            return Err(format!("工作表“{shown}”的合并单元格覆盖超过{}个单元格的上限", limits.max_merged_cells));
        }
        out.push(clipped);
    }
    Ok(out)
}

/// A cell's text as a person reads it: trimmed; whole numbers without ".0".
pub(crate) fn cell_text(range: &Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.trim().to_string(),
        Some(Data::Float(f)) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Some(Data::Empty) | None => String::new(),
        Some(other) => other.to_string().trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{cell_ref, range_ref};

    #[test]
    fn references_outside_excels_bounds_or_written_end_first_are_refused() {
        assert_eq!(cell_ref("A1"), Some((0, 0)));
        assert_eq!(cell_ref("XFD1048576"), Some((1_048_575, 16_383)));
        for bad in ["XFE1", "A1048577", "A0", "AAAAAAAAAAAAAAAAAAAAAAAAA1", "1A", "A", "", "A-1", "Ａ1"] {
            assert_eq!(cell_ref(bad), None, "{bad}");
        }
        assert!(range_ref("A2:CV100001") && range_ref("B2"));
        assert!(!range_ref("B5:A2") && !range_ref("A5:B2") && !range_ref("A1:") && !range_ref("A1:B2:C3"));
    }
}
