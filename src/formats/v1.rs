//! Twitter API v1.1 tweet objects (twarc 1, tweepy, streaming dumps, search responses).
//!
//! One record gives one tweet, or for a search response (`{"statuses": [...]}`) or an array
//! written on one line, each of its elements. The tweet object itself is read by
//! [`twitter::Status`](super::twitter::Status), which a personal archive's entries share.

use serde_json::value::RawValue;

use super::twitter::Status;
use super::{Emit, Reject};
use crate::model::{Format, Tweet};

/// A v1.1 tweet (`id_str`, `user`) or search response (`statuses`).
pub(crate) fn recognise(p: &super::Probe) -> bool {
    p.any(&["id_str", "statuses", "user"])
}

/// Reads one record, or an element of one; emits each tweet it holds (its original its own
/// bytes), or why it holds none.
pub fn parse(bytes: &[u8], emit: &mut Emit<'_>) {
    let items = match super::first_byte(bytes) {
        // Checked as UTF-8 once, whole: the parser then takes each string as it is rather than
        // checking it again (a tenth of the time a tweet takes to read); bytes that are not
        // UTF-8 are parsed as bytes, for the parser's own error.
        Some(b'{') => match std::str::from_utf8(bytes).map_or_else(
            |_| serde_json::from_slice::<Status>(bytes),
            serde_json::from_str,
        ) {
            Ok(Status {
                statuses: Some(items),
                ..
            }) => items,
            Ok(status) => return emit(convert(&status, bytes)),
            Err(e) => return emit(Err(Reject::json(&e))),
        },
        Some(b'[') => match serde_json::from_slice::<Vec<&RawValue>>(bytes) {
            Ok(items) => items,
            Err(e) => return emit(Err(Reject::json(&e))),
        },
        _ => return emit(Err(Reject::NotAPost(super::NOT_AN_OBJECT.into()))),
    };
    for item in items {
        // An element is a tweet or a search response, never another list: lists inside lists
        // would recurse as deep as a hostile file nests them.
        match super::first_byte(item.get().as_bytes()) {
            Some(b'[') => emit(Err(Reject::Other(super::NESTED_LIST.into()))),
            _ => parse(item.get().as_bytes(), emit),
        }
    }
}

fn convert(st: &Status<'_>, raw: &[u8]) -> Result<Tweet, Reject> {
    if st.delete.is_some() || st.limit.is_some() {
        return Err(Reject::NotAPost(
            "a streaming notice (delete or limit)".into(),
        ));
    }
    let tweet = st.tweet()?;
    let user = st.user.as_ref().ok_or(Reject::Missing("user"))?;
    Ok(Tweet {
        author: user.author(),
        format: Format::V1,
        raw: raw.to_vec(),
        ..tweet
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{Record, Source};
    use crate::model::TweetType;

    /// What a record gives, through the pipeline's rules (`Format::parse`).
    fn tweets(json: &str) -> Vec<Result<Tweet, String>> {
        let record = Record {
            source: Source::new("t", Format::V1),
            line: 1,
            bytes: json.as_bytes().to_vec(),
            broken: None,
        };
        let mut out = Vec::new();
        Format::V1.parse(&record, &mut |t| out.push(t.map_err(|e| e.to_string())));
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
        assert_eq!((t.retweet_count, t.favorite_count), (Some(3), Some(5)));
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
        let cases = [
            (r#"{"delete":{"status":{"id_str":"1"}}}"#, "notice"),
            (r#"{"hello":"world"}"#, "no id"),
            (r#"{"id":1.5e18,"text":"x"}"#, "floating-point"),
            (
                r#"{"id_str":"1","text":"x","created_at":"yesterday","user":{}}"#,
                "yesterday",
            ),
            (r#"{"id_str":"1","text":"x""#, "invalid JSON"),
            (r#"42"#, "not a JSON object"),
        ];
        for (json, says) in cases {
            let reasons: Vec<String> = tweets(json).into_iter().map(|r| r.unwrap_err()).collect();
            assert_eq!(reasons.len(), 1, "{json}");
            assert!(reasons[0].contains(says), "{json}: {}", reasons[0]);
        }
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
