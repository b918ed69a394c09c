//! Printers of statistics (`stats`) and of what an index holds (`info`): aligned tables with a
//! sparkline for people, one JSON object for programs.

use std::io::{self, Write};

use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use console::{Alignment, measure_text_width, pad_str};
use serde::Serialize;

use crate::stats::{Bucket, EventCount, Info, KeyCount, Stats};

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

fn rfc3339(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[derive(Serialize)]
struct StatsJson<'a> {
    total: u64,
    hashtags: &'a [KeyCount],
    mentions: &'a [KeyCount],
    authors: &'a [KeyCount],
    /// Tweets that name no author; absent when there are none.
    #[serde(skip_serializing_if = "is_zero")]
    unknown_author: u64,
    speakers: &'a [KeyCount],
    timeline: Vec<BucketJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cooccurring: Option<&'a [KeyCount]>,
}

#[derive(Serialize)]
struct BucketJson {
    start: String,
    count: u64,
}

impl BucketJson {
    fn new(b: &Bucket) -> Self {
        BucketJson {
            start: rfc3339(&b.start),
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
                hashtags: &s.hashtags,
                mentions: &s.mentions,
                authors: &s.authors,
                unknown_author: s.unknown_author,
                speakers: &s.speakers,
                timeline: s.timeline.iter().map(BucketJson::new).collect(),
                cooccurring: s.cooccurring.as_ref().map(|c| c.hashtags.as_slice()),
            };
            serde_json::to_writer_pretty(&mut *w, &json)?;
            w.write_all(b"\n")?;
        }
        StatsFormat::Table => {
            let noun = if s.total == 1 { "tweet" } else { "tweets" };
            writeln!(w, "{} {noun}", s.total)?;
            // Each list, and how many tweets it leaves out for having no value to list.
            let lists: [(&str, &str, &[KeyCount], u64); 4] = [
                ("hashtags", "#", &s.hashtags, 0),
                ("mentions", "@", &s.mentions, 0),
                ("authors", "@", &s.authors, s.unknown_author),
                ("speakers", "", &s.speakers, 0),
            ];
            for (title, prefix, items, unknown) in lists {
                writeln!(w)?;
                writeln!(w, "top {title}")?;
                list(w, prefix, items)?;
                if unknown > 0 {
                    let noun = if unknown == 1 { "tweet" } else { "tweets" };
                    writeln!(w, "  ({unknown} {noun} by an unknown author)")?;
                }
            }
            if let Some(c) = &s.cooccurring {
                writeln!(w)?;
                writeln!(
                    w,
                    "hashtags with #{} ({} tweets)",
                    clean(&c.hashtag),
                    c.tweets
                )?;
                list(w, "#", &c.hashtags)?;
            }
            writeln!(w)?;
            timeline(w, s, width, tz)?;
        }
    }
    w.flush()
}

/// A list of keys and counts in two aligned columns, indented.
fn list(w: &mut impl Write, prefix: &str, items: &[KeyCount]) -> io::Result<()> {
    if items.is_empty() {
        return writeln!(w, "  (none)");
    }
    let keys: Vec<String> = items
        .iter()
        .map(|i| format!("{prefix}{}", clean(&i.key)))
        .collect();
    let key_width = keys
        .iter()
        .map(|k| measure_text_width(k))
        .max()
        .unwrap_or(0);
    let count_width = items
        .iter()
        .map(|i| i.count.to_string().len())
        .max()
        .unwrap_or(1);
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
    let (Some(first), Some(last)) = (s.timeline.first(), s.timeline.last()) else {
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
    Ok(())
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
                first: i.first.as_ref().map(rfc3339),
                last: i.last.as_ref().map(rfc3339),
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
            list(w, "", &i.formats)?;
            writeln!(w)?;
            writeln!(w, "sources")?;
            list(w, "", &i.sources)?;
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
            hashtags: vec![kc("pasocial", 12), kc("università", 3)],
            mentions: vec![kc("alemiglioz", 2)],
            authors: vec![kc("saradurantini", 10), kc("x", 2)],
            unknown_author: 0,
            speakers: vec![],
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
                "authors", "hashtags", "mentions", "speakers", "timeline", "total"
            ]
        );
        assert_eq!(json["timeline"][1]["start"], "2015-11-17T10:00:00Z");
        assert_eq!(json["timeline"][1]["count"], 0);
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
            hashtags: vec![],
            mentions: vec![],
            authors: vec![],
            unknown_author: 0,
            speakers: vec![],
            interval: Interval::default(),
            timeline: vec![],
            cooccurring: None,
        };
        let out = print(&s, StatsFormat::Table);
        assert!(out.starts_with("0 tweets\n"), "{out}");
        assert!(out.ends_with("timeline: no tweets\n"), "{out}");
        let json: serde_json::Value = serde_json::from_str(&print(&s, StatsFormat::Json)).unwrap();
        assert_eq!(json["timeline"], serde_json::json!([]));
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
