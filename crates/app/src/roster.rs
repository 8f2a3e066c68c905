//! Rosters: organisations (name, kind, parent) and their people (name, organisation, post,
//! phone) imported from an office's workbook. Every row is checked against the database inside
//! one transaction; it commits only when asked and nothing is wrong (or the user accepted the
//! good rows), so a preview runs the very same checks as the import.

use schemars::JsonSchema;
use serde::Serialize;
use xuncha_domain::access::{Actor, Capability, Reach};
use xuncha_domain::action::{Action, On};
use xuncha_domain::org::{OrgKind, check_parent};
use xuncha_store::Person;

use crate::imports::ImportIssue;
use crate::views::{self, *};
use crate::{App, AppResult, By, json};

#[derive(Debug, Clone)]
pub struct RosterOrg {
    pub sheet: String,
    pub row: u32,
    pub name: String,
    pub kind: OrgKind,
    /// The parent's name; empty for the county committee.
    pub parent: String,
    /// How the file labels the name and parent columns ("B列(党组织名称)"), for issues.
    pub name_column: String,
    pub parent_column: String,
}

#[derive(Debug, Clone)]
pub struct RosterPerson {
    pub sheet: String,
    pub row: u32,
    pub name: String,
    /// The organisation's name, as in the system or earlier in the file.
    pub org: String,
    pub post: String,
    pub phone: String,
    /// How the file labels the unit column, for issues.
    pub org_column: String,
}

/// The rows of a roster that read well (rows with format issues are left out by the reader).
#[derive(Debug, Clone, Default)]
pub struct RosterInput {
    pub orgs: Vec<RosterOrg>,
    pub people: Vec<RosterPerson>,
}

#[derive(Debug, Clone, Copy, Default, Serialize, JsonSchema)]
pub struct RosterSummary {
    pub orgs_created: usize,
    pub orgs_unchanged: usize,
    pub people_created: usize,
    pub people_updated: usize,
    pub people_unchanged: usize,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct RosterOutcome {
    /// What was (or, in a preview, would be) written.
    pub summary: RosterSummary,
    /// Rows the database refuses: unknown parent, wrong parent kind, an organisation of the
    /// same name elsewhere in the tree, an unknown organisation for a person.
    pub issues: Vec<ImportIssue>,
    pub applied: bool,
}

/// How a roster import ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RosterMode {
    /// Check every row, write nothing.
    Preview,
    /// Write only if no row has an issue.
    All,
    /// Write the rows without issues.
    AcceptValid,
}

impl RosterMode {
    /// From the command line's and the API's flags: without `apply` only a preview.
    pub fn from_flags(apply: bool, accept_valid: bool) -> Self {
        match (apply, accept_valid) {
            (false, _) => RosterMode::Preview,
            (true, false) => RosterMode::All,
            (true, true) => RosterMode::AcceptValid,
        }
    }
}

fn issue(sheet: &str, row: u32, column: &str, message: String) -> ImportIssue {
    ImportIssue { sheet: sheet.to_string(), row, column: column.to_string(), message }
}

impl App {
    /// Imports a roster. `format_issues` counts the rows the reader already refused, so that
    /// `RosterMode::All` writes nothing when any row of the file is wrong.
    pub async fn import_roster(
        &self,
        actor: &Actor,
        input: &RosterInput,
        format_issues: usize,
        mode: RosterMode,
    ) -> AppResult<RosterOutcome> {
        let mut tx = self.write_as(By::User(actor), Capability::Administer).await?;
        let mut s = RosterSummary::default();
        let mut issues = Vec::new();
        for o in &input.orgs {
            let parent = if o.parent.is_empty() { None } else { tx.conn().find_org(&o.parent).await? };
            if !o.parent.is_empty() && parent.is_none() {
                let m = format!("上级组织“{}”不存在(应已在系统中,或在本表中先于本行列出)", o.parent);
                issues.push(issue(&o.sheet, o.row, &o.parent_column, m));
                continue;
            }
            if let Some(existing) = tx.conn().find_org(&o.name).await? {
                if existing.kind == o.kind && existing.parent_id == parent.as_ref().map(|p| p.id) {
                    s.orgs_unchanged += 1;
                } else {
                    let m = format!("系统中已有“{}”,但类型或上级组织与本行不同,未作修改", o.name);
                    issues.push(issue(&o.sheet, o.row, &o.name_column, m));
                }
                continue;
            }
            if let Err(e) = check_parent(o.kind, parent.as_ref().map(|p| p.kind)) {
                issues.push(issue(&o.sheet, o.row, &o.parent_column, e.message()));
                continue;
            }
            let id = tx.conn().insert_org(&o.name, o.kind, parent.map(|p| p.id), false).await?;
            let org = tx.conn().get_org(id).await?;
            let summary = format!("名册导入:新增组织 {}", o.name);
            tx.record(Action::OrgCreate, id, &summary, "{}", &json(&org)).await?;
            s.orgs_created += 1;
        }
        for p in &input.people {
            let Some(org) = tx.conn().find_org(&p.org).await? else {
                issues.push(issue(&p.sheet, p.row, &p.org_column, format!("所在单位“{}”不存在", p.org)));
                continue;
            };
            match tx.conn().find_person(org.id, &p.name).await? {
                Some(old) if old.post == p.post && old.phone == p.phone => s.people_unchanged += 1,
                Some(old) => {
                    tx.conn().update_person(old.id, &p.post, &p.phone).await?;
                    let new = Person { post: p.post.clone(), phone: p.phone.clone(), ..old.clone() };
                    let summary = format!("名册导入:更新 {} 的职务或电话", p.name);
                    tx.record(Action::PersonUpdate, old.id, &summary, &json(&old), &json(&new)).await?;
                    s.people_updated += 1;
                }
                None => {
                    let id = tx.conn().insert_person(org.id, &p.name, &p.post, &p.phone).await?;
                    let new = tx.conn().find_person(org.id, &p.name).await?;
                    let summary = format!("名册导入:新增 {}({})", p.name, org.name);
                    tx.record(Action::PersonCreate, id, &summary, "{}", &json(&new)).await?;
                    s.people_created += 1;
                }
            }
        }
        let clean = issues.is_empty() && format_issues == 0;
        let applied = mode == RosterMode::AcceptValid || (mode == RosterMode::All && clean);
        if applied {
            let summary = format!(
                "导入名册:新增组织{}个,新增人员{}名,更新人员{}名",
                s.orgs_created, s.people_created, s.people_updated
            );
            tx.record(Action::RosterImport, On::NONE, &summary, "{}", &json(&s)).await?;
            tx.commit().await?;
        } else {
            tx.rollback().await?;
        }
        Ok(RosterOutcome { summary: s, issues, applied })
    }

    /// The roster: the office and the admin see everyone; a target organisation sees its own
    /// people (to name responsible persons); teams, leaders and supervisors see none.
    pub async fn list_people(
        &self,
        actor: &Actor,
        org_id: Option<xuncha_domain::OrgId>,
    ) -> AppResult<Vec<PersonRecord>> {
        let wide = xuncha_domain::access::allowed(actor, Capability::Administer)
            || xuncha_domain::access::allowed(actor, Capability::PlanRounds);
        let own = matches!(actor.reach(), Reach::Own(_));
        let org = match (actor.reach(), wide) {
            (Reach::Own(own), _) => match (own, org_id) {
                (Some(mine), None) => Some(mine),
                (Some(mine), Some(asked)) if asked == mine => Some(mine),
                _ => return Err(crate::AppError::NotFound),
            },
            (_, true) => org_id,
            (_, false) => return Err(crate::AppError::Forbidden),
        };
        let mut h = self.store.read().await?;
        let people = h.conn().list_people(org).await?;
        // Within a jurisdiction, the people of its committee's tree only.
        Ok(views::all(match crate::inspections::reach_of(&mut h.conn(), actor).await? {
            Some(reach) if !own => {
                if org.is_some_and(|o| !reach.contains(&o)) {
                    return Err(crate::AppError::NotFound);
                }
                people.into_iter().filter(|p| reach.contains(&p.org_id)).collect()
            }
            _ => people,
        }))
    }
}
