//! `chirpdex search QUERY`

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::Result;
use chirpdex::index::Archive;
use chirpdex::query;
use chirpdex::report::{self, HitFormat};

use super::Exit;

/// Find tweets: words (all required unless OR is written), "phrases", #hashtag, @mention,
/// field:value, NOT/-word, * for everything. Ranked by BM25.
#[derive(clap::Args)]
pub struct Args {
    /// The query.
    query: String,
    /// How many results at most.
    #[arg(long, short = 'n', default_value_t = 10)]
    limit: usize,
    /// Only tweets about this speaker (as the programme names them).
    #[arg(long, value_name = "NAME")]
    speaker: Option<String>,
    /// How to print results.
    #[arg(long, value_enum, default_value = "table")]
    format: HitFormat,
}

pub fn run(index: &Path, args: Args) -> Result<Exit> {
    let archive = Archive::open(index)?;
    let mut text = args.query.clone();
    if let Some(name) = &args.speaker {
        text = format!("({text}) AND speakers:\"{}\"", name.replace('"', ""));
    }
    let hits = query::search(&archive, &text, args.limit)?;
    let stdout = std::io::stdout();
    let width = stdout
        .is_terminal()
        .then(|| console::Term::stdout().size().1 as usize);
    let mut out = std::io::BufWriter::new(stdout.lock());
    report::hits(&mut out, &hits, args.format, width)?;
    out.flush()?;
    Ok(if hits.is_empty() {
        Exit::Unsatisfied
    } else {
        Exit::Success
    })
}
