//! chirpdex's own normalised record: how `chirpdex export` writes a tweet whose original is not a
//! JSON object that stands alone (a CSV row, a copied text, a web page's blockquote, an archive
//! entry), and how such an export is read back. It holds every field of [`Tweet`], its source,
//! and the original bytes, so ingest → export → ingest gives the same tweets.

use std::borrow::Cow;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use chrono::SecondsFormat;
use serde::{Deserialize, Serialize};

use super::{Emit, Record, Reject};
use crate::model::time::iso;
use crate::model::{Author, Format, Reference, Tweet, TweetType};

#[derive(Serialize, Deserialize)]
struct Normalised<'a> {
    id: Cow<'a, str>,
    created_at: Cow<'a, str>,
    #[serde(default)]
    date_only: bool,
    author: Person<'a>,
    text: Cow<'a, str>,
    lang: Option<Cow<'a, str>>,
    #[serde(rename = "type")]
    kind: Cow<'a, str>,
    retweet_of: Option<Ref<'a>>,
    quote_of: Option<Ref<'a>>,
    reply_to: Option<Ref<'a>>,
    #[serde(default)]
    retweet_count: u64,
    #[serde(default)]
    favorite_count: u64,
    #[serde(default)]
    hashtags: Vec<Cow<'a, str>>,
    #[serde(default)]
    mentions: Vec<Cow<'a, str>>,
    #[serde(default)]
    urls: Vec<Cow<'a, str>>,
    link: Option<Cow<'a, str>>,
    format: Cow<'a, str>,
    source: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    original: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    original_base64: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct Person<'a> {
    handle: Cow<'a, str>,
    name: Cow<'a, str>,
    id: Cow<'a, str>,
}

#[derive(Serialize, Deserialize)]
struct Ref<'a> {
    id: Cow<'a, str>,
    author: Option<Cow<'a, str>>,
}

/// Writes a tweet as one line of JSON (no newline).
pub fn write(w: &mut impl std::io::Write, t: &Tweet) -> std::io::Result<()> {
    fn to_ref(r: &Option<Reference>) -> Option<Ref<'_>> {
        r.as_ref().map(|r| Ref {
            id: Cow::Borrowed(&r.id),
            author: r.author.as_deref().map(Cow::Borrowed),
        })
    }
    fn list(v: &[String]) -> Vec<Cow<'_, str>> {
        v.iter().map(|s| s.into()).collect()
    }
    let original = std::str::from_utf8(&t.raw).ok();
    let record = Normalised {
        id: Cow::Borrowed(&t.id),
        created_at: Cow::Owned(t.created_at.to_rfc3339_opts(SecondsFormat::AutoSi, true)),
        date_only: t.date_only,
        author: Person {
            handle: Cow::Borrowed(&t.author.handle),
            name: Cow::Borrowed(&t.author.name),
            id: Cow::Borrowed(&t.author.id),
        },
        text: Cow::Borrowed(&t.text),
        lang: t.lang.as_deref().map(Cow::Borrowed),
        kind: Cow::Borrowed(t.kind.as_str()),
        retweet_of: to_ref(&t.retweet_of),
        quote_of: to_ref(&t.quote_of),
        reply_to: to_ref(&t.reply_to),
        retweet_count: t.retweet_count,
        favorite_count: t.favorite_count,
        hashtags: list(&t.hashtags),
        mentions: list(&t.mentions),
        urls: list(&t.urls),
        link: t.link.as_deref().map(Cow::Borrowed),
        format: Cow::Borrowed(t.format.name()),
        source: Cow::Borrowed(&t.source),
        original: original.map(Cow::Borrowed),
        original_base64: original.is_none().then(|| BASE64.encode(&t.raw)),
    };
    serde_json::to_writer(w, &record).map_err(std::io::Error::from)
}

/// chirpdex's own record: its `original` and `format` keys.
pub(crate) fn recognise(p: &super::Probe) -> bool {
    p.original.is_some() && p.format.is_some()
}

/// Reads one normalised record back into the tweet it was written from.
pub fn parse(record: &Record, emit: &mut Emit<'_>) {
    emit(read(&record.bytes))
}

fn read(bytes: &[u8]) -> Result<Tweet, Reject> {
    let n: Normalised = serde_json::from_slice(bytes).map_err(|e| Reject::json(&e))?;
    let created_at = iso(&n.created_at)
        .ok_or_else(|| Reject::invalid("created_at", &n.created_at, "is not an ISO 8601 date"))?;
    let kind = TweetType::parse(&n.kind)
        .ok_or_else(|| Reject::invalid("type", &n.kind, "is no type of post"))?;
    let format = Format::from_name(&n.format)
        .ok_or_else(|| Reject::invalid("format", &n.format, "is no format chirpdex reads"))?;
    let raw = match (n.original, n.original_base64) {
        (Some(text), _) => text.into_owned().into_bytes(),
        (None, Some(b64)) => BASE64.decode(&b64).map_err(|e| {
            let start: String = b64.chars().take(16).collect();
            Reject::invalid(
                "original_base64",
                &start,
                format_args!("is not base64 ({e})"),
            )
        })?,
        (None, None) => Vec::new(),
    };
    let owned = |v: Vec<Cow<'_, str>>| v.into_iter().map(Cow::into_owned).collect();
    let reference = |r: Option<Ref<'_>>| {
        r.map(|r| Reference {
            id: r.id.into_owned(),
            author: r.author.map(Cow::into_owned),
        })
    };
    Ok(Tweet {
        id: n.id.into_owned(),
        created_at,
        author: Author {
            handle: n.author.handle.into_owned(),
            name: n.author.name.into_owned(),
            id: n.author.id.into_owned(),
        },
        text: n.text.into_owned(),
        lang: n.lang.map(Cow::into_owned),
        kind,
        retweet_of: reference(n.retweet_of),
        quote_of: reference(n.quote_of),
        reply_to: reference(n.reply_to),
        retweet_count: n.retweet_count,
        favorite_count: n.favorite_count,
        hashtags: owned(n.hashtags),
        mentions: owned(n.mentions),
        urls: owned(n.urls),
        date_only: n.date_only,
        link: n.link.map(Cow::into_owned),
        format,
        source: n.source.into_owned(),
        raw,
        ..Tweet::default()
    })
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;

    fn sample(raw: &[u8]) -> Tweet {
        Tweet {
            id: "text:00ff00ff00ff00ff".into(),
            created_at: DateTime::parse_from_rfc3339("2015-11-17T00:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
            author: Author {
                handle: "SaraDurantini".into(),
                name: "Sara Durantini".into(),
                id: String::new(),
            },
            text: "Esco ora da #pasocial\n\"molto\" interessante".into(),
            lang: None,
            kind: TweetType::Original,
            retweet_of: None,
            quote_of: None,
            reply_to: Some(Reference {
                id: "1".into(),
                author: Some("a".into()),
            }),
            retweet_count: 2,
            favorite_count: 3,
            hashtags: vec!["pasocial".into()],
            mentions: vec![],
            urls: vec![],
            date_only: true,
            link: None,
            format: Format::Text,
            source: "page.txt".into(),
            event: None,
            attributions: Vec::new(),
            raw: raw.to_vec(),
        }
    }

    #[test]
    fn a_record_reads_back_as_the_tweet_it_was_written_from() {
        for raw in [
            &b"Esco ora\n- Sara (@SaraDurantini) 17 Novembre 2015"[..],
            b"caf\xe9",
        ] {
            let t = sample(raw);
            let mut line = Vec::new();
            write(&mut line, &t).unwrap();
            assert!(!line.contains(&b'\n'), "one line");
            assert_eq!(read(&line).unwrap(), t);
        }
    }
}
