//! People of the organisations (rosters).

use xuncha_domain::id::*;

use crate::rows::Person;
use crate::{Conn, Result, map_err, run};

impl Conn<'_> {
    pub async fn find_person(&mut self, org_id: OrgId, name: &str) -> Result<Option<Person>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT p.*, o.name AS org_name FROM person p JOIN organisation o ON o.id = p.org_id
             WHERE p.org_id = $1 AND p.name = $2").bind(org_id).bind(name).fetch_optional(c).await)?)
    }

    pub async fn insert_person(&mut self, org_id: OrgId, name: &str, post: &str, phone: &str) -> Result<PersonId> {
        let now = self.now();
        run!(self, c => sqlx::query_scalar(
            "INSERT INTO person (org_id, name, post, phone, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(org_id).bind(name).bind(post).bind(phone).bind(now).fetch_one(c).await)
        .map_err(map_err)
    }

    pub async fn update_person(&mut self, id: PersonId, post: &str, phone: &str) -> Result<()> {
        run!(self, c => sqlx::query("UPDATE person SET post = $1, phone = $2 WHERE id = $3")
            .bind(post).bind(phone).bind(id).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// People of one organisation, or of all, by organisation and name.
    pub async fn list_people(&mut self, org_id: Option<OrgId>) -> Result<Vec<Person>> {
        Ok(run!(self, c => sqlx::query_as(
            "SELECT p.*, o.name AS org_name FROM person p JOIN organisation o ON o.id = p.org_id
             WHERE ($1 IS NULL OR p.org_id = $1) ORDER BY o.name, p.id").bind(org_id).fetch_all(c).await)?)
    }
}
