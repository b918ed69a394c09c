//! The ingest pipeline: inputs → records → tweets → index.
//!
//! A reader thread opens the inputs and splits them into records, handing them over in batches
//! through a bounded channel (so reading runs ahead of parsing by a few batches, never by the
//! whole file); this thread parses them, skips the tweets the archive already has and gives the
//! rest to tantivy's writer, whose own threads build the index. A bad record is reported as
//! `file:line: reason` (the first [`SHOWN_PER_INPUT`] of each input; the others summed up in one
//! line), counted, written to the rejects file, and the run goes on. A rejects file that cannot
//! be written is said once and does not stop the run: the records it could not keep are counted.

pub mod apply;
pub mod rejects;

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::time::Instant;

use anyhow::Result;
use serde::Serialize;

use crate::event::{Event, Membership, Verdict};
use crate::extract::speakers::{Matcher, Vocabulary};
use crate::formats::{self, Input, Opened, Record};
use crate::index::writer::WriterOptions;
use crate::index::{Archive, Writer};
use crate::model::{Format, Tweet};
pub use rejects::Rejects;

/// Records handed over at once: large enough to make the channel's cost vanish, small enough to
/// keep memory flat (a few MB).
const BATCH: usize = 256;
/// Batches in flight between the reader and the parser.
const IN_FLIGHT: usize = 8;
/// Rejections printed for each input: a flood of bad records (a few KB of gzip can hold millions)
/// would bury everything else on stderr; the rejects file keeps them all.
pub const SHOWN_PER_INPUT: u64 = 20;

pub struct IngestOptions {
    /// Where rejected records go.
    pub rejects: PathBuf,
    /// The format of every input, instead of recognising each one's.
    pub from: Option<Format>,
    /// The event to attach the tweets that belong to it to ([`Membership`]), attributing its
    /// speakers.
    pub event: Option<Event>,
    pub writer: WriterOptions,
}

/// What a run did. `read` = `indexed` + `duplicates` + `rejected`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    /// Inputs opened.
    pub files: u64,
    /// Bytes taken from them (compressed size for `.gz`).
    pub bytes: u64,
    /// Tweets and unreadable records met.
    pub read: u64,
    /// Tweets added to the archive.
    pub indexed: u64,
    /// Tweets the archive already had (from this run or an earlier one).
    pub duplicates: u64,
    /// Records that could not be read as tweets.
    pub rejected: u64,
    /// Inputs that could not be read, whole or in part.
    pub errors: u64,
    /// Inputs with nothing to read (empty files, archive files other than tweets).
    pub skipped: u64,
    pub seconds: f64,
    pub tweets_per_second: f64,
    /// The rejects file, when something was rejected and kept in it.
    pub rejects_file: Option<String>,
    /// Rejected records that could not be written to the rejects file (it is a directory, the
    /// disk is full...): they are lost, and the exit status says so.
    pub rejects_not_kept: u64,
    /// With an event: which of the tweets added were attached to it (`null` without one).
    pub event: Option<Attached>,
}

/// What became of the tweets an ingest with an event added. `attached` + `unattached` =
/// the summary's `indexed` (tweets already indexed are left as they are).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Attached {
    pub slug: String,
    /// Which tweets belong, in words: `on 2015-11-17 with #pasocial`.
    pub rule: String,
    /// Tweets attached to the event (and attributed to its speakers).
    pub attached: u64,
    /// Tweets left unattached: `other_day` + `no_hashtag`.
    pub unattached: u64,
    /// Left unattached for falling on another day than the programme's.
    pub other_day: u64,
    /// Left unattached for carrying none of the programme's hashtags (on one of its days).
    pub no_hashtag: u64,
}

impl Attached {
    fn count(&mut self, verdict: Verdict) {
        match verdict {
            Verdict::Belongs => self.attached += 1,
            Verdict::OtherDay => self.other_day += 1,
            Verdict::NoHashtag => self.no_hashtag += 1,
        }
        self.unattached = self.other_day + self.no_hashtag;
    }
}

/// Attaches tweets to one event: the event's rule ([`Membership`]) and speaker matcher,
/// compiled once. Shared by `ingest --event` and `event apply`.
pub struct Attacher {
    pub slug: String,
    /// The event's zone (a query's dates are read in it).
    pub tz: chrono_tz::Tz,
    pub membership: Membership,
    matcher: Matcher,
}

impl Attacher {
    pub fn new(event: &Event) -> Attacher {
        Attacher {
            slug: event.slug.clone(),
            tz: event.tz,
            membership: event.membership(),
            matcher: Matcher::new(event),
        }
    }

    /// Learns the words of each talk from the event's tweets ([`Matcher::learn`]), one at a
    /// time: `observe` each, then `learned`.
    pub fn observe(&mut self, words: &mut Vocabulary, tweet: &Tweet) {
        if self.membership.holds(tweet) {
            words.observe(&self.matcher, tweet);
        }
    }

    pub fn learned(&mut self, words: Vocabulary) {
        words.teach(&mut self.matcher);
    }

    pub fn vocabulary(&self) -> Vocabulary {
        Vocabulary::new(&self.matcher)
    }

    /// Attaches the tweet to the event, with its speakers, when it belongs; leaves it as it is
    /// otherwise. Says whether it belongs, or why not.
    pub fn attach(&self, tweet: &mut Tweet) -> Verdict {
        self.attach_learning(tweet, None)
    }

    /// [`Attacher::attach`], counting the words of the tweet in `words` when it belongs.
    pub fn attach_learning(&self, tweet: &mut Tweet, words: Option<&mut Vocabulary>) -> Verdict {
        let verdict = self.membership.verdict(tweet);
        if verdict == Verdict::Belongs {
            tweet.event = Some(self.slug.clone());
            let (found, stems) = self.matcher.judge(tweet);
            if let Some(words) = words {
                words.add(&self.matcher, tweet, &found, stems);
            }
            tweet.attributions = found;
        }
        verdict
    }
}

/// How an ingest shows that it is moving, for a display the caller draws (the binary's progress
/// bar); `()` shows nothing. Called from the thread that called [`run`].
pub trait Progress {
    /// After each batch of records: the bytes taken from the inputs so far (compressed bytes for
    /// a `.gz`, as [`Input::size`] counts them) and the tweets indexed so far.
    fn advance(&self, _bytes: u64, _indexed: u64) {}

    /// Everything is read; what is left is the final commit.
    fn committing(&self) {}

    /// Runs `print`, which writes lines to the diagnostics, so that they come out above the
    /// display rather than through it.
    fn above(&self, print: &mut dyn FnMut() -> io::Result<()>) -> io::Result<()> {
        print()
    }
}

impl Progress for () {}

enum Msg {
    Records(Vec<Record>),
    Failed(String, anyhow::Error),
    Skipped(String, String),
}

/// Ingests `inputs` into the archive. Problems with single records or inputs are written to
/// `diag` and counted; only a failure of the index itself ends the run with an error.
pub fn run(
    archive: &Archive,
    inputs: &[Input],
    opts: &IngestOptions,
    diag: &mut dyn Write,
    progress: &dyn Progress,
) -> Result<Summary> {
    let start = Instant::now();
    let mut writer = Writer::new(archive, opts.writer)?;
    let mut rejects = Rejects::new(&opts.rejects);
    if let Some(e) = rejects.repair() {
        progress.above(&mut || warn_not_kept(diag, &e))?;
    }
    let taken = Arc::new(AtomicU64::new(0));
    let mut attacher = opts.event.as_ref().map(Attacher::new);
    // The words of each talk, learned as the event's tweets go by (the speakers they name do
    // not depend on them), for the slots inferred again at the end.
    let mut words = attacher.as_ref().map(Attacher::vocabulary);
    let mut summary = Summary {
        files: inputs.len() as u64,
        event: attacher.as_ref().map(|a| Attached {
            slug: a.slug.clone(),
            rule: a.membership.describe(),
            ..Attached::default()
        }),
        ..Summary::default()
    };

    let (tx, rx) = sync_channel(IN_FLIGHT);
    std::thread::scope(|scope| -> Result<()> {
        let reader_taken = Arc::clone(&taken);
        scope.spawn(move || read_inputs(inputs, opts.from, &reader_taken, tx));
        consume(
            rx,
            attacher.as_ref(),
            words.as_mut(),
            &mut writer,
            &mut rejects,
            &mut summary,
            progress,
            &taken,
            diag,
        )
    })?;

    progress.committing();
    if let Some(e) = rejects.flush() {
        progress.above(&mut || warn_not_kept(diag, &e))?;
    }
    writer.finish()?;
    // Slot inference takes the words people used about each talk, known once every tweet is
    // in: the event's tweets are attributed again with them, as `event apply` does.
    if let (Some(event), Some(attacher), Some(words)) = (&opts.event, &mut attacher, words)
        && event.speakers.iter().any(|s| s.slot.is_some())
    {
        attacher.learned(words);
        apply::infer_again(archive, attacher)?;
    }
    summary.bytes = taken.load(Ordering::Relaxed);
    summary.seconds = start.elapsed().as_secs_f64();
    summary.tweets_per_second = summary.read as f64 / summary.seconds.max(1e-9);
    summary.rejects_not_kept = rejects.not_kept();
    summary.rejects_file =
        (summary.rejected > summary.rejects_not_kept).then(|| rejects.path().display().to_string());
    Ok(summary)
}

fn warn_not_kept(diag: &mut dyn Write, e: &anyhow::Error) -> io::Result<()> {
    // Short enough for one line of a terminal; the summary counts what was not kept.
    writeln!(diag, "warning: rejected records not kept: {e:#}")
}

/// The rejections shown for the input being read.
#[derive(Default)]
struct Shown {
    name: String,
    shown: u64,
    more: u64,
}

impl Shown {
    /// Prints a rejection of `name`, or counts it once the input has had its share.
    fn reject(&mut self, diag: &mut dyn Write, name: &str) -> io::Result<bool> {
        if self.name != name {
            self.close(diag)?;
            self.name = name.to_string();
            self.shown = 0;
        }
        if self.shown < SHOWN_PER_INPUT {
            self.shown += 1;
            Ok(true)
        } else {
            self.more += 1;
            Ok(false)
        }
    }

    /// Sums up the rejections of the input that were not shown. (Where they are kept, or that
    /// they could not be, the summary says: a later write of the rejects file may still fail.)
    fn close(&mut self, diag: &mut dyn Write) -> io::Result<()> {
        if self.more > 0 {
            writeln!(
                diag,
                "{}: {} more rejected records not shown",
                self.name, self.more
            )?;
            self.more = 0;
        }
        Ok(())
    }
}

/// The reader thread: frames every input into records and sends them in batches. Stops early
/// when the parser has gone (it hit an error of its own).
fn read_inputs(
    inputs: &[Input],
    from: Option<Format>,
    taken: &Arc<AtomicU64>,
    tx: SyncSender<Msg>,
) {
    for input in inputs {
        let frames = match formats::read(input, from, Arc::clone(taken)) {
            Ok(Opened::Frames(frames)) => frames,
            Ok(Opened::Skipped(why)) => {
                if tx.send(Msg::Skipped(input.name(), why)).is_err() {
                    return;
                }
                continue;
            }
            Err(e) => {
                if tx.send(Msg::Failed(input.name(), e)).is_err() {
                    return;
                }
                continue;
            }
        };
        let mut batch = Vec::with_capacity(BATCH);
        for record in frames {
            match record {
                Ok(r) => {
                    batch.push(r);
                    if batch.len() == BATCH {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                        if tx.send(Msg::Records(full)).is_err() {
                            return;
                        }
                    }
                }
                Err(e) => {
                    let failed = anyhow::Error::new(e).context("cannot read further");
                    let sent = tx.send(Msg::Records(std::mem::take(&mut batch)));
                    if sent.is_err() || tx.send(Msg::Failed(input.name(), failed)).is_err() {
                        return;
                    }
                    break;
                }
            }
        }
        if !batch.is_empty() && tx.send(Msg::Records(batch)).is_err() {
            return;
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn consume(
    rx: Receiver<Msg>,
    event: Option<&Attacher>,
    mut words: Option<&mut Vocabulary>,
    writer: &mut Writer<'_>,
    rejects: &mut Rejects,
    summary: &mut Summary,
    progress: &dyn Progress,
    taken: &AtomicU64,
    diag: &mut dyn Write,
) -> Result<()> {
    let mut reasons = Vec::new();
    let mut results = Vec::new();
    let mut shown = Shown::default();
    for msg in rx {
        let records = match msg {
            Msg::Records(records) => records,
            Msg::Failed(name, e) => {
                summary.errors += 1;
                progress.above(&mut || writeln!(diag, "{name}: {e:#}"))?;
                continue;
            }
            Msg::Skipped(name, why) => {
                summary.skipped += 1;
                progress.above(&mut || writeln!(diag, "{name}: warning: {why}"))?;
                continue;
            }
        };
        for record in &records {
            let name = &record.source.name;
            formats::parse(record, &mut results);
            for result in results.drain(..) {
                summary.read += 1;
                match result {
                    Ok(mut tweet) => {
                        if tweet.source.is_empty() {
                            tweet.source.clone_from(name);
                        }
                        let verdict =
                            event.map(|e| e.attach_learning(&mut tweet, words.as_deref_mut()));
                        if writer.add(&tweet)? {
                            summary.indexed += 1;
                            if let (Some(v), Some(a)) = (verdict, &mut summary.event) {
                                a.count(v);
                            }
                        } else {
                            summary.duplicates += 1;
                        }
                    }
                    Err(reason) => {
                        summary.rejected += 1;
                        reasons.push(reason);
                    }
                }
            }
            if !reasons.is_empty() {
                let failed = rejects.keep(
                    name,
                    record.line,
                    &reasons
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; "),
                    &record.bytes,
                );
                progress.above(&mut || {
                    if let Some(e) = &failed {
                        warn_not_kept(diag, e)?;
                    }
                    for r in &reasons {
                        if shown.reject(diag, name)? {
                            writeln!(diag, "{name}:{}: {r}", record.line)?;
                        }
                    }
                    Ok(())
                })?;
                reasons.clear();
            }
        }
        // Periodic commits: a crash (even SIGKILL) loses at most the tweets since the last one,
        // and ingesting the same inputs again puts exactly those back.
        if writer.due() {
            if let Some(e) = rejects.flush() {
                progress.above(&mut || warn_not_kept(diag, &e))?;
            }
            writer.commit()?;
        }
        progress.advance(taken.load(Ordering::Relaxed), summary.indexed);
    }
    progress.above(&mut || shown.close(diag))?;
    Ok(())
}
