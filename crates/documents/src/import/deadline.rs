//! Deadlines as offices write them in ledgers.

use std::sync::LazyLock;

use regex::Regex;
use time::{Date, Duration, Month};
use xuncha_domain::measure::DeadlineKind;

/// Full-width digits and punctuation to their ASCII forms; spaces dropped.
pub fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' | '。' => '.',
            '－' | '—' => '-',
            '／' => '/',
            other => other,
        })
        .collect()
}

fn month_end(year: i32, month: u8) -> Option<Date> {
    let m = Month::try_from(month).ok()?;
    Date::from_calendar_date(year, m, time::util::days_in_month(m, year)).ok()
}

fn ymd(y: &str, m: &str, d: &str) -> Option<Date> {
    Date::from_calendar_date(y.parse().ok()?, Month::try_from(m.parse::<u8>().ok()?).ok()?, d.parse().ok()?).ok()
}

static FULL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?").expect("regex"));
static MONTH_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:(\d{4})年)?(\d{1,2})月(?:底|末|份|前)").expect("regex"));
static YEAR_END: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:(\d{4})年)?年?(?:底|末)").expect("regex"));
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d{1,2})月(\d{1,2})日").expect("regex"));
static YEAR_MONTH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{4})[.\-/年](\d{1,2})月?$").expect("regex"));

/// The date in a deadline text, with `year` for forms that leave it out ("9月底").
pub fn parse_date(text: &str, year: i32) -> Option<Date> {
    let t = normalise(text);
    if let Some(c) = FULL.captures(&t) {
        return ymd(&c[1], &c[2], &c[3]);
    }
    if let Some(c) = MONTH_DAY.captures(&t) {
        return ymd(&year.to_string(), &c[1], &c[2]);
    }
    if let Some(c) = MONTH_END.captures(&t) {
        let y = c.get(1).and_then(|y| y.as_str().parse().ok()).unwrap_or(year);
        return month_end(y, c[2].parse().ok()?);
    }
    if let Some(c) = YEAR_MONTH.captures(&t) {
        return month_end(c[1].parse().ok()?, c[2].parse().ok()?);
    }
    if t.contains("年底") || t.contains("年末") {
        let y = YEAR_END.captures(&t).and_then(|c| c.get(1)).and_then(|y| y.as_str().parse().ok()).unwrap_or(year);
        return Date::from_calendar_date(y, Month::December, 31).ok();
    }
    None
}

/// An Excel serial date (days since 1899-12-30, the fraction being the time of day).
pub fn from_serial(serial: f64) -> Option<Date> {
    let base = Date::from_calendar_date(1899, Month::December, 30).ok()?;
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    Some(base + Duration::days(serial.floor() as i64))
}

/// Kind and date of a deadline cell's text; an error names what could not be read.
pub fn parse_deadline(text: &str, year: i32) -> Result<(Option<DeadlineKind>, Option<Date>), String> {
    let t = normalise(text);
    if t.is_empty() {
        return Ok((None, None));
    }
    let date = parse_date(&t, year);
    if t.contains("立行立改") || t.contains("立即整改") {
        return Ok((Some(DeadlineKind::Immediate), date));
    }
    if t.contains("长期坚持") || t.contains("长期") || t.contains("持续") {
        return Ok((Some(DeadlineKind::LongTerm), date));
    }
    match date {
        Some(d) => Ok((Some(DeadlineKind::Dated), Some(d))),
        None => Err(format!("无法识别的时限“{}”", text.trim())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_written_forms_of_a_date_are_read() {
        for (text, want) in [
            ("2023年9月30日", date!(2023 - 09 - 30)),
            ("2023.9.30", date!(2023 - 09 - 30)),
            ("2023-09-30", date!(2023 - 09 - 30)),
            ("2023/9/30", date!(2023 - 09 - 30)),
            ("２０２３年９月３０日", date!(2023 - 09 - 30)),
            ("2023年12月底", date!(2023 - 12 - 31)),
            ("9月底", date!(2023 - 09 - 30)),
            ("2月底前", date!(2023 - 02 - 28)),
            ("10月20日", date!(2023 - 10 - 20)),
            ("2023年底", date!(2023 - 12 - 31)),
            ("2023.11", date!(2023 - 11 - 30)),
        ] {
            assert_eq!(parse_date(text, 2023), Some(want), "{text}");
        }
    }

    #[test]
    fn kinds_are_recognised_with_or_without_a_date() {
        assert_eq!(parse_deadline("立行立改", 2023), Ok((Some(DeadlineKind::Immediate), None)));
        assert_eq!(parse_deadline("长期坚持", 2023), Ok((Some(DeadlineKind::LongTerm), None)));
        assert_eq!(
            parse_deadline("长期坚持(2023年12月底前建立制度)", 2023),
            Ok((Some(DeadlineKind::LongTerm), Some(date!(2023 - 12 - 31))))
        );
        assert_eq!(parse_deadline("2023年9月30日", 2023), Ok((Some(DeadlineKind::Dated), Some(date!(2023 - 09 - 30)))));
        assert_eq!(parse_deadline("", 2023), Ok((None, None)));
        assert!(parse_deadline("尽快", 2023).unwrap_err().contains("尽快"));
    }

    #[test]
    fn excel_serial_dates_are_read() {
        assert_eq!(from_serial(45199.0), Some(date!(2023 - 09 - 30)));
        assert_eq!(from_serial(45199.75), Some(date!(2023 - 09 - 30)));
        assert_eq!(from_serial(-3.0), None);
    }
}
