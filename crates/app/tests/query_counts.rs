//! No page's queries grow with the data (no N+1): each page's use cases are run on the demo,
//! then again after more problems and measures are added, and the number of SQL statements must
//! not change. Statements are counted from sqlx's own per-statement tracing events. One test in
//! this binary, so that the process-wide count is this test's alone.

use std::sync::atomic::{AtomicU64, Ordering};

use time::macros::date;
use tracing::Subscriber;
use tracing_subscriber::Layer;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use xuncha_app::imports::{ImportedMeasure, ImportedProblem};
use xuncha_app::inputs::{NewInspectionInput, NewOrgInput, NewRoundInput, NewTeamInput};
use xuncha_app::ledger::LedgerFilter;
use xuncha_app::{App, Clock};
use xuncha_domain::access::Actor;
use xuncha_domain::measure::{DeadlineKind, MeasureFields, MeasureStatus};
use xuncha_testkit::TestDb;

static STATEMENTS: AtomicU64 = AtomicU64::new(0);

struct CountStatements;

/// The statement's summary, as sqlx logs it.
struct Summary(String);

impl tracing::field::Visit for Summary {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "summary" {
            self.0 = format!("{value:?}");
        }
    }
}

impl<S: Subscriber> Layer<S> for CountStatements {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() != "sqlx::query" {
            return;
        }
        // A pooled connection opened during a page sets itself up (PRAGMA journal_mode …):
        // that is the pool's, whenever it happens to need one, not the page's.
        let mut summary = Summary(String::new());
        event.record(&mut summary);
        if !summary.0.trim_start_matches('"').starts_with("PRAGMA") {
            STATEMENTS.fetch_add(1, Ordering::SeqCst);
        }
    }
}

/// The statements a page's use cases run, by page.
async fn pages(app: &App, who: &Who) -> Vec<(&'static str, u64)> {
    let mut out = Vec::new();
    macro_rules! page {
        ($name:literal, $body:expr) => {{
            let before = STATEMENTS.load(Ordering::SeqCst);
            $body;
            out.push(($name, STATEMENTS.load(Ordering::SeqCst) - before));
        }};
    }
    let round = who.round;
    // The copy index catches up first: what that costs depends on what changed (a statement, or
    // a build when an organisation was added), not on the page.
    app.warm().await.unwrap();
    page!("office home", {
        app.round_dashboard(&who.office, Some(round)).await.unwrap();
        app.signal_ranking(&who.office, round).await.unwrap();
        app.rebound_rates(&who.office).await.unwrap();
        app.list_transfers(&who.office, None).await.unwrap();
    });
    page!("team home", app.team_home(&who.team).await.unwrap());
    page!("target home", app.target_home(&who.target).await.unwrap());
    page!("notifications", app.notifications(&who.office).await.unwrap());
    page!("ledger", {
        let l = app.ledger(&who.office, &LedgerFilter { round: Some(round), ..LedgerFilter::default() }).await.unwrap();
        app.ledger_details(&l).await.unwrap();
    });
    page!("ledger page", {
        app.ledger_page(&who.office, &LedgerFilter { round: Some(round), ..LedgerFilter::default() }).await.unwrap();
        let red = LedgerFilter { light: Some("red".into()), ..LedgerFilter::default() };
        app.ledger_page(&who.target, &red).await.unwrap();
    });
    page!("plan", {
        app.get_plan(&who.target, who.inspection).await.unwrap();
        app.plan_signals(&who.target, who.inspection).await.unwrap();
        app.list_people(&who.target, None).await.unwrap();
    });
    page!("inspection", {
        app.get_inspection(&who.team, who.inspection).await.unwrap();
        app.list_problems(&who.team, who.inspection).await.unwrap();
        app.list_transfers(&who.team, Some(who.inspection)).await.unwrap();
        app.earlier_problems(&who.team, who.inspection).await.unwrap();
    });
    page!("look-back", {
        app.earlier_problems(&who.team, who.lookback).await.unwrap();
        app.list_problems(&who.team, who.lookback).await.unwrap();
    });
    out
}

struct Who {
    office: Actor,
    team: Actor,
    target: Actor,
    round: xuncha_domain::RoundId,
    inspection: xuncha_domain::InspectionId,
    lookback: xuncha_domain::InspectionId,
    /// The 2021 inspection the look-back looks back at.
    earlier: xuncha_domain::InspectionId,
}

fn measure(n: usize) -> ImportedMeasure {
    ImportedMeasure {
        fields: MeasureFields {
            content: format!("对第{n}批村级财务凭证逐笔复核,不合规的退回补办"),
            responsible_person: "梁志勇".into(),
            deadline_kind: Some(DeadlineKind::Dated),
            deadline: Some(date!(2023 - 12 - 31)),
            completion_standard: "复核台账".into(),
            ..MeasureFields::default()
        },
        status: MeasureStatus::NotDone,
        progress: format!("已复核{n}个村"),
    }
}

#[test]
fn no_page_runs_more_statements_when_there_is_more_data() {
    let subscriber = tracing_subscriber::registry()
        .with(CountStatements.with_filter(Targets::new().with_target("sqlx::query", tracing::Level::TRACE)));
    tracing::subscriber::set_global_default(subscriber).unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(async {
        let db = TestDb::sqlite().await;
        let app = App::new(db.store.clone(), Clock::Fixed(date!(2023 - 11 - 10))).await.unwrap();
        xuncha_demo::load(&app).await.unwrap();
        let actor = |name: &'static str| {
            let app = &app;
            async move { app.actor(app.find_user(name).await.unwrap().id).await.unwrap() }
        };
        let office = actor("office").await;
        let all = app.list_inspections(&office, None).await.unwrap();
        let insp = all.iter().find(|i| i.target_name == "谷前堡镇党委").unwrap().clone();
        let ngy: Vec<_> = all.iter().filter(|i| i.target_name.contains("南高崖村")).collect();
        let lookback = ngy.iter().find(|i| i.kind.code() == "look_back").unwrap().id;
        let earlier = ngy.iter().find(|i| i.entry_date.year() == 2021).unwrap().id;
        let who = Who {
            office,
            team: actor("team4.leader").await,
            target: actor("gqb.secretary").await,
            round: insp.round_id,
            inspection: insp.id,
            lookback,
            earlier,
        };
        let first = pages(&app, &who).await;
        // Twelve more problems with three measures and a progress report each.
        let more: Vec<ImportedProblem> = (0..12)
            .map(|p| ImportedProblem {
                aspect: "财务管理不规范".into(),
                summary: format!("第{p}个村财务凭证审核不严"),
                measures: (0..3).map(|m| measure(p * 3 + m)).collect(),
            })
            .collect();
        app.import_ledger(&who.office, who.inspection, &more).await.unwrap();
        // Earlier problems for the look-back to list.
        app.import_ledger(&who.office, who.earlier, &more[..4]).await.unwrap();
        // Two more inspections for the fourth team.
        let admin = actor("admin").await;
        let team = app
            .list_teams(&who.office, who.round)
            .await
            .unwrap()
            .into_iter()
            .find(|t| t.team.name == "第四巡察组")
            .unwrap();
        for name in ["谷前堡镇东新村党支部", "谷前堡镇西新村党支部"] {
            let org = app
                .create_org(
                    xuncha_app::By::User(&admin),
                    &NewOrgInput {
                        name: name.into(),
                        kind: xuncha_domain::org::OrgKind::VillageBranch,
                        parent_id: Some(insp.target_org_id),
                        is_sample: false,
                    },
                )
                .await
                .unwrap();
            let input = NewInspectionInput {
                team_id: team.team.id,
                target_org_id: org.id,
                kind: xuncha_domain::inspection::InspectionKind::Village,
                entry_date: "2023-05-15".into(),
                exit_date: "2023-06-20".into(),
                announcement: String::new(),
            };
            app.create_inspection(&who.office, who.round, &input).await.unwrap();
        }
        // A new round with an inspection: reminders must not read round by round.
        let round = app
            .create_round(
                &who.office,
                &NewRoundInput {
                    name: "2024年第一轮巡察".into(),
                    start_date: "2024-04-08".into(),
                    end_date: "2024-06-28".into(),
                },
            )
            .await
            .unwrap();
        let team = app.create_team(&who.office, round.id, &NewTeamInput { name: "第一巡察组".into() }).await.unwrap();
        let input = NewInspectionInput {
            team_id: team.id,
            target_org_id: insp.target_org_id,
            kind: xuncha_domain::inspection::InspectionKind::LookBack,
            entry_date: "2024-04-15".into(),
            exit_date: "2024-05-20".into(),
            announcement: String::new(),
        };
        app.create_inspection(&who.office, round.id, &input).await.unwrap();
        let second = pages(&app, &who).await;
        let grew: Vec<String> = first
            .iter()
            .zip(&second)
            .filter(|(a, b)| b.1 > a.1)
            .map(|(a, b)| format!("{}: {} → {} statements", a.0, a.1, b.1))
            .collect();
        for (name, n) in &second {
            println!("{name}: {n} statements");
        }
        assert!(grew.is_empty(), "statements grew with the data: {grew:#?}");
    });
}
