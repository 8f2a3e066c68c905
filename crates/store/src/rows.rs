//! Records as stored. Coded enums are parsed on the way out (`try_from = "String"`, or
//! `try_from = "StoredCode"` for an optional one), so a row that holds an unknown code is an
//! error, never a silent default.

use serde::Serialize;
use time::{Date, OffsetDateTime};
use xuncha_domain::assessment::Grade;
use xuncha_domain::deadline::Light;
use xuncha_domain::escalation::{EscalationStep, RedItem};
use xuncha_domain::id::*;
use xuncha_domain::inspection::{Body, InspectionKind};
use xuncha_domain::measure::{DeadlineKind, ExtensionStatus, MeasureFields, MeasureStatus};
use xuncha_domain::org::OrgKind;
use xuncha_domain::plan::PlanStatus;
use xuncha_domain::pool::AccountLink;
use xuncha_domain::problem::{ProblemSource, ProblemStatus};
use xuncha_domain::recheck::RecheckVerdict;
use xuncha_domain::role::{Role, TeamPosition};
use xuncha_domain::tip::{TipChannel, TipStatus};
use xuncha_domain::transfer::{OutcomeKind, TransferKind};

time::serde::format_description!(pub date_fmt, Date, "[year]-[month]-[day]");

/// An optional code column as read: text or NULL. The field's `try_from` parses it into its
/// enum, so an unknown code fails the read rather than reading as "none".
pub struct StoredCode(Option<String>);

impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for StoredCode
where
    Option<String>: sqlx::Decode<'r, DB>,
{
    fn decode(value: <DB as sqlx::Database>::ValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        Ok(StoredCode(<Option<String> as sqlx::Decode<'r, DB>>::decode(value)?))
    }
}

impl<DB: sqlx::Database> sqlx::Type<DB> for StoredCode
where
    String: sqlx::Type<DB>,
{
    fn type_info() -> DB::TypeInfo {
        <String as sqlx::Type<DB>>::type_info()
    }
    fn compatible(ty: &DB::TypeInfo) -> bool {
        <String as sqlx::Type<DB>>::compatible(ty)
    }
}

impl<E: TryFrom<String, Error = xuncha_domain::RuleError>> TryFrom<StoredCode> for Option<E> {
    type Error = xuncha_domain::RuleError;
    fn try_from(code: StoredCode) -> Result<Self, Self::Error> {
        code.0.map(E::try_from).transpose()
    }
}

/// The bodies that joined a feedback beside the inspection office, stored as their codes
/// separated by commas ("discipline,organisation") and sent so. A stored code that is none of
/// them fails the read: never silently dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JointBodies(Vec<Body>);

impl JointBodies {
    pub fn of(bodies: &[Body]) -> Self {
        JointBodies(bodies.to_vec())
    }
    pub fn bodies(&self) -> &[Body] {
        &self.0
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The stored form.
    pub fn codes(&self) -> String {
        self.0.iter().map(|b| b.code()).collect::<Vec<_>>().join(",")
    }
}

impl TryFrom<String> for JointBodies {
    type Error = xuncha_domain::RuleError;
    fn try_from(codes: String) -> Result<Self, Self::Error> {
        let codes = codes.split(',').map(str::trim).filter(|c| !c.is_empty());
        codes.map(|c| Body::parse("feedback_bodies", c)).collect::<Result<_, _>>().map(JointBodies)
    }
}

impl Serialize for JointBodies {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.codes())
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Organisation {
    pub id: OrgId,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub kind: OrgKind,
    pub parent_id: Option<OrgId>,
    pub is_sample: bool,
}

/// Someone on an organisation's roster (not necessarily an account).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Person {
    pub id: PersonId,
    pub org_id: OrgId,
    pub org_name: String,
    pub name: String,
    pub post: String,
    pub phone: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct User {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    #[serde(skip)]
    pub password_hash: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub org_id: Option<OrgId>,
    #[sqlx(try_from = "StoredCode")]
    pub body: Option<Body>,
    pub active: bool,
    pub version: i64,
    /// 职务, as the holder signs: "县委巡察办综合科科长".
    pub post: String,
    /// Opened with an initial password not yet changed (migration 0015).
    pub must_change_password: bool,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Aspect {
    pub id: AspectId,
    pub category: String,
    pub name: String,
    pub sort: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Round {
    pub id: RoundId,
    pub name: String,
    #[serde(with = "date_fmt")]
    pub start_date: Date,
    #[serde(with = "date_fmt")]
    pub end_date: Date,
    pub version: i64,
    /// The county committee whose office plans the round (migration 0012).
    pub committee_id: Option<OrgId>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Team {
    pub id: TeamId,
    pub round_id: RoundId,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct TeamMember {
    pub team_id: TeamId,
    pub user_id: UserId,
    pub display_name: String,
    #[sqlx(try_from = "String")]
    pub position: TeamPosition,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Inspection {
    pub id: InspectionId,
    pub round_id: RoundId,
    pub team_id: TeamId,
    pub target_org_id: OrgId,
    pub target_name: String,
    pub team_name: String,
    #[sqlx(try_from = "String")]
    pub kind: InspectionKind,
    #[serde(with = "date_fmt")]
    pub entry_date: Date,
    #[serde(with = "date_fmt")]
    pub exit_date: Date,
    pub announcement: String,
    pub tip_phone: String,
    pub tip_email: String,
    pub tip_post_box: String,
    pub tip_address: String,
    #[serde(with = "date_fmt::option")]
    pub tip_window_start: Option<Date>,
    #[serde(with = "date_fmt::option")]
    pub tip_window_end: Option<Date>,
    #[serde(with = "date_fmt::option")]
    pub feedback_date: Option<Date>,
    /// The bodies that joined the feedback (stored as comma-separated codes).
    #[sqlx(try_from = "String")]
    pub feedback_bodies: JointBodies,
    pub feedback_signed_for_by: String,
    pub feedback_notes: String,
    pub version: i64,
    /// The county committee whose jurisdiction the target lies in (migration 0011).
    #[serde(skip_serializing)]
    pub committee_id: Option<OrgId>,
}

impl Inspection {
    pub fn joint_bodies(&self) -> Vec<Body> {
        self.feedback_bodies.bodies().to_vec()
    }
    pub fn tip_window(&self) -> Option<(Date, Date)> {
        self.tip_window_start.zip(self.tip_window_end)
    }
    /// The access scope of everything inside this inspection.
    pub fn scope(&self) -> xuncha_domain::access::Scope {
        xuncha_domain::access::Scope {
            team_id: self.team_id,
            target_org_id: self.target_org_id,
            fed_back: self.feedback_date.is_some(),
            joint_bodies: self.joint_bodies(),
            committee_id: self.committee_id,
        }
    }
}

/// A tip without its tipper: the identity is in `tip_tipper` and only [`Tipper`] carries it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Tip {
    pub id: TipId,
    pub inspection_id: InspectionId,
    #[sqlx(try_from = "String")]
    pub channel: TipChannel,
    pub content: String,
    #[serde(with = "date_fmt")]
    pub received_on: Date,
    #[sqlx(try_from = "String")]
    pub status: TipStatus,
    pub forwarded_to: String,
    pub reason: String,
    pub reply: String,
    pub version: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Tipper {
    pub tip_id: TipId,
    pub anonymous: bool,
    pub name: String,
    pub contact: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Problem {
    pub id: ProblemId,
    pub inspection_id: InspectionId,
    pub number: i64,
    #[sqlx(try_from = "String")]
    pub source: ProblemSource,
    pub aspect_id: Option<AspectId>,
    pub summary: String,
    pub detail: String,
    pub evidence_list: String,
    #[serde(with = "date_fmt")]
    pub found_on: Date,
    #[sqlx(try_from = "String")]
    pub status: ProblemStatus,
    pub drafted_by: Option<UserId>,
    pub deputy_signed_by: Option<UserId>,
    pub leader_signed_by: Option<UserId>,
    pub rebound_of: Option<ProblemId>,
    pub version: i64,
    /// When the paper was drafted (or imported).
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub deputy_signed_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub leader_signed_at: Option<OffsetDateTime>,
    /// Why the paper was last returned to its drafter (empty: never, or signed since).
    pub return_comment: String,
    pub returned_by: Option<UserId>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub returned_at: Option<OffsetDateTime>,
    /// The typical problem of the 问题库 a person chose for it (None: as the library classifies
    /// its text), who chose it and when.
    pub typical_code: Option<String>,
    pub typical_by: Option<UserId>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub typical_at: Option<OffsetDateTime>,
}

/// An edition of a county's 问题库, as imported (its file kept whole).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct LibraryEdition {
    pub id: i64,
    pub committee_id: Option<OrgId>,
    /// "typical" (问题库) or "concepts" (概念词表).
    pub kind: String,
    pub number: i64,
    pub note: String,
    pub source: String,
    /// Typical problems or concepts.
    pub entry_count: i64,
    pub imported_by: Option<UserId>,
    #[serde(with = "time::serde::rfc3339")]
    pub imported_at: OffsetDateTime,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Transfer {
    pub id: TransferId,
    pub inspection_id: InspectionId,
    pub problem_id: Option<ProblemId>,
    #[sqlx(try_from = "String")]
    pub kind: TransferKind,
    #[sqlx(try_from = "String")]
    pub body: Body,
    pub body_name: String,
    pub content: String,
    #[serde(with = "date_fmt")]
    pub transferred_on: Date,
    #[serde(with = "date_fmt")]
    pub due_date: Date,
    #[sqlx(try_from = "StoredCode")]
    pub outcome_kind: Option<OutcomeKind>,
    pub outcome: String,
    #[serde(with = "date_fmt::option")]
    pub outcome_on: Option<Date>,
    pub version: i64,
}

/// A receiving body's interim report on a transfer, before its outcome.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct TransferUpdate {
    pub id: i64,
    pub transfer_id: TransferId,
    #[sqlx(try_from = "StoredCode")]
    pub outcome_kind: Option<OutcomeKind>,
    pub note: String,
    #[serde(with = "date_fmt")]
    pub reported_on: Date,
    #[serde(with = "date_fmt")]
    pub previous_due: Date,
    #[serde(with = "date_fmt")]
    pub next_due: Date,
    pub recorded_by: UserId,
    #[serde(with = "time::serde::rfc3339")]
    pub recorded_at: OffsetDateTime,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Plan {
    pub id: PlanId,
    pub inspection_id: InspectionId,
    #[sqlx(try_from = "String")]
    pub status: PlanStatus,
    pub submission_no: i64,
    pub comments: String,
    pub secretary_signed_by: Option<UserId>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub submitted_at: Option<OffsetDateTime>,
    pub reviewed_by: Option<UserId>,
    pub version: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PlanSubmission {
    pub id: SubmissionId,
    pub plan_id: PlanId,
    pub submission_no: i64,
    /// The measures as submitted (JSON).
    pub snapshot: String,
    pub submitted_by: UserId,
    #[serde(with = "time::serde::rfc3339")]
    pub submitted_at: OffsetDateTime,
    #[sqlx(try_from = "StoredCode")]
    pub decision: Option<PlanStatus>,
    pub comments: String,
    /// Per-problem comments (JSON list of `{problem_id, comment}`).
    pub problem_comments: String,
    pub reviewed_by: Option<UserId>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Measure {
    pub id: MeasureId,
    pub problem_id: ProblemId,
    pub sort: i64,
    pub content: String,
    pub responsible_person: String,
    pub responsible_leader: String,
    pub department: String,
    #[sqlx(try_from = "StoredCode")]
    pub deadline_kind: Option<DeadlineKind>,
    #[serde(with = "date_fmt::option")]
    pub deadline: Option<Date>,
    #[serde(with = "date_fmt::option")]
    pub original_deadline: Option<Date>,
    pub milestone: String,
    pub completion_standard: String,
    #[sqlx(try_from = "String")]
    pub status: MeasureStatus,
    pub closed_by: Option<UserId>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub closed_at: Option<OffsetDateTime>,
    pub close_note: String,
    /// Since when the deadline clock stands still (none: it runs).
    #[serde(with = "date_fmt::option")]
    pub paused_since: Option<Date>,
    pub version: i64,
    /// Filled in by the application from the deadline policy and today's date.
    #[sqlx(skip)]
    pub light: Option<Light>,
}

impl Measure {
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

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Progress {
    pub id: ProgressId,
    pub measure_id: MeasureId,
    pub content: String,
    #[sqlx(try_from = "String")]
    pub status: MeasureStatus,
    pub reported_by: UserId,
    #[serde(with = "time::serde::rfc3339")]
    pub reported_at: OffsetDateTime,
}

/// Evidence metadata; the bytes are fetched on their own.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Evidence {
    pub id: EvidenceId,
    pub measure_id: MeasureId,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub description: String,
    #[serde(with = "date_fmt::option")]
    pub document_date: Option<Date>,
    pub uploaded_by: UserId,
    #[serde(with = "time::serde::rfc3339")]
    pub uploaded_at: OffsetDateTime,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Extension {
    pub id: ExtensionId,
    pub measure_id: MeasureId,
    #[serde(with = "date_fmt::option")]
    pub original_deadline: Option<Date>,
    #[serde(with = "date_fmt")]
    pub requested_deadline: Date,
    pub reason: String,
    #[sqlx(try_from = "String")]
    pub status: ExtensionStatus,
    pub requested_by: UserId,
    pub decided_by: Option<UserId>,
    pub decision_note: String,
    pub version: i64,
}

/// A step of the 督办 ladder taken on an inspection.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Escalation {
    pub id: EscalationId,
    pub inspection_id: InspectionId,
    #[sqlx(try_from = "String")]
    pub step: EscalationStep,
    pub reason: String,
    #[serde(with = "date_fmt::option")]
    pub reply_by: Option<Date>,
    /// The red items as they stood (JSON list of `RedItem`), read by `Escalation::items`.
    pub items: String,
    pub letter_number: String,
    pub batch_id: Option<EscalationId>,
    pub transfer_id: Option<TransferId>,
    pub decided_by: UserId,
    #[serde(with = "time::serde::rfc3339")]
    pub decided_at: OffsetDateTime,
    /// An interview's time, China local "YYYY-MM-DD HH:MM"; "" when it follows separately.
    pub interview_at: String,
    pub interview_place: String,
}

impl Escalation {
    /// The red items the step was taken over; a stored list that does not read is an error.
    pub fn red_items(&self) -> Result<Vec<RedItem>, serde_json::Error> {
        serde_json::from_str(&self.items)
    }
}

/// An organisation's rectification scored.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Assessment {
    pub id: AssessmentId,
    pub inspection_id: InspectionId,
    /// The items as scored (JSON list of `ItemScore`).
    pub scores: String,
    pub total: f64,
    #[sqlx(try_from = "String")]
    pub grade: Grade,
    pub assessed_by: UserId,
    #[serde(with = "time::serde::rfc3339")]
    pub assessed_at: OffsetDateTime,
    pub version: i64,
}

/// A 长效机制 recorded for an inspection.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Mechanism {
    pub id: MechanismId,
    pub inspection_id: InspectionId,
    pub problem_id: Option<ProblemId>,
    pub name: String,
    pub doc_number: String,
    #[serde(with = "date_fmt")]
    pub issued_on: Date,
    pub recorded_by: UserId,
    #[serde(with = "time::serde::rfc3339")]
    pub recorded_at: OffsetDateTime,
}

/// One pause of a measure's deadline clock, and its resumption.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ClockPause {
    pub id: ClockPauseId,
    pub measure_id: MeasureId,
    #[serde(with = "date_fmt")]
    pub paused_on: Date,
    pub reason: String,
    pub paused_by: UserId,
    #[serde(with = "time::serde::rfc3339")]
    pub paused_at: OffsetDateTime,
    #[serde(with = "date_fmt::option")]
    pub resumed_on: Option<Date>,
    pub resume_note: String,
    pub resumed_by: Option<UserId>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub resumed_at: Option<OffsetDateTime>,
    #[serde(with = "date_fmt::option")]
    pub deadline_before: Option<Date>,
    #[serde(with = "date_fmt::option")]
    pub deadline_after: Option<Date>,
}

/// A measure with where it sits, for round-wide lists.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct RoundMeasure {
    #[sqlx(flatten)]
    #[serde(flatten)]
    pub measure: Measure,
    pub inspection_id: InspectionId,
    pub problem_number: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Disclosure {
    pub id: DisclosureId,
    pub inspection_id: InspectionId,
    pub title: String,
    pub public_text: String,
    /// The internal notice; never served on the public side.
    pub internal_text: String,
    #[sqlx(try_from = "String")]
    pub status: xuncha_domain::disclosure::DisclosureStatus,
    #[sqlx(try_from = "StoredCode")]
    pub withhold_ground: Option<xuncha_domain::disclosure::WithholdGround>,
    pub withhold_note: String,
    pub done: i64,
    pub largely_done: i64,
    pub not_done: i64,
    pub drafted_by: UserId,
    pub decided_by: Option<UserId>,
    #[serde(with = "date_fmt::option")]
    pub published_on: Option<Date>,
    pub version: i64,
}

/// What the public side shows of a published disclosure: no internal text, no ids of people.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PublicDisclosure {
    pub id: DisclosureId,
    /// The committee whose inspection it was (中共天镇县委), for the public site's header.
    pub committee_name: String,
    pub target_name: String,
    pub title: String,
    pub public_text: String,
    pub done: i64,
    pub largely_done: i64,
    pub not_done: i64,
    #[serde(with = "date_fmt")]
    pub published_on: Date,
}

/// An inspection's public announcement while its tip window is open.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PublicAnnouncement {
    pub inspection_id: InspectionId,
    /// The committee whose inspection it is (中共天镇县委), for the public site's header.
    pub committee_name: String,
    pub target_name: String,
    pub team_name: String,
    pub announcement: String,
    pub tip_phone: String,
    pub tip_email: String,
    pub tip_post_box: String,
    pub tip_address: String,
    #[serde(with = "date_fmt")]
    pub tip_window_start: Date,
    #[serde(with = "date_fmt")]
    pub tip_window_end: Date,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joint_bodies_read_as_their_codes_or_fail_never_dropping_one() {
        let read = |s: &str| JointBodies::try_from(s.to_string());
        assert_eq!(read("").unwrap(), JointBodies::default());
        assert_eq!(read("discipline, organisation").unwrap().bodies(), [Body::Discipline, Body::Organisation]);
        assert!(read("discipline,secret").is_err());
        assert_eq!(read("organisation").unwrap().codes(), "organisation");
        assert_eq!(serde_json::to_value(read("discipline,organisation").unwrap()).unwrap(), "discipline,organisation");
    }

    #[test]
    fn an_optional_code_reads_as_none_its_enum_or_an_error() {
        let read = |v: Option<&str>| Option::<DeadlineKind>::try_from(StoredCode(v.map(str::to_string)));
        assert_eq!(read(None).unwrap(), None);
        assert_eq!(read(Some("dated")).unwrap(), Some(DeadlineKind::Dated));
        assert!(read(Some("weekly")).is_err(), "an unknown code is never read as none");
        assert!(read(Some("")).is_err(), "nor an empty one");
        let ground = Option::<xuncha_domain::disclosure::WithholdGround>::try_from(StoredCode(Some("dated".into())));
        assert!(ground.is_err(), "a code of another enum is unknown here");
    }
}

/// A closed measure of a round, where it lies: the population a 随机抽查 is drawn from.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ClosedMeasure {
    pub measure_id: MeasureId,
    pub inspection_id: InspectionId,
    pub org_id: OrgId,
    pub team_id: TeamId,
    /// The problem's aspect, "" when it has none.
    pub aspect: String,
    pub committee_id: Option<OrgId>,
    /// Its 销号: who, when, with what opinion.
    pub closed_by: Option<UserId>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub closed_at: Option<OffsetDateTime>,
    pub close_note: String,
}

/// A 随机抽查 sample as drawn.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct RecheckDraw {
    pub id: RecheckDrawId,
    pub round_id: RoundId,
    pub seed: i64,
    /// What was asked (JSON `DrawSpec`).
    pub spec: String,
    /// The population as it stood (JSON list of `PopulationEntry`).
    pub population: String,
    pub population_count: i64,
    #[serde(with = "date_fmt")]
    pub due_on: Date,
    pub team_id: Option<TeamId>,
    pub note: String,
    pub drawn_by: UserId,
    #[serde(with = "time::serde::rfc3339")]
    pub drawn_at: OffsetDateTime,
}

/// A drawn measure, its check and what names it on a page.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct RecheckLine {
    pub id: RecheckItemId,
    pub draw_id: RecheckDrawId,
    pub measure_id: MeasureId,
    pub inspection_id: InspectionId,
    pub team_id: TeamId,
    /// The 销号 checked, as it stood at the draw.
    pub closed_by: Option<UserId>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub closed_at: Option<OffsetDateTime>,
    pub close_note: String,
    #[sqlx(try_from = "StoredCode")]
    pub verdict: Option<RecheckVerdict>,
    pub notes: String,
    pub checked_by: Option<UserId>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub checked_at: Option<OffsetDateTime>,
    pub version: i64,
    pub measure_content: String,
    #[sqlx(try_from = "String")]
    pub measure_status: MeasureStatus,
    pub problem_id: ProblemId,
    pub problem_number: i64,
    pub problem_summary: String,
    pub aspect: String,
    pub org_id: OrgId,
    pub target_name: String,
    pub team_name: String,
    #[serde(with = "date_fmt")]
    pub due_on: Date,
    pub round_id: RoundId,
}

/// A file of what a re-check saw (without its bytes).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct RecheckEvidence {
    pub id: RecheckEvidenceId,
    pub item_id: RecheckItemId,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: UserId,
    #[serde(with = "time::serde::rfc3339")]
    pub uploaded_at: OffsetDateTime,
}

/// A comment of the public on a published disclosure, with what names it on the office's pages;
/// never its receipt hash nor the commenter (who lives apart, in `public_commenter`).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PublicComment {
    pub id: CommentId,
    pub disclosure_id: DisclosureId,
    #[sqlx(try_from = "StoredCode")]
    pub rating: Option<xuncha_domain::comment::Satisfaction>,
    pub content: String,
    pub anonymous: bool,
    #[sqlx(try_from = "String")]
    pub status: xuncha_domain::comment::CommentStatus,
    #[serde(with = "date_fmt")]
    pub received_on: Date,
    #[serde(with = "time::serde::rfc3339")]
    pub received_at: OffsetDateTime,
    pub decided_by: Option<UserId>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub decided_at: Option<OffsetDateTime>,
    pub reject_reason: String,
    pub answer: String,
    pub answered_by: Option<UserId>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub answered_at: Option<OffsetDateTime>,
    pub tip_id: Option<TipId>,
    pub version: i64,
    /// A keyed digest of the sender's address ('' when unknown): never shown, only compared.
    #[serde(skip)]
    pub source_tag: String,
    pub inspection_id: InspectionId,
    pub round_id: RoundId,
    pub org_id: OrgId,
    pub target_name: String,
    pub disclosure_title: String,
}

/// The name and contact a commenter chose to give, sealed like a tipper's.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PublicCommenter {
    pub comment_id: CommentId,
    pub name: String,
    pub contact: String,
}

/// An inspection's archive as made (without its bytes).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct InspectionArchive {
    pub id: ArchiveId,
    pub inspection_id: InspectionId,
    #[sqlx(try_from = "String")]
    pub variant: xuncha_domain::archive::ArchiveVariant,
    pub file_name: String,
    pub manifest_sha256: String,
    pub files: i64,
    pub size: i64,
    pub audit_seq: i64,
    pub audit_hash: String,
    pub made_by: UserId,
    #[serde(with = "time::serde::rfc3339")]
    pub made_at: OffsetDateTime,
}

/// A cadre of the 巡察人才库, with the name of the unit they work in.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Cadre {
    pub id: CadreId,
    pub name: String,
    pub org_id: OrgId,
    pub org_name: String,
    pub post: String,
    pub phone: String,
    /// Comma-separated expertise codes (`finance,audit`).
    pub expertise: String,
    /// The team account, once the cadre has one.
    pub user_id: Option<UserId>,
    /// How the account came to be linked (or that the office undid a link).
    #[sqlx(try_from = "String")]
    pub account_link: AccountLink,
    /// The account the office last undid a link to (not offered as theirs first again).
    pub refused_user_id: Option<UserId>,
    pub active: bool,
    pub note: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    pub version: i64,
}

/// A cadre's former post (`kind` "former": `detail` the post, `left_on` its end) or declared
/// relative (`kind` "relative": `detail` the relation) in an organisation.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct CadreTie {
    pub id: i64,
    pub cadre_id: CadreId,
    pub kind: String,
    pub org_id: OrgId,
    pub org_name: String,
    pub detail: String,
    #[serde(with = "date_fmt::option")]
    pub left_on: Option<Date>,
}

/// A team a cadre served on (through their account's membership).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct CadreService {
    pub cadre_id: CadreId,
    pub round_id: RoundId,
    pub round_name: String,
    pub team_id: TeamId,
    pub team_name: String,
}

/// A drawing of a team's members from the pool, as recorded.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PoolDraw {
    pub id: PoolDrawId,
    pub team_id: TeamId,
    pub team_name: String,
    pub round_id: RoundId,
    pub seed: i64,
    /// What was asked (JSON list of `Slot`).
    pub slots: String,
    pub years: i64,
    /// The pool as it stood (JSON list of `Candidate`).
    pub population: String,
    /// Who was drawn (JSON list of `Pick`).
    pub picks: String,
    pub note: String,
    pub drawn_by: UserId,
    #[serde(with = "time::serde::rfc3339")]
    pub drawn_at: OffsetDateTime,
}

/// A drawn member swapped for another cadre.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PoolSwap {
    pub id: i64,
    pub draw_id: PoolDrawId,
    pub out_cadre_id: CadreId,
    pub in_cadre_id: CadreId,
    pub reason: String,
    pub swapped_by: UserId,
    #[serde(with = "time::serde::rfc3339")]
    pub swapped_at: OffsetDateTime,
}
