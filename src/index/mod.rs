//! The archive on disk: a tantivy index holding every normalised tweet with its original.
//!
//! [`schema`] declares the fields; [`Archive`] opens or creates the index and turns tweets into
//! documents and back; [`writer`] adds tweets, skipping the ones already there.

pub mod schema;
pub mod writer;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::{DateTime, Utc};
use tantivy::schema::{OwnedValue, Value};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{Index, IndexSettings, TantivyDocument};

use crate::event::Event;
use crate::extract::speakers::{Attribution, Method};
use crate::formats::Format;
use crate::model::{Author, Reference, Tweet, TweetType};
pub use schema::Fields;
pub use writer::Writer;

/// The index directory used when neither `--index` nor `CHIRPDEX_INDEX` names one.
pub const DEFAULT_DIR: &str = "chirpdex-index";

/// An open archive.
pub struct Archive {
    pub index: Index,
    pub fields: Fields,
    pub dir: PathBuf,
}

impl Archive {
    /// Opens the archive in `dir`, which must exist.
    pub fn open(dir: &Path) -> Result<Archive> {
        if !dir.join("meta.json").exists() {
            bail!(
                "no chirpdex index at {} (run `chirpdex ingest` first, or pass --index)",
                dir.display()
            );
        }
        let (schema, fields) = schema::build();
        let mut index = Index::open_in_dir(dir)
            .with_context(|| format!("cannot open the index at {}", dir.display()))?;
        if index.schema() != schema {
            bail!(
                "the index at {} was made by another version of chirpdex (its fields differ); \
                 ingest into a new index",
                dir.display()
            );
        }
        index.set_tokenizers(schema::tokenizers());
        index.set_fast_field_tokenizers(schema::tokenizers());
        Ok(Archive {
            index,
            fields,
            dir: dir.to_path_buf(),
        })
    }

    /// Opens the archive in `dir`, creating it (and the directory) if there is none.
    pub fn open_or_create(dir: &Path) -> Result<Archive> {
        if dir.join("meta.json").exists() {
            return Archive::open(dir);
        }
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the index directory {}", dir.display()))?;
        let (schema, fields) = schema::build();
        let settings = IndexSettings {
            docstore_compression: Compressor::Zstd(ZstdCompressor {
                compression_level: Some(1),
            }),
            docstore_blocksize: 64 << 10,
            ..IndexSettings::default()
        };
        let index = Index::builder()
            .schema(schema)
            .settings(settings)
            .tokenizers(schema::tokenizers())
            .fast_field_tokenizers(schema::tokenizers())
            .create_in_dir(dir)
            .with_context(|| format!("cannot create an index in {}", dir.display()))?;
        Ok(Archive {
            index,
            fields,
            dir: dir.to_path_buf(),
        })
    }

    /// Keeps a copy of an event's programme with the index, so that commands reading the index
    /// know the event by its slug.
    pub fn save_programme(&self, event: &Event, path: &Path) -> Result<()> {
        let dir = self.dir.join("events");
        std::fs::create_dir_all(&dir).with_context(|| dir.display().to_string())?;
        let to = dir.join(format!("{}.toml", event.slug));
        std::fs::copy(path, &to)
            .with_context(|| format!("cannot copy {} to {}", path.display(), to.display()))?;
        Ok(())
    }

    /// The events whose programmes the index keeps.
    pub fn events(&self) -> Result<Vec<Event>> {
        let Ok(entries) = std::fs::read_dir(self.dir.join("events")) else {
            return Ok(Vec::new());
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        paths.sort();
        paths.iter().map(|p| Event::load(p)).collect()
    }

    /// The event with this slug, or the only one when no slug is given and the index holds one.
    pub fn event(&self, slug: Option<&str>) -> Result<Option<Event>> {
        let mut events = self.events()?;
        match slug {
            Some(slug) => match events.iter().position(|e| e.slug == slug) {
                Some(i) => Ok(Some(events.swap_remove(i))),
                None => bail!(
                    "no event {slug:?} in the index (known: {})",
                    events
                        .iter()
                        .map(|e| e.slug.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            },
            None if events.len() == 1 => Ok(events.pop()),
            None => Ok(None),
        }
    }

    /// The document that stores a tweet.
    pub fn document(&self, t: &Tweet) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::new();
        doc.add_text(f.id, &t.id);
        doc.add_u64(f.key, t.key());
        doc.add_date(
            f.created_at,
            tantivy::DateTime::from_timestamp_secs(t.created_at.timestamp()),
        );
        doc.add_text(f.author, &t.author.handle);
        doc.add_text(f.author_name, &t.author.name);
        doc.add_text(f.author_id, &t.author.id);
        doc.add_text(f.text, &t.text);
        if let Some(lang) = &t.lang {
            doc.add_text(f.lang, lang);
        }
        doc.add_text(f.kind, t.kind.as_str());
        for (r, id_field, author_field) in [
            (&t.retweet_of, f.retweet_of, f.retweet_of_author),
            (&t.quote_of, f.quote_of, f.quote_of_author),
            (&t.reply_to, f.reply_to, f.reply_to_author),
        ] {
            if let Some(r) = r {
                doc.add_text(id_field, &r.id);
                if let Some(a) = &r.author {
                    doc.add_text(author_field, a);
                }
            }
        }
        doc.add_u64(f.retweet_count, t.retweet_count);
        doc.add_u64(f.favorite_count, t.favorite_count);
        for h in &t.hashtags {
            doc.add_text(f.hashtags, h);
        }
        for m in &t.mentions {
            doc.add_text(f.mentions, m);
        }
        for u in &t.urls {
            doc.add_text(f.urls, u);
        }
        if t.date_only {
            doc.add_bool(f.date_only, true);
        }
        if let Some(link) = &t.link {
            doc.add_text(f.link, link);
        }
        doc.add_text(f.format, t.format.name());
        doc.add_text(f.source, &t.source);
        if let Some(event) = &t.event {
            doc.add_text(f.event, event);
        }
        for a in &t.attributions {
            doc.add_text(f.speakers, &a.speaker);
            doc.add_text(
                f.attributions,
                format!("{}:{}", a.method.as_str(), a.speaker),
            );
        }
        doc.add_bytes(f.raw, &t.raw);
        doc
    }

    /// The tweet a stored document holds, original included.
    pub fn tweet(&self, doc: &TantivyDocument) -> Tweet {
        let f = &self.fields;
        let text = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("");
        let opt = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let all = |field| {
            doc.get_all(field)
                .filter_map(|v| v.as_str())
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        let reference = |id_field, author_field| {
            opt(id_field).map(|id| Reference {
                id,
                author: opt(author_field),
            })
        };
        let created_at = doc
            .get_first(f.created_at)
            .and_then(|v| v.as_datetime())
            .and_then(|d| DateTime::<Utc>::from_timestamp(d.into_timestamp_secs(), 0))
            .unwrap_or_default();
        let raw = match doc.get_first(f.raw).map(OwnedValue::from) {
            Some(OwnedValue::Bytes(b)) => b,
            _ => Vec::new(),
        };
        Tweet {
            id: text(f.id).to_string(),
            created_at,
            author: Author {
                handle: text(f.author).to_string(),
                name: text(f.author_name).to_string(),
                id: text(f.author_id).to_string(),
            },
            text: text(f.text).to_string(),
            lang: opt(f.lang),
            kind: TweetType::parse(text(f.kind)).unwrap_or(TweetType::Original),
            retweet_of: reference(f.retweet_of, f.retweet_of_author),
            quote_of: reference(f.quote_of, f.quote_of_author),
            reply_to: reference(f.reply_to, f.reply_to_author),
            retweet_count: doc
                .get_first(f.retweet_count)
                .and_then(|v| v.as_u64())
                .unwrap_or(0),
            favorite_count: doc
                .get_first(f.favorite_count)
                .and_then(|v| v.as_u64())
                .unwrap_or(0),
            hashtags: all(f.hashtags),
            mentions: all(f.mentions),
            urls: all(f.urls),
            date_only: doc
                .get_first(f.date_only)
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
            link: opt(f.link),
            format: Format::from_name(text(f.format)).unwrap_or(Format::V1),
            source: text(f.source).to_string(),
            event: opt(f.event),
            attributions: all(f.attributions)
                .iter()
                .filter_map(|a| {
                    let (method, speaker) = a.split_once(':')?;
                    Some(Attribution {
                        speaker: speaker.to_string(),
                        method: Method::parse(method)?,
                    })
                })
                .collect(),
            raw,
        }
    }
}
