//! Speaker attribution measured against a hand-labelled set (`tests/data/speakers/`): prints
//! precision and recall over (tweet, speaker) pairs, and what it got wrong.

use std::collections::BTreeSet;

use chirpdex::event::Event;
use chirpdex::extract::speakers::Matcher;
use chirpdex::model::{Author, Reference, Tweet, TweetType};
use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::harness::data;

#[derive(Deserialize)]
struct Labelled {
    id: String,
    created_at: String,
    #[serde(default)]
    date_only: bool,
    author: String,
    #[serde(rename = "type")]
    kind: String,
    retweet_of_author: Option<String>,
    lang: String,
    text: String,
    speakers: Vec<String>,
}

fn tweet(l: &Labelled) -> Tweet {
    Tweet {
        id: l.id.clone(),
        created_at: DateTime::parse_from_rfc3339(&l.created_at)
            .unwrap_or_else(|e| panic!("{}: created_at: {e}", l.id))
            .with_timezone(&Utc),
        author: Author {
            handle: l.author.clone(),
            ..Author::default()
        },
        lang: Some(l.lang.clone()),
        kind: TweetType::parse(&l.kind).unwrap_or_else(|| panic!("{}: type {}", l.id, l.kind)),
        retweet_of: l.retweet_of_author.as_ref().map(|a| Reference {
            id: String::new(),
            author: Some(a.clone()),
        }),
        date_only: l.date_only,
        ..chirpdex::extract::tweet(&l.text)
    }
}

#[test]
fn attribution_meets_its_targets_on_the_labelled_set() {
    let dir = data("speakers");
    let event = Event::load(&dir.join("event.toml")).unwrap();
    let names: BTreeSet<&str> = event.speakers.iter().map(|s| s.display()).collect();
    let matcher = Matcher::new(&event);
    let text = std::fs::read_to_string(dir.join("labelled.jsonl")).unwrap();
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let mut wrong = Vec::new();
    let mut n = 0;
    let mut italian = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let l: Labelled = serde_json::from_str(line).unwrap();
        n += 1;
        italian += usize::from(l.lang == "it");
        for s in &l.speakers {
            assert!(
                names.contains(s.as_str()),
                "{}: {s} is not in the programme",
                l.id
            );
        }
        let want: BTreeSet<&str> = l.speakers.iter().map(String::as_str).collect();
        let got_all = matcher.attribute(&tweet(&l));
        let got: BTreeSet<&str> = got_all.iter().map(|a| a.speaker.as_str()).collect();
        tp += want.intersection(&got).count();
        fp += got.difference(&want).count();
        fn_ += want.difference(&got).count();
        if want != got {
            wrong.push(format!(
                "{}: want {want:?}, got {got_all:?}: {}",
                l.id, l.text
            ));
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    println!(
        "labelled tweets: {n} ({italian} Italian, {} English)",
        n - italian
    );
    println!("pairs: {tp} right, {fp} wrongly attributed, {fn_} missed");
    println!("precision {precision:.3}, recall {recall:.3}");
    for w in &wrong {
        println!("  {w}");
    }
    assert!(n >= 150, "the labelled set has {n} tweets");
    assert!(precision >= 0.95, "precision {precision:.3}");
    assert!(recall >= 0.90, "recall {recall:.3}");
}
