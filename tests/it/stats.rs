//! End-to-end tests of `chirpdex stats` and `chirpdex info`: the built binary on
//! `tests/data/v1_day.jsonl` and the synthetic corpus, every number checked against counts made
//! here from the fixture files themselves (read with serde_json), not by asking chirpdex.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::harness::{Archive, chirpdex, corpus, data, rfc3339, shown, synthetic, twitter_time};

fn day_file() -> PathBuf {
    data("v1_day.jsonl")
}

fn corpus_file() -> PathBuf {
    corpus("synthetic/pasocial-2015-synthetic.jsonl.gz")
}

fn event_file() -> PathBuf {
    corpus("synthetic/event.toml")
}

/// A key as users type it, as the index folds it: lowercase, accents dropped (`Università` →
/// `universita`). Done here with Unicode decomposition, independently of tantivy's filter.
fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase()
}

/// What a test needs of one fixture tweet, read from its JSON as the v1.1 API documents it.
struct Expected {
    author: String,
    hashtags: BTreeSet<String>,
    mentions: BTreeSet<String>,
    created_at: DateTime<Utc>,
    /// Read from the synthetic corpus (ingested with its event), not from `v1_day.jsonl`.
    synthetic: bool,
}

impl Expected {
    fn from_json(t: &Value, synthetic: bool) -> (String, Expected) {
        // A retweet's own entities are cut with its text: the original's are the tweet's.
        let content = shown(t);
        let entities = if content["extended_tweet"]["entities"].is_object() {
            &content["extended_tweet"]["entities"]
        } else {
            &content["entities"]
        };
        let values = |list: &str, key: &str| -> BTreeSet<String> {
            entities[list]
                .as_array()
                .expect("every fixture tweet has its entities")
                .iter()
                .map(|e| fold(e[key].as_str().unwrap()))
                .collect()
        };
        let created_at = twitter_time(t);
        (
            t["id_str"].as_str().unwrap().to_string(),
            Expected {
                author: fold(t["user"]["screen_name"].as_str().unwrap()),
                hashtags: values("hashtags", "text"),
                mentions: values("user_mentions", "screen_name"),
                created_at,
                synthetic,
            },
        )
    }
}

/// Every distinct tweet of the two fixtures, by id.
fn fixture() -> &'static BTreeMap<String, Expected> {
    static TWEETS: OnceLock<BTreeMap<String, Expected>> = OnceLock::new();
    TWEETS.get_or_init(|| {
        let mut tweets = BTreeMap::new();
        let day = std::fs::read_to_string(day_file()).unwrap();
        let day = day
            .lines()
            .map(|l| (serde_json::from_str::<Value>(l).unwrap(), false));
        for (t, synthetic) in day.chain(synthetic().into_iter().map(|t| (t, true))) {
            let (id, t) = Expected::from_json(&t, synthetic);
            tweets.entry(id).or_insert(t);
        }
        assert_eq!(tweets.len(), 3005, "the fixtures changed");
        tweets
    })
}

/// Counts `values` over the tweets, then ranks them as chirpdex documents: most frequent
/// first, ties by key; the first `top`.
fn ranked<'a>(
    tweets: impl Iterator<Item = &'a Expected>,
    values: impl Fn(&Expected) -> Vec<String>,
    top: usize,
) -> Value {
    let mut counts: HashMap<String, u64> = HashMap::new();
    for t in tweets {
        for v in values(t) {
            *counts.entry(v).or_default() += 1;
        }
    }
    let mut counts: Vec<(String, u64)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts
        .into_iter()
        .take(top)
        .map(|(key, count)| json!({"key": key, "count": count}))
        .collect()
}

fn set(s: &BTreeSet<String>) -> Vec<String> {
    s.iter().cloned().collect()
}

/// One index holding both fixtures, made once for the whole run (the tests only read it):
/// `v1_day.jsonl` alone, then the synthetic corpus with its event programme.
fn archive() -> &'static Archive {
    static ARCHIVE: OnceLock<Archive> = OnceLock::new();
    Archive::shared(&ARCHIVE, "stats-index", |a| {
        a.cmd()
            .args(["ingest", "--quiet"])
            .arg(day_file())
            .assert()
            .code(0);
        a.ingest_event(&event_file(), &[&corpus("synthetic")]);
    })
}

fn index() -> PathBuf {
    archive().index()
}

/// Runs `stats ARGS --format json` on the shared index; asserts exit 0.
fn stats(args: &[&str]) -> Value {
    let out = archive()
        .cmd()
        .arg("stats")
        .args(args)
        .args(["--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("one JSON object on stdout")
}

/// How many lines `search QUERY --format jsonl --limit 100000` prints.
fn search_count(query: &str) -> usize {
    archive().search(query).len()
}

#[test]
fn stats_counts_the_total_and_the_top_hashtags_mentions_and_authors_of_the_fixture() {
    let tweets = fixture();
    for top in [10, 3, 25] {
        let s = stats(&["--top", &top.to_string()]);
        assert_eq!(s["total"], tweets.len(), "--top {top}");
        assert_eq!(
            s["hashtags"],
            ranked(tweets.values(), |t| set(&t.hashtags), top),
            "--top {top}"
        );
        assert_eq!(
            s["mentions"],
            ranked(tweets.values(), |t| set(&t.mentions), top),
            "--top {top}"
        );
        assert_eq!(
            s["authors"],
            ranked(tweets.values(), |t| vec![t.author.clone()], top),
            "--top {top}"
        );
    }
    // `#PASocial`, `#Pasocial` and `#pasocial` are one hashtag; `#Università` is kept folded.
    let s = stats(&[]);
    assert_eq!(s["hashtags"][0]["key"], "pasocial");
    assert!(
        s["hashtags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["key"] == "universita"),
        "{}",
        s["hashtags"]
    );
}

#[test]
fn stats_of_a_query_counts_only_its_tweets() {
    let tweets = fixture();
    let s = stats(&["@GiuliaMartini"]);
    let theirs: Vec<&Expected> = tweets
        .values()
        .filter(|t| t.mentions.contains("giuliamartini"))
        .collect();
    assert_eq!(s["total"], theirs.len());
    assert_eq!(
        s["authors"],
        ranked(theirs.iter().copied(), |t| vec![t.author.clone()], 10)
    );
    assert_eq!(
        s["hashtags"],
        ranked(theirs.iter().copied(), |t| set(&t.hashtags), 10)
    );
}

#[test]
fn the_total_is_what_search_finds() {
    for query in [
        "*",
        "#opengov",
        "@giuliamartini",
        "comunicazione",
        "type:retweet",
        "#pasocial -#pa",
    ] {
        assert_eq!(
            stats(&[query])["total"],
            search_count(query),
            "query {query:?}"
        );
    }
}

#[test]
fn the_hourly_timeline_has_every_hour_from_the_first_tweet_to_the_last() {
    let mut hours: BTreeMap<i64, u64> = BTreeMap::new();
    for t in fixture().values() {
        *hours
            .entry(t.created_at.timestamp().div_euclid(3600))
            .or_default() += 1;
    }
    let (first, last) = (
        *hours.keys().next().unwrap(),
        *hours.keys().next_back().unwrap(),
    );
    let expected: Vec<Value> = (first..=last)
        .map(|h| {
            let start = DateTime::<Utc>::from_timestamp(h * 3600, 0).unwrap();
            json!({"start": rfc3339(start), "count": hours.get(&h).copied().unwrap_or(0)})
        })
        .collect();
    assert_eq!(
        stats(&["--interval", "1h"])["timeline"],
        Value::from(expected)
    );
}

#[test]
fn the_default_timeline_has_at_most_a_hundred_even_buckets_holding_every_tweet() {
    let s = stats(&[]);
    let timeline = s["timeline"].as_array().unwrap();
    assert!(
        (2..=100).contains(&timeline.len()),
        "{} buckets",
        timeline.len()
    );
    let starts: Vec<DateTime<Utc>> = timeline
        .iter()
        .map(|b| {
            let start = b["start"].as_str().unwrap();
            assert!(start.ends_with('Z'), "{start}");
            DateTime::parse_from_rfc3339(start).unwrap().to_utc()
        })
        .collect();
    let step = starts[1] - starts[0];
    assert!(starts.windows(2).all(|w| w[1] - w[0] == step));
    let sum: u64 = timeline.iter().map(|b| b["count"].as_u64().unwrap()).sum();
    assert_eq!(sum, fixture().len() as u64);
    // The first bucket holds the first tweet, the last one the last tweet.
    let times: Vec<DateTime<Utc>> = fixture().values().map(|t| t.created_at).collect();
    let (min, max) = (times.iter().min().unwrap(), times.iter().max().unwrap());
    assert!(starts[0] <= *min && *min < starts[0] + step);
    let end = *starts.last().unwrap();
    assert!(end <= *max && *max < end + step);
}

#[test]
fn a_single_hashtag_query_or_with_hashtag_lists_the_hashtags_beside_it() {
    let tweets = fixture();
    let others = |tag: &str| {
        let with: Vec<&Expected> = tweets
            .values()
            .filter(|t| t.hashtags.contains(tag))
            .collect();
        let tag = tag.to_string();
        ranked(
            with.into_iter(),
            move |t| t.hashtags.iter().filter(|h| **h != tag).cloned().collect(),
            10,
        )
    };
    let s = stats(&["#OpenGov"]);
    assert_eq!(s["cooccurring"], others("opengov"));
    assert_eq!(
        stats(&["--with-hashtag", "#Università"])["cooccurring"],
        others("universita")
    );
    assert_eq!(
        stats(&["--with-hashtag", "pasocial", "--top", "4"])["cooccurring"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
    // Only when asked.
    assert!(
        stats(&["#opengov comunicazione"])
            .get("cooccurring")
            .is_none()
    );
    assert!(stats(&[]).get("cooccurring").is_none());
}

#[test]
fn speaker_counts_agree_with_the_speakers_each_matching_tweet_shows() {
    // Attribution is chirpdex's own (the programme, the tweets' texts), so this compares the
    // aggregated fast field with the stored speakers that `search` prints.
    let out = archive()
        .cmd()
        .args(["search", "*", "--format", "jsonl", "--limit", "100000"])
        .output()
        .unwrap();
    let mut counts: HashMap<String, u64> = HashMap::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let hit: Value = serde_json::from_str(line).unwrap();
        let speakers: BTreeSet<String> = hit["speakers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| fold(s.as_str().unwrap()))
            .collect();
        for s in speakers {
            *counts.entry(s).or_default() += 1;
        }
    }
    assert!(counts.len() >= 8, "{counts:?}");
    let mut expected: Vec<(String, u64)> = counts.into_iter().collect();
    expected.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let expected: Vec<Value> = expected
        .into_iter()
        .take(10)
        .map(|(key, count)| json!({"key": key, "count": count}))
        .collect();
    assert_eq!(stats(&[])["speakers"], Value::from(expected));
}

#[test]
fn stats_exits_0_with_a_total_of_0_when_nothing_matches() {
    let s = stats(&["parolachenessuntweetcontiene"]);
    assert_eq!(
        s,
        json!({"total": 0, "hashtags": [], "mentions": [], "authors": [], "speakers": [],
               "timeline": []})
    );
    let out = archive()
        .cmd()
        .args(["stats", "parolachenessuntweetcontiene"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let table = String::from_utf8(out).unwrap();
    assert!(table.starts_with("0 tweets\n"), "{table}");
}

#[test]
fn the_table_shows_the_lists_a_sparkline_and_the_peak_hour() {
    let mut hours: BTreeMap<DateTime<Utc>, u64> = BTreeMap::new();
    for t in fixture().values() {
        let h = t.created_at.timestamp().div_euclid(3600) * 3600;
        *hours
            .entry(DateTime::from_timestamp(h, 0).unwrap())
            .or_default() += 1;
    }
    let max = *hours.values().max().unwrap();
    let peak = hours.iter().find(|(_, c)| **c == max).unwrap().0;
    let out = archive()
        .cmd()
        .args(["stats", "--interval", "1h"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let table = String::from_utf8(out).unwrap();
    assert!(table.starts_with("3005 tweets\n"), "{table}");
    // Each top list is a block of rows: the key, then its count, counts aligned on the right.
    let hashtags = ranked(fixture().values(), |t| set(&t.hashtags), 10);
    let rows: Vec<&str> = table
        .lines()
        .skip_while(|l| *l != "top hashtags")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    let shown: Vec<Value> = rows
        .iter()
        .map(|r| {
            let (key, count) = r.trim().split_once(' ').unwrap();
            json!({"key": key.strip_prefix('#').unwrap(), "count": count.trim().parse::<u64>().unwrap()})
        })
        .collect();
    assert_eq!(Value::from(shown), hashtags, "{table}");
    assert!(
        rows.iter()
            .all(|r| r.chars().count() == rows[0].chars().count()),
        "{table}"
    );
    let spark = table
        .lines()
        .find(|l| l.trim().chars().all(|c| "▁▂▃▄▅▆▇█ ".contains(c)) && !l.trim().is_empty())
        .unwrap_or_else(|| panic!("no sparkline in:\n{table}"));
    assert_eq!(spark.trim().chars().count(), hours.len());
    assert!(
        // The index holds one event, in Rome: the table shows Rome's time with its offset.
        table.contains(&format!(
            "peak {max} at {}",
            peak.with_timezone(&chrono_tz::Europe::Rome)
                .format("%Y-%m-%d %H:%M %:z")
        )),
        "{table}"
    );
}

#[test]
fn a_bad_interval_is_an_error_that_says_what_is_accepted() {
    let out = archive()
        .cmd()
        .args(["stats", "--interval", "5 minutes"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(err.contains("1m, 5m, 1h, 1d"), "{err}");
}

#[test]
fn info_reports_documents_events_sources_formats_dates_and_size() {
    let tweets = fixture();
    let out = archive()
        .cmd()
        .args(["info", "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let info: Value = serde_json::from_slice(&out).unwrap();
    let mut keys: Vec<&str> = info
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "bytes",
            "documents",
            "events",
            "first",
            "formats",
            "last",
            "path",
            "sources"
        ]
    );
    assert_eq!(info["documents"], tweets.len());
    assert_eq!(
        info["formats"],
        json!([{"key": "v1", "count": tweets.len()}])
    );
    let synthetic = tweets.values().filter(|t| t.synthetic).count();
    assert_eq!(
        info["sources"],
        json!([
            {"key": corpus_file().display().to_string(), "count": synthetic},
            {"key": day_file().display().to_string(), "count": tweets.len() - synthetic},
        ])
    );
    let programme: toml::Table = std::fs::read_to_string(event_file())
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        info["events"],
        json!([{"slug": programme["slug"].as_str(), "title": programme["title"].as_str(),
                "tweets": synthetic}])
    );
    let first = tweets.values().map(|t| t.created_at).min().unwrap();
    let last = tweets.values().map(|t| t.created_at).max().unwrap();
    assert_eq!(info["first"], rfc3339(first));
    assert_eq!(info["last"], rfc3339(last));
    let bytes: u64 = walkdir::WalkDir::new(index())
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().unwrap().len())
        .sum();
    assert_eq!(info["bytes"], bytes);
    assert_eq!(
        Path::new(info["path"].as_str().unwrap()),
        index().canonicalize().unwrap()
    );

    let out = archive()
        .cmd()
        .arg("info")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let table = String::from_utf8(out).unwrap();
    assert!(
        table.contains(&format!("documents  {}\n", tweets.len())),
        "{table}"
    );
    assert!(table.contains(&format!("{bytes} bytes")), "{table}");
}

#[test]
fn an_empty_index_has_no_dates_and_a_missing_one_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    chirpdex(&index)
        .arg("ingest")
        .arg(data("v2/flat_empty.jsonl"))
        .arg("--quiet")
        .assert()
        .code(0);
    let out = chirpdex(&index)
        .args(["info", "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let info: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(info["documents"], 0);
    assert_eq!(
        (&info["first"], &info["last"]),
        (&Value::Null, &Value::Null)
    );
    assert_eq!(info["events"], json!([]));
    chirpdex(&index)
        .args(["stats", "--format", "json"])
        .assert()
        .code(0);
    for cmd in ["info", "stats"] {
        chirpdex(&dir.path().join("nowhere"))
            .arg(cmd)
            .assert()
            .code(2)
            .stderr(predicates::str::contains("no chirpdex index"));
    }
}

#[test]
fn stats_names_a_speaker_as_search_and_recap_do() {
    // The tweets `search` shows as about Giulia Martini, counted here from their speakers.
    let about = archive()
        .search("*")
        .iter()
        .filter(|h| {
            h["speakers"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s == "Giulia Martini")
        })
        .count();
    assert!(about > 100, "{about}");
    for who in [
        "Giulia Martini",
        "giuliamartini",
        "@GiuliaMartini",
        "GIULIA MARTINI",
        "giulia-martini",
    ] {
        let s = stats(&["--speaker", who]);
        assert_eq!(s["total"], about, "--speaker {who}");
        assert_eq!(
            s["speakers"][0],
            json!({"key": "giulia martini", "count": about})
        );
    }
    let out = archive()
        .cmd()
        .args(["stats", "--speaker", "Nobody"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no speaker \"Nobody\" in synthetic-2015"),
        "{err}"
    );
    assert!(err.contains("Giulia Martini, Marco Valente"), "{err}");
}
