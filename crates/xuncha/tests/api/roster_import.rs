//! Rosters as offices fill them (title rows, units merged over their people, phones typed as
//! numbers, a notes row), read, previewed against the database and imported all or nothing, on
//! SQLite and PostgreSQL.

use rust_xlsxwriter::{Format, Workbook};
use xuncha_app::inputs::{NewOrgInput, NewUserInput};
use xuncha_app::roster::RosterMode;
use xuncha_app::{App, AppError};
use xuncha_documents::import::roster::read_roster;
use xuncha_domain::access::Actor;
use xuncha_testkit::{TestDb, both_backends};

both_backends!(a_roster_is_previewed_then_imported_all_or_nothing, the_roster_is_shown_only_to_those_who_keep_it);

fn roster(phone_of_han: &str) -> Vec<u8> {
    let mut wb = Workbook::new();
    let f = Format::new();
    let orgs = wb.add_worksheet();
    orgs.set_name("组织名册").unwrap();
    orgs.merge_range(0, 0, 0, 3, "天镇县基层党组织名册(2023年)", &f).unwrap();
    for (c, h) in ["序号", "党组织名称", "类型", "上级党组织"].iter().enumerate() {
        orgs.write_string(1, c as u16, *h).unwrap();
    }
    let rows = [
        ["1", "谷前堡镇党委", "乡镇党委", "中共天镇县委"],
        ["2", "谷前堡镇袁才庄村党支部", "村党支部", "谷前堡镇党委"],
        ["3", "谷前堡镇夏家屯村党支部", "村", "谷前堡镇党委"],
        ["4", "县档案馆", "县直单位", "中共天镇县委"],
        ["5", "张西河乡南关村党支部", "村党支部", "张西河乡党委"],
        ["6", "谷前堡镇东街社区", "科室", "谷前堡镇党委"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            orgs.write_string(2 + r as u32, c as u16, *v).unwrap();
        }
    }
    orgs.write_string(9, 0, "注:类型填写县委、县直单位、乡镇党委、村党支部或监督部门。").unwrap();

    let people = wb.add_worksheet();
    people.set_name("人员名册").unwrap();
    for (c, h) in ["序号", "姓名", "所在单位", "职务", "联系电话"].iter().enumerate() {
        people.write_string(0, c as u16, *h).unwrap();
    }
    // 谷前堡镇党委 merged over its two people.
    people.merge_range(1, 2, 2, 2, "谷前堡镇党委", &f).unwrap();
    let put = |ws: &mut rust_xlsxwriter::Worksheet, r: u32, name: &str, post: &str| {
        ws.write_string(r, 1, name).unwrap();
        ws.write_string(r, 3, post).unwrap();
    };
    put(people, 1, "韩永明", "党委书记");
    people.write_string(1, 4, phone_of_han).unwrap();
    put(people, 2, "田丽娟", "组织委员");
    people.write_string(2, 4, "0352-6012345").unwrap();
    put(people, 3, "王二保", "村党支部书记");
    people.write_string(3, 2, "谷前堡镇袁才庄村党支部").unwrap();
    people.write_number(3, 4, 13_903_520_002.0).unwrap();
    put(people, 4, "李成", "局长");
    people.write_string(4, 2, "县林业局").unwrap();
    put(people, 5, "赵六", "会计");
    people.write_string(5, 2, "谷前堡镇袁才庄村党支部").unwrap();
    people.write_string(5, 4, "12345").unwrap();
    wb.save_to_buffer().unwrap()
}

async fn setup(db: &TestDb) -> (App, Actor) {
    let (app, admin) = crate::helpers::app_with_admin(db).await;
    let county = NewOrgInput {
        name: "中共天镇县委".into(),
        kind: xuncha_domain::org::OrgKind::CountyCommittee,
        parent_id: None,
        is_sample: false,
    };
    app.create_org(xuncha_app::By::System, &county).await.unwrap();
    let actor = app.actor(admin.id).await.unwrap();
    (app, actor)
}

async fn org_names(app: &App, admin: &Actor) -> Vec<String> {
    app.list_orgs(admin).await.unwrap().into_iter().map(|o| o.name).collect()
}

async fn a_roster_is_previewed_then_imported_all_or_nothing(db: &TestDb) {
    let (app, admin) = setup(db).await;
    let read = read_roster(&roster("13903520001")).unwrap();
    assert_eq!((read.org_sheet.as_deref(), read.people_sheet.as_deref()), (Some("组织名册"), Some("人员名册")));
    assert_eq!(read.orgs.len(), 6, "the notes row is not an organisation");
    assert_eq!(read.people.len(), 5);
    assert_eq!(read.people[1].unit, "谷前堡镇党委", "the merged unit carries down");
    assert_eq!(read.people[2].phone, "13903520002", "a phone typed as a number");
    let described: Vec<String> = read.issues.iter().map(|i| i.describe()).collect();
    assert_eq!(
        described,
        vec![
            "组织名册 第8行 C列(类型):无法识别的组织类型“科室”(应为县委、县直单位、乡镇党委、村党支部或监督部门)"
                .to_string(),
            "人员名册 第6行 E列(联系电话):联系电话“12345”格式不对(手机11位,座机如0352-6012345)".to_string(),
        ]
    );

    let input = read.to_input();
    let preview = app.import_roster(&admin, &input, read.issues.len(), RosterMode::Preview).await.unwrap();
    assert!(!preview.applied);
    assert_eq!((preview.summary.orgs_created, preview.summary.people_created), (4, 3));
    let found: Vec<String> = preview.issues.iter().map(|i| i.describe()).collect();
    assert_eq!(
        found,
        vec![
            "组织名册 第7行 D列(上级党组织):上级组织“张西河乡党委”不存在(应已在系统中,或在本表中先于本行列出)"
                .to_string(),
            "人员名册 第5行 C列(所在单位):所在单位“县林业局”不存在".to_string(),
        ]
    );
    assert_eq!(org_names(&app, &admin).await, vec!["中共天镇县委"], "a preview writes nothing");

    let refused = app.import_roster(&admin, &input, read.issues.len(), RosterMode::All).await.unwrap();
    assert!(!refused.applied);
    assert_eq!(org_names(&app, &admin).await.len(), 1, "a file with issues changes nothing");

    let done = app.import_roster(&admin, &input, read.issues.len(), RosterMode::AcceptValid).await.unwrap();
    assert!(done.applied);
    assert_eq!(org_names(&app, &admin).await.len(), 5);
    let people = app.list_people(&admin, None).await.unwrap();
    assert_eq!(people.len(), 3);
    assert!(people.iter().any(|p| p.name == "王二保" && p.org_name == "谷前堡镇袁才庄村党支部"));

    // The same roster again, with a new phone: nothing duplicated, one person updated.
    let again = read_roster(&roster("13903529999")).unwrap();
    let second =
        app.import_roster(&admin, &again.to_input(), again.issues.len(), RosterMode::AcceptValid).await.unwrap();
    assert_eq!(
        (
            second.summary.orgs_created,
            second.summary.orgs_unchanged,
            second.summary.people_updated,
            second.summary.people_unchanged
        ),
        (0, 4, 1, 2)
    );
    let han = app.list_people(&admin, None).await.unwrap().into_iter().find(|p| p.name == "韩永明").unwrap();
    assert_eq!(han.phone, "13903529999");
    assert!(app.verify_audit().await.unwrap().is_ok(), "the audit chain holds");
}

async fn the_roster_is_shown_only_to_those_who_keep_it(db: &TestDb) {
    let (app, admin) = setup(db).await;
    let read = read_roster(&roster("13903520001")).unwrap();
    app.import_roster(&admin, &read.to_input(), 0, RosterMode::AcceptValid).await.unwrap();
    let orgs = app.list_orgs(&admin).await.unwrap();
    let id_of = |name: &str| orgs.iter().find(|o| o.name == name).unwrap().id;
    let user = |username: &str, role: xuncha_domain::role::Role, org: Option<xuncha_domain::OrgId>| NewUserInput {
        username: username.into(),
        display_name: username.into(),
        password: "chushi-mima-1".into(),
        role,
        org_id: org,
        body: None,
        post: String::new(),
        must_change_password: false,
    };
    let secretary = app
        .create_user(
            xuncha_app::By::User(&admin),
            &user("han", xuncha_domain::role::Role::TargetSecretary, Some(id_of("谷前堡镇党委"))),
        )
        .await
        .unwrap();
    let member = app
        .create_user(xuncha_app::By::User(&admin), &user("liu", xuncha_domain::role::Role::Team, None))
        .await
        .unwrap();
    let secretary = app.actor(secretary.id).await.unwrap();
    let own: Vec<String> = app.list_people(&secretary, None).await.unwrap().into_iter().map(|p| p.name).collect();
    assert_eq!(own, vec!["韩永明", "田丽娟"]);
    let other = app.list_people(&secretary, Some(id_of("谷前堡镇袁才庄村党支部"))).await;
    assert!(matches!(other, Err(AppError::NotFound)), "{other:?}");
    let member = app.actor(member.id).await.unwrap();
    assert!(matches!(app.list_people(&member, None).await, Err(AppError::Forbidden)));
    // Only the admin imports.
    let by_target = app.import_roster(&secretary, &read.to_input(), 0, RosterMode::Preview).await;
    assert!(matches!(by_target, Err(AppError::Forbidden)));
}
