//! Printers of statistics (`stats`) and of what an index holds (`info`): aligned tables with a
//! sparkline for people, one JSON object for programs.

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use console::{Alignment, measure_text_width, pad_str};
use serde::Serialize;

use crate::model::TweetType;
use crate::model::time::rfc3339;
use crate::stats::{Bucket, Contributors, EventCount, Info, KeyCount, Stats, TopTweet, Types};

/// How statistics are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatsFormat {
    /// Aligned columns (and for `stats` a sparkline of the timeline), for people.
    Table,
    /// One JSON object, for programs.
    Json,
}

/// The levels of a sparkline, lowest first.
const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// One character per count, its height proportional to the count (the largest is `█`, any
/// count above zero at least `▁`); an empty bucket is a space, so gaps show.
pub fn sparkline(counts: &[u64]) -> String {
    let max = counts.iter().copied().max().unwrap_or(0);
    counts
        .iter()
        .map(|&c| {
            if c == 0 {
                ' '
            } else {
                // ceil(c * 8 / max) in 1..=8, computed without overflow.
                let level = (u128::from(c) * 8).div_ceil(u128::from(max));
                BARS[(level.clamp(1, 8) - 1) as usize]
            }
        })
        .collect()
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A size for people in binary units, two decimals past the bytes: `15 B`, `1.46 KiB`.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let (mut size, mut unit) = (bytes as f64, "B");
    for next in UNITS {
        if size < 1024.0 {
            break;
        }
        size /= 1024.0;
        unit = next;
    }
    match unit {
        "B" => format!("{bytes} B"),
        _ => format!("{size:.2} {unit}"),
    }
}

#[derive(Serialize)]
struct StatsJson<'a> {
    total: u64,
    types: Types,
    contributors: ContributorsJson,
    hashtags: &'a [KeyCount],
    mentions: &'a [KeyCount],
    authors: &'a [KeyCount],
    /// Tweets that name no author; absent when there are none.
    #[serde(skip_serializing_if = "is_zero")]
    unknown_author: u64,
    speakers: &'a [KeyCount],
    links: &'a [KeyCount],
    domains: &'a [KeyCount],
    most_retweeted: &'a [TopTweet],
    most_liked: &'a [TopTweet],
    timeline: Vec<BucketJson>,
    /// The first and last timed tweets' times; `null` when none knows its time of day.
    first: Option<String>,
    last: Option<String>,
    /// Tweets that know only their day, not in the timeline.
    untimed: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    cooccurring: Option<&'a [KeyCount]>,
}

/// The contributors as programs read them: ratios rounded (two decimals for tweets per
/// contributor, four for the share), `null` when there is no contributor.
#[derive(Serialize)]
struct ContributorsJson {
    distinct: u64,
    per_contributor: Option<f64>,
    top10_share: Option<f64>,
}

impl ContributorsJson {
    fn new(c: &Contributors) -> Self {
        let round = |x: f64, places: i32| {
            let scale = 10f64.powi(places);
            (x * scale).round() / scale
        };
        ContributorsJson {
            distinct: c.distinct,
            per_contributor: c.per_contributor().map(|x| round(x, 2)),
            top10_share: c.top10_share().map(|x| round(x, 4)),
        }
    }
}

#[derive(Serialize)]
struct BucketJson {
    start: String,
    count: u64,
}

impl BucketJson {
    fn new(b: &Bucket) -> Self {
        BucketJson {
            start: rfc3339(b.start),
            count: b.count,
        }
    }
}

/// Prints statistics. `width` is the terminal's, for wrapping the sparkline (None: 100 columns);
/// a table shows times in `tz`, with the offset (JSON keeps UTC).
pub fn stats(
    w: &mut impl Write,
    s: &Stats,
    format: StatsFormat,
    width: Option<usize>,
    tz: Tz,
) -> io::Result<()> {
    match format {
        StatsFormat::Json => {
            let json = StatsJson {
                total: s.total,
                types: s.types,
                contributors: ContributorsJson::new(&s.contributors),
                hashtags: &s.hashtags,
                mentions: &s.mentions,
                authors: &s.authors,
                unknown_author: s.unknown_author,
                speakers: &s.speakers,
                links: &s.links,
                domains: &s.domains,
                most_retweeted: &s.most_retweeted,
                most_liked: &s.most_liked,
                timeline: s.timeline.iter().map(BucketJson::new).collect(),
                first: s.first.map(rfc3339),
                last: s.last.map(rfc3339),
                untimed: s.untimed,
                cooccurring: s.cooccurring.as_ref().map(|c| c.hashtags.as_slice()),
            };
            serde_json::to_writer_pretty(&mut *w, &json)?;
            w.write_all(b"\n")?;
        }
        StatsFormat::Table => {
            let noun = if s.total == 1 { "tweet" } else { "tweets" };
            writeln!(w, "{} {noun}", s.total)?;
            if s.total > 0 {
                writeln!(w)?;
                types(w, &s.types, s.total)?;
                writeln!(w)?;
                contributors(w, &s.contributors)?;
            }
            // Each list, and how many tweets it leaves out for having no value to list.
            let lists: [(&str, &str, &[KeyCount], u64); 6] = [
                ("hashtags", "#", &s.hashtags, 0),
                ("mentions", "@", &s.mentions, 0),
                ("authors", "@", &s.authors, s.unknown_author),
                ("speakers", "", &s.speakers, 0),
                ("links", "", &s.links, 0),
                ("domains", "", &s.domains, 0),
            ];
            for (title, prefix, items, unknown) in lists {
                writeln!(w)?;
                writeln!(w, "top {title}")?;
                list(w, prefix, items, width)?;
                if unknown > 0 {
                    let noun = if unknown == 1 { "tweet" } else { "tweets" };
                    writeln!(w, "  ({unknown} {noun} by an unknown author)")?;
                }
            }
            for (title, tweets) in [
                ("most retweeted", &s.most_retweeted),
                ("most liked", &s.most_liked),
            ] {
                writeln!(w)?;
                writeln!(w, "{title}")?;
                top_tweets(w, tweets, width)?;
            }
            if let Some(c) = &s.cooccurring {
                writeln!(w)?;
                writeln!(
                    w,
                    "hashtags with #{} ({} tweets)",
                    clean(&c.hashtag),
                    c.tweets
                )?;
                list(w, "#", &c.hashtags, width)?;
            }
            writeln!(w)?;
            timeline(w, s, width, tz)?;
        }
    }
    w.flush()
}

/// The count of each type, with its share of the tweets, in aligned columns.
fn types(w: &mut impl Write, t: &Types, total: u64) -> io::Result<()> {
    // In the order of the JSON object and of the research tools' reports.
    let counts = [
        TweetType::Original,
        TweetType::Retweet,
        TweetType::Reply,
        TweetType::Quote,
    ]
    .map(|k| (k.as_str(), t.get(k)));
    let count_width = counts
        .iter()
        .map(|(_, c)| c.to_string().len())
        .max()
        .unwrap_or(1);
    writeln!(w, "types")?;
    for (name, count) in counts {
        writeln!(
            w,
            "  {name:<8}  {count:>count_width$}  {:>5.1}%",
            percent(count, total)
        )?;
    }
    Ok(())
}

/// The contributors in one line: how many, tweets each, the ten most active's share.
fn contributors(w: &mut impl Write, c: &Contributors) -> io::Result<()> {
    writeln!(w, "contributors")?;
    match (c.per_contributor(), c.top10_share()) {
        (Some(each), Some(share)) => {
            let noun = if c.distinct == 1 {
                "account"
            } else {
                "accounts"
            };
            writeln!(
                w,
                "  {} {noun}, {each:.2} tweets each; the 10 most active wrote {:.1}%",
                c.distinct,
                share * 100.0
            )
        }
        _ => writeln!(w, "  (none: no tweet names its author)"),
    }
}

fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

/// Tweets of a top list: the count, the author, the text on one line (shortened to `width`).
fn top_tweets(w: &mut impl Write, tweets: &[TopTweet], width: Option<usize>) -> io::Result<()> {
    if tweets.is_empty() {
        return writeln!(w, "  (none)");
    }
    let count_width = tweets
        .iter()
        .map(|t| t.count.to_string().len())
        .max()
        .unwrap_or(1);
    let authors: Vec<String> = tweets
        .iter()
        .map(|t| match t.author.as_str() {
            "" => "(unknown)".to_string(),
            a => format!("@{}", clean(a)),
        })
        .collect();
    let author_width = authors
        .iter()
        .map(|a| measure_text_width(a))
        .max()
        .unwrap_or(0);
    for (t, author) in tweets.iter().zip(&authors) {
        let text = clean(&t.text.split_whitespace().collect::<Vec<_>>().join(" "));
        let author = pad_str(author, author_width, Alignment::Left, None);
        let line = format!("  {:>count_width$}  {author}  {text}", t.count);
        match width {
            Some(cols) => writeln!(w, "{}", console::truncate_str(&line, cols, "…"))?,
            None => writeln!(w, "{line}")?,
        }
    }
    Ok(())
}

/// A list of keys and counts in two aligned columns, indented; keys too long for `width` (a
/// link) are shortened.
fn list(
    w: &mut impl Write,
    prefix: &str,
    items: &[KeyCount],
    width: Option<usize>,
) -> io::Result<()> {
    if items.is_empty() {
        return writeln!(w, "  (none)");
    }
    let count_width = items
        .iter()
        .map(|i| i.count.to_string().len())
        .max()
        .unwrap_or(1);
    // Two spaces before the key, two between key and count.
    let room = width.map(|cols| cols.saturating_sub(4 + count_width).max(10));
    let keys: Vec<String> = items
        .iter()
        .map(|i| {
            let key = format!("{prefix}{}", clean(&i.key));
            match room {
                Some(room) => console::truncate_str(&key, room, "…").into_owned(),
                None => key,
            }
        })
        .collect();
    let key_width = keys
        .iter()
        .map(|k| measure_text_width(k))
        .max()
        .unwrap_or(0);
    for (key, item) in keys.iter().zip(items) {
        writeln!(
            w,
            "  {}  {:>count_width$}",
            pad_str(key, key_width, Alignment::Left, None),
            item.count
        )?;
    }
    Ok(())
}

/// The timeline: a sparkline, then its first and last buckets and its peak.
fn timeline(w: &mut impl Write, s: &Stats, width: Option<usize>, tz: Tz) -> io::Result<()> {
    let secs = s.interval.seconds();
    let format = if secs % 60 == 0 {
        "%Y-%m-%d %H:%M %:z"
    } else {
        "%Y-%m-%d %H:%M:%S %:z"
    };
    let local = |t: &DateTime<Utc>| t.with_timezone(&tz).format(format).to_string();
    let untimed = |w: &mut dyn Write| {
        if s.untimed == 0 {
            return Ok(());
        }
        let (noun, verb) = if s.untimed == 1 {
            ("tweet", "knows")
        } else {
            ("tweets", "know")
        };
        writeln!(
            w,
            "  {} {noun} {verb} only {} day (copied text): not in the timeline",
            s.untimed,
            if s.untimed == 1 { "its" } else { "their" }
        )
    };
    let (Some(first), Some(last)) = (s.timeline.first(), s.timeline.last()) else {
        if s.untimed > 0 {
            writeln!(w, "timeline: no tweet with a time of day")?;
            return untimed(w);
        }
        return writeln!(w, "timeline: no tweets");
    };
    writeln!(
        w,
        "timeline, {} buckets of {} (buckets from UTC midnight; times in {tz})",
        s.timeline.len(),
        s.interval
    )?;
    let counts: Vec<u64> = s.timeline.iter().map(|b| b.count).collect();
    let line: Vec<char> = sparkline(&counts).chars().collect();
    let columns = width.unwrap_or(100).saturating_sub(2).max(10);
    for chunk in line.chunks(columns) {
        writeln!(w, "  {}", chunk.iter().collect::<String>().trim_end())?;
    }
    writeln!(
        w,
        "  from {} to {}",
        local(&first.start),
        local(&last.start)
    )?;
    // The first of the highest buckets.
    if let Some(peak) = s
        .timeline
        .iter()
        .reduce(|best, b| if b.count > best.count { b } else { best })
    {
        writeln!(w, "  peak {} at {}", peak.count, local(&peak.start))?;
    }
    untimed(w)
}

/// Control characters (a line break in a handle read from a spreadsheet) would break the
/// table's lines.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}

#[derive(Serialize)]
struct InfoJson<'a> {
    documents: u64,
    events: &'a [EventCount],
    sources: &'a [KeyCount],
    formats: &'a [KeyCount],
    first: Option<String>,
    last: Option<String>,
    /// Tweets that know only their day, not in `first` and `last`.
    untimed: u64,
    bytes: u64,
    path: String,
}

/// Prints what an index holds.
pub fn info(w: &mut impl Write, i: &Info, format: StatsFormat) -> io::Result<()> {
    match format {
        StatsFormat::Json => {
            let json = InfoJson {
                documents: i.documents,
                events: &i.events,
                sources: &i.sources,
                formats: &i.formats,
                first: i.first.map(rfc3339),
                last: i.last.map(rfc3339),
                untimed: i.untimed,
                bytes: i.bytes,
                path: i.path.display().to_string(),
            };
            serde_json::to_writer_pretty(&mut *w, &json)?;
            w.write_all(b"\n")?;
        }
        StatsFormat::Table => {
            let time = |t: &Option<DateTime<Utc>>| {
                t.map_or_else(
                    || "-".to_string(),
                    |t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
                )
            };
            writeln!(w, "index      {}", clean(&i.path.display().to_string()))?;
            writeln!(w, "documents  {}", i.documents)?;
            writeln!(w, "size       {} ({} bytes)", human_bytes(i.bytes), i.bytes)?;
            writeln!(w, "first      {}", time(&i.first))?;
            writeln!(w, "last       {}", time(&i.last))?;
            if i.untimed > 0 {
                let (noun, verb, their) = if i.untimed == 1 {
                    ("tweet", "knows", "its")
                } else {
                    ("tweets", "know", "their")
                };
                writeln!(
                    w,
                    "untimed    {} {noun} {verb} only {their} day (copied text): not in first and \
                     last",
                    i.untimed
                )?;
            }
            writeln!(w)?;
            writeln!(w, "events")?;
            if i.events.is_empty() {
                writeln!(w, "  (none)")?;
            }
            let slug_width = i
                .events
                .iter()
                .map(|e| measure_text_width(&clean(&e.slug)))
                .max()
                .unwrap_or(0);
            let count_width = i
                .events
                .iter()
                .map(|e| e.tweets.to_string().len())
                .max()
                .unwrap_or(1);
            for e in &i.events {
                writeln!(
                    w,
                    "  {}  {:>count_width$}  {}",
                    pad_str(&clean(&e.slug), slug_width, Alignment::Left, None),
                    e.tweets,
                    clean(&e.title)
                )?;
            }
            writeln!(w)?;
            writeln!(w, "formats")?;
            list(w, "", &i.formats, None)?;
            writeln!(w)?;
            writeln!(w, "sources")?;
            list(w, "", &i.sources, None)?;
        }
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::{Cooccurring, Interval};

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn kc(key: &str, count: u64) -> KeyCount {
        KeyCount {
            key: key.into(),
            count,
        }
    }

    fn sample() -> Stats {
        Stats {
            total: 12,
            types: Types {
                original: 6,
                retweet: 4,
                reply: 1,
                quote: 1,
            },
            contributors: Contributors {
                distinct: 2,
                tweets: 12,
                top10_tweets: 12,
            },
            hashtags: vec![kc("pasocial", 12), kc("università", 3)],
            mentions: vec![kc("alemiglioz", 2)],
            authors: vec![kc("saradurantini", 10), kc("x", 2)],
            unknown_author: 0,
            speakers: vec![],
            links: vec![kc("http://www.pasocial.info/programma", 3)],
            domains: vec![kc("pasocial.info", 3)],
            most_retweeted: vec![TopTweet {
                id: "666623062345633792".into(),
                author: "SaraDurantini".into(),
                text: "La PA\nè #social".into(),
                count: 40,
            }],
            most_liked: vec![],
            untimed: 0,
            first: Some(at("2015-11-17T09:12:00Z")),
            last: Some(at("2015-11-17T11:40:00Z")),
            interval: "1h".parse().unwrap(),
            timeline: vec![
                Bucket {
                    start: at("2015-11-17T09:00:00Z"),
                    count: 4,
                },
                Bucket {
                    start: at("2015-11-17T10:00:00Z"),
                    count: 0,
                },
                Bucket {
                    start: at("2015-11-17T11:00:00Z"),
                    count: 8,
                },
            ],
            cooccurring: None,
        }
    }

    fn print(s: &Stats, format: StatsFormat) -> String {
        let mut out = Vec::new();
        stats(&mut out, s, format, None, Tz::UTC).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_sparkline_scales_to_its_highest_bucket_and_leaves_gaps() {
        assert_eq!(sparkline(&[1, 2, 4, 8, 0, 8]), "▁▂▄█ █");
        assert_eq!(sparkline(&[1, 1000]), "▁█");
        assert_eq!(sparkline(&[u64::MAX, 1]), "█▁");
        assert_eq!(sparkline(&[]), "");
        assert_eq!(sparkline(&[0, 0]), "  ");
    }

    #[test]
    fn the_table_aligns_its_columns_and_names_the_peak() {
        let out = print(&sample(), StatsFormat::Table);
        assert!(out.starts_with("12 tweets\n"), "{out}");
        // Counts end in one column whatever the keys' widths (an accented key included).
        let rows: Vec<&str> = out
            .lines()
            .filter(|l| l.starts_with("  #") || l.starts_with("  @"))
            .collect();
        assert_eq!(rows.len(), 5, "{out}");
        let tags: Vec<usize> = rows[..2].iter().map(|l| measure_text_width(l)).collect();
        assert_eq!(tags[0], tags[1], "{out}");
        assert!(out.contains("top speakers\n  (none)\n"), "{out}");
        assert!(out.contains("  ▄ █\n"), "{out}");
        assert!(
            out.contains("from 2015-11-17 09:00 +00:00 to 2015-11-17 11:00 +00:00"),
            "{out}"
        );
        assert!(out.contains("peak 8 at 2015-11-17 11:00 +00:00"), "{out}");
    }

    #[test]
    fn json_has_the_documented_keys_and_times_in_utc() {
        let mut s = sample();
        let json: serde_json::Value = serde_json::from_str(&print(&s, StatsFormat::Json)).unwrap();
        let mut keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "authors",
                "contributors",
                "domains",
                "first",
                "hashtags",
                "last",
                "links",
                "mentions",
                "most_liked",
                "most_retweeted",
                "speakers",
                "timeline",
                "total",
                "types",
                "untimed"
            ]
        );
        assert_eq!(
            json["types"],
            serde_json::json!({"original": 6, "retweet": 4, "reply": 1, "quote": 1})
        );
        assert_eq!(
            json["contributors"],
            serde_json::json!({"distinct": 2, "per_contributor": 6.0, "top10_share": 1.0})
        );
        assert_eq!(
            json["most_retweeted"],
            serde_json::json!([{"id": "666623062345633792", "author": "SaraDurantini",
                                "text": "La PA\nè #social", "count": 40}])
        );
        assert_eq!(json["timeline"][1]["start"], "2015-11-17T10:00:00Z");
        assert_eq!(json["timeline"][1]["count"], 0);
        assert_eq!(json["first"], "2015-11-17T09:12:00Z");
        assert_eq!(json["last"], "2015-11-17T11:40:00Z");
        assert_eq!(json["hashtags"][1]["key"], "università");

        s.cooccurring = Some(Cooccurring {
            hashtag: "pasocial".into(),
            tweets: 12,
            hashtags: vec![kc("università", 3)],
        });
        let json: serde_json::Value = serde_json::from_str(&print(&s, StatsFormat::Json)).unwrap();
        assert_eq!(
            json["cooccurring"],
            serde_json::json!([{"key": "università", "count": 3}])
        );
    }

    #[test]
    fn nothing_found_prints_empty_lists_and_no_timeline() {
        let s = Stats {
            total: 0,
            types: Types::default(),
            contributors: Contributors::default(),
            hashtags: vec![],
            mentions: vec![],
            authors: vec![],
            unknown_author: 0,
            speakers: vec![],
            links: vec![],
            domains: vec![],
            most_retweeted: vec![],
            most_liked: vec![],
            interval: Interval::default(),
            timeline: vec![],
            first: None,
            last: None,
            untimed: 0,
            cooccurring: None,
        };
        let out = print(&s, StatsFormat::Table);
        assert!(out.starts_with("0 tweets\n"), "{out}");
        assert!(out.ends_with("timeline: no tweets\n"), "{out}");
        let json: serde_json::Value = serde_json::from_str(&print(&s, StatsFormat::Json)).unwrap();
        assert_eq!(json["timeline"], serde_json::json!([]));
        assert_eq!(
            json["contributors"],
            serde_json::json!({"distinct": 0, "per_contributor": null, "top10_share": null})
        );
        assert_eq!(json["untimed"], 0);
        assert!(json["first"].is_null() && json["last"].is_null());
    }

    #[test]
    fn the_table_leads_with_types_and_contributors_and_lists_top_tweets_on_one_line() {
        let mut s = sample();
        s.links = vec![kc(&format!("https://example.org/{}", "a".repeat(200)), 2)];
        let mut out = Vec::new();
        stats(&mut out, &s, StatsFormat::Table, Some(80), Tz::UTC).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.starts_with(
                "12 tweets\n\ntypes\n  original  6   50.0%\n  retweet   4   33.3%\n  \
                 reply     1    8.3%\n  quote     1    8.3%\n\ncontributors\n  2 accounts, \
                 6.00 tweets each; the 10 most active wrote 100.0%\n"
            ),
            "{out}"
        );
        assert!(
            out.contains("most retweeted\n  40  @SaraDurantini  La PA è #social\n"),
            "{out}"
        );
        assert!(out.contains("most liked\n  (none)\n"), "{out}");
        assert!(out.contains("top domains\n  pasocial.info  3\n"), "{out}");
        for line in out.lines() {
            assert!(measure_text_width(line) <= 80, "{line:?} is too wide");
        }
        let link = out
            .lines()
            .find(|l| l.contains("example.org"))
            .unwrap_or_else(|| panic!("{out}"));
        assert!(link.contains('…') && link.ends_with("  2"), "{link:?}");
    }

    #[test]
    fn tweets_that_know_only_their_day_are_counted_under_the_timeline() {
        let mut s = sample();
        s.untimed = 3;
        let out = print(&s, StatsFormat::Table);
        assert!(
            out.ends_with("  3 tweets know only their day (copied text): not in the timeline\n"),
            "{out}"
        );
        s.timeline.clear();
        s.untimed = 1;
        let out = print(&s, StatsFormat::Table);
        assert!(
            out.ends_with(
                "timeline: no tweet with a time of day\n  1 tweet knows only its day (copied \
                 text): not in the timeline\n"
            ),
            "{out}"
        );
        let json: serde_json::Value = serde_json::from_str(&print(&s, StatsFormat::Json)).unwrap();
        assert_eq!(json["untimed"], 1);
    }

    #[test]
    fn tweets_by_unknown_authors_are_counted_apart_from_the_authors() {
        let mut s = sample();
        s.unknown_author = 3;
        let out = print(&s, StatsFormat::Table);
        // Right under the authors listed.
        let lines: Vec<&str> = out.lines().collect();
        let last_author = lines.iter().position(|l| l.starts_with("  @x ")).unwrap();
        assert_eq!(
            lines[last_author + 1],
            "  (3 tweets by an unknown author)",
            "{out}"
        );
        let json: serde_json::Value = serde_json::from_str(&print(&s, StatsFormat::Json)).unwrap();
        assert_eq!(json["unknown_author"], 3);
        assert!(
            !json["authors"].to_string().contains(r#""key":"""#),
            "{json}"
        );
    }

    #[test]
    fn sizes_read_as_binary_units() {
        assert_eq!(human_bytes(0), "0 B");
        assert_eq!(human_bytes(1023), "1023 B");
        assert_eq!(human_bytes(1024), "1.00 KiB");
        assert_eq!(human_bytes(1_500), "1.46 KiB");
        assert_eq!(human_bytes(1_500_000), "1.43 MiB");
        assert_eq!(human_bytes(1_500_000_000_000), "1.36 TiB");
        assert_eq!(human_bytes(u64::MAX), "16.00 EiB");
    }
}
