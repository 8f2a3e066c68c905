//! `xuncha import …`: office workbooks into the database, previewed row by row first.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use xuncha_app::roster::RosterMode;
use xuncha_app::{App, Clock};
use xuncha_domain::access::Actor;

use crate::{DbArgs, app_error, open};

#[derive(Subcommand)]
pub enum ImportCommand {
    /// A rectification ledger (.xlsx) into a fed-back inspection: shows what would be created and
    /// every problem found (sheet, row, column); writes only with --apply, all or nothing.
    Ledger {
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        args: FileArgs,
        /// The inspection's number (as in /inspections/NUMBER).
        #[arg(long, env = "XUNCHA_IMPORT_INSPECTION")]
        inspection: xuncha_domain::InspectionId,
        /// Year for dates written without one ("9月底"); default: the feedback's year.
        #[arg(long, env = "XUNCHA_IMPORT_YEAR")]
        year: Option<i32>,
    },
    /// Rosters (.xlsx): a sheet of organisations (名称, 类型, 上级组织) and/or of people (姓名,
    /// 所在单位, 职务, 联系电话). Every row is checked against the database; writes only with
    /// --apply, all or nothing.
    Roster {
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        args: FileArgs,
    },
    /// The 巡察人才库 (.xlsx, as the pool page exports it): 姓名, 工作单位, 职务, 专长, 联系电话,
    /// 曾任职务 ("单位/职务/离任日期"), 亲属任职 ("单位/关系"), 状态, 备注. A cadre is matched by name
    /// and unit, added or updated; writes only with --apply, all or nothing.
    Pool {
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        args: FileArgs,
    },
}

/// What an import is given: the file, who records it, and how far to go.
#[derive(clap::Args)]
pub struct FileArgs {
    /// The .xlsx file.
    #[arg(long, env = "XUNCHA_IMPORT_FILE")]
    file: PathBuf,
    /// The account the import is recorded under (the administrator for rosters, the office for
    /// ledgers and the pool).
    #[arg(long = "as", env = "XUNCHA_IMPORT_AS")]
    as_user: String,
    /// Write to the database (without it, nothing changes).
    #[arg(long, env = "XUNCHA_IMPORT_APPLY")]
    apply: bool,
    /// Import the rows that are fine and leave out those with problems.
    #[arg(long, env = "XUNCHA_IMPORT_ACCEPT_VALID")]
    accept_valid: bool,
}

/// The account an import is recorded under.
async fn actor_of(app: &App, username: &str) -> Result<Actor, String> {
    let user = app.find_user(username).await.map_err(|_| format!("账号“{username}”不存在"))?;
    app.actor(user.id).await.map_err(app_error)
}

/// The file's bytes, refused before reading when it is larger than any workbook may be.
fn read_file(file: &std::path::Path) -> Result<Vec<u8>, String> {
    let cannot = |e: std::io::Error| format!("无法读取 {}:{e}", file.display());
    let max = xuncha_documents::import::LIMITS.max_file_bytes;
    let size = std::fs::metadata(file).map_err(cannot)?.len();
    if size > max {
        return Err(format!("{} 超过{}MB的上限,请拆分后再导入", file.display(), max / (1024 * 1024)));
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(std::fs::File::open(file).map_err(cannot)?, max + 1),
        &mut bytes,
    )
    .map_err(cannot)?;
    if bytes.len() as u64 > max {
        return Err(format!("{} 超过{}MB的上限,请拆分后再导入", file.display(), max / (1024 * 1024)));
    }
    Ok(bytes)
}

pub async fn run(cmd: ImportCommand) -> Result<ExitCode, String> {
    match cmd {
        ImportCommand::Ledger { db, args, inspection, year } => ledger(db, args, inspection, year).await,
        ImportCommand::Roster { db, args } => roster(db, args).await,
        ImportCommand::Pool { db, args } => pool(db, args).await,
    }
}

async fn ledger(
    db: DbArgs,
    args: FileArgs,
    inspection: xuncha_domain::InspectionId,
    year: Option<i32>,
) -> Result<ExitCode, String> {
    let FileArgs { file, as_user, apply, accept_valid } = args;
    let app = App::new(open(&db).await?, Clock::System).await.map_err(app_error)?;
    let actor = actor_of(&app, &as_user).await?;
    let insp = app
        .get_inspection(&actor, inspection)
        .await
        .map_err(|_| format!("巡察#{inspection}不存在,或该账号无权查看"))?;
    let year = year.or(insp.feedback_date.map(|d| d.year())).unwrap_or_else(|| app.today().year());
    let bytes = read_file(&file)?;
    let read = xuncha_documents::import::ledger::read_ledger(&bytes, year)?;
    println!(
        "{}({}):工作表“{}”,{}个问题、{}条措施",
        insp.target_name,
        insp.team_name,
        read.sheet,
        read.problems.len(),
        read.measure_count()
    );
    let mut matches = app.ledger_matches(&actor, inspection, &read.incoming()).await.map_err(app_error)?;
    read.locate(&mut matches);
    for (pi, p) in read.problems.iter().enumerate() {
        let joins = match matches.get(pi) {
            Some(xuncha_app::imports::LedgerMatch { problem_number: Some(n), closed: true, .. }) => {
                format!(" ——与已销号的问题{n}相同,本行不导入")
            }
            Some(xuncha_app::imports::LedgerMatch { problem_number: Some(n), .. }) => {
                format!(" ——与已有问题{n}相同,并入")
            }
            Some(xuncha_app::imports::LedgerMatch { repeats: Some(j), .. }) => {
                format!(" ——与本表第{}行相同,并入", read.problems.get(*j).map(|e| e.row).unwrap_or_default())
            }
            _ => String::new(),
        };
        println!("问题(第{}行)[{}] {}{joins}", p.row, p.category, p.summary);
        for m in &p.measures {
            let repeated = matches.get(pi).is_some_and(|x| x.repeated_rows.contains(&m.row));
            let when = m
                .fields
                .deadline
                .map(|d| d.to_string())
                .or(m.fields.deadline_kind.map(|k| k.label().to_string()))
                .unwrap_or_default();
            println!(
                "  措施(第{}行){} | 责任人:{} | 时限:{} | {}{}",
                m.row,
                m.fields.content,
                m.fields.responsible_person,
                when,
                m.status.label(),
                if repeated { " ——已有该措施,不重复导入" } else { "" }
            );
        }
    }
    for i in &read.issues {
        println!("问题:{}", i.describe());
    }
    if !apply {
        println!("以上为预览,数据库未改动。确认无误后加 --apply 导入。");
        return Ok(if read.issues.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) });
    }
    let Some(problems) = read.to_import(accept_valid) else {
        println!(
            "文件中有{}处问题,未导入任何数据。请修正后重试,或加 --accept-valid 只导入没有问题的行。",
            read.issues.len()
        );
        return Ok(ExitCode::from(2));
    };
    let done = app.import_ledger(&actor, inspection, &problems).await.map_err(app_error)?;
    println!("已导入{}个问题、{}条措施。", done.problems, done.measures);
    if done.merged > 0 || done.repeated_measures > 0 {
        println!("{}个问题并入已有问题,{}条已有措施未重复导入。", done.merged, done.repeated_measures);
    }
    Ok(ExitCode::SUCCESS)
}

async fn roster(db: DbArgs, args: FileArgs) -> Result<ExitCode, String> {
    let FileArgs { file, as_user, apply, accept_valid } = args;
    let app = App::new(open(&db).await?, Clock::System).await.map_err(app_error)?;
    let actor = actor_of(&app, &as_user).await?;
    let read = xuncha_documents::import::roster::read_roster(&read_file(&file)?)?;
    for o in &read.orgs {
        let kind = o.kind.map(|k| k.label()).unwrap_or("?");
        println!("组织(第{}行){} | {} | 上级:{}", o.row, o.name, kind, o.parent);
    }
    for p in &read.people {
        println!("人员(第{}行){} | {} | {} | {}", p.row, p.name, p.unit, p.post, p.phone);
    }
    let mode = RosterMode::from_flags(apply, accept_valid);
    let outcome = app.import_roster(&actor, &read.to_input(), read.issues.len(), mode).await.map_err(app_error)?;
    let s = outcome.summary;
    let counts = format!(
        "新增组织{}个(已有{}个),新增人员{}名,更新人员{}名(未变{}名)",
        s.orgs_created, s.orgs_unchanged, s.people_created, s.people_updated, s.people_unchanged
    );
    Ok(conclude(read.issues.iter().chain(&outcome.issues), outcome.applied, apply, "", &counts))
}

/// Prints a roster's or pool's issues and what became of the file: imported, refused whole, or
/// previewed; exits 2 when the file has issues and was not imported.
fn conclude<'a>(
    issues: impl Iterator<Item = &'a xuncha_app::imports::ImportIssue>,
    applied: bool,
    apply: bool,
    what: &str,
    counts: &str,
) -> ExitCode {
    let mut n = 0;
    for i in issues {
        println!("问题:{}", i.describe());
        n += 1;
    }
    if applied {
        println!("已导入{what}:{counts}。");
        return ExitCode::SUCCESS;
    }
    if apply {
        println!("文件中有{n}处问题,未导入任何数据。请修正后重试,或加 --accept-valid 只导入没有问题的行。");
    } else {
        println!("预览:将{counts}。数据库未改动。确认无误后加 --apply 导入。");
    }
    if n == 0 { ExitCode::SUCCESS } else { ExitCode::from(2) }
}

async fn pool(db: DbArgs, args: FileArgs) -> Result<ExitCode, String> {
    let FileArgs { file, as_user, apply, accept_valid } = args;
    let app = App::new(open(&db).await?, Clock::System).await.map_err(app_error)?;
    let actor = actor_of(&app, &as_user).await?;
    let read = xuncha_documents::import::pool::read_pool(&read_file(&file)?)?;
    for r in &read.rows {
        println!("人员(第{}行){} | {} | {} | 专长:{}", r.row, r.name, r.unit, r.post, r.expertise);
    }
    let mode = RosterMode::from_flags(apply, accept_valid);
    let outcome = app.import_pool(&actor, read.to_rows(), read.issues.len(), mode).await.map_err(app_error)?;
    let s = outcome.summary;
    let counts = format!("新增{}人,更新{}人(未变{}人)", s.created, s.updated, s.unchanged);
    Ok(conclude(read.issues.iter().chain(&outcome.issues), outcome.applied, apply, "巡察人才库", &counts))
}
