//! The demo tells the paper-only story: every kind of signal shows on at least one plan, and the
//! office's ranking puts the organisations with most signals first.

mod support;

use std::collections::BTreeSet;

use xuncha_analysis::signals::SignalKind;
use xuncha_app::AppError;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_shows_each_signal_and_ranks_organisations() {
    let (_db, app) = support::demo().await;
    let office = support::actor(&app, "office").await;
    let mut seen = BTreeSet::new();
    let mut copy_reasons = Vec::new();
    for round in app.list_rounds(&office).await.unwrap() {
        let ranking = app.signal_ranking(&office, round.id).await.unwrap();
        for w in ranking.windows(2) {
            assert!(w[0].total() >= w[1].total(), "most signals first");
        }
        for plan in &ranking {
            for s in plan.measures.iter().flat_map(|m| &m.signals).chain(&plan.plan) {
                assert!(!s.reason.is_empty());
                seen.insert(s.kind.code());
                if s.kind == SignalKind::Copied {
                    copy_reasons.push((plan.target_name.clone(), s.reason.clone()));
                }
            }
        }
    }
    assert!(
        copy_reasons.iter().any(|(who, why)| who == "卅里铺乡党委" && why.contains("谷前堡镇党委")),
        "卅里铺乡's copied measure names its twin: {copy_reasons:?}"
    );
    // Closing needs evidence, so "closed without evidence" only arises in data from before xuncha.
    let missing: Vec<&str> =
        SignalKind::ALL.iter().map(|k| k.code()).filter(|c| *c != "no_evidence" && !seen.contains(c)).collect();
    assert!(missing.is_empty(), "the demo shows no {missing:?} (seen {seen:?})");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_look_back_suggests_rebounds_the_office_decides_and_rates_count_them() {
    let (_db, app) = support::demo().await;
    let (office, leader4, target) = (
        support::actor(&app, "office").await,
        support::actor(&app, "team4.leader").await,
        support::actor(&app, "ngy.secretary").await,
    );
    let lookback = app
        .list_inspections(&office, None)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.target_name.contains("南高崖村") && i.kind.code() == "look_back")
        .expect("the look-back");
    let findings = app.list_problems(&office, lookback.id).await.unwrap();
    let disclosure = findings.iter().find(|p| p.problem.summary.starts_with("村务公开")).unwrap();
    let meetings = findings.iter().find(|p| p.problem.summary.contains("三会一课")).unwrap();

    let c = app.rebound_candidates(&leader4, disclosure.problem.id).await.unwrap();
    assert_eq!(c[0].decision, Some(true), "confirmed by the office in the demo");
    assert!(c[0].earlier.summary.contains("村务公开") && c[0].shared_words.contains(&"村务公开".to_string()));
    let pending = app.rebound_candidates(&office, meetings.problem.id).await.unwrap();
    assert_eq!(pending.len(), 1, "{pending:?}");
    assert_eq!(pending[0].decision, None);
    assert!(pending[0].shared_words.contains(&"三会一课".to_string()), "{:?}", pending[0].shared_words);
    assert!(app.rebound_candidates(&target, meetings.problem.id).await.is_err(), "not for the target");

    // A team leader may not decide; the office dismisses, then confirms.
    let input = |version, confirm| xuncha_app::rebounds::ReboundDecisionInput {
        version,
        earlier_id: pending[0].earlier.id,
        confirm,
    };
    let v = meetings.problem.version;
    assert!(matches!(
        app.decide_rebound(&leader4, meetings.problem.id, &input(v, true)).await,
        Err(AppError::Forbidden)
    ));
    let p = app.decide_rebound(&office, meetings.problem.id, &input(v, false)).await.unwrap();
    assert_eq!(p.rebound_of, None);
    assert_eq!(app.rebound_candidates(&office, meetings.problem.id).await.unwrap()[0].decision, Some(false));
    let rates = app.rebound_rates(&office).await.unwrap();
    let ngy = rates.by_org.iter().find(|r| r.name.contains("南高崖村")).unwrap();
    assert_eq!((ngy.closed, ngy.rebounded), (3, 1));
    let p = app.decide_rebound(&office, meetings.problem.id, &input(p.version, true)).await.unwrap();
    assert_eq!(p.rebound_of, Some(pending[0].earlier.id));
    let rates = app.rebound_rates(&office).await.unwrap();
    let ngy = rates.by_org.iter().find(|r| r.name.contains("南高崖村")).unwrap();
    assert_eq!((ngy.closed, ngy.rebounded, ngy.percent()), (3, 2, 66));
    assert!(rates.by_aspect.iter().any(|r| r.rebounded > 0));
    assert!(app.verify_audit().await.unwrap().is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kept_ranking_is_judged_again_once_the_data_changes() {
    let (_db, app) = support::demo().await;
    let office = support::actor(&app, "office").await;
    let insp = support::inspection_of(&app, &office, "谷前堡镇党委").await;
    let total = |ranking: &[xuncha_app::signals::PlanSignals]| {
        ranking.iter().find(|p| p.inspection_id == insp.id).map(|p| p.total()).unwrap_or(0)
    };
    let before = total(&app.signal_ranking(&office, insp.round_id).await.unwrap());
    assert_eq!(total(&app.signal_ranking(&office, insp.round_id).await.unwrap()), before, "kept");
    let vague = support::one_measure(
        "作风建设不扎实",
        "值班制度执行不严",
        "加强学习,提高认识,切实转变作风。",
        "作风明显好转",
        "",
    );
    app.import_ledger(&office, insp.id, &[vague]).await.unwrap();
    let after = total(&app.signal_ranking(&office, insp.round_id).await.unwrap());
    assert!(after > before, "the vague measure is judged: {before} → {after}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_copy_index_follows_measures_and_names_added_after_it_was_built() {
    use xuncha_app::inputs::NewOrgInput;

    let (db, app) = support::demo().await;
    let office = support::actor(&app, "office").await;
    let inspections = app.list_inspections(&office, None).await.unwrap();
    let source = inspections.iter().find(|i| i.target_name == "谷前堡镇党委").expect("谷前堡镇's inspection");
    let copier = inspections
        .iter()
        .find(|i| i.feedback_date.is_some() && i.target_name.contains("南高崖村"))
        .expect("a fed-back inspection of another organisation");
    // The index is built by the first reader.
    let original = app.plan_signals(&office, source.id).await.unwrap();
    let copied_before =
        |p: &xuncha_app::signals::PlanSignals| p.measures.iter().filter(|m| !m.twins.is_empty()).count();
    let before = copied_before(&app.plan_signals(&office, copier.id).await.unwrap());
    let text =
        db.store.read().await.unwrap().conn().measure_texts(xuncha_domain::MeasureId::new(0), 10_000).await.unwrap();
    let taken = text
        .iter()
        .filter(|t| t.org_name == "谷前堡镇党委")
        .max_by_key(|t| t.content.chars().count())
        .expect("a measure of 谷前堡镇")
        .clone();
    assert!(original.measure_count > 0);

    let handed_in = support::one_measure(
        "作风建设不扎实",
        "集体收益管理不规范",
        &taken.content.replace("谷前堡镇", "南高崖村"),
        "制度印发文件",
        "",
    );
    app.import_ledger(&office, copier.id, &[handed_in]).await.unwrap();
    let found = |p: xuncha_app::signals::PlanSignals| {
        p.measures.into_iter().find(|m| m.twins.iter().any(|t| t.measure_id == taken.measure_id))
    };
    let caught = found(app.plan_signals(&office, copier.id).await.unwrap()).expect("the new measure is a copy");
    assert_eq!(caught.twins[0].org_name, "谷前堡镇党委");
    assert!(caught.signals[0].reason.contains("谷前堡镇党委"), "{:?}", caught.signals);
    assert_eq!(copied_before(&app.plan_signals(&office, copier.id).await.unwrap()), before + 1);
    // The other side sees it too, and a new organisation's name (every text masked anew) keeps it.
    let back = app.plan_signals(&office, source.id).await.unwrap();
    assert!(back.measures.iter().any(|m| m.twins.iter().any(|t| t.measure_id == caught.measure_id)));
    // Twins once looked up are remembered, until a change concerns them: the copy rewritten
    // into a measure of its own leaves both sides.
    let twinned_to = |p: &xuncha_app::signals::PlanSignals, id| {
        p.measures.iter().any(|m| m.twins.iter().any(|t| t.measure_id == id))
    };
    rewrite(&db, caught.measure_id, "村务监督委员会每季度对集体收益账目逐笔审核并公示").await;
    assert!(!twinned_to(&app.plan_signals(&office, source.id).await.unwrap(), caught.measure_id), "forgotten");
    assert!(found(app.plan_signals(&office, copier.id).await.unwrap()).is_none());
    // Handed in again as the copy: found again from both sides.
    rewrite(&db, caught.measure_id, &caught.content).await;
    assert!(twinned_to(&app.plan_signals(&office, source.id).await.unwrap(), caught.measure_id));
    let parent = app.list_orgs(&office).await.unwrap().into_iter().find(|o| o.name == "谷前堡镇党委").unwrap();
    let input = NewOrgInput {
        name: "谷前堡镇新胜村党支部".into(),
        kind: xuncha_domain::org::OrgKind::VillageBranch,
        parent_id: Some(parent.id),
        is_sample: false,
    };
    app.create_org(xuncha_app::By::System, &input).await.unwrap();
    assert!(found(app.plan_signals(&office, copier.id).await.unwrap()).is_some(), "built again, still found");
}

/// Rewrites a measure's content as an edit would, with its audit event (the data has changed).
async fn rewrite(db: &xuncha_testkit::TestDb, measure_id: xuncha_domain::MeasureId, content: &str) {
    let mut tx = db.store.begin().await.unwrap();
    let mut c = tx.conn();
    let m = c.get_measure(measure_id).await.unwrap().unwrap();
    let fields = xuncha_domain::measure::MeasureFields { content: content.into(), ..m.fields() };
    c.update_measure(m.id, m.version, &fields).await.unwrap();
    let event = xuncha_store::NewEvent {
        actor_id: None,
        action: "measure.update",
        entity: "measure",
        entity_id: m.id.into(),
        summary: "改写整改措施",
        before: "{}",
        after: "{}",
    };
    c.append_event(&event).await.unwrap();
    tx.commit().await.unwrap();
}
