//! What Twitter's own formats share, so that each rule is written once: API v1.1's tweet object,
//! which the v1.1 reader reads and a personal archive's entries also are (every number a string,
//! no `user`); its entities, which TAGS keeps in a column; its dates, ids and snowflake times,
//! which the spreadsheets have too; and the JSON rules of both API versions (ids as strings or
//! integers, three escaped characters).

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde::de::{Error as _, IgnoredAny};
use serde_json::value::RawValue;

use super::Reject;
use crate::model::{Author, Reference, Tweet, snowflake_time, time};

/// An API v1.1 tweet object, or an entry of a personal archive. Fields chirpdex does not use are
/// skipped by the parser without being built; texts are borrowed where they have no escapes.
#[derive(Deserialize)]
pub struct Status<'a> {
    pub id: Option<Id>,
    pub id_str: Option<Id>,
    created_at: Option<String>,
    #[serde(borrow)]
    text: Option<Cow<'a, str>>,
    #[serde(borrow)]
    full_text: Option<Cow<'a, str>>,
    /// Streaming's whole text and entities of a tweet over 140 characters.
    #[serde(borrow)]
    extended_tweet: Option<Box<Status<'a>>>,
    /// Not in an archive, whose tweets are all its owner's.
    pub user: Option<User>,
    #[serde(borrow)]
    entities: Option<Entities<'a>>,
    #[serde(borrow)]
    retweeted_status: Option<Box<Status<'a>>>,
    #[serde(borrow)]
    quoted_status: Option<Box<Status<'a>>>,
    quoted_status_id_str: Option<Id>,
    in_reply_to_screen_name: Option<String>,
    in_reply_to_status_id_str: Option<Id>,
    in_reply_to_status_id: Option<Id>,
    retweet_count: Option<Count>,
    favorite_count: Option<Count>,
    lang: Option<String>,
    /// A search response's tweets: the record holds tweets rather than being one.
    #[serde(borrow)]
    pub statuses: Option<Vec<&'a RawValue>>,
    /// Streaming API notices (`delete`, `limit`...) are not tweets.
    pub delete: Option<IgnoredAny>,
    pub limit: Option<IgnoredAny>,
}

/// A user, in v1.1's words or API v2's (`username`).
#[derive(Deserialize)]
pub struct User {
    id_str: Option<Id>,
    pub id: Option<Id>,
    #[serde(alias = "username")]
    pub screen_name: Option<String>,
    name: Option<String>,
}

impl User {
    pub fn author(&self) -> Author {
        let id = self.id_str.as_ref().or(self.id.as_ref());
        author(
            self.screen_name.as_deref(),
            self.name.as_deref(),
            id.map(|i| i.0.clone()),
        )
    }
}

impl Status<'_> {
    /// The tweet this object is, but for its author (v1.1 names it in `user`, an archive in its
    /// `account.js`); a retweet's text and entities are its original's (its own text is cut).
    pub fn tweet(&self) -> Result<Tweet, Reject> {
        let id = self.id_str.as_ref().or(self.id.as_ref());
        let id = digits("id", &id.ok_or(Reject::Missing("id_str or id"))?.0)?;
        let created_at = posted(&id, "created_at", self.created_at.as_deref(), false)?;
        let content = self.retweeted_status.as_deref().unwrap_or(self);
        let extended = content.extended_tweet.as_deref();
        let text = (extended.and_then(|e| e.full_text.as_deref()))
            .or(content.full_text.as_deref())
            .or(content.text.as_deref())
            .ok_or(Reject::Missing("text"))?;
        let in_reply_to = self.in_reply_to_status_id_str.as_ref();
        let mut tweet = Tweet {
            id,
            created_at,
            text: unescape(text),
            lang: self.lang.clone(),
            retweet_of: self.retweeted_status.as_deref().and_then(Status::reference),
            quote_of: (self.quoted_status.as_deref().and_then(Status::reference))
                .or_else(|| reference(self.quoted_status_id_str.as_ref(), None)),
            reply_to: reference(
                in_reply_to.or(self.in_reply_to_status_id.as_ref()),
                self.in_reply_to_screen_name.as_deref(),
            ),
            retweet_count: self.retweet_count.as_ref().map(|c| c.0),
            favorite_count: self.favorite_count.as_ref().map(|c| c.0),
            ..Tweet::default()
        };
        let listed = extended.and_then(|e| e.entities.as_ref());
        let listed = listed.or(content.entities.as_ref());
        entities(&mut tweet, listed.unwrap_or(&Entities::default()));
        Ok(tweet)
    }

    /// This tweet as another one's retweet or quote names it.
    fn reference(&self) -> Option<Reference> {
        let handle = self.user.as_ref().and_then(|u| u.screen_name.as_deref());
        reference(self.id_str.as_ref().or(self.id.as_ref()), handle)
    }
}

/// A reference to another tweet, when there is an id.
fn reference(id: Option<&Id>, author: Option<&str>) -> Option<Reference> {
    Some(Reference {
        id: id.filter(|i| !i.0.is_empty())?.0.clone(),
        author: author.map(str::to_string),
    })
}

/// v1.1 entities (an archive and TAGS write them too; `indices`, strings in an archive, are not
/// read), or API v2's, whose names are read too. A kind the source does not list is found in the
/// text.
#[derive(Clone, Deserialize, Default)]
pub struct Entities<'a> {
    #[serde(borrow)]
    pub hashtags: Option<Vec<Entity<'a>>>,
    #[serde(borrow, alias = "mentions")]
    pub user_mentions: Option<Vec<Entity<'a>>>,
    #[serde(borrow)]
    pub urls: Option<Vec<Entity<'a>>>,
}

/// A hashtag, a mention or a link, in v1.1's words or API v2's (`tag`, `username`), as early
/// twarc-csv wrote them too.
#[derive(Clone, Deserialize, Default)]
pub struct Entity<'a> {
    #[serde(borrow, alias = "tag")]
    text: Option<Cow<'a, str>>,
    #[serde(borrow, alias = "username")]
    screen_name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    url: Option<Cow<'a, str>>,
    #[serde(borrow)]
    expanded_url: Option<Cow<'a, str>>,
}

/// An entity written as a word (a spreadsheet's): `#tag`, `@handle` or a link.
impl From<String> for Entity<'_> {
    fn from(word: String) -> Self {
        let text = Some(word.into());
        Entity {
            text,
            ..Entity::default()
        }
    }
}

/// Gives a tweet the entities its source lists (without `#` or `@`, links expanded where it
/// says); what it does not list is found in the text.
pub fn entities(tweet: &mut Tweet, listed: &Entities<'_>) {
    let (hashtags, mentions, urls) = (&listed.hashtags, &listed.user_mentions, &listed.urls);
    let mut found = crate::extract::Entities::default();
    if hashtags.is_none() || mentions.is_none() || urls.is_none() {
        found = crate::extract::entities(&tweet.text);
    }
    let names = |list: &Option<Vec<Entity>>, mark: char| -> Option<Vec<String>> {
        // A hashtag's text or a mention's handle.
        let names = list.as_ref()?.iter();
        let names = names.filter_map(|e| e.text.as_deref().or(e.screen_name.as_deref()));
        Some(names.map(|n| n.trim_start_matches(mark).into()).collect())
    };
    tweet.hashtags = names(hashtags, '#').unwrap_or(found.hashtags);
    tweet.mentions = names(mentions, '@').unwrap_or(found.mentions);
    let Some(urls) = urls else {
        tweet.urls = found.urls;
        return;
    };
    for u in urls {
        let short = u.url.as_deref().or(u.text.as_deref());
        tweet.add_link(short, u.expanded_url.as_deref());
    }
    // Media, which twarc-csv writes among links in their `pic.twitter.com/...` display form, are
    // not links (v1.1 keeps them apart).
    tweet.urls.retain(|u| u.contains("://"));
}

/// An author as a source names them; blank what it does not say.
pub fn author(handle: Option<&str>, name: Option<&str>, id: Option<String>) -> Author {
    Author {
        handle: handle.unwrap_or_default().to_string(),
        name: name.unwrap_or_default().to_string(),
        id: id.unwrap_or_default(),
    }
}

/// When a tweet was posted: `value` of `field`, in Twitter's format (`Tue Nov 17 10:00:00 +0000
/// 2015`, v1.1's) or ISO 8601 (`iso`: v2's); without one, the time its snowflake id carries
/// (tweets after November 2010).
pub fn posted(
    id: &str,
    field: &'static str,
    value: Option<&str>,
    iso: bool,
) -> Result<DateTime<Utc>, Reject> {
    let Some(s) = value else {
        return (id.parse().ok().and_then(snowflake_time)).ok_or(Reject::Missing("created_at"));
    };
    let (read, why) = match iso {
        true => (time::iso(s), "is not an ISO 8601 date"),
        false => (time::twitter(s), "is not a Twitter date"),
    };
    read.ok_or_else(|| Reject::invalid(field, s, why))
}

/// A tweet's id: decimal digits, as Twitter writes them. One that a spreadsheet rewrote as a
/// floating-point number (`1.25195E+18`) has lost its last digits.
pub fn digits(field: &'static str, id: &str) -> Result<String, Reject> {
    if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) {
        Ok(id.to_string())
    } else if id.parse::<f64>().is_ok() {
        let why = "was rewritten as a number (by a spreadsheet?): its digits are lost";
        Err(Reject::invalid(field, id, why))
    } else {
        Err(Reject::invalid(field, id, "is not a tweet id"))
    }
}

/// An id written as a string or as an integer (Twitter JSON has both). A float is refused: it
/// has already lost digits.
#[derive(Clone)]
pub struct Id(pub String);

/// A count written as an integer or, as an archive writes every number, a string.
struct Count(u64);

/// What a retweet's record says of the retweeted tweet's counts, and nothing else: v1.1's
/// `retweeted_status`, or the `retweeted` entry of a flattened v2 tweet's `referenced_tweets`
/// (which `twarc2 flatten` and chirpdex's page reader fill with the page's copy of the original).
#[derive(Deserialize)]
struct RetweetRecord {
    retweeted_status: Option<RetweetedCounts>,
    referenced_tweets: Option<Vec<RetweetedCounts>>,
}

#[derive(Deserialize)]
struct RetweetedCounts {
    #[serde(rename = "type")]
    kind: Option<String>,
    retweet_count: Option<Count>,
    favorite_count: Option<Count>,
    public_metrics: Option<PublicMetrics>,
}

#[derive(Deserialize)]
struct PublicMetrics {
    retweet_count: Option<Count>,
    like_count: Option<Count>,
}

/// The retweeted tweet's (retweets, likes), from a v1.1 or flattened v2 retweet's record.
pub(crate) fn retweeted_counts(raw: &[u8]) -> Option<(u64, u64)> {
    let record: RetweetRecord = serde_json::from_slice(raw).ok()?;
    if let Some(v1) = record.retweeted_status {
        return Some((v1.retweet_count?.0, v1.favorite_count?.0));
    }
    let refs = record.referenced_tweets?;
    let original = refs
        .iter()
        .find(|r| r.kind.as_deref() == Some("retweeted"))?;
    let metrics = original.public_metrics.as_ref()?;
    Some((
        metrics.retweet_count.as_ref()?.0,
        metrics.like_count.as_ref()?.0,
    ))
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Id, D::Error> {
        d.deserialize_any(Number("id")).map(Id)
    }
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Count, D::Error> {
        let n = d.deserialize_any(Number("count"))?;
        let whole = n.parse().map(Count);
        whole.map_err(|_| D::Error::custom(format!("count {n:?} is not a whole number")))
    }
}

/// Reads a whole number written as a string or an integer, as its digits; what it is reading
/// names it in messages.
struct Number(&'static str);

impl serde::de::Visitor<'_> for Number {
    type Value = String;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{} as a string or an integer", self.0)
    }
    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<String, E> {
        Ok(s.to_string())
    }
    fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<String, E> {
        Ok(n.to_string())
    }
    fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<String, E> {
        Err(E::custom(format!("negative {} {n}", self.0)))
    }
    fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<String, E> {
        Err(E::custom(format!(
            "{} written as a floating-point number ({n}), its digits are lost",
            self.0
        )))
    }
}

/// Twitter's JSON (v1.1 and v2) escapes `&`, `<` and `>` in text, and nothing else.
pub fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str, text: &str) -> Tweet {
        let mut tweet = Tweet {
            text: text.into(),
            ..Tweet::default()
        };
        entities(&mut tweet, &serde_json::from_str(json).unwrap());
        tweet
    }

    #[test]
    fn entities_in_either_apis_words_and_what_they_do_not_list_from_the_text() {
        let v1 = read(
            r#"{"hashtags":[{"text":"PA"}],"user_mentions":[{"screen_name":"a"}],
            "urls":[{"url":"https://t.co/x","expanded_url":"https://x.org"},{"url":"https://t.co/y"}]}"#,
            "#b @c https://t.co/z",
        );
        assert_eq!(v1.hashtags, ["PA"]);
        assert_eq!(v1.mentions, ["a"]);
        assert_eq!(v1.urls, ["https://x.org", "https://t.co/y"]);
        let v2 = read(
            r#"{"hashtags":[{"start":0,"end":3,"tag":"PA"}],
            "mentions":[{"start":4,"end":6,"username":"a","id":"1"}]}"#,
            "#PA @a https://t.co/z",
        );
        assert_eq!(v2.hashtags, ["PA"]);
        assert_eq!(v2.mentions, ["a"]);
        assert_eq!(v2.urls, ["https://t.co/z"], "no `urls`: the text's");
    }
}
