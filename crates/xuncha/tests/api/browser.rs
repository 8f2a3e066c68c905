//! Browser tests: the pages people use, in headless Debian Chromium through WebDriver, on the
//! demo data. Screenshots of each main page go to `target/screenshots/`.
//!
//! Needs `chromium` and `chromedriver` on the PATH (`.ci/run` installs them). Set
//! `XUNCHA_SKIP_BROWSER=1` to skip on a machine without them.

use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use time::macros::date;
use tokio::sync::oneshot;
use xuncha_app::{App, Clock};
use xuncha_testkit::TestDb;
use xuncha_web::AppState;

struct Browser {
    client: Client,
    driver: Child,
    base: String,
    public_base: String,
    shots: PathBuf,
    _profile: PathBuf,
    _db: TestDb,
    _stop: oneshot::Sender<()>,
}

impl Drop for Browser {
    /// Stops chromedriver and every browser process it started, also when the test panicked:
    /// killing chromedriver alone leaves Chromium running, reparented to init. chromedriver leads
    /// a process group of its own, which Chromium's processes inherit; any process that left it
    /// is still found by its profile folder, which is this test's alone.
    fn drop(&mut self) {
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
        let _ = self.driver.wait();
        for _ in 0..50 {
            let left = processes_using(&self._profile);
            if left.is_empty() {
                break;
            }
            for pid in left {
                let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).stderr(Stdio::null()).status();
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = std::fs::remove_dir_all(&self._profile);
    }
}

/// Live processes whose command line names `profile` (a test's own Chromium profile folder).
fn processes_using(profile: &std::path::Path) -> Vec<u32> {
    let needle = profile.to_string_lossy().into_owned();
    let Ok(dir) = std::fs::read_dir("/proc") else { return Vec::new() };
    dir.filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse::<u32>().ok()))
        .filter(|pid| {
            let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            // A zombie has already stopped; it only waits for its parent.
            let zombie = state.rsplit(')').next().is_some_and(|rest| rest.trim_start().starts_with('Z'));
            !zombie
                && std::fs::read(format!("/proc/{pid}/cmdline"))
                    .is_ok_and(|c| String::from_utf8_lossy(&c).contains(needle.as_str()))
        })
        .collect()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Starts the demo on a random port, chromedriver, and a headless Chromium session.
async fn start() -> Option<Browser> {
    if std::env::var("XUNCHA_SKIP_BROWSER").is_ok_and(|v| v == "1") {
        eprintln!("skipped: XUNCHA_SKIP_BROWSER=1");
        return None;
    }
    let db = TestDb::sqlite().await;
    let app = App::new(db.store.clone(), Clock::Fixed(date!(2023 - 11 - 10))).await.unwrap();
    xuncha_demo::load(&app).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let public = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let public_base = format!("http://{}", public.local_addr().unwrap());
    let (stop, rx) = oneshot::channel::<()>();
    tokio::spawn(xuncha_web::serve(listener, Some(public), AppState::new(Arc::new(app), false), async {
        let _ = rx.await;
    }));

    let port = free_port();
    let driver = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .process_group(0)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver on the PATH (apt-get install chromium-driver), or XUNCHA_SKIP_BROWSER=1");
    let profile = std::env::temp_dir().join(format!("xuncha_chrome_{}_{port}", std::process::id()));
    let caps = json!({
        "browserName": "chrome",
        "unhandledPromptBehavior": "accept",
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1366,768",
                     format!("--user-data-dir={}", profile.display())]
        }
    });
    let caps = caps.as_object().unwrap().clone();
    let mut client = None;
    for _ in 0..50 {
        let mut b = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
        b.capabilities(caps.clone());
        match b.connect(&format!("http://127.0.0.1:{port}")).await {
            Ok(c) => {
                client = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
    let client = client.expect("a WebDriver session");
    let shots = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    Some(Browser { client, driver, base, public_base, shots, _profile: profile, _db: db, _stop: stop })
}

impl Browser {
    async fn go(&self, path: &str) {
        self.client.goto(&format!("{}{path}", self.base)).await.unwrap();
    }
    async fn text(&self, css: &str) -> String {
        self.client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}")).text().await.unwrap()
    }
    async fn exists(&self, css: &str) -> bool {
        !self.client.find_all(Locator::Css(css)).await.unwrap().is_empty()
    }
    async fn fill(&self, css: &str, value: &str) {
        let el = self.client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}"));
        el.clear().await.unwrap();
        el.send_keys(value).await.unwrap();
    }
    async fn click(&self, css: &str) {
        self.client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}")).click().await.unwrap();
    }
    /// Clicks a button that submits a form or follows a link, and waits until the next page has
    /// loaded (the old document is marked, so a page that merely looks the same is not taken for it).
    async fn submit(&self, css: &str) {
        self.client.execute("document.documentElement.dataset.stale = '1';", vec![]).await.unwrap();
        self.click(css).await;
        for _ in 0..100 {
            let fresh = self
                .client
                .execute("return document.readyState === 'complete' && document.documentElement.dataset.stale === undefined;", vec![])
                .await
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false);
            if fresh {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no new page after clicking {css}");
    }
    /// Date inputs take typed keys in the browser's locale order; set the ISO value directly.
    async fn set_date(&self, css: &str, iso: &str) {
        let script = "document.querySelector(arguments[0]).value = arguments[1];";
        self.client.execute(script, vec![json!(css), json!(iso)]).await.unwrap();
    }
    async fn shot(&self, name: &str) {
        let png = self.client.screenshot().await.unwrap();
        std::fs::write(self.shots.join(format!("{name}.png")), png).unwrap();
    }
    async fn login(&self, username: &str) {
        self.client.delete_all_cookies().await.unwrap();
        self.go("/login").await;
        self.fill("#username", username).await;
        self.fill("#password", xuncha_demo::DEMO_PASSWORD).await;
        self.submit("button[type=submit]").await;
    }
    /// The page of the finding of 南高崖村's 2023 look-back whose text contains `words`, reached
    /// as the office reaches it: rounds, the round, the inspection, the finding.
    async fn open_lookback_finding(&self, words: &str) {
        self.go("/rounds").await;
        self.client.find(Locator::LinkText("2023年第一轮巡察")).await.unwrap().click().await.unwrap();
        let link = self.client.wait().for_element(Locator::XPath("//a[contains(text(),'南高崖村')]")).await.unwrap();
        let href = link.attr("href").await.unwrap().unwrap();
        self.go(&href).await;
        let row = format!("//tr[td[contains(text(),'{words}')]]//a[starts-with(@href,'/problems/')]");
        let finding = self.client.find(Locator::XPath(&row)).await.unwrap();
        let href = finding.attr("href").await.unwrap().unwrap();
        self.go(&href).await;
    }
    /// The id of the first element matching `css`, without its prefix.
    async fn id_of(&self, css: &str, prefix: &str) -> String {
        let id = self.client.find(Locator::Css(css)).await.unwrap().attr("id").await.unwrap().unwrap();
        id.trim_start_matches(prefix).to_string()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_role_logs_in_to_its_own_home() {
    let Some(b) = start().await else { return };
    b.go("/").await;
    assert!(b.client.current_url().await.unwrap().path().ends_with("/login"), "no session goes to login");
    b.shot("login").await;
    b.fill("#username", "office").await;
    b.fill("#password", "wrong-password").await;
    b.submit("button[type=submit]").await;
    assert_eq!(b.text("#login-error").await, "用户名或密码错误");
    for (user, heading, who, shot) in [
        ("office", "巡察整改总览", "王振华(巡察办)", "home_office"),
        ("leader", "巡察整改总览", "赵志远(领导小组)", "home_leader"),
        ("team4.leader", "本组巡察", "吴卫东(巡察组)", "home_team"),
        ("gqb.secretary", "本单位整改", "韩永明(被巡察党组织书记)", "home_target"),
        ("jiwei", "移交本单位的事项", "孙立新(县纪委监委)", "home_supervisor"),
        ("admin", "系统管理", "系统管理员(系统管理员)", "home_admin"),
    ] {
        b.login(user).await;
        assert_eq!(b.text("#who").await, who);
        assert!(b.text("h1").await.starts_with(heading), "{user} sees {}", b.text("h1").await);
        b.shot(shot).await;
    }
    // The office's overview lists the overdue measures; a target never sees tips.
    b.login("office").await;
    // It opens on the round in rectification, not the later one still in the field.
    assert!(b.text("h1").await.contains("2023年第一轮巡察"), "the round in rectification first");
    b.client.find(Locator::LinkText("2023年第二轮巡察")).await.unwrap();
    b.client.wait().for_element(Locator::Css("#overdue + .table-wrap")).await.unwrap();
    assert!(b.text("#overdue + .table-wrap").await.contains("红灯逾期"));
    let by_aspect = b.text("#by-aspect").await;
    assert!(by_aspect.contains("财务管理不规范") && by_aspect.contains("组织生活流于形式"), "{by_aspect}");
    b.shot("home_office").await;
    // The unit table filters by what is typed and sorts by any column.
    let shown = "return [...document.querySelectorAll('#units tbody tr')].filter(r => !r.hidden).map(r => r.cells[0].querySelector('a').textContent.trim());";
    let all = b.client.execute(shown, vec![]).await.unwrap().as_array().unwrap().len();
    b.fill("#units-filter", "谷前堡镇党委").await;
    assert_eq!(b.client.execute(shown, vec![]).await.unwrap(), json!(["谷前堡镇党委"]));
    b.fill("#units-filter", " ").await;
    assert_eq!(b.client.execute(shown, vec![]).await.unwrap().as_array().unwrap().len(), all);
    b.click("#units thead th:nth-child(5) button.sort").await;
    assert_eq!(
        b.client
            .find(Locator::Css("#units thead th:nth-child(5)"))
            .await
            .unwrap()
            .attr("aria-sort")
            .await
            .unwrap()
            .as_deref(),
        Some("ascending")
    );
    let counts =
        "return [...document.querySelectorAll('#units tbody tr')].map(r => parseInt(r.cells[4].textContent, 10));";
    let counts: Vec<i64> = serde_json::from_value(b.client.execute(counts, vec![]).await.unwrap()).unwrap();
    assert!(counts.windows(2).all(|w| w[0] <= w[1]) && counts.len() == all, "{counts:?}");
    b.shot("home_office_units_sorted").await;
    // The ledger of that round, filtered to overdue measures, sorted by due date.
    b.submit("a[href^='/ledger?round=']").await;
    assert!(b.text("h1").await.contains("2023年第一轮巡察"));
    b.client.execute("document.querySelector('#f-light').value = 'red';", vec![]).await.unwrap();
    b.submit("#ledger-apply").await;
    let ledger = b.text("#ledger tbody").await;
    // The overdue measures under an approved plan (proposals of plans not yet approved are due
    // on no date): one late, one reopened after a re-check found its 销号 untrue.
    assert_eq!(ledger.matches("红灯逾期").count(), 2, "{ledger}");
    assert!(ledger.starts_with("1 谷前堡镇党委"), "numbered from 1: {ledger}");
    assert!(!ledger.contains("黄灯预警"));
    b.shot("ledger_red").await;
    b.go("/notifications").await;
    let notices = b.text("#notices").await;
    assert!(notices.contains("县审计局报送了整改方案,等待审核"), "{notices}");
    assert!(notices.contains("谷前堡镇党委有2条整改措施逾期"), "{notices}");
    b.shot("notifications_office").await;
    b.login("gqb.secretary").await;
    b.go("/notifications").await;
    let notices = b.text("#notices").await;
    assert!(notices.starts_with("红灯逾期"), "red first: {notices}");
    assert!(notices.contains("黄灯预警") && notices.contains("绿灯提醒"), "{notices}");
    b.go("/").await;
    let page = b.text("main").await;
    assert!(!page.contains("举报"), "a target's home never mentions tips");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_goes_from_gap_to_approval_and_a_measure_is_closed_with_evidence() {
    let Some(b) = start().await else { return };
    // 卅里铺乡's draft plan: its one measure lacks a responsible person.
    b.login("slp.secretary").await;
    b.submit("a[id^=plan-link-]").await;
    let inspection: String = b.client.current_url().await.unwrap().path().split('/').nth(2).unwrap().to_string();
    // Measures are compact rows; the one with a gap says what it lacks in its row.
    let mid = b.id_of("a[id^=edit-m]", "edit-m").await;
    assert!(b.text(&format!("#m{mid}-gaps")).await.contains("未明确责任人"));
    assert!(!b.exists(&format!("#m{mid}-form")).await, "no form is open until one is asked for");
    b.shot("plan_with_gap").await;
    b.submit("#submit-plan").await;
    assert!(b.text("#submit-errors").await.contains("问题1的第1条措施未明确责任人"));
    // Fix the gap through the row's own edit form, and submit.
    b.submit(&format!("#edit-m{mid}")).await;
    assert!(b.text(&format!("#m{mid}-responsible_person-error")).await.contains("未明确责任人"));
    b.fill(&format!("#m{mid}-responsible_person"), "王官屯村支部书记 李建设").await;
    b.submit(&format!("#m{mid}-save")).await;
    assert_eq!(b.text(".flash").await, "已保存");
    assert!(!b.exists(&format!("#m{mid}-gaps")).await);
    // A 立行立改 measure without a date of its own says the date it is judged by; a date
    // already behind today is flagged before submission; a measure added by mistake is deleted.
    let pid = b.id_of("textarea[id^=new][id$=-content]", "new").await.trim_end_matches("-content").to_string();
    b.client
        .execute("document.querySelectorAll('details.add-measure').forEach(d => d.open = true);", vec![])
        .await
        .unwrap();
    b.fill(&format!("#new{pid}-content"), "召开专题组织生活会,对发展党员工作滞后问题作出说明并制定整改台账").await;
    b.fill(&format!("#new{pid}-responsible_person"), "卅里铺乡党委副书记 张志强").await;
    b.client
        .execute(&format!("document.querySelector('#new{pid}-deadline_kind').value = 'immediate';"), vec![])
        .await
        .unwrap();
    b.fill(&format!("#new{pid}-completion_standard"), "组织生活会会议记录和整改台账").await;
    b.submit(&format!("#new{pid}-save")).await;
    assert_eq!(b.text(".flash").await, "已新增整改措施");
    let rows = b.text(&format!("#measures-{pid}")).await;
    assert!(rows.contains("立行立改,以方案报送时限") && rows.contains("为准"), "{rows}");
    let added = b.id_of(&format!("#measures-{pid} tbody tr:last-child a[id^=edit-m]"), "edit-m").await;
    b.submit(&format!("#edit-m{added}")).await;
    b.client
        .execute(&format!("document.querySelector('#m{added}-deadline_kind').value = 'dated';"), vec![])
        .await
        .unwrap();
    b.set_date(&format!("#m{added}-deadline"), "2023-10-31").await;
    b.submit(&format!("#m{added}-save")).await;
    assert!(b.text(&format!("#m{added}-past")).await.contains("已早于今天(2023-11-10)"));
    b.shot("plan_editor_rows").await;
    b.client.execute("window.confirm = () => true;", vec![]).await.unwrap();
    b.submit(&format!("#delete-m{added}")).await;
    assert_eq!(b.text(".flash").await, "已删除该条整改措施");
    assert!(!b.exists(&format!("#m{added}")).await);
    b.submit("#submit-plan").await;
    assert_eq!(b.text("#plan-status").await, "已报送待审核");

    // The office returns it with a comment on the problem.
    b.login("office").await;
    b.go(&format!("/inspections/{inspection}/plan")).await;
    b.shot("plan_review").await;
    let pid = b.id_of("textarea[id^=pc-]", "pc-").await;
    b.fill(&format!("#pc-{pid}"), "积极分子人数要落实到村,写明培养联系人").await;
    b.fill("#review-comments", "请细化措施后重新报送").await;
    b.submit("#return-plan").await;
    assert_eq!(b.text("#plan-status").await, "已退回修改");

    // The target sees the comments, edits and resubmits; the office approves.
    b.login("slp.secretary").await;
    b.go(&format!("/inspections/{inspection}/plan")).await;
    assert!(b.text(&format!("#comment-{pid}")).await.contains("培养联系人"));
    assert!(b.text("#office-comments").await.contains("请细化措施"));
    b.submit(&format!("#edit-m{mid}")).await;
    b.fill(&format!("#m{mid}-content"), "对党员发展空白的王官屯村、李家庄村、赵家坊村逐村制定发展计划,年底前每村确定入党积极分子不少于2名并明确培养联系人").await;
    b.submit(&format!("#m{mid}-save")).await;
    b.submit("#submit-plan").await;
    assert_eq!(b.text("#plan-status").await, "已报送待审核");
    b.login("office").await;
    b.go(&format!("/inspections/{inspection}/plan")).await;
    b.submit("#approve-plan").await;
    assert_eq!(b.text("#plan-status").await, "审核通过");
    // Each submission names who signed it and who reviewed it, and when (China time).
    let submissions = b.text("#submissions").await;
    assert!(submissions.contains("2023年11月10日") && submissions.contains("书记)"), "{submissions}");
    assert!(submissions.contains("王振华(县委巡察办综合科科长)"), "{submissions}");

    // Evidence: the target uploads, the office verifies and closes.
    b.login("slp.secretary").await;
    b.go(&format!("/measures/{mid}")).await;
    b.fill("#progress-content", "三个村均已确定入党积极分子2名").await;
    b.submit("#progress-save").await;
    let pdf = std::env::temp_dir().join(format!("xuncha_evidence_{}.pdf", std::process::id()));
    std::fs::write(&pdf, b"%PDF-1.4\n% \xe5\x85\xa5\xe5\x85\x9a\xe7\xa7\xaf\xe6\x9e\x81\xe5\x88\x86\xe5\xad\x90\xe5\x90\x8d\xe5\x8d\x95\n").unwrap();
    b.client.find(Locator::Css("#evidence-file")).await.unwrap().send_keys(&pdf.to_string_lossy()).await.unwrap();
    b.set_date("#evidence-date", "2023-11-08").await;
    b.fill("#evidence-description", "入党积极分子名单").await;
    b.submit("#evidence-upload").await;
    assert_eq!(b.text(".flash").await, "佐证材料已上传");
    assert!(b.text("#evidence").await.contains(&pdf.file_name().unwrap().to_string_lossy().to_string()));
    assert!(!b.exists("#close-measure").await, "a target cannot close its own measure");
    b.shot("measure_target").await;
    b.login("office").await;
    b.go(&format!("/measures/{mid}")).await;
    // The unit still reports the measure unfinished: closing it anyway needs a stated reason,
    // and a refusal stays on the page, with the menu and what was typed.
    assert!(b.text("#close-unapplied").await.contains("未完成"));
    b.fill("#close-note", "经核验入党积极分子名单及培养联系人安排,整改到位").await;
    let unrequire = "document.querySelector('#close-reason').removeAttribute('required');";
    b.client.execute(unrequire, vec![]).await.unwrap();
    b.submit("#close-measure").await;
    assert!(b.text("#form-errors").await.contains("须说明理由"));
    assert!(b.exists("nav a[href='/ledger']").await, "the menu stays");
    assert!(b.text("#close-note").await.contains("培养联系人安排"), "what was typed stays");
    assert_eq!(b.text("#measure-status").await, "未完成");
    b.shot("measure_close_refused").await;
    b.fill("#close-reason", "单位未及时更新进展,经巡察办现场核验已完成").await;
    b.submit("#close-measure").await;
    assert_eq!(b.text("#measure-status").await, "已销号");
    let closed_by = b.text("#closed-by").await;
    assert!(closed_by.contains("销号人 王振华(县委巡察办综合科科长)"), "{closed_by}");
    assert!(closed_by.contains("经巡察办现场核验已完成"), "{closed_by}");
    // The history names who acted, by name and post, and when in China time on the demo's day.
    let history = b.text("#record-history").await;
    assert!(history.contains("王振华(县委巡察办综合科科长)"), "{history}");
    assert!(history.contains("2023年11月10日 "), "{history}");
    assert!(!history.contains("+00:00") && !history.contains(":00Z"), "no machine timestamps: {history}");
    b.shot("measure_closed").await;
    let _ = std::fs::remove_file(pdf);
    b.go(&format!("/inspections/{inspection}")).await;
    b.shot("inspection").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_fit_a_phone_and_forms_without_a_token_are_refused() {
    let Some(b) = start().await else { return };
    b.login("slp.secretary").await;
    b.client.set_window_size(390, 844).await.unwrap();
    b.submit("a[id^=plan-link-]").await;
    assert!(!overflows(&b).await, "the plan page fits a phone's width");
    b.shot("plan_phone").await;
    // A form posted without the session's token is refused.
    let script = "const f = document.querySelector('form.measure-form'); f.querySelector('input[name=csrf]').value = 'forged'; f.submit();";
    b.client.execute(script, vec![]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(b.text("h1").await, "无权执行此操作");
}

/// Whether the page scrolls sideways (wide tables must scroll inside their own box).
async fn overflows(b: &Browser) -> bool {
    let script = "return document.documentElement.scrollWidth > window.innerWidth + 1;";
    b.client.execute(script, vec![]).await.unwrap().as_bool().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pages_that_name_who_and_when_fit_a_phone() {
    let Some(b) = start().await else { return };
    b.login("office").await;
    b.client.set_window_size(390, 844).await.unwrap();
    b.go("/").await;
    assert!(!overflows(&b).await, "the office's home fits a phone");
    b.shot("home_office_phone").await;
    // 谷前堡镇: a fed-back inspection with signed papers, measures, evidence and history.
    let unit = b.client.find(Locator::LinkText("谷前堡镇党委")).await.unwrap().attr("href").await.unwrap().unwrap();
    b.go(&unit).await;
    let problem =
        b.client.find(Locator::Css("a[href^='/problems/']")).await.unwrap().attr("href").await.unwrap().unwrap();
    b.go(&problem).await;
    assert!(b.text("#signoff").await.contains("组长审定"));
    assert!(!overflows(&b).await, "a work paper with its sign-off fits a phone");
    b.shot("problem_signoff_phone").await;
    let measure =
        b.client.find(Locator::Css("a[href^='/measures/']")).await.unwrap().attr("href").await.unwrap().unwrap();
    b.go(&measure).await;
    assert!(b.exists("#record-history").await);
    assert!(!overflows(&b).await, "a measure with its progress, evidence and history fits a phone");
    b.shot("measure_phone").await;
    // The county at a glance, as the leaders print it.
    b.go("/county").await;
    assert!(!overflows(&b).await, "the county overview fits a phone");
    b.shot("county_phone").await;
    b.client.set_window_size(1366, 900).await.unwrap();
    b.shot("county").await;
    b.client.set_window_size(390, 844).await.unwrap();
    // The organisation's record across rounds, from its inspection.
    b.go(&unit).await;
    b.submit("#org-link").await;
    assert_eq!(b.text("h1").await, "谷前堡镇党委");
    assert!(b.text("#org-totals").await.contains("移交线索"));
    assert!(!overflows(&b).await, "an organisation's record fits a phone");
    b.shot("organisation_phone").await;
    b.client.set_window_size(1366, 900).await.unwrap();
    b.shot("organisation").await;
    // The look-back team's view of an earlier problem.
    b.login("team4.leader").await;
    b.client.set_window_size(390, 844).await.unwrap();
    b.client.find(Locator::LinkText("南高崖乡南高崖村党支部")).await.unwrap().click().await.unwrap();
    b.client.wait().for_element(Locator::Css("a[href*='/earlier/']")).await.unwrap();
    b.submit("a[href*='/earlier/']").await;
    assert!(!overflows(&b).await, "an earlier problem fits a phone");
    b.shot("look_back_earlier_phone").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_sends_a_tip_and_follows_it_on_the_public_port_only() {
    let Some(b) = start().await else { return };
    // The internal login page does not answer on the public port.
    b.client.goto(&format!("{}/login", b.public_base)).await.unwrap();
    assert_eq!(b.text("h1").await, "找不到该页面");
    b.client.goto(&format!("{}/", b.public_base)).await.unwrap();
    assert!(b.text("main").await.contains("县农业农村局"), "the open announcement of the demo's second round");
    assert!(b.text("main").await.contains("谷前堡镇党委关于巡察整改进展情况的通报"), "a published disclosure");
    assert_eq!(b.text("#site-name").await, "天镇县委巡察 · 公告与举报", "the header names the county");
    assert!(b.text("#channels").await.contains("12388"));
    b.shot("public_home").await;
    // At phone width the disclosure table becomes labelled cards, and nothing scrolls sideways.
    b.client.set_window_size(390, 844).await.unwrap();
    assert!(!overflows(&b).await, "the public home fits a phone");
    let label = "return getComputedStyle(document.querySelector('#disclosures td'), '::before').content;";
    let shown = b.client.execute(label, vec![]).await.unwrap();
    assert_eq!(shown.as_str(), Some("\"被巡察党组织\""), "each cell says what it is");
    b.client.execute("document.querySelector('#disclosures').scrollIntoView();", vec![]).await.unwrap();
    b.shot("public_home_phone").await;
    b.client.set_window_size(1366, 900).await.unwrap();
    b.submit("a[id^=tip-link-]").await;
    b.fill("#content", "反映县农业农村局某科室在农机购置补贴审核中吃拿卡要").await;
    b.shot("public_tip_form").await;
    b.submit("#tip-submit").await;
    let code: String = b.text("#receipt-code").await.chars().filter(|c| c.is_ascii_digit()).collect();
    assert_eq!(code.len(), 16);
    b.shot("public_receipt").await;
    b.client.goto(&format!("{}/tips/status", b.public_base)).await.unwrap();
    b.fill("#code", &code).await;
    b.submit("#status-submit").await;
    assert_eq!(b.text("#tip-status-text").await, "已收到,正在处理");
    b.shot("public_status").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_team_works_an_inspection_from_tip_to_feedback() {
    let Some(b) = start().await else { return };
    b.login("team1.member").await;
    b.client.find(Locator::LinkText("县农业农村局")).await.unwrap().click().await.unwrap();
    b.client.wait().for_element(Locator::Css("#tips-link")).await.unwrap();
    let inspection = b.client.current_url().await.unwrap().path().to_string();
    b.submit("#tips-link").await;
    b.fill("#tipper_name", "刘某").await;
    b.fill("#tipper_contact", "139xxxx1234").await;
    b.fill("#tip-content", "反映该局在高标准农田项目验收中把关不严").await;
    b.submit("#register-tip button[type=submit]").await;
    assert!(b.text("main").await.contains("高标准农田"));
    assert!(!b.text("main").await.contains("刘某"), "the tipper stays sealed on the list");
    b.shot("tips_inbox").await;
    // The leader reveals the tipper; the reveal is shown once and recorded.
    b.login("team1.leader").await;
    b.go(&format!("{inspection}/tips")).await;
    b.submit("form[action$='/tipper'] button").await;
    assert!(b.text("#tipper").await.contains("刘某"));
    let at = b.client.execute("return document.querySelector('#tipper').closest('section').id;", vec![]).await.unwrap();
    assert!(at.as_str().unwrap().starts_with("tip"), "shown at its own tip: {at}");
    // A work paper: drafted by the member, signed by the deputy, then the leader; then feedback.
    b.login("team1.member").await;
    b.go(&inspection).await;
    b.fill("#pp-summary", "高标准农田项目验收把关不严,2个项目未按图施工即通过验收").await;
    b.submit("#draft-problem button[type=submit]").await;
    // The inbox is a numbered table that filters; the tip is accepted as the source of the
    // problem just drafted, and each links the other.
    b.go(&format!("{inspection}/tips")).await;
    b.fill("#f-q", "高标准农田").await;
    b.submit("#tip-filter-apply").await;
    let rows = b.client.find_all(Locator::Css("#tip-table tbody tr")).await.unwrap();
    assert_eq!(rows.len(), 1, "filtered to the one tip");
    assert!(b.text("#tip-filter-count").await.starts_with("显示1件"));
    let tid = b.id_of("#tip-table tbody tr", "tip-row-").await;
    let tick = format!(
        "[...document.querySelectorAll('#tip{tid} input[name=problem_ids]')].find(i => i.parentElement.textContent.includes('高标准农田')).checked = true;"
    );
    b.client.execute(&tick, vec![]).await.unwrap();
    b.submit(&format!("#triage-{tid}")).await;
    assert!(b.text(&format!("#tip-problems-{tid}")).await.contains("高标准农田项目验收把关不严"));
    assert!(b.text(&format!("#tip-row-{tid}")).await.contains("已受理"));
    b.shot("tips_inbox_linked").await;
    b.submit(&format!("#tip-problems-{tid} a")).await;
    assert!(b.text("#problem-tips").await.contains("号举报"), "the problem links back to its tip");
    b.login("team1.deputy").await;
    b.go(&inspection).await;
    // The deputy first returns it with a comment, which the paper then shows.
    let pid = b.id_of("button[id^=return-]", "return-").await;
    b.client.execute("document.querySelector('details.return').open = true;", vec![]).await.unwrap();
    b.fill(&format!("#return-comment-{pid}"), "请写明未按图施工的2个项目名称及验收日期").await;
    b.submit(&format!("#return-{pid}")).await;
    assert!(b.text(&format!("#returned-{pid}")).await.contains("未按图施工的2个项目名称"));
    b.submit("button[id^=sign-]").await;
    b.login("team1.leader").await;
    b.go(&inspection).await;
    b.submit("button[id^=sign-]").await;
    assert!(b.text("main").await.contains("组长已审定"));
    // The paper names its 起草人, 审核人 and 审定人 with the day each signed.
    b.go(&format!("/problems/{pid}")).await;
    let signoff = b.text("#signoff").await;
    for who in
        ["起草:杨", "副组长审核:陈晓东(县委第一巡察组副组长)", "组长审定:刘建军(县委第一巡察组组长)", "2023年11月10日"]
    {
        assert!(signoff.contains(who), "{who} in {signoff}");
    }
    b.shot("problem_signoff").await;
    b.go(&inspection).await;
    b.fill("#fb-signed", "县农业农村局党组书记").await;
    b.submit("#feedback-form button[type=submit]").await;
    assert!(b.text("main").await.contains("已反馈整改中"));
    b.shot("inspection_team").await;
    // The leader changes the tip phone; the public side shows it at once.
    b.client
        .execute("document.querySelector('#announcement-form').closest('details').open = true;", vec![])
        .await
        .unwrap();
    b.fill("#an-phone", "0352-6999999").await;
    b.submit("#announcement-form button[type=submit]").await;
    assert_eq!(b.text(".flash").await, "已保存");
    b.client.goto(&format!("{}/", b.public_base)).await.unwrap();
    assert!(b.text("main").await.contains("0352-6999999"));
}

/// Chooses the option whose text contains `text` in the select `css`.
async fn choose(b: &Browser, css: &str, text: &str) {
    let script = "const s = document.querySelector(arguments[0]); const o = [...s.options].find(o => o.text.includes(arguments[1])); s.value = o.value; return o.value;";
    b.client.execute(script, vec![json!(css), json!(text)]).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_plans_a_round_and_the_conflict_check_speaks() {
    let Some(b) = start().await else { return };
    b.login("office").await;
    b.go("/rounds").await;
    b.fill("#round-name", "2024年第一轮巡察").await;
    b.set_date("#round-start", "2024-03-04").await;
    b.set_date("#round-end", "2024-05-31").await;
    b.submit("#round-form button").await;
    assert_eq!(b.text("h1").await, "2024年第一轮巡察");
    b.fill("#team-name", "第三巡察组").await;
    b.submit("#team-form button").await;
    // 何鹏 works at 县档案馆: on the team that is to inspect it, the assignment is refused.
    choose(&b, "select[id^=mu-]", "何鹏").await;
    choose(&b, "select[id^=mp-]", "成员").await;
    b.submit("form[action^='/teams/'] button").await;
    assert!(b.text("main").await.contains("何鹏(成员)"));
    choose(&b, "#in-target", "县档案馆").await;
    b.submit("#inspection-form button").await;
    let errors = b.text("#form-errors").await;
    assert!(errors.contains("何鹏") && errors.contains("回避"), "{errors}");
    b.shot("round_conflict").await;
    // The office takes 何鹏 off the team, with a reason; the team may then inspect 县档案馆.
    b.click("details.member-remove summary").await;
    choose(&b, "select[id^=rm-]", "何鹏").await;
    b.fill("input[id^=rr-]", "本人在县档案馆工作,应当回避,改派其他巡察组").await;
    b.shot("round_member_remove").await;
    b.submit("form[id^=member-remove-] button").await;
    assert!(b.text("main").await.contains("尚无成员"), "{}", b.text("main").await);
    choose(&b, "#in-target", "县档案馆").await;
    b.submit("#inspection-form button").await;
    assert!(!b.exists("#form-errors").await, "{}", b.text("main").await);
    assert!(b.text("main").await.contains("县档案馆"));
    choose(&b, "#in-target", "县侨联").await;
    b.submit("#inspection-form button").await;
    assert!(b.text("main").await.contains("县侨联"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_look_back_shows_the_earlier_problems_and_the_rebound() {
    let Some(b) = start().await else { return };
    b.login("team4.leader").await;
    b.client.find(Locator::LinkText("南高崖乡南高崖村党支部")).await.unwrap().click().await.unwrap();
    b.client.wait().for_element(Locator::Css("a[href^='/problems/']")).await.unwrap();
    let page = b.text("main").await;
    assert!(
        page.contains("此前巡察发现的问题(回头看)") && page.contains("村务公开不及时,财务收支未按季度公开"),
        "{page}"
    );
    // The earlier problem opens for the look-back team (it is another team's work paper): what
    // was found and what was promised, measure by measure.
    let inspection = b.client.current_url().await.unwrap().path().to_string();
    b.submit("a[href*='/earlier/']").await;
    assert!(b.text("h1").await.contains("回头看"), "{}", b.text("main").await);
    assert!(b.exists("#earlier-measures").await || b.text("main").await.contains("没有整改措施"));
    b.shot("look_back_earlier").await;
    b.go(&inspection).await;
    b.submit("a[href^='/problems/']").await;
    assert!(b.text("#rebound").await.contains("村务公开不及时"));
    b.shot("problem_rebound").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_creates_an_account_and_is_told_what_is_missing() {
    let Some(b) = start().await else { return };
    b.login("admin").await;
    b.client.execute("document.querySelectorAll('details').forEach(d => d.open = true);", vec![]).await.unwrap();
    b.fill("#nu-username", "jjt.secretary").await;
    b.fill("#nu-name", "贾志强").await;
    b.fill("#nu-password", "chushi-mima-1").await;
    choose(&b, "#nu-role", "被巡察党组织书记").await;
    b.submit("#user-form button").await;
    assert!(b.text("#form-errors").await.contains("被巡察党组织的账号必须指定所在党组织"));
    b.client.execute("document.querySelectorAll('details').forEach(d => d.open = true);", vec![]).await.unwrap();
    b.fill("#nu-username", "jjt.secretary").await;
    b.fill("#nu-name", "贾志强").await;
    b.fill("#nu-password", "chushi-mima-1").await;
    choose(&b, "#nu-role", "被巡察党组织书记").await;
    choose(&b, "#nu-org", "贾家屯乡党委").await;
    b.submit("#user-form button").await;
    assert_eq!(b.text(".flash").await, "已保存");
    assert!(b.text("main").await.contains("jjt.secretary"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_opens_a_rounds_accounts_and_a_new_secretary_changes_the_password_first() {
    let Some(b) = start().await else { return };
    b.login("admin").await;
    choose(&b, "#ob-round", "2023年第一轮巡察").await;
    // The form asks before opening accounts; the test answers yes.
    b.client.execute("window.confirm = () => true;", vec![]).await.unwrap();
    b.submit("#onboard").await;
    assert!(b.text("h1").await.contains("被巡察党组织账号(初始密码)"));
    assert!(b.text("#sealed-warning").await.contains("只在本页显示这一次"));
    assert!(b.text("#complete").await.contains("谷前堡镇党委"), "an organisation with both accounts is listed apart");
    b.shot("onboarding_sealed_pages").await;
    let username = b.text(".sheet tbody tr td:nth-child(3) code").await;
    let initial = b.text(".sheet tbody tr td:nth-child(4) code").await;
    b.client.set_window_size(390, 844).await.unwrap();
    assert!(!overflows(&b).await, "the sealed pages fit a phone");
    b.shot("onboarding_sealed_pages_phone").await;
    b.client.set_window_size(1366, 900).await.unwrap();

    // The new account signs in and meets the password page first, whatever it asks for.
    b.client.delete_all_cookies().await.unwrap();
    b.go("/login").await;
    b.fill("#username", &username).await;
    b.fill("#password", &initial).await;
    b.submit("button[type=submit]").await;
    b.go("/ledger").await;
    assert!(b.client.current_url().await.unwrap().path() == "/password");
    assert!(b.text("#first-sign-in").await.contains("初始密码"));
    b.shot("password_first_sign_in").await;
    b.fill("#old_password", &initial).await;
    b.fill("#new_password", "zhenggai-2023-mima").await;
    b.submit("form[action='/password'] button").await;
    b.fill("#username", &username).await;
    b.fill("#password", "zhenggai-2023-mima").await;
    b.submit("button[type=submit]").await;
    assert_eq!(b.client.current_url().await.unwrap().path(), "/");
    assert!(!b.exists("#first-sign-in").await);

    // Back as the admin: a reset hands out a new initial password on a sealed page of its own.
    b.login("admin").await;
    b.client.execute("window.confirm = () => true;", vec![]).await.unwrap();
    b.submit(&format!("button[aria-label*='({username})的密码']")).await;
    assert_eq!(b.text("h1").await, "重置密码(初始密码)");
    assert_ne!(b.text(".sheet tbody tr td:nth-child(4) code").await, initial);
    b.go("/").await;
    assert!(b.text("main").await.contains("待修改初始密码"));
    // The account list offers organisations with no work left for disabling.
    b.go("/admin/accounts").await;
    assert!(b.text("main").await.contains(&username));
    b.shot("accounts_disable").await;
    b.client.set_window_size(390, 844).await.unwrap();
    assert!(!overflows(&b).await, "the account list fits a phone");
    b.shot("accounts_disable_phone").await;
}

/// The office reads the 问题库, uploads a new edition with a bad line (named, nothing kept),
/// then a good one (previewed, confirmed as 第3版); corrects a problem's typical problem; a team
/// member picks a typical problem and its wording fills the form; the dashboard counts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_extends_the_problem_library_and_a_team_drafts_from_it() {
    let Some(b) = start().await else { return };
    b.login("office").await;
    b.go("/library").await;
    assert!(b.text("#library-edition").await.starts_with("现行第2版"), "{}", b.text("#library-edition").await);
    assert!(b.text("main").await.contains("光伏扶贫收益分配使用不规范"));
    b.shot("library").await;
    let dir = std::env::temp_dir().join(format!("xuncha_library_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // A file with a line of five fields: named, nothing kept.
    let bad = dir.join("bad.tsv");
    std::fs::write(&bad, "# 问题库\n9.1.1\t大类\t方面\t典型问题\t表述\n").unwrap();
    b.client.find(Locator::Css("#library-file")).await.unwrap().send_keys(&bad.to_string_lossy()).await.unwrap();
    b.submit("#library-preview").await;
    let errors = b.text("#library-errors").await;
    assert!(errors.contains("第2行") && errors.contains("7栏"), "{errors}");
    assert!(!b.exists("#library-confirm").await);
    // The shipped file with one more line: previewed, then kept as 第3版.
    let good = dir.join("good.tsv");
    let mut text = xuncha_app::library::FIRST_EDITION.to_string();
    text.push_str("\n4.9.1\t巡察、审计等监督发现问题整改\t整改责任和成效\t整改资料弄虚作假\t整改资料弄虚作假\t《中国共产党纪律处分条例》\t整改资料&(伪造|后补)\n");
    std::fs::write(&good, text).unwrap();
    b.fill("#library-note", "增加整改资料弄虚作假").await;
    b.client.find(Locator::Css("#library-file")).await.unwrap().send_keys(&good.to_string_lossy()).await.unwrap();
    b.submit("#library-preview").await;
    assert!(b.text("#library-preview-summary").await.contains("尚未保存"));
    let changes = b.text("#library-changes").await;
    assert!(changes.contains("新增 1 个:4.9.1 整改资料弄虚作假"), "{changes}");
    let unreached = b.text("#library-unreached").await;
    assert!(unreached.contains("4.9.1 整改资料弄虚作假(其名称"), "{unreached}");
    b.shot("library_preview").await;
    b.submit("#library-apply").await;
    assert_eq!(b.text(".flash").await, "问题库新版已导入,即日起按新版归类");
    assert!(b.text("#library-edition").await.starts_with("现行第3版"));
    assert!(b.text("#library-editions").await.contains("增加整改资料弄虚作假"));
    b.client.set_window_size(390, 844).await.unwrap();
    assert!(!overflows(&b).await, "the library fits a phone");
    b.shot("library_phone").await;
    b.client.set_window_size(1366, 900).await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);

    // The dashboard counts fed-back problems by typical problem; a problem is corrected.
    b.go("/").await;
    assert!(b.exists("#by-typical").await, "the office home counts by typical problem");
    b.go("/rounds").await;
    b.client.find(Locator::LinkText("2023年第一轮巡察")).await.unwrap().click().await.unwrap();
    b.client.wait().for_element(Locator::LinkText("谷前堡镇党委")).await.unwrap().click().await.unwrap();
    let href = b.client.find(Locator::Css("a[href^='/problems/']")).await.unwrap().attr("href").await.unwrap().unwrap();
    b.go(&href).await;
    assert!(b.text("#problem-typical").await.contains("问题库自动归类"));
    b.client.execute("document.querySelector('details.typical-fix').open = true;", vec![]).await.unwrap();
    b.client.execute("document.querySelector('#typical-code').value = '4.1.1';", vec![]).await.unwrap();
    b.submit("#typical-save").await;
    assert_eq!(b.text(".flash").await, "已认定典型问题");
    let typical = b.text("#problem-typical").await;
    assert!(typical.contains("王振华") && typical.contains("选定"), "{typical}");
    b.shot("problem_typical").await;

    // A team member picks a typical problem: its wording fills the empty summary.
    b.login("team4.member").await;
    b.go("/").await;
    b.client.wait().for_element(Locator::LinkText("谷前堡镇党委")).await.unwrap().click().await.unwrap();
    b.client
        .execute(
            "const d = document.querySelector('#draft-problem').closest('details'); if (d) { d.open = true; }",
            vec![],
        )
        .await
        .unwrap();
    b.client
        .execute(
            "const s = document.querySelector('#pp-typical'); s.value = '2.2.1'; s.dispatchEvent(new Event('change'));",
            vec![],
        )
        .await
        .unwrap();
    let filled = b
        .client
        .execute(
            "return [document.querySelector('#pp-summary').value, document.querySelector('#pp-detail').value];",
            vec![],
        )
        .await
        .unwrap();
    assert!(filled[0].as_str().unwrap().contains("礼品礼金"), "{filled}");
    assert!(filled[1].as_str().unwrap().starts_with("定性依据:"), "{filled}");
    b.client.execute("document.querySelector('#pp-typical').scrollIntoView();", vec![]).await.unwrap();
    b.shot("draft_with_typical").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_previews_a_ledger_then_imports_the_good_rows() {
    let Some(b) = start().await else { return };
    b.login("office").await;
    b.go("/rounds").await;
    b.client.find(Locator::LinkText("2023年第一轮巡察")).await.unwrap().click().await.unwrap();
    b.client.wait().for_element(Locator::LinkText("县工商联")).await.unwrap().click().await.unwrap();
    b.client.wait().for_element(Locator::Css("#import-link")).await.unwrap();
    b.submit("#import-link").await;
    let file = std::env::temp_dir().join(format!("xuncha_ledger_{}.xlsx", std::process::id()));
    std::fs::write(&file, crate::documents::ledger_with_one_bad_row()).unwrap();
    b.client.find(Locator::Css("#import-file")).await.unwrap().send_keys(&file.to_string_lossy()).await.unwrap();
    b.submit("#import-preview").await;
    let summary = b.text("#import-summary").await;
    assert!(summary.contains("读到 2 个问题、2 条措施") && summary.contains("发现 1 处问题"), "{summary}");
    assert!(b.text("#import-issues").await.contains("第4行 D列(具体责任人):责任人为空"));
    assert!(b.text("#import-rows").await.contains("责任人为空"));
    b.shot("import_preview").await;
    // Confirming without accepting the good rows changes nothing and keeps the preview.
    b.submit("#import-apply").await;
    assert!(b.text("#import-error").await.contains("未导入任何数据"));
    b.click("#import-accept-valid").await;
    b.submit("#import-apply").await;
    assert_eq!(b.text(".flash").await, "整改台账已导入,请核对问题与措施");
    let plan = b.text("main").await;
    assert!(plan.contains("党员教育管理薄弱") && plan.contains("每季度开展一次党员集中培训"), "{plan}");
    // The plan and report download as Word documents in the same session.
    for link in ["#plan-docx", "#report-docx"] {
        let script = "const done = arguments[arguments.length - 1];
            fetch(document.querySelector(arguments[0]).href).then(r => done(r.status + ' ' + r.headers.get('content-type')));";
        let answer = b.client.execute_async(script, vec![json!(link)]).await.unwrap();
        assert_eq!(
            answer.as_str().unwrap(),
            "200 application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "{link}"
        );
    }
    // The same ledger a second time: the preview says both problems are already there and the
    // measure is not imported again.
    let inspection = b.client.current_url().await.unwrap().path().trim_end_matches("/plan").to_string();
    b.go(&format!("{inspection}/import")).await;
    b.client.find(Locator::Css("#import-file")).await.unwrap().send_keys(&file.to_string_lossy()).await.unwrap();
    b.submit("#import-preview").await;
    let duplicates = b.text("#import-duplicates").await;
    assert!(
        duplicates.contains("2 个问题与本次巡察已有的问题") && duplicates.contains("1 条措施已经存在"),
        "{duplicates}"
    );
    assert!(b.text("#match-3").await.starts_with("与已有问题"), "the row's problem names its number");
    assert_eq!(b.text("#repeated-3").await, "已有该措施,不重复导入");
    b.shot("import_preview_duplicates").await;
    let _ = std::fs::remove_file(&file);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_previews_a_roster_and_imports_the_good_rows() {
    let Some(b) = start().await else { return };
    b.login("admin").await;
    b.submit("#roster-import-link").await;
    let file = std::env::temp_dir().join(format!("xuncha_roster_{}.xlsx", std::process::id()));
    std::fs::write(&file, crate::documents::township_roster()).unwrap();
    b.client.find(Locator::Css("#roster-file")).await.unwrap().send_keys(&file.to_string_lossy()).await.unwrap();
    b.submit("#roster-preview").await;
    let summary = b.text("#import-summary").await;
    assert!(summary.contains("新增人员 2 名") && summary.contains("发现 1 处问题"), "{summary}");
    assert!(b.text("#import-issues").await.contains("人员名册 第5行 D列(联系电话)"));
    b.shot("roster_preview").await;
    b.click("#import-accept-valid").await;
    b.submit("#import-apply").await;
    assert_eq!(b.text(".flash").await, "名册已导入");
    b.client.execute("document.querySelectorAll('details').forEach(d => d.open = true);", vec![]).await.unwrap();
    let people = b.text("#people").await;
    assert!(people.contains("梁志勇") && !people.contains("孙二"), "{people}");
    let _ = std::fs::remove_file(&file);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_sees_paper_only_signals_ranked_and_explained() {
    let Some(b) = start().await else { return };
    b.login("office").await;
    b.go("/rounds").await;
    b.client.find(Locator::LinkText("2023年第一轮巡察")).await.unwrap().click().await.unwrap();
    b.client.wait().for_element(Locator::Css("main")).await.unwrap();
    let round = b.client.current_url().await.unwrap().path().trim_start_matches("/rounds/").to_string();
    b.go(&format!("/?round={round}")).await;
    let ranking = b.text("#signal-ranking").await;
    assert!(ranking.contains("张西河乡党委") && ranking.contains("县审计局"), "{ranking}");
    assert!(ranking.contains("措施空泛") && ranking.contains("责任过度集中"), "{ranking}");
    assert!(ranking.contains("卅里铺乡党委") && ranking.contains("疑似照抄"), "{ranking}");
    let link = b.client.find(Locator::XPath("//table[@id='signal-ranking']//a[text()='县审计局']")).await.unwrap();
    let href = link.attr("href").await.unwrap().unwrap();
    b.go(&href).await;
    let signals = b.text("#signals").await;
    assert!(signals.contains("常宏(法规审理股股长)一人承担本单位7条措施中的6条"), "{signals}");
    assert!(signals.contains("照搬问题表述") && signals.contains("的文字与问题表述相同"), "{signals}");
    b.shot("plan_signals").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_confirms_a_suggested_rebound_and_the_rate_counts_it() {
    let Some(b) = start().await else { return };
    b.login("office").await;
    b.open_lookback_finding("三会一课").await;
    let suggestions = b.text("#rebound-suggestions + p + .table-wrap").await;
    assert!(suggestions.contains("待巡察办确认") && suggestions.contains("三会一课"), "{suggestions}");
    b.shot("rebound_suggestion").await;
    b.submit("button[name=decision][value=confirm]").await;
    assert_eq!(b.text(".flash").await, "已保存");
    assert!(b.text("#rebound-suggestions + p + .table-wrap").await.contains("已确认反弹"));
    assert!(b.text("#rebound").await.contains("三会一课"));
    b.go("/").await;
    let rates = b.text("#rebound-by-org").await;
    assert!(rates.contains("南高崖村") && rates.contains("66%"), "{rates}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_finding_in_plain_words_is_put_to_the_office_by_the_object_and_failing_it_shares() {
    let Some(b) = start().await else { return };
    b.login("office").await;
    b.open_lookback_finding("果园").await;
    // No word of the 问题库 places "两年没交承包费": the concepts join it to the 2021 arrears.
    let suggestions = b.text("#rebound-suggestions + p + .table-wrap").await;
    assert!(
        suggestions.contains("承包费收缴不及时") && suggestions.contains("同涉“集体资产资源”,同为“欠缴未收”"),
        "{suggestions}"
    );
    assert!(suggestions.contains("待巡察办确认"), "{suggestions}");
    // Joined by the concepts alone, not by a typical problem: a fair suggestion.
    let strength = b.text("#rebound-suggestions + p + .table-wrap td.strength").await;
    assert_eq!(strength, "一般");
    b.client.execute("document.getElementById('rebound-suggestions').scrollIntoView();", vec![]).await.unwrap();
    b.shot("rebound_by_concepts").await;
    b.client.set_window_size(390, 844).await.unwrap();
    b.client.execute("document.getElementById('rebound-suggestions').scrollIntoView();", vec![]).await.unwrap();
    b.shot("rebound_by_concepts_phone").await;
    b.client.set_window_size(1366, 900).await.unwrap();
}

/// The office opens the concept lexicon from the 问题库, uploads an edition with a bad line
/// (named, nothing kept), then the shipped file with a conduct its teams write about (previewed,
/// confirmed as 第2版, the shipped one kept as 第1版).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_extends_the_concept_lexicon_that_judges_rebounds() {
    let Some(b) = start().await else { return };
    b.login("office").await;
    b.go("/library").await;
    b.client.find(Locator::Css("#concepts-link")).await.unwrap().click().await.unwrap();
    b.client.wait().for_element(Locator::Css("#concepts-edition")).await.unwrap();
    assert!(b.text("#concepts-edition").await.starts_with("现行第1版"), "{}", b.text("#concepts-edition").await);
    let main = b.text("main").await;
    assert!(main.contains("欠缴未收") && main.contains("行为:本身就是违规的行为"), "{main}");
    b.shot("concepts").await;
    let dir = std::env::temp_dir().join(format!("xuncha_concepts_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.tsv");
    std::fs::write(&bad, "# 概念词表\n对像\t党费\t党费\n行为\t钓\t去&(年|月)\n").unwrap();
    b.client.find(Locator::Css("#concepts-file")).await.unwrap().send_keys(&bad.to_string_lossy()).await.unwrap();
    b.submit("#concepts-preview").await;
    let errors = b.text("#concepts-errors").await;
    assert!(errors.contains("第2行") && errors.contains("第3行"), "{errors}");
    assert!(!b.exists("#concepts-confirm").await);
    let good = dir.join("good.tsv");
    let mut text = xuncha_analysis::concepts::LEXICON.to_string();
    text.push_str("行为\t工作时间钓鱼\t(上班|工作时间|工作日)&(钓鱼|垂钓|鱼塘)\n");
    std::fs::write(&good, text).unwrap();
    b.fill("#concepts-note", "增加工作时间钓鱼").await;
    b.client.find(Locator::Css("#concepts-file")).await.unwrap().send_keys(&good.to_string_lossy()).await.unwrap();
    b.submit("#concepts-preview").await;
    assert!(b.text("#concepts-preview-summary").await.contains("尚未保存"));
    let changes = b.text("#concepts-changes").await;
    assert!(changes.contains("新增 1 个:工作时间钓鱼") && changes.contains("删去 0 个"), "{changes}");
    b.shot("concepts_preview").await;
    b.submit("#concepts-apply").await;
    assert_eq!(b.text(".flash").await, "问题概念词表新版已导入,即日起按新版判断问题反弹");
    assert!(b.text("#concepts-edition").await.starts_with("现行第2版"));
    let editions = b.text("#concepts-editions").await;
    assert!(editions.contains("增加工作时间钓鱼") && editions.contains("随系统提供"), "{editions}");
    assert!(b.text("main").await.contains("工作时间钓鱼"));
    b.client.set_window_size(390, 844).await.unwrap();
    assert!(!overflows(&b).await, "the lexicon fits a phone");
    b.shot("concepts_phone").await;
    b.client.set_window_size(1366, 900).await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_marks_the_words_and_keeps_tips_from_the_target() {
    let Some(b) = start().await else { return };
    b.login("team4.leader").await;
    b.go("/search").await;
    b.fill("#search-q", "光伏收益").await;
    b.submit("#search-go").await;
    let results = b.text("#search-results").await;
    assert!(results.contains("信访举报") && results.contains("整改措施"), "{results}");
    let marked = b.text("#search-results mark").await;
    assert!(marked.contains("光伏") || marked.contains("收益"), "{marked}");
    b.shot("search_team").await;
    b.login("gqb.secretary").await;
    b.go("/search?q=%E5%85%89%E4%BC%8F%E6%94%B6%E7%9B%8A").await;
    let results = b.text("#search-results").await;
    assert!(results.contains("整改措施") && !results.contains("信访举报"), "{results}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_browser_process_outlives_its_test_even_one_that_panicked() {
    let Some(b) = start().await else { return };
    let profile = b._profile.clone();
    b.go("/login").await;
    assert!(!processes_using(&profile).is_empty(), "the browser runs while the test does");
    drop(b);
    assert_eq!(processes_using(&profile), Vec::<u32>::new(), "processes left after the test ended");
    // A test that panics mid-way stops its browser just the same.
    let (tx, rx) = std::sync::mpsc::channel();
    let failed = tokio::spawn(async move {
        let Some(b) = start().await else { return };
        tx.send(b._profile.clone()).unwrap();
        b.go("/login").await;
        panic!("a test failing with its browser open");
    })
    .await;
    if let Ok(profile) = rx.try_recv() {
        assert!(failed.is_err(), "the task panicked");
        assert_eq!(processes_using(&profile), Vec::<u32>::new(), "processes left after a panic");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_escalates_a_round_then_one_unit_and_pauses_a_clock() {
    let Some(b) = start().await else { return };
    b.login("office").await;
    b.go("/").await;
    b.submit("#home-escalations").await;
    let rows = b.text("#escalation-rows").await;
    assert!(rows.contains("谷前堡镇党委") && rows.contains("张西河乡党委"), "{rows}");
    assert!(rows.contains("督办 · 2023年10月16日"), "张西河乡's letter from the demo, on the day of its act: {rows}");
    b.client.set_window_size(390, 844).await.unwrap();
    assert!(!overflows(&b).await, "the round's 督办 list fits a phone");
    b.shot("escalations_round_phone").await;
    b.client.set_window_size(1366, 900).await.unwrap();
    b.shot("escalations_round").await;

    // A letter for every red unit skips a rung for those never reminded: refused, each named,
    // the date typed kept.
    choose(&b, "#step", "督办").await;
    b.set_date("#reply-by", "2023-11-24").await;
    b.submit("#take-batch").await;
    let refused = b.text("#step-error").await;
    assert!(refused.contains("谷前堡镇党委") && refused.contains("越级"), "{refused}");
    assert_eq!(
        b.client.find(Locator::Css("#reply-by")).await.unwrap().prop("value").await.unwrap().unwrap(),
        "2023-11-24"
    );
    assert_eq!(
        b.client.find(Locator::Css("#step")).await.unwrap().attr("aria-invalid").await.unwrap().unwrap(),
        "true"
    );
    b.shot("escalations_batch_refused").await;
    // A reminder to all, then a letter to all: one download holds every letter.
    choose(&b, "#step", "提醒").await;
    b.submit("#take-batch").await;
    assert!(b.text(".flash").await.contains("已记录督办措施"));
    choose(&b, "#step", "督办").await;
    b.set_date("#reply-by", "2023-11-24").await;
    b.submit("#take-batch").await;
    let batches = b.text("#batches").await;
    assert!(batches.contains("下载全部督办函") && batches.contains("王振华"), "{batches}");

    // One unit: the steps so far, the next rung suggested, an interview refused without a reason.
    let link = b.client.find(Locator::XPath("//table[@id='escalation-rows']//a[text()='谷前堡镇党委']")).await.unwrap();
    let href = link.attr("href").await.unwrap().unwrap();
    b.go(&href).await;
    let unit = b.text("h1").await;
    assert!(b.text("#steps").await.contains("督办〔2023〕"), "the letter's number links its document");
    assert!(b.text("#suggested").await.contains("约谈告诫"), "{}", b.text("#suggested").await);
    choose(&b, "#step", "约谈告诫").await;
    b.set_date("#reply-by", "2023-11-30").await;
    b.submit("#take-step").await;
    assert!(b.text("#reason-error").await.contains("须写明事由"));
    assert_eq!(
        b.client.find(Locator::Css("#reason")).await.unwrap().attr("aria-invalid").await.unwrap().unwrap(),
        "true"
    );
    b.fill("#reason", "督办函限期内仍未整改到位,决定约谈主要负责同志。").await;
    // The interview's time and place, fixed with the decision (a place alone is refused).
    b.fill("#interview-place", "县委巡察办第一会议室").await;
    b.submit("#take-step").await;
    assert!(b.text("#interview-at-error").await.contains("约谈时间"), "a place alone is refused beside the time");
    b.set_date("#interview-at", "2023-11-15T09:30").await;
    b.submit("#take-step").await;
    let steps = b.text("#steps").await;
    assert!(steps.contains("约谈告诫") && steps.contains("约谈〔2023〕1号"), "{unit}: {steps}");
    assert!(steps.contains("2023年11月15日9时30分,县委巡察办第一会议室"), "{steps}");
    b.shot("escalation").await;
    b.client.set_window_size(390, 844).await.unwrap();
    assert!(!overflows(&b).await, "a unit's 督办 page fits a phone");
    b.shot("escalation_phone").await;
    b.client.set_window_size(1366, 900).await.unwrap();

    // A red measure's clock paused with a reason, and shown as paused.
    let first_red = b.client.find(Locator::Css("#red-items a[href^='/measures/']")).await;
    if let Ok(link) = first_red {
        let href = link.attr("href").await.unwrap().unwrap();
        b.go(&href).await;
        b.fill("#clock-reason", "等待县自然资源局批复土地确权方案").await;
        b.submit("#pause-clock").await;
        assert!(b.text("#clock-paused").await.contains("暂停"));
        assert!(b.text("#pauses").await.contains("王振华"));
        b.shot("measure_clock_paused").await;
        b.fill("#clock-reason", "已收到批复,恢复计时").await;
        b.submit("#resume-clock").await;
        assert!(!b.exists("#clock-paused").await);
        assert!(b.text("#record-history").await.contains("恢复整改计时"));
    } else {
        panic!("{unit} lists a red measure");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_scores_a_rectification_and_the_unit_reads_it_and_records_a_rule() {
    let Some(b) = start().await else { return };
    b.login("office").await;
    b.go("/rounds").await;
    b.client.find(Locator::LinkText("2023年第一轮巡察")).await.unwrap().click().await.unwrap();
    b.client.wait().for_element(Locator::Css("#round-assessments-link")).await.unwrap();
    b.submit("#round-assessments-link").await;
    let rows = b.text("#assessment-rows").await;
    assert!(rows.contains("县工商联") && rows.contains("未评估"), "{rows}");
    b.shot("assessments_round").await;
    let link = b.client.find(Locator::XPath("//table[@id='assessment-rows']//a[text()='谷前堡镇党委']")).await.unwrap();
    let href = link.attr("href").await.unwrap().unwrap();
    b.go(&href).await;
    let table = b.text("#score-table").await;
    assert!(table.contains("逾期未完成措施") && table.contains("已建立长效机制1项"), "{table}");
    // A score off the suggestion without a reason is refused beside its row, what was typed kept.
    b.fill("#score-1", "15").await;
    b.submit("#save-assessment").await;
    assert!(b.text("#score-error-1").await.contains("请写明评分理由"));
    assert_eq!(b.client.find(Locator::Css("#score-1")).await.unwrap().prop("value").await.unwrap().unwrap(), "15");
    assert_eq!(
        b.client.find(Locator::Css("#score-1")).await.unwrap().attr("aria-invalid").await.unwrap().unwrap(),
        "true"
    );
    b.shot("assessment_refused").await;
    b.fill("textarea[name='note_1']", "逾期措施系等待县审计配合,已书面说明,不扣分").await;
    b.submit("#save-assessment").await;
    assert!(b.text(".flash").await.contains("已保存整改成效评估"));
    let grade = b.text("#grade").await;
    assert!(["好", "较好", "一般", "差"].contains(&grade.as_str()), "{grade}");
    b.shot("assessment").await;
    b.client.set_window_size(390, 844).await.unwrap();
    assert!(!overflows(&b).await, "the assessment page fits a phone");
    b.shot("assessment_phone").await;
    b.client.set_window_size(1366, 900).await.unwrap();

    // The organisation reads its grade and the items, and records a rule it issued.
    b.login("gqb.secretary").await;
    b.go(&href).await;
    assert_eq!(b.text("#grade").await, grade);
    assert!(b.text("#scores").await.contains("逾期措施系等待县审计配合"));
    assert!(!b.exists("#score-table").await, "the facts and the form are the office's");
    b.fill("#mechanism-name", "《谷前堡镇班子成员“一岗双责”履责记实办法》").await;
    b.fill("#mechanism-number", "谷党发〔2023〕25号").await;
    b.set_date("#mechanism-date", "2023-01-05").await;
    b.submit("#add-mechanism").await;
    assert!(b.text("#mechanism-date-error").await.contains("早于巡察反馈日期"));
    assert_eq!(
        b.client.find(Locator::Css("#mechanism-name")).await.unwrap().prop("value").await.unwrap().unwrap(),
        "《谷前堡镇班子成员“一岗双责”履责记实办法》"
    );
    b.set_date("#mechanism-date", "2023-11-01").await;
    b.submit("#add-mechanism").await;
    let list = b.text("#mechanism-list").await;
    assert!(list.contains("谷党发〔2023〕25号") && list.contains("韩永明(谷前堡镇党委书记)"), "{list}");
    b.shot("assessment_unit").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ledger_prints_its_whole_filtered_list_under_a_title_that_says_the_filter() {
    let Some(b) = start().await else { return };
    b.login("office").await;
    b.go("/ledger").await;
    choose(&b, "#ledger-filter select[name='light']", "红灯").await;
    b.submit("#ledger-apply").await;
    let count = b.text("#ledger-count").await;
    let total: usize = count.trim_start_matches("共 ").split(' ').next().unwrap().parse().unwrap();
    b.submit("#ledger-print").await;
    let title = b.text("#print-title").await;
    assert!(title.ends_with("整改台账(红灯逾期)"), "{title}");
    let printed = b.client.find_all(Locator::Css("#print-lines tbody tr")).await.unwrap().len();
    assert!(total > 0 && printed == total, "{printed} lines printed of {total}");
    b.shot("ledger_print").await;
    b.client.set_window_size(390, 844).await.unwrap();
    assert!(!overflows(&b).await, "the printout fits a phone");
    b.client.set_window_size(1366, 900).await.unwrap();
}

/// The accessibility rules, checked as a class on every kind of page each role reaches by
/// following links from its home (one page per route shape): one `h1`; every scrolling table
/// reachable by keyboard and named; no empty navigation; the tab icon; unique ids and labels
/// that point at a control; and nothing scrolls sideways at 320 px.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_a_role_reaches_keeps_the_accessibility_rules() {
    let Some(b) = start().await else { return };
    let check = r#"
        const problems = [];
        const h1 = document.querySelectorAll('h1').length;
        if (h1 !== 1) problems.push(h1 + ' h1');
        document.querySelectorAll('.table-wrap').forEach(w => {
            if (w.getAttribute('tabindex') !== '0' || !(w.getAttribute('aria-label') || '').trim())
                problems.push('table not reachable or unnamed: ' + (w.querySelector('table')?.id || w.textContent.slice(0, 20)));
        });
        document.querySelectorAll('table').forEach(t => {
            if (!t.closest('.table-wrap')) problems.push('table outside a scrolling region');
        });
        document.querySelectorAll('nav').forEach(n => { if (!n.querySelector('a, button')) problems.push('empty nav'); });
        if (!document.querySelector('link[rel=icon]')) problems.push('no favicon');
        const seen = new Set();
        document.querySelectorAll('[id]').forEach(e => { if (seen.has(e.id)) problems.push('duplicate id ' + e.id); seen.add(e.id); });
        document.querySelectorAll('label[for]').forEach(l => { if (!document.getElementById(l.htmlFor)) problems.push('label for missing ' + l.htmlFor); });
        if (document.documentElement.scrollWidth > window.innerWidth + 1) {
            const wide = [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-wrap'));
            const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).split(' ').join('.') : '');
            problems.push('scrolls sideways: ' + wide.slice(0, 3).map(name).join(', '));
        }
        return problems;
    "#;
    let links = r#"return [...document.querySelectorAll('main a[href^="/"]')].map(a => a.getAttribute('href'));"#;
    let skip = ["/api/", "/documents/", "export", ".xlsx", "letters", "logout", "/password"];
    let mut failures = Vec::new();
    let mut visited = 0;
    b.client.set_window_size(320, 800).await.unwrap();
    for user in ["office", "team1.leader", "gqb.secretary", "slp.secretary", "jiwei", "zuzhibu", "leader", "admin"] {
        b.login(user).await;
        // The menu's pages first (the menu lies outside `main`), then whatever they link to.
        let mut queue: Vec<String> =
            ["/search?q=整改", "/county", "/notifications", "/"].iter().map(|p| p.to_string()).collect();
        let mut shapes = std::collections::HashSet::new();
        while let Some(path) = queue.pop() {
            let shape: String = path
                .split('#')
                .next()
                .unwrap()
                .split('/')
                .map(|s| if s.chars().all(|c| c.is_ascii_digit()) && !s.is_empty() { "N" } else { s })
                .collect::<Vec<_>>()
                .join("/");
            // One page per route and set of query keys (`/plan` and `/plan?edit=` differ).
            let shape = match shape.split_once('?') {
                Some((route, query)) => {
                    let mut keys: Vec<&str> = query.split('&').filter_map(|kv| kv.split('=').next()).collect();
                    keys.sort_unstable();
                    format!("{route}?{}", keys.join("&"))
                }
                None => shape,
            };
            if shapes.len() >= 40 || !shapes.insert(shape) {
                continue;
            }
            b.go(&path).await;
            visited += 1;
            let found = b.client.execute(check, vec![]).await.unwrap();
            for p in found.as_array().unwrap() {
                failures.push(format!("{user} {path}: {}", p.as_str().unwrap()));
            }
            let next = b.client.execute(links, vec![]).await.unwrap();
            for href in next.as_array().unwrap().iter().filter_map(|h| h.as_str()) {
                let href = href.split('#').next().unwrap();
                if !href.is_empty() && !skip.iter().any(|s| href.contains(s)) {
                    queue.insert(0, href.to_string());
                }
            }
        }
    }
    // The public side: its home and every page it links to.
    b.client.goto(&format!("{}/", b.public_base)).await.unwrap();
    let mut public: Vec<String> = vec!["/".into(), "/tips/status".into()];
    let linked = b.client.execute(links, vec![]).await.unwrap();
    public.extend(linked.as_array().unwrap().iter().filter_map(|h| h.as_str()).map(String::from));
    public.dedup();
    for path in &public {
        b.client.goto(&format!("{}{path}", b.public_base)).await.unwrap();
        visited += 1;
        for p in b.client.execute(check, vec![]).await.unwrap().as_array().unwrap() {
            failures.push(format!("public {path}: {}", p.as_str().unwrap()));
        }
    }
    assert!(visited > 50, "the walk reached {visited} pages");
    assert!(failures.is_empty(), "{} pages break a rule:\n{}", failures.len(), failures.join("\n"));
}

/// 组织部 reads its inbox with the interim report already made, reports the next stage before
/// its outcome, and the team's inspection page shows the transfer as in progress.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receiving_body_reports_progress_before_its_outcome() {
    let Some(b) = start().await else { return };
    b.login("zuzhibu").await;
    let tid = b.id_of("ol.updates", "updates-").await;
    let earlier = b.text(&format!("#updates-{tid}")).await;
    assert!(earlier.contains("谈话提醒") && earlier.contains("周慧敏(县委组织部干部监督科科长)"), "{earlier}");
    // The outcome form names no kind until the body picks one, and will not send without one.
    let kind = b
        .client
        .execute(&format!("const s = document.querySelector('#kind-{tid}'); return [s.value, s.required];"), vec![])
        .await
        .unwrap();
    assert_eq!(kind, json!(["", true]), "no outcome preselected");
    b.client
        .execute(&format!("document.querySelector('#progress-{tid}').closest('details').open = true;"), vec![])
        .await
        .unwrap();
    b.client
        .execute(&format!("document.querySelector('#pk-{tid}').value = 'self_examination';"), vec![])
        .await
        .unwrap();
    b.set_date(&format!("#pnext-{tid}"), "2024-01-31").await;
    b.fill(&format!("#pnote-{tid}"), "已责令镇党委班子作出书面检查,检查材料12月15日前报送").await;
    b.submit(&format!("#progress-save-{tid}")).await;
    assert_eq!(b.text(".flash").await, "已报告办理进展,反馈期限改为下次报告日期");
    let updates = b.text(&format!("#updates-{tid}")).await;
    assert!(updates.contains("责令检查。已责令镇党委班子作出书面检查"), "{updates}");
    assert!(updates.contains("下次报告 2024-01-31,原定 2023-12-31"), "{updates}");
    assert!(b.text(&format!("#t{tid}")).await.contains("应于 2024-01-31 前报告办理进展或结果"));
    b.shot("supervisor_progress").await;
    b.client.set_window_size(390, 844).await.unwrap();
    assert!(!overflows(&b).await, "the inbox fits a phone");
    b.shot("supervisor_progress_phone").await;
    b.client.set_window_size(1366, 900).await.unwrap();
    // The office sees it on the inspection.
    b.login("office").await;
    b.go("/rounds").await;
    b.client.find(Locator::LinkText("2023年第一轮巡察")).await.unwrap().click().await.unwrap();
    b.client.wait().for_element(Locator::LinkText("谷前堡镇党委")).await.unwrap().click().await.unwrap();
    b.client.wait().for_element(Locator::Css(&format!("#transfer-progress-{tid}"))).await.unwrap();
    assert!(b.text(&format!("#transfer-progress-{tid}")).await.starts_with("办理中(2023-11-10,责令检查)"));
}

/// 随机抽查: the office reads the round's re-checks (the demo's overturned 销号 lowers the
/// rate), draws a new batch after a refusal that keeps what was typed, and a member of the team
/// sent (not the one that inspected) checks a drawn measure on site: refused without a file,
/// then 不属实, which reopens the measure.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_draws_a_recheck_and_a_team_finds_a_closure_untrue() {
    let Some(b) = start().await else { return };
    b.login("office").await;
    b.go("/").await;
    assert!(b.text("#home-rechecks").await.contains("不属实1条"), "{}", b.text("#home-rechecks").await);
    assert!(b.exists("#home-recheck-low").await);
    b.go("/rounds").await;
    b.client.find(Locator::LinkText("2023年第一轮巡察")).await.unwrap().click().await.unwrap();
    b.client.wait().for_element(Locator::Css("#round-rechecks-link")).await.unwrap();
    b.submit("#round-rechecks-link").await;
    assert_eq!(b.text("#overturned-count").await, "1");
    assert!(b.text("#low-rate").await.contains("属实率低于80%"));
    let orgs = b.text("#by-organisation").await;
    assert!(orgs.starts_with("被巡察党组织") && orgs.contains("谷前堡镇党委"), "{orgs}");
    assert!(b.text("#draws").await.contains("第1批") && b.text("#draws").await.contains("交叉核查"), "the demo's draw");
    b.shot("rechecks_round").await;
    b.client.set_window_size(390, 844).await.unwrap();
    assert!(!overflows(&b).await, "the round's re-checks fit a phone");
    b.shot("rechecks_round_phone").await;
    b.client.set_window_size(1366, 900).await.unwrap();

    // More than the round holds: refused beside the size, with what was typed kept.
    choose(&b, "#size-by", "按数量(条)").await;
    b.fill("#size", "9").await;
    b.fill("#note", "年底前交叉核查").await;
    b.submit("#draw").await;
    assert!(b.text("#size-error").await.contains("2条"), "{}", b.text("#size-error").await);
    assert_eq!(
        b.client.find(Locator::Css("#note")).await.unwrap().prop("value").await.unwrap().unwrap(),
        "年底前交叉核查"
    );
    assert_eq!(
        b.client.find(Locator::Css("#size")).await.unwrap().attr("aria-invalid").await.unwrap().unwrap(),
        "true"
    );
    b.fill("#size", "2").await;
    b.set_date("#due-on", "2023-11-30").await;
    b.submit("#draw").await;
    assert!(b.text(".flash").await.contains("已随机抽取"));
    assert!(b.text("#replay").await.contains("样本与本批一致"));
    assert!(b.text("h1").await.contains("第2批"));
    let items = b.text("#items").await;
    assert!(items.contains("谷前堡镇党委") && items.contains("县工商联"), "{items}");
    b.shot("recheck_draw").await;

    // Cross-checked: 第一巡察组's member finds 谷前堡镇's measure (第四巡察组 inspected it) in
    // the home page's list and checks it.
    b.login("team1.member").await;
    b.go("/notifications").await;
    let notices = b.text("#notices").await;
    assert!(notices.contains("随机抽查:谷前堡镇党委:问题1的整改措施待现场核查,应于2023-11-30前完成"), "{notices}");
    b.go("/").await;
    let link =
        b.client.find(Locator::XPath("//table[@id='my-rechecks']//tr[td[contains(., '待核查')]]//a")).await.unwrap();
    let href = link.attr("href").await.unwrap().unwrap();
    b.go(&href).await;
    assert!(b.text("#measure-status").await.contains("已销号"));
    b.click("#verdict-overturned").await;
    b.fill("#recheck-notes", "风险点清单未在各股室公示,防控措施未落实到人").await;
    b.submit("#record-result").await;
    assert!(b.text("#file-error").await.contains("请先上传核查材料"));
    assert_eq!(b.text("#recheck-notes").await, "风险点清单未在各股室公示,防控措施未落实到人", "notes kept");
    let pdf = std::env::temp_dir().join(format!("xuncha_recheck_{}.pdf", std::process::id()));
    std::fs::write(&pdf, b"%PDF-1.4\n% site visit\n").unwrap();
    b.client.find(Locator::Css("#recheck-file")).await.unwrap().send_keys(&pdf.to_string_lossy()).await.unwrap();
    b.submit("#recheck-upload").await;
    assert_eq!(b.text(".flash").await, "核查材料已上传");
    assert!(b.text("#recheck-evidence").await.contains("第一巡察组"), "who uploaded");
    b.click("#verdict-overturned").await;
    b.fill("#recheck-notes", "风险点清单未在各股室公示,防控措施未落实到人").await;
    b.submit("#record-result").await;
    assert!(b.text("#verdict").await.contains("不属实"));
    assert!(b.text("#measure-status").await.contains("未完成"), "reopened");
    assert!(
        b.text("#closure").await.contains("同意销号"),
        "the 销号 checked stays in view: {}",
        b.text("#closure").await
    );
    assert!(!b.exists("#result-form").await, "a verdict stands");
    b.shot("recheck_item").await;
    b.client.set_window_size(390, 844).await.unwrap();
    assert!(!overflows(&b).await, "a re-check fits a phone");
    b.shot("recheck_item_phone").await;
    std::fs::remove_file(&pdf).ok();
}

/// 群众评价: someone of the public reads 谷前堡镇's published progress with the comments the
/// office published, rates it 不满意 with a comment and a phone number, and follows it by its code;
/// the office finds it waiting on its home page, is refused a refusal without a reason (beside
/// the comment, the rest of the page intact), publishes it with an answer, and opens the sender's
/// details (recorded). The public then reads the answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_rates_a_disclosure_and_the_office_moderates_it() {
    let Some(b) = start().await else { return };
    b.client.goto(&format!("{}/", b.public_base)).await.unwrap();
    let link = "//a[contains(., '谷前堡镇党委关于巡察整改进展情况的通报')]";
    b.client.find(Locator::XPath(link)).await.unwrap().click().await.unwrap();
    b.client.wait().for_element(Locator::Css("#public-tally")).await.unwrap();
    assert!(b.text("#public-tally").await.contains("满意率66%"), "{}", b.text("#public-tally").await);
    let main = b.text("main").await;
    assert!(main.contains("路灯修好了") && main.contains("光伏收益收支明细"), "published, with its answer");
    assert!(!main.contains("光伏板的清洗") && !main.contains("危房改造"), "a tip and a pending comment are not");
    b.shot("public_disclosure_comments").await;
    b.client.set_window_size(390, 844).await.unwrap();
    assert!(!overflows(&b).await, "a disclosure with its comments fits a phone");
    b.client.execute("document.querySelector('#comment-form').scrollIntoView();", vec![]).await.unwrap();
    b.shot("public_disclosure_comments_phone").await;
    b.client.set_window_size(1366, 900).await.unwrap();

    b.click("#rating-dissatisfied").await;
    b.fill("#comment-content", "南村的饮水管网改造说是完成了,可我们组到现在还是每周停水两三天。").await;
    b.click("#comment-anonymous").await;
    b.fill("#comment-contact", "13934561234").await;
    b.submit("#comment-submit").await;
    let code: String = b.text("#receipt-code").await.chars().filter(|c| c.is_ascii_digit()).collect();
    assert_eq!(code.len(), 16);
    b.shot("public_comment_receipt").await;
    b.client.goto(&format!("{}/tips/status", b.public_base)).await.unwrap();
    b.fill("#code", &code).await;
    b.submit("#status-submit").await;
    assert_eq!(b.text("#tip-status-text").await, "评价已收到,正在审核");

    b.login("office").await;
    assert!(b.text("#home-comments").await.contains("待审核3条"), "{}", b.text("#home-comments").await);
    assert!(b.text("#home-satisfaction-low").await.contains("谷前堡镇党委"));
    b.submit("#home-comments a").await;
    assert_eq!(b.text("#pending-count").await, "3");
    let orgs = b.text("#satisfaction-by-organisation").await;
    assert!(orgs.contains("谷前堡镇党委") && orgs.contains("50%"), "{orgs}");
    let article = b
        .client
        .find(Locator::XPath("//article[contains(@class,'comment')][.//div[contains(., '饮水管网')]]"))
        .await
        .unwrap();
    let id = article.attr("id").await.unwrap().unwrap().trim_start_matches("comment-").to_string();
    assert!(b.text(&format!("#comment-status-{id}")).await.contains("待审核"));
    b.shot("comments_round").await;
    b.client.execute("document.querySelector('#moderation').scrollIntoView();", vec![]).await.unwrap();
    b.shot("comments_moderation").await;
    b.client.set_window_size(390, 844).await.unwrap();
    assert!(!overflows(&b).await, "the moderation page fits a phone");
    b.client.execute("document.querySelector('#moderation').scrollIntoView();", vec![]).await.unwrap();
    b.shot("comments_round_phone").await;
    b.client.set_window_size(1366, 900).await.unwrap();

    // A refusal needs its reason: said beside the comment, which stays pending.
    b.fill(&format!("#answer-{id}"), "已转南村").await;
    b.submit(&format!("#reject-{id} button")).await;
    let article = b.text(&format!("#comment-{id}")).await;
    assert!(article.contains("不予公开的理由不能为空"), "{article}");
    assert!(b.text(&format!("#comment-status-{id}")).await.contains("待审核"));
    // Published with an answer; who and when stand beside it.
    b.fill(&format!("#answer-{id}"), "已转南高崖乡党委核实,管网末端加压泵12月10日前安装到位。").await;
    b.submit(&format!("#approve-{id} button")).await;
    assert_eq!(b.text(".flash").await, "评价已在公开网站显示");
    assert!(b.text(&format!("#comment-decided-{id}")).await.contains("王振华"), "who published");
    assert!(b.text(&format!("#comment-answer-{id}")).await.contains("加压泵"));
    // The sender's details, opened on request.
    b.submit(&format!("#unseal-{id} button")).await;
    assert!(b.text(&format!("#commenter-{id}")).await.contains("13934561234"));

    b.client.goto(&format!("{}/tips/status", b.public_base)).await.unwrap();
    b.fill("#code", &code).await;
    b.submit("#status-submit").await;
    assert!(b.text("#tip-status-text").await.starts_with("评价已公开"));
    assert!(b.text("#tip-reply").await.contains("加压泵"));
    b.shot("public_comment_status").await;
}

/// 巡察档案: the office opens 县工商联's inspection, finds the archive the demo filed (who, when,
/// the manifest's digest, the chain's head) and files a sealed one for the discipline
/// commission; a leader sees the standard one only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_files_an_inspection_archive() {
    let Some(b) = start().await else { return };
    b.login("office").await;
    b.go("/rounds").await;
    b.client.find(Locator::LinkText("2023年第一轮巡察")).await.unwrap().click().await.unwrap();
    b.client.wait().for_element(Locator::LinkText("县工商联")).await.unwrap().click().await.unwrap();
    b.client.wait().for_element(Locator::Css("#archives")).await.unwrap();
    let list = b.text("#archive-list").await;
    assert!(list.contains("县工商联巡察档案(2023年第一轮巡察)20231109.zip") && list.contains("王振华"), "{list}");
    assert!(list.contains("2023年11月9日"), "filed on the story's day: {list}");
    choose(&b, "#archive-variant", "密封卷").await;
    b.submit("#make-archive").await;
    assert!(b.text(".flash").await.contains("巡察档案已生成"));
    let list = b.text("#archive-list").await;
    assert!(list.contains("密封卷") && list.matches(".zip").count() == 2, "{list}");
    b.client.execute("document.querySelector('#archives').scrollIntoView();", vec![]).await.unwrap();
    b.shot("archives").await;
    b.client.set_window_size(390, 844).await.unwrap();
    assert!(!overflows(&b).await, "the archive list and its history (a digest in a summary) fit a phone");
    b.client.execute("document.querySelector('#archives').scrollIntoView();", vec![]).await.unwrap();
    b.shot("archives_phone").await;
    b.client.set_window_size(1366, 900).await.unwrap();
    let href = b.client.current_url().await.unwrap().path().to_string();
    b.login("leader").await;
    b.go(&href).await;
    let list = b.text("#archive-list").await;
    assert!(!list.contains("密封卷") && list.contains("标准卷"), "{list}");
    assert!(!b.exists("#archive-form").await, "leaders do not file");
}

/// A cadre's team account linked by name alone: the office adds 刘建军 of its own office to the
/// pool, the one account of that name there is linked and marked unchecked (in the pool and on
/// his page, which says why it matters); the office confirms it, then undoes it with a reason
/// (refused without one, beside the field), and is offered the account again, marked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_checks_an_account_the_pool_linked_by_name() {
    let Some(b) = start().await else { return };
    b.login("office").await;
    b.go("/pool").await;
    b.fill("#cadre-name", "刘建军").await;
    choose(&b, "#cadre-org", "县委巡察工作领导小组办公室").await;
    b.click("#cadre-expertise input[name='e_discipline']").await;
    b.submit("#cadre-add").await;
    assert_eq!(b.text(".flash").await, "已加入巡察人才库");
    assert!(b.text("#pool-table").await.contains("账号待核实"), "{}", b.text("#pool-table").await);
    b.client.find(Locator::LinkText("刘建军")).await.unwrap().click().await.unwrap();
    b.client.wait().for_element(Locator::Css("#cadre-account")).await.unwrap();
    let account = b.text("#cadre-account").await;
    assert!(account.contains("team1.leader") && account.contains("按同名同单位自动关联"), "{account}");
    assert!(b.text("#account-by-name").await.contains("核实之前此人不参加抽取"));
    b.shot("cadre_account").await;
    b.client.set_window_size(390, 844).await.unwrap();
    assert!(!overflows(&b).await, "the cadre's page fits a phone");
    b.shot("cadre_account_phone").await;
    b.client.set_window_size(1366, 900).await.unwrap();
    b.submit("#confirm-account").await;
    assert_eq!(b.text(".flash").await, "已核实为本人账号");
    assert!(b.text("#cadre-account").await.contains("巡察办指定或核实"));
    assert!(!b.exists("#account-by-name").await);
    // Undoing the link needs a reason: a blank one (past the browser's own check) is refused
    // beside the field.
    b.client.execute("document.querySelector('#unlink-reason').removeAttribute('required');", vec![]).await.unwrap();
    b.fill("#unlink-reason", "   ").await;
    b.submit("#unlink-account").await;
    assert!(b.text("#unlink-form").await.contains("解除理由"), "{}", b.text("#unlink-form").await);
    b.fill("#unlink-reason", "核对干部档案:该账号属巡察办另一名同名干部").await;
    b.submit("#unlink-account").await;
    assert_eq!(
        b.text(".flash").await,
        "已解除关联,理由已记录",
        "no team to leave: the account was never drawn through him"
    );
    assert!(b.text("#cadre-account").await.contains("未开通"));
    assert!(b.text("#record-history").await.contains("另一名同名干部"), "{}", b.text("#record-history").await);
    // The office may link an account of the unit itself; the one just undone comes last, marked.
    let options = b.text("#link-user").await;
    assert!(options.contains("team1.leader") && options.contains("曾解除关联"), "{options}");
    b.shot("cadre_account_undone").await;
}

/// 巡察人才库: the office reads its pool (counts by expertise, services, relatives), is told
/// beside the field what it typed wrong when adding a cadre, opens the second round's draw
/// (the exclusion with its reason, the replay, the swap), swaps another member with a reason,
/// and is told that a team without targets cannot be drawn for.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_keeps_its_pool_and_draws_a_team_from_it() {
    let Some(b) = start().await else { return };
    b.login("office").await;
    b.go("/").await;
    b.submit("nav a[href='/pool']").await;
    assert!(b.text("#pool-counts").await.contains("财务 4人"), "{}", b.text("#pool-counts").await);
    let table = b.text("#pool-table").await;
    assert!(table.contains("李志刚") && table.contains("县农业农村局(配偶)"), "{table}");
    assert!(table.contains("2023年第一轮巡察第三巡察组"), "何鹏's service: {table}");
    b.shot("pool").await;
    b.client.set_window_size(390, 844).await.unwrap();
    assert!(!overflows(&b).await, "the pool fits a phone");
    b.shot("pool_phone").await;
    b.client.set_window_size(1366, 900).await.unwrap();

    // A former post without its date is refused beside the field; what was typed stays.
    b.fill("#cadre-name", "罗晓军").await;
    choose(&b, "#cadre-org", "县审计局").await;
    b.click("#cadre-expertise input[name='e_audit']").await;
    b.fill("#cadre-former", "谷前堡镇党委/副镇长").await;
    b.submit("#cadre-add").await;
    assert!(b.text("#cadre-form").await.contains("曾任职务每行写作"), "{}", b.text("#cadre-form").await);
    let kept = b.client.find(Locator::Css("#cadre-name")).await.unwrap().prop("value").await.unwrap();
    assert_eq!(kept.as_deref(), Some("罗晓军"));
    b.fill("#cadre-former", "谷前堡镇党委/副镇长/2022-06-30").await;
    b.submit("#cadre-add").await;
    assert_eq!(b.text(".flash").await, "已加入巡察人才库");
    assert!(b.text("#pool-table").await.contains("谷前堡镇党委副镇长(至2022-06-30)"));

    // The second round's draw: one exclusion, the replay, the swap the demo made.
    b.go("/rounds").await;
    b.client.find(Locator::LinkText("2023年第二轮巡察")).await.unwrap().click().await.unwrap();
    b.client.wait().for_element(Locator::Css("#pool-draws a")).await.unwrap();
    b.submit("#pool-draws a").await;
    let excluded = b.text("#pool-exclusions").await;
    assert!(excluded.contains("李志刚") && excluded.contains("亲属(配偶)在县农业农村局任职"), "{excluded}");
    assert!(b.text("#pool-replay").await.contains("结果与本次一致"));
    assert!(b.text("#pool-swaps").await.contains("预算编制"));
    b.shot("pool_draw").await;
    b.client.set_window_size(390, 844).await.unwrap();
    assert!(!overflows(&b).await, "the draw fits a phone");
    b.shot("pool_draw_phone").await;
    b.client.set_window_size(1366, 900).await.unwrap();
    // Swapping in a cadre with a conflict is refused on the page; a free one comes in.
    choose(&b, "#swap-in", "李志刚").await;
    b.fill("#swap-reason", "工作需要").await;
    b.submit("#swap-submit").await;
    assert!(b.text("#swap-form").await.contains("亲属(配偶)"), "{}", b.text("#swap-form").await);
    // The agriculture member is swapped for the other cadre with agriculture.
    let out =
        b.client.execute("return document.querySelector('#swap-out').selectedOptions[0].text;", vec![]).await.unwrap();
    let other = if out.as_str() == Some("韩磊") { "高建英" } else { "韩磊" };
    choose(&b, "#swap-in", other).await;
    b.fill("#swap-reason", "本人临时抽调县防汛专班").await;
    b.submit("#swap-submit").await;
    assert_eq!(b.text(".flash").await, "已调换成员,理由已记录");
    assert!(b.text("#pool-swaps").await.contains("防汛专班"));
    assert!(b.text("#pick-note").await.contains(other), "{}", b.text("#pick-note").await);

    // A new team without targets: the draw says what to do first.
    b.client.find(Locator::Css("p.muted a[href^='/rounds/']")).await.unwrap().click().await.unwrap();
    b.client.wait().for_element(Locator::Css("#team-name")).await.unwrap();
    b.fill("#team-name", "第二巡察组").await;
    b.submit("#team-form button").await;
    let form = b.client.find_all(Locator::Css("form[id^='pool-draw-']")).await.unwrap();
    let last = form.last().unwrap().attr("id").await.unwrap().unwrap();
    b.client
        .execute(&format!("document.querySelector('#{last}').closest('details').open = true;"), vec![])
        .await
        .unwrap();
    b.fill(&format!("#{last} input[name='n_any']"), "1").await;
    b.submit(&format!("#{last} button")).await;
    assert!(b.text("#form-errors").await.contains("请先为第二巡察组分配巡察对象"), "{}", b.text("main").await);
}

/// A tie the office records in the pool reaches the member's own page at once: 何鹏 (第三巡察组)
/// no longer sees his team's inspection of an organisation where the office has recorded that
/// his wife works, and his home page says why instead of leaving it missing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tie_the_office_records_in_the_pool_is_told_on_the_members_home() {
    let Some(b) = start().await else { return };
    b.login("team3.member").await;
    b.go("/").await;
    let target = b.text("main table tbody tr td a").await;
    assert!(!target.is_empty() && !b.exists("p.recusal").await);
    b.login("office").await;
    b.go("/pool").await;
    b.client.find(Locator::LinkText("何鹏")).await.unwrap().click().await.unwrap();
    b.client.wait().for_element(Locator::Css("#cadre-relatives")).await.unwrap();
    b.fill("#cadre-relatives", &format!("{target}/配偶")).await;
    b.submit("#cadre-save").await;
    b.login("team3.member").await;
    b.go("/").await;
    // One notice for the township and the villages under it, addressed to him.
    let notices = b.client.find_all(Locator::Css("p.recusal")).await.unwrap();
    assert_eq!(notices.len(), 1);
    let notice = b.text("p.recusal").await;
    assert!(notice.contains(&target) && notice.contains("巡察人才库记载您"), "{notice}");
    assert!(!b.exists("main table").await || !b.text("main table").await.contains(&target), "{}", b.text("main").await);
    b.shot("team_home_recused").await;
    b.client.set_window_size(390, 844).await.unwrap();
    assert!(!overflows(&b).await, "the notice fits a phone");
    b.shot("team_home_recused_phone").await;
}
