//! Twitter API v1.1 tweet objects (twarc 1, tweepy, streaming dumps, search responses).
//!
//! Typed serde structs that borrow from the record where they can; fields chirpdex does not use
//! are skipped by the parser without being built. One record gives one tweet, or for a search
//! response (`{"statuses": [...]}`) or an array written on one line, each of its elements.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::EmitStr;
use super::twitter::{Id, unescape};
use crate::model::{Author, Reference, Tweet, TweetType, snowflake_time};

/// A v1.1 tweet (`id_str`, `user`) or search response (`statuses`).
pub(crate) fn recognise(p: &super::Probe) -> bool {
    p.id_str.is_some() || p.statuses.is_some() || p.user.is_some()
}

/// Reads one record; emits each tweet it holds, or why it holds none.
pub fn parse(bytes: &[u8], emit: &mut EmitStr<'_>) {
    let items = match super::first_byte(bytes) {
        Some(b'{') => match serde_json::from_slice::<Status>(bytes) {
            Ok(status) if status.statuses.is_none() => {
                let tweet = convert(status);
                return emit(tweet.map(|mut t| {
                    t.raw = bytes.to_vec();
                    t
                }));
            }
            Ok(status) => status.statuses.unwrap_or_default(),
            Err(e) => return emit(Err(super::json_error(&e))),
        },
        Some(b'[') => match serde_json::from_slice::<Vec<&RawValue>>(bytes) {
            Ok(items) => items,
            Err(e) => return emit(Err(super::json_error(&e))),
        },
        _ => return emit(Err(super::NOT_AN_OBJECT.into())),
    };
    for item in items {
        // An element is a tweet or a search response, never another list: lists inside lists
        // would recurse as deep as a hostile file nests them.
        match super::first_byte(item.get().as_bytes()) {
            Some(b'[') => emit(Err(super::NESTED_LIST.into())),
            _ => parse(item.get().as_bytes(), emit),
        }
    }
}

#[derive(Deserialize)]
struct Status<'a> {
    id: Option<Id>,
    id_str: Option<Id>,
    #[serde(borrow)]
    created_at: Option<Cow<'a, str>>,
    #[serde(borrow)]
    text: Option<Cow<'a, str>>,
    #[serde(borrow)]
    full_text: Option<Cow<'a, str>>,
    #[serde(borrow)]
    extended_tweet: Option<Extended<'a>>,
    #[serde(borrow)]
    user: Option<User<'a>>,
    #[serde(borrow)]
    entities: Option<Entities<'a>>,
    #[serde(borrow)]
    retweeted_status: Option<Box<Status<'a>>>,
    #[serde(borrow)]
    quoted_status: Option<Box<Status<'a>>>,
    quoted_status_id_str: Option<Id>,
    in_reply_to_status_id_str: Option<Id>,
    in_reply_to_status_id: Option<Id>,
    #[serde(borrow)]
    in_reply_to_screen_name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    lang: Option<Cow<'a, str>>,
    retweet_count: Option<u64>,
    favorite_count: Option<u64>,
    /// Present in a search response: then the record is not a tweet but holds them.
    #[serde(borrow)]
    statuses: Option<Vec<&'a RawValue>>,
    /// Streaming API notices (`delete`, `limit`...) are not tweets.
    delete: Option<serde::de::IgnoredAny>,
    limit: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
struct Extended<'a> {
    #[serde(borrow)]
    full_text: Option<Cow<'a, str>>,
    #[serde(borrow)]
    entities: Option<Entities<'a>>,
}

#[derive(Deserialize)]
struct User<'a> {
    id_str: Option<Id>,
    id: Option<Id>,
    #[serde(borrow)]
    screen_name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    name: Option<Cow<'a, str>>,
}

/// v1.1 entities (shared with the archive and TAGS readers, whose `indices` are strings: they are
/// not read).
#[derive(Deserialize, Default)]
pub(super) struct Entities<'a> {
    #[serde(borrow, default)]
    hashtags: Vec<Hashtag<'a>>,
    #[serde(borrow, default)]
    user_mentions: Vec<Mention<'a>>,
    #[serde(borrow, default)]
    urls: Vec<Url<'a>>,
}

#[derive(Deserialize)]
struct Hashtag<'a> {
    #[serde(borrow)]
    text: Cow<'a, str>,
}

#[derive(Deserialize)]
struct Mention<'a> {
    #[serde(borrow)]
    screen_name: Cow<'a, str>,
}

#[derive(Deserialize)]
struct Url<'a> {
    #[serde(borrow)]
    url: Option<Cow<'a, str>>,
    #[serde(borrow)]
    expanded_url: Option<Cow<'a, str>>,
}

impl Entities<'_> {
    /// Hashtags, mentions and links (expanded where the entity says), each list de-duplicated.
    pub(super) fn lists(&self) -> (Vec<String>, Vec<String>, Vec<String>) {
        let mut hashtags = self.hashtags.iter().map(|h| h.text.to_string()).collect();
        let mut mentions = self
            .user_mentions
            .iter()
            .map(|m| m.screen_name.to_string())
            .collect();
        let mut urls: Vec<String> = self
            .urls
            .iter()
            .filter_map(|u| u.expanded_url.as_deref().or(u.url.as_deref()))
            .map(str::to_string)
            .collect();
        crate::model::dedup_case_insensitive(&mut hashtags);
        crate::model::dedup_case_insensitive(&mut mentions);
        urls.dedup();
        (hashtags, mentions, urls)
    }
}

impl Status<'_> {
    fn id(&self) -> Option<String> {
        self.id_str
            .as_ref()
            .or(self.id.as_ref())
            .map(|i| i.0.clone())
    }

    fn full_text(&self) -> Option<&str> {
        self.extended_tweet
            .as_ref()
            .and_then(|e| e.full_text.as_deref())
            .or(self.full_text.as_deref())
            .or(self.text.as_deref())
    }

    fn entities(&self) -> Option<&Entities<'_>> {
        self.extended_tweet
            .as_ref()
            .and_then(|e| e.entities.as_ref())
            .or(self.entities.as_ref())
    }

    fn handle(&self) -> Option<String> {
        self.user
            .as_ref()
            .and_then(|u| u.screen_name.as_deref())
            .map(str::to_string)
    }
}

fn convert(st: Status<'_>) -> Result<Tweet, String> {
    if st.delete.is_some() || st.limit.is_some() {
        return Err("a streaming notice (delete or limit), not a tweet".into());
    }
    let id = st.id().ok_or("not a tweet: no id_str or id")?;
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("not a tweet id: {id:?}"));
    }
    let created_at = match st.created_at.as_deref() {
        Some(s) => parse_date(s)?,
        None => id
            .parse()
            .ok()
            .and_then(snowflake_time)
            .ok_or("no created_at")?,
    };
    let user = st.user.as_ref().ok_or("not a tweet: no user")?;
    let author = Author {
        handle: user.screen_name.as_deref().unwrap_or_default().to_string(),
        name: user.name.as_deref().unwrap_or_default().to_string(),
        id: user
            .id_str
            .as_ref()
            .or(user.id.as_ref())
            .map(|i| i.0.clone())
            .unwrap_or_default(),
    };
    // A retweet's own text is cut; the original holds the whole text and its entities.
    let content = st.retweeted_status.as_deref().unwrap_or(&st);
    let text = unescape(content.full_text().ok_or("not a tweet: no text")?);
    let (hashtags, mentions, urls) = match content.entities() {
        Some(e) => e.lists(),
        None => super::extracted(&text),
    };

    let reply_to = st
        .in_reply_to_status_id_str
        .as_ref()
        .or(st.in_reply_to_status_id.as_ref())
        .map(|i| Reference {
            id: i.0.clone(),
            author: st.in_reply_to_screen_name.as_deref().map(str::to_string),
        });
    let retweet_of = st.retweeted_status.as_deref().and_then(|r| {
        Some(Reference {
            id: r.id()?,
            author: r.handle(),
        })
    });
    let quote_of = match (&st.quoted_status, &st.quoted_status_id_str) {
        (Some(q), _) => q.id().map(|id| Reference {
            id,
            author: q.handle(),
        }),
        (None, Some(id)) => Some(Reference {
            id: id.0.clone(),
            author: None,
        }),
        (None, None) => None,
    };
    let kind = if reply_to.is_some() {
        TweetType::Reply
    } else if retweet_of.is_some() {
        TweetType::Retweet
    } else if quote_of.is_some() {
        TweetType::Quote
    } else {
        TweetType::Original
    };
    Ok(Tweet {
        id,
        created_at,
        author,
        text,
        lang: st.lang.as_deref().map(str::to_string),
        kind,
        retweet_of,
        quote_of,
        reply_to,
        retweet_count: st.retweet_count.unwrap_or(0),
        favorite_count: st.favorite_count.unwrap_or(0),
        hashtags,
        mentions,
        urls,
        date_only: false,
        link: None,
        format: super::Format::V1,
        source: String::new(),
        event: None,
        attributions: Vec::new(),
        raw: Vec::new(),
    })
}

/// Reads `Tue Nov 17 10:00:00 +0000 2015`, the only date format of v1.1.
fn parse_date(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_str(s, "%a %b %d %H:%M:%S %z %Y")
        .map(|d| d.with_timezone(&Utc))
        .map_err(|e| format!("created_at {s:?} is not a Twitter date ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tweets(json: &str) -> Vec<Result<Tweet, String>> {
        let mut out = Vec::new();
        parse(json.as_bytes(), &mut |t| out.push(t));
        out
    }

    fn one(json: &str) -> Tweet {
        let mut all = tweets(json);
        assert_eq!(all.len(), 1);
        all.remove(0).unwrap()
    }

    const USER: &str =
        r#""user":{"id":42,"id_str":"42","screen_name":"PAsocial_","name":"PA Social"}"#;

    #[test]
    fn an_original_tweet_with_its_entities() {
        let t = one(&format!(
            r#"{{"created_at":"Tue Nov 17 10:00:00 +0000 2015","id":666,"id_str":"666623062345633792",
            "text":"Ciao &amp; benvenuti #PASocial @Miur_social https://t.co/x","lang":"it",{USER},
            "entities":{{"hashtags":[{{"text":"PASocial","indices":[21,30]}}],
            "user_mentions":[{{"screen_name":"Miur_social","id_str":"1"}}],
            "urls":[{{"url":"https://t.co/x","expanded_url":"http://example.org/a"}}]}},
            "retweet_count":3,"favorite_count":5}}"#
        ));
        assert_eq!(t.id, "666623062345633792");
        assert_eq!(t.created_at.to_rfc3339(), "2015-11-17T10:00:00+00:00");
        assert_eq!(t.author.handle, "PAsocial_");
        assert_eq!(t.author.id, "42");
        assert_eq!(
            t.text,
            "Ciao & benvenuti #PASocial @Miur_social https://t.co/x"
        );
        assert_eq!(t.kind, TweetType::Original);
        assert_eq!(t.hashtags, ["PASocial"]);
        assert_eq!(t.mentions, ["Miur_social"]);
        assert_eq!(t.urls, ["http://example.org/a"]);
        assert_eq!((t.retweet_count, t.favorite_count), (3, 5));
        assert_eq!(t.lang.as_deref(), Some("it"));
    }

    #[test]
    fn a_retweet_carries_the_original_text_and_entities() {
        let t = one(&format!(
            r#"{{"created_at":"Tue Nov 17 10:05:00 +0000 2015","id_str":"2","text":"RT @a: cut…",{USER},
            "entities":{{"hashtags":[],"user_mentions":[{{"screen_name":"a"}}],"urls":[]}},
            "retweeted_status":{{"created_at":"Tue Nov 17 10:00:00 +0000 2015","id_str":"1",
              "text":"the whole text #full","user":{{"id_str":"7","screen_name":"a","name":"A"}},
              "entities":{{"hashtags":[{{"text":"full"}}],"user_mentions":[],"urls":[]}}}}}}"#
        ));
        assert_eq!(t.kind, TweetType::Retweet);
        assert_eq!(t.text, "the whole text #full");
        assert_eq!(t.hashtags, ["full"]);
        let of = t.retweet_of.unwrap();
        assert_eq!((of.id.as_str(), of.author.as_deref()), ("1", Some("a")));
    }

    #[test]
    fn a_search_response_gives_its_statuses_each_with_its_own_original() {
        let status = format!(r#"{{"id_str":"666623062345633792","text":"x",{USER}}}"#);
        let all = tweets(&format!(
            r#"{{"statuses":[{status}, {status}],"search_metadata":{{}}}}"#
        ));
        assert_eq!(all.len(), 2);
        let t = all[0].as_ref().unwrap();
        assert_eq!(t.raw, status.as_bytes());
        // The time comes from the snowflake id when created_at is missing.
        assert_eq!(t.created_at.date_naive().to_string(), "2015-11-17");
    }

    #[test]
    fn extended_text_wins_and_ids_may_be_numbers() {
        let t = one(&format!(
            r#"{{"id":666623062345633792,"text":"short…","created_at":"Tue Nov 17 10:00:00 +0000 2015",
            "extended_tweet":{{"full_text":"long text #x","entities":{{"hashtags":[{{"text":"x"}}]}}}},{USER}}}"#
        ));
        assert_eq!(t.id, "666623062345633792");
        assert_eq!(t.text, "long text #x");
        assert_eq!(t.hashtags, ["x"]);
    }

    #[test]
    fn what_is_not_a_tweet_is_refused_with_a_reason() {
        let reasons: Vec<String> = [
            r#"{"delete":{"status":{"id_str":"1"}}}"#,
            r#"{"hello":"world"}"#,
            r#"{"id":1.5e18,"text":"x"}"#,
            r#"{"id_str":"1","text":"x","created_at":"yesterday","user":{}}"#,
            r#"{"id_str":"1","text":"x""#,
            r#"42"#,
        ]
        .iter()
        .flat_map(|j| tweets(j))
        .map(|r| r.unwrap_err())
        .collect();
        assert_eq!(reasons.len(), 6);
        assert!(reasons[0].contains("notice"), "{}", reasons[0]);
        assert!(reasons[1].contains("no id"), "{}", reasons[1]);
        assert!(reasons[2].contains("floating-point"), "{}", reasons[2]);
        assert!(reasons[3].contains("yesterday"), "{}", reasons[3]);
        assert!(reasons[4].contains("invalid JSON"), "{}", reasons[4]);
        assert!(reasons[5].contains("not a JSON object"), "{}", reasons[5]);
    }

    #[test]
    fn a_reply_and_a_quote_are_told_apart() {
        let reply = one(&format!(
            r#"{{"id_str":"5","text":"@a yes","in_reply_to_status_id_str":"4","in_reply_to_screen_name":"a",
            "quoted_status_id_str":"3",{USER},"created_at":"Tue Nov 17 10:00:00 +0000 2015"}}"#
        ));
        assert_eq!(reply.kind, TweetType::Reply);
        let quote = one(&format!(
            r#"{{"id_str":"5","text":"look","quoted_status_id_str":"3",{USER},"created_at":"Tue Nov 17 10:00:00 +0000 2015"}}"#
        ));
        assert_eq!(quote.kind, TweetType::Quote);
        assert_eq!(quote.quote_of.unwrap().id, "3");
    }
}
