//! End-to-end tests of `chirpdex export` in its csv, gexf and quickwit formats: the built binary
//! on `tests/data/export/tweets.jsonl`, checked against what the test reads from that file itself.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::DateTime;
use serde_json::Value;

use crate::harness::{
    Archive, corpus, data, real_dump, run_measured, shown, twitter_time as created_at,
};

/// The fixture as the test reads it: its distinct tweets (the file repeats one), oldest first.
fn fixture() -> Vec<Value> {
    let text = std::fs::read_to_string(data("export/tweets.jsonl")).unwrap();
    let mut seen = BTreeSet::new();
    let mut tweets: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|t| seen.insert(t["id_str"].as_str().unwrap().to_string()))
        .collect();
    tweets.sort_by_key(created_at);
    tweets
}

fn id(t: &Value) -> String {
    t["id_str"].as_str().unwrap().to_string()
}

/// The text with Twitter's three HTML escapes undone.
fn text(t: &Value) -> String {
    shown(t)["text"]
        .as_str()
        .unwrap()
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn entities(t: &Value, kind: &str, key: &str) -> Vec<String> {
    shown(t)["entities"][kind]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e[key].as_str().unwrap().to_string())
        .collect()
}

/// Whether the fixture's event holds the tweet: all are of its day (17 November 2015 in Rome),
/// so those with its hashtag, in any case.
fn in_event(t: &Value) -> bool {
    entities(t, "hashtags", "text")
        .iter()
        .any(|h| h.eq_ignore_ascii_case("pasocial"))
}

/// The event a fixture tweet is attached to: `""` for none.
fn event_of(t: &Value) -> &'static str {
    if in_event(t) { "pasocial-2015" } else { "" }
}

/// A fresh index holding the fixture, attached to its event.
fn archive() -> Archive {
    let a = Archive::new();
    a.ingest_event(&data("export/event.toml"), &[&data("export/tweets.jsonl")]);
    a
}

/// Runs `export ARGS` and returns its stdout; asserts success.
fn export(a: &Archive, args: &[&str]) -> String {
    a.stdout(&[&["export"], args].concat())
}

/// A CSV's rows as maps from column name to cell.
fn rows(csv: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            assert_eq!(r.len(), header.len());
            header
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}

/// A text as twarc-csv writes it in a cell: carriage returns dropped, line breaks as `\n`.
fn one_line(text: &str) -> String {
    text.replace('\r', "").replace('\n', "\\n")
}

#[test]
fn csv_is_exact_by_default_and_defused_only_with_excel_safe() {
    let a = archive();
    let tweets = fixture();
    let want_ids: Vec<String> = tweets.iter().map(id).collect();

    let csv = export(&a, &["--format", "csv"]);
    assert_eq!(
        csv.lines().count(),
        tweets.len() + 1,
        "a header, then one line per tweet: line breaks are written \\n"
    );
    let exact = rows(&csv);
    let ids: Vec<&str> = exact.iter().map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, want_ids, "one row per distinct tweet, oldest first");
    for (row, t) in exact.iter().zip(&tweets) {
        assert_eq!(row["text"], one_line(&text(t)), "{}", row["id"]);
        assert_eq!(row["author.username"], author_of(t));
        assert_eq!(
            row["created_at"],
            created_at(t).format("%Y-%m-%dT%H:%M:%S.000Z").to_string()
        );
        for (column, cell) in row {
            assert!(
                !cell.starts_with('\''),
                "{column}: {cell:?} has a ' before it"
            );
        }
    }
    // The traps are in the fixture: a line break, a formula, replies that start with @.
    let texts: Vec<String> = tweets.iter().map(text).collect();
    assert!(texts.iter().any(|t| t.contains('\n')));
    assert!(texts.iter().any(|t| t.starts_with('=')));
    assert!(texts.iter().any(|t| t.starts_with('@')));

    // --raw-csv, from before exact was the default, still works and changes nothing.
    assert_eq!(export(&a, &["--format", "csv", "--raw-csv"]), csv);

    // --excel-safe: the same ids, and the formulas defused.
    let safe = rows(&export(&a, &["--format", "csv", "--excel-safe"]));
    let ids: Vec<&str> = safe.iter().map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, want_ids);
    for (row, t) in safe.iter().zip(&tweets) {
        let want = one_line(&text(t));
        if want.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            assert_eq!(row["text"], format!("'{want}"));
        } else {
            assert_eq!(row["text"], want);
        }
        for (column, cell) in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{column}: {cell:?} would run as a formula"
            );
        }
    }
}

/// Who wrote a tweet: for a retweet, the retweeter (the row is theirs, the text the original's).
fn author_of(t: &Value) -> &str {
    t["user"]["screen_name"].as_str().unwrap()
}

#[test]
fn csv_columns_carry_twarc_csv_names_and_encodings() {
    let a = archive();
    let csv = export(&a, &["--format", "csv", "--raw-csv"]);
    let header = csv.lines().next().unwrap();
    assert!(header.starts_with(
        "id,referenced_tweets.replied_to.id,referenced_tweets.retweeted.id,\
         referenced_tweets.quoted.id,author_id,"
    ));
    let rows = rows(&csv);
    for (row, t) in rows.iter().zip(&fixture()) {
        // A list as twarc-csv writes it: JSON, and an empty one an empty cell (missing to pandas).
        let list = |column: &str| -> Vec<String> {
            match row[column].as_str() {
                "" => Vec::new(),
                cell => {
                    let list: Vec<String> = serde_json::from_str(cell).unwrap();
                    assert!(!list.is_empty(), "{column}: an empty list is an empty cell");
                    assert!(cell.is_ascii(), "{column}: {cell} is Python's json.dumps");
                    list
                }
            }
        };
        let prefixed = |p: &str, v: Vec<String>| v.into_iter().map(|s| format!("{p}{s}")).collect();
        let hashtags: Vec<String> = prefixed("#", entities(t, "hashtags", "text"));
        assert_eq!(list("entities.hashtags"), hashtags);
        // A v1.1 retweet lists the retweeted account among its own mentions; chirpdex keeps the
        // original's, as twarc-csv does.
        let mentions: Vec<String> = prefixed("@", entities(t, "user_mentions", "screen_name"));
        assert_eq!(list("entities.mentions"), mentions);
        assert_eq!(list("entities.urls"), entities(t, "urls", "expanded_url"));
        let opt = |v: &Value| v.as_str().unwrap_or("").to_string();
        assert_eq!(
            row["referenced_tweets.replied_to.id"],
            opt(&t["in_reply_to_status_id_str"])
        );
        assert_eq!(
            row["in_reply_to_username"],
            opt(&t["in_reply_to_screen_name"])
        );
        assert_eq!(
            row["referenced_tweets.retweeted.id"],
            opt(&t["retweeted_status"]["id_str"])
        );
        assert_eq!(
            row["retweeted_username"],
            opt(&t["retweeted_status"]["user"]["screen_name"])
        );
        assert_eq!(
            row["referenced_tweets.quoted.id"],
            opt(&t["quoted_status_id_str"])
        );
        assert_eq!(row["author_id"], opt(&t["user"]["id_str"]));
        assert_eq!(row["author.name"], opt(&t["user"]["name"]));
        // A retweet's counts are its original's, as twarc-csv merges them (its own likes are 0).
        assert_eq!(
            row["public_metrics.retweet_count"],
            shown(t)["retweet_count"].to_string()
        );
        assert_eq!(
            row["public_metrics.like_count"],
            shown(t)["favorite_count"].to_string()
        );
        assert_eq!(row["event"], event_of(t));
        assert_eq!(
            row["url"],
            format!("https://twitter.com/{}/status/{}", author_of(t), id(t))
        );
        // The event's tweets that mention a speaker's handle are about that speaker; a tweet
        // outside the event is nobody's speaker's.
        let speakers: Vec<String> = list("speakers");
        if in_event(t)
            && mentions
                .iter()
                .any(|m| m.eq_ignore_ascii_case("@AleMiglioz"))
        {
            assert!(speakers.contains(&"Alessandra Migliozzi".to_string()));
        }
        assert!(in_event(t) || speakers.is_empty(), "{speakers:?}");
    }
}

/// Every tweet of an index as `search` shows it, by id, with what a CSV keeps of it: not the
/// counts (a retweet's are its original's in a CSV), nor where it was read from.
fn as_searched(a: &Archive) -> BTreeMap<String, Value> {
    const KEPT: [&str; 13] = [
        "created_at",
        "author",
        "author_name",
        "text",
        "type",
        "lang",
        "hashtags",
        "mentions",
        "urls",
        "retweet_of",
        "quote_of",
        "reply_to",
        "url",
    ];
    a.search("*")
        .into_iter()
        .map(|h| {
            let kept: serde_json::Map<String, Value> = KEPT
                .iter()
                .map(|k| (k.to_string(), h[*k].clone()))
                .collect();
            (h["id"].as_str().unwrap().to_string(), Value::Object(kept))
        })
        .collect()
}

#[test]
fn a_csv_export_ingests_back_as_the_same_tweets() {
    let a = archive();
    // Beside the fixture, sources whose ids are not Twitter's or that know only the day: copied
    // text and a web page, Mastodon, Bluesky, an archive, API v2 pages, the real copied page.
    a.ingest(
        &[
            &data("v2/pages.jsonl"),
            &data("text/four_languages.txt"),
            &data("html/page.html"),
            &data("mastodon/statuses.json"),
            &data("mastodon/outbox.json"),
            &data("bluesky/author_feed.json"),
            &data("archive/tweets.js"),
            &corpus("pasocial-2015/sara-durantini-pasocial-2015.txt"),
        ],
        0,
    );
    let before = as_searched(&a);
    assert!(before.keys().any(|id| id.starts_with("text:")));
    assert!(before.keys().any(|id| id.starts_with("https://")));
    assert!(before.keys().any(|id| id.starts_with("at://")));

    let csv = a.path("tweets.csv");
    a.cmd()
        .args(["export", "--out"])
        .arg(&csv)
        .assert()
        .success();
    let b = Archive::new();
    let (summary, stderr) = b.ingest(&[&csv], 0);
    assert_eq!(summary["rejected"], 0, "{stderr}");
    assert_eq!(summary["indexed"].as_u64(), Some(before.len() as u64));
    let after = as_searched(&b);
    for (id, tweet) in &before {
        assert_eq!(Some(tweet), after.get(id), "{id}");
    }

    // The second index's CSV is the first's, but for where each tweet was read from and the
    // event (the second ingest was given none).
    let again = rows(&export(&b, &["--format", "csv"]));
    let first = rows(&std::fs::read_to_string(&csv).unwrap());
    assert_eq!(again.len(), first.len());
    for (x, y) in first.iter().zip(&again) {
        for (column, cell) in x {
            if !["format", "source_file", "event", "speakers"].contains(&column.as_str()) {
                assert_eq!(cell, &y[column], "{}: {column}", x["id"]);
            }
        }
    }
}

/// The shared columns of a CSV, by tweet id: the columns twarc-csv also writes, as rows.
fn by_id(csv: &str, columns: &[String]) -> BTreeMap<String, BTreeMap<String, String>> {
    rows(csv)
        .into_iter()
        .map(|mut r| {
            r.retain(|c, _| columns.contains(c));
            (r["id"].clone(), r)
        })
        .collect()
}

/// A list cell with each entity once (case aside for hashtags and mentions), as chirpdex
/// lists them.
fn once(cell: &str, fold: bool) -> String {
    if cell.is_empty() {
        return String::new();
    }
    let items: Vec<String> = serde_json::from_str(cell).unwrap();
    let mut seen = BTreeSet::new();
    let kept: Vec<String> = items
        .into_iter()
        .filter(|i| seen.insert(if fold { i.to_lowercase() } else { i.clone() }))
        .collect();
    // Python's json.dumps, as both write it.
    let quoted: Vec<String> = kept.iter().map(|k| python_json(k)).collect();
    format!("[{}]", quoted.join(", "))
}

/// A string as Python's `json.dumps` writes it (ASCII only).
fn python_json(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            _ => {
                for unit in c.encode_utf16(&mut [0; 2]) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out + "\""
}

#[test]
fn csv_is_twarc_csvs_cell_for_cell_but_where_chirpdex_is_more_faithful() {
    // `export/pages.twarc-csv.csv` is what twarc-csv 0.7.2 wrote for `v2/pages.jsonl`.
    let twarc = std::fs::read_to_string(data("export/pages.twarc-csv.csv")).unwrap();
    let a = Archive::new();
    a.ingest(&[&data("v2/pages.jsonl")], 0);
    let ours = export(&a, &["--format", "csv"]);

    let header = |csv: &str| -> Vec<String> {
        let mut r = csv::Reader::from_reader(csv.as_bytes());
        r.headers().unwrap().iter().map(String::from).collect()
    };
    let (theirs_columns, our_columns) = (header(&twarc), header(&ours));
    let shared: Vec<String> = (our_columns.iter())
        .filter(|c| theirs_columns.contains(c))
        .cloned()
        .collect();
    // Every twarc-csv column chirpdex writes, in twarc-csv's order.
    assert_eq!(shared, our_columns[..18]);
    let in_their_order: Vec<&String> = (theirs_columns.iter())
        .filter(|c| shared.contains(c))
        .collect();
    assert_eq!(in_their_order, shared.iter().collect::<Vec<_>>());
    // chirpdex's own columns are named so that none means something else in twarc-csv.
    for c in &our_columns[18..] {
        assert!(!theirs_columns.contains(c), "{c} is twarc-csv's");
    }

    let theirs = by_id(&twarc, &shared);
    let ours = by_id(&ours, &shared);
    assert_eq!(
        theirs.keys().collect::<Vec<_>>(),
        ours.keys().collect::<Vec<_>>()
    );
    // Where chirpdex differs, on purpose: the long post's whole text and entities (`note_tweet`;
    // twarc-csv keeps the first 280 characters), and the hashtags of a tweet whose record has
    // no `entities`, which chirpdex finds in its text.
    const LONG_POST: &str = "1725438625182646272";
    const NO_ENTITIES: &str = "666589096965046272";
    let mut compared = 0;
    for (id, their_row) in &theirs {
        for (column, theirs) in their_row {
            let ours = &ours[id][column];
            let explained = match column.as_str() {
                "text" if id == LONG_POST => {
                    let cut = theirs.trim_end_matches('…');
                    assert!(ours.starts_with(cut) && ours.len() > theirs.len());
                    true
                }
                "entities.hashtags" if id == LONG_POST || id == NO_ENTITIES => {
                    assert!(ours.contains("#socialmediamanager"), "{ours}");
                    true
                }
                _ => false,
            };
            if explained {
                continue;
            }
            // Twitter's HTML escapes decoded; each entity once.
            let want = match column.as_str() {
                "text" => theirs
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&"),
                "entities.hashtags" | "entities.mentions" => once(theirs, true),
                "entities.urls" => once(theirs, false),
                _ => theirs.clone(),
            };
            assert_eq!(ours, &want, "{id}: {column}");
            compared += 1;
        }
    }
    assert!(compared > 100, "{compared} cells");
    // The fixture has what differs: an `&amp;`, and a retweet whose likes are its original's.
    assert!(theirs.values().any(|r| r["text"].contains("&amp;")));
    let retweet = &ours["666566447723446272"];
    assert_eq!(retweet["public_metrics.like_count"], "20");
}

#[test]
fn csv_of_a_real_twarc2_dump_gives_each_retweet_its_originals_likes() {
    let Some(path) = real_dump("twarc-csv/2sets.jsonl") else {
        return;
    };
    // What twarc-csv writes, reckoned from the pages: each tweet once (the first time it comes),
    // a retweet with its original's public_metrics where the page includes the original.
    let mut want: BTreeMap<String, (String, u64, bool)> = BTreeMap::new();
    for line in std::fs::read_to_string(&path).unwrap().lines() {
        let page: Value = serde_json::from_str(line).unwrap();
        let included: BTreeMap<&str, &Value> = page["includes"]["tweets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| (t["id"].as_str().unwrap(), t))
            .collect();
        for t in page["data"].as_array().unwrap() {
            let refs = t["referenced_tweets"].as_array();
            let original = refs
                .and_then(|r| r.iter().find(|r| r["type"] == "retweeted"))
                .and_then(|r| included.get(r["id"].as_str().unwrap()))
                .filter(|o| o["public_metrics"].is_object());
            let shown = original.copied().unwrap_or(t);
            let likes = shown["public_metrics"]["like_count"].as_u64().unwrap();
            let hashtags = shown["entities"]["hashtags"]
                .as_array()
                .is_some_and(|h| !h.is_empty());
            let created = t["created_at"].as_str().unwrap().to_string();
            want.entry(t["id"].as_str().unwrap().to_string())
                .or_insert((created, likes, hashtags));
        }
    }
    let a = Archive::new();
    a.ingest(&[&path], 0);
    let csv = export(&a, &["--format", "csv"]);
    assert_eq!(csv.lines().count(), want.len() + 1, "one line per tweet");
    let rows = rows(&csv);
    let mut total = 0;
    for row in &rows {
        let (created, likes, hashtags) = &want[&row["id"]];
        assert_eq!(&row["created_at"], created, "as the API wrote it");
        assert_eq!(
            row["public_metrics.like_count"],
            likes.to_string(),
            "{}",
            row["id"]
        );
        assert_eq!(
            !row["entities.hashtags"].is_empty(),
            *hashtags,
            "{}",
            row["id"]
        );
        total += likes;
    }
    // The figure twarc-csv gives for this file; the retweets' own like counts add up to 25.
    assert_eq!(total, 220_812);
}

#[test]
fn the_format_follows_the_out_extension_and_a_contradiction_is_refused() {
    let a = archive();
    let n = fixture().len();
    let written = |name: &str| -> Vec<u8> {
        let out = a.path(name);
        a.cmd()
            .args(["export", "--out"])
            .arg(&out)
            .assert()
            .success();
        std::fs::read(out).unwrap()
    };
    let csv = String::from_utf8(written("x.csv")).unwrap();
    assert!(
        csv.starts_with("id,referenced_tweets.replied_to.id,"),
        "{csv}"
    );
    assert_eq!(rows(&csv).len(), n);
    assert_eq!(String::from_utf8(written("x.CSV")).unwrap(), csv);
    for name in ["x.jsonl", "x.ndjson", "x.json", "x"] {
        let jsonl = String::from_utf8(written(name)).unwrap();
        assert_eq!(jsonl.lines().count(), n, "{name}");
        for line in jsonl.lines() {
            serde_json::from_str::<Value>(line).unwrap();
        }
    }
    let gexf = String::from_utf8(written("x.gexf")).unwrap();
    assert!(roxmltree::Document::parse(&gexf).is_ok());
    assert!(
        written("x.xlsx").starts_with(b"PK\x03\x04"),
        "a zip, as xlsx files are"
    );

    let refused = |args: &[&str], out: &str, why: &str| {
        let path = a.path(out);
        let run = a
            .cmd()
            .arg("export")
            .args(args)
            .arg("--out")
            .arg(&path)
            .assert()
            .code(2);
        let stderr = String::from_utf8(run.get_output().stderr.clone()).unwrap();
        assert!(stderr.contains(why), "{args:?} {out}: {stderr}");
        assert!(!path.exists(), "{out} written");
    };
    refused(
        &["--format", "jsonl"],
        "y.csv",
        "names a csv file, but --format is jsonl",
    );
    refused(
        &["--format", "csv"],
        "y.xlsx",
        "names a xlsx file, but --format is csv",
    );
    refused(&["--format", "gexf"], "y.ndjson", "but --format is gexf");
    refused(&[], "y.jsonl.gz", "does not compress");
    refused(
        &["--excel-safe"],
        "y.xlsx",
        "--excel-safe goes with --format csv",
    );
}
/// (source, target, kind) → weight.
type Edges = BTreeMap<(String, String, String), u64>;

/// The network as the test reckons it from the fixture: (source, target, kind) → tweets, and
/// each account's tweets. A retweet points at the retweeted author only; a reply at the author
/// answered, and mentions every other account it names.
fn expected_network() -> (Edges, BTreeMap<String, u64>) {
    let mut edges = BTreeMap::new();
    let mut nodes = BTreeMap::new();
    for t in fixture() {
        let author = t["user"]["screen_name"].as_str().unwrap().to_lowercase();
        *nodes.entry(author.clone()).or_insert(0) += 1;
        let mut edge = |target: &str, kind: &str| {
            let target = target.to_lowercase();
            nodes.entry(target.clone()).or_insert(0);
            *edges
                .entry((author.clone(), target, kind.to_string()))
                .or_insert(0) += 1;
        };
        if t["retweeted_status"].is_object() {
            edge(
                t["retweeted_status"]["user"]["screen_name"]
                    .as_str()
                    .unwrap(),
                "retweet",
            );
            continue;
        }
        let answered = t["in_reply_to_screen_name"].as_str().map(str::to_lowercase);
        if let Some(answered) = &answered {
            edge(answered, "reply");
        }
        for m in entities(&t, "user_mentions", "screen_name") {
            if Some(m.to_lowercase()) != answered {
                edge(&m, "mention");
            }
        }
    }
    (edges, nodes)
}

#[test]
fn gexf_is_the_network_of_mentions_retweets_and_replies() {
    let a = archive();
    let xml = export(&a, &["--format", "gexf"]);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    const NS: &str = "http://gexf.net/1.3";
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some(NS));
    assert_eq!(root.tag_name().name(), "gexf");
    assert_eq!(root.attribute("version"), Some("1.3"));
    let graph = root
        .children()
        .find(|n| n.has_tag_name((NS, "graph")))
        .unwrap();
    assert_eq!(graph.attribute("defaultedgetype"), Some("directed"));

    // Declared attributes, by class.
    let mut declared = BTreeMap::new();
    for attrs in graph
        .children()
        .filter(|n| n.has_tag_name((NS, "attributes")))
    {
        for attr in attrs
            .children()
            .filter(|n| n.has_tag_name((NS, "attribute")))
        {
            declared.insert(
                attr.attribute("title").unwrap(),
                (
                    attrs.attribute("class").unwrap(),
                    attr.attribute("id").unwrap(),
                ),
            );
        }
    }
    let (_, tweets_attr) = declared["tweets"];
    assert_eq!(declared["tweets"].0, "node");
    let (_, kind_attr) = declared["kind"];
    assert_eq!(declared["kind"].0, "edge");
    let attvalue = |n: roxmltree::Node, id: &str| -> String {
        n.descendants()
            .find(|v| v.has_tag_name((NS, "attvalue")) && v.attribute("for") == Some(id))
            .and_then(|v| v.attribute("value"))
            .unwrap()
            .to_string()
    };

    let (want_edges, want_nodes) = expected_network();
    let mut nodes = BTreeMap::new();
    let mut labels = BTreeMap::new();
    for node in graph.descendants().filter(|n| n.has_tag_name((NS, "node"))) {
        let id = node.attribute("id").unwrap().to_string();
        let tweets: u64 = attvalue(node, tweets_attr).parse().unwrap();
        labels.insert(id.clone(), node.attribute("label").unwrap().to_string());
        assert!(nodes.insert(id, tweets).is_none(), "one node per account");
    }
    assert_eq!(nodes, want_nodes);
    let mut edges = BTreeMap::new();
    for edge in graph.descendants().filter(|n| n.has_tag_name((NS, "edge"))) {
        let kind = edge.attribute("kind").unwrap().to_string();
        assert_eq!(attvalue(edge, kind_attr), kind);
        let key = (
            edge.attribute("source").unwrap().to_string(),
            edge.attribute("target").unwrap().to_string(),
            kind,
        );
        assert!(nodes.contains_key(&key.0) && nodes.contains_key(&key.1));
        let weight: f64 = edge.attribute("weight").unwrap().parse().unwrap();
        assert!(
            edges.insert(key, weight as u64).is_none(),
            "one edge per (source, target, kind)"
        );
    }
    assert_eq!(edges, want_edges);
    assert!(
        edges.values().any(|&w| w > 1),
        "the fixture has a repeated edge"
    );
    let counts = |tag: &str| {
        let n = graph
            .descendants()
            .find(|n| n.has_tag_name((NS, tag)))
            .unwrap();
        n.attribute("count").unwrap().parse::<usize>().unwrap()
    };
    assert_eq!(
        (counts("nodes"), counts("edges")),
        (nodes.len(), edges.len())
    );

    // Labels as written: the account's own spelling, else the first one seen; markup in a
    // handle comes through the XML intact.
    assert_eq!(labels["saradurantini"], "SaraDurantini");
    assert_eq!(labels["unitwitts"], "UniTwitTS");
    assert_eq!(labels["alemiglioz"], "AleMiglioz");
    assert_eq!(labels["rock&roll<pa>\"x\""], "Rock&Roll<PA>\"x\"");
}

#[test]
fn quickwit_writes_one_document_per_distinct_tweet_and_a_config_naming_every_field() {
    let a = archive();
    let dir = a.path("qw");
    a.cmd()
        .args(["export", "--format", "quickwit", "--out"])
        .arg(&dir)
        .assert()
        .success();
    let tweets = fixture();
    let ndjson = std::fs::read_to_string(dir.join("tweets.ndjson")).unwrap();
    let docs: Vec<serde_json::Map<String, Value>> = ndjson
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), tweets.len(), "one line per distinct tweet");
    let by_id: BTreeMap<String, &Value> = tweets.iter().map(|t| (id(t), t)).collect();
    let mut seen = BTreeSet::new();
    for doc in &docs {
        let id = doc["id"].as_str().unwrap();
        assert!(seen.insert(id), "{id} twice");
        let t = by_id[id];
        let at = DateTime::parse_from_rfc3339(doc["created_at"].as_str().unwrap()).unwrap();
        assert_eq!(at, created_at(t));
        let lower = |v: Vec<String>| v.iter().map(|s| s.to_lowercase()).collect::<Vec<_>>();
        let array =
            |key: &str| -> Vec<String> { serde_json::from_value(doc[key].clone()).unwrap() };
        assert_eq!(array("hashtags"), lower(entities(t, "hashtags", "text")));
        assert_eq!(
            array("mentions"),
            lower(entities(t, "user_mentions", "screen_name"))
        );
        let speakers = array("speakers");
        assert_eq!(speakers, lower(speakers.clone()));
        for (handle, name) in [
            ("alemiglioz", "alessandra migliozzi"),
            ("fdicos10", "francesco di costanzo"),
        ] {
            if in_event(t) && array("mentions").iter().any(|m| m == handle) {
                assert!(speakers.iter().any(|s| s == name), "{id}: {speakers:?}");
            }
        }
        // A tweet outside the event is nobody's speaker's.
        assert!(in_event(t) || speakers.is_empty(), "{id}: {speakers:?}");
        assert_eq!(doc["text"], text(t));
        assert_eq!(doc["author"], author_of(t));
        let event = Some(event_of(t)).filter(|e| !e.is_empty());
        assert_eq!(doc["event"], serde_json::json!(event));
    }
    // A hashtag written in capitals is found in lower case.
    assert!(docs.iter().any(|d| {
        d["hashtags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h == "università")
    }));

    let config: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&std::fs::read_to_string(dir.join("index-config.yaml")).unwrap())
            .expect("the index config is YAML");
    assert_eq!(config["index_id"].as_str(), Some("chirpdex"));
    assert_eq!(config["version"].as_f64(), Some(0.8));
    let mapping = &config["doc_mapping"];
    let fields: BTreeMap<&str, &serde_yaml_ng::Value> = mapping["field_mappings"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|f| (f["name"].as_str().unwrap(), f))
        .collect();
    for doc in &docs {
        for key in doc.keys() {
            assert!(fields.contains_key(key.as_str()), "{key} is not mapped");
        }
    }
    assert_eq!(mapping["timestamp_field"].as_str(), Some("created_at"));
    let created = fields["created_at"];
    assert_eq!(created["type"].as_str(), Some("datetime"));
    assert_eq!(created["fast"].as_bool(), Some(true));
    assert_eq!(created["input_formats"][0].as_str(), Some("rfc3339"));
    for name in ["hashtags", "mentions", "speakers"] {
        let f = fields[name];
        assert_eq!(f["type"].as_str(), Some("array<text>"), "{name}");
        assert_eq!(f["tokenizer"].as_str(), Some("raw"), "{name}");
        assert_eq!(f["fast"].as_bool(), Some(true), "{name}");
    }
    assert_eq!(fields["text"]["record"].as_str(), Some("position"));
    assert_eq!(fields["retweet_count"]["type"].as_str(), Some("u64"));
    assert_eq!(
        config["search_settings"]["default_search_fields"][0].as_str(),
        Some("text")
    );
}

#[test]
fn the_query_selects_what_is_exported() {
    let a = archive();
    let stella: Vec<String> = fixture()
        .iter()
        .filter(|t| t["user"]["screen_name"] == "StellaTeodonio")
        .map(id)
        .collect();
    assert!(!stella.is_empty());
    let rows = rows(&export(&a, &["author:StellaTeodonio", "--format", "csv"]));
    let ids: Vec<String> = rows.iter().map(|r| r["id"].clone()).collect();
    assert_eq!(ids, stella);
    // Nobody matched: a header and no rows, not an error.
    let none = export(&a, &["author:nobody", "--format", "csv"]);
    assert_eq!(none.lines().count(), 1);
}

#[test]
fn options_that_do_not_fit_the_format_are_refused_with_a_reason() {
    let a = archive();
    let refused = |args: &[&str], why: &str| {
        let out = a.cmd().arg("export").args(args).assert().code(2);
        let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        assert!(stderr.contains(why), "{args:?}: {stderr}");
    };
    refused(&["--format", "quickwit"], "--out DIR");
    refused(
        &["--format", "gexf", "--raw-csv"],
        "--raw-csv goes with --format csv",
    );
    refused(
        &["--format", "csv", "--index-id", "x1x"],
        "--index-id goes with",
    );
    let out = a.path("qw").display().to_string();
    refused(
        &["--format", "quickwit", "--out", &out, "--index-id", "2015"],
        "not a Quickwit index id",
    );
    refused(&["(", "--format", "csv"], "cannot read the query");

    // A valid id goes into the config.
    a.cmd()
        .args([
            "export",
            "--format",
            "quickwit",
            "--index-id",
            "pasocial-2015",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let config = std::fs::read_to_string(Path::new(&out).join("index-config.yaml")).unwrap();
    assert!(config.contains("\nindex_id: pasocial-2015\n"));
}

/// A workbook's sheet as calamine reads it.
fn sheet(path: &Path, name: &str) -> calamine::Range<calamine::Data> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    book.worksheet_range(name).unwrap()
}

/// A sheet's rows as maps from column name (the header row) to cell.
fn sheet_rows(range: &calamine::Range<calamine::Data>) -> Vec<BTreeMap<String, calamine::Data>> {
    let mut rows = range.rows();
    let header: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    rows.map(|r| header.iter().cloned().zip(r.iter().cloned()).collect())
        .collect()
}

#[test]
fn xlsx_has_the_csv_columns_as_typed_cells_and_says_what_it_holds() {
    use calamine::Data;
    let a = archive();
    let tweets = fixture();
    let out = a.path("tweets.xlsx");
    a.cmd()
        .args(["export", "--no-retweets", "--out"])
        .arg(&out)
        .assert()
        .success();
    let kept: Vec<&Value> = tweets
        .iter()
        .filter(|t| !t["retweeted_status"].is_object())
        .collect();

    let range = sheet(&out, "Tweets");
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let csv = export(&a, &["--format", "csv", "--no-retweets"]);
    let csv_header = csv.lines().next().unwrap();
    assert_eq!(header.join(","), csv_header, "the CSV's columns");
    let rows = sheet_rows(&range);
    assert_eq!(rows.len(), kept.len());
    let rome: chrono_tz::Tz = "Europe/Rome".parse().unwrap();
    let text_cell = |d: &Data| match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("{other:?} is not a text cell"),
    };
    for (row, t) in rows.iter().zip(&kept) {
        // Ids are text, all 18 digits of them; texts are text, line breaks and all, even the one
        // that starts with `=`.
        assert_eq!(text_cell(&row["id"]), id(t));
        assert_eq!(
            text_cell(&row["author_id"]),
            t["user"]["id_str"].as_str().unwrap()
        );
        assert_eq!(text_cell(&row["text"]), text(t));
        assert_eq!(text_cell(&row["author.username"]), author_of(t));
        let replied = t["in_reply_to_status_id_str"].as_str().unwrap_or("");
        assert_eq!(text_cell(&row["referenced_tweets.replied_to.id"]), replied);
        // A time is a date cell holding the local time of the event's zone.
        let Data::DateTime(at) = &row["created_at"] else {
            panic!("{:?} is not a date cell", row["created_at"]);
        };
        let local = created_at(t).with_timezone(&rome).naive_local();
        assert_eq!(at.as_datetime(), Some(local), "{}", id(t));
        // Counts are numbers.
        assert_eq!(
            row["public_metrics.like_count"],
            Data::Float(t["favorite_count"].as_f64().unwrap())
        );
        assert_eq!(row["date_only"], Data::Bool(false));
        let hashtags = entities(t, "hashtags", "text");
        if let Some(first) = hashtags.first() {
            assert!(text_cell(&row["entities.hashtags"]).contains(&format!("\"#{first}\"")));
        }
    }
    assert!(kept.iter().any(|t| text(t).starts_with('=')));
    assert!(kept.iter().any(|t| text(t).contains('\n')));
    {
        use calamine::Reader;
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
        let formulas = book.worksheet_formula("Tweets").unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "no formulas"
        );
    }

    // The header stays in view: the sheet is frozen below its first row.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(
        xml.contains(r#"ySplit="1""#) && xml.contains(r#"state="frozen""#),
        "{}",
        &xml[..600]
    );

    // The second sheet: what was asked, the zone, the counts, when.
    let about: BTreeMap<String, Data> = sheet(&out, "About")
        .rows()
        .map(|r| (r[0].to_string(), r[1].clone()))
        .collect();
    assert_eq!(about["query"], Data::String("*".into()));
    assert_eq!(about["--no-retweets"], Data::String("yes".into()));
    assert_eq!(about["time zone"], Data::String("Europe/Rome".into()));
    assert_eq!(about["tweets"], Data::Float(kept.len() as f64));
    let replies = kept
        .iter()
        .filter(|t| t["in_reply_to_status_id_str"].is_string())
        .count();
    assert_eq!(about["replies"], Data::Float(replies as f64));
    assert_eq!(about["retweets"], Data::Float(0.0));
    let made = about["made"].to_string();
    let made = chrono::DateTime::parse_from_rfc3339(&made).expect("an RFC 3339 time");
    let age = chrono::Utc::now().signed_duration_since(made);
    assert!(age.num_seconds() >= 0 && age.num_minutes() < 10, "{made}");
}

#[test]
fn xlsx_gives_a_tweet_known_by_its_day_that_day() {
    use calamine::Data;
    let a = Archive::new();
    a.ingest_event(
        &corpus("pasocial-2015/event.toml"),
        &[&corpus("pasocial-2015/sara-durantini-pasocial-2015.txt")],
    );
    let out = a.path("day.xlsx");
    a.cmd()
        .args(["export", "--out"])
        .arg(&out)
        .assert()
        .success();
    let rows = sheet_rows(&sheet(&out, "Tweets"));
    assert!(!rows.is_empty());
    for row in &rows {
        assert_eq!(row["date_only"], Data::Bool(true));
        let Data::DateTime(at) = &row["created_at"] else {
            panic!("{:?}", row["created_at"]);
        };
        // 17 November 2015 as the page says, not midnight UTC moved to Rome's 01:00.
        let day = chrono::NaiveDate::from_ymd_opt(2015, 11, 17).unwrap();
        assert_eq!(at.as_datetime(), Some(day.and_hms_opt(0, 0, 0).unwrap()));
    }
    let about: BTreeMap<String, Data> = sheet(&out, "About")
        .rows()
        .map(|r| (r[0].to_string(), r[1].clone()))
        .collect();
    assert_eq!(
        about["known by their day only"],
        Data::Float(rows.len() as f64)
    );
}

/// Rows go to a temporary file as they are written: a workbook of 20,000 tweets takes no more
/// memory than exporting them as JSON lines does.
#[cfg(target_os = "linux")]
#[test]
fn xlsx_of_20000_tweets_is_written_in_bounded_memory() {
    const TWEETS: usize = 20_000;
    let a = Archive::new();
    let dump = a.generate("gen.jsonl", TWEETS, None);
    a.ingest(&[&dump], 0);
    let out = a.path("all.xlsx");
    let mut cmd = a.std_cmd();
    cmd.arg("export").arg("--out").arg(&out);
    let (code, _, stderr, peak) = run_measured(cmd, std::time::Duration::from_secs(600));
    assert_eq!(code, 0, "{stderr}");
    eprintln!("xlsx of {TWEETS} tweets: peak {peak} MiB");
    // Measured in a debug build: 59 MiB. For 50,000 tweets: 72 MiB (JSON lines: 70), and 237
    // MiB when rust_xlsxwriter held the sheet in memory (without its constant-memory mode).
    assert!(peak < 90, "peak {peak} MiB");
    assert_eq!(sheet(&out, "Tweets").height(), TWEETS + 1);
}

#[test]
fn export_names_a_speaker_as_search_and_recap_do() {
    let a = archive();
    // At least every tweet that mentions the speaker's handle, as the fixture says.
    let mentioning = fixture()
        .iter()
        .filter(|t| {
            in_event(t)
                && entities(t, "user_mentions", "screen_name")
                    .iter()
                    .any(|m| m.eq_ignore_ascii_case("AleMiglioz"))
        })
        .count();
    assert!(mentioning > 0);
    let by_name = a.count(&["--speaker", "Alessandra Migliozzi"]);
    assert!(by_name >= mentioning, "{by_name} {mentioning}");
    for who in [
        "AleMiglioz",
        "@alemiglioz",
        "alessandra migliozzi",
        "alessandra-migliozzi",
    ] {
        let lines = export(&a, &["--speaker", who]).lines().count();
        assert_eq!(lines, by_name, "--speaker {who}");
    }
    // An unknown speaker is an error that names the known ones, and writes nothing.
    let out = a.path("nobody.jsonl");
    let run = a
        .cmd()
        .args(["export", "--speaker", "Nobody", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("Alessandra Migliozzi, Francesco Di Costanzo"),
        "{err}"
    );
    assert!(!out.exists());
}
