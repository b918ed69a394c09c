//! End-to-end tests of `chirpdex export` in its csv, gexf and quickwit formats: the built binary
//! on `tests/data/export/tweets.jsonl`, checked against what the test reads from that file itself.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::DateTime;
use serde_json::Value;

use crate::harness::{Archive, data, shown, twitter_time as created_at};

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

#[test]
fn csv_reads_back_with_the_same_ids_and_with_raw_csv_the_same_texts() {
    let a = archive();
    let tweets = fixture();
    let want_ids: Vec<String> = tweets.iter().map(id).collect();

    let raw = rows(&export(&a, &["--format", "csv", "--raw-csv"]));
    let ids: Vec<&str> = raw.iter().map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, want_ids, "one row per distinct tweet, oldest first");
    for (row, t) in raw.iter().zip(&tweets) {
        assert_eq!(row["text"], text(t), "{}", row["id"]);
        assert_eq!(row["author.username"], author_of(t));
        assert_eq!(
            row["created_at"],
            created_at(t).format("%Y-%m-%dT%H:%M:%SZ").to_string()
        );
    }
    // The traps are in the fixture: a line break, a formula, replies that start with @.
    let texts: Vec<&str> = raw.iter().map(|r| r["text"].as_str()).collect();
    assert!(texts.iter().any(|t| t.contains('\n')));
    assert!(texts.iter().any(|t| t.starts_with('=')));
    assert!(texts.iter().any(|t| t.starts_with('@')));

    // By default the same ids, and the formulas defused.
    let safe = rows(&export(&a, &["--format", "csv"]));
    let ids: Vec<&str> = safe.iter().map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, want_ids);
    for (row, t) in safe.iter().zip(&tweets) {
        let want = text(t);
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
        let list = |column: &str| -> Vec<String> { serde_json::from_str(&row[column]).unwrap() };
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
        assert_eq!(
            row["public_metrics.retweet_count"],
            t["retweet_count"].to_string()
        );
        assert_eq!(
            row["public_metrics.like_count"],
            t["favorite_count"].to_string()
        );
        assert_eq!(row["event"], "pasocial-2015");
        assert_eq!(
            row["url"],
            format!("https://twitter.com/{}/status/{}", author_of(t), id(t))
        );
        // Tweets that mention a speaker's handle are about that speaker.
        let speakers: Vec<String> = list("speakers");
        if mentions
            .iter()
            .any(|m| m.eq_ignore_ascii_case("@AleMiglioz"))
        {
            assert!(speakers.contains(&"Alessandra Migliozzi".to_string()));
        }
    }
}

#[test]
fn a_raw_csv_export_ingests_back_as_the_same_tweets() {
    let a = archive();
    let csv = a.path("tweets.csv");
    a.cmd()
        .args(["export", "--format", "csv", "--raw-csv", "--out"])
        .arg(&csv)
        .assert()
        .success();
    let b = Archive::new();
    let (summary, _) = b.ingest(&[&csv], 0);
    assert_eq!(summary["rejected"], 0);
    assert_eq!(summary["indexed"], fixture().len());
    // The second index's own CSV export is the first's, but for where each tweet was read from.
    let out = b
        .cmd()
        .args(["export", "--format", "csv", "--raw-csv"])
        .output()
        .unwrap();
    let again = rows(&String::from_utf8(out.stdout).unwrap());
    let first = rows(&std::fs::read_to_string(&csv).unwrap());
    assert_eq!(again.len(), first.len());
    for (x, y) in first.iter().zip(&again) {
        for column in [
            "id",
            "text",
            "created_at",
            "author.username",
            "entities.hashtags",
        ] {
            assert_eq!(x[column], y[column], "{column}");
        }
    }
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
            if array("mentions").iter().any(|m| m == handle) {
                assert!(speakers.iter().any(|s| s == name), "{id}: {speakers:?}");
            }
        }
        assert_eq!(doc["text"], text(t));
        assert_eq!(doc["author"], author_of(t));
        assert_eq!(doc["event"], "pasocial-2015");
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

#[test]
fn export_names_a_speaker_as_search_and_recap_do() {
    let a = archive();
    // At least every tweet that mentions the speaker's handle, as the fixture says.
    let mentioning = fixture()
        .iter()
        .filter(|t| {
            entities(t, "user_mentions", "screen_name")
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
