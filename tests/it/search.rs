//! Search for researchers: every filter, sort and page checked against counts this test computes
//! itself from the shipped synthetic corpus (read with serde_json, not through chirpdex).

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::harness::{shown, synthetic, synthetic_archive, twitter_time};

/// The hashtags of a tweet as a user sees them: a retweet's are its original's.
fn hashtags(t: &Value) -> Vec<String> {
    shown(t)["entities"]["hashtags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["text"].as_str().unwrap().to_lowercase())
        .collect()
}

#[test]
fn every_filter_counts_what_the_corpus_holds() {
    let tweets = synthetic();
    let a = synthetic_archive();
    let n = |f: &dyn Fn(&Value) -> bool| tweets.iter().filter(|t| f(t)).count();
    let is_rt = |t: &Value| t["retweeted_status"].is_object();
    let is_reply = |t: &Value| t["in_reply_to_status_id_str"].is_string();

    assert_eq!(a.count(&["*"]), tweets.len());
    let tagged = n(&|t| hashtags(t).contains(&"opendata".to_string()));
    assert_eq!(a.count(&["#OpenData"]), tagged);
    assert_eq!(a.count(&["--hashtag", "opendata"]), tagged);
    let retweets = n(&is_rt);
    assert_eq!(a.count(&["is:retweet"]), retweets);
    assert_eq!(a.count(&["--type", "retweet"]), retweets);
    assert_eq!(a.count(&["--no-retweets"]), tweets.len() - retweets);
    assert_eq!(a.count(&["is:reply"]), n(&is_reply));
    assert_eq!(a.count(&["lang:en"]), n(&|t| t["lang"] == "en"));
    assert_eq!(a.count(&["--lang", "en", "--lang", "it"]), tweets.len());

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
    assert_eq!(a.count(&[&format!("from:{top}")]), *top_n);
    assert_eq!(a.count(&["--author", top]), *top_n);

    // Mentioned, by @ and by flag: a retweet's mentions are its original's.
    let mentions = |t: &Value| {
        shown(t)["entities"]["user_mentions"]
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
    assert_eq!(a.count(&["@PFerraris"]), n(&mentions));
    assert_eq!(a.count(&["--mention", "pferraris"]), n(&mentions));

    // Time: the index holds one event (Europe/Rome), so dates are read in Rome.
    let (from, to) = (
        "2015-11-17T09:00:00Z".parse::<DateTime<Utc>>().unwrap(),
        "2015-11-17T10:00:00Z".parse::<DateTime<Utc>>().unwrap(),
    );
    let in_hour = n(&|t| (from..to).contains(&twitter_time(t)));
    assert_eq!(
        a.count(&["since:2015-11-17T10:00 until:2015-11-17T11:00"]),
        in_hour
    );
    assert_eq!(
        a.count(&["--since", "2015-11-17T10:00", "--until", "2015-11-17T11:00"]),
        in_hour
    );
    assert_eq!(
        a.count(&[
            "--tz",
            "UTC",
            "--since",
            "2015-11-17T09:00",
            "--until",
            "2015-11-17T10:00"
        ]),
        in_hour
    );
    // Filters combine with AND.
    let combined = n(&|t| (from..to).contains(&twitter_time(t)) && is_rt(t));
    assert_eq!(
        a.count(&[
            "is:retweet",
            "--since",
            "2015-11-17T10:00",
            "--until",
            "2015-11-17T11:00"
        ]),
        combined
    );
    assert_eq!(a.count(&["--event", "synthetic-2015"]), tweets.len());
}

#[test]
fn sorts_and_pages_follow_time_and_engagement() {
    let tweets = synthetic();
    let a = synthetic_archive();
    let newest = tweets.iter().map(twitter_time).max().unwrap();
    let oldest = tweets.iter().map(twitter_time).min().unwrap();
    let first = |args: &[&str]| {
        a.hits(args)[0]["created_at"]
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
    let top = &a.hits(&["*", "--sort", "engagement", "-n", "1"])[0];
    assert_eq!(
        top["retweet_count"].as_u64().unwrap() + top["favorite_count"].as_u64().unwrap(),
        best
    );

    let twenty = a.hits(&["*", "--sort", "oldest", "-n", "20"]);
    let page_two = a.hits(&["*", "--sort", "oldest", "-n", "10", "--offset", "10"]);
    assert_eq!(page_two, twenty[10..]);
}

#[test]
fn snippets_mark_the_matched_words_and_tables_show_local_time() {
    let a = synthetic_archive();
    let hit = &a.hits(&["piazze digitali", "-n", "1"])[0];
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
    let a = synthetic_archive();
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
