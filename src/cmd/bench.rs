//! `chirpdex bench [--tweets N]`

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
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Table,
    Json,
}

pub fn run(args: Args) -> Result<Exit> {
    let temp = tempfile::tempdir().context("cannot make a scratch directory")?;
    let work = args.dir.as_deref().unwrap_or(temp.path());
    std::fs::create_dir_all(work).with_context(|| work.display().to_string())?;
    let writer = WriterOptions {
        memory: usize::from(args.memory) << 20,
        ..WriterOptions::default()
    };
    let r = bench::run(work, args.tweets, args.seed, writer)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer(&mut out, &r)?;
            writeln!(out)?;
        }
        Format::Table => {
            let mb = r.bytes as f64 / 1e6;
            writeln!(
                out,
                "dump        {} tweets, {mb:.0} MB (chirpdex gen --seed {})",
                r.tweets, args.seed
            )?;
            writeln!(
                out,
                "parse only  {:.2} s  {:>9.0} tweets/s  {:>6.0} MB/s   (serde, small typed struct)",
                r.parse_seconds, r.parse_tweets_per_second, r.parse_mb_per_second
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
