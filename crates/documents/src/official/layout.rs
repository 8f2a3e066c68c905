//! The layout of party and government documents (GB/T 9704-2012) on top of docx-rs: A4, the
//! standard margins, 22 lines of 28 characters, title in 方正小标宋简体 二号, body in
//! 仿宋_GB2312 三号, headings in 黑体 and 楷体_GB2312, page numbers "— 1 —" in 宋体 四号.

use docx_rs::{
    AlignmentType, BreakType, Docx, FieldCharType, Footer, InstrText, LineSpacing, LineSpacingType, PageMargin,
    Paragraph, Run, RunFonts, SpecialIndentType, Table, TableCell, TableRow, WidthType,
};

pub const TITLE_FONT: &str = "方正小标宋简体";
pub const BODY_FONT: &str = "仿宋_GB2312";
pub const HEADING1_FONT: &str = "黑体";
pub const HEADING2_FONT: &str = "楷体_GB2312";
pub const PAGE_NUMBER_FONT: &str = "宋体";

/// Font sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt.
pub const SIZE_ERHAO: usize = 44;
pub const SIZE_SANHAO: usize = 32;
pub const SIZE_SIHAO: usize = 28;
pub const SIZE_XIAOSI: usize = 24;

/// Millimetres to twentieths of a point, rounded.
pub const fn mm(v: u32) -> u32 {
    (v * 14400 + 127) / 254
}

/// Two characters of 三号 (16 pt each): the first-line indent of body text.
const TWO_CHARS: i32 = 640;
/// A fixed line of 28.95 pt gives 22 lines in the 225 mm text area.
const LINE: i32 = 579;

fn fonts(name: &str) -> RunFonts {
    RunFonts::new().east_asia(name).ascii(name).hi_ansi(name).cs(name)
}

/// Every text of a document passes here: characters XML 1.0 cannot hold (NUL, other control
/// characters, U+FFFE/U+FFFF) would make the whole .docx unreadable, so they are left out. Input
/// refuses them already; records written before that, or by a bulk load, may still hold some.
fn run(text: &str, font: &str, size: usize) -> Run {
    let text: String = text.chars().filter(|c| xml_char(*c)).collect();
    Run::new().add_text(&text).fonts(fonts(font)).size(size)
}

fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{7F}'..='\u{9F}' | '\u{FFFE}' | '\u{FFFF}'))
}

fn exact_lines() -> LineSpacing {
    LineSpacing::new().line_rule(LineSpacingType::Exact).line(LINE)
}

/// A document being written, paragraph by paragraph.
pub struct GovDoc {
    docx: Docx,
}

impl Default for GovDoc {
    fn default() -> Self {
        Self::new()
    }
}

impl GovDoc {
    pub fn new() -> Self {
        let page_number = Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(run("— ", PAGE_NUMBER_FONT, SIZE_SIHAO))
            .add_run(
                Run::new()
                    .fonts(fonts(PAGE_NUMBER_FONT))
                    .size(SIZE_SIHAO)
                    .add_field_char(FieldCharType::Begin, false)
                    .add_instr_text(InstrText::PAGE(docx_rs::InstrPAGE {}))
                    .add_field_char(FieldCharType::Separate, false)
                    .add_text("1")
                    .add_field_char(FieldCharType::End, false),
            )
            .add_run(run(" —", PAGE_NUMBER_FONT, SIZE_SIHAO));
        let docx = Docx::new()
            .page_size(mm(210), mm(297))
            .page_margin(
                PageMargin::new()
                    .top(mm(37) as i32)
                    .bottom(mm(35) as i32)
                    .left(mm(28) as i32)
                    .right(mm(26) as i32)
                    .header(mm(15) as i32)
                    .footer(mm(23) as i32),
            )
            .default_fonts(fonts(BODY_FONT))
            .default_size(SIZE_SANHAO)
            .footer(Footer::new().add_paragraph(page_number));
        Self { docx }
    }

    fn push(mut self, p: Paragraph) -> Self {
        self.docx = self.docx.add_paragraph(p);
        self
    }

    /// The title, centred, followed by an empty line.
    pub fn title(self, text: &str) -> Self {
        self.push(
            Paragraph::new()
                .align(AlignmentType::Center)
                .line_spacing(exact_lines())
                .add_run(run(text, TITLE_FONT, SIZE_ERHAO)),
        )
        .blank()
    }

    /// The document's number (发文字号, "督办〔2023〕3号"), centred above the title; nothing
    /// when it has none.
    pub fn document_number(self, text: &str) -> Self {
        if text.is_empty() {
            return self;
        }
        self.push(Paragraph::new().align(AlignmentType::Center).line_spacing(exact_lines()).add_run(run(
            text,
            BODY_FONT,
            SIZE_SANHAO,
        )))
        .blank()
    }

    /// Starts a new page (the next letter of a batch).
    pub fn page_break(self) -> Self {
        self.push(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)))
    }

    pub fn blank(self) -> Self {
        self.push(Paragraph::new().line_spacing(exact_lines()))
    }

    /// The addressee (主送机关), flush left.
    pub fn addressee(self, text: &str) -> Self {
        self.push(Paragraph::new().line_spacing(exact_lines()).add_run(run(text, BODY_FONT, SIZE_SANHAO)))
    }

    fn indented(text: &str, font: &str) -> Paragraph {
        Paragraph::new()
            .align(AlignmentType::Both)
            .line_spacing(exact_lines())
            .indent(None, Some(SpecialIndentType::FirstLine(TWO_CHARS)), None, None)
            .add_run(run(text, font, SIZE_SANHAO))
    }

    /// "一、…" in 黑体.
    pub fn heading1(self, text: &str) -> Self {
        self.push(Self::indented(text, HEADING1_FONT))
    }

    /// "(一)…" in 楷体.
    pub fn heading2(self, text: &str) -> Self {
        self.push(Self::indented(text, HEADING2_FONT))
    }

    /// A body paragraph; each line of `text` is a paragraph of its own.
    pub fn body(mut self, text: &str) -> Self {
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            self = self.push(Self::indented(line, BODY_FONT));
        }
        self
    }

    /// The issuer and the date, right-aligned four characters from the margin.
    pub fn signature(self, issuer: &str, date: &str) -> Self {
        let right = |text: &str| {
            Paragraph::new()
                .align(AlignmentType::Right)
                .line_spacing(exact_lines())
                .indent(None, None, Some(TWO_CHARS * 2), None)
                .add_run(run(text, BODY_FONT, SIZE_SANHAO))
        };
        self.blank().blank().push(right(issuer)).push(right(date))
    }

    /// A table with a header row; cells in 仿宋 小四. `widths` in twentieths of a point.
    pub fn table(mut self, header: &[&str], rows: &[Vec<String>], widths: &[usize]) -> Self {
        let cell = |text: &str, width: usize, bold: bool| {
            let mut r = run(text, BODY_FONT, SIZE_XIAOSI);
            if bold {
                r = r.bold();
            }
            TableCell::new().width(width, WidthType::Dxa).add_paragraph(Paragraph::new().add_run(r))
        };
        let mut table_rows = vec![TableRow::new(header.iter().zip(widths).map(|(h, w)| cell(h, *w, true)).collect())];
        for row in rows {
            table_rows.push(TableRow::new(row.iter().zip(widths).map(|(t, w)| cell(t, *w, false)).collect()));
        }
        let table = Table::new(table_rows).set_grid(widths.to_vec());
        self.docx = self.docx.add_table(table);
        self
    }

    pub fn into_bytes(self) -> Result<Vec<u8>, String> {
        let mut out = std::io::Cursor::new(Vec::new());
        self.docx.build().pack(&mut out).map_err(|e| format!("docx: {e}"))?;
        Ok(out.into_inner())
    }
}

/// "2023年8月15日", as dates are written in documents.
pub fn chinese_date(d: time::Date) -> String {
    format!("{}年{}月{}日", d.year(), u8::from(d.month()), d.day())
}

/// "一", "二", … "二十", for headings.
pub fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", DIGITS[n - 10]),
        _ if n.is_multiple_of(10) && n < 100 => format!("{}十", DIGITS[n / 10]),
        _ if n < 100 => format!("{}十{}", DIGITS[n / 10], DIGITS[n % 10]),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millimetres_become_twips() {
        assert_eq!(mm(210), 11906, "A4 as Word writes it");
        assert_eq!(mm(297), 16838);
        assert_eq!(mm(37), 2098);
    }

    #[test]
    fn numbers_and_dates_are_written_in_chinese() {
        assert_eq!(chinese_number(1), "一");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(14), "十四");
        assert_eq!(chinese_number(20), "二十");
        assert_eq!(chinese_number(23), "二十三");
        assert_eq!(chinese_date(time::macros::date!(2023 - 08 - 05)), "2023年8月5日");
    }
}
