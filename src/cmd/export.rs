//! `chirpdex export [QUERY] --format jsonl [--out PATH]`

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chirpdex::index::Archive;
use chirpdex::{query, report};

use super::Exit;

/// Write every matching tweet out: its original JSON where it stands alone (v1.1, flattened v2,
/// Mastodon, Bluesky), else chirpdex's normalised record of it. What export writes, ingest reads.
#[derive(clap::Args)]
pub struct Args {
    /// Which tweets (the search syntax); all of them by default.
    #[arg(default_value = "*")]
    query: String,
    /// What to write.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: ExportFormat,
    /// Write here instead of stdout.
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ExportFormat {
    /// One original per line.
    Jsonl,
}

pub fn run(index: &Path, args: Args) -> Result<Exit> {
    let archive = Archive::open(index)?;
    let mut out: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| path.display().to_string())?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    match args.format {
        ExportFormat::Jsonl => {
            query::for_each_match(&archive, &query::Request::new(&args.query), |tweet| {
                report::original(&mut out, &tweet).map_err(Into::into)
            })?
        }
    };
    out.flush()?;
    Ok(Exit::Success)
}
