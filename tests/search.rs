//! Search for researchers: every filter, sort and page checked against counts this test computes
//! itself from the shipped synthetic corpus (read with serde_json, not through chirpdex).

mod common;

use std::io::Read;

use chrono::{DateTime, Utc};
use common::{Archive, corpus};
use serde_json::Value;

/// The corpus's tweets as the API wrote them.
fn corpus_tweets() -> Vec<Value> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(
        std::fs::File::open(corpus("synthetic/pasocial-2015-synthetic.jsonl.gz")).unwrap(),
    )
    .read_to_string(&mut text)
    .unwrap();
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn time(t: &Value) -> DateTime<Utc> {
    DateTime::parse_from_str(t["created_at"].as_str().unwrap(), "%a %b %d %H:%M:%S %z %Y")
        .unwrap()
        .with_timezone(&Utc)
}

/// The hashtags of a tweet as a user sees them: a retweet's are its original's.
fn hashtags(t: &Value) -> Vec<String> {
    let content = if t["retweeted_status"].is_object() {
        &t["retweeted_status"]
    } else {
        t
    };
    content["entities"]["hashtags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["text"].as_str().unwrap().to_lowercase())
        .collect()
}

fn archive() -> Archive {
    let a = Archive::new();
    a.cmd()
        .args(["ingest", "--quiet", "--event"])
        .arg(corpus("synthetic/event.toml"))
        .arg(corpus("synthetic"))
        .assert()
        .success();
    a
}

fn count(a: &Archive, args: &[&str]) -> usize {
    let out = a
        .cmd()
        .arg("search")
        .arg("--count")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.code().unwrap() <= 1,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

fn jsonl(a: &Archive, args: &[&str]) -> Vec<Value> {
    let out = a
        .cmd()
        .arg("search")
        .args(["--format", "jsonl"])
        .args(args)
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn every_filter_counts_what_the_corpus_holds() {
    let tweets = corpus_tweets();
    let a = archive();
    let n = |f: &dyn Fn(&Value) -> bool| tweets.iter().filter(|t| f(t)).count();
    let is_rt = |t: &Value| t["retweeted_status"].is_object();
    let is_reply = |t: &Value| t["in_reply_to_status_id_str"].is_string();

    assert_eq!(count(&a, &["*"]), tweets.len());
    let tagged = n(&|t| hashtags(t).contains(&"opendata".to_string()));
    assert_eq!(count(&a, &["#OpenData"]), tagged);
    assert_eq!(count(&a, &["--hashtag", "opendata"]), tagged);
    let retweets = n(&is_rt);
    assert_eq!(count(&a, &["is:retweet"]), retweets);
    assert_eq!(count(&a, &["--type", "retweet"]), retweets);
    assert_eq!(count(&a, &["--no-retweets"]), tweets.len() - retweets);
    assert_eq!(count(&a, &["is:reply"]), n(&is_reply));
    assert_eq!(count(&a, &["lang:en"]), n(&|t| t["lang"] == "en"));
    assert_eq!(count(&a, &["--lang", "en", "--lang", "it"]), tweets.len());

    // The most active author, by from: and by flag.
    let mut by: std::collections::HashMap<&str, usize> = Default::default();
    for t in &tweets {
        *by.entry(t["user"]["screen_name"].as_str().unwrap())
            .or_default() += 1;
    }
    let (top, top_n) = by
        .iter()
        .max_by_key(|(h, n)| (**n, std::cmp::Reverse(**h)))
        .unwrap();
    assert_eq!(count(&a, &[&format!("from:{top}")]), *top_n);
    assert_eq!(count(&a, &["--author", top]), *top_n);

    // Mentioned, by @ and by flag: a retweet's mentions are its original's.
    let mentions = |t: &Value| {
        let c = if is_rt(t) { &t["retweeted_status"] } else { t };
        c["entities"]["user_mentions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| {
                m["screen_name"]
                    .as_str()
                    .unwrap()
                    .eq_ignore_ascii_case("pferraris")
            })
    };
    assert_eq!(count(&a, &["@PFerraris"]), n(&mentions));
    assert_eq!(count(&a, &["--mention", "pferraris"]), n(&mentions));

    // Time: the index holds one event (Europe/Rome), so dates are read in Rome.
    let (from, to) = (
        "2015-11-17T09:00:00Z".parse::<DateTime<Utc>>().unwrap(),
        "2015-11-17T10:00:00Z".parse::<DateTime<Utc>>().unwrap(),
    );
    let in_hour = n(&|t| (from..to).contains(&time(t)));
    assert_eq!(
        count(&a, &["since:2015-11-17T10:00 until:2015-11-17T11:00"]),
        in_hour
    );
    assert_eq!(
        count(
            &a,
            &["--since", "2015-11-17T10:00", "--until", "2015-11-17T11:00"]
        ),
        in_hour
    );
    assert_eq!(
        count(
            &a,
            &[
                "--tz",
                "UTC",
                "--since",
                "2015-11-17T09:00",
                "--until",
                "2015-11-17T10:00"
            ]
        ),
        in_hour
    );
    // Filters combine with AND.
    let combined = n(&|t| (from..to).contains(&time(t)) && is_rt(t));
    assert_eq!(
        count(
            &a,
            &[
                "is:retweet",
                "--since",
                "2015-11-17T10:00",
                "--until",
                "2015-11-17T11:00"
            ]
        ),
        combined
    );
    assert_eq!(count(&a, &["--event", "synthetic-2015"]), tweets.len());
}

#[test]
fn sorts_and_pages_follow_time_and_engagement() {
    let tweets = corpus_tweets();
    let a = archive();
    let newest = tweets.iter().map(time).max().unwrap();
    let oldest = tweets.iter().map(time).min().unwrap();
    let first = |args: &[&str]| {
        jsonl(&a, args)[0]["created_at"]
            .as_str()
            .unwrap()
            .parse::<DateTime<Utc>>()
            .unwrap()
    };
    assert_eq!(first(&["*", "--sort", "time"]), newest);
    assert_eq!(first(&["*", "--sort", "oldest"]), oldest);

    let best = tweets
        .iter()
        .map(|t| t["retweet_count"].as_u64().unwrap() + t["favorite_count"].as_u64().unwrap())
        .max()
        .unwrap();
    let top = &jsonl(&a, &["*", "--sort", "engagement", "-n", "1"])[0];
    assert_eq!(
        top["retweet_count"].as_u64().unwrap() + top["favorite_count"].as_u64().unwrap(),
        best
    );

    let twenty = jsonl(&a, &["*", "--sort", "oldest", "-n", "20"]);
    let page_two = jsonl(&a, &["*", "--sort", "oldest", "-n", "10", "--offset", "10"]);
    assert_eq!(page_two, twenty[10..]);
}

#[test]
fn snippets_mark_the_matched_words_and_tables_show_local_time() {
    let a = archive();
    let hit = &jsonl(&a, &["piazze digitali", "-n", "1"])[0];
    let snippet = hit["snippet"].as_str().unwrap();
    assert!(
        snippet.contains("<b>piazze</b>") && snippet.contains("<b>digitali</b>"),
        "{snippet}"
    );
    // Piped: no colour codes; times in the event's zone with the offset.
    let out = a
        .cmd()
        .args(["search", "piazze", "--sort", "oldest", "-n", "3"])
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(!table.contains('\u{1b}'), "{table:?}");
    assert!(table.lines().all(|l| l.contains("+01:00  @")), "{table}");
}

#[test]
fn malformed_queries_say_what_is_wrong_without_a_panic() {
    let a = archive();
    for (query, says) in [
        ("(unclosed", "(unclosed"),
        ("since:17/11/2015", "17/11/2015"),
        ("is:tweet", "is:retweet"),
        ("colour:red", "colour"),
        ("from:", "from:"),
        ("", "empty"),
    ] {
        let out = a.cmd().args(["search", query]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{query}: {stderr}");
        assert!(stderr.contains(says), "{query}: {stderr}");
        assert!(
            !stderr.contains("panicked") && !stderr.contains("backtrace"),
            "{stderr}"
        );
    }
    let out = a
        .cmd()
        .args(["search", "--tz", "Mars/Olympus", "x"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("Mars/Olympus"));
}
