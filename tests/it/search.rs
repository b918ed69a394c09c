//! Search for researchers: every filter, sort and page checked against counts this test computes
//! itself from the shipped synthetic corpus (read with serde_json, not through chirpdex).

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::harness::{Archive, corpus, shown, synthetic, synthetic_archive, twitter_time};

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

/// Tweets written for the query tests, as chirpdex's own records: words that start alike, a
/// phrase, languages written in either case, an apostrophe.
fn words_archive() -> Archive {
    let texts = [
        ("1", "Comunicare la PA è un mestiere", "it"),
        ("2", "La comunicazione pubblica cambia", "IT"),
        ("3", "Comunichiamo meglio, tutti", "it"),
        ("4", "I dati aperti e l'open data day", "en"),
        ("5", "Open dati per tutti", "It"),
        ("6", "#datiaperti per la trasparenza", "it"),
        ("7", "Nessuna parola comune qui", "en"),
    ];
    let lines: Vec<String> = texts
        .iter()
        .map(|(id, text, lang)| {
            json!({
                "id": id, "created_at": "2015-11-17T09:00:00Z",
                "author": {"handle": "sara", "name": "Sara", "id": "1"},
                "text": text, "lang": lang, "type": "original",
                "retweet_of": null, "quote_of": null, "reply_to": null, "link": null,
                "hashtags": if *id == "6" { vec!["datiaperti"] } else { vec![] },
                "format": "text", "source": "words", "original": text,
            })
            .to_string()
        })
        .collect();
    let a = Archive::new();
    let path = a.path("words.jsonl");
    std::fs::write(&path, lines.join("\n")).unwrap();
    a.ingest(&[&path], 0);
    a
}

/// The tweets whose text has a word (letters and digits, lowercased) for which `is` holds:
/// the words read here, apart from chirpdex's tokenizer.
fn with_word(tweets: &[Value], is: impl Fn(&[String], usize) -> bool) -> usize {
    tweets
        .iter()
        .filter(|t| {
            let words: Vec<String> = t["text"]
                .as_str()
                .unwrap()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            (0..words.len()).any(|i| is(&words, i))
        })
        .count()
}

#[test]
fn a_prefix_finds_every_word_that_starts_so() {
    let a = words_archive();
    assert_eq!(a.ids("comunic*"), ["1", "2", "3"]);
    assert_eq!(a.ids("COMUNIC*"), ["1", "2", "3"]);
    assert_eq!(a.ids("comunicazione"), ["2"]);
    // `dati*` is not `dati`: the hashtag's word starts with it too.
    assert_eq!(a.ids("dati"), ["4", "5"]);
    assert_eq!(a.ids("dati*"), ["4", "5", "6"]);
    assert_eq!(a.ids("#dati*"), ["6"]);
    assert_eq!(a.ids("\"open da\"*"), ["4", "5"]);
    assert_eq!(a.ids("\"open dati\"*"), ["5"]);
    assert_eq!(a.ids("zzz*"), [] as [&str; 0]);
    // The words found are marked in the snippet.
    let mut snippets: Vec<String> = a
        .search("comunic*")
        .iter()
        .map(|h| h["snippet"].as_str().unwrap().to_string())
        .collect();
    snippets.sort();
    assert_eq!(
        snippets,
        [
            "<b>Comunicare</b> la PA è un mestiere",
            "<b>Comunichiamo</b> meglio, tutti",
            "La <b>comunicazione</b> pubblica cambia",
        ]
    );

    // On the synthetic corpus, against its words read here.
    let s = synthetic_archive();
    let tweets = s.search("*");
    let prefixed = |p: &str| with_word(&tweets, |w, i| w[i].starts_with(p));
    let comunic = prefixed("comunic");
    assert_eq!(s.count(&["comunic*"]), comunic);
    assert!(comunic > s.count(&["comunicazione"]), "{comunic}");
    assert_eq!(s.count(&["dat*"]), prefixed("dat"));
    assert!(s.count(&["dat*"]) > s.count(&["dati"]));
    let open_da = with_word(&tweets, |w, i| {
        w[i] == "open" && w.get(i + 1).is_some_and(|n| n.starts_with("da"))
    });
    assert_eq!(s.count(&["\"open da\"*"]), open_da);
}

#[test]
fn query_mistakes_say_where_and_what_in_words() {
    let a = synthetic_archive();
    let stderr = |args: &[&str]| {
        let out = a.cmd().arg("search").args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        for raw in [
            "Syntax Error",
            "Field does not exist",
            "tantivy",
            "panicked",
        ] {
            assert!(!err.contains(raw), "{args:?}: {err}");
        }
        err
    };
    assert_eq!(
        stderr(&["\"open data"]),
        "chirpdex: error: cannot read the query at column 1: this quote is never closed\n  \"open data\n  ^\n"
    );
    assert_eq!(
        stderr(&["#pasocial (trasparenza OR \"open data\""]),
        "chirpdex: error: cannot read the query at column 11: this ( is never closed\n  \
         #pasocial (trasparenza OR \"open data\"\n            ^\n"
    );
    let e = stderr(&["fro:x"]);
    assert!(
        e.starts_with("chirpdex: error: unknown field fro: in fro:x (did you mean from:?)\n"),
        "{e}"
    );
    assert!(
        e.contains("\n  fields: from: speaker: is: since: until: text: hashtags:"),
        "{e}"
    );
    assert!(e.contains("put it in quotes: \"fro:x\""), "{e}");
    assert!(
        stderr(&["a AND"])
            .contains("cannot read the query at column 3: AND and OR go between two terms")
    );
    assert!(stderr(&["*dati"]).contains("* stands only at the end of a word"));
    let e = stderr(&["--tz", "Rome", "x"]);
    assert_eq!(
        e,
        "chirpdex: error: --tz: \"Rome\" is not an IANA time zone (did you mean Europe/Rome?)\n"
    );
    // Every message fits a terminal of 100 columns but the query itself.
    for args in [&["fro:x"][..], &["--speaker", "Nobody"]] {
        let e = stderr(args);
        assert!(e.lines().all(|l| l.chars().count() <= 100), "{e}");
    }
    // An apostrophe within a word is a letter, not a quote never closed.
    assert_eq!(a.count(&["l'intervento"]), a.count(&["\"l intervento\""]));
}

#[test]
fn values_match_whatever_their_case() {
    let a = words_archive();
    assert_eq!(a.ids("lang:it"), ["1", "2", "3", "5", "6"]);
    assert_eq!(a.ids("lang:IT"), ["1", "2", "3", "5", "6"]);
    assert_eq!(a.count(&["--lang", "It"]), 5);
    assert_eq!(a.count(&["--lang", "EN"]), 2);

    let s = synthetic_archive();
    let tweets = synthetic();
    let italian = tweets.iter().filter(|t| t["lang"] == "it").count();
    assert_eq!(s.count(&["lang:IT"]), italian);
    assert_eq!(s.count(&["--lang", "IT"]), italian);
    let retweets = tweets
        .iter()
        .filter(|t| t["retweeted_status"].is_object())
        .count();
    assert_eq!(s.count(&["is:RETWEET"]), retweets);
    assert_eq!(s.count(&["type:Retweet"]), retweets);
    assert_eq!(s.count(&["--type", "Retweet"]), retweets);
    assert_eq!(s.count(&["event:SYNTHETIC-2015"]), tweets.len());
}

#[test]
fn a_speaker_is_named_as_recap_names_them() {
    let a = synthetic_archive();
    let speakers: Value =
        serde_json::from_str(&a.stdout(&["speakers", "--format", "json"])).unwrap();
    let row = speakers["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["speaker"] == "Giulia Martini")
        .unwrap();
    let tweets = row["tweets"].as_u64().unwrap() as usize;
    assert!(tweets > 100, "{tweets}");
    for who in [
        "Giulia Martini",
        "giulia martini",
        "GIULIA MARTINI",
        "giuliamartini",
        "@GiuliaMartini",
        "giulia-martini",
    ] {
        assert_eq!(a.count(&["--speaker", who]), tweets, "--speaker {who}");
        let query = format!("speaker:\"{who}\"");
        assert_eq!(a.count(&[&query]), tweets, "{query}");
    }
    // The recap of the same name is of the same speaker.
    let recap: Value =
        serde_json::from_str(&a.stdout(&["recap", "@GiuliaMartini", "--format", "json"])).unwrap();
    assert_eq!(recap["speaker"], "Giulia Martini");
    assert_eq!(recap["tweets"], tweets);

    let out = a
        .cmd()
        .args(["search", "--speaker", "Nobody"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("chirpdex: error: no speaker \"Nobody\" in synthetic-2015; its speakers"),
        "{err}"
    );
    assert!(
        err.contains("Giulia Martini, Marco Valente, Chiara Dossi"),
        "{err}"
    );
    let out = a.cmd().args(["search", "speaker:Nobody"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn dates_are_read_in_one_zone_whatever_the_filters() {
    // Two events: without --event no zone is the index's, so dates are UTC; --event names
    // the zone; --tz overrides both; other filters change nothing.
    let a = Archive::new();
    let dump = a.generate("day.jsonl", 400, None);
    a.ingest_event(&corpus("synthetic/event.toml"), &[&dump]);
    a.ingest_event(
        &corpus("pasocial-2015/event.toml"),
        &[&corpus("pasocial-2015")],
    );
    let tweets: Vec<Value> = std::fs::read_to_string(&dump)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // From 10:00 on: in UTC, or in Rome (09:00 UTC).
    let from = |h: &str| {
        let at = format!("2015-11-17T{h}:00:00Z")
            .parse::<DateTime<Utc>>()
            .unwrap();
        tweets.iter().filter(|t| twitter_time(t) >= at).count()
    };
    let (utc, rome) = (from("10"), from("09"));
    assert!(utc > 0 && rome > utc, "{utc} {rome}");
    let window = "since:2015-11-17T10:00";
    let event = ["--event", "synthetic-2015"];
    assert_eq!(a.count(&[window]), utc);
    assert_eq!(a.count(&[&[window][..], &event].concat()), rome);
    assert_eq!(a.count(&[window, "--tz", "Europe/Rome"]), rome);
    assert_eq!(
        a.count(&[&[window, "--tz", "UTC"][..], &event].concat()),
        utc
    );
    let flags = ["--since", "2015-11-17T10:00"];
    assert_eq!(a.count(&[&["*"][..], &flags, &event].concat()), rome);
    assert_eq!(a.count(&[&["*"][..], &flags].concat()), utc);
    for filter in [
        &["--hashtag", "pasocial"][..],
        &["--no-retweets"],
        &["--lang", "it"],
        &["--speaker", "giuliamartini"],
    ] {
        let query = [&[window][..], filter].concat();
        let flagged = [&["*"][..], &flags, filter].concat();
        assert_eq!(a.count(&query), a.count(&flagged), "{filter:?}");
        assert_eq!(
            a.count(&[&query[..], &event].concat()),
            a.count(&[&flagged[..], &event].concat()),
            "{filter:?}"
        );
    }
    // Tables say which zone they show.
    let table = a.stdout(&[&["search", window, "-n", "3"][..], &event].concat());
    assert!(table.lines().all(|l| l.contains(" +01:00  @")), "{table}");
    let table = a.stdout(&["search", window, "-n", "3"]);
    assert!(table.lines().all(|l| l.contains(" +00:00  @")), "{table}");
    let stats = a.stdout(&[&["stats", window][..], &event].concat());
    assert!(stats.contains("times in Europe/Rome"), "{stats}");
    let stats = a.stdout(&["stats", window]);
    assert!(stats.contains("times in UTC"), "{stats}");
}
