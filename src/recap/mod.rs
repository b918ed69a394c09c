//! Per-speaker summaries and recaps: for each speaker of an event, what was said about them, by
//! whom, when and how far it went, computed once from the event's tweets and printed as a table,
//! JSON ([`json`]), a self-contained HTML page ([`html`]) or Markdown ([`markdown`]).
//!
//! One pass reads every tweet attached to the event ([`build`]); each speaker's figures come from
//! the records attributed to them, so `speakers` and every recap show the same numbers:
//!
//! - `tweets`: every record attributed to the speaker, retweets included; `retweets` of them are
//!   retweets; `authors`: distinct authors (handles compared without case);
//! - `retweet_count`, `favorite_count`: summed over the records that are not retweets (a
//!   retweet carries its original's counts, which would count them twice) and whose source
//!   gives the count; None (unknown, shown as "not in the sources") when none does, and
//!   `uncounted` says how many records that are not retweets gave none;
//! - time figures (`first`, `last`, `busiest`, the chart) leave out the tweets whose time of day
//!   is unknown (copied text gives only the day): `untimed` says how many;
//! - `busiest`: the five minutes, aligned to :00, :05... in the event's zone, with the most
//!   tweets (the earliest such window on a tie);
//! - `hashtags`, `mentions`: the most frequent, counted once per record (retweets included, as
//!   `search --speaker` counts them); the event's own hashtags and the speaker's own handles are
//!   left out, since nearly every tweet carries them;
//! - `terms`: characteristic words ([`terms`]: Dunning's log-likelihood against the rest of the
//!   event);
//! - `methods`: how many attributions were made by each method (they add up to `tweets`);
//! - `quotes`: every record, in time order, each retweet folded into the tweet it retweets
//!   ([`Quote`]); `most_retweeted`, `most_liked`: the top [`TOP_QUOTES`] of those that are the
//!   speaker's own records, by the counts their sources give.

pub mod html;
pub mod json;
pub mod markdown;
pub mod overview;
pub mod table;
pub mod terms;

use std::collections::{BTreeMap, HashMap, HashSet};

use anyhow::Result;
use chrono::{DateTime, Duration, Timelike, Utc};
use chrono_tz::Tz;

use chrono::{FixedOffset, NaiveDate, Offset};

use crate::event::{Event, Speaker};
use crate::index::Archive;
use crate::model::fold::fold;
use crate::model::{Author, Method, Tweet, TweetType, retweeted_handle, twitter_id_time};
use crate::query::{self, Request};

/// How many hashtags and mentions a summary lists.
pub const TOP_ENTITIES: usize = 5;
pub use crate::event::INDEX_PAGE;
/// How many quotes each list of a recap shows.
pub const TOP_QUOTES: usize = 3;

/// Every speaker of one event, summarised.
#[derive(Clone, Debug)]
pub struct EventRecap {
    pub event: Event,
    /// Tweets attached to the event.
    pub tweets: usize,
    /// One per speaker of the programme, in its order.
    pub speakers: Vec<SpeakerRecap>,
}

/// A count of something (a hashtag, a handle) over a speaker's tweets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ranked {
    /// As most often written.
    pub value: String,
    pub tweets: usize,
}

/// The five minutes with the most tweets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub starts: DateTime<Utc>,
    pub tweets: usize,
}

/// How many attributions each method made (written as JSON as it is).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Methods {
    pub quote: usize,
    pub mention: usize,
    pub name: usize,
    pub own: usize,
    pub slot: usize,
}

impl Methods {
    fn add(&mut self, m: Method) {
        match m {
            Method::Quote => self.quote += 1,
            Method::Mention => self.mention += 1,
            Method::Name => self.name += 1,
            Method::Own => self.own += 1,
            Method::Slot => self.slot += 1,
        }
    }
}

/// One speaker's figures, and what a recap shows beyond them.
#[derive(Clone, Debug)]
pub struct SpeakerRecap {
    pub speaker: Speaker,
    /// The name shown (the programme's name, else the first handle).
    pub name: String,
    /// A file name for the speaker's page, unique within the event.
    pub slug: String,
    pub tweets: usize,
    pub retweets: usize,
    pub authors: usize,
    pub retweet_count: Option<u64>,
    pub favorite_count: Option<u64>,
    /// Records that are not retweets whose source gives no retweet or like count.
    pub uncounted: usize,
    pub first: Option<DateTime<Utc>>,
    pub last: Option<DateTime<Utc>>,
    pub busiest: Option<Window>,
    pub untimed: usize,
    pub hashtags: Vec<Ranked>,
    pub mentions: Vec<Ranked>,
    pub terms: Vec<terms::Term>,
    pub methods: Methods,
    /// Tweets per minute (the minute's start), timed tweets only.
    pub per_minute: BTreeMap<DateTime<Utc>, usize>,
    /// The most retweeted records that are not retweets (none with no retweets).
    pub most_retweeted: Vec<Quote>,
    /// The most liked records that are not retweets (none with no likes).
    pub most_liked: Vec<Quote>,
    /// Every record, in time order, retweets folded into the tweet they retweet: what a recap
    /// lists under its top lists, so that every tweet about the speaker can be read.
    pub quotes: Vec<Quote>,
}

impl SpeakerRecap {
    /// The speaker as a page titles them: the programme's name, else the handle with its `@`
    /// (`@ubimaggio`), so that a handle reads as one.
    pub fn title(&self) -> String {
        match &self.speaker.name {
            Some(_) => self.name.clone(),
            None if self.name.is_empty() => self.name.clone(),
            None => format!("@{}", self.name),
        }
    }

    /// Whether the retweet and like sums leave out some records: the sources of `uncounted`
    /// records give no counts, while others' do.
    pub fn partly_counted(&self) -> bool {
        self.uncounted > 0 && (self.retweet_count.is_some() || self.favorite_count.is_some())
    }
}

/// A tweet about the speaker as a recap lists it: one of the speaker's records that is not a
/// retweet, with the retweets of it among the records folded in; or, when the retweeted tweet
/// is not among them, that tweet as its retweets tell it (its text, its author's handle, the
/// counts the retweets carry), listed once however many retweet it. It reads as the [`Tweet`]
/// it shows.
#[derive(Clone, Debug)]
pub struct Quote {
    /// The tweet shown. Known from its retweets: its id, text, author's handle and language,
    /// the highest counts its retweets carry, and its time when its id tells it.
    pub tweet: Tweet,
    /// True when the tweet itself is not among the speaker's records, only retweets of it.
    pub from_retweets: bool,
    /// How many of the speaker's records retweet it.
    pub retweets: usize,
    /// The first of those retweets.
    pub first_retweet: Option<DateTime<Utc>>,
    /// False when `tweet.created_at` is not the tweet's own time but its first retweet's: a
    /// tweet known from its retweets whose id does not tell its time (not a Twitter id).
    pub time_known: bool,
    /// True when the speaker was inferred (the tweet names nobody: posted during the slot, or
    /// the speaker's own post), not named: "probably about this talk".
    pub inferred: bool,
}

impl std::ops::Deref for Quote {
    type Target = Tweet;
    fn deref(&self) -> &Tweet {
        &self.tweet
    }
}

impl Quote {
    fn own(t: &Tweet) -> Quote {
        Quote {
            tweet: t.clone(),
            from_retweets: false,
            retweets: 0,
            first_retweet: None,
            time_known: true,
            inferred: false,
        }
    }

    /// The retweeted tweet as a retweet tells it (the first retweet of it met).
    fn from_retweet(rt: &Tweet) -> Quote {
        let reference = rt.retweet_of.clone().unwrap_or_default();
        let handle = reference
            .author
            .clone()
            .or_else(|| retweeted_handle(&rt.text).map(String::from))
            .unwrap_or_default();
        let at = twitter_id_time(&reference.id, rt.format);
        let lower = reference.id.to_ascii_lowercase();
        let web = lower.starts_with("https://") || lower.starts_with("http://");
        Quote {
            tweet: Tweet {
                link: web.then(|| reference.id.clone()),
                id: reference.id,
                created_at: at.unwrap_or(rt.created_at),
                date_only: at.is_none() && rt.date_only,
                author: Author {
                    handle,
                    ..Author::default()
                },
                text: rt.text.clone(),
                lang: rt.lang.clone(),
                hashtags: rt.hashtags.clone(),
                mentions: rt.mentions.clone(),
                urls: rt.urls.clone(),
                format: rt.format,
                ..Tweet::default()
            },
            from_retweets: true,
            retweets: 0,
            first_retweet: None,
            time_known: at.is_some(),
            inferred: false,
        }
    }

    /// Folds a retweet of this tweet in.
    fn add_retweet(&mut self, rt: &Tweet) {
        self.retweets += 1;
        self.first_retweet = Some(match self.first_retweet {
            Some(t) => t.min(rt.created_at),
            None => rt.created_at,
        });
        if self.from_retweets {
            // Counts only grow: the latest a retweet carries is the highest.
            let max = |a: Option<u64>, b: Option<u64>| a.max(b);
            self.tweet.retweet_count = max(self.tweet.retweet_count, rt.retweet_count);
            self.tweet.favorite_count = max(self.tweet.favorite_count, rt.favorite_count);
            if !self.time_known {
                self.tweet.created_at = self.first_retweet.unwrap_or(rt.created_at);
            }
        }
    }
}

impl EventRecap {
    /// The speaker named `who`, by the rule every command shares ([`Event::find_speaker`]: the
    /// name shown, a name, alias, handle or page name, whatever the case and accents).
    pub fn find(&self, who: &str) -> Result<&SpeakerRecap> {
        match self.event.find_speaker(who) {
            Some((i, _)) => Ok(&self.speakers[i]),
            None => Err(crate::event::unknown_speaker(
                who,
                std::slice::from_ref(&self.event),
            )),
        }
    }

    /// The tweets per minute chart's span: the event's day (its starts and ends), widened to
    /// hold every timed tweet of the speaker, in whole hours of the event's zone. None when
    /// neither the programme nor the tweets give a time.
    pub fn chart_span(&self, s: &SpeakerRecap) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let tz = self.event.tz;
        let from = [self.event.starts, s.first].into_iter().flatten().min()?;
        let last = s.last.map(|t| t + Duration::minutes(1));
        let to = [self.event.ends, last].into_iter().flatten().max()?;
        let from = floor(from, tz, 60);
        let mut to_floor = floor(to, tz, 60);
        if to_floor < to {
            to_floor += Duration::hours(1);
        }
        (from < to_floor).then_some((from, to_floor))
    }
}

/// The start of the `minutes`-long window (aligned in `tz`'s local time) that holds `t`.
pub fn floor(t: DateTime<Utc>, tz: Tz, minutes: u32) -> DateTime<Utc> {
    let local = t.with_timezone(&tz);
    let into = i64::from((local.minute() % minutes) * 60 + local.second());
    t - Duration::seconds(into) - Duration::nanoseconds(i64::from(local.nanosecond()))
}

/// A speaker's page name: the name folded to lowercase ASCII, words joined by `-`.
pub use crate::event::speaker_slug as slug;

/// The event's tweets, read once, and every speaker's summary.
pub fn build(archive: &Archive, event: &Event, named_only: bool) -> Result<EventRecap> {
    Ok(summarise(event, read(archive, event, named_only)?))
}

/// Every tweet attached to the event (without its original record), oldest first. With
/// `named_only`, the speakers inferred (not named: slot, own post) are left out of each tweet.
pub fn read(archive: &Archive, event: &Event, named_only: bool) -> Result<Vec<Tweet>> {
    let mut tweets = Vec::new();
    query::for_each_match(archive, &event_request(event), |mut t| {
        if named_only {
            t.attributions.retain(|a| !a.method.inferred());
        }
        // A retweet's own counts are not its original's (its likes are 0): where the record
        // holds the original, its counts stand in, for the tweet a recap shows from its
        // retweets. The sums leave retweets out either way.
        if let Some((rt, likes)) = crate::formats::retweeted_counts(&t) {
            (t.retweet_count, t.favorite_count) = (Some(rt), Some(likes));
        }
        t.raw = Vec::new();
        tweets.push(t);
        Ok(())
    })?;
    Ok(tweets)
}

/// Every tweet attached to the event, times in its zone: what `--event SLUG` selects.
pub fn event_request(event: &Event) -> Request {
    let mut request = Request::new("*");
    request.filters.event = Some(event.slug.clone());
    request.tz = event.tz;
    request
}

/// Every speaker's summary from the event's tweets (oldest first).
pub fn summarise(event: &Event, tweets: Vec<Tweet>) -> EventRecap {
    let corpus = terms::Corpus::new(&tweets);
    let event_tags: HashSet<String> = event.hashtags.iter().map(|h| fold(h)).collect();
    // Page names are unique within the event, and never the overview's (`index`).
    let slugs = event.speaker_slugs();
    let speakers = event
        .speakers
        .iter()
        .zip(slugs)
        .map(|(sp, unique)| {
            let name = sp.display().to_string();
            let key = fold(&name);
            let mine: Vec<(&Tweet, Method)> = tweets
                .iter()
                .filter_map(|t| {
                    t.attributions
                        .iter()
                        .find(|a| fold(&a.speaker) == key)
                        .map(|a| (t, a.method))
                })
                .collect();
            speaker(event, sp, name, unique, &mine, &corpus, &event_tags)
        })
        .collect();
    EventRecap {
        event: event.clone(),
        tweets: tweets.len(),
        speakers,
    }
}

fn speaker(
    event: &Event,
    sp: &Speaker,
    name: String,
    slug: String,
    mine: &[(&Tweet, Method)],
    corpus: &terms::Corpus,
    event_tags: &HashSet<String>,
) -> SpeakerRecap {
    let tz = event.tz;
    let mut methods = Methods::default();
    let mut authors = HashSet::new();
    let mut per_minute: BTreeMap<DateTime<Utc>, usize> = BTreeMap::new();
    let mut per_five: BTreeMap<DateTime<Utc>, usize> = BTreeMap::new();
    let (mut retweets, mut untimed) = (0, 0);
    let own_handles: HashSet<String> = sp.handles.iter().map(|h| fold(h)).collect();
    let mut tags = Tally::default();
    let mut mentioned = Tally::default();
    let mut originals: Vec<&Tweet> = Vec::new();
    for &(t, method) in mine {
        methods.add(method);
        authors.insert(t.author.handle.to_lowercase());
        if t.kind == TweetType::Retweet {
            retweets += 1;
        } else {
            originals.push(t);
        }
        if t.date_only {
            untimed += 1;
        } else {
            *per_minute.entry(floor(t.created_at, tz, 1)).or_default() += 1;
            *per_five.entry(floor(t.created_at, tz, 5)).or_default() += 1;
        }
        tags.add(t.hashtags.iter().filter(|h| !event_tags.contains(&fold(h))));
        mentioned.add(
            t.mentions
                .iter()
                .filter(|m| !own_handles.contains(&fold(m))),
        );
    }
    let received = overview::received(originals.iter().copied());
    let timed = mine.iter().filter(|(t, _)| !t.date_only).map(|(t, _)| t);
    let first = timed.clone().map(|t| t.created_at).min();
    let last = timed.map(|t| t.created_at).max();
    // BTreeMap iterates in time order, so max_by_key's last-wins is undone by reversing.
    let busiest = per_five
        .iter()
        .rev()
        .max_by_key(|(_, n)| **n)
        .map(|(at, n)| Window {
            starts: *at,
            tweets: *n,
        });
    // The tweets that name the speaker, then those inferred to be about them, each in time
    // order (a retweet has its original's attribution, so both are on the same side).
    let named = mine.iter().filter(|(_, m)| !m.inferred()).map(|(t, _)| *t);
    let mut quotes = fold_retweets(named);
    let inferred = mine.iter().filter(|(_, m)| m.inferred()).map(|(t, _)| *t);
    quotes.extend(fold_retweets(inferred).into_iter().map(|q| Quote {
        inferred: true,
        ..q
    }));
    let top = |key: fn(&Tweet) -> Option<u64>| {
        let mut v: Vec<&Quote> = quotes
            .iter()
            .filter(|q| !q.from_retweets && key(q).is_some_and(|n| n > 0))
            .collect();
        v.sort_by(|a, b| {
            key(b)
                .cmp(&key(a))
                .then_with(|| a.created_at.cmp(&b.created_at))
                .then_with(|| a.id.cmp(&b.id))
        });
        v.into_iter()
            .take(TOP_QUOTES)
            .cloned()
            .collect::<Vec<Quote>>()
    };
    let most_retweeted = top(|t| t.retweet_count);
    let most_liked = top(|t| t.favorite_count);
    let own_words: Vec<&str> = sp
        .name
        .iter()
        .chain(&sp.aliases)
        .chain(&sp.handles)
        .map(String::as_str)
        .collect();
    SpeakerRecap {
        terms: corpus.characteristic(&originals, &own_words),
        speaker: sp.clone(),
        name,
        slug,
        tweets: mine.len(),
        retweets,
        authors: authors.len(),
        retweet_count: received.retweets,
        favorite_count: received.likes,
        uncounted: received.without_counts,
        first,
        last,
        busiest,
        untimed,
        hashtags: tags.top(TOP_ENTITIES),
        mentions: mentioned.top(TOP_ENTITIES),
        methods,
        per_minute,
        most_retweeted,
        most_liked,
        quotes,
    }
}

/// Every record that is not a retweet, and each retweet folded into the tweet it retweets (by
/// the retweeted tweet's id; a retweet that names none, `RT @x: ...` in an archive, by its
/// text), in time order: a tweet known only from its retweets at its own time when its id tells
/// it, else at its first retweet's. Copied tweets, which know only their day, come first in
/// their day (their time is the day's midnight, UTC).
pub fn fold_retweets<'a>(records: impl Iterator<Item = &'a Tweet>) -> Vec<Quote> {
    let mut quotes: Vec<Quote> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    let mut retweets: Vec<&Tweet> = Vec::new();
    for t in records {
        if t.kind == TweetType::Retweet {
            retweets.push(t);
        } else {
            at.entry(t.id.clone()).or_insert(quotes.len());
            quotes.push(Quote::own(t));
        }
    }
    for rt in retweets {
        let key = match &rt.retweet_of {
            Some(r) if !r.id.is_empty() => r.id.clone(),
            _ => format!("\u{1f}text:{}", rt.text),
        };
        let i = *at.entry(key).or_insert_with(|| {
            quotes.push(Quote::from_retweet(rt));
            quotes.len() - 1
        });
        quotes[i].add_retweet(rt);
    }
    quotes.sort_by(|a, b| {
        a.created_at
            .cmp(&b.created_at)
            .then_with(|| a.id.cmp(&b.id))
    });
    quotes
}

/// A sum of counts over the records whose source gives the count: unknown until one does.
/// Counts come from the files as written, up to u64::MAX: sums stay at the top.
pub fn add_known(sum: Option<u64>, n: Option<u64>) -> Option<u64> {
    match (sum, n) {
        (Some(a), Some(b)) => Some(a.saturating_add(b)),
        (a, b) => a.or(b),
    }
}

/// A count for people: the number, or "not in the sources" when no source gives it.
pub fn count_text(n: Option<u64>) -> String {
    n.map_or_else(|| NOT_IN_SOURCES.to_string(), |n| n.to_string())
}

/// What a page says of a count that no source gives (never 0).
pub const NOT_IN_SOURCES: &str = "not in the sources";

/// Counts values compared without case or accents, remembering how each was written.
#[derive(Default)]
struct Tally {
    counts: HashMap<String, (usize, HashMap<String, usize>)>,
}

impl Tally {
    /// Counts a record's values, each once.
    fn add<'a>(&mut self, values: impl Iterator<Item = &'a String>) {
        let mut seen = HashSet::new();
        for v in values {
            let key = fold(v);
            if key.is_empty() || !seen.insert(key.clone()) {
                continue;
            }
            let entry = self.counts.entry(key).or_default();
            entry.0 += 1;
            *entry.1.entry(v.clone()).or_default() += 1;
        }
    }

    /// The `n` most frequent, ties in alphabetical order, each as most often written.
    fn top(self, n: usize) -> Vec<Ranked> {
        let mut all: Vec<(String, usize, String)> = self
            .counts
            .into_iter()
            .map(|(key, (count, spellings))| {
                let shown = spellings
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                    .map(|(s, _)| s)
                    .unwrap_or_default();
                (key, count, shown)
            })
            .collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        all.into_iter()
            .take(n)
            .map(|(_, tweets, value)| Ranked { value, tweets })
            .collect()
    }
}

/// How a speaker's page writes times, in the event's zone: the page's header names the event's
/// day, so a time on that day is its time of day alone, and the date is written only for
/// another day.
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    pub tz: Tz,
    /// The day the header names (the event's start, in its zone) and its offset.
    pub day: Option<(NaiveDate, FixedOffset)>,
}

impl Clock {
    pub fn new(event: &Event) -> Clock {
        let tz = event.tz;
        let day = event.starts.map(|t| {
            let l = t.with_timezone(&tz);
            (l.date_naive(), l.offset().fix())
        });
        Clock { tz, day }
    }

    /// Whether `t` falls on the header's day.
    fn on_day(&self, t: DateTime<Utc>) -> bool {
        let l = t.with_timezone(&self.tz);
        self.day.is_some_and(|(d, _)| d == l.date_naive())
    }

    /// `10:42` on the header's day at its offset (the notes name the zone and offset), else
    /// the date, the time and the offset: `2015-11-18 10:42 +01:00`.
    pub fn time(&self, t: DateTime<Utc>) -> String {
        let l = t.with_timezone(&self.tz);
        match self.day {
            Some((_, off)) if self.on_day(t) && l.offset().fix() == off => {
                l.format("%H:%M").to_string()
            }
            _ => local(t, self.tz),
        }
    }

    /// A tweet's [`Clock::time`]; a copied tweet's day only (`2015-11-17`).
    pub fn tweet(&self, t: &Tweet) -> String {
        match t.date_only {
            true => tweet_time(t, self.tz),
            false => self.time(t.created_at),
        }
    }

    /// A slot: `09:00–10:00 (+01:00)` on the header's day, the date before it on another day
    /// (`2015-11-18 09:00–10:00 (+01:00)`), both ends' dates when it goes past midnight, each
    /// end's offset when the clocks change within it.
    pub fn slot(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> String {
        let (la, lb) = (a.with_timezone(&self.tz), b.with_timezone(&self.tz));
        let same_day = la.date_naive() == lb.date_naive();
        let date = |l: &DateTime<Tz>, shown: bool| match shown {
            true => l.format("%Y-%m-%d ").to_string(),
            false => String::new(),
        };
        let a_date = date(&la, !(same_day && self.on_day(a)));
        let b_date = date(&lb, !same_day);
        let (oa, ob) = (la.format("%:z"), lb.format("%:z"));
        if la.offset().fix() == lb.offset().fix() {
            let dash = if same_day { "–" } else { " – " };
            format!(
                "{a_date}{}{dash}{b_date}{} ({oa})",
                la.format("%H:%M"),
                lb.format("%H:%M")
            )
        } else {
            format!(
                "{a_date}{} ({oa}) – {b_date}{} ({ob})",
                la.format("%H:%M"),
                lb.format("%H:%M")
            )
        }
    }

    /// What the notes say of the times: `Europe/Rome (+01:00) on 17 November 2015`.
    pub fn zone(&self) -> String {
        match self.day {
            Some((d, off)) => format!("{} ({off}) on {}", self.tz.name(), d.format("%-d %B %Y")),
            None => self.tz.name().to_string(),
        }
    }
}

/// A time in the event's zone with its offset, for people: `2015-11-17 10:42 +01:00`.
pub fn local(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz)
        .format("%Y-%m-%d %H:%M %:z")
        .to_string()
}

/// A tweet's time for people in the event's zone; a copied tweet's day only.
pub fn tweet_time(t: &Tweet, tz: Tz) -> String {
    if t.date_only {
        t.created_at
            .with_timezone(&tz)
            .format("%Y-%m-%d")
            .to_string()
    } else {
        local(t.created_at, tz)
    }
}

/// A link that is safe to put in a page: `http` or `https` only, with the characters that
/// could end an attribute or a Markdown link percent-encoded. None for any other scheme.
pub fn safe_link(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '"' | '\'' | '<' | '>' | '(' | ')' | '[' | ']' | '\\' | '`' | ' ' | '{' | '}' | '|'
            | '^' => out.push_str(&format!("%{:02X}", c as u32)),
            c if c.is_control() || c.is_whitespace() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_ascii_words() {
        assert_eq!(slug("Nicolò  D'Àvila"), "nicolo-d-avila");
        assert_eq!(slug("@ubimaggio"), "ubimaggio");
        assert_eq!(slug("<script>"), "script");
    }

    #[test]
    fn windows_are_aligned_in_the_local_zone() {
        let rome: Tz = "Europe/Rome".parse().unwrap();
        let t: DateTime<Utc> = "2015-11-17T09:43:27Z".parse().unwrap();
        assert_eq!(floor(t, rome, 5).to_rfc3339(), "2015-11-17T09:40:00+00:00");
        assert_eq!(floor(t, rome, 1).to_rfc3339(), "2015-11-17T09:43:00+00:00");
        // Kathmandu is 5:45 ahead: its hours start at :15 UTC.
        let nepal: Tz = "Asia/Kathmandu".parse().unwrap();
        assert_eq!(
            floor(t, nepal, 60).to_rfc3339(),
            "2015-11-17T09:15:00+00:00"
        );
    }

    #[test]
    fn only_web_links_are_kept_and_they_cannot_break_out() {
        assert_eq!(safe_link("javascript:alert(1)"), None);
        assert_eq!(safe_link("data:text/html,x"), None);
        assert_eq!(
            safe_link("https://x.org/a\"><b>(1)").as_deref(),
            Some("https://x.org/a%22%3E%3Cb%3E%281%29")
        );
        assert_eq!(
            safe_link("https://twitter.com/a/status/1").as_deref(),
            Some("https://twitter.com/a/status/1")
        );
    }

    fn rome_event(starts: &str) -> Event {
        Event {
            slug: "e".into(),
            title: "E".into(),
            hashtags: Vec::new(),
            tz: "Europe/Rome".parse().unwrap(),
            starts: Some(starts.parse().unwrap()),
            ends: None,
            venue: None,
            speakers: Vec::new(),
        }
    }

    #[test]
    fn a_slot_on_the_headers_day_is_its_hours_and_offset() {
        let clock = Clock::new(&rome_event("2015-11-17T08:00:00Z"));
        let t = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        assert_eq!(
            clock.slot(t("2015-11-17T08:00:00Z"), t("2015-11-17T09:00:00Z")),
            "09:00–10:00 (+01:00)"
        );
        // Another day than the header's: its date.
        assert_eq!(
            clock.slot(t("2015-11-18T08:00:00Z"), t("2015-11-18T09:00:00Z")),
            "2015-11-18 09:00–10:00 (+01:00)"
        );
        // Past midnight: both dates.
        assert_eq!(
            clock.slot(t("2015-11-17T22:00:00Z"), t("2015-11-18T00:30:00Z")),
            "2015-11-17 23:00 – 2015-11-18 01:30 (+01:00)"
        );
        assert_eq!(clock.time(t("2015-11-17T09:42:00Z")), "10:42");
        assert_eq!(
            clock.time(t("2015-11-18T09:42:00Z")),
            "2015-11-18 10:42 +01:00"
        );
        assert_eq!(clock.zone(), "Europe/Rome (+01:00) on 17 November 2015");
        // The clocks go back on 25 October 2015 at 03:00 in Rome: each end's offset.
        let dst = Clock::new(&rome_event("2015-10-24T22:00:00Z"));
        assert_eq!(
            dst.slot(t("2015-10-24T23:30:00Z"), t("2015-10-25T01:30:00Z")),
            "01:30 (+02:00) – 02:30 (+01:00)"
        );
        // No day in the header: every date is written.
        let mut none = rome_event("2015-11-17T08:00:00Z");
        none.starts = None;
        assert_eq!(
            Clock::new(&none).slot(t("2015-11-17T08:00:00Z"), t("2015-11-17T09:00:00Z")),
            "2015-11-17 09:00–10:00 (+01:00)"
        );
    }

    #[test]
    fn retweets_fold_into_their_original_or_into_one_entry_for_an_absent_one() {
        use crate::model::Reference;
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let tweet = |id: &str, when: &str, kind: TweetType, of: Option<&str>| Tweet {
            id: id.into(),
            created_at: at(when),
            kind,
            text: format!("text of {}", of.unwrap_or(id)),
            retweet_of: of.map(|o| Reference {
                id: o.into(),
                author: Some("orig".into()),
            }),
            retweet_count: Some(3),
            favorite_count: Some(if of.is_some() { 9 } else { 1 }),
            ..Tweet::default()
        };
        // 666542540190646273 is a snowflake of 2015-11-17T09:05:00Z.
        let absent = "666542540190646273";
        let records = [
            tweet("10", "2015-11-17T10:00:00Z", TweetType::Original, None),
            tweet("11", "2015-11-17T10:01:00Z", TweetType::Retweet, Some("10")),
            tweet(
                "12",
                "2015-11-17T10:02:00Z",
                TweetType::Retweet,
                Some(absent),
            ),
            tweet(
                "13",
                "2015-11-17T09:59:00Z",
                TweetType::Retweet,
                Some(absent),
            ),
            tweet("14", "2015-11-17T10:03:00Z", TweetType::Retweet, Some("10")),
            tweet("15", "2015-11-17T10:04:00Z", TweetType::Reply, None),
        ];
        let quotes = fold_retweets(records.iter());
        let shown: Vec<(&str, usize, bool)> = quotes
            .iter()
            .map(|q| (q.id.as_str(), q.retweets, q.from_retweets))
            .collect();
        assert_eq!(
            shown,
            [(absent, 2, true), ("10", 2, false), ("15", 0, false)]
        );
        let from_retweets = &quotes[0];
        assert_eq!(from_retweets.created_at, at("2015-11-17T09:05:00Z"));
        assert!(from_retweets.time_known);
        assert_eq!(from_retweets.author.handle, "orig");
        assert_eq!(from_retweets.text, format!("text of {absent}"));
        assert_eq!(from_retweets.favorite_count, Some(9));
        assert_eq!(
            from_retweets.first_retweet,
            Some(at("2015-11-17T09:59:00Z"))
        );
        // Every record is in one entry: itself, or a retweet folded in.
        let accounted: usize = quotes
            .iter()
            .map(|q| q.retweets + usize::from(!q.from_retweets))
            .sum();
        assert_eq!(accounted, records.len());
        // An id that tells no time (not Twitter's): the first retweet's, said so.
        let mut boost = tweet("20", "2015-11-17T11:00:00Z", TweetType::Retweet, Some("x"));
        boost.format = crate::model::Format::Mastodon;
        let quotes = fold_retweets([boost].iter());
        assert!(!quotes[0].time_known);
        assert_eq!(quotes[0].created_at, at("2015-11-17T11:00:00Z"));
    }

    #[test]
    fn tallies_count_once_per_record_and_show_the_usual_spelling() {
        let mut t = Tally::default();
        let a = ["OpenData".to_string(), "opendata".to_string()];
        let b = ["opendata".to_string(), "PA".to_string()];
        let c = ["opendata".to_string()];
        t.add(a.iter());
        t.add(b.iter());
        t.add(c.iter());
        assert_eq!(
            t.top(5),
            [
                Ranked {
                    value: "opendata".into(),
                    tweets: 3
                },
                Ranked {
                    value: "PA".into(),
                    tweets: 1
                }
            ]
        );
    }
}
