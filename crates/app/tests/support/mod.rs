//! What the app's tests start from: the demo on a fresh SQLite database, its people and
//! inspections by name, and a one-measure problem to import into it.
// Each test binary uses part of this module.
#![allow(dead_code)]

use time::macros::date;
use xuncha_app::imports::{ImportedMeasure, ImportedProblem};
use xuncha_app::views::InspectionRecord as Inspection;
use xuncha_app::{App, Clock};
use xuncha_domain::access::Actor;
use xuncha_domain::measure::{DeadlineKind, MeasureFields, MeasureStatus};
use xuncha_testkit::TestDb;

/// The demo, judged as of 2023-11-10. Keep the database alive as long as the app.
pub async fn demo() -> (TestDb, App) {
    let db = TestDb::sqlite().await;
    let app = App::new(db.store.clone(), Clock::Fixed(date!(2023 - 11 - 10))).await.unwrap();
    xuncha_demo::load(&app).await.unwrap();
    (db, app)
}

/// A demo account by user name.
pub async fn actor(app: &App, username: &str) -> Actor {
    app.actor(app.find_user(username).await.unwrap().id).await.unwrap()
}

/// The inspection of the organisation named `target`, as `reader` lists it.
pub async fn inspection_of(app: &App, reader: &Actor, target: &str) -> Inspection {
    app.list_inspections(reader, None)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.target_name == target)
        .unwrap_or_else(|| panic!("{target}'s inspection"))
}

/// A problem with one open measure (梁志勇 responsible, due 2023-12-31), as a ledger import has it.
pub fn one_measure(aspect: &str, summary: &str, content: &str, standard: &str, progress: &str) -> ImportedProblem {
    ImportedProblem {
        aspect: aspect.into(),
        summary: summary.into(),
        measures: vec![ImportedMeasure {
            fields: MeasureFields {
                content: content.into(),
                responsible_person: "梁志勇".into(),
                deadline_kind: Some(DeadlineKind::Dated),
                deadline: Some(date!(2023 - 12 - 31)),
                completion_standard: standard.into(),
                ..MeasureFields::default()
            },
            status: MeasureStatus::NotDone,
            progress: progress.into(),
        }],
    }
}
