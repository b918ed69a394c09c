//! `chirpdex search [QUERY]`

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::Result;
use chirpdex::index::Archive;
use chirpdex::query::{self, Page, Sort};
use chirpdex::report::{self, HitFormat, Table};

use super::Exit;
use super::args::Select;

/// Find tweets, best first: the query syntax is tantivy's plus #tag, @handle, from:, speaker:,
/// lang:, is:, since:, until: (see README). Exit status 1 when nothing matches.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    select: Select,
    /// How many results at most.
    #[arg(long, short = 'n', default_value_t = 10)]
    limit: usize,
    /// Skip this many results first (for paging).
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// The order of results.
    #[arg(long, value_enum, default_value = "relevance")]
    sort: Sort,
    /// Print only the number of matching tweets.
    #[arg(long)]
    count: bool,
    /// How to print results.
    #[arg(long, value_enum, default_value = "table")]
    format: HitFormat,
}

pub fn run(index: &Path, args: Args) -> Result<Exit> {
    let archive = Archive::open(index)?;
    let request = args.select.request(&archive)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let found = if args.count {
        let n = query::count(&archive, &request)?;
        writeln!(out, "{n}")?;
        n
    } else {
        let terminal = stdout.is_terminal();
        let color = terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        let snippets = match args.format {
            HitFormat::Table => color,
            HitFormat::Json | HitFormat::Jsonl => true,
            HitFormat::Original => false,
        };
        let page = Page {
            limit: args.limit,
            offset: args.offset,
            sort: args.sort,
            snippets,
        };
        let hits = query::search(&archive, &request, page)?;
        let table = Table {
            width: terminal.then(|| console::Term::stdout().size().1 as usize),
            tz: request.tz,
            color,
        };
        report::hits(&mut out, hits, args.format, &table)?
    };
    out.flush()?;
    Ok(if found == 0 {
        Exit::Unsatisfied
    } else {
        Exit::Success
    })
}
