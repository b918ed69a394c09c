//! `chirpdex info`

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use chirpdex::index::Archive;
use chirpdex::report::stats as report;
use chirpdex::stats;

use super::Exit;
use super::args::StatsFormatArg;

/// What the index holds: documents, events, sources and formats, date range (of the tweets that
/// know their time of day; the others are counted as untimed), size on disk.
#[derive(clap::Args)]
pub struct Args {
    /// How to print.
    #[arg(long, value_enum, default_value = "table")]
    format: StatsFormatArg,
}

pub fn run(index: &Path, args: Args) -> Result<Exit> {
    let archive = Archive::open(index)?;
    let info = stats::info(&archive)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    report::info(&mut out, &info, args.format.into())?;
    out.flush()?;
    Ok(Exit::Success)
}
