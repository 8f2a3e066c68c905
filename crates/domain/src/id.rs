//! One id type per entity. Every primary key is a database-assigned integer, but a measure's id
//! is not a problem's: passing one where the other is expected is a compile error, not a wrong
//! row read under a right-looking access check.
//!
//! On the wire (JSON, forms, paths) an id is its bare number. With the `sqlx` feature (enabled
//! by the store only) an id binds and reads as the integer column it is; the domain itself
//! still does no I/O.

use std::fmt;
use std::num::ParseIntError;
use std::str::FromStr;

macro_rules! entity_ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize, schemars::JsonSchema,
        )]
        #[serde(transparent)]
        #[schemars(transparent)]
        #[cfg_attr(feature = "sqlx", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(i64);

        impl $name {
            /// The id with this number (as read from a path, a file or a test).
            pub const fn new(raw: i64) -> Self {
                Self(raw)
            }
            /// The number, for a URL or a column.
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }

        /// The id of the record an audit event concerns.
        impl From<$name> for Option<i64> {
            fn from(id: $name) -> Option<i64> {
                Some(id.0)
            }
        }

        impl FromStr for $name {
            type Err = ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map(Self)
            }
        }
    )*};
}

entity_ids! {
    /// An organisation: a unit, a township, a party committee.
    OrgId;
    /// Someone on an organisation's roster.
    PersonId;
    /// An account.
    UserId;
    /// One of the aspects of a round's feedback (its problem categories).
    AspectId;
    /// A round (轮次).
    RoundId;
    /// An inspection team of a round.
    TeamId;
    /// One team's inspection of one organisation.
    InspectionId;
    /// A tip (信访举报).
    TipId;
    /// A problem (work paper).
    ProblemId;
    /// A transfer of a clue (问题线索移交).
    TransferId;
    /// A rectification plan.
    PlanId;
    /// One submission of a plan for review.
    SubmissionId;
    /// A rectification measure.
    MeasureId;
    /// A progress report on a measure.
    ProgressId;
    /// An evidence file.
    EvidenceId;
    /// A request to extend a measure's deadline.
    ExtensionId;
    /// A public disclosure of rectification.
    DisclosureId;
    /// A step of the 督办 ladder taken on an inspection.
    EscalationId;
    /// A pause of a measure's deadline clock.
    ClockPauseId;
    /// An organisation's rectification scored (整改成效评估).
    AssessmentId;
    /// A 长效机制: a rule issued as a result of rectification.
    MechanismId;
    /// An event of the audit trail.
    EventId;
    /// A declared conflict of interest (回避申报).
    ConflictId;
    /// A 随机抽查 sample drawn from a round's closed measures.
    RecheckDrawId;
    /// One drawn measure and what its check on site found.
    RecheckItemId;
    /// A file of what a re-check saw on site.
    RecheckEvidenceId;
    /// The public's rating and comment on a published disclosure (群众评价).
    CommentId;
    /// An inspection's archive (巡察档案), kept as made.
    ArchiveId;
    /// A cadre of the 巡察人才库 (inspector pool).
    CadreId;
    /// A drawing of a team's members from the pool.
    PoolDrawId;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_travels_as_its_bare_number() {
        let id = MeasureId::new(42);
        assert_eq!(serde_json::to_string(&id).unwrap(), "42");
        assert_eq!(serde_json::from_str::<MeasureId>("42").unwrap(), id);
        assert_eq!(id.to_string(), "42");
        assert_eq!("42".parse::<MeasureId>().unwrap(), id);
        assert!("4x".parse::<MeasureId>().is_err());
        let schema = schemars::schema_for!(MeasureId).to_value();
        assert_eq!(schema["type"], "integer");
    }
}
