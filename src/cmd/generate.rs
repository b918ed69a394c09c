//! `chirpdex gen --tweets N --seed S`

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use chirpdex::synth::{self, GenOptions};
use flate2::Compression;
use flate2::write::GzEncoder;

use super::Exit;

/// Write a synthetic, deterministic Twitter v1.1 dump of a one-day Italian conference.
#[derive(clap::Args)]
pub struct Args {
    /// How many tweets.
    #[arg(long, default_value_t = 1000)]
    tweets: u64,
    /// The seed: the same seed gives the same dump; other seeds give other tweets and ids, so
    /// that their dumps can share an index.
    #[arg(long, default_value_t = synth::DEFAULT_SEED)]
    seed: u64,
    /// Write here instead of stdout; a name ending in `.gz` is gzipped.
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<Exit> {
    let opts = GenOptions {
        tweets: args.tweets,
        seed: args.seed,
    };
    match &args.out {
        None => synth::generate(&mut BufWriter::new(std::io::stdout().lock()), opts)?,
        Some(path) => {
            let file = File::create(path).with_context(|| path.display().to_string())?;
            let mut file = BufWriter::new(file);
            if path.extension().is_some_and(|e| e == "gz") {
                let mut gz = GzEncoder::new(file, Compression::best());
                synth::generate(&mut gz, opts)?;
                gz.finish()?.flush()?;
            } else {
                synth::generate(&mut file, opts)?;
            }
        }
    }
    Ok(Exit::Success)
}
