//! chirpdex's own normalised record: how `chirpdex export` writes a tweet whose original is not a
//! JSON object that stands alone (a CSV row, a copied text, a web page's blockquote, an archive
//! entry), and how such an export is read back. It holds every field of [`Tweet`], its source,
//! and the original bytes, so ingest → export → ingest gives the same tweets.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use chrono::SecondsFormat;
use serde::{Deserialize, Serialize};

use super::{Emit, Record, Reject};
use crate::model::time::iso;
use crate::model::{Author, Format, Reference, Tweet, TweetType};

/// The record, written from borrowed values (`S` = `&str`, `L` = `&[String]`, `&Author`,
/// `&Reference`) and read into owned ones.
#[derive(Serialize, Deserialize)]
struct Normalised<S, L, A, R> {
    id: S,
    created_at: S,
    #[serde(default)]
    date_only: bool,
    author: A,
    text: S,
    lang: Option<S>,
    #[serde(rename = "type")]
    kind: S,
    retweet_of: Option<R>,
    quote_of: Option<R>,
    reply_to: Option<R>,
    /// null (or absent) when no source gave the count.
    #[serde(default)]
    retweet_count: Option<u64>,
    #[serde(default)]
    favorite_count: Option<u64>,
    #[serde(default)]
    hashtags: L,
    #[serde(default)]
    mentions: L,
    #[serde(default)]
    urls: L,
    link: Option<S>,
    format: S,
    source: S,
    #[serde(skip_serializing_if = "Option::is_none")]
    original: Option<S>,
    #[serde(skip_serializing_if = "Option::is_none")]
    original_base64: Option<String>,
}

/// Writes a tweet as one line of JSON (no newline).
pub fn write(w: &mut impl std::io::Write, t: &Tweet) -> std::io::Result<()> {
    let original = std::str::from_utf8(&t.raw).ok();
    let created_at = t.created_at.to_rfc3339_opts(SecondsFormat::AutoSi, true);
    let record: Normalised<&str, &[String], &Author, &Reference> = Normalised {
        id: &t.id,
        created_at: &created_at,
        date_only: t.date_only,
        author: &t.author,
        text: &t.text,
        lang: t.lang.as_deref(),
        kind: t.kind.as_str(),
        retweet_of: t.retweet_of.as_ref(),
        quote_of: t.quote_of.as_ref(),
        reply_to: t.reply_to.as_ref(),
        retweet_count: t.retweet_count,
        favorite_count: t.favorite_count,
        hashtags: &t.hashtags,
        mentions: &t.mentions,
        urls: &t.urls,
        link: t.link.as_deref(),
        format: t.format.name(),
        source: &t.source,
        original,
        original_base64: original.is_none().then(|| BASE64.encode(&t.raw)),
    };
    serde_json::to_writer(w, &record).map_err(std::io::Error::from)
}

/// chirpdex's own record: its `original` and `format` keys.
pub(crate) fn recognise(p: &super::Probe) -> bool {
    p.has("original") && p.has("format")
}

/// Reads one normalised record back into the tweet it was written from.
pub fn parse(record: &Record, emit: &mut Emit<'_>) {
    emit(read(&record.bytes))
}

fn read(bytes: &[u8]) -> Result<Tweet, Reject> {
    let n: Normalised<String, Vec<String>, Author, Reference> =
        serde_json::from_slice(bytes).map_err(|e| Reject::json(&e))?;
    let created_at = iso(&n.created_at)
        .ok_or_else(|| Reject::invalid("created_at", &n.created_at, "is not an ISO 8601 date"))?;
    let kind = TweetType::parse(&n.kind)
        .ok_or_else(|| Reject::invalid("type", &n.kind, "is no type of post"))?;
    let format = Format::from_name(&n.format)
        .ok_or_else(|| Reject::invalid("format", &n.format, "is no format chirpdex reads"))?;
    let raw = match (n.original, n.original_base64) {
        (Some(text), _) => text.into_bytes(),
        (None, Some(b64)) => BASE64.decode(&b64).map_err(|e| {
            let start: String = b64.chars().take(16).collect();
            let why = format!("is not base64 ({e})");
            Reject::invalid("original_base64", &start, why)
        })?,
        (None, None) => Vec::new(),
    };
    Ok(Tweet {
        id: n.id,
        created_at,
        author: n.author,
        text: n.text,
        lang: n.lang,
        kind,
        retweet_of: n.retweet_of,
        quote_of: n.quote_of,
        reply_to: n.reply_to,
        retweet_count: n.retweet_count,
        favorite_count: n.favorite_count,
        hashtags: n.hashtags,
        mentions: n.mentions,
        urls: n.urls,
        date_only: n.date_only,
        link: n.link,
        format,
        source: n.source,
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
            retweet_count: Some(2),
            favorite_count: Some(3),
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
