//! Which tweets belong to an event (`ingest --event`, `event apply`), on `tests/data/events/`:
//! two events on consecutive days in Rome (`day-one.toml`: 17 November 2015, #pasocial;
//! `day-two.toml`: the 18th, #PASocial or #Università), a first draft of day one without a day or
//! hashtag (`draft.toml`), and nine tweets (`tweets.jsonl`, `copied.txt`):
//!
//! | tweet | when (UTC) | in Rome | hashtags | belongs to |
//! |---|---|---|---|---|
//! | 1001 | 17th 08:30 | 17th | #pasocial, quotes @annabianchi | day one |
//! | 1002 | 17th 22:30 | 17th 23:30 | #PASocial | day one |
//! | 1003 | 17th 23:30 | 18th 00:30 | #pasocial | day two |
//! | 1004 | 18th 09:00 | 18th | #pasocial, quotes @brunoverdi | day two |
//! | 1005 | 17th 10:00 | 17th | none | neither |
//! | 1006 | 19th 10:00 | 19th | #pasocial | neither |
//! | 1007 | 17th 08:40 | 17th | none of its own: a retweet of 1001 | day one |
//! | 1008 | 18th 10:30 | 18th | #UNIVERSITÀ | day two |
//! | copied | the 18th, no time | | #pasocial, names Bruno Verdi | day two |

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::{Value, json};

use crate::harness::{Archive, data};

fn file(name: &str) -> PathBuf {
    data(&format!("events/{name}"))
}

/// A fixture id: `1001` is `666530000000001001`.
fn id(n: u32) -> String {
    format!("66653000000000{n}")
}

fn ids(ns: &[u32]) -> BTreeSet<String> {
    ns.iter().map(|&n| id(n)).collect()
}

/// The id of the copied tweet (made from its content).
fn copied(a: &Archive) -> String {
    let found = a.ids("\"chiude la giornata\"");
    assert_eq!(found.len(), 1, "{found:?}");
    found[0].clone()
}

/// The tweets attached to `event`.
fn held(a: &Archive, event: &str) -> BTreeSet<String> {
    a.ids(&format!("event:{event}")).into_iter().collect()
}

/// Every tweet and the speakers it is attributed to, by id.
fn speakers(a: &Archive) -> Vec<(String, Value)> {
    let mut all: Vec<(String, Value)> = a
        .search("*")
        .into_iter()
        .map(|h| (h["id"].as_str().unwrap().to_string(), h["speakers"].clone()))
        .collect();
    all.sort_by(|x, y| x.0.cmp(&y.0));
    all
}

/// Runs `event apply` with `args` (the programme among them); returns its JSON report, and
/// checks that the table it prints for people says the same.
fn apply(a: &Archive, args: &[&str]) -> Value {
    let run = |format: &str| {
        let out = a
            .cmd()
            .args(["event", "apply", "--format", format])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    let json = run("json");
    let report: Value = serde_json::from_slice(&json.stdout).expect("one JSON object");
    // Applying again changes nothing: the table's counts are the same, except that what was
    // attached or moved is now re-attributed, and what was detached is outside.
    let table = String::from_utf8(run("table").stderr).unwrap();
    let n = |key: &str| report[key].as_u64().unwrap();
    let slug = report["slug"].as_str().unwrap();
    let line = |count: u64, what: &str| {
        assert!(
            table
                .lines()
                .any(|l| l.trim_start().starts_with(&format!("{count}  {what}"))),
            "no {count} {what:?} in\n{table}"
        );
    };
    line(0, "attached (new)");
    line(
        n("attached") + n("reattributed") + n("moved"),
        "re-attributed",
    );
    line(0, "moved from other events");
    line(n("left"), "left with other events");
    line(0, "detached");
    line(n("outside") + n("detached"), "outside the rule, untouched");
    assert!(
        table.starts_with(&format!(
            "{slug} holds tweets {}; {} matched:",
            report["rule"].as_str().unwrap(),
            report["matched"]
        )),
        "{table}"
    );
    report
}

#[test]
fn ingest_with_an_event_attaches_the_tweets_of_its_days_with_its_hashtags_and_counts_the_rest() {
    let a = Archive::new();
    let out = a
        .cmd()
        .args(["ingest", "--format", "json", "--event"])
        .arg(file("day-one.toml"))
        .arg(file("tweets.jsonl"))
        .arg(file("copied.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["indexed"], 9);
    assert_eq!(
        summary["event"],
        json!({
            "slug": "day-one",
            "rule": "on 2015-11-17 with #pasocial",
            "attached": 3,
            "unattached": 6,
            "other_day": 5,
            "no_hashtag": 1,
        })
    );
    // 1002 is late in the evening in Rome; 1007 is a retweet whose own entities have no hashtag.
    assert_eq!(held(&a, "day-one"), ids(&[1001, 1002, 1007]));
    // Only the event's tweets are attributed to its speakers.
    for (id, speakers) in speakers(&a) {
        let want = if id == self::id(1001) || id == self::id(1007) {
            json!(["Anna Bianchi"])
        } else {
            json!([])
        };
        assert_eq!(speakers, want, "{id}");
    }
    // Every count of the event is of those three tweets.
    let stats: Value =
        serde_json::from_str(&a.stdout(&["stats", "--event", "day-one", "--format", "json"]))
            .unwrap();
    assert_eq!(stats["total"], 3);
    let rows: Value = serde_json::from_str(&a.stdout(&["speakers", "--format", "json"])).unwrap();
    assert_eq!(rows["event"]["tweets"], 3);
    let recap: Value =
        serde_json::from_str(&a.stdout(&["recap", "Anna Bianchi", "--format", "json"])).unwrap();
    assert_eq!(recap["event"]["tweets"], 3);
    assert_eq!(a.count(&["--event", "day-one"]), 3);

    // The summary for people says the same on stderr, the reasons apart.
    let b = Archive::new();
    let out = b
        .cmd()
        .args(["ingest", "--event"])
        .arg(file("day-two.toml"))
        .arg(file("tweets.jsonl"))
        .arg(file("copied.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(lines[0].starts_with("9 read, 9 indexed,"), "{stderr}");
    assert_eq!(
        lines[1..],
        [
            "4 attached to day-two (tweets on 2015-11-18 with #PASocial or #Università)",
            "5 left unattached: 5 on other days",
        ],
        "{stderr}"
    );
    let mut two = ids(&[1003, 1004, 1008]);
    two.insert(copied(&b));
    assert_eq!(held(&b, "day-two"), two);
    // Ingesting again adds nothing and attaches nothing.
    let (again, _) = b.ingest(&[&file("tweets.jsonl")], 0);
    assert_eq!(again["indexed"], 0);
    assert_eq!(
        again["event"],
        Value::Null,
        "no event, no attachment counts"
    );
}

#[test]
fn event_apply_attaches_its_own_tweets_and_leaves_another_events_unless_asked_to_move_them() {
    let a = Archive::new();
    a.ingest_event(
        &file("day-one.toml"),
        &[&file("tweets.jsonl"), &file("copied.txt")],
    );
    let one = ids(&[1001, 1002, 1007]);
    let mut two = ids(&[1003, 1004, 1008]);
    two.insert(copied(&a));
    let day_two = file("day-two.toml");
    let day_two = day_two.to_str().unwrap();

    // A QUERY narrows the rule further: of Lucia's two tweets, the one of the 18th (the other
    // is day one's, and outside day two's rule).
    let report = apply(&a, &[day_two, "from:lucia"]);
    assert_eq!(
        (
            &report["matched"],
            &report["attached"],
            &report["outside"],
            &report["left"]
        ),
        (&json!(2), &json!(1), &json!(1), &json!(0)),
        "{report}"
    );
    assert_eq!(report["reattributed"], 0);
    assert_eq!(held(&a, "day-two"), ids(&[1004]));

    // The whole day: day one's tweets are not day two's, and stay day one's.
    let report = apply(&a, &[day_two]);
    assert_eq!(
        report["rule"],
        "on 2015-11-18 with #PASocial or #Università"
    );
    assert_eq!(
        [
            "matched",
            "attached",
            "reattributed",
            "moved",
            "left",
            "detached",
            "outside"
        ]
        .map(|k| report[k].as_u64().unwrap()),
        [9, 3, 1, 0, 0, 0, 5],
        "{report}"
    );
    assert_eq!(held(&a, "day-two"), two);
    assert_eq!(
        held(&a, "day-one"),
        one,
        "another event's tweets are never taken"
    );
    let bruno: BTreeSet<String> = a.ids("speaker:\"Bruno Verdi\"").into_iter().collect();
    let mut named = ids(&[1004, 1008]);
    named.insert(copied(&a));
    assert_eq!(bruno, named);
    assert_eq!(report["attributed"], 3);
}

#[test]
fn a_draft_that_took_every_tweet_gives_back_the_other_days_only_when_asked() {
    // As `ingest --event` did before programmes had a rule: the draft holds all nine tweets.
    let a = Archive::new();
    a.ingest_event(
        &file("draft.toml"),
        &[&file("tweets.jsonl"), &file("copied.txt")],
    );
    let copied = copied(&a);
    let mut all = ids(&[1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008]);
    all.insert(copied.clone());
    assert_eq!(held(&a, "day-one"), all);
    let mut two = ids(&[1003, 1004, 1008]);
    two.insert(copied.clone());
    let day_two = file("day-two.toml");
    let day_two = day_two.to_str().unwrap();

    // Day two's tweets are day one's: left to it, and said so.
    let report = apply(&a, &[day_two]);
    assert_eq!(report["left"], 4, "{report}");
    assert_eq!(report["left_with"], json!({"day-one": 4}));
    assert_eq!(
        (&report["attached"], &report["moved"]),
        (&json!(0), &json!(0))
    );
    assert_eq!(held(&a, "day-two"), BTreeSet::new());
    assert_eq!(held(&a, "day-one"), all);

    // --move takes them.
    let out = a
        .cmd()
        .args(["event", "apply", day_two, "--move"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let table = String::from_utf8(out.stderr).unwrap();
    assert!(table.contains("  4  moved from other events"), "{table}");
    assert!(table.contains("  0  left with other events"), "{table}");
    assert_eq!(held(&a, "day-two"), two);

    // Day one's finished programme keeps its three tweets and lets the other days' go.
    let report = apply(&a, &[file("day-one.toml").to_str().unwrap()]);
    assert_eq!(
        [
            "attached",
            "reattributed",
            "moved",
            "left",
            "detached",
            "outside"
        ]
        .map(|k| report[k].as_u64().unwrap()),
        [0, 3, 0, 0, 2, 4],
        "{report}"
    );
    assert_eq!(held(&a, "day-one"), ids(&[1001, 1002, 1007]));
    assert_eq!(held(&a, "day-two"), two);
    // The detached tweets (1005 without the hashtag, 1006 of the 19th) are nobody's.
    for (id, speakers) in speakers(&a) {
        if id == self::id(1005) || id == self::id(1006) {
            assert_eq!(speakers, json!([]), "{id}");
        }
    }
    let stats: Value =
        serde_json::from_str(&a.stdout(&["stats", "--event", "day-one", "--format", "json"]))
            .unwrap();
    assert_eq!(stats["total"], 3);
    let stats: Value =
        serde_json::from_str(&a.stdout(&["stats", "--event", "day-two", "--format", "json"]))
            .unwrap();
    assert_eq!(stats["total"], 4);
    assert_eq!(a.ids("*").len(), 9, "applying replaces, never adds");
}
