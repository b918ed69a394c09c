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
//! - `methods`: how many attributions were made by each method (they add up to `tweets`).

pub mod html;
pub mod json;
pub mod markdown;
pub mod table;
pub mod terms;

use std::collections::{BTreeMap, HashMap, HashSet};

use anyhow::Result;
use chrono::{DateTime, Duration, Timelike, Utc};
use chrono_tz::Tz;

use crate::event::{Event, Speaker};
use crate::index::Archive;
use crate::model::Method;
use crate::model::fold::fold;
use crate::model::{Tweet, TweetType};
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

/// How many attributions each method made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
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
    pub most_retweeted: Vec<Tweet>,
    /// The most liked records that are not retweets (none with no likes).
    pub most_liked: Vec<Tweet>,
    /// When no record has a retweet or a like: the first records that are not retweets.
    pub quotes: Vec<Tweet>,
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
pub fn build(archive: &Archive, event: &Event) -> Result<EventRecap> {
    let mut request = Request::new("*");
    request.filters.event = Some(event.slug.clone());
    request.tz = event.tz;
    let mut tweets = Vec::new();
    query::for_each_match(archive, &request, |mut t| {
        t.raw = Vec::new();
        tweets.push(t);
        Ok(())
    })?;
    Ok(summarise(event, tweets))
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
    let (mut retweet_count, mut favorite_count) = (None, None);
    let mut uncounted = 0;
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
            retweet_count = add_known(retweet_count, t.retweet_count);
            favorite_count = add_known(favorite_count, t.favorite_count);
            uncounted += usize::from(t.retweet_count.is_none() || t.favorite_count.is_none());
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
    let top = |key: fn(&Tweet) -> u64| {
        let mut v: Vec<&Tweet> = originals.iter().copied().filter(|t| key(t) > 0).collect();
        v.sort_by(|a, b| {
            key(b)
                .cmp(&key(a))
                .then_with(|| a.created_at.cmp(&b.created_at))
                .then_with(|| a.id.cmp(&b.id))
        });
        v.into_iter()
            .take(TOP_QUOTES)
            .cloned()
            .collect::<Vec<Tweet>>()
    };
    let most_retweeted = top(|t| t.retweet_count.unwrap_or(0));
    let most_liked = top(|t| t.favorite_count.unwrap_or(0));
    let quotes = if most_retweeted.is_empty() && most_liked.is_empty() {
        originals
            .iter()
            .take(TOP_QUOTES)
            .map(|t| (*t).clone())
            .collect()
    } else {
        Vec::new()
    };
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
        retweet_count,
        favorite_count,
        uncounted,
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
