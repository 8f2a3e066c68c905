//! Organisations, conflict declarations and the problem taxonomy (configuration).

use xuncha_domain::access::{Actor, Capability, Reach};
use xuncha_domain::action::Action;
use xuncha_domain::error::Validator;
use xuncha_domain::org::check_parent;

use crate::error::on_duplicate;
use crate::inputs::{ConflictInput, NewOrgInput};
use crate::views::{self, *};
use crate::{App, AppError, AppResult, By, json, require};

impl App {
    pub async fn create_org(&self, by: By<'_>, input: &NewOrgInput) -> AppResult<OrganisationRecord> {
        by.require(Capability::Administer)?;
        let kind = input.kind;
        Validator::new()
            .required("name", "组织名称", &input.name)
            .max_chars("name", "组织名称", &input.name, 100)
            .finish()?;
        let mut tx = self.write_as(by, Capability::Administer).await?;
        let parent_kind = match input.parent_id {
            Some(pid) => Some(
                tx.conn().get_org(pid).await?.ok_or_else(|| AppError::invalid("parent_id", "上级组织不存在"))?.kind,
            ),
            None => None,
        };
        check_parent(kind, parent_kind)?;
        let id = tx
            .conn()
            .insert_org(input.name.trim(), kind, input.parent_id, input.is_sample)
            .await
            .map_err(on_duplicate("name", "已有同名组织"))?;
        let org = tx.conn().get_org(id).await?.ok_or(AppError::NotFound)?;
        tx.record(Action::OrgCreate, id, &format!("新增组织 {}", org.name), "{}", &json(&org)).await?;
        tx.commit().await?;
        Ok(org.into())
    }

    /// Organisation names and places are not case content: every signed-in internal user may
    /// list them, except targets, who see only their own.
    /// Within a jurisdiction, the list is its committee's tree.
    pub async fn list_orgs(&self, actor: &Actor) -> AppResult<Vec<OrganisationRecord>> {
        let all = self.store.read().await?.conn().list_orgs().await?;
        if let Reach::Own(own) = actor.reach() {
            return Ok(views::all(all.into_iter().filter(|o| Some(o.id) == own).collect()));
        }
        Ok(views::all(match crate::inspections::orgs_in_reach(actor, &all) {
            Some(reach) => all.into_iter().filter(|o| reach.contains(&o.id)).collect(),
            None => all,
        }))
    }

    /// A team member declares a conflict of interest with an organisation (回避申报).
    pub async fn declare_conflict(&self, actor: &Actor, input: &ConflictInput) -> AppResult<()> {
        require(actor, Capability::DeclareConflict)?;
        Validator::new().required("reason", "回避事由", &input.reason).finish()?;
        let mut tx = self.write_as(By::User(actor), Capability::DeclareConflict).await?;
        let missing = || AppError::invalid("org_id", "组织不存在");
        tx.conn().get_org(input.org_id).await?.ok_or_else(missing)?;
        // Only an organisation of the county one inspects in: another county's is "missing".
        let reach = crate::inspections::reach_of(&mut tx.conn(), actor).await?;
        if reach.is_some_and(|r| !r.contains(&input.org_id)) {
            return Err(missing());
        }
        let id = tx
            .conn()
            .declare_conflict(actor.user_id, input.org_id, input.reason.trim())
            .await
            .map_err(on_duplicate("org_id", "已申报过与该组织的回避关系"))?;
        tx.record(Action::ConflictDeclare, id, "申报回避关系", "{}", &format!("{{\"org_id\":{}}}", input.org_id))
            .await?;
        tx.commit().await
    }

    pub async fn create_aspect(&self, by: By<'_>, category: &str, name: &str, sort: i64) -> AppResult<AspectRecord> {
        by.require(Capability::Administer)?;
        Validator::new().required("category", "问题类别", category).required("name", "问题方面", name).finish()?;
        let mut tx = self.write_as(by, Capability::Administer).await?;
        let id = tx
            .conn()
            .insert_aspect(category.trim(), name.trim(), sort)
            .await
            .map_err(on_duplicate("name", "该类别下已有同名方面"))?;
        let aspect = tx.conn().get_aspect(id).await?.ok_or(AppError::NotFound)?;
        tx.record(Action::AspectCreate, id, &format!("新增问题方面 {name}"), "{}", &json(&aspect)).await?;
        tx.commit().await?;
        Ok(aspect.into())
    }

    pub async fn list_aspects(&self) -> AppResult<Vec<AspectRecord>> {
        Ok(views::all(self.store.read().await?.conn().list_aspects().await?))
    }
}
