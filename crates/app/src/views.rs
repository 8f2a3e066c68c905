//! What the API and the pages show of a stored record: one struct per record, separate from the
//! row. A column added to a table reaches no client until it is added here, and each view is
//! described in the API document by the same derive that serialises it.
//!
//! `view!` declares the struct and its `From<row>`: the fields listed are copied by name, the
//! rest of the row (hashes, jurisdiction ids) stays inside.

use schemars::JsonSchema;
use serde::Serialize;
use time::{Date, OffsetDateTime};
use xuncha_domain::access::Scope;
use xuncha_domain::deadline::Light;
use xuncha_domain::disclosure::{DisclosureStatus, WithholdGround};
use xuncha_domain::id::*;
use xuncha_domain::inspection::{Body, InspectionKind};
use xuncha_domain::measure::{DeadlineKind, ExtensionStatus, MeasureFields, MeasureStatus};
use xuncha_domain::org::OrgKind;
use xuncha_domain::plan::PlanStatus;
use xuncha_domain::problem::{ProblemSource, ProblemStatus};
use xuncha_domain::role::{Role, TeamPosition};
use xuncha_domain::schema::{DateText, InstantText};
use xuncha_domain::tip::{TipChannel, TipStatus};
use xuncha_domain::transfer::{OutcomeKind, TransferKind};
/// How a feedback's joint bodies travel (see [`InspectionRecord::feedback_bodies`]).
pub use xuncha_store::JointBodies;
use xuncha_store::date_fmt;

macro_rules! view {
    ($(#[$m:meta])* $name:ident from $row:path {
        $($(#[$fm:meta])* $field:ident : $ty:ty),+ $(,)?
    } $(kept { $($(#[$km:meta])* $kept:ident : $kty:ty = $derive:path),+ $(,)? })?) => {
        $(#[$m])*
        #[derive(Debug, Clone, Serialize, JsonSchema)]
        pub struct $name {
            $($(#[$fm])* pub $field: $ty,)+
            $($($(#[$km])* #[serde(skip)] pub $kept: $kty,)+)?
        }

        impl From<$row> for $name {
            fn from(row: $row) -> Self {
                // Kept fields are derived from the whole row before its fields move out.
                $($(let $kept: $kty = $derive(&row);)+)?
                $name { $($field: row.$field,)+ $($($kept,)+)? }
            }
        }
    };
}

view! {
    /// 党组织 (an organisation).
    OrganisationRecord from xuncha_store::Organisation {
        id: OrgId, name: String, kind: OrgKind, parent_id: Option<OrgId>, is_sample: bool,
    }
}

view! {
    /// Someone on an organisation's roster.
    PersonRecord from xuncha_store::Person {
        id: PersonId, org_id: OrgId, org_name: String, name: String, post: String, phone: String,
    }
}

view! {
    /// An account, without its password hash.
    UserRecord from xuncha_store::User {
        id: UserId, username: String, display_name: String, role: Role, org_id: Option<OrgId>,
        body: Option<Body>,
        active: bool, version: i64,
        /// 职务, as the holder signs.
        post: String,
        /// Signed in with an initial password not yet changed: may do nothing else until then.
        must_change_password: bool,
    }
}

impl UserRecord {
    /// What the account is, as the pages name it: a supervisor by its body (县纪委监委,
    /// 县委组织部) rather than "监督单位".
    pub fn role_label(&self) -> &'static str {
        match (self.role, self.body) {
            (Role::Supervisor, Some(body)) => body.label(),
            (role, _) => role.label(),
        }
    }
}

view! {
    /// 问题方面 under a 问题类别.
    AspectRecord from xuncha_store::Aspect {
        id: AspectId, category: String, name: String, sort: i64,
    }
}

view! {
    /// 巡察轮次.
    RoundRecord from xuncha_store::Round {
        id: RoundId, name: String,
        #[serde(with = "date_fmt")] #[schemars(with = "DateText")]
        start_date: Date,
        #[serde(with = "date_fmt")] #[schemars(with = "DateText")]
        end_date: Date,
        version: i64,
    }
}

view! {
    /// 巡察组.
    TeamRecord from xuncha_store::Team {
        id: TeamId, round_id: RoundId, name: String,
    }
}

view! {
    /// A member of a 巡察组 and their post in it.
    TeamMemberRecord from xuncha_store::TeamMember {
        team_id: TeamId, user_id: UserId, display_name: String, position: TeamPosition,
    }
}

view! {
    /// One inspection of one organisation by one team.
    InspectionRecord from xuncha_store::Inspection {
        id: InspectionId, round_id: RoundId, team_id: TeamId, target_org_id: OrgId, target_name: String, team_name: String,
        kind: InspectionKind,
        #[serde(with = "date_fmt")] #[schemars(with = "DateText")]
        entry_date: Date,
        #[serde(with = "date_fmt")] #[schemars(with = "DateText")]
        exit_date: Date,
        announcement: String, tip_phone: String, tip_email: String, tip_post_box: String, tip_address: String,
        #[serde(with = "date_fmt::option")] #[schemars(with = "Option<DateText>")]
        tip_window_start: Option<Date>,
        #[serde(with = "date_fmt::option")] #[schemars(with = "Option<DateText>")]
        tip_window_end: Option<Date>,
        #[serde(with = "date_fmt::option")] #[schemars(with = "Option<DateText>")]
        feedback_date: Option<Date>,
        /// Comma-separated codes of the bodies that joined the feedback.
        #[schemars(with = "String")]
        feedback_bodies: JointBodies,
        feedback_signed_for_by: String, feedback_notes: String, version: i64,
    } kept {
        /// Who may do what inside the inspection: for the pages to offer only what the rules
        /// allow (the use cases check again). Never sent: it holds the jurisdiction.
        scope: Scope = xuncha_store::Inspection::scope,
    }
}

impl InspectionRecord {
    /// The bodies that joined the feedback beside the inspection office.
    pub fn joint_bodies(&self) -> Vec<Body> {
        self.scope.joint_bodies.clone()
    }
}

view! {
    /// A tip as its readers see it; the tipper is never part of it.
    TipRecord from xuncha_store::Tip {
        id: TipId, inspection_id: InspectionId, channel: TipChannel, content: String,
        #[serde(with = "date_fmt")] #[schemars(with = "DateText")]
        received_on: Date,
        status: TipStatus, forwarded_to: String, reason: String, reply: String, version: i64,
    }
}

view! {
    /// Who sent a tip: shown only when unsealed, and the unsealing is recorded.
    TipperRecord from xuncha_store::Tipper {
        tip_id: TipId, anonymous: bool, name: String, contact: String,
    }
}

view! {
    /// A work paper as its drafters and reviewers see it (the inspecting side only).
    PaperRecord from xuncha_store::Problem {
        id: ProblemId, inspection_id: InspectionId, number: i64, source: ProblemSource, aspect_id: Option<AspectId>,
        summary: String, detail: String, evidence_list: String,
        #[serde(with = "date_fmt")] #[schemars(with = "DateText")]
        found_on: Date,
        status: ProblemStatus, drafted_by: Option<UserId>, deputy_signed_by: Option<UserId>, leader_signed_by: Option<UserId>,
        rebound_of: Option<ProblemId>, version: i64,
        #[serde(with = "time::serde::rfc3339")] #[schemars(with = "InstantText")]
        created_at: OffsetDateTime,
        #[serde(with = "time::serde::rfc3339::option")] #[schemars(with = "Option<InstantText>")]
        deputy_signed_at: Option<OffsetDateTime>,
        #[serde(with = "time::serde::rfc3339::option")] #[schemars(with = "Option<InstantText>")]
        leader_signed_at: Option<OffsetDateTime>,
        /// Why the paper was last returned (empty: never, or signed since).
        return_comment: String,
        returned_by: Option<UserId>,
        #[serde(with = "time::serde::rfc3339::option")] #[schemars(with = "Option<InstantText>")]
        returned_at: Option<OffsetDateTime>,
    }
}

view! {
    /// 移交 of a clue or problem to the discipline commission or organisation department.
    TransferRecord from xuncha_store::Transfer {
        id: TransferId, inspection_id: InspectionId, problem_id: Option<ProblemId>, kind: TransferKind, body: Body,
        body_name: String, content: String,
        #[serde(with = "date_fmt")] #[schemars(with = "DateText")]
        transferred_on: Date,
        #[serde(with = "date_fmt")] #[schemars(with = "DateText")]
        due_date: Date,
        outcome_kind: Option<OutcomeKind>,
        outcome: String,
        #[serde(with = "date_fmt::option")] #[schemars(with = "Option<DateText>")]
        outcome_on: Option<Date>,
        version: i64,
    }
}

view! {
    /// 整改方案: its state and who signed and reviewed it.
    PlanRecord from xuncha_store::Plan {
        id: PlanId, inspection_id: InspectionId, status: PlanStatus, submission_no: i64, comments: String,
        secretary_signed_by: Option<UserId>,
        #[serde(with = "time::serde::rfc3339::option")] #[schemars(with = "Option<InstantText>")]
        submitted_at: Option<OffsetDateTime>,
        reviewed_by: Option<UserId>, version: i64,
    }
}

view! {
    /// 整改措施 with its deadline light (computed on the one clock).
    MeasureRecord from xuncha_store::Measure {
        id: MeasureId, problem_id: ProblemId, sort: i64, content: String,
        responsible_person: String, responsible_leader: String, department: String,
        deadline_kind: Option<DeadlineKind>,
        #[serde(with = "date_fmt::option")] #[schemars(with = "Option<DateText>")]
        deadline: Option<Date>,
        #[serde(with = "date_fmt::option")] #[schemars(with = "Option<DateText>")]
        original_deadline: Option<Date>,
        milestone: String, completion_standard: String, status: MeasureStatus,
        closed_by: Option<UserId>,
        #[serde(with = "time::serde::rfc3339::option")] #[schemars(with = "Option<InstantText>")]
        closed_at: Option<OffsetDateTime>,
        close_note: String,
        /// Since when its deadline clock stands still (督办: waiting on someone else); while
        /// paused it is lit by no light and counted overdue nowhere.
        #[serde(with = "date_fmt::option")] #[schemars(with = "Option<DateText>")]
        paused_since: Option<Date>,
        version: i64,
        /// 红灯/黄灯/绿灯 against today; absent for measures without a dated deadline.
        light: Option<Light>,
    }
}

impl MeasureRecord {
    /// The fields plan completeness and the documents look at.
    pub fn fields(&self) -> MeasureFields {
        MeasureFields {
            content: self.content.clone(),
            responsible_person: self.responsible_person.clone(),
            responsible_leader: self.responsible_leader.clone(),
            department: self.department.clone(),
            deadline_kind: self.deadline_kind,
            deadline: self.deadline,
            milestone: self.milestone.clone(),
            completion_standard: self.completion_standard.clone(),
        }
    }
}

view! {
    /// One progress report on a measure.
    ProgressRecord from xuncha_store::Progress {
        id: ProgressId, measure_id: MeasureId, content: String, status: MeasureStatus, reported_by: UserId,
        #[serde(with = "time::serde::rfc3339")] #[schemars(with = "InstantText")]
        reported_at: OffsetDateTime,
    }
}

view! {
    /// Evidence metadata; the file itself is fetched on its own.
    EvidenceRecord from xuncha_store::Evidence {
        id: EvidenceId, measure_id: MeasureId, file_name: String, content_type: String, size: i64, sha256: String,
        description: String,
        #[serde(with = "date_fmt::option")] #[schemars(with = "Option<DateText>")]
        document_date: Option<Date>,
        uploaded_by: UserId,
        #[serde(with = "time::serde::rfc3339")] #[schemars(with = "InstantText")]
        uploaded_at: OffsetDateTime,
    }
}

view! {
    /// 延期申请 and its decision.
    ExtensionRecord from xuncha_store::Extension {
        id: ExtensionId, measure_id: MeasureId,
        #[serde(with = "date_fmt::option")] #[schemars(with = "Option<DateText>")]
        original_deadline: Option<Date>,
        #[serde(with = "date_fmt")] #[schemars(with = "DateText")]
        requested_deadline: Date,
        reason: String, status: ExtensionStatus, requested_by: UserId, decided_by: Option<UserId>,
        decision_note: String, version: i64,
    }
}

view! {
    /// A pause of a measure's deadline clock (督办: waiting on someone else) and its resumption.
    ClockPauseRecord from xuncha_store::ClockPause {
        id: ClockPauseId, measure_id: MeasureId,
        #[serde(with = "date_fmt")] #[schemars(with = "DateText")]
        paused_on: Date,
        reason: String, paused_by: UserId,
        #[serde(with = "time::serde::rfc3339")] #[schemars(with = "InstantText")]
        paused_at: OffsetDateTime,
        #[serde(with = "date_fmt::option")] #[schemars(with = "Option<DateText>")]
        resumed_on: Option<Date>,
        resume_note: String, resumed_by: Option<UserId>,
        #[serde(with = "time::serde::rfc3339::option")] #[schemars(with = "Option<InstantText>")]
        resumed_at: Option<OffsetDateTime>,
        #[serde(with = "date_fmt::option")] #[schemars(with = "Option<DateText>")]
        deadline_before: Option<Date>,
        #[serde(with = "date_fmt::option")] #[schemars(with = "Option<DateText>")]
        deadline_after: Option<Date>,
    }
}

view! {
    /// 整改进展情况公开稿 and its decision.
    DisclosureRecord from xuncha_store::Disclosure {
        id: DisclosureId, inspection_id: InspectionId, title: String, public_text: String,
        /// The internal notice; never served on the public side.
        internal_text: String,
        status: DisclosureStatus,
        withhold_ground: Option<WithholdGround>,
        withhold_note: String, done: i64, largely_done: i64, not_done: i64, drafted_by: UserId,
        decided_by: Option<UserId>,
        #[serde(with = "date_fmt::option")] #[schemars(with = "Option<DateText>")]
        published_on: Option<Date>,
        version: i64,
    }
}

view! {
    /// What the public side shows of a published disclosure: no internal text, no people.
    PublicDisclosureRecord from xuncha_store::PublicDisclosure {
        id: DisclosureId, committee_name: String, target_name: String, title: String, public_text: String,
        done: i64, largely_done: i64, not_done: i64,
        #[serde(with = "date_fmt")] #[schemars(with = "DateText")]
        published_on: Date,
    }
}

view! {
    /// An inspection's public announcement while its tip window is open.
    PublicAnnouncementRecord from xuncha_store::PublicAnnouncement {
        inspection_id: InspectionId, committee_name: String, target_name: String, team_name: String, announcement: String,
        tip_phone: String, tip_email: String, tip_post_box: String, tip_address: String,
        #[serde(with = "date_fmt")] #[schemars(with = "DateText")]
        tip_window_start: Date,
        #[serde(with = "date_fmt")] #[schemars(with = "DateText")]
        tip_window_end: Date,
    }
}

view! {
    /// One submission of a plan: what was submitted, and the review it got.
    SubmissionRecord from xuncha_store::PlanSubmission {
        id: SubmissionId, plan_id: PlanId, submission_no: i64,
        /// The measures as submitted (JSON text).
        snapshot: String,
        submitted_by: UserId,
        #[serde(with = "time::serde::rfc3339")] #[schemars(with = "InstantText")]
        submitted_at: OffsetDateTime,
        decision: Option<PlanStatus>,
        comments: String,
        /// Per-problem comments (JSON text: a list of `{problem_id, comment}`).
        problem_comments: String,
        reviewed_by: Option<UserId>,
    }
}

/// A measure with where it sits, for round-wide lists.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RoundMeasureRecord {
    #[serde(flatten)]
    pub measure: MeasureRecord,
    pub inspection_id: InspectionId,
    pub problem_number: i64,
}

impl From<xuncha_store::RoundMeasure> for RoundMeasureRecord {
    fn from(r: xuncha_store::RoundMeasure) -> Self {
        RoundMeasureRecord {
            measure: r.measure.into(),
            inspection_id: r.inspection_id,
            problem_number: r.problem_number,
        }
    }
}

/// A ledger line: the measure, its problem, and the date it is judged by.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct LedgerLineRecord {
    #[serde(flatten)]
    pub measure: MeasureRecord,
    pub inspection_id: InspectionId,
    pub problem_number: i64,
    pub problem_summary: String,
    pub aspect_id: Option<AspectId>,
    /// The date the line is judged and sorted by (far in the future when there is none).
    #[serde(with = "date_fmt")]
    #[schemars(with = "DateText")]
    pub due_key: Date,
}

impl From<xuncha_store::LedgerLine> for LedgerLineRecord {
    fn from(l: xuncha_store::LedgerLine) -> Self {
        LedgerLineRecord {
            measure: l.measure.into(),
            inspection_id: l.inspection_id,
            problem_number: l.problem_number,
            problem_summary: l.problem_summary,
            aspect_id: l.aspect_id,
            due_key: l.due_key,
        }
    }
}

/// A calendar day that travels as "2023-09-30" (for days inside lists and pairs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
pub struct Day(
    #[serde(with = "date_fmt")]
    #[schemars(with = "DateText")]
    pub Date,
);

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Converts a list of rows to their views.
pub fn all<R, V: From<R>>(rows: Vec<R>) -> Vec<V> {
    rows.into_iter().map(V::from).collect()
}

/// The first `n` characters of a text (not bytes: any Unicode is cut between characters), with
/// "…" when there was more: a gist for a table cell or a one-line reminder.
pub fn first_chars(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().nth(n).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_view_never_carries_the_password_hash() {
        let schema = schemars::schema_for!(UserRecord).to_value();
        let props = schema["properties"].as_object().unwrap();
        assert!(!props.contains_key("password_hash"));
        assert!(props.contains_key("post"));
    }

    #[test]
    fn an_inspection_view_keeps_the_jurisdiction_inside() {
        let schema = schemars::schema_for!(InspectionRecord).to_value();
        assert!(!schema["properties"].as_object().unwrap().contains_key("committee_id"));
    }
}
