//! The 巡察人才库 as a workbook, in the layout `import::pool` reads back: a title row, then one
//! row per cadre with former posts ("单位/职务/离任日期") and relatives ("单位/关系") one per
//! line, and the teams served on (for reading; the import ignores it).

use rust_xlsxwriter::{FormatAlign, Workbook, XlsxError};
use xuncha_app::pool::PoolView;

use crate::import::pool::{former_text, relatives_text};
use crate::ledger_xlsx::{cell_format, header_format, title_format};

/// The columns, as the import finds them.
pub const POOL_COLUMNS: [(&str, f64); 11] = [
    ("序号", 6.0),
    ("姓名", 10.0),
    ("工作单位", 22.0),
    ("职务", 18.0),
    ("专长", 16.0),
    ("联系电话", 14.0),
    ("曾任职务(单位/职务/离任日期)", 36.0),
    ("亲属任职(单位/关系)", 24.0),
    ("状态", 10.0),
    ("备注", 20.0),
    ("参加巡察", 30.0),
];

/// The workbook and its file name ("巡察人才库(2023-11-10).xlsx").
pub fn pool_xlsx(pool: &PoolView, day: time::Date) -> Result<(Vec<u8>, String), XlsxError> {
    let title = format!("巡察人才库({day})");
    let (base, header, title_format) = (cell_format(), header_format(), title_format());
    let wrapped = base.clone().set_text_wrap();
    let number = base.clone().set_align(FormatAlign::Center);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("巡察人才库")?;
    sheet.merge_range(0, 0, 0, (POOL_COLUMNS.len() - 1) as u16, &title, &title_format)?;
    sheet.set_row_height(0, 30)?;
    for (c, (name, width)) in POOL_COLUMNS.iter().enumerate() {
        sheet.write_with_format(1, c as u16, *name, &header)?;
        sheet.set_column_width(c as u16, *width)?;
    }
    for (n, c) in pool.cadres.iter().enumerate() {
        let line = (n + 2) as u32;
        let former: Vec<(String, String, String)> = c
            .former_posts
            .iter()
            .map(|t| (t.org_name.clone(), t.detail.clone(), t.left_on.clone().unwrap_or_default()))
            .collect();
        let relatives: Vec<(String, String)> =
            c.relatives.iter().map(|t| (t.org_name.clone(), t.detail.clone())).collect();
        let served: Vec<String> = c.services.iter().map(|s| format!("{}{}", s.round_name, s.team_name)).collect();
        sheet.write_with_format(line, 0, (n + 1) as u32, &number)?;
        sheet.write_with_format(line, 1, c.name.as_str(), &base)?;
        sheet.write_with_format(line, 2, c.org_name.as_str(), &base)?;
        sheet.write_with_format(line, 3, c.post.as_str(), &base)?;
        sheet.write_with_format(line, 4, c.expertise_text(), &base)?;
        sheet.write_with_format(line, 5, c.phone.as_str(), &base)?;
        sheet.write_with_format(line, 6, former_text(&former), &wrapped)?;
        sheet.write_with_format(line, 7, relatives_text(&relatives), &wrapped)?;
        sheet.write_with_format(line, 8, if c.active { "在库" } else { "暂停抽取" }, &number)?;
        sheet.write_with_format(line, 9, c.note.as_str(), &wrapped)?;
        sheet.write_with_format(line, 10, served.join("\n"), &wrapped)?;
    }
    let bytes = book.save_to_buffer()?;
    Ok((bytes, format!("{title}.xlsx")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use xuncha_app::pool::{CadreTieView, CadreView, PoolView, ServiceView};
    use xuncha_domain::id::*;
    use xuncha_domain::pool::Expertise;

    #[test]
    fn the_exported_pool_reads_back_as_written() {
        let tie = |org: &str, detail: &str, left_on: Option<&str>| CadreTieView {
            org_id: OrgId::new(1),
            org_name: org.into(),
            detail: detail.into(),
            left_on: left_on.map(str::to_string),
        };
        let pool = PoolView {
            cadres: vec![CadreView {
                id: CadreId::new(1),
                name: "韩磊".into(),
                org_id: OrgId::new(2),
                org_name: "县统计局".into(),
                post: "普查中心副主任".into(),
                phone: "13903520011".into(),
                expertise: vec![Expertise::Engineering, Expertise::Agriculture],
                active: false,
                note: "借调中".into(),
                has_account: false,
                account: None,
                account_link: xuncha_domain::pool::AccountLink::Unlinked,
                former_posts: vec![
                    tie("县农业农村局", "农田建设股副股长", Some("2019-05-31")),
                    tie("谷前堡镇党委", "副镇长", Some("2016-12-31")),
                ],
                relatives: vec![tie("西堡村党支部", "兄弟", None)],
                services: vec![ServiceView {
                    round_id: RoundId::new(1),
                    round_name: "2023年第一轮巡察".into(),
                    team_id: TeamId::new(1),
                    team_name: "第三巡察组".into(),
                }],
                version: 1,
            }],
            years: 3,
            by_expertise: Vec::new(),
        };
        let (bytes, name) = pool_xlsx(&pool, time::macros::date!(2023 - 11 - 10)).unwrap();
        assert_eq!(name, "巡察人才库(2023-11-10).xlsx");
        let back = crate::import::pool::read_pool(&bytes).unwrap();
        assert_eq!(back.issues.len(), 0, "{:?}", back.issues);
        let row = &back.to_rows()[0];
        assert_eq!((row.name.as_str(), row.unit.as_str(), row.phone.as_str()), ("韩磊", "县统计局", "13903520011"));
        assert_eq!(row.expertise, vec![Expertise::Engineering, Expertise::Agriculture]);
        assert!(!row.active);
        assert_eq!(row.former_posts.len(), 2);
        assert_eq!(row.former_posts[0].2.to_string(), "2019-05-31");
        assert_eq!(row.relatives, vec![("西堡村党支部".to_string(), "兄弟".to_string())]);
        assert_eq!(row.note, "借调中");
    }
}
