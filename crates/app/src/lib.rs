//! The use cases of xuncha. Each one authorises the actor (through `xuncha_domain::access`),
//! checks the domain rules, writes through the store and appends an audit event in the same
//! transaction — all on the one write path of `guarded.rs`, which refuses to commit otherwise.
//! The JSON API, the pages and the CLI all call these; none of them reaches the store.

pub mod accounts;
pub mod archives;
pub mod assessments;
pub mod audit;
pub mod auth;
mod cache;
pub mod comments;
pub mod concepts;
pub mod dashboard;
pub mod disclosures;
mod error;
pub mod escalations;
mod guarded;
pub mod imports;
pub mod inputs;
pub mod inspections;
pub mod ledger;
pub mod library;
pub mod notifications;
pub mod official;
pub mod orgs;
pub mod overview;
pub mod plans;
pub mod pool;
pub mod pool_accounts;
pub mod pool_draws;
pub mod problems;
pub mod profile;
pub mod public;
pub mod rebounds;
pub mod rechecks;
pub mod roster;
pub mod search;
pub mod signals;
pub mod tips;
pub mod transfers;
pub mod views;

use serde::Serialize;
use time::Date;
use xuncha_domain::access::{Actor, Capability, Scope, allowed};
use xuncha_domain::action::{Action, On};
use xuncha_domain::deadline::DeadlinePolicy;
use xuncha_domain::id::*;
use xuncha_store::{Conn, Inspection, Store, Timeline};

pub use error::{AppError, AppResult, or_empty};
pub(crate) use guarded::{Admission, Write};
/// China time (UTC+8), the offset every instant is shown in.
pub use xuncha_store::CHINA;
/// The day a story told act by act has reached (the demo's clock while it loads).
pub use xuncha_store::StoryDay;

/// Where "today" comes from. Rules never read the wall clock; the application does, here, once
/// per request, unless a fixed date is configured (the demo runs as of a day in its story).
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    System,
    Fixed(Date),
    /// A story told act by act, each on its own day (the demo's loading).
    Story(&'static xuncha_store::StoryDay),
}

impl Clock {
    pub fn today(&self) -> Date {
        self.timeline().today()
    }

    /// The timeline records are stamped on: a fixed "today" stamps its records on that day.
    pub fn timeline(&self) -> Timeline {
        match self {
            Clock::System => Timeline::Real,
            Clock::Fixed(d) => Timeline::Day(*d),
            Clock::Story(s) => Timeline::Story(s),
        }
    }
}

/// Limits on uploads (evidence files live in the database).
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_evidence_bytes: usize,
    pub evidence_types: Vec<&'static str>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_evidence_bytes: 10 * 1024 * 1024,
            evidence_types: vec![
                "application/pdf",
                "image/jpeg",
                "image/png",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "application/msword",
                "application/vnd.ms-excel",
                "text/plain",
            ],
        }
    }
}

/// Who acts in a use case that the system itself may also run: a signed-in user (asked of the
/// access rule like any other), or the system (the operator's command line, the demo loader,
/// a benchmark's set-up), recorded in the trail with no user. Never an `Option`: passing no
/// actor once skipped the check silently.
#[derive(Debug, Clone, Copy)]
pub enum By<'a> {
    User(&'a Actor),
    System,
    /// Someone of the public, at the public site (a tip): no account, no capability.
    Public,
}

impl By<'_> {
    /// The user recorded in the audit trail (`None`: the system).
    pub fn user_id(self) -> Option<UserId> {
        match self {
            By::User(a) => Some(a.user_id),
            By::System | By::Public => None,
        }
    }

    /// Asks the rule for a user; the system may do what it runs.
    pub fn require(self, cap: Capability<'_>) -> AppResult<()> {
        match self {
            By::User(a) => require(a, cap),
            By::System => Ok(()),
            By::Public => Err(AppError::Forbidden),
        }
    }
}

/// The application: the store plus configuration.
#[derive(Clone, Debug)]
pub struct App {
    /// Private to the use cases: every read and write of the web and the command line passes
    /// through one of them (and so through the access rule and the audit trail).
    store: Store,
    pub clock: Clock,
    pub policy: DeadlinePolicy,
    pub limits: Limits,
    /// Keep ledger pages until the data changes (off to measure the work behind a page).
    pub keep_pages: bool,
    /// The full-text index, following every change of a searchable text.
    search_cache: cache::ByLog<search::Searchable>,
    /// Every fed-back measure indexed for copy detection, kept up to date change by change.
    copies: cache::ByLog<signals::Copies>,
    /// Rounds and aspects: read on every ledger and dashboard (a province has a thousand rounds),
    /// kept until either is written.
    lookups_cache: cache::ByChange<Lookups>,
    /// Rebound rates over every looked-back organisation, kept until the tables they count from
    /// are written (not after every measure edit).
    rebound_rates_cache: cache::ByChange<rebounds::LookedBack>,
    /// Signal rankings by reader and round, emptied when the data changes.
    rankings_cache: cache::ByChange<signals::Rankings>,
    /// Every inspection, for the office's and leaders' lists, kept until an inspection, team or
    /// organisation is written.
    all_inspections_cache: cache::ByChange<Vec<xuncha_store::Inspection>>,
    /// Ledger pages by reader, filter and day, emptied when the data changes.
    ledger_pages_cache: cache::ByChange<ledger::LedgerPages>,
}

const POLICY_KEY: &str = "deadline_policy";

impl App {
    /// Whether the database answers (for the health check).
    pub async fn ping(&self) -> AppResult<()> {
        Ok(self.store.ping().await?)
    }

    /// Whether the database holds no account yet (a fresh demo folder).
    pub async fn has_no_users(&self) -> AppResult<bool> {
        Ok(self.store.read().await?.conn().list_users().await?.is_empty())
    }

    /// The organisation of this exact name, for the operator's command line.
    pub async fn org_named(&self, name: &str) -> AppResult<Option<views::OrganisationRecord>> {
        Ok(self.store.read().await?.conn().find_org(name).await?.map(Into::into))
    }
}

impl App {
    /// Builds the application, reading the deadline policy from the settings table (defaults
    /// from DOMAIN.md when none is stored).
    pub async fn new(store: Store, clock: Clock) -> AppResult<Self> {
        // One clock: the rules' "today" and the records' stamps come from the same timeline.
        let store = store.on_timeline(clock.timeline());
        let stored = store.read().await?.conn().get_setting(POLICY_KEY).await?;
        let policy = match stored {
            Some(json) => {
                serde_json::from_str(&json).map_err(|e| AppError::internal(format!("bad deadline policy: {e}")))?
            }
            None => DeadlinePolicy::default(),
        };
        Ok(App {
            store,
            clock,
            policy,
            limits: Limits::default(),
            keep_pages: true,
            search_cache: Default::default(),
            copies: Default::default(),
            lookups_cache: cache::ByChange::reading(&["aspect", "round"]),
            rebound_rates_cache: cache::ByChange::reading(&["aspect", "inspection", "organisation", "problem"]),
            rankings_cache: Default::default(),
            ledger_pages_cache: Default::default(),
            all_inspections_cache: cache::ByChange::reading(&["inspection", "organisation", "team"]),
        })
    }

    pub fn today(&self) -> Date {
        self.clock.today()
    }

    /// The same application on another clock (its caches start empty): the demo tells its
    /// story on a clock that moves with it.
    pub async fn on_clock(&self, clock: Clock) -> AppResult<App> {
        let mut app = App::new(self.store.clone(), clock).await?;
        app.limits = self.limits.clone();
        app.keep_pages = self.keep_pages;
        Ok(app)
    }

    /// Stores a new deadline policy (admin only).
    pub async fn set_policy(&mut self, actor: &Actor, policy: DeadlinePolicy) -> AppResult<()> {
        let before = serde_json::to_string(&self.policy).unwrap_or_default();
        let after = serde_json::to_string(&policy).unwrap_or_default();
        let mut tx = self.write_as(By::User(actor), Capability::Administer).await?;
        tx.conn().put_setting(POLICY_KEY, &after).await?;
        tx.record(Action::SettingDeadlinePolicy, On::NONE, "修改整改时限配置", &before, &after).await?;
        tx.commit().await?;
        self.policy = policy;
        Ok(())
    }
}

/// Fails with `Forbidden` unless the actor has the capability (for writes on visible records).
pub fn require(actor: &Actor, cap: Capability<'_>) -> AppResult<()> {
    if allowed(actor, cap) { Ok(()) } else { Err(AppError::Forbidden) }
}

/// Fails with `NotFound` unless the actor has the capability (for reads: a forbidden record
/// looks exactly like a missing one).
pub fn require_visible(actor: &Actor, cap: Capability<'_>) -> AppResult<()> {
    if allowed(actor, cap) { Ok(()) } else { Err(AppError::NotFound) }
}

/// Loads an inspection the actor may see, or answers "not found".
pub(crate) async fn visible_inspection(
    conn: &mut Conn<'_>,
    actor: &Actor,
    id: InspectionId,
) -> AppResult<(Inspection, Scope)> {
    let insp = conn.get_inspection(id).await?.ok_or(AppError::NotFound)?;
    let scope = insp.scope();
    require_visible(actor, Capability::ReadInspection(&scope))?;
    Ok((insp, scope))
}

/// Serialises a record for the audit trail.
pub(crate) fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "{}".into())
}

/// Checks an optimistic-lock version sent by the client against the stored one.
pub(crate) fn check_version(sent: i64, stored: i64) -> AppResult<()> {
    if sent == stored { Ok(()) } else { Err(AppError::Conflict) }
}

/// What pages pick from: every round, latest first, and the aspect taxonomy.
#[derive(Debug)]
pub(crate) struct Lookups {
    pub rounds: Vec<xuncha_store::Round>,
    pub aspects: Vec<xuncha_store::Aspect>,
}

impl App {
    /// Every round (latest first) and every aspect, kept until the data changes.
    pub(crate) async fn lookups(&self) -> AppResult<std::sync::Arc<Lookups>> {
        self.lookups_cache
            .get(&self.store, || async {
                let mut h = self.store.read().await?;
                Ok(Lookups { rounds: h.conn().list_rounds().await?, aspects: h.conn().list_aspects().await? })
            })
            .await
    }
}
