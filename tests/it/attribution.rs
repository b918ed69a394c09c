//! Speaker attribution measured against a hand-labelled set (`tests/data/speakers/`): prints
//! precision and recall over (tweet, speaker) pairs, and what it got wrong.

use std::collections::{BTreeSet, HashMap};

use chirpdex::event::Event;
use chirpdex::extract::speakers::Matcher;
use chirpdex::model::{Author, Format, Method, Reference, Tweet, TweetType, snowflake_id};
use chrono::{DateTime, NaiveTime, Utc};
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
    /// The original's id in the same file (the sets labelled blind give it).
    #[serde(default)]
    retweet_of: Option<String>,
    retweet_of_author: Option<String>,
    lang: String,
    text: String,
    speakers: Vec<String>,
}

/// The tweet's time; for one that knows only its day, that day's midnight UTC, as the readers
/// of copied text write it.
fn time(l: &Labelled) -> DateTime<Utc> {
    let at = DateTime::parse_from_rfc3339(&l.created_at)
        .unwrap_or_else(|e| panic!("{}: created_at: {e}", l.id));
    if l.date_only {
        return at.date_naive().and_time(NaiveTime::MIN).and_utc();
    }
    at.with_timezone(&Utc)
}

/// The tweet as a Twitter source gives it. A retweet of an original in the file points to it
/// by a snowflake id made at the original's time, as Twitter's ids are: what the matcher knows
/// of the original is its id, author and text, never its labels.
fn tweet(l: &Labelled, times: &HashMap<String, DateTime<Utc>>) -> Tweet {
    let original = l.retweet_of.as_ref().map(|id| {
        let at = times
            .get(id)
            .unwrap_or_else(|| panic!("{}: retweet_of {id} is not earlier in the file", l.id));
        snowflake_id(*at, 1).to_string()
    });
    Tweet {
        id: l.id.clone(),
        created_at: time(l),
        author: Author {
            handle: l.author.clone(),
            ..Author::default()
        },
        lang: Some(l.lang.clone()),
        kind: TweetType::parse(&l.kind).unwrap_or_else(|| panic!("{}: type {}", l.id, l.kind)),
        retweet_of: (l.retweet_of.is_some() || l.retweet_of_author.is_some()).then(|| Reference {
            id: original.unwrap_or_default(),
            author: l.retweet_of_author.clone(),
        }),
        date_only: l.date_only,
        // As a Twitter source gives it: its ids are snowflakes.
        format: Format::V1,
        ..chirpdex::extract::tweet(&l.text)
    }
}

/// How attribution did on one labelled set, over (tweet, speaker) pairs.
struct Score {
    tweets: usize,
    italian: usize,
    /// Tweets whose speakers are exactly the labelled ones.
    exact: usize,
    tp: usize,
    fp: usize,
    fn_: usize,
    /// Per method: (right, wrong) attributions.
    methods: std::collections::BTreeMap<String, (usize, usize)>,
    wrong: Vec<String>,
}

impl Score {
    fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }

    fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }

    /// Prints the figures and what went wrong, for `cargo test -- --nocapture`.
    fn print(&self, set: &str) {
        println!(
            "{set}: {} labelled tweets ({} Italian, {} English), {} exactly right",
            self.tweets,
            self.italian,
            self.tweets - self.italian,
            self.exact
        );
        println!(
            "{set}: pairs {} right, {} wrongly attributed, {} missed: precision {:.3}, recall {:.3}",
            self.tp,
            self.fp,
            self.fn_,
            self.precision(),
            self.recall()
        );
        for (method, (right, wrong)) in &self.methods {
            println!(
                "{set}: by {method}: {right} right, {wrong} wrong (precision {:.2})",
                *right as f64 / (right + wrong).max(1) as f64
            );
        }
        for w in &self.wrong {
            println!("  {w}");
        }
    }
}

/// Attributes every tweet of the labelled set in `speakers/<set>` (its `event.toml` and
/// `labelled.jsonl`) and compares with the labels.
fn measure(set: &str) -> Score {
    let dir = data(set);
    let event = Event::load(&dir.join("event.toml")).unwrap();
    let names: BTreeSet<&str> = event.speakers.iter().map(|s| s.display()).collect();
    let text = std::fs::read_to_string(dir.join("labelled.jsonl")).unwrap();
    let labelled: Vec<Labelled> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let times: HashMap<String, DateTime<Utc>> =
        labelled.iter().map(|l| (l.id.clone(), time(l))).collect();
    let tweets: Vec<Tweet> = labelled.iter().map(|l| tweet(l, &times)).collect();
    // As `event apply` does: the words of each talk are learned from the event's tweets.
    let mut matcher = Matcher::new(&event);
    matcher.learn(&tweets);
    let mut score = Score {
        tweets: 0,
        italian: 0,
        exact: 0,
        tp: 0,
        fp: 0,
        fn_: 0,
        methods: Default::default(),
        wrong: Vec::new(),
    };
    for (l, t) in labelled.iter().zip(&tweets) {
        score.tweets += 1;
        score.italian += usize::from(l.lang == "it");
        for s in &l.speakers {
            assert!(
                names.contains(s.as_str()),
                "{}: {s} is not in the programme",
                l.id
            );
        }
        let want: BTreeSet<&str> = l.speakers.iter().map(String::as_str).collect();
        let got_all = matcher.attribute(t);
        let got: BTreeSet<&str> = got_all.iter().map(|a| a.speaker.as_str()).collect();
        score.tp += want.intersection(&got).count();
        score.fp += got.difference(&want).count();
        score.fn_ += want.difference(&got).count();
        for a in &got_all {
            let entry = score
                .methods
                .entry(a.method.as_str().to_string())
                .or_default();
            if want.contains(a.speaker.as_str()) {
                entry.0 += 1;
            } else {
                entry.1 += 1;
            }
        }
        if want == got {
            score.exact += 1;
        } else {
            score.wrong.push(format!(
                "{}: want {want:?}, got {got_all:?}: {}",
                l.id, l.text
            ));
        }
    }
    score
}

/// The set labelled from the rules themselves: every rule does what it says.
#[test]
fn attribution_meets_its_targets_on_the_labelled_set() {
    let score = measure("speakers");
    score.print("rules");
    assert!(
        score.tweets >= 150,
        "the labelled set has {} tweets",
        score.tweets
    );
    assert!(
        score.precision() >= 0.95,
        "precision {:.3}",
        score.precision()
    );
    assert!(score.recall() >= 0.90, "recall {:.3}", score.recall());
}

/// The sets labelled blind, by judgement, by people who had not read the rules: `dev` is the
/// one the rules were tuned on, `blind` is held out and only measured. Issue 15 asks for
/// precision 0.95 at recall 0.90 on a set labelled blind; the floors here are what the rules
/// reach today (dev 0.916 and 0.814, blind 0.933 and 0.840 when written), so that no change
/// makes them worse unseen.
#[test]
fn attribution_on_the_sets_labelled_blind() {
    for (set, precision, recall) in [("speakers/dev", 0.91, 0.80), ("speakers/blind", 0.93, 0.83)] {
        let score = measure(set);
        score.print(set);
        assert!(score.tweets >= 300, "{set} has {} tweets", score.tweets);
        assert!(
            score.precision() >= precision,
            "{set}: precision {:.3}",
            score.precision()
        );
        assert!(
            score.recall() >= recall,
            "{set}: recall {:.3}",
            score.recall()
        );
    }
}

/// The confidence each method reports is the precision it has on the development set.
#[test]
fn each_methods_confidence_is_its_measured_precision() {
    let score = measure("speakers/dev");
    for m in Method::ALL {
        let (right, wrong) = score.methods.get(m.as_str()).copied().unwrap_or_default();
        if right + wrong < 10 {
            continue;
        }
        let measured = right as f64 / (right + wrong) as f64;
        assert!(
            (measured - m.confidence()).abs() <= 0.05,
            "{}: confidence {} but measured {measured:.3}",
            m.as_str(),
            m.confidence()
        );
    }
}
