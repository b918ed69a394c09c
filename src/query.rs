//! Queries: what a user types, turned into a tantivy query and run.
//!
//! The syntax is tantivy's (`AND`, `OR`, `NOT`/`-`, phrases, `field:value`, `*` for everything),
//! with all words required unless `OR` is written, as in Twitter's own search. On top of it,
//! chirpdex's shorthands are rewritten into tantivy's syntax before its grammar reads the query
//! (quoted phrases are left alone; [`syntax`]):
//!
//! | written | means |
//! |---|---|
//! | `#tag` | `hashtags:"tag"` |
//! | `@handle` | `mentions:"handle"` (mentioned) |
//! | `from:handle` | `author:"handle"` |
//! | `speaker:NAME` | `speakers:NAME` |
//! | `is:retweet` (`reply`, `quote`, `original`) | `type:retweet` |
//! | `since:DATE` | `created_at:[DATE TO *}` (inclusive) |
//! | `until:DATE` | `created_at:[* TO DATE}` (exclusive) |
//!
//! Dates are `2015-11-17`, `2015-11-17T10:30` or full RFC 3339; without an offset they are read
//! in the request's time zone.
//!
//! What the grammar reads is then checked and completed against the index ([`resolve`]): field
//! names, prefixes (`comunic*`, `"open da"*`, `#open*`) expanded into the index's words, values
//! in any case (`lang:IT`), speakers by any of their names, before tantivy's `QueryParser`
//! builds the query. Every mistake is told in words, with its place in the user's text.
//!
//! Only the user's own text goes through tantivy's grammar. Filters given as flags are typed
//! values built straight into tantivy queries (a term, a set of terms, a range) and joined to it
//! with AND, so a value is matched exactly as given, whatever characters it holds (whatever its
//! case, for keys and languages; a speaker by any of their names).

mod resolve;
pub mod syntax;

use std::ops::{Bound, Range};

use anyhow::{Result, bail};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::snippet::{Snippet, SnippetGenerator};
use tantivy::{DocAddress, Order, Score, Searcher, TantivyDocument, Term};

use crate::index::{Archive, Fields};
use crate::model::fold::fold;
use crate::model::{Tweet, TweetType};

use resolve::Known;
pub use resolve::{MAX_PREFIX_WORDS, SEARCHABLE};
pub use syntax::{MAX_DEPTH, depth, translate};

/// One search result.
#[derive(Debug)]
pub struct Hit {
    pub score: Score,
    pub tweet: Tweet,
    /// The text with the query's words marked, when snippets were asked for.
    pub snippet: Option<Snippet>,
}

/// Filters that flags add to a query; each is ANDed with it, and a list means any of its values.
/// Hashtags, handles and speakers match whatever their case and accents (as the index keeps
/// them, see `index::schema`); languages, types and events match exactly.
#[derive(Clone, Debug, Default)]
pub struct Filters {
    /// Hashtags, with or without their `#`.
    pub hashtags: Vec<String>,
    /// Mentioned handles, with or without their `@`.
    pub mentions: Vec<String>,
    /// Authors' handles, with or without their `@`.
    pub authors: Vec<String>,
    /// Speakers: a programme's name, an alias or a handle, whatever the case and accents
    /// ([`crate::event::Event::find_speaker`]); one that no programme knows is an error.
    pub speakers: Vec<String>,
    /// Languages as the sources give them (`it`, `en`, `und`), whatever their case.
    pub langs: Vec<String>,
    pub kinds: Vec<TweetType>,
    /// From this time on (inclusive).
    pub since: Option<DateTime<Utc>>,
    /// Up to this time (exclusive).
    pub until: Option<DateTime<Utc>>,
    pub no_retweets: bool,
    /// The event's slug.
    pub event: Option<String>,
}

impl Filters {
    /// The filters as clauses of a boolean query: each one required, `no_retweets` excluding.
    /// Speakers and languages are looked up in what the index knows.
    fn clauses(&self, known: &Known, f: &Fields) -> Result<Vec<(Occur, Box<dyn Query>)>> {
        // A hashtag or handle may be given with its sign, as it is written in a tweet.
        let key =
            |field: Field, value: &String| key_term(field, value.trim_start_matches(['#', '@']));
        let exact = |field: Field, value: &str| Term::from_field_text(field, value);
        let mut speakers = Vec::new();
        for who in &self.speakers {
            speakers.extend(known.speakers(who)?);
        }
        let mut langs = Vec::new();
        for lang in &self.langs {
            langs.extend(known.any_case(f.lang, lang)?);
        }
        let required = [
            any_of(self.hashtags.iter().map(|v| key(f.hashtags, v))),
            any_of(self.mentions.iter().map(|v| key(f.mentions, v))),
            any_of(self.authors.iter().map(|v| key(f.author, v))),
            any_of(speakers.iter().map(|v| key_term(f.speakers, v))),
            any_of(langs.iter().map(|v| exact(f.lang, v))),
            any_of(self.kinds.iter().map(|k| exact(f.kind, k.as_str()))),
            any_of(self.event.iter().map(|v| exact(f.event, v))),
            time_range(f.created_at, self.since, self.until),
        ];
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = required
            .into_iter()
            .flatten()
            .map(|q| (Occur::Must, q))
            .collect();
        if self.no_retweets {
            let retweet = Term::from_field_text(f.kind, TweetType::Retweet.as_str());
            clauses.push((Occur::MustNot, term_query(retweet)));
        }
        Ok(clauses)
    }
}

/// An exact key (hashtag, handle, speaker) as the index keeps it: folded by the analyser of
/// key fields, so `PASocial` finds `#pasocial` and `Nicolò` finds `nicolo`.
fn key_term(field: Field, value: &str) -> Term {
    Term::from_field_text(field, &fold(value))
}

fn term_query(term: Term) -> Box<dyn Query> {
    // Key and raw fields are indexed without frequencies: a term is there or not.
    Box::new(TermQuery::new(term, IndexRecordOption::Basic))
}

/// Matches a tweet that has any of the terms; `None` when there are none (no filter).
fn any_of(terms: impl Iterator<Item = Term>) -> Option<Box<dyn Query>> {
    let mut each: Vec<(Occur, Box<dyn Query>)> =
        terms.map(|t| (Occur::Should, term_query(t))).collect();
    match each.len() {
        0 => None,
        1 => each.pop().map(|(_, q)| q),
        _ => Some(Box::new(BooleanQuery::new(each))),
    }
}

/// Tweets from `since` on (inclusive) and before `until` (exclusive), to the second as the index
/// keeps times; `None` when neither is given.
fn time_range(
    field: Field,
    since: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
) -> Option<Box<dyn Query>> {
    if since.is_none() && until.is_none() {
        return None;
    }
    let at = |t: DateTime<Utc>| {
        Term::from_field_date(field, tantivy::DateTime::from_timestamp_secs(t.timestamp()))
    };
    Some(Box::new(RangeQuery::new(
        since.map_or(Bound::Unbounded, |t| Bound::Included(at(t))),
        until.map_or(Bound::Unbounded, |t| Bound::Excluded(at(t))),
    )))
}

/// A query with its filters and the time zone its dates are read in.
#[derive(Clone, Debug)]
pub struct Request {
    pub query: String,
    pub filters: Filters,
    pub tz: Tz,
}

/// How results are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Best match first (BM25).
    #[default]
    Relevance,
    /// Newest first.
    Time,
    /// Oldest first.
    Oldest,
    /// Most retweets plus likes first.
    Engagement,
}

impl Request {
    /// A query alone, dates in UTC.
    pub fn new(query: &str) -> Request {
        Request {
            query: query.to_string(),
            filters: Filters::default(),
            tz: Tz::UTC,
        }
    }

    /// The user's query in tantivy's syntax, its shorthands rewritten; refused when it is empty
    /// or nests too deep. (The filters are not in it: they are queries of their own.)
    pub fn to_tantivy(&self) -> Result<String> {
        translate(self.checked()?, self.tz)
    }

    /// The user's query, refused when it is empty or nests too deep.
    fn checked(&self) -> Result<&str> {
        let query = self.query.trim();
        if query.is_empty() {
            bail!("the query is empty (use * to match every tweet)");
        }
        let deep = depth(query);
        if deep > MAX_DEPTH {
            bail!(
                "the query nests {deep} levels deep (parentheses and NOT, - or + before a group); \
                 chirpdex reads at most {MAX_DEPTH}"
            );
        }
        Ok(query)
    }

    /// The tantivy query: the user's, read by tantivy's grammar, checked and completed against
    /// the archive ([`resolve`]) and built by its `QueryParser`, ANDed with the filters.
    pub fn to_query(&self, archive: &Archive) -> Result<Box<dyn Query>> {
        let query = self.checked()?;
        let known = Known::new(archive, self.filters.event.as_deref(), self.tz)?;
        let ast = known.rewrite(syntax::read(query, self.tz)?)?;
        let mut parser = QueryParser::for_index(&archive.index, vec![archive.fields.text]);
        parser.set_conjunction_by_default();
        let query = parser
            .build_query_from_user_input_ast(ast)
            .map_err(resolve::explain)?;
        let mut clauses = self.filters.clauses(&known, &archive.fields)?;
        if clauses.is_empty() {
            return Ok(query);
        }
        clauses.insert(0, (Occur::Must, query));
        Ok(Box::new(BooleanQuery::new(clauses)))
    }
}

/// Parses a query alone (dates in UTC).
pub fn parse(archive: &Archive, query: &str) -> Result<Box<dyn Query>> {
    Request::new(query).to_query(archive)
}

/// How many tweets match.
pub fn count(archive: &Archive, request: &Request) -> Result<usize> {
    let query = request.to_query(archive)?;
    let searcher = archive.reader()?.searcher();
    Ok(searcher.search(&query, &Count)?)
}

/// Which page of results, in which order, and whether to mark the matched words.
#[derive(Clone, Copy, Debug)]
pub struct Page {
    pub limit: usize,
    pub offset: usize,
    pub sort: Sort,
    pub snippets: bool,
}

/// One page of results, read one at a time: only the matches' addresses are collected (a few
/// bytes each), and each tweet is fetched from the store when the iterator reaches it, so
/// printing a page of any size holds one tweet at a time.
pub fn search<'a>(archive: &'a Archive, request: &Request, page: Page) -> Result<Hits<'a>> {
    let query = request.to_query(archive)?;
    let searcher = archive.reader()?.searcher();
    // No page is larger than the index: a huge --limit or --offset must not size a huge heap.
    let docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
    let top =
        TopDocs::with_limit(page.limit.clamp(1, docs.max(1))).and_offset(page.offset.min(docs));
    let mut found: Vec<(Score, DocAddress)> = match page.sort {
        Sort::Relevance => searcher.search(&query, &top.order_by_score())?,
        Sort::Time | Sort::Oldest => {
            let order = if page.sort == Sort::Time {
                Order::Desc
            } else {
                Order::Asc
            };
            let by: Vec<(Option<tantivy::DateTime>, DocAddress)> =
                searcher.search(&query, &top.order_by_fast_field(Fields::CREATED_AT, order))?;
            by.into_iter().map(|(_, a)| (0.0, a)).collect()
        }
        Sort::Engagement => {
            let by: Vec<(u64, DocAddress)> =
                searcher.search(&query, &top.tweak_score(engagement))?;
            by.into_iter().map(|(_, a)| (0.0, a)).collect()
        }
    };
    found.truncate(page.limit);
    let snippets = match page.snippets {
        true => Some(snippet_generator(&searcher, &*query, archive)?),
        false => None,
    };
    Ok(Hits {
        archive,
        searcher,
        found: found.into_iter(),
        snippets,
    })
}

/// The hits of a page, in order, each read from the index when it is reached.
pub struct Hits<'a> {
    archive: &'a Archive,
    searcher: Searcher,
    found: std::vec::IntoIter<(Score, DocAddress)>,
    snippets: Option<SnippetGenerator>,
}

impl Iterator for Hits<'_> {
    type Item = Result<Hit>;

    fn next(&mut self) -> Option<Result<Hit>> {
        let (score, address) = self.found.next()?;
        Some(
            self.searcher
                .doc::<TantivyDocument>(address)
                .map(|doc| Hit {
                    score,
                    snippet: self.snippets.as_ref().map(|g| g.snippet_from_doc(&doc)),
                    tweet: self.archive.tweet(&doc),
                })
                .map_err(Into::into),
        )
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.found.size_hint()
    }
}

/// Retweets plus likes, read from the fast fields.
fn engagement(segment: &tantivy::SegmentReader) -> impl Fn(tantivy::DocId, Score) -> u64 + use<> {
    let fast = segment.fast_fields();
    let retweets = fast.u64(Fields::RETWEET_COUNT).ok();
    let likes = fast.u64(Fields::FAVORITE_COUNT).ok();
    move |doc, _| {
        let get = |c: &Option<tantivy::columnar::Column<u64>>| {
            c.as_ref().and_then(|c| c.first(doc)).unwrap_or(0)
        };
        // A count from a file may be anything up to u64::MAX: the sum stays at the top.
        get(&retweets).saturating_add(get(&likes))
    }
}

fn snippet_generator(
    searcher: &Searcher,
    query: &dyn Query,
    archive: &Archive,
) -> Result<SnippetGenerator> {
    let mut g = SnippetGenerator::create(searcher, query, archive.fields.text)?;
    // A tweet is short: mark its whole text rather than a fragment of it.
    g.set_max_num_chars(1_000);
    Ok(g)
}

/// The marked ranges of a snippet, in bytes of its fragment.
pub fn highlights(snippet: &Snippet) -> Vec<Range<usize>> {
    snippet.highlighted().to_vec()
}

/// Calls `f` with every tweet that matches, oldest first (ties by key), so that an export is the
/// same whatever order the index holds its documents in.
///
/// Only the order is held: 16 bytes a match (its time, and where it is), counted first so the
/// list is allocated once; each tweet is read from the store when its turn comes (160 MB for
/// ten million matches).
pub fn for_each_match(
    archive: &Archive,
    request: &Request,
    mut f: impl FnMut(Tweet) -> Result<()>,
) -> Result<usize> {
    let query = request.to_query(archive)?;
    let searcher = archive.reader()?.searcher();
    let weight = query.weight(tantivy::query::EnableScoring::disabled_from_searcher(
        &searcher,
    ))?;
    let segments = searcher.segment_readers();
    let mut total = 0usize;
    for segment in segments {
        total += weight.count(segment)? as usize;
    }
    // (time in nanoseconds, segment << 32 | document)
    let mut order: Vec<(i64, u64)> = Vec::with_capacity(total);
    let mut keys = Vec::with_capacity(segments.len());
    for (ord, segment) in segments.iter().enumerate() {
        let fast = segment.fast_fields();
        let time = fast.date(Fields::CREATED_AT)?;
        keys.push(fast.u64(Fields::KEY)?);
        let alive = segment.alive_bitset();
        weight.for_each_no_score(segment, &mut |docs| {
            for &doc in docs {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    let t = time.first(doc).map_or(0, |d| d.into_timestamp_nanos());
                    order.push((t, (ord as u64) << 32 | u64::from(doc)));
                }
            }
        })?;
    }
    order.sort_unstable();
    // Ties of time are put in key order, a run at a time.
    let key = |at: u64| keys[(at >> 32) as usize].first(at as u32).unwrap_or(0);
    for run in order.chunk_by_mut(|a, b| a.0 == b.0) {
        if run.len() > 1 {
            run.sort_unstable_by_key(|&(_, at)| (key(at), at));
        }
    }
    for &(_, at) in &order {
        let address = DocAddress::new((at >> 32) as u32, at as u32);
        let doc: TantivyDocument = searcher.doc(address)?;
        f(archive.tweet(&doc))?;
    }
    Ok(order.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(q: &str) -> String {
        translate(q, Tz::UTC).unwrap()
    }

    #[test]
    fn hashtags_and_mentions_become_fields() {
        assert_eq!(
            t("#PASocial @Miur_social comunicazione"),
            r#"hashtags:"PASocial" mentions:"Miur_social" comunicazione"#
        );
        assert_eq!(t("(#a OR -#b)"), r#"(hashtags:"a" OR -hashtags:"b")"#);
    }

    #[test]
    fn phrases_and_mid_word_signs_are_left_alone() {
        assert_eq!(t(r##""#pasocial live""##), r##""#pasocial live""##);
        assert_eq!(t("a@b.c C#"), "a@b.c C#");
        assert_eq!(t("# alone"), "# alone");
        assert_eq!(t(r#""from: here""#), r#""from: here""#);
    }

    #[test]
    fn from_is_and_speaker_become_fields() {
        assert_eq!(
            t(r#"from:@Sara is:retweet speaker:"Luisa Quinto" #pa"#),
            r#"author:"Sara" type:retweet speakers:"Luisa Quinto" hashtags:"pa""#
        );
        assert!(
            translate("is:tweet", Tz::UTC)
                .unwrap_err()
                .to_string()
                .contains("is:retweet")
        );
        assert!(translate("from:", Tz::UTC).is_err());
    }

    #[test]
    fn dates_are_read_in_the_time_zone() {
        let rome: Tz = "Europe/Rome".parse().unwrap();
        assert_eq!(
            translate("since:2015-11-17 until:2015-11-17T12:00", rome).unwrap(),
            "created_at:[2015-11-16T23:00:00Z TO *} created_at:[* TO 2015-11-17T11:00:00Z}"
        );
        assert_eq!(
            translate("(since:2015-11-17T10:00:00Z)", rome).unwrap(),
            "(created_at:[2015-11-17T10:00:00Z TO *})"
        );
        let err = format!("{:#}", translate("since:17/11/2015", rome).unwrap_err());
        assert!(err.contains("17/11/2015"), "{err}");
    }

    #[test]
    fn filters_stay_out_of_the_query_text() {
        let mut r = Request::new("#pa");
        r.filters.hashtags = vec!["#pasocial".into(), "a\"b".into()];
        r.filters.no_retweets = true;
        assert_eq!(r.to_tantivy().unwrap(), r#"hashtags:"pa""#);
    }

    #[test]
    fn shorthand_values_are_quoted_whole() {
        assert_eq!(t(r#"from:a"b\c"#), r#"author:"a\"b\\c""#);
        assert_eq!(t(r#"speaker:"x\y""#), r#"speakers:"x\\y""#);
    }

    /// Four tweets: two with hashtags written in other cases (the second a retweet), one whose
    /// author, hashtag and speaker hold a quote and a backslash, one by an unknown author.
    fn filtered_archive() -> (tempfile::TempDir, Archive) {
        use crate::index::testing::{archive_of, tweet};
        use crate::model::{Attribution, Method, Reference};
        let mut one = tweet("1", "Sara", "2015-11-17T09:00:00Z", &["PASocial"]);
        one.lang = Some("it".into());
        let mut two = tweet("2", "luisa", "2015-11-17T10:00:00Z", &["Università"]);
        two.lang = Some("en".into());
        two.retweet_of = Some(Reference {
            id: "1".into(),
            author: Some("Sara".into()),
        });
        two.normalise();
        let mut three = tweet("3", r#"a"b\c"#, "2015-11-17T11:00:00Z", &[r#"x"y"#]);
        three.event = Some("ev".into());
        three.attributions = vec![Attribution {
            speaker: r#"Luisa "Lu" Q\uinto"#.into(),
            method: Method::Name,
        }];
        let four = tweet("4", "", "2015-11-17T12:00:00Z", &[]);
        archive_of(&[one, two, three, four])
    }

    fn matching(archive: &Archive, query: &str, set: impl FnOnce(&mut Filters)) -> Vec<String> {
        let mut request = Request::new(query);
        set(&mut request.filters);
        let mut ids = Vec::new();
        for_each_match(archive, &request, |t| {
            ids.push(t.id);
            Ok(())
        })
        .unwrap();
        ids
    }

    #[test]
    fn key_filters_match_whatever_the_case_and_accents() {
        let (_dir, a) = filtered_archive();
        let tags = |tags: &[&str]| {
            matching(&a, "*", |f| {
                f.hashtags = tags.iter().map(|t| t.to_string()).collect()
            })
        };
        assert_eq!(tags(&["#pasocial"]), ["1"]);
        assert_eq!(tags(&["UNIVERSITA"]), ["2"]);
        assert_eq!(tags(&["PASocial", "#università"]), ["1", "2"]);
        assert_eq!(tags(&["social"]), [] as [&str; 0]);
        assert_eq!(
            matching(&a, "*", |f| f.authors = vec!["@SARA".into()]),
            ["1"]
        );
        assert_eq!(
            matching(&a, "*", |f| f.mentions = vec!["sara".into()]),
            [] as [&str; 0]
        );
    }

    #[test]
    fn values_with_quotes_and_backslashes_match_exactly() {
        let (_dir, a) = filtered_archive();
        let by = |handle: &str| matching(&a, "*", |f| f.authors = vec![handle.into()]);
        assert_eq!(by(r#"a"b\c"#), ["3"]);
        assert_eq!(by(r#"A"B\C"#), ["3"]);
        // Before, `"` and `\` were dropped from values: `abc` matched it, which was wrong.
        assert_eq!(by("abc"), [] as [&str; 0]);
        assert_eq!(by(r#"a"b"#), [] as [&str; 0]);
        assert_eq!(
            matching(&a, "*", |f| f.hashtags = vec![r#"#x"y"#.into()]),
            ["3"]
        );
        assert_eq!(
            matching(&a, "*", |f| f.speakers =
                vec![r#"luisa "lu" q\uinto"#.into()]),
            ["3"]
        );
        // The shorthands of the query text say the same.
        assert_eq!(matching(&a, r#"from:a"b\c"#, |_| {}), ["3"]);
    }

    #[test]
    fn exact_filters_time_ranges_and_exclusions() {
        let (_dir, a) = filtered_archive();
        let at = |s: &str| Some(s.parse::<DateTime<Utc>>().unwrap());
        assert_eq!(matching(&a, "*", |f| f.langs = vec!["it".into()]), ["1"]);
        // Languages match whatever their case, as the sources write them in either.
        assert_eq!(matching(&a, "*", |f| f.langs = vec!["IT".into()]), ["1"]);
        assert_eq!(
            matching(&a, "*", |f| f.kinds = vec![TweetType::Retweet]),
            ["2"]
        );
        assert_eq!(matching(&a, "*", |f| f.no_retweets = true), ["1", "3", "4"]);
        assert_eq!(matching(&a, "*", |f| f.event = Some("ev".into())), ["3"]);
        assert_eq!(
            matching(&a, "*", |f| f.event = Some("e".into())),
            [] as [&str; 0]
        );
        let hour = "2015-11-17T10:00:00Z";
        assert_eq!(matching(&a, "*", |f| f.since = at(hour)), ["2", "3", "4"]);
        assert_eq!(matching(&a, "*", |f| f.until = at(hour)), ["1"]);
        assert_eq!(
            matching(&a, "*", |f| {
                f.since = at(hour);
                f.until = at("2015-11-17T11:00:00Z");
            }),
            ["2"]
        );
        // Every filter is ANDed with the query and with each other.
        assert_eq!(
            matching(&a, "#pasocial", |f| f.langs = vec!["en".into()]),
            [] as [&str; 0]
        );
        assert_eq!(
            matching(&a, "tweet", |f| {
                f.hashtags = vec!["pasocial".into(), "universita".into()];
                f.no_retweets = true;
            }),
            ["1"]
        );
        assert_eq!(
            matching(&a, "* -#pasocial", |f| f.since = at(hour)),
            ["2", "3", "4"]
        );
        // A query of exclusions alone is refused by tantivy's parser, with filters or without
        // (when the filters were parsed with it, it was taken and matched nothing).
        let mut alone = Request::new("-#pasocial");
        alone.filters.since = at(hour);
        let err = alone.to_query(&a).expect_err("refused");
        assert!(err.to_string().contains("excluding"), "{err}");
    }

    #[test]
    fn depth_counts_groups_and_the_operators_before_them() {
        assert_eq!(depth("a b c"), 0);
        assert_eq!(depth("(a) (b)"), 1);
        assert_eq!(depth("-(-(a))"), 4);
        assert_eq!(depth("NOT NOT NOT a"), 3);
        assert_eq!(depth("e-mail NOTE"), 0);
        // Parentheses in phrases count, and after a quote a `)` no longer closes anything.
        assert_eq!(depth("\"((\" (a) (b)"), 4);
        assert_eq!(depth(&"( \")\" ".repeat(200)), 200);
        assert_eq!(
            depth(&format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000))),
            10_000
        );
        for n in [MAX_DEPTH / 2 + 1, 100_000] {
            for q in [
                format!("{}a{}", "(".repeat(2 * n), ")".repeat(2 * n)),
                format!("{}a", "NOT ".repeat(2 * n)),
                format!("{}a{}", "-(".repeat(n), ")".repeat(n)),
            ] {
                let err = Request::new(&q).to_tantivy().unwrap_err();
                assert!(err.to_string().contains("at most 100"), "{err}");
            }
        }
        let deepest = MAX_DEPTH / 2;
        assert!(
            Request::new(&format!("{}a{}", "-(".repeat(deepest), ")".repeat(deepest)))
                .to_tantivy()
                .is_ok()
        );
    }

    #[test]
    fn accented_tags_are_kept_whole() {
        assert_eq!(t("#università"), r#"hashtags:"università""#);
    }
}
