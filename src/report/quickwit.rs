//! Tweets for Quickwit: an index configuration and flat NDJSON documents that match it.
//!
//! Quickwit has no update: a document ingested twice is there twice. So each distinct tweet is
//! written once, whatever the selection holds. Dates are RFC 3339 (UTC), hashtags, mentions and
//! speakers lowercased arrays (Quickwit's `raw` tokenizer keeps terms as they are, so lowercase
//! values make `hashtags:pasocial` find `#PASocial`), the text tokenized for ranked search.
//! The configuration is written for Quickwit's index config format 0.8 (`doc_mapping` with
//! `field_mappings` and `timestamp_field`, `search_settings`).

use std::collections::HashSet;
use std::io::{self, Write};

use serde::Serialize;

use super::TweetCore;
use crate::model::Tweet;

/// The index id used when none is given.
pub const DEFAULT_INDEX_ID: &str = "chirpdex";

/// Checks an index id against Quickwit's rule: ASCII letters, digits, `-` and `_`, starting with a
/// letter, 3 to 255 characters.
pub fn check_index_id(id: &str) -> Result<(), String> {
    let ok = (3..=255).contains(&id.len())
        && id.starts_with(|c: char| c.is_ascii_alphabetic())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{id:?} is not a Quickwit index id (3 to 255 ASCII letters, digits, - or _, \
             starting with a letter)"
        ))
    }
}

/// The index configuration (YAML) for the documents [`Documents`] writes.
pub fn index_config(index_id: &str) -> Result<String, String> {
    check_index_id(index_id)?;
    Ok(CONFIG.replace("{index_id}", index_id))
}

/// Every field of a document, mapped. `mode: strict` makes Quickwit refuse a document with a
/// field this config does not name, rather than drop it unseen.
const CONFIG: &str = "\
# Quickwit index of tweets exported by chirpdex (`chirpdex export --format quickwit`).
#   quickwit index create --index-config index-config.yaml
#   quickwit index ingest --index {index_id} --input-path tweets.ndjson --force
version: 0.8
index_id: {index_id}
doc_mapping:
  mode: strict
  field_mappings:
    - name: id
      type: text
      tokenizer: raw
    - name: created_at
      type: datetime
      input_formats: [rfc3339]
      output_format: rfc3339
      fast: true
      fast_precision: seconds
    - name: date_only
      description: true when the source gave the day only (created_at is then midnight UTC)
      type: bool
      fast: true
    - name: author
      description: the handle, as written
      type: text
      tokenizer: raw
      fast: true
    - name: author_name
      type: text
      tokenizer: default
      record: position
    - name: text
      description: the full text; for a retweet, the original's
      type: text
      tokenizer: default
      record: position
      fieldnorms: true
    - name: lang
      type: text
      tokenizer: raw
      fast: true
    - name: type
      description: original, reply, retweet or quote
      type: text
      tokenizer: raw
      fast: true
    - name: retweet_count
      type: u64
      fast: true
    - name: favorite_count
      type: u64
      fast: true
    - name: hashtags
      description: lowercased, without '#'
      type: array<text>
      tokenizer: raw
      fast: true
    - name: mentions
      description: lowercased handles, without '@'
      type: array<text>
      tokenizer: raw
      fast: true
    - name: speakers
      description: the event's speakers the tweet is about, lowercased
      type: array<text>
      tokenizer: raw
      fast: true
    - name: urls
      type: array<text>
      tokenizer: raw
    - name: event
      description: the slug of the event the tweet is attached to
      type: text
      tokenizer: raw
      fast: true
    - name: url
      description: the tweet's link (stored, not searched)
      type: text
      indexed: false
  timestamp_field: created_at
search_settings:
  default_search_fields: [text]
";

/// One document, flat.
#[derive(Serialize)]
struct Document<'a> {
    #[serde(flatten)]
    tweet: TweetCore<'a>,
    lang: Option<&'a str>,
    #[serde(rename = "type")]
    kind: &'static str,
    /// Left out when no source gave the count (a missing value, not 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    retweet_count: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    favorite_count: Option<u64>,
    hashtags: Vec<String>,
    mentions: Vec<String>,
    speakers: Vec<String>,
    urls: &'a [String],
    event: Option<&'a str>,
    url: Option<String>,
}

/// Lowercased, each value once, in the order first seen.
fn lowercased<'a>(values: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        let v = v.to_lowercase();
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// Writes documents, one JSON object a line, each distinct tweet (by id) once.
pub struct Documents<W: Write> {
    w: W,
    seen: HashSet<String>,
}

impl<W: Write> Documents<W> {
    pub fn new(w: W) -> Documents<W> {
        Documents {
            w,
            seen: HashSet::new(),
        }
    }

    /// Writes a tweet unless one with its id was written already; says whether it wrote it.
    pub fn tweet(&mut self, t: &Tweet) -> io::Result<bool> {
        if !self.seen.insert(t.id.clone()) {
            return Ok(false);
        }
        let doc = Document {
            tweet: TweetCore::of(t),
            lang: t.lang.as_deref(),
            kind: t.kind.as_str(),
            retweet_count: t.retweet_count,
            favorite_count: t.favorite_count,
            hashtags: lowercased(t.hashtags.iter().map(String::as_str)),
            mentions: lowercased(t.mentions.iter().map(String::as_str)),
            speakers: lowercased(t.attributions.iter().map(|a| a.speaker.as_str())),
            urls: &t.urls,
            event: t.event.as_deref(),
            url: t.url(),
        };
        serde_json::to_writer(&mut self.w, &doc)?;
        self.w.write_all(b"\n")?;
        Ok(true)
    }

    /// How many documents were written.
    pub fn count(&self) -> usize {
        self.seen.len()
    }

    /// Flushes and gives the writer back.
    pub fn finish(mut self) -> io::Result<W> {
        self.w.flush()?;
        Ok(self.w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_ids_follow_quickwits_rule() {
        for good in ["chirpdex", "pasocial-2015", "a_b"] {
            assert!(check_index_id(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "ab",
            "2015-pasocial",
            "pa social",
            "pa.social",
            "perché",
        ] {
            assert!(check_index_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_config_maps_every_document_field_and_nothing_else() {
        let config: serde_yaml_ng::Value =
            serde_yaml_ng::from_str(&index_config("chirpdex").unwrap()).unwrap();
        let mapped: Vec<&str> = config["doc_mapping"]["field_mappings"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        let t = Tweet {
            id: "1".into(),
            created_at: chrono::DateTime::from_timestamp(1_447_752_600, 0).unwrap(),
            author: crate::model::Author::default(),
            text: "x".into(),
            lang: Some("it".into()),
            kind: crate::model::TweetType::Original,
            retweet_of: None,
            quote_of: None,
            reply_to: None,
            retweet_count: Some(0),
            favorite_count: Some(0),
            hashtags: vec!["PASocial".into()],
            mentions: Vec::new(),
            urls: Vec::new(),
            date_only: false,
            link: None,
            format: crate::model::Format::V1,
            event: Some("pasocial-2015".into()),
            attributions: Vec::new(),
            source: String::new(),
            raw: Vec::new(),
        };
        let mut out = Documents::new(Vec::new());
        out.tweet(&t).unwrap();
        let doc: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(&out.finish().unwrap()).unwrap();
        let fields: Vec<&str> = doc.keys().map(String::as_str).collect();
        let (mut a, mut b) = (mapped.clone(), fields.clone());
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b);
    }

    #[test]
    fn arrays_are_lowercased_once() {
        assert_eq!(
            lowercased(["PASocial", "pasocial", "Università"].into_iter()),
            ["pasocial", "università"]
        );
    }
}
