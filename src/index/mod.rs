//! The archive on disk: a tantivy index holding every normalised tweet with its original.
//!
//! [`schema`] declares the fields; [`Archive`] opens the index to read it, or to write it under
//! its lock (creating it if there is none, never over a damaged one), and turns tweets into
//! documents and back; [`disk`] holds the rules on locks and checksums; [`writer`] adds tweets,
//! skipping the ones already there.

pub mod disk;
pub mod known;
pub mod schema;
pub mod writer;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::{DateTime, Utc};
use tantivy::directory::DirectoryLock;
use tantivy::schema::Value;
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{Index, IndexSettings, TantivyDocument};

use crate::event::Event;
use crate::model::Format;
use crate::model::link;
use crate::model::{Attribution, Method};
use crate::model::{Author, Reference, Tweet, TweetType};
use disk::Disk;
pub use schema::Fields;
pub use writer::Writer;

/// Decompressed blocks of the document store a reader keeps ([`Archive::reader`]).
const STORE_CACHE_BLOCKS: usize = 4;

/// The index directory used when neither `--index` nor `CHIRPDEX_INDEX` names one.
pub const DEFAULT_DIR: &str = "chirpdex-index";

/// An open archive.
pub struct Archive {
    pub index: Index,
    pub fields: Fields,
    pub dir: PathBuf,
    /// The writer lock, held from opening to drop by an archive opened to write; `None` for
    /// readers, which write nothing.
    lock: Option<DirectoryLock>,
}

/// Files that hold an index's data: segment components (named by a 32-digit segment id). Not
/// tantivy's list of managed files (`.managed.json`): an ingest killed while it creates a new
/// index leaves that list alone, and the directory holds nothing to lose.
fn is_index_file(name: &str) -> bool {
    const COMPONENTS: [&str; 7] = ["idx", "store", "fast", "fieldnorm", "term", "pos", "del"];
    let (stem, ext) = name.split_once('.').unwrap_or((name, ""));
    COMPONENTS.contains(&ext) || (stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit()))
}

impl Archive {
    /// Opens the archive in `dir` to read it: nothing is written, no lock is taken, so a
    /// read-only index answers.
    pub fn open(dir: &Path) -> Result<Archive> {
        if !dir.join("meta.json").exists() {
            bail!(
                "no chirpdex index at {} (run `chirpdex ingest` first, or pass --index)",
                dir.display()
            );
        }
        Archive::open_existing(dir, Disk::open(dir)?, None)
    }

    /// Opens the archive in `dir`, which must exist, to write it: takes the writer lock first.
    pub fn open_to_write(dir: &Path) -> Result<Archive> {
        if !dir.join("meta.json").exists() {
            return Archive::open(dir); // says there is no index
        }
        let mut disk = Disk::open(dir)?;
        let lock = disk.lock_writer(dir)?;
        Archive::open_existing(dir, disk, Some(lock))
    }

    /// Opens the archive in `dir` to write it, creating it (and the directory) if there is
    /// none. The writer lock is taken before anything else is written, so of two first ingests
    /// started together one creates the index and the other is turned away. A directory with
    /// index files but no `meta.json` is a damaged index, never replaced: creating an index
    /// there would let tantivy's garbage collection delete the old segments.
    pub fn open_or_create(dir: &Path) -> Result<Archive> {
        std::fs::create_dir_all(dir).map_err(|e| {
            disk::not_writable(dir, &e).unwrap_or_else(|| {
                anyhow::Error::new(e).context(format!(
                    "cannot create the index directory {}",
                    dir.display()
                ))
            })
        })?;
        let mut disk = Disk::open(dir)?;
        let lock = disk.lock_writer(dir)?;
        if dir.join("meta.json").exists() {
            return Archive::open_existing(dir, disk, Some(lock));
        }
        let entries = std::fs::read_dir(dir)
            .with_context(|| format!("cannot list the index directory {}", dir.display()))?;
        let mut leftovers: Vec<String> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| is_index_file(name))
            .collect();
        if !leftovers.is_empty() {
            leftovers.sort();
            bail!(disk::damaged(
                dir,
                Path::new("meta.json"),
                &format!(
                    "is missing but index files are there ({}{}): no new index is made over them",
                    leftovers[..leftovers.len().min(3)].join(", "),
                    if leftovers.len() > 3 { ", ..." } else { "" }
                )
            ));
        }
        let (schema, fields) = schema::build();
        let settings = IndexSettings {
            docstore_compression: Compressor::Zstd(ZstdCompressor {
                compression_level: Some(1),
            }),
            // Large blocks compress the originals nearly as a whole dump does (measured when
            // chosen: an index of 13.7% of a generated dump instead of 16.5% at 64 KB) at no
            // cost in time; a search reads one block a hit, about 0.2 ms.
            docstore_blocksize: 256 << 10,
            ..IndexSettings::default()
        };
        // No meta.json and we hold the lock: this creates.
        let index = Index::builder()
            .schema(schema)
            .settings(settings)
            .tokenizers(schema::tokenizers())
            .fast_field_tokenizers(schema::tokenizers())
            .open_or_create(disk)
            .map_err(|e| disk::writing(dir, e, "cannot create an index"))?;
        Ok(Archive {
            index,
            fields,
            dir: dir.to_path_buf(),
            lock: Some(lock),
        })
    }

    /// Fails unless this archive was opened to write (and so holds the write lock).
    pub fn check_writable(&self) -> Result<()> {
        if self.lock.is_none() {
            bail!(
                "the index at {} was opened to read only",
                self.dir.display()
            );
        }
        Ok(())
    }

    fn open_existing(dir: &Path, disk: Disk, lock: Option<DirectoryLock>) -> Result<Archive> {
        let (schema, fields) = schema::build();
        let mut index = Index::open(disk)
            .with_context(|| format!("cannot open the index at {}", dir.display()))?;
        if index.schema() != schema {
            bail!(
                "the index at {} was made by another version of chirpdex (its fields differ); \
                 ingest into a new index",
                dir.display()
            );
        }
        disk::verify(&index, dir)?;
        index.set_tokenizers(schema::tokenizers());
        index.set_fast_field_tokenizers(schema::tokenizers());
        Ok(Archive {
            index,
            fields,
            dir: dir.to_path_buf(),
            lock,
        })
    }

    /// Keeps a copy of an event's programme with the index, so that commands reading the index
    /// know the event by its slug. Only a writer may: the programme is written under the lock.
    pub fn save_programme(&self, event: &Event, path: &Path) -> Result<()> {
        self.check_writable()?;
        // The slug becomes a file name: checked again here, whoever built the event.
        crate::event::check_slug(&event.slug)?;
        let dir = self.dir.join("events");
        std::fs::create_dir_all(&dir).with_context(|| dir.display().to_string())?;
        let to = dir.join(format!("{}.toml", event.slug));
        std::fs::copy(path, &to)
            .with_context(|| format!("cannot copy {} to {}", path.display(), to.display()))?;
        Ok(())
    }

    /// A reader of the index whose document store keeps a few decompressed blocks (each up to
    /// 256 KB of tweets): reading tweets in the order they were indexed (an export, a page)
    /// reads each block once; reading them scattered gains nothing from more.
    pub fn reader(&self) -> tantivy::Result<tantivy::IndexReader> {
        self.index
            .reader_builder()
            .doc_store_cache_num_blocks(STORE_CACHE_BLOCKS)
            .try_into()
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
        // An unknown count is no value, so that `retweet_count:0` finds only known zeros.
        if let Some(n) = t.retweet_count {
            doc.add_u64(f.retweet_count, n);
        }
        if let Some(n) = t.favorite_count {
            doc.add_u64(f.favorite_count, n);
        }
        for h in &t.hashtags {
            doc.add_text(f.hashtags, h);
        }
        for m in &t.mentions {
            doc.add_text(f.mentions, m);
        }
        for u in &t.urls {
            doc.add_text(f.urls, u);
        }
        // For statistics: the links shared (a retweet's are its original's, as its reader gave
        // them) and their domains, each once a tweet.
        for u in link::shared(&t.urls) {
            doc.add_text(f.shared_links, u);
        }
        for d in link::domains(link::shared(&t.urls)) {
            doc.add_text(f.shared_domains, d);
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
            if !a.method.inferred() {
                doc.add_text(f.named_speakers, &a.speaker);
            }
            doc.add_text(
                f.attributions,
                format!("{}:{}", a.method.as_str(), a.speaker),
            );
        }
        match std::str::from_utf8(&t.raw) {
            Ok(raw) => doc.add_text(f.raw, raw),
            Err(_) => doc.add_bytes(f.raw_bytes, &t.raw),
        }
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
        let raw = match doc.get_first(f.raw).and_then(|v| v.as_str()) {
            Some(raw) => raw.as_bytes().to_vec(),
            None => doc
                .get_first(f.raw_bytes)
                .and_then(|v| v.as_bytes())
                .map(<[u8]>::to_vec)
                .unwrap_or_default(),
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
            retweet_count: doc.get_first(f.retweet_count).and_then(|v| v.as_u64()),
            favorite_count: doc.get_first(f.favorite_count).and_then(|v| v.as_u64()),
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

/// Archives for unit tests, written through the same writer as `ingest`.
#[cfg(test)]
pub(crate) mod testing {
    use super::writer::WriterOptions;
    use super::*;

    /// An archive in a temporary directory (removed when the guard drops) holding `tweets`.
    pub(crate) fn archive_of(tweets: &[Tweet]) -> (tempfile::TempDir, Archive) {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::open_or_create(dir.path()).unwrap();
        let options = WriterOptions {
            threads: 1,
            memory: 16 << 20,
            commit_every: u64::MAX,
            ..WriterOptions::default()
        };
        let mut writer = Writer::new(&archive, options).unwrap();
        for t in tweets {
            assert!(writer.add(t).unwrap(), "tweet {} added twice", t.id);
        }
        writer.finish().unwrap();
        (dir, archive)
    }

    /// A tweet by `handle` (empty: unknown) at an RFC 3339 time, with these hashtags.
    pub(crate) fn tweet(id: &str, handle: &str, at: &str, hashtags: &[&str]) -> Tweet {
        Tweet {
            id: id.to_string(),
            created_at: at.parse().unwrap(),
            author: Author {
                handle: handle.to_string(),
                ..Author::default()
            },
            text: format!("tweet {id}"),
            hashtags: hashtags.iter().map(|h| h.to_string()).collect(),
            ..Tweet::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_segment_files_make_a_directory_a_damaged_index() {
        // A first ingest killed while tantivy creates the index leaves its list of managed
        // files alone: the next ingest must create the index, not refuse it as damaged.
        assert!(!is_index_file(".managed.json"));
        assert!(is_index_file("0123456789abcdef0123456789abcdef.store"));
        assert!(is_index_file("0123456789abcdef0123456789abcdef.idx"));
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".managed.json"), "[]").unwrap();
        Archive::open_or_create(dir.path()).expect("an index over a lone .managed.json");
    }

    #[test]
    fn originals_come_back_byte_for_byte_whether_or_not_they_are_utf8() {
        use tantivy::collector::DocSetCollector;
        use tantivy::query::AllQuery;
        let mut latin1 = testing::tweet("1", "a", "2015-11-17T09:00:00Z", &[]);
        latin1.raw = b"1;caff\xe8;a\n".to_vec(); // a Latin-1 spreadsheet row
        let mut utf8 = testing::tweet("2", "b", "2015-11-17T09:00:00Z", &[]);
        utf8.raw = "{\"id_str\":\"2\",\"text\":\"caffè ☕\"}"
            .as_bytes()
            .to_vec();
        let (_dir, archive) = testing::archive_of(&[latin1.clone(), utf8.clone()]);
        let searcher = archive.reader().unwrap().searcher();
        let mut back: Vec<Tweet> = searcher
            .search(&AllQuery, &DocSetCollector)
            .unwrap()
            .into_iter()
            .map(|addr| archive.tweet(&searcher.doc(addr).unwrap()))
            .collect();
        back.sort_by(|a, b| a.id.cmp(&b.id));
        assert_eq!(back[0].raw, latin1.raw);
        assert_eq!(back[1].raw, utf8.raw);
    }
}
