//! What clients send. Dates travel as text ("2023-09-30") and are parsed here, so that a bad
//! date is a field error naming the field, not an opaque decoding failure.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use time::Date;
use time::macros::format_description;
use xuncha_domain::id::*;
use xuncha_domain::inspection::{Body, InspectionKind};
use xuncha_domain::measure::{DeadlineKind, MeasureFields, MeasureStatus};
use xuncha_domain::org::OrgKind;
use xuncha_domain::problem::ProblemSource;
use xuncha_domain::role::{Role, TeamPosition};
use xuncha_domain::schema::{DateText, codes};
use xuncha_domain::tip::{TipChannel, TipStatus};
use xuncha_domain::transfer::{OutcomeKind, TransferKind};

use crate::{AppError, AppResult};

/// Parses a required date; `label` is the Chinese field name.
pub fn date(field: &str, label: &str, value: &str) -> AppResult<Date> {
    let v = value.trim();
    if v.is_empty() {
        return Err(AppError::invalid(field, format!("{label}不能为空")));
    }
    let d = Date::parse(v, format_description!("[year]-[month]-[day]"))
        .map_err(|_| AppError::invalid(field, format!("{label}不是有效日期,请按“2023-09-30”的格式填写")))?;
    if !xuncha_domain::dates::plausible(d) {
        return Err(AppError::invalid(field, xuncha_domain::dates::out_of_span(label)));
    }
    Ok(d)
}

/// Parses an optional date (blank means none).
pub fn opt_date(field: &str, label: &str, value: Option<&str>) -> AppResult<Option<Date>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => date(field, label, v).map(Some),
    }
}

/// An optional code where a blank (a form's "none" choice) means none.
fn blank_is_none<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    use serde::de::{Error, IntoDeserializer};
    let Some(code) = Option::<String>::deserialize(d)? else { return Ok(None) };
    if code.trim().is_empty() {
        return Ok(None);
    }
    T::deserialize(code.into_deserializer()).map(Some).map_err(|e: serde::de::value::Error| D::Error::custom(e))
}

/// The bodies that may join a feedback beside the inspection office.
fn joined_bodies(_: &mut SchemaGenerator) -> Schema {
    let joined = [Body::Discipline, Body::Organisation].map(|b| (b.code(), b.label()));
    let item = codes(&joined);
    json_schema!({ "type": "array", "items": item })
}

/// A unit reports any state but 已销号: closing is the verifier's act.
fn reportable_status(_: &mut SchemaGenerator) -> Schema {
    let open: Vec<_> =
        MeasureStatus::ALL.iter().filter(|s| **s != MeasureStatus::Closed).map(|s| (s.code(), s.label())).collect();
    codes(&open)
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct LoginInput {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct PasswordInput {
    pub old_password: String,
    pub new_password: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct NewUserInput {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub role: Role,
    pub org_id: Option<OrgId>,
    #[serde(default, deserialize_with = "blank_is_none")]
    #[schemars(with = "Option<Body>")]
    pub body: Option<Body>,
    /// 职务 (optional): shown beside the name on every act of the record.
    #[serde(default)]
    pub post: String,
    /// The password is an initial one, to be changed at the first sign-in.
    #[serde(default)]
    pub must_change_password: bool,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct NewOrgInput {
    pub name: String,
    pub kind: OrgKind,
    pub parent_id: Option<OrgId>,
    #[serde(default)]
    pub is_sample: bool,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ConflictInput {
    pub org_id: OrgId,
    pub reason: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct NewRoundInput {
    pub name: String,
    #[schemars(with = "DateText")]
    pub start_date: String,
    #[schemars(with = "DateText")]
    pub end_date: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct NewTeamInput {
    pub name: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct MemberInput {
    pub user_id: UserId,
    pub position: TeamPosition,
}

/// Takes a member off a team: who, and why (recorded on the team).
#[derive(Debug, Deserialize, JsonSchema)]
pub struct MemberRemovalInput {
    pub user_id: UserId,
    /// 调出理由, at most 500 characters.
    pub reason: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct NewInspectionInput {
    pub team_id: TeamId,
    pub target_org_id: OrgId,
    pub kind: InspectionKind,
    #[schemars(with = "DateText")]
    pub entry_date: String,
    #[schemars(with = "DateText")]
    pub exit_date: String,
    #[serde(default)]
    pub announcement: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct AnnouncementInput {
    pub version: i64,
    #[serde(default)]
    pub announcement: String,
    #[serde(default)]
    pub tip_phone: String,
    #[serde(default)]
    pub tip_email: String,
    #[serde(default)]
    pub tip_post_box: String,
    #[serde(default)]
    pub tip_address: String,
    #[schemars(with = "Option<DateText>")]
    pub tip_window_start: Option<String>,
    #[schemars(with = "Option<DateText>")]
    pub tip_window_end: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct FeedbackInput {
    pub version: i64,
    #[schemars(with = "DateText")]
    pub date: String,
    /// Codes of the bodies that joined (`discipline`, `organisation`).
    #[serde(default)]
    #[schemars(schema_with = "joined_bodies")]
    pub bodies: Vec<Body>,
    pub signed_for_by: String,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct NewTipInput {
    pub channel: TipChannel,
    pub content: String,
    #[schemars(with = "DateText")]
    pub received_on: String,
    #[serde(default)]
    pub anonymous: bool,
    #[serde(default)]
    pub tipper_name: String,
    #[serde(default)]
    pub tipper_contact: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct TriageInput {
    pub version: i64,
    pub status: TipStatus,
    #[serde(default)]
    pub forwarded_to: String,
    #[serde(default)]
    pub reason: String,
    /// Problems this tip led to (accepted tips).
    #[serde(default)]
    pub problem_ids: Vec<ProblemId>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct TipLinkInput {
    pub version: i64,
    /// The whole set of problems the tip led to (links not named are removed).
    pub problem_ids: Vec<ProblemId>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ReplyInput {
    pub version: i64,
    pub reply: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ProblemInput {
    /// Required on edits, absent on creation.
    pub version: Option<i64>,
    pub source: ProblemSource,
    pub aspect_id: Option<AspectId>,
    pub summary: String,
    #[serde(default)]
    pub detail: String,
    #[serde(default)]
    pub evidence_list: String,
    #[schemars(with = "Option<DateText>")]
    pub found_on: Option<String>,
    /// The typical problem of the 问题库 the team picked (its code); absent or empty: as the
    /// library classifies the text.
    #[serde(default)]
    pub typical_code: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct VersionInput {
    pub version: i64,
}

/// 退回: a work paper goes back to its drafter with the reviewer's comment.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct ReturnInput {
    pub version: i64,
    #[serde(default)]
    pub comment: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ReboundInput {
    pub version: i64,
    pub rebound_of: Option<ProblemId>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct NewTransferInput {
    pub problem_id: Option<ProblemId>,
    pub kind: TransferKind,
    pub body: Body,
    #[serde(default)]
    pub body_name: String,
    pub content: String,
    #[schemars(with = "DateText")]
    pub transferred_on: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct OutcomeInput {
    pub version: i64,
    pub outcome_kind: OutcomeKind,
    pub outcome: String,
    #[schemars(with = "DateText")]
    pub outcome_on: String,
}

/// A receiving body's interim report on a transfer.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct TransferProgressInput {
    pub version: i64,
    /// The stage reached, from the body's own list (optional).
    #[serde(default)]
    pub outcome_kind: Option<OutcomeKind>,
    pub note: String,
    #[schemars(with = "DateText")]
    pub reported_on: String,
    /// When the body reports next (the transfer is due again then).
    #[schemars(with = "DateText")]
    pub next_due: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct MeasureInput {
    /// Required on edits, absent on creation.
    pub version: Option<i64>,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub responsible_person: String,
    #[serde(default)]
    pub responsible_leader: String,
    #[serde(default)]
    pub department: String,
    #[serde(default, deserialize_with = "blank_is_none")]
    #[schemars(with = "Option<DeadlineKind>")]
    pub deadline_kind: Option<DeadlineKind>,
    #[schemars(with = "Option<DateText>")]
    pub deadline: Option<String>,
    #[serde(default)]
    pub milestone: String,
    #[serde(default)]
    pub completion_standard: String,
}

impl MeasureInput {
    pub fn fields(&self) -> AppResult<MeasureFields> {
        let f = MeasureFields {
            content: self.content.trim().to_string(),
            responsible_person: self.responsible_person.trim().to_string(),
            responsible_leader: self.responsible_leader.trim().to_string(),
            department: self.department.trim().to_string(),
            deadline_kind: self.deadline_kind,
            deadline: opt_date("deadline", "整改时限", self.deadline.as_deref())?,
            milestone: self.milestone.trim().to_string(),
            completion_standard: self.completion_standard.trim().to_string(),
        };
        f.validate()?;
        Ok(f)
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ProblemComment {
    pub problem_id: ProblemId,
    pub comment: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ReviewInput {
    pub version: i64,
    pub approve: bool,
    #[serde(default)]
    pub comments: String,
    #[serde(default)]
    pub problem_comments: Vec<ProblemComment>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ProgressInput {
    pub version: i64,
    pub content: String,
    #[schemars(schema_with = "reportable_status")]
    pub status: MeasureStatus,
}

#[derive(Debug)]
pub struct EvidenceUpload {
    pub file_name: String,
    pub content_type: String,
    pub data: Vec<u8>,
    pub description: String,
    pub document_date: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct CloseInput {
    pub version: i64,
    /// 核验意见: what the verifier found (required).
    #[serde(default)]
    pub note: String,
    /// Why close while the unit still reports the measure unfinished (required then only).
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ReopenInput {
    pub version: i64,
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ExtensionInput {
    #[schemars(with = "DateText")]
    pub requested_deadline: String,
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct DecisionInput {
    pub version: i64,
    pub approve: bool,
    #[serde(default)]
    pub note: String,
}
