//! Statistics: what the tweets matching a query hold (`chirpdex stats`), and what an index holds
//! (`chirpdex info`).
//!
//! Everything here is counted from fast fields in one pass over the matching documents (after a
//! first, cheap one that finds their time span): tantivy's aggregations count keys and the
//! timeline, and [`Tally`] counts the types and keeps the most retweeted and most liked tweets
//! as it goes; the
//! only stored documents read are those few tweets, to show their text. The exact-key fields
//! keep their values lowercased and folded to ASCII in their fast columns (the `chirp_key`
//! normaliser), so the keys reported are those folded forms: `#PASocial` and `#pasocial` are
//! counted as `pasocial`.
//!
//! Tweets that know only their day (copied text, `date_only`) sit at that day's midnight UTC in
//! the index: they are left out of the timeline and of the first and last times, and counted as
//! `untimed` instead.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use anyhow::{Context, Result, anyhow, bail};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::agg_result::{
    AggregationResult, AggregationResults, BucketResult, MetricResult,
};
use tantivy::aggregation::{AggContextParams, AggregationCollector, AggregationLimitsGuard, Key};
use tantivy::collector::Count;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::{AllQuery, EnableScoring, Query};
use tantivy::{
    DocAddress, DocId, Executor, Score, Searcher, SegmentOrdinal, SegmentReader, TantivyDocument,
    Term,
};

use crate::index::{Archive, Fields};
use crate::model::TweetType;
use crate::query::Request;

/// The most buckets a timeline chosen by chirpdex has (about; see [`Interval::auto`]).
pub const AUTO_BUCKETS: i64 = 100;

/// How many values of a field `info` lists at most (sources, formats, events).
const ALL_VALUES: u32 = 1_000_000;

/// The author of a tweet whose source names none, as the index keeps it.
const UNKNOWN: &str = "";

/// How many authors `stats` counts at most (all of them: the number of contributors is exact).
/// Not u32::MAX: tantivy multiplies the size by 10.
const ALL_AUTHORS: u32 = u32::MAX / 10;

/// How many values of a key field `stats` lists by default.
pub const DEFAULT_TOP: u32 = 10;

/// How many values of a key field `stats` lists at most.
pub const MAX_TOP: u32 = 10_000;

/// The most buckets a timeline may have (a minute's buckets over two months).
pub const MAX_BUCKETS: i64 = 100_000;

/// The width of a timeline's buckets: a whole number of seconds, minutes, hours or days, as
/// tantivy's `fixed_interval` understands it (`30s`, `5m`, `1h`, `1d`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Interval {
    count: u32,
    unit: Unit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unit {
    Second,
    Minute,
    Hour,
    Day,
}

impl Unit {
    fn seconds(self) -> i64 {
        match self {
            Unit::Second => 1,
            Unit::Minute => 60,
            Unit::Hour => 3600,
            Unit::Day => 86_400,
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            Unit::Second => "s",
            Unit::Minute => "m",
            Unit::Hour => "h",
            Unit::Day => "d",
        }
    }
}

impl Interval {
    /// The widths chirpdex chooses from when none is asked for, shortest first.
    const LADDER: [(u32, Unit); 12] = [
        (1, Unit::Minute),
        (5, Unit::Minute),
        (10, Unit::Minute),
        (15, Unit::Minute),
        (30, Unit::Minute),
        (1, Unit::Hour),
        (2, Unit::Hour),
        (3, Unit::Hour),
        (6, Unit::Hour),
        (12, Unit::Hour),
        (1, Unit::Day),
        (7, Unit::Day),
    ];

    /// The width in seconds.
    pub fn seconds(self) -> i64 {
        i64::from(self.count) * self.unit.seconds()
    }

    /// How many buckets this width makes of the times from `first` to `last` (buckets start at
    /// whole multiples of the width since 1970-01-01 UTC, as tantivy places them).
    pub fn buckets(self, first: DateTime<Utc>, last: DateTime<Utc>) -> i64 {
        let s = self.seconds();
        last.timestamp().div_euclid(s) - first.timestamp().div_euclid(s) + 1
    }

    /// The shortest width of the ladder (1m, 5m, 10m, 15m, 30m, 1h, 2h, 3h, 6h, 12h, 1d, 7d) that
    /// gives at most [`AUTO_BUCKETS`] buckets from `first` to `last`; past that, whole days.
    pub fn auto(first: DateTime<Utc>, last: DateTime<Utc>) -> Interval {
        for (count, unit) in Self::LADDER {
            let i = Interval { count, unit };
            if i.buckets(first, last) <= AUTO_BUCKETS {
                return i;
            }
        }
        let span_days = (last - first).num_days().max(1);
        let mut days = u32::try_from(span_days / (AUTO_BUCKETS - 1) + 1).unwrap_or(u32::MAX);
        loop {
            let i = Interval {
                count: days,
                unit: Unit::Day,
            };
            if i.buckets(first, last) <= AUTO_BUCKETS || days == u32::MAX {
                return i;
            }
            days = days.saturating_add(1);
        }
    }
}

impl Default for Interval {
    fn default() -> Self {
        Interval {
            count: 1,
            unit: Unit::Hour,
        }
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.count, self.unit.suffix())
    }
}

impl FromStr for Interval {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let digits = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let (number, unit) = s.split_at(digits);
        let unit = match unit {
            "s" => Unit::Second,
            "m" => Unit::Minute,
            "h" => Unit::Hour,
            "d" => Unit::Day,
            _ => {
                return Err(format!(
                    "{s:?} is not an interval: write a whole number and a unit, s, m, h or d \
                     (1m, 5m, 1h, 1d)"
                ));
            }
        };
        let count: u32 = number
            .parse()
            .map_err(|_| format!("{s:?} is not an interval: it needs a number before its unit"))?;
        if count == 0 {
            return Err(format!(
                "{s:?} is not an interval: it must be longer than 0"
            ));
        }
        // Past about 100 years the milliseconds tantivy counts in stop being exact.
        if i64::from(count) * unit.seconds() > 36_500 * 86_400 {
            return Err(format!("{s:?} is too long an interval"));
        }
        Ok(Interval { count, unit })
    }
}

/// What `stats` is asked for.
#[derive(Clone, Debug)]
pub struct StatsOptions {
    /// How many values of each key field to list (the most frequent).
    pub top: u32,
    /// The timeline's bucket width; `None`: chosen from the matching tweets' time span.
    pub interval: Option<Interval>,
    /// List the hashtags that co-occur with this one (`#` optional, any case).
    pub with_hashtag: Option<String>,
    /// Count only the speakers a tweet names, leaving out those inferred (slot, own post).
    pub named_only: bool,
}

impl Default for StatsOptions {
    fn default() -> Self {
        StatsOptions {
            top: DEFAULT_TOP,
            interval: None,
            with_hashtag: None,
            named_only: false,
        }
    }
}

/// A value of a field and how many tweets have it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyCount {
    pub key: String,
    pub count: u64,
}

/// One bucket of a timeline: the tweets from `start` to `start` + the interval.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bucket {
    pub start: DateTime<Utc>,
    pub count: u64,
}

/// The hashtags found beside one hashtag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cooccurring {
    /// The hashtag, folded as the index keeps it.
    pub hashtag: String,
    /// How many of the matching tweets have it.
    pub tweets: u64,
    /// The other hashtags of those tweets, most frequent first.
    pub hashtags: Vec<KeyCount>,
}

/// How many of the tweets are of each type (see [`TweetType`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Types {
    pub original: u64,
    pub retweet: u64,
    pub reply: u64,
    pub quote: u64,
}

impl Types {
    /// The count of one type.
    pub fn get(&self, kind: TweetType) -> u64 {
        match kind {
            TweetType::Original => self.original,
            TweetType::Retweet => self.retweet,
            TweetType::Reply => self.reply,
            TweetType::Quote => self.quote,
        }
    }

    fn slot(&mut self, kind: TweetType) -> &mut u64 {
        match kind {
            TweetType::Original => &mut self.original,
            TweetType::Retweet => &mut self.retweet,
            TweetType::Reply => &mut self.reply,
            TweetType::Quote => &mut self.quote,
        }
    }
}

/// Who wrote the tweets: the accounts whose source names them (tweets by an unknown author are
/// not counted here).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Contributors {
    /// How many accounts wrote at least one of the tweets (handles compared folded).
    pub distinct: u64,
    /// How many of the tweets name their author.
    pub tweets: u64,
    /// How many of those the ten accounts that wrote most of them wrote.
    pub top10_tweets: u64,
}

impl Contributors {
    /// Tweets per contributor; `None` when there is none.
    pub fn per_contributor(&self) -> Option<f64> {
        (self.distinct > 0).then(|| self.tweets as f64 / self.distinct as f64)
    }

    /// The share (0 to 1) of the tweets that the ten most active contributors wrote; `None`
    /// when there is none.
    pub fn top10_share(&self) -> Option<f64> {
        (self.tweets > 0).then(|| self.top10_tweets as f64 / self.tweets as f64)
    }
}

/// A tweet of a top list (most retweeted, most liked) and its count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TopTweet {
    pub id: String,
    /// The author's handle as written (empty when the source names none).
    pub author: String,
    /// The full text (for a quote or reply, its own).
    pub text: String,
    pub count: u64,
}

/// The statistics of the tweets a query matches. Lists are ordered by count, most frequent
/// first, ties by key; keys are folded (lowercase, ASCII).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stats {
    pub total: u64,
    pub types: Types,
    pub contributors: Contributors,
    pub hashtags: Vec<KeyCount>,
    pub mentions: Vec<KeyCount>,
    /// Known authors only: a tweet whose source names no author is counted in `unknown_author`.
    pub authors: Vec<KeyCount>,
    /// How many of the tweets have no known author.
    pub unknown_author: u64,
    pub speakers: Vec<KeyCount>,
    /// The links the tweets share, as their sources expand them (a retweet shares its
    /// original's; links to tweets are quotes, not counted: see [`crate::model::link`]).
    pub links: Vec<KeyCount>,
    /// The domains of those links (`www.` dropped, lowercase), counted once a tweet.
    pub domains: Vec<KeyCount>,
    /// The tweets other than retweets with the highest retweet counts (above 0), most first, ties
    /// by time then id. A retweet carries its original's counts: the original is listed when it
    /// is among the matching tweets.
    pub most_retweeted: Vec<TopTweet>,
    /// The same by like count.
    pub most_liked: Vec<TopTweet>,
    /// The bucket width of `timeline`.
    pub interval: Interval,
    /// Every bucket from the first timed tweet's to the last one's, empty ones included.
    pub timeline: Vec<Bucket>,
    /// The first and last tweets' times, of those that know their time of day.
    pub first: Option<DateTime<Utc>>,
    pub last: Option<DateTime<Utc>>,
    /// How many of the tweets know only their day (copied text): not in the timeline.
    pub untimed: u64,
    /// Present when co-occurrence was asked for.
    pub cooccurring: Option<Cooccurring>,
}

/// An event whose programme the index keeps, and how many tweets are attached to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EventCount {
    pub slug: String,
    pub title: String,
    pub tweets: u64,
}

/// What an index holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Info {
    pub documents: u64,
    pub events: Vec<EventCount>,
    /// The files tweets were read from, by number of tweets.
    pub sources: Vec<KeyCount>,
    /// The formats tweets were read in, by number of tweets.
    pub formats: Vec<KeyCount>,
    /// The first and last tweets' times, of those that know their time of day.
    pub first: Option<DateTime<Utc>>,
    pub last: Option<DateTime<Utc>>,
    /// How many tweets know only their day (copied text): not in `first` and `last`.
    pub untimed: u64,
    /// The size of the index directory on disk, every file in it included.
    pub bytes: u64,
    pub path: PathBuf,
}

/// The hashtag a query is about when it is just one `#tag`.
pub fn single_hashtag(query: &str) -> Option<&str> {
    let q = query.trim();
    let tag = q.strip_prefix('#').or_else(|| q.strip_prefix('＃'))?;
    (!tag.is_empty() && tag.chars().all(|c| c.is_alphanumeric() || c == '_')).then_some(tag)
}

/// Counts what the tweets matching `query` hold, in one pass over fast fields.
pub fn stats(archive: &Archive, request: &Request, opts: &StatsOptions) -> Result<Stats> {
    let parsed = request.to_query(archive)?;
    let with = match opts.with_hashtag.as_deref() {
        Some(tag) => Some(hashtag_key(tag)?),
        None => single_hashtag(&request.query)
            .map(hashtag_key)
            .transpose()?,
    };
    // Both passes read the same snapshot of the index.
    let searcher = open_searcher(archive)?;
    let timed = Timed::of(archive, &searcher)?;
    // A first, cheap pass finds the time span: it sizes the timeline, and a width that would
    // make too many buckets is refused before tantivy builds them all.
    let range = date_range(archive, &searcher, parsed.as_ref(), timed)?;
    let interval = match (opts.interval, range) {
        (Some(i), Some((first, last))) => {
            let buckets = i.buckets(first, last);
            if buckets > MAX_BUCKETS {
                bail!(
                    "--interval {i} would make {buckets} buckets of the time from {} to {} (at \
                     most {MAX_BUCKETS}): choose a longer interval",
                    first.format("%Y-%m-%d %H:%M:%S UTC"),
                    last.format("%Y-%m-%d %H:%M:%S UTC"),
                );
            }
            i
        }
        (Some(i), None) => i,
        (None, Some((first, last))) => Interval::auto(first, last),
        (None, None) => Interval::default(),
    };

    let top = opts.top.clamp(1, MAX_TOP);
    // Every author is counted, to know how many there are; the list shows the first `top`. A
    // tweet whose source names no author has the empty handle: counted apart, not listed.
    let mut request = json!({
        "hashtags": terms(Fields::HASHTAGS, top),
        "mentions": terms(Fields::MENTIONS, top),
        "authors": terms(Fields::AUTHOR, ALL_AUTHORS),
        "speakers": terms(
            if opts.named_only { Fields::NAMED_SPEAKERS } else { Fields::SPEAKERS },
            top
        ),
        "links": terms(Fields::SHARED_LINKS, top),
        "domains": terms(Fields::SHARED_DOMAINS, top),
    });
    timed.add(
        &mut request,
        json!({
            "timeline": {
                "date_histogram": {
                    "field": Fields::CREATED_AT,
                    "fixed_interval": interval.to_string(),
                    "min_doc_count": 0,
                }
            }
        }),
    );
    if let Some(tag) = &with {
        let mut others = terms(Fields::HASHTAGS, top);
        others["terms"]["exclude"] = json!([tag]);
        request["cooccurring"] = json!({
            // The key is folded and holds no quote: a phrase of one term, read by the field's
            // own tokenizer.
            "filter": format!("{}:\"{tag}\"", Fields::HASHTAGS),
            "aggs": { "hashtags": others },
        });
    }
    // No limit on buckets: the authors are all counted (as many as the index has), and the
    // timeline's length was checked above.
    let limits = AggregationLimitsGuard::new(None, Some(u32::MAX));
    let aggs: Aggregations = serde_json::from_value(request)
        .context("chirpdex built an aggregation request tantivy does not read")?;
    let collector = AggregationCollector::from_aggs(
        aggs,
        AggContextParams::new(limits, archive.index.tokenizers().clone()),
    );
    let tally = Tally { n: top as usize };
    let (total, results, tallied) = search(&searcher, parsed.as_ref(), &(Count, collector, tally))?;
    let total = total as u64;

    let mut timeline = match timed.results(&results)?.0.get("timeline") {
        Some(AggregationResult::BucketResult(BucketResult::Histogram { buckets })) => buckets
            .iter()
            .map(|b| {
                let start = match b.key {
                    Key::F64(ms) => DateTime::<Utc>::from_timestamp_millis(ms as i64),
                    Key::I64(ms) => DateTime::<Utc>::from_timestamp_millis(ms),
                    _ => None,
                };
                start
                    .map(|start| Bucket {
                        start,
                        count: b.doc_count,
                    })
                    .ok_or_else(|| anyhow!("the timeline has a bucket key that is no time"))
            })
            .collect::<Result<Vec<_>>>()?,
        _ => bail!("the aggregation gave no timeline"),
    };
    timeline.sort_by_key(|b| b.start);

    let cooccurring = match &with {
        Some(tag) => {
            let (tweets, hashtags) = match results.0.get("cooccurring") {
                Some(AggregationResult::BucketResult(BucketResult::Filter(f))) => {
                    (f.doc_count, term_counts(&f.sub_aggregations, "hashtags")?)
                }
                _ => bail!("the aggregation gave no co-occurring hashtags"),
            };
            Some(Cooccurring {
                hashtag: tag.clone(),
                tweets,
                hashtags,
            })
        }
        None => None,
    };

    let mut authors = term_counts(&results, "authors")?;
    // The empty handle is a tweet whose source names no author.
    let unknown_author = match authors.iter().position(|a| a.key == UNKNOWN) {
        Some(i) => authors.remove(i).count,
        None => 0,
    };
    let contributors = Contributors {
        distinct: authors.len() as u64,
        tweets: total.saturating_sub(unknown_author),
        top10_tweets: authors.iter().take(10).map(|a| a.count).sum(),
    };
    authors.truncate(top as usize);

    Ok(Stats {
        total,
        types: tallied.types,
        contributors,
        hashtags: term_counts(&results, "hashtags")?,
        mentions: term_counts(&results, "mentions")?,
        authors,
        unknown_author,
        speakers: term_counts(&results, "speakers")?,
        links: term_counts(&results, "links")?,
        domains: term_counts(&results, "domains")?,
        most_retweeted: top_tweets(archive, &searcher, tallied.most_retweeted)?,
        most_liked: top_tweets(archive, &searcher, tallied.most_liked)?,
        interval,
        timeline,
        first: range.map(|r| r.0),
        last: range.map(|r| r.1),
        untimed: timed.untimed(&results)?,
        cooccurring,
    })
}

/// Counts what the whole index holds, and measures it on disk.
pub fn info(archive: &Archive) -> Result<Info> {
    // Every value of these fields is wanted; there are few (formats, events) or as many as
    // input files (sources). (Not u32::MAX: tantivy multiplies the size by 10.)
    let all = ALL_VALUES;
    let mut request = json!({
        "sources": terms(Fields::SOURCE, all),
        "formats": terms(Fields::FORMAT, all),
        "events": terms(Fields::EVENT, all),
    });
    let searcher = open_searcher(archive)?;
    let timed = Timed::of(archive, &searcher)?;
    timed.add(&mut request, dates());
    let limits = AggregationLimitsGuard::new(None, Some(3 * ALL_VALUES + 3));
    let (documents, results) = aggregate(archive, &searcher, &AllQuery, request, limits)?;
    let counted = term_counts(&results, "events")?;
    let mut events: Vec<EventCount> = archive
        .events()?
        .into_iter()
        .map(|e| EventCount {
            tweets: counted
                .iter()
                .find(|c| c.key == e.slug)
                .map_or(0, |c| c.count),
            slug: e.slug,
            title: e.title,
        })
        .collect();
    // Tweets attached to an event whose programme is not kept (copied in by hand) are shown too.
    for c in &counted {
        if !events.iter().any(|e| e.slug == c.key) {
            events.push(EventCount {
                slug: c.key.clone(),
                title: String::new(),
                tweets: c.count,
            });
        }
    }
    events.sort_by(|a, b| a.slug.cmp(&b.slug));
    let (first, last) = match timed.results(&results)?.0.get("dates") {
        Some(AggregationResult::MetricResult(MetricResult::Stats(s))) => {
            (s.min.and_then(from_nanos), s.max.and_then(from_nanos))
        }
        _ => bail!("the aggregation gave no date range"),
    };
    Ok(Info {
        documents,
        events,
        sources: term_counts(&results, "sources")?,
        formats: term_counts(&results, "formats")?,
        first,
        last,
        untimed: timed.untimed(&results)?,
        bytes: crate::index::disk::dir_size(&archive.dir),
        path: std::fs::canonicalize(&archive.dir).unwrap_or_else(|_| archive.dir.clone()),
    })
}

/// The time of the first and of the last tweet a query matches that knows its time of day
/// (none when there is none).
fn date_range(
    archive: &Archive,
    searcher: &Searcher,
    query: &dyn Query,
    timed: Timed,
) -> Result<Option<(DateTime<Utc>, DateTime<Utc>)>> {
    let mut request = json!({});
    timed.add(&mut request, dates());
    let (_, results) = aggregate(archive, searcher, query, request, Default::default())?;
    Ok(match timed.results(&results)?.0.get("dates") {
        Some(AggregationResult::MetricResult(MetricResult::Stats(s))) => {
            s.min.and_then(from_nanos).zip(s.max.and_then(from_nanos))
        }
        _ => None,
    })
}

/// The first and last times, as an aggregation.
fn dates() -> serde_json::Value {
    json!({ "dates": { "stats": { "field": Fields::CREATED_AT } } })
}

/// Whether the index holds tweets that know only their day. When it does, what is counted in
/// time (the timeline, the first and last times) is counted under a filter that leaves them out,
/// and they are counted apart; when it does not (no copied text), the filter is not run.
#[derive(Clone, Copy)]
struct Timed {
    any_untimed: bool,
}

impl Timed {
    fn of(archive: &Archive, searcher: &Searcher) -> Result<Timed> {
        let term = Term::from_field_bool(archive.fields.date_only, true);
        let n = searcher
            .doc_freq(&term)
            .context("cannot read the index's untimed tweets")?;
        Ok(Timed { any_untimed: n > 0 })
    }

    /// Adds `aggs` to a request, under the filter when there are untimed tweets to leave out.
    fn add(self, request: &mut serde_json::Value, aggs: serde_json::Value) {
        if !self.any_untimed {
            if let (Some(request), serde_json::Value::Object(aggs)) =
                (request.as_object_mut(), aggs)
            {
                request.extend(aggs);
            }
            return;
        }
        request["timed"] = json!({
            "filter": format!("* -{}:true", Fields::DATE_ONLY),
            "aggs": aggs,
        });
        request["untimed"] = json!({ "filter": format!("{}:true", Fields::DATE_ONLY) });
    }

    /// The results of the aggregations [`Timed::add`] added.
    fn results(self, results: &AggregationResults) -> Result<&AggregationResults> {
        if !self.any_untimed {
            return Ok(results);
        }
        match results.0.get("timed") {
            Some(AggregationResult::BucketResult(BucketResult::Filter(f))) => {
                Ok(&f.sub_aggregations)
            }
            _ => bail!("the aggregation gave no timed tweets"),
        }
    }

    /// How many of the tweets know only their day.
    fn untimed(self, results: &AggregationResults) -> Result<u64> {
        if !self.any_untimed {
            return Ok(0);
        }
        match results.0.get("untimed") {
            Some(AggregationResult::BucketResult(BucketResult::Filter(f))) => Ok(f.doc_count),
            _ => bail!("the aggregation gave no count of untimed tweets"),
        }
    }
}

/// Counts the matching tweets of each type and keeps the `n` tweets other than retweets with
/// the highest retweet counts and the `n` with the highest like counts (counts above 0, ties by
/// time then key), reading the `type` and count columns a block of documents at a time: no
/// stored document is read. (A terms aggregation on `type` would read that column again.)
struct Tally {
    n: usize,
}

/// How a tweet ranks in a top list: higher count, then earlier, then smaller key.
type Rank = (u64, Reverse<i64>, Reverse<u64>);

/// The best `n` seen so far: a min-heap whose top is the one to drop first.
struct Best {
    n: usize,
    heap: BinaryHeap<Reverse<(Rank, DocAddress)>>,
}

impl Best {
    fn new(n: usize) -> Best {
        Best {
            n,
            heap: BinaryHeap::with_capacity(n + 1),
        }
    }

    /// Whether a tweet with this count could enter (only the count is read first).
    fn wants(&self, count: u64) -> bool {
        count > 0
            && (self.heap.len() < self.n
                || self.heap.peek().is_some_and(|Reverse((r, _))| count >= r.0))
    }

    fn offer(&mut self, rank: Rank, doc: DocAddress) {
        if self.heap.len() < self.n {
            self.heap.push(Reverse((rank, doc)));
        } else if self.heap.peek().is_some_and(|Reverse((r, _))| rank > *r) {
            self.heap.pop();
            self.heap.push(Reverse((rank, doc)));
        }
    }

    /// Best first.
    fn into_sorted(self) -> Vec<(Rank, DocAddress)> {
        let mut all: Vec<(Rank, DocAddress)> = self.heap.into_iter().map(|r| r.0).collect();
        all.sort_by_key(|(rank, _)| Reverse(*rank));
        all
    }
}

/// What [`Tally`] gives: the count of each type, and the two top lists, best first (most
/// retweeted, most liked).
#[derive(Default)]
struct Tallied {
    types: Types,
    most_retweeted: Vec<(Rank, DocAddress)>,
    most_liked: Vec<(Rank, DocAddress)>,
}

struct TallySegment {
    segment: SegmentOrdinal,
    /// The type of each term ordinal of this segment's `type` column.
    kinds: Vec<Option<TweetType>>,
    kind: Option<StrColumn>,
    retweet_count: Column<u64>,
    favorite_count: Column<u64>,
    created_at: Column<tantivy::DateTime>,
    key: Column<u64>,
    /// How many tweets of each term ordinal of `type`.
    counts: Vec<u64>,
    retweeted: Best,
    liked: Best,
    /// Buffers for a block's values.
    block_kinds: Vec<Option<u64>>,
    block_retweets: Vec<Option<u64>>,
    block_likes: Vec<Option<u64>>,
}

impl Collector for Tally {
    type Fruit = Tallied;
    type Child = TallySegment;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<TallySegment> {
        let fast = reader.fast_fields();
        let kind = fast.str(Fields::KIND)?;
        let mut kinds = Vec::new();
        if let Some(k) = &kind {
            let mut terms = k.dictionary().stream()?;
            while terms.advance() {
                kinds.push(
                    std::str::from_utf8(terms.key())
                        .ok()
                        .and_then(TweetType::parse),
                );
            }
        }
        Ok(TallySegment {
            segment,
            counts: vec![0; kinds.len()],
            kinds,
            kind,
            retweet_count: fast.u64(Fields::RETWEET_COUNT)?,
            favorite_count: fast.u64(Fields::FAVORITE_COUNT)?,
            created_at: fast.date(Fields::CREATED_AT)?,
            key: fast.u64(Fields::KEY)?,
            retweeted: Best::new(self.n),
            liked: Best::new(self.n),
            block_kinds: Vec::new(),
            block_retweets: Vec::new(),
            block_likes: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Tallied>) -> tantivy::Result<Tallied> {
        let mut all = Tallied::default();
        for f in fruits {
            for kind in TweetType::ALL {
                *all.types.slot(kind) += f.types.get(kind);
            }
            all.most_retweeted.extend(f.most_retweeted);
            all.most_liked.extend(f.most_liked);
        }
        for list in [&mut all.most_retweeted, &mut all.most_liked] {
            list.sort_by_key(|(rank, _)| Reverse(*rank));
            list.truncate(self.n);
        }
        Ok(all)
    }
}

impl SegmentCollector for TallySegment {
    type Fruit = Tallied;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.collect_block(&[doc]);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        let n = docs.len();
        for buffer in [
            &mut self.block_kinds,
            &mut self.block_retweets,
            &mut self.block_likes,
        ] {
            buffer.clear();
            buffer.resize(n, None);
        }
        if let Some(kind) = &self.kind {
            kind.ords().first_vals(docs, &mut self.block_kinds);
        }
        self.retweet_count
            .first_vals(docs, &mut self.block_retweets);
        self.favorite_count.first_vals(docs, &mut self.block_likes);
        for (i, &doc) in docs.iter().enumerate() {
            let kind = self.block_kinds[i].and_then(|o| {
                let o = o as usize;
                self.counts[o] += 1;
                self.kinds[o]
            });
            // A retweet carries its original's counts.
            if kind == Some(TweetType::Retweet) {
                continue;
            }
            let rt = self.block_retweets[i].unwrap_or(0);
            let fav = self.block_likes[i].unwrap_or(0);
            let (want_rt, want_fav) = (self.retweeted.wants(rt), self.liked.wants(fav));
            if !want_rt && !want_fav {
                continue;
            }
            let at = self
                .created_at
                .first(doc)
                .map_or(i64::MAX, |d| d.into_timestamp_secs());
            let key = self.key.first(doc).unwrap_or(u64::MAX);
            let address = DocAddress::new(self.segment, doc);
            if want_rt {
                self.retweeted
                    .offer((rt, Reverse(at), Reverse(key)), address);
            }
            if want_fav {
                self.liked.offer((fav, Reverse(at), Reverse(key)), address);
            }
        }
    }

    fn harvest(self) -> Tallied {
        let mut types = Types::default();
        for (kind, count) in self.kinds.iter().zip(&self.counts) {
            if let Some(kind) = kind {
                *types.slot(*kind) += count;
            }
        }
        Tallied {
            types,
            most_retweeted: self.retweeted.into_sorted(),
            most_liked: self.liked.into_sorted(),
        }
    }
}

/// The tweets of a top list, read from the store (a few: at most `--top`).
fn top_tweets(
    archive: &Archive,
    searcher: &Searcher,
    list: Vec<(Rank, DocAddress)>,
) -> Result<Vec<TopTweet>> {
    list.into_iter()
        .map(|((count, _, _), address)| {
            let doc: TantivyDocument = searcher
                .doc(address)
                .context("cannot read a tweet of the index")?;
            let t = archive.tweet(&doc);
            Ok(TopTweet {
                id: t.id,
                author: t.author.handle,
                text: t.text,
                count,
            })
        })
        .collect()
}

/// A terms aggregation on a key field: the `size` most frequent values, ties by key.
///
/// Each segment hands over every value it has (`segment_size`), so the counts are exact rather
/// than tantivy's default estimate from each segment's top values; the cost is one entry per
/// distinct value, which for a conference's hashtags, people and files is small.
fn terms(field: &str, size: u32) -> serde_json::Value {
    json!({
        "terms": {
            "field": field,
            "size": size,
            "segment_size": u32::MAX,
            "order": { "_count": "desc" },
        }
    })
}

fn open_searcher(archive: &Archive) -> Result<Searcher> {
    Ok(archive
        .reader()
        .with_context(|| format!("cannot read the index at {}", archive.dir.display()))?
        .searcher())
}

/// Runs one search that counts the matching documents and computes the aggregations.
fn aggregate(
    archive: &Archive,
    searcher: &Searcher,
    query: &dyn Query,
    request: serde_json::Value,
    limits: AggregationLimitsGuard,
) -> Result<(u64, AggregationResults)> {
    let aggs: Aggregations = serde_json::from_value(request)
        .context("chirpdex built an aggregation request tantivy does not read")?;
    let collector = AggregationCollector::from_aggs(
        aggs,
        AggContextParams::new(limits, archive.index.tokenizers().clone()),
    );
    let (total, results) = search(searcher, query, &(Count, collector))?;
    Ok((total as u64, results))
}

/// Runs a search that reads fast fields, the index's segments side by side on the machine's
/// cores (one thread when there is one segment or one core).
fn search<C: Collector>(searcher: &Searcher, query: &dyn Query, collector: &C) -> Result<C::Fruit> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = cores.min(searcher.segment_readers().len());
    let executor = if threads > 1 {
        Executor::multi_thread(threads, "chirpdex-stats-")
            .unwrap_or_else(|_| Executor::single_thread())
    } else {
        Executor::single_thread()
    };
    searcher
        .search_with_executor(
            query,
            collector,
            &executor,
            EnableScoring::disabled_from_searcher(searcher),
        )
        .context("cannot compute the statistics")
}

/// The buckets of a terms aggregation, as keys and counts.
fn term_counts(results: &AggregationResults, name: &str) -> Result<Vec<KeyCount>> {
    match results.0.get(name) {
        Some(AggregationResult::BucketResult(BucketResult::Terms { buckets, .. })) => Ok(buckets
            .iter()
            .map(|b| KeyCount {
                key: match &b.key {
                    Key::Str(s) => s.clone(),
                    other => other.to_string(),
                },
                count: b.doc_count,
            })
            .collect()),
        _ => bail!("the aggregation gave no counts of {name}"),
    }
}

/// A date from a stats aggregation on a date field, which counts in nanoseconds.
fn from_nanos(nanos: f64) -> Option<DateTime<Utc>> {
    if !nanos.is_finite() {
        return None;
    }
    let secs = (nanos / 1e9).floor();
    DateTime::<Utc>::from_timestamp(secs as i64, 0)
}

/// A hashtag as the index keeps it: without its `#`, folded by the field's own normaliser.
fn hashtag_key(tag: &str) -> Result<String> {
    let tag = tag.trim();
    let bare = tag
        .strip_prefix('#')
        .or_else(|| tag.strip_prefix('＃'))
        .unwrap_or(tag);
    if bare.is_empty()
        || bare
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '\\')
    {
        bail!("{tag:?} is not a hashtag");
    }
    Ok(crate::model::fold::fold(bare))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Tweet;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn intervals_read_and_print_as_tantivy_writes_them() {
        for s in ["1m", "5m", "1h", "1d", "30s", "90m"] {
            assert_eq!(s.parse::<Interval>().unwrap().to_string(), s);
        }
        assert_eq!("1h".parse::<Interval>().unwrap().seconds(), 3600);
        for bad in ["", "h", "0m", "1x", "1.5h", "-1h", "1 h", "99999999d"] {
            assert!(bad.parse::<Interval>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_automatic_interval_keeps_the_timeline_near_a_hundred_buckets() {
        let day = (at("2015-11-17T08:00:00Z"), at("2015-11-17T16:59:59Z"));
        let i = Interval::auto(day.0, day.1);
        assert_eq!(i.to_string(), "10m");
        assert_eq!(i.buckets(day.0, day.1), 54);
        let minute = at("2015-11-17T08:00:30Z");
        assert_eq!(Interval::auto(minute, minute).to_string(), "1m");
        let years = (at("2010-01-01T00:00:00Z"), at("2020-01-01T00:00:00Z"));
        let i = Interval::auto(years.0, years.1);
        assert!(i.buckets(years.0, years.1) <= AUTO_BUCKETS, "{i}");
        assert!(i.buckets(years.0, years.1) > AUTO_BUCKETS / 2, "{i}");
    }

    #[test]
    fn a_query_of_one_hashtag_names_it() {
        assert_eq!(single_hashtag(" #PASocial "), Some("PASocial"));
        assert_eq!(single_hashtag("#università"), Some("università"));
        assert_eq!(single_hashtag("#pa #social"), None);
        assert_eq!(single_hashtag("#"), None);
        assert_eq!(single_hashtag("pasocial"), None);
    }

    #[test]
    fn tweets_without_an_author_are_counted_apart_not_listed() {
        use crate::index::testing::{archive_of, tweet};
        let (_dir, a) = archive_of(&[
            tweet("1", "Sara", "2015-11-17T09:00:00Z", &["pa"]),
            tweet("2", "", "2015-11-17T09:10:00Z", &["pa"]),
            tweet("3", "", "2015-11-17T09:20:00Z", &[]),
            tweet("4", "luisa", "2015-11-17T09:30:00Z", &[]),
            tweet("5", "luisa", "2015-11-17T09:40:00Z", &[]),
        ]);
        let kc = |key: &str, count| KeyCount {
            key: key.into(),
            count,
        };
        let all = stats(&a, &Request::new("*"), &StatsOptions::default()).unwrap();
        assert_eq!(all.total, 5);
        assert_eq!(all.authors, [kc("luisa", 2), kc("sara", 1)]);
        assert_eq!(all.unknown_author, 2);
        // The unknown take no place in a short list.
        let top = StatsOptions {
            top: 1,
            ..StatsOptions::default()
        };
        assert_eq!(
            stats(&a, &Request::new("*"), &top).unwrap().authors,
            [kc("luisa", 2)]
        );
        let tagged = stats(&a, &Request::new("#pa"), &top).unwrap();
        assert_eq!(
            (tagged.authors, tagged.unknown_author),
            (vec![kc("sara", 1)], 1)
        );
        let known = stats(&a, &Request::new("from:luisa"), &top).unwrap();
        assert_eq!(known.unknown_author, 0);
        // Contributors are the known authors, all of them whatever --top says.
        assert_eq!(
            stats(&a, &Request::new("*"), &top).unwrap().contributors,
            Contributors {
                distinct: 2,
                tweets: 3,
                top10_tweets: 3
            }
        );
    }

    #[test]
    fn top_tweets_leave_out_retweets_and_zero_counts_and_break_ties_by_time() {
        use crate::index::testing::{archive_of, tweet};
        use crate::model::Reference;
        let counted = |id: &str, at: &str, rt: u64, fav: u64| Tweet {
            retweet_count: Some(rt),
            favorite_count: Some(fav),
            ..tweet(id, "sara", at, &[])
        };
        let retweet = Tweet {
            retweet_of: Some(Reference {
                id: "1".into(),
                author: None,
            }),
            kind: TweetType::Retweet,
            ..counted("9", "2015-11-17T09:50:00Z", 50, 0)
        };
        let (_dir, a) = archive_of(&[
            counted("1", "2015-11-17T09:00:00Z", 50, 0),
            counted("2", "2015-11-17T09:10:00Z", 7, 3),
            counted("3", "2015-11-17T08:10:00Z", 7, 0),
            counted("4", "2015-11-17T09:30:00Z", 0, 0),
            retweet,
        ]);
        let s = stats(&a, &Request::new("*"), &StatsOptions::default()).unwrap();
        let ids = |list: &[TopTweet]| -> Vec<(String, u64)> {
            list.iter().map(|t| (t.id.clone(), t.count)).collect()
        };
        let pairs = |v: &[(&str, u64)]| -> Vec<(String, u64)> {
            v.iter().map(|(id, c)| (id.to_string(), *c)).collect()
        };
        assert_eq!(
            ids(&s.most_retweeted),
            pairs(&[("1", 50), ("3", 7), ("2", 7)])
        );
        assert_eq!(ids(&s.most_liked), pairs(&[("2", 3)]));
        assert_eq!(s.most_retweeted[0].author, "sara");
        assert_eq!(s.most_retweeted[0].text, "tweet 1");
        assert_eq!(
            s.types,
            Types {
                original: 4,
                retweet: 1,
                reply: 0,
                quote: 0
            }
        );
        let one = StatsOptions {
            top: 1,
            ..StatsOptions::default()
        };
        let s = stats(&a, &Request::new("*"), &one).unwrap();
        assert_eq!(ids(&s.most_retweeted), pairs(&[("1", 50)]));
    }

    #[test]
    fn tweets_that_know_only_their_day_are_out_of_the_timeline_and_of_first_and_last() {
        use crate::index::testing::{archive_of, tweet};
        let copied = Tweet {
            date_only: true,
            ..tweet("c", "jane", "2014-03-01T00:00:00Z", &[])
        };
        let (_dir, a) = archive_of(&[
            tweet("1", "sara", "2015-11-17T09:00:00Z", &[]),
            tweet("2", "sara", "2015-11-17T10:30:00Z", &[]),
            copied,
        ]);
        let s = stats(&a, &Request::new("*"), &StatsOptions::default()).unwrap();
        assert_eq!((s.total, s.untimed), (3, 1));
        assert_eq!(s.timeline.iter().map(|b| b.count).sum::<u64>(), 2);
        assert_eq!(s.timeline[0].start, at("2015-11-17T09:00:00Z"));
        let i = info(&a).unwrap();
        assert_eq!(
            (i.first, i.last, i.untimed),
            (
                Some(at("2015-11-17T09:00:00Z")),
                Some(at("2015-11-17T10:30:00Z")),
                1
            )
        );
    }
}
