//! Summaries and recaps as JSON, for programs. Times are RFC 3339 in UTC (`Z`); the keys are
//! documented in the README (`chirpdex speakers`, `chirpdex recap`).

use std::io::{self, Write};

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use super::{EventRecap, Methods, Ranked, SpeakerRecap, terms::Term};
use crate::model::Tweet;

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

#[derive(Serialize)]
struct Slot {
    starts: String,
    ends: String,
}

#[derive(Serialize)]
struct Busiest {
    starts: String,
    tweets: usize,
}

#[derive(Serialize)]
struct Hashtag<'a> {
    hashtag: &'a str,
    tweets: usize,
}

#[derive(Serialize)]
struct Mention<'a> {
    handle: &'a str,
    tweets: usize,
}

#[derive(Serialize)]
struct TermJson<'a> {
    term: &'a str,
    tweets: usize,
    event_tweets: usize,
    log_likelihood: f64,
}

#[derive(Serialize)]
struct MethodsJson {
    quote: usize,
    mention: usize,
    name: usize,
    own: usize,
    slot: usize,
}

/// One speaker's row of `speakers --format json`.
#[derive(Serialize)]
pub struct Row<'a> {
    speaker: &'a str,
    slug: &'a str,
    handles: &'a [String],
    affiliation: Option<&'a str>,
    talk: Option<&'a str>,
    slot: Option<Slot>,
    tweets: usize,
    retweets: usize,
    authors: usize,
    retweet_count: Option<u64>,
    favorite_count: Option<u64>,
    first: Option<String>,
    last: Option<String>,
    busiest: Option<Busiest>,
    untimed: usize,
    hashtags: Vec<Hashtag<'a>>,
    mentions: Vec<Mention<'a>>,
    terms: Vec<TermJson<'a>>,
    methods: MethodsJson,
}

impl<'a> Row<'a> {
    pub fn new(s: &'a SpeakerRecap) -> Row<'a> {
        let Methods {
            quote,
            mention,
            name,
            own,
            slot,
        } = s.methods;
        Row {
            speaker: &s.name,
            slug: &s.slug,
            handles: &s.speaker.handles,
            affiliation: s.speaker.affiliation.as_deref(),
            talk: s.speaker.talk.as_deref(),
            slot: s.speaker.slot.map(|(a, b)| Slot {
                starts: rfc3339(a),
                ends: rfc3339(b),
            }),
            tweets: s.tweets,
            retweets: s.retweets,
            authors: s.authors,
            retweet_count: s.retweet_count,
            favorite_count: s.favorite_count,
            first: s.first.map(rfc3339),
            last: s.last.map(rfc3339),
            busiest: s.busiest.map(|w| Busiest {
                starts: rfc3339(w.starts),
                tweets: w.tweets,
            }),
            untimed: s.untimed,
            hashtags: s
                .hashtags
                .iter()
                .map(|Ranked { value, tweets }| Hashtag {
                    hashtag: value,
                    tweets: *tweets,
                })
                .collect(),
            mentions: s
                .mentions
                .iter()
                .map(|Ranked { value, tweets }| Mention {
                    handle: value,
                    tweets: *tweets,
                })
                .collect(),
            terms: s.terms.iter().map(term).collect(),
            methods: MethodsJson {
                quote,
                mention,
                name,
                own,
                slot,
            },
        }
    }
}

fn term(t: &Term) -> TermJson<'_> {
    TermJson {
        term: &t.term,
        tweets: t.tweets,
        event_tweets: t.event_tweets,
        log_likelihood: t.log_likelihood,
    }
}

/// The event a summary is about.
#[derive(Serialize)]
struct EventJson<'a> {
    slug: &'a str,
    title: &'a str,
    timezone: &'static str,
    /// Tweets attached to the event.
    tweets: usize,
}

impl<'a> EventJson<'a> {
    fn new(r: &'a EventRecap) -> Self {
        EventJson {
            slug: &r.event.slug,
            title: &r.event.title,
            timezone: r.event.tz.name(),
            tweets: r.tweets,
        }
    }
}

#[derive(Serialize)]
struct Speakers<'a> {
    event: EventJson<'a>,
    speakers: Vec<Row<'a>>,
}

/// `speakers --format json`: the event, then one row per speaker.
pub fn speakers(w: &mut impl Write, r: &EventRecap) -> io::Result<()> {
    let all = Speakers {
        event: EventJson::new(r),
        speakers: r.speakers.iter().map(Row::new).collect(),
    };
    serde_json::to_writer_pretty(&mut *w, &all)?;
    w.write_all(b"\n")
}

/// A quoted tweet in a recap.
#[derive(Serialize)]
struct Quote<'a> {
    id: &'a str,
    created_at: String,
    date_only: bool,
    author: &'a str,
    author_name: &'a str,
    text: &'a str,
    lang: Option<&'a str>,
    retweet_count: Option<u64>,
    favorite_count: Option<u64>,
    url: Option<String>,
}

fn quote(t: &Tweet) -> Quote<'_> {
    Quote {
        id: &t.id,
        created_at: rfc3339(t.created_at),
        date_only: t.date_only,
        author: &t.author.handle,
        author_name: &t.author.name,
        text: &t.text,
        lang: t.lang.as_deref(),
        retweet_count: t.retweet_count,
        favorite_count: t.favorite_count,
        url: t.url(),
    }
}

#[derive(Serialize)]
struct Minute {
    starts: String,
    tweets: usize,
}

#[derive(Serialize)]
struct Recap<'a> {
    event: EventJson<'a>,
    #[serde(flatten)]
    row: Row<'a>,
    per_minute: Vec<Minute>,
    most_retweeted: Vec<Quote<'a>>,
    most_liked: Vec<Quote<'a>>,
    quotes: Vec<Quote<'a>>,
}

/// `recap --format json`: the event, the speaker's row (the same keys as in `speakers`), tweets
/// per minute and the quotes.
pub fn recap(w: &mut impl Write, r: &EventRecap, s: &SpeakerRecap) -> io::Result<()> {
    let recap = Recap {
        event: EventJson::new(r),
        row: Row::new(s),
        per_minute: s
            .per_minute
            .iter()
            .map(|(at, n)| Minute {
                starts: rfc3339(*at),
                tweets: *n,
            })
            .collect(),
        most_retweeted: s.most_retweeted.iter().map(quote).collect(),
        most_liked: s.most_liked.iter().map(quote).collect(),
        quotes: s.quotes.iter().map(quote).collect(),
    };
    serde_json::to_writer_pretty(&mut *w, &recap)?;
    w.write_all(b"\n")
}
