//! Rounds, teams, inspections, tips, problems and transfers.

use crate::extract::Path;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use xuncha_app::concepts::{ConceptImportInput, ConceptImportOutcome, ConceptLexiconView};
use xuncha_app::disclosures::{DisclosureInput, DisclosureList, WithholdInput};
use xuncha_app::inputs::{
    AnnouncementInput, FeedbackInput, MemberInput, MemberRemovalInput, NewInspectionInput, NewRoundInput, NewTeamInput,
    NewTipInput, NewTransferInput, OutcomeInput, ProblemInput, ReboundInput, ReplyInput, ReturnInput, TipLinkInput,
    TriageInput, VersionInput,
};
use xuncha_app::inspections::{EarlierProblem, EarlierProblemView, TeamView};
use xuncha_app::library::{ClassifyInput, LibraryImportInput, LibraryImportOutcome, LibraryView, TypicalRef};
use xuncha_app::problems::ProblemView;
use xuncha_app::tips::TipView;
use xuncha_app::transfers::TransferView;
use xuncha_app::views::{DisclosureRecord, InspectionRecord, PaperRecord, RoundRecord, TeamRecord, TipperRecord};
use xuncha_domain::id::*;

use super::ApiJson;
use crate::AppState;
use crate::error::ApiResult;
use crate::session::Current;

type Created<T> = ApiResult<(StatusCode, Json<T>)>;

pub async fn list_rounds(State(s): State<AppState>, cur: Current) -> ApiResult<Json<Vec<RoundRecord>>> {
    Ok(Json(s.app.list_rounds(&cur.actor).await?))
}

pub async fn create_round(
    State(s): State<AppState>,
    cur: Current,
    ApiJson(i): ApiJson<NewRoundInput>,
) -> Created<RoundRecord> {
    Ok((StatusCode::CREATED, Json(s.app.create_round(&cur.actor, &i).await?)))
}

pub async fn list_teams(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<RoundId>,
) -> ApiResult<Json<Vec<TeamView>>> {
    Ok(Json(s.app.list_teams(&cur.actor, id).await?))
}

pub async fn create_team(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<RoundId>,
    ApiJson(i): ApiJson<NewTeamInput>,
) -> Created<TeamRecord> {
    Ok((StatusCode::CREATED, Json(s.app.create_team(&cur.actor, id, &i).await?)))
}

pub async fn add_member(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<TeamId>,
    ApiJson(i): ApiJson<MemberInput>,
) -> ApiResult<StatusCode> {
    s.app.add_member(&cur.actor, id, &i).await?;
    Ok(StatusCode::CREATED)
}

pub async fn remove_member(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<TeamId>,
    ApiJson(i): ApiJson<MemberRemovalInput>,
) -> ApiResult<StatusCode> {
    s.app.remove_member(&cur.actor, id, &i).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn round_inspections(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<RoundId>,
) -> ApiResult<Json<Vec<InspectionRecord>>> {
    Ok(Json(s.app.list_inspections(&cur.actor, Some(id)).await?))
}

pub async fn create_inspection(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<RoundId>,
    ApiJson(i): ApiJson<NewInspectionInput>,
) -> Created<InspectionRecord> {
    Ok((StatusCode::CREATED, Json(s.app.create_inspection(&cur.actor, id, &i).await?)))
}

pub async fn list_inspections(State(s): State<AppState>, cur: Current) -> ApiResult<Json<Vec<InspectionRecord>>> {
    Ok(Json(s.app.list_inspections(&cur.actor, None).await?))
}

pub async fn get_inspection(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<InspectionId>,
) -> ApiResult<Json<InspectionRecord>> {
    Ok(Json(s.app.get_inspection(&cur.actor, id).await?))
}

pub async fn update_announcement(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<InspectionId>,
    ApiJson(i): ApiJson<AnnouncementInput>,
) -> ApiResult<Json<InspectionRecord>> {
    Ok(Json(s.app.update_announcement(&cur.actor, id, &i).await?))
}

pub async fn give_feedback(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<InspectionId>,
    ApiJson(i): ApiJson<FeedbackInput>,
) -> ApiResult<Json<InspectionRecord>> {
    Ok(Json(s.app.give_feedback(&cur.actor, id, &i).await?))
}

pub async fn earlier_problems(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<InspectionId>,
) -> ApiResult<Json<Vec<EarlierProblem>>> {
    Ok(Json(s.app.earlier_problems(&cur.actor, id).await?))
}

/// The 问题库 in force for the caller's county, with its editions.
pub async fn library(State(s): State<AppState>, cur: Current) -> ApiResult<Json<LibraryView>> {
    Ok(Json(s.app.library(&cur.actor).await?))
}

/// Checks a library file and (unless a preview) keeps it as the next edition.
pub async fn import_library(
    State(s): State<AppState>,
    cur: Current,
    ApiJson(i): ApiJson<LibraryImportInput>,
) -> ApiResult<Json<LibraryImportOutcome>> {
    Ok(Json(s.app.import_library(&cur.actor, &i).await?))
}

/// The concept lexicon in force for the caller's county, with its editions.
pub async fn concepts(State(s): State<AppState>, cur: Current) -> ApiResult<Json<ConceptLexiconView>> {
    Ok(Json(s.app.concept_lexicon(&cur.actor).await?))
}

/// Checks a lexicon file and (unless a preview) keeps it as the next edition.
pub async fn import_concepts(
    State(s): State<AppState>,
    cur: Current,
    ApiJson(i): ApiJson<ConceptImportInput>,
) -> ApiResult<Json<ConceptImportOutcome>> {
    Ok(Json(s.app.import_concepts(&cur.actor, &i).await?))
}

/// The office sets the typical problem a problem falls under.
pub async fn classify_problem(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<ProblemId>,
    ApiJson(i): ApiJson<ClassifyInput>,
) -> ApiResult<Json<Option<TypicalRef>>> {
    Ok(Json(s.app.classify_problem(&cur.actor, id, &i).await?))
}

/// One earlier problem of the inspected organisation, with its measures (a look-back's link).
pub async fn earlier_problem(
    State(s): State<AppState>,
    cur: Current,
    Path((id, problem_id)): Path<(InspectionId, ProblemId)>,
) -> ApiResult<Json<EarlierProblemView>> {
    Ok(Json(s.app.earlier_problem(&cur.actor, id, problem_id).await?))
}

pub async fn list_tips(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<InspectionId>,
) -> ApiResult<Json<Vec<TipView>>> {
    Ok(Json(s.app.list_tips(&cur.actor, id).await?))
}

pub async fn register_tip(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<InspectionId>,
    ApiJson(i): ApiJson<NewTipInput>,
) -> Created<TipView> {
    Ok((StatusCode::CREATED, Json(s.app.register_tip(&cur.actor, id, &i).await?)))
}

pub async fn get_tip(State(s): State<AppState>, cur: Current, Path(id): Path<TipId>) -> ApiResult<Json<TipView>> {
    Ok(Json(s.app.get_tip(&cur.actor, id).await?))
}

pub async fn triage_tip(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<TipId>,
    ApiJson(i): ApiJson<TriageInput>,
) -> ApiResult<Json<TipView>> {
    Ok(Json(s.app.triage_tip(&cur.actor, id, &i).await?))
}

pub async fn link_tip(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<TipId>,
    ApiJson(i): ApiJson<TipLinkInput>,
) -> ApiResult<Json<TipView>> {
    Ok(Json(s.app.link_tip(&cur.actor, id, &i).await?))
}

pub async fn reply_tip(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<TipId>,
    ApiJson(i): ApiJson<ReplyInput>,
) -> ApiResult<Json<TipView>> {
    Ok(Json(s.app.reply_tip(&cur.actor, id, &i).await?))
}

pub async fn unseal_tipper(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<TipId>,
) -> ApiResult<Json<TipperRecord>> {
    Ok(Json(s.app.unseal_tipper(&cur.actor, id).await?))
}

pub async fn list_problems(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<InspectionId>,
) -> ApiResult<Json<Vec<ProblemView>>> {
    Ok(Json(s.app.list_problems(&cur.actor, id).await?))
}

pub async fn draft_problem(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<InspectionId>,
    ApiJson(i): ApiJson<ProblemInput>,
) -> Created<PaperRecord> {
    Ok((StatusCode::CREATED, Json(s.app.draft_problem(&cur.actor, id, &i).await?)))
}

pub async fn get_problem(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<ProblemId>,
) -> ApiResult<Json<ProblemView>> {
    Ok(Json(s.app.get_problem(&cur.actor, id).await?))
}

pub async fn edit_problem(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<ProblemId>,
    ApiJson(i): ApiJson<ProblemInput>,
) -> ApiResult<Json<PaperRecord>> {
    Ok(Json(s.app.edit_problem(&cur.actor, id, &i).await?))
}

pub async fn sign_problem(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<ProblemId>,
    ApiJson(i): ApiJson<VersionInput>,
) -> ApiResult<Json<PaperRecord>> {
    Ok(Json(s.app.sign_problem(&cur.actor, id, &i).await?))
}

pub async fn return_problem(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<ProblemId>,
    ApiJson(i): ApiJson<ReturnInput>,
) -> ApiResult<Json<PaperRecord>> {
    Ok(Json(s.app.return_problem(&cur.actor, id, &i).await?))
}

pub async fn set_rebound(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<ProblemId>,
    ApiJson(i): ApiJson<ReboundInput>,
) -> ApiResult<Json<PaperRecord>> {
    Ok(Json(s.app.set_rebound(&cur.actor, id, &i).await?))
}

pub async fn list_transfers(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<InspectionId>,
) -> ApiResult<Json<Vec<TransferView>>> {
    Ok(Json(s.app.list_transfers(&cur.actor, Some(id)).await?))
}

pub async fn create_transfer(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<InspectionId>,
    ApiJson(i): ApiJson<NewTransferInput>,
) -> Created<TransferView> {
    Ok((StatusCode::CREATED, Json(s.app.create_transfer(&cur.actor, id, &i).await?)))
}

pub async fn transfer_inbox(State(s): State<AppState>, cur: Current) -> ApiResult<Json<Vec<TransferView>>> {
    Ok(Json(s.app.list_transfers(&cur.actor, None).await?))
}

pub async fn get_transfer(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<TransferId>,
) -> ApiResult<Json<TransferView>> {
    Ok(Json(s.app.get_transfer(&cur.actor, id).await?))
}

pub async fn report_transfer_progress(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<TransferId>,
    ApiJson(i): ApiJson<xuncha_app::inputs::TransferProgressInput>,
) -> ApiResult<Json<TransferView>> {
    Ok(Json(s.app.report_transfer_progress(&cur.actor, id, &i).await?))
}

pub async fn record_outcome(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<TransferId>,
    ApiJson(i): ApiJson<OutcomeInput>,
) -> ApiResult<Json<TransferView>> {
    Ok(Json(s.app.record_outcome(&cur.actor, id, &i).await?))
}

pub async fn list_disclosures(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<InspectionId>,
) -> ApiResult<Json<DisclosureList>> {
    Ok(Json(s.app.list_disclosures(&cur.actor, id).await?))
}

pub async fn draft_disclosure(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<InspectionId>,
    ApiJson(i): ApiJson<DisclosureInput>,
) -> Created<DisclosureRecord> {
    Ok((StatusCode::CREATED, Json(s.app.draft_disclosure(&cur.actor, id, &i).await?)))
}

pub async fn publish_disclosure(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<DisclosureId>,
    ApiJson(i): ApiJson<VersionInput>,
) -> ApiResult<Json<DisclosureRecord>> {
    Ok(Json(s.app.publish_disclosure(&cur.actor, id, i.version).await?))
}

pub async fn withhold_disclosure(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<DisclosureId>,
    ApiJson(i): ApiJson<WithholdInput>,
) -> ApiResult<Json<DisclosureRecord>> {
    Ok(Json(s.app.withhold_disclosure(&cur.actor, id, &i).await?))
}

/// Earlier closed problems a finding matches, scored, with shared words and decisions.
pub async fn rebound_candidates(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<ProblemId>,
) -> ApiResult<Json<Vec<xuncha_app::rebounds::ReboundCandidate>>> {
    Ok(Json(s.app.rebound_candidates(&cur.actor, id).await?))
}

/// The office confirms or dismisses a suggested rebound.
pub async fn decide_rebound(
    State(s): State<AppState>,
    cur: Current,
    Path(id): Path<ProblemId>,
    ApiJson(input): ApiJson<xuncha_app::rebounds::ReboundDecisionInput>,
) -> ApiResult<Json<PaperRecord>> {
    Ok(Json(s.app.decide_rebound(&cur.actor, id, &input).await?))
}

/// Rebound rates by organisation and aspect (office, leaders).
pub async fn rebound_rates(
    State(s): State<AppState>,
    cur: Current,
) -> ApiResult<Json<xuncha_app::rebounds::ReboundRates>> {
    Ok(Json(s.app.rebound_rates(&cur.actor).await?))
}
