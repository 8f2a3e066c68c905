//! 问题库: the county's library of typical problems, in editions. The shipped first edition is
//! in force until the office imports its own (the whole file, checked line by line before it is
//! kept); every problem falls under a typical problem — the one a person chose (the team when
//! drafting, the office when correcting), else the one the library in force classifies its text
//! into — shown on its page, counted on the dashboard and in the ledger export.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, LazyLock, Mutex};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
pub use xuncha_analysis::library::FIRST_EDITION;
use xuncha_analysis::library::{Library, LineError, TypicalProblem};
use xuncha_domain::access::{Actor, Capability};
use xuncha_domain::action::{Action, On};
use xuncha_domain::id::*;
use xuncha_domain::problem::ProblemStatus;
use xuncha_store::{Conn, LexiconKind, Problem};

use crate::audit::{china_time_text, people};
use crate::{App, AppError, AppResult, By, check_version, json, visible_inspection};

/// The largest library file read (a county's library is some tens of kilobytes).
pub const MAX_LIBRARY_BYTES: usize = 2 * 1024 * 1024;

/// One typical problem as pages and the API show it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct TypicalProblemView {
    pub code: String,
    pub category: String,
    pub aspect: String,
    pub name: String,
    /// The wording a work paper may start from.
    pub wording: String,
    /// 定性依据.
    pub basis: String,
    /// The recognition words as written in the file.
    pub terms: String,
}

impl From<&TypicalProblem> for TypicalProblemView {
    fn from(p: &TypicalProblem) -> Self {
        TypicalProblemView {
            code: p.code.clone(),
            category: p.category.clone(),
            aspect: p.aspect.clone(),
            name: p.name.clone(),
            wording: p.wording.clone(),
            basis: p.basis.clone(),
            terms: p.terms_text.clone(),
        }
    }
}

/// An edition of the library (or of the concept lexicon): who imported it and when.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct EditionView {
    /// 1 is the shipped edition.
    pub number: i64,
    pub note: String,
    /// Typical problems (of the library) or concepts (of the lexicon).
    pub entry_count: i64,
    /// Name and post; empty for the shipped edition.
    pub imported_by: String,
    /// Readable China time; empty for the shipped edition.
    pub imported_at: String,
}

/// The library in force, and its editions, newest first.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct LibraryView {
    /// The edition in force: the shipped one when the county's newest does not read.
    pub edition: EditionView,
    pub problems: Vec<TypicalProblemView>,
    pub editions: Vec<EditionView>,
    /// The number of the county's newest edition when it does not read under this release (a
    /// later release reads files more strictly, or the database was edited by hand): its newest
    /// edition that reads stands in (`standing_in`), else the library shipped with this release,
    /// until the office imports a repaired file.
    pub unreadable: Option<i64>,
    pub standing_in: Option<i64>,
}

/// A new edition, as a whole file (the format of `library/typical_problems.tsv`).
#[derive(Debug, Deserialize, JsonSchema)]
pub struct LibraryImportInput {
    /// What changed, for the record ("增加光伏收益管理典型问题").
    #[serde(default)]
    pub note: String,
    /// The file's lines, each seven tab-separated fields (or a `#` comment): a line each, so
    /// that no one string of the request is longer than a line.
    pub lines: Vec<String>,
    /// Check and show only; keep nothing.
    #[serde(default)]
    pub preview: bool,
}

/// What an import read (and, unless a preview, kept as which edition).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct LibraryImportOutcome {
    /// The edition kept; `None` for a preview.
    pub number: Option<i64>,
    pub problems: Vec<TypicalProblemView>,
    /// Typical problems per category, in file order.
    pub by_category: Vec<(String, usize)>,
    /// Against the edition in force, "code name" of the typical problems the file adds, drops,
    /// or words otherwise, so that the office sees what it is about to change.
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<String>,
    /// "code name (why)" of the typical problems the file's own terms do not reach from their
    /// name or standard wording: they would be missed where a finding is written that way.
    pub unreached: Vec<String>,
}

/// The typical problem a problem falls under, and how it came to.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TypicalRef {
    pub code: String,
    pub category: String,
    pub aspect: String,
    pub name: String,
    /// Chosen by a person (the team when drafting, the office when correcting); otherwise the
    /// library classified the text, by `words`.
    pub chosen: bool,
    /// Name and post of who chose it, and when (readable China time); empty when classified.
    pub chosen_by: String,
    pub chosen_at: String,
    /// The recognition words found in the text (when classified).
    pub words: Vec<String>,
}

/// The office's correction: a typical problem's code, or empty to let the library classify.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct ClassifyInput {
    pub version: i64,
    #[serde(default)]
    pub typical_code: String,
}

/// How many problems fall under one typical problem.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TypicalCount {
    pub code: String,
    pub category: String,
    pub name: String,
    pub problems: usize,
}

/// Libraries already built, by their file's text (several databases may share a process, so an
/// edition's id would not do): a page asks for the library two or three times, and building its
/// automaton each time cost more than the page.
static PARSED: LazyLock<Mutex<HashMap<SourceKey, Read<Library>>>> = LazyLock::new(Default::default);

/// An edition's file as read once: the reading, or `None` when it does not read (remembered too,
/// so that a file that does not read is tried and logged once, not on every page).
pub(crate) type Read<T> = Option<Arc<T>>;

/// What is in force: the reading; when the county's newest edition does not read, its number,
/// and the number of the county's newest edition that reads and stands in for it (`None`: none
/// does, the library shipped with this release stands in). The pages say so.
pub(crate) struct InForce<T> {
    pub read: Arc<T>,
    pub unreadable: Option<i64>,
    pub standing_in: Option<i64>,
}

/// A library file by its length and hash.
pub(crate) type SourceKey = (usize, u64);

/// Typical problems grouped by their category, in file order (for a select's option groups).
pub fn by_category(problems: Vec<TypicalProblemView>) -> Vec<(String, Vec<TypicalProblemView>)> {
    let mut groups: Vec<(String, Vec<TypicalProblemView>)> = Vec::new();
    for t in problems {
        match groups.iter_mut().find(|(c, _)| *c == t.category) {
            Some((_, list)) => list.push(t),
            None => groups.push((t.category.clone(), vec![t])),
        }
    }
    groups
}

/// Reads a county's library in force: its newest edition, else the shipped one.
pub(crate) async fn in_force(conn: &mut Conn<'_>, committee: Option<OrgId>) -> AppResult<Arc<Library>> {
    Ok(in_force_of(conn, committee).await?.read)
}

/// The same, saying whether the county's newest edition did not read and which stands in.
pub(crate) async fn in_force_of(conn: &mut Conn<'_>, committee: Option<OrgId>) -> AppResult<InForce<Library>> {
    static SHIPPED: LazyLock<Arc<Library>> = LazyLock::new(|| Arc::new(Library::built_in().clone()));
    let kind = LexiconKind::TypicalProblems;
    reading(conn, committee, kind, &PARSED, |s| Library::parse(s).ok(), &SHIPPED).await
}

/// The reading of the county's newest edition of a kind; when it does not read, of its newest
/// edition that does (an office's own words are nearer than the shipped file), else the shipped
/// one. Older editions are read only on that rare path.
pub(crate) async fn reading<T>(
    conn: &mut Conn<'_>,
    committee: Option<OrgId>,
    kind: LexiconKind,
    cache: &Mutex<HashMap<SourceKey, Read<T>>>,
    parse: impl Fn(&str) -> Option<T>,
    shipped: &Arc<T>,
) -> AppResult<InForce<T>> {
    let Some(newest) = conn.current_library_edition(committee, kind).await? else {
        return Ok(InForce { read: shipped.clone(), unreadable: None, standing_in: None });
    };
    if let Some(read) = parsed(cache, &newest, &parse) {
        return Ok(InForce { read, unreadable: None, standing_in: None });
    }
    for older in conn.library_editions(committee, kind).await?.iter().filter(|e| e.number < newest.number) {
        let Some(e) = conn.library_edition(committee, kind, older.number).await? else { continue };
        if let Some(read) = parsed(cache, &e, &parse) {
            return Ok(InForce { read, unreadable: Some(newest.number), standing_in: Some(e.number) });
        }
    }
    Ok(InForce { read: shipped.clone(), unreadable: Some(newest.number), standing_in: None })
}

/// An edition's file read once per process. Every kept edition was read whole before it was
/// kept; one that does not read now (a later release reads files more strictly, or the database
/// was edited by hand) must not take the county's pages down, nor the page that imports its
/// repair: `None`, and the caller's shipped edition stands in; the log names the edition (never
/// its text).
pub(crate) fn parsed<T>(
    cache: &Mutex<HashMap<SourceKey, Read<T>>>,
    e: &xuncha_store::rows::LibraryEdition,
    parse: impl Fn(&str) -> Option<T>,
) -> Read<T> {
    let key = {
        let mut h = std::hash::DefaultHasher::new();
        e.source.hash(&mut h);
        (e.source.len(), h.finish())
    };
    if let Some(found) = cache.lock().unwrap_or_else(|p| p.into_inner()).get(&key) {
        return found.clone();
    }
    let read = parse(&e.source).map(Arc::new);
    if read.is_none() {
        tracing::error!(edition = e.id, "a stored edition does not read; the shipped edition stands in");
    }
    let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
    if cache.len() >= 64 {
        cache.clear();
    }
    cache.insert(key, read.clone());
    read
}

/// The typical problem of a problem under a library, with who chose it (names filled by the
/// caller from `chosen_by` ids).
pub(crate) fn typical_of(library: &Library, p: &Problem) -> Option<TypicalRef> {
    if let Some(code) = &p.typical_code {
        // A code of an earlier edition that this one dropped still says what was chosen; one
        // the shipped library merged into another is shown as the one it is now.
        let t = library.resolve(code);
        return Some(TypicalRef {
            code: t.map_or_else(|| code.clone(), |t| t.code.clone()),
            category: t.map(|t| t.category.clone()).unwrap_or_default(),
            aspect: t.map(|t| t.aspect.clone()).unwrap_or_default(),
            name: t.map_or_else(|| format!("{code}(已不在现行问题库)"), |t| t.name.clone()),
            chosen: true,
            chosen_by: String::new(),
            chosen_at: p.typical_at.map(china_time_text).unwrap_or_default(),
            words: Vec::new(),
        });
    }
    let c = library.classify(&format!("{}。{}", p.summary, p.detail))?;
    let t = library.get(&c.code)?;
    Some(TypicalRef {
        code: c.code,
        category: t.category.clone(),
        aspect: t.aspect.clone(),
        name: c.name,
        chosen: false,
        chosen_by: String::new(),
        chosen_at: String::new(),
        words: c.words,
    })
}

/// Counts problems by typical problem, in library order; problems under none are counted as
/// "未归类" at the end.
pub(crate) fn count_by_typical(library: &Library, problems: &[Problem]) -> Vec<TypicalCount> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut unclassified = 0;
    for p in problems {
        match typical_of(library, p) {
            Some(t) => *counts.entry(t.code).or_default() += 1,
            None => unclassified += 1,
        }
    }
    let mut out: Vec<TypicalCount> = library
        .problems
        .iter()
        .filter_map(|t| {
            counts.remove(&t.code).map(|n| TypicalCount {
                code: t.code.clone(),
                category: t.category.clone(),
                name: t.name.clone(),
                problems: n,
            })
        })
        .collect();
    // Codes chosen under an earlier edition and dropped since.
    out.extend(counts.into_iter().map(|(code, n)| TypicalCount {
        name: format!("{code}(已不在现行问题库)"),
        code,
        category: String::new(),
        problems: n,
    }));
    if unclassified > 0 {
        out.push(TypicalCount {
            code: String::new(),
            category: String::new(),
            name: "未归类".into(),
            problems: unclassified,
        });
    }
    out
}

pub(crate) fn edition_view(e: &xuncha_store::rows::LibraryEdition, who: &str) -> EditionView {
    EditionView {
        number: e.number,
        note: e.note.clone(),
        entry_count: e.entry_count,
        imported_by: who.to_string(),
        imported_at: china_time_text(e.imported_at),
    }
}

/// The edition shown as in force: the newest; when it does not read, the one standing in, or,
/// when none of the county's reads, the release's own file under number 0 (no 第N版 of the
/// county's holds what is in force then, and the page says so without a number).
pub(crate) fn standing(
    editions: &[EditionView],
    unreadable: Option<i64>,
    standing_in: Option<i64>,
    entry_count: usize,
) -> EditionView {
    match (unreadable, standing_in) {
        (None, _) => editions[0].clone(),
        (Some(_), Some(n)) => editions.iter().find(|e| e.number == n).cloned().unwrap_or_else(|| editions[0].clone()),
        (Some(_), None) => EditionView {
            number: 0,
            note: "本版本系统随附".into(),
            entry_count: entry_count as i64,
            imported_by: String::new(),
            imported_at: String::new(),
        },
    }
}

pub(crate) fn shipped_edition(entry_count: usize) -> EditionView {
    EditionView {
        number: 1,
        note: "随系统提供的第1版".into(),
        entry_count: entry_count as i64,
        imported_by: String::new(),
        imported_at: String::new(),
    }
}

/// The most lines a library file may have.
pub const MAX_LIBRARY_LINES: usize = 10_000;

/// A file's lines as one text, its size bounded before anything is built from it and a line
/// holding an invisible control or direction character refused; `what` names the file.
pub(crate) fn checked_source(lines: &[String], what: &str) -> AppResult<String> {
    if lines.len() > MAX_LIBRARY_LINES {
        return Err(AppError::invalid("lines", format!("{what}文件超过{MAX_LIBRARY_LINES}行")));
    }
    if lines.iter().map(|l| l.len() + 1).sum::<usize>() > MAX_LIBRARY_BYTES {
        return Err(AppError::invalid("lines", format!("{what}文件超过{}MB", MAX_LIBRARY_BYTES / 1024 / 1024)));
    }
    let bad: Vec<xuncha_domain::FieldError> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.chars().any(|c| xuncha_domain::error::forbidden_char(c) || c == '\n' || c == '\r'))
        .take(50)
        .map(|(i, _)| {
            xuncha_domain::FieldError::new("lines", format!("第{}行:含有不可见的控制字符或换行,请删除", i + 1))
        })
        .collect();
    if !bad.is_empty() {
        return Err(AppError::Invalid(bad));
    }
    Ok(lines.join("\n"))
}

/// A file's bad lines, each named ("第3行:…").
pub(crate) fn line_errors(errors: Vec<LineError>) -> AppError {
    AppError::Invalid(
        errors
            .into_iter()
            .take(50)
            .map(|e| xuncha_domain::FieldError::new("lines", format!("第{}行:{}", e.line, e.message)))
            .collect(),
    )
}

/// Reads a library file, each bad line named.
fn read_file(lines: &[String]) -> AppResult<Library> {
    let library = Library::parse(&checked_source(lines, "问题库")?).map_err(line_errors)?;
    if library.problems.is_empty() {
        return Err(AppError::invalid("lines", "文件中没有典型问题"));
    }
    Ok(library)
}

/// What a new edition changes against the one in force, by key (a code, a name), each list in
/// file order: the keys it adds, drops, and holds with other content.
pub(crate) fn changes<K: Eq + Hash + Clone, V: PartialEq>(
    before: impl IntoIterator<Item = (K, V)>,
    after: impl IntoIterator<Item = (K, V)>,
) -> (Vec<K>, Vec<K>, Vec<K>) {
    let mut old: Vec<(K, V)> = before.into_iter().collect();
    let index: HashMap<K, usize> = old.iter().enumerate().map(|(i, (k, _))| (k.clone(), i)).collect();
    let mut kept = vec![false; old.len()];
    let (mut added, mut changed) = (Vec::new(), Vec::new());
    for (k, v) in after {
        match index.get(&k) {
            None => added.push(k),
            Some(&i) => {
                kept[i] = true;
                if old[i].1 != v {
                    changed.push(k);
                }
            }
        }
    }
    let removed = old.drain(..).zip(kept).filter(|(_, k)| !k).map(|((k, _), _)| k).collect();
    (added, removed, changed)
}

/// A revision note as kept: at most 200 characters, a default when empty.
pub(crate) fn revision_note<'a>(note: &'a str, default: &'a str) -> AppResult<&'a str> {
    let note = note.trim();
    if note.chars().count() > 200 {
        return Err(AppError::invalid("note", "修订说明不超过200字"));
    }
    Ok(if note.is_empty() { default } else { note })
}

impl App {
    /// The county of the actor (its office's, its team's): whose library it reads and extends.
    pub(crate) fn library_county(actor: &Actor) -> Option<OrgId> {
        actor.jurisdiction.as_ref().and_then(|j| j.county())
    }

    /// The library in force for the actor's county, with its editions: the inspecting side's
    /// (office, leaders, teams — who draft from it — and a higher office).
    pub async fn library(&self, actor: &Actor) -> AppResult<LibraryView> {
        // The inspecting side's tool: its revision notes name where the office will look next.
        crate::require(actor, Capability::ReadRounds)?;
        let county = Self::library_county(actor);
        let mut h = self.store.read().await?;
        let InForce { read: force, unreadable, standing_in } = in_force_of(&mut h.conn(), county).await?;
        let stored = h.conn().library_editions(county, LexiconKind::TypicalProblems).await?;
        let who = people(&mut h.conn(), stored.iter().filter_map(|e| e.imported_by).collect()).await?;
        let mut editions: Vec<EditionView> =
            stored.iter().map(|e| edition_view(e, who.of_opt(&e.imported_by))).collect();
        if !stored.iter().any(|e| e.number == 1) {
            editions.push(shipped_edition(Library::built_in().problems.len()));
        }
        let edition = standing(&editions, unreadable, standing_in, force.problems.len());
        let problems = force.problems.iter().map(Into::into).collect();
        Ok(LibraryView { edition, problems, editions, unreadable, standing_in })
    }

    /// Checks a library file and, unless a preview, keeps it as the county's next edition.
    pub async fn import_library(&self, actor: &Actor, input: &LibraryImportInput) -> AppResult<LibraryImportOutcome> {
        crate::require(actor, Capability::PlanRounds)?;
        let library = read_file(&input.lines)?;
        let note = revision_note(&input.note, "导入问题库")?;
        let mut by_category: Vec<(String, usize)> = Vec::new();
        for p in &library.problems {
            match by_category.iter_mut().find(|(c, _)| *c == p.category) {
                Some((_, n)) => *n += 1,
                None => by_category.push((p.category.clone(), 1)),
            }
        }
        let problems: Vec<TypicalProblemView> = library.problems.iter().map(Into::into).collect();
        let county = Self::library_county(actor);
        let force = {
            let mut h = self.store.read().await?;
            in_force(&mut h.conn(), county).await?
        };
        let entry = |p: &TypicalProblem| (format!("{} {}", p.code, p.name), TypicalProblemView::from(p));
        let (added, removed, changed) = changes(force.problems.iter().map(entry), library.problems.iter().map(entry));
        // Each typical problem's name and wording classified against the whole file: quadratic
        // in the file's size (10,000 lines at most), so off the async workers.
        let library = Arc::new(library);
        let all = library.clone();
        let unreached = tokio::task::spawn_blocking(move || all.unreached().iter().map(ToString::to_string).collect())
            .await
            .map_err(|_| AppError::internal("checking a library file's typical problems stopped"))?;
        let outcome =
            |number| LibraryImportOutcome { number, problems, by_category, added, removed, changed, unreached };
        if input.preview {
            return Ok(outcome(None));
        }
        let mut tx = self.write_as(By::User(actor), Capability::PlanRounds).await?;
        let count = library.problems.len() as i64;
        // The shipped edition the county worked with until now is kept as its 第1版, so that a
        // later release shipping another first edition does not change what 第1版 was here.
        let kind = LexiconKind::TypicalProblems;
        if tx.conn().current_library_edition(county, kind).await?.is_none() {
            let shipped = Library::built_in().problems.len() as i64;
            tx.conn().insert_library_edition(county, kind, "随系统提供的第1版", FIRST_EDITION, shipped, None).await?;
        }
        let source = input.lines.join("\n");
        let number = tx.conn().insert_library_edition(county, kind, note, &source, count, Some(actor.user_id)).await?;
        let summary = format!("导入问题库第{number}版({count}个典型问题):{note}");
        let after = serde_json::json!({ "number": number, "note": note, "problems": count }).to_string();
        tx.record(Action::SettingProblemLibrary, On::NONE, &summary, "{}", &after).await?;
        tx.commit().await?;
        Ok(outcome(Some(number)))
    }

    /// The file of an edition (the shipped one is number 1), to download and edit.
    pub async fn library_file(&self, actor: &Actor, number: i64) -> AppResult<String> {
        crate::require(actor, Capability::ReadRounds)?;
        let mut h = self.store.read().await?;
        match h.conn().library_edition(Self::library_county(actor), LexiconKind::TypicalProblems, number).await? {
            Some(e) => Ok(e.source),
            None if number == 1 => Ok(FIRST_EDITION.to_string()),
            None => Err(AppError::NotFound),
        }
    }

    /// The office sets the typical problem a problem falls under (empty: as the library
    /// classifies it).
    pub async fn classify_problem(
        &self,
        actor: &Actor,
        id: ProblemId,
        input: &ClassifyInput,
    ) -> AppResult<Option<TypicalRef>> {
        let mut tx = self.write(By::User(actor)).await?;
        let before = tx.conn().get_problem(id).await?.ok_or(AppError::NotFound)?;
        let (insp, scope) = visible_inspection(&mut tx.conn(), actor, before.inspection_id).await?;
        tx.require_visible(Capability::ReadProblems(&scope))?;
        tx.require(Capability::ClassifyProblem(&scope))?;
        check_version(input.version, before.version)?;
        let force = in_force(&mut tx.conn(), insp.committee_id).await?;
        let code = input.typical_code.trim();
        let chosen = if code.is_empty() {
            None
        } else {
            Some(force.get(code).ok_or_else(|| AppError::invalid("typical_code", "问题库中没有这个典型问题"))?)
        };
        tx.conn().set_problem_typical(id, input.version, chosen.map(|t| t.code.as_str()), actor.user_id).await?;
        let after = tx.conn().get_problem(id).await?.ok_or(AppError::NotFound)?;
        let summary = match chosen {
            Some(t) => format!("问题{}认定为典型问题“{}”", after.number, t.name),
            None => format!("问题{}的典型问题改由问题库自动归类", after.number),
        };
        tx.record(Action::ProblemClassify, id, &summary, &json(&before), &json(&after)).await?;
        // Given back to a library that finds no typical problem in the text: "未归类", not an error.
        let mut typical = typical_of(&force, &after);
        if let Some(t) = typical.as_mut().filter(|t| t.chosen) {
            t.chosen_by = crate::audit::name_and_post_of(&mut tx.conn(), actor.user_id).await?;
        }
        tx.commit().await?;
        Ok(typical)
    }

    /// A problem's typical problem as its page shows it (who chose it, by name and post).
    pub(crate) async fn typical_for_page(&self, conn: &mut Conn<'_>, p: &Problem) -> AppResult<Option<TypicalRef>> {
        let insp = conn.get_inspection(p.inspection_id).await?.ok_or(AppError::NotFound)?;
        let force = in_force(conn, insp.committee_id).await?;
        let mut t = typical_of(&force, p);
        if let (Some(t), Some(by)) = (t.as_mut(), p.typical_by) {
            t.chosen_by = crate::audit::name_and_post_of(conn, by).await?;
        }
        Ok(t)
    }

    /// A round's fed-back problems by typical problem, and each problem with its typical
    /// problem, for the dashboard's export (the problems of the inspections the actor reaches).
    pub async fn round_typical_report(&self, actor: &Actor, round_id: RoundId) -> AppResult<TypicalReport> {
        crate::require_visible(actor, Capability::ReadRounds)?;
        let rounds = self.rounds_in_reach(actor).await?;
        let round = rounds.into_iter().find(|r| r.id == round_id).ok_or(AppError::NotFound)?;
        let inspections = self.inspections_in_reach(actor, Some(round.id)).await?;
        let mut h = self.store.read().await?;
        let problems: Vec<Problem> = h
            .conn()
            .round_problems(round.id)
            .await?
            .into_iter()
            .filter(|p| inspections.iter().any(|i| i.id == p.inspection_id))
            .filter(|p| matches!(p.status, ProblemStatus::FedBack | ProblemStatus::Closed))
            .collect();
        let library = in_force(&mut h.conn(), round.committee_id).await?;
        let lines = problems
            .iter()
            .map(|p| {
                let t = typical_of(&library, p);
                TypicalLine {
                    target_name: inspections
                        .iter()
                        .find(|i| i.id == p.inspection_id)
                        .map(|i| i.target_name.clone())
                        .unwrap_or_default(),
                    number: p.number,
                    summary: p.summary.clone(),
                    category: t.as_ref().map(|t| t.category.clone()).unwrap_or_default(),
                    typical: t.as_ref().map_or_else(|| "未归类".to_string(), |t| t.name.clone()),
                    chosen: t.as_ref().is_some_and(|t| t.chosen),
                }
            })
            .collect();
        Ok(TypicalReport { round_name: round.name, counts: count_by_typical(&library, &problems), lines })
    }
}

/// A round's problems by typical problem, for its workbook.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TypicalReport {
    pub round_name: String,
    pub counts: Vec<TypicalCount>,
    pub lines: Vec<TypicalLine>,
}

/// One problem and the typical problem it falls under.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TypicalLine {
    pub target_name: String,
    pub number: i64,
    pub summary: String,
    pub category: String,
    pub typical: String,
    /// Chosen by a person (otherwise classified by the library).
    pub chosen: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An edition that does not read is tried once per process, not on every page (each try
    /// reads the whole file and logs).
    #[test]
    fn an_edition_that_does_not_read_is_tried_once_and_named() {
        let cache: Mutex<HashMap<SourceKey, Read<usize>>> = Mutex::default();
        let tries = std::sync::atomic::AtomicUsize::new(0);
        let parse = |_: &str| {
            tries.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            None
        };
        let edition = xuncha_store::rows::LibraryEdition {
            id: 7,
            committee_id: None,
            kind: "typical".into(),
            number: 4,
            note: String::new(),
            source: "9.9.9\t缺栏".into(),
            entry_count: 1,
            imported_by: None,
            imported_at: time::OffsetDateTime::UNIX_EPOCH,
        };
        for _ in 0..3 {
            assert!(parsed(&cache, &edition, parse).is_none());
        }
        assert_eq!(tries.load(std::sync::atomic::Ordering::SeqCst), 1);
    }

    #[test]
    fn an_edition_is_compared_by_key_in_file_order() {
        let before = [("甲", 1), ("乙", 2), ("丙", 3), ("丁", 4)];
        let after = [("戊", 5), ("丙", 30), ("乙", 2), ("己", 6)];
        let (added, removed, changed) = changes(before, after);
        assert_eq!((added, removed, changed), (vec!["戊", "己"], vec!["甲", "丁"], vec!["丙"]));
    }
}
