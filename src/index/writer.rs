//! Adding tweets to the archive, each once.
//!
//! The writer knows every key already indexed (read once from the `key` fast field when it
//! opens: about 8 bytes a tweet, [`KnownKeys`]) and every key it has added since, so a tweet seen
//! before, in this run or an earlier one, is skipped before any work is spent on it.

use anyhow::Result;
use tantivy::{IndexWriter, TantivyDocument, TantivyError, Term};

use super::known::KnownKeys;
use super::{Archive, Fields, disk};
use crate::model::Tweet;

/// Sizes the indexer.
#[derive(Clone, Copy, Debug)]
pub struct WriterOptions {
    /// Indexing threads.
    pub threads: usize,
    /// The indexer's memory budget in bytes, across its threads.
    pub memory: usize,
    /// Commit after this many new tweets, so that a crash loses at most that many.
    pub commit_every: u64,
    /// Build each tweet's document and drop it, indexing nothing: what `chirpdex bench` times
    /// to show chirpdex's side of an ingest apart from tantivy's.
    pub build_only: bool,
}

impl Default for WriterOptions {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        WriterOptions {
            threads: cores.clamp(1, 4),
            memory: 256 << 20,
            commit_every: 100_000,
            build_only: false,
        }
    }
}

pub struct Writer<'a> {
    archive: &'a Archive,
    writer: IndexWriter<TantivyDocument>,
    known: KnownKeys,
    commit_every: u64,
    build_only: bool,
    /// Tweets added since the last commit.
    pending: u64,
}

impl<'a> Writer<'a> {
    /// Starts tantivy's indexer on an archive opened to write (which holds the write lock).
    pub fn new(archive: &'a Archive, opts: WriterOptions) -> Result<Writer<'a>> {
        archive.check_writable()?;
        // tantivy wants at least 15 MB per thread.
        let threads = opts.threads.clamp(1, (opts.memory / (16 << 20)).max(1));
        let writer = archive
            .index
            .writer_with_num_threads(threads, opts.memory)
            .map_err(|e| disk::writing(&archive.dir, e, "cannot open the index for writing"))?;
        let known = known_keys(archive)?;
        Ok(Writer {
            archive,
            writer,
            known,
            commit_every: opts.commit_every.max(1),
            build_only: opts.build_only,
            pending: 0,
        })
    }

    /// Adds a tweet unless the archive has it already; says whether it was added.
    pub fn add(&mut self, tweet: &Tweet) -> Result<bool> {
        if !self.known.insert(tweet.key()) {
            return Ok(false);
        }
        let doc = self.archive.document(tweet);
        if self.build_only {
            std::hint::black_box(doc);
            return Ok(true);
        }
        if let Err(e) = self.writer.add_document(doc) {
            return Err(self.stopped(e));
        }
        self.pending += 1;
        Ok(true)
    }

    /// Stores a tweet in place of the one with the same key (its attributions changed, say).
    pub fn replace(&mut self, tweet: &Tweet) -> Result<()> {
        self.known.insert(tweet.key());
        // The key is a function of the id: the id's term finds the same documents.
        self.writer
            .delete_term(Term::from_field_text(self.archive.fields.id, &tweet.id));
        if let Err(e) = self.writer.add_document(self.archive.document(tweet)) {
            return Err(self.stopped(e));
        }
        Ok(())
    }

    /// Why tantivy's indexing threads stopped: `add_document` only says that they did; their own
    /// error (a full disk, say) comes out when they are joined, which a commit does.
    fn stopped(&mut self, e: TantivyError) -> anyhow::Error {
        let cause = self.writer.commit().err().unwrap_or(e);
        disk::writing(&self.archive.dir, cause, "the indexer stopped")
    }

    /// Whether enough has been added since the last commit to commit again.
    pub fn due(&self) -> bool {
        self.pending >= self.commit_every
    }

    /// Makes everything added so far durable and visible to searches.
    pub fn commit(&mut self) -> Result<()> {
        self.writer
            .commit()
            .map_err(|e| disk::writing(&self.archive.dir, e, "cannot commit the index"))?;
        self.pending = 0;
        Ok(())
    }

    /// Commits, then waits for background merges so the index is left tidy.
    pub fn finish(mut self) -> Result<()> {
        self.commit()?;
        self.writer
            .wait_merging_threads()
            .map_err(|e| disk::writing(&self.archive.dir, e, "cannot finish merging the index"))
    }
}

/// Every key the archive holds.
fn known_keys(archive: &Archive) -> Result<KnownKeys> {
    let searcher = archive.reader()?.searcher();
    let mut keys = KnownKeys::new();
    for segment in searcher.segment_readers() {
        let column = segment.fast_fields().u64(Fields::KEY)?;
        keys.extend_distinct(segment.doc_ids_alive().filter_map(|doc| column.first(doc)));
    }
    Ok(keys)
}
