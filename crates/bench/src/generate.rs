//! The province-scale generator: counties with their units, townships and villages, ten rounds
//! each over five years, inspections, problems, measures with people, deadlines, progress,
//! evidence and extensions, tips with their tippers, plans, and an audit chain over all of it.
//!
//! Every value comes from one seeded generator and a fixed "as of" date, so the same seed gives
//! the same database on every machine. Rows are written in bulk with ids chosen here, a county
//! per transaction, and the audit chain is hashed in the order the rows are made.

use std::time::Instant;
use xuncha_domain::action::Action;

use sha2::{Digest, Sha256};
use time::macros::date;
use time::{Date, Duration, OffsetDateTime};
use xuncha_domain::audit::{EventFields, event_hash};
use xuncha_store::{Cell, Store};
use xuncha_synth::{self as synth, Rng, vocab};

/// The day the generated ledgers are as of: deadlines, statuses and lights are drawn relative
/// to it. Serve or benchmark with `--today 2026-11-30` to see them as intended.
pub const AS_OF: Date = date!(2026 - 11 - 30);

const ROUNDS_PER_COUNTY: usize = 10;
const INSPECTIONS_PER_ROUND: usize = 50;
const TEAMS_PER_ROUND: usize = 3;
const UNITS_PER_COUNTY: usize = 16;
const TOWNSHIPS_PER_COUNTY: usize = 8;
const PEOPLE_PER_ORG: usize = 5;

#[derive(Debug, Clone)]
pub struct Options {
    pub counties: usize,
    pub seed: u64,
    /// The password of every generated account (the office account is `office`).
    pub password: String,
}

/// What was written, for the report.
#[derive(Debug, Default, Clone)]
pub struct Report {
    pub organisations: usize,
    pub users: usize,
    pub rounds: usize,
    pub inspections: usize,
    pub problems: usize,
    pub measures: usize,
    pub progress: usize,
    pub evidence: usize,
    pub tips: usize,
    pub events: usize,
    pub seconds: f64,
}

/// Fills an empty, migrated store. `tick` is called after each county.
pub async fn generate(store: &Store, o: &Options, tick: &dyn Fn()) -> Result<Report, String> {
    let started = Instant::now();
    if !store.read().await.map_err(err)?.conn().is_empty().await.map_err(err)? {
        return Err("数据库不是空的:生成器只向新建的空数据库写入数据".into());
    }
    let hash = xuncha_app::auth::hash_password(&o.password).map_err(|e| e.to_string())?;
    let mut g = Gen::new(o.seed, hash);
    let mut tx = store.begin().await.map_err(err)?;
    g.preamble(&mut tx).await?;
    tx.commit().await.map_err(err)?;
    for county in 0..o.counties {
        let mut tx = store.begin().await.map_err(err)?;
        g.county(county);
        g.flush(&mut tx).await?;
        tx.commit().await.map_err(err)?;
        tick();
    }
    let mut tx = store.begin().await.map_err(err)?;
    tx.conn().set_audit_head(g.seq, &g.head).await.map_err(err)?;
    tx.conn().reset_id_sequences().await.map_err(err)?;
    tx.commit().await.map_err(err)?;
    store.read().await.map_err(err)?.conn().analyze().await.map_err(err)?;
    g.report.seconds = started.elapsed().as_secs_f64();
    Ok(g.report)
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// A table's name, its columns, and the rows waiting for it.
type TableRows = (&'static str, &'static [&'static str], Vec<Vec<Cell>>);

/// Rows waiting to be written, per table, in an order that satisfies the foreign keys.
#[derive(Default)]
struct Batch {
    tables: Vec<TableRows>,
}

impl Batch {
    fn push(&mut self, table: &'static str, columns: &'static [&'static str], row: Vec<Cell>) {
        match self.tables.iter_mut().find(|(t, ..)| *t == table) {
            Some((.., rows)) => rows.push(row),
            None => self.tables.push((table, columns, vec![row])),
        }
    }
}

/// Next ids per table.
#[derive(Default)]
struct Ids {
    org: i64,
    user: i64,
    round: i64,
    team: i64,
    inspection: i64,
    problem: i64,
    measure: i64,
    progress: i64,
    evidence: i64,
    extension: i64,
    tip: i64,
    plan: i64,
    person: i64,
}

fn next(counter: &mut i64) -> i64 {
    *counter += 1;
    *counter
}

struct Gen {
    rng: Rng,
    password_hash: String,
    ids: Ids,
    batch: Batch,
    /// The audit chain: last sequence number and hash.
    seq: i64,
    head: String,
    office_user: i64,
    /// The county committee being generated (the jurisdiction of its inspections).
    committee: i64,
    aspects: Vec<i64>,
    /// Recent measure texts, the source of the copies one in fifty plans hand in again.
    recent_texts: Vec<String>,
    report: Report,
}

const ORG: &[&str] = &["id", "name", "kind", "parent_id", "is_sample", "created_at"];
const USER: &[&str] = &["id", "username", "display_name", "password_hash", "role", "org_id", "created_at"];
const PERSON: &[&str] = &["id", "org_id", "name", "post", "phone", "created_at"];
const ASPECT: &[&str] = &["id", "category", "name", "sort"];
const ROUND: &[&str] = &["id", "name", "start_date", "end_date", "created_at", "committee_id"];
const TEAM: &[&str] = &["id", "round_id", "name"];
const MEMBER: &[&str] = &["team_id", "user_id", "position"];
const INSPECTION: &[&str] = &[
    "id",
    "round_id",
    "team_id",
    "target_org_id",
    "kind",
    "entry_date",
    "exit_date",
    "tip_phone",
    "tip_window_start",
    "tip_window_end",
    "feedback_date",
    "feedback_bodies",
    "feedback_signed_for_by",
    "created_at",
    "committee_id",
];
const TIP: &[&str] =
    &["id", "inspection_id", "channel", "content", "received_on", "status", "forwarded_to", "reason", "created_at"];
const TIPPER: &[&str] = &["tip_id", "anonymous", "name", "contact"];
const PROBLEM: &[&str] = &[
    "id",
    "inspection_id",
    "number",
    "source",
    "aspect_id",
    "summary",
    "detail",
    "found_on",
    "status",
    "drafted_by",
    "deputy_signed_by",
    "leader_signed_by",
    "closed_at",
    "created_at",
];
const PLAN: &[&str] = &[
    "id",
    "inspection_id",
    "status",
    "submission_no",
    "secretary_signed_by",
    "submitted_at",
    "reviewed_by",
    "reviewed_at",
    "created_at",
];
const MEASURE: &[&str] = &[
    "id",
    "problem_id",
    "sort",
    "content",
    "responsible_person",
    "responsible_leader",
    "department",
    "deadline_kind",
    "deadline",
    "original_deadline",
    "milestone",
    "completion_standard",
    "status",
    "closed_by",
    "closed_at",
    "close_note",
    "created_at",
];
const PROGRESS: &[&str] = &["id", "measure_id", "content", "status", "reported_by", "reported_at"];
const EVIDENCE: &[&str] = &[
    "id",
    "measure_id",
    "file_name",
    "content_type",
    "size",
    "sha256",
    "data",
    "description",
    "document_date",
    "uploaded_by",
    "uploaded_at",
];
const EXTENSION: &[&str] = &[
    "id",
    "measure_id",
    "original_deadline",
    "requested_deadline",
    "reason",
    "status",
    "requested_by",
    "requested_at",
    "decided_by",
    "decided_at",
];
const EVENT: &[&str] =
    &["seq", "at", "actor_id", "action", "entity", "entity_id", "summary", "before", "after", "prev_hash", "hash"];

/// A moment on a day (office hours), as stored.
fn at(day: Date, hour: u8) -> OffsetDateTime {
    day.midnight().assume_utc() + Duration::hours(hour as i64)
}

/// The people of one organisation who can be named on its measures.
struct OrgPeople {
    id: i64,
    name: String,
    kind: &'static str,
    /// Secretary first.
    people: Vec<String>,
    liaison_user: i64,
}

impl Gen {
    fn new(seed: u64, password_hash: String) -> Self {
        Gen {
            rng: Rng::seeded(seed),
            password_hash,
            ids: Ids::default(),
            batch: Batch::default(),
            seq: 0,
            head: "0".repeat(64),
            office_user: 0,
            committee: 0,
            aspects: Vec::new(),
            recent_texts: Vec::new(),
            report: Report::default(),
        }
    }

    /// Appends an audit event to the chain (hashed now, written with the batch).
    fn event(&mut self, when: OffsetDateTime, actor: i64, action: Action, id: i64, summary: &str) {
        let (action, entity) = (action.code(), action.entity());
        self.seq += 1;
        let at = when.format(&time::format_description::well_known::Rfc3339).expect("formattable time");
        let after = format!("{{\"id\":{id}}}");
        let fields = EventFields {
            seq: self.seq,
            at: &at,
            actor_id: Some(actor),
            action,
            entity,
            entity_id: Some(id),
            summary,
            before: "{}",
            after: &after,
        };
        let hash = event_hash(&self.head, &fields);
        let prev = std::mem::replace(&mut self.head, hash.clone());
        self.batch.push(
            "audit_event",
            EVENT,
            vec![
                self.seq.into(),
                at.into(),
                Some(actor).into(),
                action.into(),
                entity.into(),
                Some(id).into(),
                summary.into(),
                "{}".into(),
                after.into(),
                prev.into(),
                hash.into(),
            ],
        );
        self.report.events += 1;
    }

    fn user(&mut self, username: String, display: String, role: &str, org: Option<i64>) -> i64 {
        let id = next(&mut self.ids.user);
        let created = at(date!(2021 - 12 - 01), 9);
        self.batch.push(
            "app_user",
            USER,
            vec![
                id.into(),
                username.into(),
                display.into(),
                self.password_hash.clone().into(),
                role.into(),
                org.into(),
                created.into(),
            ],
        );
        self.report.users += 1;
        id
    }

    fn org(&mut self, name: String, kind: &'static str, parent: Option<i64>) -> i64 {
        let id = next(&mut self.ids.org);
        let created = at(date!(2021 - 12 - 01), 9);
        self.batch.push(
            "organisation",
            ORG,
            vec![id.into(), name.clone().into(), kind.into(), parent.into(), false.into(), created.into()],
        );
        let actor = self.office_user;
        self.event(created, actor, Action::OrgCreate, id, &format!("新建组织:{name}"));
        self.report.organisations += 1;
        id
    }

    /// The province office's account and the aspect taxonomy.
    async fn preamble(&mut self, tx: &mut xuncha_store::Tx) -> Result<(), String> {
        self.office_user = self.user("office".into(), "省级巡察办".into(), "office", None);
        for (i, (category, name)) in xuncha_demo::ASPECTS.iter().enumerate() {
            let id = i as i64 + 1;
            self.batch.push("aspect", ASPECT, vec![id.into(), (*category).into(), (*name).into(), id.into()]);
            self.aspects.push(id);
        }
        self.flush(tx).await
    }

    async fn flush(&mut self, tx: &mut xuncha_store::Tx) -> Result<(), String> {
        for (table, columns, rows) in std::mem::take(&mut self.batch.tables) {
            tx.conn().insert_rows(table, columns, &rows).await.map_err(|e| format!("{table}: {e}"))?;
        }
        Ok(())
    }

    /// One county: its organisations and people, accounts, and ten rounds of inspections.
    fn county(&mut self, index: usize) {
        let county = synth::county_name(index);
        let committee = self.org(format!("中共{county}委"), "county_committee", None);
        self.committee = committee;
        let office_org = self.org(format!("{county}委巡察办"), "supervisory_body", Some(committee));
        let county_office = self.user(format!("office{index}"), format!("{county}巡察办"), "office", Some(office_org));
        let team_users: Vec<i64> = (0..TEAMS_PER_ROUND * 3)
            .map(|k| {
                let name = synth::person_name(&mut self.rng);
                self.user(format!("team{index}_{k}"), name, "team", None)
            })
            .collect();
        let mut targets: Vec<OrgPeople> = Vec::new();
        for unit in vocab::UNITS.iter().take(UNITS_PER_COUNTY) {
            let id = self.org(format!("{county}{unit}"), "county_unit", Some(committee));
            targets.push(self.people(id, format!("{county}{unit}"), "county_unit"));
        }
        let mut villages_left = 35usize;
        for t in 0..TOWNSHIPS_PER_COUNTY {
            let suffix = if t % 3 == 0 { "镇" } else { "乡" };
            let township = format!("{county}{}{suffix}", vocab::TOWNSHIPS[(index + t) % vocab::TOWNSHIPS.len()]);
            let tid = self.org(township.clone(), "township_committee", Some(committee));
            targets.push(self.people(tid, township.clone(), "township_committee"));
            let n = if t + 1 == TOWNSHIPS_PER_COUNTY { villages_left } else { 4 + self.rng.below(2) };
            villages_left -= n;
            let first = self.rng.below(vocab::VILLAGES.len());
            for v in 0..n {
                let village = format!("{township}{}村", vocab::VILLAGES[(first + v) % vocab::VILLAGES.len()]);
                let vid = self.org(village.clone(), "village_branch", Some(tid));
                targets.push(self.people(vid, village, "village_branch"));
            }
        }
        for round in 0..ROUNDS_PER_COUNTY {
            self.round(&county, county_office, &team_users, &targets, round);
        }
    }

    /// An organisation's roster (secretary first) and its liaison's account.
    fn people(&mut self, org: i64, name: String, kind: &'static str) -> OrgPeople {
        let created = at(date!(2021 - 12 - 01), 10);
        let mut people = Vec::new();
        while people.len() < PEOPLE_PER_ORG {
            let person = synth::person_name(&mut self.rng);
            if people.contains(&person) {
                continue;
            }
            let id = next(&mut self.ids.person);
            let phone = format!("139{:08}", self.rng.below(100_000_000));
            let post = vocab::POSTS[people.len() % vocab::POSTS.len()];
            self.batch.push(
                "person",
                PERSON,
                vec![id.into(), org.into(), person.clone().into(), post.into(), phone.into(), created.into()],
            );
            people.push(person);
        }
        let liaison_user = self.user(format!("liaison{org}"), people[1].clone(), "target_liaison", Some(org));
        OrgPeople { id: org, name, kind, people, liaison_user }
    }

    /// One round: three teams, fifty inspections, their tips, problems, plans and measures.
    fn round(&mut self, county: &str, office: i64, team_users: &[i64], targets: &[OrgPeople], k: usize) {
        let year = 2022 + (k / 2) as i32;
        let month = if k.is_multiple_of(2) { time::Month::March } else { time::Month::September };
        let start = Date::from_calendar_date(year, month, 1).expect("valid date");
        let end = start + Duration::days(45);
        let feedback = end + Duration::days(25 + self.rng.between(0, 10));
        let round_id = next(&mut self.ids.round);
        let name = format!("{county}{year}年第{}轮巡察", synth::ordinal(k % 2 + 1));
        let created = at(start - Duration::days(10), 9);
        self.batch.push(
            "round",
            ROUND,
            vec![round_id.into(), name.clone().into(), start.into(), end.into(), created.into(), self.committee.into()],
        );
        self.event(created, office, Action::RoundCreate, round_id, &format!("新建巡察轮次:{name}"));
        self.report.rounds += 1;
        let mut teams = Vec::new();
        for t in 0..TEAMS_PER_ROUND {
            let team_id = next(&mut self.ids.team);
            self.batch.push(
                "team",
                TEAM,
                vec![team_id.into(), round_id.into(), format!("第{}巡察组", synth::ordinal(t + 1)).into()],
            );
            for (m, position) in ["leader", "deputy", "member"].iter().enumerate() {
                let user = team_users[t * 3 + m];
                self.batch.push("team_member", MEMBER, vec![team_id.into(), user.into(), (*position).into()]);
            }
            teams.push((team_id, team_users[t * 3], team_users[t * 3 + 1], team_users[t * 3 + 2]));
        }
        // Fifty of the county's organisations, drawn without repeats.
        let mut order: Vec<usize> = (0..targets.len()).collect();
        for i in 0..INSPECTIONS_PER_ROUND.min(order.len()) {
            let j = i + self.rng.below(order.len() - i);
            order.swap(i, j);
        }
        for (n, &t) in order.iter().take(INSPECTIONS_PER_ROUND).enumerate() {
            let team = teams[n % teams.len()];
            self.inspection(round_id, team, &targets[t], (start, end, feedback), office);
        }
    }

    fn inspection(
        &mut self,
        round_id: i64,
        (team_id, leader, deputy, member): (i64, i64, i64, i64),
        target: &OrgPeople,
        (start, end, feedback): (Date, Date, Date),
        office: i64,
    ) {
        let id = next(&mut self.ids.inspection);
        let kind = if target.kind == "village_branch" { "village" } else { "regular" };
        let created = at(start - Duration::days(7), 9);
        self.batch.push(
            "inspection",
            INSPECTION,
            vec![
                id.into(),
                round_id.into(),
                team_id.into(),
                target.id.into(),
                kind.into(),
                start.into(),
                end.into(),
                format!("0352-{:07}", self.rng.below(10_000_000)).into(),
                Some(start).into(),
                Some(end).into(),
                Some(feedback).into(),
                "discipline,organisation".into(),
                target.people[0].clone().into(),
                created.into(),
                self.committee.into(),
            ],
        );
        self.event(created, office, Action::InspectionCreate, id, &format!("安排巡察:{}", target.name));
        self.report.inspections += 1;
        for _ in 0..4 {
            self.tip(id, target, start, member);
        }
        let plan_id = next(&mut self.ids.plan);
        let plan_due = xuncha_domain::deadline::add_months(feedback, 1);
        let recent = feedback > AS_OF - Duration::days(40);
        let plan_status = if recent && self.rng.chance(30) { "submitted" } else { "approved" };
        let submitted = at(plan_due - Duration::days(self.rng.between(1, 10)), 15);
        let reviewed = (plan_status == "approved").then(|| submitted + Duration::days(3));
        self.batch.push(
            "plan",
            PLAN,
            vec![
                plan_id.into(),
                id.into(),
                plan_status.into(),
                1i64.into(),
                Some(target.liaison_user).into(),
                Some(submitted).into(),
                reviewed.map(|_| office).into(),
                reviewed.into(),
                at(feedback, 16).into(),
            ],
        );
        self.event(at(feedback, 16), office, Action::PlanOpen, plan_id, "开启整改方案");
        for number in 1..=self.rng.between(4, 8) {
            self.problem(id, number, target, (end, feedback, plan_due), (leader, deputy, member));
        }
    }

    fn tip(&mut self, inspection: i64, target: &OrgPeople, start: Date, member: i64) {
        let id = next(&mut self.ids.tip);
        let channel = ["phone", "letter", "email", "visit", "post_box", "online"][self.rng.below(6)];
        let received = start + Duration::days(self.rng.between(0, 40));
        let (status, forwarded_to, reason) = match self.rng.below(20) {
            0..=9 => ("accepted", "", ""),
            10..=14 => ("forwarded", "县纪委监委信访室", ""),
            15..=17 => ("not_accepted", "", "反映内容不属于巡察受理范围"),
            _ => ("registered", "", ""),
        };
        let content = synth::tip_content(&mut self.rng, &target.name);
        let created = at(received, 11);
        self.batch.push(
            "tip",
            TIP,
            vec![
                id.into(),
                inspection.into(),
                channel.into(),
                content.into(),
                received.into(),
                status.into(),
                forwarded_to.into(),
                reason.into(),
                created.into(),
            ],
        );
        let anonymous = self.rng.chance(60);
        let (name, contact) = if anonymous {
            (String::new(), String::new())
        } else {
            (synth::person_name(&mut self.rng), format!("138{:08}", self.rng.below(100_000_000)))
        };
        self.batch.push("tip_tipper", TIPPER, vec![id.into(), anonymous.into(), name.into(), contact.into()]);
        // As the app does: that a tip came in, never who sent it or what it says.
        self.event(created, member, Action::TipRegister, id, "登记信访举报");
        self.report.tips += 1;
    }

    fn problem(
        &mut self,
        inspection: i64,
        number: i64,
        target: &OrgPeople,
        (end, feedback, plan_due): (Date, Date, Date),
        (leader, deputy, member): (i64, i64, i64),
    ) {
        let id = next(&mut self.ids.problem);
        let found = end - Duration::days(self.rng.between(1, 40));
        let source = ["talk", "documents", "site_visit", "tip", "audit", "other"][self.rng.below(6)];
        let aspect = self.aspects[self.rng.below(self.aspects.len())];
        let summary = synth::problem_summary(&mut self.rng);
        let detail = format!("经查,{}{}。", target.name, summary);
        let created = at(found, 10);
        let measures: Vec<MeasureDraft> =
            (0..self.rng.between(2, 5)).map(|sort| self.measure_draft(sort, feedback, plan_due)).collect();
        let closed_at = measures
            .iter()
            .all(|m| m.status == "closed")
            .then(|| measures.iter().filter_map(|m| m.closed_at).max().expect("closed measures have a closing time"));
        self.batch.push(
            "problem",
            PROBLEM,
            vec![
                id.into(),
                inspection.into(),
                number.into(),
                source.into(),
                Some(aspect).into(),
                summary.into(),
                detail.into(),
                found.into(),
                if closed_at.is_some() { "closed" } else { "fed_back" }.into(),
                Some(member).into(),
                Some(deputy).into(),
                Some(leader).into(),
                closed_at.into(),
                created.into(),
            ],
        );
        self.event(created, member, Action::ProblemDraft, id, &format!("起草问题底稿第{number}条"));
        self.report.problems += 1;
        for m in measures {
            self.measure(id, m, target, leader);
        }
    }

    /// Status, deadline and closing of a measure, drawn as real ledgers look: old rounds mostly
    /// closed, recent ones mostly open, a few overdue everywhere, one in sixteen extended.
    fn measure_draft(&mut self, sort: i64, feedback: Date, plan_due: Date) -> MeasureDraft {
        let kind = match self.rng.below(100) {
            0..=14 => "immediate",
            15..=84 => "dated",
            _ => "long_term",
        };
        let mut deadline = match kind {
            "immediate" if self.rng.chance(50) => None,
            "immediate" => Some(plan_due),
            _ => Some(feedback + Duration::days(self.rng.between(20, 240))),
        };
        let due = deadline.unwrap_or(plan_due);
        let odds = if due < AS_OF - Duration::days(60) {
            [88, 5, 4]
        } else if due < AS_OF {
            [60, 15, 15]
        } else {
            [10, 15, 35]
        };
        let roll = self.rng.below(100) as u64;
        let status = if roll < odds[0] {
            "closed"
        } else if roll < odds[0] + odds[1] {
            "done"
        } else if roll < odds[0] + odds[1] + odds[2] {
            "largely_done"
        } else {
            "not_done"
        };
        let mut original = None;
        if kind != "immediate" && self.rng.chance(6) {
            original = deadline;
            deadline = deadline.map(|d| d + Duration::days(self.rng.between(30, 90)));
        }
        let closed_at = (status == "closed").then(|| {
            let day = (due + Duration::days(self.rng.between(-30, 10))).min(AS_OF - Duration::days(1)).max(feedback);
            at(day, 17)
        });
        MeasureDraft {
            sort,
            kind,
            deadline,
            original,
            status,
            closed_at,
            created: at(feedback + Duration::days(5), 10),
        }
    }

    fn measure(&mut self, problem: i64, m: MeasureDraft, target: &OrgPeople, verifier: i64) {
        let id = next(&mut self.ids.measure);
        let content = if self.recent_texts.len() > 100 && self.rng.chance(2) {
            let source = self.recent_texts[self.rng.below(self.recent_texts.len())].clone();
            synth::copied_text(&mut self.rng, &source)
        } else {
            synth::measure_text(&mut self.rng)
        };
        if self.recent_texts.len() < 2_000 {
            self.recent_texts.push(content.clone());
        } else {
            let slot = self.rng.below(2_000);
            self.recent_texts[slot] = content.clone();
        }
        let person = target.people[1 + self.rng.below(target.people.len() - 1)].clone();
        let department = self.rng.pick(&vocab::DEPTS);
        let milestone = if m.kind == "long_term" {
            format!("{}前完成阶段目标", m.deadline.map(|d| d.to_string()).unwrap_or_default())
        } else {
            String::new()
        };
        let standard = self.rng.pick(&vocab::OUTCOMES);
        self.batch.push(
            "measure",
            MEASURE,
            vec![
                id.into(),
                problem.into(),
                m.sort.into(),
                content.into(),
                person.into(),
                target.people[0].clone().into(),
                department.into(),
                Cell::Text(Some(m.kind.into())),
                m.deadline.into(),
                m.original.into(),
                milestone.into(),
                standard.into(),
                m.status.into(),
                m.closed_at.map(|_| verifier).into(),
                m.closed_at.into(),
                if m.closed_at.is_some() { "经核验佐证材料,整改到位" } else { "" }.into(),
                m.created.into(),
            ],
        );
        self.event(m.created, target.liaison_user, Action::MeasureCreate, id, "新增整改措施");
        self.report.measures += 1;
        if let Some(original) = m.original {
            let ext = next(&mut self.ids.extension);
            let asked = at(original - Duration::days(5), 9);
            self.batch.push(
                "extension",
                EXTENSION,
                vec![
                    ext.into(),
                    id.into(),
                    Some(original).into(),
                    m.deadline.expect("extended measures have a deadline").into(),
                    "涉及资金清退需待年度结算后完成".into(),
                    "approved".into(),
                    target.liaison_user.into(),
                    asked.into(),
                    Some(verifier).into(),
                    Some(asked + Duration::days(2)).into(),
                ],
            );
        }
        if m.status != "not_done" {
            let pid = next(&mut self.ids.progress);
            let reported = m.closed_at.unwrap_or(m.created + Duration::days(30)).min(at(AS_OF, 9));
            let text = format!("已{}{},{}", self.rng.pick(&vocab::ACTIONS), self.rng.pick(&vocab::OBJECTS), standard);
            let status = if m.status == "closed" { "done" } else { m.status };
            self.batch.push(
                "progress",
                PROGRESS,
                vec![pid.into(), id.into(), text.into(), status.into(), target.liaison_user.into(), reported.into()],
            );
            self.report.progress += 1;
        }
        if matches!(m.status, "closed" | "done") {
            let eid = next(&mut self.ids.evidence);
            let data = format!("{}整改完成情况说明:{}。附件:{}。", target.name, standard, department).into_bytes();
            let uploaded = m.closed_at.unwrap_or(m.created + Duration::days(40)).min(at(AS_OF, 9)) - Duration::hours(3);
            self.batch.push(
                "evidence",
                EVIDENCE,
                vec![
                    eid.into(),
                    id.into(),
                    format!("整改佐证_{id}.txt").into(),
                    "text/plain".into(),
                    (data.len() as i64).into(),
                    hex::encode(Sha256::digest(&data)).into(),
                    Cell::Bytes(data),
                    "整改完成情况说明".into(),
                    Some(uploaded.date()).into(),
                    target.liaison_user.into(),
                    uploaded.into(),
                ],
            );
            self.report.evidence += 1;
        }
        if let Some(closed) = m.closed_at {
            self.event(closed, verifier, Action::MeasureClose, id, "核验佐证材料后销号");
        }
    }
}

struct MeasureDraft {
    sort: i64,
    kind: &'static str,
    deadline: Option<Date>,
    original: Option<Date>,
    status: &'static str,
    closed_at: Option<OffsetDateTime>,
    created: OffsetDateTime,
}
