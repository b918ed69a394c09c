//! The event page (`recap --all`'s `index.html`, `index.md` and `index.json`; `recap
//! --overview`): every number it shows is checked against `stats --event SLUG --format json`,
//! `speakers --format json` and the tweets `search` gives, on the synthetic corpus (timed tweets
//! with counts, a programme with slots) and on the real #pasocial page (copied tweets that know
//! only their day and give no counts: those are "not in the sources", never 0). The HTML is
//! parsed with `scraper`; the Markdown is rendered with `pulldown-cmark` and parsed the same way.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::harness::{Archive, corpus, data, no_markup_from_tweets, synthetic_archive};

/// The real #pasocial page ingested with its programme, once for the whole run.
fn pasocial_archive() -> &'static Archive {
    static ARCHIVE: OnceLock<Archive> = OnceLock::new();
    Archive::shared(&ARCHIVE, "pasocial-overview-index", |a| {
        a.ingest_event(
            &corpus("pasocial-2015/event.toml"),
            &[&corpus("pasocial-2015")],
        );
    })
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text(e: ElementRef) -> String {
    e.text().collect::<String>()
}

/// The first element matching `selector` under `e`.
fn one<'a>(e: ElementRef<'a>, selector: &str) -> ElementRef<'a> {
    e.select(&sel(selector))
        .next()
        .unwrap_or_else(|| panic!("no {selector} in {}", e.html()))
}

/// A value folded as the index folds its keys: lowercase, accents removed.
fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase()
}

/// A percentage as the page writes it (`30.2 %`, a no-break space before the sign).
fn percent(s: &str) -> f64 {
    s.trim()
        .trim_end_matches('%')
        .trim_matches(|c: char| c.is_whitespace())
        .parse()
        .unwrap_or_else(|_| panic!("no percentage: {s:?}"))
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// What the page must show, from chirpdex's other commands and the tweets themselves.
struct Truth {
    slug: String,
    tz: Tz,
    stats: Value,
    /// `stats --interval 5m`: the tweets per five minutes (the event's zone is whole hours from
    /// UTC, so its five minutes are UTC's).
    five: Vec<(String, u64)>,
    speakers: Vec<Value>,
    hits: Vec<Value>,
}

impl Truth {
    fn of(a: &Archive, slug: &str) -> Truth {
        let json = |args: &[&str]| -> Value { serde_json::from_str(&a.stdout(args)).unwrap() };
        let stats = json(&["stats", "--event", slug, "--format", "json"]);
        let five = json(&[
            "stats",
            "--event",
            slug,
            "--interval",
            "5m",
            "--format",
            "json",
        ])["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                (
                    b["start"].as_str().unwrap().to_string(),
                    b["count"].as_u64().unwrap(),
                )
            })
            .filter(|(_, n)| *n > 0)
            .collect();
        let speakers = json(&["speakers", "--event", slug, "--format", "json"]);
        let tz: Tz = speakers["event"]["timezone"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        Truth {
            slug: slug.into(),
            tz,
            stats,
            five,
            speakers: speakers["speakers"].as_array().unwrap().clone(),
            hits: a.hits(&["*", "--event", slug, "--limit", "100000"]),
        }
    }

    fn total(&self) -> u64 {
        self.stats["total"].as_u64().unwrap()
    }

    fn untimed(&self) -> u64 {
        self.stats["untimed"].as_u64().unwrap()
    }

    /// Whether any source of the tweets that are not retweets gives their counts (search JSON
    /// writes null where none does: every tweet of the shipped #pasocial page is copied text).
    fn counts_known(&self) -> bool {
        let known = self.originals().any(|h| !h["retweet_count"].is_null());
        assert_eq!(known, self.slug != "pasocial-2015");
        known
    }

    fn originals(&self) -> impl Iterator<Item = &Value> {
        self.hits.iter().filter(|h| h["type"] != "retweet")
    }

    /// Retweets and likes received: summed over the tweets that are not retweets and whose
    /// source gives them.
    fn received(&self) -> (u64, u64) {
        let count = |h: &Value, key: &str| h[key].as_u64().unwrap_or(0);
        self.originals().fold((0, 0), |(r, l), h| {
            (
                r + count(h, "retweet_count"),
                l + count(h, "favorite_count"),
            )
        })
    }

    /// The busiest five minutes (the earliest on a tie) and who was on stage then (their rows).
    fn busiest(&self) -> Option<(String, u64, Vec<&Value>)> {
        let max = self.five.iter().map(|(_, n)| *n).max()?;
        let (start, n) = self.five.iter().find(|(_, n)| *n == max)?.clone();
        let t = at(&start);
        let on_stage = self
            .speakers
            .iter()
            .filter(|s| {
                s["slot"].is_object()
                    && at(s["slot"]["starts"].as_str().unwrap()) <= t
                    && t < at(s["slot"]["ends"].as_str().unwrap())
            })
            .collect();
        Some((start, n, on_stage))
    }

    /// The tweets attributed to no speaker.
    fn unattributed(&self) -> Vec<&Value> {
        self.hits
            .iter()
            .filter(|h| h["speakers"].as_array().unwrap().is_empty())
            .collect()
    }

    /// A stats list as (key, count).
    fn list(&self, name: &str) -> Vec<(String, u64)> {
        self.stats[name]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| {
                (
                    k["key"].as_str().unwrap().to_string(),
                    k["count"].as_u64().unwrap(),
                )
            })
            .collect()
    }

    /// The event's own hashtag (both programmes declare one, `pasocial`).
    fn own_tag(&self) -> &'static str {
        "pasocial"
    }

    /// A time as the page writes it in the event's zone.
    fn local(&self, t: &str) -> String {
        at(t)
            .with_timezone(&self.tz)
            .format("%Y-%m-%d %H:%M %:z")
            .to_string()
    }

    /// The speaker as the page names them: a speaker known only by a handle with its `@`.
    fn name(row: &Value) -> String {
        let name = row["speaker"].as_str().unwrap();
        let handles = row["handles"].as_array().unwrap();
        if handles.len() == 1 && handles[0].as_str() == Some(name) {
            format!("@{name}")
        } else {
            name.to_string()
        }
    }
}

/// The HTML page's numbers against the truth.
fn check_html(doc: &Html, t: &Truth, linked: bool) {
    let root = doc.root_element();
    let s = &t.stats;
    let key = |k: &str| one(root, &format!("#numbers [data-key={k}]"));
    let dd = |k: &str| text(one(key(k), "dd"));

    // 1. Headline numbers.
    assert_eq!(dd("tweets"), t.total().to_string());
    for kind in ["original", "retweet", "reply", "quote"] {
        let n = s["types"][kind].as_u64().unwrap();
        assert_eq!(text(one(key(kind), ".count")), n.to_string(), "{kind}");
        let shown = percent(&text(one(key(kind), ".share")));
        let want = n as f64 * 100.0 / t.total() as f64;
        assert!((shown - want).abs() <= 0.05, "{kind}: {shown} for {want}");
    }
    let c = &s["contributors"];
    assert_eq!(
        text(one(key("contributors"), ".count")),
        c["distinct"].to_string()
    );
    let share = percent(&text(one(root, "[data-key=top10_share]")));
    assert!(
        (share - c["top10_share"].as_f64().unwrap() * 100.0).abs() <= 0.06,
        "top 10 share {share} for {}",
        c["top10_share"]
    );
    for k in ["first", "last"] {
        match s[k].as_str() {
            Some(when) => assert_eq!(
                one(key(k), "time").value().attr("datetime"),
                Some(when),
                "{k}"
            ),
            None => assert!(dd(k).contains("unknown"), "{k}: {}", dd(k)),
        }
    }
    match t.busiest() {
        Some((start, n, on_stage)) => {
            let b = key("busiest");
            assert_eq!(text(one(b, ".count")), n.to_string());
            assert_eq!(
                one(b, "time").value().attr("datetime"),
                Some(start.as_str())
            );
            let names: Vec<String> = b.select(&sel(".speaker")).map(text).collect();
            let want: Vec<String> = on_stage.iter().map(|r| Truth::name(r)).collect();
            assert_eq!(names, want);
        }
        None => assert!(dd("busiest").contains("unknown"), "{}", dd("busiest")),
    }
    let (retweets, likes) = t.received();
    for (k, n) in [("retweet_count", retweets), ("favorite_count", likes)] {
        if t.counts_known() {
            assert_eq!(dd(k), n.to_string(), "{k}");
        } else {
            assert_eq!(dd(k), "not in the sources", "{k}");
        }
    }
    match t.untimed() {
        0 => assert!(
            root.select(&sel("#numbers [data-key=untimed]"))
                .next()
                .is_none()
        ),
        n => assert_eq!(dd("untimed"), n.to_string()),
    }

    // 2. The day's chart: both drawings hold every timed tweet, five minutes a bar, as `stats
    // --interval 5m` counts them; each slot a band labelled with its speaker.
    if t.five.is_empty() {
        assert_eq!(root.select(&sel("#day svg")).count(), 0);
        assert!(
            text(one(root, "#untimed-note")).contains(&t.untimed().to_string()),
            "the day-only tweets are counted apart"
        );
    } else {
        for chart in [".chart-h", ".chart-v"] {
            let bars: Vec<(String, u64)> = root
                .select(&sel(&format!("#day {chart} rect.bar")))
                .map(|r| {
                    (
                        r.value().attr("data-starts").unwrap().to_string(),
                        r.value().attr("data-tweets").unwrap().parse().unwrap(),
                    )
                })
                .collect();
            assert_eq!(bars, t.five, "{chart}");
            let sum: u64 = bars.iter().map(|(_, n)| n).sum();
            assert_eq!(sum + t.untimed(), t.total());
            let slotted: Vec<&Value> = t
                .speakers
                .iter()
                .filter(|s| s["slot"].is_object())
                .collect();
            let bands: Vec<ElementRef> =
                root.select(&sel(&format!("#day {chart} g.slot"))).collect();
            assert_eq!(bands.len(), slotted.len(), "{chart}");
            for (band, row) in bands.iter().zip(&slotted) {
                assert_eq!(band.value().attr("data-speaker"), row["slug"].as_str());
                let rect = one(*band, "rect.band");
                assert_eq!(
                    rect.value().attr("data-starts"),
                    row["slot"]["starts"].as_str()
                );
                assert_eq!(rect.value().attr("data-ends"), row["slot"]["ends"].as_str());
                let label: Vec<String> = band.select(&sel("tspan")).map(text).collect();
                assert_eq!(
                    label.join(" "),
                    Truth::name(row),
                    "{chart}: labelled in the SVG"
                );
            }
            let (start, n, _) = t.busiest().unwrap();
            let peak = one(root, &format!("#day {chart} .peak-label"));
            assert_eq!(peak.value().attr("data-starts"), Some(start.as_str()));
            assert!(text(peak).ends_with(&n.to_string()));
        }
    }

    // 3. A row per speaker, in the programme's order.
    let rows: Vec<ElementRef> = root.select(&sel("#speakers tbody tr")).collect();
    assert_eq!(rows.len(), t.speakers.len());
    for (tr, row) in rows.iter().zip(&t.speakers) {
        let slug = row["slug"].as_str().unwrap();
        assert_eq!(tr.value().attr("data-slug"), Some(slug));
        let name = one(*tr, "td.name");
        assert!(text(name).starts_with(&Truth::name(row)), "{}", text(name));
        if linked {
            assert_eq!(
                one(name, "a").value().attr("href"),
                Some(format!("{slug}.html").as_str())
            );
        }
        for k in ["tweets", "authors"] {
            assert_eq!(
                text(one(*tr, &format!("td[data-key={k}]"))),
                row[k].to_string()
            );
        }
        for k in ["retweet_count", "favorite_count"] {
            let cell = text(one(*tr, &format!("td[data-key={k}]")));
            if t.counts_known() {
                assert_eq!(cell, row[k].to_string(), "{slug} {k}");
            } else {
                assert_eq!(cell, "not in the sources", "{slug} {k}");
            }
        }
        if let Some(talk) = row["talk"].as_str() {
            assert_eq!(text(one(*tr, "td.title")), talk);
        }
        // The top quote is one of the speaker's own tweets, not a retweet.
        let quote = text(one(*tr, "td.quote blockquote"));
        let speaker = row["speaker"].as_str().unwrap();
        assert!(
            t.hits.iter().any(|h| h["text"] == quote.as_str()
                && h["type"] != "retweet"
                && h["speakers"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|s| s == speaker)),
            "{slug}: {quote:?} is not a tweet about them"
        );
    }

    // 4. Leaderboards: stats's lists, each value shown as written.
    let board = |id: &str| -> Vec<(String, u64, String)> {
        root.select(&sel(&format!("#{id} ol.board li")))
            .map(|li| {
                (
                    li.value().attr("data-key").unwrap().to_string(),
                    text(one(li, ".n")).parse().unwrap(),
                    text(one(li, ".value")),
                )
            })
            .collect()
    };
    for (id, list, sign) in [
        ("contributors", "authors", "@"),
        ("mentioned", "mentions", "@"),
        ("domains", "domains", ""),
    ] {
        let shown = board(id);
        let keys: Vec<(String, u64)> = shown.iter().map(|(k, n, _)| (k.clone(), *n)).collect();
        assert_eq!(keys, t.list(list), "{id}");
        for (k, _, value) in &shown {
            assert_eq!(fold(value.strip_prefix(sign).unwrap()), *k, "{id}");
        }
    }
    let own = one(root, "#hashtags .own [data-key]");
    let tags = t.list("hashtags");
    let own_count = tags.iter().find(|(k, _)| k == t.own_tag()).unwrap().1;
    assert_eq!(text(own), own_count.to_string());
    let others: Vec<(String, u64)> = tags.into_iter().filter(|(k, _)| k != t.own_tag()).collect();
    let shown = board("hashtags");
    assert_eq!(
        shown
            .iter()
            .map(|(k, n, _)| (k.clone(), *n))
            .collect::<Vec<_>>(),
        others
    );
    for (k, _, value) in &shown {
        assert_eq!(fold(value.strip_prefix('#').unwrap()), *k);
    }
    let links: Vec<(String, u64, String)> = root
        .select(&sel("#links li"))
        .map(|li| {
            (
                text(one(li, ".value")),
                text(one(li, ".n")).parse().unwrap(),
                text(one(li, ".domain")),
            )
        })
        .collect();
    assert_eq!(
        links
            .iter()
            .map(|(u, n, _)| (u.clone(), *n))
            .collect::<Vec<_>>(),
        t.list("links")
    );
    for (url, _, domain) in &links {
        let host = url.split('/').nth(2).unwrap().to_lowercase();
        assert_eq!(*domain, host.trim_start_matches("www."), "{url}");
    }
    for (id, list) in [
        ("most-retweeted", "most_retweeted"),
        ("most-liked", "most_liked"),
    ] {
        let shown: Vec<(String, u64, String)> = root
            .select(&sel(&format!("#{id} li.quote")))
            .map(|li| {
                (
                    li.value().attr("data-id").unwrap().to_string(),
                    text(one(li, ".count")).parse().unwrap(),
                    text(one(li, "blockquote p.text")),
                )
            })
            .collect();
        let want: Vec<(String, u64, String)> = s[list]
            .as_array()
            .unwrap()
            .iter()
            .take(5)
            .map(|t| {
                (
                    t["id"].as_str().unwrap().to_string(),
                    t["count"].as_u64().unwrap(),
                    t["text"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(shown, want, "{id}");
        if !t.counts_known() {
            assert!(text(one(root, &format!("#{id}"))).contains("Not in the sources"));
        }
    }

    // 5. What the programme missed.
    let missed = one(root, "#missed");
    let orphans = t.unattributed();
    if orphans.is_empty() {
        assert!(text(missed).contains("Every tweet of the event was attributed"));
    } else {
        assert_eq!(
            text(one(missed, "[data-key=unattributed]")),
            orphans.len().to_string()
        );
        let mut mentioned: HashMap<String, usize> = HashMap::new();
        for h in &orphans {
            for m in h["mentions"].as_array().unwrap() {
                *mentioned.entry(fold(m.as_str().unwrap())).or_default() += 1;
            }
        }
        let chips: Vec<(String, usize)> = missed
            .select(&sel("#missed-mentions li"))
            .map(|li| {
                (
                    fold(text(one(li, ".value")).trim_start_matches('@')),
                    li.value().attr("data-tweets").unwrap().parse().unwrap(),
                )
            })
            .collect();
        assert!(!chips.is_empty() || mentioned.is_empty());
        for (handle, n) in chips {
            assert_eq!(mentioned.get(&handle), Some(&n), "@{handle}");
        }
        assert!(text(missed).contains("chirpdex speakers --discover"));
    }
}

/// The Markdown page rendered to HTML as a blog would, its numbers against the truth.
fn check_markdown(md: &str, t: &Truth, linked: bool) {
    let mut html = String::new();
    let parser = pulldown_cmark::Parser::new_ext(
        md,
        pulldown_cmark::Options::all() - pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION,
    );
    pulldown_cmark::html::push_html(&mut html, parser);
    let doc = Html::parse_fragment(&html);
    let root = doc.root_element();
    let s = &t.stats;
    let tables: Vec<ElementRef> = root.select(&sel("table")).collect();
    let cells = |table: ElementRef| -> Vec<Vec<String>> {
        table
            .select(&sel("tbody tr"))
            .map(|tr| tr.select(&sel("td")).map(text).collect())
            .collect()
    };

    // 1. The numbers, label then value.
    let numbers: BTreeMap<String, String> = cells(tables[0])
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    assert_eq!(numbers["Tweets"], t.total().to_string());
    for (label, kind) in [
        ("Originals", "original"),
        ("Retweets", "retweet"),
        ("Replies", "reply"),
        ("Quotes", "quote"),
    ] {
        let n = s["types"][kind].as_u64().unwrap();
        let (count, share) = numbers[label].split_once(" (").unwrap();
        assert_eq!(count, n.to_string());
        let want = n as f64 * 100.0 / t.total() as f64;
        assert!((percent(share.trim_end_matches(')')) - want).abs() <= 0.05);
    }
    let c = &s["contributors"];
    let (distinct, rest) = numbers["Contributors"]
        .split_once(" (the top 10 wrote ")
        .unwrap();
    assert_eq!(distinct, c["distinct"].to_string());
    let share = percent(rest.trim_end_matches(')'));
    assert!((share - c["top10_share"].as_f64().unwrap() * 100.0).abs() <= 0.06);
    for (label, k) in [("First tweet", "first"), ("Last tweet", "last")] {
        match s[k].as_str() {
            Some(when) => assert_eq!(numbers[label], t.local(when)),
            None => assert!(numbers[label].starts_with("unknown"), "{}", numbers[label]),
        }
    }
    match t.busiest() {
        Some((start, n, on_stage)) => assert_eq!(
            numbers["Busiest five minutes"],
            format!(
                "{n} tweets from {} (on stage: {})",
                t.local(&start),
                on_stage
                    .iter()
                    .map(|r| Truth::name(r))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        ),
        None => assert!(numbers["Busiest five minutes"].starts_with("unknown")),
    }
    let (retweets, likes) = t.received();
    for (label, n) in [("Retweets received", retweets), ("Likes received", likes)] {
        if t.counts_known() {
            assert_eq!(numbers[label], n.to_string());
        } else {
            assert_eq!(numbers[label], "not in the sources");
        }
    }
    if t.untimed() > 0 {
        assert_eq!(numbers["Day only, no time"], t.untimed().to_string());
    }

    // 2. The day: tweets per hour add up to the timed tweets.
    let speakers_table = if t.five.is_empty() {
        assert!(text(root).contains("there is no chart of the day"));
        tables[1]
    } else {
        let hours: u64 = cells(tables[1])
            .iter()
            .map(|r| r[1].parse::<u64>().unwrap())
            .sum();
        assert_eq!(hours + t.untimed(), t.total());
        tables[2]
    };

    // 3. A row per speaker: name, tweets, authors, retweets and likes received.
    let head: Vec<String> = speakers_table.select(&sel("thead th")).map(text).collect();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let rows = cells(speakers_table);
    assert_eq!(rows.len(), t.speakers.len());
    for (r, row) in rows.iter().zip(&t.speakers) {
        assert_eq!(r[0], Truth::name(row));
        assert_eq!(r[col("tweets")], row["tweets"].to_string());
        assert_eq!(r[col("authors")], row["authors"].to_string());
        for (name, k) in [
            ("retweets received", "retweet_count"),
            ("likes received", "favorite_count"),
        ] {
            if t.counts_known() {
                assert_eq!(r[col(name)], row[k].to_string());
            } else {
                assert_eq!(r[col(name)], "not in the sources");
            }
        }
    }
    let links: Vec<String> = speakers_table
        .select(&sel("a[href]"))
        .filter_map(|a| a.value().attr("href"))
        .filter(|h| !h.starts_with("http"))
        .map(String::from)
        .collect();
    if linked {
        let want: Vec<String> = t
            .speakers
            .iter()
            .map(|r| format!("{}.md", r["slug"].as_str().unwrap()))
            .collect();
        assert_eq!(links, want);
    } else {
        assert!(links.is_empty(), "{links:?}");
    }

    // 4. Leaderboards: each list under its heading, `value — count`.
    let list_after = |heading: &str| -> Vec<(String, u64)> {
        let h = root
            .select(&sel("h3"))
            .find(|h| text(*h).starts_with(heading))
            .unwrap_or_else(|| panic!("no heading {heading}"));
        let next = h
            .next_siblings()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().name() != "p")
            .unwrap();
        if next.value().name() != "ol" {
            return Vec::new();
        }
        next.select(&sel("li"))
            .map(|li| {
                let t = text(li);
                let (v, n) = t.rsplit_once(" — ").unwrap();
                (v.to_string(), n.parse().unwrap())
            })
            .collect()
    };
    for (heading, list, sign) in [
        ("Most active contributors", "authors", "@"),
        ("Most mentioned accounts", "mentions", "@"),
        ("Hashtags beside", "hashtags", "#"),
        ("Most shared sites", "domains", ""),
    ] {
        let shown: Vec<(String, u64)> = list_after(heading)
            .into_iter()
            .map(|(v, n)| (fold(v.strip_prefix(sign).unwrap()), n))
            .collect();
        let want: Vec<(String, u64)> = t
            .list(list)
            .into_iter()
            .filter(|(k, _)| list != "hashtags" || k != t.own_tag())
            .collect();
        assert_eq!(shown, want, "{heading}");
    }
    let links: Vec<(String, u64)> = list_after("Most shared links")
        .into_iter()
        .map(|(v, n)| (v.split(" (").next().unwrap().to_string(), n))
        .collect();
    assert_eq!(links, t.list("links"));

    // 5. What the programme missed.
    let orphans = t.unattributed().len();
    if orphans == 0 {
        assert!(text(root).contains("Every tweet of the event was attributed"));
    } else {
        assert!(
            text(root).contains(&format!(
                "{orphans} of {} tweets were attributed to no speaker",
                t.total()
            )),
            "{md}"
        );
    }
}

/// `index.json` against the truth.
fn check_json(j: &Value, t: &Truth) {
    let s = &t.stats;
    for k in ["total", "types", "untimed", "first", "last"] {
        assert_eq!(j[k], s[k], "{k}");
    }
    assert_eq!(j["contributors"]["distinct"], s["contributors"]["distinct"]);
    assert_eq!(
        j["contributors"]["top10_share"],
        s["contributors"]["top10_share"]
    );
    assert_eq!(j["event"]["slug"], t.slug.as_str());
    let pairs = |v: &Value, key: &str| -> Vec<(String, u64)> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e[key].as_str().unwrap().to_string(),
                    e["count"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    for k in ["authors", "mentions", "domains"] {
        assert_eq!(pairs(&j[k], "key"), t.list(k), "{k}");
    }
    let mut tags = pairs(&j["event_hashtags"], "key");
    tags.extend(pairs(&j["hashtags"], "key"));
    tags.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    assert_eq!(tags, t.list("hashtags"));
    assert_eq!(pairs(&j["links"], "url"), t.list("links"));
    for k in ["most_retweeted", "most_liked"] {
        let ids = |v: &Value| -> Vec<(Value, Value)> {
            v.as_array()
                .unwrap()
                .iter()
                .take(5)
                .map(|e| (e["id"].clone(), e["count"].clone()))
                .collect()
        };
        assert_eq!(ids(&j[k]), ids(&s[k]), "{k}");
    }
    let (retweets, likes) = t.received();
    if t.counts_known() {
        assert_eq!(j["retweet_count"], retweets);
        assert_eq!(j["favorite_count"], likes);
    } else {
        assert!(j["retweet_count"].is_null() && j["favorite_count"].is_null());
        assert_eq!(j["without_counts"], t.total());
    }
    match t.busiest() {
        Some((start, n, on_stage)) => {
            assert_eq!(j["busiest"]["starts"], start.as_str());
            assert_eq!(j["busiest"]["tweets"], n);
            let names: Vec<&Value> = on_stage.iter().map(|r| &r["speaker"]).collect();
            assert_eq!(j["busiest"]["on_stage"], serde_json::json!(names));
            let buckets: Vec<(String, u64)> = j["chart"]["buckets"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| {
                    (
                        b["starts"].as_str().unwrap().to_string(),
                        b["tweets"].as_u64().unwrap(),
                    )
                })
                .filter(|(_, n)| *n > 0)
                .collect();
            assert_eq!(buckets, t.five);
        }
        None => assert!(j["busiest"].is_null()),
    }
    let rows = j["speakers"].as_array().unwrap();
    assert_eq!(rows.len(), t.speakers.len());
    for (r, want) in rows.iter().zip(&t.speakers) {
        for k in ["speaker", "slug", "talk", "slot", "tweets", "authors"] {
            assert_eq!(r[k], want[k], "{k}");
        }
        for k in ["retweet_count", "favorite_count"] {
            if t.counts_known() {
                assert_eq!(r[k], want[k], "{k}");
            } else {
                assert!(r[k].is_null(), "{k}: {}", r[k]);
            }
        }
    }
    assert_eq!(j["missed"]["tweets"], t.unattributed().len());
    let textless = t.unattributed().iter().filter(|h| h["text"] == "").count();
    assert_eq!(j["missed"]["textless"], textless);
}

#[test]
fn the_synthetic_event_page_shows_the_numbers_of_stats_and_speakers() {
    let a = synthetic_archive();
    let t = Truth::of(a, "synthetic-2015");
    let out = tempfile::tempdir().unwrap();
    for format in ["md", "json"] {
        a.cmd()
            .args(["recap", "--all", "--format", format, "--out"])
            .arg(out.path().join(format))
            .assert()
            .success();
    }
    let read = |f: &str| std::fs::read_to_string(out.path().join(f)).unwrap();
    let html = read("md/index.html");
    assert_eq!(
        html,
        read("json/index.html"),
        "one page whatever the format beside it"
    );
    let doc = Html::parse_document(&html);
    check_html(&doc, &t, true);
    check_markdown(&read("md/index.md"), &t, true);
    check_json(&serde_json::from_str(&read("json/index.json")).unwrap(), &t);

    // The synthetic day has times and counts: nothing is unknown.
    assert!(!html.contains("not in the sources"));
    // Every slot is labelled inside the SVG in full, and the horizontal chart is shown on a wide
    // screen and on paper, the vertical one on a phone.
    assert!(
        html.contains("@media (max-width:40rem){\n.chart-h{display:none}\n.chart-v{display:block}")
    );
    assert!(html.contains("@media print{\nmain.overview{max-width:none}\n.chart-h{display:block}\n.chart-v{display:none}"));
    // The table becomes cards on a phone, each cell labelled.
    for td in doc.select(&sel("#speakers td.n")) {
        assert!(td.value().attr("data-label").is_some());
    }
}

#[test]
fn the_pasocial_event_page_says_what_its_copied_tweets_do_not_give() {
    let a = pasocial_archive();
    let t = Truth::of(a, "pasocial-2015");
    // Copied text: the day only, no counts; authors and texts are known.
    assert_eq!(t.untimed(), t.total());
    assert!(t.total() > 0);
    let html = a.stdout(&["recap", "--overview", "--out", "-"]);
    let doc = Html::parse_document(&html);
    check_html(&doc, &t, false);
    let md = a.stdout(&["recap", "--overview", "--format", "md"]);
    check_markdown(&md, &t, false);
    let json: Value =
        serde_json::from_str(&a.stdout(&["recap", "--overview", "--format", "json"])).unwrap();
    check_json(&json, &t);
    // Unknown is never 0: every count of the page is "not in the sources" or null.
    let root = doc.root_element();
    for k in ["retweet_count", "favorite_count"] {
        assert_eq!(
            text(one(root, &format!("#numbers [data-key={k}] dd"))),
            "not in the sources"
        );
    }
    for row in json["speakers"].as_array().unwrap() {
        assert!(row["retweet_count"].is_null() && row["favorite_count"].is_null());
        assert!(row["top_quote"]["retweet_count"].is_null(), "{row}");
        assert_eq!(row["without_counts"], row["tweets"]);
    }
    // The times of day are unknown, not made up.
    for k in ["first", "last", "busiest"] {
        assert!(
            text(one(root, &format!("#numbers [data-key={k}] dd"))).contains("unknown"),
            "{k}"
        );
    }
    // A speaker known only by a handle is named with its `@`.
    assert!(text(one(root, "#speakers tr[data-slug=ubimaggio] td.name")).starts_with("@ubimaggio"));
    // The programme gives no slot: no empty column.
    assert_eq!(doc.select(&sel("#speakers td.when")).count(), 0);
}

#[test]
fn the_event_page_shows_hostile_text_as_text_and_partial_counts_as_such() {
    // The recap fixture: hostile programme and tweets, and copied tweets (no counts, no time)
    // beside tweets that give both.
    let a = Archive::new();
    a.ingest_event(
        &data("recap/event.toml"),
        &[&data("recap/tweets.jsonl"), &data("recap/copied.txt")],
    );
    let html = a.stdout(&["recap", "--overview", "--out", "-"]);
    let doc = Html::parse_document(&html);
    no_markup_from_tweets(&doc);
    for link in doc.select(&sel("a[href]")) {
        let href = link.value().attr("href").unwrap();
        assert!(
            href.starts_with("http://") || href.starts_with("https://"),
            "{href}"
        );
    }
    let root = doc.root_element();
    assert!(text(one(root, "#speakers")).contains(r#"Dati aperti <em>per tutti</em> & "subito""#));
    // Some tweets give counts, the copied ones do not: the sum is over those that do, and says
    // how many had none.
    let json: Value =
        serde_json::from_str(&a.stdout(&["recap", "--overview", "--format", "json"])).unwrap();
    let without = json["without_counts"].as_u64().unwrap();
    assert!(
        without > 0 && json["retweet_count"].as_u64().is_some(),
        "{json}"
    );
    let note = text(one(root, "#numbers p.note"));
    let come = if without == 1 {
        "tweet comes"
    } else {
        "tweets come"
    };
    assert!(
        note.contains(&format!(
            "{without} {come} from sources that give no counts"
        )),
        "{note}"
    );
    let md = a.stdout(&["recap", "--overview", "--format", "md"]);
    let mut rendered = String::new();
    pulldown_cmark::html::push_html(&mut rendered, pulldown_cmark::Parser::new(&md));
    let doc = Html::parse_fragment(&rendered);
    for tag in ["script", "img", "b", "iframe"] {
        assert_eq!(
            doc.select(&sel(tag)).count(),
            0,
            "a <{tag}> in the Markdown"
        );
    }
    assert!(text(doc.root_element()).contains(r#"Dati aperti <em>per tutti</em> & "subito""#));
}

#[test]
fn the_event_page_is_written_where_asked_and_never_with_a_speaker() {
    let a = pasocial_archive();
    let dir = tempfile::tempdir().unwrap();
    for (file, starts) in [
        ("day.html", "<!DOCTYPE html>"),
        ("day.md", "# Social Media Manager"),
        ("day.json", "{"),
    ] {
        let path = dir.path().join(file);
        a.cmd()
            .args(["recap", "--event", "pasocial-2015", "--overview", "--out"])
            .arg(&path)
            .assert()
            .success();
        let written = std::fs::read_to_string(&path).unwrap();
        assert!(written.starts_with(starts), "{file}: {}", &written[..40]);
    }
    let out = a
        .cmd()
        .args(["recap", "--overview", "Luisa Quinto"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = a
        .cmd()
        .args(["recap", "--overview", "--all", "--out"])
        .arg(dir.path().join("all"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
