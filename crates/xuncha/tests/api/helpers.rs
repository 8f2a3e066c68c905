//! `spawn_app`: a server on port 0 over a fresh database, and logged-in clients per role.

use std::sync::Arc;

use reqwest::StatusCode;
use serde_json::{Value, json};
use time::macros::date;
use tokio::sync::oneshot;
use xuncha_app::inputs::NewUserInput;
use xuncha_app::{App, Clock};
use xuncha_store::Backend;
use xuncha_testkit::TestDb;
use xuncha_web::AppState;
use xuncha_web::client::TrustedProxies;

pub const PASSWORD: &str = "ceshi-mima-2023";

pub struct TestApp {
    pub base: String,
    /// The server's store, for tests that look behind the API (or act as the CLI would).
    pub store: xuncha_store::Store,
    /// The public side's listener.
    pub public_base: String,
    /// Held so the database lives as long as the server.
    _db: TestDb,
    stop: Option<oneshot::Sender<()>>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

/// Starts the server as of 2023-11-10 (the dates in the fixtures are from the 2023 round), with
/// one admin account.
pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, TrustedProxies::default()).await
}

/// The same, believing `X-Forwarded-For` from `proxies`.
pub async fn spawn_app_with(backend: Backend, proxies: TrustedProxies) -> TestApp {
    let db = TestDb::new(backend).await;
    let (app, _) = app_with_admin(&db).await;
    serve_with(db, app, proxies).await
}

/// The application on `db` as of 2023-11-10 with one administrator, `admin` ([`PASSWORD`]).
pub async fn app_with_admin(db: &TestDb) -> (App, xuncha_app::views::UserRecord) {
    let app = App::new(db.store.clone(), Clock::Fixed(date!(2023 - 11 - 10))).await.unwrap();
    let input = NewUserInput {
        username: "admin".into(),
        display_name: "系统管理员".into(),
        password: PASSWORD.into(),
        role: xuncha_domain::role::Role::Admin,
        org_id: None,
        body: None,
        post: String::new(),
        must_change_password: false,
    };
    let admin = app.create_user(xuncha_app::By::System, &input).await.unwrap();
    (app, admin)
}

/// Starts the server on a database the caller has filled.
pub async fn serve(db: TestDb, app: App) -> TestApp {
    serve_with(db, app, TrustedProxies::default()).await
}

async fn serve_with(db: TestDb, app: App, proxies: TrustedProxies) -> TestApp {
    let app = Arc::new(app);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let public = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let public_base = format!("http://{}", public.local_addr().unwrap());
    let (tx, rx) = oneshot::channel::<()>();
    let state = AppState::new(app, false).with_proxies(proxies);
    tokio::spawn(xuncha_web::serve(listener, Some(public), state, async {
        let _ = rx.await;
    }));
    TestApp { base, public_base, store: db.store.clone(), _db: db, stop: Some(tx) }
}

/// An HTTP client with its own cookie jar.
#[derive(Clone)]
pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
}

pub type Reply = (StatusCode, Value);

impl Client {
    pub fn anonymous(base: &str) -> Client {
        Client { http: reqwest::Client::builder().cookie_store(true).build().unwrap(), base: base.to_string() }
    }

    async fn send(&self, req: reqwest::RequestBuilder) -> Reply {
        let res = req.send().await.expect("request sent");
        let status = res.status();
        let text = res.text().await.unwrap();
        let body =
            if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
        (status, body)
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(self.http.get(format!("{}{path}", self.base))).await
    }
    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.send(self.http.post(format!("{}{path}", self.base)).json(&body)).await
    }
    pub async fn put(&self, path: &str, body: Value) -> Reply {
        self.send(self.http.put(format!("{}{path}", self.base)).json(&body)).await
    }
    pub async fn delete(&self, path: &str) -> Reply {
        self.send(self.http.delete(format!("{}{path}", self.base))).await
    }
    pub async fn upload(&self, path: &str, name: &str, mime: &str, data: Vec<u8>, document_date: &str) -> Reply {
        let part = reqwest::multipart::Part::bytes(data).file_name(name.to_string()).mime_str(mime).unwrap();
        let form = reqwest::multipart::Form::new()
            .part("file", part)
            .text("description", "整改佐证")
            .text("document_date", document_date.to_string());
        self.send(self.http.post(format!("{}{path}", self.base)).multipart(form)).await
    }
    /// Posts one office file as the multipart field `file`.
    pub async fn upload_file(&self, path: &str, name: &str, data: Vec<u8>) -> Reply {
        let part = reqwest::multipart::Part::bytes(data).file_name(name.to_string());
        self.send(
            self.http
                .post(format!("{}{path}", self.base))
                .multipart(reqwest::multipart::Form::new().part("file", part)),
        )
        .await
    }
    /// A download: status, content type and bytes.
    pub async fn download(&self, path: &str) -> (StatusCode, String, Vec<u8>) {
        let res = self.http.get(format!("{}{path}", self.base)).send().await.expect("request sent");
        let kind = res.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        (res.status(), kind, res.bytes().await.unwrap().to_vec())
    }
}

impl TestApp {
    pub async fn login(&self, username: &str) -> Client {
        let c = Client::anonymous(&self.base);
        let (status, body) = c.post("/api/session", json!({ "username": username, "password": PASSWORD })).await;
        assert_eq!(status, StatusCode::OK, "login {username}: {body}");
        c
    }
}

/// The server over a fresh database holding the demo county (as of 2023-11-10).
pub async fn demo_server(backend: Backend) -> TestApp {
    let db = TestDb::new(backend).await;
    let app = App::new(db.store.clone(), Clock::Fixed(date!(2023 - 11 - 10))).await.unwrap();
    xuncha_demo::load(&app).await.unwrap();
    serve(db, app).await
}

/// Where a sealed server's database is, for the command line: its URL and its audit key.
pub struct DbOnDisk {
    pub url: String,
    pub key: std::path::PathBuf,
}

/// The demo county on a database sealed with an audit key, as `xuncha serve` runs by default.
pub async fn sealed_demo_server(backend: Backend) -> (TestApp, DbOnDisk) {
    let db = TestDb::new(backend).await;
    let folder = db.scratch("sealed");
    std::fs::create_dir_all(&folder).unwrap();
    let key = folder.join("audit-key");
    let store = db.store.clone().with_sealer(xuncha_store::Sealer::load_or_create(&key).unwrap());
    let app = App::new(store, Clock::Fixed(date!(2023 - 11 - 10))).await.unwrap();
    xuncha_demo::load(&app).await.unwrap();
    let on_disk = DbOnDisk { url: db.url.clone(), key };
    (serve(db, app).await, on_disk)
}

/// Runs `sql` on the database behind the server's back (a tamperer with database access).
pub async fn exec_sql(store: &xuncha_store::Store, sql: &str) {
    let mut tx = store.begin().await.unwrap();
    let sql = sqlx::AssertSqlSafe(sql.to_owned());
    match tx.conn() {
        xuncha_store::Conn::Sqlite(c, _) => sqlx::query(sql).execute(c).await.unwrap().rows_affected(),
        xuncha_store::Conn::Pg(c, _) => sqlx::query(sql).execute(c).await.unwrap().rows_affected(),
    };
    tx.commit().await.unwrap();
}

/// A form posted to the public side (no session, no token): status and page.
pub async fn post_form(base: &str, path: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
    let res = reqwest::Client::new().post(format!("{base}{path}")).form(form).send().await.unwrap();
    (res.status(), res.text().await.unwrap())
}

/// A page of the public side: status and HTML.
pub async fn get_page(base: &str, path: &str) -> (StatusCode, String) {
    let res = reqwest::Client::new().get(format!("{base}{path}")).send().await.unwrap();
    (res.status(), res.text().await.unwrap())
}

/// The 16 digits shown once on a receipt page.
pub fn receipt_code(html: &str) -> String {
    let marker = r#"id="receipt-code">"#;
    let start = html.find(marker).expect("receipt code on the page") + marker.len();
    html[start..].chars().take_while(|c| *c != '<').filter(|c| c.is_ascii_digit()).collect()
}

/// Signs in with a name and password: the client and the answer's status.
pub async fn sign_in(base: &str, username: &str, password: &str) -> (Client, StatusCode) {
    let c = Client::anonymous(base);
    let (status, _) = c.post("/api/session", json!({ "username": username, "password": password })).await;
    (c, status)
}

/// Signs in as one of the demo's accounts.
pub async fn demo_login(base: &str, username: &str) -> Client {
    let (c, status) = sign_in(base, username, xuncha_demo::DEMO_PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "login {username}");
    c
}

/// Asserts the status and returns the body.
#[track_caller]
pub fn expect(reply: Reply, status: StatusCode) -> Value {
    assert_eq!(reply.0, status, "body: {}", reply.1);
    reply.1
}

/// The messages of a 422 answer.
pub fn messages(body: &Value) -> Vec<String> {
    body["error"]["fields"].as_array().unwrap().iter().map(|f| f["message"].as_str().unwrap().to_string()).collect()
}

/// The organisations and accounts most tests use, created through the API as the admin.
pub struct World {
    pub admin: Client,
    pub township: i64,
    pub other_township: i64,
    users: Vec<(String, i64)>,
}

impl World {
    /// The id of an account made by `world`.
    pub fn user(&self, username: &str) -> i64 {
        self.users
            .iter()
            .find(|(u, _)| u == username)
            .map(|(_, id)| *id)
            .unwrap_or_else(|| panic!("no user {username}"))
    }
}

/// Creates a round as the office and returns its id.
pub async fn create_round(office: &Client, name: &str, start: &str, end: &str) -> i64 {
    let round = expect(
        office.post("/api/rounds", json!({ "name": name, "start_date": start, "end_date": end })).await,
        StatusCode::CREATED,
    );
    round["id"].as_i64().unwrap()
}

pub async fn world(t: &TestApp) -> World {
    let admin = t.login("admin").await;
    let org = |name: &str, kind: &str, parent: Option<i64>| json!({ "name": name, "kind": kind, "parent_id": parent });
    let county = expect(
        admin.post("/api/organisations", org("中共天镇县委", "county_committee", None)).await,
        StatusCode::CREATED,
    )["id"]
        .as_i64()
        .unwrap();
    let township = expect(
        admin.post("/api/organisations", org("谷前堡镇党委", "township_committee", Some(county))).await,
        StatusCode::CREATED,
    )["id"]
        .as_i64()
        .unwrap();
    let village = expect(
        admin.post("/api/organisations", org("谷前堡镇袁才庄村党支部", "village_branch", Some(township))).await,
        StatusCode::CREATED,
    )["id"]
        .as_i64()
        .unwrap();
    let other_township = expect(
        admin.post("/api/organisations", org("张西河乡党委", "township_committee", Some(county))).await,
        StatusCode::CREATED,
    )["id"]
        .as_i64()
        .unwrap();
    let users = [
        ("office", "王振华", "office", None, None),
        ("leader", "赵志远", "leader", None, None),
        ("liu", "刘建军", "team", None, None),
        ("chen", "陈晓东", "team", None, None),
        ("yang", "杨丽", "team", None, None),
        ("he", "何鹏", "team", Some(village), None),
        ("outsider", "高文斌", "team", None, None),
        ("han", "韩永明", "target_secretary", Some(township), None),
        ("hexl", "贺晓琳", "target_liaison", Some(township), None),
        ("wu", "武建平", "target_secretary", Some(other_township), None),
        ("jiwei", "孙立新", "supervisor", None, Some("discipline")),
        ("zuzhibu", "周慧敏", "supervisor", None, Some("organisation")),
    ];
    let mut ids = Vec::new();
    for (username, name, role, org_id, body) in users {
        let input = json!({ "username": username, "display_name": name, "password": PASSWORD, "role": role, "org_id": org_id, "body": body });
        let created = expect(admin.post("/api/users", input).await, StatusCode::CREATED);
        ids.push((username.to_string(), created["id"].as_i64().unwrap()));
    }
    World { admin, township, other_township, users: ids }
}

/// Declares each listed test (`async fn name(backend: Backend)`) for SQLite and PostgreSQL.
#[macro_export]
macro_rules! on_both {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() { super::$name(xuncha_store::Backend::Sqlite).await }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if xuncha_testkit::skip_pg() { eprintln!("skipped: XUNCHA_SKIP_PG=1"); return; }
                    super::$name(xuncha_store::Backend::Postgres).await
                }
            )+
        }
    };
}

/// A work paper drafted by the member `chen` and signed off by `chen` (deputy) then `liu`
/// (leader), as the tests' teams are formed.
pub async fn signed_problem(t: &TestApp, inspection_id: i64, source: &str, summary: &str) {
    let (liu, chen) = (t.login("liu").await, t.login("chen").await);
    let p = expect(
        chen.post(
            &format!("/api/inspections/{inspection_id}/problems"),
            json!({ "source": source, "summary": summary }),
        )
        .await,
        StatusCode::CREATED,
    );
    let p = expect(
        chen.post(&format!("/api/problems/{}/sign", p["id"]), json!({ "version": p["version"] })).await,
        StatusCode::OK,
    );
    expect(
        liu.post(&format!("/api/problems/{}/sign", p["id"]), json!({ "version": p["version"] })).await,
        StatusCode::OK,
    );
}

/// Two teams, each inspecting one township; the first is fed back. Returns (office, first id, second id).
pub async fn two_inspections(t: &TestApp) -> (Client, i64, i64) {
    let w = world(t).await;
    let office = t.login("office").await;
    let uid = |name: &str| w.user(name);
    let rid = create_round(&office, "2023年第一轮巡察", "2023-04-27", "2023-07-14").await;
    let mut ids = Vec::new();
    for (team, leader, deputy, target) in
        [("第四巡察组", "liu", "chen", w.township), ("第三巡察组", "outsider", "yang", w.other_township)]
    {
        let tm = expect(
            office.post(&format!("/api/rounds/{rid}/teams"), json!({ "name": team })).await,
            StatusCode::CREATED,
        );
        let tid = tm["id"].as_i64().unwrap();
        expect(
            office
                .post(&format!("/api/teams/{tid}/members"), json!({ "user_id": uid(leader), "position": "leader" }))
                .await,
            StatusCode::CREATED,
        );
        expect(
            office
                .post(&format!("/api/teams/{tid}/members"), json!({ "user_id": uid(deputy), "position": "deputy" }))
                .await,
            StatusCode::CREATED,
        );
        let i = expect(office.post(&format!("/api/rounds/{rid}/inspections"), json!({ "team_id": tid, "target_org_id": target, "kind": "regular", "entry_date": "2023-05-04", "exit_date": "2023-06-30" })).await, StatusCode::CREATED);
        ids.push(i["id"].as_i64().unwrap());
    }
    let liu = t.login("liu").await;
    signed_problem(t, ids[0], "documents", "作风建设不扎实,值班制度执行不严").await;
    let i = expect(liu.get(&format!("/api/inspections/{}", ids[0])).await, StatusCode::OK);
    expect(
        liu.post(
            &format!("/api/inspections/{}/feedback", ids[0]),
            json!({ "version": i["version"], "date": "2023-08-15", "signed_for_by": "韩永明" }),
        )
        .await,
        StatusCode::OK,
    );
    (office, ids[0], ids[1])
}

/// The demo's look-back of 南高崖村, by the inspection list the client reads.
pub async fn ngy_lookback(client: &Client) -> i64 {
    let list = expect(client.get("/api/inspections").await, reqwest::StatusCode::OK);
    list.as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "look_back" && i["target_name"].as_str().unwrap().contains("南高崖村"))
        .expect("the demo's look-back")["id"]
        .as_i64()
        .unwrap()
}
