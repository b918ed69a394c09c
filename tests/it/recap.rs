//! Per-speaker summaries and recaps (`speakers`, `recap`): the numbers checked against counts
//! this test makes itself from its fixture (`tests/data/recap/`: a programme, v1.1 tweets with
//! hostile texts, copied tweets without a time of day), the HTML parsed with `scraper` for its
//! structure and escaping, the Markdown rendered with `pulldown-cmark` for the same, and `recap
//! --all` on the shipped synthetic corpus against `speakers --format json`. The real #pasocial
//! page, with invented live tweets beside it (`recap/pasocial-live.jsonl`: counts, retweets of a
//! tweet among them and of one that is not), shows every quote: the copied one that has no counts
//! as well as those that have.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use regex::Regex;
use scraper::{Html, Selector};
use serde_json::Value;

use crate::harness::{
    Archive, corpus, data, no_markup_from_tweets, rfc3339, shown, synthetic_archive, twitter_time,
};

/// A fixture tweet as the test reads it, without chirpdex.
#[derive(Debug)]
struct Fx {
    at: DateTime<Utc>,
    timed: bool,
    author: String,
    retweet: bool,
    /// For a retweet, its original's.
    text: String,
    hashtags: Vec<String>,
    mentions: Vec<String>,
    retweets: u64,
    likes: u64,
}

/// A programme speaker as the test reads it.
#[derive(Debug)]
struct Sp {
    name: String,
    handles: Vec<String>,
    aliases: Vec<String>,
    slot: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// The words of the talk's title, lowercased.
    talk: Vec<String>,
}

fn rome() -> Tz {
    "Europe/Rome".parse().unwrap()
}

fn fixture() -> (Vec<Fx>, Vec<Sp>) {
    let mut tweets = Vec::new();
    let text = std::fs::read_to_string(data("recap/tweets.jsonl")).unwrap();
    for line in text.lines() {
        let t: Value = serde_json::from_str(line).unwrap();
        let content = shown(&t);
        let list = |key: &str, field: &str| -> Vec<String> {
            content["entities"][key]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e[field].as_str().unwrap().to_string())
                .collect()
        };
        tweets.push(Fx {
            at: twitter_time(&t),
            timed: true,
            author: t["user"]["screen_name"].as_str().unwrap().to_string(),
            retweet: t["retweeted_status"].is_object(),
            text: content["text"].as_str().unwrap().to_string(),
            hashtags: list("hashtags", "text"),
            mentions: list("user_mentions", "screen_name"),
            retweets: t["retweet_count"].as_u64().unwrap(),
            likes: t["favorite_count"].as_u64().unwrap(),
        });
    }
    // Copied tweets: a text line, then `— Name (@handle) 17 Novembre 2015`; the day only.
    let copied = std::fs::read_to_string(data("recap/copied.txt")).unwrap();
    let lines: Vec<&str> = copied.lines().collect();
    let handle = Regex::new(r"\(@(\w+)\)").unwrap();
    let words = |re: &str, text: &str| -> Vec<String> {
        Regex::new(re)
            .unwrap()
            .captures_iter(text)
            .map(|c| c[1].to_string())
            .collect()
    };
    for pair in lines.chunks(2) {
        tweets.push(Fx {
            at: "2015-11-17T00:00:00Z".parse().unwrap(),
            timed: false,
            author: handle.captures(pair[1]).unwrap()[1].to_string(),
            retweet: false,
            text: pair[0].to_string(),
            hashtags: words(r"#(\w+)", pair[0]),
            mentions: words(r"@(\w+)", pair[0]),
            retweets: 0,
            likes: 0,
        });
    }
    // The event holds the tweets of its day with its hashtag: not `caffè finito`.
    tweets.retain(|t| {
        t.hashtags
            .iter()
            .any(|h| h.eq_ignore_ascii_case("pasocial"))
    });
    let programme: toml::Value =
        toml::from_str(&std::fs::read_to_string(data("recap/event.toml")).unwrap()).unwrap();
    let strings = |v: &toml::Value, key: &str| -> Vec<String> {
        v.get(key)
            .and_then(|a| a.as_array())
            .map(|a| a.iter().map(|s| s.as_str().unwrap().to_string()).collect())
            .unwrap_or_default()
    };
    let local = |v: &toml::Value| {
        let naive =
            NaiveDateTime::parse_from_str(v.as_str().unwrap(), "%Y-%m-%dT%H:%M:%S").unwrap();
        rome()
            .from_local_datetime(&naive)
            .unwrap()
            .with_timezone(&Utc)
    };
    let speakers = programme["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| Sp {
            name: s["name"].as_str().unwrap().to_string(),
            handles: strings(s, "handles"),
            aliases: strings(s, "aliases"),
            talk: s
                .get("talk")
                .and_then(|t| t.as_str())
                .map_or(Vec::new(), |t| {
                    t.to_lowercase()
                        .split(|c: char| !c.is_alphanumeric())
                        .filter(|w| w.chars().count() >= 4)
                        .map(str::to_string)
                        .collect()
                }),
            slot: s
                .get("starts")
                .map(|a| (local(a), local(s.get("ends").unwrap()))),
        })
        .collect();
    (tweets, speakers)
}

/// Who a fixture tweet is about, by the README's rules, kept as simple as the fixture allows:
/// `@handle:` or `Name:` quotes; a mentioned handle (not thanked); the name or an alias written (not before
/// the speaker's slot); else, with
/// #pasocial and a time of day, the slot it falls in when the tweet shares a word with the talk's
/// title (room chatter is nobody's).
fn attributed<'a>(t: &Fx, speakers: &'a [Sp]) -> Vec<(&'a Sp, &'static str)> {
    let text = t.text.to_lowercase();
    let mentions: Vec<String> = t.mentions.iter().map(|m| m.to_lowercase()).collect();
    let mut found = Vec::new();
    for s in speakers {
        let handles: Vec<String> = s.handles.iter().map(|h| h.to_lowercase()).collect();
        let names: Vec<String> = std::iter::once(&s.name)
            .chain(&s.aliases)
            .map(|n| n.to_lowercase())
            .collect();
        let method = if handles.iter().any(|h| text.contains(&format!("@{h}:")))
            || names.iter().any(|n| text.contains(&format!("{n}:")))
        {
            "quote"
        } else if handles
            .iter()
            .any(|h| mentions.contains(h) && !text.contains(&format!("grazie @{h}")))
        {
            "mention"
        } else if names.iter().any(|n| {
            Regex::new(&format!(r"(?:^|[^\w@]){}\b", regex::escape(n)))
                .unwrap()
                .is_match(&text)
        }) {
            "name"
        } else {
            continue;
        };
        // Before their slot, nobody reports what a speaker said.
        if t.timed && s.slot.is_some_and(|(starts, _)| t.at < starts) {
            continue;
        }
        found.push((s, method));
    }
    let tagged = t
        .hashtags
        .iter()
        .any(|h| h.eq_ignore_ascii_case("pasocial"));
    if found.is_empty() && tagged && t.timed {
        for s in speakers {
            let about = text
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| s.talk.iter().any(|k| k == w));
            if about && s.slot.is_some_and(|(a, b)| a <= t.at && t.at < b) {
                found.push((s, "slot"));
            }
        }
    }
    found
}

/// What the test expects for one speaker.
#[derive(Debug, Default)]
struct Expected {
    tweets: usize,
    retweets: usize,
    authors: usize,
    retweet_count: u64,
    favorite_count: u64,
    first: Option<String>,
    last: Option<String>,
    busiest: Option<(String, usize)>,
    untimed: usize,
    methods: BTreeMap<String, usize>,
    per_minute: BTreeMap<String, usize>,
    top_hashtag: Option<(String, usize)>,
    top_mention: Option<(String, usize)>,
    /// Texts, most retweeted first (and most liked first), of the tweets that are not retweets.
    by_retweets: Vec<String>,
    by_likes: Vec<String>,
    /// Tweets that are not retweets and whose source gives no counts (copied text).
    uncounted: usize,
    /// Every tweet in time order, retweets folded into their original: (text, retweets of it).
    all: Vec<(String, usize)>,
}

fn expected(tweets: &[Fx], speakers: &[Sp]) -> BTreeMap<String, Expected> {
    let mut all: BTreeMap<String, Expected> = speakers
        .iter()
        .map(|s| (s.name.clone(), Expected::default()))
        .collect();
    let mut mine: BTreeMap<String, Vec<&Fx>> = BTreeMap::new();
    // (speaker, text) of the tweets whose speaker is inferred (the slot): listed last.
    let mut inferred: HashSet<(String, String)> = HashSet::new();
    for t in tweets {
        for (s, method) in attributed(t, speakers) {
            if method == "slot" {
                inferred.insert((s.name.clone(), t.text.clone()));
            }
            *all.get_mut(&s.name)
                .unwrap()
                .methods
                .entry(method.to_string())
                .or_default() += 1;
            mine.entry(s.name.clone()).or_default().push(t);
        }
    }
    for s in speakers {
        let e = all.get_mut(&s.name).unwrap();
        let list = mine.remove(&s.name).unwrap_or_default();
        e.tweets = list.len();
        e.retweets = list.iter().filter(|t| t.retweet).count();
        e.authors = list
            .iter()
            .map(|t| t.author.to_lowercase())
            .collect::<HashSet<_>>()
            .len();
        let originals: Vec<&Fx> = list.iter().copied().filter(|t| !t.retweet).collect();
        e.retweet_count = originals.iter().map(|t| t.retweets).sum();
        e.favorite_count = originals.iter().map(|t| t.likes).sum();
        let timed: Vec<&Fx> = list.iter().copied().filter(|t| t.timed).collect();
        e.untimed = list.len() - timed.len();
        e.first = timed.iter().map(|t| t.at).min().map(rfc3339);
        e.last = timed.iter().map(|t| t.at).max().map(rfc3339);
        // Rome is a whole number of hours from UTC: its minutes and fives are UTC's.
        let mut fives: BTreeMap<i64, usize> = BTreeMap::new();
        for t in &timed {
            let s = t.at.timestamp();
            *fives.entry(s - s.rem_euclid(300)).or_default() += 1;
            let minute = DateTime::from_timestamp(s - s.rem_euclid(60), 0).unwrap();
            *e.per_minute.entry(rfc3339(minute)).or_default() += 1;
        }
        let max = fives.values().copied().max();
        e.busiest = max.map(|m| {
            let (at, _) = fives.iter().find(|(_, n)| **n == m).unwrap();
            (rfc3339(DateTime::from_timestamp(*at, 0).unwrap()), m)
        });
        let top = |lists: Vec<&Vec<String>>, leave_out: &[String]| {
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for list in lists {
                let once: BTreeSet<String> = list.iter().map(|v| v.to_lowercase()).collect();
                for v in once {
                    if !leave_out.contains(&v) {
                        *counts.entry(v).or_default() += 1;
                    }
                }
            }
            counts
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        };
        e.top_hashtag = top(
            list.iter().map(|t| &t.hashtags).collect(),
            &["pasocial".to_string()],
        );
        let own: Vec<String> = s.handles.iter().map(|h| h.to_lowercase()).collect();
        e.top_mention = top(list.iter().map(|t| &t.mentions).collect(), &own);
        let by = |key: fn(&Fx) -> u64| {
            let mut v: Vec<&Fx> = originals.iter().copied().filter(|t| key(t) > 0).collect();
            v.sort_by(|a, b| key(b).cmp(&key(a)).then_with(|| a.at.cmp(&b.at)));
            v.iter().take(3).map(|t| t.text.clone()).collect::<Vec<_>>()
        };
        e.by_retweets = by(|t| t.retweets);
        e.by_likes = by(|t| t.likes);
        e.uncounted = originals.iter().filter(|t| !t.timed).count();
        // The fixture's retweets retweet tweets of the same speaker, each text once; copied
        // tweets come first in their day (midnight UTC), as `Fx::at` holds them; the tweets
        // whose speaker is inferred come after those that name them.
        let mut sorted = originals.clone();
        sorted.sort_by_key(|t| (inferred.contains(&(s.name.clone(), t.text.clone())), t.at));
        e.all = sorted
            .iter()
            .map(|o| {
                let folded = list.iter().filter(|t| t.retweet && t.text == o.text);
                (o.text.clone(), folded.count())
            })
            .collect();
        let folded: usize = e.all.iter().map(|(_, n)| n).sum();
        assert_eq!(
            folded, e.retweets,
            "every retweet's original is in the fixture"
        );
    }
    all
}

fn fixture_archive() -> Archive {
    let a = Archive::new();
    a.ingest_event(
        &data("recap/event.toml"),
        &[&data("recap/tweets.jsonl"), &data("recap/copied.txt")],
    );
    a
}

fn speakers_json(a: &Archive) -> Value {
    serde_json::from_str(&a.stdout(&["speakers", "--format", "json"])).unwrap()
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text_of(doc: &Html, selector: &str) -> String {
    doc.select(&sel(selector))
        .next()
        .unwrap_or_else(|| panic!("no {selector}"))
        .text()
        .collect::<String>()
}

/// The numbers of a recap page, by key, as the page shows them (times by their `datetime`).
fn page_numbers(doc: &Html) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for div in doc.select(&sel("#numbers dl div[data-key]")) {
        let key = div.value().attr("data-key").unwrap().to_string();
        let value = match div.select(&sel("dd time")).next() {
            Some(t) if key != "busiest" => t.value().attr("datetime").unwrap().to_string(),
            _ => div
                .select(&sel("dd"))
                .next()
                .unwrap()
                .text()
                .collect::<String>(),
        };
        out.insert(key, value);
    }
    if let Some(b) = doc.select(&sel("#numbers div[data-key=busiest]")).next()
        && let Some(t) = b.select(&sel("time")).next()
    {
        let count = b
            .select(&sel(".count"))
            .next()
            .unwrap()
            .text()
            .collect::<String>();
        out.insert(
            "busiest".into(),
            format!("{} {count}", t.value().attr("datetime").unwrap()),
        );
    }
    for row in doc.select(&sel("#methods tr[data-key]")) {
        let n = row
            .select(&sel("td.n"))
            .next()
            .unwrap()
            .text()
            .collect::<String>();
        out.insert(
            format!("methods.{}", row.value().attr("data-key").unwrap()),
            n,
        );
    }
    out
}

/// The same numbers from a row of `speakers --format json`.
fn row_numbers(row: &Value) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for key in ["tweets", "retweets", "authors"] {
        out.insert(key.to_string(), row[key].to_string());
    }
    // A count no source gives is null in JSON and said so on the page, never 0.
    for key in ["retweet_count", "favorite_count"] {
        let shown = match &row[key] {
            Value::Null => "not in the sources".to_string(),
            n => n.to_string(),
        };
        out.insert(key.to_string(), shown);
    }
    for key in ["first", "last"] {
        out.insert(
            key.to_string(),
            row[key].as_str().unwrap_or("–").to_string(),
        );
    }
    out.insert(
        "busiest".into(),
        match row["busiest"].as_object() {
            Some(b) => format!("{} {}", b["starts"].as_str().unwrap(), b["tweets"]),
            None => "–".into(),
        },
    );
    for (m, n) in row["methods"].as_object().unwrap() {
        out.insert(format!("methods.{m}"), n.to_string());
    }
    out
}

#[test]
fn speakers_json_counts_what_the_fixture_holds() {
    let (tweets, speakers) = fixture();
    let want = expected(&tweets, &speakers);
    let a = fixture_archive();
    let got = speakers_json(&a);
    assert_eq!(got["event"]["slug"], "recap-test");
    assert_eq!(got["event"]["tweets"], tweets.len());
    let rows = got["speakers"].as_array().unwrap();
    assert_eq!(rows.len(), speakers.len());
    for (row, s) in rows.iter().zip(&speakers) {
        let e = &want[&s.name];
        let ctx = &s.name;
        assert_eq!(row["speaker"], s.name.as_str());
        assert_eq!(row["tweets"], e.tweets, "{ctx}");
        assert_eq!(row["retweets"], e.retweets, "{ctx}");
        assert_eq!(row["authors"], e.authors, "{ctx}");
        assert_eq!(row["retweet_count"], e.retweet_count, "{ctx}");
        assert_eq!(row["favorite_count"], e.favorite_count, "{ctx}");
        assert_eq!(row["uncounted"], e.uncounted, "{ctx}");
        assert_eq!(
            row["title"],
            s.name.as_str(),
            "{ctx}: a name is its own title"
        );
        assert_eq!(row["first"].as_str().map(String::from), e.first, "{ctx}");
        assert_eq!(row["last"].as_str().map(String::from), e.last, "{ctx}");
        let busiest = row["busiest"].as_object().map(|b| {
            (
                b["starts"].as_str().unwrap().to_string(),
                b["tweets"].as_u64().unwrap() as usize,
            )
        });
        assert_eq!(busiest, e.busiest, "{ctx}");
        assert_eq!(row["untimed"], e.untimed, "{ctx}");
        for m in ["quote", "mention", "name", "slot"] {
            assert_eq!(
                row["methods"][m],
                e.methods.get(m).copied().unwrap_or(0),
                "{ctx} {m}"
            );
        }
        let first = |key: &str, field: &str| {
            row[key].as_array().unwrap().first().map(|h| {
                (
                    h[field].as_str().unwrap().to_lowercase(),
                    h["tweets"].as_u64().unwrap() as usize,
                )
            })
        };
        assert_eq!(first("hashtags", "hashtag"), e.top_hashtag, "{ctx}");
        assert_eq!(first("mentions", "handle"), e.top_mention, "{ctx}");
    }
    // The fixture exercises every method, retweets and tweets without a time of day, and sums
    // that leave out a copied tweet's unknown counts.
    let anna = &want["Anna Bianchi"];
    assert_eq!(anna.methods.len(), 4, "{:?}", anna.methods);
    assert!(anna.retweets > 0 && anna.untimed > 0);
    assert_eq!(anna.uncounted, 1);
    // Characteristic terms: Anna's tweets are about open data, Carla's about training.
    let terms = |i: usize| -> Vec<String> {
        rows[i]["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["term"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(terms(0).contains(&"aperti".to_string()), "{:?}", terms(0));
    assert!(
        terms(2).contains(&"formazione".to_string()),
        "{:?}",
        terms(2)
    );
    for i in 0..rows.len() {
        for t in terms(i) {
            assert!(
                ![
                    "anna", "bianchi", "bruno", "verdi", "carla", "neri", "per", "the", "dei"
                ]
                .contains(&t.as_str()),
                "{t} is a name or a stop word"
            );
        }
    }
}

#[test]
fn the_html_recap_has_its_sections_numbers_and_chart_and_shows_hostile_text_as_text() {
    let (tweets, speakers) = fixture();
    let want = expected(&tweets, &speakers);
    let e = &want["Anna Bianchi"];
    let a = fixture_archive();
    let page = a.stdout(&["recap", "@AnnaBianchi"]);
    let doc = Html::parse_document(&page);
    assert!(text_of(&doc, "title").contains("Anna Bianchi"));
    assert_eq!(text_of(&doc, "h1"), "Anna Bianchi");
    assert_eq!(
        text_of(&doc, "p.talk"),
        r#"Dati aperti <em>per tutti</em> & "subito""#
    );
    assert!(text_of(&doc, "p.event").contains("Sala <b>Verde</b>"));
    assert_eq!(
        doc.select(&sel("meta[name=viewport]")).count(),
        1,
        "readable on a phone"
    );
    assert!(page.contains("@media print"));
    for id in [
        "numbers",
        "chart",
        "most-retweeted",
        "most-liked",
        "quotes",
        "terms",
        "hashtags",
        "mentions",
        "methods",
    ] {
        assert_eq!(
            doc.select(&sel(&format!("section#{id} h2"))).count(),
            1,
            "{id}"
        );
    }

    // The numbers.
    let n = page_numbers(&doc);
    assert_eq!(n["tweets"], e.tweets.to_string());
    assert_eq!(n["retweets"], e.retweets.to_string());
    assert_eq!(n["authors"], e.authors.to_string());
    assert_eq!(n["retweet_count"], e.retweet_count.to_string());
    assert_eq!(n["favorite_count"], e.favorite_count.to_string());
    assert_eq!(Some(&n["first"]), e.first.as_ref());
    assert_eq!(Some(&n["last"]), e.last.as_ref());
    let (at, count) = e.busiest.clone().unwrap();
    assert_eq!(n["busiest"], format!("{at} {count}"));
    assert_eq!(
        text_of(&doc, "#numbers [data-key=untimed]"),
        e.untimed.to_string()
    );
    // The copied tweet gives no counts: the sums are over the others, and the page says so.
    assert_eq!(
        text_of(&doc, "#numbers [data-key=uncounted]"),
        e.uncounted.to_string()
    );
    assert!(
        text_of(&doc, "#numbers p.note").contains("1 tweet had no counts in its source"),
        "{}",
        text_of(&doc, "#numbers p.note")
    );
    // The slot under a header that names the day: its hours and offset.
    assert!(text_of(&doc, "p.event").contains("17 November 2015"));
    assert_eq!(text_of(&doc, "p.slot"), "Slot: 09:00–10:00 (+01:00)");
    for (m, count) in &e.methods {
        assert_eq!(n[&format!("methods.{m}")], count.to_string(), "{m}");
    }

    // The chart: one bar per minute with tweets, each with its count; the slot shaded.
    let bars: BTreeMap<String, usize> = doc
        .select(&sel("#chart svg rect.bar"))
        .map(|r| {
            (
                r.value().attr("data-minute").unwrap().to_string(),
                r.value().attr("data-tweets").unwrap().parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(bars, e.per_minute);
    let slot = doc
        .select(&sel("#chart svg rect.slot"))
        .next()
        .expect("the slot");
    let (from, to) = speakers[0].slot.unwrap();
    assert_eq!(
        slot.value().attr("data-starts"),
        Some(rfc3339(from).as_str())
    );
    assert_eq!(slot.value().attr("data-ends"), Some(rfc3339(to).as_str()));

    // The quotes, in order, shown exactly as written.
    let quotes = |section: &str| -> Vec<String> {
        doc.select(&sel(&format!("#{section} li.quote blockquote p.text")))
            .map(|p| p.text().collect())
            .collect()
    };
    assert_eq!(quotes("most-retweeted"), e.by_retweets);
    assert_eq!(quotes("most-liked"), e.by_likes);
    // Then every tweet, in time order, each retweet folded into its original: the copied quote
    // that gives no counts is there too, and every tweet is in one entry.
    let all: Vec<(String, usize)> = doc
        .select(&sel("#quotes li.quote"))
        .map(|li| {
            let text = li.select(&sel("p.text")).next().unwrap().text().collect();
            let n = li.value().attr("data-retweets").unwrap().parse().unwrap();
            (text, n)
        })
        .collect();
    assert_eq!(all, e.all);
    assert!(
        all[0]
            .0
            .starts_with("Anna Bianchi: i dati aperti cambiano la PA")
    );
    assert!(text_of(&doc, "#quotes h2").contains(&format!("({})", e.tweets)));
    let folded: Vec<String> = doc
        .select(&sel("#quotes li.quote[data-retweets='1'] .retweeted"))
        .map(|r| r.text().collect())
        .collect();
    assert_eq!(folded, ["retweeted 1 time here"; 2]);
    let copied = doc.select(&sel("#quotes li.quote")).next().unwrap();
    let by: String = copied.select(&sel("p.by")).next().unwrap().text().collect();
    assert_eq!(
        by,
        "— Rita Rossi (@ritarossi), 2015-11-17 · retweets and likes not in the sources"
    );
    assert!(e.by_retweets[0].contains("<script>alert(1)</script>"));
    assert!(e.by_likes[0].starts_with(r#""><img src=x onerror=alert(1)>"#));
    let authors: Vec<String> = doc
        .select(&sel("#most-retweeted .author"))
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(authors[0], "<b>Mallory</b> (@mallory)");
    let liked = doc.select(&sel("#most-liked blockquote")).next().unwrap();
    assert_eq!(
        liked.value().attr("lang"),
        Some(r#"it" onmouseover="alert(1)"#)
    );
    let hostile_md = doc.select(&sel("blockquote p.text")).any(|p| {
        p.text()
            .collect::<String>()
            .starts_with("[x](javascript:alert(1)) ![img](")
    });
    assert!(hostile_md, "the Markdown-looking tweet is quoted as text");

    // Nothing from a tweet became markup.
    no_markup_from_tweets(&doc);
    for link in doc.select(&sel("a[href]")) {
        let href = link.value().attr("href").unwrap();
        assert!(href.starts_with("https://twitter.com/"), "{href}");
    }
}

#[test]
fn the_markdown_recap_renders_hostile_tweets_as_text() {
    let (tweets, speakers) = fixture();
    let want = expected(&tweets, &speakers);
    let e = &want["Anna Bianchi"];
    let a = fixture_archive();
    let md = a.stdout(&["recap", "Anna Bianchi", "--format", "md"]);
    let mut html = String::new();
    let parser = pulldown_cmark::Parser::new_ext(
        &md,
        pulldown_cmark::Options::all() - pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION,
    );
    pulldown_cmark::html::push_html(&mut html, parser);
    let doc = Html::parse_fragment(&html);
    for tag in ["script", "img", "iframe"] {
        assert_eq!(doc.select(&sel(tag)).count(), 0, "a <{tag}> in\n{html}");
    }
    for link in doc.select(&sel("a")) {
        let href = link.value().attr("href").unwrap_or("");
        assert!(href.starts_with("https://twitter.com/"), "{href}");
    }
    let shown: String = doc.root_element().text().collect();
    for hostile in [
        "[x](javascript:alert(1)) ![img](http://evil.example/x.png)",
        "<script>alert(1)</script>",
        r#""><img src=x onerror=alert(1)>"#,
        r#"Dati aperti <em>per tutti</em> & "subito""#,
        "<b>Mallory</b> (@mallory)",
    ] {
        assert!(shown.contains(hostile), "{hostile:?} not shown in\n{shown}");
    }
    assert_eq!(
        doc.select(&sel("h1"))
            .next()
            .unwrap()
            .text()
            .collect::<String>(),
        "Anna Bianchi"
    );
    // The numbers table: label, then value.
    let cell = |label: &str| table_cell(&doc, label);
    assert_eq!(cell("Tweets"), e.tweets.to_string());
    assert_eq!(cell("of which retweets"), e.retweets.to_string());
    assert_eq!(cell("Retweets received"), e.retweet_count.to_string());
    assert_eq!(cell("Likes received"), e.favorite_count.to_string());
    assert!(
        shown.contains("1 tweet had no counts in its source"),
        "{shown}"
    );
    assert!(shown.contains("Slot: 09:00–10:00 (+01:00)"), "{shown}");
    // The quotes, as blockquotes, in order, under their headings; every tweet under the last,
    // retweets folded in.
    let sections = md_quotes(&doc);
    assert_eq!(sections["Most retweeted"].texts(), e.by_retweets);
    assert_eq!(sections["Most liked"].texts(), e.by_likes);
    let all = &sections[&format!("All tweets ({})", e.tweets)];
    assert_eq!(
        all.texts(),
        e.all.iter().map(|(t, _)| t.clone()).collect::<Vec<_>>()
    );
    for ((_, n), by) in e.all.iter().zip(&all.by) {
        match n {
            0 => assert!(!by.contains("here"), "{by}"),
            1 => assert!(by.ends_with("· retweeted 1 time here"), "{by}"),
            n => assert!(by.ends_with(&format!("· retweeted {n} times here")), "{by}"),
        }
    }
    assert!(all.by[0].ends_with("2015-11-17 · retweets and likes not in the sources"));
}

/// A Markdown recap's quotes, as pulldown-cmark renders them: under each `h2`, the blockquotes'
/// texts and the by-line after each.
#[derive(Debug, Default)]
struct MdQuotes {
    quotes: Vec<String>,
    by: Vec<String>,
}

impl MdQuotes {
    fn texts(&self) -> Vec<String> {
        self.quotes.clone()
    }
}

fn md_quotes(doc: &Html) -> BTreeMap<String, MdQuotes> {
    let mut out: BTreeMap<String, MdQuotes> = BTreeMap::new();
    let mut heading = String::new();
    let mut after_quote = false;
    for el in doc
        .root_element()
        .children()
        .filter_map(scraper::ElementRef::wrap)
    {
        let text = || el.text().collect::<String>().trim().to_string();
        match el.value().name() {
            "h2" => heading = text(),
            "blockquote" => {
                out.entry(heading.clone()).or_default().quotes.push(text());
                after_quote = true;
                continue;
            }
            "p" if after_quote => out.entry(heading.clone()).or_default().by.push(text()),
            _ => {}
        }
        after_quote = false;
    }
    out
}

#[test]
fn the_json_recap_repeats_the_speakers_row_and_adds_minutes_and_quotes() {
    let a = fixture_archive();
    let rows = speakers_json(&a);
    let recap: Value =
        serde_json::from_str(&a.stdout(&["recap", "neri", "--format", "json"])).unwrap();
    let row = &rows["speakers"][2];
    for (key, value) in row.as_object().unwrap() {
        assert_eq!(&recap[key], value, "{key}");
    }
    assert_eq!(recap["event"]["slug"], "recap-test");
    let minutes: usize = recap["per_minute"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["tweets"].as_u64().unwrap() as usize)
        .sum();
    assert_eq!(minutes + recap["untimed"].as_u64().unwrap() as usize, 2);
    // Carla's tweets have no retweets or likes: no top lists, and both are in the quotes.
    assert_eq!(recap["most_retweeted"], serde_json::json!([]));
    assert_eq!(recap["quotes"].as_array().unwrap().len(), 2);

    // Anna's: every tweet in time order, each retweet folded into its original with a count.
    let (tweets, speakers) = fixture();
    let e = &expected(&tweets, &speakers)["Anna Bianchi"];
    let recap: Value =
        serde_json::from_str(&a.stdout(&["recap", "bianchi", "--format", "json"])).unwrap();
    let quotes = recap["quotes"].as_array().unwrap();
    let got: Vec<(String, usize)> = quotes
        .iter()
        .map(|q| {
            (
                q["text"].as_str().unwrap().to_string(),
                q["retweets"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    assert_eq!(got, e.all);
    assert_eq!(recap["uncounted"], 1);
    let copied = &quotes[0];
    assert_eq!(copied["date_only"], true);
    assert_eq!(copied["retweet_count"], Value::Null);
    assert_eq!(copied["favorite_count"], Value::Null);
    assert!(quotes.iter().all(|q| q["from_retweets"] == false));
    let folded = quotes.iter().find(|q| q["retweets"] == 1).unwrap();
    assert_eq!(folded["first_retweet"], "2015-11-17T08:10:00Z");
}

#[test]
fn unknown_speakers_and_ambiguous_events_are_errors_that_name_the_choices() {
    let a = fixture_archive();
    let out = a.cmd().args(["recap", "Nobody"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Anna Bianchi, Bruno Verdi, Carla Neri"),
        "{err}"
    );

    // A second programme in the index: the event must be named.
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.toml");
    let programme = std::fs::read_to_string(data("recap/event.toml"))
        .unwrap()
        .replace("slug = \"recap-test\"", "slug = \"other-day\"");
    std::fs::write(&other, programme).unwrap();
    a.cmd()
        .args(["event", "apply"])
        .arg(&other)
        .arg("from:nobody")
        .assert()
        .success();
    let out = a.cmd().args(["speakers"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("other-day") && err.contains("recap-test"),
        "{err}"
    );
    let table = a.stdout(&["speakers", "--event", "recap-test"]);
    assert!(table.starts_with("SPEAKER"), "{table}");
    assert_eq!(table.lines().filter(|l| l.contains("Bianchi")).count(), 1);
}

#[test]
fn recap_all_writes_a_page_per_speaker_of_the_synthetic_corpus_with_the_speakers_numbers() {
    let a = synthetic_archive();
    let json = speakers_json(a);
    let rows = json["speakers"].as_array().unwrap();
    assert_eq!(rows.len(), 8);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("recaps");
    a.cmd()
        .args(["recap", "--all", "--format", "md", "--out"])
        .arg(&out)
        .assert()
        .success();
    let mut files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    let mut want: Vec<String> = vec!["index.html".into(), "index.md".into()];
    for row in rows {
        let slug = row["slug"].as_str().unwrap();
        want.push(format!("{slug}.html"));
        want.push(format!("{slug}.md"));
    }
    want.sort();
    assert_eq!(files, want);

    let index = Html::parse_document(&std::fs::read_to_string(out.join("index.html")).unwrap());
    let links: Vec<String> = index
        .select(&sel("#speakers td.name a[href]"))
        .map(|l| l.value().attr("href").unwrap().to_string())
        .collect();
    let slugs: Vec<String> = rows
        .iter()
        .map(|r| format!("{}.html", r["slug"].as_str().unwrap()))
        .collect();
    assert_eq!(links, slugs);

    for row in rows {
        let path = out.join(format!("{}.html", row["slug"].as_str().unwrap()));
        let doc = Html::parse_document(&std::fs::read_to_string(&path).unwrap());
        assert_eq!(text_of(&doc, "h1"), row["title"].as_str().unwrap());
        assert_eq!(page_numbers(&doc), row_numbers(row), "{}", path.display());
        // Every tweet is in the list of all tweets: an entry of its own, or a retweet folded
        // into the tweet it retweets (which is an entry once, whether or not it is the
        // speaker's).
        let mut own = 0;
        let mut folded = 0;
        let mut ids = HashSet::new();
        for li in doc.select(&sel("#quotes li.quote")) {
            let v = li.value();
            assert!(ids.insert(v.attr("data-id").unwrap()), "an entry twice");
            folded += v.attr("data-retweets").unwrap().parse::<u64>().unwrap();
            own += u64::from(v.attr("data-from-retweets").is_none());
        }
        assert_eq!(
            own,
            row["tweets"].as_u64().unwrap() - row["retweets"].as_u64().unwrap()
        );
        assert_eq!(folded, row["retweets"].as_u64().unwrap());
        assert!(text_of(&doc, "#quotes h2").contains(&format!("({})", row["tweets"])));
        // Every timed tweet is in a bar; quotes are there to read.
        let charted: u64 = doc
            .select(&sel("#chart rect.bar"))
            .map(|r| {
                r.value()
                    .attr("data-tweets")
                    .unwrap()
                    .parse::<u64>()
                    .unwrap()
            })
            .sum();
        assert_eq!(
            charted + row["untimed"].as_u64().unwrap(),
            row["tweets"].as_u64().unwrap()
        );
        assert_eq!(doc.select(&sel("#chart rect.slot")).count(), 1);
        assert!(doc.select(&sel("#most-retweeted li.quote")).count() > 0);
        assert!(doc.select(&sel("#most-liked li.quote")).count() > 0);
        assert_eq!(
            doc.select(&sel("footer a[href='index.html']")).count(),
            1,
            "a way back to the index"
        );
    }
    let md = std::fs::read_to_string(out.join("index.md")).unwrap();
    for row in rows {
        assert!(md.contains(&format!("(<{}.md>)", row["slug"].as_str().unwrap())));
    }
}

#[test]
fn recap_all_on_the_real_pasocial_page_shows_each_speakers_quote_and_a_chart_of_the_day() {
    let a = Archive::new();
    a.ingest_event(
        &corpus("pasocial-2015/event.toml"),
        &[&corpus("pasocial-2015")],
    );
    let json = speakers_json(&a);
    let rows = json["speakers"].as_array().unwrap();
    let out = a.path("recaps");
    a.cmd()
        .args(["recap", "--all", "--out"])
        .arg(&out)
        .assert()
        .success();
    for row in rows {
        let path = out.join(format!("{}.html", row["slug"].as_str().unwrap()));
        let doc = Html::parse_document(&std::fs::read_to_string(&path).unwrap());
        assert_eq!(page_numbers(&doc), row_numbers(row), "{}", path.display());
        // Copied tweets give their day only: no bars, but the day's chart and the quotes.
        assert_eq!(row["untimed"], row["tweets"]);
        assert_eq!(doc.select(&sel("#chart svg")).count(), 1);
        assert_eq!(doc.select(&sel("#chart rect.bar")).count(), 0);
        // No counts in any source: no top lists, every tweet quoted once.
        assert_eq!(row["retweet_count"], Value::Null);
        assert_eq!(row["uncounted"], row["tweets"]);
        assert_eq!(doc.select(&sel("#most-retweeted, #most-liked")).count(), 0);
        let quotes = doc.select(&sel("li.quote")).count() as u64;
        assert_eq!(
            quotes,
            row["tweets"].as_u64().unwrap(),
            "{}",
            path.display()
        );
        // A speaker known only by a handle is titled with its `@`.
        let title = row["title"].as_str().unwrap();
        assert_eq!(text_of(&doc, "h1"), title);
        assert!(text_of(&doc, "title").starts_with(&format!("{title} · ")));
        let name = row["speaker"].as_str().unwrap();
        let handle_only = row["handles"].as_array().unwrap().first() == Some(&row["speaker"]);
        match handle_only {
            true => assert_eq!(title, format!("@{name}")),
            false => assert_eq!(title, name),
        }
    }
    let titles: Vec<&str> = rows.iter().map(|r| r["title"].as_str().unwrap()).collect();
    assert!(titles.contains(&"@ubimaggio") && titles.contains(&"Alessandra Migliozzi"));
    assert!(
        rows.iter().any(|r| r["speaker"] == "ubimaggio"),
        "JSON keeps the name as is"
    );
}

/// The pasocial corpus with invented live tweets about Alessandra Migliozzi beside it.
fn pasocial_live_archive() -> Archive {
    let a = Archive::new();
    a.ingest_event(
        &corpus("pasocial-2015/event.toml"),
        &[&corpus("pasocial-2015"), &data("recap/pasocial-live.jsonl")],
    );
    a
}

/// Alessandra Migliozzi's central quote on the real page: the copied tweet that quotes her
/// (`@AleMiglioz: ufficio stampa ... redazione ...`), read from the corpus itself.
fn central_quote() -> String {
    let page =
        std::fs::read_to_string(corpus("pasocial-2015/sara-durantini-pasocial-2015.txt")).unwrap();
    let line = page.lines().find(|l| l.contains("@AleMiglioz:")).unwrap();
    line.to_string()
}

/// What the live fixture holds, as the test reads it: the originals' (retweets, likes), and for
/// each retweeted id the retweets of it and whether the original is in the file.
struct Live {
    counts: Vec<(u64, u64)>,
    retweeted: BTreeMap<String, (usize, bool, String)>,
    records: usize,
}

fn live() -> Live {
    let text = std::fs::read_to_string(data("recap/pasocial-live.jsonl")).unwrap();
    let records: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: HashSet<&str> = records
        .iter()
        .map(|t| t["id_str"].as_str().unwrap())
        .collect();
    let mut live = Live {
        counts: Vec::new(),
        retweeted: BTreeMap::new(),
        records: records.len(),
    };
    for t in &records {
        match t["retweeted_status"].as_object() {
            Some(o) => {
                let id = o["id_str"].as_str().unwrap();
                let e = live.retweeted.entry(id.to_string()).or_insert((
                    0,
                    ids.contains(id),
                    o["user"]["screen_name"].as_str().unwrap().to_string(),
                ));
                e.0 += 1;
            }
            None => live.counts.push((
                t["retweet_count"].as_u64().unwrap(),
                t["favorite_count"].as_u64().unwrap(),
            )),
        }
    }
    live
}

#[test]
fn a_quote_without_counts_stays_on_the_page_when_other_sources_give_counts() {
    let a = pasocial_live_archive();
    let l = live();
    let json = speakers_json(&a);
    let row = &json["speakers"][0];
    assert_eq!(row["speaker"], "Alessandra Migliozzi");
    // The copied quote and every live record are hers.
    assert_eq!(row["tweets"], 1 + l.records);
    let rt: u64 = l.counts.iter().map(|c| c.0).sum();
    let likes: u64 = l.counts.iter().map(|c| c.1).sum();
    assert_eq!(row["retweet_count"], rt);
    assert_eq!(row["favorite_count"], likes);
    assert_eq!(row["uncounted"], 1);

    let page = a.stdout(&["recap", "migliozzi", "--out", "-"]);
    let doc = Html::parse_document(&page);
    assert_eq!(page_numbers(&doc), row_numbers(row));
    // The sums are over the tweets that give counts, and the page says one had none.
    assert_eq!(text_of(&doc, "#numbers [data-key=uncounted]"), "1");
    let note = text_of(&doc, "#numbers p.note");
    assert!(
        note.contains("whose source gives them: 1 tweet had no counts in its source"),
        "{note}"
    );
    // The top lists rank the live tweet; the central quote, copied from the blog with no
    // counts, is in the list of every tweet, first in its day.
    let texts = |selector: &str| -> Vec<String> {
        doc.select(&sel(selector))
            .map(|p| p.text().collect())
            .collect()
    };
    assert_eq!(texts("#most-retweeted p.text").len(), l.counts.len());
    let all = texts("#quotes li.quote p.text");
    let central = central_quote();
    assert!(all[0].starts_with(&central), "{all:?}");
    assert_eq!(
        all.len(),
        1 + l.counts.len() + l.retweeted.values().filter(|r| !r.1).count()
    );
    // Retweets folded into their original, with how many; one of a tweet that is not hers
    // shown once, as its retweets give it, with its author and the time its id tells.
    for (id, (n, present, author)) in &l.retweeted {
        let li = doc
            .select(&sel(&format!("#quotes li.quote[data-id='{id}']")))
            .next()
            .unwrap_or_else(|| panic!("no entry for {id}"));
        assert_eq!(
            li.value().attr("data-retweets"),
            Some(n.to_string().as_str())
        );
        assert_eq!(li.value().attr("data-from-retweets").is_none(), *present);
        let by: String = li.select(&sel("p.by")).next().unwrap().text().collect();
        assert!(by.contains(&format!("retweeted {n} times here")), "{by}");
        assert!(by.contains(&format!("@{author}")), "{by}");
        let link = li.select(&sel("p.by a")).next().unwrap();
        assert_eq!(
            link.value().attr("href").unwrap(),
            format!("https://twitter.com/{author}/status/{id}")
        );
        if !present {
            // 666553864811446273 is a snowflake of 09:50 UTC: 10:50 in Rome.
            assert!(by.contains(", 10:50 ·"), "{by}");
        }
    }
    let retweeted: usize = l.retweeted.values().map(|r| r.0).sum();
    assert_eq!(row["retweets"], retweeted);

    // The Markdown shows the same quotes and numbers.
    let md = a.stdout(&["recap", "migliozzi", "--format", "md"]);
    let html = render_md(&md);
    let md_doc = Html::parse_fragment(&html);
    let sections = md_quotes(&md_doc);
    let md_all = &sections[&format!("All tweets ({})", row["tweets"])];
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(
        md_all.texts().iter().map(|t| flat(t)).collect::<Vec<_>>(),
        all.iter().map(|t| flat(t)).collect::<Vec<_>>()
    );
    assert_eq!(
        sections["Most retweeted"].texts().len(),
        texts("#most-retweeted p.text").len()
    );
    let shown: String = md_doc.root_element().text().collect();
    assert_eq!(table_cell(&md_doc, "Retweets received"), rt.to_string());
    assert_eq!(table_cell(&md_doc, "Likes received"), likes.to_string());
    assert_eq!(table_cell(&md_doc, "Tweets"), row["tweets"].to_string());
    assert!(
        shown.contains("1 tweet had no counts in its source"),
        "{shown}"
    );
    for (n, _, _) in l.retweeted.values() {
        assert!(
            shown.contains(&format!("retweeted {n} times here")),
            "{shown}"
        );
    }

    // The table: the partial sums marked, and what the marks mean said under it; the speakers
    // known only by a handle named with their `@`.
    let table = a.stdout(&["speakers"]);
    let line = table
        .lines()
        .find(|l| l.starts_with("Alessandra Migliozzi"))
        .unwrap();
    let cells: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(
        cells[5..7],
        [format!("{rt}+"), format!("{likes}+")],
        "{table}"
    );
    assert!(
        table.lines().any(|l| l.starts_with("@ubimaggio ")),
        "{table}"
    );
    let notes = table.split("\n\n").nth(1).unwrap().replace('\n', " ");
    assert!(
        notes.contains("? when no source of those tweets gives the count"),
        "{notes}"
    );
    assert!(notes.contains("unknown, not 0"), "{notes}");
    assert!(
        notes.contains("+ when the sum leaves out tweets whose source gives none (1 tweet)"),
        "{notes}"
    );
}

/// The value beside `label` in a page's table of numbers (HTML, or Markdown rendered).
fn table_cell(doc: &Html, label: &str) -> String {
    doc.select(&sel("tr"))
        .find(|r| {
            r.select(&sel("td"))
                .next()
                .is_some_and(|c| c.text().collect::<String>() == label)
        })
        .and_then(|r| r.select(&sel("td")).nth(1))
        .map(|c| c.text().collect())
        .unwrap_or_else(|| panic!("no row {label}"))
}

/// Markdown rendered as a blog would (tables, strikethrough, no smart punctuation).
fn render_md(md: &str) -> String {
    let mut html = String::new();
    let parser = pulldown_cmark::Parser::new_ext(
        md,
        pulldown_cmark::Options::all() - pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION,
    );
    pulldown_cmark::html::push_html(&mut html, parser);
    html
}

/// A tweet whose speaker was inferred (it names nobody: posted during the slot, sharing a word
/// with the talk) is on the page apart, as probably about the talk, and `--named-only` leaves
/// it out of `speakers`, `stats` and the page.
#[test]
fn inferred_tweets_are_shown_apart_and_named_only_leaves_them_out() {
    let a = fixture_archive();
    let inferred = "Trasparenza e dati aperti per i cittadini #pasocial";
    let hits = a.search("speaker:\"Anna Bianchi\"");
    let hit = hits
        .iter()
        .find(|h| h["text"] == inferred)
        .expect("inferred");
    let attribution = &hit["attributions"][0];
    assert_eq!(attribution["method"], "slot");
    assert_eq!(attribution["inferred"], true);
    assert!(attribution["confidence"].as_f64().unwrap() < 0.9);

    let page = Html::parse_document(&a.stdout(&["recap", "bianchi", "--out", "-"]));
    let probably: Vec<String> = page
        .select(&sel("ol.probably li.quote p.text"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(probably, [inferred]);
    assert!(text_of(&page, "h3#probably").starts_with("Probably about this talk (1)"));
    let md = a.stdout(&["recap", "bianchi", "--format", "md"]);
    assert!(md.contains("### Probably about this talk (1)"), "{md}");
    let json: Value =
        serde_json::from_str(&a.stdout(&["recap", "bianchi", "--format", "json"])).unwrap();
    let flagged: Vec<&Value> = json["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["inferred"] == true)
        .collect();
    assert_eq!(flagged.len(), 1);
    assert_eq!(flagged[0]["text"], inferred);

    let row = |args: &[&str]| -> Value {
        let all: Value = serde_json::from_str(&a.stdout(args)).unwrap();
        all["speakers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["speaker"] == "Anna Bianchi")
            .unwrap()
            .clone()
    };
    let all = row(&["speakers", "--format", "json"]);
    let named = row(&["speakers", "--format", "json", "--named-only"]);
    assert_eq!(
        named["tweets"].as_u64(),
        all["tweets"].as_u64().map(|n| n - 1)
    );
    assert_eq!(named["methods"]["slot"], 0);
    let page = a.stdout(&["recap", "bianchi", "--named-only", "--out", "-"]);
    assert!(!page.contains(inferred) && !page.contains("id=\"probably\""));

    let speaker_count = |args: &[&str]| -> u64 {
        let stats: Value = serde_json::from_str(&a.stdout(args)).unwrap();
        stats["speakers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["key"] == "anna bianchi")
            .map_or(0, |k| k["count"].as_u64().unwrap())
    };
    let counted = speaker_count(&["stats", "--format", "json"]);
    assert_eq!(counted, all["tweets"].as_u64().unwrap());
    assert_eq!(
        speaker_count(&["stats", "--format", "json", "--named-only"]),
        counted - 1
    );
}

/// `ingest --event` learns each talk's words as it reads and infers the slots again at its
/// end: what it attributes is what `event apply` attributes, which writes nothing again.
#[test]
fn ingest_with_an_event_attributes_as_event_apply_does() {
    let a = fixture_archive();
    let attributions = || -> Vec<(String, Value)> {
        a.search("*")
            .into_iter()
            .map(|h| {
                (
                    h["id"].as_str().unwrap().to_string(),
                    h["attributions"].clone(),
                )
            })
            .collect()
    };
    let before = attributions();
    assert!(
        before
            .iter()
            .any(|(_, at)| at.to_string().contains("\"slot\"")),
        "the fixture has a slot inferred"
    );
    let applied: Value = serde_json::from_str(&a.stdout(&[
        "event",
        "apply",
        data("recap/event.toml").to_str().unwrap(),
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(applied["rewritten"], 0, "{applied}");
    assert_eq!(before, attributions());
}
