//! The store's shared suite: every test runs on SQLite and on PostgreSQL.

use time::macros::date;
use time::{Duration, OffsetDateTime};
use xuncha_domain::audit::ChainBreak;
use xuncha_domain::id::*;
use xuncha_domain::inspection::InspectionKind;
use xuncha_domain::measure::{DeadlineKind, MeasureFields, MeasureStatus};
use xuncha_domain::org::OrgKind;
use xuncha_domain::pool::AccountLink;
use xuncha_domain::problem::{ProblemSource, ProblemStatus};
use xuncha_domain::role::{Role, TeamPosition};
use xuncha_store::{
    CadreFields, InspectionFilter, NewEvent, NewEvidence, NewInspection, NewPoolDraw, NewProblem, NewTie, NewUser,
    StoreError,
};
use xuncha_testkit::{TestDb, both_backends};

both_backends!(
    migrations_can_run_again,
    organisations_form_a_tree_and_names_are_unique,
    quotes_and_sql_in_values_are_stored_as_text,
    a_stale_version_is_a_conflict,
    the_audit_chain_verifies_and_names_an_altered_event,
    concurrent_writers_keep_the_chain_linear,
    a_removed_last_event_is_caught_by_the_head,
    inspection_lists_filter_by_team_and_target,
    evidence_bytes_round_trip,
    sessions_expire,
    problems_are_numbered_per_inspection,
    an_extension_keeps_the_first_original_deadline,
    people_are_listed_by_organisation_and_unique_by_name_in_one,
    rebound_decisions_and_looked_back_counts,
    text_changes_follow_every_measure_write,
    table_versions_move_with_their_tables_only,
    an_unknown_stored_code_fails_the_read,
    the_pool_keeps_cadres_ties_services_draws_and_swaps,
);

struct Fixture {
    user: UserId,
    county: OrgId,
    township: OrgId,
    village: OrgId,
    round: RoundId,
    team: TeamId,
    inspection: InspectionId,
}

async fn fixture(db: &TestDb) -> Fixture {
    let mut tx = db.store.begin().await.unwrap();
    let mut c = tx.conn();
    let county = c.insert_org("中共天镇县委", OrgKind::CountyCommittee, None, false).await.unwrap();
    let township = c.insert_org("谷前堡镇党委", OrgKind::TownshipCommittee, Some(county), false).await.unwrap();
    let village = c.insert_org("谷前堡镇袁才庄村党支部", OrgKind::VillageBranch, Some(township), false).await.unwrap();
    let user = c
        .insert_user(&NewUser {
            username: "liu",
            display_name: "刘建军",
            password_hash: "x",
            role: Role::Team,
            org_id: None,
            body: None,
            post: "",
            must_change_password: false,
        })
        .await
        .unwrap();
    let round = c.insert_round("2023年第一轮巡察", date!(2023 - 04 - 27), date!(2023 - 07 - 14), None).await.unwrap();
    let team = c.insert_team(round, "第四巡察组").await.unwrap();
    c.add_member(team, user, TeamPosition::Leader).await.unwrap();
    let inspection = c
        .insert_inspection(&NewInspection {
            round_id: round,
            team_id: team,
            target_org_id: township,
            kind: InspectionKind::Regular,
            entry_date: date!(2023 - 04 - 27),
            exit_date: date!(2023 - 06 - 30),
            announcement: "",
        })
        .await
        .unwrap();
    tx.commit().await.unwrap();
    Fixture { user, county, township, village, round, team, inspection }
}

async fn problem(db: &TestDb, f: &Fixture) -> ProblemId {
    let mut tx = db.store.begin().await.unwrap();
    let id = tx
        .conn()
        .insert_problem(&NewProblem {
            inspection_id: f.inspection,
            source: ProblemSource::Talk,
            aspect_id: None,
            summary: "村级财务公开不及时",
            detail: "",
            evidence_list: "",
            found_on: date!(2023 - 06 - 10),
            drafted_by: f.user,
        })
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

fn measure_fields() -> MeasureFields {
    MeasureFields {
        content: "每季度首月10日前公开上季度财务收支".into(),
        responsible_person: "张翠兰".into(),
        deadline_kind: Some(DeadlineKind::Dated),
        deadline: Some(date!(2023 - 10 - 31)),
        completion_standard: "公开栏照片".into(),
        ..MeasureFields::default()
    }
}

fn event(summary: &str) -> NewEvent<'_> {
    NewEvent {
        actor_id: None,
        action: "test.write",
        entity: "test",
        entity_id: Some(1),
        summary,
        before: "{}",
        after: "{}",
    }
}

async fn migrations_can_run_again(db: &TestDb) {
    db.store.migrate().await.expect("second run is a no-op");
    assert!(db.store.read().await.unwrap().conn().list_orgs().await.unwrap().is_empty());
}

async fn organisations_form_a_tree_and_names_are_unique(db: &TestDb) {
    let f = fixture(db).await;
    let mut h = db.store.read().await.unwrap();
    assert_eq!(h.conn().org_ancestors(f.village).await.unwrap(), vec![f.township, f.county]);
    drop(h);
    let mut tx = db.store.begin().await.unwrap();
    let dup = tx.conn().insert_org("谷前堡镇党委", OrgKind::TownshipCommittee, Some(f.county), false).await;
    assert!(matches!(dup, Err(StoreError::Duplicate)), "{dup:?}");
}

async fn people_are_listed_by_organisation_and_unique_by_name_in_one(db: &TestDb) {
    let f = fixture(db).await;
    let mut tx = db.store.begin().await.unwrap();
    let mut c = tx.conn();
    let tian = c.insert_person(f.township, "田丽娟", "组织委员", "0352-6012345").await.unwrap();
    c.insert_person(f.village, "王二保", "村党支部书记", "13903520001").await.unwrap();
    // The same name may appear in another organisation, not twice in one.
    c.insert_person(f.village, "田丽娟", "村委委员", "").await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = db.store.begin().await.unwrap();
    assert!(matches!(tx.conn().insert_person(f.township, "田丽娟", "", "").await, Err(StoreError::Duplicate)));
    drop(tx);
    let mut tx = db.store.begin().await.unwrap();
    tx.conn().update_person(tian, "党委副书记", "13803520002").await.unwrap();
    tx.commit().await.unwrap();
    let mut h = db.store.read().await.unwrap();
    let found = h.conn().find_person(f.township, "田丽娟").await.unwrap().unwrap();
    assert_eq!(
        (found.post.as_str(), found.phone.as_str(), found.org_name.as_str()),
        ("党委副书记", "13803520002", "谷前堡镇党委")
    );
    let village: Vec<String> =
        h.conn().list_people(Some(f.village)).await.unwrap().into_iter().map(|p| p.name).collect();
    assert_eq!(village, vec!["王二保", "田丽娟"]);
    assert_eq!(h.conn().list_people(None).await.unwrap().len(), 3);
}

async fn rebound_decisions_and_looked_back_counts(db: &TestDb) {
    let f = fixture(db).await;
    let earlier = problem(db, &f).await;
    let mut tx = db.store.begin().await.unwrap();
    let mut c = tx.conn();
    c.set_problem_closed(earlier, true).await.unwrap();
    // Nothing looked back yet: the organisation has not been inspected again.
    assert!(c.looked_back_counts().await.unwrap().is_empty());
    let round = c.insert_round("2024年第一轮巡察", date!(2024 - 04 - 01), date!(2024 - 06 - 30), None).await.unwrap();
    let team = c.insert_team(round, "第一巡察组").await.unwrap();
    let later = c
        .insert_inspection(&NewInspection {
            round_id: round,
            team_id: team,
            target_org_id: f.township,
            kind: InspectionKind::LookBack,
            entry_date: date!(2024 - 04 - 08),
            exit_date: date!(2024 - 05 - 10),
            announcement: "",
        })
        .await
        .unwrap();
    let finding = c
        .insert_problem(&NewProblem {
            inspection_id: later,
            source: ProblemSource::Talk,
            aspect_id: None,
            summary: "村级财务公开仍不及时",
            detail: "",
            evidence_list: "",
            found_on: date!(2024 - 04 - 20),
            drafted_by: f.user,
        })
        .await
        .unwrap();
    let looked = c.looked_back_counts().await.unwrap();
    assert_eq!((looked.len(), looked[0].org_id, looked[0].closed, looked[0].rebounded), (1, f.township, 1, 0));
    let decision = |confirmed| xuncha_store::ReboundDecision {
        problem_id: finding,
        earlier_id: earlier,
        confirmed,
        score: 0.62,
        decided_by: f.user,
        decided_at: OffsetDateTime::now_utc(),
    };
    c.put_rebound_decision(&decision(false)).await.unwrap();
    c.put_rebound_decision(&decision(true)).await.unwrap();
    c.set_rebound(finding, 1, Some(earlier)).await.unwrap();
    let decisions = c.rebound_decisions(finding).await.unwrap();
    assert_eq!(decisions.len(), 1, "a later decision replaces the earlier one");
    assert!(decisions[0].confirmed && (decisions[0].score - 0.62).abs() < 1e-9);
    assert_eq!(c.looked_back_counts().await.unwrap()[0].rebounded, 1);
    tx.commit().await.unwrap();
}

async fn quotes_and_sql_in_values_are_stored_as_text(db: &TestDb) {
    let name = "x'); DROP TABLE organisation; --“引号”";
    let mut tx = db.store.begin().await.unwrap();
    let id = tx.conn().insert_org(name, OrgKind::CountyCommittee, None, false).await.unwrap();
    tx.commit().await.unwrap();
    let mut h = db.store.read().await.unwrap();
    assert_eq!(h.conn().get_org(id).await.unwrap().unwrap().name, name);
    assert_eq!(h.conn().find_org(name).await.unwrap().unwrap().id, id);
}

async fn a_stale_version_is_a_conflict(db: &TestDb) {
    let f = fixture(db).await;
    let p = problem(db, &f).await;
    let mut tx = db.store.begin().await.unwrap();
    let m = tx.conn().insert_measure(p, &measure_fields()).await.unwrap();
    tx.conn().update_measure(m, 1, &measure_fields()).await.unwrap();
    let stale = tx.conn().update_measure(m, 1, &measure_fields()).await;
    assert!(matches!(stale, Err(StoreError::Conflict)), "{stale:?}");
    assert_eq!(tx.conn().get_measure(m).await.unwrap().unwrap().version, 2);
}

async fn the_audit_chain_verifies_and_names_an_altered_event(db: &TestDb) {
    let mut tx = db.store.begin().await.unwrap();
    for i in 0..5 {
        tx.conn().append_event(&event(&format!("第{i}次写入"))).await.unwrap();
    }
    tx.commit().await.unwrap();
    let mut h = db.store.read().await.unwrap();
    assert_eq!(h.conn().verify_chain().await.unwrap(), Ok(5));
    drop(h);
    // Alter event 3 behind the store's back.
    let mut tx = db.store.begin().await.unwrap();
    raw(&mut tx, "UPDATE audit_event SET summary = '篡改' WHERE seq = 3").await;
    tx.commit().await.unwrap();
    let mut h = db.store.read().await.unwrap();
    assert_eq!(h.conn().verify_chain().await.unwrap(), Err(ChainBreak::Altered { seq: 3 }));
}

async fn a_removed_last_event_is_caught_by_the_head(db: &TestDb) {
    let mut tx = db.store.begin().await.unwrap();
    for _ in 0..3 {
        tx.conn().append_event(&event("写入")).await.unwrap();
    }
    raw(&mut tx, "DELETE FROM audit_event WHERE seq = 3").await;
    tx.commit().await.unwrap();
    let mut h = db.store.read().await.unwrap();
    assert_eq!(h.conn().verify_chain().await.unwrap(), Err(ChainBreak::Truncated { head_seq: 3, last_seq: 2 }));
}

async fn concurrent_writers_keep_the_chain_linear(db: &TestDb) {
    let mut tasks = Vec::new();
    for i in 0..16 {
        let store = db.store.clone();
        tasks.push(tokio::spawn(async move {
            let mut tx = store.begin().await.unwrap();
            let s = format!("并发写入{i}");
            tx.conn().append_event(&event(&s)).await.unwrap();
            tokio::task::yield_now().await;
            tx.commit().await.unwrap();
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let mut h = db.store.read().await.unwrap();
    assert_eq!(h.conn().verify_chain().await.unwrap(), Ok(16));
}

async fn inspection_lists_filter_by_team_and_target(db: &TestDb) {
    let f = fixture(db).await;
    let mut h = db.store.read().await.unwrap();
    let mine = InspectionFilter { team_ids: Some(vec![f.team]), ..Default::default() };
    assert_eq!(h.conn().list_inspections(&mine).await.unwrap().len(), 1);
    let other = InspectionFilter { team_ids: Some(vec![TeamId::new(f.team.get() + 100)]), ..Default::default() };
    assert!(h.conn().list_inspections(&other).await.unwrap().is_empty());
    let none = InspectionFilter { team_ids: Some(vec![]), ..Default::default() };
    assert!(h.conn().list_inspections(&none).await.unwrap().is_empty());
    let target = InspectionFilter { target_org_id: Some(f.township), round_id: Some(f.round), ..Default::default() };
    let list = h.conn().list_inspections(&target).await.unwrap();
    assert_eq!(list[0].target_name, "谷前堡镇党委");
    let fed_back = InspectionFilter { fed_back_only: true, ..Default::default() };
    assert!(h.conn().list_inspections(&fed_back).await.unwrap().is_empty());
}

async fn evidence_bytes_round_trip(db: &TestDb) {
    let f = fixture(db).await;
    let p = problem(db, &f).await;
    let data: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let mut tx = db.store.begin().await.unwrap();
    let m = tx.conn().insert_measure(p, &measure_fields()).await.unwrap();
    let e = tx
        .conn()
        .insert_evidence(&NewEvidence {
            measure_id: m,
            file_name: "公开栏照片.png",
            content_type: "image/png",
            sha256: "00",
            data: &data,
            description: "",
            document_date: Some(date!(2023 - 09 - 30)),
            uploaded_by: f.user,
        })
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let mut h = db.store.read().await.unwrap();
    assert_eq!(h.conn().evidence_data(e).await.unwrap().unwrap(), data);
    let meta = h.conn().get_evidence(e).await.unwrap().unwrap();
    assert_eq!((meta.size, meta.document_date), (70_000, Some(date!(2023 - 09 - 30))));
    assert_eq!(h.conn().evidence_count(m).await.unwrap(), 1);
}

async fn sessions_expire(db: &TestDb) {
    let f = fixture(db).await;
    let now = OffsetDateTime::now_utc();
    let mut tx = db.store.begin().await.unwrap();
    tx.conn().insert_session("live", f.user, now + Duration::hours(1)).await.unwrap();
    tx.conn().insert_session("dead", f.user, now - Duration::seconds(1)).await.unwrap();
    tx.commit().await.unwrap();
    let mut h = db.store.read().await.unwrap();
    assert_eq!(h.conn().session_user("live", now).await.unwrap().unwrap().id, f.user);
    assert!(h.conn().session_user("dead", now).await.unwrap().is_none());
    assert!(h.conn().session_user("nope", now).await.unwrap().is_none());
}

async fn problems_are_numbered_per_inspection(db: &TestDb) {
    let f = fixture(db).await;
    let a = problem(db, &f).await;
    let b = problem(db, &f).await;
    let mut h = db.store.read().await.unwrap();
    let list = h.conn().list_problems(f.inspection).await.unwrap();
    assert_eq!(list.iter().map(|p| (p.id, p.number)).collect::<Vec<_>>(), vec![(a, 1), (b, 2)]);
    assert!(list.iter().all(|p| p.status == ProblemStatus::Draft));
}

async fn an_extension_keeps_the_first_original_deadline(db: &TestDb) {
    let f = fixture(db).await;
    let p = problem(db, &f).await;
    let mut tx = db.store.begin().await.unwrap();
    let m = tx.conn().insert_measure(p, &measure_fields()).await.unwrap();
    tx.conn().extend_measure(m, date!(2023 - 11 - 30)).await.unwrap();
    tx.conn().extend_measure(m, date!(2023 - 12 - 31)).await.unwrap();
    let got = tx.conn().get_measure(m).await.unwrap().unwrap();
    assert_eq!(got.original_deadline, Some(date!(2023 - 10 - 31)));
    assert_eq!(got.deadline, Some(date!(2023 - 12 - 31)));
    assert_eq!(got.status, MeasureStatus::NotDone);
}

/// A code written behind the store's back (a hand-edited database, a downgrade) is refused when
/// read, for required and optional codes alike: never a silent default such as "no body".
async fn an_unknown_stored_code_fails_the_read(db: &TestDb) {
    let f = fixture(db).await;
    let mut h = db.store.read().await.unwrap();
    assert!(h.conn().find_user("liu").await.unwrap().unwrap().body.is_none());
    drop(h);
    for sql in [
        "UPDATE app_user SET body = 'tribunal' WHERE username = 'liu'",
        "UPDATE app_user SET role = 'king' WHERE username = 'liu'",
    ] {
        let mut tx = db.store.begin().await.unwrap();
        raw(&mut tx, sql).await;
        tx.commit().await.unwrap();
        let mut h = db.store.read().await.unwrap();
        assert!(h.conn().find_user("liu").await.is_err(), "{sql}");
        drop(h);
        let mut tx = db.store.begin().await.unwrap();
        raw(&mut tx, "UPDATE app_user SET body = NULL, role = 'team' WHERE username = 'liu'").await;
        tx.commit().await.unwrap();
    }
    let mut h = db.store.read().await.unwrap();
    assert_eq!(h.conn().find_user("liu").await.unwrap().unwrap().id, f.user);
}

/// Runs SQL behind the store's back (to simulate tampering).
async fn raw(tx: &mut xuncha_store::Tx, sql: &'static str) {
    match tx.conn() {
        xuncha_store::Conn::Sqlite(c, _) => {
            sqlx::query(sql).execute(c).await.unwrap();
        }
        xuncha_store::Conn::Pg(c, _) => {
            sqlx::query(sql).execute(c).await.unwrap();
        }
    }
}

async fn text_changes_follow_every_measure_write(db: &TestDb) {
    let f = fixture(db).await;
    let p = problem(db, &f).await;
    let start = db.store.read().await.unwrap().conn().last_text_change().await.unwrap();
    let mut tx = db.store.begin().await.unwrap();
    let kept = tx.conn().insert_measure(p, &measure_fields()).await.unwrap();
    let dropped = tx.conn().insert_measure(p, &measure_fields()).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = db.store.begin().await.unwrap();
    let mut c = tx.conn();
    // A draft problem's measures are not compared; feeding back brings them in.
    assert!(c.measure_texts_of(&[kept, dropped]).await.unwrap().is_empty());
    c.sign_problem(p, 1, ProblemStatus::LeaderSigned, f.user).await.unwrap();
    c.feed_back_problems(f.inspection).await.unwrap();
    let edited = MeasureFields { content: "每月5日前公开上月财务收支".into(), ..measure_fields() };
    c.update_measure(kept, 1, &edited).await.unwrap();
    // Only the text counts: a new status changes nothing that is compared.
    c.set_measure_status(kept, 2, MeasureStatus::LargelyDone).await.unwrap();
    c.delete_measure(dropped, 1).await.unwrap();
    c.insert_org("谷前堡镇西村党支部", OrgKind::VillageBranch, Some(f.township), false).await.unwrap();
    tx.commit().await.unwrap();

    let mut h = db.store.read().await.unwrap();
    let mut c = h.conn();
    let all = c.text_changes(start).await.unwrap();
    // The problem's own rows (for search) are checked below; here the measures and names.
    let seen: Vec<(String, i64)> =
        all.iter().filter(|t| t.kind != "problem").map(|t| (t.kind.clone(), t.entity_id)).collect();
    assert_eq!(all.iter().filter(|t| t.kind == "problem").count(), 2, "signed, fed back: {all:?}");
    let m = |id: MeasureId| ("measure".to_string(), id.get());
    assert_eq!(seen[..2], [m(kept), m(dropped)], "added");
    // Signed, then fed back: each moves the problem's status, so both measures twice.
    for id in [kept, dropped] {
        assert_eq!(seen[2..6].iter().filter(|s| **s == m(id)).count(), 2, "{seen:?}");
    }
    assert_eq!(seen[6..], [m(kept), m(dropped), ("organisation".to_string(), seen[8].1)], "edited, removed, new name");
    let changes = c.text_changes(start).await.unwrap();
    assert!(changes.windows(2).all(|w| w[0].id < w[1].id), "in order");
    assert_eq!(c.last_text_change().await.unwrap(), changes.last().unwrap().id);
    assert!(c.text_changes(changes.last().unwrap().id).await.unwrap().is_empty());
    let texts = c.measure_texts_of(&[kept, dropped]).await.unwrap();
    assert_eq!(texts.len(), 1, "the removed one is gone");
    assert_eq!((texts[0].content.as_str(), texts[0].org_name.as_str()), ("每月5日前公开上月财务收支", "谷前堡镇党委"));
    assert_eq!(texts[0].round_name, "2023年第一轮巡察");
    let paged = c.measure_texts(MeasureId::new(0), 10).await.unwrap();
    assert_eq!(paged.iter().map(|t| t.measure_id).collect::<Vec<_>>(), vec![kept]);
    assert!(c.measure_texts(kept, 10).await.unwrap().is_empty());
}

async fn table_versions_move_with_their_tables_only(db: &TestDb) {
    let f = fixture(db).await;
    let p = problem(db, &f).await;
    let written = |tables: &'static [&'static str]| async move {
        db.store.read().await.unwrap().conn().tables_written(tables).await.unwrap()
    };
    let (problems, inspections, names) =
        (written(&["problem"]).await, written(&["inspection", "team"]).await, written(&["organisation"]).await);
    // Measures, their status and progress are not read by what these tables key.
    let mut tx = db.store.begin().await.unwrap();
    let m = tx.conn().insert_measure(p, &measure_fields()).await.unwrap();
    tx.conn().set_measure_status(m, 1, MeasureStatus::LargelyDone).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(written(&["problem"]).await, problems);
    assert_eq!(written(&["inspection", "team"]).await, inspections);
    // A problem signed moves the problems; nothing else.
    let mut tx = db.store.begin().await.unwrap();
    tx.conn().sign_problem(p, 1, ProblemStatus::LeaderSigned, f.user).await.unwrap();
    tx.commit().await.unwrap();
    assert!(written(&["problem"]).await > problems);
    assert_eq!(written(&["inspection", "team"]).await, inspections);
    assert_eq!(written(&["organisation"]).await, names);
    let mut tx = db.store.begin().await.unwrap();
    tx.conn().insert_org("谷前堡镇东村党支部", OrgKind::VillageBranch, Some(f.township), false).await.unwrap();
    tx.commit().await.unwrap();
    assert!(written(&["organisation"]).await > names);
    assert_eq!(written(&["inspection", "team"]).await, inspections);
    assert_eq!(written(&["no_such_table"]).await, 0);
}

async fn the_pool_keeps_cadres_ties_services_draws_and_swaps(db: &TestDb) {
    let f = fixture(db).await;
    let mut tx = db.store.begin().await.unwrap();
    let mut c = tx.conn();
    let fields = |name| CadreFields {
        name,
        org_id: f.township,
        post: "组织委员",
        phone: "",
        expertise: "organisation,discipline",
        active: true,
        note: "",
    };
    let feng = c.insert_cadre(&fields("冯晓燕")).await.unwrap();
    let liu = c.insert_cadre(&fields("刘建军")).await.unwrap();
    let ties = [
        NewTie {
            kind: "former", org_id: f.village, detail: "驻村第一书记", left_on: Some(date!(2022 - 06 - 30))
        },
        NewTie { kind: "relative", org_id: f.county, detail: "配偶", left_on: None },
    ];
    c.replace_cadre_ties(feng, &ties).await.unwrap();
    // Replaced, not added to.
    c.replace_cadre_ties(feng, &ties).await.unwrap();
    c.link_cadre_user(liu, f.user, AccountLink::ByName).await.unwrap();
    tx.commit().await.unwrap();
    // Name and unit are unique; a user is linked to one cadre, once.
    let mut tx = db.store.begin().await.unwrap();
    assert!(matches!(tx.conn().insert_cadre(&fields("冯晓燕")).await, Err(StoreError::Duplicate)));
    drop(tx);
    let mut tx = db.store.begin().await.unwrap();
    assert!(matches!(tx.conn().link_cadre_user(liu, f.user, AccountLink::Office).await, Err(StoreError::Conflict)));
    drop(tx);
    // How the account came is kept; the office confirms or undoes a link at the version read,
    // and an undone link stays undone (the cadre is not linked by name again).
    let mut tx = db.store.begin().await.unwrap();
    let read = tx.conn().get_cadre(liu).await.unwrap().unwrap();
    assert_eq!((read.user_id, read.account_link), (Some(f.user), AccountLink::ByName));
    assert!(matches!(tx.conn().confirm_cadre_user(liu, read.version - 1).await, Err(StoreError::Conflict)));
    tx.conn().confirm_cadre_user(liu, read.version).await.unwrap();
    let confirmed = tx.conn().get_cadre(liu).await.unwrap().unwrap();
    assert_eq!(confirmed.account_link, AccountLink::Office);
    tx.conn().unlink_cadre_user(liu, confirmed.version).await.unwrap();
    let undone = tx.conn().get_cadre(liu).await.unwrap().unwrap();
    assert_eq!((undone.user_id, undone.account_link), (None, AccountLink::Refused));
    assert!(matches!(tx.conn().unlink_cadre_user(liu, undone.version).await, Err(StoreError::Conflict)));
    assert!(matches!(tx.conn().confirm_cadre_user(liu, undone.version).await, Err(StoreError::Conflict)));
    assert_eq!(tx.conn().get_cadre(feng).await.unwrap().unwrap().account_link, AccountLink::Unlinked);
    tx.conn().link_cadre_user(liu, f.user, AccountLink::Office).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = db.store.begin().await.unwrap();
    assert!(matches!(tx.conn().update_cadre(feng, 99, &fields("冯晓燕")).await, Err(StoreError::Conflict)));
    let draw = tx
        .conn()
        .insert_pool_draw(&NewPoolDraw {
            team_id: f.team,
            seed: i64::MAX,
            slots: "[]",
            years: 3,
            population: "[]",
            picks: "[]",
            note: "增配人员",
            drawn_by: f.user,
        })
        .await
        .unwrap();
    tx.conn().insert_pool_swap(draw, liu, feng, "工作需要", f.user).await.unwrap();
    tx.commit().await.unwrap();

    let mut h = db.store.read().await.unwrap();
    let cadres = h.conn().list_cadres().await.unwrap();
    assert_eq!(cadres.len(), 2);
    assert_eq!(
        (cadres[0].org_name.as_str(), cadres[0].expertise.as_str()),
        ("谷前堡镇党委", "organisation,discipline")
    );
    let kept = h.conn().list_cadre_ties(Some(feng)).await.unwrap();
    assert_eq!(kept.len(), 2);
    assert_eq!((kept[0].org_name.as_str(), kept[0].left_on), ("谷前堡镇袁才庄村党支部", Some(date!(2022 - 06 - 30))));
    assert_eq!(kept[1].left_on, None);
    assert_eq!(h.conn().cadre_of_user(f.user).await.unwrap().map(|c| c.id), Some(liu));
    // The linked account's team counts as a service.
    let served = h.conn().cadre_services().await.unwrap();
    assert_eq!(served.len(), 1);
    assert_eq!((served[0].cadre_id, served[0].team_name.as_str()), (liu, "第四巡察组"));
    let d = h.conn().get_pool_draw(draw).await.unwrap().unwrap();
    assert_eq!((d.seed, d.team_name.as_str(), d.round_id), (i64::MAX, "第四巡察组", f.round));
    assert_eq!(h.conn().round_pool_draws(f.round).await.unwrap().len(), 1);
    let swaps = h.conn().draw_swaps(draw).await.unwrap();
    assert_eq!((swaps[0].out_cadre_id, swaps[0].in_cadre_id, swaps[0].reason.as_str()), (liu, feng, "工作需要"));
}
