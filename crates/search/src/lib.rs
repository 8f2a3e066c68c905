//! Full-text search in Chinese over what an inspection produces: problems, measures, progress
//! reports and tips. Words come from the same jieba segmenter as the detectors (with the trade's
//! vocabulary). Every query carries what the reader may see — by kind and inspection — as part of
//! the query itself, so hidden documents are never scored, counted or shown. Tippers are never
//! indexed: only a tip's content is.
//!
//! Results are ranked by what each document itself holds, never by statistics of the whole
//! index. BM25 weighs a word by how many documents hold it: a target could plant a word in its
//! own progress report and watch its score fall once a team registers a tip with that word. So
//! the matching documents the reader may see are taken newest first (a fast field, no scoring),
//! and those are ordered by how densely they hold the query's words; no score leaves this crate.

mod tokenizer;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Mutex;

use serde::Serialize;
use tantivy::Order;
use tantivy::collector::TopDocs;
use tantivy::directory::MmapDirectory;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery, TermSetQuery};
use tantivy::schema::{FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value};
use tantivy::tokenizer::{TokenStream, Tokenizer};
use tantivy::{Index, IndexBuilder, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, TantivyError, Term, doc};

pub use tantivy::TantivyError as Error;
pub use tokenizer::WordTokenizer;

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Problem,
    Measure,
    Progress,
    Tip,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Problem => "problem",
            Kind::Measure => "measure",
            Kind::Progress => "progress",
            Kind::Tip => "tip",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Kind::Problem => "问题",
            Kind::Measure => "整改措施",
            Kind::Progress => "整改进展",
            Kind::Tip => "信访举报",
        }
    }
    pub fn parse(code: &str) -> Option<Kind> {
        [Kind::Problem, Kind::Measure, Kind::Progress, Kind::Tip].into_iter().find(|k| k.code() == code)
    }
}

/// One thing to find. `link_id` is what the result links to (a progress report links to its
/// measure).
#[derive(Debug, Clone)]
pub struct Doc {
    pub kind: Kind,
    /// The row of the kind's table (what a change names); `link_id` is what a hit links to.
    pub source_id: i64,
    pub link_id: i64,
    pub inspection_id: i64,
    /// A problem fed back to the organisation (targets see no drafts).
    pub fed_back: bool,
    pub text: String,
}

/// What the reader may see, by inspection. `all_*` says the reader sees that kind in every
/// inspection (the office, leaders), which spares the query a list of thousands of ids.
#[derive(Debug, Clone, Default)]
pub struct Allowed {
    pub all_problems: bool,
    pub all_drafts: bool,
    pub all_plans: bool,
    pub all_tips: bool,
    /// Inspections whose fed-back problems the reader sees.
    pub problems: BTreeSet<i64>,
    /// Inspections whose draft problems (work papers) the reader sees too.
    pub drafts: BTreeSet<i64>,
    /// Inspections whose measures and progress the reader sees.
    pub plans: BTreeSet<i64>,
    /// Inspections whose tips the reader handles.
    pub tips: BTreeSet<i64>,
}

/// A piece of text, marked when it matched.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Piece {
    pub text: String,
    pub hit: bool,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Hit {
    pub kind: Kind,
    pub link_id: i64,
    pub inspection_id: i64,
    /// The best fragment, with the matching words marked.
    pub snippet: Vec<Piece>,
}

struct Fields {
    /// `kind:source_id`, to replace or remove one document.
    key: Field,
    kind: Field,
    link: Field,
    inspection: Field,
    stage: Field,
    text: Field,
}

/// Where a saved index stands: built for the database that holds `token` (written there each
/// time the index is saved, so a database replaced by an older copy is noticed), with every
/// text change up to the log row `applied`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavePoint {
    pub token: String,
    pub applied: i64,
}

/// Marks the payload of a save point in tantivy's commit metadata.
const PAYLOAD_MARK: &str = "xuncha-search";

impl SavePoint {
    fn payload(&self) -> String {
        format!("{PAYLOAD_MARK} {} {}", self.token, self.applied)
    }

    fn parse(payload: &str) -> Option<SavePoint> {
        let mut parts = payload.split(' ');
        if parts.next()? != PAYLOAD_MARK {
            return None;
        }
        let token = parts.next()?.to_string();
        let applied = parts.next()?.parse().ok()?;
        parts.next().is_none().then_some(SavePoint { token, applied })
    }
}

/// The folder inside the search directory that holds the index. The number is the schema's:
/// a changed schema gets a new folder instead of an index it cannot read.
const INDEX_FOLDER: &str = "index-2";

/// The index, in memory or in a folder. It is built once, then follows changes: `update`
/// replaces the documents of the rows that changed. In a folder it outlives the process: the
/// next one resumes from its save point instead of building again.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    /// Taken only when the index is dropped.
    writer: Mutex<Option<IndexWriter>>,
    f: Fields,
}

impl Drop for SearchIndex {
    /// Merges under way finish before the folder's lock is let go: the next opener (a rebuild,
    /// the next process) finds no writer still at work in it.
    fn drop(&mut self) {
        if let Ok(slot) = self.writer.get_mut()
            && let Some(writer) = slot.take()
        {
            let _ = writer.wait_merging_threads();
        }
    }
}

const TOKENIZER: &str = "words";

/// Memory of the writer, shared by its threads.
const WRITER_BYTES: usize = 60_000_000;

fn stage(fed_back: bool) -> &'static str {
    if fed_back { "fed" } else { "draft" }
}

fn key(kind: Kind, source_id: i64) -> String {
    format!("{}:{source_id}", kind.code())
}

fn schema() -> (Schema, Fields) {
    let mut sb = Schema::builder();
    let text_options = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let f = Fields {
        key: sb.add_text_field("key", STRING),
        kind: sb.add_text_field("kind", STRING | STORED),
        // FAST: results are taken newest first by this column, without scoring.
        link: sb.add_i64_field("link", STORED | FAST),
        inspection: sb.add_text_field("inspection", STRING | STORED),
        stage: sb.add_text_field("stage", STRING),
        text: sb.add_text_field("text", text_options),
    };
    (sb.build(), f)
}

impl SearchIndex {
    /// An empty index in memory.
    pub fn new() -> tantivy::Result<SearchIndex> {
        let (schema, f) = schema();
        SearchIndex::with(Index::create_in_ram(schema), f)
    }

    /// The index kept in `dir` (a folder of its own; created if missing), as the last process
    /// left it: see [`SearchIndex::save_point`]. Fails when another process holds it.
    pub fn open(dir: &Path) -> tantivy::Result<SearchIndex> {
        let path = dir.join(INDEX_FOLDER);
        // It holds tips' texts as the database does: a folder created here is its owner's only.
        let mut folder = std::fs::DirBuilder::new();
        folder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut folder, 0o700);
        folder.create(&path)?;
        let directory = MmapDirectory::open(&path).map_err(|e| TantivyError::SystemError(e.to_string()))?;
        let (schema, f) = schema();
        SearchIndex::with(IndexBuilder::new().schema(schema).open_or_create(directory)?, f)
    }

    fn with(index: Index, f: Fields) -> tantivy::Result<SearchIndex> {
        index.tokenizers().register(TOKENIZER, WordTokenizer);
        // Taking the writer takes the folder's lock: a second process fails here, not later.
        let writer = Mutex::new(Some(index.writer(WRITER_BYTES)?));
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(SearchIndex { index, reader, writer, f })
    }

    /// Builds the index in memory.
    pub fn build(docs: impl IntoIterator<Item = Doc>) -> tantivy::Result<SearchIndex> {
        let index = SearchIndex::new()?;
        index.update(&[], docs, None)?;
        Ok(index)
    }

    /// Where the last complete save left the index; `None` for an index never saved, or left
    /// half-built.
    pub fn save_point(&self) -> tantivy::Result<Option<SavePoint>> {
        Ok(self.index.load_metas()?.payload.as_deref().and_then(SavePoint::parse))
    }

    /// Removes every document (to build afresh); the index is then unsaved.
    pub fn clear(&self) -> tantivy::Result<()> {
        self.with_writer(|writer| {
            writer.delete_all_documents()?;
            writer.commit()
        })?;
        self.reader.reload()
    }

    fn with_writer<R>(&self, f: impl FnOnce(&mut IndexWriter) -> tantivy::Result<R>) -> tantivy::Result<R> {
        let mut slot = self.writer.lock().map_err(|_| TantivyError::Poisoned)?;
        f(slot.as_mut().ok_or(TantivyError::Poisoned)?)
    }

    /// Removes the documents of `removed` (kind and source row) and of every added one, adds
    /// `added`, and makes the result visible to the next search. A removed row that is still
    /// there comes back in `added`. `save` is where the index then stands (`None`: not at a
    /// save point, e.g. half-way through a build).
    pub fn update(
        &self,
        removed: &[(Kind, i64)],
        added: impl IntoIterator<Item = Doc>,
        save: Option<&SavePoint>,
    ) -> tantivy::Result<()> {
        let f = &self.f;
        self.with_writer(|writer| {
            for (kind, source_id) in removed {
                writer.delete_term(Term::from_field_text(f.key, &key(*kind, *source_id)));
            }
            for d in added {
                let k = key(d.kind, d.source_id);
                writer.delete_term(Term::from_field_text(f.key, &k));
                writer.add_document(doc!(
                    f.key => k,
                    f.kind => d.kind.code(),
                    f.link => d.link_id,
                    f.inspection => d.inspection_id.to_string(),
                    f.stage => stage(d.fed_back),
                    f.text => d.text,
                ))?;
            }
            let mut commit = writer.prepare_commit()?;
            if let Some(save) = save {
                commit.set_payload(&save.payload());
            }
            commit.commit()
        })?;
        self.reader.reload()
    }

    /// How many documents are indexed.
    pub fn len(&self) -> usize {
        self.reader.searcher().num_docs() as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn term(&self, field: Field, value: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
    }

    fn inspections(&self, ids: &BTreeSet<i64>) -> Box<dyn Query> {
        Box::new(TermSetQuery::new(ids.iter().map(|i| Term::from_field_text(self.f.inspection, &i.to_string()))))
    }

    /// `what` in the inspections the reader may see (all of them, or those listed).
    fn within(&self, what: Box<dyn Query>, all: bool, ids: &BTreeSet<i64>) -> Box<dyn Query> {
        if all {
            return what;
        }
        Box::new(BooleanQuery::new(vec![(Occur::Must, what), (Occur::Must, self.inspections(ids))]))
    }

    /// The documents the reader may see, as a query.
    fn visible(&self, a: &Allowed) -> Box<dyn Query> {
        let fed_problem: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
            (Occur::Must, self.term(self.f.kind, "problem")),
            (Occur::Must, self.term(self.f.stage, "fed")),
        ]));
        let mut any: Vec<(Occur, Box<dyn Query>)> = vec![
            (Occur::Should, self.within(fed_problem, a.all_problems, &a.problems)),
            (Occur::Should, self.within(self.term(self.f.kind, "problem"), a.all_drafts, &a.drafts)),
            (Occur::Should, self.within(self.term(self.f.kind, "tip"), a.all_tips, &a.tips)),
        ];
        for kind in ["measure", "progress"] {
            any.push((Occur::Should, self.within(self.term(self.f.kind, kind), a.all_plans, &a.plans)));
        }
        Box::new(BooleanQuery::new(any))
    }

    /// The best `limit` documents the reader may see for `query`: every word of the query is
    /// required, in any order (no phrase matching: "光伏收益清查" finds "光伏收益逐村清查").
    /// Ranked by the documents alone (see the crate's comment): of the newest
    /// [`CANDIDATES`] matches, those holding the query's words most densely come first.
    pub fn search(&self, query: &str, allowed: &Allowed, limit: usize) -> tantivy::Result<Vec<Hit>> {
        let mut words: Vec<String> = Vec::new();
        let mut tokenizer = WordTokenizer;
        let mut stream = tokenizer.token_stream(query);
        while stream.advance() {
            let w = stream.token().text.clone();
            if !words.contains(&w) {
                words.push(w);
            }
        }
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = words
            .iter()
            .map(|w| -> (Occur, Box<dyn Query>) {
                let term = Term::from_field_text(self.f.text, w);
                (Occur::Must, Box::new(TermQuery::new(term, IndexRecordOption::Basic)))
            })
            .collect();
        clauses.push((Occur::Must, self.visible(allowed)));
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let newest = TopDocs::with_limit(CANDIDATES.max(limit)).order_by_fast_field::<i64>("link", Order::Desc);
        let mut ranked = Vec::new();
        for (newness, (_, address)) in searcher.search(&query, &newest)?.into_iter().enumerate() {
            let d: TantivyDocument = searcher.doc(address)?;
            let kind = d.get_first(self.f.kind).and_then(|v| v.as_str()).and_then(Kind::parse);
            let link_id = d.get_first(self.f.link).and_then(|v| v.as_i64());
            let inspection_id = d.get_first(self.f.inspection).and_then(|v| v.as_str()).and_then(|s| s.parse().ok());
            let (Some(kind), Some(link_id), Some(inspection_id)) = (kind, link_id, inspection_id) else { continue };
            let text = d.get_first(self.f.text).and_then(|v| v.as_str()).unwrap_or("");
            let hit = Hit { kind, link_id, inspection_id, snippet: highlight(text, &words, SNIPPET_CHARS) };
            ranked.push((density(text, &words), newness, hit));
        }
        // Densest first; among equals, newest first.
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        Ok(ranked.into_iter().take(limit).map(|(_, _, hit)| hit).collect())
    }
}

/// Matching documents considered for ranking, newest first.
pub const CANDIDATES: usize = 200;

/// How densely `text` holds `words`: occurrences per square root of its length in characters.
/// Computed from the document alone, so nothing else in the index moves it.
fn density(text: &str, words: &[String]) -> f64 {
    let lower = text.to_lowercase();
    let hits: usize = words.iter().filter(|w| !w.is_empty()).map(|w| lower.matches(w.as_str()).count()).sum();
    hits as f64 / (lower.chars().count().max(1) as f64).sqrt()
}

/// Characters of text shown around the first match.
const SNIPPET_CHARS: usize = 120;

/// The part of `text` around the first query word, with every occurrence of a query word marked.
/// Done here rather than with tantivy's snippets: search-mode words overlap ("光伏", "收益",
/// "光伏收益"), which its highlighter does not expect.
///
/// Matching is on the lower-cased text, whose characters may be longer or shorter than the
/// original ones ("İ" is two bytes and lowers to three, "ẞ" three to two): every match is mapped
/// back through the character it came from, so every slice of `text` lies on its character
/// boundaries whatever the text holds.
pub fn highlight(text: &str, words: &[String], max_chars: usize) -> Vec<Piece> {
    let folded = Folded::new(text);
    let mut ranges: Vec<std::ops::Range<usize>> = words
        .iter()
        .filter(|w| !w.is_empty())
        .flat_map(|w| {
            folded.lower.match_indices(w.as_str()).map(|(i, m)| folded.original(i..i + m.len())).collect::<Vec<_>>()
        })
        .collect();
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<std::ops::Range<usize>> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    // A window of `max_chars` characters starting a little before the first match.
    let first = merged.first().map(|r| r.start).unwrap_or(0);
    let before: Vec<usize> = text[..first].char_indices().map(|(i, _)| i).collect();
    let start = before.len().checked_sub(20).map(|k| before[k]).unwrap_or(0);
    let end = text[start..].char_indices().nth(max_chars).map(|(i, _)| start + i).unwrap_or(text.len());
    let mut out = Vec::new();
    let mut at = start;
    for r in merged.iter().filter(|r| r.start >= start && r.end <= end) {
        if r.start > at {
            out.push(Piece { text: text[at..r.start].to_string(), hit: false });
        }
        out.push(Piece { text: text[r.clone()].to_string(), hit: true });
        at = r.end;
    }
    if at < end {
        out.push(Piece { text: text[at..end].to_string(), hit: false });
    }
    out
}

/// A text lower-cased character by character, remembering for each byte of the lower-cased text
/// the original character it came from.
struct Folded<'a> {
    text: &'a str,
    lower: String,
    /// Byte of `lower` → start of its original character in `text`.
    origin: Vec<usize>,
}

impl<'a> Folded<'a> {
    fn new(text: &'a str) -> Self {
        let mut lower = String::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len());
        for (i, c) in text.char_indices() {
            for l in c.to_lowercase() {
                lower.push(l);
                origin.resize(lower.len(), i);
            }
        }
        Folded { text, lower, origin }
    }

    /// The original text's range covering the characters a lower-cased range came from.
    fn original(&self, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
        let start = self.origin.get(r.start).copied().unwrap_or(self.text.len());
        let last = r.end.checked_sub(1).and_then(|b| self.origin.get(b).copied()).unwrap_or(start);
        let end = self.text[last..].chars().next().map_or(self.text.len(), |c| last + c.len_utf8());
        start..end.max(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs() -> Vec<Doc> {
        // A progress report's own row is a hundred more than the measure it links to.
        let d = |kind, link_id, inspection_id, fed_back, text: &str| Doc {
            kind,
            source_id: if kind == Kind::Progress { link_id + 100 } else { link_id },
            link_id,
            inspection_id,
            fed_back,
            text: text.to_string(),
        };
        vec![
            d(Kind::Problem, 1, 10, true, "村级财务管理不规范,部分村光伏收益未纳入村集体账户核算"),
            d(Kind::Measure, 2, 10, true, "对13个村2021年以来光伏收益逐村清查,10月底前全部纳入村集体账户统一核算"),
            d(Kind::Progress, 2, 10, true, "已完成9个村的光伏收益清查,入账凭证已上传"),
            d(Kind::Tip, 3, 10, true, "反映某村光伏收益去向不明,账目未公开"),
            d(Kind::Problem, 4, 20, true, "张西河乡光伏电站运维管理不到位"),
            d(Kind::Problem, 5, 10, false, "光伏收益被挪用的线索(底稿)"),
        ]
    }

    fn set(ids: &[i64]) -> BTreeSet<i64> {
        ids.iter().copied().collect()
    }

    #[test]
    fn a_team_finds_everything_of_its_inspection_with_words_marked() {
        let index = SearchIndex::build(docs()).unwrap();
        let team = Allowed {
            problems: set(&[10]),
            drafts: set(&[10]),
            plans: set(&[10]),
            tips: set(&[10]),
            ..Allowed::default()
        };
        let hits = index.search("光伏收益", &team, 10).unwrap();
        let kinds: BTreeSet<&str> = hits.iter().map(|h| h.kind.code()).collect();
        assert_eq!(kinds, ["measure", "problem", "progress", "tip"].into_iter().collect());
        assert!(hits.iter().all(|h| h.inspection_id == 10), "not another team's inspection");
        assert!(hits[0].snippet.iter().any(|p| p.hit && p.text == "光伏收益"), "{:?}", hits[0].snippet);
        let whole: String = hits[0].snippet.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(whole.matches("光伏").count(), 1, "overlapping words marked once: {whole}");
        // Words in another order or apart still match; a word the text lacks does not.
        let apart = index.search("清查光伏收益", &team, 10).unwrap();
        assert_eq!(apart.iter().map(|h| h.kind).collect::<BTreeSet<_>>(), [Kind::Measure, Kind::Progress].into());
        assert!(index.search("光伏收益 宅基地", &team, 10).unwrap().is_empty());
    }

    #[test]
    fn highlights_merge_overlapping_words_and_stay_on_char_boundaries() {
        let words = vec!["光伏".to_string(), "收益".to_string(), "光伏收益".to_string()];
        let p = highlight("部分村光伏收益未入账,光伏电站另计", &words, 120);
        let marked: Vec<&str> = p.iter().filter(|x| x.hit).map(|x| x.text.as_str()).collect();
        assert_eq!(marked, vec!["光伏收益", "光伏"]);
        let long = format!("{}光伏收益{}", "前".repeat(50), "后".repeat(300));
        let p = highlight(&long, &words, 40);
        let shown: String = p.iter().map(|x| x.text.as_str()).collect();
        assert_eq!(shown.chars().count(), 40);
        assert!(shown.starts_with(&"前".repeat(20)));
        assert!(highlight("没有命中", &words, 10).iter().all(|x| !x.hit));
    }

    #[test]
    fn letters_whose_lower_case_changes_length_are_marked_whole() {
        // "İ" (2 bytes) lowers to "i̇" (3 bytes) and "ẞ" (3) to "ß" (2): together the lengths agree
        // but the boundaries do not, which once sliced inside a character.
        let words = vec!["光伏".to_string(), "i".to_string(), "ß".to_string()];
        let p = highlight("İẞ光伏收益ẞİ", &words, 120);
        let marked: Vec<&str> = p.iter().filter(|x| x.hit).map(|x| x.text.as_str()).collect();
        // Adjacent matches are marked as one.
        assert_eq!(marked, vec!["İẞ光伏", "ẞİ"]);
        let shown: String = p.iter().map(|x| x.text.as_str()).collect();
        assert_eq!(shown, "İẞ光伏收益ẞİ");
    }

    /// Any text: printable or not, and letters whose case folding changes their length.
    const ANY_TEXT: &str = r"\PC{0,60}|[İẞıſKÅΣσςa-zA-Z光伏收益 ]{0,60}|\PC{0,10}";

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        #[test]
        fn highlighting_any_text_with_any_words_shows_a_piece_of_the_text(
            text in ANY_TEXT,
            words in proptest::collection::vec(r"\PC{0,4}|[ißσsk光伏]{1,3}", 0..4),
            max in 0usize..80,
        ) {
            let pieces = highlight(&text, &words, max);
            let shown: String = pieces.iter().map(|p| p.text.as_str()).collect();
            proptest::prop_assert!(text.contains(&shown));
            proptest::prop_assert!(shown.chars().count() <= max);
        }

        #[test]
        fn any_text_is_cut_into_words_that_lie_on_its_character_boundaries(text in ANY_TEXT) {
            let mut tokenizer = WordTokenizer;
            let mut stream = tokenizer.token_stream(&text);
            while stream.advance() {
                let t = stream.token();
                proptest::prop_assert!(t.offset_from <= t.offset_to && t.offset_to <= text.len());
                proptest::prop_assert!(text.is_char_boundary(t.offset_from) && text.is_char_boundary(t.offset_to));
            }
        }
    }

    #[test]
    fn any_indexed_text_is_found_by_any_query_without_failing() {
        use proptest::strategy::{Strategy, ValueTree};
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let texts: Vec<String> = (0..200).map(|_| ANY_TEXT.new_tree(&mut runner).expect("a text").current()).collect();
        let docs = texts.iter().enumerate().map(|(i, text)| Doc {
            kind: Kind::Tip,
            source_id: i as i64,
            link_id: i as i64,
            inspection_id: 10,
            fed_back: false,
            text: text.clone(),
        });
        let index = SearchIndex::build(docs).unwrap();
        let office =
            Allowed { all_problems: true, all_drafts: true, all_plans: true, all_tips: true, ..Allowed::default() };
        // Every text's own words as queries, and arbitrary ones.
        let queries = texts
            .iter()
            .map(|t| t.chars().take(6).collect::<String>())
            .chain((0..100).map(|_| r"\PC{0,8}|[İiẞß光伏]{1,4}".new_tree(&mut runner).expect("a query").current()));
        for query in queries {
            for hit in index.search(&query, &office, 10).unwrap() {
                let shown: String = hit.snippet.iter().map(|p| p.text.as_str()).collect();
                assert!(texts[hit.link_id as usize].contains(&shown));
            }
        }
    }

    /// What a reader's search shows, as the API would send it.
    fn shown(index: &SearchIndex, query: &str, reader: &Allowed) -> Vec<(Kind, i64, String)> {
        index
            .search(query, reader, 30)
            .unwrap()
            .into_iter()
            .map(|h| (h.kind, h.link_id, h.snippet.iter().map(|p| p.text.as_str()).collect()))
            .collect()
    }

    #[test]
    fn documents_a_reader_cannot_see_move_nothing_in_what_it_finds() {
        // The target's own progress reports, planted with a word, as an attacker would.
        let own = |id: i64, text: &str| Doc {
            kind: Kind::Progress,
            source_id: id,
            link_id: id,
            inspection_id: 10,
            fed_back: true,
            text: text.into(),
        };
        let visible = vec![
            own(1, "光伏收益台账已建立"),
            own(2, "光伏"),
            own(3, "村集体光伏电站收益光伏分配方案已公示,光伏"),
            own(4, "整改光伏收益问题,完善制度"),
        ];
        let target = Allowed { problems: set(&[10]), plans: set(&[10]), ..Allowed::default() };
        let index = SearchIndex::build(visible.clone()).unwrap();
        let before: Vec<_> = ["光伏", "光伏 收益", "制度"].iter().map(|q| shown(&index, q, &target)).collect();
        assert_eq!(before[0].len(), 4);
        // A team registers tips with the word (in this inspection and another), drafts a work
        // paper with it, and another organisation's plan holds it many times over.
        let hidden = vec![
            Doc {
                kind: Kind::Tip,
                source_id: 50,
                link_id: 50,
                inspection_id: 10,
                fed_back: false,
                text: "举报光伏收益被挪用".into(),
            },
            Doc {
                kind: Kind::Tip,
                source_id: 51,
                link_id: 51,
                inspection_id: 11,
                fed_back: false,
                text: "光伏光伏光伏".into(),
            },
            Doc {
                kind: Kind::Problem,
                source_id: 52,
                link_id: 52,
                inspection_id: 10,
                fed_back: false,
                text: "光伏收益未入账(底稿)".into(),
            },
            Doc {
                kind: Kind::Measure,
                source_id: 53,
                link_id: 53,
                inspection_id: 11,
                fed_back: true,
                text: "光伏 ".repeat(500),
            },
        ];
        index.update(&[], hidden, None).unwrap();
        let after: Vec<_> = ["光伏", "光伏 收益", "制度"].iter().map(|q| shown(&index, q, &target)).collect();
        assert_eq!(before, after, "hidden documents changed what the target finds, or its order");
        // And no score travels with a hit.
        let hit = index.search("光伏", &target, 1).unwrap().remove(0);
        let fields: Vec<String> = match serde_json::to_value(&hit).unwrap() {
            serde_json::Value::Object(m) => m.keys().cloned().collect(),
            other => panic!("{other}"),
        };
        assert_eq!(fields, vec!["inspection_id", "kind", "link_id", "snippet"]);
    }

    #[test]
    fn a_target_finds_neither_tips_nor_work_papers() {
        let index = SearchIndex::build(docs()).unwrap();
        let target = Allowed { problems: set(&[10]), plans: set(&[10]), ..Allowed::default() };
        let hits = index.search("光伏收益", &target, 10).unwrap();
        assert!(hits.iter().all(|h| h.kind != Kind::Tip), "{hits:?}");
        assert!(!hits.iter().any(|h| h.link_id == 5), "no draft");
        assert_eq!(index.search("去向不明", &target, 10).unwrap().len(), 0);
        assert_eq!(index.search("光伏", &Allowed::default(), 10).unwrap().len(), 0);
        // Seeing every inspection's plans is not seeing tips or drafts.
        let plans_everywhere = Allowed { all_plans: true, ..Allowed::default() };
        let kinds: BTreeSet<Kind> =
            index.search("光伏", &plans_everywhere, 10).unwrap().iter().map(|h| h.kind).collect();
        assert_eq!(kinds, [Kind::Measure, Kind::Progress].into());
    }

    #[test]
    fn changed_rows_replace_their_documents_and_removed_rows_leave() {
        let index = SearchIndex::build(docs()).unwrap();
        let team =
            Allowed { all_problems: true, all_drafts: true, all_plans: true, all_tips: true, ..Allowed::default() };
        assert_eq!(index.len(), 6);
        // The draft is fed back with new words; the progress report is withdrawn; a tip arrives.
        let fed = Doc {
            kind: Kind::Problem,
            source_id: 5,
            link_id: 5,
            inspection_id: 10,
            fed_back: true,
            text: "光伏收益被挪用用于村干部补贴".into(),
        };
        let tip = Doc {
            kind: Kind::Tip,
            source_id: 6,
            link_id: 6,
            inspection_id: 20,
            fed_back: true,
            text: "反映宅基地审批收受好处".into(),
        };
        index.update(&[(Kind::Progress, 102)], vec![fed, tip], None).unwrap();
        assert_eq!(index.len(), 6, "one replaced, one removed, one added");
        assert!(index.search("底稿", &team, 10).unwrap().is_empty(), "the old text is gone");
        let target = Allowed { problems: set(&[10]), plans: set(&[10]), ..Allowed::default() };
        let found = index.search("村干部补贴", &target, 10).unwrap();
        assert_eq!(found.iter().map(|h| h.link_id).collect::<Vec<_>>(), vec![5], "fed back: the target finds it");
        assert!(index.search("入账凭证", &team, 10).unwrap().is_empty(), "the withdrawn report");
        assert_eq!(index.search("宅基地", &team, 10).unwrap().len(), 1);
        // Removing what is not there changes nothing.
        index.update(&[(Kind::Tip, 99)], Vec::new(), None).unwrap();
        assert_eq!(index.len(), 6);
    }

    #[test]
    fn a_saved_index_reopens_where_it_stood_and_is_held_by_one_process() {
        let dir = std::env::temp_dir().join(format!("xuncha_search_test_{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let everything =
            Allowed { all_problems: true, all_drafts: true, all_plans: true, all_tips: true, ..Allowed::default() };
        let save = SavePoint { token: "3f9a0c".into(), applied: 42 };
        {
            let index = SearchIndex::open(&dir).unwrap();
            assert_eq!(index.save_point().unwrap(), None, "a new index");
            index.update(&[], docs(), None).unwrap();
            assert_eq!(index.save_point().unwrap(), None, "half-built is not saved");
            index.update(&[(Kind::Tip, 3)], Vec::new(), Some(&save)).unwrap();
            assert_eq!(index.save_point().unwrap(), Some(save.clone()));
            assert!(SearchIndex::open(&dir).is_err(), "a second writer is refused while the first holds it");
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700, "its owner's only");
            }
        }
        let again = SearchIndex::open(&dir).unwrap();
        assert_eq!(again.save_point().unwrap(), Some(save), "where the last process left it");
        assert_eq!(again.len(), 5);
        assert_eq!(again.search("光伏收益", &everything, 10).unwrap().len(), 4);
        assert!(again.search("去向不明", &everything, 10).unwrap().is_empty(), "the removed tip stays removed");
        again.clear().unwrap();
        assert_eq!((again.len(), again.save_point().unwrap()), (0, None));
        drop(again);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn only_a_whole_save_point_is_read_back() {
        let save = SavePoint { token: "ab12".into(), applied: 7 };
        assert_eq!(SavePoint::parse(&save.payload()), Some(save));
        for bad in
            ["", "xuncha-search", "xuncha-search ab12", "xuncha-search ab12 x", "other ab12 7", "xuncha-search a 7 8"]
        {
            assert_eq!(SavePoint::parse(bad), None, "{bad:?}");
        }
    }
}
