//! Statistics: what the tweets matching a query hold (`chirpdex stats`), and what an index holds
//! (`chirpdex info`).
//!
//! Everything here is counted by tantivy's aggregations on fast fields in one pass over the
//! matching documents; no stored document is read. The exact-key fields keep their values
//! lowercased and folded to ASCII in their fast columns (the `chirp_key` normaliser), so the keys
//! reported are those folded forms: `#PASocial` and `#pasocial` are counted as `pasocial`.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use anyhow::{Context, Result, anyhow, bail};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use tantivy::Searcher;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::agg_result::{
    AggregationResult, AggregationResults, BucketResult, MetricResult,
};
use tantivy::aggregation::{AggContextParams, AggregationCollector, AggregationLimitsGuard, Key};
use tantivy::collector::Count;
use tantivy::query::{AllQuery, Query};

use crate::index::{Archive, Fields};
use crate::query::Request;

/// The most buckets a timeline chosen by chirpdex has (about; see [`Interval::auto`]).
pub const AUTO_BUCKETS: i64 = 100;

/// How many values of a field `info` lists at most (sources, formats, events).
const ALL_VALUES: u32 = 1_000_000;

/// The author of a tweet whose source names none, as the index keeps it.
const UNKNOWN: &str = "";

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
}

impl Default for StatsOptions {
    fn default() -> Self {
        StatsOptions {
            top: DEFAULT_TOP,
            interval: None,
            with_hashtag: None,
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

/// The statistics of the tweets a query matches. Lists are ordered by count, most frequent
/// first, ties by key; keys are folded (lowercase, ASCII).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stats {
    pub total: u64,
    pub hashtags: Vec<KeyCount>,
    pub mentions: Vec<KeyCount>,
    /// Known authors only: a tweet whose source names no author is counted in `unknown_author`.
    pub authors: Vec<KeyCount>,
    /// How many of the tweets have no known author.
    pub unknown_author: u64,
    pub speakers: Vec<KeyCount>,
    /// The bucket width of `timeline`.
    pub interval: Interval,
    /// Every bucket from the first tweet's to the last one's, empty ones included.
    pub timeline: Vec<Bucket>,
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
    pub first: Option<DateTime<Utc>>,
    pub last: Option<DateTime<Utc>>,
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
    // A first, cheap pass finds the time span: it sizes the timeline, and a width that would
    // make too many buckets is refused before tantivy builds them all.
    let range = date_range(archive, &searcher, parsed.as_ref())?;
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
    // A tweet whose source names no author has the empty handle: counted apart, not listed.
    let mut authors = terms(Fields::AUTHOR, top);
    authors["terms"]["exclude"] = json!([UNKNOWN]);
    let mut unknown = terms(Fields::AUTHOR, 1);
    unknown["terms"]["include"] = json!([UNKNOWN]);
    let mut request = json!({
        "hashtags": terms(Fields::HASHTAGS, top),
        "mentions": terms(Fields::MENTIONS, top),
        "authors": authors,
        "unknown_author": unknown,
        "speakers": terms(Fields::SPEAKERS, top),
        "timeline": {
            "date_histogram": {
                "field": Fields::CREATED_AT,
                "fixed_interval": interval.to_string(),
                "min_doc_count": 0,
            }
        },
    });
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
    // Room for every list and the longest timeline allowed.
    let limits = AggregationLimitsGuard::new(None, Some(5 * top + MAX_BUCKETS as u32 + 2));
    let (total, results) = aggregate(archive, &searcher, parsed.as_ref(), request, limits)?;

    let mut timeline = match results.0.get("timeline") {
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

    Ok(Stats {
        total,
        hashtags: term_counts(&results, "hashtags")?,
        mentions: term_counts(&results, "mentions")?,
        authors: term_counts(&results, "authors")?,
        unknown_author: term_counts(&results, "unknown_author")?
            .first()
            .map_or(0, |c| c.count),
        speakers: term_counts(&results, "speakers")?,
        interval,
        timeline,
        cooccurring,
    })
}

/// Counts what the whole index holds, and measures it on disk.
pub fn info(archive: &Archive) -> Result<Info> {
    // Every value of these fields is wanted; there are few (formats, events) or as many as
    // input files (sources). (Not u32::MAX: tantivy multiplies the size by 10.)
    let all = ALL_VALUES;
    let request = json!({
        "sources": terms(Fields::SOURCE, all),
        "formats": terms(Fields::FORMAT, all),
        "events": terms(Fields::EVENT, all),
        "dates": { "stats": { "field": Fields::CREATED_AT } },
    });
    let limits = AggregationLimitsGuard::new(None, Some(3 * ALL_VALUES + 1));
    let (documents, results) = aggregate(
        archive,
        &open_searcher(archive)?,
        &AllQuery,
        request,
        limits,
    )?;
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
    let (first, last) = match results.0.get("dates") {
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
        bytes: crate::index::disk::dir_size(&archive.dir),
        path: std::fs::canonicalize(&archive.dir).unwrap_or_else(|_| archive.dir.clone()),
    })
}

/// The time of the first and of the last tweet a query matches (none when nothing matches).
fn date_range(
    archive: &Archive,
    searcher: &Searcher,
    query: &dyn Query,
) -> Result<Option<(DateTime<Utc>, DateTime<Utc>)>> {
    let request = json!({ "dates": { "stats": { "field": Fields::CREATED_AT } } });
    let (_, results) = aggregate(archive, searcher, query, request, Default::default())?;
    Ok(match results.0.get("dates") {
        Some(AggregationResult::MetricResult(MetricResult::Stats(s))) => {
            s.min.and_then(from_nanos).zip(s.max.and_then(from_nanos))
        }
        _ => None,
    })
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
        .index
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
    let (total, results) = searcher
        .search(query, &(Count, collector))
        .context("cannot compute the statistics")?;
    Ok((total as u64, results))
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
    }
}
