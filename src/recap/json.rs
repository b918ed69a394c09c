//! Summaries and recaps as JSON, for programs. Times are RFC 3339 in UTC (`Z`); the keys are
//! documented in the README (`chirpdex speakers`, `chirpdex recap`).

use std::io::{self, Write};

use serde::Serialize;

use super::overview::{Entry, Overview, Top};
use super::{EventRecap, Methods, Quote, Ranked, SpeakerRecap, terms::Term};
use crate::model::Tweet;
use crate::model::time::rfc3339;
use crate::report::TweetCore;

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

/// One speaker's row of `speakers --format json`.
#[derive(Serialize)]
pub struct Row<'a> {
    speaker: &'a str,
    /// As pages title the speaker: `speaker`, with the `@` when it is a handle.
    title: String,
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
    /// Records that are not retweets whose source gives no counts (left out of the sums).
    uncounted: usize,
    first: Option<String>,
    last: Option<String>,
    busiest: Option<Busiest>,
    untimed: usize,
    hashtags: Vec<Hashtag<'a>>,
    mentions: Vec<Mention<'a>>,
    terms: Vec<TermJson<'a>>,
    methods: Methods,
}

impl<'a> Row<'a> {
    pub fn new(s: &'a SpeakerRecap) -> Row<'a> {
        Row {
            speaker: &s.name,
            title: s.title(),
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
            uncounted: s.uncounted,
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
            mentions: mentions(&s.mentions),
            terms: s.terms.iter().map(term).collect(),
            methods: s.methods,
        }
    }
}

fn mentions(list: &[Ranked]) -> Vec<Mention<'_>> {
    list.iter()
        .map(|Ranked { value, tweets }| Mention {
            handle: value,
            tweets: *tweets,
        })
        .collect()
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

/// A quoted tweet in a recap, with the retweets of it folded in.
#[derive(Serialize)]
struct QuoteJson<'a> {
    id: &'a str,
    /// Null for a tweet known only from its retweets whose id does not tell its time.
    created_at: Option<String>,
    date_only: bool,
    author: &'a str,
    /// Null when unknown (a tweet known only from its retweets).
    author_name: Option<&'a str>,
    text: &'a str,
    lang: Option<&'a str>,
    retweet_count: Option<u64>,
    favorite_count: Option<u64>,
    url: Option<String>,
    /// How many of the speaker's records retweet it.
    retweets: usize,
    /// True when it names nobody and the speaker was inferred ("probably about this talk").
    inferred: bool,
    first_retweet: Option<String>,
    /// True when the tweet is not among the speaker's records, only retweets of it.
    from_retweets: bool,
}

fn quote(q: &Quote) -> QuoteJson<'_> {
    QuoteJson {
        id: &q.id,
        created_at: q.time_known.then(|| rfc3339(q.created_at)),
        date_only: q.date_only,
        author: &q.author.handle,
        author_name: Some(q.author.name.as_str()).filter(|n| !(q.from_retweets && n.is_empty())),
        text: &q.text,
        lang: q.lang.as_deref(),
        retweet_count: q.retweet_count,
        favorite_count: q.favorite_count,
        url: q.url(),
        retweets: q.retweets,
        inferred: q.inferred,
        first_retweet: q.first_retweet.map(rfc3339),
        from_retweets: q.from_retweets,
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
    most_retweeted: Vec<QuoteJson<'a>>,
    most_liked: Vec<QuoteJson<'a>>,
    quotes: Vec<QuoteJson<'a>>,
}

/// `recap --format json`: the event, the speaker's row (the same keys as in `speakers`), tweets
/// per minute, the top quotes and every quote in time order (retweets folded in).
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

/// A count of a list of the event page: `stats`'s folded key, as most often written.
#[derive(Serialize)]
struct EntryJson<'a> {
    key: &'a str,
    shown: &'a str,
    count: u64,
}

fn entries(list: &[Entry]) -> Vec<EntryJson<'_>> {
    list.iter()
        .map(|e| EntryJson {
            key: &e.key,
            shown: &e.shown,
            count: e.count,
        })
        .collect()
}

#[derive(Serialize)]
struct ContributorsJson {
    distinct: u64,
    /// The share of the tweets naming their author that the ten most active wrote, as `stats`
    /// rounds it (four decimals); null when no tweet names its author.
    top10_share: Option<f64>,
}

#[derive(Serialize)]
struct BusiestJson<'a> {
    starts: String,
    tweets: usize,
    on_stage: Vec<&'a str>,
}

#[derive(Serialize)]
struct WindowJson {
    starts: String,
    tweets: usize,
}

#[derive(Serialize)]
struct SlotJson<'a> {
    speaker: &'a str,
    slug: &'a str,
    starts: String,
    ends: String,
}

#[derive(Serialize)]
struct ChartJson<'a> {
    from: String,
    to: String,
    minutes: u32,
    buckets: Vec<WindowJson>,
    peaks: Vec<WindowJson>,
    slots: Vec<SlotJson<'a>>,
}

/// A tweet of the event page, its counts null when its source gives none.
#[derive(Serialize)]
struct TweetJson<'a> {
    #[serde(flatten)]
    tweet: TweetCore<'a>,
    retweet_count: Option<u64>,
    favorite_count: Option<u64>,
    url: Option<String>,
}

/// The counts a tweet's source gives, for the event page: `None` where it gives none.
fn counts(t: &Tweet) -> (Option<u64>, Option<u64>) {
    (t.retweet_count, t.favorite_count)
}

fn tweet_json(t: &Tweet) -> TweetJson<'_> {
    let (retweet_count, favorite_count) = counts(t);
    TweetJson {
        tweet: TweetCore::of(t),
        retweet_count,
        favorite_count,
        url: t.url(),
    }
}

#[derive(Serialize)]
struct SpeakerJson<'a> {
    speaker: &'a str,
    slug: &'a str,
    /// The speaker's page beside this one (`SLUG.EXT`), when pages are written.
    page: Option<String>,
    affiliation: Option<&'a str>,
    talk: Option<&'a str>,
    slot: Option<Slot>,
    tweets: usize,
    authors: usize,
    retweet_count: Option<u64>,
    favorite_count: Option<u64>,
    without_counts: usize,
    top_quote: Option<TweetJson<'a>>,
}

/// A tweet of a top list, as `stats` gives it, with its time and link.
#[derive(Serialize)]
struct TopJson<'a> {
    id: &'a str,
    author: &'a str,
    text: &'a str,
    count: u64,
    created_at: Option<String>,
    date_only: Option<bool>,
    url: Option<String>,
}

fn tops(list: &[Top]) -> Vec<TopJson<'_>> {
    list.iter()
        .map(|t| TopJson {
            id: &t.top.id,
            author: &t.top.author,
            text: &t.top.text,
            count: t.top.count,
            created_at: t.tweet.as_ref().map(|t| rfc3339(t.created_at)),
            date_only: t.tweet.as_ref().map(|t| t.date_only),
            url: t.tweet.as_ref().and_then(Tweet::url),
        })
        .collect()
}

#[derive(Serialize)]
struct LinkJson<'a> {
    url: &'a str,
    domain: Option<&'a str>,
    count: u64,
}

#[derive(Serialize)]
struct MissedJson<'a> {
    tweets: usize,
    retweets: usize,
    textless: usize,
    terms: Vec<TermJson<'a>>,
    mentions: Vec<Mention<'a>>,
}

#[derive(Serialize)]
struct OverviewJson<'a> {
    event: EventJson<'a>,
    total: u64,
    types: crate::stats::Types,
    contributors: ContributorsJson,
    unknown_author: u64,
    first: Option<String>,
    last: Option<String>,
    untimed: u64,
    busiest: Option<BusiestJson<'a>>,
    retweet_count: Option<u64>,
    favorite_count: Option<u64>,
    without_counts: usize,
    chart: Option<ChartJson<'a>>,
    speakers: Vec<SpeakerJson<'a>>,
    authors: Vec<EntryJson<'a>>,
    mentions: Vec<EntryJson<'a>>,
    event_hashtags: Vec<EntryJson<'a>>,
    hashtags: Vec<EntryJson<'a>>,
    links: Vec<LinkJson<'a>>,
    domains: Vec<EntryJson<'a>>,
    most_retweeted: Vec<TopJson<'a>>,
    most_liked: Vec<TopJson<'a>>,
    missed: MissedJson<'a>,
}

/// `recap --all --format json`'s `index.json`, `recap --overview --format json`: the event
/// page's numbers (keys in the README). Speakers' pages are `SLUG.EXT` when `ext` is given.
pub fn overview(
    w: &mut impl Write,
    r: &EventRecap,
    o: &Overview,
    ext: Option<&str>,
) -> io::Result<()> {
    let s = &o.stats;
    let window = |b: &crate::recap::Window| WindowJson {
        starts: rfc3339(b.starts),
        tweets: b.tweets,
    };
    let json = OverviewJson {
        event: EventJson::new(r),
        total: s.total,
        types: s.types,
        contributors: ContributorsJson {
            distinct: s.contributors.distinct,
            top10_share: s
                .contributors
                .top10_share()
                .map(|x| (x * 10_000.0).round() / 10_000.0),
        },
        unknown_author: s.unknown_author,
        first: s.first.map(rfc3339),
        last: s.last.map(rfc3339),
        untimed: s.untimed,
        busiest: o.busiest.as_ref().map(|b| BusiestJson {
            starts: rfc3339(b.window.starts),
            tweets: b.window.tweets,
            on_stage: b
                .on_stage
                .iter()
                .map(|i| r.speakers[*i].name.as_str())
                .collect(),
        }),
        retweet_count: o.received.retweets,
        favorite_count: o.received.likes,
        without_counts: o.received.without_counts,
        chart: o.chart.as_ref().map(|c| ChartJson {
            from: rfc3339(c.from),
            to: rfc3339(c.to),
            minutes: c.minutes,
            buckets: c.buckets.iter().map(window).collect(),
            peaks: c.peaks.iter().map(|i| window(&c.buckets[*i])).collect(),
            slots: c
                .slots
                .iter()
                .map(|sl| SlotJson {
                    speaker: &r.speakers[sl.speaker].name,
                    slug: &r.speakers[sl.speaker].slug,
                    starts: rfc3339(sl.starts),
                    ends: rfc3339(sl.ends),
                })
                .collect(),
        }),
        speakers: r
            .speakers
            .iter()
            .zip(&o.speakers)
            .map(|(sp, row)| SpeakerJson {
                speaker: &sp.name,
                slug: &sp.slug,
                page: ext.map(|ext| format!("{}.{ext}", sp.slug)),
                affiliation: sp.speaker.affiliation.as_deref(),
                talk: sp.speaker.talk.as_deref(),
                slot: sp.speaker.slot.map(|(a, b)| Slot {
                    starts: rfc3339(a),
                    ends: rfc3339(b),
                }),
                tweets: sp.tweets,
                authors: sp.authors,
                retweet_count: row.received.retweets,
                favorite_count: row.received.likes,
                without_counts: row.received.without_counts,
                top_quote: row.top_quote.as_ref().map(tweet_json),
            })
            .collect(),
        authors: entries(&o.authors),
        mentions: entries(&o.mentions),
        event_hashtags: entries(&o.event_hashtags),
        hashtags: entries(&o.hashtags),
        links: o
            .links
            .iter()
            .map(|l| LinkJson {
                url: &l.url,
                domain: l.domain.as_deref(),
                count: l.count,
            })
            .collect(),
        domains: entries(&o.domains),
        most_retweeted: tops(&o.most_retweeted),
        most_liked: tops(&o.most_liked),
        missed: MissedJson {
            tweets: o.missed.tweets,
            retweets: o.missed.retweets,
            textless: o.missed.textless,
            terms: o.missed.terms.iter().map(term).collect(),
            mentions: mentions(&o.missed.mentions),
        },
    };
    serde_json::to_writer_pretty(&mut *w, &json)?;
    w.write_all(b"\n")
}
