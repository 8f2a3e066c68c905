//! The JSON API. Every route here is listed in the OpenAPI document (`crate::openapi`), and a
//! test checks that each documented operation answers.

mod cases;
mod documents;
mod plans;
mod system;

use axum::Router;
use axum::routing::{get, post, put};

use crate::AppState;
/// JSON body whose decoding errors answer as our JSON errors, in Chinese, naming the field.
pub use crate::extract::Json as ApiJson;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(system::healthz))
        .route("/api/openapi.json", get(system::openapi))
        .route("/api/session", post(system::login).delete(system::logout))
        .route("/api/me", get(system::me))
        .route("/api/me/password", post(system::change_password))
        .route("/api/users", get(system::list_users).post(system::create_user))
        .route("/api/organisations", get(system::list_orgs).post(system::create_org))
        .route("/api/conflicts", post(system::declare_conflict))
        .route("/api/aspects", get(system::list_aspects).post(system::create_aspect))
        .route("/api/settings/deadlines", get(system::get_policy))
        .route("/api/audit/verify", get(system::audit_verify))
        .route("/api/ledger.xlsx", get(system::ledger_xlsx))
        .route("/api/ledger", get(system::ledger_page))
        .route("/api/rounds/{id}/dashboard", get(system::round_dashboard))
        .route("/api/search", get(system::search))
        .route("/api/inspections/{id}/ledger-import", post(documents::import_ledger))
        .route("/api/inspections/{id}/documents/{kind}", get(documents::official_document))
        .route("/api/roster-import", post(documents::import_roster))
        .route("/api/people", get(documents::list_people))
        .route("/api/audit/{entity}/{id}", get(system::history))
        .route("/api/rounds", get(cases::list_rounds).post(cases::create_round))
        .route("/api/rounds/{id}/teams", get(cases::list_teams).post(cases::create_team))
        .route("/api/teams/{id}/members", post(cases::add_member))
        .route("/api/rounds/{id}/inspections", get(cases::round_inspections).post(cases::create_inspection))
        .route("/api/inspections", get(cases::list_inspections))
        .route("/api/inspections/{id}", get(cases::get_inspection))
        .route("/api/inspections/{id}/announcement", put(cases::update_announcement))
        .route("/api/inspections/{id}/feedback", post(cases::give_feedback))
        .route("/api/inspections/{id}/earlier-problems", get(cases::earlier_problems))
        .route("/api/inspections/{id}/tips", get(cases::list_tips).post(cases::register_tip))
        .route("/api/tips/{id}", get(cases::get_tip))
        .route("/api/tips/{id}/triage", post(cases::triage_tip))
        .route("/api/tips/{id}/reply", post(cases::reply_tip))
        .route("/api/tips/{id}/tipper", post(cases::unseal_tipper))
        .route("/api/inspections/{id}/problems", get(cases::list_problems).post(cases::draft_problem))
        .route("/api/problems/{id}", get(cases::get_problem).put(cases::edit_problem))
        .route("/api/problems/{id}/rebound-candidates", get(cases::rebound_candidates))
        .route("/api/problems/{id}/rebound-decisions", post(cases::decide_rebound))
        .route("/api/rebound-rates", get(cases::rebound_rates))
        .route("/api/problems/{id}/sign", post(cases::sign_problem))
        .route("/api/problems/{id}/return", post(cases::return_problem))
        .route("/api/problems/{id}/rebound", put(cases::set_rebound))
        .route("/api/inspections/{id}/transfers", get(cases::list_transfers).post(cases::create_transfer))
        .route("/api/transfers", get(cases::transfer_inbox))
        .route("/api/transfers/{id}", get(cases::get_transfer))
        .route("/api/transfers/{id}/outcome", post(cases::record_outcome))
        .route("/api/inspections/{id}/plan", get(plans::get_plan))
        .route("/api/inspections/{id}/signals", get(plans::plan_signals))
        .route("/api/rounds/{id}/signals", get(plans::round_signals))
        .route("/api/inspections/{id}/plan/submit", post(plans::submit_plan))
        .route("/api/inspections/{id}/plan/review", post(plans::review_plan))
        .route("/api/problems/{id}/measures", post(plans::add_measure))
        .route("/api/measures/{id}", get(plans::get_measure).put(plans::update_measure).delete(plans::delete_measure))
        .route("/api/measures/{id}/progress", post(plans::report_progress))
        .route("/api/measures/{id}/evidence", post(plans::upload_evidence))
        .route("/api/evidence/{id}", get(plans::download_evidence))
        .route("/api/measures/{id}/close", post(plans::close_measure))
        .route("/api/measures/{id}/reopen", post(plans::reopen_measure))
        .route("/api/measures/{id}/extensions", post(plans::request_extension))
        .route("/api/extensions/{id}/decision", post(plans::decide_extension))
        .route("/api/inspections/{id}/disclosures", get(cases::list_disclosures).post(cases::draft_disclosure))
        .route("/api/disclosures/{id}/publish", post(cases::publish_disclosure))
        .route("/api/disclosures/{id}/withhold", post(cases::withhold_disclosure))
}
