//! The one path every writing use case takes. `App::write` opens the transaction; the body
//! asks the access rule through [`Write::require`] (or states why none applies), does its work
//! through [`Write::conn`] and records what it did through [`Write::record`]; [`Write::commit`]
//! refuses, and so rolls everything back, unless the act was checked and recorded. The store's
//! transactions are opened nowhere else in this crate (a test reads the sources to hold that),
//! so a use case cannot change the record without a check and an audit event — and the caches,
//! which follow the audit trail, cannot miss a change.

use xuncha_domain::access::{Capability, allowed};
use xuncha_domain::action::{Action, On};
use xuncha_store::{Conn, NewEvent, Tx};

use crate::{App, AppError, AppResult, By};

/// Why a write by someone who is not a signed-in user (or the system) is let through: the
/// access rule speaks of users, and these two acts come before there is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Admission {
    /// The public's tip form, while the inspection's tip window is open.
    PublicTipWindow,
    /// The public's rating and comment, under a disclosure that is published.
    PublishedDisclosure,
    /// A user's password was just verified: a sign-in, or a change of one's own password.
    PasswordVerified,
    /// A full-text search found tips, each within the reader's `ReadTips` scope (the search
    /// is limited to it before it runs): only the reading is recorded.
    SearchedInOwnScope,
}

/// A use case's write transaction: the only way to the store's writing side.
pub(crate) struct Write<'a> {
    tx: Tx,
    by: By<'a>,
    checked: Checked,
    recorded: usize,
}

/// How far the act has been checked: a reading act (a tip opened, a sign-in) needs a
/// capability to read; any other act a capability to do it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Checked {
    Not,
    ToRead,
    ToAct,
}

impl App {
    /// Opens a use case's write transaction for `by`. Nothing is checked yet: the capability
    /// usually depends on records read inside the transaction (the inspection's scope).
    pub(crate) async fn write<'a>(&self, by: By<'a>) -> AppResult<Write<'a>> {
        Ok(Write { tx: self.store.begin().await?, by, checked: Checked::Not, recorded: 0 })
    }

    /// Opens a write transaction after asking the rule for a capability that depends on no
    /// record (administration, planning rounds): a refusal takes no lock.
    pub(crate) async fn write_as<'a>(&self, by: By<'a>, cap: Capability<'_>) -> AppResult<Write<'a>> {
        by.require(cap)?;
        let mut w = self.write(by).await?;
        w.checked = Checked::ToAct;
        Ok(w)
    }

    /// A transaction for the system's own bookkeeping, which is not the record and answers to
    /// no one: sessions, counted failed sign-ins. Never for a use case's data.
    pub(crate) async fn bookkeeping(&self) -> AppResult<Tx> {
        Ok(self.store.begin().await?)
    }
}

impl<'a> Write<'a> {
    pub(crate) fn conn(&mut self) -> Conn<'_> {
        self.tx.conn()
    }

    /// Asks the access rule; a refusal is `Forbidden` (the record is visible, the act is not
    /// allowed). The public may do nothing the rule grants.
    pub(crate) fn require(&mut self, cap: Capability<'_>) -> AppResult<()> {
        self.ask(cap, Checked::ToAct).ok_or(AppError::Forbidden)
    }

    fn ask(&mut self, cap: Capability<'_>, level: Checked) -> Option<()> {
        let ok = match self.by {
            By::User(actor) => allowed(actor, cap),
            By::System => true,
            By::Public => false,
        };
        ok.then(|| self.checked = self.checked.max(level))
    }

    /// Asks the rule for either of two capabilities (evidence: the unit's own work, or the
    /// verifier's).
    pub(crate) fn require_either(&mut self, one: Capability<'_>, other: Capability<'_>) -> AppResult<()> {
        self.require(one).or_else(|_| self.require(other))
    }

    /// Asks the rule for a capability to read (a refusal answers "not found", for records the
    /// actor may not even see). It admits a reading act only: writing needs [`Write::require`].
    pub(crate) fn require_visible(&mut self, cap: Capability<'_>) -> AppResult<()> {
        self.ask(cap, Checked::ToRead).ok_or(AppError::NotFound)
    }

    /// As [`Write::require`], but a refusal answers "not found": for acts on records whose
    /// very existence the actor may not learn (a tip, for the organisation it concerns).
    pub(crate) fn require_hidden(&mut self, cap: Capability<'_>) -> AppResult<()> {
        self.ask(cap, Checked::ToAct).ok_or(AppError::NotFound)
    }

    /// Lets through an act the access rule does not cover, for the stated reason.
    pub(crate) fn admit(&mut self, why: Admission) {
        let (fits, level) = match why {
            Admission::PublicTipWindow | Admission::PublishedDisclosure => {
                (matches!(self.by, By::Public), Checked::ToAct)
            }
            Admission::PasswordVerified => (matches!(self.by, By::User(_)), Checked::ToAct),
            Admission::SearchedInOwnScope => (matches!(self.by, By::User(_)), Checked::ToRead),
        };
        if fits {
            self.checked = self.checked.max(level);
        }
    }

    /// Appends a typed audit event for the acting user (none: the system or the public), with
    /// JSON images before and after. Refused before any capability was checked.
    pub(crate) async fn record(
        &mut self,
        action: Action,
        on: impl Into<On>,
        summary: &str,
        before: &str,
        after: &str,
    ) -> AppResult<()> {
        let needed = if action.is_read() { Checked::ToRead } else { Checked::ToAct };
        if self.checked < needed {
            return Err(AppError::internal(format!("{} recorded before its capability was checked", action.code())));
        }
        let (code, entity, on) = (action.code(), action.entity(), on.into());
        // An act filed under a record of another kind would vanish from that record's history.
        if on.entity.is_some_and(|e| e != entity) {
            return Err(AppError::internal(format!("{code} recorded on a {} id", on.entity.unwrap_or_default())));
        }
        let actor_id = self.by.user_id();
        let event = NewEvent { actor_id, action: code, entity, entity_id: on.id, summary, before, after };
        self.tx.conn().append_event(&event).await?;
        self.recorded += 1;
        Ok(())
    }

    /// Drops everything done (a dry run, a refused file).
    pub(crate) async fn rollback(self) -> AppResult<()> {
        Ok(self.tx.rollback().await?)
    }

    /// Commits, or rolls back and fails if the act was not checked or left no event.
    pub(crate) async fn commit(self) -> AppResult<()> {
        if self.checked == Checked::Not || self.recorded == 0 {
            return Err(AppError::internal("a write must be checked and recorded before it commits"));
        }
        Ok(self.tx.commit().await?)
    }
}

#[cfg(test)]
mod tests {
    use xuncha_domain::access::Actor;
    use xuncha_domain::id::{InspectionId, MeasureId};
    use xuncha_domain::role::Role;
    use xuncha_testkit::TestDb;

    use super::*;
    use crate::Clock;

    async fn app() -> (TestDb, App) {
        let db = TestDb::sqlite().await;
        let app = App::new(db.store.clone(), Clock::System).await.unwrap();
        (db, app)
    }

    async fn events(app: &App) -> usize {
        app.store.read().await.unwrap().conn().recent_events(1000).await.unwrap().len()
    }

    fn member() -> Actor {
        Actor {
            user_id: xuncha_domain::UserId::new(1),
            role: Role::Team,
            org_id: None,
            body: None,
            teams: vec![],
            left_teams: vec![],
            jurisdiction: None,
            recusal: Default::default(),
        }
    }

    #[tokio::test]
    async fn a_write_without_an_event_is_rolled_back() {
        let (_db, app) = app().await;
        let mut w = app.write(By::System).await.unwrap();
        w.require(Capability::Administer).unwrap();
        w.conn().put_setting("probe", "1").await.unwrap();
        assert!(matches!(w.commit().await, Err(AppError::Internal(_))));
        let kept = app.store.read().await.unwrap().conn().get_setting("probe").await.unwrap();
        assert_eq!(kept, None, "the unrecorded change must not be kept");
    }

    #[tokio::test]
    async fn an_event_before_any_check_is_refused_and_nothing_commits() {
        let (_db, app) = app().await;
        let mut w = app.write(By::System).await.unwrap();
        assert!(w.record(Action::AspectCreate, On::NONE, "x", "{}", "{}").await.is_err());
        assert!(w.commit().await.is_err());
        assert_eq!(events(&app).await, 0);
    }

    #[tokio::test]
    async fn a_refused_capability_never_opens_a_write() {
        let (_db, app) = app().await;
        let actor = member();
        assert!(matches!(app.write_as(By::User(&actor), Capability::Administer).await, Err(AppError::Forbidden)));
        let mut w = app.write(By::Public).await.unwrap();
        assert!(matches!(w.require(Capability::Administer), Err(AppError::Forbidden)));
        // An admission that does not fit who acts admits nothing.
        w.admit(Admission::PasswordVerified);
        assert!(w.record(Action::UserLogin, On::NONE, "x", "{}", "{}").await.is_err());
    }

    #[tokio::test]
    async fn a_checked_and_recorded_write_commits_under_its_actor() {
        let (_db, app) = app().await;
        let mut w = app.write(By::System).await.unwrap();
        w.require(Capability::Administer).unwrap();
        w.record(Action::SettingDeadlinePolicy, On::NONE, "修改", "{}", "{}").await.unwrap();
        w.commit().await.unwrap();
        assert_eq!(events(&app).await, 1);
    }

    #[tokio::test]
    async fn an_act_filed_under_a_record_of_another_kind_is_refused() {
        let (_db, app) = app().await;
        let mut w = app.write(By::System).await.unwrap();
        w.require(Capability::Administer).unwrap();
        // A measure's act under an inspection's id would vanish from the measure's history.
        let wrong = w.record(Action::MeasureClose, InspectionId::new(7), "x", "{}", "{}").await;
        assert!(matches!(wrong, Err(AppError::Internal(_))), "{wrong:?}");
        w.record(Action::MeasureClose, MeasureId::new(7), "x", "{}", "{}").await.unwrap();
        w.commit().await.unwrap();
        assert_eq!(events(&app).await, 1, "only the act on its own kind of record");
    }

    /// The crate's sources, without their test modules.
    fn sources() -> Vec<(String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or_default().to_string();
            out.push((path.file_name().unwrap().to_string_lossy().into_owned(), code));
        }
        out
    }

    #[test]
    fn no_use_case_reaches_the_writing_store_or_the_trail_around_this_path() {
        for (file, code) in sources() {
            // The search index's save token is the index's own bookkeeping, not the record.
            let begins = code.matches(".begin()").count();
            let allowed = match file.as_str() {
                "guarded.rs" => 2,
                "search.rs" => 1,
                _ => 0,
            };
            assert_eq!(begins, allowed, "{file} opens a write transaction of its own");
            // Sessions and counted failures are the sign-in's bookkeeping; nothing else is.
            if file != "auth.rs" {
                assert!(!code.contains(".bookkeeping()"), "{file} writes around the trail");
            }
            if file != "guarded.rs" {
                assert!(!code.contains("append_event"), "{file} appends to the audit trail directly");
                assert!(!code.contains("xuncha_store::Tx"), "{file} holds a raw write transaction");
            }
        }
    }

    #[test]
    fn every_act_of_the_trail_is_recorded_by_some_use_case() {
        let code: String = sources().into_iter().map(|(_, c)| c).collect();
        for action in Action::ALL {
            let name = format!("Action::{action:?}");
            assert!(code.contains(&name), "{name} is never recorded");
        }
    }
}
