//! The normalised tweet: the one record every format reader produces and every later stage reads.
//!
//! This is the bottom layer: it imports nothing else of chirpdex. Readers (`formats`) fill what
//! their source says into a [`Tweet`] and the pipeline calls [`Tweet::normalise`], which owns the
//! rules every source shares (the type, entity de-duplication); the index stores the tweet;
//! queries and reports give it back. Nothing downstream of a reader knows which format a tweet
//! came from, except through [`Tweet::format`] and the kept original ([`Tweet::raw`]).
//!
//! Below it are small helpers that every layer uses: [`time`] (dates as people and sources write
//! them), [`fold`] (how exact keys compare: case and accents folded) and [`link`] (which links a
//! tweet shares, and their domains).

pub mod fold;
pub mod link;
pub mod time;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

/// What kind of post a record is, by the rule the research tools use: reply if it answers a
/// tweet, else retweet, else quote, else original.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TweetType {
    #[default]
    Original,
    Reply,
    Retweet,
    Quote,
}

impl TweetType {
    pub const ALL: [TweetType; 4] = [
        TweetType::Original,
        TweetType::Reply,
        TweetType::Retweet,
        TweetType::Quote,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TweetType::Original => "original",
            TweetType::Reply => "reply",
            TweetType::Retweet => "retweet",
            TweetType::Quote => "quote",
        }
    }

    pub fn parse(s: &str) -> Option<TweetType> {
        TweetType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// The formats chirpdex reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Format {
    /// Twitter API v1.1 tweet objects (twarc 1, tweepy, search responses).
    #[default]
    V1,
    /// Twitter API v2: twarc2 response pages, lists of tweets, flattened tweets.
    V2,
    /// A personal Twitter archive: the zip, or its `tweets.js`.
    Archive,
    /// TAGS, twarc `json2csv` and twarc-csv spreadsheets.
    Csv,
    /// Saved web pages with `twitter-tweet` blockquotes.
    Html,
    /// Text copied from a web page, with `— Name (@handle) date` attribution lines.
    Text,
    /// Mastodon statuses and account exports (`outbox.json`).
    Mastodon,
    /// Bluesky `app.bsky.feed.post` records and feed views.
    Bluesky,
    /// chirpdex's own normalised records (`chirpdex export` of sources without a JSON original).
    Normalised,
}

impl Format {
    pub const ALL: [Format; 9] = [
        Format::V1,
        Format::V2,
        Format::Archive,
        Format::Csv,
        Format::Html,
        Format::Text,
        Format::Mastodon,
        Format::Bluesky,
        Format::Normalised,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::V1 => "v1",
            Format::V2 => "v2",
            Format::Archive => "archive",
            Format::Csv => "csv",
            Format::Html => "html",
            Format::Text => "text",
            Format::Mastodon => "mastodon",
            Format::Bluesky => "bluesky",
            Format::Normalised => "normalised",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Whether a tweet of this format keeps, as its original, a JSON object that stands alone
    /// (and that its reader reads back). Others are exported as normalised records.
    pub fn original_is_json(self) -> bool {
        matches!(
            self,
            Format::V1 | Format::V2 | Format::Mastodon | Format::Bluesky
        )
    }
}

/// How an attribution was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Quote,
    Mention,
    Name,
    /// The speaker's own post about their talk.
    Own,
    Slot,
}

impl Method {
    pub const ALL: [Method; 5] = [
        Method::Quote,
        Method::Mention,
        Method::Name,
        Method::Own,
        Method::Slot,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Quote => "quote",
            Method::Mention => "mention",
            Method::Name => "name",
            Method::Own => "own",
            Method::Slot => "slot",
        }
    }

    pub fn parse(s: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// Whether the speaker was inferred rather than named: the tweet was posted during their
    /// slot, or is their own post about their talk. Recaps show these apart ("probably about
    /// this talk") and `--named-only` leaves them out.
    pub fn inferred(self) -> bool {
        matches!(self, Method::Own | Method::Slot)
    }

    /// How often an attribution by this method is right: its precision on the tweets labelled
    /// blind for development (`tests/data/speakers/dev`), as the attribution test measures it
    /// (and checks that it stays so).
    pub fn confidence(self) -> f64 {
        match self {
            Method::Quote => 0.99,
            Method::Name => 0.96,
            Method::Mention => 0.95,
            Method::Slot => 0.80,
            Method::Own => 0.87,
        }
    }
}

/// A speaker a tweet is about: the speaker's display name (name, else first handle) and how.
/// Written out with the method's `confidence` and whether it was `inferred`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Attribution {
    pub speaker: String,
    pub method: Method,
}

impl Serialize for Attribution {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut o = s.serialize_struct("Attribution", 4)?;
        o.serialize_field("speaker", &self.speaker)?;
        o.serialize_field("method", &self.method)?;
        o.serialize_field("confidence", &self.method.confidence())?;
        o.serialize_field("inferred", &self.method.inferred())?;
        o.end()
    }
}

/// Who posted a tweet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    /// The handle as written (`screen_name`), without `@`.
    pub handle: String,
    /// The display name.
    pub name: String,
    /// The account's id, as a string (64-bit ids do not survive a trip through a double).
    pub id: String,
}

/// Another tweet this one retweets, quotes or answers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    pub id: String,
    /// The other tweet's author's handle, when the source says.
    pub author: Option<String>,
}

/// One post, normalised. `Tweet { id, created_at, author, text, ..Tweet::default() }` is a
/// post with nothing else known: an original, no references, no counts, no entities.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tweet {
    /// The source's id, exactly as the source spells it (for Twitter, `id_str`).
    pub id: String,
    pub created_at: DateTime<Utc>,
    pub author: Author,
    /// The full text; for a retweet, the original's full text.
    pub text: String,
    /// BCP 47 language tag as the source gives it (`und` when unknown).
    pub lang: Option<String>,
    /// Set by [`Tweet::normalise`] from the references; a reader sets `Retweet` only when its
    /// source says a post is a retweet without naming the original (`RT @x:` in an archive).
    pub kind: TweetType,
    /// For a retweet, the retweeted tweet.
    pub retweet_of: Option<Reference>,
    /// For a quote, the quoted tweet.
    pub quote_of: Option<Reference>,
    /// For a reply, the tweet it answers.
    pub reply_to: Option<Reference>,
    /// Retweets and likes as the source counted them when it was saved; None when the source
    /// gives no such count (copied text, a saved page, an ActivityPub outbox): unknown, not 0.
    pub retweet_count: Option<u64>,
    pub favorite_count: Option<u64>,
    /// Hashtags as written, without `#`, each once (compared case-insensitively).
    pub hashtags: Vec<String>,
    /// Mentioned handles as written, without `@`, each once (compared case-insensitively).
    pub mentions: Vec<String>,
    /// Links, expanded where the source says what they expand to.
    pub urls: Vec<String>,
    /// True when the source gives the day but not the time of day (text copied from a page);
    /// `created_at` is then midnight UTC of that day.
    pub date_only: bool,
    /// The post's link when the source gives one (Mastodon, Bluesky); Twitter links are derived.
    pub link: Option<String>,
    /// Which reader made this record.
    pub format: Format,
    /// The event the tweet was attached to (`ingest --event`, `event apply`), by its slug.
    pub event: Option<String>,
    /// The event's speakers the tweet is about, and how each was found.
    pub attributions: Vec<Attribution>,
    /// The input it was first read from (the pipeline fills it in when a reader leaves it
    /// empty; a normalised record brings its own).
    pub source: String,
    /// The record exactly as it was read, byte for byte.
    pub raw: Vec<u8>,
}

impl Tweet {
    /// Applies the rules every source shares, after a reader has filled in what its source
    /// says: the type by the research tools' rule (reply if it answers a tweet, else retweet,
    /// else quote, else original), and each hashtag and mention once whatever its case and
    /// each link once, as first written.
    pub fn normalise(&mut self) {
        self.kind = if self.reply_to.is_some() {
            TweetType::Reply
        } else if self.retweet_of.is_some() || self.kind == TweetType::Retweet {
            TweetType::Retweet
        } else if self.quote_of.is_some() {
            TweetType::Quote
        } else {
            TweetType::Original
        };
        dedup_case_insensitive(&mut self.hashtags);
        dedup_case_insensitive(&mut self.mentions);
        dedup_exact(&mut self.urls);
    }

    /// Adds a link: expanded where the source says what it expands to.
    pub fn add_link(&mut self, short: Option<&str>, expanded: Option<&str>) {
        if let Some(url) = expanded.filter(|u| !u.is_empty()).or(short) {
            self.urls.push(url.to_string());
        }
    }

    /// The deduplication key. A Twitter id is a snowflake below 2^63 and is its own key; any
    /// other id is hashed (xxh3, stable across versions) with the top bit set, so the two kinds
    /// can never collide.
    pub fn key(&self) -> u64 {
        key_of(&self.id)
    }

    /// The post's link on the web: the source's own, else Twitter's for a Twitter id.
    pub fn url(&self) -> Option<String> {
        if self.link.is_some() {
            return self.link.clone();
        }
        let twitter = !self.id.is_empty() && self.id.bytes().all(|b| b.is_ascii_digit());
        twitter.then(|| tweet_url(&self.author.handle, &self.id))
    }
}

/// Keeps the first of values that differ only by case, in order: `#PASocial #pasocial` is one
/// hashtag, shown as first written.
pub fn dedup_case_insensitive(values: &mut Vec<String>) {
    dedup(
        values,
        |a, b| a.to_lowercase() == b.to_lowercase(),
        str::to_lowercase,
    );
}

/// Keeps the first of equal values, in order (links: `https://x.org/A` and `/a` differ).
pub fn dedup_exact(values: &mut Vec<String>) {
    dedup(values, |a, b| a == b, str::to_string);
}

/// Keeps the first of values that are the `same`, in order. A tweet's few entities are compared
/// pairwise, without allocating; a record with many (a hostile one) by their `key`, in a set.
fn dedup(
    values: &mut Vec<String>,
    same: impl Fn(&str, &str) -> bool,
    key: impl Fn(&str) -> String,
) {
    if values.len() <= 16 {
        let mut kept = 0;
        for i in 0..values.len() {
            if !values[..kept].iter().any(|v| same(v, &values[i])) {
                values.swap(kept, i);
                kept += 1;
            }
        }
        values.truncate(kept);
    } else {
        let mut seen = std::collections::HashSet::with_capacity(values.len());
        values.retain(|v| seen.insert(key(v)));
    }
}

/// The handle a retweet stored as typed names: `RT @handle: ...` (an archive, a spreadsheet).
pub fn retweeted_handle(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("RT @")?;
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
    (1..=15).contains(&end).then_some(())?;
    rest[end..].starts_with(':').then(|| &rest[..end])
}

/// An id for a post whose source gives none, stable across runs: `kind:` and 16 hex digits of
/// a hash of the parts that identify it.
pub fn derived_id(kind: &str, parts: &[&str]) -> String {
    let joined = parts.join("\u{1f}");
    format!("{kind}:{:016x}", xxh3_64(joined.as_bytes()))
}

/// See [`Tweet::key`].
pub fn key_of(id: &str) -> u64 {
    match id.parse::<u64>() {
        Ok(n) if n < 1 << 63 && !id.starts_with('0') => n,
        _ => xxh3_64(id.as_bytes()) | 1 << 63,
    }
}

/// The canonical link of a tweet; Twitter's own for a tweet whose author is not known.
pub fn tweet_url(handle: &str, id: &str) -> String {
    if handle.is_empty() {
        format!("https://twitter.com/i/web/status/{id}")
    } else {
        format!("https://twitter.com/{handle}/status/{id}")
    }
}

/// Twitter's snowflake epoch: `(id >> 22) + TWEPOCH_MS` is the creation time in Unix milliseconds.
pub const TWEPOCH_MS: i64 = 1_288_834_974_657;

/// The creation time carried by a snowflake id (tweets after November 2010).
pub fn snowflake_time(id: u64) -> Option<DateTime<Utc>> {
    let ms = i64::try_from(id >> 22).ok()? + TWEPOCH_MS;
    DateTime::from_timestamp_millis(ms)
}

/// The time a Twitter id tells (a snowflake's), for the formats whose ids are Twitter's; None
/// for ids from before snowflakes (November 2010) and for other platforms' ids.
pub fn twitter_id_time(id: &str, format: Format) -> Option<DateTime<Utc>> {
    /// The last id before snowflakes: lower ids are sequential and tell no time.
    const LAST_SEQUENTIAL: u64 = 29_700_859_247;
    let twitter = matches!(
        format,
        Format::V1 | Format::V2 | Format::Archive | Format::Csv
    );
    let n: u64 = id.parse().ok().filter(|_| twitter)?;
    (n > LAST_SEQUENTIAL && n < 1 << 63)
        .then(|| snowflake_time(n))
        .flatten()
}

/// A snowflake id for a given time and sequence number (used by the generator).
pub fn snowflake_id(at: DateTime<Utc>, seq: u64) -> u64 {
    let ms = (at.timestamp_millis() - TWEPOCH_MS).max(0) as u64;
    (ms << 22) | (seq & ((1 << 22) - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twitter_ids_are_their_own_key_and_others_never_collide_with_them() {
        assert_eq!(key_of("666623062345633792"), 666623062345633792);
        let hashed = key_of("https://mastodon.social/@a/1");
        assert!(hashed >= 1 << 63);
        assert_ne!(key_of("0123"), 123, "a leading zero is not the same id");
    }

    #[test]
    fn a_tweet_whose_author_is_unknown_still_has_a_link() {
        let t = Tweet {
            id: "666623062345633792".into(),
            ..Tweet::default()
        };
        assert_eq!(
            t.url().as_deref(),
            Some("https://twitter.com/i/web/status/666623062345633792")
        );
    }

    #[test]
    fn normalise_sets_the_type_and_keeps_each_entity_once_in_first_seen_order() {
        let mut t = Tweet {
            hashtags: vec!["PASocial".into(), "x".into(), "pasocial".into()],
            mentions: vec!["A".into(), "a".into()],
            urls: vec![
                "https://x.org/A".into(),
                "https://y.org".into(),
                "https://x.org/A".into(),
                "https://x.org/a".into(),
            ],
            quote_of: Some(Reference::default()),
            ..Tweet::default()
        };
        t.normalise();
        assert_eq!(t.kind, TweetType::Quote);
        assert_eq!(t.hashtags, ["PASocial", "x"]);
        assert_eq!(t.mentions, ["A"]);
        assert_eq!(
            t.urls,
            ["https://x.org/A", "https://y.org", "https://x.org/a"]
        );
        let mut many: Vec<String> = (0..40).map(|i| format!("Tag{}", i % 20)).collect();
        many.push("TAG3".into());
        dedup_case_insensitive(&mut many);
        assert_eq!(
            many.len(),
            20,
            "a record with many entities keeps each once too"
        );
        assert_eq!(many[3], "Tag3");
        t.reply_to = Some(Reference::default());
        t.normalise();
        assert_eq!(t.kind, TweetType::Reply, "a reply that quotes is a reply");
    }

    #[test]
    fn snowflake_time_round_trips() {
        // A #pasocial tweet of 17 November 2015.
        let t = snowflake_time(666567149186502656).unwrap();
        assert_eq!(t.to_rfc3339(), "2015-11-17T10:42:47.241+00:00");
        assert_eq!(snowflake_id(t, 0) >> 22, 666567149186502656 >> 22);
    }
}
