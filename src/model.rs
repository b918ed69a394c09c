//! The normalised tweet: the one record every format reader produces and every later stage reads.
//!
//! Readers (`formats`) turn whatever a dump holds into [`Tweet`]; the index stores it; queries and
//! reports give it back. Nothing downstream of a reader knows which format a tweet came from,
//! except through [`Tweet::format`] and the kept original ([`Tweet::raw`]).

use chrono::{DateTime, Utc};
use serde::Serialize;
use xxhash_rust::xxh3::xxh3_64;

use crate::extract::speakers::Attribution;
use crate::formats::Format;

/// What kind of post a record is, by the rule the research tools use: reply if it answers a
/// tweet, else retweet, else quote, else original.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum TweetType {
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

/// Who posted a tweet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Author {
    /// The handle as written (`screen_name`), without `@`.
    pub handle: String,
    /// The display name.
    pub name: String,
    /// The account's id, as a string (64-bit ids do not survive a trip through a double).
    pub id: String,
}

/// Another tweet this one retweets, quotes or answers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reference {
    pub id: String,
    /// The other tweet's author's handle, when the source says.
    pub author: Option<String>,
}

/// One post, normalised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tweet {
    /// The source's id, exactly as the source spells it (for Twitter, `id_str`).
    pub id: String,
    pub created_at: DateTime<Utc>,
    pub author: Author,
    /// The full text; for a retweet, the original's full text.
    pub text: String,
    /// BCP 47 language tag as the source gives it (`und` when unknown).
    pub lang: Option<String>,
    pub kind: TweetType,
    /// For a retweet, the retweeted tweet.
    pub retweet_of: Option<Reference>,
    /// For a quote, the quoted tweet.
    pub quote_of: Option<Reference>,
    /// For a reply, the tweet it answers.
    pub reply_to: Option<Reference>,
    pub retweet_count: u64,
    pub favorite_count: u64,
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
    /// A tweet holding just a text (its entities extracted from it), for looking at what
    /// chirpdex makes of a text: no id, no author, no time (`date_only`).
    pub fn from_text(text: &str) -> Tweet {
        let e = crate::extract::entities(text);
        Tweet {
            id: String::new(),
            created_at: DateTime::default(),
            author: Author::default(),
            text: text.to_string(),
            lang: None,
            kind: TweetType::Original,
            retweet_of: None,
            quote_of: None,
            reply_to: None,
            retweet_count: 0,
            favorite_count: 0,
            hashtags: e.hashtags,
            mentions: e.mentions,
            urls: e.urls,
            date_only: true,
            link: None,
            format: Format::Normalised,
            event: None,
            attributions: Vec::new(),
            source: String::new(),
            raw: Vec::new(),
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
        (twitter && !self.author.handle.is_empty())
            .then(|| tweet_url(&self.author.handle, &self.id))
    }
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

/// The canonical link of a tweet.
pub fn tweet_url(handle: &str, id: &str) -> String {
    format!("https://twitter.com/{handle}/status/{id}")
}

/// Twitter's snowflake epoch: `(id >> 22) + TWEPOCH_MS` is the creation time in Unix milliseconds.
pub const TWEPOCH_MS: i64 = 1_288_834_974_657;

/// The creation time carried by a snowflake id (tweets after November 2010).
pub fn snowflake_time(id: u64) -> Option<DateTime<Utc>> {
    let ms = i64::try_from(id >> 22).ok()? + TWEPOCH_MS;
    DateTime::from_timestamp_millis(ms)
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
    fn snowflake_time_round_trips() {
        // A #pasocial tweet of 17 November 2015.
        let t = snowflake_time(666567149186502656).unwrap();
        assert_eq!(t.to_rfc3339(), "2015-11-17T10:42:47.241+00:00");
        assert_eq!(snowflake_id(t, 0) >> 22, 666567149186502656 >> 22);
    }
}
