//! Properties over open-ended input (proptest): extraction never panics and its offsets fall
//! inside the text on character boundaries; a normalised record reads back as the tweet it was
//! written from (export then ingest is a fixed point); deduplication is idempotent.

use chirpdex::extract::spans;
use chirpdex::formats::{Record, Source};
use chirpdex::model::Format;
use chirpdex::model::dedup_case_insensitive;
use chirpdex::model::{Author, Reference, Tweet, TweetType, key_of};
use chrono::{DateTime, Utc};
use proptest::prelude::*;

fn tweet_strategy() -> impl Strategy<Value = Tweet> {
    (
        "[0-9]{1,19}|text:[0-9a-f]{16}",
        0i64..4_000_000_000,
        ("[A-Za-z0-9_]{0,15}", "\\PC{0,20}"),
        "\\PC{0,200}",
        proptest::collection::vec("[\\p{L}0-9_]{1,12}", 0..4),
        proptest::option::of(("[0-9]{1,19}", proptest::option::of("[A-Za-z0-9_]{1,15}"))),
        any::<(bool, u32, u32)>(),
        proptest::collection::vec(any::<u8>(), 0..300),
    )
        .prop_map(
            |(id, secs, (handle, name), text, hashtags, reply, (date_only, rt, fav), raw)| Tweet {
                id,
                created_at: DateTime::<Utc>::from_timestamp(secs, 0).unwrap(),
                author: Author {
                    handle,
                    name,
                    id: String::new(),
                },
                text,
                lang: None,
                kind: if reply.is_some() {
                    TweetType::Reply
                } else {
                    TweetType::Original
                },
                retweet_of: None,
                quote_of: None,
                reply_to: reply.map(|(id, author)| Reference { id, author }),
                retweet_count: Some(rt.into()),
                favorite_count: Some(fav.into()),
                hashtags,
                mentions: Vec::new(),
                urls: Vec::new(),
                date_only,
                link: None,
                format: Format::Text,
                event: None,
                attributions: Vec::new(),
                source: "page.txt".into(),
                raw,
            },
        )
}

proptest! {
    #[test]
    fn extraction_offsets_fall_inside_the_text(text in "\\PC{0,200}") {
        let chars = text.chars().count();
        for s in spans(&text) {
            prop_assert!(s.start < s.end && s.end <= chars, "{:?} in {:?}", s, text);
            let shown: String = text.chars().skip(s.start).take(s.end - s.start).collect();
            prop_assert!(shown.contains(s.value.as_str()), "{:?} shows {:?}", s, shown);
        }
    }

    #[test]
    fn a_normalised_record_reads_back_as_its_tweet(mut t in tweet_strategy()) {
        // What chirpdex writes is a tweet its readers gave, so already normalised (each hashtag
        // once, the type from the references): the round trip is asked of those.
        t.normalise();
        let mut line = Vec::new();
        chirpdex::formats::normalised::write(&mut line, &t).unwrap();
        prop_assert!(!line.contains(&b'\n'));
        let record = Record {
            source: Source::new("export.jsonl", Format::Normalised),
            line: 1,
            bytes: line,
            broken: None,
        };
        let mut out = Vec::new();
        Format::Normalised.parse(&record, &mut |r| out.push(r));
        prop_assert_eq!(out.len(), 1);
        prop_assert_eq!(out.remove(0).unwrap(), t);
    }

    #[test]
    fn deduplication_is_idempotent(values in proptest::collection::vec("[a-zA-Zàè]{1,4}", 0..20)) {
        let mut once = values.clone();
        dedup_case_insensitive(&mut once);
        let mut twice = once.clone();
        dedup_case_insensitive(&mut twice);
        prop_assert_eq!(&once, &twice);
        // Nothing that differs by more than case is lost.
        for v in &values {
            prop_assert!(once.iter().any(|o| o.to_lowercase() == v.to_lowercase()));
        }
    }

    #[test]
    fn twitter_ids_keep_their_own_key_and_others_never_meet_them(n in 1u64..(1 << 63), other in "[a-z:/._0-9]{1,40}") {
        prop_assert_eq!(key_of(&n.to_string()), n);
        if other.parse::<u64>().is_err() {
            prop_assert!(key_of(&other) >= 1 << 63);
        }
    }
}
