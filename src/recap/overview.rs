//! The event page (`recap --all`'s `index`, `recap --overview`): the whole day at a glance,
//! computed once here and printed by [`super::html`], [`super::markdown`] and [`super::json`],
//! so that the three formats cannot disagree.
//!
//! Where `chirpdex stats` counts a figure, it is `stats`'s own count: [`build`] runs
//! [`crate::stats::stats`] on the event's tweets (what `stats --event SLUG` selects, with its
//! default options), so the page shows the numbers `stats --event SLUG --format json` prints:
//! the total and its types, the contributors and the top ten's share, the first and last timed
//! tweet, the untimed tweets, the most active authors, mentioned accounts, hashtags, links and
//! domains, the most retweeted and most liked tweets. The speakers' rows are `speakers`' rows
//! ([`super::EventRecap`]). What neither counts is counted here from the event's tweets (as
//! [`super::read`] reads them):
//!
//! - the busiest five minutes, aligned in the event's zone as [`super::floor`] aligns them (the
//!   earliest on a tie), and who was on stage then (the speakers whose slot holds its start);
//! - the day's chart: tweets per five minutes (longer buckets when the tweets span more than
//!   twelve hours) over the event's hours widened to every timed tweet, the slots, the peaks;
//! - retweets and likes received: summed over the tweets that are not retweets and whose source
//!   gives counts; `None` (unknown) when no such tweet gives them;
//! - each speaker's top quote, and the tweets attributed to no speaker (their characteristic
//!   terms against the rest of the event, and the accounts they mention).
//!
//! The lists keep `stats`'s folded keys (`pasocial`, `saradurantini`) for programs and show each
//! as it is most often written (`SaraDurantini`).

use std::collections::{BTreeMap, HashMap, HashSet};

use anyhow::Result;
use chrono::{DateTime, Duration, Utc};

use super::terms::{self, Term};
use super::{EventRecap, Ranked, Tally, Window, add_known, event_request, floor};
use crate::event::Event;
use crate::index::Archive;
use crate::model::fold::fold;
use crate::model::{Method, Tweet, TweetType, link};
use crate::stats::{self, Stats, StatsOptions, TopTweet};

/// How many of the most retweeted and most liked tweets the page shows.
pub const TOP_TWEETS: usize = 5;
/// How many peaks the chart marks.
pub const PEAKS: usize = 3;
/// The most buckets the day's chart has: twelve hours of five minutes.
pub const MAX_BUCKETS: i64 = 144;
/// How many accounts mentioned by the unattributed tweets are listed.
pub const TOP_MISSED: usize = 10;

/// The event page's figures.
#[derive(Clone, Debug)]
pub struct Overview {
    /// `stats --event SLUG`'s figures (default options).
    pub stats: Stats,
    /// Retweets and likes received by the event's tweets.
    pub received: Received,
    /// The busiest five minutes, and who was on stage then.
    pub busiest: Option<Busiest>,
    /// None when no tweet has a time of day and the programme gives no hours.
    pub chart: Option<Chart>,
    /// One per speaker, in the programme's order (as `EventRecap::speakers`).
    pub speakers: Vec<Row>,
    /// The most active contributors (known authors).
    pub authors: Vec<Entry>,
    pub mentions: Vec<Entry>,
    /// The event's own hashtags, and how many tweets carry each.
    pub event_hashtags: Vec<Entry>,
    /// The other hashtags of `stats`'s list.
    pub hashtags: Vec<Entry>,
    /// Links as expanded, each with its domain.
    pub links: Vec<SharedLink>,
    pub domains: Vec<Entry>,
    pub most_retweeted: Vec<Top>,
    pub most_liked: Vec<Top>,
    pub missed: Missed,
}

impl Overview {
    /// The time whose day the event page is about: the programme's start, else the first
    /// tweet's, else now.
    pub fn day(&self, event: &Event) -> DateTime<Utc> {
        event.starts.or(self.stats.first).unwrap_or_else(Utc::now)
    }
}

/// A value of a list: `stats`'s folded key, how it is most often written, and its count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub shown: String,
    pub count: u64,
}

/// A link shared, as its source expands it, with its domain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedLink {
    pub url: String,
    pub domain: Option<String>,
    pub count: u64,
}

/// A tweet of a top list, with the tweet itself when the event's tweets hold it (for its time
/// and link).
#[derive(Clone, Debug)]
pub struct Top {
    pub top: TopTweet,
    pub tweet: Option<Tweet>,
}

/// Retweets and likes received: summed over the tweets that are not retweets (a retweet
/// carries its original's counts) and whose source gives counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Received {
    /// None when none of the tweets' sources gives counts (and there is at least one).
    pub retweets: Option<u64>,
    pub likes: Option<u64>,
    /// How many of the tweets summed over give no counts.
    pub without_counts: usize,
}

/// The sums of [`Received`] over some tweets.
pub fn received<'a>(tweets: impl IntoIterator<Item = &'a Tweet>) -> Received {
    let mut sums = Received::default();
    let mut any = false;
    for t in tweets.into_iter().filter(|t| t.kind != TweetType::Retweet) {
        any = true;
        sums.retweets = add_known(sums.retweets, t.retweet_count);
        sums.likes = add_known(sums.likes, t.favorite_count);
        sums.without_counts += usize::from(t.retweet_count.is_none() || t.favorite_count.is_none());
    }
    // Nothing to sum is a known 0.
    if !any {
        sums.retweets = Some(0);
        sums.likes = Some(0);
    }
    sums
}

/// The busiest five minutes and the speakers whose slot holds their start (indexes into
/// `EventRecap::speakers`; none between slots, several for parallel sessions).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Busiest {
    pub window: Window,
    pub on_stage: Vec<usize>,
}

/// The day's chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chart {
    /// Whole hours of the event's zone.
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// The buckets' width: 5 minutes unless the span is longer than twelve hours.
    pub minutes: u32,
    /// Every bucket from `from` to `to`, empty ones included.
    pub buckets: Vec<Window>,
    /// The marked peaks: indexes into `buckets`, highest first.
    pub peaks: Vec<usize>,
    /// The programme's slots within the span, in time order.
    pub slots: Vec<Slot>,
}

/// A speaker's slot on the chart, cut to its span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot {
    /// Index into `EventRecap::speakers`.
    pub speaker: usize,
    pub starts: DateTime<Utc>,
    pub ends: DateTime<Utc>,
}

/// A speaker's row beyond `speakers`' figures.
#[derive(Clone, Debug)]
pub struct Row {
    pub received: Received,
    /// The tweet that best says what the talk was: of the speaker's tweets that are not
    /// retweets, those quoting them first, then the most retweeted, the most liked, the earliest.
    pub top_quote: Option<Tweet>,
}

/// The tweets attributed to no speaker.
#[derive(Clone, Debug, Default)]
pub struct Missed {
    pub tweets: usize,
    /// Of which retweets.
    pub retweets: usize,
    /// Of which with no text (a photo alone, in copied text).
    pub textless: usize,
    /// Their characteristic words against the rest of the event.
    pub terms: Vec<Term>,
    /// The accounts they mention most.
    pub mentions: Vec<Ranked>,
}

/// The event page's figures: `stats` on the event's tweets, and the rest from `tweets` (the
/// event's tweets, as [`super::read`] gives them) and the speakers' summaries.
pub fn build(archive: &Archive, recap: &EventRecap, tweets: &[Tweet]) -> Result<Overview> {
    let stats = stats::stats(
        archive,
        &event_request(&recap.event),
        &StatsOptions::default(),
    )?;
    Ok(assemble(recap, tweets, stats))
}

/// [`build`]'s work once `stats` has counted.
pub fn assemble(recap: &EventRecap, tweets: &[Tweet], stats: Stats) -> Overview {
    let tz = recap.event.tz;
    let mut per_five: BTreeMap<DateTime<Utc>, usize> = BTreeMap::new();
    for t in tweets.iter().filter(|t| !t.date_only) {
        *per_five.entry(floor(t.created_at, tz, 5)).or_default() += 1;
    }
    // BTreeMap iterates in time order, so max_by_key's last-wins is undone by reversing.
    let busiest = per_five
        .iter()
        .rev()
        .max_by_key(|(_, n)| **n)
        .map(|(at, n)| {
            let window = Window {
                starts: *at,
                tweets: *n,
            };
            Busiest {
                window,
                on_stage: on_stage(recap, window.starts),
            }
        });

    let authors = spelled(
        &stats.authors,
        tweets.iter().map(|t| t.author.handle.as_str()),
    );
    let mentions = spelled(
        &stats.mentions,
        tweets
            .iter()
            .flat_map(|t| t.mentions.iter().map(String::as_str)),
    );
    let all_tags = spelled(
        &stats.hashtags,
        tweets
            .iter()
            .flat_map(|t| t.hashtags.iter().map(String::as_str)),
    );
    let own: HashSet<String> = recap.event.hashtags.iter().map(|h| fold(h)).collect();
    let (event_hashtags, hashtags): (Vec<Entry>, Vec<Entry>) =
        all_tags.into_iter().partition(|e| own.contains(&e.key));
    let links = stats
        .links
        .iter()
        .map(|l| SharedLink {
            url: l.key.clone(),
            domain: link::domain(&l.key),
            count: l.count,
        })
        .collect();
    let domains = stats
        .domains
        .iter()
        .map(|d| Entry {
            key: d.key.clone(),
            shown: d.key.clone(),
            count: d.count,
        })
        .collect();
    let by_id: HashMap<&str, &Tweet> = tweets.iter().map(|t| (t.id.as_str(), t)).collect();
    let top = |list: &[TopTweet]| -> Vec<Top> {
        list.iter()
            .take(TOP_TWEETS)
            .map(|t| Top {
                top: t.clone(),
                tweet: by_id.get(t.id.as_str()).map(|t| (*t).clone()),
            })
            .collect()
    };
    let most_retweeted = top(&stats.most_retweeted);
    let most_liked = top(&stats.most_liked);

    let speakers = recap
        .speakers
        .iter()
        .map(|s| {
            let key = fold(&s.name);
            let mine: Vec<(&Tweet, Method)> = tweets
                .iter()
                .filter_map(|t| {
                    t.attributions
                        .iter()
                        .find(|a| fold(&a.speaker) == key)
                        .map(|a| (t, a.method))
                })
                .collect();
            Row {
                received: received(mine.iter().map(|(t, _)| *t)),
                top_quote: top_quote(&mine),
            }
        })
        .collect();

    Overview {
        received: received(tweets),
        busiest,
        chart: chart(recap, &per_five),
        speakers,
        authors,
        mentions,
        event_hashtags,
        hashtags,
        links,
        domains,
        most_retweeted,
        most_liked,
        missed: missed(tweets),
        stats,
    }
}

/// The speakers on stage at `t`: those whose slot holds it.
fn on_stage(recap: &EventRecap, t: DateTime<Utc>) -> Vec<usize> {
    recap
        .speakers
        .iter()
        .enumerate()
        .filter(|(_, s)| s.speaker.slot.is_some_and(|(a, b)| a <= t && t < b))
        .map(|(i, _)| i)
        .collect()
}

/// `stats`'s counts, each with the spelling the tweets use most for its key (ties: the first
/// in alphabetical order; the key itself when no tweet spells it).
fn spelled<'a>(counts: &[stats::KeyCount], values: impl Iterator<Item = &'a str>) -> Vec<Entry> {
    let wanted: HashSet<&str> = counts.iter().map(|c| c.key.as_str()).collect();
    let mut spellings: HashMap<String, HashMap<&str, usize>> = HashMap::new();
    for v in values {
        let key = fold(v);
        if wanted.contains(key.as_str()) {
            *spellings.entry(key).or_default().entry(v).or_default() += 1;
        }
    }
    counts
        .iter()
        .map(|c| {
            let shown = spellings
                .get(&c.key)
                .and_then(|s| {
                    s.iter()
                        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                        .map(|(s, _)| s.to_string())
                })
                .unwrap_or_else(|| c.key.clone());
            Entry {
                key: c.key.clone(),
                shown,
                count: c.count,
            }
        })
        .collect()
}

/// A speaker's top quote (see [`Row::top_quote`]). Counts a source does not give are 0.
fn top_quote(mine: &[(&Tweet, Method)]) -> Option<Tweet> {
    mine.iter()
        .filter(|(t, _)| t.kind != TweetType::Retweet && !t.text.trim().is_empty())
        .min_by(|(a, am), (b, bm)| {
            (*bm == Method::Quote)
                .cmp(&(*am == Method::Quote))
                .then_with(|| b.retweet_count.cmp(&a.retweet_count))
                .then_with(|| b.favorite_count.cmp(&a.favorite_count))
                .then_with(|| a.created_at.cmp(&b.created_at))
                .then_with(|| a.id.cmp(&b.id))
        })
        .map(|(t, _)| (*t).clone())
}

/// The chart's span and buckets; None when neither the programme nor the tweets give a time.
fn chart(recap: &EventRecap, per_five: &BTreeMap<DateTime<Utc>, usize>) -> Option<Chart> {
    let e = &recap.event;
    let tz = e.tz;
    let first = per_five.keys().next().copied();
    let last = per_five
        .keys()
        .next_back()
        .map(|t| *t + Duration::minutes(5));
    let from = [e.starts, first].into_iter().flatten().min()?;
    let to = [e.ends, last].into_iter().flatten().max()?;
    let from = floor(from, tz, 60);
    let mut end = floor(to, tz, 60);
    if end < to {
        end += Duration::hours(1);
    }
    if from >= end {
        return None;
    }
    // Five minutes, or the first longer width that keeps the chart within MAX_BUCKETS (a day
    // of an hour each, then whole days).
    let span = (end - from).num_minutes().max(0) as u64;
    let most = MAX_BUCKETS as u64;
    let minutes = [5u32, 10, 15, 20, 30, 60, 120, 180, 360, 720, 1440]
        .into_iter()
        .find(|m| span.div_ceil(u64::from(*m)) <= most)
        .unwrap_or_else(|| u32::try_from(span.div_ceil(most)).unwrap_or(u32::MAX));
    let width = Duration::minutes(i64::from(minutes));
    let mut buckets = Vec::new();
    let mut at = from;
    while at < end {
        buckets.push(Window {
            starts: at,
            tweets: 0,
        });
        at += width;
    }
    // Each five minutes falls in one bucket (the widths are multiples of five from a whole hour).
    for (t, n) in per_five.range(from..end) {
        let i = ((*t - from).num_minutes() / i64::from(minutes)) as usize;
        if let Some(b) = buckets.get_mut(i) {
            b.tweets += n;
        }
    }
    let peaks = peaks(&buckets, (end - from) / 8);
    let mut slots: Vec<Slot> = recap
        .speakers
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let (a, b) = s.speaker.slot?;
            let (a, b) = (a.max(from), b.min(end));
            (a < b).then_some(Slot {
                speaker: i,
                starts: a,
                ends: b,
            })
        })
        .collect();
    slots.sort_by_key(|s| (s.starts, s.ends, s.speaker));
    Some(Chart {
        from,
        to: end,
        minutes,
        buckets,
        peaks,
        slots,
    })
}

/// The peaks to mark: the highest bucket (the earliest on a tie), then up to [`PEAKS`] in all
/// of the next highest that stand out (at least half as many tweets again as the median bucket
/// with tweets), each at least `apart` from those already chosen so that their labels do not
/// crowd. A flat day has one.
fn peaks(buckets: &[Window], apart: Duration) -> Vec<usize> {
    let mut order: Vec<usize> = (0..buckets.len())
        .filter(|i| buckets[*i].tweets > 0)
        .collect();
    let mut counts: Vec<usize> = order.iter().map(|i| buckets[*i].tweets).collect();
    counts.sort_unstable();
    let median = counts.get(counts.len() / 2).copied().unwrap_or(0);
    let stands_out = (median * 3).div_ceil(2).max(median + 1);
    order.sort_by(|a, b| buckets[*b].tweets.cmp(&buckets[*a].tweets).then(a.cmp(b)));
    let mut chosen: Vec<usize> = Vec::new();
    for i in order {
        if chosen.len() == PEAKS {
            break;
        }
        let at = buckets[i].starts;
        if chosen.is_empty()
            || (buckets[i].tweets >= stands_out
                && chosen
                    .iter()
                    .all(|c| (buckets[*c].starts - at).abs() >= apart))
        {
            chosen.push(i);
        }
    }
    chosen
}

/// The tweets that no speaker was attributed.
fn missed(tweets: &[Tweet]) -> Missed {
    let orphans: Vec<&Tweet> = tweets
        .iter()
        .filter(|t| t.attributions.is_empty())
        .collect();
    if orphans.is_empty() {
        return Missed::default();
    }
    let originals: Vec<&Tweet> = orphans
        .iter()
        .copied()
        .filter(|t| t.kind != TweetType::Retweet)
        .collect();
    let mut mentioned = Tally::default();
    for t in &orphans {
        mentioned.add(t.mentions.iter());
    }
    Missed {
        tweets: orphans.len(),
        retweets: orphans.len() - originals.len(),
        textless: orphans.iter().filter(|t| t.text.trim().is_empty()).count(),
        terms: terms::Corpus::new(tweets).characteristic(&originals, &[]),
        mentions: mentioned.top(TOP_MISSED),
    }
}

/// The share of `part` in `whole`, in percent with one decimal, as the page shows it (a
/// no-break space before `%`).
pub fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "–".into();
    }
    format!("{:.1}\u{a0}%", part as f64 * 100.0 / whole as f64)
}

/// A speaker's name as the event page shows it: a speaker known only by a handle with its `@`.
pub fn speaker_name(s: &super::SpeakerRecap) -> String {
    if s.speaker.name.is_none() && !s.name.starts_with('@') && !s.speaker.handles.is_empty() {
        format!("@{}", s.name)
    } else {
        s.name.clone()
    }
}

/// A tweet's time for the event page: the time of day alone on the event's first day (the
/// header gives the day and the zone), else with its day; a copied tweet's day.
pub fn event_time(t: &Tweet, r: &EventRecap) -> String {
    let tz = r.event.tz;
    let local = t.created_at.with_timezone(&tz);
    let day = r.event.starts.map(|s| s.with_timezone(&tz).date_naive());
    if !t.date_only && day == Some(local.date_naive()) {
        local.format("%H:%M").to_string()
    } else {
        super::tweet_time(t, tz)
    }
}

/// A duration in words for a chart's bucket: `five minutes`, `an hour`, `2 hours`.
pub fn bucket_words(minutes: u32) -> String {
    match minutes {
        5 => "five minutes".into(),
        10 => "ten minutes".into(),
        15 => "quarter of an hour".into(),
        30 => "half hour".into(),
        60 => "hour".into(),
        m if m % 1440 == 0 => format!("{} days", m / 1440),
        m if m % 60 == 0 => format!("{} hours", m / 60),
        m => format!("{m} minutes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attribution, Author, Format};

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn tweet(id: &str, when: &str, rt: u64, fav: u64, format: Format) -> Tweet {
        Tweet {
            id: id.into(),
            created_at: at(when),
            author: Author {
                handle: "sara".into(),
                ..Author::default()
            },
            text: format!("tweet {id}"),
            // Copied text gives no counts.
            retweet_count: (format != Format::Text).then_some(rt),
            favorite_count: (format != Format::Text).then_some(fav),
            format,
            ..Tweet::default()
        }
    }

    #[test]
    fn counts_no_source_gives_are_unknown_and_partial_ones_are_said() {
        let v1 = tweet("1", "2015-11-17T09:00:00Z", 3, 4, Format::V1);
        let copied = tweet("2", "2015-11-17T00:00:00Z", 0, 0, Format::Text);
        let retweet = Tweet {
            kind: TweetType::Retweet,
            ..tweet("3", "2015-11-17T09:01:00Z", 3, 4, Format::V1)
        };
        assert_eq!(
            received([&copied]),
            Received {
                retweets: None,
                likes: None,
                without_counts: 1
            }
        );
        assert_eq!(
            received([&v1, &copied, &retweet]),
            Received {
                retweets: Some(3),
                likes: Some(4),
                without_counts: 1
            }
        );
        // Nothing to sum is nothing received, not unknown.
        assert_eq!(received([&retweet]).retweets, Some(0));
    }

    #[test]
    fn a_speakers_top_quote_is_a_quote_before_a_mere_mention() {
        let popular = tweet("1", "2015-11-17T09:00:00Z", 50, 9, Format::V1);
        let quote = tweet("2", "2015-11-17T09:05:00Z", 1, 0, Format::V1);
        let better = tweet("3", "2015-11-17T09:06:00Z", 2, 0, Format::V1);
        let mine = [
            (&popular, Method::Mention),
            (&quote, Method::Quote),
            (&better, Method::Quote),
        ];
        assert_eq!(top_quote(&mine).unwrap().id, "3");
        assert_eq!(top_quote(&mine[..1]).unwrap().id, "1");
    }

    #[test]
    fn peaks_are_the_highest_buckets_kept_apart() {
        let t0 = at("2015-11-17T08:00:00Z");
        let day = |counts: &[usize]| -> Vec<Window> {
            counts
                .iter()
                .enumerate()
                .map(|(i, n)| Window {
                    starts: t0 + Duration::minutes(5 * i as i64),
                    tweets: *n,
                })
                .collect()
        };
        let spiky = day(&[1, 2, 9, 8, 1, 0, 7, 2, 2]);
        assert_eq!(peaks(&spiky, Duration::minutes(15)), [2, 6]);
        assert_eq!(peaks(&spiky, Duration::minutes(0)), [2, 3, 6]);
        assert_eq!(peaks(&spiky, Duration::minutes(25)), [2]);
        // A flat day: its busiest bucket only.
        assert_eq!(
            peaks(&day(&[31, 32, 30, 32, 31]), Duration::minutes(5)),
            [1]
        );
        assert_eq!(
            peaks(&day(&[0, 0]), Duration::minutes(5)),
            Vec::<usize>::new()
        );
    }

    #[test]
    fn unattributed_tweets_are_counted_with_what_they_mention() {
        let mut a = tweet("1", "2015-11-17T09:00:00Z", 0, 0, Format::V1);
        a.mentions = vec!["AgID".into()];
        let mut b = tweet("2", "2015-11-17T09:00:00Z", 0, 0, Format::V1);
        b.mentions = vec!["agid".into(), "x".into()];
        b.kind = TweetType::Retweet;
        let photo = Tweet {
            text: String::new(),
            ..tweet("4", "2015-11-17T00:00:00Z", 0, 0, Format::Text)
        };
        let mut c = tweet("3", "2015-11-17T09:00:00Z", 0, 0, Format::V1);
        c.attributions = vec![Attribution {
            speaker: "Sara".into(),
            method: Method::Slot,
        }];
        c.mentions = vec!["agid".into()];
        let m = missed(&[a, b, c, photo]);
        assert_eq!((m.tweets, m.retweets, m.textless), (3, 1, 1));
        assert_eq!(m.mentions[0].tweets, 2);
        assert_eq!(m.mentions[1].value, "x");
    }
}
