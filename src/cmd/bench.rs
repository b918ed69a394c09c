//! `chirpdex bench [--tweets N]`, `chirpdex bench --keys N`

use std::io::Write;

use anyhow::{Context, Result};
use chirpdex::bench;
use chirpdex::index::writer::WriterOptions;

use super::Exit;

/// Measure indexing speed: generate N tweets, time a parse-only baseline (serde into a small
/// typed struct) and a whole ingest into a fresh index on the same file, in one run.
#[derive(clap::Args)]
pub struct Args {
    /// How many tweets to generate (about 3.2 KB each).
    #[arg(long, default_value_t = 200_000)]
    tweets: u64,
    /// The generator's seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The indexer's memory budget in MB.
    #[arg(long, value_name = "MB", default_value_t = 256,
          value_parser = clap::value_parser!(u16).range(16..=4096))]
    memory: u16,
    /// Where to write the dump and the index [default: a temporary directory, removed after].
    #[arg(long, value_name = "DIR")]
    dir: Option<std::path::PathBuf>,
    /// How to print: `table` for people, `json` for machines.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Measure on this JSON-lines dump of v1.1 tweets (another generator's, a real one) instead
    /// of a generated one: every line the baseline parses must be indexed.
    #[arg(long, value_name = "FILE", conflicts_with = "tweets")]
    dump: Option<std::path::PathBuf>,
    /// Benchmark the set of known keys alone instead: insert N keys shaped as an ingest meets
    /// them (ids in time order, some earlier ones, 1% duplicates) and report time and memory.
    #[arg(long, value_name = "N", conflicts_with_all = ["tweets", "memory", "dir"])]
    keys: Option<u64>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Table,
    Json,
}

pub fn run(args: Args) -> Result<Exit> {
    if let Some(n) = args.keys {
        return keys(n, &args);
    }
    let temp = tempfile::tempdir().context("cannot make a scratch directory")?;
    let work = args.dir.as_deref().unwrap_or(temp.path());
    std::fs::create_dir_all(work).with_context(|| work.display().to_string())?;
    let writer = WriterOptions {
        memory: usize::from(args.memory) << 20,
        ..WriterOptions::default()
    };
    let r = match &args.dump {
        Some(dump) => bench::run_on(work, dump, writer)?,
        None => bench::run(work, args.tweets, args.seed, writer)?,
    };
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => json(&mut out, &r)?,
        Format::Table => {
            let mb = r.bytes as f64 / 1e6;
            writeln!(
                out,
                "dump        {} tweets, {mb:.0} MB ({})",
                r.tweets,
                match &args.dump {
                    Some(d) => d.display().to_string(),
                    None => format!("chirpdex gen --seed {}", args.seed),
                }
            )?;
            writeln!(
                out,
                "parse only  {:.2} s  {:>9.0} tweets/s  {:>6.0} MB/s   (serde struct, best of 2)",
                r.parse_seconds, r.parse_tweets_per_second, r.parse_mb_per_second
            )?;
            writeln!(
                out,
                "documents   {:.2} s  {:>9.0} tweets/s  {:>6.0} MB/s   ({:.2}x, built only)",
                r.build_seconds,
                r.tweets as f64 / r.build_seconds,
                mb / r.build_seconds,
                r.build_ratio
            )?;
            writeln!(
                out,
                "ingest      {:.2} s  {:>9.0} tweets/s  {:>6.0} MB/s   ({:.2}x the parse)",
                r.ingest_seconds, r.ingest_tweets_per_second, r.ingest_mb_per_second, r.ratio
            )?;
            writeln!(
                out,
                "index       {:.0} MB, {:.1}% of the dump",
                r.index_bytes as f64 / 1e6,
                r.index_share * 100.0
            )?;
            if let Some(heap) = r.peak_heap_bytes {
                writeln!(
                    out,
                    "peak heap   {:.0} MB (anonymous resident memory while ingesting)",
                    heap as f64 / 1e6
                )?;
            }
            if let Some(peak) = r.peak_memory_bytes {
                writeln!(
                    out,
                    "peak RSS    {:.0} MB (with the index files tantivy maps)",
                    peak as f64 / 1e6
                )?;
            }
        }
    }
    Ok(Exit::Success)
}

fn keys(n: u64, args: &Args) -> Result<Exit> {
    let r = bench::known_keys(n, args.seed)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => json(&mut out, &r)?,
        Format::Table => {
            let mb =
                |b: Option<u64>| b.map_or("?".to_string(), |b| format!("{:.0} MB", b as f64 / 1e6));
            writeln!(
                out,
                "known keys  {} offered, {} distinct, in {:.2} s ({:.0} keys/s)",
                r.offered,
                r.distinct,
                r.seconds,
                r.offered as f64 / r.seconds
            )?;
            writeln!(
                out,
                "peak heap   {} ({} before: the set holds about {:.1} bytes a key)",
                mb(r.peak_heap_bytes),
                mb(r.heap_before_bytes),
                match (r.peak_heap_bytes, r.heap_before_bytes) {
                    (Some(p), Some(b)) => p.saturating_sub(b) as f64 / r.distinct.max(1) as f64,
                    _ => f64::NAN,
                }
            )?;
        }
    }
    Ok(Exit::Success)
}

/// A report as one line of JSON.
fn json(out: &mut impl Write, r: &impl serde::Serialize) -> Result<()> {
    serde_json::to_writer(&mut *out, r)?;
    writeln!(out)?;
    Ok(())
}
