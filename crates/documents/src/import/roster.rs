//! Reading rosters: a sheet of organisations (名称, 类型, 上级组织) and a sheet of people (姓名,
//! 所在单位, 职务, 联系电话), in either order, headers found by their text under any title rows.
//! A person's unit may be merged over several rows. Format problems are found here; whether a
//! parent or unit exists is checked by `App::import_roster` against the database.

use calamine::{Data, Range};
use regex::Regex;
use serde::Serialize;
use xuncha_app::imports::ImportIssue;
use xuncha_app::roster::{RosterInput, RosterOrg, RosterPerson};
use xuncha_domain::org::OrgKind;

use super::deadline::normalise;
use super::{Merges, cell_text, column_letter, find_header, open_sheets};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    OrgName,
    Kind,
    Parent,
    PersonName,
    Unit,
    Post,
    Phone,
}

const HEADERS: &[(Col, &[&str])] = &[
    (Col::OrgName, &["组织名称", "党组织名称", "单位名称", "名称"]),
    (Col::Kind, &["组织类型", "类型", "类别", "单位类型"]),
    (Col::Parent, &["上级组织", "上级党组织", "上级单位", "隶属"]),
    (Col::PersonName, &["姓名"]),
    (Col::Unit, &["所在单位", "单位", "所在党组织", "工作单位", "党组织"]),
    (Col::Post, &["职务", "职位", "岗位"]),
    (Col::Phone, &["联系电话", "电话", "手机", "手机号码", "联系方式"]),
];

fn col_of(header: &str) -> Option<Col> {
    let h = normalise(header);
    HEADERS.iter().find(|(_, names)| names.contains(&h.as_str())).map(|(c, _)| *c)
}

/// The kind of organisation from the words offices use, or the stored code.
pub fn kind_of(text: &str) -> Option<OrgKind> {
    let t = normalise(text);
    if let Ok(k) = OrgKind::parse("kind", &t) {
        return Some(k);
    }
    Some(match t.as_str() {
        "市委" | "市委员会" => OrgKind::CityCommittee,
        "县委" | "县委员会" => OrgKind::CountyCommittee,
        "县直单位" | "县直部门" | "县直机关" | "县直" => OrgKind::CountyUnit,
        "乡镇党委" | "乡镇" | "乡党委" | "镇党委" => OrgKind::TownshipCommittee,
        "村党支部" | "村" | "村党组织" | "社区党支部" | "村(社区)党支部" => OrgKind::VillageBranch,
        "监督部门" | "纪委监委" | "组织部" => OrgKind::SupervisoryBody,
        _ => return None,
    })
}

/// A mobile (11 digits) or a landline with its area code ("0352-6012345"); empty is allowed.
fn phone_ok(phone: &str) -> bool {
    let re = Regex::new(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$").expect("phone pattern");
    phone.is_empty() || re.is_match(phone)
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct OrgRow {
    pub row: u32,
    pub name: String,
    pub kind: Option<OrgKind>,
    pub parent: String,
    pub has_issue: bool,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PersonRow {
    pub row: u32,
    pub name: String,
    pub unit: String,
    pub post: String,
    pub phone: String,
    pub has_issue: bool,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RosterImport {
    pub org_sheet: Option<String>,
    pub people_sheet: Option<String>,
    pub orgs: Vec<OrgRow>,
    pub people: Vec<PersonRow>,
    pub issues: Vec<ImportIssue>,
    /// Column labels ("D列(上级党组织)") for the issues the database check finds.
    name_column: String,
    parent_column: String,
    unit_column: String,
}

impl RosterImport {
    /// The rows that read well, for `App::import_roster`.
    pub fn to_input(&self) -> RosterInput {
        let sheet = |s: &Option<String>| s.clone().unwrap_or_default();
        RosterInput {
            orgs: self
                .orgs
                .iter()
                .filter(|o| !o.has_issue)
                .filter_map(|o| {
                    Some(RosterOrg {
                        sheet: sheet(&self.org_sheet),
                        row: o.row,
                        name: o.name.clone(),
                        kind: o.kind?,
                        parent: o.parent.clone(),
                        name_column: self.name_column.clone(),
                        parent_column: self.parent_column.clone(),
                    })
                })
                .collect(),
            people: self
                .people
                .iter()
                .filter(|p| !p.has_issue)
                .map(|p| RosterPerson {
                    sheet: sheet(&self.people_sheet),
                    row: p.row,
                    name: p.name.clone(),
                    org: p.unit.clone(),
                    post: p.post.clone(),
                    phone: p.phone.clone(),
                    org_column: self.unit_column.clone(),
                })
                .collect(),
        }
    }
}

/// A sheet's header: its row and the columns found in it.
fn header(range: &Range<Data>) -> Option<(u32, Vec<(u32, Col)>)> {
    find_header(range, col_of, |cols| {
        let has = |k: Col| cols.iter().any(|(_, c)| *c == k);
        has(Col::PersonName) || (has(Col::OrgName) && has(Col::Kind))
    })
}

struct Reader<'a> {
    sheet: &'a str,
    range: &'a Range<Data>,
    merges: &'a Merges,
    header_row: u32,
    cols: Vec<(u32, Col)>,
}

impl Reader<'_> {
    fn col(&self, k: Col) -> Option<u32> {
        self.cols.iter().find(|(_, c)| *c == k).map(|(i, _)| *i)
    }
    fn get(&self, r: u32, k: Col) -> String {
        self.col(k).map(|c| cell_text(self.range, self.merges.top(r, c), c)).unwrap_or_default()
    }
    /// "D列(上级党组织)"; the header's own words when the column is missing.
    fn label(&self, k: Col) -> String {
        match self.col(k) {
            Some(c) => format!("{}列({})", column_letter(c), cell_text(self.range, self.header_row, c)),
            None => HEADERS.iter().find(|(c, _)| *c == k).map(|(_, n)| n[0].to_string()).unwrap_or_default(),
        }
    }
    fn issue(&self, r: u32, k: Col, message: String) -> ImportIssue {
        ImportIssue { sheet: self.sheet.to_string(), row: r + 1, column: self.label(k), message }
    }
    /// Data rows: after the header, skipping blank rows, up to a notes row ("注:…").
    fn rows(&self) -> Vec<u32> {
        let Some((end_row, end_col)) = self.range.end() else { return Vec::new() };
        let start_col = self.range.start().map(|s| s.1).unwrap_or(0);
        let mut out = Vec::new();
        for r in (self.header_row + 1)..=end_row {
            let texts: Vec<String> =
                (start_col..=end_col).map(|c| cell_text(self.range, r, c)).filter(|t| !t.is_empty()).collect();
            if texts.len() == 1 && ["注", "说明", "填表说明"].iter().any(|p| texts[0].starts_with(p)) {
                break;
            }
            if !texts.is_empty() {
                out.push(r);
            }
        }
        out
    }
}

/// Reads the organisations and people of a roster workbook.
pub fn read_roster(bytes: &[u8]) -> Result<RosterImport, String> {
    let mut out = RosterImport {
        org_sheet: None,
        people_sheet: None,
        orgs: Vec::new(),
        people: Vec::new(),
        issues: Vec::new(),
        name_column: String::new(),
        parent_column: String::new(),
        unit_column: String::new(),
    };
    for sheet in open_sheets(bytes)? {
        let Some((header_row, cols)) = header(&sheet.range) else { continue };
        let rd = Reader { sheet: &sheet.name, range: &sheet.range, merges: &sheet.merges, header_row, cols };
        if rd.col(Col::PersonName).is_some() {
            if out.people_sheet.is_none() {
                out.people_sheet = Some(sheet.name.clone());
                out.unit_column = rd.label(Col::Unit);
                read_people(&rd, &mut out);
            }
        } else if out.org_sheet.is_none() {
            out.org_sheet = Some(sheet.name.clone());
            out.name_column = rd.label(Col::OrgName);
            out.parent_column = rd.label(Col::Parent);
            read_orgs(&rd, &mut out);
        }
    }
    if out.org_sheet.is_none() && out.people_sheet.is_none() {
        return Err(
            "没有找到名册的表头:组织名册应有“组织名称”“组织类型”“上级组织”列,人员名册应有“姓名”“所在单位”“职务”“联系电话”列"
                .into(),
        );
    }
    Ok(out)
}

fn read_orgs(rd: &Reader<'_>, out: &mut RosterImport) {
    for r in rd.rows() {
        let (name, kind_text, parent) = (rd.get(r, Col::OrgName), rd.get(r, Col::Kind), rd.get(r, Col::Parent));
        let mut issues = Vec::new();
        if name.is_empty() {
            issues.push(rd.issue(r, Col::OrgName, "组织名称为空".into()));
        } else if name.chars().count() > 100 {
            issues.push(rd.issue(r, Col::OrgName, "组织名称不能超过100个字".into()));
        } else if let Some(first) = out.orgs.iter().find(|o| o.name == name) {
            issues.push(rd.issue(r, Col::OrgName, format!("与第{}行重复", first.row)));
        }
        let kind = kind_of(&kind_text);
        if kind_text.is_empty() {
            issues.push(rd.issue(r, Col::Kind, "组织类型为空".into()));
        } else if kind.is_none() {
            issues.push(rd.issue(
                r,
                Col::Kind,
                format!("无法识别的组织类型“{kind_text}”(应为县委、县直单位、乡镇党委、村党支部或监督部门)"),
            ));
        }
        out.orgs.push(OrgRow { row: r + 1, name, kind, parent, has_issue: !issues.is_empty() });
        out.issues.extend(issues);
    }
}

fn read_people(rd: &Reader<'_>, out: &mut RosterImport) {
    for r in rd.rows() {
        let name = rd.get(r, Col::PersonName);
        let unit = rd.get(r, Col::Unit);
        let phone: String = normalise(&rd.get(r, Col::Phone)).replace(['(', ')', '(', ')'], "");
        let mut issues = Vec::new();
        if name.is_empty() {
            issues.push(rd.issue(r, Col::PersonName, "姓名为空".into()));
        } else if let Some(first) = out.people.iter().find(|p| p.name == name && p.unit == unit) {
            issues.push(rd.issue(r, Col::PersonName, format!("与第{}行重复(同一单位同名)", first.row)));
        }
        if unit.is_empty() {
            issues.push(rd.issue(r, Col::Unit, "所在单位为空".into()));
        }
        if !phone_ok(&phone) {
            issues.push(rd.issue(r, Col::Phone, format!("联系电话“{phone}”格式不对(手机11位,座机如0352-6012345)")));
        }
        let post = rd.get(r, Col::Post);
        out.people.push(PersonRow { row: r + 1, name, unit, post, phone, has_issue: !issues.is_empty() });
        out.issues.extend(issues);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_read_from_the_words_offices_use() {
        assert_eq!(kind_of("乡镇党委"), Some(OrgKind::TownshipCommittee));
        assert_eq!(kind_of("村(社区)党支部"), Some(OrgKind::VillageBranch));
        assert_eq!(kind_of("county_unit"), Some(OrgKind::CountyUnit));
        assert_eq!(kind_of("科室"), None);
    }

    #[test]
    fn phones_are_mobiles_or_landlines_with_area_code() {
        for ok in ["13903520001", "0352-6012345", "03526012345", ""] {
            assert!(phone_ok(ok), "{ok}");
        }
        for bad in ["1390352000", "6012345", "电话", "23903520001"] {
            assert!(!phone_ok(bad), "{bad}");
        }
    }
}
