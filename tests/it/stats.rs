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
    /// The handle as written.
    handle: String,
    hashtags: BTreeSet<String>,
    mentions: BTreeSet<String>,
    created_at: DateTime<Utc>,
    /// Read from the synthetic corpus (ingested with its event), not from `v1_day.jsonl`.
    synthetic: bool,
    /// `original`, `retweet`, `reply` or `quote`, by the research tools' rule.
    kind: &'static str,
    /// The full text (a retweet's is its original's), HTML entities decoded.
    text: String,
    retweet_count: u64,
    favorite_count: u64,
    /// The expanded links the tweet shares (a retweet's are its original's), links to tweets
    /// (a quote's link to what it quotes) left out.
    links: BTreeSet<String>,
    /// The links of the tweet's own `entities` (a retweet's are cut with its text).
    own_links: BTreeSet<String>,
}

/// A tweet's type as twarc and the research tools say: reply if it answers a tweet, else
/// retweet, else quote, else original.
fn kind(t: &Value) -> &'static str {
    if t["in_reply_to_status_id_str"].is_string() {
        "reply"
    } else if t["retweeted_status"].is_object() {
        "retweet"
    } else if t["quoted_status_id_str"].is_string() || t["quoted_status"].is_object() {
        "quote"
    } else {
        "original"
    }
}

/// The expanded links listed in a v1.1 `entities` object, each once.
fn links_of(entities: &Value) -> BTreeSet<String> {
    entities["urls"]
        .as_array()
        .expect("every fixture tweet lists its links")
        .iter()
        .map(|u| {
            u["expanded_url"]
                .as_str()
                .or(u["url"].as_str())
                .unwrap()
                .to_string()
        })
        .collect()
}

/// Whether a link is to a tweet (`twitter.com/NAME/status/ID`): a quote's, not a link shared.
fn is_tweet_link(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_lowercase();
    let host = host
        .trim_start_matches("www.")
        .trim_start_matches("mobile.");
    (host == "twitter.com" || host == "x.com") && path.contains("/status/")
}

/// A link's domain as people name a site: its host in lower case, `www.` dropped.
fn domain(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap().to_lowercase();
    host.strip_prefix("www.").unwrap_or(&host).to_string()
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
        let text = content["extended_tweet"]["full_text"]
            .as_str()
            .or(content["full_text"].as_str())
            .or(content["text"].as_str())
            .unwrap()
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        let handle = t["user"]["screen_name"].as_str().unwrap();
        (
            t["id_str"].as_str().unwrap().to_string(),
            Expected {
                author: fold(handle),
                handle: handle.to_string(),
                hashtags: values("hashtags", "text"),
                mentions: values("user_mentions", "screen_name"),
                created_at,
                synthetic,
                kind: kind(t),
                text,
                retweet_count: t["retweet_count"].as_u64().unwrap(),
                favorite_count: t["favorite_count"].as_u64().unwrap(),
                links: links_of(entities)
                    .into_iter()
                    .filter(|u| !is_tweet_link(u))
                    .collect(),
                own_links: links_of(&t["entities"]),
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

/// The tweets other than retweets with the highest `count` (above 0), as chirpdex ranks them:
/// most first, then earliest, then smallest id; the first `top`, as `{id, author, text, count}`.
fn most(count: impl Fn(&Expected) -> u64, top: usize) -> Value {
    let mut ranked: Vec<(&String, &Expected)> = fixture()
        .iter()
        .filter(|(_, t)| t.kind != "retweet" && count(t) > 0)
        .collect();
    ranked.sort_by(|(a_id, a), (b_id, b)| {
        count(b)
            .cmp(&count(a))
            .then(a.created_at.cmp(&b.created_at))
            .then(
                a_id.parse::<u64>()
                    .unwrap()
                    .cmp(&b_id.parse::<u64>().unwrap()),
            )
    });
    ranked
        .into_iter()
        .take(top)
        .map(|(id, t)| json!({"id": id, "author": t.handle, "text": t.text, "count": count(t)}))
        .collect()
}

#[test]
fn stats_leads_with_the_types_and_the_contributors() {
    let tweets = fixture();
    let s = stats(&[]);
    let of = |k: &str| tweets.values().filter(|t| t.kind == k).count();
    assert_eq!(
        s["types"],
        json!({"original": of("original"), "retweet": of("retweet"), "reply": of("reply"),
               "quote": of("quote")})
    );
    assert!(of("reply") > 0 && of("quote") > 0 && of("retweet") > 0);

    let mut by_author: HashMap<&str, u64> = HashMap::new();
    for t in tweets.values() {
        *by_author.entry(&t.author).or_default() += 1;
    }
    let mut counts: Vec<u64> = by_author.values().copied().collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    let top10: u64 = counts.iter().take(10).sum();
    let (total, distinct) = (tweets.len() as f64, by_author.len() as f64);
    assert_eq!(s["contributors"]["distinct"], by_author.len());
    assert_eq!(
        s["contributors"]["per_contributor"],
        (total / distinct * 100.0).round() / 100.0
    );
    assert_eq!(
        s["contributors"]["top10_share"],
        (top10 as f64 / total * 10_000.0).round() / 10_000.0
    );
    // Whatever --top asks for, the contributors are all counted.
    assert_eq!(stats(&["--top", "2"])["contributors"], s["contributors"]);

    // Of a query: only its tweets.
    let s = stats(&["@GiuliaMartini"]);
    let theirs: Vec<&Expected> = tweets
        .values()
        .filter(|t| t.mentions.contains("giuliamartini"))
        .collect();
    let authors: BTreeSet<&str> = theirs.iter().map(|t| t.author.as_str()).collect();
    assert_eq!(s["contributors"]["distinct"], authors.len());
    let retweets = theirs.iter().filter(|t| t.kind == "retweet").count();
    assert_eq!(s["types"]["retweet"], retweets);
}

#[test]
fn stats_lists_the_most_retweeted_and_most_liked_tweets_with_their_text() {
    let s = stats(&[]);
    assert_eq!(s["most_retweeted"], most(|t| t.retweet_count, 10));
    assert_eq!(s["most_liked"], most(|t| t.favorite_count, 10));
    // Retweets carry their original's counts: never listed.
    let retweets: BTreeSet<&String> = fixture()
        .iter()
        .filter(|(_, t)| t.kind == "retweet")
        .map(|(id, _)| id)
        .collect();
    for t in s["most_retweeted"].as_array().unwrap() {
        assert!(!retweets.contains(&t["id"].as_str().unwrap().to_string()));
    }
    // --top sets their length too; ties are broken the same way at any length.
    let s = stats(&["--top", "25"]);
    assert_eq!(s["most_retweeted"], most(|t| t.retweet_count, 25));
    assert_eq!(s["most_liked"], most(|t| t.favorite_count, 25));
    // Nothing to list when no matching tweet was retweeted: the retweets only.
    assert_eq!(stats(&["type:retweet"])["most_retweeted"], json!([]));
}

#[test]
fn stats_counts_the_links_shared_and_their_domains_a_retweet_sharing_its_originals() {
    let tweets = fixture();
    let top = 10_000;
    let s = stats(&["--top", &top.to_string()]);
    let links = ranked(tweets.values(), |t| t.links.iter().cloned().collect(), top);
    assert_eq!(s["links"], links);
    let domains = |t: &Expected| -> Vec<String> {
        let set: BTreeSet<String> = t.links.iter().map(|u| domain(u)).collect();
        set.into_iter().collect()
    };
    assert_eq!(s["domains"], ranked(tweets.values(), domains, top));
    // Counted from what the retweets' own cut entities list, the links would differ.
    let own = ranked(
        tweets.values(),
        |t| {
            t.own_links
                .iter()
                .filter(|u| !is_tweet_link(u))
                .cloned()
                .collect()
        },
        top,
    );
    assert_ne!(s["links"], own);
    // A quote's link to the tweet it quotes is not a link shared.
    assert!(
        tweets
            .values()
            .any(|t| t.kind == "quote" && t.own_links.iter().any(|u| is_tweet_link(u))),
        "the fixture has quotes linking their tweet"
    );
    assert!(
        !s["links"].to_string().contains("/status/"),
        "{}",
        s["links"]
    );
    assert!(
        s["domains"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["key"] != "twitter.com"),
        "{}",
        s["domains"]
    );
    // The default lists the first ten.
    assert_eq!(
        stats(&[])["links"],
        ranked(tweets.values(), |t| t.links.iter().cloned().collect(), 10)
    );
}

#[test]
fn the_table_shows_the_new_numbers_people_read_first() {
    let tweets = fixture();
    let out = archive()
        .cmd()
        .args(["stats"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let table = String::from_utf8(out).unwrap();
    let of = |k: &str| tweets.values().filter(|t| t.kind == k).count();
    let lines: Vec<&str> = table.lines().collect();
    let types = lines.iter().position(|l| *l == "types").expect(&table);
    for (i, k) in ["original", "retweet", "reply", "quote"].iter().enumerate() {
        let row: Vec<&str> = lines[types + 1 + i].split_whitespace().collect();
        let share = format!("{:.1}%", of(k) as f64 * 100.0 / tweets.len() as f64);
        assert_eq!(row, [*k, &of(k).to_string(), &share], "{table}");
    }
    let contributors = lines
        .iter()
        .position(|l| *l == "contributors")
        .expect(&table);
    let authors: BTreeSet<&str> = tweets.values().map(|t| t.author.as_str()).collect();
    assert!(
        lines[contributors + 1].starts_with(&format!("  {} accounts, ", authors.len())),
        "{table}"
    );
    // The most retweeted tweets: the count, the author as written (in a column as wide as the
    // longest handle), the text on one line.
    let top = most(|t| t.retweet_count, 10);
    let handles = top
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["author"].as_str().unwrap());
    let width = handles.map(|h| h.chars().count() + 1).max().unwrap();
    let rows: Vec<&str> = lines
        .iter()
        .skip_while(|l| **l != "most retweeted")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .copied()
        .collect();
    let expected: Vec<String> = top
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let text: Vec<&str> = t["text"].as_str().unwrap().split_whitespace().collect();
            let author = format!("@{}", t["author"].as_str().unwrap());
            format!("  {}  {author:<width$}  {}", t["count"], text.join(" "))
        })
        .collect();
    assert_eq!(rows, expected, "{table}");
    for title in ["top links", "top domains", "most liked"] {
        assert!(lines.contains(&title), "no {title} in:\n{table}");
    }
}

#[test]
fn tweets_that_know_only_their_day_are_counted_apart_from_the_timeline_and_the_first_and_last() {
    // Copied text gives the day of its tweets, not the time: six tweets of 2015 to 2017.
    let a = Archive::new();
    a.ingest(&[&day_file(), &data("text/four_languages.txt")], 0);
    let day: Vec<Value> = std::fs::read_to_string(day_file())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let day_ids: BTreeSet<&str> = day.iter().map(|t| t["id_str"].as_str().unwrap()).collect();
    let times: Vec<DateTime<Utc>> = day.iter().map(twitter_time).collect();
    let (first, last) = (times.iter().min().unwrap(), times.iter().max().unwrap());

    // search says which tweets know only their day.
    let hits = a.search("*");
    let untimed: Vec<&Value> = hits.iter().filter(|h| h["date_only"] == true).collect();
    assert_eq!(untimed.len(), 6, "{hits:?}");
    for h in &hits {
        let copied = !day_ids.contains(h["id"].as_str().unwrap());
        assert_eq!(h["date_only"], copied, "{h}");
        if copied {
            // created_at stays that day's midnight UTC.
            assert!(
                h["created_at"].as_str().unwrap().ends_with("T00:00:00Z"),
                "{h}"
            );
        }
    }

    let out = a.stdout(&["stats", "--format", "json", "--interval", "1h"]);
    let s: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(s["total"], day.len() + 6);
    assert_eq!(s["untimed"], 6);
    let timeline = s["timeline"].as_array().unwrap();
    let sum: u64 = timeline.iter().map(|b| b["count"].as_u64().unwrap()).sum();
    assert_eq!(sum, day.len() as u64);
    // From the first timed tweet's hour to the last one's: not back to the copied tweets' days.
    let hour = |t: &DateTime<Utc>| {
        rfc3339(DateTime::from_timestamp(t.timestamp() / 3600 * 3600, 0).unwrap())
    };
    assert_eq!(timeline[0]["start"], hour(first));
    assert_eq!(timeline[timeline.len() - 1]["start"], hour(last));
    // Everything else counts them: they are tweets with authors, hashtags, types.
    let types: u64 = ["original", "retweet", "reply", "quote"]
        .iter()
        .map(|k| s["types"][k].as_u64().unwrap())
        .sum();
    assert_eq!(types, day.len() as u64 + 6);
    let table = a.stdout(&["stats"]);
    assert!(
        table.contains("\n  6 tweets know only their day (copied text): not in the timeline\n"),
        "{table}"
    );

    let info: Value = serde_json::from_str(&a.stdout(&["info", "--format", "json"])).unwrap();
    assert_eq!(info["documents"], day.len() + 6);
    assert_eq!(info["untimed"], 6);
    assert_eq!(info["first"], rfc3339(*first));
    assert_eq!(info["last"], rfc3339(*last));
    let table = a.stdout(&["info"]);
    assert!(table.contains("\nuntimed    6 "), "{table}");
    assert!(
        table.contains(&format!(
            "first      {}",
            first.format("%Y-%m-%d %H:%M:%S UTC")
        )),
        "{table}"
    );

    // Only copied text: no timeline, no first or last, every tweet counted as untimed.
    let b = Archive::new();
    b.ingest(&[&data("text/four_languages.txt")], 0);
    let s: Value = serde_json::from_str(&b.stdout(&["stats", "--format", "json"])).unwrap();
    assert_eq!(
        (s["total"].as_u64(), s["untimed"].as_u64()),
        (Some(6), Some(6))
    );
    assert_eq!(s["timeline"], json!([]));
    // A photo's pic.twitter.com, which the copied text shows among its words, is no link.
    let text = std::fs::read_to_string(data("text/four_languages.txt")).unwrap();
    assert!(text.contains(" pic.twitter.com/") && text.contains(" https://t.co/Xyz123 "));
    assert_eq!(s["domains"], json!([{"key": "t.co", "count": 1}]));
    let info: Value = serde_json::from_str(&b.stdout(&["info", "--format", "json"])).unwrap();
    assert_eq!(
        (&info["first"], &info["last"]),
        (&Value::Null, &Value::Null)
    );
    assert_eq!(info["untimed"], 6);
}

#[test]
fn stats_exits_0_with_a_total_of_0_when_nothing_matches() {
    let s = stats(&["parolachenessuntweetcontiene"]);
    assert_eq!(
        s,
        json!({"total": 0,
               "types": {"original": 0, "retweet": 0, "reply": 0, "quote": 0},
               "contributors": {"distinct": 0, "per_contributor": null, "top10_share": null},
               "hashtags": [], "mentions": [], "authors": [], "speakers": [],
               "links": [], "domains": [], "most_retweeted": [], "most_liked": [],
               "timeline": [], "first": null, "last": null, "untimed": 0})
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
            "sources",
            "untimed"
        ]
    );
    assert_eq!(info["untimed"], 0);
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
