//! `chirpdex bench`: how fast chirpdex indexes, measured so anyone can reproduce it. Generates a
//! synthetic dump, times a parse-only baseline on it (serde into a small typed struct, the least
//! any JSON tool must do), then a whole ingest into a fresh index, in the same run.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter};
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::formats::Input;
use crate::index::Archive;
use crate::index::known::KnownKeys;
use crate::index::writer::WriterOptions;
use crate::ingest::{self, IngestOptions};
use crate::synth::{self, GenOptions};

/// What a bench run measured.
#[derive(Debug, Serialize)]
pub struct Report {
    pub tweets: u64,
    /// Size of the generated dump.
    pub bytes: u64,
    /// Parse-only baseline, the faster of a run before the ingest and one after: seconds,
    /// tweets/s, MB/s.
    pub parse_seconds: f64,
    pub parse_tweets_per_second: f64,
    pub parse_mb_per_second: f64,
    /// chirpdex's side of an ingest alone: read, parse, deduplicate and build each document,
    /// then drop it (nothing indexed): seconds, and over the parse time.
    pub build_seconds: f64,
    pub build_ratio: f64,
    /// Whole ingest (read, parse, extract, deduplicate, index, keep the original, commit).
    pub ingest_seconds: f64,
    pub ingest_tweets_per_second: f64,
    pub ingest_mb_per_second: f64,
    /// Ingest time over parse time.
    pub ratio: f64,
    /// The index on disk, and its share of the dump's size.
    pub index_bytes: u64,
    pub index_share: f64,
    /// The process's peak resident memory, in bytes (Linux `VmHWM`): heap and the index files
    /// tantivy maps.
    pub peak_memory_bytes: Option<u64>,
    /// The highest anonymous resident memory (heap, stacks; Linux `RssAnon`) seen while
    /// ingesting, sampled every 10 ms: what the ingest itself holds.
    pub peak_heap_bytes: Option<u64>,
}

/// The small typed struct of the baseline: what a minimal tool reads of a tweet.
#[derive(Deserialize)]
struct Small<'a> {
    #[serde(borrow)]
    id_str: Cow<'a, str>,
    #[serde(borrow)]
    created_at: Cow<'a, str>,
    #[serde(borrow)]
    text: Cow<'a, str>,
    #[serde(borrow)]
    user: SmallUser<'a>,
}

#[derive(Deserialize)]
struct SmallUser<'a> {
    #[serde(borrow)]
    screen_name: Cow<'a, str>,
}

/// Parses every line of a JSON-lines file into [`Small`]; returns how many parsed.
pub fn parse_only(path: &Path) -> Result<u64> {
    let mut reader = BufReader::with_capacity(256 << 10, File::open(path)?);
    let mut line = Vec::new();
    let mut n = 0;
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(n);
        }
        if let Ok(t) = serde_json::from_slice::<Small>(&line) {
            std::hint::black_box((&t.id_str, &t.created_at, &t.text, &t.user.screen_name));
            n += 1;
        }
    }
}

/// Generates `tweets` tweets in `work`, then measures the baseline and the ingest there.
pub fn run(work: &Path, tweets: u64, seed: u64, writer: WriterOptions) -> Result<Report> {
    let dump = work.join("bench.jsonl");
    {
        let mut out = BufWriter::new(File::create(&dump).context("cannot write the dump")?);
        synth::generate(&mut out, GenOptions { tweets, seed })?;
    }
    measure(work, &dump, Some(tweets), writer)
}

/// Measures the baseline, chirpdex's side and the whole ingest on a JSON-lines dump of v1.1
/// tweets someone already has (another generator's, a real one), in `work`. Every line the
/// baseline parses must be indexed.
pub fn run_on(work: &Path, dump: &Path, writer: WriterOptions) -> Result<Report> {
    measure(work, dump, None, writer)
}

fn measure(work: &Path, dump: &Path, tweets: Option<u64>, writer: WriterOptions) -> Result<Report> {
    let bytes = std::fs::metadata(dump)
        .with_context(|| format!("cannot read {}", dump.display()))?
        .len();
    let mb = bytes as f64 / 1e6;

    let timed_parse = || -> Result<(u64, f64)> {
        let start = Instant::now();
        let parsed = parse_only(dump)?;
        Ok((parsed, start.elapsed().as_secs_f64()))
    };
    let (parsed, first_parse) = timed_parse()?;
    if let Some(tweets) = tweets {
        anyhow::ensure!(
            parsed == tweets,
            "the baseline parsed {parsed} of {tweets} tweets"
        );
    }
    let tweets = parsed;

    // chirpdex's side alone, then the whole ingest, each into a fresh directory.
    let (built, _) = ingest_into(
        &work.join("built"),
        dump,
        WriterOptions {
            build_only: true,
            ..writer
        },
    )?;
    std::fs::remove_dir_all(work.join("built")).ok();
    let dir = work.join("index");
    let (summary, peak_heap_bytes) = ingest_into(&dir, dump, writer)?;
    for (what, s) in [("built", &built), ("indexed", &summary)] {
        anyhow::ensure!(s.indexed == tweets, "{what} {} of {tweets}", s.indexed);
    }
    let ingest_seconds = summary.seconds;
    // The baseline again, after the ingest, and the faster of the two: a machine that slows
    // down during the run, or a page cache that drops the dump, cannot flatter the ratio.
    let parse_seconds = first_parse.min(timed_parse()?.1);
    let index_bytes = crate::index::disk::dir_size(&dir);
    Ok(Report {
        tweets,
        bytes,
        parse_seconds,
        parse_tweets_per_second: tweets as f64 / parse_seconds,
        parse_mb_per_second: mb / parse_seconds,
        build_seconds: built.seconds,
        build_ratio: built.seconds / parse_seconds,
        ingest_seconds,
        ingest_tweets_per_second: tweets as f64 / ingest_seconds,
        ingest_mb_per_second: mb / ingest_seconds,
        ratio: ingest_seconds / parse_seconds,
        index_bytes,
        index_share: index_bytes as f64 / bytes as f64,
        peak_memory_bytes: status_bytes("VmHWM:"),
        peak_heap_bytes,
    })
}

/// Ingests the dump into a fresh index in `dir`, sampling the heap meanwhile: the summary and
/// the highest anonymous resident memory seen.
fn ingest_into(
    dir: &Path,
    dump: &Path,
    writer: WriterOptions,
) -> Result<(ingest::Summary, Option<u64>)> {
    let archive = Archive::open_or_create(dir)?;
    let opts = IngestOptions {
        rejects: dir.join("rejects.jsonl"),
        from: None,
        event: None,
        writer,
    };
    let (summary, peak) = heap_sampled(|| {
        ingest::run(
            &archive,
            &[Input::File(dump.to_path_buf())],
            &opts,
            &mut std::io::sink(),
            &(),
        )
    });
    Ok((summary?, peak))
}

/// Runs `f`, sampling this process's anonymous resident memory (heap, stacks; Linux `RssAnon`)
/// every 10 ms: what `f` returns and the highest figure seen.
fn heap_sampled<T>(f: impl FnOnce() -> T) -> (T, Option<u64>) {
    let done = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        let sampler = scope.spawn(|| {
            let mut peak = status_bytes("RssAnon:");
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                peak = peak.max(status_bytes("RssAnon:"));
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            peak
        });
        let out = f();
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        (out, sampler.join().ok().flatten())
    })
}

/// What the benchmark of the set of known keys measured.
#[derive(Debug, Serialize)]
pub struct KeysReport {
    /// Keys offered, and how many of them were new.
    pub offered: u64,
    pub distinct: u64,
    pub seconds: f64,
    /// The highest anonymous resident memory seen while inserting, and what the process held
    /// before.
    pub peak_heap_bytes: Option<u64>,
    pub heap_before_bytes: Option<u64>,
}

/// Inserts `n` keys shaped as an ingest meets them into the set of known keys
/// ([`KnownKeys`]), alone: Twitter ids mostly in time order, one in ten from earlier in the
/// day, one in a hundred a key already seen (a duplicate, which must be told apart).
pub fn known_keys(n: u64, seed: u64) -> Result<KeysReport> {
    use rand::{RngExt, SeedableRng};
    let heap_before_bytes = status_bytes("RssAnon:");
    let start = Instant::now();
    let ((distinct, missed), peak_heap_bytes) = heap_sampled(|| {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let mut known = KnownKeys::new();
        // Ids 4,096 apart, as a snowflake's low bits leave them; `next` is the next new one.
        let id = |j: u64| 1_000_000_000_000_000_000u64 + (j << 12);
        let mut next = 0u64;
        let mut missed = 0u64;
        for i in 0..n {
            if i % 100 == 99 && next > 0 {
                // A duplicate: an id offered before must be known.
                missed += u64::from(known.insert(id(rng.random_range(0..next))));
            } else if i % 10 == 5 && next > 0 {
                // A tweet from earlier in the day, between two ids already seen.
                known.insert(id(rng.random_range(0..next)) + 2048);
            } else {
                known.insert(id(next));
                next += 1;
            }
        }
        (known.len() as u64, missed)
    });
    anyhow::ensure!(missed == 0, "{missed} duplicates were taken as new");
    Ok(KeysReport {
        offered: n,
        distinct,
        seconds: start.elapsed().as_secs_f64(),
        peak_heap_bytes,
        heap_before_bytes,
    })
}

/// A memory figure of this process from `/proc/self/status` (Linux), in bytes.
fn status_bytes(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_run_measures_both_sides_and_indexes_everything() {
        let dir = tempfile::tempdir().unwrap();
        let r = run(dir.path(), 300, 1, WriterOptions::default()).unwrap();
        assert_eq!(r.tweets, 300);
        assert!(r.bytes > 300 * 2_000);
        assert!(r.parse_seconds > 0.0 && r.ingest_seconds > 0.0 && r.build_seconds > 0.0);
        assert!(r.index_bytes > 0 && r.index_share > 0.0);
    }

    #[test]
    fn a_dump_someone_has_is_measured_line_for_line() {
        let dir = tempfile::tempdir().unwrap();
        let dump = dir.path().join("theirs.jsonl");
        let mut out = BufWriter::new(File::create(&dump).unwrap());
        synth::generate(
            &mut out,
            GenOptions {
                tweets: 120,
                seed: 7,
            },
        )
        .unwrap();
        drop(out);
        let r = run_on(dir.path(), &dump, WriterOptions::default()).unwrap();
        assert_eq!(r.tweets, 120);
        assert!(dir.path().join("index").exists());
    }

    #[test]
    fn the_known_keys_benchmark_tells_duplicates_apart() {
        // 1% duplicates (each must be known) and 10% earlier ids, which may repeat.
        let r = known_keys(300_000, 3).unwrap();
        assert_eq!(r.offered, 300_000);
        assert!(
            r.distinct < 297_001 && r.distinct > 290_000,
            "{}",
            r.distinct
        );
    }
}
