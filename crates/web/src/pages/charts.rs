//! Charts drawn as SVG on the server: no script, no external library, printable.

use std::fmt::Write;

use xuncha_app::dashboard::RoundDashboard;

/// Escapes text for SVG/XML.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const FONT: &str = r#"font-family="Noto Sans CJK SC, Microsoft YaHei, sans-serif" font-size="12""#;

/// Completion rate by organisation (organisations with measures), as horizontal bars.
pub fn completion_by_org(d: &RoundDashboard) -> String {
    let rows: Vec<_> = d.rows.iter().filter(|r| r.measures > 0).collect();
    if rows.is_empty() {
        return String::new();
    }
    let (label_w, bar_w, row_h) = (170.0, 360.0, 24.0);
    let height = rows.len() as f64 * row_h + 10.0;
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {height}" width="100%" role="img" aria-labelledby="chart-completion-title"><title id="chart-completion-title">各党组织整改完成率</title>"#,
        label_w + bar_w + 60.0
    );
    for (i, r) in rows.iter().enumerate() {
        let y = i as f64 * row_h + 5.0;
        let pct = r.completion() as f64;
        let _ = write!(
            svg,
            r##"<text x="{}" y="{}" text-anchor="end" {FONT}>{}</text><rect x="{label_w}" y="{y}" width="{bar_w}" height="16" fill="#eaeef2"/><rect x="{label_w}" y="{y}" width="{:.1}" height="16" fill="#1a7f37"/><text x="{}" y="{}" {FONT}>{}%({}/{})</text>"##,
            label_w - 6.0,
            y + 12.5,
            esc(&r.inspection.target_name),
            bar_w * pct / 100.0,
            label_w + bar_w + 4.0,
            y + 12.5,
            r.completion(),
            r.closed,
            r.measures
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The measures by status, as one stacked bar with a legend.
pub fn status_mix(d: &RoundDashboard) -> String {
    let total: usize = d.status_mix.iter().sum();
    if total == 0 {
        return String::new();
    }
    let parts =
        [("未完成", "#cf222e"), ("基本完成、持续推进", "#d4a72c"), ("已完成待核验", "#54aeff"), ("已销号", "#1a7f37")];
    let width = 520.0;
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 70" width="100%" role="img" aria-labelledby="chart-status-title"><title id="chart-status-title">整改措施状态构成</title>"#
    );
    let mut x = 0.0;
    for (i, (label, color)) in parts.iter().enumerate() {
        let n = d.status_mix[i];
        let w = width * n as f64 / total as f64;
        let _ = write!(
            svg,
            r#"<rect x="{x:.1}" y="0" width="{w:.1}" height="24" fill="{color}"><title>{label}:{n}</title></rect>"#
        );
        x += w;
        let lx = [0.0, 78.0, 238.0, 370.0][i];
        let _ = write!(
            svg,
            r#"<rect x="{lx}" y="40" width="12" height="12" fill="{color}"/><text x="{}" y="50" {FONT}>{label} {n}</text>"#,
            lx + 16.0
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Overdue measures week by week, as a line.
pub fn overdue_trend(d: &RoundDashboard) -> String {
    if d.trend.len() < 2 {
        return String::new();
    }
    let (w, h, left, bottom) = (520.0, 160.0, 36.0, 24.0);
    let max = d.trend.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1) as f64;
    let step = (w - left - 10.0) / (d.trend.len() - 1) as f64;
    let point = |i: usize, n: usize| (left + i as f64 * step, 8.0 + (h - bottom - 8.0) * (1.0 - n as f64 / max));
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" role="img" aria-labelledby="chart-trend-title"><title id="chart-trend-title">逾期措施数量变化(按周)</title><line x1="{left}" y1="{0}" x2="{w}" y2="{0}" stroke="#8c959f"/><text x="{1}" y="12" text-anchor="end" {FONT}>{2}</text><text x="{1}" y="{0}" text-anchor="end" {FONT}>0</text>"##,
        h - bottom,
        left - 4.0,
        max as usize
    );
    let path: Vec<String> = d
        .trend
        .iter()
        .enumerate()
        .map(|(i, (_, n))| {
            let (x, y) = point(i, *n);
            format!("{x:.1},{y:.1}")
        })
        .collect();
    let _ = write!(svg, r##"<polyline points="{}" fill="none" stroke="#cf222e" stroke-width="2"/>"##, path.join(" "));
    for (i, (day, n)) in d.trend.iter().enumerate() {
        let (x, y) = point(i, *n);
        let _ = write!(
            svg,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="3" fill="#cf222e"><title>{day}:{n}项逾期</title></circle>"##
        );
    }
    if let (Some((first, _)), Some((last, _))) = (d.trend.first(), d.trend.last()) {
        let _ = write!(
            svg,
            r#"<text x="{left}" y="{}" {FONT}>{first}</text><text x="{w}" y="{}" text-anchor="end" {FONT}>{last}</text>"#,
            h - 6.0,
            h - 6.0
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn text_in_charts_is_escaped() {
        assert_eq!(esc("<script>&\""), "&lt;script&gt;&amp;&quot;");
    }
}
